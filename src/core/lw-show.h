/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LW_TYPE_SHOW (lw_show_get_type ())

G_DECLARE_FINAL_TYPE (LwShow, lw_show, LW, SHOW, GObject)

/* A subscribed show as the library holds it. Owned and kept up to date by LwLibrary:
 * the same object is handed out for the same id while anyone holds it, and its
 * properties notify when the library changes them. Read-only for everyone else.
 *
 * Properties: "id" (gint64), "feed-url", "title", "author", "description" (plain text),
 * "image-url", "link", "language", "episode-count" (uint), "unplayed-count" (uint),
 * "last-error" (nullable: why the last refresh failed), "last-refreshed" (gint64 Unix
 * seconds, 0 = never), "etag", "last-modified" (HTTP cache validators), "last-status"
 * (uint: the HTTP status of the last refresh, 0 = none or no HTTP answer),
 * "next-retry" (gint64 Unix seconds: after failures, do not refresh automatically
 * before this; 0 = whenever), "latest-published" (gint64 Unix seconds: the newest
 * episode's date, 0 = none).
 * "playback-rate" (double: the show's own speed, 0.5–3.0, or 0 = follow the global
 * one; LwPlayer applies it when an episode of this show loads. Set it with
 * lw_library_set_show_playback_rate()). */

gint64      lw_show_get_id             (LwShow *self);
const char *lw_show_get_feed_url       (LwShow *self);
const char *lw_show_get_title          (LwShow *self);
const char *lw_show_get_author         (LwShow *self);
const char *lw_show_get_description    (LwShow *self);
const char *lw_show_get_image_url      (LwShow *self);
const char *lw_show_get_link           (LwShow *self);
const char *lw_show_get_language       (LwShow *self);
guint       lw_show_get_episode_count  (LwShow *self);
guint       lw_show_get_unplayed_count (LwShow *self);
const char *lw_show_get_last_error     (LwShow *self);
gint64      lw_show_get_last_refreshed (LwShow *self);
const char *lw_show_get_etag           (LwShow *self);
const char *lw_show_get_last_modified  (LwShow *self);
guint       lw_show_get_last_status    (LwShow *self);
gint64      lw_show_get_next_retry     (LwShow *self);
double      lw_show_get_playback_rate  (LwShow *self);
gint64      lw_show_get_latest_published (LwShow *self);
/* The order of a sort by title: numbers by value ("Show 2" before "Show 10"), case
 * and accents left out; cheap (the keys are cached with the title). */
int         lw_show_compare_title      (LwShow *a,
                                        LwShow *b);

G_END_DECLS
