/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "core/lw-directory.h"
#include "lw-downloads-preferences.h"

static const char * const metered_values[] = { "ask", "allow", "never" };

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         GtkWidget           *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), suffix);
  gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (group, row);

  return row;
}

static GtkWidget *
add_switch (AdwPreferencesGroup *group,
            GSettings           *settings,
            const char          *key,
            const char          *title,
            const char          *subtitle)
{
  GtkWidget *toggle = gtk_switch_new ();

  g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
  return add_row (group, title, subtitle, toggle);
}

static GtkWidget *
add_spin (AdwPreferencesGroup *group,
          GSettings           *settings,
          const char          *key,
          const char          *title,
          const char          *subtitle,
          double               min,
          double               max)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  return add_row (group, title, subtitle, spin);
}

static GtkWidget *
add_icon_button (GtkBox     *box,
                 const char *icon_name,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (box, button);

  return button;
}

/* The folder row: the chosen folder, or the default one, named for people. */
static void
update_folder_row (AdwActionRow *row)
{
  GSettings *settings = g_object_get_data (G_OBJECT (row), "settings");
  GtkWidget *reset = g_object_get_data (G_OBJECT (row), "reset");
  g_autofree char *folder = g_settings_get_string (settings, "download-folder");
  g_autofree char *path = *folder != '\0' ? g_strdup (folder) : lw_downloader_dup_default_folder ();
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *home = g_strdup (g_get_home_dir ());

  /* ~/Podcasts reads better than /home/name/Podcasts. */
  if (g_str_has_prefix (display, home) && display[strlen (home)] == '/')
    {
      g_autofree char *tilde = g_strconcat ("~", display + strlen (home), NULL);
      g_free (display);
      display = g_steal_pointer (&tilde);
    }

  adw_action_row_set_subtitle (row, display);
  gtk_widget_set_visible (reset, *folder != '\0');
}

static void
on_folder_chosen (GtkNativeDialog *dialog,
                  int              response,
                  GSettings       *settings)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (settings, "download-folder", path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (settings);
}

static void
on_choose_folder (GtkWidget *button,
                  GSettings *settings)
{
  GtkNative *native = gtk_widget_get_native (button);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Downloads Folder"),
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_folder_chosen), g_object_ref (settings));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_reset_folder (GSettings *settings)
{
  g_settings_reset (settings, "download-folder");
}

static void
on_metered_selected (AdwComboRow *row,
                     GParamSpec  *pspec,
                     GSettings   *settings)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < G_N_ELEMENTS (metered_values))
    g_settings_set_string (settings, "download-metered", metered_values[selected]);
}

static void
on_metered_key (GSettings   *settings,
                const char  *key,
                AdwComboRow *row)
{
  g_autofree char *value = g_settings_get_string (settings, "download-metered");

  for (guint i = 0; i < G_N_ELEMENTS (metered_values); i++)
    if (g_str_equal (value, metered_values[i]))
      adw_combo_row_set_selected (row, i);
}

/* A two-letter code or nothing: anything else would make every top list fail. */
static void
on_country_changed (AdwEntryRow *row,
                    GSettings   *settings)
{
  g_autofree char *text = g_ascii_strdown (gtk_editable_get_text (GTK_EDITABLE (row)), -1);
  gboolean valid;

  g_strstrip (text);
  valid = *text == '\0' || (strlen (text) == 2 && g_ascii_isalpha (text[0]) && g_ascii_isalpha (text[1]));

  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      g_settings_set_string (settings, "directory-country", text);
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

AdwPreferencesPage *
lw_downloads_preferences_new (LwApplication *application)
{
  GSettings *settings;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  g_autoptr(GtkStringList) metered = NULL;
  g_autofree char *country = NULL;
  g_autofree char *locale_country = NULL;
  g_autofree char *country_hint = NULL;
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *reset;
  GtkWidget *max_row;
  GtkWidget *box;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  settings = lw_application_get_settings (application);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Downloads"));
  adw_preferences_page_set_name (page, "downloads");
  adw_preferences_page_set_icon_name (page, "folder-download-symbolic");

  /* Downloads */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Downloads"));
  adw_preferences_page_add (page, group);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  reset = add_icon_button (GTK_BOX (box), "edit-undo-symbolic", _("Use the Default Folder"));
  g_signal_connect_swapped (reset, "clicked", G_CALLBACK (on_reset_folder), settings);
  button = add_icon_button (GTK_BOX (box), "document-open-symbolic", _("Choose a Folder"));
  g_signal_connect (button, "clicked", G_CALLBACK (on_choose_folder), settings);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Downloads Folder"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "settings", settings);
  g_object_set_data (G_OBJECT (row), "reset", reset);
  g_signal_connect_object (settings, "changed::download-folder", G_CALLBACK (update_folder_row),
                           row, G_CONNECT_SWAPPED);
  update_folder_row (ADW_ACTION_ROW (row));
  adw_preferences_group_add (group, row);

  add_spin (group, settings, "download-max-concurrent", _("Simultaneous Downloads"), NULL, 1, 8);

  metered = gtk_string_list_new ((const char * const[]) { _("Ask"), _("Allow"), _("Never"), NULL });
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("On Metered Connections"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Networks that may charge for data"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (metered));
  on_metered_key (settings, NULL, ADW_COMBO_ROW (row));
  g_signal_connect_object (settings, "changed::download-metered", G_CALLBACK (on_metered_key), row, 0);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_metered_selected), settings);
  adw_preferences_group_add (group, row);

  /* Automatic */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Automatic Downloads"));
  adw_preferences_page_add (page, group);

  add_switch (group, settings, "auto-download", _("Download New Episodes"),
              _("Each podcast can change this in its own settings"));
  max_row = add_spin (group, settings, "auto-download-max", _("Episodes per Podcast"),
                      _("The newest unplayed episodes kept downloaded"), 1, 100);
  g_settings_bind (settings, "auto-download", max_row, "sensitive", G_SETTINGS_BIND_GET);
  add_spin (group, settings, "auto-delete-days", _("Delete Played Episodes After"),
            _("Days after playing; 0 keeps them. Unplayed episodes are never deleted"), 0, 365);

  /* Directories */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Podcast Directories"));
  adw_preferences_group_set_description (group, _("Where Discover searches for podcasts"));
  adw_preferences_page_add (page, group);

  add_switch (group, settings, "directory-apple-enabled", _("Apple Podcasts"), NULL);
  add_switch (group, settings, "directory-fyyd-enabled", _("fyyd"), NULL);

  row = adw_entry_row_new ();
  country = g_settings_get_string (settings, "directory-country");
  locale_country = lw_directory_country_from_environment ();
  /* Translators: %s is the two-letter country code of the language settings */
  country_hint = g_strdup_printf (_("Country for Top Shows (empty: %s)"), locale_country);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), country_hint);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), country);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (row), 2);
  g_signal_connect (row, "apply", G_CALLBACK (on_country_changed), settings);
  adw_preferences_group_add (group, row);

  return page;
}
