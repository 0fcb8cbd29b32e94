/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feed-service"

#include "config.h"

#include <glib/gstdio.h>

#include "core/lw-feed-discovery.h"
#include "core/lw-feed-parser.h"
#include "core/lw-feed-service.h"
#include "core/lw-library.h"
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

static const char page_html[] =
  "<!DOCTYPE html>\n<html><head><title>Loopback Radio</title></head>\n"
  "<body><h1>Loopback Radio</h1><p>Listen on your favourite app.</p></body></html>\n";

/* A show's web page that names its feed, relative to the page. */
static const char landing_html[] =
  "<!DOCTYPE html>\n<html><head><title>Loopback Radio</title>\n"
  "<link rel=\"stylesheet\" href=\"/style.css\">\n"
  "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Loopback Radio\" href=\"feed.xml\">\n"
  "</head><body><h1>Loopback Radio</h1></body></html>\n";

/* What /toggle.xml does, so one show can fail and recover between refreshes. */
typedef enum
{
  TOGGLE_OK,
  TOGGLE_BROKEN,
  TOGGLE_TRUNCATED,
  TOGGLE_MOVED,
  TOGGLE_FOUND,
  TOGGLE_GONE,
  TOGGLE_HOLD,     /* the feed, once the test lets go of it */
  TOGGLE_NEW_FEED_URL,  /* the feed, saying it moved to /toggle-new.xml */
} ToggleMode;

typedef struct
{
  LwTestHttp    *http;
  char          *tmpdir;
  LwLibrary     *library;
  LwFeedService *service;
  ToggleMode     toggle;
  SoupServerMessage *held;      /* TOGGLE_HOLD */
  gboolean       hostile;        /* /hostile/ paths misbehave (else serve the feed) */
  guint          in_flight;      /* /pool/ requests not yet answered */
  guint          max_in_flight;
  guint          pool_delay;     /* ms before /pool/ answers; 0 for 100 */
  guint          in_flight_at[2];      /* the same per host name: 127.0.0.1, localhost */
  gboolean       plain_changed;  /* /plain.xml sends another title */
  guint          max_in_flight_at[2];
} Fixture;

static gsize
truncated_length (void)
{
  /* Cut inside the first <item>: not well-formed any more. */
  return strstr (feed_xml, "<guid>") - feed_xml;
}

static void
on_pool_finished (SoupServerMessage *msg,
                  gpointer           user_data)
{
  Fixture *fixture = user_data;

  fixture->in_flight--;
  fixture->in_flight_at[GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "host-index"))]--;
}

static gboolean
unpause_later (gpointer user_data)
{
  soup_server_message_unpause (user_data);

  return G_SOURCE_REMOVE;
}

/* /pool/N.xml: show N, answered after 100 ms so that requests overlap, even on a loaded machine. */
static void
serve_pool (Fixture           *fixture,
            SoupServerMessage *msg,
            const char        *path)
{
  g_autoptr(GSource) source = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *body = NULL;

  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  guint index = g_str_has_prefix (host, "localhost") ? 1 : 0;

  fixture->in_flight++;
  fixture->max_in_flight = MAX (fixture->max_in_flight, fixture->in_flight);
  fixture->in_flight_at[index]++;
  fixture->max_in_flight_at[index] = MAX (fixture->max_in_flight_at[index], fixture->in_flight_at[index]);
  g_object_set_data (G_OBJECT (msg), "host-index", GUINT_TO_POINTER (index));
  g_signal_connect (msg, "finished", G_CALLBACK (on_pool_finished), fixture);

  if (g_str_equal (name, "bad.xml"))
    soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  else
    {
      body = g_strdup_printf ("<rss version=\"2.0\"><channel><title>Pool Show %.*s</title>"
                              "<item><title>Only</title><guid>%s</guid></item></channel></rss>",
                              (int) (strlen (name) - 4), name, name);
      gsize length = strlen (body);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&body), length);
    }

  soup_server_message_pause (msg);
  source = g_timeout_source_new (fixture->pool_delay != 0 ? fixture->pool_delay : 100);
  g_source_set_callback (source, unpause_later, g_object_ref (msg), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static void
redirect (SoupServerMessage *msg,
          guint              status,
          const char        *location)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
}

/* /trickle.xml: a chunk every 300 ms, forever; each step is quick, the whole never ends.
 * Written by hand on the stolen connection, so it stops cleanly when the client goes. */
static gboolean
trickle (gpointer user_data)
{
  GIOStream *stream = user_data;
  GOutputStream *output = g_io_stream_get_output_stream (stream);
  static const char chunk[] = "8\r\n<!-- -->\r\n";

  if (!g_output_stream_write_all (output, chunk, strlen (chunk), NULL, NULL, NULL))
    return G_SOURCE_REMOVE;

  return G_SOURCE_CONTINUE;
}

static void
serve_trickle (SoupServerMessage *msg)
{
  static const char head[] = "HTTP/1.1 200 OK\r\n"
                             "Content-Type: application/rss+xml\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n"
                             "6\r\n<rss>\n\r\n";
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autoptr(GSource) source = g_timeout_source_new (300);

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head), NULL, NULL, NULL);
  g_source_set_callback (source, trickle, g_object_ref (stream), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

/* An endless body, as fast as the socket takes it, until the client hangs up. */
static gboolean
flood (gpointer user_data)
{
  GIOStream *stream = user_data;
  static char chunk[64 * 1024 + 16];

  if (chunk[0] == '\0')
    {
      memcpy (chunk, "10000\r\n", 7);
      memset (chunk + 7, 'x', 64 * 1024);
      memcpy (chunk + 7 + 64 * 1024, "\r\n", 2);
    }

  if (!g_output_stream_write_all (g_io_stream_get_output_stream (stream), chunk, 7 + 64 * 1024 + 2,
                                  NULL, NULL, NULL))
    return G_SOURCE_REMOVE;

  return G_SOURCE_CONTINUE;
}

/* /hostile/KIND.xml: a good feed while subscribing, then each kind of trouble a feed
 * server can cause. */
static void
serve_hostile (Fixture           *fixture,
               SoupServerMessage *msg,
               const char        *path)
{
  g_autofree char *kind = g_path_get_basename (path);

  if (!fixture->hostile)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, strlen (feed_xml));
    }
  else if (g_str_equal (kind, "slow.xml"))
    soup_server_message_pause (msg);
  else if (g_str_equal (kind, "drop.xml"))
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
    }
  else if (g_str_equal (kind, "garbage.xml"))
    {
      static const char garbage[] = "\x1f\x8b\x08\x00 not xml at all \xff\xfe\x00\x01";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        garbage, sizeof garbage - 1);
    }
  else if (g_str_equal (kind, "loop.xml"))
    redirect (msg, SOUP_STATUS_FOUND, path);
  else if (g_str_equal (kind, "huge.xml"))
    {
      /* 1 GB announced (and never sent): refused from the headers alone. */
      static const char head[] = "HTTP/1.1 200 OK\r\n"
                                 "Content-Type: application/rss+xml\r\n"
                                 "Content-Length: 1073741824\r\n\r\n<rss>";
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head), NULL, NULL, NULL);
      /* Kept open until the test ends, like a server that would go on. */
      g_object_set_data_full (G_OBJECT (fixture->http->server), "huge", g_object_ref (stream), g_object_unref);
    }
  else if (g_str_equal (kind, "endless.xml"))
    {
      static const char head[] = "HTTP/1.1 200 OK\r\n"
                                 "Content-Type: application/rss+xml\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n";
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
      g_autoptr(GSource) source = g_idle_source_new ();

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head), NULL, NULL, NULL);
      g_source_set_callback (source, flood, g_object_ref (stream), g_object_unref);
      g_source_attach (source, g_main_context_get_thread_default ());
    }
  else if (g_str_equal (kind, "page.xml"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page_html, strlen (page_html));
    }
  else
    g_assert_not_reached ();
}

static GBytes *
gzip_bytes (const char *data,
            gsize       length)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_data (data, length, NULL);
  g_autoptr(GInputStream) zipped = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, zipped, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* /gzip.xml: the feed gzip-encoded; /bomb.xml: 1 KB on the wire, 32 MB unpacked. */
static void
serve_gzip (SoupServerMessage *msg,
            gboolean           bomb)
{
  g_autofree char *zeros = bomb ? g_malloc0 (32 * 1024 * 1024) : NULL;
  g_autoptr(GBytes) body = bomb ? gzip_bytes (zeros, 32 * 1024 * 1024) : gzip_bytes (feed_xml, strlen (feed_xml));

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Encoding", "gzip");
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
serve_toggle (Fixture           *fixture,
              SoupServerMessage *msg)
{
  switch (fixture->toggle)
    {
    case TOGGLE_OK:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, strlen (feed_xml));
      break;

    case TOGGLE_BROKEN:
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      break;

    case TOGGLE_TRUNCATED:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, truncated_length ());
      break;

    case TOGGLE_MOVED:
      redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/toggle-new.xml");
      break;

    case TOGGLE_FOUND:
      redirect (msg, SOUP_STATUS_FOUND, "/toggle-new.xml");
      break;

    case TOGGLE_GONE:
      soup_server_message_set_status (msg, SOUP_STATUS_GONE, NULL);
      break;

    case TOGGLE_NEW_FEED_URL:
      {
        g_autofree char *url = lw_test_http_url (fixture->http, "/toggle-new.xml");
        g_autofree char *moved = g_strdup_printf ("<itunes:new-feed-url>%s</itunes:new-feed-url>\n"
                                                  "  <title>", url);
        g_autoptr(GString) body = g_string_new (feed_xml);

        g_string_replace (body, "<title>", moved, 1);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                          body->str, body->len);
      }
      break;

    case TOGGLE_HOLD:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, strlen (feed_xml));
      g_set_object (&fixture->held, msg);
      soup_server_message_pause (msg);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (g_str_has_prefix (path, "/pool/"))
    serve_pool (fixture, msg, path);
  else if (g_str_has_prefix (path, "/hostile/"))
    serve_hostile (fixture, msg, path);
  else if (g_str_equal (path, "/toggle.xml"))
    serve_toggle (fixture, msg);
  else if (g_str_equal (path, "/trickle.xml"))
    serve_trickle (msg);
  else if (g_str_equal (path, "/gzip.xml") || g_str_equal (path, "/bomb.xml"))
    serve_gzip (msg, g_str_equal (path, "/bomb.xml"));
  else if (g_str_equal (path, "/toggle-new.xml"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, strlen (feed_xml));
    }
  else if (g_str_equal (path, "/page.html") || g_str_equal (path, "/landing.html"))
    {
      const char *html = g_str_equal (path, "/page.html") ? page_html : landing_html;

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html, strlen (html));
    }
  else if (g_str_equal (path, "/truncated.xml"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, truncated_length ());
    }
  else if (g_str_equal (path, "/feed.xml"))
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
  else if (g_str_equal (path, "/plain.xml"))
    {
      /* No ETag, no Last-Modified: every refresh gets the whole body. */
      g_auto(GStrv) parts = g_strsplit (feed_xml, "Loopback Radio", -1);
      g_autofree char *body = g_strjoinv (fixture->plain_changed ? "Loopback Radio Two" : "Loopback Radio", parts);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, body, strlen (body));
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
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->http = lw_test_http_new (serve, fixture);
  fixture->tmpdir = g_dir_make_tmp ("longwave-feed-service-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->tmpdir, "library.db", NULL);
  fixture->library = lw_library_new (path, &error);
  g_assert_no_error (error);
  fixture->service = lw_feed_service_new (fixture->library);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->service);
  g_clear_object (&fixture->held);
  g_clear_object (&fixture->library);
  lw_test_http_free (fixture->http);
  lw_test_rm_rf (fixture->tmpdir);
  g_free (fixture->tmpdir);
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
    { "feed://example.org/feed.xml", "http://example.org/feed.xml" },
    { "feed:https://example.org/feed.xml", "https://example.org/feed.xml" },
    { "feed:http://example.org/feed.xml", "http://example.org/feed.xml" },
    { "podcast://example.org/feed.xml", "http://example.org/feed.xml" },
    { "itpc://example.org/feed.xml?id=1", "http://example.org/feed.xml?id=1" },
    { "PCast://example.org/feed.xml", "http://example.org/feed.xml" },
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
test_discover (void)
{
  static const struct {
    const char *html;
    const char *base_url;
    const char *expected;
  } cases[] = {
    { "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss\"></head></html>",
      "https://example.org/show/", "https://example.org/rss" },
    { "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"feed.xml\">",
      "https://example.org/show/page.html", "https://example.org/show/feed.xml" },
    /* rel is a list of tokens, in any case; RSS wins over Atom wherever it stands */
    { "<link rel=\"Alternate feed\" type=\"application/atom+xml\" href=\"/atom\">"
      "<link rel=\"ALTERNATE\" type=\"Application/RSS+XML\" href=\"/rss\">",
      "https://example.org/", "https://example.org/rss" },
    { "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom\">",
      "https://example.org/", "https://example.org/atom" },
    { "<head><base href=\"https://cdn.example.net/feeds/\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"show.xml\"></head>",
      "https://example.org/", "https://cdn.example.net/feeds/show.xml" },
    { "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"https://feeds.example.com/x\">",
      NULL, "https://feeds.example.com/x" },
    /* not feeds, or not a web address */
    { "<link rel=\"stylesheet\" type=\"text/css\" href=\"/style.css\">", "https://example.org/", NULL },
    { "<link rel=\"alternate\" hreflang=\"de\" href=\"/de/\">", "https://example.org/", NULL },
    { "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:alert(1)\">",
      "https://example.org/", NULL },
    { "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"\">", "https://example.org/", NULL },
    { "<p>Just a page", "https://example.org/", NULL },
    { "", "https://example.org/", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) html = g_bytes_new_static (cases[i].html, strlen (cases[i].html));
      g_autofree char *found = lw_feed_discover_in_html (html, cases[i].base_url);

      g_test_message ("%s → %s", cases[i].html, found ? found : "(none)");
      g_assert_cmpstr (found, ==, cases[i].expected);
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
  g_assert_true (lw_feed_service_get_library (fixture->service) == fixture->library);
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
test_trickle (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed;

  lw_feed_service_set_timeout (fixture->service, 1);

  start = g_get_monotonic_time ();
  result = fetch (fixture, "/trickle.xml", NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_null (result);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 did not send the whole feed within 3 seconds");
  g_assert_cmpint (elapsed, >=, 3 * G_USEC_PER_SEC - G_USEC_PER_SEC / 10);
  g_assert_cmpint (elapsed, <, 6 * G_USEC_PER_SEC);
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
test_compressed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(LwFetchResult) result = NULL;
  g_autoptr(LwFetchResult) bomb = NULL;
  g_autoptr(GError) error = NULL;

  result = fetch (fixture, "/gzip.xml", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (result->body, NULL), g_bytes_get_size (result->body),
                   feed_xml, strlen (feed_xml));
  g_assert_nonnull (strstr (lw_test_http_last_header (fixture->http, "/gzip.xml", "Accept-Encoding"), "gzip"));

  /* The limit counts what the body unpacks to, not what crossed the wire. */
  lw_feed_service_set_max_body_size (fixture->service, 8 * 1024 * 1024);
  bomb = fetch (fixture, "/bomb.xml", NULL, NULL, &error);
  g_assert_null (bomb);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TOO_LARGE);
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

/* Subscribing and refreshing, through the parser and the library */

static char *
url_for (Fixture    *fixture,
         const char *path_or_url)
{
  if (path_or_url[0] == '/')
    return lw_test_http_url (fixture->http, path_or_url);

  return g_strdup (path_or_url);
}

static LwShow *
subscribe (Fixture     *fixture,
           const char  *path_or_url,
           GError     **error)
{
  g_autofree char *url = url_for (fixture, path_or_url);
  g_autoptr(GAsyncResult) result = NULL;

  lw_feed_service_subscribe_async (fixture->service, url, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);

  return lw_feed_service_subscribe_finish (fixture->service, result, error);
}

static gboolean
refresh (Fixture  *fixture,
         LwShow   *show,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_feed_service_refresh_async (fixture->service, show, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);

  return lw_feed_service_refresh_finish (fixture->service, result, error);
}

static guint
n_shows (LwLibrary *library)
{
  return g_list_model_get_n_items (lw_library_get_shows (library));
}

static guint
n_episodes (LwLibrary *library,
            gint64     show_id)
{
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, show_id);

  return g_list_model_get_n_items (episodes);
}

/* What the parser itself says about @data: the service must pass it on unchanged. */
static char *
dup_parser_message (const char *data,
                    gsize       length,
                    const char *base_url)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_parser_parse_bytes (bytes, base_url, &error);

  g_assert_null (feed);
  g_assert_nonnull (error);

  return g_strdup (error->message);
}

static void
test_subscribe (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/feed.xml");
  g_autofree char *feed_url = g_strconcat ("feed:", url, NULL);
  g_autofree char *podcast_url = g_strconcat ("podcast://", url + strlen ("http://"), NULL);
  g_autoptr(LwShow) show = NULL;
  g_autoptr(LwShow) again = NULL;
  g_autoptr(GError) error = NULL;

  /* As a web page hands it over: podcast://127.0.0.1:PORT/feed.xml */
  show = subscribe (fixture, podcast_url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (show);
  g_assert_cmpint (lw_show_get_id (show), >, 0);
  g_assert_cmpstr (lw_show_get_title (show), ==, "Loopback Radio");
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, url);
  g_assert_cmpstr (lw_show_get_etag (show), ==, FEED_ETAG);
  g_assert_cmpstr (lw_show_get_last_modified (show), ==, FEED_LAST_MODIFIED);
  g_assert_null (lw_show_get_last_error (show));
  g_assert_cmpuint (n_shows (fixture->library), ==, 1);
  g_assert_cmpuint (n_episodes (fixture->library, lw_show_get_id (show)), ==, 1);

  /* The same feed again, in its feed: form: a conditional refresh of the same show. */
  again = subscribe (fixture, feed_url, &error);
  g_assert_no_error (error);
  g_assert_true (again == show);
  g_assert_cmpuint (n_shows (fixture->library), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 2);
  g_assert_cmpstr (lw_test_http_last_header (fixture->http, "/feed.xml", "If-None-Match"), ==, FEED_ETAG);
}

static void
test_subscribe_failures (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *page_url = lw_test_http_url (fixture->http, "/page.html");
  g_autofree char *truncated_url = lw_test_http_url (fixture->http, "/truncated.xml");
  g_autofree char *refused_url = lw_test_refused_url ();
  g_autofree char *html_message = dup_parser_message (page_html, strlen (page_html), page_url);
  g_autofree char *truncated_message = dup_parser_message (feed_xml, truncated_length (), truncated_url);
  const struct {
    const char *url;
    int         code;
    const char *message;
  } cases[] = {
    { "/page.html", LW_FEED_SERVICE_ERROR_NOT_A_FEED, html_message },
    { "/truncated.xml", LW_FEED_SERVICE_ERROR_NOT_A_FEED, truncated_message },
    { "/missing.xml", LW_FEED_SERVICE_ERROR_HTTP, "127.0.0.1 answered 404 Not Found" },
    { "/gone.xml", LW_FEED_SERVICE_ERROR_GONE, "127.0.0.1 answered 410 Gone: the feed was removed for good" },
    { refused_url, LW_FEED_SERVICE_ERROR_NETWORK, "Could not reach 127.0.0.1: Connection refused" },
    { "ftp://example.org/feed.xml", LW_FEED_SERVICE_ERROR_INVALID_URL, NULL },
  };
  g_autoptr(LwShow) kept = NULL;
  g_autoptr(GError) error = NULL;

  /* One show already stored, which no failure below may touch. */
  kept = subscribe (fixture, "/feed.xml", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LwShow) show = NULL;

      g_test_message ("subscribing to %s", cases[i].url);
      show = subscribe (fixture, cases[i].url, &error);
      g_assert_null (show);
      g_assert_error (error, LW_FEED_SERVICE_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);

      g_assert_cmpuint (n_shows (fixture->library), ==, 1);
      g_assert_cmpuint (n_episodes (fixture->library, lw_show_get_id (kept)), ==, 1);
      g_assert_null (lw_show_get_last_error (kept));
    }
}

static void
test_subscribe_web_page (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *feed_url = lw_test_http_url (fixture->http, "/feed.xml");
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  show = subscribe (fixture, "/landing.html", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, feed_url);
  g_assert_cmpstr (lw_show_get_title (show), ==, "Loopback Radio");
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/landing.html"), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 1);
}

static void
test_subscribe_redirects (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *final_url = lw_test_http_url (fixture->http, "/feed.xml");
  g_autofree char *mixed_url = lw_test_http_url (fixture->http, "/mixed.xml");
  g_autoptr(LwShow) moved = NULL;
  g_autoptr(LwShow) mixed = NULL;
  g_autoptr(GError) error = NULL;

  /* 301 + 308: the feed lives at the new address now. */
  moved = subscribe (fixture, "/old.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (moved), ==, final_url);

  /* 301 + 302: the address given stays, since the last hop may change back. */
  mixed = subscribe (fixture, "/mixed.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (mixed), ==, mixed_url);
}

static void
test_refresh_failure_keeps_episodes (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/toggle.xml");
  g_autofree char *truncated_message = dup_parser_message (feed_xml, truncated_length (), url);
  const struct {
    ToggleMode  mode;
    int         code;
    const char *message;
  } cases[] = {
    { TOGGLE_BROKEN, LW_FEED_SERVICE_ERROR_HTTP, "127.0.0.1 answered 500 Internal Server Error" },
    { TOGGLE_TRUNCATED, LW_FEED_SERVICE_ERROR_NOT_A_FEED, truncated_message },
    { TOGGLE_GONE, LW_FEED_SERVICE_ERROR_GONE, "127.0.0.1 answered 410 Gone: the feed was removed for good" },
  };
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  show = subscribe (fixture, "/toggle.xml", &error);
  g_assert_no_error (error);
  id = lw_show_get_id (show);
  g_assert_cmpuint (n_episodes (fixture->library, id), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LwShow) reloaded = NULL;

      fixture->toggle = cases[i].mode;
      g_assert_false (refresh (fixture, show, &error));
      g_assert_error (error, LW_FEED_SERVICE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);

      /* The failure is on the show for the user to see; everything else stays. */
      g_assert_cmpstr (lw_show_get_last_error (show), ==, error->message);
      g_assert_cmpstr (lw_show_get_title (show), ==, "Loopback Radio");
      g_assert_cmpstr (lw_show_get_feed_url (show), ==, url);
      g_assert_cmpuint (n_episodes (fixture->library, id), ==, 1);
      reloaded = lw_library_lookup_show (fixture->library, id);
      g_assert_cmpstr (lw_show_get_last_error (reloaded), ==, error->message);
      g_clear_error (&error);
    }

  /* Working again: the error goes away. */
  fixture->toggle = TOGGLE_OK;
  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_null (lw_show_get_last_error (show));
  g_assert_cmpuint (n_episodes (fixture->library, id), ==, 1);
}

/* A server without validators sends the same body: it is not parsed or merged
 * again (recorded like a 304); a changed body is. */
static void
test_refresh_same_body (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  show = subscribe (fixture, "/plain.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 200);
  g_assert_null (lw_show_get_etag (show));

  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/plain.xml"), ==, 2);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 304);
  g_assert_cmpstr (lw_show_get_title (show), ==, "Loopback Radio");

  fixture->plain_changed = TRUE;
  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 200);
  g_assert_cmpstr (lw_show_get_title (show), ==, "Loopback Radio Two");

  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 304);
  g_assert_cmpuint (n_episodes (fixture->library, lw_show_get_id (show)), ==, 1);
}

static void
test_refresh_redirects (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/toggle.xml");
  g_autofree char *new_url = lw_test_http_url (fixture->http, "/toggle-new.xml");
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  show = subscribe (fixture, "/toggle.xml", &error);
  g_assert_no_error (error);

  fixture->toggle = TOGGLE_FOUND;
  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, url);

  fixture->toggle = TOGGLE_MOVED;
  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, new_url);
  g_assert_cmpuint (n_shows (fixture->library), ==, 1);

  /* From now on it asks the new address directly. */
  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle.xml"), ==, 3);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle-new.xml"), ==, 3);
}

static void
test_refresh_new_feed_url (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/toggle.xml");
  g_autofree char *new_url = lw_test_http_url (fixture->http, "/toggle-new.xml");
  g_autoptr(LwShow) show = NULL;
  g_autoptr(LwShow) other = NULL;
  g_autoptr(GError) error = NULL;

  show = subscribe (fixture, "/toggle.xml", &error);
  g_assert_no_error (error);

  /* The new address belongs to another subscription: stay. */
  other = subscribe (fixture, "/toggle-new.xml", &error);
  g_assert_no_error (error);
  fixture->toggle = TOGGLE_NEW_FEED_URL;
  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, url);

  /* Otherwise follow it, and ask there next time. */
  lw_library_remove_show (fixture->library, lw_show_get_id (other), &error);
  g_assert_no_error (error);
  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, new_url);
  g_assert_cmpuint (n_shows (fixture->library), ==, 1);
  g_assert_cmpuint (n_episodes (fixture->library, lw_show_get_id (show)), ==, 1);

  g_assert_true (refresh (fixture, show, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle.xml"), ==, 3);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle-new.xml"), ==, 2);
}

static void
test_refresh_unsubscribed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  show = subscribe (fixture, "/toggle.xml", &error);
  g_assert_no_error (error);

  fixture->toggle = TOGGLE_HOLD;
  lw_feed_service_refresh_async (fixture->service, show, NULL, lw_test_http_store_result, &result);
  while (fixture->held == NULL)
    g_main_context_iteration (fixture->http->context, TRUE);

  /* The user unsubscribes while the feed is on its way: it must not come back. */
  lw_library_remove_show (fixture->library, lw_show_get_id (show), &error);
  g_assert_no_error (error);
  soup_server_message_unpause (fixture->held);
  lw_test_http_wait (fixture->http, &result);

  g_assert_false (lw_feed_service_refresh_finish (fixture->service, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n_shows (fixture->library), ==, 0);
}

static void
test_refresh_joins (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;

  show = subscribe (fixture, "/toggle.xml", &error);
  g_assert_no_error (error);

  lw_feed_service_refresh_async (fixture->service, show, NULL, lw_test_http_store_result, &result1);
  lw_feed_service_refresh_async (fixture->service, show, NULL, lw_test_http_store_result, &result2);
  lw_test_http_wait (fixture->http, &result1);
  lw_test_http_wait (fixture->http, &result2);
  g_assert_true (lw_feed_service_refresh_finish (fixture->service, result1, &error));
  g_assert_no_error (error);
  g_assert_true (lw_feed_service_refresh_finish (fixture->service, result2, &error));
  g_assert_no_error (error);

  /* One subscription, one refresh: two requests, not three. */
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle.xml"), ==, 2);
}

typedef struct
{
  guint      refreshed;
  guint      failed;
  guint      done_notifies;
  GPtrArray *errors;
} RefreshAllSpy;

static void
on_show_refreshed (LwFeedService *service,
                   LwShow        *show,
                   const GError  *error,
                   RefreshAllSpy *spy)
{
  g_assert_true (LW_IS_SHOW (show));
  spy->refreshed++;
  if (error != NULL)
    {
      spy->failed++;
      g_ptr_array_add (spy->errors, g_strdup (error->message));
    }
}

static void
on_refresh_done (LwFeedService *service,
                 GParamSpec    *pspec,
                 RefreshAllSpy *spy)
{
  spy->done_notifies++;
  g_assert_cmpuint (lw_feed_service_get_refresh_done (service), <=,
                    lw_feed_service_get_refresh_total (service));
}

static guint
refresh_all_with (Fixture *fixture,
                  void   (*start) (LwFeedService *, GCancellable *, GAsyncReadyCallback, gpointer))
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint failed;

  start (fixture->service, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  failed = lw_feed_service_refresh_all_finish (fixture->service, result, &error);
  g_assert_no_error (error);

  return failed;
}

/* The automatic refreshes leave out a failing show until its backoff is over, and
 * a show that is gone; the user's own refresh tries them all. */
static void
test_refresh_due (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(LwShow) pool = NULL;
  g_autoptr(LwShow) toggle = NULL;
  g_autoptr(GError) error = NULL;

  fixture->pool_delay = 1;
  pool = subscribe (fixture, "/pool/1.xml", &error);
  g_assert_no_error (error);
  toggle = subscribe (fixture, "/toggle.xml", &error);
  g_assert_no_error (error);

  fixture->toggle = TOGGLE_BROKEN;
  g_assert_cmpuint (refresh_all_with (fixture, lw_feed_service_refresh_due_async), ==, 1);
  g_assert_cmpuint (lw_feed_service_get_refresh_total (fixture->service), ==, 2);
  g_assert_cmpint (lw_show_get_next_retry (toggle), >, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle.xml"), ==, 2);

  /* Backing off: left out. */
  g_assert_cmpuint (refresh_all_with (fixture, lw_feed_service_refresh_due_async), ==, 0);
  g_assert_cmpuint (lw_feed_service_get_refresh_total (fixture->service), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle.xml"), ==, 2);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/pool/1.xml"), ==, 3);

  /* Asked for: tried, and gone for good. */
  fixture->toggle = TOGGLE_GONE;
  g_assert_cmpuint (refresh_all_with (fixture, lw_feed_service_refresh_all_async), ==, 1);
  g_assert_cmpuint (lw_feed_service_get_refresh_total (fixture->service), ==, 2);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle.xml"), ==, 3);
  g_assert_cmpuint (lw_show_get_last_status (toggle), ==, 410);

  /* Gone: left out of the automatic ones, whatever the backoff says. */
  g_assert_true (lw_library_set_show_not_modified (fixture->library, lw_show_get_id (pool), NULL, &error));
  g_assert_cmpuint (refresh_all_with (fixture, lw_feed_service_refresh_due_async), ==, 0);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/toggle.xml"), ==, 3);
}

static void
test_refresh_all (Fixture       *fixture,
                  gconstpointer  data)
{
  RefreshAllSpy spy = { 0, 0, 0, g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwShow) toggle = NULL;

  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *path = g_strdup_printf ("/pool/%u.xml", i);
      g_autoptr(LwShow) show = subscribe (fixture, path, &error);

      g_assert_no_error (error);
    }
  toggle = subscribe (fixture, "/toggle.xml", &error);
  g_assert_no_error (error);
  fixture->toggle = TOGGLE_BROKEN;
  fixture->max_in_flight = 0;

  g_signal_connect (fixture->service, "show-refreshed", G_CALLBACK (on_show_refreshed), &spy);
  g_signal_connect (fixture->service, "notify::refresh-done", G_CALLBACK (on_refresh_done), &spy);

  /* A second request while the first runs joins it instead of starting again. */
  lw_feed_service_refresh_all_async (fixture->service, NULL, lw_test_http_store_result, &result1);
  g_assert_true (lw_feed_service_get_refreshing (fixture->service));
  g_assert_cmpuint (lw_feed_service_get_refresh_total (fixture->service), ==, 10);
  lw_feed_service_refresh_all_async (fixture->service, NULL, lw_test_http_store_result, &result2);
  lw_test_http_wait (fixture->http, &result1);
  lw_test_http_wait (fixture->http, &result2);

  g_assert_cmpuint (lw_feed_service_refresh_all_finish (fixture->service, result1, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (lw_feed_service_refresh_all_finish (fixture->service, result2, &error), ==, 1);
  g_assert_no_error (error);

  g_assert_false (lw_feed_service_get_refreshing (fixture->service));
  g_assert_cmpuint (lw_feed_service_get_refresh_done (fixture->service), ==, 10);
  g_assert_cmpuint (spy.refreshed, ==, 10);
  g_assert_cmpuint (spy.failed, ==, 1);
  g_assert_cmpuint (spy.done_notifies, ==, 10);
  g_assert_cmpstr (g_ptr_array_index (spy.errors, 0), ==, "127.0.0.1 answered 500 Internal Server Error");
  g_assert_cmpstr (lw_show_get_last_error (toggle), ==, "127.0.0.1 answered 500 Internal Server Error");

  /* Each show once (subscribe + refresh), two at a time from this one host. */
  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *path = g_strdup_printf ("/pool/%u.xml", i);

      g_assert_cmpuint (lw_test_http_hits (fixture->http, path), ==, 2);
    }
  g_assert_cmpuint (fixture->max_in_flight, ==, 2);

  g_signal_handlers_disconnect_by_data (fixture->service, &spy);
  g_ptr_array_unref (spy.errors);
}

/* Many shows on two hosts (the test server listens on 127.0.0.1 only): never more
 * than 2 fetches per host, the hosts in turn, and every show done. */
static void
test_refresh_all_many (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const hosts[] = { "127.0.0.1", "localhost" };
  g_autofree char *base = lw_test_http_url (fixture->http, "/");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *port = strrchr (base, ':');

  fixture->pool_delay = 1;
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *url = g_strdup_printf ("http://%s%.*s/pool/%u.xml", hosts[i % G_N_ELEMENTS (hosts)],
                                              (int) strcspn (port, "/"), port, i);
      g_autoptr(LwShow) show = subscribe (fixture, url, &error);

      g_assert_no_error (error);
    }

  fixture->pool_delay = 20;
  fixture->max_in_flight = 0;
  memset (fixture->max_in_flight_at, 0, sizeof fixture->max_in_flight_at);
  lw_feed_service_refresh_all_async (fixture->service, NULL, lw_test_http_store_result, &result);
  g_assert_cmpuint (lw_feed_service_get_refresh_total (fixture->service), ==, 300);
  lw_test_http_wait (fixture->http, &result);
  g_assert_cmpuint (lw_feed_service_refresh_all_finish (fixture->service, result, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpuint (lw_feed_service_get_refresh_done (fixture->service), ==, 300);
  g_assert_cmpuint (fixture->max_in_flight_at[0], ==, 2);
  g_assert_cmpuint (fixture->max_in_flight_at[1], ==, 2);
  g_assert_cmpuint (fixture->max_in_flight, ==, 4);
  g_assert_cmpuint (fixture->in_flight, ==, 0);
}

typedef struct
{
  guint   calls;
  guint   shows;
  guint  *seen;
} ManySpy;

static void
on_many_each (LwFeedService *service,
              guint          index,
              LwShow        *show,
              const GError  *error,
              gpointer       user_data)
{
  ManySpy *spy = user_data;

  g_assert_true ((show == NULL) == (error != NULL));
  spy->calls++;
  spy->seen[index]++;
  if (show != NULL)
    spy->shows++;
}

/* Subscribing to a list through the pool: 2 fetches per host at most, every URL
 * answered once, failures counted. */
static void
test_subscribe_many (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const hosts[] = { "127.0.0.1", "localhost" };
  g_autofree char *base = lw_test_http_url (fixture->http, "/");
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint *seen = NULL;
  const char *port = strrchr (base, ':');
  ManySpy spy = { 0, };
  guint n;

  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (urls, g_strdup_printf ("http://%s%.*s/pool/%u.xml", hosts[i % G_N_ELEMENTS (hosts)],
                                            (int) strcspn (port, "/"), port, i));
  g_ptr_array_add (urls, g_strdup_printf ("http://127.0.0.1%.*s/pool/bad.xml", (int) strcspn (port, "/"), port));
  g_ptr_array_add (urls, g_strdup ("not a url"));
  n = urls->len;
  g_ptr_array_add (urls, NULL);
  seen = g_new0 (guint, n);
  spy.seen = seen;

  fixture->pool_delay = 20;
  lw_feed_service_subscribe_many_async (fixture->service, (const char * const *) urls->pdata,
                                        on_many_each, &spy, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_assert_cmpuint (lw_feed_service_subscribe_many_finish (fixture->service, result, &error), ==, 2);
  g_assert_no_error (error);

  g_assert_cmpuint (spy.calls, ==, n);
  g_assert_cmpuint (spy.shows, ==, 40);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (seen[i], ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->library)), ==, 40);
  g_assert_cmpuint (fixture->max_in_flight_at[0], ==, 2);
  g_assert_cmpuint (fixture->max_in_flight_at[1], ==, 2);
  g_assert_cmpuint (fixture->max_in_flight, <=, 4);
  g_assert_cmpuint (fixture->in_flight, ==, 0);
}

static void
test_refresh_all_hosts (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *localhost = g_strdup_printf ("http://localhost:%s",
                                                strrchr (fixture->http->base_url, ':') + 1);

  /* Two host names for the one loopback server: each gets its own two fetch slots. */
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/pool/%u.xml", i % 2 ? fixture->http->base_url : localhost, i);
      g_autoptr(LwShow) show = subscribe (fixture, url, &error);

      g_assert_no_error (error);
    }
  fixture->max_in_flight = 0;
  memset (fixture->max_in_flight_at, 0, sizeof fixture->max_in_flight_at);

  lw_feed_service_refresh_all_async (fixture->service, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_assert_cmpuint (lw_feed_service_refresh_all_finish (fixture->service, result, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->max_in_flight_at[0], ==, 2);
  g_assert_cmpuint (fixture->max_in_flight_at[1], ==, 2);
  g_assert_cmpuint (fixture->max_in_flight, ==, 4);
}

static void
test_refresh_all_hostile (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *page_url = lw_test_http_url (fixture->http, "/hostile/page.xml");
  g_autofree char *html_message = dup_parser_message (page_html, strlen (page_html), page_url);
  const struct {
    const char *kind;
    const char *message;  /* NULL: whatever the parser says about garbage */
  } cases[] = {
    { "slow", "127.0.0.1 did not answer within 1 second" },
    { "drop", "Could not reach 127.0.0.1: The connection closed unexpectedly" },
    { "garbage", NULL },
    { "loop", "127.0.0.1 redirected more than 10 times" },
    { "huge", "127.0.0.1 sent more than 8 MB, the most Longwave accepts" },
    { "endless", "127.0.0.1 sent more than 8 MB, the most Longwave accepts" },
    { "page", html_message },
  };
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* Set first: libsoup gives a connection the timeout of the moment it opened. A
   * smaller body limit keeps the endless body quick to reach it, even under valgrind. */
  lw_feed_service_set_timeout (fixture->service, 1);
  lw_feed_service_set_max_body_size (fixture->service, 8 * 1024 * 1024);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hostile/%s.xml", cases[i].kind);

      g_ptr_array_add (bad, subscribe (fixture, path, &error));
      g_assert_no_error (error);
    }
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("/pool/%u.xml", i);

      g_ptr_array_add (good, subscribe (fixture, path, &error));
      g_assert_no_error (error);
    }

  fixture->hostile = TRUE;

  start = g_get_monotonic_time ();
  lw_feed_service_refresh_all_async (fixture->service, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_test_message ("refreshed with every kind of trouble in %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  /* Each bad feed fails alone, with its own sentence; the good ones refresh. */
  g_assert_cmpuint (lw_feed_service_refresh_all_finish (fixture->service, result, &error), ==,
                    G_N_ELEMENTS (cases));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LwShow *show = g_ptr_array_index (bad, i);

      g_test_message ("%s: %s", cases[i].kind, lw_show_get_last_error (show));
      g_assert_nonnull (lw_show_get_last_error (show));
      if (cases[i].message != NULL)
        g_assert_cmpstr (lw_show_get_last_error (show), ==, cases[i].message);
      g_assert_cmpstr (lw_show_get_title (show), ==, "Loopback Radio");
      g_assert_cmpuint (n_episodes (fixture->library, lw_show_get_id (show)), ==, 1);
    }

  for (guint i = 0; i < good->len; i++)
    g_assert_null (lw_show_get_last_error (g_ptr_array_index (good, i)));
}

static void
test_refresh_all_empty (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  lw_feed_service_refresh_all_async (fixture->service, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_assert_cmpuint (lw_feed_service_refresh_all_finish (fixture->service, result, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (lw_feed_service_get_refreshing (fixture->service));
}

/* longwave-cli subscribe, run as its own process against this process's server */

static int
run_cli (Fixture     *fixture,
         const char  *url,
         char       **out,
         char       **err)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "longwave-cli", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->tmpdir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "subscribe", url, NULL);
  g_assert_no_error (error);

  /* The server answers from this process: keep its context running meanwhile. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_subprocess_communicate_utf8_finish (process, result, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
test_cli_subscribe (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/feed.xml");
  g_autofree char *page_url = lw_test_http_url (fixture->http, "/page.html");
  g_autofree char *refused_url = lw_test_refused_url ();
  g_autofree char *html_message = dup_parser_message (page_html, strlen (page_html), page_url);
  g_autofree char *expected_html = g_strdup_printf ("longwave-cli: %s\n", html_message);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "longwave", "library.db", NULL);
  g_autofree char *expected_out = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli (fixture, url, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_shows (library), ==, 1);
  show = lw_library_lookup_show_by_url (library, url);
  g_assert_nonnull (show);
  expected_out = g_strdup_printf ("%" G_GINT64_FORMAT "\tLoopback Radio\n", lw_show_get_id (show));
  g_assert_cmpstr (out, ==, expected_out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Failures: exit status 1, one line on stderr, nothing on stdout, nothing stored. */
  g_assert_cmpint (run_cli (fixture, refused_url, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "longwave-cli: Could not reach 127.0.0.1: Connection refused\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, page_url, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, expected_html);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_clear_object (&show);
  g_clear_object (&library);
  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_shows (library), ==, 1);
  show = lw_library_lookup_show_by_url (library, url);
  g_assert_cmpuint (n_episodes (library, lw_show_get_id (show)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feed-service/normalize-url", test_normalize_url);
  g_test_add_func ("/feed-service/discover", test_discover);

#define ADD(path, func) \
  g_test_add ("/feed-service/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("properties", test_properties);
  ADD ("fetch/not-modified", test_fetch_then_not_modified);
  ADD ("fetch/http-errors", test_http_errors);
  ADD ("fetch/redirect-permanent", test_redirect_permanent);
  ADD ("fetch/redirect-temporary", test_redirect_temporary);
  ADD ("fetch/redirect-loop", test_redirect_loop);
  ADD ("fetch/timeout", test_timeout);
  ADD ("fetch/trickle", test_trickle);
  ADD ("fetch/connection-refused", test_connection_refused);
  ADD ("fetch/too-large", test_too_large);
  ADD ("fetch/compressed", test_compressed);
  ADD ("fetch/invalid-url", test_invalid_url);
  ADD ("fetch/cancel", test_cancel);
  ADD ("subscribe/new-and-again", test_subscribe);
  ADD ("subscribe/failures", test_subscribe_failures);
  ADD ("subscribe/web-page", test_subscribe_web_page);
  ADD ("subscribe/redirects", test_subscribe_redirects);
  ADD ("refresh/failure-keeps-episodes", test_refresh_failure_keeps_episodes);
  ADD ("refresh/redirects", test_refresh_redirects);
  ADD ("refresh/same-body", test_refresh_same_body);
  ADD ("refresh/new-feed-url", test_refresh_new_feed_url);
  ADD ("refresh/joins", test_refresh_joins);
  ADD ("refresh/unsubscribed", test_refresh_unsubscribed);
  ADD ("refresh-all/pool", test_refresh_all);
  ADD ("refresh-all/due", test_refresh_due);
  ADD ("refresh-all/many-hosts", test_refresh_all_many);
  ADD ("subscribe-many", test_subscribe_many);
  ADD ("refresh-all/hosts", test_refresh_all_hosts);
  ADD ("refresh-all/hostile", test_refresh_all_hostile);
  ADD ("refresh-all/empty", test_refresh_all_empty);
  ADD ("cli/subscribe", test_cli_subscribe);

#undef ADD

  return g_test_run ();
}
