/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The benchmarks' measure of a main loop that cannot answer input: every iteration's
 * work, from one poll's return to the next poll (a frame, a click's handler, an idle,
 * GDK's own measuring of a window), timed on the wall clock and in the main thread's
 * CPU time (on a loaded machine the wall clock also counts other processes). */
typedef struct
{
  GArray *wall_ms;  /* double, one per iteration */
  GArray *cpu_ms;   /* double */
  GArray *starts;   /* gint64: when each began, g_get_monotonic_time() */
} LwBenchBlocks;

/* Wraps the default main context's poll function: once, before the app starts. */
void   lw_bench_blocks_install   (void);
/* Records into @blocks (emptied) from now on: the iteration under way counts from
 * now, not from when it began. One @blocks records at a time. */
void   lw_bench_blocks_start     (LwBenchBlocks *blocks);
void   lw_bench_blocks_stop      (void);
void   lw_bench_blocks_clear     (LwBenchBlocks *blocks);
double lw_bench_blocks_max       (GArray        *values);
/* Runs @func (its return value unused) in a dispatch of the default main loop and
 * returns once it has run: what a click does runs in the click's event's dispatch,
 * and the iterations that follow (GDK measuring the window, the frame) are blocks of
 * their own, as they are for a real click. */
void   lw_bench_in_dispatch      (GSourceFunc    func,
                                  gpointer       data);

G_END_DECLS
