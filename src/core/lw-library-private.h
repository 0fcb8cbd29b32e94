/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "lw-episode.h"
#include "lw-feed.h"
#include "lw-library.h"
#include "lw-show.h"

G_BEGIN_DECLS

/* Between LwLibrary and the objects it owns (and the tests). Nobody else. */

/* The column order is the property order in lw-show.c / lw-episode.c. */
#define LW_SHOW_COLUMNS                                                         \
  "s.id, s.feed_url, s.title, s.author, s.description, s.image_url, s.link, "   \
  "s.language, s.last_error, s.etag, s.last_modified, s.last_refreshed, "       \
  "(SELECT count(*) FROM episodes e WHERE e.show_id = s.id), "                  \
  "(SELECT count(*) FROM episodes e JOIN episode_state st ON st.episode_id = e.id " \
  "  WHERE e.show_id = s.id AND st.played = 0), "                               \
  "s.next_retry, s.last_status, "                                              \
  "s.playback_rate, "                                             \
  "(SELECT max (e.published) FROM episodes e WHERE e.show_id = s.id)"

#define LW_EPISODE_COLUMNS                                                      \
  "e.id, e.show_id, e.guid, e.title, e.link, e.summary, "                       \
  "(SELECT n.notes_html FROM episode_notes n WHERE n.episode_id = e.id), "      \
  "e.image_url, e.enclosure_url, e.enclosure_type, st.local_path, "             \
  "e.published, e.duration, e.enclosure_length, st.position_ms, "               \
  "st.last_played, st.played"

/* For lists: the show notes (most of an episode's bytes) stay in the file until
 * someone asks for them; the extra last column says so. */
#define LW_EPISODE_LIST_COLUMNS                                                 \
  "e.id, e.show_id, e.guid, e.title, e.link, e.summary, NULL, "                 \
  "e.image_url, e.enclosure_url, e.enclosure_type, st.local_path, "             \
  "e.published, e.duration, e.enclosure_length, st.position_ms, "               \
  "st.last_played, st.played, 1"

#define LW_EPISODE_FROM \
  " FROM episodes e JOIN episode_state st ON st.episode_id = e.id "

/* The newest schema this build knows (lw-library-schema.c). */
#define LW_LIBRARY_SCHEMA_VERSION 6

/* One connection and its statement cache; used by one thread at a time
 * (lw-library-db.c). */
typedef struct
{
  sqlite3    *handle;
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
} LwDb;

/* A cached statement, reset and unbound when it goes out of scope, so no statement
 * keeps a read transaction open behind our back. */
typedef sqlite3_stmt LwStmt;

void       lw_stmt_release            (LwStmt        *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwStmt, lw_stmt_release)

/* One row of a result as plain data, what the objects load from: read in place
 * (lw_db_row_init(): valid until the statement steps again) or copied
 * (lw_db_row_copy(): one block, g_free() it; any thread may hand it to another).
 * The values read as sqlite3_column_*() would read them. */
#define LW_DB_ROW_MAX_COLUMNS 24

typedef struct
{
  int type;  /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT or SQLITE_NULL */
  union
  {
    gint64      i;
    double      d;
    const char *text;
  } v;
} LwDbValue;

typedef struct
{
  guint     n_columns;
  LwDbValue columns[LW_DB_ROW_MAX_COLUMNS];
} LwDbRow;

void        lw_db_row_init            (LwDbRow        *row,
                                       sqlite3_stmt   *stmt);
LwDbRow    *lw_db_row_copy            (const LwDbRow  *row);
gint64      lw_db_row_get_int64       (const LwDbRow  *row,
                                       guint           column);
double      lw_db_row_get_double      (const LwDbRow  *row,
                                       guint           column);
/* (nullable): NULL for SQL NULL. */
const char *lw_db_row_get_text        (const LwDbRow  *row,
                                       guint           column);
gboolean    lw_db_row_is_null         (const LwDbRow  *row,
                                       guint           column);

LwDb      *lw_db_open                 (const char    *path,
                                       GError       **error);
/* Read-only, for a reading thread (lw-library-reload.c). */
LwDb      *lw_db_open_reader          (const char    *path,
                                       GError       **error);
void       lw_db_close                (LwDb          *db);
LwStmt    *lw_db_prepare              (LwDb          *db,
                                       const char    *sql,
                                       GError       **error);
gboolean   lw_db_exec                 (LwDb          *db,
                                       const char    *sql,
                                       const char    *what,
                                       GError       **error);
gboolean   lw_db_step_done            (LwDb          *db,
                                       sqlite3_stmt  *stmt,
                                       const char    *what,
                                       GError       **error);
gboolean   lw_db_begin                (LwDb          *db,
                                       const char    *what,
                                       GError       **error);
gboolean   lw_db_commit               (LwDb          *db,
                                       const char    *what,
                                       GError       **error);
void       lw_db_rollback             (LwDb          *db);
/* NULL binds NULL; LW_UNKNOWN-style @unknown binds NULL. */
void       lw_db_bind_text            (sqlite3_stmt  *stmt,
                                       int            index,
                                       const char    *text);
void       lw_db_bind_text_take       (sqlite3_stmt  *stmt,
                                       int            index,
                                       char          *text);
void       lw_db_bind_int_or_null     (sqlite3_stmt  *stmt,
                                       int            index,
                                       gint64         value,
                                       gint64         unknown);
char      *lw_db_dup_column           (sqlite3_stmt  *stmt,
                                       int            column);
gint64     lw_db_column_int_or        (sqlite3_stmt  *stmt,
                                       int            column,
                                       gint64         unknown);
gint64     lw_now_unix                (void);

/* The whole merge in one transaction on @db (lw-library-merge.c). */
gint64     lw_db_merge_feed           (LwDb               *db,
                                       const char         *feed_url,
                                       const LwFeed       *feed,
                                       const LwHttpCache  *cache,
                                       gint64              expected_id,
                                       GError            **error);
gint64     lw_db_merge_feed_in_transaction (LwDb               *db,
                                            const char         *feed_url,
                                            const LwFeed       *feed,
                                            const LwHttpCache  *cache,
                                            gint64              expected_id,
                                            GError            **error);

gboolean   lw_library_set_str         (char         **str_ptr,
                                       const char    *value);
/* Sets @error from SQLite's last error on @db (@rc is the failing result code);
 * @what says what we were doing ("Could not save “Show”"). */
void       lw_library_set_sqlite_error (GError      **error,
                                        sqlite3      *db,
                                        int           rc,
                                        const char   *what);

typedef enum
{
  LW_NOT_FOUND_SHOW,
  LW_NOT_FOUND_EPISODE,
} LwNotFound;

void       lw_library_set_not_found   (GError      **error,
                                       LwNotFound    what,
                                       gint64        id);

/* The SQL functions the schema uses (lw_notes_text); lw_db_open() registers them,
 * a raw connection to a library file (the tests) must too. An SQLite result code. */
int        lw_library_register_functions (sqlite3   *db);

/* Runs every migration from PRAGMA user_version up to LW_LIBRARY_SCHEMA_VERSION,
 * each in its own transaction. */
gboolean   lw_library_schema_migrate  (sqlite3       *db,
                                       const char    *path,
                                       GError       **error);
gboolean   lw_library_schema_migrate_to (sqlite3     *db,
                                         const char  *path,
                                         int          target,
                                         GError     **error);

LwShow    *lw_show_new_for_id         (gint64         id);
void       lw_show_load_row           (LwShow        *self,
                                       const LwDbRow *row,
                                       gboolean       notify);
/* Any thread: @row (LW_SHOW_COLUMNS) copied with the sort keys of its title
 * appended, so that loading it does not make them. @cache: (element-type utf8
 * GStrv) title → keys, kept by the caller between calls (one thread at a time). */
LwDbRow   *lw_show_row_copy_with_keys (const LwDbRow *row,
                                       GHashTable    *cache);
LwEpisode *lw_episode_new_for_id      (gint64         id);
/* Where a list row's episode fetches its notes; NULL once the library is gone. */
void       lw_episode_set_library     (LwEpisode     *self,
                                       LwLibrary     *library);
/* (transfer full) (nullable): the stored show notes of an episode. */
char      *lw_library_dup_episode_notes (LwLibrary   *self,
                                         gint64       episode_id);
void       lw_episode_load_row        (LwEpisode     *self,
                                       const LwDbRow *row,
                                       gboolean       notify);
/* Whether someone read the notes (a list row's episode has not yet): a reload
 * then reads them too, to keep them current. */
gboolean   lw_episode_has_notes       (LwEpisode     *self);

/* JSON text columns for the parts of a feed that have no columns of their own;
 * NULL for an empty array (lw-library-json.c). */
typedef enum
{
  LW_JSON_ENCLOSURES,
  LW_JSON_CHAPTERS,
  LW_JSON_TRANSCRIPTS,
  LW_JSON_PERSONS,
  LW_JSON_FUNDING,
  LW_JSON_REMOTE_ITEMS,
  LW_JSON_ALTERNATE_ENCLOSURES,
  LW_JSON_SOUNDBITES,
  LW_JSON_STRINGS,
} LwJsonKind;

char      *lw_library_json_from_array (LwJsonKind     kind,
                                       GPtrArray     *array);
/* Appends the elements in @json to @array; garbage is ignored with a g_debug(). */
void       lw_library_json_to_array   (LwJsonKind     kind,
                                       const char    *json,
                                       GPtrArray     *array);

/* Lazily loaded episode lists (lw-episode-list.c). */
#define LW_LIBRARY_PAGE_SIZE 64

/* The kinds of episode lists the library hands out and keeps up to date. */
typedef enum
{
  LW_LIST_SHOW        = 1 << 0,  /* one show, newest first */
  LW_LIST_ALL         = 1 << 1,  /* every show, newest first */
  LW_LIST_NEW         = 1 << 2,  /* recent and unplayed, across shows */
  LW_LIST_IN_PROGRESS = 1 << 3,  /* started, not finished, last played first */
  LW_LIST_QUEUE       = 1 << 4,  /* the play queue, in order */
} LwListKind;

#define LW_LIST_EVERY (LW_LIST_SHOW | LW_LIST_ALL | LW_LIST_NEW | LW_LIST_IN_PROGRESS | LW_LIST_QUEUE)

/* (transfer full) (element-type gint64): the ids in one kind of list (of
 * @show_id for LW_LIST_SHOW), in order, read on @db: any thread's connection. */
GArray        *lw_db_load_list_ids      (LwDb          *db,
                                         LwListKind     kind,
                                         gint64         show_id,
                                         GError       **error);
/* "SELECT LW_EPISODE_LIST_COLUMNS … WHERE e.id IN (?1, …, ?LW_LIBRARY_PAGE_SIZE)" */
const char    *lw_episode_list_get_page_sql (void);

#define LW_TYPE_EPISODE_LIST (lw_episode_list_get_type ())
G_DECLARE_FINAL_TYPE (LwEpisodeList, lw_episode_list, LW, EPISODE_LIST, GObject)

LwEpisodeList *lw_episode_list_new      (LwLibrary     *library,
                                         GArray        *ids);
void           lw_episode_list_set_ids  (LwEpisodeList *self,
                                         GArray        *ids);
void           lw_episode_list_detach   (LwEpisodeList *self);

/* (transfer full) (nullable): the live object for @episode_id, without reading
 * the file. */
LwEpisode     *lw_library_peek_episode  (LwLibrary     *self,
                                         gint64         episode_id);
/* (transfer full) (element-type LwEpisode): the episodes of @ids (at most
 * LW_LIBRARY_PAGE_SIZE) that still exist, live objects updated on the way. */
GPtrArray     *lw_library_load_episodes (LwLibrary     *self,
                                         const gint64  *ids,
                                         guint          n_ids);

/* The main thread's connection; tests use it to break things on purpose. */
LwDb      *lw_library_get_main_db     (LwLibrary     *self);
sqlite3   *lw_library_get_db          (LwLibrary     *self);

/* The live objects and lists (lw-library.c), for the library's other files:
 * lw-library-changes.c, lw-library-queue.c, lw-library-search.c. */

/* (transfer full): the live object for the row @stmt is on, updated from it; its
 * notifications wait for lw_library_thaw_notify(), once @stmt is reset. */
LwShow    *lw_library_show_from_stmt    (LwLibrary    *self,
                                         sqlite3_stmt *stmt);
LwEpisode *lw_library_episode_from_stmt (LwLibrary    *self,
                                         sqlite3_stmt *stmt);
void       lw_library_thaw_notify       (LwLibrary    *self);
/* Re-read from the file into the live objects and the lists handed out. */
void       lw_library_reload_show       (LwLibrary    *self,
                                         gint64        show_id);
void       lw_library_reload_episode    (LwLibrary    *self,
                                         gint64        episode_id);
/* LW_LIST_SHOW only for @show_id, or for every show when it is 0. */
void       lw_library_reload_lists      (LwLibrary    *self,
                                         LwListKind    kinds,
                                         gint64        show_id);
void       lw_library_remove_from_show_list (LwLibrary *self,
                                             gint64     show_id);

G_END_DECLS
