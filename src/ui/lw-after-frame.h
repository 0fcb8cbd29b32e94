/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A call put off until after the next frame a widget's window paints: work that would
 * make that frame late (a page laid out for the first time) comes in an idle after
 * it, in a frame of its own. Kept by value in its owner, zeroed; cancel it in dispose. */
typedef struct
{
  GdkFrameClock *clock;
  gulong         paint_id;
  guint          idle_id;
  GSourceFunc    callback;
  gpointer       data;
} LwAfterFrame;

/* FALSE, and nothing scheduled, when @widget is not on screen: no frame will come. */
gboolean lw_after_frame_schedule   (LwAfterFrame *self,
                                    GtkWidget    *widget,
                                    GSourceFunc   callback,
                                    gpointer      data);
void     lw_after_frame_cancel     (LwAfterFrame *self);
gboolean lw_after_frame_is_pending (LwAfterFrame *self);

/* The CPU time this thread has used, in µs: what a frame's work costs, whatever
 * else the machine runs meanwhile. */
gint64   lw_after_frame_thread_cpu_us (void);

G_END_DECLS
