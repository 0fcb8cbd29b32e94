/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
  g_test_message ("Opus at 1.0×: %.1f%% of one core", measure_cpu (fixture, 1.0, 4000));
  g_test_message ("Opus at 2.0×: %.1f%% of one core", measure_cpu (fixture, 2.0, 3000));

  load (fixture, fixture->mp3_id);
  g_test_message ("MP3 at 1.0×: %.1f%% of one core", measure_cpu (fixture, 1.0, 4000));
  g_test_message ("MP3 at 2.0×: %.1f%% of one core", measure_cpu (fixture, 2.0, 3000));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bench/player/latency", Fixture, NULL, fixture_set_up, bench_latency, fixture_tear_down);
  g_test_add ("/bench/player/cpu", Fixture, NULL, fixture_set_up, bench_cpu, fixture_tear_down);

  return g_test_run ();
}
