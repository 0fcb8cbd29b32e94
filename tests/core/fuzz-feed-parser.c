/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target over everything that reads untrusted feed bytes: the feed parser
 * (and through it the encoding and entity repairs), the date and duration parsers, the
 * HTML sanitiser and the text, markup and link writers. Built with -Dfuzzing=true; see
 * build-aux/fuzz.sh. Besides crashes and sanitizer reports, it checks the promises
 * the headers make: UTF-8 out, markup that GMarkup accepts, JSON that parses. */
#include "config.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdint.h>
#include <string.h>

#include "core/lw-date.h"
#include "core/lw-feed-json.h"
#include "core/lw-feed-parser.h"
#include "core/lw-html.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_markup (const char *markup)
{
  static const GMarkupParser parser = { 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);

  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  if (!g_markup_parse_context_parse (context, wrapped, -1, NULL)
      || !g_markup_parse_context_end_parse (context, NULL))
    g_error ("lw_html_to_markup gave invalid markup: %s", markup);
}

static void
fuzz_html (const char *text)
{
  g_autofree char *sanitised = lw_html_sanitise (text, "https://example.org/feed.xml");
  g_autofree char *reference = lw_html_sanitise_reference (text, "https://example.org/feed.xml");
  g_autofree char *markup = lw_html_to_markup (sanitised);
  g_autofree char *raw_markup = lw_html_to_markup (text);
  g_autofree char *plain = lw_html_to_text (text);
  g_auto(GStrv) links = lw_html_collect_links (sanitised);

  /* The sanitiser's fast path must write what the full path writes. */
  if (!g_str_equal (sanitised, reference))
    g_error ("fast and full sanitiser differ on «%s»: «%s» vs «%s»", text, sanitised, reference);
  g_assert_true (g_utf8_validate (sanitised, -1, NULL));
  g_assert_true (g_utf8_validate (plain, -1, NULL));
  check_markup (markup);
  check_markup (raw_markup);
  g_assert_true (g_strv_length (links) % 2 == 0);
}

static void
fuzz_feed (const uint8_t *data,
           size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_parser_parse_bytes (bytes, "https://example.org/feed.xml", &error);
  g_autoptr(GString) json = NULL;
  g_autoptr(JsonParser) parser = NULL;

  if (feed == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  json = g_string_new (NULL);
  lw_feed_json_append (json, feed);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json->str, json->len, &error))
    g_error ("invalid JSON (%s): %s", error->message, json->str);

  for (guint i = 0; i < feed->items->len; i++)
    {
      LwFeedItem *item = g_ptr_array_index (feed->items, i);

      g_assert_nonnull (item->guid);
      if (item->notes_html != NULL)
        {
          g_autofree char *markup = lw_html_to_markup (item->notes_html);

          check_markup (markup);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *short_text = g_strndup ((const char *) data, MIN (size, 256));

  fuzz_feed (data, size);

  lw_date_parse (short_text);
  lw_date_parse_rfc822 (short_text);
  lw_date_parse_iso8601 (short_text);
  lw_duration_parse (short_text);

  fuzz_html (text);

  return 0;
}
