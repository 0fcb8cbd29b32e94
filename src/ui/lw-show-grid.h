/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-show.h"

G_BEGIN_DECLS

#define LW_TYPE_SHOW_GRID (lw_show_grid_get_type ())

G_DECLARE_FINAL_TYPE (LwShowGrid, lw_show_grid, LW, SHOW_GRID, GtkWidget)

/* The subscriptions as a grid of artwork tiles (a GtkGridView: only the visible tiles
 * exist), sorted by title or by newest episode, filtered as one types into its search
 * bar. Properties: "shows" (GListModel of LwShow), "sort" ("title" or "recent"),
 * "search-mode" (the filter bar is shown), "filter-text". Signal "show-activated"
 * (LwShow *show) on a click or Enter. */
GtkWidget  *lw_show_grid_new             (void);
void        lw_show_grid_set_shows       (LwShowGrid *self,
                                          GListModel *shows);
const char *lw_show_grid_get_sort        (LwShowGrid *self);
void        lw_show_grid_set_sort        (LwShowGrid *self,
                                          const char *sort);
const char *lw_show_grid_get_filter_text (LwShowGrid *self);
void        lw_show_grid_set_filter_text (LwShowGrid *self,
                                          const char *text);
/* Leaves a show out (while its unsubscribe can still be undone). */
void        lw_show_grid_set_hidden      (LwShowGrid *self,
                                          gint64      show_id,
                                          gboolean    hidden);
/* (transfer none): what the grid shows, filtered and sorted. */
GListModel *lw_show_grid_get_model       (LwShowGrid *self);
/* Activates the tile at @position, as a click does. */
void        lw_show_grid_activate        (LwShowGrid *self,
                                          guint       position);

G_END_DECLS
