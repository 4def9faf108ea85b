#include "checker/cli/output_paths.h"

#include <fmt/format.h>

#include <filesystem>

#include <unistd.h>

#include "checker/scenario/input_error.h"

namespace stackrace::cli {

namespace fs = std::filesystem;

namespace {

bool writable(const fs::path& p) { return ::access(p.c_str(), W_OK) == 0; }

[[noreturn]] void refuse(const std::string& path, const char* option, const std::string& why) {
    checker::input_error(path, 0, fmt::format("{}: cannot write here: {}", option, why));
}

// The directory a new entry `path` would be created in ("." for a bare name).
fs::path parent_of(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

void require_writable_file(const std::string& path, const char* option) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) refuse(path, option, "it is a directory");
    if (fs::exists(path, ec)) {
        if (!writable(path)) refuse(path, option, "the file is not writable");
        return;
    }
    const fs::path dir = parent_of(path);
    if (!fs::is_directory(dir, ec))
        refuse(path, option, fmt::format("its directory {} does not exist", dir.string()));
    if (!writable(dir))
        refuse(path, option, fmt::format("its directory {} is not writable", dir.string()));
}

void require_writable_dir(const std::string& path, const char* option) {
    std::error_code ec;
    fs::path p = path;
    if (fs::exists(p, ec)) {
        if (!fs::is_directory(p, ec)) refuse(path, option, "it is not a directory");
        if (!writable(p)) refuse(path, option, "the directory is not writable");
        return;
    }
    // create_directories will make the missing levels under the nearest existing one.
    for (p = parent_of(path); !fs::exists(p, ec); p = parent_of(p.string())) {}
    if (!fs::is_directory(p, ec))
        refuse(path, option, fmt::format("{} is not a directory", p.string()));
    if (!writable(p)) refuse(path, option, fmt::format("{} is not writable", p.string()));
}

}  // namespace stackrace::cli
