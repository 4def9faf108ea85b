// checker/cli/save_command.cpp: `stackrace save`, a reproducing trace kept as a regression
// case (which `check` replays).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <memory>

#include "checker/cli/commands.h"
#include "checker/trace/trace_check.h"

namespace stackrace::cli {
namespace {

struct SaveArgs {
    std::string trace;
    std::string dir;
    std::string scenario;  // the scenario, if not where the trace says
};

int run_save(const SaveArgs& a) {
    fmt::print("saved {} as {}\n", a.trace, checker::save_trace(a.trace, a.dir, a.scenario));
    return kExitOk;
}

}  // namespace

Command save_command(CLI::App& app) {
    auto a = std::make_shared<SaveArgs>();
    CLI::App* save = app.add_subcommand(
        "save", "keep a counterexample trace as a regression case (checked by `check`)");
    save->add_option("trace", a->trace, "trace file; it must reproduce")->required();
    save->add_option("dir", a->dir, "directory to copy it into (e.g. scenarios/traces)")
        ->required();
    save->add_option("--scenario", a->scenario, "scenario file, if not where the trace says");
    return Command{save, [a] { return run_save(*a); }};
}

}  // namespace stackrace::cli
