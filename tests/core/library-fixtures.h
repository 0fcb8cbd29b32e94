/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/lw-feed.h"

G_BEGIN_DECLS

/* Hand-made feeds for the library tests: no parser needed. */

/* @n_items items, newest first: item N has guid "TITLE-N", title "TITLE N",
 * enclosure https://cdn.example.org/TITLE/N.mp3, published 1700000000 - N days,
 * duration 600 + N seconds and a summary. */
LwFeed     *lw_test_feed_new            (const char       *title,
                                         guint             n_items);
LwFeedItem *lw_test_feed_add            (LwFeed           *feed,
                                         const char       *guid,
                                         const char       *title,
                                         const char       *enclosure_url,
                                         gint64            published);
LwFeedItem *lw_test_feed_prepend        (LwFeed           *feed,
                                         const char       *guid,
                                         const char       *title,
                                         const char       *enclosure_url,
                                         gint64            published);
void        lw_test_item_set_enclosure  (LwFeedItem       *item,
                                         const char       *url);
void        lw_test_assert_persons_equal (GPtrArray       *a,
                                          GPtrArray       *b);
/* rm -rf */
void        lw_test_remove_tree         (const char       *path);

G_END_DECLS
