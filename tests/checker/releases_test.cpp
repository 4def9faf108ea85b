// Goal: each change the release variants model matters: the release with that one change
// reverted behaves as the release before it, on a scenario that tells the two apart.
// Method: explore the scenario under the release, under the release before it, and under the
// release with one flag reverted; compare the violated properties and the state counts of
// those explorations (no verdict is written down here: exploration gives them all).
#include <catch2/catch.hpp>

#include "checker/search/explorer.h"
#include "model/variant.h"
#include "tests/support/script.h"

using namespace stackrace;
using checker::PropertyId;

namespace {

struct Outcome {
    std::vector<PropertyId> violated;
    std::uint64_t states = 0;
    bool operator==(const Outcome&) const = default;
};

model::Variant release(const std::string& name) { return *model::find_variant(name); }

Outcome explore(const std::string& scenario, const model::Variant& v) {
    const auto s = testing::scenario(scenario);
    const model::Model m(s.spec, v);
    const checker::ExploreResult r = checker::explore(m, {});
    REQUIRE(r.complete());
    Outcome o;
    for (const auto& c : r.counterexamples) o.violated.push_back(c.property);
    o.states = r.states;
    return o;
}

}  // namespace

TEST_CASE("the releases form the group releases, in release order, each with its source",
          "[checker][releases]") {
    const auto releases = model::find_variants("releases");
    REQUIRE(releases.has_value());
    std::vector<std::string> names;
    for (const model::Variant& v : *releases) {
        names.push_back(v.name);
        REQUIRE(v.source.has_value());
        const bool from_114 = v.active_stack_chans;  // read from tamago-go, with preempt.go
        CHECK(v.source->repo == (from_114 ? "usbarmory/tamago-go" : "zhyoulun/go"));
        CHECK(v.source->commit.size() == 40);
        CHECK(v.source->files.size() == (from_114 ? 7U : 6U));
    }
    CHECK(names == std::vector<std::string>{"go1.7", "go1.7.5", "go1.8", "go1.9", "go1.10",
                                            "go1.14", "go1.14.10", "go1.15", "go1.15.3", "go1.16",
                                            "go1.20", "go1.23", "go1.25"});
    CHECK(model::find_variants("all")->size() == model::all_variants().size());
    CHECK(model::find_variants("fix")->size() == 1);
    CHECK_FALSE(model::find_variants("go1.11").has_value());
}

TEST_CASE("go1.7.5 is go1.7 but for the growth in the post-wake-up sellock (#17007)",
          "[checker][releases]") {
    const std::string s = "select-grow-wakeup";
    const Outcome go17 = explore(s, release("go1.7"));
    const Outcome go175 = explore(s, release("go1.7.5"));
    REQUIRE(go17.violated != go175.violated);  // the scenario tells them apart
    model::Variant grows = release("go1.7.5");
    grows.sellock_wakeup_grows = true;
    CHECK(explore(s, grows) == go17);
    model::Variant on_system_stack = release("go1.7");
    on_system_stack.sellock_wakeup_grows = false;
    CHECK(explore(s, on_system_stack) == go175);
}

TEST_CASE("go1.10's g.selectDone is what keeps its growth in sellock safe", "[checker][releases]") {
    const std::string s = "select-grow-wakeup";
    const Outcome go17 = explore(s, release("go1.7"));
    const Outcome go19 = explore(s, release("go1.9"));
    const Outcome go110 = explore(s, release("go1.10"));
    REQUIRE(go110.violated != go17.violated);
    // selectdone back on the stack, the sellock still on G's stack: go1.7's race again.
    model::Variant on_stack = release("go1.10");
    on_stack.selectdone_in_g = false;
    CHECK(explore(s, on_stack) == go17);
    // Both of go1.10's changes reverted: exactly go1.9 (same layout, same states).
    on_stack.sellock_wakeup_grows = false;
    CHECK(explore(s, on_stack) == go19);
    // go1.10 and go1.9 agree on the verdict but not on the states: the scenario tells them apart.
    CHECK(go110.violated == go19.violated);
    CHECK(go110.states != go19.states);
}

TEST_CASE("go1.8 and go1.9 are go1.7.5 for this protocol", "[checker][releases]") {
    for (const std::string s : {"select-grow-wakeup", "select-same-channel-grow-wakeup",
                                "select-three-senders-scan", "select-grow-gopark"}) {
        INFO(s);
        const Outcome go175 = explore(s, release("go1.7.5"));
        CHECK(explore(s, release("go1.8")) == go175);
        CHECK(explore(s, release("go1.9")) == go175);
    }
}

TEST_CASE("go1.7's lastc skip: without it a duplicate channel deadlocks the shrink as in fix",
          "[checker][releases]") {
    const std::string s = "select-same-channel";
    const Outcome go17 = explore(s, release("go1.7"));
    const Outcome fix = explore(s, release("fix"));
    REQUIRE(go17.violated != fix.violated);
    model::Variant no_lastc = release("go1.7");
    no_lastc.skips_repeated_chan = false;
    CHECK(explore(s, no_lastc).violated == fix.violated);
}

TEST_CASE("go1.7's _Gscan ownership and ready's status check go together", "[checker][releases]") {
    const std::string s = "select-stack-adjust";
    const Outcome go17 = explore(s, release("go1.7"));
    // Both reverted: the commit's shrink under _Gcopystack and a ready that waits on it, i.e.
    // fix-lastc (the seed commit with go1.7's lastc skip).
    model::Variant commit_shape = release("go1.7");
    commit_shape.scan_owns_stack = false;
    commit_shape.ready_checks_status = false;
    const Outcome lastc = explore(s, release("fix-lastc"));
    CHECK(explore(s, commit_shape) == lastc);
    // The two ownerships make state spaces of the same shape here (only the status values
    // differ): go1.7's shrink is as safe as the commit's.
    CHECK(go17 == lastc);
    // Only the ownership reverted: a waker meeting the commit's _Gcopystack throws in ready,
    // which no release does (their shrink never sets _Gcopystack).
    model::Variant copystack_owner = release("go1.7");
    copystack_owner.scan_owns_stack = false;
    CHECK(explore(s, copystack_owner).violated != go17.violated);
}

TEST_CASE("go1.14.10's parkingOnChan is the #40641 fix", "[checker][releases]") {
    const std::string s = "park-race-40641";
    const Outcome go114 = explore(s, release("go1.14"));
    const Outcome go11410 = explore(s, release("go1.14.10"));
    REQUIRE(go114.violated != go11410.violated);  // the scenario tells them apart
    CHECK(go11410.violated.empty());
    // The fix reverted: go1.14's race (its layout lacks parkingOnChan and preemptShrink,
    // which change no step's outcome but the World's size, so states are compared too).
    model::Variant unfixed = release("go1.14.10");
    unfixed.parking_on_chan = false;
    CHECK(explore(s, unfixed) == go114);
    // Without activeStackChans as well, the releases' shrink always locks: go1.10 again.
    unfixed.active_stack_chans = false;
    CHECK(explore(s, unfixed) == explore(s, release("go1.10")));
    // go1.15 and go1.15.3 are go1.14 and go1.14.10 for this protocol.
    CHECK(explore(s, release("go1.15")) == go114);
    CHECK(explore(s, release("go1.15.3")) == go11410);
}

TEST_CASE("go1.16's sudog.success: a select woken by close does not poll again",
          "[checker][releases]") {
    const std::string s = "close-stack-adjust";
    const Outcome go1153 = explore(s, release("go1.15.3"));
    const Outcome go116 = explore(s, release("go1.16"));
    REQUIRE(go116.states != go1153.states);  // the scenario tells them apart
    model::Variant no_success = release("go1.16");
    no_success.sudog_success = false;
    CHECK(explore(s, no_success) == go1153);
    // go1.20, go1.23 and go1.25 are go1.16 for the model.
    for (const std::string r : {"go1.20", "go1.23", "go1.25"})
        CHECK(explore(s, release(r)) == go116);
}
