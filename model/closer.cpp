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
    if (const auto k = m.case_of_sudog(sg)) {
        w.set_ghost(ghost::kWins, static_cast<Word>(w.ghost(ghost::kWins) + 1));
        w.set_ghost(m.ghost_of_case(*k), ghost::kByClose);
        return;
    }
    const auto owner = m.owner_of_sudog(sg);
    SR_ASSERT(owner.has_value());
    w.set_ghost(m.ghost_of_receiver(*owner), ghost::kByClose);
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
        case Site::closechan_lock: return lock_step(w, pc, m.hchan(m.closer_chan(a)) + hchan_field::kLock);
        case Site::closechan_goready_locked: return goready_peek(w, pc, w.mem(w.local(a, kSg) + sudog_field::kG));
        case Site::closechan_goready: return goready_peek(w, pc, m.actors()[first_in(w.local(a, kList))].g);
        default: return enabled(pc);
    }
}

void closer_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    sim::Exec x(w, m.map(), log);
    const Site pc = pc_of(w, a);
    const unsigned chan = m.closer_chan(a);
    const Addr c = m.hchan(chan);
    if (dequeue_claim_step(x, w, a, pc, Site::closechan_read_elem, [&](Addr sg) { record_claim(m, w, sg); })) return;
    switch (pc) {
        case Site::closechan_lock: {
            x.lock(c + hchan_field::kLock, a);
            set_pc(w, a, Site::closechan_set_closed);
            return;
        }
        case Site::closechan_set_closed: {
            x.write(c + hchan_field::kClosed, 1);
            set_pc(w, a, Site::dequeue_pop);
            return;
        }
        case Site::dequeue_pop: {  // release all readers: sg := c.recvq.dequeue()
            const Addr sg = waitq_pop(x, c + hchan_field::kRecvqFirst);
            w.set_local(a, kSg, sg);
            set_pc(w, a, sg != 0 ? Site::dequeue_read_selectdone : Site::closechan_unlock);
            return;
        }
        case Site::closechan_read_elem: {
            const Word ep = x.read(w.local(a, kSg) + sudog_field::kElem);
            w.set_local(a, kEp, ep);
            w.set_local(a, kJ, 0);
            set_pc(w, a, ep != 0 ? Site::closechan_memclr : Site::closechan_clear_elem);
            return;
        }
        case Site::closechan_memclr: {
            const unsigned j = w.local(a, kJ);
            x.write(static_cast<Addr>(w.local(a, kEp) + j), 0);
            if (j + 1 < m.elem_words(chan)) { w.set_local(a, kJ, static_cast<Word>(j + 1)); return; }
            w.set_local(a, kJ, 0);
            w.set_local(a, kEp, 0);
            set_pc(w, a, Site::closechan_clear_elem);
            return;
        }
        case Site::closechan_clear_elem: {
            const Addr sg = w.local(a, kSg);
            x.write(sg + sudog_field::kElem, 0);
            const Addr gp = w.mem(sg + sudog_field::kG);  // sg.g: protected by the lock we hold
            x.write(gp + g_field::kParam, 0);
            if (m.variant().close_readies_locked) {
                set_pc(w, a, Site::closechan_goready_locked);
                return;
            }
            const auto who = m.actor_of_g(gp);
            SR_ASSERT(who.has_value() && *who < 16);
            w.set_local(a, kList, static_cast<Word>(w.local(a, kList) | (1u << *who)));
            w.set_local(a, kSg, 0);
            set_pc(w, a, Site::dequeue_pop);
            return;
        }
        case Site::closechan_goready_locked: {
            const Addr gp = w.mem(w.local(a, kSg) + sudog_field::kG);
            x.cas(gp + g_field::kStatus, gstatus::kWaiting, gstatus::kRunnable);
            w.set_local(a, kSg, 0);
            set_pc(w, a, Site::dequeue_pop);
            return;
        }
        case Site::closechan_unlock: {
            x.unlock(c + hchan_field::kLock, a);
            set_pc(w, a, w.local(a, kList) != 0 ? Site::closechan_goready : Site::exit);
            return;
        }
        case Site::closechan_goready: {
            const sim::ActorId who = first_in(w.local(a, kList));
            x.cas(m.actors()[who].g + g_field::kStatus, gstatus::kWaiting, gstatus::kRunnable);
            const auto rest = static_cast<Word>(w.local(a, kList) & ~(1u << who));
            w.set_local(a, kList, rest);
            if (rest == 0) set_pc(w, a, Site::exit);
            return;
        }
        default: SR_ASSERT_MSG(false, fmt::format("closer at unexpected site {}", go_site(pc).label));
    }
}

}  // namespace stackrace::model
