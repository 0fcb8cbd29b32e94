/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_PLAYER_BAR (lw_player_bar_get_type ())

G_DECLARE_FINAL_TYPE (LwPlayerBar, lw_player_bar, LW, PLAYER_BAR, GtkWidget)

/* The bar at the bottom of the window: artwork, episode and show titles, elapsed and
 * remaining time (at the current speed), a seek slider, skip back/forward, play/pause,
 * the speed, volume and sleep timer menus. Revealed only while the player has an
 * episode. Narrower than about 560 px it keeps play/pause, the titles and a thin
 * progress line. The buttons use app.play-pause, app.skip-back, app.skip-forward (see
 * lw-player-actions.h); the titles and the expand button activate win.now-playing.
 * Property "player" (nullable). */
GtkWidget *lw_player_bar_new        (void);
LwPlayer  *lw_player_bar_get_player (LwPlayerBar *self);
void       lw_player_bar_set_player (LwPlayerBar *self,
                                     LwPlayer    *player);
/* TRUE when revealed (or revealing); for tests. */
gboolean   lw_player_bar_get_revealed (LwPlayerBar *self);
/* TRUE when the narrow layout is shown; for tests. */
gboolean   lw_player_bar_get_narrow   (LwPlayerBar *self);

G_END_DECLS
