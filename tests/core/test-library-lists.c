/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-library"

#include "config.h"

#include "core/lw-library.h"
#include "core/lw-library-private.h"

#include "library-fixtures.h"



/* "A B C": the guids of the items of @model. */
static char *
list_guids (GListModel *model)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, lw_episode_get_guid (episode));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_guids(model, expected)              \
  G_STMT_START {                                   \
    g_autofree char *_guids = list_guids (model);  \
    g_assert_cmpstr (_guids, ==, expected);        \
  } G_STMT_END

/* Queue */

static void
test_queue (LwTestFixture *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("S", 4);
  g_autoptr(LwFeed) rolled = lw_test_feed_new ("S", 1);
  g_autoptr(GListModel) queue = NULL;
  g_autofree char *positions = NULL;
  LwTestItemsChanged changed = { 0 };
  gint64 show_id, a, b, c, d;

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/s", feed, NULL, &error);
  g_assert_no_error (error);
  a = lw_test_episode_id (fixture->library, show_id, "S-0");
  b = lw_test_episode_id (fixture->library, show_id, "S-1");
  c = lw_test_episode_id (fixture->library, show_id, "S-2");
  d = lw_test_episode_id (fixture->library, show_id, "S-3");

  queue = lw_library_get_queue (fixture->library);
  lw_test_watch_items_changed (queue, &changed);
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 0);

  g_assert_true (lw_library_queue_add (fixture->library, a, -1, &error));
  g_assert_true (lw_library_queue_add (fixture->library, b, -1, &error));
  g_assert_true (lw_library_queue_add (fixture->library, c, 99, &error));
  g_assert_no_error (error);
  assert_guids (queue, "S-0 S-1 S-2");
  g_assert_cmpuint (changed.count, ==, 3);
  g_assert_cmpuint (changed.position, ==, 2);
  g_assert_cmpuint (changed.added, ==, 1);

  /* Already queued: it moves. */
  g_assert_true (lw_library_queue_add (fixture->library, c, 0, &error));
  assert_guids (queue, "S-2 S-0 S-1");
  g_assert_true (lw_library_queue_add (fixture->library, d, 1, &error));
  assert_guids (queue, "S-2 S-3 S-0 S-1");

  g_assert_true (lw_library_queue_remove (fixture->library, a, &error));
  g_assert_no_error (error);
  assert_guids (queue, "S-2 S-3 S-1");
  positions = g_strdup_printf ("%" G_GINT64_FORMAT,
                               lw_test_query_int (fixture->path, "SELECT sum (position) + 100 * count(*) FROM queue"));
  /* 0 + 1 + 2, three rows: no gaps. */
  g_assert_cmpstr (positions, ==, "303");

  /* Removing what is not queued is fine; a missing episode is not. */
  g_assert_true (lw_library_queue_remove (fixture->library, a, &error));
  g_assert_false (lw_library_queue_add (fixture->library, 4242, -1, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Queued episodes stay when they leave the feed, untouched ones go. */
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/s", rolled, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  assert_guids (queue, "S-2 S-3 S-1");
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "S-0"), ==, a);

  /* A new library reads the same order. */
  {
    g_autoptr(LwLibrary) other = lw_library_new (fixture->path, &error);
    g_autoptr(GListModel) other_queue = lw_library_get_queue (other);

    assert_guids (other_queue, "S-2 S-3 S-1");
  }

  /* Unsubscribing empties it. */
  changed.count = 0;
  g_assert_true (lw_library_remove_show (fixture->library, show_id, &error));
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 0);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM queue"), ==, 0);
}

/* New and in progress */

static void
test_new_and_in_progress (LwTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("S", 0);
  g_autoptr(LwFeed) other = lw_test_feed_new ("O", 0);
  g_autoptr(GListModel) fresh = NULL;
  g_autoptr(GListModel) in_progress = NULL;
  LwTestItemsChanged changed = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 day = 24 * 60 * 60;
  gint64 show_id, other_id;

  lw_test_feed_add (feed, "today", "Today", "https://cdn.example.org/1.mp3", now - 3600);
  lw_test_feed_add (feed, "three-days", "Three days", "https://cdn.example.org/2.mp3", now - 3 * day);
  lw_test_feed_add (feed, "last-month", "Last month", "https://cdn.example.org/3.mp3", now - 30 * day);
  lw_test_feed_add (other, "yesterday", "Yesterday", "https://cdn.example.org/4.mp3", now - day);

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/s", feed, NULL, &error);
  g_assert_no_error (error);

  fresh = lw_library_get_new_episodes (fixture->library);
  in_progress = lw_library_get_in_progress (fixture->library);
  assert_guids (fresh, "today three-days");
  assert_guids (in_progress, "");

  /* Another show's new episode lands in the middle. */
  lw_test_watch_items_changed (fresh, &changed);
  other_id = lw_library_merge_feed (fixture->library, "https://example.org/o", other, NULL, &error);
  g_assert_no_error (error);
  assert_guids (fresh, "today yesterday three-days");
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.position, ==, 1);

  g_assert_true (lw_library_set_episode_played (fixture->library,
                                                lw_test_episode_id (fixture->library, show_id, "today"),
                                                TRUE, &error));
  assert_guids (fresh, "yesterday three-days");

  g_assert_true (lw_library_set_episode_position (fixture->library,
                                                  lw_test_episode_id (fixture->library, show_id, "last-month"),
                                                  1000, &error));
  assert_guids (in_progress, "last-month");
  /* last_played has a one-second resolution: make the order certain. */
  g_usleep (1100 * 1000);
  g_assert_true (lw_library_set_episode_position (fixture->library,
                                                  lw_test_episode_id (fixture->library, other_id, "yesterday"),
                                                  2000, &error));
  assert_guids (in_progress, "yesterday last-month");

  g_assert_true (lw_library_set_episode_played (fixture->library,
                                                lw_test_episode_id (fixture->library, show_id, "last-month"),
                                                TRUE, &error));
  g_assert_no_error (error);
  assert_guids (in_progress, "yesterday");
}

/* Search */

static GListModel *
search (LwLibrary  *library,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  GListModel *results = lw_library_search (library, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);

  return results;
}

/* The external-content index holds exactly what its content gives. */
static void
assert_index_agrees (LwLibrary *library)
{
  g_assert_cmpint (sqlite3_exec (lw_library_get_db (library),
                                 "INSERT INTO episodes_fts (episodes_fts, rank) VALUES ('integrity-check', 1);"
                                 "INSERT INTO shows_fts (shows_fts, rank) VALUES ('integrity-check', 1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_search (LwTestFixture *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Tech", 0);
  g_autoptr(LwFeed) food = lw_test_feed_new ("Kitchen", 0);
  g_autoptr(GListModel) shows = NULL;
  const char *weird[] = { "", "   ", "\"", "AND", "NEAR(", "a*b", "-x", "title:rust", "'; DROP TABLE shows; --" };
  LwFeedItem *item;
  gint64 tech_id;

  item = lw_test_feed_add (feed, "rust", "The Rust Programming Language", "https://cdn.example.org/r.mp3", 3000);
  item->summary = g_strdup ("Ownership and borrowing, explained.");
  item = lw_test_feed_add (feed, "c", "C for the curious", "https://cdn.example.org/c.mp3", 2000);
  item->summary = g_strdup ("Pointers, and why Rust was written.");
  item = lw_test_feed_add (food, "syrup", "Pancakes", "https://cdn.example.org/p.mp3", 1000);
  item->summary = g_strdup ("Sirop d’Érable, la crème de la crème.");
  g_free (food->author);
  food->author = g_strdup ("Chef Ramsay");

  tech_id = lw_library_merge_feed (fixture->library, "https://example.org/tech", feed, NULL, &error);
  lw_library_merge_feed (fixture->library, "https://example.org/food", food, NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GListModel) results = search (fixture->library, "rust");

    /* Both match; the title match ranks first. */
    assert_guids (results, "rust c");
  }
  {
    g_autoptr(GListModel) results = search (fixture->library, "prog LANG");

    assert_guids (results, "rust");
  }
  {
    /* Accents and case folded away. */
    g_autoptr(GListModel) results = search (fixture->library, "erable CREME");

    assert_guids (results, "syrup");
  }

  for (guint i = 0; i < G_N_ELEMENTS (weird); i++)
    {
      g_autoptr(GListModel) results = lw_library_search (fixture->library, weird[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (results);
    }
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM shows"), ==, 2);

  /* The index follows renames and removals. */
  item = g_ptr_array_index (feed->items, 0);
  g_free (item->title);
  item->title = g_strdup ("Zig, a simpler language");
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/tech", feed, NULL, &error), ==, tech_id);
  {
    g_autoptr(GListModel) results = search (fixture->library, "zig");

    assert_guids (results, "rust");
  }
  {
    g_autoptr(GListModel) results = search (fixture->library, "programming");

    assert_guids (results, "");
  }

  shows = lw_library_search_shows (fixture->library, "ramsay", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 1);
  g_clear_object (&shows);

  g_assert_true (lw_library_remove_show (fixture->library, tech_id, &error));
  {
    g_autoptr(GListModel) results = search (fixture->library, "rust OR zig");

    assert_guids (results, "");
  }
  shows = lw_library_search_shows (fixture->library, "tech", &error);
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 0);

  /* The external-content index agrees with its tables. */
  g_assert_cmpint (lw_test_query_int (fixture->path,
                                      "SELECT count(*) FROM episodes_fts WHERE episodes_fts MATCH 'pancakes'"), ==, 1);
  assert_index_agrees (fixture->library);
}

/* "Found only through the notes": the words of the notes, never their markup. */
static void
test_search_notes (LwTestFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Notes", 0);
  const char *markup[] = { "href", "div", "class", "quuxclass", "hrefpage", "https", "amp", "233", "li" };
  LwFeedItem *deep;
  LwFeedItem *item;
  gint64 show_id;

  deep = lw_test_feed_add (feed, "deep", "An interview", "https://cdn.example.org/d.mp3", 3000);
  deep->summary = g_strdup ("We talk with a guest.");
  deep->notes_html = g_strdup ("<div class=\"quuxclass\"><h2>Topics</h2><ul><li>alpha</li><li>omega</li></ul>"
                               "<p>All about <b>kube</b>rnetes, caf&#233; culture &amp; "
                               "<a href=\"https://example.org/hrefpage\">the zeppelin</a>.</p>"
                               "<p>And another thing.</p></div>");
  item = lw_test_feed_add (feed, "plain", "Another one", "https://cdn.example.org/p.mp3", 2000);
  item->summary = g_strdup ("Nothing but a summary.");

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/notes", feed, NULL, &error);
  g_assert_no_error (error);

  {
    /* Neither the title nor the summary say any of these. */
    const char *words[] = {
      "zeppelin", "topics", "omega", "kubernetes", "café", "CAFE", "culture", "guest zeppelin",
    };

    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      {
        g_autoptr(GListModel) results = search (fixture->library, words[i]);

        g_test_message ("searching “%s”", words[i]);
        assert_guids (results, "deep");
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (markup); i++)
    {
      g_autoptr(GListModel) results = search (fixture->library, markup[i]);

      g_test_message ("searching “%s”", markup[i]);
      assert_guids (results, "");
    }
  {
    /* A title still ranks above the notes. */
    g_autoptr(GListModel) results = search (fixture->library, "another");

    assert_guids (results, "plain deep");
  }

  /* A new enclosure URL (a rotated tracking prefix) leaves the words alone; a new
   * summary replaces the old one, the notes stay found. */
  lw_test_item_set_enclosure (deep, "https://tracker.example.net/cdn.example.org/d.mp3");
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/notes", feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  assert_index_agrees (fixture->library);
  g_free (deep->summary);
  deep->summary = g_strdup ("We talk with a visitor.");
  lw_library_merge_feed (fixture->library, "https://example.org/notes", feed, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) zeppelin = search (fixture->library, "zeppelin");
    g_autoptr(GListModel) guest = search (fixture->library, "guest");
    g_autoptr(GListModel) visitor = search (fixture->library, "visitor");

    assert_guids (zeppelin, "deep");
    assert_guids (guest, "");
    assert_guids (visitor, "deep");
  }
  assert_index_agrees (fixture->library);

  /* New notes replace the old ones in the index; no notes, nothing. */
  g_free (deep->notes_html);
  deep->notes_html = g_strdup ("<p>Now about a <i>dirigible</i>.</p>");
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/notes", feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) zeppelin = search (fixture->library, "zeppelin");
    g_autoptr(GListModel) dirigible = search (fixture->library, "dirigible");

    assert_guids (zeppelin, "");
    assert_guids (dirigible, "deep");
  }
  g_clear_pointer (&deep->notes_html, g_free);
  lw_library_merge_feed (fixture->library, "https://example.org/notes", feed, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) results = search (fixture->library, "dirigible");

    assert_guids (results, "");
  }
  assert_index_agrees (fixture->library);

  /* An episode that leaves the feed leaves the index with its notes. */
  deep->notes_html = g_strdup ("<p>Back to the <b>zeppelin</b>.</p>");
  lw_library_merge_feed (fixture->library, "https://example.org/notes", feed, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) results = search (fixture->library, "zeppelin");

    assert_guids (results, "deep");
  }
  g_ptr_array_remove_index (feed->items, 0);
  lw_library_merge_feed (fixture->library, "https://example.org/notes", feed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes WHERE guid = 'deep'"), ==, 0);
  {
    g_autoptr(GListModel) results = search (fixture->library, "zeppelin");

    assert_guids (results, "");
  }
  assert_index_agrees (fixture->library);
}

/* A library as schema version LW_LIBRARY_SCHEMA_VERSION - 1 left it, when the index
 * held titles and summaries only: opening it indexes the notes already there. */
static void
test_search_migrated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lw-library-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(LwLibrary) library = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  g_assert_true (lw_library_schema_migrate_to (db, path, LW_LIBRARY_SCHEMA_VERSION - 1, &error));
  g_assert_no_error (error);
  /* Rows and search entries as that version's merge wrote them. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO shows (id, feed_url, title) VALUES (1, 'https://example.org/old', 'Old');"
                                 "INSERT INTO episodes (id, show_id, guid, title, summary) VALUES"
                                 "  (1, 1, 'old-1', 'First', 'A summary.'),"
                                 "  (2, 1, 'old-2', 'Second', 'Another summary.');"
                                 "INSERT INTO episode_notes (episode_id, notes_html) VALUES"
                                 "  (1, '<p>Only the notes say <b>xylophone</b>.</p>');"
                                 "INSERT INTO episode_state (episode_id) VALUES (1), (2);"
                                 "INSERT INTO episodes_fts (rowid, title, summary)"
                                 "  SELECT id, title, summary FROM episodes ORDER BY id;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (lw_test_query_int (path, "SELECT count(*) FROM episodes_fts WHERE episodes_fts MATCH 'xylophone'"),
                   ==, 0);

  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_test_query_int (path, "PRAGMA user_version"), ==, LW_LIBRARY_SCHEMA_VERSION);
  {
    g_autoptr(GListModel) xylophone = search (library, "xylophone");
    g_autoptr(GListModel) summary = search (library, "summary");
    g_autoptr(GListModel) second = search (library, "second");
    g_autoptr(GListModel) tags = search (library, "b");

    assert_guids (xylophone, "old-1");
    g_assert_cmpuint (g_list_model_get_n_items (summary), ==, 2);
    assert_guids (second, "old-2");
    assert_guids (tags, "");
  }
  assert_index_agrees (library);

  /* Unsubscribing takes the migrated entries out too. */
  g_assert_true (lw_library_remove_show (library, 1, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) results = search (library, "xylophone OR summary");

    assert_guids (results, "");
  }
  assert_index_agrees (library);

  g_assert_finalize_object (g_steal_pointer (&library));
  lw_test_remove_tree (dir);
}

/* Async merge */

typedef struct
{
  LwLibrary  *library;
  GListModel *episodes;
  GPtrArray  *order;   /* show ids in completion order */
  GError     *error;
  guint       pending;
  guint       ticks;
} AsyncState;

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;
  gint64 show_id = lw_library_merge_feed_finish (LW_LIBRARY (source), result, &error);

  if (error != NULL)
    {
      g_assert_cmpint (show_id, ==, 0);
      g_clear_error (&state->error);
      state->error = g_steal_pointer (&error);
    }
  else
    {
      g_autoptr(LwShow) show = lw_library_lookup_show (state->library, show_id);

      /* Objects and lists are up to date when the callback runs. */
      g_assert_nonnull (show);
      g_assert_cmpuint (lw_show_get_episode_count (show), >, 0);
      g_ptr_array_add (state->order, g_memdup2 (&show_id, sizeof show_id));
    }

  state->pending--;
}

static gboolean
tick (gpointer data)
{
  AsyncState *state = data;

  state->ticks++;

  return G_SOURCE_CONTINUE;
}

static void
test_async_merge (LwTestFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) big = lw_test_feed_new ("Big", 5000);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) all = lw_library_get_episodes (fixture->library, 0);
  AsyncState state = { fixture->library, all, order, NULL, 0, 0 };
  const char *titles[] = { "A", "B", "C" };
  guint tick_id;
  gint64 big_id;

  /* Three in a row complete in call order. */
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/%s", titles[i]);

      state.pending++;
      lw_library_merge_feed_async (fixture->library, url, lw_test_feed_new (titles[i], 3), NULL,
                                   NULL, merged_cb, &state);
    }
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (state.error);
  g_assert_cmpuint (order->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/%s", titles[i]);
      g_autoptr(LwShow) show = lw_library_lookup_show_by_url (fixture->library, url);

      g_assert_cmpint (*(gint64 *) g_ptr_array_index (order, i), ==, lw_show_get_id (show));
    }
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 9);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->library)), ==, 3);

  /* A big merge leaves the main loop running. */
  tick_id = g_timeout_add (5, tick, &state);
  state.pending++;
  lw_library_merge_feed_async (fixture->library, "https://example.org/big", g_steal_pointer (&big), NULL,
                               NULL, merged_cb, &state);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick_id);
  g_assert_no_error (state.error);
  g_test_message ("main loop ticks during a 5,000-episode async merge: %u", state.ticks);
  g_assert_cmpuint (state.ticks, >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5009);
  big_id = *(gint64 *) g_ptr_array_index (order, 3);

  /* A failing merge reports and changes nothing. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db,
                                   "CREATE TRIGGER boom BEFORE UPDATE ON shows WHEN new.title = 'Boom'"
                                   " BEGIN SELECT RAISE (ABORT, 'boom'); END;",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  state.pending++;
  lw_library_merge_feed_async (fixture->library, "https://example.org/big", lw_test_feed_new ("Boom", 2), NULL,
                               NULL, merged_cb, &state);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_FAILED);
  g_clear_error (&state.error);
  {
    g_autoptr(LwShow) show = lw_library_lookup_show (fixture->library, big_id);

    g_assert_cmpstr (lw_show_get_title (show), ==, "Big");
    g_assert_cmpuint (lw_show_get_episode_count (show), ==, 5000);
  }

  /* A refresh updates its show; one queued for a show that is then removed does
   * not bring it back. */
  state.pending++;
  lw_library_refresh_show_async (fixture->library, big_id, "https://example.org/big", lw_test_feed_new ("Big", 2),
                                 NULL, NULL, merged_cb, &state);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpint (*(gint64 *) g_ptr_array_index (order, order->len - 1), ==, big_id);

  state.pending++;
  lw_library_refresh_show_async (fixture->library, big_id, "https://example.org/big", lw_test_feed_new ("Big", 2),
                                 NULL, NULL, merged_cb, &state);
  g_assert_true (lw_library_remove_show (fixture->library, big_id, &error));
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&state.error);
  {
    g_autoptr(LwShow) gone = lw_library_lookup_show_by_url (fixture->library, "https://example.org/big");

    g_assert_null (gone);
  }

  /* The library waits for the worker before it goes. */
  state.pending++;
  lw_library_merge_feed_async (fixture->library, "https://example.org/d", lw_test_feed_new ("D", 1), NULL,
                               NULL, merged_cb, &state);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  guint   pending;
  guint   failed;
  GError *error;
} BatchState;

static void
batch_merged_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BatchState *state = user_data;
  g_autoptr(GError) error = NULL;

  if (lw_library_merge_feed_finish (LW_LIBRARY (source), result, &error) == 0)
    {
      state->failed++;
      g_clear_error (&state->error);
      state->error = g_steal_pointer (&error);
    }

  state->pending--;
}

/* The worker merges the feeds waiting for it in one transaction. One of them
 * failing half-way must change nothing of its own and take none of the others
 * with it (issue 4: a feed that fails changes nothing). */
static void
test_async_merge_batch_failure (LwTestFixture *fixture,
                                gconstpointer  data)
{
  const char *titles[] = { "A", "B", "Boom", "C", "D" };
  BatchState state = { 0, 0, NULL };
  sqlite3 *lock = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock,
                                 "CREATE TRIGGER boom BEFORE INSERT ON episodes WHEN new.title = 'boom'"
                                 " BEGIN SELECT RAISE (ABORT, 'boom'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  /* Holding the write lock while queueing: the worker waits, and what queued
   * meanwhile goes into one batch. */
  g_assert_cmpint (sqlite3_exec (lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/%s", titles[i]);
      LwFeed *feed = lw_test_feed_new (titles[i], 3);

      /* The show row and two episodes are written before the third fails. */
      if (g_str_equal (titles[i], "Boom"))
        lw_test_feed_add (feed, "boom", "boom", "https://cdn.example.org/boom.mp3", 10);

      state.pending++;
      lw_library_merge_feed_async (fixture->library, url, feed, NULL, NULL, batch_merged_cb, &state);
    }
  g_usleep (50 * 1000);
  g_assert_cmpint (sqlite3_exec (lock, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lock);

  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (state.failed, ==, 1);
  g_assert_error (state.error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_FAILED);
  g_assert_nonnull (strstr (state.error->message, "Boom"));
  g_clear_error (&state.error);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/%s", titles[i]);
      g_autoptr(LwShow) show = lw_library_lookup_show_by_url (fixture->library, url);

      if (g_str_equal (titles[i], "Boom"))
        {
          g_assert_null (show);
          continue;
        }

      g_assert_nonnull (show);
      g_assert_cmpstr (lw_show_get_title (show), ==, titles[i]);
      g_assert_cmpuint (lw_show_get_episode_count (show), ==, 3);
    }

  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM shows"), ==, 4);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes"), ==, 12);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episode_state"), ==, 12);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes_fts WHERE episodes_fts MATCH 'boom'"), ==, 0);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
}

/* What the worker committed, seen from a second connection: polled without
 * iterating the main context, as a caller busy with other work would. */
static void
wait_for_commit (const char *path,
                 const char *sql,
                 gint64      expected)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (lw_test_query_int (path, sql) != expected)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2 * 1000);
    }

  /* Long enough for the worker to hand the result back. */
  g_usleep (200 * 1000);
}

typedef struct
{
  GThread *main_thread;
  guint    changes;
  guint    off_thread;
} ThreadWatch;

static void
on_items_changed_thread (GListModel  *model,
                         guint        position,
                         guint        removed,
                         guint        added,
                         ThreadWatch *watch)
{
  watch->changes++;
  if (g_thread_self () != watch->main_thread)
    watch->off_thread++;
}

/* The sequence that failed one run in three: a view holds a lazy list with live
 * episodes, a refresh finishes on the worker while the main thread is not
 * iterating its context, and the main thread unsubscribes the show. The result
 * used to be handed back with g_main_context_invoke(), which ran it on the
 * worker itself whenever it could acquire the idle context: the main thread's
 * connection was used from two threads at once ("database disk image is
 * malformed" from the removal), and the callback got the id of a show that was
 * gone. */
static void
test_async_merge_handoff (LwTestFixture *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Held", 300);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(LwEpisode) first = NULL;
  g_autoptr(LwEpisode) held = NULL;
  g_autoptr(LwShow) gone = NULL;
  g_autofree char *count_sql = NULL;
  AsyncState state = { fixture->library, NULL, order, NULL, 0, 0 };
  ThreadWatch watch = { g_thread_self (), 0, 0 };
  GListModel *models[3];
  gint64 show_id;
  gint64 held_id;
  guint writes = 0;
  gboolean removed;

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/held", feed, NULL, &error);
  g_assert_no_error (error);
  count_sql = g_strdup_printf ("SELECT count(*) FROM episodes WHERE show_id = %" G_GINT64_FORMAT, show_id);

  /* As a view does: the lists, and a page of live episodes. */
  episodes = lw_library_get_episodes (fixture->library, show_id);
  all = lw_library_get_episodes (fixture->library, 0);
  first = g_list_model_get_item (episodes, 0);
  held = g_list_model_get_item (episodes, 299);
  held_id = lw_episode_get_id (held);
  models[0] = episodes;
  models[1] = all;
  models[2] = lw_library_get_shows (fixture->library);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    g_signal_connect (models[i], "items-changed", G_CALLBACK (on_items_changed_thread), &watch);

  /* The main thread writes while a big merge runs, without iterating: each write
   * waits for the worker's lock, and nothing runs on the worker but the SQL. */
  state.pending++;
  lw_library_merge_feed_async (fixture->library, "https://example.org/other",
                               lw_test_feed_new ("Other", 3000), NULL, NULL, merged_cb, &state);
  while (lw_test_query_int (fixture->path, "SELECT count(*) FROM shows") < 2)
    {
      gboolean saved = lw_library_set_episode_position (fixture->library, held_id, 1000 + writes, &error);

      g_assert_no_error (error);
      g_assert_true (saved);
      writes++;
    }
  wait_for_commit (fixture->path, "SELECT count(*) FROM episodes", 3300);
  g_test_message ("position writes during the merge: %u", writes);
  g_assert_cmpuint (watch.off_thread, ==, 0);
  /* The merge's list updates wait for this thread's context. */
  g_assert_cmpuint (state.pending, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 300);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3300);
  g_assert_cmpint (lw_episode_get_position (held), ==, 1000 + writes - 1);

  /* The refresh commits; its result waits for this thread's context. */
  watch.changes = 0;
  state.pending++;
  lw_library_refresh_show_async (fixture->library, show_id, "https://example.org/held",
                                 lw_test_feed_new ("Held", 2), NULL, NULL, merged_cb, &state);
  /* 2 from the feed, and the one with a position, which the merge keeps. */
  wait_for_commit (fixture->path, count_sql, 3);
  g_assert_cmpuint (state.pending, ==, 1);
  g_assert_cmpuint (watch.changes, ==, 0);
  g_assert_cmpuint (watch.off_thread, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 300);

  /* Unsubscribed meanwhile, on the main thread. */
  removed = lw_library_remove_show (fixture->library, show_id, &error);
  g_assert_no_error (error);
  g_assert_true (removed);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);

  /* The refresh reports the show as gone rather than an id nobody knows. */
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&state.error);
  gone = lw_library_lookup_show (fixture->library, show_id);
  g_assert_null (gone);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3000);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->library)), ==, 1);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM shows"), ==, 1);
  g_assert_cmpuint (watch.off_thread, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    g_signal_handlers_disconnect_by_data (models[i], &watch);
}

typedef struct
{
  LwLibrary  *library;
  GListModel *list;
  gint64      write_id;
  guint       calls;
  GError     *error;
} Reenter;

/* A view that reacts to a change by reading more of a list and saving. */
static void
on_title_reenter (LwEpisode  *episode,
                  GParamSpec *pspec,
                  Reenter    *reenter)
{
  g_autoptr(LwEpisode) other = NULL;

  if (reenter->calls++ > 0)
    return;

  /* Not live yet (only the first two pages and the last one are): reads a page
   * with the statement the library is stepping. */
  other = g_list_model_get_item (reenter->list, 2 * LW_LIBRARY_PAGE_SIZE + 4);
  /* The stored episode, not the empty stand-in for one that is gone. */
  g_assert_cmpstr (lw_episode_get_guid (other), ==, "Lazy-132");
  lw_library_set_episode_played (reenter->library, reenter->write_id, TRUE, &reenter->error);
}

/* Notifications of live episodes come after the library's statement is reset.
 * They used to come while it stepped: a handler reading another page of a lazy
 * list reused that cached statement mid-step (its binds fail then) and got an
 * empty stand-in episode, and a write from a handler ran under the open read
 * transaction, where SQLite gives SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT at once
 * whenever the merge worker is writing or has just committed. */
static void
test_notify_reentry (LwTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Lazy", 200);
  g_autoptr(LwFeed) renamed = lw_test_feed_new ("Lazy", 200);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(LwEpisode) written = NULL;
  Reenter reenter = { fixture->library, NULL, 0, 0, NULL };
  gint64 show_id;

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/lazy", feed, NULL, &error);
  g_assert_no_error (error);
  episodes = lw_library_get_episodes (fixture->library, show_id);
  reenter.list = episodes;

  /* Two pages live, as a view scrolled down holds them. */
  for (guint i = 0; i < 2 * LW_LIBRARY_PAGE_SIZE; i++)
    {
      LwEpisode *episode = g_list_model_get_item (episodes, i);

      g_signal_connect (episode, "notify::title", G_CALLBACK (on_title_reenter), &reenter);
      g_ptr_array_add (held, episode);
    }
  written = g_list_model_get_item (episodes, 199);
  reenter.write_id = lw_episode_get_id (written);

  for (guint i = 0; i < renamed->items->len; i++)
    {
      LwFeedItem *item = g_ptr_array_index (renamed->items, i);

      g_free (item->title);
      item->title = g_strdup_printf ("Renamed %u", i);
    }
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/lazy", renamed, NULL, &error),
                   ==, show_id);
  g_assert_no_error (error);

  g_assert_no_error (reenter.error);
  g_assert_cmpuint (reenter.calls, ==, held->len);
  g_assert_true (lw_episode_get_played (written));
  for (guint i = 0; i < held->len; i++)
    g_assert_true (g_str_has_prefix (lw_episode_get_title (g_ptr_array_index (held, i)), "Renamed"));

  for (guint i = 0; i < held->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (held, i), &reenter);
}

/* Lazy lists */

static void
on_notify_count (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_lazy_list (LwTestFixture *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Lazy", 200);
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(LwEpisode) first = NULL;
  g_autoptr(LwEpisode) far = NULL;
  LwFeedItem *item;
  guint notes_changed = 0;
  gint64 show_id, far_id;

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/lazy", feed, NULL, &error);
  g_assert_no_error (error);
  far_id = lw_test_episode_id (fixture->library, show_id, "Lazy-150");

  episodes = lw_library_get_episodes (fixture->library, show_id);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 200);
  g_assert_true (g_list_model_get_item_type (episodes) == LW_TYPE_EPISODE);
  g_assert_null (g_list_model_get_item (episodes, 200));

  /* Nothing is built before it is asked for; then a page of rows at once. */
  g_assert_null (lw_library_peek_episode (fixture->library, far_id));
  first = g_list_model_get_item (episodes, 0);
  g_assert_cmpstr (lw_episode_get_guid (first), ==, "Lazy-0");
  {
    g_autoptr(LwEpisode) neighbour = lw_library_peek_episode (fixture->library,
                                                              lw_test_episode_id (fixture->library, show_id, "Lazy-10"));

    g_assert_nonnull (neighbour);
  }
  g_assert_null (lw_library_peek_episode (fixture->library, far_id));

  far = g_list_model_get_item (episodes, 150);
  g_assert_cmpint (lw_episode_get_id (far), ==, far_id);

  /* The notes come from the file when asked for, and follow merges after that. */
  g_assert_cmpstr (lw_episode_get_notes_html (first), ==,
                   "<p>Show notes of <b>Lazy</b>, episode 0, with a <a href=\"https://example.org/0\">link</a>.</p>");
  g_signal_connect (first, "notify::notes-html", G_CALLBACK (on_notify_count), &notes_changed);
  item = g_ptr_array_index (feed->items, 0);
  g_free (item->notes_html);
  item->notes_html = g_strdup ("<p>Corrected notes</p>");
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/lazy", feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  g_assert_cmpuint (notes_changed, ==, 1);
  g_assert_cmpstr (lw_episode_get_notes_html (first), ==, "<p>Corrected notes</p>");
  g_signal_handlers_disconnect_by_data (first, &notes_changed);

  /* Removed notes are removed. */
  g_clear_pointer (&item->notes_html, g_free);
  lw_library_merge_feed (fixture->library, "https://example.org/lazy", feed, NULL, &error);
  g_assert_null (lw_episode_get_notes_html (first));
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episode_notes"), ==, 199);

  /* A list that outlives its library empties. */
  g_assert_finalize_object (g_steal_pointer (&fixture->library));
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);
}

/* Another process */

static void
on_notify_played (LwEpisode  *episode,
                  GParamSpec *pspec,
                  guint      *count)
{
  (*count)++;
}

static void
test_external_changes (LwTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Existing", 2);
  g_autoptr(LwFeed) added = lw_test_feed_new ("Added by the CLI", 1);
  g_autoptr(LwLibrary) cli = NULL;
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(LwEpisode) episode = NULL;
  GListModel *shows = lw_library_get_shows (fixture->library);
  guint played_notes = 0;
  gint64 show_id;

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/existing", feed, NULL, &error);
  g_assert_no_error (error);
  episodes = lw_library_get_episodes (fixture->library, show_id);
  episode = lw_library_lookup_episode (fixture->library, lw_test_episode_id (fixture->library, show_id, "Existing-0"));
  g_signal_connect (episode, "notify::played", G_CALLBACK (on_notify_played), &played_notes);
  g_assert_false (lw_library_reload_if_changed (fixture->library));

  /* longwave-cli, in its own connection. */
  cli = lw_library_new (fixture->path, &error);
  g_assert_no_error (error);
  lw_library_merge_feed (cli, "https://example.org/added", added, NULL, &error);
  lw_test_feed_prepend (feed, "Existing-new", "Newer", "https://cdn.example.org/new.mp3", 1800000000);
  lw_library_merge_feed (cli, "https://example.org/existing", feed, NULL, &error);
  lw_library_set_episode_played (cli, lw_episode_get_id (episode), TRUE, &error);
  g_assert_no_error (error);

  /* The app notices on its own, within its 2 s check. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (shows) < 2 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 3);
  g_assert_true (lw_episode_get_played (episode));
  g_assert_cmpuint (played_notes, ==, 1);
  g_assert_false (lw_library_reload_if_changed (fixture->library));

  /* Unsubscribed elsewhere. */
  g_assert_true (lw_library_remove_show (cli, show_id, &error));
  g_assert_true (lw_library_reload_if_changed (fixture->library));
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/library/lists/queue", LwTestFixture, NULL, lw_test_fixture_set_up, test_queue, lw_test_fixture_tear_down);
  g_test_add ("/library/lists/new-and-in-progress", LwTestFixture, NULL, lw_test_fixture_set_up, test_new_and_in_progress, lw_test_fixture_tear_down);
  g_test_add ("/library/search", LwTestFixture, NULL, lw_test_fixture_set_up, test_search, lw_test_fixture_tear_down);
  g_test_add ("/library/search/notes", LwTestFixture, NULL, lw_test_fixture_set_up, test_search_notes, lw_test_fixture_tear_down);
  g_test_add_func ("/library/search/migrated", test_search_migrated);
  g_test_add ("/library/async-merge", LwTestFixture, NULL, lw_test_fixture_set_up, test_async_merge, lw_test_fixture_tear_down);
  g_test_add ("/library/async-merge-batch-failure", LwTestFixture, NULL, lw_test_fixture_set_up, test_async_merge_batch_failure, lw_test_fixture_tear_down);
  g_test_add ("/library/async-merge-handoff", LwTestFixture, NULL, lw_test_fixture_set_up, test_async_merge_handoff, lw_test_fixture_tear_down);
  g_test_add ("/library/notify-reentry", LwTestFixture, NULL, lw_test_fixture_set_up, test_notify_reentry, lw_test_fixture_tear_down);
  g_test_add ("/library/lazy-list", LwTestFixture, NULL, lw_test_fixture_set_up, test_lazy_list, lw_test_fixture_tear_down);
  g_test_add ("/library/external-changes", LwTestFixture, NULL, lw_test_fixture_set_up, test_external_changes, lw_test_fixture_tear_down);

  return g_test_run ();
}
