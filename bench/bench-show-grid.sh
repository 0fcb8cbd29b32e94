#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Shows grid benchmark (issue 8: "stay instant with 1,000 shows"): a temporary
# library of N shows (1,000) of E episodes (20) each, stored through the library's
# own merge by bench-show-grid itself, then the app's window under Xvfb: the
# longest main-loop block after the first frame, when the grid is given its shows
# again, when the sort changes (newest episode, then title) and when a filter is
# typed and cleared, beside a plain GtkGridView of as many labels in the same run
# and window (the toolkit's floor) as a ratio. Goal: no block over 16 ms.
# Not a test: timings depend on the machine. Run it with `nice` on a quiet machine.
#
# usage: bench/bench-show-grid.sh [BUILD_DIR] [N] [E]
#   LW_BENCH_VERBOSE=1   print every block over 16 ms as it happens, with its
#                        CLOCK_MONOTONIC start (for `perf script --time`)
#   LW_BENCH_WRAP=CMD    run the bench program under CMD, e.g.
#                        "perf record -k CLOCK_MONOTONIC -g -o perf.data"
#   LW_BENCH_RUNS=1      runs on the same library (the first one also fills it)
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/_build}
n=${2:-1000}
e=${3:-20}
runs=${LW_BENCH_RUNS:-1}
bench=$build/tests/ui/bench-show-grid

if [ ! -x "$bench" ]; then
  echo "bench-show-grid: $bench not built (meson compile -C $build)" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/data" "$tmp/cache" "$tmp/config"

# The environment of the UI tests: the cairo renderer, settings in memory, the
# schema from the build.
set -- env XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config" \
  GSK_RENDERER=cairo GDK_DEBUG=gl-disable GSETTINGS_BACKEND=memory \
  GSETTINGS_SCHEMA_DIR="$build/data" NO_AT_BRIDGE=1 ${LW_BENCH_WRAP:-} "$bench" "$n" "$e"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  set -- xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- "$@"
fi

status=0
i=1
while [ "$i" -le "$runs" ]; do
  [ "$runs" -gt 1 ] && echo "== run $i of $runs"
  "$@" || status=$?
  i=$((i + 1))
done
exit $status
