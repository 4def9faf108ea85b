// model/throws.h: the throws of the modelled Go code (runtime.throw: a fatal error).
//
// A throw stops the runtime. In the model the throwing actor moves to
// Site::throw_fatal_error, where it is finished (peek), and keeps which throw it made in its
// local 0; the runtime-throw property reports it, and replay reads it back. The list of
// throws, each with Go's text and the function that throws, is model/throws.def.
//
// Usage, at the step where Go checks:
//   if (s.x.read(sg + sudog_field::kElem) != 0) return throw_(s, Throw::sudog_nonnil_elem);
//   if (auto t = thrown(w, a)) fmt::print("{}", throw_info(*t).text);
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "model/step.h"

namespace stackrace::model {

enum class Throw : sim::Word {
#define SR_THROW(id, ...) id,
#include "model/throws.def"
#undef SR_THROW
    Count_,
};

struct ThrowInfo {
    Throw id;
    std::string_view text;         // Go's text: "runtime: sudog with non-nil elem"
    std::string_view go_file;      // "proc.go"
    std::string_view go_function;  // "releaseSudog"
};

[[nodiscard]] std::span<const ThrowInfo> all_throws();
[[nodiscard]] const ThrowInfo& throw_info(Throw t);

// throw_: the actor of step s throws t: its next pc is Site::throw_fatal_error and its local 0
// records t (its other locals are cleared). The step's accesses before the throw stay.
void throw_(const Step& s, Throw t);

// thrown: the throw actor a made, if it stands at Site::throw_fatal_error.
[[nodiscard]] std::optional<Throw> thrown(const sim::World& w, sim::ActorId a);

}  // namespace stackrace::model
