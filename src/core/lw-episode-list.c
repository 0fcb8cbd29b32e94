/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <glib/gi18n.h>

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

/* The SQL of the lists, for the library's connection and a reload's. */

/* What "new" means: published in the last two weeks; the list stops at 500. */
#define NEW_EPISODE_DAYS 14
#define NEW_EPISODE_LIMIT 500

GArray *
lw_db_load_list_ids (LwDb        *db,
                     LwListKind   kind,
                     gint64       show_id,
                     GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(LwStmt) stmt = NULL;
  const char *sql = NULL;
  int rc;

  switch (kind)
    {
    case LW_LIST_SHOW:
      /* The index episodes_show_published covers it: no row is read. */
      sql = "SELECT e.id FROM episodes e WHERE e.show_id = ?1 ORDER BY e.published DESC, e.id DESC";
      break;

    case LW_LIST_ALL:
      sql = "SELECT e.id FROM episodes e ORDER BY e.published DESC, e.id DESC";
      break;

    case LW_LIST_NEW:
      sql = "SELECT e.id" LW_EPISODE_FROM
            "WHERE e.published >= ?2 AND st.played = 0"
            " ORDER BY e.published DESC, e.id DESC LIMIT ?3";
      break;

    case LW_LIST_IN_PROGRESS:
      /* The condition of the partial index episode_state_in_progress. */
      sql = "SELECT st.episode_id FROM episode_state st"
            " WHERE st.position_ms > 0 AND st.played = 0"
            " ORDER BY st.last_played DESC, st.episode_id DESC";
      break;

    case LW_LIST_QUEUE:
      sql = "SELECT q.episode_id FROM queue q ORDER BY q.position";
      break;

    default:
      g_assert_not_reached ();
    }

  stmt = lw_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  /* Unused parameters are simply not in the statement. */
  if (kind == LW_LIST_SHOW)
    sqlite3_bind_int64 (stmt, 1, show_id);
  if (kind == LW_LIST_NEW)
    {
      sqlite3_bind_int64 (stmt, 2, lw_now_unix () - NEW_EPISODE_DAYS * 24 * 60 * 60);
      sqlite3_bind_int (stmt, 3, NEW_EPISODE_LIMIT);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the episodes"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* "… WHERE e.id IN (?1, …, ?64)": built once, cached as a statement like the rest. */
const char *
lw_episode_list_get_page_sql (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    {
      GString *text = g_string_new ("SELECT " LW_EPISODE_LIST_COLUMNS LW_EPISODE_FROM "WHERE e.id IN (");

      for (guint i = 1; i <= LW_LIBRARY_PAGE_SIZE; i++)
        g_string_append_printf (text, i > 1 ? ", ?%u" : "?%u", i);
      g_string_append_c (text, ')');

      g_once_init_leave (&sql, g_string_free (text, FALSE));
    }

  return sql;
}
