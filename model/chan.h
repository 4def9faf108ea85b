// model/chan.h: the pieces of chan.go that G and the other goroutines share.
//
// Hchan names the fields of one channel; chanbuf, typedmemmove and the buffer paths of
// chansend and chanrecv are used by every goroutine that sends or receives, G included. G
// runs recv and send as one step (it holds the channel locks and its stack cannot move while
// it runs); the other goroutines take the same statements one step each (model/chanrecv.cpp,
// model/chansend.cpp), because G's stack may be copied between them.
#pragma once

#include "model/model.h"
#include "model/runtime_structs.h"
#include "model/step.h"
#include "sim/exec.h"

namespace stackrace::model {

// Hchan: where the fields of one hchan are, and its shape (immutable after makechan).
struct Hchan {
    unsigned index = 0;  // into Spec::chans
    sim::Addr at = 0;    // the hchan structure
    unsigned elem_words = 0;
    unsigned dataqsiz = 0;  // buffer size in elements

    [[nodiscard]] sim::Addr field(sim::Addr f) const { return static_cast<sim::Addr>(at + f); }
    [[nodiscard]] sim::Addr lock() const { return field(hchan_field::kLock); }
    [[nodiscard]] sim::Addr closed() const { return field(hchan_field::kClosed); }
    [[nodiscard]] sim::Addr qcount() const { return field(hchan_field::kQcount); }
    [[nodiscard]] sim::Addr buf() const { return field(hchan_field::kBuf); }
    [[nodiscard]] sim::Addr sendx() const { return field(hchan_field::kSendx); }
    [[nodiscard]] sim::Addr recvx() const { return field(hchan_field::kRecvx); }
    [[nodiscard]] sim::Addr recvq() const { return field(hchan_field::kRecvqFirst); }
    [[nodiscard]] sim::Addr sendq() const { return field(hchan_field::kSendqFirst); }
};

[[nodiscard]] Hchan hchan_of(const Model& m, unsigned chan);

// chanbuf: chan.go's chanbuf(c, i), the address of slot i of the buffer at `buf` (c.buf).
[[nodiscard]] sim::Addr chanbuf(const Hchan& c, sim::Word buf, sim::Word i);

// next_index: `i++; if i == c.dataqsiz { i = 0 }` for c.sendx and c.recvx.
[[nodiscard]] sim::Word next_index(const Hchan& c, sim::Word i);

// typedmemmove(dst, src) of one element: a read and then a write for each word.
void typedmemmove(sim::Exec& x, sim::Addr dst, sim::Addr src, unsigned words);

// sender_of_slot: who sent the value now stored at `at` (actor + 1; 0 when unknown), for the
// ghost bookkeeping; reads nothing through the log.
[[nodiscard]] sim::Word sender_of_slot(const Step& s, const Hchan& c, sim::Addr at);

// chansend's buffer path: `qp := chanbuf(c, c.sendx); typedmemmove(c.elemtype, qp, ep);
// c.sendx++; c.qcount++`. value(j) gives word j of the value (G reads its stack through the
// log; a sender's own heap value is private to it).
template <class Value>
void chansend_buffer(const Step& s, const Hchan& c, Value value) {
    const sim::Word sendx = s.x.read(c.sendx());
    const sim::Addr qp = chanbuf(c, s.x.read(c.buf()), sendx);
    for (unsigned j = 0; j < c.elem_words; ++j) s.x.write(static_cast<sim::Addr>(qp + j), value(j));
    s.x.write(c.sendx(), next_index(c, sendx));
    s.x.write(c.qcount(), static_cast<sim::Word>(s.x.read(c.qcount()) + 1));
}

// chanrecv's buffer path: `qp := chanbuf(c, c.recvx); if ep != nil { typedmemmove(ep, qp) };
// c.recvx++; c.qcount--`. Returns who sent the value (actor + 1, 0 unknown).
sim::Word chanrecv_buffer(const Step& s, const Hchan& c, sim::Addr ep);

// recv with a full buffer, its first half: `qp := chanbuf(c, c.recvx); if ep != nil {
// typedmemmove(c.elemtype, ep, qp) }`. Returns qp; `head` is who sent the value there.
sim::Addr recv_buffer_head(const Step& s, const Hchan& c, sim::Addr ep, sim::Word& head);

// recv: chan.go's recv(c, sg, ep) as one step, for G: the parked sender's value (sg.elem)
// goes to ep (nil: dropped); with a full buffer ep gets the head and the sender's value goes
// to the tail. Then sg.elem = nil. Returns who sent ep's value (actor + 1, 0 unknown), given
// `sender`, the owner of sg.
sim::Word recv(const Step& s, const Hchan& c, sim::Addr sg, sim::Addr ep, sim::Word sender);

// send: chan.go's send(c, sg, ep) as one step, for G: sendDirect of the value at ep (G's
// stack) into the receiver's slot (sg.elem), then sg.elem = nil.
void send(const Step& s, const Hchan& c, sim::Addr sg, sim::Addr ep);

// chan_block: the block path of chansend and chanrecv for a goroutine other than G:
// acquireSudog, fill mysg (elem = its value or slot), gp.waiting = mysg, enqueue it on the
// queue whose first word is at q.
void chan_block(sim::Exec& x, sim::Addr g, sim::Addr mysg, sim::Addr elem, const Hchan& c,
                sim::Addr q);

// After wake-up: `if mysg != gp.waiting { throw("G waiting list is corrupted") }; gp.waiting =
// nil`. Returns false when it threw (chanrecv's or chansend's throw, as the actor sends).
[[nodiscard]] bool unlink_waiting(const Step& s, sim::Addr g, sim::Addr mysg);

// chansend after wake-up: `if gp.param == nil { if c.closed == 0 { throw("chansend: spurious
// wakeup") }; panic(...) }`, c.closed read without the lock (Go 1.16+, Variant::sudog_success:
// `closed := !mysg.success` instead of gp.param == nil). Returns false when it threw.
// (The panic of a send on a closed channel is not modelled: the sender goes on.)
[[nodiscard]] bool chansend_check_param(const Step& s, sim::Addr g, sim::Addr mysg, const Hchan& c);

// releaseSudog_checks: proc.go releaseSudog(s)'s checks, in Go's order: s.elem, s.selectdone
// (Go 1.10+: s.isSelect, the same word in the model), s.next, s.prev, s.waitlink, s.c, then
// the releasing goroutine's gp.param; throws at the first that is not nil. Returns false
// when it threw. The model keeps the released sudog's fields as they are.
[[nodiscard]] bool releaseSudog_checks(const Step& s, sim::Addr sg);

// releaseSudog: `gp.param = nil; mysg.c = nil; releaseSudog(mysg)` (with its checks). Returns
// false when it threw.
[[nodiscard]] bool releaseSudog(const Step& s, sim::Addr g, sim::Addr mysg);

// goroutine_chan: the channel of a sender, receiver or closer, or of G's only case (G's
// chanrecv or chansend).
[[nodiscard]] unsigned goroutine_chan(const Model& m, sim::ActorId a);

// goroutine_sends: a sender, or G in a plain chansend.
[[nodiscard]] bool goroutine_sends(const Model& m, sim::ActorId a);

// Locals of the senders, receivers and closers: the sudog they dequeued and its selectdone,
// the address read from its elem, the word being copied, and (closechan) the goroutines to
// ready, a bit per actor id.
namespace waiter_local {
inline constexpr unsigned kSg = 0;
inline constexpr unsigned kSdp = 1;
inline constexpr unsigned kEp = 2;
inline constexpr unsigned kJ = 3;
inline constexpr unsigned kList = 4;
}  // namespace waiter_local

// chan_goroutine_peek is the peek of a sender or receiver: its lock step waits for c.lock,
// its goready step for the dequeued goroutine's stack, schedule/execute for goready; every
// other step is enabled.
[[nodiscard]] Peek chan_goroutine_peek(const Model& m, const sim::World& w, sim::ActorId a,
                                       Site lock, Site goready);

// goready_dequeued: `gp.param = unsafe.Pointer(sg); goready(gp)` for the sudog the actor
// dequeued (waiter_local::kSg, then cleared), then on to `next`.
void goready_dequeued(const Step& s, Site next);

}  // namespace stackrace::model
