/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

/* The speeds the speed menu offers and Ctrl+plus/minus step through. */
extern const double lw_playback_rates[];
extern const guint  lw_playback_n_rates;

/* The listed speed after (@direction 1) or before (-1) @rate, clamped to the list. */
double  lw_playback_rate_step     (double         rate,
                                   int            direction);
/* "1.5×": the speed as the menu and the bar's button show it. */
char   *lw_playback_rate_format   (double         rate);

/* Adds the player's application actions — app.skip-back, app.skip-forward,
 * app.previous-chapter, app.next-chapter, app.speed-up, app.speed-down (app.play-pause
 * is the application's) — binds the playback settings to the player once it exists,
 * and gives every application window (the main windows, not dialogs) the keyboard
 * shortcuts: Space, Left/Right,
 * Ctrl+Left/Right, Ctrl+plus/minus. The shortcuts let text entries keep their keys. */
void    lw_player_actions_install (LwApplication *application);

/* Widget helpers shared by the bar and the now-playing view. */

/* Sets "Skip Back 10 Seconds"-style tooltips from the settings, now and whenever the
 * intervals change (for as long as @back lives). */
void    lw_player_actions_track_skip_tooltips (GSettings *settings,
                                               GtkWidget *back,
                                               GtkWidget *forward);
/* Play or pause icon and tooltip for @player's state (@player nullable). */
void    lw_player_actions_update_play_button  (GtkButton *button,
                                               LwPlayer  *player);

G_END_DECLS
