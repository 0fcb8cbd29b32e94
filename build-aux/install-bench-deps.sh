#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what bench/bench-parse.sh compares Longwave against (not needed to build or
# test): xmllint, gPodder's podcastparser and GNU time for peak memory; gPodder itself
# (`gpo`) for bench/bench-refresh.sh; a PulseAudio server and GStreamer's pulsesink for
# the CPU numbers into a real audio sink in bench/bench-player.sh (LW_BENCH_PULSE=1);
# valgrind for the instruction counts of bench/bench-episode-scroll.sh (LW_BENCH_CALLGRIND=1).
set -e

PACKAGES="python3 python3-podcastparser libxml2-utils time valgrind gpodder pulseaudio pulseaudio-utils gstreamer1.0-pulseaudio xdotool xvfb xauth"

SUDO=
if [ "$(id -u)" != 0 ]; then
  SUDO=sudo
fi

missing=
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
fi
