/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-seek-control"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-format.h"
#include "lw-seek-control.h"

struct _LwSeekControl
{
  GObject       parent_instance;

  LwPlayer     *player;
  GSignalGroup *player_signals;

  /* Weak: the template owns the widgets. */
  GtkLabel     *elapsed_label;
  GtkScale     *scale;
  GtkLabel     *remaining_label;
};

G_DEFINE_FINAL_TYPE (LwSeekControl, lw_seek_control, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAYER,
  PROP_ELAPSED_LABEL,
  PROP_SCALE,
  PROP_REMAINING_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_time (LwSeekControl *self)
{
  gint64 position = 0;
  gint64 duration = 0;
  double rate = 1.0;
  g_autofree char *elapsed = NULL;
  g_autofree char *remaining = NULL;
  GtkAdjustment *adjustment;

  if (self->elapsed_label == NULL || self->scale == NULL || self->remaining_label == NULL)
    return;

  if (self->player != NULL)
    {
      position = MAX (0, lw_player_get_position (self->player));
      duration = MAX (0, lw_player_get_duration (self->player));
      rate = lw_player_get_rate (self->player);
    }

  adjustment = gtk_range_get_adjustment (GTK_RANGE (self->scale));
  elapsed = lw_format_clock (position / 1000);
  gtk_label_set_label (self->elapsed_label, elapsed);

  if (duration > 0)
    {
      /* What the listener waits, not what the file holds. */
      gint64 left = (gint64) (MAX (0, duration - position) / MAX (rate, 0.1) / 1000);

      remaining = lw_format_clock (-left);
      gtk_adjustment_configure (adjustment, MIN (position, duration), 0, duration, 5000, 30000, 0);
    }
  else
    {
      /* A live stream or one whose length is not known yet. */
      remaining = g_strdup ("");
      gtk_adjustment_configure (adjustment, 0, 0, 1, 5000, 30000, 0);
    }

  gtk_label_set_label (self->remaining_label, remaining);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), duration > 0);
}

static gboolean
on_scale_change_value (LwSeekControl *self,
                       GtkScrollType  scroll,
                       double         value,
                       GtkRange      *range)
{
  if (self->player != NULL)
    lw_player_seek (self->player, (gint64) value);

  return FALSE;
}

static void
set_widget (LwSeekControl  *self,
            gpointer       *field,
            GtkWidget      *widget)
{
  g_assert (*field == NULL);

  if (widget == NULL)
    return;

  *field = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), field);

  if (GTK_IS_SCALE (widget))
    {
      g_signal_connect_object (widget, "change-value", G_CALLBACK (on_scale_change_value),
                               self, G_CONNECT_SWAPPED);
      gtk_scale_set_draw_value (GTK_SCALE (widget), FALSE);
    }
  else
    gtk_widget_add_css_class (widget, "numeric");
}

static void
lw_seek_control_constructed (GObject *object)
{
  LwSeekControl *self = (LwSeekControl *)object;

  G_OBJECT_CLASS (lw_seek_control_parent_class)->constructed (object);

  if (self->remaining_label != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->remaining_label), _("Time left at this speed"));
  update_time (self);
}

static void
lw_seek_control_dispose (GObject *object)
{
  LwSeekControl *self = (LwSeekControl *)object;

  g_clear_object (&self->player_signals);
  g_clear_object (&self->player);
  g_clear_weak_pointer (&self->elapsed_label);
  g_clear_weak_pointer (&self->scale);
  g_clear_weak_pointer (&self->remaining_label);

  G_OBJECT_CLASS (lw_seek_control_parent_class)->dispose (object);
}

static void
lw_seek_control_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LwSeekControl *self = LW_SEEK_CONTROL (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;

    case PROP_ELAPSED_LABEL:
      g_value_set_object (value, self->elapsed_label);
      break;

    case PROP_SCALE:
      g_value_set_object (value, self->scale);
      break;

    case PROP_REMAINING_LABEL:
      g_value_set_object (value, self->remaining_label);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_seek_control_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LwSeekControl *self = LW_SEEK_CONTROL (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      lw_seek_control_set_player (self, g_value_get_object (value));
      break;

    case PROP_ELAPSED_LABEL:
      set_widget (self, (gpointer *) &self->elapsed_label, g_value_get_object (value));
      break;

    case PROP_SCALE:
      set_widget (self, (gpointer *) &self->scale, g_value_get_object (value));
      break;

    case PROP_REMAINING_LABEL:
      set_widget (self, (gpointer *) &self->remaining_label, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_seek_control_class_init (LwSeekControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lw_seek_control_constructed;
  object_class->dispose = lw_seek_control_dispose;
  object_class->get_property = lw_seek_control_get_property;
  object_class->set_property = lw_seek_control_set_property;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL,
                         LW_TYPE_PLAYER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ELAPSED_LABEL] =
    g_param_spec_object ("elapsed-label", NULL, NULL,
                         GTK_TYPE_LABEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SCALE] =
    g_param_spec_object ("scale", NULL, NULL,
                         GTK_TYPE_SCALE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMAINING_LABEL] =
    g_param_spec_object ("remaining-label", NULL, NULL,
                         GTK_TYPE_LABEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_seek_control_init (LwSeekControl *self)
{
  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::position", G_CALLBACK (update_time), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::duration", G_CALLBACK (update_time), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::rate", G_CALLBACK (update_time), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::episode", G_CALLBACK (update_time), self);
}

LwPlayer *
lw_seek_control_get_player (LwSeekControl *self)
{
  g_return_val_if_fail (LW_IS_SEEK_CONTROL (self), NULL);

  return self->player;
}

void
lw_seek_control_set_player (LwSeekControl *self,
                            LwPlayer      *player)
{
  g_return_if_fail (LW_IS_SEEK_CONTROL (self));
  g_return_if_fail (!player || LW_IS_PLAYER (player));

  if (!g_set_object (&self->player, player))
    return;

  g_signal_group_set_target (self->player_signals, player);
  update_time (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}
