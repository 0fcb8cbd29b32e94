/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-date"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-date.h"
#include "lw-feed.h"

/* Dates and durations as podcast feeds really write them. Everything here is a small
 * hand-written scanner: no locale, no allocation, no GDateTime, so it is cheap enough
 * to run 10,000 times per feed and safe to fuzz. */

typedef struct
{
  const char *name;
  int         offset_minutes;
} ZoneName;

/* RFC 822 names, the US names feeds use in practice, and a few European ones that
 * AntennaPod also accepts. Military letters are handled separately. */
static const ZoneName zone_names[] = {
  { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "WET", 0 },
  { "EST", -5 * 60 }, { "EDT", -4 * 60 },
  { "CST", -6 * 60 }, { "CDT", -5 * 60 },
  { "MST", -7 * 60 }, { "MDT", -6 * 60 },
  { "PST", -8 * 60 }, { "PDT", -7 * 60 },
  { "AKST", -9 * 60 }, { "AKDT", -8 * 60 },
  { "HST", -10 * 60 }, { "AST", -4 * 60 }, { "ADT", -3 * 60 },
  { "NST", -3 * 60 - 30 }, { "NDT", -2 * 60 - 30 },
  { "BST", 1 * 60 }, { "IST", 1 * 60 }, { "WEST", 1 * 60 },
  { "CET", 1 * 60 }, { "CEST", 2 * 60 }, { "MET", 1 * 60 }, { "MEST", 2 * 60 },
  { "EET", 2 * 60 }, { "EEST", 3 * 60 },
  { "MSK", 3 * 60 },
  { "JST", 9 * 60 }, { "KST", 9 * 60 },
  { "AEST", 10 * 60 }, { "AEDT", 11 * 60 }, { "ACST", 9 * 60 + 30 }, { "AWST", 8 * 60 },
  { "NZST", 12 * 60 }, { "NZDT", 13 * 60 },
};

static const char * const month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_alpha (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static const char *
skip_space (const char *p)
{
  while (is_space (*p))
    p++;
  return p;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era;
  gint64 yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static gboolean
is_leap (gint64 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month (gint64 y,
               int    m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return m == 2 && is_leap (y) ? 29 : days[m - 1];
}

static gint64
make_time (gint64 year,
           int    month,
           int    day,
           int    hour,
           int    minute,
           int    second,
           int    offset_minutes)
{
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1
      || day > days_in_month (year, month)
      || hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return LW_DATE_UNKNOWN;

  /* 24:00 and leap seconds exist in the wild; let them roll over. */
  return days_from_civil (year, month, day) * 86400
         + hour * 3600 + minute * 60 + second
         - (gint64) offset_minutes * 60;
}

/* Reads up to @max digits; returns the number of digits read, or 0. */
static int
read_number (const char **pp,
             int          max,
             gint64      *value)
{
  const char *p = *pp;
  gint64 v = 0;
  int n = 0;

  while (n < max && is_digit (*p))
    {
      v = v * 10 + (*p - '0');
      p++;
      n++;
    }

  if (n > 0)
    {
      *value = v;
      *pp = p;
    }

  return n;
}

/* Month from a name such as "Mar", "March", "Sept", "sep.". Returns 1–12 or 0. */
static int
read_month (const char **pp)
{
  const char *p = *pp;
  char lower[4];
  int len = 0;

  while (is_alpha (p[len]))
    len++;

  if (len < 3)
    return 0;

  for (int i = 0; i < 3; i++)
    lower[i] = g_ascii_tolower (p[i]);
  lower[3] = '\0';

  for (int i = 0; i < 12; i++)
    {
      if (memcmp (lower, month_names[i], 3) == 0)
        {
          *pp = p + len;
          if (**pp == '.')
            (*pp)++;
          return i + 1;
        }
    }

  return 0;
}

static gboolean
looks_like_month (const char *p)
{
  return read_month (&p) != 0;
}

/* "+0500", "-05:00", "+5", "+05". Returns TRUE and the offset in minutes. */
static gboolean
read_numeric_offset (const char **pp,
                     int         *offset)
{
  const char *p = *pp;
  int sign;
  gint64 hours = 0, minutes = 0;
  int n;

  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p == '-' ? -1 : 1;
  p++;

  n = read_number (&p, 4, &hours);
  if (n == 0)
    return FALSE;

  if (n == 4 || n == 3)
    {
      minutes = hours % 100;
      hours /= 100;
    }
  else if (*p == ':' && is_digit (p[1]))
    {
      p++;
      if (read_number (&p, 2, &minutes) == 0)
        return FALSE;
    }

  if (hours > 14 || minutes > 59)
    return FALSE;

  *offset = sign * (int) (hours * 60 + minutes);
  *pp = p;
  return TRUE;
}

/* A zone: numeric, a name, "GMT+0200", a military letter. Unknown names count as UTC,
 * the way most readers treat them, rather than losing the whole date. */
static void
read_zone (const char **pp,
           int         *offset)
{
  const char *p = skip_space (*pp);
  char name[8];
  int len = 0;

  *offset = 0;

  if (read_numeric_offset (&p, offset))
    {
      *pp = p;
      return;
    }

  while (is_alpha (p[len]) && len < (int) sizeof name - 1)
    {
      name[len] = g_ascii_toupper (p[len]);
      len++;
    }
  name[len] = '\0';

  if (len == 0)
    return;

  p += len;

  /* "GMT-0400", "UTC+01:00" */
  if ((g_str_equal (name, "GMT") || g_str_equal (name, "UTC") || g_str_equal (name, "UT"))
      && read_numeric_offset (&p, offset))
    {
      *pp = p;
      return;
    }

  if (len == 1)
    {
      char c = name[0];

      /* RFC 822 military zones, signs as RFC 822 wrote them. J is not used. */
      if (c >= 'A' && c <= 'I')
        *offset = -(c - 'A' + 1) * 60;
      else if (c >= 'K' && c <= 'M')
        *offset = -(c - 'K' + 10) * 60;
      else if (c >= 'N' && c <= 'Y')
        *offset = (c - 'N' + 1) * 60;
      *pp = p;
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (zone_names); i++)
    {
      if (g_str_equal (name, zone_names[i].name))
        {
          *offset = zone_names[i].offset_minutes;
          break;
        }
    }

  *pp = p;
}

/* "HH:MM[:SS[.fff]] [AM|PM]" */
static gboolean
read_time (const char **pp,
           int         *hour,
           int         *minute,
           int         *second)
{
  const char *p = *pp;
  gint64 h, m, s = 0;

  if (read_number (&p, 2, &h) == 0 || (*p != ':' && *p != '.'))
    return FALSE;
  p++;
  if (read_number (&p, 2, &m) == 0)
    return FALSE;
  if (*p == ':' && is_digit (p[1]))
    {
      p++;
      if (read_number (&p, 2, &s) == 0)
        return FALSE;
      if (*p == '.' || *p == ',')
        {
          p++;
          while (is_digit (*p))
            p++;
        }
    }

  {
    const char *q = skip_space (p);

    if ((g_ascii_strncasecmp (q, "am", 2) == 0 || g_ascii_strncasecmp (q, "pm", 2) == 0)
        && !is_alpha (q[2]) && h >= 1 && h <= 12)
      {
        gboolean pm = g_ascii_tolower (q[0]) == 'p';

        h = h % 12 + (pm ? 12 : 0);
        p = q + 2;
      }
  }

  *hour = (int) h;
  *minute = (int) m;
  *second = (int) s;
  *pp = p;
  return TRUE;
}

static gint64
full_year (gint64 year,
           int    digits)
{
  /* Two-digit years: RFC 2822's rule (00–49 → 2000s, 50–99 → 1900s). */
  if (digits <= 2)
    return year < 50 ? 2000 + year : 1900 + year;
  if (digits == 3)
    return 1900 + year;
  return year;
}

gint64
lw_date_parse_rfc822 (const char *text)
{
  const char *p;
  gint64 day = 0, year = 0;
  int month = 0, year_digits;
  int hour = 0, minute = 0, second = 0, offset = 0;

  if (text == NULL)
    return LW_DATE_UNKNOWN;

  p = skip_space (text);

  /* Optional weekday, whatever its spelling ("Thu", "Thursday", "Thu.") and whether
   * or not it is right: feeds get it wrong often enough. */
  if (is_alpha (*p) && !looks_like_month (p))
    {
      while (is_alpha (*p))
        p++;
      if (*p == '.')
        p++;
      p = skip_space (p);
      if (*p == ',')
        p++;
      p = skip_space (p);
    }

  if (is_digit (*p))
    {
      /* "28 Mar 2015", "28-Mar-2015" */
      if (read_number (&p, 2, &day) == 0)
        return LW_DATE_UNKNOWN;
      p = skip_space (p);
      if (*p == '-')
        p++;
      p = skip_space (p);
      month = read_month (&p);
      if (month == 0)
        return LW_DATE_UNKNOWN;
      p = skip_space (p);
      if (*p == '-' || *p == ',')
        p++;
      p = skip_space (p);
    }
  else
    {
      /* "March 28, 2015" and "Mar 28 2015": US style in hand-written feeds. */
      month = read_month (&p);
      if (month == 0)
        return LW_DATE_UNKNOWN;
      p = skip_space (p);
      if (read_number (&p, 2, &day) == 0)
        return LW_DATE_UNKNOWN;
      if (g_ascii_strncasecmp (p, "st", 2) == 0 || g_ascii_strncasecmp (p, "nd", 2) == 0
          || g_ascii_strncasecmp (p, "rd", 2) == 0 || g_ascii_strncasecmp (p, "th", 2) == 0)
        p += 2;
      p = skip_space (p);
      if (*p == ',')
        p++;
      p = skip_space (p);
    }

  year_digits = read_number (&p, 4, &year);
  if (year_digits == 0 || is_digit (*p))
    return LW_DATE_UNKNOWN;
  year = full_year (year, year_digits);

  p = skip_space (p);
  if (*p == ',')
    p = skip_space (p + 1);
  if (g_ascii_strncasecmp (p, "at ", 3) == 0)
    p = skip_space (p + 3);

  if (is_digit (*p))
    {
      if (!read_time (&p, &hour, &minute, &second))
        return LW_DATE_UNKNOWN;
      read_zone (&p, &offset);
    }

  /* Whatever follows ("(EDT)", "(Coordinated Universal Time)") is a comment. */
  return make_time (year, month, (int) day, hour, minute, second, offset);
}

gint64
lw_date_parse_iso8601 (const char *text)
{
  const char *p;
  gint64 year, month, day = 1;
  int hour = 0, minute = 0, second = 0, offset = 0;

  if (text == NULL)
    return LW_DATE_UNKNOWN;

  p = skip_space (text);

  if (read_number (&p, 4, &year) != 4)
    return LW_DATE_UNKNOWN;

  if (*p == '-')
    {
      p++;
      if (read_number (&p, 2, &month) == 0)
        return LW_DATE_UNKNOWN;
      if (*p == '-')
        {
          p++;
          if (read_number (&p, 2, &day) == 0)
            return LW_DATE_UNKNOWN;
        }
    }
  else if (read_number (&p, 2, &month) == 2)
    {
      /* basic format: 20150328T133104Z */
      if (read_number (&p, 2, &day) != 2)
        return LW_DATE_UNKNOWN;
    }
  else
    return LW_DATE_UNKNOWN;

  if (*p == 'T' || *p == 't' || (*p == ' ' && is_digit (p[1])))
    {
      gint64 h, m, s = 0;

      p++;
      if (read_number (&p, 2, &h) == 0)
        return LW_DATE_UNKNOWN;
      if (*p == ':')
        p++;
      if (read_number (&p, 2, &m) == 0)
        return LW_DATE_UNKNOWN;
      if (*p == ':')
        p++;
      if (is_digit (*p))
        read_number (&p, 2, &s);
      if (*p == '.' || *p == ',')
        {
          p++;
          while (is_digit (*p))
            p++;
        }
      hour = (int) h;
      minute = (int) m;
      second = (int) s;

      p = skip_space (p);
      if (*p == 'Z' || *p == 'z')
        p++;
      else if (*p != '\0')
        read_zone (&p, &offset);
    }

  p = skip_space (p);
  if (*p != '\0')
    return LW_DATE_UNKNOWN;

  return make_time (year, (int) month, (int) day, hour, minute, second, offset);
}

gint64
lw_date_parse (const char *text)
{
  const char *p;

  if (text == NULL)
    return LW_DATE_UNKNOWN;

  p = skip_space (text);

  /* Four digits and a dash (or eight digits) is ISO 8601; anything else is RFC 822. */
  if (is_digit (p[0]) && is_digit (p[1]) && is_digit (p[2]) && is_digit (p[3])
      && (p[4] == '-' || is_digit (p[4])))
    return lw_date_parse_iso8601 (p);

  return lw_date_parse_rfc822 (p);
}

gint64
lw_duration_parse (const char *text)
{
  const char *p;
  gint64 parts[3];
  int n_parts = 0;
  double fraction = 0;

  if (text == NULL)
    return LW_UNKNOWN;

  p = skip_space (text);
  if (*p == '\0')
    return LW_UNKNOWN;

  for (;;)
    {
      gint64 value = 0;
      int digits = 0;

      if (n_parts == 3)
        return LW_UNKNOWN;

      while (is_digit (*p))
        {
          /* Guard against overflow: no podcast is longer than a few hundred years. */
          if (digits >= 12)
            return LW_UNKNOWN;
          value = value * 10 + (*p - '0');
          p++;
          digits++;
        }

      if (digits == 0)
        return LW_UNKNOWN;

      parts[n_parts++] = value;

      if (*p == ':')
        {
          p++;
          continue;
        }

      break;
    }

  if (*p == '.' || (*p == ',' && n_parts > 1))
    {
      double scale = 0.1;

      p++;
      while (is_digit (*p))
        {
          fraction += (*p - '0') * scale;
          scale /= 10;
          p++;
        }
    }

  p = skip_space (p);
  if (*p != '\0')
    return LW_UNKNOWN;

  /* Minutes or seconds past 59 are added up as written: NDR writes "00:04:60" for five
   * minutes, and GNOME Podcasts and AntennaPod read it so. */
  {
    gint64 seconds = 0;

    for (int i = 0; i < n_parts; i++)
      seconds = seconds * 60 + parts[i];

    /* Round half up: 1799.6 s is a 30-minute episode. */
    return seconds + (fraction >= 0.5 ? 1 : 0);
  }
}
