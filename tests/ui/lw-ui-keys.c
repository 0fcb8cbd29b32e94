/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "lw-ui-keys.h"

void
send_key (GtkWindow  *window,
          const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  /* A press the loaded machine releases late must not turn into two. */
  XAutoRepeatOff (GDK_DISPLAY_XDISPLAY (gtk_widget_get_display (GTK_WIDGET (window))));
  XFlush (GDK_DISPLAY_XDISPLAY (gtk_widget_get_display (GTK_WIDGET (window))));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  command = g_strdup_printf ("xdotool windowfocus --sync %s key --clearmodifiers %s", xid, keys);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}
