/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

/* LwLibrary: changes to one show or episode, made by the user or a refresh. */

#include <glib/gi18n.h>

#include "lw-library-private.h"

/* Runs a one-statement change on one row and tells NOT_FOUND apart. */
static gboolean
change_row (LwLibrary    *self,
            sqlite3_stmt *stmt,
            const char   *what,
            LwNotFound    kind,
            gint64        id,
            GError      **error)
{
  if (!lw_db_step_done (lw_library_get_main_db (self), stmt, what, error))
    return FALSE;

  if (sqlite3_changes (lw_library_get_db (self)) == 0)
    {
      lw_library_set_not_found (error, kind, id);
      return FALSE;
    }

  return TRUE;
}

/* Runs @sql with ?1 = @show_id, ?2 = @text, ?3 = now, ?4 = @number. */
static gboolean
change_show (LwLibrary   *self,
             gint64       show_id,
             const char  *sql,
             const char  *text,
             gint64       number,
             GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  stmt = lw_db_prepare (lw_library_get_main_db (self), sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  lw_db_bind_text (stmt, 2, text);
  sqlite3_bind_int64 (stmt, 3, lw_now_unix ());
  sqlite3_bind_int64 (stmt, 4, number);

  if (!change_row (self, stmt, _("Could not save the subscription"), LW_NOT_FOUND_SHOW, show_id, error))
    return FALSE;

  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_reload_show (self, show_id);

  return TRUE;
}

/* @http_status < 0 keeps the stored one. */
static gboolean
record_failure (LwLibrary   *self,
                gint64       show_id,
                int          http_status,
                const char  *message,
                GError     **error)
{
  /* SET sees the old failures: 15 min << failures so far, at most a day. A 410
   * marks the show as gone. */
  return change_show (self, show_id,
                      "UPDATE shows SET last_error = ?2,"
                      "  last_status = iif (?4 < 0, last_status, ?4),"
                      "  failures = iif (?2 IS NULL, 0, failures + 1),"
                      "  next_retry = iif (?2 IS NULL, 0, ?3 + min (900 << min (failures, 7), 86400)),"
                      "  gone = iif (?4 < 0, gone, ?4 = 410)"
                      " WHERE id = ?1",
                      message, http_status, error);
}

gboolean
lw_library_set_show_failure (LwLibrary   *self,
                             gint64       show_id,
                             guint        http_status,
                             const char  *message,
                             GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (http_status <= G_MAXINT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return record_failure (self, show_id, (int) http_status, message, error);
}

gboolean
lw_library_set_show_error (LwLibrary   *self,
                           gint64       show_id,
                           const char  *message,
                           GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return record_failure (self, show_id, -1, message, error);
}

gboolean
lw_library_set_show_not_modified (LwLibrary          *self,
                                  gint64              show_id,
                                  const LwHttpCache  *cache,
                                  GError            **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = lw_db_prepare (lw_library_get_main_db (self),
                        "UPDATE shows SET last_status = 304, last_error = NULL, last_refreshed = ?2,"
                        "  failures = 0, next_retry = 0, gone = 0,"
                        "  etag = iif (?3, ?4, etag), last_modified = iif (?3, ?5, last_modified)"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  sqlite3_bind_int64 (stmt, 2, lw_now_unix ());
  sqlite3_bind_int (stmt, 3, cache != NULL);
  lw_db_bind_text (stmt, 4, cache != NULL ? cache->etag : NULL);
  lw_db_bind_text (stmt, 5, cache != NULL ? cache->last_modified : NULL);

  if (!change_row (self, stmt, _("Could not save the subscription"), LW_NOT_FOUND_SHOW, show_id, error))
    return FALSE;

  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_reload_show (self, show_id);

  return TRUE;
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
                      feed_url, 0, error);
}

/**
 * lw_library_set_show_auth_user:
 * @user: (nullable): the user name the feed's server wants, %NULL for none
 *
 * The password itself is never stored here (see lw-secret.h).
 */
gboolean
lw_library_set_show_auth_user (LwLibrary   *self,
                               gint64       show_id,
                               const char  *user,
                               GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_show (self, show_id, "UPDATE shows SET auth_user = ?2 WHERE id = ?1",
                      user, 0, error);
}

/* The one text column @sql ("SELECT column FROM shows WHERE id = ?") reads of the
 * show; NULL for SQL NULL, no such show or a failed read. */
static char *
dup_show_text (LwLibrary  *self,
               const char *sql,
               gint64      show_id)
{
  g_autoptr(LwStmt) stmt = lw_db_prepare (lw_library_get_main_db (self), sql, NULL);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, show_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return lw_db_dup_column (stmt, 0);
}

/**
 * lw_library_dup_show_body_hash:
 *
 * Returns: (transfer full) (nullable): what the last merge of the show stored as
 *   LwHttpCache.body_hash
 */
char *
lw_library_dup_show_body_hash (LwLibrary *self,
                               gint64     show_id)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return dup_show_text (self, "SELECT body_hash FROM shows WHERE id = ?", show_id);
}

/**
 * lw_library_dup_show_auth_user:
 *
 * Returns: (transfer full) (nullable): the user name to log in to the show's feed
 *   with, or %NULL when it needs none (or there is no such show)
 */
char *
lw_library_dup_show_auth_user (LwLibrary *self,
                               gint64     show_id)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);

  return dup_show_text (self, "SELECT auth_user FROM shows WHERE id = ?", show_id);
}

/**
 * lw_library_set_show_playback_rate:
 * @rate: the speed, clamped to 0.5–3.0; 0 (or less) follows the global speed
 *
 * Stores the show's own playback speed (issue 5: per-show speed).
 */
gboolean
lw_library_set_show_playback_rate (LwLibrary   *self,
                                   gint64       show_id,
                                   double       rate,
                                   GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The player's limits (LW_PLAYER_MIN_RATE/MAX_RATE): core does not include it. */
  rate = rate <= 0.0 ? 0.0 : CLAMP (rate, 0.5, 3.0);

  stmt = lw_db_prepare (lw_library_get_main_db (self), "UPDATE shows SET playback_rate = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  sqlite3_bind_double (stmt, 2, rate);

  if (!change_row (self, stmt, _("Could not save the subscription"), LW_NOT_FOUND_SHOW, show_id, error))
    return FALSE;

  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_reload_show (self, show_id);

  return TRUE;
}

gboolean
lw_library_remove_show (LwLibrary   *self,
                        gint64       show_id,
                        GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = lw_db_prepare (lw_library_get_main_db (self), "DELETE FROM shows WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  /* The episodes, their state and queue entries go with it (ON DELETE CASCADE). */
  sqlite3_bind_int64 (stmt, 1, show_id);
  if (!change_row (self, stmt, _("Could not remove the subscription"), LW_NOT_FOUND_SHOW, show_id, error))
    return FALSE;

  lw_library_remove_from_show_list (self, show_id);

  /* Its episodes left every list, the queue included. */
  lw_library_reload_lists (self, LW_LIST_EVERY, show_id);

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
  g_autoptr(LwEpisode) episode = NULL;

  if (!change_row (self, stmt, _("Could not save the episode"), LW_NOT_FOUND_EPISODE, episode_id, error))
    return FALSE;

  lw_stmt_release (stmt);

  lw_library_reload_episode (self, episode_id);

  episode = lw_library_lookup_episode (self, episode_id);
  if (episode != NULL)
    lw_library_reload_show (self, lw_episode_get_show_id (episode));

  /* Played and position decide who is in these. */
  lw_library_reload_lists (self, LW_LIST_NEW | LW_LIST_IN_PROGRESS, 0);

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

  stmt = lw_db_prepare (lw_library_get_main_db (self),
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

  stmt = lw_db_prepare (lw_library_get_main_db (self),
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

  stmt = lw_db_prepare (lw_library_get_main_db (self),
                        "UPDATE episode_state SET local_path = ?2 WHERE episode_id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  lw_db_bind_text (stmt, 2, local_path);

  return change_episode (self, episode_id, g_steal_pointer (&stmt), error);
}
