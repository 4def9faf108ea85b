// stackrace: the command line. Parses flags, calls the checker library, maps results to
// exit codes (docs/user-guide.md):
//   explore: 0 every verdict equals its expectation, 1 one differs, 2 bad input or usage,
//            3 incomplete (a limit stopped the search);
//   replay:  0 the recorded outcome is reproduced, 1 the model now gives another outcome,
//            2 a malformed trace or one that no longer fits the model or scenario;
//   minimize: 0 written, 1 the trace does not reproduce, 2 malformed or no longer fitting;
//   save:    0 saved, 2 the trace does not reproduce (or is malformed, or no longer fits);
//   check:   0 every scenario run and saved trace as expected, 1 one differs or is incomplete,
//            2 bad input (a malformed scenario or trace file, a path with nothing to check);
//   any:     70 internal error (a bug in stackrace; the message says where, and when a schedule
//            reached it, the trace that replays it).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "checker/report/html_report.h"
#include "checker/report/junit.h"
#include "checker/report/replay_view.h"
#include "checker/report/report.h"
#include "checker/scenario/input_error.h"
#include "checker/scenario/scenario.h"
#include "checker/search/progress.h"
#include "checker/suite/check.h"
#include "checker/suite/run.h"
#include "checker/trace/internal_error.h"
#include "checker/trace/minimize.h"
#include "checker/trace/replay.h"
#include "checker/trace/trace.h"
#include "checker/trace/trace_check.h"
#include "model/variant.h"
#include "sim/assert.h"

namespace fs = std::filesystem;
using namespace stackrace;

namespace {

constexpr int kExitOk = 0, kExitDiffers = 1, kExitInput = 2, kExitIncomplete = 3,
              kExitInternal = 70;
constexpr const char* kDefaultScenario = "scenarios/select-stack-adjust.toml";

// The scenario library: ./scenarios when run from a checkout, else the source tree's.
fs::path scenarios_dir() {
    if (fs::is_directory("scenarios")) return "scenarios";
    return fs::path(STACKRACE_SOURCE_DIR) / "scenarios";
}

std::string default_scenario() {
    if (fs::exists(kDefaultScenario)) return kDefaultScenario;
    return (fs::path(STACKRACE_SOURCE_DIR) / kDefaultScenario).string();
}

int cmd_list(const std::string& what) {
    if (what == "variants") {
        for (const model::Variant& v : model::all_variants()) {
            fmt::print("{:<24} {}\n", v.name, v.description);
            if (v.source)  // a release: where its code was read
                fmt::print("{:<24} source: {} {}, {}\n", "", v.source->repo, v.source->commit,
                           fmt::join(v.source->files, " "));
        }
    } else if (what == "sites") {
        fmt::print("{}", checker::format_go_source_map());
    } else if (what == "properties") {
        for (const checker::PropertyInfo& p : checker::all_properties())
            fmt::print("{:<18} {}\n", p.name, p.description);
    } else {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(scenarios_dir()))
            if (e.path().extension() == ".toml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& f : files) {
            const checker::Scenario s = checker::load_scenario(f.string());
            fmt::print("{:<48} {}\n", f.string(), s.title);
        }
    }
    return kExitOk;
}

struct ExploreArgs {
    std::string scenario;
    std::string variant = "all";
    std::uint64_t max_states = 50'000'000;
    std::uint32_t max_depth = 0;
    bool stop_first = false;
    unsigned jobs = 1;
    bool compact = false;
    bool no_reduce = false;
    std::string trace_dir = "traces";
    std::string save_dir;  // --save: where the shortest counterexample per variant is kept
    bool json = false;
};

// save_shortest keeps, for each violating variant, its shortest counterexample (ties: the
// first property in id order) as a regression case in dir; returns the paths written.
std::vector<std::string> save_shortest(const checker::Scenario& s,
                                       const std::vector<checker::VariantRun>& runs,
                                       const std::string& dir) {
    std::vector<std::string> saved;
    for (const checker::VariantRun& r : runs) {
        const checker::WrittenTrace* best = nullptr;
        for (const checker::WrittenTrace& t : r.traces)
            if (!best || t.steps < best->steps ||
                (t.steps == best->steps && t.property < best->property))
                best = &t;
        if (!best) continue;
        saved.push_back(checker::save_trace(
            best->path, dir, s.path, checker::trace_file_name(s, r.variant, best->property)));
    }
    return saved;
}

int cmd_explore(const ExploreArgs& a) {
    const checker::Scenario s =
        checker::load_scenario(a.scenario.empty() ? default_scenario() : a.scenario);
    const auto found = model::find_variants(a.variant);
    if (!found)
        throw checker::InputError(
            fmt::format("--variant: unknown variant \"{}\" (expected all, releases or one of: {})",
                        a.variant, model::variant_names()));
    const std::vector<model::Variant>& variants = *found;
    if (!a.save_dir.empty() && a.trace_dir.empty())
        throw checker::InputError("--save: needs the traces written to --trace-dir (it is empty)");
    checker::RunOptions o;
    o.explore.max_states = a.max_states;
    o.explore.max_depth = a.max_depth;
    o.explore.stop_first = a.stop_first;
    o.explore.jobs = a.jobs;
    o.explore.compact = a.compact;
    o.explore.reductions = checker::Reductions{!a.no_reduce, !a.no_reduce};
    o.trace_dir = a.trace_dir;
    o.tool_version = std::string("stackrace ") + STACKRACE_VERSION;
    std::vector<checker::VariantRun> runs;
    for (const model::Variant& v : variants) {
        checker::ProgressLine progress(v.name, checker::stderr_is_terminal());
        o.explore.on_progress = [&progress](const checker::Progress& p) { progress.update(p); };
        runs.push_back(checker::run_variant(s, v, o));
    }
    int code = kExitOk;
    for (const checker::VariantRun& r : runs)
        if (r.outcome == checker::Outcome::Mismatch) code = kExitDiffers;
    if (code == kExitOk)
        for (const checker::VariantRun& r : runs)
            if (r.outcome == checker::Outcome::Incomplete) code = kExitIncomplete;
    const std::vector<std::string> saved =
        a.save_dir.empty() ? std::vector<std::string>{} : save_shortest(s, runs, a.save_dir);
    if (a.json) {
        nlohmann::json j = checker::to_json(s, runs);
        j["exit"] = code;
        if (!a.save_dir.empty()) j["saved"] = saved;
        fmt::print("{}\n", j.dump(2));
    } else {
        fmt::print("{}", checker::format_table(s, runs));
        if (code == kExitOk) fmt::print("all {} verdicts as expected\n", runs.size());
        for (const checker::VariantRun& r : runs)
            for (const checker::WrittenTrace& t : r.traces)
                if (!t.path.empty() && r.outcome != checker::Outcome::Match)
                    fmt::print("replay: stackrace replay {}\n", t.path);
        for (const std::string& p : saved) fmt::print("saved: {}\n", p);
    }
    return code;
}

struct ReplayArgs {
    std::string path;
    std::string scenario;
    bool verbose = false;
    bool step = false;      // wait for Enter between steps
    std::size_t until = 0;  // stop after this step and print the state (0: run to the end)
    std::string html;       // also write the HTML report here
};

// wait_for_enter pauses --step: it reads a line from stdin. At end of input (no terminal, a
// closed pipe) it stops waiting for the rest of the replay.
void wait_for_enter(bool& waiting) {
    if (!waiting) return;
    const bool tty = isatty(fileno(stdin)) != 0;
    if (tty) std::cerr << "  (Enter: next step) " << std::flush;
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) waiting = false;
}

int cmd_replay(const ReplayArgs& a) {
    const checker::TraceCheck c = checker::check_trace(a.path, a.scenario);
    const checker::ReplayResult& r = c.replay;
    if (a.until > r.steps.size())
        throw checker::InputError(fmt::format("--until: {} has {} steps, there is no step {}",
                                              a.path, r.steps.size(), a.until));
    std::vector<sim::ActorId> actors;
    for (const checker::ReplayedStep& st : r.steps) actors.push_back(st.actor);
    fmt::print(
        "replaying {}: scenario {}, variant {}, fresh stack {}, {} steps, {} context switches\n",
        a.path, c.scenario.path, c.trace.variant, c.trace.fresh_stack, c.trace.steps.size(),
        checker::context_switches(actors));
    const checker::StepColumns columns(c.model, r);
    fmt::print("{}", columns.header());
    const std::size_t shown = a.until ? a.until : r.steps.size();
    bool waiting = a.step;
    for (std::size_t i = 0; i < shown; ++i) {
        fmt::print("{}", columns.row(i, a.verbose));
        if (i + 1 < shown) wait_for_enter(waiting);
    }
    const std::size_t root = *c.model.roots().by_name(c.trace.fresh_stack);
    if (a.until) {
        const std::vector<sim::World> worlds = checker::worlds_along(c.model, root, r.steps);
        fmt::print("state after step {}:\n{}", a.until,
                   checker::format_state(checker::view_state(c.model, worlds[a.until])));
    }
    if (!a.until || a.until >= r.violation_step)
        for (const checker::Violation& v : r.violations) {
            fmt::print("violation after step {}: {}: {}\n", r.violation_step,
                       checker::property_name(v.property), v.message);
            fmt::print("why: {}\n", checker::explain_violation(c.model, r, v));
        }
    if (!a.html.empty()) {
        std::ofstream out(a.html, std::ios::binary | std::ios::trunc);
        out << checker::format_html_report(c);
        if (!out.flush()) checker::input_error(a.html, 0, "cannot write the HTML report");
        fmt::print("html report: {}\n", a.html);
    }
    if (c.outcome == checker::TraceOutcome::Reproduced) {
        fmt::print("reproduced: {}\n", c.explanation);
        return kExitOk;
    }
    fmt::print("DIFFERENT OUTCOME: {}\n", c.explanation);
    return kExitDiffers;
}

// cmd_minimize rewrites a reproducing trace with the fewest context switches among schedules
// of its length that reach its property at the last step; the result is replayed before it
// is written. The trace goes to OUT (stdout when empty), the summary to stderr.
int cmd_minimize(const std::string& path, const std::string& out_path,
                 const std::string& scenario_override) {
    const checker::TraceCheck c = checker::check_trace(path, scenario_override);
    if (c.outcome != checker::TraceOutcome::Reproduced) {
        std::cerr << fmt::format("{}: does not reproduce, not minimized: {}\n", path,
                                 c.explanation);
        return kExitDiffers;
    }
    checker::Minimized how;
    const checker::Trace t = checker::minimize_trace(c, how);
    const std::string text = checker::format_trace(t);
    if (out_path.empty()) {
        fmt::print("{}", text);
    } else {
        std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) checker::input_error(out_path, 0, "cannot write trace file");
    }
    std::cerr << fmt::format(
        "{}: {} steps, context switches {} -> {}{}\n", path, t.steps.size(), how.switches_before,
        how.switches_after,
        how.exhaustive ? " (fewest possible)" : " (search budget reached: not proven fewest)");
    return kExitOk;
}

int cmd_save(const std::string& trace, const std::string& dir,
             const std::string& scenario_override) {
    fmt::print("saved {} as {}\n", trace, checker::save_trace(trace, dir, scenario_override));
    return kExitOk;
}

struct CheckArgs {
    std::vector<std::string> paths;
    std::string junit;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    bool no_reduce = false;
};

int cmd_check(const CheckArgs& a) {
    checker::CheckOptions o;
    o.paths = a.paths.empty() ? std::vector<std::string>{scenarios_dir().string()} : a.paths;
    o.jobs = a.jobs;
    o.reductions = checker::Reductions{!a.no_reduce, !a.no_reduce};
    const checker::CheckReport report = checker::run_check(o);
    fmt::print("{}", checker::format_check_table(report));
    if (!a.junit.empty()) {
        std::ofstream out(a.junit, std::ios::binary | std::ios::trunc);
        out << checker::format_junit(report);
        if (!out.flush()) checker::input_error(a.junit, 0, "cannot write the JUnit report");
    }
    return report.failures() == 0 ? kExitOk : kExitDiffers;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "stackrace: a model checker for Go's concurrent stack shrinking vs. channel operations"};
    app.set_version_flag("--version", STACKRACE_VERSION);
    app.require_subcommand(1);

    std::string list_what = "scenarios";
    CLI::App* list = app.add_subcommand(
        "list", "list scenarios, variants, properties or sites (the Go source map)");
    list->add_option("what", list_what,
                     "scenarios | variants | properties | sites (the Go source map)")
        ->check(CLI::IsMember({"scenarios", "variants", "properties", "sites"}));

    ExploreArgs ex;
    CLI::App* explore =
        app.add_subcommand("explore", "explore a scenario exhaustively under variants");
    explore->add_option("scenario", ex.scenario,
                        "scenario file (default: scenarios/select-stack-adjust.toml)");
    explore->add_option("--variant", ex.variant,
                        "variant name, or a group: all (default), releases");
    explore
        ->add_option("--max-states", ex.max_states,
                     "stop after this many stored states (incomplete)")
        ->check(CLI::PositiveNumber);
    explore
        ->add_option("--max-depth", ex.max_depth,
                     "do not expand states deeper than this (incomplete)")
        ->check(CLI::PositiveNumber);
    explore->add_flag("--stop-first", ex.stop_first, "stop at the first violation");
    explore
        ->add_option("--jobs", ex.jobs,
                     "threads expanding each level (results are identical for any N)")
        ->check(CLI::Range(1u, 64u));
    explore->add_flag(
        "--compact", ex.compact,
        "hash compaction: store 64-bit fingerprints, not states (less memory, probabilistic)");
    explore->add_flag("--no-reduce", ex.no_reduce,
                      "explore every interleaving: no partial-order or symmetry reduction (the "
                      "verdicts are the same)");
    explore->add_option("--trace-dir", ex.trace_dir,
                        "where counterexample traces are written (default: traces)");
    explore->add_option("--save", ex.save_dir,
                        "also keep the shortest counterexample of each violating variant in DIR, "
                        "as a regression case");
    explore->add_flag("--json", ex.json, "print one JSON object instead of the table");

    ReplayArgs rp;
    CLI::App* replay = app.add_subcommand("replay", "replay a counterexample trace step by step");
    replay->add_option("trace", rp.path, "trace file")->required();
    replay->add_flag("--verbose", rp.verbose, "also print every access of each step");
    replay->add_flag("--step", rp.step, "wait for Enter between steps");
    replay->add_option("--until", rp.until, "stop after step N and print the whole state")
        ->check(CLI::PositiveNumber);
    replay->add_option("--html", rp.html, "also write a self-contained HTML report to FILE");
    replay->add_option("--scenario", rp.scenario, "scenario file, if not where the trace says");

    std::string min_path, min_out, min_scenario;
    CLI::App* minimize = app.add_subcommand(
        "minimize",
        "rewrite a counterexample with the fewest context switches (same length, same violation)");
    minimize->add_option("trace", min_path, "trace file; it must reproduce")->required();
    minimize->add_option("-o,--output", min_out,
                         "write the minimized trace here (default: standard output)");
    minimize->add_option("--scenario", min_scenario, "scenario file, if not where the trace says");

    std::string save_path, save_dir, save_scenario;
    CLI::App* save = app.add_subcommand(
        "save", "keep a counterexample trace as a regression case (checked by `check`)");
    save->add_option("trace", save_path, "trace file; it must reproduce")->required();
    save->add_option("dir", save_dir, "directory to copy it into (e.g. scenarios/traces)")
        ->required();
    save->add_option("--scenario", save_scenario, "scenario file, if not where the trace says");

    CheckArgs ck;
    CLI::App* check = app.add_subcommand(
        "check", "run every scenario under its expected variants and replay every saved trace");
    check->add_option(
        "paths", ck.paths,
        "scenario files, trace files or folders, searched recursively (default: scenarios)");
    check->add_option("--junit", ck.junit, "also write a JUnit XML report to this file");
    check
        ->add_option("--jobs", ck.jobs,
                     "parallel explorations (default: the number of hardware threads)")
        ->check(CLI::PositiveNumber);
    check->add_flag("--no-reduce", ck.no_reduce,
                    "explore every interleaving: no partial-order or symmetry reduction");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitInput;
    }
    try {
        if (*list) return cmd_list(list_what);
        if (*explore) return cmd_explore(ex);
        if (*replay) return cmd_replay(rp);
        if (*minimize) return cmd_minimize(min_path, min_out, min_scenario);
        if (*save) return cmd_save(save_path, save_dir, save_scenario);
        if (*check) return cmd_check(ck);
    } catch (const checker::InputError& e) {
        std::cerr << e.what() << "\n";
        return kExitInput;
    } catch (const checker::InternalErrorTrace& e) {
        std::cerr << "stackrace: " << e.what()
                  << "\n(this is a bug in stackrace; please report it)\n";
        if (!e.path.empty())
            std::cerr << fmt::format(
                "the schedule that reached it: {}\nreplay it with: stackrace replay {}\n", e.path,
                e.path);
        else
            std::cerr << "the schedule that reached it, as a trace (save it to a file and replay "
                         "it with: stackrace "
                         "replay FILE):\n"
                      << e.text;
        return kExitInternal;
    } catch (const sim::InternalError& e) {
        std::cerr << "stackrace: " << e.what()
                  << "\n(this is a bug in stackrace; please report it)\n";
        return kExitInternal;
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "stackrace: " << e.what() << "\n";
        return kExitInput;
    }
    return kExitInput;
}
