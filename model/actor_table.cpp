#include "model/actor_table.h"

#include "model/model.h"
#include "sim/assert.h"

namespace stackrace::model {

using sim::Addr;
using sim::Word;

ActorTable::ActorTable(const Spec& spec, const Layout& layout)
    : cases_(static_cast<unsigned>(layout.cases().size())),
      receivers_(static_cast<unsigned>(layout.receivers().size())) {
    actors_.push_back(ActorInfo{ActorKind::Shrinker, "shrinker", 0, 0, 0});
    actors_.push_back(ActorInfo{ActorKind::G, "G", 0, layout.g_struct(), 0});
    for (unsigned i = 0; i < spec.senders.size(); ++i)
        actors_.push_back(ActorInfo{ActorKind::Sender, spec.senders[i].name, i,
                                    layout.senders()[i].g, layout.senders()[i].sudog});
    for (unsigned i = 0; i < spec.receivers.size(); ++i)
        actors_.push_back(ActorInfo{ActorKind::Receiver, spec.receivers[i].name, i,
                                    layout.receivers()[i].g, layout.receivers()[i].sudog});
    for (unsigned i = 0; i < spec.closers.size(); ++i)
        actors_.push_back(
            ActorInfo{ActorKind::Closer, spec.closers[i].name, i, layout.closers()[i].g, 0});
}

std::optional<sim::ActorId> ActorTable::by_name(std::string_view name) const {
    for (std::size_t a = 0; a < actors_.size(); ++a)
        if (actors_[a].name == name) return static_cast<sim::ActorId>(a);
    return std::nullopt;
}

std::optional<sim::ActorId> ActorTable::of_g(Addr g) const {
    for (std::size_t a = 1; a < actors_.size(); ++a)
        if (actors_[a].g == g && g != 0) return static_cast<sim::ActorId>(a);
    return std::nullopt;
}

std::optional<sim::ActorId> ActorTable::owner_of_sudog(Addr sg) const {
    for (std::size_t a = 2; a < actors_.size(); ++a) {
        if (actors_[a].kind == ActorKind::Closer) continue;
        if (actors_[a].sudog == sg) return static_cast<sim::ActorId>(a);
    }
    return std::nullopt;
}

unsigned ActorTable::ghost_of_receiver(sim::ActorId a) const {
    SR_ASSERT(actors_[a].kind == ActorKind::Receiver);
    return ghost::kDeliveredBy + cases_ + actors_[a].index;
}

unsigned ActorTable::ghosts() const { return ghost::kDeliveredBy + cases_ + receivers_; }

const SenderInfo& sender_of(const Model& m, sim::ActorId a) {
    SR_ASSERT(m.actors()[a].kind == ActorKind::Sender);
    return m.layout().senders()[m.actors()[a].index];
}

const ReceiverInfo& receiver_of(const Model& m, sim::ActorId a) {
    SR_ASSERT(m.actors()[a].kind == ActorKind::Receiver);
    return m.layout().receivers()[m.actors()[a].index];
}

unsigned closer_chan(const Model& m, sim::ActorId a) {
    SR_ASSERT(m.actors()[a].kind == ActorKind::Closer);
    return m.layout().closers()[m.actors()[a].index].chan;
}

std::vector<Word> value_sent_by(const Model& m, sim::ActorId a, unsigned chan) {
    if (m.actors()[a].kind == ActorKind::Sender) return sender_of(m, a).value;
    SR_ASSERT(a == ActorTable::g_actor());
    const Layout& l = m.layout();
    for (const CaseInfo& c : l.cases())
        if (c.dir == Dir::Send && c.chan == chan && c.slot >= 0) {
            std::vector<Word> v;
            for (unsigned j = 0; j < l.elem_words(chan); ++j)
                v.push_back(l.locals()[static_cast<std::size_t>(c.slot) + j].value);
            return v;
        }
    return {};
}

std::optional<sim::ActorId> sender_of_value(const Model& m, unsigned chan, const sim::World& w,
                                            Addr at) {
    for (std::size_t a = 1; a < m.actors().size(); ++a) {
        const ActorInfo& info = m.actors()[a];
        if (info.kind == ActorKind::Receiver || info.kind == ActorKind::Closer) continue;
        if (info.kind == ActorKind::Sender && m.layout().senders()[info.index].chan != chan)
            continue;
        const std::vector<Word> v = value_sent_by(m, static_cast<sim::ActorId>(a), chan);
        bool same = !v.empty();
        for (std::size_t j = 0; j < v.size() && same; ++j)
            same = w.mem(static_cast<Addr>(at + j)) == v[j];
        if (same) return static_cast<sim::ActorId>(a);
    }
    return std::nullopt;
}

}  // namespace stackrace::model
