/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feed-service"

#include "config.h"

#include "core/lw-feed-service.h"
#include "lw-test-http.h"

#define FEED_ETAG "\"feed-v1\""
#define FEED_LAST_MODIFIED "Tue, 24 Nov 2026 10:00:00 GMT"

static const char feed_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\n"
  "<channel>\n"
  "  <title>Loopback Radio</title>\n"
  "  <link>https://example.org/</link>\n"
  "  <description>A show served on 127.0.0.1.</description>\n"
  "  <itunes:author>Longwave Tests</itunes:author>\n"
  "  <item>\n"
  "    <title>Episode 1</title>\n"
  "    <guid>loopback-1</guid>\n"
  "    <pubDate>Mon, 23 Nov 2026 08:00:00 +0000</pubDate>\n"
  "    <enclosure url=\"https://example.org/1.mp3\" length=\"1000\" type=\"audio/mpeg\"/>\n"
  "  </item>\n"
  "</channel>\n"
  "</rss>\n";

typedef struct
{
  LwTestHttp    *http;
  LwFeedService *service;
} Fixture;

static void
redirect (SoupServerMessage *msg,
          guint              status,
          const char        *location)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
}

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/feed.xml"))
    {
      const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");

      soup_message_headers_replace (response, "ETag", FEED_ETAG);
      soup_message_headers_replace (response, "Last-Modified", FEED_LAST_MODIFIED);
      if (g_strcmp0 (if_none_match, FEED_ETAG) == 0)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, strlen (feed_xml));
    }
  else if (g_str_equal (path, "/missing.xml"))
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  else if (g_str_equal (path, "/gone.xml"))
    soup_server_message_set_status (msg, SOUP_STATUS_GONE, NULL);
  else if (g_str_equal (path, "/broken.xml"))
    soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Database on Fire");
  /* 301 then 308: moved for good */
  else if (g_str_equal (path, "/old.xml"))
    redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/older.xml");
  else if (g_str_equal (path, "/older.xml"))
    redirect (msg, SOUP_STATUS_PERMANENT_REDIRECT, "/feed.xml");
  /* 301 then 302: the last hop is temporary, so the stored URL must not change */
  else if (g_str_equal (path, "/mixed.xml"))
    redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/elsewhere.xml");
  else if (g_str_equal (path, "/elsewhere.xml"))
    redirect (msg, SOUP_STATUS_FOUND, "/feed.xml");
  else if (g_str_equal (path, "/loop-a.xml"))
    redirect (msg, SOUP_STATUS_FOUND, "/loop-b.xml");
  else if (g_str_equal (path, "/loop-b.xml"))
    redirect (msg, SOUP_STATUS_FOUND, "/loop-a.xml");
  else if (g_str_equal (path, "/ftp.xml"))
    redirect (msg, SOUP_STATUS_FOUND, "ftp://example.org/feed.xml");
  else if (g_str_equal (path, "/slow.xml"))
    /* Never answers: the client's timeout has to end it. */
    soup_server_message_pause (msg);
  else if (g_str_equal (path, "/large.xml") || g_str_equal (path, "/large-chunked.xml"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      g_autofree char *chunk = g_strnfill (64 * 1024, 'x');

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (response, "application/rss+xml", NULL);
      /* Without a Content-Length the client only finds out while reading. */
      if (g_str_equal (path, "/large-chunked.xml"))
        soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      for (guint i = 0; i < 32; i++)
        soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 64 * 1024);
      soup_message_body_complete (body);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->http = lw_test_http_new (serve, fixture);
  fixture->service = lw_feed_service_new (NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->service);
  lw_test_http_free (fixture->http);
}

static LwFetchResult *
fetch_url (Fixture     *fixture,
           const char  *url,
           const char  *etag,
           const char  *last_modified,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_feed_service_fetch_async (fixture->service, url, etag, last_modified, NULL,
                               lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);

  return lw_feed_service_fetch_finish (fixture->service, result, error);
}

static LwFetchResult *
fetch (Fixture     *fixture,
       const char  *path,
       const char  *etag,
       const char  *last_modified,
       GError     **error)
{
  g_autofree char *url = lw_test_http_url (fixture->http, path);

  return fetch_url (fixture, url, etag, last_modified, error);
}

static void
test_normalize_url (void)
{
  static const struct {
    const char *input;
    const char *expected;  /* NULL: INVALID_URL */
  } cases[] = {
    { "https://example.org/feed.xml", "https://example.org/feed.xml" },
    { "  http://example.org/feed.xml\n", "http://example.org/feed.xml" },
    { "HTTPS://example.org/feed.xml", "https://example.org/feed.xml" },
    { "feed://example.org/feed.xml", "https://example.org/feed.xml" },
    { "feed:https://example.org/feed.xml", "https://example.org/feed.xml" },
    { "feed:http://example.org/feed.xml", "http://example.org/feed.xml" },
    { "podcast://example.org/feed.xml", "https://example.org/feed.xml" },
    { "itpc://example.org/feed.xml?id=1", "https://example.org/feed.xml?id=1" },
    { "pcast://example.org/feed.xml", "https://example.org/feed.xml" },
    { "example.org/feed.xml", "https://example.org/feed.xml" },
    { "example.org:8080/feed.xml", "https://example.org:8080/feed.xml" },
    { "example.org", "https://example.org/" },
    { "", NULL },
    { "   ", NULL },
    { "ftp://example.org/feed.xml", NULL },
    { "file:///etc/passwd", NULL },
    { "javascript:alert(1)", NULL },
    { "mailto:show@example.org", NULL },
    { "feed:", NULL },
    { "feed:ftp://example.org/feed.xml", NULL },
    { "https://", NULL },
    { "not a url", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = lw_feed_service_normalize_url (cases[i].input, &error);

      g_test_message ("“%s” → %s", cases[i].input, url ? url : "(error)");
      if (cases[i].expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (url, ==, cases[i].expected);
        }
      else
        {
          g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_INVALID_URL);
          g_assert_null (url);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static void
test_properties (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *user_agent = NULL;
  guint timeout;

  g_object_get (fixture->service, "user-agent", &user_agent, "timeout", &timeout, NULL);
  g_assert_cmpstr (user_agent, ==, "Longwave/" PACKAGE_VERSION " (+" PACKAGE_URL ")");
  g_assert_cmpuint (timeout, ==, 30);
  g_assert_null (lw_feed_service_get_library (fixture->service));
  g_assert_cmpuint (lw_feed_service_get_max_body_size (fixture->service), ==, 64 * 1024 * 1024);
}

static void
test_fetch_then_not_modified (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(LwFetchResult) first = NULL;
  g_autoptr(LwFetchResult) second = NULL;
  g_autoptr(LwFetchResult) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lw_test_http_url (fixture->http, "/feed.xml");

  first = fetch (fixture, "/feed.xml", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (first->final_url, ==, url);
  g_assert_false (first->permanent_redirect);
  g_assert_cmpstr (first->etag, ==, FEED_ETAG);
  g_assert_cmpstr (first->last_modified, ==, FEED_LAST_MODIFIED);
  g_assert_nonnull (first->body);
  g_assert_cmpmem (g_bytes_get_data (first->body, NULL), g_bytes_get_size (first->body),
                   feed_xml, strlen (feed_xml));

  /* What went over the wire: our User-Agent and no validators on the first GET. */
  g_assert_cmpstr (lw_test_http_last_header (fixture->http, "/feed.xml", "User-Agent"), ==,
                   lw_feed_service_get_user_agent (fixture->service));
  g_assert_null (lw_test_http_last_header (fixture->http, "/feed.xml", "If-None-Match"));

  second = fetch (fixture, "/feed.xml", first->etag, first->last_modified, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->status, ==, 304);
  g_assert_null (second->body);
  g_assert_cmpstr (second->etag, ==, FEED_ETAG);
  g_assert_cmpstr (second->last_modified, ==, FEED_LAST_MODIFIED);
  g_assert_cmpstr (lw_test_http_last_header (fixture->http, "/feed.xml", "If-None-Match"), ==, FEED_ETAG);
  g_assert_cmpstr (lw_test_http_last_header (fixture->http, "/feed.xml", "If-Modified-Since"), ==,
                   FEED_LAST_MODIFIED);

  /* A stale ETag gets the whole feed again. */
  third = fetch (fixture, "/feed.xml", "\"feed-v0\"", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third->status, ==, 200);
  g_assert_nonnull (third->body);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 3);
}

static void
test_http_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct {
    const char *path;
    int         code;
    const char *message;
  } cases[] = {
    { "/missing.xml", LW_FEED_SERVICE_ERROR_HTTP, "127.0.0.1 answered 404 Not Found" },
    { "/gone.xml", LW_FEED_SERVICE_ERROR_GONE, "127.0.0.1 answered 410 Gone: the feed was removed for good" },
    { "/broken.xml", LW_FEED_SERVICE_ERROR_HTTP, "127.0.0.1 answered 500 Database on Fire" },
    { "/ftp.xml", LW_FEED_SERVICE_ERROR_HTTP,
      "127.0.0.1 redirected to “ftp://example.org/feed.xml”, which is not a web address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LwFetchResult) result = fetch (fixture, cases[i].path, NULL, NULL, &error);

      g_assert_null (result);
      g_assert_error (error, LW_FEED_SERVICE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_redirect_permanent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lw_test_http_url (fixture->http, "/feed.xml");

  result = fetch (fixture, "/old.xml", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->status, ==, 200);
  g_assert_cmpstr (result->final_url, ==, url);
  g_assert_true (result->permanent_redirect);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/old.xml"), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/older.xml"), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 1);
}

static void
test_redirect_temporary (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lw_test_http_url (fixture->http, "/feed.xml");

  result = fetch (fixture, "/mixed.xml", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->status, ==, 200);
  g_assert_cmpstr (result->final_url, ==, url);
  g_assert_false (result->permanent_redirect);
  g_assert_nonnull (result->body);
}

static void
test_redirect_loop (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = fetch (fixture, "/loop-a.xml", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 redirected more than 10 times");
  /* The first request and ten redirects followed, then it stopped. */
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/loop-a.xml") +
                    lw_test_http_hits (fixture->http, "/loop-b.xml"), ==, 11);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed;

  g_object_set (fixture->service, "timeout", 1, NULL);
  g_assert_cmpuint (lw_feed_service_get_timeout (fixture->service), ==, 1);

  start = g_get_monotonic_time ();
  result = fetch (fixture, "/slow.xml", NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_null (result);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 did not answer within 1 second");
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *url = lw_test_refused_url ();
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = fetch_url (fixture, url, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Could not reach 127.0.0.1: Connection refused");
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const paths[] = { "/large.xml", "/large-chunked.xml" };

  lw_feed_service_set_max_body_size (fixture->service, 1024 * 1024);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(LwFetchResult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = fetch (fixture, paths[i], NULL, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TOO_LARGE);
      g_assert_cmpstr (error->message, ==, "127.0.0.1 sent more than 1 MB, the most Longwave accepts");
    }

  /* Under the limit the same body is fine. */
  {
    g_autoptr(LwFetchResult) result = NULL;
    g_autoptr(GError) error = NULL;

    lw_feed_service_set_max_body_size (fixture->service, 4 * 1024 * 1024);
    result = fetch (fixture, "/large-chunked.xml", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (result->body), ==, 32 * 64 * 1024);
  }
}

static void
test_invalid_url (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = fetch_url (fixture, "ftp://example.org/feed.xml", NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_INVALID_URL);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LwFetchResult) fetch_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lw_test_http_url (fixture->http, "/slow.xml");

  lw_feed_service_fetch_async (fixture->service, url, NULL, NULL, cancellable,
                               lw_test_http_store_result, &result);
  while (lw_test_http_hits (fixture->http, "/slow.xml") == 0)
    g_main_context_iteration (fixture->http->context, TRUE);
  g_cancellable_cancel (cancellable);
  lw_test_http_wait (fixture->http, &result);

  fetch_result = lw_feed_service_fetch_finish (fixture->service, result, &error);
  g_assert_null (fetch_result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feed-service/normalize-url", test_normalize_url);

#define ADD(path, func) \
  g_test_add ("/feed-service/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("properties", test_properties);
  ADD ("fetch/not-modified", test_fetch_then_not_modified);
  ADD ("fetch/http-errors", test_http_errors);
  ADD ("fetch/redirect-permanent", test_redirect_permanent);
  ADD ("fetch/redirect-temporary", test_redirect_temporary);
  ADD ("fetch/redirect-loop", test_redirect_loop);
  ADD ("fetch/timeout", test_timeout);
  ADD ("fetch/connection-refused", test_connection_refused);
  ADD ("fetch/too-large", test_too_large);
  ADD ("fetch/invalid-url", test_invalid_url);
  ADD ("fetch/cancel", test_cancel);

#undef ADD

  return g_test_run ();
}
