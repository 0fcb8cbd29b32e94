/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-library"

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/lw-library.h"
#include "core/lw-library-private.h"

#include "library-fixtures.h"

/* kill -9 at any moment leaves a database that passes PRAGMA integrity_check and
 * holds everything that was committed before. A writer process (this program with
 * --writer) subscribes, refreshes and saves positions in a loop, printing a line
 * after each commit; the test kills it at a random moment, then checks the file,
 * and starts the next writer on the same file. Meanwhile longwave-cli reads the
 * same file and must never fail. */

#define EPISODES_PER_SHOW 30

static const char *cli_path;

static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = lw_library_new (path, &error);
  guint start;

  if (library == NULL)
    g_error ("%s", error->message);

  start = g_list_model_get_n_items (lw_library_get_shows (library));

  for (guint i = start; ; i++)
    {
      g_autofree char *title = g_strdup_printf ("Show %u", i);
      g_autofree char *url = g_strdup_printf ("https://example.org/%u.xml", i);
      g_autofree char *guid = g_strdup_printf ("Show %u-0", i);
      g_autoptr(LwFeed) feed = lw_test_feed_new (title, EPISODES_PER_SHOW);
      gint64 show_id, episode_id;

      show_id = lw_library_merge_feed (library, url, feed, NULL, &error);
      if (show_id == 0)
        g_error ("%s", error->message);
      printf ("S %" G_GINT64_FORMAT "\n", show_id);
      fflush (stdout);

      episode_id = lw_test_episode_id (library, show_id, guid);
      if (!lw_library_set_episode_position (library, episode_id, (i + 1) * 1000, &error))
        g_error ("%s", error->message);
      printf ("P %" G_GINT64_FORMAT " %u\n", episode_id, (i + 1) * 1000);
      fflush (stdout);

      /* A refresh that rewrites rows and the search index of an older show. */
      if (i % 3 == 0 && i > 0)
        {
          g_autoptr(LwFeed) again = lw_test_feed_new ("Show 0", EPISODES_PER_SHOW);

          for (guint j = 0; j < again->items->len; j++)
            {
              LwFeedItem *item = g_ptr_array_index (again->items, j);

              g_free (item->summary);
              item->summary = g_strdup_printf ("Rewritten by writer pass %u", i);
            }
          if (lw_library_merge_feed (library, "https://example.org/0.xml", again, NULL, &error) == 0)
            g_error ("%s", error->message);
        }
    }

  return 0;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static void
check_file (const char *path,
            GHashTable *shows,
            GHashTable *positions,
            guint       n_episodes)
{
  g_autofree char *integrity = NULL;
  g_autofree char *foreign_keys = NULL;
  GHashTableIter iter;
  gpointer key, value;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* The search index's content view calls it. */
  g_assert_cmpint (lw_library_register_functions (db), ==, SQLITE_OK);

  integrity = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  foreign_keys = query_text (db, "PRAGMA foreign_key_check");
  g_assert_null (foreign_keys);

  /* Killed before the migration committed: an empty file, nothing promised. */
  {
    g_autofree char *version = query_text (db, "PRAGMA user_version");

    if (g_str_equal (version, "0"))
      {
        g_assert_cmpuint (g_hash_table_size (shows), ==, 0);
        sqlite3_close (db);
        return;
      }
    /* Each migration commits on its own: any version up to the newest is whole. */
    g_assert_cmpint (atoi (version), >=, 1);
    g_assert_cmpint (atoi (version), <=, LW_LIBRARY_SCHEMA_VERSION);
  }

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO episodes_fts (episodes_fts, rank) VALUES ('integrity-check', 1);"
                                 "INSERT INTO shows_fts (shows_fts, rank) VALUES ('integrity-check', 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* Every episode has its state row. */
  g_assert_null (query_text (db, "SELECT e.id FROM episodes e LEFT JOIN episode_state s"
                                 " ON s.episode_id = e.id WHERE s.episode_id IS NULL"));

  /* All or nothing: no show holds part of its feed. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT s.id FROM shows s WHERE (SELECT count(*) FROM episodes e"
                                            " WHERE e.show_id = s.id) <> %u", n_episodes);
    g_autofree char *partial = query_text (db, sql);

    g_assert_null (partial);
  }

  g_hash_table_iter_init (&iter, shows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM episodes WHERE show_id = %s",
                                              (const char *) key);
      g_autofree char *count = query_text (db, sql);

      g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), ==, n_episodes);
    }

  g_hash_table_iter_init (&iter, positions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *sql = g_strdup_printf ("SELECT position_ms FROM episode_state WHERE episode_id = %s",
                                              (const char *) key);
      g_autofree char *stored = query_text (db, sql);

      g_assert_nonnull (stored);
      /* Positions only grow: a later commit may have landed before its line. */
      g_assert_cmpint (g_ascii_strtoll (stored, NULL, 10), >=, g_ascii_strtoll (value, NULL, 10));
    }

  sqlite3_close (db);
}

static void
run_cli_reader (const char *data_home)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  cli = g_subprocess_launcher_spawn (launcher, &error, cli_path, "episodes", "--all", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (cli) || g_subprocess_get_exit_status (cli) != 0)
    g_error ("longwave-cli failed next to a writer: %s", err);
}

static void
test_kill_writer (void)
{
  g_autoptr(GHashTable) shows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *data_home = g_dir_make_tmp ("lw-crash-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (data_home, "longwave", "library.db", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  guint rounds = g_test_slow () ? 60 : 15;
  guint killed_busy = 0;

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      /* The first rounds die young: during the migration, then the first merge. */
      guint delay_ms = round < 3 ? round * 5 : (guint) g_test_rand_int_range (20, 400);
      char *line;

      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 self_exe, "--writer", path, NULL);
      g_assert_no_error (error);

      g_usleep (delay_ms * 1000 / 2);
      if (cli_path != NULL && round >= 3)
        run_cli_reader (data_home);
      g_usleep (delay_ms * 1000 / 2);

      /* Still running: the identifier goes away once it exits. */
      if (g_subprocess_get_identifier (writer) != NULL)
        killed_busy++;
      g_subprocess_send_signal (writer, SIGKILL);
      g_subprocess_wait (writer, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (writer));

      /* Everything it said it committed. */
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));
      while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
        {
          g_auto(GStrv) fields = g_strsplit (line, " ", -1);

          if (g_str_equal (fields[0], "S"))
            g_hash_table_add (shows, g_strdup (fields[1]));
          else if (g_str_equal (fields[0], "P"))
            g_hash_table_insert (positions, g_strdup (fields[1]), g_strdup (fields[2]));
          g_free (line);
        }
      g_assert_no_error (error);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        check_file (path, shows, positions, EPISODES_PER_SHOW);
    }

  g_test_message ("%u writers killed, %u subscriptions and %u positions committed and kept",
                  killed_busy, g_hash_table_size (shows), g_hash_table_size (positions));
  g_assert_cmpuint (g_hash_table_size (shows), >, rounds / 2);

  /* And the library opens as usual. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LwLibrary) library = lw_library_new (path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), >=, g_hash_table_size (shows));
  }

  lw_test_remove_tree (data_home);
}

/* longwave-cli subscribe, killed */

#define FEED_ITEMS 300

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint         port;
  GMutex        lock;
  GCond         ready;
} FeedServer;

static void
serve_feed (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_autoptr(GString) body = g_string_new (NULL);
  const char *name = strrchr (path, '/') + 1;

  g_string_append_printf (body,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<rss version=\"2.0\"><channel><title>Feed %s</title>"
                          "<link>https://example.org/%s</link><description>Feed %s</description>\n",
                          name, name, name);
  for (guint i = 0; i < FEED_ITEMS; i++)
    g_string_append_printf (body,
                            "<item><guid>%s-%u</guid><title>Episode %u of %s</title>"
                            "<pubDate>Tue, 14 Nov 2023 22:13:20 GMT</pubDate>"
                            "<description>Notes of episode %u, long enough to be worth storing.</description>"
                            "<enclosure url=\"https://cdn.example.org/%s/%u.mp3\" type=\"audio/mpeg\" length=\"1000\"/>"
                            "</item>\n",
                            name, i, i, name, i, name, i);
  g_string_append (body, "</channel></rss>\n");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, body->str, body->len);
}

static gpointer
feed_server_thread (gpointer data)
{
  FeedServer *fs = data;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  g_main_context_push_thread_default (fs->context);

  fs->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fs->server, "/feed", serve_feed, NULL, NULL);
  soup_server_listen_local (fs->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fs->server);

  g_mutex_lock (&fs->lock);
  fs->port = g_uri_get_port (uris->data);
  g_cond_signal (&fs->ready);
  g_mutex_unlock (&fs->lock);

  g_main_loop_run (fs->loop);

  g_clear_object (&fs->server);
  g_main_context_pop_thread_default (fs->context);

  return NULL;
}

/* The server runs on its own thread: the test blocks in waits and sleeps. */
static void
feed_server_start (FeedServer *fs)
{
  g_mutex_init (&fs->lock);
  g_cond_init (&fs->ready);
  fs->context = g_main_context_new ();
  fs->loop = g_main_loop_new (fs->context, FALSE);
  fs->thread = g_thread_new ("feed-server", feed_server_thread, fs);

  g_mutex_lock (&fs->lock);
  while (fs->port == 0)
    g_cond_wait (&fs->ready, &fs->lock);
  g_mutex_unlock (&fs->lock);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

static void
feed_server_stop (FeedServer *fs)
{
  g_main_context_invoke (fs->context, quit_loop, fs->loop);
  g_thread_join (fs->thread);
  g_main_loop_unref (fs->loop);
  g_main_context_unref (fs->context);
  g_mutex_clear (&fs->lock);
  g_cond_clear (&fs->ready);
}

static void
test_kill_cli_subscribe (void)
{
  g_autoptr(GHashTable) shows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) no_positions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *data_home = g_dir_make_tmp ("lw-crash-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (data_home, "longwave", "library.db", NULL);
  guint rounds = g_test_slow () ? 60 : 20;
  guint killed = 0;
  guint completed = 0;
  FeedServer fs = { 0 };

  if (cli_path == NULL)
    {
      g_test_skip ("pass the path of longwave-cli as the first argument");
      return;
    }

  feed_server_start (&fs);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) cli = NULL;
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/feed/%u", fs.port, round);
      g_autofree char *out = NULL;
      guint delay_ms = (guint) g_test_rand_int_range (0, 400);

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
      cli = g_subprocess_launcher_spawn (launcher, &error, cli_path, "subscribe", url, NULL);
      g_assert_no_error (error);

      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (cli, SIGKILL);
      g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);

      if (g_subprocess_get_if_exited (cli))
        {
          g_auto(GStrv) fields = NULL;

          /* It finished before the kill: that subscription is promised. */
          g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
          fields = g_strsplit (out, "\t", 2);
          g_hash_table_add (shows, g_strdup (fields[0]));
          completed++;
        }
      else
        {
          killed++;
        }

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      check_file (path, shows, no_positions, FEED_ITEMS);
    }

  feed_server_stop (&fs);

  g_test_message ("longwave-cli subscribe: %u killed midway, %u completed and kept", killed, completed);

  lw_test_remove_tree (data_home);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);

  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    cli_path = argv[1];

  g_test_add_func ("/library/kill-9", test_kill_writer);
  g_test_add_func ("/library/kill-9-cli-subscribe", test_kill_cli_subscribe);

  return g_test_run ();
}
