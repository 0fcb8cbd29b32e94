/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-show-grid"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/lw-library.h"
#include "lw-application.h"
#include "ui/lw-show-grid.h"
#include "ui/lw-window.h"
#include "ui/lw-after-frame.h"
#include "lw-bench-blocks.h"
#include "lw-ui-test.h"

/* The Shows grid with many shows (issue 8: "stay instant with 1,000 shows"). Fills
 * the library under XDG_DATA_HOME with N shows of E episodes each (through the
 * library's own merge, as a subscription stores them; artwork from a dozen PNGs
 * written here) unless it has shows already, then starts the app's window and times
 * every main-loop iteration (the poll function is wrapped: the time from one poll's
 * return to the next poll is one block the loop could not answer input in), in
 * these phases:
 *   start   the first frame, and the longest block in the 1.5 s after it (the rest
 *           of the tiles come in then)
 *   empty   the grid given no shows (as a filter that finds none)
 *   reload  the grid given its 1,000 shows again (as a new library list would)
 *   recent  sorted by newest episode, as the sort menu does (win.sort-shows)
 *   title   and back to by title
 *   filter  a filter typed ("show 1") and cleared
 *   changed the library read again after another process (longwave-cli) changed
 *           the file: on a worker thread, as the library does, and (to compare,
 *           not part of the goal) on the main thread, as it did before
 * Then the toolkit's floor in the same window: a plain GtkGridView of as many
 * labels (load, and a sort change through a GtkSortListModel). Goal: no block over
 * 16 ms. Run by bench/bench-show-grid.sh. Not a test: timings depend on the machine. */

#define GOAL_MS 16.0
#define PHASE_MS 1000

typedef struct
{
  double wall_ms;
  double cpu_ms;
  guint  blocks;
  guint  over;     /* blocks over the goal, wall clock */
} Phase;

/* The longest block of @blocks, and how many there were (over the goal too). */
static Phase
phase_of (LwBenchBlocks *blocks)
{
  Phase phase = { 0, };

  phase.wall_ms = lw_bench_blocks_max (blocks->wall_ms);
  phase.cpu_ms = lw_bench_blocks_max (blocks->cpu_ms);
  phase.blocks = blocks->wall_ms->len;
  for (guint i = 0; i < blocks->wall_ms->len; i++)
    if (g_array_index (blocks->wall_ms, double, i) > GOAL_MS)
      {
        phase.over++;
        if (g_getenv ("LW_BENCH_VERBOSE") != NULL)
          printf ("    block of %.2f ms (%.2f ms CPU), from %.6f s (CLOCK_MONOTONIC: perf script --time)\n",
                  g_array_index (blocks->wall_ms, double, i), g_array_index (blocks->cpu_ms, double, i),
                  g_array_index (blocks->starts, gint64, i) / (double) G_USEC_PER_SEC);
      }
  lw_bench_blocks_clear (blocks);

  return phase;
}

/* Runs @step from the main loop, as a click's handler would run, and returns the
 * longest block of the @ms that follow (the step's own included). */
static Phase
measure (const char  *name,
         GSourceFunc  step,
         gpointer     data,
         guint        ms)
{
  LwBenchBlocks blocks = { NULL, };

  wait_ms (300);
  if (g_getenv ("LW_BENCH_VERBOSE") != NULL)
    printf ("  %s\n", name);
  lw_bench_blocks_start (&blocks);
  lw_bench_in_dispatch (step, data);
  wait_ms (ms);
  lw_bench_blocks_stop ();

  return phase_of (&blocks);
}

/* Titles as people have them: numbered series (which sort by number, not by
 * digit), accents, lower case, leading articles. */
static char *
make_title (guint i)
{
  static const char *names[] = {
    "Show", "The Daily Show", "émission", "Zebra Talk", "podcast",
    "Ángel Radio", "Lo-Fi Hour", "Über Tech",
  };

  return g_strdup_printf ("%s %u", names[i % G_N_ELEMENTS (names)], (guint) (i / G_N_ELEMENTS (names) + 1));
}

static void
fill_library (guint n_shows,
              guint n_episodes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = lw_library_new (NULL, &error);
  g_auto(GStrv) artwork = g_new0 (char *, 13);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start = g_get_monotonic_time ();

  if (library == NULL)
    g_error ("%s", error->message);
  if (g_list_model_get_n_items (lw_library_get_shows (library)) > 0)
    return;

  /* A dozen covers of 600×600 (lw-ui-test.c writes them into test_tmp_dir). */
  test_tmp_dir = g_build_filename (g_get_user_data_dir (), "bench-art", NULL);
  g_mkdir_with_parents (test_tmp_dir, 0700);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("cover-%u.png", i);

      artwork[i] = write_artwork (name, (i % 3) / 2.0, (i % 4) / 3.0, (i % 5) / 4.0);
    }

  for (guint i = 0; i < n_shows; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/bench/%u.xml", i);
      g_autofree char *title = make_title (i);
      LwFeed *feed = new_feed (title, "Bench Makers", "A show of the benchmark.", g_strdup (artwork[i % 12]));
      LwHttpCache cache = { NULL, NULL, NULL };

      for (guint j = 0; j < n_episodes; j++)
        {
          g_autofree char *guid = g_strdup_printf ("%u-%u", i, j);
          g_autofree char *episode = g_strdup_printf ("Episode %u", n_episodes - j);
          g_autofree char *media = g_strdup_printf ("https://example.org/bench/%u/%u.mp3", i, j);

          /* Shows a few minutes apart, and their episodes a week apart. */
          add_item (feed, guid, episode, now - (gint64) i * 7 * 60 - (gint64) j * 7 * 24 * 3600, 1800, NULL, media);
        }

      if (lw_library_merge_feed (library, url, feed, &cache, &error) <= 0)
        g_error ("%s", error->message);
      lw_feed_free (feed);
    }

  fprintf (stderr, "== stored %u shows of %u episodes in %.1f s\n", n_shows, n_episodes,
           (g_get_monotonic_time () - start) / 1e6);
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
count_type (GtkWidget *widget,
            GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_type (child, type);

  return n;
}

typedef struct
{
  gint64    painted;
  GtkWidget *grid;
  guint     tiles;
  guint     shows;
} FirstPaint;

static void
on_first_paint (GdkFrameClock *clock,
                FirstPaint    *first)
{
  if (first->painted != 0)
    return;

  first->painted = g_get_monotonic_time ();
  first->tiles = count_type (first->grid, g_type_from_name ("LwShowTile"));
  first->shows = g_list_model_get_n_items (lw_show_grid_get_model (LW_SHOW_GRID (first->grid)));
}

/* The steps the phases run from the main loop. */

static GListModel *shows;

static gboolean
set_no_shows (gpointer grid)
{
  lw_show_grid_set_shows (grid, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
set_shows (gpointer grid)
{
  lw_show_grid_set_shows (grid, shows);

  return G_SOURCE_REMOVE;
}

static gboolean
sort_recent (gpointer window)
{
  gtk_widget_activate_action (window, "win.sort-shows", "s", "recent");

  return G_SOURCE_REMOVE;
}

static gboolean
sort_title (gpointer window)
{
  gtk_widget_activate_action (window, "win.sort-shows", "s", "title");

  return G_SOURCE_REMOVE;
}

static gboolean
filter_some (gpointer grid)
{
  lw_show_grid_set_filter_text (grid, "show 1");

  return G_SOURCE_REMOVE;
}

static gboolean
filter_none (gpointer grid)
{
  lw_show_grid_set_filter_text (grid, "");

  return G_SOURCE_REMOVE;
}

/* Another process (longwave-cli) changes the file, here a second library on a
 * thread of its own (its main context too), so that only the reading shows on the
 * main loop; then the library reads every show again, as its watch does: on a
 * worker thread (async), or, to compare, on the main thread as it did before. */
typedef struct
{
  LwLibrary *library;
  gboolean   sync;
  guint      serial;
  gboolean   done;
  gboolean   changed;
} Elsewhere;

static char *
elsewhere_text (guint serial)
{
  return g_strdup_printf ("Changed elsewhere %u", serial);
}

static void
on_reloaded (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  Elsewhere *elsewhere = data;
  g_autoptr(GError) error = NULL;

  elsewhere->changed = lw_library_reload_if_changed_finish (LW_LIBRARY (object), result, &error);
  g_assert_no_error (error);
  elsewhere->done = TRUE;
}

static gboolean
reload_changed (gpointer data)
{
  Elsewhere *elsewhere = data;

  if (elsewhere->sync)
    {
      elsewhere->changed = lw_library_reload_if_changed (elsewhere->library);
      elsewhere->done = TRUE;
    }
  else
    lw_library_reload_if_changed_async (elsewhere->library, NULL, on_reloaded, elsewhere);

  return G_SOURCE_REMOVE;
}

static gpointer
change_in_thread (gpointer data)
{
  Elsewhere *elsewhere = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *text = elsewhere_text (elsewhere->serial);
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  {
    g_autoptr(LwLibrary) other = lw_library_new (NULL, &error);
    g_autoptr(LwShow) show = NULL;

    if (other == NULL)
      g_error ("%s", error->message);
    show = g_list_model_get_item (lw_library_get_shows (other), 0);
    if (!lw_library_set_show_error (other, lw_show_get_id (show), text, &error))
      g_error ("%s", error->message);
  }
  g_main_context_pop_thread_default (context);

  g_idle_add (reload_changed, elsewhere);

  return NULL;
}

static gboolean
change_elsewhere (gpointer data)
{
  g_thread_unref (g_thread_new ("elsewhere", change_in_thread, data));

  return G_SOURCE_REMOVE;
}

/* The change reached the models (whoever read it: the watch may be first). */
static void
check_elsewhere (Elsewhere *elsewhere)
{
  g_autoptr(LwShow) show = g_list_model_get_item (shows, 0);
  g_autofree char *text = elsewhere_text (elsewhere->serial);

  if (!elsewhere->done || g_strcmp0 (lw_show_get_last_error (show), text) != 0)
    g_error ("The library did not read the change in time");
  if (!elsewhere->changed)
    printf ("(the library's watch read the change first)\n");
}

/* The floor: a plain grid of labels the size of a tile. */

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (label, 156, 190);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static GtkSortListModel *floor_sorted;
static GtkGridView *floor_grid;
static GtkStringList *floor_strings;

static gboolean
floor_load (gpointer data)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  floor_sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (floor_strings)), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (floor_sorted)));
  gtk_grid_view_set_model (floor_grid, GTK_SELECTION_MODEL (selection));

  return G_SOURCE_REMOVE;
}

static int
compare_reversed (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  return g_strcmp0 (gtk_string_object_get_string ((GtkStringObject *) b),
                    gtk_string_object_get_string ((GtkStringObject *) a));
}

static gboolean
floor_sort (gpointer data)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_reversed, NULL, NULL));

  gtk_sort_list_model_set_sorter (floor_sorted, sorter);

  return G_SOURCE_REMOVE;
}

static void
print_phase (const char  *name,
             const Phase *phase,
             const Phase *floor)
{
  printf ("%-8s longest block %7.2f ms (%6.2f ms CPU), %3u blocks over %.0f ms",
          name, phase->wall_ms, phase->cpu_ms, phase->over, GOAL_MS);
  if (floor != NULL)
    printf ("   floor %6.2f ms  ratio %5.2f×", floor->wall_ms,
            floor->wall_ms > 0 ? phase->wall_ms / floor->wall_ms : 0);
  printf ("   %s\n", phase->wall_ms <= GOAL_MS ? "met" : "MISSED");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  guint n_shows = argc > 1 ? atoi (argv[1]) : 1000;
  guint n_episodes = argc > 2 ? atoi (argv[2]) : 20;
  GtkWindow *window;
  GtkWidget *grid;
  GtkWidget *scrolled;
  GtkListItemFactory *factory;
  FirstPaint first = { 0 };
  Phase start, empty, reload, recent, title, filter, clear, changed, changed_sync;
  Phase floor_load_phase, floor_sort_phase;
  Elsewhere elsewhere;
  gint64 activated;
  gint64 cpu_start;
  gulong paint_id;
  gboolean all_met;

  /* Line by line: LW_BENCH_VERBOSE's lines interleave with the app's on stderr. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  fill_library (n_shows, n_episodes);

  lw_bench_blocks_install ();

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  if (lw_application_get_library (app) == NULL)
    g_error ("No library");
  shows = lw_library_get_shows (lw_application_get_library (app));
  g_settings_set_boolean (lw_application_get_settings (app), "refresh-on-startup", FALSE);

  /* Start: activate (builds and shows the window) to its first frame, then what
   * follows it. */
  activated = g_get_monotonic_time ();
  cpu_start = lw_after_frame_thread_cpu_us ();
  g_application_activate (G_APPLICATION (app));
  window = GTK_WINDOW (lw_application_get_main_window (app));
  g_assert (LW_IS_WINDOW (window));
  first.grid = grid = find_type (GTK_WIDGET (window), LW_TYPE_SHOW_GRID);
  g_assert (grid != NULL);
  /* "paint", not "after-paint": the grid lets the rest of its tiles in after it. */
  paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "paint",
                               G_CALLBACK (on_first_paint), &first);
  while (first.painted == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), paint_id);
  printf ("%u shows of %u episodes, window %d×%d\n", g_list_model_get_n_items (shows), n_episodes,
          gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  printf ("first frame   %.2f ms after activate (%.2f ms CPU), %u tiles, %u shows in the grid\n",
          (first.painted - activated) / 1000.0, (lw_after_frame_thread_cpu_us () - cpu_start) / 1000.0,
          first.tiles, first.shows);
  {
    LwBenchBlocks blocks = { NULL, };

    lw_bench_blocks_start (&blocks);
    wait_ms (1500);
    lw_bench_blocks_stop ();
    start = phase_of (&blocks);
  }
  printf ("tiles built   %u for %u shows\n", count_type (grid, g_type_from_name ("LwShowTile")),
          g_list_model_get_n_items (lw_show_grid_get_model (LW_SHOW_GRID (grid))));

  empty = measure ("empty", set_no_shows, grid, PHASE_MS);
  reload = measure ("reload", set_shows, grid, PHASE_MS);
  recent = measure ("recent", sort_recent, window, PHASE_MS);
  title = measure ("title", sort_title, window, PHASE_MS);
  filter = measure ("filter", filter_some, grid, PHASE_MS);
  clear = measure ("clear", filter_none, grid, PHASE_MS);
  elsewhere = (Elsewhere) { lw_application_get_library (app), FALSE, 1 };
  changed = measure ("changed", change_elsewhere, &elsewhere, PHASE_MS);
  check_elsewhere (&elsewhere);
  elsewhere = (Elsewhere) { lw_application_get_library (app), TRUE, 2 };
  changed_sync = measure ("changed, read on the main thread", change_elsewhere, &elsewhere, PHASE_MS);
  check_elsewhere (&elsewhere);

  /* The floor, in the same window. */
  floor_strings = gtk_string_list_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (shows); i++)
    {
      g_autofree char *text = make_title (i);

      gtk_string_list_append (floor_strings, text);
    }
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  floor_grid = GTK_GRID_VIEW (gtk_grid_view_new (NULL, factory));
  gtk_grid_view_set_max_columns (floor_grid, 12);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (floor_grid));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), scrolled);
  floor_load_phase = measure ("floor load", floor_load, NULL, PHASE_MS);
  floor_sort_phase = measure ("floor sort", floor_sort, NULL, PHASE_MS);

  printf ("\nlongest main-loop block (poll to poll), wall clock; floor: a plain GtkGridView of %u labels\n",
          g_list_model_get_n_items (shows));
  print_phase ("start", &start, NULL);
  print_phase ("empty", &empty, NULL);
  print_phase ("reload", &reload, &floor_load_phase);
  print_phase ("recent", &recent, &floor_sort_phase);
  print_phase ("title", &title, &floor_sort_phase);
  print_phase ("filter", &filter, NULL);
  print_phase ("clear", &clear, NULL);
  print_phase ("changed", &changed, NULL);
  printf ("  (read on the main thread, as before: %.2f ms, %.2f ms CPU)\n", changed_sync.wall_ms, changed_sync.cpu_ms);
  printf ("floor    load %.2f ms (%.2f ms CPU), sort %.2f ms (%.2f ms CPU)\n",
          floor_load_phase.wall_ms, floor_load_phase.cpu_ms, floor_sort_phase.wall_ms, floor_sort_phase.cpu_ms);

  all_met = start.wall_ms <= GOAL_MS && empty.wall_ms <= GOAL_MS && reload.wall_ms <= GOAL_MS && recent.wall_ms <= GOAL_MS &&
            title.wall_ms <= GOAL_MS && filter.wall_ms <= GOAL_MS && clear.wall_ms <= GOAL_MS &&
            changed.wall_ms <= GOAL_MS;
  printf ("goal          no block over %.0f ms after the first frame: %s\n", GOAL_MS, all_met ? "met" : "MISSED");

  g_clear_object (&floor_sorted);
  g_clear_object (&floor_strings);
  gtk_window_destroy (window);

  return all_met ? 0 : 1;
}
