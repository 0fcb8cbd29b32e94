/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "core/lw-feed-service.h"
#include "core/lw-sync-settings.h"
#include "lw-cli.h"

/* longwave-cli sync: the app's sync, headless. Signing in stores the account where
 * the app finds it (GSettings and the Secret Service), so either can sync after. */

typedef struct
{
  GMainLoop     *loop;
  GAsyncResult  *result;
} Waiting;

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiting *waiting = user_data;

  waiting->result = g_object_ref (result);
  g_main_loop_quit (waiting->loop);
}

/* Runs the main loop until the call started with (store_result, @waiting) is done. */
static GAsyncResult *
wait_for (Waiting *waiting)
{
  g_main_loop_run (waiting->loop);

  return waiting->result;
}

static GSettings *
open_settings (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      lw_cli_error (_("The settings schema %s is not installed"), APP_ID);
      return NULL;
    }

  return g_settings_new (APP_ID);
}

static char *
read_password (void)
{
  char buffer[1024];

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;

  g_strchomp (buffer);

  return *buffer != '\0' ? g_strdup (buffer) : NULL;
}

static void
open_uri (const char *uri,
          gpointer    user_data)
{
  g_autoptr(GError) error = NULL;

  /* TRANSLATORS: %s is the Nextcloud login page */
  g_printerr (_("Open %s in a browser to log in; waiting…\n"), uri);
  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    g_debug ("No browser: %s", error->message);
}

static void
print_status (GSettings *settings,
              LwSync    *sync)
{
  g_autofree char *dialect = g_settings_get_string (settings, "sync-dialect");
  g_autofree char *server = g_settings_get_string (settings, "sync-server");
  g_autofree char *user = g_settings_get_string (settings, "sync-user");
  g_autofree char *device = g_settings_get_string (settings, "sync-device-id");
  gint64 last = lw_sync_get_last_sync (sync);
  g_autofree char *when = NULL;

  if (last > 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (last);

      when = g_date_time_format_iso8601 (time);
    }

  printf ("dialect\t%s\n", dialect);
  printf ("server\t%s\n", server);
  printf ("user\t%s\n", user);
  printf ("device\t%s\n", device);
  printf ("last-sync\t%s\n", when != NULL ? when : "never");
  printf ("last-error\t%s\n", lw_sync_get_last_error (sync) != NULL ? lw_sync_get_last_error (sync) : "");
  printf ("pending\t%u\n", lw_sync_get_pending (sync));
}

int
lw_cli_sync (int    argc,
             char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *dialect_name = NULL;
  g_autofree char *device_id = NULL;
  gboolean login = FALSE, status = FALSE, sign_out = FALSE;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("Sign in to the sync server at URL"), "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The user name (the password is read from standard input)"), "NAME" },
    { "dialect", 0, 0, G_OPTION_ARG_STRING, &dialect_name, N_("gpodder (gpodder.net API v2) or nextcloud"), "DIALECT" },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device_id, N_("The device id on a gpodder.net server"), "ID" },
    { "login", 0, 0, G_OPTION_ARG_NONE, &login, N_("Nextcloud: log in through the browser (Login Flow v2)"), NULL },
    { "status", 0, 0, G_OPTION_ARG_NONE, &status, N_("Print the account, the last sync and its result"), NULL },
    { "sign-out", 0, 0, G_OPTION_ARG_NONE, &sign_out, N_("Forget the account and its password"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwFeedService) service = NULL;
  g_autoptr(LwSync) sync = NULL;
  g_autoptr(LwSyncAccount) account = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiting waiting = { loop, NULL };

  /* "Usage: longwave-cli sync [OPTION…]" */
  g_set_prgname ("longwave-cli sync");
  g_option_context_set_summary (context, _("Sync subscriptions and played positions with gpodder.net or Nextcloud."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      lw_cli_error ("%s", error != NULL ? error->message : _("Usage: longwave-cli sync [OPTION…]"));
      return LW_CLI_EXIT_USAGE;
    }

  settings = open_settings ();
  if (settings == NULL)
    return LW_CLI_EXIT_FAILED;
  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;
  service = lw_feed_service_new (library);
  sync = lw_sync_new (library, service);

  if (status)
    {
      print_status (settings, sync);
      return LW_CLI_EXIT_OK;
    }

  if (sign_out)
    {
      lw_sync_sign_out (sync);
      lw_sync_settings_clear_async (settings, NULL, store_result, &waiting);
      if (!lw_sync_settings_clear_finish (wait_for (&waiting), &error))
        {
          lw_cli_error ("%s", error->message);
          g_clear_object (&waiting.result);
          return LW_CLI_EXIT_FAILED;
        }
      g_clear_object (&waiting.result);
      g_settings_sync ();
      return LW_CLI_EXIT_OK;
    }

  if (server != NULL)
    {
      LwSyncDialect dialect = lw_sync_dialect_from_string (dialect_name != NULL ? dialect_name : "gpodder");
      g_autofree char *normalized = NULL;

      if (dialect == LW_SYNC_DIALECT_NONE)
        {
          lw_cli_error (_("“%s” is not a sync service: use gpodder or nextcloud"), dialect_name);
          return LW_CLI_EXIT_USAGE;
        }
      normalized = lw_sync_normalize_server (server, &error);
      if (normalized == NULL)
        {
          lw_cli_error ("%s", error->message);
          return LW_CLI_EXIT_USAGE;
        }

      if (login && dialect == LW_SYNC_DIALECT_NEXTCLOUD)
        {
          lw_sync_nextcloud_login_async (normalized, open_uri, NULL, 2000, NULL, store_result, &waiting);
          account = lw_sync_nextcloud_login_finish (wait_for (&waiting), &error);
          g_clear_object (&waiting.result);
        }
      else
        {
          g_autofree char *password = NULL;

          if (user == NULL)
            {
              lw_cli_error (_("Give the user name with --user"));
              return LW_CLI_EXIT_USAGE;
            }
          password = read_password ();
          if (password == NULL)
            {
              lw_cli_error (_("Write the password on standard input"));
              return LW_CLI_EXIT_USAGE;
            }
          account = lw_sync_account_new (dialect, normalized, user, password, device_id);
        }

      if (account != NULL)
        {
          g_autoptr(LwSyncAccount) saved = NULL;

          lw_sync_settings_save_async (settings, account, NULL, store_result, &waiting);
          saved = lw_sync_settings_save_finish (wait_for (&waiting), &error);
          g_clear_object (&waiting.result);
          g_clear_pointer (&account, lw_sync_account_free);
          account = g_steal_pointer (&saved);
          g_settings_sync ();
        }
    }
  else
    {
      lw_sync_settings_load_async (settings, NULL, store_result, &waiting);
      account = lw_sync_settings_load_finish (wait_for (&waiting), &error);
      g_clear_object (&waiting.result);
      if (account == NULL && error == NULL)
        {
          lw_cli_error (_("Not signed in: use longwave-cli sync --server URL --user NAME"));
          return LW_CLI_EXIT_FAILED;
        }
    }

  if (account == NULL)
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }

  lw_sync_set_account (sync, account);
  lw_sync_run_async (sync, NULL, store_result, &waiting);
  if (!lw_sync_run_finish (sync, wait_for (&waiting), &error))
    {
      g_clear_object (&waiting.result);
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }
  g_clear_object (&waiting.result);

  printf (_("Synced with %s\n"), account->server);

  return LW_CLI_EXIT_OK;
}
