// checker/internal_error.h: an internal error with the schedule that reached it.
//
// SR_ASSERT throws sim::InternalError, a bug in stackrace. Where a schedule is being run (the
// explorer's search, replay, minimize), the error is rethrown as ScheduleError, which adds the
// schedule: the initial World and the actor of each step, up to the step that failed (or up
// to the state whose judging failed). The caller that knows the scenario and the variant
// (run_variant, check_trace, minimize_trace) turns it into InternalErrorTrace with
// raise_with_trace: a trace that `stackrace replay` re-runs to the same assertion, written
// to a file or carried as text. The CLI prints it and exits 70.
//
// Usage:
//   try { r = explore(m, o); } catch (const ScheduleError& e) { raise_with_trace(m, e, header, path); }
#pragma once

#include <span>
#include <string>
#include <vector>

#include "checker/trace.h"
#include "model/model.h"
#include "sim/assert.h"

namespace stackrace::checker {

struct ScheduleError : sim::InternalError {
    ScheduleError(const std::string& what, std::size_t root_index, std::vector<sim::ActorId> steps)
        : sim::InternalError(what), root(root_index), schedule(std::move(steps)) {}
    std::size_t root = 0;                // the initial World (Model::roots())
    std::vector<sim::ActorId> schedule;  // the actor of each step, the failing one last
};

struct InternalErrorTrace : sim::InternalError {
    InternalErrorTrace(const std::string& what, std::string written_to, std::string trace_text)
        : sim::InternalError(what), path(std::move(written_to)), text(std::move(trace_text)) {}
    std::string path;  // where the trace was written; empty: not written, see text
    std::string text;  // the trace
};

// with_schedule runs fn; an internal error it raises is rethrown as a ScheduleError with the
// given schedule (a ScheduleError passes unchanged: it knows its schedule better).
template <class Fn>
decltype(auto) with_schedule(std::size_t root, std::span<const sim::ActorId> schedule, Fn&& fn) {
    try {
        return fn();
    } catch (const ScheduleError&) {
        throw;
    } catch (const sim::InternalError& e) {
        throw ScheduleError(e.what(), root, std::vector<sim::ActorId>(schedule.begin(), schedule.end()));
    }
}

// raise_with_trace throws InternalErrorTrace for e: the trace has header's scenario, variant and
// options, e's steps (labelled as the model offers them) and e's message as its internal
// error. It is written to `path` when that is not empty (and can be written).
[[noreturn]] void raise_with_trace(const model::Model& m, const ScheduleError& e, Trace header,
                                   const std::string& path);

}  // namespace stackrace::checker
