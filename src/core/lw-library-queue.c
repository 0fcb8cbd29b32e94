/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

/* LwLibrary: the play queue. */

#include <glib/gi18n.h>

#include "lw-library-private.h"

static gboolean
queue_change (LwLibrary   *self,
              gint64       episode_id,
              gboolean     add,
              int          position,
              GError     **error)
{
  const char *what = _("Could not change the queue");
  g_autoptr(LwStmt) stmt = NULL;
  gint64 old_position = -1;
  gint64 length;

  if (!lw_db_begin (lw_library_get_main_db (self), what, error))
    return FALSE;

  stmt = lw_db_prepare (lw_library_get_main_db (self),
                        "SELECT (SELECT position FROM queue WHERE episode_id = ?1),"
                        "  (SELECT count(*) FROM queue),"
                        "  EXISTS (SELECT 1 FROM episodes WHERE id = ?1)",
                        error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lw_library_set_sqlite_error (error, lw_library_get_db (self), sqlite3_errcode (lw_library_get_db (self)), what);
      goto failed;
    }

  if (!sqlite3_column_int (stmt, 2))
    {
      lw_library_set_not_found (error, LW_NOT_FOUND_EPISODE, episode_id);
      goto failed;
    }

  old_position = lw_db_column_int_or (stmt, 0, -1);
  length = sqlite3_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, lw_stmt_release);

  /* Positions stay 0…n-1: take it out, close the gap, open one where it goes. */
  if (old_position >= 0)
    {
      static const char * const close_gap[] = {
        "DELETE FROM queue WHERE episode_id = ?1",
        "UPDATE queue SET position = position - 1 WHERE position > ?2",
      };

      for (guint i = 0; i < G_N_ELEMENTS (close_gap); i++)
        {
          g_autoptr(LwStmt) change = lw_db_prepare (lw_library_get_main_db (self), close_gap[i], error);

          if (change == NULL)
            goto failed;
          sqlite3_bind_int64 (change, 1, episode_id);
          sqlite3_bind_int64 (change, 2, old_position);
          if (!lw_db_step_done (lw_library_get_main_db (self), change, what, error))
            goto failed;
        }
      length--;
    }

  if (add)
    {
      static const char * const open_gap[] = {
        "UPDATE queue SET position = position + 1 WHERE position >= ?2",
        "INSERT INTO queue (episode_id, position) VALUES (?1, ?2)",
      };
      gint64 new_position = position < 0 || position > length ? length : position;

      for (guint i = 0; i < G_N_ELEMENTS (open_gap); i++)
        {
          g_autoptr(LwStmt) change = lw_db_prepare (lw_library_get_main_db (self), open_gap[i], error);

          if (change == NULL)
            goto failed;
          sqlite3_bind_int64 (change, 1, episode_id);
          sqlite3_bind_int64 (change, 2, new_position);
          if (!lw_db_step_done (lw_library_get_main_db (self), change, what, error))
            goto failed;
        }
    }

  if (!lw_db_commit (lw_library_get_main_db (self), what, error))
    return FALSE;

  lw_library_reload_lists (self, LW_LIST_QUEUE, 0);

  return TRUE;

failed:
  g_clear_pointer (&stmt, lw_stmt_release);
  lw_db_rollback (lw_library_get_main_db (self));
  return FALSE;
}

gboolean
lw_library_queue_add (LwLibrary   *self,
                      gint64       episode_id,
                      int          position,
                      GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return queue_change (self, episode_id, TRUE, position, error);
}

gboolean
lw_library_queue_remove (LwLibrary   *self,
                         gint64       episode_id,
                         GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return queue_change (self, episode_id, FALSE, -1, error);
}
