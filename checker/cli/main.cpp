// stackrace: the command line. Parses flags, calls the checker library, maps results to
// exit codes (docs/user-guide.md):
//   explore: 0 every verdict equals its expectation, 1 one differs, 2 bad input or usage,
//            3 incomplete (a limit stopped the search);
//   replay:  0 the recorded outcome is reproduced, 1 the model now gives another outcome,
//            2 a malformed trace or one that no longer fits the model or scenario;
//   any:     70 internal error (a bug in stackrace; the message says where).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "checker/input_error.h"
#include "checker/progress.h"
#include "checker/replay.h"
#include "checker/report.h"
#include "checker/run.h"
#include "checker/scenario.h"
#include "checker/trace.h"
#include "model/variant.h"
#include "sim/assert.h"

namespace fs = std::filesystem;
using namespace stackrace;

namespace {

constexpr int kExitOk = 0, kExitDiffers = 1, kExitInput = 2, kExitIncomplete = 3, kExitInternal = 70;
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
        for (const model::Variant& v : model::all_variants()) fmt::print("{:<24} {}\n", v.name, v.description);
    } else if (what == "sites") {
        fmt::print("{}", checker::format_go_source_map());
    } else if (what == "properties") {
        for (const checker::PropertyInfo& p : checker::all_properties()) fmt::print("{:<18} {}\n", p.name, p.description);
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
    std::string trace_dir = "traces";
    bool json = false;
};

int cmd_explore(const ExploreArgs& a) {
    const checker::Scenario s = checker::load_scenario(a.scenario.empty() ? default_scenario() : a.scenario);
    std::vector<model::Variant> variants;
    if (a.variant == "all") {
        variants.assign(model::all_variants().begin(), model::all_variants().end());
    } else {
        const auto v = model::find_variant(a.variant);
        if (!v) throw checker::InputError(fmt::format("--variant: unknown variant \"{}\" (expected all or one of: {})",
                                                      a.variant, model::variant_names()));
        variants.push_back(*v);
    }
    checker::RunOptions o;
    o.explore.max_states = a.max_states;
    o.explore.max_depth = a.max_depth;
    o.explore.stop_first = a.stop_first;
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
    if (a.json) {
        nlohmann::json j = checker::to_json(s, runs);
        j["exit"] = code;
        fmt::print("{}\n", j.dump(2));
    } else {
        fmt::print("{}", checker::format_table(s, runs));
        if (code == kExitOk) fmt::print("all {} verdicts as expected\n", runs.size());
        for (const checker::VariantRun& r : runs)
            for (const checker::WrittenTrace& t : r.traces)
                if (!t.path.empty() && r.outcome != checker::Outcome::Match)
                    fmt::print("replay: stackrace replay {}\n", t.path);
    }
    return code;
}

// locate_scenario finds the trace's scenario: as written, else beside the trace file.
std::string locate_scenario(const checker::Trace& t, const std::string& trace_path, const std::string& override_path) {
    if (!override_path.empty()) return override_path;
    if (fs::exists(t.scenario_path)) return t.scenario_path;
    const fs::path beside = fs::path(trace_path).parent_path() / t.scenario_path;
    if (fs::exists(beside)) return beside.string();
    checker::input_error(trace_path, t.scenario_hash_line - 1,
                         fmt::format("scenario \"{}\" not found (give it with --scenario)", t.scenario_path));
}

int cmd_replay(const std::string& path, bool verbose, const std::string& scenario_override) {
    const checker::Trace t = checker::load_trace(path);
    const checker::Scenario s = checker::load_scenario(locate_scenario(t, path, scenario_override));
    if (s.content_hash != t.scenario_hash)
        checker::input_error(path, t.scenario_hash_line,
                             fmt::format("the model of scenario {} has changed since the trace was written (hash {}, now {})", s.path,
                                         t.scenario_hash, s.content_hash));
    const auto variant = model::find_variant(t.variant);
    if (!variant)
        checker::input_error(path, t.variant_line, fmt::format("unknown variant \"{}\" (expected one of: {})", t.variant,
                                                               model::variant_names()));
    const model::Model m(s.spec, *variant);
    checker::ScheduleMismatch why;
    const auto ids = checker::actor_ids(m, t, why);
    if (!ids) checker::input_error(path, t.steps[why.step - 1].line, why.problem);
    std::vector<model::Site> sites;
    for (const checker::TraceStep& st : t.steps) sites.push_back(st.site);
    const auto root = m.root_by_name(t.fresh_stack);
    if (!root)
        checker::input_error(path, t.fresh_stack_line,
                             fmt::format("fresh-stack \"{}\" is not explored by this scenario", t.fresh_stack));
    const checker::ReplayOutcome out = checker::replay_schedule(m, *root, *ids, sites);
    if (out.mismatch) checker::input_error(path, t.steps[out.mismatch->step - 1].line, out.mismatch->problem);
    const checker::ReplayResult& r = *out.result;
    fmt::print("replaying {}: scenario {}, variant {}, fresh stack {}, {} steps\n", path, s.path, t.variant,
               t.fresh_stack, t.steps.size());
    fmt::print("{:>5}  {:<10} {:<32} {}\n", "step", "actor", "label", "words changed (old -> new)");
    for (std::size_t i = 0; i < r.steps.size(); ++i) fmt::print("{}", checker::format_step(m, i + 1, r.steps[i], verbose));
    for (const checker::Violation& v : r.violations)
        fmt::print("violation after step {}: {}: {}\n", r.violation_step, checker::property_name(v.property), v.message);
    const bool same_end = r.violation_step == t.steps.size() && r.has(t.property);
    if (same_end && r.final_hash == t.final_hash) {
        fmt::print("reproduced: {} at step {} (final state {})\n", checker::property_name(t.property), t.steps.size(),
                   r.final_hash);
        return kExitOk;
    }
    if (!same_end)
        fmt::print("DIFFERENT OUTCOME: the trace recorded {} after step {}; the model now gives {}\n",
                   checker::property_name(t.property), t.steps.size(),
                   r.violations.empty() ? std::string("no violation")
                                        : fmt::format("{} after step {}", checker::property_name(r.violations[0].property),
                                                      r.violation_step));
    else
        fmt::print("DIFFERENT OUTCOME: {} is reproduced but the final state differs (hash {}, recorded {})\n",
                   checker::property_name(t.property), r.final_hash, t.final_hash);
    return kExitDiffers;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"stackrace: a model checker for Go's concurrent stack shrinking vs. channel operations"};
    app.set_version_flag("--version", STACKRACE_VERSION);
    app.require_subcommand(1);

    std::string list_what = "scenarios";
    CLI::App* list = app.add_subcommand("list", "list scenarios, variants or properties");
    list->add_option("what", list_what, "scenarios | variants | properties | sites (the Go source map)")
        ->check(CLI::IsMember({"scenarios", "variants", "properties", "sites"}));

    ExploreArgs ex;
    CLI::App* explore = app.add_subcommand("explore", "explore a scenario exhaustively under variants");
    explore->add_option("scenario", ex.scenario, "scenario file (default: scenarios/select-stack-adjust.toml)");
    explore->add_option("--variant", ex.variant, "variant name, or all (default)");
    explore->add_option("--max-states", ex.max_states, "stop after this many stored states (incomplete)")
        ->check(CLI::PositiveNumber);
    explore->add_option("--max-depth", ex.max_depth, "do not expand states deeper than this (incomplete)")
        ->check(CLI::PositiveNumber);
    explore->add_flag("--stop-first", ex.stop_first, "stop at the first violation");
    explore->add_option("--trace-dir", ex.trace_dir, "where counterexample traces are written (default: traces)");
    explore->add_flag("--json", ex.json, "print one JSON object instead of the table");

    std::string trace_path, scenario_override;
    bool verbose = false;
    CLI::App* replay = app.add_subcommand("replay", "replay a counterexample trace step by step");
    replay->add_option("trace", trace_path, "trace file")->required();
    replay->add_flag("--verbose", verbose, "also print the Go source line and every access of each step");
    replay->add_option("--scenario", scenario_override, "scenario file, if not where the trace says");

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
        if (*replay) return cmd_replay(trace_path, verbose, scenario_override);
    } catch (const checker::InputError& e) {
        std::cerr << e.what() << "\n";
        return kExitInput;
    } catch (const sim::InternalError& e) {
        std::cerr << "stackrace: " << e.what() << "\n(this is a bug in stackrace; please report it)\n";
        return kExitInternal;
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "stackrace: " << e.what() << "\n";
        return kExitInput;
    }
    return kExitInput;
}
