#include "checker/suite/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <thread>

#include "checker/scenario/input_error.h"
#include "checker/scenario/scenario.h"
#include "checker/suite/run.h"
#include "checker/trace/trace.h"
#include "checker/trace/trace_check.h"
#include "model/variant.h"

namespace fs = std::filesystem;

namespace stackrace::checker {
namespace {

struct Inputs {
    std::vector<std::string> scenarios;  // sorted, unique
    std::vector<std::string> traces;     // sorted, unique
};

void add_file(const fs::path& p, Inputs& in, bool named) {
    const std::string ext = p.extension().string();
    if (ext == ".toml")
        in.scenarios.push_back(p.generic_string());
    else if (ext == ".trace")
        in.traces.push_back(p.generic_string());
    else if (named)
        input_error(p.string(), 0, "not a scenario (.toml) or saved trace (.trace) file");
}

void sort_unique(std::vector<std::string>& v) {
    for (std::string& s : v) s = fs::path(s).lexically_normal().generic_string();
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// find_inputs walks the paths; directory order is unspecified, so the lists are sorted.
Inputs find_inputs(const std::vector<std::string>& paths) {
    Inputs in;
    for (const std::string& path : paths) {
        if (fs::is_directory(path)) {
            for (const auto& e : fs::recursive_directory_iterator(path))
                if (e.is_regular_file()) add_file(e.path(), in, false);
        } else if (fs::exists(path)) {
            add_file(path, in, true);
        } else {
            input_error(path, 0, "no such file or directory");
        }
    }
    sort_unique(in.scenarios);
    sort_unique(in.traces);
    if (in.scenarios.empty() && in.traces.empty()) {
        std::string all;
        for (const std::string& p : paths) all += (all.empty() ? "" : " ") + p;
        input_error(all, 0, "no scenario (*.toml) or saved trace (*.trace) files found");
    }
    return in;
}

// shell_word quotes a path for a command line a user copies, when it needs it.
std::string shell_word(const std::string& s) {
    if (!s.empty() &&
        s.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=+-@%,") ==
            std::string::npos)
        return s;
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// variants_of: the variants an [expect] table names, plus fix, in all_variants() order.
std::vector<model::Variant> variants_of(const Scenario& s) {
    std::vector<model::Variant> out;
    for (const model::Variant& v : model::all_variants()) {
        const bool named = std::any_of(s.expect.begin(), s.expect.end(),
                                       [&](const auto& e) { return e.first == v.name; });
        if (named || v.name == "fix") out.push_back(v);
    }
    return out;
}

CheckRow scenario_row(const Scenario& s, const model::Variant& v, const CheckOptions& o) {
    RunOptions ro;
    ro.explore.max_states = o.max_states;  // no trace directory: check writes nothing
    ro.explore.reductions = o.reductions;
    const VariantRun run = run_variant(s, v, ro);
    CheckRow row;
    row.kind = RowKind::Scenario;
    row.file = s.path;
    row.variant = v.name;
    row.expected = run.expected.to_string();
    row.got = run.verdict.to_string();
    row.states = run.result.states;
    row.seconds = run.result.seconds;
    row.command = fmt::format("stackrace explore {} --variant {}", shell_word(s.path), v.name);
    switch (run.outcome) {
        case Outcome::Match: row.status = RowStatus::Pass; break;
        case Outcome::Mismatch: row.status = RowStatus::Mismatch; break;
        case Outcome::Incomplete: row.status = RowStatus::Incomplete; break;
    }
    row.reason = run.mismatch;
    // The bound came from the scenario file, not from a flag: say where to raise it.
    if (run.outcome == Outcome::Incomplete && s.max_states && *s.max_states <= o.max_states &&
        run.result.limit == Limit::MaxStates)
        row.reason = fmt::format(
            "incomplete: stopped at {} states, the scenario's [limits] max_states; raise it there",
            *s.max_states);
    if (row.passed()) row.reason.clear();
    return row;
}

CheckRow trace_row(const std::string& path, const Trace& t) {
    const auto start = std::chrono::steady_clock::now();
    CheckRow row;
    row.kind = RowKind::Trace;
    row.file = path;
    row.variant = t.variant;
    row.expected = recorded_outcome(t);
    row.command = fmt::format("stackrace replay {}", shell_word(path));
    try {
        const TraceCheck c = check_trace(path, "");
        row.got = replayed_outcome(c);
        if (c.outcome != TraceOutcome::Reproduced) {
            row.status = RowStatus::DifferentOutcome;
            row.reason = c.explanation;
        }
    } catch (const TraceMisfit& e) {
        row.got = "no longer fits";
        row.status = RowStatus::Stale;
        row.reason = e.what();
    }
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return row;
}

// parallel_for runs task(i) for every i < n on up to `jobs` threads. Each task writes only its
// own slot. An exception is kept per task and the first by index is rethrown after all have
// run, so which error is reported does not depend on timing.
void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& task) {
    std::vector<std::exception_ptr> errors(n);
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            try {
                task(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    const std::size_t threads = std::min<std::size_t>(std::max(jobs, 1u), n);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
}

std::string pad(const std::string& s, std::size_t width) {
    return s + std::string(width > s.size() ? width - s.size() : 0, ' ');
}

}  // namespace

std::size_t CheckReport::failures() const {
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const CheckRow& r) { return !r.passed(); }));
}

const char* status_name(RowStatus s) {
    switch (s) {
        case RowStatus::Pass: return "ok";
        case RowStatus::Mismatch: return "DIFF";
        case RowStatus::Incomplete: return "INCOMPLETE";
        case RowStatus::DifferentOutcome: return "DIFF";
        case RowStatus::Stale: return "STALE";
    }
    return "?";
}

CheckReport run_check(const CheckOptions& o) {
    const Inputs in = find_inputs(o.paths);
    // Load every input first, in row order: a malformed file stops the check before anything runs.
    std::vector<Scenario> scenarios;
    for (const std::string& p : in.scenarios) scenarios.push_back(load_scenario(p));
    std::vector<Trace> traces;
    for (const std::string& p : in.traces) traces.push_back(load_trace(p));

    struct Job {
        std::size_t scenario = 0;  // index into scenarios, or into traces for a trace row
        std::optional<model::Variant> variant;  // none: a trace row
    };
    std::vector<Job> jobs;
    for (std::size_t i = 0; i < scenarios.size(); ++i)
        for (const model::Variant& v : variants_of(scenarios[i])) jobs.push_back(Job{i, v});
    for (std::size_t i = 0; i < traces.size(); ++i) jobs.push_back(Job{i, std::nullopt});

    CheckReport report;
    report.rows.resize(jobs.size());
    parallel_for(jobs.size(), o.jobs, [&](std::size_t i) {
        const Job& j = jobs[i];
        report.rows[i] = j.variant ? scenario_row(scenarios[j.scenario], *j.variant, o)
                                   : trace_row(in.traces[j.scenario], traces[j.scenario]);
    });
    return report;
}

std::string format_check_table(const CheckReport& r) {
    std::size_t w_file = 16, w_variant = 7, w_expected = 8, w_got = 8;
    for (const CheckRow& row : r.rows) {
        w_file = std::max(w_file, row.file.size());
        w_variant = std::max(w_variant, row.variant.size());
        w_expected = std::max(w_expected, row.expected.size());
        w_got = std::max(w_got, row.got.size());
    }
    std::string out =
        fmt::format("{} {} {} {} {:<10} {:>10} {:>8}\n", pad("scenario / trace", w_file),
                    pad("variant", w_variant), pad("expected", w_expected), pad("got", w_got),
                    "result", "states", "seconds");
    std::size_t scenario_rows = 0, incomplete = 0;
    for (const CheckRow& row : r.rows) {
        if (row.kind == RowKind::Scenario) ++scenario_rows;
        if (row.status == RowStatus::Incomplete) ++incomplete;
        out += fmt::format("{} {} {} {} {:<10} {:>10} {:>8.2f}\n", pad(row.file, w_file),
                           pad(row.variant, w_variant), pad(row.expected, w_expected),
                           pad(row.got, w_got), status_name(row.status),
                           row.states ? fmt::format("{}", *row.states) : std::string("-"),
                           row.seconds);
        if (!row.passed()) out += fmt::format("    {}\n    $ {}\n", row.reason, row.command);
    }
    const std::size_t trace_rows = r.rows.size() - scenario_rows;
    const std::string counts =
        fmt::format("{} scenario run{}, {} saved trace{}", scenario_rows,
                    scenario_rows == 1 ? "" : "s", trace_rows, trace_rows == 1 ? "" : "s");
    if (r.failures() == 0)
        out += fmt::format("all {} checks as expected ({})\n", r.rows.size(), counts);
    else
        out += fmt::format(
            "{} of {} checks failed{} ({})\n", r.failures(), r.rows.size(),
            incomplete ? fmt::format(", {} of them incomplete", incomplete) : std::string(),
            counts);
    return out;
}

}  // namespace stackrace::checker
