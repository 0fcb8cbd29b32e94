/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lw-html.h"
#include "lw-library-private.h"

G_DEFINE_QUARK (lw-library-error-quark, lw_library_error)

void
lw_stmt_release (LwStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

void
lw_db_row_init (LwDbRow      *row,
                sqlite3_stmt *stmt)
{
  int n_columns = sqlite3_column_count (stmt);

  g_assert (n_columns <= LW_DB_ROW_MAX_COLUMNS);

  row->n_columns = n_columns;
  for (int i = 0; i < n_columns; i++)
    {
      LwDbValue *value = &row->columns[i];

      value->type = sqlite3_column_type (stmt, i);
      switch (value->type)
        {
        case SQLITE_INTEGER:
          value->v.i = sqlite3_column_int64 (stmt, i);
          break;

        case SQLITE_FLOAT:
          value->v.d = sqlite3_column_double (stmt, i);
          break;

        case SQLITE_NULL:
          value->v.text = NULL;
          break;

        default:
          /* Text (and a blob, read as text as sqlite3_column_text() would). */
          value->type = SQLITE_TEXT;
          value->v.text = (const char *) sqlite3_column_text (stmt, i);
          break;
        }
    }
}

/* One allocation for the row and its text: 1,000 shows are 1,000 blocks. */
LwDbRow *
lw_db_row_copy (const LwDbRow *row)
{
  gsize size = sizeof (LwDbRow);
  LwDbRow *copy;
  char *text;

  for (guint i = 0; i < row->n_columns; i++)
    if (row->columns[i].type == SQLITE_TEXT)
      size += strlen (row->columns[i].v.text) + 1;

  copy = g_malloc (size);
  memcpy (copy, row, sizeof (LwDbRow));
  text = (char *) (copy + 1);

  for (guint i = 0; i < row->n_columns; i++)
    if (row->columns[i].type == SQLITE_TEXT)
      {
        gsize length = strlen (row->columns[i].v.text) + 1;

        memcpy (text, row->columns[i].v.text, length);
        copy->columns[i].v.text = text;
        text += length;
      }

  return copy;
}

gint64
lw_db_row_get_int64 (const LwDbRow *row,
                     guint          column)
{
  const LwDbValue *value;

  g_assert (column < row->n_columns);
  value = &row->columns[column];

  switch (value->type)
    {
    case SQLITE_INTEGER:
      return value->v.i;

    case SQLITE_FLOAT:
      return (gint64) value->v.d;

    case SQLITE_TEXT:
      return g_ascii_strtoll (value->v.text, NULL, 10);

    default:
      return 0;
    }
}

double
lw_db_row_get_double (const LwDbRow *row,
                      guint          column)
{
  const LwDbValue *value;

  g_assert (column < row->n_columns);
  value = &row->columns[column];

  if (value->type == SQLITE_FLOAT)
    return value->v.d;
  if (value->type == SQLITE_TEXT)
    return g_ascii_strtod (value->v.text, NULL);

  return (double) lw_db_row_get_int64 (row, column);
}

/* The library's text columns have TEXT affinity: a number there is not text. */
const char *
lw_db_row_get_text (const LwDbRow *row,
                    guint          column)
{
  g_assert (column < row->n_columns);

  return row->columns[column].type == SQLITE_TEXT ? row->columns[column].v.text : NULL;
}

gboolean
lw_db_row_is_null (const LwDbRow *row,
                   guint          column)
{
  g_assert (column < row->n_columns);

  return row->columns[column].type == SQLITE_NULL;
}

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

/* Statements are cached by their text for the life of the connection. */
LwStmt *
lw_db_prepare (LwDb        *db,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the library"));
          return NULL;
        }

      g_hash_table_insert (db->statements, (gpointer) sql, stmt);
    }

  return stmt;
}

void
lw_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Takes @text (g_free()d by SQLite). */
void
lw_db_bind_text_take (sqlite3_stmt *stmt,
                      int           index,
                      char         *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, g_free);
}

/* LW_UNKNOWN and friends are stored as NULL. */
void
lw_db_bind_int_or_null (sqlite3_stmt *stmt,
                        int           index,
                        gint64        value,
                        gint64        unknown)
{
  if (value == unknown)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

char *
lw_db_dup_column (sqlite3_stmt *stmt,
                  int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gint64
lw_db_column_int_or (sqlite3_stmt *stmt,
                     int           column,
                     gint64        unknown)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return unknown;

  return sqlite3_column_int64 (stmt, column);
}

gboolean
lw_db_exec (LwDb        *db,
            const char  *sql,
            const char  *what,
            GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Steps a statement that returns no row. */
gboolean
lw_db_step_done (LwDb          *db,
                 sqlite3_stmt  *stmt,
                 const char    *what,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* IMMEDIATE: take the write lock up front. A deferred transaction that reads first
 * and then writes cannot wait for another process's writer: it fails at once with
 * SQLITE_BUSY whatever the busy timeout says. */
gboolean
lw_db_begin (LwDb        *db,
             const char  *what,
             GError     **error)
{
  return lw_db_exec (db, "BEGIN IMMEDIATE", what, error);
}

gboolean
lw_db_commit (LwDb        *db,
              const char  *what,
              GError     **error)
{
  if (lw_db_exec (db, "COMMIT", what, error))
    return TRUE;

  lw_db_rollback (db);
  return FALSE;
}

void
lw_db_rollback (LwDb *db)
{
  /* SQLite may have rolled back already (SQLITE_FULL can). */
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

gint64
lw_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_open_error (GError     **error,
                sqlite3     *db,
                int          rc,
                const char  *path,
                const char  *dir)
{
  g_autofree char *what = g_strdup_printf (_("Could not open the library “%s”"), path);

  /* The file, and the WAL files beside it, need a folder we may write to: say
   * that rather than "unable to open database file". */
  if (((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY) &&
      g_access (dir, W_OK) != 0)
    g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_READ_ONLY,
                 _("%s: the folder “%s” is read-only"), what, dir);
  else
    lw_library_set_sqlite_error (error, db, rc, what);
}

/* NULL stays NULL: an episode without notes indexes nothing for them. */
static void
notes_text_function (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  const char *html = (const char *) sqlite3_value_text (argv[0]);
  char *text;

  if (html == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  text = lw_html_to_search_text (html);
  sqlite3_result_text (context, text, -1, g_free);
}

/* lw_notes_text (notes_html): what the search index holds of an episode's notes (see
 * the schema's episodes_fts). Every connection that adds or deletes episodes, or reads
 * the index's content, needs it. */
int
lw_library_register_functions (sqlite3 *db)
{
  return sqlite3_create_function (db, "lw_notes_text", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, notes_text_function, NULL, NULL);
}

/* Takes @db; its statements are cached by their text. */
static LwDb *
db_new (sqlite3 *db)
{
  LwDb *result = g_new0 (LwDb, 1);

  result->handle = db;
  result->statements = g_hash_table_new_full (g_str_hash, g_str_equal,
                                              NULL, (GDestroyNotify) sqlite3_finalize);

  return result;
}

/* Opens (creating the folder and file as needed) and migrates. */
LwDb *
lw_db_open (const char  *path,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *journal_mode = NULL;
  static gsize sqlite_configured = 0;
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

  /* SQLite's memory statistics take a global mutex on every malloc and free,
   * from every thread; nothing here reads them. Only possible before SQLite
   * initialises, so once, before the first connection (a no-op otherwise). */
  if (g_once_init_enter (&sqlite_configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&sqlite_configured, 1);
    }

  /* NOMUTEX: a connection belongs to one thread; every process or thread that
   * wants the library opens its own. */
  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_open_error (error, db, rc, path, dir);
      sqlite3_close_v2 (db);
      return NULL;
    }

  /* Before the migrations, which use them too. */
  rc = lw_library_register_functions (db);
  if (rc != SQLITE_OK)
    {
      set_open_error (error, db, rc, path, dir);
      sqlite3_close_v2 (db);
      return NULL;
    }

  /* The app and longwave-cli share the file: wait for each other instead of
   * failing with "database is locked". */
  sqlite3_busy_timeout (db, 5000);

  /* Only takes effect in a new, empty file (an existing library keeps its size).
   * 16 KiB rather than 4: an episode row with its notes (1–3 KB) no longer
   * spills onto overflow pages, and a refresh writes a quarter as many WAL
   * frames (two syscalls each) and walks shallower trees: issue 4 measured a
   * refresh of 200 feeds 20–30% faster. */
  sqlite3_exec (db, "PRAGMA page_size = 16384", NULL, NULL, NULL);
  /* Also tells a file that is not a database from one that is. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    journal_mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_open_error (error, db, rc, path, dir);
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
                     "PRAGMA cache_size = -4096;"
                     /* Fewer checkpoints (each one syncs) while importing
                      * hundreds of feeds; the WAL stays under 16 MB (1000 pages of 16 KiB). */
                     "PRAGMA wal_autocheckpoint = 1000;"
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

  return db_new (db);
}

/* A read-only connection for a reading thread: no folder made, no migration
 * (the main connection did both), the same busy timeout. In WAL mode each of its
 * read transactions sees one commit's state, whatever the writers do meanwhile. */
LwDb *
lw_db_open_reader (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc == SQLITE_OK)
    rc = lw_library_register_functions (db);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db,
                       "PRAGMA cache_size = -4096;"
                       "PRAGMA temp_store = MEMORY;",
                       NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_open_error (error, db, rc, path, dir);
      sqlite3_close_v2 (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);

  return db_new (db);
}

void
lw_db_close (LwDb *db)
{
  if (db == NULL)
    return;

  /* Statements first: close_v2 would keep the connection as a zombie otherwise. */
  g_hash_table_unref (db->statements);
  sqlite3_close_v2 (db->handle);
  g_free (db);
}

/* The id goes in as text: xgettext cannot read G_GINT64_FORMAT inside a msgid. */
void
lw_library_set_not_found (GError     **error,
                          LwNotFound   what,
                          gint64       id)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (what == LW_NOT_FOUND_SHOW)
    g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND,
                 _("There is no subscription with id %s"), id_text);
  else
    g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND,
                 _("There is no episode with id %s"), id_text);
}
