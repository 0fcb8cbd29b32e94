/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-transcript"

#include "config.h"

#include <string.h>

#include "core/lw-chapters.h"
#include "core/lw-feed.h"
#include "core/lw-feed-service.h"
#include "core/lw-transcript.h"
#include "lw-test-http.h"

/* Transcripts as podcast hosts really write them, one table per format. Each case
 * gives the input and the cues expected, one a line:
 * "START-END|speaker|text", times in ms, "\n" inside a cue's text written as "/". */

typedef struct
{
  const char         *name;
  LwTranscriptFormat  format;
  const char         *input;
  const char         *expected;
} ParseCase;

static char *
describe (GPtrArray *cues)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cues->len; i++)
    {
      LwTranscriptCue *cue = cues->pdata[i];
      g_autofree char *text = g_strdup (cue->text);

      g_strdelimit (text, "\n", '/');
      g_string_append_printf (out, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "|%s|%s\n",
                              cue->start_ms, cue->end_ms, cue->speaker ? cue->speaker : "", text);
    }

  return g_string_free (out, FALSE);
}

static const ParseCase vtt_cases[] = {
  { "minimal", LW_TRANSCRIPT_FORMAT_VTT,
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello there.\n",
    "1000-4000||Hello there.\n" },
  /* Buzzsprout-style: BOM, CRLF, a title after WEBVTT, identifiers, no hours. */
  { "bom-crlf-no-hours", LW_TRANSCRIPT_FORMAT_VTT,
    "\xEF\xBB\xBFWEBVTT - Episode 12: Antennas\r\n\r\n"
    "1\r\n00:01.500 --> 00:04.250\r\nWelcome back\r\nto the show.\r\n\r\n"
    "2\r\n00:04.250 --> 01:02.000\r\nToday: masts.\r\n",
    "1500-4250||Welcome back/to the show.\n"
    "4250-62000||Today: masts.\n" },
  /* Lone CR line ends (old Mac tools). */
  { "cr", LW_TRANSCRIPT_FORMAT_VTT,
    "WEBVTT\r\r00:00.000 --> 00:02.000\rOne.\r\r00:02.000 --> 00:03.000\rTwo.\r",
    "0-2000||One.\n2000-3000||Two.\n" },
  /* Cue settings, NOTE, STYLE and REGION blocks, a cue id with a colon. */
  { "settings-and-blocks", LW_TRANSCRIPT_FORMAT_VTT,
    "WEBVTT\nKind: captions\nLanguage: en\n\n"
    "STYLE\n::cue { color: yellow }\n\n"
    "REGION\nid:fred width:40%\n\n"
    "NOTE This file was made by hand\nover two lines\n\n"
    "intro:1\n00:00:00.000 --> 00:00:02.000 align:start position:10% line:0\nFirst.\n\n"
    "NOTE\nanother note\n\n"
    "00:00:02.000 --> 00:00:05.000 region:fred\nSecond.\n",
    "0-2000||First.\n2000-5000||Second.\n" },
  /* Voice spans (Descript, Otter), classes, other markup and entities. */
  { "voices", LW_TRANSCRIPT_FORMAT_VTT,
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:03.000\n<v Ada Lovelace>Hello &amp; welcome.</v>\n\n"
    "00:00:03.000 --> 00:00:06.000\n<v.loud Charles Babbage>It's <b>big</b> &lt;news&gt;!\n\n"
    "00:00:06.000 --> 00:00:09.000\n<c.yellow>No</c> <i>speaker</i> here&nbsp;then.\n\n"
    "00:00:09.000 --> 00:00:12.000\n<v Ada Lovelace>Karaoke <00:00:10.000>style <00:00:11.000>words\n",
    "0-3000|Ada Lovelace|Hello & welcome.\n"
    "3000-6000|Charles Babbage|It's big <news>!\n"
    "6000-9000||No speaker here\xC2\xA0then.\n"
    "9000-12000|Ada Lovelace|Karaoke style words\n" },
  /* Hours past 99, cues out of order, an empty cue, trailing spaces. */
  { "order-and-empty", LW_TRANSCRIPT_FORMAT_VTT,
    "WEBVTT   \n\n"
    "100:00:00.000 --> 100:00:01.000\nLate.\n\n"
    "00:00:05.000 --> 00:00:06.000   \n   \n\n"
    "00:00:01.000 --> 00:00:02.000\nEarly.   \n",
    "1000-2000||Early.\n360000000-360001000||Late.\n" },
};

static const ParseCase srt_cases[] = {
  { "basic", LW_TRANSCRIPT_FORMAT_SRT,
    "1\n00:00:01,000 --> 00:00:04,000\nHello there.\n\n2\n00:00:04,000 --> 00:00:07,500\nSecond line\nwraps.\n",
    "1000-4000||Hello there.\n4000-7500||Second line/wraps.\n" },
  /* Windows tools: BOM, CRLF, italics and font tags, no blank line at the end. */
  { "windows", LW_TRANSCRIPT_FORMAT_SRT,
    "\xEF\xBB\xBF" "1\r\n00:00:00,500 --> 00:00:02,000\r\n<i>Music</i>\r\n\r\n"
    "2\r\n00:00:02,000 --> 00:00:03,000\r\n<font color=\"#fff\">Hi.</font>",
    "500-2000||Music\n2000-3000||Hi.\n" },
  /* Dots instead of commas, short fractions, extra blank lines, coordinates. */
  { "sloppy", LW_TRANSCRIPT_FORMAT_SRT,
    "\n\n1\n00:00:01.5 --> 00:00:02.25 X1:10 X2:20 Y1:5 Y2:9\nA.\n\n\n\n2\n0:00:03,000 --> 0:00:04,000\nB.\n\n",
    "1500-2250||A.\n3000-4000||B.\n" },
};

static const ParseCase json_cases[] = {
  /* The Podcasting 2.0 JSON format, one segment a phrase. */
  { "phrases", LW_TRANSCRIPT_FORMAT_JSON,
    "{\"version\":\"1.0.0\",\"segments\":["
    "{\"speaker\":\"Ada\",\"startTime\":0.5,\"endTime\":2.0,\"body\":\"Welcome to the show.\"},"
    "{\"speaker\":\"Charles\",\"startTime\":2.0,\"endTime\":4.25,\"body\":\"Thanks for having me.\"}]}",
    "500-2000|Ada|Welcome to the show.\n2000-4250|Charles|Thanks for having me.\n" },
  /* Word by word (as podcast hosts generate it): joined into sentences, per speaker. */
  { "words", LW_TRANSCRIPT_FORMAT_JSON,
    "\xEF\xBB\xBF{\"version\":\"1.0.0\",\"segments\":["
    "{\"speaker\":\"Ada\",\"startTime\":0,\"endTime\":0.3,\"body\":\"Hello\"},"
    "{\"speaker\":\"Ada\",\"startTime\":0.3,\"endTime\":0.6,\"body\":\"there\"},"
    "{\"speaker\":\"Ada\",\"startTime\":0.6,\"endTime\":0.7,\"body\":\",\"},"
    "{\"speaker\":\"Ada\",\"startTime\":0.7,\"endTime\":1.0,\"body\":\"friend.\"},"
    "{\"speaker\":\"Ada\",\"startTime\":1.1,\"endTime\":1.4,\"body\":\"Next\"},"
    "{\"speaker\":\"Bob\",\"startTime\":1.4,\"endTime\":1.8,\"body\":\"Hi\"},"
    "{\"speaker\":\"Bob\",\"startTime\":5.0,\"endTime\":5.5,\"body\":\"later\"}]}",
    "0-1000|Ada|Hello there, friend.\n1100-1400|Ada|Next\n1400-1800|Bob|Hi\n5000-5500|Bob|later\n" },
  /* No speakers, times as strings, a segment without body, a bare array. */
  { "loose", LW_TRANSCRIPT_FORMAT_JSON,
    "[{\"startTime\":\"1.5\",\"endTime\":\"2\",\"body\":\"One.\"},"
    "{\"startTime\":3,\"body\":null},"
    "{\"startTime\":\"00:00:04.000\",\"body\":\"Two.\"}]",
    "1500-2000||One.\n4000--1||Two.\n" },
};

static const ParseCase html_cases[] = {
  /* The Podcasting 2.0 HTML format. */
  { "spec", LW_TRANSCRIPT_FORMAT_HTML,
    "<!DOCTYPE html><html><head><title>Transcript</title><style>p{}</style></head><body>\n"
    "<cite>Ada Lovelace:</cite>\n<time>0:00</time>\n<p>Welcome to the show, everyone.</p>\n"
    "<cite>Charles Babbage:</cite>\n<time>0:04</time>\n<p>Glad to be\n   here &amp; ready.</p>\n"
    "<time>1:02:03</time>\n<p>Still me.</p>\n</body></html>",
    "0-4000|Ada Lovelace|Welcome to the show, everyone.\n"
    "4000-3723000|Charles Babbage|Glad to be here & ready.\n"
    "3723000--1|Charles Babbage|Still me.\n" },
  /* Paragraphs only: shown, but cannot follow playback. */
  { "untimed", LW_TRANSCRIPT_FORMAT_HTML,
    "<div><p>First paragraph.</p><p></p><section><p>Second <b>one</b>.</p></section></div>",
    "-1--1||First paragraph.\n-1--1||Second one.\n" },
};

static void
run_cases (const ParseCase *cases,
           guint            n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cues = NULL;
      g_autoptr(GPtrArray) sniffed = NULL;
      g_autofree char *got = NULL;
      g_autofree char *got_sniffed = NULL;

      g_test_message ("case %s", cases[i].name);
      cues = lw_transcript_parse (cases[i].input, strlen (cases[i].input), cases[i].format, &error);
      g_assert_no_error (error);
      g_assert_nonnull (cues);
      got = describe (cues);
      g_assert_cmpstr (got, ==, cases[i].expected);

      /* The same without being told the format. */
      sniffed = lw_transcript_parse (cases[i].input, strlen (cases[i].input), LW_TRANSCRIPT_FORMAT_UNKNOWN, &error);
      g_assert_no_error (error);
      got_sniffed = describe (sniffed);
      g_assert_cmpstr (got_sniffed, ==, cases[i].expected);
    }
}

static void
test_vtt (void)
{
  run_cases (vtt_cases, G_N_ELEMENTS (vtt_cases));
}

static void
test_srt (void)
{
  run_cases (srt_cases, G_N_ELEMENTS (srt_cases));
}

static void
test_json (void)
{
  run_cases (json_cases, G_N_ELEMENTS (json_cases));
}

static void
test_html (void)
{
  run_cases (html_cases, G_N_ELEMENTS (html_cases));
}

static void
test_errors (void)
{
  static const struct {
    const char         *name;
    LwTranscriptFormat  format;
    const char         *input;
    int                 code;
    const char         *message;
  } cases[] = {
    { "empty", LW_TRANSCRIPT_FORMAT_UNKNOWN, "", LW_TRANSCRIPT_ERROR_UNSUPPORTED,
      "The transcript is in a format Longwave cannot read" },
    { "pdf", LW_TRANSCRIPT_FORMAT_UNKNOWN, "%PDF-1.4\n%\xE2\xE3\n", LW_TRANSCRIPT_ERROR_UNSUPPORTED,
      "The transcript is in a format Longwave cannot read" },
    { "vtt-no-header", LW_TRANSCRIPT_FORMAT_VTT, "00:01.000 --> 00:02.000\nHi\n", LW_TRANSCRIPT_ERROR_INVALID,
      "The transcript is not WebVTT: it does not start with “WEBVTT”" },
    { "vtt-no-cues", LW_TRANSCRIPT_FORMAT_VTT, "WEBVTT\n\nNOTE nothing here\n", LW_TRANSCRIPT_ERROR_INVALID,
      "The transcript is empty" },
    { "srt-no-timing", LW_TRANSCRIPT_FORMAT_SRT, "1\nno timing\nhere\n", LW_TRANSCRIPT_ERROR_INVALID,
      "The transcript is empty" },
    { "json-broken", LW_TRANSCRIPT_FORMAT_JSON, "{\"segments\": [", LW_TRANSCRIPT_ERROR_INVALID, NULL },
    { "json-no-segments", LW_TRANSCRIPT_FORMAT_JSON, "{\"version\": \"1.0.0\"}", LW_TRANSCRIPT_ERROR_INVALID,
      "The transcript has no “segments”" },
    { "latin1", LW_TRANSCRIPT_FORMAT_SRT, "1\n00:00:01,000 --> 00:00:02,000\nCaf\xE9\n", LW_TRANSCRIPT_ERROR_INVALID,
      "The transcript is not UTF-8 text" },
    { "html-empty", LW_TRANSCRIPT_FORMAT_HTML, "<html><body><p> </p></body></html>", LW_TRANSCRIPT_ERROR_INVALID,
      "The transcript is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cues = NULL;

      g_test_message ("case %s", cases[i].name);
      cues = lw_transcript_parse (cases[i].input, strlen (cases[i].input), cases[i].format, &error);
      g_assert_null (cues);
      g_assert_error (error, LW_TRANSCRIPT_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_timestamps (void)
{
  static const struct { const char *text; gint64 ms; } cases[] = {
    { "00:00:01.000", 1000 }, { "00:01.500", 1500 }, { "1:02:03", 3723000 },
    { "12:34", 754000 }, { "00:00:01,250", 1250 }, { "5", 5000 }, { "0.5", 500 },
    { "01:02:03.4", 3723400 }, { "00:00:00.1239", 123 }, { " 00:10 ", 10000 },
    { "100:00:00.000", 360000000 },
    { "", -1 }, { "abc", -1 }, { "1:60", -1 }, { "1:2:3:4", -1 }, { "00:61:00", -1 },
    { "00:01.", -1 }, { "-1", -1 }, { "00:01.000x", -1 }, { "1::2", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("timestamp “%s”", cases[i].text);
      g_assert_cmpint (lw_transcript_parse_timestamp (cases[i].text), ==, cases[i].ms);
    }
  g_assert_cmpint (lw_transcript_parse_timestamp (NULL), ==, -1);

  {
    static const struct { gint64 ms; const char *text; } formats[] = {
      { 0, "0:00" }, { 9999, "0:09" }, { 754000, "12:34" }, { 3599999, "59:59" },
      { 3600000, "1:00:00" }, { 3723000, "1:02:03" }, { 360000000, "100:00:00" }, { -5, "0:00" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *text = lw_transcript_format_timestamp (formats[i].ms);

        g_assert_cmpstr (text, ==, formats[i].text);
      }
  }
}

static void
test_formats (void)
{
  static const struct { const char *type; const char *url; LwTranscriptFormat format; } guesses[] = {
    { "text/vtt", NULL, LW_TRANSCRIPT_FORMAT_VTT },
    { "text/vtt; charset=utf-8", "https://x/t.srt", LW_TRANSCRIPT_FORMAT_VTT },
    { "application/x-subrip", NULL, LW_TRANSCRIPT_FORMAT_SRT },
    { "application/srt", NULL, LW_TRANSCRIPT_FORMAT_SRT },
    { "Application/JSON", NULL, LW_TRANSCRIPT_FORMAT_JSON },
    { "text/html", NULL, LW_TRANSCRIPT_FORMAT_HTML },
    { "text/plain", "https://x/episode.VTT?token=1", LW_TRANSCRIPT_FORMAT_VTT },
    { NULL, "https://x/episode.srt#t", LW_TRANSCRIPT_FORMAT_SRT },
    { NULL, "https://x/episode.json", LW_TRANSCRIPT_FORMAT_JSON },
    { NULL, "https://x/episode.htm", LW_TRANSCRIPT_FORMAT_HTML },
    { "application/pdf", "https://x/episode.pdf", LW_TRANSCRIPT_FORMAT_UNKNOWN },
    { NULL, NULL, LW_TRANSCRIPT_FORMAT_UNKNOWN },
  };
  static const struct { const char *data; LwTranscriptFormat format; } sniffs[] = {
    { "WEBVTT\n", LW_TRANSCRIPT_FORMAT_VTT },
    { "\xEF\xBB\xBF\n  WEBVTT", LW_TRANSCRIPT_FORMAT_VTT },
    { "1\r\n00:00:01,000 --> 00:00:02,000\r\n", LW_TRANSCRIPT_FORMAT_SRT },
    { " {\"segments\":[]}", LW_TRANSCRIPT_FORMAT_JSON },
    { "<!DOCTYPE html>", LW_TRANSCRIPT_FORMAT_HTML },
    { "1\nnot a timing line\n", LW_TRANSCRIPT_FORMAT_UNKNOWN },
    { "Just some text", LW_TRANSCRIPT_FORMAT_UNKNOWN },
    { "", LW_TRANSCRIPT_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (guesses); i++)
    g_assert_cmpint (lw_transcript_format_guess (guesses[i].type, guesses[i].url), ==, guesses[i].format);

  for (guint i = 0; i < G_N_ELEMENTS (sniffs); i++)
    g_assert_cmpint (lw_transcript_format_sniff (sniffs[i].data, strlen (sniffs[i].data)), ==, sniffs[i].format);
}

static void
test_find_cue (void)
{
  const char *vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:02.000 --> 00:05.000\nB\n\n"
                    "00:10.000 --> 00:11.000\nC\n";
  g_autoptr(GPtrArray) cues = lw_transcript_parse (vtt, strlen (vtt), LW_TRANSCRIPT_FORMAT_VTT, NULL);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  const char *html = "<p>untimed</p>";
  g_autoptr(GPtrArray) untimed = lw_transcript_parse (html, strlen (html), LW_TRANSCRIPT_FORMAT_HTML, NULL);

  g_assert_nonnull (cues);
  g_assert_cmpint (lw_transcript_find_cue (cues, 0), ==, -1);
  g_assert_cmpint (lw_transcript_find_cue (cues, 999), ==, -1);
  g_assert_cmpint (lw_transcript_find_cue (cues, 1000), ==, 0);
  g_assert_cmpint (lw_transcript_find_cue (cues, 1999), ==, 0);
  g_assert_cmpint (lw_transcript_find_cue (cues, 2000), ==, 1);
  /* In the gap after B, B stays the current one. */
  g_assert_cmpint (lw_transcript_find_cue (cues, 7000), ==, 1);
  g_assert_cmpint (lw_transcript_find_cue (cues, 10000), ==, 2);
  g_assert_cmpint (lw_transcript_find_cue (cues, G_MAXINT64), ==, 2);
  g_assert_cmpint (lw_transcript_find_cue (empty, 5), ==, -1);
  g_assert_cmpint (lw_transcript_find_cue (untimed, 5), ==, -1);
}

/* A long transcript parses fast enough to do on every episode opened. */
static void
test_large (void)
{
  g_autoptr(GString) vtt = g_string_new ("WEBVTT\n\n");
  g_autoptr(GPtrArray) cues = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* Three hours, a cue every 2 s. */
  for (guint i = 0; i < 5400; i++)
    g_string_append_printf (vtt, "%02u:%02u:%02u.000 --> %02u:%02u:%02u.000\n<v Speaker %u>Words number %u.\n\n",
                            i * 2 / 3600, i * 2 / 60 % 60, i * 2 % 60,
                            (i * 2 + 2) / 3600, (i * 2 + 2) / 60 % 60, (i * 2 + 2) % 60, i % 3, i);

  start = g_get_monotonic_time ();
  cues = lw_transcript_parse (vtt->str, vtt->len, LW_TRANSCRIPT_FORMAT_VTT, &error);
  g_test_message ("5400 cues (%zu bytes) in %.1f ms", vtt->len, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (cues->len, ==, 5400);
  g_assert_cmpint (lw_transcript_find_cue (cues, 3 * 3600 * 1000 - 1), ==, 5399);
}

/* Chapters (podcast:chapters JSON) ************************************************/

static char *
describe_chapters (GPtrArray *chapters)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < chapters->len; i++)
    {
      LwChapter *chapter = chapters->pdata[i];

      g_string_append_printf (out, "%.1f|%s|%s|%s\n", chapter->start,
                              chapter->title ? chapter->title : "",
                              chapter->url ? chapter->url : "",
                              chapter->image ? chapter->image : "");
    }

  return g_string_free (out, FALSE);
}

static void
test_chapters_json (void)
{
  static const struct { const char *name; const char *input; const char *expected; } cases[] = {
    { "spec",
      "{\"version\":\"1.2.0\",\"chapters\":["
      "{\"startTime\":0,\"title\":\"Intro\"},"
      "{\"startTime\":168.5,\"title\":\"Listener mail\",\"url\":\"https://example.org/mail\","
      "\"img\":\"https://example.org/mail.jpg\"},"
      "{\"startTime\":300,\"title\":\"Artwork only\",\"toc\":false},"
      "{\"startTime\":420,\"endTime\":500,\"title\":\" Outro \"}]}",
      "0.0|Intro||\n168.5|Listener mail|https://example.org/mail|https://example.org/mail.jpg\n420.0|Outro||\n" },
    /* Out of order, times as strings, one without a start, a BOM. */
    { "loose",
      "\xEF\xBB\xBF{\"chapters\":[{\"startTime\":\"90\",\"title\":\"B\"},{\"title\":\"No time\"},"
      "{\"startTime\":\"0:30\",\"title\":\"A\"},{\"startTime\":5}]}",
      "5.0|||\n30.0|A||\n90.0|B||\n" },
    { "empty", "{\"chapters\":[]}", "" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) chapters = NULL;
      g_autofree char *got = NULL;

      g_test_message ("case %s", cases[i].name);
      chapters = lw_chapters_parse_json (cases[i].input, strlen (cases[i].input), &error);
      g_assert_no_error (error);
      got = describe_chapters (chapters);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }

  none = lw_chapters_parse_json ("{\"version\":1}", 13, &error);
  g_assert_null (none);
  g_assert_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The chapters file has no “chapters”");
  g_clear_error (&error);

  none = lw_chapters_parse_json ("<html>", 6, &error);
  g_assert_null (none);
  g_assert_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID);
}

/* Fetching ***********************************************************************/

static const char *served_vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ada>Served.\n";
static const char *served_json =
  "{\"version\":\"1.0.0\",\"segments\":[{\"speaker\":\"Ada\",\"startTime\":1,\"endTime\":2,\"body\":\"JSON.\"}]}";

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  if (g_str_equal (path, "/plain.vtt"))
    {
      /* Many hosts send VTT as text/plain: the body decides. */
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, served_vtt, strlen (served_vtt));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/transcript"))
    {
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, served_json, strlen (served_json));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (msg, 302, "/plain.vtt");
    }
  else if (g_str_equal (path, "/chapters.json"))
    {
      static const char *chapters = "{\"version\":\"1.2.0\",\"chapters\":[{\"startTime\":12,\"title\":\"Served\"}]}";

      soup_server_message_set_response (msg, "application/json+chapters", SOUP_MEMORY_STATIC, chapters, strlen (chapters));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/transcript.pdf"))
    {
      soup_server_message_set_response (msg, "application/pdf", SOUP_MEMORY_STATIC, "%PDF-1.4\n", 9);
      soup_server_message_set_status (msg, 200, NULL);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static GPtrArray *
fetch (LwTestHttp  *http,
       const char  *path,
       const char  *mime_type,
       GError     **error)
{
  g_autoptr(LwFeedService) service = lw_feed_service_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = lw_test_http_url (http, path);

  lw_transcript_fetch_async (service, url, mime_type, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (http, &result);

  return lw_transcript_fetch_finish (result, error);
}

static void
test_fetch (void)
{
  g_autoptr(LwTestHttp) http = lw_test_http_new (serve, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cues = NULL;
  g_autofree char *text = NULL;

  cues = fetch (http, "/plain.vtt", "text/vtt", &error);
  g_assert_no_error (error);
  text = describe (cues);
  g_assert_cmpstr (text, ==, "0-2000|Ada|Served.\n");
  g_clear_pointer (&cues, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* The feed said SRT; the server sends JSON without an extension in the URL. */
  cues = fetch (http, "/transcript", "application/x-subrip", &error);
  g_assert_no_error (error);
  text = describe (cues);
  g_assert_cmpstr (text, ==, "1000-2000|Ada|JSON.\n");
  g_clear_pointer (&cues, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  cues = fetch (http, "/moved", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cues->len, ==, 1);
  g_clear_pointer (&cues, g_ptr_array_unref);

  cues = fetch (http, "/missing.vtt", "text/vtt", &error);
  g_assert_null (cues);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);

  cues = fetch (http, "/transcript.pdf", "application/pdf", &error);
  g_assert_null (cues);
  g_assert_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_UNSUPPORTED);
  g_clear_error (&error);
}

static void
test_chapters_fetch (void)
{
  g_autoptr(LwTestHttp) http = lw_test_http_new (serve, NULL);
  g_autoptr(LwFeedService) service = lw_feed_service_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) missing_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *url = lw_test_http_url (http, "/chapters.json");
  g_autofree char *missing = lw_test_http_url (http, "/nothing.json");
  g_autofree char *text = NULL;

  lw_chapters_fetch_async (service, url, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (http, &result);
  chapters = lw_chapters_fetch_finish (result, &error);
  g_assert_no_error (error);
  text = describe_chapters (chapters);
  g_assert_cmpstr (text, ==, "12.0|Served||\n");
  g_clear_pointer (&chapters, g_ptr_array_unref);

  lw_chapters_fetch_async (service, missing, NULL, lw_test_http_store_result, &missing_result);
  lw_test_http_wait (http, &missing_result);
  chapters = lw_chapters_fetch_finish (missing_result, &error);
  g_assert_null (chapters);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP);
}

static void
test_fetch_refused (void)
{
  g_autoptr(LwFeedService) service = lw_feed_service_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cues = NULL;
  g_autofree char *url = lw_test_refused_url ();
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  lw_transcript_fetch_async (service, url, "text/vtt", NULL, lw_test_http_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  cues = lw_transcript_fetch_finish (result, &error);
  g_assert_null (cues);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NETWORK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transcript/vtt", test_vtt);
  g_test_add_func ("/transcript/srt", test_srt);
  g_test_add_func ("/transcript/json", test_json);
  g_test_add_func ("/transcript/html", test_html);
  g_test_add_func ("/transcript/errors", test_errors);
  g_test_add_func ("/transcript/timestamps", test_timestamps);
  g_test_add_func ("/transcript/formats", test_formats);
  g_test_add_func ("/transcript/find-cue", test_find_cue);
  g_test_add_func ("/transcript/large", test_large);
  g_test_add_func ("/transcript/fetch", test_fetch);
  g_test_add_func ("/transcript/fetch-refused", test_fetch_refused);
  g_test_add_func ("/chapters/json", test_chapters_json);
  g_test_add_func ("/chapters/fetch", test_chapters_fetch);

  return g_test_run ();
}
