/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-feed.h"

G_BEGIN_DECLS

#define LW_FEED_PARSER_ERROR (lw_feed_parser_error_quark ())

typedef enum
{
  LW_FEED_PARSER_ERROR_EMPTY,       /* no content at all */
  LW_FEED_PARSER_ERROR_MALFORMED,   /* not well-formed XML; the message names line and column */
  LW_FEED_PARSER_ERROR_HTML,        /* a web page, not a feed */
  LW_FEED_PARSER_ERROR_NOT_A_FEED,  /* XML, but not RSS, RDF or Atom (or RSS without a channel) */
  LW_FEED_PARSER_ERROR_HOSTILE,     /* entity expansion or nesting past the safety limits */
} LwFeedParserError;

GQuark  lw_feed_parser_error_quark (void);

/* Thread-safe: call from any thread (it blocks: from the UI, call it in a GTask thread;
 * on a machine with several CPUs it sanitises show notes on one helper thread of its
 * own). @base_url (nullable) is where the document came from; relative URLs in the feed
 * resolve against it (and against xml:base). The error messages are complete,
 * translated sentences, ready for a toast or the CLI.
 *
 * _parse_file streams the file (a 100 MB feed costs little more than the LwFeed it
 * becomes) and falls back to reading it whole only for the repairs: mislabelled
 * encodings, HTML entities, unescaped HTML. */
LwFeed *lw_feed_parser_parse_bytes (GBytes      *bytes,
                                    const char  *base_url,
                                    GError     **error);
LwFeed *lw_feed_parser_parse_file  (const char  *path,
                                    const char  *base_url,
                                    GError     **error);

G_END_DECLS
