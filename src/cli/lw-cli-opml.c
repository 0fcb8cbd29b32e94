/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "core/lw-feed-service.h"
#include "core/lw-http.h"
#include "core/lw-library.h"
#include "core/lw-opml.h"
#include "lw-cli.h"

/* The same bounds as the feed service's refresh of everything: a list of hundreds
 * of feeds must neither open hundreds of connections nor hammer one host. The feed
 * service has no pool for subscribing, so the import keeps its own. */
#define IMPORT_MAX_RUNNING  8
#define IMPORT_MAX_PER_HOST 2

typedef struct
{
  char   *name;
  GQueue  waiting;  /* (element-type guint) entry indices */
  guint   running;
} ImportHost;

typedef struct
{
  LwFeedService *service;
  GMainLoop     *loop;
  LwOpml        *opml;
  GPtrArray     *hosts;     /* (element-type ImportHost) in order of first appearance */
  LwShow       **shows;     /* one per entry, NULL until subscribed */
  guint          running;
  guint          done;
  guint          failed;
} Import;

typedef struct
{
  Import     *import;
  ImportHost *host;
  guint       index;
} ImportJob;

static void
import_host_free (ImportHost *host)
{
  g_free (host->name);
  g_queue_clear (&host->waiting);
  g_free (host);
}

static void import_pump (Import *import);

static void
on_subscribed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ImportJob *job = user_data;
  Import *import = job->import;
  LwOpmlEntry *entry = g_ptr_array_index (import->opml->entries, job->index);
  g_autoptr(GError) error = NULL;

  import->shows[job->index] = lw_feed_service_subscribe_finish (LW_FEED_SERVICE (object), result, &error);
  if (import->shows[job->index] == NULL)
    {
      import->failed++;
      lw_cli_feed_failed (entry->title, entry->feed_url, error);
    }

  job->host->running--;
  import->running--;
  import->done++;
  lw_cli_progress (_("Importing…"), import->done, import->opml->entries->len);
  g_free (job);

  import_pump (import);
}

/* Starts waiting entries while there is room, taking hosts in turn so that a host
 * with many feeds does not hold up the others. */
static void
import_pump (Import *import)
{
  gboolean started = TRUE;

  while (started && import->running < IMPORT_MAX_RUNNING)
    {
      started = FALSE;

      for (guint i = 0; i < import->hosts->len && import->running < IMPORT_MAX_RUNNING; i++)
        {
          ImportHost *host = g_ptr_array_index (import->hosts, i);
          LwOpmlEntry *entry;
          ImportJob *job;

          if (host->running >= IMPORT_MAX_PER_HOST || g_queue_is_empty (&host->waiting))
            continue;

          job = g_new0 (ImportJob, 1);
          job->import = import;
          job->host = host;
          job->index = GPOINTER_TO_UINT (g_queue_pop_head (&host->waiting));
          entry = g_ptr_array_index (import->opml->entries, job->index);

          host->running++;
          import->running++;
          started = TRUE;
          lw_feed_service_subscribe_async (import->service, entry->feed_url, NULL, on_subscribed, job);
        }
    }

  if (import->running == 0 && import->done == import->opml->entries->len)
    g_main_loop_quit (import->loop);
}

static void
import_queue_entries (Import *import)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < import->opml->entries->len; i++)
    {
      LwOpmlEntry *entry = g_ptr_array_index (import->opml->entries, i);
      g_autofree char *name = lw_http_dup_host (entry->feed_url);
      ImportHost *host = g_hash_table_lookup (by_name, name);

      if (host == NULL)
        {
          host = g_new0 (ImportHost, 1);
          host->name = g_steal_pointer (&name);
          g_queue_init (&host->waiting);
          g_ptr_array_add (import->hosts, host);
          g_hash_table_insert (by_name, host->name, host);
        }

      g_queue_push_tail (&host->waiting, GUINT_TO_POINTER (i));
    }
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
  g_autoptr(GPtrArray) hosts = NULL;
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
  hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) import_host_free);

  import.service = service;
  import.loop = loop;
  import.opml = opml;
  import.hosts = hosts;
  import.shows = g_new0 (LwShow *, MAX (n, 1));

  import_queue_entries (&import);
  if (n > 0)
    {
      lw_cli_progress (_("Importing…"), 0, n);
      import_pump (&import);
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
