#include "model/footprints.h"

#include "model/runtime_structs.h"

namespace stackrace::model {
namespace {

using sim::Addr;

void add_rw(sim::Footprint& f, std::size_t l) {
    f.reads.add(l);
    f.writes.add(l);
}

}  // namespace

Footprints::Footprints(const Model& m)
    : loc_(m.shape()), copystack_reads_(loc_.count()), stackfree_(loc_.count()) {
    const std::size_t n = loc_.count();
    sim::Footprint all(n);
    for (std::size_t l = 0; l < n; ++l) add_rw(all, l);
    for (std::size_t a = 0; a < m.actors().size(); ++a) {
        const ActorInfo& info = m.actors()[a];
        sim::Footprint f(n);
        switch (info.kind) {
            case ActorKind::Shrinker:
            case ActorKind::G: f = all; break;
            case ActorKind::Sender:
                add_chan_universe(m, sender_of(m, static_cast<sim::ActorId>(a)).chan, f);
                break;
            case ActorKind::Receiver:
                add_chan_universe(m, receiver_of(m, static_cast<sim::ActorId>(a)).chan, f);
                break;
            case ActorKind::Closer:
                add_chan_universe(m, closer_chan(m, static_cast<sim::ActorId>(a)), f);
                break;
        }
        universe_.push_back(std::move(f));
    }
    // copystack reads gp.waiting, gp.stack.lo, each sudog's c and waitlink (the list walks and
    // lastc), and c.elemsize (findsghi) with plain loads: G's own fields, stable while it is
    // stopped; channel-side goroutines never write them (their universes say so).
    const Addr g = m.layout().g_struct();
    for (Addr f : {g_field::kWaiting, g_field::kStackLo, g_field::kStackHi, g_field::kSchedSp})
        copystack_reads_.reads.add(loc_.memory(static_cast<Addr>(g + f)));
    for (const CaseInfo& c : m.layout().cases())
        for (Addr f : {sudog_field::kC, sudog_field::kWaitlink})
            copystack_reads_.reads.add(loc_.memory(static_cast<Addr>(c.sudog + f)));
    for (std::size_t c = 0; c < m.spec().chans.size(); ++c)
        copystack_reads_.reads.add(loc_.memory(static_cast<Addr>(
            m.layout().hchan(static_cast<unsigned>(c)) + hchan_field::kElemsize)));
    // stackfree poisons the whole stack it frees (which one: any stack region) and marks it free.
    for (sim::RegionId r = 0; r < m.layout().map().size(); ++r) {
        add_rw(stackfree_, loc_.region(r));
        if (!m.layout().is_stack_region(r)) continue;
        const sim::Region& reg = m.layout().map().region(r);
        for (Addr p = reg.lo; p < reg.hi(); ++p) add_rw(stackfree_, loc_.memory(p));
    }
}

// The words a goroutine on channel `chan` may touch: the hchan and its buffer, G's g, G's cases
// on the channel with their slots on any stack, the other goroutines on the channel, the
// ghosts; it reads every region's state.
void Footprints::add_chan_universe(const Model& m, unsigned chan, sim::Footprint& f) const {
    add_hchan(m, chan, f);
    add_g(m, f);
    add_cases_on(m, chan, f);
    add_goroutines_on(m, chan, f);
    for (unsigned k = 0; k < m.shape().ghosts; ++k) add_rw(f, loc_.ghost(k));
    for (sim::RegionId r = 0; r < m.layout().map().size(); ++r) f.reads.add(loc_.region(r));
}

// The hchan's words (makechan's fields are read only) and its buffer.
void Footprints::add_hchan(const Model& m, unsigned chan, sim::Footprint& f) const {
    const Addr c = m.layout().hchan(chan);
    for (Addr k = 0; k < hchan_field::kWords; ++k) {
        const std::size_t l = loc_.memory(static_cast<Addr>(c + k));
        f.reads.add(l);
        // makechan's fields never change afterwards.
        if (k != hchan_field::kDataqsiz && k != hchan_field::kBuf && k != hchan_field::kElemsize)
            f.writes.add(l);
    }
    const auto buf = static_cast<Addr>(m.roots().initial().mem(c + hchan_field::kBuf));
    const auto words = static_cast<Addr>(m.layout().elem_words(chan));
    if (buf != 0)
        for (unsigned i = 0; i < m.spec().chans[chan].buffer * words; ++i)
            add_rw(f, loc_.memory(static_cast<Addr>(buf + i)));
}

// G: its g's status and param are written by goready, selectDone (Go 1.10+) by dequeue's CAS;
// the rest is read at most.
void Footprints::add_g(const Model& m, sim::Footprint& f) const {
    const Addr g = m.layout().g_struct();
    for (Addr k = 0; k < m.layout().g_words(); ++k)
        f.reads.add(loc_.memory(static_cast<Addr>(g + k)));
    for (Addr k : {g_field::kStatus, g_field::kParam})
        f.writes.add(loc_.memory(static_cast<Addr>(g + k)));
    if (m.layout().has_g_selectdone())
        f.writes.add(loc_.memory(static_cast<Addr>(g + g_field::kSelectDone)));
}

// add_on_every_stack adds `words` words at `offset` above sp, on every stack G may run on.
void Footprints::add_on_every_stack(const Model& m, unsigned offset, unsigned words,
                                    sim::Footprint& f) const {
    for (sim::RegionId r = 0; r < m.layout().map().size(); ++r) {
        if (!m.layout().is_stack_region(r)) continue;
        const auto sp = static_cast<Addr>(m.layout().map().region(r).hi() - m.layout().used());
        for (unsigned j = 0; j < words; ++j)
            add_rw(f, loc_.memory(static_cast<Addr>(sp + offset + j)));
    }
}

// G's cases on this channel: sudog links and elem are written under c.lock; the slot (or the
// sent value) and the done word may be touched at their offset on any stack.
void Footprints::add_cases_on(const Model& m, unsigned chan, sim::Footprint& f) const {
    const Layout& l = m.layout();
    bool any_case = false;
    for (const CaseInfo& cs : l.cases()) {
        if (cs.chan != chan) continue;
        any_case = true;
        for (Addr k = 0; k < l.sudog_words(); ++k)
            f.reads.add(loc_.memory(static_cast<Addr>(cs.sudog + k)));
        for (Addr k : {sudog_field::kNext, sudog_field::kPrev, sudog_field::kElem})
            f.writes.add(loc_.memory(static_cast<Addr>(cs.sudog + k)));
        if (l.sudog_words() > sudog_field::kSuccess)  // Go 1.16+: send, recv, closechan
            f.writes.add(loc_.memory(static_cast<Addr>(cs.sudog + sudog_field::kSuccess)));
        if (cs.slot >= 0)
            add_on_every_stack(m, l.locals()[static_cast<std::size_t>(cs.slot)].offset,
                               l.elem_words(chan), f);
    }
    if (any_case && l.selectdone_local() >= 0)
        add_on_every_stack(m, l.locals()[static_cast<std::size_t>(l.selectdone_local())].offset, 1,
                           f);
}

// Every other goroutine on the channel: its g, its sudog (none for a closer), its value or
// slot (a sender's box, a receiver's slot).
void Footprints::add_goroutines_on(const Model& m, unsigned chan, sim::Footprint& f) const {
    const auto add_struct = [&](Addr base, Addr n) {
        for (Addr k = 0; k < n; ++k) add_rw(f, loc_.memory(static_cast<Addr>(base + k)));
    };
    const auto words = static_cast<Addr>(m.layout().elem_words(chan));
    const auto add_goroutine = [&](Addr g_addr, Addr sudog, Addr own) {
        add_struct(g_addr, m.layout().g_words());
        if (sudog != 0) add_struct(sudog, m.layout().sudog_words());
        if (own != 0) add_struct(own, words);
    };
    for (std::size_t a = 2; a < m.actors().size(); ++a) {
        const ActorInfo& info = m.actors()[a];
        const auto id = static_cast<sim::ActorId>(a);
        if (info.kind == ActorKind::Sender && sender_of(m, id).chan == chan)
            add_goroutine(info.g, sender_of(m, id).sudog, sender_of(m, id).box);
        else if (info.kind == ActorKind::Receiver && receiver_of(m, id).chan == chan)
            add_goroutine(info.g, receiver_of(m, id).sudog, receiver_of(m, id).slot);
        else if (info.kind == ActorKind::Closer && closer_chan(m, id) == chan)
            add_goroutine(info.g, 0, 0);
    }
}

bool Footprints::reducible(Site s) {
    switch (s) {
        case Site::findsghi_read_elem:
        case Site::findsghi_read_selectdone:
        case Site::adjustsudogs_read_elem:
        case Site::adjustsudogs_write_elem:
        case Site::adjustsudogs_read_selectdone:
        case Site::adjustsudogs_write_selectdone:
        case Site::syncadjustsudogs_memmove_read:
        case Site::syncadjustsudogs_memmove_write:
        case Site::syncadjustsudogs_unlock:
        case Site::copystack_memmove_read:
        case Site::copystack_memmove_write:
        case Site::copystack_swap:
        case Site::adjustpointers_read:
        case Site::adjustpointers_cas:
        case Site::adjustpointers_write:
        case Site::copystack_stackfree: return true;
        default: return false;
    }
}

void Footprints::add_extra(Site s, sim::Footprint& f) const {
    f.add_all(copystack_reads_);
    if (s == Site::copystack_stackfree) f.add_all(stackfree_);
}

}  // namespace stackrace::model
