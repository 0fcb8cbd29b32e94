/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_SCROLL_COLUMN (lw_scroll_column_get_type ())

G_DECLARE_FINAL_TYPE (LwScrollColumn, lw_scroll_column, LW, SCROLL_COLUMN, GtkWidget)

/* What a GtkViewport is to a GtkScrolledWindow whose horizontal scrollbar policy is
 * "never": a page of text (labels that wrap) scrolled up and down, always as wide as
 * the window gives it. GTK 4.8's GtkViewport also works out a horizontal adjustment
 * nobody sees, by measuring its child's width for a height: every wrapping label
 * inside then searches for that width by laying its text out again and again (a
 * binary search), on every allocation. This one only measures widths for no height
 * and heights for the width it has. Its child is set in a .ui file (<child>) or with
 * lw_scroll_column_set_child(). */
GtkWidget *lw_scroll_column_new       (void);
GtkWidget *lw_scroll_column_get_child (LwScrollColumn *self);
void       lw_scroll_column_set_child (LwScrollColumn *self,
                                       GtkWidget      *child);

G_END_DECLS
