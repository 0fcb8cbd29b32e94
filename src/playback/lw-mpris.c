/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-mpris"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-mpris.h"

#define MPRIS_OBJECT_PATH "/org/mpris/MediaPlayer2"
#define MPRIS_ROOT_INTERFACE "org.mpris.MediaPlayer2"
#define MPRIS_PLAYER_INTERFACE "org.mpris.MediaPlayer2.Player"
/* The spec's own "no track" id: the only track id allowed under /org/mpris. */
#define MPRIS_NO_TRACK "/org/mpris/MediaPlayer2/TrackList/NoTrack"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.mpris.MediaPlayer2'>"
  "    <method name='Raise'/>"
  "    <method name='Quit'/>"
  "    <property name='CanQuit' type='b' access='read'/>"
  "    <property name='CanRaise' type='b' access='read'/>"
  "    <property name='CanSetFullscreen' type='b' access='read'/>"
  "    <property name='Fullscreen' type='b' access='read'/>"
  "    <property name='HasTrackList' type='b' access='read'/>"
  "    <property name='Identity' type='s' access='read'/>"
  "    <property name='DesktopEntry' type='s' access='read'/>"
  "    <property name='SupportedUriSchemes' type='as' access='read'/>"
  "    <property name='SupportedMimeTypes' type='as' access='read'/>"
  "  </interface>"
  "  <interface name='org.mpris.MediaPlayer2.Player'>"
  "    <method name='Next'/>"
  "    <method name='Previous'/>"
  "    <method name='Pause'/>"
  "    <method name='PlayPause'/>"
  "    <method name='Stop'/>"
  "    <method name='Play'/>"
  "    <method name='Seek'>"
  "      <arg name='Offset' type='x' direction='in'/>"
  "    </method>"
  "    <method name='SetPosition'>"
  "      <arg name='TrackId' type='o' direction='in'/>"
  "      <arg name='Position' type='x' direction='in'/>"
  "    </method>"
  "    <method name='OpenUri'>"
  "      <arg name='Uri' type='s' direction='in'/>"
  "    </method>"
  "    <signal name='Seeked'>"
  "      <arg name='Position' type='x'/>"
  "    </signal>"
  "    <property name='PlaybackStatus' type='s' access='read'/>"
  "    <property name='Rate' type='d' access='readwrite'/>"
  "    <property name='Metadata' type='a{sv}' access='read'/>"
  "    <property name='Volume' type='d' access='readwrite'/>"
  "    <property name='Position' type='x' access='read'>"
  "      <annotation name='org.freedesktop.DBus.Property.EmitsChangedSignal' value='false'/>"
  "    </property>"
  "    <property name='MinimumRate' type='d' access='read'/>"
  "    <property name='MaximumRate' type='d' access='read'/>"
  "    <property name='CanGoNext' type='b' access='read'/>"
  "    <property name='CanGoPrevious' type='b' access='read'/>"
  "    <property name='CanPlay' type='b' access='read'/>"
  "    <property name='CanPause' type='b' access='read'/>"
  "    <property name='CanSeek' type='b' access='read'/>"
  "    <property name='CanControl' type='b' access='read'>"
  "      <annotation name='org.freedesktop.DBus.Property.EmitsChangedSignal' value='false'/>"
  "    </property>"
  "  </interface>"
  "</node>";

/* The Player properties announced through PropertiesChanged: all but Position (which
 * clients compute from Rate and Seeked) and the constant CanControl. */
static const char * const announced_properties[] = {
  "PlaybackStatus",
  "Rate",
  "Metadata",
  "Volume",
  "MinimumRate",
  "MaximumRate",
  "CanGoNext",
  "CanGoPrevious",
  "CanPlay",
  "CanPause",
  "CanSeek",
};

struct _LwMpris
{
  GObject          parent_instance;

  GDBusConnection *connection;
  LwPlayer        *player;
  LwLibrary       *library;
  char            *bus_name;

  guint            owner_id;
  guint            root_registration;
  guint            player_registration;

  /* What clients were last told, per announced property: changes are diffed against
   * it so that PropertiesChanged carries every change and nothing else. */
  GHashTable      *announced;
  const char      *playback_status;

  LwArtworkCache  *artwork_cache;
  GCancellable    *cancellable;
  char            *fetching_url;
  char            *failed_url;

  GSignalGroup    *player_signals;
  GSignalGroup    *episode_signals;
  GSignalGroup    *show_signals;
};

G_DEFINE_FINAL_TYPE (LwMpris, lw_mpris, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_PLAYER,
  PROP_LIBRARY,
  N_PROPS
};

enum {
  RAISE,
  QUIT,
  OPEN_URI,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GDBusNodeInfo *
get_node_info (void)
{
  static GDBusNodeInfo *node_info;

  if (g_once_init_enter (&node_info))
    g_once_init_leave (&node_info, g_dbus_node_info_new_for_xml (introspection_xml, NULL));

  return node_info;
}

static char *
dup_track_id (LwEpisode *episode)
{
  if (episode == NULL)
    return g_strdup (MPRIS_NO_TRACK);

  /* Outside /org/mpris, as the spec asks; ids are positive so the element is valid. */
  return g_strdup_printf (RESOURCE_PATH "/Episode/%" G_GINT64_FORMAT, lw_episode_get_id (episode));
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

static void sync_properties (LwMpris *self);

static void
artwork_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LwMpris *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = lw_artwork_cache_fetch_finish (LW_ARTWORK_CACHE (source), result, &error);

  /* Cancelled on dispose, and GTask says so even when the fetch got there first:
   * nobody to tell, and @self may be gone (the fetch holds no reference, so that
   * the service goes when its owner lets it go). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->connection == NULL)
    return;

  if (file == NULL)
    {
      /* Not again for this URL: the metadata is rebuilt on every change. */
      g_debug ("No artwork from %s: %s", self->fetching_url, error->message);
      g_free (self->failed_url);
      self->failed_url = g_steal_pointer (&self->fetching_url);
      return;
    }

  g_clear_pointer (&self->fetching_url, g_free);
  sync_properties (self);
}

/* (nullable): what goes in mpris:artUrl for @url. */
static char *
dup_art_uri (LwMpris    *self,
             const char *url)
{
  g_autoptr(GFile) file = NULL;

  if (self->artwork_cache == NULL)
    return g_strdup (url);

  /* GNOME Shell reads a local file at once; a remote one it may not read at all. */
  file = lw_artwork_cache_lookup (self->artwork_cache, url);
  if (file != NULL)
    return g_file_get_uri (file);

  if (g_strcmp0 (url, self->fetching_url) != 0 && g_strcmp0 (url, self->failed_url) != 0)
    {
      g_free (self->fetching_url);
      self->fetching_url = g_strdup (url);
      lw_artwork_cache_fetch_async (self->artwork_cache, url, self->cancellable,
                                    artwork_fetched, self);
    }

  return NULL;
}

static GVariant *
build_metadata (LwMpris *self)
{
  LwEpisode *episode = lw_player_get_episode (self->player);
  LwShow *show = lw_player_get_show (self->player);
  g_autofree char *track_id = dup_track_id (episode);
  g_autofree char *uri = NULL;
  GVariantBuilder builder;
  const char *image = NULL;
  gint64 duration;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "mpris:trackid", g_variant_new_object_path (track_id));

  if (episode == NULL)
    return g_variant_builder_end (&builder);

  duration = lw_player_get_duration (self->player);
  if (duration > 0)
    g_variant_builder_add (&builder, "{sv}", "mpris:length",
                           g_variant_new_int64 (duration * 1000));

  if (has_text (lw_episode_get_title (episode)))
    g_variant_builder_add (&builder, "{sv}", "xesam:title",
                           g_variant_new_string (lw_episode_get_title (episode)));

  if (show != NULL && has_text (lw_show_get_title (show)))
    g_variant_builder_add (&builder, "{sv}", "xesam:album",
                           g_variant_new_string (lw_show_get_title (show)));

  if (show != NULL && has_text (lw_show_get_author (show)))
    {
      const char *artists[] = { lw_show_get_author (show), NULL };

      g_variant_builder_add (&builder, "{sv}", "xesam:artist",
                             g_variant_new_strv (artists, -1));
    }

  uri = lw_episode_dup_media_uri (episode);
  if (has_text (uri))
    g_variant_builder_add (&builder, "{sv}", "xesam:url", g_variant_new_string (uri));

  image = lw_episode_get_image_url (episode);
  if (!has_text (image) && show != NULL)
    image = lw_show_get_image_url (show);
  if (has_text (image))
    {
      g_autofree char *art_uri = dup_art_uri (self, image);

      if (art_uri != NULL)
        g_variant_builder_add (&builder, "{sv}", "mpris:artUrl", g_variant_new_string (art_uri));
    }

  return g_variant_builder_end (&builder);
}

static const char *
get_playback_status (LwMpris *self)
{
  switch (lw_player_get_state (self->player))
    {
    case LW_PLAYER_STATE_PLAYING:
      return "Playing";

    case LW_PLAYER_STATE_PAUSED:
      return "Paused";

    case LW_PLAYER_STATE_BUFFERING:
      /* Buffering is a pause the user did not ask for: keep what the user sees. */
      if (self->playback_status != NULL && g_strcmp0 (self->playback_status, "Stopped") != 0)
        return self->playback_status;
      return "Paused";

    case LW_PLAYER_STATE_STOPPED:
    default:
      return "Stopped";
    }
}

static GVariant *
get_player_property (LwMpris    *self,
                     const char *name)
{
  gboolean loaded = lw_player_get_episode (self->player) != NULL;

  if (g_str_equal (name, "PlaybackStatus"))
    return g_variant_new_string (get_playback_status (self));
  if (g_str_equal (name, "Rate"))
    return g_variant_new_double (lw_player_get_rate (self->player));
  if (g_str_equal (name, "Metadata"))
    return build_metadata (self);
  if (g_str_equal (name, "Volume"))
    return g_variant_new_double (lw_player_get_volume (self->player));
  if (g_str_equal (name, "Position"))
    return g_variant_new_int64 (lw_player_get_position (self->player) * 1000);
  if (g_str_equal (name, "MinimumRate"))
    return g_variant_new_double (LW_PLAYER_MIN_RATE);
  if (g_str_equal (name, "MaximumRate"))
    return g_variant_new_double (LW_PLAYER_MAX_RATE);
  /* Next is the queue's next episode; Previous restarts this one or, in its first
   * seconds, goes back to the one before: always something to do. */
  if (g_str_equal (name, "CanGoNext"))
    return g_variant_new_boolean (lw_player_get_has_next (self->player));
  if (g_str_equal (name, "CanGoPrevious"))
    return g_variant_new_boolean (loaded);
  if (g_str_equal (name, "CanPlay"))
    return g_variant_new_boolean (loaded);
  if (g_str_equal (name, "CanPause"))
    return g_variant_new_boolean (loaded);
  if (g_str_equal (name, "CanSeek"))
    return g_variant_new_boolean (loaded && lw_player_get_duration (self->player) > 0);
  if (g_str_equal (name, "CanControl"))
    return g_variant_new_boolean (TRUE);

  return NULL;
}

static GVariant *
get_root_property (LwMpris    *self,
                   const char *name)
{
  /* What the application's "open-uri" handler subscribes to. */
  static const char * const schemes[] = { "feed", "podcast", "itpc", "pcast", "http", "https", "file", NULL };
  static const char * const mime_types[] = {
    "audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/aac", "audio/ogg", "audio/opus",
    "audio/flac", "audio/x-wav", "audio/webm", NULL
  };

  if (g_str_equal (name, "CanQuit") || g_str_equal (name, "CanRaise"))
    return g_variant_new_boolean (TRUE);
  if (g_str_equal (name, "CanSetFullscreen") || g_str_equal (name, "Fullscreen") ||
      g_str_equal (name, "HasTrackList"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (name, "Identity"))
    return g_variant_new_string (PACKAGE_NAME);
  if (g_str_equal (name, "DesktopEntry"))
    return g_variant_new_string (APP_ID);
  if (g_str_equal (name, "SupportedUriSchemes"))
    return g_variant_new_strv (schemes, -1);
  if (g_str_equal (name, "SupportedMimeTypes"))
    return g_variant_new_strv (mime_types, -1);

  return NULL;
}

/* Compares every announced property with what clients last heard and sends one
 * PropertiesChanged with the ones that differ. */
static void
sync_properties (LwMpris *self)
{
  g_autoptr(GError) error = NULL;
  GVariantBuilder changed;
  gboolean any = FALSE;

  g_variant_builder_init (&changed, G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; i < G_N_ELEMENTS (announced_properties); i++)
    {
      const char *name = announced_properties[i];
      g_autoptr(GVariant) value = g_variant_ref_sink (get_player_property (self, name));
      GVariant *last = g_hash_table_lookup (self->announced, name);

      if (last != NULL && g_variant_equal (last, value))
        continue;

      g_hash_table_insert (self->announced, (gpointer) name, g_variant_ref (value));
      g_variant_builder_add (&changed, "{sv}", name, value);
      any = TRUE;
    }

  self->playback_status = get_playback_status (self);

  if (!any)
    {
      g_variant_builder_clear (&changed);
      return;
    }

  if (!g_dbus_connection_emit_signal (self->connection, NULL, MPRIS_OBJECT_PATH,
                                      "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                      g_variant_new ("(sa{sv}as)", MPRIS_PLAYER_INTERFACE, &changed, NULL),
                                      &error))
    g_debug ("Could not emit PropertiesChanged: %s", error->message);
}

static void
on_player_seeked (LwMpris  *self,
                  gint64    position_ms,
                  LwPlayer *player)
{
  g_autoptr(GError) error = NULL;

  if (!g_dbus_connection_emit_signal (self->connection, NULL, MPRIS_OBJECT_PATH,
                                      MPRIS_PLAYER_INTERFACE, "Seeked",
                                      g_variant_new ("(x)", position_ms * 1000),
                                      &error))
    g_debug ("Could not emit Seeked: %s", error->message);
}

static void
on_player_notify (LwMpris    *self,
                  GParamSpec *pspec,
                  LwPlayer   *player)
{
  /* Position moves all the time and is not announced: skip the diff. */
  if (g_str_equal (pspec->name, "position"))
    return;

  if (g_str_equal (pspec->name, "episode"))
    g_signal_group_set_target (self->episode_signals, lw_player_get_episode (player));
  else if (g_str_equal (pspec->name, "show"))
    g_signal_group_set_target (self->show_signals, lw_player_get_show (player));

  sync_properties (self);
}

static void
root_method_call (LwMpris               *self,
                  const char            *method_name,
                  GDBusMethodInvocation *invocation)
{
  g_dbus_method_invocation_return_value (invocation, NULL);

  if (g_str_equal (method_name, "Raise"))
    g_signal_emit (self, signals[RAISE], 0);
  else if (g_str_equal (method_name, "Quit"))
    g_signal_emit (self, signals[QUIT], 0);
}

/* Whether @uri names an audio (or video) file rather than a feed: by its content for
 * a local file, by its name for a web address. */
static gboolean
is_media_uri (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *type = NULL;
  g_autofree char *mime_type = NULL;
  const char *scheme;

  if (parsed == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);

  if (g_str_equal (scheme, "file"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      /* Not there: the player says so in a sentence. */
      if (info == NULL)
        return TRUE;

      type = g_strdup (g_file_info_get_content_type (info));
    }
  else if (g_str_equal (scheme, "http") || g_str_equal (scheme, "https"))
    {
      g_autofree char *name = g_path_get_basename (g_uri_get_path (parsed));

      type = g_content_type_guess (name, NULL, 0, NULL);
    }
  else
    {
      return FALSE;
    }

  mime_type = type != NULL ? g_content_type_get_mime_type (type) : NULL;

  return mime_type != NULL &&
         (g_str_has_prefix (mime_type, "audio/") ||
          g_str_has_prefix (mime_type, "video/") ||
          g_str_equal (mime_type, "application/ogg"));
}

static void
player_method_call (LwMpris               *self,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation)
{
  LwPlayer *player = self->player;

  if (g_str_equal (method_name, "Play"))
    lw_player_play (player);
  else if (g_str_equal (method_name, "Pause"))
    lw_player_pause (player);
  else if (g_str_equal (method_name, "PlayPause"))
    lw_player_play_pause (player);
  else if (g_str_equal (method_name, "Stop"))
    lw_player_stop (player);
  else if (g_str_equal (method_name, "Previous"))
    lw_player_previous (player);
  else if (g_str_equal (method_name, "Next"))
    lw_player_next (player); /* With nothing queued, the spec says to do nothing. */
  else if (g_str_equal (method_name, "Seek"))
    {
      gint64 offset_us;

      g_variant_get (parameters, "(x)", &offset_us);
      if (lw_player_get_episode (player) != NULL)
        lw_player_seek (player, MAX (lw_player_get_position (player) + offset_us / 1000, 0));
    }
  else if (g_str_equal (method_name, "SetPosition"))
    {
      g_autofree char *current = dup_track_id (lw_player_get_episode (player));
      const char *track_id;
      gint64 position_us;

      g_variant_get (parameters, "(&ox)", &track_id, &position_us);

      /* The spec: a stale track id or a position outside the track is ignored. */
      if (lw_player_get_episode (player) != NULL &&
          g_str_equal (track_id, current) &&
          position_us >= 0 &&
          position_us <= lw_player_get_duration (player) * 1000)
        lw_player_seek (player, position_us / 1000);
    }
  else if (g_str_equal (method_name, "OpenUri"))
    {
      const char *uri;
      gboolean handled = FALSE;

      g_variant_get (parameters, "(&s)", &uri);

      /* An audio file plays at once, outside the library; anything else (a feed)
       * is the application's to subscribe to. */
      if (is_media_uri (uri))
        {
          g_autoptr(GError) error = NULL;

          if (!lw_player_open_uri (player, uri, NULL, &error))
            {
              g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                             error->message);
              return;
            }

          g_dbus_method_invocation_return_value (invocation, NULL);
          return;
        }

      g_signal_emit (self, signals[OPEN_URI], 0, uri, &handled);

      if (!handled)
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED,
                                                 _("Longwave cannot open %s."), uri);
          return;
        }
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  if (g_str_equal (interface_name, MPRIS_ROOT_INTERFACE))
    root_method_call (user_data, method_name, invocation);
  else
    player_method_call (user_data, method_name, parameters, invocation);
}

static GVariant *
get_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *object_path,
              const char       *interface_name,
              const char       *property_name,
              GError          **error,
              gpointer          user_data)
{
  if (g_str_equal (interface_name, MPRIS_ROOT_INTERFACE))
    return get_root_property (user_data, property_name);

  return get_player_property (user_data, property_name);
}

/* Only Rate and Volume are writable (the introspection data keeps the rest away). */
static gboolean
set_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *object_path,
              const char       *interface_name,
              const char       *property_name,
              GVariant         *value,
              GError          **error,
              gpointer          user_data)
{
  LwMpris *self = user_data;

  if (g_str_equal (property_name, "Rate"))
    {
      double rate = g_variant_get_double (value);

      /* The spec forbids 0.0 (that is what Pause is for). */
      if (rate <= 0.0)
        {
          g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                       _("The playback rate must be above zero."));
          return FALSE;
        }

      lw_player_set_rate (self->player, rate);
      return TRUE;
    }

  if (g_str_equal (property_name, "Volume"))
    {
      lw_player_set_volume (self->player, g_variant_get_double (value));
      return TRUE;
    }

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_PROPERTY_READ_ONLY,
               _("The property %s cannot be changed."), property_name);
  return FALSE;
}

static const GDBusInterfaceVTable vtable = {
  method_call,
  get_property,
  set_property,
};

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  /* Another instance has it (or the bus went away): media keys go there. */
  g_debug ("Not the owner of %s", name);
}

static void
lw_mpris_constructed (GObject *object)
{
  LwMpris *self = (LwMpris *)object;
  g_autoptr(GError) error = NULL;
  GDBusNodeInfo *node_info = get_node_info ();

  G_OBJECT_CLASS (lw_mpris_parent_class)->constructed (object);

  g_signal_group_set_target (self->player_signals, self->player);
  g_signal_group_set_target (self->episode_signals, lw_player_get_episode (self->player));
  g_signal_group_set_target (self->show_signals, lw_player_get_show (self->player));
  sync_properties (self);

  /* Objects first, then the name: a client that sees the name finds them. */
  self->root_registration =
    g_dbus_connection_register_object (self->connection, MPRIS_OBJECT_PATH,
                                       g_dbus_node_info_lookup_interface (node_info, MPRIS_ROOT_INTERFACE),
                                       &vtable, self, NULL, &error);
  if (self->root_registration == 0)
    {
      g_warning ("Could not export %s: %s", MPRIS_ROOT_INTERFACE, error->message);
      return;
    }

  self->player_registration =
    g_dbus_connection_register_object (self->connection, MPRIS_OBJECT_PATH,
                                       g_dbus_node_info_lookup_interface (node_info, MPRIS_PLAYER_INTERFACE),
                                       &vtable, self, NULL, &error);
  if (self->player_registration == 0)
    {
      g_warning ("Could not export %s: %s", MPRIS_PLAYER_INTERFACE, error->message);
      return;
    }

  self->owner_id = g_bus_own_name_on_connection (self->connection, self->bus_name,
                                                 G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 NULL, on_name_lost, NULL, NULL);
}

static void
lw_mpris_dispose (GObject *object)
{
  LwMpris *self = (LwMpris *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->owner_id, g_bus_unown_name);

  if (self->root_registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->root_registration);
  if (self->player_registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->player_registration);
  self->root_registration = 0;
  self->player_registration = 0;

  if (self->player_signals != NULL)
    {
      g_signal_group_set_target (self->player_signals, NULL);
      g_signal_group_set_target (self->episode_signals, NULL);
      g_signal_group_set_target (self->show_signals, NULL);
    }

  g_clear_object (&self->player_signals);
  g_clear_object (&self->episode_signals);
  g_clear_object (&self->show_signals);
  g_clear_object (&self->player);
  g_clear_object (&self->library);
  g_clear_object (&self->connection);
  g_clear_object (&self->artwork_cache);

  G_OBJECT_CLASS (lw_mpris_parent_class)->dispose (object);
}

static void
lw_mpris_finalize (GObject *object)
{
  LwMpris *self = (LwMpris *)object;

  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_clear_pointer (&self->bus_name, g_free);
  g_clear_pointer (&self->fetching_url, g_free);
  g_clear_pointer (&self->failed_url, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lw_mpris_parent_class)->finalize (object);
}

static void
lw_mpris_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LwMpris *self = LW_MPRIS (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;

    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_mpris_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LwMpris *self = LW_MPRIS (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_PLAYER:
      self->player = g_value_dup_object (value);
      break;

    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_mpris_class_init (LwMprisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lw_mpris_constructed;
  object_class->dispose = lw_mpris_dispose;
  object_class->finalize = lw_mpris_finalize;
  object_class->get_property = lw_mpris_get_property;
  object_class->set_property = lw_mpris_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         G_TYPE_DBUS_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL,
                         LW_TYPE_PLAYER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         LW_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LwMpris::raise:
   *
   * A client (GNOME Shell's media controls) asked to show the window.
   */
  signals[RAISE] =
    g_signal_new ("raise",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LwMpris::quit:
   *
   * A client asked the application to quit.
   */
  signals[QUIT] =
    g_signal_new ("quit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LwMpris::open-uri:
   * @uri: what a client asked to open (a feed, most likely)
   *
   * The OpenUri method. A handler that takes the URI returns %TRUE; when none does,
   * the client gets an error.
   *
   * Returns: whether the URI was taken
   */
  signals[OPEN_URI] =
    g_signal_new ("open-uri",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
}

static void
lw_mpris_init (LwMpris *self)
{
  self->bus_name = g_strdup ("org.mpris.MediaPlayer2." APP_ID);
  self->cancellable = g_cancellable_new ();
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal,
                                           NULL, (GDestroyNotify) g_variant_unref);

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify",
                                  G_CALLBACK (on_player_notify), self);
  g_signal_group_connect_swapped (self->player_signals, "seeked",
                                  G_CALLBACK (on_player_seeked), self);

  /* A refresh may retitle the episode or the show while it plays. */
  self->episode_signals = g_signal_group_new (LW_TYPE_EPISODE);
  g_signal_group_connect_swapped (self->episode_signals, "notify",
                                  G_CALLBACK (sync_properties), self);
  self->show_signals = g_signal_group_new (LW_TYPE_SHOW);
  g_signal_group_connect_swapped (self->show_signals, "notify",
                                  G_CALLBACK (sync_properties), self);
}

/**
 * lw_mpris_new:
 * @connection: the session bus
 * @player: the player to mirror and drive
 * @library: the library (Next/OpenUri will need it)
 *
 * Returns: (transfer full): a new #LwMpris, already exporting and owning its name
 */
LwMpris *
lw_mpris_new (GDBusConnection *connection,
              LwPlayer        *player,
              LwLibrary       *library)
{
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (LW_IS_PLAYER (player), NULL);
  g_return_val_if_fail (LW_IS_LIBRARY (library), NULL);

  return g_object_new (LW_TYPE_MPRIS,
                       "connection", connection,
                       "player", player,
                       "library", library,
                       NULL);
}

const char *
lw_mpris_get_bus_name (LwMpris *self)
{
  g_return_val_if_fail (LW_IS_MPRIS (self), NULL);

  return self->bus_name;
}

/**
 * lw_mpris_set_artwork_cache:
 * @cache: (nullable): where artwork is cached
 */
void
lw_mpris_set_artwork_cache (LwMpris        *self,
                            LwArtworkCache *cache)
{
  g_return_if_fail (LW_IS_MPRIS (self));
  g_return_if_fail (cache == NULL || LW_IS_ARTWORK_CACHE (cache));

  if (g_set_object (&self->artwork_cache, cache))
    sync_properties (self);
}
