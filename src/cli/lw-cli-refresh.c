/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "lw-cli.h"

/* (transfer full) (nullable): NULL after saying there is no such show. */
static LwShow *
lookup_show (LwLibrary  *library,
             const char *text,
             gint64      show_id)
{
  LwShow *show = lw_library_lookup_show (library, show_id);

  if (show == NULL)
    /* Translators: %s is a number */
    lw_cli_error (_("There is no show with id %s (see “longwave-cli list”)"), text);

  return show;
}

/* Progress goes to a terminal only: a script reading stderr wants the failures,
 * not a line redrawn hundreds of times. */
static int progress_shown = -1;
static gboolean progress_on_screen;

static gboolean
progress_wanted (void)
{
  if (progress_shown < 0)
    progress_shown = isatty (STDERR_FILENO) ? 1 : 0;

  return progress_shown == 1;
}

void
lw_cli_progress (const char *what,
                 guint       done,
                 guint       total)
{
  if (!progress_wanted ())
    return;

  /* \033[K clears what a longer earlier line left behind. */
  fprintf (stderr, "\r[%u/%u] %s\033[K", done, total, what);
  fflush (stderr);
  progress_on_screen = TRUE;
}

void
lw_cli_progress_clear (void)
{
  if (!progress_on_screen)
    return;

  fputs ("\r\033[K", stderr);
  fflush (stderr);
  progress_on_screen = FALSE;
}

void
lw_cli_feed_failed (const char   *title,
                    const char   *feed_url,
                    const GError *error)
{
  lw_cli_progress_clear ();

  if (title != NULL && *title != '\0')
    /* Translators: “title” (feed address): why it failed */
    lw_cli_error (_("“%s” (%s): %s"), title, feed_url, error->message);
  else
    /* Translators: feed address: why it failed */
    lw_cli_error (_("%s: %s"), feed_url, error->message);
}

/* longwave-cli refresh [SHOW_ID] */

typedef struct
{
  GMainLoop *loop;
  guint      failed;
  GError    *error;
} Refreshing;

static void
on_show_refreshed (LwFeedService *service,
                   LwShow        *show,
                   const GError  *error,
                   gpointer       user_data)
{
  if (error != NULL)
    lw_cli_feed_failed (lw_show_get_title (show), lw_show_get_feed_url (show), error);
}

static void
on_refresh_done_changed (LwFeedService *service,
                         GParamSpec    *pspec,
                         gpointer       user_data)
{
  lw_cli_progress (_("Refreshing…"),
                   lw_feed_service_get_refresh_done (service),
                   lw_feed_service_get_refresh_total (service));
}

static void
on_all_refreshed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Refreshing *state = user_data;

  state->failed = lw_feed_service_refresh_all_finish (LW_FEED_SERVICE (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
on_show_refresh_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Refreshing *state = user_data;

  if (!lw_feed_service_refresh_finish (LW_FEED_SERVICE (object), result, &state->error))
    state->failed = 1;
  g_main_loop_quit (state->loop);
}

int
lw_cli_refresh (int    argc,
                char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwFeedService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(LwShow) show = NULL;
  Refreshing state = { NULL, };
  gint64 show_id = 0;
  int status;

  if (argc > 2)
    {
      lw_cli_error (_("Usage: longwave-cli refresh [SHOW_ID]"));
      return LW_CLI_EXIT_USAGE;
    }

  if (argc == 2 && (show_id = lw_cli_parse_show_id (argv[1])) == 0)
    return LW_CLI_EXIT_USAGE;

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  if (show_id > 0)
    {
      show = lookup_show (library, argv[1], show_id);
      if (show == NULL)
        return LW_CLI_EXIT_FAILED;
    }

  service = lw_feed_service_new (library);
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;

  if (show != NULL)
    {
      lw_feed_service_refresh_async (service, show, NULL, on_show_refresh_done, &state);
      g_main_loop_run (loop);

      if (state.error != NULL)
        lw_cli_feed_failed (lw_show_get_title (show), lw_show_get_feed_url (show), state.error);
    }
  else
    {
      g_signal_connect (service, "show-refreshed", G_CALLBACK (on_show_refreshed), NULL);
      g_signal_connect (service, "notify::refresh-done", G_CALLBACK (on_refresh_done_changed), NULL);

      lw_feed_service_refresh_all_async (service, NULL, on_all_refreshed, &state);
      on_refresh_done_changed (service, NULL, NULL);
      g_main_loop_run (loop);
      lw_cli_progress_clear ();

      /* Only a cancelled run is an error, and nothing here cancels it: still, say so. */
      if (state.error != NULL)
        lw_cli_error ("%s", state.error->message);
      else if (state.failed > 0)
        lw_cli_error (g_dngettext (GETTEXT_PACKAGE, "%u feed could not be refreshed",
                                   "%u feeds could not be refreshed", state.failed),
                      state.failed);
    }

  status = state.failed > 0 || state.error != NULL ? LW_CLI_EXIT_FAILED : LW_CLI_EXIT_OK;
  g_clear_error (&state.error);

  return status;
}
