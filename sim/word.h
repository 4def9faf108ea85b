// sim/word.h: the machine word of stackrace's simulated memory.
//
// Memory is word-addressed: an Addr is the index of a word, and a pointer stored in memory
// is simply the Addr it points to. 16 bits hold every address of a scenario (checked when
// a layout is built) and every value the model stores, and they keep a World compact,
// because exploration speed and bytes per stored state are product goals.
#pragma once

#include <cstdint>

namespace stackrace::sim {

using Word = std::uint16_t;
using Addr = std::uint16_t;

// Bytes per simulated word when addresses are printed: the model stands for a 64-bit
// runtime, so `old+0x18` is the fourth word of the old stack, as a Go engineer reads it.
inline constexpr unsigned kBytesPerWord = 8;

// The nil pointer. Address 0 is a guard word that belongs to no region.
inline constexpr Addr kNil = 0;

// Poison patterns, chosen to echo the Go runtime's stackPoisonCopy bytes: 0xfd fills a
// freshly allocated stack before the copy, 0xfc fills a stack after stackfree.
inline constexpr Word kPoisonFresh = 0xfdfd;
inline constexpr Word kPoisonFreed = 0xfcfc;

// The largest address or plain value a scenario may use; above it lie the poison values.
inline constexpr Word kMaxPlainValue = 0xf000;

}  // namespace stackrace::sim
