// checker/cli/commands.h: the stackrace subcommands, one function each.
//
// Each function adds its subcommand and options to the app and returns the Command that
// runs it once the command line is parsed; main (main.cpp) registers them in --help order
// and runs the one chosen. The exit codes are documented at the top of main.cpp and in
// docs/user-guide.md.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace stackrace::cli {

inline constexpr int kExitOk = 0, kExitDiffers = 1, kExitInput = 2, kExitIncomplete = 3,
                     kExitInternal = 70;

// Command: a subcommand, with its options, and what runs it once they are parsed.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

[[nodiscard]] Command list_command(CLI::App& app);      // list_command.cpp
[[nodiscard]] Command explore_command(CLI::App& app);   // explore_command.cpp
[[nodiscard]] Command replay_command(CLI::App& app);    // replay_command.cpp
[[nodiscard]] Command minimize_command(CLI::App& app);  // minimize_command.cpp
[[nodiscard]] Command save_command(CLI::App& app);      // save_command.cpp
[[nodiscard]] Command check_command(CLI::App& app);     // check_command.cpp

// The scenario library: ./scenarios when run from a checkout, else the source tree's.
[[nodiscard]] std::filesystem::path scenarios_dir();
// The scenario explore takes when none is given, found the same way.
[[nodiscard]] std::string default_scenario();

}  // namespace stackrace::cli
