#include "checker/scenario/input_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "checker/scenario/input_error.h"

namespace stackrace::checker {

namespace fs = std::filesystem;

namespace {

std::string kind_of(fs::file_type t) {
    switch (t) {
        case fs::file_type::directory: return "a directory";
        case fs::file_type::character: return "a character device";
        case fs::file_type::block: return "a block device";
        case fs::file_type::fifo: return "a pipe";
        case fs::file_type::socket: return "a socket";
        default: return "not a regular file";
    }
}

}  // namespace

std::string read_input_file(const std::string& path, const InputLimits& limits) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || st.type() == fs::file_type::not_found)
        input_error(path, 0, fmt::format("cannot open {}", limits.what));
    if (st.type() != fs::file_type::regular)
        input_error(
            path, 0,
            fmt::format("cannot read it as a {}: it is {}", limits.what, kind_of(st.type())));
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > limits.max_bytes)
        input_error(
            path, 0,
            fmt::format("{} bytes: a {} is at most {} bytes", size, limits.what, limits.max_bytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) input_error(path, 0, fmt::format("cannot open {}", limits.what));
    std::string text;
    std::string line;
    long n = 0;
    // getline on a regular file of bounded size reads at most max_bytes in all.
    while (std::getline(in, line)) {
        ++n;
        if (line.size() > limits.max_line_bytes)
            input_error(path, n,
                        fmt::format("line of {} bytes: a line of a {} is at most {} bytes",
                                    line.size(), limits.what, limits.max_line_bytes));
        text += line;
        if (!in.eof()) text += '\n';
    }
    return text;
}

}  // namespace stackrace::checker
