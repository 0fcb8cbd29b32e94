/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Real key presses through the X server (xdotool), so the whole path runs: GDK, the
 * capture phase, the focus widget, the application's accelerators. @keys as xdotool
 * takes them: "ctrl+f", "Escape", "a space b". Links X11: tests/ui/meson.build. */
void send_key (GtkWindow  *window,
               const char *keys);

/* The pointer moved through the X server to (@x, @y) in @widget's coordinates, as a
 * mouse moves it: GTK sees the crossing and sets :hover itself. With no @widget,
 * (@x, @y) on the screen. */
void move_pointer (GtkWidget  *widget,
                   double      x,
                   double      y);

G_END_DECLS
