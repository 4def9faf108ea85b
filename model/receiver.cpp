// model/receiver.cpp: another goroutine receiving `v := <-c`, as a step machine.
//
// Mirrors Go 1.7 chan.go chanrecv: lock c; waitq.dequeue pops c.sendq and, for a select's
// sudog (G's send case), claims it through sg.selectdone; recv copies the parked sender's
// value through sg.elem, which for G points into G's stack, and clears sg.elem before
// unlocking; goready wakes the sender. With nobody parked it takes buffered data or parks in
// c.recvq (where senders deliver into its slot, possibly queued ahead of G).
//
// Invariants:
//  - The receiver's slot is its own heap memory (its stack is not modelled).
//  - Every access to c's queues and to sudogs on them happens under c.lock.
//
// Locals: kSg the dequeued sudog, kSdp its selectdone, kEp the source read from sg.elem,
// kJ the word being copied.
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

// The receiver committed to sudog sg (a sender's, or G's send case): ghost bookkeeping.
void record_take(const Model& m, sim::World& w, sim::ActorId a, Addr sg) {
    if (const auto k = m.case_of_sudog(sg)) {
        w.set_ghost(ghost::kWins, static_cast<Word>(w.ghost(ghost::kWins) + 1));
        w.set_ghost(m.ghost_of_case(*k), static_cast<Word>(a + 1));
        w.set_ghost(m.ghost_of_receiver(a), static_cast<Word>(Model::g_actor() + 1));
        return;
    }
    const auto owner = m.owner_of_sudog(sg);
    SR_ASSERT(owner.has_value());
    w.set_ghost(m.ghost_of_receiver(a), static_cast<Word>(*owner + 1));
}

bool buffered(const Model& m, unsigned c) { return m.spec().chans[c].buffer != 0; }

}  // namespace

Peek receiver_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    return waiter_peek(m, w, a, m.receiver_of(a).chan, Site::chanrecv_lock, Site::recv_goready);
}

void receiver_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    sim::Exec x(w, m.map(), log);
    const Site pc = pc_of(w, a);
    const ReceiverInfo& r = m.receiver_of(a);
    const Addr c = m.hchan(r.chan);
    const Addr mine = m.actors()[a].g;
    const unsigned words = m.elem_words(r.chan);
    if (dequeue_claim_step(x, w, a, pc, Site::recv_read_elem, [&](Addr sg) { record_take(m, w, a, sg); })) return;
    if (park_step(x, w, a, pc, mine, c + hchan_field::kLock, Site::chanrecv_wakeup)) return;
    switch (pc) {
        case Site::chanrecv_lock: {  // lock; if c.closed != 0 && c.qcount == 0 { ... }
            x.lock(c + hchan_field::kLock, a);
            const bool closed = x.read(c + hchan_field::kClosed) != 0;
            set_pc(w, a, closed && x.read(c + hchan_field::kQcount) == 0 ? Site::chanrecv_closed : Site::dequeue_pop);
            return;
        }
        case Site::chanrecv_closed: {
            for (unsigned j = 0; j < words; ++j) x.write(static_cast<Addr>(r.slot + j), 0);
            w.set_ghost(m.ghost_of_receiver(a), ghost::kByClose);
            set_pc(w, a, Site::recv_unlock);
            return;
        }
        case Site::dequeue_pop: {  // sg := c.sendq.dequeue()
            const Addr sg = waitq_pop(x, c + hchan_field::kSendqFirst);
            if (sg != 0) {
                w.set_local(a, kSg, sg);
                set_pc(w, a, Site::dequeue_read_selectdone);
                return;
            }
            set_pc(w, a, x.read(c + hchan_field::kQcount) > 0 ? Site::recv_from_buffer : Site::chanrecv_enqueue);
            return;
        }
        case Site::recv_read_elem: {
            const Word ep = x.read(w.local(a, kSg) + sudog_field::kElem);
            w.set_local(a, kEp, ep);
            w.set_local(a, kJ, 0);
            if (buffered(m, r.chan)) {
                // Full buffer: the head goes to the receiver, the sender's value to the tail.
                const Word recvx = x.read(c + hchan_field::kRecvx);
                const auto qp = static_cast<Addr>(x.read(c + hchan_field::kBuf) + recvx * words);
                const auto head = m.sender_of_value(r.chan, w, qp);
                w.set_ghost(m.ghost_of_receiver(a), static_cast<Word>(head ? *head + 1 : 0));
                for (unsigned j = 0; j < words; ++j)
                    x.write(static_cast<Addr>(r.slot + j), x.read(static_cast<Addr>(qp + j)));
            }
            set_pc(w, a, Site::recv_copy_word);
            return;
        }
        case Site::recv_copy_word: {
            const unsigned j = w.local(a, kJ);
            const Word v = x.read(static_cast<Addr>(w.local(a, kEp) + j));
            if (buffered(m, r.chan)) {
                const Word recvx = w.mem(c + hchan_field::kRecvx);
                x.write(static_cast<Addr>(w.mem(c + hchan_field::kBuf) + recvx * words + j), v);
            } else {
                x.write(static_cast<Addr>(r.slot + j), v);
            }
            if (j + 1 < words) { w.set_local(a, kJ, static_cast<Word>(j + 1)); return; }
            w.set_local(a, kJ, 0);
            w.set_local(a, kEp, 0);
            set_pc(w, a, Site::recv_clear_elem);
            return;
        }
        case Site::recv_clear_elem: {
            x.write(w.local(a, kSg) + sudog_field::kElem, 0);
            if (buffered(m, r.chan)) {
                const auto next = static_cast<Word>((x.read(c + hchan_field::kRecvx) + 1) % m.spec().chans[r.chan].buffer);
                x.write(c + hchan_field::kRecvx, next);
                x.write(c + hchan_field::kSendx, next);
            }
            set_pc(w, a, Site::recv_unlock);
            return;
        }
        case Site::recv_unlock: {
            x.unlock(c + hchan_field::kLock, a);
            set_pc(w, a, w.local(a, kSg) != 0 ? Site::recv_goready : Site::chanrecv_return);
            return;
        }
        case Site::recv_goready: goready_sudog_step(x, w, a, Site::chanrecv_return); return;
        case Site::recv_from_buffer: {
            const Word recvx = x.read(c + hchan_field::kRecvx);
            const auto qp = static_cast<Addr>(x.read(c + hchan_field::kBuf) + recvx * words);
            const auto by = m.sender_of_value(r.chan, w, qp);
            for (unsigned j = 0; j < words; ++j) x.write(static_cast<Addr>(r.slot + j), x.read(static_cast<Addr>(qp + j)));
            x.write(c + hchan_field::kRecvx, static_cast<Word>((recvx + 1) % m.spec().chans[r.chan].buffer));
            x.write(c + hchan_field::kQcount, static_cast<Word>(x.read(c + hchan_field::kQcount) - 1));
            w.set_ghost(m.ghost_of_receiver(a), static_cast<Word>(by ? *by + 1 : 0));
            set_pc(w, a, Site::recv_unlock);
            return;
        }
        case Site::chanrecv_enqueue: {
            enqueue_self(x, mine, r.sudog, r.slot, c, c + hchan_field::kRecvqFirst);
            set_pc(w, a, Site::gopark_park_m);
            return;
        }
        case Site::chanrecv_wakeup: {
            release_sudog(x, mine, r.sudog);
            set_pc(w, a, Site::chanrecv_return);
            return;
        }
        case Site::chanrecv_return: {
            x.write(mine + g_field::kStatus, gstatus::kDead);
            set_pc(w, a, Site::exit);
            return;
        }
        default: SR_ASSERT_MSG(false, fmt::format("receiver at unexpected site {}", go_site(pc).label));
    }
}

}  // namespace stackrace::model
