/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-service"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-feed-discovery.h"
#include "lw-feed-parser.h"
#include "lw-feed-service.h"
#include "lw-http.h"
#include "lw-secret.h"
#include "lw-task-group.h"

#define DEFAULT_TIMEOUT 30
/* Big enough for a show with tens of thousands of episodes; small enough that a
 * runaway server cannot eat the machine's memory. */
#define DEFAULT_MAX_BODY_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)

/* Refreshing everything: this many shows at once, and this many fetches at once from
 * one host (what browsers and podcast hosts consider polite). */
#define POOL_MAX_RUNNING 8
#define POOL_MAX_PER_HOST 2

#define FEED_ACCEPT "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, " \
                    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

/* Waiting work per host, for the bounded pools (refreshing everything, subscribing to
 * many). A host is worked out once, when its item is queued, so starting the next
 * one is O(1) however many wait (issue 4: parsing every waiting show's address on
 * every completion was half of an all-304 refresh). */
typedef struct
{
  GHashTable     *hosts;      /* host name → PoolHost */
  GQueue          ready;      /* (element-type PoolHost) may start an item now, in turn */
  guint           queued;     /* items waiting, on all hosts */
  GDestroyNotify  item_free;
} HostQueues;

typedef struct
{
  char     *name;
  GQueue    items;     /* waiting for a slot */
  guint     fetching;  /* fetches running there, at most POOL_MAX_PER_HOST */
  gboolean  ready;     /* in HostQueues.ready */
  GDestroyNotify item_free;
} PoolHost;

static void
pool_host_free (gpointer data)
{
  PoolHost *host = data;

  g_queue_clear_full (&host->items, host->item_free);
  g_free (host->name);
  g_free (host);
}

static void
host_queues_init (HostQueues     *queues,
                  GDestroyNotify  item_free)
{
  queues->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pool_host_free);
  g_queue_init (&queues->ready);
  queues->queued = 0;
  queues->item_free = item_free;
}

/* Puts @host in turn if it has an item waiting and a free slot, and forgets it once
 * it has neither items nor fetches. */
static void
host_queues_update (HostQueues *queues,
                    PoolHost   *host)
{
  if (host->ready)
    return;

  if (!g_queue_is_empty (&host->items) && host->fetching < POOL_MAX_PER_HOST)
    {
      host->ready = TRUE;
      g_queue_push_tail (&queues->ready, host);
    }
  else if (g_queue_is_empty (&host->items) && host->fetching == 0)
    g_hash_table_remove (queues->hosts, host->name);
}

static void
host_queues_push (HostQueues *queues,
                  const char *url,
                  gpointer    item)
{
  g_autofree char *name = lw_http_dup_host (url);
  PoolHost *host = g_hash_table_lookup (queues->hosts, name);

  if (host == NULL)
    {
      host = g_new0 (PoolHost, 1);
      host->name = g_steal_pointer (&name);
      host->item_free = queues->item_free;
      g_queue_init (&host->items);
      g_hash_table_insert (queues->hosts, host->name, host);
    }

  g_queue_push_tail (&host->items, item);
  queues->queued++;
  host_queues_update (queues, host);
}

/* The next item, round-robin over the hosts with room; it holds one of its host's
 * fetch slots until host_queues_release(). NULL when none may start. */
static PoolHost *
host_queues_pop (HostQueues *queues,
                 gpointer   *item)
{
  PoolHost *host = g_queue_pop_head (&queues->ready);

  if (host == NULL)
    return NULL;

  host->ready = FALSE;
  *item = g_queue_pop_head (&host->items);
  queues->queued--;
  host->fetching++;
  host_queues_update (queues, host);

  return host;
}

static void
host_queues_release (HostQueues *queues,
                     PoolHost   *host)
{
  g_assert (host->fetching > 0);
  host->fetching--;
  host_queues_update (queues, host);
}

/* Drops every waiting item; hosts with fetches running stay until they end. */
static void
host_queues_drop_waiting (HostQueues *queues)
{
  GHashTableIter iter;
  PoolHost *host;

  g_queue_clear (&queues->ready);
  g_hash_table_iter_init (&iter, queues->hosts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &host))
    {
      host->ready = FALSE;
      g_queue_clear_full (&host->items, queues->item_free);
      if (host->fetching == 0)
        g_hash_table_iter_remove (&iter);
    }
  queues->queued = 0;
}

struct _LwFeedService
{
  GObject      parent_instance;

  LwLibrary   *library;
  SoupSession *session;
  guint        timeout;
  guint64      max_body_size;

  GHashTable  *refreshes;       /* show id → Refresh: one refresh per show at a time */
  /* "SERVER\nUSER" → password: given this session, or read from the Secret Service
   * once, so a refresh of everything asks the keyring once per feed server. */
  GHashTable  *passwords;

  /* Refreshing everything (NULL/0 when it does not run) */
  LwTaskGroup *pool_callers;
  HostQueues   pool;            /* (element-type LwShow) waiting, per host */
  guint        pool_running;
  guint        pool_failed;
  guint        refresh_done;
  guint        refresh_total;
};

G_DEFINE_FINAL_TYPE (LwFeedService, lw_feed_service, G_TYPE_OBJECT)


enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_TIMEOUT,
  PROP_USER_AGENT,
  PROP_MAX_BODY_SIZE,
  PROP_REFRESHING,
  PROP_REFRESH_DONE,
  PROP_REFRESH_TOTAL,
  N_PROPS
};

enum {
  SHOW_REFRESHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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
        /* feed://example.org/rss means http, as these schemes always did (and as
         * other podcast apps read them); a host that moved to https answers with a
         * 301, which then becomes the stored address. */
        candidate = g_strconcat ("http:", rest, NULL);
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
free_password (gpointer password)
{
  memset (password, 0, strlen (password));
  g_free (password);
}

/**
 * lw_feed_service_dup_secret_server:
 * @feed_url: a feed's http(s) URL
 *
 * Returns: (transfer full) (nullable): what a feed's password is stored under in the
 *   Secret Service (kind %LW_SECRET_FEED): the URL's origin, "https://host:port"
 */
char *
lw_feed_service_dup_secret_server (const char *feed_url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (feed_url != NULL, NULL);

  uri = g_uri_parse (feed_url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                          g_uri_get_port (uri));
}

static char *
password_key (const char *feed_url,
              const char *user)
{
  g_autofree char *server = lw_feed_service_dup_secret_server (feed_url);

  return g_strconcat (server != NULL ? server : feed_url, "\n", user, NULL);
}

/**
 * lw_feed_service_set_password:
 * @feed_url: a feed's URL
 * @user: the user name
 * @password: (nullable): its password, %NULL to forget it
 *
 * Keeps @password in memory for the feeds of @feed_url's server logging in as
 * @user, for as long as the service lives (storing it for good is the Secret
 * Service's job: see lw_feed_service_dup_secret_server()).
 */
void
lw_feed_service_set_password (LwFeedService *self,
                              const char    *feed_url,
                              const char    *user,
                              const char    *password)
{
  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (feed_url != NULL);
  g_return_if_fail (user != NULL);

  if (password != NULL)
    g_hash_table_replace (self->passwords, password_key (feed_url, user), g_strdup (password));
  else
    {
      g_autofree char *key = password_key (feed_url, user);

      g_hash_table_remove (self->passwords, key);
    }
}

static const char *
lookup_password (LwFeedService *self,
                 const char    *feed_url,
                 const char    *user)
{
  g_autofree char *key = password_key (feed_url, user);

  return g_hash_table_lookup (self->passwords, key);
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
lw_feed_service_finalize (GObject *object)
{
  LwFeedService *self = LW_FEED_SERVICE (object);

  /* Every refresh holds a reference to the service, so none is left by now. */
  g_assert (g_hash_table_size (self->refreshes) == 0);
  g_assert (self->pool_callers == NULL);

  g_clear_pointer (&self->refreshes, g_hash_table_unref);
  g_clear_pointer (&self->pool.hosts, g_hash_table_unref);
  g_clear_pointer (&self->passwords, g_hash_table_unref);

  G_OBJECT_CLASS (lw_feed_service_parent_class)->finalize (object);
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

    case PROP_REFRESHING:
      g_value_set_boolean (value, lw_feed_service_get_refreshing (self));
      break;

    case PROP_REFRESH_DONE:
      g_value_set_uint (value, self->refresh_done);
      break;

    case PROP_REFRESH_TOTAL:
      g_value_set_uint (value, self->refresh_total);
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
  object_class->finalize = lw_feed_service_finalize;
  object_class->get_property = lw_feed_service_get_property;
  object_class->set_property = lw_feed_service_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         LW_TYPE_LIBRARY,
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

  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REFRESH_DONE] =
    g_param_spec_uint ("refresh-done", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REFRESH_TOTAL] =
    g_param_spec_uint ("refresh-total", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LwFeedService::show-refreshed:
   * @show: the show
   * @error: (nullable): why it failed, %NULL when it worked
   *
   * Emitted for each show that refresh-all is done with.
   */
  signals[SHOW_REFRESHED] =
    g_signal_new ("show-refreshed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2, LW_TYPE_SHOW, G_TYPE_ERROR);
}

static void
lw_feed_service_init (LwFeedService *self)
{
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_password);
  self->timeout = DEFAULT_TIMEOUT;
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
  self->refreshes = g_hash_table_new (g_int64_hash, g_int64_equal);
  host_queues_init (&self->pool, g_object_unref);
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
  g_return_val_if_fail (library == NULL || LW_IS_LIBRARY (library), NULL);

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

  return self->library;
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

/* lw_feed_service_fetch_async() logging in as @user if the server asks. */
static void
fetch_with_credentials_async (LwFeedService       *self,
                              const char          *url,
                              const char          *etag,
                              const char          *last_modified,
                              const char          *user,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_feed_service_fetch_async);

  lw_http_get_with_credentials_async (self->session, url, etag, last_modified, FEED_ACCEPT,
                                      self->max_body_size, user, password, cancellable,
                                      on_fetched, g_steal_pointer (&task));
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

/* Parsing, on a worker thread with plain data only. */

typedef struct
{
  GBytes   *body;
  char     *base_url;
  gboolean  discover;   /* a web page may name its feed */
  char     *known_hash; /* the body hash of the feed as last merged, or NULL */
} ParseData;

typedef struct
{
  LwFeed   *feed;
  char     *feed_link;  /* instead of a feed: the feed the web page names */
  char     *body_hash;
  gboolean  unchanged;  /* the body hashes to ParseData.known_hash: not parsed */
} Parsed;

static void
parse_data_free (ParseData *data)
{
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->base_url);
  g_free (data->known_hash);
  g_free (data);
}

static void
parsed_free (Parsed *parsed)
{
  g_clear_pointer (&parsed->feed, lw_feed_free);
  g_free (parsed->feed_link);
  g_free (parsed->body_hash);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  Parsed *parsed = g_new0 (Parsed, 1);
  gsize length;
  const guint8 *bytes = g_bytes_get_data (data->body, &length);

  /* With the version: a newer Longwave may read more out of the same bytes. */
  g_checksum_update (checksum, (const guint8 *) PACKAGE_VERSION, -1);
  g_checksum_update (checksum, bytes, length);
  parsed->body_hash = g_strdup (g_checksum_get_string (checksum));

  if (data->known_hash != NULL && g_str_equal (data->known_hash, parsed->body_hash))
    {
      parsed->unchanged = TRUE;
      g_task_return_pointer (task, parsed, (GDestroyNotify) parsed_free);
      return;
    }

  parsed->feed = lw_feed_parser_parse_bytes (data->body, data->base_url, &error);

  if (parsed->feed == NULL && data->discover &&
      g_error_matches (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_HTML))
    parsed->feed_link = lw_feed_discover_in_html (data->body, data->base_url);

  if (parsed->feed == NULL && parsed->feed_link == NULL)
    {
      parsed_free (parsed);
      /* The parser's sentences are already complete and translated. */
      g_task_return_new_error (task, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NOT_A_FEED,
                               "%s", error->message);
      return;
    }

  g_task_return_pointer (task, parsed, (GDestroyNotify) parsed_free);
}

/* What the merge stores to skip the same body next time; "" (matches no digest)
 * for a feed that names a new address: whether to follow it depends on the other
 * subscriptions too, so such a feed is looked at again each time. */
static const char *
body_hash_to_store (Parsed *parsed)
{
  if (parsed->feed != NULL && parsed->feed->new_feed_url != NULL)
    return "";

  return parsed->body_hash;
}

static void
parse_async (LwFeedService       *self,
             LwFetchResult       *fetch,
             gboolean             discover,
             const char          *known_hash,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ParseData *data;

  /* No source object: a worker thread may drop the last reference to this task, and
   * it must not take the service (and its SoupSession) down with it there. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, parse_async);

  if (fetch->body == NULL)
    {
      g_autofree char *host = lw_http_dup_host (fetch->final_url);

      /* Only a server that ignores HTTP would answer 304 to an unconditional GET. */
      g_task_return_new_error (task, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP,
                               _("%s answered %u %s"), host, fetch->status,
                               soup_status_get_phrase (fetch->status));
      return;
    }

  data = g_new0 (ParseData, 1);
  data->body = g_bytes_ref (fetch->body);
  data->base_url = g_strdup (fetch->final_url);
  data->discover = discover;
  data->known_hash = g_strdup (known_hash);
  g_task_set_task_data (task, data, (GDestroyNotify) parse_data_free);
  g_task_run_in_thread (task, parse_thread);
}

static Parsed *
parse_finish (LwFeedService  *self,
              GAsyncResult   *result,
              GError        **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == parse_async);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Refreshing one show. Requests for a show already being refreshed join it. */

typedef struct
{
  LwFeedService *self;
  LwShow        *show;
  gint64         id;
  LwTaskGroup   *callers;
  LwFetchResult *fetch;
  gboolean       fetched;
  GPtrArray     *pool_slots;  /* (element-type PoolSlot) told when the fetch is over */
  char          *user;        /* HTTP authentication, or NULL */
} Refresh;

/* One show refreshed by the pool. Reference-counted: the pool's task and the refresh
 * it joined each hold it, and either may finish first. */
typedef struct
{
  LwFeedService *self;
  LwShow        *show;
  PoolHost      *host;       /* valid while fetching */
  gboolean       fetching;   /* holds one of the host's fetch slots */
} PoolSlot;

static gboolean pool_slot_release_host (PoolSlot      *slot);
static void     pool_slot_unref        (PoolSlot      *slot);
static void     pool_pump              (LwFeedService *self);

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->self);
  g_clear_object (&refresh->show);
  g_clear_pointer (&refresh->callers, lw_task_group_free);
  g_clear_pointer (&refresh->fetch, lw_fetch_result_free);
  g_clear_pointer (&refresh->pool_slots, g_ptr_array_unref);
  g_free (refresh->user);
  g_free (refresh);
}

static void
refresh_fetch_over (Refresh *refresh)
{
  gboolean released = FALSE;

  refresh->fetched = TRUE;

  for (guint i = 0; i < refresh->pool_slots->len; i++)
    released |= pool_slot_release_host (g_ptr_array_index (refresh->pool_slots, i));
  g_ptr_array_set_size (refresh->pool_slots, 0);

  /* A fetch slot on this host is free: another show may start. */
  if (released)
    pool_pump (refresh->self);
}

static void
return_true (GTask    *task,
             gpointer  user_data)
{
  g_task_return_boolean (task, TRUE);
}

static void
refresh_complete (Refresh      *refresh,
                  const GError *error)
{
  LwFeedService *self = refresh->self;

  if (!refresh->fetched)
    refresh_fetch_over (refresh);

  if (g_hash_table_lookup (self->refreshes, &refresh->id) == refresh)
    g_hash_table_remove (self->refreshes, &refresh->id);

  /* Shown on the show until a refresh works. Not when nobody wanted it any more. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) local_error = NULL;

      /* The statuses that change what happens next: a 410 is for good, a 401
       * wants credentials. */
      guint status = g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_GONE)
                     ? SOUP_STATUS_GONE
                     : g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS)
                     ? SOUP_STATUS_UNAUTHORIZED : 0;
      gboolean recorded = status != 0
                          ? lw_library_set_show_failure (self->library, refresh->id, status,
                                                         error->message, &local_error)
                          : lw_library_set_show_error (self->library, refresh->id, error->message,
                                                       &local_error);

      /* NOT_FOUND: unsubscribed meanwhile, and then there is nothing to show it on. */
      if (!recorded &&
          !g_error_matches (local_error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND))
        g_warning ("Could not record the refresh error of show %" G_GINT64_FORMAT ": %s",
                   refresh->id, local_error->message);
    }

  if (error != NULL)
    lw_task_group_return_error (refresh->callers, error);
  else
    lw_task_group_return (refresh->callers, return_true, NULL);

  refresh_free (refresh);
}

static void
on_refresh_merged (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Refresh *refresh = user_data;
  g_autoptr(GError) error = NULL;

  if (lw_library_merge_feed_finish (LW_LIBRARY (object), result, &error) == 0)
    refresh_complete (refresh, error);
  else
    refresh_complete (refresh, NULL);
}

static void
on_refresh_parsed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Refresh *refresh = user_data;
  LwFeedService *self = refresh->self;
  g_autoptr(Parsed) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwShow) still_there = NULL;
  g_autofree char *feed_url = NULL;
  LwHttpCache cache;

  parsed = parse_finish (self, result, &error);
  if (parsed == NULL)
    {
      refresh_complete (refresh, error);
      return;
    }

  /* Unsubscribed while we were fetching: merging would subscribe it again. (Asked by
   * URL, which reads the database, since a removed show object may still be alive.) */
  still_there = lw_library_lookup_show_by_url (self->library, lw_show_get_feed_url (refresh->show));
  if (still_there == NULL || lw_show_get_id (still_there) != refresh->id)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("The subscription was removed during the refresh"));
      refresh_complete (refresh, error);
      return;
    }

  feed_url = g_strdup (lw_show_get_feed_url (refresh->show));

  /* Moved for good (every hop 301/308): follow it from now on. 302/307 do not count. */
  if (refresh->fetch->permanent_redirect && g_strcmp0 (feed_url, refresh->fetch->final_url) != 0)
    {
      g_autoptr(GError) move_error = NULL;

      if (lw_library_set_show_feed_url (self->library, refresh->id, refresh->fetch->final_url, &move_error))
        {
          g_free (feed_url);
          feed_url = g_strdup (refresh->fetch->final_url);
        }
      else
        g_message ("Keeping the old address of show %" G_GINT64_FORMAT ": %s",
                   refresh->id, move_error->message);
    }

  /* The publisher says the feed moved (itunes:new-feed-url, <redirect><newLocation>):
   * follow it from the next refresh on, unless that address is another subscription. */
  if (parsed->feed != NULL && parsed->feed->new_feed_url != NULL)
    {
      g_autofree char *moved = lw_feed_service_normalize_url (parsed->feed->new_feed_url, NULL);
      g_autoptr(LwShow) other = NULL;
      g_autoptr(GError) move_error = NULL;

      if (moved != NULL && g_strcmp0 (moved, feed_url) != 0 &&
          (other = lw_library_lookup_show_by_url (self->library, moved)) == NULL)
        {
          if (lw_library_set_show_feed_url (self->library, refresh->id, moved, &move_error))
            {
              g_free (feed_url);
              feed_url = g_steal_pointer (&moved);
            }
          else
            g_message ("Not following the new address of show %" G_GINT64_FORMAT ": %s",
                       refresh->id, move_error->message);
        }
    }

  cache.etag = refresh->fetch->etag;
  cache.last_modified = refresh->fetch->last_modified;
  cache.body_hash = body_hash_to_store (parsed);

  /* The very bytes merged last time (a server without validators): as a 304. */
  if (parsed->unchanged)
    {
      cache.body_hash = NULL;
      if (!lw_library_set_show_not_modified (self->library, refresh->id, &cache, &error))
        refresh_complete (refresh, error);
      else
        refresh_complete (refresh, NULL);
      return;
    }

  /* The SQL runs on the library's writer thread: the main loop stays free. */
  lw_library_merge_feed_async (self->library, feed_url, g_steal_pointer (&parsed->feed), &cache,
                               lw_task_group_get_cancellable (refresh->callers),
                               on_refresh_merged, refresh);
}

static void
on_refresh_fetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refresh *refresh = user_data;
  LwFeedService *self = refresh->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *known_hash = NULL;

  refresh->fetch = lw_feed_service_fetch_finish (self, result, &error);
  refresh_fetch_over (refresh);

  if (refresh->fetch == NULL)
    {
      refresh_complete (refresh, error);
      return;
    }

  if (refresh->fetch->status == SOUP_STATUS_NOT_MODIFIED)
    {
      /* Unchanged: nothing to merge, but an old failure is over. */
      if (lw_show_get_last_error (refresh->show) != NULL &&
          !lw_library_set_show_error (self->library, refresh->id, NULL, &error))
        {
          refresh_complete (refresh, error);
          return;
        }

      refresh_complete (refresh, NULL);
      return;
    }

  known_hash = lw_library_dup_show_body_hash (self->library, refresh->id);
  parse_async (self, refresh->fetch, FALSE, known_hash, lw_task_group_get_cancellable (refresh->callers),
               on_refresh_parsed, refresh);
}

static void
refresh_fetch_with (Refresh    *refresh,
                    const char *password)
{
  fetch_with_credentials_async (refresh->self, lw_show_get_feed_url (refresh->show),
                                lw_show_get_etag (refresh->show),
                                lw_show_get_last_modified (refresh->show),
                                refresh->user, password,
                                lw_task_group_get_cancellable (refresh->callers),
                                on_refresh_fetched, refresh);
}

static void
on_refresh_password (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Refresh *refresh = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = lw_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      refresh_complete (refresh, error);
      return;
    }

  /* No keyring, or nothing stored: the server's 401 then says what is missing. */
  if (error != NULL)
    g_message ("No password for the feed of show %" G_GINT64_FORMAT ": %s",
               refresh->id, error->message);
  else if (password != NULL)
    lw_feed_service_set_password (refresh->self, lw_show_get_feed_url (refresh->show),
                                  refresh->user, password);

  refresh_fetch_with (refresh, password);
}

/* A feed behind HTTP authentication gets its password from memory, or else from
 * the Secret Service, before the fetch. */
static void
refresh_fetch (Refresh *refresh)
{
  LwFeedService *self = refresh->self;
  const char *feed_url = lw_show_get_feed_url (refresh->show);
  const char *password;
  g_autofree char *server = NULL;

  refresh->user = lw_library_dup_show_auth_user (self->library, refresh->id);
  if (refresh->user == NULL)
    {
      refresh_fetch_with (refresh, NULL);
      return;
    }

  password = lookup_password (self, feed_url, refresh->user);
  server = lw_feed_service_dup_secret_server (feed_url);
  if (password != NULL || server == NULL)
    {
      refresh_fetch_with (refresh, password);
      return;
    }

  lw_secret_lookup_async (LW_SECRET_FEED, server, refresh->user,
                          lw_task_group_get_cancellable (refresh->callers),
                          on_refresh_password, refresh);
}

/* Starts a refresh of @show or joins the one running; @task gets the outcome. */
static Refresh *
refresh_begin (LwFeedService *self,
               LwShow        *show,
               GTask         *task)
{
  gint64 id = lw_show_get_id (show);
  Refresh *refresh;

  refresh = g_hash_table_lookup (self->refreshes, &id);
  if (refresh != NULL && lw_task_group_is_abandoned (refresh->callers))
    {
      /* Everyone gave up on that one; it winds down alone. */
      g_hash_table_remove (self->refreshes, &id);
      refresh = NULL;
    }

  if (refresh == NULL)
    {
      refresh = g_new0 (Refresh, 1);
      refresh->self = g_object_ref (self);
      refresh->show = g_object_ref (show);
      refresh->id = id;
      refresh->callers = lw_task_group_new ();
      refresh->pool_slots = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_slot_unref);
      g_hash_table_insert (self->refreshes, &refresh->id, refresh);

      refresh_fetch (refresh);
    }

  lw_task_group_add (refresh->callers, task);

  return refresh;
}

/**
 * lw_feed_service_refresh_async:
 * @show: a show of the service's library
 *
 * Refreshes @show with a conditional GET. A failure is recorded on the show
 * ("last-error") and nothing else stored changes; a 301/308 stores the new address.
 */
void
lw_feed_service_refresh_async (LwFeedService       *self,
                               LwShow              *show,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (LW_IS_SHOW (show));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->library != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_feed_service_refresh_async);

  refresh_begin (self, show, task);
}

gboolean
lw_feed_service_refresh_finish (LwFeedService  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_feed_service_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Subscribing */

typedef struct
{
  char          *url;          /* normalised; then the feed a web page named */
  gboolean       discovered;   /* @url came from a web page: do not look a second time */
  LwFetchResult *fetch;
  GDestroyNotify fetched;      /* told once, when the first fetch is over */
  gpointer       fetched_data;
  char          *user;         /* HTTP authentication, or NULL */
  char          *password;
  char          *auth_server;  /* the server the user gave them for */
} Subscribe;

static void subscribe_start (GTask *task);
static void subscribe_begin (LwFeedService       *self,
                             const char          *url,
                             const char          *user,
                             const char          *password,
                             GDestroyNotify       fetched,
                             gpointer             fetched_data,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);

static void
subscribe_free (Subscribe *subscribe)
{
  g_free (subscribe->url);
  g_clear_pointer (&subscribe->fetch, lw_fetch_result_free);
  g_free (subscribe->user);
  g_clear_pointer (&subscribe->password, free_password);
  g_free (subscribe->auth_server);
  g_free (subscribe);
}

static void
on_subscribe_refreshed (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  LwFeedService *self = LW_FEED_SERVICE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  LwShow *show = g_object_get_data (G_OBJECT (task), "show");

  if (!lw_feed_service_refresh_finish (self, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (show), g_object_unref);
}

/* Credentials go only to the server they were given for, not to the one a web
 * page's feed link points to. */
static gboolean
subscribe_uses_credentials (Subscribe *subscribe)
{
  g_autofree char *server = NULL;

  if (subscribe->user == NULL)
    return FALSE;

  server = lw_feed_service_dup_secret_server (subscribe->url);

  return g_strcmp0 (server, subscribe->auth_server) == 0;
}

static void
on_subscribe_merged (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LwLibrary *library = LW_LIBRARY (object);
  g_autoptr(GTask) task = user_data;
  LwFeedService *self = g_task_get_source_object (task);
  Subscribe *subscribe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = lw_library_merge_feed_finish (library, result, &error);
  if (id == 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The credentials worked: the show's refreshes log in the same way. */
  if (subscribe_uses_credentials (subscribe))
    {
      if (!lw_library_set_show_auth_user (library, id, subscribe->user, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      lw_feed_service_set_password (self, subscribe->url, subscribe->user, subscribe->password);
    }

  g_task_return_pointer (task, lw_library_lookup_show (library, id), g_object_unref);
}

static void
on_subscribe_parsed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LwFeedService *self = g_task_get_source_object (task);
  Subscribe *subscribe = g_task_get_task_data (task);
  g_autoptr(Parsed) parsed = NULL;
  g_autoptr(GError) error = NULL;
  LwHttpCache cache;
  const char *feed_url;
  GCancellable *cancellable;

  parsed = parse_finish (self, result, &error);
  if (parsed == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (parsed->feed_link != NULL)
    {
      /* A web page that names its feed: subscribe to that instead, once. */
      g_free (subscribe->url);
      subscribe->url = g_steal_pointer (&parsed->feed_link);
      subscribe->discovered = TRUE;
      g_clear_pointer (&subscribe->fetch, lw_fetch_result_free);
      subscribe_start (g_steal_pointer (&task));
      return;
    }

  /* A temporary redirect keeps the address the user gave; a permanent one does not. */
  feed_url = subscribe->fetch->permanent_redirect ? subscribe->fetch->final_url : subscribe->url;
  cache.etag = subscribe->fetch->etag;
  cache.last_modified = subscribe->fetch->last_modified;
  cache.body_hash = body_hash_to_store (parsed);

  cancellable = g_task_get_cancellable (task);
  lw_library_merge_feed_async (self->library, feed_url, g_steal_pointer (&parsed->feed), &cache,
                               cancellable, on_subscribe_merged, g_steal_pointer (&task));
}

static void
on_subscribe_fetched (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  LwFeedService *self = LW_FEED_SERVICE (object);
  g_autoptr(GTask) task = user_data;
  Subscribe *subscribe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  subscribe->fetch = lw_feed_service_fetch_finish (self, result, &error);
  if (subscribe->fetched != NULL)
    g_steal_pointer (&subscribe->fetched) (subscribe->fetched_data);
  if (subscribe->fetch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  parse_async (self, subscribe->fetch, !subscribe->discovered, NULL, cancellable,
               on_subscribe_parsed, g_steal_pointer (&task));
}

static void
subscribe_start (GTask *task)
{
  LwFeedService *self = g_task_get_source_object (task);
  Subscribe *subscribe = g_task_get_task_data (task);
  g_autoptr(LwShow) show = NULL;

  show = lw_library_lookup_show_by_url (self->library, subscribe->url);
  if (show != NULL)
    {
      if (subscribe_uses_credentials (subscribe))
        {
          g_autoptr(GError) error = NULL;

          if (!lw_library_set_show_auth_user (self->library, lw_show_get_id (show),
                                              subscribe->user, &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          lw_feed_service_set_password (self, subscribe->url, subscribe->user, subscribe->password);
        }

      g_object_set_data_full (G_OBJECT (task), "show", g_object_ref (show), g_object_unref);
      lw_feed_service_refresh_async (self, show, g_task_get_cancellable (task),
                                     on_subscribe_refreshed, task);
      return;
    }

  if (subscribe_uses_credentials (subscribe))
    fetch_with_credentials_async (self, subscribe->url, NULL, NULL, subscribe->user,
                                  subscribe->password, g_task_get_cancellable (task),
                                  on_subscribe_fetched, task);
  else
    lw_feed_service_fetch_async (self, subscribe->url, NULL, NULL, g_task_get_cancellable (task),
                                 on_subscribe_fetched, task);
}

/**
 * lw_feed_service_subscribe_async:
 * @url: what the user typed or pasted (see lw_feed_service_normalize_url()), or a web
 *   page that links to its feed
 *
 * Fetches and parses the feed, then adds the show to the library in one transaction.
 * A URL already subscribed refreshes that show. On error nothing stored changes.
 */
void
lw_feed_service_subscribe_async (LwFeedService       *self,
                                 const char          *url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->library != NULL);

  subscribe_begin (self, url, NULL, NULL, NULL, NULL, cancellable, callback, user_data);
}

/**
 * lw_feed_service_subscribe_with_credentials_async:
 * @url: as for lw_feed_service_subscribe_async()
 * @user: the user name the feed's server asked for
 * @password: its password
 *
 * Subscribes like lw_feed_service_subscribe_async(), logging in to @url's server
 * (only that one) with @user and @password when it asks. The show then keeps
 * @user, and the service the password for as long as it lives; storing it in the
 * Secret Service is up to the caller, who asked the user (see
 * lw_feed_service_dup_secret_server()). Finish with
 * lw_feed_service_subscribe_finish(); wrong credentials fail with
 * %LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS.
 */
void
lw_feed_service_subscribe_with_credentials_async (LwFeedService       *self,
                                                  const char          *url,
                                                  const char          *user,
                                                  const char          *password,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->library != NULL);

  subscribe_begin (self, url, user, password, NULL, NULL, cancellable, callback, user_data);
}

/* @fetched (if not NULL) is called once the feed is fetched, or the subscription
 * is over without a fetch of its own: the pool of subscribe-many frees the host's
 * slot then. */
static void
subscribe_begin (LwFeedService       *self,
                 const char          *url,
                 const char          *user,
                 const char          *password,
                 GDestroyNotify       fetched,
                 gpointer             fetched_data,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Subscribe *subscribe;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_feed_service_subscribe_async);

  subscribe = g_new0 (Subscribe, 1);
  subscribe->fetched = fetched;
  subscribe->fetched_data = fetched_data;
  g_task_set_task_data (task, subscribe, (GDestroyNotify) subscribe_free);

  subscribe->url = lw_feed_service_normalize_url (url, &error);
  if (subscribe->url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (user != NULL)
    {
      subscribe->user = g_strdup (user);
      subscribe->password = g_strdup (password);
      subscribe->auth_server = lw_feed_service_dup_secret_server (subscribe->url);
    }

  subscribe_start (g_steal_pointer (&task));
}

/**
 * lw_feed_service_subscribe_finish:
 *
 * Returns: (transfer full): the show, or %NULL with @error set
 */
LwShow *
lw_feed_service_subscribe_finish (LwFeedService  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_feed_service_subscribe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Refreshing everything through a bounded pool */

static void
set_refresh_progress (LwFeedService *self,
                      guint          done,
                      guint          total)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->refresh_done != done)
    {
      self->refresh_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_DONE]);
    }

  if (self->refresh_total != total)
    {
      self->refresh_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_TOTAL]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* Gives back the host's fetch slot, once. Returns whether it held one. */
static gboolean
pool_slot_release_host (PoolSlot *slot)
{
  PoolHost *host = slot->host;

  if (!slot->fetching)
    return FALSE;

  slot->fetching = FALSE;
  slot->host = NULL;
  host_queues_release (&slot->self->pool, host);

  return TRUE;
}

static void
pool_slot_clear (PoolSlot *slot)
{
  g_clear_object (&slot->self);
  g_clear_object (&slot->show);
}

static void
pool_slot_unref (PoolSlot *slot)
{
  g_rc_box_release_full (slot, (GDestroyNotify) pool_slot_clear);
}

static void
return_failed_count (GTask    *task,
                     gpointer  user_data)
{
  g_task_return_int (task, GPOINTER_TO_UINT (user_data));
}

static void
pool_finish (LwFeedService *self)
{
  g_autoptr(LwTaskGroup) callers = g_steal_pointer (&self->pool_callers);

  g_assert (self->pool_running == 0);
  g_assert (self->pool.queued == 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);

  if (lw_task_group_is_abandoned (callers))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The refresh was cancelled"));

      lw_task_group_return_error (callers, error);
    }
  else
    lw_task_group_return (callers, return_failed_count, GUINT_TO_POINTER (self->pool_failed));

  /* Drop what the pool held on to self last: this may be the last reference. */
  g_object_unref (self);
}

static void
on_pool_refreshed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PoolSlot *slot = user_data;
  LwFeedService *self = slot->self;
  g_autoptr(GError) error = NULL;

  pool_slot_release_host (slot);
  self->pool_running--;

  if (!lw_feed_service_refresh_finish (self, result, &error))
    self->pool_failed++;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SHOW_REFRESHED], 0, slot->show, error);

  set_refresh_progress (self, self->refresh_done + 1, self->refresh_total);
  pool_slot_unref (slot);

  pool_pump (self);
}

/* Starts queued shows while there is room: POOL_MAX_RUNNING in all, and
 * POOL_MAX_PER_HOST fetching from any one host. Parsing and merging do not hold a
 * host's slot, so one big host does not slow the others. */
static void
pool_pump (LwFeedService *self)
{
  if (self->pool_callers == NULL)
    return;

  if (lw_task_group_is_abandoned (self->pool_callers))
    {
      host_queues_drop_waiting (&self->pool);
      set_refresh_progress (self, self->refresh_done, self->refresh_done + self->pool_running);
    }

  /* Round-robin over the hosts that have room. */
  while (self->pool_running < POOL_MAX_RUNNING)
    {
      g_autoptr(GTask) task = NULL;
      PoolSlot *slot;
      Refresh *refresh;
      gpointer show;
      PoolHost *host = host_queues_pop (&self->pool, &show);

      if (host == NULL)
        break;

      slot = g_rc_box_new0 (PoolSlot);
      slot->self = g_object_ref (self);
      slot->show = show;  /* the queue's reference */
      slot->host = host;
      slot->fetching = TRUE;
      self->pool_running++;

      task = g_task_new (self, lw_task_group_get_cancellable (self->pool_callers),
                         on_pool_refreshed, slot);
      g_task_set_source_tag (task, lw_feed_service_refresh_async);
      refresh = refresh_begin (self, slot->show, task);

      /* A refresh that was already running may be past its fetch. */
      if (refresh->fetched)
        pool_slot_release_host (slot);
      else
        g_ptr_array_add (refresh->pool_slots, g_rc_box_acquire (slot));
    }

  if (self->pool_running == 0 && self->pool.queued == 0)
    pool_finish (self);
}

/* Starts the pool on every show (or only the due ones), or has @task join it. */
static void
refresh_all_begin (LwFeedService *self,
                   gboolean       due_only,
                   GTask         *task)
{
  GListModel *shows;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n, total = 0;

  if (self->pool_callers != NULL && !lw_task_group_is_abandoned (self->pool_callers))
    {
      lw_task_group_add (self->pool_callers, task);
      return;
    }

  if (self->pool_callers != NULL)
    {
      /* The last run was given up and still winds down: answer this one on its own
       * rather than mix it into a run that no longer starts anything. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The previous refresh is still being cancelled"));
      return;
    }

  shows = lw_library_get_shows (self->library);
  n = g_list_model_get_n_items (shows);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwShow) show = g_list_model_get_item (shows, i);

      /* Failing feeds wait out their backoff, and a 410 is for good, unless the
       * user asks. */
      if (due_only && (lw_show_get_next_retry (show) > now ||
                       lw_show_get_last_status (show) == SOUP_STATUS_GONE))
        continue;

      /* The queue takes the reference. */
      host_queues_push (&self->pool, lw_show_get_feed_url (show), show);
      show = NULL;
      total++;
    }

  /* Kept alive until the pool is done; released in pool_finish(). */
  g_object_ref (self);
  self->pool_callers = lw_task_group_new ();
  self->pool_failed = 0;
  lw_task_group_add (self->pool_callers, task);

  set_refresh_progress (self, 0, total);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);

  pool_pump (self);
}

static void
refresh_all_start (LwFeedService       *self,
                   gboolean             due_only,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->library != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_feed_service_refresh_all_async);
  refresh_all_begin (self, due_only, task);
}

/**
 * lw_feed_service_refresh_all_async:
 *
 * Refreshes every show of the library through a bounded pool, or joins the refresh
 * of everything that already runs.
 */
void
lw_feed_service_refresh_all_async (LwFeedService       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  refresh_all_start (self, FALSE, cancellable, callback, user_data);
}

/**
 * lw_feed_service_refresh_due_async:
 *
 * Like lw_feed_service_refresh_all_async(), for the automatic refreshes: shows
 * whose failures put off the next try ("next-retry" still ahead) and shows that
 * are gone (410) are left out. Finish with lw_feed_service_refresh_all_finish().
 */
void
lw_feed_service_refresh_due_async (LwFeedService       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  refresh_all_start (self, TRUE, cancellable, callback, user_data);
}

guint
lw_feed_service_refresh_all_finish (LwFeedService  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  gssize failed;

  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_feed_service_refresh_all_async, 0);

  failed = g_task_propagate_int (G_TASK (result), error);

  return failed < 0 ? 0 : (guint) failed;
}

gboolean
lw_feed_service_get_refreshing (LwFeedService *self)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), FALSE);

  return self->pool_callers != NULL;
}

guint
lw_feed_service_get_refresh_done (LwFeedService *self)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), 0);

  return self->refresh_done;
}

guint
lw_feed_service_get_refresh_total (LwFeedService *self)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), 0);

  return self->refresh_total;
}

/* Subscribing to many through a bounded pool */

typedef struct
{
  LwFeedService               *self;
  GTask                       *task;
  GStrv                        urls;
  LwFeedServiceSubscribedFunc  each;
  gpointer                     each_data;
  HostQueues                   queues;   /* (element-type guint) indices into @urls */
  guint                        running;
  guint                        failed;
} Many;

/* One URL of a Many: holds its host's slot until the fetch is over. */
typedef struct
{
  Many     *many;
  PoolHost *host;   /* NULL once the slot is given back */
  guint     index;
} ManyJob;

static void many_pump (Many *many);

static void
many_free (Many *many)
{
  g_clear_pointer (&many->queues.hosts, g_hash_table_unref);
  g_strfreev (many->urls);
  g_free (many);
}

static void
many_job_release_host (gpointer data)
{
  ManyJob *job = data;

  if (job->host == NULL)
    return;

  host_queues_release (&job->many->queues, g_steal_pointer (&job->host));
  many_pump (job->many);
}

static void
on_many_subscribed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree ManyJob *job = user_data;
  Many *many = job->many;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  show = lw_feed_service_subscribe_finish (many->self, result, &error);
  if (show == NULL)
    many->failed++;

  if (many->each != NULL)
    many->each (many->self, job->index, show, error, many->each_data);

  /* Already subscribed, or a bad URL: there was no fetch of its own. */
  many->running--;
  if (job->host != NULL)
    host_queues_release (&many->queues, g_steal_pointer (&job->host));

  many_pump (many);
}

static void
many_pump (Many *many)
{
  GCancellable *cancellable = g_task_get_cancellable (many->task);

  if (g_cancellable_is_cancelled (cancellable))
    host_queues_drop_waiting (&many->queues);

  while (many->running < POOL_MAX_RUNNING)
    {
      gpointer index;
      PoolHost *host = host_queues_pop (&many->queues, &index);
      ManyJob *job;

      if (host == NULL)
        break;

      job = g_new0 (ManyJob, 1);
      job->many = many;
      job->host = host;
      job->index = GPOINTER_TO_UINT (index);
      many->running++;
      subscribe_begin (many->self, many->urls[job->index], NULL, NULL, many_job_release_host, job,
                       cancellable, on_many_subscribed, job);
    }

  if (many->running == 0 && many->queues.queued == 0)
    {
      g_autoptr(GTask) task = g_steal_pointer (&many->task);

      if (!g_task_return_error_if_cancelled (task))
        g_task_return_int (task, many->failed);
      many_free (many);
    }
}

/**
 * lw_feed_service_subscribe_many_async:
 * @urls: (array zero-terminated=1): what to subscribe to
 *
 * See the header.
 */
void
lw_feed_service_subscribe_many_async (LwFeedService               *self,
                                      const char * const          *urls,
                                      LwFeedServiceSubscribedFunc  each,
                                      gpointer                     each_data,
                                      GCancellable                *cancellable,
                                      GAsyncReadyCallback          callback,
                                      gpointer                     user_data)
{
  Many *many;

  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (urls != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->library != NULL);

  many = g_new0 (Many, 1);
  many->self = self;
  many->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (many->task, lw_feed_service_subscribe_many_async);
  many->urls = g_strdupv ((char **) urls);
  many->each = each;
  many->each_data = each_data;
  host_queues_init (&many->queues, NULL);

  for (guint i = 0; many->urls[i] != NULL; i++)
    host_queues_push (&many->queues, many->urls[i], GUINT_TO_POINTER (i));

  many_pump (many);
}

guint
lw_feed_service_subscribe_many_finish (LwFeedService  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  gssize failed;

  g_return_val_if_fail (LW_IS_FEED_SERVICE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_feed_service_subscribe_many_async, 0);

  failed = g_task_propagate_int (G_TASK (result), error);

  return failed < 0 ? 0 : (guint) failed;
}
