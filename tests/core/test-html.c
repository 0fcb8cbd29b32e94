/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/lw-html.h"

static void
assert_sanitised (const char *input,
                  const char *base_url,
                  const char *expected)
{
  g_autofree char *output = lw_html_sanitise (input, base_url);
  g_autofree char *reference = lw_html_sanitise_reference (input, base_url);

  if (g_strcmp0 (output, expected) != 0)
    g_error ("sanitise(%s):\n  expected %s\n  got      %s", input, expected, output);
  /* The fast path for simple markup and the full path agree. */
  if (g_strcmp0 (reference, expected) != 0)
    g_error ("sanitise_reference(%s):\n  expected %s\n  got      %s", input, expected, reference);
}

static void
test_sanitise_allow_list (void)
{
  assert_sanitised ("<p>Hello <b>bold</b> <strong>s</strong> <i>i</i> <em>e</em></p>", NULL,
                    "<p>Hello <b>bold</b> <strong>s</strong> <i>i</i> <em>e</em></p>");
  assert_sanitised ("<h2>Links</h2><ul><li>one</li><li>two</li></ul><ol><li>x</li></ol>", NULL,
                    "<h2>Links</h2><ul><li>one</li><li>two</li></ul><ol><li>x</li></ol>");
  assert_sanitised ("<blockquote>q</blockquote><pre>a  b</pre><code>c</code>", NULL,
                    "<blockquote>q</blockquote><pre>a  b</pre><code>c</code>");
  assert_sanitised ("line one<br>line two<br/>three", NULL, "<p>line one<br/>line two<br/>three</p>");
  assert_sanitised ("<P CLASS=\"x\" style=\"color:red\">Upper</P>", NULL, "<p>Upper</p>");
}

static void
test_sanitise_drops (void)
{
  /* Scripts, styles and iframes go with their content. */
  assert_sanitised ("<p>a<script>alert(1)</script>b</p>", NULL, "<p>ab</p>");
  assert_sanitised ("<style>p { color: red }</style><p>text</p>", NULL, "<p>text</p>");
  assert_sanitised ("<p>x</p><iframe src=\"https://evil.example/\">inner</iframe>", NULL, "<p>x</p>");
  assert_sanitised ("<p>x<object data=\"a.swf\"><embed src=\"b\">fallback</object>y</p>", NULL, "<p>xy</p>");
  /* Event attributes and images (tracking pixels) go; their text stays. */
  assert_sanitised ("<p onclick=\"evil()\" onmouseover=\"x\">t</p>", NULL, "<p>t</p>");
  assert_sanitised ("<p>a<img src=\"https://track.example/p.gif\" width=\"1\" height=\"1\">b</p>", NULL, "<p>ab</p>");
  /* Unknown elements are unwrapped. */
  assert_sanitised ("<p><span class=\"x\">in</span> <font color=red>f</font></p>", NULL, "<p>in f</p>");
  /* Block elements that are not allowed still separate their lines. */
  assert_sanitised ("<div>first</div><div>second</div>", NULL, "first<br/>second");
}

static void
test_sanitise_links (void)
{
  assert_sanitised ("<a href=\"https://example.org/x?a=1&amp;b=2\" target=\"_blank\" rel=\"nofollow\">x</a>", NULL,
                    "<a href=\"https://example.org/x?a=1&amp;b=2\">x</a>");
  assert_sanitised ("<a href=\"mailto:me@example.org\">mail</a>", NULL,
                    "<a href=\"mailto:me@example.org\">mail</a>");
  assert_sanitised ("<a href=\"javascript:alert(1)\">js</a>", NULL, "js");
  assert_sanitised ("<a href=\"JavaScript:alert(1)\">js</a>", NULL, "js");
  assert_sanitised ("<a href=\"data:text/html,x\">d</a>", NULL, "d");
  assert_sanitised ("<a href=\"file:///etc/passwd\">f</a>", NULL, "f");
  assert_sanitised ("<a href=\"/show/1\">rel</a>", "https://example.org/feed.xml",
                    "<a href=\"https://example.org/show/1\">rel</a>");
  assert_sanitised ("<a href=\"/show/1\">rel</a>", NULL, "rel");
  assert_sanitised ("<a href=\"  https://example.org/a  \">t</a>", NULL,
                    "<a href=\"https://example.org/a\">t</a>");
  assert_sanitised ("<a href='https://e.org/\"onmouseover=\"x'>q</a>", NULL,
                    "<a href=\"https://e.org/&quot;onmouseover=&quot;x\">q</a>");
}

/* Well-formed notes take libxml2's XML parser; a DTD in them must not get anywhere. */
static void
test_sanitise_no_entities (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lw-html-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *html = NULL;
  g_autofree char *output = NULL;

  g_assert_true (g_file_set_contents (secret, "TOPSECRET", -1, NULL));
  html = g_strdup_printf ("<!DOCTYPE p [<!ENTITY e SYSTEM \"file://%s\">]><p>a&e;b</p>", secret);
  output = lw_html_sanitise (html, NULL);
  g_assert_null (strstr (output, "TOPSECRET"));
  g_clear_pointer (&html, g_free);
  g_clear_pointer (&output, g_free);

  html = g_strdup_printf ("<p>x</p><!DOCTYPE p [<!ENTITY e SYSTEM \"file://%s\">]><p>a&e;b</p>", secret);
  output = lw_html_sanitise (html, NULL);
  g_assert_null (strstr (output, "TOPSECRET"));

  g_assert_cmpint (g_remove (secret), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* Both parsers agree on well-formed and tag-soup versions of the same notes. */
  assert_sanitised ("<p>A &amp; B<br/>C</p>", NULL, "<p>A &amp; B<br/>C</p>");
  assert_sanitised ("<p>A &amp; B<br>C</p>", NULL, "<p>A &amp; B<br/>C</p>");
  assert_sanitised ("<P>Upper</P>", NULL, "<p>Upper</p>");
}

/* The sanitiser's fast path (simple well-formed markup, one scan) must write exactly what
 * the full path (libxml2's parsers) writes, on inputs built to sit at the edge of what
 * the fast path takes: random sequences of the pieces real show notes are made of,
 * with a share of broken ones. */
static void
test_sanitise_fast_path_agrees (void)
{
  static const char * const pieces[] = {
    "<p>", "</p>", "<P>", "</P>", "<b>", "</b>", "<strong>", "</strong>", "<i>", "</i>",
    "<em>", "</em>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<h3>", "</h3>",
    "<h1 class=\"x\">", "</h1>", "<blockquote>", "</blockquote>", "<pre>", "</pre>",
    "<code>", "</code>", "<span>", "</span>", "<span class='a' id=\"b\">", "<font color=\"red\">",
    "</font>", "<div>", "</div>", "<hr/>", "<br/>", "<br />", "<br>", "<BR/>",
    "<img src=\"https://t.example/p.gif\" width=\"1\"/>", "<img src='x'>",
    "<a href=\"https://example.org/a?x=1&amp;y=2\">", "<a href='/rel/path'>",
    "<a HREF=\"http://e.org/\" href=\"https://dup.example/\">", "<a href=\"javascript:x()\">",
    "<a href=\"mailto:a@b.c\">", "<a title=\"t\" title=\"u\" href=\"https://x.y/\">",
    "<a href=\"https://x.y/&#47;&#x41;\">", "<a href=\"https://x.y/ z\">", "<a href=\"\">", "<a>",
    "</a>", "<a href=\"https://a.b/\"title=\"x\">", "<a href=\"https://a.b/\" >", "<a\nhref=\"https://c.d/\">",
    "<script>alert(1)</script>", "<style>p{}</style>", "<!-- c -->", "<![CDATA[x<y]]>",
    "<?pi x?>", "<r>", "</r>", "<o:p>", "</o:p>", "<p/>", "<p />", "<em/>",
    "text", " ", "  ", "\n", "\t", "\r\n", "caf\xc3\xa9", "\xe2\x80\x99", "\xc2\x85", "\xef\xbf\xbe",
    "\xef\xbb\xbf", "\x01", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#8217;", "&#x2019;",
    "&#0;", "&#1;", "&#xD800;", "&#65535;", "&#1114111;", "&#99999999;", "&nbsp;", "&", "& ",
    "&amp", "<", ">", "]]>", "]]", "]", "1:02:03", "https://bare.example/x", "\"", "'",
    "< p>", "</ p>", "<p", "<p x>", "<p x=1>", "<p x=\"a<b\">", "<p x=\"a\tb\">", "<p x=\"&#10;\">",
  };
  GRand *rand = g_rand_new_with_seed (20261126);
  guint fast_and_written = 0;

  for (guint n = 0; n < 20000; n++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      guint count = g_rand_int_range (rand, 1, 14);
      g_autofree char *fast = NULL;
      g_autofree char *reference = NULL;

      /* Half the inputs are balanced runs of allowed tags around text: the fast path's
       * home ground, where an unbalanced piece would send everything to the full path. */
      if (n % 2 == 0)
        {
          static const char * const tags[] = { "p", "b", "i", "em", "li", "h2", "span", "a href=\"/x\"", "code" };
          guint depth = g_rand_int_range (rand, 1, 5);
          const char *open[5];

          for (guint d = 0; d < depth; d++)
            {
              open[d] = tags[g_rand_int_range (rand, 0, G_N_ELEMENTS (tags))];
              g_string_append_printf (input, "<%s>", open[d]);
              g_string_append (input, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
            }
          for (guint d = depth; d > 0; d--)
            {
              const char *space = strchr (open[d - 1], ' ');

              g_string_append_printf (input, "</%.*s>",
                                      space != NULL ? (int) (space - open[d - 1]) : (int) strlen (open[d - 1]),
                                      open[d - 1]);
            }
        }
      else
        for (guint i = 0; i < count; i++)
          g_string_append (input, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      fast = lw_html_sanitise (input->str, "https://example.org/feed.xml");
      reference = lw_html_sanitise_reference (input->str, "https://example.org/feed.xml");
      if (!g_str_equal (fast, reference))
        g_error ("sanitise(%s):\n  full path %s\n  fast path %s", input->str, reference, fast);
      if (fast[0] == '<')
        fast_and_written++;
    }

  /* The generator must reach the interesting cases, not only empty output. */
  g_assert_cmpuint (fast_and_written, >, 5000);
  g_rand_free (rand);
}

static void
test_sanitise_plain_text (void)
{
  assert_sanitised (NULL, NULL, "");
  assert_sanitised ("", NULL, "");
  assert_sanitised ("Just text & more", NULL, "<p>Just text &amp; more</p>");
  assert_sanitised ("Para one\nline two\n\nPara two", NULL, "<p>Para one<br/>line two</p><p>Para two</p>");
  assert_sanitised ("a < b", NULL, "<p>a &lt; b</p>");
}

static void
test_to_text (void)
{
  struct { const char *input; const char *expected; } cases[] = {
    { "<p>One</p><p>Two</p>", "One\n\nTwo" },
    { "<p>a<br>b</p>", "a\nb" },
    { "<p>  lots   of\n  space </p>", "lots of space" },
    { "<ul><li>x</li><li>y</li></ul>", "• x\n• y" },
    { "<ol><li>x</li><li>y</li></ol>", "1. x\n2. y" },
    { "<h3>Head</h3>Body", "Head\n\nBody" },
    { "<p>a &amp; b &lt;c&gt; &nbsp;d</p>", "a & b <c> \u00a0d" },
    { "<script>x()</script>text", "text" },
    { "plain\n\ntext", "plain\n\ntext" },
    { "", "" },
    /* plain text takes a shortcut; it must agree with the parser's answer */
    { "  one  two\r\n three \n\n\n  four\t", "one two\nthree\n\nfour" },
    { "one two &amp;\r\n three \n\n\n  four\t", "one two &\nthree\n\nfour" },
    { "a\n \nb", "a\n\nb" },
    { "a\n \nb &amp;", "a\n\nb &" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = lw_html_to_text (cases[i].input);

      if (g_strcmp0 (text, cases[i].expected) != 0)
        g_error ("to_text(%s): expected “%s”, got “%s”", cases[i].input, cases[i].expected, text);
    }
}

static void
test_to_search_text (void)
{
  struct { const char *input; const char *expected; } cases[] = {
    { "<p>One</p><p>Two</p>", " One  Two " },
    /* Inline tags do not split a word; block tags and attributes leave nothing. */
    { "<b>Pod</b>cast <a href=\"https://example.org/x\">link</a>", "Podcast link" },
    { "<ul><li>x</li><li>y</li></ul>", "  x  y  " },
    { "<A HREF=\"a>b\">c</A>", "c" },
    { "a &amp; b &lt;c&gt; &quot;d&quot; caf&#233; &#x41; &bogus; & e", "a & b <c> \"d\" café A &bogus; & e" },
    { "plain text", "plain text" },
    { "cut <p class=\"x", "cut  " },
    { "", "" },
  };
  g_autofree char *null_text = lw_html_to_search_text (NULL);

  g_assert_cmpstr (null_text, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = lw_html_to_search_text (cases[i].input);

      if (g_strcmp0 (text, cases[i].expected) != 0)
        g_error ("to_search_text(%s): expected “%s”, got “%s”", cases[i].input, cases[i].expected, text);
    }
}

static void
assert_valid_markup (const char *markup)
{
  static const GMarkupParser parser = { 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);

  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  if (!g_markup_parse_context_parse (context, wrapped, -1, &error)
      || !g_markup_parse_context_end_parse (context, &error))
    g_error ("invalid markup (%s): %s", error->message, markup);
}

static void
test_to_markup (void)
{
  struct { const char *input; const char *expected; } cases[] = {
    { "<p>Hello <b>world</b></p>", "Hello <b>world</b>" },
    { "<p>a &amp; b</p>", "a &amp; b" },
    { "<h2>Links</h2><ul><li><a href=\"https://e.org/\">E</a></li></ul>",
      "<b>Links</b>\n\n• <a href=\"https://e.org/\">E</a>" },
    { "<p>At 12:34 we talk, at 1:02:03 we stop.</p>",
      "At <a href=\"time:754\">12:34</a> we talk, at <a href=\"time:3723\">1:02:03</a> we stop." },
    { "<p>Not 123:45 nor 12:345 nor 12:60</p>", "Not 123:45 nor 12:345 nor 12:60" },
    { "<p><a href=\"https://e.org/\">at 12:34</a></p>", "<a href=\"https://e.org/\">at 12:34</a>" },
    { "<p><em>i</em> <code>c</code></p>", "<i>i</i> <tt>c</tt>" },
    { "<p>See https://e.org/a?b=1&amp;c=2. Or (http://f.org/x)</p>",
      "See <a href=\"https://e.org/a?b=1&amp;c=2\">https://e.org/a?b=1&amp;c=2</a>. "
      "Or (<a href=\"http://f.org/x\">http://f.org/x</a>)" },
    { "<p>no https:// alone, nor xhttps://e.org</p>", "no https:// alone, nor xhttps://e.org" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = lw_html_to_markup (cases[i].input);

      if (g_strcmp0 (markup, cases[i].expected) != 0)
        g_error ("to_markup(%s): expected “%s”, got “%s”", cases[i].input, cases[i].expected, markup);
      assert_valid_markup (markup);
    }
}

/* Whatever goes in, what comes out parses as markup. */
static void
test_markup_always_valid (void)
{
  const char *hostile[] = {
    "<b><i>crossed</b></i>",
    "<p>unclosed <b>bold",
    "</p></b></a>stray closers",
    "<a href=\"https://e.org/\"><a href=\"https://f.org/\">nested</a></a>",
    "control \x01\x02\x1f chars and \xc2\x85 C1",
    "invalid utf8 \xff\xfe here",
    "<p>invalid utf8 \xff\xfe in markup, cut \xe2\x80</p>",
    "<pre>  keep\n  this & that < > </pre>",
    "&#1; &#x0; &bogus; & &amp",
    "<ul><li><ol><li>deep</li></ol></li></ul>",
    "<a href=\"https://e.org/?q=\"'<>&\">quote</a>",
    "<![CDATA[ x ]]> <!-- c --> <?pi x?>",
    "<table><tr><td>1</td><td>2</td></tr></table>",
  };
  GString *deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *sanitised = lw_html_sanitise (hostile[i], "https://example.org/");
      g_autofree char *markup = lw_html_to_markup (sanitised);
      g_autofree char *raw_markup = lw_html_to_markup (hostile[i]);
      g_autofree char *text = lw_html_to_text (hostile[i]);

      assert_valid_markup (markup);
      assert_valid_markup (raw_markup);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_true (g_utf8_validate (sanitised, -1, NULL));
    }

  for (int i = 0; i < 5000; i++)
    g_string_append (deep, "<b><i><div>");
  g_string_append (deep, "deep");
  {
    g_autofree char *sanitised = lw_html_sanitise (deep->str, NULL);
    g_autofree char *markup = lw_html_to_markup (sanitised);

    assert_valid_markup (markup);
    g_assert_nonnull (strstr (markup, "deep"));
  }
  g_string_free (deep, TRUE);
}

static void
test_collect_links (void)
{
  g_auto(GStrv) links = lw_html_collect_links (
    "<p><a href=\"https://a.example/\">First  <b>link</b></a> "
    "<a href=\"mailto:x@y.z\">mail</a> <a href=\"https://a.example/\">again</a> "
    "<a href=\"http://b.example/\"></a></p>");
  g_auto(GStrv) none = lw_html_collect_links (NULL);

  g_assert_cmpuint (g_strv_length (links), ==, 4);
  g_assert_cmpstr (links[0], ==, "https://a.example/");
  g_assert_cmpstr (links[1], ==, "First link");
  g_assert_cmpstr (links[2], ==, "http://b.example/");
  g_assert_cmpstr (links[3], ==, "http://b.example/");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html/sanitise/allow-list", test_sanitise_allow_list);
  g_test_add_func ("/html/sanitise/drops", test_sanitise_drops);
  g_test_add_func ("/html/sanitise/links", test_sanitise_links);
  g_test_add_func ("/html/sanitise/plain-text", test_sanitise_plain_text);
  g_test_add_func ("/html/sanitise/no-entities", test_sanitise_no_entities);
  g_test_add_func ("/html/sanitise/fast-path-agrees", test_sanitise_fast_path_agrees);
  g_test_add_func ("/html/to-text", test_to_text);
  g_test_add_func ("/html/to-search-text", test_to_search_text);
  g_test_add_func ("/html/to-markup", test_to_markup);
  g_test_add_func ("/html/markup-always-valid", test_markup_always_valid);
  g_test_add_func ("/html/collect-links", test_collect_links);

  return g_test_run ();
}
