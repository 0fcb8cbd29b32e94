/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <sqlite3.h>

#include "core/lw-sync.h"
#include "core/lw-sync-private.h"
#include "lw-test-sync-server.h"

/* Two Longwave installations ("devices"), each with its own data directory,
 * library, feed service and sync, talking to one loopback server. */

#define USER "alice"
#define PASSWORD "correct horse"

typedef struct
{
  char          *dir;
  char          *path;
  LwLibrary     *library;
  LwFeedService *feed_service;
  LwSync        *sync;
  guint          failed;      /* "failed" emissions */
} Device;

typedef struct
{
  LwTestSyncServer *server;
  LwSyncDialect     dialect;
  Device            a;
  Device            b;
} Fixture;

static void
failed_cb (LwSync       *sync,
           const GError *error,
           Device       *device)
{
  device->failed++;
}

static void
device_set_up (Fixture    *fixture,
               Device     *device,
               const char *device_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSyncAccount) account = NULL;

  device->dir = g_dir_make_tmp ("longwave-sync-XXXXXX", &error);
  g_assert_no_error (error);
  device->path = g_build_filename (device->dir, "library.db", NULL);
  device->library = lw_library_new (device->path, &error);
  g_assert_no_error (error);
  device->feed_service = lw_feed_service_new (device->library);
  device->sync = lw_sync_new (device->library, device->feed_service);
  g_signal_connect (device->sync, "failed", G_CALLBACK (failed_cb), device);

  account = lw_sync_account_new (fixture->dialect, fixture->server->http->base_url,
                                 USER, PASSWORD, device_id);
  lw_sync_set_account (device->sync, account);
}

static void
device_tear_down (Device *device)
{
  g_assert_finalize_object (device->sync);
  g_clear_object (&device->feed_service);
  g_assert_finalize_object (device->library);
  lw_test_rm_rf (device->dir);
  g_free (device->dir);
  g_free (device->path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dialect = GPOINTER_TO_INT (data);
  fixture->server = lw_test_sync_server_new (USER, PASSWORD);
  device_set_up (fixture, &fixture->a, "laptop");
  device_set_up (fixture, &fixture->b, "desktop");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  device_tear_down (&fixture->a);
  device_tear_down (&fixture->b);
  lw_test_sync_server_free (fixture->server);
}

static gboolean
run_sync (Fixture  *fixture,
          Device   *device,
          GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_sync_run_async (device->sync, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->server->http, &result);

  return lw_sync_run_finish (device->sync, result, error);
}

static void
sync_ok (Fixture *fixture,
         Device  *device)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_sync (fixture, device, &error));
  g_assert_no_error (error);
  g_assert_null (lw_sync_get_last_error (device->sync));
  g_assert_cmpint (lw_sync_get_last_sync (device->sync), >, 0);
}

static LwShow *
subscribe (Fixture    *fixture,
           Device     *device,
           const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lw_test_sync_feed_url (fixture->server, name);
  LwShow *show;

  lw_feed_service_subscribe_async (device->feed_service, url, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->server->http, &result);
  show = lw_feed_service_subscribe_finish (device->feed_service, result, &error);
  g_assert_no_error (error);

  return show;
}

static LwShow *
lookup_show (Fixture    *fixture,
             Device     *device,
             const char *name)
{
  g_autofree char *url = lw_test_sync_feed_url (fixture->server, name);

  return lw_library_lookup_show_by_url (device->library, url);
}

/* The episode N of show NAME on @device, by its guid. */
static LwEpisode *
lookup_episode (Fixture    *fixture,
                Device     *device,
                const char *name,
                guint       n)
{
  g_autoptr(LwShow) show = lookup_show (fixture, device, name);
  g_autoptr(GListModel) episodes = NULL;
  g_autofree char *guid = g_strdup_printf ("%s-%u", name, n);

  g_assert_nonnull (show);
  episodes = lw_library_get_episodes (device->library, lw_show_get_id (show));
  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

      if (g_str_equal (lw_episode_get_guid (episode), guid))
        return g_steal_pointer (&episode);
    }

  g_assert_not_reached ();
}

static void
set_position (Fixture    *fixture,
              Device     *device,
              const char *name,
              guint       n,
              gint64      position_ms)
{
  g_autoptr(LwEpisode) episode = lookup_episode (fixture, device, name, n);
  g_autoptr(GError) error = NULL;

  lw_library_set_episode_position (device->library, lw_episode_get_id (episode), position_ms, &error);
  g_assert_no_error (error);
}

static gint64
position_of (Fixture    *fixture,
             Device     *device,
             const char *name,
             guint       n)
{
  g_autoptr(LwEpisode) episode = lookup_episode (fixture, device, name, n);

  return lw_episode_get_position (episode);
}

/* A statement on a raw connection to a device's library file. */
static void
exec_sql (Device     *device,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (device->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Backdates what @device did with @episode to @timestamp, as if it had happened then. */
static void
set_action_time (Device     *device,
                 const char *episode,
                 gint64      timestamp)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("UPDATE sync_actions SET timestamp = %" G_GINT64_FORMAT " WHERE episode = '%s';"
                         "UPDATE sync_episode_times SET timestamp = %" G_GINT64_FORMAT " WHERE episode = '%s'",
                         timestamp, episode, timestamp, episode);
  exec_sql (device, sql);
}

static guint
server_actions_of (Fixture    *fixture,
                   const char *action)
{
  guint count = 0;

  for (guint i = 0; i < fixture->server->actions->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (fixture->server->actions, i));

      if (g_str_equal (json_object_get_string_member (object, "action"), action))
        count++;
    }

  return count;
}

static void
test_subscribe_travels (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(LwShow) other = NULL;
  g_autofree char *url = lw_test_sync_feed_url (fixture->server, "alpha");
  g_auto(GStrv) subscribed = NULL;

  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 1);
  sync_ok (fixture, &fixture->a);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);

  subscribed = lw_test_sync_server_dup_subscribed (fixture->server);
  g_assert_cmpstrv (subscribed, ((const char * const[]) { url, NULL }));
  if (fixture->dialect == LW_SYNC_DIALECT_GPODDER)
    {
      g_assert_true (g_hash_table_contains (fixture->server->devices, "laptop"));
      g_assert_true (g_str_has_prefix (g_hash_table_lookup (fixture->server->devices, "laptop"), "Longwave on "));
    }

  g_assert_null (lookup_show (fixture, &fixture->b, "alpha"));
  sync_ok (fixture, &fixture->b);
  other = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_nonnull (other);
  g_assert_cmpstr (lw_show_get_title (other), ==, "alpha");
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->b.library)), ==, 1);
  /* B learnt it from the server: nothing to send back. */
  g_assert_cmpuint (lw_sync_get_pending (fixture->b.sync), ==, 0);
  g_assert_cmpuint (fixture->server->change_uploads, ==, 1);

  /* Nothing new: a second round changes nothing. */
  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);
  g_assert_cmpuint (fixture->server->change_uploads, ==, 1);
  g_assert_cmpuint (fixture->server->subscriptions->len, ==, 1);
}

/* gpodder.net keeps a list per device: a new Longwave joins the user's other
 * devices (here another app's phone) into one sync group, and gets their shows. */
static void
test_gpodder_device_group (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *phone_url = lw_test_sync_feed_url (fixture->server, "gamma");
  g_autoptr(LwShow) alpha = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(LwShow) on_a = NULL;
  g_autoptr(LwShow) on_b = NULL;

  lw_test_sync_server_add_device (fixture->server, "phone", phone_url);

  sync_ok (fixture, &fixture->a);
  on_a = lookup_show (fixture, &fixture->a, "gamma");
  g_assert_nonnull (on_a);
  g_assert_true (g_hash_table_lookup (fixture->server->groups, "laptop") ==
                 g_hash_table_lookup (fixture->server->groups, "phone"));

  sync_ok (fixture, &fixture->b);
  g_assert_true (g_hash_table_lookup (fixture->server->groups, "desktop") ==
                 g_hash_table_lookup (fixture->server->groups, "phone"));
  on_b = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_nonnull (on_b);
  g_clear_object (&on_b);
  on_b = lookup_show (fixture, &fixture->b, "gamma");
  g_assert_nonnull (on_b);
  g_assert_cmpuint (g_hash_table_size (fixture->server->devices), ==, 3);
}

static void
test_position_travels (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(LwEpisode) episode = NULL;

  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);

  /* Play to 12:34 on A. */
  set_position (fixture, &fixture->a, "alpha", 3, (12 * 60 + 34) * 1000);
  sync_ok (fixture, &fixture->a);
  g_assert_cmpuint (server_actions_of (fixture, "play"), ==, 1);

  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 3), ==, 0);
  sync_ok (fixture, &fixture->b);
  /* B resumes at 12:34. */
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 3), ==, (12 * 60 + 34) * 1000);
  episode = lookup_episode (fixture, &fixture->b, "alpha", 3);
  g_assert_false (lw_episode_get_played (episode));
  /* Applying it queued no echo. */
  g_assert_cmpuint (lw_sync_get_pending (fixture->b.sync), ==, 0);
  sync_ok (fixture, &fixture->b);
  g_assert_cmpuint (server_actions_of (fixture, "play"), ==, 1);

  /* Played to the end on B, later: played on A. The protocol counts in seconds
   * and a tie keeps what a device has, so A's play is made older. */
  exec_sql (&fixture->a, "UPDATE sync_episode_times SET timestamp = timestamp - 10");
  {
    g_autoptr(GError) error = NULL;

    lw_library_set_episode_played (fixture->b.library, lw_episode_get_id (episode), TRUE, &error);
    g_assert_no_error (error);
  }
  sync_ok (fixture, &fixture->b);
  sync_ok (fixture, &fixture->a);
  g_clear_object (&episode);
  episode = lookup_episode (fixture, &fixture->a, "alpha", 3);
  g_assert_true (lw_episode_get_played (episode));
}

static void
test_unsubscribe_travels (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(LwShow) alpha = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(LwShow) beta = subscribe (fixture, &fixture->a, "beta");
  g_autoptr(LwShow) on_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *beta_url = lw_test_sync_feed_url (fixture->server, "beta");
  g_auto(GStrv) subscribed = NULL;

  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->b.library)), ==, 2);

  lw_library_remove_show (fixture->a.library, lw_show_get_id (alpha), &error);
  g_assert_no_error (error);
  sync_ok (fixture, &fixture->a);
  subscribed = lw_test_sync_server_dup_subscribed (fixture->server);
  g_assert_cmpstrv (subscribed, ((const char * const[]) { beta_url, NULL }));

  sync_ok (fixture, &fixture->b);
  on_b = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_null (on_b);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->b.library)), ==, 1);
  g_assert_cmpuint (lw_sync_get_pending (fixture->b.sync), ==, 0);
}

/* The other device cannot fetch the feed at first: the show and the position
 * both wait, and arrive at the next sync once the feed is back. */
static void
test_held_action (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(LwShow) on_b = NULL;

  set_position (fixture, &fixture->a, "alpha", 2, 90000);
  sync_ok (fixture, &fixture->a);

  fixture->server->feeds_down = TRUE;
  sync_ok (fixture, &fixture->b);
  on_b = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_null (on_b);

  fixture->server->feeds_down = FALSE;
  sync_ok (fixture, &fixture->b);
  on_b = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_nonnull (on_b);
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 2), ==, 90000);
  g_assert_cmpuint (lw_sync_get_pending (fixture->b.sync), ==, 0);
}

/* A permanent redirect changes the feed URL: the other device follows. */
static void
test_moved_travels (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(LwShow) moved = NULL;
  g_autoptr(LwShow) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_url = lw_test_sync_feed_url (fixture->server, "alpha-moved");

  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);

  lw_library_set_show_feed_url (fixture->a.library, lw_show_get_id (show), new_url, &error);
  g_assert_no_error (error);
  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);

  old = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_null (old);
  moved = lw_library_lookup_show_by_url (fixture->b.library, new_url);
  g_assert_nonnull (moved);
}

static void
test_offline_queued (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LwSyncAccount) offline = NULL;
  g_autoptr(LwSyncAccount) online = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(LwShow) on_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = lw_test_refused_url ();

  online = lw_sync_account_copy (lw_sync_get_account (fixture->a.sync));
  offline = lw_sync_account_copy (online);
  g_free (offline->server);
  offline->server = g_strdup (refused);
  lw_sync_set_account (fixture->a.sync, offline);

  show = subscribe (fixture, &fixture->a, "alpha");
  set_position (fixture, &fixture->a, "alpha", 1, 61000);
  set_position (fixture, &fixture->a, "alpha", 1, 62000);  /* coalesced with the first */
  set_position (fixture, &fixture->a, "alpha", 2, 5000);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 3);

  g_assert_false (run_sync (fixture, &fixture->a, &error));
  g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpstr (lw_sync_get_last_error (fixture->a.sync), ==, error->message);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 3);
  g_clear_error (&error);

  /* Back online. */
  lw_sync_set_account (fixture->a.sync, online);
  sync_ok (fixture, &fixture->a);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);
  g_assert_cmpuint (server_actions_of (fixture, "play"), ==, 2);

  sync_ok (fixture, &fixture->b);
  on_b = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_nonnull (on_b);
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 1), ==, 62000);
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 2), ==, 5000);
}

/* Both devices played the same episode before syncing: the later play wins on
 * both, whichever syncs first. */
static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autofree char *episode = lw_test_sync_episode_url (fixture->server, "alpha", 1);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);

  /* Round 1: A played earlier (to 1:40), B later (to 3:20); A syncs first. */
  set_position (fixture, &fixture->a, "alpha", 1, 100000);
  set_position (fixture, &fixture->b, "alpha", 1, 200000);
  set_action_time (&fixture->a, episode, now - 100);
  set_action_time (&fixture->b, episode, now - 50);

  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);
  sync_ok (fixture, &fixture->a);
  g_assert_cmpint (position_of (fixture, &fixture->a, "alpha", 1), ==, 200000);
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 1), ==, 200000);

  /* Round 2, the other way: B (older, to 5:00) syncs first, A (newer, 4:10) after. */
  set_position (fixture, &fixture->b, "alpha", 1, 300000);
  set_position (fixture, &fixture->a, "alpha", 1, 250000);
  set_action_time (&fixture->b, episode, now - 20);
  set_action_time (&fixture->a, episode, now - 10);

  sync_ok (fixture, &fixture->b);
  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);
  g_assert_cmpint (position_of (fixture, &fixture->a, "alpha", 1), ==, 250000);
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 1), ==, 250000);
}

/* 120 actions go up in two batches; the server drops the connection during the
 * second. The first batch is not sent again, the second is not lost. */
static void
test_dropped_upload (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  sync_ok (fixture, &fixture->a);
  for (guint n = 1; n <= LW_TEST_SYNC_EPISODES; n++)
    set_position (fixture, &fixture->a, "alpha", n, n * 1000);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, LW_TEST_SYNC_EPISODES);

  fixture->server->action_uploads = 0;
  fixture->server->drop_action_upload = 2;
  g_assert_false (run_sync (fixture, &fixture->a, &error));
  g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_NETWORK);
  g_assert_cmpuint (fixture->server->action_uploads, ==, 2);
  g_assert_cmpuint (fixture->server->actions->len, ==, 100);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, LW_TEST_SYNC_EPISODES - 100);

  sync_ok (fixture, &fixture->a);
  g_assert_cmpuint (fixture->server->action_uploads, ==, 3);
  g_assert_cmpuint (fixture->server->actions->len, ==, LW_TEST_SYNC_EPISODES);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);

  /* Each episode exactly once. */
  for (guint i = 0; i < fixture->server->actions->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (fixture->server->actions, i));
      const char *episode = json_object_get_string_member (object, "episode");

      g_assert_false (g_hash_table_contains (seen, episode));
      g_hash_table_add (seen, (gpointer) episode);
    }

  sync_ok (fixture, &fixture->b);
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", 1), ==, 1000);
  g_assert_cmpint (position_of (fixture, &fixture->b, "alpha", LW_TEST_SYNC_EPISODES), ==,
                   LW_TEST_SYNC_EPISODES * 1000);
}

static void
test_bad_credentials (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(LwSyncAccount) account = lw_sync_account_copy (lw_sync_get_account (fixture->a.sync));
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(GError) error = NULL;
  gint64 last_sync;

  sync_ok (fixture, &fixture->a);
  last_sync = lw_sync_get_last_sync (fixture->a.sync);
  set_position (fixture, &fixture->a, "alpha", 1, 30000);

  g_free (account->password);
  account->password = g_strdup ("wrong");
  lw_sync_set_account (fixture->a.sync, account);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (run_sync (fixture, &fixture->a, &error));
      g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_AUTH);
      g_assert_nonnull (strstr (error->message, "127.0.0.1"));
      g_assert_cmpstr (lw_sync_get_last_error (fixture->a.sync), ==, error->message);
      g_clear_error (&error);
    }
  /* One toast, not one per attempt. */
  g_assert_cmpuint (fixture->a.failed, ==, 1);
  g_assert_cmpint (lw_sync_get_last_sync (fixture->a.sync), ==, last_sync);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 1);
  g_assert_cmpuint (server_actions_of (fixture, "play"), ==, 0);

  /* The right password again: what waited goes up. */
  g_free (account->password);
  account->password = g_strdup (PASSWORD);
  lw_sync_set_account (fixture->a.sync, account);
  sync_ok (fixture, &fixture->a);
  g_assert_cmpuint (server_actions_of (fixture, "play"), ==, 1);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);
}

static void
test_server_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(GError) error = NULL;

  fixture->server->fail_status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  g_assert_false (run_sync (fixture, &fixture->a, &error));
  g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "503"));
  g_clear_error (&error);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 1);

  fixture->server->fail_status = 0;
  fixture->server->malformed = TRUE;
  g_assert_false (run_sync (fixture, &fixture->a, &error));
  g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->a.failed, ==, 2);
  /* The upload was acknowledged before the broken download: it is not queued again. */
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);

  fixture->server->malformed = FALSE;
  sync_ok (fixture, &fixture->a);
  sync_ok (fixture, &fixture->b);
  g_clear_object (&show);
  show = lookup_show (fixture, &fixture->b, "alpha");
  g_assert_nonnull (show);
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* gpodder.net rewrites a URL it took (update_urls): the show here takes the new
 * one, and so does the other device. */
static void
test_gpodder_update_urls (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *clean = lw_test_sync_feed_url (fixture->server, "alpha");
  g_autofree char *tracked = g_strconcat (clean, "?utm_source=ad", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(LwShow) renamed = NULL;
  g_autoptr(LwShow) on_b = NULL;
  g_auto(GStrv) on_server = NULL;

  lw_feed_service_subscribe_async (fixture->a.feed_service, tracked, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->server->http, &result);
  show = lw_feed_service_subscribe_finish (fixture->a.feed_service, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, tracked);

  sync_ok (fixture, &fixture->a);
  renamed = lw_library_lookup_show_by_url (fixture->a.library, clean);
  g_assert_nonnull (renamed);
  g_assert_cmpint (lw_show_get_id (renamed), ==, lw_show_get_id (show));
  /* The server named it: nothing to tell it back. */
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);
  on_server = lw_test_sync_server_dup_subscribed (fixture->server);
  g_assert_cmpstrv (on_server, ((const char * const[]) { clean, NULL }));

  sync_ok (fixture, &fixture->b);
  on_b = lw_library_lookup_show_by_url (fixture->b.library, clean);
  g_assert_nonnull (on_b);
}

/* After a failure the schedule waits (backoff), and a bad password stops it until
 * the account changes: no hammering the server. */
static void
test_schedule_backoff (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(LwSyncAccount) account = lw_sync_account_copy (lw_sync_get_account (fixture->a.sync));
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  guint requests;
  gboolean waited = FALSE;

  g_free (account->password);
  account->password = g_strdup ("wrong");
  lw_sync_set_account (fixture->a.sync, account);

  lw_sync_start (fixture->a.sync, 0, 1);
  while (fixture->a.failed == 0)
    g_main_context_iteration (fixture->server->http->context, TRUE);
  requests = fixture->server->requests;

  /* Changes keep coming; the debounce (1 s) passes three times over. */
  set_position (fixture, &fixture->a, "alpha", 1, 10000);
  {
    GSource *source = g_timeout_source_new_seconds (3);

    g_source_set_callback (source, set_true, &waited, NULL);
    g_source_attach (source, fixture->server->http->context);
    g_source_unref (source);
  }
  while (!waited)
    g_main_context_iteration (fixture->server->http->context, TRUE);

  g_assert_cmpuint (fixture->server->requests, ==, requests);
  g_assert_cmpuint (fixture->a.failed, ==, 1);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 2);
  lw_sync_stop (fixture->a.sync);
}

/* The scheduler: a sync at start, then one a debounce after a change. */
static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  guint uploads;

  lw_sync_start (fixture->a.sync, 0, 1);
  while (lw_sync_get_last_sync (fixture->a.sync) == 0)
    g_main_context_iteration (fixture->server->http->context, TRUE);
  while (lw_sync_get_syncing (fixture->a.sync))
    g_main_context_iteration (fixture->server->http->context, TRUE);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);

  uploads = fixture->server->action_uploads;
  set_position (fixture, &fixture->a, "alpha", 1, 10000);
  while (fixture->server->action_uploads == uploads || lw_sync_get_syncing (fixture->a.sync))
    g_main_context_iteration (fixture->server->http->context, TRUE);
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);
  lw_sync_stop (fixture->a.sync);
}

/* The interval: with nothing changed, another sync comes once the interval has
 * passed, and not before. */
static void
test_schedule_interval (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  gint64 first_done, second_start;
  guint requests;

  lw_sync_start (fixture->a.sync, 3, 3600);
  while (lw_sync_get_last_sync (fixture->a.sync) == 0 || lw_sync_get_syncing (fixture->a.sync))
    g_main_context_iteration (fixture->server->http->context, TRUE);
  first_done = g_get_monotonic_time ();
  requests = fixture->server->requests;

  while (!lw_sync_get_syncing (fixture->a.sync))
    g_main_context_iteration (fixture->server->http->context, TRUE);
  second_start = g_get_monotonic_time ();
  g_assert_cmpuint (fixture->server->requests, >=, requests);
  /* Three seconds after the first one began (checked every second), so not at once;
   * without the interval the loop above never ends and the test times out. */
  g_assert_cmpint (second_start - first_done, >=, 1 * G_USEC_PER_SEC);
  while (lw_sync_get_syncing (fixture->a.sync))
    g_main_context_iteration (fixture->server->http->context, TRUE);
  g_assert_cmpuint (fixture->server->requests, >, requests);
  g_assert_null (lw_sync_get_last_error (fixture->a.sync));
  lw_sync_stop (fixture->a.sync);
}

/* A new account while a sync runs: that sync stops, the next one is the new
 * account's own. */
static void
test_account_change (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LwShow) show = subscribe (fixture, &fixture->a, "alpha");
  g_autoptr(LwSyncAccount) other = lw_sync_account_copy (lw_sync_get_account (fixture->a.sync));
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  lw_sync_run_async (fixture->a.sync, NULL, lw_test_http_store_result, &first);
  g_assert_true (lw_sync_get_syncing (fixture->a.sync));

  g_free (other->device_id);
  other->device_id = g_strdup ("laptop-2");
  lw_sync_set_account (fixture->a.sync, other);
  g_assert_false (lw_sync_get_syncing (fixture->a.sync));
  lw_sync_run_async (fixture->a.sync, NULL, lw_test_http_store_result, &second);

  lw_test_http_wait (fixture->server->http, &first);
  g_assert_false (lw_sync_run_finish (fixture->a.sync, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  lw_test_http_wait (fixture->server->http, &second);
  g_assert_true (lw_sync_run_finish (fixture->a.sync, second, &error));
  g_assert_no_error (error);
  g_assert_null (lw_sync_get_last_error (fixture->a.sync));
  g_assert_cmpuint (lw_sync_get_pending (fixture->a.sync), ==, 0);
}

/* What other clients and servers really send: Nextcloud's upper-case actions,
 * nulls, numbers as timestamps, and junk among good actions. */
static void
test_json_read_actions (void)
{
  static const char json[] =
    "{\"timestamp\": 1700000100, \"actions\": ["
    "  {\"podcast\": \"https://a.example/feed\", \"episode\": \"https://a.example/1.mp3\","
    "   \"guid\": null, \"action\": \"PLAY\", \"timestamp\": \"2009-12-12T09:00:00\","
    "   \"started\": 15, \"position\": 120, \"total\": 500},"
    "  {\"podcast\": \"https://a.example/feed\", \"episode\": \"https://a.example/2.mp3\","
    "   \"action\": \"download\", \"timestamp\": 1700000000, \"started\": -1},"
    "  42, {\"action\": \"play\"}, {\"podcast\": \"x\", \"episode\": \"y\"}"
    "]}";
  g_autoptr(GBytes) body = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = lw_sync_json_parse_object (body, "example.org", FALSE, &error);
  g_autoptr(GPtrArray) actions = NULL;
  LwSyncAction *play, *download;
  gint64 timestamp = 0;

  g_assert_no_error (error);
  actions = lw_sync_json_read_actions (object, &timestamp, "example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpint (timestamp, ==, 1700000100);
  g_assert_cmpuint (actions->len, ==, 2);

  play = g_ptr_array_index (actions, 0);
  g_assert_cmpstr (play->action, ==, "play");
  g_assert_null (play->guid);
  g_assert_cmpint (play->timestamp, ==, 1260608400);
  g_assert_cmpint (play->started, ==, 15);
  g_assert_cmpint (play->position, ==, 120);
  g_assert_cmpint (play->total, ==, 500);

  download = g_ptr_array_index (actions, 1);
  g_assert_cmpstr (download->action, ==, "download");
  g_assert_cmpint (download->timestamp, ==, 1700000000);
  g_assert_cmpint (download->position, ==, -1);

  /* No timestamp, or not an object: the whole answer is refused. */
  {
    g_autoptr(GBytes) bad = g_bytes_new_static ("{\"actions\": []}", 15);
    g_autoptr(JsonObject) bad_object = lw_sync_json_parse_object (bad, "example.org", FALSE, &error);
    g_autoptr(GPtrArray) none = NULL;

    g_assert_no_error (error);
    none = lw_sync_json_read_actions (bad_object, &timestamp, "example.org", &error);
    g_assert_null (none);
    g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_MALFORMED);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) bad = g_bytes_new_static ("[1, 2]", 6);
    g_autoptr(JsonObject) bad_object = lw_sync_json_parse_object (bad, "example.org", FALSE, &error);

    g_assert_null (bad_object);
    g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "example.org"));
  }
}

static void
test_json_round_trip (void)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_sync_action_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  LwSyncAction *action = g_new0 (LwSyncAction, 1);
  JsonObject *object;

  action->podcast = g_strdup ("https://a.example/feed");
  action->episode = g_strdup ("https://a.example/1.mp3");
  action->action = g_strdup ("play");
  action->timestamp = 1260608400;
  action->started = 15;
  action->position = 754;
  action->total = 3600;
  g_ptr_array_add (actions, action);
  action = g_new0 (LwSyncAction, 1);
  action->podcast = g_strdup ("https://a.example/feed");
  action->episode = g_strdup ("https://a.example/2.mp3");
  action->action = g_strdup ("delete");
  action->timestamp = 1260608401;
  action->started = action->position = action->total = -1;
  g_ptr_array_add (actions, action);

  json = lw_sync_json_actions (actions, "laptop");
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "timestamp"), ==, "2009-12-12T09:00:00");
  g_assert_cmpstr (json_object_get_string_member (object, "device"), ==, "laptop");
  g_assert_cmpint (json_object_get_int_member (object, "position"), ==, 754);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 3600);
  g_assert_false (json_object_has_member (object, "guid"));
  /* started, position and total only with play. */
  object = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 1);
  g_assert_false (json_object_has_member (object, "position"));
  g_assert_false (json_object_has_member (object, "started"));
}

static void
test_backoff (void)
{
  g_assert_cmpuint (lw_sync_backoff_seconds (0), ==, 0);
  g_assert_cmpuint (lw_sync_backoff_seconds (1), ==, 60);
  g_assert_cmpuint (lw_sync_backoff_seconds (2), ==, 120);
  g_assert_cmpuint (lw_sync_backoff_seconds (6), ==, 1920);
  g_assert_cmpuint (lw_sync_backoff_seconds (7), ==, 3600);
  g_assert_cmpuint (lw_sync_backoff_seconds (100), ==, 3600);
}

static void
test_normalize_server (void)
{
  struct { const char *in, *out; } cases[] = {
    { "cloud.example.org", "https://cloud.example.org" },
    { " https://cloud.example.org/ ", "https://cloud.example.org" },
    { "http://127.0.0.1:8080/nextcloud/", "http://127.0.0.1:8080/nextcloud" },
    { "https://gpodder.net", "https://gpodder.net" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = lw_sync_normalize_server (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  for (guint i = 0; i < 3; i++)
    {
      const char *bad[] = { "", "ftp://example.org", "https://" };
      g_autoptr(GError) error = NULL;
      g_autofree char *out = lw_sync_normalize_server (bad[i], &error);

      g_assert_null (out);
      g_assert_nonnull (error);
    }
}

/* Login Flow v2: the "browser" grants access after a few polls. */
typedef struct
{
  LwTestSyncServer *server;
  char             *login_url;
  guint             opened;
} Browser;

static void
open_uri (const char *uri,
          gpointer    user_data)
{
  Browser *browser = user_data;

  browser->opened++;
  g_free (browser->login_url);
  browser->login_url = g_strdup (uri);
}

static void
test_nextcloud_login (void)
{
  g_autoptr(LwTestSyncServer) server = lw_test_sync_server_new (USER, PASSWORD);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSyncAccount) account = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  Browser browser = { server, NULL, 0 };

  lw_sync_nextcloud_login_async (server->http->base_url, open_uri, &browser, 10, NULL,
                                 lw_test_http_store_result, &result);
  while (server->login_polls < 3)
    g_main_context_iteration (server->http->context, TRUE);
  g_assert_cmpuint (browser.opened, ==, 1);
  g_assert_true (g_str_has_prefix (browser.login_url, server->http->base_url));
  g_assert_null (result);

  /* The user signs in in the browser. */
  {
    g_autoptr(SoupMessage) message = soup_message_new ("GET", browser.login_url);
    g_autoptr(GAsyncResult) page_result = NULL;
    g_autoptr(GBytes) page = NULL;

    soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                      lw_test_http_store_result, &page_result);
    lw_test_http_wait (server->http, &page_result);
    page = soup_session_send_and_read_finish (session, page_result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  }

  lw_test_http_wait (server->http, &result);
  account = lw_sync_nextcloud_login_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (account->dialect, ==, LW_SYNC_DIALECT_NEXTCLOUD);
  g_assert_cmpstr (account->server, ==, server->http->base_url);
  g_assert_cmpstr (account->user, ==, USER);
  g_assert_cmpstr (account->password, ==, server->app_password);
  g_free (browser.login_url);
}

static void
test_nextcloud_login_not_nextcloud (void)
{
  g_autoptr(LwTestSyncServer) server = lw_test_sync_server_new (USER, PASSWORD);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSyncAccount) account = NULL;
  g_autofree char *base = lw_test_http_url (server->http, "/not-nextcloud");

  lw_sync_nextcloud_login_async (base, NULL, NULL, 10, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (server->http, &result);
  account = lw_sync_nextcloud_login_finish (result, &error);
  g_assert_null (account);
  g_assert_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "Nextcloud"));
}

static void
add_both (const char *name,
          void      (*test) (Fixture *, gconstpointer))
{
  g_autofree char *gpodder = g_strdup_printf ("/sync/gpodder/%s", name);
  g_autofree char *nextcloud = g_strdup_printf ("/sync/nextcloud/%s", name);

  g_test_add (gpodder, Fixture, GINT_TO_POINTER (LW_SYNC_DIALECT_GPODDER),
              fixture_set_up, test, fixture_tear_down);
  g_test_add (nextcloud, Fixture, GINT_TO_POINTER (LW_SYNC_DIALECT_NEXTCLOUD),
              fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_both ("subscribe-travels", test_subscribe_travels);
  g_test_add ("/sync/gpodder/device-group", Fixture, GINT_TO_POINTER (LW_SYNC_DIALECT_GPODDER),
              fixture_set_up, test_gpodder_device_group, fixture_tear_down);
  g_test_add ("/sync/gpodder/update-urls", Fixture, GINT_TO_POINTER (LW_SYNC_DIALECT_GPODDER),
              fixture_set_up, test_gpodder_update_urls, fixture_tear_down);
  add_both ("position-travels", test_position_travels);
  add_both ("unsubscribe-travels", test_unsubscribe_travels);
  add_both ("moved-travels", test_moved_travels);
  add_both ("held-action", test_held_action);
  add_both ("offline-queued", test_offline_queued);
  add_both ("conflict", test_conflict);
  add_both ("dropped-upload", test_dropped_upload);
  add_both ("bad-credentials", test_bad_credentials);
  add_both ("server-errors", test_server_errors);
  add_both ("schedule", test_schedule);
  add_both ("schedule-interval", test_schedule_interval);
  add_both ("account-change", test_account_change);
  add_both ("schedule-backoff", test_schedule_backoff);
  g_test_add_func ("/sync/backoff", test_backoff);
  g_test_add_func ("/sync/json/read-actions", test_json_read_actions);
  g_test_add_func ("/sync/json/round-trip", test_json_round_trip);
  g_test_add_func ("/sync/normalize-server", test_normalize_server);
  g_test_add_func ("/sync/nextcloud/login", test_nextcloud_login);
  g_test_add_func ("/sync/nextcloud/login-not-nextcloud", test_nextcloud_login_not_nextcloud);

  return g_test_run ();
}
