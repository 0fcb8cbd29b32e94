/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-columns"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-columns.h"

/* Between the columns when side by side, and between the two when stacked (where
 * the children's own margins space them: the end child scrolls, and its top
 * margin scrolls with it). */
#define WIDE_SPACING    48
#define STACKED_SPACING 0

struct _LwColumns
{
  GtkWidget  parent_instance;

  GtkWidget *start;
  GtkWidget *end;
  gboolean   wide;
};

static void lw_columns_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwColumns, lw_columns, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, lw_columns_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static gboolean
is_wide (int width)
{
  return width >= 2 * LW_COLUMNS_MIN_WIDTH + WIDE_SPACING;
}

/* The width each child gets at @width. */
static int
column_width (int width)
{
  if (is_wide (width))
    return MIN ((width - WIDE_SPACING) / 2, LW_COLUMNS_MAX_WIDTH);

  return MIN (width, LW_COLUMNS_MAX_WIDTH);
}

static void
child_height (GtkWidget *child,
              int        width,
              int       *minimum,
              int       *natural)
{
  *minimum = *natural = 0;

  if (child == NULL || !gtk_widget_should_layout (child))
    return;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, minimum, natural, NULL, NULL);
}

/* The height @child would like at @width; for a scrolled window, that of what it
 * scrolls: GTK 4.8's GtkScrolledWindow does not pass the width on when measuring
 * its natural height, and wrapped text there comes out too short. */
static int
natural_height (GtkWidget *child,
                int        width)
{
  int minimum, natural;

  if (GTK_IS_SCROLLED_WINDOW (child) &&
      gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child)) != NULL)
    child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child));

  child_height (child, width, &minimum, &natural);
  return natural;
}

static void
child_width (GtkWidget *child,
             int       *minimum,
             int       *natural)
{
  *minimum = *natural = 0;

  if (child == NULL || !gtk_widget_should_layout (child))
    return;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, minimum, natural, NULL, NULL);
}

static GtkSizeRequestMode
lw_columns_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lw_columns_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  LwColumns *self = LW_COLUMNS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int start_min, start_nat, end_min, end_nat;

      child_width (self->start, &start_min, &start_nat);
      child_width (self->end, &end_min, &end_nat);

      /* Stacked is the narrowest it gets; side by side is what it would like. */
      *minimum = MAX (start_min, end_min);
      *natural = MAX (*minimum, MIN (start_nat, LW_COLUMNS_MAX_WIDTH) + WIDE_SPACING +
                                MIN (end_nat, LW_COLUMNS_MAX_WIDTH));
    }
  else
    {
      int width = for_size;
      int start_min, start_nat, end_min, end_nat;

      /* No width given: as narrow as the children go, stacked. */
      if (width < 0)
        {
          int min, nat;

          lw_columns_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          width = min;
        }

      child_height (self->start, column_width (width), &start_min, &start_nat);
      child_height (self->end, column_width (width), &end_min, &end_nat);

      if (is_wide (width))
        {
          *minimum = MAX (start_min, end_min);
          *natural = MAX (start_nat, end_nat);
        }
      else
        {
          /* Stacked, both get all the height they would like: when the end child
           * is a scrolled window it scrolls with the start one (whatever holds the
           * columns scrolls), not on its own in what is left below it. */
          *minimum = start_nat + STACKED_SPACING + natural_height (self->end, column_width (width));
          *natural = *minimum;
        }
    }
}

static void
allocate_child (GtkWidget *child,
                int        x,
                int        y,
                int        width,
                int        height)
{
  GtkAllocation allocation = { x, y, width, height };

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_size_allocate (child, &allocation, -1);
}

static void
lw_columns_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  LwColumns *self = LW_COLUMNS (widget);
  int cw = column_width (width);
  int start_min, start_nat, end_min, end_nat;

  self->wide = is_wide (width);

  child_height (self->start, cw, &start_min, &start_nat);
  child_height (self->end, cw, &end_min, &end_nat);

  if (self->wide)
    {
      int x = (width - (2 * cw + WIDE_SPACING)) / 2;

      /* Both from the top: the controls stay level with the start of the lists.
       * The end child gets the height there is, not what it would like: a scrolled
       * window there scrolls the lists while the start column stays put. */
      allocate_child (self->start, x, 0, cw, MAX (start_nat, height));
      allocate_child (self->end, x + cw + WIDE_SPACING, 0, cw, MAX (end_min, height));
    }
  else
    {
      int x = (width - cw) / 2;
      int start_height = MAX (start_min, MIN (start_nat, height));

      allocate_child (self->start, x, 0, cw, start_height);
      allocate_child (self->end, x, start_height + STACKED_SPACING, cw,
                      MAX (end_min, height - start_height - STACKED_SPACING));
    }
}

static void
lw_columns_dispose (GObject *object)
{
  LwColumns *self = LW_COLUMNS (object);

  g_clear_pointer (&self->start, gtk_widget_unparent);
  g_clear_pointer (&self->end, gtk_widget_unparent);

  G_OBJECT_CLASS (lw_columns_parent_class)->dispose (object);
}

static void
lw_columns_class_init (LwColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_columns_dispose;

  widget_class->get_request_mode = lw_columns_get_request_mode;
  widget_class->measure = lw_columns_measure;
  widget_class->size_allocate = lw_columns_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "columns");
}

static void
lw_columns_init (LwColumns *self)
{
}

static void
lw_columns_buildable_add_child (GtkBuildable *buildable,
                                GtkBuilder   *builder,
                                GObject      *child,
                                const char   *type)
{
  LwColumns *self = LW_COLUMNS (buildable);

  if (GTK_IS_WIDGET (child) && type == NULL && (self->start == NULL || self->end == NULL))
    lw_columns_set_children (self,
                             self->start != NULL ? self->start : GTK_WIDGET (child),
                             self->start != NULL ? GTK_WIDGET (child) : NULL);
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
lw_columns_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = lw_columns_buildable_add_child;
}

GtkWidget *
lw_columns_new (void)
{
  return g_object_new (LW_TYPE_COLUMNS, NULL);
}

void
lw_columns_set_children (LwColumns *self,
                         GtkWidget *start,
                         GtkWidget *end)
{
  g_return_if_fail (LW_IS_COLUMNS (self));
  g_return_if_fail (start == NULL || GTK_IS_WIDGET (start));
  g_return_if_fail (end == NULL || GTK_IS_WIDGET (end));

  if (self->start != start)
    {
      g_clear_pointer (&self->start, gtk_widget_unparent);
      self->start = start;
      if (start != NULL)
        gtk_widget_set_parent (start, GTK_WIDGET (self));
    }

  if (self->end != end)
    {
      g_clear_pointer (&self->end, gtk_widget_unparent);
      self->end = end;
      if (end != NULL)
        gtk_widget_insert_after (end, GTK_WIDGET (self), self->start);
    }
}

gboolean
lw_columns_get_wide (LwColumns *self)
{
  g_return_val_if_fail (LW_IS_COLUMNS (self), FALSE);

  return self->wide;
}
