// deadlock: a state from which some actor can never proceed.
//
// Two shapes: (1) a cycle of waits: an actor waits for a runtime lock whose holder (maybe
// itself: runtime mutexes are not re-entrant) waits, directly or through others, for the
// first; or waits for a goroutine status owned by such an actor (goready spinning on
// _Gcopystack while the copier waits for the spinner's lock, reference 3.10). (2) a final
// state (nobody can move) in which an actor is blocked, other than a goroutine parked by
// the scenario's design; G parked although a sender committed to it is never by design.
// A wait that another actor will end (the shrinker waiting for a lock that G's
// selparkcommit will release) is neither, and is not reported; nor is any state after a throw
// (a thrower is finished, and the program has ended).
#include <fmt/format.h>

#include "checker/properties/properties.h"
#include "model/runtime_structs.h"
#include "sim/exec.h"

namespace stackrace::checker {
namespace {

using model::PeekStatus;
using model::WaitKind;

std::string locks_held(const model::Model& m, const sim::World& w, sim::ActorId a) {
    std::string out;
    for (std::size_t c = 0; c < m.spec().chans.size(); ++c)
        if (w.mem(m.layout().hchan(static_cast<unsigned>(c))) == sim::lock_word_for(a)) {
            if (!out.empty()) out += ", ";
            out += m.spec().chans[c].name + ".lock";
        }
    return out.empty() ? "no locks" : out;
}

std::string describe(const model::Model& m, const sim::World& w,
                     std::span<const model::Peek> peeks) {
    std::string out;
    for (std::size_t i = 0; i < peeks.size(); ++i) {
        const auto a = static_cast<sim::ActorId>(i);
        const model::Peek& p = peeks[i];
        if (p.status != PeekStatus::Blocked) continue;
        std::string waits;
        switch (p.wait) {
            case WaitKind::Lock: {
                const sim::Word holder = w.mem(p.wait_addr);
                waits = fmt::format("waits at {} for {} held by {}", model::go_site(p.site).label,
                                    addr_name(m.layout(), p.wait_addr),
                                    holder == sim::lock_word_for(a)
                                        ? std::string("itself")
                                        : actor_name(m, static_cast<sim::ActorId>(holder - 1)));
                break;
            }
            case WaitKind::GStatus:
                waits = fmt::format("waits at {} for {} to change from {}",
                                    model::go_site(p.site).label,
                                    addr_name(m.layout(), p.wait_addr), w.mem(p.wait_addr));
                break;
            case WaitKind::Wakeup: waits = "is parked, waiting for goready"; break;
            case WaitKind::None: break;
        }
        if (!out.empty()) out += "; ";
        out += fmt::format("{} holds {} and {}", actor_name(m, a), locks_held(m, w, a), waits);
    }
    return out;
}

// deadlocked: the violation with the blocked actors as data, `first` first, and the words they
// wait on (a lock word, a goroutine status), in the same order.
Violation deadlocked(std::string message, std::span<const model::Peek> peeks, sim::ActorId first) {
    Violation v{PropertyId::Deadlock, std::move(message), {}, {}};
    const auto add = [&](std::size_t i) {
        if (peeks[i].status != PeekStatus::Blocked) return;
        v.actors.push_back(static_cast<sim::ActorId>(i));
        if (peeks[i].wait == WaitKind::Lock || peeks[i].wait == WaitKind::GStatus)
            v.words.push_back(peeks[i].wait_addr);
    };
    add(first);
    for (std::size_t i = 0; i < peeks.size(); ++i)
        if (i != first) add(i);
    return v;
}

bool may_end_parked(const model::Model& m, const sim::World& w, sim::ActorId a) {
    const model::ActorInfo& info = m.actors()[a];
    if (info.kind == model::ActorKind::Sender) return sender_of(m, a).may_end_parked;
    if (info.kind == model::ActorKind::Receiver) return receiver_of(m, a).may_end_parked;
    if (info.kind == model::ActorKind::G)
        return m.spec().g.may_end_parked && w.ghost(model::ghost::kWins) == 0;
    return false;
}

}  // namespace

std::optional<Violation> check_deadlock(const model::Model& m, const sim::World& w,
                                        std::span<const model::Peek> peeks) {
    bool any_enabled = false;
    for (const model::Peek& p : peeks) {
        // A throw ends the program: whoever still waits is not deadlocked (runtime-throw).
        if (p.status == PeekStatus::Finished && p.site == model::Site::throw_fatal_error)
            return std::nullopt;
        any_enabled = any_enabled || p.status == PeekStatus::Enabled;
    }
    // (1) A cycle in the waits-for graph.
    for (std::size_t start = 0; start < peeks.size(); ++start) {
        auto cur = static_cast<sim::ActorId>(start);
        for (std::size_t hops = 0; hops <= peeks.size(); ++hops) {
            const auto next = model::waits_for(m, w, peeks[cur]);
            if (!next) break;
            if (*next == start)
                return deadlocked("a cycle of waits: " + describe(m, w, peeks), peeks,
                                  static_cast<sim::ActorId>(start));
            cur = *next;
        }
    }
    if (any_enabled) return std::nullopt;
    // (2) Nobody can move: every blocked actor must be a goroutine parked by design.
    for (std::size_t i = 0; i < peeks.size(); ++i) {
        const auto a = static_cast<sim::ActorId>(i);
        if (peeks[i].status != PeekStatus::Blocked) continue;
        if (peeks[i].wait == WaitKind::Wakeup && may_end_parked(m, w, a)) continue;
        const std::string why =
            m.actors()[a].kind == model::ActorKind::G && w.ghost(model::ghost::kWins) != 0
                ? "G is never woken although a sender committed to it"
                : fmt::format("{} can never proceed", actor_name(m, a));
        return deadlocked(fmt::format("no actor can move and {}: {}", why, describe(m, w, peeks)),
                          peeks, a);
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
