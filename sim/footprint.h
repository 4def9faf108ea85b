// sim/footprint.h: Footprint, the locations a step (or an actor's whole future) may read
// and write, for partial-order reduction.
//
// A location is a memory word, a region's allocation state (every access reads it: a word
// of a freed region is use-after-free) or a ghost word. Actors' program counters and locals
// are private and are not locations. Two footprints conflict when one writes a location
// the other reads or writes; steps whose footprints do not conflict commute.
//
// Usage:
//   const sim::Locations loc(world.shape());
//   sim::Footprint f(loc.count());
//   f.add_observed(loc, map, before, after, log);  // what one executed step touched
//   if (!f.conflicts(other)) { ... }
#pragma once

#include <cstdint>
#include <vector>

#include "sim/access.h"
#include "sim/memory_map.h"
#include "sim/region.h"
#include "sim/world.h"

namespace stackrace::sim {

class LocationSet {
public:
    LocationSet() = default;
    explicit LocationSet(std::size_t locations) : bits_((locations + 63) / 64, 0) {}

    void add(std::size_t l) { bits_[l / 64] |= std::uint64_t{1} << (l % 64); }
    [[nodiscard]] bool has(std::size_t l) const { return (bits_[l / 64] >> (l % 64)) & 1u; }
    void add_all(const LocationSet& o) {
        for (std::size_t i = 0; i < bits_.size(); ++i) bits_[i] |= o.bits_[i];
    }
    void clear() { std::fill(bits_.begin(), bits_.end(), 0); }
    [[nodiscard]] bool intersects(const LocationSet& o) const {
        for (std::size_t i = 0; i < bits_.size(); ++i)
            if (bits_[i] & o.bits_[i]) return true;
        return false;
    }
    // contains: every location of `o` is in this set.
    [[nodiscard]] bool contains(const LocationSet& o) const {
        for (std::size_t i = 0; i < bits_.size(); ++i)
            if (o.bits_[i] & ~bits_[i]) return false;
        return true;
    }
    [[nodiscard]] bool empty() const {
        for (std::uint64_t b : bits_)
            if (b) return false;
        return true;
    }

private:
    std::vector<std::uint64_t> bits_;
};

// Locations of a World's shape: memory words first, then region states, then ghosts.
struct Locations {
    explicit Locations(const WorldShape& s) : shape(s) {}
    [[nodiscard]] std::size_t count() const {
        return std::size_t{shape.memory_words} + shape.regions + shape.ghosts;
    }
    [[nodiscard]] std::size_t memory(Addr a) const { return a; }
    [[nodiscard]] std::size_t region(RegionId r) const {
        return std::size_t{shape.memory_words} + r;
    }
    [[nodiscard]] std::size_t ghost(unsigned g) const {
        return std::size_t{shape.memory_words} + shape.regions + g;
    }
    WorldShape shape;
};

struct Footprint {
    Footprint() = default;
    explicit Footprint(std::size_t locations) : reads(locations), writes(locations) {}

    LocationSet reads, writes;

    [[nodiscard]] bool conflicts(const Footprint& o) const {
        return writes.intersects(o.writes) || writes.intersects(o.reads) ||
               reads.intersects(o.writes);
    }
    // contains: every read of `o` is read or written here, every write of `o` written here.
    [[nodiscard]] bool contains(const Footprint& o) const;
    void add_all(const Footprint& o) {
        reads.add_all(o.reads);
        writes.add_all(o.writes);
    }
    void clear() {
        reads.clear();
        writes.clear();
    }
    // add_observed adds what one step did: its logged accesses (each also reads the state of
    // the region it falls in), and every memory word, region state and ghost whose value
    // differs between `before` and `after` (writes made without the log, such as stackfree's
    // poisoning, and the model's ghost bookkeeping).
    void add_observed(const Locations& loc, const MemoryMap& map, const World& before,
                      const World& after, const AccessLog& log);
};

}  // namespace stackrace::sim
