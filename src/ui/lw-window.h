/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lw-application.h"

G_BEGIN_DECLS

#define LW_TYPE_WINDOW (lw_window_get_type ())

G_DECLARE_FINAL_TYPE (LwWindow, lw_window, LW, WINDOW, AdwApplicationWindow)

/* The main window: the empty state, or an AdwLeaflet of a sidebar of places (Shows, New
 * Episodes, Continue Listening, Downloads, Discover), the place's content (the show grid
 * or a show page, an episode list, search, …) and the episode detail; the player bar at
 * the bottom; toasts; the now-playing view over all of it.
 *
 * Actions: win.place (s: a place name), win.search (Ctrl+F), win.now-playing,
 * win.sort-shows (s: "title" or "recent", stateful), library.back (Alt+←, Escape).
 * Size and maximised state are saved in GSettings. */
LwWindow   *lw_window_new                 (LwApplication *application);
/* Its first frame is on screen: what the first click on a show needs is built now,
 * a piece per idle (LwApplication calls it). */
void        lw_window_after_first_frame   (LwWindow      *self);
/* A toast saying what went wrong, "Could not reach example.org: Connection refused". */
void        lw_window_show_error          (LwWindow      *self,
                                           const char    *message);
void        lw_window_add_toast           (LwWindow      *self,
                                           AdwToast      *toast);
/* (transfer none): the Add Podcast dialog, presented, with @url (nullable) filled in. */
GtkWindow  *lw_window_show_add_dialog     (LwWindow      *self,
                                           const char    *url);
/* Subscribes without a dialog (URIs opened from other apps, app.subscribe); the
 * outcome is a toast, with Retry when another go may work. */
void        lw_window_subscribe           (LwWindow      *self,
                                           const char    *url);
/* Hides the show at once and offers Undo in a toast; the library forgets it when the
 * toast goes (or the window closes) without Undo. */
void        lw_window_unsubscribe         (LwWindow      *self,
                                           LwShow        *show);
/* Opens a show's page, or an episode's detail (on its show's page), as a click does.
 * FALSE when it is not in the library. */
gboolean    lw_window_select_show         (LwWindow      *self,
                                           gint64         show_id);
gboolean    lw_window_select_episode      (LwWindow      *self,
                                           gint64         episode_id);
/* Shows a place: "shows", "new", "continue", "search", "downloads", "discover". */
void        lw_window_set_place           (LwWindow      *self,
                                           const char    *place);
/* The place shown, as above, with "show" for a show's page. */
const char *lw_window_get_place           (LwWindow      *self);
/* "empty", "now-playing", or the visible leaflet pane: "sidebar", "content" or
 * "detail" (when unfolded, all of them show; this is the one last navigated to). */
const char *lw_window_get_visible_pane    (LwWindow      *self);
/* (transfer none): the LwShowPage and the LwSearchPage, built on first use. */
GtkWidget  *lw_window_get_show_page       (LwWindow      *self);
GtkWidget  *lw_window_get_search_page     (LwWindow      *self);
/* (transfer none): the LwEpisodeDetail and the LwPlayerBar, likewise built on first
 * use (the bar comes with the player, after the first frame). */
GtkWidget  *lw_window_get_episode_detail  (LwWindow      *self);
GtkWidget  *lw_window_get_player_bar      (LwWindow      *self);

/* (nullable) (transfer none): the application of the window @widget is in. */
LwApplication *lw_widget_get_application (GtkWidget *widget);

G_END_DECLS
