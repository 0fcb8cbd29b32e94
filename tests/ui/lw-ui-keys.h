/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Real key presses through the X server (xdotool), so the whole path runs: GDK, the
 * capture phase, the focus widget, the application's accelerators. @keys as xdotool
 * takes them: "ctrl+f", "Escape", "a space b". Links X11: tests/ui/meson.build. */
void send_key (GtkWindow  *window,
               const char *keys);

G_END_DECLS
