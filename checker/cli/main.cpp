// stackrace: the command line. main registers the subcommands (each in its own file, declared
// in commands.h), parses the flags, runs the one chosen and maps what it throws to a message
// and an exit code. The exit codes (docs/user-guide.md):
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
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <vector>

#include "checker/cli/commands.h"
#include "checker/scenario/input_error.h"
#include "checker/trace/internal_error.h"
#include "sim/assert.h"

using namespace stackrace;
using namespace stackrace::cli;

namespace {

// parse reads the command line; an exit code when it is already handled (--help, --version,
// a usage error, which CLI11 prints).
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
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
    return std::nullopt;
}

void print_internal_error(const checker::InternalErrorTrace& e) {
    std::cerr << "stackrace: " << e.what() << "\n(this is a bug in stackrace; please report it)\n";
    if (!e.path.empty())
        std::cerr << fmt::format(
            "the schedule that reached it: {}\nreplay it with: stackrace replay {}\n", e.path,
            e.path);
    else
        std::cerr << "the schedule that reached it, as a trace (save it to a file and replay "
                     "it with: stackrace "
                     "replay FILE):\n"
                  << e.text;
}

// run runs the chosen command and maps what it throws to a message and an exit code.
int run(const std::vector<Command>& commands) {
    try {
        for (const Command& c : commands)
            if (*c.app) return c.run();
    } catch (const checker::InputError& e) {
        std::cerr << e.what() << "\n";
        return kExitInput;
    } catch (const checker::InternalErrorTrace& e) {
        print_internal_error(e);
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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "stackrace: a model checker for Go's concurrent stack shrinking vs. channel operations"};
    app.set_version_flag("--version", STACKRACE_VERSION);
    app.require_subcommand(1);
    // In the order --help lists them (a braced list is evaluated left to right).
    const std::vector<Command> commands{list_command(app),   explore_command(app),
                                        replay_command(app), minimize_command(app),
                                        save_command(app),   check_command(app)};
    if (const std::optional<int> code = parse(app, argc, argv)) return *code;
    return run(commands);
}
