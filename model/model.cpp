#include "model/model.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/actors.h"
#include "model/runtime_structs.h"
#include "sim/assert.h"

namespace stackrace::model {

using sim::Addr;
using sim::Word;

Model::Model(const Spec& spec, const Variant& variant) : spec_(spec), variant_(variant) {
    SR_ASSERT(!spec_.g.cases.empty());
    SR_ASSERT(spec_.g.op == GOp::Select || spec_.g.cases.size() == 1);
    for (const CaseSpec& c : spec_.g.cases)
        SR_ASSERT(spec_.g.op == GOp::Select || (c.dir == Dir::Send) == (spec_.g.op == GOp::Send));
    layout_heap();
    layout_stack();
    build_initial_world();
}

void Model::layout_heap() {
    const auto name = [this](std::string n, std::string base = {}) {
        heap_names_.push_back(std::move(n));
        heap_bases_.push_back(std::move(base));
    };
    // A pointer to a structure's first word prints as the structure ("&sudog(G#0)").
    const auto struct_names = [&](const std::string& prefix, std::initializer_list<const char*> f) {
        bool first = true;
        for (const char* field : f) {
            name(fmt::format("{}.{}", prefix, field), first ? prefix : std::string());
            first = false;
        }
    };
    // Actors first: the shrinker has no g; G and every sender have one.
    actors_.push_back(ActorInfo{ActorKind::Shrinker, "shrinker", 0, 0});
    actors_.push_back(ActorInfo{ActorKind::G, "G", 0, 0});
    for (unsigned i = 0; i < spec_.senders.size(); ++i)
        actors_.push_back(ActorInfo{ActorKind::Sender, spec_.senders[i].name, i, 0});
    for (unsigned i = 0; i < spec_.receivers.size(); ++i)
        actors_.push_back(ActorInfo{ActorKind::Receiver, spec_.receivers[i].name, i, 0});
    for (unsigned i = 0; i < spec_.closers.size(); ++i)
        actors_.push_back(ActorInfo{ActorKind::Closer, spec_.closers[i].name, i, 0});

    Addr next = 1;
    const auto take = [&next](unsigned words) {
        const Addr at = next;
        next = static_cast<Addr>(next + words);
        return at;
    };
    for (std::size_t a = 1; a < actors_.size(); ++a) {
        actors_[a].g = take(g_field::kWords);
        const std::string g = a == 1 ? "g" : fmt::format("g({})", actors_[a].name);
        struct_names(g, {"atomicstatus", "stack.lo", "stack.hi", "sched.sp", "waiting", "param"});
    }
    for (const ChanSpec& c : spec_.chans) {
        hchans_.push_back(take(hchan_field::kWords));
        struct_names(fmt::format("hchan({})", c.name), {"lock", "closed", "qcount", "dataqsiz", "buf", "elemsize", "sendx",
                              "recvx", "recvq.first", "recvq.last", "sendq.first", "sendq.last"});
    }
    for (const ChanSpec& c : spec_.chans) {
        bufs_.push_back(c.buffer == 0 ? sim::kNil : take(c.buffer * c.elem_words()));
        for (unsigned i = 0; i < c.buffer * c.elem_words(); ++i)
            name(fmt::format("hchan({}).buf[{}]", c.name, i), i == 0 ? fmt::format("hchan({}).buf", c.name) : "");
    }
    const auto chan_index = [this](const std::string& chan_name) {
        const auto at = std::find_if(spec_.chans.begin(), spec_.chans.end(),
                                     [&](const ChanSpec& c) { return c.name == chan_name; });
        SR_ASSERT(at != spec_.chans.end());
        return static_cast<unsigned>(at - spec_.chans.begin());
    };
    const auto sudog_names = [&](const std::string& owner) {
        struct_names(fmt::format("sudog({})", owner),
                     {"g", "selectdone", "next", "prev", "elem", "c", "waitlink"});
    };
    for (const CaseSpec& cs : spec_.g.cases) {
        CaseInfo ci;
        ci.chan = chan_index(cs.chan);
        ci.dir = cs.dir;
        ci.sudog = take(sudog_field::kWords);
        sudog_names(fmt::format("G#{}", cases_.size()));
        cases_.push_back(ci);
    }
    for (unsigned i = 0; i < spec_.senders.size(); ++i) {
        const SenderSpec& s = spec_.senders[i];
        SenderInfo si;
        si.chan = chan_index(s.chan);
        si.may_end_parked = s.may_end_parked;
        si.sudog = take(sudog_field::kWords);
        sudog_names(s.name);
        const std::string& elem = spec_.chans[si.chan].elem;
        si.box = take(static_cast<unsigned>(elem.size()));
        for (std::size_t j = 0; j < elem.size(); ++j)
            name(elem.size() == 1 ? fmt::format("val({})", s.name) : fmt::format("val({})[{}]", s.name, j),
                 j == 0 ? fmt::format("val({})", s.name) : "");
        // The objects a pointer-typed value points to: heap memory, never a stack (INV-NOESC).
        const auto pointers = static_cast<unsigned>(std::count(elem.begin(), elem.end(), 'p'));
        const Addr obj = take(pointers);
        for (unsigned j = 0; j < pointers; ++j)
            name(pointers == 1 ? fmt::format("obj({})", s.name) : fmt::format("obj({})[{}]", s.name, j));
        unsigned p = 0;
        for (std::size_t j = 0; j < elem.size(); ++j) {
            if (!s.value.empty()) si.value.push_back(s.value[j]);
            else if (elem[j] == 'p') si.value.push_back(static_cast<Word>(obj + p++));
            else si.value.push_back(static_cast<Word>(1000 + 10 * i + j));
        }
        senders_.push_back(std::move(si));
    }
    for (const ReceiverSpec& r : spec_.receivers) {
        ReceiverInfo ri;
        ri.chan = chan_index(r.chan);
        ri.may_end_parked = r.may_end_parked;
        ri.sudog = take(sudog_field::kWords);
        sudog_names(r.name);
        ri.slot = take(elem_words(ri.chan));
        for (unsigned j = 0; j < elem_words(ri.chan); ++j)
            name(elem_words(ri.chan) == 1 ? fmt::format("slot({})", r.name) : fmt::format("slot({})[{}]", r.name, j),
                 j == 0 ? fmt::format("slot({})", r.name) : "");
        receivers_.push_back(ri);
    }
    heap_ = map_.add("heap", static_cast<Addr>(next - 1));
    SR_ASSERT(heap_names_.size() == static_cast<std::size_t>(next - 1));

    lockorder_.resize(cases_.size());
    for (unsigned k = 0; k < cases_.size(); ++k) lockorder_[k] = k;
    std::stable_sort(lockorder_.begin(), lockorder_.end(),
                     [this](unsigned a, unsigned b) { return cases_[a].chan < cases_[b].chan; });
    for (unsigned k : lockorder_)
        if (lock_chans_.empty() || lock_chans_.back() != cases_[k].chan)
            lock_chans_.push_back(cases_[k].chan);
}

void Model::layout_stack() {
    for (const FrameSpec& f : spec_.stack.frames) {
        FrameInfo fi{f.func, used_, static_cast<unsigned>(f.locals.size())};
        for (const LocalSpec& l : f.locals) {
            LocalInfo li{l.name, l.kind, -1, l.value, used_, static_cast<unsigned>(frames_.size())};
            if (l.kind == LocalKind::SelectDone) selectdone_local_ = static_cast<int>(locals_.size());
            locals_.push_back(std::move(li));
            ++used_;
        }
        frames_.push_back(fi);
    }
    // The oldest frame of every goroutine is goexit's: its return PC is the top word of the
    // stack, so no receive slot ever ends exactly at stack.hi (findsghi tests p < stk.hi).
    frames_.push_back(FrameInfo{"runtime.goexit", used_, 1});
    locals_.push_back(LocalInfo{"goexit.pc", LocalKind::Int, -1, kGoexitPc, used_,
                                static_cast<unsigned>(frames_.size() - 1)});
    ++used_;
    for (std::size_t i = 0; i + 1 < locals_.size(); ++i) {
        const LocalSpec& l = [&]() -> const LocalSpec& {
            std::size_t n = i;
            for (const FrameSpec& f : spec_.stack.frames) {
                if (n < f.locals.size()) return f.locals[n];
                n -= f.locals.size();
            }
            SR_ASSERT(false);
        }();
        if (l.kind == LocalKind::Ptr) {
            locals_[i].target = local_by_name(l.target);
            SR_ASSERT(locals_[i].target >= 0);
            pointer_words_.push_back(PointerWord{locals_[i].offset, frames_[locals_[i].frame].offset});
        }
    }
    for (std::size_t k = 0; k < cases_.size(); ++k) {
        const CaseSpec& cs = spec_.g.cases[k];
        const std::string& local = cs.dir == Dir::Recv ? cs.into : cs.from;
        if (local.empty()) continue;
        cases_[k].slot = local_by_name(local);
        SR_ASSERT(cases_[k].slot >= 0);
    }

    const unsigned old_words = std::max(spec_.stack.words, used_);
    const unsigned new_words = spec_.stack.new_words == 0 ? old_words : spec_.stack.new_words;
    SR_ASSERT(new_words >= used_);
    const Addr base = map_.end();
    if (spec_.stack.new_below) {
        new_ = map_.add_at("new", base, static_cast<Addr>(new_words));
        old_ = map_.add_at("old", static_cast<Addr>(base + new_words), static_cast<Addr>(old_words));
    } else {
        old_ = map_.add_at("old", base, static_cast<Addr>(old_words));
        new_ = map_.add_at("new", static_cast<Addr>(base + old_words), static_cast<Addr>(new_words));
    }
    if (spec_.g.grow) grown_ = map_.add("grown", static_cast<Addr>(2 * old_words));
}

void Model::build_initial_world() {
    shape_.memory_words = map_.end();
    shape_.regions = static_cast<std::uint16_t>(map_.size());
    shape_.actors = static_cast<std::uint16_t>(actors_.size());
    shape_.locals_per_actor = kLocalsPerActor;
    shape_.ghosts = static_cast<std::uint16_t>(ghost::kDeliveredBy + cases_.size() + receivers_.size());
    sim::World w(shape_);
    w.set_region_state(heap_, sim::RegionState::Allocated);
    w.set_region_state(old_, sim::RegionState::Allocated);
    const sim::Region& nr = new_region();
    for (Addr a = nr.lo; a < nr.hi(); ++a) w.set_mem(a, sim::kPoisonFresh);
    if (grown_)
        for (Addr a = map_.region(*grown_).lo; a < map_.region(*grown_).hi(); ++a) w.set_mem(a, sim::kPoisonFresh);

    for (std::size_t a = 1; a < actors_.size(); ++a)
        w.set_mem(actors_[a].g + g_field::kStatus, gstatus::kRunning);
    const Addr g = g_struct();
    w.set_mem(g + g_field::kStackLo, old_region().lo);
    w.set_mem(g + g_field::kStackHi, old_region().hi());
    w.set_mem(g + g_field::kSchedSp, old_sp());

    for (std::size_t c = 0; c < spec_.chans.size(); ++c) {
        w.set_mem(hchans_[c] + hchan_field::kDataqsiz, static_cast<Word>(spec_.chans[c].buffer));
        w.set_mem(hchans_[c] + hchan_field::kBuf, bufs_[c]);
        w.set_mem(hchans_[c] + hchan_field::kElemsize, static_cast<Word>(elem_words(static_cast<unsigned>(c))));
    }
    for (const SenderInfo& s : senders_)
        for (std::size_t j = 0; j < s.value.size(); ++j)
            w.set_mem(static_cast<Addr>(s.box + j), s.value[j]);
    for (const LocalInfo& l : locals_) {
        const auto at = static_cast<Addr>(old_sp() + l.offset);
        if (l.kind == LocalKind::Ptr)
            w.set_mem(at, static_cast<Addr>(old_sp() + locals_[static_cast<std::size_t>(l.target)].offset));
        else if (l.kind == LocalKind::Int)
            w.set_mem(at, l.value);
    }
    set_pc(w, shrinker(), Site::ShrinkCasgcopystack);
    set_pc(w, g_actor(),
           spec_.g.op == GOp::Select ? Site::SelLock : spec_.g.op == GOp::Recv ? Site::ChanrecvLock : Site::SendLock);
    for (std::size_t a = 2; a < actors_.size(); ++a)
        set_pc(w, static_cast<sim::ActorId>(a),
               actors_[a].kind == ActorKind::Sender     ? Site::SendLock
               : actors_[a].kind == ActorKind::Receiver ? Site::ChanrecvLock
                                                        : Site::CloseLock);
    initial_ = std::move(w);
    // Actors that start early run alone first, in declaration order (a sender fills a buffer
    // or parks, a receiver queues ahead of G), then G runs into its park.
    for (std::size_t a = 2; a < actors_.size(); ++a) {
        const ActorInfo& info = actors_[a];
        const bool early = info.kind == ActorKind::Sender     ? spec_.senders[info.sender].start_early
                           : info.kind == ActorKind::Receiver ? spec_.receivers[info.sender].start_early
                                                              : spec_.closers[info.sender].start_early;
        if (early) run_early(static_cast<sim::ActorId>(a));
    }
    if (spec_.g.start_parked) run_until_parked(g_actor());
    using Fresh = StackSpec::Fresh;
    if (spec_.stack.fresh != Fresh::Zero) roots_.push_back(Root{"garbage", initial_});
    if (spec_.stack.fresh != Fresh::Garbage) {
        sim::World zero = initial_;
        for (Addr a = nr.lo; a < nr.hi(); ++a) zero.set_mem(a, 0);
        if (grown_)
            for (Addr a = map_.region(*grown_).lo; a < map_.region(*grown_).hi(); ++a) zero.set_mem(a, 0);
        roots_.push_back(Root{"zero", std::move(zero)});
    }
}

std::optional<std::size_t> Model::root_by_name(std::string_view name) const {
    for (std::size_t i = 0; i < roots_.size(); ++i)
        if (roots_[i].name == name) return i;
    return std::nullopt;
}

// run_until_parked plays one goroutine's steps alone until it parks, as the Go test does by
// letting the goroutine get into the select before the GC starts: the exploration then
// begins with it parked. A goroutine that completes instead (something was ready for it)
// is a scenario the loader rejects; here it is an internal error.
void Model::run_early(sim::ActorId a) {
    sim::AccessLog log;
    for (int guard = 0; guard < 1000; ++guard) {
        const Peek p = peek(*this, initial_, a);
        if (p.status != PeekStatus::Enabled) return;  // parked, or finished
        step(*this, initial_, a, log);
    }
    SR_ASSERT_MSG(false, actors_[a].name + " did not stop");
}

void Model::run_until_parked(sim::ActorId a) {
    sim::AccessLog log;
    for (int guard = 0; guard < 1000; ++guard) {
        const Peek p = peek(*this, initial_, a);
        if (p.site == Site::Execute) return;
        SR_ASSERT_MSG(p.status == PeekStatus::Enabled, actors_[a].name + " cannot reach its park alone");
        step(*this, initial_, a, log);
    }
    SR_ASSERT_MSG(false, actors_[a].name + " did not park");
}

std::optional<sim::ActorId> Model::actor_by_name(std::string_view name) const {
    for (std::size_t a = 0; a < actors_.size(); ++a)
        if (actors_[a].name == name) return static_cast<sim::ActorId>(a);
    return std::nullopt;
}

int Model::local_by_name(std::string_view name) const {
    for (std::size_t i = 0; i < locals_.size(); ++i)
        if (locals_[i].name == name) return static_cast<int>(i);
    return -1;
}

const SenderInfo& Model::sender_of(sim::ActorId a) const {
    SR_ASSERT(actors_[a].kind == ActorKind::Sender);
    return senders_[actors_[a].sender];
}

std::optional<unsigned> Model::case_of_sudog(Addr sg) const {
    for (unsigned k = 0; k < cases_.size(); ++k)
        if (cases_[k].sudog == sg) return k;
    return std::nullopt;
}

const ReceiverInfo& Model::receiver_of(sim::ActorId a) const {
    SR_ASSERT(actors_[a].kind == ActorKind::Receiver);
    return receivers_[actors_[a].sender];
}

unsigned Model::closer_chan(sim::ActorId a) const {
    SR_ASSERT(actors_[a].kind == ActorKind::Closer);
    const std::string& name = spec_.closers[actors_[a].sender].chan;
    for (unsigned c = 0; c < spec_.chans.size(); ++c)
        if (spec_.chans[c].name == name) return c;
    SR_ASSERT(false);
}

std::optional<sim::ActorId> Model::actor_of_g(Addr g) const {
    for (std::size_t a = 1; a < actors_.size(); ++a)
        if (actors_[a].g == g && g != 0) return static_cast<sim::ActorId>(a);
    return std::nullopt;
}

unsigned Model::ghost_of_receiver(sim::ActorId a) const {
    SR_ASSERT(actors_[a].kind == ActorKind::Receiver);
    return ghost::kDeliveredBy + static_cast<unsigned>(cases_.size()) + actors_[a].sender;
}

std::optional<sim::ActorId> Model::owner_of_sudog(Addr sg) const {
    for (std::size_t a = 2; a < actors_.size(); ++a) {
        if (actors_[a].kind == ActorKind::Closer) continue;
        const Addr mine = actors_[a].kind == ActorKind::Sender ? senders_[actors_[a].sender].sudog
                                                               : receivers_[actors_[a].sender].sudog;
        if (mine == sg) return static_cast<sim::ActorId>(a);
    }
    return std::nullopt;
}

std::vector<Word> Model::value_sent_by(sim::ActorId a, unsigned chan) const {
    if (actors_[a].kind == ActorKind::Sender) return senders_[actors_[a].sender].value;
    SR_ASSERT(a == g_actor());
    for (const CaseInfo& c : cases_)
        if (c.dir == Dir::Send && c.chan == chan && c.slot >= 0) {
            std::vector<Word> v;
            for (unsigned j = 0; j < elem_words(chan); ++j)
                v.push_back(locals_[static_cast<std::size_t>(c.slot) + j].value);
            return v;
        }
    return {};
}

std::vector<std::size_t> Model::state_components() const {
    std::size_t stacks = shape_.memory_words;
    for (sim::RegionId r = 0; r < map_.size(); ++r)
        if (is_stack_region(r)) stacks = std::min<std::size_t>(stacks, map_.region(r).lo);
    const std::size_t actors = std::size_t{shape_.memory_words} + shape_.regions;
    const std::size_t others = actors + 2 * (1u + shape_.locals_per_actor);
    std::vector<std::size_t> cuts{0};
    for (std::size_t c : {stacks, actors, std::min(others, shape_.total_words()), shape_.total_words()})
        if (c > cuts.back()) cuts.push_back(c);
    return cuts;
}

std::optional<sim::ActorId> Model::sender_of_value(unsigned chan, const sim::World& w, Addr at) const {
    for (std::size_t a = 1; a < actors_.size(); ++a) {
        if (actors_[a].kind == ActorKind::Receiver || actors_[a].kind == ActorKind::Closer) continue;
        if (actors_[a].kind == ActorKind::Sender && senders_[actors_[a].sender].chan != chan) continue;
        const std::vector<Word> v = value_sent_by(static_cast<sim::ActorId>(a), chan);
        bool same = !v.empty();
        for (std::size_t j = 0; j < v.size() && same; ++j) same = w.mem(static_cast<Addr>(at + j)) == v[j];
        if (same) return static_cast<sim::ActorId>(a);
    }
    return std::nullopt;
}

std::string Model::symbol(Addr a) const {
    const auto r = map_.region_of(a);
    if (!r) return a == 0 ? "nil" : "";
    if (*r == heap_) return heap_names_[a - map_.region(heap_).lo];
    const std::string suffix = *r == new_ ? "'" : *r == grown_ ? "(grown)" : "";
    const sim::Region& reg = map_.region(*r);
    const int off = static_cast<int>(a) - static_cast<int>(reg.hi() - used_);
    if (off < 0) return "";
    for (const LocalInfo& l : locals_)
        if (static_cast<int>(l.offset) == off) return l.name + suffix;
    return "";
}

std::string Model::addr_name(Addr a) const {
    const auto r = map_.region_of(a);
    if (!r) return a == 0 ? "nil" : fmt::format("0x{:x}", a);
    const sim::Region& reg = map_.region(*r);
    if (*r == heap_) return symbol(a);
    const std::string sym = symbol(a);
    const std::string where =
        fmt::format("{}+0x{:02x}", reg.name, (a - reg.lo) * sim::kBytesPerWord);
    return sym.empty() ? where : fmt::format("{} ({})", where, sym);
}

bool Model::is_pointer_slot(Addr a) const {
    const auto r = map_.region_of(a);
    if (!r) return false;
    if (*r == heap_) {
        const std::string& n = heap_names_[a - map_.region(heap_).lo];
        for (const char* f : {".stack.lo", ".stack.hi", ".sched.sp", ".waiting", ".param", ".g",
                              ".selectdone", ".next", ".prev", ".elem", ".c", ".waitlink", ".buf",
                              ".recvq.first", ".recvq.last", ".sendq.first", ".sendq.last"}) {
            const std::string_view fv(f);
            if (n.size() >= fv.size() && n.compare(n.size() - fv.size(), fv.size(), fv) == 0) return true;
        }
        for (const SenderInfo& s : senders_)
            if (a >= s.box && a < s.box + s.value.size())
                return spec_.chans[s.chan].elem[a - s.box] == 'p';
        for (const ReceiverInfo& rv : receivers_)
            if (a >= rv.slot && a < rv.slot + elem_words(rv.chan)) return spec_.chans[rv.chan].elem[a - rv.slot] == 'p';
        return false;
    }
    const int off = static_cast<int>(a) - static_cast<int>(map_.region(*r).hi() - used_);
    for (const PointerWord& p : pointer_words_)
        if (static_cast<int>(p.offset) == off) return true;
    return false;
}

std::string Model::value_at(Addr a, Word v) const {
    if (!is_pointer_slot(a) || v == sim::kPoisonFresh || v == sim::kPoisonFreed) return value_name(v);
    if (v == 0) return "nil";
    // g.stack.lo, g.stack.hi and g.sched.sp are bounds: name them by stack, hi before lo
    // (the old stack's hi may be the new stack's lo).
    const std::string& field = map_.region_of(a) == heap_ ? heap_names_[a - map_.region(heap_).lo] : std::string();
    if (field.ends_with(".stack.lo") || field.ends_with(".stack.hi") || field.ends_with(".sched.sp")) {
        for (const sim::Region* r : {&old_region(), &new_region(), grown_ ? &map_.region(*grown_) : &old_region()}) {
            if (field.ends_with(".stack.hi") && v == r->hi()) return r->name + ".hi";
            if (field.ends_with(".stack.lo") && v == r->lo) return r->name + ".lo";
            if (field.ends_with(".sched.sp") && v == r->hi() - used_) return r->name + ".hi-" + std::to_string(used_ * sim::kBytesPerWord);
        }
    }
    if (map_.region_of(v) == heap_ && !heap_bases_[v - map_.region(heap_).lo].empty())
        return "&" + heap_bases_[v - map_.region(heap_).lo];
    const std::string sym = symbol(v);
    if (!sym.empty()) return "&" + sym;
    return addr_name(v);
}

std::string Model::value_name(Word v) const {
    if (v == sim::kPoisonFresh || v == sim::kPoisonFreed) return fmt::format("0x{:04x}", v);
    return fmt::format("{}", v);
}

}  // namespace stackrace::model
