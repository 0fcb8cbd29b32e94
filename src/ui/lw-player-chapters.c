/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-player-chapters"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-player-chapters.h"

/* TEMPORARY until the core's chapter API is merged: looked up by property name. */

static gboolean
has_property (gpointer    object,
              const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (object), name) != NULL;
}

GListModel *
lw_player_chapters_get_model (LwPlayer *player)
{
  g_autoptr(GListModel) model = NULL;

  g_return_val_if_fail (LW_IS_PLAYER (player), NULL);

  if (!has_property (player, "chapters"))
    return NULL;

  g_object_get (player, "chapters", &model, NULL);
  /* The player keeps its own reference. */
  return model;
}

int
lw_player_chapters_get_current (LwPlayer *player)
{
  int current = -1;

  g_return_val_if_fail (LW_IS_PLAYER (player), -1);

  if (has_property (player, "current-chapter"))
    g_object_get (player, "current-chapter", &current, NULL);

  return current;
}

gboolean
lw_player_chapters_step (LwPlayer *player,
                         int       direction)
{
  GListModel *model;
  gint64 position;
  guint n;

  g_return_val_if_fail (LW_IS_PLAYER (player), FALSE);

  if (!(model = lw_player_chapters_get_model (player)) ||
      (n = g_list_model_get_n_items (model)) == 0)
    return FALSE;

  position = lw_player_get_position (player);

  if (direction > 0)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) chapter = g_list_model_get_item (model, i);

          if (lw_player_chapters_item_start (chapter) > position + 500)
            {
              lw_player_seek (player, lw_player_chapters_item_start (chapter));
              return TRUE;
            }
        }
      return FALSE;
    }

  /* Like a CD player: back to this chapter's start, unless just past it. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GObject) chapter = g_list_model_get_item (model, i - 1);
      gint64 start = lw_player_chapters_item_start (chapter);

      if (start < position - 3000)
        {
          lw_player_seek (player, start);
          return TRUE;
        }
    }

  return FALSE;
}

const char *
lw_player_chapters_item_title (gpointer chapter)
{
  g_autofree char *title = NULL;

  g_object_get (chapter, "title", &title, NULL);
  /* Kept on the object: the model owns it as long as the row that shows it. */
  g_object_set_data_full (chapter, "lw-title", g_steal_pointer (&title), g_free);
  return g_object_get_data (chapter, "lw-title") ?: "";
}

gint64
lw_player_chapters_item_start (gpointer chapter)
{
  gint64 start = 0;

  g_object_get (chapter, "start", &start, NULL);
  return start;
}
