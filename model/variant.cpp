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
Variant release(std::string name, std::string description, std::string commit) {
    Variant v = make(std::move(name), std::move(description));
    v.source =
        GoSource{"zhyoulun/go",
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

std::array<Variant, 16> build() {
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
    return {go16,   fix,           lastc,       close_locked,  grow_locks, no_lock,
            no_cas, copy_unlocked, no_elemsize, no_selectdone, no_delta,   r[0],
            r[1],   r[2],          r[3],        r[4]};
}

}  // namespace

std::span<const Variant> all_variants() {
    static const std::array<Variant, 16> variants = build();  // immutable after first use
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
