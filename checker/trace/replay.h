// checker/trace/replay.h: re-executing a schedule from a fresh World, step by step.
//
// replay_schedule is the single execution engine behind trace verification (the explorer
// replays every counterexample before reporting it) and `stackrace replay`. It judges every
// step with judge_step (checker/judge/step_judge.h), as minimize does, and stops at the first
// violation.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checker/properties/properties.h"
#include "checker/trace/trace.h"
#include "model/model.h"

namespace stackrace::checker {

struct WordChange {
    sim::Addr addr;
    sim::Word before;
    sim::Word after;
};

struct ReplayedStep {
    sim::ActorId actor = 0;
    model::Site site = model::Site::exit;
    std::vector<sim::Access> accesses;
    std::vector<WordChange> changes;         // memory words whose value changed
    std::vector<std::string> region_events;  // "old stack freed", "new stack allocated"
};

struct ReplayResult {
    std::vector<ReplayedStep> steps;
    std::vector<Violation> violations;  // every violation met at the first violating step
    std::size_t violation_step = 0;     // 1-based step after which they were met (0: initial state)
    sim::World final_world;
    std::string final_hash;

    // has reports whether property p is among the violations met.
    [[nodiscard]] bool has(PropertyId p) const {
        for (const Violation& v : violations)
            if (v.property == p) return true;
        return false;
    }
};

// The step a schedule expects next could not be taken.
struct ScheduleMismatch {
    std::size_t step = 0;  // 1-based
    std::string problem;
};

// replay_schedule runs `schedule` from the root World m.roots()[root]. When `expected` is given,
// each step's label must match it. Returns the mismatch instead of a result if a step cannot be
// taken as recorded.
struct ReplayOutcome {
    std::optional<ReplayResult> result;
    std::optional<ScheduleMismatch> mismatch;
};
[[nodiscard]] ReplayOutcome replay_schedule(const model::Model& m, std::size_t root,
                                            std::span<const sim::ActorId> schedule,
                                            std::span<const model::Site> expected = {});

// actor_ids resolves a trace's actor names; a name the scenario lacks is a mismatch.
[[nodiscard]] std::optional<std::vector<sim::ActorId>> actor_ids(const model::Model& m,
                                                                 const Trace& t,
                                                                 ScheduleMismatch& why);

}  // namespace stackrace::checker
