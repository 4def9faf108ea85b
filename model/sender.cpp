// model/sender.cpp: a goroutine sending one value on a channel, as a step machine.
//
// Mirrors Go 1.7 chan.go: chansend locks c; waitq.dequeue pops c.recvq and, for a select's
// sudog, claims it by reading and CASing the select's done word through sg.selectdone (a
// word on the receiver's stack); send writes the value through sg.elem (sendDirect) and
// clears sg.elem *before* unlocking (commit db72b41), then goready spins until the
// receiver's stack is no longer owned by a copier. With nobody waiting it fills the buffer
// or blocks in c.sendq.
//
// Invariants:
//  - Every access to c's queues and to the fields of a sudog on them happens under c.lock.
//  - The value sent is the sender's own heap box: it never points into a stack (INV-NOESC).
//
// Locals: kSg the dequeued sudog, kSdp its selectdone, kEp the destination read from
// sg.elem, kJ the word of the value being written.
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

enum Local : unsigned { kSg = waiter_local::kSg, kSdp = waiter_local::kSdp, kEp = 2, kJ = 3 };

// The sender has won the right to deliver to sudog sg: ghost bookkeeping for the checkers.
void record_win(const Model& m, sim::World& w, sim::ActorId a, Addr sg) {
    if (const auto k = m.case_of_sudog(sg)) {
        w.set_ghost(ghost::kWins, static_cast<Word>(w.ghost(ghost::kWins) + 1));
        w.set_ghost(m.ghost_of_case(*k), static_cast<Word>(a + 1));
        return;
    }
    const auto owner = m.owner_of_sudog(sg);  // another receiver, queued beside G
    SR_ASSERT(owner.has_value());
    w.set_ghost(m.ghost_of_receiver(*owner), static_cast<Word>(a + 1));
}

}  // namespace

Peek sender_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    return waiter_peek(m, w, a, m.sender_of(a).chan, Site::chansend_lock, Site::send_goready);
}

void sender_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    sim::Exec x(w, m.map(), log);
    const Site pc = pc_of(w, a);
    const SenderInfo& s = m.sender_of(a);
    const Addr c = m.hchan(s.chan);
    const Addr mine = m.actors()[a].g;
    const unsigned words = m.elem_words(s.chan);
    if (dequeue_claim_step(x, w, a, pc, Site::send_read_elem, [&](Addr sg) { record_win(m, w, a, sg); })) return;
    if (park_step(x, w, a, pc, mine, c + hchan_field::kLock, Site::chansend_wakeup)) return;
    switch (pc) {
        case Site::chansend_lock: {
            x.lock(c + hchan_field::kLock, a);
            set_pc(w, a, Site::dequeue_pop);
            return;
        }
        case Site::dequeue_pop: {  // for { sgp := q.first; if sgp == nil { return nil } ...
            const Addr sg = waitq_pop(x, c + hchan_field::kRecvqFirst);
            if (sg != 0) {
                w.set_local(a, kSg, sg);
                set_pc(w, a, Site::dequeue_read_selectdone);
                return;
            }
            const Word qcount = x.read(c + hchan_field::kQcount);
            set_pc(w, a, qcount < m.spec().chans[s.chan].buffer ? Site::chansend_buf_put : Site::chansend_enqueue);
            return;
        }
        case Site::send_read_elem: {
            const Word ep = x.read(w.local(a, kSg) + sudog_field::kElem);
            w.set_local(a, kEp, ep);
            w.set_local(a, kJ, 0);
            set_pc(w, a, ep == 0 ? Site::send_unlock : Site::sendDirect_write);
            return;
        }
        case Site::sendDirect_write: {
            const unsigned j = w.local(a, kJ);
            x.write(static_cast<Addr>(w.local(a, kEp) + j), s.value[j]);
            if (j + 1 < words) { w.set_local(a, kJ, static_cast<Word>(j + 1)); return; }
            w.set_local(a, kJ, 0);
            w.set_local(a, kEp, 0);
            set_pc(w, a, Site::send_clear_elem);
            return;
        }
        case Site::send_clear_elem: {
            x.write(w.local(a, kSg) + sudog_field::kElem, 0);
            set_pc(w, a, Site::send_unlock);
            return;
        }
        case Site::send_unlock: {
            x.unlock(c + hchan_field::kLock, a);
            set_pc(w, a, Site::send_goready);
            return;
        }
        case Site::send_goready: goready_sudog_step(x, w, a, Site::exit); return;
        case Site::chansend_buf_put: {
            const Word sendx = x.read(c + hchan_field::kSendx);
            const auto qp = static_cast<Addr>(x.read(c + hchan_field::kBuf) + sendx * words);
            for (unsigned j = 0; j < words; ++j) x.write(static_cast<Addr>(qp + j), s.value[j]);
            x.write(c + hchan_field::kSendx, static_cast<Word>((sendx + 1) % m.spec().chans[s.chan].buffer));
            x.write(c + hchan_field::kQcount, static_cast<Word>(x.read(c + hchan_field::kQcount) + 1));
            set_pc(w, a, Site::chansend_unlock);
            return;
        }
        case Site::chansend_unlock: {
            x.unlock(c + hchan_field::kLock, a);
            set_pc(w, a, Site::exit);
            return;
        }
        case Site::chansend_enqueue: {
            enqueue_self(x, mine, s.sudog, s.box, c, c + hchan_field::kSendqFirst);
            set_pc(w, a, Site::gopark_park_m);
            return;
        }
        case Site::chansend_wakeup: {
            release_sudog(x, mine, s.sudog);
            set_pc(w, a, Site::exit);
            return;
        }
        default: SR_ASSERT_MSG(false, fmt::format("sender at unexpected site {}", go_site(pc).label));
    }
}

}  // namespace stackrace::model
