/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/lw-library.h"

G_BEGIN_DECLS

#define LW_TYPE_SEARCH_PAGE (lw_search_page_get_type ())

G_DECLARE_FINAL_TYPE (LwSearchPage, lw_search_page, LW, SEARCH_PAGE, GtkWidget)

/* Search across every episode's title and notes (the library's FTS5) as one types:
 * shows whose title matches first, then the episodes, grouped under their show (shows
 * in the order of their best match). Signals "episode-activated" (LwEpisode *) and
 * "show-activated" (LwShow *). */
GtkWidget    *lw_search_page_new            (void);
void          lw_search_page_set_library    (LwSearchPage *self,
                                             LwLibrary    *library);
AdwHeaderBar *lw_search_page_get_header_bar (LwSearchPage *self);
const char   *lw_search_page_get_text       (LwSearchPage *self);
/* Searches now (the entry itself waits for a pause in typing). */
void          lw_search_page_set_text       (LwSearchPage *self,
                                             const char   *text);
void          lw_search_page_focus_entry    (LwSearchPage *self);
/* (transfer none): the rows: GtkStringObject headings, LwShow and LwEpisode items. */
GListModel   *lw_search_page_get_results    (LwSearchPage *self);
void          lw_search_page_activate       (LwSearchPage *self,
                                             guint         position);

G_END_DECLS
