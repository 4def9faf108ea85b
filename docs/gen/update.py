#!/usr/bin/env python3
"""Regenerates (--write) or checks (--check) the generated blocks of README.md and docs/*.md.

A generated block is

    <!-- generated: COMMAND ARGS -->
    ...the command's standard output...
    <!-- end generated -->

COMMAND is run from the repository root (argv split like a shell, no shell features), with
STACKRACE set to the binary and DOCS_GEN_CACHE to a directory shared by every block of the run
(so each exploration runs once). Everything outside the blocks is hand-written.

    docs/gen/update.py --write [--bin build/stackrace] [FILE...]
    docs/gen/update.py --check [--bin build/stackrace] [FILE...]

--check exits 1 at the first file whose text differs from what its commands print now,
naming the file, the line and both versions of it; --write rewrites the files.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BEGIN = re.compile(r"^<!-- generated: (.+?) -->$")
END = "<!-- end generated -->"


def doc_files(args_files):
    if args_files:
        return [Path(f).resolve() for f in args_files]
    return [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


def run_block(command, env, where):
    argv = shlex.split(command)
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{where}: `{command}` failed with exit {proc.returncode}:\n{proc.stderr}")
    return proc.stdout


def render(path, env):
    """The file's text with every generated block replaced by its command's output now."""
    lines = path.read_text().split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = BEGIN.match(line)
        i += 1
        if not m:
            continue
        start = i
        while i < len(lines) and lines[i] != END:
            i += 1
        if i == len(lines):
            sys.exit(f"{path.relative_to(ROOT)}:{start}: generated block without '{END}'")
        text = run_block(m.group(1), env, f"{path.relative_to(ROOT)}:{start}")
        out.extend(text.rstrip("\n").split("\n") if text.strip() else [])
    return "\n".join(out)


def first_difference(old, new):
    a, b = old.split("\n"), new.split("\n")
    for n in range(max(len(a), len(b))):
        x = a[n] if n < len(a) else "<end of file>"
        y = b[n] if n < len(b) else "<end of file>"
        if x != y:
            return n + 1, x, y
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    ap.add_argument("--bin", default=str(ROOT / "build" / "stackrace"))
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    binary = Path(args.bin).resolve()
    if not os.access(binary, os.X_OK):
        sys.exit(f"update.py: {binary} is not an executable (build it, or pass --bin)")
    with tempfile.TemporaryDirectory(prefix="docs-gen-") as cache:
        env = dict(os.environ, STACKRACE=str(binary), DOCS_GEN_CACHE=cache)
        stale = 0
        for path in doc_files(args.files):
            old = path.read_text()
            new = render(path, env)
            if new == old:
                continue
            if args.write:
                path.write_text(new)
                print(f"rewrote {path.relative_to(ROOT)}")
                continue
            n, x, y = first_difference(old, new)
            print(f"{path.relative_to(ROOT)}:{n}: differs from what its generator prints now\n"
                  f"  committed: {x}\n  generated: {y}")
            stale += 1
        if stale:
            print(f"{stale} file(s) out of date; regenerate with: docs/gen/update.py --write --bin {args.bin}")
            sys.exit(1)


if __name__ == "__main__":
    main()
