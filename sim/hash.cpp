#include "sim/hash.h"

#include <fmt/format.h>
// Inlined rather than called through libxxhash: hashing every successor is a hot path of the
// search, and the inlined xxh3 is the same algorithm with the same results.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <bit>

#include "sim/world.h"

namespace stackrace::sim {

// The serialisation is the words in memory order. It is canonical only on a little-endian
// host, which is all stackrace supports; the assertion keeps trace hashes portable in truth.
static_assert(std::endian::native == std::endian::little,
              "World hashes are defined on the little-endian byte order");

std::uint64_t hash64(std::span<const Word> words) {
    return XXH3_64bits(words.data(), words.size_bytes());
}

std::uint64_t hash_of_hashes(std::span<const std::uint64_t> hashes) {
    return XXH3_64bits(hashes.data(), hashes.size_bytes());
}

std::string hash128_hex(std::span<const unsigned char> bytes) {
    const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    return fmt::format("{:016x}{:016x}", h.high64, h.low64);
}

std::string hash128_hex(const World& world) {
    const auto words = world.words();
    return hash128_hex(std::span<const unsigned char>(
        reinterpret_cast<const unsigned char*>(words.data()), words.size_bytes()));
}

}  // namespace stackrace::sim
