/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "lw-ui-keys.h"

static void
run_xdotool (const char *arguments)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", arguments);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
dup_xid (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));

  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

void
send_key (GtkWindow  *window,
          const char *keys)
{
  g_autofree char *xid = dup_xid (window);
  g_autofree char *arguments = NULL;

  /* A press the loaded machine releases late must not turn into two. */
  XAutoRepeatOff (GDK_DISPLAY_XDISPLAY (gtk_widget_get_display (GTK_WIDGET (window))));
  XFlush (GDK_DISPLAY_XDISPLAY (gtk_widget_get_display (GTK_WIDGET (window))));
  arguments = g_strdup_printf ("windowfocus --sync %s key --clearmodifiers %s", xid, keys);
  run_xdotool (arguments);
}

void
move_pointer (GtkWidget *widget,
              double     x,
              double     y)
{
  GtkNative *native;
  g_autofree char *xid = NULL;
  g_autofree char *arguments = NULL;
  double surface_x, surface_y;

  if (widget == NULL)
    {
      arguments = g_strdup_printf ("mousemove --sync %d %d", (int) x, (int) y);
      run_xdotool (arguments);
      return;
    }

  native = gtk_widget_get_native (widget);
  g_assert_true (GTK_IS_WINDOW (native));
  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &x, &y));
  /* The surface is larger than the window by its client-side shadow. */
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  xid = dup_xid (GTK_WINDOW (native));
  arguments = g_strdup_printf ("mousemove --sync --window %s %d %d", xid,
                               (int) (x + surface_x), (int) (y + surface_y));
  run_xdotool (arguments);
}
