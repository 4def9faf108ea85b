#include "checker/trace/trace_check.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "checker/scenario/input_file.h"
#include "checker/trace/internal_error.h"
#include "model/variant.h"

namespace fs = std::filesystem;

namespace stackrace::checker {
namespace {

[[noreturn]] void misfit(const std::string& file, long line, const std::string& problem) {
    throw TraceMisfit(fmt::format("{}:{}: {}", file, line, problem));
}

// locate_scenario finds the trace's scenario: the override, else the path relative to the
// trace file (how a saved trace resolves from any working directory, and first, so that a
// same-named file in the working directory is never taken for it), else as written.
std::string locate_scenario(const Trace& t, const std::string& trace_path,
                            const std::string& override_path) {
    if (!override_path.empty()) return override_path;
    const fs::path beside = fs::path(trace_path).parent_path() / t.scenario_path;
    if (fs::path(t.scenario_path).is_relative() && fs::exists(beside))
        return beside.lexically_normal().string();
    if (fs::exists(t.scenario_path)) return t.scenario_path;
    input_error(
        trace_path, t.scenario_hash_line - 1,
        fmt::format("scenario \"{}\" not found (give it with --scenario)", t.scenario_path));
}

std::string read_file(const std::string& path) { return read_input_file(path, kTraceFile); }

// with_scenario_line returns the trace text with its "scenario" record replaced, every other
// byte (comments included) kept, so a saved copy differs from the original in one line only.
std::string with_scenario_line(const std::string& text, const std::string& scenario) {
    std::string out;
    bool done = false;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        end = end == std::string::npos ? text.size() : end + 1;
        std::string line = text.substr(at, end - at);
        at = end;
        std::istringstream words(line);
        std::string key;
        words >> key;
        if (!done && key == "scenario") {
            const bool crlf = line.size() >= 2 && line[line.size() - 2] == '\r';
            line = "scenario " + scenario + (crlf ? "\r\n" : "\n");
            done = true;
        }
        out += line;
    }
    return out;
}

}  // namespace

std::string recorded_outcome(const Trace& t) {
    if (!t.internal_error.empty())
        return fmt::format("internal error after step {}", t.steps.size());
    return fmt::format("{} after step {}", property_name(t.property), t.steps.size());
}

std::string replayed_outcome(const TraceCheck& c) {
    const ReplayResult& r = c.replay;
    if (r.violations.empty()) return "no violation";
    // The recorded property first when it is among several met at the same step.
    PropertyId p = r.violations[0].property;
    if (c.trace.internal_error.empty() && r.has(c.trace.property)) p = c.trace.property;
    std::string out = fmt::format("{} after step {}", property_name(p), r.violation_step);
    if (c.outcome != TraceOutcome::Reproduced && c.trace.internal_error.empty() &&
        r.violation_step == c.trace.steps.size() && r.has(c.trace.property))
        out += ", other final state";
    return out;
}

TraceCheck check_trace(const std::string& path, const std::string& scenario_override) {
    Trace t = load_trace(path);
    Scenario s = load_scenario(locate_scenario(t, path, scenario_override));
    if (s.content_hash != t.scenario_hash)
        misfit(path, t.scenario_hash_line,
               fmt::format("the model of scenario {} has changed since the trace was written (hash "
                           "{}, now {})",
                           s.path, t.scenario_hash, s.content_hash));
    const auto variant = model::find_variant(t.variant);
    if (!variant)
        misfit(path, t.variant_line,
               fmt::format("unknown variant \"{}\" (expected one of: {})", t.variant,
                           model::variant_names()));
    model::Model m(s.spec, *variant);
    ScheduleMismatch why;
    const auto ids = actor_ids(m, t, why);
    if (!ids) misfit(path, t.steps[why.step - 1].line, why.problem);
    std::vector<model::Site> sites;
    for (const TraceStep& st : t.steps) sites.push_back(st.site);
    const auto root = m.roots().by_name(t.fresh_stack);
    if (!root)
        misfit(path, t.fresh_stack_line,
               fmt::format("fresh-stack \"{}\" is not explored by this scenario", t.fresh_stack));
    ReplayOutcome out;
    try {
        out = replay_schedule(m, *root, *ids, sites);
    } catch (const ScheduleError& e) {
        raise_with_trace(m, e, t, "");  // the trace's own header, the steps that reached it
    }
    if (out.mismatch) misfit(path, t.steps[out.mismatch->step - 1].line, out.mismatch->problem);
    ReplayResult r = std::move(*out.result);

    // A trace of an internal error that replays without one no longer ends as recorded.
    const bool same_end =
        t.internal_error.empty() && r.violation_step == t.steps.size() && r.has(t.property);
    TraceOutcome outcome = TraceOutcome::DifferentOutcome;
    std::string explanation;
    if (same_end && r.final_hash == t.final_hash) {
        outcome = TraceOutcome::Reproduced;
        explanation = fmt::format("{} at step {} (final state {})", property_name(t.property),
                                  t.steps.size(), r.final_hash);
    } else if (!same_end) {
        explanation =
            fmt::format("the trace recorded {}; the model now gives {}", recorded_outcome(t),
                        r.violations.empty() ? std::string("no violation")
                                             : fmt::format("{} after step {}",
                                                           property_name(r.violations[0].property),
                                                           r.violation_step));
    } else {
        explanation =
            fmt::format("{} is reproduced but the final state differs (hash {}, recorded {})",
                        property_name(t.property), r.final_hash, t.final_hash);
    }
    return TraceCheck{std::move(t), std::move(s), std::move(m),
                      std::move(r), outcome,      std::move(explanation)};
}

std::string save_trace(const std::string& trace_path, const std::string& dir,
                       const std::string& scenario_override, const std::string& file_name) {
    const TraceCheck c = check_trace(trace_path, scenario_override);
    if (c.outcome != TraceOutcome::Reproduced)
        input_error(trace_path, 0, fmt::format("does not reproduce, not saved: {}", c.explanation));
    const std::string text = read_file(trace_path);

    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir)) input_error(dir, 0, "cannot create the directory");
    // Relative to the directory, so that replay finds it beside the trace from any working
    // directory, and the pair can move together (a checkout in another place).
    const fs::path scenario = fs::weakly_canonical(c.scenario.path);
    fs::path relative = scenario.lexically_relative(fs::weakly_canonical(dir));
    if (relative.empty()) relative = scenario;
    const fs::path target =
        fs::path(dir) / (file_name.empty() ? fs::path(trace_path).filename() : fs::path(file_name));
    const bool in_place = fs::exists(target) && fs::equivalent(target, trace_path);
    {
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        if (!out) input_error(target.string(), 0, "cannot write trace file");
        out << with_scenario_line(text, relative.generic_string());
    }
    // The copy must replay as it will in CI: a relative path that happens to name another
    // file from here would be found first.
    try {
        const TraceCheck copy = check_trace(target.string(), "");
        if (copy.outcome != TraceOutcome::Reproduced)
            input_error(target.string(), 0,
                        fmt::format("the saved copy does not reproduce: {}", copy.explanation));
    } catch (const InputError&) {
        if (in_place)
            std::ofstream(target, std::ios::binary | std::ios::trunc) << text;
        else
            fs::remove(target, ec);
        throw;
    }
    return target.string();
}

}  // namespace stackrace::checker
