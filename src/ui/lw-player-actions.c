/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-player-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lw-accessible.h"
#include "lw-player-actions.h"

const double lw_playback_rates[] = { 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0 };
const guint lw_playback_n_rates = G_N_ELEMENTS (lw_playback_rates);

double
lw_playback_rate_step (double rate,
                       int    direction)
{
  if (direction > 0)
    {
      for (guint i = 0; i < lw_playback_n_rates; i++)
        if (lw_playback_rates[i] > rate + 0.01)
          return lw_playback_rates[i];
      return lw_playback_rates[lw_playback_n_rates - 1];
    }

  for (guint i = lw_playback_n_rates; i > 0; i--)
    if (lw_playback_rates[i - 1] < rate - 0.01)
      return lw_playback_rates[i - 1];
  return lw_playback_rates[0];
}

char *
lw_playback_rate_format (double rate)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* "1×", "1.25×", "1.5×": no trailing zeros, the locale's decimal mark. */
  g_snprintf (number, sizeof number, "%.2f", rate);
  for (char *end = number + strlen (number) - 1; end > number && *end == '0'; end--)
    *end = '\0';
  if (number[strlen (number) - 1] == '.' || number[strlen (number) - 1] == ',')
    number[strlen (number) - 1] = '\0';

  /* Translators: a playback speed, such as “1.5×” */
  return g_strdup_printf (_("%s×"), number);
}

/* The player, when there is an episode to act on. */
static LwPlayer *
get_loaded_player (LwApplication *app)
{
  LwPlayer *player = lw_application_peek_player (app);

  if (player == NULL || lw_player_get_episode (player) == NULL)
    return NULL;

  return player;
}

static void
skip_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  LwApplication *app = user_data;
  GSettings *settings = lw_application_get_settings (app);
  LwPlayer *player;
  gint64 delta;

  if (!(player = get_loaded_player (app)))
    return;

  if (g_str_equal (g_action_get_name (G_ACTION (action)), "skip-back"))
    delta = -(gint64) g_settings_get_uint (settings, "skip-back-seconds");
  else
    delta = g_settings_get_uint (settings, "skip-forward-seconds");

  lw_player_skip (player, delta * 1000);
}

static void
chapter_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  LwPlayer *player;

  if (!(player = get_loaded_player (user_data)))
    return;

  if (g_str_equal (g_action_get_name (G_ACTION (action)), "next-chapter"))
    lw_player_next_chapter (player);
  else
    lw_player_previous_chapter (player);
}

static void
speed_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  LwPlayer *player = lw_application_peek_player (user_data);
  int direction = g_str_equal (g_action_get_name (G_ACTION (action)), "speed-up") ? 1 : -1;

  if (player != NULL)
    lw_player_set_rate (player, lw_playback_rate_step (lw_player_get_rate (player), direction));
}

static const GActionEntry player_actions[] = {
  { "skip-back", skip_action },
  { "skip-forward", skip_action },
  { "previous-chapter", chapter_action },
  { "next-chapter", chapter_action },
  { "speed-up", speed_action },
  { "speed-down", speed_action },
};

/* Shortcuts ***********************************************************************/

static const struct {
  const char *trigger;
  const char *action;
} shortcuts[] = {
  { "space", "app.play-pause" },
  { "Left", "app.skip-back" },
  { "Right", "app.skip-forward" },
  { "<Control>Left", "app.previous-chapter" },
  { "<Control>Right", "app.next-chapter" },
  { "<Control>plus", "app.speed-up" },
  { "<Control>equal", "app.speed-up" },
  { "<Control>KP_Add", "app.speed-up" },
  { "<Control>minus", "app.speed-down" },
  { "<Control>KP_Subtract", "app.speed-down" },
};

/* Plain keys would take Space and the arrows from text entries, and from a popover
 * or dialog above the window: there the shortcut declines and the key goes on. */
static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  const char *action = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus != NULL &&
      (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) ||
       GTK_WIDGET (gtk_widget_get_native (focus)) != widget))
    return FALSE;

  /* A grid of shows moves its focus sideways with the plain arrows. */
  if (focus != NULL &&
      (g_str_equal (action, "app.skip-back") || g_str_equal (action, "app.skip-forward")) &&
      (gtk_widget_get_ancestor (focus, GTK_TYPE_GRID_VIEW) != NULL ||
       gtk_widget_get_ancestor (focus, GTK_TYPE_FLOW_BOX) != NULL))
    return FALSE;

  return gtk_widget_activate_action (widget, action, NULL);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  GtkEventController *controller;

  /* Main windows only: dialogs and the preferences keep their keys. */
  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;

  controller = gtk_shortcut_controller_new ();
  /* Before the focused widget: a list or a button would take the arrows and Space. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "lw-player-shortcuts");

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].trigger),
                                                            gtk_callback_action_new (shortcut_cb,
                                                                                     (gpointer) shortcuts[i].action,
                                                                                     NULL)));

  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

/* Widget helpers ******************************************************************/

static void
update_skip_tooltips (GtkWidget *back,
                      GSettings *settings)
{
  GtkWidget *forward = g_object_get_data (G_OBJECT (back), "lw-skip-forward");
  guint back_s = g_settings_get_uint (settings, "skip-back-seconds");
  guint forward_s = g_settings_get_uint (settings, "skip-forward-seconds");
  g_autofree char *back_text = NULL;
  g_autofree char *forward_text = NULL;

  back_text = g_strdup_printf (ngettext ("Skip Back %u Second", "Skip Back %u Seconds", back_s), back_s);
  forward_text = g_strdup_printf (ngettext ("Skip Forward %u Second", "Skip Forward %u Seconds", forward_s), forward_s);

  lw_accessible_set_name (back, back_text);
  lw_accessible_set_name (forward, forward_text);
}

/* "changed", swapped: the widget first, the settings last. */
static void
on_skip_setting_changed (GtkWidget  *back,
                         const char *key,
                         GSettings  *settings)
{
  update_skip_tooltips (back, settings);
}

void
lw_player_actions_track_skip_tooltips (GSettings *settings,
                                       GtkWidget *back,
                                       GtkWidget *forward)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (GTK_IS_WIDGET (back));
  g_return_if_fail (GTK_IS_WIDGET (forward));

  g_object_set_data (G_OBJECT (back), "lw-skip-forward", forward);
  g_signal_connect_object (settings, "changed::skip-back-seconds",
                           G_CALLBACK (on_skip_setting_changed), back, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::skip-forward-seconds",
                           G_CALLBACK (on_skip_setting_changed), back, G_CONNECT_SWAPPED);
  update_skip_tooltips (back, settings);
}

void
lw_player_actions_update_play_button (GtkButton *button,
                                      LwPlayer  *player)
{
  LwPlayerState state = player ? lw_player_get_state (player) : LW_PLAYER_STATE_STOPPED;
  gboolean playing = state == LW_PLAYER_STATE_PLAYING || state == LW_PLAYER_STATE_BUFFERING;

  g_return_if_fail (GTK_IS_BUTTON (button));

  gtk_button_set_icon_name (button, playing ? "media-playback-pause-symbolic"
                                            : "media-playback-start-symbolic");
  lw_accessible_set_name (GTK_WIDGET (button), playing ? _("Pause") : _("Play"));
}

/* Settings ************************************************************************/

/* GSettings keeps seconds, the player milliseconds. */
static gboolean
seconds_to_ms (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * 1000);
  return TRUE;
}

static GVariant *
ms_to_seconds (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  return g_variant_new_uint32 (g_value_get_uint (value) / 1000);
}

static void
on_player_changed (LwApplication *app)
{
  LwPlayer *player = lw_application_peek_player (app);
  GSettings *settings = lw_application_get_settings (app);

  if (player == NULL || g_object_get_data (G_OBJECT (player), "lw-player-actions-bound"))
    return;

  g_object_set_data (G_OBJECT (player), "lw-player-actions-bound", GINT_TO_POINTER (TRUE));
  g_settings_bind_with_mapping (settings, "smart-rewind-seconds", player, "smart-rewind",
                                G_SETTINGS_BIND_GET, seconds_to_ms, ms_to_seconds, NULL, NULL);
  g_settings_bind_with_mapping (settings, "played-threshold-seconds", player, "played-threshold",
                                G_SETTINGS_BIND_GET, seconds_to_ms, ms_to_seconds, NULL, NULL);
}

void
lw_player_actions_install (LwApplication *application)
{
  g_return_if_fail (LW_IS_APPLICATION (application));

  g_action_map_add_action_entries (G_ACTION_MAP (application), player_actions,
                                   G_N_ELEMENTS (player_actions), application);

  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);
  g_signal_connect (application, "notify::player", G_CALLBACK (on_player_changed), NULL);
  on_player_changed (application);
}
