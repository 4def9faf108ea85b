#include "model/roots.h"

#include "model/actors.h"
#include "model/goroutine.h"
#include "model/model.h"
#include "model/runtime_structs.h"
#include "sim/assert.h"

namespace stackrace::model {

using sim::Addr;
using sim::Word;

namespace {

// fill_fresh_stacks writes `v` into every word of the stacks G has not used yet.
void fill_fresh_stacks(const Layout& l, sim::World& w, Word v) {
    const sim::Region& nr = l.new_region();
    for (Addr a = nr.lo; a < nr.hi(); ++a) w.set_mem(a, v);
    if (l.grown_stack())
        for (Addr a = l.map().region(*l.grown_stack()).lo;
             a < l.map().region(*l.grown_stack()).hi(); ++a)
            w.set_mem(a, v);
}

// initial_memory: the heap structures as allocated, G's stack with its locals, the new
// stacks not yet written (poisoned), every goroutine running.
sim::World initial_memory(const Model& m) {
    const Layout& l = m.layout();
    const Spec& spec = m.spec();
    sim::World w(m.shape());
    w.set_region_state(l.heap(), sim::RegionState::Allocated);
    w.set_region_state(l.old_stack(), sim::RegionState::Allocated);
    fill_fresh_stacks(l, w, sim::kPoisonFresh);

    for (std::size_t a = 1; a < m.actors().size(); ++a)
        w.set_mem(m.actors()[a].g + g_field::kStatus, gstatus::kRunning);
    const Addr g = l.g_struct();
    w.set_mem(g + g_field::kStackLo, l.old_region().lo);
    w.set_mem(g + g_field::kStackHi, l.old_region().hi());
    w.set_mem(g + g_field::kSchedSp, l.old_sp());

    for (unsigned c = 0; c < spec.chans.size(); ++c) {
        w.set_mem(l.hchan(c) + hchan_field::kDataqsiz, static_cast<Word>(spec.chans[c].buffer));
        w.set_mem(l.hchan(c) + hchan_field::kBuf, l.buf(c));
        w.set_mem(l.hchan(c) + hchan_field::kElemsize, static_cast<Word>(l.elem_words(c)));
    }
    for (const SenderInfo& s : l.senders())
        for (std::size_t j = 0; j < s.value.size(); ++j)
            w.set_mem(static_cast<Addr>(s.box + j), s.value[j]);
    for (const LocalInfo& loc : l.locals()) {
        const auto at = static_cast<Addr>(l.old_sp() + loc.offset);
        if (loc.kind == LocalKind::Ptr)
            w.set_mem(at,
                      static_cast<Addr>(l.old_sp() +
                                        l.locals()[static_cast<std::size_t>(loc.target)].offset));
        else if (loc.kind == LocalKind::Int)
            w.set_mem(at, loc.value);
    }
    return w;
}

// set_start_pcs puts every actor at the entry of its operation.
void set_start_pcs(const Model& m, sim::World& w) {
    const GOp op = m.spec().g.op;
    set_pc(w, ActorTable::shrinker(),
           m.variant().scan_owns_stack ? Site::scang_castogscanstatus
                                       : Site::shrinkstack_casgcopystack);
    set_pc(w, ActorTable::g_actor(),
           op == GOp::Select ? selectgo_entry(m)
           : op == GOp::Recv ? Site::chanrecv_lock
                             : Site::chansend_lock);
    for (std::size_t a = 2; a < m.actors().size(); ++a)
        set_pc(w, static_cast<sim::ActorId>(a),
               m.actors()[a].kind == ActorKind::Sender     ? Site::chansend_lock
               : m.actors()[a].kind == ActorKind::Receiver ? Site::chanrecv_lock
                                                           : Site::closechan_lock);
}

bool starts_early(const Model& m, sim::ActorId a) {
    const ActorInfo& info = m.actors()[a];
    const Spec& spec = m.spec();
    return info.kind == ActorKind::Sender     ? spec.senders[info.index].start_early
           : info.kind == ActorKind::Receiver ? spec.receivers[info.index].start_early
                                              : spec.closers[info.index].start_early;
}

// run_early plays one goroutine's steps alone until it parks or finishes.
void run_early(const Model& m, sim::World& w, sim::ActorId a) {
    sim::AccessLog log;
    for (int guard = 0; guard < 1000; ++guard) {
        const Peek p = peek(m, w, a);
        if (p.status != PeekStatus::Enabled) return;  // parked, or finished
        step(m, w, a, log);
    }
    SR_ASSERT_MSG(false, m.actors()[a].name + " did not stop");
}

// run_until_parked plays one goroutine's steps alone until it parks, as the Go test does by
// letting the goroutine get into the select before the GC starts: the exploration then
// begins with it parked. A goroutine that completes instead (something was ready for it)
// is a scenario the loader rejects; here it is an internal error.
void run_until_parked(const Model& m, sim::World& w, sim::ActorId a) {
    sim::AccessLog log;
    for (int guard = 0; guard < 1000; ++guard) {
        const Peek p = peek(m, w, a);
        if (p.site == Site::schedule_execute) return;
        SR_ASSERT_MSG(p.status == PeekStatus::Enabled,
                      m.actors()[a].name + " cannot reach its park alone");
        step(m, w, a, log);
    }
    SR_ASSERT_MSG(false, m.actors()[a].name + " did not park");
}

}  // namespace

Roots::Roots(const Model& m) {
    sim::World w = initial_memory(m);
    set_start_pcs(m, w);
    // Actors that start early run alone first, in declaration order, then G runs into its park.
    for (std::size_t a = 2; a < m.actors().size(); ++a)
        if (starts_early(m, static_cast<sim::ActorId>(a)))
            run_early(m, w, static_cast<sim::ActorId>(a));
    if (m.spec().g.start_parked) run_until_parked(m, w, ActorTable::g_actor());
    using Fresh = StackSpec::Fresh;
    if (m.spec().stack.fresh != Fresh::Zero) roots_.push_back(Root{"garbage", w});
    if (m.spec().stack.fresh != Fresh::Garbage) {
        fill_fresh_stacks(m.layout(), w, 0);
        roots_.push_back(Root{"zero", std::move(w)});
    }
}

std::optional<std::size_t> Roots::by_name(std::string_view name) const {
    for (std::size_t i = 0; i < roots_.size(); ++i)
        if (roots_[i].name == name) return i;
    return std::nullopt;
}

}  // namespace stackrace::model
