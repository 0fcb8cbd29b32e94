/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-download.h"
#include "core/lw-downloader.h"

G_BEGIN_DECLS

#define LW_TYPE_DOWNLOAD_ROW (lw_download_row_get_type ())

G_DECLARE_FINAL_TYPE (LwDownloadRow, lw_download_row, LW, DOWNLOAD_ROW, GtkListBoxRow)

/* One unfinished download: artwork, titles, a progress bar, "12 MB of 80 MB ·
 * 1.2 MB/s · 2 minutes left", and pause/resume, retry and cancel buttons. */
GtkWidget  *lw_download_row_new        (LwDownloader  *downloader,
                                        LwDownload    *download,
                                        const char    *artwork_url);
LwDownload *lw_download_row_get_download (LwDownloadRow *self);
/* The status line as shown; for tests. */
const char *lw_download_row_get_status (LwDownloadRow *self);

/* "2 minutes left", "1 hour left"; NULL when unknown (negative). */
char       *lw_download_format_time_left (gint64 seconds);

G_END_DECLS
