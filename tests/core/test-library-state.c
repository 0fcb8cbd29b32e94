/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-library-state"

#include "config.h"

#include "core/lw-library.h"
#include "library-fixtures.h"

/* lw_library_set_show_played(): one show, every episode, nothing else. */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_show_played (LwTestFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LwFeed *feed;
  LwHttpCache cache = { NULL, NULL };
  gint64 show_a;
  gint64 show_b;
  g_autoptr(LwShow) a = NULL;
  g_autoptr(LwShow) b = NULL;
  g_autoptr(LwEpisode) held = NULL;
  g_autoptr(LwEpisode) started = NULL;
  g_autoptr(GListModel) in_progress = lw_library_get_in_progress (fixture->library);
  guint notified = 0;

  feed = lw_test_feed_new ("A", 300);
  show_a = lw_library_merge_feed (fixture->library, "https://a.example.org/feed", feed, &cache, &error);
  g_assert_no_error (error);
  lw_feed_free (feed);
  feed = lw_test_feed_new ("B", 5);
  show_b = lw_library_merge_feed (fixture->library, "https://b.example.org/feed", feed, &cache, &error);
  g_assert_no_error (error);
  lw_feed_free (feed);

  a = lw_library_lookup_show (fixture->library, show_a);
  b = lw_library_lookup_show (fixture->library, show_b);
  g_assert_cmpuint (lw_show_get_unplayed_count (a), ==, 300);

  /* A row on screen holds one episode; another one is half heard. */
  held = lw_library_lookup_episode (fixture->library, lw_test_episode_id (fixture->library, show_a, "A-150"));
  g_signal_connect (held, "notify::played", G_CALLBACK (count_notify), &notified);
  started = lw_library_lookup_episode (fixture->library, lw_test_episode_id (fixture->library, show_a, "A-7"));
  g_assert_true (lw_library_set_episode_position (fixture->library, lw_episode_get_id (started), 5000, &error));
  g_assert_true (lw_library_set_episode_played (fixture->library,
                                                lw_test_episode_id (fixture->library, show_a, "A-3"), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (in_progress), ==, 1);

  g_assert_true (lw_library_set_show_played (fixture->library, show_a, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (lw_show_get_unplayed_count (a), ==, 0);
  g_assert_cmpuint (lw_show_get_unplayed_count (b), ==, 5);
  g_assert_true (lw_episode_get_played (held));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (lw_episode_get_played (started));
  g_assert_cmpint (lw_episode_get_position (started), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (in_progress), ==, 0);
  g_assert_cmpint (lw_test_query_int (fixture->path,
                                      "SELECT count(*) FROM episode_state WHERE played = 1"), ==, 300);

  /* Again: nothing to change, nothing said. */
  g_assert_true (lw_library_set_show_played (fixture->library, show_a, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);

  g_assert_true (lw_library_set_show_played (fixture->library, show_a, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_show_get_unplayed_count (a), ==, 300);
  g_assert_false (lw_episode_get_played (held));
  g_assert_cmpuint (notified, ==, 2);

  /* A show with one episode goes through the same path. */
  feed = lw_test_feed_new ("C", 1);
  {
    gint64 show_c = lw_library_merge_feed (fixture->library, "https://c.example.org/feed", feed, &cache, &error);
    g_autoptr(LwShow) c = lw_library_lookup_show (fixture->library, show_c);

    g_assert_no_error (error);
    g_assert_true (lw_library_set_show_played (fixture->library, show_c, TRUE, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (lw_show_get_unplayed_count (c), ==, 0);
  }
  lw_feed_free (feed);

  g_assert_false (lw_library_set_show_played (fixture->library, 424242, TRUE, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
  g_assert_cmpuint (lw_show_get_unplayed_count (b), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/library-state/show-played", LwTestFixture, NULL,
              lw_test_fixture_set_up, test_show_played, lw_test_fixture_tear_down);

  return g_test_run ();
}
