/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-format"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-feed.h"
#include "lw-format.h"

char *
lw_format_clock (gint64 seconds)
{
  const char *sign = "";
  guint64 s;

  if (seconds < 0)
    {
      sign = "−";
      /* G_MININT64 has no positive counterpart; nobody listens that long anyway. */
      s = seconds == G_MININT64 ? (guint64) G_MAXINT64 : (guint64) -seconds;
    }
  else
    s = (guint64) seconds;

  if (s >= 3600)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT ":%02u:%02u", sign,
                            s / 3600, (guint) (s / 60 % 60), (guint) (s % 60));

  return g_strdup_printf ("%s%u:%02u", sign, (guint) (s / 60), (guint) (s % 60));
}

char *
lw_format_duration (gint64 seconds)
{
  gint64 minutes;
  gint64 hours;

  if (seconds < 0)
    return NULL;

  if (seconds < 60)
    /* Translators: a duration in seconds, "30 s" */
    return g_strdup_printf (_("%u s"), (guint) seconds);

  /* Round to the nearest minute: "59 min 40 s" reads better as "1 h". */
  minutes = (seconds + 30) / 60;
  hours = minutes / 60;
  minutes %= 60;

  if (hours == 0)
    /* Translators: a duration in minutes, "45 min" */
    return g_strdup_printf (_("%u min"), (guint) minutes);

  if (minutes == 0)
    /* Translators: a duration in hours, "2 h" */
    return g_strdup_printf (_("%u h"), (guint) hours);

  /* Translators: a duration in hours and minutes, "1 h 2 min" */
  return g_strdup_printf (_("%u h %u min"), (guint) hours, (guint) minutes);
}

static void
set_gdate (GDate     *date,
           GDateTime *dt)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (dt),
                  g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
}

/* GLib 2.74 reads the zone file again on every g_time_zone_new_local() while TZ is
 * unset (its cache compares the zone's name with TZ), and a list formats a date in
 * every row it binds: the zone is kept here, and made again only when TZ changes. */
static GTimeZone *
ref_local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");
  GTimeZone *ret;

  g_mutex_lock (&lock);
  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  ret = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);

  return ret;
}

static GDateTime *
new_local (GTimeZone *zone,
           gint64     unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
}

char *
lw_format_date (gint64 published,
                gint64 now_unix)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now = NULL;
  GDate day;
  GDate today;
  int days_ago;

  if (published == LW_DATE_UNKNOWN)
    return NULL;

  zone = ref_local_zone ();
  dt = new_local (zone, published);
  now = new_local (zone, now_unix);
  if (dt == NULL || now == NULL)
    return NULL;

  /* Calendar days in local time, not 24-hour spans: 23:59 yesterday is "Yesterday". */
  set_gdate (&day, dt);
  set_gdate (&today, now);
  days_ago = g_date_days_between (&day, &today);

  if (days_ago == 0)
    return g_strdup (_("Today"));
  if (days_ago == 1)
    return g_strdup (_("Yesterday"));
  if (days_ago > 1 && days_ago < 7)
    /* Translators: a weekday, "Monday"; see g_date_time_format()
     * xgettext:no-c-format */
    return g_date_time_format (dt, _("%A"));

  if (g_date_time_get_year (dt) == g_date_time_get_year (now))
    /* Translators: day and month of this year, "12 March"; see g_date_time_format()
     * xgettext:no-c-format */
    return g_date_time_format (dt, _("%-d %B"));

  /* Translators: day, month and year, "12 March 2019"; see g_date_time_format()
   * xgettext:no-c-format */
  return g_date_time_format (dt, _("%-d %B %Y"));
}

char *
lw_format_date_time (gint64   when,
                     gint64   now_unix,
                     gboolean twelve_hour)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  date = lw_format_date (when, now_unix);
  if (date == NULL)
    return NULL;

  zone = ref_local_zone ();
  dt = new_local (zone, when);
  if (dt == NULL)
    return NULL;

  if (twelve_hour)
    /* Translators: a time on the 12-hour clock, "5:18 AM"; see g_date_time_format()
     * xgettext:no-c-format */
    time = g_date_time_format (dt, _("%-l:%M %p"));
  else
    /* Translators: a time on the 24-hour clock, "05:18"; see g_date_time_format()
     * xgettext:no-c-format */
    time = g_date_time_format (dt, _("%H:%M"));

  /* Translators: a day ("Today", "Monday", "12 March") and a time, "Today at 05:18" */
  return g_strdup_printf (_("%s at %s"), date, time);
}
