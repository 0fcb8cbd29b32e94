/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Passwords live in the Secret Service (libsecret), never in GSettings or the
 * database. A secret is found by what it is for, the server (a feed URL's origin or
 * a sync server URL) and the user name. */
typedef enum {
  LW_SECRET_FEED,  /* HTTP basic auth of a private feed */
  LW_SECRET_SYNC,  /* gpodder.net password or Nextcloud app password */
} LwSecretKind;

void      lw_secret_store_async   (LwSecretKind         kind,
                                   const char          *server,
                                   const char          *user,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean  lw_secret_store_finish  (GAsyncResult        *result,
                                   GError             **error);

/* The password, or NULL without an error when none is stored. */
void      lw_secret_lookup_async  (LwSecretKind         kind,
                                   const char          *server,
                                   const char          *user,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char     *lw_secret_lookup_finish (GAsyncResult        *result,
                                   GError             **error);

/* TRUE when there was one to remove. */
void      lw_secret_clear_async   (LwSecretKind         kind,
                                   const char          *server,
                                   const char          *user,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean  lw_secret_clear_finish  (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
