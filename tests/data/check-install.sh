#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary DESTDIR and checks that the desktop file, metainfo,
# D-Bus service, icons, schema and both programs land where the desktop looks for them,
# all named after the app id, and that the files point at each other correctly.
# usage: check-install.sh MESON BUILD_DIR PREFIX BINDIR DATADIR APP_ID
set -u
meson=$1 build=$2 prefix=$3 bindir=$4 datadir=$5 app_id=$6

dest=$(mktemp -d "${TMPDIR:-/tmp}/lw-install.XXXXXX")
bus=$(mktemp -d "${TMPDIR:-/tmp}/lw-activation.XXXXXX")
trap 'rm -rf "$dest" "$bus"' EXIT

if ! out=$("$meson" install -C "$build" --no-rebuild --destdir "$dest" 2>&1); then
  echo "meson install failed:"
  echo "$out"
  exit 1
fi

fail=0
bin=$dest$bindir
share=$dest$datadir
need() {
  if [ ! -e "$1" ]; then
    echo "not installed: ${1#"$dest"}"
    fail=1
  fi
}
need "$bin/longwave"
need "$bin/longwave-cli"
need "$share/applications/$app_id.desktop"
need "$share/metainfo/$app_id.metainfo.xml"
need "$share/dbus-1/services/$app_id.service"
need "$share/glib-2.0/schemas/$app_id.gschema.xml"
need "$share/icons/hicolor/scalable/apps/$app_id.svg"
need "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
for icon in "$share/icons/hicolor/scalable/apps/$app_id.svg" \
            "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
  if [ -L "$icon" ]; then
    echo "installed as a symbolic link: ${icon#"$dest"}"
    fail=1
  fi
done
for p in longwave longwave-cli; do
  if [ -e "$bin/$p" ] && [ ! -x "$bin/$p" ]; then
    echo "not executable: $bindir/$p"
    fail=1
  fi
done

# D-Bus starts the app through the service file: its Exec must be the installed binary.
service=$share/dbus-1/services/$app_id.service
if [ -e "$service" ]; then
  grep -qx "Name=$app_id" "$service" || { echo "service: Name is not $app_id"; fail=1; }
  grep -qx "Exec=$bindir/longwave --gapplication-service" "$service" ||
    { echo "service: Exec is not $bindir/longwave --gapplication-service"; fail=1; }
fi
desktop=$share/applications/$app_id.desktop
if [ -e "$desktop" ]; then
  grep -qx "Icon=$app_id" "$desktop" || { echo "desktop: Icon is not $app_id"; fail=1; }
  grep -qx "DBusActivatable=true" "$desktop" || { echo "desktop: not DBusActivatable"; fail=1; }
fi
metainfo=$share/metainfo/$app_id.metainfo.xml
if [ -e "$metainfo" ]; then
  grep -q "<id>$app_id</id>" "$metainfo" || { echo "metainfo: id is not $app_id"; fail=1; }
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" ||
    { echo "metainfo: launchable is not $app_id.desktop"; fail=1; }
fi

# D-Bus activation, as GNOME Shell starts the app (DBusActivatable=true): a private bus that
# knows only the installed service file (its Exec pointed into DESTDIR) starts Longwave when
# asked to activate it. This fails if the app claims another bus name than the file says.
if [ -e "$service" ] && [ -x "$bin/longwave" ]; then
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "D-Bus activation not tried: no display"
  else
    mkdir -p "$bus/services" "$bus/home"
    sed "s|^Exec=$bindir/|Exec=$bin/|" "$service" > "$bus/services/$app_id.service"
    cat > "$bus/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$bus</listen>
  <servicedir>$bus/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
    object_path=/$(echo "$app_id" | tr . /)
    if reply=$(XDG_DATA_HOME=$bus/home XDG_CACHE_HOME=$bus/home \
               dbus-run-session --config-file="$bus/session.conf" -- \
               gdbus call --session --timeout 20 --dest "$app_id" \
                 --object-path "$object_path" \
                 --method org.freedesktop.Application.Activate '{}' 2>"$bus/log"); then
      echo "D-Bus activation of $app_id: ok ($reply)"
    else
      echo "D-Bus activation of $app_id failed: $reply"
      grep -v 'Failed to set fd limit' "$bus/log"
      fail=1
    fi
  fi
fi

echo "installed under ${prefix}:"
(cd "$dest" && find . -type f | sort | sed 's|^\./|  /|')
[ $fail -eq 0 ] && echo ok
exit $fail
