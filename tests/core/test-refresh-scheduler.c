/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-refresh-scheduler"

#include "config.h"

#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "core/lw-refresh-scheduler.h"
#include "lw-test-http.h"

/* Refresh on start-up, on the GSettings interval, and on request, with a request
 * during a refresh absorbed by it: against a real SoupServer, a real library and
 * the app's schema (memory backend). */

static const char feed_xml[] =
  "<rss version=\"2.0\"><channel><title>Clockwork</title>"
  "<item><title>Tick</title><guid>tick</guid></item></channel></rss>";

typedef struct
{
  LwTestHttp         *http;
  char               *tmpdir;
  LwLibrary          *library;
  LwFeedService      *service;
  GSettings          *settings;
  LwRefreshScheduler *scheduler;
  guint               finished;
  guint               last_failed;
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  /* A little slow, so that a second request arrives while the refresh runs. */
  g_usleep (20 * 1000);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                    feed_xml, strlen (feed_xml));
}

static void
on_finished (LwRefreshScheduler *scheduler,
             guint               n_failed,
             const GError       *error,
             Fixture            *fixture)
{
  g_assert_no_error (error);
  fixture->finished++;
  fixture->last_failed = n_failed;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;

  fixture->http = lw_test_http_new (serve, fixture);
  fixture->tmpdir = g_dir_make_tmp ("longwave-scheduler-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->tmpdir, "library.db", NULL);
  fixture->library = lw_library_new (path, &error);
  g_assert_no_error (error);
  fixture->service = lw_feed_service_new (fixture->library);

  url = lw_test_http_url (fixture->http, "/feed.xml");
  lw_feed_service_subscribe_async (fixture->service, url, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  show = lw_feed_service_subscribe_finish (fixture->service, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 1);

  /* The memory backend (tests/meson.build): every test starts from the defaults. */
  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "refresh-on-startup");
  g_settings_reset (fixture->settings, "refresh-interval");
  fixture->scheduler = lw_refresh_scheduler_new (fixture->service, fixture->settings);
  g_signal_connect (fixture->scheduler, "finished", G_CALLBACK (on_finished), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->scheduler);
  g_assert_finalize_object (fixture->service);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->library);
  lw_test_http_free (fixture->http);
  lw_test_rm_rf (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static gboolean
finished_at_least (Fixture *fixture,
                   guint    n)
{
  return fixture->finished >= n;
}

/* Iterates until the scheduler finished @n runs (or 10 s passed). */
static void
wait_finished (Fixture *fixture,
               guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!finished_at_least (fixture, n))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (fixture->http->context, TRUE);
    }
}

/* Runs the fixture's context for @ms milliseconds. */
static void
run_for (Fixture *fixture,
         guint    ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (fixture->http->context, FALSE), g_usleep (1000);
}

static void
test_startup (Fixture       *fixture,
              gconstpointer  data)
{
  /* The defaults: refresh on start-up, then every 60 minutes. */
  lw_refresh_scheduler_start (fixture->scheduler);
  g_assert_true (lw_refresh_scheduler_get_running (fixture->scheduler));
  g_assert_cmpint (lw_refresh_scheduler_get_next_refresh (fixture->scheduler), ==, 0);
  wait_finished (fixture, 1);
  g_assert_cmpuint (fixture->last_failed, ==, 0);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 2);
  g_assert_false (lw_refresh_scheduler_get_running (fixture->scheduler));

  /* The next one planned an hour from now. */
  g_assert_cmpint (lw_refresh_scheduler_get_next_refresh (fixture->scheduler), >=,
                   g_get_real_time () / G_USEC_PER_SEC + 59 * 60);
  g_assert_cmpint (lw_refresh_scheduler_get_next_refresh (fixture->scheduler), <=,
                   g_get_real_time () / G_USEC_PER_SEC + 60 * 60);

  /* Starting twice changes nothing. */
  lw_refresh_scheduler_start (fixture->scheduler);
  g_assert_false (lw_refresh_scheduler_get_running (fixture->scheduler));
}

static void
test_no_startup (Fixture       *fixture,
                 gconstpointer  data)
{
  g_settings_set_boolean (fixture->settings, "refresh-on-startup", FALSE);
  g_settings_set_uint (fixture->settings, "refresh-interval", 0);

  lw_refresh_scheduler_start (fixture->scheduler);
  g_assert_false (lw_refresh_scheduler_get_running (fixture->scheduler));
  g_assert_cmpint (lw_refresh_scheduler_get_next_refresh (fixture->scheduler), ==, 0);
  run_for (fixture, 200);
  g_assert_cmpuint (fixture->finished, ==, 0);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 1);
}

static void
test_absorbed (Fixture       *fixture,
               gconstpointer  data)
{
  g_settings_set_boolean (fixture->settings, "refresh-on-startup", FALSE);
  lw_refresh_scheduler_start (fixture->scheduler);

  /* Three requests (F5 pressed three times) while the first runs: one refresh. */
  lw_refresh_scheduler_refresh (fixture->scheduler);
  lw_refresh_scheduler_refresh (fixture->scheduler);
  g_assert_true (lw_refresh_scheduler_get_running (fixture->scheduler));
  g_main_context_iteration (fixture->http->context, FALSE);
  lw_refresh_scheduler_refresh (fixture->scheduler);
  wait_finished (fixture, 1);
  run_for (fixture, 200);
  g_assert_cmpuint (fixture->finished, ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 2);

  /* Done: the next request refreshes again. */
  lw_refresh_scheduler_refresh (fixture->scheduler);
  wait_finished (fixture, 2);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, 3);
}

static void
test_interval (Fixture       *fixture,
               gconstpointer  data)
{
  /* A "minute" of 100 ms: every 2 minutes is every 200 ms. */
  lw_refresh_scheduler_set_minute_ms (fixture->scheduler, 100);
  g_settings_set_boolean (fixture->settings, "refresh-on-startup", FALSE);
  g_settings_set_uint (fixture->settings, "refresh-interval", 2);
  lw_refresh_scheduler_start (fixture->scheduler);
  g_assert_cmpint (lw_refresh_scheduler_get_next_refresh (fixture->scheduler), >, 0);
  g_assert_cmpuint (fixture->finished, ==, 0);

  wait_finished (fixture, 2);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), >=, 3);

  /* Turned off: no more automatic refreshes. */
  g_settings_set_uint (fixture->settings, "refresh-interval", 0);
  wait_finished (fixture, fixture->finished);
  run_for (fixture, 100);
  {
    guint hits = lw_test_http_hits (fixture->http, "/feed.xml");
    guint finished = fixture->finished;

    g_assert_cmpint (lw_refresh_scheduler_get_next_refresh (fixture->scheduler), ==, 0);
    run_for (fixture, 600);
    g_assert_cmpuint (fixture->finished, ==, finished);
    g_assert_cmpuint (lw_test_http_hits (fixture->http, "/feed.xml"), ==, hits);
  }

  /* On again: it picks up from the last refresh, which is long enough ago. */
  g_settings_set_uint (fixture->settings, "refresh-interval", 1);
  wait_finished (fixture, fixture->finished + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/refresh-scheduler/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("startup", test_startup);
  ADD ("no-startup", test_no_startup);
  ADD ("absorbed", test_absorbed);
  ADD ("interval", test_interval);

#undef ADD

  return g_test_run ();
}
