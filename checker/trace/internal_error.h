// checker/trace/internal_error.h: an internal error turned into a trace that replays to it.
//
// A ScheduleError (checker/judge/schedule_error.h) knows the steps that reached an internal
// error; the caller that knows the scenario and the variant (run_variant, check_trace,
// minimize_trace) turns it into InternalErrorTrace with raise_with_trace: a trace that
// `stackrace replay` re-runs to the same assertion, written to a file or carried as text. The
// CLI prints it and exits 70.
//
// Usage:
//   try { r = explore(m, o); } catch (const ScheduleError& e) { raise_with_trace(m, e, header,
//   path); }
#pragma once

#include <string>
#include <vector>

#include "checker/judge/schedule_error.h"
#include "checker/trace/trace.h"
#include "model/model.h"
#include "sim/assert.h"

namespace stackrace::checker {

struct InternalErrorTrace : sim::InternalError {
    InternalErrorTrace(const std::string& what, std::string written_to, std::string trace_text)
        : sim::InternalError(what), path(std::move(written_to)), text(std::move(trace_text)) {}
    std::string path;  // where the trace was written; empty: not written, see text
    std::string text;  // the trace
};

// raise_with_trace throws InternalErrorTrace for e: the trace has header's scenario, variant and
// options, e's steps (labelled as the model offers them) and e's message as its internal
// error. It is written to `path` when that is not empty (and can be written).
[[noreturn]] void raise_with_trace(const model::Model& m, const ScheduleError& e, Trace header,
                                   const std::string& path);

}  // namespace stackrace::checker
