/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-downloader"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "lw-download-name.h"
#include "lw-download-private.h"
#include "lw-downloader.h"
#include "lw-http.h"

#define READ_CHUNK_SIZE (64 * 1024)
/* Seconds for each network step (connect, headers, every read). */
#define NETWORK_TIMEOUT 30
/* How often the speed is measured. */
#define SPEED_WINDOW_USEC (G_USEC_PER_SEC / 2)
#define DEFAULT_MAX_CONCURRENT 2
#define DEFAULT_MAX_RETRIES 4
#define DEFAULT_RETRY_DELAY_MS 2000
/* Backoff stops doubling here. */
#define MAX_RETRY_DELAY_MS (5 * 60 * 1000)
#define PART_SUFFIX ".part"
#define STATE_SUFFIX ".part.json"

struct _LwDownloader
{
  GObject       parent_instance;

  LwLibrary    *library;
  char         *folder;
  SoupSession  *session;
  GListStore   *downloads;
  GMainContext *context;
  GPtrArray    *transfers;       /* every Transfer alive, running or winding down */
  GSource      *retry_source;
  GSource      *speed_source;    /* brings the speed down when no bytes come */
  guint         max_concurrent;
  guint         max_retries;
  guint         retry_delay;
  gint64        downloaded;
  gint64        total;
  gboolean      held;            /* start nothing (a metered network, say) */
  gboolean      scheduling;      /* schedule() is on the stack */
  gboolean      reschedule;      /* … and must look again when done */
};

G_DEFINE_FINAL_TYPE (LwDownloader, lw_downloader, G_TYPE_OBJECT)

G_DEFINE_QUARK (lw-downloader-error-quark, lw_downloader_error)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_FOLDER,
  PROP_MAX_CONCURRENT,
  PROP_MAX_RETRIES,
  PROP_RETRY_DELAY,
  PROP_DOWNLOADED,
  PROP_TOTAL,
  PROP_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One HTTP exchange of one download. It outlives a pause or cancel until its
 * pending I/O has come back, so that a resumed download never writes into a file
 * that an older exchange still writes to. */
typedef struct
{
  LwDownloader      *downloader;  /* (unowned) NULL once the downloader is disposed */
  LwDownload        *download;
  GCancellable      *cancellable;
  SoupMessage       *message;
  GInputStream      *input;
  GOutputStream     *output;
  GBytes            *chunk;
  char              *host;
  gint64             written;     /* bytes in the .part */
  gint64             total;       /* what the whole file must weigh, -1 unknown */
  gint64             window_start;
  gint64             window_bytes;
} Transfer;

/* What EPISODE.part.json holds. */
typedef struct
{
  gint64  episode_id;
  char   *url;
  char   *etag;
  char   *last_modified;
  gint64  total;
} PartState;

static void schedule (LwDownloader *self);

static void
part_state_clear (PartState *state)
{
  g_clear_pointer (&state->url, g_free);
  g_clear_pointer (&state->etag, g_free);
  g_clear_pointer (&state->last_modified, g_free);
}

static char *
state_path (LwDownload *download)
{
  return g_strconcat (download->part_path, ".json", NULL);
}

static char *
final_path (LwDownload *download)
{
  g_assert (g_str_has_suffix (download->part_path, PART_SUFFIX));

  return g_strndup (download->part_path, strlen (download->part_path) - strlen (PART_SUFFIX));
}

static gboolean
read_part_state (const char *path,
                 PartState  *state)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (!json_parser_load_from_file (parser, path, NULL))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  state->episode_id = json_object_get_int_member_with_default (object, "episode-id", 0);
  state->url = g_strdup (json_object_get_string_member_with_default (object, "url", NULL));
  state->etag = g_strdup (json_object_get_string_member_with_default (object, "etag", NULL));
  state->last_modified = g_strdup (json_object_get_string_member_with_default (object, "last-modified", NULL));
  state->total = json_object_get_int_member_with_default (object, "total", -1);

  return state->url != NULL && state->episode_id > 0;
}

static gboolean
write_part_state (const char       *path,
                  const PartState  *state,
                  GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "episode-id");
  json_builder_add_int_value (builder, state->episode_id);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, state->url);
  if (state->etag != NULL)
    {
      json_builder_set_member_name (builder, "etag");
      json_builder_add_string_value (builder, state->etag);
    }
  if (state->last_modified != NULL)
    {
      json_builder_set_member_name (builder, "last-modified");
      json_builder_add_string_value (builder, state->last_modified);
    }
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, state->total);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  return g_file_set_contents (path, data, (gssize) length, error);
}

static void
remove_part (LwDownload *download)
{
  g_autofree char *state = NULL;

  if (download->part_path == NULL)
    return;

  state = state_path (download);
  g_unlink (download->part_path);
  g_unlink (state);
}

static void
update_totals (LwDownloader *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));
  gint64 downloaded = 0, total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (G_LIST_MODEL (self->downloads), i);

      if (download->state == LW_DOWNLOAD_STATE_CANCELLED)
        continue;

      downloaded += download->downloaded;
      if (download->total < 0 || total < 0)
        total = -1;
      else
        total += download->total;
    }

  if (downloaded != self->downloaded)
    {
      self->downloaded = downloaded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADED]);
    }

  if (total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
}

/* Returns every download_async() waiting on @download once it has ended. */
static void
complete_tasks (LwDownload *download)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (download->tasks->len == 0)
    return;

  tasks = g_steal_pointer (&download->tasks);
  download->tasks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      switch (download->state)
        {
        case LW_DOWNLOAD_STATE_COMPLETED:
          g_task_return_pointer (task, g_strdup (download->path), g_free);
          break;
        case LW_DOWNLOAD_STATE_FAILED:
          g_task_return_new_error (task, LW_DOWNLOADER_ERROR, download->error_code,
                                   "%s", download->error_message);
          break;
        case LW_DOWNLOAD_STATE_CANCELLED:
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("The download of “%s” was cancelled"), download->title);
          break;
        case LW_DOWNLOAD_STATE_QUEUED:
        case LW_DOWNLOAD_STATE_DOWNLOADING:
        case LW_DOWNLOAD_STATE_PAUSED:
        default:
          g_assert_not_reached ();
        }
    }
}

/* Transfers */

static void
transfer_free (Transfer *transfer)
{
  g_clear_object (&transfer->download);
  g_clear_object (&transfer->cancellable);
  g_clear_object (&transfer->message);
  g_clear_object (&transfer->input);
  g_clear_object (&transfer->output);
  g_clear_pointer (&transfer->chunk, g_bytes_unref);
  g_free (transfer->host);
  g_free (transfer);
}

/* The exchange is over (whatever the download's state now is): frees a slot. */
static void
transfer_end (Transfer *transfer)
{
  LwDownloader *self = transfer->downloader;

  g_assert (transfer->download->transfer == transfer);
  transfer->download->transfer = NULL;

  if (self != NULL)
    {
      g_ptr_array_remove_fast (self->transfers, transfer);
      transfer_free (transfer);
      schedule (self);
    }
  else
    transfer_free (transfer);
}

/* Whether the exchange should stop here: paused, cancelled or the downloader gone.
 * Ends it if so. */
static gboolean
transfer_stopped (Transfer *transfer)
{
  if (transfer->downloader == NULL || g_cancellable_is_cancelled (transfer->cancellable))
    {
      transfer_end (transfer);
      return TRUE;
    }

  return FALSE;
}

static guint
retry_delay_ms (LwDownloader *self,
                guint         attempt)
{
  guint64 delay = self->retry_delay;

  for (guint i = 1; i < attempt && delay < MAX_RETRY_DELAY_MS; i++)
    delay *= 2;

  return (guint) MIN (delay, MAX_RETRY_DELAY_MS);
}

/* @transient: the same request may work later (network, 5xx), so the .part stays
 * and the download is retried while attempts remain. Otherwise the .part goes:
 * a half file that can never be completed is not kept around. */
static void
transfer_fail (Transfer     *transfer,
               GError       *error,
               gboolean      transient)
{
  LwDownloader *self = transfer->downloader;
  LwDownload *download = transfer->download;

  g_debug ("%s: %s (%s)", download->title, error->message, transient ? "transient" : "permanent");

  lw_download_set_error_message (download, error->message);
  download->error_code = error->code;

  if (transient && download->attempts < self->max_retries)
    {
      lw_download_set_attempts (download, download->attempts + 1);
      download->not_before = g_get_monotonic_time ()
                             + (gint64) retry_delay_ms (self, download->attempts) * 1000;
      lw_download_set_state (download, LW_DOWNLOAD_STATE_QUEUED);
    }
  else
    {
      if (!transient)
        {
          remove_part (download);
          lw_download_set_progress (download, 0, download->total);
        }
      lw_download_set_state (download, LW_DOWNLOAD_STATE_FAILED);
      complete_tasks (download);
    }

  g_error_free (error);
  transfer_end (transfer);
}

static GError *
download_error (LwDownload *download,
                int         code,
                const char *reason)
{
  return g_error_new (LW_DOWNLOADER_ERROR, code, _("Could not download “%s”: %s"),
                      download->title, reason);
}

static GError *
network_error (Transfer     *transfer,
               const GError *error)
{
  g_autofree char *reason = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    reason = g_strdup_printf (_("%s did not answer in time"), transfer->host);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    reason = g_strdup_printf (_("%s refused the connection"), transfer->host);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    reason = g_strdup_printf (_("%s closed the connection"), transfer->host);
  else
    reason = g_strdup_printf (_("Could not reach %s: %s"), transfer->host, error->message);

  return download_error (transfer->download, LW_DOWNLOADER_ERROR_NETWORK, reason);
}

static GError *
no_space_error (LwDownload *download,
                gint64      needed,
                guint64     free_bytes)
{
  g_autofree char *folder = g_path_get_dirname (download->part_path);
  g_autofree char *reason = NULL;

  if (needed < 0)
    reason = g_strdup_printf (_("The disk holding %s is full"), folder);
  else
    {
      g_autofree char *needed_text = g_format_size ((guint64) needed);
      g_autofree char *free_text = g_format_size (free_bytes);

      reason = g_strdup_printf (_("Not enough free space in %s: %s needed, %s free"),
                                folder, needed_text, free_text);
    }

  return download_error (download, LW_DOWNLOADER_ERROR_NO_SPACE, reason);
}

static GError *
file_error (LwDownload   *download,
            const char   *path,
            const GError *error)
{
  g_autofree char *reason = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return no_space_error (download, -1, 0);

  reason = g_strdup_printf (_("Could not write %s: %s"), path, error->message);
  return download_error (download, LW_DOWNLOADER_ERROR_FILE, reason);
}

static void
update_speed (Transfer *transfer)
{
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed = now - transfer->window_start;

  if (elapsed < SPEED_WINDOW_USEC)
    return;

  lw_download_set_speed (transfer->download,
                         (double) (transfer->written - transfer->window_bytes) * G_USEC_PER_SEC / (double) elapsed);
  transfer->window_start = now;
  transfer->window_bytes = transfer->written;
}

/* A stalled server sends nothing, so nothing would update the speed: this does,
 * every second while a transfer runs. */
static gboolean
on_speed_tick (gpointer user_data)
{
  LwDownloader *self = user_data;

  if (self->transfers->len == 0)
    {
      g_clear_pointer (&self->speed_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < self->transfers->len; i++)
    {
      Transfer *transfer = g_ptr_array_index (self->transfers, i);

      if (transfer->download->state == LW_DOWNLOAD_STATE_DOWNLOADING && transfer->input != NULL)
        update_speed (transfer);
    }

  return G_SOURCE_CONTINUE;
}

static void
ensure_speed_tick (LwDownloader *self)
{
  if (self->speed_source != NULL)
    return;

  self->speed_source = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->speed_source, on_speed_tick, self, NULL);
  g_source_set_static_name (self->speed_source, "[lw-downloader speed]");
  g_source_attach (self->speed_source, self->context);
}

static void
transfer_complete (Transfer *transfer)
{
  LwDownloader *self = transfer->downloader;
  LwDownload *download = transfer->download;
  g_autofree char *path = final_path (download);
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  /* Checked on the file itself, not on our count: the only size that matters is
   * the one a player will read. */
  if (g_stat (download->part_path, &buf) != 0)
    {
      int saved_errno = errno;
      g_autoptr(GError) io_error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                                        g_strerror (saved_errno));

      transfer_fail (transfer, file_error (download, download->part_path, io_error), FALSE);
      return;
    }

  if (transfer->total >= 0 && (gint64) buf.st_size != transfer->total)
    {
      g_autofree char *have = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) buf.st_size);
      g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, transfer->total);
      g_autofree char *reason = g_strdup_printf (_("the file holds %s bytes instead of %s"), have, want);

      transfer_fail (transfer, download_error (download, LW_DOWNLOADER_ERROR_INCOMPLETE, reason), FALSE);
      return;
    }

  if (g_rename (download->part_path, path) != 0)
    {
      int saved_errno = errno;
      g_autoptr(GError) io_error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                                        g_strerror (saved_errno));

      transfer_fail (transfer, file_error (download, path, io_error), FALSE);
      return;
    }

  {
    g_autofree char *state = state_path (download);
    g_unlink (state);
  }

  if (!lw_library_set_episode_local_path (self->library, download->episode_id, path, &error))
    {
      /* Not counted, so not kept: a file the library does not know of is lost space. */
      g_unlink (path);
      transfer_fail (transfer, download_error (download, LW_DOWNLOADER_ERROR_FILE, error->message), FALSE);
      return;
    }

  lw_download_set_progress (download, (gint64) buf.st_size, (gint64) buf.st_size);
  lw_download_set_error_message (download, NULL);
  lw_download_set_path (download, path);
  lw_download_set_state (download, LW_DOWNLOAD_STATE_COMPLETED);
  complete_tasks (download);
  transfer_end (transfer);
}

static void read_next (Transfer *transfer);

static void
on_closed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Transfer *transfer = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (transfer_stopped (transfer))
        return;
      transfer_fail (transfer, file_error (transfer->download, transfer->download->part_path, error), FALSE);
      return;
    }

  if (transfer_stopped (transfer))
    return;

  transfer_complete (transfer);
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Transfer *transfer = user_data;
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      if (transfer_stopped (transfer))
        return;
      transfer_fail (transfer, file_error (transfer->download, transfer->download->part_path, error), FALSE);
      return;
    }

  transfer->written += written;
  g_clear_pointer (&transfer->chunk, g_bytes_unref);

  if (transfer_stopped (transfer))
    return;

  lw_download_set_progress (transfer->download, transfer->written, transfer->total);
  update_speed (transfer);
  read_next (transfer);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Transfer *transfer = user_data;
  LwDownload *download = transfer->download;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (transfer_stopped (transfer))
    return;

  if (bytes == NULL)
    {
      transfer_fail (transfer, network_error (transfer, error), TRUE);
      return;
    }

  size = g_bytes_get_size (bytes);

  if (size == 0)
    {
      if (transfer->total >= 0 && transfer->written < transfer->total)
        {
          g_autofree char *have = g_format_size ((guint64) transfer->written);
          g_autofree char *want = g_format_size ((guint64) transfer->total);
          g_autofree char *reason = g_strdup_printf (_("%s closed the connection after %s of %s"),
                                                     transfer->host, have, want);

          transfer_fail (transfer, download_error (download, LW_DOWNLOADER_ERROR_INCOMPLETE, reason), TRUE);
          return;
        }

      g_output_stream_close_async (transfer->output, G_PRIORITY_DEFAULT, transfer->cancellable,
                                   on_closed, transfer);
      return;
    }

  /* More than promised: the file is not what the headers described. Start over. */
  if (transfer->total >= 0 && transfer->written + (gint64) size > transfer->total)
    {
      g_autofree char *reason = g_strdup_printf (_("%s sent more data than it announced"), transfer->host);

      transfer_fail (transfer, download_error (download, LW_DOWNLOADER_ERROR_INCOMPLETE, reason), FALSE);
      return;
    }

  transfer->chunk = g_steal_pointer (&bytes);
  g_output_stream_write_all_async (transfer->output,
                                   g_bytes_get_data (transfer->chunk, NULL), size,
                                   G_PRIORITY_DEFAULT, transfer->cancellable,
                                   on_written, transfer);
}

static void
read_next (Transfer *transfer)
{
  g_input_stream_read_bytes_async (transfer->input, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   transfer->cancellable, on_read, transfer);
}

/* Opens the .part for writing: appended to when @append, else created empty. A
 * symbolic link planted at the path is never followed. */
static GOutputStream *
open_part (const char  *path,
           gboolean     append,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                            NULL, NULL);
  if (info != NULL && (!append || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR))
    {
      if (!g_file_delete (file, NULL, error))
        return NULL;
    }

  if (append && info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    return G_OUTPUT_STREAM (g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error));

  /* create() fails on anything already there, a dangling symlink included. */
  return G_OUTPUT_STREAM (g_file_create (file, G_FILE_CREATE_NONE, NULL, error));
}

static gboolean
check_free_space (Transfer  *transfer,
                  gint64     needed,
                  GError   **error)
{
  g_autofree char *folder = g_path_get_dirname (transfer->download->part_path);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GFileInfo) info = NULL;
  guint64 free_bytes;

  if (needed <= 0)
    return TRUE;

  info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  /* Filesystems that cannot tell (some network ones) are tried anyway; a full disk
   * is then caught while writing. */
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return TRUE;

  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  if ((guint64) needed <= free_bytes)
    return TRUE;

  g_propagate_error (error, no_space_error (transfer->download, needed, free_bytes));
  return FALSE;
}

static GError *
status_error (Transfer *transfer,
              guint     status)
{
  const char *phrase = soup_message_get_reason_phrase (transfer->message);
  g_autofree char *reason = NULL;

  if (phrase == NULL || *phrase == '\0')
    phrase = soup_status_get_phrase (status);

  reason = g_strdup_printf (_("%s answered %u %s"), transfer->host, status, phrase != NULL ? phrase : "");
  return download_error (transfer->download, LW_DOWNLOADER_ERROR_HTTP, reason);
}

/* The server answered something else than the resume we asked for: start over at
 * once (this is not a failure, so no attempt is counted). */
static void
transfer_restart (Transfer *transfer)
{
  LwDownload *download = transfer->download;

  g_debug ("%s: restarting from 0", download->title);
  remove_part (download);
  lw_download_set_progress (download, 0, -1);
  lw_download_set_state (download, LW_DOWNLOAD_STATE_QUEUED);
  download->not_before = 0;
  transfer_end (transfer);
}

static gboolean
is_web_page (SoupMessageHeaders *headers)
{
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && (g_ascii_strcasecmp (type, "text/html") == 0
                          || g_ascii_strcasecmp (type, "application/xhtml+xml") == 0);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Transfer *transfer = user_data;
  LwDownload *download = transfer->download;
  SoupMessageHeaders *headers;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_file = NULL;
  PartState state = { 0, };
  gboolean resumed = FALSE;
  guint status;

  transfer->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (transfer_stopped (transfer))
    return;

  if (transfer->input == NULL)
    {
      transfer_fail (transfer, network_error (transfer, error), TRUE);
      return;
    }

  status = soup_message_get_status (transfer->message);
  headers = soup_message_get_response_headers (transfer->message);

  if (status == SOUP_STATUS_PARTIAL_CONTENT && transfer->written > 0)
    {
      goffset start = 0, end = 0, total = -1;

      if (!soup_message_headers_get_content_range (headers, &start, &end, &total)
          || start != transfer->written)
        {
          transfer_restart (transfer);
          return;
        }

      transfer->total = total;
      resumed = TRUE;
    }
  else if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE && transfer->written > 0)
    {
      transfer_restart (transfer);
      return;
    }
  else if (SOUP_STATUS_IS_SUCCESSFUL (status) && status != SOUP_STATUS_PARTIAL_CONTENT)
    {
      /* A whole body: a server without Range support, or a file that changed
       * (If-Range did not match). Whatever we had is thrown away. */
      transfer->written = 0;
      transfer->total = -1;
      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
        transfer->total = soup_message_headers_get_content_length (headers);
    }
  else
    {
      gboolean transient = status >= 500 || status == SOUP_STATUS_REQUEST_TIMEOUT || status == 429;

      transfer_fail (transfer, status_error (transfer, status), transient);
      return;
    }

  /* A captive portal or a moved file's error page, sent with 200: saving it would
   * leave an "episode" that cannot play. Retried, as a portal goes away. */
  if (is_web_page (headers))
    {
      g_autofree char *reason = g_strdup_printf (_("%s sent a web page instead of the media file"), transfer->host);

      transfer_fail (transfer, download_error (download, LW_DOWNLOADER_ERROR_HTTP, reason), TRUE);
      return;
    }

  lw_download_set_progress (download, transfer->written, transfer->total);

  if (transfer->total >= 0 && !check_free_space (transfer, transfer->total - transfer->written, &error))
    {
      transfer_fail (transfer, g_steal_pointer (&error), FALSE);
      return;
    }

  transfer->output = open_part (download->part_path, resumed, &error);
  if (transfer->output == NULL)
    {
      transfer_fail (transfer, file_error (download, download->part_path, error), FALSE);
      return;
    }

  /* Written once the .part exists, so a .part.json always describes a real file. */
  state_file = state_path (download);
  state.episode_id = download->episode_id;
  state.url = g_strdup (download->url);
  state.etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  state.last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
  state.total = transfer->total;
  if (!write_part_state (state_file, &state, &error))
    {
      part_state_clear (&state);
      transfer_fail (transfer, file_error (download, state_file, error), FALSE);
      return;
    }
  part_state_clear (&state);

  transfer->window_start = g_get_monotonic_time ();
  transfer->window_bytes = transfer->written;
  read_next (transfer);
}

/* A strong validator for If-Range: a weak ETag may not be used there (RFC 9110
 * 13.1.5), the date then serves. */
static const char *
if_range_validator (const PartState *state)
{
  if (state->etag != NULL && !g_str_has_prefix (state->etag, "W/"))
    return state->etag;

  return state->last_modified;
}

static gboolean
ensure_part_path (LwDownloader  *self,
                  LwDownload    *download,
                  GError       **error);

static void
transfer_start (LwDownloader *self,
                LwDownload   *download)
{
  Transfer *transfer;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *state_file = NULL;
  PartState state = { 0, };
  SoupMessageHeaders *headers;
  GStatBuf buf;

  g_assert (download->transfer == NULL);

  ensure_speed_tick (self);

  transfer = g_new0 (Transfer, 1);
  transfer->downloader = self;
  transfer->download = g_object_ref (download);
  transfer->cancellable = g_cancellable_new ();
  transfer->total = -1;
  download->transfer = transfer;
  g_ptr_array_add (self->transfers, transfer);

  lw_download_set_state (download, LW_DOWNLOAD_STATE_DOWNLOADING);

  uri = g_uri_parse (download->url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” is not a web address"), download->url);

      transfer_fail (transfer, download_error (download, LW_DOWNLOADER_ERROR_NO_ENCLOSURE, reason), FALSE);
      return;
    }
  transfer->host = g_strdup (g_uri_get_host (uri));

  if (!ensure_part_path (self, download, &error))
    {
      transfer_fail (transfer, g_steal_pointer (&error), FALSE);
      return;
    }

  transfer->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (transfer->message);

  /* Resume only what we can prove is the same file: same URL, a validator, a .part. */
  state_file = state_path (download);
  if (g_lstat (download->part_path, &buf) == 0 && S_ISREG (buf.st_mode) && buf.st_size > 0
      && read_part_state (state_file, &state)
      && state.episode_id == download->episode_id
      && g_strcmp0 (state.url, download->url) == 0
      && if_range_validator (&state) != NULL)
    {
      transfer->written = buf.st_size;
      transfer->total = state.total;
      soup_message_headers_set_range (headers, buf.st_size, -1);
      soup_message_headers_replace (headers, "If-Range", if_range_validator (&state));
    }
  else
    remove_part (download);
  part_state_clear (&state);

  lw_download_set_progress (download, transfer->written, transfer->total);

  soup_session_send_async (self->session, transfer->message, G_PRIORITY_DEFAULT,
                           transfer->cancellable, on_sent, transfer);
}

/* Scheduling */

static gboolean
on_retry_timeout (gpointer user_data)
{
  LwDownloader *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  schedule (self);

  return G_SOURCE_REMOVE;
}

/* Starts queued downloads while slots are free, and wakes up for the next retry. */
static void
schedule (LwDownloader *self)
{
  guint n;
  gint64 now;
  gint64 next_retry;

  /* A download that fails at once ends its transfer, which schedules again: that
   * inner call only asks this one to take another look. */
  if (self->scheduling)
    {
      self->reschedule = TRUE;
      return;
    }

  self->scheduling = TRUE;

again:
  self->reschedule = FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));
  now = g_get_monotonic_time ();
  next_retry = G_MAXINT64;

  for (guint i = 0; i < n && !self->held && self->transfers->len < self->max_concurrent; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (G_LIST_MODEL (self->downloads), i);

      if (download->state != LW_DOWNLOAD_STATE_QUEUED || download->transfer != NULL)
        continue;

      if (download->not_before > now)
        {
          next_retry = MIN (next_retry, download->not_before);
          continue;
        }

      transfer_start (self, download);
    }

  if (self->reschedule)
    goto again;
  self->scheduling = FALSE;

  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }

  if (next_retry != G_MAXINT64)
    {
      guint delay = (guint) MAX (1, (next_retry - now + 999) / 1000);

      self->retry_source = g_timeout_source_new (delay);
      g_source_set_callback (self->retry_source, on_retry_timeout, self, NULL);
      g_source_set_static_name (self->retry_source, "[lw-downloader retry]");
      g_source_attach (self->retry_source, self->context);
    }
}

/* Stops the exchange of @download, if any; its callbacks then only clean up. */
static void
stop_transfer (LwDownload *download)
{
  Transfer *transfer = download->transfer;

  if (transfer != NULL)
    g_cancellable_cancel (transfer->cancellable);
}

/* Naming */

static gboolean
path_is_inside (const char *folder,
                const char *path)
{
  g_autoptr(GFile) parent = g_file_new_for_path (folder);
  g_autoptr(GFile) child = g_file_new_for_path (path);

  return g_file_has_prefix (child, parent);
}

/* Whether NAME is free for @download: no other download here has taken it, no
 * other episode's .part.json claims it (another process's, or an earlier run's)
 * and no file by that name exists. */
static gboolean
name_is_ours (LwDownloader *self,
              LwDownload   *download,
              const char   *path)
{
  g_autofree char *state_file = g_strconcat (path, STATE_SUFFIX, NULL);
  g_autofree char *part = g_strconcat (path, PART_SUFFIX, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));
  PartState state = { 0, };
  gboolean ours = TRUE;

  for (guint i = 0; i < n && ours; i++)
    {
      g_autoptr(LwDownload) other = g_list_model_get_item (G_LIST_MODEL (self->downloads), i);

      if (other != download && g_strcmp0 (other->part_path, part) == 0)
        ours = FALSE;
    }

  /* A .part without its .part.json cannot be resumed by anybody: free to take. */
  if (ours && read_part_state (state_file, &state))
    ours = state.episode_id == download->episode_id;
  part_state_clear (&state);

  if (ours && g_file_test (path, G_FILE_TEST_EXISTS))
    ours = FALSE;

  return ours;
}

static gboolean
ensure_part_path (LwDownloader  *self,
                  LwDownload    *download,
                  GError       **error)
{
  g_autofree char *show = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (download->part_path != NULL)
    return TRUE;

  show = lw_download_name_sanitize (download->show_title, LW_DOWNLOAD_NAME_MAX_BYTES, _("Podcast"));
  dir = g_build_filename (self->folder, show, NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *reason = g_strdup_printf (_("Could not create %s: %s"), dir, g_strerror (saved_errno));

      g_propagate_error (error, download_error (download, LW_DOWNLOADER_ERROR_FILE, reason));
      return FALSE;
    }

  name = lw_download_name_build (download->title, download->episode_id, FALSE, download->mime_type, download->url);
  path = g_build_filename (dir, name, NULL);
  if (!name_is_ours (self, download, path))
    {
      g_clear_pointer (&name, g_free);
      g_clear_pointer (&path, g_free);
      name = lw_download_name_build (download->title, download->episode_id, TRUE, download->mime_type, download->url);
      path = g_build_filename (dir, name, NULL);
    }

  /* The names cannot hold a separator or "..", so this never fails; it is the
   * last line of defence should that ever change. */
  if (!path_is_inside (self->folder, path))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” would be saved outside %s"), name, self->folder);

      g_propagate_error (error, download_error (download, LW_DOWNLOADER_ERROR_FILE, reason));
      return FALSE;
    }

  download->part_path = g_strconcat (path, PART_SUFFIX, NULL);
  return TRUE;
}

/* GObject */

static void
on_download_notify (LwDownload   *download,
                    GParamSpec   *pspec,
                    LwDownloader *self)
{
  update_totals (self);
}

static void
lw_downloader_dispose (GObject *object)
{
  LwDownloader *self = (LwDownloader *)object;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));

  /* Running exchanges stop where they are; their .part files stay for the next
   * downloader to resume. Their callbacks come back later and only free. */
  for (guint i = 0; i < self->transfers->len; i++)
    {
      Transfer *transfer = g_ptr_array_index (self->transfers, i);

      transfer->downloader = NULL;
      g_cancellable_cancel (transfer->cancellable);
    }
  g_ptr_array_set_size (self->transfers, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (G_LIST_MODEL (self->downloads), i);

      g_signal_handlers_disconnect_by_data (download, self);
      if (download->tasks->len > 0)
        {
          g_autoptr(GPtrArray) tasks = g_steal_pointer (&download->tasks);

          download->tasks = g_ptr_array_new_with_free_func (g_object_unref);
          for (guint j = 0; j < tasks->len; j++)
            g_task_return_new_error (g_ptr_array_index (tasks, j), G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The download of “%s” was stopped"), download->title);
        }
    }
  g_list_store_remove_all (self->downloads);

  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  if (self->speed_source != NULL)
    {
      g_source_destroy (self->speed_source);
      g_clear_pointer (&self->speed_source, g_source_unref);
    }

  g_clear_object (&self->session);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (lw_downloader_parent_class)->dispose (object);
}

static void
lw_downloader_finalize (GObject *object)
{
  LwDownloader *self = (LwDownloader *)object;

  g_clear_object (&self->downloads);
  g_clear_pointer (&self->transfers, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->folder);

  G_OBJECT_CLASS (lw_downloader_parent_class)->finalize (object);
}

static void
lw_downloader_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LwDownloader *self = LW_DOWNLOADER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_MAX_CONCURRENT:
      g_value_set_uint (value, self->max_concurrent);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;
    case PROP_DOWNLOADED:
      g_value_set_int64 (value, self->downloaded);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_downloader_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LwDownloader *self = LW_DOWNLOADER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;
    case PROP_FOLDER:
      lw_downloader_set_folder (self, g_value_get_string (value));
      break;
    case PROP_MAX_CONCURRENT:
      lw_downloader_set_max_concurrent (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RETRIES:
      lw_downloader_set_max_retries (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY:
      lw_downloader_set_retry_delay (self, g_value_get_uint (value));
      break;
    case PROP_HELD:
      lw_downloader_set_held (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_downloader_constructed (GObject *object)
{
  LwDownloader *self = LW_DOWNLOADER (object);

  G_OBJECT_CLASS (lw_downloader_parent_class)->constructed (object);

  if (self->folder == NULL)
    self->folder = lw_downloader_dup_default_folder ();
}

static void
lw_downloader_class_init (LwDownloaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lw_downloader_constructed;
  object_class->dispose = lw_downloader_dispose;
  object_class->finalize = lw_downloader_finalize;
  object_class->get_property = lw_downloader_get_property;
  object_class->set_property = lw_downloader_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, LW_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONCURRENT] =
    g_param_spec_uint ("max-concurrent", NULL, NULL, 1, 16, DEFAULT_MAX_CONCURRENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 0, MAX_RETRY_DELAY_MS, DEFAULT_RETRY_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOWNLOADED] =
    g_param_spec_int64 ("downloaded", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_downloader_init (LwDownloader *self)
{
  self->max_concurrent = DEFAULT_MAX_CONCURRENT;
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->retry_delay = DEFAULT_RETRY_DELAY_MS;
  self->downloads = g_list_store_new (LW_TYPE_DOWNLOAD);
  self->transfers = g_ptr_array_new ();
  self->context = g_main_context_ref_thread_default ();
  self->session = lw_http_session_new (NETWORK_TIMEOUT);
  /* Byte ranges count bytes of the file as stored, never of a gzip stream. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

char *
lw_downloader_dup_default_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "longwave", "downloads", NULL);
}

LwDownloader *
lw_downloader_new (LwLibrary  *library,
                   const char *folder)
{
  g_return_val_if_fail (LW_IS_LIBRARY (library), NULL);

  return g_object_new (LW_TYPE_DOWNLOADER,
                       "library", library,
                       "folder", folder,
                       NULL);
}

const char *
lw_downloader_get_folder (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), NULL);

  return self->folder;
}

guint
lw_downloader_get_max_concurrent (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), 0);

  return self->max_concurrent;
}

void
lw_downloader_set_max_concurrent (LwDownloader *self,
                                  guint         max_concurrent)
{
  g_return_if_fail (LW_IS_DOWNLOADER (self));
  g_return_if_fail (max_concurrent > 0);

  if (self->max_concurrent == max_concurrent)
    return;

  /* Fewer slots take effect as running downloads end; none is stopped for it. */
  self->max_concurrent = max_concurrent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENT]);
  schedule (self);
}

guint
lw_downloader_get_max_retries (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), 0);

  return self->max_retries;
}

void
lw_downloader_set_max_retries (LwDownloader *self,
                               guint         max_retries)
{
  g_return_if_fail (LW_IS_DOWNLOADER (self));

  if (self->max_retries == max_retries)
    return;

  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

guint
lw_downloader_get_retry_delay (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), 0);

  return self->retry_delay;
}

void
lw_downloader_set_retry_delay (LwDownloader *self,
                               guint         retry_delay_ms)
{
  g_return_if_fail (LW_IS_DOWNLOADER (self));

  if (self->retry_delay == retry_delay_ms)
    return;

  self->retry_delay = retry_delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY]);
}

GListModel *
lw_downloader_get_downloads (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), NULL);

  return G_LIST_MODEL (self->downloads);
}

gint64
lw_downloader_get_downloaded (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), 0);

  return self->downloaded;
}

gint64
lw_downloader_get_total (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), 0);

  return self->total;
}

static LwDownload *
find_download (LwDownloader *self,
               gint64        episode_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (G_LIST_MODEL (self->downloads), i);

      if (download->episode_id == episode_id)
        return download;
    }

  return NULL;
}

/* Puts @download back in the queue with a fresh count (a new run). */
static void
requeue (LwDownloader *self,
         LwDownload   *download)
{
  lw_download_set_attempts (download, 0);
  lw_download_set_error_message (download, NULL);
  download->not_before = 0;
  lw_download_set_state (download, LW_DOWNLOAD_STATE_QUEUED);
  schedule (self);
}

static LwDownload *
add_episode (LwDownloader  *self,
             LwEpisode     *episode,
             const char    *part_path,
             GError       **error)
{
  g_autoptr(LwShow) show = NULL;
  g_autoptr(LwDownload) download = NULL;
  const char *url = lw_episode_get_enclosure_url (episode);
  LwDownload *existing;

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, LW_DOWNLOADER_ERROR, LW_DOWNLOADER_ERROR_NO_ENCLOSURE,
                   _("“%s” has no media file to download"), lw_episode_get_title (episode));
      return NULL;
    }

  existing = find_download (self, lw_episode_get_id (episode));
  if (existing != NULL)
    {
      /* The feed may have moved the file since; the .part.json then no longer
       * matches and the download starts over, which is right. */
      if (existing->state == LW_DOWNLOAD_STATE_FAILED || existing->state == LW_DOWNLOAD_STATE_CANCELLED)
        {
          lw_download_set_url (existing, url);
          requeue (self, existing);
        }
      return existing;
    }

  show = lw_library_lookup_show (self->library, lw_episode_get_show_id (episode));
  download = lw_download_new (lw_episode_get_id (episode),
                              lw_episode_get_title (episode),
                              show != NULL ? lw_show_get_title (show) : NULL,
                              url,
                              lw_episode_get_enclosure_type (episode));
  download->part_path = g_strdup (part_path);

  /* Already complete: nothing to fetch, but it shows in the list as done. */
  if (lw_episode_get_local_path (episode) != NULL
      && g_file_test (lw_episode_get_local_path (episode), G_FILE_TEST_IS_REGULAR))
    {
      GStatBuf buf;

      if (g_stat (lw_episode_get_local_path (episode), &buf) == 0)
        lw_download_set_progress (download, (gint64) buf.st_size, (gint64) buf.st_size);
      lw_download_set_path (download, lw_episode_get_local_path (episode));
      download->state = LW_DOWNLOAD_STATE_COMPLETED;
    }

  g_signal_connect_object (download, "notify::downloaded", G_CALLBACK (on_download_notify), self, 0);
  g_signal_connect_object (download, "notify::total", G_CALLBACK (on_download_notify), self, 0);
  g_signal_connect_object (download, "notify::state", G_CALLBACK (on_download_notify), self, 0);

  g_list_store_append (self->downloads, download);
  update_totals (self);
  schedule (self);

  return download;
}

LwDownload *
lw_downloader_add (LwDownloader  *self,
                   LwEpisode     *episode,
                   GError       **error)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), NULL);
  g_return_val_if_fail (LW_IS_EPISODE (episode), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return add_episode (self, episode, NULL, error);
}

guint
lw_downloader_restore (LwDownloader *self)
{
  g_autoptr(GDir) folder = NULL;
  const char *show_name;
  guint restored = 0;

  g_return_val_if_fail (LW_IS_DOWNLOADER (self), 0);

  folder = g_dir_open (self->folder, 0, NULL);
  if (folder == NULL)
    return 0;

  while ((show_name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *show_dir = g_build_filename (self->folder, show_name, NULL);
      g_autoptr(GDir) dir = g_dir_open (show_dir, 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *state_file = NULL;
          g_autofree char *part_path = NULL;
          g_autoptr(LwEpisode) episode = NULL;
          PartState state = { 0, };

          if (!g_str_has_suffix (name, STATE_SUFFIX))
            continue;

          state_file = g_build_filename (show_dir, name, NULL);
          if (!read_part_state (state_file, &state))
            continue;

          part_path = g_strndup (state_file, strlen (state_file) - strlen (".json"));
          episode = lw_library_lookup_episode (self->library, state.episode_id);
          part_state_clear (&state);

          if (episode == NULL || lw_episode_get_local_path (episode) != NULL
              || find_download (self, state.episode_id) != NULL
              || !g_file_test (part_path, G_FILE_TEST_IS_REGULAR))
            continue;

          if (add_episode (self, episode, part_path, NULL) != NULL)
            restored++;
        }
    }

  return restored;
}

void
lw_downloader_pause (LwDownloader *self,
                     LwDownload   *download)
{
  g_return_if_fail (LW_IS_DOWNLOADER (self));
  g_return_if_fail (LW_IS_DOWNLOAD (download));

  if (download->state != LW_DOWNLOAD_STATE_QUEUED && download->state != LW_DOWNLOAD_STATE_DOWNLOADING)
    return;

  lw_download_set_state (download, LW_DOWNLOAD_STATE_PAUSED);
  stop_transfer (download);
}

void
lw_downloader_resume (LwDownloader *self,
                      LwDownload   *download)
{
  g_return_if_fail (LW_IS_DOWNLOADER (self));
  g_return_if_fail (LW_IS_DOWNLOAD (download));

  if (download->state != LW_DOWNLOAD_STATE_PAUSED)
    return;

  requeue (self, download);
}

void
lw_downloader_cancel (LwDownloader *self,
                      LwDownload   *download)
{
  g_return_if_fail (LW_IS_DOWNLOADER (self));
  g_return_if_fail (LW_IS_DOWNLOAD (download));

  if (download->state == LW_DOWNLOAD_STATE_COMPLETED || download->state == LW_DOWNLOAD_STATE_CANCELLED)
    return;

  stop_transfer (download);
  remove_part (download);
  lw_download_set_progress (download, 0, download->total);
  lw_download_set_state (download, LW_DOWNLOAD_STATE_CANCELLED);
  complete_tasks (download);
}

void
lw_downloader_retry (LwDownloader *self,
                     LwDownload   *download)
{
  g_return_if_fail (LW_IS_DOWNLOADER (self));
  g_return_if_fail (LW_IS_DOWNLOAD (download));

  if (download->state != LW_DOWNLOAD_STATE_FAILED && download->state != LW_DOWNLOAD_STATE_CANCELLED)
    return;

  requeue (self, download);
}

void
lw_downloader_download_async (LwDownloader        *self,
                              LwEpisode           *episode,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LwDownload *download;

  g_return_if_fail (LW_IS_DOWNLOADER (self));
  g_return_if_fail (LW_IS_EPISODE (episode));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_downloader_download_async);

  download = lw_downloader_add (self, episode, &error);
  if (download == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (download->state == LW_DOWNLOAD_STATE_PAUSED)
    lw_downloader_resume (self, download);

  if (download->state == LW_DOWNLOAD_STATE_COMPLETED)
    {
      g_task_return_pointer (task, g_strdup (download->path), g_free);
      return;
    }

  g_ptr_array_add (download->tasks, g_steal_pointer (&task));
}

char *
lw_downloader_download_finish (LwDownloader  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_downloader_download_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lw_downloader_set_folder (LwDownloader *self,
                          const char   *folder)
{
  g_autofree char *resolved = NULL;

  g_return_if_fail (LW_IS_DOWNLOADER (self));

  resolved = folder != NULL && *folder != '\0' ? g_strdup (folder) : lw_downloader_dup_default_folder ();
  if (g_strcmp0 (resolved, self->folder) == 0)
    return;

  /* Downloads already named keep their .part where it is: only new ones go to the
   * new folder, so nothing half-written is moved under a running transfer. */
  g_free (self->folder);
  self->folder = g_steal_pointer (&resolved);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

gboolean
lw_downloader_get_held (LwDownloader *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADER (self), FALSE);

  return self->held;
}

void
lw_downloader_set_held (LwDownloader *self,
                        gboolean      held)
{
  guint n;

  g_return_if_fail (LW_IS_DOWNLOADER (self));

  held = !!held;
  if (self->held == held)
    return;

  self->held = held;

  if (held)
    {
      /* Running downloads go back to the queue, .part kept: they carry on with a
       * Range request once released, and were never paused by the user. */
      n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LwDownload) download = g_list_model_get_item (G_LIST_MODEL (self->downloads), i);

          if (download->state == LW_DOWNLOAD_STATE_DOWNLOADING)
            {
              lw_download_set_state (download, LW_DOWNLOAD_STATE_QUEUED);
              stop_transfer (download);
            }
        }
    }
  else
    schedule (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
}

gboolean
lw_downloader_delete (LwDownloader  *self,
                      gint64         episode_id,
                      GError       **error)
{
  g_autoptr(LwEpisode) episode = NULL;
  LwDownload *download;
  const char *path;
  guint position;

  g_return_val_if_fail (LW_IS_DOWNLOADER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  download = find_download (self, episode_id);
  if (download != NULL && download->state != LW_DOWNLOAD_STATE_COMPLETED)
    lw_downloader_cancel (self, download);

  episode = lw_library_lookup_episode (self->library, episode_id);
  path = episode != NULL ? lw_episode_get_local_path (episode) : NULL;
  if (path == NULL && download != NULL)
    path = download->path;

  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, LW_DOWNLOADER_ERROR, LW_DOWNLOADER_ERROR_FILE,
                   _("Could not delete “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (episode != NULL && lw_episode_get_local_path (episode) != NULL
      && !lw_library_set_episode_local_path (self->library, episode_id, NULL, error))
    return FALSE;

  if (download != NULL && g_list_store_find (self->downloads, download, &position))
    {
      g_list_store_remove (self->downloads, position);
      update_totals (self);
    }

  return TRUE;
}
