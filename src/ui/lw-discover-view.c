/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-discover-view"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-discover-view.h"

/* Placeholder until the issue 6 helper: directory search grid and top shows replaces it: keeps the window's
 * layout and the other branches building. */
GtkWidget *
lw_discover_view_new (LwApplication *application)
{
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *status;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Discover"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-search-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Discover"));
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), status);

  return box;
}
