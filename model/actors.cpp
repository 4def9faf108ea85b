#include "model/actors.h"

#include <fmt/format.h>

#include "model/runtime_structs.h"
#include "model/step.h"
#include "sim/assert.h"

namespace stackrace::model {

Peek enabled(Site s) { return Peek{PeekStatus::Enabled, s, WaitKind::None, 0}; }

Peek lock_step(const sim::World& w, Site s, sim::Addr lock) {
    if (w.mem(lock) == 0) return enabled(s);
    return Peek{PeekStatus::Blocked, s, WaitKind::Lock, lock};
}

Site pc_of(const sim::World& w, sim::ActorId a) { return static_cast<Site>(w.pc(a)); }

void set_pc(sim::World& w, sim::ActorId a, Site s) { w.set_pc(a, static_cast<sim::Word>(s)); }

bool is_copystack_site(Site s) {
    return (s >= Site::shrinkstack_casgcopystack && s <= Site::shrinkstack_casgstatus) ||
           s == Site::newstack_casgcopystack || s == Site::newstack_casgstatus;
}

void run_step(const StepTable& table, std::string_view machine, const Model& m, sim::World& w,
              sim::ActorId a, sim::AccessLog& log) {
    sim::Exec x(w, m.layout().map(), log);
    const Site pc = pc_of(w, a);
    const StepFn fn = table[static_cast<std::size_t>(pc)];
    SR_ASSERT_MSG(fn != nullptr,
                  fmt::format("{} at unexpected site {}", machine, go_site(pc).label));
    fn(Step{m, w, a, x});
}

Peek peek(const Model& m, const sim::World& w, sim::ActorId a) {
    if (pc_of(w, a) == Site::exit) return Peek{};
    // A throw stops the runtime: the thrower never moves again.
    if (pc_of(w, a) == Site::throw_fatal_error)
        return Peek{PeekStatus::Finished, Site::throw_fatal_error, WaitKind::None, 0};
    if (a == ActorTable::g_actor() && is_copystack_site(pc_of(w, a))) return shrinker_peek(m, w, a);
    switch (m.actors()[a].kind) {
        case ActorKind::Shrinker: return shrinker_peek(m, w, a);
        case ActorKind::G: return goroutine_peek(m, w, a);
        case ActorKind::Sender: return sender_peek(m, w, a);
        case ActorKind::Receiver: return receiver_peek(m, w, a);
        case ActorKind::Closer: return closer_peek(m, w, a);
    }
    SR_ASSERT(false);
}

void step(const Model& m, sim::World& w, sim::ActorId a, sim::AccessLog& log) {
    log.clear();
    SR_ASSERT(peek(m, w, a).status == PeekStatus::Enabled);
    if (a == ActorTable::g_actor() && is_copystack_site(pc_of(w, a))) {
        shrinker_step(m, w, a, log);
        return;
    }
    switch (m.actors()[a].kind) {
        case ActorKind::Shrinker: shrinker_step(m, w, a, log); return;
        case ActorKind::G: goroutine_step(m, w, a, log); return;
        case ActorKind::Sender: sender_step(m, w, a, log); return;
        case ActorKind::Receiver: receiver_step(m, w, a, log); return;
        case ActorKind::Closer: closer_step(m, w, a, log); return;
    }
}

}  // namespace stackrace::model

namespace stackrace::model {

std::optional<sim::ActorId> waits_for(const Model& m, const sim::World& w, const Peek& p) {
    if (p.status != PeekStatus::Blocked) return std::nullopt;
    if (p.wait == WaitKind::Lock) {
        const sim::Word holder = w.mem(p.wait_addr);
        if (holder != 0) return static_cast<sim::ActorId>(holder - 1);
        return std::nullopt;
    }
    if (p.wait == WaitKind::GStatus) {
        const sim::Word st = w.mem(p.wait_addr);
        if (st ==
            gstatus::kCopystack)  // owned by whoever runs copystack: G growing, or the shrinker
            return is_copystack_site(pc_of(w, ActorTable::g_actor())) ? ActorTable::g_actor()
                                                                      : ActorTable::shrinker();
        if ((st & gstatus::kScan) != 0) return ActorTable::shrinker();  // scang owns the stack
        if (st == gstatus::kRunning)  // the goroutine itself must stop first
            for (std::size_t a = 1; a < m.actors().size(); ++a)
                if (m.actors()[a].g + g_field::kStatus == p.wait_addr)
                    return static_cast<sim::ActorId>(a);
    }
    return std::nullopt;
}

}  // namespace stackrace::model
