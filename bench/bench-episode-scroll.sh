#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Episode list benchmark (issue 8): a show of N episodes (10,000) from
# ../shared/bench/gen-feed.py, subscribed through `longwave-cli subscribe` from a
# loopback `python3 -m http.server` into a temporary library, then opened in the
# app's window under Xvfb as a click on its tile does, and its list scrolled from top
# to bottom one page per frame. Reports the time to open the show and each frame's
# work (GdkFrameClock update → after-paint) as median, 99th percentile and max,
# beside a plain GtkListView of as many labels in the same run and window (the
# toolkit's floor), and the work of every main-loop iteration, frame or not (a
# click's handler; GDK's own measuring of the window's minimum size). Goal: the main
# loop never blocked over 16 ms, opening and scrolling. Not a test: timings depend on
# the machine; the CPU time of the main thread is printed beside the wall clock.
#
# usage: bench/bench-episode-scroll.sh [BUILD_DIR] [N]
#   LW_GEN_FEED=path/to/gen-feed.py   where the generator is, if not ../shared/bench/
#   LW_BENCH_WARM=1      open the show once before, and measure the second opening
#   LW_BENCH_WARM=other  the same, with another episode shown in between
#   LW_BENCH_VERBOSE=1   each frame and each iteration over 4 ms CPU of the opening,
#                        with its CLOCK_MONOTONIC start (for `perf script --time`)
#   LW_BENCH_PHASES=1    when each frame clock phase's handlers end
#   LW_BENCH_FRAMES=N    stop each scroll after N frames (profiling)
#   LW_BENCH_OPEN_WAIT=MS start scrolling MS after the opening's first frame, not
#                        600 (a list scrolled while its rows still come in)
#   LW_BENCH_SLOW=MS     name each frame over MS of CPU
#   LW_BENCH_CALLGRIND=1 count instructions instead (valgrind, from
#                        build-aux/install-bench-deps.sh): each main-loop iteration
#                        of the opening and of the floor's, to its first frame,
#                        and a frame's mean over scroll frames LW_BENCH_COUNT_FROM
#                        (60) to LW_BENCH_FRAMES (90), Longwave's and the floor's;
#                        a loaded machine does not change them (takes minutes);
#                        LW_BENCH_CALLGRIND_KEEP=DIR keeps callgrind's files there
#   LW_BENCH_WRAP=CMD    run the bench program under CMD, e.g.
#                        "perf record -k CLOCK_MONOTONIC -g -o perf.data"
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/_build}
n=${2:-10000}
cli=$build/src/longwave-cli
bench=$build/tests/ui/bench-episode-scroll
helper=$repo/bench/bench-refresh.py

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
  echo "bench-episode-scroll: gen-feed.py not found; set LW_GEN_FEED" >&2
  exit 2
fi
for program in "$cli" "$bench"; do
  if [ ! -x "$program" ]; then
    echo "bench-episode-scroll: $program not built (meson compile -C $build)" >&2
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
mkdir -p "$tmp/www" "$tmp/data" "$tmp/cache"
python3 "$gen" "$n" 1 "http://127.0.0.1:$port" > "$tmp/www/feed.xml"
python3 -m http.server --bind 127.0.0.1 --directory "$tmp/www" "$port" > /dev/null 2>&1 &
server=$!
python3 "$helper" wait "$port"

echo "== subscribing to a feed of $n episodes ($(du -h "$tmp/www/feed.xml" | cut -f1))" >&2
XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache "$cli" subscribe "http://127.0.0.1:$port/feed.xml" >&2

kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
server=

if [ -n "${LW_BENCH_CALLGRIND:-}" ]; then
  mkdir -p "$tmp/callgrind"
  LW_BENCH_WRAP="valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$tmp/callgrind/out.%p"
  # Scroll frames 60 to 90: past the frames where the list's last rows come in.
  LW_BENCH_FRAMES=${LW_BENCH_FRAMES:-90}
  LW_BENCH_COUNT_FROM=${LW_BENCH_COUNT_FROM:-60}
  export LW_BENCH_FRAMES LW_BENCH_COUNT_FROM
fi

# The environment of the UI tests: the cairo renderer, settings in memory, the
# schema from the build.
set -- env XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
  GSK_RENDERER=cairo GDK_DEBUG=gl-disable GSETTINGS_BACKEND=memory \
  GSETTINGS_SCHEMA_DIR="$build/data" NO_AT_BRIDGE=1 ${LW_BENCH_WRAP:-} "$bench"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  set -- xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$@"
fi
status=0
"$@" || status=$?

if [ -n "${LW_BENCH_CALLGRIND:-}" ]; then
  echo
  echo "instructions of each iteration to the first frame (callgrind)"
  for f in $(cd "$tmp/callgrind" && ls out.*.* | sort -t. -k3 -n); do
    f=$tmp/callgrind/$f
    printf '%s\t%s\n' "$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")" "$(sed -n 's/^totals: //p' "$f")"
  done | awk -F'\t' '
    $2 == "" || $2 < 100000 { next }
    $1 ~ /^scroll: / {
      n = $1; sub(/.*, /, "", n); n += 0
      name = $1; sub(/^scroll: /, "", name); sub(/,.*/, "", name)
      scroll[name] = $2 / n
      next
    }
    { printf "  %-22s %7.1f M\n", $1, $2 / 1e6 }
    $1 ~ /^opening/ && $2 > open { open = $2 }
    $1 ~ /^floor/ && $2 > floor { floor = $2 }
    END {
      if (floor > 0) printf "longest opening iteration / the floor'"'"'s: %.2f×\n", open / floor
      for (name in scroll) printf "scrolling a page a frame, %-12s %6.2f M a frame\n", name, scroll[name] / 1e6
      if (scroll["GtkListView"] > 0) printf "scrolling, Longwave / the floor: %.2f×\n", scroll["Longwave"] / scroll["GtkListView"]
    }'
  if [ -n "${LW_BENCH_CALLGRIND_KEEP:-}" ]; then
    cp "$tmp"/callgrind/out.* "$LW_BENCH_CALLGRIND_KEEP"/
  fi
fi
exit $status
