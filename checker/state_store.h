// checker/state_store.h: StateStore, the visited set of an exhaustive search.
//
// Every World of a scenario has the same number of words, so stored states sit end to end
// in one arena (index i at i * stride), and the hash table holds 32-bit tags and indices.
// Membership is exact: a tag match is confirmed by comparing the words. The arena in index
// order is also the breadth-first queue.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "sim/hash.h"
#include "sim/word.h"

namespace stackrace::checker {

class StateStore {
public:
    explicit StateStore(std::size_t stride) : stride_(stride), table_(1u << 16, 0), mask_((1u << 16) - 1) {}

    struct Insert {
        std::uint32_t index;
        bool inserted;
    };

    Insert insert(std::span<const sim::Word> words) {
        const std::uint64_t h = sim::hash64(words);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::uint64_t slot = h & mask_;; slot = (slot + 1) & mask_) {
            const std::uint64_t e = table_[slot];
            if (e == 0) {
                const auto index = static_cast<std::uint32_t>(size());
                arena_.insert(arena_.end(), words.begin(), words.end());
                table_[slot] = (std::uint64_t{tag} << 32) | (index + 1u);
                if (++count_ * 2 > table_.size()) grow();
                return {index, true};
            }
            const auto index = static_cast<std::uint32_t>((e & 0xffffffffu) - 1u);
            if ((e >> 32) == tag && std::memcmp(get(index).data(), words.data(), words.size_bytes()) == 0)
                return {index, false};
        }
    }

    [[nodiscard]] std::span<const sim::Word> get(std::uint32_t index) const {
        return {arena_.data() + std::size_t{index} * stride_, stride_};
    }
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] std::size_t bytes() const {
        return arena_.capacity() * sizeof(sim::Word) + table_.size() * sizeof(std::uint64_t);
    }

private:
    void grow() {
        std::vector<std::uint64_t> old(table_.size() * 2, 0);
        old.swap(table_);
        mask_ = table_.size() - 1;
        for (std::uint64_t e : old) {
            if (e == 0) continue;
            const auto index = static_cast<std::uint32_t>((e & 0xffffffffu) - 1u);
            std::uint64_t slot = sim::hash64(get(index)) & mask_;
            while (table_[slot] != 0) slot = (slot + 1) & mask_;
            table_[slot] = e;
        }
    }

    std::size_t stride_;
    std::vector<sim::Word> arena_;
    std::vector<std::uint64_t> table_;
    std::uint64_t mask_;
    std::size_t count_ = 0;
};

}  // namespace stackrace::checker
