// Goal: exhaustive exploration finds exactly the violations each variant allows, finds
// none under the fix, is deterministic, and reports limits as incomplete, never verified.
// Method: explore small scenarios and compare the sets of violated properties and the
// golden state counts (a change in the model or the search shows up as a changed number;
// update them only with a reason in the commit message).
#include <catch2/catch.hpp>

#include <filesystem>

#include "checker/search/explorer.h"
#include "checker/suite/run.h"
#include "model/variant.h"
#include "tests/support/script.h"

using namespace stackrace;
using checker::PropertyId;

namespace {

std::vector<PropertyId> violated(const checker::ExploreResult& r) {
    std::vector<PropertyId> out;
    for (const auto& c : r.counterexamples) out.push_back(c.property);
    return out;
}

checker::ExploreResult run(const std::string& scenario, const std::string& variant,
                           checker::ExploreOptions o = {}) {
    const auto s = testing::scenario(scenario);
    const model::Model m(s.spec, *model::find_variant(variant));
    return checker::explore(m, o);
}

}  // namespace

TEST_CASE("TestSelectStackAdjust: the fix verifies, each ablation shows its race",
          "[checker][explore]") {
    const auto fix = run("select-stack-adjust", "fix");
    CHECK(fix.complete());
    CHECK(fix.counterexamples.empty());
    CHECK(fix.states == 7419);
    CHECK(fix.transitions == 17526);

    using P = PropertyId;
    CHECK(violated(run("select-stack-adjust", "go1.6")) ==
          std::vector{P::LostValue, P::UseAfterFree, P::DoubleSelectWin});
    CHECK(violated(run("select-stack-adjust", "fix-no-lock")) ==
          std::vector{P::LostValue, P::UseAfterFree, P::DoubleSelectWin, P::Deadlock});
    CHECK(violated(run("select-stack-adjust", "fix-no-cas")) == std::vector{P::LostValue});
    CHECK(violated(run("select-stack-adjust", "fix-copy-unlocked")) ==
          std::vector{P::LostValue, P::DoubleSelectWin, P::Deadlock});
    // Reference 3.4: once a winner cleared its elem, findsghi without selectdone leaves done'
    // uncopied; when the fresh stack held zero, a second sender wins.
    CHECK(violated(run("select-stack-adjust", "fix-sghi-no-selectdone")) ==
          std::vector{P::DoubleSelectWin});
    CHECK(violated(run("select-stack-adjust", "fix-sghi-no-elemsize")) ==
          std::vector{P::LostValue});
    CHECK(violated(run("select-stack-adjust", "fix-no-sghi-delta")) == std::vector{P::LostValue});
}

TEST_CASE("sghi += delta matters only when the new stack lies above the old",
          "[checker][explore]") {
    CHECK(violated(run("select-stack-adjust", "fix-no-sghi-delta")) ==
          std::vector{PropertyId::LostValue});
    CHECK(violated(run("select-new-below", "fix-no-sghi-delta")).empty());
}

TEST_CASE("exploration is deterministic: same counts and schedules on every run",
          "[checker][explore]") {
    const auto a = run("select-stack-adjust", "fix-no-lock");
    const auto b = run("select-stack-adjust", "fix-no-lock");
    CHECK(a.states == b.states);
    CHECK(a.transitions == b.transitions);
    REQUIRE(a.counterexamples.size() == b.counterexamples.size());
    for (std::size_t i = 0; i < a.counterexamples.size(); ++i)
        CHECK(a.counterexamples[i].schedule == b.counterexamples[i].schedule);
}

TEST_CASE("counterexamples are shortest: no shorter schedule reaches the violation",
          "[checker][explore]") {
    // Breadth-first order: a depth bound one below the counterexample's length must not
    // find that property, the bound at its length must.
    const auto full = run("recv-stack-adjust", "fix-no-cas");
    REQUIRE(full.counterexamples.size() == 1);
    const auto len = static_cast<std::uint32_t>(full.counterexamples[0].schedule.size());
    checker::ExploreOptions shorter;
    shorter.max_depth = len - 1;
    CHECK(run("recv-stack-adjust", "fix-no-cas", shorter).counterexamples.empty());
    checker::ExploreOptions exact;
    exact.max_depth = len;
    CHECK(violated(run("recv-stack-adjust", "fix-no-cas", exact)) ==
          std::vector{PropertyId::LostValue});
}

TEST_CASE("a limit makes the run incomplete, never verified", "[checker][explore]") {
    checker::ExploreOptions o;
    o.max_states = 100;
    const auto r = run("select-stack-adjust", "fix", o);
    CHECK(r.limit == checker::Limit::MaxStates);
    CHECK_FALSE(r.complete());

    const auto s = testing::scenario("select-stack-adjust");
    checker::RunOptions ro;
    ro.explore.max_states = 100;
    const auto vr = checker::run_variant(s, *model::find_variant("fix"), ro);
    CHECK(vr.verdict.kind == checker::VerdictKind::Incomplete);
    CHECK(vr.outcome == checker::Outcome::Incomplete);
    CHECK(vr.mismatch == "incomplete: stopped at 100 states; raise it with --max-states");
}

TEST_CASE("stop_first stops at the first violation found", "[checker][explore]") {
    checker::ExploreOptions o;
    o.stop_first = true;
    const auto r = run("select-stack-adjust", "go1.6", o);
    CHECK(r.limit == checker::Limit::StopFirst);
    CHECK(r.counterexamples.size() == 1);
}

// Every scenario in the library gets, under every variant, the verdict its [expect] table
// states (variants it does not list must verify).
TEST_CASE("every scenario's expectations hold under every variant", "[checker][scenarios]") {
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(STACKRACE_SOURCE_DIR) + "/scenarios")) {
        if (e.path().extension() != ".toml") continue;
        const auto s = checker::load_scenario(e.path().string());
        for (const model::Variant& v : model::all_variants()) {
            const auto vr = checker::run_variant(s, v, checker::RunOptions{});
            INFO(e.path().filename().string() << " under " << v.name << ": " << vr.mismatch);
            CHECK(vr.outcome == checker::Outcome::Match);
        }
    }
}

// Parallel search expands each level in slices and merges them in sequential order: every
// count and every counterexample schedule is the same for any number of jobs.
TEST_CASE("jobs = N gives the same states, transitions and counterexamples as one job",
          "[checker][explore]") {
    for (const char* variant : {"fix", "fix-no-lock", "fix-copy-unlocked"}) {
        checker::ExploreOptions one, three;
        three.jobs = 3;
        const auto a = run("select-send-recv", variant, one);
        const auto b = run("select-send-recv", variant, three);
        INFO(variant);
        CHECK(a.states == b.states);
        CHECK(a.transitions == b.transitions);
        CHECK(a.final_states == b.final_states);
        REQUIRE(a.counterexamples.size() == b.counterexamples.size());
        for (std::size_t i = 0; i < a.counterexamples.size(); ++i) {
            CHECK(a.counterexamples[i].property == b.counterexamples[i].property);
            CHECK(a.counterexamples[i].schedule == b.counterexamples[i].schedule);
        }
    }
}

// Hash compaction keeps 64-bit fingerprints instead of states: on these small spaces no two
// states collide, so the counts are those of the exact search, in less memory.
TEST_CASE("hash compaction gives the exact counts on small scenarios, in less memory",
          "[checker][explore]") {
    checker::ExploreOptions exact, compact;
    compact.compact = true;
    const auto a = run("select-stack-adjust", "fix-no-lock", exact);
    const auto b = run("select-stack-adjust", "fix-no-lock", compact);
    CHECK(a.exact);
    CHECK_FALSE(b.exact);
    CHECK(a.states == b.states);
    CHECK(a.transitions == b.transitions);
    CHECK(violated(a) == violated(b));
    CHECK(b.bytes < a.bytes);
}

TEST_CASE("a buffered value is attributed to its sender by all its words", "[checker][explore]") {
    // Two senders whose values share their first word: taking s2's value from the buffer
    // must not be judged against s1's (a false lost-value before the fix).
    const auto s = testing::scenario_text(R"(
title = "two senders, values share the first word"
[stack]
[[stack.frame]]
func = "runtime.chanrecv"
locals = [{ name = "t", kind = "int", value = 0 }]
[[stack.frame]]
func = "f"
locals = [ { name = "x", kind = "int", value = 0 }, { name = "x2", kind = "int", value = 0 } ]
[[chan]]
name = "c"
elem = "ii"
buffer = 2
[[chan]]
name = "d"
elem = "i"
[g]
op = "recv"
start = "running"
may_end_parked = true
cases = [{ chan = "d" }]
[[sender]]
name = "s1"
chan = "c"
value = [5, 5]
[[sender]]
name = "s2"
chan = "c"
value = [5, 6]
[[receiver]]
name = "r1"
chan = "c"
[[receiver]]
name = "r2"
chan = "c"
)");
    const model::Model m(s.spec, *model::find_variant("fix"));
    const auto r = checker::explore(m, {});
    CHECK(r.complete());
    CHECK(violated(r).empty());
}
