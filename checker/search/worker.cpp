#include "checker/search/worker.h"

#include <algorithm>
#include <cstring>

#include "checker/judge/test_hook.h"
#include "model/actors.h"

namespace stackrace::checker::search {

void Worker::clear() {
    entries.clear();
    words.clear();
    comp_hashes.clear();
    violations.clear();
    transitions = final_states = reduced = 0;
    depth_cut = false;
    failure.reset();
}

// run_step runs the step of `actor` from `state` into `next`.
void Worker::run_step(const model::Model& m, std::span<const sim::Word> state, sim::ActorId actor) {
    stepping = actor;
    test_hook_before_step(peeks[actor].site);
    std::copy(state.begin(), state.end(), next.mutable_words().begin());
    model::step(m, next, actor, log);
}

// add_successor records the step of `actor` from w (already applied to `next`, with
// `log`): its violations, or the successor state.
void Worker::add_successor(const model::Model& m, sim::ActorId actor, std::uint32_t index) {
    ++transitions;
    if (violates(m, actor)) {  // the violating state is not expanded
        for (Violation& v : found) {
            violations.push_back(std::move(v));
            entries.push_back(Entry{Entry::Violated, actor, index, 0, 0, violations.size() - 1});
        }
        return;
    }
    push_state(actor, index, hash_successor());
}

// violates fills `found` with the properties the step of `actor` violates. This is the
// explorer's own fast path of judge_step (checker/judge/step_judge.h): the same property
// functions, in the same order, on buffers reused across the level; deadlock is judged
// when the successor is expanded, only if it is reached cleanly, as judge_step does.
bool Worker::violates(const model::Model& m, sim::ActorId actor) {
    found.clear();
    check_transition(Transition{m, w, actor, peeks[actor].site, log, next}, found);
    return !found.empty();
}

// hash_successor appends the component hashes of `next` and returns its hash.
std::uint64_t Worker::hash_successor() {
    const std::size_t ch = comp_hashes.size();
    comp_hashes.resize(ch + comps->count());
    return comps->hash(next.words(), comp_hashes.data() + ch);
}

// push_state records `next` (whose component hashes were appended last) as a successor.
void Worker::push_state(sim::ActorId actor, std::uint32_t index, std::uint64_t h) {
    const auto words_now = next.words();
    const std::size_t at = words.size();
    entries.push_back(Entry{Entry::State, actor, index, h, at, 0});
    words.resize(at + words_now.size());
    std::memcpy(words.data() + at, words_now.data(), words_now.size_bytes());
}

void Worker::expand(const model::Model& m, std::span<const sim::Word> state, std::uint32_t index,
                    bool at_depth_limit) {
    stepping = kNoActor;
    std::copy(state.begin(), state.end(), w.mutable_words().begin());
    const std::size_t n = m.actors().size();
    bool any = false;
    for (std::size_t a = 0; a < n; ++a) {
        peeks[a] = model::peek(m, w, static_cast<sim::ActorId>(a));
        any = any || peeks[a].status == model::PeekStatus::Enabled;
    }
    if (!any) ++final_states;
    if (auto v = check_deadlock(m, w, peeks)) {
        violations.push_back(std::move(*v));
        entries.push_back(Entry{Entry::Violated, kNoActor, index, 0, 0, violations.size() - 1});
        return;  // a violating state is not expanded
    }
    if (!any) return;
    if (at_depth_limit) {
        depth_cut = true;
        return;
    }
    if (reducer && reducer->reductions().partial_order && try_alone(m, state, index)) return;
    for (std::size_t a = 0; a < n; ++a) {
        if (peeks[a].status != model::PeekStatus::Enabled) continue;
        const auto actor = static_cast<sim::ActorId>(a);
        if (reducer && reducer->symmetric_skip(w, actor)) continue;
        run_step(m, state, actor);
        add_successor(m, actor, index);
    }
}

// try_alone runs the first step that may run alone (partial-order reduction) and records
// it; false when there is none and the state must be fully expanded.
bool Worker::try_alone(const model::Model& m, std::span<const sim::Word> state,
                       std::uint32_t index) {
    for (std::size_t a = 0; a < peeks.size(); ++a) {
        if (peeks[a].status != model::PeekStatus::Enabled ||
            !model::Footprints::reducible(peeks[a].site))
            continue;
        const auto actor = static_cast<sim::ActorId>(a);
        if (reducer->symmetric_skip(w, actor)) continue;
        run_step(m, state, actor);
        if (!reducer->may_run_alone(w, peeks, actor, next, log)) continue;
        // A violating step ends its path (the state after it is not expanded), which would
        // also cut the other actors' paths that do not need it: expand such a state fully.
        if (violates(m, actor)) return false;
        // The cycle proviso: a step that leads back to a state of this level or an earlier
        // one could be postponed around a cycle forever; expand such a state fully.
        const std::size_t ch = comp_hashes.size();
        const std::uint64_t h = hash_successor();
        if (visited->stored_before_level(next.words(), comp_hashes.data() + ch, h)) {
            comp_hashes.resize(ch);
            return false;
        }
        ++transitions;
        ++reduced;
        push_state(actor, index, h);
        return true;
    }
    return false;
}

}  // namespace stackrace::checker::search
