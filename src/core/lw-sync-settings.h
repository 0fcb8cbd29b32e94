/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-sync.h"

G_BEGIN_DECLS

/* Where the account lives between runs: dialect, server, user and device id in
 * GSettings (the app's schema, keys "sync-*"), the password in the Secret Service
 * (lw-secret.h, kind SYNC, found by server and user). Shared by the app and
 * longwave-cli. */

/* The account, or NULL without an error when signed out. A missing password is
 * LW_SYNC_ERROR_AUTH ("sign in again"). */
void           lw_sync_settings_load_async   (GSettings            *settings,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
LwSyncAccount *lw_sync_settings_load_finish  (GAsyncResult         *result,
                                              GError              **error);

/* Stores the password first, then the keys; a device id is made up when the
 * account has none and none is stored. Finish returns the account as saved. */
void           lw_sync_settings_save_async   (GSettings            *settings,
                                              const LwSyncAccount  *account,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
LwSyncAccount *lw_sync_settings_save_finish  (GAsyncResult         *result,
                                              GError              **error);

/* Signs out: the password leaves the Secret Service, the dialect becomes "none"
 * (server, user and device id stay, to sign in again quickly). */
void           lw_sync_settings_clear_async  (GSettings            *settings,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       lw_sync_settings_clear_finish (GAsyncResult         *result,
                                              GError              **error);

/* The app's way to run @sync: loads the account (and again whenever a "sync-*" key
 * changes, e.g. after signing in from the preferences), starts the schedule with
 * "sync-interval" and syncs at once. Holds a weak watch: detaches when @sync goes. */
void           lw_sync_settings_attach       (LwSync               *sync,
                                              GSettings            *settings);
/* Loads the account of an attached @sync again: after the keyring was unlocked
 * or started ("account-error" said why it could not be read). */
void           lw_sync_settings_reload       (LwSync               *sync);

G_END_DECLS
