/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-library"

#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>

#include "core/lw-library-private.h"

#include "library-fixtures.h"

LwFeedItem *
lw_test_feed_add (LwFeed     *feed,
                  const char *guid,
                  const char *title,
                  const char *enclosure_url,
                  gint64      published)
{
  LwFeedItem *item = lw_feed_item_new ();

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->published = published;
  lw_test_item_set_enclosure (item, enclosure_url);
  g_ptr_array_add (feed->items, item);

  return item;
}

LwFeedItem *
lw_test_feed_prepend (LwFeed     *feed,
                      const char *guid,
                      const char *title,
                      const char *enclosure_url,
                      gint64      published)
{
  LwFeedItem *item = lw_test_feed_add (feed, guid, title, enclosure_url, published);

  g_ptr_array_steal_index (feed->items, feed->items->len - 1);
  g_ptr_array_insert (feed->items, 0, item);

  return item;
}

void
lw_test_item_set_enclosure (LwFeedItem *item,
                            const char *url)
{
  LwEnclosure *enclosure = lw_enclosure_new ();

  enclosure->url = g_strdup (url);
  enclosure->type = g_strdup ("audio/mpeg");
  enclosure->length = 1000000;
  g_ptr_array_set_size (item->enclosures, 0);
  g_ptr_array_add (item->enclosures, enclosure);
}

LwFeed *
lw_test_feed_new (const char *title,
                  guint       n_items)
{
  LwFeed *feed = lw_feed_new ();

  feed->title = g_strdup (title);
  feed->author = g_strdup ("Test Author");
  feed->description = g_strdup_printf ("All about %s", title);
  feed->link = g_strdup ("https://example.org/");

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *guid = g_strdup_printf ("%s-%u", title, i);
      g_autofree char *item_title = g_strdup_printf ("%s %u", title, i);
      g_autofree char *url = g_strdup_printf ("https://cdn.example.org/%s/%u.mp3", title, i);
      LwFeedItem *item = lw_test_feed_add (feed, guid, item_title, url, 1700000000 - (gint64) i * 86400);

      item->duration = 600 + i;
      item->summary = g_strdup_printf ("Summary of %s, episode %u.", title, i);
      item->notes_html = g_strdup_printf ("<p>Show notes of <b>%s</b>, episode %u, "
                                          "with a <a href=\"https://example.org/%u\">link</a>.</p>",
                                          title, i, i);
    }

  return feed;
}

void
lw_test_assert_persons_equal (GPtrArray *a,
                              GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);

  for (guint i = 0; i < a->len; i++)
    {
      const LwPerson *pa = g_ptr_array_index (a, i);
      const LwPerson *pb = g_ptr_array_index (b, i);

      g_assert_cmpstr (pa->name, ==, pb->name);
      g_assert_cmpstr (pa->role, ==, pb->role);
      g_assert_cmpstr (pa->group, ==, pb->group);
      g_assert_cmpstr (pa->href, ==, pb->href);
      g_assert_cmpstr (pa->img, ==, pb->img);
    }
}

void
lw_test_remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFileInfo) owned = info;
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
          g_autofree char *child_path = g_file_get_path (child);

          lw_test_remove_tree (child_path);
        }
    }

  g_file_delete (file, NULL, NULL);
}

/* A query on a second, raw connection: what is really in the file. */
gint64
lw_test_query_int (const char *path,
                   const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* The search index's content view calls it. */
  g_assert_cmpint (lw_library_register_functions (db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

gint64
lw_test_episode_id (LwLibrary  *library,
                    gint64      show_id,
                    const char *guid)
{
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, show_id);

  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

      if (g_strcmp0 (lw_episode_get_guid (episode), guid) == 0)
        return lw_episode_get_id (episode);
    }

  return 0;
}

void
lw_test_fixture_set_up (LwTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lw-library-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->library = lw_library_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->library);
}

void
lw_test_fixture_tear_down (LwTestFixture *fixture,
                           gconstpointer  data)
{
  /* A test may finalize the library itself. */
  if (fixture->library != NULL)
    g_assert_finalize_object (fixture->library);
  lw_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
on_items_changed (GListModel         *model,
                  guint               position,
                  guint               removed,
                  guint               added,
                  LwTestItemsChanged *changed)
{
  changed->count++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

void
lw_test_watch_items_changed (GListModel         *model,
                             LwTestItemsChanged *changed)
{
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), changed);
}
