/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lw-library-private.h"
#include "lw-library-reload.h"

struct _LwLibrary
{
  GObject     parent_instance;

  char       *path;
  LwDb       *db;
  int         schema_version;

  /* id → live object, weak: one object per id while anyone holds it. */
  GHashTable *shows;
  GHashTable *episodes;

  GListStore *show_list;
  /* Live objects updated from a statement that is still stepping: their
   * notifications wait for lw_library_thaw_notify(), after the statement is reset. */
  GPtrArray  *frozen;
  /* (element-type EpisodeList): the models handed out by get_episodes(). */
  GList      *episode_lists;

  /* Async merges: one worker thread with its own connection, in call order. */
  GThreadPool *merge_pool;
  GAsyncQueue *merge_queue;  /* (element-type GTask) the merges waiting */
  LwDb        *worker_db;
  /* Checkpoints of the merges' WAL, on a thread and connection of their own. */
  GThreadPool *checkpoint_pool;
  LwDb        *checkpoint_db;
  /* Frees the merged feeds, so the merge thread goes on to the next one. */
  GThreadPool *free_pool;
  int          checkpoint_pending;  /* atomic */

  /* Async merges whose results reached the models: part of the change stamp. */
  guint64      merges_applied;
  /* Reading again what other processes change (lw-library-reload.c). */
  LwLibraryReload *reload;
};

typedef struct
{
  LwEpisodeList *list;  /* weak */
  LwListKind     kind;
  gint64         show_id;
} EpisodeList;

G_DEFINE_FINAL_TYPE (LwLibrary, lw_library, G_TYPE_OBJECT)

/* Live objects */

static void
show_finalized (gpointer  data,
                GObject  *where_the_object_was)
{
  LwLibrary *self = data;
  gint64 id = lw_show_get_id (LW_SHOW (where_the_object_was));

  g_hash_table_remove (self->shows, &id);
}

static void
episode_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  LwLibrary *self = data;
  gint64 id = lw_episode_get_id (LW_EPISODE (where_the_object_was));

  g_hash_table_remove (self->episodes, &id);
}

typedef gpointer (*NewForId) (gint64 id);
typedef void     (*LoadRow)  (gpointer object, const LwDbRow *row, gboolean notify);

/* (transfer full): the live object in @live for @row, updated from the row, or a
 * new one. @stepping: the row is read in place from a statement still stepping. */
static gpointer
object_from_row (LwLibrary     *self,
                 GHashTable    *live,
                 const LwDbRow *row,
                 gboolean       stepping,
                 NewForId       new_for_id,
                 LoadRow        load_row,
                 GWeakNotify    finalized)
{
  gint64 id = lw_db_row_get_int64 (row, 0);
  GObject *object = g_hash_table_lookup (live, &id);

  if (object != NULL)
    {
      /* A handler that calls back into the library must not run while a
       * statement steps: a cached statement of ours would be reset under our
       * loop, and a write would meet the read transaction the statement keeps
       * open (SQLITE_BUSY at once, or SQLITE_BUSY_SNAPSHOT once the worker has
       * committed). */
      if (stepping)
        {
          g_object_freeze_notify (object);
          g_ptr_array_add (self->frozen, g_object_ref (object));
        }
      load_row (object, row, TRUE);
      return g_object_ref (object);
    }

  object = new_for_id (id);
  load_row (object, row, FALSE);
  g_hash_table_insert (live, g_memdup2 (&id, sizeof id), object);
  g_object_weak_ref (object, finalized, self);

  return object;
}

/* Emits what object_from_row() held back. Call it once the statement is reset. */
void
lw_library_thaw_notify (LwLibrary *self)
{
  g_autoptr(GPtrArray) frozen = NULL;

  if (self->frozen->len == 0)
    return;

  /* Handlers may read the library again, which freezes into a new array. */
  frozen = g_steal_pointer (&self->frozen);
  self->frozen = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < frozen->len; i++)
    g_object_thaw_notify (g_ptr_array_index (frozen, i));
}

static LwShow *
show_from_db_row (LwLibrary     *self,
                  const LwDbRow *row,
                  gboolean       stepping)
{
  return object_from_row (self, self->shows, row, stepping,
                          (NewForId) lw_show_new_for_id, (LoadRow) lw_show_load_row,
                          show_finalized);
}

LwShow *
lw_library_show_from_stmt (LwLibrary    *self,
                           sqlite3_stmt *stmt)
{
  LwDbRow row;

  lw_db_row_init (&row, stmt);

  return show_from_db_row (self, &row, TRUE);
}

/* A row read elsewhere (a reload's worker): no statement steps, so the show
 * notifies at once. */
LwShow *
lw_library_show_from_row (LwLibrary     *self,
                          const LwDbRow *row)
{
  return show_from_db_row (self, row, FALSE);
}

LwEpisode *
lw_library_episode_from_stmt (LwLibrary    *self,
                              sqlite3_stmt *stmt)
{
  LwEpisode *episode;
  LwDbRow row;

  lw_db_row_init (&row, stmt);
  episode = object_from_row (self, self->episodes, &row, TRUE,
                             (NewForId) lw_episode_new_for_id,
                             (LoadRow) lw_episode_load_row,
                             episode_finalized);
  lw_episode_set_library (episode, self);

  return episode;
}

char *
lw_library_dup_episode_notes (LwLibrary *self,
                              gint64     episode_id)
{
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  stmt = lw_db_prepare (self->db, "SELECT notes_html FROM episode_notes WHERE episode_id = ?", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return lw_db_dup_column (stmt, 0);
}

static int
compare_shows (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  LwShow *show_a = (LwShow *) a;
  LwShow *show_b = (LwShow *) b;
  int result = lw_show_compare_title (show_a, show_b);
  gint64 id_a, id_b;

  if (result != 0)
    return result;

  /* Same title: keep a stable order. */
  id_a = lw_show_get_id (show_a);
  id_b = lw_show_get_id (show_b);

  return id_a < id_b ? -1 : id_a > id_b;
}

/* g_ptr_array_sort_with_data() hands out pointers to the elements. */
static int
compare_show_ptrs (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return compare_shows (*(LwShow * const *) a, *(LwShow * const *) b, user_data);
}

/* Changes @store into @items with one items-changed covering only what differs, so a
 * list view keeps its scroll position and selection across a refresh. */
static void
store_update (GListStore *store,
              GPtrArray  *items)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint n_new = items->len;
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), prefix);

      if (item != g_ptr_array_index (items, prefix))
        break;
      prefix++;
    }

  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), n_old - 1 - suffix);

      if (item != g_ptr_array_index (items, n_new - 1 - suffix))
        break;
      suffix++;
    }

  if (prefix + suffix == n_old && n_old == n_new)
    return;

  g_list_store_splice (store, prefix, n_old - prefix - suffix,
                       items->pdata + prefix, n_new - prefix - suffix);
}

/* The show list becomes @shows (every show stored), sorted; the views hear only
 * what moved. */
void
lw_library_set_shows (LwLibrary *self,
                      GPtrArray *shows)
{
  g_ptr_array_sort_with_data (shows, compare_show_ptrs, NULL);
  store_update (self->show_list, shows);
}

/* Re-reads one show (counts included) into its live object and keeps the sorted
 * list sorted. Returns whether the show is stored; FALSE with @error set when it
 * could not be read. */
static gboolean
reload_show_full (LwLibrary  *self,
                  gint64      show_id,
                  GError    **error)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autoptr(LwShow) show = NULL;
  guint position;
  guint n;
  int rc;

  stmt = lw_db_prepare (self->db, "SELECT " LW_SHOW_COLUMNS " FROM shows s WHERE s.id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      lw_library_set_sqlite_error (error, self->db->handle, rc, _("Could not read the subscription"));
      return FALSE;
    }

  show = lw_library_show_from_stmt (self, stmt);
  /* No read transaction open while the show and the list tell their views. */
  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_thaw_notify (self);

  if (!g_list_store_find (self->show_list, show, &position))
    {
      g_list_store_insert_sorted (self->show_list, show, compare_shows, NULL);
      return TRUE;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->show_list));

  /* A rename: move it only when it is out of place. */
  for (int neighbour = (int) position - 1; neighbour <= (int) position + 1; neighbour += 2)
    {
      g_autoptr(LwShow) other = NULL;
      int order;

      if (neighbour < 0 || neighbour >= (int) n)
        continue;

      other = g_list_model_get_item (G_LIST_MODEL (self->show_list), neighbour);
      order = compare_shows (other, show, NULL);

      if ((neighbour < (int) position && order > 0) || (neighbour > (int) position && order < 0))
        {
          g_list_store_remove (self->show_list, position);
          g_list_store_insert_sorted (self->show_list, show, compare_shows, NULL);
          return TRUE;
        }
    }

  return TRUE;
}

void
lw_library_reload_show (LwLibrary *self,
                        gint64     show_id)
{
  g_autoptr(GError) error = NULL;

  if (!reload_show_full (self, show_id, &error) && error != NULL)
    g_debug ("%s", error->message);
}

/* Re-reads one episode into its live object, if it has one. */
void
lw_library_reload_episode (LwLibrary *self,
                           gint64     episode_id)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autoptr(LwEpisode) episode = NULL;

  if (!g_hash_table_contains (self->episodes, &episode_id))
    return;

  stmt = lw_db_prepare (self->db, "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM "WHERE e.id = ?", NULL);
  if (stmt == NULL)
    return;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    episode = lw_library_episode_from_stmt (self, stmt);

  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_thaw_notify (self);
}

GPtrArray *
lw_library_load_episodes (LwLibrary    *self,
                          const gint64 *ids,
                          guint         n_ids)
{
  GPtrArray *episodes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  g_assert (n_ids <= LW_LIBRARY_PAGE_SIZE);

  stmt = lw_db_prepare (self->db, lw_episode_list_get_page_sql (), NULL);
  if (stmt == NULL)
    return episodes;

  /* The rest stay NULL, which matches nothing. */
  for (guint i = 0; i < n_ids; i++)
    sqlite3_bind_int64 (stmt, i + 1, ids[i]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (episodes, lw_library_episode_from_stmt (self, stmt));

  if (rc != SQLITE_DONE)
    g_warning ("Could not read episodes: %s", sqlite3_errmsg (self->db->handle));

  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_thaw_notify (self);

  return episodes;
}

LwEpisode *
lw_library_peek_episode (LwLibrary *self,
                         gint64     episode_id)
{
  LwEpisode *episode = g_hash_table_lookup (self->episodes, &episode_id);

  return episode != NULL ? g_object_ref (episode) : NULL;
}

/* Re-reads the live episodes (of @show_id, or all when 0) a page at a time, so
 * whoever holds them hears about the change. */
static void
refresh_live_episodes (LwLibrary *self,
                       gint64     show_id)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->episodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (show_id <= 0 || lw_episode_get_show_id (value) == show_id)
        {
          gint64 id = lw_episode_get_id (value);

          g_array_append_val (ids, id);
        }
    }

  for (guint i = 0; i < ids->len; i += LW_LIBRARY_PAGE_SIZE)
    {
      g_autoptr(GPtrArray) page = NULL;

      page = lw_library_load_episodes (self, &g_array_index (ids, gint64, i),
                                       MIN (LW_LIBRARY_PAGE_SIZE, ids->len - i));
    }
}

/* Re-reads the lists of the kinds in @kinds (LW_LIST_SHOW only for @show_id, or for
 * every show when @show_id is 0), each query once. */
void
lw_library_reload_lists (LwLibrary  *self,
                         LwListKind  kinds,
                         gint64      show_id)
{
  g_autoptr(GHashTable) loaded = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                        g_free, (GDestroyNotify) g_array_unref);

  for (const GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      const EpisodeList *list = l->data;
      gint64 key;
      GArray *ids;

      if ((list->kind & kinds) == 0 ||
          (list->kind == LW_LIST_SHOW && show_id > 0 && list->show_id != show_id))
        continue;

      /* One key per query: the kind, or the show id for a show's list. */
      key = list->kind == LW_LIST_SHOW ? list->show_id : -(gint64) list->kind;
      ids = g_hash_table_lookup (loaded, &key);
      if (ids == NULL)
        {
          g_autoptr(GError) error = NULL;

          ids = lw_db_load_list_ids (self->db, list->kind, list->show_id, &error);
          if (ids == NULL)
            {
              g_warning ("%s", error->message);
              continue;
            }
          g_hash_table_insert (loaded, g_memdup2 (&key, sizeof key), ids);
        }

      lw_episode_list_set_ids (list->list, g_array_ref (ids));
    }
}

/* (transfer full): one key for each query the lists handed out need. */
GArray *
lw_library_dup_list_keys (LwLibrary *self)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (LwListKey));

  for (const GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      const EpisodeList *list = l->data;
      LwListKey key = { list->kind, list->kind == LW_LIST_SHOW ? list->show_id : 0 };
      gboolean known = FALSE;

      for (guint i = 0; i < keys->len && !known; i++)
        {
          const LwListKey *other = &g_array_index (keys, LwListKey, i);

          known = other->kind == key.kind && other->show_id == key.show_id;
        }

      if (!known)
        g_array_append_val (keys, key);
    }

  return keys;
}

/* Every list of @key gets @ids (shared, not taken). */
void
lw_library_set_list_ids (LwLibrary       *self,
                         const LwListKey *key,
                         GArray          *ids)
{
  for (const GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      const EpisodeList *list = l->data;

      if (list->kind == key->kind && (list->kind != LW_LIST_SHOW || list->show_id == key->show_id))
        lw_episode_list_set_ids (list->list, g_array_ref (ids));
    }
}

/* The ids of the live episodes: those whose notes someone read in @with_notes,
 * the others in @without. */
void
lw_library_collect_live_episodes (LwLibrary *self,
                                  GArray    *without,
                                  GArray    *with_notes)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->episodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gint64 id = lw_episode_get_id (value);

      g_array_append_val (lw_episode_has_notes (value) ? with_notes : without, id);
    }
}

/* Changes by this process since the last call show in the result: every row
 * the main connection wrote, and every async merge that reached the models. A
 * reload that began before a change must not undo it. */
guint64
lw_library_get_change_stamp (LwLibrary *self)
{
  return (guint64) sqlite3_total_changes64 (self->db->handle) + self->merges_applied;
}

/* After a merge of @show_id: its live episodes, its list, and the lists across
 * shows that new or removed episodes change. In-progress and queued episodes are
 * never removed by a merge. */
static void
reload_episodes_of (LwLibrary *self,
                    gint64     show_id)
{
  refresh_live_episodes (self, show_id);
  lw_library_reload_lists (self, LW_LIST_SHOW | LW_LIST_ALL | LW_LIST_NEW, show_id);
}

static void
episode_list_finalized (gpointer  data,
                        GObject  *where_the_object_was)
{
  LwLibrary *self = data;

  for (GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      EpisodeList *list = l->data;

      if ((GObject *) list->list == where_the_object_was)
        {
          self->episode_lists = g_list_delete_link (self->episode_lists, l);
          g_free (list);
          return;
        }
    }
}

static GListModel *
new_list (LwLibrary  *self,
          LwListKind  kind,
          gint64      show_id)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;
  EpisodeList *list;

  ids = lw_db_load_list_ids (self->db, kind, show_id, &error);
  if (ids == NULL)
    {
      g_warning ("%s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  list = g_new0 (EpisodeList, 1);
  list->list = lw_episode_list_new (self, ids);
  list->kind = kind;
  list->show_id = show_id;
  self->episode_lists = g_list_prepend (self->episode_lists, list);
  g_object_weak_ref (G_OBJECT (list->list), episode_list_finalized, self);

  return G_LIST_MODEL (list->list);
}

/* GObject */

static void
lw_library_dispose (GObject *object)
{
  LwLibrary *self = (LwLibrary *) object;
  GHashTableIter iter;
  gpointer value;

  /* Objects may outlive us: they must not call back into a dead library. */
  g_hash_table_iter_init (&iter, self->shows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, show_finalized, self);
  g_hash_table_remove_all (self->shows);

  g_hash_table_iter_init (&iter, self->episodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      lw_episode_set_library (value, NULL);
      g_object_weak_unref (value, episode_finalized, self);
    }
  g_hash_table_remove_all (self->episodes);

  /* Lists may outlive us too: they empty. */
  for (GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      EpisodeList *list = l->data;

      g_object_weak_unref (G_OBJECT (list->list), episode_list_finalized, self);
      lw_episode_list_detach (list->list);
      g_free (list);
    }
  g_clear_pointer (&self->episode_lists, g_list_free);

  g_clear_object (&self->show_list);
  /* A read in flight finishes without us. */
  g_clear_pointer (&self->reload, lw_library_reload_detach);

  G_OBJECT_CLASS (lw_library_parent_class)->dispose (object);
}

static void
lw_library_finalize (GObject *object)
{
  LwLibrary *self = (LwLibrary *) object;

  g_clear_pointer (&self->shows, g_hash_table_unref);
  g_clear_pointer (&self->episodes, g_hash_table_unref);
  g_clear_pointer (&self->frozen, g_ptr_array_unref);

  /* Pending merges hold a reference: the pool is idle by now. */
  if (self->merge_pool != NULL)
    g_thread_pool_free (self->merge_pool, FALSE, TRUE);
  /* After the merges: they may ask for one more checkpoint. */
  if (self->checkpoint_pool != NULL)
    g_thread_pool_free (self->checkpoint_pool, FALSE, TRUE);
  if (self->free_pool != NULL)
    g_thread_pool_free (self->free_pool, FALSE, TRUE);
  g_clear_pointer (&self->merge_queue, g_async_queue_unref);
  g_clear_pointer (&self->checkpoint_db, lw_db_close);
  g_clear_pointer (&self->worker_db, lw_db_close);
  g_clear_pointer (&self->db, lw_db_close);

  g_free (self->path);

  G_OBJECT_CLASS (lw_library_parent_class)->finalize (object);
}

static void
lw_library_class_init (LwLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_library_dispose;
  object_class->finalize = lw_library_finalize;
}

static void
lw_library_init (LwLibrary *self)
{
  self->shows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->episodes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->show_list = g_list_store_new (LW_TYPE_SHOW);
  self->frozen = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * lw_library_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/longwave/library.db`
 */
char *
lw_library_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "longwave", "library.db", NULL);
}

static gboolean
load_shows (LwLibrary  *self,
            GError    **error)
{
  g_autoptr(GPtrArray) shows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  stmt = lw_db_prepare (self->db, "SELECT " LW_SHOW_COLUMNS " FROM shows s", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (shows, lw_library_show_from_stmt (self, stmt));

  if (rc != SQLITE_DONE)
    lw_library_set_sqlite_error (error, self->db->handle, rc, _("Could not read the subscriptions"));

  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_thaw_notify (self);

  if (rc != SQLITE_DONE)
    return FALSE;

  g_ptr_array_sort_with_data (shows, compare_show_ptrs, NULL);
  g_list_store_splice (self->show_list, 0, 0, shows->pdata, shows->len);

  return TRUE;
}

/**
 * lw_library_new:
 * @path: (nullable): the database file, %NULL for lw_library_dup_default_path()
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the library, or %NULL with @error set
 */
LwLibrary *
lw_library_new (const char  *path,
                GError     **error)
{
  g_autoptr(LwLibrary) self = NULL;
  g_autofree char *default_path = NULL;
  LwDb *db;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    path = default_path = lw_library_dup_default_path ();

  db = lw_db_open (path, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (LW_TYPE_LIBRARY, NULL);
  self->db = db;
  self->path = g_strdup (path);
  self->schema_version = LW_LIBRARY_SCHEMA_VERSION;

  if (!load_shows (self, error))
    return NULL;

  self->reload = lw_library_reload_new (self);

  return g_steal_pointer (&self);
}

const char *
lw_library_get_path (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return self->path;
}

int
lw_library_get_schema_version (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), 0);

  return self->schema_version;
}

void
lw_library_remove_from_show_list (LwLibrary *self,
                                  gint64     show_id)
{
  g_autoptr(LwShow) show = lw_library_lookup_show (self, show_id);
  guint position;

  if (show != NULL && g_list_store_find (self->show_list, show, &position))
    g_list_store_remove (self->show_list, position);
}

sqlite3 *
lw_library_get_db (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return self->db->handle;
}

LwDb *
lw_library_get_main_db (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return self->db;
}

LwLibraryReload *
lw_library_get_reload (LwLibrary *self)
{
  return self->reload;
}

/**
 * lw_library_get_shows:
 * @self: a library
 *
 * Returns: (transfer none): a #GListModel of #LwShow sorted by title
 */
GListModel *
lw_library_get_shows (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return G_LIST_MODEL (self->show_list);
}

/**
 * lw_library_get_episodes:
 * @self: a library
 * @show_id: a show, or 0 for every show
 *
 * Returns: (transfer full): a #GListModel of #LwEpisode, newest first, that
 *   follows merges of the show
 */
GListModel *
lw_library_get_episodes (LwLibrary *self,
                         gint64     show_id)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  if (show_id > 0)
    return new_list (self, LW_LIST_SHOW, show_id);

  return new_list (self, LW_LIST_ALL, 0);
}

/**
 * lw_library_get_new_episodes:
 * @self: a library
 *
 * Returns: (transfer full): a #GListModel of unplayed #LwEpisode published in the
 *   last two weeks across shows, newest first
 */
GListModel *
lw_library_get_new_episodes (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return new_list (self, LW_LIST_NEW, 0);
}

/**
 * lw_library_get_in_progress:
 * @self: a library
 *
 * Returns: (transfer full): a #GListModel of started, unfinished #LwEpisode,
 *   last played first
 */
GListModel *
lw_library_get_in_progress (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return new_list (self, LW_LIST_IN_PROGRESS, 0);
}

/**
 * lw_library_get_queue:
 * @self: a library
 *
 * Returns: (transfer full): a #GListModel of the queued #LwEpisode, in order
 */
GListModel *
lw_library_get_queue (LwLibrary *self)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return new_list (self, LW_LIST_QUEUE, 0);
}

LwShow *
lw_library_lookup_show (LwLibrary *self,
                        gint64     show_id)
{
  LwShow *show;

  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  /* Every show we know is live: the show list holds them all. One that another
   * process (longwave-cli) added joins the list now. */
  show = g_hash_table_lookup (self->shows, &show_id);
  if (show == NULL)
    {
      lw_library_reload_show (self, show_id);
      show = g_hash_table_lookup (self->shows, &show_id);
    }

  return show != NULL ? g_object_ref (show) : NULL;
}

LwShow *
lw_library_lookup_show_by_url (LwLibrary  *self,
                               const char *feed_url)
{
  g_autoptr(LwStmt) stmt = NULL;
  gint64 show_id;

  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (feed_url != NULL, NULL);

  stmt = lw_db_prepare (self->db, "SELECT id FROM shows WHERE feed_url = ?", NULL);
  if (stmt == NULL)
    return NULL;

  lw_db_bind_text (stmt, 1, feed_url);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  show_id = sqlite3_column_int64 (stmt, 0);

  return lw_library_lookup_show (self, show_id);
}

LwEpisode *
lw_library_lookup_episode (LwLibrary *self,
                           gint64     episode_id)
{
  g_autoptr(LwStmt) stmt = NULL;
  LwEpisode *episode;

  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  episode = g_hash_table_lookup (self->episodes, &episode_id);
  if (episode != NULL)
    return g_object_ref (episode);

  stmt = lw_db_prepare (self->db, "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM "WHERE e.id = ?", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  episode = lw_library_episode_from_stmt (self, stmt);
  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_thaw_notify (self);

  return episode;
}

/**
 * lw_library_merge_feed:
 * @self: a library
 * @feed_url: the URL the feed was fetched from (the subscription's key)
 * @feed: a parsed feed
 * @cache: (nullable): HTTP validators to store, %NULL to keep the stored ones
 * @error: return location for a #GError
 *
 * Returns: the show's id, or 0 with @error set (and nothing changed)
 */
gint64
lw_library_merge_feed (LwLibrary          *self,
                       const char         *feed_url,
                       const LwFeed       *feed,
                       const LwHttpCache  *cache,
                       GError            **error)
{
  gint64 show_id;

  g_return_val_if_fail (LW_IS_LIBRARY (self), 0);
  g_return_val_if_fail (feed_url != NULL, 0);
  g_return_val_if_fail (feed != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  show_id = lw_db_merge_feed (self->db, feed_url, feed, cache, 0, error);
  if (show_id == 0)
    return 0;

  lw_library_reload_show (self, show_id);
  reload_episodes_of (self, show_id);

  return show_id;
}

/* Async merge */

typedef struct
{
  char     *feed_url;
  LwFeed   *feed;
  gboolean  has_cache;
  char     *etag;
  char     *last_modified;
  char     *body_hash;
  gint64    expected_id;  /* a refresh: only this show */
  gint64    show_id;      /* the result, or 0 and @error */
  GError   *error;
} MergeData;

static void
merge_data_free (MergeData *data)
{
  g_free (data->feed_url);
  g_clear_pointer (&data->feed, lw_feed_free);
  g_free (data->etag);
  g_free (data->last_modified);
  g_free (data->body_hash);
  g_clear_error (&data->error);
  g_free (data);
}

/* Back on the caller's main context, with the worker's reference to @data. */
static gboolean
merge_done (gpointer data)
{
  g_autoptr(GTask) task = data;
  LwLibrary *self = g_task_get_source_object (task);
  MergeData *merge = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (merge->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&merge->error));
      return G_SOURCE_REMOVE;
    }

  /* A reload that read before this commit must not put the show back as it was. */
  self->merges_applied++;

  /* The worker committed, but the show may have been removed here since (the
   * caller unsubscribed while the merge ran): the caller must not get an id that
   * no list and no lookup knows. Its lists were updated by the removal. */
  if (!reload_show_full (self, merge->show_id, &error))
    {
      if (error == NULL)
        lw_library_set_not_found (&error, LW_NOT_FOUND_SHOW, merge->show_id);
      g_task_return_error (task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  reload_episodes_of (self, merge->show_id);

  g_task_return_int (task, merge->show_id);

  return G_SOURCE_REMOVE;
}

/* The WAL size (pages) past which a commit of the merge thread asks for a
 * checkpoint: 16 MB with the 16 KiB pages of lw_db_open(). */
#define CHECKPOINT_PAGES 1000
/* And past this size the merge thread finishes the checkpoint itself (64 MB). */
#define WAL_CAP_PAGES (4 * CHECKPOINT_PAGES)

/* On the checkpoint thread. PASSIVE: copies what it can without waiting for, or
 * blocking, the writer or any reader; the next checkpoint does the rest. */
static void
checkpoint_in_pool (gpointer data,
                    gpointer user_data)
{
  LwLibrary *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->checkpoint_db == NULL)
    self->checkpoint_db = lw_db_open (self->path, &error);

  if (self->checkpoint_db != NULL)
    {
      int rc = sqlite3_wal_checkpoint_v2 (self->checkpoint_db->handle, NULL,
                                          SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_debug ("Checkpoint of %s: %s", self->path, sqlite3_errmsg (self->checkpoint_db->handle));
    }
  else
    g_debug ("No checkpoint of %s: %s", self->path, error->message);

  g_atomic_int_set (&self->checkpoint_pending, 0);
}

/* On the merge thread, after each of its commits, instead of SQLite's automatic
 * checkpoint: that would copy the WAL into the database (and sync it) right
 * there, between two merges, while the other core sits idle. */
static int
on_worker_wal_commit (void       *user_data,
                      sqlite3    *db,
                      const char *name,
                      int         n_pages)
{
  LwLibrary *self = user_data;

  /* The checkpoint thread alone never lets the WAL start over while merges
   * follow one another: it cannot copy the frames committed while it runs, and
   * SQLite rewinds the WAL only when every frame was copied. A refresh of 1,000
   * feeds grew it to 1 GB (issue 4), and every page read had to search it. So
   * past a cap, this thread copies what is left itself, between two of its
   * transactions: little, as the checkpoint thread did most of it, and the
   * next transaction then writes from the start of the WAL again. */
  if (n_pages >= WAL_CAP_PAGES)
    {
      int rc = sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_debug ("Checkpoint of %s: %s", self->path, sqlite3_errmsg (db));
    }
  else if (n_pages >= CHECKPOINT_PAGES &&
           g_atomic_int_compare_and_exchange (&self->checkpoint_pending, 0, 1))
    g_thread_pool_push (self->checkpoint_pool, GINT_TO_POINTER (1), NULL);

  return SQLITE_OK;
}

/* At most this many feeds share one transaction: the other process (the app or
 * longwave-cli) waits for the write lock no longer than that many merges take. */
#define MERGE_BATCH_MAX 16

static void
free_feed_in_pool (gpointer data,
                   gpointer user_data)
{
  lw_feed_free (data);
}

static void
merge_hand_back (LwLibrary *self,
                 GTask     *task)
{
  MergeData *merge = g_task_get_task_data (task);
  GSource *source;

  /* The parsed feed can be big: freed on a thread of its own, not on the main
   * thread, nor here while the next merge waits. */
  if (merge->feed != NULL)
    g_thread_pool_push (self->free_pool, g_steal_pointer (&merge->feed), NULL);

  /* A source on the caller's context, never g_main_context_invoke(): that runs
   * merge_done() right here, on this thread, whenever it can acquire the context,
   * which is whenever the caller is not inside an iteration at this moment (busy
   * in lw_library_remove_show(), say). merge_done() would then use the main
   * thread's connection (opened NOMUTEX) and change the lists and live objects
   * while the main thread uses them too: "database disk image is malformed",
   * lost updates, signals on the wrong thread. Sources of one priority are
   * dispatched in the order they were attached, so results keep call order. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, merge_done, task, NULL);
  g_source_set_static_name (source, "[longwave] merge done");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* On the worker thread: one merge of the batch, in the open transaction when
 * @db is in one, else in a transaction of its own. */
static void
merge_one (LwDb  *db,
           GTask *task)
{
  MergeData *merge = g_task_get_task_data (task);
  LwHttpCache cache;

  cache.etag = merge->etag;
  cache.last_modified = merge->last_modified;
  cache.body_hash = merge->body_hash;

  if (sqlite3_get_autocommit (db->handle))
    merge->show_id = lw_db_merge_feed (db, merge->feed_url, merge->feed,
                                       merge->has_cache ? &cache : NULL,
                                       merge->expected_id, &merge->error);
  else
    merge->show_id = lw_db_merge_feed_in_transaction (db, merge->feed_url, merge->feed,
                                                      merge->has_cache ? &cache : NULL,
                                                      merge->expected_id, &merge->error);
}

/* On the worker thread: every merge waiting in the queue (up to MERGE_BATCH_MAX)
 * in one transaction. During an import or a refresh of everything the parsers
 * stay ahead of the writer, so most commits carry several feeds; a lone merge
 * still commits at once. When one feed fails, the whole transaction is rolled
 * back and the others are merged again, each in a transaction of its own: a
 * feed that fails changes nothing, and does not take the others with it. The
 * tasks (and through them the library) are handed back to the main context
 * rather than released here: the last reference to the library must not drop
 * on this thread, whose pool its finalize waits for. */
static void
merge_in_pool (gpointer data,
               gpointer user_data)
{
  LwLibrary *self = user_data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean failed = FALSE;
  GTask *task;

  while (batch->len < MERGE_BATCH_MAX && (task = g_async_queue_try_pop (self->merge_queue)) != NULL)
    g_ptr_array_add (batch, task);

  /* The merges of this token went with an earlier batch. */
  if (batch->len == 0)
    return;

  /* Only this thread touches worker_db. */
  if (self->worker_db == NULL)
    {
      self->worker_db = lw_db_open (self->path, &error);
      if (self->worker_db != NULL)
        sqlite3_wal_hook (self->worker_db->handle, on_worker_wal_commit, self);
    }

  /* A lone merge needs no shared transaction. */
  if (self->worker_db != NULL && batch->len > 1)
    lw_db_begin (self->worker_db, _("Could not save the subscriptions"), &error);

  for (guint i = 0; i < batch->len && error == NULL && !failed; i++)
    {
      MergeData *merge;

      task = g_ptr_array_index (batch, i);
      merge = g_task_get_task_data (task);

      if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &merge->error))
        continue;

      merge_one (self->worker_db, task);
      failed = merge->error != NULL;
    }

  if (error == NULL && !failed && !sqlite3_get_autocommit (self->worker_db->handle))
    {
      if (!lw_db_commit (self->worker_db, _("Could not save the subscriptions"), &error))
        lw_db_rollback (self->worker_db);
    }
  else if (failed)
    {
      /* Undo the batch, then each feed alone; the one that failed keeps its
       * error and is not tried again. */
      lw_db_rollback (self->worker_db);

      for (guint i = 0; i < batch->len; i++)
        {
          MergeData *merge;

          task = g_ptr_array_index (batch, i);
          merge = g_task_get_task_data (task);
          if (merge->error != NULL)
            continue;

          merge->show_id = 0;
          if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &merge->error))
            merge_one (self->worker_db, task);
        }
    }

  for (guint i = 0; i < batch->len; i++)
    {
      MergeData *merge;

      task = g_ptr_array_index (batch, i);
      merge = g_task_get_task_data (task);

      /* Nothing of the batch was stored. */
      if (error != NULL && merge->error == NULL)
        {
          merge->error = g_error_copy (error);
          merge->show_id = 0;
        }

      merge_hand_back (self, task);
    }
}

static void
merge_async (LwLibrary           *self,
             gint64               expected_id,
             const char          *feed_url,
             LwFeed              *feed,
             const LwHttpCache   *cache,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  MergeData *merge;

  merge = g_new0 (MergeData, 1);
  merge->feed_url = g_strdup (feed_url);
  merge->feed = feed;
  merge->has_cache = cache != NULL;
  merge->etag = g_strdup (cache != NULL ? cache->etag : NULL);
  merge->last_modified = g_strdup (cache != NULL ? cache->last_modified : NULL);
  merge->body_hash = g_strdup (cache != NULL ? cache->body_hash : NULL);
  merge->expected_id = expected_id;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_library_merge_feed_async);
  g_task_set_task_data (task, merge, (GDestroyNotify) merge_data_free);

  /* One thread: merges never wait for each other's write lock, and run in order.
   * The queue holds the merges, the pool one token per merge; a token finds the
   * queue empty when its merge went with an earlier batch. */
  if (self->merge_pool == NULL)
    {
      self->merge_queue = g_async_queue_new ();
      self->merge_pool = g_thread_pool_new (merge_in_pool, self, 1, FALSE, NULL);
      self->checkpoint_pool = g_thread_pool_new (checkpoint_in_pool, self, 1, FALSE, NULL);
      self->free_pool = g_thread_pool_new (free_feed_in_pool, NULL, 1, FALSE, NULL);
    }

  /* The queue owns this reference until merge_done(). */
  g_async_queue_push (self->merge_queue, task);
  g_thread_pool_push (self->merge_pool, GINT_TO_POINTER (1), NULL);
}

/**
 * lw_library_merge_feed_async:
 * @self: a library
 * @feed_url: the URL the feed was fetched from
 * @feed: (transfer full): a parsed feed
 * @cache: (nullable): HTTP validators to store, %NULL to keep the stored ones
 * @cancellable: (nullable): cancels a merge that has not started yet
 * @callback: called when the merge is done and the lists updated
 * @user_data: for @callback
 *
 * Like lw_library_merge_feed() with the SQL on a worker thread.
 */
void
lw_library_merge_feed_async (LwLibrary           *self,
                             const char          *feed_url,
                             LwFeed              *feed,
                             const LwHttpCache   *cache,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (LW_IS_LIBRARY (self));
  g_return_if_fail (feed_url != NULL);
  g_return_if_fail (feed != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  merge_async (self, 0, feed_url, feed, cache, cancellable, callback, user_data);
}

/**
 * lw_library_refresh_show_async:
 * @self: a library
 * @show_id: the show being refreshed
 * @feed_url: its feed URL
 * @feed: (transfer full): a parsed feed
 * @cache: (nullable): HTTP validators to store, %NULL to keep the stored ones
 * @cancellable: (nullable): cancels a merge that has not started yet
 * @callback: called when the merge is done and the lists updated
 * @user_data: for @callback
 *
 * Like lw_library_merge_feed_async(), but only for @show_id with @feed_url: when
 * the show was removed (or moved) meanwhile, it fails with
 * %LW_LIBRARY_ERROR_NOT_FOUND and subscribes nothing. Finish it with
 * lw_library_merge_feed_finish().
 */
void
lw_library_refresh_show_async (LwLibrary           *self,
                               gint64               show_id,
                               const char          *feed_url,
                               LwFeed              *feed,
                               const LwHttpCache   *cache,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (LW_IS_LIBRARY (self));
  g_return_if_fail (show_id > 0);
  g_return_if_fail (feed_url != NULL);
  g_return_if_fail (feed != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  merge_async (self, show_id, feed_url, feed, cache, cancellable, callback, user_data);
}

gint64
lw_library_merge_feed_finish (LwLibrary     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gint64 show_id;

  g_return_val_if_fail (LW_IS_LIBRARY (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_library_merge_feed_async, 0);

  show_id = g_task_propagate_int (G_TASK (result), error);

  /* 0, like lw_library_merge_feed(), rather than GTask's -1. */
  return show_id > 0 ? show_id : 0;
}
