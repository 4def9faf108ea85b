#include "checker/trace/internal_error.h"

#include <fstream>

#include "model/actors.h"

namespace stackrace::checker {

void raise_with_trace(const model::Model& m, const ScheduleError& e, Trace header,
                      const std::string& path) {
    // The labels of the steps, as the explorer met them: every step but the last ran without
    // error, and the last one's label was offered before it failed.
    header.steps.clear();
    sim::World w = m.roots().at(e.root).world;
    sim::AccessLog log;
    for (std::size_t i = 0; i < e.schedule.size(); ++i) {
        const sim::ActorId a = e.schedule[i];
        header.steps.push_back(TraceStep{m.actors()[a].name, model::peek(m, w, a).site, 0});
        if (i + 1 < e.schedule.size()) model::step(m, w, a, log);
    }
    header.fresh_stack = m.roots()[e.root].name;
    header.message.clear();
    header.final_hash.clear();
    header.internal_error = e.what();
    const std::string text = format_trace(header);
    std::string written;
    if (!path.empty()) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
        if (out.flush()) written = path;
    }
    throw InternalErrorTrace(e.what(), written, text);
}

}  // namespace stackrace::checker
