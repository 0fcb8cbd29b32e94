/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-toast.h"

/* libadwaita 1.2's hide animation (HIDE_DURATION), and a little more. */
#define FADE_OUT_USEC ((300 + 60) * G_TIME_SPAN_MILLISECOND)
#define GATE_KEY "lw-toast-gate"

typedef struct
{
  AdwToastOverlay *overlay;      /* not owned: the gate is the overlay's data */
  gint64           faded_at;     /* monotonic time the last dismissed toast is gone */
  GQueue           held;         /* AdwToast, owned, in order */
  guint            source;
} ToastGate;

AdwToast *
lw_toast_new_plain (const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text ? text : "", -1);

  return adw_toast_new (markup);
}

void
lw_toast_set_plain_title (AdwToast   *toast,
                          const char *text)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (ADW_IS_TOAST (toast));

  markup = g_markup_escape_text (text ? text : "", -1);
  adw_toast_set_title (toast, markup);
}

AdwToast *
lw_toast_new_action (const char *text,
                     const char *button_label)
{
  AdwToast *toast = lw_toast_new_plain (text);

  g_return_val_if_fail (button_label != NULL, toast);

  adw_toast_set_button_label (toast, button_label);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  return toast;
}

AdwToast *
lw_toast_new_retry (const char *text)
{
  return lw_toast_new_action (text, _("_Retry"));
}

static void
toast_gate_free (gpointer data)
{
  ToastGate *gate = data;

  g_clear_handle_id (&gate->source, g_source_remove);
  g_queue_clear_full (&gate->held, g_object_unref);
  g_free (gate);
}

static void
on_overlay_destroy (AdwToastOverlay *overlay)
{
  g_object_set_data (G_OBJECT (overlay), GATE_KEY, NULL);
}

static void
on_toast_dismissed (AdwToastOverlay *overlay)
{
  ToastGate *gate = g_object_get_data (G_OBJECT (overlay), GATE_KEY);

  if (gate != NULL)
    gate->faded_at = g_get_monotonic_time () + FADE_OUT_USEC;
}

static void
show_now (ToastGate *gate,
          AdwToast  *toast)
{
  /* Before the overlay's own handler: the time is known whatever it does. */
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed),
                           gate->overlay, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (gate->overlay, toast);
}

static gboolean
release_held (gpointer data)
{
  ToastGate *gate = data;
  gint64 now = g_get_monotonic_time ();

  gate->source = 0;

  /* Another toast may have gone meanwhile: wait for that one too. */
  if (now < gate->faded_at)
    {
      gate->source = g_timeout_add ((gate->faded_at - now) / G_TIME_SPAN_MILLISECOND + 1, release_held, gate);
      return G_SOURCE_REMOVE;
    }

  while (!g_queue_is_empty (&gate->held))
    show_now (gate, g_queue_pop_head (&gate->held));

  return G_SOURCE_REMOVE;
}

void
lw_toast_overlay_add (AdwToastOverlay *overlay,
                      AdwToast        *toast)
{
  ToastGate *gate;
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (!(gate = g_object_get_data (G_OBJECT (overlay), GATE_KEY)))
    {
      gate = g_new0 (ToastGate, 1);
      gate->overlay = overlay;
      g_queue_init (&gate->held);
      g_object_set_data_full (G_OBJECT (overlay), GATE_KEY, gate, toast_gate_free);
      /* Toasts held back for a window that closes are dropped with it. */
      g_signal_connect (overlay, "destroy", G_CALLBACK (on_overlay_destroy), NULL);
    }

  if (now >= gate->faded_at && g_queue_is_empty (&gate->held))
    {
      show_now (gate, toast);
      return;
    }

  g_queue_push_tail (&gate->held, toast);
  if (gate->source == 0)
    gate->source = g_timeout_add ((MAX (gate->faded_at - now, 0)) / G_TIME_SPAN_MILLISECOND + 1, release_held, gate);
}
