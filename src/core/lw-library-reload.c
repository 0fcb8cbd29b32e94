/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-library-reload.h"

/* Another process (longwave-cli, a second instance, the downloader) committed to
 * the file: every show (its counts computed), the live episodes and every list
 * are read again. With 1,000 shows and 20,000 episodes that SQL takes 15–25 ms,
 * too long for the main loop, so it runs on a thread of the GTask pool with a
 * read-only connection of its own, in one read transaction (WAL: the state of one
 * commit). It hands back plain rows (the shows' sort keys made too); the main
 * context only puts them into the live objects and lists: 0.3–2.5 ms for 200–1,000
 * shows, about 5 ms with 2,000 live episodes too.
 *
 * The races:
 * - One read at a time. A change seen while a read runs (the watch, or a caller
 *   of the async function) waits for it; if PRAGMA data_version moved since that
 *   read began, one more read follows, so the last change is always read.
 * - The main context writes too (a click marks an episode played) and async
 *   merges land, each updating the models from a fresher read of their own. A
 *   snapshot taken before that must not put the old state back: the change stamp
 *   (rows written by the main connection, merges applied, synchronous reloads)
 *   is kept with each read, and a read whose stamp is no longer current is not
 *   applied but made again.
 * - The library may go while a read runs: the read holds a reference to this
 *   struct, not to the library; it is cancelled (the SQL interrupted) and its
 *   result dropped.
 * - A read that fails (the file damaged, kept locked) changes nothing; the error
 *   goes to the async callers and to the log (once until a read succeeds), and
 *   the watch tries again on its next tick. */

/* How often the library looks at PRAGMA data_version. */
#define WATCH_SECONDS 2

/* SQLite virtual machine steps between two looks at the cancellable. */
#define PROGRESS_STEPS 1000

struct _LwLibraryReload
{
  gatomicrefcount  ref_count;

  /* The library's main context only. */
  LwLibrary       *library;       /* not a reference; NULL once detached */
  GSource         *watch_source;
  gint64           data_version;  /* of the last state read into the models */
  guint64          generation;    /* synchronous reloads: part of the stamp */
  /* Set while a read runs (and while its result is applied). */
  GCancellable    *cancellable;
  GPtrArray       *waiters;       /* (element-type GTask): async callers */
  char            *logged_error;  /* said once, until a read succeeds */

  /* The reading thread; one read at a time. */
  char            *path;
  LwDb            *db;
  GHashTable      *title_keys;    /* see lw_show_row_copy_with_keys() */
};

/* One read: what to read, made on the main context, and the rows read. */
typedef struct
{
  LwLibraryReload *reload;       /* a reference (async reads) */
  gint64           data_version;
  guint64          stamp;

  GArray          *episode_ids;  /* live episodes, read as list rows */
  GArray          *full_ids;     /* live episodes whose notes were read */
  GArray          *list_keys;    /* LwListKey */

  GPtrArray       *shows;        /* LwDbRow */
  GPtrArray       *episodes;     /* LwDbRow */
  GPtrArray       *list_ids;     /* GArray of gint64, one per key */
} Read;

static LwLibraryReloadHook test_hook;
static gpointer test_hook_data;
static guint n_alive;  /* atomic */

static void start_read (LwLibraryReload *self);

static LwLibraryReload *
reload_ref (LwLibraryReload *self)
{
  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/* Any thread: the last reference may be a read's, dropped in the pool. */
static void
reload_unref (LwLibraryReload *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_assert (self->library == NULL);
  g_assert (self->waiters->len == 0);

  g_clear_pointer (&self->db, lw_db_close);
  g_clear_pointer (&self->title_keys, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->waiters);
  g_free (self->logged_error);
  g_free (self->path);
  g_free (self);

  g_atomic_int_dec_and_test (&n_alive);
}

static void
read_free (Read *read)
{
  g_clear_pointer (&read->reload, reload_unref);
  g_array_unref (read->episode_ids);
  g_array_unref (read->full_ids);
  g_array_unref (read->list_keys);
  g_ptr_array_unref (read->shows);
  g_ptr_array_unref (read->episodes);
  g_ptr_array_unref (read->list_ids);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static gint64
read_data_version (LwLibrary *library)
{
  g_autoptr(LwStmt) stmt = lw_db_prepare (lw_library_get_main_db (library), "PRAGMA data_version", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}

static guint64
get_stamp (LwLibraryReload *self)
{
  return lw_library_get_change_stamp (self->library) + self->generation;
}

/* On the main context: what the models hold now, to read again. */
static Read *
read_new (LwLibraryReload *self)
{
  Read *read = g_new0 (Read, 1);

  read->data_version = read_data_version (self->library);
  read->stamp = get_stamp (self);
  read->episode_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  read->full_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  lw_library_collect_live_episodes (self->library, read->episode_ids, read->full_ids);
  read->list_keys = lw_library_dup_list_keys (self->library);
  read->shows = g_ptr_array_new_with_free_func (g_free);
  read->episodes = g_ptr_array_new_with_free_func (g_free);
  read->list_ids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  return read;
}

/* Any thread: every row of @stmt, copied into @rows; shows with their title's
 * sort keys when there is a @title_keys cache. */
static gboolean
copy_rows (LwDb          *db,
           sqlite3_stmt  *stmt,
           GHashTable    *title_keys,
           GPtrArray     *rows,
           const char    *what,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwDbRow row;

      lw_db_row_init (&row, stmt);
      if (title_keys != NULL)
        g_ptr_array_add (rows, lw_show_row_copy_with_keys (&row, title_keys));
      else
        g_ptr_array_add (rows, lw_db_row_copy (&row));
    }

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_shows (LwDb        *db,
            Read        *read,
            GHashTable  *title_keys,
            GError     **error)
{
  g_autoptr(LwStmt) stmt = lw_db_prepare (db, "SELECT " LW_SHOW_COLUMNS " FROM shows s", error);

  if (stmt == NULL ||
      !copy_rows (db, stmt, title_keys, read->shows, _("Could not read the subscriptions"), error))
    return FALSE;

  /* Only the titles of now, give or take some renames. */
  if (title_keys != NULL && g_hash_table_size (title_keys) > 2 * read->shows->len + 64)
    g_hash_table_remove_all (title_keys);

  return TRUE;
}

static gboolean
read_episodes (LwDb     *db,
               Read     *read,
               GError  **error)
{
  const char *what = _("Could not read the episodes");

  /* A page at a time, as the lists load them. */
  for (guint i = 0; i < read->episode_ids->len; i += LW_LIBRARY_PAGE_SIZE)
    {
      g_autoptr(LwStmt) stmt = lw_db_prepare (db, lw_episode_list_get_page_sql (), error);
      guint n = MIN (LW_LIBRARY_PAGE_SIZE, read->episode_ids->len - i);

      if (stmt == NULL)
        return FALSE;

      /* The rest stay NULL, which matches nothing. */
      for (guint j = 0; j < n; j++)
        sqlite3_bind_int64 (stmt, j + 1, g_array_index (read->episode_ids, gint64, i + j));

      if (!copy_rows (db, stmt, NULL, read->episodes, what, error))
        return FALSE;
    }

  /* Someone read these notes: they stay current. Few: the episodes a detail view
   * showed. */
  for (guint i = 0; i < read->full_ids->len; i++)
    {
      g_autoptr(LwStmt) stmt = NULL;

      stmt = lw_db_prepare (db, "SELECT " LW_EPISODE_COLUMNS LW_EPISODE_FROM "WHERE e.id = ?", error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, g_array_index (read->full_ids, gint64, i));
      if (!copy_rows (db, stmt, NULL, read->episodes, what, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_lists (LwDb     *db,
            Read     *read,
            GError  **error)
{
  for (guint i = 0; i < read->list_keys->len; i++)
    {
      const LwListKey *key = &g_array_index (read->list_keys, LwListKey, i);
      GArray *ids = lw_db_load_list_ids (db, key->kind, key->show_id, error);

      if (ids == NULL)
        return FALSE;

      g_ptr_array_add (read->list_ids, ids);
    }

  return TRUE;
}

/* Any thread, on a connection only it uses now: everything @read asks for, from
 * one commit's state. The reading thread passes its @title_keys cache and the
 * tests' @hook. */
static gboolean
read_rows (LwDb                *db,
           Read                *read,
           GHashTable          *title_keys,
           LwLibraryReloadHook  hook,
           GError             **error)
{
  const char *what = _("Could not read the library");
  gboolean own_transaction = sqlite3_get_autocommit (db->handle);
  gboolean ok;

  if (own_transaction && !lw_db_exec (db, "BEGIN", what, error))
    return FALSE;

  ok = read_shows (db, read, title_keys, error);
  if (ok && hook != NULL)
    hook (test_hook_data);
  ok = ok && read_episodes (db, read, error) && read_lists (db, read, error);

  /* Ends the read transaction: nothing to keep or undo. */
  if (own_transaction)
    {
      if (ok)
        ok = lw_db_exec (db, "COMMIT", what, error);
      else
        lw_db_rollback (db);
    }

  return ok;
}

/* On the main context: the rows into the live objects and the lists. Shows
 * first: an episode's row refers to its show. */
static void
apply (LwLibrary *library,
       Read      *read)
{
  g_autoptr(GPtrArray) shows = g_ptr_array_new_full (read->shows->len, g_object_unref);

  for (guint i = 0; i < read->shows->len; i++)
    g_ptr_array_add (shows, lw_library_show_from_row (library, g_ptr_array_index (read->shows, i)));

  /* Added, removed and renamed shows; the rest stay where they are. */
  lw_library_set_shows (library, shows);

  /* Only the episodes still live: nobody holds the others. */
  for (guint i = 0; i < read->episodes->len; i++)
    {
      const LwDbRow *row = g_ptr_array_index (read->episodes, i);
      g_autoptr(LwEpisode) episode = lw_library_peek_episode (library, lw_db_row_get_int64 (row, 0));

      if (episode != NULL)
        lw_episode_load_row (episode, row, TRUE);
    }

  for (guint i = 0; i < read->list_keys->len; i++)
    lw_library_set_list_ids (library, &g_array_index (read->list_keys, LwListKey, i),
                             g_ptr_array_index (read->list_ids, i));
}

/* Stops a read soon after the library went. */
static int
on_progress (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Read *read = task_data;
  LwLibraryReload *self = read->reload;
  GError *error = NULL;

  /* Opened here, on first use: the main context never waits for it. The next
   * read starts only after this one is handed back. */
  if (self->db == NULL)
    self->db = lw_db_open_reader (self->path, &error);
  if (self->title_keys == NULL)
    self->title_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);

  if (self->db != NULL)
    {
      sqlite3_progress_handler (self->db->handle, PROGRESS_STEPS, on_progress, cancellable);
      read_rows (self->db, read, self->title_keys, test_hook, &error);
      sqlite3_progress_handler (self->db->handle, 0, NULL, NULL);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Every async caller waiting gets @error, or TRUE when it is NULL. */
static void
return_to_waiters (LwLibraryReload *self,
                   const GError    *error)
{
  /* A callback may call again: it waits for a read of its own. */
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new ();

  for (guint i = 0; i < waiters->len; i++)
    {
      g_autoptr(GTask) task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
report_error (LwLibraryReload *self,
              const GError    *error)
{
  /* The watch tries again every tick: the same trouble is said once. */
  if (g_strcmp0 (self->logged_error, error->message) != 0)
    {
      g_warning ("%s", error->message);
      g_free (self->logged_error);
      self->logged_error = g_strdup (error->message);
    }
}

static void
on_read_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Read *read = g_task_get_task_data (G_TASK (result));
  LwLibraryReload *self = read->reload;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* Detached: the models went with the library. */
  if (self->library == NULL)
    return;

  /* Handlers of the changes may drop the last other reference. */
  library = g_object_ref (self->library);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      report_error (self, error);
      g_clear_object (&self->cancellable);
      return_to_waiters (self, error);
      return;
    }

  /* The library changed the models itself since this read began (a write of
   * its own, a merge, a synchronous reload): the snapshot may predate that. */
  if (get_stamp (self) != read->stamp)
    {
      g_debug ("Reading the library again: it changed here during the read");
      g_clear_object (&self->cancellable);
      start_read (self);
      return;
    }

  /* Still "reading" meanwhile: a handler that asks for a reload waits for the
   * outcome below instead of starting a second read. */
  start = g_get_monotonic_time ();
  apply (library, read);
  g_debug ("Read the library again: %u shows, %u episodes, %u lists, applied in %.2f ms",
           read->shows->len, read->episodes->len, read->list_keys->len,
           (g_get_monotonic_time () - start) / 1000.0);
  self->data_version = read->data_version;
  g_clear_pointer (&self->logged_error, g_free);
  g_clear_object (&self->cancellable);

  if (self->library == NULL)
    return;

  /* Another process committed after this read began: read that too. */
  if (read_data_version (library) != read->data_version)
    {
      start_read (self);
      return;
    }

  return_to_waiters (self, NULL);
}

static void
start_read (LwLibraryReload *self)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_assert (self->cancellable == NULL);

  read = read_new (self);
  read->reload = reload_ref (self);
  self->cancellable = g_cancellable_new ();

  /* No source object: the read holds no reference to the library, which may go
   * while it runs. */
  task = g_task_new (NULL, self->cancellable, on_read_done, NULL);
  g_task_set_source_tag (task, start_read);
  g_task_set_name (task, "[longwave] library reload");
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_run_in_thread (task, read_in_thread);
}

static gboolean
on_watch (gpointer data)
{
  LwLibraryReload *self = data;

  if (self->cancellable == NULL && read_data_version (self->library) != self->data_version)
    start_read (self);

  return G_SOURCE_CONTINUE;
}

LwLibraryReload *
lw_library_reload_new (LwLibrary *library)
{
  LwLibraryReload *self = g_new0 (LwLibraryReload, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->library = library;
  self->path = g_strdup (lw_library_get_path (library));
  self->waiters = g_ptr_array_new ();
  self->data_version = read_data_version (library);

  /* On the context of the thread that owns the library (not the global default:
   * a library made on a worker thread must not be touched from the main one). The
   * source holds no reference: detaching destroys it. */
  self->watch_source = g_timeout_source_new_seconds (WATCH_SECONDS);
  g_source_set_priority (self->watch_source, G_PRIORITY_LOW);
  g_source_set_callback (self->watch_source, on_watch, self, NULL);
  g_source_set_static_name (self->watch_source, "[longwave] library watch");
  g_source_attach (self->watch_source, g_main_context_get_thread_default ());

  g_atomic_int_inc (&n_alive);

  return self;
}

void
lw_library_reload_detach (LwLibraryReload *self)
{
  g_autoptr(GError) error = NULL;

  self->library = NULL;
  g_source_destroy (self->watch_source);
  g_clear_pointer (&self->watch_source, g_source_unref);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  /* Callers hold a reference to the library: only g_object_run_dispose() comes
   * here with some waiting. */
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The library was closed"));
  return_to_waiters (self, error);

  reload_unref (self);
}

void
lw_library_reload_set_test_hook (LwLibraryReloadHook hook,
                                 gpointer            data)
{
  test_hook = hook;
  test_hook_data = data;
}

guint
lw_library_reload_get_n_alive (void)
{
  return g_atomic_int_get (&n_alive);
}

/**
 * lw_library_reload_if_changed:
 * @self: a library
 *
 * Reads the shows, the live episodes and every list again, on this thread with
 * the main connection, when another connection committed since the last time.
 * An error is logged and leaves everything as it was.
 *
 * Returns: whether the library was read again
 */
gboolean
lw_library_reload_if_changed (LwLibrary *self)
{
  LwLibraryReload *reload;
  g_autoptr(Read) read = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);

  reload = lw_library_get_reload (self);
  if (read_data_version (self) == reload->data_version)
    return FALSE;

  read = read_new (reload);
  if (!read_rows (lw_library_get_main_db (self), read, NULL, NULL, &error))
    {
      report_error (reload, error);
      return FALSE;
    }

  apply (self, read);
  reload->data_version = read->data_version;
  g_clear_pointer (&reload->logged_error, g_free);
  /* A read in flight began before this one: its rows are older. */
  reload->generation++;

  return TRUE;
}

/**
 * lw_library_reload_if_changed_async:
 * @self: a library
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the models hold the file's latest state
 * @user_data: for @callback
 *
 * Like lw_library_reload_if_changed() with the SQL on a worker thread. While a
 * read runs (the library's own watch started one, say), this waits for it, and
 * for one more when the file changed again meanwhile.
 */
void
lw_library_reload_if_changed_async (LwLibrary           *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  LwLibraryReload *reload;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LW_IS_LIBRARY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  reload = lw_library_get_reload (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_library_reload_if_changed_async);

  if (reload->cancellable == NULL && read_data_version (self) == reload->data_version)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  g_ptr_array_add (reload->waiters, g_steal_pointer (&task));
  if (reload->cancellable == NULL)
    start_read (reload);
}

/**
 * lw_library_reload_if_changed_finish:
 * @self: a library
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: whether the library was read again; %FALSE with @error set when the
 *   read failed (the models stay as they were)
 */
gboolean
lw_library_reload_if_changed_finish (LwLibrary     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_library_reload_if_changed_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
