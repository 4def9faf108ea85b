// checker/search/worker.h: Worker, which expands a slice of a breadth-first level.
//
// A Worker reads only the model, its own buffers and (for the cycle proviso of partial-order
// reduction) the visited set, which nobody writes meanwhile, so workers run in parallel
// without locks. It records what expanding each state gives, in the order a sequential
// search would meet it, as Entries that LevelSearch::merge (level_search.h) then takes in
// slice order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checker/properties/properties.h"
#include "checker/search/reduction.h"
#include "checker/search/state_store.h"
#include "checker/search/visited_set.h"
#include "model/model.h"

namespace stackrace::checker::search {

// DefaultInitAllocator leaves new vector elements uninitialised: the level buffers are resized
// and then filled by copies, so zeroing them first would be wasted work.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = DefaultInitAllocator<U>;
    };
    DefaultInitAllocator() = default;
    template <class U>
    explicit DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
using WordBuffer = std::vector<sim::Word, DefaultInitAllocator<sim::Word>>;

constexpr sim::ActorId kNoActor = 0xff;

// One result of expanding a state, in the order a sequential search would meet it.
struct Entry {
    enum Kind : std::uint8_t { State, Violated } kind;
    sim::ActorId actor;     // the step's actor (Violated: kNoActor for a state property)
    std::uint32_t parent;   // the expanded state's index
    std::uint64_t hash;     // State: the successor's hash
    std::size_t words;      // State: offset of its words in the worker's buffer
    std::size_t violation;  // Violated: index into the worker's violations
};

struct Worker {
    std::vector<Entry> entries;
    WordBuffer words;
    std::vector<std::uint64_t> comp_hashes;  // each State entry's component hashes, in entry order
    const StateComponents* comps = nullptr;
    std::vector<Violation> violations;
    std::uint64_t transitions = 0, final_states = 0;
    bool depth_cut = false;
    std::vector<model::Peek> peeks;
    std::vector<Violation> found;
    sim::AccessLog log;
    sim::World w, next;
    std::optional<Reducer> reducer;
    std::uint64_t reduced = 0;  // states where one step ran alone
    // An internal error met expanding state failed_state, in the step of failed_actor
    // (kNoActor: judging the state itself); the worker's slice stops there.
    std::optional<std::string> failure;
    std::uint32_t failed_state = 0;
    sim::ActorId stepping = kNoActor;  // the actor whose step is being run and judged
    const VisitedSet* visited = nullptr;

    void clear();
    // expand records what the state `state` (number `index`) leads to: a violation of a state
    // property, or the successor of each enabled step (only one under partial-order
    // reduction, when one may run alone); nothing past the depth limit.
    void expand(const model::Model& m, std::span<const sim::Word> state, std::uint32_t index,
                bool at_depth_limit);

private:
    void run_step(const model::Model& m, std::span<const sim::Word> state, sim::ActorId actor);
    void add_successor(const model::Model& m, sim::ActorId actor, std::uint32_t index);
    bool violates(const model::Model& m, sim::ActorId actor);
    std::uint64_t hash_successor();
    void push_state(sim::ActorId actor, std::uint32_t index, std::uint64_t h);
    bool try_alone(const model::Model& m, std::span<const sim::Word> state, std::uint32_t index);
};

}  // namespace stackrace::checker::search
