#include "model/throws.h"

#include <array>

#include "model/actor_table.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

constexpr std::array<ThrowInfo, static_cast<std::size_t>(Throw::Count_)> kThrows{{
#define SR_THROW(id, ...) {Throw::id, __VA_ARGS__},
#include "model/throws.def"
#undef SR_THROW
}};

// Local 0 holds the throw + 1, so that a cleared local never reads as a throw.
constexpr unsigned kThrowLocal = 0;

}  // namespace

std::span<const ThrowInfo> all_throws() { return kThrows; }

const ThrowInfo& throw_info(Throw t) {
    const auto i = static_cast<std::size_t>(t);
    SR_ASSERT(i < kThrows.size());
    return kThrows[i];
}

void throw_(const Step& s, Throw t) {
    for (unsigned l = 0; l < kLocalsPerActor; ++l) s.set_local(l, 0);
    s.set_local(kThrowLocal, static_cast<sim::Word>(static_cast<sim::Word>(t) + 1));
    s.go(Site::throw_fatal_error);
}

std::optional<Throw> thrown(const sim::World& w, sim::ActorId a) {
    if (pc_of(w, a) != Site::throw_fatal_error) return std::nullopt;
    const sim::Word v = w.local(a, kThrowLocal);
    SR_ASSERT(v != 0 && v <= kThrows.size());
    return static_cast<Throw>(v - 1);
}

}  // namespace stackrace::model
