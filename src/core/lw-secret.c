/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "lw-secret.h"

G_DEFINE_QUARK (lw-secret-error-quark, lw_secret_error)

/* libsecret passes on D-Bus errors ("The name org.freedesktop.secrets was not
 * provided by any .service files") that tell a user nothing: one message per
 * thing the user can do something about. */
static GError *
translate_error (GError *error)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Secret Service: %s", error->message);
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    translated = g_error_new_literal (LW_SECRET_ERROR, LW_SECRET_ERROR_LOCKED,
                                      _("The keyring is locked. Unlock it and try again."));
  else
    translated = g_error_new_literal (LW_SECRET_ERROR, LW_SECRET_ERROR_UNAVAILABLE,
                                      _("No keyring is available to keep the password. "
                                        "Start GNOME Keyring or another Secret Service and try again."));
  g_error_free (error);

  return translated;
}

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.longwave.Longwave.Password", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
kind_to_string (LwSecretKind kind)
{
  return kind == LW_SECRET_SYNC ? "sync" : "feed";
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, translate_error (g_steal_pointer (&error)));
  else
    g_task_return_boolean (task, TRUE);
}

void
lw_secret_store_async (LwSecretKind         kind,
                       const char          *server,
                       const char          *user,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secret_store_async);

  /* TRANSLATORS: the label of a password in Passwords and Keys; %s is a server */
  label = g_strdup_printf (kind == LW_SECRET_SYNC ? _("Longwave sync account on %s")
                                                  : _("Longwave podcast feed on %s"),
                           server);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "kind", kind_to_string (kind),
                         "server", server,
                         "user", user,
                         NULL);
}

gboolean
lw_secret_store_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;
  gboolean locked = FALSE;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (g_steal_pointer (&error)));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (l->data))
      locked = TRUE;
  g_list_free_full (items, g_object_unref);

  if (locked)
    g_task_return_new_error (task, LW_SECRET_ERROR, LW_SECRET_ERROR_LOCKED,
                             _("The keyring is locked. Unlock it and try again."));
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GHashTable *attributes = g_task_get_task_data (task);
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (g_steal_pointer (&error)));
  else if (password != NULL)
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
  else
    /* libsecret answers "nothing" both when nothing is stored and when the unlock
     * prompt was dismissed: only a search that leaves locked items locked tells
     * "sign in again" from "unlock the keyring". */
    secret_password_searchv (get_schema (), attributes, SECRET_SEARCH_ALL,
                             g_task_get_cancellable (task), searched_cb, g_object_ref (task));
}

static GHashTable *
new_attributes (LwSecretKind  kind,
                const char   *server,
                const char   *user)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "kind", g_strdup (kind_to_string (kind)));
  g_hash_table_insert (attributes, (gpointer) "server", g_strdup (server));
  g_hash_table_insert (attributes, (gpointer) "user", g_strdup (user));

  return attributes;
}

void
lw_secret_lookup_async (LwSecretKind         kind,
                        const char          *server,
                        const char          *user,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (user != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secret_lookup_async);
  /* Kept with the task: the search after the lookup needs them again. */
  g_task_set_task_data (task, new_attributes (kind, server, user), (GDestroyNotify) g_hash_table_unref);
  secret_password_lookupv (get_schema (), g_task_get_task_data (task), cancellable, lookup_cb, task);
}

char *
lw_secret_lookup_finish (GAsyncResult  *result,
                         GError       **error)
{
  char *secure;
  char *plain;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  /* Hand out plain memory: callers free it with g_free(). */
  secure = g_task_propagate_pointer (G_TASK (result), error);
  if (secure == NULL)
    return NULL;
  plain = g_strdup (secure);
  secret_password_free (secure);

  return plain;
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (g_steal_pointer (&error)));
  else
    g_task_return_boolean (task, removed);
}

void
lw_secret_clear_async (LwSecretKind         kind,
                       const char          *server,
                       const char          *user,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (user != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secret_clear_async);
  secret_password_clear (get_schema (), cancellable, clear_cb, task,
                         "kind", kind_to_string (kind),
                         "server", server,
                         "user", user,
                         NULL);
}

gboolean
lw_secret_clear_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
