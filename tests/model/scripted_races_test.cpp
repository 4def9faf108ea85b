// Goal: each part of commit 276b177 stops a specific race (go-runtime.md section 3). Each
// test scripts the race's interleaving by hand: under the ablation the bad outcome
// happens; under the fix the same script is refused at the step the fix blocks, or runs
// without a violation. These tests pin the model's behaviour independently of exploration.
#include <catch2/catch.hpp>

#include "model/variant.h"
#include "tests/support/script.h"

using stackrace::checker::PropertyId;
using stackrace::model::find_variant;
using stackrace::model::Model;
using stackrace::testing::scenario;
using stackrace::testing::Script;

// REQUIRE_OK: a script step must be taken; on failure Catch prints why it was refused.
#define REQUIRE_OK(expr) REQUIRE((expr).value_or("ok") == "ok")

// Section 3.5: frames below sghi are adjusted after the locks are dropped; a sender can
// write the receive slot between adjustpointers' read and its store.
// Method: the shrinker runs to adjustpointers and reads x' (= &val, old); sender1 then
// delivers into x' (new) under c.lock; the shrinker stores.
TEST_CASE("fix-no-cas: a plain store in adjustpointers overwrites the received value",
          "[model][race]") {
    const auto s = scenario("recv-stack-adjust");
    const Model bad(s.spec, *find_variant("fix-no-cas"));
    Script r(bad);
    REQUIRE_OK(r.until("shrinker", "adjustpointers/read"));
    REQUIRE_OK(r.step("shrinker", "adjustpointers/read"));
    REQUIRE_OK(r.until("sender1", "send/goready"));  // wrote x' and released c.lock
    REQUIRE_OK(r.step("shrinker", "adjustpointers/write"));
    r.finish_all();
    CHECK(r.violated(PropertyId::LostValue));

    const Model good(s.spec, *find_variant("fix"));
    Script f(good);
    REQUIRE_OK(f.until("shrinker", "adjustpointers/read"));
    REQUIRE_OK(f.step("shrinker", "adjustpointers/read"));
    REQUIRE_OK(f.until("sender1", "send/goready"));
    CHECK(f.step("shrinker", "adjustpointers/write") ==
          "shrinker cannot take adjustpointers/write: next is adjustpointers/cas");
    REQUIRE_OK(f.step("shrinker", "adjustpointers/cas"));      // fails: x' no longer holds &val
    CHECK(f.next_label("shrinker") == "adjustpointers/read");  // goto retry
    f.finish_all();
    CHECK(f.violations().empty());
}

// Section 3.1: without the channel lock, a sender reads sg.elem (old stack) and writes
// after the shrinker copied and freed the old stack: the value is lost and freed memory
// written. With the lock, the shrinker cannot lock c while the sender holds it.
TEST_CASE("fix-no-lock: a sender writes through a stale sg.elem into the freed stack",
          "[model][race]") {
    const auto s = scenario("recv-stack-adjust");
    const Model bad(s.spec, *find_variant("fix-no-lock"));
    Script r(bad);
    REQUIRE_OK(r.until("sender1", "sendDirect/write"));  // dst := sg.elem, still &x (old)
    REQUIRE_OK(r.until("shrinker", "shrinkstack/casgstatus"));
    REQUIRE_OK(r.step("sender1", "sendDirect/write"));
    CHECK(r.violated(PropertyId::UseAfterFree));
    r.finish_all();
    CHECK(r.violated(PropertyId::LostValue));

    const Model good(s.spec, *find_variant("fix"));
    Script f(good);
    REQUIRE_OK(f.until("sender1", "sendDirect/write"));
    CHECK(
        f.until("shrinker", "shrinkstack/casgstatus") ==
        "shrinker stopped before shrinkstack/casgstatus: next is syncadjustsudogs/lock (blocked)");
    f.finish_all();
    CHECK(f.violations().empty());
}

// Section 3.2: the locks are taken but [sp, sghi) is copied after unlocking; a sender
// delivers into x' (sg.elem already adjusted) and the late copy overwrites it.
TEST_CASE("fix-copy-unlocked: the slot copied after unlock overwrites the delivery",
          "[model][race]") {
    const auto s = scenario("recv-stack-adjust");
    const Model bad(s.spec, *find_variant("fix-copy-unlocked"));
    Script r(bad);
    REQUIRE_OK(r.until("shrinker", "syncadjustsudogs/memmove-read"));  // unlocked already
    REQUIRE_OK(r.until("sender1", "send/goready"));
    r.finish_all();
    CHECK(r.violated(PropertyId::LostValue));
    CHECK_FALSE(r.violated(PropertyId::UseAfterFree));
}

// Section 3.9-like self-deadlock: the seed's syncadjustsudogs locks sg.c for each sudog,
// so a select listing c twice locks c twice; fix-lastc skips the repeated channel.
TEST_CASE("fix: a select on one channel twice makes syncadjustsudogs lock c twice",
          "[model][race]") {
    const auto s = scenario("select-same-channel");
    const Model seed(s.spec, *find_variant("fix"));
    Script r(seed);
    CHECK(
        r.until("shrinker", "adjustsudogs/read-elem") ==
        "shrinker stopped before adjustsudogs/read-elem: next is syncadjustsudogs/lock (blocked)");
    CHECK(r.violated(PropertyId::Deadlock));

    const Model later(s.spec, *find_variant("fix-lastc"));
    Script f(later);
    REQUIRE_OK(f.until("shrinker", "adjustsudogs/read-elem"));
    f.finish_all();
    CHECK(f.violations().empty());
}

// Section 3.4: with findsghi ignoring selectdone and both values discarded, nothing is
// copied under the locks; a sender reads done' (fresh 0xfdfd) as "already won" and skips
// G; when every sender does so, G is never woken.
TEST_CASE("fix-sghi-no-selectdone: a sender reads the uncopied done word and G is never woken",
          "[model][race]") {
    const auto s = scenario("select-discard");
    const Model bad(s.spec, *find_variant("fix-sghi-no-selectdone"));
    Script r(bad);
    REQUIRE_OK(r.until("shrinker", "copystack/memmove-read"));  // locks dropped, done' not copied
    REQUIRE_OK(r.until("sender1", "dequeue/load-done"));
    REQUIRE_OK(r.step("sender1", "dequeue/load-done"));  // reads 0xfdfd: skip
    CHECK(r.next_label("sender1") == "dequeue/pop");
    REQUIRE_OK(r.until("sender2", "dequeue/load-done"));
    REQUIRE_OK(r.step("sender2", "dequeue/load-done"));  // the same for b's sudog
    r.finish_all();  // both senders block in sendq; nobody wakes G
    CHECK(r.violated(PropertyId::Deadlock));
}

// Reference 3.1, "resurrected elem" (the shape of Go issue #40641): the shrinker reads
// sg.elem without the lock, the sender delivers and clears sg.elem, the shrinker writes the
// adjusted pointer back; G's releaseSudog finds a non-nil elem (Go throws).
TEST_CASE("fix-no-lock: adjustsudogs writes back an elem the sender already cleared",
          "[model][race]") {
    const auto s = scenario("recv-stack-adjust");
    const Model bad(s.spec, *find_variant("fix-no-lock"));
    Script r(bad);
    REQUIRE_OK(r.until("shrinker", "adjustsudogs/read-elem"));
    REQUIRE_OK(r.step("shrinker", "adjustsudogs/read-elem"));   // p := sg.elem (&x)
    REQUIRE_OK(r.until("sender1", "send/unlock"));              // wrote x, sg.elem = nil
    REQUIRE_OK(r.step("shrinker", "adjustsudogs/write-elem"));  // sg.elem = &x' again
    r.finish_all();
    CHECK(r.violated(PropertyId::StaleSudog));

    const Model good(s.spec, *find_variant("fix"));
    Script f(good);
    REQUIRE_OK(f.until("shrinker", "adjustsudogs/read-elem"));  // holds c.lock
    CHECK(f.until("sender1", "send/unlock") ==
          "sender1 stopped before send/unlock: next is chansend/lock (blocked)");
}

// Reference 3.4, the double win: stackalloc does not clear the new stack. When it holds zero
// and findsghi ignores selectdone (sender1 already won and cleared its elem), done' is not
// copied under the locks and sender2's CAS on it succeeds. With garbage there, sender2
// skips G instead; with the fix, done is copied under the locks.
TEST_CASE("fix-sghi-no-selectdone: a zeroed fresh stack lets a second sender win",
          "[model][race]") {
    const auto s = scenario("select-stack-adjust");
    const auto script = [](Script& r) {
        REQUIRE_OK(r.until("sender1", "send/unlock"));  // won via the old done, cleared sg.elem
        REQUIRE_OK(r.until("shrinker", "syncadjustsudogs/lock"));  // findsghi: nothing on the stack
        REQUIRE_OK(r.step("sender1", "send/unlock"));
        REQUIRE_OK(r.until("shrinker", "copystack/memmove-read"));
        REQUIRE_OK(r.until("sender2", "dequeue/load-done"));
        REQUIRE_OK(r.step("sender2", "dequeue/load-done"));
    };
    const Model bad(s.spec, *find_variant("fix-sghi-no-selectdone"));
    Script zero(bad, "zero");
    script(zero);
    REQUIRE_OK(zero.step("sender2", "dequeue/cas-done"));
    CHECK(zero.violated(PropertyId::DoubleSelectWin));

    Script garbage(bad, "garbage");
    script(garbage);
    CHECK(garbage.next_label("sender2") == "dequeue/pop");  // read 0xfdfd: skip the sudog
    CHECK(garbage.violations().empty());

    const Model good(s.spec, *find_variant("fix"));
    Script fixed(good, "zero");
    REQUIRE_OK(fixed.until("sender1", "send/unlock"));
    REQUIRE_OK(fixed.until("shrinker", "syncadjustsudogs/lock"));
    REQUIRE_OK(fixed.step("sender1", "send/unlock"));
    REQUIRE_OK(fixed.until("shrinker", "copystack/memmove-read"));  // done' = 1, copied locked
    REQUIRE_OK(fixed.until("sender2", "dequeue/load-done"));
    REQUIRE_OK(fixed.step("sender2", "dequeue/load-done"));
    CHECK(fixed.next_label("sender2") == "dequeue/pop");
    fixed.finish_all();
    CHECK(fixed.violations().empty());
}

// Go issue #17007 ("fatal error: bad g->status in ready", gp->atomicstatus=8): in go1.7 the
// woken select grows its stack in sellock before locking anything; copystack(sync=true)
// points the losing sudog's selectdone into the new stack before done is copied there (the
// fresh stack holds zero), a second sender wins the select, and its goready finds G in
// _Gcopystack: ready throws. go1.7.5 runs that sellock on the system stack: no growth there.
TEST_CASE("go1.7: growth in the post-wake-up sellock lets a second sender win and throw in ready",
          "[model][race][releases]") {
    const auto s = scenario("select-grow-wakeup");
    const Model bad(s.spec, *find_variant("go1.7"));
    Script r(bad, "zero");
    r.finish("sender2");  // wins through done, readies G
    REQUIRE_OK(r.step("G", "schedule/execute"));
    REQUIRE_OK(r.step("G", "newstack/casgcopystack"));
    REQUIRE_OK(r.until("G", "copystack/memmove-read"));  // sudogs adjusted, nothing copied yet
    REQUIRE_OK(r.until("sender1", "send/goready"));
    CHECK(r.violated(PropertyId::DoubleSelectWin));
    REQUIRE_OK(r.step("sender1", "send/goready"));
    CHECK(r.next_label("sender1") == "finished");
    CHECK(stackrace::model::pc_of(r.world(), *bad.actors().by_name("sender1")) ==
          stackrace::model::Site::throw_fatal_error);
    CHECK(r.world().mem(bad.layout().g_struct()) == 8);  // _Gcopystack, as in the report

    const Model fixed(s.spec, *find_variant("go1.7.5"));
    Script f(fixed, "zero");
    f.finish("sender2");
    REQUIRE_OK(f.step("G", "schedule/execute"));
    CHECK(f.next_label("G") == "selectgo/sellock-wakeup");
}
