// checker/trace/minimize.h: the fewest context switches for a counterexample of a given length.
//
// The explorer is breadth first, so a counterexample is already shortest in steps; among the
// schedules of that length reaching the same property at the last step (and no violation
// before), minimize_schedule looks for one with the fewest context switches (steps whose actor
// differs from the previous step's), which is what makes a trace readable: one actor runs as
// long as it can, and every switch is a switch the race needs.
//
// The search is a 0-1 breadth-first search over (World, last actor, depth): continuing with
// the same actor costs 0, switching costs 1, and only candidates strictly better than the
// input are kept. It is bounded by a node budget; a result is never accepted without
// replaying it with replay_schedule, so the answer is always a valid counterexample even when
// the budget cuts the search short (then it is merely not proven minimal).
//
// Usage:
//   const checker::Minimized r = checker::minimize_schedule(m, root, schedule,
//   PropertyId::LostValue); if (r.improved()) schedule = r.schedule;
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "checker/properties/properties.h"
#include "checker/trace/replay.h"
#include "checker/trace/trace_check.h"
#include "model/model.h"

namespace stackrace::checker {

struct MinimizeOptions {
    std::size_t max_nodes = 400'000;  // search nodes expanded before giving up on a proof
};

struct Minimized {
    std::vector<sim::ActorId> schedule;  // the input when nothing better exists
    std::size_t switches_before = 0;
    std::size_t switches_after = 0;
    bool exhaustive = true;  // the search finished: no schedule of this length has fewer switches
    std::size_t nodes = 0;   // search nodes expanded
    ReplayResult replay;     // the replay of `schedule`: its violations and final hash

    [[nodiscard]] bool improved() const { return switches_after < switches_before; }
};

// context_switches counts the steps whose actor differs from the previous step's.
[[nodiscard]] std::size_t context_switches(std::span<const sim::ActorId> schedule);

// minimize_schedule requires that `schedule` replays from root `root` to property `p` at its
// last step (an internal error otherwise).
[[nodiscard]] Minimized minimize_schedule(const model::Model& m, std::size_t root,
                                          std::span<const sim::ActorId> schedule, PropertyId p,
                                          const MinimizeOptions& o = {});

// minimize_trace minimizes a trace that check_trace found reproduced: the result keeps its
// header (scenario, variant, fresh stack, property) and has the new steps, the replayed
// message of the property and the new final hash. `how` receives the Minimized details.
[[nodiscard]] Trace minimize_trace(const TraceCheck& c, Minimized& how,
                                   const MinimizeOptions& o = {});

// apply_schedule rewrites t's steps, message and final hash from a replayed schedule.
void apply_schedule(const model::Model& m, std::span<const sim::ActorId> schedule,
                    const ReplayResult& r, Trace& t);

}  // namespace stackrace::checker
