// checker/search/level_search.h: LevelSearch, one level-synchronous breadth-first search of a
// Model's states.
//
// Each level is expanded chunk by chunk: Workers (worker.h) expand slices of a chunk in
// parallel, then merge takes their results in slice order, the order a sequential search
// meets them, so every count, state number and counterexample is the same for any number of
// jobs. States are numbered in the order they are stored; each keeps its parent's number and
// the actor of the step that reached it, from which a counterexample's schedule is read back.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "checker/search/explorer.h"
#include "checker/search/visited_set.h"
#include "checker/search/worker.h"

namespace stackrace::checker::search {

class LevelSearch {
public:
    // targets: stop once each of these properties has a counterexample (none: never).
    LevelSearch(const model::Model& m, const ExploreOptions& o,
                std::vector<PropertyId> targets = {});

    ExploreResult run();

private:
    void store_roots();
    void expand_level(std::uint32_t first_index, std::uint32_t depth);
    void expand_chunk(std::size_t begin, std::size_t end, std::size_t jobs,
                      std::uint32_t first_index, bool at_limit);
    void merge(std::size_t jobs);
    [[nodiscard]] std::size_t merge_limit() const;
    void dedupe(std::size_t limit);
    void number_new_states(std::size_t limit);
    void copy_new_states(std::size_t jobs);
    void report_progress(std::size_t states, std::size_t end, std::uint32_t depth) const;
    ExploreResult finish();

    std::pair<std::size_t, std::vector<sim::ActorId>> path_to(std::uint32_t index) const;
    void record(const Violation& v, std::uint32_t from, sim::ActorId last);
    // throw_failure rethrows the first internal error the workers met, in slice order (the
    // order a sequential search meets it), with the schedule that reached it.
    void throw_failure(std::size_t jobs) const;
    [[nodiscard]] bool stopped() const {
        return stop_ == Limit::StopFirst || stop_ == Limit::MaxStates;
    }
    [[nodiscard]] std::size_t stored() const { return count_; }
    [[nodiscard]] std::size_t store_bytes() const {
        return parent_.capacity() * sizeof(std::uint32_t) +
               actor_.capacity() * sizeof(sim::ActorId) + visited_.bytes();
    }
    [[nodiscard]] double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

    const model::Model& m_;
    const ExploreOptions& o_;
    std::vector<PropertyId> targets_;
    std::size_t stride_;
    StateComponents comps_;
    VisitedSet visited_;
    std::size_t count_ = 0;
    // merge's scratch: the chunk's entries in sequential order, which are new, what to copy.
    std::vector<std::pair<const Worker*, const Entry*>> order_;
    std::vector<std::uint8_t> is_new_;
    std::vector<std::pair<const sim::Word*, std::size_t>> copies_;
    std::vector<std::uint32_t> parent_;
    std::vector<sim::ActorId> actor_;
    WordBuffer level_, next_level_;
    std::array<std::optional<Counterexample>, kPropertyCount> found_;
    std::chrono::steady_clock::time_point start_;
    ExploreResult r_;
    Limit stop_ = Limit::None;
    std::vector<Worker> workers_;
    std::size_t max_width_ = 0;      // the widest level so far
    std::uint64_t peak_stored_ = 0;  // states stored through it
};

}  // namespace stackrace::checker::search
