#include "checker/trace/minimize.h"

#include <fmt/format.h>

#include <deque>
#include <optional>
#include <unordered_map>

#include "checker/judge/step_judge.h"
#include "checker/trace/internal_error.h"
#include "model/actors.h"
#include "sim/assert.h"
#include "sim/hash.h"

namespace stackrace::checker {
namespace {

constexpr sim::ActorId kNoActor = static_cast<sim::ActorId>(-1);

// A search node: how it was reached (for the schedule) and what it costs.
struct Node {
    std::size_t parent = 0;  // index into the node table; the root is its own parent
    sim::ActorId actor = kNoActor;
    std::size_t depth = 0;
    std::size_t switches = 0;
};

// An open node carries its World; closed nodes keep only their back edge, which is all the
// schedule reconstruction needs, so memory grows with the frontier, not the whole search.
struct Open {
    std::size_t node = 0;
    sim::World world;
};

std::uint64_t node_key(const sim::World& w, sim::ActorId last, std::size_t depth) {
    // The hash only deduplicates the search: every accepted schedule is replayed.
    std::uint64_t h = sim::hash64(w.words());
    h ^= (static_cast<std::uint64_t>(last) + 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
    h ^= (static_cast<std::uint64_t>(depth) + 0x94d049bb133111ebULL) * 0x2545f4914f6cdd1dULL;
    return h;
}

bool has(const std::vector<Violation>& vs, PropertyId p) {
    for (const Violation& v : vs)
        if (v.property == p) return true;
    return false;
}

std::vector<sim::ActorId> schedule_of(const std::vector<Node>& nodes, std::size_t leaf) {
    std::vector<sim::ActorId> out;
    for (std::size_t n = leaf; nodes[n].actor != kNoActor; n = nodes[n].parent)
        out.push_back(nodes[n].actor);
    return {out.rbegin(), out.rend()};
}

// judged_here runs fn, a peek or a step from node `at` (of `actor`, or kNoActor); an internal
// error it raises is rethrown with the schedule that reached it. The schedule is built only
// then: most nodes never need it.
template <class Fn>
auto judged_here(std::size_t root, const std::vector<Node>& nodes, std::size_t at,
                 sim::ActorId actor, Fn&& fn) {
    try {
        return fn();
    } catch (const sim::InternalError& e) {
        std::vector<sim::ActorId> schedule = schedule_of(nodes, at);
        if (actor != kNoActor) schedule.push_back(actor);
        throw ScheduleError(e.what(), root, std::move(schedule));
    }
}

bool reproduces(const ReplayOutcome& r, PropertyId p, std::size_t length) {
    return r.result && r.result->violation_step == length && r.result->has(p);
}

}  // namespace

std::size_t context_switches(std::span<const sim::ActorId> schedule) {
    std::size_t n = 0;
    for (std::size_t i = 1; i < schedule.size(); ++i)
        if (schedule[i] != schedule[i - 1]) ++n;
    return n;
}

Minimized minimize_schedule(const model::Model& m, std::size_t root,
                            std::span<const sim::ActorId> schedule, PropertyId p,
                            const MinimizeOptions& o) {
    Minimized out;
    out.schedule.assign(schedule.begin(), schedule.end());
    out.switches_before = out.switches_after = context_switches(schedule);
    ReplayOutcome input = replay_schedule(m, root, schedule);
    with_schedule(root, schedule, [&] {
        SR_ASSERT_MSG(reproduces(input, p, schedule.size()),
                      fmt::format("minimize: the schedule does not reach {} at its last step",
                                  property_name(p)));
    });
    out.replay = std::move(*input.result);
    const std::size_t length = schedule.size();
    if (out.switches_before == 0) return out;

    // 0-1 BFS: nodes leave the deque in nondecreasing switch count, so the first goal with
    // fewer switches than the best known, once nothing cheaper is open, is optimal.
    std::vector<Node> nodes{Node{0, kNoActor, 0, 0}};
    std::deque<Open> open;
    open.push_back(Open{0, m.roots().at(root).world});
    std::unordered_map<std::uint64_t, std::size_t> best;  // node key -> fewest switches seen
    std::optional<std::size_t> goal;
    std::size_t bound = out.switches_before;  // only strictly better candidates are kept
    while (!open.empty()) {
        Open cur = std::move(open.front());
        open.pop_front();
        const Node here = nodes[cur.node];
        if (here.switches >= bound) continue;  // a goal at most as cheap is known
        if (const auto it = best.find(node_key(cur.world, here.actor, here.depth));
            it != best.end() && it->second < here.switches)
            continue;
        if (++out.nodes > o.max_nodes) {
            out.exhaustive = false;
            break;
        }
        for (std::size_t ai = 0; ai < m.actors().size(); ++ai) {
            const auto a = static_cast<sim::ActorId>(ai);
            const model::Peek pk = judged_here(root, nodes, cur.node, kNoActor,
                                               [&] { return model::peek(m, cur.world, a); });
            if (pk.status != model::PeekStatus::Enabled) continue;
            const std::size_t cost =
                here.switches + (here.actor != kNoActor && here.actor != a ? 1 : 0);
            if (cost >= bound) continue;
            // Judged as replay_schedule judges it: the search keeps what a replay reproduces.
            JudgedStep judged =
                judged_here(root, nodes, cur.node, a, [&] { return judge_step(m, cur.world, a); });
            const std::vector<Violation>& vs = judged.violations;
            const std::size_t depth = here.depth + 1;
            if (!vs.empty() || depth == length) {
                // A violation ends a replay: only the recorded property at the last step counts.
                if (depth == length && has(vs, p)) {
                    nodes.push_back(Node{cur.node, a, depth, cost});
                    goal = nodes.size() - 1;
                    bound = cost;
                }
                continue;
            }
            const std::uint64_t key = node_key(judged.after, a, depth);
            const auto [it, fresh] = best.try_emplace(key, cost);
            if (!fresh) {
                if (it->second <= cost) continue;
                it->second = cost;
            }
            nodes.push_back(Node{cur.node, a, depth, cost});
            if (cost == here.switches)
                open.push_front(Open{nodes.size() - 1, std::move(judged.after)});
            else
                open.push_back(Open{nodes.size() - 1, std::move(judged.after)});
        }
    }
    if (!goal) return out;
    std::vector<sim::ActorId> candidate = schedule_of(nodes, *goal);
    ReplayOutcome checked = replay_schedule(m, root, candidate);
    // A hash collision in the search could only produce a candidate that fails here; the
    // input is then kept, never an unverified schedule.
    if (!reproduces(checked, p, length)) {
        out.exhaustive = false;
        return out;
    }
    out.switches_after = context_switches(candidate);
    out.schedule = std::move(candidate);
    out.replay = std::move(*checked.result);
    return out;
}

void apply_schedule(const model::Model& m, std::span<const sim::ActorId> schedule,
                    const ReplayResult& r, Trace& t) {
    SR_ASSERT(r.steps.size() == schedule.size());
    t.steps.clear();
    for (std::size_t i = 0; i < schedule.size(); ++i)
        t.steps.push_back(TraceStep{m.actors()[schedule[i]].name, r.steps[i].site, 0});
    for (const Violation& v : r.violations)
        if (v.property == t.property) {
            t.message = v.message;
            break;
        }
    t.final_hash = r.final_hash;
}

Trace minimize_trace(const TraceCheck& c, Minimized& how, const MinimizeOptions& o) {
    SR_ASSERT(c.outcome == TraceOutcome::Reproduced);
    ScheduleMismatch why;
    const auto ids = actor_ids(c.model, c.trace, why);
    SR_ASSERT(ids.has_value());
    const auto root = c.model.roots().by_name(c.trace.fresh_stack);
    SR_ASSERT(root.has_value());
    try {
        how = minimize_schedule(c.model, *root, *ids, c.trace.property, o);
    } catch (const ScheduleError& e) {
        raise_with_trace(c.model, e, c.trace, "");
    }
    Trace t = c.trace;
    apply_schedule(c.model, how.schedule, how.replay, t);
    return t;
}

}  // namespace stackrace::checker
