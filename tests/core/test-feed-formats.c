/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "core/lw-feed-parser.h"

/* Formats and namespaces beyond plain RSS: Atom, Podcasting 2.0, Podlove Simple
 * Chapters, Media RSS, xml:base, and the guid fallback. */

static LwFeed *
parse_fixture (const char *path,
               const char *base_url)
{
  g_autofree char *filename = g_test_build_filename (G_TEST_DIST, "data", "feeds", path, NULL);
  g_autoptr(GError) error = NULL;
  LwFeed *feed = lw_feed_parser_parse_file (filename, base_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
}

static LwFeed *
parse_string (const char *xml,
              const char *base_url)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  LwFeed *feed = lw_feed_parser_parse_bytes (bytes, base_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
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

static LwFunding *
funding_at (GPtrArray *funding,
            guint      i)
{
  g_assert_cmpuint (i, <, funding->len);
  return g_ptr_array_index (funding, i);
}

/* AntennaPod's AtomParserTest (corpus/antennapod/EXPECTED.md) */
static void
test_atom_basic (void)
{
  g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-atom-testAtomBasic.xml", "http://example.com/feed");

  g_assert_cmpstr (feed->title, ==, "title");
  g_assert_cmpstr (feed->link, ==, "http://example.com");
  g_assert_cmpstr (feed->description, ==, "This is the description");
  g_assert_cmpstr (funding_at (feed->funding, 0)->url, ==, "http://example.com/payment");
  g_assert_cmpstr (feed->image, ==, "http://example.com/picture");
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
      g_assert_cmpuint (item->funding->len, ==, 0);
      g_assert_cmpstr (enclosure_at (item, 0)->url, ==, media);
      g_assert_cmpint (enclosure_at (item, 0)->length, ==, 1048576);
      g_assert_cmpstr (enclosure_at (item, 0)->type, ==, "audio/mp3");
    }
}

static void
test_atom_variants (void)
{
  {
    g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-atom-testEmptyRelLinks.xml", "http://example.com/feed");
    LwFeedItem *item = item_at (feed, 0);

    g_assert_cmpuint (feed->funding->len, ==, 0);
    g_assert_cmpstr (feed->image, ==, "http://example.com/picture");
    g_assert_cmpstr (item->guid, ==, "http://example.com/item-0");
    g_assert_cmpstr (item->link, ==, "http://example.com/items/0");
    g_assert_cmpint (item->published, ==, 0);
    g_assert_cmpuint (item->enclosures->len, ==, 0);
  }
  {
    g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-atom-testLogoWithWhitespace.xml", NULL);

    g_assert_cmpstr (feed->image, ==, "https://example.com/image.png");
    g_assert_cmpuint (feed->items->len, ==, 0);
  }
  {
    /* Text constructs: type="html" titles become text, type="text" content keeps its
     * line breaks, XHTML content keeps its markup; updated stands in for published. */
    g_autoptr(LwFeed) feed = parse_string (
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">A &amp;amp; B</title>"
      "<author><name>Ann</name><email>a@e.org</email></author><icon>/icon.png</icon>"
      "<entry><id>tag:e.org,2024:1</id><title type=\"html\">&lt;b&gt;Bold&lt;/b&gt; move</title>"
      "<updated>2024-05-08T22:18:52Z</updated>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi <em>there</em> &amp; you</p></div></content>"
      "<link rel=\"enclosure\" href=\"ep1.mp3\" length=\"10\" type=\"audio/mpeg\"/></entry>"
      "<entry><id>tag:e.org,2024:2</id><title>Two</title><summary>Line one\nline two</summary></entry>"
      "</feed>", "https://e.org/feed.atom");
    LwFeedItem *item = item_at (feed, 0);

    g_assert_cmpstr (feed->title, ==, "A & B");
    g_assert_cmpstr (feed->author, ==, "Ann");
    g_assert_cmpstr (feed->image, ==, "https://e.org/icon.png");
    g_assert_cmpstr (item->title, ==, "Bold move");
    g_assert_cmpint (item->published, ==, 1715206732);
    g_assert_cmpstr (item->notes_html, ==, "<p>Hi <em>there</em> &amp; you</p>");
    g_assert_cmpstr (enclosure_at (item, 0)->url, ==, "https://e.org/ep1.mp3");
    item = item_at (feed, 1);
    g_assert_cmpstr (item->notes_html, ==, "<p>Line one<br/>line two</p>");
    g_assert_cmpstr (item->summary, ==, "Line one\nline two");
  }
}

/* AntennaPod's RssParserTest on the smaller fixtures */
static void
test_antennapod_rss (void)
{
  {
    g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-rss-testImageWithWhitespace.xml", NULL);

    g_assert_cmpstr (feed->image, ==, "https://example.com/image.png");
    g_assert_cmpstr (funding_at (feed->funding, 0)->url, ==, "http://example.com/payment");
  }
  {
    /* No enclosure, only media:content with medium="video" and no type. */
    g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-rss-testMediaContentMime.xml", NULL);
    LwEnclosure *enclosure = enclosure_at (item_at (feed, 0), 0);

    g_assert_null (feed->image);
    g_assert_cmpstr (enclosure->url, ==, "https://www.example.com/file.mp4");
    g_assert_true (g_str_has_prefix (enclosure->type, "video/"));
  }
  {
    /* podcast:funding outside the channel, the last one without text. */
    g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-rss-testMultipleFundingTags.xml", NULL);

    g_assert_cmpuint (feed->funding->len, ==, 3);
    g_assert_cmpstr (funding_at (feed->funding, 0)->title, ==, "Text 1");
    g_assert_cmpstr (funding_at (feed->funding, 0)->url, ==, "https://example.com/funding1");
    g_assert_cmpstr (funding_at (feed->funding, 1)->title, ==, "Text 2");
    g_assert_cmpstr (funding_at (feed->funding, 1)->url, ==, "https://example.com/funding2");
    g_assert_null (funding_at (feed->funding, 2)->title);
    g_assert_cmpstr (funding_at (feed->funding, 2)->url, ==, "https://example.com/funding3");
  }
  {
    /* Both transcripts kept, in order (AntennaPod keeps the first, JSON, one). */
    g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-rss-testPodcastIndexTranscript.xml", NULL);
    LwFeedItem *item = item_at (feed, 0);
    LwTranscript *transcript;

    g_assert_cmpuint (item->transcripts->len, ==, 2);
    transcript = g_ptr_array_index (item->transcripts, 0);
    g_assert_cmpstr (transcript->url, ==, "https://podnews.net/audio/podnews231011.mp3.json");
    g_assert_cmpstr (transcript->type, ==, "application/json");
  }
  {
    /* An <item> inside an unknown element is not an item. */
    g_autoptr(LwFeed) feed = parse_fixture ("antennapod/feed-rss-testUnsupportedElements.xml", NULL);

    g_assert_cmpuint (feed->items->len, ==, 1);
    g_assert_cmpstr (item_at (feed, 0)->title, ==, "item-0");
  }
}

/* The Podcasting 2.0 namespace's own example feed */
static void
test_podcast_namespace (void)
{
  g_autoptr(LwFeed) feed = parse_fixture ("podcast-namespace/example.xml", NULL);
  LwFeedItem *item = item_at (feed, 0);
  LwRemoteItem *remote;
  LwPerson *person;
  LwAlternateEnclosure *alternate;
  LwSoundbite *soundbite;
  LwTranscript *transcript;
  LwValue *value;
  LwValueRecipient *recipient;
  LwFeedItem *live;

  g_assert_cmpstr (feed->podcast_guid, ==, "y0ur-gu1d-g035-h3r3");
  g_assert_cmpint (feed->locked, ==, 1);
  g_assert_cmpstr (funding_at (feed->funding, 0)->url, ==, "https://example.com/donate");
  g_assert_cmpstr (funding_at (feed->funding, 0)->title, ==, "Support the show!");
  g_assert_cmpuint (feed->podroll->len, ==, 2);
  remote = g_ptr_array_index (feed->podroll, 0);
  g_assert_cmpstr (remote->feed_guid, ==, "917393e3-1b1e-5cef-ace4-edaa54e1f810");
  g_assert_cmpstr (remote->feed_url, ==, "https://feeds.podcastindex.org/pc20.xml");

  g_assert_cmpstr (item->title, ==, "Episode 3 - The Future");
  g_assert_cmpint (item->season, ==, 1);
  g_assert_cmpint (item->episode, ==, 3);
  g_assert_cmpstr (item->chapters_url, ==, "https://example.com/ep3_chapters.json");
  g_assert_cmpstr (item->chapters_type, ==, "application/json");

  g_assert_cmpuint (item->transcripts->len, ==, 2);
  transcript = g_ptr_array_index (item->transcripts, 1);
  g_assert_cmpstr (transcript->type, ==, "text/vtt");
  g_assert_cmpstr (transcript->language, ==, "es");
  g_assert_cmpstr (transcript->rel, ==, "captions");

  g_assert_cmpuint (item->persons->len, ==, 3);
  person = g_ptr_array_index (item->persons, 0);
  g_assert_cmpstr (person->name, ==, "Adam Curry");
  g_assert_cmpstr (person->role, ==, "host");
  g_assert_cmpstr (person->group, ==, "cast");
  person = g_ptr_array_index (item->persons, 2);
  g_assert_cmpstr (person->role, ==, "cover art designer");
  g_assert_cmpstr (person->group, ==, "visuals");
  g_assert_null (person->img);

  g_assert_cmpuint (item->alternate_enclosures->len, ==, 5);
  alternate = g_ptr_array_index (item->alternate_enclosures, 0);
  g_assert_true (alternate->is_default);
  g_assert_cmpstr (alternate->type, ==, "audio/mpeg");
  g_assert_cmpint (alternate->length, ==, 43200000);
  g_assert_cmpint (alternate->bitrate, ==, 128000);
  g_assert_cmpuint (alternate->sources->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (alternate->sources, 1), ==, "ipfs://someRandomMpegFile03");

  g_assert_cmpuint (item->soundbites->len, >=, 1);
  soundbite = g_ptr_array_index (item->soundbites, 0);
  g_assert_cmpfloat_with_epsilon (soundbite->start, 33.833, 0.0001);
  g_assert_cmpfloat_with_epsilon (soundbite->duration, 60, 0.0001);

  /* podcast:value on the show and on the episode (where a guest takes half). */
  g_assert_cmpuint (feed->value->len, ==, 1);
  value = g_ptr_array_index (feed->value, 0);
  g_assert_cmpstr (value->type, ==, "lightning");
  g_assert_cmpstr (value->method, ==, "keysend");
  g_assert_cmpstr (value->suggested, ==, "0.00000005000");
  g_assert_cmpuint (value->recipients->len, ==, 2);
  recipient = g_ptr_array_index (value->recipients, 0);
  g_assert_cmpstr (recipient->name, ==, "podcaster");
  g_assert_cmpstr (recipient->type, ==, "node");
  g_assert_cmpstr (recipient->address, ==, "036557ea56b3b86f08be31bcd2557cae8021b0e3a9413f0c0e52625c6696972e57");
  g_assert_cmpint (recipient->split, ==, 99);
  g_assert_false (recipient->fee);
  g_assert_cmpuint (item->value->len, ==, 1);
  value = g_ptr_array_index (item->value, 0);
  g_assert_cmpuint (value->recipients->len, ==, 3);
  recipient = g_ptr_array_index (value->recipients, 2);
  g_assert_cmpstr (recipient->name, ==, "Gigi (Guest)");
  g_assert_cmpint (recipient->split, ==, 50);

  /* The live item is not an episode: it has its own list, with its status and times. */
  for (guint i = 0; i < feed->items->len; i++)
    g_assert_cmpstr (item_at (feed, i)->title, !=, "Podcasting 2.0 Live Show");
  g_assert_cmpuint (feed->live_items->len, ==, 1);
  live = g_ptr_array_index (feed->live_items, 0);
  g_assert_cmpstr (live->title, ==, "Podcasting 2.0 Live Show");
  g_assert_cmpstr (live->guid, ==, "https://example.com/live");
  g_assert_cmpstr (live->link, ==, "https://example.com/podcast/live");
  g_assert_cmpstr (live->live_status, ==, "live");
  g_assert_cmpint (live->live_start, ==, 1632663000);  /* 2021-09-26T13:30:00Z */
  g_assert_cmpint (live->live_end, ==, 1632670200);
  g_assert_cmpuint (live->enclosures->len, ==, 1);
  g_assert_cmpstr (((LwEnclosure *) g_ptr_array_index (live->enclosures, 0))->url, ==,
                   "https://example.com/pc20/livestream?format=.mp3");
  g_assert_cmpuint (live->alternate_enclosures->len, ==, 1);
  g_assert_cmpstr (live->summary, ==, "A look into the future of podcasting and how we get to Podcasting 2.0!");
  /* Episodes are not live items. */
  g_assert_null (item->live_status);
  g_assert_cmpint (item->live_start, ==, LW_DATE_UNKNOWN);
}

/* podcast:value and podcast:liveItem where they do not belong, or incomplete. */
static void
test_podcast_value_live_edges (void)
{
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel><title>c</title>"
    "<podcast:value type=\"lightning\" method=\"keysend\">"
    "<podcast:valueRecipient name=\"no address\" split=\"5\"/>"
    "<podcast:valueRecipient name=\"app\" type=\"node\" address=\"02abc\" split=\"x\" fee=\"true\" "
    "customKey=\"696969\" customValue=\"aBcD\"/>"
    "</podcast:value>"
    "<podcast:valueRecipient address=\"stray\"/>"
    "<podcast:liveItem status=\"PENDING\" start=\"garbage\"><title>Soon</title>"
    "<enclosure url=\"/live.mp3\" type=\"audio/mpeg\"/></podcast:liveItem>"
    "<item><title>e</title><podcast:liveItem status=\"live\"><title>nested</title></podcast:liveItem></item>"
    "</channel></rss>", "https://e.org/feed");
  LwValue *value;
  LwValueRecipient *recipient;
  LwFeedItem *live;

  g_assert_cmpuint (feed->value->len, ==, 1);
  value = g_ptr_array_index (feed->value, 0);
  g_assert_null (value->suggested);
  /* A recipient without an address cannot be paid: dropped. */
  g_assert_cmpuint (value->recipients->len, ==, 1);
  recipient = g_ptr_array_index (value->recipients, 0);
  g_assert_cmpstr (recipient->address, ==, "02abc");
  g_assert_cmpint (recipient->split, ==, LW_UNKNOWN);
  g_assert_true (recipient->fee);
  g_assert_cmpstr (recipient->custom_key, ==, "696969");
  g_assert_cmpstr (recipient->custom_value, ==, "aBcD");

  g_assert_cmpuint (feed->live_items->len, ==, 1);
  live = g_ptr_array_index (feed->live_items, 0);
  g_assert_cmpstr (live->live_status, ==, "pending");
  g_assert_cmpint (live->live_start, ==, LW_DATE_UNKNOWN);
  g_assert_cmpint (live->live_end, ==, LW_DATE_UNKNOWN);
  g_assert_cmpstr (((LwEnclosure *) g_ptr_array_index (live->enclosures, 0))->url, ==, "https://e.org/live.mp3");
  /* Its guid falls back like an episode's. */
  g_assert_cmpstr (live->guid, ==, "https://e.org/live.mp3");

  /* A liveItem inside an item is not one. */
  g_assert_cmpuint (feed->items->len, ==, 1);
  g_assert_cmpstr (item_at (feed, 0)->title, ==, "e");
}

/* partytime/EXPECTED.md: podverse's 4 liveItems, the last with one alternateEnclosure;
 * liveItems are not episodes (yet): LwFeed.live_items. Every partytime fixture parses. */
static void
test_partytime (void)
{
  const char *files[] = { "SOM.xml", "empty.xml", "example.xml", "launched.xml", "legacy.xml",
                          "natube-test.xml", "pc20rss.xml", "podverse-test-feed.xml", "publisher.xml",
                          "simple.xml", "unlocked.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename ("partytime", files[i], NULL);
      g_autoptr(LwFeed) feed = parse_fixture (path, NULL);

      g_assert_nonnull (feed->title);
    }

  {
    g_autoptr(LwFeed) feed = parse_fixture ("partytime/podverse-test-feed.xml", NULL);
    LwFeedItem *live;

    g_assert_cmpuint (feed->live_items->len, ==, 4);
    live = g_ptr_array_index (feed->live_items, 3);
    g_assert_cmpuint (live->alternate_enclosures->len, ==, 1);
    g_assert_cmpstr (live->live_status, ==, "live");
    g_assert_cmpint (live->live_start, ==, 1653793200);  /* 2022-05-29T03:00:00Z */
    g_assert_cmpint (live->live_end, ==, 1653798600);
  }
}

static void
test_podlove_chapters (void)
{
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\" xmlns:psc=\"http://podlove.org/simple-chapters\"><channel><title>c</title>"
    "<item><title>e</title><psc:chapters version=\"1.2\">"
    "<psc:chapter start=\"00:00:00.000\" title=\"Intro\"/>"
    "<psc:chapter start=\"01:02.5\" title=\"Topic\" href=\"/topic\" image=\"https://e.org/t.jpg\"/>"
    "<psc:chapter start=\"1:00:00\" title=\"Hour\"/>"
    "<psc:chapter start=\"90\" title=\"Plain seconds\"/>"
    "<psc:chapter start=\"garbage\" title=\"Dropped\"/>"
    "</psc:chapters></item></channel></rss>", "https://e.org/feed");
  LwFeedItem *item = item_at (feed, 0);
  LwChapter *chapter;

  g_assert_cmpuint (item->chapters->len, ==, 4);
  chapter = g_ptr_array_index (item->chapters, 0);
  g_assert_cmpfloat (chapter->start, ==, 0);
  g_assert_cmpstr (chapter->title, ==, "Intro");
  chapter = g_ptr_array_index (item->chapters, 1);
  g_assert_cmpfloat_with_epsilon (chapter->start, 62.5, 0.001);
  g_assert_cmpstr (chapter->url, ==, "https://e.org/topic");
  g_assert_cmpstr (chapter->image, ==, "https://e.org/t.jpg");
  chapter = g_ptr_array_index (item->chapters, 2);
  g_assert_cmpfloat (chapter->start, ==, 3600);
  chapter = g_ptr_array_index (item->chapters, 3);
  g_assert_cmpfloat (chapter->start, ==, 90);
}

static void
test_guid_fallback (void)
{
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\"><channel><title>g</title>"
    "<item><title>a</title><guid isPermaLink=\"false\">  given  </guid><enclosure url=\"http://e.org/a.mp3\"/></item>"
    /* two permalink guids (found by the fuzzer: the second one's link leaked) */
    "<item><title>z</title><guid>http://e.org/z1</guid><guid>http://e.org/z2</guid></item>"
    "<item><title>b</title><enclosure url=\" http://e.org/b.mp3 \"/><link>http://e.org/b</link></item>"
    "<item><title>c</title><link>http://e.org/c</link></item>"
    "<item><title>d</title><pubDate>Thu, 01 Jan 1970 00:01:00 GMT</pubDate></item>"
    "<item><title>e</title></item>"
    "<item><description>only text</description></item>"
    "<item><description>only text</description></item>"
    "</channel></rss>", NULL);
  g_autoptr(LwFeed) again = NULL;

  g_assert_cmpstr (item_at (feed, 0)->guid, ==, "given");
  g_assert_cmpstr (item_at (feed, 1)->guid, ==, "http://e.org/z1");
  g_assert_cmpstr (item_at (feed, 1)->link, ==, "http://e.org/z1");
  g_assert_cmpstr (item_at (feed, 2)->guid, ==, "http://e.org/b.mp3");
  g_assert_cmpstr (item_at (feed, 3)->guid, ==, "http://e.org/c");
  g_assert_cmpstr (item_at (feed, 4)->guid, ==, "d|60");
  g_assert_cmpstr (item_at (feed, 5)->guid, ==, "e");
  g_assert_nonnull (item_at (feed, 6)->guid);
  /* The same content gives the same guid (stable across refreshes). */
  g_assert_cmpstr (item_at (feed, 6)->guid, ==, item_at (feed, 7)->guid);
}

static void
test_xml_base (void)
{
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel xml:base=\"https://cdn.e.org/show/\">"
    "<title>b</title><link>../home</link><itunes:image href=\"art.jpg\"/>"
    "<item xml:base=\"ep1/\"><title>1</title><enclosure url=\"audio.mp3\"/><link>page</link></item>"
    "<item><title>2</title><enclosure url=\"/root.mp3\"/></item>"
    "</channel></rss>", "https://feeds.e.org/feed.xml");
  g_autoptr(LwFeed) plain = parse_string (
    "<rss version=\"2.0\"><channel><title>p</title><item><title>1</title><enclosure url=\"a/b.mp3\"/></item>"
    "</channel></rss>", "https://feeds.e.org/x/feed.xml");

  g_assert_cmpstr (feed->link, ==, "https://cdn.e.org/home");
  g_assert_cmpstr (feed->image, ==, "https://cdn.e.org/show/art.jpg");
  g_assert_cmpstr (enclosure_at (item_at (feed, 0), 0)->url, ==, "https://cdn.e.org/show/ep1/audio.mp3");
  g_assert_cmpstr (item_at (feed, 0)->link, ==, "https://cdn.e.org/show/ep1/page");
  g_assert_cmpstr (enclosure_at (item_at (feed, 1), 0)->url, ==, "https://cdn.e.org/root.mp3");
  g_assert_cmpstr (enclosure_at (item_at (plain, 0), 0)->url, ==, "https://feeds.e.org/x/a/b.mp3");
}

static void
test_misc_fields (void)
{
  g_autoptr(LwFeed) feed = parse_string (
    "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
    "xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
    "<channel><title>m</title><itunes:type>Serial</itunes:type><itunes:explicit>clean</itunes:explicit>"
    "<itunes:image> https://e.org/as-text.jpg </itunes:image>"
    "<itunes:new-feed-url> https://new.e.org/feed </itunes:new-feed-url>"
    "<managingEditor>ed@e.org (Ed)</managingEditor>"
    "<item><title>1</title><itunes:episodeType>Trailer</itunes:episodeType><itunes:explicit>true</itunes:explicit>"
    "<itunes:season>0</itunes:season><itunes:episode>x</itunes:episode><itunes:duration>1:2:3:4</itunes:duration>"
    "<media:group><media:content url=\"http://e.org/hi.mp3\" type=\"audio/mpeg\" fileSize=\"5\"/>"
    "<media:content url=\"http://e.org/lo.mp3\" type=\"audio/mpeg\"/><media:thumbnail url=\"http://e.org/t.jpg\"/></media:group>"
    "<atom:link rel=\"payment\" href=\"https://pay.e.org/\" title=\"Tip\"/></item>"
    "</channel></rss>", NULL);
  g_autoptr(LwFeed) redirect = parse_string (
    "<rss version=\"0.92\"><channel><title>r</title><redirect><newLocation>https://moved.e.org/rss</newLocation></redirect>"
    "</channel></rss>", NULL);
  LwFeedItem *item = item_at (feed, 0);

  g_assert_cmpstr (feed->type, ==, "serial");
  g_assert_cmpstr (feed->image, ==, "https://e.org/as-text.jpg");
  g_assert_cmpint (feed->explicit_, ==, 0);
  g_assert_cmpstr (feed->new_feed_url, ==, "https://new.e.org/feed");
  g_assert_cmpstr (feed->author, ==, "ed@e.org (Ed)");
  g_assert_cmpstr (item->episode_type, ==, "trailer");
  g_assert_cmpint (item->explicit_, ==, 1);
  g_assert_cmpint (item->season, ==, LW_UNKNOWN);
  g_assert_cmpint (item->episode, ==, LW_UNKNOWN);
  g_assert_cmpint (item->duration, ==, LW_UNKNOWN);
  g_assert_cmpuint (item->enclosures->len, ==, 2);
  g_assert_cmpint (enclosure_at (item, 0)->length, ==, 5);
  g_assert_cmpstr (item->image, ==, "http://e.org/t.jpg");
  g_assert_cmpstr (funding_at (item->funding, 0)->title, ==, "Tip");
  g_assert_cmpstr (redirect->new_feed_url, ==, "https://moved.e.org/rss");
}

/* rust-rss's RSS 0.9x/1.0 samples */
static void
test_old_rss (void)
{
  g_autoptr(LwFeed) rss090 = parse_fixture ("rust-rss/rss090.xml", NULL);
  g_autoptr(LwFeed) rss091 = parse_fixture ("rust-rss/rss091.xml", NULL);
  g_autoptr(LwFeed) rss1 = parse_fixture ("rust-rss/rss1.xml", NULL);

  g_assert_nonnull (rss090->title);
  g_assert_cmpuint (rss090->items->len, >, 0);
  g_assert_nonnull (rss091->title);
  g_assert_cmpuint (rss091->items->len, >, 0);
  g_assert_nonnull (rss1->title);
  g_assert_cmpuint (rss1->items->len, >, 0);
  g_assert_nonnull (item_at (rss1, 0)->title);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/atom/basic", test_atom_basic);
  g_test_add_func ("/formats/atom/variants", test_atom_variants);
  g_test_add_func ("/formats/antennapod-rss", test_antennapod_rss);
  g_test_add_func ("/formats/podcast-namespace", test_podcast_namespace);
  g_test_add_func ("/formats/podcast-value-live-edges", test_podcast_value_live_edges);
  g_test_add_func ("/formats/partytime", test_partytime);
  g_test_add_func ("/formats/podlove-chapters", test_podlove_chapters);
  g_test_add_func ("/formats/guid-fallback", test_guid_fallback);
  g_test_add_func ("/formats/xml-base", test_xml_base);
  g_test_add_func ("/formats/misc-fields", test_misc_fields);
  g_test_add_func ("/formats/old-rss", test_old_rss);

  return g_test_run ();
}
