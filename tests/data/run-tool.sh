#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs COMMAND if TOOL is installed, else reports the test as skipped (exit 77), so the suite
# still runs where a validator is missing (the Flatpak SDK has no flatpak-builder). On
# Debian, build-aux/install-deps.sh installs every one of them.
# usage: run-tool.sh TOOL COMMAND [ARGS…]
tool=$1
shift
if ! command -v "$tool" >/dev/null 2>&1; then
  echo "$tool is not installed: skipped (build-aux/install-deps.sh installs it)"
  exit 77
fi
exec "$@"
