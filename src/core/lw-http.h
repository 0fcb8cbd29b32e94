/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "lw-feed-service.h"

G_BEGIN_DECLS

/* The HTTP plumbing shared by LwFeedService and LwArtworkCache: one way to set up a
 * session, follow redirects, cap a body and word an error. Internal to core/. */

#define LW_HTTP_MAX_REDIRECTS 10

/* "Longwave/VERSION (+PACKAGE_URL)" */
const char    *lw_http_get_user_agent (void);

/* A session with Longwave's User-Agent and @timeout seconds for each network step. */
SoupSession   *lw_http_session_new    (guint                 timeout);

/* The host (or the whole URL when it has none) to name in an error message. */
char          *lw_http_dup_host       (const char           *url);

/* What went wrong, for "Could not reach HOST: %s": a plain word for the common
 * cases, whose GIO messages repeat the host. */
const char    *lw_http_network_reason (const GError         *error);

/* GET @url, following up to LW_HTTP_MAX_REDIRECTS redirects by hand, sending
 * If-None-Match/If-Modified-Since when given, reading at most @max_size bytes.
 * Every failure is an LW_FEED_SERVICE_ERROR naming the host (or G_IO_ERROR_CANCELLED);
 * the result's status is 2xx, or 304 with a NULL body. */
void           lw_http_get_async      (SoupSession          *session,
                                       const char           *url,
                                       const char           *etag,
                                       const char           *last_modified,
                                       const char           *accept,
                                       guint64               max_size,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* The same, answering an HTTP authentication challenge of @url's host (not of a
 * host it redirects to) with @user and @password; a 401 is then
 * LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS. Finish with lw_http_get_finish(). */
void           lw_http_get_with_credentials_async (SoupSession         *session,
                                                   const char          *url,
                                                   const char          *etag,
                                                   const char          *last_modified,
                                                   const char          *accept,
                                                   guint64              max_size,
                                                   const char          *user,
                                                   const char          *password,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
LwFetchResult *lw_http_get_finish     (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
