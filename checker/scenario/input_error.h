// checker/scenario/input_error.h: InputError, bad input from a user's file or command line.
//
// The message is one line in the GNU format editors jump to ("FILE:LINE: problem"). It is
// thrown by parsers and caught at the CLI's edge, which prints it and exits 2.
#pragma once

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace stackrace::checker {

struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void input_error(const std::string& file, long line,
                                     const std::string& problem) {
    if (line > 0) throw InputError(fmt::format("{}:{}: {}", file, line, problem));
    throw InputError(fmt::format("{}: {}", file, problem));
}

}  // namespace stackrace::checker
