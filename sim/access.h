// sim/access.h: one memory or lock access made by a step, as recorded for the checkers.
//
// Steps perform their accesses through sim::Exec, which logs each one. Properties read the
// log (a write to freed memory is a property of the access, not of the resulting state),
// and replay prints it.
#pragma once

#include <array>
#include <cstdint>

#include "sim/word.h"

namespace stackrace::sim {

enum class AccessKind : std::uint8_t { Read, Write, Cas, Lock, Unlock };

struct Access {
    AccessKind kind = AccessKind::Read;
    Addr addr = 0;
    Word before = 0;     // the word's value before the access
    Word after = 0;      // its value after (== before for a read or a failed CAS)
    bool freed = false;  // the word was outside every allocated region when accessed
};

// AccessLog holds the accesses of one step. A step is one atomic action, but folded private
// work (a sudog's several fields written under the lock that guards them) may add a few more.
class AccessLog {
public:
    static constexpr std::size_t kCapacity = 64;

    void clear() { size_ = 0; }
    void add(const Access& a) {
        if (size_ < kCapacity) items_[size_] = a;
        ++size_;  // counted even past capacity, so overflow is detectable by assertion
    }
    [[nodiscard]] std::size_t size() const { return size_ < kCapacity ? size_ : kCapacity; }
    [[nodiscard]] bool overflowed() const { return size_ > kCapacity; }
    [[nodiscard]] const Access& operator[](std::size_t i) const { return items_[i]; }
    [[nodiscard]] const Access* begin() const { return items_.data(); }
    [[nodiscard]] const Access* end() const { return items_.data() + size(); }

private:
    std::array<Access, kCapacity> items_{};
    std::size_t size_ = 0;
};

}  // namespace stackrace::sim
