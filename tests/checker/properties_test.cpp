// Goal: each checker fires exactly when its condition holds, including the two that no
// modelled variant violates (clobbered-local, dangling-pointer: see docs/variants.md).
// Method: drive the fix to the step a checker judges, corrupt one word of the World as a
// broken algorithm would, take the step, and read the verdict and its message; the same
// step without the corruption must pass.
#include <catch2/catch.hpp>

#include "model/runtime_structs.h"
#include "model/throws.h"
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

// runtime-throw: the model throws where Go checks, and the property reports the throw on the
// step that made it, quoting Go's text.
namespace {

using model::Throw;

sim::Addr g_field_addr(const model::Model& m, sim::Addr f) {
    return static_cast<sim::Addr>(m.layout().g_struct() + f);
}
sim::Addr case_sudog_field(const model::Model& m, unsigned k, sim::Addr f) {
    return static_cast<sim::Addr>(m.layout().cases()[k].sudog + f);
}
sim::ActorId actor(const model::Model& m, const std::string& name) {
    return *m.actors().by_name(name);
}

const checker::Violation* find(const testing::Script& s, PropertyId p) {
    for (const checker::Violation& v : s.violations())
        if (v.property == p) return &v;
    return nullptr;
}

// G parked in `c <- v` and woken by receiver1, about to run chansend's wake-up.
void to_chansend_wakeup(testing::Script& s) {
    REQUIRE(s.until("G", "schedule/execute").value_or("ok") == "ok");
    s.finish("receiver1");
    REQUIRE(s.until("G", "chansend/wakeup").value_or("ok") == "ok");
}

}  // namespace

TEST_CASE("every throw has Go's text and function", "[checker][properties][throw]") {
    const auto throws = model::all_throws();
    REQUIRE(throws.size() == static_cast<std::size_t>(Throw::Count_));
    for (std::size_t i = 0; i < throws.size(); ++i)
        CHECK(static_cast<std::size_t>(throws[i].id) == i);
    CHECK(model::throw_info(Throw::sudog_nonnil_elem).text == "runtime: sudog with non-nil elem");
    CHECK(model::throw_info(Throw::sudog_nonfalse_isselect).text ==
          "runtime: sudog with non-false isSelect");
    CHECK(model::throw_info(Throw::releasesudog_nonnil_param).text ==
          "runtime: releaseSudog with non-nil gp.param");
    CHECK(model::throw_info(Throw::chansend_waiting_corrupted).go_function == "chansend");
    CHECK(model::throw_info(Throw::bad_g_status_in_ready).go_function == "ready");
}

TEST_CASE("runtime-throw: a resurrected elem makes G's releaseSudog throw, as stale-sudog says",
          "[checker][properties][throw]") {
    const auto sc = testing::scenario("recv-stack-adjust");
    const model::Model m(sc.spec, *model::find_variant("fix-no-lock"));
    testing::Script r(m);
    REQUIRE(r.until("shrinker", "adjustsudogs/read-elem").value_or("ok") == "ok");
    REQUIRE(r.step("shrinker", "adjustsudogs/read-elem").value_or("ok") == "ok");
    REQUIRE(r.until("sender1", "send/unlock").value_or("ok") == "ok");  // sg.elem = nil
    REQUIRE(r.step("shrinker", "adjustsudogs/write-elem").value_or("ok") == "ok");
    r.finish("shrinker");
    r.finish("sender1");
    REQUIRE(r.until("G", "chanrecv/wakeup").value_or("ok") == "ok");
    REQUIRE(r.violations().empty());
    REQUIRE(r.step("G", "chanrecv/wakeup").value_or("ok") == "ok");

    CHECK(r.violated(PropertyId::StaleSudog));
    const checker::Violation* v = find(r, PropertyId::RuntimeThrow);
    REQUIRE(v != nullptr);
    CHECK(v->message == "G throws \"runtime: sudog with non-nil elem\" in releaseSudog");
    CHECK(v->words == std::vector{case_sudog_field(m, 0, model::sudog_field::kElem)});
    CHECK(v->actors == std::vector{actor(m, "G")});
    CHECK(r.next_label("G") == "finished");
    CHECK(model::thrown(r.world(), actor(m, "G")) == Throw::sudog_nonnil_elem);
    CHECK(model::pc_of(r.world(), actor(m, "G")) == model::Site::throw_fatal_error);
}

TEST_CASE("runtime-throw: chanrecv's and chansend's wake-up checks, in Go's order",
          "[checker][properties][throw]") {
    const auto sc = testing::scenario("send-stack-value");
    const model::Model m(sc.spec, *model::find_variant("fix"));

    testing::Script clean(m);
    to_chansend_wakeup(clean);
    REQUIRE(clean.step("G", "chansend/wakeup").value_or("ok") == "ok");
    CHECK(clean.violations().empty());
    CHECK(!model::thrown(clean.world(), actor(m, "G")));

    // mysg != gp.waiting is checked first.
    testing::Script corrupted(m);
    to_chansend_wakeup(corrupted);
    corrupted.mutable_world().set_mem(g_field_addr(m, model::g_field::kWaiting), 0);
    corrupted.mutable_world().set_mem(g_field_addr(m, model::g_field::kParam), 0);
    REQUIRE(corrupted.step("G", "chansend/wakeup").value_or("ok") == "ok");
    REQUIRE(corrupted.violations().size() == 1);
    CHECK(corrupted.violations()[0].message ==
          "G throws \"G waiting list is corrupted\" in chansend");
    CHECK(corrupted.violations()[0].words ==
          std::vector{g_field_addr(m, model::g_field::kWaiting)});

    // Woken with gp.param == nil while c is open: a spurious wake-up.
    testing::Script spurious(m);
    to_chansend_wakeup(spurious);
    spurious.mutable_world().set_mem(g_field_addr(m, model::g_field::kParam), 0);
    REQUIRE(spurious.step("G", "chansend/wakeup").value_or("ok") == "ok");
    REQUIRE(spurious.violations().size() == 1);
    CHECK(spurious.violations()[0].message == "G throws \"chansend: spurious wakeup\" in chansend");
    CHECK(spurious.violations()[0].words ==
          std::vector{g_field_addr(m, model::g_field::kParam),
                      static_cast<sim::Addr>(m.layout().hchan(0) + model::hchan_field::kClosed)});

    // releaseSudog: elem is checked before next.
    testing::Script release(m);
    to_chansend_wakeup(release);
    release.mutable_world().set_mem(case_sudog_field(m, 0, model::sudog_field::kNext),
                                    m.layout().cases()[0].sudog);
    REQUIRE(release.step("G", "chansend/wakeup").value_or("ok") == "ok");
    REQUIRE(release.violations().size() == 2);  // stale-sudog, runtime-throw
    CHECK(release.violations()[1].message ==
          "G throws \"runtime: sudog with non-nil next\" in releaseSudog");
}

TEST_CASE("runtime-throw: select's pass 3 releases each sudog with releaseSudog's checks",
          "[checker][properties][throw]") {
    const auto sc = testing::scenario("select-stack-adjust");
    model::Variant in_g = *model::find_variant("fix");
    in_g.selectdone_in_g = true;
    for (const bool selectdone_in_g : {false, true}) {
        const model::Model m(sc.spec, selectdone_in_g ? in_g : *model::find_variant("fix"));
        testing::Script s(m);
        s.finish("shrinker");
        s.finish("sender2");
        REQUIRE(s.until("G", "selectgo/pass3-dequeue").value_or("ok") == "ok");
        const unsigned first = m.layout().lockorder()[0];
        s.mutable_world().set_mem(case_sudog_field(m, first, model::sudog_field::kSelectdone),
                                  g_field_addr(m, 0));
        REQUIRE(s.step("G", "selectgo/pass3-dequeue").value_or("ok") == "ok");
        const checker::Violation* v = find(s, PropertyId::RuntimeThrow);
        REQUIRE(v != nullptr);
        CHECK(v->message == (selectdone_in_g
                                 ? "G throws \"runtime: sudog with non-false isSelect\" in "
                                   "releaseSudog"
                                 : "G throws \"runtime: sudog with non-nil selectdone\" in "
                                   "releaseSudog"));
        CHECK(v->words == std::vector{case_sudog_field(m, first, model::sudog_field::kSelectdone)});
    }
}

TEST_CASE("runtime-throw: ready checks G's status when the variant does",
          "[checker][properties][throw]") {
    const auto sc = testing::scenario("select-stack-adjust");
    model::Variant checks = *model::find_variant("fix");
    checks.ready_checks_status = true;
    const auto to_goready = [](testing::Script& s) {
        REQUIRE(s.until("G", "schedule/execute").value_or("ok") == "ok");
        REQUIRE(s.until("sender1", "send/goready").value_or("ok") == "ok");
    };
    const model::Model m(sc.spec, checks);
    const sim::Addr status = g_field_addr(m, model::g_field::kStatus);

    for (const sim::Word bad : {model::gstatus::kRunnable, model::gstatus::kCopystack}) {
        testing::Script s(m);
        to_goready(s);
        s.mutable_world().set_mem(status, bad);
        // ready reads the status before casgstatus spins: _Gcopystack throws (Go issue #17007).
        REQUIRE(s.step("sender1", "send/goready").value_or("ok") == "ok");
        REQUIRE(s.violations().size() == 1);
        CHECK(s.violations()[0].message == "sender1 throws \"bad g->status in ready\" in ready");
        CHECK(s.violations()[0].words == std::vector{status});
        CHECK(s.violations()[0].actors == std::vector{actor(m, "sender1"), actor(m, "G")});
    }

    // _Gscan passes the check (status&^_Gscan == _Gwaiting): casgstatus spins until the scan
    // clears the bit, then ready proceeds without a throw. Without the variant's check,
    // _Gcopystack makes goready wait too, and a goroutine no longer waiting is left alone.
    testing::Script scan(m);
    to_goready(scan);
    scan.mutable_world().set_mem(
        status, static_cast<sim::Word>(model::gstatus::kWaiting | model::gstatus::kScan));
    CHECK(scan.next_label("sender1") == "send/goready (blocked)");
    scan.mutable_world().set_mem(status, model::gstatus::kWaiting);
    REQUIRE(scan.step("sender1", "send/goready").value_or("ok") == "ok");
    CHECK(scan.violations().empty());

    const model::Model fix(sc.spec, *model::find_variant("fix"));
    testing::Script spins(fix);
    to_goready(spins);
    spins.mutable_world().set_mem(status, model::gstatus::kCopystack);
    CHECK(spins.next_label("sender1") == "send/goready (blocked)");
    spins.mutable_world().set_mem(status, model::gstatus::kRunnable);
    REQUIRE(spins.step("sender1", "send/goready").value_or("ok") == "ok");
    CHECK(spins.violations().empty());
}

TEST_CASE("deadlock: after a throw nobody is deadlocked", "[checker][properties][throw]") {
    const auto sc = testing::scenario("recv-stack-adjust");
    const model::Model m(sc.spec, *model::find_variant("fix"));
    const sim::World w = m.roots().initial();
    using model::Peek;
    using model::PeekStatus;
    const Peek parked{PeekStatus::Blocked, model::Site::schedule_execute, model::WaitKind::Wakeup,
                      g_field_addr(m, model::g_field::kStatus)};
    const Peek exited{};
    const Peek threw{PeekStatus::Finished, model::Site::throw_fatal_error, model::WaitKind::None,
                     0};
    // shrinker, G, sender1: G parked for good is a deadlock, unless sender1 threw.
    CHECK(checker::check_deadlock(m, w, std::vector{exited, parked, exited}).has_value());
    CHECK(!checker::check_deadlock(m, w, std::vector{exited, parked, threw}).has_value());
}
