/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-show.h"

G_BEGIN_DECLS

#define LW_TYPE_SHOW_TILE (lw_show_tile_get_type ())

G_DECLARE_FINAL_TYPE (LwShowTile, lw_show_tile, LW, SHOW_TILE, GtkWidget)

/* One show in the grid: artwork, title and the number of unplayed episodes. Its
 * accessible label says all three. Property "show" (nullable). */
GtkWidget *lw_show_tile_new      (void);
LwShow    *lw_show_tile_get_show (LwShowTile *self);
void       lw_show_tile_set_show (LwShowTile *self,
                                  LwShow     *show);

/* "3 new", or "" when every episode is played; for the tile and the show page. */
char      *lw_show_tile_format_unplayed (guint unplayed);

G_END_DECLS
