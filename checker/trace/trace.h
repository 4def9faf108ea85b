// checker/trace/trace.h: Trace, a counterexample as a versioned text file.
//
// A trace names the scenario (path and content hash), the variant, and one line per step
// (index, actor, step label), then the violated property, its message and the hash of the
// final World. It is plain data: replay re-executes it from a fresh World, checking every
// label, so a trace that no longer fits the model fails loudly at the step that changed.
// The format is documented in docs/trace-format.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/properties/properties.h"
#include "model/go_sites.h"

namespace stackrace::checker {

inline constexpr int kTraceFormatVersion = 1;

struct TraceStep {
    std::string actor;
    model::Site site = model::Site::exit;
    int line = 0;  // line in the trace file (0 when built in memory)
};

struct Trace {
    int version = kTraceFormatVersion;
    std::string tool_version;
    std::string scenario_path;
    std::string scenario_hash;
    std::string variant;
    std::string options;                  // informational: the exploration options that found it
    std::string fresh_stack = "garbage";  // the root World: what the fresh stack held
    std::vector<TraceStep> steps;
    PropertyId property = PropertyId::LostValue;
    std::string message;
    std::string final_hash;
    // Not empty: the steps reach this internal error (a bug in stackrace) instead of a
    // violation; the trace then has no violation, message or final hash.
    std::string internal_error;
    int scenario_hash_line = 0, variant_line = 0, property_line = 0, final_hash_line = 0,
        fresh_stack_line = 0;
};

[[nodiscard]] std::string format_trace(const Trace& t);
// parse_trace throws InputError("FILE:LINE: problem") for anything malformed.
[[nodiscard]] Trace parse_trace(const std::string& path, const std::string& text);
[[nodiscard]] Trace load_trace(const std::string& path);

}  // namespace stackrace::checker
