/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "core/lw-feed-json.h"
#include "core/lw-feed-parser.h"
#include "core/lw-html.h"

static char *
fixture (const char *path)
{
  return g_test_build_filename (G_TEST_DIST, "data", "feeds", path, NULL);
}

static LwFeed *
parse_fixture (const char *path,
               const char *base_url)
{
  g_autofree char *filename = fixture (path);
  g_autoptr(GError) error = NULL;
  LwFeed *feed = lw_feed_parser_parse_file (filename, base_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
}

static LwFeed *
parse_string (const char  *xml,
              const char  *base_url,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));

  return lw_feed_parser_parse_bytes (bytes, base_url, error);
}

static LwFeedItem *
item_at (LwFeed *feed,
         guint   i)
{
  g_assert_cmpuint (i, <, feed->items->len);
  return g_ptr_array_index (feed->items, i);
}

static LwEnclosure *
enclosure_at (LwFeedItem *item,
              guint       i)
{
  g_assert_cmpuint (i, <, item->enclosures->len);
  return g_ptr_array_index (item->enclosures, i);
}

/* AntennaPod's RssParserTest on feed-rss-testRss2Basic.xml */
static void
test_rss2_basic (void)
{
  g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-rss-testRss2Basic.xml", "http://example.com/feed");
  LwFunding *funding;

  g_assert_cmpstr (feed->title, ==, "title");
  g_assert_cmpstr (feed->language, ==, "en");
  g_assert_cmpstr (feed->link, ==, "http://example.com");
  g_assert_cmpstr (feed->description, ==, "This is the description");
  g_assert_cmpstr (feed->image, ==, "http://example.com/picture");
  g_assert_cmpuint (feed->funding->len, >=, 1);
  funding = g_ptr_array_index (feed->funding, 0);
  g_assert_cmpstr (funding->url, ==, "http://example.com/payment");
  g_assert_cmpuint (feed->items->len, ==, 10);

  for (guint i = 0; i < 10; i++)
    {
      LwFeedItem *item = item_at (feed, i);
      g_autofree char *guid = g_strdup_printf ("http://example.com/item-%u", i);
      g_autofree char *title = g_strdup_printf ("item-%u", i);
      g_autofree char *link = g_strdup_printf ("http://example.com/items/%u", i);
      g_autofree char *media = g_strdup_printf ("http://example.com/media-%u", i);

      g_assert_cmpstr (item->guid, ==, guid);
      g_assert_cmpstr (item->title, ==, title);
      g_assert_cmpstr (item->link, ==, link);
      g_assert_null (item->summary);
      g_assert_cmpint (item->published, ==, i * 60);
      g_assert_cmpuint (item->enclosures->len, ==, 1);
      g_assert_cmpstr (enclosure_at (item, 0)->url, ==, media);
      g_assert_cmpint (enclosure_at (item, 0)->length, ==, 1048576);
      g_assert_cmpstr (enclosure_at (item, 0)->type, ==, "audio/mp3");
      g_assert_cmpuint (item->chapters->len, ==, 0);
    }
}

/* de-grote.xml uses itunes: without declaring it; GNOME Podcasts reads it. */
static void
test_undeclared_prefix (void)
{
  g_autoptr(LwFeed) feed = parse_fixture ("gnome-podcasts/de-grote.xml", NULL);
  LwFeedItem *item;

  g_assert_cmpstr (feed->title, ==, "De Grote Podcast Van de Veire Ochtendshow");
  g_assert_cmpstr (feed->author, ==, "MNM");
  g_assert_cmpstr (feed->owner_name, ==, "MNM");
  g_assert_cmpstr (feed->owner_email, ==, "podcasts@vrt.be");
  g_assert_cmpstr (feed->type, ==, "episodic");
  g_assert_cmpint (feed->explicit_, ==, 0);
  g_assert_cmpuint (feed->categories->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (feed->categories, 0), ==, "News");
  g_assert_cmpstr (g_ptr_array_index (feed->categories, 1), ==, "News/Entertainment News");
  g_assert_cmpstr (feed->new_feed_url, ==, "https://podcasts.vrt.be/v1/program-6f4b068a-7178-4809-ab2f-fd016e1f4df3");
  g_assert_cmpuint (feed->items->len, ==, 12);

  item = item_at (feed, 0);
  g_assert_cmpint (item->duration, ==, 2047);
  g_assert_cmpint (item->season, ==, 1);
  g_assert_cmpint (item->episode, ==, 10);
  g_assert_cmpstr (item->episode_type, ==, "full");
  g_assert_nonnull (item->image);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LwFeed) inline_feed = parse_string (
      "<rss><channel><title>t</title><item><title>e</title>"
      "<itunes:duration>1:02:03</itunes:duration><podcast:season>4</podcast:season>"
      "<podcast:transcript url=\"https://e.org/t.vtt\" type=\"text/vtt\"/>"
      "</item></channel></rss>", NULL, &error);

    g_assert_no_error (error);
    item = item_at (inline_feed, 0);
    g_assert_cmpint (item->duration, ==, 3723);
    g_assert_cmpint (item->season, ==, 4);
    g_assert_cmpuint (item->transcripts->len, ==, 1);
  }
}

typedef struct
{
  const char *file;
  guint       index;
  const char *title;
  const char *url;
  const char *guid;
  gint64      length;
  gint64      published;
  gint64      duration;
  const char *image;
} EpisodeExpectation;

/* gnome-podcasts/EXPECTED.md, "Episode-level" */
static const EpisodeExpectation gnome_podcasts_episodes[] = {
  { "2018-01-20-Intercepted.xml", 14, "The Super Bowl of Racism", "http://traffic.megaphone.fm/PPY6458293736.mp3",
    "7df4070a-9832-11e7-adac-cb37b05d5e24", 66738886, 1505296800, 4171, NULL },
  { "2018-01-20-Intercepted.xml", 15, "Atlas Golfed — U.S.-Backed Think Tanks Target Latin America",
    "http://traffic.megaphone.fm/FL5331443769.mp3", "7c207a24-e33f-11e6-9438-eb45dcf36a1d", 67527575, 1502272800, 4415, NULL },
  { "2018-01-20-LinuxUnplugged.xml", 18, "Hacking Devices with Kali Linux | LUP 214",
    "http://www.podtrac.com/pts/redirect.mp3/traffic.libsyn.com/jnite/lup-0214.mp3",
    "78A682B4-73E8-47B8-88C0-1BE62DD4EF9D", 46479789, 1505280282, 5733, NULL },
  { "2018-01-20-LinuxUnplugged.xml", 19, "Gnome Does it Again | LUP 213",
    "http://www.podtrac.com/pts/redirect.mp3/traffic.libsyn.com/jnite/lup-0213.mp3",
    "1CE57548-B36C-4F14-832A-5D5E0A24E35B", 36544272, 1504670247, 4491, NULL },
  { "2024-03-13-ndr.xml", 1, "Nachrichten",
    "https://mediandr-a.akamaihd.net/download/podcasts/podcast4450/AU-20240313-2303-4300.mp3",
    "AU-20240313-2303-4300-A", LW_UNKNOWN, 1710367140, 202, "https://www.ndr.de/nachrichten/info/nachrichten660_v-quadratl.jpg" },
  { "2024-03-14-ndr.xml", 1, "Nachrichten",
    "https://mediandr-a.akamaihd.net/download/podcasts/podcast4450/AU-20240314-1705-4100.mp3",
    "AU-20240314-1705-4100-A", LW_UNKNOWN, 1710431940, 300, "https://www.ndr.de/nachrichten/info/nachrichten660_v-quadratl.jpg" },
};

static void
test_gnome_podcasts_episodes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (gnome_podcasts_episodes); i++)
    {
      const EpisodeExpectation *e = &gnome_podcasts_episodes[i];
      g_autofree char *path = g_build_filename ("gnome-podcasts", e->file, NULL);
      g_autoptr(LwFeed) feed = parse_fixture (path, NULL);
      LwFeedItem *item = item_at (feed, e->index);
      const LwEnclosure *enclosure = lw_feed_item_get_main_enclosure (item);

      g_test_message ("%s #%u", e->file, e->index);
      g_assert_cmpstr (item->title, ==, e->title);
      g_assert_nonnull (enclosure);
      g_assert_cmpstr (enclosure->url, ==, e->url);
      g_assert_cmpint (enclosure->length, ==, e->length);
      g_assert_cmpstr (item->guid, ==, e->guid);
      g_assert_cmpint (item->published, ==, e->published);
      g_assert_cmpint (item->duration, ==, e->duration);
      /* GNOME Podcasts reads only itunes:image ("none" there); we deliberately fall
       * back to media:thumbnail, which LINUX Unplugged sets, so only check the former. */
      if (e->image != NULL)
        g_assert_cmpstr (item->image, ==, e->image);
    }
}

typedef struct
{
  const char *file;
  const char *title;
  const char *link;
  const char *image;
  const char *description;  /* plain text, or NULL to skip */
  guint       n_items;
} ShowExpectation;

/* gnome-podcasts/EXPECTED.md, "Show-level"; descriptions compared as plain text. */
static const ShowExpectation gnome_podcasts_shows[] = {
  { "2018-01-20-Intercepted.xml", "Intercepted with Jeremy Scahill", "https://theintercept.com/podcasts",
    "http://static.megaphone.fm/podcasts/d5735a50-d904-11e6-8532-73c7de466ea6/image/uploads_2F1484252190700-qhn5krasklbce3dh-a797539282700ea0298a3a26f7e49b0b_2FIntercepted_COVER%2B_281_29.png",
    NULL, 43 },
  { "2018-01-20-LinuxUnplugged.xml", "LINUX Unplugged Podcast", "http://www.jupiterbroadcasting.com/",
    "http://www.jupiterbroadcasting.com/images/LASUN-Badge1400.jpg",
    "An open show powered by community LINUX Unplugged takes the best attributes of open collaboration and focuses them into a weekly lifestyle show about Linux.",
    232 },
  { "2018-01-20-TheTipOff.xml", "The Tip Off", "http://www.acast.com/thetipoff",
    "https://imagecdn.acast.com/image?h=1500&w=1500&source=http%3A%2F%2Fi1.sndcdn.com%2Favatars-000317856075-a2coqz-original.jpg",
    NULL, 14 },
  { "2018-01-20-StealTheStars.xml", "Steal the Stars", "http://tor-labs.com/",
    "https://dfkfj8j276wwv.cloudfront.net/images/2c/5f/a0/1a/2c5fa01a-ae78-4a8c-b183-7311d2e436c3/b3a4aa57a576bb662191f2a6bc2a436c8c4ae256ecffaff5c4c54fd42e923914941c264d01efb1833234b52c9530e67d28a8cebbe3d11a4bc0fbbdf13ecdf1c3.jpeg",
    NULL, 15 },
  { "2018-03-28-Ellinofreneia.xml", "Ελληνοφρένεια", "https://ellinofreneia.sealabs.net/feed.rss",
    "https://ellinofreneia.sealabs.net/logo.png", "Ανεπίσημο feed της Ελληνοφρένειας", 6 },
  /* ISO-8859-1, decoded to UTF-8 */
  { "2022-series-i-cinema.xml", NULL, NULL, NULL,
    "Els clàssics, les novetats de la cartellera i les millors sèries, tot en un sol podcast.", 50 },
};

static void
test_gnome_podcasts_shows (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (gnome_podcasts_shows); i++)
    {
      const ShowExpectation *e = &gnome_podcasts_shows[i];
      g_autofree char *path = g_build_filename ("gnome-podcasts", e->file, NULL);
      g_autoptr(LwFeed) feed = parse_fixture (path, NULL);

      g_test_message ("%s", e->file);
      if (e->title != NULL)
        g_assert_cmpstr (feed->title, ==, e->title);
      if (e->link != NULL)
        g_assert_cmpstr (feed->link, ==, e->link);
      if (e->image != NULL)
        g_assert_cmpstr (feed->image, ==, e->image);
      if (e->description != NULL)
        g_assert_cmpstr (feed->description, ==, e->description);
      g_assert_cmpuint (feed->items->len, ==, e->n_items);
    }
}

/* gnome-podcasts/EXPECTED.md, "Episode descriptions (after sanitizing; content:encoded
 * preferred)": GNOME Podcasts runs ammonia, we run our own allow-list, so compare the
 * text both give. */
static void
test_gnome_podcasts_notes (void)
{
  const struct { const char *file; guint index; const char *html; } cases[] = {
    { "2018-01-20-Intercepted.xml", 14,
      "NSA whistleblower Edward Snowden discusses the massive Equifax data breach and allegations of Russian "
      "interference in the US election. Commentator Shaun King explains his call for a boycott of the NFL and "
      "talks about his campaign to bring violent neo-Nazis to justice. Rapper Open Mike Eagle performs." },
    { "2018-01-20-LinuxUnplugged.xml", 18,
      "Audit your network with a couple of easy commands on Kali Linux. Chris decides to blow off a little "
      "steam by attacking his IoT devices, Wes has the scope on Equifax blaming open source &amp; the Beard "
      "just saved the show. It\u2019s a really packed episode!" },
    { "2018-01-20-LinuxUnplugged.xml", 19,
      "<p>The Gnome project is about to solve one of our audience's biggest Wayland\u2019s concerns. But as the "
      "project takes on a new level of relevance, decisions for the next version of Gnome have us worried about "
      "the future.</p>\n\n<p>Plus we chat with Wimpy about the Ubuntu Rally in NYC, Microsoft\u2019s sneaky move "
      "to turn Windows 10 into the \u201cULTIMATE LINUX RUNTIME\u201d, community news &amp; more!</p>" },
    { "2024-03-13-ndr.xml", 1, "<p>Die aktuellen Meldungen aus der NDR Info Nachrichtenredaktion.</p>" },
    { "2024-03-14-ndr.xml", 1, "<p>Die aktuellen Meldungen aus der NDR Info Nachrichtenredaktion.</p>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename ("gnome-podcasts", cases[i].file, NULL);
      g_autoptr(LwFeed) feed = parse_fixture (path, NULL);
      g_autofree char *expected = lw_html_to_text (cases[i].html);
      g_autofree char *ours = lw_html_to_text (item_at (feed, cases[i].index)->notes_html);

      g_test_message ("%s #%u", cases[i].file, cases[i].index);
      g_assert_cmpstr (ours, ==, expected);
    }
}

/* content:encoded wins over description for the notes; description is the summary. */
static void
test_content_encoded (void)
{
  g_autoptr(LwFeed) feed = parse_fixture ("gnome-podcasts/2018-01-20-LinuxUnplugged.xml", NULL);
  LwFeedItem *item = item_at (feed, 19);

  g_assert_true (g_str_has_prefix (item->notes_html, "<p>The Gnome project is about to solve"));
  g_assert_nonnull (strstr (item->notes_html, "<p>Plus we chat with Wimpy"));
  g_assert_nonnull (strstr (item->notes_html, "community news &amp; more!</p>"));
  g_assert_null (strstr (item->summary, "<p>"));
}

/* The same little feed, in every encoding feeds come in. */
static const char encoded_feed[] =
  "<?xml version=\"1.0\" encoding=\"%s\"?>\n"
  "<rss version=\"2.0\"><channel><title>Caf\u00e9 \u2019quoted\u2019 \u20ac5</title>"
  "<item><title>\u00dcber</title><guid>1</guid></item></channel></rss>\n";

static void
assert_encoded (const char *bytes,
                gsize       len,
                const char *what)
{
  g_autoptr(GBytes) data = g_bytes_new (bytes, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_parser_parse_bytes (data, NULL, &error);

  g_test_message ("%s", what);
  g_assert_no_error (error);
  g_assert_cmpstr (feed->title, ==, "Caf\u00e9 \u2019quoted\u2019 \u20ac5");
  g_assert_cmpstr (item_at (feed, 0)->title, ==, "\u00dcber");
}

static char *
feed_in (const char *declared,
         const char *charset,
         const char *prefix,
         gsize      *len)
{
  g_autofree char *utf8 = g_strdup_printf (encoded_feed, declared);
  g_autofree char *converted = NULL;
  gsize converted_len;
  gsize prefix_len = prefix != NULL ? strlen (prefix) : 0;
  char *result;

  converted = g_convert (utf8, -1, charset, "UTF-8", NULL, &converted_len, NULL);
  g_assert_nonnull (converted);
  result = g_malloc (prefix_len + converted_len);
  if (prefix_len > 0)
    memcpy (result, prefix, prefix_len);
  memcpy (result + prefix_len, converted, converted_len);
  *len = prefix_len + converted_len;
  return result;
}

static void
test_encodings (void)
{
  struct {
    const char *declared;
    const char *charset;
    const char *prefix;
    gsize       prefix_len;
    const char *what;
  } cases[] = {
    { "UTF-8", "UTF-8", NULL, 0, "UTF-8" },
    { "UTF-8", "UTF-8", "\xEF\xBB\xBF", 3, "UTF-8 with BOM" },
    { "UTF-8", "UTF-8", "\xEF\xBB\xBF \n\t", 6, "UTF-8, BOM and whitespace before <?xml" },
    { "UTF-8", "UTF-8", "\n\n   ", 5, "whitespace before <?xml" },
    { "UTF-16", "UTF-16LE", "\xFF\xFE", 2, "UTF-16LE with BOM" },
    { "UTF-16", "UTF-16BE", "\xFE\xFF", 2, "UTF-16BE with BOM" },
    { "UTF-16", "UTF-16LE", NULL, 0, "UTF-16LE without BOM" },
    { "windows-1252", "WINDOWS-1252", NULL, 0, "windows-1252" },
    { "ISO-8859-1", "WINDOWS-1252", NULL, 0, "declared ISO-8859-1, written windows-1252" },
    { "UTF-8", "WINDOWS-1252", NULL, 0, "declared UTF-8, written windows-1252" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len;
      g_autofree char *bytes = feed_in (cases[i].declared, cases[i].charset, NULL, &len);
      g_autofree char *with_prefix = g_malloc (cases[i].prefix_len + len);

      memcpy (with_prefix, cases[i].prefix, cases[i].prefix_len);
      memcpy (with_prefix + cases[i].prefix_len, bytes, len);
      assert_encoded (with_prefix, cases[i].prefix_len + len, cases[i].what);
    }

  /* Plain ISO-8859-1 (no windows-1252 bytes) from the corpus. */
  {
    g_autoptr(LwFeed) feed = parse_fixture ("gnome-podcasts/2022-series-i-cinema.xml", NULL);

    g_assert_cmpstr (feed->description, ==,
                     "Els cl\u00e0ssics, les novetats de la cartellera i les millors s\u00e8ries, tot en un sol podcast.");
  }

  /* Mostly UTF-8 with one windows-1252 quote pasted in: both survive. */
  {
    const char mixed[] = "<rss><channel><title>Caf\xc3\xa9 \x93quoted\x94</title></channel></rss>";
    g_autoptr(GError) error = NULL;
    g_autoptr(LwFeed) feed = parse_string (mixed, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (feed->title, ==, "Caf\u00e9 \u201cquoted\u201d");
  }
}

static void
test_entities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\"><channel><title>A&nbsp;B &eacute; &amp; C&hellip;</title>"
    "<item><title>Q&A & more</title><link>http://e.org/?a=1&b=2</link>"
    "<description><![CDATA[<p>keep &nbsp; & <b>this</b></p>]]></description>"
    "<enclosure url=\"http://e.org/a.mp3?x=1&y=2\" type=\"audio/mpeg\"/></item>"
    "<item><title>&#8217;&#x2019; &unknownentity;</title></item>"
    "</channel></rss>", NULL, &error);
  LwFeedItem *item;

  g_assert_no_error (error);
  g_assert_cmpstr (feed->title, ==, "A\u00a0B \u00e9 & C\u2026");
  item = item_at (feed, 0);
  g_assert_cmpstr (item->title, ==, "Q&A & more");
  g_assert_cmpstr (item->link, ==, "http://e.org/?a=1&b=2");
  g_assert_cmpstr (enclosure_at (item, 0)->url, ==, "http://e.org/a.mp3?x=1&y=2");
  g_assert_cmpstr (item->notes_html, ==, "<p>keep \u00a0 &amp; <b>this</b></p>");
  /* Unknown to HTML too: libxml2's RECOVER drops it, the rest stays. */
  g_assert_cmpstr (item_at (feed, 1)->title, ==, "\u2019\u2019");
}

/* Unescaped HTML inside a description, with a <br> never closed: RECOVER. */
static void
test_recover_unescaped_html (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\"><channel><title>Show</title>\n"
    "<item><title>One</title><description><p>Hello<br>world</p></description>"
    "<enclosure url=\"http://e.org/1.mp3\"/></item>\n"
    "<item><title>Two</title></item>\n"
    "</channel></rss>\n", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->title, ==, "Show");
  g_assert_cmpuint (feed->items->len, >=, 1);
  g_assert_cmpstr (item_at (feed, 0)->title, ==, "One");
  g_assert_nonnull (strstr (item_at (feed, 0)->summary, "Hello"));
}

static void
assert_parse_error (const char *xml,
                    gssize      len,
                    int         code,
                    const char *fragment)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, len < 0 ? strlen (xml) : (gsize) len);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_parser_parse_bytes (bytes, NULL, &error);

  g_assert_null (feed);
  g_assert_error (error, LW_FEED_PARSER_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

static void
test_errors (void)
{
  assert_parse_error ("", 0, LW_FEED_PARSER_ERROR_EMPTY, NULL);
  assert_parse_error (" \n\t ", -1, LW_FEED_PARSER_ERROR_EMPTY, NULL);
  assert_parse_error ("\xEF\xBB\xBF", -1, LW_FEED_PARSER_ERROR_EMPTY, NULL);
  assert_parse_error ("<?xml version=\"1.0\"?>\n", -1, LW_FEED_PARSER_ERROR_EMPTY, NULL);

  assert_parse_error ("<!DOCTYPE html>\n<html lang=en><body><p>Hi", -1, LW_FEED_PARSER_ERROR_HTML, "HTML page");
  assert_parse_error ("<!doctype HTML><title>x</title>", -1, LW_FEED_PARSER_ERROR_HTML, NULL);
  assert_parse_error ("\n  <html><head></head><body></body></html>", -1, LW_FEED_PARSER_ERROR_HTML, NULL);
  assert_parse_error ("<?xml version=\"1.0\"?><!-- c --><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
                      -1, LW_FEED_PARSER_ERROR_HTML, NULL);

  /* A download cut short: line and column of the end. */
  assert_parse_error ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<title>Cut</title>\n<item><title>Half",
                      -1, LW_FEED_PARSER_ERROR_MALFORMED, "line 5");
  assert_parse_error ("<rss version=\"2.0\"><channel><title>x</title><enclosure url=\"http://e.org/a",
                      -1, LW_FEED_PARSER_ERROR_MALFORMED, "line 1, column");
  assert_parse_error ("<rss>\n<channel>\n<enclosure url=http://e.org/a.mp3/>\n</channel></rss>", -1,
                      LW_FEED_PARSER_ERROR_MALFORMED, "line 3");
  assert_parse_error ("<rss><channel><title>a</title></channel></rss>\n<rss>\n<channel/></rss>", -1,
                      LW_FEED_PARSER_ERROR_MALFORMED, "line 2");

  assert_parse_error ("<opml version=\"2.0\"><body/></opml>", -1, LW_FEED_PARSER_ERROR_NOT_A_FEED, "opml");
  assert_parse_error ("<rss version=\"2.0\"></rss>", -1, LW_FEED_PARSER_ERROR_NOT_A_FEED, NULL);
  assert_parse_error ("<rss version=\"2.0\"><notchannel/></rss>", -1, LW_FEED_PARSER_ERROR_NOT_A_FEED, NULL);
}

/* A download cut short inside a CDATA section, a comment or a tag says so, with where
 * the data ends, both from memory and from a file (which streams first); libxml2
 * itself calls these "Extra content at the end of the document". */
static void
test_errors_truncated (void)
{
  const char *head = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n<title>Cut</title>\n<item>\n";
  struct { const char *tail; const char *where; } cases[] = {
    { "<description><![CDATA[<p>Notes that stop", "line 6, column 41" },
    { "<description><![CDATA[<p>Notes that stop]]", "line 6, column 43" },
    { "<!-- a comment that stops", "line 6, column 26" },
    { "<enclosure url=\"https://e.org/a.mp3\" length=\"12", "line 6, column 48" },
    { "<enclosure url=\"https://e.org/a.mp3\"", "line 6, column 37" },
    { "<title>Half a ti", "line 6, column 17" },
    { "<title>x</title></item></channel>\n", "line 6, column 34" },
  };
  g_autofree char *dir = g_dir_make_tmp ("lw-truncated-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cut.xml", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat (head, cases[i].tail, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LwFeed) feed = NULL;

      g_test_message ("%s", cases[i].tail);
      assert_parse_error (xml, -1, LW_FEED_PARSER_ERROR_MALFORMED, "incomplete");
      assert_parse_error (xml, -1, LW_FEED_PARSER_ERROR_MALFORMED, cases[i].where);

      g_assert_true (g_file_set_contents (path, xml, -1, NULL));
      feed = lw_feed_parser_parse_file (path, NULL, &error);
      g_assert_null (feed);
      g_assert_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "incomplete"));
      g_assert_nonnull (strstr (error->message, cases[i].where));
    }

  /* Something after a complete document is not a truncation. */
  assert_parse_error ("<rss version=\"2.0\"><channel><title>a</title></channel></rss>\n<p>junk</p>\n", -1,
                      LW_FEED_PARSER_ERROR_MALFORMED, "Extra content");

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_castero (void)
{
  const char *accepted[] = {
    "valid_basic.xml", "valid_complete.xml", "valid_mixed_enclosures.xml", "valid_two_channels.xml",
    "broken_channel_children.xml", "broken_channel_empty.xml", "broken_extra_description.xml",
    "broken_extra_link.xml", "broken_has_channel.xml", "broken_is_v2.xml", "broken_item_title.xml",
    "broken_no_version.xml",
  };
  const char *rejected[] = { "broken_is_rss.xml", "broken_no_channel.xml", "broken_rss_empty.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *path = g_build_filename ("castero", accepted[i], NULL);
      g_autoptr(LwFeed) feed = parse_fixture (path, "https://example.org/shows/myfeed.xml");

      g_test_message ("%s", accepted[i]);
      /* A missing title falls back to the URL's name, like podcastparser. */
      g_assert_nonnull (feed->title);
      for (guint j = 0; j < feed->items->len; j++)
        g_assert_nonnull (item_at (feed, j)->guid);
    }

  {
    g_autoptr(LwFeed) feed = parse_fixture ("castero/broken_channel_children.xml", "https://example.org/shows/myfeed.xml");

    g_assert_cmpstr (feed->title, ==, "myfeed");
  }
  {
    g_autoptr(LwFeed) feed = parse_fixture ("castero/broken_extra_description.xml", NULL);

    g_assert_cmpstr (feed->description, ==, "myfeed description");
    g_assert_cmpuint (feed->items->len, ==, 3);
  }

  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      g_autofree char *path = g_build_filename ("castero", rejected[i], NULL);
      g_autofree char *filename = fixture (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(LwFeed) feed = lw_feed_parser_parse_file (filename, NULL, &error);

      g_assert_null (feed);
      g_assert_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_NOT_A_FEED);
    }
}

static const char billion_laughs[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE rss [\n"
  " <!ENTITY lol \"lol\">\n"
  " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
  " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
  " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
  " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
  " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
  " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
  " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
  " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
  "]>\n"
  "<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>\n";

static void
test_hostile_billion_laughs (void)
{
  gint64 start = g_get_monotonic_time ();

  assert_parse_error (billion_laughs, -1, LW_FEED_PARSER_ERROR_HOSTILE, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* The same expansion in attribute values (whose entities are decoded apart from the
 * text's), and an entity that refers to itself there. */
static void
test_hostile_billion_laughs_attribute (void)
{
  g_autoptr(GString) xml = g_string_new (billion_laughs);
  gint64 start = g_get_monotonic_time ();

  g_string_replace (xml, "<item><title>&lol9;</title>",
                    "<item><title>i</title><enclosure url=\"http://e.org/&lol9;\" type=\"audio/mpeg\"/>", 1);
  g_string_replace (xml, "<channel><title>&lol9;</title>", "<channel><title>t</title>", 1);
  assert_parse_error (xml->str, -1, LW_FEED_PARSER_ERROR_HOSTILE, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  assert_parse_error ("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY d \"&#38;d;\">]>"
                      "<rss version=\"2.0\"><channel><title>t</title><item><title>i</title>"
                      "<enclosure url=\"http://e.org/&d;\" type=\"a\"/></item></channel></rss>", -1,
                      LW_FEED_PARSER_ERROR_HOSTILE, NULL);
}

/* The same behind a tag mismatch, which would otherwise get the RECOVER retry: a feed
 * that declares entities gets no leniency, so it is refused as it stands. */
static void
test_hostile_billion_laughs_recover (void)
{
  g_autoptr(GString) xml = g_string_new (billion_laughs);
  gint64 start = g_get_monotonic_time ();

  g_string_replace (xml, "<channel><title>", "<channel><description><p>x<br></p></description><title>", 1);
  assert_parse_error (xml->str, -1, LW_FEED_PARSER_ERROR_MALFORMED, "mismatch");
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_hostile_quadratic (void)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"");
  gint64 start;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = NULL;

  /* One 100 kB entity referenced 100,000 times: 10 GB if expanded. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (xml, 'a');
  g_string_append (xml, "\">]>\n<rss version=\"2.0\"><channel><title>");
  for (int i = 0; i < 100000; i++)
    g_string_append (xml, "&a;");
  g_string_append (xml, "</title></channel></rss>\n");

  bytes = g_string_free_to_bytes (xml);
  start = g_get_monotonic_time ();
  feed = lw_feed_parser_parse_bytes (bytes, NULL, &error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Either refused, or read without expanding the entity. */
  if (feed == NULL)
    g_assert_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_HOSTILE);
  else
    g_assert_true (feed->title == NULL || strlen (feed->title) < 1024 * 1024);
}

static void
test_hostile_xxe (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lw-xxe-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = NULL;

  g_assert_true (g_file_set_contents (secret, "TOPSECRET", -1, NULL));
  xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://%s\">]>\n"
                         "<rss version=\"2.0\"><channel><title>a&xxe;b</title>"
                         "<item><title>&xxe;</title><description>&xxe;</description></item>"
                         "</channel></rss>", secret);

  feed = parse_string (xml, NULL, &error);
  if (feed != NULL)
    {
      g_autoptr(GString) json = g_string_new (NULL);

      lw_feed_json_append (json, feed);
      g_assert_null (strstr (json->str, "TOPSECRET"));
    }

  g_assert_cmpint (g_remove (secret), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_hostile_nesting (void)
{
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>deep</title><item><description>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = NULL;

  for (int i = 0; i < 10000; i++)
    g_string_append (xml, "<x>");
  for (int i = 0; i < 10000; i++)
    g_string_append (xml, "</x>");
  g_string_append (xml, "</description></item></channel></rss>");

  bytes = g_string_free_to_bytes (xml);
  feed = lw_feed_parser_parse_bytes (bytes, NULL, &error);
  g_assert_null (feed);
  g_assert_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_HOSTILE);
}

typedef struct
{
  char       *path;
  const char *data;
  gsize       len;
} PipeWriter;

static gpointer
write_pipe (gpointer data)
{
  PipeWriter *writer = data;
  int fd = g_open (writer->path, O_WRONLY, 0);
  gsize done = 0;

  g_assert_cmpint (fd, >=, 0);
  while (done < writer->len)
    {
      gssize n = write (fd, writer->data + done, MIN (writer->len - done, 4096));

      /* The reader gave up: its own assertion says why. */
      if (n <= 0)
        break;
      done += n;
    }
  close (fd);
  return NULL;
}

/* A file is read as a stream from its descriptor, never whole: a named pipe (which
 * cannot be mapped or read twice) parses like the same bytes in memory. */
static void
test_file_streams (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lw-pipe-XXXXXX", NULL);
  g_autoptr(GString) xml = g_string_new ("\xEF\xBB\xBF  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">"
                                         "<channel xml:base=\"https://cdn.example.org/show/\"><title>Piped</title>\n");
  PipeWriter writer = { g_build_filename (dir, "feed.xml", NULL), NULL, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = NULL;
  g_autoptr(LwFeed) from_bytes = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) file_json = g_string_new (NULL);
  g_autoptr(GString) bytes_json = g_string_new (NULL);
  GThread *thread;

  /* Well past the first read and the parser's chunks. */
  for (int i = 0; i < 2000; i++)
    g_string_append_printf (xml, "<item><title>Episode %d</title><guid>g%d</guid>"
                                 "<enclosure url=\"media/%d.mp3\" length=\"%d\" type=\"audio/mpeg\"/>"
                                 "<description><![CDATA[<p>Notes for <b>%d</b> &amp; more</p>]]></description>"
                                 "<itunes:duration>1:%02d</itunes:duration></item>\n",
                            i, i, i, i * 1000, i, i % 60);
  g_string_append (xml, "</channel></rss>\n");
  writer.data = xml->str;
  writer.len = xml->len;

  signal (SIGPIPE, SIG_IGN);
  g_assert_cmpint (mkfifo (writer.path, 0600), ==, 0);
  thread = g_thread_new ("pipe-writer", write_pipe, &writer);
  feed = lw_feed_parser_parse_file (writer.path, "https://example.org/feed.xml", &error);
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, ==, 2000);
  g_assert_cmpstr (item_at (feed, 1999)->title, ==, "Episode 1999");
  g_assert_cmpstr (((LwEnclosure *) g_ptr_array_index (item_at (feed, 1999)->enclosures, 0))->url, ==,
                   "https://cdn.example.org/show/media/1999.mp3");

  bytes = g_bytes_new_static (xml->str, xml->len);
  from_bytes = lw_feed_parser_parse_bytes (bytes, "https://example.org/feed.xml", &error);
  g_assert_no_error (error);
  lw_feed_json_append (file_json, feed);
  lw_feed_json_append (bytes_json, from_bytes);
  g_assert_true (g_str_equal (file_json->str, bytes_json->str));

  g_assert_cmpint (g_remove (writer.path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (writer.path);
}

static JsonNode *
feed_to_json (LwFeed *feed)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  lw_feed_json_append (out, feed);
  json_parser_load_from_data (parser, out->str, out->len, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  /* Quotes, backslashes, tabs, DEL and U+2028 all need care in JSON. */
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">"
    "<channel><title>Quote \" back \\ slash &#9; tab &#x7f; del \xe2\x80\xa8 ls</title>"
    "<itunes:owner><itunes:name>Owner</itunes:name></itunes:owner>"
    "<itunes:category text=\"Arts\"><itunes:category text=\"Books\"/></itunes:category>"
    "<item><title>Ep &lt;1&gt;</title><guid>g1</guid><pubDate>Thu, 01 Jan 1970 00:01:00 GMT</pubDate>"
    "<itunes:duration>90</itunes:duration><itunes:explicit>yes</itunes:explicit>"
    "<enclosure url=\"http://e.org/a.mp3\" length=\"12\" type=\"audio/mpeg\"/></item>"
    "<item><title>No date</title></item>"
    "</channel></rss>", NULL, &error);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *episodes;
  JsonObject *episode;
  JsonObject *enclosure;

  g_assert_no_error (error);

  root = feed_to_json (feed);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, feed->title);
  g_assert_true (json_node_is_null (json_object_get_member (object, "link")));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "owner"), "name"), ==, "Owner");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "categories")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "funding")), ==, 0);

  episodes = json_object_get_array_member (object, "episodes");
  g_assert_cmpuint (json_array_get_length (episodes), ==, 2);
  episode = json_array_get_object_element (episodes, 0);
  g_assert_cmpstr (json_object_get_string_member (episode, "title"), ==, "Ep <1>");
  g_assert_cmpint (json_object_get_int_member (episode, "published"), ==, 60);
  g_assert_cmpint (json_object_get_int_member (episode, "duration"), ==, 90);
  g_assert_true (json_object_get_boolean_member (episode, "explicit"));
  enclosure = json_array_get_object_element (json_object_get_array_member (episode, "enclosures"), 0);
  g_assert_cmpint (json_object_get_int_member (enclosure, "length"), ==, 12);

  episode = json_array_get_object_element (episodes, 1);
  g_assert_true (json_node_is_null (json_object_get_member (episode, "published")));
  g_assert_true (json_node_is_null (json_object_get_member (episode, "duration")));
  g_assert_true (json_node_is_null (json_object_get_member (episode, "explicit")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (episode, "enclosures")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (episode, "value")), ==, 0);
  /* Only live items say whether they are live. */
  g_assert_false (json_object_has_member (episode, "status"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "live_items")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "value")), ==, 0);
}

/* podcast:value and podcast:liveItem in the JSON output: the namespace's example feed. */
static void
test_json_value_live (void)
{
  g_autoptr(LwFeed) feed = parse_fixture ("podcast-namespace/example.xml", NULL);
  g_autoptr(JsonNode) root = feed_to_json (feed);
  JsonObject *object = json_node_get_object (root);
  JsonArray *array;
  JsonObject *value;
  JsonObject *recipient;
  JsonObject *live;
  JsonObject *episode;

  array = json_object_get_array_member (object, "value");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  value = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (value, "type"), ==, "lightning");
  g_assert_cmpstr (json_object_get_string_member (value, "method"), ==, "keysend");
  g_assert_cmpstr (json_object_get_string_member (value, "suggested"), ==, "0.00000005000");
  array = json_object_get_array_member (value, "recipients");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  recipient = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (recipient, "name"), ==, "hosting company");
  g_assert_cmpstr (json_object_get_string_member (recipient, "type"), ==, "node");
  g_assert_cmpstr (json_object_get_string_member (recipient, "address"), ==,
                   "036557ea56b3b86f08be31bcd2557cae8021b0e3a9413f0c0e52625c6696972e57");
  g_assert_cmpint (json_object_get_int_member (recipient, "split"), ==, 1);
  g_assert_false (json_object_get_boolean_member (recipient, "fee"));
  g_assert_true (json_node_is_null (json_object_get_member (recipient, "custom_key")));

  array = json_object_get_array_member (object, "live_items");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  live = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (live, "title"), ==, "Podcasting 2.0 Live Show");
  g_assert_cmpstr (json_object_get_string_member (live, "guid"), ==, "https://example.com/live");
  g_assert_cmpstr (json_object_get_string_member (live, "status"), ==, "live");
  g_assert_cmpint (json_object_get_int_member (live, "start"), ==, 1632663000);
  g_assert_cmpint (json_object_get_int_member (live, "end"), ==, 1632670200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (live, "enclosures")), ==, 1);

  episode = json_array_get_object_element (json_object_get_array_member (object, "episodes"), 0);
  array = json_object_get_array_member (episode, "value");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  value = json_array_get_object_element (array, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (value, "recipients")), ==, 3);
}

/* Every fixture that parses gives valid JSON, and the same from a file as from its
 * bytes. */
static void
test_json_all_fixtures (void)
{
  const char *dirs[] = { "podcastparser", "antennapod", "castero", "badpod", "rust-rss", "partytime",
                         "podcast-namespace", "gnome-podcasts" };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = fixture (dirs[d]);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *filename = g_build_filename (path, name, NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(LwFeed) feed = NULL;

          if (!g_str_has_suffix (name, ".xml") && !g_str_has_suffix (name, ".rss"))
            continue;

          g_autoptr(GMappedFile) mapped = NULL;
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) bytes_error = NULL;
          g_autoptr(LwFeed) from_bytes = NULL;

          feed = lw_feed_parser_parse_file (filename, "https://example.org/feed.xml", &error);

          /* A file streams from its descriptor; bytes in memory take another path (and
           * the repairs): both read the same. */
          mapped = g_mapped_file_new (filename, FALSE, NULL);
          g_assert_nonnull (mapped);
          bytes = g_mapped_file_get_bytes (mapped);
          from_bytes = lw_feed_parser_parse_bytes (bytes, "https://example.org/feed.xml", &bytes_error);

          if (feed == NULL)
            {
              g_assert_error (error, LW_FEED_PARSER_ERROR, error->code);
              g_assert_error (bytes_error, LW_FEED_PARSER_ERROR, error->code);
              g_assert_cmpstr (bytes_error->message, ==, error->message);
              continue;
            }
          g_assert_no_error (bytes_error);
          {
            g_autoptr(GString) file_json = g_string_new (NULL);
            g_autoptr(GString) bytes_json = g_string_new (NULL);

            lw_feed_json_append (file_json, feed);
            lw_feed_json_append (bytes_json, from_bytes);
            if (!g_str_equal (file_json->str, bytes_json->str))
              g_error ("%s: the file and its bytes parse differently", filename);
          }
          json_node_unref (feed_to_json (feed));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parser/rss2-basic", test_rss2_basic);
  g_test_add_func ("/parser/undeclared-prefix", test_undeclared_prefix);
  g_test_add_func ("/parser/gnome-podcasts/shows", test_gnome_podcasts_shows);
  g_test_add_func ("/parser/gnome-podcasts/episodes", test_gnome_podcasts_episodes);
  g_test_add_func ("/parser/gnome-podcasts/notes", test_gnome_podcasts_notes);
  g_test_add_func ("/parser/content-encoded", test_content_encoded);
  g_test_add_func ("/parser/encodings", test_encodings);
  g_test_add_func ("/parser/entities", test_entities);
  g_test_add_func ("/parser/recover-unescaped-html", test_recover_unescaped_html);
  g_test_add_func ("/parser/errors", test_errors);
  g_test_add_func ("/parser/errors/truncated", test_errors_truncated);
  g_test_add_func ("/parser/castero", test_castero);
  g_test_add_func ("/parser/hostile/billion-laughs", test_hostile_billion_laughs);
  g_test_add_func ("/parser/hostile/billion-laughs-recover", test_hostile_billion_laughs_recover);
  g_test_add_func ("/parser/hostile/billion-laughs-attribute", test_hostile_billion_laughs_attribute);
  g_test_add_func ("/parser/hostile/quadratic", test_hostile_quadratic);
  g_test_add_func ("/parser/hostile/xxe", test_hostile_xxe);
  g_test_add_func ("/parser/hostile/nesting", test_hostile_nesting);
  g_test_add_func ("/parser/file-streams", test_file_streams);
  g_test_add_func ("/parser/json", test_json);
  g_test_add_func ("/parser/json/value-live", test_json_value_live);
  g_test_add_func ("/parser/json/all-fixtures", test_json_all_fixtures);

  return g_test_run ();
}
