// checker/judge/schedule_error.h: an internal error with the schedule that reached it.
//
// SR_ASSERT throws sim::InternalError, a bug in stackrace. Where a schedule is being run (the
// explorer's search, replay, minimize), the error is rethrown as ScheduleError, which adds the
// schedule: the initial World and the actor of each step, up to the step that failed (or up
// to the state whose judging failed). checker/trace/internal_error.h turns it into a trace.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "sim/assert.h"
#include "sim/world.h"

namespace stackrace::checker {

struct ScheduleError : sim::InternalError {
    ScheduleError(const std::string& what, std::size_t root_index, std::vector<sim::ActorId> steps)
        : sim::InternalError(what), root(root_index), schedule(std::move(steps)) {}
    std::size_t root = 0;                // the initial World (Model::roots())
    std::vector<sim::ActorId> schedule;  // the actor of each step, the failing one last
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
        throw ScheduleError(e.what(), root,
                            std::vector<sim::ActorId>(schedule.begin(), schedule.end()));
    }
}

}  // namespace stackrace::checker
