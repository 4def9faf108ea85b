// lost-value: G resumes without the value its winning sender sent.
//
// Judged at TestSelectStackAdjust/check, the step where G reads its frames after the
// receive: the winning case's slot must hold, word for word, the value of the sender that
// committed to that case (ghost::kDeliveredBy, recorded when the sender won the dequeue).
#include <fmt/format.h>

#include "checker/properties/properties.h"

namespace stackrace::checker {

std::optional<Violation> check_lost_value(const Transition& t) {
    if (t.site != model::Site::TestCheck) return std::nullopt;
    const model::Model& m = t.m;
    const unsigned won = model::goroutine_won_case(t.after, t.actor);
    if (won == 0) return std::nullopt;
    const unsigned k = won - 1;
    const model::CaseInfo& cs = m.cases()[k];
    if (cs.slot < 0) return std::nullopt;  // `case <-d:` discards the value
    const sim::Word by = t.after.ghost(model::ghost::kDeliveredBy + k);
    if (by == 0) {
        return Violation{PropertyId::LostValue,
                         fmt::format("G resumed on case {} ({}) but no sender delivered to it", k,
                                     m.spec().chans[cs.chan].name)};
    }
    const auto sender = static_cast<sim::ActorId>(by - 1);
    const std::vector<sim::Word>& sent = m.sender_of(sender).value;
    const sim::Addr slot = static_cast<sim::Addr>(current_sp(m, t.after) + m.locals()[cs.slot].offset);
    for (unsigned j = 0; j < sent.size(); ++j) {
        const sim::Word got = t.after.mem(static_cast<sim::Addr>(slot + j));
        if (got != sent[j]) {
            return Violation{
                PropertyId::LostValue,
                fmt::format("G resumed from {} <- {} but its slot {} holds {} instead of the sent {}",
                            m.locals()[static_cast<std::size_t>(cs.slot) + j].name,
                            actor_name(m, sender), m.addr_name(static_cast<sim::Addr>(slot + j)),
                            m.value_at(static_cast<sim::Addr>(slot + j), got),
                            m.value_at(static_cast<sim::Addr>(slot + j), sent[j]))};
        }
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
