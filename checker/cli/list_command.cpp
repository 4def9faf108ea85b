// checker/cli/list_command.cpp: `stackrace list`, the scenarios, variants, properties or
// sites (the Go source map).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "checker/cli/commands.h"
#include "checker/report/report.h"
#include "checker/scenario/scenario.h"
#include "model/variant.h"

namespace stackrace::cli {
namespace {

namespace fs = std::filesystem;

void list_scenarios() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(scenarios_dir()))
        if (e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        const checker::Scenario s = checker::load_scenario(f.string());
        fmt::print("{:<48} {}\n", f.string(), s.title);
    }
}

int run_list(const std::string& what) {
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
        list_scenarios();
    }
    return kExitOk;
}

}  // namespace

Command list_command(CLI::App& app) {
    auto what = std::make_shared<std::string>("scenarios");
    CLI::App* list = app.add_subcommand(
        "list", "list scenarios, variants, properties or sites (the Go source map)");
    list->add_option("what", *what, "scenarios | variants | properties | sites (the Go source map)")
        ->check(CLI::IsMember({"scenarios", "variants", "properties", "sites"}));
    return Command{list, [what] { return run_list(*what); }};
}

}  // namespace stackrace::cli
