/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-browse"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <libsoup/soup.h>

#include "core/lw-feed.h"
#include "core/lw-feed-service.h"
#include "core/lw-format.h"
#include "core/lw-library.h"
#include "lw-application.h"
#include "ui/lw-add-dialog.h"
#include "ui/lw-artwork.h"
#include "ui/lw-episode-detail.h"
#include "ui/lw-episode-list-view.h"
#include "ui/lw-episode-row.h"
#include "ui/lw-new-episodes-notifier.h"
#include "ui/lw-player-bar.h"
#include "ui/lw-search-page.h"
#include "ui/lw-show-grid.h"
#include "ui/lw-show-about.h"
#include "ui/lw-show-page.h"
#include "ui/lw-show-tile.h"
#include "ui/lw-transcript-view.h"
#include "ui/lw-window.h"
#include "lw-ui-keys.h"
#include "lw-ui-test.h"

/* Browsing on a fixture library of six shows (artwork, long titles, Arabic and
 * Portuguese text, one show with categories, funding and a podroll, one episode with
 * rich notes, chapters, a transcript and persons): every place of the window reached
 * through its actions, what each shows, accessible names, and PNGs of each screen
 * wide and narrow, light and dark. The feeds, chapters and transcripts are served by
 * a SoupServer on 127.0.0.1 so refreshing and fetching are real. */

#define DAY (24 * 60 * 60)

static SoupServer *server;
static char *base_url;
static GHashTable *responses;   /* path → body (feed, chapters, transcript); absent = 404 */
static gint64 now_unix;
static gint64 radio_id;         /* the show with the rich About view */
static gint64 arabic_id;
static gint64 portuguese_id;    /* the long title */
static gint64 loop_id;          /* refreshed from the server in the tests */
static gint64 space_id;
static gint64 rich_id;          /* the episode with everything */

static void
server_cb (SoupServer        *soup_server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  const char *body = g_hash_table_lookup (responses, path);
  const char *type = "application/rss+xml";

  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (g_str_has_suffix (path, ".json"))
    type = "application/json+chapters";
  else if (g_str_has_suffix (path, ".vtt"))
    type = "text/vtt";
  else if (g_str_has_suffix (path, ".srt"))
    type = "application/x-subrip";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static char *
feed_url (const char *path)
{
  return g_strdup_printf ("%s%s", base_url, path + 1);
}

/* A real RSS document for the loopback show: @n_items episodes, newest first, and
 * @channel_extra (XML) in its channel. */
static char *
loop_feed_with (guint       n_items,
                const char *channel_extra)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\""
                               " xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">"
                               "<channel><title>Loopback Radio</title><itunes:author>The Test Suite</itunes:author>"
                               "<link>http://127.0.0.1/</link><description>Served on 127.0.0.1</description>");

  g_string_append (xml, channel_extra ? channel_extra : "");

  for (guint i = n_items; i > 0; i--)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (now_unix - (gint64) (10 - i) * DAY);
      g_autofree char *rfc822 = g_date_time_format (date, "%a, %d %b %Y %H:%M:%S +0000");

      g_string_append_printf (xml,
                              "<item><title>Loop %u</title><guid>loop-%u</guid><pubDate>%s</pubDate>"
                              "<enclosure url=\"http://127.0.0.1/%u.mp3\" type=\"audio/mpeg\" length=\"1000\"/></item>",
                              i, i, rfc822, i);
    }
  g_string_append (xml, "</channel></rss>");

  return g_string_free (xml, FALSE);
}

static char *
loop_feed (guint n_items)
{
  return loop_feed_with (n_items, NULL);
}

/* The episode with everything: notes with headings, a list, emphasis, links and a
 * timestamp; podcast:chapters as JSON; a transcript as SRT and as WebVTT (with
 * speakers, so the one shown); a host and a guest. The tone lasts past 12:34. */
#define RICH_SECONDS 800

static const char rich_notes[] =
  "<h2>In This Episode</h2>"
  "<p>We listen to <em>pulsars</em> with <strong>Jocelyn Bell Burnell</strong>, who found the "
  "first one. Her <a href=\"https://example.org/bell\">interview notes</a> are online.</p>"
  "<ul><li>The first pulsar, in 1967</li><li>Why they <em>tick</em></li>"
  "<li>Listener questions at 12:34</li></ul>"
  "<h3>Further Listening</h3>"
  "<p>See <a href=\"https://en.wikipedia.org/wiki/Pulsar\">Pulsar on Wikipedia</a> and "
  "https://example.org/observatory for the recordings.</p>";

static const char rich_chapters[] =
  "{\"version\":\"1.2.0\",\"chapters\":["
  "{\"startTime\":0,\"title\":\"Cold Open\"},"
  "{\"startTime\":30,\"title\":\"The First Pulsar\"},"
  "{\"startTime\":754,\"title\":\"Listener Questions\"}]}";

static const char rich_vtt[] =
  "WEBVTT\n\n"
  "00:00.000 --> 00:30.000\n<v Ada Lovelace>Welcome to Deep Space Sounds.\n\n"
  "00:30.000 --> 01:00.000\n<v Jocelyn Bell Burnell>It was a bit of scruff on the chart.\n\n"
  "01:00.000 --> 12:34.000\n<v Ada Lovelace>And then it ticked, every 1.337 seconds.\n\n"
  "12:34.000 --> 13:20.000\n<v Ada Lovelace>Now, your questions.\n";

static const char rich_srt[] =
  "1\n00:00:00,000 --> 00:00:30,000\nWelcome to Deep Space Sounds.\n";

static gint64
merge (LwLibrary  *library,
       const char *path,
       LwFeed     *feed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = feed_url (path);
  LwHttpCache cache = { NULL, NULL };
  gint64 id = lw_library_merge_feed (library, url, feed, &cache, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  lw_feed_free (feed);

  return id;
}

static void
merge_fixture_library (LwLibrary *library)
{
  LwFeed *feed;
  LwFunding *funding;
  LwRemoteItem *remote;

  feed = new_feed ("Longwave Radio Hour", "Ada Lovelace",
                   "A weekly hour about radio: long wave, short wave, and the people who keep "
                   "the transmitters running. Made for testing Longwave.",
                   write_artwork ("radio.png", 0.21, 0.52, 0.89));
  feed->link = g_strdup ("https://example.org/radio");
  g_ptr_array_add (feed->categories, g_strdup ("Technology"));
  g_ptr_array_add (feed->categories, g_strdup ("Science/Physics"));
  funding = lw_funding_new ();
  funding->url = g_strdup ("https://example.org/donate");
  funding->title = g_strdup ("Support Us on Example Pay");
  g_ptr_array_add (feed->funding, funding);
  remote = lw_remote_item_new ();
  remote->feed_url = g_strdup ("https://example.org/feeds/friends.xml");
  remote->title = g_strdup ("Friends of the Ionosphere");
  g_ptr_array_add (feed->podroll, remote);
  remote = lw_remote_item_new ();
  remote->feed_url = feed_url ("/arabic.xml");
  remote->title = g_strdup ("صوت المدينة");
  g_ptr_array_add (feed->podroll, remote);
  add_item (feed, "r-3", "The Shipping Forecast at 198 kHz", now_unix - 3600, 3723,
            "<p>Why the <strong>shipping forecast</strong> still goes out on long wave.</p>", NULL);
  add_item (feed, "r-2", "Antennas, and Why They Are the Length They Are", now_unix - 8 * DAY, 45 * 60,
            "<p>Quarter waves and ground planes.</p>", NULL);
  add_item (feed, "r-1", "Crystal Sets", now_unix - 40 * DAY, 50 * 60, "<p>No battery needed.</p>", NULL);
  radio_id = merge (library, "/radio.xml", feed);

  feed = new_feed ("Ciência em Português: Um Podcast Com Um Título Bastante Comprido Para Testar Quebras",
                   "Associação de Rádio Amadora de Lisboa e Vale do Tejo", "Um podcast de teste.",
                   write_artwork ("pt.png", 0.90, 0.38, 0.0));
  add_item (feed, "pt-1", "Ondas médias e ondas longas: a história da radiodifusão em Portugal",
            now_unix - 2 * DAY, 30 * 60, "<p>Olá! Falamos de ondas longas.</p>", NULL);
  portuguese_id = merge (library, "/pt.xml", feed);

  feed = new_feed ("صوت المدينة", "إذاعة المدينة", "بودكاست تجريبي عن المدينة",
                   write_artwork ("arabic.png", 0.15, 0.64, 0.41));
  add_item (feed, "ar-1", "الحلقة الأولى: الراديو في المدينة", now_unix - 5 * DAY, 30 * 60, "<p>مرحبا</p>", NULL);
  arabic_id = merge (library, "/arabic.xml", feed);

  feed = new_feed ("Deep Space Sounds", "Observatory Crew", "Recordings from radio telescopes.",
                   write_artwork ("space.png", 0.45, 0.25, 0.75));
  add_item (feed, "ds-1", "Listening to Pulsars", now_unix - 200 * DAY, 25 * 60, "<p>Tick, tick.</p>", NULL);
  {
    g_autofree char *tone = write_tone (RICH_SECONDS);
    LwFeedItem *item = add_item (feed, "ds-rich", "Scruff on the Chart: Jocelyn Bell Burnell and the First Pulsar",
                                 now_unix - 100 * DAY, RICH_SECONDS, rich_notes, tone);
    LwEnclosure *enclosure = item->enclosures->pdata[0];

    g_free (enclosure->type);
    enclosure->type = g_strdup ("audio/x-wav");
    g_hash_table_insert (responses, g_strdup ("/rich/chapters.json"), g_strdup (rich_chapters));
    g_hash_table_insert (responses, g_strdup ("/rich/transcript.srt"), g_strdup (rich_srt));
    g_hash_table_insert (responses, g_strdup ("/rich/transcript.vtt"), g_strdup (rich_vtt));
    item->chapters_url = feed_url ("/rich/chapters.json");
    item->chapters_type = g_strdup ("application/json+chapters");
    add_transcript (item, feed_url ("/rich/transcript.srt"), "application/x-subrip");
    add_transcript (item, feed_url ("/rich/transcript.vtt"), "text/vtt");
    add_person (item, "Ada Lovelace", "host", "https://example.org/ada");
    add_person (item, "Jocelyn Bell Burnell", "guest", NULL);
  }
  space_id = merge (library, "/space.xml", feed);
  {
    g_autoptr(GListModel) episodes = lw_library_get_episodes (library, space_id);

    for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
      {
        g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

        if (g_str_equal (lw_episode_get_guid (episode), "ds-rich"))
          rich_id = lw_episode_get_id (episode);
      }
    g_assert_cmpint (rich_id, >, 0);
  }

  feed = new_feed ("Morning Bulletin", "City Newsroom", "The news at breakfast.",
                   write_artwork ("news.png", 0.85, 0.15, 0.25));
  add_item (feed, "mb-1", "Tuesday: Weather, Traffic and a Story About Lighthouses",
            now_unix - 7200, 12 * 60,
            "<p>Lighthouses and radio <a href=\"https://example.org/beacons\">beacons</a>.</p>", NULL);
  merge (library, "/news.xml", feed);

  /* The loopback show: served for real; starts with 2 of its episodes. */
  {
    g_autofree char *xml = loop_feed (2);

    g_hash_table_insert (responses, g_strdup ("/loop.xml"), g_strdup (xml));
    feed = new_feed ("Loopback Radio", "The Test Suite", "Served on 127.0.0.1",
                     write_artwork ("loop.png", 0.95, 0.75, 0.1));
    add_item (feed, "loop-2", "Loop 2", now_unix - 8 * DAY, 60, NULL, NULL);
    add_item (feed, "loop-1", "Loop 1", now_unix - 9 * DAY, 60, NULL, NULL);
    loop_id = merge (library, "/loop.xml", feed);
  }

  /* One episode half heard, for Continue Listening. */
  {
    g_autoptr(GListModel) episodes = lw_library_get_episodes (library, radio_id);
    g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, 1);
    g_autoptr(GError) error = NULL;

    lw_library_set_episode_position (library, lw_episode_get_id (episode), 20 * 60 * 1000, &error);
    g_assert_no_error (error);
  }
}

static LwShowGrid *
get_grid (void)
{
  return template_child (get_window (), LW_TYPE_WINDOW, "show_grid");
}

static LwShowPage *
get_show_page (void)
{
  return LW_SHOW_PAGE (lw_window_get_show_page (get_window ()));
}

static void
activate (const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (get_window ()), action, parameter));
}

static void
set_size (int width,
          int height)
{
  gtk_window_set_default_size (GTK_WINDOW (get_window ()), width, height);
  wait_ms (400);
}

/* Wide, then narrow: what each screen looks like at both ends. */
static void
save_wide_and_narrow (const char *name)
{
  LwWindow *window = get_window ();
  g_autofree char *narrow = g_strdup_printf ("browse-%s-narrow", name);
  g_autofree char *wide = g_strdup_printf ("browse-%s-wide", name);

  wait_for (all_artwork_loaded, window, "the artwork to load");
  save_light_and_dark (window, wide);
  set_size (360, 640);
  wait_for (all_artwork_loaded, window, "the artwork to load");
  save_light_and_dark (window, narrow);
  set_size (1280, 800);
}

static guint
count_shows (void)
{
  return g_list_model_get_n_items (lw_show_grid_get_model (get_grid ()));
}

static const char *
show_title_at (guint position)
{
  g_autoptr(LwShow) show = g_list_model_get_item (lw_show_grid_get_model (get_grid ()), position);

  g_assert_nonnull (show);
  return lw_show_get_title (show);
}

/* Tests **************************************************************************/

/* What the first frame needs and nothing more: the grid's tiles, but no episode
 * detail, no player bar, no player (GStreamer) and no shortcuts window until asked
 * for. Runs first, before any other test builds them. */
static const struct {
  const char *button;
  const char *menu;
} menu_buttons[] = {
  { "primary_menu_button", "primary_menu" },
  { "sort_button", "sort_menu" },
  { "empty_menu_button", "primary_menu" },
};

/* What the window had when its first frame was painted. */
static struct
{
  gboolean seen;
  guint    shows;
  gboolean had_show_page;
  gboolean had_detail;
  guint    artwork_loaded;
} first_paint;

static void
on_first_paint (GdkFrameClock *clock,
                gpointer       data)
{
  LwWindow *window = get_window ();

  if (first_paint.seen)
    return;

  first_paint.seen = TRUE;
  first_paint.shows = count_shows ();
  first_paint.had_show_page =
    gtk_stack_get_child_by_name (template_child (window, LW_TYPE_WINDOW, "shows_stack"), "show") != NULL;
  first_paint.had_detail =
    gtk_stack_get_child_by_name (template_child (window, LW_TYPE_WINDOW, "detail_stack"), "episode") != NULL;
  {
    g_autoptr(GPtrArray) artworks = find_all (window, LW_TYPE_ARTWORK);

    for (guint i = 0; i < artworks->len; i++)
      if (lw_artwork_is_loaded (artworks->pdata[i]))
        first_paint.artwork_loaded++;
  }
}

static gboolean
has_detail (gpointer data)
{
  return gtk_stack_get_child_by_name (data, "episode") != NULL;
}

static void
test_lean_start (void)
{
  LwWindow *window = get_window ();
  GtkStack *detail_stack = template_child (window, LW_TYPE_WINDOW, "detail_stack");
  GtkWidget *content_box = template_child (window, LW_TYPE_WINDOW, "content_box");
  g_auto(GStrv) accels = NULL;
  g_autoptr(GPtrArray) bars = NULL;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpuint (count_shows (), ==, 6);
  /* The first frame had the shows, and no show page or episode detail… */
  g_assert_true (first_paint.seen);
  g_assert_cmpuint (first_paint.shows, ==, 6);
  g_assert_false (first_paint.had_show_page);
  g_assert_false (first_paint.had_detail);
  /* Placeholders in the first frame: decoding waits for it (then both cores are free). */
  g_assert_cmpuint (first_paint.artwork_loaded, ==, 0);
  wait_for (all_artwork_loaded, window, "the artwork after the first frame");
  /* …which are built after it, while nobody clicks yet. */
  wait_for (has_detail, detail_stack, "the episode detail to be built after the first frame");
  g_assert_nonnull (gtk_stack_get_child_by_name (template_child (window, LW_TYPE_WINDOW, "shows_stack"), "show"));
  /* Light or dark as the system says: nothing forces a scheme. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_DEFAULT);
  bars = find_all (content_box, LW_TYPE_PLAYER_BAR);
  g_assert_cmpuint (bars->len, ==, 0);
  g_assert_null (lw_application_peek_player (test_app));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  /* Ctrl+? still opens it (test_shortcuts); the key is the window's promise. */
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (test_app), "win.show-help-overlay");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>question", NULL }));

  /* Built on first use, once, in its place. */
  g_assert_true (lw_window_get_episode_detail (window) == lw_window_get_episode_detail (window));
  g_assert_true (gtk_stack_get_child_by_name (detail_stack, "episode") == lw_window_get_episode_detail (window));
  g_assert_true (gtk_widget_get_parent (lw_window_get_player_bar (window)) == content_box);
  g_assert_false (lw_player_bar_get_revealed (LW_PLAYER_BAR (lw_window_get_player_bar (window))));

  /* The icon, read from the theme at several sizes, comes after the first frame. */
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APP_ID);
  g_assert_cmpstr (gtk_window_get_icon_name (GTK_WINDOW (window)), ==, APP_ID);

  /* With shows, the empty state is never styled or measured, nor the grid's "no
   * results" until a filter finds nothing (test_shows). */
  g_assert_false (gtk_widget_get_visible (template_child (window, LW_TYPE_WINDOW, "empty_box")));
  g_assert_false (gtk_widget_get_visible (template_child (get_grid (), LW_TYPE_SHOW_GRID, "no_results_page")));

  /* The menus' popovers are built when first opened (by click or F10), with their menus. */
  for (guint i = 0; i < G_N_ELEMENTS (menu_buttons); i++)
    {
      GtkMenuButton *button = template_child (window, LW_TYPE_WINDOW, menu_buttons[i].button);
      GMenuModel *menu = template_child (window, LW_TYPE_WINDOW, menu_buttons[i].menu);
      GtkPopover *popover;

      g_assert_null (gtk_menu_button_get_popover (button));
      g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
      if (gtk_widget_get_mapped (GTK_WIDGET (button)))
        {
          if (gtk_menu_button_get_primary (button))
            g_assert_true (press_key (GTK_WIDGET (window), "F10"));
          else
            gtk_menu_button_popup (button);
          popover = gtk_menu_button_get_popover (button);
          g_assert_true (GTK_IS_POPOVER_MENU (popover));
          g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)) == menu);
          wait_ms (100);
          g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
          gtk_popover_popdown (popover);
          /* Once: the second time opens the same popover. */
          gtk_menu_button_popup (button);
          g_assert_true (gtk_menu_button_get_popover (button) == popover);
          gtk_popover_popdown (popover);
        }
    }
}

/* From the top of @tile's title to the top of its count. */
static double
count_offset (LwShowTile *tile,
              double     *title_height)
{
  g_autoptr(GPtrArray) texts = find_all (tile, GTK_TYPE_INSCRIPTION);
  graphene_rect_t title, count;

  g_assert_cmpuint (texts->len, ==, 2);
  g_assert_true (gtk_widget_compute_bounds (texts->pdata[0], GTK_WIDGET (tile), &title));
  g_assert_true (gtk_widget_compute_bounds (texts->pdata[1], GTK_WIDGET (tile), &count));
  *title_height = title.size.height;

  return count.origin.y - title.origin.y;
}

static LwShowTile *
tile_of_show (GPtrArray *tiles,
              gint64     show_id)
{
  for (guint i = 0; i < tiles->len; i++)
    if (lw_show_get_id (lw_show_tile_get_show (tiles->pdata[i])) == show_id)
      return tiles->pdata[i];

  g_assert_not_reached ();
}

static void
test_shows (void)
{
  LwWindow *window = get_window ();
  LwShowGrid *grid = get_grid ();
  g_autoptr(GPtrArray) tiles = NULL;

  g_assert_cmpstr (lw_window_get_place (window), ==, "shows");
  g_assert_cmpuint (count_shows (), ==, 6);

  /* By title, as the library sorts (case-insensitive). */
  g_assert_cmpstr (show_title_at (0), ==, "Ciência em Português: Um Podcast Com Um Título Bastante Comprido Para Testar Quebras");
  g_assert_cmpstr (show_title_at (5), ==, "صوت المدينة");

  /* The tiles say title and unplayed count, to the eye and to a screen reader. */
  wait_ms (300);
  tiles = find_all (grid, LW_TYPE_SHOW_TILE);
  g_assert_cmpuint (tiles->len, ==, 6);
  g_assert_true (has_label_with_text (grid, "Longwave Radio Hour"));
  g_assert_true (has_label_with_text (grid, "3 new"));
  for (guint i = 0; i < tiles->len; i++)
    g_assert_true (gtk_test_accessible_has_property (tiles->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_test_accessible_assert_property (tile_of_show (tiles, radio_id), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Longwave Radio Hour, 3 unplayed episodes");

  /* Every tile has room for a two-line title, so a row lines up; the count comes
   * right under the title's last line, with no blank line above it. */
  {
    double one_line, two_lines;
    double one_offset = count_offset (tile_of_show (tiles, radio_id), &one_line);
    double two_offset = count_offset (tile_of_show (tiles, portuguese_id), &two_lines);

    g_test_message ("Count %.0f px under a one-line title, %.0f under two (%.0f px for two lines)",
                    one_offset, two_offset, two_lines);
    g_assert_cmpfloat (one_line, ==, two_lines);
    g_assert_cmpfloat (one_offset, ==, one_line / 2 + 6);
    g_assert_cmpfloat (two_offset, ==, two_lines + 6);
  }
  save_wide_and_narrow ("shows");

  /* Sort by newest episode: Longwave Radio Hour (an hour ago), Morning Bulletin (two). */
  activate ("win.sort-shows", g_variant_new_string ("recent"));
  g_assert_cmpstr (g_settings_get_string (lw_application_get_settings (test_app), "shows-sort"), ==, "recent");
  g_assert_cmpstr (show_title_at (0), ==, "Longwave Radio Hour");
  g_assert_cmpstr (show_title_at (1), ==, "Morning Bulletin");
  g_assert_cmpstr (show_title_at (5), ==, "Deep Space Sounds");
  activate ("win.sort-shows", g_variant_new_string ("title"));
  g_assert_cmpstr (show_title_at (5), ==, "صوت المدينة");

  /* Filter as one types: title or author, accents and case folded. */
  lw_show_grid_set_filter_text (grid, "radio");
  g_assert_cmpuint (count_shows (), ==, 2);
  lw_show_grid_set_filter_text (grid, "radio h");
  g_assert_cmpuint (count_shows (), ==, 1);
  g_assert_cmpstr (show_title_at (0), ==, "Longwave Radio Hour");
  lw_show_grid_set_filter_text (grid, "CIÊNCIA");
  g_assert_cmpuint (count_shows (), ==, 1);
  lw_show_grid_set_filter_text (grid, "إذاعة");
  g_assert_cmpuint (count_shows (), ==, 1);
  g_assert_cmpstr (show_title_at (0), ==, "صوت المدينة");
  lw_show_grid_set_filter_text (grid, "zzz");
  g_assert_cmpuint (count_shows (), ==, 0);
  wait_ms (300);
  wait_for_label (grid, "No Shows Found");
  save_light_and_dark (window, "browse-shows-filter-none");
  lw_show_grid_set_filter_text (grid, "radio");
  g_object_set (grid, "search-mode", TRUE, NULL);
  wait_ms (300);
  save_light_and_dark (window, "browse-shows-filter");
  g_object_set (grid, "search-mode", FALSE, NULL);
  g_assert_cmpstr (lw_show_grid_get_filter_text (grid), ==, "");
  g_assert_cmpuint (count_shows (), ==, 6);
}

/* A thousand shows stay instant: the grid only builds the tiles near the view, and
 * filtering or sorting a thousand is a few milliseconds. The shows are real, in a
 * second library file. */
static void
test_many_shows (void)
{
  g_autofree char *path = g_build_filename (test_tmp_dir, "many.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) many = lw_library_new (path, &error);
  GListModel *shows = lw_library_get_shows (lw_application_get_library (test_app));
  LwShowGrid *grid = get_grid ();
  const char *artwork[] = { "radio.png", "pt.png", "arabic.png", "space.png", "news.png", "loop.png" };
  g_autoptr(GPtrArray) tiles = NULL;
  gint64 start;
  double ms;

  g_assert_no_error (error);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s Show %04u", i % 3 ? "Radio" : "Tele", i);
      g_autofree char *image_path = g_build_filename (test_tmp_dir, artwork[i % G_N_ELEMENTS (artwork)], NULL);
      g_autofree char *url = g_strdup_printf ("https://example.org/many/%u.xml", i);
      LwFeed *feed = new_feed (title, "Many Makers", "One of a thousand.", g_filename_to_uri (image_path, NULL, NULL));
      LwHttpCache cache = { NULL, NULL };

      add_item (feed, "only", "The Only Episode", now_unix - i * 3600, 60, NULL, NULL);
      g_assert_cmpint (lw_library_merge_feed (many, url, feed, &cache, &error), >, 0);
      g_assert_no_error (error);
      lw_feed_free (feed);
    }

  start = g_get_monotonic_time ();
  lw_show_grid_set_shows (grid, lw_library_get_shows (many));
  wait_ms (50);
  ms = (g_get_monotonic_time () - start) / 1000.0 - 50;
  tiles = find_all (grid, LW_TYPE_SHOW_TILE);
  g_test_message ("1,000 shows: %u tiles built, %.1f ms", tiles->len, ms);
  /* GTK 4.8's grid keeps up to 30 rows of tiles around the view. */
  g_assert_cmpuint (tiles->len, <, 500);
  wait_for (all_artwork_loaded, get_window (), "the artwork to load");
  wait_ms (300);
  g_free (save_png (get_window (), "browse-many-shows-light.png"));

  start = g_get_monotonic_time ();
  lw_show_grid_set_filter_text (grid, "radio");
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("Filtering 1,000 shows: %.2f ms", ms);
  g_assert_cmpuint (count_shows (), ==, 666);
  g_assert_cmpfloat (ms, <, 100);

  start = g_get_monotonic_time ();
  lw_show_grid_set_filter_text (grid, "");
  lw_show_grid_set_sort (grid, "recent");
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("Sorting 1,000 shows by newest episode: %.2f ms", ms);
  g_assert_cmpfloat (ms, <, 100);
  g_assert_cmpstr (show_title_at (0), ==, "Tele Show 0000");
  g_assert_cmpstr (show_title_at (999), ==, "Tele Show 0999");
  lw_show_grid_set_sort (grid, "title");

  lw_show_grid_set_shows (grid, shows);
  g_assert_cmpuint (count_shows (), ==, 6);
}

/* By title, numbers go by value ("Show 2" before "Show 10"), case and accents left
 * out; by newest episode, shows of the same date go by title the same way. In a
 * library file of their own. */
static void
test_natural_sort (void)
{
  const char *titles[] = { "Show 10", "show 1", "Émission 3", "Show 2", "emission 20", "Zebra" };
  g_autofree char *path = g_build_filename (test_tmp_dir, "natural.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) other = lw_library_new (path, &error);
  GListModel *shows = lw_library_get_shows (lw_application_get_library (test_app));
  LwShowGrid *grid = get_grid ();

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/natural/%u.xml", i);
      LwFeed *feed = new_feed (titles[i], "Numbered Makers", "Counting.", NULL);
      LwHttpCache cache = { NULL, NULL };

      /* Zebra is the newest; all the others are a day old. */
      add_item (feed, "only", "The Only Episode", now_unix - (i == 5 ? 3600 : DAY), 60, NULL, NULL);
      g_assert_cmpint (lw_library_merge_feed (other, url, feed, &cache, &error), >, 0);
      g_assert_no_error (error);
      lw_feed_free (feed);
    }
  lw_show_grid_set_shows (grid, lw_library_get_shows (other));

  activate ("win.sort-shows", g_variant_new_string ("recent"));
  g_assert_cmpuint (count_shows (), ==, 6);
  g_assert_cmpstr (show_title_at (0), ==, "Zebra");
  g_assert_cmpstr (show_title_at (1), ==, "Émission 3");
  g_assert_cmpstr (show_title_at (2), ==, "emission 20");
  g_assert_cmpstr (show_title_at (3), ==, "show 1");
  g_assert_cmpstr (show_title_at (4), ==, "Show 2");
  g_assert_cmpstr (show_title_at (5), ==, "Show 10");

  activate ("win.sort-shows", g_variant_new_string ("title"));
  g_assert_cmpstr (lw_show_grid_get_sort (grid), ==, "title");
  g_assert_cmpstr (show_title_at (0), ==, "Émission 3");
  g_assert_cmpstr (show_title_at (1), ==, "emission 20");
  g_assert_cmpstr (show_title_at (2), ==, "show 1");
  g_assert_cmpstr (show_title_at (3), ==, "Show 2");
  g_assert_cmpstr (show_title_at (4), ==, "Show 10");
  g_assert_cmpstr (show_title_at (5), ==, "Zebra");

  /* And the tiles in that order, as the grid shows them. */
  wait_ms (300);
  {
    g_autoptr(GPtrArray) tiles = find_all (grid, LW_TYPE_SHOW_TILE);
    int y_2 = -1, y_10 = -1, x_2 = -1, x_10 = -1;

    for (guint i = 0; i < tiles->len; i++)
      {
        LwShow *show = lw_show_tile_get_show (tiles->pdata[i]);
        graphene_point_t point;

        if (show == NULL ||
            !gtk_widget_compute_point (tiles->pdata[i], GTK_WIDGET (grid), &GRAPHENE_POINT_INIT (0, 0), &point))
          continue;
        if (g_strcmp0 (lw_show_get_title (show), "Show 2") == 0)
          x_2 = point.x, y_2 = point.y;
        else if (g_strcmp0 (lw_show_get_title (show), "Show 10") == 0)
          x_10 = point.x, y_10 = point.y;
      }
    g_assert_cmpint (y_2, >=, 0);
    g_assert_cmpint (y_10, >=, 0);
    g_assert_true (y_2 < y_10 || (y_2 == y_10 && x_2 < x_10));
  }

  lw_show_grid_set_shows (grid, shows);
  g_assert_cmpuint (count_shows (), ==, 6);
}

/* How far the ink of @widget is from its own start and from its own end. */
static void
ink_margins (gpointer  widget,
             double   *start,
             double   *end)
{
  double x1, x2;

  g_assert_true (ink_extent (widget, widget, &x1, &x2));
  *start = x1;
  *end = gtk_widget_get_width (widget) - x2;
}

/* Where a row's text starts is where its title's text starts, whichever way the
 * title runs: the date line under an Arabic title starts on the right too. */
static void
assert_row_lines_agree (LwShowPage *page,
                        gboolean    rtl)
{
  g_autoptr(GPtrArray) rows = find_all (page, LW_TYPE_EPISODE_ROW);
  g_autoptr(GPtrArray) parts = NULL;
  GtkWidget *row = NULL;
  GtkWidget *title = NULL;
  GtkWidget *meta = NULL;
  double title_x1, title_x2, meta_x1, meta_x2;

  for (guint i = 0; i < rows->len && row == NULL; i++)
    if (gtk_widget_get_mapped (rows->pdata[i]))
      row = rows->pdata[i];
  g_assert_nonnull (row);
  parts = find_all (row, GTK_TYPE_INSCRIPTION);
  for (guint i = 0; i < parts->len; i++)
    if (g_str_equal (gtk_widget_get_name (parts->pdata[i]), "title"))
      title = parts->pdata[i];
    else if (g_str_equal (gtk_widget_get_name (parts->pdata[i]), "meta"))
      meta = parts->pdata[i];
  g_assert_nonnull (title);
  g_assert_nonnull (meta);

  /* The meta line with its "New" mark, as the eye sees it. */
  g_assert_true (ink_extent (title, row, &title_x1, &title_x2));
  g_assert_true (ink_extent (gtk_widget_get_parent (meta), row, &meta_x1, &meta_x2));
  g_test_message ("%s: title ink %.0f–%.0f, meta line ink %.0f–%.0f, row width %d",
                  text_of (title), title_x1, title_x2, meta_x1, meta_x2, gtk_widget_get_width (row));
  if (rtl)
    {
      g_assert_cmpfloat (fabs (title_x2 - meta_x2), <=, 3);
      g_assert_cmpfloat (title_x1, >, gtk_widget_get_width (row) / 3);
    }
  else
    {
      g_assert_cmpfloat (fabs (title_x1 - meta_x1), <=, 3);
      g_assert_cmpfloat (title_x2, <, gtk_widget_get_width (row) * 2 / 3);
    }
}

/* The show's title and byline start on the right (@rtl) or on the left, and so do
 * the lines of its episode rows. */
static void
assert_text_side (LwShowPage *page,
                  gboolean    rtl)
{
  GtkWidget *title = template_child (page, LW_TYPE_SHOW_PAGE, "title_label");
  GtkWidget *author = template_child (page, LW_TYPE_SHOW_PAGE, "author_label");
  double start, end, author_start, author_end;

  wait_ms (300);
  ink_margins (title, &start, &end);
  ink_margins (author, &author_start, &author_end);
  g_test_message ("%s: %.0f px from the left, %.0f from the right", text_of (title), start, end);
  if (rtl)
    {
      g_assert_cmpfloat (end, <=, 3);
      g_assert_cmpfloat (start, >, 100);
      g_assert_cmpfloat (author_end, <=, 3);
    }
  else
    {
      g_assert_cmpfloat (start, <=, 3);
      g_assert_cmpfloat (end, >, 100);
      g_assert_cmpfloat (author_start, <=, 3);
    }
  assert_row_lines_agree (page, rtl);
}

static gboolean
detail_shows_an_episode (gpointer data)
{
  return lw_episode_detail_get_episode (data) != NULL;
}

static void
test_show_page (void)
{
  LwWindow *window = get_window ();
  LwShowPage *page = get_show_page ();
  GtkWidget *podroll = template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "podroll_group");
  g_autoptr(GPtrArray) buttons = NULL;
  gboolean subscribe_found = FALSE;

  g_assert_true (lw_window_select_show (window, radio_id));
  g_assert_cmpstr (lw_window_get_place (window), ==, "show");
  g_assert_cmpstr (child_label (page, LW_TYPE_SHOW_PAGE, "title_label"), ==, "Longwave Radio Hour");
  g_assert_cmpstr (child_label (page, LW_TYPE_SHOW_PAGE, "author_label"), ==, "by Ada Lovelace");
  g_assert_cmpstr (child_label (page, LW_TYPE_SHOW_PAGE, "counts_label"), ==, "3 episodes · 3 new");
  g_assert_cmpuint (g_list_model_get_n_items (lw_show_page_get_episodes (page)), ==, 3);

  /* Unfolded, the newest episode is previewed beside the list, a frame after the
   * list shows (on a loaded machine, later than any fixed wait). */
  wait_for (detail_shows_an_episode, lw_window_get_episode_detail (window), "the newest episode previewed");
  g_assert_cmpstr (lw_episode_get_title (lw_episode_detail_get_episode ((gpointer) lw_window_get_episode_detail (LW_WINDOW (window)))),
                   ==, "The Shipping Forecast at 198 kHz");
  save_wide_and_narrow ("show");

  /* The stored feed is read for About's links and podroll when About shows, not
   * with every show opened. */
  g_assert_false (has_label_with_text (page, "Friends of the Ionosphere"));
  g_assert_false (has_label_with_text (page, "Support Us on Example Pay"));

  /* About: description, categories, links, the podroll with one click to subscribe. */
  lw_show_page_set_view (page, "about");
  wait_ms (300);
  g_assert_true (has_label_with_text (page, "transmitters running"));
  g_assert_true (has_label_with_text (page, "Technology"));
  g_assert_true (has_label_with_text (page, "Science › Physics"));
  g_assert_true (has_label_with_text (page, "Support Us on Example Pay"));
  g_assert_true (has_label_with_text (page, "https://example.org/radio"));
  g_assert_true (has_label_with_text (page, "Friends of the Ionosphere"));
  g_assert_true (has_label_with_text (page, "Subscribed"));
  buttons = find_all (podroll, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "app.subscribe") == 0)
      {
        GVariant *target = gtk_actionable_get_action_target_value (buttons->pdata[i]);

        g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "https://example.org/feeds/friends.xml");
        gtk_test_accessible_assert_property (buttons->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "Subscribe to “Friends of the Ionosphere”");
        subscribe_found = TRUE;
      }
  g_assert_true (subscribe_found);
  assert_buttons_named (page, 5);

  /* The show's own speed, stored in the library. */
  {
    AdwComboRow *speed = template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "speed_row");
    g_autoptr(LwShow) show = lw_library_lookup_show (lw_application_get_library (test_app), radio_id);

    g_assert_cmpuint (adw_combo_row_get_selected (speed), ==, 0);
    adw_combo_row_set_selected (speed, 4);
    g_assert_cmpfloat_with_epsilon (lw_show_get_playback_rate (show), 1.5, 0.001);
    g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (speed)), ==, "1.5×");
  }
  save_wide_and_narrow ("show-about");
  lw_show_page_set_view (page, "episodes");

  /* An RTL show lays out right to left: its title is an RTL paragraph, the
   * Latin one before it was not. Its words start on the right (the title and the
   * description, and the byline with the title), its episode rows' lines all start
   * where their title does; the Latin show's on the left. The window stays as the
   * desktop's language has it: the artwork on the left. */
  {
    GtkLabel *title = template_child (page, LW_TYPE_SHOW_PAGE, "title_label");
    GtkWidget *description = template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "description_label");
    double start, end;

    g_assert_cmpint (pango_layout_get_direction (gtk_label_get_layout (title), 0), ==, PANGO_DIRECTION_LTR);
    assert_text_side (page, FALSE);

    g_assert_true (lw_window_select_show (window, arabic_id));
    g_assert_cmpstr (gtk_label_get_label (title), ==, "صوت المدينة");
    g_assert_cmpint (pango_layout_get_direction (gtk_label_get_layout (title), 0), ==, PANGO_DIRECTION_RTL);
    g_assert_cmpstr (child_label (page, LW_TYPE_SHOW_PAGE, "author_label"), ==, "by إذاعة المدينة");
    assert_text_side (page, TRUE);
    {
      graphene_rect_t artwork, text;

      g_assert_true (gtk_widget_compute_bounds (template_child (page, LW_TYPE_SHOW_PAGE, "artwork"), GTK_WIDGET (page), &artwork));
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (title), GTK_WIDGET (page), &text));
      g_assert_cmpfloat (artwork.origin.x, <, text.origin.x);
    }
    save_wide_and_narrow ("show-rtl");

    lw_show_page_set_view (page, "about");
    wait_ms (300);
    ink_margins (description, &start, &end);
    g_test_message ("Arabic description: %.0f px from the left, %.0f from the right", start, end);
    g_assert_cmpfloat (end, <=, 3);
    g_assert_cmpfloat (start, >, 100);
    save_light_and_dark (window, "browse-show-rtl-about-wide");
    lw_show_page_set_view (page, "episodes");

    /* On an RTL desktop the same rule: the text starts where it starts, the Arabic
     * show's on the right, the Latin one's on the left. */
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
    assert_text_side (page, TRUE);
    g_assert_true (lw_window_select_show (window, radio_id));
    assert_text_side (page, FALSE);
    g_free (save_png (window, "browse-show-ltr-on-rtl-desktop.png"));
    gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
    wait_ms (300);
  }
}

static gboolean
not_refreshing (gpointer data)
{
  return !lw_show_page_get_refreshing (data);
}

static void
test_refresh (void)
{
  LwWindow *window = get_window ();
  LwShowPage *page = get_show_page ();
  g_autoptr(LwShow) show = lw_library_lookup_show (lw_application_get_library (test_app), loop_id);
  g_autofree char *feed = NULL;
  GtkWidget *retry;

  g_assert_true (lw_window_select_show (window, loop_id));
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 2);

  /* The server loses the feed: the error shows on the page, with Retry. */
  feed = g_strdup (g_hash_table_lookup (responses, "/loop.xml"));
  g_hash_table_remove (responses, "/loop.xml");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "show.refresh", NULL));
  g_assert_true (lw_show_page_get_refreshing (page));
  wait_for (not_refreshing, page, "the refresh to fail");
  g_assert_nonnull (lw_show_get_last_error (show));
  g_assert_nonnull (strstr (lw_show_get_last_error (show), "404"));
  g_assert_true (gtk_revealer_get_reveal_child (template_child (page, LW_TYPE_SHOW_PAGE, "error_revealer")));
  wait_for_label (page, "404");
  /* The banner is on screen: no toast says it again, with a second Retry. */
  wait_ms (500);
  g_assert_false (has_toast (window));
  {
    g_autoptr(GPtrArray) buttons = find_all (template_child (page, LW_TYPE_SHOW_PAGE, "error_revealer"),
                                             GTK_TYPE_BUTTON);

    g_assert_cmpuint (buttons->len, ==, 1);
    g_assert_true (gtk_widget_get_mapped (buttons->pdata[0]));
    g_assert_cmpstr (gtk_actionable_get_action_name (buttons->pdata[0]), ==, "show.refresh");
  }
  /* About says when it last worked, and that the last try did not. */
  {
    const char *refreshed = adw_action_row_get_subtitle (template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "refreshed_row"));

    g_test_message ("Last refreshed: %s", refreshed);
    g_assert_nonnull (strstr (refreshed, " (the last try failed: "));
    g_assert_nonnull (strstr (refreshed, "404"));
    g_assert_false (g_str_has_prefix (refreshed, "Never"));
  }
  save_wide_and_narrow ("show-error");

  /* It fails again while the page is out of sight: a toast names the show (what went
   * wrong is the banner's to say, once) and offers Retry. The feed is back, with a
   * third episode, before Retry: the error goes. */
  if (has_toast (window))
    dismiss_toasts (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.place", "s", "new");
  wait_ms (500);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "show.refresh", NULL));
  wait_for (not_refreshing, page, "the refresh to fail again");
  wait_for_toast_shown (window);
  {
    g_autofree char *text = dup_toast_text (window);

    g_assert_true (g_str_has_prefix (text, "Could not update “Loopback Radio”"));
    g_assert_null (strstr (text, "404"));
  }
  retry = find_toast_button ("_Retry");
  g_assert_nonnull (retry);
  g_hash_table_insert (responses, g_strdup ("/loop.xml"), loop_feed (3));
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (lw_show_page_get_refreshing (page));
  wait_for (not_refreshing, page, "the refresh to work");
  wait_ms (100);
  g_assert_null (lw_show_get_last_error (show));
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 3);
  g_assert_false (gtk_revealer_get_reveal_child (template_child (page, LW_TYPE_SHOW_PAGE, "error_revealer")));
  g_assert_cmpint (lw_show_get_last_refreshed (show), >=, now_unix);
  {
    g_autofree char *expected = lw_format_date (lw_show_get_last_refreshed (show), g_get_real_time () / G_USEC_PER_SEC);

    g_assert_cmpstr (adw_action_row_get_subtitle (template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "refreshed_row")), ==, expected);
  }
  if (has_toast (window))
    dismiss_toasts (window);
}

static gboolean
refreshed_after (gpointer data)
{
  LwShow *show = data;

  return lw_show_get_last_refreshed (show) > (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (show), "test-before"));
}

/* The page's Refresh, as a click on it, done once the show's refresh time moved. */
static void
refresh_page (LwShowPage *page,
              LwShow     *show)
{
  /* The library keeps refresh times in whole seconds: a refresh in the same second
   * as the last one tells nobody anything. */
  while (g_get_real_time () / G_USEC_PER_SEC <= lw_show_get_last_refreshed (show))
    wait_ms (50);
  g_object_set_data (G_OBJECT (show), "test-before", GSIZE_TO_POINTER (lw_show_get_last_refreshed (show)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "show.refresh", NULL));
  wait_for (refreshed_after, show, "the refresh");
  wait_for (not_refreshing, page, "the refresh to end");
}

/* The About view follows a refresh that changes what it shows, while it is open. */
static void
test_about_refresh (void)
{
  LwWindow *window = get_window ();
  LwShowPage *page = get_show_page ();
  g_autoptr(LwShow) show = lw_library_lookup_show (lw_application_get_library (test_app), loop_id);
  GtkWidget *categories = template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "categories_box");
  GtkWidget *podroll = template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "podroll_group");

  g_assert_true (lw_window_select_show (window, loop_id));
  lw_show_page_set_view (page, "about");
  g_assert_false (gtk_widget_get_visible (categories));
  g_assert_false (gtk_widget_get_visible (podroll));
  g_assert_false (has_label_with_text (page, "Tip Jar"));

  g_hash_table_insert (responses, g_strdup ("/loop.xml"),
                       loop_feed_with (3, "<itunes:category text=\"Leisure\"><itunes:category text=\"Hobbies\"/></itunes:category>"
                                          "<podcast:funding url=\"https://example.org/tip\">Tip Jar</podcast:funding>"
                                          "<podcast:podroll><podcast:remoteItem feedGuid=\"917393e3-1b1e-5cef-ace4-edaa54e1f810\""
                                          " feedUrl=\"https://example.org/feeds/neighbours.xml\" title=\"The Neighbours\"/>"
                                          "</podcast:podroll>"));
  refresh_page (page, show);

  g_assert_true (gtk_widget_get_visible (categories));
  g_assert_true (has_label_with_text (categories, "Leisure › Hobbies"));
  /* The feed names "Leisure" too; the chip for "Leisure › Hobbies" says it already. */
  g_assert_nonnull (gtk_widget_get_first_child (categories));
  g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_first_child (categories)));
  g_assert_true (has_label_with_text (page, "Tip Jar"));
  g_assert_true (has_label_with_text (page, "https://example.org/tip"));
  g_assert_true (gtk_widget_get_visible (podroll));
  g_assert_true (has_label_with_text (podroll, "The Neighbours"));
  wait_ms (300);
  save_light_and_dark (window, "browse-show-about-refreshed");

  /* And when the feed drops them again, so does the page. */
  g_hash_table_insert (responses, g_strdup ("/loop.xml"), loop_feed (3));
  refresh_page (page, show);
  g_assert_false (gtk_widget_get_visible (categories));
  g_assert_false (gtk_widget_get_visible (podroll));
  g_assert_false (has_label_with_text (page, "Tip Jar"));
  lw_show_page_set_view (page, "episodes");
}

static void
test_unsubscribe (void)
{
  LwWindow *window = get_window ();
  LwLibrary *library = lw_application_get_library (test_app);
  GtkWidget *undo;

  /* Unsubscribe hides the show at once; Undo brings it back, nothing lost. */
  g_assert_true (lw_window_select_show (window, arabic_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_show_page ()), "show.unsubscribe", NULL));
  g_assert_cmpstr (lw_window_get_place (window), ==, "shows");
  g_assert_cmpuint (count_shows (), ==, 5);
  wait_for_label (window, "Unsubscribed from “صوت المدينة”");
  wait_for_toast_shown (window);
  undo = find_toast_button ("_Undo");
  g_assert_nonnull (undo);
  g_free (save_png (window, "browse-unsubscribe-light.png"));
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpuint (count_shows (), ==, 6);
  {
    g_autoptr(LwShow) show = lw_library_lookup_show (library, arabic_id);

    g_assert_nonnull (show);
    g_assert_cmpuint (lw_show_get_episode_count (show), ==, 1);
  }
  wait_for (has_no_toast, window, "the toast to go");

  /* Without Undo, the library forgets it once the toast goes. */
  g_assert_true (lw_window_select_show (window, arabic_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_show_page ()), "show.unsubscribe", NULL));
  dismiss_toasts (window);
  for (guint i = 0; i < g_list_model_get_n_items (lw_library_get_shows (library)); i++)
    {
      g_autoptr(LwShow) show = g_list_model_get_item (lw_library_get_shows (library), i);

      g_assert_cmpint (lw_show_get_id (show), !=, arabic_id);
    }
  g_assert_cmpuint (count_shows (), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), ==, 5);
}

static GListModel *
place_list_model (const char *name)
{
  LwWindow *window = get_window ();
  GtkStack *stack = template_child (window, LW_TYPE_WINDOW, "content_stack");
  g_autoptr(GPtrArray) lists = find_all (gtk_stack_get_child_by_name (stack, name), GTK_TYPE_LIST_VIEW);

  g_assert_cmpuint (lists->len, ==, 1);
  return G_LIST_MODEL (gtk_list_view_get_model (lists->pdata[0]));
}

static gboolean
list_is_empty (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

static gboolean
list_is_not_empty (gpointer data)
{
  return !list_is_empty (data);
}

static void
test_new_and_continue (void)
{
  LwWindow *window = get_window ();
  LwEpisodeDetail *detail = (gpointer) lw_window_get_episode_detail (LW_WINDOW (window));
  GListModel *model;

  activate ("win.place", g_variant_new_string ("new"));
  g_assert_cmpstr (lw_window_get_place (window), ==, "new");
  model = place_list_model ("new");
  /* Two weeks: radio ×2, pt, news, loop ×3 (the Arabic show is gone). */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 7);
  wait_ms (300);
  g_assert_true (has_label_with_text (window, "Tuesday: Weather, Traffic"));
  g_assert_cmpstr (lw_episode_get_title (lw_episode_detail_get_episode (detail)), ==, "The Shipping Forecast at 198 kHz");
  save_wide_and_narrow ("new");

  activate ("win.place", g_variant_new_string ("continue"));
  g_assert_cmpstr (lw_window_get_place (window), ==, "continue");
  model = place_list_model ("continue");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  wait_ms (300);
  g_assert_true (has_label_with_text (window, "Antennas, and Why"));
  save_wide_and_narrow ("continue");

  /* Nothing in progress: the place says so in its own words. */
  {
    LwLibrary *library = lw_application_get_library (test_app);
    g_autoptr(LwEpisode) started = g_list_model_get_item (model, 0);
    gint64 position = lw_episode_get_position (started);
    GtkWidget *page = gtk_stack_get_child_by_name (template_child (window, LW_TYPE_WINDOW, "content_stack"), "continue");

    g_assert_true (lw_library_set_episode_position (library, lw_episode_get_id (started), 0, NULL));
    wait_for (list_is_empty, model, "nothing in progress");
    wait_ms (300);
    g_assert_true (has_label_with_text (page, "Nothing to Continue"));
    g_assert_true (has_label_with_text (page, "Episodes you have started show here"));
    save_light_and_dark (window, "browse-continue-empty");
    g_assert_true (lw_library_set_episode_position (library, lw_episode_get_id (started), position, NULL));
    wait_for (list_is_not_empty, model, "the episode in progress again");
  }

  /* Folded, activating a row goes to the detail; back returns to the list. */
  set_size (360, 640);
  gtk_widget_activate_action (GTK_WIDGET (find_all (gtk_stack_get_child_by_name (template_child (window, LW_TYPE_WINDOW, "content_stack"), "continue"), GTK_TYPE_LIST_VIEW)->pdata[0]),
                              "list.activate-item", "u", 0);
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "detail");
  g_assert_cmpstr (lw_episode_get_title (lw_episode_detail_get_episode (detail)), ==, "Antennas, and Why They Are the Length They Are");
  activate ("library.back", NULL);
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "content");
  activate ("library.back", NULL);
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "sidebar");
  wait_ms (400);
  save_light_and_dark (window, "browse-sidebar-narrow");
  set_size (1280, 800);
}

static void
test_search (void)
{
  LwWindow *window = get_window ();
  LwSearchPage *search = LW_SEARCH_PAGE (lw_window_get_search_page (window));
  GListModel *results = lw_search_page_get_results (search);
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) second = NULL;
  g_autoptr(GObject) third = NULL;

  activate ("win.search", NULL);
  g_assert_cmpstr (lw_window_get_place (window), ==, "search");
  wait_ms (300);
  wait_for_label (window, "Search Episodes");
  save_light_and_dark (window, "browse-search-start-wide");

  /* "radio": the show whose title matches, then episodes grouped under their shows. */
  lw_search_page_set_text (search, "long");
  g_assert_cmpuint (g_list_model_get_n_items (results), >=, 3);
  first = g_list_model_get_item (results, 0);
  second = g_list_model_get_item (results, 1);
  g_assert_true (GTK_IS_STRING_OBJECT (first));
  g_assert_true (LW_IS_EPISODE (second) || LW_IS_SHOW (second));
  {
    guint headings = 0;
    gint64 last_show = 0;

    /* Every episode sits right under its own show's heading. */
    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (results, i);

        if (GTK_IS_STRING_OBJECT (item))
          {
            headings++;
            last_show = 0;
          }
        else if (LW_IS_EPISODE (item))
          {
            if (last_show != 0)
              g_assert_cmpint (lw_episode_get_show_id (LW_EPISODE (item)), ==, last_show);
            last_show = lw_episode_get_show_id (LW_EPISODE (item));
          }
      }
    g_assert_cmpuint (headings, >=, 2);
  }
  wait_ms (300);
  g_assert_true (has_label_with_text (window, "Longwave Radio Hour"));
  g_assert_true (has_label_with_text (window, "Ondas médias e ondas longas"));
  save_wide_and_narrow ("search");

  /* Enter opens the best result. */
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      if (LW_IS_EPISODE (item))
        {
          lw_search_page_activate (search, i);
          break;
        }
    }
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "detail");

  /* Words only the show notes hold are found; their markup is not. */
  lw_search_page_set_text (search, "beacons");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  {
    g_autoptr(GObject) heading = g_list_model_get_item (results, 0);
    g_autoptr(GObject) episode = g_list_model_get_item (results, 1);

    g_assert_true (GTK_IS_STRING_OBJECT (heading));
    g_assert_true (LW_IS_EPISODE (episode));
    g_assert_cmpstr (lw_episode_get_guid (LW_EPISODE (episode)), ==, "mb-1");
  }
  wait_ms (200);
  g_assert_true (has_label_with_text (window, "Tuesday: Weather, Traffic and a Story About Lighthouses"));

  lw_search_page_set_text (search, "href");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  lw_search_page_set_text (search, "xyzzy");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  wait_ms (200);
  wait_for_label (window, "No Results Found");

  /* A show in the results opens its page. */
  lw_search_page_set_text (search, "bulletin");
  third = g_list_model_get_item (results, 1);
  g_assert_true (LW_IS_SHOW (third));
  lw_search_page_activate (search, 1);
  g_assert_cmpstr (lw_window_get_place (window), ==, "show");
}

/* At 360 px, @place's page has a Back button one can see, and it leads to the
 * sidebar. */
static void
assert_back_to_sidebar (const char *place)
{
  LwWindow *window = get_window ();
  GtkStack *stack = template_child (window, LW_TYPE_WINDOW, "content_stack");
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWidget *back = NULL;

  set_size (360, 640);
  activate ("win.place", g_variant_new_string (place));
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "content");
  wait_ms (300);

  buttons = find_all (gtk_stack_get_child_by_name (stack, place), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "library.back") == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      back = buttons->pdata[i];
  g_assert_nonnull (back);
  gtk_test_accessible_assert_property (back, GTK_ACCESSIBLE_PROPERTY_LABEL, "Back");

  g_signal_emit_by_name (back, "clicked");
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "sidebar");
  set_size (1280, 800);
}

static void
test_other_places (void)
{
  LwWindow *window = get_window ();
  GtkStack *stack = template_child (window, LW_TYPE_WINDOW, "content_stack");

  activate ("win.place", g_variant_new_string ("downloads"));
  g_assert_cmpstr (lw_window_get_place (window), ==, "downloads");
  g_assert_nonnull (gtk_stack_get_child_by_name (stack, "downloads"));
  g_assert_false (gtk_widget_get_visible (template_child (window, LW_TYPE_WINDOW, "detail_pane")));
  save_wide_and_narrow ("downloads");

  activate ("win.place", g_variant_new_string ("discover"));
  g_assert_cmpstr (lw_window_get_place (window), ==, "discover");
  save_wide_and_narrow ("discover");

  assert_back_to_sidebar ("downloads");
  assert_back_to_sidebar ("discover");

  /* Alt+1 is Shows. */
  activate ("win.place", g_variant_new_string ("shows"));
  g_assert_cmpstr (lw_window_get_place (window), ==, "shows");
}

static void
test_now_playing (void)
{
  LwWindow *window = get_window ();
  LwPlayerBar *bar = (gpointer) lw_window_get_player_bar (LW_WINDOW (window));

  activate ("win.now-playing", NULL);
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "now-playing");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  wait_ms (300);
  save_light_and_dark (window, "browse-now-playing");

  /* Escape (library.back) returns to where one was. */
  activate ("library.back", NULL);
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "content");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
}

static void
test_shortcuts (void)
{
  GtkWindow *shortcuts;

  activate ("win.show-help-overlay", NULL);
  shortcuts = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (get_window ())));
  g_assert_nonnull (shortcuts);
  wait_for (is_mapped, shortcuts, "the shortcuts window to map");
  wait_for_label (shortcuts, "Search episodes");
  g_assert_true (has_label_with_text (shortcuts, "Go back"));
  g_assert_true (has_label_with_text (shortcuts, "Play or pause"));
  g_assert_true (has_label_with_text (shortcuts, "Previous chapter"));
  g_assert_true (has_label_with_text (shortcuts, "Episode menu"));
  g_assert_true (has_label_with_text (shortcuts, "Main menu"));
  wait_ms (300);
  save_light_and_dark (shortcuts, "browse-shortcuts");
  gtk_window_close (shortcuts);

  /* The keys the window promises are set. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (test_app), "app.refresh");

    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>r"));
    g_assert_true (g_strv_contains ((const char * const *) accels, "F5"));
  }
}

static GtkWidget *
find_named (gpointer    widget,
            const char *name)
{
  g_autoptr(GPtrArray) all = find_all (widget, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (all->pdata[i]), name) == 0)
      return all->pdata[i];

  return NULL;
}

static void
test_preferences (void)
{
  GSettings *settings = lw_application_get_settings (test_app);
  GtkWindow *preferences;
  AdwComboRow *interval;
  GtkWidget *startup;
  g_autoptr(GPtrArray) switches = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (test_app), "preferences", NULL);
  preferences = find_window (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  wait_for (is_mapped, preferences, "the preferences to map");
  wait_for_label (preferences, "Check on Start-Up");

  startup = find_named (preferences, "refresh-on-startup");
  g_assert_nonnull (startup);
  switches = find_all (startup, GTK_TYPE_SWITCH);
  g_assert_cmpuint (switches->len, ==, 1);
  /* The tests turned it off (lw-ui-test.c); the switch follows the key both ways. */
  g_assert_false (gtk_switch_get_active (switches->pdata[0]));
  gtk_switch_set_active (switches->pdata[0], TRUE);
  g_assert_true (g_settings_get_boolean (settings, "refresh-on-startup"));
  g_settings_set_boolean (settings, "refresh-on-startup", FALSE);
  g_assert_false (gtk_switch_get_active (switches->pdata[0]));
  gtk_test_accessible_assert_property (switches->pdata[0], GTK_ACCESSIBLE_PROPERTY_LABEL, "Check on Start-Up");

  interval = ADW_COMBO_ROW (find_named (preferences, "refresh-interval"));
  g_assert_nonnull (interval);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (interval)), ==, "Every Hour");
  adw_combo_row_set_selected (interval, 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "refresh-interval"), ==, 0);

  /* A value set by hand shows as itself. */
  g_settings_set_uint (settings, "refresh-interval", 90);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (interval)), ==, "Every 90 Minutes");
  g_settings_set_uint (settings, "refresh-interval", 60);

  g_assert_nonnull (find_named (preferences, "notify-new-episodes"));
  wait_ms (300);
  save_light_and_dark (preferences, "browse-preferences");
  /* Every page's buttons have names, and it fits a phone too. */
  {
    g_autoptr(GPtrArray) pages = find_all (preferences, ADW_TYPE_PREFERENCES_PAGE);

    /* The window's own pages (not the search's). */
    for (guint i = pages->len; i-- > 0;)
      if (!ADW_IS_VIEW_STACK (gtk_widget_get_parent (pages->pdata[i])))
        g_ptr_array_remove_index (pages, i);
    g_assert_cmpuint (pages->len, >=, 4);
    for (guint i = 0; i < pages->len; i++)
      {
        adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), pages->pdata[i]);
        wait_ms (50);
        assert_buttons_named (pages->pdata[i], 0);
      }
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), pages->pdata[0]);
    gtk_window_set_default_size (preferences, 360, 640);
    wait_ms (300);
    save_light_and_dark (preferences, "browse-preferences-narrow");
  }
  gtk_window_close (preferences);
}

static void
test_accessible (void)
{
  LwWindow *window = get_window ();
  GtkListBox *places = template_child (window, LW_TYPE_WINDOW, "places_list");
  const char *names[] = { "Shows", "New Episodes", "Continue Listening", "Downloads", "Discover" };
  guint i = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (places)); row; row = gtk_widget_get_next_sibling (row), i++)
    gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, names[i]);
  g_assert_cmpuint (i, ==, 5);

  gtk_test_accessible_assert_property (template_child (get_grid (), LW_TYPE_SHOW_GRID, "grid_view"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Shows");
  gtk_test_accessible_assert_property (template_child (get_grid (), LW_TYPE_SHOW_GRID, "filter_entry"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Filter Shows");

  /* Every button in every place. */
  activate ("win.place", g_variant_new_string ("shows"));
  assert_buttons_named (window, 8);
  lw_window_select_show (window, radio_id);
  assert_buttons_named (window, 12);
  activate ("win.search", NULL);
  assert_buttons_named (window, 8);
  activate ("win.place", g_variant_new_string ("new"));
  assert_buttons_named (window, 8);
  activate ("win.place", g_variant_new_string ("continue"));
  assert_buttons_named (window, 8);
}

static void
refresh_all_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  lw_feed_service_refresh_all_finish (LW_FEED_SERVICE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* A stand-in notification server on the test's session bus: what GNotification sends
 * (no GNOME Shell here) arrives at org.freedesktop.Notifications. */
static char *notified_summary;
static char *notified_body;

static void
notifications_method_call (GDBusConnection       *connection,
                           const char            *sender,
                           const char            *object_path,
                           const char            *interface_name,
                           const char            *method_name,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation,
                           gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      g_clear_pointer (&notified_summary, g_free);
      g_clear_pointer (&notified_body, g_free);
      g_variant_get_child (parameters, 3, "s", &notified_summary);
      g_variant_get_child (parameters, 4, "s", &notified_body);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", 1));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
own_notifications (void)
{
  static const char xml[] =
    "<node><interface name='org.freedesktop.Notifications'>"
    "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
    "<arg type='u' direction='out'/></method>"
    "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
    "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
    "</interface></node>";
  static const GDBusInterfaceVTable vtable = { notifications_method_call };
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (test_app));
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
notified (gpointer data)
{
  return notified_body != NULL;
}

/* A background refresh that finds new episodes says so in a notification. */
static void
test_notify (void)
{
  g_autoptr(LwNewEpisodesNotifier) notifier = lw_new_episodes_notifier_new (test_app);
  LwFeedService *service = lw_application_get_feed_service (test_app);
  LwWindow *window = get_window ();
  gboolean done = FALSE;

  {
    const char *titles[] = { "A", "B", "C", "D", NULL };

    g_autofree char *one = lw_new_episodes_notifier_format (titles + 3, 1);
    g_autofree char *four = lw_new_episodes_notifier_format (titles, 5);

    g_assert_cmpstr (one, ==, "1 new episode of “D”");
    g_assert_cmpstr (four, ==, "5 new episodes of “A”, “B” and 2 more shows");
  }

  g_autoptr(LwShow) loop = lw_library_lookup_show (lw_application_get_library (test_app), loop_id);
  GSettings *settings = lw_application_get_settings (test_app);
  g_autofree char *expected = NULL;
  g_auto(GStrv) muted = NULL;
  GtkWidget *page;
  GtkSwitch *notify_switch;
  guint before;

  own_notifications ();

  /* Turned off on the show's page: its new episodes pass silently. */
  lw_window_select_show (window, loop_id);
  page = lw_window_get_show_page (window);
  notify_switch = template_child (lw_show_page_get_about (LW_SHOW_PAGE (page)), LW_TYPE_SHOW_ABOUT, "notify_switch");
  g_assert_true (gtk_switch_get_active (notify_switch));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (notify_switch)));
  gtk_test_accessible_assert_property (notify_switch, GTK_ACCESSIBLE_PROPERTY_LABEL, "New Episode Notifications");
  gtk_switch_set_active (notify_switch, FALSE);
  muted = g_settings_get_strv (settings, "notify-muted-shows");
  g_assert_true (g_strv_contains ((const char * const *) muted, lw_show_get_feed_url (loop)));
  g_assert_false (lw_new_episodes_notifier_get_show_enabled (settings, loop));

  before = lw_show_get_episode_count (loop);
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_hash_table_insert (responses, g_strdup ("/loop.xml"), loop_feed (before + 2));
  lw_feed_service_refresh_all_async (service, NULL, refresh_all_cb, &done);
  wait_for (is_true, &done, "the refresh of every show");
  g_assert_cmpuint (lw_show_get_episode_count (loop), ==, before + 2);
  g_assert_null (lw_new_episodes_notifier_get_last_body (notifier));
  gtk_widget_set_visible (GTK_WIDGET (window), TRUE);

  /* On again (and off everywhere greys the row out). */
  g_settings_set_boolean (settings, "notify-new-episodes", FALSE);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (notify_switch)));
  g_settings_set_boolean (settings, "notify-new-episodes", TRUE);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (notify_switch)));
  g_assert_false (gtk_switch_get_active (notify_switch));
  gtk_switch_set_active (notify_switch, TRUE);
  g_assert_true (lw_new_episodes_notifier_get_show_enabled (settings, loop));
  lw_window_set_place (window, "shows");

  /* Off everywhere (Preferences): the show's own switch is on, yet nothing tells. */
  g_settings_set_boolean (settings, "notify-new-episodes", FALSE);
  done = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_hash_table_insert (responses, g_strdup ("/loop.xml"), loop_feed (before + 3));
  lw_feed_service_refresh_all_async (service, NULL, refresh_all_cb, &done);
  wait_for (is_true, &done, "the refresh of every show");
  g_assert_cmpuint (lw_show_get_episode_count (loop), ==, before + 3);
  g_assert_null (lw_new_episodes_notifier_get_last_body (notifier));
  g_assert_false (notified (NULL));
  gtk_widget_set_visible (GTK_WIDGET (window), TRUE);
  g_settings_set_boolean (settings, "notify-new-episodes", TRUE);
  done = FALSE;

  expected = g_strdup_printf ("%u new episodes of “Loopback Radio”", 2);

  /* The person is elsewhere: the window is hidden. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_hash_table_insert (responses, g_strdup ("/loop.xml"), loop_feed (before + 5));
  lw_feed_service_refresh_all_async (service, NULL, refresh_all_cb, &done);
  wait_for (is_true, &done, "the refresh of every show");

  g_assert_cmpstr (lw_new_episodes_notifier_get_last_body (notifier), ==, expected);
  wait_for (notified, NULL, "the notification on the bus");
  g_assert_cmpstr (notified_summary, ==, "New Episodes");
  g_assert_cmpstr (notified_body, ==, expected);
  gtk_widget_set_visible (GTK_WIDGET (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}

typedef struct
{
  LwWindow   *window;
  const char *place;
} PlaceWait;

static gboolean
place_is (gpointer data)
{
  PlaceWait *wait = data;

  return g_strcmp0 (lw_window_get_place (wait->window), wait->place) == 0;
}

/* Sends @keys and waits for the window to be at @place. */
static void
key_to_place (const char *keys,
              const char *place)
{
  PlaceWait wait = { get_window (), place };
  g_autofree char *what = g_strdup_printf ("%s to go to %s", keys, place);

  send_key (GTK_WINDOW (wait.window), keys);
  wait_for (place_is, &wait, what);
}

static gboolean
is_refreshing (gpointer data)
{
  return lw_feed_service_get_refreshing (data);
}

static gboolean
is_not_refreshing (gpointer data)
{
  return !lw_feed_service_get_refreshing (data);
}

/* An application's window of @type, or the main window's shortcuts window (which
 * is not the application's). */
static GtkWidget *
find_any_window (GType type)
{
  GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (get_window ())));

  if (overlay != NULL && G_TYPE_CHECK_INSTANCE_TYPE (overlay, type))
    return overlay;

  return find_window (type);
}

static gboolean
window_mapped (gpointer data)
{
  GtkWidget *window = find_any_window (*(GType *) data);

  return window != NULL && gtk_widget_get_mapped (window);
}

/* Sends @keys and waits for a window of @type to map, then closes it. */
static void
key_opens (const char *keys,
           GType       type)
{
  g_autofree char *what = g_strdup_printf ("%s to open a %s", keys, g_type_name (type));
  GtkWindow *opened = NULL;
  GType wanted = type;

  send_key (GTK_WINDOW (get_window ()), keys);
  wait_for (window_mapped, &wanted, what);
  opened = GTK_WINDOW (find_any_window (type));
  gtk_window_close (opened);
  wait_ms (200);
}

static gboolean
one_show (gpointer data)
{
  return count_shows () == 1;
}

/* Real key presses through X, as a person types them: every key the shortcuts
 * window promises for getting around. */
static void
test_keys (void)
{
  LwWindow *window = get_window ();
  LwFeedService *service = lw_application_get_feed_service (test_app);
  GtkWidget *focus;

  activate ("win.place", g_variant_new_string ("shows"));
  wait_ms (100);

  /* Typing on the grid filters it (also after the filter was opened and closed
   * before, in /ui/browse/shows), and closing the filter gives the grid back the
   * focus. */
  {
    LwShowGrid *grid = get_grid ();
    guint all = count_shows ();
    gboolean search_mode = FALSE;

    g_assert_cmpuint (all, >, 1);
    gtk_widget_grab_focus (template_child (grid, LW_TYPE_SHOW_GRID, "grid_view"));
    send_key (GTK_WINDOW (window), "l o o p");
    wait_for (one_show, NULL, "typing to filter the shows");
    g_assert_cmpstr (lw_show_grid_get_filter_text (grid), ==, "loop");
    g_assert_cmpstr (show_title_at (0), ==, "Loopback Radio");
    g_object_get (grid, "search-mode", &search_mode, NULL);
    g_assert_true (search_mode);
    g_assert_nonnull (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_TYPE_SEARCH_ENTRY));
    g_object_set (grid, "search-mode", FALSE, NULL);
    g_assert_cmpstr (lw_show_grid_get_filter_text (grid), ==, "");
    g_assert_cmpuint (count_shows (), ==, all);
    g_assert_nonnull (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_TYPE_GRID_VIEW));
  }

  /* Back from a show: Escape and Alt+←. */
  g_assert_true (lw_window_select_show (window, radio_id));
  key_to_place ("Escape", "shows");
  g_assert_true (lw_window_select_show (window, radio_id));
  key_to_place ("alt+Left", "shows");

  /* The places: Alt+1…5. */
  key_to_place ("alt+2", "new");
  key_to_place ("alt+3", "continue");
  key_to_place ("alt+1", "shows");

  /* Ctrl+F: search, with the typing going to its entry. */
  key_to_place ("ctrl+f", "search");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
  key_to_place ("alt+1", "shows");

  /* Ctrl+N, Ctrl+, and Ctrl+?: the Add dialog, preferences and the shortcuts. */
  key_opens ("ctrl+n", LW_TYPE_ADD_DIALOG);
  key_opens ("ctrl+comma", ADW_TYPE_PREFERENCES_WINDOW);
  key_opens ("ctrl+question", GTK_TYPE_SHORTCUTS_WINDOW);

  /* F5 and Ctrl+R: every show is checked. */
  g_assert_false (lw_feed_service_get_refreshing (service));
  send_key (GTK_WINDOW (window), "F5");
  wait_for (is_refreshing, service, "F5 to refresh");
  wait_for (is_not_refreshing, service, "the refresh to end");
  send_key (GTK_WINDOW (window), "ctrl+r");
  wait_for (is_refreshing, service, "Ctrl+R to refresh");
  wait_for (is_not_refreshing, service, "the refresh to end");
  if (has_toast (window))
    dismiss_toasts (window);
}

static void
test_huge (void)
{
  GdkMonitor *monitor;
  GdkRectangle screen;

  /* The biggest screen in the issue, where the screen is as big (CI's Xvfb is). */
  set_size (1920, 1080);
  monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (get_window ())),
                                                gtk_native_get_surface (GTK_NATIVE (get_window ())));
  gdk_monitor_get_geometry (monitor, &screen);
  g_test_message ("screen %d×%d, window %d×%d", screen.width, screen.height,
                  gtk_widget_get_width (GTK_WIDGET (get_window ())), gtk_widget_get_height (GTK_WIDGET (get_window ())));
  if (screen.width >= 1920 && screen.height >= 1080)
    {
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (get_window ())), >=, 1900);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (get_window ())), >=, 1000);
    }
  lw_window_select_show (get_window (), radio_id);
  wait_for (all_artwork_loaded, get_window (), "the artwork to load");
  save_light_and_dark (get_window (), "browse-show-1920");
  set_size (1280, 800);
}

static gboolean
detail_settled (gpointer data)
{
  GtkStack *stack = template_child (data, LW_TYPE_EPISODE_DETAIL, "stack");

  return !gtk_stack_get_transition_running (stack) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "episode") == 0 &&
         lw_episode_detail_is_filled (data);
}

static guint
position_of_episode (GListModel *episodes,
                     gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

      if (lw_episode_get_id (episode) == id)
        return i;
    }

  g_assert_not_reached ();
}

/* Activates the show page's row of the episode @id, as a click on it. */
static void
activate_episode_row (gint64 id)
{
  LwShowPage *page = get_show_page ();
  g_autoptr(GPtrArray) lists = find_all (page, LW_TYPE_EPISODE_LIST_VIEW);

  g_assert_cmpuint (lists->len, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lw_episode_list_view_get_list_view (lists->pdata[0])),
                                             "list.activate-item", "u",
                                             position_of_episode (lw_show_page_get_episodes (page), id)));
}

/* The player gets to [@from_s, @to_s) and pauses there; the detail highlights the
 * transcript's cue @cue and the chapter @chapter, and no other. */
static void
assert_playing_at (LwEpisodeDetail *detail,
                   gint64           from_s,
                   gint64           to_s,
                   int              cue,
                   int              chapter)
{
  GtkListBox *chapters = template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_list");
  LwPlayer *player = lw_application_get_player (test_app);
  PositionWait wait = { player, from_s * 1000, to_s * 1000 };
  GtkListBoxRow *row;

  wait_for (position_within, &wait, "the player to get there");
  lw_player_pause (player);
  wait_ms (300);
  g_assert_cmpint (lw_transcript_view_get_current (template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_view")),
                   ==, cue);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (chapters, i)); i++)
    g_assert_cmpint (gtk_widget_get_visible (g_object_get_data (G_OBJECT (row), "playing-icon")), ==, i == chapter);
}

static gboolean
detail_has_episode (gpointer data)
{
  LwEpisode *shown = lw_episode_detail_get_episode ((gpointer) lw_window_get_episode_detail (get_window ()));

  return shown != NULL && lw_episode_get_id (shown) == lw_episode_get_id (data);
}

/* Opening a show, the detail previews its newest episode a frame after the list
 * shows, and is blank until then (not "No Episode Selected", nor the last show's
 * episode); an episode chosen before the preview came stays chosen. */
static void
test_preview (void)
{
  LwWindow *window = get_window ();
  GtkStack *detail_stack = template_child (window, LW_TYPE_WINDOW, "detail_stack");
  LwShowPage *page;
  g_autoptr(LwEpisode) newest = NULL;
  g_autoptr(LwEpisode) second = NULL;

  set_size (1180, 760);
  activate ("win.place", g_variant_new_string ("shows"));
  g_assert_true (lw_window_select_show (window, space_id));
  wait_ms (300);
  activate ("win.place", g_variant_new_string ("shows"));
  wait_ms (300);

  g_assert_true (lw_window_select_show (window, radio_id));
  page = get_show_page ();
  newest = g_list_model_get_item (lw_show_page_get_episodes (page), 0);
  second = g_list_model_get_item (lw_show_page_get_episodes (page), 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "blank");
  wait_for (detail_has_episode, newest, "the newest episode previewed");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "episode");
  g_assert_cmpstr (lw_episode_get_title (newest), ==, "The Shipping Forecast at 198 kHz");

  /* Another episode chosen in the frame the list first shows: it stays. */
  activate ("win.place", g_variant_new_string ("shows"));
  wait_ms (300);
  g_assert_true (lw_window_select_show (window, radio_id));
  g_assert_true (lw_window_select_episode (window, lw_episode_get_id (second)));
  wait_ms (500);
  g_assert_true (detail_has_episode (second));
}

/* The detail's header starts where its title's text starts (an Arabic episode's on
 * the right, on an English desktop), and its notes where theirs do. */
static void
assert_detail_side (gint64   show_id,
                    gboolean rtl)
{
  LwEpisodeDetail *detail = (gpointer) lw_window_get_episode_detail (get_window ());
  g_autoptr(LwEpisode) first = NULL;
  const char *parts[] = { "meta_label", "show_label", "notes_label" };

  g_assert_true (lw_window_select_show (get_window (), show_id));
  first = g_list_model_get_item (lw_show_page_get_episodes (get_show_page ()), 0);
  wait_for (detail_has_episode, first, "the show's first episode previewed");
  wait_for (detail_settled, detail, "its page filled in");
  wait_ms (300);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      double start, end;

      ink_margins (template_child (detail, LW_TYPE_EPISODE_DETAIL, parts[i]), &start, &end);
      g_test_message ("%s %s: %.0f px from the left, %.0f from the right",
                      lw_episode_get_title (first), parts[i], start, end);
      g_assert_cmpfloat (rtl ? end : start, <=, 3);
      /* Short lines (long notes fill the width whichever side they start on). */
      if (i < 2 || rtl)
        g_assert_cmpfloat (rtl ? start : end, >, 30);
    }
}

static void
test_detail_rtl (void)
{
  set_size (1180, 760);
  assert_detail_side (arabic_id, TRUE);
  save_light_and_dark (GTK_WIDGET (get_window ()), "browse-detail-rtl");
  assert_detail_side (radio_id, FALSE);
  activate ("win.place", g_variant_new_string ("shows"));
}

/* The episode with everything, reached as a person would: Shows, the show's tile,
 * the episode's row; then played, and a timestamp and a chapter seek. */
static void
test_rich_detail (void)
{
  LwWindow *window = get_window ();
  LwShowGrid *grid = get_grid ();
  LwEpisodeDetail *detail = (gpointer) lw_window_get_episode_detail (window);
  LwTranscriptView *transcript = template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_view");
  GtkListBox *chapters = template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_list");
  GtkLabel *notes = template_child (detail, LW_TYPE_EPISODE_DETAIL, "notes_label");
  LwPlayer *player = lw_application_get_player (test_app);
  guint position = G_MAXUINT;
  gboolean handled = FALSE;
  const char *markup;

  activate ("win.place", g_variant_new_string ("shows"));
  for (guint i = 0; i < count_shows (); i++)
    {
      g_autoptr(LwShow) show = g_list_model_get_item (lw_show_grid_get_model (grid), i);

      if (lw_show_get_id (show) == space_id)
        position = i;
    }
  g_assert_cmpuint (position, <, count_shows ());
  g_assert_true (gtk_widget_activate_action (template_child (grid, LW_TYPE_SHOW_GRID, "grid_view"),
                                             "list.activate-item", "u", position));
  g_assert_cmpstr (lw_window_get_place (window), ==, "show");
  g_assert_cmpint (lw_show_get_id (lw_show_page_get_show (get_show_page ())), ==, space_id);

  activate_episode_row (rich_id);
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "detail");
  g_assert_cmpint (lw_episode_get_id (lw_episode_detail_get_episode (detail)), ==, rich_id);
  wait_for (detail_settled, detail, "the detail to show");

  /* The notes: headings bold, the list bulleted, emphasis, links, the timestamp a link
   * that seeks. */
  markup = gtk_label_get_label (notes);
  g_test_message ("Notes: %s", markup);
  g_assert_true (g_str_has_prefix (markup, "<b>In This Episode</b>\n\n"));
  g_assert_nonnull (strstr (markup, "We listen to <i>pulsars</i> with <b>Jocelyn Bell Burnell</b>"));
  g_assert_nonnull (strstr (markup, "<a href=\"https://example.org/bell\">interview notes</a>"));
  g_assert_nonnull (strstr (markup, "\n• The first pulsar, in 1967\n• Why they <i>tick</i>\n"));
  g_assert_nonnull (strstr (markup, "• Listener questions at <a href=\"time:754\">12:34</a>"));
  g_assert_nonnull (strstr (markup, "\n\n<b>Further Listening</b>\n\n"));
  g_assert_true (has_label_with_text (detail, "Scruff on the Chart"));
  g_assert_true (has_label_with_text (detail, "Deep Space Sounds"));

  /* Every link of the notes, the bare address too, in order. */
  {
    g_autofree char *links = row_titles (template_child (detail, LW_TYPE_EPISODE_DETAIL, "links_list"));

    g_assert_cmpstr (links, ==,
                     "interview notes (https://example.org/bell)|"
                     "Pulsar on Wikipedia (https://en.wikipedia.org/wiki/Pulsar)|"
                     "example.org (https://example.org/observatory)");
  }
  {
    g_autofree char *persons = row_titles (template_child (detail, LW_TYPE_EPISODE_DETAIL, "persons_list"));

    g_assert_cmpstr (persons, ==, "Ada Lovelace (Host)|Jocelyn Bell Burnell (Guest)");
  }

  /* The chapters from their JSON file, with their times. */
  wait_for ((Condition) gtk_widget_get_visible, template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_section"),
            "the chapters");
  {
    g_autofree char *titles = row_titles (chapters);

    g_assert_cmpstr (titles, ==, "Cold Open|The First Pulsar|Listener Questions");
  }
  g_assert_true (has_label_with_text (chapters, "0:30"));
  g_assert_true (has_label_with_text (chapters, "12:34"));

  /* The WebVTT one, with speakers, though the SubRip one comes first. */
  wait_for (transcript_loaded, transcript, "the transcript");
  g_assert_cmpuint (lw_transcript_view_get_n_cues (transcript), ==, 4);
  g_assert_cmpint (lw_transcript_view_get_current (transcript), ==, -1);
  wait_ms (200);
  g_assert_true (has_label_with_text (transcript, "It was a bit of scruff on the chart."));
  g_assert_true (has_label_with_text (transcript, "Jocelyn Bell Burnell"));

  gtk_test_accessible_assert_property (chapters, GTK_ACCESSIBLE_PROPERTY_LABEL, "Chapters");
  gtk_test_accessible_assert_property (template_child (transcript, LW_TYPE_TRANSCRIPT_VIEW, "list_view"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Transcript");
  assert_buttons_named (detail, 2);
  assert_buttons_named (window, 12);

  save_wide_and_narrow ("rich-detail");
  {
    GtkScrolledWindow *scrolled = template_child (detail, LW_TYPE_EPISODE_DETAIL, "scrolled_window");
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    wait_ms (300);
    save_light_and_dark (window, "browse-rich-detail-end-wide");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* Play, as a click on the detail's button. */
  g_signal_emit_by_name (template_child (detail, LW_TYPE_EPISODE_DETAIL, "play_button"), "clicked");
  g_assert_nonnull (lw_player_get_episode (player));
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (player)), ==, rich_id);

  /* The timestamp in the notes seeks there; the transcript and chapters follow. */
  g_signal_emit_by_name (notes, "activate-link", "time:754", &handled);
  g_assert_true (handled);
  assert_playing_at (detail, 754, 780, 3, 2);
  save_light_and_dark (window, "browse-rich-detail-playing-wide");

  /* A chapter seeks back. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (chapters, 1), "activated");
  assert_playing_at (detail, 30, 60, 1, 1);

  lw_player_stop (player);
}

static gboolean
is_hovered (gpointer data)
{
  return (gtk_widget_get_state_flags (data) & GTK_STATE_FLAG_PRELIGHT) != 0;
}

static gboolean
is_not_hovered (gpointer data)
{
  return !is_hovered (data);
}

/* The colour Pango draws the character at @index of @label in: a link's own, or
 * none (-1) if the label's colour. */
static gint64
foreground_at (GtkLabel *label,
               int       index)
{
  PangoAttrList *attrs = pango_layout_get_attributes (gtk_label_get_layout (label));
  g_autoptr(PangoAttrIterator) iter = NULL;
  PangoAttrColor *color;

  g_assert_nonnull (attrs);
  iter = pango_attr_list_get_iterator (attrs);
  do
    {
      int start, end;

      pango_attr_iterator_range (iter, &start, &end);
      if (index >= start && index < end)
        {
          color = (PangoAttrColor *) pango_attr_iterator_get (iter, PANGO_ATTR_FOREGROUND);

          return color ? ((color->color.red >> 8) << 16) | ((color->color.green >> 8) << 8) | (color->color.blue >> 8) : -1;
        }
    }
  while (pango_attr_iterator_next (iter));

  return -1;
}

static gint64
accent_color (GtkWidget *widget)
{
  GdkRGBA rgba;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_color", &rgba));
  G_GNUC_END_IGNORE_DEPRECATIONS

  return ((gint64) (rgba.red * 255 + 0.5) << 16) | ((gint64) (rgba.green * 255 + 0.5) << 8) | (gint64) (rgba.blue * 255 + 0.5);
}

/* With the pointer on the notes (and a narrow window is mostly notes), their links
 * keep the link colour: GTK 4.8 gives each link its label's :hover, and libadwaita's
 * link:hover is the text's colour. */
static void
test_notes_link_colour (void)
{
  LwWindow *window = get_window ();
  LwEpisodeDetail *detail = (gpointer) lw_window_get_episode_detail (window);
  GtkLabel *notes = template_child (detail, LW_TYPE_EPISODE_DETAIL, "notes_label");
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *text;
  int link;

  g_assert_true (lw_window_select_episode (window, rich_id));
  set_size (360, 640);
  wait_for (detail_settled, detail, "the detail to show");
  g_assert_cmpstr (lw_window_get_visible_pane (window), ==, "detail");

  text = pango_layout_get_text (gtk_label_get_layout (notes));
  link = (int) (strstr (text, "interview notes") - text);
  g_assert_cmpint (link, >, 0);

  move_pointer (GTK_WIDGET (notes), 2, 2);
  wait_for (is_hovered, notes, "the pointer on the notes");

  /* The label takes its links' colours when it is styled: light, dark, light again. */
  for (guint i = 0; i < 3; i++)
    {
      adw_style_manager_set_color_scheme (style, i == 1 ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      wait_ms (200);
      g_assert_true (is_hovered (notes));
      g_test_message ("Link colour %06" G_GINT64_MODIFIER "x, accent %06" G_GINT64_MODIFIER "x",
                      foreground_at (notes, link), accent_color (GTK_WIDGET (notes)));
      g_assert_cmpint (foreground_at (notes, link), ==, accent_color (GTK_WIDGET (notes)));
      /* Text that is not a link keeps the label's colour. */
      g_assert_cmpint (foreground_at (notes, 0), ==, -1);
    }
  save_light_and_dark (window, "browse-notes-hover-narrow");

  /* Off the window (the screen's far corner), for the tests after this one. */
  move_pointer (NULL, 1919, 1079);
  wait_for (is_not_hovered, notes, "the pointer off the notes");
  set_size (1280, 800);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  set_up_test_dirs ("longwave-test-browse");
  now_unix = g_get_real_time () / G_USEC_PER_SEC;

  responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string (uris->data);

  /* The library is filled before the window opens, as on a real start. */
  test_app = new_application ();
  merge_fixture_library (lw_application_get_library (test_app));
  g_application_activate (G_APPLICATION (test_app));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (get_window ())), "after-paint",
                    G_CALLBACK (on_first_paint), NULL);
  wait_for (is_mapped, get_window (), "the window to map");
  set_size (1280, 800);

  g_test_add_func ("/ui/browse/lean-start", test_lean_start);
  g_test_add_func ("/ui/browse/shows", test_shows);
  g_test_add_func ("/ui/browse/many-shows", test_many_shows);
  g_test_add_func ("/ui/browse/natural-sort", test_natural_sort);
  g_test_add_func ("/ui/browse/show-page", test_show_page);
  /* Before /ui/browse/unsubscribe, which takes the Arabic show away. */
  g_test_add_func ("/ui/browse/detail-rtl", test_detail_rtl);
  g_test_add_func ("/ui/browse/refresh", test_refresh);
  g_test_add_func ("/ui/browse/about-refresh", test_about_refresh);
  g_test_add_func ("/ui/browse/unsubscribe", test_unsubscribe);
  g_test_add_func ("/ui/browse/new-and-continue", test_new_and_continue);
  g_test_add_func ("/ui/browse/search", test_search);
  g_test_add_func ("/ui/browse/other-places", test_other_places);
  g_test_add_func ("/ui/browse/now-playing", test_now_playing);
  g_test_add_func ("/ui/browse/shortcuts", test_shortcuts);
  g_test_add_func ("/ui/browse/preferences", test_preferences);
  g_test_add_func ("/ui/browse/accessible", test_accessible);
  /* Before keys and notify: their Refresh All leaves every show not served with an error. */
  g_test_add_func ("/ui/browse/preview", test_preview);
  g_test_add_func ("/ui/browse/rich-detail", test_rich_detail);
  g_test_add_func ("/ui/browse/notes-link-colour", test_notes_link_colour);
  g_test_add_func ("/ui/browse/keys", test_keys);
  g_test_add_func ("/ui/browse/huge", test_huge);
  g_test_add_func ("/ui/browse/notify", test_notify);

  ret = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (test_app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&test_app);
  g_clear_object (&server);
  g_clear_pointer (&responses, g_hash_table_unref);
  rm_rf (test_tmp_dir);

  return ret;
}
