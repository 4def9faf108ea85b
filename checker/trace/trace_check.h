// checker/trace/trace_check.h: verifying a saved counterexample against today's model, and saving
// one.
//
// check_trace is what `stackrace replay` and `stackrace check` share: load the trace, find its
// scenario, check that the scenario still describes the same model, and re-execute the steps,
// checking every label. A trace that parses but no longer fits the model (its scenario's model
// changed, an actor or variant disappeared, a step label differs) throws TraceMisfit; a file
// that cannot be read or parsed, or a scenario that cannot be found or loaded, throws
// InputError. A trace that fits but ends elsewhere is a result (DifferentOutcome), not an error.
// An internal error met while replaying throws InternalErrorTrace (checker/internal_error.h)
// with the steps that reached it; a trace of an internal error that replays without one ends
// elsewhere (DifferentOutcome).
//
// Usage:
//   const checker::TraceCheck c = checker::check_trace("scenarios/traces/x.trace", "");
//   if (c.outcome != checker::TraceOutcome::Reproduced) fmt::print("{}\n", c.explanation);
//   checker::save_trace("traces/x.trace", "scenarios/traces", "");  // a regression case
#pragma once

#include <string>

#include "checker/scenario/input_error.h"
#include "checker/scenario/scenario.h"
#include "checker/trace/replay.h"
#include "checker/trace/trace.h"
#include "model/model.h"

namespace stackrace::checker {

// TraceMisfit: a well-formed trace that no longer fits the model or its scenario. The message
// is the one-line "FILE:LINE: problem" that names the step and what changed.
struct TraceMisfit : InputError {
    using InputError::InputError;
};

enum class TraceOutcome { Reproduced, DifferentOutcome };

struct TraceCheck {
    Trace trace;
    Scenario scenario;
    model::Model
        model;  // built from the scenario and the trace's variant; names actors and addresses
    ReplayResult replay;
    TraceOutcome outcome = TraceOutcome::DifferentOutcome;
    // One line: "lost-value at step 59 (final state 65...)" when reproduced, else how it differs:
    // "the trace recorded lost-value after step 59; the model now gives no violation".
    std::string explanation;
};

// check_trace replays the trace at trace_path. The scenario is scenario_override when given,
// else the trace's scenario path as written, else that path resolved beside the trace file.
[[nodiscard]] TraceCheck check_trace(const std::string& trace_path,
                                     const std::string& scenario_override);

// recorded_outcome and replayed_outcome say where a trace ends, for reports:
// "lost-value after step 59", "no violation", "lost-value after step 59, other final state".
[[nodiscard]] std::string recorded_outcome(const Trace& t);
[[nodiscard]] std::string replayed_outcome(const TraceCheck& c);

// save_trace stores the trace as a regression case: it replays it (a trace that does not
// reproduce is refused with InputError), then writes a copy into `dir` (created if needed) under
// `file_name` (empty: the trace's own file name), with its scenario line rewritten as a path
// relative to `dir`, and replays the copy. Returns the path written.
std::string save_trace(const std::string& trace_path, const std::string& dir,
                       const std::string& scenario_override, const std::string& file_name = "");

}  // namespace stackrace::checker
