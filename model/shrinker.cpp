// model/shrinker.cpp: copystack as a step machine: the GC worker shrinking G's stack, and G
// growing its own.
//
// Mirrors runtime/stack.go of commit 276b177 (Go 1.7): shrinkstack -> copystack(gp,
// newsize, sync=false) -> findsghi, syncadjustsudogs (lock every channel of gp.waiting,
// adjustsudogs, memmove [sp, sghi), unlock), memmove of the rest, sghi += delta, then
// adjustpointers over the frames of the new stack with CAS-retry below sghi, stackfree.
// The Variant flags select the parent commit's shape (go1.6) and the ablations. G's own
// growth (newstack -> copystack(gp, 2*size, sync=true)) runs the same machine on G's actor:
// adjustsudogs without locks (G holds them), memmove of everything, plain adjustpointers;
// variant grow_locks makes it take the shrink path, locks included.
//
// Invariants:
//  - The shrinker touches G's sudogs and stack only while it owns G (_Gcopystack).
//  - gp.waiting, sg.waitlink and sg.c are written only by G, which is stopped, so the
//    shrinker reads them without a step of their own (folded reads).
//  - The new stack is private to the shrinker until copystack/swap.
//
// Locals: kI iterates (a sudog, a word address, an index into the stack map), kTmp holds
// the value just read, kSghi is adjinfo.sghi, kOldStatus the status to restore, kSrc the
// region of the stack being copied (G's stack when the copy started).
#include <fmt/format.h>

#include "model/actors.h"
#include "model/runtime_structs.h"
#include "sim/assert.h"
#include "sim/exec.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;

enum Local : unsigned { kI = 0, kTmp = 1, kSghi = 2, kOldStatus = 3, kSrc = 4 };

// skipped_by_lastc: "if sg.c != lastc" (later Go): the previous sudog on gp.waiting is on
// the same channel, so the variant neither locks nor unlocks it again.
bool skipped_by_lastc(const Model& m, const sim::World& w, Addr sg) {
    if (!m.variant().skips_repeated_chan) return false;
    for (Addr p = w.mem(m.g_struct() + g_field::kWaiting); p != 0; p = w.mem(p + sudog_field::kWaitlink))
        if (w.mem(p + sudog_field::kWaitlink) == sg)
            return w.mem(p + sudog_field::kC) == w.mem(sg + sudog_field::kC);
    return false;
}

// How this copy runs: the parent commit's copy-then-adjust (go1.6), growth (sync=true), or
// the 276b177 shrink (findsghi, syncadjustsudogs).
enum class Mode { Go16, Sync, Async };

struct Shrink {
    const Model& m;
    sim::World& w;
    sim::ActorId me;
    const Variant& v;
    bool grow;  // G growing its own stack
    Mode mode;

    Shrink(const Model& model, sim::World& world, sim::ActorId self)
        : m(model),
          w(world),
          me(self),
          v(model.variant()),
          grow(self == Model::g_actor()),
          mode(grow ? (v.grow_locks ? Mode::Async : Mode::Sync) : v.uses_sghi ? Mode::Async : Mode::Go16) {}

    [[nodiscard]] const sim::Region& src() const { return m.map().region(static_cast<sim::RegionId>(get(kSrc))); }
    [[nodiscard]] sim::RegionId dst_id() const { return grow ? *m.grown_stack() : m.new_stack(); }
    [[nodiscard]] const sim::Region& dst() const { return m.map().region(dst_id()); }
    [[nodiscard]] Word delta() const { return static_cast<Word>(dst().hi() - src().hi()); }
    [[nodiscard]] Addr dst_sp() const { return static_cast<Addr>(dst().hi() - m.used()); }

    [[nodiscard]] Word get(Local l) const { return w.local(me, l); }
    void put(Local l, Word x) { w.set_local(me, l, x); }
    void go(Site s) { set_pc(w, me, s); }
    [[nodiscard]] Addr first_sudog() const { return w.mem(m.g_struct() + g_field::kWaiting); }
    [[nodiscard]] Addr next_sudog(Addr sg) const { return w.mem(sg + sudog_field::kWaitlink); }
    [[nodiscard]] Addr old_bot() const { return static_cast<Addr>(src().hi() - m.used()); }
    [[nodiscard]] bool in_old(Word p) const { return src().contains(p); }

    // ---- transitions between phases (each skips phases that have nothing to do) ----

    void after_casg() {
        switch (mode) {
            case Mode::Async: start_findsghi(); return;
            case Mode::Sync: start_adjust(); return;
            case Mode::Go16: start_copy_rest(old_bot()); return;
        }
    }
    void start_findsghi() {
        put(kSghi, 0);
        if (first_sudog() == 0) {  // syncadjustsudogs: "if gp.waiting == nil { return 0 }"
            start_copy_rest(old_bot());
            return;
        }
        put(kI, first_sudog());
        go(Site::findsghi_read_elem);
    }
    void after_findsghi() {
        if (v.locks_channels) start_lock();
        else start_adjust();
    }
    void start_lock() { put(kI, first_sudog()); go(Site::syncadjustsudogs_lock); }
    [[nodiscard]] bool repeated_chan(Addr sg) const { return skipped_by_lastc(m, w, sg); }
    void start_adjust() {
        if (first_sudog() == 0) { after_adjust(); return; }
        put(kI, first_sudog());
        go(Site::adjustsudogs_read_elem);
    }
    void after_adjust() {
        if (mode == Mode::Go16) { go(Site::copystack_swap); return; }  // copied already
        if (mode == Mode::Sync) { start_copy_rest(old_bot()); return; }
        if (v.locks_channels && !v.copies_slots_locked) start_unlock();
        else start_synccopy();
    }
    void start_synccopy() {
        if (get(kSghi) == 0) { after_synccopy(); return; }
        put(kI, old_bot());
        go(Site::syncadjustsudogs_memmove_read);
    }
    void after_synccopy() {
        if (v.locks_channels && v.copies_slots_locked) start_unlock();
        else start_copy_rest(get(kSghi) == 0 ? old_bot() : get(kSghi));
    }
    void start_unlock() { put(kI, first_sudog()); go(Site::syncadjustsudogs_unlock); }
    void after_unlock() {
        if (v.copies_slots_locked) start_copy_rest(get(kSghi) == 0 ? old_bot() : get(kSghi));
        else start_synccopy();
    }
    void start_copy_rest(Addr from) {
        put(kI, from);
        if (from >= src().hi()) { after_copy_rest(); return; }
        go(Site::copystack_memmove_read);
    }
    void after_copy_rest() {
        if (mode == Mode::Go16) start_adjust();  // adjustsudogs after the copy
        else go(Site::copystack_swap);
    }
    void start_adjptr(unsigned i) {
        put(kI, static_cast<Word>(i));
        go(i < m.pointer_words().size() ? Site::adjustpointers_read : Site::copystack_stackfree);
    }
    [[nodiscard]] Addr ptr_addr(unsigned i) const {
        return static_cast<Addr>(dst_sp() + m.pointer_words()[i].offset);
    }
    // useCAS := uintptr(scanp) < adjinfo.sghi: scanp is the frame's base on the new stack.
    [[nodiscard]] bool use_cas(unsigned i) const {
        const auto scanp = static_cast<Addr>(dst_sp() + m.pointer_words()[i].frame_offset);
        return v.cas_adjusts_frames && scanp < get(kSghi);
    }
    void next_sudog_or(Site again, void (Shrink::*done)()) {
        const Addr next = next_sudog(get(kI));
        if (next == 0) { (this->*done)(); return; }
        put(kI, next);
        go(again);
    }
    // findsghi: raise sghi to p if old.lo <= p < old.hi (the test is Go's, boundary included).
    void raise_sghi(Word p) {
        const sim::Region& old = src();
        if (old.lo <= p && p < old.hi() && p > get(kSghi)) put(kSghi, p);
    }
};

}  // namespace

Peek shrinker_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    const Site pc = pc_of(w, a);
    switch (pc) {
        case Site::newstack_casgcopystack:
        case Site::newstack_casgstatus: return enabled(pc);  // G runs: its stack check failed
        case Site::shrinkstack_casgcopystack: {
            // scanstack/suspendG: the GC waits until G is stopped; a dead G has no stack.
            const Addr status = m.g_struct() + g_field::kStatus;
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
    sim::Exec x(w, m.map(), log);
    Shrink s(m, w, a);
    const Site pc = pc_of(w, a);
    switch (pc) {
        case Site::shrinkstack_casgcopystack: {
            const Addr status = m.g_struct() + g_field::kStatus;
            const Word st = w.mem(status);
            if (st == gstatus::kDead) {  // peek labelled this step shrinkstack/gdead
                x.read(status);
                s.go(Site::exit);
                return;
            }
            // oldstatus := casgcopystack(gp)
            SR_ASSERT(x.cas(status, st, gstatus::kCopystack));
            s.put(kOldStatus, st);
            s.put(kSrc, *m.map().region_of(w.mem(m.g_struct() + g_field::kStackLo)));
            // new := stackalloc(newsize): private until the swap. stackalloc does not clear
            // it: its words are what the memory held (the root chose zero or garbage).
            w.set_region_state(s.dst_id(), sim::RegionState::Allocated);
            s.after_casg();
            return;
        }
        case Site::newstack_casgcopystack: {  // newstack: casgstatus(gp, _Grunning, _Gcopystack)
            SR_ASSERT(x.cas(m.g_struct() + g_field::kStatus, gstatus::kRunning, gstatus::kCopystack));
            s.put(kSrc, *m.map().region_of(w.mem(m.g_struct() + g_field::kStackLo)));
            w.set_region_state(s.dst_id(), sim::RegionState::Allocated);
            s.after_casg();
            return;
        }
        case Site::newstack_casgstatus: {  // casgstatus(gp, _Gcopystack, _Grunning); G calls gopark
            SR_ASSERT(x.cas(m.g_struct() + g_field::kStatus, gstatus::kCopystack, gstatus::kRunning));
            for (unsigned l = 0; l < kLocalsPerActor; ++l) w.set_local(a, l, 0);
            s.go(Site::gopark_park_m);
            return;
        }
        case Site::findsghi_read_elem: {
            const Addr sg = s.get(kI);
            const Word elem = x.read(sg + sudog_field::kElem);
            const Word c = w.mem(sg + sudog_field::kC);  // sg.c and c.elemsize are stable
            const Word size = s.v.sghi_adds_elemsize ? w.mem(c + hchan_field::kElemsize) : 0;
            s.raise_sghi(static_cast<Word>(elem + size));
            if (s.v.sghi_counts_selectdone) s.go(Site::findsghi_read_selectdone);
            else s.next_sudog_or(Site::findsghi_read_elem, &Shrink::after_findsghi);
            return;
        }
        case Site::findsghi_read_selectdone: {
            const Word sd = x.read(s.get(kI) + sudog_field::kSelectdone);
            s.raise_sghi(static_cast<Word>(sd + 1));  // + unsafe.Sizeof(sg.selectdone)
            s.next_sudog_or(Site::findsghi_read_elem, &Shrink::after_findsghi);
            return;
        }
        case Site::syncadjustsudogs_lock: {
            const Addr sg = s.get(kI);
            if (!s.repeated_chan(sg)) x.lock(w.mem(sg + sudog_field::kC) + hchan_field::kLock, a);
            s.next_sudog_or(Site::syncadjustsudogs_lock, &Shrink::start_adjust);
            return;
        }
        case Site::adjustsudogs_read_elem:
        case Site::adjustsudogs_read_selectdone: {
            const Addr field = pc == Site::adjustsudogs_read_elem ? sudog_field::kElem : sudog_field::kSelectdone;
            const Word p = x.read(s.get(kI) + field);
            if (s.in_old(p)) {
                s.put(kTmp, p);
                s.go(pc == Site::adjustsudogs_read_elem ? Site::adjustsudogs_write_elem : Site::adjustsudogs_write_selectdone);
            } else if (pc == Site::adjustsudogs_read_elem) {
                s.go(Site::adjustsudogs_read_selectdone);
            } else {
                s.next_sudog_or(Site::adjustsudogs_read_elem, &Shrink::after_adjust);
            }
            return;
        }
        case Site::adjustsudogs_write_elem:
        case Site::adjustsudogs_write_selectdone: {
            const Addr field = pc == Site::adjustsudogs_write_elem ? sudog_field::kElem : sudog_field::kSelectdone;
            x.write(s.get(kI) + field, static_cast<Word>(s.get(kTmp) + s.delta()));
            s.put(kTmp, 0);
            if (pc == Site::adjustsudogs_write_elem) s.go(Site::adjustsudogs_read_selectdone);
            else s.next_sudog_or(Site::adjustsudogs_read_elem, &Shrink::after_adjust);
            return;
        }
        case Site::syncadjustsudogs_memmove_read:
        case Site::copystack_memmove_read: {
            s.put(kTmp, x.read(s.get(kI)));
            s.go(pc == Site::syncadjustsudogs_memmove_read ? Site::syncadjustsudogs_memmove_write : Site::copystack_memmove_write);
            return;
        }
        case Site::syncadjustsudogs_memmove_write: {
            const Addr from = s.get(kI);
            x.write(static_cast<Addr>(from + s.delta()), s.get(kTmp));
            s.put(kTmp, 0);
            s.put(kI, static_cast<Word>(from + 1));
            if (from + 1 >= s.get(kSghi)) s.after_synccopy();
            else s.go(Site::syncadjustsudogs_memmove_read);
            return;
        }
        case Site::copystack_memmove_write: {
            const Addr from = s.get(kI);
            x.write(static_cast<Addr>(from + s.delta()), s.get(kTmp));
            s.put(kTmp, 0);
            s.put(kI, static_cast<Word>(from + 1));
            if (from + 1 >= s.src().hi()) s.after_copy_rest();
            else s.go(Site::copystack_memmove_read);
            return;
        }
        case Site::syncadjustsudogs_unlock: {
            const Addr sg = s.get(kI);
            if (!s.repeated_chan(sg)) x.unlock(w.mem(sg + sudog_field::kC) + hchan_field::kLock, a);
            s.next_sudog_or(Site::syncadjustsudogs_unlock, &Shrink::after_unlock);
            return;
        }
        case Site::copystack_swap: {
            // gp.stack = new; gp.sched.sp = new.hi - used. G is stopped: these are G's own
            // fields, written by the owner of its stack.
            const Addr g = m.g_struct();
            x.write(g + g_field::kStackLo, s.dst().lo);
            x.write(g + g_field::kStackHi, s.dst().hi());
            x.write(g + g_field::kSchedSp, s.dst_sp());
            // if adjinfo.sghi != 0 { adjinfo.sghi += adjinfo.delta }
            if (s.get(kSghi) != 0 && s.v.sghi_adds_delta)
                s.put(kSghi, static_cast<Word>(s.get(kSghi) + s.delta()));
            s.start_adjptr(0);
            return;
        }
        case Site::adjustpointers_read: {
            const unsigned i = s.get(kI);
            const Word p = x.read(s.ptr_addr(i));
            if (s.in_old(p)) {
                s.put(kTmp, p);
                s.go(s.use_cas(i) ? Site::adjustpointers_cas : Site::adjustpointers_write);
            } else {
                s.start_adjptr(i + 1);
            }
            return;
        }
        case Site::adjustpointers_cas: {
            const unsigned i = s.get(kI);
            const Word p = s.get(kTmp);
            s.put(kTmp, 0);
            if (x.cas(s.ptr_addr(i), p, static_cast<Word>(p + s.delta()))) s.start_adjptr(i + 1);
            else s.go(Site::adjustpointers_read);  // goto retry
            return;
        }
        case Site::adjustpointers_write: {
            const unsigned i = s.get(kI);
            x.write(s.ptr_addr(i), static_cast<Word>(s.get(kTmp) + s.delta()));
            s.put(kTmp, 0);
            s.start_adjptr(i + 1);
            return;
        }
        case Site::copystack_stackfree: {
            // stackfree(old): the memory goes back to the cache, reusable at once; poison it.
            const sim::Region& old = s.src();
            w.set_region_state(static_cast<sim::RegionId>(s.get(kSrc)), sim::RegionState::Free);
            for (Addr p = old.lo; p < old.hi(); ++p) w.set_mem(p, sim::kPoisonFreed);
            s.put(kI, 0);
            s.put(kSghi, 0);
            s.go(s.grow ? Site::newstack_casgstatus : Site::shrinkstack_casgstatus);
            return;
        }
        case Site::shrinkstack_casgstatus: {
            SR_ASSERT(x.cas(m.g_struct() + g_field::kStatus, gstatus::kCopystack, s.get(kOldStatus)));
            s.put(kOldStatus, 0);
            s.put(kSrc, 0);
            s.go(Site::exit);
            return;
        }
        default: SR_ASSERT_MSG(false, fmt::format("shrinker at unexpected site {}", go_site(pc).label));
    }
}

}  // namespace stackrace::model
