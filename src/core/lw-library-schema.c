/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-library-private.h"

/* Migration N takes an empty or version-N database to version N + 1. Never edit a
 * migration that has shipped: append a new one. Version 1 already holds what the
 * later issues need (HTTP cache state, queue, search, download state), so the
 * following ones stay small. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE shows ("
  "  id               INTEGER PRIMARY KEY,"
  "  feed_url         TEXT NOT NULL UNIQUE,"
  "  title            TEXT NOT NULL DEFAULT '',"
  "  author           TEXT,"
  "  description      TEXT,"
  "  description_html TEXT,"
  "  image_url        TEXT,"
  "  link             TEXT,"
  "  language         TEXT,"
  "  owner_name       TEXT,"
  "  owner_email      TEXT,"
  "  categories       TEXT,"                       /* JSON array of "Parent/Child" */
  "  type             TEXT,"                       /* episodic, serial */
  "  explicit         INTEGER NOT NULL DEFAULT -1,"
  "  new_feed_url     TEXT,"
  "  locked           INTEGER NOT NULL DEFAULT -1,"
  "  podcast_guid     TEXT,"
  "  funding          TEXT,"                       /* JSON */
  "  podroll          TEXT,"                       /* JSON */
  "  persons          TEXT,"                       /* JSON */
  "  added            INTEGER NOT NULL DEFAULT 0," /* Unix seconds */
  /* HTTP cache and refresh state */
  "  etag             TEXT,"
  "  last_modified    TEXT,"
  "  last_status      INTEGER NOT NULL DEFAULT 0,"
  "  last_error       TEXT,"
  "  last_refreshed   INTEGER NOT NULL DEFAULT 0,"
  "  next_retry       INTEGER NOT NULL DEFAULT 0,"
  "  failures         INTEGER NOT NULL DEFAULT 0,"  /* in a row, for the backoff */
  "  gone             INTEGER NOT NULL DEFAULT 0"   /* 410 */
  ");"
  "CREATE INDEX shows_title ON shows (title COLLATE NOCASE);"
  "CREATE INDEX shows_next_retry ON shows (next_retry);"

  "CREATE TABLE episodes ("
  "  id                   INTEGER PRIMARY KEY,"
  "  show_id              INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,"
  "  guid                 TEXT NOT NULL,"
  "  title                TEXT NOT NULL DEFAULT '',"
  "  published            INTEGER,"                /* Unix seconds, NULL = unknown */
  "  duration             INTEGER,"                /* seconds, NULL = unknown */
  "  link                 TEXT,"
  "  summary              TEXT,"
  "  image_url            TEXT,"
  "  enclosure_url        TEXT,"                   /* the main one: what Play plays */
  "  enclosure_type       TEXT,"
  "  enclosure_length     INTEGER,"
  "  enclosures           TEXT,"                   /* JSON: all of them */
  "  season               INTEGER,"
  "  episode              INTEGER,"
  "  episode_type         TEXT,"
  "  explicit             INTEGER NOT NULL DEFAULT -1,"
  "  author               TEXT,"
  "  chapters             TEXT,"                   /* JSON */
  "  chapters_url         TEXT,"
  "  chapters_type        TEXT,"
  "  transcripts          TEXT,"                   /* JSON */
  "  persons              TEXT,"                   /* JSON */
  "  funding              TEXT,"                   /* JSON */
  "  alternate_enclosures TEXT,"                   /* JSON */
  "  soundbites           TEXT,"                   /* JSON */
  "  content_hash         TEXT,"                   /* skips rewriting unchanged rows */
  "  first_seen           INTEGER NOT NULL DEFAULT 0,"
  "  in_feed              INTEGER NOT NULL DEFAULT 1" /* 0: left the feed, kept for its state */
  ");"
  "CREATE UNIQUE INDEX episodes_show_guid ON episodes (show_id, guid);"
  "CREATE INDEX episodes_show_published ON episodes (show_id, published DESC, id DESC);"
  "CREATE INDEX episodes_published ON episodes (published DESC, id DESC);"

  /* The show notes, most of an episode's bytes, apart: listing 10,000 episodes
   * then reads 3 MB of pages instead of 30. */
  "CREATE TABLE episode_notes ("
  "  episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,"
  "  notes_html TEXT NOT NULL"
  ");"

  /* What the user did with an episode: apart from the feed data, so saving the
   * position every few seconds does not rewrite the show notes. */
  "CREATE TABLE episode_state ("
  "  episode_id      INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,"
  "  played          INTEGER NOT NULL DEFAULT 0,"
  "  position_ms     INTEGER NOT NULL DEFAULT 0,"
  "  last_played     INTEGER NOT NULL DEFAULT 0,"
  "  local_path      TEXT,"                        /* a complete download */
  "  download_path   TEXT,"                        /* a partial one, to resume */
  "  download_bytes  INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX episode_state_in_progress ON episode_state (last_played DESC)"
  "  WHERE position_ms > 0 AND played = 0;"
  "CREATE INDEX episode_state_downloaded ON episode_state (episode_id)"
  "  WHERE local_path IS NOT NULL;"

  "CREATE TABLE queue ("
  "  episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL"
  ");"
  "CREATE INDEX queue_position ON queue (position);"

  /* Search: external-content FTS5 tables kept in step by triggers. */
  "CREATE VIRTUAL TABLE shows_fts USING fts5 ("
  "  title, author, description,"
  "  content = 'shows', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE episodes_fts USING fts5 ("
  "  title, summary,"
  "  content = 'episodes', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');"

  "CREATE TRIGGER shows_ai AFTER INSERT ON shows BEGIN"
  "  INSERT INTO shows_fts (rowid, title, author, description)"
  "    VALUES (new.id, new.title, new.author, new.description);"
  "END;"
  "CREATE TRIGGER shows_ad AFTER DELETE ON shows BEGIN"
  "  INSERT INTO shows_fts (shows_fts, rowid, title, author, description)"
  "    VALUES ('delete', old.id, old.title, old.author, old.description);"
  "END;"
  "CREATE TRIGGER shows_au AFTER UPDATE OF title, author, description ON shows"
  "  WHEN old.title IS NOT new.title OR old.author IS NOT new.author"
  "    OR old.description IS NOT new.description BEGIN"
  "  INSERT INTO shows_fts (shows_fts, rowid, title, author, description)"
  "    VALUES ('delete', old.id, old.title, old.author, old.description);"
  "  INSERT INTO shows_fts (rowid, title, author, description)"
  "    VALUES (new.id, new.title, new.author, new.description);"
  "END;"

  /* No AFTER INSERT trigger on episodes: FTS5 flushes its pending terms at every
   * statement that writes to it, and any trigger gives each INSERT a statement
   * journal; together they made a 10,000-episode subscribe five times slower. The
   * merge adds the state rows and the search entries of its new episodes in one
   * INSERT … SELECT each. */
  "CREATE TRIGGER episodes_ad AFTER DELETE ON episodes BEGIN"
  "  INSERT INTO episodes_fts (episodes_fts, rowid, title, summary)"
  "    VALUES ('delete', old.id, old.title, old.summary);"
  "END;"
  "CREATE TRIGGER episodes_au AFTER UPDATE OF title, summary ON episodes"
  "  WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary BEGIN"
  "  INSERT INTO episodes_fts (episodes_fts, rowid, title, summary)"
  "    VALUES ('delete', old.id, old.title, old.summary);"
  "  INSERT INTO episodes_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);"
  "END;",

  /* 1 → 2, library and feed service (issue 4): the user name of a feed behind
   * HTTP authentication; its password is in the Secret Service. */
  "ALTER TABLE shows ADD COLUMN auth_user TEXT;"
  /* A digest of the last feed body merged: an unchanged body from a server
   * without ETag or Last-Modified is not parsed again. */
  "ALTER TABLE shows ADD COLUMN body_hash TEXT;",

  /* 2 → 3, downloads (issue 6): per-show auto-download (-1 = follow the global setting) with
   * its maximum, and the episodes auto-download fetched once, so that one the user
   * deleted or cancelled is not fetched again. */
  "CREATE TABLE download_settings ("
  "  show_id       INTEGER PRIMARY KEY REFERENCES shows (id) ON DELETE CASCADE,"
  "  auto_download INTEGER NOT NULL DEFAULT -1,"
  "  max_episodes  INTEGER NOT NULL DEFAULT -1"
  ");"
  "CREATE TABLE auto_downloaded ("
  "  episode_id INTEGER PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE"
  ");",

  /* 3 → 4, sync (issue 7): the outbound queue of subscription changes and episode actions,
   * filled by triggers, so every writer (the app, longwave-cli, the merge thread)
   * records its change in the same transaction as the change itself. Coalesced per
   * URL and per episode and action; "revision" grows on each update, so a sync
   * deletes only the exact rows the server acknowledged. */
  "CREATE TABLE sync_subscriptions ("
  "  id       INTEGER PRIMARY KEY,"
  "  url      TEXT NOT NULL UNIQUE,"
  "  action   TEXT NOT NULL,"                      /* add, remove */
  "  revision INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE sync_actions ("
  "  id        INTEGER PRIMARY KEY,"
  "  podcast   TEXT NOT NULL,"
  "  episode   TEXT NOT NULL,"                     /* the enclosure URL */
  "  guid      TEXT,"
  "  action    TEXT NOT NULL,"                     /* play, download, delete, new */
  "  timestamp INTEGER NOT NULL,"                  /* Unix seconds */
  "  started   INTEGER,"                           /* seconds; play only */
  "  position  INTEGER,"
  "  total     INTEGER,"
  "  revision  INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (episode, action)"
  ");"
  /* The newest action known per episode, local or remote: the newest wins. */
  "CREATE TABLE sync_episode_times ("
  "  episode   TEXT PRIMARY KEY,"
  "  timestamp INTEGER NOT NULL"
  ");"
  /* Actions from other devices on episodes this library does not have (yet): the
   * show's feed failed, or the user subscribes here later. Newest per episode. */
  "CREATE TABLE sync_held_actions ("
  "  episode   TEXT PRIMARY KEY,"
  "  podcast   TEXT NOT NULL,"
  "  guid      TEXT,"
  "  action    TEXT NOT NULL,"
  "  timestamp INTEGER NOT NULL,"
  "  started   INTEGER,"
  "  position  INTEGER,"
  "  total     INTEGER"
  ");"
  /* Shows another device subscribed to, until their feed is fetched here. */
  "CREATE TABLE sync_inbox ("
  "  url TEXT PRIMARY KEY"
  ");"
  /* The servers' "since" timestamps per account, the last result. */
  "CREATE TABLE sync_state ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT"
  ");"

  "CREATE TRIGGER sync_show_added AFTER INSERT ON shows BEGIN"
  "  INSERT INTO sync_subscriptions (url, action) VALUES (new.feed_url, 'add')"
  "    ON CONFLICT (url) DO UPDATE SET action = 'add', revision = revision + 1;"
  "END;"
  "CREATE TRIGGER sync_show_removed AFTER DELETE ON shows BEGIN"
  "  INSERT INTO sync_subscriptions (url, action) VALUES (old.feed_url, 'remove')"
  "    ON CONFLICT (url) DO UPDATE SET action = 'remove', revision = revision + 1;"
  "END;"
  /* A permanent redirect: the other devices learn the new URL. */
  "CREATE TRIGGER sync_show_moved AFTER UPDATE OF feed_url ON shows"
  "  WHEN old.feed_url IS NOT new.feed_url BEGIN"
  "  INSERT INTO sync_subscriptions (url, action) VALUES (old.feed_url, 'remove')"
  "    ON CONFLICT (url) DO UPDATE SET action = 'remove', revision = revision + 1;"
  "  INSERT INTO sync_subscriptions (url, action) VALUES (new.feed_url, 'add')"
  "    ON CONFLICT (url) DO UPDATE SET action = 'add', revision = revision + 1;"
  "END;"

  "CREATE TRIGGER sync_episode_position AFTER UPDATE OF position_ms ON episode_state"
  "  WHEN new.position_ms <> old.position_ms AND new.played = old.played"
  "    AND new.position_ms > 0 BEGIN"
  "  INSERT INTO sync_actions (podcast, episode, guid, action, timestamp, started, position, total)"
  "    SELECT s.feed_url, e.enclosure_url, e.guid, 'play', CAST (strftime ('%s', 'now') AS INTEGER),"
  "      old.position_ms / 1000, new.position_ms / 1000,"
  /* Others take position = total for "played": an unknown length must not say so. */
  "      coalesce (max (e.duration, new.position_ms / 1000), new.position_ms / 1000 + 1)"
  "    FROM episodes e JOIN shows s ON s.id = e.show_id"
  "    WHERE e.id = new.episode_id AND e.enclosure_url IS NOT NULL"
  "    ON CONFLICT (episode, action) DO UPDATE SET"
  "      position = excluded.position, total = excluded.total,"
  "      timestamp = excluded.timestamp, revision = revision + 1;"
  "  INSERT INTO sync_episode_times (episode, timestamp)"
  "    SELECT e.enclosure_url, CAST (strftime ('%s', 'now') AS INTEGER) FROM episodes e"
  "    WHERE e.id = new.episode_id AND e.enclosure_url IS NOT NULL"
  "    ON CONFLICT (episode) DO UPDATE SET timestamp = max (timestamp, excluded.timestamp);"
  "END;"
  /* Played: a play action to the end; unplayed again: "new". */
  "CREATE TRIGGER sync_episode_played AFTER UPDATE OF played ON episode_state"
  "  WHEN new.played <> old.played BEGIN"
  "  DELETE FROM sync_actions WHERE action IN ('play', 'new') AND episode ="
  "    (SELECT e.enclosure_url FROM episodes e WHERE e.id = new.episode_id);"
  "  INSERT INTO sync_actions (podcast, episode, guid, action, timestamp, started, position, total)"
  "    SELECT s.feed_url, e.enclosure_url, e.guid, iif (new.played, 'play', 'new'),"
  "      CAST (strftime ('%s', 'now') AS INTEGER),"
  "      iif (new.played, old.position_ms / 1000, NULL),"
  "      iif (new.played, max (coalesce (e.duration, 0), old.position_ms / 1000, 1), NULL),"
  "      iif (new.played, max (coalesce (e.duration, 0), old.position_ms / 1000, 1), NULL)"
  "    FROM episodes e JOIN shows s ON s.id = e.show_id"
  "    WHERE e.id = new.episode_id AND e.enclosure_url IS NOT NULL;"
  "  INSERT INTO sync_episode_times (episode, timestamp)"
  "    SELECT e.enclosure_url, CAST (strftime ('%s', 'now') AS INTEGER) FROM episodes e"
  "    WHERE e.id = new.episode_id AND e.enclosure_url IS NOT NULL"
  "    ON CONFLICT (episode) DO UPDATE SET timestamp = max (timestamp, excluded.timestamp);"
  "END;"
  "CREATE TRIGGER sync_episode_download AFTER UPDATE OF local_path ON episode_state"
  "  WHEN (old.local_path IS NULL) <> (new.local_path IS NULL) BEGIN"
  "  INSERT INTO sync_actions (podcast, episode, guid, action, timestamp)"
  "    SELECT s.feed_url, e.enclosure_url, e.guid, iif (new.local_path IS NULL, 'delete', 'download'),"
  "      CAST (strftime ('%s', 'now') AS INTEGER)"
  "    FROM episodes e JOIN shows s ON s.id = e.show_id"
  "    WHERE e.id = new.episode_id AND e.enclosure_url IS NOT NULL"
  "    ON CONFLICT (episode, action) DO UPDATE SET"
  "      timestamp = excluded.timestamp, revision = revision + 1;"
  "END;",

  /* 4 → 5, playback (issue 5): a show's own speed; 0 follows the global one. */
  "ALTER TABLE shows ADD COLUMN playback_rate REAL NOT NULL DEFAULT 0;",

  /* 5 → 6, browsing (issue 8): search the show notes too, as plain text. The summary
   * holds them only when the feed gave no description. The index reads an episode
   * through a view that joins its notes, as lw_notes_text() (lw_html_to_search_text(),
   * registered on every connection) gives them: words, never tags or attributes.
   * Rebuilt from the rows already there, so an existing library finds its notes
   * without a refresh. */
  "DROP TRIGGER episodes_ad;"
  "DROP TRIGGER episodes_au;"
  "DROP TABLE episodes_fts;"
  "CREATE VIEW episodes_fts_content (id, title, summary, notes) AS"
  "  SELECT e.id, e.title, e.summary, lw_notes_text (n.notes_html)"
  "  FROM episodes e LEFT JOIN episode_notes n ON n.episode_id = e.id;"
  "CREATE VIRTUAL TABLE episodes_fts USING fts5 ("
  "  title, summary, notes,"
  "  content = 'episodes_fts_content', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  /* BEFORE: the notes go by ON DELETE CASCADE, which runs before AFTER triggers. */
  "CREATE TRIGGER episodes_bd BEFORE DELETE ON episodes BEGIN"
  "  INSERT INTO episodes_fts (episodes_fts, rowid, title, summary, notes)"
  "    VALUES ('delete', old.id, old.title, old.summary,"
  "            lw_notes_text ((SELECT notes_html FROM episode_notes WHERE episode_id = old.id)));"
  "END;"
  /* No UPDATE trigger either: a title, summary or notes change comes from the merge
   * (the only writer of them), which takes the episode's old entry out before it
   * rewrites the row and puts the new one back after, with the notes. */
  "INSERT INTO episodes_fts (episodes_fts) VALUES ('rebuild');",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LW_LIBRARY_SCHEMA_VERSION);

static int
read_user_version (sqlite3  *db,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    lw_library_set_sqlite_error (error, db, rc, _("Could not read the library’s version"));

  sqlite3_finalize (stmt);

  return version;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      lw_library_set_sqlite_error (error, db, rc, what);
      return FALSE;
    }

  return TRUE;
}

gboolean
lw_library_schema_migrate (sqlite3     *db,
                           const char  *path,
                           GError     **error)
{
  return lw_library_schema_migrate_to (db, path, LW_LIBRARY_SCHEMA_VERSION, error);
}

/* Up to @target only: the tests make libraries as older versions left them. */
gboolean
lw_library_schema_migrate_to (sqlite3     *db,
                              const char  *path,
                              int          target,
                              GError     **error)
{
  int version;

  g_return_val_if_fail (target >= 0 && target <= LW_LIBRARY_SCHEMA_VERSION, FALSE);

  version = read_user_version (db, error);
  if (version < 0)
    return FALSE;

  while (version < target || version > LW_LIBRARY_SCHEMA_VERSION)
    {
      g_autofree char *set_version = NULL;

      if (version > LW_LIBRARY_SCHEMA_VERSION)
        {
          g_set_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_TOO_NEW,
                       _("The library “%s” was written by a newer version of Longwave "
                         "(schema %d; this version knows up to %d). Update Longwave to open it."),
                       path, version, LW_LIBRARY_SCHEMA_VERSION);
          return FALSE;
        }

      /* IMMEDIATE takes the write lock first, so a second process opening the same
       * new file waits here and then sees the version this one wrote. */
      if (!exec (db, "BEGIN IMMEDIATE", _("Could not update the library"), error))
        return FALSE;

      version = read_user_version (db, error);
      if (version < 0)
        goto rollback;

      if (version >= target)
        {
          if (!exec (db, "COMMIT", _("Could not update the library"), error))
            goto rollback;
          continue;
        }

      g_debug ("Migrating %s from schema %d to %d", path, version, version + 1);

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!exec (db, migrations[version], _("Could not update the library"), error) ||
          !exec (db, set_version, _("Could not update the library"), error) ||
          !exec (db, "COMMIT", _("Could not update the library"), error))
        goto rollback;

      version++;
    }

  return TRUE;

rollback:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}
