/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-feed-service.h"

G_BEGIN_DECLS

#define LW_TYPE_REFRESH_SCHEDULER (lw_refresh_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (LwRefreshScheduler, lw_refresh_scheduler, LW, REFRESH_SCHEDULER, GObject)

/* When everything is refreshed: once at start-up (GSettings "refresh-on-startup"),
 * every "refresh-interval" minutes (0 = only when asked), and when asked
 * (app.refresh). A request while a refresh runs is absorbed by it, never a second
 * run. The interval follows the setting as it changes, counted from the last
 * refresh. Progress is the feed service's ("refreshing", "refresh-done",
 * "refresh-total").
 *
 * Properties: "feed-service", "settings" (construct-only; the settings hold the
 * two keys above), "next-refresh" (gint64 Unix seconds of the next automatic
 * refresh, 0 = none planned). Signal "finished" (guint n_failed, GError *error
 * (nullable: set only when the refresh as a whole failed, e.g. cancelled)) after
 * each run. */
LwRefreshScheduler *lw_refresh_scheduler_new              (LwFeedService      *feed_service,
                                                           GSettings          *settings);
/* Refreshes now if "refresh-on-startup" says so, then arms the interval. */
void                lw_refresh_scheduler_start            (LwRefreshScheduler *self);
/* Refreshes everything now (shows in a failure backoff too: the user asked), or
 * joins the refresh that runs. The automatic ones leave those out. */
void                lw_refresh_scheduler_refresh          (LwRefreshScheduler *self);
gboolean            lw_refresh_scheduler_get_running      (LwRefreshScheduler *self);
gint64              lw_refresh_scheduler_get_next_refresh (LwRefreshScheduler *self);
/* For tests: how many milliseconds a minute of "refresh-interval" lasts (60000). */
void                lw_refresh_scheduler_set_minute_ms    (LwRefreshScheduler *self,
                                                           guint               minute_ms);

G_END_DECLS
