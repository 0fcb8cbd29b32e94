/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-test-http"

#include "config.h"

#include <glib/gstdio.h>

#include "lw-test-http.h"

typedef struct
{
  LwTestHttp         *http;
  SoupServerCallback  callback;
  gpointer            user_data;
} Handler;

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Handler *handler = user_data;
  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (handler->http->hits, path));
  SoupMessageHeaders *copy = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_hash_table_insert (handler->http->hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));

  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (copy, name, value);
  g_hash_table_insert (handler->http->headers, g_strdup (path), copy);

  handler->callback (server, msg, path, query, handler->user_data);
}

LwTestHttp *
lw_test_http_new (SoupServerCallback callback,
                  gpointer           user_data)
{
  LwTestHttp *http = g_new0 (LwTestHttp, 1);
  Handler *handler = g_new0 (Handler, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *uri = NULL;

  http->context = g_main_context_new ();
  g_main_context_push_thread_default (http->context);

  http->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  http->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) soup_message_headers_unref);

  handler->http = http;
  handler->callback = callback;
  handler->user_data = user_data;

  http->server = soup_server_new ("server-header", "LongwaveTest", NULL);
  soup_server_add_handler (http->server, NULL, on_request, handler, g_free);
  soup_server_listen_local (http->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (http->server);
  g_assert_nonnull (uris);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* "http://127.0.0.1:PORT/" → without the slash, so paths append cleanly. */
  if (g_str_has_suffix (uri, "/"))
    uri[strlen (uri) - 1] = '\0';
  http->base_url = g_steal_pointer (&uri);

  return http;
}

void
lw_test_http_free (LwTestHttp *http)
{
  soup_server_disconnect (http->server);
  g_clear_object (&http->server);

  /* Let the closed connections finish on this context before it goes. */
  while (g_main_context_iteration (http->context, FALSE))
    ;

  g_main_context_pop_thread_default (http->context);
  g_main_context_unref (http->context);
  g_hash_table_unref (http->hits);
  g_hash_table_unref (http->headers);
  g_free (http->base_url);
  g_free (http);
}

char *
lw_test_http_url (LwTestHttp *http,
                  const char *path)
{
  return g_strconcat (http->base_url, path, NULL);
}

guint
lw_test_http_hits (LwTestHttp *http,
                   const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (http->hits, path));
}

const char *
lw_test_http_last_header (LwTestHttp *http,
                          const char *path,
                          const char *name)
{
  SoupMessageHeaders *headers = g_hash_table_lookup (http->headers, path);

  return headers != NULL ? soup_message_headers_get_one (headers, name) : NULL;
}

void
lw_test_http_wait (LwTestHttp    *http,
                   GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (http->context, TRUE);
}

void
lw_test_http_store_result (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

typedef struct
{
  char *user;
  char *password;
} Credentials;

static void
credentials_free (gpointer data)
{
  Credentials *credentials = data;

  g_free (credentials->user);
  g_free (credentials->password);
  g_free (credentials);
}

static gboolean
check_password (SoupAuthDomain    *domain,
                SoupServerMessage *msg,
                const char        *user,
                const char        *password,
                gpointer           user_data)
{
  Credentials *credentials = user_data;

  return g_strcmp0 (user, credentials->user) == 0 && g_strcmp0 (password, credentials->password) == 0;
}

void
lw_test_http_require_password (SoupServer *server,
                               const char *path,
                               const char *user,
                               const char *password)
{
  g_autoptr(SoupAuthDomain) domain = soup_auth_domain_basic_new ("realm", "Longwave Tests", NULL);
  Credentials *credentials = g_new0 (Credentials, 1);

  credentials->user = g_strdup (user);
  credentials->password = g_strdup (password);
  soup_auth_domain_add_path (domain, path);
  soup_auth_domain_basic_set_auth_callback (domain, check_password, credentials, credentials_free);
  soup_server_add_auth_domain (server, domain);
}

char *
lw_test_refused_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("http://127.0.0.1:%u/feed.xml", port);
}

void
lw_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      lw_test_rm_rf (child);
    }

  g_rmdir (path);
}
