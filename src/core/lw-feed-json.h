/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <glib.h>

#include "lw-feed.h"

G_BEGIN_DECLS

/* The JSON object of `longwave-cli parse --json` (issue 3 lists its fields): missing
 * values are null, empty lists [], dates Unix seconds, episodes in document order.
 * Hand-written and streaming: no JSON tree of a 10,000-episode feed is ever built. */

/* Appends the object (no trailing newline) to @out. */
void     lw_feed_json_append (GString      *out,
                              const LwFeed *feed);

/* Writes the object and a newline to @stream, flushing every few kilobytes. Returns
 * FALSE (errno set) when writing failed. */
gboolean lw_feed_json_write  (FILE         *stream,
                              const LwFeed *feed);

G_END_DECLS
