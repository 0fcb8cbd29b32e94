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
  sqlite3    *db;
  int         schema_version;

  /* SQL text → prepared statement, kept for the life of the connection. */
  GHashTable *statements;

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

G_DEFINE_QUARK (lw-library-error-quark, lw_library_error)

/* A cached statement, reset and unbound when it goes out of scope, so no statement
 * keeps a read transaction open behind our back. */
typedef sqlite3_stmt LwStmt;

static void
lw_stmt_release (LwStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwStmt, lw_stmt_release)

gboolean
lw_library_set_str (char       **str_ptr,
                    const char  *value)
{
  if (g_strcmp0 (*str_ptr, value) == 0)
    return FALSE;

  g_free (*str_ptr);
  *str_ptr = g_strdup (value);

  return TRUE;
}

void
lw_library_set_sqlite_error (GError     **error,
                             sqlite3     *db,
                             int          rc,
                             const char  *what)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_DISK_FULL,
                   _("%s: the disk is full. Free some space and try again."), what);
      break;

    case SQLITE_READONLY:
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_READ_ONLY,
                   _("%s: the library cannot be written to (%s). Check the permissions of the data folder."),
                   what, detail);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_OPEN,
                   _("%s: the library file cannot be opened (%s)"), what, detail);
      break;

    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_OPEN,
                   _("%s: the library file is damaged or is not a Longwave library (%s)"),
                   what, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_FAILED,
                   _("%s: another program kept the library busy for too long"), what);
      break;

    default:
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_FAILED, "%s: %s", what, detail);
    }
}

static LwStmt *
prepare (LwLibrary   *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          lw_library_set_sqlite_error (error, self->db, rc, _("Could not read the library"));
          return NULL;
        }

      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }

  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Takes @text (g_free()d by SQLite). */
static void
bind_text_take (sqlite3_stmt *stmt,
                int           index,
                char         *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, g_free);
}

/* LW_UNKNOWN and friends are stored as NULL. */
static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value,
                  gint64        unknown)
{
  if (value == unknown)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gint64
column_int_or (sqlite3_stmt *stmt,
               int           column,
               gint64        unknown)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return unknown;

  return sqlite3_column_int64 (stmt, column);
}

static gboolean
exec (LwLibrary   *self,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      lw_library_set_sqlite_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Steps a statement that returns no row. */
static gboolean
step_done (LwLibrary    *self,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* IMMEDIATE: take the write lock up front. A deferred transaction that reads first
 * and then writes cannot wait for another process's writer: it fails at once with
 * SQLITE_BUSY whatever the busy timeout says. */
static gboolean
begin (LwLibrary   *self,
       const char  *what,
       GError     **error)
{
  return exec (self, "BEGIN IMMEDIATE", what, error);
}

static gboolean
commit (LwLibrary   *self,
        const char  *what,
        GError     **error)
{
  if (exec (self, "COMMIT", what, error))
    return TRUE;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
rollback (LwLibrary *self)
{
  /* Fails harmlessly when SQLite already rolled back (SQLITE_FULL may do so). */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

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

  stmt = prepare (self, "SELECT " LW_SHOW_COLUMNS " FROM shows s WHERE s.id = ?", NULL);
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

  stmt = prepare (self, "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM "WHERE e.id = ?", NULL);
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
      stmt = prepare (self,
                      "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM
                      "WHERE e.show_id = ? ORDER BY e.published DESC, e.id DESC",
                      error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, show_id);
    }
  else
    {
      stmt = prepare (self,
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
      lw_library_set_sqlite_error (error, self->db, rc, _("Could not read the episodes"));
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

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->shows, g_hash_table_unref);
  g_clear_pointer (&self->episodes, g_hash_table_unref);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);

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
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            NULL, (GDestroyNotify) sqlite3_finalize);
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

static sqlite3 *
open_database (const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *journal_mode = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LW_LIBRARY_ERROR,
                   saved_errno == EROFS || saved_errno == EACCES
                   ? LW_LIBRARY_ERROR_READ_ONLY : LW_LIBRARY_ERROR_OPEN,
                   _("Could not create the folder “%s” for the library: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  /* NOMUTEX: a connection belongs to one thread; every process or thread that
   * wants the library opens its own. */
  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LW_LIBRARY_ERROR,
                   (rc & 0xff) == SQLITE_READONLY ? LW_LIBRARY_ERROR_READ_ONLY : LW_LIBRARY_ERROR_OPEN,
                   _("Could not open the library “%s”: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return NULL;
    }

  /* The app and longwave-cli share the file: wait for each other instead of
   * failing with "database is locked". */
  sqlite3_busy_timeout (db, 5000);

  /* Also tells a file that is not a database from one that is. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    journal_mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the library “%s”"), path);

      lw_library_set_sqlite_error (error, db, rc, what);
      sqlite3_close_v2 (db);
      return NULL;
    }

  /* A read-only file cannot switch to WAL; writes then fail with READ_ONLY. */
  if (g_strcmp0 (journal_mode, "wal") != 0)
    g_debug ("%s stays in journal mode %s", path, journal_mode);

  /* NORMAL is safe in WAL mode against a crash or kill -9 of the program; only a
   * power cut may lose the last transactions, never consistency. */
  rc = sqlite3_exec (db,
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA synchronous = NORMAL;"
                     "PRAGMA cache_size = -16384;"
                     /* Statement journals in memory, not in temp files. */
                     "PRAGMA temp_store = MEMORY;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the library “%s”"), path);

      lw_library_set_sqlite_error (error, db, rc, what);
      sqlite3_close_v2 (db);
      return NULL;
    }

  if (!lw_library_schema_migrate (db, path, error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }

  return db;
}

static gboolean
load_shows (LwLibrary  *self,
            GError    **error)
{
  g_autoptr(GPtrArray) shows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT " LW_SHOW_COLUMNS " FROM shows s", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (shows, show_from_row (self, stmt));

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, self->db, rc, _("Could not read the subscriptions"));
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
  sqlite3 *db;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    path = default_path = lw_library_dup_default_path ();

  db = open_database (path, error);
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

  stmt = prepare (self, "SELECT id FROM shows WHERE feed_url = ?", NULL);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, feed_url);
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

  stmt = prepare (self, "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM "WHERE e.id = ?", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return episode_from_row (self, stmt);
}

/* Merging */

/* The feed-given columns of an episode, as statement parameters ?1…?26 in this
 * order, shared by the INSERT, the UPDATE and the SELECT of dup_episode_item(). */
#define ITEM_COLUMNS                                                            \
  "guid, title, published, duration, link, summary, notes_html, image_url, "    \
  "enclosure_url, enclosure_type, enclosure_length, enclosures, season, "       \
  "episode, episode_type, explicit, author, chapters, chapters_url, "           \
  "chapters_type, transcripts, persons, funding, alternate_enclosures, "        \
  "soundbites, content_hash"

enum {
  COL_GUID = 1, COL_TITLE, COL_PUBLISHED, COL_DURATION, COL_LINK, COL_SUMMARY,
  COL_NOTES_HTML, COL_IMAGE_URL, COL_ENCLOSURE_URL, COL_ENCLOSURE_TYPE,
  COL_ENCLOSURE_LENGTH, COL_ENCLOSURES, COL_SEASON, COL_EPISODE, COL_EPISODE_TYPE,
  COL_EXPLICIT, COL_AUTHOR, COL_CHAPTERS, COL_CHAPTERS_URL, COL_CHAPTERS_TYPE,
  COL_TRANSCRIPTS, COL_PERSONS, COL_FUNDING, COL_ALTERNATE_ENCLOSURES,
  COL_SOUNDBITES, COL_CONTENT_HASH,
  N_ITEM_COLUMNS = COL_CONTENT_HASH,
};

/* FNV-1a, 64 bits: enough to skip rewriting rows that did not change. */
static void
hash_bytes (guint64    *hash,
            const void *data,
            gsize       len)
{
  const guint8 *p = data;

  for (gsize i = 0; i < len; i++)
    {
      *hash ^= p[i];
      *hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }
}

static void
hash_str (guint64    *hash,
          const char *str)
{
  /* NULL and "" differ; the terminator separates the fields. */
  if (str == NULL)
    hash_bytes (hash, "\1", 1);
  else
    hash_bytes (hash, str, strlen (str) + 1);
}

static void
hash_int (guint64 *hash,
          gint64   value)
{
  hash_bytes (hash, &value, sizeof value);
}

/* Binds ?1…?26 for @item; returns the content hash it bound. */
static char *
bind_item (sqlite3_stmt     *stmt,
           const LwFeedItem *item,
           const char       *guid)
{
  const LwEnclosure *enclosure = lw_feed_item_get_main_enclosure (item);
  const char *title = item->title != NULL ? item->title : "";
  struct {
    int        column;
    LwJsonKind kind;
    GPtrArray *array;
  } json[] = {
    /* One enclosure is whole in the enclosure_* columns. */
    { COL_ENCLOSURES, LW_JSON_ENCLOSURES, item->enclosures->len > 1 ? item->enclosures : NULL },
    { COL_CHAPTERS, LW_JSON_CHAPTERS, item->chapters },
    { COL_TRANSCRIPTS, LW_JSON_TRANSCRIPTS, item->transcripts },
    { COL_PERSONS, LW_JSON_PERSONS, item->persons },
    { COL_FUNDING, LW_JSON_FUNDING, item->funding },
    { COL_ALTERNATE_ENCLOSURES, LW_JSON_ALTERNATE_ENCLOSURES, item->alternate_enclosures },
    { COL_SOUNDBITES, LW_JSON_SOUNDBITES, item->soundbites },
  };
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  g_autofree char *content_hash = NULL;

  bind_text (stmt, COL_GUID, guid);
  bind_text (stmt, COL_TITLE, title);
  bind_int_or_null (stmt, COL_PUBLISHED, item->published, LW_DATE_UNKNOWN);
  bind_int_or_null (stmt, COL_DURATION, item->duration, LW_UNKNOWN);
  bind_text (stmt, COL_LINK, item->link);
  bind_text (stmt, COL_SUMMARY, item->summary);
  bind_text (stmt, COL_NOTES_HTML, item->notes_html);
  bind_text (stmt, COL_IMAGE_URL, item->image);
  bind_text (stmt, COL_ENCLOSURE_URL, enclosure != NULL ? enclosure->url : NULL);
  bind_text (stmt, COL_ENCLOSURE_TYPE, enclosure != NULL ? enclosure->type : NULL);
  bind_int_or_null (stmt, COL_ENCLOSURE_LENGTH, enclosure != NULL ? enclosure->length : LW_UNKNOWN, LW_UNKNOWN);
  bind_int_or_null (stmt, COL_SEASON, item->season, LW_UNKNOWN);
  bind_int_or_null (stmt, COL_EPISODE, item->episode, LW_UNKNOWN);
  bind_text (stmt, COL_EPISODE_TYPE, item->episode_type);
  sqlite3_bind_int (stmt, COL_EXPLICIT, item->explicit_);
  bind_text (stmt, COL_AUTHOR, item->author);
  bind_text (stmt, COL_CHAPTERS_URL, item->chapters_url);
  bind_text (stmt, COL_CHAPTERS_TYPE, item->chapters_type);

  hash_str (&hash, guid);
  hash_str (&hash, title);
  hash_int (&hash, item->published);
  hash_int (&hash, item->duration);
  hash_str (&hash, item->link);
  hash_str (&hash, item->summary);
  hash_str (&hash, item->notes_html);
  hash_str (&hash, item->image);
  hash_int (&hash, item->season);
  hash_int (&hash, item->episode);
  hash_str (&hash, item->episode_type);
  hash_int (&hash, item->explicit_);
  hash_str (&hash, item->author);
  hash_str (&hash, item->chapters_url);
  hash_str (&hash, item->chapters_type);

  for (guint i = 0; i < G_N_ELEMENTS (json); i++)
    {
      char *text = lw_library_json_from_array (json[i].kind, json[i].array);

      hash_str (&hash, text);
      bind_text_take (stmt, json[i].column, text);
    }

  content_hash = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", hash);

  bind_text (stmt, COL_CONTENT_HASH, content_hash);

  return g_steal_pointer (&content_hash);
}

/* What the merge needs to know about a stored episode. */
typedef struct
{
  gint64    id;
  char     *guid;
  char     *enclosure_url;
  char     *title;
  char     *content_hash;
  gboolean  in_feed;
  gboolean  keep;      /* played, started, downloaded or queued */
  gboolean  matched;
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->guid);
  g_free (stored->enclosure_url);
  g_free (stored->title);
  g_free (stored->content_hash);
  g_free (stored);
}

/* The parser never leaves guid NULL; a hand-made feed might. */
static const char *
item_guid (const LwFeedItem *item)
{
  const LwEnclosure *enclosure;

  if (item->guid != NULL && *item->guid != '\0')
    return item->guid;

  enclosure = lw_feed_item_get_main_enclosure (item);
  if (enclosure != NULL && enclosure->url != NULL)
    return enclosure->url;

  if (item->link != NULL && *item->link != '\0')
    return item->link;

  if (item->title != NULL && *item->title != '\0')
    return item->title;

  return NULL;
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
merge_show_row (LwLibrary          *self,
                const char         *feed_url,
                const LwFeed       *feed,
                const LwHttpCache  *cache,
                gint64             *show_id,
                const char         *what,
                GError            **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  stmt = prepare (self, "SELECT id FROM shows WHERE feed_url = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, feed_url);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *show_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, lw_stmt_release);

  if (*show_id == 0)
    {
      stmt = prepare (self, "INSERT INTO shows (feed_url, added) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;

      bind_text (stmt, 1, feed_url);
      sqlite3_bind_int64 (stmt, 2, now_unix ());
      if (!step_done (self, stmt, what, error))
        return FALSE;

      *show_id = sqlite3_last_insert_rowid (self->db);
      g_clear_pointer (&stmt, lw_stmt_release);
    }

  stmt = prepare (self,
                  "UPDATE shows SET"
                  "  title = coalesce (?1, title), author = ?2, description = ?3,"
                  "  description_html = ?4, image_url = ?5, link = ?6, language = ?7,"
                  "  owner_name = ?8, owner_email = ?9, categories = ?10, type = ?11,"
                  "  explicit = ?12, new_feed_url = ?13, locked = ?14, podcast_guid = ?15,"
                  "  funding = ?16, podroll = ?17, persons = ?18,"
                  "  etag = iif (?19, ?20, etag), last_modified = iif (?19, ?21, last_modified),"
                  "  last_status = 200, last_error = NULL, last_refreshed = ?22,"
                  "  next_retry = 0, failures = 0, gone = 0"
                  " WHERE id = ?23",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, feed->title);
  bind_text (stmt, 2, feed->author);
  bind_text (stmt, 3, feed->description);
  bind_text (stmt, 4, feed->description_html);
  bind_text (stmt, 5, feed->image);
  bind_text (stmt, 6, feed->link);
  bind_text (stmt, 7, feed->language);
  bind_text (stmt, 8, feed->owner_name);
  bind_text (stmt, 9, feed->owner_email);
  bind_text_take (stmt, 10, lw_library_json_from_array (LW_JSON_STRINGS, feed->categories));
  bind_text (stmt, 11, feed->type);
  sqlite3_bind_int (stmt, 12, feed->explicit_);
  bind_text (stmt, 13, feed->new_feed_url);
  sqlite3_bind_int (stmt, 14, feed->locked);
  bind_text (stmt, 15, feed->podcast_guid);
  bind_text_take (stmt, 16, lw_library_json_from_array (LW_JSON_FUNDING, feed->funding));
  bind_text_take (stmt, 17, lw_library_json_from_array (LW_JSON_REMOTE_ITEMS, feed->podroll));
  bind_text_take (stmt, 18, lw_library_json_from_array (LW_JSON_PERSONS, feed->persons));
  sqlite3_bind_int (stmt, 19, cache != NULL);
  bind_text (stmt, 20, cache != NULL ? cache->etag : NULL);
  bind_text (stmt, 21, cache != NULL ? cache->last_modified : NULL);
  sqlite3_bind_int64 (stmt, 22, now_unix ());
  sqlite3_bind_int64 (stmt, 23, *show_id);

  return step_done (self, stmt, what, error);
}

static GPtrArray *
load_stored (LwLibrary  *self,
             gint64      show_id,
             GError    **error)
{
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) stored_free);
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "SELECT e.id, e.guid, e.enclosure_url, e.title, e.content_hash, e.in_feed,"
                  "  st.played OR st.position_ms > 0 OR st.local_path IS NOT NULL"
                  "  OR st.download_path IS NOT NULL"
                  "  OR EXISTS (SELECT 1 FROM queue q WHERE q.episode_id = e.id)"
                  LW_EPISODE_FROM "WHERE e.show_id = ?",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, show_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Stored *s = g_new0 (Stored, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->guid = dup_column (stmt, 1);
      s->enclosure_url = dup_column (stmt, 2);
      s->title = dup_column (stmt, 3);
      s->content_hash = dup_column (stmt, 4);
      s->in_feed = sqlite3_column_int (stmt, 5);
      s->keep = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (stored, s);
    }

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, self->db, rc, _("Could not read the episodes"));
      return NULL;
    }

  return g_steal_pointer (&stored);
}

static Stored *
find_unmatched (GHashTable *index,
                const char *key)
{
  GPtrArray *candidates;

  if (key == NULL || *key == '\0')
    return NULL;

  candidates = g_hash_table_lookup (index, key);
  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      Stored *s = g_ptr_array_index (candidates, i);

      if (!s->matched)
        return s;
    }

  return NULL;
}

static void
index_add (GHashTable *index,
           const char *key,
           Stored     *stored)
{
  GPtrArray *candidates;

  if (key == NULL || *key == '\0')
    return;

  candidates = g_hash_table_lookup (index, key);
  if (candidates == NULL)
    {
      candidates = g_ptr_array_new ();
      g_hash_table_insert (index, (gpointer) key, candidates);
    }

  g_ptr_array_add (candidates, stored);
}

static gboolean
merge_items (LwLibrary     *self,
             gint64         show_id,
             const LwFeed  *feed,
             const char    *what,
             GError       **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GHashTable) by_guid = NULL;
  g_autoptr(GHashTable) by_enclosure = NULL;
  g_autoptr(GHashTable) by_title = NULL;
  g_autoptr(GHashTable) seen_guids = NULL;
  g_autofree Stored **match = NULL;
  g_autofree gboolean *skip = NULL;
  guint n_items = feed->items->len;
  gint64 now = now_unix ();
  gint64 max_id = 0;

  stored = load_stored (self, show_id, error);
  if (stored == NULL)
    return FALSE;

  /* New rows get ids above the largest one (no AUTOINCREMENT). */
  {
    g_autoptr(LwStmt) stmt = prepare (self, "SELECT coalesce (max (id), 0) FROM episodes", error);

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        lw_library_set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
        return FALSE;
      }
    max_id = sqlite3_column_int64 (stmt, 0);
  }

  by_guid = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  by_enclosure = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  by_title = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < stored->len; i++)
    {
      Stored *s = g_ptr_array_index (stored, i);

      index_add (by_guid, s->guid, s);
      index_add (by_enclosure, s->enclosure_url, s);
      index_add (by_title, s->title, s);
    }

  match = g_new0 (Stored *, n_items);
  skip = g_new0 (gboolean, n_items);
  seen_guids = g_hash_table_new (g_str_hash, g_str_equal);

  /* Pass 1: guids. A guid repeated in the feed (it happens) counts once, at its
   * first place. */
  for (guint i = 0; i < n_items; i++)
    {
      const LwFeedItem *item = g_ptr_array_index (feed->items, i);
      const char *guid = item_guid (item);

      if (guid == NULL || !g_hash_table_add (seen_guids, (gpointer) guid))
        {
          skip[i] = TRUE;
          continue;
        }

      match[i] = find_unmatched (by_guid, guid);
      if (match[i] != NULL)
        match[i]->matched = TRUE;
    }

  /* Pass 2: feeds that change their guids keep their enclosure URL, or at least the
   * title. */
  for (guint i = 0; i < n_items; i++)
    {
      const LwFeedItem *item = g_ptr_array_index (feed->items, i);
      const LwEnclosure *enclosure;

      if (skip[i] || match[i] != NULL)
        continue;

      enclosure = lw_feed_item_get_main_enclosure (item);
      if (enclosure != NULL)
        match[i] = find_unmatched (by_enclosure, enclosure->url);
      if (match[i] == NULL)
        match[i] = find_unmatched (by_title, item->title);
      if (match[i] != NULL)
        match[i]->matched = TRUE;
    }

  /* Newest (first in the feed) last, so it gets the highest id and sorts first
   * among episodes of the same date. */
  for (guint i = n_items; i-- > 0;)
    {
      const LwFeedItem *item = g_ptr_array_index (feed->items, i);
      g_autoptr(LwStmt) stmt = NULL;
      g_autofree char *content_hash = NULL;

      if (skip[i])
        continue;

      if (match[i] != NULL)
        {
          stmt = prepare (self,
                          "UPDATE episodes SET (" ITEM_COLUMNS ", in_feed) ="
                          " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                          "  ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, 1)"
                          " WHERE id = ?27",
                          error);
          if (stmt == NULL)
            return FALSE;

          content_hash = bind_item (stmt, item, item_guid (item));

          /* Unchanged: leave the row (and its search index) alone. */
          if (match[i]->in_feed && g_strcmp0 (match[i]->content_hash, content_hash) == 0)
            continue;

          sqlite3_bind_int64 (stmt, 27, match[i]->id);
        }
      else
        {
          stmt = prepare (self,
                          "INSERT INTO episodes (" ITEM_COLUMNS ", show_id, first_seen) VALUES"
                          " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                          "  ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
                          error);
          if (stmt == NULL)
            return FALSE;

          content_hash = bind_item (stmt, item, item_guid (item));
          sqlite3_bind_int64 (stmt, 27, show_id);
          sqlite3_bind_int64 (stmt, 28, now);
        }

      if (!step_done (self, stmt, what, error))
        return FALSE;
    }

  /* State rows and search entries for the new episodes, in one statement each
   * (see the schema). */
  for (guint i = 0; i < 2; i++)
    {
      static const char * const sql[] = {
        "INSERT INTO episode_state (episode_id)"
        " SELECT id FROM episodes WHERE id > ? AND show_id = ?",
        "INSERT INTO episodes_fts (rowid, title, summary)"
        " SELECT id, title, summary FROM episodes WHERE id > ? AND show_id = ?",
      };
      g_autoptr(LwStmt) stmt = prepare (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, max_id);
      sqlite3_bind_int64 (stmt, 2, show_id);
      if (!step_done (self, stmt, what, error))
        return FALSE;
    }

  /* An empty feed is more likely a broken server than a show that deleted
   * everything: keep what we have. */
  if (n_items == 0)
    return TRUE;

  for (guint i = 0; i < stored->len; i++)
    {
      Stored *s = g_ptr_array_index (stored, i);
      g_autoptr(LwStmt) stmt = NULL;

      if (s->matched)
        continue;

      /* It left the feed. What the user did with it stays. */
      if (s->keep)
        {
          if (!s->in_feed)
            continue;
          stmt = prepare (self, "UPDATE episodes SET in_feed = 0 WHERE id = ?", error);
        }
      else
        {
          stmt = prepare (self, "DELETE FROM episodes WHERE id = ?", error);
        }

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, s->id);
      if (!step_done (self, stmt, what, error))
        return FALSE;
    }

  return TRUE;
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
  g_autofree char *what = NULL;
  gint64 show_id = 0;

  g_return_val_if_fail (LW_IS_LIBRARY (self), 0);
  g_return_val_if_fail (feed_url != NULL, 0);
  g_return_val_if_fail (feed != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  what = g_strdup_printf (_("Could not save “%s”"),
                          feed->title != NULL && *feed->title != '\0' ? feed->title : feed_url);

  if (!begin (self, what, error))
    return 0;

  if (!merge_show_row (self, feed_url, feed, cache, &show_id, what, error) ||
      !merge_items (self, show_id, feed, what, error) ||
      !commit (self, what, error))
    {
      rollback (self);
      return 0;
    }

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
  if (!step_done (self, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
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

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  bind_text (stmt, 2, text);

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

  stmt = prepare (self, "DELETE FROM shows WHERE id = ?", error);
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

  stmt = prepare (self,
                  "UPDATE episode_state SET position_ms = ?2, last_played = ?3"
                  " WHERE episode_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  sqlite3_bind_int64 (stmt, 2, MAX (position_ms, 0));
  sqlite3_bind_int64 (stmt, 3, now_unix ());

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

  stmt = prepare (self,
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

  stmt = prepare (self,
                  "UPDATE episode_state SET local_path = ?2 WHERE episode_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  bind_text (stmt, 2, local_path);

  return change_episode (self, episode_id, g_steal_pointer (&stmt), error);
}

/* Reading back what the library stores */

LwFeed *
lw_library_dup_show_feed (LwLibrary  *self,
                          gint64      show_id,
                          GError    **error)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autoptr(LwFeed) feed = NULL;
  int rc;

  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (self,
                  "SELECT title, author, description, description_html, image_url, link,"
                  "  language, owner_name, owner_email, categories, type, explicit,"
                  "  new_feed_url, locked, podcast_guid, funding, podroll, persons"
                  " FROM shows WHERE id = ?",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, show_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND,
                   _("There is no subscription with id %" G_GINT64_FORMAT), show_id);
      return NULL;
    }
  else if (rc != SQLITE_ROW)
    {
      lw_library_set_sqlite_error (error, self->db, rc, _("Could not read the subscription"));
      return NULL;
    }

  feed = lw_feed_new ();
  feed->title = dup_column (stmt, 0);
  feed->author = dup_column (stmt, 1);
  feed->description = dup_column (stmt, 2);
  feed->description_html = dup_column (stmt, 3);
  feed->image = dup_column (stmt, 4);
  feed->link = dup_column (stmt, 5);
  feed->language = dup_column (stmt, 6);
  feed->owner_name = dup_column (stmt, 7);
  feed->owner_email = dup_column (stmt, 8);
  lw_library_json_to_array (LW_JSON_STRINGS, (const char *) sqlite3_column_text (stmt, 9), feed->categories);
  feed->type = dup_column (stmt, 10);
  feed->explicit_ = sqlite3_column_int (stmt, 11);
  feed->new_feed_url = dup_column (stmt, 12);
  feed->locked = sqlite3_column_int (stmt, 13);
  feed->podcast_guid = dup_column (stmt, 14);
  lw_library_json_to_array (LW_JSON_FUNDING, (const char *) sqlite3_column_text (stmt, 15), feed->funding);
  lw_library_json_to_array (LW_JSON_REMOTE_ITEMS, (const char *) sqlite3_column_text (stmt, 16), feed->podroll);
  lw_library_json_to_array (LW_JSON_PERSONS, (const char *) sqlite3_column_text (stmt, 17), feed->persons);

  return g_steal_pointer (&feed);
}

LwFeedItem *
lw_library_dup_episode_item (LwLibrary  *self,
                             gint64      episode_id,
                             GError    **error)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autoptr(LwFeedItem) item = NULL;
  int rc;

  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = prepare (self, "SELECT NULL, " ITEM_COLUMNS " FROM episodes WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND,
                   _("There is no episode with id %" G_GINT64_FORMAT), episode_id);
      return NULL;
    }
  else if (rc != SQLITE_ROW)
    {
      lw_library_set_sqlite_error (error, self->db, rc, _("Could not read the episode"));
      return NULL;
    }

#define TEXT(col) ((const char *) sqlite3_column_text (stmt, col))

  /* Column N is COL_N: the leading NULL makes the numbering match. */
  item = lw_feed_item_new ();
  item->guid = dup_column (stmt, COL_GUID);
  item->title = dup_column (stmt, COL_TITLE);
  item->published = column_int_or (stmt, COL_PUBLISHED, LW_DATE_UNKNOWN);
  item->duration = column_int_or (stmt, COL_DURATION, LW_UNKNOWN);
  item->link = dup_column (stmt, COL_LINK);
  item->summary = dup_column (stmt, COL_SUMMARY);
  item->notes_html = dup_column (stmt, COL_NOTES_HTML);
  item->image = dup_column (stmt, COL_IMAGE_URL);
  lw_library_json_to_array (LW_JSON_ENCLOSURES, TEXT (COL_ENCLOSURES), item->enclosures);
  if (item->enclosures->len == 0 && TEXT (COL_ENCLOSURE_URL) != NULL)
    {
      LwEnclosure *enclosure = lw_enclosure_new ();

      enclosure->url = dup_column (stmt, COL_ENCLOSURE_URL);
      enclosure->type = dup_column (stmt, COL_ENCLOSURE_TYPE);
      enclosure->length = column_int_or (stmt, COL_ENCLOSURE_LENGTH, LW_UNKNOWN);
      g_ptr_array_add (item->enclosures, enclosure);
    }
  item->season = (int) column_int_or (stmt, COL_SEASON, LW_UNKNOWN);
  item->episode = (int) column_int_or (stmt, COL_EPISODE, LW_UNKNOWN);
  item->episode_type = dup_column (stmt, COL_EPISODE_TYPE);
  item->explicit_ = sqlite3_column_int (stmt, COL_EXPLICIT);
  item->author = dup_column (stmt, COL_AUTHOR);
  lw_library_json_to_array (LW_JSON_CHAPTERS, TEXT (COL_CHAPTERS), item->chapters);
  item->chapters_url = dup_column (stmt, COL_CHAPTERS_URL);
  item->chapters_type = dup_column (stmt, COL_CHAPTERS_TYPE);
  lw_library_json_to_array (LW_JSON_TRANSCRIPTS, TEXT (COL_TRANSCRIPTS), item->transcripts);
  lw_library_json_to_array (LW_JSON_PERSONS, TEXT (COL_PERSONS), item->persons);
  lw_library_json_to_array (LW_JSON_FUNDING, TEXT (COL_FUNDING), item->funding);
  lw_library_json_to_array (LW_JSON_ALTERNATE_ENCLOSURES, TEXT (COL_ALTERNATE_ENCLOSURES),
                            item->alternate_enclosures);
  lw_library_json_to_array (LW_JSON_SOUNDBITES, TEXT (COL_SOUNDBITES), item->soundbites);

#undef TEXT

  return g_steal_pointer (&item);
}
