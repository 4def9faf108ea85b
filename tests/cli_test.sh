#!/usr/bin/env bash
# CLI contract test: exit codes and one-line messages of `stackrace` (docs/user-guide.md).
# Usage: tests/cli_test.sh PATH/TO/stackrace   (run from the repository root)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

expect() {  # expect NAME CODE COMMAND... ; output in $tmp/out
    local name=$1 code=$2; shift 2
    "$@" >"$tmp/out" 2>&1
    local got=$?
    if [ "$got" -eq "$code" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $name: exit $got, expected $code"; sed 's/^/  | /' "$tmp/out" | head -20; fi
}
contains() {  # contains NAME TEXT : the last command's output contains TEXT
    if grep -qF -- "$2" "$tmp/out"; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL $1: output lacks: $2"; sed 's/^/  | /' "$tmp/out" | head -20; fi
}

expect "explore default" 0 "$bin" explore --trace-dir "$tmp/traces"
contains "explore default" "all 24 verdicts as expected"
contains "explore default" "fix-no-cas"

expect "explore json" 0 "$bin" explore scenarios/recv-stack-adjust.toml --json --trace-dir "$tmp/traces"
contains "explore json" '"verdict": "verified"'
if command -v python3 >/dev/null; then
    cp "$tmp/out" "$tmp/report.json"
    expect "json parses" 0 python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 0 and len(d["variants"]) == 24' "$tmp/report.json"
fi

# Reductions: on by default and named; --no-reduce gives the full search, same verdicts.
expect "reduced" 0 "$bin" explore --variant fix --trace-dir "$tmp/traces"
contains "reduced" "reductions: partial-order (step footprints), symmetry (no identical actors here)"
contains "reduced" "3941"
expect "no-reduce" 0 "$bin" explore --variant fix --no-reduce --trace-dir "$tmp/traces"
contains "no-reduce" "reductions: none"
contains "no-reduce" "7419"
expect "symmetry named" 0 "$bin" explore scenarios/recv-identical-senders.toml --variant fix --trace-dir "$tmp/traces"
contains "symmetry named" "symmetry (1 group of identical actors)"
expect "check no-reduce" 0 "$bin" check scenarios/select-stack-adjust.toml --no-reduce
contains "check no-reduce" "as expected"

sed 's/^"fix-no-cas" = \["lost-value"\]/"fix-no-cas" = "verified"/' scenarios/select-stack-adjust.toml > "$tmp/changed.toml"
expect "changed expectation" 1 "$bin" explore "$tmp/changed.toml" --variant fix-no-cas --trace-dir "$tmp/traces"
contains "changed expectation" "fix-no-cas: expected verified; expected verified, found lost-value"

expect "limit" 3 "$bin" explore --variant fix --max-states 50 --trace-dir "$tmp/traces"
contains "limit" "incomplete: stopped at 50 states; raise it with --max-states"

expect "unknown variant" 2 "$bin" explore --variant fixx
contains "unknown variant" '--variant: unknown variant "fixx"'
expect "releases group" 0 "$bin" explore --variant releases --trace-dir "$tmp/traces"
contains "releases group" "all 13 verdicts as expected"
expect "missing scenario" 2 "$bin" explore "$tmp/none.toml"
contains "missing scenario" "none.toml: cannot open scenario file"
# Output paths are checked before any exploration starts.
expect "junit unwritable" 2 "$bin" check scenarios/recv-stack-adjust.toml --junit "$tmp/none/r.xml"
contains "junit unwritable" "r.xml: --junit: cannot write here: its directory $tmp/none does not exist"
expect "trace dir under a file" 2 "$bin" explore --trace-dir README.md/traces
contains "trace dir under a file" "README.md/traces: --trace-dir: cannot write here: README.md is not a directory"
expect "html unwritable" 2 "$bin" replay scenarios/traces/select-stack-adjust.fix-no-cas.lost-value.trace --html "$tmp/none/r.html"
contains "html unwritable" "r.html: --html: cannot write here: its directory $tmp/none does not exist"
# Inputs are checked before they are read: no directory, device or oversized file is read.
expect "directory as scenario" 2 timeout 10 "$bin" explore scenarios
contains "directory as scenario" "scenarios: cannot read it as a scenario file: it is a directory"
expect "device as trace" 2 timeout 10 "$bin" replay /dev/zero
contains "device as trace" "/dev/zero: cannot read it as a trace file: it is a character device"
head -c 1100000 /dev/zero | tr '\0' '#' > "$tmp/huge.toml"
expect "huge scenario" 2 "$bin" explore "$tmp/huge.toml"
contains "huge scenario" "huge.toml: 1100000 bytes: a scenario file is at most 1048576 bytes"
{ printf 'stackrace-trace 1\ntool '; head -c 70000 /dev/zero | tr '\0' 'x'; echo; } > "$tmp/long.trace"
expect "long trace line" 2 "$bin" replay "$tmp/long.trace"
contains "long trace line" "long.trace:2: line of 70005 bytes: a line of a trace file is at most 65536 bytes"
printf '[stack]\nwords = "x"\n' > "$tmp/bad.toml"
expect "bad scenario" 2 "$bin" explore "$tmp/bad.toml"
contains "bad scenario" "bad.toml:2: \"words\" must be an integer"
expect "bad flag" 2 "$bin" explore --max-states -5

"$bin" list sites > "$tmp/sites.md"
expect "go source map is up to date (regenerate: build/stackrace list sites > docs/go-source-map.md)" 0 \
    diff docs/go-source-map.md "$tmp/sites.md"
expect "list variants sources" 0 "$bin" list variants
contains "list variants sources" "source: zhyoulun/go bf86aec25972f3a100c3aa58a6abcbcc35bdea49, src/runtime/stack.go"
for w in variants properties scenarios; do expect "list $w" 0 "$bin" list $w; done
contains "list scenarios" "select-stack-adjust.toml"

trace="$tmp/traces/select-stack-adjust.fix-no-cas.lost-value.trace"
expect "replay" 0 "$bin" replay "$trace"
contains "replay" "reproduced: lost-value"
contains "replay" "adjustpointers/write"
expect "replay verbose" 0 "$bin" replay "$trace" --verbose
contains "replay verbose" "stack.go"
contains "replay verbose" "    write new+"

sed 's/^violation lost-value/violation clobbered-local/' "$trace" > "$tmp/other.trace"
expect "replay other outcome" 1 "$bin" replay "$tmp/other.trace"
contains "replay other outcome" "DIFFERENT OUTCOME"

line=$(grep -n 'adjustpointers/write' "$trace" | head -1 | cut -d: -f1)
sed "${line}s#adjustpointers/write#adjustpointers/cas#" "$trace" > "$tmp/edited.trace"
expect "replay edited" 2 "$bin" replay "$tmp/edited.trace"
contains "replay edited" "edited.trace:$line: step"
contains "replay edited" "expects \"adjustpointers/cas\" for shrinker, but the model offers \"adjustpointers/write\""

head -n 20 "$trace" > "$tmp/truncated.trace"
expect "replay truncated" 2 "$bin" replay "$tmp/truncated.trace"
contains "replay truncated" "truncated trace"

cp scenarios/select-stack-adjust.toml "$tmp/s.toml"
sed "s#^scenario .*#scenario $tmp/s.toml#" "$trace" > "$tmp/moved.trace"
echo "# a comment does not change the model" >> "$tmp/s.toml"
expect "replay after a comment edit" 0 "$bin" replay "$tmp/moved.trace"
sed -i 's/value = 42 }/value = 41 }/' "$tmp/s.toml"
expect "replay changed scenario" 2 "$bin" replay "$tmp/moved.trace"
contains "replay changed scenario" "has changed since the trace was written"

# check, save, explore --save: the regression suite (docs/regression-testing.md).
strip_seconds() { sed -E 's/ +[0-9]+\.[0-9]+$//' "$1"; }
strip_times() { sed -E 's/ time="[0-9.]+"//g' "$1"; }
junit_counts() {  # junit_counts REPORT PATH FAILURES: testcases = scenarios x variants + traces
    python3 - "$@" <<'EOF'
import glob, os, sys, tomllib, xml.etree.ElementTree as ET
report, path, failures = sys.argv[1], sys.argv[2], int(sys.argv[3])
root = ET.parse(report).getroot()
runs = 0
for f in glob.glob(os.path.join(path, "**", "*.toml"), recursive=True):
    with open(f, "rb") as h:
        runs += len(set(tomllib.load(h).get("expect", {})) | {"fix"})
traces = len(glob.glob(os.path.join(path, "**", "*.trace"), recursive=True))
cases = list(root.iter("testcase"))
assert root.tag == "testsuites", root.tag
assert len(cases) == runs + traces, (len(cases), runs, traces)
assert int(root.get("tests")) == len(cases)
assert len(list(root.iter("failure"))) == failures == int(root.get("failures")), failures
assert sum(int(s.get("tests")) for s in root.iter("testsuite")) == len(cases)
EOF
}

expect "check library" 0 "$bin" check --junit "$tmp/library.xml"
contains "check library" "checks as expected"
if command -v python3 >/dev/null; then
    expect "check library junit" 0 junit_counts "$tmp/library.xml" scenarios 0
fi

suite="$tmp/suite"
mkdir -p "$suite"
cp scenarios/recv-stack-adjust.toml "$suite/"
sed 's/^"fix-no-cas" = .*/"fix-no-cas" = "verified"/' scenarios/recv-stack-adjust.toml > "$suite/changed.toml"
expect "explore --save" 0 "$bin" explore scenarios/recv-stack-adjust.toml --trace-dir "$tmp/raw" --save "$suite/traces"
contains "explore --save" "saved: $suite/traces/recv-stack-adjust.fix-no-cas.lost-value.trace"
saved="$suite/traces/recv-stack-adjust.fix-no-cas.lost-value.trace"
expect "saved scenario path is relative" 0 grep -qx 'scenario ../../../[^/].*/scenarios/recv-stack-adjust.toml' "$saved"
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
expect "saved trace replays from elsewhere" 0 sh -c 'cd / && "$0" replay "$1"' "$abs_bin" "$saved"
contains "saved trace replays from elsewhere" "reproduced: lost-value"
expect "explore --save without traces" 2 "$bin" explore scenarios/recv-stack-adjust.toml --trace-dir "" --save "$tmp/x"

expect "save" 0 "$bin" save "$trace" "$tmp/kept"
contains "save" "saved $trace as $tmp/kept/select-stack-adjust.fix-no-cas.lost-value.trace"
expect "save refuses another outcome" 2 "$bin" save "$tmp/other.trace" "$tmp/kept"
contains "save refuses another outcome" "other.trace: does not reproduce, not saved: the trace recorded clobbered-local after step"
expect "save refuses another outcome: one line" 0 test "$(wc -l < "$tmp/out")" -eq 1
expect "save refuses another outcome: nothing written" 1 test -e "$tmp/kept/other.trace"

line=$(grep -n 'adjustpointers/write' "$saved" | head -1 | cut -d: -f1)
step=$(sed -n "${line}p" "$saved" | cut -d' ' -f2)
sed "${line}s#adjustpointers/write#adjustpointers/cas#" "$saved" > "$suite/traces/edited.trace"
expect "check differs" 1 "$bin" check "$suite" --junit "$tmp/suite.xml" --jobs 1
cp "$tmp/out" "$tmp/jobs1.txt"
contains "check differs" "    expected verified, found lost-value"
contains "check differs" "    \$ stackrace explore $suite/changed.toml --variant fix-no-cas"
contains "check differs" "    $suite/traces/edited.trace:$line: step $step expects \"adjustpointers/cas\" for shrinker, but the model offers \"adjustpointers/write\""
contains "check differs" "    \$ stackrace replay $suite/traces/edited.trace"
contains "check differs" " STALE "
contains "check differs" "2 of "
if command -v python3 >/dev/null; then
    expect "check junit" 0 junit_counts "$tmp/suite.xml" "$suite" 2
fi
expect "check --jobs 3" 1 "$bin" check "$suite" --junit "$tmp/suite3.xml" --jobs 3
cp "$tmp/out" "$tmp/jobs3.txt"
strip_seconds "$tmp/jobs1.txt" > "$tmp/jobs1.cut"; strip_seconds "$tmp/jobs3.txt" > "$tmp/jobs3.cut"
expect "--jobs 1 and 3: same table" 0 diff "$tmp/jobs1.cut" "$tmp/jobs3.cut"
strip_times "$tmp/suite.xml" > "$tmp/suite.cut"; strip_times "$tmp/suite3.xml" > "$tmp/suite3.cut"
expect "--jobs 1 and 3: same JUnit" 0 diff "$tmp/suite.cut" "$tmp/suite3.cut"

sed 's/^violation lost-value/violation clobbered-local/' "$saved" > "$suite/traces/edited.trace"
expect "check other outcome" 1 "$bin" check "$suite/traces"
contains "check other outcome" "now gives lost-value after step"

head -n 20 "$saved" > "$suite/traces/edited.trace"
expect "check malformed trace" 2 "$bin" check "$suite"
contains "check malformed trace" "$suite/traces/edited.trace:21: truncated trace"
expect "check malformed trace: one line" 0 test "$(wc -l < "$tmp/out")" -eq 1
expect "check missing path" 2 "$bin" check "$tmp/none"
contains "check missing path" "none: no such file or directory"
expect "check bad jobs" 2 "$bin" check --jobs 0

# replay view: actor columns, switches, the explanation, --until state, --step without a terminal.
uaf=scenarios/traces/recv-stack-adjust.fix-no-lock.use-after-free.trace
expect "replay columns" 0 "$bin" replay "$uaf"
contains "replay columns" " step  shrinker"
contains "replay columns" "| G "
contains "replay columns" " switch: shrinker -> sender1"
contains "replay columns" "why: sender1 read sudog(G#0).elem = &x at step 8 before shrinker changed it to &x' at step 9; at step 33 sender1 wrote &obj(sender1) into old+0x08 (x) (freed memory)"
expect "replay --until" 0 "$bin" replay "$uaf" --until 9
contains "replay --until" "state after step 9:"
contains "replay --until" "lock held by sender1; recvq empty"
contains "replay --until" "elem=&x'"
contains "replay --until" "stack old (allocated):"
expect "replay --until: stops there" 1 grep -q "^ *10  " "$tmp/out"
expect "replay --until past the end" 2 "$bin" replay "$uaf" --until 500
contains "replay --until past the end" "--until: $uaf has 33 steps, there is no step 500"
expect "replay --step at end of input" 0 sh -c '"$0" replay "$1" --step < /dev/null' "$bin" "$uaf"
contains "replay --step at end of input" "reproduced: use-after-free at step 33"
expect "replay --step with Enter" 0 sh -c 'yes "" | "$0" replay "$1" --step' "$bin" "$uaf"
contains "replay --step with Enter" "reproduced: use-after-free at step 33"

# Edited and reordered traces: the one-line FILE:LINE message, exit 2.
sed 's/^step 5 sender1 chansend\/lock/step 5 shrinker chansend\/lock/' "$uaf" > "$tmp/actor.trace"
expect "replay edited actor" 2 "$bin" replay "$tmp/actor.trace" --scenario scenarios/recv-stack-adjust.toml
contains "replay edited actor" "actor.trace:14: step 5 expects \"chansend/lock\" for shrinker, but the model offers \"adjustsudogs/write-elem\""
sed -e '12{h;d}' -e '13{G}' "$uaf" > "$tmp/swapped.trace"
expect "replay swapped steps" 2 "$bin" replay "$tmp/swapped.trace" --scenario scenarios/recv-stack-adjust.toml
contains "replay swapped steps" "swapped.trace:12: step 4 out of order: expected step 3"
sed 's/^variant fix-no-lock/variant fix-no-lock\nvariant fix/' "$uaf" > "$tmp/twice.trace"
expect "replay duplicate record" 2 "$bin" replay "$tmp/twice.trace" --scenario scenarios/recv-stack-adjust.toml
contains "replay duplicate record" "twice.trace:7: duplicate \"variant\" record (first at line 6)"
expect "replay duplicate record: one line" 0 test "$(wc -l < "$tmp/out")" -eq 1

# minimize: fewer context switches, same length and violation; replays; idempotent.
gratuitous=scenarios/traces/select-stack-adjust.fix-sghi-no-selectdone.double-select-win.trace
expect "minimize" 0 "$bin" minimize "$gratuitous" -o "$tmp/min.trace"
contains "minimize" "27 steps, context switches 5 -> 2 (fewest possible)"
expect "minimized trace replays" 0 "$bin" replay "$tmp/min.trace" --scenario scenarios/select-stack-adjust.toml
contains "minimized trace replays" "reproduced: double-select-win at step 27"
expect "minimize is idempotent" 0 "$bin" minimize "$tmp/min.trace" -o "$tmp/min2.trace" --scenario scenarios/select-stack-adjust.toml
contains "minimize is idempotent" "context switches 2 -> 2"
expect "minimize is idempotent: same file" 0 cmp "$tmp/min.trace" "$tmp/min2.trace"
expect "minimize to stdout" 0 "$bin" minimize "$gratuitous"
contains "minimize to stdout" "stackrace-trace 1"
sed 's/^violation double-select-win/violation lost-value/' "$gratuitous" > "$tmp/min-other.trace"
expect "minimize refuses what does not reproduce" 1 "$bin" minimize "$tmp/min-other.trace" --scenario scenarios/select-stack-adjust.toml
contains "minimize refuses what does not reproduce" "does not reproduce, not minimized"
expect "minimize malformed" 2 "$bin" minimize "$tmp/none.trace"

# Internal errors: exit 70 with the schedule that reached them, as a trace that replays to the
# same assertion. STACKRACE_TEST_ASSERT_STEP is the test hook of checker/test_hook.h: every
# step with that label fails an internal assertion, as a bug in the model would.
hook=syncadjustsudogs/lock
broken="$tmp/internal/select-stack-adjust.fix.internal-error.trace"
expect "internal error" 70 env STACKRACE_TEST_ASSERT_STEP=$hook "$bin" explore --variant fix --trace-dir "$tmp/internal"
contains "internal error" "a step labelled $hook"
contains "internal error" "replay it with: stackrace replay $broken"
assertion=$(grep -m1 '^stackrace: internal error' "$tmp/out")
expect "internal error: the assertion" 0 test -n "$assertion"
expect "internal error trace replays to it" 70 env STACKRACE_TEST_ASSERT_STEP=$hook "$bin" replay "$broken"
contains "internal error trace replays to it" "$assertion"
contains "internal error trace replays to it" "step 6 shrinker $hook"
expect "internal error trace without the bug" 1 "$bin" replay "$broken"
contains "internal error trace without the bug" "DIFFERENT OUTCOME: the trace recorded internal error after step 6; the model now gives no violation"
expect "internal error in check" 70 env STACKRACE_TEST_ASSERT_STEP=$hook "$bin" check scenarios/select-stack-adjust.toml
contains "internal error in check" "$assertion"
contains "internal error in check" "the schedule that reached it, as a trace"
expect "internal error in minimize" 70 env STACKRACE_TEST_ASSERT_STEP=$hook "$bin" minimize "$gratuitous"
contains "internal error in minimize" "internal-error internal error:"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
