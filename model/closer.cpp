// model/closer.cpp: a goroutine calling close(c), as a step machine.
//
// Mirrors Go 1.7 chan.go closechan: lock c; c.closed = 1; release every receiver: dequeue
// (claiming a select's sudog through sg.selectdone), zero its slot through sg.elem (for G a
// word of its stack, racing the copy), sg.elem = nil, gp.param = nil, and collect the
// goroutine; unlock; then goready each one (commit d45bf72: "Ready all Gs now that we've
// dropped the channel lock"). Variant close_readies_locked readies each goroutine while
// still holding c.lock, as Go 1.6 did; goready spins while a copier owns the stack, and the
// copier waits for c.lock (reference section 3.10).
//
// Locals: kSg the dequeued sudog, kSdp its selectdone, kEp its elem, kJ the word being
// cleared, kList the goroutines to ready (a bit per actor id).
#include <fmt/format.h>

#include "model/actors.h"
#include "model/chan_waiter.h"
#include "model/runtime_structs.h"
#include "model/waitq.h"
#include "sim/assert.h"
#include "sim/exec.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;

enum Local : unsigned { kSg = waiter_local::kSg, kSdp = waiter_local::kSdp, kEp = 2, kJ = 3, kList = 4 };

// The closer claimed sudog sg: the goroutine behind it receives the zero value.
void record_claim(const Model& m, sim::World& w, Addr sg) {
    if (const auto k = m.layout().case_of_sudog(sg)) {
        w.set_ghost(ghost::kWins, static_cast<Word>(w.ghost(ghost::kWins) + 1));
        w.set_ghost(m.actors().ghost_of_case(*k), ghost::kByClose);
        return;
    }
    const auto owner = m.actors().owner_of_sudog(sg);
    SR_ASSERT(owner.has_value());
    w.set_ghost(m.actors().ghost_of_receiver(*owner), ghost::kByClose);
}

// The lowest actor id in a kList bit set.
sim::ActorId first_in(Word list) {
    sim::ActorId a = 0;
    while ((list & (1u << a)) == 0) ++a;
    return a;
}

}  // namespace

Peek closer_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    const Site pc = pc_of(w, a);
    switch (pc) {
        case Site::CloseLock: return lock_step(w, pc, m.layout().hchan(closer_chan(m, a)) + hchan_field::kLock);
        case Site::CloseGoreadyLocked: return goready_peek(w, pc, w.mem(w.local(a, kSg) + sudog_field::kG));
        case Site::CloseGoready: return goready_peek(w, pc, m.actors()[first_in(w.local(a, kList))].g);
        default: return enabled(pc);
    }
}

void closer_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    sim::Exec x(w, m.layout().map(), log);
    const Site pc = pc_of(w, a);
    const unsigned chan = closer_chan(m, a);
    const Addr c = m.layout().hchan(chan);
    if (dequeue_claim_step(x, w, a, pc, Site::CloseReadElem, [&](Addr sg) { record_claim(m, w, sg); })) return;
    switch (pc) {
        case Site::CloseLock: {
            x.lock(c + hchan_field::kLock, a);
            set_pc(w, a, Site::CloseSetClosed);
            return;
        }
        case Site::CloseSetClosed: {
            x.write(c + hchan_field::kClosed, 1);
            set_pc(w, a, Site::DequeuePop);
            return;
        }
        case Site::DequeuePop: {  // release all readers: sg := c.recvq.dequeue()
            const Addr sg = waitq_pop(x, c + hchan_field::kRecvqFirst);
            w.set_local(a, kSg, sg);
            set_pc(w, a, sg != 0 ? Site::DequeueReadSelectdone : Site::CloseUnlock);
            return;
        }
        case Site::CloseReadElem: {
            const Word ep = x.read(w.local(a, kSg) + sudog_field::kElem);
            w.set_local(a, kEp, ep);
            w.set_local(a, kJ, 0);
            set_pc(w, a, ep != 0 ? Site::CloseMemclr : Site::CloseClearElem);
            return;
        }
        case Site::CloseMemclr: {
            const unsigned j = w.local(a, kJ);
            x.write(static_cast<Addr>(w.local(a, kEp) + j), 0);
            if (j + 1 < m.layout().elem_words(chan)) { w.set_local(a, kJ, static_cast<Word>(j + 1)); return; }
            w.set_local(a, kJ, 0);
            w.set_local(a, kEp, 0);
            set_pc(w, a, Site::CloseClearElem);
            return;
        }
        case Site::CloseClearElem: {
            const Addr sg = w.local(a, kSg);
            x.write(sg + sudog_field::kElem, 0);
            const Addr gp = w.mem(sg + sudog_field::kG);  // sg.g: protected by the lock we hold
            x.write(gp + g_field::kParam, 0);
            if (m.variant().close_readies_locked) {
                set_pc(w, a, Site::CloseGoreadyLocked);
                return;
            }
            const auto who = m.actors().of_g(gp);
            SR_ASSERT(who.has_value() && *who < 16);
            w.set_local(a, kList, static_cast<Word>(w.local(a, kList) | (1u << *who)));
            w.set_local(a, kSg, 0);
            set_pc(w, a, Site::DequeuePop);
            return;
        }
        case Site::CloseGoreadyLocked: {
            const Addr gp = w.mem(w.local(a, kSg) + sudog_field::kG);
            x.cas(gp + g_field::kStatus, gstatus::kWaiting, gstatus::kRunnable);
            w.set_local(a, kSg, 0);
            set_pc(w, a, Site::DequeuePop);
            return;
        }
        case Site::CloseUnlock: {
            x.unlock(c + hchan_field::kLock, a);
            set_pc(w, a, w.local(a, kList) != 0 ? Site::CloseGoready : Site::Exit);
            return;
        }
        case Site::CloseGoready: {
            const sim::ActorId who = first_in(w.local(a, kList));
            x.cas(m.actors()[who].g + g_field::kStatus, gstatus::kWaiting, gstatus::kRunnable);
            const auto rest = static_cast<Word>(w.local(a, kList) & ~(1u << who));
            w.set_local(a, kList, rest);
            if (rest == 0) set_pc(w, a, Site::Exit);
            return;
        }
        default: SR_ASSERT_MSG(false, fmt::format("closer at unexpected site {}", go_site(pc).label));
    }
}

}  // namespace stackrace::model
