#include "model/variant.h"

#include <array>

namespace stackrace::model {
namespace {

Variant make(std::string name, std::string description) {
    Variant v;
    v.name = std::move(name);
    v.description = std::move(description);
    return v;
}

// A Go release: the protocol as the releases share it (the commit's copystack with the lastc
// skip, the GC's _Gscan ownership, ready's status check), read from `commit` of zhyoulun/go.
Variant release(std::string name, std::string description, std::string commit,
                std::string repo = "zhyoulun/go") {
    Variant v = make(std::move(name), std::move(description));
    v.source =
        GoSource{std::move(repo),
                 std::move(commit),
                 {"src/runtime/stack.go", "src/runtime/chan.go", "src/runtime/select.go",
                  "src/runtime/proc.go", "src/runtime/runtime2.go", "src/runtime/mgcmark.go"}};
    v.skips_repeated_chan = true;
    v.scan_owns_stack = true;
    v.ready_checks_status = true;
    return v;
}

// The releases, in release order.
std::array<Variant, 5> build_releases() {
    Variant go17 = release("go1.7",
                           "Go 1.7: the GC shrinks under _Gscan, selectdone on the stack, the "
                           "post-wake-up sellock on G's stack (may grow: #17007)",
                           "0d818588685976407c81c60d2fda289361cbc8ec");
    Variant go175 = release("go1.7.5",
                            "Go 1.7.5: as go1.7, but the post-wake-up sellock runs on the system "
                            "stack (faafe0e, backport of b902a63)",
                            "753452fac6f6963b5a6e38a239b05362385a3842");
    go175.sellock_wakeup_grows = false;
    Variant go18 = release("go1.8", "Go 1.8: as go1.7.5 for this protocol",
                           "cd6b6202dd1559b3ac63179b45f1833fcfbe7eca");
    go18.sellock_wakeup_grows = false;
    Variant go19 = release("go1.9", "Go 1.9: as go1.8 for this protocol (select rewritten)",
                           "c8aec4095e089ff6ac50d18e97c3f46561f14f48");
    go19.sellock_wakeup_grows = false;
    Variant go110 = release("go1.10",
                            "Go 1.10: g.selectDone and sudog.isSelect instead of selectdone on "
                            "the stack (32b94f1), post-wake-up sellock on G's stack again",
                            "bf86aec25972f3a100c3aa58a6abcbcc35bdea49");
    go110.selectdone_in_g = true;
    return {go17, go175, go18, go19, go110};
}

// A release from Go 1.14 on, read from usbarmory/tamago-go (it carries every upstream
// release commit): go1.10's protocol plus activeStackChans, and preempt.go (suspendG).
Variant release114(std::string name, std::string description, std::string commit) {
    Variant v =
        release(std::move(name), std::move(description), std::move(commit), "usbarmory/tamago-go");
    v.source->files.push_back("src/runtime/preempt.go");
    v.selectdone_in_g = true;
    v.active_stack_chans = true;
    return v;
}

// A later release from the same source whose modelled accesses are `base`'s.
Variant same_as(const Variant& base, std::string name, std::string description,
                std::string commit) {
    Variant v = base;
    v.name = std::move(name);
    v.description = std::move(description);
    v.source->commit = std::move(commit);
    return v;
}

// The releases from Go 1.14 on, in release order.
std::array<Variant, 8> build_releases_114() {
    Variant go114 = release114(
        "go1.14",
        "Go 1.14: copystack's sudog handling chosen by g.activeStackChans (36a432f), set by "
        "chanparkcommit/selparkcommit after park_m made G _Gwaiting (#40641)",
        "20a838ab94178c55bc4dc23ddc332fce8545a493");
    Variant go11410 = release114(
        "go1.14.10",
        "Go 1.14.10: the #40641 fix (878da0b, backport of eb3c6a9): g.parkingOnChan from the "
        "enqueue to the unlock function; no shrink while it is set",
        "b5a3989dac97270b89cfce250cbb42695647d5cb");
    go11410.parking_on_chan = true;
    Variant go115 = release114("go1.15",
                               "Go 1.15: as go1.14 for this protocol (lock ranking of "
                               "syncadjustsudogs' locks only: same accesses)",
                               "0fdc3801bfd43d6f55e4ea5bf095e1ea55430339");
    Variant go1153 =
        release114("go1.15.3", "Go 1.15.3: as go1.14.10 (bf79f91, the #40641 fix backported)",
                   "1984ee00048b63eacd2155cd6d74a2d13e998272");
    go1153.parking_on_chan = true;
    Variant go116 =
        release114("go1.16",
                   "Go 1.16: the #40641 fix (eb3c6a9) and sudog.success (30a68bf): closechan sets "
                   "gp.param = sg, success = false; selectgo no longer loops after a close",
                   "f21be2fdc6f1becdbed1592ea0b245cdeedc5ac8");
    go116.parking_on_chan = true;
    go116.sudog_success = true;
    Variant go120 =
        same_as(go116, "go1.20",
                "Go 1.20: parkingOnChan, selectDone and atomicstatus become atomic types (5b0ce94, "
                "951d2c6, 3fbcf05): the model's accesses are go1.16's",
                "de4748c47c67392a57f250714509f590f68ad395");
    Variant go123 = same_as(
        go116, "go1.23",
        "Go 1.23: timer channels (blockTimerChan) and a tracing refusal in isShrinkStackSafe "
        "(d6a3d09), neither modelled: the model's accesses are go1.16's",
        "6885bad7dd86880be6929c02085e5c7a67ff2887");
    Variant go125 =
        same_as(go116, "go1.25",
                "Go 1.25: isWaitingForGC renamed isWaitingForSuspendG (c6ac736, #72740), synctest "
                "bubbles: the model's accesses are go1.16's",
                "6e676ab2b809d46623acb5988248d95d1eb7939c");
    return {go114, go11410, go115, go1153, go116, go120, go123, go125};
}

std::array<Variant, 24> build() {
    Variant go16 = make("go1.6",
                        "the parent commit's copystack run while the world runs: copy all, "
                        "adjustsudogs, plain adjustpointers, no channel locks");
    go16.uses_sghi = false;
    go16.locks_channels = false;
    go16.copies_slots_locked = false;
    go16.cas_adjusts_frames = false;

    Variant fix = make("fix",
                       "commit 276b177: findsghi, syncadjustsudogs under the channel "
                       "locks, CAS-retry adjustpointers below sghi");

    Variant no_lock = make("fix-no-lock", "the fix without lock(&sg.c.lock) in syncadjustsudogs");
    no_lock.locks_channels = false;

    Variant no_cas =
        make("fix-no-cas", "the fix with plain stores in adjustpointers (no CAS-retry)");
    no_cas.cas_adjusts_frames = false;

    Variant copy_unlocked = make(
        "fix-copy-unlocked", "the fix, but [sp, sghi) is copied after the channels are unlocked");
    copy_unlocked.copies_slots_locked = false;

    Variant no_elemsize =
        make("fix-sghi-no-elemsize", "the fix, but findsghi takes sg.elem without + elemsize");
    no_elemsize.sghi_adds_elemsize = false;

    Variant no_selectdone =
        make("fix-sghi-no-selectdone", "the fix, but findsghi ignores sg.selectdone");
    no_selectdone.sghi_counts_selectdone = false;

    Variant no_delta = make("fix-no-sghi-delta",
                            "the fix, but sghi stays in old-stack coordinates (no sghi += delta)");
    no_delta.sghi_adds_delta = false;

    Variant lastc = make("fix-lastc",
                         "the fix plus the later lastc check: syncadjustsudogs locks a channel "
                         "repeated on gp.waiting once");
    lastc.skips_repeated_chan = true;

    Variant close_locked =
        make("fix-close-ready-locked",
             "the fix with Go 1.6's closechan, which readies woken goroutines while "
             "still holding c.lock (before d45bf72)");
    close_locked.close_readies_locked = true;

    Variant grow_locks =
        make("fix-grow-locks",
             "the fix, but stack growth (copystack sync=true) also locks the channels "
             "of gp.waiting, which the growing G holds");
    grow_locks.grow_locks = true;

    const std::array<Variant, 5> r = build_releases();
    const std::array<Variant, 8> n = build_releases_114();
    return {go16,   fix,           lastc,       close_locked,  grow_locks, no_lock,
            no_cas, copy_unlocked, no_elemsize, no_selectdone, no_delta,   r[0],
            r[1],   r[2],          r[3],        r[4],          n[0],       n[1],
            n[2],   n[3],          n[4],        n[5],          n[6],       n[7]};
}

}  // namespace

std::span<const Variant> all_variants() {
    static const std::array<Variant, 24> variants = build();  // immutable after first use
    return variants;
}

std::optional<Variant> find_variant(std::string_view name) {
    for (const Variant& v : all_variants())
        if (v.name == name) return v;
    return std::nullopt;
}

std::optional<std::vector<Variant>> find_variants(std::string_view name) {
    std::vector<Variant> out;
    for (const Variant& v : all_variants())
        if (name == "all" || (name == kReleasesGroup && v.source) || v.name == name)
            out.push_back(v);
    if (out.empty()) return std::nullopt;
    return out;
}

std::string variant_names() {
    std::string out;
    for (const Variant& v : all_variants()) {
        if (!out.empty()) out += ", ";
        out += v.name;
    }
    return out;
}

}  // namespace stackrace::model
