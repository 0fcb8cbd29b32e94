/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-after-frame"

#include "config.h"

#include <time.h>

#include "lw-after-frame.h"

static void
disconnect_clock (LwAfterFrame *self)
{
  /* A frame clock going away (with its window) has let go of its handlers. */
  if (self->paint_id != 0 && g_signal_handler_is_connected (self->clock, self->paint_id))
    g_signal_handler_disconnect (self->clock, self->paint_id);
  self->paint_id = 0;
  g_clear_object (&self->clock);
}

static gboolean
on_idle (gpointer data)
{
  LwAfterFrame *self = data;

  self->idle_id = 0;
  /* The callback may schedule again. */
  self->callback (self->data);

  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                LwAfterFrame  *self)
{
  disconnect_clock (self);
  /* After the frame, not in it: an idle runs once the frame clock is done. */
  self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_idle, self, NULL);
}

gboolean
lw_after_frame_schedule (LwAfterFrame *self,
                         GtkWidget    *widget,
                         GSourceFunc   callback,
                         gpointer      data)
{
  GdkFrameClock *clock;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (callback != NULL, FALSE);

  lw_after_frame_cancel (self);
  clock = gtk_widget_get_mapped (widget) ? gtk_widget_get_frame_clock (widget) : NULL;
  if (clock == NULL)
    return FALSE;

  self->callback = callback;
  self->data = data;
  self->clock = g_object_ref (clock);
  self->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);

  return TRUE;
}

void
lw_after_frame_cancel (LwAfterFrame *self)
{
  g_return_if_fail (self != NULL);

  disconnect_clock (self);
  g_clear_handle_id (&self->idle_id, g_source_remove);
}

gboolean
lw_after_frame_is_pending (LwAfterFrame *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->paint_id != 0 || self->idle_id != 0;
}

gint64
lw_after_frame_thread_cpu_us (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return g_get_monotonic_time ();

  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}
