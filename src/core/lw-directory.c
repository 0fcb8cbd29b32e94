/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-directory"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lw-directory.h"
#include "lw-http.h"

#define DEFAULT_APPLE_URL  "https://itunes.apple.com"
#define DEFAULT_CHARTS_URL "https://rss.marketingtools.apple.com"
#define DEFAULT_FYYD_URL   "https://api.fyyd.de"
#define DEFAULT_TIMEOUT    15
/* Directory answers are a few hundred KB at most; anything far bigger is not one. */
#define MAX_BODY_SIZE      (8 * 1024 * 1024)
#define SEARCH_LIMIT       50
#define MAX_TOP_LIMIT      200
#define JSON_ACCEPT        "application/json, text/javascript;q=0.9, */*;q=0.1"

typedef enum
{
  PROVIDER_APPLE,
  PROVIDER_FYYD,
  N_PROVIDERS
} Provider;

static const char *provider_ids[N_PROVIDERS] = {
  LW_DIRECTORY_PROVIDER_APPLE,
  LW_DIRECTORY_PROVIDER_FYYD,
};

struct _LwDirectory
{
  GObject       parent_instance;

  GSettings    *settings;
  SoupSession  *session;
  char         *apple_url;
  char         *charts_url;
  char         *fyyd_url;
  char         *country;
  gboolean      apple_enabled;
  gboolean      fyyd_enabled;
  guint         timeout;

  GListStore   *results;
  char         *warning;
  GCancellable *current;   /* the running request's own cancellable, or NULL */
};

G_DEFINE_FINAL_TYPE (LwDirectory, lw_directory, G_TYPE_OBJECT)

G_DEFINE_QUARK (lw-directory-error-quark, lw_directory_error)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_APPLE_URL,
  PROP_CHARTS_URL,
  PROP_FYYD_URL,
  PROP_APPLE_ENABLED,
  PROP_FYYD_ENABLED,
  PROP_COUNTRY,
  PROP_TIMEOUT,
  PROP_RESULTS,
  PROP_BUSY,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One show as a directory described it, before it becomes an LwDirectoryResult. */
typedef struct
{
  const char *provider;
  char       *feed_url;
  char       *title;
  char       *author;
  char       *artwork_url;
  char       *genre;
  int         episode_count;
  gint64      apple_id;
} Entry;

typedef enum
{
  KIND_SEARCH,
  KIND_TOP,
} RequestKind;

typedef struct
{
  RequestKind   kind;
  GCancellable *cancellable;         /* ours: the caller's, or a newer request, cancel it */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  char         *text;                /* the search text, or the country for KIND_TOP */
  char         *country;
  guint         limit;
  guint         pending;
  GPtrArray    *entries[N_PROVIDERS];  /* Entry *, NULL when not queried or failed */
  GError       *errors[N_PROVIDERS];
  GPtrArray    *chart;               /* KIND_TOP: the chart's entries, in rank order */
  char         *warning;             /* set when the request succeeded only partly */
} Request;

typedef struct
{
  GTask    *task;
  Provider  provider;
} Call;

static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
entry_free (Entry *entry)
{
  g_free (entry->feed_url);
  g_free (entry->title);
  g_free (entry->author);
  g_free (entry->artwork_url);
  g_free (entry->genre);
  g_free (entry);
}

static void
request_free (Request *request)
{
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_free (request->text);
  g_free (request->country);
  g_free (request->warning);
  for (guint i = 0; i < N_PROVIDERS; i++)
    {
      g_clear_pointer (&request->entries[i], g_ptr_array_unref);
      g_clear_error (&request->errors[i]);
    }
  g_clear_pointer (&request->chart, g_ptr_array_unref);
  g_free (request);
}

/* Locale → country */

/* For a locale without a territory ("de", "ja"): the country its language is chiefly
 * spoken in, where that differs from the language code or is worth stating. */
static const struct {
  const char *language;
  const char *country;
} language_countries[] = {
  { "ar", "sa" }, { "be", "by" }, { "bg", "bg" }, { "bn", "bd" }, { "ca", "es" },
  { "cs", "cz" }, { "da", "dk" }, { "de", "de" }, { "el", "gr" }, { "en", "us" },
  { "es", "es" }, { "et", "ee" }, { "eu", "es" }, { "fa", "ir" }, { "fi", "fi" },
  { "fr", "fr" }, { "ga", "ie" }, { "gl", "es" }, { "he", "il" }, { "hi", "in" },
  { "hr", "hr" }, { "hu", "hu" }, { "id", "id" }, { "is", "is" }, { "it", "it" },
  { "ja", "jp" }, { "ka", "ge" }, { "kk", "kz" }, { "ko", "kr" }, { "lt", "lt" },
  { "lv", "lv" }, { "ms", "my" }, { "nb", "no" }, { "nl", "nl" }, { "nn", "no" },
  { "no", "no" }, { "pl", "pl" }, { "pt", "pt" }, { "ro", "ro" }, { "ru", "ru" },
  { "sk", "sk" }, { "sl", "si" }, { "sr", "rs" }, { "sv", "se" }, { "th", "th" },
  { "tr", "tr" }, { "uk", "ua" }, { "vi", "vn" }, { "zh", "cn" },
};

char *
lw_directory_country_from_locale (const char *locale)
{
  g_autofree char *language = NULL;
  const char *end;
  const char *underscore;

  if (locale == NULL || *locale == '\0'
      || g_str_equal (locale, "C") || g_str_has_prefix (locale, "C.")
      || g_str_equal (locale, "POSIX"))
    return g_strdup ("us");

  /* language[_territory][.codeset][@modifier] */
  end = locale + strcspn (locale, ".@");
  underscore = memchr (locale, '_', end - locale);

  if (underscore != NULL && end - underscore == 3
      && g_ascii_isalpha (underscore[1]) && g_ascii_isalpha (underscore[2]))
    {
      char country[3] = { g_ascii_tolower (underscore[1]), g_ascii_tolower (underscore[2]), '\0' };

      return g_strdup (country);
    }

  /* "es_419" (a UN region, not a country) and "de" fall back on the language. */
  language = g_ascii_strdown (locale, (underscore != NULL ? underscore : end) - locale);
  for (guint i = 0; i < G_N_ELEMENTS (language_countries); i++)
    {
      if (g_str_equal (language, language_countries[i].language))
        return g_strdup (language_countries[i].country);
    }

  return g_strdup ("us");
}

char *
lw_directory_country_from_environment (void)
{
  static const char *variables[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return lw_directory_country_from_locale (value);
    }

  return lw_directory_country_from_locale (NULL);
}

static gboolean
is_country_code (const char *country)
{
  return country != NULL && strlen (country) == 2
         && g_ascii_isalpha (country[0]) && g_ascii_isalpha (country[1]);
}

/* JSON helpers: directories leave members out or change their types now and then, so
 * every read checks the type and treats anything unexpected as missing. */

static const char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  return value != NULL && *value != '\0' ? value : NULL;
}

/* Numbers may come as numbers or as strings of digits (Apple's charts send ids as text). */
static gboolean
json_int (JsonObject *object,
          const char *member,
          gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = (gint64) json_node_get_double (node);
  else if (type == G_TYPE_STRING)
    return g_ascii_string_to_signed (json_node_get_string (node), 10, 0, G_MAXINT64, out, NULL);
  else
    return FALSE;

  return TRUE;
}

static JsonArray *
json_array (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
json_object (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
dup_stripped (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

/* The feed URL when it is an http(s) address, else NULL (the result is then skipped). */
static char *
dup_feed_url (const char *text)
{
  g_autofree char *url = dup_stripped (text);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    return NULL;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;

  return g_steal_pointer (&url);
}

/* Two directories list the same show under http and https, with and without a
 * trailing slash, with the host in any case: none of that makes it another show. */
static char *
dedup_key (const char *feed_url)
{
  g_autoptr(GUri) uri = g_uri_parse (feed_url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  const char *query;

  if (uri == NULL)
    return g_strdup (feed_url);

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  path = g_strdup (g_uri_get_path (uri));
  while (*path != '\0' && g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  query = g_uri_get_query (uri);

  return g_strdup_printf ("%s%s%s%s", host, path, query != NULL ? "?" : "", query != NULL ? query : "");
}

static GError *
error_malformed (const char *url)
{
  g_autofree char *host = lw_http_dup_host (url);

  return g_error_new (LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_MALFORMED,
                      _("%s sent an answer that Longwave could not read"), host);
}

static JsonNode *
parse_json (LwFetchResult  *fetch,
            GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (fetch->body, &size);

  if (size == 0 || !g_utf8_validate (data, size, NULL)
      || !json_parser_load_from_data (parser, data, size, NULL)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_propagate_error (error, error_malformed (fetch->final_url));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* The iTunes Search API, for /search and /lookup alike:
 * {"resultCount": N, "results": [{"collectionId", "collectionName", "artistName",
 *   "feedUrl", "artworkUrl600", "artworkUrl100", "trackCount", "primaryGenreName"}]} */
static GPtrArray *
parse_itunes (LwFetchResult  *fetch,
              GError        **error)
{
  g_autoptr(JsonNode) root = parse_json (fetch, error);
  g_autoptr(GPtrArray) entries = NULL;
  JsonArray *results;

  if (root == NULL)
    return NULL;

  results = json_array (json_node_get_object (root), "results");
  if (results == NULL)
    {
      g_propagate_error (error, error_malformed (fetch->final_url));
      return NULL;
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *object;
      Entry *entry;
      gint64 count = -1;
      g_autofree char *feed_url = NULL;
      const char *title;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);

      /* Apple lists shows that exist only inside its app (no feedUrl): nothing to subscribe to. */
      feed_url = dup_feed_url (json_string (object, "feedUrl"));
      if (feed_url == NULL)
        continue;

      entry = g_new0 (Entry, 1);
      entry->provider = LW_DIRECTORY_PROVIDER_APPLE;
      entry->feed_url = g_steal_pointer (&feed_url);
      title = json_string (object, "collectionName");
      entry->title = dup_stripped (title != NULL ? title : json_string (object, "trackName"));
      entry->author = dup_stripped (json_string (object, "artistName"));
      entry->artwork_url = g_strdup (json_string (object, "artworkUrl600"));
      if (entry->artwork_url == NULL)
        entry->artwork_url = g_strdup (json_string (object, "artworkUrl100"));
      entry->genre = g_strdup (json_string (object, "primaryGenreName"));
      entry->episode_count = json_int (object, "trackCount", &count) && count >= 0
                             ? (int) MIN (count, G_MAXINT) : -1;
      if (!json_int (object, "collectionId", &entry->apple_id))
        entry->apple_id = 0;

      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

/* fyyd API 0.2, /search/podcast:
 * {"status": 1, "msg": "ok", "data": [{"title", "xmlURL", "imgURL", "layoutImageURL",
 *   "author", "episode_count", …}]}; on failure "status": 0 and "msg" says why. */
static GPtrArray *
parse_fyyd (LwFetchResult  *fetch,
            GError        **error)
{
  g_autoptr(JsonNode) root = parse_json (fetch, error);
  g_autoptr(GPtrArray) entries = NULL;
  JsonObject *object;
  JsonArray *data;
  gint64 status = 1;

  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  if (json_int (object, "status", &status) && status != 1)
    {
      g_autofree char *host = lw_http_dup_host (fetch->final_url);
      const char *message = json_string (object, "msg");

      g_set_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_HTTP,
                   _("%s reported an error: %s"), host, message != NULL ? message : _("no reason given"));
      return NULL;
    }

  data = json_array (object, "data");
  if (data == NULL)
    {
      g_propagate_error (error, error_malformed (fetch->final_url));
      return NULL;
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      JsonObject *show;
      Entry *entry;
      gint64 count = -1;
      g_autofree char *feed_url = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      show = json_node_get_object (node);

      feed_url = dup_feed_url (json_string (show, "xmlURL"));
      if (feed_url == NULL)
        continue;

      entry = g_new0 (Entry, 1);
      entry->provider = LW_DIRECTORY_PROVIDER_FYYD;
      entry->feed_url = g_steal_pointer (&feed_url);
      entry->title = dup_stripped (json_string (show, "title"));
      entry->author = dup_stripped (json_string (show, "author"));
      entry->artwork_url = g_strdup (json_string (show, "imgURL"));
      if (entry->artwork_url == NULL)
        entry->artwork_url = g_strdup (json_string (show, "layoutImageURL"));
      /* fyyd's categories are numeric ids that need another call to name: no genre. */
      entry->episode_count = json_int (show, "episode_count", &count) && count >= 0
                             ? (int) MIN (count, G_MAXINT) : -1;

      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

/* Apple's charts (marketing tools RSS, JSON flavour):
 * {"feed": {"country": "us", "results": [{"id": "1200361736", "name", "artistName",
 *   "artworkUrl100", "genres": [{"genreId", "name", "url"}], "url"}]}}
 * No feed URLs: entries carry the Apple id for the lookup call. */
static GPtrArray *
parse_charts (LwFetchResult  *fetch,
              GError        **error)
{
  g_autoptr(JsonNode) root = parse_json (fetch, error);
  g_autoptr(GPtrArray) entries = NULL;
  JsonArray *results;

  if (root == NULL)
    return NULL;

  results = json_array (json_object (json_node_get_object (root), "feed"), "results");
  if (results == NULL)
    {
      g_propagate_error (error, error_malformed (fetch->final_url));
      return NULL;
    }

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *object;
      JsonArray *genres;
      Entry *entry;
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (!json_int (object, "id", &id) || id <= 0)
        continue;

      entry = g_new0 (Entry, 1);
      entry->provider = LW_DIRECTORY_PROVIDER_APPLE;
      entry->apple_id = id;
      entry->title = dup_stripped (json_string (object, "name"));
      entry->author = dup_stripped (json_string (object, "artistName"));
      entry->artwork_url = g_strdup (json_string (object, "artworkUrl100"));
      entry->episode_count = -1;
      genres = json_array (object, "genres");
      if (genres != NULL && json_array_get_length (genres) > 0
          && JSON_NODE_HOLDS_OBJECT (json_array_get_element (genres, 0)))
        entry->genre = g_strdup (json_string (json_array_get_object_element (genres, 0), "name"));

      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

/* Merging */

static void
fill_str (char       **field,
          const char  *value)
{
  if ((*field == NULL || **field == '\0') && value != NULL)
    set_str (field, value);
}

/* Appends @entries to @merged, folding duplicates into the entry already there. */
static void
merge_entries (GPtrArray  *merged,
               GHashTable *seen,
               GPtrArray  *entries)
{
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      g_autofree char *key = dedup_key (entry->feed_url);
      Entry *existing = g_hash_table_lookup (seen, key);

      if (existing == NULL)
        {
          g_ptr_array_add (merged, entry);
          g_hash_table_insert (seen, g_steal_pointer (&key), entry);
          continue;
        }

      fill_str (&existing->title, entry->title);
      fill_str (&existing->author, entry->author);
      fill_str (&existing->artwork_url, entry->artwork_url);
      fill_str (&existing->genre, entry->genre);
      if (existing->episode_count < 0)
        existing->episode_count = entry->episode_count;
    }
}

static GListStore *
store_from_entries (GPtrArray *entries)
{
  GListStore *store = g_list_store_new (LW_TYPE_DIRECTORY_RESULT);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      g_autoptr(LwDirectoryResult) result = NULL;

      result = lw_directory_result_new (entry->provider, entry->feed_url, entry->title,
                                        entry->author, entry->artwork_url, entry->genre,
                                        entry->episode_count);
      g_list_store_append (store, result);
    }

  return store;
}

/* Request bookkeeping */

static void
set_busy_and_warning (LwDirectory *self,
                      gboolean     busy,
                      const char  *warning)
{
  gboolean was_busy = self->current != NULL;

  if (!busy)
    g_clear_object (&self->current);

  if (set_str (&self->warning, warning))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
  if (was_busy != busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
replace_results (LwDirectory *self,
                 GListModel  *model)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint n_new = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_new; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  g_list_store_splice (self->results, 0, n_old, items->pdata, items->len);
}

static gboolean
is_current (LwDirectory *self,
            Request     *request)
{
  return self->current == request->cancellable;
}

/* Ends a request that failed or was cancelled; results stay when it was cancelled. */
static void
finish_with_error (GTask  *task,
                   GError *error)
{
  LwDirectory *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (is_current (self, request))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        replace_results (self, NULL);
      set_busy_and_warning (self, FALSE, NULL);
    }

  g_task_return_error (task, error);
}

static void
finish_with_entries (GTask      *task,
                     GPtrArray  *entries,
                     const char *warning)
{
  LwDirectory *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GListStore) store = store_from_entries (entries);

  request->warning = g_strdup (warning);
  if (is_current (self, request))
    {
      replace_results (self, G_LIST_MODEL (store));
      set_busy_and_warning (self, FALSE, warning);
    }

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static GTask *
request_new (LwDirectory         *self,
             RequestKind          kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  /* The previous request is answered with G_IO_ERROR_CANCELLED, never with our results. */
  g_task_set_check_cancellable (task, FALSE);

  request->kind = kind;
  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                       g_object_ref (request->cancellable),
                                                       g_object_unref);
    }
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  return task;
}

/* Makes @task the running request, cancelling the one before it. */
static void
request_start (LwDirectory *self,
               GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GCancellable) previous = g_steal_pointer (&self->current);

  self->current = g_object_ref (request->cancellable);
  if (previous != NULL)
    g_cancellable_cancel (previous);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
build_url (const char *base,
           const char *path_and_query)
{
  return g_strconcat (base, path_and_query, NULL);
}

static void
call_provider (GTask               *task,
               Provider             provider,
               const char          *url,
               GAsyncReadyCallback  callback)
{
  LwDirectory *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  Call *call = g_new0 (Call, 1);

  call->task = g_object_ref (task);
  call->provider = provider;
  request->pending++;

  lw_http_get_async (self->session, url, NULL, NULL, JSON_ACCEPT, MAX_BODY_SIZE,
                     request->cancellable, callback, call);
}

/* "Could not reach…", "…did not answer…", "…answered 503…" from lw-http, as our codes. */
static LwDirectoryError
code_from_http (const GError *error)
{
  if (error->domain == LW_DIRECTORY_ERROR)
    return error->code;

  if (error->domain == LW_FEED_SERVICE_ERROR)
    {
      switch ((LwFeedServiceError) error->code)
        {
        case LW_FEED_SERVICE_ERROR_INVALID_URL:
          return LW_DIRECTORY_ERROR_INVALID_URL;
        case LW_FEED_SERVICE_ERROR_TIMEOUT:
          return LW_DIRECTORY_ERROR_TIMEOUT;
        case LW_FEED_SERVICE_ERROR_HTTP:
        case LW_FEED_SERVICE_ERROR_GONE:
          return LW_DIRECTORY_ERROR_HTTP;
        case LW_FEED_SERVICE_ERROR_TOO_LARGE:
        case LW_FEED_SERVICE_ERROR_NOT_A_FEED:
          return LW_DIRECTORY_ERROR_MALFORMED;
        case LW_FEED_SERVICE_ERROR_NETWORK:
        default:
          return LW_DIRECTORY_ERROR_NETWORK;
        }
    }

  return LW_DIRECTORY_ERROR_NETWORK;
}

/* Says which directory failed, in front of what went wrong. */
static GError *
wrap_error (RequestKind   kind,
            Provider      provider,
            const GError *error)
{
  const char *name = lw_directory_provider_get_name (provider_ids[provider]);

  if (kind == KIND_TOP)
    return g_error_new (LW_DIRECTORY_ERROR, code_from_http (error),
                        /* Translators: the first %s is a directory ("Apple Podcasts"), the second why */
                        _("Could not load the top shows from %s. %s"), name, error->message);

  return g_error_new (LW_DIRECTORY_ERROR, code_from_http (error),
                      /* Translators: the first %s is a directory ("fyyd"), the second why */
                      _("Could not search %s. %s"), name, error->message);
}

/* Search */

static void
search_complete (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GPtrArray) merged = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) failures = g_string_new (NULL);
  const GError *first_error = NULL;
  gboolean any_answer = FALSE;

  if (g_cancellable_is_cancelled (request->cancellable))
    {
      finish_with_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                    _("The search was cancelled")));
      return;
    }

  for (guint i = 0; i < N_PROVIDERS; i++)
    {
      if (request->errors[i] != NULL)
        {
          if (first_error == NULL)
            first_error = request->errors[i];
          if (failures->len > 0)
            g_string_append_c (failures, '\n');
          g_string_append (failures, request->errors[i]->message);
        }
      else if (request->entries[i] != NULL)
        {
          any_answer = TRUE;
          merge_entries (merged, seen, request->entries[i]);
        }
    }

  if (first_error != NULL && (!any_answer || merged->len == 0))
    {
      finish_with_error (task, g_error_new_literal (LW_DIRECTORY_ERROR, first_error->code, failures->str));
      return;
    }

  if (merged->len == 0)
    {
      finish_with_error (task, g_error_new (LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_NO_RESULTS,
                                            _("No shows found for “%s”"), request->text));
      return;
    }

  finish_with_entries (task, merged, failures->len > 0 ? failures->str : NULL);
}

static void
on_search_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GTask) task = call->task;
  Provider provider = call->provider;
  Request *request = g_task_get_task_data (task);
  g_autoptr(LwFetchResult) fetch = NULL;
  g_autoptr(GError) error = NULL;

  g_free (call);

  fetch = lw_http_get_finish (result, &error);
  if (fetch != NULL)
    {
      if (provider == PROVIDER_APPLE)
        request->entries[provider] = parse_itunes (fetch, &error);
      else
        request->entries[provider] = parse_fyyd (fetch, &error);
    }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    request->errors[provider] = wrap_error (KIND_SEARCH, provider, error);

  if (--request->pending == 0)
    search_complete (task);
}

static char *
dup_effective_country (LwDirectory *self,
                       const char  *country)
{
  if (country != NULL && *country != '\0')
    return g_ascii_strdown (country, -1);

  return lw_directory_dup_country (self);
}

void
lw_directory_search_async (LwDirectory         *self,
                           const char          *text,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *term = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *country = NULL;
  Request *request;

  g_return_if_fail (LW_IS_DIRECTORY (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_new (self, KIND_SEARCH, cancellable, callback, user_data, lw_directory_search_async);
  request = g_task_get_task_data (task);
  request_start (self, task);

  term = g_strstrip (g_strdup (text));
  request->text = g_strdup (term);

  if (*term == '\0')
    {
      finish_with_error (task, g_error_new_literal (LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_EMPTY_QUERY,
                                                    _("Type the name of a show or a topic to search for")));
      return;
    }

  if (!self->apple_enabled && !self->fyyd_enabled)
    {
      finish_with_error (task, g_error_new_literal (LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_DISABLED,
                                                    _("Every podcast directory is switched off in Preferences")));
      return;
    }

  escaped = g_uri_escape_string (term, NULL, FALSE);
  country = dup_effective_country (self, NULL);
  /* A mistyped country setting should not break searching; the top list reports it. */
  if (!is_country_code (country))
    {
      g_free (country);
      country = lw_directory_country_from_environment ();
    }

  /* Both at once; the answer waits for both, so the order of the results is stable. */
  if (self->apple_enabled)
    {
      g_autofree char *path = g_strdup_printf ("/search?media=podcast&entity=podcast&limit=%u&country=%s&term=%s",
                                               SEARCH_LIMIT, country, escaped);
      g_autofree char *url = build_url (self->apple_url, path);

      call_provider (task, PROVIDER_APPLE, url, on_search_answer);
    }

  if (self->fyyd_enabled)
    {
      g_autofree char *path = g_strdup_printf ("/0.2/search/podcast?count=%u&term=%s", SEARCH_LIMIT, escaped);
      g_autofree char *url = build_url (self->fyyd_url, path);

      call_provider (task, PROVIDER_FYYD, url, on_search_answer);
    }
}

GListModel *
lw_directory_search_finish (LwDirectory   *self,
                            GAsyncResult  *result,
                            char         **warning,
                            GError       **error)
{
  Request *request;
  GListModel *model;

  g_return_val_if_fail (LW_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_directory_search_async, NULL);

  request = g_task_get_task_data (G_TASK (result));
  model = g_task_propagate_pointer (G_TASK (result), error);

  if (warning != NULL)
    *warning = model != NULL ? g_strdup (request->warning) : NULL;

  return model;
}

/* Top shows */

static gboolean
top_finish_if_cancelled (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (!g_cancellable_is_cancelled (request->cancellable))
    return FALSE;

  finish_with_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                _("Loading the top shows was cancelled")));
  return TRUE;
}

static void
top_finish_empty (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  finish_with_error (task, g_error_new (LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_NO_RESULTS,
                                        _("Apple Podcasts has no top shows for the country “%s”"),
                                        request->country));
}

static void
on_lookup_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GTask) task = call->task;
  Request *request = g_task_get_task_data (task);
  g_autoptr(LwFetchResult) fetch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(GHashTable) seen = NULL;

  g_free (call);

  fetch = lw_http_get_finish (result, &error);
  if (fetch != NULL)
    found = parse_itunes (fetch, &error);

  if (top_finish_if_cancelled (task))
    return;

  if (found == NULL)
    {
      finish_with_error (task, wrap_error (KIND_TOP, PROVIDER_APPLE, error));
      return;
    }

  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < found->len; i++)
    {
      Entry *entry = g_ptr_array_index (found, i);

      if (entry->apple_id > 0)
        g_hash_table_insert (by_id, &entry->apple_id, entry);
    }

  /* The chart's order and names (localised for the country); the lookup's feed URL,
   * episode count and larger artwork. */
  ranked = g_ptr_array_new ();
  for (guint i = 0; i < request->chart->len; i++)
    {
      Entry *entry = g_ptr_array_index (request->chart, i);
      Entry *lookup = g_hash_table_lookup (by_id, &entry->apple_id);

      if (lookup == NULL)
        continue;

      entry->feed_url = g_strdup (lookup->feed_url);
      entry->episode_count = lookup->episode_count;
      if (lookup->artwork_url != NULL)
        set_str (&entry->artwork_url, lookup->artwork_url);
      fill_str (&entry->title, lookup->title);
      fill_str (&entry->author, lookup->author);
      fill_str (&entry->genre, lookup->genre);
      g_ptr_array_add (ranked, entry);
    }

  /* A show charting twice (it happens across chart refreshes) appears once. */
  request->entries[PROVIDER_APPLE] = g_ptr_array_new ();
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  merge_entries (request->entries[PROVIDER_APPLE], seen, ranked);

  if (request->entries[PROVIDER_APPLE]->len == 0)
    {
      top_finish_empty (task);
      return;
    }

  finish_with_entries (task, request->entries[PROVIDER_APPLE], NULL);
}

static void
on_charts_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GTask) task = call->task;
  LwDirectory *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(LwFetchResult) fetch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;

  g_free (call);

  fetch = lw_http_get_finish (result, &error);
  if (fetch != NULL)
    request->chart = parse_charts (fetch, &error);

  if (top_finish_if_cancelled (task))
    return;

  if (request->chart == NULL)
    {
      finish_with_error (task, wrap_error (KIND_TOP, PROVIDER_APPLE, error));
      return;
    }

  if (request->chart->len == 0)
    {
      top_finish_empty (task);
      return;
    }

  /* One lookup for the whole chart: the iTunes lookup takes a comma-separated id list. */
  for (guint i = 0; i < request->chart->len; i++)
    {
      Entry *entry = g_ptr_array_index (request->chart, i);

      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", entry->apple_id);
    }

  path = g_strdup_printf ("/lookup?entity=podcast&country=%s&id=%s", request->country, ids->str);
  url = build_url (self->apple_url, path);
  call_provider (task, PROVIDER_APPLE, url, on_lookup_answer);
}

void
lw_directory_top_async (LwDirectory         *self,
                        const char          *country,
                        guint                limit,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  Request *request;

  g_return_if_fail (LW_IS_DIRECTORY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_new (self, KIND_TOP, cancellable, callback, user_data, lw_directory_top_async);
  request = g_task_get_task_data (task);
  request_start (self, task);

  request->country = dup_effective_country (self, country);
  request->limit = CLAMP (limit, 1, MAX_TOP_LIMIT);

  if (!is_country_code (request->country))
    {
      finish_with_error (task, g_error_new (LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_INVALID_COUNTRY,
                                            _("“%s” is not a country code; use two letters, like “us” or “de”"),
                                            request->country));
      return;
    }

  if (!self->apple_enabled)
    {
      finish_with_error (task, g_error_new_literal (LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_DISABLED,
                                                    _("The top shows come from Apple Podcasts, which is switched off in Preferences")));
      return;
    }

  path = g_strdup_printf ("/api/v2/%s/podcasts/top/%u/podcasts.json", request->country, request->limit);
  url = build_url (self->charts_url, path);
  call_provider (task, PROVIDER_APPLE, url, on_charts_answer);
}

GListModel *
lw_directory_top_finish (LwDirectory   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LW_IS_DIRECTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_directory_top_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lw_directory_cancel (LwDirectory *self)
{
  g_return_if_fail (LW_IS_DIRECTORY (self));

  if (self->current != NULL)
    g_cancellable_cancel (self->current);
}

/* GObject */

static void
set_base_url (LwDirectory *self,
              char       **field,
              const char  *value,
              guint        prop_id)
{
  g_autofree char *url = g_strstrip (g_strdup (value != NULL ? value : ""));

  /* Paths are appended with their leading slash. */
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  if (set_str (field, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_enabled (LwDirectory *self,
             gboolean    *field,
             gboolean     value,
             guint        prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
lw_directory_constructed (GObject *object)
{
  LwDirectory *self = LW_DIRECTORY (object);

  G_OBJECT_CLASS (lw_directory_parent_class)->constructed (object);

  /* Created here, on the caller's thread-default context, which libsoup binds to. */
  self->session = lw_http_session_new (self->timeout);

  if (self->settings != NULL)
    {
      /* GET only: the service never writes the user's settings (the CLI's overrides stay local). */
      g_settings_bind (self->settings, "directory-apple-url", self, "apple-url", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "directory-charts-url", self, "charts-url", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "directory-fyyd-url", self, "fyyd-url", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "directory-apple-enabled", self, "apple-enabled", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "directory-fyyd-enabled", self, "fyyd-enabled", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "directory-country", self, "country", G_SETTINGS_BIND_GET);
    }
}

static void
lw_directory_dispose (GObject *object)
{
  LwDirectory *self = LW_DIRECTORY (object);

  if (self->current != NULL)
    g_cancellable_cancel (self->current);
  g_clear_object (&self->current);
  if (self->settings != NULL)
    {
      g_settings_unbind (self, "apple-url");
      g_settings_unbind (self, "charts-url");
      g_settings_unbind (self, "fyyd-url");
      g_settings_unbind (self, "apple-enabled");
      g_settings_unbind (self, "fyyd-enabled");
      g_settings_unbind (self, "country");
    }
  g_clear_object (&self->settings);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (lw_directory_parent_class)->dispose (object);
}

static void
lw_directory_finalize (GObject *object)
{
  LwDirectory *self = LW_DIRECTORY (object);

  g_clear_object (&self->results);
  g_clear_pointer (&self->apple_url, g_free);
  g_clear_pointer (&self->charts_url, g_free);
  g_clear_pointer (&self->fyyd_url, g_free);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->warning, g_free);

  G_OBJECT_CLASS (lw_directory_parent_class)->finalize (object);
}

static void
lw_directory_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LwDirectory *self = LW_DIRECTORY (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_APPLE_URL:
      g_value_set_string (value, self->apple_url);
      break;

    case PROP_CHARTS_URL:
      g_value_set_string (value, self->charts_url);
      break;

    case PROP_FYYD_URL:
      g_value_set_string (value, self->fyyd_url);
      break;

    case PROP_APPLE_ENABLED:
      g_value_set_boolean (value, self->apple_enabled);
      break;

    case PROP_FYYD_ENABLED:
      g_value_set_boolean (value, self->fyyd_enabled);
      break;

    case PROP_COUNTRY:
      g_value_set_string (value, self->country);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_RESULTS:
      g_value_set_object (value, self->results);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, lw_directory_get_busy (self));
      break;

    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_directory_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LwDirectory *self = LW_DIRECTORY (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_APPLE_URL:
      set_base_url (self, &self->apple_url, g_value_get_string (value), prop_id);
      break;

    case PROP_CHARTS_URL:
      set_base_url (self, &self->charts_url, g_value_get_string (value), prop_id);
      break;

    case PROP_FYYD_URL:
      set_base_url (self, &self->fyyd_url, g_value_get_string (value), prop_id);
      break;

    case PROP_APPLE_ENABLED:
      set_enabled (self, &self->apple_enabled, g_value_get_boolean (value), prop_id);
      break;

    case PROP_FYYD_ENABLED:
      set_enabled (self, &self->fyyd_enabled, g_value_get_boolean (value), prop_id);
      break;

    case PROP_COUNTRY:
      {
        g_autofree char *country = g_ascii_strdown (g_value_get_string (value) != NULL
                                                    ? g_value_get_string (value) : "", -1);

        if (set_str (&self->country, g_strstrip (country)))
          g_object_notify_by_pspec (object, pspec);
      }
      break;

    case PROP_TIMEOUT:
      lw_directory_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_directory_class_init (LwDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = lw_directory_constructed;
  object_class->dispose = lw_directory_dispose;
  object_class->finalize = lw_directory_finalize;
  object_class->get_property = lw_directory_get_property;
  object_class->set_property = lw_directory_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLE_URL] = g_param_spec_string ("apple-url", NULL, NULL, DEFAULT_APPLE_URL, rw);
  properties[PROP_CHARTS_URL] = g_param_spec_string ("charts-url", NULL, NULL, DEFAULT_CHARTS_URL, rw);
  properties[PROP_FYYD_URL] = g_param_spec_string ("fyyd-url", NULL, NULL, DEFAULT_FYYD_URL, rw);
  properties[PROP_APPLE_ENABLED] = g_param_spec_boolean ("apple-enabled", NULL, NULL, TRUE, rw);
  properties[PROP_FYYD_ENABLED] = g_param_spec_boolean ("fyyd-enabled", NULL, NULL, TRUE, rw);
  properties[PROP_COUNTRY] = g_param_spec_string ("country", NULL, NULL, "", rw);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, 600, DEFAULT_TIMEOUT, rw);
  properties[PROP_RESULTS] = g_param_spec_object ("results", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_WARNING] = g_param_spec_string ("warning", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_directory_init (LwDirectory *self)
{
  self->apple_url = g_strdup (DEFAULT_APPLE_URL);
  self->charts_url = g_strdup (DEFAULT_CHARTS_URL);
  self->fyyd_url = g_strdup (DEFAULT_FYYD_URL);
  self->country = g_strdup ("");
  self->apple_enabled = TRUE;
  self->fyyd_enabled = TRUE;
  self->timeout = DEFAULT_TIMEOUT;
  self->results = g_list_store_new (LW_TYPE_DIRECTORY_RESULT);
}

LwDirectory *
lw_directory_new (GSettings *settings)
{
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (LW_TYPE_DIRECTORY, "settings", settings, NULL);
}

GListModel *
lw_directory_get_results (LwDirectory *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY (self), NULL);

  return G_LIST_MODEL (self->results);
}

gboolean
lw_directory_get_busy (LwDirectory *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY (self), FALSE);

  return self->current != NULL;
}

const char *
lw_directory_get_warning (LwDirectory *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY (self), NULL);

  return self->warning;
}

guint
lw_directory_get_timeout (LwDirectory *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY (self), 0);

  return self->timeout;
}

void
lw_directory_set_timeout (LwDirectory *self,
                          guint        timeout)
{
  g_return_if_fail (LW_IS_DIRECTORY (self));

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  /* libsoup gives a connection the timeout of the moment it opened: a fresh session
   * makes the new value hold for every request from now on. Running requests keep
   * the old session alive until they end. */
  if (self->session != NULL)
    {
      g_clear_object (&self->session);
      self->session = lw_http_session_new (timeout);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

char *
lw_directory_dup_country (LwDirectory *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY (self), NULL);

  if (self->country != NULL && *self->country != '\0')
    return g_strdup (self->country);

  return lw_directory_country_from_environment ();
}
