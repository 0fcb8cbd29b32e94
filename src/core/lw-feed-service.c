/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-service"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-feed-service.h"
#include "lw-http.h"

#define DEFAULT_TIMEOUT 30
/* Big enough for a show with tens of thousands of episodes; small enough that a
 * runaway server cannot eat the machine's memory. */
#define DEFAULT_MAX_BODY_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)

#define FEED_ACCEPT "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, " \
                    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

struct _LwFeedService
{
  GObject      parent_instance;

  GObject     *library;
  SoupSession *session;
  guint        timeout;
  guint64      max_body_size;
};

G_DEFINE_FINAL_TYPE (LwFeedService, lw_feed_service, G_TYPE_OBJECT)

G_DEFINE_QUARK (lw-feed-service-error-quark, lw_feed_service_error)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_TIMEOUT,
  PROP_USER_AGENT,
  PROP_MAX_BODY_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
lw_fetch_result_free (LwFetchResult *result)
{
  if (result == NULL)
    return;

  g_free (result->final_url);
  g_free (result->etag);
  g_free (result->last_modified);
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result);
}

/* Schemes that podcast directories and web pages use to hand a feed to an app. */
static const char * const feed_schemes[] = { "feed", "podcast", "itpc", "pcast" };

static gboolean
is_feed_scheme (const char *scheme)
{
  for (guint i = 0; i < G_N_ELEMENTS (feed_schemes); i++)
    {
      if (g_ascii_strcasecmp (scheme, feed_schemes[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The scheme of @text, or NULL when it has none. "example.org:8080/feed" has no
 * scheme: what follows the colon is a port. */
static char *
dup_scheme (const char *text)
{
  const char *p = text;

  if (!g_ascii_isalpha (*p))
    return NULL;

  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;

  if (*p != ':' || g_ascii_isdigit (p[1]))
    return NULL;

  return g_strndup (text, p - text);
}

char *
lw_feed_service_normalize_url (const char  *input,
                               GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *candidate = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = g_strstrip (g_strdup (input));
  if (*text == '\0')
    {
      g_set_error_literal (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_INVALID_URL,
                           _("The feed address is empty"));
      return NULL;
    }

  scheme = dup_scheme (text);

  if (scheme == NULL)
    {
      candidate = g_strconcat ("https://", text, NULL);
    }
  else if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      candidate = g_strdup (text);
    }
  else if (is_feed_scheme (scheme))
    {
      const char *rest = text + strlen (scheme) + 1;
      g_autofree char *inner = dup_scheme (rest);

      if (g_str_has_prefix (rest, "//"))
        /* feed://example.org/rss: the web has moved to https, and a server that
         * still only speaks http usually redirects the other way anyway. */
        candidate = g_strconcat ("https:", rest, NULL);
      else if (inner != NULL && (g_ascii_strcasecmp (inner, "http") == 0 ||
                                 g_ascii_strcasecmp (inner, "https") == 0))
        /* feed:https://example.org/rss */
        candidate = g_strdup (rest);
    }

  if (candidate != NULL)
    uri = g_uri_parse (candidate, SOUP_HTTP_URI_FLAGS, NULL);

  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0' || strchr (text, ' ') != NULL)
    {
      g_set_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_INVALID_URL,
                   _("“%s” is not a feed address: it should start with https:// or http://"),
                   text);
      return NULL;
    }

  return g_uri_to_string (uri);
}

static void
lw_feed_service_constructed (GObject *object)
{
  LwFeedService *self = LW_FEED_SERVICE (object);

  G_OBJECT_CLASS (lw_feed_service_parent_class)->constructed (object);

  /* Created here, on the caller's thread-default context, which libsoup binds to. */
  self->session = lw_http_session_new (self->timeout);
}

static void
lw_feed_service_dispose (GObject *object)
{
  LwFeedService *self = LW_FEED_SERVICE (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (lw_feed_service_parent_class)->dispose (object);
}

static void
lw_feed_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LwFeedService *self = LW_FEED_SERVICE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_USER_AGENT:
      g_value_set_string (value, lw_feed_service_get_user_agent (self));
      break;

    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, self->max_body_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_feed_service_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LwFeedService *self = LW_FEED_SERVICE (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT:
      lw_feed_service_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_BODY_SIZE:
      lw_feed_service_set_max_body_size (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_feed_service_class_init (LwFeedServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lw_feed_service_constructed;
  object_class->dispose = lw_feed_service_dispose;
  object_class->get_property = lw_feed_service_get_property;
  object_class->set_property = lw_feed_service_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL,
                         1, G_MAXUINT64, DEFAULT_MAX_BODY_SIZE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_feed_service_init (LwFeedService *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
}

/**
 * lw_feed_service_new:
 * @library: (nullable): where subscriptions go; fetching alone needs none
 *
 * Returns: (transfer full): a new feed service bound to the thread-default main context
 */
LwFeedService *
lw_feed_service_new (LwLibrary *library)
{
  g_return_val_if_fail (library == NULL || G_IS_OBJECT (library), NULL);

  return g_object_new (LW_TYPE_FEED_SERVICE,
                       "library", library,
                       NULL);
}

/**
 * lw_feed_service_get_library:
 *
 * Returns: (transfer none) (nullable): the library
 */
LwLibrary *
lw_feed_service_get_library (LwFeedService *self)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), NULL);

  return (LwLibrary *) self->library;
}

const char *
lw_feed_service_get_user_agent (LwFeedService *self)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), NULL);

  return lw_http_get_user_agent ();
}

guint
lw_feed_service_get_timeout (LwFeedService *self)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), 0);

  return self->timeout;
}

void
lw_feed_service_set_timeout (LwFeedService *self,
                             guint          timeout)
{
  g_return_if_fail (LW_IS_FEED_SERVICE (self));

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  if (self->session != NULL)
    soup_session_set_timeout (self->session, timeout);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint64
lw_feed_service_get_max_body_size (LwFeedService *self)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), 0);

  return self->max_body_size;
}

void
lw_feed_service_set_max_body_size (LwFeedService *self,
                                   guint64        max_body_size)
{
  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (max_body_size > 0);

  if (self->max_body_size == max_body_size)
    return;

  self->max_body_size = max_body_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  LwFetchResult *fetch;

  fetch = lw_http_get_finish (result, &error);
  if (fetch == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, fetch, (GDestroyNotify) lw_fetch_result_free);
}

/**
 * lw_feed_service_fetch_async:
 * @url: an http or https URL (see lw_feed_service_normalize_url())
 * @etag: (nullable): the ETag of the copy we hold
 * @last_modified: (nullable): the Last-Modified of the copy we hold
 *
 * Fetches a feed with a conditional GET, following up to 10 redirects.
 */
void
lw_feed_service_fetch_async (LwFeedService       *self,
                             const char          *url,
                             const char          *etag,
                             const char          *last_modified,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_feed_service_fetch_async);

  lw_http_get_async (self->session, url, etag, last_modified, FEED_ACCEPT,
                     self->max_body_size, cancellable, on_fetched, g_steal_pointer (&task));
}

/**
 * lw_feed_service_fetch_finish:
 *
 * Returns: (transfer full): the response (status 200 or 304), or %NULL with @error set
 */
LwFetchResult *
lw_feed_service_fetch_finish (LwFeedService  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_feed_service_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
