/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-episode.h"

G_BEGIN_DECLS

#define LW_TYPE_EPISODE_ROW (lw_episode_row_get_type ())

G_DECLARE_FINAL_TYPE (LwEpisodeRow, lw_episode_row, LW, EPISODE_ROW, GtkWidget)

/* One episode in an episode list: title, date, duration or time left, and its state:
 * new, in progress (with a progress bar), played (dimmed), downloaded (an icon). The
 * accessible description says the same in words.
 *
 * Properties: "episode" (nullable), "show-title" (nullable: shown above the title in
 * lists that mix shows).
 *
 * Right click, long press, Menu or Shift+F10 (lw_episode_row_popup_menu()) open a
 * context menu whose items activate "episodes.play", "episodes.queue",
 * "episodes.mark-played", "episodes.mark-unplayed", "episodes.download" (each with the
 * episode id, "x") and "episodes.mark-all-played": actions that LwEpisodeListView
 * installs; outside one they are insensitive. */
GtkWidget  *lw_episode_row_new            (void);
LwEpisode  *lw_episode_row_get_episode    (LwEpisodeRow *self);
void        lw_episode_row_set_episode    (LwEpisodeRow *self,
                                           LwEpisode    *episode);
const char *lw_episode_row_get_show_title (LwEpisodeRow *self);
void        lw_episode_row_set_show_title (LwEpisodeRow *self,
                                           const char   *show_title);
void        lw_episode_row_popup_menu     (LwEpisodeRow *self);

/* The text under the title, "Yesterday · 45 min"; shared with the episode detail. */
char       *lw_episode_row_format_meta    (gint64        published,
                                           gint64        duration,
                                           gint64        position_ms,
                                           gboolean      played);

/* Unplayed, not started and published in the last two weeks (the library's "New"). */
gboolean    lw_episode_is_new             (LwEpisode    *episode);

/* What a screen reader says after the title: "New, yesterday · 45 min, downloaded". */
char       *lw_episode_row_describe       (LwEpisode    *episode);

G_END_DECLS
