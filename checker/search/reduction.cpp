#include "checker/search/reduction.h"

#include <fmt/format.h>

namespace stackrace::checker {
namespace {

using model::ActorKind;

// identity: what makes two actors interchangeable; empty when the actor has none.
std::string identity(const model::Model& m, sim::ActorId a) {
    const model::ActorInfo& info = m.actors()[a];
    switch (info.kind) {
        case ActorKind::Sender: {
            const model::SenderSpec& s = m.spec().senders[info.index];
            // Default values are distinct per sender; early starters have already run in order.
            if (s.value.empty() || s.start_early) return {};
            std::string id = fmt::format("sender {} {}", s.chan, s.may_end_parked);
            for (sim::Word v : s.value) id += fmt::format(" {}", v);
            return id;
        }
        case ActorKind::Receiver: {
            const model::ReceiverSpec& r = m.spec().receivers[info.index];
            if (r.start_early) return {};
            return fmt::format("receiver {} {}", r.chan, r.may_end_parked);
        }
        case ActorKind::Closer: {
            const model::CloserSpec& c = m.spec().closers[info.index];
            if (c.start_early) return {};
            return fmt::format("closer {}", c.chan);
        }
        case ActorKind::Shrinker:
        case ActorKind::G: return {};
    }
    return {};
}

}  // namespace

Reducer::Reducer(const model::Model& m, Reductions r)
    : m_(m),
      r_(r),
      footprints_(m),
      group_of_(m.actors().size(), -1),
      step_(footprints_.locations().count()),
      frozen_(m.actors().size(), 0) {
    if (!r_.symmetry) return;
    std::vector<std::string> ids;
    for (std::size_t a = 0; a < m.actors().size(); ++a)
        ids.push_back(identity(m, static_cast<sim::ActorId>(a)));
    for (std::size_t a = 0; a < ids.size(); ++a) {
        if (ids[a].empty() || group_of_[a] >= 0) continue;
        std::vector<sim::ActorId> group{static_cast<sim::ActorId>(a)};
        for (std::size_t b = a + 1; b < ids.size(); ++b)
            if (ids[b] == ids[a]) group.push_back(static_cast<sim::ActorId>(b));
        if (group.size() < 2) continue;
        for (sim::ActorId b : group) group_of_[b] = static_cast<int>(groups_.size());
        groups_.push_back(std::move(group));
    }
}

std::string Reducer::describe() const {
    std::string out;
    if (r_.partial_order) out = "partial-order (step footprints)";
    if (r_.symmetry) {
        if (!out.empty()) out += ", ";
        out += groups_.empty() ? std::string("symmetry (no identical actors here)")
                               : fmt::format("symmetry ({} group{} of identical actors)",
                                             groups_.size(), groups_.size() == 1 ? "" : "s");
    }
    return out.empty() ? "none" : out;
}

bool Reducer::started(const sim::World& w, sim::ActorId a) const {
    const sim::World& init = m_.roots().initial();
    if (w.pc(a) != init.pc(a)) return true;
    for (unsigned l = 0; l < model::kLocalsPerActor; ++l)
        if (w.local(a, l) != init.local(a, l)) return true;
    return false;
}

bool Reducer::symmetric_skip(const sim::World& w, sim::ActorId a) const {
    if (!r_.symmetry || group_of_[a] < 0 || started(w, a)) return false;
    for (sim::ActorId b : groups_[static_cast<std::size_t>(group_of_[a])]) {
        if (b == a) return false;
        if (!started(w, b)) return true;
    }
    return false;
}

bool Reducer::may_run_alone(const sim::World& before, std::span<const model::Peek> peeks,
                            sim::ActorId a, const sim::World& after, const sim::AccessLog& log) {
    if (!r_.partial_order || !model::Footprints::reducible(peeks[a].site)) return false;
    // After the step, `a` must not stand at a step that can block (a lock, or casgcopystack):
    // the other actors may move meanwhile, and `a` waiting on them could close a cycle of
    // waits (a deadlock state, not expanded) that their schedules without the step never meet.
    // Taking a lock is excluded for the same reason (reducible() leaves syncadjustsudogs/lock
    // out).
    const model::Site then = model::pc_of(after, a);
    if (then == model::Site::syncadjustsudogs_lock ||
        then == model::Site::shrinkstack_casgcopystack)
        return false;
    step_.clear();
    step_.add_observed(footprints_.locations(), m_.layout().map(), before, after, log);
    footprints_.add_extra(peeks[a].site, step_);
    // Frozen actors: blocked until `a` (or another frozen actor) acts; a fixpoint.
    const std::size_t n = peeks.size();
    std::fill(frozen_.begin(), frozen_.end(), 0);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t b = 0; b < n; ++b) {
            if (b == a || frozen_[b]) continue;
            const auto by = model::waits_for(m_, before, peeks[b]);
            if (by && (*by == a || frozen_[*by])) {
                frozen_[b] = 1;
                changed = true;
            }
        }
    }
    for (std::size_t b = 0; b < n; ++b) {
        if (b == a || frozen_[b] || peeks[b].status == model::PeekStatus::Finished) continue;
        if (step_.conflicts(footprints_.universe(static_cast<sim::ActorId>(b)))) return false;
    }
    return true;
}

}  // namespace stackrace::checker
