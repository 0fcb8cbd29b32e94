/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-artwork.h"
#include "lw-show-tile.h"

struct _LwShowTile
{
  GtkWidget  parent_instance;

  LwShow    *show;

  LwArtwork *artwork;
  GtkInscription *title_label;
  GtkInscription *unplayed_label;

  /* The title's lines at title_width, 0 when not known: see count_title_lines(). */
  int        title_lines;
  int        title_width;
};

G_DEFINE_FINAL_TYPE (LwShowTile, lw_show_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
lw_show_tile_format_unplayed (guint unplayed)
{
  if (unplayed == 0)
    return g_strdup ("");

  /* Translators: unplayed episodes of a show, under its artwork */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new", "%u new", unplayed), unplayed);
}

/* The grid cell is what a screen reader lands on: it says the whole tile. */
static void
update_counts (LwShowTile *self)
{
  const char *title = self->show ? lw_show_get_title (self->show) : NULL;
  g_autofree char *unplayed = NULL;
  g_autofree char *accessible = NULL;
  guint n = 0;

  if (self->show != NULL)
    n = lw_show_get_unplayed_count (self->show);

  unplayed = lw_show_tile_format_unplayed (n);
  gtk_inscription_set_text (self->unplayed_label, unplayed);
  if (g_strcmp0 (gtk_inscription_get_text (self->title_label), title ?: "") != 0)
    {
      gtk_inscription_set_text (self->title_label, title ?: "");
      self->title_lines = 0;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
  lw_artwork_set_url (self->artwork, self->show ? lw_show_get_image_url (self->show) : NULL);

  if (self->show == NULL)
    accessible = g_strdup ("");
  else if (n == 0)
    accessible = g_strdup (lw_show_get_title (self->show) ?: "");
  else
    /* Translators: the accessible name of a show's tile: title, then how many unplayed */
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u unplayed episode",
                                               "%s, %u unplayed episodes", n),
                                  lw_show_get_title (self->show) ?: "", n);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
lw_show_tile_dispose (GObject *object)
{
  LwShowTile *self = (LwShowTile *)object;

  lw_show_tile_set_show (self, NULL);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lw_show_tile_parent_class)->dispose (object);
}

static void
lw_show_tile_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LwShowTile *self = LW_SHOW_TILE (object);

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
lw_show_tile_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LwShowTile *self = LW_SHOW_TILE (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      lw_show_tile_set_show (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A column of artwork, title and count, as wide as the artwork asks: the texts take
 * the width they are given and wrap or ellipsize in it. Measuring them for width
 * too costs a font metrics lookup per text and measure, for a width the artwork
 * sets anyway. */
#define SPACING 6

static GtkSizeRequestMode
lw_show_tile_get_request_mode (GtkWidget *widget)
{
  /* The title wraps: its height depends on the width given. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lw_show_tile_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  LwShowTile *self = LW_SHOW_TILE (widget);
  int width = for_size;
  int spacing = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (GTK_WIDGET (self->artwork), orientation, -1, minimum, natural, NULL, NULL);
      return;
    }

  if (width < 0)
    gtk_widget_measure (GTK_WIDGET (self->artwork), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int child_min;
      int child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, width, &child_min, &child_nat, NULL, NULL);
      *minimum += child_min + spacing;
      *natural += child_nat + spacing;
      spacing = SPACING;
    }
}

/* How many lines the title takes at @width, one or two. Laid out once per title and
 * width (a grid gives all its tiles one width), and only for the tiles allocated:
 * those on screen. */
static int
count_title_lines (LwShowTile *self,
                   int         width)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (self->title_lines > 0 && self->title_width == width)
    return self->title_lines;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->title_label),
                                           gtk_inscription_get_text (self->title_label));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  self->title_lines = CLAMP (pango_layout_get_line_count (layout), 1, 2);
  self->title_width = width;

  return self->title_lines;
}

/* Every tile is as tall as a two-line title, so a row's tiles line up; the count
 * comes right under the title's last line, as a caption under its title (the way
 * GNOME Music's album tiles and Files' icons read), not under a blank line. */
static void
lw_show_tile_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  LwShowTile *self = LW_SHOW_TILE (widget);
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_height, NULL, NULL);
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, child_height }, -1);

      /* The title's allocation holds two lines; the lines after its text are empty. */
      if (child == GTK_WIDGET (self->title_label) && count_title_lines (self, width) == 1)
        child_height /= 2;

      y += child_height + SPACING;
    }
}

static void
lw_show_tile_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lw_show_tile_parent_class)->css_changed (widget, change);

  /* Another font (large text) wraps the title elsewhere. */
  LW_SHOW_TILE (widget)->title_lines = 0;
}

static void
lw_show_tile_class_init (LwShowTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_show_tile_dispose;
  object_class->get_property = lw_show_tile_get_property;
  object_class->set_property = lw_show_tile_set_property;

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         LW_TYPE_SHOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->get_request_mode = lw_show_tile_get_request_mode;
  widget_class->measure = lw_show_tile_measure;
  widget_class->size_allocate = lw_show_tile_size_allocate;
  widget_class->css_changed = lw_show_tile_css_changed;

  gtk_widget_class_set_css_name (widget_class, "showtile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (LW_TYPE_ARTWORK);
  g_type_ensure (LW_TYPE_SHOW);
}

/* Built in code, not from a template: a grid of a thousand shows creates hundreds of
 * tiles at once, and GtkBuilder would parse XML for each. */
static void
lw_show_tile_init (LwShowTile *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_set_margin_top (widget, 6);
  gtk_widget_set_margin_bottom (widget, 6);
  gtk_widget_set_margin_start (widget, 6);
  gtk_widget_set_margin_end (widget, 6);

  self->artwork = LW_ARTWORK (lw_artwork_new (144));
  gtk_widget_set_halign (GTK_WIDGET (self->artwork), GTK_ALIGN_CENTER);
  gtk_widget_set_parent (GTK_WIDGET (self->artwork), widget);

  /* GtkInscription, not GtkLabel: the grid measures every tile it makes (hundreds
   * at once in GTK 4.8), and an inscription is measured by its font's line height,
   * where a wrapping label shapes its text for every width asked. Two lines always,
   * so the tiles of a row line up; the text is laid out only when drawn. */
  self->title_label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_lines (self->title_label, 2);
  gtk_inscription_set_nat_lines (self->title_label, 2);
  gtk_inscription_set_xalign (self->title_label, 0.5);
  gtk_inscription_set_yalign (self->title_label, 0);
  gtk_inscription_set_wrap_mode (self->title_label, PANGO_WRAP_WORD_CHAR);
  gtk_inscription_set_text_overflow (self->title_label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_widget_set_parent (GTK_WIDGET (self->title_label), widget);

  self->unplayed_label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_xalign (self->unplayed_label, 0.5);
  gtk_widget_add_css_class (GTK_WIDGET (self->unplayed_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->unplayed_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->unplayed_label), "numeric");
  gtk_widget_set_parent (GTK_WIDGET (self->unplayed_label), widget);
}

GtkWidget *
lw_show_tile_new (void)
{
  return g_object_new (LW_TYPE_SHOW_TILE, NULL);
}

LwShow *
lw_show_tile_get_show (LwShowTile *self)
{
  g_return_val_if_fail (LW_IS_SHOW_TILE (self), NULL);

  return self->show;
}

void
lw_show_tile_set_show (LwShowTile *self,
                       LwShow     *show)
{
  g_return_if_fail (LW_IS_SHOW_TILE (self));
  g_return_if_fail (!show || LW_IS_SHOW (show));

  if (self->show == show)
    return;

  if (self->show != NULL)
    g_signal_handlers_disconnect_by_func (self->show, update_counts, self);

  g_set_object (&self->show, show);

  if (show != NULL)
    {
      g_signal_connect_swapped (show, "notify::unplayed-count", G_CALLBACK (update_counts), self);
      g_signal_connect_swapped (show, "notify::title", G_CALLBACK (update_counts), self);
      g_signal_connect_swapped (show, "notify::image-url", G_CALLBACK (update_counts), self);
    }

  update_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}
