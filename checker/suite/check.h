// checker/suite/check.h: the regression suite: every scenario under its variants, every saved
// trace.
//
// run_check finds the scenario files (*.toml) and saved counterexamples (*.trace) under the
// given paths, explores each scenario under every variant its [expect] table names plus `fix`,
// and replays each trace, in parallel on `jobs` threads. Each exploration builds its own Model
// and World, and each result goes to its own slot, so the report does not depend on the number
// of threads or the order in which they finish: rows are sorted (scenarios by path, then
// variant in model::all_variants() order; then traces by path), and only `seconds` varies.
//
// Usage:
//   checker::CheckOptions o;
//   o.paths = {"scenarios"};
//   const checker::CheckReport r = checker::run_check(o);
//   fmt::print("{}", checker::format_check_table(r));  // exit r.failures() ? 1 : 0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/search/reduction.h"

namespace stackrace::checker {

struct CheckOptions {
    std::vector<std::string> paths;  // files or folders, searched recursively; must not be empty
    unsigned jobs = 1;               // threads
    std::uint64_t max_states = 50'000'000;  // per run; a scenario's [limits] max_states lowers it
    Reductions reductions;                  // of each exploration (the CLI turns both on)
};

enum class RowKind { Scenario, Trace };

// RowStatus: Pass, or how the row fails. Incomplete (a limit was hit) is a failure, never a pass.
enum class RowStatus { Pass, Mismatch, Incomplete, DifferentOutcome, Stale };

struct CheckRow {
    RowKind kind = RowKind::Scenario;
    std::string file;  // the scenario or trace path, as found under the given paths
    std::string variant;
    std::string expected;  // scenario: the [expect] entry; trace: the recorded outcome
    std::string got;       // scenario: the verdict; trace: the replayed outcome
    std::optional<std::uint64_t> states;  // scenario rows: distinct states explored
    double seconds = 0;  // wall clock: the only field that varies between identical runs
    RowStatus status = RowStatus::Pass;
    std::string reason;   // when it fails: "unexpected property lost-value", a FILE:LINE message
    std::string command;  // what shows it: "stackrace explore F --variant V", "stackrace replay F"

    [[nodiscard]] bool passed() const { return status == RowStatus::Pass; }
};

struct CheckReport {
    std::vector<CheckRow> rows;
    [[nodiscard]] std::size_t failures() const;
};

// run_check throws InputError for bad input: a path that does not exist or holds nothing to
// check, a malformed scenario or trace file, a trace whose scenario cannot be found. When
// several inputs are bad, the first in row order is reported, whatever the number of threads.
[[nodiscard]] CheckReport run_check(const CheckOptions& o);

// format_check_table: one row per check, the reason and the command under each failure, and a
// summary line. The seconds column is last, so comparisons can cut it off.
[[nodiscard]] std::string format_check_table(const CheckReport& r);

// status_name: "ok", "DIFF", "INCOMPLETE", "STALE" (a trace that no longer fits the model).
[[nodiscard]] const char* status_name(RowStatus s);

}  // namespace stackrace::checker
