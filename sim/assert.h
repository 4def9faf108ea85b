// sim/assert.h: always-on internal assertions.
//
// A model checker that trusts itself less in release builds is backwards: SR_ASSERT is
// compiled in every build and throws InternalError, which the explorer turns into exit 70
// with the schedule that reached it.
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
