// checker/search/explorer.h: exhaustive breadth-first exploration of a Model's reachable states.
//
// explore visits every World reachable from the initial one by any interleaving of the
// actors' steps, keeps a visited set, checks every property on every transition and every
// state, and keeps one shortest counterexample per violated property (breadth-first order:
// the first violation of a property found has the fewest steps). It goes on past a
// violation, without expanding the violating state, unless stop_first is set. Counts are
// deterministic: the same model gives the same states, transitions and schedules, whatever
// the number of jobs (each level is expanded in parallel and merged in sequential order).
//
// Usage:
//   checker::ExploreResult r = checker::explore(model, checker::ExploreOptions{});
//   for (const auto& cx : r.counterexamples) write(cx.schedule);
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "checker/properties/properties.h"
#include "checker/search/reduction.h"
#include "model/model.h"

namespace stackrace::checker {

struct Progress {
    std::uint64_t states = 0;
    std::uint64_t transitions = 0;
    std::uint32_t depth = 0;
    std::uint64_t frontier = 0;
    std::size_t bytes = 0;
    double seconds = 0;
    // A rough estimate of the states still to be stored, once the breadth-first levels have
    // started to shrink: the levels are assumed to shrink about as they grew, so the whole
    // space is about twice what was stored up to the widest level; 0 while they still grow.
    std::uint64_t remaining_estimate = 0;
};

struct ExploreOptions {
    std::uint64_t max_states = 50'000'000;  // stored states; reaching it makes the run incomplete
    std::uint32_t max_depth = 0;            // 0: unbounded
    bool stop_first = false;                // stop at the first violation
    unsigned jobs = 1;      // threads expanding each level (results identical for any)
    bool compact = false;   // hash compaction: 64-bit fingerprints, probabilistic
    Reductions reductions;  // off unless asked for (the CLI asks by default)
    std::function<void(const Progress&)> on_progress;  // called about every 16k states
};

enum class Limit { None, MaxStates, MaxDepth, StopFirst };

struct Counterexample {
    PropertyId property;
    std::string message;
    std::size_t root = 0;                // the initial World it starts from (Model::roots())
    std::vector<sim::ActorId> schedule;  // the actor of each step, from that World
};

struct ExploreResult {
    std::uint64_t states = 0;
    std::uint64_t transitions = 0;
    std::uint64_t final_states = 0;  // states where no actor can move
    std::uint32_t depth = 0;         // deepest level expanded
    double seconds = 0;
    std::size_t bytes = 0;             // memory held by the visited set and the parent links
    bool exact = true;                 // false: hash-compacted visited set (probabilistic)
    Limit limit = Limit::None;         // what stopped the search early, if anything
    std::string reductions = "none";   // the reductions that were on, for the report
    std::uint64_t reduced_states = 0;  // states where partial-order reduction took one step
    std::vector<Counterexample> counterexamples;  // at most one per property, property order

    [[nodiscard]] bool complete() const { return limit == Limit::None; }
};

[[nodiscard]] ExploreResult explore(const model::Model& m, const ExploreOptions& options);

}  // namespace stackrace::checker
