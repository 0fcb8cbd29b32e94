/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Reads and renders the icons @names at @size (in @widget's icon theme, scale and
 * direction) now, so that the frame that first shows them does not: an SVG rendered
 * by librsvg costs a few milliseconds. The icons stay in the theme's cache while the
 * returned array (of GtkIconPaintable) is kept; @into, if not NULL, gets them instead
 * and is returned. */
GPtrArray *lw_icon_preload (GtkWidget          *widget,
                            const char * const *names,
                            int                 size,
                            GPtrArray          *into);

G_END_DECLS
