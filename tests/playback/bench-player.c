/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <sys/resource.h>

#include "player-fixture.h"

/* Numbers, not pass/fail timings: `meson test -C _build --benchmark --verbose` prints
 * them. Into a fakesink that syncs to the clock, like a sound card would. */

typedef struct
{
  gint64 first_buffer; /* monotonic µs of the first buffer rendered while playing */
  int    flowing;
} Flow;

static void
on_handoff (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            Flow       *flow)
{
  /* The one streaming thread writes, the main thread reads once the flag is up. */
  if (!g_atomic_int_get (&flow->flowing))
    {
      flow->first_buffer = g_get_monotonic_time ();
      g_atomic_int_set (&flow->flowing, TRUE);
    }
}

static LwPlayer *
new_counting_player (Fixture *fixture,
                     Flow    *flow)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  LwPlayer *player;

  g_object_set (sink, "sync", TRUE, "signal-handoffs", TRUE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), flow);
  player = lw_player_new (fixture->library, sink);
  g_signal_connect (player, "error", G_CALLBACK (on_unexpected_error), fixture);

  return player;
}

static void
bench_latency (Fixture       *fixture,
               gconstpointer  user_data)
{
  double cold = 0, warm = 0;
  const guint rounds = 5;

  for (guint i = 0; i < rounds; i++)
    {
      Flow flow = { 0 };
      gint64 start;

      fixture->player = new_counting_player (fixture, &flow);

      /* Cold: load and play at once, as a click on an episode does. */
      start = g_get_monotonic_time ();
      load (fixture, fixture->mp3_id);
      lw_player_play_pause (fixture->player);
      WAIT_FOR (g_atomic_int_get (&flow.flowing), 5000);
      cold += (flow.first_buffer - start) / 1000.0;

      /* Warm: PlayPause on a paused, loaded episode (the media key case). */
      lw_player_pause (fixture->player);
      WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
      run_for (200);
      g_atomic_int_set (&flow.flowing, FALSE);
      start = g_get_monotonic_time ();
      lw_player_play_pause (fixture->player);
      WAIT_FOR (g_atomic_int_get (&flow.flowing), 5000);
      warm += (flow.first_buffer - start) / 1000.0;

      g_assert_finalize_object (g_steal_pointer (&fixture->player));
    }

  g_test_message ("load + PlayPause to first buffer rendered: %.1f ms (mean of %u)", cold / rounds, rounds);
  g_test_message ("PlayPause (paused) to first buffer rendered: %.1f ms (mean of %u)", warm / rounds, rounds);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
measure_cpu (Fixture *fixture,
             double   rate,
             guint    ms)
{
  double cpu;
  gint64 start;

  lw_player_seek (fixture->player, 0);
  lw_player_set_rate (fixture->player, rate);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (300);

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  run_for (ms);

  return 100.0 * (cpu_seconds () - cpu) / ((g_get_monotonic_time () - start) / 1e6);
}

static void
bench_cpu (Fixture       *fixture,
           gconstpointer  user_data)
{
  Flow flow = { 0 };

  fixture->player = new_counting_player (fixture, &flow);

  load (fixture, fixture->opus_id);
  g_test_message ("Opus at 1.0x: %.1f%% of one core", measure_cpu (fixture, 1.0, 4000));
  g_test_message ("Opus at 2.0x: %.1f%% of one core", measure_cpu (fixture, 2.0, 3000));

  load (fixture, fixture->mp3_id);
  g_test_message ("MP3 at 1.0x: %.1f%% of one core", measure_cpu (fixture, 1.0, 4000));
  g_test_message ("MP3 at 2.0x: %.1f%% of one core", measure_cpu (fixture, 2.0, 3000));
}

/* Drift: as fast as the machine goes (no sync), at 1.5x, compare the media time
 * played to the end with the audio that actually came out x 1.5. The sink gets fixed
 * caps so that bytes are time: 44.1 kHz stereo S16 = 176400 bytes/s. (Mid-stream
 * comparisons mean nothing without sync: the sink runs ahead of the position.)
 * LW_BENCH_LONG_MP3=FILE measures on FILE instead of the 10 s tone. */
typedef struct
{
  guint64 bytes; /* atomic */
} Output;

static void
count_bytes (GstElement *sink,
             GstBuffer  *buffer,
             GstPad     *pad,
             Output     *output)
{
  guint64 bytes = g_atomic_pointer_get (&output->bytes);

  /* One streaming thread writes. */
  g_atomic_pointer_set (&output->bytes, bytes + gst_buffer_get_size (buffer));
}

static void
bench_drift (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *long_file = g_getenv ("LW_BENCH_LONG_MP3");
  Output output = { 0 };
  const double rate = 1.5;
  GstElement *sink_bin;
  GstElement *sink;
  gint64 episode_id = fixture->mp3_id;
  gint64 start, final_position;
  double audio_ms;

  sink_bin = gst_parse_bin_from_description ("audioconvert ! audioresample ! "
                                             "audio/x-raw,format=S16LE,rate=44100,channels=2 ! "
                                             "fakesink name=sink sync=false signal-handoffs=true",
                                             TRUE, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (sink_bin), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (count_bytes), &output);
  gst_object_unref (sink);

  if (long_file != NULL)
    {
      g_autofree char *uri = g_filename_to_uri (long_file, NULL, &error);
      g_autoptr(LwFeed) feed = lw_feed_new ();
      gint64 show_id;

      g_assert_no_error (error);
      feed->title = g_strdup ("Long");
      g_ptr_array_add (feed->items, feed_item ("long", "Long episode", uri, "audio/mpeg", LW_UNKNOWN));
      show_id = lw_library_merge_feed (fixture->library, "https://example.org/long.xml", feed, NULL, &error);
      g_assert_no_error (error);
      episode_id = find_episode (fixture->library, show_id, "long");
    }

  fixture->player = lw_player_new (fixture->library, sink_bin);
  g_signal_connect (fixture->player, "error", G_CALLBACK (on_unexpected_error), fixture);
  g_signal_connect (fixture->player, "finished", G_CALLBACK (on_finished), fixture);

  load (fixture, episode_id);
  lw_player_set_rate (fixture->player, rate);
  start = g_get_monotonic_time ();
  lw_player_play (fixture->player);
  WAIT_FOR (fixture->n_finished == 1, 600000);

  final_position = lw_player_get_duration (fixture->player);
  audio_ms = g_atomic_pointer_get (&output.bytes) / 176.4;
  g_test_message ("%s: %.2f min of media at %.1fx in %.1f s without sync: "
                  "%.2f min of audio out; |duration - audio x rate| = %.0f ms",
                  long_file != NULL ? long_file : "test-tone.mp3",
                  final_position / 60000.0, rate, (g_get_monotonic_time () - start) / 1e6,
                  audio_ms / 60000.0, fabs (final_position - audio_ms * rate));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bench/player/latency", Fixture, NULL, fixture_set_up, bench_latency, fixture_tear_down);
  g_test_add ("/bench/player/drift", Fixture, NULL, fixture_set_up, bench_drift, fixture_tear_down);
  g_test_add ("/bench/player/cpu", Fixture, NULL, fixture_set_up, bench_cpu, fixture_tear_down);

  return g_test_run ();
}
