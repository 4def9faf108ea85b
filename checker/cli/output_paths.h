// checker/cli/output_paths.h: output paths checked before any work starts.
//
// A report or a trace directory that cannot be written is found before an exploration that
// may take hours, not after it: each check throws an InputError naming the path and the
// option ("PATH: --junit: problem"), exit 2.
#pragma once

#include <string>

namespace stackrace::cli {

// require_writable_file: `path` can be created or overwritten (its directory exists and is
// writable; it is not a directory itself).
void require_writable_file(const std::string& path, const char* option);

// require_writable_dir: `path` is a writable directory, or can be created (its nearest
// existing ancestor is a writable directory).
void require_writable_dir(const std::string& path, const char* option);

}  // namespace stackrace::cli
