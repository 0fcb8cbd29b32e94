/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-download.h"

G_BEGIN_DECLS

/* What LwDownloader keeps on each download besides its properties. */
struct _LwDownload
{
  GObject          parent_instance;

  gint64           episode_id;
  char            *title;
  char            *show_title;
  char            *url;
  char            *mime_type;
  LwDownloadState  state;
  gint64           downloaded;
  gint64           total;
  double           speed;
  gint64           time_left;
  guint            attempts;
  char            *error_message;
  int              error_code;     /* LwDownloaderError of error_message */
  char            *path;

  /* Owned by the downloader. */
  char            *part_path;      /* PATH.part; NULL until the name is chosen */
  gpointer         transfer;       /* the running (or winding down) transfer */
  gint64           not_before;     /* monotonic µs: the next retry, 0 = now */
  GPtrArray       *tasks;          /* GTasks of download_async waiting for the end */
};

LwDownload *lw_download_new               (gint64           episode_id,
                                           const char      *title,
                                           const char      *show_title,
                                           const char      *url,
                                           const char      *mime_type);
void        lw_download_set_state         (LwDownload      *self,
                                           LwDownloadState  state);
void        lw_download_set_progress      (LwDownload      *self,
                                           gint64           downloaded,
                                           gint64           total);
void        lw_download_set_speed         (LwDownload      *self,
                                           double           speed);
void        lw_download_set_attempts      (LwDownload      *self,
                                           guint            attempts);
void        lw_download_set_error_message (LwDownload      *self,
                                           const char      *message);
void        lw_download_set_path          (LwDownload      *self,
                                           const char      *path);
void        lw_download_set_url           (LwDownload      *self,
                                           const char      *url);

G_END_DECLS
