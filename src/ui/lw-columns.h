/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_COLUMNS (lw_columns_get_type ())

G_DECLARE_FINAL_TYPE (LwColumns, lw_columns, LW, COLUMNS, GtkWidget)

/* Two children side by side, each at most LW_COLUMNS_MAX_WIDTH wide, when there is
 * room for two columns of at least LW_COLUMNS_MIN_WIDTH; stacked (the first above
 * the second, at most LW_COLUMNS_MAX_WIDTH wide, centred) when there is not. The
 * now-playing view: the episode and its controls beside its chapters and the queue
 * on a wide window, one after the other on a phone. Children are added in a .ui
 * file (<child>) or with lw_columns_set_children().
 *
 * Put the columns in a GtkScrolledWindow and the end child in one of its own (with
 * propagate-natural-height): side by side the end column then scrolls on its own
 * beside a start column that stays put; stacked, the two scroll as one. */
#define LW_COLUMNS_MIN_WIDTH 340
#define LW_COLUMNS_MAX_WIDTH 560

GtkWidget *lw_columns_new          (void);
void       lw_columns_set_children (LwColumns *self,
                                    GtkWidget *start,
                                    GtkWidget *end);
/* Whether the last allocation put the children side by side. */
gboolean   lw_columns_get_wide     (LwColumns *self);

G_END_DECLS
