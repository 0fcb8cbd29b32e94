/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

#define LW_TYPE_NOW_PLAYING_VIEW (lw_now_playing_view_get_type ())

G_DECLARE_FINAL_TYPE (LwNowPlayingView, lw_now_playing_view, LW, NOW_PLAYING_VIEW, GtkWidget)

/* A whole page of the main window, with its own header bar. The window hosts it;
 * the widget talks to the application's services itself: large artwork, titles, the
 * seek bar, every playback control, the chapters and the queue ("Up Next"). Its
 * header bar's collapse button activates library.back, the window's Back (Escape),
 * which leaves the view. */
GtkWidget *lw_now_playing_view_new (LwApplication *application);

G_END_DECLS
