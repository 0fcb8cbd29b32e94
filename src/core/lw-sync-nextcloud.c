/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-http.h"
#include "lw-sync-private.h"

/* Nextcloud's GPodder Sync app: the gpodder.net bodies under other paths, no
 * devices, and the user's app password from Login Flow v2. */

#define LOGIN_TIMEOUT_US (20 * 60 * G_USEC_PER_SEC)

static char *
subscriptions_url (const LwSyncAccount *account,
                   gint64               since)
{
  return g_strdup_printf ("%s/index.php/apps/gpoddersync/subscriptions?since=%" G_GINT64_FORMAT,
                          account->server, since);
}

static char *
upload_changes_url (const LwSyncAccount *account)
{
  return g_strdup_printf ("%s/index.php/apps/gpoddersync/subscription_change/create", account->server);
}

static char *
actions_url (const LwSyncAccount *account,
             gint64               since)
{
  return g_strdup_printf ("%s/index.php/apps/gpoddersync/episode_action?since=%" G_GINT64_FORMAT,
                          account->server, since);
}

static char *
upload_actions_url (const LwSyncAccount *account)
{
  return g_strdup_printf ("%s/index.php/apps/gpoddersync/episode_action/create", account->server);
}

const LwSyncDialectClass *
lw_sync_nextcloud_dialect (void)
{
  static const LwSyncDialectClass dialect = {
    .name = "nextcloud",
    .device_url = NULL,
    .subscriptions_url = subscriptions_url,
    .upload_changes_url = upload_changes_url,
    .actions_url = actions_url,
    .upload_actions_url = upload_actions_url,
  };

  return &dialect;
}

/* Login Flow v2 */

typedef struct
{
  SoupSession       *session;
  char              *host;
  char              *token;
  char              *endpoint;
  guint              poll_ms;
  gint64             deadline;
  LwSyncOpenUriFunc  open_uri;
  gpointer           open_uri_data;
  GSource           *timeout;
} Login;

static void
login_free (Login *login)
{
  if (login->timeout != NULL)
    g_source_destroy (login->timeout);
  g_clear_pointer (&login->timeout, g_source_unref);
  g_clear_object (&login->session);
  g_free (login->host);
  g_free (login->token);
  g_free (login->endpoint);
  g_free (login);
}

static void poll_once (GTask *task);

static gboolean
poll_again (gpointer data)
{
  GTask *task = data;
  Login *login = g_task_get_task_data (task);

  g_clear_pointer (&login->timeout, g_source_unref);
  poll_once (task);

  return G_SOURCE_REMOVE;
}

static void
polled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Login *login = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object_ = NULL;
  const char *server, *user, *password;
  g_autofree char *normalized = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_NETWORK,
                                 _("Could not reach %s: %s"), login->host,
                                 lw_http_network_reason (error));
      return;
    }

  /* 404 until the user granted access in the browser. */
  if (soup_message_get_status (message) == SOUP_STATUS_NOT_FOUND)
    {
      if (g_get_monotonic_time () > login->deadline)
        {
          g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_LOGIN_TIMEOUT,
                                   _("The login at %s was not finished in time. Try again."),
                                   login->host);
          return;
        }

      login->timeout = g_timeout_source_new (login->poll_ms);
      g_source_set_callback (login->timeout, poll_again, g_object_ref (task), g_object_unref);
      g_source_set_static_name (login->timeout, "[longwave] nextcloud login poll");
      g_source_attach (login->timeout, g_main_context_get_thread_default ());
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_SERVER,
                               _("%s answered %u %s"), login->host,
                               soup_message_get_status (message),
                               soup_message_get_reason_phrase (message));
      return;
    }

  object_ = lw_sync_json_parse_object (body, login->host, FALSE, &error);
  if (object_ == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  server = json_object_get_string_member_with_default (object_, "server", NULL);
  user = json_object_get_string_member_with_default (object_, "loginName", NULL);
  password = json_object_get_string_member_with_default (object_, "appPassword", NULL);
  if (server == NULL || user == NULL || password == NULL ||
      (normalized = lw_sync_normalize_server (server, NULL)) == NULL)
    {
      g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_MALFORMED,
                               _("The answer of %s is not what the sync protocol describes: %s"),
                               login->host, _("no app password"));
      return;
    }

  g_task_return_pointer (task,
                         lw_sync_account_new (LW_SYNC_DIALECT_NEXTCLOUD, normalized, user, password, NULL),
                         (GDestroyNotify) lw_sync_account_free);
}

static void
poll_once (GTask *task)
{
  Login *login = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GBytes) bytes = NULL;

  message = soup_message_new ("POST", login->endpoint);
  form = soup_form_encode ("token", login->token, NULL);
  bytes = g_bytes_new (form, strlen (form));
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", bytes);
  soup_session_send_and_read_async (login->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), polled_cb, g_object_ref (task));
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Login *login = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object_ = NULL;
  JsonObject *poll;
  const char *login_url, *token, *endpoint;

  body = lw_sync_http_send_finish (result, &error);
  if (body != NULL)
    object_ = lw_sync_json_parse_object (body, login->host, FALSE, &error);
  if (object_ == NULL)
    {
      /* A server without Nextcloud answers 404 here. */
      if (g_error_matches (error, LW_SYNC_ERROR, LW_SYNC_ERROR_SERVER))
        g_prefix_error (&error, _("%s does not look like a Nextcloud server: "), login->host);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  poll = json_object_has_member (object_, "poll") &&
         JSON_NODE_HOLDS_OBJECT (json_object_get_member (object_, "poll"))
           ? json_object_get_object_member (object_, "poll") : NULL;
  login_url = json_object_get_string_member_with_default (object_, "login", NULL);
  token = poll != NULL ? json_object_get_string_member_with_default (poll, "token", NULL) : NULL;
  endpoint = poll != NULL ? json_object_get_string_member_with_default (poll, "endpoint", NULL) : NULL;
  if (login_url == NULL || token == NULL || endpoint == NULL)
    {
      g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_MALFORMED,
                               _("The answer of %s is not what the sync protocol describes: %s"),
                               login->host, _("no login address"));
      return;
    }

  login->token = g_strdup (token);
  login->endpoint = g_strdup (endpoint);
  login->deadline = g_get_monotonic_time () + LOGIN_TIMEOUT_US;

  if (login->open_uri != NULL)
    login->open_uri (login_url, login->open_uri_data);

  poll_once (task);
}

void
lw_sync_nextcloud_login_async (const char          *server,
                               LwSyncOpenUriFunc    open_uri,
                               gpointer             open_uri_data,
                               guint                poll_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  Login *login;

  g_return_if_fail (server != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_sync_nextcloud_login_async);

  base = lw_sync_normalize_server (server, &error);
  if (base == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  login = g_new0 (Login, 1);
  login->session = lw_http_session_new (30);
  login->host = lw_sync_dup_host (base);
  login->poll_ms = MAX (poll_ms, 10);
  login->open_uri = open_uri;
  login->open_uri_data = open_uri_data;
  g_task_set_task_data (task, login, (GDestroyNotify) login_free);

  url = g_strdup_printf ("%s/index.php/login/v2", base);
  lw_sync_http_send_async (login->session, NULL, "POST", url, NULL, cancellable,
                           started_cb, g_steal_pointer (&task));
}

LwSyncAccount *
lw_sync_nextcloud_login_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
