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

/* What a toast puts around its title, besides its buttons, in libadwaita 1.2's
 * style: its margins (12 + 12), padding (12 + 6), the title's margins (6 + 6) and
 * the spacing before each button (6 + 6). */
#define TOAST_CHROME 66

/* The title is a label of our own (a custom title, libadwaita 1.2): plain text, so
 * no markup to escape, and wrapped rather than cut where the window is narrow.
 * libadwaita's own title is one line, so at 360 px "Could not subscribe to “…" was
 * all a toast said. The overlay sizes a toast by its natural width and the height
 * for that, then narrows it to the window: so the title's natural width is held to
 * the room the window leaves it, and the toast is as tall as the wrapped lines. */
#define LW_TYPE_TOAST_TITLE (lw_toast_title_get_type ())
G_DECLARE_FINAL_TYPE (LwToastTitle, lw_toast_title, LW, TOAST_TITLE, GtkWidget)

struct _LwToastTitle
{
  GtkWidget  parent_instance;

  GtkLabel  *label;
  int        room;        /* the room the last measure left the title, -1: any */
  guint      resize_idle;
};

G_DEFINE_FINAL_TYPE (LwToastTitle, lw_toast_title, GTK_TYPE_WIDGET)

/* The width the toast can give its title in its overlay as it is now; -1 before it
 * is in one. */
static int
room_for_title (LwToastTitle *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  GtkWidget *bin = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *toast = bin != NULL ? gtk_widget_get_parent (bin) : NULL;
  int room;

  if (overlay == NULL || toast == NULL || gtk_widget_get_width (overlay) <= 0)
    return -1;

  room = gtk_widget_get_width (overlay) - TOAST_CHROME;
  for (GtkWidget *child = gtk_widget_get_first_child (toast); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (child != bin && gtk_widget_should_layout (child))
      {
        int width;

        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
        room -= width;
      }

  return room;
}

static void
lw_toast_title_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  LwToastTitle *self = LW_TOAST_TITLE (widget);

  gtk_widget_measure (GTK_WIDGET (self->label), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      self->room = room_for_title (self);
      if (self->room >= 0)
        *natural = MAX (*minimum, MIN (*natural, self->room));
    }
}

static gboolean
resize_idle_cb (gpointer data)
{
  LwToastTitle *self = data;

  self->resize_idle = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
lw_toast_title_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  LwToastTitle *self = LW_TOAST_TITLE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->label), width, height, baseline, NULL);

  /* The window changed width under a toast it had measured: measure it again
   * (next time round: not from inside this allocation). */
  if (self->resize_idle == 0 && room_for_title (self) != self->room)
    self->resize_idle = g_idle_add (resize_idle_cb, self);
}

static GtkSizeRequestMode
lw_toast_title_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lw_toast_title_dispose (GObject *object)
{
  LwToastTitle *self = LW_TOAST_TITLE (object);

  g_clear_handle_id (&self->resize_idle, g_source_remove);
  if (self->label != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->label));
      self->label = NULL;
    }

  G_OBJECT_CLASS (lw_toast_title_parent_class)->dispose (object);
}

static void
lw_toast_title_class_init (LwToastTitleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_toast_title_dispose;
  widget_class->measure = lw_toast_title_measure;
  widget_class->size_allocate = lw_toast_title_size_allocate;
  widget_class->get_request_mode = lw_toast_title_get_request_mode;
}

static void
lw_toast_title_init (LwToastTitle *self)
{
  self->room = -1;
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  /* Four lines keep a short address and its reason whole at 360 px. */
  gtk_label_set_lines (self->label, 4);
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "heading");
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}

static GtkWidget *
new_title (const char *text)
{
  LwToastTitle *self = g_object_new (LW_TYPE_TOAST_TITLE, NULL);

  gtk_label_set_text (self->label, text ? text : "");

  return GTK_WIDGET (self);
}

AdwToast *
lw_toast_new_plain (const char *text)
{
  AdwToast *toast = adw_toast_new ("");

  adw_toast_set_custom_title (toast, new_title (text));

  return toast;
}

void
lw_toast_set_plain_title (AdwToast   *toast,
                          const char *text)
{
  GtkWidget *title;

  g_return_if_fail (ADW_IS_TOAST (toast));

  title = adw_toast_get_custom_title (toast);
  if (LW_IS_TOAST_TITLE (title))
    gtk_label_set_text (LW_TOAST_TITLE (title)->label, text ? text : "");
  else
    adw_toast_set_custom_title (toast, new_title (text));
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
