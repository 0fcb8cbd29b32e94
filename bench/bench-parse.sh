#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Parse benchmark (issue 3): `longwave-cli parse --json` against `xmllint --stream
# --noout` and Debian's python3-podcastparser on the synthetic feed of
# ../shared/bench/gen-feed.py. Median wall time of 5 runs each, and peak RSS.
# Not a test: timings depend on the machine (and on what else it runs: the CPU column,
# user + system time, is less sensitive to a busy machine than the wall time the goals
# are about). build-aux/install-bench-deps.sh installs the other tools.
#
# usage: bench/bench-parse.sh [BUILD_DIR] [EPISODES]
#   LW_GEN_FEED=path/to/gen-feed.py   where the generator is, if not ../shared/bench/
#   LW_BENCH_BIG=1                    also parse a ~100 MB feed and check peak memory
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/_build}
episodes=${2:-10000}
cli=$build/src/longwave-cli
runs=5

gen=${LW_GEN_FEED:-}
if [ -z "$gen" ]; then
  for candidate in "$repo/../shared/bench/gen-feed.py" "$repo/../../shared/bench/gen-feed.py"; do
    if [ -f "$candidate" ]; then
      gen=$candidate
      break
    fi
  done
fi
if [ -z "$gen" ] || [ ! -f "$gen" ]; then
  echo "bench-parse: gen-feed.py not found; set LW_GEN_FEED" >&2
  exit 2
fi
if [ ! -x "$cli" ]; then
  echo "bench-parse: $cli not built (meson compile -C $build)" >&2
  exit 2
fi
for tool in xmllint /usr/bin/time /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-parse: $tool missing: run build-aux/install-bench-deps.sh" >&2
    exit 2
  fi
done
if ! /usr/bin/python3 -c 'import podcastparser' 2>/dev/null; then
  echo "bench-parse: python3-podcastparser missing: run build-aux/install-bench-deps.sh" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

feed=$tmp/feed.xml
python3 "$gen" "$episodes" > "$feed"
size=$(stat -c %s "$feed")

# podcastparser as gPodder runs it, with its result written as JSON like ours.
cat > "$tmp/podcastparser-json.py" <<'PY'
import json, sys, podcastparser
with open(sys.argv[1], 'rb') as f:
    json.dump(podcastparser.parse('file://' + sys.argv[1], f), sys.stdout)
PY

# measure NAME COMMAND...: prints "NAME median_wall_seconds peak_kb median_cpu_seconds"
measure () {
  name=$1
  shift
  : > "$tmp/$name.times"
  i=0
  while [ $i -lt $runs ]; do
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/$name.time" "$@" > "$tmp/$name.out"
    cat "$tmp/$name.time" >> "$tmp/$name.times"
    i=$((i + 1))
  done
  cpu=$(awk '{ print $3 + $4 }' "$tmp/$name.times" | sort -n | sed -n "$(((runs + 1) / 2))p")
  sort -n "$tmp/$name.times" | awk -v name="$name" -v runs=$runs -v cpu="$cpu" '
    { t[NR] = $1; if ($2 > peak) peak = $2 }
    END { printf "%s %s %d %s\n", name, t[int((runs + 1) / 2)], peak, cpu }'
}

{
  measure longwave "$cli" parse --json "$feed"
  measure xmllint xmllint --stream --noout "$feed"
  measure podcastparser /usr/bin/python3 "$tmp/podcastparser-json.py" "$feed"
} > "$tmp/results"

/usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/longwave.out" \
  || { echo "bench-parse: longwave-cli wrote invalid JSON" >&2; exit 1; }

echo "feed: $episodes episodes, $size bytes ($(nproc) CPUs; median of $runs runs)"
awk '
  { name[NR] = $1; t[$1] = $2; kb[$1] = $3; cpu[$1] = $4 }
  END {
    printf "%-14s %10s %10s %12s\n", "tool", "median s", "CPU s", "peak RSS MB"
    for (i = 1; i <= NR; i++)
      printf "%-14s %10.3f %10.2f %12.1f\n", name[i], t[name[i]], cpu[name[i]], kb[name[i]] / 1024
    lw = t["longwave"] > 0 ? t["longwave"] : 0.001
    xl = t["xmllint"] > 0 ? t["xmllint"] : 0.001
    printf "longwave / xmllint      = %5.2fx (goal: at most 3x)\n", lw / xl
    printf "podcastparser / longwave = %5.2fx (goal: at least 8x)\n", t["podcastparser"] / lw
  }' "$tmp/results"

if [ "${LW_BENCH_BIG:-0}" = 1 ]; then
  big=$tmp/big.xml
  python3 "$gen" 40000 > "$big"
  big_size=$(stat -c %s "$big")
  /usr/bin/time -f '%e %M' -o "$tmp/big.time" "$cli" parse --json "$big" > /dev/null
  read -r big_s big_kb < "$tmp/big.time"
  limit_kb=$((big_size / 1024 * 2 + 50 * 1024))
  echo "big feed: $big_size bytes in ${big_s} s, peak RSS $((big_kb / 1024)) MB (limit: $((limit_kb / 1024)) MB)"
  [ "$big_kb" -le "$limit_kb" ] || { echo "bench-parse: over the memory limit" >&2; exit 1; }
fi
