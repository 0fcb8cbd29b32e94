/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-artwork-cache"

#include "config.h"

#include <glib/gstdio.h>

#include "core/lw-artwork-cache.h"
#include "core/lw-feed-service.h"
#include "lw-test-http.h"

/* Not a real PNG, and it need not be: the cache stores bytes, the UI decodes them. */
static const char image[] = "\x89PNG\r\n\x1a\n loopback artwork";

static char *cache_home;

typedef struct
{
  LwTestHttp        *http;
  LwArtworkCache    *cache;
  SoupServerMessage *paused;
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  if (g_str_equal (path, "/art.png") || g_str_equal (path, "/slow.png"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC,
                                        image, sizeof image - 1);
      /* Held back, so the test can cancel while the download is under way. */
      if (g_str_equal (path, "/slow.png"))
        {
          Fixture *fixture = user_data;

          g_clear_object (&fixture->paused);
          fixture->paused = g_object_ref (msg);
          soup_server_message_pause (msg);
        }
    }
  else if (g_str_equal (path, "/octet.png"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC,
                                        image, sizeof image - 1);
    }
  else if (g_str_equal (path, "/login.png") || g_str_equal (path, "/login-octet.png"))
    {
      static const char page[] = "<!DOCTYPE html><html><body>Please log in</body></html>";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg,
                                        g_str_equal (path, "/login.png") ? "text/html" : "application/octet-stream",
                                        SOUP_MEMORY_STATIC, page, sizeof page - 1);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->http = lw_test_http_new (serve, fixture);
  fixture->cache = lw_artwork_cache_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->cache);
  g_clear_object (&fixture->paused);
  lw_test_http_free (fixture->http);
}

static GFile *
finish (Fixture       *fixture,
        GAsyncResult **result,
        GError       **error)
{
  lw_test_http_wait (fixture->http, result);

  return lw_artwork_cache_fetch_finish (fixture->cache, *result, error);
}

static guint
count_files (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
test_fetch_once (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/art.png");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *expected = g_build_filename (cache_home, "longwave", "artwork", hash, NULL);
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GFile) file1 = NULL;
  g_autoptr(GFile) file2 = NULL;
  g_autoptr(GFile) file3 = NULL;
  g_autoptr(GFile) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *directory = NULL;
  gsize length;

  g_assert_null (lw_artwork_cache_lookup (fixture->cache, url));

  /* Two requests at once share one download. */
  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result1);
  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result2);

  file1 = finish (fixture, &result1, &error);
  g_assert_no_error (error);
  file2 = finish (fixture, &result2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/art.png"), ==, 1);

  g_assert_true (g_file_equal (file1, file2));
  g_assert_cmpstr (g_file_peek_path (file1), ==, expected);
  g_file_get_contents (expected, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, image, sizeof image - 1);

  /* No temporary file left beside it. */
  directory = g_path_get_dirname (expected);
  g_assert_cmpuint (count_files (directory), >=, 1);
  {
    g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)))
      g_assert_cmpuint (strlen (name), ==, 64);
  }

  /* Later requests, and a fresh cache object, use the file. */
  looked_up = lw_artwork_cache_lookup (fixture->cache, url);
  g_assert_nonnull (looked_up);
  g_assert_true (g_file_equal (looked_up, file1));

  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result3);
  file3 = finish (fixture, &result3, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (file3, file1));
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/art.png"), ==, 1);

  {
    g_autoptr(LwArtworkCache) other = lw_artwork_cache_new ();
    g_autoptr(GFile) again = lw_artwork_cache_lookup (other, url);

    g_assert_nonnull (again);
    g_assert_true (g_file_equal (again, file1));
  }
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/missing.png");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result);
  file = finish (fixture, &result, &error);
  g_assert_null (file);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 answered 404 Not Found");
  g_assert_null (lw_artwork_cache_lookup (fixture->cache, url));
}

static void
test_not_an_image (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const pages[] = { "/login.png", "/login-octet.png" };
  g_autofree char *octet_url = lw_test_http_url (fixture->http, "/octet.png");
  g_autoptr(GAsyncResult) octet_result = NULL;
  g_autoptr(GFile) octet = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *url = lw_test_http_url (fixture->http, pages[i]);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GFile) file = NULL;

      lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result);
      file = finish (fixture, &result, &error);
      g_assert_null (file);
      g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP);
      g_assert_cmpstr (error->message, ==, "127.0.0.1 sent a web page instead of an image");
      g_assert_null (lw_artwork_cache_lookup (fixture->cache, url));
      g_clear_error (&error);
    }

  /* Sent as bytes of no particular type, but the bytes are an image. */
  lw_artwork_cache_fetch_async (fixture->cache, octet_url, NULL, lw_test_http_store_result, &octet_result);
  octet = finish (fixture, &octet_result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (octet);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = lw_test_refused_url ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result);
  file = finish (fixture, &result, &error);
  g_assert_null (file);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Could not reach 127.0.0.1: Connection refused");
}

static void
test_file_url (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  lw_artwork_cache_fetch_async (fixture->cache, "file:///usr/share/cover.jpg", NULL,
                                lw_test_http_store_result, &result);
  file = finish (fixture, &result, &error);
  g_assert_no_error (error);
  uri = g_file_get_uri (file);
  g_assert_cmpstr (uri, ==, "file:///usr/share/cover.jpg");

  looked_up = lw_artwork_cache_lookup (fixture->cache, "file:///usr/share/cover.jpg");
  g_assert_true (g_file_equal (looked_up, file));
}

/* Scaled copies sit next to the original, one per size, named after the same URL hash. */
static void
test_scaled_path (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lw_test_http_url (fixture->http, "/art.png");
  g_autofree char *original = NULL;
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;
  g_autofree char *other = NULL;
  g_autofree char *local = NULL;
  g_autofree char *expected = NULL;

  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result);
  file = finish (fixture, &result, &error);
  g_assert_no_error (error);
  original = g_file_get_path (file);

  small = lw_artwork_cache_dup_scaled_path (fixture->cache, url, 160);
  large = lw_artwork_cache_dup_scaled_path (fixture->cache, url, 320);
  other = lw_artwork_cache_dup_scaled_path (fixture->cache, "https://example.com/a.png", 160);
  expected = g_strdup_printf ("%s-160.png", original);
  g_assert_cmpstr (small, ==, expected);
  g_assert_cmpstr (small, !=, large);
  g_assert_cmpstr (small, !=, other);
  g_assert_false (g_file_test (small, G_FILE_TEST_EXISTS));

  /* A file:// image is never copied, but its scaled copies live in the cache too. */
  local = lw_artwork_cache_dup_scaled_path (fixture->cache, "file:///usr/share/cover.jpg", 48);
  g_assert_true (g_str_has_prefix (local, cache_home));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/slow.png");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) kept = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  lw_artwork_cache_fetch_async (fixture->cache, url, cancellable, lw_test_http_store_result, &cancelled);
  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &kept);
  while (fixture->paused == NULL)
    g_main_context_iteration (fixture->http->context, TRUE);

  /* The one that gives up hears so at once; the other still gets the file. */
  g_cancellable_cancel (cancellable);
  file = finish (fixture, &cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (file);
  g_assert_null (kept);
  g_clear_error (&error);

  soup_server_message_unpause (fixture->paused);
  file = finish (fixture, &kept, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/slow.png"), ==, 1);
}

static void
test_cancel_all (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *url = lw_test_http_url (fixture->http, "/slow.png");
  g_autoptr(GCancellable) cancellable1 = g_cancellable_new ();
  g_autoptr(GCancellable) cancellable2 = g_cancellable_new ();
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  lw_artwork_cache_fetch_async (fixture->cache, url, cancellable1, lw_test_http_store_result, &result1);
  lw_artwork_cache_fetch_async (fixture->cache, url, cancellable2, lw_test_http_store_result, &result2);
  while (fixture->paused == NULL)
    g_main_context_iteration (fixture->http->context, TRUE);

  g_cancellable_cancel (cancellable1);
  g_cancellable_cancel (cancellable2);
  file = finish (fixture, &result1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  file = finish (fixture, &result2, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (lw_artwork_cache_lookup (fixture->cache, url));

  /* Nobody wanted it any more, so the download stopped; a new request starts afresh. */
  g_clear_object (&fixture->paused);
  lw_artwork_cache_fetch_async (fixture->cache, url, NULL, lw_test_http_store_result, &result3);
  while (fixture->paused == NULL)
    g_main_context_iteration (fixture->http->context, TRUE);
  soup_server_message_unpause (fixture->paused);
  file = finish (fixture, &result3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/slow.png"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  cache_home = g_dir_make_tmp ("longwave-artwork-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for the cache dir: it remembers the first answer. */
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/artwork-cache/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("fetch-once", test_fetch_once);
  ADD ("not-found", test_not_found);
  ADD ("not-an-image", test_not_an_image);
  ADD ("refused", test_refused);
  ADD ("file-url", test_file_url);
  ADD ("scaled-path", test_scaled_path);
  ADD ("cancel-one", test_cancel);
  ADD ("cancel-all", test_cancel_all);

#undef ADD

  ret = g_test_run ();

  lw_test_rm_rf (cache_home);
  g_free (cache_home);

  return ret;
}
