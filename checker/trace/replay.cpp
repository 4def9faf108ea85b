#include "checker/trace/replay.h"

#include <fmt/format.h>

#include "checker/judge/step_judge.h"
#include "checker/trace/internal_error.h"
#include "model/actors.h"
#include "sim/hash.h"

namespace stackrace::checker {
namespace {

void diff(const model::Model& m, const sim::World& before, const sim::World& after,
          ReplayedStep& out) {
    std::vector<bool> region_changed(m.layout().map().size(), false);
    for (std::size_t r = 0; r < m.layout().map().size(); ++r) {
        const auto id = static_cast<sim::RegionId>(r);
        if (before.region_state(id) == after.region_state(id)) continue;
        region_changed[r] = true;
        const bool freed = after.region_state(id) == sim::RegionState::Free;
        out.region_events.push_back(
            freed
                ? fmt::format("{} stack freed ({} words, poisoned 0xfcfc)",
                              m.layout().map().region(id).name, m.layout().map().region(id).size)
                : fmt::format("{} stack allocated ({} words, not cleared)",
                              m.layout().map().region(id).name, m.layout().map().region(id).size));
    }
    for (sim::Addr a = 0; a < m.shape().memory_words; ++a) {
        if (before.mem(a) == after.mem(a)) continue;
        const auto r = m.layout().map().region_of(a);
        if (r && region_changed[*r]) continue;
        out.changes.push_back(WordChange{a, before.mem(a), after.mem(a)});
    }
}

}  // namespace

ReplayOutcome replay_schedule(const model::Model& m, std::size_t root,
                              std::span<const sim::ActorId> schedule,
                              std::span<const model::Site> expected) {
    ReplayResult r;
    sim::World w = m.roots().at(root).world;
    // An internal error is reported with the schedule that reached it: the steps up to the
    // failing one, or up to the state whose judging failed.
    r.violations = with_schedule(root, {}, [&] { return judge_state(m, w); });
    for (std::size_t i = 0; i < schedule.size() && r.violations.empty(); ++i) {
        const sim::ActorId a = schedule[i];
        if (a >= m.actors().size())
            return {std::nullopt,
                    ScheduleMismatch{i + 1, fmt::format("actor #{} does not exist", a)}};
        const model::Peek p =
            with_schedule(root, schedule.first(i), [&] { return model::peek(m, w, a); });
        const std::string& name = m.actors()[a].name;
        if (!expected.empty() && p.site != expected[i]) {
            return {
                std::nullopt,
                ScheduleMismatch{
                    i + 1, fmt::format("step {} expects \"{}\" for {}, but the model offers \"{}\"",
                                       i + 1, model::go_site(expected[i]).label, name,
                                       p.status == model::PeekStatus::Finished
                                           ? std::string("nothing (it has finished)")
                                           : std::string(model::go_site(p.site).label))}};
        }
        if (p.status != model::PeekStatus::Enabled) {
            return {std::nullopt,
                    ScheduleMismatch{i + 1, fmt::format("step {}: {} cannot take \"{}\" now ({})",
                                                        i + 1, name, model::go_site(p.site).label,
                                                        p.status == model::PeekStatus::Finished
                                                            ? "it has finished"
                                                            : "it is blocked")}};
        }
        JudgedStep judged =
            with_schedule(root, schedule.first(i + 1), [&] { return judge_step(m, w, a); });
        ReplayedStep st;
        st.actor = a;
        st.site = judged.site;
        st.accesses.assign(judged.log.begin(), judged.log.end());
        diff(m, w, judged.after, st);
        r.steps.push_back(std::move(st));
        w = std::move(judged.after);
        r.violations = std::move(judged.violations);
        if (!r.violations.empty()) r.violation_step = i + 1;
    }
    r.final_hash = sim::hash128_hex(w);
    r.final_world = std::move(w);
    return {std::move(r), std::nullopt};
}

std::optional<std::vector<sim::ActorId>> actor_ids(const model::Model& m, const Trace& t,
                                                   ScheduleMismatch& why) {
    std::vector<sim::ActorId> ids;
    for (std::size_t i = 0; i < t.steps.size(); ++i) {
        const auto a = m.actors().by_name(t.steps[i].actor);
        if (!a) {
            why = ScheduleMismatch{i + 1, fmt::format("step {}: the scenario has no actor \"{}\"",
                                                      i + 1, t.steps[i].actor)};
            return std::nullopt;
        }
        ids.push_back(*a);
    }
    return ids;
}

}  // namespace stackrace::checker
