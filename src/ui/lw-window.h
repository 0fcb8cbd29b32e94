/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "lw-application.h"

G_BEGIN_DECLS

#define LW_TYPE_WINDOW (lw_window_get_type ())

G_DECLARE_FINAL_TYPE (LwWindow, lw_window, LW, WINDOW, AdwApplicationWindow)

/* The main window: the empty state, or the show list, the episode list of the selected
 * show and the episode detail in an AdwLeaflet; the player bar at the bottom; toasts.
 * Size and maximised state are saved in GSettings. */
LwWindow  *lw_window_new                 (LwApplication *application);
/* A toast saying what went wrong, "Could not reach example.org: Connection refused". */
void       lw_window_show_error          (LwWindow      *self,
                                          const char    *message);
void       lw_window_add_toast           (LwWindow      *self,
                                          AdwToast      *toast);
/* (transfer none): the Add Podcast dialog, presented, with @url (nullable) filled in. */
GtkWindow *lw_window_show_add_dialog     (LwWindow      *self,
                                          const char    *url);
/* Subscribes without a dialog (URIs opened from other apps); the outcome is a toast. */
void       lw_window_subscribe           (LwWindow      *self,
                                          const char    *url);
/* Selects a show or episode as a click does (navigating forward when folded).
 * FALSE when it is not in the list. */
gboolean   lw_window_select_show         (LwWindow      *self,
                                          gint64         show_id);
gboolean   lw_window_select_episode      (LwWindow      *self,
                                          gint64         episode_id);
/* "empty" or the visible leaflet pane, "shows", "episodes" or "detail". */
const char *lw_window_get_visible_pane   (LwWindow      *self);

G_END_DECLS
