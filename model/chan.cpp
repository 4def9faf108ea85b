#include "model/chan.h"

#include <utility>

#include "model/proc.h"
#include "model/throws.h"
#include "model/waitq.h"
#include "sim/assert.h"

namespace stackrace::model {

using sim::Addr;
using sim::Word;

Hchan hchan_of(const Model& m, unsigned chan) {
    return Hchan{chan, m.layout().hchan(chan), m.layout().elem_words(chan),
                 m.spec().chans[chan].buffer};
}

Addr chanbuf(const Hchan& c, Word buf, Word i) { return static_cast<Addr>(buf + i * c.elem_words); }

Word next_index(const Hchan& c, Word i) { return static_cast<Word>((i + 1) % c.dataqsiz); }

void typedmemmove(sim::Exec& x, Addr dst, Addr src, unsigned words) {
    for (unsigned j = 0; j < words; ++j)
        x.write(static_cast<Addr>(dst + j), x.read(static_cast<Addr>(src + j)));
}

Word sender_of_slot(const Step& s, const Hchan& c, Addr at) {
    const auto by = sender_of_value(s.m, c.index, s.w, at);
    return static_cast<Word>(by ? *by + 1 : 0);
}

Word chanrecv_buffer(const Step& s, const Hchan& c, Addr ep) {
    const Word recvx = s.x.read(c.recvx());
    const Addr qp = chanbuf(c, s.x.read(c.buf()), recvx);
    const Word by = sender_of_slot(s, c, qp);
    if (ep != sim::kNil) typedmemmove(s.x, ep, qp, c.elem_words);
    s.x.write(c.recvx(), next_index(c, recvx));
    s.x.write(c.qcount(), static_cast<Word>(s.x.read(c.qcount()) - 1));
    return by;
}

Addr recv_buffer_head(const Step& s, const Hchan& c, Addr ep, Word& head) {
    const Word recvx = s.x.read(c.recvx());
    const Addr qp = chanbuf(c, s.x.read(c.buf()), recvx);
    head = sender_of_slot(s, c, qp);
    if (ep != sim::kNil) typedmemmove(s.x, ep, qp, c.elem_words);
    return qp;
}

Word recv(const Step& s, const Hchan& c, Addr sg, Addr ep, Word sender) {
    const Addr elem = s.x.read(sg + sudog_field::kElem);
    Word from = sender;
    if (c.dataqsiz == 0) {
        if (ep != sim::kNil) typedmemmove(s.x, ep, elem, c.elem_words);
    } else {
        // The queue is full: take the head, put the sender's value at the tail (the same slot).
        const Addr qp = recv_buffer_head(s, c, ep, from);
        typedmemmove(s.x, qp, elem, c.elem_words);
        const Word next = next_index(c, s.w.mem(c.recvx()));  // c.recvx as read above
        s.x.write(c.recvx(), next);
        s.x.write(c.sendx(), next);  // c.sendx = c.recvx
    }
    s.x.write(sg + sudog_field::kElem, 0);
    return from;
}

void send(const Step& s, const Hchan& c, Addr sg, Addr ep) {
    const Addr dst = s.x.read(sg + sudog_field::kElem);
    typedmemmove(s.x, dst, ep, c.elem_words);  // sendDirect
    s.x.write(sg + sudog_field::kElem, 0);
}

void chan_block(sim::Exec& x, Addr g, Addr mysg, Addr elem, const Hchan& c, Addr q) {
    // "No stack splits between assigning elem and enqueuing mysg on gp.waiting."
    x.write(mysg + sudog_field::kElem, elem);
    x.write(mysg + sudog_field::kWaitlink, 0);
    x.write(g + g_field::kWaiting, mysg);
    x.write(mysg + sudog_field::kG, g);
    x.write(mysg + sudog_field::kSelectdone, 0);
    x.write(mysg + sudog_field::kC, c.at);
    x.write(g + g_field::kParam, 0);
    waitq_enqueue(x, q, mysg);
}

bool unlink_waiting(const Step& s, Addr g, Addr mysg) {
    if (s.x.read(g + g_field::kWaiting) != mysg) {
        throw_(s, goroutine_sends(s.m, s.a) ? Throw::chansend_waiting_corrupted
                                            : Throw::chanrecv_waiting_corrupted);
        return false;
    }
    s.x.write(g + g_field::kWaiting, 0);
    return true;
}

bool chansend_check_param(const Step& s, Addr g, Addr mysg, const Hchan& c) {
    if (s.m.variant().sudog_success) {
        if (s.x.read(mysg + sudog_field::kSuccess) != 0) return true;  // closed := !mysg.success
    } else if (s.x.read(g + g_field::kParam) != 0) {
        return true;
    }
    if (s.x.read(c.closed()) != 0) return true;
    throw_(s, Throw::chansend_spurious_wakeup);
    return false;
}

bool releaseSudog_checks(const Step& s, Addr sg) {
    using namespace sudog_field;
    const Throw selectdone = s.m.variant().selectdone_in_g ? Throw::sudog_nonfalse_isselect
                                                           : Throw::sudog_nonnil_selectdone;
    const std::pair<Addr, Throw> checks[] = {
        {kElem, Throw::sudog_nonnil_elem},         {kSelectdone, selectdone},
        {kNext, Throw::sudog_nonnil_next},         {kPrev, Throw::sudog_nonnil_prev},
        {kWaitlink, Throw::sudog_nonnil_waitlink}, {kC, Throw::sudog_nonnil_c},
    };
    for (const auto& [field, t] : checks)
        if (s.x.read(sg + field) != 0) {
            throw_(s, t);
            return false;
        }
    if (s.x.read(g_of(s.m, s.a) + g_field::kParam) != 0) {  // gp := getg()
        throw_(s, Throw::releasesudog_nonnil_param);
        return false;
    }
    return true;
}

bool releaseSudog(const Step& s, Addr g, Addr mysg) {
    s.x.write(g + g_field::kParam, 0);
    s.x.write(mysg + sudog_field::kC, 0);
    return releaseSudog_checks(s, mysg);
}

unsigned goroutine_chan(const Model& m, sim::ActorId a) {
    switch (m.actors()[a].kind) {
        case ActorKind::G: return m.layout().cases()[0].chan;
        case ActorKind::Sender: return sender_of(m, a).chan;
        case ActorKind::Receiver: return receiver_of(m, a).chan;
        case ActorKind::Closer: return closer_chan(m, a);
        case ActorKind::Shrinker: break;
    }
    SR_ASSERT(false);
}

bool goroutine_sends(const Model& m, sim::ActorId a) {
    if (a == ActorTable::g_actor()) return m.spec().g.op == GOp::Send;
    return m.actors()[a].kind == ActorKind::Sender;
}

Peek chan_goroutine_peek(const Model& m, const sim::World& w, sim::ActorId a, Site lock,
                         Site goready) {
    const Site pc = pc_of(w, a);
    if (pc == lock) return lock_step(w, pc, hchan_of(m, goroutine_chan(m, a)).lock());
    if (pc == goready)
        return goready_peek(m, w, pc, w.mem(w.local(a, waiter_local::kSg) + sudog_field::kG));
    if (pc == Site::schedule_execute) return park_peek(w, pc, g_of(m, a));
    return enabled(pc);
}

void goready_dequeued(const Step& s, Site next) {
    const Addr sg = s.local(waiter_local::kSg);
    if (!goready(s, s.w.mem(sg + sudog_field::kG), sg)) return;
    s.set_local(waiter_local::kSg, 0);
    s.go(next);
}

}  // namespace stackrace::model
