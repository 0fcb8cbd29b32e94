/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-directory-result.h"

G_BEGIN_DECLS

#define LW_TYPE_DIRECTORY (lw_directory_get_type ())

G_DECLARE_FINAL_TYPE (LwDirectory, lw_directory, LW, DIRECTORY, GObject)

#define LW_DIRECTORY_ERROR (lw_directory_error_quark ())

/* Every message is one translated sentence that names the directory, ready for the UI. */
typedef enum
{
  LW_DIRECTORY_ERROR_EMPTY_QUERY,  /* nothing to search for */
  LW_DIRECTORY_ERROR_DISABLED,     /* every provider the request needs is switched off */
  LW_DIRECTORY_ERROR_NO_RESULTS,   /* the directories answered, with nothing */
  LW_DIRECTORY_ERROR_NETWORK,      /* "Could not search fyyd: could not reach api.fyyd.de: …" */
  LW_DIRECTORY_ERROR_TIMEOUT,      /* "Could not search fyyd: api.fyyd.de did not answer within 15 seconds" */
  LW_DIRECTORY_ERROR_HTTP,         /* "Could not search fyyd: api.fyyd.de answered 503 …" */
  LW_DIRECTORY_ERROR_MALFORMED,    /* the answer was not the JSON the directory documents */
  LW_DIRECTORY_ERROR_INVALID_URL,  /* an endpoint setting is not a web address */
  LW_DIRECTORY_ERROR_INVALID_COUNTRY, /* not a two-letter country code */
} LwDirectoryError;

GQuark        lw_directory_error_quark          (void);

/* The directory service: searches Apple Podcasts (the iTunes Search API) and fyyd, and
 * reads Apple's top shows per country, merging results by feed URL.
 *
 * With @settings (nullable; a GSettings of the app's schema) the properties below
 * follow the keys directory-apple-url, directory-charts-url, directory-fyyd-url,
 * directory-apple-enabled, directory-fyyd-enabled and directory-country; without it
 * they keep their defaults (the public endpoints, both providers on, country "").
 * Setting a property by hand overrides the key until the key changes (the CLI's
 * --apple-url etc. use that).
 *
 * Properties: "settings" (construct-only, nullable), "apple-url", "charts-url",
 * "fyyd-url" (base URLs without a trailing slash), "apple-enabled", "fyyd-enabled"
 * (boolean), "country" (string: ISO 3166 alpha-2 for the charts and the Apple search
 * store, "" = from the locale; a search falls back on the locale when it is not two
 * letters, a top list fails with INVALID_COUNTRY), "timeout" (uint seconds, default 15),
 * "results" (read-only GListModel of LwDirectoryResult: what the last search or top
 * list found; a grid binds to it; replaced in one splice when a request completes,
 * emptied when one fails), "busy" (read-only boolean: a request runs),
 * "warning" (read-only, nullable: after a request that succeeded only partly, a
 * sentence naming the provider that failed and why).
 *
 * Only one request runs at a time: starting a search or a top list cancels the one
 * running, which then completes with G_IO_ERROR_CANCELLED (and leaves "results"
 * alone). Callbacks run on the thread-default main context of the caller. */
LwDirectory  *lw_directory_new                  (GSettings            *settings);

GListModel   *lw_directory_get_results          (LwDirectory          *self);
gboolean      lw_directory_get_busy             (LwDirectory          *self);
const char   *lw_directory_get_warning          (LwDirectory          *self);
guint         lw_directory_get_timeout          (LwDirectory          *self);
void          lw_directory_set_timeout          (LwDirectory          *self,
                                                 guint                 timeout);
/* The effective country: the "country" property, or the locale's when "". */
char         *lw_directory_dup_country          (LwDirectory          *self);
/* Cancels the running request, if any (e.g. when the search entry is cleared). */
void          lw_directory_cancel               (LwDirectory          *self);

/* Searches every enabled provider at once for @text. The result is a new GListModel of
 * LwDirectoryResult (transfer full), the same items "results" then holds: Apple's
 * results first in Apple's order, then fyyd's that Apple did not have; duplicates (the
 * same feed URL, http and https alike) are merged, the first provider's fields winning
 * and the others filling what it left out. Results without a feed URL are skipped.
 * When one provider fails and another answers, the answer is the other's results and
 * @warning (nullable out) gets the failed provider's sentence; when all fail, the
 * error is the first failure's (with every failure's sentence in the message). */
void          lw_directory_search_async         (LwDirectory          *self,
                                                 const char           *text,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel   *lw_directory_search_finish        (LwDirectory          *self,
                                                 GAsyncResult         *result,
                                                 char                **warning,
                                                 GError              **error);

/* Apple's top @limit shows (1–200) for @country (nullable: lw_directory_dup_country()),
 * in chart order. The charts name shows by Apple id only, so one lookup call resolves
 * them to feed URLs; shows without one are skipped. Needs Apple enabled. */
void          lw_directory_top_async            (LwDirectory          *self,
                                                 const char           *country,
                                                 guint                 limit,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel   *lw_directory_top_finish           (LwDirectory          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* The ISO 3166 alpha-2 country (lower case) for a POSIX locale name: "pt_BR.UTF-8" →
 * "br", "de_AT@euro" → "at", "fr" → "fr" (a language alone maps to its main country),
 * "C", "POSIX", NULL or anything unknown → "us". */
char         *lw_directory_country_from_locale  (const char           *locale);
/* The same for the process: LC_ALL, else LC_MESSAGES, else LANG (POSIX precedence). */
char         *lw_directory_country_from_environment (void);

G_END_DECLS
