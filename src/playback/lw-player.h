/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "core/lw-library.h"

G_BEGIN_DECLS

typedef enum
{
  LW_PLAYER_STATE_STOPPED,
  LW_PLAYER_STATE_BUFFERING,
  LW_PLAYER_STATE_PAUSED,
  LW_PLAYER_STATE_PLAYING,
} LwPlayerState;

#define LW_TYPE_PLAYER_STATE (lw_player_state_get_type ())
GType lw_player_state_get_type (void);

/* The speeds the player accepts; others are clamped. */
#define LW_PLAYER_MIN_RATE 0.5
#define LW_PLAYER_MAX_RATE 3.0

#define LW_PLAYER_ERROR (lw_player_error_quark ())

/* The codes of the GError that "error" carries. */
typedef enum
{
  LW_PLAYER_ERROR_NOT_FOUND,      /* no such file, or HTTP 404 */
  LW_PLAYER_ERROR_MISSING_PLUGIN, /* a GStreamer plugin (codec, demuxer) is not installed */
  LW_PLAYER_ERROR_NETWORK,        /* the server could not be reached */
  LW_PLAYER_ERROR_FAILED,
} LwPlayerError;

GQuark lw_player_error_quark (void);

#define LW_TYPE_PLAYER (lw_player_get_type ())

G_DECLARE_FINAL_TYPE (LwPlayer, lw_player, LW, PLAYER, GObject)

/* GstPlay behind GObject properties, for widgets and MPRIS to bind to. All signals and
 * notifications arrive on the main context.
 *
 * Properties: "library" (construct-only), "audio-sink" (GstElement, construct-only,
 * nullable: tests pass a fakesink), "episode" (LwEpisode, read-only, nullable), "show"
 * (LwShow, read-only, nullable), "state" (LwPlayerState, read-only), "position" and
 * "duration" (gint64 milliseconds, read-only; duration falls back to the feed's until
 * the stream knows), "rate" (double 0.5–3.0, pitch kept by GstPlay's scaletempo),
 * "volume" (double 0–1), "save-interval" (uint seconds, default 5), "has-next"
 * (boolean, read-only: the library's queue holds an episode other than this one),
 * "buffering" (int percent, read-only: below 100 while a stream fills its buffer;
 * "state" is then BUFFERING), "sleep-remaining" (uint seconds until the sleep timer
 * pauses, 0 = off), "sleep-at-end" (boolean: stop at the end of this episode instead
 * of playing the next), "fade-duration" (uint ms the sleep timer fades over, default
 * 10000), "smart-rewind" (uint ms Play goes back after a long pause, 0 = off, the
 * default), "smart-rewind-after" (uint seconds of pause that count as long, default
 * 300; a restart of the app counts from the episode's last-played time),
 * "played-threshold" (uint ms: stopping, quitting or loading another episode with at
 * most this much left marks it played; 0 = off, the default).
 *
 * Chapters (issue 5): "chapters" (GListModel of LwChapterItem, read-only, never NULL:
 * one LwChapterList whose contents follow the loaded episode, see lw-chapter-list.h),
 * "current-chapter" (int, read-only: index of the chapter at the position, -1 before
 * the first or when there are none), "chapters-error" (string, read-only, nullable:
 * see lw_player_get_chapters_error()).
 *
 * Streams (issue 5): when the network drops while a stream plays, the player tries
 * again from the last position up to "max-retries" times (uint, default 3), waiting
 * "retry-delay" ms (uint, default 1000) doubled after each attempt; "reconnecting"
 * (uint, read-only) is the attempt under way, 0 = none. Only then is "error" emitted
 * (LW_PLAYER_ERROR_NETWORK).
 *
 * Speed (issue 5): "rate" is the speed playing now. "default-rate" is the global
 * speed (the app binds it to GSettings "playback-rate"). Loading an episode sets
 * "rate" to its show's LwShow:playback-rate when that is not 0, else to
 * "default-rate", and follows later changes of either. lw_player_set_rate() changes
 * what is playing AND where it came from: the show's own speed when it has one
 * (stored in the library), else "default-rate".
 *
 * Signals: "error" (GError*: a complete sentence for a toast), "finished" (the episode
 * played to its end; it is marked played), "seeked" (gint64 ms: the position jumped,
 * through seek or skip).
 *
 * The position is written to the library every save-interval while playing, on pause,
 * on seek, when another episode is loaded, on stop and on dispose. An episode played
 * to its end leaves the queue and the next queued episode starts. */
LwPlayer      *lw_player_new          (LwLibrary  *library,
                                       GstElement *audio_sink);
LwEpisode     *lw_player_get_episode  (LwPlayer   *self);
LwShow        *lw_player_get_show     (LwPlayer   *self);
LwPlayerState  lw_player_get_state    (LwPlayer   *self);
gint64         lw_player_get_position (LwPlayer   *self);
gint64         lw_player_get_duration (LwPlayer   *self);
double         lw_player_get_rate     (LwPlayer   *self);
void           lw_player_set_rate     (LwPlayer   *self,
                                       double      rate);
double         lw_player_get_volume   (LwPlayer   *self);
void           lw_player_set_volume   (LwPlayer   *self,
                                       double      volume);

/* Loads an episode paused at its saved position (the previous one's position is saved
 * first). Does not start playing. */
void           lw_player_load         (LwPlayer   *self,
                                       LwEpisode  *episode);
void           lw_player_play         (LwPlayer   *self);
void           lw_player_pause        (LwPlayer   *self);
void           lw_player_play_pause   (LwPlayer   *self);
void           lw_player_stop         (LwPlayer   *self);
void           lw_player_seek         (LwPlayer   *self,
                                       gint64      position_ms);
void           lw_player_skip         (LwPlayer   *self,
                                       gint64      delta_ms);
gboolean       lw_player_get_has_next (LwPlayer   *self);
int            lw_player_get_buffering (LwPlayer  *self);
/* Loads the next queued episode (taking it out of the queue), playing if this one
 * was. FALSE when the queue has nothing else. */
gboolean       lw_player_next         (LwPlayer   *self);
/* Back to the start of this episode, or, within its first 3 s, to the episode
 * played before it (this one goes to the front of the queue). */
void           lw_player_previous     (LwPlayer   *self);
/* Sleep timer: pauses after @seconds (0 cancels), fading out at the end. */
void           lw_player_set_sleep_timer     (LwPlayer *self,
                                              guint     seconds);
guint          lw_player_get_sleep_remaining (LwPlayer *self);
void           lw_player_set_sleep_at_end    (LwPlayer *self,
                                              gboolean  at_end);
/* Writes the current position to the library now (also called on quit). */
void           lw_player_save_position (LwPlayer  *self);
/* Chapters (issue 5). */
GListModel    *lw_player_get_chapters        (LwPlayer *self);
/* (nullable): why a source of this episode's chapters failed (JSON chapters that
 * could not be fetched or read, a file that could not be read), a complete
 * translated sentence; the chapters of the other sources are in the list. */
const char    *lw_player_get_chapters_error  (LwPlayer *self);
int            lw_player_get_current_chapter (LwPlayer *self);
/* Seeks to the start of the next chapter; FALSE (nothing happens) at the last one or
 * when there are no chapters. */
gboolean       lw_player_next_chapter        (LwPlayer *self);
/* Seeks to the start of the current chapter when more than 3 s of it have played,
 * else to the start of the previous one (of the first: its start). FALSE when there
 * are no chapters. */
gboolean       lw_player_previous_chapter    (LwPlayer *self);
/* Seeks to the start of chapter @index; FALSE when there is no such chapter. */
gboolean       lw_player_seek_chapter        (LwPlayer *self,
                                              guint     index);

/* Global speed (issue 5), see "default-rate" above. */
double         lw_player_get_default_rate    (LwPlayer *self);
void           lw_player_set_default_rate    (LwPlayer *self,
                                              double    rate);

/* Plays @uri (a local or http(s) audio file) as an episode outside the library
 * (MPRIS OpenUri): nothing is stored for it, no position, no played mark. @title
 * NULL uses the file name. Returns FALSE and sets @error for a URI it cannot play
 * (not file/http/https, or a local file that is not there). */
gboolean       lw_player_open_uri            (LwPlayer   *self,
                                              const char *uri,
                                              const char *title,
                                              GError    **error);

/* (transfer full) GstPlay's playbin, to inspect (tests, debugging); not to reconfigure:
 * GstPlay owns it and its audio-filter (scaletempo). */
GstElement    *lw_player_dup_pipeline  (LwPlayer  *self);

G_END_DECLS
