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
  int    buffers;      /* rendered so far: each is a wake-up of the sink */
} Flow;

static void
on_handoff (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            Flow       *flow)
{
  g_atomic_int_inc (&flow->buffers);

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

typedef struct
{
  double cpu;      /* % of one core */
  double buffers;  /* per second, at the sink */
} Load;

static Load
measure_cpu (Fixture *fixture,
             Flow    *flow,
             double   rate,
             guint    ms)
{
  Load load;
  double cpu;
  gint64 start;
  int buffers;

  lw_player_set_rate (fixture->player, rate);
  lw_player_seek (fixture->player, 0);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (300);

  cpu = cpu_seconds ();
  buffers = g_atomic_int_get (&flow->buffers);
  start = g_get_monotonic_time ();
  run_for (ms);

  load.cpu = 100.0 * (cpu_seconds () - cpu) / ((g_get_monotonic_time () - start) / 1e6);
  load.buffers = (g_atomic_int_get (&flow->buffers) - buffers) / ((g_get_monotonic_time () - start) / 1e6);
  lw_player_pause (fixture->player);

  return load;
}

static void
report_cpu (Fixture    *fixture,
            Flow       *flow,
            const char *name,
            double      rate)
{
  /* The tone is 10 s: at 2.0x, 4 s of playing fits. */
  Load load = measure_cpu (fixture, flow, rate, rate > 1.0 ? 3500 : 4000);

  /* scaletempo's work grows with the square of the sample rate (search window x
   * overlap, both in samples): say which one it got. */
  int sample_rate = filter_sample_rate (fixture->player);

  g_test_message ("%s at %.1fx: %.2f%% of one core, %.0f buffers/s at the sink (scaletempo at %d Hz)",
                  name, rate, load.cpu, load.buffers, sample_rate);
}

static void
bench_cpu (Fixture       *fixture,
           gconstpointer  user_data)
{
  const char *sink_description = g_getenv ("LW_BENCH_SINK");
  Flow flow = { 0 };

  /* LW_BENCH_SINK="pulsesink latency-time=…": a real audio sink instead of the
   * counting fakesink (then no buffers/s). */
  if (g_strcmp0 (sink_description, "default") == 0)
    {
      /* What the app plays into: autoaudiosink, as LwPlayer sets it up. */
      fixture->player = lw_player_new (fixture->library, NULL);
      g_signal_connect (fixture->player, "error", G_CALLBACK (on_unexpected_error), fixture);
      g_test_message ("into the default sink");
    }
  else if (sink_description != NULL && *sink_description != '\0')
    {
      g_autoptr(GError) error = NULL;
      GstElement *sink = gst_parse_bin_from_description (sink_description, TRUE, &error);

      g_assert_no_error (error);
      fixture->player = lw_player_new (fixture->library, sink);
      g_signal_connect (fixture->player, "error", G_CALLBACK (on_unexpected_error), fixture);
      g_test_message ("into %s", sink_description);
    }
  else
    {
      fixture->player = new_counting_player (fixture, &flow);
    }

  if (g_getenv ("LW_BENCH_SCALETEMPO") != NULL)
    {
      g_autoptr(GstElement) pipeline = lw_player_dup_pipeline (fixture->player);
      g_autoptr(GstElement) filter = NULL;
      g_auto(GStrv) props = g_strsplit (g_getenv ("LW_BENCH_SCALETEMPO"), ",", -1);

      g_object_get (pipeline, "audio-filter", &filter, NULL);
      for (guint i = 0; props[i] != NULL; i++)
        {
          g_auto(GStrv) kv = g_strsplit (props[i], "=", 2);
          gst_util_set_object_arg (G_OBJECT (filter), kv[0], kv[1]);
        }
    }

  /* MP3 (24 kHz) first. LW_BENCH_OPUS_FIRST=1 plays Opus (48 kHz) first: that order
   * crashed GStreamer 1.22's scaletempo at MP3 2.0x before LwPlayer gave every new
   * stream a fresh scaletempo (renew_audio_filter, /player/rate-switch-format). */
  if (g_getenv ("LW_BENCH_OPUS_FIRST") == NULL)
    {
      load (fixture, fixture->mp3_id);
      report_cpu (fixture, &flow, "MP3", 1.0);
      report_cpu (fixture, &flow, "MP3", 2.0);
    }

  load (fixture, fixture->opus_id);
  report_cpu (fixture, &flow, "Opus", 1.0);
  report_cpu (fixture, &flow, "Opus", 2.0);

  if (g_getenv ("LW_BENCH_OPUS_FIRST") != NULL)
    {
      load (fixture, fixture->mp3_id);
      report_cpu (fixture, &flow, "MP3", 1.0);
      report_cpu (fixture, &flow, "MP3", 2.0);
    }
}

/* Drift: does the position the player reports stay with the audio that comes out?
 * A synced sink would need the whole hour. Instead the sink runs unsynced and, for
 * every buffer, compares the media time its timestamp stands for (what the position
 * reports when that buffer plays: the stream time through the segment scaletempo
 * sends, applied_rate 1.5) with the audio that came out before it x 1.5 (what an
 * audio clock, counting samples, says). A synced sink plays buffer k at the running
 * time of its timestamp, so the same difference is what a listener would see after
 * the same stretch of listening; nothing in scaletempo or the decoders depends on
 * the sync. The sink gets fixed caps so that bytes are time: 44.1 kHz stereo S16 =
 * 176400 bytes/s. LW_BENCH_LONG_MP3=FILE measures on FILE instead of the 10 s tone. */
typedef struct
{
  GMutex     mutex;
  GstSegment segment;
  guint64    bytes;
  gint64     first_stream_ms;
  double     max_drift_ms;
  double     drift_at_end_ms;
  guint64    n_buffers;
} Output;

static GstPadProbeReturn
watch_output (GstPad          *pad,
              GstPadProbeInfo *info,
              Output          *output)
{
  g_mutex_lock (&output->mutex);

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        gst_event_copy_segment (event, &output->segment);
    }
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      guint64 stream_time = gst_segment_to_stream_time (&output->segment, GST_FORMAT_TIME,
                                                        GST_BUFFER_PTS (buffer));

      if (GST_CLOCK_TIME_IS_VALID (stream_time))
        {
          double stream_ms = stream_time / 1e6;
          double audio_ms = output->bytes / 176.4;
          double drift;

          if (output->n_buffers == 0)
            output->first_stream_ms = stream_ms;

          drift = stream_ms - (output->first_stream_ms + audio_ms * output->segment.applied_rate);
          output->max_drift_ms = MAX (output->max_drift_ms, fabs (drift));
          output->drift_at_end_ms = drift;
          output->n_buffers++;
        }

      output->bytes += gst_buffer_get_size (buffer);
    }

  g_mutex_unlock (&output->mutex);

  return GST_PAD_PROBE_OK;
}

static void
bench_drift (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstPad) pad = NULL;
  const char *long_file = g_getenv ("LW_BENCH_LONG_MP3");
  Output output = { 0 };
  const double rate = 1.5;
  GstElement *sink_bin;
  GstElement *sink;
  gint64 episode_id = fixture->mp3_id;
  gint64 start, duration;
  double audio_ms;

  g_mutex_init (&output.mutex);
  gst_segment_init (&output.segment, GST_FORMAT_TIME);

  sink_bin = gst_parse_bin_from_description ("audioconvert ! audioresample ! "
                                             "audio/x-raw,format=S16LE,rate=44100,channels=2 ! "
                                             "fakesink name=sink sync=false",
                                             TRUE, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (sink_bin), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     (GstPadProbeCallback) watch_output, &output, NULL);
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
  WAIT_FOR (fixture->n_finished == 1, 1800000);

  duration = lw_player_get_duration (fixture->player);
  g_mutex_lock (&output.mutex);
  audio_ms = output.bytes / 176.4;
  g_test_message ("Played %s: %.2f min of media at %.1fx in %.1f s without sync: %.2f min of audio out "
                  "(%" G_GUINT64_FORMAT " buffers, applied rate %.2f)",
                  long_file != NULL ? long_file : "test-tone.mp3",
                  duration / 60000.0, rate, (g_get_monotonic_time () - start) / 1e6,
                  audio_ms / 60000.0, output.n_buffers, output.segment.applied_rate);
  g_test_message ("drift, position vs audio out x rate: largest %.1f ms, at the end %.1f ms; "
                  "|duration - audio x rate| = %.0f ms",
                  output.max_drift_ms, output.drift_at_end_ms, fabs (duration - audio_ms * rate));
  g_mutex_unlock (&output.mutex);

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  g_mutex_clear (&output.mutex);
}

/* The same against the clock, in real time, for a short stretch: media time the
 * player reports against wall time x rate into a synced sink. */
static void
bench_drift_synced (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const double rate = 1.5;
  gint64 start_time, start_position;
  double drift = 0;

  fixture->player = new_player (fixture, FALSE);
  load (fixture, fixture->mp3_id);
  lw_player_set_rate (fixture->player, rate);
  lw_player_play (fixture->player);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PLAYING, 5000);
  run_for (500);

  start_time = g_get_monotonic_time ();
  start_position = POSITION (fixture);
  for (guint i = 0; i < 5; i++)
    {
      double expected;

      run_for (1000);
      expected = start_position + (g_get_monotonic_time () - start_time) / 1000.0 * rate;
      drift = MAX (drift, fabs (POSITION (fixture) - expected));
    }

  g_test_message ("synced at %.1fx for 5 s: position vs wall time x rate within %.0f ms "
                  "(the position ticks every 200 ms)", rate, drift);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bench/player/latency", Fixture, NULL, fixture_set_up, bench_latency, fixture_tear_down);
  g_test_add ("/bench/player/drift", Fixture, NULL, fixture_set_up, bench_drift, fixture_tear_down);
  g_test_add ("/bench/player/drift-synced", Fixture, NULL, fixture_set_up, bench_drift_synced, fixture_tear_down);
  g_test_add ("/bench/player/cpu", Fixture, NULL, fixture_set_up, bench_cpu, fixture_tear_down);

  return g_test_run ();
}
