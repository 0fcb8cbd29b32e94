/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-episode.h"
#include "core/lw-show.h"
#include "lw-application.h"

G_BEGIN_DECLS

typedef enum
{
  LW_EPISODE_FILTER_ALL,
  LW_EPISODE_FILTER_UNPLAYED,
  LW_EPISODE_FILTER_DOWNLOADED,
} LwEpisodeFilter;

#define LW_TYPE_EPISODE_FILTER (lw_episode_filter_get_type ())
GType lw_episode_filter_get_type (void);

#define LW_TYPE_EPISODE_LIST_VIEW (lw_episode_list_view_get_type ())

/* Named ListView: core/ already has the LwEpisodeList model (lw-library-private.h). */
G_DECLARE_FINAL_TYPE (LwEpisodeListView, lw_episode_list_view, LW, EPISODE_LIST_VIEW, GtkWidget)

/* Filter buttons (All / Unplayed / Downloaded) over a virtualised GtkListView of
 * LwEpisodeRow, with an empty state for each filter. Either a show's episodes
 * (set_show: "Mark All Played" marks the whole show in one transaction) or any list
 * of LwEpisode (set_model: New, Continue listening, search results; "show-titles"
 * puts each episode's show above its title).
 *
 * Properties: "application" (construct-only), "show" (nullable), "model" (nullable,
 * the unfiltered list), "filter" (LwEpisodeFilter), "show-titles" (boolean).
 * Signal: "episode-activated" (LwEpisode *): a click or Enter on a row.
 *
 * Actions (also used by the rows' context menus): "episodes.play" (x),
 * "episodes.queue" (x), "episodes.mark-played" (x), "episodes.mark-unplayed" (x),
 * "episodes.download" (x, enabled when the application has "download-episode"),
 * "episodes.mark-all-played", "episodes.mark-all-unplayed". Errors go to the AdwToastOverlay around the view. */
GtkWidget       *lw_episode_list_view_new             (LwApplication     *application);
LwShow          *lw_episode_list_view_get_show        (LwEpisodeListView *self);
void             lw_episode_list_view_set_show        (LwEpisodeListView *self,
                                                       LwShow            *show);
GListModel      *lw_episode_list_view_get_model       (LwEpisodeListView *self);
void             lw_episode_list_view_set_model       (LwEpisodeListView *self,
                                                       GListModel        *episodes);
LwEpisodeFilter  lw_episode_list_view_get_filter      (LwEpisodeListView *self);
void             lw_episode_list_view_set_filter      (LwEpisodeListView *self,
                                                       LwEpisodeFilter    filter);
gboolean         lw_episode_list_view_get_show_titles (LwEpisodeListView *self);
void             lw_episode_list_view_set_show_titles (LwEpisodeListView *self,
                                                       gboolean           show_titles);
/* What the list says when it is empty under "All": a place's own words ("No
 * Episodes in Progress") instead of "No Episodes"; NULLs for those. */
void             lw_episode_list_view_set_empty_page  (LwEpisodeListView *self,
                                                       const char        *icon_name,
                                                       const char        *title,
                                                       const char        *description);
/* (transfer none): what the list shows, after the filter. */
GListModel      *lw_episode_list_view_get_shown       (LwEpisodeListView *self);
/* Highlights @episode's row (by id) when it is among the first rows, where an
 * episode shown from elsewhere (a notification, the detail's preview) is; otherwise,
 * or for NULL, no row: never another episode's. */
void             lw_episode_list_view_select_episode  (LwEpisodeListView *self,
                                                       LwEpisode         *episode);
/* (transfer none): the GtkListView, to scroll or focus it. */
GtkListView     *lw_episode_list_view_get_list_view   (LwEpisodeListView *self);

G_END_DECLS
