// checker/scenario/input_file.h: reading a user's input file, checked before it is read.
//
// A scenario or a trace is a small text file. Anything else given in its place (a directory,
// /dev/zero, a pipe, a file of gigabytes, a line of megabytes) is refused with a one-line
// InputError before it can use time or memory: "FILE: problem" or "FILE:LINE: problem".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace stackrace::checker {

struct InputLimits {
    const char* what;            // "scenario file", "trace file": for the messages
    std::uintmax_t max_bytes;    // the file's size at most
    std::size_t max_line_bytes;  // one line's length at most
};

inline constexpr InputLimits kScenarioFile{"scenario file", 1u << 20, 4096};
inline constexpr InputLimits kTraceFile{"trace file", 64u << 20, 65536};

// read_input_file returns the file's text: a regular file, at most limits.max_bytes long,
// no line longer than limits.max_line_bytes; else it throws InputError.
[[nodiscard]] std::string read_input_file(const std::string& path, const InputLimits& limits);

}  // namespace stackrace::checker
