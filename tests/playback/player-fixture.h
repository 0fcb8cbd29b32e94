/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the playback tests share: a library on an SQLite file in a temporary
 * directory holding episodes whose audio was generated in the build, a player into a
 * synced fakesink, and bounded waits on the main context. */

#include "playback/lw-player.h"

G_BEGIN_DECLS

#define TONE_MS 10000

typedef struct
{
  char      *tmpdir;
  char      *db_path;
  LwLibrary *library;
  gint64     mp3_id;
  gint64     opus_id;
  gint64     missing_id;
  LwPlayer  *player;
  GError    *error;
  guint      n_finished;
} Fixture;

/* Iterates the main context until @cond holds, failing the test after @timeout_ms. */
#define WAIT_FOR(cond, timeout_ms)                                                 \
  G_STMT_START {                                                                   \
    gboolean timed_out_ = FALSE;                                                   \
    guint timeout_id_ = g_timeout_add ((timeout_ms), set_flag, &timed_out_);       \
    while (!(cond) && !timed_out_)                                                 \
      g_main_context_iteration (NULL, TRUE);                                       \
    if (!timed_out_)                                                               \
      g_source_remove (timeout_id_);                                               \
    if (!(cond))                                                                   \
      g_error ("Timed out after %u ms waiting for %s", (guint) (timeout_ms), #cond); \
  } G_STMT_END

#define STATE(f) (lw_player_get_state ((f)->player))
#define POSITION(f) (lw_player_get_position ((f)->player))

/* Waiting */
gboolean    set_flag            (gpointer       data);
void        run_for             (guint          ms);

/* Set-up: the library holds one show with the MP3, the Opus file and a file that is
 * not there (mp3_id, opus_id, missing_id). */
void        fixture_set_up      (Fixture       *fixture,
                                 gconstpointer  user_data);
void        fixture_tear_down   (Fixture       *fixture,
                                 gconstpointer  user_data);
char       *tone_uri            (const char    *name);
LwFeedItem *feed_item           (const char    *guid,
                                 const char    *title,
                                 const char    *uri,
                                 const char    *type,
                                 gint64         duration);
gint64      find_episode        (LwLibrary     *library,
                                 gint64         show_id,
                                 const char    *guid);
void        remove_tree         (const char    *path);

/* A player into a fakesink; "error" fails the test unless @expect_error, when it
 * lands in fixture->error. "finished" counts in fixture->n_finished. */
LwPlayer   *new_player          (Fixture       *fixture,
                                 gboolean       expect_error);
void        on_unexpected_error (LwPlayer      *player,
                                 GError        *error,
                                 Fixture       *fixture);
void        on_error            (LwPlayer      *player,
                                 GError        *error,
                                 Fixture       *fixture);
void        on_finished         (LwPlayer      *player,
                                 Fixture       *fixture);
void        load                (Fixture       *fixture,
                                 gint64         episode_id);

/* What the database file holds, read through a second LwLibrary. */
LwEpisode  *stored_episode      (Fixture       *fixture,
                                 gint64         episode_id);
gint64      stored_position     (Fixture       *fixture,
                                 gint64         episode_id);
gboolean    stored_played       (Fixture       *fixture,
                                 gint64         episode_id);

/* The sample rate GstPlay's audio filter (scaletempo) negotiated, 0 before any. */
int         filter_sample_rate  (LwPlayer      *player);

void        count_notify        (GObject       *object,
                                 GParamSpec    *pspec,
                                 guint         *count);

G_END_DECLS
