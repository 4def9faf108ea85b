// checker/cli/replay_command.cpp: `stackrace replay`, a counterexample trace replayed step by
// step, one column per actor, with the violation it reaches and why.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include <unistd.h>

#include "checker/cli/commands.h"
#include "checker/cli/output_paths.h"
#include "checker/report/html_report.h"
#include "checker/report/replay_view.h"
#include "checker/scenario/input_error.h"
#include "checker/trace/minimize.h"
#include "checker/trace/trace_check.h"

namespace stackrace::cli {
namespace {

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

// print_steps prints the header line and the steps up to --until (all without it).
void print_steps(const ReplayArgs& a, const checker::TraceCheck& c) {
    const checker::ReplayResult& r = c.replay;
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
}

// print_end prints the state after --until, and the violations once they are reached.
void print_end(const ReplayArgs& a, const checker::TraceCheck& c) {
    const checker::ReplayResult& r = c.replay;
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
}

int run_replay(const ReplayArgs& a) {
    if (!a.html.empty()) require_writable_file(a.html, "--html");
    const checker::TraceCheck c = checker::check_trace(a.path, a.scenario);
    if (a.until > c.replay.steps.size())
        throw checker::InputError(fmt::format("--until: {} has {} steps, there is no step {}",
                                              a.path, c.replay.steps.size(), a.until));
    print_steps(a, c);
    print_end(a, c);
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

}  // namespace

Command replay_command(CLI::App& app) {
    auto a = std::make_shared<ReplayArgs>();
    CLI::App* replay = app.add_subcommand("replay", "replay a counterexample trace step by step");
    replay->add_option("trace", a->path, "trace file")->required();
    replay->add_flag("--verbose", a->verbose, "also print every access of each step");
    replay->add_flag("--step", a->step, "wait for Enter between steps");
    replay->add_option("--until", a->until, "stop after step N and print the whole state")
        ->check(CLI::PositiveNumber);
    replay->add_option("--html", a->html, "also write a self-contained HTML report to FILE");
    replay->add_option("--scenario", a->scenario, "scenario file, if not where the trace says");
    return Command{replay, [a] { return run_replay(*a); }};
}

}  // namespace stackrace::cli
