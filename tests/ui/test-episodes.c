/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-episodes"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>

#include "core/lw-feed.h"
#include "core/lw-library.h"
#include "lw-application.h"
#include "ui/lw-episode-detail.h"
#include "ui/lw-episode-list-view.h"
#include "ui/lw-episode-row.h"
#include "core/lw-transcript.h"
#include "ui/lw-transcript-view.h"

#include "lw-ui-test.h"

/* The episode parts on their own, in a window of the test's making, on a fixture
 * library: a show with every state (new, in progress, played, downloaded), a show of
 * 10,000 episodes, and an episode with rich notes, chapters, persons and a
 * transcript. */

static LwApplication *app;
static LwLibrary *library;
static char *tmp_dir;
static gint64 now_unix;
static gint64 show_id;
static gint64 big_show_id;
static gint64 radio_show_id;
static gint64 new_id;
static gint64 progress_id;
static gint64 played_id;
static gint64 downloaded_id;
static gint64 rich_id;
static gint64 broken_id;
static SoupServer *server;
static char *server_url;
static guint broken_requests;

#define DAY (24 * 60 * 60)
#define BIG_SHOW_EPISODES 10000

/* Helpers *************************************************************************/

/* The part of an episode row named @name ("new", "progress", "played", …). */
static gpointer
row_part (gpointer    row,
          const char *name)
{
  g_autoptr(GPtrArray) widgets = find_all (row, GTK_TYPE_WIDGET);

  for (guint i = 0; i < widgets->len; i++)
    if (g_str_equal (gtk_widget_get_name (widgets->pdata[i]), name))
      return widgets->pdata[i];

  g_error ("The row has no part named “%s”", name);
}

/* Whether the row shows its part @name; parts it never showed do not exist. */
static gboolean
part_shown (gpointer    row,
            const char *name)
{
  g_autoptr(GPtrArray) widgets = find_all (row, GTK_TYPE_WIDGET);

  for (guint i = 0; i < widgets->len; i++)
    if (g_str_equal (gtk_widget_get_name (widgets->pdata[i]), name))
      return gtk_widget_get_visible (widgets->pdata[i]);

  return FALSE;
}

/* The context menu of a row, once it was opened. */
static GtkPopover *
row_menu (gpointer row)
{
  g_autoptr(GPtrArray) popovers = find_all (row, GTK_TYPE_POPOVER_MENU);

  g_assert_cmpuint (popovers->len, ==, 1);
  return popovers->pdata[0];
}

/* The mapped row showing the episode @id, or NULL. */
static LwEpisodeRow *
find_row (gpointer widget,
          gint64   id)
{
  g_autoptr(GPtrArray) rows = find_all (widget, LW_TYPE_EPISODE_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      LwEpisode *episode = lw_episode_row_get_episode (rows->pdata[i]);

      if (episode != NULL && lw_episode_get_id (episode) == id && gtk_widget_get_mapped (rows->pdata[i]))
        return rows->pdata[i];
    }

  return NULL;
}

/* @name-{wide,narrow}-{light,dark}.png */
static void
save_sizes_and_schemes (GtkWindow  *window,
                        const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const struct { const char *size; int width; int height; } sizes[] = {
    { "wide", 1000, 700 },
    { "narrow", 360, 640 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gtk_window_set_default_size (window, sizes[i].width, sizes[i].height);
      for (guint dark = 0; dark < 2; dark++)
        {
          g_autofree char *file = g_strdup_printf ("%s-%s-%s.png", name, sizes[i].size, dark ? "dark" : "light");

          adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
          wait_ms (400);
          g_free (save_png (window, file));
        }
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, 1000, 700);
  wait_ms (200);
}

/* A window like the app's: a toast overlay around the widget under test. */
static GtkWindow *
new_window (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();

  gtk_window_set_application (window, GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 1000, 700);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), child);
  adw_window_set_content (ADW_WINDOW (window), overlay);
  gtk_window_present (window);
  wait_for (is_mapped, window, "the window to map");

  return window;
}

/* Fixtures ***********************************************************************/

/* An episode with a media URL of its own. */
static LwFeedItem *
add_episode (LwFeed     *feed,
             const char *guid,
             const char *title,
             gint64      published,
             gint64      duration,
             const char *notes_html)
{
  g_autofree char *url = g_strdup_printf ("https://example.org/media/%s.mp3", guid);

  return add_item (feed, guid, title, published, duration, notes_html, url);
}

static gint64
merge (LwFeed     *feed,
       const char *url)
{
  g_autoptr(GError) error = NULL;
  LwHttpCache cache = { NULL, NULL };
  gint64 id;

  id = lw_library_merge_feed (library, url, feed, &cache, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  lw_feed_free (feed);

  return id;
}

static gint64
episode_id_for_guid (gint64      show,
                     const char *guid)
{
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, show);

  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

      if (g_str_equal (lw_episode_get_guid (episode), guid))
        return lw_episode_get_id (episode);
    }

  g_assert_not_reached ();
}


/* A transcript as Descript exports it: a title line, identifiers, voices. */
static const char *transcript_vtt =
  "\xEF\xBB\xBFWEBVTT - Episode 5\r\n\r\n"
  "1\r\n00:00.000 --> 00:09.000\r\n<v Ada Lovelace>Welcome to the Longwave Test Show. Today: the shipping forecast.\r\n\r\n"
  "2\r\n00:09.000 --> 00:20.000\r\n<v Charles Babbage>Thanks for having me. I have listened since I was a boy.\r\n\r\n"
  "3\r\n00:20.000 --> 00:30.000\r\n<v Ada Lovelace>Let us start with the transmitter.\r\n\r\n"
  "4\r\n00:30.000 --> 00:45.000\r\n<v Charles Babbage>Droitwich has sent it on 198 kHz since 1934.\r\n\r\n"
  "5\r\n00:45.000 --> 01:00.000\r\n<v Ada Lovelace>And the mast itself is 213 metres tall.\r\n\r\n"
  "6\r\n01:00.000 --> 01:15.000\r\n<v Ada Lovelace>Now, listener mail. Someone asks about crystal sets.\r\n\r\n"
  "7\r\n01:15.000 --> 01:30.000\r\n<v Charles Babbage>Those need no power at all: the signal drives the earpiece.\r\n";

static void
serve (SoupServer        *soup_server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  if (g_str_equal (path, "/transcript.vtt"))
    {
      soup_server_message_set_response (msg, "text/vtt", SOUP_MEMORY_STATIC, transcript_vtt, strlen (transcript_vtt));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/chapters.json"))
    {
      static const char *chapters =
        "{\"version\":\"1.2.0\",\"chapters\":[{\"startTime\":0,\"title\":\"Cold open\"},"
        "{\"startTime\":45,\"title\":\"Why it fails\",\"url\":\"https://example.org/why\"},"
        "{\"startTime\":60,\"title\":\"Picture\",\"toc\":false}]}";

      soup_server_message_set_response (msg, "application/json+chapters", SOUP_MEMORY_STATIC, chapters, strlen (chapters));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/flaky.vtt") && ++broken_requests > 1)
    {
      /* The second try works: what Retry is for. */
      soup_server_message_set_response (msg, "text/vtt", SOUP_MEMORY_STATIC, transcript_vtt, strlen (transcript_vtt));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *uri = NULL;

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serve, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/" without the slash. */
  server_url = g_strndup (uri, strlen (uri) - 1);
}

static const char *rich_notes =
  "<p>We talk about <strong>long-wave radio</strong> and why the shipping forecast still goes "
  "out at 198 kHz. Read more on <a href=\"https://example.org/longwave\">our website</a>, "
  "and see <a href=\"https://en.wikipedia.org/wiki/Droitwich_Transmitting_Station\">the "
  "transmitter’s page</a>.</p>"
  "<ul><li>00:00 Introduction</li><li>0:30 The Droitwich mast</li><li>1:00 Listener mail</li></ul>"
  "<p>Support us: https://example.org/donate</p>";

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

static void
set_media (LwFeedItem *item,
           char       *url)
{
  LwEnclosure *enclosure = item->enclosures->pdata[0];

  g_free (enclosure->url);
  enclosure->url = url;
  g_free (enclosure->type);
  enclosure->type = g_strdup ("audio/x-wav");
}

static void
merge_fixture_library (void)
{
  g_autoptr(GError) error = NULL;
  LwFeed *feed = lw_feed_new ();

  feed->title = g_strdup ("The Longwave Test Show");
  feed->author = g_strdup ("Ada Lovelace");
  feed->link = g_strdup ("https://example.org/");
  add_episode (feed, "new", "Episode 4: Listening to the Shipping Forecast", now_unix - 3600, 3723,
            "<p>Fresh.</p>");
  add_episode (feed, "progress", "Episode 3: Antennas, and Why They Are the Length They Are",
            now_unix - 3 * DAY, 45 * 60, "<p>Quarter waves.</p>");
  add_episode (feed, "played", "Episode 2: Crystal Sets", now_unix - 60 * DAY, 50 * 60, NULL);
  add_episode (feed, "downloaded", "Episode 1: Hello, World", now_unix - 400 * DAY, 20 * 60,
            "<p>Where it all began.</p>");
  show_id = merge (feed, "https://example.org/feeds/test.xml");

  /* The episode with everything, in a show of its own. */
  {
    LwFeedItem *item;
    LwPerson *host = lw_person_new ();

    feed = lw_feed_new ();
    feed->title = g_strdup ("Radio Stories");
    feed->author = g_strdup ("Ada Lovelace");
    host->name = g_strdup ("Ada Lovelace");
    host->role = g_strdup ("host");
    g_ptr_array_add (feed->persons, host);

    item = add_episode (feed, "rich", "Episode 5: Listening to the Shipping Forecast", now_unix - 7200, 90,
                     rich_notes);
    set_media (item, write_tone (90));
    add_chapter (item, 0, "Introduction");
    add_chapter (item, 30, "The Droitwich mast");
    add_chapter (item, 60, "Listener mail");
    add_person (item, "Ada Lovelace", "host", "https://example.org/ada");
    add_person (item, "Charles Babbage", "guest", NULL);
    add_person (item, "Grace Hopper", "sound designer", NULL);
    /* SRT listed first: the VTT one, with speakers, is picked. */
    add_transcript (item, g_strconcat (server_url, "/missing.srt", NULL), "application/x-subrip");
    add_transcript (item, g_strconcat (server_url, "/transcript.vtt", NULL), "text/vtt");

    item = add_episode (feed, "broken", "Episode 6: A Transcript That Fails Once", now_unix - 3600, 90,
                     "<p>No links here.</p>");
    add_transcript (item, g_strconcat (server_url, "/flaky.vtt", NULL), "text/vtt");
    /* podcast:chapters: JSON fetched when the episode is shown. */
    item->chapters_url = g_strconcat (server_url, "/chapters.json", NULL);
    item->chapters_type = g_strdup ("application/json+chapters");

    radio_show_id = merge (feed, "https://example.org/feeds/radio.xml");
    rich_id = episode_id_for_guid (radio_show_id, "rich");
    broken_id = episode_id_for_guid (radio_show_id, "broken");
  }

  new_id = episode_id_for_guid (show_id, "new");
  progress_id = episode_id_for_guid (show_id, "progress");
  played_id = episode_id_for_guid (show_id, "played");
  downloaded_id = episode_id_for_guid (show_id, "downloaded");

  g_assert_true (lw_library_set_episode_position (library, progress_id, 30 * 60 * 1000, &error));
  g_assert_true (lw_library_set_episode_played (library, played_id, TRUE, &error));
  g_assert_true (lw_library_set_episode_local_path (library, downloaded_id, "/tmp/hello.mp3", &error));
  g_assert_no_error (error);

  feed = lw_feed_new ();
  feed->title = g_strdup ("Ten Thousand Episodes");
  for (guint i = 0; i < BIG_SHOW_EPISODES; i++)
    {
      g_autofree char *guid = g_strdup_printf ("big-%05u", i);
      g_autofree char *title = g_strdup_printf ("Big Episode %u", i + 1);

      add_episode (feed, guid, title, now_unix - 20 * DAY - (gint64) (BIG_SHOW_EPISODES - i) * 3600, 1800, NULL);
    }
  big_show_id = merge (feed, "https://example.org/feeds/big.xml");
}

/* List tests *********************************************************************/

static LwEpisodeListView *
new_list_window (GtkWindow **window)
{
  LwEpisodeListView *list = LW_EPISODE_LIST_VIEW (lw_episode_list_view_new (app));

  *window = new_window (GTK_WIDGET (list));
  return list;
}

/* What a click does, at once (gtk_widget_activate() animates first). */
static void
click (gpointer    widget,
       const char *name)
{
  g_signal_emit_by_name (template_child (widget, G_OBJECT_TYPE (widget), name), "clicked");
}

static gboolean
filter_settled (gpointer data)
{
  LwEpisodeListView *list = data;
  GListModel *shown = lw_episode_list_view_get_shown (list);
  GtkFilterListModel *filter_model = GTK_FILTER_LIST_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (shown)));
  GListModel *source = gtk_filter_list_model_get_model (filter_model);

  /* A long list comes in a few rows a frame, under the filter. */
  if (GTK_IS_SLICE_LIST_MODEL (source) && gtk_slice_list_model_get_size (GTK_SLICE_LIST_MODEL (source)) != G_MAXUINT)
    return FALSE;

  return gtk_filter_list_model_get_pending (filter_model) == 0;
}

static guint
n_shown (LwEpisodeListView *list)
{
  wait_for (filter_settled, list, "the filter to finish");
  return g_list_model_get_n_items (lw_episode_list_view_get_shown (list));
}

/* The row's description is its state, then the same date and length it shows. */
static void
assert_description (LwEpisodeRow *row,
                    const char   *state,
                    const char   *length,
                    const char   *after)
{
  LwEpisode *episode = lw_episode_row_get_episode (row);
  g_autofree char *meta = NULL;
  g_autofree char *expected = NULL;

  meta = lw_episode_row_format_meta (lw_episode_get_published (episode),
                                     lw_episode_get_duration (episode),
                                     lw_episode_get_position (episode),
                                     lw_episode_get_played (episode));
  g_assert_true (g_str_has_suffix (meta, length));
  expected = g_strconcat (state, ", ", meta, after, NULL);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
}

static void
test_list_show (void)
{
  g_autoptr(LwShow) show = lw_library_lookup_show (library, show_id);
  GtkWindow *window;
  LwEpisodeListView *list = new_list_window (&window);
  LwEpisodeRow *row;

  lw_episode_list_view_set_show (list, show);
  g_assert_true (lw_episode_list_view_get_show (list) == show);
  g_assert_cmpuint (n_shown (list), ==, 4);
  wait_ms (100);

  /* Each state as it is seen… */
  row = find_row (list, new_id);
  g_assert_nonnull (row);
  g_assert_true (part_shown (row, "new"));
  g_assert_false (part_shown (row, "progress"));
  g_assert_false (part_shown (row, "show"));

  row = find_row (list, progress_id);
  g_assert_nonnull (row);
  g_assert_false (part_shown (row, "new"));
  g_assert_true (part_shown (row, "progress"));
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (row_part (row, "progress")),
                                  30.0 / 45.0, 0.001);
  g_assert_true (strstr (text_of (row_part (row, "meta")), "15 min left"));

  row = find_row (list, played_id);
  g_assert_nonnull (row);
  g_assert_true (part_shown (row, "played"));
  g_assert_true (gtk_widget_has_css_class (row_part (row, "title"), "dim-label"));

  row = find_row (list, downloaded_id);
  g_assert_nonnull (row);
  g_assert_true (part_shown (row, "downloaded"));
  g_assert_false (part_shown (row, "played"));

  /* …and as it is heard. */
  gtk_test_accessible_assert_property (find_row (list, new_id), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Episode 4: Listening to the Shipping Forecast");
  assert_description (find_row (list, progress_id), "In progress", "15 min left", "");
  assert_description (find_row (list, played_id), "Played", "50 min", "");
  assert_description (find_row (list, downloaded_id), "Unplayed", "20 min", ", Downloaded");
  assert_description (find_row (list, new_id), "New", "1 h 2 min", "");

  /* A row makes only what it shows: a list binds dozens of rows a frame, and a
   * hidden progress bar or mark still costs each of them their style. */
  {
    g_autoptr(GPtrArray) widgets = find_all (find_row (list, new_id), GTK_TYPE_WIDGET);
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; i < widgets->len; i++)
      g_string_append_printf (names, " %s", gtk_widget_get_name (widgets->pdata[i]));
    /* The row, its text box, title, meta box, New mark and date line. */
    g_assert_cmpuint (widgets->len, ==, 6);
    g_assert_null (strstr (names->str, "progress"));
    g_assert_null (strstr (names->str, "played"));
    g_assert_null (strstr (names->str, "downloaded"));
  }

  save_sizes_and_schemes (window, "episode-list");

  /* A row follows its episode: from in progress to played and back. */
  row = find_row (list, progress_id);
  g_assert_true (lw_library_set_episode_played (library, progress_id, TRUE, NULL));
  wait_ms (50);
  g_assert_true (find_row (list, progress_id) == row);
  g_assert_false (part_shown (row, "progress"));
  g_assert_true (part_shown (row, "played"));
  assert_description (row, "Played", "45 min", "");
  g_assert_true (lw_library_set_episode_played (library, progress_id, FALSE, NULL));
  g_assert_true (lw_library_set_episode_position (library, progress_id, 30 * 60 * 1000, NULL));
  wait_ms (50);
  g_assert_true (part_shown (row, "progress"));
  g_assert_false (part_shown (row, "played"));
  assert_description (row, "In progress", "15 min left", "");

  gtk_window_destroy (window);
}

static void
test_list_filters (void)
{
  g_autoptr(LwShow) show = lw_library_lookup_show (library, show_id);
  GtkWindow *window;
  LwEpisodeListView *list = new_list_window (&window);
  GtkWidget *empty_page = template_child (list, LW_TYPE_EPISODE_LIST_VIEW, "empty_page");
  GtkStack *stack = template_child (list, LW_TYPE_EPISODE_LIST_VIEW, "stack");

  lw_episode_list_view_set_show (list, show);
  g_assert_cmpuint (n_shown (list), ==, 4);

  /* The buttons, as a person presses them. */
  g_assert_true (gtk_toggle_button_get_active (template_child (list, LW_TYPE_EPISODE_LIST_VIEW, "all_button")));
  click (list, "unplayed_button");
  g_assert_cmpint (lw_episode_list_view_get_filter (list), ==, LW_EPISODE_FILTER_UNPLAYED);
  g_assert_true (gtk_toggle_button_get_active (template_child (list, LW_TYPE_EPISODE_LIST_VIEW, "unplayed_button")));
  g_assert_false (gtk_toggle_button_get_active (template_child (list, LW_TYPE_EPISODE_LIST_VIEW, "all_button")));
  g_assert_cmpuint (n_shown (list), ==, 3);
  wait_ms (50);
  g_assert_null (find_row (list, played_id));
  g_assert_nonnull (find_row (list, progress_id));

  click (list, "downloaded_button");
  g_assert_cmpuint (n_shown (list), ==, 1);
  wait_ms (50);
  g_assert_nonnull (find_row (list, downloaded_id));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  /* Marking played from the Unplayed filter takes the row away. */
  click (list, "unplayed_button");
  g_assert_cmpuint (n_shown (list), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (list), "episodes.mark-played", "x", new_id);
  g_assert_cmpuint (n_shown (list), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (list), "episodes.mark-unplayed", "x", new_id);
  g_assert_cmpuint (n_shown (list), ==, 3);

  /* A list with nothing to show says so. */
  lw_episode_list_view_set_model (list, NULL);
  g_assert_null (lw_episode_list_view_get_show (list));
  g_assert_cmpuint (n_shown (list), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty_page)), ==, "No Unplayed Episodes");
  click (list, "downloaded_button");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty_page)), ==, "No Downloaded Episodes");
  g_assert_false (gtk_widget_get_sensitive (template_child (list, LW_TYPE_EPISODE_LIST_VIEW, "mark_all_button")));
  wait_ms (100);
  g_free (save_png (window, "episode-list-empty-downloaded.png"));

  gtk_window_destroy (window);
}

static gboolean
popover_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data)) && gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The labels of a menu model, sections flattened, mnemonics kept. */
static char *
menu_labels (GMenuModel *menu)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;

      if (section != NULL)
        {
          g_autofree char *inner = menu_labels (section);

          g_string_append_printf (text, "%s%s", text->len ? "|" : "", inner);
        }
      else if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_string_append_printf (text, "%s%s", text->len ? "|" : "", label);
    }

  return g_string_free (text, FALSE);
}

/* Shared with the other UI tests, in lw-ui-test.c; its header is not included
 * because this program has helpers of its own by the same names. */
gboolean press_key (GtkWidget  *widget,
                    const char *accelerator);

static void
test_list_menu (void)
{
  g_autoptr(LwShow) show = lw_library_lookup_show (library, show_id);
  g_autoptr(LwEpisode) episode = lw_library_lookup_episode (library, new_id);
  g_autoptr(GListModel) queue = lw_library_get_queue (library);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  LwEpisodeListView *list = new_list_window (&window);
  LwEpisodeRow *row;
  GtkPopoverMenu *popover;
  GMenuModel *menu;
  g_autofree char *labels = NULL;

  lw_episode_list_view_set_show (list, show);
  g_assert_cmpuint (n_shown (list), ==, 4);
  wait_ms (100);

  /* Right click. */
  row = find_row (list, new_id);
  g_assert_nonnull (row);
  lw_episode_row_popup_menu (row);
  popover = GTK_POPOVER_MENU (row_menu (row));
  wait_for (popover_visible, popover, "the context menu");
  menu = gtk_popover_menu_get_menu_model (popover);
  labels = menu_labels (menu);
  g_assert_cmpstr (labels, ==, "_Play|Add to _Queue|Mark as P_layed|_Download|Mark _All Played|Mark All U_nplayed");
  wait_ms (200);
  /* The menu is a surface of its own: rendered on its own. */
  g_free (save_png (popover, "episode-list-menu.png"));
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Without the application's download-episode, Download is there but hidden. */
  if (!g_action_group_has_action (G_ACTION_GROUP (app), "download-episode"))
    {
      g_autoptr(GPtrArray) buttons = find_all (popover, GTK_TYPE_WIDGET);
      guint n_items = 0;

      for (guint i = 0; i < buttons->len; i++)
        if (g_str_equal (gtk_widget_get_css_name (buttons->pdata[i]), "modelbutton") &&
            gtk_widget_get_visible (buttons->pdata[i]))
          n_items++;
      g_assert_cmpuint (n_items, ==, 4);
    }

  /* The keyboard: Shift+F10 and Menu on the focused row. */
  row = find_row (list, played_id);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (press_key (GTK_WIDGET (list), "<Shift>F10"));
  popover = GTK_POPOVER_MENU (row_menu (row));
  wait_for (popover_visible, popover, "the context menu from Shift+F10");
  g_clear_pointer (&labels, g_free);
  labels = menu_labels (gtk_popover_menu_get_menu_model (popover));
  g_assert_cmpstr (labels, ==, "_Play|Add to _Queue|Mark as _Unplayed|_Download|Mark _All Played|Mark All U_nplayed");
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (press_key (GTK_WIDGET (list), "Menu"));
  wait_for (popover_visible, popover, "the context menu from Menu");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* What the items do. */
  g_assert_false (lw_episode_get_played (episode));
  gtk_widget_activate_action (GTK_WIDGET (row), "episodes.mark-played", "x", new_id);
  g_assert_true (lw_episode_get_played (episode));
  gtk_widget_activate_action (GTK_WIDGET (row), "episodes.mark-unplayed", "x", new_id);
  g_assert_false (lw_episode_get_played (episode));

  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (row), "episodes.queue", "x", new_id);
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 1);
  {
    g_autoptr(LwEpisode) queued = g_list_model_get_item (queue, 0);

    g_assert_cmpint (lw_episode_get_id (queued), ==, new_id);
  }
  g_assert_true (lw_library_queue_remove (library, new_id, &error));
  g_assert_no_error (error);

  gtk_window_destroy (window);
}

static void
test_list_mark_all (void)
{
  g_autoptr(LwShow) show = lw_library_lookup_show (library, show_id);
  g_autoptr(LwEpisode) progress = lw_library_lookup_episode (library, progress_id);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  LwEpisodeListView *list = new_list_window (&window);

  lw_episode_list_view_set_show (list, show);
  lw_episode_list_view_set_filter (list, LW_EPISODE_FILTER_UNPLAYED);
  g_assert_cmpuint (n_shown (list), ==, 3);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 3);

  click (list, "mark_all_button");
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 0);
  g_assert_true (lw_episode_get_played (progress));
  g_assert_cmpint (lw_episode_get_position (progress), ==, 0);
  g_assert_cmpuint (n_shown (list), ==, 0);
  g_assert_true (has_label_with_text (list, "No Unplayed Episodes"));

  /* And all unplayed, from the menu's action (on what the list shows: all). */
  lw_episode_list_view_set_filter (list, LW_EPISODE_FILTER_ALL);
  g_assert_cmpuint (n_shown (list), ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (list), "episodes.mark-all-unplayed", NULL);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 4);
  lw_episode_list_view_set_filter (list, LW_EPISODE_FILTER_UNPLAYED);
  g_assert_cmpuint (n_shown (list), ==, 4);

  /* Back as the fixture was, for the tests after this one. */
  g_assert_true (lw_library_set_episode_played (library, played_id, TRUE, &error));
  g_assert_true (lw_library_set_episode_position (library, progress_id, 30 * 60 * 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 3);
  g_assert_cmpuint (n_shown (list), ==, 3);

  gtk_window_destroy (window);
}

static void
on_episode_activated (LwEpisodeListView *list,
                      LwEpisode         *episode,
                      gint64            *activated)
{
  *activated = lw_episode_get_id (episode);
}

static void
test_list_model (void)
{
  g_autoptr(GListModel) fresh = lw_library_get_new_episodes (library);
  GtkWindow *window;
  LwEpisodeListView *list = new_list_window (&window);
  LwEpisodeRow *row;
  gint64 activated = 0;

  lw_episode_list_view_set_show_titles (list, TRUE);
  lw_episode_list_view_set_model (list, fresh);
  g_assert_true (lw_episode_list_view_get_model (list) == fresh);
  /* Unplayed from the last two weeks: the new one, the one in progress and the two
   * of the other show. */
  g_assert_cmpuint (n_shown (list), ==, 4);
  wait_ms (100);

  row = find_row (list, new_id);
  g_assert_nonnull (row);
  g_assert_true (part_shown (row, "show"));
  g_assert_cmpstr (lw_episode_row_get_show_title (row), ==, "The Longwave Test Show");

  /* Mark All Played on a list that is not a show: the episodes in it. */
  gtk_widget_activate_action (GTK_WIDGET (list), "episodes.mark-all-played", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (fresh), ==, 0);
  g_assert_true (has_label_with_text (list, "No Episodes"));
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (lw_library_set_show_played (library, radio_show_id, FALSE, &error));
    g_assert_true (lw_library_set_episode_played (library, new_id, FALSE, &error));
    g_assert_true (lw_library_set_episode_played (library, progress_id, FALSE, &error));
    g_assert_true (lw_library_set_episode_position (library, progress_id, 30 * 60 * 1000, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (n_shown (list), ==, 4);

  /* Activating a row tells who embeds the list. */
  g_signal_connect (list, "episode-activated", G_CALLBACK (on_episode_activated), &activated);
  g_signal_emit_by_name (lw_episode_list_view_get_list_view (list), "activate", 2);
  {
    g_autoptr(LwEpisode) third = g_list_model_get_item (lw_episode_list_view_get_shown (list), 2);

    g_assert_cmpint (activated, ==, lw_episode_get_id (third));
    g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (lw_episode_list_view_get_shown (list))), ==, 2);
  }

  gtk_window_destroy (window);
}

typedef struct
{
  gpointer       widget;
  gint64         id;
  GtkAdjustment *adjustment;
} RowWait;

/* The list's height is an estimate until rows are measured: keep going to the end. */
static gboolean
scrolled_to_row (gpointer data)
{
  RowWait *wait = data;

  if (find_row (wait->widget, wait->id) != NULL)
    return TRUE;

  gtk_adjustment_set_value (wait->adjustment, gtk_adjustment_get_upper (wait->adjustment));
  return FALSE;
}

static void
test_list_big (void)
{
  g_autoptr(LwShow) show = lw_library_lookup_show (library, big_show_id);
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, big_show_id);
  g_autoptr(LwEpisode) oldest = g_list_model_get_item (episodes, BIG_SHOW_EPISODES - 1);
  GtkWindow *window;
  LwEpisodeListView *list = new_list_window (&window);
  GtkScrolledWindow *scrolled = template_child (list, LW_TYPE_EPISODE_LIST_VIEW, "scrolled_window");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  RowWait wait = { list, lw_episode_get_id (oldest), adjustment };
  g_autoptr(GPtrArray) rows = NULL;

  lw_episode_list_view_set_show (list, show);
  /* Opening builds a screen of rows, not the 200 GTK keeps: the rest come a few a
   * frame, so no frame holds the main loop for long. */
  rows = find_all (list, LW_TYPE_EPISODE_ROW);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <=, 24);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpuint (n_shown (list), ==, BIG_SHOW_EPISODES);
  wait_ms (100);

  /* Only rows around the screen exist: GTK 4.8's list keeps about 200 of them. */
  rows = find_all (list, LW_TYPE_EPISODE_ROW);
  g_assert_cmpuint (rows->len, <, 250);

  wait_for (scrolled_to_row, &wait, "the oldest episode's row");
  g_assert_true (has_label_with_text (find_row (list, wait.id), "Big Episode 1"));

  gtk_window_destroy (window);
}


/* Detail tests *******************************************************************/

static gboolean
stack_settled (gpointer data)
{
  return !gtk_stack_get_transition_running (data) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (data), "episode") == 0;
}

static gboolean
detail_filled (gpointer data)
{
  return lw_episode_detail_is_filled (data);
}

static LwEpisodeDetail *
new_detail_window (GtkWindow **window,
                   gint64      episode_id)
{
  LwEpisodeDetail *detail = LW_EPISODE_DETAIL (lw_episode_detail_new ());
  g_autoptr(LwEpisode) episode = lw_library_lookup_episode (library, episode_id);
  g_autoptr(LwShow) show = lw_library_lookup_show (library, lw_episode_get_show_id (episode));

  *window = new_window (GTK_WIDGET (detail));
  lw_episode_detail_set_player (detail, lw_application_get_player (app));
  lw_episode_detail_set_show (detail, show);
  lw_episode_detail_set_episode (detail, episode);
  /* Past the crossfade from "No Episode Selected". */
  wait_for (stack_settled, template_child (detail, LW_TYPE_EPISODE_DETAIL, "stack"), "the detail to show");
  wait_for (detail_filled, detail, "the detail to fill in");
  wait_ms (100);

  return detail;
}

static void
test_detail_rich (void)
{
  GtkWindow *window;
  LwEpisodeDetail *detail = new_detail_window (&window, rich_id);
  LwTranscriptView *transcript = template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_view");
  g_autoptr(GListModel) queue = lw_library_get_queue (library);
  g_autoptr(GError) error = NULL;
  g_autofree char *chapters = NULL;
  g_autofree char *persons = NULL;
  g_autofree char *links = NULL;
  GtkWidget *heading;

  g_assert_true (has_label_with_text (detail, "Episode 5: Listening to the Shipping Forecast"));
  g_assert_true (has_label_with_text (detail, "Radio Stories"));
  g_assert_true (has_label_with_text (detail, " min"));
  g_assert_true (has_label_with_text (detail, "shipping forecast still goes out"));

  chapters = row_titles (template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_list"));
  g_assert_cmpstr (chapters, ==, "Introduction|The Droitwich mast|Listener mail");
  g_assert_true (has_label_with_text (template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_list"), "0:30"));

  persons = row_titles (template_child (detail, LW_TYPE_EPISODE_DETAIL, "persons_list"));
  g_assert_cmpstr (persons, ==, "Ada Lovelace (Host)|Charles Babbage (Guest)|Grace Hopper (Sound designer)");

  /* Every link of the notes, bare addresses too, in order. */
  links = row_titles (template_child (detail, LW_TYPE_EPISODE_DETAIL, "links_list"));
  g_assert_cmpstr (links, ==,
                   "our website (https://example.org/longwave)|"
                   "the transmitter’s page (https://en.wikipedia.org/wiki/Droitwich_Transmitting_Station)|"
                   "example.org (https://example.org/donate)");

  /* The transcript, fetched from the loopback server. */
  wait_for (transcript_loaded, transcript, "the transcript");
  wait_ms (200);
  g_assert_cmpuint (lw_transcript_view_get_n_cues (transcript), ==, 7);
  g_assert_cmpint (lw_transcript_view_get_current (transcript), ==, -1);
  g_assert_true (has_label_with_text (transcript, "Thanks for having me. I have listened since I was a boy."));
  g_assert_true (has_label_with_text (transcript, "Charles Babbage"));

  /* Named for assistive technologies. */
  heading = gtk_widget_get_first_child (template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_section"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (heading)), ==, "Transcript");
  gtk_test_accessible_assert_role (heading, GTK_ACCESSIBLE_ROLE_HEADING);
  gtk_test_accessible_assert_property (template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_list"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Chapters");
  gtk_test_accessible_assert_property (template_child (transcript, LW_TYPE_TRANSCRIPT_VIEW, "list_view"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Transcript");
  {
    g_autoptr(GPtrArray) boxes = find_all (transcript, GTK_TYPE_BOX);
    gboolean found = FALSE;

    for (guint i = 0; i < boxes->len; i++)
      if (gtk_widget_get_parent (boxes->pdata[i]) != NULL &&
          g_str_equal (gtk_widget_get_css_name (gtk_widget_get_parent (boxes->pdata[i])), "row") &&
          gtk_test_accessible_has_property (boxes->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL))
        found = TRUE;
    g_assert_true (found);
  }

  save_sizes_and_schemes (window, "episode-detail");

  /* The transcript section, scrolled to. */
  {
    GtkScrolledWindow *scrolled = template_child (detail, LW_TYPE_EPISODE_DETAIL, "scrolled_window");
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    wait_ms (300);
    g_free (save_png (window, "episode-detail-end.png"));
  }

  /* Add to Queue. */
  g_signal_emit_by_name (template_child (detail, LW_TYPE_EPISODE_DETAIL, "queue_button"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==, 1);
  g_assert_true (has_label_with_text (window, "Added to the queue"));
  g_assert_true (lw_library_queue_remove (library, rich_id, &error));
  g_assert_no_error (error);

  gtk_window_destroy (window);
}

static gboolean
notes_filled (gpointer data)
{
  const char *text = gtk_label_get_text (template_child (data, LW_TYPE_EPISODE_DETAIL, "notes_label"));

  return text != NULL && text[0] != '\0';
}

/* On screen, a new episode's page fills in over frames (its header at once, its notes
 * and the rest after): the frame that shows it lays out less. Off screen, at once. */
static void
test_detail_fill_in (void)
{
  GtkWindow *window;
  LwEpisodeDetail *detail = new_detail_window (&window, rich_id);
  LwEpisodeDetail *unmapped = g_object_ref_sink (LW_EPISODE_DETAIL (lw_episode_detail_new ()));
  g_autoptr(LwEpisode) rich = lw_library_lookup_episode (library, rich_id);
  g_autoptr(LwEpisode) other = lw_library_lookup_episode (library, new_id);
  GtkLabel *notes = template_child (detail, LW_TYPE_EPISODE_DETAIL, "notes_label");
  g_autofree char *rich_notes = NULL;
  g_autofree char *other_notes = NULL;

  /* Off screen: everything at once. What each episode's notes read. */
  lw_episode_detail_set_episode (unmapped, other);
  other_notes = g_strdup (gtk_label_get_text (template_child (unmapped, LW_TYPE_EPISODE_DETAIL, "notes_label")));
  lw_episode_detail_set_episode (unmapped, rich);
  rich_notes = g_strdup (gtk_label_get_text (template_child (unmapped, LW_TYPE_EPISODE_DETAIL, "notes_label")));
  g_assert_cmpstr (other_notes, !=, "");
  g_assert_cmpstr (rich_notes, !=, other_notes);
  g_assert_true (gtk_widget_get_visible (template_child (unmapped, LW_TYPE_EPISODE_DETAIL, "chapters_section")));

  /* On screen: the header now, nothing of the last episode, the notes a frame on. */
  wait_for (notes_filled, detail, "the rich episode's notes");
  g_assert_cmpstr (gtk_label_get_text (notes), ==, rich_notes);
  lw_episode_detail_set_episode (detail, other);
  g_assert_cmpstr (text_of (template_child (detail, LW_TYPE_EPISODE_DETAIL, "title_label")), ==,
                   lw_episode_get_title (other));
  g_assert_cmpstr (gtk_label_get_text (notes), ==, "");
  g_assert_false (gtk_widget_get_visible (template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_section")));
  g_assert_false (lw_episode_detail_is_filled (detail));
  wait_for (notes_filled, detail, "the other episode's notes");
  g_assert_cmpstr (gtk_label_get_text (notes), ==, other_notes);

  /* Changed again before it filled in: only the last one's page, and all of it. */
  lw_episode_detail_set_episode (detail, other);
  lw_episode_detail_set_episode (detail, rich);
  lw_episode_detail_set_episode (detail, other);
  lw_episode_detail_set_episode (detail, rich);
  wait_for (detail_filled, detail, "the rich episode's page again");
  g_assert_cmpstr (gtk_label_get_text (notes), ==, rich_notes);
  g_assert_true (gtk_widget_get_visible (template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_section")));

  /* Hidden while it fills in: whole when it shows again. */
  lw_episode_detail_set_episode (detail, other);
  gtk_widget_set_visible (GTK_WIDGET (detail), FALSE);
  g_assert_cmpstr (gtk_label_get_text (notes), ==, other_notes);
  gtk_widget_set_visible (GTK_WIDGET (detail), TRUE);

  g_object_unref (unmapped);
  gtk_window_destroy (window);
}

static void
test_detail_follow (void)
{
  GtkWindow *window;
  LwEpisodeDetail *detail = new_detail_window (&window, rich_id);
  LwTranscriptView *transcript = template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_view");
  GtkListBox *chapters = template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_list");
  LwPlayer *player = lw_application_get_player (app);
  PositionWait wait = { player, 0, 0 };
  GtkWidget *icon;

  wait_for (transcript_loaded, transcript, "the transcript");

  /* Play, as a person clicks it. */
  g_signal_emit_by_name (template_child (detail, LW_TYPE_EPISODE_DETAIL, "play_button"), "clicked");
  g_assert_nonnull (lw_player_get_episode (player));
  g_assert_cmpint (lw_episode_get_id (lw_player_get_episode (player)), ==, rich_id);

  /* A chapter seeks, and the transcript follows: cue 6 starts at 1:00. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (chapters, 2), "activated");
  wait.from_ms = 60000;
  wait.to_ms = 75000;
  wait_for (position_within, &wait, "the player at Listener mail");
  lw_player_pause (player);
  wait_ms (300);
  g_assert_cmpint (lw_transcript_view_get_current (transcript), ==, 5);
  icon = g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (chapters, 2)), "playing-icon");
  g_assert_true (gtk_widget_get_visible (icon));
  icon = g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (chapters, 0)), "playing-icon");
  g_assert_false (gtk_widget_get_visible (icon));
  {
    GtkSingleSelection *selection =
      GTK_SINGLE_SELECTION (gtk_list_view_get_model (template_child (transcript, LW_TYPE_TRANSCRIPT_VIEW, "list_view")));

    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 5);
  }
  save_sizes_and_schemes (window, "episode-detail-playing");
  {
    GtkScrolledWindow *scrolled = template_child (detail, LW_TYPE_EPISODE_DETAIL, "scrolled_window");
    GtkWidget *section = template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_section");
    graphene_point_t point;

    /* The transcript in view, its current cue highlighted. */
    g_assert_true (gtk_widget_compute_point (section, gtk_scrolled_window_get_child (scrolled),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), point.y - 12);
    wait_ms (300);
    g_free (save_png (window, "episode-detail-transcript-playing.png"));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), 0);
  }

  /* A cue seeks back: cue 2 starts at 0:09. */
  g_signal_emit_by_name (template_child (transcript, LW_TYPE_TRANSCRIPT_VIEW, "list_view"), "activate", 1);
  wait.from_ms = 9000;
  wait.to_ms = 20000;
  wait_for (position_within, &wait, "the player at the second cue");
  lw_player_pause (player);
  wait_ms (300);
  g_assert_cmpint (lw_transcript_view_get_current (transcript), ==, 1);
  icon = g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (chapters, 0)), "playing-icon");
  g_assert_true (gtk_widget_get_visible (icon));

  /* Another episode in the detail: nothing of this one is highlighted. */
  {
    g_autoptr(LwEpisode) other = lw_library_lookup_episode (library, new_id);

    lw_episode_detail_set_episode (detail, other);
    g_assert_false (gtk_widget_get_visible (template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_section")));
    g_assert_false (gtk_widget_get_visible (template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_section")));
    g_assert_cmpint (lw_transcript_view_get_position (transcript), ==, -1);
  }

  lw_player_stop (player);
  gtk_window_destroy (window);
}

/* @n cues five seconds apart, every other one with a speaker; the second one long
 * enough to wrap. */
static GPtrArray *
new_cues (guint n)
{
  GPtrArray *cues = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_transcript_cue_free);

  for (guint i = 0; i < n; i++)
    {
      LwTranscriptCue *cue = lw_transcript_cue_new ();

      cue->start_ms = i * 5000;
      cue->end_ms = (i + 1) * 5000;
      cue->speaker = i % 2 ? g_strdup ("Ada Lovelace") : NULL;
      if (i == 1)
        cue->text = g_strdup ("Line 2 of the transcript, which goes on for a while: the forecast for Viking, "
                              "North Utsire, South Utsire, Forties, Cromarty, Forth, Tyne, Dogger, Fisher, "
                              "German Bight, Humber, Thames, Dover, Wight, Portland and Plymouth.");
      else
        cue->text = g_strdup_printf ("Line %u of the transcript.", i + 1);
      g_ptr_array_add (cues, cue);
    }

  return cues;
}

static GtkWidget *
find_label (gpointer    widget,
            const char *text)
{
  g_autoptr(GPtrArray) labels = find_all (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0 &&
        gtk_widget_get_mapped (labels->pdata[i]))
      return labels->pdata[i];

  return NULL;
}

/* A transcript is as tall as its cues, up to a cap: two cues leave no empty card
 * under them and are not cut to one either, two hundred scroll inside it, and
 * following playback still brings the current cue into view there. In a long
 * scrolled page, as in the episode detail. */
static void
test_transcript_height (void)
{
  LwTranscriptView *view = LW_TRANSCRIPT_VIEW (lw_transcript_view_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *page = gtk_scrolled_window_new ();
  GtkWidget *list_view = template_child (view, LW_TYPE_TRANSCRIPT_VIEW, "list_view");
  GtkScrolledWindow *inner = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (list_view, GTK_TYPE_SCROLLED_WINDOW));
  g_autoptr(GPtrArray) two = new_cues (2);
  g_autoptr(GPtrArray) many = new_cues (200);
  GtkWindow *window;
  GtkWidget *label;
  graphene_rect_t bounds;
  int short_height, long_height;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_box_append (GTK_BOX (box), gtk_label_new ("What comes after the transcript"));
  /* Taller than the window, as a rich episode's page: a scrolled page gives its
   * children their minimum height then. */
  {
    GtkWidget *filler = gtk_label_new ("The rest of the page");

    gtk_widget_set_size_request (filler, -1, 2000);
    gtk_box_append (GTK_BOX (box), filler);
  }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (page), box);
  window = new_window (page);

  lw_transcript_view_set_cues (view, two);
  wait_ms (300);
  short_height = gtk_widget_get_height (GTK_WIDGET (view));
  g_free (save_png (window, "transcript-short.png"));
  /* All of it, the wrapped lines too: nothing to scroll to. */
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (inner);

    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, gtk_adjustment_get_page_size (adjustment) + 1);
  }

  lw_transcript_view_set_cues (view, many);
  wait_ms (300);
  long_height = gtk_widget_get_height (GTK_WIDGET (view));
  g_test_message ("Transcript of 2 cues: %d px; of 200: %d px", short_height, long_height);
  g_assert_cmpint (short_height, >, 60);
  g_assert_cmpint (short_height, <, 140);
  g_assert_cmpint (long_height, >=, 420);
  g_assert_cmpint (long_height, <=, 430);
  g_assert_cmpint (gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (inner)), >, 10 * long_height);

  /* Following playback, deep into it: the cue comes into view inside the box. */
  lw_transcript_view_set_position (view, 150 * 5000 + 100);
  g_assert_cmpint (lw_transcript_view_get_current (view), ==, 150);
  wait_ms (300);
  label = find_label (inner, "Line 151 of the transcript.");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (inner), &bounds));
  g_test_message ("Cue 151 at %.0f–%.0f in a box of %d", bounds.origin.y,
                  bounds.origin.y + bounds.size.height, gtk_widget_get_height (GTK_WIDGET (inner)));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (inner)));
  g_free (save_png (window, "transcript-long.png"));

  /* Back to a short one: the box shrinks again. */
  lw_transcript_view_set_cues (view, two);
  wait_ms (300);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), ==, short_height);

  gtk_window_destroy (window);
}

static gboolean
error_shown (gpointer data)
{
  GtkStack *stack = template_child (data, LW_TYPE_TRANSCRIPT_VIEW, "stack");

  return g_str_equal (gtk_stack_get_visible_child_name (stack), "error");
}

static void
test_detail_transcript_error (void)
{
  GtkWindow *window;
  LwEpisodeDetail *detail = new_detail_window (&window, broken_id);
  LwTranscriptView *transcript = template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_view");
  const char *message;

  g_assert_true (gtk_widget_get_visible (template_child (detail, LW_TYPE_EPISODE_DETAIL, "transcript_section")));
  g_assert_false (gtk_widget_get_visible (template_child (detail, LW_TYPE_EPISODE_DETAIL, "links_section")));
  /* Nobody named for the episode: the show's host. */
  {
    g_autofree char *persons = row_titles (template_child (detail, LW_TYPE_EPISODE_DETAIL, "persons_list"));

    g_assert_cmpstr (persons, ==, "Ada Lovelace (Host)");
  }

  /* The chapters from their JSON file, without the one not meant for the list. */
  wait_for ((Condition) gtk_widget_get_visible, template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_section"),
            "the chapters");
  {
    g_autofree char *chapters = row_titles (template_child (detail, LW_TYPE_EPISODE_DETAIL, "chapters_list"));

    g_assert_cmpstr (chapters, ==, "Cold open|Why it fails");
  }

  wait_for (error_shown, transcript, "the transcript error");
  message = gtk_label_get_label (template_child (transcript, LW_TYPE_TRANSCRIPT_VIEW, "error_label"));
  g_test_message ("Transcript error: %s", message);
  g_assert_nonnull (strstr (message, "127.0.0.1"));
  g_assert_nonnull (strstr (message, "404"));
  wait_ms (100);
  g_free (save_png (window, "episode-detail-transcript-error.png"));

  g_signal_emit_by_name (template_child (transcript, LW_TYPE_TRANSCRIPT_VIEW, "retry_button"), "clicked");
  wait_for (transcript_loaded, transcript, "the transcript after Retry");
  g_assert_cmpuint (broken_requests, ==, 2);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* test_tmp_dir is also where the shared fixtures (write_tone) write. */
  set_up_test_dirs ("longwave-test-episodes");
  tmp_dir = test_tmp_dir;
  now_unix = g_get_real_time () / G_USEC_PER_SEC;

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);
  library = lw_application_get_library (app);
  g_assert_nonnull (library);
  start_server ();
  merge_fixture_library ();

  g_test_add_func ("/ui/episodes/list/show", test_list_show);
  g_test_add_func ("/ui/episodes/list/filters", test_list_filters);
  g_test_add_func ("/ui/episodes/list/menu", test_list_menu);
  g_test_add_func ("/ui/episodes/list/mark-all", test_list_mark_all);
  g_test_add_func ("/ui/episodes/list/model", test_list_model);
  g_test_add_func ("/ui/episodes/list/big", test_list_big);
  g_test_add_func ("/ui/episodes/detail/rich", test_detail_rich);
  g_test_add_func ("/ui/episodes/detail/follow", test_detail_follow);
  g_test_add_func ("/ui/episodes/detail/fill-in", test_detail_fill_in);
  g_test_add_func ("/ui/episodes/detail/transcript-error", test_detail_transcript_error);
  g_test_add_func ("/ui/episodes/transcript/height", test_transcript_height);

  ret = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&app);
  g_clear_object (&server);
  g_free (server_url);
  rm_rf (tmp_dir);

  return ret;
}
