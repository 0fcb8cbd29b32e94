/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "player-fixture.h"

/* Real GStreamer on audio generated in the build, into a fakesink that syncs to the
 * clock: positions move in real time without a sound server. Real LwLibrary on an
 * SQLite file in a temporary directory. Every wait is bounded. */

/* Tests -------------------------------------------------------------------------- */

static void
test_play_pause (Fixture       *fixture,
                 gconstpointer  user_data)
{
  gint64 before, after, paused_at;
  gint64 start;

  fixture->player = new_player (fixture, FALSE);
  g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_STOPPED);

  load (fixture, fixture->mp3_id);
  g_assert_nonnull (lw_player_get_show (fixture->player));
  g_assert_cmpstr (lw_show_get_title (lw_player_get_show (fixture->player)), ==, "Test Tones");
  /* The feed's duration until the stream knows better. */
  g_assert_cmpint (lw_player_get_duration (fixture->player), ==, 9000);

  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  WAIT_FOR (lw_player_get_duration (fixture->player) != 9000, 5000);
  g_assert_cmpint (labs (lw_player_get_duration (fixture->player) - TONE_MS), <, 100);
  g_assert_cmpint (POSITION (fixture), ==, 0);

  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  start = g_get_monotonic_time ();
  before = POSITION (fixture);
  run_for (1000);
  after = POSITION (fixture);
  g_assert_cmpint (after - before, >=, 700);
  g_assert_cmpint (after - before, <=, (g_get_monotonic_time () - start) / 1000 + 300);

  lw_player_pause (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  paused_at = POSITION (fixture);
  g_assert_cmpint (paused_at, >=, after);

  /* Paused means still: and what is on disk is where it stopped. */
  run_for (500);
  g_assert_cmpint (POSITION (fixture), ==, paused_at);
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), ==, paused_at);

  lw_player_play_pause (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  lw_player_play_pause (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), >=, paused_at);
}

static void
test_seek (Fixture       *fixture,
           gconstpointer  user_data)
{
  gint64 position;

  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);

  lw_player_seek (fixture->player, 6000);
  g_assert_cmpint (POSITION (fixture), ==, 6000);
  /* A seek is saved at once. */
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), ==, 6000);

  run_for (300);
  g_assert_cmpint (labs (POSITION (fixture) - 6000), <, 50);

  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (500);
  position = POSITION (fixture);
  g_assert_cmpint (position, >=, 6300);
  g_assert_cmpint (position, <, 7500);

  /* Seeking while playing, and skipping both ways. */
  lw_player_seek (fixture->player, 2000);
  run_for (300);
  g_assert_cmpint (POSITION (fixture), >=, 2000);
  g_assert_cmpint (POSITION (fixture), <, 2800);

  lw_player_pause (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  position = POSITION (fixture);
  lw_player_skip (fixture->player, -10000);
  g_assert_cmpint (POSITION (fixture), ==, 0);
  lw_player_skip (fixture->player, 30000);
  g_assert_cmpint (POSITION (fixture), ==, lw_player_get_duration (fixture->player));
  lw_player_seek (fixture->player, position);
  run_for (300);
  g_assert_cmpint (labs (POSITION (fixture) - position), <, 50);
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), ==, position);
}

static void
on_position_notify (LwPlayer   *player,
                    GParamSpec *pspec,
                    GArray     *positions)
{
  gint64 position = lw_player_get_position (player);

  g_array_append_val (positions, position);
}

/* A seek asked for while another is still on its way (two clicks on +30 s, MPRIS
 * Seek then SetPosition): GStreamer finishes the first before it starts the
 * second, and says where the first landed; the player stays with the second. */
static void
test_seek_twice (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (gint64));

  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  run_for (300);

  /* Between the two, GStreamer's own thread starts the first seek (without the main
   * loop running, which would hear that it is done). */
  for (guint round = 0; round < 6; round++)
    {
      lw_player_seek (fixture->player, 2000);
      g_usleep (round * 2000);
      lw_player_seek (fixture->player, 6000);
      g_signal_connect (fixture->player, "notify::position", G_CALLBACK (on_position_notify), positions);
      run_for (400);
      g_signal_handlers_disconnect_by_func (fixture->player, on_position_notify, positions);

      for (guint i = 0; i < positions->len; i++)
        g_assert_cmpint (labs (g_array_index (positions, gint64, i) - 6000), <, 50);
      g_assert_cmpint (labs (POSITION (fixture) - 6000), <, 50);
      g_array_set_size (positions, 0);
      lw_player_seek (fixture->player, 0);
      run_for (300);
    }
}

/* Media time against wall time over @ms of playing. */
static double
measure_speed (Fixture *fixture,
               guint    ms)
{
  gint64 start_time = g_get_monotonic_time ();
  gint64 start_position = POSITION (fixture);

  run_for (ms);

  return (double) (POSITION (fixture) - start_position) * 1000 / (g_get_monotonic_time () - start_time);
}

static void
test_rate (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) filter = NULL;
  guint n_rate_notify = 0;
  double speed;

  fixture->player = new_player (fixture, FALSE);
  g_signal_connect (fixture->player, "notify::rate", G_CALLBACK (count_notify), &n_rate_notify);

  /* GstPlay's scaletempo is what keeps the pitch: nothing may replace it. */
  g_object_get (fixture->player, "audio-sink", &filter, NULL);
  g_assert_nonnull (filter);
  g_clear_object (&filter);

  load (fixture, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  WAIT_FOR (labs (lw_player_get_duration (fixture->player) - TONE_MS) < 100, 5000);

  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (300);

  lw_player_set_rate (fixture->player, 2.0);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 2.0);
  g_assert_cmpuint (n_rate_notify, ==, 1);
  lw_player_set_rate (fixture->player, 2.0);
  g_assert_cmpuint (n_rate_notify, ==, 1);

  /* Let the rate seek settle, then measure media time against wall time. */
  run_for (400);
  speed = measure_speed (fixture, 2000);
  g_test_message ("position advanced %.2fx wall time at rate 2.0", speed);
  g_assert_cmpfloat (speed, >, 1.75);
  g_assert_cmpfloat (speed, <, 2.25);

  /* Duration is media time: the speed does not shorten it. */
  g_assert_cmpint (labs (lw_player_get_duration (fixture->player) - TONE_MS), <, 100);

  pipeline = lw_player_dup_pipeline (fixture->player);
  g_object_get (pipeline, "audio-filter", &filter, NULL);
  g_assert_nonnull (filter);
  g_assert_cmpstr (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (gst_element_get_factory (filter))), ==, "scaletempo");

  lw_player_set_rate (fixture->player, 5.0);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, LW_PLAYER_MAX_RATE);
  lw_player_set_rate (fixture->player, 0.1);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, LW_PLAYER_MIN_RATE);
  g_assert_cmpuint (n_rate_notify, ==, 3);
}

static void
test_rate_before_load (Fixture       *fixture,
                       gconstpointer  user_data)
{
  double speed;

  /* The speed chosen before an episode is loaded applies to it (GstPlay starts each
   * URI at 1.0 by itself). */
  fixture->player = new_player (fixture, FALSE);
  lw_player_set_rate (fixture->player, 1.5);
  load (fixture, fixture->opus_id);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (300);

  speed = measure_speed (fixture, 2000);
  g_test_message ("position advanced %.2fx wall time at rate 1.5", speed);
  g_assert_cmpfloat (speed, >, 1.3);
  g_assert_cmpfloat (speed, <, 1.7);
}

static void
test_volume (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GstElement) pipeline = NULL;
  guint n_notify = 0;
  double volume;

  fixture->player = new_player (fixture, FALSE);
  g_signal_connect (fixture->player, "notify::volume", G_CALLBACK (count_notify), &n_notify);
  g_assert_cmpfloat (lw_player_get_volume (fixture->player), ==, 1.0);

  load (fixture, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);

  lw_player_set_volume (fixture->player, 0.25);
  lw_player_set_volume (fixture->player, 0.25);
  g_assert_cmpuint (n_notify, ==, 1);
  g_assert_cmpfloat (lw_player_get_volume (fixture->player), ==, 0.25);

  pipeline = lw_player_dup_pipeline (fixture->player);
  g_object_get (pipeline, "volume", &volume, NULL);
  g_assert_cmpfloat_with_epsilon (volume, 0.25, 0.001);

  lw_player_set_volume (fixture->player, 7.0);
  g_assert_cmpfloat (lw_player_get_volume (fixture->player), ==, 1.0);
  g_assert_cmpuint (n_notify, ==, 2);
}

static void
test_resume (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 saved;

  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  lw_player_seek (fixture->player, 4000);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (700);
  g_assert_cmpint (POSITION (fixture), >=, 4500);

  /* Quit: the player saves on dispose; everything is dropped, as after a restart. */
  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_assert_finalize_object (g_steal_pointer (&fixture->library));

  saved = stored_position (fixture, fixture->mp3_id);
  g_assert_cmpint (saved, >=, 4500);
  g_assert_cmpint (saved, <, 6000);

  fixture->library = lw_library_new (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  g_assert_cmpint (POSITION (fixture), ==, saved);

  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  run_for (300);
  g_assert_cmpint (labs (POSITION (fixture) - saved), <, 50);

  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (300);
  g_assert_cmpint (POSITION (fixture), >=, saved);
  g_assert_cmpint (POSITION (fixture), <, saved + 1000);
}

static void
test_periodic_save (Fixture       *fixture,
                    gconstpointer  user_data)
{
  gint64 first;

  fixture->player = new_player (fixture, FALSE);
  g_object_set (fixture->player, "save-interval", 1, NULL);
  load (fixture, fixture->opus_id);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);

  /* No pause, no seek: only the timer writes. */
  WAIT_FOR (stored_position (fixture, fixture->opus_id) > 0, 3000);
  first = stored_position (fixture, fixture->opus_id);
  WAIT_FOR (stored_position (fixture, fixture->opus_id) >= first + 800, 3000);
}

static void
test_load_saves_previous (Fixture       *fixture,
                          gconstpointer  user_data)
{
  gint64 position;

  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  lw_player_play (fixture->player);
  WAIT_FOR (POSITION (fixture) >= 1000, 5000);

  load (fixture, fixture->opus_id);
  position = stored_position (fixture, fixture->mp3_id);
  g_assert_cmpint (position, >=, 1000);
  g_assert_cmpint (position, <, 2500);
  g_assert_cmpint (POSITION (fixture), ==, 0);

  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  WAIT_FOR (labs (lw_player_get_duration (fixture->player) - TONE_MS) < 100, 5000);

  /* Stop keeps the episode and where it was. */
  lw_player_play (fixture->player);
  WAIT_FOR (POSITION (fixture) >= 500, 5000);
  lw_player_stop (fixture->player);
  g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_STOPPED);
  position = POSITION (fixture);
  g_assert_cmpint (stored_position (fixture, fixture->opus_id), ==, position);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (300);
  g_assert_cmpint (POSITION (fixture), >=, position);
}

static void
test_finished (Fixture       *fixture,
               gconstpointer  user_data)
{
  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  lw_player_seek (fixture->player, TONE_MS - 1500);
  lw_player_play (fixture->player);

  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_true (stored_played (fixture, fixture->mp3_id));
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), ==, 0);
  g_assert_cmpint (POSITION (fixture), ==, 0);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_STOPPED, 5000);

  /* Nothing writes a position over the played mark afterwards. */
  lw_player_save_position (fixture->player);
  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_assert_true (stored_played (fixture, fixture->mp3_id));
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), ==, 0);
}

static void
queue (Fixture *fixture,
       gint64   episode_id)
{
  g_autoptr(GError) error = NULL;

  lw_library_queue_add (fixture->library, episode_id, -1, &error);
  g_assert_no_error (error);
}

static void
test_queue (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GListModel) up_next = lw_library_get_queue (fixture->library);
  guint n_has_next = 0;

  fixture->player = new_player (fixture, FALSE);
  g_signal_connect (fixture->player, "notify::has-next", G_CALLBACK (count_notify), &n_has_next);
  g_assert_false (lw_player_get_has_next (fixture->player));
  g_assert_false (lw_player_next (fixture->player));

  /* The current episode queued too does not count as next. */
  queue (fixture, fixture->mp3_id);
  g_assert_true (lw_player_get_has_next (fixture->player));
  load (fixture, fixture->mp3_id);
  g_assert_false (lw_player_get_has_next (fixture->player));
  queue (fixture, fixture->opus_id);
  g_assert_true (lw_player_get_has_next (fixture->player));
  g_assert_cmpuint (n_has_next, ==, 3);

  /* At the end: marked played, out of the queue, and the next one plays. */
  lw_player_seek (fixture->player, TONE_MS - 1000);
  lw_player_play (fixture->player);
  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_true (stored_played (fixture, fixture->mp3_id));
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (fixture->player)), ==, fixture->opus_id);
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 0);
  g_assert_false (lw_player_get_has_next (fixture->player));
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  WAIT_FOR (POSITION (fixture) >= 300, 3000);

  /* Next by hand: keeps playing, and saves where the skipped one was. */
  queue (fixture, fixture->mp3_id);
  g_assert_true (lw_player_next (fixture->player));
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (fixture->player)), ==, fixture->mp3_id);
  g_assert_cmpint (stored_position (fixture, fixture->opus_id), >=, 300);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (up_next), ==, 0);
}

static double
pipeline_volume (Fixture *fixture)
{
  g_autoptr(GstElement) pipeline = lw_player_dup_pipeline (fixture->player);
  double volume;

  g_object_get (pipeline, "volume", &volume, NULL);

  return volume;
}

static void
test_sleep_timer (Fixture       *fixture,
                  gconstpointer  user_data)
{
  guint n_remaining = 0;
  gint64 paused_at;

  fixture->player = new_player (fixture, FALSE);
  g_object_set (fixture->player, "fade-duration", 1000, NULL);
  g_signal_connect (fixture->player, "notify::sleep-remaining", G_CALLBACK (count_notify), &n_remaining);
  lw_player_set_volume (fixture->player, 0.8);
  load (fixture, fixture->opus_id);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);

  lw_player_set_sleep_timer (fixture->player, 3);
  g_assert_cmpuint (lw_player_get_sleep_remaining (fixture->player), ==, 3);

  /* It counts down, fades out in its last second, then pauses. */
  WAIT_FOR (lw_player_get_sleep_remaining (fixture->player) == 2, 3000);
  g_assert_cmpfloat_with_epsilon (pipeline_volume (fixture), 0.8, 0.001);
  WAIT_FOR (pipeline_volume (fixture) < 0.4, 2000);
  g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_PLAYING);
  g_assert_cmpfloat (lw_player_get_volume (fixture->player), ==, 0.8);

  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 2000);
  paused_at = POSITION (fixture);
  g_assert_cmpint (paused_at, >=, 2500);
  g_assert_cmpint (stored_position (fixture, fixture->opus_id), ==, paused_at);
  g_assert_cmpuint (lw_player_get_sleep_remaining (fixture->player), ==, 0);
  /* 3, 2, 1, 0: once each. */
  g_assert_cmpuint (n_remaining, ==, 4);

  /* Waking up: the volume is back. */
  g_assert_cmpfloat_with_epsilon (pipeline_volume (fixture), 0.8, 0.001);

  /* Cancelled, nothing happens. */
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  lw_player_set_sleep_timer (fixture->player, 1);
  lw_player_set_sleep_timer (fixture->player, 0);
  run_for (1300);
  g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_PLAYING);
  g_assert_cmpfloat_with_epsilon (pipeline_volume (fixture), 0.8, 0.001);
}

static void
test_sleep_at_end (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gboolean sleep_at_end = TRUE;

  fixture->player = new_player (fixture, FALSE);
  queue (fixture, fixture->opus_id);
  load (fixture, fixture->mp3_id);
  g_object_set (fixture->player, "sleep-at-end", TRUE, NULL);
  lw_player_seek (fixture->player, TONE_MS - 800);
  lw_player_play (fixture->player);

  /* Finished and marked, but the queue waits for the morning. */
  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_true (stored_played (fixture, fixture->mp3_id));
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (fixture->player)), ==, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_STOPPED, 5000);
  g_assert_true (lw_player_get_has_next (fixture->player));

  /* It was for one night: the next end goes on with the queue. */
  g_object_get (fixture->player, "sleep-at-end", &sleep_at_end, NULL);
  g_assert_false (sleep_at_end);
}

static void
test_smart_rewind (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gint64 paused_at;

  fixture->player = new_player (fixture, FALSE);
  g_object_set (fixture->player, "smart-rewind", 2000, "smart-rewind-after", 1, NULL);
  load (fixture, fixture->mp3_id);
  lw_player_seek (fixture->player, 4000);
  lw_player_play (fixture->player);
  WAIT_FOR (POSITION (fixture) >= 4500, 5000);

  /* A short pause: on from where it was. */
  lw_player_pause (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  paused_at = POSITION (fixture);
  lw_player_play (fixture->player);
  g_assert_cmpint (POSITION (fixture), ==, paused_at);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);

  /* A long one: two seconds back, to find the thread again. */
  lw_player_pause (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  paused_at = POSITION (fixture);
  run_for (1200);
  lw_player_play (fixture->player);
  g_assert_cmpint (POSITION (fixture), ==, paused_at - 2000);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (300);
  g_assert_cmpint (POSITION (fixture), <, paused_at);

  /* Quitting is a pause too: the next run rewinds from the saved position. */
  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  paused_at = stored_position (fixture, fixture->mp3_id);
  fixture->player = new_player (fixture, FALSE);
  g_object_set (fixture->player, "smart-rewind", 2000, "smart-rewind-after", 0, NULL);
  load (fixture, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  lw_player_play (fixture->player);
  g_assert_cmpint (POSITION (fixture), ==, paused_at - 2000);
}

static void
test_played_threshold (Fixture       *fixture,
                       gconstpointer  user_data)
{
  fixture->player = new_player (fixture, FALSE);
  g_object_set (fixture->player, "played-threshold", 3000, NULL);

  /* Two seconds of credits left: leaving counts as having listened. */
  load (fixture, fixture->mp3_id);
  WAIT_FOR (labs (lw_player_get_duration (fixture->player) - TONE_MS) < 100, 5000);
  lw_player_seek (fixture->player, TONE_MS - 2000);
  load (fixture, fixture->opus_id);
  g_assert_true (stored_played (fixture, fixture->mp3_id));
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), ==, 0);

  /* Eight seconds left: only the position is kept. */
  WAIT_FOR (labs (lw_player_get_duration (fixture->player) - TONE_MS) < 100, 5000);
  lw_player_seek (fixture->player, 2000);
  lw_player_stop (fixture->player);
  g_assert_false (stored_played (fixture, fixture->opus_id));
  g_assert_cmpint (stored_position (fixture, fixture->opus_id), ==, 2000);
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  user_data)
{
  fixture->player = new_player (fixture, TRUE);
  load (fixture, fixture->missing_id);
  WAIT_FOR (fixture->error != NULL, 5000);

  g_test_message ("%s", fixture->error->message);
  g_assert_error (fixture->error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (fixture->error->message, "Deleted download"));
  g_assert_nonnull (strstr (fixture->error->message, "gone.mp3"));
  g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_STOPPED);
}

/* Ticks of the stream that played before must not land on an episode that fails to
 * load, nor be saved for it. */
static void
test_error_after_playing (Fixture       *fixture,
                          gconstpointer  user_data)
{
  fixture->player = new_player (fixture, TRUE);
  load (fixture, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  lw_player_seek (fixture->player, 4000);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  WAIT_FOR (POSITION (fixture) >= 4500, 5000);

  load (fixture, fixture->missing_id);
  WAIT_FOR (fixture->error != NULL, 5000);
  run_for (500);

  g_assert_error (fixture->error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND);
  g_assert_cmpint (POSITION (fixture), ==, 0);
  g_assert_cmpint (stored_position (fixture, fixture->missing_id), ==, 0);
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), >=, 4500);
}

static void
test_missing_plugin (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string ("audio/mpeg, mpegversion=(int)1, layer=(int)3");
  GList *decoders = gst_element_factory_list_get_elements (GST_ELEMENT_FACTORY_TYPE_DECODER |
                                                           GST_ELEMENT_FACTORY_TYPE_MEDIA_AUDIO,
                                                           GST_RANK_NONE);
  GList *mp3_decoders = gst_element_factory_list_filter (decoders, caps, GST_PAD_SINK, FALSE);
  g_autoptr(GArray) ranks = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert_nonnull (mp3_decoders);

  /* Take every MP3 decoder out of autoplugging, as if none were installed. */
  for (GList *l = mp3_decoders; l != NULL; l = l->next)
    {
      guint rank = gst_plugin_feature_get_rank (l->data);

      g_array_append_val (ranks, rank);
      gst_plugin_feature_set_rank (l->data, GST_RANK_NONE);
    }

  fixture->player = new_player (fixture, TRUE);
  load (fixture, fixture->mp3_id);
  WAIT_FOR (fixture->error != NULL, 5000);

  g_test_message ("%s", fixture->error->message);
  g_assert_error (fixture->error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_MISSING_PLUGIN);
  g_assert_nonnull (strstr (fixture->error->message, "Tone in MP3"));
  g_assert_nonnull (strstr (fixture->error->message, "MP3"));

  for (GList *l = mp3_decoders; l != NULL; l = l->next)
    gst_plugin_feature_set_rank (l->data, g_array_index (ranks, guint, g_list_position (mp3_decoders, l)));

  gst_plugin_feature_list_free (mp3_decoders);
  gst_plugin_feature_list_free (decoders);
}

static void
test_opus (Fixture       *fixture,
           gconstpointer  user_data)
{
  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->opus_id);
  /* The feed gave no duration. */
  g_assert_cmpint (lw_player_get_duration (fixture->player), ==, 0);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  g_assert_cmpint (labs (lw_player_get_duration (fixture->player) - TONE_MS), <, 100);
  WAIT_FOR (POSITION (fixture) >= 500, 3000);
}

/* GStreamer 1.22's scaletempo keeps how much audio it had queued across a stop but
 * frees the queue: the next episode at another speed and a lower sample rate (Opus
 * 48 kHz, then MP3 24 kHz) made it copy from the freed queue and crash. How much was
 * queued depends on where the last buffer ended, so switch at several points. */
static void
test_rate_switch_format (Fixture       *fixture,
                         gconstpointer  user_data)
{
  fixture->player = new_player (fixture, FALSE);
  lw_player_set_rate (fixture->player, 2.0);

  for (guint i = 0; i < 8; i++)
    {
      gint64 start;

      load (fixture, fixture->opus_id);
      lw_player_play (fixture->player);
      WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
      /* Different lengths end on different buffers, so different amounts queued. */
      run_for (150 + i * 23);

      load (fixture, fixture->mp3_id);
      g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 2.0);
      lw_player_play (fixture->player);
      WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
      start = POSITION (fixture);
      WAIT_FOR (POSITION (fixture) >= start + 300, 3000);

      /* Still GstPlay's scaletempo that plays, in the pipeline, at the MP3's rate. */
      g_assert_cmpint (filter_sample_rate (fixture->player), ==, 24000);
    }
}

/* Previous (MPRIS, the media key): restart after the first seconds, else back to the
 * episode played before, which takes up where it was left; the one left goes to the
 * front of the queue so that Next comes back to it. */
static void
test_previous (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GListModel) queue = lw_library_get_queue (fixture->library);
  g_autoptr(LwEpisode) front = NULL;
  gint64 left_at;

  fixture->player = new_player (fixture, FALSE);

  load (fixture, fixture->mp3_id);
  lw_player_seek (fixture->player, 4000);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING && POSITION (fixture) >= 4500, 5000);

  load (fixture, fixture->opus_id);
  left_at = stored_position (fixture, fixture->mp3_id);
  g_assert_cmpint (left_at, >=, 4500);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING && POSITION (fixture) >= 300, 5000);

  /* Within 3 s: the MP3 again, where it was, still playing. */
  lw_player_previous (fixture->player);
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (fixture->player)), ==, fixture->mp3_id);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  g_assert_cmpint (POSITION (fixture), >=, left_at - 100);
  g_assert_cmpuint (g_list_model_get_n_items (queue), >=, 1);
  front = g_list_model_get_item (queue, 0);
  g_assert_cmpint (lw_episode_get_id (front), ==, fixture->opus_id);
  g_assert_true (lw_player_get_has_next (fixture->player));

  /* Later than 3 s into it: the start of the same episode. */
  lw_player_previous (fixture->player);
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (fixture->player)), ==, fixture->mp3_id);
  WAIT_FOR (POSITION (fixture) < 1000, 3000);

  /* Nothing played before the MP3: the start again, nothing else. */
  lw_player_previous (fixture->player);
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (fixture->player)), ==, fixture->mp3_id);
  WAIT_FOR (POSITION (fixture) < 1000, 3000);

  /* Next goes back to the Opus episode. */
  g_assert_true (lw_player_next (fixture->player));
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (fixture->player)), ==, fixture->opus_id);
}

/* Stop releases the pipeline (down to READY); Play brings it back where it was, at
 * the same speed, with GstPlay's scaletempo in the chain. */
static void
test_stop_play (Fixture       *fixture,
                gconstpointer  user_data)
{
  gint64 stopped_at;

  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  lw_player_set_rate (fixture->player, 1.5);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING && POSITION (fixture) >= 1000, 5000);

  for (guint i = 0; i < 2; i++)
    {
      lw_player_stop (fixture->player);
      g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_STOPPED);
      stopped_at = POSITION (fixture);
      lw_player_play (fixture->player);
      WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING && POSITION (fixture) > stopped_at, 5000);
      /* From where it stopped, not from the start, and at 1.5x. */
      for (guint k = 0; k < 5; k++)
        {
          g_assert_cmpint (POSITION (fixture), >=, stopped_at);
          run_for (100);
        }
      {
        gint64 before = POSITION (fixture);

        run_for (1000);
        g_assert_cmpint (POSITION (fixture) - before, >, 1250);
      }
      g_assert_cmpint (filter_sample_rate (fixture->player), ==, 24000);
    }
}

/* Streams: a SoupServer on loopback (it honours Range, which seeking needs). */

/* A second show, whose one episode is the Opus tone. */
static gint64
add_other_show (Fixture *fixture,
                gint64  *out_show_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_new ();
  g_autofree char *opus = tone_uri ("test-tone.opus");

  feed->title = g_strdup ("Other Tones");
  g_ptr_array_add (feed->items, feed_item ("other", "Other tone", opus, "audio/ogg", 10));
  *out_show_id = lw_library_merge_feed (fixture->library, "https://example.org/other.xml", feed, NULL, &error);
  g_assert_no_error (error);

  return find_episode (fixture->library, *out_show_id, "other");
}

static double
stored_show_rate (Fixture *fixture,
                  gint64   show_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = lw_library_new (fixture->db_path, &error);
  g_autoptr(LwShow) show = NULL;

  g_assert_no_error (error);
  show = lw_library_lookup_show (library, show_id);
  g_assert_nonnull (show);

  return lw_show_get_playback_rate (show);
}

static void
test_show_rate (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 other_show_id;
  gint64 other_id = add_other_show (fixture, &other_show_id);
  gint64 show_id;
  LwShow *show;
  guint n_show_notify = 0;
  double speed;

  fixture->player = new_player (fixture, FALSE);
  lw_player_set_default_rate (fixture->player, 1.25);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 1.25);

  /* A show without a speed of its own follows the global one. */
  load (fixture, fixture->mp3_id);
  show = lw_player_get_show (fixture->player);
  show_id = lw_show_get_id (show);
  g_assert_cmpfloat (lw_show_get_playback_rate (show), ==, 0.0);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 1.25);

  /* Given one (on the show page), the playing episode follows at once. */
  g_signal_connect (show, "notify::playback-rate", G_CALLBACK (count_notify), &n_show_notify);
  g_assert_true (lw_library_set_show_playback_rate (fixture->library, show_id, 2.0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_show_notify, ==, 1);
  g_assert_cmpfloat (lw_show_get_playback_rate (show), ==, 2.0);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 2.0);
  g_assert_cmpfloat (stored_show_rate (fixture, show_id), ==, 2.0);

  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (400);
  speed = measure_speed (fixture, 1500);
  g_test_message ("position advanced %.2fx wall time at the show's 2.0", speed);
  g_assert_cmpfloat (speed, >, 1.75);
  g_assert_cmpfloat (speed, <, 2.25);
  lw_player_pause (fixture->player);

  /* The speed menu changes the show's speed, not the global one. */
  lw_player_set_rate (fixture->player, 1.5);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 1.5);
  g_assert_cmpfloat (stored_show_rate (fixture, show_id), ==, 1.5);
  g_assert_cmpfloat (lw_player_get_default_rate (fixture->player), ==, 1.25);

  /* Another show plays at the global speed; back here, at this show's. */
  load (fixture, other_id);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 1.25);
  load (fixture, fixture->mp3_id);
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 1.5);

  /* Back to following the global speed; the speed menu then changes that. */
  g_assert_true (lw_library_set_show_playback_rate (fixture->library, show_id, 0, &error));
  g_assert_cmpfloat (lw_player_get_rate (fixture->player), ==, 1.25);
  lw_player_set_rate (fixture->player, 1.75);
  g_assert_cmpfloat (lw_player_get_default_rate (fixture->player), ==, 1.75);
  g_assert_cmpfloat (stored_show_rate (fixture, show_id), ==, 0.0);

  /* Out of range is clamped; an unknown show is an error. */
  g_assert_true (lw_library_set_show_playback_rate (fixture->library, other_show_id, 9.0, &error));
  g_assert_cmpfloat (stored_show_rate (fixture, other_show_id), ==, LW_PLAYER_MAX_RATE);
  g_assert_false (lw_library_set_show_playback_rate (fixture->library, 999, 1.5, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
}

static char *
current_uri (Fixture *fixture)
{
  g_autoptr(GstElement) pipeline = lw_player_dup_pipeline (fixture->player);
  char *uri = NULL;

  g_object_get (pipeline, "current-uri", &uri, NULL);

  return uri;
}

typedef struct
{
  GBytes *mp3;
  guint   n_range_requests;
} Server;

static void
serve (SoupServer        *soup_server,
       SoupServerMessage *message,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Server *server = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);

  if (g_strcmp0 (path, "/tone.mp3") != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (soup_message_headers_get_one (request_headers, "Range") != NULL)
    server->n_range_requests++;

  soup_message_headers_set_content_type (response_headers, "audio/mpeg", NULL);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (message), server->mp3);
}

static char *
start_server (SoupServer *soup_server,
              Server     *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "playback", "test-tone.mp3", NULL);
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
  GSList *uris;
  char *base;

  g_assert_no_error (error);
  server->mp3 = g_mapped_file_get_bytes (file);

  soup_server_add_handler (soup_server, NULL, serve, server, NULL);
  soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (soup_server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return base;
}

static gint64
add_stream_episode (Fixture    *fixture,
                    const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_new ();
  gint64 show_id;

  feed->title = g_strdup ("Streamed Tones");
  g_ptr_array_add (feed->items, feed_item ("stream", "Streamed tone", uri, "audio/mpeg", 10));
  show_id = lw_library_merge_feed (fixture->library, "http://127.0.0.1/stream.xml", feed, NULL, &error);
  g_assert_no_error (error);

  return find_episode (fixture->library, show_id, "stream");
}

static void
track_buffering (LwPlayer   *player,
                 GParamSpec *pspec,
                 int        *lowest)
{
  *lowest = MIN (*lowest, lw_player_get_buffering (player));
}

/* Serves the tone and adds an episode whose enclosure is @path on that server. */
static gint64
add_served_episode (Fixture     *fixture,
                    SoupServer  *soup_server,
                    Server      *server,
                    const char  *path,
                    char       **out_uri)
{
  g_autofree char *base = start_server (soup_server, server);

  *out_uri = g_strconcat (base, path, NULL);

  return add_stream_episode (fixture, *out_uri);
}

/* The server has no file at @uri: one error that says so, naming it. */
static void
wait_for_not_found (Fixture    *fixture,
                    const char *uri)
{
  WAIT_FOR (fixture->error != NULL, 5000);

  g_test_message ("%s", fixture->error->message);
  g_assert_error (fixture->error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (fixture->error->message, uri));
}

static void
test_stream_seek (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  Server server = { 0 };
  g_autofree char *uri = NULL;
  gint64 episode_id = add_served_episode (fixture, soup_server, &server, "tone.mp3", &uri);
  guint n_range_requests;
  int lowest_buffering = 100;

  fixture->player = new_player (fixture, FALSE);
  g_signal_connect (fixture->player, "notify::buffering", G_CALLBACK (track_buffering), &lowest_buffering);
  load (fixture, episode_id);
  lw_player_play (fixture->player);
  WAIT_FOR (POSITION (fixture) >= 500, 5000);
  g_assert_cmpint (labs (lw_player_get_duration (fixture->player) - TONE_MS), <, 100);
  /* A stream fills its buffer first, and says so. */
  g_assert_cmpint (lowest_buffering, <, 100);
  g_assert_cmpint (lw_player_get_buffering (fixture->player), ==, 100);

  n_range_requests = server.n_range_requests;
  lw_player_seek (fixture->player, 7000);
  run_for (500);
  g_assert_cmpint (POSITION (fixture), >=, 7000);
  g_assert_cmpint (POSITION (fixture), <, 8000);
  g_test_message ("%u range requests before the seek, %u after", n_range_requests, server.n_range_requests);
  /* The seek asked the server for the bytes from there on. */
  g_assert_cmpuint (server.n_range_requests, >, n_range_requests);

  WAIT_FOR (fixture->n_finished == 1, 5000);
  g_assert_true (stored_played (fixture, episode_id));

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_bytes_unref (server.mp3);
}

static void
test_stream_not_found (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  Server server = { 0 };
  g_autofree char *uri = NULL;
  gint64 episode_id = add_served_episode (fixture, soup_server, &server, "deleted.mp3", &uri);

  fixture->player = new_player (fixture, TRUE);
  load (fixture, episode_id);
  wait_for_not_found (fixture, uri);

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_bytes_unref (server.mp3);
}

static void
test_stream_unreachable (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *uri = NULL;
  gint64 episode_id;

  /* A port that is bound but not listening refuses connections. */
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  uri = g_strdup_printf ("http://127.0.0.1:%u/tone.mp3",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  episode_id = add_stream_episode (fixture, uri);

  fixture->player = new_player (fixture, TRUE);
  load (fixture, episode_id);
  WAIT_FOR (fixture->error != NULL, 10000);

  g_test_message ("%s", fixture->error->message);
  g_assert_error (fixture->error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NETWORK);
  g_assert_nonnull (strstr (fixture->error->message, "127.0.0.1"));
}


/* A downloaded episode plays from its file, whatever the server does; once the file
 * is gone, it streams again. */
static void
test_local_file (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  Server server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  gint64 episode_id = add_served_episode (fixture, soup_server, &server, "removed.mp3", &uri);
  g_autofree char *source = g_test_build_filename (G_TEST_BUILT, "playback", "test-tone.mp3", NULL);
  g_autofree char *download = g_build_filename (fixture->tmpdir, "download.mp3", NULL);
  g_autofree char *download_uri = g_filename_to_uri (download, NULL, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *playing = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_true (g_file_set_contents (download, contents, length, &error));
  g_assert_true (lw_library_set_episode_local_path (fixture->library, episode_id, download, &error));
  g_assert_no_error (error);

  fixture->player = new_player (fixture, TRUE);
  load (fixture, episode_id);
  lw_player_play (fixture->player);
  WAIT_FOR (POSITION (fixture) >= 500, 5000);
  g_assert_no_error (fixture->error);
  playing = current_uri (fixture);
  g_assert_cmpstr (playing, ==, download_uri);
  g_assert_cmpuint (server.n_range_requests, ==, 0);
  lw_player_pause (fixture->player);

  /* Deleted behind our back: the enclosure URL, here a 404. */
  g_assert_cmpint (g_unlink (download), ==, 0);
  load (fixture, episode_id);
  wait_for_not_found (fixture, uri);

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_bytes_unref (server.mp3);
}

/* A server that sends the tone a little faster than it plays (so a cut connection
 * matters), honours Range, and can "lose the network": while down, it cuts every
 * connection, those under way included. */
typedef struct
{
  GBytes    *mp3;
  gboolean   down;
  guint      n_requests;
  guint      n_cut;
  GPtrArray *transfers;  /* (element-type Transfer) */
} Trickle;

typedef struct
{
  Trickle           *trickle;
  SoupServerMessage *message;
  gsize              offset;
  gsize              end;
  guint              source;
} Transfer;

static void
cut_connection (Trickle           *trickle,
                SoupServerMessage *message)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

  trickle->n_cut++;
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
transfer_free (gpointer data)
{
  Transfer *transfer = data;

  g_clear_handle_id (&transfer->source, g_source_remove);
  g_signal_handlers_disconnect_by_data (transfer->message, transfer);
  g_clear_object (&transfer->message);
  g_free (transfer);
}

/* 2000 bytes every 100 ms: 20 kB/s for a 64 kbit/s (8 kB/s) stream. */
static gboolean
trickle_send (gpointer user_data)
{
  Transfer *transfer = user_data;
  Trickle *trickle = transfer->trickle;
  SoupMessageBody *body = soup_server_message_get_response_body (transfer->message);
  const guint8 *data = g_bytes_get_data (trickle->mp3, NULL);
  gsize chunk = MIN (2000, transfer->end - transfer->offset);
  g_autoptr(SoupServerMessage) message = g_object_ref (transfer->message);

  if (trickle->down)
    {
      transfer->source = 0;
      g_ptr_array_remove (trickle->transfers, transfer);
      cut_connection (trickle, message);
      return G_SOURCE_REMOVE;
    }

  soup_message_body_append (body, SOUP_MEMORY_COPY, data + transfer->offset, chunk);
  transfer->offset += chunk;

  if (transfer->offset >= transfer->end)
    {
      soup_message_body_complete (body);
      transfer->source = 0;
      g_ptr_array_remove (trickle->transfers, transfer);
      soup_server_message_unpause (message);
      return G_SOURCE_REMOVE;
    }

  soup_server_message_unpause (message);
  return G_SOURCE_CONTINUE;
}

/* The client went away (or got it all). */
static void
on_transfer_finished (SoupServerMessage *message,
                      Transfer          *transfer)
{
  g_ptr_array_remove (transfer->trickle->transfers, transfer);
}

static void
serve_trickle (SoupServer        *soup_server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Trickle *trickle = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  gsize size = g_bytes_get_size (trickle->mp3);
  SoupRange *ranges = NULL;
  int n_ranges = 0;
  Transfer *transfer;

  trickle->n_requests++;

  if (trickle->down)
    {
      cut_connection (trickle, message);
      return;
    }

  transfer = g_new0 (Transfer, 1);
  transfer->trickle = trickle;
  transfer->message = g_object_ref (message);
  transfer->end = size;
  soup_message_headers_set_content_type (response_headers, "audio/mpeg", NULL);
  soup_message_headers_replace (response_headers, "Accept-Ranges", "bytes");

  if (soup_message_headers_get_ranges (request_headers, size, &ranges, &n_ranges))
    {
      transfer->offset = ranges[0].start;
      transfer->end = ranges[0].end + 1;
      soup_message_headers_set_content_range (response_headers, ranges[0].start, ranges[0].end, size);
      soup_message_headers_free_ranges (request_headers, ranges);
      soup_server_message_set_status (message, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
    }

  soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CONTENT_LENGTH);
  soup_message_headers_set_content_length (response_headers, transfer->end - transfer->offset);

  g_signal_connect (message, "finished", G_CALLBACK (on_transfer_finished), transfer);
  g_ptr_array_add (trickle->transfers, transfer);
  soup_server_message_pause (message);
  transfer->source = g_timeout_add (100, trickle_send, transfer);
}

static void
trickle_clear (Trickle *trickle)
{
  g_clear_pointer (&trickle->transfers, g_ptr_array_unref);
  g_clear_pointer (&trickle->mp3, g_bytes_unref);
}

static gint64
add_trickled_episode (Fixture    *fixture,
                      SoupServer *soup_server,
                      Trickle    *trickle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "playback", "test-tone.mp3", NULL);
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;
  GSList *uris;

  g_assert_no_error (error);
  trickle->mp3 = g_mapped_file_get_bytes (file);
  trickle->transfers = g_ptr_array_new_with_free_func (transfer_free);

  soup_server_add_handler (soup_server, NULL, serve_trickle, trickle, NULL);
  soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup_server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  uri = g_strconcat (base, "tone.mp3", NULL);

  return add_stream_episode (fixture, uri);
}

static void
track_min_position (LwPlayer   *player,
                    GParamSpec *pspec,
                    gint64     *lowest)
{
  *lowest = MIN (*lowest, lw_player_get_position (player));
}

static void
track_max_reconnecting (LwPlayer   *player,
                        GParamSpec *pspec,
                        guint      *highest)
{
  guint reconnecting;

  g_object_get (player, "reconnecting", &reconnecting, NULL);
  *highest = MAX (*highest, reconnecting);
}

/* The network drops while playing and comes back: the player reconnects and goes
 * on from where it was, without an error. */
static void
test_stream_reconnect (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  Trickle trickle = { 0 };
  gint64 episode_id = add_trickled_episode (fixture, soup_server, &trickle);
  gint64 lost_at;
  gint64 lowest = G_MAXINT64;
  guint highest = 0;
  guint reconnecting;

  fixture->player = new_player (fixture, FALSE);
  g_object_set (fixture->player, "retry-delay", 300, NULL);
  g_signal_connect (fixture->player, "notify::reconnecting", G_CALLBACK (track_max_reconnecting), &highest);
  load (fixture, episode_id);
  lw_player_play (fixture->player);
  WAIT_FOR (POSITION (fixture) >= 1500, 10000);

  trickle.down = TRUE;
  lost_at = POSITION (fixture);
  g_signal_connect (fixture->player, "notify::position", G_CALLBACK (track_min_position), &lowest);
  /* Still down at the first attempt: it tries again, later. */
  WAIT_FOR (highest >= 2, 15000);
  g_test_message ("lost at %" G_GINT64_FORMAT " ms; %u connections cut", lost_at, trickle.n_cut);
  g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_BUFFERING);

  trickle.down = FALSE;
  WAIT_FOR (POSITION (fixture) >= lost_at + 2000, 20000);
  g_signal_handlers_disconnect_by_func (fixture->player, track_min_position, &lowest);
  WAIT_FOR (fixture->n_finished == 1, 20000);
  g_object_get (fixture->player, "reconnecting", &reconnecting, NULL);
  g_assert_cmpuint (reconnecting, ==, 0);
  g_test_message ("reconnected after %u attempts; lowest position since %" G_GINT64_FORMAT " ms",
                  highest, lowest);
  /* It went on from where it was (give or take what was buffered), not from 0. */
  g_assert_cmpint (lowest, >=, lost_at - 1000);
  g_assert_true (stored_played (fixture, episode_id));

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  trickle_clear (&trickle);
}

/* The network stays away: a few attempts, then one clear error. */
static void
test_stream_lost (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  Trickle trickle = { 0 };
  gint64 episode_id = add_trickled_episode (fixture, soup_server, &trickle);
  guint highest = 0;
  guint reconnecting;

  fixture->player = new_player (fixture, TRUE);
  g_object_set (fixture->player, "retry-delay", 100, "max-retries", 2, NULL);
  g_signal_connect (fixture->player, "notify::reconnecting", G_CALLBACK (track_max_reconnecting), &highest);
  load (fixture, episode_id);
  lw_player_play (fixture->player);
  WAIT_FOR (POSITION (fixture) >= 1000, 10000);

  trickle.down = TRUE;
  WAIT_FOR (fixture->error != NULL, 20000);
  g_test_message ("%s", fixture->error->message);
  g_assert_error (fixture->error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NETWORK);
  g_assert_nonnull (strstr (fixture->error->message, "127.0.0.1"));
  g_assert_cmpuint (highest, ==, 2);
  g_object_get (fixture->player, "reconnecting", &reconnecting, NULL);
  g_assert_cmpuint (reconnecting, ==, 0);
  g_assert_cmpint (STATE (fixture), ==, LW_PLAYER_STATE_STOPPED);
  /* Where it stopped is kept for later. */
  g_assert_cmpint (stored_position (fixture, episode_id), >=, 1000);

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  trickle_clear (&trickle);
}

/* A file or URL from outside (MPRIS OpenUri) plays without touching the library. */
static void
test_open_uri (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  Server server = { 0 };
  g_autofree char *base = start_server (soup_server, &server);
  g_autofree char *stream = g_strconcat (base, "tone.mp3", NULL);
  g_autofree char *file = tone_uri ("test-tone.mp3");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = lw_library_get_episodes (fixture->library, 0);
  guint n_episodes = g_list_model_get_n_items (all);
  LwEpisode *episode;

  fixture->player = new_player (fixture, FALSE);
  g_assert_true (lw_player_open_uri (fixture->player, file, NULL, &error));
  g_assert_no_error (error);
  episode = lw_player_get_episode (fixture->player);
  g_assert_cmpint (lw_episode_get_id (episode), ==, 0);
  g_assert_cmpstr (lw_episode_get_title (episode), ==, "test-tone.mp3");
  g_assert_null (lw_player_get_show (fixture->player));
  WAIT_FOR (POSITION (fixture) >= 500, 5000);

  /* Seek, pause, play to the end: nothing is written, nothing warns. */
  lw_player_seek (fixture->player, 9000);
  WAIT_FOR (fixture->n_finished == 1, 5000);

  g_assert_true (lw_player_open_uri (fixture->player, stream, "A stream", &error));
  g_assert_cmpstr (lw_episode_get_title (lw_player_get_episode (fixture->player)), ==, "A stream");
  WAIT_FOR (POSITION (fixture) >= 500, 5000);
  lw_player_pause (fixture->player);
  lw_player_stop (fixture->player);

  g_assert_cmpuint (g_list_model_get_n_items (all), ==, n_episodes);
  g_assert_cmpint (stored_position (fixture, fixture->mp3_id), ==, 0);

  g_assert_false (lw_player_open_uri (fixture->player, "ftp://example.org/a.mp3", NULL, &error));
  g_assert_error (error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (lw_player_open_uri (fixture->player, "file:///nonexistent/a.mp3", NULL, &error));
  g_assert_error (error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_bytes_unref (server.mp3);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/player/play-pause", test_play_pause);
  ADD ("/player/seek", test_seek);
  ADD ("/player/seek-twice", test_seek_twice);
  ADD ("/player/rate", test_rate);
  ADD ("/player/rate-before-load", test_rate_before_load);
  ADD ("/player/volume", test_volume);
  ADD ("/player/resume", test_resume);
  ADD ("/player/periodic-save", test_periodic_save);
  ADD ("/player/load-saves-previous", test_load_saves_previous);
  ADD ("/player/finished", test_finished);
  ADD ("/player/opus", test_opus);
  ADD ("/player/rate-switch-format", test_rate_switch_format);
  ADD ("/player/queue", test_queue);
  ADD ("/player/previous", test_previous);
  ADD ("/player/stop-play", test_stop_play);
  ADD ("/player/sleep-timer", test_sleep_timer);
  ADD ("/player/sleep-at-end", test_sleep_at_end);
  ADD ("/player/smart-rewind", test_smart_rewind);
  ADD ("/player/played-threshold", test_played_threshold);
  ADD ("/player/error/missing-file", test_missing_file);
  ADD ("/player/error/after-playing", test_error_after_playing);
  ADD ("/player/error/missing-plugin", test_missing_plugin);
  ADD ("/player/stream/seek", test_stream_seek);
  ADD ("/player/stream/not-found", test_stream_not_found);
  ADD ("/player/stream/unreachable", test_stream_unreachable);
  ADD ("/player/show-rate", test_show_rate);
  ADD ("/player/local-file", test_local_file);
  ADD ("/player/stream/reconnect", test_stream_reconnect);
  ADD ("/player/stream/lost", test_stream_lost);
  ADD ("/player/open-uri", test_open_uri);

  return g_test_run ();
}
