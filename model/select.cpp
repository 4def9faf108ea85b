// model/select.cpp: select.go's selectgo as G's steps.
//
// Mirrors Go 1.7 select.go selectgo: sellock in hchan address order; pass 1 polls the
// cases; pass 2 enqueues one sudog per case, building gp.waiting in lock order; gopark with
// selparkcommit unlocking after park_m made G _Gwaiting; after wake-up sellock, pass 3
// clears every sudog and dequeues the losers, selunlock. The win flag is selectgo's `done`
// on the stack (sg.selectdone = &done), or g.selectDone with sg.isSelect (Go 1.10,
// Variant::selectdone_in_g). The post-wake-up sellock may grow G's stack where the release
// runs it on G's stack (Variant::sellock_wakeup_grows, Spec growth point SellockWakeup); the
// first sellock and the selunlock after pass 3 may grow it in every release (growth points
// Sellock, Selunlock). G's
// chanrecv and chansend run through pass 1 and pass 2 as a select of one case
// (model/goroutine.cpp).
//
// Invariants:
//  - G touches its own stack only while it runs (status _Grunning), so its stack accesses
//    never race with the shrinker; the sudogs and queues it writes are protected by the
//    channel locks it holds, so each pass over one sudog is one step.
//  - gp.waiting is in lock order (lockorder sorts cases by channel address).
#include "model/chan.h"
#include "model/goroutine.h"
#include "model/runtime_structs.h"
#include "model/throws.h"
#include "model/waitq.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;
using namespace g_local;

Addr lock_of(const Model& m, unsigned chan) { return hchan_of(m, chan).lock(); }
unsigned nlocks(const Step& s) { return static_cast<unsigned>(s.m.layout().lock_chans().size()); }
unsigned ncases(const Step& s) { return static_cast<unsigned>(s.m.layout().cases().size()); }

// The queue a case's sudog waits in: c.recvq for a receive, c.sendq for a send.
Addr case_queue(const Model& m, const CaseInfo& cs) {
    const Hchan c = hchan_of(m, cs.chan);
    return cs.dir == Dir::Recv ? c.recvq() : c.sendq();
}

// poll returns the first case (in poll order, i.e. case order) that can proceed now, with
// the step that completes it. The queues it looks at hold only other goroutines' plain
// sudogs (no selectdone to claim), so looking is private to the lock holder.
Site poll(const Model& m, sim::Exec& x, unsigned& won) {
    for (unsigned k = 0; k < m.layout().cases().size(); ++k) {
        const CaseInfo& cs = m.layout().cases()[k];
        const Hchan c = hchan_of(m, cs.chan);
        won = k;
        if (cs.dir == Dir::Recv) {
            const bool closed = x.read(c.closed()) != 0;
            const Word qcount = x.read(c.qcount());
            // chanrecv tests "c.closed != 0 && c.qcount == 0" first; selectgo last.
            if (!is_select(m) && closed && qcount == 0) return Site::chanrecv_closed;
            if (x.read(c.sendq()) != 0) return Site::recv_from_sender;
            if (qcount != 0) return Site::recv_from_buffer;
            if (closed) return Site::chanrecv_closed;
        } else {
            if (x.read(c.recvq()) != 0) return Site::send_to_receiver;
            if (x.read(c.qcount()) < c.dataqsiz) return Site::chansend_buf_put;
        }
    }
    if (is_select(m)) return Site::selectgo_enqueue;
    return is_send_op(m) ? Site::chansend_enqueue : Site::chanrecv_enqueue;
}

bool blocks(Site s) {
    return s == Site::selectgo_enqueue || s == Site::chansend_enqueue ||
           s == Site::chanrecv_enqueue;
}

// The region G's stack is in now.
sim::RegionId g_stack_region(const Step& s) {
    return *s.m.layout().map().region_of(s.w.mem(s.m.layout().g_struct() + g_field::kStackLo));
}

// Pass 2 is done: the call of gopark may grow the stack (once), holding the locks, with
// gp.waiting set.
Site gopark_or_newstack(const Step& s) {
    const bool grows =
        s.m.spec().g.grow == GSpec::Growth::Gopark && g_stack_region(s) == s.m.layout().old_stack();
    return grows ? Site::newstack_casgcopystack : Site::gopark_park_m;
}

// The win flag pass 2 points each sudog at: selectgo's `done` on the stack (sg.selectdone =
// &done), or, with g.selectDone (Go 1.10+), sg.isSelect = true; nil (false) for G's plain
// chanrecv or chansend.
Word selectdone_of(const Step& s) {
    if (!is_select(s.m)) return sim::kNil;
    if (s.m.variant().selectdone_in_g) return 1;
    return g_local_addr(s.m, s.w, s.m.layout().selectdone_local());
}

// After pass 3 the call of selunlock may grow the stack (once), holding every lock, with
// gp.waiting nil. copystack uses G's locals: the winning case waits in kGrowWon.
Site selunlock_or_newstack(const Step& s) {
    const bool grows = s.m.spec().g.grow == GSpec::Growth::Selunlock &&
                       g_stack_region(s) != *s.m.layout().grown_stack();
    if (!grows) return Site::selectgo_selunlock;
    s.set_local(kGrowWon, s.local(kWon));
    s.set_local(kWon, 0);
    s.set_local(kI, 0);
    return Site::newstack_casgcopystack;
}

// After pass 3, selunlock in reverse lock order; a wake-up by close() polls again (Go 1.16+,
// Variant::sudog_success: close() sets gp.param too, so no case won is `throw("selectgo: bad
// wakeup")`).
void pass3_done(const Step& s) {
    s.set_local(kSg, 0);
    if (s.local(kWon) == 0 && s.m.variant().sudog_success) {
        throw_(s, Throw::selectgo_bad_wakeup);
        return;
    }
    if (s.local(kWon) == 0) {
        // "This can happen if we were woken up by a close(). ... goto loop": poll again with
        // the locks still held.
        s.set_local(kI, 0);
        s.go(Site::selectgo_pass1);
        return;
    }
    s.set_local(kI, static_cast<Word>(nlocks(s) - 1));
    s.go(selunlock_or_newstack(s));
}

}  // namespace

// selectgo calls sellock first; its stack check may grow the stack before any lock is held
// and before any sudog exists. G starts running here, so the growth is met at most once.
Site selectgo_entry(const Model& m) {
    return m.spec().g.grow == GSpec::Growth::Sellock ? Site::newstack_casgcopystack
                                                     : Site::selectgo_sellock;
}

// sellock: lock(&c.lock) for each distinct channel in lock order.
void selectgo_sellock(const Step& s) {
    const unsigned i = s.local(kI);
    s.x.lock(lock_of(s.m, s.m.layout().lock_chans()[i]), s.a);
    s.set_local(kI, static_cast<Word>(i + 1));
    if (i + 1 < nlocks(s)) return;
    s.set_local(kI, 0);
    s.go(Site::selectgo_pass1);
}

// pass 1 - look for something already waiting
void selectgo_pass1(const Step& s) {
    unsigned won = 0;
    const Site next = poll(s.m, s.x, won);
    s.set_local(kWon, static_cast<Word>(blocks(next) ? 0 : won + 1));
    s.go(next);
}

// selunlock's loop: unlock(&c.lock) of the next channel in reverse lock order; true once the
// last (lowest) one is unlocked.
bool selunlock_next(const Step& s) {
    const unsigned i = s.local(kI);
    s.x.unlock(lock_of(s.m, s.m.layout().lock_chans()[i]), s.a);
    if (i > 0) {
        s.set_local(kI, static_cast<Word>(i - 1));
        return false;
    }
    s.set_local(kI, 0);
    return true;
}

// selunlock: unlock(&c.lock) in reverse lock order, after pass 1 completed a case.
void selectgo_selunlock_pass1(const Step& s) {
    if (selunlock_next(s)) unlock_after_poll_done(s);
}

// pass 2 - enqueue on all chans (also chanrecv's and chansend's block path for G): fill the
// sudog of case lockorder[i] and enqueue it. "No stack splits between assigning elem and
// enqueuing mysg on gp.waiting where copystack can find it."
void selectgo_enqueue(const Step& s) {
    const Model& m = s.m;
    const Addr g = m.layout().g_struct();
    const unsigned i = s.local(kI);
    const CaseInfo& cs = m.layout().cases()[m.layout().lockorder()[i]];
    const Addr sg = cs.sudog;
    const Word done = selectdone_of(s);
    if (i == 0 && is_select(m) && !m.variant().selectdone_in_g) s.x.write(done, 0);  // done = 0
    s.x.write(sg + sudog_field::kG, g);
    s.x.write(sg + sudog_field::kSelectdone, done);
    s.x.write(sg + sudog_field::kElem, cs.slot < 0 ? sim::kNil : g_local_addr(m, s.w, cs.slot));
    s.x.write(sg + sudog_field::kC, m.layout().hchan(cs.chan));
    s.x.write(sg + sudog_field::kWaitlink, 0);
    if (i == 0)
        s.x.write(g + g_field::kWaiting, sg);
    else
        s.x.write(m.layout().cases()[m.layout().lockorder()[i - 1]].sudog + sudog_field::kWaitlink,
                  sg);
    s.x.write(g + g_field::kParam, 0);
    waitq_enqueue(s.x, case_queue(m, cs), sg);
    if (i + 1 < ncases(s)) {
        s.set_local(kI, static_cast<Word>(i + 1));
        return;
    }
    s.set_local(kI, 0);
    if (m.variant().parking_on_chan)
        s.go(is_select(m)    ? Site::selectgo_parking_on_chan
             : is_send_op(m) ? Site::chansend_parking_on_chan
                             : Site::chanrecv_parking_on_chan);
    else
        s.go(gopark_or_newstack(s));
}

// Go 1.14.10+: `atomic.Store8(&gp.parkingOnChan, 1)` after the enqueue, before gopark (in
// selectgo, chansend and chanrecv alike).
void parking_on_chan(const Step& s) {
    s.x.write(s.m.layout().g_struct() + g_field::kParkingOnChan, 1);
    s.go(gopark_or_newstack(s));
}

// Go 1.14+: the unlock function (chanparkcommit, selparkcommit) first sets
// `gp.activeStackChans = true`, then (1.14.10+) `atomic.Store8(&gp.parkingOnChan, 0)`, then
// unlocks. It runs on the system stack after park_m made G _Gwaiting, so the GC's scan may
// already own G's stack.
void parkcommit_active_stack_chans(const Step& s) {
    s.x.write(s.m.layout().g_struct() + g_field::kActiveStackChans, 1);
    const bool sel = is_select(s.m);
    if (s.m.variant().parking_on_chan)
        s.go(sel ? Site::selparkcommit_parking_on_chan : Site::chanparkcommit_parking_on_chan);
    else
        s.go(sel ? Site::selparkcommit_unlock : Site::goparkunlock_unlock);
}
void parkcommit_parking_on_chan(const Step& s) {
    s.x.write(s.m.layout().g_struct() + g_field::kParkingOnChan, 0);
    s.go(is_select(s.m) ? Site::selparkcommit_unlock : Site::goparkunlock_unlock);
}

// selparkcommit: unlock(&lastc.lock). It walks gp.waiting (heap sudogs; it must not touch
// G's stack, since G is already _Gwaiting and may be copied: commit 8fb182d) and unlocks each
// channel after its last sudog; in lock order that is each distinct channel once.
void selparkcommit_unlock(const Step& s) {
    const unsigned i = s.local(kI);
    s.x.unlock(lock_of(s.m, s.m.layout().lock_chans()[i]), s.a);
    if (i + 1 < nlocks(s)) {
        s.set_local(kI, static_cast<Word>(i + 1));
        return;
    }
    s.set_local(kI, 0);
    s.go(Site::schedule_execute);
}

// After wake-up G calls sellock(scases, lockorder); when that runs on G's stack (Go 1.7, Go
// 1.10+; Go 1.7.5 to 1.9 run it on the system stack, commit b902a63), its stack check may
// grow the stack before any lock is held, while the losing sudogs are still queued (Go issue
// #17007). G wakes at most once in a select (a close wake-up finds the closed channel in
// pass 1), so the growth point is met at most once.
Site sellock_wakeup_or_newstack(const Step& s) {
    const bool grows = s.m.spec().g.grow == GSpec::Growth::SellockWakeup &&
                       s.m.variant().sellock_wakeup_grows &&
                       g_stack_region(s) != *s.m.layout().grown_stack();
    return grows ? Site::newstack_casgcopystack : Site::selectgo_sellock_wakeup;
}

// After wake-up: sellock(scases, lockorder), then (Go 1.10+) `gp.selectDone = 0`, then
// `sg = (*sudog)(gp.param); gp.param = nil`. G holds every lock of the select when it clears
// selectDone, so that write is folded into the last lock step.
void selectgo_sellock_wakeup(const Step& s) {
    const Addr g = s.m.layout().g_struct();
    const unsigned i = s.local(kI);
    s.x.lock(lock_of(s.m, s.m.layout().lock_chans()[i]), s.a);
    if (i + 1 < nlocks(s)) {
        s.set_local(kI, static_cast<Word>(i + 1));
        return;
    }
    if (s.m.variant().selectdone_in_g) s.x.write(g + g_field::kSelectDone, 0);
    s.set_local(kSg, s.x.read(g + g_field::kParam));
    s.x.write(g + g_field::kParam, 0);
    s.set_local(kI, 0);
    s.go(Site::selectgo_pass3_clear);
}

// pass 3: "Clear all elem before unlinking from gp.waiting."
// sg1.selectdone = nil; sg1.elem = nil; sg1.c = nil (Go 1.10+: sg1.isSelect = false)
void selectgo_pass3_clear(const Step& s) {
    const unsigned i = s.local(kI);
    const Addr sg = s.m.layout().cases()[s.m.layout().lockorder()[i]].sudog;
    s.x.write(sg + sudog_field::kSelectdone, 0);
    s.x.write(sg + sudog_field::kElem, 0);
    s.x.write(sg + sudog_field::kC, 0);
    if (i + 1 < ncases(s)) {
        s.set_local(kI, static_cast<Word>(i + 1));
        return;
    }
    s.x.write(s.m.layout().g_struct() + g_field::kWaiting, 0);
    s.set_local(kI, 0);
    s.go(Site::selectgo_pass3_dequeue);
}

// pass 3: the winning case is the sudog our waker dequeued (sg == gp.param); dequeue every
// other case's sudog: c.recvq.dequeueSudoG(sglist); then sglist.waitlink = nil;
// releaseSudog(sglist), whose checks may throw.
void selectgo_pass3_dequeue(const Step& s) {
    const unsigned i = s.local(kI);
    const unsigned k = s.m.layout().lockorder()[i];
    const CaseInfo& cs = s.m.layout().cases()[k];
    if (cs.sudog == s.local(kSg)) {
        s.set_local(kWon, static_cast<Word>(k + 1));
        // Go 1.16+: caseSuccess = sglist.success (false: woken by close).
        if (s.m.variant().sudog_success) s.x.read(cs.sudog + sudog_field::kSuccess);
    } else
        waitq_dequeue_sudog(s.x, case_queue(s.m, cs), cs.sudog);
    s.x.write(cs.sudog + sudog_field::kWaitlink, 0);
    if (!releaseSudog_checks(s, cs.sudog)) return;  // releaseSudog(sglist)
    if (i + 1 < ncases(s)) {
        s.set_local(kI, static_cast<Word>(i + 1));
        return;
    }
    pass3_done(s);
}

// selunlock: unlock(&c.lock) in reverse lock order; then the select is done.
void selectgo_selunlock(const Step& s) {
    if (selunlock_next(s)) s.go(Site::TestSelectStackAdjust_check);
}

void selunlock_after_growth(const Step& s, Word won) {
    s.set_local(kWon, won);
    s.set_local(kI, static_cast<Word>(nlocks(s) - 1));
    s.go(Site::selectgo_selunlock);
}

}  // namespace stackrace::model
