// lost-value: a receiver resumes without the value its sender sent: G after a receive
// case, or another goroutine that received (possibly G's own value, read through the
// send case's sudog from G's stack).
//
// Judged where the receiver reads what it got: G at TestSelectStackAdjust/check (the winning
// receive case's slot), another receiver at chanrecv/return (its slot). The words must be
// the value of the actor recorded as delivering (the ghost delivered-by word, set when the
// dequeue committed): a sender's value, or G's send case's value as G's frame holds it.
#include <fmt/format.h>

#include "checker/properties/properties.h"

namespace stackrace::checker {

namespace {

// involved: the receiver, then the sender recorded as delivering to it (none for a close).
std::vector<sim::ActorId> involved(sim::ActorId receiver, sim::Word delivered_by) {
    if (delivered_by == 0 || delivered_by == model::ghost::kByClose) return {receiver};
    return {receiver, static_cast<sim::ActorId>(delivered_by - 1)};
}

// A receiver other than G: its slot must hold what the recorded deliverer sent.
std::optional<Violation> receiver_lost_value(const Transition& t) {
    const model::Model& m = t.m;
    const model::ReceiverInfo& r = receiver_of(m, t.actor);
    const sim::Word by = t.after.ghost(m.actors().ghost_of_receiver(t.actor));
    if (by == 0)
        return Violation{PropertyId::LostValue,
                         fmt::format("{} returned from <-{} but nobody delivered to it",
                                     actor_name(m, t.actor), m.spec().chans[r.chan].name),
                         {},
                         {t.actor}};
    const auto from = static_cast<sim::ActorId>(by - 1);
    const std::vector<sim::Word> sent =
        by == model::ghost::kByClose ? std::vector<sim::Word>(m.layout().elem_words(r.chan), 0)
                                     : value_sent_by(m, from, r.chan);
    for (unsigned j = 0; j < sent.size(); ++j) {
        const auto at = static_cast<sim::Addr>(r.slot + j);
        if (t.after.mem(at) != sent[j])
            return Violation{
                PropertyId::LostValue,
                fmt::format(
                    "{} received {} in {} instead of {}'s {}", actor_name(m, t.actor),
                    value_at(m.layout(), at, t.after.mem(at)), addr_name(m.layout(), at),
                    by == model::ghost::kByClose ? std::string("close") : actor_name(m, from),
                    value_at(m.layout(), at, sent[j])),
                {at},
                involved(t.actor, by)};
    }
    return std::nullopt;
}

}  // namespace

std::optional<Violation> check_lost_value(const Transition& t) {
    if (t.site == model::Site::chanrecv_return &&
        t.m.actors()[t.actor].kind == model::ActorKind::Receiver)
        return receiver_lost_value(t);
    if (t.site != model::Site::TestSelectStackAdjust_check) return std::nullopt;
    const model::Model& m = t.m;
    const unsigned won = model::goroutine_won_case(t.after, t.actor);
    if (won == 0) return std::nullopt;
    const unsigned k = won - 1;
    const model::CaseInfo& cs = m.layout().cases()[k];
    if (cs.dir == model::Dir::Send) return std::nullopt;  // judged at the receiver
    if (cs.slot < 0) return std::nullopt;                 // `case <-d:` discards the value
    const sim::Word by = t.after.ghost(model::ghost::kDeliveredBy + k);
    if (by == 0) {
        return Violation{PropertyId::LostValue,
                         fmt::format("G resumed on case {} ({}) but no sender delivered to it", k,
                                     m.spec().chans[cs.chan].name),
                         {},
                         {t.actor}};
    }
    const auto sender = static_cast<sim::ActorId>(by - 1);
    const bool closed = by == model::ghost::kByClose;
    const std::vector<sim::Word> sent =
        closed ? std::vector<sim::Word>(m.layout().elem_words(cs.chan), 0)
               : value_sent_by(m, sender, cs.chan);
    const sim::Addr slot =
        static_cast<sim::Addr>(current_sp(m, t.after) + m.layout().locals()[cs.slot].offset);
    for (unsigned j = 0; j < sent.size(); ++j) {
        const sim::Word got = t.after.mem(static_cast<sim::Addr>(slot + j));
        if (got != sent[j]) {
            return Violation{
                PropertyId::LostValue,
                fmt::format(
                    "G resumed from {} <- {} but its slot {} holds {} instead of the sent {}",
                    m.layout().locals()[static_cast<std::size_t>(cs.slot) + j].name,
                    closed ? std::string("close") : actor_name(m, sender),
                    addr_name(m.layout(), static_cast<sim::Addr>(slot + j)),
                    value_at(m.layout(), static_cast<sim::Addr>(slot + j), got),
                    value_at(m.layout(), static_cast<sim::Addr>(slot + j), sent[j])),
                {static_cast<sim::Addr>(slot + j)},
                involved(t.actor, by)};
        }
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
