/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-text-direction"

#include "config.h"

#include "lw-text-direction.h"

GtkTextDirection
lw_text_direction_of (const char *text,
                      GtkWidget  *widget)
{
  PangoDirection direction = PANGO_DIRECTION_NEUTRAL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), GTK_TEXT_DIR_LTR);

  /* Deprecated without a replacement that does not lay the text out; this one stops
   * at the first letter with a direction, which a row can afford on every bind. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (text != NULL)
    direction = pango_find_base_dir (text, -1);
  G_GNUC_END_IGNORE_DEPRECATIONS

  switch (direction)
    {
    case PANGO_DIRECTION_RTL:
    case PANGO_DIRECTION_TTB_RTL:
    case PANGO_DIRECTION_WEAK_RTL:
      return GTK_TEXT_DIR_RTL;

    case PANGO_DIRECTION_LTR:
    case PANGO_DIRECTION_TTB_LTR:
    case PANGO_DIRECTION_WEAK_LTR:
      return GTK_TEXT_DIR_LTR;

    case PANGO_DIRECTION_NEUTRAL:
    default:
      return gtk_widget_get_direction (widget);
    }
}

void
lw_text_direction_align (GtkWidget        *widget,
                         GtkTextDirection  direction)
{
  g_return_if_fail (GTK_IS_LABEL (widget) || GTK_IS_INSCRIPTION (widget));
  g_return_if_fail (direction == GTK_TEXT_DIR_LTR || direction == GTK_TEXT_DIR_RTL);

  /* The two widgets read xalign differently. A label places its laid-out text by
   * xalign from the widget's start, whichever way the text runs, so 0 is the
   * locale's start. An inscription lays its text out over its whole width and Pango
   * aligns each paragraph to its own start (auto-dir), so 0 is the text's start. */
  if (GTK_IS_LABEL (widget))
    gtk_label_set_xalign (GTK_LABEL (widget), direction == gtk_widget_get_direction (widget) ? 0 : 1);
  else
    {
      GtkInscription *inscription = GTK_INSCRIPTION (widget);
      const char *text = gtk_inscription_get_text (inscription);

      gtk_inscription_set_xalign (inscription, direction == lw_text_direction_of (text, widget) ? 0 : 1);
    }
}

GtkTextDirection
lw_text_direction_align_label (GtkLabel *label)
{
  GtkTextDirection direction;

  g_return_val_if_fail (GTK_IS_LABEL (label), GTK_TEXT_DIR_LTR);

  direction = lw_text_direction_of (gtk_label_get_text (label), GTK_WIDGET (label));
  lw_text_direction_align (GTK_WIDGET (label), direction);

  return direction;
}
