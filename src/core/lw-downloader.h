/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-download.h"
#include "lw-library.h"

G_BEGIN_DECLS

#define LW_TYPE_DOWNLOADER (lw_downloader_get_type ())

G_DECLARE_FINAL_TYPE (LwDownloader, lw_downloader, LW, DOWNLOADER, GObject)

#define LW_DOWNLOADER_ERROR (lw_downloader_error_quark ())

typedef enum
{
  LW_DOWNLOADER_ERROR_NO_ENCLOSURE,  /* the episode has no media URL */
  LW_DOWNLOADER_ERROR_NETWORK,       /* no answer, or the connection broke */
  LW_DOWNLOADER_ERROR_HTTP,          /* the server answered an error status */
  LW_DOWNLOADER_ERROR_INCOMPLETE,    /* fewer (or more) bytes than the server promised */
  LW_DOWNLOADER_ERROR_NO_SPACE,      /* not enough room, before or during the download */
  LW_DOWNLOADER_ERROR_FILE,          /* the folder or the file could not be written */
} LwDownloaderError;

/* Downloads episodes into "folder"/SHOW/EPISODE.EXT (default:
 * g_get_user_data_dir()/longwave/downloads), "max-concurrent" at a time (default 2).
 * Data goes to EPISODE.EXT.part, with EPISODE.EXT.part.json beside it holding what a
 * resume needs (URL, ETag / Last-Modified, expected size), so an interrupted download
 * resumes with Range + If-Range, even in a new process. The .part is renamed only
 * when its size is what the server promised, and only then is the episode's
 * "local-path" set in the library. Network failures are retried "max-retries" times,
 * after "retry-delay" ms, doubling each time. Works on the thread-default main
 * context it was created in. */

GQuark        lw_downloader_error_quark          (void);

/* (transfer full): g_get_user_data_dir()/longwave/downloads. */
char         *lw_downloader_dup_default_folder   (void);

/* @folder NULL = the default. */
LwDownloader *lw_downloader_new                  (LwLibrary     *library,
                                                  const char    *folder);
const char   *lw_downloader_get_folder           (LwDownloader  *self);
/* New downloads go there (@folder NULL or "": the default); running ones stay. */
void          lw_downloader_set_folder           (LwDownloader  *self,
                                                  const char    *folder);
/* "held": while TRUE nothing starts and running downloads go back to the queue
 * (their .part kept); the metered-connection policy sets it. */
gboolean      lw_downloader_get_held             (LwDownloader  *self);
void          lw_downloader_set_held             (LwDownloader  *self,
                                                  gboolean       held);
guint         lw_downloader_get_max_concurrent   (LwDownloader  *self);
void          lw_downloader_set_max_concurrent   (LwDownloader  *self,
                                                  guint          max_concurrent);
guint         lw_downloader_get_max_retries      (LwDownloader  *self);
void          lw_downloader_set_max_retries      (LwDownloader  *self,
                                                  guint          max_retries);
guint         lw_downloader_get_retry_delay      (LwDownloader  *self);
void          lw_downloader_set_retry_delay      (LwDownloader  *self,
                                                  guint          retry_delay_ms);

/* (transfer none): the LwDownload items, in the order they were added. */
GListModel   *lw_downloader_get_downloads        (LwDownloader  *self);
/* Sums over the downloads not cancelled: "downloaded" and "total" (-1 while any
 * total is unknown) properties, for a "12 MB of 80 MB" line. */
gint64        lw_downloader_get_downloaded       (LwDownloader  *self);
gint64        lw_downloader_get_total            (LwDownloader  *self);

/* (transfer none): queues the episode (or returns its download when it is already
 * in the list; a failed or cancelled one is queued again). NULL with
 * LW_DOWNLOADER_ERROR_NO_ENCLOSURE when there is nothing to download. */
LwDownload   *lw_downloader_add                  (LwDownloader  *self,
                                                  LwEpisode     *episode,
                                                  GError       **error);
/* Queues every unfinished download found in the folder (a .part with its .part.json
 * whose episode is still in the library and not downloaded); returns how many. */
guint         lw_downloader_restore              (LwDownloader  *self);

/* Stops and keeps the .part; resume() queues it again. */
void          lw_downloader_pause                (LwDownloader  *self,
                                                  LwDownload    *download);
void          lw_downloader_resume               (LwDownloader  *self,
                                                  LwDownload    *download);
/* Stops and removes the .part. */
void          lw_downloader_cancel               (LwDownloader  *self,
                                                  LwDownload    *download);
/* Queues a failed or cancelled download again, with a fresh count of attempts. */
void          lw_downloader_retry                (LwDownloader  *self,
                                                  LwDownload    *download);

/* Deletes the episode's downloaded file (or cancels its download), clears its
 * "local-path" and drops it from the list. TRUE when nothing is left on disk. */
gboolean      lw_downloader_delete               (LwDownloader  *self,
                                                  gint64         episode_id,
                                                  GError       **error);

/* add() and wait: returns the path of the complete file, or why it failed
 * (G_IO_ERROR_CANCELLED when the download was cancelled). */
void          lw_downloader_download_async       (LwDownloader        *self,
                                                  LwEpisode           *episode,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char         *lw_downloader_download_finish      (LwDownloader        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
