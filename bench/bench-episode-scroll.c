/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-episode-scroll"

#include "config.h"

/* LW_BENCH_CALLGRIND=1 (the script): the instructions of each iteration of the
 * opening and of the floor's, and of scroll frames (LW_BENCH_COUNT_FROM to
 * LW_BENCH_FRAMES), which a loaded machine does not change. */
#if __has_include (<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_DUMP_STATS_AT(name)
#define CALLGRIND_ZERO_STATS
#define RUNNING_ON_VALGRIND 0
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lw-library.h"
#include "lw-application.h"
#include "ui/lw-episode-list-view.h"
#include "ui/lw-show-page.h"
#include "ui/lw-window.h"
#include "ui/lw-after-frame.h"
#include "lw-bench-blocks.h"
#include "lw-ui-test.h"

/* Opens the show with the most episodes in the library under XDG_DATA_HOME in the
 * app's own window, as a click on its tile does (lw_window_select_show(): the show
 * page, its header and its episode list), and scrolls the list from top to bottom,
 * one page per frame, timing
 * each frame's work (the frame clock's update → after-paint: layout, binding rows,
 * reading episodes from SQLite, drawing). Then the same scroll over a plain
 * GtkListView of 10,000 GtkLabels in the same window: the toolkit's own floor, for a
 * ratio that does not depend on the machine. Run by bench/bench-episode-scroll.sh. */

typedef struct
{
  const char    *name;
  GtkWidget     *scrolled;
  GtkAdjustment *adjustment;
  GArray        *busy_ms;     /* double: work per frame, wall clock */
  GArray        *cpu_ms;      /* double: the same in CPU time of this thread */
  GArray        *starts;      /* gint64: when each frame began, monotonic µs */
  gint64         frame_start;
  gint64         cpu_start;
  gboolean       done;
  guint          frames_at_end;
  guint          max_frames;  /* 0: to the end */
  int            count_from;  /* -1: no counting; else callgrind counts from this frame */
  double         step;        /* pixels per frame; 0: a page */
} Run;

static void
on_update (GdkFrameClock *clock,
           Run           *run)
{
  run->frame_start = g_get_monotonic_time ();
  run->cpu_start = lw_after_frame_thread_cpu_us ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  double ms;

  if (run->frame_start == 0)
    return;

  ms = (g_get_monotonic_time () - run->frame_start) / 1000.0;
  g_array_append_val (run->busy_ms, ms);
  ms = (lw_after_frame_thread_cpu_us () - run->cpu_start) / 1000.0;
  g_array_append_val (run->cpu_ms, ms);
  if (run->starts != NULL)
    g_array_append_val (run->starts, run->frame_start);
  /* LW_BENCH_SLOW=MS: name each frame whose CPU time is over MS, to find them. */
  if (g_getenv ("LW_BENCH_SLOW") != NULL && ms > g_ascii_strtod (g_getenv ("LW_BENCH_SLOW"), NULL))
    printf ("  %s frame %u: %.2f ms CPU, %.2f ms wall, at %.0f of %.0f px\n", run->name, run->cpu_ms->len - 1, ms,
            g_array_index (run->busy_ms, double, run->busy_ms->len - 1),
            run->adjustment ? gtk_adjustment_get_value (run->adjustment) : 0,
            run->adjustment ? gtk_adjustment_get_upper (run->adjustment) : 0);
  run->frame_start = 0;
}

/* One page further each frame (a scrollbar dragged fast: ~50,000 px/s), or @step
 * pixels (a hard fling is ~6,000 px/s: 100 px a frame), until the end stays the end
 * (the list's height is an estimate until its rows are measured). */
static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       data)
{
  Run *run = data;
  double value = gtk_adjustment_get_value (run->adjustment);
  double page = gtk_adjustment_get_page_size (run->adjustment);
  double end = gtk_adjustment_get_upper (run->adjustment) - page;

  if (run->count_from >= 0 && run->busy_ms->len == (guint) run->count_from)
    {
      CALLGRIND_ZERO_STATS;
      CALLGRIND_START_INSTRUMENTATION;
    }

  if (run->max_frames > 0 && run->busy_ms->len >= run->max_frames)
    {
      if (run->count_from >= 0 && (guint) run->count_from < run->max_frames)
        {
          g_autofree char *what = g_strdup_printf ("scroll: %s, %u frames", run->name,
                                                   run->max_frames - run->count_from);

          CALLGRIND_DUMP_STATS_AT (what);
          CALLGRIND_STOP_INSTRUMENTATION;
        }
      run->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  if (value >= end - 1)
    {
      if (++run->frames_at_end > 10)
        {
          run->done = TRUE;
          return G_SOURCE_REMOVE;
        }
    }
  else
    run->frames_at_end = 0;

  gtk_adjustment_set_value (run->adjustment, MIN (value + (run->step > 0 ? run->step : page), end));

  return G_SOURCE_CONTINUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *name,
        GArray     *values,
        double     *p99_out,
        double     *max_out)
{
  GArray *sorted = g_array_copy (values);
  guint n = sorted->len;
  double sum = 0;
  guint over = 0;

  g_array_sort (sorted, compare_double);
  for (guint i = 0; i < n; i++)
    {
      sum += g_array_index (sorted, double, i);
      if (g_array_index (sorted, double, i) > 16.0)
        over++;
    }

  *p99_out = n ? g_array_index (sorted, double, MIN (n - 1, (guint) (n * 0.99))) : 0;
  *max_out = n ? g_array_index (sorted, double, n - 1) : 0;
  printf ("%-12s frames %5u  mean %6.2f ms  median %6.2f ms  p99 %6.2f ms  max %6.2f ms  over 16 ms: %u\n",
          name, n, n ? sum / n : 0, n ? g_array_index (sorted, double, n / 2) : 0,
          *p99_out, *max_out, over);
  g_array_unref (sorted);
}

static void
watch_report (LwBenchBlocks *watch,
              const char    *what,
              double        *wall_max,
              double        *cpu_max)
{
  double p99;

  lw_bench_blocks_stop ();
  printf ("main loop, %s: the work of each iteration, frames and everything else\n", what);
  report ("wall clock", watch->wall_ms, &p99, wall_max);
  report ("CPU", watch->cpu_ms, &p99, cpu_max);
  for (guint i = 0; i < watch->wall_ms->len && g_getenv ("LW_BENCH_VERBOSE"); i++)
    if (g_array_index (watch->cpu_ms, double, i) > 4.0)
      printf ("  iteration %u: %.2f ms, %.2f ms CPU, from %.6f s\n", i,
              g_array_index (watch->wall_ms, double, i), g_array_index (watch->cpu_ms, double, i),
              g_array_index (watch->starts, gint64, i) / (double) G_USEC_PER_SEC);
  lw_bench_blocks_clear (watch);
}

static void
run_scroll (Run       *run,
            GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong update_id = g_signal_connect (clock, "update", G_CALLBACK (on_update), run);
  gulong paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), run);

  run->busy_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run->cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_add_tick_callback (run->scrolled, tick, run, NULL);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, paint_id);
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line ? strtol (line + 6, NULL, 10) : -1;
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static void
on_phase (GdkFrameClock *clock,
          const char    *phase)
{
  if (g_getenv ("LW_BENCH_PHASES") != NULL)
    printf ("  phase %s at %.6f s\n", phase, g_get_monotonic_time () / (double) G_USEC_PER_SEC);
}

static void
on_first_paint (GdkFrameClock *clock,
                gint64        *painted)
{
  if (*painted == 0)
    *painted = g_get_monotonic_time ();
}

typedef struct
{
  LwWindow *window;
  gint64    show_id;
  gint64    start;
  double    wall_ms;
  double    cpu_ms;
} Click;

static gboolean
click_show (gpointer data)
{
  Click *click = data;
  gint64 cpu_start = lw_after_frame_thread_cpu_us ();

  click->start = g_get_monotonic_time ();
  if (!lw_window_select_show (click->window, click->show_id))
    g_error ("Could not open the show");
  click->wall_ms = (g_get_monotonic_time () - click->start) / 1000.0;
  click->cpu_ms = (lw_after_frame_thread_cpu_us () - cpu_start) / 1000.0;

  return G_SOURCE_REMOVE;
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *content;
} Content;

static gboolean
set_content (gpointer data)
{
  Content *content = data;

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (content->window), content->content);

  return G_SOURCE_REMOVE;
}

static LwEpisodeListView *
find_list (GtkWidget *widget)
{
  if (LW_IS_EPISODE_LIST_VIEW (widget))
    return LW_EPISODE_LIST_VIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      LwEpisodeListView *found = find_list (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GtkStringList) strings = NULL;
  LwLibrary *library;
  GListModel *shows;
  GtkWindow *window;
  LwEpisodeListView *list;
  GtkWidget *plain;
  GtkListItemFactory *factory;
  Run lw_run = { "Longwave" };
  Run open_run = { "Opening" };
  gulong open_update_id;
  gulong open_paint_id;
  Run floor_run = { "GtkListView" };
  Run fling_run = { "fling" };
  gint64 start;
  gint64 painted = 0;
  Click click = { NULL, };
  Content floor_content = { NULL, };
  gulong paint_id;
  double lw_p99, lw_max, floor_p99, floor_max;
  double open_block_max, open_block_cpu_max, scroll_block_max, scroll_block_cpu_max;
  double floor_open_max, floor_open_cpu_max;
  double idle_block_max, idle_block_cpu_max;
  LwBenchBlocks watch_blocks = { NULL, };
  LwBenchBlocks *watch = &watch_blocks;
  long rss_before;

  lw_bench_blocks_install ();

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  library = lw_application_get_library (app);
  if (library == NULL)
    g_error ("No library");

  shows = lw_library_get_shows (library);
  for (guint i = 0; i < g_list_model_get_n_items (shows); i++)
    {
      g_autoptr(LwShow) candidate = g_list_model_get_item (shows, i);

      if (show == NULL || lw_show_get_episode_count (candidate) > lw_show_get_episode_count (show))
        g_set_object (&show, candidate);
    }
  if (show == NULL)
    g_error ("The library has no show");

  /* The app's window, as it starts (no check of the feeds: the server is gone). */
  g_settings_set_boolean (lw_application_get_settings (app), "refresh-on-startup", FALSE);
  g_application_activate (G_APPLICATION (app));
  window = GTK_WINDOW (lw_application_get_main_window (app));
  g_assert (LW_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1200, 900);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  /* What the window does by itself once it is up (after its first frame, which is
   * start-up's own): the pages built ahead, icons read, artwork decoded. A click then
   * must not wait behind any of it for long. */
  {
    gint64 first_paint = 0;
    gulong id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                  G_CALLBACK (on_first_paint), &first_paint);

    while (first_paint == 0)
      g_main_context_iteration (NULL, TRUE);
    g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), id);
  }
  lw_bench_blocks_start (watch);
  /* Under valgrind, the warm-up's steps take many times longer. */
  wait_ms (RUNNING_ON_VALGRIND ? 20000 : 1000);
  watch_report (watch, "after start-up (the second after the first frame)", &idle_block_max, &idle_block_cpu_max);
  printf ("\n");

  /* LW_BENCH_WARM=1: open the show once before, then go back, to see the cost of
   * opening a show in a window that has shown one already. */
  if (g_getenv ("LW_BENCH_WARM") != NULL)
    {
      lw_window_select_show (LW_WINDOW (window), lw_show_get_id (show));
      wait_ms (500);
      /* LW_BENCH_WARM=other: show another episode than the one the opening previews. */
      if (g_strcmp0 (g_getenv ("LW_BENCH_WARM"), "other") == 0)
        {
          g_autoptr(GListModel) episodes = lw_library_get_episodes (library, lw_show_get_id (show));
          g_autoptr(LwEpisode) other = g_list_model_get_item (episodes, 5);

          lw_window_select_episode (LW_WINDOW (window), lw_episode_get_id (other));
          wait_ms (500);
        }
      lw_show_page_set_show (LW_SHOW_PAGE (lw_window_get_show_page (LW_WINDOW (window))), NULL);
      gtk_widget_activate_action (GTK_WIDGET (window), "library.back", NULL);
      wait_ms (500);
    }

  /* Opening: lw_window_select_show() to the first frame that shows it. */
  rss_before = rss_kb ();
  paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                               G_CALLBACK (on_first_paint), &painted);
  /* The library's share of opening: the list of ids. */
  start = g_get_monotonic_time ();
  g_object_unref (lw_library_get_episodes (library, lw_show_get_id (show)));
  printf ("ids          %.2f ms (lw_library_get_episodes)\n", (g_get_monotonic_time () - start) / 1000.0);

  /* The frames of the opening too: a long list comes in over a few of them. */
  open_run.busy_ms = g_array_new (FALSE, FALSE, sizeof (double));
  open_run.cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  open_run.starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  open_update_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "update",
                                     G_CALLBACK (on_update), &open_run);
  open_paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                    G_CALLBACK (on_after_paint), &open_run);
  for (guint i = 0; i < 6; i++)
    {
      const char *phases[] = { "flush-events", "before-paint", "update", "layout", "paint", "after-paint" };

      g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), phases[i], G_CALLBACK (on_phase), (gpointer) phases[i]);
    }
  lw_bench_blocks_start (watch);
  click.window = LW_WINDOW (window);
  click.show_id = lw_show_get_id (show);
  CALLGRIND_START_INSTRUMENTATION;
  lw_bench_in_dispatch (click_show, &click);
  CALLGRIND_DUMP_STATS_AT ("opening: select_show");
  start = click.start;
  printf ("show         “%s”, %u episodes\n", lw_show_get_title (show), lw_show_get_episode_count (show));
  printf ("select_show  %.2f ms (%.2f ms CPU)\n", click.wall_ms, click.cpu_ms);
  list = find_list (lw_window_get_show_page (LW_WINDOW (window)));
  if (list == NULL)
    g_error ("The show page has no episode list");
  while (painted == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      CALLGRIND_DUMP_STATS_AT ("opening: an iteration");
    }
  CALLGRIND_STOP_INSTRUMENTATION;
  printf ("first frame  %.2f ms after select_show\n", (painted - start) / 1000.0);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), paint_id);
  /* LW_BENCH_OPEN_WAIT: scroll that many ms after the opening's first frame instead
   * (the list still coming in, a few rows a frame). */
  wait_ms (g_getenv ("LW_BENCH_OPEN_WAIT") ? atoi (g_getenv ("LW_BENCH_OPEN_WAIT")) : 600);
  /* Under valgrind a frame takes long and the list comes in slowly: the counted
   * frames are of a scroll through the whole list, not of its coming in. */
  while (RUNNING_ON_VALGRIND &&
         g_list_model_get_n_items (lw_episode_list_view_get_shown (list)) < lw_show_get_episode_count (show))
    wait_ms (50);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), open_update_id);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), open_paint_id);
  printf ("\nopening: the frames of the 600 ms after select_show (a long list comes in over some)\n");
  {
    double p99, max;

    report ("wall clock", open_run.busy_ms, &p99, &max);
    report ("CPU", open_run.cpu_ms, &p99, &max);
    for (guint i = 0; i < open_run.cpu_ms->len && g_getenv ("LW_BENCH_VERBOSE"); i++)
      printf ("  frame %u: %.2f ms, %.2f ms CPU, from %.6f s (CLOCK_MONOTONIC: perf script --time)\n", i,
              g_array_index (open_run.busy_ms, double, i), g_array_index (open_run.cpu_ms, double, i),
              g_array_index (open_run.starts, gint64, i) / (double) G_USEC_PER_SEC);
  }
  printf ("\n");
  watch_report (watch, "opening (select_show's iteration and the 600 ms after)",
                &open_block_max, &open_block_cpu_max);

  /* LW_BENCH_FRAMES: stop after that many frames (profiling); LW_BENCH_VERBOSE: each
   * frame of the opening. */
  if (g_getenv ("LW_BENCH_FRAMES") != NULL)
    lw_run.max_frames = floor_run.max_frames = atoi (g_getenv ("LW_BENCH_FRAMES"));
  if (g_getenv ("LW_BENCH_COUNT_FROM") != NULL)
    lw_run.count_from = floor_run.count_from = atoi (g_getenv ("LW_BENCH_COUNT_FROM"));
  else
    lw_run.count_from = floor_run.count_from = -1;

  lw_run.scrolled = gtk_widget_get_parent (GTK_WIDGET (lw_episode_list_view_get_list_view (list)));
  lw_run.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (lw_episode_list_view_get_list_view (list)));
  lw_bench_blocks_start (watch);
  run_scroll (&lw_run, window);
  printf ("\n");
  watch_report (watch, "scrolling a page a frame", &scroll_block_max, &scroll_block_cpu_max);
  /* A fling: 100 px a frame for 600 frames (about 1,100 rows), from the top. */
  fling_run.scrolled = lw_run.scrolled;
  fling_run.adjustment = lw_run.adjustment;
  fling_run.step = 100;
  fling_run.count_from = -1;
  fling_run.max_frames = lw_run.max_frames ? lw_run.max_frames : 600;
  gtk_adjustment_set_value (fling_run.adjustment, 0);
  wait_ms (300);
  run_scroll (&fling_run, window);

  printf ("rows read    %u (%ld KB more resident after the scroll; %ld KB in all)\n",
          g_list_model_get_n_items (lw_episode_list_view_get_shown (list)), rss_kb () - rss_before, rss_kb ());

  /* The floor: the same window, a list of plain labels of the same count. */
  strings = gtk_string_list_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (lw_episode_list_view_get_shown (list)); i++)
    {
      g_autofree char *text = g_strdup_printf ("Episode %u", i);

      gtk_string_list_append (strings, text);
    }
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  plain = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&strings)))),
                             factory);
  floor_run.scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (floor_run.scrolled), plain);
  /* The floor of opening too: that list shown in place of the window's content, its
   * rows made and drawn for the first time (after Longwave's widgets are gone: taking
   * them down is not the floor's). */
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  wait_ms (300);
  lw_bench_blocks_start (watch);
  floor_content.window = GTK_WIDGET (window);
  floor_content.content = floor_run.scrolled;
  painted = 0;
  paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                               G_CALLBACK (on_first_paint), &painted);
  CALLGRIND_START_INSTRUMENTATION;
  lw_bench_in_dispatch (set_content, &floor_content);
  CALLGRIND_DUMP_STATS_AT ("floor: set_content");
  while (painted == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      CALLGRIND_DUMP_STATS_AT ("floor: an iteration");
    }
  CALLGRIND_STOP_INSTRUMENTATION;
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), paint_id);
  wait_ms (300);
  printf ("\n");
  watch_report (watch, "the floor's opening (that plain list in place of the window's content)",
                &floor_open_max, &floor_open_cpu_max);
  floor_run.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (plain));
  run_scroll (&floor_run, window);

  printf ("\nwork per frame, wall clock (update → after-paint)\n");
  report ("Longwave", lw_run.busy_ms, &lw_p99, &lw_max);
  report ("GtkListView", floor_run.busy_ms, &floor_p99, &floor_max);
  printf ("ratio        p99 %.2f×, max %.2f× (Longwave / plain GtkListView)\n",
          floor_p99 > 0 ? lw_p99 / floor_p99 : 0, floor_max > 0 ? lw_max / floor_max : 0);
  {
    double cpu_p99, cpu_max, floor_cpu_p99, floor_cpu_max;

    printf ("\nwork per frame, CPU time of the main thread\n");
    report ("Longwave", lw_run.cpu_ms, &cpu_p99, &cpu_max);
    report ("GtkListView", floor_run.cpu_ms, &floor_cpu_p99, &floor_cpu_max);
    printf ("ratio        p99 %.2f×, max %.2f× (Longwave / plain GtkListView)\n",
            floor_cpu_p99 > 0 ? cpu_p99 / floor_cpu_p99 : 0, floor_cpu_max > 0 ? cpu_max / floor_cpu_max : 0);
  }
  {
    double fling_p99, fling_max, fling_cpu_p99, fling_cpu_max;

    printf ("\nLongwave, flung at 100 px a frame (600 frames)\n");
    report ("wall clock", fling_run.busy_ms, &fling_p99, &fling_max);
    report ("CPU", fling_run.cpu_ms, &fling_cpu_p99, &fling_cpu_max);
  }
  {
    double open_max;
    GArray *open_sorted = g_array_copy (open_run.busy_ms);

    g_array_sort (open_sorted, compare_double);
    open_max = open_sorted->len ? g_array_index (open_sorted, double, open_sorted->len - 1) : 0;
    g_array_unref (open_sorted);
    printf ("\ngoal         the main loop never blocked over 16 ms (frames %.2f ms at most):\n", MAX (open_max, lw_max));
    printf ("  opening    max %6.2f ms, %6.2f ms CPU (select_show and the 600 ms after): %s\n",
            open_block_max, open_block_cpu_max, open_block_max <= 16.0 ? "met" : "MISSED");
    printf ("  scrolling  max %6.2f ms, %6.2f ms CPU (top to bottom, a page a frame): %s\n",
            scroll_block_max, scroll_block_cpu_max, scroll_block_max <= 16.0 ? "met" : "MISSED");
    printf ("  after start-up max %6.2f ms, %6.2f ms CPU (the second after the first frame): %s\n",
            idle_block_max, idle_block_cpu_max, idle_block_max <= 16.0 ? "met" : "MISSED");
    printf ("  opening, against the floor's (a plain list shown for the first time): %.2f× wall, %.2f× CPU\n",
            floor_open_max > 0 ? open_block_max / floor_open_max : 0,
            floor_open_cpu_max > 0 ? open_block_cpu_max / floor_open_cpu_max : 0);

    gtk_window_destroy (window);

    return scroll_block_max <= 16.0 && open_block_max <= 16.0 ? 0 : 1;
  }
}
