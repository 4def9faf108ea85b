#include "sim/memory_map.h"

#include "sim/assert.h"
#include "sim/world.h"

namespace stackrace::sim {

RegionId MemoryMap::add(std::string name, Addr size) { return add_at(std::move(name), end_, size); }

RegionId MemoryMap::add_at(std::string name, Addr lo, Addr size) {
    SR_ASSERT(lo >= 1);
    SR_ASSERT(std::size_t{lo} + size <= kMaxPlainValue);
    for (const Region& r : regions_) SR_ASSERT(lo >= r.hi() || lo + size <= r.lo);
    regions_.push_back(Region{std::move(name), lo, size});
    if (lo + size > end_) end_ = static_cast<Addr>(lo + size);
    return static_cast<RegionId>(regions_.size() - 1);
}

std::optional<RegionId> MemoryMap::region_of(Addr a) const {
    for (std::size_t i = 0; i < regions_.size(); ++i)
        if (regions_[i].contains(a)) return static_cast<RegionId>(i);
    return std::nullopt;
}

bool MemoryMap::is_live(const World& world, Addr a) const {
    const auto r = region_of(a);
    return r && world.region_state(*r) == RegionState::Allocated;
}

}  // namespace stackrace::sim
