/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lw-library-private.h"

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
  /* (element-type EpisodeList): the models handed out by get_episodes(). */
  GList      *episode_lists;
};

typedef struct
{
  GListStore *store;  /* weak */
  gint64      show_id;
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
typedef void     (*LoadRow)  (gpointer object, sqlite3_stmt *stmt, gboolean notify);

/* (transfer full): the live object in @live for the row under @stmt, updated from
 * the row, or a new one. */
static gpointer
object_from_row (LwLibrary    *self,
                 GHashTable   *live,
                 sqlite3_stmt *stmt,
                 NewForId      new_for_id,
                 LoadRow       load_row,
                 GWeakNotify   finalized)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  GObject *object = g_hash_table_lookup (live, &id);

  if (object != NULL)
    {
      load_row (object, stmt, TRUE);
      return g_object_ref (object);
    }

  object = new_for_id (id);
  load_row (object, stmt, FALSE);
  g_hash_table_insert (live, g_memdup2 (&id, sizeof id), object);
  g_object_weak_ref (object, finalized, self);

  return object;
}

static LwShow *
show_from_row (LwLibrary    *self,
               sqlite3_stmt *stmt)
{
  return object_from_row (self, self->shows, stmt,
                          (NewForId) lw_show_new_for_id, (LoadRow) lw_show_load_row,
                          show_finalized);
}

static LwEpisode *
episode_from_row (LwLibrary    *self,
                  sqlite3_stmt *stmt)
{
  return object_from_row (self, self->episodes, stmt,
                          (NewForId) lw_episode_new_for_id, (LoadRow) lw_episode_load_row,
                          episode_finalized);
}

static int
compare_shows (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  LwShow *show_a = (LwShow *) a;
  LwShow *show_b = (LwShow *) b;
  g_autofree char *key_a = g_utf8_casefold (lw_show_get_title (show_a), -1);
  g_autofree char *key_b = g_utf8_casefold (lw_show_get_title (show_b), -1);
  int result = g_utf8_collate (key_a, key_b);
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

/* Re-reads one show (counts included) into its live object and keeps the sorted
 * list sorted. */
static void
reload_show (LwLibrary *self,
             gint64     show_id)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autoptr(LwShow) show = NULL;
  guint position;
  guint n;

  stmt = lw_db_prepare (self->db, "SELECT " LW_SHOW_COLUMNS " FROM shows s WHERE s.id = ?", NULL);
  if (stmt == NULL)
    return;

  sqlite3_bind_int64 (stmt, 1, show_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;

  show = show_from_row (self, stmt);

  if (!g_list_store_find (self->show_list, show, &position))
    {
      g_list_store_insert_sorted (self->show_list, show, compare_shows, NULL);
      return;
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
          return;
        }
    }
}

/* Re-reads one episode into its live object, if it has one. */
static void
reload_episode (LwLibrary *self,
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
    episode = episode_from_row (self, stmt);
}

/* (transfer full) (element-type LwEpisode): newest first. */
static GPtrArray *
load_episodes (LwLibrary  *self,
               gint64      show_id,
               GError    **error)
{
  g_autoptr(GPtrArray) episodes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  if (show_id > 0)
    {
      stmt = lw_db_prepare (self->db,
                      "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM
                      "WHERE e.show_id = ? ORDER BY e.published DESC, e.id DESC",
                      error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, show_id);
    }
  else
    {
      stmt = lw_db_prepare (self->db,
                      "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM
                      "ORDER BY e.published DESC, e.id DESC",
                      error);
      if (stmt == NULL)
        return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (episodes, episode_from_row (self, stmt));

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, self->db->handle, rc, _("Could not read the episodes"));
      return NULL;
    }

  return g_steal_pointer (&episodes);
}

static gboolean
has_live_episode_of (LwLibrary *self,
                     gint64     show_id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->episodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (lw_episode_get_show_id (value) == show_id)
        return TRUE;
    }

  return FALSE;
}

/* After the episodes of @show_id changed: update the live objects and the lists. */
static void
reload_episodes_of (LwLibrary *self,
                    gint64     show_id)
{
  g_autoptr(GPtrArray) of_show = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gboolean show_listed = FALSE;

  for (const GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      const EpisodeList *list = l->data;

      if (list->show_id == show_id)
        show_listed = TRUE;
    }

  if (show_listed || has_live_episode_of (self, show_id))
    of_show = load_episodes (self, show_id, NULL);

  for (const GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      const EpisodeList *list = l->data;

      if (list->show_id == show_id && of_show != NULL)
        {
          store_update (list->store, of_show);
        }
      else if (list->show_id <= 0)
        {
          if (all == NULL)
            all = load_episodes (self, 0, NULL);
          if (all != NULL)
            store_update (list->store, all);
        }
    }
}

static void
episode_list_finalized (gpointer  data,
                        GObject  *where_the_object_was)
{
  LwLibrary *self = data;

  for (GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      EpisodeList *list = l->data;

      if ((GObject *) list->store == where_the_object_was)
        {
          self->episode_lists = g_list_delete_link (self->episode_lists, l);
          g_free (list);
          return;
        }
    }
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
    g_object_weak_unref (value, episode_finalized, self);
  g_hash_table_remove_all (self->episodes);

  for (GList *l = self->episode_lists; l != NULL; l = l->next)
    {
      EpisodeList *list = l->data;

      g_object_weak_unref (G_OBJECT (list->store), episode_list_finalized, self);
      g_free (list);
    }
  g_clear_pointer (&self->episode_lists, g_list_free);

  g_clear_object (&self->show_list);

  G_OBJECT_CLASS (lw_library_parent_class)->dispose (object);
}

static void
lw_library_finalize (GObject *object)
{
  LwLibrary *self = (LwLibrary *) object;

  g_clear_pointer (&self->shows, g_hash_table_unref);
  g_clear_pointer (&self->episodes, g_hash_table_unref);

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
    g_ptr_array_add (shows, show_from_row (self, stmt));

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, self->db->handle, rc, _("Could not read the subscriptions"));
      return FALSE;
    }

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
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(GError) error = NULL;
  EpisodeList *list;

  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  store = g_list_store_new (LW_TYPE_EPISODE);

  episodes = load_episodes (self, show_id, &error);
  if (episodes == NULL)
    g_warning ("%s", error->message);
  else
    g_list_store_splice (store, 0, 0, episodes->pdata, episodes->len);

  list = g_new0 (EpisodeList, 1);
  list->store = store;
  list->show_id = MAX (show_id, 0);
  self->episode_lists = g_list_prepend (self->episode_lists, list);
  g_object_weak_ref (G_OBJECT (store), episode_list_finalized, self);

  return G_LIST_MODEL (g_steal_pointer (&store));
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
      reload_show (self, show_id);
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

  return episode_from_row (self, stmt);
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

  show_id = lw_db_merge_feed (self->db, feed_url, feed, cache, error);
  if (show_id == 0)
    return 0;

  reload_show (self, show_id);
  reload_episodes_of (self, show_id);

  return show_id;
}

/* Runs a one-statement change on one row (?1 = the id) and tells NOT_FOUND apart. */
static gboolean
change_row (LwLibrary    *self,
            sqlite3_stmt *stmt,
            const char   *what,
            const char   *not_found,
            GError      **error)
{
  if (!lw_db_step_done (self->db, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (self->db->handle) == 0)
    {
      g_set_error_literal (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }

  return TRUE;
}

static gboolean
change_show (LwLibrary   *self,
             gint64       show_id,
             const char  *sql,
             const char  *text,
             GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autofree char *not_found = NULL;

  stmt = lw_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  lw_db_bind_text (stmt, 2, text);

  not_found = g_strdup_printf (_("There is no subscription with id %" G_GINT64_FORMAT), show_id);
  if (!change_row (self, stmt, _("Could not save the subscription"), not_found, error))
    return FALSE;

  g_clear_pointer (&stmt, lw_stmt_release);
  reload_show (self, show_id);

  return TRUE;
}

gboolean
lw_library_set_show_error (LwLibrary   *self,
                           gint64       show_id,
                           const char  *message,
                           GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_show (self, show_id,
                      "UPDATE shows SET last_error = ?2,"
                      "  failures = iif (?2 IS NULL, 0, failures + 1)"
                      " WHERE id = ?1",
                      message, error);
}

gboolean
lw_library_set_show_feed_url (LwLibrary   *self,
                              gint64       show_id,
                              const char  *feed_url,
                              GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (feed_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_show (self, show_id, "UPDATE shows SET feed_url = ?2 WHERE id = ?1",
                      feed_url, error);
}

gboolean
lw_library_remove_show (LwLibrary   *self,
                        gint64       show_id,
                        GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autofree char *not_found = NULL;
  guint position;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = lw_db_prepare (self->db, "DELETE FROM shows WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  /* The episodes, their state and queue entries go with it (ON DELETE CASCADE). */
  sqlite3_bind_int64 (stmt, 1, show_id);
  not_found = g_strdup_printf (_("There is no subscription with id %" G_GINT64_FORMAT), show_id);
  if (!change_row (self, stmt, _("Could not remove the subscription"), not_found, error))
    return FALSE;

  show = lw_library_lookup_show (self, show_id);
  if (show != NULL && g_list_store_find (self->show_list, show, &position))
    g_list_store_remove (self->show_list, position);

  reload_episodes_of (self, show_id);

  return TRUE;
}

/* Runs a one-statement change of an episode's state (?1 = the id), then updates the
 * live episode and its show's counts. */
static gboolean
change_episode (LwLibrary     *self,
                gint64         episode_id,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autofree char *not_found = NULL;
  g_autoptr(LwEpisode) episode = NULL;

  not_found = g_strdup_printf (_("There is no episode with id %" G_GINT64_FORMAT), episode_id);
  if (!change_row (self, stmt, _("Could not save the episode"), not_found, error))
    return FALSE;

  lw_stmt_release (stmt);

  reload_episode (self, episode_id);

  episode = lw_library_lookup_episode (self, episode_id);
  if (episode != NULL)
    reload_show (self, lw_episode_get_show_id (episode));

  return TRUE;
}

gboolean
lw_library_set_episode_position (LwLibrary  *self,
                                 gint64      episode_id,
                                 gint64      position_ms,
                                 GError    **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = lw_db_prepare (self->db,
                  "UPDATE episode_state SET position_ms = ?2, last_played = ?3"
                  " WHERE episode_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  sqlite3_bind_int64 (stmt, 2, MAX (position_ms, 0));
  sqlite3_bind_int64 (stmt, 3, lw_now_unix ());

  return change_episode (self, episode_id, g_steal_pointer (&stmt), error);
}

gboolean
lw_library_set_episode_played (LwLibrary  *self,
                               gint64      episode_id,
                               gboolean    played,
                               GError    **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = lw_db_prepare (self->db,
                  "UPDATE episode_state SET played = ?2, position_ms = 0 WHERE episode_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  sqlite3_bind_int (stmt, 2, !!played);

  return change_episode (self, episode_id, g_steal_pointer (&stmt), error);
}

gboolean
lw_library_set_episode_local_path (LwLibrary   *self,
                                   gint64       episode_id,
                                   const char  *local_path,
                                   GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = lw_db_prepare (self->db,
                  "UPDATE episode_state SET local_path = ?2 WHERE episode_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  lw_db_bind_text (stmt, 2, local_path);

  return change_episode (self, episode_id, g_steal_pointer (&stmt), error);
}

