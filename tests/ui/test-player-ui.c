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
#include "ui/lw-now-playing-view.h"
#include "ui/lw-playback-buttons.h"
#include "ui/lw-playback-preferences.h"
#include "ui/lw-player-actions.h"
#include "ui/lw-player-bar.h"
#include "ui/lw-queue-list.h"

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

#define TIMEOUT_MS 10000

/* Helpers *************************************************************************/

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (TIMEOUT_MS, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);

  g_source_remove (id);
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GPtrArray *
find_all (gpointer widget,
          GType    type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (widget), type, found);
  return found;
}

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

static char *
save_png (gpointer    widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "ui", name, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s (%d×%d)", path, width, height);

  return g_steal_pointer (&path);
}

static void
save_both_schemes (gpointer    widget,
                   const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *schemes[] = { "light", "dark" };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s.png", name, schemes[i]);

      adw_style_manager_set_color_scheme (style, i ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      wait_ms (300);
      g_free (save_png (widget, file));
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
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

/* Sends a real key press to @window through the X server (xdotool), so the whole path
 * runs: GDK, the capture phase, the focus widget. */
static void
send_key (GtkWindow  *window,
          const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  command = g_strdup_printf ("xdotool windowfocus --sync %s key --clearmodifiers %s", xid, keys);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Fixtures ***********************************************************************/

/* Cover art with bands, unlike the other tests' rings: visibly not a placeholder. */
static char *
write_artwork (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "cover.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 512, 512);
  cairo_t *cr = cairo_create (surface);

  for (int band = 0; band < 8; band++)
    {
      cairo_set_source_rgb (cr, 0.55 + band * 0.05, 0.20 + band * 0.06, 0.45 - band * 0.04);
      cairo_rectangle (cr, 0, band * 64, 512, 64);
      cairo_fill (cr);
    }
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 24);
  for (int wave = 0; wave < 3; wave++)
    {
      cairo_arc (cr, 140, 372, 90 + wave * 80, -G_PI / 2, 0);
      cairo_stroke (cr);
    }

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return g_filename_to_uri (path, NULL, NULL);
}

static void
add_episode (LwFeed     *feed,
             const char *guid,
             const char *title,
             gint64      published,
             gint64      duration,
             const char *url)
{
  LwFeedItem *item = lw_feed_item_new ();
  LwEnclosure *enclosure = lw_enclosure_new ();

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->published = published;
  item->duration = duration;
  enclosure->url = g_strdup (url);
  enclosure->type = g_strdup ("audio/mpeg");
  enclosure->length = 80000;
  g_ptr_array_add (item->enclosures, enclosure);
  g_ptr_array_add (feed->items, item);
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
  LwFeed *feed = lw_feed_new ();
  gint64 show_id;

  g_assert_true (g_file_test (tone_path, G_FILE_TEST_IS_REGULAR));

  feed->title = g_strdup ("Night Shift Radio");
  feed->author = g_strdup ("Grace Hopper");
  feed->description = g_strdup ("Late conversations.");
  feed->image = write_artwork ();
  add_episode (feed, "tone", "A Tone at 440 Hz & Other Sounds", now - 3600, 10, tone);
  add_episode (feed, "q1", "Tides and the Moon", now - 2 * 86400, 42 * 60, "https://example.org/q1.mp3");
  add_episode (feed, "q2", "Lighthouses of the North Sea", now - 3 * 86400, 55 * 60, "https://example.org/q2.mp3");
  add_episode (feed, "q3", "The Last Telegraph Operator", now - 4 * 86400, 38 * 60, "https://example.org/q3.mp3");

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

static void
test_play (void)
{
  LwPlayer *player;
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *entry_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Player Bar");
  entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_halign (GTK_WIDGET (entry), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, "Notes", -1);
  gtk_box_append (GTK_BOX (entry_box), status);
  gtk_box_append (GTK_BOX (entry_box), GTK_WIDGET (entry));

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
  wait_ms (200);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "a cb");
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
  lw_player_seek (player, 4000);
  wait_for (position_is, &wanted, "the seek to 0:04");
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
  lw_player_seek (player, 4000);
  wait_for (position_is, &wanted, "the seek to 0:04");

  assert_named (bar);

  gtk_window_set_default_size (bar_window, 1000, 420);
  wait_ms (200);
  g_assert_false (lw_player_bar_get_narrow (bar));
  save_both_schemes (bar, "player-bar-wide");

  /* A phone: play/pause, the titles and a thin progress line. */
  gtk_window_set_default_size (bar_window, 360, 420);
  wait_ms (300);
  g_assert_true (lw_player_bar_get_narrow (bar));
  g_assert_true (gtk_widget_get_mapped (bar_child ("narrow_play_button")));
  g_assert_false (gtk_widget_get_mapped (bar_child ("play_button")));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (bar)), <=, 360);
  assert_named (bar);
  save_both_schemes (bar, "player-bar-narrow");

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
  send_key (view_window, "alt+Up");
  wait_ms (100);
  assert_queue ("tone 2 1 3");
  g_assert_cmpint (focused_row_id (), ==, queued_ids[0]);
  send_key (view_window, "alt+Down");
  wait_ms (100);
  assert_queue ("tone 2 3 1");

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

static gboolean
all_artwork_loaded (gpointer data)
{
  g_autoptr(GPtrArray) artworks = find_all (data, LW_TYPE_ARTWORK);

  for (guint i = 0; i < artworks->len; i++)
    if (gtk_widget_get_mapped (artworks->pdata[i]) && lw_artwork_get_url (artworks->pdata[i]) != NULL &&
        !lw_artwork_is_loaded (artworks->pdata[i]))
      return FALSE;

  return TRUE;
}

static void
test_now_playing_pictures (void)
{
  GtkLabel *title = GTK_LABEL (gtk_widget_get_template_child (view, LW_TYPE_NOW_PLAYING_VIEW, "title_label"));

  g_assert_cmpstr (gtk_label_get_label (title), ==, "A Tone at 440 Hz & Other Sounds");
  assert_named (view);
  wait_for (all_artwork_loaded, view, "the artwork to load");
  save_both_schemes (view_window, "now-playing-narrow");

  gtk_window_set_default_size (view_window, 900, 1100);
  wait_ms (300);
  wait_for (all_artwork_loaded, view, "the artwork to load");
  save_both_schemes (view_window, "now-playing-wide");
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

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }

  g_clear_pointer (&dir, g_dir_close);
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("longwave-test-player-ui-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  cache_dir = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  /* What GNOME's settings daemon tells every app; Xvfb has none. */
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);
  g_assert_nonnull (lw_application_get_library (app));
  merge_fixture (lw_application_get_library (app));

  g_test_add_func ("/ui/player/play", test_play);
  g_test_add_func ("/ui/player/skip-keys", test_skip_keys);
  g_test_add_func ("/ui/player/speed-menu", test_speed_menu);
  g_test_add_func ("/ui/player/volume", test_volume);
  g_test_add_func ("/ui/player/sleep-timer", test_sleep_timer);
  g_test_add_func ("/ui/player/bar-pictures", test_bar_pictures);
  g_test_add_func ("/ui/player/queue", test_queue);
  g_test_add_func ("/ui/player/now-playing-pictures", test_now_playing_pictures);
  g_test_add_func ("/ui/player/preferences", test_preferences);

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
