// sim/region.h: named ranges of simulated memory (heap, G's old stack, the new stack).
//
// A region is allocated or free. The layout of regions is fixed for a scenario; which of
// them are allocated is World state (stackalloc / stackfree flip it), so every word access
// can tell whether it touched freed memory.
#pragma once

#include <string>

#include "sim/word.h"

namespace stackrace::sim {

using RegionId = std::uint8_t;

struct Region {
    std::string name;  // short, used in addresses as printed: "old", "new", "heap"
    Addr lo = 0;       // first word
    Addr size = 0;     // number of words

    [[nodiscard]] Addr hi() const { return static_cast<Addr>(lo + size); }
    [[nodiscard]] bool contains(Addr a) const { return a >= lo && a < hi(); }
};

// RegionState is stored as a Word in the World.
enum class RegionState : Word { Free = 0, Allocated = 1 };

}  // namespace stackrace::sim
