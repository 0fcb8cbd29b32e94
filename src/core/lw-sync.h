/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-feed-service.h"
#include "lw-library.h"

G_BEGIN_DECLS

/* Sync with a gpodder.net-compatible server (API v2) or Nextcloud's GPodder Sync
 * app: subscriptions both ways, episode actions (play with position, download,
 * delete, new) both ways, the newest action per episode winning. The library
 * queues its changes by itself (triggers in its schema), including those that
 * longwave-cli makes; a sync uploads the queue, deletes from it only what the
 * server acknowledged, then downloads what changed since the last sync. */

#define LW_TYPE_SYNC (lw_sync_get_type ())

G_DECLARE_FINAL_TYPE (LwSync, lw_sync, LW, SYNC, GObject)

#define LW_SYNC_ERROR (lw_sync_error_quark ())

typedef enum
{
  LW_SYNC_ERROR_NOT_SIGNED_IN,
  LW_SYNC_ERROR_AUTH,          /* 401/403: the user name or password is wrong */
  LW_SYNC_ERROR_NETWORK,       /* no answer: refused, DNS, timeout, connection lost */
  LW_SYNC_ERROR_SERVER,        /* 5xx and any other unexpected status */
  LW_SYNC_ERROR_MALFORMED,     /* not the JSON the protocol describes */
  LW_SYNC_ERROR_LOGIN_TIMEOUT, /* the Nextcloud login was not finished in time */
  LW_SYNC_ERROR_FAILED,        /* the library could not be read or written */
} LwSyncError;

typedef enum
{
  LW_SYNC_DIALECT_NONE,
  LW_SYNC_DIALECT_GPODDER,     /* gpodder.net API v2 and compatible servers */
  LW_SYNC_DIALECT_NEXTCLOUD,   /* Nextcloud GPodder Sync */
} LwSyncDialect;

typedef struct
{
  LwSyncDialect  dialect;
  char          *server;     /* base URL: "https://gpodder.net", "https://cloud.example.org" */
  char          *user;
  char          *password;   /* the password or the Nextcloud app password */
  char          *device_id;  /* gpodder.net device id: [a-z0-9._-] */
} LwSyncAccount;

GQuark         lw_sync_error_quark          (void);

LwSyncAccount *lw_sync_account_new          (LwSyncDialect        dialect,
                                             const char          *server,
                                             const char          *user,
                                             const char          *password,
                                             const char          *device_id);
LwSyncAccount *lw_sync_account_copy         (const LwSyncAccount *account);
void           lw_sync_account_free         (LwSyncAccount       *account);
/* "gpodder", "nextcloud", "none" and back (NONE for anything else). */
const char    *lw_sync_dialect_to_string    (LwSyncDialect        dialect);
LwSyncDialect  lw_sync_dialect_from_string  (const char          *text);
/* "longwave-HOST-XXXXXX": a new device id for this installation. */
char          *lw_sync_dup_new_device_id    (void);
/* A server URL as typed ("cloud.example.org/") made absolute, without a trailing
 * slash; NULL with a translated message in @error when it is not http(s). */
char          *lw_sync_normalize_server     (const char          *input,
                                             GError             **error);

LwSync        *lw_sync_new                  (LwLibrary           *library,
                                             LwFeedService       *feed_service);
LwLibrary     *lw_sync_get_library          (LwSync              *self);
/* (nullable): NULL = signed out, nothing is sent or scheduled. */
void           lw_sync_set_account          (LwSync              *self,
                                             const LwSyncAccount *account);
const LwSyncAccount *lw_sync_get_account    (LwSync              *self);
gboolean       lw_sync_get_signed_in        (LwSync              *self);
/* Why the saved account could not be used (the keyring is locked or missing), for
 * the preferences page; NULL clears it, and so does a new account. A new error is
 * also emitted as "failed". Property "account-error" (nullable string). */
void           lw_sync_set_account_error    (LwSync              *self,
                                             const GError        *error);
const char    *lw_sync_get_account_error    (LwSync              *self);
/* Forgets the account and what was synced with it (the "since" timestamps); the
 * queue stays, for the next account. */
void           lw_sync_sign_out             (LwSync              *self);

/* One whole sync: register the device (gpodder.net), subscription changes up,
 * down, subscribe to new shows, episode actions up (in batches), down and apply.
 * A call while one runs joins it; a new account cancels it. Read-only properties:
 * "signed-in", "syncing", "last-sync" (gint64 Unix seconds of the last success,
 * 0 = never), "last-error" (nullable: the last attempt's message) and "pending"
 * (uint). The last result is kept in the library, so the app and longwave-cli
 * see the same one. */
void           lw_sync_run_async            (LwSync              *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       lw_sync_run_finish           (LwSync              *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean       lw_sync_get_syncing          (LwSync              *self);
gint64         lw_sync_get_last_sync        (LwSync              *self);
const char    *lw_sync_get_last_error       (LwSync              *self);
/* Queued changes not acknowledged by a server yet. */
guint          lw_sync_get_pending          (LwSync              *self);

/* Scheduling: lw_sync_start() syncs now, then every @interval seconds (0: no
 * interval), and @debounce seconds after the queue last changed (checked every
 * quarter of the shorter of the two, between 1 and 15 seconds). A failure retries after 1 minute, doubling
 * up to an hour; a bad password does not retry until the account changes or a
 * sync is asked for. "failed" (GError *error) is emitted once per new error
 * message: the UI shows a toast for it. */
void           lw_sync_start                (LwSync              *self,
                                             guint                interval,
                                             guint                debounce);
void           lw_sync_stop                 (LwSync              *self);
/* The retry delay after @failures failures in a row, in seconds. */
guint          lw_sync_backoff_seconds      (guint                failures);

/* Nextcloud Login Flow v2: POST @server/index.php/login/v2, call @open_uri with
 * the login page (the browser), poll every @poll_ms until the user granted access
 * (or LW_SYNC_ERROR_LOGIN_TIMEOUT after 20 minutes). Finish returns the account
 * (dialect NEXTCLOUD, the server and login name Nextcloud gave, the app password). */
typedef void (*LwSyncOpenUriFunc) (const char *uri,
                                   gpointer    user_data);

void           lw_sync_nextcloud_login_async  (const char          *server,
                                               LwSyncOpenUriFunc    open_uri,
                                               gpointer             open_uri_data,
                                               guint                poll_ms,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
LwSyncAccount *lw_sync_nextcloud_login_finish (GAsyncResult        *result,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwSyncAccount, lw_sync_account_free)

G_END_DECLS
