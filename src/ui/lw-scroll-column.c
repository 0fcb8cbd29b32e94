/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-scroll-column"

#include "config.h"

#include "lw-scroll-column.h"

struct _LwScrollColumn
{
  GtkWidget            parent_instance;

  GtkAdjustment       *adjustments[2];  /* by GtkOrientation */
  GtkScrollablePolicy  policies[2];
  GtkRoot             *root;            /* whose focus we follow */
  gboolean             allocating;
};

static void lw_scroll_column_scrollable_init (GtkScrollableInterface *iface);
static void lw_scroll_column_buildable_init  (GtkBuildableIface      *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwScrollColumn, lw_scroll_column, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, lw_scroll_column_scrollable_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, lw_scroll_column_buildable_init))

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS,

  /* GtkScrollable's */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

static void
on_value_changed (LwScrollColumn *self)
{
  /* Our own allocation sets the value too: that is already being laid out. */
  if (!self->allocating)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_adjustment (LwScrollColumn *self,
                GtkOrientation  orientation,
                GtkAdjustment  *adjustment)
{
  GtkAdjustment **slot = &self->adjustments[orientation];

  if (adjustment != NULL && adjustment == *slot)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, on_value_changed, self);
      g_object_unref (*slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (on_value_changed), self);

  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify (G_OBJECT (self), orientation == GTK_ORIENTATION_HORIZONTAL ? "hadjustment" : "vadjustment");
}

/* The least move of @adjustment that shows [start, start + size), its start first
 * if it cannot show it all. */
static void
scroll_to_view (GtkAdjustment *adjustment,
                double         start,
                double         size)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  if (start + size > value + page)
    value = start + size - page;
  if (start < value)
    value = start;

  gtk_adjustment_set_value (adjustment, value);
}

/* As GtkViewport does: a widget reached with Tab is scrolled into view. */
static void
on_focus_changed (LwScrollColumn *self)
{
  GtkWidget *focus = self->root ? gtk_root_get_focus (self->root) : NULL;
  graphene_rect_t bounds;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) ||
      !gtk_widget_compute_bounds (focus, GTK_WIDGET (self), &bounds))
    return;

  /* The bounds are where it is drawn now, the child being moved by the value. */
  scroll_to_view (self->adjustments[GTK_ORIENTATION_VERTICAL],
                  bounds.origin.y + gtk_adjustment_get_value (self->adjustments[GTK_ORIENTATION_VERTICAL]),
                  bounds.size.height);
}

static void
lw_scroll_column_root (GtkWidget *widget)
{
  LwScrollColumn *self = LW_SCROLL_COLUMN (widget);

  GTK_WIDGET_CLASS (lw_scroll_column_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  g_signal_connect_swapped (self->root, "notify::focus-widget", G_CALLBACK (on_focus_changed), self);
}

static void
lw_scroll_column_unroot (GtkWidget *widget)
{
  LwScrollColumn *self = LW_SCROLL_COLUMN (widget);

  if (self->root != NULL)
    g_signal_handlers_disconnect_by_func (self->root, on_focus_changed, self);
  self->root = NULL;

  GTK_WIDGET_CLASS (lw_scroll_column_parent_class)->unroot (widget);
}

static GtkSizeRequestMode
lw_scroll_column_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lw_scroll_column_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child == NULL || !gtk_widget_get_visible (child))
    return;

  /* A height for no width: the scrolled window around a column asks for it on
   * every measure and only uses it to propagate its natural height, which a column
   * that scrolls does not want. Measuring the child for it would lay every label
   * out at its natural width, for nothing. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    return;

  /* A column is as wide as its content asks, whatever the height: asked for a
   * height, wrapping labels would search for their width. */
  gtk_widget_measure (child, orientation,
                      orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                      minimum, natural, NULL, NULL);
}

static void
lw_scroll_column_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  LwScrollColumn *self = LW_SCROLL_COLUMN (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  GtkAdjustment *vadjustment = self->adjustments[GTK_ORIENTATION_VERTICAL];
  int child_width = width;
  int child_height = height;
  double value;

  if (child != NULL && gtk_widget_get_visible (child))
    {
      int minimum, natural;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      child_width = MAX (width, minimum);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &minimum, &natural, NULL, NULL);
      child_height = MAX (height, self->policies[GTK_ORIENTATION_VERTICAL] == GTK_SCROLL_MINIMUM ? minimum : natural);
    }

  self->allocating = TRUE;
  value = CLAMP (gtk_adjustment_get_value (vadjustment), 0, child_height - height);
  gtk_adjustment_configure (vadjustment, value, 0, child_height,
                            height * 0.1, height * 0.9, height);
  gtk_adjustment_configure (self->adjustments[GTK_ORIENTATION_HORIZONTAL], 0, 0, child_width,
                            width * 0.1, width * 0.9, width);
  self->allocating = FALSE;

  if (child != NULL && gtk_widget_get_visible (child))
    gtk_widget_allocate (child, child_width, child_height, -1,
                         gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, -value)));
}

static void
lw_scroll_column_dispose (GObject *object)
{
  LwScrollColumn *self = LW_SCROLL_COLUMN (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  for (guint i = 0; i < G_N_ELEMENTS (self->adjustments); i++)
    if (self->adjustments[i] != NULL)
      {
        g_signal_handlers_disconnect_by_func (self->adjustments[i], on_value_changed, self);
        g_clear_object (&self->adjustments[i]);
      }

  G_OBJECT_CLASS (lw_scroll_column_parent_class)->dispose (object);
}

static void
lw_scroll_column_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LwScrollColumn *self = LW_SCROLL_COLUMN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, lw_scroll_column_get_child (self));
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->adjustments[GTK_ORIENTATION_HORIZONTAL]);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->adjustments[GTK_ORIENTATION_VERTICAL]);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->policies[GTK_ORIENTATION_HORIZONTAL]);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->policies[GTK_ORIENTATION_VERTICAL]);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_policy (LwScrollColumn      *self,
            GtkOrientation       orientation,
            GtkScrollablePolicy  policy)
{
  if (self->policies[orientation] == policy)
    return;

  self->policies[orientation] = policy;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify (G_OBJECT (self), orientation == GTK_ORIENTATION_HORIZONTAL ? "hscroll-policy" : "vscroll-policy");
}

static void
lw_scroll_column_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LwScrollColumn *self = LW_SCROLL_COLUMN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      lw_scroll_column_set_child (self, g_value_get_object (value));
      break;

    case PROP_HADJUSTMENT:
      set_adjustment (self, GTK_ORIENTATION_HORIZONTAL, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, GTK_ORIENTATION_VERTICAL, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      set_policy (self, GTK_ORIENTATION_HORIZONTAL, g_value_get_enum (value));
      break;

    case PROP_VSCROLL_POLICY:
      set_policy (self, GTK_ORIENTATION_VERTICAL, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_scroll_column_class_init (LwScrollColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_scroll_column_dispose;
  object_class->get_property = lw_scroll_column_get_property;
  object_class->set_property = lw_scroll_column_set_property;

  widget_class->root = lw_scroll_column_root;
  widget_class->unroot = lw_scroll_column_unroot;
  widget_class->get_request_mode = lw_scroll_column_get_request_mode;
  widget_class->measure = lw_scroll_column_measure;
  widget_class->size_allocate = lw_scroll_column_size_allocate;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "viewport");
}

static void
lw_scroll_column_init (LwScrollColumn *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  set_adjustment (self, GTK_ORIENTATION_HORIZONTAL, NULL);
  set_adjustment (self, GTK_ORIENTATION_VERTICAL, NULL);
}

static gboolean
lw_scroll_column_get_border (GtkScrollable *scrollable,
                             GtkBorder     *border)
{
  return FALSE;
}

static void
lw_scroll_column_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = lw_scroll_column_get_border;
}

static void
lw_scroll_column_add_child (GtkBuildable *buildable,
                            GtkBuilder   *builder,
                            GObject      *child,
                            const char   *type)
{
  if (GTK_IS_WIDGET (child))
    lw_scroll_column_set_child (LW_SCROLL_COLUMN (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
lw_scroll_column_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = lw_scroll_column_add_child;
}

GtkWidget *
lw_scroll_column_new (void)
{
  return g_object_new (LW_TYPE_SCROLL_COLUMN, NULL);
}

GtkWidget *
lw_scroll_column_get_child (LwScrollColumn *self)
{
  g_return_val_if_fail (LW_IS_SCROLL_COLUMN (self), NULL);

  return gtk_widget_get_first_child (GTK_WIDGET (self));
}

void
lw_scroll_column_set_child (LwScrollColumn *self,
                            GtkWidget      *child)
{
  GtkWidget *old;

  g_return_if_fail (LW_IS_SCROLL_COLUMN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  old = gtk_widget_get_first_child (GTK_WIDGET (self));
  if (old == child)
    return;

  if (old != NULL)
    gtk_widget_unparent (old);
  if (child != NULL)
    gtk_widget_set_parent (child, GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
