/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-secret.h"
#include "lw-sync-settings.h"

static LwSyncAccount *
account_from_settings (GSettings *settings)
{
  g_autofree char *dialect = g_settings_get_string (settings, "sync-dialect");
  g_autofree char *server = g_settings_get_string (settings, "sync-server");
  g_autofree char *user = g_settings_get_string (settings, "sync-user");
  g_autofree char *device_id = g_settings_get_string (settings, "sync-device-id");

  if (lw_sync_dialect_from_string (dialect) == LW_SYNC_DIALECT_NONE || *server == '\0' || *user == '\0')
    return NULL;

  /* gpodder.net needs one in every URL: an account set up by hand (gsettings)
   * gets one made up and kept, as signing in does. */
  if (*device_id == '\0')
    {
      g_free (device_id);
      device_id = lw_sync_dup_new_device_id ();
      g_settings_set_string (settings, "sync-device-id", device_id);
    }

  return lw_sync_account_new (lw_sync_dialect_from_string (dialect), server, user, NULL, device_id);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LwSyncAccount *account = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = lw_secret_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (password == NULL)
    {
      g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_AUTH,
                               _("The password for %s on %s is gone. Sign in again."),
                               account->user, account->server);
      return;
    }

  account->password = g_steal_pointer (&password);
  g_task_return_pointer (task, lw_sync_account_copy (account), (GDestroyNotify) lw_sync_account_free);
}

void
lw_sync_settings_load_async (GSettings           *settings,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LwSyncAccount *account;

  g_return_if_fail (G_IS_SETTINGS (settings));

  task = g_task_new (settings, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_sync_settings_load_async);

  account = account_from_settings (settings);
  if (account == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_set_task_data (task, account, (GDestroyNotify) lw_sync_account_free);
  lw_secret_lookup_async (LW_SECRET_SYNC, account->server, account->user, cancellable,
                          looked_up_cb, g_steal_pointer (&task));
}

LwSyncAccount *
lw_sync_settings_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GSettings *settings = g_task_get_source_object (task);
  LwSyncAccount *account = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!lw_secret_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* One change for whoever watches the keys. */
  g_settings_delay (settings);
  g_settings_set_string (settings, "sync-server", account->server);
  g_settings_set_string (settings, "sync-user", account->user);
  g_settings_set_string (settings, "sync-device-id", account->device_id);
  g_settings_set_string (settings, "sync-dialect", lw_sync_dialect_to_string (account->dialect));
  g_settings_apply (settings);

  g_task_return_pointer (task, lw_sync_account_copy (account), (GDestroyNotify) lw_sync_account_free);
}

void
lw_sync_settings_save_async (GSettings           *settings,
                             const LwSyncAccount *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LwSyncAccount *copy;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (account != NULL);
  g_return_if_fail (account->dialect != LW_SYNC_DIALECT_NONE);
  g_return_if_fail (account->server != NULL && account->user != NULL && account->password != NULL);

  task = g_task_new (settings, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_sync_settings_save_async);

  copy = lw_sync_account_copy (account);
  if (copy->device_id == NULL)
    {
      g_autofree char *stored = g_settings_get_string (settings, "sync-device-id");

      copy->device_id = *stored != '\0' ? g_steal_pointer (&stored) : lw_sync_dup_new_device_id ();
    }
  g_task_set_task_data (task, copy, (GDestroyNotify) lw_sync_account_free);

  lw_secret_store_async (LW_SECRET_SYNC, copy->server, copy->user, copy->password, cancellable,
                         stored_cb, g_steal_pointer (&task));
}

LwSyncAccount *
lw_sync_settings_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GSettings *settings = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  lw_secret_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_settings_set_string (settings, "sync-dialect", "none");
  g_task_return_boolean (task, TRUE);
}

void
lw_sync_settings_clear_async (GSettings           *settings,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));

  task = g_task_new (settings, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_sync_settings_clear_async);

  server = g_settings_get_string (settings, "sync-server");
  user = g_settings_get_string (settings, "sync-user");
  if (*server == '\0' || *user == '\0')
    {
      g_settings_set_string (settings, "sync-dialect", "none");
      g_task_return_boolean (task, TRUE);
      return;
    }

  lw_secret_clear_async (LW_SECRET_SYNC, server, user, cancellable, cleared_cb, g_steal_pointer (&task));
}

gboolean
lw_sync_settings_clear_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Attaching */

#define DEBOUNCE_SECONDS 30

typedef struct
{
  GWeakRef      sync;
  GSettings    *settings;
  GCancellable *cancellable;
  gulong        changed_id;
  guint         reload_id;
} Attachment;

static void
attachment_free (gpointer data)
{
  Attachment *attachment = data;

  g_cancellable_cancel (attachment->cancellable);
  g_clear_object (&attachment->cancellable);
  g_clear_signal_handler (&attachment->changed_id, attachment->settings);
  g_clear_handle_id (&attachment->reload_id, g_source_remove);
  g_clear_object (&attachment->settings);
  g_weak_ref_clear (&attachment->sync);
  g_free (attachment);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Attachment *attachment = user_data;
  g_autoptr(LwSync) sync = NULL;
  g_autoptr(LwSyncAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = lw_sync_settings_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  sync = g_weak_ref_get (&attachment->sync);
  if (sync == NULL)
    return;

  if (error != NULL)
    g_message ("Sync stays off: %s", error->message);

  lw_sync_set_account (sync, account);
  lw_sync_set_account_error (sync, error);
  /* start() syncs at once when signed in. */
  lw_sync_start (sync, g_settings_get_uint (attachment->settings, "sync-interval") * 60, DEBOUNCE_SECONDS);
}

static gboolean
reload (gpointer data)
{
  Attachment *attachment = data;

  attachment->reload_id = 0;
  g_cancellable_cancel (attachment->cancellable);
  g_clear_object (&attachment->cancellable);
  attachment->cancellable = g_cancellable_new ();
  lw_sync_settings_load_async (attachment->settings, attachment->cancellable, loaded_cb, attachment);

  return G_SOURCE_REMOVE;
}

static void
changed_cb (GSettings  *settings,
            const char *key,
            Attachment *attachment)
{
  /* Signing in changes four keys: one reload for all of them. */
  if (g_str_has_prefix (key, "sync-") && attachment->reload_id == 0)
    attachment->reload_id = g_idle_add (reload, attachment);
}

void
lw_sync_settings_attach (LwSync    *sync,
                         GSettings *settings)
{
  Attachment *attachment;

  g_return_if_fail (LW_IS_SYNC (sync));
  g_return_if_fail (G_IS_SETTINGS (settings));

  attachment = g_new0 (Attachment, 1);
  g_weak_ref_init (&attachment->sync, sync);
  attachment->settings = g_object_ref (settings);
  attachment->changed_id = g_signal_connect (settings, "changed", G_CALLBACK (changed_cb), attachment);
  g_object_set_data_full (G_OBJECT (sync), "lw-sync-settings", attachment, attachment_free);

  reload (attachment);
}

void
lw_sync_settings_reload (LwSync *sync)
{
  Attachment *attachment;

  g_return_if_fail (LW_IS_SYNC (sync));

  attachment = g_object_get_data (G_OBJECT (sync), "lw-sync-settings");
  g_return_if_fail (attachment != NULL);

  g_clear_handle_id (&attachment->reload_id, g_source_remove);
  reload (attachment);
}
