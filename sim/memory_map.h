// sim/memory_map.h: MemoryMap, the fixed placement of regions in the address space.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/region.h"
#include "sim/word.h"

namespace stackrace::sim {

class World;

class MemoryMap {
public:
    // add appends a region of `size` words after the last one and returns its id.
    RegionId add(std::string name, Addr size);
    // add_at places a region at an explicit address (regions must not overlap).
    RegionId add_at(std::string name, Addr lo, Addr size);

    [[nodiscard]] const Region& region(RegionId r) const { return regions_[r]; }
    [[nodiscard]] std::size_t size() const { return regions_.size(); }
    [[nodiscard]] Addr end() const { return end_; }  // one past the highest word in use

    // region_of returns the region that holds `a`, if any (address 0 is in none).
    [[nodiscard]] std::optional<RegionId> region_of(Addr a) const;

    // is_live tells whether `a` lies in a region that is allocated in `world`.
    [[nodiscard]] bool is_live(const World& world, Addr a) const;

private:
    std::vector<Region> regions_;
    Addr end_ = 1;  // word 0 is the nil guard
};

}  // namespace stackrace::sim
