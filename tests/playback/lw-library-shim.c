/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TEMPORARY: an in-memory stand-in for the parts of LwLibrary the player uses, until
 * the real library lands on main. Deleted at that merge. */
#include "config.h"

#include "core/lw-library.h"

struct _LwShow { GObject parent_instance; gint64 id; char *title; char *author; };
struct _LwEpisode { GObject parent_instance; gint64 id, show_id, duration, position; gboolean played; char *title, *url, *guid; };
struct _LwLibrary { GObject parent_instance; GHashTable *episodes; GHashTable *shows; char *path; };

G_DEFINE_FINAL_TYPE (LwShow, lw_show, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (LwEpisode, lw_episode, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (LwLibrary, lw_library, G_TYPE_OBJECT)

static void lw_show_class_init (LwShowClass *k) {}
static void lw_show_init (LwShow *s) {}
static void lw_episode_class_init (LwEpisodeClass *k) {}
static void lw_episode_init (LwEpisode *s) {}
static void lw_library_finalize (GObject *o)
{
  LwLibrary *self = (LwLibrary *) o;
  g_hash_table_unref (self->episodes);
  g_hash_table_unref (self->shows);
  g_free (self->path);
  G_OBJECT_CLASS (lw_library_parent_class)->finalize (o);
}
static void lw_library_class_init (LwLibraryClass *k) { G_OBJECT_CLASS (k)->finalize = lw_library_finalize; }
static void lw_library_init (LwLibrary *s)
{
  s->episodes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  s->shows = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
}

/* positions persisted across "library" instances by path, to test resume */
static GHashTable *saved;

static GHashTable *feeds; /* path -> LwFeed* merged */
static gint64 merge (LwLibrary *self, const LwFeed *feed);

LwLibrary *lw_library_new (const char *path, GError **error)
{
  LwLibrary *self = g_object_new (LW_TYPE_LIBRARY, NULL);
  self->path = g_strdup (path);
  if (saved == NULL)
    saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (feeds == NULL)
    feeds = g_hash_table_new (g_str_hash, g_str_equal);
  if (g_hash_table_lookup (feeds, path))
    {
      GHashTable **first = g_hash_table_lookup (feeds, path);
      g_hash_table_unref (self->episodes);
      g_hash_table_unref (self->shows);
      self->episodes = g_hash_table_ref (first[0]);
      self->shows = g_hash_table_ref (first[1]);
    }
  return self;
}

static gboolean played_get (LwLibrary *self, gint64 id)
{
  g_autofree char *key = g_strdup_printf ("%s#%d#played", self->path, (int) id);
  return g_hash_table_lookup (saved, key) != NULL;
}

gint64 lw_library_merge_feed (LwLibrary *self, const char *feed_url, const LwFeed *feed, const LwHttpCache *cache, GError **error)
{
  GHashTable **tables = g_new (GHashTable *, 2);
  gint64 r = merge (self, feed);
  tables[0] = g_hash_table_ref (self->episodes);
  tables[1] = g_hash_table_ref (self->shows);
  if (!g_hash_table_contains (feeds, self->path))
    g_hash_table_insert (feeds, g_strdup (self->path), tables); /* leaks: temporary */
  return r;
}

static gint64 merge (LwLibrary *self, const LwFeed *feed)
{
  LwShow *show = g_object_new (LW_TYPE_SHOW, NULL);
  show->id = g_hash_table_size (self->shows) + 1;
  show->title = g_strdup (feed->title);
  g_hash_table_insert (self->shows, &show->id, show);
  for (guint i = 0; i < feed->items->len; i++)
    {
      LwFeedItem *item = g_ptr_array_index (feed->items, i);
      LwEpisode *ep = g_object_new (LW_TYPE_EPISODE, NULL);
      g_autofree char *key = NULL;
      ep->id = g_hash_table_size (self->episodes) + 1;
      ep->show_id = show->id;
      ep->title = g_strdup (item->title);
      ep->guid = g_strdup (item->guid);
      ep->duration = item->duration;
      ep->url = g_strdup (lw_feed_item_get_main_enclosure (item)->url);
      key = g_strdup_printf ("%s#%d", self->path, (int) ep->id);
      ep->position = GPOINTER_TO_SIZE (g_hash_table_lookup (saved, key));
      ep->played = played_get (self, ep->id);
      g_hash_table_insert (self->episodes, &ep->id, ep);
    }
  return show->id;
}

LwShow *lw_library_lookup_show (LwLibrary *self, gint64 id)
{
  LwShow *s = g_hash_table_lookup (self->shows, &id);
  return s ? g_object_ref (s) : NULL;
}

LwEpisode *lw_library_lookup_episode (LwLibrary *self, gint64 id)
{
  LwEpisode *s = g_hash_table_lookup (self->episodes, &id);
  return s ? g_object_ref (s) : NULL;
}

gboolean lw_library_set_episode_position (LwLibrary *self, gint64 id, gint64 pos, GError **error)
{
  LwEpisode *ep = g_hash_table_lookup (self->episodes, &id);
  ep->position = pos;
  g_hash_table_insert (saved, g_strdup_printf ("%s#%d", self->path, (int) id), GSIZE_TO_POINTER (pos));
  return TRUE;
}

gboolean lw_library_set_episode_played (LwLibrary *self, gint64 id, gboolean played, GError **error)
{
  LwEpisode *ep = g_hash_table_lookup (self->episodes, &id);
  ep->played = played;
  g_hash_table_insert (saved, g_strdup_printf ("%s#%d#played", self->path, (int) id), GSIZE_TO_POINTER (played));
  return lw_library_set_episode_position (self, id, 0, error);
}

gint64 lw_episode_get_id (LwEpisode *self) { return self->id; }
gint64 lw_episode_get_show_id (LwEpisode *self) { return self->show_id; }
const char *lw_episode_get_title (LwEpisode *self) { return self->title; }
gint64 lw_episode_get_duration (LwEpisode *self) { return self->duration; }
gint64 lw_episode_get_position (LwEpisode *self) { return self->position; }
gboolean lw_episode_get_played (LwEpisode *self) { return self->played; }
char *lw_episode_dup_media_uri (LwEpisode *self) { return g_strdup (self->url); }
const char *lw_show_get_title (LwShow *self) { return self->title; }
const char *lw_episode_get_guid (LwEpisode *self) { return self->guid; }
const char *lw_episode_get_enclosure_url (LwEpisode *self) { return self->url; }
GListModel *lw_library_get_episodes (LwLibrary *self, gint64 show_id)
{
  GListStore *store = g_list_store_new (LW_TYPE_EPISODE);
  for (gint64 id = 1; id <= g_hash_table_size (self->episodes); id++)
    g_list_store_append (store, g_hash_table_lookup (self->episodes, &id));
  return G_LIST_MODEL (store);
}
const char *lw_show_get_author (LwShow *self) { return "Longwave"; }
const char *lw_show_get_image_url (LwShow *self) { return NULL; }
const char *lw_episode_get_image_url (LwEpisode *self) { return NULL; }
