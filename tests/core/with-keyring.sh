#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs "$@" on a private session bus with a private gnome-keyring, unlocked, in a
# temporary HOME: a test stores and reads passwords there and never touches the
# developer's keyring.
set -eu

tmp=$(mktemp -d)
cleanup () {
  rm -rf "$tmp"
}
trap cleanup EXIT

export HOME="$tmp/home"
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset GNOME_KEYRING_CONTROL

# The daemon leaves with the bus at the end of dbus-run-session.
dbus-run-session -- sh -c '
  printf test | gnome-keyring-daemon --unlock --components=secrets > /dev/null || exit 77
  "$@"
' sh "$@"
