/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "core/lw-downloader.h"
#include "core/lw-library.h"
#include "lw-cli.h"

/* How often the progress line on a terminal is redrawn. */
#define PROGRESS_INTERVAL_MS 250

typedef struct
{
  GMainLoop    *loop;
  LwDownloader *downloader;
  guint         pending;
  guint         failed;
  gboolean      progress_shown;
  gboolean      interrupted;
} Downloading;

typedef struct
{
  Downloading *state;
  gint64       episode_id;
} Request;

static void
clear_progress (Downloading *state)
{
  if (!state->progress_shown)
    return;

  /* Back to the start of the line and erase it, so messages start clean. */
  fputs ("\r\033[K", stderr);
  state->progress_shown = FALSE;
}

static char *
format_time_left (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup ("");
  if (seconds >= 3600)
    return g_strdup_printf (_(", %d:%02d:%02d left"),
                            (int) MIN (seconds / 3600, G_MAXINT), (int) (seconds / 60 % 60), (int) (seconds % 60));

  return g_strdup_printf (_(", %d:%02d left"), (int) (seconds / 60), (int) (seconds % 60));
}

static gboolean
on_progress_tick (gpointer user_data)
{
  Downloading *state = user_data;
  GListModel *downloads = lw_downloader_get_downloads (state->downloader);
  gint64 downloaded = lw_downloader_get_downloaded (state->downloader);
  gint64 total = lw_downloader_get_total (state->downloader);
  guint n = g_list_model_get_n_items (downloads);
  guint done = 0;
  double speed = 0;
  g_autofree char *have = g_format_size ((guint64) downloaded);
  g_autofree char *speed_text = NULL;
  g_autofree char *left = NULL;
  g_autofree char *amount = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (downloads, i);

      speed += lw_download_get_speed (download);
      if (lw_download_get_state (download) == LW_DOWNLOAD_STATE_COMPLETED)
        done++;
    }

  /* Nothing measured yet (the first half second), or a stall: no speed shown. */
  if (speed > 0)
    {
      g_autofree char *size = g_format_size ((guint64) speed);

      speed_text = g_strdup_printf (_(", %s/s"), size);
    }
  else
    speed_text = g_strdup ("");
  if (total > 0)
    {
      g_autofree char *want = g_format_size ((guint64) total);

      amount = g_strdup_printf (_("%s of %s (%d%%)"), have, want, (int) (downloaded * 100 / total));
      left = format_time_left (speed > 0 ? (gint64) ((total - downloaded) / speed) : -1);
    }
  else
    {
      amount = g_strdup (have);
      left = g_strdup ("");
    }

  /* One line, redrawn in place: "2/3 done, 12.1 MB of 80.0 MB (15%), 1.2 MB/s, 0:56 left". */
  fprintf (stderr, "\r\033[K");
  fprintf (stderr, _("%u/%u done, %s%s%s"), done, n, amount, speed_text, left);
  fflush (stderr);
  state->progress_shown = TRUE;

  return G_SOURCE_CONTINUE;
}

static void
on_downloaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Request *request = user_data;
  Downloading *state = request->state;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = lw_downloader_download_finish (LW_DOWNLOADER (object), result, &error);
  clear_progress (state);

  if (path == NULL)
    {
      lw_cli_error ("%s", error->message);
      state->failed++;
    }
  else
    {
      printf ("%" G_GINT64_FORMAT "\t%s\n", request->episode_id, path);
      fflush (stdout);
    }

  g_free (request);
  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

/* Ctrl+C: what was written stays in the .part files for the next run. */
static gboolean
on_interrupt (gpointer user_data)
{
  Downloading *state = user_data;

  state->interrupted = TRUE;
  g_main_loop_quit (state->loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

/* longwave-cli download EPISODE_ID...: downloads into the downloads folder, prints
 * "ID<TAB>PATH" for each complete file. A .part left by an earlier run (killed,
 * connection lost) is resumed. */
int
lw_cli_download (int    argc,
                 char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwDownloader) downloader = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Downloading state = { NULL, };
  guint progress_source = 0;
  guint interrupt_source = 0;
  guint terminate_source = 0;

  if (argc < 2)
    {
      lw_cli_error (_("Usage: longwave-cli download EPISODE_ID…"));
      return LW_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      gint64 id;

      if (!parse_id (argv[i], &id))
        {
          lw_cli_error (_("“%s” is not an episode id (see “longwave-cli episodes”)"), argv[i]);
          return LW_CLI_EXIT_USAGE;
        }
      g_array_append_val (ids, id);
    }

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  /* The folder chosen in Preferences, so the app finds (and resumes) what this left. */
  settings = lw_cli_dup_settings ("download-folder");
  if (settings != NULL)
    folder = g_settings_get_string (settings, "download-folder");
  downloader = lw_downloader_new (library, folder != NULL && *folder != '\0' ? folder : NULL);
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.downloader = downloader;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(LwEpisode) episode = lw_library_lookup_episode (library, id);
      Request *request;

      if (episode == NULL)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          lw_cli_error (_("No episode with id %s"), text);
          state.failed++;
          continue;
        }

      request = g_new0 (Request, 1);
      request->state = &state;
      request->episode_id = id;
      state.pending++;
      lw_downloader_download_async (downloader, episode, NULL, on_downloaded, request);
    }

  if (state.pending > 0)
    {
      if (isatty (STDERR_FILENO))
        progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, on_progress_tick, &state);
      interrupt_source = g_unix_signal_add (SIGINT, on_interrupt, &state);
      terminate_source = g_unix_signal_add (SIGTERM, on_interrupt, &state);
      g_main_loop_run (loop);
    }

  g_clear_handle_id (&progress_source, g_source_remove);
  g_clear_handle_id (&interrupt_source, g_source_remove);
  g_clear_handle_id (&terminate_source, g_source_remove);
  clear_progress (&state);

  if (state.interrupted)
    {
      /* The downloads still running keep the downloader alive (their tasks hold
       * it) and the process ends now: nothing more is written. */
      lw_cli_error (_("Interrupted; run the same command again to resume"));
      return LW_CLI_EXIT_FAILED;
    }

  return state.failed > 0 ? LW_CLI_EXIT_FAILED : LW_CLI_EXIT_OK;
}
