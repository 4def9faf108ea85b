// model/actors.h: peek and step, the two entry points of every actor's step machine.
//
// peek describes an actor's next step without changing anything: which Go site it is, and
// whether it can run now or what it waits for. step performs exactly that step. An actor's
// program counter is the Site of its next step; each actor kind's steps are a table of
// functions named after their Sites (model/step.h): model/stack.cpp (shrinkstack, newstack,
// copystack), model/goroutine.cpp and model/select.cpp (G: selectgo, chanrecv, chansend),
// model/chansend.cpp, model/chanrecv.cpp and model/closechan.cpp (the other goroutines),
// sharing model/chan.h, model/dequeue.h and model/proc.h where Go shares code.
#pragma once

#include <optional>

#include "model/go_sites.h"
#include "model/model.h"
#include "sim/access.h"
#include "sim/world.h"

namespace stackrace::model {

enum class PeekStatus { Enabled, Blocked, Finished };

// What a blocked actor waits for.
enum class WaitKind {
    None,
    Lock,     // a runtime mutex (wait_addr) held by another actor, or by itself
    GStatus,  // a goroutine status change: wait_addr is the g's atomicstatus word
    Wakeup,   // a parked goroutine waiting for goready
};

struct Peek {
    PeekStatus status = PeekStatus::Finished;
    Site site = Site::exit;
    WaitKind wait = WaitKind::None;
    sim::Addr wait_addr = 0;
};

[[nodiscard]] Peek peek(const Model& m, const sim::World& w, sim::ActorId a);

// waits_for: the actor that must act before a blocked actor (peek p) can move, when one
// actor alone can: a lock's holder (only the holder unlocks), the owner of a goroutine's
// _Gcopystack status (its copier) or _Grunning status (the goroutine itself). A parked
// goroutine waits for anybody's goready: nullopt.
[[nodiscard]] std::optional<sim::ActorId> waits_for(const Model& m, const sim::World& w,
                                                    const Peek& p);

// step runs actor `a`'s next step. Requires: peek(m, w, a).status == Enabled.
void step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log);

// Per-kind machines, used by peek/step.
[[nodiscard]] Peek shrinker_peek(const Model& m, const sim::World& w, sim::ActorId a);
void shrinker_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log);
[[nodiscard]] Peek goroutine_peek(const Model& m, const sim::World& w, sim::ActorId a);
void goroutine_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log);
[[nodiscard]] Peek sender_peek(const Model& m, const sim::World& w, sim::ActorId a);
void sender_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log);
[[nodiscard]] Peek closer_peek(const Model& m, const sim::World& w, sim::ActorId a);
void closer_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log);
[[nodiscard]] Peek receiver_peek(const Model& m, const sim::World& w, sim::ActorId a);
void receiver_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log);

// Shared helpers for the machines.
[[nodiscard]] Peek enabled(Site s);
[[nodiscard]] Peek lock_step(const sim::World& w, Site s, sim::Addr lock);  // blocked if held
[[nodiscard]] Site pc_of(const sim::World& w, sim::ActorId a);
// is_copystack_site: a step of the copystack machine (model/stack.cpp), which G also runs
// when its stack grows.
[[nodiscard]] bool is_copystack_site(Site s);
void set_pc(sim::World& w, sim::ActorId a, Site s);

}  // namespace stackrace::model

namespace stackrace::model {
// goroutine_won_case: the case G resumed with, 1-based (0: not resumed yet).
[[nodiscard]] sim::Word goroutine_won_case(const sim::World& w, sim::ActorId g);
}  // namespace stackrace::model
