#!/usr/bin/env bash
# tests/format_test.sh: every C++ file is laid out as .clang-format says (clang-format
# --dry-run reports each file that differs). Exit 77 (skipped) when clang-format is absent.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format not installed: skipped"; exit 77; }
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find sim model checker tests -name '*.cpp' -o -name '*.h')
out=$(clang-format --dry-run --Werror "${files[@]}" 2>&1)
if [ -n "$out" ]; then
    echo "$out" | grep -E '^[^ ].*: (error|warning):' | sed -E 's/:[0-9]+:[0-9]+: (error|warning): .*/: not formatted as .clang-format says (run clang-format -i on it)/' | sort -u
    exit 1
fi
echo "${#files[@]} files formatted as .clang-format says"
