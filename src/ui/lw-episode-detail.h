/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-episode.h"
#include "core/lw-show.h"
#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_EPISODE_DETAIL (lw_episode_detail_get_type ())

G_DECLARE_FINAL_TYPE (LwEpisodeDetail, lw_episode_detail, LW, EPISODE_DETAIL, GtkWidget)

/* The selected episode: artwork, title, show, date, duration, a Play button and the show
 * notes with working links ("time:SECONDS" links seek). Properties: "episode", "show",
 * "player" (all nullable; the player tells whether Play means resume or pause). */
GtkWidget *lw_episode_detail_new         (void);
LwEpisode *lw_episode_detail_get_episode (LwEpisodeDetail *self);
void       lw_episode_detail_set_episode (LwEpisodeDetail *self,
                                          LwEpisode       *episode);
/* Whether the page shows all of its episode: on screen, a new episode's page fills in
 * over a few frames (its header at once, then its notes, chapters, transcript, people
 * and links). */
gboolean   lw_episode_detail_is_filled   (LwEpisodeDetail *self);
LwShow    *lw_episode_detail_get_show    (LwEpisodeDetail *self);
void       lw_episode_detail_set_show    (LwEpisodeDetail *self,
                                          LwShow          *show);
LwPlayer  *lw_episode_detail_get_player  (LwEpisodeDetail *self);
void       lw_episode_detail_set_player  (LwEpisodeDetail *self,
                                          LwPlayer        *player);

G_END_DECLS
