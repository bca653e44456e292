#!/usr/bin/env bash
# Cold start of `missionbot ask "…"`: wall time and peak memory (RSS) of the
# whole process, with a built index and with a missing one (rebuilt on start),
# as medians over several runs. Run from anywhere:
#
#   bash benches/cold_start.sh [RUNS]        (default 11 runs per case)
#
# Builds the release binary (locally only: CI never runs this). Measures in a
# temporary copy of config.toml and knowledge/, so the checkout's index/ is
# never touched. Wall time comes from `date +%s%N` around each run (the
# resolution /usr/bin/time gives is 10 ms); peak RSS from `/usr/bin/time -v`.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-11}"
question="${QUESTION:-Ako IOM rieši nelegálnu migráciu?}"

if [ ! -x /usr/bin/time ]; then
    echo "cold_start.sh needs GNU time at /usr/bin/time (not the shell keyword):" >&2
    echo "    apt-get install time" >&2
    exit 1
fi

cargo build --release --quiet -p missionbot
target="${CARGO_TARGET_DIR:-target}"
binary="$target/release/missionbot"
[ -x "$binary" ] || { echo "no binary at $binary" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp config.toml "$work/"
cp -r knowledge "$work/"
mkdir -p "$work/index"

# One run: prints "WALL_MS RSS_KB"; fails loudly if the command failed.
run_once() {
    local start end rss
    start=$(date +%s%N)
    /usr/bin/time -v -o "$work/time.txt" \
        "$binary" --config "$work/config.toml" ask "$question" >"$work/out.txt" 2>"$work/err.txt" || {
        echo "missionbot ask failed:" >&2
        cat "$work/err.txt" >&2
        exit 1
    }
    end=$(date +%s%N)
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    echo "$(( (end - start) / 1000 )) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print m}'; }

measure() {
    local label="$1" prepare="$2" results="$work/$1.txt"
    : >"$results"
    $prepare
    run_once >/dev/null # warm-up: page cache, binary loaded
    for _ in $(seq "$runs"); do
        $prepare
        run_once >>"$results"
    done
    local wall rss wall_min wall_max
    wall=$(cut -d' ' -f1 "$results" | median)
    wall_min=$(cut -d' ' -f1 "$results" | sort -n | head -1)
    wall_max=$(cut -d' ' -f1 "$results" | sort -n | tail -1)
    rss=$(cut -d' ' -f2 "$results" | median)
    printf '%-14s wall median %7.1f ms (min %.1f, max %.1f)   peak RSS median %6.1f MB   (%s runs)\n' \
        "$label" "$(echo "$wall / 1000" | bc -l)" "$(echo "$wall_min / 1000" | bc -l)" \
        "$(echo "$wall_max / 1000" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$runs"
}

keep_index() { :; }
drop_index() { find "$work/index" -mindepth 1 -delete; }

echo "missionbot ask \"$question\"  ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
# Build the index once so the first case starts from a built one.
"$binary" --config "$work/config.toml" index >/dev/null 2>&1
measure built-index keep_index
measure missing-index drop_index
