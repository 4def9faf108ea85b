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
contains "explore default" "all 10 verdicts as expected"
contains "explore default" "fix-no-cas"

expect "explore json" 0 "$bin" explore scenarios/recv-stack-adjust.toml --json --trace-dir "$tmp/traces"
contains "explore json" '"verdict": "verified"'
if command -v python3 >/dev/null; then
    cp "$tmp/out" "$tmp/report.json"
    expect "json parses" 0 python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 0 and len(d["variants"]) == 10' "$tmp/report.json"
fi

sed 's/^"fix-no-cas" = \["lost-value"\]/"fix-no-cas" = "verified"/' scenarios/select-stack-adjust.toml > "$tmp/changed.toml"
expect "changed expectation" 1 "$bin" explore "$tmp/changed.toml" --variant fix-no-cas --trace-dir "$tmp/traces"
contains "changed expectation" "fix-no-cas: expected verified; expected verified, found lost-value"

expect "limit" 3 "$bin" explore --variant fix --max-states 50 --trace-dir "$tmp/traces"
contains "limit" "incomplete: stopped at 50 states; raise it with --max-states"

expect "unknown variant" 2 "$bin" explore --variant fixx
contains "unknown variant" '--variant: unknown variant "fixx"'
expect "missing scenario" 2 "$bin" explore "$tmp/none.toml"
contains "missing scenario" "none.toml: cannot open scenario file"
printf '[stack]\nwords = "x"\n' > "$tmp/bad.toml"
expect "bad scenario" 2 "$bin" explore "$tmp/bad.toml"
contains "bad scenario" "bad.toml:2: \"words\" must be an integer"
expect "bad flag" 2 "$bin" explore --max-states -5

"$bin" list sites > "$tmp/sites.md"
expect "go source map is up to date (regenerate: build/stackrace list sites > docs/go-source-map.md)" 0 \
    diff docs/go-source-map.md "$tmp/sites.md"
for w in variants properties scenarios; do expect "list $w" 0 "$bin" list $w; done
contains "list scenarios" "select-stack-adjust.toml"

trace="$tmp/traces/select-stack-adjust.fix-no-cas.lost-value.trace"
expect "replay" 0 "$bin" replay "$trace"
contains "replay" "reproduced: lost-value"
contains "replay" "adjustpointers/write"
expect "replay verbose" 0 "$bin" replay "$trace" --verbose
contains "replay verbose" "stack.go: adjustpointers"

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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
