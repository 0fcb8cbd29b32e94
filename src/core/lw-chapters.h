/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-feed-service.h"

G_BEGIN_DECLS

/* Chapters a feed links to (podcast:chapters, the Podcasting 2.0 JSON chapters
 * format) rather than lists inline. Errors are LW_TRANSCRIPT_ERROR_INVALID, or the
 * feed service's for the fetch. */

/* (transfer full) (element-type LwChapter): the chapters in time order; those with
 * "toc": false (meant for the player, not the table of contents) are left out. */
GPtrArray *lw_chapters_parse_json   (const char          *data,
                                     gsize                length,
                                     GError             **error);

void       lw_chapters_fetch_async  (LwFeedService       *service,
                                     const char          *url,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GPtrArray *lw_chapters_fetch_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
