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
    if (const auto k = m.layout().case_of_sudog(sg)) {
        w.set_ghost(ghost::kWins, static_cast<Word>(w.ghost(ghost::kWins) + 1));
        w.set_ghost(m.actors().ghost_of_case(*k), static_cast<Word>(a + 1));
        w.set_ghost(m.actors().ghost_of_receiver(a), static_cast<Word>(ActorTable::g_actor() + 1));
        return;
    }
    const auto owner = m.actors().owner_of_sudog(sg);
    SR_ASSERT(owner.has_value());
    w.set_ghost(m.actors().ghost_of_receiver(a), static_cast<Word>(*owner + 1));
}

bool buffered(const Model& m, unsigned c) { return m.spec().chans[c].buffer != 0; }

}  // namespace

Peek receiver_peek(const Model& m, const sim::World& w, sim::ActorId a) {
    return waiter_peek(m, w, a, receiver_of(m, a).chan, Site::ChanrecvLock, Site::RecvGoready);
}

void receiver_step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    sim::Exec x(w, m.layout().map(), log);
    const Site pc = pc_of(w, a);
    const ReceiverInfo& r = receiver_of(m, a);
    const Addr c = m.layout().hchan(r.chan);
    const Addr mine = m.actors()[a].g;
    const unsigned words = m.layout().elem_words(r.chan);
    if (dequeue_claim_step(x, w, a, pc, Site::RecvReadElem, [&](Addr sg) { record_take(m, w, a, sg); })) return;
    if (park_step(x, w, a, pc, mine, c + hchan_field::kLock, Site::ChanrecvWakeup)) return;
    switch (pc) {
        case Site::ChanrecvLock: {  // lock; if c.closed != 0 && c.qcount == 0 { ... }
            x.lock(c + hchan_field::kLock, a);
            const bool closed = x.read(c + hchan_field::kClosed) != 0;
            set_pc(w, a, closed && x.read(c + hchan_field::kQcount) == 0 ? Site::RecvClosed : Site::DequeuePop);
            return;
        }
        case Site::RecvClosed: {
            for (unsigned j = 0; j < words; ++j) x.write(static_cast<Addr>(r.slot + j), 0);
            w.set_ghost(m.actors().ghost_of_receiver(a), ghost::kByClose);
            set_pc(w, a, Site::RecvUnlock);
            return;
        }
        case Site::DequeuePop: {  // sg := c.sendq.dequeue()
            const Addr sg = waitq_pop(x, c + hchan_field::kSendqFirst);
            if (sg != 0) {
                w.set_local(a, kSg, sg);
                set_pc(w, a, Site::DequeueReadSelectdone);
                return;
            }
            set_pc(w, a, x.read(c + hchan_field::kQcount) > 0 ? Site::RecvFromBuffer : Site::ChanrecvEnqueue);
            return;
        }
        case Site::RecvReadElem: {
            const Word ep = x.read(w.local(a, kSg) + sudog_field::kElem);
            w.set_local(a, kEp, ep);
            w.set_local(a, kJ, 0);
            if (buffered(m, r.chan)) {
                // Full buffer: the head goes to the receiver, the sender's value to the tail.
                const Word recvx = x.read(c + hchan_field::kRecvx);
                const auto qp = static_cast<Addr>(x.read(c + hchan_field::kBuf) + recvx * words);
                const auto head = sender_of_value(m, r.chan, w, qp);
                w.set_ghost(m.actors().ghost_of_receiver(a), static_cast<Word>(head ? *head + 1 : 0));
                for (unsigned j = 0; j < words; ++j)
                    x.write(static_cast<Addr>(r.slot + j), x.read(static_cast<Addr>(qp + j)));
            }
            set_pc(w, a, Site::RecvCopyWord);
            return;
        }
        case Site::RecvCopyWord: {
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
            set_pc(w, a, Site::RecvClearElem);
            return;
        }
        case Site::RecvClearElem: {
            x.write(w.local(a, kSg) + sudog_field::kElem, 0);
            if (buffered(m, r.chan)) {
                const auto next = static_cast<Word>((x.read(c + hchan_field::kRecvx) + 1) % m.spec().chans[r.chan].buffer);
                x.write(c + hchan_field::kRecvx, next);
                x.write(c + hchan_field::kSendx, next);
            }
            set_pc(w, a, Site::RecvUnlock);
            return;
        }
        case Site::RecvUnlock: {
            x.unlock(c + hchan_field::kLock, a);
            set_pc(w, a, w.local(a, kSg) != 0 ? Site::RecvGoready : Site::RecvReturn);
            return;
        }
        case Site::RecvGoready: goready_sudog_step(x, w, a, Site::RecvReturn); return;
        case Site::RecvFromBuffer: {
            const Word recvx = x.read(c + hchan_field::kRecvx);
            const auto qp = static_cast<Addr>(x.read(c + hchan_field::kBuf) + recvx * words);
            const auto by = sender_of_value(m, r.chan, w, qp);
            for (unsigned j = 0; j < words; ++j) x.write(static_cast<Addr>(r.slot + j), x.read(static_cast<Addr>(qp + j)));
            x.write(c + hchan_field::kRecvx, static_cast<Word>((recvx + 1) % m.spec().chans[r.chan].buffer));
            x.write(c + hchan_field::kQcount, static_cast<Word>(x.read(c + hchan_field::kQcount) - 1));
            w.set_ghost(m.actors().ghost_of_receiver(a), static_cast<Word>(by ? *by + 1 : 0));
            set_pc(w, a, Site::RecvUnlock);
            return;
        }
        case Site::ChanrecvEnqueue: {
            enqueue_self(x, mine, r.sudog, r.slot, c, c + hchan_field::kRecvqFirst);
            set_pc(w, a, Site::ParkM);
            return;
        }
        case Site::ChanrecvWakeup: {
            release_sudog(x, mine, r.sudog);
            set_pc(w, a, Site::RecvReturn);
            return;
        }
        case Site::RecvReturn: {
            x.write(mine + g_field::kStatus, gstatus::kDead);
            set_pc(w, a, Site::Exit);
            return;
        }
        default: SR_ASSERT_MSG(false, fmt::format("receiver at unexpected site {}", go_site(pc).label));
    }
}

}  // namespace stackrace::model
