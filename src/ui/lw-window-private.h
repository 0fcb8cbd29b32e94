/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of LwWindow share: lw-window.c (panes, places, the detail),
 * lw-window-subscriptions.c (subscribing, unsubscribing with undo) and
 * lw-window-warm-up.c (what is built and read ahead after the first frame). */

#include "lw-after-frame.h"
#include "lw-episode-detail.h"
#include "lw-episode-list-view.h"
#include "lw-new-episodes-notifier.h"
#include "lw-player-bar.h"
#include "lw-search-page.h"
#include "lw-show-grid.h"
#include "lw-show-page.h"
#include "lw-window.h"

G_BEGIN_DECLS

/* An episode list place (New Episodes, Continue Listening), built when first shown:
 * its model is a query the library only runs then. */
typedef struct
{
  const char         *name;
  AdwHeaderBar       *header;
  LwEpisodeListView  *list;
} EpisodePlace;

struct _LwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  LwLibrary            *library;
  GCancellable         *cancellable;
  guint                 warm_up_id;
  guint                 warm_up_step;
  /* The list whose first episode the detail previews, a frame after it shows. */
  GListModel           *preview_model;
  LwAfterFrame          preview_after_frame;
  gulong                preview_shows_id;    /* waiting for a stack's transition to end */
  gulong                preview_content_id;
  GPtrArray            *warm_icons;
  char                 *shows_sort;
  GHashTable           *pending_removals;  /* show id → AdwToast */
  GPtrArray            *content_headers;
  gboolean              switching_place;     /* title buttons wait for the new panes */
  EpisodePlace          new_place;
  EpisodePlace          continue_place;
  char                 *before_now_playing;
  LwNewEpisodesNotifier *notifier;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  AdwHeaderBar         *sidebar_header;
  GtkListBox           *places_list;
  GtkStack             *content_stack;
  GtkStack             *shows_stack;
  AdwHeaderBar         *grid_header;
  LwShowGrid           *show_grid;
  LwShowPage           *show_page;
  LwSearchPage         *search_page;
  GtkWidget            *detail_separator;
  GtkWidget            *detail_pane;
  AdwHeaderBar         *detail_header;
  GtkStack             *detail_stack;
  LwEpisodeDetail      *episode_detail;
  LwPlayerBar          *player_bar;
  GtkBox               *content_box;
  GtkWidget            *now_playing;
  GtkWidget            *empty_box;
  GtkMenuButton        *empty_menu_button;
  GtkMenuButton        *primary_menu_button;
  GtkMenuButton        *sort_button;
  GMenuModel           *primary_menu;
  GMenuModel           *sort_menu;
};

LwApplication   *lw_window_get_app                (LwWindow *self);
LwShow          *lw_window_get_shown_show         (LwWindow *self);
LwShowPage      *lw_window_ensure_show_page       (LwWindow *self);
LwEpisodeDetail *lw_window_ensure_episode_detail  (LwWindow *self);
/* Opens a show just subscribed to, and says so. */
void             lw_window_on_subscribed          (LwWindow *self,
                                                   LwShow   *show);
/* Closing the window ends the chance to undo: what was asked for happens. */
void             lw_window_flush_pending_removals (LwWindow *self);

G_END_DECLS
