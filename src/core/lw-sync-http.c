/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-http.h"
#include "lw-sync-private.h"

/* Bodies of sync answers stay small; a server that sends more is broken. */
#define MAX_BODY (32 * 1024 * 1024)

char *
lw_sync_dup_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  return g_strdup (g_uri_get_host (uri));
}

typedef struct
{
  char *url;
  char *host;
} Request;

static void
request_free (Request *request)
{
  g_free (request->url);
  g_free (request->host);
  g_free (request);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_NETWORK,
                                 _("Could not reach %s: %s"), request->host,
                                 lw_http_network_reason (error));
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_AUTH,
                             _("%s did not accept the user name or password"), request->host);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_SERVER,
                             _("%s answered %u %s"), request->host, status,
                             soup_message_get_reason_phrase (message));
  else if (g_bytes_get_size (body) > MAX_BODY)
    g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_MALFORMED,
                             _("The answer of %s is too large"), request->host);
  else
    g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

void
lw_sync_http_send_async (SoupSession          *session,
                         const LwSyncAccount  *account,
                         const char           *method,
                         const char           *url,
                         const char           *json_body,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  Request *request;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_sync_http_send_async);

  request = g_new0 (Request, 1);
  request->url = g_strdup (url);
  request->host = lw_sync_dup_host (url);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_NETWORK,
                               _("“%s” is not a server address"), url);
      return;
    }

  /* Sent up front: both dialects take basic auth on every request, and waiting
   * for the 401 would send every upload twice. */
  if (account != NULL && account->user != NULL && account->password != NULL)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", account->user, account->password);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strdup_printf ("Basic %s", encoded);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
    }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");

  if (json_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                    sent_cb, g_steal_pointer (&task));
}

GBytes *
lw_sync_http_send_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
