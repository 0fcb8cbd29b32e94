/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-playback-preferences.h"
#include "lw-player-actions.h"

/* A row with a seconds spin button bound to a uint key. */
static GtkWidget *
add_seconds_row (AdwPreferencesGroup *group,
                 GSettings           *settings,
                 const char          *key,
                 const char          *title,
                 const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 600, 1);
  GtkWidget *unit = gtk_label_new (_("s"));
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *type;

  /* The schema's range, so the spin button cannot offer what the key refuses. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &type, &limits);
  if (g_str_equal (type, "range"))
    {
      guint32 min_value, max_value;

      g_variant_get (limits, "(uu)", &min_value, &max_value);
      gtk_spin_button_set_range (GTK_SPIN_BUTTON (spin), min_value, max_value);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  gtk_widget_add_css_class (unit, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);

  return row;
}

static gboolean
rate_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  double rate = g_variant_get_double (variant);
  guint best = 0;

  /* The nearest listed speed: the key may hold any value in range. */
  for (guint i = 1; i < lw_playback_n_rates; i++)
    if (ABS (lw_playback_rates[i] - rate) < ABS (lw_playback_rates[best] - rate))
      best = i;

  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
selected_to_rate (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= lw_playback_n_rates)
    return NULL;

  return g_variant_new_double (lw_playback_rates[selected]);
}

static GtkWidget *
build_speed_row (GSettings *settings)
{
  g_autoptr(GtkStringList) rates = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; i < lw_playback_n_rates; i++)
    {
      g_autofree char *label = lw_playback_rate_format (lw_playback_rates[i]);

      gtk_string_list_append (rates, label);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Speed"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The pitch of voices stays the same"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (rates));
  g_settings_bind_with_mapping (settings, "playback-rate", row, "selected",
                                G_SETTINGS_BIND_DEFAULT, rate_to_selected, selected_to_rate,
                                NULL, NULL);

  return row;
}

AdwPreferencesPage *
lw_playback_preferences_new (LwApplication *application)
{
  GSettings *settings;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  settings = lw_application_get_settings (application);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Playback"));
  adw_preferences_page_set_icon_name (page, "media-playback-start-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Skipping"));
  add_seconds_row (group, settings, "skip-back-seconds", _("Skip Back"),
                   _("The skip back button and the Left key"));
  add_seconds_row (group, settings, "skip-forward-seconds", _("Skip Forward"),
                   _("The skip forward button and the Right key"));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Listening"));
  adw_preferences_group_add (group, build_speed_row (settings));
  add_seconds_row (group, settings, "smart-rewind-seconds", _("Smart Rewind"),
                   _("Go back this far when playing again after a pause of five minutes or more; 0 turns it off"));
  add_seconds_row (group, settings, "played-threshold-seconds", _("Mark Played Near the End"),
                   _("An episode stopped with this little left counts as played; 0 waits for the very end"));
  adw_preferences_page_add (page, group);

  return page;
}
