/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-icon-preload"

#include "config.h"

#include "lw-icon-preload.h"

GPtrArray *
lw_icon_preload (GtkWidget          *widget,
                 const char * const *names,
                 int                 size,
                 GPtrArray          *into)
{
  GtkIconTheme *theme;
  int scale;
  GtkTextDirection direction;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), into);
  g_return_val_if_fail (names != NULL, into);

  if (into == NULL)
    into = g_ptr_array_new_with_free_func (g_object_unref);

  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  scale = gtk_widget_get_scale_factor (widget);
  direction = gtk_widget_get_direction (widget);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GIcon) gicon = g_themed_icon_new (names[i]);
      /* The theme keeps an icon by its names and flags: each way GTK 4.8 looks one up
       * is another icon, loaded again. GtkImage asks for a GThemedIcon (a symbolic
       * name brings its regular name as a fallback), to be loaded in a thread or,
       * at a pixel size of its own, at once; CSS (-gtk-icontheme(), a spinner's) for
       * the name alone, in no direction. */
      GtkIconPaintable *icons[] = {
        gtk_icon_theme_lookup_by_gicon (theme, gicon, size, scale, direction, GTK_ICON_LOOKUP_PRELOAD),
        gtk_icon_theme_lookup_by_gicon (theme, gicon, size, scale, direction, 0),
        gtk_icon_theme_lookup_icon (theme, names[i], NULL, size, scale, GTK_TEXT_DIR_NONE, 0),
      };

      for (guint j = 0; j < G_N_ELEMENTS (icons); j++)
        {
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;

          /* Drawing it once loads its texture, which the icon keeps. */
          gdk_paintable_snapshot (GDK_PAINTABLE (icons[j]), snapshot, size, size);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          g_ptr_array_add (into, icons[j]);
        }
    }

  return into;
}
