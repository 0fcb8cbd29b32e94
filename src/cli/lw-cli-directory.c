/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "lw-cli.h"
#include "core/lw-directory.h"

/* Options shared by `discover` and `top`. They change this run only: the user's
 * settings are read, never written. */
typedef struct
{
  char     *apple_url;
  char     *charts_url;
  char     *fyyd_url;
  gboolean  no_apple;
  gboolean  no_fyyd;
  int       timeout;
} DirectoryOptions;

static void
directory_options_clear (DirectoryOptions *options)
{
  g_clear_pointer (&options->apple_url, g_free);
  g_clear_pointer (&options->charts_url, g_free);
  g_clear_pointer (&options->fyyd_url, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DirectoryOptions, directory_options_clear)

static void
add_directory_options (GOptionContext   *context,
                       DirectoryOptions *options)
{
  GOptionEntry entries[] = {
    { "apple-url", 0, 0, G_OPTION_ARG_STRING, &options->apple_url,
      N_("Base address of the iTunes Search API (instead of the directory-apple-url setting)"), N_("URL") },
    { "charts-url", 0, 0, G_OPTION_ARG_STRING, &options->charts_url,
      N_("Base address of Apple’s charts (instead of the directory-charts-url setting)"), N_("URL") },
    { "fyyd-url", 0, 0, G_OPTION_ARG_STRING, &options->fyyd_url,
      N_("Base address of the fyyd API (instead of the directory-fyyd-url setting)"), N_("URL") },
    { "no-apple", 0, 0, G_OPTION_ARG_NONE, &options->no_apple, N_("Do not ask Apple Podcasts"), NULL },
    { "no-fyyd", 0, 0, G_OPTION_ARG_NONE, &options->no_fyyd, N_("Do not ask fyyd"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout,
      N_("Give up on a directory after SECONDS without an answer"), N_("SECONDS") },
    { NULL }
  };

  options->timeout = -1;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
}

/* The app's settings when its schema is installed (or GSETTINGS_SCHEMA_DIR points at
 * it) and has @key, so a provider switched off in Preferences stays off here; else
 * NULL (the defaults). */
GSettings *
lw_cli_dup_settings (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;

  return g_settings_new (APP_ID);
}

static LwDirectory *
directory_new (DirectoryOptions *options)
{
  g_autoptr(GSettings) settings = lw_cli_dup_settings ("directory-apple-url");
  g_autoptr(LwDirectory) directory = lw_directory_new (settings);

  if (options->apple_url != NULL)
    g_object_set (directory, "apple-url", options->apple_url, NULL);
  if (options->charts_url != NULL)
    g_object_set (directory, "charts-url", options->charts_url, NULL);
  if (options->fyyd_url != NULL)
    g_object_set (directory, "fyyd-url", options->fyyd_url, NULL);
  if (options->no_apple)
    g_object_set (directory, "apple-enabled", FALSE, NULL);
  if (options->no_fyyd)
    g_object_set (directory, "fyyd-enabled", FALSE, NULL);
  if (options->timeout >= 0)
    lw_directory_set_timeout (directory, (guint) MIN (options->timeout, 600));

  return g_steal_pointer (&directory);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The CLI has no main loop of its own: iterate the default context until the answer. */
static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Tab-separated so that titles with spaces stay one field: feed URL, title, author, provider. */
static void
print_results (GListModel *results)
{
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(LwDirectoryResult) item = g_list_model_get_item (results, i);

      printf ("%s\t%s\t%s\t%s\n",
              lw_directory_result_get_feed_url (item),
              lw_directory_result_get_title (item),
              lw_directory_result_get_author (item),
              lw_directory_result_get_provider (item));
    }
}

static int
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_USAGE;
    }

  return LW_CLI_EXIT_OK;
}

int
lw_cli_discover (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(DirectoryOptions) options = { 0 };
  g_autoptr(LwDirectory) directory = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *text = NULL;
  int status;

  context = g_option_context_new (_("TEXT"));
  g_option_context_set_summary (context,
                                _("Search Apple Podcasts and fyyd for shows; print one per line: "
                                  "feed URL, title, author, provider (tab-separated)."));
  add_directory_options (context, &options);

  status = parse_options (context, &argc, &argv);
  if (status != LW_CLI_EXIT_OK)
    return status;

  if (argc < 2)
    {
      lw_cli_error (_("Say what to search for: longwave-cli discover TEXT"));
      return LW_CLI_EXIT_USAGE;
    }

  /* Several words without quotes are one search. */
  text = g_strjoinv (" ", argv + 1);
  directory = directory_new (&options);
  lw_directory_search_async (directory, text, NULL, store_result, &result);
  wait_for (&result);

  results = lw_directory_search_finish (directory, result, &warning, &error);
  if (results == NULL)
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }

  if (warning != NULL)
    lw_cli_error ("%s", warning);
  print_results (results);

  return LW_CLI_EXIT_OK;
}

int
lw_cli_top (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(DirectoryOptions) options = { 0 };
  g_autoptr(LwDirectory) directory = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  int limit = 25;
  int status;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("How many shows to list (1–200, default 25)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("[COUNTRY]"));
  g_option_context_set_summary (context,
                                _("List Apple Podcasts’ top shows for COUNTRY (a two-letter code; "
                                  "default: the directory-country setting, else the locale's)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_directory_options (context, &options);

  status = parse_options (context, &argc, &argv);
  if (status != LW_CLI_EXIT_OK)
    return status;

  if (argc > 2)
    {
      lw_cli_error (_("Name at most one country: longwave-cli top [COUNTRY]"));
      return LW_CLI_EXIT_USAGE;
    }

  if (limit < 1 || limit > 200)
    {
      lw_cli_error (_("--limit takes a number from 1 to 200"));
      return LW_CLI_EXIT_USAGE;
    }

  directory = directory_new (&options);
  lw_directory_top_async (directory, argc == 2 ? argv[1] : NULL, (guint) limit, NULL, store_result, &result);
  wait_for (&result);

  results = lw_directory_top_finish (directory, result, &error);
  if (results == NULL)
    {
      lw_cli_error ("%s", error->message);
      return g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_INVALID_COUNTRY)
             ? LW_CLI_EXIT_USAGE : LW_CLI_EXIT_FAILED;
    }

  print_results (results);

  return LW_CLI_EXIT_OK;
}
