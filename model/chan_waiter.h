// model/chan_waiter.h: the steps every channel-side goroutine shares.
//
// Senders, receivers and closers all claim a dequeued sudog the same way (waitq.dequeue's
// selectdone read, load and CAS), wait in goready while the target's stack is owned, and,
// when they block, park and wake the same way (park_m, the gopark unlock function, execute,
// then releasing the sudog). These helpers are those steps, parameterised by what differs.
#pragma once

#include "model/actors.h"
#include "model/proc.h"
#include "model/runtime_structs.h"
#include "sim/exec.h"

namespace stackrace::model {

// Locals the dequeuing machines share: the dequeued sudog and its selectdone.
namespace waiter_local {
inline constexpr unsigned kSg = 0;
inline constexpr unsigned kSdp = 1;
}  // namespace waiter_local

// dequeue_claim_step runs DequeueReadSelectdone, DequeueLoadDone or DequeueCasDone for
// actor a: `if sgp.selectdone != nil { if *sgp.selectdone != 0 || !Cas(...) { continue } }`.
// On a win it calls record(sg) and goes to `win`; a lost claim goes back to DequeuePop.
// Returns false (and does nothing) when pc is none of these sites.
template <class Record>
bool dequeue_claim_step(sim::Exec& x, sim::World& w, sim::ActorId a, Site pc, Site win, Record record) {
    using namespace waiter_local;
    const auto lose = [&] {
        w.set_local(a, kSdp, 0);
        w.set_local(a, kSg, 0);
        set_pc(w, a, Site::dequeue_pop);
    };
    switch (pc) {
        case Site::dequeue_read_selectdone: {
            const sim::Addr sg = w.local(a, kSg);
            const sim::Word sdp = x.read(sg + sudog_field::kSelectdone);
            if (sdp == 0) {
                record(sg);
                set_pc(w, a, win);
            } else {
                w.set_local(a, kSdp, sdp);
                set_pc(w, a, Site::dequeue_load_done);
            }
            return true;
        }
        case Site::dequeue_load_done:  // non-zero: another case already won, skip the sudog
            if (x.read(w.local(a, kSdp)) != 0) lose();
            else set_pc(w, a, Site::dequeue_cas_done);
            return true;
        case Site::dequeue_cas_done: {
            if (!x.cas(w.local(a, kSdp), 0, 1)) {
                lose();
                return true;
            }
            w.set_local(a, kSdp, 0);
            record(w.local(a, kSg));
            set_pc(w, a, win);
            return true;
        }
        default: return false;
    }
}

// waiter_peek is the peek of a sender or receiver on channel `chan`: its lock step waits for
// c.lock, its goready step for the dequeued goroutine's stack, its Execute for goready; every
// other step is enabled.
[[nodiscard]] Peek waiter_peek(const Model& m, const sim::World& w, sim::ActorId a, unsigned chan, Site lock,
                               Site goready);

// goready_sudog_step: `gp.param = sg; goready(gp)` for the sudog the actor dequeued (its kSg
// local, then cleared), then on to `next`. A goroutine that is no longer waiting (a second
// select winner) would make Go throw; the model leaves its status alone, the
// double-select-win property has reported it.
void goready_sudog_step(sim::Exec& x, sim::World& w, sim::ActorId a, Site next);

// park_step runs ParkM, GoparkUnlock or Execute of a goroutine other than G, whose g is `g`
// and whose channel lock is `lock`; after Execute it goes to `wakeup`. Returns false when pc
// is none of these sites.
bool park_step(sim::Exec& x, sim::World& w, sim::ActorId a, Site pc, sim::Addr g, sim::Addr lock, Site wakeup);

// release_sudog: after wake-up, `gp.waiting = nil; gp.param = nil; mysg.c = nil` (then
// releaseSudog, which the stale-sudog property judges).
void release_sudog(sim::Exec& x, sim::Addr g, sim::Addr sudog);

// enqueue_self fills the goroutine's own sudog (elem = its slot or value) and enqueues it on
// the queue whose first word is at q_first (chansend / chanrecv's block path).
void enqueue_self(sim::Exec& x, sim::Addr g, sim::Addr sudog, sim::Addr elem, sim::Addr chan, sim::Addr q_first);

}  // namespace stackrace::model
