/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_CHAPTERS_VIEW (lw_chapters_view_get_type ())

G_DECLARE_FINAL_TYPE (LwChaptersView, lw_chapters_view, LW, CHAPTERS_VIEW, GtkWidget)

/* The episode's chapters as a boxed list: start time and title, the one playing
 * highlighted; activating a row seeks there. Below, why some are missing when a
 * source of chapters failed (LwPlayer:chapters-error). Hides itself when the episode
 * has no chapters and nothing failed. The player is set with the setter (nullable). */
GtkWidget *lw_chapters_view_new        (void);
void       lw_chapters_view_set_player (LwChaptersView *self,
                                       LwPlayer      *player);
/* (transfer none): the label saying why some chapters are missing (visible then);
 * for tests. */
GtkLabel   *lw_chapters_view_get_error_label (LwChaptersView *self);
/* (transfer none): the list box; for tests. */
GtkListBox *lw_chapters_view_get_list_box (LwChaptersView *self);

G_END_DECLS
