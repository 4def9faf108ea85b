// Goal: minimize gives the fewest context switches among schedules of the same length that
// reach the same property at the last step, never returns a schedule that does not replay,
// is idempotent, and explore writes traces that are already minimal.
#include <catch2/catch.hpp>

#include <filesystem>

#include "checker/suite/run.h"
#include "checker/trace/minimize.h"
#include "checker/trace/replay.h"
#include "checker/trace/trace_check.h"
#include "model/variant.h"
#include "tests/support/script.h"

using namespace stackrace;

namespace {

// The saved fix-sghi-no-selectdone counterexample was written by breadth-first search alone:
// it interleaves the senders' steps with the shrinker's where nothing forces it to.
const std::string kGratuitous =
    std::string(STACKRACE_SOURCE_DIR) +
    "/scenarios/traces/select-stack-adjust.fix-sghi-no-selectdone.double-select-win.trace";

}  // namespace

TEST_CASE("context_switches counts actor changes", "[checker][minimize]") {
    const std::vector<sim::ActorId> s{0, 0, 1, 1, 0, 2};
    CHECK(checker::context_switches(s) == 3);
    CHECK(checker::context_switches(std::vector<sim::ActorId>{}) == 0);
    CHECK(checker::context_switches(std::vector<sim::ActorId>{4}) == 0);
}

TEST_CASE("minimize removes gratuitous switches, still reproduces, and is idempotent",
          "[checker][minimize]") {
    const checker::TraceCheck c = checker::check_trace(kGratuitous, "");
    REQUIRE(c.outcome == checker::TraceOutcome::Reproduced);
    checker::Minimized how;
    const checker::Trace once = checker::minimize_trace(c, how);
    CHECK(how.exhaustive);
    CHECK(how.switches_before == 5);
    CHECK(how.switches_after == 2);
    CHECK(once.steps.size() == c.trace.steps.size());
    CHECK(once.property == c.trace.property);

    // The result replays, through the same code as `stackrace replay`, to the same property
    // at its last step, and its recorded final hash is the replayed one.
    const auto m = c.model;
    checker::ScheduleMismatch why;
    const auto ids = checker::actor_ids(m, once, why);
    REQUIRE(ids);
    std::vector<model::Site> sites;
    for (const checker::TraceStep& st : once.steps) sites.push_back(st.site);
    const auto replayed =
        checker::replay_schedule(m, *m.roots().by_name(once.fresh_stack), *ids, sites);
    REQUIRE(replayed.result);
    CHECK(replayed.result->violation_step == once.steps.size());
    CHECK(replayed.result->has(once.property));
    CHECK(replayed.result->final_hash == once.final_hash);
    CHECK(checker::context_switches(*ids) == 2);

    // Idempotent: minimizing the minimized schedule changes nothing.
    const auto again =
        checker::minimize_schedule(m, *m.roots().by_name(once.fresh_stack), *ids, once.property);
    CHECK_FALSE(again.improved());
    CHECK(again.schedule == *ids);
    CHECK(again.exhaustive);
}

TEST_CASE("minimize keeps the input when the budget stops the search before a better schedule",
          "[checker][minimize]") {
    const checker::TraceCheck c = checker::check_trace(kGratuitous, "");
    const auto& m = c.model;
    checker::ScheduleMismatch why;
    const auto ids = checker::actor_ids(m, c.trace, why);
    REQUIRE(ids);
    checker::MinimizeOptions tiny;
    tiny.max_nodes = 1;
    const auto r = checker::minimize_schedule(m, *m.roots().by_name(c.trace.fresh_stack), *ids,
                                              c.trace.property, tiny);
    CHECK_FALSE(r.exhaustive);
    CHECK(r.schedule == *ids);
    CHECK(r.replay.final_hash == c.trace.final_hash);
}

TEST_CASE("explore writes counterexamples that minimize cannot improve", "[checker][minimize]") {
    const auto s = testing::scenario("select-stack-adjust");
    const std::string dir =
        (std::filesystem::temp_directory_path() / "stackrace-minimize").string();
    std::filesystem::remove_all(dir);
    checker::RunOptions o;
    o.trace_dir = dir;
    const auto run = checker::run_variant(s, *model::find_variant("fix-sghi-no-selectdone"), o);
    REQUIRE(run.traces.size() == 1);
    CHECK(run.traces[0].steps == 27);  // still the shortest: minimizing keeps the length
    const checker::TraceCheck c = checker::check_trace(run.traces[0].path, s.path);
    REQUIRE(c.outcome == checker::TraceOutcome::Reproduced);
    checker::Minimized how;
    (void)checker::minimize_trace(c, how);
    CHECK(how.exhaustive);
    CHECK(how.switches_before == 2);
    CHECK_FALSE(how.improved());
}
