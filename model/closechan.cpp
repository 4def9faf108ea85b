// model/closechan.cpp: a goroutine calling close(c), as steps.
//
// Mirrors Go 1.7 chan.go closechan: lock c; c.closed = 1; release every receiver: dequeue
// (claiming a select's sudog through sg.selectdone, model/dequeue.h), zero its slot through
// sg.elem (for G a word of its stack, racing the copy), sg.elem = nil, gp.param = nil, and
// collect the goroutine; unlock; then goready each one (commit d45bf72: "Ready all Gs now
// that we've dropped the channel lock"). Variant close_readies_locked readies each
// goroutine while still holding c.lock, as Go 1.6 did: goready spins while a copier owns
// the stack, and a copier that must lock c (syncadjustsudogs) waits for the closer, a
// deadlock.
//
// Locals (waiter_local): kSg the dequeued sudog, kSdp its selectdone, kEp its elem, kJ the
// word being cleared, kList the goroutines to ready (a bit per actor id).
#include "model/chan.h"
#include "model/dequeue.h"
#include "model/proc.h"
#include "model/runtime_structs.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;
using namespace waiter_local;

Hchan my_chan(const Step& s) { return hchan_of(s.m, closer_chan(s.m, s.a)); }

// The lowest actor id in a kList bit set.
sim::ActorId first_in(Word list) {
    sim::ActorId a = 0;
    while ((list & (1u << a)) == 0) ++a;
    return a;
}

// closechan: lock(&c.lock)
void closechan_lock(const Step& s) {
    s.x.lock(my_chan(s).lock(), s.a);
    s.go(Site::closechan_set_closed);
}

// closechan: c.closed = 1; then release all readers.
void closechan_set_closed(const Step& s) {
    s.x.write(my_chan(s).closed(), 1);
    s.go(Site::dequeue_pop);
}

// closechan: if sg.elem != nil { memclr(sg.elem, uintptr(c.elemsize)) }
void closechan_read_elem(const Step& s) {
    const Word ep = s.x.read(s.local(kSg) + sudog_field::kElem);
    s.set_local(kEp, ep);
    s.set_local(kJ, 0);
    s.go(ep != 0 ? Site::closechan_memclr : Site::closechan_clear_elem);
}

// closechan: memclr(sg.elem, uintptr(c.elemsize)), one word per step.
void closechan_memclr(const Step& s) {
    const unsigned j = s.local(kJ);
    s.x.write(static_cast<Addr>(s.local(kEp) + j), 0);
    if (j + 1 < my_chan(s).elem_words) {
        s.set_local(kJ, static_cast<Word>(j + 1));
        return;
    }
    s.set_local(kJ, 0);
    s.set_local(kEp, 0);
    s.go(Site::closechan_clear_elem);
}

// closechan: sg.elem = nil; gp := sg.g; gp.param = nil; glist = append(glist, gp)
// (Go 1.16+, Variant::sudog_success: gp.param = unsafe.Pointer(sg); sg.success = false).
void closechan_clear_elem(const Step& s) {
    const Addr sg = s.local(kSg);
    s.x.write(sg + sudog_field::kElem, 0);
    const Addr gp = s.w.mem(sg + sudog_field::kG);  // sg.g: protected by the lock we hold
    if (s.m.variant().sudog_success) {
        s.x.write(gp + g_field::kParam, sg);
        s.x.write(sg + sudog_field::kSuccess, 0);
    } else {
        s.x.write(gp + g_field::kParam, 0);
    }
    if (s.m.variant().close_readies_locked) {
        s.go(Site::closechan_goready_locked);
        return;
    }
    const auto who = s.m.actors().of_g(gp);
    SR_ASSERT(who.has_value() && *who < 16);
    s.set_local(kList, static_cast<Word>(s.local(kList) | (1u << *who)));
    s.set_local(kSg, 0);
    s.go(Site::dequeue_pop);
}

// Go 1.6 closechan: goready(gp, 3) with c.lock still held.
void closechan_goready_locked(const Step& s) {
    if (!ready(s, s.w.mem(s.local(kSg) + sudog_field::kG))) return;
    s.set_local(kSg, 0);
    s.go(Site::dequeue_pop);
}

// closechan: unlock(&c.lock)
void closechan_unlock(const Step& s) {
    s.x.unlock(my_chan(s).lock(), s.a);
    s.go(s.local(kList) != 0 ? Site::closechan_goready : Site::exit);
}

// closechan: for each gp of glist: goready(gp, 3)
void closechan_goready(const Step& s) {
    const sim::ActorId who = first_in(s.local(kList));
    if (!ready(s, g_of(s.m, who))) return;
    const auto rest = static_cast<Word>(s.local(kList) & ~(1u << who));
    s.set_local(kList, rest);
    if (rest == 0) s.go(Site::exit);
}

constexpr StepTable kClosechanSteps = step_table({
    {Site::closechan_lock, closechan_lock},
    {Site::closechan_set_closed, closechan_set_closed},
    {Site::dequeue_pop, dequeue_pop},
    {Site::dequeue_read_selectdone, dequeue_read_selectdone},
    {Site::dequeue_load_done, dequeue_load_done},
    {Site::dequeue_cas_done, dequeue_cas_done},
    {Site::dequeue_cas_g_selectdone, dequeue_cas_g_selectdone},
    {Site::closechan_read_elem, closechan_read_elem},
    {Site::closechan_memclr, closechan_memclr},
    {Site::closechan_clear_elem, closechan_clear_elem},
    {Site::closechan_goready_locked, closechan_goready_locked},
    {Site::closechan_unlock, closechan_unlock},
    {Site::closechan_goready, closechan_goready},
});

}  // namespace

Peek closer_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    const Site pc = pc_of(w, a);
    switch (pc) {
        case Site::closechan_lock: return lock_step(w, pc, hchan_of(m, closer_chan(m, a)).lock());
        case Site::closechan_goready_locked:
            return goready_peek(m, w, pc, w.mem(w.local(a, kSg) + sudog_field::kG));
        case Site::closechan_goready:
            return goready_peek(m, w, pc, g_of(m, first_in(w.local(a, kList))));
        default: return enabled(pc);
    }
}

void closer_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    run_step(kClosechanSteps, "closer", m, w, a, log);
}

}  // namespace stackrace::model
