// sim/hash.h: canonical hashes of World contents (xxh3 over the words, little-endian).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "sim/word.h"

namespace stackrace::sim {

class World;

// hash64 is used by the visited set (collisions are resolved by full comparison).
[[nodiscard]] std::uint64_t hash64(std::span<const Word> words);

// hash_of_hashes combines the hashes of a World's consecutive parts into one.
[[nodiscard]] std::uint64_t hash_of_hashes(std::span<const std::uint64_t> hashes);

// hash128_hex is the 32-hex-digit fingerprint written into trace files and reports.
[[nodiscard]] std::string hash128_hex(const World& world);
[[nodiscard]] std::string hash128_hex(std::span<const unsigned char> bytes);

}  // namespace stackrace::sim
