// sim/assert.h: always-on internal assertions.
//
// A model checker that trusts itself less in release builds is backwards: SR_ASSERT is
// compiled in every build and throws InternalError. Where a schedule is being run (explore,
// replay, minimize), the checker rethrows it with that schedule (checker/internal_error.h),
// and the CLI prints the trace that replays it and exits 70; an internal error met outside a
// schedule (building a Model, say) exits 70 with the message alone.
#pragma once

#include <stdexcept>
#include <string>

namespace stackrace::sim {

struct InternalError : std::logic_error {
    using std::logic_error::logic_error;
};

[[noreturn]] void assertion_failed(const char* expr, const char* file, int line,
                                   const std::string& message = {});

}  // namespace stackrace::sim

#define SR_ASSERT(cond)                                                             \
    do {                                                                            \
        if (!(cond)) ::stackrace::sim::assertion_failed(#cond, __FILE__, __LINE__); \
    } while (0)

#define SR_ASSERT_MSG(cond, msg)                                                         \
    do {                                                                                 \
        if (!(cond)) ::stackrace::sim::assertion_failed(#cond, __FILE__, __LINE__, msg); \
    } while (0)
