#include "model/deliveries.h"

#include "sim/assert.h"

namespace stackrace::model {

using sim::Addr;
using sim::Word;

void delivered_to_case(const Model& m, sim::World& w, unsigned k, Word by) {
    w.set_ghost(ghost::kWins, static_cast<Word>(w.ghost(ghost::kWins) + 1));
    w.set_ghost(m.actors().ghost_of_case(k), by);
}

void delivered_to_receiver(const Model& m, sim::World& w, sim::ActorId r, Word by) {
    w.set_ghost(m.actors().ghost_of_receiver(r), by);
}

void delivered_to_sudog(const Model& m, sim::World& w, Addr sg, Word by) {
    if (const auto k = m.layout().case_of_sudog(sg)) {
        delivered_to_case(m, w, *k, by);
        return;
    }
    const auto owner = m.actors().owner_of_sudog(sg);  // another receiver, queued beside G
    SR_ASSERT(owner.has_value());
    delivered_to_receiver(m, w, *owner, by);
}

void received_from_sudog(const Model& m, sim::World& w, sim::ActorId r, Addr sg) {
    if (const auto k = m.layout().case_of_sudog(sg)) {
        delivered_to_case(m, w, *k, by_actor(r));
        delivered_to_receiver(m, w, r, by_actor(ActorTable::g_actor()));
        return;
    }
    const auto owner = m.actors().owner_of_sudog(sg);
    SR_ASSERT(owner.has_value());
    delivered_to_receiver(m, w, r, by_actor(*owner));
}

}  // namespace stackrace::model
