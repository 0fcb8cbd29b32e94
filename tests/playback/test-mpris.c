/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "player-fixture.h"
#include "playback/lw-mpris.h"

/* LwMpris on a private bus (GTestDBus), driven the way GNOME Shell and playerctl do:
 * through a GDBusProxy on a connection of its own, so every call crosses the bus. */

#define BUS_NAME "org.mpris.MediaPlayer2." APP_ID
#define OBJECT_PATH "/org/mpris/MediaPlayer2"
#define PLAYER_INTERFACE "org.mpris.MediaPlayer2.Player"

typedef struct
{
  Fixture          base;
  GTestDBus       *bus;
  GDBusConnection *service_connection;
  GDBusConnection *client_connection;
  LwMpris         *mpris;
  GDBusProxy      *player_proxy;
  GDBusProxy      *root_proxy;
  /* Every PropertiesChanged, as received: (name → count) and the last values. */
  GHashTable      *changed_counts;
  GVariantDict    *changed_values;
  GArray          *seeked;
  guint            n_raise;
  guint            n_quit;
} Mpris;

static GDBusConnection *
connect_to_bus (GTestDBus *bus)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection =
    g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);

  g_assert_no_error (error);

  return connection;
}

static void
on_properties_changed (GDBusProxy *proxy,
                       GVariant   *changed,
                       GStrv       invalidated,
                       Mpris      *mpris)
{
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_assert_cmpuint (g_strv_length (invalidated), ==, 0);

  g_variant_iter_init (&iter, changed);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (mpris->changed_counts, name));

      g_hash_table_insert (mpris->changed_counts, g_strdup (name), GUINT_TO_POINTER (count + 1));
      g_variant_dict_insert_value (mpris->changed_values, name, value);
      g_variant_unref (value);
    }
}

static void
on_signal (GDBusProxy *proxy,
           const char *sender,
           const char *signal_name,
           GVariant   *parameters,
           Mpris      *mpris)
{
  if (g_str_equal (signal_name, "Seeked"))
    {
      gint64 position;

      g_variant_get (parameters, "(x)", &position);
      g_array_append_val (mpris->seeked, position);
    }
}

static guint
n_changed (Mpris      *mpris,
           const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (mpris->changed_counts, name));
}

static GVariant *
last_changed (Mpris      *mpris,
              const char *name)
{
  return g_variant_dict_lookup_value (mpris->changed_values, name, NULL);
}

static gboolean
last_changed_is_string (Mpris      *mpris,
                        const char *name,
                        const char *expected)
{
  g_autoptr(GVariant) value = last_changed (mpris, name);

  return value != NULL && g_strcmp0 (g_variant_get_string (value, NULL), expected) == 0;
}

static void
on_raise (LwMpris *lw_mpris,
          Mpris   *mpris)
{
  mpris->n_raise++;
}

static void
on_quit (LwMpris *lw_mpris,
         Mpris   *mpris)
{
  mpris->n_quit++;
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
proxy_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusProxy **proxy = user_data;

  *proxy = g_dbus_proxy_new_finish (result, &error);
  g_assert_no_error (error);
}

static GDBusProxy *
new_proxy (GDBusConnection *connection,
           const char      *interface)
{
  GDBusProxy *proxy = NULL;

  g_dbus_proxy_new (connection, G_DBUS_PROXY_FLAGS_NONE, NULL,
                    BUS_NAME, OBJECT_PATH, interface, NULL, proxy_ready, &proxy);
  WAIT_FOR (proxy != NULL, 5000);

  return proxy;
}

static void
mpris_set_up (Mpris         *mpris,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean appeared = FALSE;
  guint watch_id;

  fixture_set_up (&mpris->base, user_data);

  mpris->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (mpris->bus);
  mpris->service_connection = connect_to_bus (mpris->bus);
  mpris->client_connection = connect_to_bus (mpris->bus);

  mpris->base.player = new_player (&mpris->base, FALSE);
  mpris->mpris = lw_mpris_new (mpris->service_connection, mpris->base.player, mpris->base.library);
  g_assert_cmpstr (lw_mpris_get_bus_name (mpris->mpris), ==, BUS_NAME);
  g_signal_connect (mpris->mpris, "raise", G_CALLBACK (on_raise), mpris);
  g_signal_connect (mpris->mpris, "quit", G_CALLBACK (on_quit), mpris);

  mpris->changed_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mpris->changed_values = g_variant_dict_new (NULL);
  mpris->seeked = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The name is taken asynchronously. */
  watch_id = g_bus_watch_name_on_connection (mpris->client_connection, BUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             on_name_appeared, NULL, &appeared, NULL);
  WAIT_FOR (appeared, 5000);
  g_bus_unwatch_name (watch_id);

  /* The service answers on this thread's main context: nothing here may block it. */
  mpris->player_proxy = new_proxy (mpris->client_connection, PLAYER_INTERFACE);
  mpris->root_proxy = new_proxy (mpris->client_connection, "org.mpris.MediaPlayer2");
  g_signal_connect (mpris->player_proxy, "g-properties-changed", G_CALLBACK (on_properties_changed), mpris);
  g_signal_connect (mpris->player_proxy, "g-signal", G_CALLBACK (on_signal), mpris);
}

static void
mpris_tear_down (Mpris         *mpris,
                 gconstpointer  user_data)
{
  g_clear_object (&mpris->player_proxy);
  g_clear_object (&mpris->root_proxy);
  g_assert_finalize_object (g_steal_pointer (&mpris->mpris));
  g_clear_pointer (&mpris->changed_counts, g_hash_table_unref);
  g_clear_pointer (&mpris->changed_values, g_variant_dict_unref);
  g_clear_pointer (&mpris->seeked, g_array_unref);

  fixture_tear_down (&mpris->base, user_data);

  g_dbus_connection_close_sync (mpris->client_connection, NULL, NULL);
  g_dbus_connection_close_sync (mpris->service_connection, NULL, NULL);
  g_clear_object (&mpris->client_connection);
  g_clear_object (&mpris->service_connection);
  g_test_dbus_down (mpris->bus);
  g_clear_object (&mpris->bus);
}

/* The service runs in this process: calls go out asynchronously while the main
 * context keeps serving them. */
typedef struct
{
  GVariant *reply;
  GError   *error;
  gboolean  done;
} Call;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  if (G_IS_DBUS_PROXY (source))
    call->reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &call->error);
  else
    call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
  call->done = TRUE;
}

static void
call_method (GDBusProxy  *proxy,
             const char  *method,
             GVariant    *parameters,
             GError     **error)
{
  Call call = { 0 };

  g_dbus_proxy_call (proxy, method, parameters, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, call_done, &call);
  WAIT_FOR (call.done, 6000);
  g_clear_pointer (&call.reply, g_variant_unref);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
}

static void
call (GDBusProxy *proxy,
      const char *method,
      GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;

  call_method (proxy, method, parameters, &error);
  g_assert_no_error (error);
}

/* Position is not announced: ask the service, as clients do. */
static gint64
get_position (Mpris *mpris)
{
  Call get = { 0 };
  g_autoptr(GVariant) value = NULL;

  g_dbus_connection_call (mpris->client_connection, BUS_NAME, OBJECT_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", PLAYER_INTERFACE, "Position"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          call_done, &get);
  WAIT_FOR (get.done, 6000);
  g_assert_no_error (get.error);
  g_variant_get (get.reply, "(v)", &value);
  g_variant_unref (get.reply);
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64));

  return g_variant_get_int64 (value);
}

static void
set_property (Mpris      *mpris,
              const char *name,
              GVariant   *value,
              GError    **error)
{
  Call properties_call = { 0 };

  g_dbus_connection_call (mpris->client_connection, BUS_NAME, OBJECT_PATH,
                          "org.freedesktop.DBus.Properties", "Set",
                          g_variant_new ("(ssv)", PLAYER_INTERFACE, name, value),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          call_done, &properties_call);
  WAIT_FOR (properties_call.done, 6000);
  g_clear_pointer (&properties_call.reply, g_variant_unref);
  if (properties_call.error != NULL)
    g_propagate_error (error, properties_call.error);
}

static GVariant *
cached (GDBusProxy *proxy,
        const char *name)
{
  GVariant *value = g_dbus_proxy_get_cached_property (proxy, name);

  g_assert_nonnull (value);

  return value;
}

static void
assert_cached_boolean (GDBusProxy *proxy,
                       const char *name,
                       gboolean    expected)
{
  g_autoptr(GVariant) value = cached (proxy, name);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN));
  g_assert_cmpint (g_variant_get_boolean (value), ==, expected);
}

static char *
cached_string (GDBusProxy *proxy,
               const char *name)
{
  g_autoptr(GVariant) value = cached (proxy, name);

  return g_variant_dup_string (value, NULL);
}

static gboolean
announced_length_is_tone (Mpris *mpris)
{
  g_autoptr(GVariant) metadata = last_changed (mpris, "Metadata");
  gint64 length;

  return metadata != NULL &&
         g_variant_lookup (metadata, "mpris:length", "x", &length) &&
         labs (length - TONE_MS * (gint64) 1000) < 100000;
}

/* Loads the MP3 and waits until clients were told it is paused, with its real
 * duration (the feed says 9 s). */
static void
load_mp3 (Mpris *mpris)
{
  load (&mpris->base, mpris->base.mp3_id);
  WAIT_FOR (last_changed_is_string (mpris, "PlaybackStatus", "Paused"), 5000);
  WAIT_FOR (announced_length_is_tone (mpris), 5000);
}

/* Tests -------------------------------------------------------------------------- */

static void
test_root (Mpris         *mpris,
           gconstpointer  user_data)
{
  g_autoptr(GVariant) schemes = cached (mpris->root_proxy, "SupportedUriSchemes");
  g_autoptr(GVariant) types = cached (mpris->root_proxy, "SupportedMimeTypes");
  g_autofree char *identity = cached_string (mpris->root_proxy, "Identity");
  g_autofree char *desktop = cached_string (mpris->root_proxy, "DesktopEntry");
  g_autofree const char **scheme_list = NULL;

  g_assert_cmpstr (identity, ==, "Longwave");
  g_assert_cmpstr (desktop, ==, APP_ID);
  assert_cached_boolean (mpris->root_proxy, "CanQuit", TRUE);
  assert_cached_boolean (mpris->root_proxy, "CanRaise", TRUE);
  assert_cached_boolean (mpris->root_proxy, "HasTrackList", FALSE);
  g_assert_cmpstr (g_variant_get_type_string (schemes), ==, "as");
  scheme_list = g_variant_get_strv (schemes, NULL);
  g_assert_true (g_strv_contains (scheme_list, "feed"));
  g_assert_cmpstr (g_variant_get_type_string (types), ==, "as");

  call (mpris->root_proxy, "Raise", NULL);
  g_assert_cmpuint (mpris->n_raise, ==, 1);
  call (mpris->root_proxy, "Quit", NULL);
  g_assert_cmpuint (mpris->n_quit, ==, 1);
}

static void
test_nothing_loaded (Mpris         *mpris,
                     gconstpointer  user_data)
{
  g_autoptr(GVariant) metadata = cached (mpris->player_proxy, "Metadata");
  g_autoptr(GVariant) track_id = NULL;
  g_autoptr(GVariant) rate = cached (mpris->player_proxy, "MinimumRate");
  g_autofree char *status = cached_string (mpris->player_proxy, "PlaybackStatus");

  g_assert_cmpstr (status, ==, "Stopped");
  track_id = g_variant_lookup_value (metadata, "mpris:trackid", G_VARIANT_TYPE_OBJECT_PATH);
  g_assert_nonnull (track_id);
  g_assert_cmpstr (g_variant_get_string (track_id, NULL), ==, "/org/mpris/MediaPlayer2/TrackList/NoTrack");
  assert_cached_boolean (mpris->player_proxy, "CanPlay", FALSE);
  assert_cached_boolean (mpris->player_proxy, "CanSeek", FALSE);
  assert_cached_boolean (mpris->player_proxy, "CanControl", TRUE);
  g_assert_cmpfloat (g_variant_get_double (rate), ==, 0.5);
  g_clear_pointer (&rate, g_variant_unref);
  rate = cached (mpris->player_proxy, "MaximumRate");
  g_assert_cmpfloat (g_variant_get_double (rate), ==, 3.0);

  /* Nothing to play: the methods do nothing, and say nothing is wrong. */
  call (mpris->player_proxy, "PlayPause", NULL);
  call (mpris->player_proxy, "Seek", g_variant_new ("(x)", (gint64) G_USEC_PER_SEC));
  g_assert_cmpint (lw_player_get_state (mpris->base.player), ==, LW_PLAYER_STATE_STOPPED);
}

static void
test_metadata (Mpris         *mpris,
               gconstpointer  user_data)
{
  g_autoptr(GVariant) metadata = NULL;
  g_autoptr(GVariant) track_id = NULL;
  g_autoptr(GVariant) length = NULL;
  g_autoptr(GVariant) artist = NULL;
  g_autoptr(GVariant) url = NULL;
  g_autofree char *expected_url = tone_uri ("test-tone.mp3");
  const char *title = NULL, *album = NULL;
  g_autofree const char **artists = NULL;

  load_mp3 (mpris);

  g_assert_cmpuint (n_changed (mpris, "Metadata"), >=, 1);
  metadata = last_changed (mpris, "Metadata");
  g_assert_nonnull (metadata);

  track_id = g_variant_lookup_value (metadata, "mpris:trackid", NULL);
  g_assert_cmpstr (g_variant_get_type_string (track_id), ==, "o");
  g_assert_false (g_str_has_prefix (g_variant_get_string (track_id, NULL), "/org/mpris"));

  length = g_variant_lookup_value (metadata, "mpris:length", NULL);
  g_assert_cmpstr (g_variant_get_type_string (length), ==, "x");

  artist = g_variant_lookup_value (metadata, "xesam:artist", NULL);
  g_assert_cmpstr (g_variant_get_type_string (artist), ==, "as");
  artists = g_variant_get_strv (artist, NULL);
  g_assert_cmpstr (artists[0], ==, "Longwave");

  g_assert_true (g_variant_lookup (metadata, "xesam:title", "&s", &title));
  g_assert_cmpstr (title, ==, "Tone in MP3");
  g_assert_true (g_variant_lookup (metadata, "xesam:album", "&s", &album));
  g_assert_cmpstr (album, ==, "Test Tones");
  url = g_variant_lookup_value (metadata, "xesam:url", G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (url, NULL), ==, expected_url);

  assert_cached_boolean (mpris->player_proxy, "CanPlay", TRUE);
  assert_cached_boolean (mpris->player_proxy, "CanPause", TRUE);
  assert_cached_boolean (mpris->player_proxy, "CanSeek", TRUE);
  assert_cached_boolean (mpris->player_proxy, "CanGoPrevious", TRUE);
  assert_cached_boolean (mpris->player_proxy, "CanGoNext", FALSE);
}

static gboolean
on_open_uri (LwMpris     *lw_mpris,
             const char  *uri,
             char       **opened)
{
  g_free (*opened);
  *opened = g_strdup (uri);

  return TRUE;
}

static void
test_playback (Mpris         *mpris,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *opened = NULL;
  g_autoptr(GVariant) metadata = NULL;
  const char *track_id;
  gint64 position;
  guint n_status;

  load_mp3 (mpris);

  call (mpris->player_proxy, "PlayPause", NULL);
  WAIT_FOR (last_changed_is_string (mpris, "PlaybackStatus", "Playing"), 5000);
  run_for (700);
  position = get_position (mpris);
  g_assert_cmpint (position, >=, 400 * 1000);
  g_assert_cmpint (position, <, 2000 * 1000);

  call (mpris->player_proxy, "Pause", NULL);
  WAIT_FOR (last_changed_is_string (mpris, "PlaybackStatus", "Paused"), 5000);
  n_status = n_changed (mpris, "PlaybackStatus");
  call (mpris->player_proxy, "Pause", NULL);
  run_for (200);
  g_assert_cmpuint (n_changed (mpris, "PlaybackStatus"), ==, n_status);

  /* Seek is relative; Seeked carries the new absolute position. */
  position = get_position (mpris);
  call (mpris->player_proxy, "Seek", g_variant_new ("(x)", (gint64) 2 * G_USEC_PER_SEC));
  WAIT_FOR (mpris->seeked->len == 1, 2000);
  g_assert_cmpint (labs (g_array_index (mpris->seeked, gint64, 0) - (position + 2 * G_USEC_PER_SEC)), <, 1000);
  g_assert_cmpint (labs (get_position (mpris) - (position + 2 * G_USEC_PER_SEC)), <, 1000);

  /* SetPosition takes the current track id, and ignores a stale one. */
  metadata = cached (mpris->player_proxy, "Metadata");
  g_assert_true (g_variant_lookup (metadata, "mpris:trackid", "&o", &track_id));
  call (mpris->player_proxy, "SetPosition",
        g_variant_new ("(ox)", track_id, (gint64) 5 * G_USEC_PER_SEC));
  WAIT_FOR (mpris->seeked->len == 2, 2000);
  g_assert_cmpint (g_array_index (mpris->seeked, gint64, 1), ==, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (get_position (mpris), ==, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (stored_position (&mpris->base, mpris->base.mp3_id), ==, 5000);

  call (mpris->player_proxy, "SetPosition",
        g_variant_new ("(ox)", "/io/github/longwave/Longwave/Episode/999999", (gint64) G_USEC_PER_SEC));
  call (mpris->player_proxy, "SetPosition",
        g_variant_new ("(ox)", track_id, (gint64) 60 * G_USEC_PER_SEC));
  run_for (200);
  g_assert_cmpuint (mpris->seeked->len, ==, 2);
  g_assert_cmpint (get_position (mpris), ==, 5 * G_USEC_PER_SEC);

  /* Previous restarts the episode. */
  call (mpris->player_proxy, "Previous", NULL);
  WAIT_FOR (mpris->seeked->len == 3, 2000);
  g_assert_cmpint (get_position (mpris), ==, 0);

  /* Rate and Volume are writable, within their bounds, and announced. */
  set_property (mpris, "Rate", g_variant_new_double (2.0), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lw_player_get_rate (mpris->base.player), ==, 2.0);
  WAIT_FOR (n_changed (mpris, "Rate") == 1, 2000);
  set_property (mpris, "Rate", g_variant_new_double (0.0), &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_clear_error (&error);
  g_assert_cmpfloat (lw_player_get_rate (mpris->base.player), ==, 2.0);

  set_property (mpris, "Volume", g_variant_new_double (0.5), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lw_player_get_volume (mpris->base.player), ==, 0.5);
  WAIT_FOR (n_changed (mpris, "Volume") == 1, 2000);
  set_property (mpris, "Volume", g_variant_new_double (-1.0), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lw_player_get_volume (mpris->base.player), ==, 0.0);

  set_property (mpris, "PlaybackStatus", g_variant_new_string ("Playing"), &error);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A change made in the app reaches clients too. */
  lw_player_set_rate (mpris->base.player, 1.5);
  WAIT_FOR (n_changed (mpris, "Rate") == 2, 2000);

  call (mpris->player_proxy, "Play", NULL);
  WAIT_FOR (last_changed_is_string (mpris, "PlaybackStatus", "Playing"), 5000);
  call (mpris->player_proxy, "Stop", NULL);
  WAIT_FOR (last_changed_is_string (mpris, "PlaybackStatus", "Stopped"), 5000);

  /* OpenUri of what is not audio goes to the application, which may refuse it. */
  call_method (mpris->player_proxy, "OpenUri", g_variant_new ("(s)", "ftp://example.org/a.mp3"), &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_signal_connect (mpris->mpris, "open-uri", G_CALLBACK (on_open_uri), &opened);
  call (mpris->player_proxy, "OpenUri", g_variant_new ("(s)", "feed://example.org/feed.xml"));
  g_assert_cmpstr (opened, ==, "feed://example.org/feed.xml");
  call (mpris->player_proxy, "OpenUri", g_variant_new ("(s)", "https://example.org/show/feed.xml"));
  g_assert_cmpstr (opened, ==, "https://example.org/show/feed.xml");

  /* An audio file plays at once, as an episode outside the library. */
  g_clear_pointer (&opened, g_free);
  {
    g_autofree char *uri = tone_uri ("test-tone.opus");
    g_autofree char *missing = g_strconcat (uri, ".gone", NULL);
    GListModel *shows;
    const char *title;

    call (mpris->player_proxy, "OpenUri", g_variant_new ("(s)", uri));
    g_assert_null (opened);
    WAIT_FOR (last_changed_is_string (mpris, "PlaybackStatus", "Playing"), 5000);
    g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (mpris->base.player)), ==, 0);

    g_clear_pointer (&metadata, g_variant_unref);
    metadata = g_dbus_proxy_get_cached_property (mpris->player_proxy, "Metadata");
    g_assert_true (g_variant_lookup (metadata, "xesam:title", "&s", &title));
    g_assert_cmpstr (title, ==, "test-tone.opus");

    /* Nothing was stored: the library still has the one show. */
    shows = lw_library_get_shows (mpris->base.library);
    g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 1);

    call_method (mpris->player_proxy, "OpenUri", g_variant_new ("(s)", missing), &error);
    g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    g_assert_null (opened);
  }

  /* Position moved all along, and never went out in PropertiesChanged. */
  g_assert_cmpuint (n_changed (mpris, "Position"), ==, 0);
  g_assert_cmpuint (n_changed (mpris, "CanControl"), ==, 0);
}

static void
process_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
last_changed_is_boolean (Mpris      *mpris,
                         const char *name,
                         gboolean    expected)
{
  g_autoptr(GVariant) value = last_changed (mpris, name);

  return value != NULL && g_variant_get_boolean (value) == expected;
}

static gboolean
announced_title_is (Mpris      *mpris,
                    const char *expected)
{
  g_autoptr(GVariant) metadata = last_changed (mpris, "Metadata");
  const char *title;

  return metadata != NULL &&
         g_variant_lookup (metadata, "xesam:title", "&s", &title) &&
         g_str_equal (title, expected);
}

static void
test_next (Mpris         *mpris,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  load_mp3 (mpris);
  assert_cached_boolean (mpris->player_proxy, "CanGoNext", FALSE);

  /* Next does nothing with nothing queued. */
  call (mpris->player_proxy, "Next", NULL);
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (mpris->base.player)), ==, mpris->base.mp3_id);

  lw_library_queue_add (mpris->base.library, mpris->base.opus_id, -1, &error);
  g_assert_no_error (error);
  WAIT_FOR (last_changed_is_boolean (mpris, "CanGoNext", TRUE), 2000);

  call (mpris->player_proxy, "Next", NULL);
  WAIT_FOR (announced_title_is (mpris, "Tone in Opus"), 2000);
  WAIT_FOR (last_changed_is_boolean (mpris, "CanGoNext", FALSE), 2000);
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (mpris->base.player)), ==, mpris->base.opus_id);
}

static void
serve_artwork (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (message),
                                         "image/png", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (message), user_data);
}

static gboolean
announced_art_is_file (Mpris *mpris)
{
  g_autoptr(GVariant) metadata = last_changed (mpris, "Metadata");
  const char *art;

  return metadata != NULL &&
         g_variant_lookup (metadata, "mpris:artUrl", "&s", &art) &&
         g_str_has_prefix (art, "file://");
}

static void
test_artwork (Mpris         *mpris,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n not really a picture", 30);
  g_autoptr(LwArtworkCache) cache = lw_artwork_cache_new ();
  g_autoptr(LwFeed) feed = lw_feed_new ();
  g_autoptr(GVariant) metadata = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *mp3 = tone_uri ("test-tone.mp3");
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  GSList *uris;
  const char *art;
  gsize length;
  gint64 show_id;

  soup_server_add_handler (server, "/art.png", serve_artwork, png, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  feed->title = g_strdup ("Pictured Tones");
  feed->image = g_strconcat (base, "art.png", NULL);
  g_ptr_array_add (feed->items, feed_item ("pictured", "Pictured tone", mp3, "audio/mpeg", 10));
  show_id = lw_library_merge_feed (mpris->base.library, "https://example.org/pictured.xml", feed, NULL, &error);
  g_assert_no_error (error);

  lw_mpris_set_artwork_cache (mpris->mpris, cache);
  load (&mpris->base, find_episode (mpris->base.library, show_id, "pictured"));

  /* First without (being fetched), then the cached file, announced when it lands. */
  WAIT_FOR (announced_art_is_file (mpris), 5000);
  metadata = last_changed (mpris, "Metadata");
  g_assert_true (g_variant_lookup (metadata, "mpris:artUrl", "&s", &art));
  file = g_file_new_for_uri (art);
  g_file_load_contents (file, NULL, &contents, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* Runs a command while the main context keeps serving the bus, and returns its
 * standard output, stripped. */
static char *
run_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  gboolean done = FALSE;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, process_exited, &done);
  WAIT_FOR (done, 10000);
  g_assert_true (g_subprocess_get_successful (process));
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);

  return g_strstrip (g_steal_pointer (&output));
}

static void
test_playerctl (Mpris         *mpris,
                gconstpointer  user_data)
{
  g_autofree char *playerctl = g_find_program_in_path ("playerctl");
  const char *player_name = BUS_NAME + strlen ("org.mpris.MediaPlayer2.");
  g_autofree char *status = NULL;
  g_autofree char *title = NULL;

  if (playerctl == NULL)
    {
      g_test_skip ("playerctl is not installed (build-aux/install-deps.sh installs it)");
      return;
    }

  load_mp3 (mpris);

  {
    const char *argv[] = { playerctl, "-p", player_name, "status", NULL };
    status = run_command (argv);
    g_assert_cmpstr (status, ==, "Paused");
  }

  {
    const char *argv[] = { playerctl, "-p", player_name, "metadata", "title", NULL };
    title = run_command (argv);
    g_assert_cmpstr (title, ==, "Tone in MP3");
  }

  {
    const char *argv[] = { playerctl, "-p", player_name, "play-pause", NULL };
    g_free (run_command (argv));
    WAIT_FOR (lw_player_get_state (mpris->base.player) == LW_PLAYER_STATE_PLAYING, 5000);
  }

  {
    const char *argv[] = { playerctl, "-p", player_name, "status", NULL };
    g_free (status);
    status = run_command (argv);
    g_assert_cmpstr (status, ==, "Playing");
  }

  {
    const char *argv[] = { playerctl, "-p", player_name, "position", "7", NULL };
    g_free (run_command (argv));
    g_assert_cmpint (labs (lw_player_get_position (mpris->base.player) - 7000), <, 300);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_home = g_dir_make_tmp ("longwave-mpris-cache-XXXXXX", NULL);
  int status;

  /* Before anything reads it: GLib keeps the first value. */
  g_assert_nonnull (cache_home);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Mpris, NULL, mpris_set_up, func, mpris_tear_down)

  ADD ("/mpris/root", test_root);
  ADD ("/mpris/nothing-loaded", test_nothing_loaded);
  ADD ("/mpris/metadata", test_metadata);
  ADD ("/mpris/playback", test_playback);
  ADD ("/mpris/next", test_next);
  ADD ("/mpris/artwork", test_artwork);
  ADD ("/mpris/playerctl", test_playerctl);

  status = g_test_run ();
  remove_tree (cache_home);

  return status;
}
