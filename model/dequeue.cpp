#include "model/dequeue.h"

#include "model/chan.h"
#include "model/deliveries.h"
#include "model/runtime_structs.h"
#include "model/waitq.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

using sim::Addr;
using sim::Word;
using namespace waiter_local;

ActorKind kind_of(const Step& s) { return s.m.actors()[s.a].kind; }

// dequeue returned sg: chansend goes on with send, chanrecv with recv, closechan with
// releasing the receiver. The ghosts record the delivery the caller is now committed to.
void dequeue_won(const Step& s, Addr sg) {
    switch (kind_of(s)) {
        case ActorKind::Sender:
            delivered_to_sudog(s.m, s.w, sg, by_actor(s.a));
            s.go(Site::send_read_elem);
            return;
        case ActorKind::Receiver:
            received_from_sudog(s.m, s.w, s.a, sg);
            s.go(Site::recv_read_elem);
            return;
        case ActorKind::Closer:
            delivered_to_sudog(s.m, s.w, sg, ghost::kByClose);
            s.go(Site::closechan_read_elem);
            return;
        case ActorKind::Shrinker:
        case ActorKind::G: break;
    }
    SR_ASSERT(false);
}

// The claim failed: `continue` with the next sudog of the queue.
void dequeue_lost(const Step& s) {
    s.set_local(kSdp, 0);
    s.set_local(kSg, 0);
    s.go(Site::dequeue_pop);
}

// dequeue returned nil: chansend tries the buffer or blocks, chanrecv likewise, closechan
// has released every receiver.
void dequeue_empty(const Step& s, const Hchan& c) {
    switch (kind_of(s)) {
        case ActorKind::Sender:  // if c.qcount < c.dataqsiz
            s.go(s.x.read(c.qcount()) < c.dataqsiz ? Site::chansend_buf_put
                                                   : Site::chansend_enqueue);
            return;
        case ActorKind::Receiver:  // if c.qcount > 0
            s.go(s.x.read(c.qcount()) > 0 ? Site::recv_from_buffer : Site::chanrecv_enqueue);
            return;
        case ActorKind::Closer: s.go(Site::closechan_unlock); return;
        case ActorKind::Shrinker:
        case ActorKind::G: break;
    }
    SR_ASSERT(false);
}

}  // namespace

void dequeue_pop(const Step& s) {
    const Hchan c = hchan_of(s.m, goroutine_chan(s.m, s.a));
    const Addr sg = waitq_pop(s.x, kind_of(s) == ActorKind::Receiver ? c.sendq() : c.recvq());
    if (sg == 0) {
        dequeue_empty(s, c);
        return;
    }
    s.set_local(kSg, sg);
    if (!s.m.variant().selectdone_in_g) {
        s.go(Site::dequeue_read_selectdone);
        return;
    }
    if (s.x.read(sg + sudog_field::kSelectdone) != 0)  // if sgp.isSelect
        s.go(Site::dequeue_cas_g_selectdone);
    else
        dequeue_won(s, sg);
}

void dequeue_read_selectdone(const Step& s) {
    const Addr sg = s.local(kSg);
    const Word sdp = s.x.read(sg + sudog_field::kSelectdone);
    if (sdp == 0) {
        dequeue_won(s, sg);
        return;
    }
    s.set_local(kSdp, sdp);
    s.go(Site::dequeue_load_done);
}

void dequeue_load_done(const Step& s) {
    if (s.x.read(s.local(kSdp)) != 0)
        dequeue_lost(s);
    else
        s.go(Site::dequeue_cas_done);
}

void dequeue_cas_g_selectdone(const Step& s) {
    const Addr sg = s.local(kSg);
    const Addr gp = s.x.read(sg + sudog_field::kG);  // sgp.g: under c.lock
    if (!s.x.cas(gp + g_field::kSelectDone, 0, 1)) {
        dequeue_lost(s);
        return;
    }
    dequeue_won(s, sg);
}

void dequeue_cas_done(const Step& s) {
    if (!s.x.cas(s.local(kSdp), 0, 1)) {
        dequeue_lost(s);
        return;
    }
    s.set_local(kSdp, 0);
    dequeue_won(s, s.local(kSg));
}

}  // namespace stackrace::model
