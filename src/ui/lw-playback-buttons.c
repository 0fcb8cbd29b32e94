/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-playback-buttons"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-accessible.h"
#include "core/lw-format.h"
#include "lw-playback-buttons.h"
#include "lw-player-actions.h"

struct _LwPlaybackButtons
{
  GtkWidget           parent_instance;

  LwPlayer           *player;
  GSignalGroup       *player_signals;
  GSignalGroup       *show_signals;
  GSimpleActionGroup *actions;

  GtkMenuButton      *speed_button;
  GtkLabel           *speed_label;
  GtkMenuButton      *volume_button;
  GtkAdjustment      *volume_adjustment;
  GtkMenuButton      *sleep_button;
  GtkLabel           *sleep_label;

  /* The volume mute goes back to. */
  double              unmuted_volume;
  /* Guards the volume slider against the change it just made itself. */
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (LwPlaybackButtons, lw_playback_buttons, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const int sleep_minutes[] = { 5, 15, 30, 45, 60 };

static void
set_action_state (LwPlaybackButtons *self,
                  const char        *name,
                  GVariant          *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);
  g_autoptr(GVariant) old = g_action_get_state (action);

  g_variant_ref_sink (state);
  if (!g_variant_equal (old, state))
    g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
  g_variant_unref (state);
}

static int
get_sleep_state (LwPlaybackButtons *self)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->actions), "sleep");

  return g_variant_get_int32 (state);
}

/* Speed */

static void
update_rate (LwPlaybackButtons *self)
{
  double rate = self->player ? lw_player_get_rate (self->player) : 1.0;
  g_autofree char *label = lw_playback_rate_format (rate);

  gtk_label_set_label (self->speed_label, label);
  /* The name says what the button is for, the description what it is set to. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                  -1);
  set_action_state (self, "rate", g_variant_new_double (rate));
}

static void
rate_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  LwPlaybackButtons *self = user_data;

  if (self->player != NULL)
    lw_player_set_rate (self->player, g_variant_get_double (parameter));
}

/* A show's own speed: the player then uses it for every episode of that show, and
 * the menu's speeds change it instead of the global one. */
static void
update_show_rate (LwPlaybackButtons *self)
{
  LwShow *show = self->player ? lw_player_get_show (self->player) : NULL;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "show-rate");

  g_signal_group_set_target (self->show_signals, show);
  /* An episode opened from outside the library has no show to remember it for. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), show != NULL && lw_show_get_id (show) > 0);
  set_action_state (self, "show-rate",
                    g_variant_new_boolean (show != NULL && lw_show_get_playback_rate (show) > 0));
}

static void
show_rate_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  LwPlaybackButtons *self = user_data;
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  LwShow *show;

  if (self->player == NULL || !(show = lw_player_get_show (self->player)))
    return;

  g_object_get (self->player, "library", &library, NULL);
  /* On: the show keeps the speed playing now. Off: back to the global speed. */
  if (!lw_library_set_show_playback_rate (library, lw_show_get_id (show),
                                          g_variant_get_boolean (state) ? 0.0 : lw_player_get_rate (self->player),
                                          &error))
    g_warning ("%s", error->message);

  update_show_rate (self);
}

/* Volume */

static void
update_volume (LwPlaybackButtons *self)
{
  double volume = self->player ? lw_player_get_volume (self->player) : 1.0;
  g_autofree char *description = NULL;
  const char *icon;

  if (volume <= 0.0)
    icon = "audio-volume-muted-symbolic";
  else if (volume < 0.34)
    icon = "audio-volume-low-symbolic";
  else if (volume < 0.67)
    icon = "audio-volume-medium-symbolic";
  else
    icon = "audio-volume-high-symbolic";

  gtk_menu_button_set_icon_name (self->volume_button, icon);
  if (volume <= 0.0)
    description = g_strdup (_("Muted"));
  else
    /* Translators: the volume, such as “40 %” */
    description = g_strdup_printf (_("%d %%"), (int) (volume * 100 + 0.5));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->volume_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  self->updating = TRUE;
  gtk_adjustment_set_value (self->volume_adjustment, volume);
  self->updating = FALSE;

  if (volume > 0.0)
    self->unmuted_volume = volume;
  set_action_state (self, "mute", g_variant_new_boolean (volume <= 0.0));
}

static void
on_volume_adjusted (LwPlaybackButtons *self)
{
  if (!self->updating && self->player != NULL)
    lw_player_set_volume (self->player, gtk_adjustment_get_value (self->volume_adjustment));
}

static void
mute_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  LwPlaybackButtons *self = user_data;
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  if (self->player == NULL)
    return;

  /* Muting is a volume of 0 (the player has no separate switch); unmuting brings
   * back the level from before, so the slider is never lost. */
  if (g_variant_get_boolean (state))
    lw_player_set_volume (self->player, self->unmuted_volume > 0.0 ? self->unmuted_volume : 1.0);
  else
    lw_player_set_volume (self->player, 0.0);
}

/* Sleep timer */

static void
update_sleep (LwPlaybackButtons *self)
{
  guint remaining = 0;
  gboolean at_end = FALSE;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (self->player != NULL)
    {
      remaining = lw_player_get_sleep_remaining (self->player);
      g_object_get (self->player, "sleep-at-end", &at_end, NULL);
    }

  if (at_end)
    {
      gint64 duration = lw_player_get_duration (self->player);
      gint64 position = lw_player_get_position (self->player);
      double rate = lw_player_get_rate (self->player);

      if (duration > 0)
        text = lw_format_clock ((gint64) (MAX (0, duration - position) / 1000 / MAX (rate, 0.1)));
      tooltip = g_strdup (_("Sleep Timer: Stops at the End of the Episode"));
    }
  else if (remaining > 0)
    {
      text = lw_format_clock (remaining);
      /* Translators: %s is the time left, such as “14:59” */
      tooltip = g_strdup_printf (_("Sleep Timer: Stops in %s"), text);
    }
  else
    {
      tooltip = g_strdup (_("Sleep Timer"));
      /* It ran out, or was cancelled elsewhere (MPRIS, a test). */
      if (get_sleep_state (self) != 0)
        set_action_state (self, "sleep", g_variant_new_int32 (0));
    }

  gtk_label_set_label (self->sleep_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sleep_label), text != NULL);
  lw_accessible_set_name (GTK_WIDGET (self->sleep_button), tooltip);
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->sleep_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sleep_button), "accent");
}

static void
sleep_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  LwPlaybackButtons *self = user_data;
  int minutes = g_variant_get_int32 (parameter);

  if (self->player == NULL)
    return;

  if (minutes < 0)
    {
      lw_player_set_sleep_timer (self->player, 0);
      lw_player_set_sleep_at_end (self->player, TRUE);
    }
  else
    {
      lw_player_set_sleep_at_end (self->player, FALSE);
      lw_player_set_sleep_timer (self->player, (guint) minutes * 60);
    }

  /* After the player: its notifications on the way may say "off" for a moment. */
  g_simple_action_set_state (action, parameter);
  update_sleep (self);
}

static void
update_all (LwPlaybackButtons *self)
{
  update_rate (self);
  update_show_rate (self);
  update_volume (self);
  update_sleep (self);
}

static const GActionEntry entries[] = {
  { "rate", rate_action, "d", "1.0" },
  { "show-rate", show_rate_action, NULL, "false" },
  { "mute", mute_action, NULL, "false" },
  { "sleep", sleep_action, "i", "0" },
};

/* Building */

static GMenuModel *
build_speed_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) show_section = g_menu_new ();

  for (guint i = 0; i < lw_playback_n_rates; i++)
    {
      g_autofree char *label = lw_playback_rate_format (lw_playback_rates[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "playback.rate",
                                               g_variant_new_double (lw_playback_rates[i]));
      g_menu_append_item (section, item);
    }

  g_menu_append_section (menu, _("Playback Speed"), G_MENU_MODEL (section));
  g_menu_append (show_section, _("Only for This Show"), "playback.show-rate");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (show_section));

  return G_MENU_MODEL (menu);
}

static GMenuModel *
build_sleep_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenuItem) off = g_menu_item_new (_("Off"), NULL);
  g_autoptr(GMenuItem) at_end = g_menu_item_new (_("End of Episode"), NULL);

  g_menu_item_set_action_and_target_value (off, "playback.sleep", g_variant_new_int32 (0));
  g_menu_append_item (section, off);

  for (guint i = 0; i < G_N_ELEMENTS (sleep_minutes); i++)
    {
      g_autofree char *label = g_strdup_printf (ngettext ("%d Minute", "%d Minutes", sleep_minutes[i]),
                                                sleep_minutes[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "playback.sleep",
                                               g_variant_new_int32 (sleep_minutes[i]));
      g_menu_append_item (section, item);
    }

  g_menu_item_set_action_and_target_value (at_end, "playback.sleep", g_variant_new_int32 (-1));
  g_menu_append_item (section, at_end);

  g_menu_append_section (menu, _("Sleep Timer"), G_MENU_MODEL (section));

  return G_MENU_MODEL (menu);
}

static GtkMenuButton *
add_menu_button (LwPlaybackButtons *self,
                 const char        *name)
{
  GtkWidget *button = gtk_menu_button_new ();

  lw_accessible_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_parent (button, GTK_WIDGET (self));

  return GTK_MENU_BUTTON (button);
}

static GtkWidget *
build_volume_popover (LwPlaybackButtons *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mute = gtk_toggle_button_new ();
  GtkWidget *scale;

  gtk_button_set_icon_name (GTK_BUTTON (mute), "audio-volume-muted-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (mute), "playback.mute");
  lw_accessible_set_name (mute, _("Mute"));
  gtk_widget_add_css_class (mute, "flat");
  gtk_widget_add_css_class (mute, "circular");
  gtk_box_append (GTK_BOX (box), mute);

  self->volume_adjustment = gtk_adjustment_new (1.0, 0.0, 1.0, 0.05, 0.2, 0.0);
  g_signal_connect_object (self->volume_adjustment, "value-changed",
                           G_CALLBACK (on_volume_adjusted), self, G_CONNECT_SWAPPED);
  scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, self->volume_adjustment);
  gtk_widget_set_size_request (scale, 180, -1);
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume"),
                                  -1);
  gtk_box_append (GTK_BOX (box), scale);

  gtk_popover_set_child (GTK_POPOVER (popover), box);

  return popover;
}

static void
lw_playback_buttons_dispose (GObject *object)
{
  LwPlaybackButtons *self = (LwPlaybackButtons *)object;
  GtkWidget *child;

  g_clear_object (&self->player_signals);
  g_clear_object (&self->show_signals);
  g_clear_object (&self->player);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (lw_playback_buttons_parent_class)->dispose (object);
}

static void
lw_playback_buttons_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LwPlaybackButtons *self = LW_PLAYBACK_BUTTONS (object);

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
lw_playback_buttons_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LwPlaybackButtons *self = LW_PLAYBACK_BUTTONS (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      lw_playback_buttons_set_player (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_playback_buttons_class_init (LwPlaybackButtonsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_playback_buttons_dispose;
  object_class->get_property = lw_playback_buttons_get_property;
  object_class->set_property = lw_playback_buttons_set_property;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL,
                         LW_TYPE_PLAYER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "playbackbuttons");
}

static void
lw_playback_buttons_init (LwPlaybackButtons *self)
{
  g_autoptr(GMenuModel) speed_menu = build_speed_menu ();
  g_autoptr(GMenuModel) sleep_menu = build_sleep_menu ();
  GtkWidget *sleep_box;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 4);

  self->unmuted_volume = 1.0;
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "playback", G_ACTION_GROUP (self->actions));

  self->speed_button = add_menu_button (self, _("Playback Speed"));
  gtk_menu_button_set_menu_model (self->speed_button, speed_menu);
  gtk_widget_add_css_class (GTK_WIDGET (self->speed_button), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->speed_button), "speed-button");
  /* A label child, not set_label(): no dropdown arrow beside the speed. */
  self->speed_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_menu_button_set_child (self->speed_button, GTK_WIDGET (self->speed_label));

  self->volume_button = add_menu_button (self, _("Volume"));
  gtk_menu_button_set_popover (self->volume_button, build_volume_popover (self));

  self->sleep_button = add_menu_button (self, _("Sleep Timer"));
  gtk_menu_button_set_menu_model (self->sleep_button, sleep_menu);
  sleep_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (sleep_box), gtk_image_new_from_icon_name ("weather-clear-night-symbolic"));
  self->sleep_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->sleep_label), "numeric");
  gtk_box_append (GTK_BOX (sleep_box), GTK_WIDGET (self->sleep_label));
  gtk_menu_button_set_child (self->sleep_button, sleep_box);

  self->show_signals = g_signal_group_new (LW_TYPE_SHOW);
  g_signal_group_connect_swapped (self->show_signals, "notify::playback-rate", G_CALLBACK (update_show_rate), self);

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::rate", G_CALLBACK (update_rate), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::show", G_CALLBACK (update_show_rate), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::volume", G_CALLBACK (update_volume), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::sleep-remaining", G_CALLBACK (update_sleep), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::sleep-at-end", G_CALLBACK (update_sleep), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::position", G_CALLBACK (update_sleep), self);

  update_all (self);
}

GtkWidget *
lw_playback_buttons_new (void)
{
  return g_object_new (LW_TYPE_PLAYBACK_BUTTONS, NULL);
}

LwPlayer *
lw_playback_buttons_get_player (LwPlaybackButtons *self)
{
  g_return_val_if_fail (LW_IS_PLAYBACK_BUTTONS (self), NULL);

  return self->player;
}

void
lw_playback_buttons_set_player (LwPlaybackButtons *self,
                                LwPlayer          *player)
{
  g_return_if_fail (LW_IS_PLAYBACK_BUTTONS (self));
  g_return_if_fail (!player || LW_IS_PLAYER (player));

  if (!g_set_object (&self->player, player))
    return;

  g_signal_group_set_target (self->player_signals, player);
  update_all (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}
