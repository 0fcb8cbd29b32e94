/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "lw-sync-private.h"

/* The sync's own connection to the library file: the tables are the library's
 * (its schema creates them and its triggers fill the queue), the reading and
 * acknowledging is ours, so nothing here reaches into LwLibrary's internals. */
struct _LwSyncStore
{
  sqlite3 *db;
};

void
lw_sync_change_free (LwSyncChange *change)
{
  if (change == NULL)
    return;
  g_free (change->url);
  g_free (change);
}

void
lw_sync_action_free (LwSyncAction *action)
{
  if (action == NULL)
    return;
  g_free (action->podcast);
  g_free (action->episode);
  g_free (action->guid);
  g_free (action->action);
  g_free (action);
}

static gboolean
fail (LwSyncStore  *store,
      GError      **error)
{
  g_set_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_FAILED,
               _("Could not read or save the sync state: %s"), sqlite3_errmsg (store->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (LwSyncStore  *store,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fail (store, error);
      return NULL;
    }

  return stmt;
}

static gboolean
step_done (LwSyncStore   *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return fail (store, error);

  return TRUE;
}

static gboolean
exec (LwSyncStore  *store,
      const char   *sql,
      GError      **error)
{
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fail (store, error);

  return TRUE;
}

LwSyncStore *
lw_sync_store_open (const char  *path,
                    GError     **error)
{
  g_autoptr(LwSyncStore) store = g_new0 (LwSyncStore, 1);

  if (sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      fail (store, error);
      return NULL;
    }

  sqlite3_busy_timeout (store->db, 10000);
  if (!exec (store, "PRAGMA foreign_keys = ON", error))
    return NULL;

  return g_steal_pointer (&store);
}

void
lw_sync_store_free (LwSyncStore *store)
{
  if (store == NULL)
    return;
  sqlite3_close (store->db);
  g_free (store);
}

char *
lw_sync_store_get (LwSyncStore *store,
                   const char  *key)
{
  sqlite3_stmt *stmt = prepare (store, "SELECT value FROM sync_state WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

gint64
lw_sync_store_get_int (LwSyncStore *store,
                       const char  *key)
{
  g_autofree char *value = lw_sync_store_get (store, key);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
lw_sync_store_set (LwSyncStore  *store,
                   const char   *key,
                   const char   *value,
                   GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (store, "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);

  return step_done (store, stmt, error);
}

gboolean
lw_sync_store_set_int (LwSyncStore  *store,
                       const char   *key,
                       gint64        value,
                       GError      **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return lw_sync_store_set (store, key, text, error);
}

gboolean
lw_sync_store_clear_prefix (LwSyncStore  *store,
                            const char   *prefix,
                            GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (store, "DELETE FROM sync_state WHERE substr (key, 1, length (?1)) = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);

  return step_done (store, stmt, error);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text);
}

static gint64
int_or_none (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return -1;

  return sqlite3_column_int64 (stmt, column);
}

GPtrArray *
lw_sync_store_dup_changes (LwSyncStore  *store,
                           GError      **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_sync_change_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (store, "SELECT id, revision, url, action = 'add' FROM sync_subscriptions ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwSyncChange *change = g_new0 (LwSyncChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->revision = sqlite3_column_int64 (stmt, 1);
      change->url = dup_text (stmt, 2);
      change->add = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (changes, change);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      fail (store, error);
      return NULL;
    }

  return g_steal_pointer (&changes);
}

/* Rows of id, revision, podcast, episode, guid, action, timestamp, started,
 * position, total; finalizes @stmt. */
static GPtrArray *
read_actions (LwSyncStore   *store,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_sync_action_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LwSyncAction *action = g_new0 (LwSyncAction, 1);

      action->id = sqlite3_column_int64 (stmt, 0);
      action->revision = sqlite3_column_int64 (stmt, 1);
      action->podcast = dup_text (stmt, 2);
      action->episode = dup_text (stmt, 3);
      action->guid = dup_text (stmt, 4);
      action->action = dup_text (stmt, 5);
      action->timestamp = sqlite3_column_int64 (stmt, 6);
      action->started = int_or_none (stmt, 7);
      action->position = int_or_none (stmt, 8);
      action->total = int_or_none (stmt, 9);
      g_ptr_array_add (actions, action);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      fail (store, error);
      return NULL;
    }

  return g_steal_pointer (&actions);
}

GPtrArray *
lw_sync_store_dup_actions (LwSyncStore  *store,
                           guint         limit,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (store,
                  "SELECT id, revision, podcast, episode, guid, action, timestamp, started, position, total"
                  " FROM sync_actions ORDER BY id LIMIT ?",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, limit);

  return read_actions (store, stmt, error);
}

/* @items hold id and revision as their first two members. */
static gboolean
ack (LwSyncStore  *store,
     const char   *sql,
     GPtrArray    *items,
     GError      **error)
{
  sqlite3_stmt *stmt;

  if (items->len == 0)
    return TRUE;

  if (!exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  stmt = prepare (store, sql, error);
  if (stmt == NULL)
    goto rollback;

  for (guint i = 0; i < items->len; i++)
    {
      const gint64 *row = g_ptr_array_index (items, i);

      sqlite3_bind_int64 (stmt, 1, row[0]);
      sqlite3_bind_int64 (stmt, 2, row[1]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          fail (store, error);
          sqlite3_finalize (stmt);
          goto rollback;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  if (exec (store, "COMMIT", error))
    return TRUE;

rollback:
  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (LwSyncChange, id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (LwSyncChange, revision) == sizeof (gint64));
G_STATIC_ASSERT (G_STRUCT_OFFSET (LwSyncAction, id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (LwSyncAction, revision) == sizeof (gint64));

gboolean
lw_sync_store_ack_changes (LwSyncStore  *store,
                           GPtrArray    *changes,
                           GError      **error)
{
  return ack (store, "DELETE FROM sync_subscriptions WHERE id = ? AND revision = ?", changes, error);
}

gboolean
lw_sync_store_ack_actions (LwSyncStore  *store,
                           GPtrArray    *actions,
                           GError      **error)
{
  return ack (store, "DELETE FROM sync_actions WHERE id = ? AND revision = ?", actions, error);
}

static gint64
query_int (LwSyncStore *store,
           const char  *sql)
{
  sqlite3_stmt *stmt = prepare (store, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

guint
lw_sync_store_count_pending (LwSyncStore *store)
{
  return query_int (store,
                    "SELECT (SELECT count(*) FROM sync_subscriptions)"
                    " + (SELECT count(*) FROM sync_actions)");
}

gint64
lw_sync_store_queue_stamp (LwSyncStore *store)
{
  /* Rows only come and go at the end or grow their revision: ids plus revisions
   * change whenever the queue does, and a deletion only makes it smaller. */
  return query_int (store,
                    "SELECT (SELECT coalesce (max (id), 0) + total (revision) FROM sync_subscriptions)"
                    " + (SELECT coalesce (max (id), 0) + total (revision) FROM sync_actions)");
}

gboolean
lw_sync_store_queue_all_shows (LwSyncStore  *store,
                               GError      **error)
{
  return exec (store,
               "INSERT OR IGNORE INTO sync_subscriptions (url, action)"
               " SELECT feed_url, 'add' FROM shows ORDER BY id",
               error);
}

static gboolean
run_text (LwSyncStore  *store,
          const char   *sql,
          const char   *text,
          GError      **error)
{
  sqlite3_stmt *stmt = prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);

  return step_done (store, stmt, error);
}

gboolean
lw_sync_store_drop_change (LwSyncStore  *store,
                           const char   *url,
                           GError      **error)
{
  return run_text (store, "DELETE FROM sync_subscriptions WHERE url = ?", url, error);
}

gboolean
lw_sync_store_applied_action (LwSyncStore  *store,
                              const char   *episode,
                              gint64        timestamp,
                              GError      **error)
{
  sqlite3_stmt *stmt;

  if (!run_text (store, "DELETE FROM sync_actions WHERE episode = ? AND action IN ('play', 'new')",
                 episode, error))
    return FALSE;

  stmt = prepare (store, "INSERT OR REPLACE INTO sync_episode_times (episode, timestamp) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, episode, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, timestamp);

  return step_done (store, stmt, error);
}

gint64
lw_sync_store_episode_time (LwSyncStore *store,
                            const char  *episode)
{
  sqlite3_stmt *stmt = prepare (store, "SELECT timestamp FROM sync_episode_times WHERE episode = ?", NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, episode, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

gint64
lw_sync_store_find_episode (LwSyncStore *store,
                            const char  *podcast,
                            const char  *episode,
                            const char  *guid)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  stmt = prepare (store,
                  "SELECT e.id FROM episodes e JOIN shows s ON s.id = e.show_id"
                  " WHERE e.enclosure_url = ?1"
                  "    OR (?3 IS NOT NULL AND e.guid = ?3 AND s.feed_url = ?2)"
                  " ORDER BY e.enclosure_url = ?1 DESC LIMIT 1",
                  NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, episode, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, podcast, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, guid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return id;
}

gboolean
lw_sync_store_inbox_add (LwSyncStore  *store,
                         const char   *url,
                         GError      **error)
{
  return run_text (store, "INSERT OR IGNORE INTO sync_inbox (url) VALUES (?)", url, error);
}

gboolean
lw_sync_store_inbox_remove (LwSyncStore  *store,
                            const char   *url,
                            GError      **error)
{
  return run_text (store, "DELETE FROM sync_inbox WHERE url = ?", url, error);
}

char **
lw_sync_store_dup_inbox (LwSyncStore  *store,
                         GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (store, "SELECT url FROM sync_inbox ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      fail (store, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

gboolean
lw_sync_store_hold_action (LwSyncStore   *store,
                           LwSyncAction  *action,
                           GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (store,
                  "INSERT INTO sync_held_actions"
                  "  (episode, podcast, guid, action, timestamp, started, position, total)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (episode) DO UPDATE SET podcast = excluded.podcast, guid = excluded.guid,"
                  "   action = excluded.action, timestamp = excluded.timestamp, started = excluded.started,"
                  "   position = excluded.position, total = excluded.total"
                  " WHERE excluded.timestamp > timestamp",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, action->episode, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, action->podcast, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action->guid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, action->action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, action->timestamp);
  bind_int_or_null (stmt, 6, action->started);
  bind_int_or_null (stmt, 7, action->position);
  bind_int_or_null (stmt, 8, action->total);

  return step_done (store, stmt, error);
}

GPtrArray *
lw_sync_store_dup_held_actions (LwSyncStore  *store,
                                GError      **error)
{
  sqlite3_stmt *stmt;

  if (!exec (store,
             "DELETE FROM sync_held_actions"
             " WHERE timestamp < CAST (strftime ('%s', 'now') AS INTEGER) - 90 * 86400",
             error))
    return NULL;

  stmt = prepare (store,
                  "SELECT 0, 0, podcast, episode, guid, action, timestamp, started, position, total"
                  " FROM sync_held_actions ORDER BY timestamp",
                  error);
  if (stmt == NULL)
    return NULL;

  return read_actions (store, stmt, error);
}

gboolean
lw_sync_store_release_action (LwSyncStore  *store,
                              const char   *episode,
                              GError      **error)
{
  return run_text (store, "DELETE FROM sync_held_actions WHERE episode = ?", episode, error);
}
