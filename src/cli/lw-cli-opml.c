/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "core/lw-opml.h"
#include "lw-cli.h"

typedef struct
{
  GMainLoop     *loop;
  LwOpml        *opml;
  LwShow       **shows;     /* one per entry, NULL until subscribed */
  guint          done;
  guint          failed;
} Import;

static void
on_each_subscribed (LwFeedService *service,
                    guint          index,
                    LwShow        *show,
                    const GError  *error,
                    gpointer       user_data)
{
  Import *import = user_data;
  LwOpmlEntry *entry = g_ptr_array_index (import->opml->entries, index);

  if (show != NULL)
    import->shows[index] = g_object_ref (show);
  else
    lw_cli_feed_failed (entry->title, entry->feed_url, error);

  import->done++;
  lw_cli_progress (_("Importing…"), import->done, import->opml->entries->len);
}

static void
on_all_subscribed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Import *import = user_data;

  /* Never cancelled: no error to report beyond each feed's. */
  import->failed = lw_feed_service_subscribe_many_finish (LW_FEED_SERVICE (object), result, NULL);
  g_main_loop_quit (import->loop);
}

/* longwave-cli import FILE.opml: subscribes to every feed of the list and prints
 * "ID<TAB>TITLE" for each show it holds, in the list's order. */
int
lw_cli_import (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(LwOpml) opml = NULL;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwFeedService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) urls = NULL;
  Import import = { NULL, };
  guint n;

  if (argc != 2)
    {
      lw_cli_error (_("Usage: longwave-cli import FILE.opml"));
      return LW_CLI_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  opml = lw_opml_parse_file (file, &error);
  if (opml == NULL)
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }

  /* Bad outlines do not stop the others, but they are feeds that were not imported. */
  for (guint i = 0; i < opml->problems->len; i++)
    lw_cli_error ("%s", (const char *) g_ptr_array_index (opml->problems, i));

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  n = opml->entries->len;
  service = lw_feed_service_new (library);
  loop = g_main_loop_new (NULL, FALSE);
  urls = g_ptr_array_new_full (n + 1, NULL);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (urls, ((LwOpmlEntry *) g_ptr_array_index (opml->entries, i))->feed_url);
  g_ptr_array_add (urls, NULL);

  import.loop = loop;
  import.opml = opml;
  import.shows = g_new0 (LwShow *, MAX (n, 1));

  if (n > 0)
    {
      /* The service's bounded pool: a list of hundreds of feeds neither opens
       * hundreds of connections nor hammers one host. */
      lw_cli_progress (_("Importing…"), 0, n);
      lw_feed_service_subscribe_many_async (service, (const char * const *) urls->pdata,
                                            on_each_subscribed, &import, NULL,
                                            on_all_subscribed, &import);
      g_main_loop_run (loop);
      lw_cli_progress_clear ();
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwShow) show = import.shows[i];
      g_autofree char *title = NULL;

      if (show == NULL)
        continue;

      title = lw_cli_dup_field (lw_show_get_title (show));
      printf ("%" G_GINT64_FORMAT "\t%s\n", lw_show_get_id (show), title);
    }
  g_free (import.shows);

  if (import.failed > 0)
    lw_cli_error (g_dngettext (GETTEXT_PACKAGE, "%u of %u feeds could not be imported",
                               "%u of %u feeds could not be imported", n),
                  import.failed, n);

  return import.failed > 0 || opml->problems->len > 0 ? LW_CLI_EXIT_FAILED : LW_CLI_EXIT_OK;
}
