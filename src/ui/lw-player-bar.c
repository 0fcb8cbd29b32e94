/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-player-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-format.h"
#include "lw-artwork.h"
#include "lw-player-bar.h"

struct _LwPlayerBar
{
  GtkWidget      parent_instance;

  LwPlayer      *player;
  GSignalGroup  *player_signals;
  GSettings     *settings;

  GtkRevealer   *revealer;
  GtkLabel      *elapsed_label;
  GtkScale      *scale;
  GtkAdjustment *adjustment;
  GtkLabel      *remaining_label;
  LwArtwork     *artwork;
  GtkLabel      *title_label;
  GtkLabel      *show_label;
  GtkButton     *skip_back_button;
  GtkButton     *play_button;
  GtkButton     *skip_forward_button;
  GtkSpinner    *spinner;
};

G_DEFINE_FINAL_TYPE (LwPlayerBar, lw_player_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_skip_tooltips (LwPlayerBar *self)
{
  guint back = g_settings_get_uint (self->settings, "skip-back-seconds");
  guint forward = g_settings_get_uint (self->settings, "skip-forward-seconds");
  g_autofree char *back_text = NULL;
  g_autofree char *forward_text = NULL;

  back_text = g_strdup_printf (ngettext ("Skip Back %u Second", "Skip Back %u Seconds", back), back);
  forward_text = g_strdup_printf (ngettext ("Skip Forward %u Second", "Skip Forward %u Seconds", forward), forward);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->skip_back_button), back_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->skip_forward_button), forward_text);
}

static void
update_time (LwPlayerBar *self)
{
  gint64 position = 0;
  gint64 duration = 0;
  g_autofree char *elapsed = NULL;
  g_autofree char *remaining = NULL;

  if (self->player != NULL)
    {
      position = MAX (0, lw_player_get_position (self->player));
      duration = MAX (0, lw_player_get_duration (self->player));
    }

  elapsed = lw_format_clock (position / 1000);
  gtk_label_set_label (self->elapsed_label, elapsed);

  if (duration > 0)
    {
      remaining = lw_format_clock (-(MAX (0, duration - position) / 1000));
      gtk_adjustment_configure (self->adjustment, MIN (position, duration), 0, duration,
                                5000, 30000, 0);
    }
  else
    {
      /* A live stream or one whose length is not known yet. */
      remaining = g_strdup ("");
      gtk_adjustment_configure (self->adjustment, 0, 0, 1, 5000, 30000, 0);
    }

  gtk_label_set_label (self->remaining_label, remaining);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), duration > 0);
}

static void
update_state (LwPlayerBar *self)
{
  LwPlayerState state = LW_PLAYER_STATE_STOPPED;
  gboolean playing;

  if (self->player != NULL)
    state = lw_player_get_state (self->player);

  playing = state == LW_PLAYER_STATE_PLAYING || state == LW_PLAYER_STATE_BUFFERING;

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause") : _("Play"));
  gtk_spinner_set_spinning (self->spinner, state == LW_PLAYER_STATE_BUFFERING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == LW_PLAYER_STATE_BUFFERING);
}

static void
update_episode (LwPlayerBar *self)
{
  LwEpisode *episode = NULL;
  LwShow *show = NULL;
  const char *image = NULL;

  if (self->player != NULL)
    {
      episode = lw_player_get_episode (self->player);
      show = lw_player_get_show (self->player);
    }

  if (episode != NULL)
    image = lw_episode_get_image_url (episode);
  if ((image == NULL || image[0] == '\0') && show != NULL)
    image = lw_show_get_image_url (show);

  gtk_label_set_label (self->title_label, episode ? lw_episode_get_title (episode) : "");
  gtk_label_set_label (self->show_label, show ? lw_show_get_title (show) : "");
  lw_artwork_set_url (self->artwork, image);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.play-pause", episode != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.skip-back", episode != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.skip-forward", episode != NULL);

  gtk_revealer_set_reveal_child (self->revealer, episode != NULL);

  /* Another episode's time, even if the player does not notify a position change. */
  update_time (self);
}

static gboolean
on_scale_change_value (LwPlayerBar   *self,
                       GtkScrollType  scroll,
                       double         value,
                       GtkRange      *range)
{
  if (self->player != NULL)
    lw_player_seek (self->player, (gint64) value);

  return FALSE;
}

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LwPlayerBar *self = LW_PLAYER_BAR (widget);

  if (self->player != NULL)
    lw_player_play_pause (self->player);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LwPlayerBar *self = LW_PLAYER_BAR (widget);
  gint64 delta;

  if (self->player == NULL)
    return;

  if (g_str_equal (action_name, "player.skip-back"))
    delta = -(gint64) g_settings_get_uint (self->settings, "skip-back-seconds");
  else
    delta = g_settings_get_uint (self->settings, "skip-forward-seconds");

  lw_player_skip (self->player, delta * 1000);
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
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, scale);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, artwork);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, show_label);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, skip_back_button);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, skip_forward_button);
  gtk_widget_class_bind_template_child (widget_class, LwPlayerBar, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_scale_change_value);

  gtk_widget_class_install_action (widget_class, "player.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "player.skip-back", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "player.skip-forward", NULL, skip_action);

  gtk_widget_class_set_css_name (widget_class, "playerbar");

  g_type_ensure (LW_TYPE_ARTWORK);
}

static void
lw_player_bar_init (LwPlayerBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::episode", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::show", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::state", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::position", G_CALLBACK (update_time), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::duration", G_CALLBACK (update_time), self);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::skip-back-seconds",
                           G_CALLBACK (update_skip_tooltips), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::skip-forward-seconds",
                           G_CALLBACK (update_skip_tooltips), self, G_CONNECT_SWAPPED);

  update_skip_tooltips (self);
  update_episode (self);
  update_state (self);
  update_time (self);
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

  if (self->player == player)
    return;

  g_set_object (&self->player, player);
  g_signal_group_set_target (self->player_signals, player);

  update_episode (self);
  update_state (self);
  update_time (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

gboolean
lw_player_bar_get_revealed (LwPlayerBar *self)
{
  g_return_val_if_fail (LW_IS_PLAYER_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
