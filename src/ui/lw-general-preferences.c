/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-general-preferences.h"

/* Minutes between automatic refreshes the combo offers; 0 = only when asked. */
static const guint intervals[] = { 0, 15, 30, 60, 180, 360, 1440, 10080 };

static char *
describe_interval (guint minutes)
{
  if (minutes == 0)
    return g_strdup (_("Only When Asked"));
  if (minutes == 10080)
    return g_strdup (_("Every Week"));
  if (minutes % 1440 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every Day", "Every %u Days", minutes / 1440), minutes / 1440);
  if (minutes % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every Hour", "Every %u Hours", minutes / 60), minutes / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every Minute", "Every %u Minutes", minutes), minutes);
}

static GtkWidget *
new_switch_row (GSettings  *settings,
                const char *key,
                const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_name (row, key);

  return row;
}

/* The combo lists the usual choices plus, when the key holds another value (set by
 * hand with gsettings), that one, so nothing is changed by merely looking. */
static void
sync_interval_combo (AdwComboRow *combo)
{
  GSettings *settings = g_object_get_data (G_OBJECT (combo), "settings");
  GArray *values = g_object_get_data (G_OBJECT (combo), "values");
  guint minutes = g_settings_get_uint (settings, "refresh-interval");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (combo);

  /* The combo itself set it: the list is right as it is (and is being used). */
  if (selected < values->len && g_array_index (values, guint, selected) == minutes)
    return;

  selected = 0;
  g_array_set_size (values, 0);
  for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
    {
      if (minutes != 0 && i > 0 && intervals[i - 1] < minutes && minutes < intervals[i])
        g_array_append_val (values, minutes);
      g_array_append_val (values, intervals[i]);
    }
  if (minutes > intervals[G_N_ELEMENTS (intervals) - 1])
    g_array_append_val (values, minutes);

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *name = describe_interval (g_array_index (values, guint, i));

      gtk_string_list_append (names, name);
      if (g_array_index (values, guint, i) == minutes)
        selected = i;
    }

  g_object_set_data (G_OBJECT (combo), "syncing", GINT_TO_POINTER (TRUE));
  adw_combo_row_set_model (combo, G_LIST_MODEL (names));
  adw_combo_row_set_selected (combo, selected);
  g_object_set_data (G_OBJECT (combo), "syncing", NULL);
}

static void
on_interval_selected (AdwComboRow *combo)
{
  GSettings *settings = g_object_get_data (G_OBJECT (combo), "settings");
  GArray *values = g_object_get_data (G_OBJECT (combo), "values");
  guint selected = adw_combo_row_get_selected (combo);

  if (g_object_get_data (G_OBJECT (combo), "syncing") || selected >= values->len)
    return;

  g_settings_set_uint (settings, "refresh-interval", g_array_index (values, guint, selected));
}

static GtkWidget *
new_interval_row (GSettings *settings)
{
  GtkWidget *combo = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Check for New Episodes"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (combo), _("While Longwave is open"));
  gtk_widget_set_name (combo, "refresh-interval");
  g_object_set_data_full (G_OBJECT (combo), "settings", g_object_ref (settings), g_object_unref);
  g_object_set_data_full (G_OBJECT (combo), "values", g_array_new (FALSE, FALSE, sizeof (guint)),
                          (GDestroyNotify) g_array_unref);
  sync_interval_combo (ADW_COMBO_ROW (combo));
  g_signal_connect (combo, "notify::selected", G_CALLBACK (on_interval_selected), NULL);
  g_signal_connect_object (settings, "changed::refresh-interval",
                           G_CALLBACK (sync_interval_combo), combo, G_CONNECT_SWAPPED);

  return combo;
}

AdwPreferencesPage *
lw_general_preferences_new (LwApplication *application)
{
  GSettings *settings;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *updates;
  AdwPreferencesGroup *notifications;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  settings = lw_application_get_settings (application);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "emblem-system-symbolic");

  updates = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (updates, _("New Episodes"));
  adw_preferences_group_add (updates, new_switch_row (settings, "refresh-on-startup",
                                                      _("Check on Start-Up"),
                                                      _("Look for new episodes of every show when Longwave starts")));
  adw_preferences_group_add (updates, new_interval_row (settings));
  adw_preferences_page_add (page, updates);

  notifications = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (notifications, _("Notifications"));
  adw_preferences_group_add (notifications, new_switch_row (settings, "notify-new-episodes",
                                                            _("New Episodes"),
                                                            _("Tell when an automatic check finds new episodes")));
  adw_preferences_page_add (page, notifications);

  return page;
}
