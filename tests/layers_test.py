#!/usr/bin/env python3
"""layers_test.py: every #include in sim/, model/ and checker/ points down the layers.

Usage:
    layers_test.py ROOT TABLE               check the tree under ROOT
    layers_test.py ROOT TABLE --self-test   add one fake violation of each kind to the real
                                            tree and table, and fail unless each is caught

TABLE is written by tests/CMakeLists.txt from the targets themselves, one line per target
declared under sim/, model/ or checker/: "FOLDER TARGET: LINKED...". The CMake files are the
only place where a folder's dependencies are written; this script only holds the order of
the layers.

The rules:
  1. The layers, lowest first, are sim, model, checker (one target per folder), checker/cli.
     A file never includes a higher layer, and no target links one.
  2. A file includes headers only from its own folder and from the folders of the targets
     its folder's target links directly (PUBLIC or PRIVATE): including something means
     depending on it, so the dependency is declared where it is used.
  3. Every file under sim/, model/ and checker/, and every header they include from there,
     belongs to a target's folder.
  4. The links between the targets form no cycle.
"""
import os
import re
import sys

LAYERED = ("sim", "model", "checker")
SOURCE_EXTENSIONS = (".h", ".hpp", ".cpp", ".cc")
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]((?:sim|model|checker)/[^>"]+)[>"]')


def layer(folder):
    """The layer of a target folder: (rank, name)."""
    if folder == "sim" or folder.startswith("sim/"):
        return 0, "sim"
    if folder == "model" or folder.startswith("model/"):
        return 1, "model"
    if folder == "checker/cli" or folder.startswith("checker/cli/"):
        return 3, "checker/cli"
    return 2, "checker"


def read_table(path):
    """{folder: (target, [linked targets])} from the file tests/CMakeLists.txt generates."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            head, _, links = line.partition(":")
            folder, target = head.split()
            table[folder] = (target, links.split())
    return table


def read_tree(root):
    """{path relative to root: text} for every source file under the layered folders."""
    files = {}
    for top in LAYERED:
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if name.endswith(SOURCE_EXTENSIONS):
                    full = os.path.join(dirpath, name)
                    with open(full, encoding="utf-8") as f:
                        files[os.path.relpath(full, root).replace(os.sep, "/")] = f.read()
    return files


def owner(path, table):
    """The target folder a file or header belongs to: the longest folder that contains it."""
    best = None
    for folder in table:
        if path.startswith(folder + "/") and (best is None or len(folder) > len(best)):
            best = folder
    return best


def link_violations(table):
    """Rules 1 and 4 on the table: no link to a higher layer, no cycle."""
    found = []
    folder_of = {target: folder for folder, (target, _) in table.items()}
    graph = {}
    for folder, (target, links) in sorted(table.items()):
        graph[target] = [t for t in links if t in folder_of]
        for dep in graph[target]:
            if layer(folder_of[dep])[0] > layer(folder)[0]:
                found.append(f"{target} ({folder}) links {dep}: {layer(folder)[1]} must not depend on "
                             f"{layer(folder_of[dep])[1]}")
    state = {}

    def visit(target, path):
        state[target] = "open"
        for dep in graph[target]:
            if state.get(dep) == "open":
                found.append("the links form a cycle: " + " -> ".join(path[path.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep, path + [dep])
        state[target] = "done"

    for target in sorted(graph):
        if target not in state:
            visit(target, [target])
    return found


def include_violations(files, table):
    """Rules 1, 2 and 3 on every file."""
    found = []
    folder_of = {target: folder for folder, (target, _) in table.items()}
    for path, text in sorted(files.items()):
        folder = owner(path, table)
        if folder is None:
            found.append(f"{path}: in no target's folder (give the folder a CMakeLists.txt target)")
            continue
        target, links = table[folder]
        allowed = {folder} | {folder_of[t] for t in links if t in folder_of}
        for number, line in enumerate(text.splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            header = m.group(1)
            to = owner(header, table)
            where = f"{path}:{number}: includes {header}"
            if to is None:
                found.append(f"{where}, which is in no target's folder")
            elif layer(to)[0] > layer(folder)[0]:
                found.append(f"{where}: {layer(folder)[1]} must not include {layer(to)[1]}")
            elif to not in allowed:
                found.append(f"{where}, but {target} does not link {table[to][0]} "
                             f"(declare it in {folder}/CMakeLists.txt, or do not include it)")
    return found


def violations(files, table):
    return link_violations(table) + include_violations(files, table)


# Each fake: a file added to the tree, or a link added to the table, and a word of the message
# expected for it. The fakes are checked against the real tree and table, so they prove that
# the rules as the build declares them today catch each kind of mistake.
FAKE_FILES = [
    ("sim/fake_upward.h", '#include "model/model.h"', "sim must not include model"),
    ("sim/fake_upward.cpp", '#include "checker/scenario/scenario.h"', "sim must not include checker"),
    ("model/fake_upward.h", '#include "checker/trace/trace.h"', "model must not include checker"),
    ("checker/report/fake_cli.h", '#include "checker/cli/options.h"', "checker must not include checker/cli"),
    ("checker/scenario/fake_sideways.cpp", '#include "checker/trace/trace.h"', "does not link"),
    ("checker/properties/fake_sideways.h", '#  include <checker/search/explorer.h>', "does not link"),
    ("checker/fake_orphan.h", '#include "sim/word.h"', "in no target's folder"),
    ("checker/trace/fake_orphan_include.h", '#include "checker/fake.h"', "in no target's folder"),
]
FAKE_LINKS = [
    ("sim", "stackrace_model", "must not depend on model"),
    ("checker/properties", "stackrace_checker_report", "cycle"),
]


def self_test(files, table):
    baseline = set(violations(files, table))
    missed = []
    for path, line, expected in FAKE_FILES:
        fake = dict(files)
        fake[path] = f"// a fake violation\n{line}\n"
        new = [v for v in violations(fake, table) if v not in baseline]
        report(f"{path}: {line}", expected, new, missed)
    for folder, link, expected in FAKE_LINKS:
        target, links = table[folder]
        fake = dict(table)
        fake[folder] = (target, links + [link])
        new = [v for v in violations(files, fake) if v not in baseline]
        report(f"{target} links {link}", expected, new, missed)
    return missed


def report(what, expected, new, missed):
    if any(expected in v for v in new):
        print(f"caught   {what}\n         {new[0]}")
    else:
        print(f"MISSED   {what}: expected a violation saying '{expected}', got {new}")
        missed.append(what)


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--self-test"):
        print(__doc__, file=sys.stderr)
        return 2
    root, table = argv[1], read_table(argv[2])
    files = read_tree(root)
    if len(argv) == 4:
        missed = self_test(files, table)
        return 1 if missed else 0
    found = violations(files, table)
    for v in found:
        print(v)
    print(f"{len(files)} files in {len(table)} targets: "
          + (f"{len(found)} layering violation{'s' if len(found) > 1 else ''}" if found else "every include points down the layers"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
