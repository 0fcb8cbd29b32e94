/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-episode.h"

G_BEGIN_DECLS

#define LW_TYPE_EPISODE_ROW (lw_episode_row_get_type ())

G_DECLARE_FINAL_TYPE (LwEpisodeRow, lw_episode_row, LW, EPISODE_ROW, GtkWidget)

/* One episode in the episode list: title, date, duration or time left, played state.
 * Property "episode" (nullable). */
GtkWidget *lw_episode_row_new         (void);
LwEpisode *lw_episode_row_get_episode (LwEpisodeRow *self);
void       lw_episode_row_set_episode (LwEpisodeRow *self,
                                       LwEpisode    *episode);

/* The text under the title, "Yesterday · 45 min"; shared with the episode detail. */
char      *lw_episode_row_format_meta (gint64        published,
                                       gint64        duration,
                                       gint64        position_ms,
                                       gboolean      played);

G_END_DECLS
