// checker/cli/check_command.cpp: `stackrace check`, the regression suite: every scenario under
// its expected variants and every saved trace replayed.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "checker/cli/commands.h"
#include "checker/cli/output_paths.h"
#include "checker/report/junit.h"
#include "checker/scenario/input_error.h"
#include "checker/suite/check.h"

namespace stackrace::cli {
namespace {

struct CheckArgs {
    std::vector<std::string> paths;
    std::string junit;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    bool no_reduce = false;
};

int run_check(const CheckArgs& a) {
    if (!a.junit.empty()) require_writable_file(a.junit, "--junit");
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

Command check_command(CLI::App& app) {
    auto a = std::make_shared<CheckArgs>();
    CLI::App* check = app.add_subcommand(
        "check", "run every scenario under its expected variants and replay every saved trace");
    check->add_option(
        "paths", a->paths,
        "scenario files, trace files or folders, searched recursively (default: scenarios)");
    check->add_option("--junit", a->junit, "also write a JUnit XML report to this file");
    check
        ->add_option("--jobs", a->jobs,
                     "parallel explorations (default: the number of hardware threads)")
        ->check(CLI::PositiveNumber);
    check->add_flag("--no-reduce", a->no_reduce,
                    "explore every interleaving: no partial-order or symmetry reduction");
    return Command{check, [a] { return run_check(*a); }};
}

}  // namespace stackrace::cli
