/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include "lw-library-private.h"

/* A list of episodes that holds only their ids: a show with 10,000 episodes opens
 * with one query for 10,000 integers. The objects are built when a view asks for
 * them, a page of rows at a time, and shared with everyone else through the
 * library's one-object-per-id cache. */

/* Rows read at once when a view asks for an item that is not live. */
#define PAGE_SIZE LW_LIBRARY_PAGE_SIZE

struct _LwEpisodeList
{
  GObject    parent_instance;

  LwLibrary *library;  /* not a reference: the library detaches its lists */
  GArray    *ids;      /* gint64 */
  /* The last page read: keeps its neighbours alive while a view walks by. */
  GPtrArray *page;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwEpisodeList, lw_episode_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
lw_episode_list_get_item_type (GListModel *model)
{
  return LW_TYPE_EPISODE;
}

static guint
lw_episode_list_get_n_items (GListModel *model)
{
  LwEpisodeList *self = LW_EPISODE_LIST (model);

  return self->ids->len;
}

static gpointer
lw_episode_list_get_item (GListModel *model,
                          guint       position)
{
  LwEpisodeList *self = LW_EPISODE_LIST (model);
  g_autoptr(GPtrArray) page = NULL;
  LwEpisode *episode;
  gint64 id;
  guint n;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);

  if (self->library == NULL)
    return lw_episode_new_for_id (id);

  episode = lw_library_peek_episode (self->library, id);
  if (episode != NULL)
    return episode;

  /* Views ask in order, mostly forwards: read this one and the ones after it. */
  n = MIN (PAGE_SIZE, self->ids->len - position);
  page = lw_library_load_episodes (self->library, &g_array_index (self->ids, gint64, position), n);
  g_clear_pointer (&self->page, g_ptr_array_unref);
  self->page = g_steal_pointer (&page);

  episode = lw_library_peek_episode (self->library, id);

  /* Deleted by another process since the ids were read: an empty stand-in
   * until the list catches up. */
  if (episode == NULL)
    episode = lw_episode_new_for_id (id);

  return episode;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lw_episode_list_get_item_type;
  iface->get_n_items = lw_episode_list_get_n_items;
  iface->get_item = lw_episode_list_get_item;
}

static void
lw_episode_list_finalize (GObject *object)
{
  LwEpisodeList *self = (LwEpisodeList *) object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->page, g_ptr_array_unref);

  G_OBJECT_CLASS (lw_episode_list_parent_class)->finalize (object);
}

static void
lw_episode_list_class_init (LwEpisodeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lw_episode_list_finalize;
}

static void
lw_episode_list_init (LwEpisodeList *self)
{
}

/* Takes @ids. */
LwEpisodeList *
lw_episode_list_new (LwLibrary *library,
                     GArray    *ids)
{
  LwEpisodeList *self = g_object_new (LW_TYPE_EPISODE_LIST, NULL);

  self->library = library;
  self->ids = ids;

  return self;
}

/* Takes @ids; one items-changed covering only what differs, so a view keeps its
 * scroll position and selection. */
void
lw_episode_list_set_ids (LwEpisodeList *self,
                         GArray        *ids)
{
  g_autoptr(GArray) old = self->ids;
  guint n_old = old->len;
  guint n_new = ids->len;
  guint prefix = 0;
  guint suffix = 0;

  self->ids = ids;

  while (prefix < n_old && prefix < n_new &&
         g_array_index (old, gint64, prefix) == g_array_index (ids, gint64, prefix))
    prefix++;

  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_array_index (old, gint64, n_old - 1 - suffix) == g_array_index (ids, gint64, n_new - 1 - suffix))
    suffix++;

  if (prefix + suffix == n_old && n_old == n_new)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix, n_new - prefix - suffix);
}

/* The library is going: the list empties. */
void
lw_episode_list_detach (LwEpisodeList *self)
{
  self->library = NULL;
  g_clear_pointer (&self->page, g_ptr_array_unref);
  lw_episode_list_set_ids (self, g_array_new (FALSE, FALSE, sizeof (gint64)));
}
