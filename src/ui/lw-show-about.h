/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/lw-show.h"

G_BEGIN_DECLS

#define LW_TYPE_SHOW_ABOUT (lw_show_about_get_type ())

G_DECLARE_FINAL_TYPE (LwShowAbout, lw_show_about, LW, SHOW_ABOUT, GtkWidget)

/* A show page's About view: the description, categories, website and funding links,
 * the shows its makers recommend (a Subscribe button each), the show's own
 * settings (playback speed, new episode notifications) and its feed (address with
 * a copy button for the page's show.copy-feed-url, when it was last refreshed).
 * What the show object has no property for is read from the library when the view
 * comes on screen. Property "show" (nullable). */
GtkWidget *lw_show_about_new      (void);
LwShow    *lw_show_about_get_show (LwShowAbout *self);
void       lw_show_about_set_show (LwShowAbout *self,
                                   LwShow      *show);

G_END_DECLS
