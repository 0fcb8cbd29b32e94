/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/lw-episode.h"
#include "core/lw-show.h"

G_BEGIN_DECLS

#define LW_TYPE_SHOW_PAGE (lw_show_page_get_type ())

G_DECLARE_FINAL_TYPE (LwShowPage, lw_show_page, LW, SHOW_PAGE, GtkWidget)

/* One show: its header bar (back, refresh, a menu with Unsubscribe), large artwork,
 * title, "by" author, the last refresh's error with Retry, then two views: the
 * episodes and "About" (an LwShowAbout, made when first shown). Property "show" (nullable). Signal
 * "episode-activated" (LwEpisode *). Actions: show.refresh, show.unsubscribe,
 * show.open-website, show.copy-feed-url. Must be inside an LwWindow. */
GtkWidget    *lw_show_page_new            (void);
LwShow       *lw_show_page_get_show       (LwShowPage *self);
void          lw_show_page_set_show       (LwShowPage *self,
                                           LwShow     *show);
AdwHeaderBar *lw_show_page_get_header_bar (LwShowPage *self);
/* "episodes" or "about". */
void          lw_show_page_set_view       (LwShowPage *self,
                                           const char *name);
/* TRUE while its refresh runs; for tests. */
gboolean      lw_show_page_get_refreshing (LwShowPage *self);
/* (transfer none) (nullable): the episode list's model, for tests and selection. */
GListModel   *lw_show_page_get_episodes   (LwShowPage *self);
/* Builds what the page needs for a show ahead of time, once the page is in a
 * window, a piece per call (its episode list, its About view, then a first
 * measuring that loads its fonts): TRUE while there is more. */
gboolean      lw_show_page_prepare        (LwShowPage *self);
/* (transfer none): the About view (an LwShowAbout), made if it was not yet. */
GtkWidget    *lw_show_page_get_about      (LwShowPage *self);
/* Highlights @episode in the list (see lw_episode_list_view_select_episode()). */
void          lw_show_page_select_episode (LwShowPage *self,
                                           LwEpisode  *episode);
/* Activates the episode at @position as a click does. */
void          lw_show_page_activate_episode (LwShowPage *self,
                                             guint       position);

G_END_DECLS
