/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-library-private.h"

/* Listening state of many episodes at once (the episode list's "Mark All Played").
 * Kept apart from lw-library.c, which owns the one-episode changes this builds on. */

/**
 * lw_library_set_show_played:
 * @self: a library
 * @show_id: the show
 * @played: the state to give every episode of the show
 * @error: return location for a #GError
 *
 * Marks every episode of a show played (positions reset to 0) or unplayed, in one
 * transaction. Live episodes, the show's counts and the New / In progress lists
 * update before this returns.
 *
 * Returns: %TRUE on success (also when nothing needed to change)
 */
gboolean
lw_library_set_show_played (LwLibrary  *self,
                            gint64      show_id,
                            gboolean    played,
                            GError    **error)
{
  LwDb *db;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) live = NULL;
  g_autoptr(LwShow) show = NULL;
  sqlite3_stmt *stmt;
  gint64 last;
  int rc;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  show = lw_library_lookup_show (self, show_id);
  if (show == NULL)
    {
      lw_library_set_not_found (error, LW_NOT_FOUND_SHOW, show_id);
      return FALSE;
    }

  db = lw_library_get_main_db (self);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Only the episodes whose state changes: their live objects are re-read below. */
  stmt = lw_db_prepare (db,
                        "SELECT e.id" LW_EPISODE_FROM
                        "WHERE e.show_id = ?1 AND (st.played != ?2 OR st.position_ms != 0)",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  sqlite3_bind_int (stmt, 2, !!played);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  lw_stmt_release (stmt);

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, lw_library_get_db (self), rc, _("Could not save the episodes"));
      return FALSE;
    }

  if (ids->len == 0)
    return TRUE;

  last = g_array_index (ids, gint64, ids->len - 1);

  if (ids->len > 1)
    {
      if (!lw_db_begin (db, _("Could not save the episodes"), error))
        return FALSE;

      stmt = lw_db_prepare (db,
                            "UPDATE episode_state SET played = ?2, position_ms = 0"
                            " WHERE episode_id IN (SELECT id FROM episodes WHERE show_id = ?1)"
                            " AND episode_id != ?3",
                            error);
      if (stmt == NULL)
        {
          lw_db_rollback (db);
          return FALSE;
        }

      sqlite3_bind_int64 (stmt, 1, show_id);
      sqlite3_bind_int (stmt, 2, !!played);
      sqlite3_bind_int64 (stmt, 3, last);

      if (!lw_db_step_done (db, stmt, _("Could not save the episodes"), error))
        {
          lw_stmt_release (stmt);
          lw_db_rollback (db);
          return FALSE;
        }
      lw_stmt_release (stmt);

      if (!lw_db_commit (db, _("Could not save the episodes"), error))
        return FALSE;

      /* Whoever holds one of these episodes (a visible row) hears about it. */
      live = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i + 1 < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          g_autoptr(LwEpisode) episode = lw_library_peek_episode (self, id);

          if (episode != NULL)
            g_array_append_val (live, id);
        }

      for (guint i = 0; i < live->len; i += LW_LIBRARY_PAGE_SIZE)
        g_ptr_array_unref (lw_library_load_episodes (self, &g_array_index (live, gint64, i),
                                                     MIN (LW_LIBRARY_PAGE_SIZE, live->len - i)));
    }

  /* The last one goes through the one-episode path, which also re-reads the show's
   * counts and the New and In progress lists. */
  return lw_library_set_episode_played (self, last, played, error);
}
