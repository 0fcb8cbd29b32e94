/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

#define LW_TYPE_DOWNLOADS_VIEW (lw_downloads_view_get_type ())

G_DECLARE_FINAL_TYPE (LwDownloadsView, lw_downloads_view, LW, DOWNLOADS_VIEW, AdwBin)

/* A whole page of the main window, with its own header bar. The window hosts it;
 * the widget talks to the application's services itself: the downloads running,
 * waiting or paused (LwDownloadRow each) under a total, then the failed ones (with
 * why, Retry and Remove), then the episodes downloaded, each with play and delete; an AdwStatusPage when there are none. */
GtkWidget  *lw_downloads_view_new             (LwApplication   *application);
/* The page's header bar: the window adds its Back button and window buttons. */
AdwHeaderBar *lw_downloads_view_get_header_bar (LwDownloadsView *self);

/* For tests: the list of downloads under way, of failed ones, of downloaded
 * episodes, and the total line over those under way ("12 MB of 80 MB · 1.2 MB/s"). */
GtkListBox *lw_downloads_view_get_active_list (LwDownloadsView *self);
GtkListBox *lw_downloads_view_get_failed_list (LwDownloadsView *self);
GtkListBox *lw_downloads_view_get_done_list   (LwDownloadsView *self);
const char *lw_downloads_view_get_total_text  (LwDownloadsView *self);

G_END_DECLS
