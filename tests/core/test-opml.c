/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-opml"

#include "config.h"

#include "core/lw-library.h"
#include "core/lw-opml.h"

#include "library-fixtures.h"

/* Shaped like the exports of Overcast (a folder outline around everything),
 * gPodder (OPML 1.0, type="link" with url=) and hand-edited files. */
static const char nested_opml[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<opml version=\"2.0\">\n"
  "  <head><title> My &amp; your podcasts </title></head>\n"
  "  <body>\n"
  "    <outline text=\"feeds\">\n"
  "      <outline type=\"rss\" overcastId=\"1\" text=\"Great &amp; Terrible\" title=\"ignored\"\n"
  "               xmlUrl=\" https://example.org/great.xml \" htmlUrl=\"https://example.org/\"/>\n"
  "      <outline text=\"Tech\">\n"
  "        <outline text=\"News\">\n"
  "          <outline type=\"rss\" title=\"Deep\" xmlURL=\"https://deep.example.org/feed\"/>\n"
  "        </outline>\n"
  "      </outline>\n"
  "    </outline>\n"
  "    <outline type=\"link\" text=\"Old gPodder\" url=\"http://old.example.org/rss\"/>\n"
  "    <outline type=\"rss\" text=\"Podcast scheme\" xmlUrl=\"podcast://example.net/p.xml\"/>\n"
  "    <outline type=\"rss\" text=\"Curly ’quote\" xmlUrl=\"https://example.org/quote&#8217;s.xml\"/>\n"
  "  </body>\n"
  "</opml>\n";

typedef struct
{
  const char *feed_url;
  const char *title;
  const char *html_url;
  const char *category;
} Expected;

static void
assert_entries (LwOpml         *opml,
                const Expected *expected,
                guint           n_expected)
{
  g_assert_cmpuint (opml->entries->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      const LwOpmlEntry *entry = g_ptr_array_index (opml->entries, i);

      g_assert_cmpstr (entry->feed_url, ==, expected[i].feed_url);
      g_assert_cmpstr (entry->title, ==, expected[i].title);
      g_assert_cmpstr (entry->html_url, ==, expected[i].html_url);
      g_assert_cmpstr (entry->category, ==, expected[i].category);
    }
}

static void
test_parse_nested (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwOpml) opml = lw_opml_parse (nested_opml, strlen (nested_opml), &error);
  static const Expected expected[] = {
    { "https://example.org/great.xml", "Great & Terrible", "https://example.org/", "feeds" },
    { "https://deep.example.org/feed", "Deep", NULL, "feeds/Tech/News" },
    { "http://old.example.org/rss", "Old gPodder", NULL, NULL },
    { "podcast://example.net/p.xml", "Podcast scheme", NULL, NULL },
    { "https://example.org/quote’s.xml", "Curly ’quote", NULL, NULL },
  };

  g_assert_no_error (error);
  g_assert_cmpstr (opml->title, ==, "My & your podcasts");
  assert_entries (opml, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (opml->problems->len, ==, 0);
  g_assert_cmpuint (opml->duplicates, ==, 0);
}

static void
test_parse_opml1 (void)
{
  static const char data[] =
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
    "<opml version=\"1.0\"><head><title>gPodder subscriptions</title></head><body>\n"
    "<outline title=\"Caf\xe9 Babel\" xmlUrl=\"http://example.com/cafe.rss\"/>\n"
    "<outline text=\"No title attribute\" xmlUrl=\"http://example.com/b.rss\"/>\n"
    "<outline xmlUrl=\"http://example.com/untitled.rss\"/>\n"
    "</body></opml>\n";
  static const Expected expected[] = {
    { "http://example.com/cafe.rss", "Café Babel", NULL, NULL },
    { "http://example.com/b.rss", "No title attribute", NULL, NULL },
    { "http://example.com/untitled.rss", NULL, NULL, NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LwOpml) opml = lw_opml_parse (data, sizeof data - 1, &error);

  g_assert_no_error (error);
  assert_entries (opml, expected, G_N_ELEMENTS (expected));
}

static void
test_parse_duplicates_and_problems (void)
{
  static const char data[] =
    "<opml version=\"2.0\"><body>\n"
    "<outline text=\"First\" xmlUrl=\"https://Example.ORG/feed\"/>\n"
    "<outline text=\"Same, other case\" xmlUrl=\"HTTPS://example.org/feed\"/>\n"
    "<outline text=\"Broken\"/>\n"
    "<outline text=\"Script\" xmlUrl=\"javascript:alert(1)\"/>\n"
    "<outline text=\"Local\" xmlUrl=\"file:///etc/passwd\"/>\n"
    "<outline text=\"Folder\"><outline text=\"Again\" xmlUrl=\"https://example.org/feed\"/></outline>\n"
    "<outline text=\"Kept\" xmlUrl=\"https://example.org/other\"/>\n"
    "<outline xmlUrl=\"\"/>\n"
    "</body></opml>\n";
  static const Expected expected[] = {
    { "https://Example.ORG/feed", "First", NULL, NULL },
    { "https://example.org/other", "Kept", NULL, NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LwOpml) opml = lw_opml_parse (data, sizeof data - 1, &error);

  g_assert_no_error (error);
  assert_entries (opml, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (opml->duplicates, ==, 2);

  /* One line each, naming the outline and its line. */
  g_assert_cmpuint (opml->problems->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (opml->problems, 0), ==, "“Broken” (line 4): no feed address (xmlUrl)");
  g_assert_cmpstr (g_ptr_array_index (opml->problems, 1), ==,
                   "“Script” (line 5): “javascript:alert(1)” is not a web address");
  g_assert_cmpstr (g_ptr_array_index (opml->problems, 2), ==,
                   "“Local” (line 6): “file:///etc/passwd” is not a web address");
  g_assert_cmpstr (g_ptr_array_index (opml->problems, 3), ==, "Line 9: no feed address (xmlUrl)");
}

static void
test_parse_errors (void)
{
  static const struct {
    const char *data;
    int         code;
  } cases[] = {
    { "", LW_OPML_ERROR_NOT_XML },
    { "\x89PNG\r\n\x1a\n\x00\x00garbage", LW_OPML_ERROR_NOT_XML },
    { "just some text", LW_OPML_ERROR_NOT_XML },
    { "<html><body><a href=\"x\">a web page</a></body></html>", LW_OPML_ERROR_NOT_OPML },
    { "<rss version=\"2.0\"><channel/></rss>", LW_OPML_ERROR_NOT_OPML },
    { "<opml version=\"2.0\"><head><title>x</title></head></opml>", LW_OPML_ERROR_NOT_OPML },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LwOpml) opml = lw_opml_parse (cases[i].data, strlen (cases[i].data), &error);

      g_assert_null (opml);
      g_assert_error (error, LW_OPML_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "OPML"));
    }

  /* Truncated in the middle: what came before still counts. */
  {
    static const char truncated[] =
      "<opml version=\"2.0\"><body><outline text=\"A\" xmlUrl=\"https://a.example/f\"/><outline text=\"B\" xmlU";
    g_autoptr(GError) error = NULL;
    g_autoptr(LwOpml) opml = lw_opml_parse (truncated, sizeof truncated - 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (opml->entries->len, ==, 1);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/subscriptions.opml");
    g_autoptr(LwOpml) opml = lw_opml_parse_file (missing, &error);

    g_assert_null (opml);
    g_assert_error (error, LW_OPML_ERROR, LW_OPML_ERROR_READ);
    g_assert_nonnull (strstr (error->message, "/nonexistent/subscriptions.opml"));
  }
}

static void
test_parse_external_entity (void)
{
  /* An external entity must not pull a local file into a title. */
  static const char xxe[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE opml [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<opml version=\"2.0\"><head><title>Title &secret;</title></head><body>\n"
    "<outline text=\"Leak &secret;\" xmlUrl=\"https://example.org/feed\"/>\n"
    "</body></opml>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LwOpml) opml = lw_opml_parse (xxe, sizeof xxe - 1, &error);
  const LwOpmlEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpstr (opml->title, ==, "Title");
  g_assert_cmpuint (opml->entries->len, ==, 1);
  entry = g_ptr_array_index (opml->entries, 0);
  g_assert_cmpstr (entry->title, ==, "Leak");
}

static void
test_parse_entity_bomb (void)
{
  /* A billion laughs: a gigabyte if expanded. Refused or left unexpanded, fast. */
  static const char bomb[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE opml [\n"
    "  <!ENTITY a \"aaaaaaaaaa\">\n"
    "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    "  <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    "  <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    "  <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    "  <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
    "  <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
    "  <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
    "]>\n"
    "<opml version=\"2.0\"><head><title>&i;</title></head><body>\n"
    "<outline text=\"Bomb &i;\" xmlUrl=\"https://example.org/&i;\"/>\n"
    "</body></opml>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LwOpml) opml = NULL;
  gint64 start = g_get_monotonic_time ();

  opml = lw_opml_parse (bomb, sizeof bomb - 1, &error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  if (opml == NULL)
    {
      g_assert_error (error, LW_OPML_ERROR, LW_OPML_ERROR_NOT_OPML);
      return;
    }

  g_assert_cmpuint (strlen (opml->title != NULL ? opml->title : ""), <, 100);
  for (guint i = 0; i < opml->entries->len; i++)
    {
      const LwOpmlEntry *entry = g_ptr_array_index (opml->entries, i);

      g_assert_cmpuint (strlen (entry->feed_url), <, 100);
    }
}

static void
test_write_round_trip (LwTestFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) plain = lw_test_feed_new ("Plain", 1);
  g_autoptr(LwFeed) tricky = lw_test_feed_new ("Q&A <live> \"quoted\" \x01 ünïcode", 1);
  g_autoptr(LwFeed) untitled = lw_test_feed_new ("x", 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LwOpml) opml = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad = NULL;
  GListModel *shows = lw_library_get_shows (fixture->library);
  const char *text;
  static const Expected expected[] = {
    /* The show list order: untitled ("") first, then by title. */
    { "https://example.org/untitled?a=1&b=2", "https://example.org/untitled?a=1&b=2", "https://example.org/", NULL },
    { "https://example.org/plain.xml", "Plain", "https://example.org/", NULL },
    { "https://example.org/tricky.xml", "Q&A <live> \"quoted\"   ünïcode", "https://example.org/", NULL },
  };

  g_clear_pointer (&untitled->title, g_free);
  lw_library_merge_feed (fixture->library, "https://example.org/plain.xml", plain, NULL, &error);
  lw_library_merge_feed (fixture->library, "https://example.org/tricky.xml", tricky, NULL, &error);
  lw_library_merge_feed (fixture->library, "https://example.org/untitled?a=1&b=2", untitled, NULL, &error);
  g_assert_no_error (error);

  bytes = lw_opml_write (shows);
  text = g_bytes_get_data (bytes, NULL);
  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"));
  g_assert_nonnull (strstr (text, "<dateCreated>"));
  g_assert_nonnull (strstr (text, "type=\"rss\""));

  opml = lw_opml_parse (text, g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (opml->title, ==, "Longwave subscriptions");
  assert_entries (opml, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (opml->problems->len, ==, 0);
  g_clear_pointer (&opml, lw_opml_free);

  /* Through a file. */
  file = g_file_new_build_filename (fixture->dir, "export.opml", NULL);
  g_assert_true (lw_opml_write_file (shows, file, &error));
  g_assert_no_error (error);
  opml = lw_opml_parse_file (file, &error);
  g_assert_no_error (error);
  assert_entries (opml, expected, G_N_ELEMENTS (expected));

  bad = g_file_new_build_filename (fixture->dir, "no", "such", "dir", "export.opml", NULL);
  g_assert_false (lw_opml_write_file (shows, bad, &error));
  g_assert_error (error, LW_OPML_ERROR, LW_OPML_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "export.opml"));
}

static void
test_write_empty (void)
{
  g_autoptr(GListStore) none = g_list_store_new (LW_TYPE_SHOW);
  g_autoptr(GBytes) bytes = lw_opml_write (G_LIST_MODEL (none));
  g_autoptr(GError) error = NULL;
  g_autoptr(LwOpml) opml = NULL;

  opml = lw_opml_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (opml->entries->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/opml/parse/nested", test_parse_nested);
  g_test_add_func ("/opml/parse/opml1", test_parse_opml1);
  g_test_add_func ("/opml/parse/duplicates-and-problems", test_parse_duplicates_and_problems);
  g_test_add_func ("/opml/parse/errors", test_parse_errors);
  g_test_add_func ("/opml/parse/external-entity", test_parse_external_entity);
  g_test_add_func ("/opml/parse/entity-bomb", test_parse_entity_bomb);
  g_test_add ("/opml/write/round-trip", LwTestFixture, NULL,
              lw_test_fixture_set_up, test_write_round_trip, lw_test_fixture_tear_down);
  g_test_add_func ("/opml/write/empty", test_write_empty);

  return g_test_run ();
}
