/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names a control that shows only an icon: its tooltip for those who see it, its
 * accessible label for screen readers. GTK 4.8 makes a tooltip the accessible
 * description, not the name, so a tooltip alone reads as "button". */
void lw_accessible_set_name (GtkWidget  *widget,
                             const char *name);

/* Names the icon buttons a library made inside @root after their tooltips, as
 * above: libadwaita 1.2's password rows have a reveal toggle with only a tooltip. */
void lw_accessible_name_from_tooltips (GtkWidget *root);

G_END_DECLS
