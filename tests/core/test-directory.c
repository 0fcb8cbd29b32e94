/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-directory"

#include "config.h"

#include <locale.h>

#include "core/lw-directory.h"
#include "lw-test-http.h"

#define SEARCH_PATH "/search"
#define LOOKUP_PATH "/lookup"
#define FYYD_PATH   "/0.2/search/podcast"

static const char *cli_path;

typedef struct
{
  LwTestHttp  *http;
  GSettings   *settings;
  LwDirectory *directory;
  char        *last_charts_path;
  GHashTable  *last_query;      /* path → "k=v&…" of the last request there */
  GPtrArray   *held;            /* SoupServerMessage * paused forever */
} Fixture;

static void
serve_file (SoupServerMessage *msg,
            const char        *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "directory", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE, contents, length);
}

static void
serve_status (SoupServerMessage *msg,
              guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<h1>no</h1>", 11);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *term = query != NULL ? g_hash_table_lookup (query, "term") : NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  gboolean fyyd = g_str_equal (path, FYYD_PATH);

  g_hash_table_insert (fixture->last_query, g_strdup (path), g_strdup (g_uri_get_query (uri)));

  if (g_str_equal (path, SEARCH_PATH) || fyyd)
    {
      if (g_strcmp0 (term, "slow") == 0)
        {
          /* Never answers: the client's timeout or a cancellation has to end it. */
          soup_server_message_pause (msg);
          g_ptr_array_add (fixture->held, g_object_ref (msg));
        }
      else if (g_strcmp0 (term, "nothing") == 0)
        serve_file (msg, fyyd ? "fyyd-empty.json" : "itunes-empty.json");
      else if (g_strcmp0 (term, "broken") == 0)
        serve_file (msg, "malformed.json");
      else if (g_strcmp0 (term, "http-error") == 0)
        serve_status (msg, fyyd ? SOUP_STATUS_SERVICE_UNAVAILABLE : SOUP_STATUS_INTERNAL_SERVER_ERROR);
      else if (g_strcmp0 (term, "partial") == 0)
        {
          if (fyyd)
            serve_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE);
          else
            serve_file (msg, "itunes-search.json");
        }
      else if (g_strcmp0 (term, "fyyd-error") == 0 && fyyd)
        serve_file (msg, "fyyd-error.json");
      else
        serve_file (msg, fyyd ? "fyyd-search.json" : "itunes-search.json");
    }
  else if (g_str_equal (path, LOOKUP_PATH))
    serve_file (msg, "lookup-top.json");
  else if (g_str_has_prefix (path, "/api/v2/"))
    {
      g_free (fixture->last_charts_path);
      fixture->last_charts_path = g_strdup (path);
      if (g_str_has_prefix (path, "/api/v2/aq/"))
        serve_file (msg, "charts-empty.json");
      else if (g_str_has_prefix (path, "/api/v2/zz/"))
        serve_status (msg, SOUP_STATUS_NOT_FOUND);
      else
        serve_file (msg, "charts-top.json");
    }
  else
    serve_status (msg, SOUP_STATUS_NOT_FOUND);
}

static const char *directory_keys[] = {
  "directory-apple-url", "directory-charts-url", "directory-fyyd-url",
  "directory-apple-enabled", "directory-fyyd-enabled", "directory-country",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->last_query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->held = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->http = lw_test_http_new (on_request, fixture);

  /* The memory backend lives as long as the process: start every test from the defaults. */
  fixture->settings = g_settings_new (APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (directory_keys); i++)
    g_settings_reset (fixture->settings, directory_keys[i]);
  g_settings_set_string (fixture->settings, "directory-apple-url", fixture->http->base_url);
  g_settings_set_string (fixture->settings, "directory-charts-url", fixture->http->base_url);
  g_settings_set_string (fixture->settings, "directory-fyyd-url", fixture->http->base_url);

  fixture->directory = lw_directory_new (fixture->settings);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->directory);
  g_clear_object (&fixture->settings);
  for (guint i = 0; i < fixture->held->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->held, i));
  g_clear_pointer (&fixture->held, g_ptr_array_unref);
  g_clear_pointer (&fixture->http, lw_test_http_free);
  g_clear_pointer (&fixture->last_query, g_hash_table_unref);
  g_clear_pointer (&fixture->last_charts_path, g_free);
}

static GListModel *
search (Fixture     *fixture,
        const char  *text,
        char       **warning,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_directory_search_async (fixture->directory, text, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_assert_false (lw_directory_get_busy (fixture->directory));

  return lw_directory_search_finish (fixture->directory, result, warning, error);
}

static GListModel *
top (Fixture     *fixture,
     const char  *country,
     guint        limit,
     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_directory_top_async (fixture->directory, country, limit, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_assert_false (lw_directory_get_busy (fixture->directory));

  return lw_directory_top_finish (fixture->directory, result, error);
}

static LwDirectoryResult *
item (GListModel *model,
      guint       position)
{
  LwDirectoryResult *result = g_list_model_get_item (model, position);

  g_assert_nonnull (result);
  /* The model keeps its own reference; tests only look. */
  g_object_unref (result);
  return result;
}

static void
assert_result (LwDirectoryResult *result,
               const char        *feed_url,
               const char        *title,
               const char        *author,
               const char        *artwork_url,
               const char        *genre,
               int                episode_count,
               const char        *provider)
{
  g_assert_cmpstr (lw_directory_result_get_feed_url (result), ==, feed_url);
  g_assert_cmpstr (lw_directory_result_get_title (result), ==, title);
  g_assert_cmpstr (lw_directory_result_get_author (result), ==, author);
  g_assert_cmpstr (lw_directory_result_get_artwork_url (result), ==, artwork_url);
  g_assert_cmpstr (lw_directory_result_get_genre (result), ==, genre);
  g_assert_cmpint (lw_directory_result_get_episode_count (result), ==, episode_count);
  g_assert_cmpstr (lw_directory_result_get_provider (result), ==, provider);
}

/* Search */

static void
test_search_merged (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *provider_name = NULL;
  GListModel *bound = lw_directory_get_results (fixture->directory);
  const char *apple_query;

  g_assert_false (lw_directory_get_busy (fixture->directory));
  results = search (fixture, "  radio & friends ", &warning, &error);
  g_assert_no_error (error);
  g_assert_null (warning);
  g_assert_null (lw_directory_get_warning (fixture->directory));

  g_assert_cmpuint (lw_test_http_hits (fixture->http, SEARCH_PATH), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, FYYD_PATH), ==, 1);
  g_assert_nonnull (lw_test_http_last_header (fixture->http, SEARCH_PATH, "User-Agent"));
  g_assert_true (g_str_has_prefix (lw_test_http_last_header (fixture->http, SEARCH_PATH, "User-Agent"), "Longwave/"));

  /* The text is trimmed and escaped; Apple's store follows the locale (C → us). */
  apple_query = g_hash_table_lookup (fixture->last_query, SEARCH_PATH);
  g_assert_nonnull (strstr (apple_query, "media=podcast"));
  g_assert_nonnull (strstr (apple_query, "country=us"));
  g_assert_nonnull (strstr (apple_query, "term=radio%20%26%20friends"));
  g_assert_nonnull (strstr (g_hash_table_lookup (fixture->last_query, FYYD_PATH), "term=radio%20%26%20friends"));

  /* Apple's 5 minus the one without a feed URL, then fyyd's 6 minus 3 duplicates
   * (http vs https, a trailing slash, an upper-case host) and 1 without a feed URL. */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 6);
  g_assert_cmpuint (g_list_model_get_item_type (results), ==, LW_TYPE_DIRECTORY_RESULT);

  assert_result (item (results, 0), "https://feeds.simplecast.com/EmVW7VGp", "Radiolab", "WNYC Studios",
                 "https://is1-ssl.mzstatic.com/image/thumb/Podcasts211/v4/2a/5b/10/2a5b10a4-7a31-0d8e-2f5c-6a6b1e3a9d55/mza_1.jpg/600x600bb.jpg",
                 "Science", 412, "apple");
  /* Apple had no artwork for it: fyyd's copy of the show fills the hole. */
  assert_result (item (results, 1), "https://podcast.orf.at/podcast/oe1/oe1_radiokolleg/oe1_radiokolleg.xml",
                 "Ö1 Radiokolleg — Wissen für Neugierige", "Ö1",
                 "https://podcast.orf.at/podcast/oe1/oe1_radiokolleg/oe1_radiokolleg.png",
                 "Bildung", 87, "apple");
  assert_result (item (results, 2), "https://example.jp/nihongo-radio.rss", "日本語でラジオ 🎧", "ラジオ日本語",
                 "https://is3-ssl.mzstatic.com/image/thumb/Podcasts126/v4/10/20/30/nihongo.png/600x600bb.jpg",
                 "Language Learning", 230, "apple");
  assert_result (item (results, 3), "https://feeds.metaebene.me/freakshow/m4a", "Freak Show",
                 "Metaebene Personal Media - Tim Pritlove",
                 "https://is2-ssl.mzstatic.com/image/thumb/Podcasts125/v4/fs/fs/fs/freakshow.jpg/600x600bb.jpg",
                 "Technology", 300, "apple");
  /* Empty artwork, no author, no episode count, categories as a bare number. */
  assert_result (item (results, 4), "http://schallrauch.hoersuppe.de/sur/m4a", "Schall und Rauch", "",
                 NULL, NULL, -1, "fyyd");
  assert_result (item (results, 5), "https://feed.ausha.co/metadechoc", "Méta de Choc — « Radio » & ses ondes",
                 "Elisabeth Feytit", NULL, NULL, 0, "fyyd");

  g_object_get (item (results, 5), "provider-name", &provider_name, NULL);
  g_assert_cmpstr (provider_name, ==, "fyyd");
  g_assert_cmpstr (lw_directory_result_get_provider_name (item (results, 0)), ==, "Apple Podcasts");

  /* The model a grid binds to holds the same items. */
  g_assert_cmpuint (g_list_model_get_n_items (bound), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_true (item (bound, i) == item (results, i));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_search_replaces_results (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GListModel) first = NULL;
  g_autoptr(GListModel) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *bound = lw_directory_get_results (fixture->directory);
  guint changes = 0;
  guint busy_notifies = 0;

  /* "busy" goes up once and down once; UTF-8 is percent-encoded byte by byte. */
  g_signal_connect (fixture->directory, "notify::busy", G_CALLBACK (on_notify), &busy_notifies);
  lw_directory_search_async (fixture->directory, "日本", NULL, lw_test_http_store_result, &result);
  g_assert_true (lw_directory_get_busy (fixture->directory));
  g_assert_cmpuint (busy_notifies, ==, 1);
  lw_test_http_wait (fixture->http, &result);
  g_assert_false (lw_directory_get_busy (fixture->directory));
  g_assert_cmpuint (busy_notifies, ==, 2);
  g_signal_handlers_disconnect_by_func (fixture->directory, on_notify, &busy_notifies);
  first = lw_directory_search_finish (fixture->directory, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_hash_table_lookup (fixture->last_query, SEARCH_PATH), "term=%E6%97%A5%E6%9C%AC"));
  g_assert_nonnull (strstr (g_hash_table_lookup (fixture->last_query, FYYD_PATH), "term=%E6%97%A5%E6%9C%AC"));

  g_signal_connect (bound, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_settings_set_boolean (fixture->settings, "directory-fyyd-enabled", FALSE);
  second = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (bound, on_items_changed, &changes);

  /* One splice, so a grid redraws once. */
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bound), ==, 4);
}

static void
test_provider_off (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_boolean (fixture->settings, "directory-fyyd-enabled", FALSE);
  results = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, FYYD_PATH), ==, 0);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, SEARCH_PATH), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 4);
  /* Nobody filled Apple's hole this time. */
  g_assert_null (lw_directory_result_get_artwork_url (item (results, 1)));
  g_clear_object (&results);

  g_settings_set_boolean (fixture->settings, "directory-fyyd-enabled", TRUE);
  g_settings_set_boolean (fixture->settings, "directory-apple-enabled", FALSE);
  results = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, SEARCH_PATH), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, FYYD_PATH), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 5);
  g_assert_cmpstr (lw_directory_result_get_provider (item (results, 0)), ==, "fyyd");
  g_clear_object (&results);

  /* Top shows come from Apple only. */
  results = top (fixture, "us", 10, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_DISABLED);
  g_assert_nonnull (strstr (error->message, "Apple Podcasts"));
  g_assert_null (results);
  g_assert_null (fixture->last_charts_path);
  g_clear_error (&error);

  g_settings_set_boolean (fixture->settings, "directory-fyyd-enabled", FALSE);
  results = search (fixture, "radio", NULL, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_DISABLED);
  g_assert_null (results);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, SEARCH_PATH), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, FYYD_PATH), ==, 1);
}

/* Top shows */

static void
test_top (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *lookup_query;

  results = top (fixture, "US", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->last_charts_path, ==, "/api/v2/us/podcasts/top/5/podcasts.json");

  /* One lookup for the whole chart, ids in chart order. */
  g_assert_cmpuint (lw_test_http_hits (fixture->http, LOOKUP_PATH), ==, 1);
  lookup_query = g_hash_table_lookup (fixture->last_query, LOOKUP_PATH);
  g_assert_nonnull (strstr (lookup_query, "id=1200361736,1613000777,1625000001,1222114325"));
  g_assert_nonnull (strstr (lookup_query, "country=us"));
  g_assert_cmpuint (lw_test_http_hits (fixture->http, FYYD_PATH), ==, 0);

  /* Chart order; the entry without an id and the one the lookup gives no feed URL are
   * skipped; names and genre from the chart, feed URL, count and big artwork from the lookup. */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
  assert_result (item (results, 0), "https://feeds.simplecast.com/54nAGcIl", "The Daily", "The New York Times",
                 "https://is1-ssl.mzstatic.com/image/thumb/Podcasts221/v4/ab/64/66/ab6466a9/mza_15084852813176276273.jpg/600x600bb.jpg",
                 "News", 2418, "apple");
  assert_result (item (results, 1), "https://feeds.example.fr/cafe-creme.xml", "Café Crème — Histoires à écouter",
                 "Radio Café", NULL, "History", 58, "apple");
  assert_result (item (results, 2), "https://feeds.npr.org/510318/podcast.xml", "Up First from NPR", "NPR",
                 "https://is1-ssl.mzstatic.com/image/thumb/Podcasts126/v4/up/fi/rs/upfirst.jpg/600x600bb.jpg",
                 "Daily News", 1500, "apple");
  g_assert_cmpuint (g_list_model_get_n_items (lw_directory_get_results (fixture->directory)), ==, 3);
}

static void
test_country_from_locale (void)
{
  static const struct {
    const char *locale;
    const char *country;
  } cases[] = {
    { "pt_BR.UTF-8", "br" },
    { "de_AT@euro", "at" },
    { "en_GB.ISO-8859-15@euro", "gb" },
    { "sv_SE", "se" },
    { "fr", "fr" },
    { "ja", "jp" },
    { "nb.UTF-8", "no" },
    { "es_419.UTF-8", "es" },
    { "C", "us" },
    { "C.UTF-8", "us" },
    { "POSIX", "us" },
    { "", "us" },
    { NULL, "us" },
    { "tlh", "us" },
    { "x_1Y", "us" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *country = lw_directory_country_from_locale (cases[i].locale);

      g_assert_cmpstr (country, ==, cases[i].country);
    }
}

static void
test_country_setting (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *country = NULL;

  /* "" in the setting: the locale decides, LC_ALL before LC_MESSAGES before LANG. */
  g_unsetenv ("LC_ALL");
  g_setenv ("LC_MESSAGES", "pt_BR.UTF-8", TRUE);
  g_setenv ("LANG", "de_DE.UTF-8", TRUE);
  country = lw_directory_dup_country (fixture->directory);
  g_assert_cmpstr (country, ==, "br");

  results = top (fixture, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->last_charts_path, ==, "/api/v2/br/podcasts/top/10/podcasts.json");
  g_assert_nonnull (strstr (g_hash_table_lookup (fixture->last_query, LOOKUP_PATH), "country=br"));
  g_clear_object (&results);

  g_unsetenv ("LC_MESSAGES");
  g_clear_pointer (&country, g_free);
  country = lw_directory_country_from_environment ();
  g_assert_cmpstr (country, ==, "de");

  /* The setting wins over the locale, and feeds Apple's search store too. */
  g_settings_set_string (fixture->settings, "directory-country", "AT");
  results = top (fixture, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->last_charts_path, ==, "/api/v2/at/podcasts/top/10/podcasts.json");
  g_clear_object (&results);
  results = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_hash_table_lookup (fixture->last_query, SEARCH_PATH), "country=at"));

  /* A mistyped setting: the search falls back on the locale, the top list says what is wrong. */
  g_settings_set_string (fixture->settings, "directory-country", "Austria");
  g_clear_object (&results);
  results = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_hash_table_lookup (fixture->last_query, SEARCH_PATH), "country=de"));
  g_clear_object (&results);
  results = top (fixture, NULL, 10, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_INVALID_COUNTRY);
  g_assert_cmpstr (error->message, ==, "“austria” is not a country code; use two letters, like “us” or “de”");

  g_unsetenv ("LANG");
  if (saved_all != NULL)
    g_setenv ("LC_ALL", saved_all, TRUE);
}

/* Errors */

static void
test_error_http (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&results);

  results = search (fixture, "http-error", NULL, &error);
  g_assert_null (results);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_HTTP);
  /* Both failures, each naming its directory. */
  g_assert_nonnull (strstr (error->message, "Could not search Apple Podcasts. 127.0.0.1 answered 500 Internal Server Error"));
  g_assert_nonnull (strstr (error->message, "Could not search fyyd. 127.0.0.1 answered 503 Service Unavailable"));
  /* A failed search empties the grid rather than showing the last search's shows. */
  g_assert_cmpuint (g_list_model_get_n_items (lw_directory_get_results (fixture->directory)), ==, 0);
  g_clear_error (&error);

  results = top (fixture, "zz", 10, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_HTTP);
  g_assert_cmpstr (error->message, ==, "Could not load the top shows from Apple Podcasts. 127.0.0.1 answered 404 Not Found");
  g_assert_cmpuint (lw_test_http_hits (fixture->http, LOOKUP_PATH), ==, 0);
}

static void
test_error_malformed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_boolean (fixture->settings, "directory-fyyd-enabled", FALSE);
  results = search (fixture, "broken", NULL, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, "Could not search Apple Podcasts. 127.0.0.1 sent an answer that Longwave could not read");
  g_clear_error (&error);

  /* fyyd's own error object ("status": 0). */
  g_settings_set_boolean (fixture->settings, "directory-fyyd-enabled", TRUE);
  g_settings_set_boolean (fixture->settings, "directory-apple-enabled", FALSE);
  results = search (fixture, "fyyd-error", NULL, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_HTTP);
  g_assert_cmpstr (error->message, ==, "Could not search fyyd. 127.0.0.1 reported an error: search index is being rebuilt");
}

static void
test_error_empty (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = search (fixture, "nothing", NULL, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_NO_RESULTS);
  g_assert_cmpstr (error->message, ==, "No shows found for “nothing”");
  g_clear_error (&error);

  results = search (fixture, "   ", NULL, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_EMPTY_QUERY);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, SEARCH_PATH), ==, 1);
  g_clear_error (&error);

  results = top (fixture, "aq", 10, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_NO_RESULTS);
  g_assert_cmpstr (error->message, ==, "Apple Podcasts has no top shows for the country “aq”");
  g_clear_error (&error);

  results = top (fixture, "u1", 10, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_INVALID_COUNTRY);
  g_assert_cmpstr (fixture->last_charts_path, ==, "/api/v2/aq/podcasts/top/10/podcasts.json");
}

static void
test_error_timeout (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  lw_directory_set_timeout (fixture->directory, 1);
  results = search (fixture, "slow", NULL, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "Could not search Apple Podcasts. 127.0.0.1 did not answer within 1 second"));
  g_assert_nonnull (strstr (error->message, "Could not search fyyd. 127.0.0.1 did not answer within 1 second"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_error_network (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = lw_test_refused_url ();

  /* "http://127.0.0.1:PORT/feed.xml" → its base. */
  *strrchr (refused, '/') = '\0';
  g_object_set (fixture->directory, "fyyd-url", refused, NULL);
  g_settings_set_boolean (fixture->settings, "directory-apple-enabled", FALSE);

  results = search (fixture, "radio", NULL, &error);
  g_assert_error (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Could not search fyyd. Could not reach 127.0.0.1: Connection refused");
}

static void
test_partial (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  results = search (fixture, "partial", &warning, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 4);
  g_assert_cmpstr (warning, ==, "Could not search fyyd. 127.0.0.1 answered 503 Service Unavailable");
  g_assert_cmpstr (lw_directory_get_warning (fixture->directory), ==, warning);
  g_clear_object (&results);

  /* The next clean search clears the warning. */
  results = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (lw_directory_get_warning (fixture->directory));
}

/* Cancellation */

static void
test_new_search_cancels (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  lw_directory_search_async (fixture->directory, "slow", NULL, lw_test_http_store_result, &first);
  /* Let both requests reach the server. */
  while (fixture->held->len < 2)
    g_main_context_iteration (fixture->http->context, TRUE);

  lw_directory_search_async (fixture->directory, "radio", NULL, lw_test_http_store_result, &second);
  g_assert_true (lw_directory_get_busy (fixture->directory));
  lw_test_http_wait (fixture->http, &first);

  results = lw_directory_search_finish (fixture->directory, first, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (results);
  g_clear_error (&error);
  /* The newer search still runs. */
  g_assert_true (lw_directory_get_busy (fixture->directory));

  lw_test_http_wait (fixture->http, &second);
  results = lw_directory_search_finish (fixture->directory, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (lw_directory_get_results (fixture->directory)), ==, 6);
  g_assert_false (lw_directory_get_busy (fixture->directory));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = search (fixture, "radio", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&results);

  lw_directory_search_async (fixture->directory, "slow", cancellable, lw_test_http_store_result, &result);
  while (fixture->held->len < 2)
    g_main_context_iteration (fixture->http->context, TRUE);
  g_cancellable_cancel (cancellable);
  lw_test_http_wait (fixture->http, &result);

  results = lw_directory_search_finish (fixture->directory, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (lw_directory_get_busy (fixture->directory));
  /* A cancelled search leaves the last results alone. */
  g_assert_cmpuint (g_list_model_get_n_items (lw_directory_get_results (fixture->directory)), ==, 6);
  g_clear_error (&error);
  g_clear_object (&result);

  /* lw_directory_cancel() ends a top list the same way. */
  g_settings_set_string (fixture->settings, "directory-charts-url", fixture->http->base_url);
  lw_directory_search_async (fixture->directory, "slow", NULL, lw_test_http_store_result, &result);
  lw_directory_cancel (fixture->directory);
  lw_test_http_wait (fixture->http, &result);
  results = lw_directory_search_finish (fixture->directory, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (lw_directory_get_busy (fixture->directory));
}

/* longwave-cli */

static int
run_cli (Fixture     *fixture,
         const char  *args,
         char       **out,
         char       **err)
{
  g_autofree char *command = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  command = g_strdup_printf ("%s %s --apple-url %s --charts-url %s --fyyd-url %s",
                             cli_path, args, fixture->http->base_url, fixture->http->base_url,
                             fixture->http->base_url);
  g_shell_parse_argv (command, NULL, &argv, &error);
  g_assert_no_error (error);

  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);

  /* The server runs in this process: keep its context turning while the CLI asks it. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_subprocess_communicate_utf8_finish (process, result, out, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (process);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  if (cli_path == NULL)
    {
      g_test_skip ("pass the path of longwave-cli as the first argument");
      return;
    }

  g_assert_cmpint (run_cli (fixture, "discover radio", &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);   /* 6 and the empty string after the last \n */
  g_assert_cmpstr (lines[0], ==, "https://feeds.simplecast.com/EmVW7VGp\tRadiolab\tWNYC Studios\tapple");
  g_assert_cmpstr (lines[2], ==, "https://example.jp/nihongo-radio.rss\t日本語でラジオ 🎧\tラジオ日本語\tapple");
  g_assert_cmpstr (lines[4], ==, "http://schallrauch.hoersuppe.de/sur/m4a\tSchall und Rauch\t\tfyyd");
  g_clear_pointer (&lines, g_strfreev);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --no-fyyd: fyyd is not asked at all. */
  g_assert_cmpint (run_cli (fixture, "discover --no-fyyd radio", &out, &err), ==, 0);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, FYYD_PATH), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, SEARCH_PATH), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Partial: results on stdout, the failed provider on stderr, success. */
  g_assert_cmpint (run_cli (fixture, "discover partial", &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "longwave-cli: Could not search fyyd. 127.0.0.1 answered 503 Service Unavailable\n");
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_clear_pointer (&lines, g_strfreev);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, "discover nothing", &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "longwave-cli: No shows found for “nothing”\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, "top us --limit 5", &out, &err), ==, 0);
  g_assert_cmpstr (out, ==,
                   "https://feeds.simplecast.com/54nAGcIl\tThe Daily\tThe New York Times\tapple\n"
                   "https://feeds.example.fr/cafe-creme.xml\tCafé Crème — Histoires à écouter\tRadio Café\tapple\n"
                   "https://feeds.npr.org/510318/podcast.xml\tUp First from NPR\tNPR\tapple\n");
  g_assert_cmpstr (fixture->last_charts_path, ==, "/api/v2/us/podcasts/top/5/podcasts.json");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, "top zz", &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "longwave-cli: Could not load the top shows from Apple Podcasts. 127.0.0.1 answered 404 Not Found\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, "top x1y", &out, &err), ==, 2);
  g_assert_cmpint (run_cli (fixture, "discover", &out, &err), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    cli_path = argv[1];

#define ADD(path, func) \
  g_test_add ("/directory/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("search/merged", test_search_merged);
  ADD ("search/replaces-results", test_search_replaces_results);
  ADD ("search/provider-off", test_provider_off);
  ADD ("top/lookup", test_top);
  g_test_add_func ("/directory/country/from-locale", test_country_from_locale);
  ADD ("country/setting-and-environment", test_country_setting);
  ADD ("error/http", test_error_http);
  ADD ("error/malformed", test_error_malformed);
  ADD ("error/empty", test_error_empty);
  ADD ("error/timeout", test_error_timeout);
  ADD ("error/network", test_error_network);
  ADD ("error/partial", test_partial);
  ADD ("cancel/new-search", test_new_search_cancels);
  ADD ("cancel/cancellable", test_cancel);
  ADD ("cli", test_cli);

  return g_test_run ();
}
