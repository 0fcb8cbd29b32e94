/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-feed.h"
#include "lw-library.h"

G_BEGIN_DECLS

#define LW_TYPE_FEED_SERVICE (lw_feed_service_get_type ())

G_DECLARE_FINAL_TYPE (LwFeedService, lw_feed_service, LW, FEED_SERVICE, GObject)

#define LW_FEED_SERVICE_ERROR (lw_feed_service_error_quark ())

typedef enum
{
  LW_FEED_SERVICE_ERROR_INVALID_URL,  /* not http(s)/feed/podcast/itpc/pcast */
  LW_FEED_SERVICE_ERROR_NETWORK,      /* "Could not reach example.org: Connection refused" */
  LW_FEED_SERVICE_ERROR_TIMEOUT,      /* "example.org did not answer within 30 seconds" */
  LW_FEED_SERVICE_ERROR_HTTP,         /* "example.org answered 404 Not Found" */
  LW_FEED_SERVICE_ERROR_GONE,         /* 410: the show is gone for good */
  LW_FEED_SERVICE_ERROR_TOO_LARGE,    /* body past the size limit */
  LW_FEED_SERVICE_ERROR_NOT_A_FEED,   /* wraps LwFeedParserError's message */
  LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS, /* 401: "example.org asks for a user name and password" */
} LwFeedServiceError;

/* One HTTP exchange, before parsing. */
typedef struct
{
  guint    status;             /* 200, 304, … */
  char    *final_url;          /* after redirects */
  gboolean permanent_redirect; /* every hop was 301/308: store final_url */
  char    *etag;
  char    *last_modified;
  GBytes  *body;               /* NULL on 304 */
  char    *content_type;       /* the media type without parameters, or NULL */
} LwFetchResult;

void           lw_fetch_result_free              (LwFetchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwFetchResult, lw_fetch_result_free)

GQuark         lw_feed_service_error_quark       (void);

/* Trims, turns feed://, podcast://, itpc://, pcast:// into http:// (what they always
 * meant; a host on https redirects) and feed:https://… into https://…, adds https://
 * when there is no scheme. NULL + LW_FEED_SERVICE_ERROR_INVALID_URL for anything else. */
char          *lw_feed_service_normalize_url     (const char           *input,
                                                  GError              **error);

/* Properties: "library" (construct-only, nullable when only fetching), "timeout" (uint
 * seconds for each network step, default 30; a whole exchange gets 3× that),
 * "user-agent" (read-only: "Longwave/VERSION (+PACKAGE_URL)"). All callbacks run on
 * the thread-default main context of the caller. Errors are complete, translated
 * sentences that name the host ("Could not reach example.org: Connection refused"). */
LwFeedService *lw_feed_service_new               (LwLibrary            *library);
LwLibrary     *lw_feed_service_get_library       (LwFeedService        *self);
const char    *lw_feed_service_get_user_agent    (LwFeedService        *self);
guint          lw_feed_service_get_timeout       (LwFeedService        *self);
void           lw_feed_service_set_timeout       (LwFeedService        *self,
                                                  guint                 timeout);
/* "max-body-size" (guint64 bytes, default 64 MB): a bigger feed fails with TOO_LARGE. */
guint64        lw_feed_service_get_max_body_size (LwFeedService        *self);
void           lw_feed_service_set_max_body_size (LwFeedService        *self,
                                                  guint64               max_body_size);

/* A conditional GET (ETag/Last-Modified may be NULL), following up to 10 redirects.
 * HTTP errors other than 304 are GErrors, so a result is 2xx or 304. */
void           lw_feed_service_fetch_async       (LwFeedService        *self,
                                                  const char           *url,
                                                  const char           *etag,
                                                  const char           *last_modified,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
LwFetchResult *lw_feed_service_fetch_finish      (LwFeedService        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Fetch, parse on a worker thread, merge into the library. Subscribing to a URL that is
 * already in the library refreshes that show. A web page that names its feed with
 * <link rel="alternate" type="application/rss+xml"> subscribes to that feed. A 301/308
 * stores the final URL, a 302/307 the one given. Nothing stored changes on error. */
void           lw_feed_service_subscribe_async   (LwFeedService        *self,
                                                  const char           *url,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
LwShow        *lw_feed_service_subscribe_finish  (LwFeedService        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Subscribes logging in to the URL's server (only that one) with @user and
 * @password when it asks (HTTP basic or digest). The show keeps @user, the service
 * the password while it lives; the caller stores it in the Secret Service if the
 * user agrees, under lw_feed_service_dup_secret_server() (kind LW_SECRET_FEED).
 * Finish with lw_feed_service_subscribe_finish(). Refreshes of a show with a user
 * name take the password from the service, or else from the Secret Service; a
 * 401 is LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS. */
void           lw_feed_service_subscribe_with_credentials_async (LwFeedService       *self,
                                                                 const char          *url,
                                                                 const char          *user,
                                                                 const char          *password,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
/* The password the service uses for @user on @feed_url's server (NULL forgets it). */
void           lw_feed_service_set_password      (LwFeedService        *self,
                                                  const char           *feed_url,
                                                  const char           *user,
                                                  const char           *password);
/* "scheme://host:port" of @feed_url: the "server" of its Secret Service entry. */
char          *lw_feed_service_dup_secret_server (const char           *feed_url);

/* Refreshes one show with a conditional GET; the failure is also recorded on the show. */
void           lw_feed_service_refresh_async     (LwFeedService        *self,
                                                  LwShow               *show,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       lw_feed_service_refresh_finish    (LwFeedService        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* Refreshes every show in the library, at most 8 at once and 2 per host. A call while
 * one runs joins it. Progress: the properties "refreshing" (boolean), "refresh-done"
 * and "refresh-total" (uint), and the signal "show-refreshed" (LwShow *show, GError
 * *error (nullable)) once per show. Each failure is also recorded on its show.
 * Returns the number of shows that failed; an error only when cancelled. */
void           lw_feed_service_refresh_all_async (LwFeedService        *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* The same for automatic refreshes: shows still waiting out their failures' backoff
 * ("next-retry" ahead) and shows that are gone (410) are left out. Finish with
 * lw_feed_service_refresh_all_finish(). */
void           lw_feed_service_refresh_due_async (LwFeedService        *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
guint          lw_feed_service_refresh_all_finish (LwFeedService       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
gboolean       lw_feed_service_get_refreshing    (LwFeedService        *self);
guint          lw_feed_service_get_refresh_done  (LwFeedService        *self);
guint          lw_feed_service_get_refresh_total (LwFeedService        *self);

/* Called as each URL of lw_feed_service_subscribe_many_async() is done: @show, or
 * NULL with @error set. */
typedef void (*LwFeedServiceSubscribedFunc) (LwFeedService *self,
                                             guint          index,
                                             LwShow        *show,
                                             const GError  *error,
                                             gpointer       user_data);

/* Subscribes to every URL of @urls (as lw_feed_service_subscribe_async() does) through
 * a bounded pool like the refresh of everything: 8 at once, 2 fetching from any
 * one host, hosts in turn; a host's slot is free again once its feed is fetched.
 * @each (with @each_data, which must outlive the call) hears of each URL. Finish
 * returns how many failed; cancelling stops starting new ones. */
void           lw_feed_service_subscribe_many_async  (LwFeedService               *self,
                                                      const char * const          *urls,
                                                      LwFeedServiceSubscribedFunc  each,
                                                      gpointer                     each_data,
                                                      GCancellable                *cancellable,
                                                      GAsyncReadyCallback          callback,
                                                      gpointer                     user_data);
guint          lw_feed_service_subscribe_many_finish (LwFeedService               *self,
                                                      GAsyncResult                *result,
                                                      GError                     **error);

G_END_DECLS
