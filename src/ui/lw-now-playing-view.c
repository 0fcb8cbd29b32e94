/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-now-playing-view"

#include "config.h"

#include <glib/gi18n.h>

#include "playback/lw-chapter-item.h"
#include "lw-artwork.h"
#include "lw-chapters-view.h"
#include "lw-columns.h"
#include "lw-now-playing-view.h"
#include "lw-playback-buttons.h"
#include "lw-player-actions.h"
#include "lw-player-style.h"
#include "lw-queue-list.h"
#include "lw-seek-control.h"

struct _LwNowPlayingView
{
  GtkWidget          parent_instance;

  LwApplication     *application;
  LwPlayer          *player;
  GSignalGroup      *player_signals;

  GtkStack          *stack;
  LwArtwork         *artwork;
  GtkLabel          *title_label;
  GtkLabel          *show_label;
  GtkLabel          *chapter_label;
  LwSeekControl     *seek_control;
  GtkButton         *previous_chapter_button;
  GtkButton         *skip_back_button;
  GtkButton         *play_button;
  GtkButton         *skip_forward_button;
  GtkButton         *next_chapter_button;
  LwPlaybackButtons *playback_buttons;
  GtkWidget         *chapters_group;
  LwChaptersView    *chapters_view;
  LwQueueList       *queue_list;
};

G_DEFINE_FINAL_TYPE (LwNowPlayingView, lw_now_playing_view, GTK_TYPE_WIDGET)

static void
update_state (LwNowPlayingView *self)
{
  lw_player_actions_update_play_button (self->play_button, self->player);
}

static void
update_chapter (LwNowPlayingView *self)
{
  GListModel *chapters = self->player ? lw_player_get_chapters (self->player) : NULL;
  int current = self->player ? lw_player_get_current_chapter (self->player) : -1;
  g_autoptr(LwChapterItem) chapter = NULL;

  if (chapters != NULL && current >= 0)
    chapter = g_list_model_get_item (chapters, current);

  gtk_label_set_label (self->chapter_label, chapter ? lw_chapter_item_get_title (chapter) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->chapter_label), chapter != NULL);
}

static void
update_episode (LwNowPlayingView *self)
{
  LwEpisode *episode = self->player ? lw_player_get_episode (self->player) : NULL;
  LwShow *show = self->player ? lw_player_get_show (self->player) : NULL;
  const char *image = episode ? lw_episode_get_image_url (episode) : NULL;

  if ((image == NULL || image[0] == '\0') && show != NULL)
    image = lw_show_get_image_url (show);

  gtk_label_set_label (self->title_label, episode ? lw_episode_get_title (episode) : "");
  gtk_label_set_label (self->show_label, show ? lw_show_get_title (show) : "");
  lw_artwork_set_url (self->artwork, image);
  gtk_stack_set_visible_child_name (self->stack, episode ? "playing" : "empty");

  update_chapter (self);
}

static void
on_player_changed (LwNowPlayingView *self)
{
  LwPlayer *player = lw_application_peek_player (self->application);

  if (!g_set_object (&self->player, player))
    return;

  g_signal_group_set_target (self->player_signals, player);
  lw_seek_control_set_player (self->seek_control, player);
  lw_playback_buttons_set_player (self->playback_buttons, player);
  lw_chapters_view_set_player (self->chapters_view, player);
  lw_queue_list_set_player (self->queue_list, player);

  update_episode (self);
  update_state (self);
}

static void
lw_now_playing_view_dispose (GObject *object)
{
  LwNowPlayingView *self = (LwNowPlayingView *)object;
  GtkWidget *child;

  g_clear_object (&self->player_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_NOW_PLAYING_VIEW);
  /* dispose_template() only unparents the children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->player);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (lw_now_playing_view_parent_class)->dispose (object);
}

static void
lw_now_playing_view_class_init (LwNowPlayingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_now_playing_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-now-playing-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, stack);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, artwork);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, show_label);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, chapter_label);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, seek_control);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, previous_chapter_button);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, skip_back_button);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, play_button);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, skip_forward_button);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, next_chapter_button);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, playback_buttons);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, chapters_group);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, chapters_view);
  gtk_widget_class_bind_template_child (widget_class, LwNowPlayingView, queue_list);

  gtk_widget_class_set_css_name (widget_class, "nowplaying");

  g_type_ensure (LW_TYPE_ARTWORK);
  g_type_ensure (LW_TYPE_CHAPTERS_VIEW);
  g_type_ensure (LW_TYPE_COLUMNS);
  g_type_ensure (LW_TYPE_PLAYBACK_BUTTONS);
  g_type_ensure (LW_TYPE_QUEUE_LIST);
  g_type_ensure (LW_TYPE_SEEK_CONTROL);
}

static void
lw_now_playing_view_init (LwNowPlayingView *self)
{
  lw_player_style_ensure ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Chapter controls only for episodes that have chapters. */
  g_object_bind_property (self->chapters_view, "visible", self->chapters_group, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->chapters_view, "visible", self->previous_chapter_button, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->chapters_view, "visible", self->next_chapter_button, "visible", G_BINDING_SYNC_CREATE);

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::episode", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::show", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::state", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::chapters", G_CALLBACK (update_chapter), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::current-chapter", G_CALLBACK (update_chapter), self);

  update_episode (self);
  update_state (self);
}

GtkWidget *
lw_now_playing_view_new (LwApplication *application)
{
  LwNowPlayingView *self;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  self = g_object_new (LW_TYPE_NOW_PLAYING_VIEW, NULL);
  g_set_weak_pointer (&self->application, application);

  lw_player_actions_track_skip_tooltips (lw_application_get_settings (application),
                                         GTK_WIDGET (self->skip_back_button),
                                         GTK_WIDGET (self->skip_forward_button));
  lw_queue_list_set_library (self->queue_list, lw_application_get_library (application));
  /* The application makes the player after the first frame, or on first use. */
  g_signal_connect_object (application, "notify::player",
                           G_CALLBACK (on_player_changed), self, G_CONNECT_SWAPPED);
  on_player_changed (self);

  return GTK_WIDGET (self);
}
