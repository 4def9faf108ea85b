// model/goroutine.cpp: G, the goroutine whose stack is shrunk: its step table, and the steps
// of its chanrecv / chansend and of the cases it completes without blocking.
//
// G runs selectgo (model/select.cpp), chanrecv for a plain `x = <-c`, or chansend for a
// plain `c <- v`. A send case's sudog has elem = &v on G's stack, which a receiver reads
// through it. A case that pass 1 finds ready completes in one step through chan.go's recv or
// send (model/chan.h); G then unlocks and readies the goroutine it served. Blocking, G parks
// as every goroutine does (model/proc.h). After the operation G runs the checks of
// TestSelectStackAdjust as one observer step (TestSelectStackAdjust/check): the properties
// read what G saw.
#include "model/goroutine.h"
#include "model/chan.h"
#include "model/deliveries.h"
#include "model/proc.h"
#include "model/runtime_structs.h"
#include "model/waitq.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;
using namespace g_local;

// The case pass 1 chose (kWon is the case + 1).
unsigned won_case(const Step& s) { return s.local(kWon) - 1u; }
Hchan won_chan(const Step& s) { return hchan_of(s.m, s.m.layout().cases()[won_case(s)].chan); }

// G served the parked goroutine of sudog sg: goready it after unlocking.
void remember_peer(const Step& s, Addr sg, sim::ActorId peer) {
    s.set_local(kSg, sg);
    s.set_local(kPeer, by_actor(peer));
}

sim::ActorId owner_of(const Step& s, Addr sg) {
    const auto peer = s.m.actors().owner_of_sudog(sg);
    SR_ASSERT(peer.has_value());
    return *peer;
}

// chanrecv/lock and chansend/lock: lock(&c.lock), then look for the other side or the
// buffer, as pass 1 of a select of one case.
void chan_lock(const Step& s) {
    s.x.lock(hchan_of(s.m, s.m.layout().cases()[0].chan).lock(), s.a);
    selectgo_pass1(s);
}

// send: a receiver was parked: sg := c.recvq.dequeue(); send(c, sg, ep).
void send_to_receiver(const Step& s) {
    const unsigned k = won_case(s);
    const Hchan c = won_chan(s);
    const Addr sg = waitq_pop(s.x, c.recvq());
    const sim::ActorId peer = owner_of(s, sg);
    send(s, c, sg, case_slot(s, k));
    remember_peer(s, sg, peer);
    delivered_to_case(s.m, s.w, k, by_actor(peer));
    delivered_to_receiver(s.m, s.w, peer, by_actor(s.a));
    unlock_after_poll(s);
}

// bufsend: room in the buffer: qp := chanbuf(c, c.sendx); typedmemmove(c.elemtype, qp, ep).
void chansend_buf_put(const Step& s) {
    const Hchan c = won_chan(s);
    const Addr ep = case_slot(s, won_case(s));
    chansend_buffer(s, c, [&](unsigned j) { return s.x.read(static_cast<Addr>(ep + j)); });
    unlock_after_poll(s);
}

// recv: a sender was parked: sg := c.sendq.dequeue(); recv(c, sg, ep).
void recv_from_sender(const Step& s) {
    const unsigned k = won_case(s);
    const Hchan c = won_chan(s);
    const Addr sg = waitq_pop(s.x, c.sendq());
    const sim::ActorId peer = owner_of(s, sg);
    const Word from = recv(s, c, sg, case_slot(s, k), by_actor(peer));
    remember_peer(s, sg, peer);
    delivered_to_case(s.m, s.w, k, from);
    unlock_after_poll(s);
}

// bufrecv: the oldest buffered value.
void recv_from_buffer(const Step& s) {
    const unsigned k = won_case(s);
    const Word by = chanrecv_buffer(s, won_chan(s), case_slot(s, k));
    delivered_to_case(s.m, s.w, k, by);
    unlock_after_poll(s);
}

// rclose: the channel is closed: the zero value, memclr(cas.elem, uintptr(c.elemsize)).
void chanrecv_closed(const Step& s) {
    const unsigned k = won_case(s);
    const Addr ep = case_slot(s, k);
    if (ep != sim::kNil)
        for (unsigned j = 0; j < won_chan(s).elem_words; ++j)
            s.x.write(static_cast<Addr>(ep + j), 0);
    s.w.set_ghost(s.m.actors().ghost_of_case(k), ghost::kByClose);  // not a win: nobody woke G
    unlock_after_poll(s);
}

// chanrecv/unlock and chansend/unlock: unlock(&c.lock) after completing without blocking.
void chan_unlock(const Step& s) {
    s.x.unlock(hchan_of(s.m, s.m.layout().cases()[0].chan).lock(), s.a);
    s.set_local(kI, 0);
    unlock_after_poll_done(s);
}

// recv/goready and send/goready: gp.param = unsafe.Pointer(sg); goready(gp).
void goready_peer(const Step& s) {
    if (!goready(s, g_of(s.m, static_cast<sim::ActorId>(s.local(kPeer) - 1)), s.local(kSg))) return;
    s.set_local(kPeer, 0);
    s.set_local(kSg, 0);
    s.go(Site::TestSelectStackAdjust_check);
}

// chanrecv/wakeup and chansend/wakeup: the operation completed while G was parked.
void chan_wakeup(const Step& s) {
    const Addr g = s.m.layout().g_struct();
    const Addr mysg = s.m.layout().cases()[0].sudog;
    if (!unlink_waiting(s, g, mysg)) return;
    if (s.m.variant().active_stack_chans) s.x.write(g + g_field::kActiveStackChans, 0);
    if (is_send_op(s.m)) {
        if (!chansend_check_param(s, g, mysg, hchan_of(s.m, s.m.layout().cases()[0].chan))) return;
    } else if (s.m.variant().sudog_success) {
        s.x.read(mysg + sudog_field::kSuccess);  // Go 1.16+: success := mysg.success
    } else {
        s.x.read(g + g_field::kParam);  // closed := gp.param == nil (woken by close: slot cleared)
    }
    if (!releaseSudog(s, g, mysg)) return;
    s.set_local(kWon, 1);
    s.go(Site::TestSelectStackAdjust_check);
}

// TestSelectStackAdjust's checks read G's locals on the stack G runs on (never freed while
// it runs); the properties judge the World after this step, so the observer's reads are not
// logged one by one. Then goexit.
void TestSelectStackAdjust_check(const Step& s) {
    s.x.write(s.m.layout().g_struct() + g_field::kStatus, gstatus::kDead);
    s.go(Site::exit);
}

constexpr StepTable kGSteps = step_table({
    {Site::selectgo_sellock, selectgo_sellock},
    {Site::selectgo_pass1, selectgo_pass1},
    {Site::chanrecv_lock, chan_lock},
    {Site::chansend_lock, chan_lock},
    {Site::recv_from_sender, recv_from_sender},
    {Site::recv_from_buffer, recv_from_buffer},
    {Site::send_to_receiver, send_to_receiver},
    {Site::chansend_buf_put, chansend_buf_put},
    {Site::chanrecv_closed, chanrecv_closed},
    {Site::selectgo_selunlock_pass1, selectgo_selunlock_pass1},
    {Site::chanrecv_unlock, chan_unlock},
    {Site::chansend_unlock, chan_unlock},
    {Site::recv_goready, goready_peer},
    {Site::send_goready, goready_peer},
    {Site::selectgo_enqueue, selectgo_enqueue},
    {Site::chanrecv_enqueue, selectgo_enqueue},
    {Site::chansend_enqueue, selectgo_enqueue},
    {Site::gopark_park_m, gopark_park_m},
    {Site::selparkcommit_unlock, selparkcommit_unlock},
    {Site::goparkunlock_unlock, goparkunlock_unlock},
    {Site::schedule_execute, schedule_execute},
    {Site::selectgo_sellock_wakeup, selectgo_sellock_wakeup},
    {Site::selectgo_pass3_clear, selectgo_pass3_clear},
    {Site::selectgo_pass3_dequeue, selectgo_pass3_dequeue},
    {Site::selectgo_selunlock, selectgo_selunlock},
    {Site::chanrecv_wakeup, chan_wakeup},
    {Site::chansend_wakeup, chan_wakeup},
    {Site::TestSelectStackAdjust_check, TestSelectStackAdjust_check},
    {Site::chansend_parking_on_chan, parking_on_chan},
    {Site::chanrecv_parking_on_chan, parking_on_chan},
    {Site::selectgo_parking_on_chan, parking_on_chan},
    {Site::chanparkcommit_active_stack_chans, parkcommit_active_stack_chans},
    {Site::selparkcommit_active_stack_chans, parkcommit_active_stack_chans},
    {Site::chanparkcommit_parking_on_chan, parkcommit_parking_on_chan},
    {Site::selparkcommit_parking_on_chan, parkcommit_parking_on_chan},
});

}  // namespace

bool is_select(const Model& m) { return m.spec().g.op == GOp::Select; }
bool is_send_op(const Model& m) { return m.spec().g.op == GOp::Send; }

Addr g_local_addr(const Model& m, const sim::World& w, int local) {
    const Addr sp = w.mem(m.layout().g_struct() + g_field::kSchedSp);
    return static_cast<Addr>(sp + m.layout().locals()[static_cast<std::size_t>(local)].offset);
}

Addr case_slot(const Step& s, unsigned k) {
    const CaseInfo& cs = s.m.layout().cases()[k];
    return cs.slot < 0 ? sim::kNil : g_local_addr(s.m, s.w, cs.slot);
}

void unlock_after_poll(const Step& s) {
    s.set_local(kI, static_cast<Word>(s.m.layout().lock_chans().size() - 1));
    s.go(is_select(s.m)    ? Site::selectgo_selunlock_pass1
         : is_send_op(s.m) ? Site::chansend_unlock
                           : Site::chanrecv_unlock);
}

void unlock_after_poll_done(const Step& s) {
    if (s.local(kPeer) == 0) {
        s.go(Site::TestSelectStackAdjust_check);
        return;
    }
    const CaseInfo& won = s.m.layout().cases()[won_case(s)];
    s.go(won.dir == Dir::Recv ? Site::recv_goready : Site::send_goready);
}

Peek goroutine_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    const Site pc = pc_of(w, a);
    switch (pc) {
        case Site::selectgo_sellock:
        case Site::selectgo_sellock_wakeup:
            return lock_step(w, pc, hchan_of(m, m.layout().lock_chans()[w.local(a, kI)]).lock());
        case Site::chanrecv_lock:
        case Site::chansend_lock:
            return lock_step(w, pc, hchan_of(m, m.layout().cases()[0].chan).lock());
        case Site::schedule_execute: {
            const Addr status = m.layout().g_struct() + g_field::kStatus;
            if (w.mem(status) == gstatus::kRunnable) return enabled(pc);
            // Parked, maybe being scanned (_Gscanwaiting): it waits for goready.
            const bool parked = (w.mem(status) & ~gstatus::kScan) == gstatus::kWaiting;
            return Peek{PeekStatus::Blocked, pc, parked ? WaitKind::Wakeup : WaitKind::GStatus,
                        status};
        }
        case Site::recv_goready:
        case Site::send_goready:
            return goready_peek(m, w, pc,
                                g_of(m, static_cast<sim::ActorId>(w.local(a, kPeer) - 1)));
        default: return enabled(pc);
    }
}

void goroutine_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    run_step(kGSteps, "G", m, w, a, log);
}

// The case G resumed with (1-based; 0 before the operation completed), for the checkers.
Word goroutine_won_case(const sim::World& w, sim::ActorId a) { return w.local(a, kWon); }

}  // namespace stackrace::model
