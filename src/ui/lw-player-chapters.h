/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "playback/lw-player.h"

G_BEGIN_DECLS

/* The player UI's one door to the player's chapters, so the widgets and actions do
 * not each know how LwPlayer exposes them. */

/* (transfer none) (nullable): the current episode's chapters, in order. */
GListModel *lw_player_chapters_get_model   (LwPlayer *player);
/* The index of the chapter playing, or -1. */
int         lw_player_chapters_get_current (LwPlayer *player);
/* Seeks to the next (@direction 1) or previous (-1) chapter; FALSE when there is none. */
gboolean    lw_player_chapters_step        (LwPlayer *player,
                                            int       direction);
/* A chapter from the model: its title (never NULL) and start in milliseconds. */
const char *lw_player_chapters_item_title  (gpointer  chapter);
gint64      lw_player_chapters_item_start  (gpointer  chapter);
G_END_DECLS
