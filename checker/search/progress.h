// checker/search/progress.h: the progress line shown on a terminal during long explorations.
#pragma once

#include <chrono>
#include <string>

#include "checker/search/explorer.h"

namespace stackrace::checker {

// ProgressLine prints "states, states/s, depth, frontier, memory" on stderr, rewriting one
// line about once a second, and only when stderr is a terminal.
class ProgressLine {
public:
    ProgressLine(std::string label, bool enabled);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    void update(const Progress& p);
    void finish();

private:
    std::string label_;
    bool enabled_;
    bool shown_ = false;
    double last_ = -1;
};

[[nodiscard]] bool stderr_is_terminal();
[[nodiscard]] std::string human_count(std::uint64_t n);  // 1234567 -> "1.23M"
[[nodiscard]] std::string human_bytes(std::size_t n);    // -> "118 MiB"

}  // namespace stackrace::checker
