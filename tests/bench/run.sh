#!/usr/bin/env bash
# tests/bench/run.sh: runs the SPIN reference model and stackrace on the same configurations,
# in the same run, and prints one table (docs/performance.md explains the columns).
#
#   tests/bench/run.sh [--results FILE] [CONFIG ...]   CONFIG is "VARIANT MODE S N", e.g. "fix sel 16 6"
#
# --results FILE also writes the raw figures, with the machine and the date, as a TSV file
# (docs/data/bench-results.tsv is the one docs/performance.md is generated from).
#
# stackrace runs with --no-reduce (SPIN runs without partial-order reduction), then with
# --compact --no-reduce, and once with its default reductions (the sr_red_* columns).
# Default configurations: the six of docs/performance.md. Needs the build (build/stackrace),
# Debian's spin and gcc (apt-get install -y spin gcc), python3, and the SPIN bench script in
# ../shared/bench/spin/ (or $SPIN_BENCH). Not a test: it only prints figures.
set -euo pipefail
results=""
if [ "${1:-}" = --results ]; then results=$2; shift 2; fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
spin_bench=${SPIN_BENCH:-$root/../shared/bench/spin/bench.sh}
bin=${STACKRACE:-$root/build/stackrace}
[ -x "$bin" ] || { echo "run.sh: $bin not built (cmake -S . -B build && cmake --build build)" >&2; exit 2; }
[ -f "$spin_bench" ] || { echo "run.sh: SPIN bench script not found at $spin_bench (set SPIN_BENCH)" >&2; exit 2; }
command -v spin >/dev/null || { echo "run.sh: spin not installed (apt-get install -y spin)" >&2; exit 2; }
if [ $# -eq 0 ]; then
    set -- "fix sel 16 2" "fix sel 16 6" "fix sel 64 4" "fix recv 16 2" "nocas sel 16 2" "prefix sel 16 2"
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if [ -n "$results" ]; then
    {
        echo "# stackrace vs SPIN, written by tests/bench/run.sh --results; docs/gen/docgen.py bench-* reads it."
        echo "# date: $(date -u +%Y-%m-%d)"
        echo "# machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
        echo "# versions: $(g++ --version | head -1), $(spin -V | head -1), stackrace $("$bin" --version 2>/dev/null)"
        echo "# timings (vary from run to run): spin_s sr_s sr_c_s sr_red_s spin_mb sr_mb"
        echo "# deterministic: spin_states sr_states sr_red_states sr_bps sr_c_bps and the verdicts"
        printf 'config\tspin_verdict\tsr_verdict\tspin_states\tsr_states\tsr_red_states\tspin_s\tsr_s\tsr_c_s\tsr_red_s\tspin_mb\tsr_mb\tsr_bps\tsr_c_bps\n'
    } > "$results"
fi
printf '%-16s %-10s %-10s %5s %9s %9s %7s %11s %11s %9s %9s %8s %8s %9s %9s %9s %10s\n' \
    config spin stackrace agree spin_s sr_s ratio spin_st/s sr_st/s spin_B/st sr_B/st spin_MB sr_MB sr_c_s sr_c_B/st \
    sr_red_s sr_red_st
for config in "$@"; do
    read -r variant mode s n <<<"$config"
    case $variant in prefix) sv=go1.6;; fix) sv=fix;; nocas) sv=fix-no-cas;; nolock) sv=fix-no-lock;;
        *) echo "run.sh: unknown variant $variant" >&2; exit 2;; esac
    python3 "$here/gen_bench_scenario.py" "$mode" "$s" "$n" > "$work/s.toml"
    spin_line=$(bash "$spin_bench" "$variant" "$mode" "$s" "$n")
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$spin_line"; }
    spin_states=$(field states); spin_s=$(field seconds); spin_mb=$(field rss_mb); spin_err=$(field errors)
    spin_verdict=verified; [ "$spin_err" = 0 ] || spin_verdict=violated
    # Like for like: stackrace without its reductions (--no-reduce), as SPIN runs without
    # partial-order reduction; the reduced run is reported on its own (sr_red_*).
    run_sr() {  # run_sr EXTRA_FLAGS -> sets sr_s sr_kb sr_json
        /usr/bin/time -f '%e %M' -o "$work/time" "$bin" explore "$work/s.toml" --variant "$sv" --json \
            --trace-dir "$work/traces" "$@" > "$work/out.json" || true
        read -r sr_s sr_kb < <(tail -n 1 "$work/time")
    }
    run_sr
    read -r sr_red_s _ < <(tail -n 1 "$work/time")
    sr_red_st=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["variants"][0]["states"])' "$work/out.json")
    run_sr --no-reduce
    read -r sr_verdict sr_states sr_bps < <(python3 -c '
import json,sys; v=json.load(open(sys.argv[1]))["variants"][0]
print(v["verdict"], v["states"], v["bytes_per_state"])' "$work/out.json")
    run_sr --compact --no-reduce
    read -r sr_c_s _ < <(tail -n 1 "$work/time")
    sr_c_bps=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["variants"][0]["bytes_per_state"])' "$work/out.json")
    run_sr --no-reduce
    agree=yes; [ "$spin_verdict" = "$sr_verdict" ] || agree=NO
    if [ -n "$results" ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%s\t%s\t%s\n' "$config" "$spin_verdict" \
            "$sr_verdict" "$spin_states" "$sr_states" "$sr_red_st" "$spin_s" "$sr_s" "$sr_c_s" "$sr_red_s" \
            "$spin_mb" "$(awk -v k="$sr_kb" 'BEGIN { printf "%.0f", k / 1024 }')" "$sr_bps" "$sr_c_bps" >> "$results"
    fi
    python3 - "$config" "$spin_verdict" "$sr_verdict" "$agree" "$spin_s" "$sr_s" "$spin_states" "$sr_states" \
        "$spin_mb" "$sr_kb" "$sr_bps" "$sr_c_s" "$sr_c_bps" "$sr_red_s" "$sr_red_st" <<'PY'
import sys
(config, spv, srv, agree, sps, srs, spst, srst, spmb, srkb, srbps, srcs, srcbps, srrs, srrst) = sys.argv[1:]
sps, srs, srcs = float(sps), float(srs), float(srcs)
spst, srst = int(spst), int(srst)
spin_bps = float(spmb) * 1024 * 1024 / max(spst, 1)
print(f"{config:<16} {spv:<10} {srv:<10} {agree:>5} {sps:9.2f} {srs:9.2f} {sps / max(srs, 1e-9):6.1f}x "
      f"{spst / max(sps, 1e-9):11.0f} {srst / max(srs, 1e-9):11.0f} {spin_bps:9.0f} {int(srbps):9d} "
      f"{float(spmb):8.0f} {int(srkb) / 1024:8.0f} {srcs:9.2f} {int(srcbps):9d} {float(srrs):9.2f} {int(srrst):10d}")
PY
done
