// Goal: each checker fires exactly when its condition holds, including the two that no
// modelled variant violates (clobbered-local, dangling-pointer: see docs/variants.md).
// Method: drive the fix to the step a checker judges, corrupt one word of the World as a
// broken algorithm would, take the step, and read the verdict and its message; the same
// step without the corruption must pass.
#include <catch2/catch.hpp>

#include "model/variant.h"
#include "tests/support/script.h"

using namespace stackrace;
using checker::PropertyId;

namespace {

sim::Addr new_addr(const model::Model& m, const std::string& local) {
    return static_cast<sim::Addr>(
        m.layout().new_sp() +
        m.layout().locals()[static_cast<std::size_t>(m.layout().local_by_name(local))].offset);
}
sim::Addr old_addr(const model::Model& m, const std::string& local) {
    return static_cast<sim::Addr>(
        m.layout().old_sp() +
        m.layout().locals()[static_cast<std::size_t>(m.layout().local_by_name(local))].offset);
}

// G resumed through case d (sender2), stack shrunk, G about to run its checks.
void to_check(testing::Script& s) {
    s.finish("shrinker");
    REQUIRE(s.next_label("shrinker") == "finished");
    s.finish("sender2");
    REQUIRE(s.until("G", "TestSelectStackAdjust/check").value_or("ok") == "ok");
}

}  // namespace

TEST_CASE("clobbered-local fires on a stale pointer or a changed scalar, and only then",
          "[checker][properties]") {
    const auto sc = testing::scenario("select-stack-adjust");
    const model::Model m(sc.spec, *model::find_variant("fix"));

    testing::Script clean(m);
    to_check(clean);
    REQUIRE(clean.step("G", "TestSelectStackAdjust/check").value_or("ok") == "ok");
    CHECK(clean.violations().empty());

    testing::Script stale(m);
    to_check(stale);
    stale.mutable_world().set_mem(new_addr(m, "cx"), old_addr(m, "val"));
    REQUIRE(stale.step("G", "TestSelectStackAdjust/check").value_or("ok") == "ok");
    REQUIRE(stale.violations().size() == 1);
    CHECK(stale.violations()[0].property == PropertyId::ClobberedLocal);
    CHECK(stale.violations()[0].message ==
          "after resuming, cx = &val but it must point to &val' (val)");

    testing::Script changed(m);
    to_check(changed);
    changed.mutable_world().set_mem(new_addr(m, "x.2"), 8);
    REQUIRE(changed.step("G", "TestSelectStackAdjust/check").value_or("ok") == "ok");
    REQUIRE(changed.violations().size() == 1);
    CHECK(changed.violations()[0].message == "after resuming, x.2 = 8 but it was 7");
}

TEST_CASE(
    "dangling-pointer fires when a new-stack pointer or a sudog field points into the old stack",
    "[checker][properties]") {
    const auto sc = testing::scenario("select-stack-adjust");
    const model::Model m(sc.spec, *model::find_variant("fix"));

    testing::Script clean(m);
    REQUIRE(clean.until("shrinker", "shrinkstack/casgstatus").value_or("ok") == "ok");
    REQUIRE(clean.step("shrinker", "shrinkstack/casgstatus").value_or("ok") == "ok");
    CHECK(clean.violations().empty());

    testing::Script frame(m);
    REQUIRE(frame.until("shrinker", "shrinkstack/casgstatus").value_or("ok") == "ok");
    frame.mutable_world().set_mem(new_addr(m, "p.1"), old_addr(m, "x.1"));
    REQUIRE(frame.step("shrinker", "shrinkstack/casgstatus").value_or("ok") == "ok");
    REQUIRE(frame.violations().size() == 1);
    CHECK(frame.violations()[0].property == PropertyId::DanglingPointer);
    CHECK(frame.violations()[0].message ==
          "after the shrink, new+0x18 (p.1') still holds old+0x20 (x.1), an old-stack address");

    testing::Script sudog(m);
    REQUIRE(sudog.until("shrinker", "shrinkstack/casgstatus").value_or("ok") == "ok");
    sudog.mutable_world().set_mem(m.layout().cases()[0].sudog + 4 /* elem */, old_addr(m, "cx"));
    REQUIRE(sudog.step("shrinker", "shrinkstack/casgstatus").value_or("ok") == "ok");
    REQUIRE(sudog.violations().size() == 1);
    CHECK(sudog.violations()[0].message ==
          "after the shrink, sudog(G#0).elem still holds old+0x08 (cx), an old-stack address");
}

TEST_CASE("use-after-free names the actor, the access and the freed word",
          "[checker][properties]") {
    const auto sc = testing::scenario("recv-stack-adjust");
    const model::Model m(sc.spec, *model::find_variant("fix-no-lock"));
    testing::Script s(m);
    REQUIRE(s.until("sender1", "sendDirect/write").value_or("ok") == "ok");
    s.finish("shrinker");
    REQUIRE(s.next_label("shrinker") == "finished");
    CHECK(s.violations().empty());
    REQUIRE(s.step("sender1", "sendDirect/write").value_or("ok") == "ok");
    REQUIRE(s.violations().size() == 1);
    CHECK(s.violations()[0].message ==
          "sender1 wrote &obj(sender1) into freed memory old+0x08 (x) at sendDirect/write");
}
