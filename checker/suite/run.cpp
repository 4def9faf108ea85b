#include "checker/suite/run.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "checker/scenario/input_error.h"
#include "checker/trace/internal_error.h"
#include "checker/trace/minimize.h"
#include "checker/trace/replay.h"
#include "checker/trace/trace.h"
#include "sim/assert.h"

namespace stackrace::checker {

std::string Verdict::to_string() const {
    switch (kind) {
        case VerdictKind::Verified: return "verified";
        case VerdictKind::Incomplete: return "incomplete";
        case VerdictKind::Violated: break;
    }
    return property_list(properties);
}

bool judge(const Verdict& got, const Expectation& want, bool stop_first, std::string& why) {
    if (got.kind == VerdictKind::Incomplete) {
        why = "incomplete: a limit stopped the search before a verdict";
        return false;
    }
    if (want.verified) {
        if (got.kind == VerdictKind::Verified) return true;
        why = fmt::format("expected verified, found {}", got.to_string());
        return false;
    }
    if (got.kind == VerdictKind::Verified) {
        why = fmt::format("expected {}, found no violation", want.to_string());
        return false;
    }
    for (PropertyId p : got.properties)
        if (std::find(want.properties.begin(), want.properties.end(), p) == want.properties.end()) {
            why = fmt::format("unexpected property {}", property_name(p));
            return false;
        }
    if (stop_first) return true;
    for (PropertyId p : want.properties)
        if (std::find(got.properties.begin(), got.properties.end(), p) == got.properties.end()) {
            why = fmt::format("expected property {} not found", property_name(p));
            return false;
        }
    return true;
}

std::string trace_file_name(const Scenario& s, const std::string& variant, PropertyId p) {
    return fmt::format("{}.{}.{}.trace", std::filesystem::path(s.path).stem().string(), variant,
                       property_name(p));
}

namespace {

std::string options_text(const ExploreOptions& o) {
    std::string out = fmt::format("max-states={}", o.max_states);
    if (o.max_depth) out += fmt::format(" max-depth={}", o.max_depth);
    if (o.stop_first) out += " stop-first";
    return out;
}

// trace_header: what every trace of a run starts with (scenario, variant, options).
Trace trace_header(const Scenario& s, const model::Variant& v, const ExploreOptions& eo,
                   const RunOptions& o) {
    Trace t;
    t.tool_version = o.tool_version;
    t.scenario_path = s.path;
    t.scenario_hash = s.content_hash;
    t.variant = v.name;
    t.options = options_text(eo);
    return t;
}

// report_counterexample replays a counterexample from a fresh World (the trace must
// reproduce) and writes its trace when there is a trace directory.
WrittenTrace report_counterexample(const Scenario& s, const model::Model& m,
                                   const Counterexample& cx, Trace t, const RunOptions& o) {
    const ReplayOutcome replayed = replay_schedule(m, cx.root, cx.schedule);
    with_schedule(cx.root, cx.schedule, [&] {
        SR_ASSERT_MSG(replayed.result.has_value(), "a counterexample schedule cannot be replayed");
        SR_ASSERT_MSG(
            replayed.result->has(cx.property) &&
                replayed.result->violation_step == cx.schedule.size(),
            fmt::format("counterexample for {} does not reproduce", property_name(cx.property)));
    });
    if (o.trace_dir.empty()) return WrittenTrace{cx.property, cx.schedule.size(), "", cx.message};
    // Written traces are for people: the fewest context switches among schedules of
    // this length (minimize_schedule replays what it returns).
    const Minimized best = minimize_schedule(m, cx.root, cx.schedule, cx.property);
    t.fresh_stack = m.roots()[cx.root].name;
    t.property = cx.property;
    t.message = cx.message;
    apply_schedule(m, best.schedule, best.replay, t);
    WrittenTrace wt{cx.property, cx.schedule.size(), "", t.message};
    std::error_code ec;
    std::filesystem::create_directories(o.trace_dir, ec);
    wt.path =
        (std::filesystem::path(o.trace_dir) / trace_file_name(s, t.variant, cx.property)).string();
    std::ofstream out(wt.path, std::ios::binary | std::ios::trunc);
    if (!out) input_error(wt.path, 0, "cannot write trace file");
    out << format_trace(t);
    return wt;
}

// internal_error_path: where the trace of an internal error goes ("" without a trace directory).
std::string internal_error_path(const Scenario& s, const std::string& variant,
                                const RunOptions& o) {
    if (o.trace_dir.empty()) return "";
    std::error_code ec;
    std::filesystem::create_directories(o.trace_dir, ec);
    return (std::filesystem::path(o.trace_dir) /
            fmt::format("{}.{}.internal-error.trace", std::filesystem::path(s.path).stem().string(),
                        variant))
        .string();
}

}  // namespace

VariantRun run_variant(const Scenario& s, const model::Variant& v, const RunOptions& o) {
    VariantRun run;
    run.variant = v.name;
    run.expected = s.expected_for(v.name);
    const model::Model m(s.spec, v);
    ExploreOptions eo = o.explore;
    if (s.max_states && *s.max_states < eo.max_states) eo.max_states = *s.max_states;
    const Trace header = trace_header(s, v, eo, o);
    try {
        run.result = explore(m, eo);
        for (const Counterexample& cx : run.result.counterexamples) {
            run.verdict.properties.push_back(cx.property);
            run.traces.push_back(report_counterexample(s, m, cx, header, o));
        }
    } catch (const ScheduleError& e) {
        raise_with_trace(m, e, header, internal_error_path(s, v.name, o));
    }
    std::sort(run.verdict.properties.begin(), run.verdict.properties.end());
    if (!run.verdict.properties.empty())
        run.verdict.kind = VerdictKind::Violated;
    else if (!run.result.complete())
        run.verdict.kind = VerdictKind::Incomplete;
    else
        run.verdict.kind = VerdictKind::Verified;
    // A violation found by a limited search is real, but the set may lack properties: it
    // can prove a mismatch (an unexpected property) but never a match.
    const bool limited =
        run.result.limit == Limit::MaxStates || run.result.limit == Limit::MaxDepth;
    const bool stopped = run.result.limit == Limit::StopFirst;
    run.matches = judge(run.verdict, run.expected, stopped || limited, run.mismatch);
    if (limited && (run.matches || run.verdict.kind == VerdictKind::Incomplete)) {
        run.matches = false;
        run.outcome = Outcome::Incomplete;
        run.mismatch =
            run.result.limit == Limit::MaxStates
                ? fmt::format("incomplete: stopped at {} states; raise it with --max-states",
                              eo.max_states)
                : fmt::format("incomplete: stopped at depth {}; raise it with --max-depth",
                              eo.max_depth);
    } else {
        run.outcome = run.matches ? Outcome::Match : Outcome::Mismatch;
    }
    return run;
}

}  // namespace stackrace::checker
