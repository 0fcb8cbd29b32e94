/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "lw-cli.h"

typedef struct
{
  GMainLoop *loop;
  LwShow    *show;
  GError    *error;
} Subscribing;

static void
on_subscribed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Subscribing *state = user_data;

  state->show = lw_feed_service_subscribe_finish (LW_FEED_SERVICE (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

/* longwave-cli subscribe URL: prints "ID<TAB>TITLE" of the show. */
int
lw_cli_subscribe (int    argc,
                  char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwFeedService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Subscribing state = { NULL, };
  int status = LW_CLI_EXIT_OK;

  if (argc != 2)
    {
      lw_cli_error (_("Usage: longwave-cli subscribe URL"));
      return LW_CLI_EXIT_USAGE;
    }

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  service = lw_feed_service_new (library);
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;

  lw_feed_service_subscribe_async (service, argv[1], NULL, on_subscribed, &state);
  g_main_loop_run (loop);

  if (state.show == NULL)
    {
      lw_cli_error ("%s", state.error->message);
      status = LW_CLI_EXIT_FAILED;
    }
  else
    {
      const char *title = lw_show_get_title (state.show);

      printf ("%" G_GINT64_FORMAT "\t%s\n", lw_show_get_id (state.show), title != NULL ? title : "");
    }

  g_clear_object (&state.show);
  g_clear_error (&state.error);

  return status;
}
