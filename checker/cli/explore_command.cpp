// checker/cli/explore_command.cpp: `stackrace explore`, a scenario explored exhaustively under
// one variant or all, with the table (or JSON) of verdicts and the traces to replay.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <memory>
#include <vector>

#include "checker/cli/commands.h"
#include "checker/cli/output_paths.h"
#include "checker/report/report.h"
#include "checker/scenario/input_error.h"
#include "checker/scenario/scenario.h"
#include "checker/search/progress.h"
#include "checker/suite/run.h"
#include "checker/trace/trace_check.h"
#include "model/variant.h"

namespace stackrace::cli {
namespace {

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

// chosen_variants: the variant named, or the variants of a group (all, releases).
std::vector<model::Variant> chosen_variants(const std::string& name) {
    auto found = model::find_variants(name);
    if (!found)
        throw checker::InputError(
            fmt::format("--variant: unknown variant \"{}\" (expected all, releases or one of: {})",
                        name, model::variant_names()));
    return std::move(*found);
}

checker::RunOptions run_options(const ExploreArgs& a) {
    checker::RunOptions o;
    o.explore.max_states = a.max_states;
    o.explore.max_depth = a.max_depth;
    o.explore.stop_first = a.stop_first;
    o.explore.jobs = a.jobs;
    o.explore.compact = a.compact;
    o.explore.reductions = checker::Reductions{!a.no_reduce, !a.no_reduce};
    o.trace_dir = a.trace_dir;
    o.tool_version = std::string("stackrace ") + STACKRACE_VERSION;
    return o;
}

// exit_code: a verdict that differs from its expectation outweighs an incomplete search.
int exit_code(const std::vector<checker::VariantRun>& runs) {
    int code = kExitOk;
    for (const checker::VariantRun& r : runs)
        if (r.outcome == checker::Outcome::Mismatch) code = kExitDiffers;
    if (code == kExitOk)
        for (const checker::VariantRun& r : runs)
            if (r.outcome == checker::Outcome::Incomplete) code = kExitIncomplete;
    return code;
}

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

void print_table(const checker::Scenario& s, const std::vector<checker::VariantRun>& runs, int code,
                 const std::vector<std::string>& saved) {
    fmt::print("{}", checker::format_table(s, runs));
    if (code == kExitOk) fmt::print("all {} verdicts as expected\n", runs.size());
    for (const checker::VariantRun& r : runs)
        for (const checker::WrittenTrace& t : r.traces)
            if (!t.path.empty() && r.outcome != checker::Outcome::Match)
                fmt::print("replay: stackrace replay {}\n", t.path);
    for (const std::string& p : saved) fmt::print("saved: {}\n", p);
}

int run_explore(const ExploreArgs& a) {
    const checker::Scenario s =
        checker::load_scenario(a.scenario.empty() ? default_scenario() : a.scenario);
    const std::vector<model::Variant> variants = chosen_variants(a.variant);
    if (!a.save_dir.empty() && a.trace_dir.empty())
        throw checker::InputError("--save: needs the traces written to --trace-dir (it is empty)");
    if (!a.trace_dir.empty()) require_writable_dir(a.trace_dir, "--trace-dir");
    if (!a.save_dir.empty()) require_writable_dir(a.save_dir, "--save");
    checker::RunOptions o = run_options(a);
    std::vector<checker::VariantRun> runs;
    for (const model::Variant& v : variants) {
        checker::ProgressLine progress(v.name, checker::stderr_is_terminal());
        o.explore.on_progress = [&progress](const checker::Progress& p) { progress.update(p); };
        runs.push_back(checker::run_variant(s, v, o));
    }
    const int code = exit_code(runs);
    const std::vector<std::string> saved =
        a.save_dir.empty() ? std::vector<std::string>{} : save_shortest(s, runs, a.save_dir);
    if (a.json) {
        nlohmann::json j = checker::to_json(s, runs);
        j["exit"] = code;
        if (!a.save_dir.empty()) j["saved"] = saved;
        fmt::print("{}\n", j.dump(2));
    } else {
        print_table(s, runs, code, saved);
    }
    return code;
}

}  // namespace

Command explore_command(CLI::App& app) {
    auto a = std::make_shared<ExploreArgs>();
    CLI::App* explore =
        app.add_subcommand("explore", "explore a scenario exhaustively under variants");
    explore->add_option("scenario", a->scenario,
                        "scenario file (default: scenarios/select-stack-adjust.toml)");
    explore->add_option("--variant", a->variant,
                        "variant name, or a group: all (default), releases");
    explore
        ->add_option("--max-states", a->max_states,
                     "stop after this many stored states (incomplete)")
        ->check(CLI::PositiveNumber);
    explore
        ->add_option("--max-depth", a->max_depth,
                     "do not expand states deeper than this (incomplete)")
        ->check(CLI::PositiveNumber);
    explore->add_flag("--stop-first", a->stop_first, "stop at the first violation");
    explore
        ->add_option("--jobs", a->jobs,
                     "threads expanding each level (results are identical for any N)")
        ->check(CLI::Range(1u, 64u));
    explore->add_flag(
        "--compact", a->compact,
        "hash compaction: store 64-bit fingerprints, not states (less memory, probabilistic)");
    explore->add_flag("--no-reduce", a->no_reduce,
                      "explore every interleaving: no partial-order or symmetry reduction (the "
                      "verdicts are the same)");
    explore->add_option("--trace-dir", a->trace_dir,
                        "where counterexample traces are written (default: traces)");
    explore->add_option("--save", a->save_dir,
                        "also keep the shortest counterexample of each violating variant in DIR, "
                        "as a regression case");
    explore->add_flag("--json", a->json, "print one JSON object instead of the table");
    return Command{explore, [a] { return run_explore(*a); }};
}

}  // namespace stackrace::cli
