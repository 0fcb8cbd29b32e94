/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-icon-preload"

#include "config.h"

#include <adwaita.h>

#include "ui/lw-icon-preload.h"

/* lw_icon_preload() under Xvfb: the icons it loads are the ones a GtkImage and a CSS
 * icon then get from the theme (the same objects), so nothing is read again. */
static void
test_same_icons (void)
{
  static const char * const names[] = { "media-playback-start-symbolic", "audio-x-generic-symbolic", NULL };
  GtkWidget *window = gtk_window_new ();
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (window));
  g_autoptr(GPtrArray) icons = lw_icon_preload (window, names, 56, NULL);
  g_autoptr(GPtrArray) more = NULL;

  g_assert_cmpuint (icons->len, >=, 2 * G_N_ELEMENTS (names) - 2);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GIcon) gicon = g_themed_icon_new (names[i]);
      g_autoptr(GtkIconPaintable) as_image = gtk_icon_theme_lookup_by_gicon (theme, gicon, 56, 1, GTK_TEXT_DIR_LTR,
                                                                             GTK_ICON_LOOKUP_PRELOAD);
      g_autoptr(GtkIconPaintable) as_css = gtk_icon_theme_lookup_icon (theme, names[i], NULL, 56, 1, GTK_TEXT_DIR_NONE, 0);

      g_assert_true (g_ptr_array_find (icons, as_image, NULL));
      g_assert_true (g_ptr_array_find (icons, as_css, NULL));
      /* Loaded: the icon has a file, and drawing it needs nothing more. */
      g_assert_nonnull (gtk_icon_paintable_get_file (as_image));
    }

  /* Into an array given: the same array comes back, longer. */
  more = lw_icon_preload (window, names, 16, g_ptr_array_ref (icons));
  g_assert_true (more == icons);
  g_assert_cmpuint (icons->len, >=, 4 * G_N_ELEMENTS (names) - 4);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/icon-preload/same-icons", test_same_icons);

  return g_test_run ();
}
