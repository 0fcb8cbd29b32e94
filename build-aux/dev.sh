#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# One command for each thing a developer does on a fresh Debian 12 machine:
#   build-aux/dev.sh run    install what is missing, build, start Longwave uninstalled
#   build-aux/dev.sh test   install what is missing, build, run every test headless
#   build-aux/dev.sh fuzz [SECONDS]   fuzz the feed parser with libFuzzer (default 60 s)
# apt-get runs through sudo when not root. BUILD_DIR picks the build folder (_build).
set -e

cd "$(dirname "$0")/.."
build=${BUILD_DIR:-_build}

./build-aux/install-deps.sh

if [ "${1:-}" = fuzz ]; then
  exec ./build-aux/fuzz.sh "${2:-60}"
fi

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dprofile=development
fi
meson compile -C "$build"

case "${1:-run}" in
  run)
    shift || true
    exec meson devenv -C "$build" longwave "$@"
    ;;
  test)
    shift || true
    # A private session bus (MPRIS, GApplication) and a private X server for the UI
    # tests; nothing reaches the desktop the developer is sitting at.
    exec dbus-run-session -- \
      xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
      meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
    ;;
  *)
    echo "usage: $0 run|test [ARGS…]|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
