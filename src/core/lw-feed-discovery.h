/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Finds the feed a web page points to with <link rel="alternate"
 * type="application/rss+xml" href="…"> (Atom when there is no RSS), resolved against
 * <base href> and @base_url. (transfer full) (nullable): an http(s) URL or NULL.
 * Thread-safe: runs on the parser's worker thread. */
char *lw_feed_discover_in_html (GBytes     *html,
                                const char *base_url);

G_END_DECLS
