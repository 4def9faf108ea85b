// checker/cli/minimize_command.cpp: `stackrace minimize`, a reproducing trace rewritten with
// the fewest context switches.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>

#include "checker/cli/commands.h"
#include "checker/cli/output_paths.h"
#include "checker/scenario/input_error.h"
#include "checker/trace/minimize.h"
#include "checker/trace/trace.h"
#include "checker/trace/trace_check.h"

namespace stackrace::cli {
namespace {

struct MinimizeArgs {
    std::string path;      // the trace
    std::string out_path;  // where the minimized trace goes (empty: stdout)
    std::string scenario;  // the scenario, if not where the trace says
};

// run_minimize rewrites a reproducing trace with the fewest context switches among schedules
// of its length that reach its property at the last step; the result is replayed before it
// is written. The trace goes to OUT (stdout when empty), the summary to stderr.
int run_minimize(const MinimizeArgs& a) {
    if (!a.out_path.empty()) require_writable_file(a.out_path, "--output");
    const checker::TraceCheck c = checker::check_trace(a.path, a.scenario);
    if (c.outcome != checker::TraceOutcome::Reproduced) {
        std::cerr << fmt::format("{}: does not reproduce, not minimized: {}\n", a.path,
                                 c.explanation);
        return kExitDiffers;
    }
    checker::Minimized how;
    const checker::Trace t = checker::minimize_trace(c, how);
    const std::string text = checker::format_trace(t);
    if (a.out_path.empty()) {
        fmt::print("{}", text);
    } else {
        std::ofstream out(a.out_path, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) checker::input_error(a.out_path, 0, "cannot write trace file");
    }
    std::cerr << fmt::format(
        "{}: {} steps, context switches {} -> {}{}\n", a.path, t.steps.size(), how.switches_before,
        how.switches_after,
        how.exhaustive ? " (fewest possible)" : " (search budget reached: not proven fewest)");
    return kExitOk;
}

}  // namespace

Command minimize_command(CLI::App& app) {
    auto a = std::make_shared<MinimizeArgs>();
    CLI::App* minimize = app.add_subcommand(
        "minimize",
        "rewrite a counterexample with the fewest context switches (same length, same violation)");
    minimize->add_option("trace", a->path, "trace file; it must reproduce")->required();
    minimize->add_option("-o,--output", a->out_path,
                         "write the minimized trace here (default: standard output)");
    minimize->add_option("--scenario", a->scenario, "scenario file, if not where the trace says");
    return Command{minimize, [a] { return run_minimize(*a); }};
}

}  // namespace stackrace::cli
