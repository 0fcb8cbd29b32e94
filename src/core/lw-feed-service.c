/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-service"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-feed-discovery.h"
#include "lw-feed-parser.h"
#include "lw-feed-service.h"
#include "lw-http.h"
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

struct _LwFeedService
{
  GObject      parent_instance;

  LwLibrary   *library;
  SoupSession *session;
  guint        timeout;
  guint64      max_body_size;

  GHashTable  *refreshes;       /* show id → Refresh: one refresh per show at a time */

  /* Refreshing everything (NULL/0 when it does not run) */
  LwTaskGroup *pool_callers;
  GHashTable  *pool_hosts;      /* host → PoolHost */
  GQueue       pool_turns;      /* (element-type PoolHost) hosts with shows waiting, in turn */
  guint        pool_waiting;    /* shows waiting for a slot */
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

/* The shows of one host waiting in refresh-all, and how many it fetches right now. */
typedef struct
{
  char   *host;
  GQueue  shows;      /* (element-type LwShow) */
  guint   fetching;
  gboolean in_turns;  /* in pool_turns */
} PoolHost;

static void
pool_host_free (PoolHost *host)
{
  g_queue_clear_full (&host->shows, g_object_unref);
  g_free (host->host);
  g_free (host);
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
  g_clear_pointer (&self->pool_hosts, g_hash_table_unref);

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
  self->timeout = DEFAULT_TIMEOUT;
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
  self->refreshes = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->pool_hosts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pool_host_free);
  g_queue_init (&self->pool_turns);
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
} ParseData;

typedef struct
{
  LwFeed *feed;
  char   *feed_link;    /* instead of a feed: the feed the web page names */
} Parsed;

static void
parse_data_free (ParseData *data)
{
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->base_url);
  g_free (data);
}

static void
parsed_free (Parsed *parsed)
{
  g_clear_pointer (&parsed->feed, lw_feed_free);
  g_free (parsed->feed_link);
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
  Parsed *parsed = g_new0 (Parsed, 1);

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

static void
parse_async (LwFeedService       *self,
             LwFetchResult       *fetch,
             gboolean             discover,
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
} Refresh;

/* One show refreshed by the pool. Reference-counted: the pool's task and the refresh
 * it joined each hold it, and either may finish first. */
typedef struct
{
  LwFeedService *self;
  LwShow        *show;
  char          *host;
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

      /* NOT_FOUND: unsubscribed meanwhile, and then there is nothing to show it on. */
      if (!lw_library_set_show_error (self->library, refresh->id, error->message, &local_error) &&
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
  if (parsed->feed->new_feed_url != NULL)
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

  parse_async (self, refresh->fetch, FALSE, lw_task_group_get_cancellable (refresh->callers),
               on_refresh_parsed, refresh);
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

      lw_feed_service_fetch_async (self, lw_show_get_feed_url (show),
                                   lw_show_get_etag (show), lw_show_get_last_modified (show),
                                   lw_task_group_get_cancellable (refresh->callers),
                                   on_refresh_fetched, refresh);
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
} Subscribe;

static void subscribe_start (GTask *task);

static void
subscribe_free (Subscribe *subscribe)
{
  g_free (subscribe->url);
  g_clear_pointer (&subscribe->fetch, lw_fetch_result_free);
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

static void
on_subscribe_merged (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LwLibrary *library = LW_LIBRARY (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = lw_library_merge_feed_finish (library, result, &error);
  if (id == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
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
  if (subscribe->fetch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  parse_async (self, subscribe->fetch, !subscribe->discovered, cancellable,
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
      g_object_set_data_full (G_OBJECT (task), "show", g_object_ref (show), g_object_unref);
      lw_feed_service_refresh_async (self, show, g_task_get_cancellable (task),
                                     on_subscribe_refreshed, task);
      return;
    }

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
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Subscribe *subscribe;

  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->library != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_feed_service_subscribe_async);

  subscribe = g_new0 (Subscribe, 1);
  g_task_set_task_data (task, subscribe, (GDestroyNotify) subscribe_free);

  subscribe->url = lw_feed_service_normalize_url (url, &error);
  if (subscribe->url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
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

static void
pool_enqueue (LwFeedService *self,
              LwShow        *show)
{
  g_autofree char *name = lw_http_dup_host (lw_show_get_feed_url (show));
  PoolHost *host = g_hash_table_lookup (self->pool_hosts, name);

  if (host == NULL)
    {
      host = g_new0 (PoolHost, 1);
      host->host = g_steal_pointer (&name);
      g_queue_init (&host->shows);
      g_hash_table_insert (self->pool_hosts, host->host, host);
    }

  g_queue_push_tail (&host->shows, show);
  self->pool_waiting++;

  if (!host->in_turns)
    {
      g_queue_push_tail (&self->pool_turns, host);
      host->in_turns = TRUE;
    }
}

/* Gives back the host's fetch slot, once. Returns whether it held one. */
static gboolean
pool_slot_release_host (PoolSlot *slot)
{
  PoolHost *host;

  if (!slot->fetching)
    return FALSE;

  slot->fetching = FALSE;
  host = g_hash_table_lookup (slot->self->pool_hosts, slot->host);
  g_assert (host != NULL && host->fetching > 0);
  host->fetching--;

  return TRUE;
}

static void
pool_slot_clear (PoolSlot *slot)
{
  g_clear_object (&slot->self);
  g_clear_object (&slot->show);
  g_free (slot->host);
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
  g_assert (self->pool_waiting == 0);

  g_queue_clear (&self->pool_turns);
  g_hash_table_remove_all (self->pool_hosts);

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

static void
pool_start (LwFeedService *self,
            LwShow        *show,
            PoolHost      *host)
{
  g_autoptr(GTask) task = NULL;
  PoolSlot *slot;
  Refresh *refresh;

  slot = g_rc_box_new0 (PoolSlot);
  slot->self = g_object_ref (self);
  slot->show = show;  /* the queue's reference */
  slot->host = g_strdup (host->host);
  slot->fetching = TRUE;
  host->fetching++;
  self->pool_running++;

  task = g_task_new (self, lw_task_group_get_cancellable (self->pool_callers),
                     on_pool_refreshed, slot);
  g_task_set_source_tag (task, lw_feed_service_refresh_async);
  refresh = refresh_begin (self, show, task);

  /* A refresh that was already running may be past its fetch. */
  if (refresh->fetched)
    pool_slot_release_host (slot);
  else
    g_ptr_array_add (refresh->pool_slots, g_rc_box_acquire (slot));
}

/* Starts waiting shows while there is room: POOL_MAX_RUNNING in all, and
 * POOL_MAX_PER_HOST fetching from any one host, hosts taking turns. Parsing and
 * merging do not hold a host's slot, so one big host does not slow the others. Only
 * hosts are visited, never the waiting shows, so a pass stays cheap with thousands. */
static void
pool_pump (LwFeedService *self)
{
  gboolean started;

  if (self->pool_callers == NULL)
    return;

  if (lw_task_group_is_abandoned (self->pool_callers) && self->pool_waiting > 0)
    {
      for (GList *l = self->pool_turns.head; l != NULL; l = l->next)
        {
          PoolHost *host = l->data;

          g_queue_clear_full (&host->shows, g_object_unref);
          host->in_turns = FALSE;
        }
      g_queue_clear (&self->pool_turns);
      self->pool_waiting = 0;
      set_refresh_progress (self, self->refresh_done, self->refresh_done + self->pool_running);
    }

  do
    {
      GList *link = self->pool_turns.head;

      started = FALSE;
      while (link != NULL && self->pool_running < POOL_MAX_RUNNING)
        {
          GList *next = link->next;
          PoolHost *host = link->data;

          if (host->fetching < POOL_MAX_PER_HOST)
            {
              LwShow *show = g_queue_pop_head (&host->shows);

              self->pool_waiting--;
              if (g_queue_is_empty (&host->shows))
                {
                  g_queue_delete_link (&self->pool_turns, link);
                  host->in_turns = FALSE;
                }

              pool_start (self, show, host);
              started = TRUE;
            }

          link = next;
        }
    }
  while (started && self->pool_running < POOL_MAX_RUNNING);

  if (self->pool_running == 0 && self->pool_waiting == 0)
    pool_finish (self);
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
  g_autoptr(GTask) task = NULL;
  GListModel *shows;
  guint n;

  g_return_if_fail (LW_IS_FEED_SERVICE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->library != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_feed_service_refresh_all_async);

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
    pool_enqueue (self, g_list_model_get_item (shows, i));

  /* Kept alive until the pool is done; released in pool_finish(). */
  g_object_ref (self);
  self->pool_callers = lw_task_group_new ();
  self->pool_failed = 0;
  lw_task_group_add (self->pool_callers, task);

  set_refresh_progress (self, 0, n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);

  pool_pump (self);
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
