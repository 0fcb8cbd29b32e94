/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LW_TYPE_DOWNLOAD_STATE (lw_download_state_get_type ())
#define LW_TYPE_DOWNLOAD (lw_download_get_type ())

G_DECLARE_FINAL_TYPE (LwDownload, lw_download, LW, DOWNLOAD, GObject)

typedef enum
{
  LW_DOWNLOAD_STATE_QUEUED,       /* waiting for a free slot, or for the next retry */
  LW_DOWNLOAD_STATE_DOWNLOADING,
  LW_DOWNLOAD_STATE_PAUSED,       /* the .part stays for resume */
  LW_DOWNLOAD_STATE_COMPLETED,    /* "path" holds the whole file */
  LW_DOWNLOAD_STATE_FAILED,       /* "error-message" says why; retry() tries again */
  LW_DOWNLOAD_STATE_CANCELLED,    /* the .part was removed */
} LwDownloadState;

GType lw_download_state_get_type (void) G_GNUC_CONST;

/* One episode being downloaded by LwDownloader; read-only for everybody else.
 * Properties (all notify on change, on the downloader's main context):
 * "episode-id", "title", "show-title", "url", "state", "downloaded" (bytes on
 * disk), "total" (bytes, -1 while unknown), "speed" (bytes per second, 0 when
 * idle), "time-left" (seconds, -1 when unknown), "attempts" (failed tries of the
 * current run), "error-message" (nullable: the last failure, also set while
 * waiting to retry), "path" (the final file, set once completed). */

gint64           lw_download_get_episode_id    (LwDownload *self);
const char      *lw_download_get_title         (LwDownload *self);
const char      *lw_download_get_show_title    (LwDownload *self);
const char      *lw_download_get_url           (LwDownload *self);
LwDownloadState  lw_download_get_state         (LwDownload *self);
gint64           lw_download_get_downloaded    (LwDownload *self);
gint64           lw_download_get_total         (LwDownload *self);
double           lw_download_get_speed         (LwDownload *self);
gint64           lw_download_get_time_left     (LwDownload *self);
guint            lw_download_get_attempts      (LwDownload *self);
const char      *lw_download_get_error_message (LwDownload *self);
const char      *lw_download_get_path          (LwDownload *self);
/* 0..1, or -1 when the total is unknown. */
double           lw_download_get_fraction      (LwDownload *self);

G_END_DECLS
