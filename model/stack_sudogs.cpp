// model/stack_sudogs.cpp: the steps of copystack on the sudogs of gp.waiting: findsghi,
// syncadjustsudogs' locks, and adjustsudogs.
//
// Mirrors runtime/stack.go of commit 276b177: findsghi reads each sudog's elem (and, in a
// variant, selectdone) without locks to find sghi, the top of the part of the stack that
// other goroutines may write through sudogs; syncadjustsudogs locks every channel of
// gp.waiting in list order (lock order), adjusts each sudog's elem and selectdone with
// adjustpointer (adjustsudogs), copies [sp, sghi) and unlocks. gp.waiting, sg.waitlink and
// sg.c are written only by G, which is stopped, so they are read without a step of their own.
#include "model/copystack.h"
#include "sim/assert.h"

namespace stackrace::model::copystack {

using sim::Addr;
using sim::Word;

namespace {

Addr sudog_chan_lock(const Step& s, Addr sg) {
    return s.w.mem(sg + sudog_field::kC) + hchan_field::kLock;
}

// findsghi: raise sghi to p if old.lo <= p < old.hi (the test is Go's, boundary included).
void raise_sghi(const Step& s, Word p) {
    const sim::Region& old = old_stack(s);
    if (old.lo <= p && p < old.hi() && p > s.local(kSghi)) s.set_local(kSghi, p);
}

// Go 1.10+ (g.selectDone): sg.selectdone no longer exists (isSelect is not a pointer), so
// findsghi and adjustsudogs look at sg.elem only.
bool has_selectdone_ptr(const Step& s) { return !s.m.variant().selectdone_in_g; }

// adjustsudogs: adjustpointer(adjinfo, &sg.elem), then &sg.selectdone, for each sudog.
void adjustsudogs_next(const Step& s) {
    if (next_sudog(s))
        s.go(Site::adjustsudogs_read_elem);
    else
        adjustsudogs_done(s);
}

// After sg.elem: adjustpointer(adjinfo, &sg.selectdone), where that field exists.
void adjustsudogs_selectdone(const Step& s) {
    if (has_selectdone_ptr(s))
        s.go(Site::adjustsudogs_read_selectdone);
    else
        adjustsudogs_next(s);
}

}  // namespace

// skipped_by_lastc: "if sg.c != lastc" (later Go): the previous sudog on gp.waiting is on
// the same channel, so the variant neither locks nor unlocks it again.
bool skipped_by_lastc(const Model& m, const sim::World& w, Addr sg) {
    if (!m.variant().skips_repeated_chan) return false;
    for (Addr p = w.mem(m.layout().g_struct() + g_field::kWaiting); p != 0;
         p = w.mem(p + sudog_field::kWaitlink))
        if (w.mem(p + sudog_field::kWaitlink) == sg)
            return w.mem(p + sudog_field::kC) == w.mem(sg + sudog_field::kC);
    return false;
}

// syncadjustsudogs: the unlock loop over gp.waiting.
void syncadjustsudogs_unlock_begin(const Step& s) {
    s.set_local(kI, gp_waiting(s));
    s.go(Site::syncadjustsudogs_unlock);
}

// adjustsudogs: for sg := gp.waiting; sg != nil; sg = sg.waitlink
void adjustsudogs_begin(const Step& s) {
    if (gp_waiting(s) == 0) {
        adjustsudogs_done(s);
        return;
    }
    s.set_local(kI, gp_waiting(s));
    s.go(Site::adjustsudogs_read_elem);
}

// syncadjustsudogs: the lock loop over gp.waiting (ablation without locks: adjustsudogs).
void syncadjustsudogs_begin(const Step& s) {
    if (!s.m.variant().locks_channels) {
        adjustsudogs_begin(s);
        return;
    }
    s.set_local(kI, gp_waiting(s));
    s.go(Site::syncadjustsudogs_lock);
}

// findsghi: for sg := gp.waiting; sg != nil; sg = sg.waitlink, from sghi = 0.
void findsghi_begin(const Step& s) {
    s.set_local(kSghi, 0);
    if (gp_waiting(s) == 0) {  // syncadjustsudogs: "if gp.waiting == nil { return 0 }"
        memmove_begin(s, old_sp(s));
        return;
    }
    s.set_local(kI, gp_waiting(s));
    s.go(Site::findsghi_read_elem);
}

// findsghi: p := uintptr(sg.elem) + uintptr(sg.c.elemsize) (sg.c and elemsize are stable).
void findsghi_read_elem(const Step& s) {
    const Addr sg = s.local(kI);
    const Word elem = s.x.read(sg + sudog_field::kElem);
    const Word c = s.w.mem(sg + sudog_field::kC);
    const Word size = s.m.variant().sghi_adds_elemsize ? s.w.mem(c + hchan_field::kElemsize) : 0;
    raise_sghi(s, static_cast<Word>(elem + size));
    if (s.m.variant().sghi_counts_selectdone && has_selectdone_ptr(s))
        s.go(Site::findsghi_read_selectdone);
    else if (next_sudog(s))
        s.go(Site::findsghi_read_elem);
    else
        syncadjustsudogs_begin(s);
}

// findsghi: p = uintptr(unsafe.Pointer(sg.selectdone)) + unsafe.Sizeof(sg.selectdone)
void findsghi_read_selectdone(const Step& s) {
    const Word sd = s.x.read(s.local(kI) + sudog_field::kSelectdone);
    raise_sghi(s, static_cast<Word>(sd + 1));
    if (next_sudog(s))
        s.go(Site::findsghi_read_elem);
    else
        syncadjustsudogs_begin(s);
}

// syncadjustsudogs: lock(&sg.c.lock) for each sudog of gp.waiting.
void syncadjustsudogs_lock(const Step& s) {
    const Addr sg = s.local(kI);
    if (!skipped_by_lastc(s.m, s.w, sg)) s.x.lock(sudog_chan_lock(s, sg), s.a);
    if (next_sudog(s))
        s.go(Site::syncadjustsudogs_lock);
    else
        adjustsudogs_begin(s);
}

// syncadjustsudogs: unlock(&sg.c.lock) for each sudog of gp.waiting.
void syncadjustsudogs_unlock(const Step& s) {
    const Addr sg = s.local(kI);
    if (!skipped_by_lastc(s.m, s.w, sg)) s.x.unlock(sudog_chan_lock(s, sg), s.a);
    if (next_sudog(s))
        s.go(Site::syncadjustsudogs_unlock);
    else
        syncadjustsudogs_unlock_done(s);
}

// adjustpointer: p := *pp (sg.elem)
void adjustsudogs_read_elem(const Step& s) {
    const Word p = s.x.read(s.local(kI) + sudog_field::kElem);
    if (!in_old_stack(s, p)) {
        adjustsudogs_selectdone(s);
        return;
    }
    s.set_local(kTmp, p);
    s.go(Site::adjustsudogs_write_elem);
}

// adjustpointer: *pp = p + delta (sg.elem)
void adjustsudogs_write_elem(const Step& s) {
    s.x.write(s.local(kI) + sudog_field::kElem, static_cast<Word>(s.local(kTmp) + delta(s)));
    s.set_local(kTmp, 0);
    adjustsudogs_selectdone(s);
}

// adjustpointer: p := *pp (sg.selectdone)
void adjustsudogs_read_selectdone(const Step& s) {
    const Word p = s.x.read(s.local(kI) + sudog_field::kSelectdone);
    if (!in_old_stack(s, p)) {
        adjustsudogs_next(s);
        return;
    }
    s.set_local(kTmp, p);
    s.go(Site::adjustsudogs_write_selectdone);
}

// adjustpointer: *pp = p + delta (sg.selectdone)
void adjustsudogs_write_selectdone(const Step& s) {
    s.x.write(s.local(kI) + sudog_field::kSelectdone, static_cast<Word>(s.local(kTmp) + delta(s)));
    s.set_local(kTmp, 0);
    adjustsudogs_next(s);
}

}  // namespace stackrace::model::copystack
