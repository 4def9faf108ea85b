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

std::array<Variant, 11> build() {
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

    return {go16,   fix,           lastc,       close_locked,  grow_locks, no_lock,
            no_cas, copy_unlocked, no_elemsize, no_selectdone, no_delta};
}

}  // namespace

std::span<const Variant> all_variants() {
    static const std::array<Variant, 11> variants = build();  // immutable after first use
    return variants;
}

std::optional<Variant> find_variant(std::string_view name) {
    for (const Variant& v : all_variants())
        if (v.name == name) return v;
    return std::nullopt;
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
