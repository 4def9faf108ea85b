#include "sim/assert.h"

#include <fmt/format.h>

namespace stackrace::sim {

void assertion_failed(const char* expr, const char* file, int line, const std::string& message) {
    throw InternalError(fmt::format("internal error: {}:{}: assertion `{}` failed{}{}", file, line,
                                    expr, message.empty() ? "" : ": ", message));
}

}  // namespace stackrace::sim
