/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-downloader.h"
#include "lw-feed-service.h"
#include "lw-library.h"

G_BEGIN_DECLS

#define LW_TYPE_DOWNLOAD_POLICY (lw_download_policy_get_type ())

G_DECLARE_FINAL_TYPE (LwDownloadPolicy, lw_download_policy, LW, DOWNLOAD_POLICY, GObject)

/* What downloads do on a metered connection (the download-metered key). */
typedef enum
{
  LW_METERED_ASK,    /* hold until the user answers, once per session */
  LW_METERED_ALLOW,
  LW_METERED_NEVER,  /* hold until the connection is not metered */
} LwMeteredPolicy;

/* When a download starts by itself, and when a download goes away by itself.
 *
 * - Metered connections: follows GNetworkMonitor's "network-metered" (or what
 *   lw_download_policy_set_metered() says) and the "metered-policy"; while downloads
 *   may not run, the downloader is "held". With ASK, "needs-answer" turns TRUE: the
 *   UI asks once, then calls lw_download_policy_answer_metered().
 * - Auto-download: after a refresh of a show (the feed service's "show-refreshed"),
 *   its newest unplayed episodes that arrived after it was subscribed are queued, at
 *   most "auto-download-max" (or the show's own maximum) of them on disk or queued at
 *   once. "auto-download" is the global switch; each show may override it. An episode
 *   is fetched automatically only once: deleted or cancelled, it stays away.
 * - Auto-delete: downloads of played episodes go "auto-delete-days" days (0 = never)
 *   after they were last played or downloaded, whichever is later. Unplayed episodes
 *   and episodes in progress (a saved position) are never deleted.
 *
 * With @settings the properties follow the keys download-metered, auto-download,
 * auto-download-max, auto-delete-days, download-folder and download-max-concurrent (the
 * last two on the downloader). No GTK here. */

/* Unix seconds; tests inject a fake clock. */
typedef gint64 (*LwDownloadPolicyClock) (gpointer user_data);

LwDownloadPolicy *lw_download_policy_new              (LwLibrary             *library,
                                                       LwDownloader          *downloader,
                                                       GSettings             *settings);
void              lw_download_policy_set_clock        (LwDownloadPolicy      *self,
                                                       LwDownloadPolicyClock  clock,
                                                       gpointer               user_data);
/* Auto-download after each successful refresh the service makes. */
void              lw_download_policy_set_feed_service (LwDownloadPolicy      *self,
                                                       LwFeedService         *service);

LwMeteredPolicy   lw_download_policy_get_metered_policy (LwDownloadPolicy    *self);
void              lw_download_policy_set_metered_policy (LwDownloadPolicy    *self,
                                                         LwMeteredPolicy      policy);
gboolean          lw_download_policy_get_metered      (LwDownloadPolicy      *self);
/* Overrides what the network monitor said until it says something new. */
void              lw_download_policy_set_metered      (LwDownloadPolicy      *self,
                                                       gboolean               metered);
gboolean          lw_download_policy_get_needs_answer (LwDownloadPolicy      *self);
/* The user's answer to "download on a metered connection?", kept for the session. */
void              lw_download_policy_answer_metered   (LwDownloadPolicy      *self,
                                                       gboolean               allow);

gboolean          lw_download_policy_get_auto_download (LwDownloadPolicy     *self);
void              lw_download_policy_set_auto_download (LwDownloadPolicy     *self,
                                                        gboolean              auto_download);
guint             lw_download_policy_get_auto_download_max (LwDownloadPolicy *self);
void              lw_download_policy_set_auto_download_max (LwDownloadPolicy *self,
                                                            guint             max);
guint             lw_download_policy_get_auto_delete_days (LwDownloadPolicy  *self);
void              lw_download_policy_set_auto_delete_days (LwDownloadPolicy  *self,
                                                           guint              days);

/* A show's own settings: @auto_download -1 (follow the global switch), 0 or 1;
 * @max_episodes -1 (the global maximum) or 1–100. */
gboolean          lw_download_policy_get_show_settings (LwDownloadPolicy     *self,
                                                        gint64                show_id,
                                                        int                  *auto_download,
                                                        int                  *max_episodes,
                                                        GError              **error);
gboolean          lw_download_policy_set_show_settings (LwDownloadPolicy     *self,
                                                        gint64                show_id,
                                                        int                   auto_download,
                                                        int                   max_episodes,
                                                        GError              **error);

/* "Download New Episodes" of a show, by hand: queues every episode of @show_id that
 * is new as the library's New list has it (unplayed, published in the last two
 * weeks of the policy's clock) and not downloaded yet; returns how many it queued
 * (one already queued, downloading or paused is left as it is). */
guint             lw_download_policy_download_new     (LwDownloadPolicy      *self,
                                                       gint64                 show_id,
                                                       GError               **error);

/* Queues what auto-download wants for @show_id (<= 0: every show); returns how many
 * episodes it queued. */
guint             lw_download_policy_auto_download    (LwDownloadPolicy      *self,
                                                       gint64                 show_id,
                                                       GError               **error);
/* Deletes the played downloads that are due; returns how many. */
guint             lw_download_policy_auto_delete      (LwDownloadPolicy      *self,
                                                       GError               **error);
/* Runs auto-delete now and then every hour, on the creating thread's main context. */
void              lw_download_policy_start            (LwDownloadPolicy      *self);

/* (transfer full): every downloaded episode (LwEpisode with a "local-path"), most
 * recently downloaded first; a snapshot. */
GListModel       *lw_download_policy_list_downloaded  (LwDownloadPolicy      *self,
                                                       GError               **error);

G_END_DECLS
