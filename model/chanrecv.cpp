// model/chanrecv.cpp: a goroutine other than G receiving `v := <-c`, as steps.
//
// Mirrors Go 1.7 chan.go chanrecv: lock c; dequeue pops c.sendq and, for a select's sudog
// (G's send case), claims it through sg.selectdone (model/dequeue.h); recv copies the
// parked sender's value through sg.elem, which for G points into G's stack, one word per
// step, and clears sg.elem before unlocking; goready wakes the sender. With nobody parked it
// takes buffered data or parks in c.recvq (where senders deliver into its slot, possibly
// queued ahead of G).
//
// Invariants:
//  - The receiver's slot is its own heap memory (its stack is not modelled).
//  - Every access to c's queues and to sudogs on them happens under c.lock.
//
// Locals (waiter_local): kSg the dequeued sudog, kSdp its selectdone, kEp the source read
// from sg.elem, kJ the word being copied.
#include "model/chan.h"
#include "model/deliveries.h"
#include "model/dequeue.h"
#include "model/proc.h"
#include "model/runtime_structs.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;
using namespace waiter_local;

const ReceiverInfo& me(const Step& s) { return receiver_of(s.m, s.a); }
Hchan my_chan(const Step& s) { return hchan_of(s.m, me(s).chan); }

// chanrecv: lock(&c.lock); if c.closed != 0 && c.qcount == 0 { ... }
void chanrecv_lock(const Step& s) {
    const Hchan c = my_chan(s);
    s.x.lock(c.lock(), s.a);
    const bool closed = s.x.read(c.closed()) != 0;
    s.go(closed && s.x.read(c.qcount()) == 0 ? Site::chanrecv_closed : Site::dequeue_pop);
}

// chanrecv: closed and empty: memclr(ep, uintptr(c.elemsize)), the zero value.
void chanrecv_closed(const Step& s) {
    for (unsigned j = 0; j < my_chan(s).elem_words; ++j)
        s.x.write(static_cast<Addr>(me(s).slot + j), 0);
    delivered_to_receiver(s.m, s.w, s.a, ghost::kByClose);
    s.go(Site::recv_unlock);
}

// recv: src := sg.elem; with a full buffer first the head: typedmemmove(ep, chanbuf(c, c.recvx)).
void recv_read_elem(const Step& s) {
    const Hchan c = my_chan(s);
    s.set_local(kEp, s.x.read(s.local(kSg) + sudog_field::kElem));
    s.set_local(kJ, 0);
    if (c.dataqsiz != 0) {
        Word head = 0;
        (void)recv_buffer_head(s, c, me(s).slot, head);
        delivered_to_receiver(s.m, s.w, s.a, head);
    }
    s.go(Site::recv_copy_word);
}

// recv: typedmemmove(c.elemtype, ep, sg.elem) one word per step, into the slot, or with a
// full buffer to the tail (the slot just emptied: chanbuf(c, c.recvx)).
void recv_copy_word(const Step& s) {
    const Hchan c = my_chan(s);
    const unsigned j = s.local(kJ);
    const Word v = s.x.read(static_cast<Addr>(s.local(kEp) + j));
    const Addr to = c.dataqsiz != 0 ? chanbuf(c, s.w.mem(c.buf()), s.w.mem(c.recvx())) : me(s).slot;
    s.x.write(static_cast<Addr>(to + j), v);
    if (j + 1 < c.elem_words) {
        s.set_local(kJ, static_cast<Word>(j + 1));
        return;
    }
    s.set_local(kJ, 0);
    s.set_local(kEp, 0);
    s.go(Site::recv_clear_elem);
}

// recv: sg.elem = nil (under the lock in Go 1.7); with a buffer c.recvx++; c.sendx = c.recvx.
void recv_clear_elem(const Step& s) {
    const Hchan c = my_chan(s);
    s.x.write(s.local(kSg) + sudog_field::kElem, 0);
    if (c.dataqsiz != 0) {
        const Word next = next_index(c, s.x.read(c.recvx()));
        s.x.write(c.recvx(), next);
        s.x.write(c.sendx(), next);
    }
    s.go(Site::recv_unlock);
}

// recv: unlockf() (also after the buffer and closed paths).
void recv_unlock(const Step& s) {
    s.x.unlock(my_chan(s).lock(), s.a);
    s.go(s.local(kSg) != 0 ? Site::recv_goready : Site::chanrecv_return);
}

// recv: gp.param = unsafe.Pointer(sg); goready(gp, 5)
void recv_goready(const Step& s) { goready_dequeued(s, Site::chanrecv_return); }

// chanrecv: buffered data: the oldest value.
void recv_from_buffer(const Step& s) {
    const Word by = chanrecv_buffer(s, my_chan(s), me(s).slot);
    delivered_to_receiver(s.m, s.w, s.a, by);
    s.go(Site::recv_unlock);
}

// chanrecv: nobody to receive from: mysg.elem = ep; c.recvq.enqueue(mysg); goparkunlock.
void chanrecv_enqueue(const Step& s) {
    const Hchan c = my_chan(s);
    chan_block(s.x, g_of(s.m, s.a), me(s).sudog, me(s).slot, c, c.recvq());
    s.go(Site::gopark_park_m);
}

// chanrecv after wake-up: a sender delivered (or close cleared the slot); release mysg.
void chanrecv_wakeup(const Step& s) {
    const Addr g = g_of(s.m, s.a);
    if (!unlink_waiting(s, g, me(s).sudog)) return;
    if (s.m.variant().sudog_success) s.x.read(me(s).sudog + sudog_field::kSuccess);  // Go 1.16+
    if (!releaseSudog(s, g, me(s).sudog)) return;
    s.go(Site::chanrecv_return);
}

// chanrecv: return true, true; the goroutine exits (lost-value judges its slot).
void chanrecv_return(const Step& s) {
    s.x.write(g_of(s.m, s.a) + g_field::kStatus, gstatus::kDead);
    s.go(Site::exit);
}

constexpr StepTable kChanrecvSteps = step_table({
    {Site::chanrecv_lock, chanrecv_lock},
    {Site::chanrecv_closed, chanrecv_closed},
    {Site::dequeue_pop, dequeue_pop},
    {Site::dequeue_read_selectdone, dequeue_read_selectdone},
    {Site::dequeue_load_done, dequeue_load_done},
    {Site::dequeue_cas_done, dequeue_cas_done},
    {Site::dequeue_cas_g_selectdone, dequeue_cas_g_selectdone},
    {Site::recv_read_elem, recv_read_elem},
    {Site::recv_copy_word, recv_copy_word},
    {Site::recv_clear_elem, recv_clear_elem},
    {Site::recv_unlock, recv_unlock},
    {Site::recv_goready, recv_goready},
    {Site::recv_from_buffer, recv_from_buffer},
    {Site::chanrecv_enqueue, chanrecv_enqueue},
    {Site::gopark_park_m, gopark_park_m},
    {Site::goparkunlock_unlock, goparkunlock_unlock},
    {Site::schedule_execute, schedule_execute},
    {Site::chanrecv_wakeup, chanrecv_wakeup},
    {Site::chanrecv_return, chanrecv_return},
});

}  // namespace

Peek receiver_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    return chan_goroutine_peek(m, w, a, Site::chanrecv_lock, Site::recv_goready);
}

void receiver_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    run_step(kChanrecvSteps, "receiver", m, w, a, log);
}

}  // namespace stackrace::model
