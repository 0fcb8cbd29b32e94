/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-player-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "core/lw-format.h"
#include "lw-artwork.h"
#include "lw-playback-buttons.h"
#include "lw-player-actions.h"
#include "lw-player-bar.h"
#include "lw-player-style.h"
#include "lw-seek-control.h"

struct _LwPlayerBar
{
  GtkWidget          parent_instance;

  LwPlayer          *player;
  GSignalGroup      *player_signals;
  GSettings         *settings;

  GtkRevealer       *revealer;
  AdwSqueezer       *squeezer;
  GtkWidget         *narrow_box;
  LwSeekControl     *seek_control;
  LwArtwork         *artwork;
  GtkLabel          *title_label;
  GtkLabel          *show_label;
  GtkButton         *skip_back_button;
  GtkButton         *play_button;
  GtkButton         *skip_forward_button;
  GtkSpinner        *spinner;
  LwPlaybackButtons *playback_buttons;
  GtkProgressBar    *progress;
  LwArtwork         *narrow_artwork;
  GtkLabel          *narrow_title_label;
  GtkLabel          *narrow_show_label;
  GtkSpinner        *narrow_spinner;
  GtkButton         *narrow_play_button;

  gint64             progress_second;
};

G_DEFINE_FINAL_TYPE (LwPlayerBar, lw_player_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The narrow layout's thin line; the wide one has the seek bar. */
static void
update_progress (LwPlayerBar *self)
{
  gint64 position = 0;
  gint64 duration = 0;

  if (self->player != NULL)
    {
      position = MAX (0, lw_player_get_position (self->player));
      duration = lw_player_get_duration (self->player);
    }

  gtk_progress_bar_set_fraction (self->progress,
                                 duration > 0 ? CLAMP ((double) position / duration, 0.0, 1.0) : 0.0);

  /* A percentage means little for an episode: say the times, once a second. */
  if (position / 1000 != self->progress_second)
    {
      g_autofree char *elapsed = lw_format_clock (position / 1000);
      g_autofree char *total = duration > 0 ? lw_format_clock (duration / 1000) : NULL;
      g_autofree char *text = NULL;

      self->progress_second = position / 1000;
      /* Translators: the position in the episode, such as “12:05 of 45:00” */
      text = total ? g_strdup_printf (_("%s of %s"), elapsed, total) : g_strdup (elapsed);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                      -1);
    }
}

static void
update_state (LwPlayerBar *self)
{
  gboolean buffering = self->player != NULL &&
                       lw_player_get_state (self->player) == LW_PLAYER_STATE_BUFFERING;

  lw_player_actions_update_play_button (self->play_button, self->player);
  lw_player_actions_update_play_button (self->narrow_play_button, self->player);

  gtk_spinner_set_spinning (self->spinner, buffering);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), buffering);
  gtk_spinner_set_spinning (self->narrow_spinner, buffering);
  gtk_widget_set_visible (GTK_WIDGET (self->narrow_spinner), buffering);
}

static void
update_episode (LwPlayerBar *self)
{
  LwEpisode *episode = NULL;
  LwShow *show = NULL;
  const char *image = NULL;
  const char *title;
  const char *show_title;

  if (self->player != NULL)
    {
      episode = lw_player_get_episode (self->player);
      show = lw_player_get_show (self->player);
    }

  if (episode != NULL)
    image = lw_episode_get_image_url (episode);
  if ((image == NULL || image[0] == '\0') && show != NULL)
    image = lw_show_get_image_url (show);

  title = episode ? lw_episode_get_title (episode) : "";
  show_title = show ? lw_show_get_title (show) : "";

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->show_label, show_title);
  gtk_label_set_label (self->narrow_title_label, title);
  gtk_label_set_label (self->narrow_show_label, show_title);
  lw_artwork_set_url (self->artwork, image);
  lw_artwork_set_url (self->narrow_artwork, image);

  gtk_revealer_set_reveal_child (self->revealer, episode != NULL);

  self->progress_second = -1;
  update_progress (self);
}

/* A plain click, not an action-name: the titles stay readable (not greyed out) in a
 * window that has no now-playing view to open. */
static void
on_titles_clicked (LwPlayerBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.now-playing", NULL);
}

static void
lw_player_bar_dispose (GObject *object)
{
  LwPlayerBar *self = (LwPlayerBar *)object;
  GtkWidget *child;

  g_clear_object (&self->player_signals);
  g_clear_object (&self->player);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_PLAYER_BAR);
  /* dispose_template() only unparents the children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lw_player_bar_parent_class)->dispose (object);
}

static void
lw_player_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LwPlayerBar *self = LW_PLAYER_BAR (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_player_bar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LwPlayerBar *self = LW_PLAYER_BAR (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      lw_player_bar_set_player (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_player_bar_class_init (LwPlayerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_player_bar_dispose;
  object_class->get_property = lw_player_bar_get_property;
  object_class->set_property = lw_player_bar_set_property;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL,
                         LW_TYPE_PLAYER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-player-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, squeezer);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, narrow_box);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, seek_control);
  /* Reachable by name for tests, driven by the seek control. */
  gtk_widget_class_bind_template_child_full (widget_class, "elapsed_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "remaining_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "titles_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, artwork);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, show_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, skip_back_button);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, skip_forward_button);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, playback_buttons);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, progress);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, narrow_artwork);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, narrow_title_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, narrow_show_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, narrow_spinner);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, narrow_play_button);

  gtk_widget_class_bind_template_callback (widget_class, on_titles_clicked);

  gtk_widget_class_set_css_name (widget_class, "playerbar");

  g_type_ensure (LW_TYPE_ARTWORK);
  g_type_ensure (LW_TYPE_PLAYBACK_BUTTONS);
  g_type_ensure (LW_TYPE_SEEK_CONTROL);
}

static void
lw_player_bar_init (LwPlayerBar *self)
{
  lw_player_style_ensure ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::episode", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::show", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::state", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::position", G_CALLBACK (update_progress), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::duration", G_CALLBACK (update_progress), self);

  self->progress_second = -1;
  self->settings = g_settings_new (APP_ID);
  lw_player_actions_track_skip_tooltips (self->settings,
                                         GTK_WIDGET (self->skip_back_button),
                                         GTK_WIDGET (self->skip_forward_button));

  update_episode (self);
  update_state (self);
}

GtkWidget *
lw_player_bar_new (void)
{
  return g_object_new (LW_TYPE_PLAYER_BAR, NULL);
}

LwPlayer *
lw_player_bar_get_player (LwPlayerBar *self)
{
  g_return_val_if_fail (LW_IS_PLAYER_BAR (self), NULL);

  return self->player;
}

void
lw_player_bar_set_player (LwPlayerBar *self,
                          LwPlayer    *player)
{
  g_return_if_fail (LW_IS_PLAYER_BAR (self));
  g_return_if_fail (!player || LW_IS_PLAYER (player));

  if (!g_set_object (&self->player, player))
    return;

  g_signal_group_set_target (self->player_signals, player);
  lw_seek_control_set_player (self->seek_control, player);
  lw_playback_buttons_set_player (self->playback_buttons, player);

  update_episode (self);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

gboolean
lw_player_bar_get_revealed (LwPlayerBar *self)
{
  g_return_val_if_fail (LW_IS_PLAYER_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

gboolean
lw_player_bar_get_narrow (LwPlayerBar *self)
{
  g_return_val_if_fail (LW_IS_PLAYER_BAR (self), FALSE);

  return adw_squeezer_get_visible_child (self->squeezer) == self->narrow_box;
}
