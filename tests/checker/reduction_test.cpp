// Goal: the reductions (partial-order from step footprints, symmetry of identical actors)
// never change a verdict, keep counterexamples shortest and replayable, really reduce, and
// rest on universes that hold every access the model makes.
// Method: explore every scenario of the library under every variant with and without the
// reductions and compare; walk every full state space and check each channel-side step's
// observed footprint against its actor's universe.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unordered_set>

#include "checker/scenario/scenario.h"
#include "checker/search/explorer.h"
#include "checker/search/reduction.h"
#include "checker/trace/replay.h"
#include "model/footprints.h"
#include "model/variant.h"
#include "sim/hash.h"
#include "tests/support/script.h"

using namespace stackrace;
using checker::PropertyId;

namespace {

std::vector<std::string> library() {
    std::vector<std::string> out;
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(STACKRACE_SOURCE_DIR) + "/scenarios"))
        if (e.path().extension() == ".toml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

checker::ExploreResult explore(const model::Model& m, checker::Reductions r, bool compact = false,
                               unsigned jobs = 1, bool stop_first = false,
                               std::uint32_t max_depth = 0) {
    checker::ExploreOptions o;
    o.reductions = r;
    o.compact = compact;
    o.jobs = jobs;
    o.stop_first = stop_first;
    o.max_depth = max_depth;
    return checker::explore(m, o);
}

}  // namespace

TEST_CASE(
    "reductions change no verdict and keep counterexamples shortest, on every scenario and variant",
    "[checker][reduction]") {
    for (const std::string& path : library()) {
        const checker::Scenario s = checker::load_scenario(path);
        for (const model::Variant& v : model::all_variants()) {
            INFO(path << " under " << v.name);
            const model::Model m(s.spec, v);
            const auto full = explore(m, {});
            const auto reduced = explore(m, {true, true});
            REQUIRE(full.complete());
            REQUIRE(reduced.complete());
            CHECK(reduced.states <= full.states);
            REQUIRE(reduced.counterexamples.size() == full.counterexamples.size());
            for (std::size_t i = 0; i < full.counterexamples.size(); ++i) {
                const auto& f = full.counterexamples[i];
                const auto& r = reduced.counterexamples[i];
                CHECK(r.property == f.property);
                CHECK(r.schedule.size() == f.schedule.size());
                // The reduced search's schedule reproduces its violation.
                const auto replayed = checker::replay_schedule(m, r.root, r.schedule);
                REQUIRE(replayed.result);
                CHECK(replayed.result->has(r.property));
            }
            // --stop-first reports the violation the full search meets first.
            const auto full_first = explore(m, {}, false, 1, true);
            const auto reduced_first = explore(m, {true, true}, false, 1, true);
            REQUIRE(reduced_first.counterexamples.size() == full_first.counterexamples.size());
            if (!full_first.counterexamples.empty()) {
                CHECK(reduced_first.counterexamples[0].property ==
                      full_first.counterexamples[0].property);
                CHECK(reduced_first.counterexamples[0].schedule.size() ==
                      full_first.counterexamples[0].schedule.size());
            }
        }
    }
}

TEST_CASE(
    "a depth bound turns partial-order reduction off: a bounded search finds what the full one "
    "finds",
    "[checker][reduction]") {
    // The reduced search reaches this lost-value two levels later than the full search.
    const auto s = testing::scenario("send-full-buffer");
    const model::Model m(s.spec, *model::find_variant("fix-copy-unlocked"));
    const auto full = explore(m, {}, false, 1, false, 20);
    const auto reduced = explore(m, {true, true}, false, 1, false, 20);
    REQUIRE(full.counterexamples.size() == 1);
    REQUIRE(reduced.counterexamples.size() == 1);
    CHECK(reduced.counterexamples[0].property == PropertyId::LostValue);
    CHECK(reduced.reduced_states == 0);
    CHECK(reduced.reductions.find("partial-order off: --max-depth bounds the schedules") !=
          std::string::npos);
}

TEST_CASE("every step of a sender, receiver or closer stays inside its universe",
          "[checker][reduction]") {
    // Breadth-first over the full state space (no reduction); a step's observed footprint is
    // its logged accesses plus every word, region state and ghost it changed.
    for (const std::string& path : library()) {
        const checker::Scenario s = checker::load_scenario(path);
        for (const model::Variant& v : model::all_variants()) {
            INFO(path << " under " << v.name);
            const model::Model m(s.spec, v);
            const model::Footprints fp(m);
            std::unordered_set<std::uint64_t> seen;
            std::vector<sim::World> frontier;
            for (const auto& root : m.roots())
                if (seen.insert(sim::hash64(root.world.words())).second)
                    frontier.push_back(root.world);
            sim::AccessLog log;
            std::size_t checked = 0;
            bool ok = true;
            while (!frontier.empty() && ok) {
                std::vector<sim::World> next;
                for (const sim::World& w : frontier) {
                    for (std::size_t a = 0; a < m.actors().size() && ok; ++a) {
                        const auto actor = static_cast<sim::ActorId>(a);
                        const model::Peek p = model::peek(m, w, actor);
                        if (p.status != model::PeekStatus::Enabled) continue;
                        sim::World after = w;
                        model::step(m, after, actor, log);
                        const model::ActorKind kind = m.actors()[a].kind;
                        if (kind == model::ActorKind::Sender ||
                            kind == model::ActorKind::Receiver ||
                            kind == model::ActorKind::Closer) {
                            sim::Footprint step(fp.locations().count());
                            step.add_observed(fp.locations(), m.layout().map(), w, after, log);
                            ++checked;
                            if (!fp.universe(actor).contains(step)) {
                                FAIL_CHECK(m.actors()[a].name
                                           << " at " << model::go_site(p.site).label
                                           << " touched a location outside its universe");
                                ok = false;
                            }
                            // Symmetry counts an actor as started once it leaves its first pc.
                            if (w.pc(actor) != m.roots().initial().pc(actor) &&
                                after.pc(actor) == m.roots().initial().pc(actor)) {
                                FAIL_CHECK(m.actors()[a].name << " came back to its first step");
                                ok = false;
                            }
                        }
                        if (seen.insert(sim::hash64(after.words())).second)
                            next.push_back(std::move(after));
                    }
                }
                frontier = std::move(next);
            }
            if (!s.spec.senders.empty() || !s.spec.receivers.empty()) CHECK(checked > 0);
        }
    }
}

TEST_CASE("partial-order reduction takes fewer states on the Go test's situation",
          "[checker][reduction]") {
    const auto s = testing::scenario("select-stack-adjust");
    const model::Model m(s.spec, *model::find_variant("fix"));
    const auto full = explore(m, {});
    const auto por = explore(m, {true, false});
    CHECK(full.states == 7419);
    CHECK(por.states < full.states * 3 / 4);
    CHECK(por.reduced_states > 0);
    CHECK(por.reductions == "partial-order (step footprints)");
    CHECK(full.reductions == "none");
}

TEST_CASE("symmetry reduction folds identical senders", "[checker][reduction]") {
    const auto s = testing::scenario("recv-identical-senders");
    const model::Model m(s.spec, *model::find_variant("fix"));
    const checker::Reducer r(m, {false, true});
    REQUIRE(r.symmetry_groups().size() == 1);
    CHECK(r.symmetry_groups()[0].size() == 3);
    const auto full = explore(m, {});
    const auto sym = explore(m, {false, true});
    CHECK(sym.states * 3 < full.states);
    CHECK(sym.reductions == "symmetry (1 group of identical actors)");
    // Senders with default (distinct) values are not identical.
    const auto three = testing::scenario("recv-three-senders");
    CHECK(checker::Reducer(model::Model(three.spec, *model::find_variant("fix")), {false, true})
              .symmetry_groups()
              .empty());
}

TEST_CASE("reduced searches are deterministic: any number of jobs, exact or compact",
          "[checker][reduction]") {
    const auto s = testing::scenario("recv-three-senders");
    const model::Model m(s.spec, *model::find_variant("fix-no-cas"));
    const auto one = explore(m, {true, true}, false, 1);
    const auto two = explore(m, {true, true}, false, 2);
    const auto compact = explore(m, {true, true}, true, 2);
    CHECK(one.states == two.states);
    CHECK(one.transitions == two.transitions);
    CHECK(one.reduced_states == two.reduced_states);
    CHECK(compact.states == one.states);
    CHECK(compact.transitions == one.transitions);
    REQUIRE(one.counterexamples.size() == two.counterexamples.size());
    for (std::size_t i = 0; i < one.counterexamples.size(); ++i)
        CHECK(one.counterexamples[i].schedule == two.counterexamples[i].schedule);
}
