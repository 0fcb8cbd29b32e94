#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer target with clang, ASan and UBSan (every core file instrumented)
# and runs it from the fixture feeds.
#
# usage: build-aux/fuzz.sh [SECONDS] [BUILD_DIR]    (default: 60 s in _fuzz)
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build=${2:-$repo/_fuzz}

if [ ! -d "$build" ]; then
  CC=clang meson setup "$build" "$repo" -Dfuzzing=true -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args='-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined'
fi
meson compile -C "$build" tests/core/fuzz-feed-parser

mkdir -p "$build/tests/core/fuzz-corpus"

# Crash and leak reproducers go to the build directory, never into the source tree.
exec "$build/tests/core/fuzz-feed-parser" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=32768 \
  -artifact_prefix="$build/" \
  "$build/tests/core/fuzz-corpus" "$repo/tests/data/feeds"
