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

// A receiver other than G: its slot must hold what the recorded deliverer sent.
std::optional<Violation> receiver_lost_value(const Transition& t) {
    const model::Model& m = t.m;
    const model::ReceiverInfo& r = m.receiver_of(t.actor);
    const sim::Word by = t.after.ghost(m.ghost_of_receiver(t.actor));
    if (by == 0)
        return Violation{PropertyId::LostValue, fmt::format("{} returned from <-{} but nobody delivered to it",
                                                            actor_name(m, t.actor), m.spec().chans[r.chan].name)};
    const auto from = static_cast<sim::ActorId>(by - 1);
    const std::vector<sim::Word> sent = by == model::ghost::kByClose ? std::vector<sim::Word>(m.elem_words(r.chan), 0)
                                                                    : m.value_sent_by(from, r.chan);
    for (unsigned j = 0; j < sent.size(); ++j) {
        const auto at = static_cast<sim::Addr>(r.slot + j);
        if (t.after.mem(at) != sent[j])
            return Violation{PropertyId::LostValue,
                             fmt::format("{} received {} in {} instead of {}'s {}", actor_name(m, t.actor),
                                         m.value_at(at, t.after.mem(at)), m.addr_name(at),
                                         by == model::ghost::kByClose ? std::string("close") : actor_name(m, from),
                                         m.value_at(at, sent[j]))};
    }
    return std::nullopt;
}

}  // namespace

std::optional<Violation> check_lost_value(const Transition& t) {
    if (t.site == model::Site::chanrecv_return && t.m.actors()[t.actor].kind == model::ActorKind::Receiver)
        return receiver_lost_value(t);
    if (t.site != model::Site::TestSelectStackAdjust_check) return std::nullopt;
    const model::Model& m = t.m;
    const unsigned won = model::goroutine_won_case(t.after, t.actor);
    if (won == 0) return std::nullopt;
    const unsigned k = won - 1;
    const model::CaseInfo& cs = m.cases()[k];
    if (cs.dir == model::Dir::Send) return std::nullopt;  // judged at the receiver
    if (cs.slot < 0) return std::nullopt;                 // `case <-d:` discards the value
    const sim::Word by = t.after.ghost(model::ghost::kDeliveredBy + k);
    if (by == 0) {
        return Violation{PropertyId::LostValue,
                         fmt::format("G resumed on case {} ({}) but no sender delivered to it", k,
                                     m.spec().chans[cs.chan].name)};
    }
    const auto sender = static_cast<sim::ActorId>(by - 1);
    const bool closed = by == model::ghost::kByClose;
    const std::vector<sim::Word> sent =
        closed ? std::vector<sim::Word>(m.elem_words(cs.chan), 0) : m.value_sent_by(sender, cs.chan);
    const sim::Addr slot = static_cast<sim::Addr>(current_sp(m, t.after) + m.locals()[cs.slot].offset);
    for (unsigned j = 0; j < sent.size(); ++j) {
        const sim::Word got = t.after.mem(static_cast<sim::Addr>(slot + j));
        if (got != sent[j]) {
            return Violation{
                PropertyId::LostValue,
                fmt::format("G resumed from {} <- {} but its slot {} holds {} instead of the sent {}",
                            m.locals()[static_cast<std::size_t>(cs.slot) + j].name,
                            closed ? std::string("close") : actor_name(m, sender), m.addr_name(static_cast<sim::Addr>(slot + j)),
                            m.value_at(static_cast<sim::Addr>(slot + j), got),
                            m.value_at(static_cast<sim::Addr>(slot + j), sent[j]))};
        }
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
