// Goal: the replay view shows one column per actor, marks context switches, describes the
// state at a step in the model's names, and explains a violation by the steps that caused it.
#include <catch2/catch.hpp>

#include "checker/report/replay_view.h"
#include "checker/trace/trace_check.h"

using namespace stackrace;

namespace {

std::string saved(const std::string& name) {
    return std::string(STACKRACE_SOURCE_DIR) + "/scenarios/traces/" + name + ".trace";
}

}  // namespace

TEST_CASE("replay rows: the label sits in its actor's column, a switch gets a separator",
          "[checker][replay-view]") {
    const checker::TraceCheck c =
        checker::check_trace(saved("recv-stack-adjust.fix-no-lock.use-after-free"), "");
    const checker::StepColumns cols(c.model, c.replay);
    CHECK_THAT(cols.header(), Catch::StartsWith(" step  shrinker"));
    CHECK_THAT(cols.header(), Catch::Contains("| G "));
    CHECK_THAT(cols.header(), Catch::Contains("| sender1 "));
    const std::string first = cols.row(0, false);
    CHECK_THAT(first, Catch::StartsWith("    1  shrinkstack/casgcopystack"));
    CHECK_THAT(first, Catch::Contains("`oldstatus := casgcopystack(gp)`"));
    CHECK_THAT(first, Catch::Contains("g.atomicstatus: 4 -> 8"));
    std::size_t switches = 0;
    for (std::size_t i = 0; i < c.replay.steps.size(); ++i)
        if (cols.row(i, false).find(" switch: ") != std::string::npos) ++switches;
    std::size_t actual = 0;
    for (std::size_t i = 1; i < c.replay.steps.size(); ++i)
        if (c.replay.steps[i].actor != c.replay.steps[i - 1].actor) ++actual;
    CHECK(switches == actual);
    CHECK(switches > 0);
    CHECK_THAT(cols.row(32, true),
               Catch::Contains("write old+0x08 (x) = &obj(sender1)  (FREED MEMORY)"));
}

TEST_CASE("a violation is explained by the steps that caused it", "[checker][replay-view]") {
    const checker::TraceCheck c =
        checker::check_trace(saved("recv-stack-adjust.fix-no-lock.use-after-free"), "");
    REQUIRE(c.replay.violations.size() == 1);
    const checker::Violation& v = c.replay.violations[0];
    CHECK(checker::explain_violation(c.model, c.replay, v) ==
          "sender1 read sudog(G#0).elem = &x at step 8 before shrinker changed it to &x' at step "
          "9; at step 33 "
          "sender1 wrote &obj(sender1) into old+0x08 (x) (freed memory), memory shrinker freed at "
          "step 32");
    CHECK(checker::cause_steps(c.model, c.replay, v) == std::vector<std::size_t>{33, 8, 9, 32});

    // A lost value: the word G checks, who last wrote it, and the sender's write on the other
    // stack.
    const checker::TraceCheck lost =
        checker::check_trace(saved("select-stack-adjust.fix-no-cas.lost-value"), "");
    const std::string why =
        checker::explain_violation(lost.model, lost.replay, lost.replay.violations[0]);
    CHECK_THAT(why, Catch::StartsWith(
                        "at step 61 G found new+0x08 (cx') = &val', last written by shrinker"));
}

TEST_CASE("the state at a step: pcs, locks, queues, stacks and sudogs in the model's names",
          "[checker][replay-view]") {
    const checker::TraceCheck c =
        checker::check_trace(saved("recv-stack-adjust.fix-no-lock.use-after-free"), "");
    const auto worlds = checker::worlds_along(
        c.model, *c.model.roots().by_name(c.trace.fresh_stack), c.replay.steps);
    REQUIRE(worlds.size() == c.replay.steps.size() + 1);
    CHECK(worlds.back() == c.replay.final_world);
    const checker::StateView start = checker::view_state(c.model, worlds[0]);
    REQUIRE(start.actors.size() == c.model.actors().size());
    CHECK(start.actors[0].name == "shrinker");
    CHECK(start.actors[0].pc == "shrinkstack/casgcopystack");
    REQUIRE(start.stacks.size() >= 2);
    CHECK(start.stacks[0].name == "old");
    CHECK(start.stacks[0].state == "allocated");
    CHECK(start.stacks[1].state == "free");
    CHECK_THAT(checker::format_state(checker::view_state(c.model, worlds[1])),
               Catch::Contains("recvq sudog(G#0);"));
    const std::string text = checker::format_state(checker::view_state(c.model, worlds[9]));
    CHECK_THAT(text,
               Catch::Contains(
                   "sender1    at sendDirect/write                 runnable; holds hchan(c).lock"));
    CHECK_THAT(text, Catch::Contains("elem=&x'"));  // adjusted by the shrinker at step 9
    CHECK_THAT(text, Catch::Contains("stack new (allocated)"));
}

TEST_CASE("a release variant's replay shows each step's line in that release",
          "[checker][replay-view]") {
    const checker::TraceCheck c =
        checker::check_trace(saved("select-stack-adjust.fix-no-cas.lost-value"), "");
    // The same steps under a variant that models go1.9 (only the name and source differ).
    model::Variant go19 = c.model.variant();
    go19.name = "go1.9";
    go19.source = model::GoSource{
        "zhyoulun/go", "c8aec4095e089ff6ac50d18e97c3f46561f14f48", {"src/runtime/select.go"}};
    const model::Model release(c.model.spec(), go19);
    const checker::StepColumns base(c.model, c.replay), cols(release, c.replay);
    bool seen = false;
    for (std::size_t i = 0; i < c.replay.steps.size(); ++i) {
        const model::Site s = c.replay.steps[i].site;
        const checker::StepLocation where = checker::step_location(s, go19);
        CHECK_THAT(cols.row(i, false),
                   Catch::Contains(where.loc + " " + std::string(where.function)));
        if (s != model::Site::selectgo_pass3_dequeue) continue;
        seen = true;
        CHECK(where.loc == "select.go:488");
        CHECK_THAT(cols.row(i, false), Catch::Contains("select.go:488 selectgo "));
        CHECK_THAT(base.row(i, false), Catch::Contains("select.go:457 selectgoImpl "));
    }
    CHECK(seen);
    // A step the release lacks shows the file alone; a variant without a source the base line.
    CHECK(checker::step_location(model::Site::shrinkstack_casgcopystack, go19).loc == "stack.go");
    CHECK(checker::step_location(model::Site::shrinkstack_casgcopystack, c.model.variant()).loc ==
          "stack.go:1122");
}
