// clobbered-local: after resuming, a local no longer points at the new copy of its target,
// or a scalar local changed (TestSelectStackAdjust: "cx no longer points to val", "val
// changed").
//
// Judged at TestSelectStackAdjust/check. Every word of G's frames is compared with what it
// must be on the stack G now runs on: a pointer local points at its target's current
// address, a scalar keeps its value (a value G sent included). The winning receive case's
// slot (judged by lost-value) and the select's done word (set by the winner) are skipped.
#include <fmt/format.h>

#include "checker/properties/properties.h"

namespace stackrace::checker {

std::optional<Violation> check_clobbered_local(const Transition& t) {
    if (t.site != model::Site::TestSelectStackAdjust_check) return std::nullopt;
    const model::Model& m = t.m;
    const unsigned won = model::goroutine_won_case(t.after, t.actor);
    int slot_lo = -1, slot_hi = -1;
    if (won != 0 && m.layout().cases()[won - 1].slot >= 0 &&
        m.layout().cases()[won - 1].dir == model::Dir::Recv) {
        slot_lo = m.layout().cases()[won - 1].slot;
        slot_hi =
            slot_lo + static_cast<int>(m.layout().elem_words(m.layout().cases()[won - 1].chan));
    }
    const sim::Addr sp = current_sp(m, t.after);
    for (std::size_t i = 0; i < m.layout().locals().size(); ++i) {
        const model::LocalInfo& l = m.layout().locals()[i];
        if (static_cast<int>(i) >= slot_lo && static_cast<int>(i) < slot_hi) continue;
        if (l.kind == model::LocalKind::SelectDone) continue;
        const auto at = static_cast<sim::Addr>(sp + l.offset);
        const sim::Word got = t.after.mem(at);
        sim::Word want = l.value;
        if (l.kind == model::LocalKind::Ptr)
            want = static_cast<sim::Word>(
                sp + m.layout().locals()[static_cast<std::size_t>(l.target)].offset);
        if (got == want) continue;
        if (l.kind == model::LocalKind::Ptr) {
            return Violation{
                PropertyId::ClobberedLocal,
                fmt::format("after resuming, {} = {} but it must point to {} ({})", l.name,
                            value_at(m.layout(), at, got), value_at(m.layout(), at, want),
                            m.layout().locals()[static_cast<std::size_t>(l.target)].name),
                {at},
                {t.actor}};
        }
        return Violation{PropertyId::ClobberedLocal,
                         fmt::format("after resuming, {} = {} but it was {}", l.name,
                                     value_at(m.layout(), at, got), want),
                         {at},
                         {t.actor}};
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
