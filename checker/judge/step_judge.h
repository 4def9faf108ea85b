// checker/judge/step_judge.h: the per-step judge: one step of a schedule run on a World, and the
// properties it violates.
//
// Replay (and with it trace verification and the check of every counterexample before it is
// reported) and minimize run schedules through judge_step, so a step is judged one way
// everywhere: the transition properties (check_transition), then deadlock, but only on a
// state reached cleanly (the explorer does not expand a state a violating step reached). The
// explorer keeps its own allocation-free loop over a level, but calls the same property
// functions in the same order (checker/search/explorer.cpp).
//
// Usage:
//   std::vector<checker::Violation> v = checker::judge_state(m, w);  // the initial state
//   checker::JudgedStep s = checker::judge_step(m, w, actor);       // requires: actor is enabled
//   if (s.violations.empty()) w = std::move(s.after);
#pragma once

#include <vector>

#include "checker/properties/properties.h"
#include "model/model.h"
#include "sim/access.h"
#include "sim/world.h"

namespace stackrace::checker {

// JudgedStep: what one step did.
struct JudgedStep {
    model::Site site = model::Site::exit;  // its label: what peek offered
    sim::World after;                      // the World after it
    sim::AccessLog log;                    // its accesses
    std::vector<Violation> violations;     // met by the step, or by the state it reached
};

// judge_step runs the step of actor `a` from `before`. Requires: `a` is enabled in `before`
// (an internal error otherwise).
[[nodiscard]] JudgedStep judge_step(const model::Model& m, const sim::World& before,
                                    sim::ActorId a);

// judge_state: the state properties of `w` (deadlock), as judged of a state reached cleanly.
[[nodiscard]] std::vector<Violation> judge_state(const model::Model& m, const sim::World& w);

}  // namespace stackrace::checker
