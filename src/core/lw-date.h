/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Unix seconds UTC, or LW_DATE_UNKNOWN (lw-feed.h). RFC 822 as feeds really write it:
 * with or without weekday and seconds, two-digit years, US and military zones, GMT/UT/Z,
 * numeric offsets. Not soup_date_time_new_from_http_string(): it misreads US zones. */
gint64 lw_date_parse_rfc822  (const char *text);
/* ISO 8601 / RFC 3339 (Atom). */
gint64 lw_date_parse_iso8601 (const char *text);
/* Either of the above. */
gint64 lw_date_parse         (const char *text);

/* Seconds from "HH:MM:SS", "MM:SS", "SSSS", "SSSS.sss"; LW_UNKNOWN for garbage. */
gint64 lw_duration_parse     (const char *text);

G_END_DECLS
