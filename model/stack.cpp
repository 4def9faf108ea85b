// model/stack.cpp: stack.go's copystack as steps: the GC worker shrinking G's stack
// (shrinkstack), and G growing its own (newstack).
//
// Mirrors runtime/stack.go of commit 276b177 (Go 1.7): shrinkstack -> copystack(gp,
// newsize, sync=false) -> findsghi, syncadjustsudogs (lock every channel of gp.waiting,
// adjustsudogs, memmove [sp, sghi), unlock), memmove of the rest, sghi += delta, then
// adjustpointers over the frames of the new stack with CAS-retry below sghi, stackfree.
// The Variant flags select the parent commit's shape (go1.6) and the ablations. G's own
// growth (newstack -> copystack(gp, 2*size, sync=true)) runs the same steps on G's actor:
// adjustsudogs without locks (G holds them), memmove of everything, plain adjustpointers;
// variant grow_locks makes it take the shrink path, locks included.
//
// The Go releases (Variant::scan_owns_stack) shrink from the GC's stack scan: scang sets the
// _Gscan bit on G's status (castogscanstatus), copystack runs as above, and restartg clears
// the bit; ready and execute spin while it is set.
//
// Invariants:
//  - The shrinker touches G's sudogs and stack only while it owns G (_Gcopystack, or the
//    _Gscan bit).
//  - gp.waiting, sg.waitlink and sg.c are written only by G, which is stopped, so the
//    shrinker reads them without a step of their own (folded reads).
//  - The new stack is private to the copier until copystack/swap.
//
// The steps on the sudogs of gp.waiting (findsghi, syncadjustsudogs, adjustsudogs) are in
// model/stack_sudogs.cpp; the locals are described in model/copystack.h.
//
// Each phase has a `_begin` function that sets up its loop and skips it when it has nothing
// to do; where a phase ends, the next phase is named explicitly.
#include "model/copystack.h"
#include "model/goroutine.h"
#include "model/throws.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace copystack {

using sim::Addr;
using sim::Word;

// ---- the phases of copystack, in the order 276b177 runs them (the sudog phases, findsghi,
// syncadjustsudogs and adjustsudogs, begin in model/stack_sudogs.cpp) ----

// memmove(new.hi-ncopy, old.hi-ncopy, ncopy): the words [from, old.hi) one at a time.
void memmove_done(const Step& s) {
    if (mode_of(s) == Mode::Go16)
        adjustsudogs_begin(s);  // go1.6 adjusts the sudogs after the copy
    else
        s.go(Site::copystack_swap);
}
void memmove_begin(const Step& s, Addr from) {
    s.set_local(kI, from);
    if (from >= old_stack(s).hi())
        memmove_done(s);
    else
        s.go(Site::copystack_memmove_read);
}
// What memmove still copies after syncadjustsudogs copied [sp, sghi).
void memmove_rest_begin(const Step& s) {
    memmove_begin(s, s.local(kSghi) == 0 ? old_sp(s) : s.local(kSghi));
}

// syncadjustsudogs' memmove(newBot, oldBot, sgsize), sgsize = sghi - oldBot.
void sync_memmove_done(const Step& s) {
    const Variant& v = s.m.variant();
    if (v.locks_channels && v.copies_slots_locked)
        syncadjustsudogs_unlock_begin(s);
    else
        memmove_rest_begin(s);
}
void sync_memmove_begin(const Step& s) {
    if (s.local(kSghi) == 0) {
        sync_memmove_done(s);
        return;
    }
    s.set_local(kI, old_sp(s));
    s.go(Site::syncadjustsudogs_memmove_read);
}

void syncadjustsudogs_unlock_done(const Step& s) {
    if (s.m.variant().copies_slots_locked)
        memmove_rest_begin(s);
    else
        sync_memmove_begin(s);  // ablation: the copy after the unlocks
}

void adjustsudogs_done(const Step& s) {
    const Variant& v = s.m.variant();
    switch (mode_of(s)) {
        case Mode::Go16: s.go(Site::copystack_swap); return;  // copied already
        case Mode::Sync: memmove_begin(s, old_sp(s)); return;
        case Mode::Async:
            if (v.locks_channels && !v.copies_slots_locked)
                syncadjustsudogs_unlock_begin(s);
            else
                sync_memmove_begin(s);
            return;
    }
}

// copystack (Go 1.14+): `if !gp.activeStackChans { if newsize < old.hi-old.lo &&
// atomic.Load8(&gp.parkingOnChan) != 0 { throw(...) }; adjustsudogs(gp, &adjinfo) } else {
// ... findsghi, syncadjustsudogs }` for a shrink. (G's growth reads it too, but G grows only
// while running, before its unlock function set it or after it cleared it: the unlocked
// branch, as growth always takes.) Returns false when it threw.
bool choose_active_stack_chans_branch(const Step& s) {
    const Addr g = s.m.layout().g_struct();
    if (s.x.read(g + g_field::kActiveStackChans) != 0) return true;
    if (s.m.variant().parking_on_chan && s.x.read(g + g_field::kParkingOnChan) != 0) {
        throw_(s, Throw::racy_sudog_adjustment);
        return false;
    }
    s.set_local(kOldStatus, s.local(kOldStatus) | kUnlockedBranch);
    return true;
}

// copystack after the copier owns the stack: findsghi + syncadjustsudogs (shrink),
// adjustsudogs (sync, growth), or go1.6's memmove first.
void copystack_begin(const Step& s) {
    if (!growing(s) && s.m.variant().active_stack_chans && !choose_active_stack_chans_branch(s))
        return;
    switch (mode_of(s)) {
        case Mode::Async: findsghi_begin(s); return;
        case Mode::Sync: adjustsudogs_begin(s); return;
        case Mode::Go16: memmove_begin(s, old_sp(s)); return;
    }
}

// stackalloc(newsize): private until the swap. stackalloc does not clear it: its words are
// what the memory held (the root chose zero or garbage).
void copystack_stackalloc(const Step& s) {
    s.set_local(
        kSrc, *s.m.layout().map().region_of(s.w.mem(s.m.layout().g_struct() + g_field::kStackLo)));
    s.w.set_region_state(new_stack_id(s), sim::RegionState::Allocated);
}

// adjustpointers: the next stack-map word of the new stack, or stackfree after the last.
void adjustpointers_at(const Step& s, unsigned i) {
    s.set_local(kI, static_cast<Word>(i));
    s.go(i < s.m.layout().pointer_words().size() ? Site::adjustpointers_read
                                                 : Site::copystack_stackfree);
}
Addr pointer_word(const Step& s, unsigned i) {
    return static_cast<Addr>(new_sp(s) + s.m.layout().pointer_words()[i].offset);
}
// useCAS := uintptr(scanp) < adjinfo.sghi: scanp is the frame's base on the new stack.
bool use_cas(const Step& s, unsigned i) {
    const auto scanp = static_cast<Addr>(new_sp(s) + s.m.layout().pointer_words()[i].frame_offset);
    return s.m.variant().cas_adjusts_frames && scanp < s.local(kSghi);
}

// ---- the steps ----

// shrinkstack's `if readgstatus(gp) == _Gdead`: G has exited, there is no stack to shrink
// (peek labels that step shrinkstack/gdead). True when G was dead and the shrinker is done.
bool shrinkstack_gdead(const Step& s, Addr status, Word st) {
    if (st != gstatus::kDead) return false;
    s.x.read(status);
    s.go(Site::exit);
    return true;
}

// shrinkstack: oldstatus := casgcopystack(gp); or `if readgstatus(gp) == _Gdead` (peek
// labels that step shrinkstack/gdead).
void shrinkstack_casgcopystack(const Step& s) {
    const Addr status = s.m.layout().g_struct() + g_field::kStatus;
    const Word st = s.w.mem(status);
    if (shrinkstack_gdead(s, status, st)) return;
    SR_ASSERT(s.x.cas(status, st, gstatus::kCopystack));
    s.set_local(kOldStatus, st);
    copystack_stackalloc(s);
    copystack_begin(s);
}

// newstack: casgstatus(gp, _Grunning, _Gcopystack), then copystack(gp, 2*size, sync=true).
void newstack_casgcopystack(const Step& s) {
    SR_ASSERT(s.x.cas(s.m.layout().g_struct() + g_field::kStatus, gstatus::kRunning,
                      gstatus::kCopystack));
    copystack_stackalloc(s);
    copystack_begin(s);
}

// newstack: casgstatus(gp, _Gcopystack, _Grunning); G goes on where its stack check failed:
// into gopark, into a sellock (which has locked nothing yet: kI = 0), or into selunlock.
void newstack_casgstatus(const Step& s) {
    SR_ASSERT(s.x.cas(s.m.layout().g_struct() + g_field::kStatus, gstatus::kCopystack,
                      gstatus::kRunning));
    using Growth = GSpec::Growth;
    const Growth grow = s.m.spec().g.grow;
    // Only shrinkstack and scang use kOldStatus: growth leaves that local of G's alone.
    static_assert(g_local::kGrowWon == kOldStatus);
    const Word won = s.local(g_local::kGrowWon);
    for (unsigned l = 0; l < kLocalsPerActor; ++l) s.set_local(l, 0);
    if (grow == Growth::Selunlock) {
        selunlock_after_growth(s, won);
        return;
    }
    s.go(grow == Growth::SellockWakeup ? Site::selectgo_sellock_wakeup
         : grow == Growth::Sellock     ? Site::selectgo_sellock
                                       : Site::gopark_park_m);
}

// memmove: read the old-stack word at kI (both copies: [sp, sghi) and the rest).
void memmove_read(const Step& s, Site write) {
    s.set_local(kTmp, s.x.read(s.local(kI)));
    s.go(write);
}
// memmove: write that word at its place in the new stack; returns the next word.
Addr memmove_write(const Step& s) {
    const Addr from = s.local(kI);
    s.x.write(static_cast<Addr>(from + delta(s)), s.local(kTmp));
    s.set_local(kTmp, 0);
    s.set_local(kI, static_cast<Word>(from + 1));
    return static_cast<Addr>(from + 1);
}

// syncadjustsudogs: memmove(unsafe.Pointer(newBot), unsafe.Pointer(oldBot), sgsize)
void syncadjustsudogs_memmove_read(const Step& s) {
    memmove_read(s, Site::syncadjustsudogs_memmove_write);
}
void syncadjustsudogs_memmove_write(const Step& s) {
    if (memmove_write(s) >= s.local(kSghi))
        sync_memmove_done(s);
    else
        s.go(Site::syncadjustsudogs_memmove_read);
}

// copystack: memmove(unsafe.Pointer(new.hi-ncopy), unsafe.Pointer(old.hi-ncopy), ncopy)
void copystack_memmove_read(const Step& s) { memmove_read(s, Site::copystack_memmove_write); }
void copystack_memmove_write(const Step& s) {
    if (memmove_write(s) >= old_stack(s).hi())
        memmove_done(s);
    else
        s.go(Site::copystack_memmove_read);
}

// copystack: gp.stack = new; gp.sched.sp = new.hi - used. G is stopped: these are G's own
// fields, written by the owner of its stack. Then `if adjinfo.sghi != 0 { adjinfo.sghi +=
// adjinfo.delta }` and gentraceback(adjustframe) over the new stack.
void copystack_swap(const Step& s) {
    const Addr g = s.m.layout().g_struct();
    s.x.write(g + g_field::kStackLo, new_stack(s).lo);
    s.x.write(g + g_field::kStackHi, new_stack(s).hi());
    s.x.write(g + g_field::kSchedSp, new_sp(s));
    if (s.local(kSghi) != 0 && s.m.variant().sghi_adds_delta)
        s.set_local(kSghi, static_cast<Word>(s.local(kSghi) + delta(s)));
    adjustpointers_at(s, 0);
}

// adjustpointers: retry: p := *pp
void adjustpointers_read(const Step& s) {
    const unsigned i = s.local(kI);
    const Word p = s.x.read(pointer_word(s, i));
    if (!in_old_stack(s, p)) {
        adjustpointers_at(s, i + 1);
        return;
    }
    s.set_local(kTmp, p);
    s.go(use_cas(s, i) ? Site::adjustpointers_cas : Site::adjustpointers_write);
}

// adjustpointers: if !atomic.Casp1(ppu, p, p+delta) { goto retry }
void adjustpointers_cas(const Step& s) {
    const unsigned i = s.local(kI);
    const Word p = s.local(kTmp);
    s.set_local(kTmp, 0);
    if (s.x.cas(pointer_word(s, i), p, static_cast<Word>(p + delta(s))))
        adjustpointers_at(s, i + 1);
    else
        s.go(Site::adjustpointers_read);
}

// adjustpointers: *pp = p + delta
void adjustpointers_write(const Step& s) {
    const unsigned i = s.local(kI);
    s.x.write(pointer_word(s, i), static_cast<Word>(s.local(kTmp) + delta(s)));
    s.set_local(kTmp, 0);
    adjustpointers_at(s, i + 1);
}

// copystack: stackfree(old): the memory goes back to the cache, reusable at once; poison it.
void copystack_stackfree(const Step& s) {
    const sim::Region& old = old_stack(s);
    s.w.set_region_state(static_cast<sim::RegionId>(s.local(kSrc)), sim::RegionState::Free);
    for (Addr p = old.lo; p < old.hi(); ++p) s.w.set_mem(p, sim::kPoisonFreed);
    s.set_local(kI, 0);
    s.set_local(kSghi, 0);
    if (growing(s))
        s.go(Site::newstack_casgstatus);
    else
        s.go(s.m.variant().scan_owns_stack ? Site::scang_restartg : Site::shrinkstack_casgstatus);
}

// scang: `if castogscanstatus(gp, s, s|_Gscan)` (Go 1.7+: the GC's stack scan shrinks,
// owning the stack through the _Gscan bit instead of _Gcopystack); a dead G is
// shrinkstack's `if readgstatus(gp) == _Gdead` (peek labels that step shrinkstack/gdead).
void scang_castogscanstatus(const Step& s) {
    const Addr status = s.m.layout().g_struct() + g_field::kStatus;
    const Word st = s.w.mem(status);
    if (shrinkstack_gdead(s, status, st)) return;
    SR_ASSERT(s.x.cas(status, st, st | gstatus::kScan));
    s.set_local(kOldStatus, st);
    if (s.m.variant().parking_on_chan) {
        s.go(Site::isShrinkStackSafe_parking_on_chan);
        return;
    }
    copystack_stackalloc(s);  // Go 1.14: isShrinkStackSafe holds for a parked G
    copystack_begin(s);
}

// scanstack: `if isShrinkStackSafe(gp) { shrinkstack(gp) } else { gp.preemptShrink = true }`
// (Go 1.14.10+: not while G is parking on a channel). G would shrink itself at its next
// synchronous safe point; the model does not go on to that.
void isShrinkStackSafe_parking_on_chan(const Step& s) {
    const Addr g = s.m.layout().g_struct();
    if (s.x.read(g + g_field::kParkingOnChan) != 0) {
        s.x.write(g + g_field::kPreemptShrink, 1);
        s.go(Site::scang_restartg);
        return;
    }
    copystack_stackalloc(s);
    copystack_begin(s);
}

// restartg: casfrom_Gscanstatus(gp, s, s&^_Gscan): the scan (and the shrink) is done.
void scang_restartg(const Step& s) {
    const Word st = s.local(kOldStatus) & ~kUnlockedBranch;
    SR_ASSERT(s.x.cas(s.m.layout().g_struct() + g_field::kStatus, st | gstatus::kScan, st));
    s.set_local(kOldStatus, 0);
    s.set_local(kSrc, 0);
    s.go(Site::exit);
}

// shrinkstack: casgstatus(gp, _Gcopystack, oldstatus)
void shrinkstack_casgstatus(const Step& s) {
    SR_ASSERT(s.x.cas(s.m.layout().g_struct() + g_field::kStatus, gstatus::kCopystack,
                      s.local(kOldStatus)));
    s.set_local(kOldStatus, 0);
    s.set_local(kSrc, 0);
    s.go(Site::exit);
}

constexpr StepTable kCopystackSteps = step_table({
    {Site::shrinkstack_casgcopystack, shrinkstack_casgcopystack},
    {Site::findsghi_read_elem, findsghi_read_elem},
    {Site::findsghi_read_selectdone, findsghi_read_selectdone},
    {Site::syncadjustsudogs_lock, syncadjustsudogs_lock},
    {Site::adjustsudogs_read_elem, adjustsudogs_read_elem},
    {Site::adjustsudogs_write_elem, adjustsudogs_write_elem},
    {Site::adjustsudogs_read_selectdone, adjustsudogs_read_selectdone},
    {Site::adjustsudogs_write_selectdone, adjustsudogs_write_selectdone},
    {Site::syncadjustsudogs_memmove_read, syncadjustsudogs_memmove_read},
    {Site::syncadjustsudogs_memmove_write, syncadjustsudogs_memmove_write},
    {Site::syncadjustsudogs_unlock, syncadjustsudogs_unlock},
    {Site::copystack_memmove_read, copystack_memmove_read},
    {Site::copystack_memmove_write, copystack_memmove_write},
    {Site::copystack_swap, copystack_swap},
    {Site::adjustpointers_read, adjustpointers_read},
    {Site::adjustpointers_cas, adjustpointers_cas},
    {Site::adjustpointers_write, adjustpointers_write},
    {Site::copystack_stackfree, copystack_stackfree},
    {Site::shrinkstack_casgstatus, shrinkstack_casgstatus},
    {Site::newstack_casgcopystack, newstack_casgcopystack},
    {Site::newstack_casgstatus, newstack_casgstatus},
    {Site::scang_castogscanstatus, scang_castogscanstatus},
    {Site::scang_restartg, scang_restartg},
    {Site::isShrinkStackSafe_parking_on_chan, isShrinkStackSafe_parking_on_chan},
});

}  // namespace copystack

using namespace copystack;

Peek shrinker_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    const Site pc = pc_of(w, a);
    switch (pc) {
        case Site::newstack_casgcopystack:
        case Site::newstack_casgstatus: return enabled(pc);  // G runs: its stack check failed
        case Site::shrinkstack_casgcopystack:
        case Site::scang_castogscanstatus: {
            // scanstack/suspendG (scang: loops while G runs or copies its own stack): the GC
            // waits until G is stopped; a dead G has no stack.
            const Addr status = m.layout().g_struct() + g_field::kStatus;
            const Word st = w.mem(status);
            if (st == gstatus::kDead) return enabled(Site::shrinkstack_gdead);
            if (st == gstatus::kWaiting || st == gstatus::kRunnable) return enabled(pc);
            return Peek{PeekStatus::Blocked, pc, WaitKind::GStatus, status};
        }

        case Site::syncadjustsudogs_lock: {
            const Addr sg = w.local(a, kI);
            if (skipped_by_lastc(m, w, sg)) return enabled(pc);
            return lock_step(w, pc, w.mem(sg + sudog_field::kC) + hchan_field::kLock);
        }
        default: return enabled(pc);
    }
}

void shrinker_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    run_step(kCopystackSteps, "copystack", m, w, a, log);
}

}  // namespace stackrace::model
