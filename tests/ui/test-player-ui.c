/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-player-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "core/lw-feed.h"
#include "core/lw-library.h"
#include "lw-application.h"
#include "ui/lw-artwork.h"
#include "ui/lw-chapters-view.h"
#include "ui/lw-columns.h"
#include "ui/lw-now-playing-view.h"
#include "ui/lw-playback-buttons.h"
#include "ui/lw-playback-preferences.h"
#include "ui/lw-player-actions.h"
#include "ui/lw-player-bar.h"
#include "ui/lw-queue-list.h"
#include "lw-ui-keys.h"
#include "lw-ui-test.h"

/* The player UI on a real application, library and GStreamer player: the bar and the
 * now-playing view live in a window of the test's own (the main window's layout is
 * not theirs to test), which gets the player's shortcuts like any main window. */
static LwApplication *app;
static char *tmp_dir;
static GtkWindow *bar_window;
static LwPlayerBar *bar;
static GtkWindow *view_window;
static GtkWidget *view;
static GtkEntry *entry;
static guint now_playing_activations;
static gint64 tone_id;
static gint64 queued_ids[3];
static gint64 broken_chapters_id;
static gint64 unreachable_id;

/* Helpers *************************************************************************/

static gpointer
find_one (gpointer widget,
          GType    type)
{
  g_autoptr(GPtrArray) found = find_all (widget, type);

  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

static GtkWidget *
bar_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (bar), LW_TYPE_PLAYER_BAR, name);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

static const char *
bar_label (const char *name)
{
  return gtk_label_get_label (GTK_LABEL (bar_child (name)));
}

/* The menu button of @buttons named @name (its accessible name and tooltip). */
static GtkMenuButton *
menu_button (gpointer    buttons,
             const char *name)
{
  g_autoptr(GPtrArray) all = find_all (buttons, GTK_TYPE_MENU_BUTTON);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (all->pdata[i]), name) == 0 ||
        g_str_has_prefix (gtk_widget_get_tooltip_text (all->pdata[i]) ?: "", name))
      return all->pdata[i];

  g_error ("No menu button “%s”", name);
}

/* Opens @button's menu and returns the item labelled @text (a GtkModelButton). */
static GtkWidget *
menu_item (GtkMenuButton *button,
           const char    *text)
{
  GtkPopover *popover;
  g_autoptr(GPtrArray) widgets = NULL;

  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  wait_for (is_mapped, popover, "the menu to open");

  widgets = find_all (popover, GTK_TYPE_WIDGET);
  for (guint i = 0; i < widgets->len; i++)
    {
      g_autofree char *item_text = NULL;

      if (!g_str_equal (G_OBJECT_TYPE_NAME (widgets->pdata[i]), "GtkModelButton"))
        continue;
      g_object_get (widgets->pdata[i], "text", &item_text, NULL);
      if (g_strcmp0 (item_text, text) == 0)
        return widgets->pdata[i];
    }

  g_error ("No menu item “%s”", text);
}

static gboolean
item_is_active (GtkWidget *item)
{
  gboolean active = FALSE;

  g_object_get (item, "active", &active, NULL);
  return active;
}

/* Clicks a menu item the way a pointer does, then lets the menu close. */
static void
click_item (GtkWidget *item)
{
  GtkWidget *popover = gtk_widget_get_ancestor (item, GTK_TYPE_POPOVER);

  g_signal_emit_by_name (item, "clicked");
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_ms (50);
}

/* Runs the shortcut for @trigger from @widget's shortcut controllers as a key press
 * would (the same callback, focus rules included); returns whether it was taken. */
static gboolean
press (gpointer    widget,
       const char *trigger)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (trigger);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (widget));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 GTK_WIDGET (widget), NULL);
        }
    }

  g_error ("No shortcut %s on %s", trigger, G_OBJECT_TYPE_NAME (widget));
}

/* Every button names itself (tooltip, accessible label or a text label), and so does
 * every slider. */
static void
assert_named (gpointer widget)
{
  g_autoptr(GPtrArray) buttons = find_all (widget, GTK_TYPE_BUTTON);
  g_autoptr(GPtrArray) ranges = find_all (widget, GTK_TYPE_SCALE);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *named = buttons->pdata[i];
      g_autoptr(GPtrArray) labels = find_all (named, GTK_TYPE_LABEL);
      gboolean has_text = FALSE;

      /* A menu button's inner toggle is named by the menu button; a spin button's
       * steppers by GTK. */
      if (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (named)))
        named = gtk_widget_get_parent (named);
      if (gtk_widget_get_ancestor (named, GTK_TYPE_SPIN_BUTTON) != NULL)
        continue;

      for (guint j = 0; j < labels->len; j++)
        has_text |= gtk_label_get_text (labels->pdata[j])[0] != '\0';

      if (!has_text && gtk_widget_get_tooltip_text (named) == NULL &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("%s (%s) in %s has no name", G_OBJECT_TYPE_NAME (named),
                 gtk_button_get_icon_name (buttons->pdata[i]) ?: "?", G_OBJECT_TYPE_NAME (widget));
    }

  for (guint i = 0; i < ranges->len; i++)
    if (!gtk_test_accessible_has_property (ranges->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL) &&
        !gtk_test_accessible_has_relation (ranges->pdata[i], GTK_ACCESSIBLE_RELATION_LABELLED_BY))
      g_error ("%s in %s (in %s) has no name", G_OBJECT_TYPE_NAME (ranges->pdata[i]), G_OBJECT_TYPE_NAME (widget),
               G_OBJECT_TYPE_NAME (gtk_widget_get_parent (ranges->pdata[i])));

  g_test_message ("%u buttons and %u sliders named in %s", buttons->len, ranges->len, G_OBJECT_TYPE_NAME (widget));
}

/* Fixtures ***********************************************************************/

static void
add_chapter (LwFeedItem *item,
             double      start,
             const char *title)
{
  LwChapter *chapter = lw_chapter_new ();

  chapter->start = start;
  chapter->title = g_strdup (title);
  g_ptr_array_add (item->chapters, chapter);
}

/* One show: the generated 10 s tone and three episodes to queue. */
static void
merge_fixture (LwLibrary *library)
{
  g_autofree char *tone_path = g_test_build_filename (G_TEST_BUILT, "playback", "test-tone.mp3", NULL);
  g_autofree char *tone = g_filename_to_uri (tone_path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) episodes = NULL;
  LwHttpCache cache = { NULL, NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  LwFeed *feed;
  LwFeedItem *item;
  gint64 show_id;

  g_assert_true (g_file_test (tone_path, G_FILE_TEST_IS_REGULAR));

  feed = new_feed ("Night Shift Radio", "Grace Hopper", "Late conversations.",
                   write_artwork ("cover.png", 0.78, 0.36, 0.52));
  item = add_item (feed, "tone", "A Tone at 440 Hz & Other Sounds", now - 3600, 10, NULL, tone);
  /* Podlove Simple Chapters, as the feed gives them. */
  add_chapter (item, 0, "Tuning In");
  add_chapter (item, 3, "The Tone & Its Overtones");
  add_chapter (item, 6, "Signing Off");
  add_item (feed, "q1", "Tides and the Moon", now - 2 * 86400, 42 * 60, NULL, "https://example.org/q1.mp3");
  add_item (feed, "q2", "Lighthouses of the North Sea", now - 3 * 86400, 55 * 60, NULL, "https://example.org/q2.mp3");
  add_item (feed, "q3", "The Last Telegraph Operator", now - 4 * 86400, 38 * 60, NULL, "https://example.org/q3.mp3");
  /* The same tone, its Podcasting 2.0 chapters on a port where nothing listens. */
  item = add_item (feed, "broken", "Chapters Gone Missing", now - 5 * 86400, 10, NULL, tone);
  add_chapter (item, 0, "Still Here");
  item->chapters_url = g_strdup ("http://127.0.0.1:9/chapters.json");
  item->chapters_type = g_strdup ("application/json+chapters");
  /* A stream on a port where nothing listens: the network error. */
  add_item (feed, "unreachable", "Off the Air", now - 6 * 86400, 10, NULL, "http://127.0.0.1:9/off-the-air.mp3");

  show_id = lw_library_merge_feed (library, "https://example.org/night.xml", feed, &cache, &error);
  g_assert_no_error (error);
  lw_feed_free (feed);

  episodes = lw_library_get_episodes (library, show_id);
  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);
      const char *guid = lw_episode_get_guid (episode);

      if (g_str_equal (guid, "tone"))
        tone_id = lw_episode_get_id (episode);
      else if (g_str_equal (guid, "broken"))
        broken_chapters_id = lw_episode_get_id (episode);
      else if (g_str_equal (guid, "unreachable"))
        unreachable_id = lw_episode_get_id (episode);
      else
        queued_ids[guid[1] - '1'] = lw_episode_get_id (episode);
    }

  g_assert_cmpint (tone_id, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (queued_ids); i++)
    g_assert_cmpint (queued_ids[i], >, 0);
}

static void
now_playing_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  now_playing_activations++;
}

static GtkWindow *
new_host_window (GtkWidget *content,
                 GtkWidget *bottom,
                 int        width,
                 int        height)
{
  static const GActionEntry win_actions[] = { { "now-playing", now_playing_action } };
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* What the main window offers the bar and the view. */
  g_action_map_add_action_entries (G_ACTION_MAP (window), win_actions, G_N_ELEMENTS (win_actions), NULL);

  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), content);
  if (bottom != NULL)
    gtk_box_append (GTK_BOX (box), bottom);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (is_mapped, window, "the window to map");

  return GTK_WINDOW (window);
}

/* Suspend inhibition (issue 5) goes through org.gnome.SessionManager, which GTK looks
 * for when the application starts. gnome-session cannot run here, so the test owns
 * that name on its private bus (dbus-run-session) first and answers Inhibit and
 * Uninhibit as gnome-session does, counting what is held. It runs on a thread of its
 * own with its own connection: GTK calls Inhibit synchronously from the main thread. */
static const char session_manager_xml[] =
  "<node>"
  "  <interface name='org.gnome.SessionManager'>"
  "    <method name='Inhibit'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='u' name='toplevel_xid' direction='in'/>"
  "      <arg type='s' name='reason' direction='in'/>"
  "      <arg type='u' name='flags' direction='in'/>"
  "      <arg type='u' name='inhibit_cookie' direction='out'/>"
  "    </method>"
  "    <method name='Uninhibit'>"
  "      <arg type='u' name='inhibit_cookie' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GMutex      mutex;
  GCond       cond;
  gboolean    ready;
  guint       next_cookie;
  /* cookie → the flags it holds */
  GHashTable *held;
  char       *last_reason;
  char       *last_app_id;
} SessionManager;

static SessionManager session_manager;

static void
session_manager_method_call (GDBusConnection       *connection,
                             const char            *sender,
                             const char            *object_path,
                             const char            *interface_name,
                             const char            *method_name,
                             GVariant              *parameters,
                             GDBusMethodInvocation *invocation,
                             gpointer               user_data)
{
  SessionManager *sm = user_data;

  g_mutex_lock (&sm->mutex);
  if (g_str_equal (method_name, "Inhibit"))
    {
      const char *app_id, *reason;
      guint32 xid, flags, cookie = ++sm->next_cookie;

      g_variant_get (parameters, "(&su&su)", &app_id, &xid, &reason, &flags);
      g_hash_table_insert (sm->held, GUINT_TO_POINTER (cookie), GUINT_TO_POINTER (flags));
      g_free (sm->last_reason);
      sm->last_reason = g_strdup (reason);
      g_free (sm->last_app_id);
      sm->last_app_id = g_strdup (app_id);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", cookie));
    }
  else
    {
      guint32 cookie;

      g_variant_get (parameters, "(u)", &cookie);
      g_hash_table_remove (sm->held, GUINT_TO_POINTER (cookie));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  g_mutex_unlock (&sm->mutex);
}

static void
session_manager_name_acquired (GDBusConnection *connection,
                               const char      *name,
                               gpointer         user_data)
{
  SessionManager *sm = user_data;

  g_mutex_lock (&sm->mutex);
  sm->ready = TRUE;
  g_cond_signal (&sm->cond);
  g_mutex_unlock (&sm->mutex);
}

static gpointer
session_manager_thread (gpointer data)
{
  static const GDBusInterfaceVTable vtable = { session_manager_method_call, NULL, NULL };
  SessionManager *sm = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (session_manager_xml, &error);
  g_autofree char *address = NULL;
  g_autoptr(GDBusConnection) connection = NULL;

  g_assert_no_error (error);
  g_main_context_push_thread_default (context);

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/gnome/SessionManager", info->interfaces[0],
                                     &vtable, sm, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (connection, "org.gnome.SessionManager", G_BUS_NAME_OWNER_FLAGS_NONE,
                                session_manager_name_acquired, NULL, sm, NULL);

  /* Serves until the process ends. */
  while (TRUE)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

static void
start_session_manager (void)
{
  SessionManager *sm = &session_manager;

  g_mutex_init (&sm->mutex);
  g_cond_init (&sm->cond);
  sm->held = g_hash_table_new (NULL, NULL);
  g_thread_unref (g_thread_new ("session-manager", session_manager_thread, sm));

  g_mutex_lock (&sm->mutex);
  while (!sm->ready)
    g_cond_wait (&sm->cond, &sm->mutex);
  g_mutex_unlock (&sm->mutex);
}

/* How many inhibitions of suspend the session holds. */
static guint
suspend_inhibitions (void)
{
  SessionManager *sm = &session_manager;
  GHashTableIter iter;
  gpointer flags;
  guint n = 0;

  g_mutex_lock (&sm->mutex);
  g_hash_table_iter_init (&iter, sm->held);
  while (g_hash_table_iter_next (&iter, NULL, &flags))
    if (GPOINTER_TO_UINT (flags) & GTK_APPLICATION_INHIBIT_SUSPEND)
      n++;
  g_mutex_unlock (&sm->mutex);

  return n;
}

static gboolean
suspend_inhibited (gpointer data)
{
  return suspend_inhibitions () == 1;
}

static gboolean
suspend_allowed (gpointer data)
{
  return suspend_inhibitions () == 0;
}

/* Tests **************************************************************************/

static gboolean
is_playing (gpointer data)
{
  return lw_player_get_state (data) == LW_PLAYER_STATE_PLAYING && lw_player_get_position (data) > 300;
}

static gboolean
is_paused (gpointer data)
{
  return lw_player_get_state (data) == LW_PLAYER_STATE_PAUSED;
}

/* All four characters typed ("a", " ", "b", then "c" before the "b") are in. */
static gboolean
entry_has_typed (gpointer data)
{
  return g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (data)), -1) >= 4;
}

static void
test_play (void)
{
  LwPlayer *player;
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *entry_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *grid;

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Player Bar");
  entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_halign (GTK_WIDGET (entry), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, "Notes", -1);
  gtk_box_append (GTK_BOX (entry_box), status);
  gtk_box_append (GTK_BOX (entry_box), GTK_WIDGET (entry));
  /* A grid, like the window's shows. */
  grid = gtk_flow_box_new ();
  gtk_flow_box_append (GTK_FLOW_BOX (grid), gtk_label_new ("One"));
  gtk_flow_box_append (GTK_FLOW_BOX (grid), gtk_label_new ("Two"));
  gtk_box_append (GTK_BOX (entry_box), grid);

  bar = LW_PLAYER_BAR (lw_player_bar_new ());
  bar_window = new_host_window (entry_box, GTK_WIDGET (bar), 1000, 420);
  g_assert_false (lw_player_bar_get_revealed (bar));

  g_action_group_activate_action (G_ACTION_GROUP (app), "play-episode", g_variant_new_int64 (tone_id));
  player = lw_application_peek_player (app);
  g_assert_nonnull (player);
  lw_player_bar_set_player (bar, player);
  g_assert_true (lw_player_bar_get_revealed (bar));
  g_assert_cmpstr (bar_label ("title_label"), ==, "A Tone at 440 Hz & Other Sounds");
  g_assert_cmpstr (bar_label ("show_label"), ==, "Night Shift Radio");

  wait_for (is_playing, player, "the tone to play");
  /* Its icon buttons say what they do to a screen reader too. */
  assert_buttons_named (bar, 4);

  /* A real Space from the keyboard pauses… */
  send_key (bar_window, "space");
  wait_for (is_paused, player, "a Space key press to pause");
  send_key (bar_window, "space");
  wait_for (is_playing, player, "a Space key press to play again");

  /* Space toggles (the window's shortcut), unless a text entry has the focus. */
  g_assert_true (press (bar_window, "space"));
  wait_for (is_paused, player, "Space to pause");
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  g_assert_false (press (bar_window, "space"));
  g_assert_false (press (bar_window, "Left"));
  /* Typed for real: the entry gets its space and arrows, the player nothing. */
  send_key (bar_window, "a space b Left c");
  wait_for (entry_has_typed, entry, "the keys to reach the entry");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "a cb");
  g_assert_cmpint (lw_player_get_state (player), ==, LW_PLAYER_STATE_PAUSED);

  /* A grid keeps its plain arrows; Space still plays. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (grid), 0)));
  g_assert_false (press (bar_window, "Left"));
  g_assert_false (press (bar_window, "Right"));
  g_assert_true (press (bar_window, "<Control>Right"));
  g_assert_cmpint (lw_player_get_state (player), ==, LW_PLAYER_STATE_PAUSED);
  gtk_root_set_focus (GTK_ROOT (bar_window), NULL);

  /* Clicking the titles asks the window for the now-playing view. */
  {
    GtkButton *titles = GTK_BUTTON (bar_child ("titles_button"));
    guint before = now_playing_activations;

    g_signal_emit_by_name (titles, "clicked");
    g_assert_cmpuint (now_playing_activations, ==, before + 1);
  }
}

static gboolean
position_is (gpointer data)
{
  gint64 *wanted = data;

  return ABS (lw_player_get_position (lw_application_peek_player (app)) - *wanted) < 400;
}

/* Seeks and waits until GstPlay stops reporting positions from before the seek: one
 * may still arrive just after the new one. */
static void
seek_and_settle (gint64 position)
{
  LwPlayer *player = lw_application_peek_player (app);

  lw_player_seek (player, position);
  wait_for (position_is, &position, "the seek");
  wait_ms (500);
  wait_for (position_is, &position, "the position to settle after the seek");
}

static void
test_skip_keys (void)
{
  LwPlayer *player = lw_application_peek_player (app);
  GSettings *settings = lw_application_get_settings (app);
  gint64 wanted;

  /* Short intervals: the tone lasts 10 s. */
  g_settings_set_uint (settings, "skip-back-seconds", 3);
  g_settings_set_uint (settings, "skip-forward-seconds", 2);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (bar_child ("skip_back_button")),
                   ==, "Skip Back 3 Seconds");

  lw_player_seek (player, 5000);
  wanted = 5000;
  wait_for (position_is, &wanted, "the seek to 0:05");

  g_assert_true (press (bar_window, "Left"));
  wanted = 2000;
  wait_for (position_is, &wanted, "Left to skip back 3 s");

  g_assert_true (press (bar_window, "Right"));
  wanted = 4000;
  wait_for (position_is, &wanted, "Right to skip forward 2 s");

  /* Speed: Ctrl+plus and Ctrl+minus step through the menu's speeds. */
  lw_player_set_rate (player, 1.0);
  g_assert_true (press (bar_window, "<Control>plus"));
  g_assert_cmpfloat (lw_player_get_rate (player), ==, 1.25);
  g_assert_true (press (bar_window, "<Control>minus"));
  g_assert_true (press (bar_window, "<Control>minus"));
  g_assert_cmpfloat (lw_player_get_rate (player), ==, 0.75);
  for (int i = 0; i < 20; i++)
    press (bar_window, "<Control>plus");
  g_assert_cmpfloat (lw_player_get_rate (player), ==, 3.0);
}

static void
test_speed_menu (void)
{
  LwPlayer *player = lw_application_peek_player (app);
  LwPlaybackButtons *buttons = find_one (bar, LW_TYPE_PLAYBACK_BUTTONS);
  GtkMenuButton *speed = menu_button (buttons, "Playback Speed");
  gint64 wanted = 4000;

  lw_player_set_rate (player, 1.0);
  seek_and_settle (wanted);
  g_assert_cmpstr (bar_label ("remaining_label"), ==, "−0:06");

  /* The menu marks the current speed; picking another changes it everywhere. */
  g_assert_true (item_is_active (menu_item (speed, "1×")));
  g_assert_false (item_is_active (menu_item (speed, "2×")));
  click_item (menu_item (speed, "2×"));

  g_assert_cmpfloat (lw_player_get_rate (player), ==, 2.0);
  g_assert_cmpfloat (g_settings_get_double (lw_application_get_settings (app), "playback-rate"), ==, 2.0);
  g_assert_true (item_is_active (menu_item (speed, "2×")));
  g_assert_false (item_is_active (menu_item (speed, "1×")));
  gtk_popover_popdown (gtk_menu_button_get_popover (speed));

  /* Six seconds of audio at 2× take three. */
  g_assert_cmpstr (bar_label ("remaining_label"), ==, "−0:03");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_menu_button_get_child (speed))), ==, "2×");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (speed), GTK_ACCESSIBLE_PROPERTY_LABEL, "Playback Speed"));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (speed), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "2×"));

  click_item (menu_item (speed, "1.5×"));
  g_assert_cmpfloat (lw_player_get_rate (player), ==, 1.5);
  g_assert_cmpstr (bar_label ("remaining_label"), ==, "−0:04");

  /* "Only for This Show": the show keeps 1.5×, and a speed picked now is the show's
   * alone; turned off, the global speed comes back. */
  g_assert_false (item_is_active (menu_item (speed, "Only for This Show")));
  click_item (menu_item (speed, "Only for This Show"));
  g_assert_cmpfloat (lw_show_get_playback_rate (lw_player_get_show (player)), ==, 1.5);
  g_assert_true (item_is_active (menu_item (speed, "Only for This Show")));
  wait_ms (300);
  g_free (save_png (gtk_menu_button_get_popover (speed), "speed-menu-light.png"));
  click_item (menu_item (speed, "2.5×"));
  g_assert_cmpfloat (lw_player_get_rate (player), ==, 2.5);
  g_assert_cmpfloat (lw_show_get_playback_rate (lw_player_get_show (player)), ==, 2.5);
  g_assert_cmpfloat (g_settings_get_double (lw_application_get_settings (app), "playback-rate"), ==, 1.5);
  click_item (menu_item (speed, "Only for This Show"));
  g_assert_cmpfloat (lw_show_get_playback_rate (lw_player_get_show (player)), ==, 0.0);
  g_assert_cmpfloat (lw_player_get_rate (player), ==, 1.5);
  g_assert_false (item_is_active (menu_item (speed, "Only for This Show")));
  gtk_popover_popdown (gtk_menu_button_get_popover (speed));
}

static void
test_volume (void)
{
  LwPlayer *player = lw_application_peek_player (app);
  GtkMenuButton *volume = menu_button (find_one (bar, LW_TYPE_PLAYBACK_BUTTONS), "Volume");
  GtkPopover *popover;
  GtkRange *scale;
  GtkToggleButton *mute;

  gtk_menu_button_popup (volume);
  popover = gtk_menu_button_get_popover (volume);
  wait_for (is_mapped, popover, "the volume popover");
  scale = find_one (popover, GTK_TYPE_RANGE);
  mute = find_one (popover, GTK_TYPE_TOGGLE_BUTTON);

  gtk_range_set_value (scale, 0.4);
  g_assert_cmpfloat_with_epsilon (lw_player_get_volume (player), 0.4, 0.001);
  g_assert_cmpstr (gtk_menu_button_get_icon_name (volume), ==, "audio-volume-medium-symbolic");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (volume), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "40 %"));

  g_signal_emit_by_name (mute, "clicked");
  g_assert_cmpfloat (lw_player_get_volume (player), ==, 0.0);
  g_assert_true (gtk_toggle_button_get_active (mute));
  g_assert_cmpstr (gtk_menu_button_get_icon_name (volume), ==, "audio-volume-muted-symbolic");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (volume), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Muted"));

  /* Unmuting brings back the level from before. */
  g_signal_emit_by_name (mute, "clicked");
  g_assert_cmpfloat_with_epsilon (lw_player_get_volume (player), 0.4, 0.001);
  g_assert_false (gtk_toggle_button_get_active (mute));

  gtk_range_set_value (scale, 1.0);
  gtk_popover_popdown (popover);
}

/* The count-down beside the moon (the menu's own labels are in its popover). */
static gboolean
sleep_label_shows (gpointer data)
{
  GtkMenuButton *sleep = data;
  g_autoptr(GPtrArray) labels = find_all (sleep, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_ancestor (labels->pdata[i], GTK_TYPE_POPOVER) == NULL &&
        gtk_widget_get_visible (labels->pdata[i]) &&
        (g_str_equal (gtk_label_get_label (labels->pdata[i]), "5:00") ||
         g_str_equal (gtk_label_get_label (labels->pdata[i]), "4:59")))
      return TRUE;

  return FALSE;
}

static gboolean
sleep_ran_out (gpointer data)
{
  LwPlayer *player = data;

  return lw_player_get_sleep_remaining (player) == 0 && lw_player_get_state (player) == LW_PLAYER_STATE_PAUSED;
}

static void
test_sleep_timer (void)
{
  LwPlayer *player = lw_application_peek_player (app);
  GtkMenuButton *sleep = menu_button (find_one (bar, LW_TYPE_PLAYBACK_BUTTONS), "Sleep Timer");
  gboolean at_end = FALSE;

  g_assert_true (item_is_active (menu_item (sleep, "Off")));
  click_item (menu_item (sleep, "5 Minutes"));
  g_assert_cmpuint (lw_player_get_sleep_remaining (player), >=, 299);
  g_assert_cmpuint (lw_player_get_sleep_remaining (player), <=, 300);
  /* The button counts down, and says so to a screen reader through its tooltip. */
  wait_for (sleep_label_shows, sleep, "the sleep button to show 5:00");
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (sleep)), "Sleep Timer: Stops in "));
  g_assert_true (item_is_active (menu_item (sleep, "5 Minutes")));
  wait_ms (300);
  g_free (save_png (gtk_menu_button_get_popover (sleep), "sleep-menu-light.png"));
  gtk_popover_popdown (gtk_menu_button_get_popover (sleep));

  wait_ms (300);
  g_free (save_png (bar, "player-bar-sleep-light.png"));

  click_item (menu_item (sleep, "End of Episode"));
  g_object_get (player, "sleep-at-end", &at_end, NULL);
  g_assert_true (at_end);
  g_assert_cmpuint (lw_player_get_sleep_remaining (player), ==, 0);
  g_assert_true (item_is_active (menu_item (sleep, "End of Episode")));

  click_item (menu_item (sleep, "Off"));
  g_object_get (player, "sleep-at-end", &at_end, NULL);
  g_assert_false (at_end);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (sleep)), ==, "Sleep Timer");

  /* A timer that runs out pauses, and the menu says Off again. */
  lw_player_seek (player, 0);
  g_object_set (player, "fade-duration", 200, NULL);
  lw_player_play (player);
  wait_for (is_playing, player, "the tone to play again");
  lw_player_set_sleep_timer (player, 1);
  wait_for (sleep_ran_out, player, "the sleep timer to pause");
  g_assert_true (item_is_active (menu_item (sleep, "Off")));
  gtk_popover_popdown (gtk_menu_button_get_popover (sleep));
  g_object_set (player, "fade-duration", 10000, NULL);
  lw_player_set_volume (player, 1.0);
}

static void
test_bar_pictures (void)
{
  LwPlayer *player = lw_application_peek_player (app);
  gint64 wanted = 4000;

  lw_player_set_rate (player, 1.5);
  lw_player_pause (player);
  seek_and_settle (wanted);

  assert_named (bar);

  gtk_window_set_default_size (bar_window, 1000, 420);
  wait_ms (200);
  g_assert_false (lw_player_bar_get_narrow (bar));
  save_light_and_dark (bar, "player-bar-wide");

  /* A phone: play/pause, the titles and a thin progress line. */
  gtk_window_set_default_size (bar_window, 360, 420);
  wait_ms (300);
  g_assert_true (lw_player_bar_get_narrow (bar));
  g_assert_true (gtk_widget_get_mapped (bar_child ("narrow_play_button")));
  g_assert_false (gtk_widget_get_mapped (bar_child ("play_button")));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (bar)), <=, 360);
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (bar_child ("progress")),
                                                     GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "0:04 of 0:10"));
  assert_named (bar);
  save_light_and_dark (bar, "player-bar-narrow");

  gtk_window_set_default_size (bar_window, 1000, 420);
  wait_ms (200);
}

static GtkListBox *
queue_box (void)
{
  return lw_queue_list_get_list_box (find_one (view, LW_TYPE_QUEUE_LIST));
}

/* The queue as the library stores it, as "1 2 3" for the fixture's episodes. */
static char *
library_queue (void)
{
  g_autoptr(GListModel) queue = lw_library_get_queue (lw_application_get_library (app));
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (queue, i);

      if (order->len > 0)
        g_string_append_c (order, ' ');
      if (lw_episode_get_id (episode) == tone_id)
        g_string_append (order, "tone");
      else
        g_string_append (order, lw_episode_get_guid (episode) + 1);
    }

  return g_string_free (order, FALSE);
}

static gint64
focused_row_id (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (view_window));
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  int index;
  g_autoptr(LwEpisode) episode = NULL;

  g_assert_nonnull (row);
  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  episode = g_list_model_get_item (lw_queue_list_get_model (find_one (view, LW_TYPE_QUEUE_LIST)), index);
  return lw_episode_get_id (episode);
}

static gboolean
library_queue_is (gpointer data)
{
  g_autofree char *order = library_queue ();

  return g_strcmp0 (order, data) == 0;
}

#define assert_queue(expected) G_STMT_START { \
    g_autofree char *order__ = library_queue (); \
    g_assert_cmpstr (order__, ==, expected); \
  } G_STMT_END

static void
test_queue (void)
{
  LwLibrary *library = lw_application_get_library (app);
  g_autoptr(GError) error = NULL;
  LwQueueList *queue_list;

  for (guint i = 0; i < G_N_ELEMENTS (queued_ids); i++)
    {
      lw_library_queue_add (library, queued_ids[i], -1, &error);
      g_assert_no_error (error);
    }
  /* The episode playing is queued too, but it is not "up next". */
  lw_library_queue_add (library, tone_id, 0, &error);
  g_assert_no_error (error);

  view = lw_now_playing_view_new (app);
  view_window = new_host_window (view, NULL, 480, 1000);
  queue_list = find_one (view, LW_TYPE_QUEUE_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (lw_queue_list_get_model (queue_list)), ==, 3);
  assert_queue ("tone 1 2 3");

  /* Alt+Down on the focused first row moves it down; the focus follows it. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (queue_box (), 0)));
  g_assert_cmpint (focused_row_id (), ==, queued_ids[0]);
  g_assert_true (press (queue_list, "<Alt>Down"));
  assert_queue ("tone 2 1 3");
  g_assert_cmpint (focused_row_id (), ==, queued_ids[0]);
  g_assert_true (press (queue_list, "<Alt>Down"));
  assert_queue ("tone 2 3 1");
  /* The same from the keyboard. */
  /* xdotool's keys arrive when the X server and a loaded machine get to them. */
  send_key (view_window, "alt+Up");
  wait_for (library_queue_is, "tone 2 1 3", "Alt+Up to move it back up");
  g_assert_cmpint (focused_row_id (), ==, queued_ids[0]);
  send_key (view_window, "alt+Down");
  wait_for (library_queue_is, "tone 2 3 1", "Alt+Down to move it down");

  /* At the bottom it stays. */
  g_assert_true (press (queue_list, "<Alt>Down"));
  assert_queue ("tone 2 3 1");
  g_assert_true (press (queue_list, "<Alt>Up"));
  assert_queue ("tone 2 1 3");
  g_assert_cmpint (focused_row_id (), ==, queued_ids[0]);

  /* Keys outside the list are not its business. */
  gtk_root_set_focus (GTK_ROOT (view_window), NULL);
  g_assert_false (press (queue_list, "<Alt>Up"));

  /* The row menu: Play Next, Move Up; and Remove. */
  gtk_widget_activate_action (GTK_WIDGET (queue_list), "queue.play-next", "x", queued_ids[2]);
  assert_queue ("tone 3 2 1");
  gtk_widget_activate_action (GTK_WIDGET (queue_list), "queue.move-up", "x", queued_ids[0]);
  assert_queue ("tone 3 1 2");
  gtk_widget_activate_action (GTK_WIDGET (queue_list), "queue.remove", "x", queued_ids[1]);
  assert_queue ("tone 3 1");
  g_assert_cmpuint (g_list_model_get_n_items (lw_queue_list_get_model (queue_list)), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (queue_list), "queue.move-down", "x", queued_ids[2]);
  assert_queue ("tone 1 3");

  /* A drop onto a row puts the dragged episode in its place. */
  lw_library_queue_add (library, queued_ids[1], -1, &error);
  g_assert_no_error (error);
  assert_queue ("tone 1 3 2");
  {
    GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (queue_box (), 0));
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (first);
    GValue value = G_VALUE_INIT;
    gboolean dropped = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (controller))
          {
            g_value_init (&value, G_TYPE_INT64);
            g_value_set_int64 (&value, queued_ids[1]);
            g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &dropped);
            g_value_unset (&value);
          }
      }
    g_assert_true (dropped);
  }
  assert_queue ("tone 2 1 3");

  /* Every row names its buttons; the queue survives a new view (it is the library's). */
  assert_named (view);
  g_clear_pointer (&view_window, gtk_window_destroy);

  view = lw_now_playing_view_new (app);
  view_window = new_host_window (view, NULL, 480, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (lw_queue_list_get_model (find_one (view, LW_TYPE_QUEUE_LIST))), ==, 3);
  assert_queue ("tone 2 1 3");
}

static LwChaptersView *
chapters_view (void)
{
  return find_one (view, LW_TYPE_CHAPTERS_VIEW);
}

/* Where @widget is in the window. */
static graphene_point_t
origin_of (gpointer widget)
{
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (gtk_widget_get_root (widget)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  return point;
}

static gboolean
chapters_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (chapters_view ())) &&
         gtk_list_box_get_row_at_index (lw_chapters_view_get_list_box (chapters_view ()), 2) != NULL;
}

static gboolean
chapter_is_current (gpointer data)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (lw_chapters_view_get_list_box (chapters_view ()),
                                                      GPOINTER_TO_INT (data));

  return row != NULL && gtk_widget_has_css_class (GTK_WIDGET (row), "current");
}

static void
test_chapters (void)
{
  GtkListBox *rows = lw_chapters_view_get_list_box (chapters_view ());
  GtkLabel *chapter_label = GTK_LABEL (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "chapter_label"));
  gint64 wanted;

  wait_for (chapters_shown, NULL, "the chapters to show");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (rows, 1))),
                   ==, "The Tone & Its Overtones");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW,
                                                                                    "next_chapter_button"))));

  seek_and_settle (4000);
  wait_for (chapter_is_current, GINT_TO_POINTER (1), "the second chapter to be current");
  g_assert_false (chapter_is_current (GINT_TO_POINTER (0)));
  g_assert_cmpstr (gtk_label_get_label (chapter_label), ==, "The Tone & Its Overtones");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_list_box_get_row_at_index (rows, 1)),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Playing"));

  /* Ctrl+Right: the next chapter; Ctrl+Left just after its start: the one before. */
  g_assert_true (press (view_window, "<Control>Right"));
  wanted = 6000;
  wait_for (position_is, &wanted, "Ctrl+Right to go to 0:06");
  wait_for (chapter_is_current, GINT_TO_POINTER (2), "the last chapter to be current");
  /* GstPlay may still report a position from before the seek for a moment. */
  wait_ms (500);
  wait_for (position_is, &wanted, "the position to settle at 0:06");
  send_key (view_window, "ctrl+Left");
  wanted = 3000;
  wait_for (position_is, &wanted, "Ctrl+Left to go back to 0:03");

  /* A click on a chapter goes there. */
  g_signal_emit_by_name (rows, "row-activated", gtk_list_box_get_row_at_index (rows, 0));
  wanted = 0;
  wait_for (position_is, &wanted, "the first chapter");
  wait_for (chapter_is_current, GINT_TO_POINTER (0), "the first chapter to be current");

  seek_and_settle (4000);
  wait_for (chapter_is_current, GINT_TO_POINTER (1), "the second chapter again");
}

static gboolean
is_queued (gint64 id)
{
  g_autoptr(GListModel) queue = lw_library_get_queue (lw_application_get_library (app));

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (queue, i);

      if (lw_episode_get_id (episode) == id)
        return TRUE;
    }

  return FALSE;
}

static GtkAdjustment *
vadjustment_of (GtkWidget *widget)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW)));
}

static gboolean
overflows (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 0.5;
}

/* Side by side, the chapters and the queue scroll in a scrolled window of their own,
 * and the artwork and the controls stay where they are; stacked, it all scrolls as
 * one. */
static void
assert_lists_scroll_alone (void)
{
  GtkWidget *artwork = GTK_WIDGET (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "artwork"));
  GtkWidget *play = GTK_WIDGET (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "play_button"));
  GtkWidget *lists = gtk_widget_get_ancestor (GTK_WIDGET (chapters_view ()), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *lists_adjustment = vadjustment_of (GTK_WIDGET (chapters_view ()));
  GtkAdjustment *view_adjustment = vadjustment_of (artwork);
  LwLibrary *library = lw_application_get_library (app);
  LwColumns *columns = find_one (view, LW_TYPE_COLUMNS);
  int columns_min, height;
  gint64 extra[] = { queued_ids[0], queued_ids[1], queued_ids[2], broken_chapters_id, unreachable_id };
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));
  graphene_point_t artwork_at, chapters_at;

  g_assert_false (gtk_widget_is_ancestor (artwork, lists));
  g_assert_false (gtk_widget_is_ancestor (play, lists));

  /* Every episode up next, for lists taller than the window. */
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    if (!is_queued (extra[i]))
      {
        g_autoptr(GError) error = NULL;

        lw_library_queue_add (library, extra[i], -1, &error);
        g_assert_no_error (error);
        g_array_append_val (added, extra[i]);
      }

  /* Short and wide, just tall enough for the artwork and controls: the lists
   * overflow their own column; the view does not scroll. */
  gtk_window_set_default_size (view_window, 900, 650);
  wait_ms (300);
  g_assert_true (lw_columns_get_wide (columns));
  gtk_widget_measure (GTK_WIDGET (columns), GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (GTK_WIDGET (columns)),
                      &columns_min, NULL, NULL, NULL);
  /* (The measure counts the margins in.) */
  height = 650 - (int) gtk_adjustment_get_page_size (view_adjustment) + columns_min;
  g_test_message ("columns at least %d high; window %d high", columns_min, height);
  gtk_window_set_default_size (view_window, 900, height);
  wait_ms (300);
  g_assert_true (lw_columns_get_wide (columns));
  g_test_message ("lists %g of %g, view %g of %g",
                  gtk_adjustment_get_page_size (lists_adjustment), gtk_adjustment_get_upper (lists_adjustment),
                  gtk_adjustment_get_page_size (view_adjustment), gtk_adjustment_get_upper (view_adjustment));
  g_assert_true (overflows (lists_adjustment));
  g_assert_false (overflows (view_adjustment));
  save_light_and_dark (view_window, "now-playing-wide-short");
  assert_buttons_named (view_window, 6);

  artwork_at = origin_of (artwork);
  chapters_at = origin_of (chapters_view ());
  gtk_adjustment_set_value (lists_adjustment, gtk_adjustment_get_upper (lists_adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (lists_adjustment), >, 0);
  wait_ms (100);
  g_assert_cmpfloat_with_epsilon (origin_of (chapters_view ()).y,
                                  chapters_at.y - gtk_adjustment_get_value (lists_adjustment), 0.5);
  g_assert_cmpfloat_with_epsilon (origin_of (artwork).y, artwork_at.y, 0.5);
  g_assert_cmpfloat_with_epsilon (origin_of (artwork).x, artwork_at.x, 0.5);
  save_light_and_dark (view_window, "now-playing-wide-scrolled");
  gtk_adjustment_set_value (lists_adjustment, 0);

  /* Stacked on a phone: the lists take all the height they need, under the
   * controls, and the view scrolls them together. */
  gtk_window_set_default_size (view_window, 360, 600);
  wait_ms (300);
  g_assert_false (lw_columns_get_wide (columns));
  g_test_message ("stacked: lists %g of %g, view %g of %g",
                  gtk_adjustment_get_page_size (lists_adjustment), gtk_adjustment_get_upper (lists_adjustment),
                  gtk_adjustment_get_page_size (view_adjustment), gtk_adjustment_get_upper (view_adjustment));
  save_light_and_dark (view_window, "now-playing-narrow-short");
  g_assert_false (overflows (lists_adjustment));
  g_assert_true (overflows (view_adjustment));

  for (guint i = 0; i < added->len; i++)
    {
      g_autoptr(GError) error = NULL;

      lw_library_queue_remove (library, g_array_index (added, gint64, i), &error);
      g_assert_no_error (error);
    }
  gtk_window_set_default_size (view_window, 900, 1100);
  wait_ms (300);
}

static void
test_now_playing_pictures (void)
{
  GtkLabel *title = GTK_LABEL (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "title_label"));

  g_assert_cmpstr (gtk_label_get_label (title), ==, "A Tone at 440 Hz & Other Sounds");
  assert_named (view);
  wait_for (all_artwork_loaded, view, "the artwork to load");
  save_light_and_dark (view_window, "now-playing-narrow");
  /* Narrow: one column, the chapters under the artwork. */
  g_assert_false (lw_columns_get_wide (find_one (view, LW_TYPE_COLUMNS)));
  g_assert_cmpfloat (origin_of (chapters_view ()).y, >, origin_of (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "artwork")).y + 256);

  gtk_window_set_default_size (view_window, 900, 1100);
  wait_ms (300);
  wait_for (all_artwork_loaded, view, "the artwork to load");
  save_light_and_dark (view_window, "now-playing-wide");
  /* Wide: two columns, the chapters beside the artwork, level with it. */
  g_assert_true (lw_columns_get_wide (find_one (view, LW_TYPE_COLUMNS)));
  g_assert_cmpfloat (origin_of (chapters_view ()).x, >, origin_of (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "artwork")).x + 256);
  g_assert_cmpfloat (origin_of (chapters_view ()).y, <, origin_of (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "artwork")).y + 256);

  assert_lists_scroll_alone ();
}

static gboolean
chapters_error_shown (gpointer data)
{
  GtkLabel *label = lw_chapters_view_get_error_label (chapters_view ());

  return gtk_widget_get_visible (GTK_WIDGET (chapters_view ())) &&
         gtk_widget_is_drawable (GTK_WIDGET (label)) &&
         strstr (gtk_label_get_label (label), "Could not get the chapters") != NULL;
}

/* Chapters that could not be fetched are said, under the ones the feed gave. */
static void
test_chapters_error (void)
{
  LwPlayer *player = lw_application_peek_player (app);
  GtkListBox *rows = lw_chapters_view_get_list_box (chapters_view ());
  GtkLabel *label = lw_chapters_view_get_error_label (chapters_view ());

  g_action_group_activate_action (G_ACTION_GROUP (app), "play-episode", g_variant_new_int64 (broken_chapters_id));
  wait_for (chapters_error_shown, NULL, "the chapters' error to show");
  g_test_message ("%s", gtk_label_get_label (label));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "Chapters Gone Missing"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (rows, 0));
  g_assert_null (gtk_list_box_get_row_at_index (rows, 1));
  lw_player_pause (player);
  wait_for (all_artwork_loaded, view, "the artwork to load");
  wait_ms (300);
  save_light_and_dark (view_window, "now-playing-chapters-error");

  /* The next episode starts with a clean slate. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "play-episode", g_variant_new_int64 (tone_id));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)) && gtk_widget_get_mapped (GTK_WIDGET (label)));
  wait_for (chapters_shown, NULL, "the tone's chapters");
  lw_player_pause (player);
}

static void
test_preferences (void)
{
  GSettings *settings = lw_application_get_settings (app);
  AdwPreferencesPage *page = lw_playback_preferences_new (app);
  GtkWidget *window = adw_preferences_window_new ();
  g_autoptr(GPtrArray) spins = NULL;
  AdwComboRow *speed;

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (is_mapped, window, "the preferences");

  spins = find_all (page, GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (spins->len, ==, 4);

  /* Each row writes its key, within the schema's range. */
  gtk_spin_button_set_value (spins->pdata[0], 15);
  g_assert_cmpuint (g_settings_get_uint (settings, "skip-back-seconds"), ==, 15);
  gtk_spin_button_set_value (spins->pdata[1], 45);
  g_assert_cmpuint (g_settings_get_uint (settings, "skip-forward-seconds"), ==, 45);
  gtk_spin_button_set_value (spins->pdata[2], 500);
  g_assert_cmpuint (g_settings_get_uint (settings, "smart-rewind-seconds"), ==, 60);
  gtk_spin_button_set_value (spins->pdata[3], 20);
  g_assert_cmpuint (g_settings_get_uint (settings, "played-threshold-seconds"), ==, 20);

  /* …and the player follows the settings it does not bind itself. */
  {
    guint smart_rewind = 0;
    guint threshold = 0;

    g_object_get (lw_application_peek_player (app), "smart-rewind", &smart_rewind,
                  "played-threshold", &threshold, NULL);
    g_assert_cmpuint (smart_rewind, ==, 60000);
    g_assert_cmpuint (threshold, ==, 20000);
  }

  speed = find_one (page, ADW_TYPE_COMBO_ROW);
  adw_combo_row_set_selected (speed, 6);
  g_assert_cmpfloat (g_settings_get_double (settings, "playback-rate"), ==, 2.0);
  g_settings_set_double (settings, "playback-rate", 1.25);
  g_assert_cmpuint (adw_combo_row_get_selected (speed), ==, 3);

  assert_named (page);
  /* The title's switcher settles after a transition. */
  wait_ms (800);
  g_free (save_png (window, "playback-preferences-light.png"));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gboolean  done;
  char     *output;
  GError   *error;
} Spawned;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Spawned *spawned = user_data;

  if (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &spawned->output, NULL, &spawned->error))
    g_subprocess_get_successful (G_SUBPROCESS (source));
  spawned->done = TRUE;
}

static gboolean
spawned_done (gpointer data)
{
  return ((Spawned *) data)->done;
}

/* Runs playerctl against this very application. Asynchronously: the MPRIS object
 * it talks to answers on this thread's main loop. Returns its output, stripped. */
static char *
playerctl (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Spawned spawned = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) "playerctl");
  g_ptr_array_add (argv, (char *) "--player=" APP_ID);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &spawned);
  wait_for (spawned_done, &spawned, "playerctl to finish");
  g_assert_no_error (spawned.error);
  g_assert_true (g_subprocess_get_successful (process));

  return g_strstrip (spawned.output);
}

static gboolean
is_muted (gpointer data)
{
  return lw_player_get_volume (data) == 0.0;
}

/* MPRIS against the running application, with playerctl as a desktop would drive
 * it: status, volume and mute both ways, the cached artwork, Previous, Pause. */
static void
test_playerctl (void)
{
  g_autofree char *found = g_find_program_in_path ("playerctl");
  GtkMenuButton *volume = menu_button (find_one (bar, LW_TYPE_PLAYBACK_BUTTONS), "Volume");
  LwPlayer *player;
  char *out;

  if (found == NULL)
    {
      g_test_skip ("playerctl is not installed (build-aux/install-deps.sh installs it)");
      return;
    }

  g_action_group_activate_action (G_ACTION_GROUP (app), "play-episode", g_variant_new_int64 (tone_id));
  player = lw_application_peek_player (app);
  wait_for (is_playing, player, "the tone to play");

  out = playerctl ("status", NULL);
  g_assert_cmpstr (out, ==, "Playing");
  g_free (out);
  out = playerctl ("metadata", "xesam:title", NULL);
  g_assert_cmpstr (out, ==, "A Tone at 440 Hz & Other Sounds");
  g_free (out);

  /* The artwork as a local file a shell can read at once. */
  out = playerctl ("metadata", "mpris:artUrl", NULL);
  g_test_message ("artUrl %s", out);
  g_assert_true (g_str_has_prefix (out, "file://"));
  {
    g_autofree char *path = g_filename_from_uri (out, NULL, NULL);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  }
  g_free (out);

  /* Volume from outside reaches the player and the bar; 0 is muted, and unmuting in
   * the app goes back to the level before and is heard outside. */
  g_free (playerctl ("volume", "0.3", NULL));
  g_assert_cmpfloat_with_epsilon (lw_player_get_volume (player), 0.3, 0.001);
  g_assert_cmpstr (gtk_menu_button_get_icon_name (volume), ==, "audio-volume-low-symbolic");
  g_free (playerctl ("volume", "0", NULL));
  wait_for (is_muted, player, "playerctl to mute");
  g_assert_cmpstr (gtk_menu_button_get_icon_name (volume), ==, "audio-volume-muted-symbolic");
  gtk_widget_activate_action (GTK_WIDGET (find_one (bar, LW_TYPE_PLAYBACK_BUTTONS)), "playback.mute", NULL);
  g_assert_cmpfloat_with_epsilon (lw_player_get_volume (player), 0.3, 0.001);
  out = playerctl ("volume", NULL);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (out, NULL), 0.3, 0.001);
  g_free (out);
  g_free (playerctl ("volume", "1", NULL));

  /* Previous, well into the episode: back to its start. */
  lw_player_seek (player, 5000);
  g_free (playerctl ("previous", NULL));
  g_assert_cmpint (lw_player_get_position (player), <, 1000);

  g_free (playerctl ("pause", NULL));
  wait_for (is_paused, player, "playerctl to pause");
  out = playerctl ("status", NULL);
  g_assert_cmpstr (out, ==, "Paused");
  g_free (out);
}

static void
count_error (guint *count)
{
  (*count)++;
}

static gboolean
count_reached (gpointer data)
{
  guint *counts = data;

  return counts[0] >= counts[1];
}

/* The toast's button, which must be the only one. */
static GtkWidget *
toast_button (gpointer window)
{
  g_autoptr(GPtrArray) widgets = find_all (window, GTK_TYPE_WIDGET);
  GtkWidget *found = NULL;

  for (guint i = 0; i < widgets->len; i++)
    if (g_str_equal (gtk_widget_get_css_name (widgets->pdata[i]), "toast") &&
        gtk_widget_get_mapped (widgets->pdata[i]))
      {
        g_autoptr(GPtrArray) buttons = find_all (widgets->pdata[i], GTK_TYPE_BUTTON);

        for (guint j = 0; j < buttons->len; j++)
          if (gtk_actionable_get_action_name (buttons->pdata[j]) != NULL)
            found = buttons->pdata[j];
      }

  return found;
}

/* A stream that cannot be reached: a toast says so, with Retry, which tries again. */
static void
test_network_retry (void)
{
  LwPlayer *player = lw_application_peek_player (app);
  guint counts[2] = { 0, 1 };
  g_autofree char *text = NULL;
  LwWindow *window;
  GtkWidget *button;
  GVariant *target;

  g_application_activate (G_APPLICATION (app));
  window = get_window ();
  wait_for (is_mapped, window, "the main window");
  g_signal_connect_swapped (player, "error", G_CALLBACK (count_error), &counts[0]);

  g_action_group_activate_action (G_ACTION_GROUP (app), "play-episode", g_variant_new_int64 (unreachable_id));
  wait_for (count_reached, counts, "the stream to fail");
  wait_for_toast_shown (window);
  text = dup_toast_text (window);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Off the Air"));
  g_assert_nonnull (strstr (text, "127.0.0.1"));

  button = toast_button (window);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, _("_Retry"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.play-episode");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpint (g_variant_get_int64 (target), ==, unreachable_id);

  /* Retry plays it again (and it fails again: nothing came back). */
  counts[1] = 2;
  g_signal_emit_by_name (button, "clicked");
  wait_for (count_reached, counts, "the retry to fail too");

  g_signal_handlers_disconnect_by_func (player, count_error, &counts[0]);
  /* Again a toast with Retry (once the first has faded out). */
  wait_for_toast_shown (window);
  button = toast_button (window);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, _("_Retry"));
  dismiss_toasts (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A toast that comes while the one before is still fading out waits for it to go:
 * libadwaita 1.2 would slide it in over 500 ms, and closing it in that time (the
 * second click of a double click on Retry, when the retry fails at once) crashed. */
static void
test_toast_after_toast (void)
{
  LwWindow *window;
  g_autofree char *text = NULL;

  g_application_activate (G_APPLICATION (app));
  window = get_window ();
  wait_for (is_mapped, window, "the main window");

  lw_window_show_error (window, "The first one");
  wait_for_toast_shown (window);
  g_signal_emit_by_name (find_toast_close_button (window), "clicked");
  lw_window_show_error (window, "The second one");
  /* Not yet: the first is still on its way out. */
  text = dup_toast_text (window);
  g_assert_null (strstr (text, "The second one"));
  g_assert_null (find_toast_close_button (window));

  /* Then it comes, and a quick close does not bring the window down. */
  wait_for_label (window, "The second one");
  wait_ms (100);
  g_assert_nonnull (find_toast_close_button (window));
  g_signal_emit_by_name (find_toast_close_button (window), "clicked");
  wait_for (has_no_toast, window, "the toasts to go");
  wait_ms (600);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Playing holds off suspend, once, for as long as it plays; pausing lets it go. */
static void
test_inhibit (void)
{
  LwPlayer *player;

  g_action_group_activate_action (G_ACTION_GROUP (app), "play-episode", g_variant_new_int64 (tone_id));
  player = lw_application_peek_player (app);
  wait_for (is_playing, player, "the tone to play");
  wait_for (suspend_inhibited, NULL, "suspend to be inhibited while playing");
  g_mutex_lock (&session_manager.mutex);
  g_assert_cmpstr (session_manager.last_reason, ==, _("Playing a podcast"));
  g_assert_cmpstr (session_manager.last_app_id, ==, g_application_get_application_id (G_APPLICATION (app)));
  g_mutex_unlock (&session_manager.mutex);

  lw_player_pause (player);
  wait_for (is_paused, player, "the tone to pause");
  wait_for (suspend_allowed, NULL, "the inhibition to go with the pause");

  /* Again, and the skip (a seek: PLAYING → PAUSED → PLAYING inside GStreamer) does
   * not leave a second one behind. */
  lw_player_play (player);
  wait_for (suspend_inhibited, NULL, "suspend to be inhibited again");
  lw_player_skip (player, 1000);
  wait_ms (300);
  g_assert_cmpuint (suspend_inhibitions (), ==, 1);
  lw_player_stop (player);
  wait_for (suspend_allowed, NULL, "the inhibition to go with Stop");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  set_up_test_dirs ("longwave-test-player-ui");
  tmp_dir = test_tmp_dir;

  /* Before the application starts: GTK looks for the session manager then. */
  start_session_manager ();
  app = test_app = new_application ();
  g_assert_nonnull (lw_application_get_library (app));
  merge_fixture (lw_application_get_library (app));

  g_test_add_func ("/ui/player/play", test_play);
  g_test_add_func ("/ui/player/skip-keys", test_skip_keys);
  g_test_add_func ("/ui/player/speed-menu", test_speed_menu);
  g_test_add_func ("/ui/player/volume", test_volume);
  g_test_add_func ("/ui/player/sleep-timer", test_sleep_timer);
  g_test_add_func ("/ui/player/bar-pictures", test_bar_pictures);
  g_test_add_func ("/ui/player/queue", test_queue);
  g_test_add_func ("/ui/player/chapters", test_chapters);
  g_test_add_func ("/ui/player/now-playing-pictures", test_now_playing_pictures);
  g_test_add_func ("/ui/player/chapters-error", test_chapters_error);
  g_test_add_func ("/ui/player/preferences", test_preferences);
  g_test_add_func ("/ui/player/inhibit", test_inhibit);
  g_test_add_func ("/ui/player/playerctl", test_playerctl);
  g_test_add_func ("/ui/player/network-retry", test_network_retry);
  g_test_add_func ("/ui/player/toast-after-toast", test_toast_after_toast);

  ret = g_test_run ();

  g_clear_pointer (&view_window, gtk_window_destroy);
  g_clear_pointer (&bar_window, gtk_window_destroy);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&app);
  rm_rf (tmp_dir);

  return ret;
}
