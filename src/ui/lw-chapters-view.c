/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-chapters-view"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "core/lw-format.h"
#include "playback/lw-chapter-item.h"
#include "lw-chapters-view.h"

struct _LwChaptersView
{
  GtkWidget     parent_instance;

  LwPlayer     *player;
  GSignalGroup *player_signals;
  GSignalGroup *model_signals;

  GtkWidget    *box;
  GtkListBox   *list_box;
  /* Why some chapters are missing (a JSON chapters file that did not come). */
  GtkWidget    *error_box;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (LwChaptersView, lw_chapters_view, GTK_TYPE_WIDGET)

#define PLAYING_KEY "lw-chapter-playing-icon"

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  LwChapterItem *chapter = item;
  g_autofree char *time = lw_format_clock (lw_chapter_item_get_start (chapter) / 1000);
  const char *title = lw_chapter_item_get_title (chapter);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *time_label = gtk_label_new (time);
  GtkWidget *playing = gtk_image_new_from_icon_name ("media-playback-start-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title && title[0] ? title : time);
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
  int current = self->player ? lw_player_get_current_chapter (self->player) : -1;
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

/* The player keeps one model whose contents follow the episode: rows come and go with
 * its items-changed, and the list shows only while there are any. */
static void
on_items_changed (LwChaptersView *self)
{
  GListModel *model = self->player ? lw_player_get_chapters (self->player) : NULL;
  const char *error = self->player ? lw_player_get_chapters_error (self->player) : NULL;
  gboolean has_chapters = model != NULL && g_list_model_get_n_items (model) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->list_box), has_chapters);
  gtk_label_set_label (self->error_label, error);
  gtk_widget_set_visible (self->error_box, error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), has_chapters || error != NULL);
  update_current (self);
}

static void
update_model (LwChaptersView *self)
{
  GListModel *model = self->player ? lw_player_get_chapters (self->player) : NULL;

  gtk_list_box_bind_model (self->list_box, model, model ? create_row : NULL, self, NULL);
  g_signal_group_set_target (self->model_signals, model);
  on_items_changed (self);
}

static void
on_row_activated (LwChaptersView *self,
                  GtkListBoxRow  *row)
{
  if (self->player != NULL)
    lw_player_seek_chapter (self->player, gtk_list_box_row_get_index (row));
}

static void
lw_chapters_view_dispose (GObject *object)
{
  LwChaptersView *self = (LwChaptersView *)object;
  GtkWidget *child;

  g_clear_object (&self->player_signals);
  g_clear_object (&self->model_signals);
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

  /* Chapters that could not be fetched are said under the others, not dropped in
   * silence: the listener knows the list is not the whole story. */
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->error_label), TRUE);
  self->error_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->error_box, "dim-label");
  gtk_widget_add_css_class (self->error_box, "caption");
  gtk_widget_add_css_class (self->error_box, "chapters-error");
  gtk_widget_set_margin_start (self->error_box, 6);
  gtk_widget_set_margin_end (self->error_box, 6);
  gtk_box_append (GTK_BOX (self->error_box), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_box_append (GTK_BOX (self->error_box), GTK_WIDGET (self->error_label));
  gtk_widget_set_visible (self->error_box, FALSE);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list_box));
  gtk_box_append (GTK_BOX (self->box), self->error_box);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::chapters",
                                  G_CALLBACK (update_model), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::current-chapter",
                                  G_CALLBACK (update_current), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::chapters-error",
                                  G_CALLBACK (on_items_changed), self);

  /* After the list box's own handler, so the rows exist when they are marked. */
  self->model_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_data (self->model_signals, "items-changed",
                               G_CALLBACK (on_items_changed), self, NULL,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
lw_chapters_view_new (void)
{
  return g_object_new (LW_TYPE_CHAPTERS_VIEW, NULL);
}

void
lw_chapters_view_set_player (LwChaptersView *self,
                             LwPlayer       *player)
{
  g_return_if_fail (LW_IS_CHAPTERS_VIEW (self));
  g_return_if_fail (!player || LW_IS_PLAYER (player));

  if (!g_set_object (&self->player, player))
    return;

  g_signal_group_set_target (self->player_signals, player);
  update_model (self);
}

GtkLabel *
lw_chapters_view_get_error_label (LwChaptersView *self)
{
  g_return_val_if_fail (LW_IS_CHAPTERS_VIEW (self), NULL);

  return self->error_label;
}

GtkListBox *
lw_chapters_view_get_list_box (LwChaptersView *self)
{
  g_return_val_if_fail (LW_IS_CHAPTERS_VIEW (self), NULL);

  return self->list_box;
}
