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

#define LW_SECRET_ERROR (lw_secret_error_quark ())

/* What every _finish() gives instead of libsecret's and D-Bus's own errors, with a
 * translated message a user can act on (G_IO_ERROR_CANCELLED stays as it is). */
typedef enum {
  LW_SECRET_ERROR_UNAVAILABLE, /* no Secret Service (or no session bus) to ask */
  LW_SECRET_ERROR_LOCKED,      /* the keyring stayed locked: the unlock prompt was dismissed */
} LwSecretError;

GQuark    lw_secret_error_quark   (void);

void      lw_secret_store_async   (LwSecretKind         kind,
                                   const char          *server,
                                   const char          *user,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean  lw_secret_store_finish  (GAsyncResult        *result,
                                   GError             **error);

/* The password, or NULL without an error when none is stored; LW_SECRET_ERROR_LOCKED
 * when one is stored but the keyring could not be unlocked. */
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
