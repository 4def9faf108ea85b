// model/actor_table.h: ActorTable, the actors of a Model and the lookups between actors,
// their g structures, their sudogs and the ghost words that record who delivered to whom.
//
// Actor ids: the shrinker is 0, G is 1, then the senders, receivers and closers in the
// Spec's order. The table alone answers lookups by name, by g and by sudog; what an actor
// sends, receives or closes also needs the Layout, so those are functions of the Model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/layout.h"
#include "model/spec.h"
#include "sim/world.h"

namespace stackrace::model {

class Model;

enum class ActorKind { Shrinker, G, Sender, Receiver, Closer };

struct ActorInfo {
    ActorKind kind = ActorKind::Shrinker;
    std::string name;
    unsigned index = 0;   // its place in Spec::senders, Spec::receivers or Spec::closers, by kind
    sim::Addr g = 0;      // its g structure (none for the shrinker: it runs on the GC's M)
    sim::Addr sudog = 0;  // the sudog a sender or receiver parks with (G's are its cases')
};

// Ghost words of the World (see sim::World::ghost).
namespace ghost {
inline constexpr unsigned kWins = 0;         // deliveries committed to G's operation
inline constexpr unsigned kDeliveredBy = 1;  // + case, then + receiver: who delivered (below)
// A delivered-by word holds the delivering actor's id + 1, or kByClose for closechan.
inline constexpr sim::Word kByClose = 0xff;
}  // namespace ghost

// Local registers of each actor kind (sim::World::local).
inline constexpr unsigned kLocalsPerActor = 5;

class ActorTable {
public:
    ActorTable(const Spec& spec, const Layout& layout);

    [[nodiscard]] static sim::ActorId shrinker() { return 0; }
    [[nodiscard]] static sim::ActorId g_actor() { return 1; }

    [[nodiscard]] std::size_t size() const { return actors_.size(); }
    [[nodiscard]] const ActorInfo& operator[](std::size_t a) const { return actors_[a]; }
    [[nodiscard]] auto begin() const { return actors_.begin(); }
    [[nodiscard]] auto end() const { return actors_.end(); }

    [[nodiscard]] std::optional<sim::ActorId> by_name(std::string_view name) const;
    // of_g: the actor whose g structure is at `g`.
    [[nodiscard]] std::optional<sim::ActorId> of_g(sim::Addr g) const;
    // owner_of_sudog: the sender or receiver actor whose sudog `sg` is (G's are cases).
    [[nodiscard]] std::optional<sim::ActorId> owner_of_sudog(sim::Addr sg) const;

    // The ghost word recording who delivered to case k of G, or to receiver actor a.
    [[nodiscard]] static unsigned ghost_of_case(unsigned k) { return ghost::kDeliveredBy + k; }
    [[nodiscard]] unsigned ghost_of_receiver(sim::ActorId a) const;
    [[nodiscard]] unsigned ghosts() const;  // how many ghost words a World has

private:
    std::vector<ActorInfo> actors_;
    unsigned cases_ = 0;  // G's cases: their ghost words come before the receivers'
    unsigned receivers_ = 0;
};

// What a sender sends, a receiver receives into, a closer closes.
[[nodiscard]] const SenderInfo& sender_of(const Model& m, sim::ActorId a);
[[nodiscard]] const ReceiverInfo& receiver_of(const Model& m, sim::ActorId a);
[[nodiscard]] unsigned closer_chan(const Model& m, sim::ActorId a);
// value_sent_by: the words actor `a` sends on `chan` (G: its send case's local, initially).
[[nodiscard]] std::vector<sim::Word> value_sent_by(const Model& m, sim::ActorId a, unsigned chan);
// sender_of_value: the actor (a sender, or G through a send case) whose value on `chan` is
// the element stored at `at` in w, compared word for word: a buffered value names its
// sender (the first one, when several send the same value, which no property tells apart).
[[nodiscard]] std::optional<sim::ActorId> sender_of_value(const Model& m, unsigned chan,
                                                          const sim::World& w, sim::Addr at);

}  // namespace stackrace::model
