/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A real SoupServer on 127.0.0.1 (port chosen by the kernel) running on a private
 * main context that is pushed as the thread default for the life of the fixture, so
 * the client under test and the server share one context that the test iterates. */
typedef struct
{
  GMainContext *context;
  SoupServer   *server;
  char         *base_url;   /* "http://127.0.0.1:PORT" */
  GHashTable   *hits;       /* path → number of requests */
  GHashTable   *headers;    /* path → last request's headers (SoupMessageHeaders) */
} LwTestHttp;

LwTestHttp *lw_test_http_new          (SoupServerCallback  callback,
                                       gpointer            user_data);
void        lw_test_http_free         (LwTestHttp         *http);
char       *lw_test_http_url          (LwTestHttp         *http,
                                       const char         *path);
guint       lw_test_http_hits         (LwTestHttp         *http,
                                       const char         *path);
const char *lw_test_http_last_header  (LwTestHttp         *http,
                                       const char         *path,
                                       const char         *name);
/* Iterates the fixture's context until *@result is set. */
void        lw_test_http_wait         (LwTestHttp         *http,
                                       GAsyncResult      **result);
/* A GAsyncReadyCallback storing a reference to the result in *@user_data. */
void        lw_test_http_store_result (GObject            *object,
                                       GAsyncResult       *result,
                                       gpointer            user_data);
/* HTTP basic auth on @server for everything under @path: a 401 unless the request
 * carries @user and @password. */
void        lw_test_http_require_password (SoupServer     *server,
                                           const char     *path,
                                           const char     *user,
                                           const char     *password);
/* A loopback URL where nothing listens: a port bound, then closed. */
char       *lw_test_refused_url       (void);
/* Removes @path and everything below it (a temporary directory of a test). */
void        lw_test_rm_rf             (const char         *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTestHttp, lw_test_http_free)

G_END_DECLS
