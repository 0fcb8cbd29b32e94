/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show-download-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-show-download-settings.h"
#include "lw-window.h"

/* The combo's rows, in order: what download_settings.auto_download stores. */
static const int auto_values[] = { -1, 1, 0 };

typedef struct
{
  LwApplication *application;
  gint64         show_id;
  AdwComboRow   *auto_row;
  GtkSpinButton *max_spin;
} Settings;

static void
settings_free (Settings *settings)
{
  g_clear_object (&settings->application);
  g_free (settings);
}

static void
report (LwApplication *application,
        const GError  *error)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l && !LW_IS_WINDOW (window); l = l->next)
    window = l->data;

  if (LW_IS_WINDOW (window))
    lw_window_show_error (LW_WINDOW (window), error->message);
  else
    g_warning ("%s", error->message);
}

static void
save (Settings *settings)
{
  LwDownloadPolicy *policy = lw_application_get_download_policy (settings->application);
  guint selected = adw_combo_row_get_selected (settings->auto_row);
  int max = gtk_spin_button_get_value_as_int (settings->max_spin);
  g_autoptr(GError) error = NULL;

  if (selected >= G_N_ELEMENTS (auto_values))
    return;

  if (!lw_download_policy_set_show_settings (policy, settings->show_id, auto_values[selected],
                                             max > 0 ? max : -1, &error))
    {
      report (settings->application, error);
      return;
    }

  /* Switched on: what is due now downloads now, not after the next refresh. */
  lw_download_policy_auto_download (policy, settings->show_id, &error);
  if (error != NULL)
    report (settings->application, error);
}

/* 0 reads "Default" rather than a number nobody would pick. */
static gboolean
on_spin_output (GtkSpinButton *spin)
{
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = value > 0 ? g_strdup_printf ("%d", value) : g_strdup (_("Default"));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static int
on_spin_input (GtkSpinButton *spin,
               double        *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  gint64 number = g_ascii_strtoll (text, &end, 10);

  *value = end != NULL && end != text ? CLAMP (number, 0, 100) : 0;
  return TRUE;
}

GtkWindow *
lw_show_download_settings_new (LwApplication *application,
                               gint64         show_id,
                               GtkWindow     *parent)
{
  LwDownloadPolicy *policy;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) choices = NULL;
  g_autofree char *default_choice = NULL;
  g_autofree char *max_subtitle = NULL;
  AdwPreferencesWindow *window;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  GtkWidget *row;
  Settings *settings;
  int auto_download = -1;
  int max_episodes = -1;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  policy = lw_application_get_download_policy (application);
  if (policy == NULL)
    return NULL;

  if (!(show = lw_library_lookup_show (lw_application_get_library (application), show_id)))
    {
      g_set_error (&error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND,
                   _("This podcast is no longer in the library"));
      report (application, error);
      return NULL;
    }

  if (!lw_download_policy_get_show_settings (policy, show_id, &auto_download, &max_episodes, &error))
    {
      report (application, error);
      return NULL;
    }

  settings = g_new0 (Settings, 1);
  settings->application = g_object_ref (application);
  settings->show_id = show_id;

  window = ADW_PREFERENCES_WINDOW (g_object_new (ADW_TYPE_PREFERENCES_WINDOW,
                                                 "application", application,
                                                 "transient-for", parent,
                                                 "modal", parent != NULL,
                                                 "title", lw_show_get_title (show),
                                                 "search-enabled", FALSE,
                                                 "default-width", 480,
                                                 "default-height", 360,
                                                 NULL));
  g_object_set_data_full (G_OBJECT (window), "lw-settings", settings, (GDestroyNotify) settings_free);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Downloads"));
  adw_preferences_page_add (page, group);

  default_choice = g_strdup_printf (_("Default (%s)"),
                                    lw_download_policy_get_auto_download (policy) ? _("On") : _("Off"));
  choices = gtk_string_list_new ((const char * const[]) { default_choice, _("On"), _("Off"), NULL });
  row = adw_combo_row_new ();
  settings->auto_row = ADW_COMBO_ROW (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Download New Episodes"));
  adw_combo_row_set_model (settings->auto_row, G_LIST_MODEL (choices));
  for (guint i = 0; i < G_N_ELEMENTS (auto_values); i++)
    if (auto_values[i] == auto_download)
      adw_combo_row_set_selected (settings->auto_row, i);
  adw_preferences_group_add (group, row);

  settings->max_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 100, 1));
  gtk_spin_button_set_value (settings->max_spin, MAX (max_episodes, 0));
  gtk_widget_set_valign (GTK_WIDGET (settings->max_spin), GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (settings->max_spin), 7);
  g_signal_connect (settings->max_spin, "output", G_CALLBACK (on_spin_output), NULL);
  g_signal_connect (settings->max_spin, "input", G_CALLBACK (on_spin_input), NULL);
  on_spin_output (settings->max_spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (settings->max_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Episodes to Keep"), -1);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Episodes to Keep"));
  max_subtitle = g_strdup_printf (_("The newest unplayed episodes; the default is %u"),
                                  lw_download_policy_get_auto_download_max (policy));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), max_subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (settings->max_spin));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (settings->max_spin));
  adw_preferences_group_add (group, row);

  adw_preferences_window_add (window, page);

  /* Connected last: setting the initial values is not a change. */
  g_signal_connect_swapped (settings->auto_row, "notify::selected", G_CALLBACK (save), settings);
  g_signal_connect_swapped (settings->max_spin, "value-changed", G_CALLBACK (save), settings);

  return GTK_WINDOW (window);
}
