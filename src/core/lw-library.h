/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-episode.h"
#include "lw-feed.h"
#include "lw-show.h"

G_BEGIN_DECLS

#define LW_TYPE_LIBRARY (lw_library_get_type ())

G_DECLARE_FINAL_TYPE (LwLibrary, lw_library, LW, LIBRARY, GObject)

#define LW_LIBRARY_ERROR (lw_library_error_quark ())

typedef enum
{
  LW_LIBRARY_ERROR_OPEN,        /* cannot create or open the database file */
  LW_LIBRARY_ERROR_TOO_NEW,     /* written by a newer Longwave */
  LW_LIBRARY_ERROR_DISK_FULL,
  LW_LIBRARY_ERROR_READ_ONLY,
  LW_LIBRARY_ERROR_NOT_FOUND,
  LW_LIBRARY_ERROR_FAILED,
} LwLibraryError;

/* What the feed service learnt from the HTTP exchange, stored with the show. */
typedef struct
{
  const char *etag;             /* nullable */
  const char *last_modified;    /* nullable */
  /* nullable: lw_feed_service's digest of the body, to skip parsing it again
   * when a server without validators sends the same feed (NULL keeps the stored
   * one; only merges store it) */
  const char *body_hash;
} LwHttpCache;

GQuark      lw_library_error_quark          (void);

/* g_get_user_data_dir()/longwave/library.db (honours XDG_DATA_HOME). */
char       *lw_library_dup_default_path     (void);

/* Opens (creating directories and file as needed) and migrates. @path NULL = default.
 * SQLite file in WAL mode with foreign keys and a busy timeout, schema version in
 * PRAGMA user_version. Main thread only. */
LwLibrary  *lw_library_new                  (const char   *path,
                                             GError      **error);
const char *lw_library_get_path             (LwLibrary    *self);
int         lw_library_get_schema_version   (LwLibrary    *self);

/* (transfer none) LwShow items sorted by title (lw_show_compare_title(): numbers by
 * value, case and accents left out); updates itself. */
GListModel *lw_library_get_shows            (LwLibrary    *self);
/* (transfer full) LwEpisode items of one show (or of all when @show_id <= 0), newest
 * first; updates itself when the show is refreshed or an episode changes. Loaded
 * lazily: the ids at once, the objects a page at a time as they are asked for. */
GListModel *lw_library_get_episodes         (LwLibrary    *self,
                                             gint64        show_id);

/* (transfer full): more self-updating lists of LwEpisode. New: unplayed, published
 * in the last two weeks, newest first. In progress: started and not finished, last
 * played first. Queue: the play queue in order. */
GListModel *lw_library_get_new_episodes     (LwLibrary    *self);
GListModel *lw_library_get_in_progress      (LwLibrary    *self);
GListModel *lw_library_get_queue            (LwLibrary    *self);

/* Full-text search (FTS5) over titles and notes; every word of @text must match,
 * as a word or the start of one. (transfer full): a snapshot, best match first;
 * LwEpisode items for search(), LwShow items for search_shows(). */
GListModel *lw_library_search               (LwLibrary    *self,
                                             const char   *text,
                                             GError      **error);
GListModel *lw_library_search_shows         (LwLibrary    *self,
                                             const char   *text,
                                             GError      **error);

/* Puts an episode in the queue at @position (-1 or past the end: last); one that
 * is already queued moves there. */
gboolean    lw_library_queue_add            (LwLibrary    *self,
                                             gint64        episode_id,
                                             int           position,
                                             GError      **error);
gboolean    lw_library_queue_remove         (LwLibrary    *self,
                                             gint64        episode_id,
                                             GError      **error);

/* Another process (longwave-cli) may change the file: when it did, re-reads the
 * shows, the live episodes and every list. The library checks this by itself
 * every 2 seconds on the main context it was created in, reading on a worker
 * thread (the async variant). This one reads on the calling thread, for tests and
 * scripts: call it to check now. Returns whether anything was read again (an
 * error is logged and changes nothing). */
gboolean    lw_library_reload_if_changed    (LwLibrary    *self);
/* The same with the SQL on a worker thread (a read-only connection of its own);
 * the objects and lists update on the caller's main context before @callback
 * runs. One read at a time: a call while one runs waits for it, and for one more
 * when the file changed again meanwhile, so the latest change is always read. A
 * read that began before a change made here (a write, a merge) is made again
 * rather than undo it. Finish: whether anything was read again; a read error
 * (damaged file, locked too long) changes nothing. */
void        lw_library_reload_if_changed_async  (LwLibrary           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean    lw_library_reload_if_changed_finish (LwLibrary           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* (transfer full) (nullable): the live object for the id (the same one the models
 * hold), NULL when there is none. Unref it when done: the library keeps only weak
 * references to episodes. */
LwShow     *lw_library_lookup_show          (LwLibrary    *self,
                                             gint64        show_id);
LwShow     *lw_library_lookup_show_by_url   (LwLibrary    *self,
                                             const char   *feed_url);
LwEpisode  *lw_library_lookup_episode       (LwLibrary    *self,
                                             gint64        episode_id);

/* (transfer full): everything stored for a show (items empty) or an episode, as the
 * parser's structs: categories, persons, funding, chapters, transcripts, … that have
 * no property on LwShow/LwEpisode. NULL + LW_LIBRARY_ERROR_NOT_FOUND for a bad id. */
LwFeed     *lw_library_dup_show_feed        (LwLibrary    *self,
                                             gint64        show_id,
                                             GError      **error);
LwFeedItem *lw_library_dup_episode_item     (LwLibrary    *self,
                                             gint64        episode_id,
                                             GError      **error);

/* Subscribes to (when @feed_url is new) or updates a show from a parsed feed in ONE
 * transaction: episodes matched by guid, then enclosure URL, then title; updated in
 * place; played/position state kept. On error nothing changes. Returns the show id,
 * 0 on error. */
gint64      lw_library_merge_feed           (LwLibrary          *self,
                                             const char         *feed_url,
                                             const LwFeed       *feed,
                                             const LwHttpCache  *cache,
                                             GError            **error);
/* The same, with the SQL on a worker thread (its own connection): @feed is taken
 * (transfer full) and freed there. The lists and objects update on the caller's
 * main context before @callback runs. Merges run one at a time, in call order. */
void        lw_library_merge_feed_async     (LwLibrary          *self,
                                             const char         *feed_url,
                                             LwFeed             *feed,
                                             const LwHttpCache  *cache,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
/* For a refresh: only @show_id, with @feed_url, is updated. When it was removed
 * (or its URL changed) meanwhile: LW_LIBRARY_ERROR_NOT_FOUND, and nothing is
 * subscribed again. Finish with lw_library_merge_feed_finish(). */
void        lw_library_refresh_show_async   (LwLibrary          *self,
                                             gint64              show_id,
                                             const char         *feed_url,
                                             LwFeed             *feed,
                                             const LwHttpCache  *cache,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gint64      lw_library_merge_feed_finish    (LwLibrary          *self,
                                             GAsyncResult       *result,
                                             GError            **error);
/* Records a failed refresh (shown on the show) or clears it (@message NULL). A
 * failure also sets "next-retry" with a backoff: 15 minutes after the first failure
 * in a row, doubling up to a day. */
gboolean    lw_library_set_show_error       (LwLibrary    *self,
                                             gint64        show_id,
                                             const char   *message,
                                             GError      **error);
/* The same with the HTTP status (0 when there was no answer: timeout, DNS, …). */
gboolean    lw_library_set_show_failure     (LwLibrary    *self,
                                             gint64        show_id,
                                             guint         http_status,
                                             const char   *message,
                                             GError      **error);
/* A 304: the feed did not change. Records the time (and new validators when
 * @cache is not NULL) and clears a failure. */
gboolean    lw_library_set_show_not_modified (LwLibrary         *self,
                                              gint64             show_id,
                                              const LwHttpCache *cache,
                                              GError           **error);
/* The server moved the feed for good (301/308). */
gboolean    lw_library_set_show_feed_url    (LwLibrary    *self,
                                             gint64        show_id,
                                             const char   *feed_url,
                                             GError      **error);
/* The user name of a feed behind HTTP authentication (NULL: none). */
gboolean    lw_library_set_show_auth_user   (LwLibrary    *self,
                                             gint64        show_id,
                                             const char   *user,
                                             GError      **error);
char       *lw_library_dup_show_auth_user   (LwLibrary    *self,
                                             gint64        show_id);
/* The body digest stored by the last merge (see LwHttpCache), or NULL. */
char       *lw_library_dup_show_body_hash   (LwLibrary    *self,
                                             gint64        show_id);
/* Playback (issue 5): the show's own speed (clamped to 0.5–3.0), or 0 to follow the
 * global one. LwShow:playback-rate notifies; a playing episode of the show follows. */
gboolean    lw_library_set_show_playback_rate (LwLibrary  *self,
                                               gint64      show_id,
                                               double      rate,
                                               GError    **error);
gboolean    lw_library_remove_show          (LwLibrary    *self,
                                             gint64        show_id,
                                             GError      **error);

gboolean    lw_library_set_episode_position (LwLibrary    *self,
                                             gint64        episode_id,
                                             gint64        position_ms,
                                             GError      **error);
/* A complete download (@local_path) or none any more (NULL). */
gboolean    lw_library_set_episode_local_path (LwLibrary  *self,
                                               gint64      episode_id,
                                               const char *local_path,
                                               GError    **error);
/* Marking played also resets the position to 0. */
gboolean    lw_library_set_episode_played   (LwLibrary    *self,
                                             gint64        episode_id,
                                             gboolean      played,
                                             GError      **error);

/* Every episode of a show played (positions reset) or unplayed, in one transaction
 * (lw-library-state.c). */
gboolean    lw_library_set_show_played      (LwLibrary    *self,
                                             gint64        show_id,
                                             gboolean      played,
                                             GError      **error);

G_END_DECLS
