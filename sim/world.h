// sim/world.h: World, the single value that owns all state of one run.
//
// A World is a flat vector of Words: simulated memory, the allocation state of each region,
// each actor's program counter and local registers, and ghost words that the model keeps for
// the checkers (who won a select, what was delivered). Being flat makes a World cheap to
// copy (copy = snapshot), to compare, and to hash canonically: the hash is of the words in
// order, fixed width, no padding. Nothing else in a run is mutable, so a schedule (the list
// of actors chosen at each step) replays exactly from the initial World.
//
// Usage:
//   sim::World w(shape);
//   w.set_mem(addr, 42);
//   sim::World snapshot = w;  // independent copy
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/region.h"
#include "sim/word.h"

namespace stackrace::sim {

using ActorId = std::uint8_t;

// WorldShape gives the sizes of a World's sections; it is fixed for a scenario.
struct WorldShape {
    std::uint16_t memory_words = 0;
    std::uint16_t regions = 0;
    std::uint16_t actors = 0;
    std::uint16_t locals_per_actor = 0;
    std::uint16_t ghosts = 0;

    [[nodiscard]] std::size_t total_words() const {
        return std::size_t{memory_words} + regions + std::size_t{actors} * (1u + locals_per_actor) +
               ghosts;
    }
    bool operator==(const WorldShape&) const = default;
};

class World {
public:
    World() = default;
    explicit World(const WorldShape& shape);

    [[nodiscard]] const WorldShape& shape() const { return shape_; }

    // Memory. These are raw accessors: model steps go through sim::Exec, which logs.
    [[nodiscard]] Word mem(Addr a) const { return words_[a]; }
    void set_mem(Addr a, Word v) { words_[a] = v; }

    [[nodiscard]] RegionState region_state(RegionId r) const {
        return static_cast<RegionState>(words_[shape_.memory_words + r]);
    }
    void set_region_state(RegionId r, RegionState s) {
        words_[shape_.memory_words + r] = static_cast<Word>(s);
    }

    // Actors: a program counter and locals_per_actor local registers each.
    [[nodiscard]] Word pc(ActorId a) const { return words_[actor_base(a)]; }
    void set_pc(ActorId a, Word pc) { words_[actor_base(a)] = pc; }
    [[nodiscard]] Word local(ActorId a, unsigned i) const { return words_[actor_base(a) + 1 + i]; }
    void set_local(ActorId a, unsigned i, Word v) { words_[actor_base(a) + 1 + i] = v; }

    // Ghost words: bookkeeping for the checkers, never read by the modelled algorithm.
    [[nodiscard]] Word ghost(unsigned i) const { return words_[ghost_base() + i]; }
    void set_ghost(unsigned i, Word v) { words_[ghost_base() + i] = v; }

    // The canonical content, for hashing, storing and comparing.
    [[nodiscard]] std::span<const Word> words() const { return words_; }
    [[nodiscard]] std::span<Word> mutable_words() { return words_; }

    bool operator==(const World& other) const { return words_ == other.words_; }

private:
    [[nodiscard]] std::size_t actor_base(ActorId a) const {
        return std::size_t{shape_.memory_words} + shape_.regions +
               std::size_t{a} * (1u + shape_.locals_per_actor);
    }
    [[nodiscard]] std::size_t ghost_base() const {
        return std::size_t{shape_.memory_words} + shape_.regions +
               std::size_t{shape_.actors} * (1u + shape_.locals_per_actor);
    }

    WorldShape shape_{};
    std::vector<Word> words_;
};

}  // namespace stackrace::sim
