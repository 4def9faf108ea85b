// model/deliveries.h: the ghost record of who delivered to whom, for the checkers.
//
// Nothing here is read by the modelled algorithm. A delivery to one of G's cases counts in
// ghost::kWins (two wins for one select are the double-select-win bug) and names the
// deliverer in the case's word; a delivery to another receiver names the deliverer in that
// receiver's word. A deliverer is an actor id + 1, ghost::kByClose for closechan, or 0 when
// unknown.
#pragma once

#include "model/model.h"
#include "sim/world.h"

namespace stackrace::model {

// by_actor: the ghost value naming actor a as the deliverer.
[[nodiscard]] inline sim::Word by_actor(sim::ActorId a) { return static_cast<sim::Word>(a + 1); }

// delivered_to_case: G's case k completed with a value from `by`.
void delivered_to_case(const Model& m, sim::World& w, unsigned k, sim::Word by);

// delivered_to_receiver: receiver actor r got a value from `by`.
void delivered_to_receiver(const Model& m, sim::World& w, sim::ActorId r, sim::Word by);

// delivered_to_sudog: the goroutine waiting on receive sudog sg (a case of G, or another
// receiver) was served by `by` (a sender, or closechan).
void delivered_to_sudog(const Model& m, sim::World& w, sim::Addr sg, sim::Word by);

// received_from_sudog: receiver actor r took the value of send sudog sg (a send case of G,
// which then completed, or another sender).
void received_from_sudog(const Model& m, sim::World& w, sim::ActorId r, sim::Addr sg);

}  // namespace stackrace::model
