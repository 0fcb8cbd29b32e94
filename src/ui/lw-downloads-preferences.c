/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "lw-accessible.h"
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
  lw_accessible_set_name (button, label);
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

/* The country of the top lists, by name: iso-codes' list, in the user's language.
 * Index 0 is "Automatic" (the key empty: the country of the language settings). */
#define ISO_CODES_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

typedef struct
{
  char *code;  /* lower case, as the key has it */
  char *name;
} Country;

static void
country_clear (gpointer data)
{
  Country *country = data;

  g_free (country->code);
  g_free (country->name);
}

static int
compare_countries (gconstpointer a,
                   gconstpointer b)
{
  return g_utf8_collate (((const Country *) a)->name, ((const Country *) b)->name);
}

static GArray *
load_countries (void)
{
  GArray *countries = g_array_new (FALSE, TRUE, sizeof (Country));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *list;

  g_array_set_clear_func (countries, country_clear);

  /* Without iso-codes the row still offers "Automatic" and the current choice. */
  if (!json_parser_load_from_file (parser, ISO_CODES_JSON, &error))
    {
      g_debug ("No country names: %s", error->message);
      return countries;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(list = json_object_get_array_member (json_node_get_object (root), "3166-1")))
    return countries;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      const char *code = entry != NULL ? json_object_get_string_member_with_default (entry, "alpha_2", NULL) : NULL;
      const char *name = entry != NULL ? json_object_get_string_member_with_default (entry, "common_name", NULL) : NULL;
      Country country;

      if (name == NULL && entry != NULL)
        name = json_object_get_string_member_with_default (entry, "name", NULL);
      if (code == NULL || name == NULL || strlen (code) != 2)
        continue;

      country.code = g_ascii_strdown (code, -1);
      country.name = g_strdup (g_dgettext ("iso_3166-1", name));
      g_array_append_val (countries, country);
    }
  g_array_sort (countries, compare_countries);

  return countries;
}

static const char *
country_name (GArray     *countries,
              const char *code)
{
  for (guint i = 0; i < countries->len; i++)
    if (g_str_equal (g_array_index (countries, Country, i).code, code))
      return g_array_index (countries, Country, i).name;

  return NULL;
}

static void
on_country_selected (AdwComboRow *row,
                     GParamSpec  *pspec,
                     GSettings   *settings)
{
  GArray *countries = g_object_get_data (G_OBJECT (row), "lw-countries");
  guint selected = adw_combo_row_get_selected (row);
  g_autofree char *current = g_settings_get_string (settings, "directory-country");
  const char *code;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  code = selected == 0 ? "" : g_array_index (countries, Country, selected - 1).code;
  if (!g_str_equal (current, code))
    g_settings_set_string (settings, "directory-country", code);
}

static GtkWidget *
new_country_row (GSettings *settings)
{
  GArray *countries = load_countries ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *current = g_settings_get_string (settings, "directory-country");
  g_autofree char *from_locale = lw_directory_country_from_environment ();
  g_autofree char *automatic = NULL;
  const char *locale_name = country_name (countries, from_locale);
  g_autofree char *upper = g_ascii_strup (from_locale, -1);
  guint selected = 0;
  GtkWidget *row;

  /* A code set by hand that the list does not know keeps its place. */
  if (*current != '\0' && country_name (countries, current) == NULL)
    {
      Country country = { g_strdup (current), g_ascii_strup (current, -1) };

      g_array_append_val (countries, country);
    }

  /* TRANSLATORS: %s is the name of the country of the language settings */
  automatic = g_strdup_printf (_("Automatic (%s)"), locale_name != NULL ? locale_name : upper);
  gtk_string_list_append (names, automatic);
  for (guint i = 0; i < countries->len; i++)
    {
      gtk_string_list_append (names, g_array_index (countries, Country, i).name);
      if (g_str_equal (g_array_index (countries, Country, i).code, current))
        selected = i + 1;
    }

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Country for Top Shows"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), "lw-countries", countries, (GDestroyNotify) g_array_unref);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_country_selected), settings);

  return row;
}

AdwPreferencesPage *
lw_downloads_preferences_new (LwApplication *application)
{
  GSettings *settings;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  g_autoptr(GtkStringList) metered = NULL;
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

  row = new_country_row (settings);
  adw_preferences_group_add (group, row);

  return page;
}
