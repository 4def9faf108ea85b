// checker/search/visited_set.h: VisitedSet, the states a level-synchronous search has stored,
// partitioned so that each job deduplicates its own part.
//
// A state goes to the partition its hash's low bits name (the stores' tables use the high
// bits): equal states always meet in the same partition, so the partitions take their
// insertions in parallel without locks. Each partition is a CollapseStore (exact) or, under
// hash compaction, a FingerprintStore. VisitedSet also remembers what it held when the current
// level began, for the cycle proviso of partial-order reduction.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "checker/search/state_store.h"
#include "sim/word.h"

namespace stackrace::checker::search {

class VisitedSet {
public:
    // comps must outlive the set (the exact stores cut states with it).
    VisitedSet(const StateComponents& comps, unsigned parts, bool compact, bool partial_order)
        : parts_(parts), compact_(compact), partial_order_(partial_order) {
        if (compact_)
            fingerprints_.resize(parts_);
        else
            for (unsigned p = 0; p < parts_; ++p) exact_.emplace_back(comps);
        level_mark_.assign(parts_, 0);
        if (compact_ && partial_order_) level_new_.resize(parts_);
    }

    [[nodiscard]] unsigned parts() const { return parts_; }
    // The partition comes from the hash's low bits; the stores' tables use its high bits.
    [[nodiscard]] unsigned part_of(std::uint64_t h) const {
        return static_cast<unsigned>((h & 0xffffu) % parts_);
    }
    // insert stores a state in its partition; false when it was already visited. Only the
    // job that owns the state's partition may call it while other jobs insert.
    bool insert(std::span<const sim::Word> words, const std::uint64_t* ch, std::uint64_t h) {
        const unsigned p = part_of(h);
        if (!compact_) return exact_[p].insert(words, ch, h);
        if (!fingerprints_[p].insert(h)) return false;
        if (partial_order_) level_new_[p].insert(h);
        return true;
    }
    // start_level marks what the set holds before a level is expanded.
    void start_level() {
        for (unsigned p = 0; p < parts_; ++p) {
            if (!compact_)
                level_mark_[p] = exact_[p].size();
            else if (partial_order_)
                level_new_[p].clear();
        }
    }
    // stored_before_level: the state was stored at the current level or an earlier one (the
    // breadth-first cycle proviso of partial-order reduction). Read-only: called by workers
    // while nobody inserts.
    [[nodiscard]] bool stored_before_level(std::span<const sim::Word> words,
                                           const std::uint64_t* ch, std::uint64_t h) const {
        const unsigned p = part_of(h);
        if (!compact_) {
            const std::int64_t i = exact_[p].find(words, ch, h);
            return i >= 0 && static_cast<std::size_t>(i) < level_mark_[p];
        }
        return fingerprints_[p].contains(h) && !level_new_[p].contains(h);
    }
    [[nodiscard]] std::size_t bytes() const {
        std::size_t bytes = 0;
        for (const auto& f : fingerprints_) bytes += f.bytes();
        for (const auto& e : exact_) bytes += e.bytes();
        return bytes;
    }

private:
    unsigned parts_;
    bool compact_;
    bool partial_order_;
    std::vector<CollapseStore> exact_;
    std::vector<FingerprintStore> fingerprints_;
    std::vector<std::size_t> level_mark_;      // exact: each partition's size when the level began
    std::vector<FingerprintStore> level_new_;  // compact + partial order: this level's insertions
};

}  // namespace stackrace::checker::search
