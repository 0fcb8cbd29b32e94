/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show-row"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-artwork.h"
#include "lw-show-row.h"

struct _LwShowRow
{
  GtkWidget  parent_instance;

  LwShow    *show;

  LwArtwork *artwork;
  GtkLabel  *title_label;
  GtkLabel  *author_label;
};

G_DEFINE_FINAL_TYPE (LwShowRow, lw_show_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
lw_show_row_has_text (gpointer    instance,
                      const char *text)
{
  return text != NULL && text[0] != '\0';
}

static void
lw_show_row_dispose (GObject *object)
{
  LwShowRow *self = (LwShowRow *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_SHOW_ROW);
  /* dispose_template() only unparents the children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->show);

  G_OBJECT_CLASS (lw_show_row_parent_class)->dispose (object);
}

static void
lw_show_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LwShowRow *self = LW_SHOW_ROW (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_show_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LwShowRow *self = LW_SHOW_ROW (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      lw_show_row_set_show (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_show_row_class_init (LwShowRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_show_row_dispose;
  object_class->get_property = lw_show_row_get_property;
  object_class->set_property = lw_show_row_set_property;

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         LW_TYPE_SHOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-show-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LwShowRow, artwork);
  gtk_widget_class_bind_template_child (widget_class, LwShowRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwShowRow, author_label);
  gtk_widget_class_bind_template_callback (widget_class, lw_show_row_has_text);

  g_type_ensure (LW_TYPE_ARTWORK);
  g_type_ensure (LW_TYPE_SHOW);
}

static void
lw_show_row_init (LwShowRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lw_show_row_new (void)
{
  return g_object_new (LW_TYPE_SHOW_ROW, NULL);
}

LwShow *
lw_show_row_get_show (LwShowRow *self)
{
  g_return_val_if_fail (LW_IS_SHOW_ROW (self), NULL);

  return self->show;
}

void
lw_show_row_set_show (LwShowRow *self,
                      LwShow    *show)
{
  g_return_if_fail (LW_IS_SHOW_ROW (self));
  g_return_if_fail (!show || LW_IS_SHOW (show));

  if (g_set_object (&self->show, show))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}
