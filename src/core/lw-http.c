/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-http"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-http.h"

#define READ_CHUNK_SIZE (64 * 1024)
/* What we read of a redirect or error body so the connection can be reused; past
 * this the connection is simply dropped. */
#define DRAIN_LIMIT (256 * 1024)
/* The session's timeout bounds each network step; a server that trickles a byte
 * now and then would never trip it. The whole exchange gets this many times that. */
#define DEADLINE_FACTOR 3

typedef struct
{
  SoupSession  *session;
  GUri         *uri;             /* the hop being fetched */
  char         *etag;
  char         *last_modified;
  char         *accept;
  char         *user;            /* HTTP basic/digest auth, for the first host only */
  char         *password;
  char         *auth_host;       /* "host:port" the credentials are for */
  guint64       max_size;
  guint         hops;
  gboolean      permanent;       /* every hop so far was 301/308 */
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  gboolean      draining;        /* reading a body only to reuse the connection */
  GUri         *next_uri;        /* set while draining a redirect */
  GError       *error;           /* set while draining an error response */
  GCancellable *cancellable;     /* ours: the caller's, or the deadline, cancel it */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  gboolean      deadline_hit;
  guint8        buffer[READ_CHUNK_SIZE];
} GetData;

static void send_hop (GTask *task);

/* Defined here rather than in lw-feed-service.c so that LwArtworkCache needs only
 * the HTTP half. */
G_DEFINE_QUARK (lw-feed-service-error-quark, lw_feed_service_error)

void
lw_fetch_result_free (LwFetchResult *result)
{
  if (result == NULL)
    return;

  g_free (result->final_url);
  g_free (result->etag);
  g_free (result->last_modified);
  g_free (result->content_type);
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result);
}


static void
get_data_free (GetData *data)
{
  if (data->caller_handler != 0)
    g_cancellable_disconnect (data->caller_cancellable, data->caller_handler);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  if (data->deadline != NULL)
    {
      g_source_destroy (data->deadline);
      g_source_unref (data->deadline);
    }
  g_clear_object (&data->session);
  g_clear_pointer (&data->uri, g_uri_unref);
  g_clear_pointer (&data->next_uri, g_uri_unref);
  g_clear_pointer (&data->etag, g_free);
  g_clear_pointer (&data->last_modified, g_free);
  g_clear_pointer (&data->accept, g_free);
  g_clear_pointer (&data->user, g_free);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_clear_pointer (&data->password, g_free);
  g_clear_pointer (&data->auth_host, g_free);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

const char *
lw_http_get_user_agent (void)
{
  return PACKAGE_NAME "/" PACKAGE_VERSION " (+" PACKAGE_URL ")";
}

SoupSession *
lw_http_session_new (guint timeout)
{
  return soup_session_new_with_options ("user-agent", lw_http_get_user_agent (),
                                        "timeout", timeout,
                                        NULL);
}

char *
lw_http_dup_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return g_strdup (g_uri_get_host (uri));

  return g_strdup (url);
}

static const char *
uri_host (GUri *uri)
{
  const char *host = g_uri_get_host (uri);

  return host != NULL ? host : "";
}

static gboolean
is_http_uri (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && host != NULL && *host != '\0';
}

/* The reason after "Could not reach HOST: ". GIO's own messages repeat the host
 * ("Could not connect to example.org: …"), so the common cases get a plain word. */
const char *
lw_http_network_reason (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return _("Connection refused");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND)
      || g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return _("Host name not found");
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return _("Host name lookup failed");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return _("Network unreachable");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return _("Host unreachable");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return _("The connection closed unexpectedly");
  if (error->domain == G_TLS_ERROR)
    return _("The secure connection failed");
  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING)
      || g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    return _("The server sent an invalid response");

  return error->message;
}

static GError *
error_no_answer (GetData *data,
                 guint    seconds)
{
  return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "%s did not answer within %u second",
                                   "%s did not answer within %u seconds",
                                   seconds),
                      uri_host (data->uri), seconds);
}

/* Turns what GIO or libsoup said into a sentence that names the host. */
static GError *
error_from_io (GetData      *data,
               const GError *error)
{
  guint timeout;

  if (data->deadline_hit)
    {
      timeout = soup_session_get_timeout (data->session) * DEADLINE_FACTOR;

      /* Not even the headers yet (e.g. a connection that predates a shorter timeout). */
      if (data->stream == NULL)
        return error_no_answer (data, timeout);

      return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TIMEOUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%s did not send the whole feed within %u second",
                                       "%s did not send the whole feed within %u seconds",
                                       timeout),
                          uri_host (data->uri), timeout);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      timeout = soup_session_get_timeout (data->session);
      if (timeout == 0)
        return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TIMEOUT,
                            _("%s did not answer in time"), uri_host (data->uri));

      return error_no_answer (data, timeout);
    }

  return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NETWORK,
                      _("Could not reach %s: %s"), uri_host (data->uri), lw_http_network_reason (error));
}

static char *
dup_host_port (GUri *uri)
{
  return g_strdup_printf ("%s:%d", uri_host (uri), g_uri_get_port (uri));
}

static GError *
error_from_status (GetData *data)
{
  guint status = soup_message_get_status (data->message);
  const char *phrase = soup_message_get_reason_phrase (data->message);

  if (phrase == NULL || *phrase == '\0')
    phrase = soup_status_get_phrase (status);

  /* libsoup answered the challenge with our credentials when we had some for
   * this host (on_authenticate()); a 401 here means none, or wrong ones. */
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED)
    {
      g_autofree char *host = dup_host_port (data->uri);

      if (data->user != NULL && data->password != NULL && g_strcmp0 (host, data->auth_host) == 0)
        return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS,
                            _("%s did not accept the user name and password"),
                            uri_host (data->uri));

      return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS,
                          _("%s asks for a user name and password"), uri_host (data->uri));
    }

  if (status == SOUP_STATUS_GONE)
    return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_GONE,
                        _("%s answered %u %s: the feed was removed for good"),
                        uri_host (data->uri), status, phrase);

  return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP,
                      _("%s answered %u %s"), uri_host (data->uri), status, phrase);
}

static GError *
error_too_large (GetData *data)
{
  guint mb = (guint) MIN (G_MAXUINT, MAX (1, data->max_size / (1024 * 1024)));

  return g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TOO_LARGE,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "%s sent more than %u MB, the most Longwave accepts",
                                   "%s sent more than %u MB, the most Longwave accepts",
                                   mb),
                      uri_host (data->uri), mb);
}

static gboolean
is_redirect (guint status)
{
  return status == SOUP_STATUS_MOVED_PERMANENTLY
         || status == SOUP_STATUS_FOUND
         || status == SOUP_STATUS_SEE_OTHER
         || status == SOUP_STATUS_TEMPORARY_REDIRECT
         || status == SOUP_STATUS_PERMANENT_REDIRECT;
}

static void
return_result (GTask *task)
{
  GetData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  LwFetchResult *result = g_new0 (LwFetchResult, 1);
  const char *etag = soup_message_headers_get_one (headers, "ETag");
  const char *last_modified = soup_message_headers_get_one (headers, "Last-Modified");

  result->status = soup_message_get_status (data->message);
  result->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  result->final_url = g_uri_to_string (data->uri);
  result->permanent_redirect = data->hops > 0 && data->permanent;

  /* A 304 may leave the validators out: the ones we sent still hold. */
  if (result->status == SOUP_STATUS_NOT_MODIFIED)
    {
      result->etag = g_strdup (etag != NULL ? etag : data->etag);
      result->last_modified = g_strdup (last_modified != NULL ? last_modified : data->last_modified);
    }
  else
    {
      result->etag = g_strdup (etag);
      result->last_modified = g_strdup (last_modified);
      result->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->body));
    }

  g_task_return_pointer (task, result, (GDestroyNotify) lw_fetch_result_free);
}

/* The response body is read (or drained): redirect, fail or succeed. */
static void
body_done (GTask *task)
{
  GetData *data = g_task_get_task_data (task);

  g_clear_object (&data->stream);

  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  if (data->next_uri != NULL)
    {
      g_clear_pointer (&data->uri, g_uri_unref);
      data->uri = g_steal_pointer (&data->next_uri);
      g_clear_object (&data->message);
      g_byte_array_set_size (data->body, 0);
      data->draining = FALSE;
      send_hop (task);
      return;
    }

  return_result (task);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GInputStream *stream = G_INPUT_STREAM (object);
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (stream, result, &error);

  if (n_read < 0)
    {
      /* A redirect or error body that breaks off changes nothing we report. */
      if (data->draining && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        body_done (task);
      else
        g_task_return_error (task, error_from_io (data, error));
      return;
    }

  if (n_read == 0)
    {
      body_done (task);
      return;
    }

  g_byte_array_append (data->body, data->buffer, n_read);

  if (data->draining && data->body->len > DRAIN_LIMIT)
    {
      body_done (task);
      return;
    }

  if (!data->draining && data->body->len > data->max_size)
    {
      g_task_return_error (task, error_too_large (data));
      return;
    }

  g_input_stream_read_async (stream, data->buffer, sizeof data->buffer, G_PRIORITY_DEFAULT,
                             data->cancellable, on_read, g_object_ref (task));
}

static void
read_body (GTask *task)
{
  GetData *data = g_task_get_task_data (task);

  g_input_stream_read_async (data->stream, data->buffer, sizeof data->buffer, G_PRIORITY_DEFAULT,
                             data->cancellable, on_read, g_object_ref (task));
}

/* Decides from the status what the body is for, then reads it. */
static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  data->stream = soup_session_send_finish (data->session, result, &error);

  /* libsoup keeps credentials that worked and sends them unasked to the same
   * server afterwards: a second feed there would then seem public, and fail
   * after a restart. Each exchange answers its own challenge instead. */
  if (data->user != NULL)
    {
      SoupSessionFeature *manager = soup_session_get_feature (data->session, SOUP_TYPE_AUTH_MANAGER);

      if (manager != NULL)
        soup_auth_manager_clear_cached_credentials (SOUP_AUTH_MANAGER (manager));
    }
  if (data->stream == NULL)
    {
      g_task_return_error (task, error_from_io (data, error));
      return;
    }

  status = soup_message_get_status (data->message);
  headers = soup_message_get_response_headers (data->message);

  if (is_redirect (status))
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autoptr(GUri) next = NULL;

      if (location != NULL)
        next = g_uri_parse_relative (data->uri, location, SOUP_HTTP_URI_FLAGS, NULL);

      if (next == NULL)
        data->error = g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP,
                                   _("%s answered %u %s without a valid new address"),
                                   uri_host (data->uri), status, soup_status_get_phrase (status));
      else if (!is_http_uri (next))
        data->error = g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP,
                                   _("%s redirected to “%s”, which is not a web address"),
                                   uri_host (data->uri), location);
      else if (data->hops >= LW_HTTP_MAX_REDIRECTS)
        data->error = g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "%s redirected more than %u time",
                                                "%s redirected more than %u times",
                                                LW_HTTP_MAX_REDIRECTS),
                                   uri_host (data->uri), LW_HTTP_MAX_REDIRECTS);
      else
        {
          data->hops++;
          data->permanent = data->permanent && (status == SOUP_STATUS_MOVED_PERMANENTLY ||
                                                status == SOUP_STATUS_PERMANENT_REDIRECT);
          data->next_uri = g_steal_pointer (&next);
        }

      data->draining = TRUE;
    }
  else if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      data->draining = TRUE;
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      data->error = error_from_status (data);
      data->draining = TRUE;
    }
  else if (soup_message_headers_get_content_length (headers) > (goffset) data->max_size)
    {
      /* Refuse early when the server says up front how much it will send. */
      g_task_return_error (task, error_too_large (data));
      return;
    }

  read_body (task);
}

/* Only the host the credentials were given for gets them, never one that a
 * redirect leads to; and only once: a second challenge means they were wrong. */
static gboolean
on_authenticate (SoupMessage *message,
                 SoupAuth    *auth,
                 gboolean     retrying,
                 GetData     *data)
{
  g_autofree char *host = dup_host_port (soup_message_get_uri (message));

  if (retrying || soup_auth_is_for_proxy (auth) ||
      data->user == NULL || data->password == NULL ||
      g_strcmp0 (host, data->auth_host) != 0)
    return FALSE;

  soup_auth_authenticate (auth, data->user, data->password);

  return TRUE;
}

static void
send_hop (GTask *task)
{
  GetData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  data->message = soup_message_new_from_uri (SOUP_METHOD_GET, data->uri);
  /* Redirects are followed by hand, so that we know whether every hop was permanent
   * and can stop after LW_HTTP_MAX_REDIRECTS with a clear message. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);
  if (data->user != NULL)
    g_signal_connect (data->message, "authenticate", G_CALLBACK (on_authenticate), data);

  headers = soup_message_get_request_headers (data->message);
  if (data->accept != NULL)
    soup_message_headers_replace (headers, "Accept", data->accept);
  if (data->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", data->etag);
  if (data->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", data->last_modified);

  soup_session_send_async (data->session, data->message, G_PRIORITY_DEFAULT,
                           data->cancellable, on_sent, g_object_ref (task));
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
on_deadline (gpointer user_data)
{
  GetData *data = user_data;

  data->deadline_hit = TRUE;
  g_cancellable_cancel (data->cancellable);

  return G_SOURCE_REMOVE;
}

void
lw_http_get_async (SoupSession         *session,
                   const char          *url,
                   const char          *etag,
                   const char          *last_modified,
                   const char          *accept,
                   guint64              max_size,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  lw_http_get_with_credentials_async (session, url, etag, last_modified, accept, max_size,
                                      NULL, NULL, cancellable, callback, user_data);
}

void
lw_http_get_with_credentials_async (SoupSession         *session,
                                    const char          *url,
                                    const char          *etag,
                                    const char          *last_modified,
                                    const char          *accept,
                                    guint64              max_size,
                                    const char          *user,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  GetData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_http_get_async);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || !is_http_uri (uri))
    {
      g_task_return_new_error (task, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_INVALID_URL,
                               _("“%s” is not a web address"), url);
      return;
    }

  data = g_new0 (GetData, 1);
  data->session = g_object_ref (session);
  data->uri = g_steal_pointer (&uri);
  data->etag = g_strdup (etag);
  data->last_modified = g_strdup (last_modified);
  data->accept = g_strdup (accept);
  data->user = g_strdup (user);
  data->password = g_strdup (password);
  data->auth_host = dup_host_port (data->uri);
  data->max_size = max_size;
  data->permanent = TRUE;
  data->body = g_byte_array_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) get_data_free);

  /* libsoup and GIO see only our cancellable; the caller's and the deadline feed it. */
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    g_object_ref (data->cancellable), g_object_unref);
    }

  if (soup_session_get_timeout (session) > 0)
    {
      data->deadline = g_timeout_source_new (soup_session_get_timeout (session) * DEADLINE_FACTOR * 1000);
      g_source_set_callback (data->deadline, on_deadline, data, NULL);
      g_source_attach (data->deadline, g_task_get_context (task));
    }

  send_hop (task);
}

LwFetchResult *
lw_http_get_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_http_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
