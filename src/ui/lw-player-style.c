/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-player-style"

#include "config.h"

#include "lw-player-style.h"

/* The player widgets keep their own style sheet beside the application's style.css:
 * loaded by whichever of them appears first. */
void
lw_player_style_ensure (void)
{
  static GdkDisplay *done_for;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || display == done_for)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/lw-player.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  done_for = display;
}
