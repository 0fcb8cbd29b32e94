#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every Debian 12 package that building, running and testing Longwave needs.
# Run as root or with sudo; safe to run again (apt-get skips what is already there).
set -e

PACKAGES="
  meson ninja-build pkg-config gcc gettext git python3
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libgtk-4-bin libadwaita-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-pulseaudio
  libsoup-3.0-dev libjson-glib-dev libxml2-dev libxml2-utils libsqlite3-dev sqlite3
  desktop-file-utils appstream flatpak-builder
  xvfb xauth dbus dbus-x11 at-spi2-core
  adwaita-icon-theme fonts-cantarell
  imagemagick playerctl xdotool
  clang libclang-rt-14-dev
  libsecret-1-dev gnome-keyring libsecret-tools
  libx11-dev
  iso-codes
"

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
