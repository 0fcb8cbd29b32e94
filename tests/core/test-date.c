/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "core/lw-date.h"
#include "core/lw-feed.h"

typedef struct
{
  const char *input;
  const char *expected;  /* RFC 3339 in UTC, or NULL for "cannot be read" */
} DateCase;

/* Real strings: from the feeds in tests/data/feeds, AntennaPod's DateUtilsTest
 * (corpus/antennapod/EXPECTED_dates_durations.json) and variants seen in the wild. */
static const DateCase date_cases[] = {
  /* AntennaPod's table */
  { "2015-03-28T13:31:04.963870", "2015-03-28T13:31:04Z" },
  { "2015-03-28T13:31:04.96", "2015-03-28T13:31:04Z" },
  { "2024-05-08T22:18:52.485Z", "2024-05-08T22:18:52Z" },
  { "2015-03-28T13:31:04.9", "2015-03-28T13:31:04Z" },
  { "2015-03-28T13:31:04.963870 +0700", "2015-03-28T06:31:04Z" },
  { "2015-03-28T13:31:04.96 +0700", "2015-03-28T06:31:04Z" },
  { "2015-03-28T13:31:04.9 +0700", "2015-03-28T06:31:04Z" },
  { "Sat, 28 Mar 2015 01:31:04 EST", "2015-03-28T06:31:04Z" },
  { "Sat, 28 Mar 2015 01:31 EST", "2015-03-28T06:31:00Z" },
  { "Sat, 28 March 2015 08:16:12 -0400", "2015-03-28T12:16:12Z" },
  { "Wed, 25 May 2011 12:33:00", "2011-05-25T12:33:00Z" },
  { "Tue,  23 Mar   2010 01:06:26 -0500", "2010-03-23T06:06:26Z" },
  { "2017-02-22T14:28:00.002-08:00", "2017-02-22T22:28:00Z" },
  { "Sun, 29 Jan 2017 00:00:00 CEST", "2017-01-28T22:00:00Z" },
  { "Sun, 29 Jan 2017 00:00:00 CET", "2017-01-28T23:00:00Z" },
  { "Thu, 8 Oct 2014 09:00:00 GMT", "2014-10-08T09:00:00Z" },
  { "Mon, 8 Sept 2014 00:00:00 GMT", "2014-09-08T00:00:00Z" },
  { "Sun 01 Mar 2015 01:00:00 GMT-0400 (EDT)", "2015-03-01T05:00:00Z" },

  /* tests/data/feeds */
  { "Sat, 27 Aug 2016 00:00:00 GMT", "2016-08-27T00:00:00Z" },
  { "2016-08-27", "2016-08-27T00:00:00Z" },
  { "Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z" },
  { "Mon, 6 Jul 2020 04:00:00 -0000", "2020-07-06T04:00:00Z" },
  { "2003-12-13T18:30:02Z", "2003-12-13T18:30:02Z" },
  { "01 Jan 70 01:00:00 +0100", "1970-01-01T00:00:00Z" },
  { "Wed, 13 Sep 2017 01:21:22 -0500", "2017-09-13T06:21:22Z" },  /* LINUX Unplugged */
  { "Wed, 13 Mar 2024 22:59:00 +0100", "2024-03-13T21:59:00Z" },  /* NDR */
  { "Thu, 01 Jan 1970 00:01:00 +0000", "1970-01-01T00:01:00Z" },  /* AntennaPod feeds */
  { "mylastbuilddate", NULL },                                   /* castero */
  { "myfeed item1 pubdate", NULL },

  /* RFC 822 as feeds write it */
  { "Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T22:04:05Z" },
  { "Mon, 2 Jan 2006 15:04:05 +0000", "2006-01-02T15:04:05Z" },
  { "2 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z" },
  { "02 Jan 2006 15:04 GMT", "2006-01-02T15:04:00Z" },
  { "Mon, 02 Jan 06 15:04:05 GMT", "2006-01-02T15:04:05Z" },
  { "Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z" },
  { "Mon, 02 Jan 2006 15:04:05 UT", "2006-01-02T15:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 UTC", "2006-01-02T15:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 Z", "2006-01-02T15:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 EDT", "2006-01-02T19:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 CST", "2006-01-02T21:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 CDT", "2006-01-02T20:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 MST", "2006-01-02T22:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 MDT", "2006-01-02T21:04:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 PST", "2006-01-02T23:04:05Z" },
  { "Tue, 14 Jun 2022 10:00:00 PDT", "2022-06-14T17:00:00Z" },
  { "Mon, 02 Jan 2006 15:04:05 A", "2006-01-02T16:04:05Z" },     /* RFC 822 military: A = -1 */
  { "Mon, 02 Jan 2006 15:04:05 N", "2006-01-02T14:04:05Z" },     /* N = +1 */
  { "Mon, 02 Jan 2006 15:04:05 +05:30", "2006-01-02T09:34:05Z" },
  { "Mon, 02 Jan 2006 15:04:05 GMT+2", "2006-01-02T13:04:05Z" },
  { "Monday, 02 January 2006 15:04:05 GMT", "2006-01-02T15:04:05Z" },
  { "Mon., 02 Jan. 2006 15:04:05 GMT", "2006-01-02T15:04:05Z" },
  { "Mon,02 Jan 2006 15:04:05 GMT", "2006-01-02T15:04:05Z" },
  { "  Mon, 02 Jan 2006 15:04:05 GMT  ", "2006-01-02T15:04:05Z" },
  { "Mon, 02 Jan 2006 03:04:05 PM EST", "2006-01-02T20:04:05Z" },
  { "Mon, 02 Jan 2006 12:04:05 AM GMT", "2006-01-02T00:04:05Z" },
  { "Mon, 02 Jan 2006", "2006-01-02T00:00:00Z" },
  { "02-Jan-2006 15:04:05 +0000", "2006-01-02T15:04:05Z" },
  { "January 2, 2006", "2006-01-02T00:00:00Z" },
  { "Jan 2nd, 2006 15:04", "2006-01-02T15:04:00Z" },
  { "Tue, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z" },
  { "Thu, 29 Feb 2023 12:00:00 GMT", NULL },
  { "Mon, 32 Jan 2006 15:04:05 GMT", NULL },
  { "Mon, 02 Foo 2006 15:04:05 GMT", NULL },
  { "Mon, 02 Jan 2006 25:04:05 GMT", NULL },
  { "Sat, 28 Mar 2015 01:31:04 XYZ", "2015-03-28T01:31:04Z" },   /* unknown zone: UTC */
  { "Wed, 02 Oct 2002 08:00:00 EST (Eastern)", "2002-10-02T13:00:00Z" },

  /* ISO 8601 / RFC 3339 (Atom) */
  { "2006-01-02T15:04:05Z", "2006-01-02T15:04:05Z" },
  { "2006-01-02T15:04:05+01:00", "2006-01-02T14:04:05Z" },
  { "2006-01-02T15:04:05-0330", "2006-01-02T18:34:05Z" },
  { "2006-01-02t15:04:05z", "2006-01-02T15:04:05Z" },
  { "2006-01-02 15:04:05", "2006-01-02T15:04:05Z" },
  { "2006-01-02T15:04Z", "2006-01-02T15:04:00Z" },
  { "20060102T150405Z", "2006-01-02T15:04:05Z" },
  { "2006-01", "2006-01-01T00:00:00Z" },
  { "2006-13-02T15:04:05Z", NULL },
  { "2006-01-02T15:04:05Zjunk", NULL },

  /* garbage */
  { "", NULL },
  { "   ", NULL },
  { "yesterday", NULL },
  { "0", NULL },
  { "Mon, 02 Jan 99999 15:04:05 GMT", NULL },
};

static void
test_date_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (date_cases), >=, 60);

  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      const DateCase *c = &date_cases[i];
      gint64 parsed = lw_date_parse (c->input);

      if (c->expected == NULL)
        {
          if (parsed != LW_DATE_UNKNOWN)
            g_error ("“%s” should not parse, got %" G_GINT64_FORMAT, c->input, parsed);
        }
      else
        {
          g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (c->expected, NULL);

          g_assert_nonnull (expected);
          if (parsed != g_date_time_to_unix (expected))
            g_error ("“%s”: expected %s (%" G_GINT64_FORMAT "), got %" G_GINT64_FORMAT,
                     c->input, c->expected, g_date_time_to_unix (expected), parsed);
        }
    }
}

static void
test_date_specific (void)
{
  /* The right parser is picked by lw_date_parse, but each also stands alone. */
  g_assert_cmpint (lw_date_parse_rfc822 ("Thu, 01 Jan 1970 00:00:00 GMT"), ==, 0);
  g_assert_cmpint (lw_date_parse_iso8601 ("1970-01-01T00:00:00Z"), ==, 0);
  g_assert_cmpint (lw_date_parse_iso8601 ("Thu, 01 Jan 1970 00:00:00 GMT"), ==, LW_DATE_UNKNOWN);
  g_assert_cmpint (lw_date_parse_rfc822 (NULL), ==, LW_DATE_UNKNOWN);
  g_assert_cmpint (lw_date_parse_iso8601 (NULL), ==, LW_DATE_UNKNOWN);
  g_assert_cmpint (lw_date_parse (NULL), ==, LW_DATE_UNKNOWN);
}

typedef struct
{
  const char *input;
  gint64      expected;
} DurationCase;

static const DurationCase duration_cases[] = {
  /* AntennaPod's DurationParserTest */
  { "00:45", 45 },
  { "7200", 7200 },
  { "05:10", 310 },
  { "02:15:45", 8145 },
  { "00:00:00.123", 0 },
  /* podcastparser fixtures */
  { "01:00:00", 3600 },
  { "00:20:00", 1200 },
  /* the wild */
  { "1:02:03", 3723 },
  { "62:03", 3723 },
  { "3723", 3723 },
  { "3723.6", 3724 },
  { "3723.4", 3723 },
  { " 45:00 ", 2700 },
  { "0", 0 },
  { "100:00:00", 360000 },
  { "00:04:60", 300 },  /* NDR, tests/data/feeds/gnome-podcasts/2024-03-14-ndr.xml */
  { "1:75", 135 },
  { "1:2:3:4", LW_UNKNOWN },
  { "", LW_UNKNOWN },
  { "abc", LW_UNKNOWN },
  { "-5", LW_UNKNOWN },
  { "12 minutes", LW_UNKNOWN },
  { "1::2", LW_UNKNOWN },
  { ":30", LW_UNKNOWN },
  { "99999999999999999999", LW_UNKNOWN },
};

static void
test_duration_table (void)
{
  g_assert_cmpint (lw_duration_parse (NULL), ==, LW_UNKNOWN);

  for (guint i = 0; i < G_N_ELEMENTS (duration_cases); i++)
    {
      gint64 parsed = lw_duration_parse (duration_cases[i].input);

      if (parsed != duration_cases[i].expected)
        g_error ("duration “%s”: expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
                 duration_cases[i].input, duration_cases[i].expected, parsed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/table", test_date_table);
  g_test_add_func ("/date/specific", test_date_specific);
  g_test_add_func ("/duration/table", test_duration_table);

  return g_test_run ();
}
