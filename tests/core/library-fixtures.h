/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/lw-feed.h"
#include "core/lw-library.h"

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
/* A query on a second, raw connection: what is really in the file. */
gint64      lw_test_query_int           (const char       *path,
                                         const char       *sql);
/* The id of the episode with @guid in @show_id, 0 when there is none. */
gint64      lw_test_episode_id          (LwLibrary        *library,
                                         gint64            show_id,
                                         const char       *guid);
/* A fresh temp dir with a library file in it. */
typedef struct
{
  char      *dir;
  char      *path;
  LwLibrary *library;
} LwTestFixture;

void        lw_test_fixture_set_up      (LwTestFixture    *fixture,
                                         gconstpointer     data);
void        lw_test_fixture_tear_down   (LwTestFixture    *fixture,
                                         gconstpointer     data);

/* The last items-changed of a model, and how many there were. */
typedef struct
{
  guint count;
  guint position;
  guint removed;
  guint added;
} LwTestItemsChanged;

void        lw_test_watch_items_changed (GListModel         *model,
                                         LwTestItemsChanged *changed);

/* rm -rf */
void        lw_test_remove_tree         (const char       *path);

G_END_DECLS
