/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "player-fixture.h"


/* Waiting ------------------------------------------------------------------------- */

gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}


/* Lets the main context run for @ms of wall time. */
void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Set-up ------------------------------------------------------------------------- */

char *
tone_uri (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "playback", name, NULL);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  return g_filename_to_uri (path, NULL, NULL);
}

LwFeedItem *
feed_item (const char *guid,
           const char *title,
           const char *uri,
           const char *type,
           gint64      duration)
{
  LwFeedItem *item = lw_feed_item_new ();
  LwEnclosure *enclosure = lw_enclosure_new ();

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->published = 1700000000 - g_str_hash (guid) % 1000;
  item->duration = duration;
  enclosure->url = g_strdup (uri);
  enclosure->type = g_strdup (type);
  g_ptr_array_add (item->enclosures, enclosure);

  return item;
}

gint64
find_episode (LwLibrary  *library,
              gint64      show_id,
              const char *guid)
{
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, show_id);

  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

      if (g_strcmp0 (lw_episode_get_guid (episode), guid) == 0)
        return lw_episode_get_id (episode);
    }

  g_assert_not_reached ();
}

void
on_unexpected_error (LwPlayer *player,
                     GError   *error,
                     Fixture  *fixture)
{
  g_error ("Unexpected player error: %s", error->message);
}

void
on_error (LwPlayer *player,
          GError   *error,
          Fixture  *fixture)
{
  g_clear_error (&fixture->error);
  fixture->error = g_error_copy (error);
}

void
on_finished (LwPlayer *player,
             Fixture  *fixture)
{
  fixture->n_finished++;
}

LwPlayer *
new_player (Fixture  *fixture,
            gboolean  expect_error)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  LwPlayer *player;

  g_assert_nonnull (sink);
  g_object_set (sink, "sync", TRUE, NULL);

  player = lw_player_new (fixture->library, sink);
  g_signal_connect (player, "error",
                    expect_error ? G_CALLBACK (on_error) : G_CALLBACK (on_unexpected_error),
                    fixture);
  g_signal_connect (player, "finished", G_CALLBACK (on_finished), fixture);

  return player;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_new ();
  g_autofree char *mp3 = tone_uri ("test-tone.mp3");
  g_autofree char *opus = tone_uri ("test-tone.opus");
  g_autofree char *missing_path = NULL;
  g_autofree char *missing = NULL;
  gint64 show_id;

  fixture->tmpdir = g_dir_make_tmp ("longwave-player-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->tmpdir, "library.db", NULL);
  missing_path = g_build_filename (fixture->tmpdir, "gone.mp3", NULL);
  missing = g_filename_to_uri (missing_path, NULL, NULL);

  fixture->library = lw_library_new (fixture->db_path, &error);
  g_assert_no_error (error);

  feed->title = g_strdup ("Test Tones");
  feed->author = g_strdup ("Longwave");
  /* The feed says 9 s: the player must prefer the stream's 10 s once it knows. */
  g_ptr_array_add (feed->items, feed_item ("mp3", "Tone in MP3", mp3, "audio/mpeg", 9));
  g_ptr_array_add (feed->items, feed_item ("opus", "Tone in Opus", opus, "audio/ogg", LW_UNKNOWN));
  g_ptr_array_add (feed->items, feed_item ("gone", "Deleted download", missing, "audio/mpeg", 10));

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/tones.xml", feed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (show_id, >, 0);

  fixture->mp3_id = find_episode (fixture->library, show_id, "mp3");
  fixture->opus_id = find_episode (fixture->library, show_id, "opus");
  fixture->missing_id = find_episode (fixture->library, show_id, "gone");
}

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->player != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_clear_object (&fixture->library);
  g_clear_error (&fixture->error);
  remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->db_path);
}

/* What the database file holds, read through a second LwLibrary. */
LwEpisode *
stored_episode (Fixture *fixture,
                gint64   episode_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = lw_library_new (fixture->db_path, &error);
  LwEpisode *episode;

  g_assert_no_error (error);
  episode = lw_library_lookup_episode (library, episode_id);
  g_assert_nonnull (episode);

  return episode;
}

gint64
stored_position (Fixture *fixture,
                 gint64   episode_id)
{
  g_autoptr(LwEpisode) episode = stored_episode (fixture, episode_id);

  return lw_episode_get_position (episode);
}

gboolean
stored_played (Fixture *fixture,
               gint64   episode_id)
{
  g_autoptr(LwEpisode) episode = stored_episode (fixture, episode_id);

  return lw_episode_get_played (episode);
}

void
load (Fixture *fixture,
      gint64   episode_id)
{
  g_autoptr(LwEpisode) episode = lw_library_lookup_episode (fixture->library, episode_id);

  g_assert_nonnull (episode);
  lw_player_load (fixture->player, episode);
  g_assert_true (lw_player_get_episode (fixture->player) == episode);
}

void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}


int
filter_sample_rate (LwPlayer *player)
{
  g_autoptr(GstElement) pipeline = lw_player_dup_pipeline (player);
  g_autoptr(GstElement) filter = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstCaps) caps = NULL;
  int sample_rate = 0;

  g_object_get (pipeline, "audio-filter", &filter, NULL);
  g_assert_nonnull (filter);
  g_assert_cmpstr (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (gst_element_get_factory (filter))), ==, "scaletempo");
  pad = gst_element_get_static_pad (filter, "sink");
  caps = gst_pad_get_current_caps (pad);
  if (caps != NULL)
    gst_structure_get_int (gst_caps_get_structure (caps, 0), "rate", &sample_rate);

  return sample_rate;
}
