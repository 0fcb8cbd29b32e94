/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-show.h"

G_BEGIN_DECLS

#define LW_TYPE_SHOW_ROW (lw_show_row_get_type ())

G_DECLARE_FINAL_TYPE (LwShowRow, lw_show_row, LW, SHOW_ROW, GtkWidget)

/* One show in the show list: artwork, title, author. Property "show" (nullable). */
GtkWidget *lw_show_row_new      (void);
LwShow    *lw_show_row_get_show (LwShowRow *self);
void       lw_show_row_set_show (LwShowRow *self,
                                 LwShow    *show);

G_END_DECLS
