/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Show notes. Feed HTML goes through lw_html_sanitise() once, when parsed; everything
 * after that (the library, the UI) only ever sees the sanitised form. All functions
 * are thread-safe and never fail: the worst input gives an empty string. */

/* libxml2's HTML parser → an allow-list: p, br, h1–h6, ul, ol, li, b, strong, i, em,
 * blockquote, pre, code, a (http, https and mailto only; relative hrefs resolved against
 * @base_url). Scripts, styles, iframes, event attributes, images and tracking pixels go. */
char *lw_html_sanitise      (const char *html,
                             const char *base_url);

/* The same without the fast path for simple markup, always through libxml2's parsers:
 * for the tests and the fuzz target that check both agree. */
char *lw_html_sanitise_reference (const char *html,
                                  const char *base_url);

/* Plain text with paragraphs separated by blank lines. */
char *lw_html_to_text       (const char *html);

/* Sanitised HTML → the words of it for the search index: tags dropped (block tags
 * become spaces, inline ones nothing, so "<b>pod</b>cast" stays one word), entities
 * decoded, no layout. A single pass without libxml2, a few times faster than
 * lw_html_to_text(): it runs on every episode a merge adds. The library's index
 * holds its output, so a change here needs a migration that rebuilds episodes_fts. */
char *lw_html_to_search_text (const char *sanitised_html);

/* Sanitised HTML → Pango markup for a GtkLabel (use-markup, wrap): headings in bold,
 * list items with bullets or numbers, links as <a href>, bare http(s) addresses in the
 * text as links too, timestamps ("12:34", "1:02:03") turned into links of the form
 * "time:SECONDS" that the UI turns into seeks. Always valid markup, whatever the input. */
char *lw_html_to_markup     (const char *sanitised_html);

/* Every distinct http(s) link in sanitised HTML, in order, as pairs:
 * [url0, text0, url1, text1, …]. */
GStrv lw_html_collect_links (const char *sanitised_html);

G_END_DECLS
