#include "checker/search/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace stackrace::checker {

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

std::string human_count(std::uint64_t n) {
    if (n >= 1'000'000'000) return fmt::format("{:.2f}G", static_cast<double>(n) / 1e9);
    if (n >= 1'000'000) return fmt::format("{:.2f}M", static_cast<double>(n) / 1e6);
    if (n >= 10'000) return fmt::format("{:.1f}k", static_cast<double>(n) / 1e3);
    return fmt::format("{}", n);
}

std::string human_bytes(std::size_t n) {
    if (n >= (std::size_t{1} << 30))
        return fmt::format("{:.1f} GiB", static_cast<double>(n) / (1 << 30));
    return fmt::format("{} MiB", n >> 20);
}

ProgressLine::ProgressLine(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(const Progress& p) {
    if (!enabled_ || p.seconds - last_ < 1.0) return;
    if (last_ < 0 && p.seconds < 1.0) return;  // short runs show nothing
    last_ = p.seconds;
    const double rate = p.seconds > 0 ? static_cast<double>(p.states) / p.seconds : 0;
    const std::string eta =
        p.remaining_estimate == 0 || rate <= 0
            ? std::string(", frontier growing")
            : fmt::format(", ~{} states left if levels shrink as they grew (~{:.0f} s)",
                          human_count(p.remaining_estimate),
                          static_cast<double>(p.remaining_estimate) / rate);
    std::fprintf(stderr, "\r\033[K%s: %s states, %s/s, depth %u, frontier %s, %s%s", label_.c_str(),
                 human_count(p.states).c_str(),
                 human_count(static_cast<std::uint64_t>(rate)).c_str(), p.depth,
                 human_count(p.frontier).c_str(), human_bytes(p.bytes).c_str(), eta.c_str());
    std::fflush(stderr);
    shown_ = true;
}

void ProgressLine::finish() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
}

}  // namespace stackrace::checker
