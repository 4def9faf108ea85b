#include "sim/footprint.h"

namespace stackrace::sim {

bool Footprint::contains(const Footprint& o) const {
    LocationSet touched = reads;
    touched.add_all(writes);
    return touched.contains(o.reads) && writes.contains(o.writes);
}

void Footprint::add_observed(const Locations& loc, const MemoryMap& map, const World& before,
                             const World& after, const AccessLog& log) {
    for (const Access& a : log) {
        if (a.addr >= loc.shape.memory_words) continue;  // a wild access touches nothing
        const bool writes_word = a.kind == AccessKind::Write || a.kind == AccessKind::Cas ||
                                 a.kind == AccessKind::Lock || a.kind == AccessKind::Unlock;
        reads.add(loc.memory(a.addr));
        if (writes_word) writes.add(loc.memory(a.addr));
        if (const auto r = map.region_of(a.addr)) reads.add(loc.region(*r));
    }
    const auto b = before.words(), w = after.words();
    for (Addr m = 0; m < loc.shape.memory_words; ++m)
        if (b[m] != w[m]) writes.add(loc.memory(m));
    for (RegionId r = 0; r < loc.shape.regions; ++r)
        if (before.region_state(r) != after.region_state(r)) writes.add(loc.region(r));
    for (unsigned g = 0; g < loc.shape.ghosts; ++g)
        if (before.ghost(g) != after.ghost(g)) writes.add(loc.ghost(g));
}

}  // namespace stackrace::sim
