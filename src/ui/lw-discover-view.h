/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/lw-directory.h"
#include "lw-application.h"

G_BEGIN_DECLS

#define LW_TYPE_DISCOVER_VIEW (lw_discover_view_get_type ())

G_DECLARE_FINAL_TYPE (LwDiscoverView, lw_discover_view, LW, DISCOVER_VIEW, AdwBin)

/* A whole page of the main window, with its own header bar: a search entry, and the
 * shows found (or the country's top shows while the entry is empty) as a grid of
 * cards with a one-click Subscribe (app.subscribe). Errors, timeouts and empty
 * results show as a status page in the view. The directory follows the app's
 * settings (providers, country, endpoints). */
GtkWidget   *lw_discover_view_new           (LwApplication  *application);
/* The page's header bar: the window adds its Back button and window buttons. */
AdwHeaderBar *lw_discover_view_get_header_bar (LwDiscoverView *self);

/* For tests. */
LwDirectory *lw_discover_view_get_directory (LwDiscoverView *self);
GtkEditable *lw_discover_view_get_entry     (LwDiscoverView *self);
/* "loading", "results" or "message", and the message's title when shown. */
const char  *lw_discover_view_get_state     (LwDiscoverView *self);
const char  *lw_discover_view_get_message   (LwDiscoverView *self);
GtkFlowBox  *lw_discover_view_get_grid      (LwDiscoverView *self);
/* Shows the top shows again (what an empty search entry does). */
void         lw_discover_view_reload        (LwDiscoverView *self);

G_END_DECLS
