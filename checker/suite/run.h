// checker/suite/run.h: exploring a scenario under variants and judging the verdicts.
//
// run_variant builds the Model, explores it, replays every counterexample from a fresh
// World (a trace that does not reproduce is an internal error, never a report), writes the
// trace files, and compares the verdict with the scenario's expectation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/scenario/scenario.h"
#include "checker/search/explorer.h"
#include "model/variant.h"

namespace stackrace::checker {

enum class VerdictKind { Verified, Violated, Incomplete };

struct Verdict {
    VerdictKind kind = VerdictKind::Verified;
    std::vector<PropertyId> properties;  // sorted, for Violated
    [[nodiscard]] std::string to_string() const;
};

struct WrittenTrace {
    PropertyId property;
    std::size_t steps = 0;
    std::string path;  // empty when no trace directory was given
    std::string message;
};

enum class Outcome { Match, Mismatch, Incomplete };

struct VariantRun {
    std::string variant;
    Expectation expected;
    Verdict verdict;
    ExploreResult result;
    std::vector<WrittenTrace> traces;
    bool matches = false;
    Outcome outcome = Outcome::Mismatch;
    std::string mismatch;  // how it differs, when !matches: "unexpected property lost-value"
};

struct RunOptions {
    ExploreOptions explore;
    std::string trace_dir;                   // where to write traces; empty: do not write
    std::string tool_version = "stackrace";  // written into traces
};

[[nodiscard]] VariantRun run_variant(const Scenario& s, const model::Variant& v,
                                     const RunOptions& o);

// judge compares a verdict with an expectation; stop_first runs match when every property
// found is expected (the search stopped before it could find the others).
[[nodiscard]] bool judge(const Verdict& got, const Expectation& want, bool stop_first,
                         std::string& why);

// trace_file_name: "<scenario stem>.<variant>.<property>.trace".
[[nodiscard]] std::string trace_file_name(const Scenario& s, const std::string& variant,
                                          PropertyId p);

}  // namespace stackrace::checker
