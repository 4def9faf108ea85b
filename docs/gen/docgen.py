#!/usr/bin/env python3
"""Prints the generated parts of the documentation from the current stackrace binary.

    docs/gen/docgen.py SUBCOMMAND [ARGS]     (from the repository root)

The binary is $STACKRACE (default build/stackrace). Explorations are cached in $DOCS_GEN_CACHE
when docs/gen/update.py runs the blocks of the docs (one run per scenario and root), else in
a temporary directory. Every table here is a full search (--no-reduce) unless it says
otherwise, so its counts do not depend on the reductions.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("STACKRACE", str(ROOT / "build" / "stackrace"))
CACHE = Path(os.environ.get("DOCS_GEN_CACHE") or tempfile.mkdtemp(prefix="docgen-"))
ROOTS = ("garbage", "zero")

# Reading order of the scenarios in docs/variants.md: plain operations, then the selects;
# a scenario not listed here comes last, in name order.
ORDER = ["recv-stack-adjust", "recv-buffered", "recv-two-words", "recv-three-senders",
         "recv-identical-senders", "recv-queued-behind", "frames-across-sghi",
         "send-stack-value", "send-full-buffer", "park-race-40641", "select-discard", "select-stack-adjust",
         "select-new-below", "select-running", "select-two-slots", "select-same-channel",
         "select-two-senders-one-chan", "select-send-recv", "close-stack-adjust",
         "grow-then-shrink"]
ABBREV = {"lost-value": "LV", "use-after-free": "UAF", "stale-sudog": "SS",
          "double-select-win": "DW", "deadlock": "DL", "clobbered-local": "CL",
          "dangling-pointer": "DP", "runtime-throw": "RT"}


def sr(*args, cwd=ROOT, check=True):
    proc = subprocess.run([BIN, *map(str, args)], cwd=cwd, capture_output=True, text=True)
    if check and proc.returncode not in (0, 1):
        sys.exit(f"docgen: stackrace {' '.join(map(str, args))}: exit {proc.returncode}\n{proc.stderr}")
    return proc


def scenarios():
    names = sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml"))
    return [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]


def is_select(name):
    return re.search(r'^op\s*=\s*"select"', (ROOT / "scenarios" / f"{name}.toml").read_text(), re.M)


def root_copy(name, root):
    """A copy of the scenario whose new stack starts from one root only (fresh = ROOT)."""
    text = (ROOT / "scenarios" / f"{name}.toml").read_text()
    text, n = re.subn(r"^\[stack\]$", f'[stack]\nfresh = "{root}"', text, count=1, flags=re.M)
    assert n == 1, name
    path = CACHE / "roots" / root / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def explore(name, root=None):
    """`explore --no-reduce --json` of every variant of a scenario (both roots, or one)."""
    tag = root or "both"
    out = CACHE / "explore" / f"{name}.{tag}.json"
    if not out.exists():
        scenario = f"scenarios/{name}.toml" if root is None else root_copy(name, root)
        traces = CACHE / "traces" / tag
        proc = sr("explore", scenario, "--no-reduce", "--json", "--trace-dir", traces)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(proc.stdout)
    return {v["variant"]: v for v in json.loads(out.read_text())["variants"]}


def explore_all():
    """Every scenario from both roots and from each root alone, two runs at a time."""
    jobs = [(n, r) for n in scenarios() for r in (None, *ROOTS)]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda job: explore(*job), jobs))
    table = {}
    for (name, root), res in zip(jobs, results):
        table.setdefault(name, {})[root or "both"] = res
    return table


def lengths(run):
    return {c["property"]: c["steps"] for c in run["counterexamples"]}


def root_note(prop, runs, variant):
    """'' when both roots find the property at the same length, else which root and how long."""
    got = {r: lengths(runs[r][variant]).get(prop) for r in ROOTS}
    found = [r for r in ROOTS if got[r] is not None]
    if len(found) == 1:
        return f"{found[0]} only"
    if got["garbage"] == got["zero"]:
        return ""
    best = min(ROOTS, key=lambda r: got[r])
    other = ROOTS[1 - ROOTS.index(best)]
    return f"{best}; {got[other]} from {other}"


def variant_names(table):
    return list(next(iter(table.values()))["both"].keys())


def cmd_variant_table(args):
    table = explore_all()
    print("| scenario | verdict | states | transitions | shortest counterexample, steps (per property) |")
    print("|---|---|---:|---:|---|")
    for name, runs in table.items():
        run = runs["both"][args.variant]
        lens = lengths(run)
        props = run["properties"]
        verdict = ", ".join(props) if props else run["verdict"]
        if lens:
            per = []
            for p in sorted(props, key=lambda p: (lens[p], props.index(p))):
                note = root_note(p, runs, args.variant)
                per.append(f"{p} {lens[p]}" + (f" ({note})" if note else ""))
            shortest = f"{min(lens.values())} ({', '.join(per)})"
        else:
            shortest = "none"
        print(f"| {name} | {verdict} | {run['states']} | {run['transitions']} | {shortest} |")
    same = [n for n, runs in table.items()
            if (runs["both"][args.variant]["states"], runs["both"][args.variant]["transitions"])
            == (runs["both"]["fix"]["states"], runs["both"]["fix"]["transitions"])]
    if args.variant != "fix":
        others = [n for n in table if n not in same]
        print()
        if not others:
            print("States and transitions equal `fix`'s in every scenario.")
        elif not same:
            print("States and transitions differ from `fix`'s in every scenario.")
        else:
            print(f"States and transitions equal `fix`'s in every scenario but "
                  f"{', '.join(f'`{n}`' for n in others)}.")


def cmd_verdict_matrix(args):
    table = explore_all()
    names = [n for n in table if bool(is_select(n)) == (args.kind == "select")]
    print("| variant | " + " | ".join(f"`{n}`" for n in names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for variant in variant_names(table):
        cells = []
        for n in names:
            run = table[n]["both"][variant]
            if not run["properties"]:
                cells.append(run["verdict"])
                continue
            marks = []
            for p in run["properties"]:
                note = root_note(p, table[n], variant)
                mark = f" ({note[0]})" if note.endswith(" only") else ""
                marks.append(ABBREV.get(p, p) + mark)
            cells.append(", ".join(marks))
        print(f"| {variant} | " + " | ".join(cells) + " |")


def trace_path(scenario, variant, prop, root):
    explore(scenario, root)
    return CACHE / "traces" / (root or "both") / f"{scenario}.{variant}.{prop}.trace"


def replay_rows(trace):
    """(header, {step: (actor, label, words changed)}, the lines after the steps) of a replay."""
    text = sr("replay", trace).stdout.split("\n")
    header = next(l for l in text if l.lstrip().startswith("step "))
    col = header.index("words changed")
    recorded = {}
    for line in trace.read_text().split("\n"):
        m = re.match(r"step (\d+) (\S+) (\S+)$", line)
        if m:
            recorded[int(m.group(1))] = (m.group(2), m.group(3))
    rows = {}
    for line in text:
        m = re.match(r"\s*(\d+)\s", line)
        if m and int(m.group(1)) in recorded:
            rows[int(m.group(1))] = (*recorded[int(m.group(1))], line[col:].strip())
    tail = [l for l in text if l.startswith(("violation", "why:"))]
    return text[0], rows, tail


def cmd_steps(args):
    """The steps of one counterexample that match a pattern, as `step actor label: changes`."""
    trace = trace_path(args.scenario, args.variant, args.property, args.root)
    first, rows, tail = replay_rows(trace)
    m = re.search(r"fresh stack (\S+), (\d+) steps", first)
    print(f"{trace.name}: {m.group(2)} steps, fresh stack {m.group(1)}")
    print("```")
    # By default: every step of the other actors, and the shrinker's steps that take or give
    # G, a lock or a stack, or move a pointer (not its reads and memmove words).
    match = args.match or [r"^(?!shrinker )", r"^shrinker \S*(casgcopystack|/lock|/unlock|write-elem|"
                                              r"write-selectdone|adjustpointers/(write|cas)|stackfree|casgstatus)"]
    shown = [n for n, (actor, label, words) in sorted(rows.items())
             if any(re.search(p, f"{actor} {label} {words}") for p in match)]
    last = 0
    for n in shown:
        actor, label, words = rows[n]
        if n > last + 1:
            print("  ...")
        print(f"{n:>4}  {actor} {label}" + ("" if words == "-" else f": {words}"))
        last = n
    if last < len(rows):
        print("  ...")
    for line in tail:
        print(line)
    print("```")


def mask_column(lines, header_word, mask):
    """Replaces the values of the column headed header_word (right-aligned) with mask."""
    header = next(l for l in lines if header_word in l.split())
    end = header.index(header_word) + len(header_word)
    out = []
    for line in lines:
        m = re.match(r"(.*?)(\d+\.\d+)$", line[:end]) if line is not header else None
        if m and len(line) >= end:
            width = len(m.group(2))
            line = m.group(1) + mask.rjust(width) + line[end:]
        out.append(line)
    return out


def sandbox(files):
    """A temporary directory holding copies of repository files: {relative path: text}."""
    box = Path(tempfile.mkdtemp(prefix="docgen-box-", dir=CACHE))
    for rel, text in files.items():
        (box / rel).parent.mkdir(parents=True, exist_ok=True)
        (box / rel).write_text(text)
    return box


def cmd_explore_sample(args):
    """`stackrace explore` as the README's first command prints it, seconds masked."""
    box = sandbox({})
    (box / "scenarios").symlink_to(ROOT / "scenarios")
    lines = sr("explore", cwd=box).stdout.rstrip("\n").split("\n")
    print("```")
    print("\n".join(mask_column(lines, "seconds", args.mask)))
    print("```")


def cmd_check_sample(args):
    """`stackrace check` with one expectation edited to fail, and its JUnit report."""
    scen = (ROOT / "scenarios" / "recv-stack-adjust.toml").read_text()
    scen, n = re.subn(r'^"fix-no-cas" = .*$', '"fix-no-cas" = "verified"', scen, flags=re.M)
    assert n == 1
    trace = "traces/select-stack-adjust.fix-no-cas.lost-value.trace"
    box = sandbox({"scenarios/recv-stack-adjust.toml": scen,
                   "scenarios/select-stack-adjust.toml": (ROOT / "scenarios/select-stack-adjust.toml").read_text(),
                   f"scenarios/{trace}": (ROOT / "scenarios" / trace).read_text()})
    out = sr("check", "scenarios/recv-stack-adjust.toml", f"scenarios/{trace}", "--junit", "report.xml",
             "--jobs", "1", cwd=box).stdout.rstrip("\n").split("\n")
    print("```")
    if args.what == "table":
        keep = ("scenario / trace", " go1.6 ", " fix ", " fix-no-cas ", "    ", " fix-copy-unlocked ")
        lines = mask_column(out, "seconds", "x.xx")
        last = None
        for i, line in enumerate(lines):
            if i == len(lines) - 1 or line.startswith(keep) or any(k in line for k in keep[1:4] + keep[5:]) \
                    or line.startswith("    ") or line.startswith("scenarios/traces/"):
                if last is not None and i > last + 1:
                    print("...")
                print(line)
                last = i
    else:
        xml = (box / "report.xml").read_text().rstrip("\n").split("\n")
        xml = [re.sub(r'time="[0-9.]+"', 'time="x.xxx"', l) for l in xml]
        skip = False
        for line in xml:
            plain_case = re.search(r'<testcase name="([^"]+)" classname="scenarios/recv', line)
            if plain_case and plain_case.group(1) not in ("go1.6", "fix-no-cas"):
                if not skip:
                    print("    ...")
                skip = True
                continue
            skip = False
            print(line)
    print("```")


def cmd_trace_sample(args):
    """A trace file as explore writes it, the middle steps elided."""
    path = trace_path(args.scenario, args.variant, args.property, None)
    lines = path.read_text().rstrip("\n").split("\n")
    steps = [i for i, l in enumerate(lines) if l.startswith("step ")]
    print("```")
    for i, line in enumerate(lines):
        line = line.replace(str(CACHE / "traces" / "both") + "/", "")
        if i in steps[2:-1]:
            if i == steps[2]:
                print("...")
            continue
        print(line)
    print("```")


def cmd_replay_sample(args):
    """Lines of `stackrace replay TRACE`: the header, steps FROM..TO and the why: line."""
    trace = trace_path(args.scenario, args.variant, args.property, None)
    text = sr("replay", trace).stdout.rstrip("\n").split("\n")
    print("```")
    if args.why:
        print(next(l for l in text if l.startswith("why:")))
    else:
        print(next(l for l in text if l.lstrip().startswith("step ")))
        step = 0  # the last step number seen; a switch line stands between step and step + 1
        for line in text:
            m = re.match(r"\s*(\d+)\s", line)
            if m:
                step = int(m.group(1))
                if args.first <= step <= args.last:
                    print(line)
            elif "switch:" in line and args.first <= step < args.last:
                print(line)
    print("```")


def cmd_minimize_sample(args):
    """The summary line of `stackrace minimize` on a saved trace."""
    rel = f"scenarios/traces/{args.trace}"
    proc = sr("minimize", rel, "-o", CACHE / "minimized.trace")
    print("```")
    print(f"$ build/stackrace minimize {rel} -o short.trace")
    print(proc.stderr.rstrip("\n"))
    print("```")


def cmd_reductions_table(args):
    """States / transitions with and without the reductions (scenarios, small bench configs)."""
    rows = []
    for name, variant in (("select-stack-adjust", "fix"), ("recv-identical-senders", "fix")):
        rows.append((f"`{name}`, {variant}", f"scenarios/{name}.toml", variant))
    for mode, s, n in (("sel", 16, 2), ("recv", 16, 2)):
        path = bench_scenario(mode, s, n)
        rows.append((f"benchmark `fix {mode} {s} {n}`", path, "fix"))
    print("| scenario, variant | `--no-reduce` | reduced |")
    print("|---|---|---|")
    for label, path, variant in rows:
        cells = []
        for flags in (["--no-reduce"], []):
            v = json.loads(sr("explore", path, "--variant", variant, "--json", "--trace-dir",
                              CACHE / "traces" / "reductions", *flags).stdout)["variants"][0]
            cells.append(f"{v['states']:,} / {v['transitions']:,}")
        print(f"| {label} | {cells[0]} | {cells[1]} |")


BENCH = ROOT / "docs" / "data"
BENCH_VARIANT = {"prefix": "go1.6", "fix": "fix", "nocas": "fix-no-cas", "nolock": "fix-no-lock"}
# Configurations whose stackrace runs take seconds each: the check below skips them.
BENCH_EXPENSIVE = {"fix sel 16 6", "fix sel 64 4"}


def read_tsv(name):
    """(header comments as {key: value}, rows as dicts) of docs/data/NAME."""
    notes, rows, cols = {}, [], None
    for line in (BENCH / name).read_text().split("\n"):
        if line.startswith("#"):
            key, _, value = line[1:].strip().partition(": ")
            notes[key] = value
        elif line and cols is None:
            cols = line.split("\t")
        elif line:
            rows.append(dict(zip(cols, line.split("\t"))))
    return notes, rows


def cmd_bench_info(args):
    notes, _ = read_tsv("bench-results.tsv")
    for key in ("date", "machine", "versions"):
        print(f"- {key}: {notes[key]}")


def cmd_bench_table(args):
    """The SPIN comparison of docs/performance.md, from docs/data/bench-results.tsv."""
    _, rows = read_tsv("bench-results.tsv")
    print("| config | SPIN | stackrace | agree | spin_s | sr_s | ratio | spin_st/s | sr_st/s | spin_B/st | "
          "sr_B/st | spin_MB | sr_MB | sr_c_s | sr_c_B/st | sr_red_s | sr_red_st |")
    print("|---" * 17 + "|")
    for r in rows:
        sps, srs = float(r["spin_s"]), float(r["sr_s"])
        spst, srst = int(r["spin_states"]), int(r["sr_states"])
        ratio = sps / srs
        ratio = f"{ratio:.0f}x" if ratio >= 100 else f"{ratio:.1f}x"
        agree = "yes" if r["spin_verdict"] == r["sr_verdict"] else "NO"
        cells = [r["config"], r["spin_verdict"], r["sr_verdict"], agree, r["spin_s"], r["sr_s"], ratio,
                 f"{spst / sps:,.0f}", f"{srst / srs:,.0f}", f"{float(r['spin_mb']) * 2**20 / spst:,.0f}",
                 r["sr_bps"], f"{int(r['spin_mb']):,}", r["sr_mb"], r["sr_c_s"], r["sr_c_bps"], r["sr_red_s"],
                 f"{int(r['sr_red_states']):,}"]
        print("| " + " | ".join(cells) + " |")


def bench_scenario(mode, s, n):
    path = CACHE / f"bench-{mode}-{s}-{n}.toml"
    path.write_text(subprocess.run([sys.executable, ROOT / "tests/bench/gen_bench_scenario.py", mode, str(s),
                                    str(n)], capture_output=True, text=True, check=True).stdout)
    return path


def bench_run(path, variant, *flags):
    return json.loads(sr("explore", path, "--variant", variant, "--json", "--trace-dir",
                         CACHE / "traces" / "bench", *flags).stdout)["variants"][0]


def cmd_bench_states(args):
    """Recomputes the deterministic stackrace columns of docs/data/bench-results.tsv; exit 1 if
    one differs. The expensive configurations are listed, not run."""
    _, rows = read_tsv("bench-results.tsv")
    print("| config | states | states reduced | B/state | B/state `--compact` | verdict | now |")
    print("|---|---:|---:|---:|---:|---|---|")
    stale = []
    for r in rows:
        want = (r["sr_states"], r["sr_red_states"], r["sr_bps"], r["sr_c_bps"], r["sr_verdict"])
        if r["config"] in BENCH_EXPENSIVE:
            now = "not rerun (seconds per run)"
        else:
            variant, mode, s, n = r["config"].split()
            path = bench_scenario(mode, s, n)
            full, red, comp = (bench_run(path, BENCH_VARIANT[variant], *f) for f in
                               (["--no-reduce"], [], ["--compact", "--no-reduce"]))
            got = tuple(map(str, (full["states"], red["states"], full["bytes_per_state"],
                                  comp["bytes_per_state"], full["verdict"])))
            now = "the same" if got == want else f"DIFFERS: {' '.join(got)}"
            if got != want:
                stale.append(r["config"])
        print(f"| {r['config']} | {int(want[0]):,} | {int(want[1]):,} | {want[2]} | {want[3]} | {want[4]} | {now} |")
    if stale:
        sys.exit(f"docgen: docs/data/bench-results.tsv is stale for {', '.join(stale)}: "
                 f"rerun tests/bench/run.sh --results docs/data/bench-results.tsv")


def cmd_bench_other(args):
    """A table of docs/data/NAME (runs by hand: --jobs timings, the largest configuration)."""
    notes, rows = read_tsv(args.name)
    cols = list(rows[0].keys())
    print("| " + " | ".join(cols) + " |")
    print("|---" * len(cols) + "|")
    for r in rows:
        print("| " + " | ".join(f"{int(v):,}" if v.isdigit() and len(v) > 4 else v for v in r.values()) + " |")


def cmd_bench_targets(args):
    """The targets of the comparison and whether the recorded run meets them."""
    _, rows = read_tsv("bench-results.tsv")
    by = {r["config"]: r for r in rows}
    big = [by["fix sel 16 6"], by["fix sel 64 4"]]
    ratios = [float(r["spin_s"]) / float(r["sr_s"]) for r in big]
    c_ratios = [float(r["spin_s"]) / float(r["sr_c_s"]) for r in big]
    spin_bps = [float(r["spin_mb"]) * 2**20 / int(r["spin_states"]) for r in big]
    met = lambda ok: "met" if ok else "NOT met"
    print("| target | status |")
    print("|---|---|")
    print(f"| at least 3x faster than SPIN to the exhaustive verdict on `fix sel 16 6` and `fix sel 64 4`, "
          f"one core, no reductions | {met(min(ratios) >= 3)} with the exact visited set: "
          f"{ratios[0]:.1f}x and {ratios[1]:.1f}x (`--compact`: {c_ratios[0]:.1f}x and {c_ratios[1]:.1f}x) |")
    print(f"| bytes per stored state at most a quarter of SPIN's on those configurations | "
          f"{met(all(int(r['sr_bps']) * 4 <= b for r, b in zip(big, spin_bps)))}, exact: "
          f"{big[0]['sr_bps']} vs {spin_bps[0]:,.0f} and {big[1]['sr_bps']} vs {spin_bps[1]:,.0f} "
          f"(`--compact`: {big[0]['sr_c_bps']} and {big[1]['sr_c_bps']}, probabilistic, stated in the output) |")


RELEASES = ["go1.7", "go1.7.5", "go1.8", "go1.9", "go1.10", "go1.14", "go1.14.10", "go1.15",
            "go1.15.3", "go1.16", "go1.20", "go1.23", "go1.25"]


def cmd_releases_matrix(args):
    """Scenario x release: the verdict of each release variant (full search, both roots)."""
    table = explore_all()
    print("| scenario | " + " | ".join(RELEASES) + " |")
    print("|---" * (len(RELEASES) + 1) + "|")
    for name, runs in table.items():
        cells = []
        for variant in RELEASES:
            run = runs["both"][variant]
            cells.append(", ".join(ABBREV.get(p, p) for p in run["properties"])
                         if run["properties"] else run["verdict"])
        print(f"| `{name}` | " + " | ".join(cells) + " |")


def cmd_release_sources(args):
    """Each release variant's source, as `stackrace list variants` prints it."""
    lines = sr("list", "variants").stdout.splitlines()
    print("| variant | what it models | read from |")
    print("|---|---|---|")
    for i, line in enumerate(lines):
        name, _, desc = line.partition(" ")
        if name not in RELEASES:
            continue
        src = lines[i + 1].split("source:", 1)[1].strip()
        repo_commit, _, files = src.partition(", ")
        repo, _, commit = repo_commit.partition(" ")
        print(f"| `{name}` | {desc.strip()} | {repo} `{commit}`: {files} |")


def cmd_release_counterexamples(args):
    """Every violation of a release variant with its shortest counterexample's length."""
    table = explore_all()
    print("| scenario | release | property | shortest, steps |")
    print("|---|---|---|---:|")
    for name, runs in table.items():
        for variant in RELEASES:
            run = runs["both"][variant]
            for prop, steps in sorted(lengths(run).items(), key=lambda kv: (kv[1], kv[0])):
                note = root_note(prop, runs, variant)
                print(f"| `{name}` | {variant} | {prop} | {steps}" + (f" ({note})" if note else "") + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("variant-table", help="one variant in every scenario")
    p.add_argument("variant")
    p = sub.add_parser("verdict-matrix", help="the verdict of every variant and scenario")
    p.add_argument("kind", choices=["plain", "select"])
    p = sub.add_parser("steps", help="the matching steps of one counterexample")
    p.add_argument("scenario")
    p.add_argument("variant")
    p.add_argument("property")
    p.add_argument("--root", choices=ROOTS)
    p.add_argument("--match", action="append", default=[], help="regex on 'actor label changes' (default: the steps that matter)")
    p = sub.add_parser("explore-sample", help="the README's `stackrace explore`")
    p.add_argument("--mask", default="x.xx")
    p = sub.add_parser("check-sample", help="`stackrace check` with a failing row")
    p.add_argument("what", choices=["table", "junit"])
    p = sub.add_parser("trace-sample", help="a trace file, middle steps elided")
    p.add_argument("scenario")
    p.add_argument("variant")
    p.add_argument("property")
    p = sub.add_parser("replay-sample", help="lines of a replay")
    p.add_argument("scenario")
    p.add_argument("variant")
    p.add_argument("property")
    p.add_argument("--first", type=int, default=1)
    p.add_argument("--last", type=int, default=1)
    p.add_argument("--why", action="store_true")
    p = sub.add_parser("minimize-sample", help="the summary line of minimize")
    p.add_argument("trace")
    for name in ("bench-info", "bench-table", "bench-states", "bench-targets"):
        sub.add_parser(name, help="docs/performance.md, from docs/data/bench-results.tsv")
    p = sub.add_parser("bench-other", help="a table of docs/data/NAME")
    p.add_argument("name")
    sub.add_parser("reductions-table", help="counts with and without the reductions")
    sub.add_parser("releases-matrix", help="docs/releases.md: scenario x release verdicts")
    sub.add_parser("release-sources", help="docs/releases.md: where each release was read")
    sub.add_parser("release-counterexamples", help="docs/releases.md: each release violation")
    args = ap.parse_args()
    globals()["cmd_" + args.cmd.replace("-", "_")](args)


if __name__ == "__main__":
    main()
