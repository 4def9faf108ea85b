// model/chansend.cpp: a goroutine sending one value on a channel (`c <- v`), as steps.
//
// Mirrors Go 1.7 chan.go: chansend locks c; dequeue pops c.recvq and, for a select's sudog,
// claims it through sg.selectdone, a word on the receiver's stack (model/dequeue.h); send
// writes the value through sg.elem (sendDirect) one word per step and clears sg.elem
// *before* unlocking (commit db72b41), then goready spins until the receiver's stack is no
// longer owned by a copier. With nobody waiting it fills the buffer or blocks in c.sendq.
//
// Invariants:
//  - Every access to c's queues and to the fields of a sudog on them happens under c.lock.
//  - The value sent is the sender's own heap value: it never points into a stack (Go's
//    escape analysis moves a value whose address is sent to the heap).
//
// Locals (waiter_local): kSg the dequeued sudog, kSdp its selectdone, kEp the destination
// read from sg.elem, kJ the word of the value being written.
#include "model/chan.h"
#include "model/dequeue.h"
#include "model/proc.h"
#include "model/runtime_structs.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;
using namespace waiter_local;

const SenderInfo& me(const Step& s) { return sender_of(s.m, s.a); }
Hchan my_chan(const Step& s) { return hchan_of(s.m, me(s).chan); }

// chansend: lock(&c.lock), then dequeue a receiver.
void chansend_lock(const Step& s) {
    s.x.lock(my_chan(s).lock(), s.a);
    s.go(Site::dequeue_pop);
}

// send: dst := sg.elem (nil: nothing to write).
void send_read_elem(const Step& s) {
    const Word ep = s.x.read(s.local(kSg) + sudog_field::kElem);
    s.set_local(kEp, ep);
    s.set_local(kJ, 0);
    s.go(ep == 0 ? Site::send_unlock : Site::sendDirect_write);
}

// sendDirect: memmove(dst, src, t.size), one word per step.
void sendDirect_write(const Step& s) {
    const unsigned j = s.local(kJ);
    s.x.write(static_cast<Addr>(s.local(kEp) + j), me(s).value[j]);
    if (j + 1 < my_chan(s).elem_words) {
        s.set_local(kJ, static_cast<Word>(j + 1));
        return;
    }
    s.set_local(kJ, 0);
    s.set_local(kEp, 0);
    s.go(Site::send_clear_elem);
}

// send: sg.elem = nil (under the lock in Go 1.7).
void send_clear_elem(const Step& s) {
    s.x.write(s.local(kSg) + sudog_field::kElem, 0);
    s.go(Site::send_unlock);
}

// send: unlockf()
void send_unlock(const Step& s) {
    s.x.unlock(my_chan(s).lock(), s.a);
    s.go(Site::send_goready);
}

// send: gp.param = unsafe.Pointer(sg); goready(gp, 4)
void send_goready(const Step& s) { goready_dequeued(s, Site::exit); }

// chansend: room in the buffer: qp := chanbuf(c, c.sendx); typedmemmove(c.elemtype, qp, ep).
void chansend_buf_put(const Step& s) {
    const std::vector<Word>& value = me(s).value;
    chansend_buffer(s, my_chan(s), [&](unsigned j) { return value[j]; });
    s.go(Site::chansend_unlock);
}

// chansend: unlock(&c.lock) after a buffered send.
void chansend_unlock(const Step& s) {
    s.x.unlock(my_chan(s).lock(), s.a);
    s.go(Site::exit);
}

// chansend: no receiver, no room: mysg.elem = ep; c.sendq.enqueue(mysg); goparkunlock.
void chansend_enqueue(const Step& s) {
    const Hchan c = my_chan(s);
    chan_block(s.x, g_of(s.m, s.a), me(s).sudog, me(s).box, c, c.sendq());
    s.go(Site::gopark_park_m);
}

// chansend after wake-up: a receiver took the value; release mysg.
void chansend_wakeup(const Step& s) {
    const Addr g = g_of(s.m, s.a);
    if (!unlink_waiting(s, g, me(s).sudog)) return;
    if (!chansend_check_param(s, g, me(s).sudog, my_chan(s))) return;
    if (!releaseSudog(s, g, me(s).sudog)) return;
    s.go(Site::exit);
}

constexpr StepTable kChansendSteps = step_table({
    {Site::chansend_lock, chansend_lock},
    {Site::dequeue_pop, dequeue_pop},
    {Site::dequeue_read_selectdone, dequeue_read_selectdone},
    {Site::dequeue_load_done, dequeue_load_done},
    {Site::dequeue_cas_done, dequeue_cas_done},
    {Site::dequeue_cas_g_selectdone, dequeue_cas_g_selectdone},
    {Site::send_read_elem, send_read_elem},
    {Site::sendDirect_write, sendDirect_write},
    {Site::send_clear_elem, send_clear_elem},
    {Site::send_unlock, send_unlock},
    {Site::send_goready, send_goready},
    {Site::chansend_buf_put, chansend_buf_put},
    {Site::chansend_unlock, chansend_unlock},
    {Site::chansend_enqueue, chansend_enqueue},
    {Site::gopark_park_m, gopark_park_m},
    {Site::goparkunlock_unlock, goparkunlock_unlock},
    {Site::schedule_execute, schedule_execute},
    {Site::chansend_wakeup, chansend_wakeup},
});

}  // namespace

Peek sender_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    return chan_goroutine_peek(m, w, a, Site::chansend_lock, Site::send_goready);
}

void sender_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    run_step(kChansendSteps, "sender", m, w, a, log);
}

}  // namespace stackrace::model
