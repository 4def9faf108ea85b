// double-select-win: a second sender commits to G's select (or receive) after one already
// did; one of the two values is lost and goready finds G no longer waiting.
//
// Judged on the step that records the second commitment (ghost::kWins goes above 1).
#include <fmt/format.h>

#include "checker/properties/properties.h"

namespace stackrace::checker {

std::optional<Violation> check_double_select_win(const Transition& t) {
    const sim::Word before = t.before.ghost(model::ghost::kWins);
    const sim::Word after = t.after.ghost(model::ghost::kWins);
    if (after <= 1 || before == after) return std::nullopt;
    std::string winners;
    std::vector<sim::ActorId> actors{t.actor};
    for (unsigned k = 0; k < t.m.layout().cases().size(); ++k) {
        const sim::Word by = t.after.ghost(model::ghost::kDeliveredBy + k);
        if (by == 0) continue;
        if (by != model::ghost::kByClose) actors.push_back(static_cast<sim::ActorId>(by - 1));
        if (!winners.empty()) winners += ", ";
        winners += fmt::format("{} on {}",
                               by == model::ghost::kByClose
                                   ? std::string("close")
                                   : actor_name(t.m, static_cast<sim::ActorId>(by - 1)),
                               t.m.spec().chans[t.m.layout().cases()[k].chan].name);
    }
    return Violation{PropertyId::DoubleSelectWin,
                     fmt::format("{} won G's select at {} although another sender already had ({})",
                                 actor_name(t.m, t.actor), model::go_site(t.site).label, winners),
                     {},
                     std::move(actors)};
}

}  // namespace stackrace::checker
