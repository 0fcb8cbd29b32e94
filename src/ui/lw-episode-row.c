/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-episode-row"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-feed.h"
#include "core/lw-format.h"
#include "lw-episode-row.h"

struct _LwEpisodeRow
{
  GtkWidget       parent_instance;

  LwEpisode      *episode;

  GtkLabel       *title_label;
  GtkLabel       *meta_label;
  GtkProgressBar *progress_bar;
  GtkImage       *played_image;
};

G_DEFINE_FINAL_TYPE (LwEpisodeRow, lw_episode_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EPISODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
lw_episode_row_format_meta (gint64   published,
                            gint64   duration,
                            gint64   position_ms,
                            gboolean played)
{
  g_autofree char *date = NULL;
  g_autofree char *length = NULL;

  date = lw_format_date (published, g_get_real_time () / G_USEC_PER_SEC);

  if (!played && position_ms > 0 && duration > 0 && position_ms / 1000 < duration)
    {
      g_autofree char *left = lw_format_duration (duration - position_ms / 1000);

      /* Translators: the time left in an episode that was started, "12 min left" */
      length = g_strdup_printf (_("%s left"), left);
    }
  else
    length = lw_format_duration (duration);

  if (date != NULL && length != NULL)
    /* Translators: an episode's date and length, "Yesterday · 45 min" */
    return g_strdup_printf (_("%s · %s"), date, length);

  if (date != NULL)
    return g_steal_pointer (&date);

  return g_steal_pointer (&length);
}

static char *
lw_episode_row_format_meta_closure (gpointer instance,
                                    gint64   published,
                                    gint64   duration,
                                    gint64   position_ms,
                                    gboolean played)
{
  return lw_episode_row_format_meta (published, duration, position_ms, played);
}

static gboolean
lw_episode_row_in_progress (gpointer instance,
                            gint64   position_ms,
                            gboolean played)
{
  return !played && position_ms > 0;
}

static double
lw_episode_row_progress (gpointer instance,
                         gint64   duration,
                         gint64   position_ms,
                         gboolean played)
{
  if (played)
    return 1.0;
  if (duration <= 0)
    return 0.0;

  return CLAMP ((double) position_ms / 1000.0 / (double) duration, 0.0, 1.0);
}

static void
update_played (LwEpisodeRow *self)
{
  /* Played episodes step back so the new ones stand out. */
  if (self->episode != NULL && lw_episode_get_played (self->episode))
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
}

static void
lw_episode_row_dispose (GObject *object)
{
  LwEpisodeRow *self = (LwEpisodeRow *)object;
  GtkWidget *child;

  if (self->episode != NULL)
    g_signal_handlers_disconnect_by_func (self->episode, update_played, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_EPISODE_ROW);
  /* dispose_template() only unparents the children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->episode);

  G_OBJECT_CLASS (lw_episode_row_parent_class)->dispose (object);
}

static void
lw_episode_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LwEpisodeRow *self = LW_EPISODE_ROW (object);

  switch (prop_id)
    {
    case PROP_EPISODE:
      g_value_set_object (value, self->episode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LwEpisodeRow *self = LW_EPISODE_ROW (object);

  switch (prop_id)
    {
    case PROP_EPISODE:
      lw_episode_row_set_episode (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_row_class_init (LwEpisodeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_episode_row_dispose;
  object_class->get_property = lw_episode_row_get_property;
  object_class->set_property = lw_episode_row_set_property;

  properties[PROP_EPISODE] =
    g_param_spec_object ("episode", NULL, NULL,
                         LW_TYPE_EPISODE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-episode-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeRow, played_image);
  gtk_widget_class_bind_template_callback (widget_class, lw_episode_row_format_meta_closure);
  gtk_widget_class_bind_template_callback (widget_class, lw_episode_row_in_progress);
  gtk_widget_class_bind_template_callback (widget_class, lw_episode_row_progress);

  g_type_ensure (LW_TYPE_EPISODE);
}

static void
lw_episode_row_init (LwEpisodeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lw_episode_row_new (void)
{
  return g_object_new (LW_TYPE_EPISODE_ROW, NULL);
}

LwEpisode *
lw_episode_row_get_episode (LwEpisodeRow *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_ROW (self), NULL);

  return self->episode;
}

void
lw_episode_row_set_episode (LwEpisodeRow *self,
                            LwEpisode    *episode)
{
  g_return_if_fail (LW_IS_EPISODE_ROW (self));
  g_return_if_fail (!episode || LW_IS_EPISODE (episode));

  if (self->episode == episode)
    return;

  if (self->episode != NULL)
    g_signal_handlers_disconnect_by_func (self->episode, update_played, self);

  g_set_object (&self->episode, episode);

  if (episode != NULL)
    g_signal_connect_swapped (episode, "notify::played", G_CALLBACK (update_played), self);

  update_played (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPISODE]);
}
