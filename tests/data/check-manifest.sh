#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the Flatpak manifest offline: flatpak-builder parses it (unknown keys are a WARNING
# on stderr with exit status 0, so the output is what counts), and the sandbox holds what
# DESIGN.md promises: no --own-name (the MPRIS name is granted by the sandbox) and the
# permissions a podcast player needs.
# usage: check-manifest.sh MANIFEST APP_ID
set -u
manifest=$(realpath "$1")
app_id=$2

# flatpak-builder leaves a .flatpak-builder folder in the working directory.
work=$(mktemp -d "${TMPDIR:-/tmp}/lw-manifest.XXXXXX")
trap 'rm -rf "$work"' EXIT
out=$(cd "$work" && flatpak-builder --show-manifest "$manifest" 2>&1)
status=$?
fail=0
if [ $status -ne 0 ]; then
  echo "flatpak-builder --show-manifest failed ($status):"
  echo "$out"
  exit 1
fi
if echo "$out" | grep -E 'WARNING|CRITICAL|ERROR' >/dev/null; then
  echo "flatpak-builder complains about $manifest:"
  echo "$out" | grep -E 'WARNING|CRITICAL|ERROR'
  fail=1
fi

expect() {
  if ! echo "$out" | grep -F -- "$1" >/dev/null; then
    echo "missing from the manifest: $1"
    fail=1
  fi
}
expect "\"id\" : \"$app_id\""
expect '"command" : "longwave"'
expect '"runtime" : "org.gnome.Platform"'
expect '"sdk" : "org.gnome.Sdk"'
expect '"run-tests" : true'
expect '"buildsystem" : "meson"'
for arg in --share=network --share=ipc --socket=wayland --socket=fallback-x11 \
           --device=dri --socket=pulseaudio; do
  expect "\"$arg\""
done
if echo "$out" | grep -F -- '--own-name' >/dev/null; then
  echo "the manifest asks for --own-name; the sandbox grants the MPRIS name by itself"
  fail=1
fi

[ $fail -eq 0 ] && echo "ok: $manifest"
exit $fail
