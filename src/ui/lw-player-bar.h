/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_PLAYER_BAR (lw_player_bar_get_type ())

G_DECLARE_FINAL_TYPE (LwPlayerBar, lw_player_bar, LW, PLAYER_BAR, GtkWidget)

/* The bar at the bottom of the window: artwork, episode and show titles, elapsed and
 * remaining time, a seek slider, skip back/forward and play/pause. Revealed only while
 * the player has an episode. Property "player" (nullable). Actions: player.play-pause,
 * player.skip-back, player.skip-forward (intervals from GSettings). */
GtkWidget *lw_player_bar_new        (void);
LwPlayer  *lw_player_bar_get_player (LwPlayerBar *self);
void       lw_player_bar_set_player (LwPlayerBar *self,
                                     LwPlayer    *player);
/* TRUE when revealed (or revealing); for tests. */
gboolean   lw_player_bar_get_revealed (LwPlayerBar *self);

G_END_DECLS
