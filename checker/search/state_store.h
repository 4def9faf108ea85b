// checker/search/state_store.h: the visited sets of an exhaustive search.
//
// ExactStore keeps every stored World: its words sit in fixed-size chunks (no reallocation
// copies as the set grows), and the hash table holds 32-bit tags and indices; membership is
// exact, a tag match is confirmed by comparing the words.
// FingerprintStore keeps only a 64-bit hash per state (hash compaction, as SPIN's -DHC):
// about 11 bytes per state, and probabilistic: two distinct states with the same
// fingerprint would make the second look visited (probability about n^2 / 2^65 for n states).
#pragma once

#include <sys/mman.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "sim/hash.h"
#include "sim/word.h"

namespace stackrace::checker {

// A table of 64-bit entries (0 = empty) with linear probing, kept at most 3/4 full.
class ProbeTable {
public:
    // Small at first: a collapse store holds one table per component, most of them tiny.
    ProbeTable() : slots_(1u << 10, 0), mask_((1u << 10) - 1) {}
    [[nodiscard]] std::size_t bytes() const { return slots_.size() * sizeof(std::uint64_t); }
    [[nodiscard]] std::uint64_t mask() const { return mask_; }
    [[nodiscard]] std::uint64_t at(std::uint64_t slot) const { return slots_[slot]; }
    void set(std::uint64_t slot, std::uint64_t e) { slots_[slot] = e; }
    // grow_if_needed doubles the table when `count` entries would make it over 3/4 full;
    // rehash(e) must give the home slot of entry e.
    template <class Rehash>
    void grow_if_needed(std::size_t count, Rehash rehash) {
        if (count * 4 < slots_.size() * 3) return;
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        for (std::uint64_t e : old) {
            if (e == 0) continue;
            std::uint64_t slot = rehash(e) & mask_;
            while (slots_[slot] != 0) slot = (slot + 1) & mask_;
            slots_[slot] = e;
        }
    }

private:
    std::vector<std::uint64_t> slots_;
    std::uint64_t mask_;
};

class ExactStore {
public:
    explicit ExactStore(std::size_t stride)
        : stride_(stride), per_chunk_(std::max<std::size_t>(1, kChunkWords / stride)) {}

    // insert returns true when `words` (with hash h) was not yet stored.
    bool insert(std::span<const sim::Word> words, std::uint64_t h) {
        return intern(words, h).second;
    }
    // intern returns the index of `words` and whether it was just added.
    std::pair<std::uint32_t, bool> intern(std::span<const sim::Word> words, std::uint64_t h) {
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        std::uint64_t slot = probe(words, tag);
        if (table_.at(slot) != 0) return {index_at(slot), false};
        const auto index = static_cast<std::uint32_t>(count_);
        if (index % per_chunk_ == 0) chunks_.push_back(allocate_chunk());
        std::memcpy(chunks_.back().get() + (index % per_chunk_) * stride_, words.data(),
                    words.size_bytes());
        ++count_;
        table_.grow_if_needed(count_, [](std::uint64_t e) { return e >> 32; });
        slot = tag & table_.mask();  // the table may have grown: find an empty slot again
        while (table_.at(slot) != 0) slot = (slot + 1) & table_.mask();
        table_.set(slot, (std::uint64_t{tag} << 32) | (index + 1u));
        return {index, true};
    }
    // find returns the insertion index (0, 1, ...) of `words`, or -1 when it is not stored.
    // Safe to call from several threads while nobody inserts.
    [[nodiscard]] std::int64_t find(std::span<const sim::Word> words, std::uint64_t h) const {
        const std::uint64_t slot = probe(words, static_cast<std::uint32_t>(h >> 32));
        return table_.at(slot) != 0 ? std::int64_t{index_at(slot)} : -1;
    }
    [[nodiscard]] std::size_t size() const { return count_; }
    // bytes: what the stored words and the table use (the last chunk counted as far as filled).
    [[nodiscard]] std::size_t bytes() const {
        return count_ * stride_ * sizeof(sim::Word) + table_.bytes();
    }

private:
    // Chunks are 8 MiB, aligned and marked for transparent huge pages: a large search stores
    // gigabytes, and faulting them in 4 KiB pages costs a fifth of the run. Not zeroed: every
    // word is written before it is read.
    static constexpr std::size_t kChunkWords = std::size_t{4} << 20;
    static constexpr std::size_t kChunkAlign = std::size_t{2} << 20;
    struct FreeChunk {
        void operator()(sim::Word* p) const { std::free(p); }
    };
    using Chunk = std::unique_ptr<sim::Word[], FreeChunk>;
    static Chunk allocate_chunk() {
        const std::size_t bytes = kChunkWords * sizeof(sim::Word);
        void* p = std::aligned_alloc(kChunkAlign, bytes);
        if (p == nullptr) throw std::bad_alloc();
        madvise(p, bytes, MADV_HUGEPAGE);  // a hint: without THP the chunk works the same
        return Chunk(static_cast<sim::Word*>(p));
    }
    [[nodiscard]] const sim::Word* get(std::uint32_t index) const {
        return chunks_[index / per_chunk_].get() + (index % per_chunk_) * stride_;
    }
    [[nodiscard]] std::uint32_t index_at(std::uint64_t slot) const {
        return static_cast<std::uint32_t>((table_.at(slot) & 0xffffffffu) - 1u);
    }
    // probe: the slot holding `words` (tag: its hash's high half), or the empty slot that ends
    // its probe sequence.
    [[nodiscard]] std::uint64_t probe(std::span<const sim::Word> words, std::uint32_t tag) const {
        std::uint64_t slot = tag & table_.mask();
        for (std::uint64_t e; (e = table_.at(slot)) != 0; slot = (slot + 1) & table_.mask())
            if ((e >> 32) == tag &&
                std::memcmp(get(index_at(slot)), words.data(), words.size_bytes()) == 0)
                break;
        return slot;
    }
    std::size_t stride_;
    std::size_t per_chunk_;
    std::vector<Chunk> chunks_;
    ProbeTable table_;
    std::size_t count_ = 0;
};

// StateComponents cuts a World's words into consecutive components (the model chooses the
// cuts: Model::state_components) and hashes each; a state's hash combines its components'.
class StateComponents {
public:
    static constexpr std::size_t kMax = 8;

    explicit StateComponents(std::vector<std::size_t> cuts) : cuts_(std::move(cuts)) {}
    [[nodiscard]] std::size_t count() const { return cuts_.size() - 1; }
    [[nodiscard]] std::size_t part_words(std::size_t c) const { return cuts_[c + 1] - cuts_[c]; }
    [[nodiscard]] std::span<const sim::Word> part(std::span<const sim::Word> words,
                                                  std::size_t c) const {
        return words.subspan(cuts_[c], cuts_[c + 1] - cuts_[c]);
    }
    // hash fills out[0..count()) and returns the state's hash.
    std::uint64_t hash(std::span<const sim::Word> words, std::uint64_t* out) const {
        for (std::size_t c = 0; c < count(); ++c) out[c] = sim::hash64(part(words, c));
        return sim::hash_of_hashes(std::span<const std::uint64_t>(out, count()));
    }

private:
    std::vector<std::size_t> cuts_;  // cuts_[0] = 0 < cuts_[1] < ... < cuts_.back() = words
};

// CollapseStore: an exact visited set that stores each distinct component once (in its own
// ExactStore) and each state as the tuple of its components' indices (as SPIN's -DCOLLAPSE).
// The components of these models change independently (the heap, the stacks, the shrinker
// and G, the other goroutines), so there are far fewer of each than states: a state costs
// its tuple and a table slot, about 40 bytes instead of the World's 450, exact all the same.
class CollapseStore {
public:
    explicit CollapseStore(const StateComponents& comps)
        : comps_(comps), tuples_(2 * comps.count()) {
        for (std::size_t c = 0; c < comps.count(); ++c) parts_.emplace_back(comps.part_words(c));
    }

    // insert: true when the state (words, its component hashes ch and hash h) is new.
    bool insert(std::span<const sim::Word> words, const std::uint64_t* ch, std::uint64_t h) {
        Tuple tuple{};
        for (std::size_t c = 0; c < comps_.count(); ++c)
            set(tuple, c, parts_[c].intern(comps_.part(words, c), ch[c]).first);
        return tuples_.insert(as_words(tuple), h);
    }
    // find: the state's insertion index, or -1. Safe from several threads while nobody inserts.
    [[nodiscard]] std::int64_t find(std::span<const sim::Word> words, const std::uint64_t* ch,
                                    std::uint64_t h) const {
        Tuple tuple{};
        for (std::size_t c = 0; c < comps_.count(); ++c) {
            const std::int64_t i = parts_[c].find(comps_.part(words, c), ch[c]);
            if (i < 0) return -1;
            set(tuple, c, static_cast<std::uint32_t>(i));
        }
        return tuples_.find(as_words(tuple), h);
    }
    [[nodiscard]] std::size_t size() const { return tuples_.size(); }
    [[nodiscard]] std::size_t bytes() const {
        std::size_t b = tuples_.bytes();
        for (const ExactStore& p : parts_) b += p.bytes();
        return b;
    }

private:
    // A tuple of 32-bit component indices, kept as words so an ExactStore holds it.
    using Tuple = std::array<sim::Word, 2 * StateComponents::kMax>;
    static void set(Tuple& t, std::size_t c, std::uint32_t index) {
        std::memcpy(&t[2 * c], &index, sizeof index);
    }
    [[nodiscard]] std::span<const sim::Word> as_words(const Tuple& t) const {
        return std::span<const sim::Word>(t.data(), 2 * comps_.count());
    }

    const StateComponents& comps_;
    ExactStore tuples_;
    std::vector<ExactStore> parts_;
};

class FingerprintStore {
public:
    bool insert(std::uint64_t h) {
        if (h == 0) h = 1;  // 0 marks an empty slot
        const std::uint64_t slot = probe(h);
        if (table_.at(slot) != 0) return false;
        table_.set(slot, h);
        ++count_;
        table_.grow_if_needed(count_, [](std::uint64_t e) { return e >> 32; });
        return true;
    }
    [[nodiscard]] bool contains(std::uint64_t h) const {
        return table_.at(probe(h == 0 ? 1 : h)) != 0;
    }
    void clear() {
        table_ = ProbeTable();
        count_ = 0;
    }
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] std::size_t bytes() const { return table_.bytes(); }

private:
    // probe: the slot holding h, or the empty slot that ends its probe sequence.
    [[nodiscard]] std::uint64_t probe(std::uint64_t h) const {
        std::uint64_t slot = (h >> 32) & table_.mask();
        while (table_.at(slot) != 0 && table_.at(slot) != h) slot = (slot + 1) & table_.mask();
        return slot;
    }

    ProbeTable table_;
    std::size_t count_ = 0;
};

}  // namespace stackrace::checker
