// stale-sudog: a goroutine releases a sudog that still has a non-nil elem, selectdone, next,
// prev or waitlink. Go's releaseSudog throws ("runtime: sudog with non-nil elem"): this is
// the crash of Go issue #40641, where a copier adjusting sg.elem without the channel lock
// writes the pointer back after the waker cleared it (reference section 3.1, "resurrected
// elem").
//
// Judged at the steps that end in releaseSudog: chanrecv's and chansend's wake-up, and each
// case of selectgo's pass 3.
#include <fmt/format.h>

#include "checker/properties/properties.h"
#include "model/runtime_structs.h"

namespace stackrace::checker {

std::optional<Violation> check_stale_sudog(const Transition& t) {
    const model::Model& m = t.m;
    sim::Addr sg = 0;
    switch (t.site) {
        case model::Site::chanrecv_wakeup:
        case model::Site::chansend_wakeup:
            switch (m.actors()[t.actor].kind) {
                case model::ActorKind::G: sg = m.layout().cases()[0].sudog; break;
                case model::ActorKind::Sender: sg = sender_of(m, t.actor).sudog; break;
                case model::ActorKind::Receiver: sg = receiver_of(m, t.actor).sudog; break;
                case model::ActorKind::Shrinker:
                case model::ActorKind::Closer: return std::nullopt;
            }
            break;
        case model::Site::selectgo_pass3_dequeue: {
            // The case this step released: pass 3 walks the cases in lock order.
            const unsigned i = t.before.local(t.actor, 0);
            sg = m.layout().cases()[m.layout().lockorder()[i]].sudog;
            break;
        }
        default: return std::nullopt;
    }
    using namespace model::sudog_field;
    for (sim::Addr f : {kElem, kSelectdone, kNext, kPrev, kWaitlink}) {
        const sim::Word v = t.after.mem(sg + f);
        if (v == 0) continue;
        return Violation{
            PropertyId::StaleSudog,
            fmt::format("{} releases its sudog with {} = {} (Go throws \"sudog with non-nil {}\")",
                        actor_name(m, t.actor),
                        addr_name(m.layout(), static_cast<sim::Addr>(sg + f)),
                        value_at(m.layout(), static_cast<sim::Addr>(sg + f), v),
                        symbol(m.layout(), static_cast<sim::Addr>(sg + f))
                            .substr(symbol(m.layout(), sg).size() - 1)),
            {static_cast<sim::Addr>(sg + f)},
            {t.actor}};
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
