#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Start-up benchmark (issue 8): time from launch until the window is visible, polled
# every 10 ms with `xdotool search --onlyvisible --pid`, for
#   floor     the bare libadwaita window of ../shared/bench/adw-floor.c (compiled here)
#   longwave  the app, on a library of N shows × 100 episodes (200 → 20,000)
#   gpodder   Debian's gPodder on the same subscriptions
# The subscriptions come from ../shared/bench/gen-feed.py feeds served on loopback by
# `python3 -m http.server` with their artwork (1400×1400 PNGs, as podcast directories
# ask for), and are imported once by each (longwave-cli import; gpo import + gpo
# update). The server stays up during the runs, for the artwork: the first run of
# each fetches it, the later ones find it cached. Neither checks its feeds on
# start-up (Longwave's refresh-on-startup is off in its own settings file, as
# gPodder's is by default). Runs are interleaved (floor, longwave, gpodder, floor, …),
# all with GSK_RENDERER=cairo; reported: median of LW_BENCH_RUNS (5) each, the
# ratios, and the resident memory (process and children) 2 s after the window
# showed. The first run's window is captured 0.3 s after it showed, into
# LW_BENCH_SHOTS (default: the current directory), to see that it shows the library
# and not an empty frame.
# Not a test: timings depend on the machine. Run it on a quiet machine, with `nice`.
# build-aux/install-bench-deps.sh installs gpodder, xdotool and Xvfb.
#
# usage: bench/bench-startup.sh [BUILD_DIR] [N]          (default N: 200)
#   LW_GEN_FEED=path/to/gen-feed.py   where the generator is, if not ../shared/bench/
#   LW_ADW_FLOOR=path/to/adw-floor.c  likewise
#   LW_BENCH_RUNS=5                   runs of each
#   LW_BENCH_NO_GPO=1                 leave gPodder out
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)

# An X server and a session bus of its own, unless it already has both.
if [ -z "${LW_BENCH_INNER:-}" ]; then
  export LW_BENCH_INNER=1
  exec xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- "$0" "$@"
fi

build=${1:-$repo/_build}
[ $# -gt 0 ] && shift
n=${1:-200}
runs=${LW_BENCH_RUNS:-5}
app=$build/src/longwave
cli=$build/src/longwave-cli
refresh_helper=$repo/bench/bench-refresh.py
helper=$repo/bench/bench-startup.py
with_gpo=1
[ -n "${LW_BENCH_NO_GPO:-}" ] && with_gpo=

find_shared () {
  for candidate in "$repo/../shared/bench/$1" "$repo/../../shared/bench/$1"; do
    if [ -f "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
}
gen=${LW_GEN_FEED:-$(find_shared gen-feed.py)}
floor_src=${LW_ADW_FLOOR:-$(find_shared adw-floor.c)}
for f in "$gen" "$floor_src"; do
  if [ -z "$f" ] || [ ! -f "$f" ]; then
    echo "bench-startup: gen-feed.py or adw-floor.c not found; set LW_GEN_FEED / LW_ADW_FLOOR" >&2
    exit 2
  fi
done
for f in "$app" "$cli"; do
  if [ ! -x "$f" ]; then
    echo "bench-startup: $f not built (meson compile -C $build)" >&2
    exit 2
  fi
done
for tool in xdotool python3 cc pkg-config convert import ${with_gpo:+gpo} ${with_gpo:+gpodder}; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-startup: $tool missing: run build-aux/install-bench-deps.sh" >&2
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

echo "== compiling adw-floor" >&2
cc -O2 "$floor_src" -o "$tmp/adw-floor" $(pkg-config --cflags --libs libadwaita-1)

echo "== $n feeds × 100 episodes" >&2
port=$(python3 "$refresh_helper" port)
base=http://127.0.0.1:$port
mkdir -p "$tmp/www"
python3 "$refresh_helper" feeds "$gen" "$tmp/www/feed" "$n" 0 "$base" "$(date +%s)"
python3 "$refresh_helper" opml "$n" "$base" > "$tmp/list.opml"
# Ten pictures, each show one of them (each its own URL, so its own decode).
mkdir -p "$tmp/www/art"
colours="firebrick darkorange gold seagreen teal steelblue navy purple orchid sienna"
i=0
for colour in $colours; do
  convert -size 1400x1400 "radial-gradient:white-$colour" "$tmp/art-$i.png"
  i=$((i + 1))
done
for seed in $(seq "$n"); do
  cp "$tmp/art-$((seed % 10)).png" "$tmp/www/art/$seed.png"
done
python3 -m http.server --bind 127.0.0.1 --directory "$tmp/www" "$port" > /dev/null 2>&1 &
server=$!
python3 "$refresh_helper" wait "$port"

lw_data=$tmp/lw/data
mkdir -p "$lw_data" "$tmp/lw/cache" "$tmp/lw/config"
XDG_DATA_HOME=$lw_data "$cli" import "$tmp/list.opml" > /dev/null
echo "  longwave holds $(XDG_DATA_HOME=$lw_data "$cli" list | wc -l) shows," \
     "$(XDG_DATA_HOME=$lw_data "$cli" episodes --all | wc -l) episodes" >&2
if [ -n "$with_gpo" ]; then
  mkdir -p "$tmp/gpo/home" "$tmp/gpo/downloads"
  GPODDER_HOME=$tmp/gpo/home GPODDER_DOWNLOAD_DIR=$tmp/gpo/downloads gpo import "$tmp/list.opml" > /dev/null
  GPODDER_HOME=$tmp/gpo/home GPODDER_DOWNLOAD_DIR=$tmp/gpo/downloads gpo update > /dev/null
  echo "  gpodder holds $(GPODDER_HOME=$tmp/gpo/home gpo list | grep -c '^#') shows" >&2
fi

# Longwave's own settings file: no check of every feed on start-up.
mkdir -p "$tmp/lw/config/glib-2.0/settings"
printf '[io/github/longwave/Longwave]\nrefresh-on-startup=false\n' > "$tmp/lw/config/glib-2.0/settings/keyfile"
shots=${LW_BENCH_SHOTS:-$PWD}

results=$tmp/results
: > "$results"
export GSK_RENDERER=cairo
for run in $(seq "$runs"); do
  echo " run $run" >&2
  shot=
  [ "$run" = 1 ] && shot=$shots/bench-startup-
  LW_BENCH_SHOT=${shot:+${shot}floor.png} python3 "$helper" launch floor 2 "$tmp/adw-floor" | tee -a "$results" >&2
  # Its own settings (see above), the default size.
  LW_BENCH_SHOT=${shot:+${shot}longwave.png} python3 "$helper" launch longwave 2 env XDG_DATA_HOME="$lw_data" \
    XDG_CACHE_HOME="$tmp/lw/cache" XDG_CONFIG_HOME="$tmp/lw/config" GSETTINGS_BACKEND=keyfile \
    GSETTINGS_SCHEMA_DIR="$build/data" "$app" | tee -a "$results" >&2
  if [ -n "$with_gpo" ]; then
    LW_BENCH_SHOT=${shot:+${shot}gpodder.png} python3 "$helper" launch gpodder 2 env GPODDER_HOME="$tmp/gpo/home" \
      GPODDER_DOWNLOAD_DIR="$tmp/gpo/downloads" gpodder | tee -a "$results" >&2
  fi
done

echo >&2
python3 "$helper" table "$results"
[ -f "$shots/bench-startup-longwave.png" ] && echo "first frames: $shots/bench-startup-{floor,longwave,gpodder}.png"
exit 0
