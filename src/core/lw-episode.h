/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LW_TYPE_EPISODE (lw_episode_get_type ())

G_DECLARE_FINAL_TYPE (LwEpisode, lw_episode, LW, EPISODE, GObject)

/* An episode as the library holds it; owned and kept up to date by LwLibrary like
 * LwShow (one object per id while referenced; notifies on change).
 *
 * Properties: "id", "show-id" (gint64), "guid", "title", "published" (gint64 Unix
 * seconds or LW_DATE_UNKNOWN), "duration" (gint64 seconds or LW_UNKNOWN), "link",
 * "summary" (plain text), "notes-html" (sanitised), "image-url", "enclosure-url",
 * "enclosure-type", "enclosure-length" (gint64, LW_UNKNOWN), "played" (boolean),
 * "position" (gint64 milliseconds; 0 = not started), "last-played" (gint64 Unix
 * seconds, 0 = never), "local-path" (nullable: a complete download). */

gint64      lw_episode_get_id               (LwEpisode *self);
gint64      lw_episode_get_show_id          (LwEpisode *self);
const char *lw_episode_get_guid             (LwEpisode *self);
const char *lw_episode_get_title            (LwEpisode *self);
gint64      lw_episode_get_published        (LwEpisode *self);
gint64      lw_episode_get_duration         (LwEpisode *self);
const char *lw_episode_get_link             (LwEpisode *self);
const char *lw_episode_get_summary          (LwEpisode *self);
const char *lw_episode_get_notes_html       (LwEpisode *self);
const char *lw_episode_get_image_url        (LwEpisode *self);
const char *lw_episode_get_enclosure_url    (LwEpisode *self);
const char *lw_episode_get_enclosure_type   (LwEpisode *self);
gint64      lw_episode_get_enclosure_length (LwEpisode *self);
gboolean    lw_episode_get_played           (LwEpisode *self);
gint64      lw_episode_get_position         (LwEpisode *self);
gint64      lw_episode_get_last_played      (LwEpisode *self);
const char *lw_episode_get_local_path       (LwEpisode *self);

/* The URI the player opens: the local file when downloaded, else the enclosure URL. */
char       *lw_episode_dup_media_uri        (LwEpisode *self);

/* Playback (issue 5): an episode outside the library (id 0), for a file or URL opened
 * from elsewhere (MPRIS OpenUri). The player keeps no position or played mark for it. */
LwEpisode  *lw_episode_new_detached         (const char *media_uri,
                                             const char *title);

G_END_DECLS
