// checker/scenario/validate.h: the checks of a Spec that no single TOML field can make.
//
// parse_scenario (scenario.h) reads a scenario file into a Spec, field by field; validate
// then checks what the fields say together (a pointer names a local, a case's channel
// exists, a sender's value fits its channel, the stack holds the frames), and validate_start
// that G can start parked. Each returns the first problem, in a fixed order, so the same
// file always gets the same message.
#pragma once

#include <optional>
#include <string>

#include "model/spec.h"

namespace stackrace::checker {

// Problem: what is wrong with a scenario, and the line it is on (0: the file as a whole).
struct Problem {
    int line = 0;
    std::string message;
};

// validate checks the cross-references of a parsed Spec: the first problem, if any.
[[nodiscard]] std::optional<Problem> validate(const model::Spec& spec);

// validate_start checks that G can start parked: run alone after the early actors, it must
// block. g_line is the line of the [g] table, where the problem is reported.
[[nodiscard]] std::optional<Problem> validate_start(const model::Spec& spec, int g_line);

}  // namespace stackrace::checker
