#!/usr/bin/env bash
# HTML report test: `stackrace replay TRACE --html FILE` writes a self-contained page that a
# real browser (headless Chromium) renders without a script error, with one box per step.
# Usage: tests/html_test.sh PATH/TO/stackrace   (run from the repository root)
# Exit 77 (CTest: skipped) when no chromium is installed (.ci/install installs it).
set -u
bin=$1
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "SKIP: chromium is not installed (bash .ci/install installs it); the HTML report was not checked in a browser"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
}
headless() {  # headless ARGS... : one Chromium run with no network, profile or GPU
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$tmp/profile.$RANDOM" "$@"
}

for trace in scenarios/traces/recv-stack-adjust.fix-no-lock.use-after-free.trace \
             scenarios/traces/select-stack-adjust.fix-no-cas.lost-value.trace; do
    name=$(basename "$trace" .trace)
    steps=$(grep -c '^step ' "$trace")
    check "$name: replay --html exits 0" "$bin" replay "$trace" --html "$tmp/$name.html" >"$tmp/$name.out"
    check "$name: the report is announced" grep -qF "html report: $tmp/$name.html" "$tmp/$name.out"
    # Self-contained: no element loads anything (scripts, styles, fonts, images are inline).
    check "$name: no external resources" bash -c '! grep -Eiq "<(script|link|img|iframe)[^>]*(src|href)=|@import|url\(http" "$0"' "$tmp/$name.html"
    headless --enable-logging=stderr --v=0 --dump-dom "file://$tmp/$name.html" >"$tmp/$name.dom" 2>"$tmp/$name.err"
    check "$name: the page's script ran to the end" grep -q 'data-rendered="ok"' "$tmp/$name.dom"
    check "$name: no uncaught script error" bash -c '! grep -q "Uncaught" "$0"' "$tmp/$name.err"
    boxes=$(grep -o 'class="step-box[^"]*"' "$tmp/$name.dom" | wc -l)
    check "$name: one box per step ($boxes boxes, $steps steps)" test "$boxes" -eq "$steps"
    check "$name: the violating step is highlighted" test "$(grep -o 'class="step-box violation' "$tmp/$name.dom" | wc -l)" -eq 1
    check "$name: the selected step shows both stacks" grep -q 'old stack' "$tmp/$name.dom"
    check "$name: ... and the sudogs" grep -q 'sudog(G#0)' "$tmp/$name.dom"
    check "$name: ... with pointer arrows" grep -q '<path d="M' "$tmp/$name.dom"
done
headless --window-size=1600,1000 --screenshot="$tmp/shot.png" "file://$tmp/recv-stack-adjust.fix-no-lock.use-after-free.html" >/dev/null 2>&1
check "screenshot" test -s "$tmp/shot.png"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
