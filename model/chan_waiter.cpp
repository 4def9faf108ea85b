#include "model/chan_waiter.h"

#include "model/waitq.h"
#include "sim/assert.h"

namespace stackrace::model {

Peek waiter_peek(const Model& m, const sim::World& w, sim::ActorId a, unsigned chan, Site lock, Site goready) {
    const Site pc = pc_of(w, a);
    if (pc == lock) return lock_step(w, pc, m.hchan(chan) + hchan_field::kLock);
    if (pc == goready) return goready_peek(w, pc, w.mem(w.local(a, waiter_local::kSg) + sudog_field::kG));
    if (pc == Site::schedule_execute) return park_peek(w, pc, m.actors()[a].g);
    return enabled(pc);
}

void goready_sudog_step(sim::Exec& x, sim::World& w, sim::ActorId a, Site next) {
    const sim::Addr sg = w.local(a, waiter_local::kSg);
    const sim::Addr gp = w.mem(sg + sudog_field::kG);
    x.write(gp + g_field::kParam, sg);
    x.cas(gp + g_field::kStatus, gstatus::kWaiting, gstatus::kRunnable);
    w.set_local(a, waiter_local::kSg, 0);
    set_pc(w, a, next);
}

bool park_step(sim::Exec& x, sim::World& w, sim::ActorId a, Site pc, sim::Addr g, sim::Addr lock, Site wakeup) {
    switch (pc) {
        case Site::gopark_park_m:  // casgstatus(gp, _Grunning, _Gwaiting); the lock is still held
            SR_ASSERT(x.cas(g + g_field::kStatus, gstatus::kRunning, gstatus::kWaiting));
            set_pc(w, a, Site::goparkunlock_unlock);
            return true;
        case Site::goparkunlock_unlock:
            x.unlock(lock, a);
            set_pc(w, a, Site::schedule_execute);
            return true;
        case Site::schedule_execute:
            SR_ASSERT(x.cas(g + g_field::kStatus, gstatus::kRunnable, gstatus::kRunning));
            set_pc(w, a, wakeup);
            return true;
        default: return false;
    }
}

void release_sudog(sim::Exec& x, sim::Addr g, sim::Addr sudog) {
    SR_ASSERT(x.read(g + g_field::kWaiting) == sudog);  // "G waiting list is corrupted"
    x.write(g + g_field::kWaiting, 0);
    x.write(g + g_field::kParam, 0);
    x.write(sudog + sudog_field::kC, 0);
}

void enqueue_self(sim::Exec& x, sim::Addr g, sim::Addr sudog, sim::Addr elem, sim::Addr chan, sim::Addr q_first) {
    // "No stack splits between assigning elem and enqueuing mysg on gp.waiting."
    x.write(sudog + sudog_field::kElem, elem);
    x.write(sudog + sudog_field::kWaitlink, 0);
    x.write(g + g_field::kWaiting, sudog);
    x.write(sudog + sudog_field::kG, g);
    x.write(sudog + sudog_field::kSelectdone, 0);
    x.write(sudog + sudog_field::kC, chan);
    x.write(g + g_field::kParam, 0);
    waitq_enqueue(x, q_first, sudog);
}

}  // namespace stackrace::model
