/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-library-private.h"

#define ITEM_COLUMNS_BEFORE_NOTES                                               \
  "guid, title, published, duration, link, summary"
#define ITEM_COLUMNS_AFTER_NOTES                                                \
  "image_url, enclosure_url, enclosure_type, enclosure_length, enclosures, "    \
  "season, episode, episode_type, explicit, author, chapters, chapters_url, "   \
  "chapters_type, transcripts, persons, funding, alternate_enclosures, "        \
  "soundbites, content_hash"

/* The feed-given values of an episode as statement parameters ?1…?26 in this
 * order, shared by the INSERT, the UPDATE and the SELECT of dup_episode_item().
 * The notes (?7) live in their own table (see the schema). */
enum {
  COL_GUID = 1, COL_TITLE, COL_PUBLISHED, COL_DURATION, COL_LINK, COL_SUMMARY,
  COL_NOTES_HTML, COL_IMAGE_URL, COL_ENCLOSURE_URL, COL_ENCLOSURE_TYPE,
  COL_ENCLOSURE_LENGTH, COL_ENCLOSURES, COL_SEASON, COL_EPISODE, COL_EPISODE_TYPE,
  COL_EXPLICIT, COL_AUTHOR, COL_CHAPTERS, COL_CHAPTERS_URL, COL_CHAPTERS_TYPE,
  COL_TRANSCRIPTS, COL_PERSONS, COL_FUNDING, COL_ALTERNATE_ENCLOSURES,
  COL_SOUNDBITES, COL_CONTENT_HASH,
  N_ITEM_COLUMNS = COL_CONTENT_HASH,
};

/* FNV-1a-like, 64 bits, eight bytes a step: enough to skip rewriting rows that did
 * not change. Runs over every byte of every feed (notes are most of them) on the
 * one merge thread, where byte-at-a-time FNV-1a was 3% of a refresh (issue 4).
 * A library written with the old hash rewrites each episode row once. */
static void
hash_bytes (guint64    *hash,
            const void *data,
            gsize       len)
{
  const guint64 prime = G_GUINT64_CONSTANT (0x100000001b3);
  const guint8 *p = data;
  guint64 h = *hash;

  for (; len >= 8; p += 8, len -= 8)
    {
      guint64 word;

      memcpy (&word, p, sizeof word);
      h = (h ^ word) * prime;
      /* The multiplication only carries upwards: fold the high bits back down. */
      h ^= h >> 32;
    }

  for (; len > 0; p++, len--)
    {
      h ^= *p;
      h *= prime;
    }

  *hash = h;
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

/* Text that outlives the statement's next reset (the feed being merged): SQLite
 * need not copy it, and a feed's notes are most of its bytes. */
static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
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

  bind_static (stmt, COL_GUID, guid);
  bind_static (stmt, COL_TITLE, title);
  lw_db_bind_int_or_null (stmt, COL_PUBLISHED, item->published, LW_DATE_UNKNOWN);
  lw_db_bind_int_or_null (stmt, COL_DURATION, item->duration, LW_UNKNOWN);
  bind_static (stmt, COL_LINK, item->link);
  bind_static (stmt, COL_SUMMARY, item->summary);
  bind_static (stmt, COL_NOTES_HTML, item->notes_html);
  bind_static (stmt, COL_IMAGE_URL, item->image);
  bind_static (stmt, COL_ENCLOSURE_URL, enclosure != NULL ? enclosure->url : NULL);
  bind_static (stmt, COL_ENCLOSURE_TYPE, enclosure != NULL ? enclosure->type : NULL);
  lw_db_bind_int_or_null (stmt, COL_ENCLOSURE_LENGTH, enclosure != NULL ? enclosure->length : LW_UNKNOWN, LW_UNKNOWN);
  lw_db_bind_int_or_null (stmt, COL_SEASON, item->season, LW_UNKNOWN);
  lw_db_bind_int_or_null (stmt, COL_EPISODE, item->episode, LW_UNKNOWN);
  bind_static (stmt, COL_EPISODE_TYPE, item->episode_type);
  sqlite3_bind_int (stmt, COL_EXPLICIT, item->explicit_);
  bind_static (stmt, COL_AUTHOR, item->author);
  bind_static (stmt, COL_CHAPTERS_URL, item->chapters_url);
  bind_static (stmt, COL_CHAPTERS_TYPE, item->chapters_type);

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
      lw_db_bind_text_take (stmt, json[i].column, text);
    }

  content_hash = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", hash);

  lw_db_bind_text (stmt, COL_CONTENT_HASH, content_hash);

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

static gboolean
merge_show_row (LwDb               *db,
                const char         *feed_url,
                const LwFeed       *feed,
                const LwHttpCache  *cache,
                gint64              expected_id,
                gint64             *show_id,
                const char         *what,
                GError            **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  stmt = lw_db_prepare (db, "SELECT id FROM shows WHERE feed_url = ?", error);
  if (stmt == NULL)
    return FALSE;

  lw_db_bind_text (stmt, 1, feed_url);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *show_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, lw_stmt_release);

  /* A refresh of a show that was unsubscribed meanwhile must not bring it back. */
  if (expected_id > 0 && *show_id != expected_id)
    {
      lw_library_set_not_found (error, LW_NOT_FOUND_SHOW, expected_id);
      return FALSE;
    }

  if (*show_id == 0)
    {
      stmt = lw_db_prepare (db, "INSERT INTO shows (feed_url, added) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;

      lw_db_bind_text (stmt, 1, feed_url);
      sqlite3_bind_int64 (stmt, 2, lw_now_unix ());
      if (!lw_db_step_done (db, stmt, what, error))
        return FALSE;

      *show_id = sqlite3_last_insert_rowid (db->handle);
      g_clear_pointer (&stmt, lw_stmt_release);
    }

  stmt = lw_db_prepare (db,
                  "UPDATE shows SET"
                  "  title = coalesce (?1, title), author = ?2, description = ?3,"
                  "  description_html = ?4, image_url = ?5, link = ?6, language = ?7,"
                  "  owner_name = ?8, owner_email = ?9, categories = ?10, type = ?11,"
                  "  explicit = ?12, new_feed_url = ?13, locked = ?14, podcast_guid = ?15,"
                  "  funding = ?16, podroll = ?17, persons = ?18,"
                  "  etag = iif (?19, ?20, etag), last_modified = iif (?19, ?21, last_modified),"
                  "  last_status = 200, last_error = NULL, last_refreshed = ?22,"
                  "  next_retry = 0, failures = 0, gone = 0,"
                  "  body_hash = iif (?19, coalesce (?24, body_hash), body_hash)"
                  " WHERE id = ?23",
                  error);
  if (stmt == NULL)
    return FALSE;

  lw_db_bind_text (stmt, 1, feed->title);
  lw_db_bind_text (stmt, 2, feed->author);
  lw_db_bind_text (stmt, 3, feed->description);
  lw_db_bind_text (stmt, 4, feed->description_html);
  lw_db_bind_text (stmt, 5, feed->image);
  lw_db_bind_text (stmt, 6, feed->link);
  lw_db_bind_text (stmt, 7, feed->language);
  lw_db_bind_text (stmt, 8, feed->owner_name);
  lw_db_bind_text (stmt, 9, feed->owner_email);
  lw_db_bind_text_take (stmt, 10, lw_library_json_from_array (LW_JSON_STRINGS, feed->categories));
  lw_db_bind_text (stmt, 11, feed->type);
  sqlite3_bind_int (stmt, 12, feed->explicit_);
  lw_db_bind_text (stmt, 13, feed->new_feed_url);
  sqlite3_bind_int (stmt, 14, feed->locked);
  lw_db_bind_text (stmt, 15, feed->podcast_guid);
  lw_db_bind_text_take (stmt, 16, lw_library_json_from_array (LW_JSON_FUNDING, feed->funding));
  lw_db_bind_text_take (stmt, 17, lw_library_json_from_array (LW_JSON_REMOTE_ITEMS, feed->podroll));
  lw_db_bind_text_take (stmt, 18, lw_library_json_from_array (LW_JSON_PERSONS, feed->persons));
  sqlite3_bind_int (stmt, 19, cache != NULL);
  lw_db_bind_text (stmt, 20, cache != NULL ? cache->etag : NULL);
  lw_db_bind_text (stmt, 21, cache != NULL ? cache->last_modified : NULL);
  sqlite3_bind_int64 (stmt, 22, lw_now_unix ());
  sqlite3_bind_int64 (stmt, 23, *show_id);
  lw_db_bind_text (stmt, 24, cache != NULL ? cache->body_hash : NULL);

  return lw_db_step_done (db, stmt, what, error);
}

static GPtrArray *
load_stored (LwDb *db,
             gint64      show_id,
             GError    **error)
{
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) stored_free);
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  stmt = lw_db_prepare (db,
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
      s->guid = lw_db_dup_column (stmt, 1);
      s->enclosure_url = lw_db_dup_column (stmt, 2);
      s->title = lw_db_dup_column (stmt, 3);
      s->content_hash = lw_db_dup_column (stmt, 4);
      s->in_feed = sqlite3_column_int (stmt, 5);
      s->keep = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (stored, s);
    }

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the episodes"));
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
write_notes (LwDb        *db,
             gint64       episode_id,
             const char  *notes_html,
             const char  *what,
             GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  if (notes_html != NULL)
    stmt = lw_db_prepare (db, "INSERT OR REPLACE INTO episode_notes (episode_id, notes_html) VALUES (?1, ?2)", error);
  else
    stmt = lw_db_prepare (db, "DELETE FROM episode_notes WHERE episode_id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  if (notes_html != NULL)
    bind_static (stmt, 2, notes_html);

  return lw_db_step_done (db, stmt, what, error);
}

/* Compares the words of a stored episode with what @item brings. When its title,
 * summary or notes differ, takes its search entry out of the index, with the values
 * it was made from; the merge puts the new one in after the rows are rewritten. */
static gboolean
unindex_changed_episode (LwDb              *db,
                         gint64             episode_id,
                         const LwFeedItem  *item,
                         gboolean          *words_changed,
                         gboolean          *notes_changed,
                         const char        *what,
                         GError           **error)
{
  g_autoptr(LwStmt) stmt = NULL;
  g_autoptr(LwStmt) unindex = NULL;
  int rc;

  stmt = lw_db_prepare (db,
                        "SELECT e.title, e.summary, n.notes_html FROM episodes e"
                        " LEFT JOIN episode_notes n ON n.episode_id = e.id WHERE e.id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      lw_library_set_sqlite_error (error, db->handle, sqlite3_errcode (db->handle), what);
      return FALSE;
    }

  *notes_changed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), item->notes_html) != 0;
  *words_changed = *notes_changed
                   || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0),
                                 item->title != NULL ? item->title : "") != 0
                   || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), item->summary) != 0;
  if (!*words_changed)
    return TRUE;

  unindex = lw_db_prepare (db,
                           "INSERT INTO episodes_fts (episodes_fts, rowid, title, summary, notes)"
                           " VALUES ('delete', ?1, ?2, ?3, lw_notes_text (?4))",
                           error);
  if (unindex == NULL)
    return FALSE;

  sqlite3_bind_int64 (unindex, 1, episode_id);
  for (int column = 0; column < 3; column++)
    sqlite3_bind_value (unindex, column + 2, sqlite3_column_value (stmt, column));

  return lw_db_step_done (db, unindex, what, error);
}

/* Runs @sql with ?1 bound to @ids, a JSON array of episode ids, unless it is empty. */
static gboolean
ids_exec (LwDb        *db,
          const char  *sql,
          const char  *ids,
          const char  *what,
          GError     **error)
{
  g_autoptr(LwStmt) stmt = NULL;

  if (strcmp (ids, "[]") == 0)
    return TRUE;

  stmt = lw_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  lw_db_bind_text (stmt, 1, ids);

  return lw_db_step_done (db, stmt, what, error);
}

static gboolean
merge_items (LwDb *db,
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
  g_autoptr(GString) rewritten = g_string_new ("[");
  guint n_items = feed->items->len;
  gint64 now = lw_now_unix ();
  gint64 max_id = 0;

  stored = load_stored (db, show_id, error);
  if (stored == NULL)
    return FALSE;

  /* New rows get ids above the largest one (no AUTOINCREMENT). */
  {
    g_autoptr(LwStmt) stmt = lw_db_prepare (db, "SELECT coalesce (max (id), 0) FROM episodes", error);

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        lw_library_set_sqlite_error (error, db->handle, sqlite3_errcode (db->handle), what);
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
      gboolean words_changed = TRUE;
      gboolean notes_changed = TRUE;

      if (skip[i])
        continue;

      if (match[i] != NULL)
        {
          stmt = lw_db_prepare (db,
                          "UPDATE episodes SET (" ITEM_COLUMNS_BEFORE_NOTES ", "
                          ITEM_COLUMNS_AFTER_NOTES ", in_feed) ="
                          " (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
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

          /* A feed that rotates the tracking prefix of its enclosure URLs changes every
           * episode's hash: the words and the notes then stay as they are. */
          if (!unindex_changed_episode (db, match[i]->id, item, &words_changed, &notes_changed, what, error))
            return FALSE;
          if (words_changed)
            g_string_append_printf (rewritten, "%s%" G_GINT64_FORMAT,
                                    rewritten->len > 1 ? "," : "", match[i]->id);
        }
      else
        {
          stmt = lw_db_prepare (db,
                          "INSERT INTO episodes (" ITEM_COLUMNS_BEFORE_NOTES ", "
                          ITEM_COLUMNS_AFTER_NOTES ", show_id, first_seen) VALUES"
                          " (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                          "  ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
                          error);
          if (stmt == NULL)
            return FALSE;

          content_hash = bind_item (stmt, item, item_guid (item));
          sqlite3_bind_int64 (stmt, 27, show_id);
          sqlite3_bind_int64 (stmt, 28, now);
        }

      if (!lw_db_step_done (db, stmt, what, error))
        return FALSE;

      /* A new episode without notes has nothing to write or remove. */
      if ((match[i] != NULL ? notes_changed : item->notes_html != NULL) &&
          !write_notes (db, match[i] != NULL ? match[i]->id : sqlite3_last_insert_rowid (db->handle),
                        item->notes_html, what, error))
        return FALSE;
    }

  g_string_append_c (rewritten, ']');

  /* State rows for the new episodes, and search entries for them and the rewritten
   * ones, in one statement each (see the schema). */
  for (guint i = 0; i < 2; i++)
    {
      static const char * const sql[] = {
        "INSERT INTO episode_state (episode_id)"
        " SELECT id FROM episodes WHERE id > ?1 AND show_id = ?2 ORDER BY id",
        /* In rowid order: FTS5 flushes its pending terms whenever a rowid is not
         * above the last one, which the show's date index would cause on every row. */
        "INSERT INTO episodes_fts (rowid, title, summary, notes)"
        " SELECT e.id, e.title, e.summary, lw_notes_text (n.notes_html)"
        " FROM episodes e LEFT JOIN episode_notes n ON n.episode_id = e.id"
        " WHERE e.show_id = ?2 AND (e.id > ?1 OR e.id IN (SELECT value FROM json_each (?3)))"
        " ORDER BY e.id",
      };
      g_autoptr(LwStmt) stmt = lw_db_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, max_id);
      sqlite3_bind_int64 (stmt, 2, show_id);
      if (i == 1)
        lw_db_bind_text (stmt, 3, rewritten->str);
      if (!lw_db_step_done (db, stmt, what, error))
        return FALSE;
    }

  /* An empty feed is more likely a broken server than a show that deleted
   * everything: keep what we have. */
  if (n_items == 0)
    return TRUE;

  /* Episodes that left the feed, in one statement each: a statement per row made
   * FTS5 open a savepoint, and so flush its pending index, for every deleted row. */
  {
    g_autoptr(GString) departed = g_string_new ("[");
    g_autoptr(GString) kept = g_string_new ("[");

    for (guint i = 0; i < stored->len; i++)
      {
        Stored *s = g_ptr_array_index (stored, i);
        GString *list;

        if (s->matched)
          continue;

        /* It left the feed. What the user did with it stays. */
        if (s->keep && !s->in_feed)
          continue;

        list = s->keep ? kept : departed;
        g_string_append_printf (list, "%s%" G_GINT64_FORMAT, list->len > 1 ? "," : "", s->id);
      }

    g_string_append_c (departed, ']');
    g_string_append_c (kept, ']');

    if (!ids_exec (db, "UPDATE episodes SET in_feed = 0 WHERE id IN (SELECT value FROM json_each (?))",
                   kept->str, what, error) ||
        !ids_exec (db, "DELETE FROM episodes WHERE id IN (SELECT value FROM json_each (?))",
                   departed->str, what, error))
      return FALSE;
  }

  return TRUE;
}

static char *
dup_what (const char   *feed_url,
          const LwFeed *feed)
{
  return g_strdup_printf (_("Could not save “%s”"),
                          feed->title != NULL && *feed->title != '\0' ? feed->title : feed_url);
}

/* Like lw_db_merge_feed(), inside a transaction the caller opened and commits:
 * several feeds then share one commit (one WAL write of the pages they share).
 * No savepoint per feed: with one open, every statement that journals a page
 * walked SQLite's in-memory sub-journal from its start, and each page changed
 * was copied into it; that was a third of the merge thread's time in a refresh
 * of 1,000 feeds (issue 4). So when this fails, the caller's whole transaction
 * must be rolled back (SQLite may have ended it already, on SQLITE_FULL); the
 * other feeds of it are then merged again, each on its own (merge_in_pool()). */
gint64
lw_db_merge_feed_in_transaction (LwDb               *db,
                                 const char         *feed_url,
                                 const LwFeed       *feed,
                                 const LwHttpCache  *cache,
                                 gint64              expected_id,
                                 GError            **error)
{
  g_autofree char *what = dup_what (feed_url, feed);
  gint64 show_id = 0;

  g_assert (!sqlite3_get_autocommit (db->handle));

  if (!merge_show_row (db, feed_url, feed, cache, expected_id, &show_id, what, error) ||
      !merge_items (db, show_id, feed, what, error))
    return 0;

  return show_id;
}

/* One transaction: the show row, its episodes, their state and search entries.
 * With @expected_id > 0, only that show may be updated (none is added). Returns
 * the show id, or 0 with @error set and nothing changed. */
gint64
lw_db_merge_feed (LwDb               *db,
                  const char         *feed_url,
                  const LwFeed       *feed,
                  const LwHttpCache  *cache,
                  gint64              expected_id,
                  GError            **error)
{
  g_autofree char *what = dup_what (feed_url, feed);
  gint64 show_id;

  if (!lw_db_begin (db, what, error))
    return 0;

  show_id = lw_db_merge_feed_in_transaction (db, feed_url, feed, cache, expected_id, error);
  if (show_id == 0 || !lw_db_commit (db, what, error))
    {
      lw_db_rollback (db);
      return 0;
    }

  return show_id;
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

  stmt = lw_db_prepare (lw_library_get_main_db (self),
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
      lw_library_set_not_found (error, LW_NOT_FOUND_SHOW, show_id);
      return NULL;
    }
  else if (rc != SQLITE_ROW)
    {
      lw_library_set_sqlite_error (error, lw_library_get_db (self), rc, _("Could not read the subscription"));
      return NULL;
    }

  feed = lw_feed_new ();
  feed->title = lw_db_dup_column (stmt, 0);
  feed->author = lw_db_dup_column (stmt, 1);
  feed->description = lw_db_dup_column (stmt, 2);
  feed->description_html = lw_db_dup_column (stmt, 3);
  feed->image = lw_db_dup_column (stmt, 4);
  feed->link = lw_db_dup_column (stmt, 5);
  feed->language = lw_db_dup_column (stmt, 6);
  feed->owner_name = lw_db_dup_column (stmt, 7);
  feed->owner_email = lw_db_dup_column (stmt, 8);
  lw_library_json_to_array (LW_JSON_STRINGS, (const char *) sqlite3_column_text (stmt, 9), feed->categories);
  feed->type = lw_db_dup_column (stmt, 10);
  feed->explicit_ = sqlite3_column_int (stmt, 11);
  feed->new_feed_url = lw_db_dup_column (stmt, 12);
  feed->locked = sqlite3_column_int (stmt, 13);
  feed->podcast_guid = lw_db_dup_column (stmt, 14);
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

  stmt = lw_db_prepare (lw_library_get_main_db (self), "SELECT NULL, " ITEM_COLUMNS_BEFORE_NOTES ","
                        " (SELECT notes_html FROM episode_notes WHERE episode_id = id), "
                        ITEM_COLUMNS_AFTER_NOTES " FROM episodes WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, episode_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      lw_library_set_not_found (error, LW_NOT_FOUND_EPISODE, episode_id);
      return NULL;
    }
  else if (rc != SQLITE_ROW)
    {
      lw_library_set_sqlite_error (error, lw_library_get_db (self), rc, _("Could not read the episode"));
      return NULL;
    }

#define TEXT(col) ((const char *) sqlite3_column_text (stmt, col))

  /* Column N is COL_N: the leading NULL makes the numbering match. */
  item = lw_feed_item_new ();
  item->guid = lw_db_dup_column (stmt, COL_GUID);
  item->title = lw_db_dup_column (stmt, COL_TITLE);
  item->published = lw_db_column_int_or (stmt, COL_PUBLISHED, LW_DATE_UNKNOWN);
  item->duration = lw_db_column_int_or (stmt, COL_DURATION, LW_UNKNOWN);
  item->link = lw_db_dup_column (stmt, COL_LINK);
  item->summary = lw_db_dup_column (stmt, COL_SUMMARY);
  item->notes_html = lw_db_dup_column (stmt, COL_NOTES_HTML);
  item->image = lw_db_dup_column (stmt, COL_IMAGE_URL);
  lw_library_json_to_array (LW_JSON_ENCLOSURES, TEXT (COL_ENCLOSURES), item->enclosures);
  if (item->enclosures->len == 0 && TEXT (COL_ENCLOSURE_URL) != NULL)
    {
      LwEnclosure *enclosure = lw_enclosure_new ();

      enclosure->url = lw_db_dup_column (stmt, COL_ENCLOSURE_URL);
      enclosure->type = lw_db_dup_column (stmt, COL_ENCLOSURE_TYPE);
      enclosure->length = lw_db_column_int_or (stmt, COL_ENCLOSURE_LENGTH, LW_UNKNOWN);
      g_ptr_array_add (item->enclosures, enclosure);
    }
  item->season = (int) lw_db_column_int_or (stmt, COL_SEASON, LW_UNKNOWN);
  item->episode = (int) lw_db_column_int_or (stmt, COL_EPISODE, LW_UNKNOWN);
  item->episode_type = lw_db_dup_column (stmt, COL_EPISODE_TYPE);
  item->explicit_ = sqlite3_column_int (stmt, COL_EXPLICIT);
  item->author = lw_db_dup_column (stmt, COL_AUTHOR);
  lw_library_json_to_array (LW_JSON_CHAPTERS, TEXT (COL_CHAPTERS), item->chapters);
  item->chapters_url = lw_db_dup_column (stmt, COL_CHAPTERS_URL);
  item->chapters_type = lw_db_dup_column (stmt, COL_CHAPTERS_TYPE);
  lw_library_json_to_array (LW_JSON_TRANSCRIPTS, TEXT (COL_TRANSCRIPTS), item->transcripts);
  lw_library_json_to_array (LW_JSON_PERSONS, TEXT (COL_PERSONS), item->persons);
  lw_library_json_to_array (LW_JSON_FUNDING, TEXT (COL_FUNDING), item->funding);
  lw_library_json_to_array (LW_JSON_ALTERNATE_ENCLOSURES, TEXT (COL_ALTERNATE_ENCLOSURES),
                            item->alternate_enclosures);
  lw_library_json_to_array (LW_JSON_SOUNDBITES, TEXT (COL_SOUNDBITES), item->soundbites);

#undef TEXT

  return g_steal_pointer (&item);
}
