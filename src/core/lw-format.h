/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Human text for the UI and the CLI; no GTK, so the CLI shares them. */

/* "1:02:03", "2:03"; negative values get a leading minus sign. */
char *lw_format_clock         (gint64 seconds);
/* "1 h 2 min", "45 min", "30 s"; NULL for LW_UNKNOWN. */
char *lw_format_duration      (gint64 seconds);
/* "Today", "Yesterday", "Monday", "12 March", "12 March 2019" relative to @now_unix;
 * NULL for LW_DATE_UNKNOWN. */
char *lw_format_date          (gint64 published,
                               gint64 now_unix);
/* A moment, for "Last synced …": "Today at 05:18", "12 March at 17:40"; with
 * @twelve_hour (the desktop's clock-format), "Today at 5:18 AM". */
char *lw_format_date_time     (gint64   when,
                               gint64   now_unix,
                               gboolean twelve_hour);

G_END_DECLS
