#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Player benchmark (issue 5). Numbers for the report, not a test: they depend on the
# machine and on what else runs on it, so each comparison is run side by side, the
# configurations interleaved, several rounds.
#
#  1. Latency: PlayPause to the first buffer rendered, on a local MP3, into a synced
#     fakesink: "cold" (load + play, a click on an episode) and "warm" (PlayPause on
#     a paused episode, the media key). Goal < 150 ms.
#  2. CPU of the player process (user + system) while playing MP3 and Opus at 1.0x and
#     2.0x. Goal < 3 % of one core.
#       - into a synced fakesink, as the tests play (one wake-up per buffer). This
#         overstates the cost: at 2.0x, Opus leaves scaletempo as 100 buffers of
#         10 ms a second and the fakesink waits on the clock (and emits "handoff")
#         for each, where an audio sink writes them into its ring buffer and wakes
#         once per 40 ms segment. perf on this bench: ~90 % of the process is the
#         streaming threads (scaletempo 15 %, libopus 12 %, per-buffer pad pushes,
#         clock waits and signals ~35 %, kernel wake-ups ~18 %), LwPlayer's main
#         thread (position ticks every 200 ms, a save every 5 s) ~6 %, GstPlay's
#         thread ~5 %. The real-sink figures below are the ones that count;
#       - when a PulseAudio server answers (LW_BENCH_PULSE=1 starts a private one with
#         a null sink; needs pulseaudio and gstreamer1.0-pulseaudio): into pulsesink as
#         GStreamer sets it up (10 ms segments) and into the sink LwPlayer sets up
#         (autoaudiosink, 40 ms segments), side by side.
#  3. Drift at 1.5x over a 60-minute MP3 (generated once into BUILD_DIR/bench-cache):
#     for every buffer, the media time its timestamp stands for (what the position
#     reports when it plays) against the audio out before it x 1.5 (what an audio
#     clock counting samples says), unsynced so that it takes a minute, not 40; and
#     5 s in real time into a synced sink, position against wall time x 1.5. Goal < 1 s.
#
# usage: bench/bench-player.sh [BUILD_DIR] [ROUNDS]
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$repo/_build}" && pwd)
rounds=${2:-3}
bench=$build/tests/playback/bench-player

if [ ! -x "$bench" ]; then
  echo "bench-player: $bench not built (meson compile -C $build)" >&2
  exit 2
fi

export G_TEST_SRCDIR="$repo/tests"
export G_TEST_BUILDDIR="$build/tests"
export GSETTINGS_BACKEND=memory
unset G_MESSAGES_DEBUG || true

# The numbers only: g_test_message lines, without the library's debug output.
run () {
  nice "$bench" "$@" 2>&1 | sed -n 's/^# \([A-Za-z0-9].*\)/  \1/p' | grep -v -e '^  Start of' -e '^  End of' -e '^  random seed' -e '^  lw-' || true
}

echo "== 1. PlayPause to audio flowing (local MP3, synced fakesink)"
for i in $(seq "$rounds"); do
  run -p /bench/player/latency
done

echo "== 2. CPU while playing (% of one core, this process)"
echo "-- into a synced fakesink"
for i in $(seq "$rounds"); do
  run -p /bench/player/cpu
done

pulse_pid=
cleanup () {
  if [ -n "$pulse_pid" ]; then
    kill "$pulse_pid" 2>/dev/null || true
  fi
  if [ -n "${pulse_dir:-}" ]; then
    rm -rf "$pulse_dir"
  fi
}
trap cleanup EXIT INT TERM

if [ "${LW_BENCH_PULSE:-0}" = 1 ] && command -v pulseaudio >/dev/null 2>&1; then
  pulse_dir=$(mktemp -d)
  chmod 700 "$pulse_dir"
  export XDG_RUNTIME_DIR="$pulse_dir"
  pulseaudio -n --daemonize=no --exit-idle-time=-1 --disallow-exit \
    -L "module-null-sink sink_name=null" -L module-native-protocol-unix \
    --log-level=error >"$pulse_dir/log" 2>&1 &
  pulse_pid=$!
  for i in 1 2 3 4 5 6 7 8 9 10; do
    pactl info >/dev/null 2>&1 && break
    sleep 0.5
  done
fi

if command -v pactl >/dev/null 2>&1 && pactl info >/dev/null 2>&1 &&
   gst-inspect-1.0 pulsesink >/dev/null 2>&1; then
  for i in $(seq "$rounds"); do
    echo "-- round $i: pulsesink as GStreamer sets it up (latency-time 10 ms, buffer-time 200 ms)"
    LW_BENCH_SINK=pulsesink run -p /bench/player/cpu
    echo "-- round $i: the sink LwPlayer sets up (autoaudiosink, latency-time 40 ms, buffer-time 400 ms)"
    LW_BENCH_SINK=default run -p /bench/player/cpu
  done
else
  echo "-- no PulseAudio server: LW_BENCH_PULSE=1 starts one (pulseaudio, gstreamer1.0-pulseaudio)"
fi

echo "== 3. Drift at 1.5x"
cache=$build/bench-cache
long=$cache/60min.mp3
if [ ! -f "$long" ]; then
  mkdir -p "$cache"
  echo "  (making a 60-minute MP3, 128 kbit/s 44.1 kHz, once)"
  # 36000 buffers of a tenth of a second: exactly an hour.
  nice gst-launch-1.0 -q audiotestsrc wave=sine freq=220 num-buffers=36000 samplesperbuffer=4410 ! \
    audio/x-raw,rate=44100,channels=2 ! lamemp3enc target=bitrate cbr=true bitrate=128 ! \
    xingmux ! id3v2mux ! filesink location="$long.part"
  mv "$long.part" "$long"
fi
LW_BENCH_LONG_MP3=$long run -p /bench/player/drift
run -p /bench/player/drift-synced
