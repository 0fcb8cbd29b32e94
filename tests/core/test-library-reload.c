/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-library-reload"

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/lw-library-private.h"
#include "core/lw-library-reload.h"

#include "library-fixtures.h"

/* Reading the library again after another process changed it: on a worker
 * thread, one read at a time, never undoing what this process changed meanwhile,
 * harmless when the library goes during a read or the file cannot be read. The
 * other process is a second real connection to the file (raw SQLite, as
 * longwave-cli's own would be) or the real longwave-cli. */

#define WAIT_USEC (10 * G_USEC_PER_SEC)

static const char *cli_path = "longwave-cli";

/* Runs @sql on a connection of its own, as another process would. */
static void
exec_elsewhere (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* The schema's triggers call it. */
  g_assert_cmpint (lw_library_register_functions (db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void G_GNUC_PRINTF (2, 3)
exec_elsewhere_printf (const char *path,
                       const char *format,
                       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  exec_elsewhere (path, sql);
}

/* The gate: the tests' hook in the middle of every read (after the shows are read,
 * before the episodes and lists). While closed, reads wait there. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean closed;
  guint    entered;     /* reads that came through */
  int      inside;      /* reads in the hook now */
  int      max_inside;
  GThread *thread;      /* the last reading thread */
} Gate;

static void
gate_hook (gpointer data)
{
  Gate *gate = data;

  g_mutex_lock (&gate->mutex);
  gate->entered++;
  gate->thread = g_thread_self ();
  gate->inside++;
  gate->max_inside = MAX (gate->max_inside, gate->inside);
  g_cond_broadcast (&gate->cond);
  while (gate->closed)
    g_cond_wait (&gate->cond, &gate->mutex);
  gate->inside--;
  g_mutex_unlock (&gate->mutex);
}

static void
gate_install (Gate     *gate,
              gboolean  closed)
{
  g_mutex_init (&gate->mutex);
  g_cond_init (&gate->cond);
  gate->closed = closed;
  lw_library_reload_set_test_hook (gate_hook, gate);
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->closed = FALSE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

static guint
gate_get_entered (Gate *gate)
{
  guint entered;

  g_mutex_lock (&gate->mutex);
  entered = gate->entered;
  g_mutex_unlock (&gate->mutex);

  return entered;
}

/* Runs the main context (the watch, results handed back) until @n reads reached
 * the gate. */
static void
gate_wait_entered (Gate  *gate,
                   guint  n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  while (gate_get_entered (gate) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
gate_remove (Gate *gate)
{
  lw_library_reload_set_test_hook (NULL, NULL);
  g_mutex_clear (&gate->mutex);
  g_cond_clear (&gate->cond);
}

/* The async reload's result. */
typedef struct
{
  gboolean  done;
  gboolean  changed;
  GError   *error;
  char     *title;  /* of the watched show, when the callback ran */
  LwShow   *show;
} Reloaded;

static void
on_reloaded (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  Reloaded *reloaded = data;

  g_assert_false (reloaded->done);
  reloaded->changed = lw_library_reload_if_changed_finish (LW_LIBRARY (object), result, &reloaded->error);
  if (reloaded->show != NULL)
    reloaded->title = g_strdup (lw_show_get_title (reloaded->show));
  reloaded->done = TRUE;
}

static void
reloaded_wait (Reloaded *reloaded)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  while (!reloaded->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
reloaded_clear (Reloaded *reloaded)
{
  g_clear_error (&reloaded->error);
  g_clear_pointer (&reloaded->title, g_free);
}

/* Runs the main context until no more than @n_alive reloads are left: a
 * library's own, or one that a read still running (or not handed back) holds. */
static void
wait_reads_freed (guint n_alive)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  while (lw_library_reload_get_n_alive () > n_alive)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static gint64
merge (LwLibrary  *library,
       const char *title,
       guint       n_items)
{
  g_autoptr(LwFeed) feed = lw_test_feed_new (title, n_items);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://example.org/%s", title);
  gint64 show_id;

  /* Notes on every episode: the reload keeps read notes current. */
  for (guint i = 0; i < feed->items->len; i++)
    {
      LwFeedItem *item = g_ptr_array_index (feed->items, i);

      item->notes_html = g_strdup_printf ("<p>Notes of %s</p>", item->title);
    }

  show_id = lw_library_merge_feed (library, url, feed, NULL, &error);
  g_assert_no_error (error);

  return show_id;
}

static LwShow *
find_show (LwLibrary *library,
           gint64     show_id)
{
  LwShow *show = lw_library_lookup_show (library, show_id);

  g_assert_nonnull (show);

  return show;
}

/* Everything another process changes arrives, read on another thread. */
static void
test_async (LwTestFixture *fixture,
            gconstpointer  data)
{
  GListModel *shows = lw_library_get_shows (fixture->library);
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(GListModel) queue = NULL;
  g_autoptr(LwEpisode) first = NULL;
  g_autoptr(LwEpisode) second = NULL;
  g_autoptr(LwShow) alpha = NULL;
  Reloaded reloaded = { 0, };
  Gate gate = { 0, };
  gint64 alpha_id;
  gint64 beta_id;
  guint played_notes = 0;
  guint notes_notes = 0;

  alpha_id = merge (fixture->library, "Alpha", 3);
  beta_id = merge (fixture->library, "Beta", 2);
  alpha = find_show (fixture->library, alpha_id);
  episodes = lw_library_get_episodes (fixture->library, alpha_id);
  queue = lw_library_get_queue (fixture->library);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 3);

  /* Two live episodes from the list: one whose notes were read, one not. */
  first = g_list_model_get_item (episodes, 0);
  second = g_list_model_get_item (episodes, 1);
  g_assert_cmpstr (lw_episode_get_notes_html (first), ==, "<p>Notes of Alpha 0</p>");
  g_signal_connect (second, "notify::played", G_CALLBACK (count_notify), &played_notes);
  g_signal_connect (first, "notify::notes-html", G_CALLBACK (count_notify), &notes_notes);

  gate_install (&gate, FALSE);

  /* Nothing changed yet. */
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  reloaded_wait (&reloaded);
  g_assert_no_error (reloaded.error);
  g_assert_false (reloaded.changed);
  g_assert_cmpuint (gate.entered, ==, 0);

  exec_elsewhere_printf (fixture->path,
                         "UPDATE shows SET title = 'Aardvark' WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE episode_state SET played = 1 WHERE episode_id = %" G_GINT64_FORMAT ";"
                         "UPDATE episode_notes SET notes_html = '<p>New notes</p>' WHERE episode_id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO queue (episode_id, position) VALUES (%" G_GINT64_FORMAT ", 0);"
                         "INSERT INTO shows (feed_url, title) VALUES ('https://example.org/10', 'Show 10'),"
                         "  ('https://example.org/2', 'émission 2');",
                         beta_id, lw_episode_get_id (second), lw_episode_get_id (first),
                         lw_episode_get_id (first));
  /* Not read yet: the models wait for the read. */
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 0);

  reloaded = (Reloaded) { 0, };
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  reloaded_wait (&reloaded);
  g_assert_no_error (reloaded.error);
  g_assert_true (reloaded.changed);

  /* Read on a thread of its own, once. */
  g_assert_cmpuint (gate.entered, ==, 1);
  g_assert_true (gate.thread != g_thread_self ());

  /* The renamed show sorts first now; the new ones by their sort keys, made on
   * the reading thread (numbers by value, accents and case left out). */
  {
    const char *order[] = { "Aardvark", "Alpha", "émission 2", "Show 10" };

    g_assert_cmpuint (g_list_model_get_n_items (shows), ==, G_N_ELEMENTS (order));
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        g_autoptr(LwShow) show = g_list_model_get_item (shows, i);

        g_assert_cmpstr (lw_show_get_title (show), ==, order[i]);
      }
  }
  g_assert_true (lw_episode_get_played (second));
  g_assert_cmpuint (played_notes, ==, 1);
  g_assert_cmpuint (lw_show_get_unplayed_count (alpha), ==, 2);
  g_assert_cmpstr (lw_episode_get_notes_html (first), ==, "<p>New notes</p>");
  g_assert_cmpuint (notes_notes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 1);

  /* And nothing more to read. */
  reloaded_clear (&reloaded);
  reloaded = (Reloaded) { 0, };
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  reloaded_wait (&reloaded);
  g_assert_false (reloaded.changed);
  g_assert_cmpuint (gate.entered, ==, 1);

  gate_remove (&gate);
}

/* A write made here while a read runs: that read predates it and must not undo it. */
static void
test_local_write (LwTestFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr(LwEpisode) episode = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;
  Reloaded reloaded = { 0, };
  Gate gate = { 0, };
  guint played_notes = 0;
  gint64 show_id;

  show_id = merge (fixture->library, "Alpha", 3);
  show = find_show (fixture->library, show_id);
  episode = lw_library_lookup_episode (fixture->library,
                                       lw_test_episode_id (fixture->library, show_id, "Alpha-1"));
  g_signal_connect (episode, "notify::played", G_CALLBACK (count_notify), &played_notes);

  gate_install (&gate, TRUE);
  exec_elsewhere_printf (fixture->path, "UPDATE shows SET last_error = 'Elsewhere' WHERE id = %" G_GINT64_FORMAT,
                         show_id);
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  gate_wait_entered (&gate, 1);

  /* The read has its snapshot: the episode unplayed, three unplayed. */
  g_assert_true (lw_library_set_episode_played (fixture->library, lw_episode_get_id (episode), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (played_notes, ==, 1);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 2);

  gate_open (&gate);
  reloaded_wait (&reloaded);
  g_assert_no_error (reloaded.error);
  g_assert_true (reloaded.changed);

  /* Not applied but read again: the episode never flipped back. */
  g_assert_true (lw_episode_get_played (episode));
  g_assert_cmpuint (played_notes, ==, 1);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 2);
  g_assert_cmpstr (lw_show_get_last_error (show), ==, "Elsewhere");
  g_assert_cmpuint (gate.entered, ==, 2);

  gate_remove (&gate);
}

static void
on_merged (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  gint64 *show_id = data;
  g_autoptr(GError) error = NULL;

  *show_id = lw_library_merge_feed_finish (LW_LIBRARY (object), result, &error);
  g_assert_no_error (error);
}

/* An async merge that lands while a read runs: the same. */
static void
test_merge_during_read (LwTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Alpha", 3);
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(LwShow) show = NULL;
  Reloaded reloaded = { 0, };
  LwTestItemsChanged changed = { 0, };
  Gate gate = { 0, };
  guint count_notes = 0;
  gint64 merged_id = 0;
  gint64 show_id;
  gint64 deadline;

  show_id = merge (fixture->library, "Alpha", 3);
  show = find_show (fixture->library, show_id);
  episodes = lw_library_get_episodes (fixture->library, show_id);
  lw_test_watch_items_changed (episodes, &changed);
  g_signal_connect (show, "notify::episode-count", G_CALLBACK (count_notify), &count_notes);

  gate_install (&gate, TRUE);
  /* (A merge clears an error: the other process sets the show's speed.) */
  exec_elsewhere_printf (fixture->path, "UPDATE shows SET playback_rate = 1.5 WHERE id = %" G_GINT64_FORMAT,
                         show_id);
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  gate_wait_entered (&gate, 1);

  /* A refresh found a new episode; merged on the merge thread, the lists updated
   * here. */
  lw_test_feed_prepend (feed, "Alpha-new", "Alpha new", "https://cdn.example.org/Alpha/new.mp3", 1800000000);
  lw_library_merge_feed_async (fixture->library, "https://example.org/Alpha", g_steal_pointer (&feed),
                               NULL, NULL, on_merged, &merged_id);
  deadline = g_get_monotonic_time () + WAIT_USEC;
  while (merged_id == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (merged_id, ==, show_id);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 4);
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 4);

  gate_open (&gate);
  reloaded_wait (&reloaded);
  g_assert_no_error (reloaded.error);
  g_assert_true (reloaded.changed);

  /* The list and the count changed once, with the merge: never back to 3. */
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 4);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 4);
  g_assert_cmpuint (count_notes, ==, 1);
  g_assert_cmpfloat (lw_show_get_playback_rate (show), ==, 1.5);
  g_assert_cmpuint (gate.entered, ==, 2);

  gate_remove (&gate);
}

static void
record_title (LwShow     *show,
              GParamSpec *pspec,
              GString    *titles)
{
  g_string_append_printf (titles, "%s;", lw_show_get_title (show));
}

/* The synchronous reload while an async read runs: that read is older, and is
 * made again rather than applied. */
static void
test_sync_during_read (LwTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);
  Reloaded reloaded = { 0, };
  Gate gate = { 0, };
  gint64 show_id;

  show_id = merge (fixture->library, "Alpha", 1);
  show = find_show (fixture->library, show_id);
  g_signal_connect (show, "notify::title", G_CALLBACK (record_title), titles);

  gate_install (&gate, TRUE);
  exec_elsewhere_printf (fixture->path, "UPDATE shows SET title = 'One' WHERE id = %" G_GINT64_FORMAT, show_id);
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  gate_wait_entered (&gate, 1);

  exec_elsewhere_printf (fixture->path, "UPDATE shows SET title = 'Two' WHERE id = %" G_GINT64_FORMAT, show_id);
  g_assert_true (lw_library_reload_if_changed (fixture->library));
  g_assert_cmpstr (lw_show_get_title (show), ==, "Two");

  gate_open (&gate);
  reloaded_wait (&reloaded);
  g_assert_no_error (reloaded.error);
  g_assert_true (reloaded.changed);

  /* Never back to "One". */
  g_assert_cmpstr (titles->str, ==, "Two;");
  g_assert_cmpuint (gate.entered, ==, 2);
  g_assert_false (lw_library_reload_if_changed (fixture->library));

  gate_remove (&gate);
}

/* Changes in quick succession: one read at a time, the calls made meanwhile wait
 * for one more read, which has the last change. */
static void
test_coalesce (LwTestFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GString) titles = g_string_new (NULL);
  g_autoptr(LwShow) show = NULL;
  Reloaded reloaded[3] = { { 0, }, };
  Gate gate = { 0, };
  gint64 show_id;

  show_id = merge (fixture->library, "Alpha", 2);
  show = find_show (fixture->library, show_id);
  g_signal_connect (show, "notify::title", G_CALLBACK (record_title), titles);
  for (guint i = 0; i < G_N_ELEMENTS (reloaded); i++)
    reloaded[i].show = show;

  gate_install (&gate, TRUE);
  exec_elsewhere_printf (fixture->path, "UPDATE shows SET title = 'One' WHERE id = %" G_GINT64_FORMAT, show_id);
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded[0]);
  gate_wait_entered (&gate, 1);

  exec_elsewhere_printf (fixture->path, "UPDATE shows SET title = 'Two' WHERE id = %" G_GINT64_FORMAT, show_id);
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded[1]);
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded[2]);
  exec_elsewhere_printf (fixture->path, "UPDATE shows SET title = 'Three' WHERE id = %" G_GINT64_FORMAT, show_id);

  /* Give a second read every chance to start beside the first. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (gate_get_entered (&gate), ==, 1);

  gate_open (&gate);
  for (guint i = 0; i < G_N_ELEMENTS (reloaded); i++)
    {
      reloaded_wait (&reloaded[i]);
      g_assert_no_error (reloaded[i].error);
      g_assert_true (reloaded[i].changed);
      /* Every caller hears back once the last change is in. */
      g_assert_cmpstr (reloaded[i].title, ==, "Three");
      reloaded_clear (&reloaded[i]);
    }

  /* The first read's state, then the last: two reads, never two at once. */
  g_assert_cmpuint (gate.entered, ==, 2);
  g_assert_cmpint (gate.max_inside, ==, 1);
  g_assert_cmpstr (titles->str, ==, "One;Three;");

  gate_remove (&gate);
}

/* The library goes while its watch's read runs: nothing holds it, nothing crashes,
 * and the read's memory and connection are freed when it ends. */
static void
test_finalize_during_read (LwTestFixture *fixture,
                           gconstpointer  data)
{
  g_autoptr(GListModel) shows = NULL;
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(LwShow) show = NULL;
  Gate gate = { 0, };
  gint64 show_id;

  /* Only the fixture's library has one (reads of earlier tests have ended). */
  wait_reads_freed (1);

  show_id = merge (fixture->library, "Alpha", 3);
  show = find_show (fixture->library, show_id);
  shows = g_object_ref (lw_library_get_shows (fixture->library));
  episodes = lw_library_get_episodes (fixture->library, show_id);

  gate_install (&gate, TRUE);
  exec_elsewhere_printf (fixture->path,
                         "UPDATE shows SET title = 'Renamed' WHERE id = %" G_GINT64_FORMAT ";"
                         "DELETE FROM episodes WHERE guid = 'Alpha-0'",
                         show_id);

  /* The watch (every 2 s) starts the read. */
  gate_wait_entered (&gate, 1);

  g_assert_finalize_object (g_steal_pointer (&fixture->library));
  /* Its lists emptied; its objects stay as they were. */
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);
  /* The read holds the reload: that is all that is left. */
  g_assert_cmpuint (lw_library_reload_get_n_alive (), ==, 1);

  gate_open (&gate);
  wait_reads_freed (0);

  /* The dropped result changed nothing. */
  g_assert_cmpstr (lw_show_get_title (show), ==, "Alpha");
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);
  g_assert_cmpuint (gate.entered, ==, 1);

  gate_remove (&gate);
}

/* Makes the file's page of the shows table garbage, behind SQLite's back. */
static void
damage_shows_table (const char *path)
{
  gint64 page_size = lw_test_query_int (path, "PRAGMA page_size");
  gint64 root = lw_test_query_int (path, "SELECT rootpage FROM sqlite_schema WHERE name = 'shows'");
  g_autofree char *garbage = g_malloc (page_size);
  int fd;

  /* Everything into the file itself: the page is read from there. */
  g_assert_cmpint (lw_test_query_int (path, "PRAGMA wal_checkpoint (TRUNCATE)"), ==, 0);
  g_assert_cmpint (root, >, 1);

  memset (garbage, 0xa5, page_size);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, garbage, page_size, (root - 1) * page_size), ==, page_size);
  g_assert_no_errno (fsync (fd));
  g_assert_no_errno (close (fd));
}

/* A read that fails leaves the models as they were, and says why. */
static void
test_read_error (LwTestFixture *fixture,
                 gconstpointer  data)
{
  GListModel *shows = lw_library_get_shows (fixture->library);
  g_autoptr(LwEpisode) episode = NULL;
  g_autoptr(LwShow) first = NULL;
  g_autoptr(LwShow) second = NULL;
  Reloaded reloaded = { 0, };
  gint64 alpha_id;

  alpha_id = merge (fixture->library, "Alpha", 2);
  merge (fixture->library, "Beta", 2);
  first = g_list_model_get_item (shows, 0);
  second = g_list_model_get_item (shows, 1);
  episode = lw_library_lookup_episode (fixture->library,
                                       lw_test_episode_id (fixture->library, alpha_id, "Alpha-0"));

  /* Another process downloads an episode, and the shows table is damaged. */
  exec_elsewhere_printf (fixture->path,
                         "UPDATE episode_state SET local_path = '/tmp/a.mp3' WHERE episode_id = %" G_GINT64_FORMAT,
                         lw_episode_get_id (episode));
  damage_shows_table (fixture->path);

  g_test_expect_message ("lw-library", G_LOG_LEVEL_WARNING,
                         "Could not read the subscriptions: the library file is damaged*");
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  reloaded_wait (&reloaded);
  g_test_assert_expected_messages ();
  g_assert_error (reloaded.error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_OPEN);
  g_assert_false (reloaded.changed);

  /* Nothing of the read was applied. */
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 2);
  {
    g_autoptr(LwShow) show = g_list_model_get_item (shows, 0);

    g_assert_true (show == first);
  }
  g_assert_cmpstr (lw_show_get_title (first), ==, "Alpha");
  g_assert_cmpstr (lw_show_get_title (second), ==, "Beta");
  g_assert_null (lw_episode_get_local_path (episode));

  /* Asked again (the watch does every 2 s): the same error, said only once. */
  reloaded_clear (&reloaded);
  reloaded = (Reloaded) { 0, };
  lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
  reloaded_wait (&reloaded);
  g_assert_error (reloaded.error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_OPEN);
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 2);
  reloaded_clear (&reloaded);
}

static void
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
}

/* The real longwave-cli, in its own process, unsubscribes; the app's library
 * follows. */
static void
test_cli (void)
{
  g_autofree char *path = lw_library_dup_default_path ();
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  Reloaded reloaded = { 0, };
  gint64 alpha_id;

  library = lw_library_new (NULL, &error);
  g_assert_no_error (error);
  alpha_id = merge (library, "Alpha", 3);
  merge (library, "Beta", 1);
  episodes = lw_library_get_episodes (library, alpha_id);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), ==, 2);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, alpha_id);
  run_cli ((const char * const[]) { "unsubscribe", id, NULL });

  lw_library_reload_if_changed_async (library, NULL, on_reloaded, &reloaded);
  reloaded_wait (&reloaded);
  g_assert_no_error (reloaded.error);
  g_assert_true (reloaded.changed);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&library));
  lw_test_remove_tree (path);
}

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);

  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* Not a check, a measure (`-m perf`): the main thread's CPU time for a reload of
 * 200 shows and 20,000 episodes, with the lists an app holds (every episode, new,
 * in progress, the queue, one show's) and 2,000 live episodes, after another
 * process marked a third of the episodes played: read here as before, and read
 * on the worker with only the applying here. */
static void
test_perf (LwTestFixture *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);
  double sync_ms = G_MAXDOUBLE;
  double async_ms = G_MAXDOUBLE;
  GListModel *all;
  gint64 show_id = 0;

  if (!g_test_perf ())
    {
      g_test_skip ("A measure: run with -m perf");
      return;
    }

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *title = g_strdup_printf ("Show %u", i);

      show_id = merge (fixture->library, title, 100);
    }

  g_ptr_array_add (lists, all = lw_library_get_episodes (fixture->library, 0));
  g_ptr_array_add (lists, lw_library_get_new_episodes (fixture->library));
  g_ptr_array_add (lists, lw_library_get_in_progress (fixture->library));
  g_ptr_array_add (lists, lw_library_get_queue (fixture->library));
  g_ptr_array_add (lists, lw_library_get_episodes (fixture->library, show_id));
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 20000);
  for (guint i = 0; i < 2000; i++)
    g_ptr_array_add (live, g_list_model_get_item (all, i * 10));

  /* The best of three each: the least disturbed by the rest of the machine. */
  for (guint run = 0; run < 3; run++)
    {
      Reloaded reloaded = { 0, };
      double start;

      exec_elsewhere_printf (fixture->path, "UPDATE episode_state SET played = 1 - played"
                             " WHERE episode_id %% 3 = %u", run);
      start = thread_cpu_ms ();
      g_assert_true (lw_library_reload_if_changed (fixture->library));
      sync_ms = MIN (sync_ms, thread_cpu_ms () - start);

      exec_elsewhere_printf (fixture->path, "UPDATE episode_state SET played = 1 - played"
                             " WHERE episode_id %% 3 = %u", run);
      start = thread_cpu_ms ();
      lw_library_reload_if_changed_async (fixture->library, NULL, on_reloaded, &reloaded);
      reloaded_wait (&reloaded);
      async_ms = MIN (async_ms, thread_cpu_ms () - start);
      g_assert_no_error (reloaded.error);
      g_assert_true (reloaded.changed);
    }

  g_test_message ("main thread CPU for a reload: read here %.2f ms, read on the worker %.2f ms (ratio %.2f)",
                  sync_ms, async_ms, async_ms / sync_ms);
  g_assert_cmpfloat (async_ms, <, sync_ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("lw-reload-home-XXXXXX", NULL);
  int result;

  /* Before anything asks GLib for the data dir: it caches the answer. The CLI
   * gets it too. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    cli_path = argv[1];

  g_test_add ("/library/reload/async", LwTestFixture, NULL, lw_test_fixture_set_up, test_async, lw_test_fixture_tear_down);
  g_test_add ("/library/reload/local-write", LwTestFixture, NULL, lw_test_fixture_set_up, test_local_write, lw_test_fixture_tear_down);
  g_test_add ("/library/reload/sync-during-read", LwTestFixture, NULL, lw_test_fixture_set_up, test_sync_during_read, lw_test_fixture_tear_down);
  g_test_add ("/library/reload/merge-during-read", LwTestFixture, NULL, lw_test_fixture_set_up, test_merge_during_read, lw_test_fixture_tear_down);
  g_test_add ("/library/reload/coalesce", LwTestFixture, NULL, lw_test_fixture_set_up, test_coalesce, lw_test_fixture_tear_down);
  g_test_add ("/library/reload/finalize-during-read", LwTestFixture, NULL, lw_test_fixture_set_up, test_finalize_during_read, lw_test_fixture_tear_down);
  g_test_add ("/library/reload/read-error", LwTestFixture, NULL, lw_test_fixture_set_up, test_read_error, lw_test_fixture_tear_down);
  g_test_add_func ("/library/reload/cli", test_cli);
  g_test_add ("/library/reload/perf", LwTestFixture, NULL, lw_test_fixture_set_up, test_perf, lw_test_fixture_tear_down);

  result = g_test_run ();
  lw_test_remove_tree (data_home);

  return result;
}
