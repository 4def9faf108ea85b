// model/copystack.h: what the steps of copystack share (model/stack.cpp, model/stack_sudogs.cpp).
//
// copystack runs on the shrinker's actor (shrinkstack) or on G's (newstack, G growing its
// own stack). Locals: kI iterates (a sudog, a word address, an index into the stack map),
// kTmp holds the value just read, kSghi is adjinfo.sghi, kOldStatus the status to restore,
// kSrc the region of the stack being copied (G's stack when the copy started).
#pragma once

#include "model/runtime_structs.h"
#include "model/step.h"

namespace stackrace::model::copystack {

enum Local : unsigned { kI = 0, kTmp = 1, kSghi = 2, kOldStatus = 3, kSrc = 4 };

// Go 1.14+ (Variant::active_stack_chans): the shrink took copystack's unlocked branch
// (activeStackChans was false). Every local is in use, so the choice is a bit kept with the
// old status (Go statuses, _Gscan included, are below it); restartg masks it off.
inline constexpr sim::Word kUnlockedBranch = 0x8000;

// How this copy runs: the parent commit's copy-then-adjust (go1.6), growth (sync=true), or
// the 276b177 shrink (findsghi, syncadjustsudogs).
enum class Mode { Go16, Sync, Async };

inline bool growing(const Step& s) { return s.a == ActorTable::g_actor(); }

inline Mode mode_of(const Step& s) {
    const Variant& v = s.m.variant();
    if (growing(s)) return v.grow_locks ? Mode::Async : Mode::Sync;
    if ((s.local(kOldStatus) & kUnlockedBranch) != 0) return Mode::Sync;
    return v.uses_sghi ? Mode::Async : Mode::Go16;
}

// old: the stack being copied; new: the one copystack allocated.
inline const sim::Region& old_stack(const Step& s) {
    return s.m.layout().map().region(static_cast<sim::RegionId>(s.local(kSrc)));
}
inline sim::RegionId new_stack_id(const Step& s) {
    return growing(s) ? *s.m.layout().grown_stack() : s.m.layout().new_stack();
}
inline const sim::Region& new_stack(const Step& s) {
    return s.m.layout().map().region(new_stack_id(s));
}
inline sim::Word delta(const Step& s) {
    return static_cast<sim::Word>(new_stack(s).hi() - old_stack(s).hi());
}
inline sim::Addr old_sp(const Step& s) {
    return static_cast<sim::Addr>(old_stack(s).hi() - s.m.layout().used());
}  // oldBot
inline sim::Addr new_sp(const Step& s) {
    return static_cast<sim::Addr>(new_stack(s).hi() - s.m.layout().used());
}
inline bool in_old_stack(const Step& s, sim::Word p) { return old_stack(s).contains(p); }

inline sim::Addr gp_waiting(const Step& s) {
    return s.w.mem(s.m.layout().g_struct() + g_field::kWaiting);
}

// next_sudog: `sg = sg.waitlink`: moves kI on and returns true, or returns false (kI left
// alone) at the end of gp.waiting.
inline bool next_sudog(const Step& s) {
    const sim::Addr next = s.w.mem(s.local(kI) + sudog_field::kWaitlink);
    if (next == 0) return false;
    s.set_local(kI, next);
    return true;
}

// skipped_by_lastc: "if sg.c != lastc" (later Go): the previous sudog on gp.waiting is on
// the same channel, so the variant neither locks nor unlocks it again.
[[nodiscard]] bool skipped_by_lastc(const Model& m, const sim::World& w, sim::Addr sg);

// The phases of copystack (each `_begin` skips its loop when there is nothing to do).
void memmove_begin(const Step& s, sim::Addr from);  // stack.cpp
void adjustsudogs_done(const Step& s);
void syncadjustsudogs_unlock_done(const Step& s);
void findsghi_begin(const Step& s);  // stack_sudogs.cpp
void syncadjustsudogs_begin(const Step& s);
void adjustsudogs_begin(const Step& s);
void syncadjustsudogs_unlock_begin(const Step& s);

// The steps on gp.waiting's sudogs (stack_sudogs.cpp).
void findsghi_read_elem(const Step& s);
void findsghi_read_selectdone(const Step& s);
void syncadjustsudogs_lock(const Step& s);
void syncadjustsudogs_unlock(const Step& s);
void adjustsudogs_read_elem(const Step& s);
void adjustsudogs_write_elem(const Step& s);
void adjustsudogs_read_selectdone(const Step& s);
void adjustsudogs_write_selectdone(const Step& s);

}  // namespace stackrace::model::copystack
