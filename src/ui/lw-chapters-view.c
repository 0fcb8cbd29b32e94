/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-chapters-view"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "core/lw-format.h"
#include "lw-chapters-view.h"
#include "lw-player-chapters.h"

struct _LwChaptersView
{
  GtkWidget     parent_instance;

  LwPlayer     *player;
  GSignalGroup *player_signals;

  GtkListBox   *list_box;
};

G_DEFINE_FINAL_TYPE (LwChaptersView, lw_chapters_view, GTK_TYPE_WIDGET)

#define START_KEY "lw-chapter-start"
#define PLAYING_KEY "lw-chapter-playing-icon"

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  gint64 start = lw_player_chapters_item_start (item);
  g_autofree char *time = lw_format_clock (start / 1000);
  const char *title = lw_player_chapters_item_title (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *time_label = gtk_label_new (time);
  GtkWidget *playing = gtk_image_new_from_icon_name ("media-playback-start-symbolic");

  g_object_set_data_full (G_OBJECT (row), START_KEY, g_memdup2 (&start, sizeof start), g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title[0] ? title : time);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "chapter-row");

  gtk_label_set_width_chars (GTK_LABEL (time_label), 7);
  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "chapter-time");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), time_label);

  /* Said by the icon for eyes and by the description for screen readers. */
  gtk_widget_set_visible (playing, FALSE);
  gtk_widget_add_css_class (playing, "accent");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), playing);
  g_object_set_data (G_OBJECT (row), PLAYING_KEY, playing);

  return row;
}

static void
update_current (LwChaptersView *self)
{
  int current = self->player ? lw_player_chapters_get_current (self->player) : -1;
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)); i++)
    {
      GtkWidget *icon = g_object_get_data (G_OBJECT (row), PLAYING_KEY);
      gboolean is_current = i == current;

      if (is_current)
        {
          gtk_widget_add_css_class (GTK_WIDGET (row), "current");
          gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Playing"),
                                          -1);
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (row), "current");
          gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }

      if (icon != NULL)
        gtk_widget_set_visible (icon, is_current);
    }
}

static void
update_chapters (LwChaptersView *self)
{
  GListModel *model = self->player ? lw_player_chapters_get_model (self->player) : NULL;

  gtk_list_box_bind_model (self->list_box, model, model ? create_row : NULL, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), model != NULL && g_list_model_get_n_items (model) > 0);
  update_current (self);
}

static void
on_row_activated (LwChaptersView *self,
                  GtkListBoxRow *row)
{
  gint64 *start = g_object_get_data (G_OBJECT (row), START_KEY);

  if (self->player != NULL && start != NULL)
    lw_player_seek (self->player, *start);
}

static void
lw_chapters_view_dispose (GObject *object)
{
  LwChaptersView *self = (LwChaptersView *)object;
  GtkWidget *child;

  g_clear_object (&self->player_signals);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->player);

  G_OBJECT_CLASS (lw_chapters_view_parent_class)->dispose (object);
}

static void
lw_chapters_view_class_init (LwChaptersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_chapters_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chaptersview");
}

static void
lw_chapters_view_init (LwChaptersView *self)
{
  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chapters"),
                                  -1);
  g_signal_connect_swapped (self->list_box, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_widget_set_parent (GTK_WIDGET (self->list_box), GTK_WIDGET (self));

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::chapters",
                                  G_CALLBACK (update_chapters), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::current-chapter",
                                  G_CALLBACK (update_current), self);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
lw_chapters_view_new (void)
{
  return g_object_new (LW_TYPE_CHAPTERS_VIEW, NULL);
}

void
lw_chapters_view_set_player (LwChaptersView *self,
                            LwPlayer      *player)
{
  g_return_if_fail (LW_IS_CHAPTERS_VIEW (self));
  g_return_if_fail (!player || LW_IS_PLAYER (player));

  if (!g_set_object (&self->player, player))
    return;

  g_signal_group_set_target (self->player_signals, player);
  update_chapters (self);
}

GtkListBox *
lw_chapters_view_get_list_box (LwChaptersView *self)
{
  g_return_val_if_fail (LW_IS_CHAPTERS_VIEW (self), NULL);

  return self->list_box;
}
