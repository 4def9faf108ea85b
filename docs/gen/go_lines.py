#!/usr/bin/env python3
"""Derives model/go_lines.def: each model step's Go file, function and line in each Go release.

For every Site of model/go_sites.def, SPECS below says where its statement is: the Go file, the
function, a literal piece of the statement's line and, where the function has it more than
once, anchors that narrow the search (the line must come after the `after` line and before the
`before` line, each found once in the function). Per release a spec may be replaced (the
statement moved or changed) or declared absent (the release does not have the statement; the
script then checks that the given text is indeed not there). The script reads the releases'
files from a git repository that carries Go's tags (e.g. a clone of golang/go) and stops with
an error when a statement is found zero or several times where a line is expected, or found
where it is declared absent.

It also derives the base table's lines (model/go_sites.def, go_line_no): stack.go from commit
276b177, every other file from the go1.7 release, and checks them against go_sites.def.

    docs/gen/go_lines.py --repo GO_GIT_DIR --write   # rewrite go_lines.def, go_sites.def's lines
    docs/gen/go_lines.py --repo GO_GIT_DIR --check   # exit 1 when either differs

No Go source is stored in this repository: the files are read with `git show TAG:src/runtime/F`.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RELEASES = ["go1.7", "go1.7.5", "go1.8", "go1.9", "go1.10"]
SEED = "276b177"  # the commit the model's shrinking code is (stack.go's base lines)


def S(file, func, pat, after=None, before=None):
    """Where a statement is: `pat` occurs once in `func` of `file` (between the anchors)."""
    return {"file": file, "func": func, "pat": pat, "after": after, "before": before}


def ABSENT(file, func, pat, after=None, before=None):
    """The release lacks the statement: `pat` must not occur in `func` (between the anchors);
    a missing function also counts as absent."""
    return dict(S(file, func, pat, after, before), absent=True)


SELECTDONE_GONE = "go1.10: selectdone moved to g.selectDone (commit 32b94f13cf)"
NO_CASGCOPYSTACK = "releases own the stack through scang's _Gscan bit"

# label -> (base spec, {release: spec replacing it from that release on})
# A per-release entry applies to that release and every later one, until the next entry.
SPECS = {
    "shrinkstack/casgcopystack": (
        S("stack.go", "shrinkstack", "oldstatus := casgcopystack(gp)"),
        {"go1.7": ABSENT("stack.go", "shrinkstack", "casgcopystack")}),
    "shrinkstack/gdead": (
        S("stack.go", "shrinkstack", "if readgstatus(gp) == _Gdead {"),
        {"go1.7": S("stack.go", "shrinkstack", "if gstatus&^_Gscan == _Gdead {")}),
    "findsghi/read-elem": (
        S("stack.go", "findsghi", "p := uintptr(sg.elem) + uintptr(sg.c.elemsize)"), {}),
    "findsghi/read-selectdone": (
        S("stack.go", "findsghi", "p = uintptr(unsafe.Pointer(sg.selectdone))"),
        {"go1.10": ABSENT("stack.go", "findsghi", "selectdone")}),
    "syncadjustsudogs/lock": (S("stack.go", "syncadjustsudogs", "lock(&sg.c.lock)",
                                before="adjustsudogs(gp, adjinfo)"), {}),
    "adjustsudogs/read-elem": (S("stack.go", "adjustpointer", "p := *pp"), {}),
    "adjustsudogs/write-elem": (S("stack.go", "adjustpointer", "*pp = p + adjinfo.delta"), {}),
    "adjustsudogs/read-selectdone": (
        S("stack.go", "adjustpointer", "p := *pp"),
        {"go1.10": ABSENT("stack.go", "adjustsudogs", "selectdone")}),
    "adjustsudogs/write-selectdone": (
        S("stack.go", "adjustpointer", "*pp = p + adjinfo.delta"),
        {"go1.10": ABSENT("stack.go", "adjustsudogs", "selectdone")}),
    "syncadjustsudogs/memmove-read": (
        S("stack.go", "syncadjustsudogs",
          "memmove(unsafe.Pointer(newBot), unsafe.Pointer(oldBot), sgsize)"), {}),
    "syncadjustsudogs/memmove-write": (
        S("stack.go", "syncadjustsudogs",
          "memmove(unsafe.Pointer(newBot), unsafe.Pointer(oldBot), sgsize)"), {}),
    "syncadjustsudogs/unlock": (S("stack.go", "syncadjustsudogs", "unlock(&sg.c.lock)"), {}),
    "copystack/memmove-read": (
        S("stack.go", "copystack",
          "memmove(unsafe.Pointer(new.hi-ncopy), unsafe.Pointer(old.hi-ncopy), ncopy)"), {}),
    "copystack/memmove-write": (
        S("stack.go", "copystack",
          "memmove(unsafe.Pointer(new.hi-ncopy), unsafe.Pointer(old.hi-ncopy), ncopy)"), {}),
    "copystack/swap": (S("stack.go", "copystack", "gp.stack = new"), {}),
    "adjustpointers/read": (S("stack.go", "adjustpointers", "p := *pp"), {}),
    "adjustpointers/cas": (
        S("stack.go", "adjustpointers",
          "if !atomic.Casp1(ppu, unsafe.Pointer(p), unsafe.Pointer(p+delta)) {"), {}),
    "adjustpointers/write": (S("stack.go", "adjustpointers", "*pp = p + delta"), {}),
    "copystack/stackfree": (
        S("stack.go", "copystack", "stackfree(old, oldsize)"),
        {"go1.9": S("stack.go", "copystack", "stackfree(old)")}),
    "shrinkstack/casgstatus": (
        S("stack.go", "shrinkstack", "casgstatus(gp, _Gcopystack, oldstatus)"),
        {"go1.7": ABSENT("stack.go", "shrinkstack", "_Gcopystack")}),
    "newstack/casgcopystack": (
        S("stack.go", "newstack", "casgstatus(gp, _Grunning, _Gcopystack)"), {}),
    "newstack/casgstatus": (
        S("stack.go", "newstack", "casgstatus(gp, _Gcopystack, _Grunning)"), {}),
    "selectgo/sellock": (S("select.go", "sellock", "lock(&c.lock)"), {}),
    "selectgo/pass1": (
        S("select.go", "selectgoImpl", "// pass 1 - look for something already waiting"),
        {"go1.9": S("select.go", "selectgo", "// pass 1 - look for something already waiting")}),
    "recv/from-sender": (
        S("chan.go", "recv", "typedmemmove(c.elemtype, ep, sg.elem)"),
        {"go1.8": S("chan.go", "recv", "recvDirect(c.elemtype, sg, ep)")}),
    "recv/from-buffer": (S("chan.go", "chanrecv", "typedmemmove(c.elemtype, ep, qp)"), {}),
    "selectgo/selunlock-pass1": (S("select.go", "selunlock", "unlock(&c.lock)"), {}),
    "recv/goready": (S("chan.go", "recv", "goready(gp, "), {}),
    "selectgo/enqueue": (
        S("select.go", "selectgoImpl", "c.recvq.enqueue(sg)"),
        {"go1.9": S("select.go", "selectgo", "c.recvq.enqueue(sg)")}),
    "chanrecv/lock": (S("chan.go", "chanrecv", "lock(&c.lock)"), {}),
    "chanrecv/enqueue": (S("chan.go", "chanrecv", "c.recvq.enqueue(mysg)"), {}),
    "gopark/park_m": (S("proc.go", "park_m", "casgstatus(gp, _Grunning, _Gwaiting)"), {}),
    # The unlock inside the loop (a channel passed for the last time); the one after the loop
    # unlocks the last channel.
    "selparkcommit/unlock": (
        S("select.go", "selparkcommit", "unlock(&lastc.lock)", before="lastc = sg.c"), {}),
    "goparkunlock/unlock": (S("proc.go", "parkunlock_c", "unlock((*mutex)(lock))"), {}),
    "schedule/execute": (S("proc.go", "execute", "casgstatus(gp, _Grunnable, _Grunning)"), {}),
    "selectgo/sellock-wakeup": (
        S("select.go", "selectgoImpl", "sellock(scases, lockorder)", after="gopark(selparkcommit"),
        {"go1.9": S("select.go", "selectgo", "sellock(scases, lockorder)",
                    after="gopark(selparkcommit")}),
    "selectgo/pass3-clear": (
        S("select.go", "selectgoImpl", "sg1.selectdone = nil"),
        {"go1.9": S("select.go", "selectgo", "sg1.selectdone = nil"),
         "go1.10": S("select.go", "selectgo", "sg1.isSelect = false")}),
    "selectgo/pass3-dequeue": (
        S("select.go", "selectgoImpl", "c.recvq.dequeueSudoG(sglist)"),
        {"go1.9": S("select.go", "selectgo", "c.recvq.dequeueSudoG(sglist)")}),
    "selectgo/selunlock": (S("select.go", "selunlock", "unlock(&c.lock)"), {}),
    # The unlock of the buffered receive (the others: closed channel, non-blocking).
    "chanrecv/unlock": (
        S("chan.go", "chanrecv", "unlock(&c.lock)", after="c.qcount--", before="if !block"), {}),
    "chanrecv/wakeup": (S("chan.go", "chanrecv", "gp.waiting = nil"), {}),
    "TestSelectStackAdjust/check": (
        S("chan_test.go", "TestSelectStackAdjust", "if cx != &val {"), {}),
    "chansend/lock": (S("chan.go", "chansend", "lock(&c.lock)"), {}),
    "dequeue/pop": (S("chan.go", "dequeue", "sgp := q.first"), {}),
    "dequeue/read-selectdone": (
        S("chan.go", "dequeue", "if sgp.selectdone != nil {"),
        {"go1.10": ABSENT("chan.go", "dequeue", "selectdone")}),
    "dequeue/load-done": (
        S("chan.go", "dequeue", "if *sgp.selectdone != 0 || !atomic.Cas(sgp.selectdone, 0, 1) {"),
        {"go1.10": ABSENT("chan.go", "dequeue", "selectdone")}),
    "dequeue/cas-done": (
        S("chan.go", "dequeue", "if *sgp.selectdone != 0 || !atomic.Cas(sgp.selectdone, 0, 1) {"),
        {"go1.10": ABSENT("chan.go", "dequeue", "selectdone")}),
    "send/read-elem": (S("chan.go", "sendDirect", "dst := sg.elem"), {}),
    "sendDirect/write": (S("chan.go", "sendDirect", "memmove(dst, src, t.size)"), {}),
    "send/clear-elem": (S("chan.go", "send", "sg.elem = nil"), {}),
    "send/unlock": (S("chan.go", "send", "unlockf()"), {}),
    "send/goready": (S("chan.go", "send", "goready(gp, "), {}),
    "chansend/buf-put": (S("chan.go", "chansend", "typedmemmove(c.elemtype, qp, ep)"), {}),
    "chansend/unlock": (
        S("chan.go", "chansend", "unlock(&c.lock)", after="c.qcount++", before="if !block"), {}),
    "chansend/enqueue": (S("chan.go", "chansend", "c.sendq.enqueue(mysg)"), {}),
    "chansend/wakeup": (S("chan.go", "chansend", "gp.waiting = nil"), {}),
    "recv/read-elem": (
        S("chan.go", "recv", "typedmemmove(c.elemtype, ep, sg.elem)"),
        {"go1.8": S("chan.go", "recvDirect", "src := sg.elem")}),
    "recv/copy-word": (
        S("chan.go", "recv", "typedmemmove(c.elemtype, ep, sg.elem)"),
        {"go1.8": S("chan.go", "recvDirect", "memmove(dst, src, t.size)")}),
    "recv/clear-elem": (S("chan.go", "recv", "sg.elem = nil"), {}),
    "recv/unlock": (S("chan.go", "recv", "unlockf()"), {}),
    # The return right after recv (a waiting sender's value).
    "chanrecv/return": (
        S("chan.go", "chanrecv", "return true, true", after="recv(c, sg, ep,",
          before="if c.qcount > 0 {"), {}),
    "send/to-receiver": (S("chan.go", "send", "sendDirect(c.elemtype, sg, ep)"), {}),
    "chanrecv/closed": (S("chan.go", "chanrecv", "if c.closed != 0 && c.qcount == 0 {"), {}),
    "closechan/lock": (S("chan.go", "closechan", "lock(&c.lock)", before="c.closed = 1"), {}),
    "closechan/set-closed": (S("chan.go", "closechan", "c.closed = 1"), {}),
    "closechan/read-elem": (S("chan.go", "closechan", "if sg.elem != nil {"), {}),
    "closechan/memclr": (
        S("chan.go", "closechan", "memclr(sg.elem, uintptr(c.elemsize))"),
        {"go1.8": S("chan.go", "closechan", "typedmemclr(c.elemtype, sg.elem)")}),
    # The readers' loop (the first; the senders' loop clears sg.elem too).
    "closechan/clear-elem": (
        S("chan.go", "closechan", "sg.elem = nil", before="c.sendq.dequeue()"), {}),
    # Go 1.6 readied the goroutines under c.lock; Go 1.7 (and the seed commit) after unlocking.
    "closechan/goready-locked": (
        ABSENT("chan.go", "closechan", "goready(", before="unlock(&c.lock)", after="c.closed = 1"),
        {}),
    "closechan/unlock": (S("chan.go", "closechan", "unlock(&c.lock)", after="c.closed = 1"), {}),
    "closechan/goready": (S("chan.go", "closechan", "goready(gp, 3)"), {}),
    "exit": (S("proc.go", "goexit1", "mcall(goexit0)"), {}),
    # throw's call sites vary; the line is that of func throw.
    "throw/fatal-error": (S("panic.go", "throw", "func throw(s string) {"), {}),
    "scang/castogscanstatus": (
        S("proc.go", "scang", "if castogscanstatus(gp, s, s|_Gscan) {"), {}),
    "scang/restartg": (S("proc.go", "restartg", "casfrom_Gscanstatus(gp, s, s&^_Gscan)"), {}),
    "dequeue/cas-g-selectdone": (
        ABSENT("chan.go", "dequeue", "selectDone"),
        {"go1.10": S("chan.go", "dequeue", "if !atomic.Cas(&sgp.g.selectDone, 0, 1) {",
                     after="if sgp.isSelect {")}),
}


class Source:
    """The runtime files of one tag or commit, read from the git repository."""

    def __init__(self, repo, rev):
        self.repo, self.rev, self.files = repo, rev, {}

    def lines(self, file):
        if file not in self.files:
            proc = subprocess.run(["git", "-C", self.repo, "show", f"{self.rev}:src/runtime/{file}"],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(f"{self.rev}: cannot read src/runtime/{file}: {proc.stderr.strip()}")
            self.files[file] = proc.stdout.split("\n")
        return self.files[file]


FUNC = re.compile(r"^func (?:\([^)]*\) )?(\w+)\(")


def function_range(lines, name):
    """[first, end) 0-based line indexes of top-level func `name` (a method counts by its
    name), or None; several definitions are an error."""
    starts = [i for i, l in enumerate(lines) if (m := FUNC.match(l)) and m.group(1) == name]
    if len(starts) > 1:
        raise LookupError(f"func {name} is defined {len(starts)} times")
    if not starts:
        return None
    end = next(i for i in range(starts[0], len(lines)) if lines[i] == "}")
    return starts[0], end + 1


def has(line, pat):
    """pat occurs in line, not as the tail of a longer name (`lock(` is not in `unlock(`)."""
    return any(at == 0 or not (line[at - 1].isalnum() or line[at - 1] in "_.")
               for at in (m.start() for m in re.finditer(re.escape(pat), line)))


def unique(lines, lo, hi, pat, what):
    hits = [i for i in range(lo, hi) if has(lines[i], pat)]
    if len(hits) != 1:
        where = ", ".join(str(i + 1) for i in hits) or "nowhere"
        raise LookupError(f"{what} `{pat}` found {len(hits)} times (lines {where})")
    return hits[0]


def locate(src, spec):
    """(file, func, line, text) of the spec's statement in src, or None when it is absent."""
    lines = src.lines(spec["file"])
    rng = function_range(lines, spec["func"])
    where = f"{spec['file']} func {spec['func']}"
    if rng is None:
        if spec.get("absent"):
            return None
        raise LookupError(f"{where}: no such function")
    lo, hi = rng
    if spec["after"]:
        lo = unique(lines, lo, hi, spec["after"], f"{where}: anchor") + 1
    if spec["before"]:
        hi = unique(lines, lo, hi, spec["before"], f"{where}: anchor")
    if spec.get("absent"):
        hits = [i + 1 for i in range(lo, hi) if has(lines[i], spec["pat"])]
        if hits:
            raise LookupError(f"{where}: declared absent, but `{spec['pat']}` is at {hits}")
        return None
    i = unique(lines, lo, hi, spec["pat"], f"{where}:")
    return spec["file"], spec["func"], i + 1, lines[i].strip()


def spec_for(label, release):
    base, changes = SPECS[label]
    spec = base
    for r in RELEASES:
        spec = changes.get(r, spec)
        if r == release:
            break
    return spec


def derive(repo):
    """{release: {label: (file, func, line, text) or None}} and the base lines {label: line}."""
    table, errors = {}, []
    for release in RELEASES:
        src = Source(repo, release)
        table[release] = {}
        for label in SPECS:
            try:
                table[release][label] = locate(src, spec_for(label, release))
            except LookupError as e:
                errors.append(f"{release} {label}: {e}")
    base = {}
    seed, go17 = Source(repo, SEED), Source(repo, "go1.7")
    for label, (spec, _) in SPECS.items():
        try:
            found = locate(seed if spec["file"] == "stack.go" else go17, spec)
        except LookupError as e:
            errors.append(f"base {label}: {e}")
            continue
        base[label] = found[2] if found else 0
    if errors:
        sys.exit("go_lines.py: statements not found as specified:\n  " + "\n  ".join(errors))
    return table, base


SR_SITE = re.compile(r'^SR_SITE\((\w+), "([^"]+)"(.*?,\s+)(\d+), (true|false)\)$',
                     re.MULTILINE | re.DOTALL)


def site_labels():
    """The Site labels of model/go_sites.def in order, with their base line and approx flag."""
    text = (ROOT / "model/go_sites.def").read_text()
    return [(m.group(1), m.group(2), int(m.group(4)), m.group(5) == "true")
            for m in SR_SITE.finditer(text)]


def write_base(base):
    """Sets go_sites.def's go_line_no (and go_line_approx = false) to the derived lines."""
    path = ROOT / "model/go_sites.def"

    def fix(m):
        line = base[m.group(2)]
        approx = m.group(5) if line == 0 else "false"
        return f'SR_SITE({m.group(1)}, "{m.group(2)}"{m.group(3)}{line}, {approx})'

    path.write_text(SR_SITE.sub(fix, path.read_text()))


def render(table, sites):
    out = [
        "// model/go_lines.def: each Site's Go file, function and line in each Go release.",
        "//",
        "// GENERATED by docs/gen/go_lines.py from the releases' src/runtime files (tags go1.7,",
        "// go1.7.5, go1.8, go1.9, go1.10); do not edit. SR_GO_LINE(release, site, file, function,",
        "// line), the matched source line in the comment after it. A (release, site) with no",
        "// entry: the release does not have the statement (tests/model/go_lines_test.cpp lists",
        "// those). Each includer defines SR_GO_LINE first.",
        "",
    ]
    for release in RELEASES:
        out.append(f"// {release}")
        for ident, label, _, _ in sites:
            found = table[release][label]
            if found is None:
                continue
            file, func, line, text = found
            out.append(f'SR_GO_LINE("{release}", {ident}, "{file}", "{func}", {line})  // {text}')
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, help="git dir with Go's release tags")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = ap.parse_args()

    sites = site_labels()
    labels = [label for _, label, _, _ in sites]
    if sorted(labels) != sorted(SPECS):
        sys.exit(f"go_lines.py: SPECS and go_sites.def differ: "
                 f"{sorted(set(labels) ^ set(SPECS))}")
    table, base = derive(args.repo)
    if args.write:
        write_base(base)
        sites = site_labels()
    failed = False
    text = (ROOT / "model/go_sites.def").read_text()
    for m in re.finditer(r'^SR_SITE\(\w+, "([^"]+)", "([^"]+)", "([^"]+)",', text, re.MULTILINE):
        spec = SPECS[m.group(1)][0]
        if (spec["file"], spec["func"]) != (m.group(2), m.group(3)):
            print(f"model/go_sites.def: {m.group(1)}: {m.group(2)} {m.group(3)}, but the base "
                  f"statement is in {spec['file']} {spec['func']}", file=sys.stderr)
            failed = True
    for _, label, line, approx in sites:
        if line != base[label] or (line != 0 and approx):
            print(f"model/go_sites.def: {label}: line {line}{' (approx)' if approx else ''}, "
                  f"derived {base[label] or '- (absent)'}", file=sys.stderr)
            failed = True
    path = ROOT / "model/go_lines.def"
    text = render(table, sites)
    if args.write:
        path.write_text(text)
    elif not path.exists() or path.read_text() != text:
        print(f"{path.relative_to(ROOT)} differs from the releases' source (run --write)",
              file=sys.stderr)
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
