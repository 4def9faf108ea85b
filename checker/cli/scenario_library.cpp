// checker/cli/scenario_library.cpp: where the CLI finds the scenario library.
#include <filesystem>
#include <string>

#include "checker/cli/commands.h"

namespace stackrace::cli {

namespace fs = std::filesystem;

namespace {
constexpr const char* kDefaultScenario = "scenarios/select-stack-adjust.toml";
}

fs::path scenarios_dir() {
    if (fs::is_directory("scenarios")) return "scenarios";
    return fs::path(STACKRACE_SOURCE_DIR) / "scenarios";
}

std::string default_scenario() {
    if (fs::exists(kDefaultScenario)) return kDefaultScenario;
    return (fs::path(STACKRACE_SOURCE_DIR) / kDefaultScenario).string();
}

}  // namespace stackrace::cli
