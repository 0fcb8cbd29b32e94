/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_CHAPTER_LIST (lw_chapter_list_get_type ())

G_DECLARE_FINAL_TYPE (LwChapterList, lw_chapter_list, LW, CHAPTER_LIST, GtkWidget)

/* The episode's chapters as a boxed list: start time and title, the one playing
 * highlighted; activating a row seeks there. Hides itself when the episode has no
 * chapters. The player is set with the setter (nullable). */
GtkWidget *lw_chapter_list_new        (void);
void       lw_chapter_list_set_player (LwChapterList *self,
                                       LwPlayer      *player);
/* (transfer none): the list box; for tests. */
GtkListBox *lw_chapter_list_get_list_box (LwChapterList *self);

G_END_DECLS
