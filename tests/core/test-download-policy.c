/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-download-policy"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "core/lw-download-policy.h"
#include "core/lw-downloader.h"
#include "core/lw-feed-service.h"
#include "library-fixtures.h"
#include "lw-test-http.h"

#define WAIT_LIMIT_USEC (30 * G_USEC_PER_SEC)
#define DAY (24 * 60 * 60)

/* A real library in a temp dir, a real downloader into it, and a SoupServer that
 * serves any /media/… path as 4 KiB of bytes and /feed.xml as the current feed. */
typedef struct
{
  LwTestHttp       *http;
  char             *dir;
  char             *path;
  LwLibrary        *library;
  LwDownloader     *downloader;
  LwDownloadPolicy *policy;
  char             *feed_xml;
  gint64            now;          /* the fake clock, Unix seconds */
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_has_prefix (path, "/media/"))
    {
      char *body = g_malloc (4096);

      memset (body, path[strlen (path) - 5], 4096);
      soup_message_headers_set_content_type (headers, "audio/mpeg", NULL);
      soup_server_message_set_response (msg, "audio/mpeg", SOUP_MEMORY_TAKE, body, 4096);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else if (g_str_equal (path, "/feed.xml") && fixture->feed_xml != NULL)
    {
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                        fixture->feed_xml, strlen (fixture->feed_xml));
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;

  fixture->http = lw_test_http_new (serve, fixture);
  fixture->dir = g_dir_make_tmp ("lw-policy-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->library = lw_library_new (fixture->path, &error);
  g_assert_no_error (error);
  folder = g_build_filename (fixture->dir, "downloads", NULL);
  fixture->downloader = lw_downloader_new (fixture->library, folder);
  fixture->policy = lw_download_policy_new (fixture->library, fixture->downloader, NULL);
  fixture->now = g_get_real_time () / G_USEC_PER_SEC;
  lw_download_policy_set_clock (fixture->policy, fake_clock, fixture);
  /* Whatever this machine's network is: the tests say what it is. */
  lw_download_policy_set_metered (fixture->policy, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->policy);
  g_assert_finalize_object (fixture->downloader);
  g_assert_finalize_object (fixture->library);
  lw_test_http_free (fixture->http);
  lw_test_rm_rf (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_free (fixture->feed_xml);
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
iterate_for (Fixture *fixture,
             guint    ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (fixture->http->context, FALSE);
}

/* Subscribes to a show of @n_old episodes "a while ago" (their first_seen and the
 * show's added moved 100 s back), then merges @n_new newer ones as a refresh would. */
static gint64
subscribe_and_refresh (Fixture    *fixture,
                       const char *title,
                       guint       n_old,
                       guint       n_new)
{
  g_autoptr(LwFeed) feed = lw_test_feed_new (title, n_old);
  g_autoptr(GError) error = NULL;
  g_autofree char *feed_url = g_strdup_printf ("https://example.org/%s.xml", title);
  g_autofree char *sql = NULL;
  gint64 show_id;

  for (guint i = 0; i < feed->items->len; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/media/%s-old-%u.mp3", fixture->http->base_url, title, i);
      lw_test_item_set_enclosure (g_ptr_array_index (feed->items, i), url);
    }

  show_id = lw_library_merge_feed (fixture->library, feed_url, feed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (show_id, >, 0);

  sql = g_strdup_printf ("UPDATE shows SET added = added - 100 WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE episodes SET first_seen = first_seen - 100 WHERE show_id = %" G_GINT64_FORMAT,
                         show_id, show_id);
  exec_sql (fixture, sql);

  /* Newer than every old one: published 1700000000 + N hours. */
  for (guint i = 0; i < n_new; i++)
    {
      g_autofree char *guid = g_strdup_printf ("%s-new-%u", title, i);
      g_autofree char *url = g_strdup_printf ("%s/media/%s-new-%u.mp3", fixture->http->base_url, title, i);

      lw_test_feed_prepend (feed, guid, guid, url, 1700000000 + (i + 1) * 3600);
    }

  g_assert_cmpint (lw_library_merge_feed (fixture->library, feed_url, feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);

  return show_id;
}

static gboolean
is_queued (Fixture    *fixture,
           gint64      show_id,
           const char *guid)
{
  GListModel *downloads = lw_downloader_get_downloads (fixture->downloader);
  gint64 id = lw_test_episode_id (fixture->library, show_id, guid);

  for (guint i = 0; i < g_list_model_get_n_items (downloads); i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (downloads, i);

      if (lw_download_get_episode_id (download) == id)
        return TRUE;
    }

  return FALSE;
}

static guint
n_downloads (Fixture *fixture)
{
  return g_list_model_get_n_items (lw_downloader_get_downloads (fixture->downloader));
}

static void
wait_all_completed (Fixture *fixture)
{
  GListModel *downloads = lw_downloader_get_downloads (fixture->downloader);
  gint64 end = g_get_monotonic_time () + WAIT_LIMIT_USEC;

  for (;;)
    {
      gboolean done = TRUE;

      for (guint i = 0; i < g_list_model_get_n_items (downloads); i++)
        {
          g_autoptr(LwDownload) download = g_list_model_get_item (downloads, i);

          if (lw_download_get_state (download) != LW_DOWNLOAD_STATE_COMPLETED)
            done = FALSE;
        }

      if (done)
        return;

      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (fixture->http->context, TRUE);
    }
}

/* Tests ****************************************************************************/

static void
test_auto_download_limits (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a, b, c;
  int on, max;

  /* The downloads are only counted here: nothing needs to run. */
  lw_downloader_set_held (fixture->downloader, TRUE);

  a = subscribe_and_refresh (fixture, "Alpha", 3, 4);
  b = subscribe_and_refresh (fixture, "Beta", 3, 4);
  c = subscribe_and_refresh (fixture, "Gamma", 3, 0);

  /* Off by default: nothing. */
  g_assert_false (lw_download_policy_get_auto_download (fixture->policy));
  g_assert_cmpuint (lw_download_policy_auto_download (fixture->policy, 0, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (n_downloads (fixture), ==, 0);

  /* A show switched on by itself while the global switch is off, with its own max. */
  g_assert_true (lw_download_policy_set_show_settings (fixture->policy, a, 1, 3, &error));
  g_assert_no_error (error);
  g_assert_true (lw_download_policy_get_show_settings (fixture->policy, a, &on, &max, &error));
  g_assert_cmpint (on, ==, 1);
  g_assert_cmpint (max, ==, 3);
  g_assert_true (lw_download_policy_get_show_settings (fixture->policy, b, &on, &max, &error));
  g_assert_cmpint (on, ==, -1);
  g_assert_cmpint (max, ==, -1);

  g_assert_cmpuint (lw_download_policy_auto_download (fixture->policy, 0, &error), ==, 3);
  g_assert_no_error (error);
  /* The three newest of the four new ones; never one that came with the subscription. */
  g_assert_true (is_queued (fixture, a, "Alpha-new-3"));
  g_assert_true (is_queued (fixture, a, "Alpha-new-2"));
  g_assert_true (is_queued (fixture, a, "Alpha-new-1"));
  g_assert_false (is_queued (fixture, a, "Alpha-new-0"));
  g_assert_false (is_queued (fixture, a, "Alpha-1"));
  g_assert_false (is_queued (fixture, b, "Beta-new-3"));

  /* Global on with a maximum of 2: Beta gets its two newest, Alpha nothing more,
   * Gamma (no new episodes) nothing. */
  lw_download_policy_set_auto_download (fixture->policy, TRUE);
  lw_download_policy_set_auto_download_max (fixture->policy, 2);
  g_assert_cmpuint (lw_download_policy_auto_download (fixture->policy, 0, &error), ==, 2);
  g_assert_true (is_queued (fixture, b, "Beta-new-3"));
  g_assert_true (is_queued (fixture, b, "Beta-new-2"));
  g_assert_false (is_queued (fixture, b, "Beta-new-1"));
  g_assert_cmpuint (n_downloads (fixture), ==, 5);

  /* Running again queues nothing twice. */
  g_assert_cmpuint (lw_download_policy_auto_download (fixture->policy, 0, &error), ==, 0);

  /* A show switched off stays off with the global switch on. */
  g_assert_true (lw_download_policy_set_show_settings (fixture->policy, c, 0, -1, &error));
  exec_sql (fixture, "UPDATE episodes SET first_seen = first_seen + 1000");
  g_assert_cmpuint (lw_download_policy_auto_download (fixture->policy, c, &error), ==, 0);
  g_assert_no_error (error);

  /* Bad ids and values. */
  g_assert_false (lw_download_policy_set_show_settings (fixture->policy, 9999, 1, -1, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
}

static void
test_auto_download_once (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 show, newest, second;

  show = subscribe_and_refresh (fixture, "Delta", 2, 3);
  newest = lw_test_episode_id (fixture->library, show, "Delta-new-2");
  second = lw_test_episode_id (fixture->library, show, "Delta-new-1");

  /* A played new episode is not wanted: the limit goes to the next ones. */
  g_assert_true (lw_library_set_episode_played (fixture->library, second, TRUE, &error));
  lw_download_policy_set_auto_download (fixture->policy, TRUE);
  lw_download_policy_set_auto_download_max (fixture->policy, 2);
  g_assert_cmpuint (lw_download_policy_auto_download (fixture->policy, show, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (is_queued (fixture, show, "Delta-new-2"));
  g_assert_true (is_queued (fixture, show, "Delta-new-0"));
  g_assert_false (is_queued (fixture, show, "Delta-new-1"));

  /* They really download, into the folder, and land in the library. */
  wait_all_completed (fixture);
  {
    g_autoptr(LwEpisode) episode = lw_library_lookup_episode (fixture->library, newest);

    g_assert_nonnull (lw_episode_get_local_path (episode));
    g_assert_true (g_str_has_prefix (lw_episode_get_local_path (episode),
                                     lw_downloader_get_folder (fixture->downloader)));
    g_assert_true (g_file_test (lw_episode_get_local_path (episode), G_FILE_TEST_IS_REGULAR));
  }

  /* The user deletes one: it is not fetched again. */
  g_assert_true (lw_downloader_delete (fixture->downloader, newest, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LwEpisode) episode = lw_library_lookup_episode (fixture->library, newest);
    g_assert_null (lw_episode_get_local_path (episode));
  }
  g_assert_false (is_queued (fixture, show, "Delta-new-2"));
  g_assert_cmpuint (lw_download_policy_auto_download (fixture->policy, show, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (is_queued (fixture, show, "Delta-new-2"));
}

static void
write_download (Fixture *fixture,
                gint64   episode_id,
                char   **path)
{
  g_autoptr(GError) error = NULL;

  *path = g_strdup_printf ("%s/episode-%" G_GINT64_FORMAT ".mp3", fixture->dir, episode_id);
  g_assert_true (g_file_set_contents (*path, "ID3", 3, &error));
  g_assert_true (lw_library_set_episode_local_path (fixture->library, episode_id, *path, &error));
  g_assert_no_error (error);
}

static void
test_auto_delete (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Epsilon", 5);
  g_autofree char *played = NULL;
  g_autofree char *unplayed = NULL;
  g_autofree char *in_progress = NULL;
  g_autofree char *replaying = NULL;
  g_autofree char *never_started = NULL;
  gint64 show, ids[5];
  gint64 real_now = fixture->now;

  show = lw_library_merge_feed (fixture->library, "https://example.org/e.xml", feed, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *guid = g_strdup_printf ("Epsilon-%u", i);
      ids[i] = lw_test_episode_id (fixture->library, show, guid);
    }

  write_download (fixture, ids[0], &played);
  write_download (fixture, ids[1], &unplayed);
  write_download (fixture, ids[2], &in_progress);
  write_download (fixture, ids[3], &replaying);
  write_download (fixture, ids[4], &never_started);

  /* Played to the end now (the position sets last-played, marking played resets it). */
  g_assert_true (lw_library_set_episode_position (fixture->library, ids[0], 60000, &error));
  g_assert_true (lw_library_set_episode_played (fixture->library, ids[0], TRUE, &error));
  /* Half-way through, not played. */
  g_assert_true (lw_library_set_episode_position (fixture->library, ids[2], 60000, &error));
  /* Played once, and started again. */
  g_assert_true (lw_library_set_episode_played (fixture->library, ids[3], TRUE, &error));
  g_assert_true (lw_library_set_episode_position (fixture->library, ids[3], 30000, &error));
  /* Marked played without listening: the days count from the download. */
  g_assert_true (lw_library_set_episode_played (fixture->library, ids[4], TRUE, &error));
  g_assert_no_error (error);

  /* Off (0 days): nothing goes, however late it is. */
  fixture->now = real_now + 1000 * DAY;
  g_assert_cmpuint (lw_download_policy_auto_delete (fixture->policy, &error), ==, 0);
  g_assert_no_error (error);

  /* Seven days: six days later nothing is due. */
  lw_download_policy_set_auto_delete_days (fixture->policy, 7);
  fixture->now = real_now + 6 * DAY;
  g_assert_cmpuint (lw_download_policy_auto_delete (fixture->policy, &error), ==, 0);
  g_assert_true (g_file_test (played, G_FILE_TEST_EXISTS));

  /* Eight days later the two played ones go; unplayed and in progress stay. */
  fixture->now = real_now + 8 * DAY;
  g_assert_cmpuint (lw_download_policy_auto_delete (fixture->policy, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_false (g_file_test (played, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (never_started, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (unplayed, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (in_progress, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (replaying, G_FILE_TEST_EXISTS));

  {
    g_autoptr(LwEpisode) gone = lw_library_lookup_episode (fixture->library, ids[0]);
    g_autoptr(LwEpisode) kept = lw_library_lookup_episode (fixture->library, ids[1]);
    g_autoptr(GListModel) downloaded = lw_download_policy_list_downloaded (fixture->policy, &error);

    g_assert_null (lw_episode_get_local_path (gone));
    g_assert_cmpstr (lw_episode_get_local_path (kept), ==, unplayed);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (downloaded), ==, 3);
  }

  /* Nothing more to do the next time. */
  fixture->now = real_now + 100 * DAY;
  g_assert_cmpuint (lw_download_policy_auto_delete (fixture->policy, &error), ==, 0);
}

static void
test_metered (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Zeta", 1);
  g_autofree char *url = g_strdup_printf ("%s/media/zeta.mp3", fixture->http->base_url);
  g_autoptr(LwEpisode) episode = NULL;
  LwDownload *download;
  gint64 show;

  lw_test_item_set_enclosure (g_ptr_array_index (feed->items, 0), url);
  show = lw_library_merge_feed (fixture->library, "https://example.org/z.xml", feed, NULL, &error);
  g_assert_no_error (error);
  episode = lw_library_lookup_episode (fixture->library, lw_test_episode_id (fixture->library, show, "Zeta-0"));

  /* Never on a metered network: queued, and not one request reaches the server. */
  lw_download_policy_set_metered_policy (fixture->policy, LW_METERED_NEVER);
  lw_download_policy_set_metered (fixture->policy, TRUE);
  g_assert_true (lw_downloader_get_held (fixture->downloader));
  g_assert_false (lw_download_policy_get_needs_answer (fixture->policy));
  download = lw_downloader_add (fixture->downloader, episode, &error);
  g_assert_no_error (error);
  iterate_for (fixture, 300);
  g_assert_cmpint (lw_download_get_state (download), ==, LW_DOWNLOAD_STATE_QUEUED);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/media/zeta.mp3"), ==, 0);

  /* Ask: held until the answer; the question is for once per session. */
  lw_download_policy_set_metered_policy (fixture->policy, LW_METERED_ASK);
  g_assert_true (lw_download_policy_get_needs_answer (fixture->policy));
  g_assert_true (lw_downloader_get_held (fixture->downloader));
  lw_download_policy_answer_metered (fixture->policy, FALSE);
  g_assert_false (lw_download_policy_get_needs_answer (fixture->policy));
  g_assert_true (lw_downloader_get_held (fixture->downloader));
  iterate_for (fixture, 200);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/media/zeta.mp3"), ==, 0);

  /* Off the metered network, it goes; back on it, the "no" still holds. */
  lw_download_policy_set_metered (fixture->policy, FALSE);
  g_assert_false (lw_downloader_get_held (fixture->downloader));
  wait_all_completed (fixture);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/media/zeta.mp3"), ==, 1);
  lw_download_policy_set_metered (fixture->policy, TRUE);
  g_assert_true (lw_downloader_get_held (fixture->downloader));
  g_assert_false (lw_download_policy_get_needs_answer (fixture->policy));

  lw_download_policy_answer_metered (fixture->policy, TRUE);
  g_assert_false (lw_downloader_get_held (fixture->downloader));

  /* Allow: never held. */
  lw_download_policy_set_metered_policy (fixture->policy, LW_METERED_ALLOW);
  g_assert_false (lw_downloader_get_held (fixture->downloader));
}

static void
on_refresh_all (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  lw_feed_service_refresh_all_finish (LW_FEED_SERVICE (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static char *
make_rss (Fixture *fixture,
          guint    n_items)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                                         "<title>Eta</title><link>https://example.org/</link>");

  for (guint i = n_items; i > 0; i--)
    g_string_append_printf (xml,
                            "<item><title>Eta %u</title><guid>eta-%u</guid>"
                            "<pubDate>Mon, %02u Nov 2026 10:00:00 +0000</pubDate>"
                            "<enclosure url=\"%s/media/eta-%u.mp3\" type=\"audio/mpeg\" length=\"4096\"/></item>",
                            i, i, i, fixture->http->base_url, i);
  g_string_append (xml, "</channel></rss>");

  return g_string_free (g_steal_pointer (&xml), FALSE);
}

/* The whole way: the feed service refreshes, the policy hears of it and downloads. */
static void
test_after_refresh (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LwFeedService) service = lw_feed_service_new (fixture->library);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *feed_url = lw_test_http_url (fixture->http, "/feed.xml");
  gboolean done = FALSE;
  gint64 end;

  lw_download_policy_set_feed_service (fixture->policy, service);
  lw_download_policy_set_auto_download (fixture->policy, TRUE);
  lw_download_policy_set_auto_download_max (fixture->policy, 1);

  fixture->feed_xml = make_rss (fixture, 2);
  lw_feed_service_subscribe_async (service, feed_url, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  show = lw_feed_service_subscribe_finish (service, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (show);
  exec_sql (fixture, "UPDATE shows SET added = added - 100; UPDATE episodes SET first_seen = first_seen - 100");
  lw_library_reload_if_changed (fixture->library);

  /* Subscribing downloads nothing: those are not new episodes. */
  g_assert_cmpuint (n_downloads (fixture), ==, 0);

  g_free (fixture->feed_xml);
  fixture->feed_xml = make_rss (fixture, 4);
  lw_feed_service_refresh_all_async (service, NULL, on_refresh_all, &done);
  end = g_get_monotonic_time () + WAIT_LIMIT_USEC;
  while (!done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (fixture->http->context, TRUE);
    }

  g_assert_cmpuint (n_downloads (fixture), ==, 1);
  g_assert_true (is_queued (fixture, lw_show_get_id (show), "eta-4"));
  wait_all_completed (fixture);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/media/eta-4.mp3"), ==, 1);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/media/eta-3.mp3"), ==, 0);

  lw_download_policy_set_feed_service (fixture->policy, NULL);
}

/* The keys drive the policy and the downloader. */
static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(LwDownloadPolicy) policy = NULL;
  g_autofree char *default_folder = lw_downloader_dup_default_folder ();
  g_autofree char *folder = g_build_filename (fixture->dir, "elsewhere", NULL);

  g_settings_set_string (settings, "download-metered", "never");
  policy = lw_download_policy_new (fixture->library, fixture->downloader, settings);
  g_assert_cmpint (lw_download_policy_get_metered_policy (policy), ==, LW_METERED_NEVER);
  g_assert_cmpuint (lw_downloader_get_max_concurrent (fixture->downloader), ==, 2);
  g_assert_cmpstr (lw_downloader_get_folder (fixture->downloader), ==, default_folder);

  g_settings_set_boolean (settings, "auto-download", TRUE);
  g_settings_set_uint (settings, "auto-download-max", 7);
  g_settings_set_uint (settings, "auto-delete-days", 30);
  g_settings_set_uint (settings, "download-max-concurrent", 4);
  g_settings_set_string (settings, "download-folder", folder);
  g_settings_set_string (settings, "download-metered", "allow");
  g_assert_true (lw_download_policy_get_auto_download (policy));
  g_assert_cmpuint (lw_download_policy_get_auto_download_max (policy), ==, 7);
  g_assert_cmpuint (lw_download_policy_get_auto_delete_days (policy), ==, 30);
  g_assert_cmpuint (lw_downloader_get_max_concurrent (fixture->downloader), ==, 4);
  g_assert_cmpstr (lw_downloader_get_folder (fixture->downloader), ==, folder);
  g_assert_cmpint (lw_download_policy_get_metered_policy (policy), ==, LW_METERED_ALLOW);

  g_settings_reset (settings, "download-folder");
  g_assert_cmpstr (lw_downloader_get_folder (fixture->downloader), ==, default_folder);
  for (const char * const *key = (const char * const[]) { "auto-download", "auto-download-max", "auto-delete-days",
                                                          "download-max-concurrent", "download-metered", NULL };
       *key != NULL; key++)
    g_settings_reset (settings, *key);

  g_assert_finalize_object (g_steal_pointer (&policy));
}

/* "Download New Episodes" by hand: the show's unplayed episodes of the last two
 * weeks that are not downloaded yet, nothing of another show, nothing twice. */
static void
test_download_new (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 show, other;

  show = subscribe_and_refresh (fixture, "Fresh", 3, 4);
  other = subscribe_and_refresh (fixture, "Other", 0, 2);
  /* The new ones were published 1–4 hours after 1700000000; the old ones a month before. */
  fixture->now = 1700000000 + 7 * DAY;
  sql = g_strdup_printf ("UPDATE episodes SET published = 1700000000 - 30 * 86400"
                         " WHERE show_id = %" G_GINT64_FORMAT " AND published <= 1700000000;"
                         "UPDATE episode_state SET played = 1 WHERE episode_id = %" G_GINT64_FORMAT ";"
                         "UPDATE episode_state SET local_path = '/elsewhere/Fresh-new-1.mp3'"
                         " WHERE episode_id = %" G_GINT64_FORMAT,
                         show, lw_test_episode_id (fixture->library, show, "Fresh-new-0"),
                         lw_test_episode_id (fixture->library, show, "Fresh-new-1"));
  exec_sql (fixture, sql);

  g_assert_cmpuint (lw_download_policy_download_new (fixture->policy, show, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (is_queued (fixture, show, "Fresh-new-2"));
  g_assert_true (is_queued (fixture, show, "Fresh-new-3"));
  g_assert_false (is_queued (fixture, show, "Fresh-new-0"));   /* played */
  g_assert_false (is_queued (fixture, show, "Fresh-new-1"));   /* downloaded */
  g_assert_false (is_queued (fixture, other, "Other-new-0"));
  g_assert_cmpuint (n_downloads (fixture), ==, 2);

  /* Asked again while they run: nothing more. */
  g_assert_cmpuint (lw_download_policy_download_new (fixture->policy, show, &error), ==, 0);
  g_assert_cmpuint (n_downloads (fixture), ==, 2);
  wait_all_completed (fixture);

  /* Two weeks and a day later none of them is new any more. */
  fixture->now = 1700000000 + 15 * DAY;
  g_assert_cmpuint (lw_download_policy_download_new (fixture->policy, other, &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("lw-policy-home-XXXXXX", NULL);

  /* The default downloads folder is under XDG_DATA_HOME: never the real one. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/download-policy/auto-download/limits", Fixture, NULL, fixture_set_up,
              test_auto_download_limits, fixture_tear_down);
  g_test_add ("/download-policy/auto-download/once", Fixture, NULL, fixture_set_up,
              test_auto_download_once, fixture_tear_down);
  g_test_add ("/download-policy/auto-download/after-refresh", Fixture, NULL, fixture_set_up,
              test_after_refresh, fixture_tear_down);
  g_test_add ("/download-policy/auto-delete", Fixture, NULL, fixture_set_up,
              test_auto_delete, fixture_tear_down);
  g_test_add ("/download-policy/metered", Fixture, NULL, fixture_set_up,
              test_metered, fixture_tear_down);
  g_test_add ("/download-policy/settings", Fixture, NULL, fixture_set_up,
              test_settings, fixture_tear_down);
  g_test_add ("/download-policy/download-new", Fixture, NULL, fixture_set_up,
              test_download_new, fixture_tear_down);

  {
    int status = g_test_run ();

    lw_test_rm_rf (data_home);
    return status;
  }
}
