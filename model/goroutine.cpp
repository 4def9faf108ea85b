// model/goroutine.cpp: G, the goroutine whose stack is shrunk, as a step machine.
//
// Mirrors Go 1.7 select.go selectgo (sellock in hchan address order; pass 1 polls the
// cases; pass 2 enqueues one sudog per case, building gp.waiting in lock order; gopark with
// selparkcommit unlocking after park_m made G _Gwaiting; after wake-up sellock, pass 3
// clears every sudog and dequeues the losers, selunlock), chan.go chanrecv for a plain
// `x = <-c` and chansend for a plain `c <- v`. A send case's sudog has elem = &v on G's
// stack, which a receiver reads through it. After the operation G runs the checks of TestSelectStackAdjust as one observer
// step (TestSelectStackAdjust/check): the properties read what G saw.
//
// Invariants:
//  - G touches its own stack only while it runs (status _Grunning), so its stack accesses
//    never race with the shrinker; the sudogs and queues it writes are protected by the
//    channel locks it holds, so each pass over one sudog is one step.
//  - gp.waiting is in lock order (lockorder sorts cases by channel address).
//
// Locals: kI iterates, kWon is the winning case + 1, kSg the sudog from gp.param, kPeer a
// sender (actor id + 1) whose value G took without blocking and must goready.
#include <fmt/format.h>

#include "model/actors.h"
#include "model/chan_waiter.h"
#include "model/runtime_structs.h"
#include "model/waitq.h"
#include "sim/assert.h"
#include "sim/exec.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;

enum Local : unsigned { kI = 0, kWon = 1, kSg = 2, kPeer = 3 };

Addr chan_field(const Model& m, unsigned c, Addr f) { return m.hchan(c) + f; }
Addr lock_of(const Model& m, unsigned c) { return chan_field(m, c, hchan_field::kLock); }
bool is_select(const Model& m) { return m.spec().g.op == GOp::Select; }
bool is_send_op(const Model& m) { return m.spec().g.op == GOp::Send; }
Addr queue_of(const Model& m, const CaseInfo& cs) {
    return chan_field(m, cs.chan, cs.dir == Dir::Recv ? hchan_field::kRecvqFirst : hchan_field::kSendqFirst);
}

// The address of G's local in the stack G currently runs on.
Addr local_addr(const Model& m, const sim::World& w, int local) {
    const Addr sp = w.mem(m.g_struct() + g_field::kSchedSp);
    return static_cast<Addr>(sp + m.locals()[static_cast<std::size_t>(local)].offset);
}

void record_delivery(sim::World& w, unsigned k, Word by_actor_plus_one) {
    w.set_ghost(ghost::kWins, static_cast<Word>(w.ghost(ghost::kWins) + 1));
    w.set_ghost(ghost::kDeliveredBy + k, by_actor_plus_one);
}

// copy_value copies one element of channel c from `from` into case k's slot (if any).
void copy_value(const Model& m, sim::Exec& x, unsigned k, Addr from) {
    const CaseInfo& cs = m.cases()[k];
    if (cs.slot < 0) return;
    const Addr to = local_addr(m, x.world(), cs.slot);
    for (unsigned j = 0; j < m.elem_words(cs.chan); ++j)
        x.write(static_cast<Addr>(to + j), x.read(static_cast<Addr>(from + j)));
}

// poll returns the first case (in poll order, i.e. case order) that can proceed now. The
// queues it looks at hold only other goroutines' plain sudogs (no selectdone to claim), so
// looking is private to the lock holder.
Site poll(const Model& m, sim::Exec& x, unsigned& won) {
    for (unsigned k = 0; k < m.cases().size(); ++k) {
        const CaseInfo& cs = m.cases()[k];
        const unsigned c = cs.chan;
        won = k;
        if (cs.dir == Dir::Recv) {
            const bool closed = x.read(chan_field(m, c, hchan_field::kClosed)) != 0;
            const Word qcount = x.read(chan_field(m, c, hchan_field::kQcount));
            // chanrecv tests "c.closed != 0 && c.qcount == 0" first; selectgo last.
            if (!is_select(m) && closed && qcount == 0) return Site::chanrecv_closed;
            if (x.read(chan_field(m, c, hchan_field::kSendqFirst)) != 0) return Site::recv_from_sender;
            if (qcount != 0) return Site::recv_from_buffer;
            if (closed) return Site::chanrecv_closed;
        } else {
            if (x.read(chan_field(m, c, hchan_field::kRecvqFirst)) != 0) return Site::send_to_receiver;
            if (x.read(chan_field(m, c, hchan_field::kQcount)) < m.spec().chans[c].buffer) return Site::chansend_buf_put;
        }
    }
    if (is_select(m)) return Site::selectgo_enqueue;
    return is_send_op(m) ? Site::chansend_enqueue : Site::chanrecv_enqueue;
}

bool blocks(Site s) { return s == Site::selectgo_enqueue || s == Site::chansend_enqueue || s == Site::chanrecv_enqueue; }

// After an operation that did not block: unlock (select: every channel, reverse lock order).
void start_early_unlock(const Model& m, sim::World& w, sim::ActorId a) {
    w.set_local(a, kI, static_cast<Word>(m.lock_chans().size() - 1));
    set_pc(w, a, is_select(m) ? Site::selectgo_selunlock_pass1 : is_send_op(m) ? Site::chansend_unlock : Site::chanrecv_unlock);
}

// Then ready the goroutine on the other side, if one was parked.
void after_early_unlock(const Model& m, sim::World& w, sim::ActorId a) {
    if (w.local(a, kPeer) == 0) { set_pc(w, a, Site::TestSelectStackAdjust_check); return; }
    const CaseInfo& won = m.cases()[w.local(a, kWon) - 1u];
    set_pc(w, a, won.dir == Dir::Recv ? Site::recv_goready : Site::send_goready);
}

}  // namespace

Peek goroutine_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    const Site pc = pc_of(w, a);
    switch (pc) {
        case Site::selectgo_sellock:
        case Site::selectgo_sellock_wakeup:
            return lock_step(w, pc, lock_of(m, m.lock_chans()[w.local(a, kI)]));
        case Site::chanrecv_lock:
        case Site::chansend_lock: return lock_step(w, pc, lock_of(m, m.cases()[0].chan));
        case Site::schedule_execute: {
            const Addr status = m.g_struct() + g_field::kStatus;
            if (w.mem(status) == gstatus::kRunnable) return enabled(pc);
            const bool parked = w.mem(status) == gstatus::kWaiting;
            return Peek{PeekStatus::Blocked, pc, parked ? WaitKind::Wakeup : WaitKind::GStatus, status};
        }
        case Site::recv_goready:
        case Site::send_goready: {
            // goready -> casgstatus(gp, _Gwaiting, _Grunnable) spins while the stack is owned.
            const auto peer = static_cast<sim::ActorId>(w.local(a, kPeer) - 1);
            return goready_peek(w, pc, m.actors()[peer].g);
        }
        default: return enabled(pc);
    }
}

void goroutine_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    sim::Exec x(w, m.map(), log);
    const Site pc = pc_of(w, a);
    const Addr g = m.g_struct();
    const auto i = static_cast<unsigned>(w.local(a, kI));
    const auto nlocks = static_cast<unsigned>(m.lock_chans().size());
    const auto ncases = static_cast<unsigned>(m.cases().size());
    switch (pc) {
        case Site::selectgo_sellock: {  // sellock: lock each distinct channel in lock order
            x.lock(lock_of(m, m.lock_chans()[i]), a);
            w.set_local(a, kI, static_cast<Word>(i + 1));
            if (i + 1 == nlocks) { w.set_local(a, kI, 0); set_pc(w, a, Site::selectgo_pass1); }
            return;
        }
        case Site::chanrecv_lock:
        case Site::chansend_lock: {  // lock(&c.lock), then look for the other side or the buffer
            x.lock(lock_of(m, m.cases()[0].chan), a);
            [[fallthrough]];
        }
        case Site::selectgo_pass1: {
            unsigned won = 0;
            const Site next = poll(m, x, won);
            w.set_local(a, kWon, static_cast<Word>(blocks(next) ? 0 : won + 1));
            set_pc(w, a, next);
            return;
        }
        case Site::send_to_receiver: {  // send(c, sg, ep): a receiver was parked
            const unsigned k = w.local(a, kWon) - 1u;
            const CaseInfo& cs = m.cases()[k];
            const Addr sg = waitq_pop(x, chan_field(m, cs.chan, hchan_field::kRecvqFirst));
            const auto peer = m.owner_of_sudog(sg);
            SR_ASSERT(peer.has_value());
            const Addr to = x.read(sg + sudog_field::kElem);
            const Addr from = local_addr(m, w, cs.slot);
            for (unsigned j = 0; j < m.elem_words(cs.chan); ++j)
                x.write(static_cast<Addr>(to + j), x.read(static_cast<Addr>(from + j)));
            x.write(sg + sudog_field::kElem, 0);
            w.set_local(a, kSg, sg);
            w.set_local(a, kPeer, static_cast<Word>(*peer + 1));
            record_delivery(w, k, static_cast<Word>(*peer + 1));
            w.set_ghost(m.ghost_of_receiver(*peer), static_cast<Word>(a + 1));
            start_early_unlock(m, w, a);
            return;
        }
        case Site::chansend_buf_put: {  // room in the buffer: enqueue G's value
            const unsigned k = w.local(a, kWon) - 1u;
            const CaseInfo& cs = m.cases()[k];
            const Word sendx = x.read(chan_field(m, cs.chan, hchan_field::kSendx));
            const auto qp = static_cast<Addr>(x.read(chan_field(m, cs.chan, hchan_field::kBuf)) +
                                              sendx * m.elem_words(cs.chan));
            const Addr from = local_addr(m, w, cs.slot);
            for (unsigned j = 0; j < m.elem_words(cs.chan); ++j)
                x.write(static_cast<Addr>(qp + j), x.read(static_cast<Addr>(from + j)));
            x.write(chan_field(m, cs.chan, hchan_field::kSendx),
                    static_cast<Word>((sendx + 1) % m.spec().chans[cs.chan].buffer));
            x.write(chan_field(m, cs.chan, hchan_field::kQcount),
                    static_cast<Word>(x.read(chan_field(m, cs.chan, hchan_field::kQcount)) + 1));
            start_early_unlock(m, w, a);
            return;
        }
        case Site::recv_from_sender: {
            const unsigned k = w.local(a, kWon) - 1u;
            const unsigned c = m.cases()[k].chan;
            const Addr sg = waitq_pop(x, chan_field(m, c, hchan_field::kSendqFirst));
            const auto peer = m.owner_of_sudog(sg);
            SR_ASSERT(peer.has_value());
            const Addr elem = x.read(sg + sudog_field::kElem);
            // Who G's value comes from: the parked sender, or with a full buffer the sender
            // of the buffer's head (the parked sender's value goes to the tail).
            Word from = static_cast<Word>(*peer + 1);
            if (m.spec().chans[c].buffer == 0) {
                copy_value(m, x, k, elem);
            } else {
                const Word recvx = x.read(chan_field(m, c, hchan_field::kRecvx));
                const auto qp = static_cast<Addr>(x.read(chan_field(m, c, hchan_field::kBuf)) +
                                                  recvx * m.elem_words(c));
                const auto head = m.sender_of_value(c, w, qp);
                from = static_cast<Word>(head ? *head + 1 : 0);
                copy_value(m, x, k, qp);
                for (unsigned j = 0; j < m.elem_words(c); ++j)
                    x.write(static_cast<Addr>(qp + j), x.read(static_cast<Addr>(elem + j)));
                const auto next = static_cast<Word>((recvx + 1) % m.spec().chans[c].buffer);
                x.write(chan_field(m, c, hchan_field::kRecvx), next);
                x.write(chan_field(m, c, hchan_field::kSendx), next);
            }
            x.write(sg + sudog_field::kElem, 0);
            w.set_local(a, kSg, sg);
            w.set_local(a, kPeer, static_cast<Word>(*peer + 1));
            record_delivery(w, k, from);
            start_early_unlock(m, w, a);
            return;
        }
        case Site::recv_from_buffer: {
            const unsigned k = w.local(a, kWon) - 1u;
            const unsigned c = m.cases()[k].chan;
            const Word recvx = x.read(chan_field(m, c, hchan_field::kRecvx));
            const auto qp = static_cast<Addr>(x.read(chan_field(m, c, hchan_field::kBuf)) +
                                              recvx * m.elem_words(c));
            const auto by = m.sender_of_value(c, w, qp);
            copy_value(m, x, k, qp);
            x.write(chan_field(m, c, hchan_field::kRecvx),
                    static_cast<Word>((recvx + 1) % m.spec().chans[c].buffer));
            x.write(chan_field(m, c, hchan_field::kQcount),
                    static_cast<Word>(x.read(chan_field(m, c, hchan_field::kQcount)) - 1));
            record_delivery(w, k, static_cast<Word>(by ? *by + 1 : 0));
            start_early_unlock(m, w, a);
            return;
        }
        case Site::chanrecv_closed: {  // rclose: the zero value (memclr(cas.elem, ...))
            const unsigned k = w.local(a, kWon) - 1u;
            const CaseInfo& cs = m.cases()[k];
            if (cs.slot >= 0)
                for (unsigned j = 0; j < m.elem_words(cs.chan); ++j)
                    x.write(static_cast<Addr>(local_addr(m, w, cs.slot) + j), 0);
            w.set_ghost(m.ghost_of_case(k), ghost::kByClose);
            start_early_unlock(m, w, a);
            return;
        }
        case Site::selectgo_selunlock_pass1:
        case Site::selectgo_selunlock: {  // selunlock: reverse lock order
            x.unlock(lock_of(m, m.lock_chans()[i]), a);
            if (i > 0) { w.set_local(a, kI, static_cast<Word>(i - 1)); return; }
            w.set_local(a, kI, 0);
            if (pc == Site::selectgo_selunlock_pass1) after_early_unlock(m, w, a);
            else set_pc(w, a, Site::TestSelectStackAdjust_check);
            return;
        }
        case Site::chanrecv_unlock:
        case Site::chansend_unlock: {
            x.unlock(lock_of(m, m.cases()[0].chan), a);
            w.set_local(a, kI, 0);
            after_early_unlock(m, w, a);
            return;
        }
        case Site::recv_goready:
        case Site::send_goready: {
            const auto peer = static_cast<sim::ActorId>(w.local(a, kPeer) - 1);
            const Addr pg = m.actors()[peer].g;
            x.write(pg + g_field::kParam, w.local(a, kSg));
            x.cas(pg + g_field::kStatus, gstatus::kWaiting, gstatus::kRunnable);
            w.set_local(a, kPeer, 0);
            w.set_local(a, kSg, 0);
            set_pc(w, a, Site::TestSelectStackAdjust_check);
            return;
        }
        case Site::selectgo_enqueue:
        case Site::chanrecv_enqueue:
        case Site::chansend_enqueue: {
            // Pass 2 (lock order) / chanrecv's block path. "No stack splits between assigning
            // elem and enqueuing mysg on gp.waiting where copystack can find it."
            const unsigned k = m.lockorder()[i];
            const CaseInfo& cs = m.cases()[k];
            const Addr sg = cs.sudog;
            if (i == 0 && is_select(m)) x.write(local_addr(m, w, m.selectdone_local()), 0);  // done = 0
            x.write(sg + sudog_field::kG, g);
            const Addr done = is_select(m) ? local_addr(m, w, m.selectdone_local()) : sim::kNil;
            x.write(sg + sudog_field::kSelectdone, done);
            x.write(sg + sudog_field::kElem, cs.slot < 0 ? sim::kNil : local_addr(m, w, cs.slot));
            x.write(sg + sudog_field::kC, m.hchan(cs.chan));
            x.write(sg + sudog_field::kWaitlink, 0);
            if (i == 0) x.write(g + g_field::kWaiting, sg);
            else x.write(m.cases()[m.lockorder()[i - 1]].sudog + sudog_field::kWaitlink, sg);
            x.write(g + g_field::kParam, 0);
            waitq_enqueue(x, queue_of(m, cs), sg);
            if (i + 1 < ncases) { w.set_local(a, kI, static_cast<Word>(i + 1)); return; }
            w.set_local(a, kI, 0);
            // The call of gopark may grow the stack (once), holding the locks, gp.waiting set.
            const bool grows = m.spec().g.grow && *m.map().region_of(w.mem(g + g_field::kStackLo)) == m.old_stack();
            set_pc(w, a, grows ? Site::newstack_casgcopystack : Site::gopark_park_m);
            return;
        }
        case Site::gopark_park_m: {  // park_m: casgstatus(gp, _Grunning, _Gwaiting); locks still held
            SR_ASSERT(x.cas(g + g_field::kStatus, gstatus::kRunning, gstatus::kWaiting));
            set_pc(w, a, is_select(m) ? Site::selparkcommit_unlock : Site::goparkunlock_unlock);
            return;
        }
        case Site::selparkcommit_unlock: {
            // Walks gp.waiting (heap sudogs, never the stack: INV-UNLOCKF) and unlocks each
            // channel after its last sudog; in lock order that is each distinct channel once.
            x.unlock(lock_of(m, m.lock_chans()[i]), a);
            if (i + 1 < nlocks) { w.set_local(a, kI, static_cast<Word>(i + 1)); return; }
            w.set_local(a, kI, 0);
            set_pc(w, a, Site::schedule_execute);
            return;
        }
        case Site::goparkunlock_unlock: {
            x.unlock(lock_of(m, m.cases()[0].chan), a);
            set_pc(w, a, Site::schedule_execute);
            return;
        }
        case Site::schedule_execute: {
            SR_ASSERT(x.cas(g + g_field::kStatus, gstatus::kRunnable, gstatus::kRunning));
            set_pc(w, a, is_select(m) ? Site::selectgo_sellock_wakeup : is_send_op(m) ? Site::chansend_wakeup : Site::chanrecv_wakeup);
            return;
        }
        case Site::selectgo_sellock_wakeup: {
            x.lock(lock_of(m, m.lock_chans()[i]), a);
            if (i + 1 < nlocks) { w.set_local(a, kI, static_cast<Word>(i + 1)); return; }
            // sg = (*sudog)(gp.param); gp.param = nil
            w.set_local(a, kSg, x.read(g + g_field::kParam));
            x.write(g + g_field::kParam, 0);
            w.set_local(a, kI, 0);
            set_pc(w, a, Site::selectgo_pass3_clear);
            return;
        }
        case Site::selectgo_pass3_clear: {  // "Clear all elem before unlinking from gp.waiting."
            const Addr sg = m.cases()[m.lockorder()[i]].sudog;
            x.write(sg + sudog_field::kSelectdone, 0);
            x.write(sg + sudog_field::kElem, 0);
            x.write(sg + sudog_field::kC, 0);
            if (i + 1 < ncases) { w.set_local(a, kI, static_cast<Word>(i + 1)); return; }
            x.write(g + g_field::kWaiting, 0);
            w.set_local(a, kI, 0);
            set_pc(w, a, Site::selectgo_pass3_dequeue);
            return;
        }
        case Site::selectgo_pass3_dequeue: {
            const unsigned k = m.lockorder()[i];
            const CaseInfo& cs = m.cases()[k];
            if (cs.sudog == w.local(a, kSg)) {
                w.set_local(a, kWon, static_cast<Word>(k + 1));  // dequeued by our waker
            } else {
                waitq_dequeue_sudog(x, queue_of(m, cs), cs.sudog);
            }
            x.write(cs.sudog + sudog_field::kWaitlink, 0);
            if (i + 1 < ncases) { w.set_local(a, kI, static_cast<Word>(i + 1)); return; }
            w.set_local(a, kSg, 0);
            if (w.local(a, kWon) == 0) {
                // "This can happen if we were woken up by a close(). ... goto loop": poll again
                // with the locks still held.
                w.set_local(a, kI, 0);
                set_pc(w, a, Site::selectgo_pass1);
                return;
            }
            w.set_local(a, kI, static_cast<Word>(nlocks - 1));
            set_pc(w, a, Site::selectgo_selunlock);
            return;
        }
        case Site::chanrecv_wakeup:
        case Site::chansend_wakeup: {
            // if mysg != gp.waiting { throw }; gp.waiting = nil; closed := gp.param == nil
            const Addr sg = m.cases()[0].sudog;
            SR_ASSERT(x.read(g + g_field::kWaiting) == sg);
            x.write(g + g_field::kWaiting, 0);
            x.read(g + g_field::kParam);  // nil: woken by close (the slot was cleared)
            x.write(g + g_field::kParam, 0);
            x.write(sg + sudog_field::kC, 0);
            w.set_local(a, kWon, 1);
            set_pc(w, a, Site::TestSelectStackAdjust_check);
            return;
        }
        case Site::TestSelectStackAdjust_check: {
            // The test's checks read G's locals on the stack G runs on (never freed while it
            // runs); the properties judge the World after this step, so the observer's reads
            // are not logged one by one.
            x.write(g + g_field::kStatus, gstatus::kDead);  // goexit
            set_pc(w, a, Site::exit);
            return;
        }
        default: SR_ASSERT_MSG(false, fmt::format("G at unexpected site {}", go_site(pc).label));
    }
}

// The case G resumed with (1-based; 0 before the operation completed), for the checkers.
Word goroutine_won_case(const sim::World& w, sim::ActorId a) { return w.local(a, kWon); }

}  // namespace stackrace::model
