#include "checker/judge/step_judge.h"

#include "checker/judge/test_hook.h"
#include "model/actors.h"
#include "sim/assert.h"

namespace stackrace::checker {

JudgedStep judge_step(const model::Model& m, const sim::World& before, sim::ActorId a) {
    const model::Peek p = model::peek(m, before, a);
    SR_ASSERT(p.status == model::PeekStatus::Enabled);
    JudgedStep out{p.site, before, {}, {}};
    test_hook_before_step(p.site);
    model::step(m, out.after, a, out.log);
    check_transition(Transition{m, before, a, p.site, out.log, out.after}, out.violations);
    if (out.violations.empty()) out.violations = judge_state(m, out.after);
    return out;
}

std::vector<Violation> judge_state(const model::Model& m, const sim::World& w) {
    std::vector<model::Peek> peeks;
    for (std::size_t a = 0; a < m.actors().size(); ++a)
        peeks.push_back(model::peek(m, w, static_cast<sim::ActorId>(a)));
    std::vector<Violation> out;
    if (auto v = check_deadlock(m, w, peeks)) out.push_back(std::move(*v));
    return out;
}

}  // namespace stackrace::checker
