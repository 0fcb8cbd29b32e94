/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-application.h"
#include "core/lw-refresh-scheduler.h"
#include "core/lw-sync-settings.h"
#include "playback/lw-mpris.h"
#include "ui/lw-artwork.h"
#include "ui/lw-library-actions.h"
#include "ui/lw-download-actions.h"
#include "ui/lw-player-actions.h"
#include "ui/lw-preferences-window.h"
#include "ui/lw-resources.h"
#include "ui/lw-sync-preferences.h"
#include "ui/lw-window.h"
#include "ui/lw-toast.h"

struct _LwApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  LwLibrary      *library;
  GError         *library_error;
  LwFeedService  *feed_service;
  LwRefreshScheduler *refresh_scheduler;
  LwSync         *sync;
  LwArtworkCache *artwork_cache;
  LwDownloader   *downloader;
  LwDownloadPolicy *download_policy;
  LwPlayer       *player;
  LwMpris        *mpris;
  guint           inhibit_cookie;
  gulong          after_paint_id;
  GdkFrameClock  *frame_clock;
};

G_DEFINE_FINAL_TYPE (LwApplication, lw_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_PLAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWindow *
lw_application_get_main_window (LwApplication *self)
{
  GtkWindow *window;

  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (LW_IS_WINDOW (window))
    return window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (LW_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static LwWindow *
get_window (LwApplication *self)
{
  GtkWindow *window = lw_application_get_main_window (self);

  return window != NULL ? LW_WINDOW (window) : NULL;
}

static void
show_error (LwApplication *self,
            const char    *message)
{
  LwWindow *window = get_window (self);

  if (window != NULL)
    lw_window_show_error (window, message);
  else
    g_warning ("%s", message);
}

static void
on_player_error (LwApplication *self,
                 const GError  *error)
{
  LwWindow *window = get_window (self);
  LwEpisode *episode = lw_player_get_episode (self->player);
  AdwToast *toast;

  /* Only a network that went away (the player tried again already) is worth another
   * go from the listener; a missing file or plugin stays missing. */
  if (window == NULL || episode == NULL ||
      !g_error_matches (error, LW_PLAYER_ERROR, LW_PLAYER_ERROR_NETWORK))
    {
      show_error (self, error->message);
      return;
    }

  toast = lw_toast_new_plain (error->message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Retry"));
  /* Play goes on from where it broke off. */
  if (lw_episode_get_id (episode) > 0)
    {
      adw_toast_set_action_name (toast, "app.play-episode");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (lw_episode_get_id (episode)));
    }
  else
    adw_toast_set_action_name (toast, "app.play-pause");
  lw_window_add_toast (window, toast);
}

static void
save_playback (LwApplication *self)
{
  LwEpisode *episode;

  if (self->player == NULL)
    return;

  lw_player_save_position (self->player);

  if ((episode = lw_player_get_episode (self->player)))
    g_settings_set_int64 (self->settings, "last-episode", lw_episode_get_id (episode));
}

static void
restore_playback (LwApplication *self)
{
  gint64 id = g_settings_get_int64 (self->settings, "last-episode");
  g_autoptr(LwEpisode) episode = NULL;
  LwPlayer *player;

  if (id <= 0 || self->library == NULL)
    return;

  /* Unsubscribed since: nothing to resume, and nothing to complain about. */
  if (!(episode = lw_library_lookup_episode (self->library, id)))
    return;

  player = lw_application_get_player (self);
  if (lw_player_get_episode (player) == NULL)
    lw_player_load (player, episode);
}

/* The windows' icon: GTK reads it from the icon theme at several sizes when a window
 * is realized, which was a good part of the time to the first frame. Nothing shows
 * it before then (GNOME Shell takes the icon from the desktop file). */
static void
set_window_icons (LwApplication *self)
{
  gtk_window_set_default_icon_name (APP_ID);

  /* Realized without a default icon, a window does not pick the new one up. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (gtk_window_get_icon_name (l->data) == NULL)
      gtk_window_set_icon_name (l->data, APP_ID);
}

static void
after_first_frame (LwApplication *self)
{
  /* The window is on screen: now GStreamer and the artwork may take their time. */
  lw_artwork_hold_decoding (FALSE);
  set_window_icons (self);
  restore_playback (self);
  if (self->refresh_scheduler != NULL)
    lw_refresh_scheduler_start (self->refresh_scheduler);
  lw_download_actions_after_first_frame (self);
  if (get_window (self) != NULL)
    lw_window_after_first_frame (get_window (self));
}

static void
on_after_first_paint (LwApplication *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);

  after_first_frame (self);
}

static void
schedule_after_first_frame (LwApplication *self,
                            GtkWidget     *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  if (self->after_paint_id != 0)
    return;

  if (frame_clock == NULL)
    {
      after_first_frame (self);
      return;
    }

  self->frame_clock = g_object_ref (frame_clock);
  self->after_paint_id = g_signal_connect_swapped (frame_clock, "after-paint",
                                                   G_CALLBACK (on_after_first_paint), self);
}

static void
show_library_error (LwApplication *self)
{
  g_autofree char *path = lw_library_dup_default_path ();
  AdwMessageDialog *dialog;

  set_window_icons (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Could Not Open the Library"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("%s\n\nYour subscriptions are kept in %s. Nothing was changed there."),
                                  self->library_error->message, path);
  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_application_quit), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static LwWindow *
ensure_window (LwApplication *self)
{
  LwWindow *window = get_window (self);

  if (window == NULL)
    {
      /* Its first frame has the placeholders; the artwork comes right after. */
      lw_artwork_hold_decoding (TRUE);
      window = lw_window_new (self);
    }

  gtk_window_present (GTK_WINDOW (window));
  schedule_after_first_frame (self, GTK_WIDGET (window));

  return window;
}

static void
lw_application_activate (GApplication *app)
{
  LwApplication *self = LW_APPLICATION (app);

  if (self->library == NULL)
    {
      show_library_error (self);
      return;
    }

  ensure_window (self);
}

static void
lw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LwApplication *self = LW_APPLICATION (app);
  LwWindow *window;

  if (self->library == NULL)
    {
      show_library_error (self);
      return;
    }

  window = ensure_window (self);

  /* feed://, podcast:// and http(s) links from a browser: the feed service knows them. */
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      lw_window_subscribe (window, uri);
    }
}

static void
add_podcast_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  LwApplication *self = user_data;

  if (self->library != NULL)
    lw_window_show_add_dialog (ensure_window (self), NULL);
}

static void
subscribe_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  LwApplication *self = user_data;

  if (self->library != NULL)
    lw_window_subscribe (ensure_window (self), g_variant_get_string (parameter, NULL));
}

static void
play_episode_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  LwApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(LwEpisode) episode = NULL;
  LwEpisode *current;
  LwPlayer *player;

  if (self->library == NULL)
    return;

  if (!(episode = lw_library_lookup_episode (self->library, id)))
    {
      show_error (self, _("This episode is no longer in the library"));
      return;
    }

  player = lw_application_get_player (self);
  current = lw_player_get_episode (player);
  if (current == NULL || lw_episode_get_id (current) != id)
    lw_player_load (player, episode);
  lw_player_play (player);

  g_settings_set_int64 (self->settings, "last-episode", id);
}

static void
play_pause_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  LwApplication *self = user_data;

  if (self->player != NULL && lw_player_get_episode (self->player) != NULL)
    lw_player_play_pause (self->player);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  LwApplication *self = user_data;
  static const char *developers[] = { "The Longwave authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Longwave"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Longwave authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_URL "/issues",
                        "copyright", "© 2026 The Longwave authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your name(s), one per line, for the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  LwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (lw_preferences_window_new (self, parent));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  LwApplication *self = user_data;
  GList *windows;

  save_playback (self);

  /* Closing (not destroying) lets each window save its size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "add-podcast", add_podcast_action },
  { "subscribe", subscribe_action, "s" },
  { "play-episode", play_episode_action, "x" },
  { "play-pause", play_pause_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

/* The library is made on a thread of its own but belongs to the main thread once
 * joined: that thread has no thread-default context, so the library's sources go to
 * the global default one, the main thread's, and nothing else touches it meanwhile. */
static gpointer
open_library_thread (gpointer data)
{
  LwApplication *self = data;

  self->library = lw_library_new (NULL, &self->library_error);

  return NULL;
}

static void
lw_application_startup (GApplication *app)
{
  LwApplication *self = LW_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *add_accels[] = { "<Control>n", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *play_pause_accels[] = { "<Control>space", "AudioPlay", NULL };
  GThread *opener;

  /* SQLite opens the library (and checks its schema, and reads the shows) on the
   * other core while GTK connects to the display and loads its theme. */
  opener = g_thread_new ("lw-library-open", open_library_thread, self);

  G_APPLICATION_CLASS (lw_application_parent_class)->startup (app);

  g_set_application_name (_("Longwave"));

  self->settings = g_settings_new (APP_ID);

  /* Feeds are never fetched or parsed before the first frame. */
  g_thread_join (opener);

  if (self->library != NULL)
    {
      self->feed_service = lw_feed_service_new (self->library);
      self->artwork_cache = lw_artwork_cache_new ();
      self->refresh_scheduler = lw_refresh_scheduler_new (self->feed_service, self->settings);
      lw_library_actions_install (self, self->refresh_scheduler);
      self->downloader = lw_downloader_new (self->library, NULL);
      self->download_policy = lw_download_policy_new (self->library, self->downloader, self->settings);
      lw_download_policy_set_feed_service (self->download_policy, self->feed_service);
      self->sync = lw_sync_new (self->library, self->feed_service);
      lw_sync_settings_attach (self->sync, self->settings);
      lw_sync_ui_install (self);
    }
  else
    /* Said in a dialog on activation; logged for those who start it from a terminal. */
    g_message ("Could not open the library: %s", self->library_error->message);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.add-podcast", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.play-pause", play_pause_accels);
  lw_download_actions_add (self);
  lw_player_actions_install (self);
}

static void
lw_application_shutdown (GApplication *app)
{
  LwApplication *self = LW_APPLICATION (app);

  save_playback (self);

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);

  G_APPLICATION_CLASS (lw_application_parent_class)->shutdown (app);
}

static void
lw_application_dispose (GObject *object)
{
  LwApplication *self = (LwApplication *)object;

  if (self->mpris != NULL)
    g_signal_handlers_disconnect_by_data (self->mpris, self);
  g_clear_object (&self->mpris);

  /* The player writes its position into the library on dispose: it goes first. */
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);
  g_clear_object (&self->refresh_scheduler);
  g_clear_object (&self->download_policy);
  g_clear_object (&self->downloader);
  g_clear_object (&self->sync);
  g_clear_object (&self->feed_service);
  g_clear_object (&self->artwork_cache);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lw_application_parent_class)->dispose (object);
}

static void
lw_application_finalize (GObject *object)
{
  LwApplication *self = (LwApplication *)object;

  g_clear_error (&self->library_error);

  G_OBJECT_CLASS (lw_application_parent_class)->finalize (object);
}

static void
lw_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LwApplication *self = LW_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_application_class_init (LwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lw_application_dispose;
  object_class->finalize = lw_application_finalize;
  object_class->get_property = lw_application_get_property;

  app_class->startup = lw_application_startup;
  app_class->shutdown = lw_application_shutdown;
  app_class->activate = lw_application_activate;
  app_class->open = lw_application_open;

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL,
                         LW_TYPE_PLAYER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Before any widget class loads its template. */
  lw_register_resource ();
}

static void
lw_application_init (LwApplication *self)
{
}

LwApplication *
lw_application_new (void)
{
  return g_object_new (LW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

LwLibrary *
lw_application_get_library (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->library;
}

LwFeedService *
lw_application_get_feed_service (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->feed_service;
}

LwPlayer *
lw_application_peek_player (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->player;
}

/* MPRIS OpenUri: a feed link handed over by another application. */
static gboolean
on_mpris_open_uri (LwApplication *self,
                   const char    *uri)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "subscribe", g_variant_new_string (uri));
  return TRUE;
}

/* Suspend would cut the episode off mid-sentence: hold it off while playing. */
static void
on_player_state_changed (LwApplication *self)
{
  gboolean playing = lw_player_get_state (self->player) == LW_PLAYER_STATE_PLAYING;

  if (playing && self->inhibit_cookie == 0)
    self->inhibit_cookie = gtk_application_inhibit (GTK_APPLICATION (self),
                                                    gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                    GTK_APPLICATION_INHIBIT_SUSPEND,
                                                    _("Playing a podcast"));
  else if (!playing && self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (GTK_APPLICATION (self), self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

LwPlayer *
lw_application_get_player (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (self->library != NULL, NULL);

  if (self->player != NULL)
    return self->player;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  self->player = lw_player_new (self->library, NULL);
  g_settings_bind (self->settings, "playback-rate", self->player, "default-rate", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "volume", self->player, "volume", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->player, "error", G_CALLBACK (on_player_error), self);
  g_signal_connect_swapped (self->player, "notify::state", G_CALLBACK (on_player_state_changed), self);

  /* Media keys and GNOME Shell's media controls go through MPRIS only. */
  if (g_application_get_dbus_connection (G_APPLICATION (self)) != NULL)
    {
      self->mpris = lw_mpris_new (g_application_get_dbus_connection (G_APPLICATION (self)),
                                  self->player, self->library);
      lw_mpris_set_artwork_cache (self->mpris, self->artwork_cache);
      g_signal_connect_swapped (self->mpris, "raise", G_CALLBACK (g_application_activate), self);
      g_signal_connect_swapped (self->mpris, "quit", G_CALLBACK (g_application_quit), self);
      g_signal_connect_swapped (self->mpris, "open-uri", G_CALLBACK (on_mpris_open_uri), self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);

  return self->player;
}

LwArtworkCache *
lw_application_get_artwork_cache (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->artwork_cache;
}

LwSync *
lw_application_get_sync (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->sync;
}

GSettings *
lw_application_get_settings (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->settings;
}

LwDownloader *
lw_application_get_downloader (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->downloader;
}

LwDownloadPolicy *
lw_application_get_download_policy (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);

  return self->download_policy;
}
