/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Show titles and episode titles come in any script, whatever the desktop's language.
 * The widgets keep the locale's direction (buttons, marks and artwork stay where the
 * desktop puts them); only where text starts follows the text. */

/* Which way @text runs, by its first letter that has a direction (as Pango decides a
 * paragraph's direction); @widget's direction for text without one ("42", ""). */
GtkTextDirection lw_text_direction_of   (const char       *text,
                                         GtkWidget        *widget);

/* Starts the text @widget (a GtkLabel or a GtkInscription) shows at the start edge of
 * @direction, whichever way its own text runs: the lines that belong together (a row's
 * title and date, a page's title and byline) then start on one side. */
void             lw_text_direction_align (GtkWidget        *widget,
                                          GtkTextDirection  direction);

/* Starts @label's text where that text runs (its text, not its markup: the tags'
 * letters run left to right), and returns which way that is, for the lines that go
 * with it. */
GtkTextDirection lw_text_direction_align_label (GtkLabel *label);

G_END_DECLS
