/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-player"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>
#include <gst/play/play.h>

#include "lw-chapter-list.h"
#include "lw-player.h"

/* GStreamer reports these in nanoseconds; everything public here is milliseconds. */
#define NS_TO_MS(ns) ((gint64) ((ns) / GST_MSECOND))
#define MS_TO_NS(ms) ((GstClockTime) (ms) * GST_MSECOND)

#define POSITION_UPDATE_INTERVAL_MS 200
/* How far from where it was asked a seek may land (keyframes, MP3 frames) and
 * still be taken for that seek. */
#define SEEK_SLACK_MS 250

/* A podcast needs no low latency. The audio sink's ring buffer in 40 ms segments
 * (10 ms by default) wakes the audio thread 25 times a second instead of 100, a third
 * less CPU while playing (bench/bench-player.sh); 400 ms of it (200 by default) rides
 * out a busy moment. Play, pause, seek and volume still act at once: a pause corks
 * the stream, a seek flushes, the volume goes to the sound server. */
#define SINK_LATENCY_TIME_US 40000
#define SINK_BUFFER_TIME_US  400000

/* GstPlay folds every pipeline error into GST_PLAY_ERROR_FAILED with an English text.
 * To tell the user *what* went wrong we read the original error (and any
 * missing-plugin message before it) from the pipeline bus as it is posted, on the
 * streaming thread, before GstPlay's own thread turns it into its signal. */
typedef struct
{
  GMutex    mutex;
  GError   *error;
  gboolean  error_from_source;
  char     *missing_plugin;
} BusReport;

static void
bus_report_clear (BusReport *report)
{
  g_mutex_lock (&report->mutex);
  g_clear_error (&report->error);
  g_clear_pointer (&report->missing_plugin, g_free);
  g_mutex_unlock (&report->mutex);
}

static void
bus_report_free (gpointer data)
{
  BusReport *report = data;

  g_clear_error (&report->error);
  g_clear_pointer (&report->missing_plugin, g_free);
  g_mutex_clear (&report->mutex);
}

static BusReport *
bus_report_new (void)
{
  BusReport *report = g_atomic_rc_box_new0 (BusReport);

  g_mutex_init (&report->mutex);

  return report;
}

static void
bus_report_unref (BusReport *report)
{
  g_atomic_rc_box_release_full (report, bus_report_free);
}

static void
bus_report_closure_notify (gpointer  data,
                           GClosure *closure)
{
  bus_report_unref (data);
}

struct _LwPlayer
{
  GObject               parent_instance;

  LwLibrary            *library;
  GstPlay              *play;
  GstPlaySignalAdapter *adapter;
  BusReport            *report;

  LwEpisode            *episode;
  LwShow               *show;
  /* The library's "Up Next" list: what plays after this episode. */
  GListModel           *queue;
  gboolean              has_next;

  LwPlayerState         state;
  gint64                position;
  gint64                duration;
  gint64                stream_duration;
  double                rate;
  double                volume;
  guint                 save_interval;
  int                   buffering;

  /* Sleep timer: pause at sleep_deadline (monotonic µs, 0 = off), fading out over the
   * last fade_duration ms; or at the end of this episode. */
  gint64                sleep_deadline;
  guint                 sleep_source;
  guint                 sleep_remaining;
  guint                 fade_duration;
  gboolean              sleep_at_end;

  /* Smart rewind: after a pause of smart_rewind_after s or more, Play goes back
   * smart_rewind ms. paused_at is wall-clock µs (survives restarts through the
   * episode's last-played time), 0 when not paused. */
  guint                 smart_rewind;
  guint                 smart_rewind_after;
  gint64                paused_at;
  /* Leaving an episode with at most this many ms left marks it played (0 = off). */
  guint                 played_threshold;

  /* Where to seek once the URI is loaded (-1: nowhere). */
  gint64                resume_position;
  /* A seek was asked for: ticks from before it are stale until "seek-done". */
  gboolean              seeking;
  /* Where the last seek goes, and the one still on its way when it was asked for
   * (-1: none): GstPlay reports where that one landed before it starts the next. */
  gint64                seek_target;
  gint64                superseded_seek;
  /* The last position written to the library, to skip writes that change nothing. */
  gint64                saved_position;
  gint64                last_save_time;
  /* Played to the end and marked played: the position is not written again. */
  gboolean              finished;
  /* The URI GstPlay was last given. Position ticks are only trusted once GstPlay
   * reports this URI loaded: ticks from the previous stream still queued on the
   * main context would otherwise land on (and be saved for) the new episode. */
  char                 *uri;
  gboolean              uri_loaded;

  /* Chapters of this episode, and the one at the position (-1: none). */
  LwChapterList        *chapters;
  int                   current_chapter;

  /* The global speed; "rate" is this or the show's own. */
  double                default_rate;

  /* Reconnecting a stream after the network dropped: attempt under way (0 = none),
   * how many, the first wait (doubled each time), and whether it was playing. */
  guint                 reconnecting;
  guint                 max_retries;
  guint                 retry_delay;
  guint                 retry_source;
  gboolean              retry_play;
  /* This URI prerolled once: a later network error is a connection lost. */
  gboolean              stream_started;

  /* Ids of the stored episodes played before this one, most recent last, for
   * lw_player_previous(); at most HISTORY_LENGTH. */
  GArray               *history;

  /* Why a source of this episode's chapters failed (a sentence), NULL when none did. */
  char                 *chapters_error;
};

/* The chapter list's data pointing back at its player, until the player goes: a
 * load finishing after that has no one to tell. */
#define PLAYER_KEY "lw-player"

#define HISTORY_LENGTH 50
/* Previous restarts an episode that has played longer than this; sooner, it goes
 * back to the episode before (as music players do with tracks). */
#define PREVIOUS_RESTART_MS 3000

G_DEFINE_FINAL_TYPE (LwPlayer, lw_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_AUDIO_SINK,
  PROP_EPISODE,
  PROP_SHOW,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_RATE,
  PROP_VOLUME,
  PROP_SAVE_INTERVAL,
  PROP_HAS_NEXT,
  PROP_BUFFERING,
  PROP_SLEEP_REMAINING,
  PROP_SLEEP_AT_END,
  PROP_FADE_DURATION,
  PROP_SMART_REWIND,
  PROP_SMART_REWIND_AFTER,
  PROP_PLAYED_THRESHOLD,
  PROP_CHAPTERS,
  PROP_CURRENT_CHAPTER,
  PROP_DEFAULT_RATE,
  PROP_MAX_RETRIES,
  PROP_RETRY_DELAY,
  PROP_RECONNECTING,
  PROP_CHAPTERS_ERROR,
  N_PROPS
};

enum {
  ERROR,
  FINISHED,
  SEEKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
lw_player_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { LW_PLAYER_STATE_STOPPED, "LW_PLAYER_STATE_STOPPED", "stopped" },
        { LW_PLAYER_STATE_BUFFERING, "LW_PLAYER_STATE_BUFFERING", "buffering" },
        { LW_PLAYER_STATE_PAUSED, "LW_PLAYER_STATE_PAUSED", "paused" },
        { LW_PLAYER_STATE_PLAYING, "LW_PLAYER_STATE_PLAYING", "playing" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("LwPlayerState"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

G_DEFINE_QUARK (lw-player-error-quark, lw_player_error)

static void
update_current_chapter (LwPlayer *self)
{
  int current = lw_chapter_list_find (self->chapters, self->position);

  if (self->current_chapter == current)
    return;

  self->current_chapter = current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CHAPTER]);
}

static void
set_position (LwPlayer *self,
              gint64    position)
{
  position = MAX (position, 0);

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  update_current_chapter (self);
}

/* An episode from outside the library (MPRIS OpenUri) leaves no trace in it. */
static gboolean
is_stored (LwPlayer *self)
{
  return self->episode != NULL && lw_episode_get_id (self->episode) > 0;
}

static void
update_duration (LwPlayer *self)
{
  gint64 duration = 0;

  /* The feed's duration is only a hint until the stream tells the truth. */
  if (self->stream_duration > 0)
    duration = self->stream_duration;
  else if (self->episode != NULL && lw_episode_get_duration (self->episode) > 0)
    duration = lw_episode_get_duration (self->episode) * 1000;

  if (self->duration == duration)
    return;

  self->duration = duration;
  lw_chapter_list_set_duration (self->chapters, duration);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
set_buffering (LwPlayer *self,
               int       percent)
{
  percent = CLAMP (percent, 0, 100);

  if (self->buffering == percent)
    return;

  self->buffering = percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERING]);
}

static void
set_state (LwPlayer      *self,
           LwPlayerState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_reconnecting (LwPlayer *self,
                  guint     attempt)
{
  if (self->reconnecting == attempt)
    return;

  self->reconnecting = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTING]);
}

static void
write_position (LwPlayer *self)
{
  g_autoptr(GError) error = NULL;

  if (!is_stored (self) || self->finished)
    return;

  self->last_save_time = g_get_monotonic_time ();

  if (self->position == self->saved_position)
    return;

  if (!lw_library_set_episode_position (self->library,
                                        lw_episode_get_id (self->episode),
                                        self->position,
                                        &error))
    {
      g_warning ("Could not save the position of “%s”: %s",
                 lw_episode_get_title (self->episode), error->message);
      return;
    }

  self->saved_position = self->position;
}

/* Asks the pipeline where it is right now, instead of trusting the last tick (up to
 * POSITION_UPDATE_INTERVAL_MS old), so that a pause saves the exact spot. */
static void
refresh_position (LwPlayer *self)
{
  GstClockTime position;

  if (self->seeking || self->state < LW_PLAYER_STATE_PAUSED)
    return;

  position = gst_play_get_position (self->play);
  if (GST_CLOCK_TIME_IS_VALID (position))
    set_position (self, NS_TO_MS (position));
}

static void mark_finished (LwPlayer *self);

/* Stop, load of another episode, quit: save where we are, or mark it played when
 * only the end (credits, an outro) was left. */
static void
leave_episode (LwPlayer *self)
{
  refresh_position (self);

  if (is_stored (self) && !self->finished && self->played_threshold > 0 &&
      self->duration > 0 && self->duration - self->position <= self->played_threshold)
    {
      g_autoptr(GError) error = NULL;

      if (!lw_library_set_episode_played (self->library, lw_episode_get_id (self->episode), TRUE, &error))
        g_warning ("Could not mark “%s” played: %s", lw_episode_get_title (self->episode), error->message);
      mark_finished (self);
      return;
    }

  write_position (self);
}

static const char *
episode_title (LwPlayer *self)
{
  const char *title = NULL;

  if (self->episode != NULL)
    title = lw_episode_get_title (self->episode);

  return title != NULL && *title != '\0' ? title : _("this episode");
}

static GError *
explain_error (LwPlayer     *self,
               const GError *play_error)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing_plugin = NULL;
  gboolean from_source;
  g_autofree char *uri = gst_play_get_uri (self->play);
  g_autoptr(GUri) parsed = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = parsed != NULL ? g_uri_get_scheme (parsed) : NULL;
  gboolean is_file = g_strcmp0 (scheme, "file") == 0;
  gboolean is_http = g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0;
  const char *title = episode_title (self);

  g_mutex_lock (&self->report->mutex);
  error = g_steal_pointer (&self->report->error);
  from_source = self->report->error_from_source;
  missing_plugin = g_steal_pointer (&self->report->missing_plugin);
  g_mutex_unlock (&self->report->mutex);

  if (missing_plugin != NULL ||
      g_error_matches (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
      g_error_matches (error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    {
      if (missing_plugin != NULL)
        return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_MISSING_PLUGIN,
                            _("Cannot play “%s”: it needs the GStreamer plugin “%s”, which is not installed."),
                            title, missing_plugin);

      return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_MISSING_PLUGIN,
                          _("Cannot play “%s”: a GStreamer plugin it needs is not installed."),
                          title);
    }

  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
    {
      if (is_file)
        {
          g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
          g_autofree char *display = g_filename_display_name (path != NULL ? path : uri);

          return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND,
                              _("Cannot play “%s”: the file %s does not exist."),
                              title, display);
        }

      return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND,
                          _("Cannot play “%s”: the server has no file at %s."),
                          title, uri);
    }

  /* souphttpsrc reports a refused or dropped connection as a bare "Internal data
   * stream error"; anything from it is about the network. */
  if (is_http && error != NULL && from_source)
    {
      if (error->domain == GST_RESOURCE_ERROR)
        return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_NETWORK,
                            _("Cannot play “%s”: could not get it from %s (%s)."),
                            title, g_uri_get_host (parsed), error->message);

      return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_NETWORK,
                          _("Cannot play “%s”: %s could not be reached."),
                          title, g_uri_get_host (parsed));
    }

  if (error != NULL && error->domain == GST_STREAM_ERROR)
    return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_FAILED,
                        _("Cannot play “%s”: the file is damaged or not audio (%s)."),
                        title, error->message);

  return g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_FAILED,
                      _("Cannot play “%s”: %s"),
                      title, error != NULL ? error->message : play_error->message);
}

static void
on_sync_message (GstBus     *bus,
                 GstMessage *message,
                 gpointer    user_data)
{
  BusReport *report = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);

      GstObject *source = GST_MESSAGE_SRC (message);
      /* The element reading the file or the stream (filesrc, souphttpsrc): its errors
       * are about getting the bytes, not about what they hold. */
      gboolean from_source = GST_IS_URI_HANDLER (source) &&
                             gst_uri_handler_get_uri_type (GST_URI_HANDLER (source)) == GST_URI_SRC;

      g_mutex_lock (&report->mutex);
      if (report->error == NULL)
        {
          report->error = g_steal_pointer (&error);
          report->error_from_source = from_source;
        }
      g_mutex_unlock (&report->mutex);
    }
  else if (gst_is_missing_plugin_message (message))
    {
      g_autofree char *description = gst_missing_plugin_message_get_description (message);

      g_mutex_lock (&report->mutex);
      if (report->missing_plugin == NULL)
        report->missing_plugin = g_steal_pointer (&description);
      g_mutex_unlock (&report->mutex);
    }
}

/* GStreamer 1.22's scaletempo frees its audio queue when it stops (PAUSED → READY)
 * but keeps the count of bytes that were queued. When it starts again it treats that
 * many bytes of the new, uninitialised queue as audio (a burst of noise at a speed
 * other than 1.0), and when the next stream has a lower sample rate (Opus at 48 kHz,
 * then an MP3 at 24 kHz) it copies them out of the freed queue and crashes. Only a
 * new instance starts clean, so every time the pipeline has been stopped GstPlay's
 * filter is replaced by a fresh scaletempo with the same settings: still GstPlay's
 * pitch-keeping speed change, only without the stale state. playsink builds its
 * audio chain again when the filter changed, on the next preroll. */
static void
renew_audio_filter (LwPlayer *self)
{
  g_autoptr(GstElement) pipeline = gst_play_get_pipeline (self->play);
  g_autoptr(GstElement) filter = NULL;
  GstElement *fresh;
  GstElementFactory *factory;
  guint stride, overlap_search;
  double overlap;

  g_object_get (pipeline, "audio-filter", &filter, NULL);
  if (filter == NULL)
    return;

  factory = gst_element_get_factory (filter);
  if (factory == NULL ||
      g_strcmp0 (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "scaletempo") != 0)
    return;

  fresh = gst_element_factory_create (factory, NULL);
  if (fresh == NULL)
    return;

  g_object_get (filter, "stride", &stride, "overlap", &overlap, "search", &overlap_search, NULL);
  g_object_set (fresh, "stride", stride, "overlap", overlap, "search", overlap_search, NULL);
  g_object_set (pipeline, "audio-filter", fresh, NULL);
}

static void
apply_rate_and_resume (LwPlayer *self)
{
  gint64 target = self->resume_position;

  self->resume_position = -1;

  if (target <= 0 && self->rate == 1.0)
    return;

  /* GstPlay only applies a rate through a seek, and a new URI starts at 1.0: seek to
   * the resume point (or the start) with the rate. set_rate must come first because it
   * resets GstPlay's pending seek to the current position. */
  if (self->rate != 1.0)
    gst_play_set_rate (self->play, self->rate);

  self->seeking = TRUE;
  self->seek_target = MAX (target, 0);
  self->superseded_seek = -1;
  gst_play_seek (self->play, MS_TO_NS (MAX (target, 0)));
}

static void
on_uri_loaded (GstPlaySignalAdapter *adapter,
               const char           *uri,
               LwPlayer             *self)
{
  if (g_strcmp0 (uri, self->uri) != 0)
    return;

  self->uri_loaded = TRUE;
  apply_rate_and_resume (self);
}

static void
on_state_changed (GstPlaySignalAdapter *adapter,
                  GstPlayState          play_state,
                  LwPlayer             *self)
{
  LwPlayerState old_state = self->state;
  LwPlayerState state = LW_PLAYER_STATE_STOPPED;

  switch (play_state)
    {
    case GST_PLAY_STATE_STOPPED:
      state = LW_PLAYER_STATE_STOPPED;
      break;
    case GST_PLAY_STATE_BUFFERING:
      state = LW_PLAYER_STATE_BUFFERING;
      break;
    case GST_PLAY_STATE_PAUSED:
      state = LW_PLAYER_STATE_PAUSED;
      break;
    case GST_PLAY_STATE_PLAYING:
      state = LW_PLAYER_STATE_PLAYING;
      break;
    default:
      g_assert_not_reached ();
    }

  /* Between two attempts to reconnect, the stream is "buffering", not stopped. */
  if (self->retry_source != 0 && state == LW_PLAYER_STATE_STOPPED)
    return;

  if (state == LW_PLAYER_STATE_PAUSED || state == LW_PLAYER_STATE_PLAYING)
    {
      self->stream_started = TRUE;

      if (self->reconnecting > 0 &&
          (state == LW_PLAYER_STATE_PLAYING || !self->retry_play))
        set_reconnecting (self, 0);
    }

  set_state (self, state);

  if (old_state == LW_PLAYER_STATE_PLAYING && state == LW_PLAYER_STATE_PAUSED)
    {
      refresh_position (self);
      write_position (self);
    }
}

static void
on_buffering (GstPlaySignalAdapter *adapter,
              int                   percent,
              LwPlayer             *self)
{
  set_buffering (self, percent);
}

static void
on_position_updated (GstPlaySignalAdapter *adapter,
                     GstClockTime          position,
                     LwPlayer             *self)
{
  if (self->seeking || !self->uri_loaded || !GST_CLOCK_TIME_IS_VALID (position) || self->episode == NULL)
    return;

  set_position (self, NS_TO_MS (position));

  if (self->state == LW_PLAYER_STATE_PLAYING &&
      g_get_monotonic_time () - self->last_save_time >= (gint64) self->save_interval * G_USEC_PER_SEC)
    write_position (self);
}

static void
on_duration_changed (GstPlaySignalAdapter *adapter,
                     GstClockTime          duration,
                     LwPlayer             *self)
{
  self->stream_duration = GST_CLOCK_TIME_IS_VALID (duration) ? NS_TO_MS (duration) : -1;
  update_duration (self);
}

static void
on_seek_done (GstPlaySignalAdapter *adapter,
              GstClockTime          position,
              LwPlayer             *self)
{
  gint64 landed = GST_CLOCK_TIME_IS_VALID (position) ? NS_TO_MS (position) : -1;

  /* The seek that a newer one replaced is done, and GstPlay starts the newer one
   * now: where the old one landed is not where the player is going (a second
   * click on +30 s would jump back, for a moment, under load). */
  if (self->superseded_seek >= 0 && landed >= 0 &&
      ABS (landed - self->seek_target) > SEEK_SLACK_MS &&
      ABS (landed - self->superseded_seek) < ABS (landed - self->seek_target))
    {
      self->superseded_seek = -1;
      return;
    }

  self->superseded_seek = -1;
  self->seeking = FALSE;

  if (landed >= 0)
    set_position (self, landed);
}

static void
on_media_info_updated (GstPlaySignalAdapter *adapter,
                       GstPlayMediaInfo     *info,
                       LwPlayer             *self)
{
  /* GstPlay drops seeks on media it cannot seek (live streams) without a "seek-done". */
  if (!gst_play_media_info_is_seekable (info))
    self->seeking = FALSE;
}

/* (transfer full) (nullable): the first queued episode that is not the current one. */
static LwEpisode *
dup_next_episode (LwPlayer *self)
{
  guint n_items = g_list_model_get_n_items (self->queue);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (self->queue, i);

      if (self->episode == NULL || lw_episode_get_id (episode) != lw_episode_get_id (self->episode))
        return g_steal_pointer (&episode);
    }

  return NULL;
}

static void
update_has_next (LwPlayer *self)
{
  g_autoptr(LwEpisode) next = dup_next_episode (self);
  gboolean has_next = next != NULL;

  if (self->has_next == has_next)
    return;

  self->has_next = has_next;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_NEXT]);
}

static void
on_queue_changed (LwPlayer   *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *queue)
{
  update_has_next (self);
}

static void
remove_from_queue (LwPlayer  *self,
                   LwEpisode *episode)
{
  g_autoptr(GError) error = NULL;

  if (lw_episode_get_id (episode) <= 0)
    return;

  if (!lw_library_queue_remove (self->library, lw_episode_get_id (episode), &error))
    g_warning ("Could not take “%s” out of the queue: %s",
               lw_episode_get_title (episode), error->message);
}

static void
set_sleep_remaining (LwPlayer *self,
                     guint     seconds)
{
  if (self->sleep_remaining == seconds)
    return;

  self->sleep_remaining = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLEEP_REMAINING]);
}

static void
cancel_sleep_timer (LwPlayer *self)
{
  g_clear_handle_id (&self->sleep_source, g_source_remove);
  self->sleep_deadline = 0;
  set_sleep_remaining (self, 0);

  /* Whatever the fade had reached, the volume is the user's again. */
  gst_play_set_volume (self->play, self->volume);
}

static gboolean
sleep_tick (gpointer user_data)
{
  LwPlayer *self = user_data;
  gint64 remaining_ms = (self->sleep_deadline - g_get_monotonic_time ()) / 1000;

  if (remaining_ms <= 0)
    {
      self->sleep_source = 0;
      lw_player_pause (self);
      cancel_sleep_timer (self);
      return G_SOURCE_REMOVE;
    }

  /* The fade is on the pipeline only: "volume" stays what the user chose. */
  if (remaining_ms < self->fade_duration)
    gst_play_set_volume (self->play, self->volume * remaining_ms / self->fade_duration);

  set_sleep_remaining (self, (remaining_ms + 999) / 1000);

  return G_SOURCE_CONTINUE;
}

/* The library reset the position to 0 with the played mark; the next Play starts over. */
static void
mark_finished (LwPlayer *self)
{
  self->finished = TRUE;
  self->seeking = FALSE;
  self->paused_at = 0;
  set_buffering (self, 100);
  self->saved_position = 0;
  set_position (self, 0);
}

static void
on_end_of_stream (GstPlaySignalAdapter *adapter,
                  LwPlayer             *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwEpisode) episode = NULL;

  if (self->episode == NULL)
    return;

  episode = g_object_ref (self->episode);

  if (is_stored (self) &&
      !lw_library_set_episode_played (self->library, lw_episode_get_id (episode), TRUE, &error))
    g_warning ("Could not mark “%s” played: %s", lw_episode_get_title (episode), error->message);

  mark_finished (self);

  g_signal_emit (self, signals[FINISHED], 0);

  if (self->episode != episode)
    return;

  /* Done with it: it leaves "Up Next", and whatever is next there starts, unless the
   * listener wanted to fall asleep here. */
  remove_from_queue (self, episode);

  if (self->sleep_at_end)
    {
      lw_player_set_sleep_at_end (self, FALSE);
      return;
    }

  if (lw_player_next (self))
    lw_player_play (self);
}

static void
cancel_retry (LwPlayer *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_reconnecting (self, 0);
}

/* Opens the stream again and goes back to where it broke off. */
static gboolean
retry_stream (gpointer user_data)
{
  LwPlayer *self = user_data;

  self->retry_source = 0;

  g_debug ("Reconnecting to %s (attempt %u of %u) at %" G_GINT64_FORMAT " ms",
           self->uri, self->reconnecting, self->max_retries, self->position);

  bus_report_clear (self->report);
  self->uri_loaded = FALSE;
  self->seeking = FALSE;
  self->resume_position = self->position;

  gst_play_stop (self->play);
  renew_audio_filter (self);
  gst_play_set_uri (self->play, self->uri);
  if (self->retry_play)
    gst_play_play (self->play);
  else
    gst_play_pause (self->play);

  return G_SOURCE_REMOVE;
}

/* The network went away under a stream that had been playing: try again a few
 * times, waiting longer each time, before telling the user. A server that never
 * answered at all is an error at once. */
static gboolean
schedule_retry (LwPlayer     *self,
                const GError *error)
{
  guint delay;

  if (!g_error_matches (error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NETWORK) ||
      self->episode == NULL || self->uri == NULL ||
      (!self->stream_started && self->reconnecting == 0) ||
      self->reconnecting >= self->max_retries)
    return FALSE;

  set_reconnecting (self, self->reconnecting + 1);
  delay = self->retry_delay << MIN (self->reconnecting - 1, 16);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (delay, retry_stream, self);

  return TRUE;
}

static void
on_error (GstPlaySignalAdapter *adapter,
          GError               *play_error,
          GstStructure         *details,
          LwPlayer             *self)
{
  g_autoptr(GError) error = explain_error (self, play_error);

  g_debug ("%s", play_error->message);

  if (schedule_retry (self, error))
    {
      g_debug ("%s: retrying", error->message);
      self->seeking = FALSE;
      set_state (self, LW_PLAYER_STATE_BUFFERING);
      return;
    }

  set_reconnecting (self, 0);
  /* Where it broke off is where Play goes on from, now or after a restart. */
  write_position (self);
  self->seeking = FALSE;
  self->resume_position = -1;
  set_state (self, LW_PLAYER_STATE_STOPPED);
  set_buffering (self, 100);

  g_signal_emit (self, signals[ERROR], 0, error);
}

static void
on_warning (GstPlaySignalAdapter *adapter,
            GError               *error,
            GstStructure         *details,
            LwPlayer             *self)
{
  g_debug ("GStreamer warning: %s", error->message);
}

static void
lw_player_dispose (GObject *object)
{
  LwPlayer *self = (LwPlayer *)object;

  if (self->play != NULL)
    {
      leave_episode (self);

      g_signal_handlers_disconnect_by_data (self->adapter, self);
      gst_play_stop (self->play);
    }

  g_clear_handle_id (&self->sleep_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->chapters != NULL)
    {
      g_object_set_data (G_OBJECT (self->chapters), PLAYER_KEY, NULL);
      g_signal_handlers_disconnect_by_data (self->chapters, self);
      lw_chapter_list_clear (self->chapters);
    }
  g_clear_object (&self->chapters);

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->adapter);
  g_clear_object (&self->play);
  g_clear_object (&self->episode);
  g_clear_object (&self->show);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (lw_player_parent_class)->dispose (object);
}

static void
lw_player_finalize (GObject *object)
{
  LwPlayer *self = (LwPlayer *)object;

  g_clear_pointer (&self->report, bus_report_unref);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->chapters_error, g_free);
  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (lw_player_parent_class)->finalize (object);
}

static void
lw_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LwPlayer *self = LW_PLAYER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_AUDIO_SINK:
      {
        g_autoptr(GstElement) pipeline = gst_play_get_pipeline (self->play);

        g_object_get_property (G_OBJECT (pipeline), "audio-sink", value);
      }
      break;

    case PROP_EPISODE:
      g_value_set_object (value, self->episode);
      break;

    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;

    case PROP_SAVE_INTERVAL:
      g_value_set_uint (value, self->save_interval);
      break;

    case PROP_HAS_NEXT:
      g_value_set_boolean (value, self->has_next);
      break;

    case PROP_BUFFERING:
      g_value_set_int (value, self->buffering);
      break;

    case PROP_SLEEP_REMAINING:
      g_value_set_uint (value, self->sleep_remaining);
      break;

    case PROP_SLEEP_AT_END:
      g_value_set_boolean (value, self->sleep_at_end);
      break;

    case PROP_FADE_DURATION:
      g_value_set_uint (value, self->fade_duration);
      break;

    case PROP_SMART_REWIND:
      g_value_set_uint (value, self->smart_rewind);
      break;

    case PROP_SMART_REWIND_AFTER:
      g_value_set_uint (value, self->smart_rewind_after);
      break;

    case PROP_PLAYED_THRESHOLD:
      g_value_set_uint (value, self->played_threshold);
      break;

    case PROP_CHAPTERS:
      g_value_set_object (value, self->chapters);
      break;

    case PROP_CURRENT_CHAPTER:
      g_value_set_int (value, self->current_chapter);
      break;

    case PROP_DEFAULT_RATE:
      g_value_set_double (value, self->default_rate);
      break;

    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;

    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;

    case PROP_RECONNECTING:
      g_value_set_uint (value, self->reconnecting);
      break;

    case PROP_CHAPTERS_ERROR:
      g_value_set_string (value, self->chapters_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_uint (GObject    *object,
          GParamSpec *pspec,
          guint      *field,
          guint       value)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

static void
lw_player_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LwPlayer *self = LW_PLAYER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    case PROP_AUDIO_SINK:
      if (g_value_get_object (value) != NULL)
        {
          g_autoptr(GstElement) pipeline = gst_play_get_pipeline (self->play);

          /* On the playbin itself: GstPlay has no audio-sink of its own. */
          g_object_set_property (G_OBJECT (pipeline), "audio-sink", value);
        }
      break;

    case PROP_RATE:
      lw_player_set_rate (self, g_value_get_double (value));
      break;

    case PROP_VOLUME:
      lw_player_set_volume (self, g_value_get_double (value));
      break;

    case PROP_SLEEP_AT_END:
      lw_player_set_sleep_at_end (self, g_value_get_boolean (value));
      break;

    case PROP_FADE_DURATION:
      set_uint (object, pspec, &self->fade_duration, g_value_get_uint (value));
      break;

    case PROP_SMART_REWIND:
      set_uint (object, pspec, &self->smart_rewind, g_value_get_uint (value));
      break;

    case PROP_SMART_REWIND_AFTER:
      set_uint (object, pspec, &self->smart_rewind_after, g_value_get_uint (value));
      break;

    case PROP_PLAYED_THRESHOLD:
      set_uint (object, pspec, &self->played_threshold, g_value_get_uint (value));
      break;

    case PROP_SAVE_INTERVAL:
      set_uint (object, pspec, &self->save_interval, g_value_get_uint (value));
      break;

    case PROP_DEFAULT_RATE:
      lw_player_set_default_rate (self, g_value_get_double (value));
      break;

    case PROP_MAX_RETRIES:
      set_uint (object, pspec, &self->max_retries, g_value_get_uint (value));
      break;

    case PROP_RETRY_DELAY:
      set_uint (object, pspec, &self->retry_delay, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* On GstPlay's thread, as autoaudiosink picks the desktop's sink. */
static void
on_sink_element_added (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    user_data)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (element);

  /* Every GstAudioBaseSink (pulsesink, pipewiresink, alsasink) has both. */
  if (g_object_class_find_property (klass, "latency-time") != NULL &&
      g_object_class_find_property (klass, "buffer-time") != NULL)
    g_object_set (element,
                  "buffer-time", (gint64) SINK_BUFFER_TIME_US,
                  "latency-time", (gint64) SINK_LATENCY_TIME_US,
                  NULL);
}

static void
lw_player_constructed (GObject *object)
{
  LwPlayer *self = (LwPlayer *)object;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;

  G_OBJECT_CLASS (lw_player_parent_class)->constructed (object);

  /* No sink given: the desktop's, as playbin would pick it, set up for a podcast. */
  pipeline = gst_play_get_pipeline (self->play);
  g_object_get (pipeline, "audio-sink", &sink, NULL);
  if (sink == NULL)
    {
      GstElement *auto_sink = gst_element_factory_make ("autoaudiosink", NULL);

      if (auto_sink != NULL)
        {
          g_signal_connect (auto_sink, "deep-element-added", G_CALLBACK (on_sink_element_added), NULL);
          g_object_set (pipeline, "audio-sink", auto_sink, NULL);
        }
    }

  g_assert (LW_IS_LIBRARY (self->library));

  self->queue = lw_library_get_queue (self->library);
  g_signal_connect_object (self->queue, "items-changed",
                           G_CALLBACK (on_queue_changed), self, G_CONNECT_SWAPPED);
  update_has_next (self);
}

static void
lw_player_class_init (LwPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lw_player_constructed;
  object_class->dispose = lw_player_dispose;
  object_class->finalize = lw_player_finalize;
  object_class->get_property = lw_player_get_property;
  object_class->set_property = lw_player_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         LW_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUDIO_SINK] =
    g_param_spec_object ("audio-sink", NULL, NULL,
                         GST_TYPE_ELEMENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EPISODE] =
    g_param_spec_object ("episode", NULL, NULL,
                         LW_TYPE_EPISODE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         LW_TYPE_SHOW,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LW_TYPE_PLAYER_STATE,
                       LW_PLAYER_STATE_STOPPED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL,
                         LW_PLAYER_MIN_RATE, LW_PLAYER_MAX_RATE, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL,
                         0.0, 1.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SAVE_INTERVAL] =
    g_param_spec_uint ("save-interval", NULL, NULL,
                       1, G_MAXUINT, 5,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_NEXT] =
    g_param_spec_boolean ("has-next", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUFFERING] =
    g_param_spec_int ("buffering", NULL, NULL,
                      0, 100, 100,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SLEEP_REMAINING] =
    g_param_spec_uint ("sleep-remaining", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SLEEP_AT_END] =
    g_param_spec_boolean ("sleep-at-end", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FADE_DURATION] =
    g_param_spec_uint ("fade-duration", NULL, NULL,
                       1, G_MAXUINT, 10000,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SMART_REWIND] =
    g_param_spec_uint ("smart-rewind", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SMART_REWIND_AFTER] =
    g_param_spec_uint ("smart-rewind-after", NULL, NULL,
                       0, G_MAXUINT, 300,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLAYED_THRESHOLD] =
    g_param_spec_uint ("played-threshold", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHAPTERS] =
    g_param_spec_object ("chapters", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT_CHAPTER] =
    g_param_spec_int ("current-chapter", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DEFAULT_RATE] =
    g_param_spec_double ("default-rate", NULL, NULL,
                         LW_PLAYER_MIN_RATE, LW_PLAYER_MAX_RATE, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL,
                       0, 20, 3,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL,
                       1, 60000, 1000,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RECONNECTING] =
    g_param_spec_uint ("reconnecting", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHAPTERS_ERROR] =
    g_param_spec_string ("chapters-error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LwPlayer::error:
   * @error: a #GError in %LW_PLAYER_ERROR whose message is a whole sentence
   *
   * Playback failed; the player is stopped.
   */
  signals[ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * LwPlayer::finished:
   *
   * The episode played to its end and is marked played.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LwPlayer::seeked:
   * @position: where the player jumped to, in milliseconds
   *
   * The position jumped (a seek or a skip), as opposed to moving with playback.
   */
  signals[SEEKED] =
    g_signal_new ("seeked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
lw_player_init (LwPlayer *self)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstStructure *config;

  /* When the first player is made, not when its class is first looked at (the
   * episode detail watches a player's signals before there is any). */
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  gst_pb_utils_init ();

  self->rate = 1.0;
  self->seek_target = -1;
  self->superseded_seek = -1;
  self->default_rate = 1.0;
  self->volume = 1.0;
  self->current_chapter = -1;
  self->max_retries = 3;
  self->retry_delay = 1000;
  self->chapters = lw_chapter_list_new ();
  g_object_set_data (G_OBJECT (self->chapters), PLAYER_KEY, self);
  g_signal_connect_object (self->chapters, "items-changed",
                           G_CALLBACK (update_current_chapter), self, G_CONNECT_SWAPPED);
  self->save_interval = 5;
  self->buffering = 100;
  self->fade_duration = 10000;
  self->smart_rewind_after = 300;
  self->resume_position = -1;
  self->saved_position = -1;
  self->stream_duration = -1;
  self->report = bus_report_new ();

  self->history = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->play = gst_play_new (NULL);

  config = gst_play_get_config (self->play);
  gst_play_config_set_position_update_interval (config, POSITION_UPDATE_INTERVAL_MS);
  gst_play_config_set_user_agent (config, PACKAGE_NAME "/" PACKAGE_VERSION);
  /* Seeks land where asked (resume, chapters), not on the previous keyframe. */
  gst_play_config_set_seek_accurate (config, TRUE);
  gst_play_set_config (self->play, config);

  /* Podcasts are listened to; a video podcast must not open a window of its own. */
  gst_play_set_video_track_enabled (self->play, FALSE);

  pipeline = gst_play_get_pipeline (self->play);
  bus = gst_element_get_bus (pipeline);
  gst_bus_enable_sync_message_emission (bus);
  g_signal_connect_data (bus, "sync-message",
                         G_CALLBACK (on_sync_message),
                         g_atomic_rc_box_acquire (self->report),
                         bus_report_closure_notify, 0);

  /* Signals arrive on the thread-default main context of the thread creating us. */
  self->adapter = gst_play_signal_adapter_new (self->play);
  g_signal_connect (self->adapter, "uri-loaded", G_CALLBACK (on_uri_loaded), self);
  g_signal_connect (self->adapter, "state-changed", G_CALLBACK (on_state_changed), self);
  g_signal_connect (self->adapter, "buffering", G_CALLBACK (on_buffering), self);
  g_signal_connect (self->adapter, "position-updated", G_CALLBACK (on_position_updated), self);
  g_signal_connect (self->adapter, "duration-changed", G_CALLBACK (on_duration_changed), self);
  g_signal_connect (self->adapter, "seek-done", G_CALLBACK (on_seek_done), self);
  g_signal_connect (self->adapter, "media-info-updated", G_CALLBACK (on_media_info_updated), self);
  g_signal_connect (self->adapter, "end-of-stream", G_CALLBACK (on_end_of_stream), self);
  g_signal_connect (self->adapter, "error", G_CALLBACK (on_error), self);
  g_signal_connect (self->adapter, "warning", G_CALLBACK (on_warning), self);
}

/**
 * lw_player_new:
 * @library: the library positions and played marks are written to
 * @audio_sink: (nullable) (transfer floating): the sink to play into, %NULL for the
 *   desktop's default
 *
 * Returns: (transfer full): a new #LwPlayer
 */
LwPlayer *
lw_player_new (LwLibrary  *library,
               GstElement *audio_sink)
{
  g_return_val_if_fail (LW_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (audio_sink == NULL || GST_IS_ELEMENT (audio_sink), NULL);

  return g_object_new (LW_TYPE_PLAYER,
                       "library", library,
                       "audio-sink", audio_sink,
                       NULL);
}

/**
 * lw_player_get_episode:
 *
 * Returns: (transfer none) (nullable): the loaded episode
 */
LwEpisode *
lw_player_get_episode (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), NULL);

  return self->episode;
}

/**
 * lw_player_get_show:
 *
 * Returns: (transfer none) (nullable): the show of the loaded episode
 */
LwShow *
lw_player_get_show (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), NULL);

  return self->show;
}

LwPlayerState
lw_player_get_state (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), LW_PLAYER_STATE_STOPPED);

  return self->state;
}

gint64
lw_player_get_position (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), 0);

  return self->position;
}

gint64
lw_player_get_duration (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), 0);

  return self->duration;
}

double
lw_player_get_rate (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), 1.0);

  return self->rate;
}

/* Changes the speed playing now; the pitch stays (GstPlay's scaletempo). Position
 * and duration stay in media time. */
static void
apply_rate (LwPlayer *self,
            double    rate)
{
  rate = CLAMP (rate, LW_PLAYER_MIN_RATE, LW_PLAYER_MAX_RATE);

  if (G_APPROX_VALUE (self->rate, rate, 0.001))
    return;

  self->rate = rate;

  /* Before the URI is loaded, apply_rate_and_resume() applies it; after, GstPlay
   * seeks to where it is with the new rate. */
  if (self->episode != NULL && self->resume_position < 0)
    {
      gint64 target = self->position;
      gboolean was_seeking = self->seeking;

      gst_play_set_rate (self->play, rate);

      /* set_rate replaces a pending seek with "here": keep the one we asked for. */
      if (was_seeking)
        gst_play_seek (self->play, MS_TO_NS (target));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

static double
show_rate (LwPlayer *self)
{
  return self->show != NULL ? lw_show_get_playback_rate (self->show) : 0.0;
}

/* The show's own speed when it has one, else the global one. */
static void
apply_effective_rate (LwPlayer *self)
{
  double rate = show_rate (self);

  apply_rate (self, rate > 0.0 ? rate : self->default_rate);
}

static void
on_show_rate_changed (LwPlayer *self)
{
  apply_effective_rate (self);
}

/**
 * lw_player_set_rate:
 * @rate: the speed, clamped to 0.5–3.0
 *
 * Changes the speed now, and where it comes from: the show's own speed when it has
 * one (stored in the library), else #LwPlayer:default-rate.
 */
void
lw_player_set_rate (LwPlayer *self,
                    double    rate)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  rate = CLAMP (rate, LW_PLAYER_MIN_RATE, LW_PLAYER_MAX_RATE);

  if (show_rate (self) > 0.0)
    {
      g_autoptr(GError) error = NULL;

      if (!lw_library_set_show_playback_rate (self->library, lw_show_get_id (self->show), rate, &error))
        g_warning ("Could not save the speed of “%s”: %s", lw_show_get_title (self->show), error->message);
    }
  else
    {
      lw_player_set_default_rate (self, rate);
    }

  apply_rate (self, rate);
}

double
lw_player_get_default_rate (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), 1.0);

  return self->default_rate;
}

/**
 * lw_player_set_default_rate:
 * @rate: the global speed, clamped to 0.5–3.0
 *
 * Episodes of shows without a speed of their own play at it.
 */
void
lw_player_set_default_rate (LwPlayer *self,
                            double    rate)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  rate = CLAMP (rate, LW_PLAYER_MIN_RATE, LW_PLAYER_MAX_RATE);

  if (G_APPROX_VALUE (self->default_rate, rate, 0.001))
    return;

  self->default_rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_RATE]);

  if (show_rate (self) <= 0.0)
    apply_rate (self, rate);
}

double
lw_player_get_volume (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), 1.0);

  return self->volume;
}

/**
 * lw_player_set_volume:
 * @volume: linear, 0 (silent) to 1 (full)
 */
void
lw_player_set_volume (LwPlayer *self,
                      double    volume)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);

  if (self->volume == volume)
    return;

  self->volume = volume;
  /* During a sleep fade, the next tick fades it again. */
  gst_play_set_volume (self->play, volume);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

static void
set_chapters_error (LwPlayer   *self,
                    const char *message)
{
  if (g_strcmp0 (self->chapters_error, message) == 0)
    return;

  g_free (self->chapters_error);
  self->chapters_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAPTERS_ERROR]);
}

static void
on_chapters_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  LwPlayer *self;

  /* A newer load cancelled this one: the newer one reports. */
  if (lw_chapter_list_load_finish (LW_CHAPTER_LIST (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("%s", error->message);

  /* The chapters of the other sources are in the list; the listener still learns
   * that some are missing (the chapter list shows it) instead of a silent gap. */
  self = g_object_get_data (source, PLAYER_KEY);
  if (self != NULL)
    set_chapters_error (self, error->message);
}

/**
 * lw_player_load:
 * @episode: (nullable): the episode, %NULL to unload
 *
 * Saves where the current episode is, then loads @episode paused at its saved
 * position. Does not start playing; an unplayable file is reported through
 * #LwPlayer::error.
 */
void
lw_player_load (LwPlayer  *self,
                LwEpisode *episode)
{
  g_autofree char *uri = NULL;
  g_autoptr(LwShow) show = NULL;

  g_return_if_fail (LW_IS_PLAYER (self));
  g_return_if_fail (episode == NULL || LW_IS_EPISODE (episode));

  leave_episode (self);

  /* What Previous goes back to. */
  if (is_stored (self) && (episode == NULL || lw_episode_get_id (episode) != lw_episode_get_id (self->episode)))
    {
      gint64 id = lw_episode_get_id (self->episode);

      g_array_append_val (self->history, id);
      if (self->history->len > HISTORY_LENGTH)
        g_array_remove_index (self->history, 0);
    }

  g_object_freeze_notify (G_OBJECT (self));

  gst_play_stop (self->play);
  bus_report_clear (self->report);

  cancel_retry (self);
  self->retry_play = FALSE;
  self->stream_started = FALSE;
  self->finished = FALSE;
  self->seeking = FALSE;
  self->uri_loaded = FALSE;
  g_clear_pointer (&self->uri, g_free);
  self->stream_duration = -1;
  self->resume_position = -1;
  self->saved_position = -1;
  self->last_save_time = g_get_monotonic_time ();

  if (g_set_object (&self->episode, episode))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPISODE]);

  if (episode != NULL && lw_episode_get_show_id (episode) > 0)
    show = lw_library_lookup_show (self->library, lw_episode_get_show_id (episode));
  if (self->show != show)
    {
      if (self->show != NULL)
        g_signal_handlers_disconnect_by_func (self->show, on_show_rate_changed, self);
      g_set_object (&self->show, show);
      if (show != NULL)
        g_signal_connect_object (show, "notify::playback-rate",
                                 G_CALLBACK (on_show_rate_changed), self, G_CONNECT_SWAPPED);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
    }

  set_state (self, LW_PLAYER_STATE_STOPPED);
  set_buffering (self, 100);

  if (episode != NULL)
    {
      /* A played episode starts over (the library keeps its position at 0). */
      self->saved_position = lw_episode_get_position (episode);
      self->resume_position = self->saved_position;
      /* Stopped there when the app last ran: that counts as a pause. */
      self->paused_at = self->saved_position > 0 ? lw_episode_get_last_played (episode) * G_USEC_PER_SEC : 0;
      set_position (self, self->saved_position);
      uri = lw_episode_dup_media_uri (episode);
    }
  else
    {
      set_position (self, 0);
    }

  /* Before the URI is loaded (resume_position is set): applied with the resume seek. */
  apply_effective_rate (self);

  set_chapters_error (self, NULL);
  if (episode != NULL)
    lw_chapter_list_load_async (self->chapters, self->library, episode, uri, NULL, on_chapters_loaded, NULL);
  else
    lw_chapter_list_clear (self->chapters);

  update_duration (self);
  update_has_next (self);

  g_object_thaw_notify (G_OBJECT (self));

  if (episode == NULL)
    return;

  if (uri == NULL || *uri == '\0')
    {
      g_autoptr(GError) error = g_error_new (LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND,
                                             _("Cannot play “%s”: the feed gives no audio file for it."),
                                             episode_title (self));

      self->resume_position = -1;
      g_signal_emit (self, signals[ERROR], 0, error);
      return;
    }

  /* Prerolls, so that duration and seekability are known before Play. The resume
   * seek goes in when GstPlay reports the URI loaded ("uri-loaded"): a seek asked
   * for earlier would be reset by set_uri on GstPlay's thread. */
  self->uri = g_strdup (uri);
  renew_audio_filter (self);
  gst_play_set_uri (self->play, uri);
  gst_play_pause (self->play);
}

/* After stop, an error or the end, GstPlay would start at 0 and at 1.0: go back to
 * where we were, at our rate. The pipeline went down to READY: a seek asked for now
 * would be applied when it prerolls but GstPlay never reports it done (the position
 * would stay frozen), so the URI is given again and the resume seek goes in once it
 * is loaded, as after lw_player_load(). */
static void
return_to_position (LwPlayer *self)
{
  if (self->state != LW_PLAYER_STATE_STOPPED || self->resume_position >= 0 || self->uri == NULL)
    return;

  renew_audio_filter (self);

  bus_report_clear (self->report);
  self->uri_loaded = FALSE;
  self->seeking = FALSE;
  self->resume_position = self->position;
  gst_play_set_uri (self->play, self->uri);
}

void
lw_player_play (LwPlayer *self)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  if (self->episode == NULL)
    return;

  if (self->finished)
    {
      /* Listening again to an episode that ended: it stays played, starts over. */
      self->finished = FALSE;
      self->saved_position = 0;
    }

  if (self->paused_at > 0 && self->smart_rewind > 0 &&
      g_get_real_time () - self->paused_at >= (gint64) self->smart_rewind_after * G_USEC_PER_SEC)
    lw_player_seek (self, self->position - self->smart_rewind);
  self->paused_at = 0;

  return_to_position (self);

  self->retry_play = TRUE;
  self->last_save_time = g_get_monotonic_time ();
  gst_play_play (self->play);
}

void
lw_player_pause (LwPlayer *self)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  if (self->episode == NULL)
    return;

  if (!self->finished)
    return_to_position (self);

  if (self->state == LW_PLAYER_STATE_PLAYING)
    self->paused_at = g_get_real_time ();

  self->retry_play = FALSE;
  gst_play_pause (self->play);
  refresh_position (self);
  write_position (self);
}

void
lw_player_play_pause (LwPlayer *self)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  if (self->state == LW_PLAYER_STATE_PLAYING)
    lw_player_pause (self);
  else
    lw_player_play (self);
}

/**
 * lw_player_stop:
 *
 * Saves the position and releases the audio device; the episode stays loaded and
 * Play goes on from the same spot.
 */
void
lw_player_stop (LwPlayer *self)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  if (self->episode == NULL)
    return;

  leave_episode (self);

  cancel_retry (self);
  self->retry_play = FALSE;
  gst_play_stop (self->play);
  self->seeking = FALSE;
  set_state (self, LW_PLAYER_STATE_STOPPED);
}

/**
 * lw_player_seek:
 * @position_ms: where to go, clamped to the episode
 *
 * Jumps and saves the new position.
 */
void
lw_player_seek (LwPlayer *self,
                gint64    position_ms)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  if (self->episode == NULL)
    return;

  position_ms = MAX (position_ms, 0);
  if (self->duration > 0)
    position_ms = MIN (position_ms, self->duration);

  set_position (self, position_ms);

  if (self->resume_position >= 0)
    {
      /* Not loaded yet: go there instead of the saved position. */
      self->resume_position = position_ms;
    }
  else
    {
      /* The seek on its way, if any, is the one GstPlay will still report. */
      if (!self->seeking)
        self->superseded_seek = -1;
      else if (self->superseded_seek < 0)
        self->superseded_seek = self->seek_target;
      self->seeking = TRUE;
      self->seek_target = position_ms;
      gst_play_seek (self->play, MS_TO_NS (position_ms));
    }

  write_position (self);

  g_signal_emit (self, signals[SEEKED], 0, position_ms);
}

/**
 * lw_player_skip:
 * @delta_ms: how far to jump, negative to go back
 */
void
lw_player_skip (LwPlayer *self,
                gint64    delta_ms)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  lw_player_seek (self, self->position + delta_ms);
}

void
lw_player_save_position (LwPlayer *self)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  refresh_position (self);
  write_position (self);
}

/**
 * lw_player_dup_pipeline:
 *
 * Returns: (transfer full): the playbin GstPlay drives
 */
GstElement *
lw_player_dup_pipeline (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), NULL);

  return gst_play_get_pipeline (self->play);
}

gboolean
lw_player_get_has_next (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), FALSE);

  return self->has_next;
}

/**
 * lw_player_next:
 *
 * Loads the first episode of the queue ("Up Next") other than the current one, and
 * takes it out of the queue. It plays if the current one was playing.
 *
 * Returns: %TRUE if there was one
 */
gboolean
lw_player_next (LwPlayer *self)
{
  g_autoptr(LwEpisode) next = NULL;
  gboolean was_playing;

  g_return_val_if_fail (LW_IS_PLAYER (self), FALSE);

  next = dup_next_episode (self);
  if (next == NULL)
    return FALSE;

  was_playing = self->state == LW_PLAYER_STATE_PLAYING;

  remove_from_queue (self, next);
  lw_player_load (self, next);
  if (was_playing)
    lw_player_play (self);

  return TRUE;
}

/**
 * lw_player_previous:
 *
 * MPRIS Previous: back to the start of this episode once more than a few seconds
 * of it have played; in the first seconds, back to the episode played before it
 * (where it was left), this one going to the front of the queue so that Next
 * returns to it. Plays if this one was playing.
 */
void
lw_player_previous (LwPlayer *self)
{
  g_autoptr(LwEpisode) previous = NULL;
  g_autoptr(LwEpisode) current = NULL;
  gboolean was_playing;

  g_return_if_fail (LW_IS_PLAYER (self));

  if (self->episode == NULL)
    return;

  refresh_position (self);

  /* The episodes played before may have left the library since. */
  while (self->position <= PREVIOUS_RESTART_MS && previous == NULL && self->history->len > 0)
    {
      gint64 id = g_array_index (self->history, gint64, self->history->len - 1);

      g_array_remove_index (self->history, self->history->len - 1);
      previous = lw_library_lookup_episode (self->library, id);
    }

  if (previous == NULL)
    {
      lw_player_seek (self, 0);
      return;
    }

  was_playing = self->state == LW_PLAYER_STATE_PLAYING;
  current = g_object_ref (self->episode);

  if (is_stored (self))
    {
      g_autoptr(GError) error = NULL;

      if (!lw_library_queue_add (self->library, lw_episode_get_id (current), 0, &error))
        g_warning ("Could not put “%s” back in the queue: %s",
                   lw_episode_get_title (current), error->message);
    }

  lw_player_load (self, previous);
  /* Loading pushed the one we came from: Previous again goes further back. */
  if (self->history->len > 0)
    g_array_remove_index (self->history, self->history->len - 1);
  remove_from_queue (self, previous);

  if (was_playing)
    lw_player_play (self);
}

int
lw_player_get_buffering (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), 100);

  return self->buffering;
}

/**
 * lw_player_set_sleep_timer:
 * @seconds: how long until playback pauses, 0 to cancel
 *
 * Pauses after @seconds (wall-clock time), fading out over the last
 * #LwPlayer:fade-duration milliseconds. "sleep-remaining" counts down.
 */
void
lw_player_set_sleep_timer (LwPlayer *self,
                           guint     seconds)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  cancel_sleep_timer (self);

  if (seconds == 0)
    return;

  self->sleep_deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  /* Often enough for a smooth fade. */
  self->sleep_source = g_timeout_add (100, sleep_tick, self);
  set_sleep_remaining (self, seconds);
}

guint
lw_player_get_sleep_remaining (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), 0);

  return self->sleep_remaining;
}

/**
 * lw_player_set_sleep_at_end:
 * @at_end: whether to stop when this episode ends instead of going on with the queue
 */
void
lw_player_set_sleep_at_end (LwPlayer *self,
                            gboolean  at_end)
{
  g_return_if_fail (LW_IS_PLAYER (self));

  at_end = !!at_end;

  if (self->sleep_at_end == at_end)
    return;

  self->sleep_at_end = at_end;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLEEP_AT_END]);
}

/**
 * lw_player_get_chapters:
 *
 * Returns: (transfer none): the chapters of the loaded episode, a #GListModel of
 *   #LwChapterItem that stays the same object from episode to episode
 */
const char *
lw_player_get_chapters_error (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), NULL);

  return self->chapters_error;
}

GListModel *
lw_player_get_chapters (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), NULL);

  return G_LIST_MODEL (self->chapters);
}

int
lw_player_get_current_chapter (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), -1);

  return self->current_chapter;
}

gboolean
lw_player_seek_chapter (LwPlayer *self,
                        guint     index)
{
  LwChapterItem *chapter;

  g_return_val_if_fail (LW_IS_PLAYER (self), FALSE);

  chapter = lw_chapter_list_get_chapter (self->chapters, index);
  if (chapter == NULL || self->episode == NULL)
    return FALSE;

  lw_player_seek (self, lw_chapter_item_get_start (chapter));

  return TRUE;
}

gboolean
lw_player_next_chapter (LwPlayer *self)
{
  g_return_val_if_fail (LW_IS_PLAYER (self), FALSE);

  return lw_player_seek_chapter (self, (guint) (self->current_chapter + 1));
}

/* Within this much of a chapter's start, "previous" means the chapter before, as
 * a CD player's previous button does. */
#define PREVIOUS_CHAPTER_GRACE_MS 3000

gboolean
lw_player_previous_chapter (LwPlayer *self)
{
  LwChapterItem *current;

  g_return_val_if_fail (LW_IS_PLAYER (self), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->chapters)) == 0)
    return FALSE;

  if (self->current_chapter < 0)
    return lw_player_seek_chapter (self, 0);

  current = lw_chapter_list_get_chapter (self->chapters, self->current_chapter);
  if (self->current_chapter == 0 ||
      self->position - lw_chapter_item_get_start (current) > PREVIOUS_CHAPTER_GRACE_MS)
    return lw_player_seek_chapter (self, self->current_chapter);

  return lw_player_seek_chapter (self, self->current_chapter - 1);
}

/**
 * lw_player_open_uri:
 * @uri: a file://, http:// or https:// URI of an audio file
 * @title: (nullable): what to call it; %NULL uses the file name
 *
 * Loads @uri as an episode outside the library and plays it. Nothing is stored
 * for it: no position, no played mark, no queue entry.
 *
 * Returns: %TRUE if it was loaded
 */
gboolean
lw_player_open_uri (LwPlayer    *self,
                    const char  *uri,
                    const char  *title,
                    GError     **error)
{
  g_autoptr(LwEpisode) episode = NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *name = NULL;
  const char *scheme;

  g_return_val_if_fail (LW_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  scheme = parsed != NULL ? g_uri_get_scheme (parsed) : NULL;

  if (g_strcmp0 (scheme, "file") == 0)
    {
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *display = path != NULL ? g_filename_display_name (path) : g_strdup (uri);

          g_set_error (error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NOT_FOUND,
                       _("Cannot play %s: there is no such file."), display);
          return FALSE;
        }

      name = g_filename_display_basename (path);
    }
  else if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0)
    {
      const char *path = g_uri_get_path (parsed);
      const char *slash = strrchr (path, '/');

      name = g_uri_unescape_string (slash != NULL ? slash + 1 : path, NULL);
      if (name == NULL || *name == '\0')
        {
          g_free (name);
          name = g_strdup (g_uri_get_host (parsed));
        }
    }
  else
    {
      g_set_error (error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_FAILED,
                   _("Cannot play %s: only files and web addresses can be played."), uri);
      return FALSE;
    }

  episode = lw_episode_new_detached (uri, title != NULL && *title != '\0' ? title : name);
  lw_player_load (self, episode);
  lw_player_play (self);

  return TRUE;
}
