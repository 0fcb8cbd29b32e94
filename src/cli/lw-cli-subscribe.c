/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "core/lw-secret.h"
#include "lw-cli.h"

typedef struct
{
  GMainLoop *loop;
  LwShow    *show;
  GError    *error;
  gboolean   stored;
} Subscribing;

/* One line from stdin: typed without echo at a terminal, else piped in. NULL at
 * the end of the input. */
static char *
read_password (const char *user,
               const char *url)
{
  g_autofree char *host = NULL;
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char line[1024];
  char *result;

  if (terminal)
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      /* TRANSLATORS: a prompt; the first %s is a user name, the second a host */
      fprintf (stderr, _("Password for %s at %s: "),
               user, uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : url);
      fflush (stderr);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  result = fgets (line, sizeof line, stdin);

  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }

  if (result == NULL)
    return NULL;

  line[strcspn (line, "\r\n")] = '\0';
  result = g_strdup (line);
  memset (line, 0, sizeof line);

  return result;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Subscribing *state = user_data;

  state->stored = lw_secret_store_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
on_subscribed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Subscribing *state = user_data;

  state->show = lw_feed_service_subscribe_finish (LW_FEED_SERVICE (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

/* longwave-cli subscribe [--user NAME] URL: prints "ID<TAB>TITLE" of the show.
 * With --user, the password comes from stdin (asked without echo at a terminal)
 * and goes to the Secret Service, where refreshes find it. */
int
lw_cli_subscribe (int    argc,
                  char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwFeedService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *password = NULL;
  const char *user = NULL;
  const char *url;
  Subscribing state = { NULL, };
  int status = LW_CLI_EXIT_OK;

  if (argc == 4 && g_str_equal (argv[1], "--user") && *argv[2] != '\0')
    {
      user = argv[2];
      url = argv[3];
    }
  else if (argc == 2 && !g_str_has_prefix (argv[1], "--"))
    url = argv[1];
  else
    {
      lw_cli_error (_("Usage: longwave-cli subscribe [--user NAME] URL"));
      return LW_CLI_EXIT_USAGE;
    }

  if (user != NULL)
    {
      password = read_password (user, url);
      if (password == NULL)
        {
          lw_cli_error (_("No password given for %s"), user);
          return LW_CLI_EXIT_USAGE;
        }
    }

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  service = lw_feed_service_new (library);
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;

  if (user != NULL)
    lw_feed_service_subscribe_with_credentials_async (service, url, user, password, NULL,
                                                      on_subscribed, &state);
  else
    lw_feed_service_subscribe_async (service, url, NULL, on_subscribed, &state);
  g_main_loop_run (loop);

  if (state.show == NULL)
    {
      if (user == NULL &&
          g_error_matches (state.error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS))
        /* TRANSLATORS: %s is an error message like "example.org asks for a user name and password" */
        lw_cli_error (_("%s: subscribe again with --user NAME"), state.error->message);
      else
        lw_cli_error ("%s", state.error->message);
      status = LW_CLI_EXIT_FAILED;
    }
  else
    {
      const char *title = lw_show_get_title (state.show);

      printf ("%" G_GINT64_FORMAT "\t%s\n", lw_show_get_id (state.show), title != NULL ? title : "");

      if (user != NULL)
        {
          g_autofree char *server = lw_feed_service_dup_secret_server (lw_show_get_feed_url (state.show));

          lw_secret_store_async (LW_SECRET_FEED, server, user, password, NULL, on_stored, &state);
          g_main_loop_run (loop);

          /* Subscribed all the same; only the refreshes will lack the password. */
          if (!state.stored)
            lw_cli_error (_("The password could not be saved in the keyring, so refreshes will fail: %s"),
                          state.error->message);
        }
    }

  g_clear_object (&state.show);
  g_clear_error (&state.error);

  return status;
}
