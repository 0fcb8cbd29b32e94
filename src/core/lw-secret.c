/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "lw-secret.h"

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
    g_task_return_error (task, g_steal_pointer (&error));
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
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
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
  secret_password_lookup (get_schema (), cancellable, lookup_cb, task,
                          "kind", kind_to_string (kind),
                          "server", server,
                          "user", user,
                          NULL);
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
    g_task_return_error (task, g_steal_pointer (&error));
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
