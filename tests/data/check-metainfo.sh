#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates the built AppStream metainfo offline. Errors and warnings fail (appstreamcli's
# own rule), and so does every hint ("I:") but one: AppStream 0.16 (Debian 12) does not know
# the <developer> element of AppStream 1.0 yet, which Flathub asks for. The newest release
# must be the version meson builds, so release notes cannot be forgotten.
# usage: check-metainfo.sh METAINFO VERSION
set -u
metainfo=$1
version=$2

out=$(appstreamcli validate --no-net --explain "$metainfo" 2>&1)
status=$?
echo "$out"
fail=0
if [ $status -ne 0 ]; then
  fail=1
fi
hints=$(echo "$out" | grep '^I: ' | grep -v ': unknown-tag developer$')
if [ -n "$hints" ]; then
  echo "hints that count as failures:"
  echo "$hints"
  fail=1
fi

newest=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$metainfo" | head -n 1)
if [ "$newest" != "$version" ]; then
  echo "the newest <release> is “$newest”, but meson builds version $version: add its notes"
  fail=1
fi

[ $fail -eq 0 ] && echo "ok: $metainfo, release $newest"
exit $fail
