#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Refresh benchmark (issue 4): Longwave's `longwave-cli import`/`refresh` against
# Debian's gPodder `gpo import`/`gpo update`, side by side on the same data in the same
# run. N feeds × 100 episodes from ../shared/bench/gen-feed.py served on loopback by
# `python3 -m http.server`; three phases each:
#   import    subscribe to all N feeds from an OPML file
#   refresh   after every file was regenerated with another seed (all 200, all changed)
#   304       again: http.server answers If-Modified-Since with 304 for every feed
# Median wall time of LW_BENCH_RUNS runs (3), CPU time (user + system: less sensitive to
# a busy machine than wall time) and peak RSS from /usr/bin/time -v, and the ratios
# gpo/longwave. Not a test: timings depend on the machine.
# build-aux/install-bench-deps.sh installs gpodder and GNU time.
#
# usage: bench/bench-refresh.sh [BUILD_DIR] [N…]     (default N: 50 200 1000)
#   LW_GEN_FEED=path/to/gen-feed.py   where the generator is, if not ../shared/bench/
#   LW_BENCH_RUNS=3                   runs per size (each from an empty library)
#   LW_BENCH_NO_GPO=1                 time Longwave alone
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/_build}
[ $# -gt 0 ] && shift
sizes=${*:-50 200 1000}
runs=${LW_BENCH_RUNS:-3}
cli=$build/src/longwave-cli
helper=$repo/bench/bench-refresh.py
with_gpo=1
[ -n "${LW_BENCH_NO_GPO:-}" ] && with_gpo=

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
  echo "bench-refresh: gen-feed.py not found; set LW_GEN_FEED" >&2
  exit 2
fi
if [ ! -x "$cli" ]; then
  echo "bench-refresh: $cli not built (meson compile -C $build)" >&2
  exit 2
fi
for tool in /usr/bin/time python3 ${with_gpo:+gpo}; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-refresh: $tool missing: run build-aux/install-bench-deps.sh" >&2
    exit 2
  fi
done

tmp=$(mktemp -d)
server=
cleanup () {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 "$helper" port)
base=http://127.0.0.1:$port
mkdir -p "$tmp/www"
results=$tmp/results
: > "$results"

python3 -m http.server --bind 127.0.0.1 --directory "$tmp/www" "$port" > /dev/null 2> "$tmp/server.log" &
server=$!
python3 "$helper" wait "$port"

# Runs "$@" under /usr/bin/time; appends "N TOOL PHASE SECONDS RSS_KB CPU_SECONDS" to the results
# and says on stderr what the server answered meanwhile.
measure () {
  n=$1 tool=$2 phase=$3
  shift 3
  from=$(wc -l < "$tmp/server.log")
  status=0
  /usr/bin/time -v -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || status=$?
  line=$(python3 "$helper" time "$tmp/time")
  cpu=$(python3 "$helper" cpu "$tmp/time")
  codes=$(python3 "$helper" codes "$tmp/server.log" "$from")
  echo "$n $tool $phase $line $cpu" >> "$results"
  printf '  %-4s %-8s %6ss %8s KB %6ss cpu  exit %s  server: %s\n' "$tool" "$phase" $line "$cpu" "$status" "$codes" >&2
  if [ "$tool" = lw ] && [ "$status" != 0 ]; then
    head -5 "$tmp/err" >&2
  fi
}

for n in $sizes; do
  echo "== $n feeds × 100 episodes" >&2
  now=$(date +%s)
  rm -rf "$tmp/a" "$tmp/b" "$tmp/www/feed"
  # The first version an hour older than the second: every file changes Last-Modified.
  python3 "$helper" feeds "$gen" "$tmp/a" "$n" 0 "$base" $((now - 7200))
  python3 "$helper" feeds "$gen" "$tmp/b" "$n" 100000 "$base" $((now - 3600))
  python3 "$helper" opml "$n" "$base" > "$tmp/list.opml"

  for run in $(seq "$runs"); do
    echo " run $run" >&2
    for tool in ${with_gpo:+gpo} lw; do
      state=$tmp/state-$tool
      rm -rf "$state"
      mkdir -p "$state/data" "$state/downloads"
      ln -sfn ../a "$tmp/www/feed"
      if [ "$tool" = gpo ]; then
        set -- env GPODDER_HOME="$state/data" GPODDER_DOWNLOAD_DIR="$state/downloads" gpo
        measure "$n" gpo import "$@" import "$tmp/list.opml"
        ln -sfn ../b "$tmp/www/feed"
        measure "$n" gpo refresh "$@" update
        measure "$n" gpo 304 "$@" update
      else
        set -- env XDG_DATA_HOME="$state/data" "$cli"
        measure "$n" lw import "$@" import "$tmp/list.opml"
        ln -sfn ../b "$tmp/www/feed"
        measure "$n" lw refresh "$@" refresh
        measure "$n" lw 304 "$@" refresh
        # What the library holds: every show, the second version's episodes.
        shows=$(XDG_DATA_HOME="$state/data" "$cli" list | wc -l)
        episodes=$(XDG_DATA_HOME="$state/data" "$cli" episodes --all | wc -l)
        echo "  lw   holds $shows shows, $episodes episodes" >&2
      fi
    done
  done
done

echo >&2
python3 "$helper" table "$results"
