// model/variant.h: Variant, a named set of flags selecting a version of copystack.
//
// Each variant of the algorithm is data (these flags), never a copied function: the step
// machine in model/stack.cpp and model/stack_sudogs.cpp branches on the flags at the exact place
// where the versions differ, so a reader sees which part of commit 276b177 each ablation removes.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stackrace::model {

// GoSource: where a release variant's code was read: a repository that carries Go's history,
// the release commit, and the runtime files.
struct GoSource {
    std::string repo;                // "zhyoulun/go"
    std::string commit;              // the release commit, 40 hex digits
    std::vector<std::string> files;  // "src/runtime/stack.go", ...
};

struct Variant {
    std::string name;
    std::string description;  // one line, shown by `stackrace list variants`
    // Release variants (named after the Go release, group "releases") say which source they
    // model; the commit's variants (go1.6, fix and its ablations) have none.
    std::optional<GoSource> source;

    // true: the 276b177 shape: findsghi, then syncadjustsudogs adjusts the sudogs and
    // copies [sp, sghi), then the rest of the stack is copied. false: the copy-first order
    // of commit da15335, which 276b177 replaced (variant go1.6): memmove the whole used
    // stack first, then adjustsudogs with plain stores and no channel locks; no findsghi,
    // so sghi stays 0 and adjustpointers never uses CAS. Only a shrink reads this flag:
    // G's own growth copies as copystack(sync=true) does.
    bool uses_sghi = true;
    // syncadjustsudogs takes lock(&sg.c.lock) for every sudog on gp.waiting.
    bool locks_channels = true;
    // The [sp, sghi) memmove happens while the channel locks are held (false: after unlock).
    bool copies_slots_locked = true;
    // adjustpointers uses CAS-retry for frames whose base lies below sghi.
    bool cas_adjusts_frames = true;
    // findsghi counts the end of the receive slot (elem + elemsize), not just elem.
    bool sghi_adds_elemsize = true;
    // findsghi also counts the selectdone word.
    bool sghi_counts_selectdone = true;
    // syncadjustsudogs skips a channel equal to the previous sudog's (`if sg.c != lastc`),
    // as later Go versions do; the seed commit locks every sudog's channel.
    bool skips_repeated_chan = false;
    // Stack growth (copystack sync=true) locks the channels of gp.waiting like a shrink,
    // although G itself holds them: runtime mutexes are not re-entrant, so G blocks on its
    // own lock.
    bool grow_locks = false;
    // The channel side: closechan readies the goroutines it woke while still holding c.lock
    // (Go 1.6, before commit d45bf72) instead of after unlocking it.
    bool close_readies_locked = false;
    // copystack translates sghi into new-stack coordinates (sghi += delta).
    bool sghi_adds_delta = true;

    // The Go releases' protocol (go1.7 and later).
    // The GC owns G's stack while it shrinks it through the _Gscan bit (scang:
    // castogscanstatus, restartg), as the releases shrink from the GC's stack scan, instead of
    // shrinkstack's casgcopystack (the commit's shape).
    bool scan_owns_stack = false;
    // ready throws "bad g->status in ready" unless the status, without _Gscan, is _Gwaiting.
    bool ready_checks_status = false;
    // Go 1.10: the select's win flag is g.selectDone, off the stack (sudog.isSelect marks a
    // select's sudog), instead of a word of selectgo's frame that sudog.selectdone points to.
    bool selectdone_in_g = false;
    // selectgo's sellock after wake-up runs on G's stack, so G's stack may grow there (Go 1.7,
    // Go 1.10 and later); Go 1.7.5 to 1.9 run it on the system stack (commit b902a63).
    bool sellock_wakeup_grows = true;

    // Go 1.14 and later.
    // Go 1.14 (36a432f): copystack chooses its sudog handling by g.activeStackChans, which
    // chanparkcommit / selparkcommit set before unlocking and G clears after wake-up: false ->
    // adjustsudogs with no locks, true -> findsghi + syncadjustsudogs. G's g has the word.
    // park_m makes G _Gwaiting before the unlock function sets it: Go issue #40641.
    bool active_stack_chans = false;
    // Go 1.14.10, 1.15.3, 1.16+ (eb3c6a9, the #40641 fix): g.parkingOnChan is 1 from the
    // enqueue to the unlock function; the GC's scan does not shrink while it is set
    // (isShrinkStackSafe: gp.preemptShrink = true instead), and copystack throws "racy sudog
    // adjustment due to parking on channel" if it shrinks on the unlocked branch with it set.
    bool parking_on_chan = false;
    // Go 1.16+ (30a68bf): sudog.success: send/recv set it, closechan clears it and sets
    // gp.param = sg; chansend/chanrecv report "closed" as !mysg.success; selectgo takes the
    // case whose sudog is gp.param (none: throw "selectgo: bad wakeup") and never loops again.
    bool sudog_success = false;
};

// all_variants lists every variant in the order `list variants` shows them.
[[nodiscard]] std::span<const Variant> all_variants();

// find_variant returns the variant named `name`, if any.
[[nodiscard]] std::optional<Variant> find_variant(std::string_view name);

// The variant groups: `all` (every variant) and `releases` (the Go release variants, those
// with a source).
inline constexpr std::string_view kReleasesGroup = "releases";

// find_variants resolves a variant name or a group name (all, releases) to its variants, in
// all_variants() order.
[[nodiscard]] std::optional<std::vector<Variant>> find_variants(std::string_view name);

// variant_names joins the names for error messages ("go1.6, fix, ...").
[[nodiscard]] std::string variant_names();

}  // namespace stackrace::model
