/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-bench-blocks"

#include "config.h"

#include "lw-bench-blocks.h"
#include "ui/lw-after-frame.h"

static GPollFunc real_poll;
static LwBenchBlocks *recording;
static gint64 busy_start;
static gint64 busy_cpu_start;

static gint
timed_poll (GPollFD *fds,
            guint    nfds,
            gint     timeout)
{
  gint ret;

  if (recording != NULL && busy_start != 0)
    {
      double wall = (g_get_monotonic_time () - busy_start) / 1000.0;
      double cpu = (lw_after_frame_thread_cpu_us () - busy_cpu_start) / 1000.0;

      g_array_append_val (recording->wall_ms, wall);
      g_array_append_val (recording->cpu_ms, cpu);
      g_array_append_val (recording->starts, busy_start);
    }

  ret = real_poll (fds, nfds, timeout);

  busy_start = g_get_monotonic_time ();
  busy_cpu_start = lw_after_frame_thread_cpu_us ();

  return ret;
}

void
lw_bench_blocks_install (void)
{
  if (real_poll != NULL)
    return;

  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
}

void
lw_bench_blocks_clear (LwBenchBlocks *blocks)
{
  g_clear_pointer (&blocks->wall_ms, g_array_unref);
  g_clear_pointer (&blocks->cpu_ms, g_array_unref);
  g_clear_pointer (&blocks->starts, g_array_unref);
}

void
lw_bench_blocks_start (LwBenchBlocks *blocks)
{
  g_assert (real_poll != NULL);

  lw_bench_blocks_clear (blocks);
  blocks->wall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  blocks->cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  blocks->starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  busy_start = g_get_monotonic_time ();
  busy_cpu_start = lw_after_frame_thread_cpu_us ();
  recording = blocks;
}

void
lw_bench_blocks_stop (void)
{
  recording = NULL;
}

double
lw_bench_blocks_max (GArray *values)
{
  double max = 0;

  for (guint i = 0; values != NULL && i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));

  return max;
}

typedef struct
{
  GSourceFunc func;
  gpointer    data;
  gboolean    done;
} Dispatch;

static gboolean
run_dispatch (gpointer data)
{
  Dispatch *dispatch = data;

  dispatch->func (dispatch->data);
  dispatch->done = TRUE;

  return G_SOURCE_REMOVE;
}

void
lw_bench_in_dispatch (GSourceFunc func,
                      gpointer    data)
{
  Dispatch dispatch = { func, data, FALSE };

  g_idle_add_full (G_PRIORITY_DEFAULT, run_dispatch, &dispatch, NULL);
  while (!dispatch.done)
    g_main_context_iteration (NULL, TRUE);
}
