/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-format"

#include "config.h"

#include <glib.h>

#include "core/lw-feed.h"
#include "core/lw-format.h"

static void
test_clock (void)
{
  static const struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "0:00" },
    { 5, "0:05" },
    { 59, "0:59" },
    { 60, "1:00" },
    { 123, "2:03" },
    { 3599, "59:59" },
    { 3600, "1:00:00" },
    { 3723, "1:02:03" },
    { 36000 + 61, "10:01:01" },
    { -123, "−2:03" },
    { -3723, "−1:02:03" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = lw_format_clock (cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Must not overflow on the extremes. */
  g_free (lw_format_clock (G_MININT64));
  g_free (lw_format_clock (G_MAXINT64));
}

static void
test_duration (void)
{
  static const struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "0 s" },
    { 30, "30 s" },
    { 59, "59 s" },
    { 60, "1 min" },
    { 89, "1 min" },
    { 90, "2 min" },
    { 45 * 60, "45 min" },
    { 3599, "1 h" },
    { 3600, "1 h" },
    { 3720, "1 h 2 min" },
    { 3723, "1 h 2 min" },
    { 2 * 3600 + 59 * 60 + 45, "3 h" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = lw_format_duration (cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  g_assert_null (lw_format_duration (LW_UNKNOWN));
}

static gint64
unix_utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
test_date (void)
{
  /* Wednesday 11 March 2026, 10:00 UTC (TZ is UTC in this program). */
  gint64 now = unix_utc (2026, 3, 11, 10, 0);
  static const struct { int y, m, d, h, min; const char *text; } cases[] = {
    { 2026, 3, 11, 0, 0, "Today" },
    { 2026, 3, 11, 9, 59, "Today" },
    { 2026, 3, 10, 23, 59, "Yesterday" },
    { 2026, 3, 10, 0, 0, "Yesterday" },
    { 2026, 3, 9, 12, 0, "Monday" },
    { 2026, 3, 5, 12, 0, "Thursday" },
    { 2026, 3, 4, 12, 0, "4 March" },
    { 2026, 1, 1, 0, 0, "1 January" },
    { 2025, 12, 31, 23, 0, "31 December 2025" },
    { 2019, 3, 12, 8, 0, "12 March 2019" },
    /* A date in the future (a clock off by days) still reads as a date. */
    { 2026, 4, 2, 8, 0, "2 April" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 published = unix_utc (cases[i].y, cases[i].m, cases[i].d, cases[i].h, cases[i].min);
      g_autofree char *text = lw_format_date (published, now);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  g_assert_null (lw_format_date (LW_DATE_UNKNOWN, now));
}

static void
test_date_time (void)
{
  gint64 now = unix_utc (2026, 3, 11, 10, 0);
  g_autofree char *today = lw_format_date_time (unix_utc (2026, 3, 11, 5, 18), now, FALSE);
  g_autofree char *today_12 = lw_format_date_time (unix_utc (2026, 3, 11, 5, 18), now, TRUE);
  g_autofree char *evening_12 = lw_format_date_time (unix_utc (2026, 3, 10, 17, 40), now, TRUE);
  g_autofree char *older = lw_format_date_time (unix_utc (2025, 12, 31, 23, 5), now, FALSE);

  g_assert_cmpstr (today, ==, "Today at 05:18");
  g_assert_cmpstr (today_12, ==, "Today at 5:18 AM");
  g_assert_cmpstr (evening_12, ==, "Yesterday at 5:40 PM");
  g_assert_cmpstr (older, ==, "31 December 2025 at 23:05");
  g_assert_null (lw_format_date_time (LW_DATE_UNKNOWN, now, FALSE));
}

/* Days are the local calendar's, and the zone is kept between calls: it must follow
 * TZ when TZ changes. */
static void
test_date_zone (void)
{
  gint64 now = unix_utc (2026, 3, 11, 10, 0);
  gint64 published = unix_utc (2026, 3, 10, 22, 30);
  g_autofree char *in_utc = NULL;
  g_autofree char *east = NULL;
  g_autofree char *again = NULL;

  in_utc = lw_format_date (published, now);
  g_assert_cmpstr (in_utc, ==, "Yesterday");

  /* Three hours east of UTC, 22:30 on the 10th is 01:30 on the 11th. */
  g_setenv ("TZ", "EAT-3", TRUE);
  east = lw_format_date (published, now);
  g_setenv ("TZ", "UTC", TRUE);
  g_assert_cmpstr (east, ==, "Today");

  again = lw_format_date (published, now);
  g_assert_cmpstr (again, ==, "Yesterday");
}

int
main (int   argc,
      char *argv[])
{
  /* Before GLib caches the local time zone. */
  g_setenv ("TZ", "UTC", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/clock", test_clock);
  g_test_add_func ("/format/duration", test_duration);
  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/date-zone", test_date_zone);
  g_test_add_func ("/format/date-time", test_date_time);

  return g_test_run ();
}
