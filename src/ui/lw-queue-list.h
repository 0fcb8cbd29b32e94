/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-library.h"
#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_QUEUE_LIST (lw_queue_list_get_type ())

G_DECLARE_FINAL_TYPE (LwQueueList, lw_queue_list, LW, QUEUE_LIST, GtkWidget)

/* "Up Next": the library's queue without the episode playing, as a boxed list. Rows
 * move by drag and drop, by Alt+Up/Alt+Down, or from their menu (Play Now, Play Next,
 * Move Up, Move Down) and have a Remove button. Every change goes to the library at
 * once. The library and player are set with the setters (both nullable). Actions,
 * each taking the
 * episode id (x): queue.play, queue.play-next, queue.move-up, queue.move-down,
 * queue.remove. */
GtkWidget   *lw_queue_list_new         (void);
void         lw_queue_list_set_library (LwQueueList *self,
                                        LwLibrary   *library);
void         lw_queue_list_set_player  (LwQueueList *self,
                                        LwPlayer    *player);
/* (transfer none): the episodes shown, in order; for tests. */
GListModel  *lw_queue_list_get_model   (LwQueueList *self);
/* (transfer none): the list box; for tests. */
GtkListBox  *lw_queue_list_get_list_box (LwQueueList *self);

G_END_DECLS
