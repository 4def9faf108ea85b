// checker/search/reduction.h: the reductions of the search, and whether a step may run alone.
//
// Two reductions, each on by default in the CLI and off with --no-reduce:
//
//  - partial-order: in a state where one actor's next step (a copystack step) cannot
//    conflict with anything another actor may still do, only that step is taken (a
//    persistent set of one step). "May still do" is the other actor's universe
//    (model/footprints.h), except for actors that are finished or *frozen*: blocked on a lock
//    or a goroutine status that only the stepping actor, or another frozen actor, can
//    release, so they cannot move before the step anyway. The step must not leave its actor
//    at a step that can block, nor violate a property itself (violating states are not
//    expanded). Properties are judged on the values a step reads, and commuting independent
//    steps does not change them, so every violation of the full search has an equivalent
//    schedule in the reduced one. The explorer adds the breadth-first cycle proviso (a step
//    runs alone only when it leads to a state not stored at the current or an earlier
//    level), turns this reduction off under a depth bound, and rederives shortest
//    counterexamples with a bounded full search (docs/reductions.md).
//
//  - symmetry: senders that are identical (same channel, same explicit value, same flags),
//    and likewise receivers and closers, are interchangeable: a permutation of them maps
//    every schedule to one with the same violations. Among identical actors that have not
//    started, only the first may start, which keeps one schedule of each orbit of start
//    orders. Schedule lengths are unchanged, so counterexamples stay shortest.
//
// Usage:
//   checker::Reducer r(model, checker::Reductions{true, true});
//   if (r.symmetric_skip(w, a)) continue;
//   if (r.may_run_alone(before, peeks, a, after, log)) ...
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/actors.h"
#include "model/footprints.h"
#include "model/model.h"
#include "sim/footprint.h"

namespace stackrace::checker {

struct Reductions {
    bool partial_order = false;
    bool symmetry = false;

    [[nodiscard]] bool any() const { return partial_order || symmetry; }
};

class Reducer {
public:
    Reducer(const model::Model& m, Reductions r);

    [[nodiscard]] const Reductions& reductions() const { return r_; }
    // symmetry_groups: the sets of identical actors (two or more each), in actor order.
    [[nodiscard]] const std::vector<std::vector<sim::ActorId>>& symmetry_groups() const {
        return groups_;
    }
    // describe: "partial-order (footprints), symmetry (2 groups of identical actors)", "none".
    [[nodiscard]] std::string describe() const;

    // symmetric_skip: actor a must not step in `w` because an identical actor before it has
    // not started either.
    [[nodiscard]] bool symmetric_skip(const sim::World& w, sim::ActorId a) const;
    // may_run_alone: actor a's step, which led from `before` to `after` with `log`, forms a
    // persistent set on its own in `before` (peeks: every actor's peek in `before`).
    [[nodiscard]] bool may_run_alone(const sim::World& before, std::span<const model::Peek> peeks,
                                     sim::ActorId a, const sim::World& after,
                                     const sim::AccessLog& log);

    [[nodiscard]] bool started(const sim::World& w, sim::ActorId a) const;

private:
    const model::Model& m_;
    Reductions r_;
    model::Footprints footprints_;
    std::vector<std::vector<sim::ActorId>> groups_;
    std::vector<int> group_of_;  // index into groups_, -1: in none
    sim::Footprint step_;        // scratch
    std::vector<std::uint8_t> frozen_;
};

}  // namespace stackrace::checker
