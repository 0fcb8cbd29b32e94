/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "core/lw-feed.h"
#include "playback/lw-chapter-list.h"
#include "player-fixture.h"

/* Chapters from the feed (stored Podlove Simple Chapters), from Podcasting 2.0 JSON
 * served by a SoupServer on loopback, and from files generated in the build (ID3v2
 * CHAP frames, Vorbis comments); merged; and the player's chapter navigation. */

static const char chapters_json[] =
  "{ \"version\": \"1.2.0\", \"chapters\": ["
  "  { \"startTime\": 0, \"title\": \"Welcome\", \"img\": \"https://example.org/welcome.png\" },"
  "  { \"startTime\": 30, \"title\": \"Picture change\", \"toc\": false },"
  "  { \"startTime\": 60.4, \"title\": \"Main topic\", \"url\": \"https://example.org/topic\" },"
  "  { \"title\": \"No start: ignored\" },"
  "  { \"startTime\": 150, \"title\": \"Goodbye\" }"
  "] }";

typedef struct
{
  SoupServer *soup_server;
  char       *base;
  guint       n_requests;
} Server;

static void
serve (SoupServer        *soup_server,
       SoupServerMessage *message,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Server *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  server->n_requests++;

  if (g_str_equal (path, "/chapters.json"))
    {
      soup_message_headers_set_content_type (headers, "application/json+chapters", NULL);
      soup_server_message_set_response (message, "application/json+chapters", SOUP_MEMORY_STATIC,
                                        chapters_json, strlen (chapters_json));
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
    }
  else if (g_str_equal (path, "/broken.json"))
    {
      static const char broken[] = "{ \"chapters\": [ { \"startTime\": ";

      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        broken, strlen (broken));
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
    }
  else if (g_str_equal (path, "/not-chapters.json"))
    {
      static const char other[] = "{ \"episodes\": [] }";

      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        other, strlen (other));
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
    }
  else if (g_str_equal (path, "/slow.json"))
    {
      /* Never answers: the client's timeout has to end it. */
      soup_server_message_pause (message);
    }
  else
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
    }
}

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  server->soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->soup_server, NULL, serve, server, NULL);
  soup_server_listen_local (server->soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->soup_server);
  server->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
server_stop (Server *server)
{
  g_clear_object (&server->soup_server);
  g_clear_pointer (&server->base, g_free);
}

static LwChapter *
chapter_new (double      start,
             const char *title,
             const char *url,
             const char *image)
{
  LwChapter *chapter = lw_chapter_new ();

  chapter->start = start;
  chapter->title = g_strdup (title);
  chapter->url = g_strdup (url);
  chapter->image = g_strdup (image);

  return chapter;
}

/* Adds an episode to the library: @media (a file in the build) as its enclosure,
 * Podlove chapters when @with_inline, and @chapters_url. */
static LwEpisode *
add_episode (Fixture    *fixture,
             const char *guid,
             const char *media,
             gboolean    with_inline,
             const char *chapters_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_new ();
  g_autofree char *uri = tone_uri (media);
  LwFeedItem *item = feed_item (guid, "Chaptered episode", uri, "audio/mpeg", 180);
  g_autofree char *feed_url = g_strdup_printf ("https://example.org/%s.xml", guid);
  gint64 show_id;

  if (with_inline)
    {
      g_ptr_array_add (item->chapters, chapter_new (0, "Intro", NULL, NULL));
      g_ptr_array_add (item->chapters, chapter_new (60, "Talk", NULL, "https://example.org/talk.png"));
      g_ptr_array_add (item->chapters, chapter_new (120, "Outro", NULL, NULL));
    }
  item->chapters_url = g_strdup (chapters_url);

  feed->title = g_strdup ("Chapters");
  g_ptr_array_add (feed->items, item);
  show_id = lw_library_merge_feed (fixture->library, feed_url, feed, NULL, &error);
  g_assert_no_error (error);

  return lw_library_lookup_episode (fixture->library, find_episode (fixture->library, show_id, guid));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Loads and waits; returns whether every source was read. */
static gboolean
load_chapters (LwChapterList  *list,
               Fixture        *fixture,
               LwEpisode      *episode,
               const char     *media_uri,
               guint           timeout_ms,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_chapter_list_load_async (list, fixture->library, episode, media_uri, NULL, on_loaded, &result);
  WAIT_FOR (result != NULL, timeout_ms);
  g_assert_false (lw_chapter_list_get_loading (list));

  return lw_chapter_list_load_finish (list, result, error);
}

static void
assert_chapter (GListModel *model,
                guint       index,
                gint64      start,
                gint64      end,
                const char *title,
                const char *url,
                const char *image)
{
  g_autoptr(LwChapterItem) chapter = g_list_model_get_item (model, index);

  g_assert_nonnull (chapter);
  g_assert_cmpint (lw_chapter_item_get_start (chapter), ==, start);
  g_assert_cmpint (lw_chapter_item_get_end (chapter), ==, end);
  g_assert_cmpstr (lw_chapter_item_get_title (chapter), ==, title);
  g_assert_cmpstr (lw_chapter_item_get_url (chapter), ==, url);
  g_assert_cmpstr (lw_chapter_item_get_image_url (chapter), ==, image);
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  (*count)++;
}

static void
test_feed (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(LwChapterList) list = lw_chapter_list_new ();
  g_autoptr(LwEpisode) episode = add_episode (fixture, "inline", "test-tone.mp3", TRUE, NULL);
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (list);

  g_assert_true (g_list_model_get_item_type (model) == LW_TYPE_CHAPTER_ITEM);
  g_assert_true (load_chapters (list, fixture, episode, NULL, 5000, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  assert_chapter (model, 0, 0, 60000, "Intro", NULL, NULL);
  assert_chapter (model, 1, 60000, 120000, "Talk", NULL, "https://example.org/talk.png");
  /* The last one ends with the episode, once that is known. */
  assert_chapter (model, 2, 120000, -1, "Outro", NULL, NULL);
  lw_chapter_list_set_duration (list, 180000);
  assert_chapter (model, 2, 120000, 180000, "Outro", NULL, NULL);

  g_assert_cmpint (lw_chapter_list_find (list, 0), ==, 0);
  g_assert_cmpint (lw_chapter_list_find (list, 59999), ==, 0);
  g_assert_cmpint (lw_chapter_list_find (list, 60000), ==, 1);
  g_assert_cmpint (lw_chapter_list_find (list, 500000), ==, 2);

  lw_chapter_list_clear (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpint (lw_chapter_list_find (list, 1000), ==, -1);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_json (Fixture       *fixture,
           gconstpointer  user_data)
{
  Server server = { 0 };
  g_autoptr(LwChapterList) list = lw_chapter_list_new ();
  g_autoptr(LwEpisode) episode = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GListModel *model = G_LIST_MODEL (list);
  guint n_changes = 0;

  server_start (&server);
  url = g_strconcat (server.base, "chapters.json", NULL);
  episode = add_episode (fixture, "json", "test-tone.mp3", TRUE, url);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_items_changed), &n_changes);

  lw_chapter_list_load_async (list, fixture->library, episode, NULL, NULL, on_loaded, &result);
  /* The stored chapters are there at once, before the network answers. */
  g_assert_true (lw_chapter_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  assert_chapter (model, 0, 0, 60000, "Intro", NULL, NULL);

  WAIT_FOR (result != NULL, 5000);
  g_assert_true (lw_chapter_list_load_finish (list, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (server.n_requests, ==, 1);
  g_assert_cmpuint (n_changes, ==, 2);

  /* JSON wins; "toc": false and the entry without a start are left out; the feed's
   * picture of "Talk", a second away from "Main topic", fills in its image. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  assert_chapter (model, 0, 0, 60400, "Welcome", NULL, "https://example.org/welcome.png");
  assert_chapter (model, 1, 60400, 150000, "Main topic", "https://example.org/topic",
                  "https://example.org/talk.png");
  assert_chapter (model, 2, 150000, -1, "Goodbye", NULL, NULL);

  /* Loading the same again changes nothing that a view would redraw. */
  g_clear_object (&result);
  g_assert_true (load_chapters (list, fixture, episode, NULL, 5000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  g_assert_finalize_object (g_steal_pointer (&list));
  server_stop (&server);
}

static void
test_json_errors (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const struct {
    const char *path;
    const char *expected;
  } cases[] = {
    { "missing.json", "404" },
    { "broken.json", "could not be read" },
    { "not-chapters.json", "no list of chapters" },
    { "slow.json", "Could not get the chapters" },
  };
  Server server = { 0 };

  server_start (&server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LwChapterList) list = lw_chapter_list_new ();
      g_autofree char *url = g_strconcat (server.base, cases[i].path, NULL);
      g_autofree char *guid = g_strdup_printf ("error-%u", i);
      g_autoptr(LwEpisode) episode = add_episode (fixture, guid, "test-tone.mp3", TRUE, url);
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();

      lw_chapter_list_set_timeout (list, 1);
      g_assert_false (load_chapters (list, fixture, episode, NULL, 10000, &error));
      g_test_message ("%s: %s (%" G_GINT64_FORMAT " ms)", cases[i].path, error->message,
                      (g_get_monotonic_time () - started) / 1000);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      /* Names the episode, for a log or a toast. */
      g_assert_nonnull (strstr (error->message, "Chaptered episode"));

      /* The feed's own chapters stay. */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
      assert_chapter (G_LIST_MODEL (list), 1, 60000, 120000, "Talk", NULL, "https://example.org/talk.png");

      g_assert_finalize_object (g_steal_pointer (&list));
    }

  server_stop (&server);
}

/* The player says when a source of chapters failed (for the chapter list to show),
 * and forgets it with the next episode. */
static void
test_player_error (Fixture       *fixture,
                   gconstpointer  user_data)
{
  Server server = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(LwEpisode) broken = NULL;
  g_autoptr(LwEpisode) fine = add_episode (fixture, "fine", "test-chapters.mp3", FALSE, NULL);
  guint n_notify = 0;

  server_start (&server);
  url = g_strconcat (server.base, "missing.json", NULL);
  broken = add_episode (fixture, "broken", "test-tone.mp3", TRUE, url);

  fixture->player = new_player (fixture, FALSE);
  g_signal_connect (fixture->player, "notify::chapters-error", G_CALLBACK (count_notify), &n_notify);
  g_assert_null (lw_player_get_chapters_error (fixture->player));

  lw_player_load (fixture->player, broken);
  WAIT_FOR (lw_player_get_chapters_error (fixture->player) != NULL, 10000);
  g_assert_nonnull (strstr (lw_player_get_chapters_error (fixture->player), "404"));
  g_assert_nonnull (strstr (lw_player_get_chapters_error (fixture->player), "Chaptered episode"));
  g_assert_cmpuint (n_notify, ==, 1);
  /* The feed's own chapters are there all the same. */
  g_assert_cmpuint (g_list_model_get_n_items (lw_player_get_chapters (fixture->player)), ==, 3);

  lw_player_load (fixture->player, fine);
  g_assert_null (lw_player_get_chapters_error (fixture->player));
  g_assert_cmpuint (n_notify, ==, 2);
  WAIT_FOR (g_list_model_get_n_items (lw_player_get_chapters (fixture->player)) == 3, 10000);
  run_for (200);
  g_assert_null (lw_player_get_chapters_error (fixture->player));

  g_assert_finalize_object (g_steal_pointer (&fixture->player));
  server_stop (&server);
}

static void
test_id3 (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(LwChapterList) list = lw_chapter_list_new ();
  g_autoptr(LwEpisode) episode = add_episode (fixture, "id3", "test-chapters.mp3", FALSE, NULL);
  g_autofree char *uri = lw_episode_dup_media_uri (episode);
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (list);

  g_assert_true (load_chapters (list, fixture, episode, uri, 10000, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  assert_chapter (model, 0, 0, 2500, "Intro", NULL, NULL);
  assert_chapter (model, 1, 2500, 7000, "Middle", "https://example.org/middle", NULL);
  assert_chapter (model, 2, 7000, -1, "Ende – Schluss", NULL, NULL);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_vorbis (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(LwChapterList) list = lw_chapter_list_new ();
  g_autoptr(LwEpisode) episode = add_episode (fixture, "vorbis", "test-chapters.opus", FALSE, NULL);
  g_autofree char *uri = lw_episode_dup_media_uri (episode);
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (list);

  g_assert_true (load_chapters (list, fixture, episode, uri, 10000, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  assert_chapter (model, 0, 0, 4500, "Opening", NULL, NULL);
  assert_chapter (model, 1, 4500, -1, "Discussion", "https://example.org/two", NULL);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* The feed's chapters come first; the file's fill in what they lack. */
static void
test_merge_file (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_feed_new ();
  g_autofree char *uri = tone_uri ("test-chapters.mp3");
  LwFeedItem *item = feed_item ("merge", "Chaptered episode", uri, "audio/mpeg", 10);
  g_autoptr(LwChapterList) list = lw_chapter_list_new ();
  g_autoptr(LwEpisode) episode = NULL;
  GListModel *model = G_LIST_MODEL (list);
  gint64 show_id;

  g_ptr_array_add (item->chapters, chapter_new (0, "Cold open", NULL, NULL));
  g_ptr_array_add (item->chapters, chapter_new (2.8, NULL, NULL, NULL));
  feed->title = g_strdup ("Merge");
  g_ptr_array_add (feed->items, item);
  show_id = lw_library_merge_feed (fixture->library, "https://example.org/merge.xml", feed, NULL, &error);
  g_assert_no_error (error);
  episode = lw_library_lookup_episode (fixture->library, find_episode (fixture->library, show_id, "merge"));

  g_assert_true (load_chapters (list, fixture, episode, uri, 10000, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  assert_chapter (model, 0, 0, 2800, "Cold open", NULL, NULL);
  /* Untitled in the feed: title and link from the file's CHAP at 2.5 s. */
  assert_chapter (model, 1, 2800, -1, "Middle", "https://example.org/middle", NULL);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* A second load cancels the first: its result is "cancelled", and its chapters never
 * show up. */
static void
test_reload (Fixture       *fixture,
             gconstpointer  user_data)
{
  Server server = { 0 };
  g_autoptr(LwChapterList) list = lw_chapter_list_new ();
  g_autoptr(LwEpisode) slow = NULL;
  g_autoptr(LwEpisode) other = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *uri = NULL;

  server_start (&server);
  url = g_strconcat (server.base, "slow.json", NULL);
  slow = add_episode (fixture, "slow", "test-chapters.mp3", TRUE, url);
  other = add_episode (fixture, "other", "test-chapters.mp3", FALSE, NULL);
  uri = lw_episode_dup_media_uri (slow);

  lw_chapter_list_load_async (list, fixture->library, slow, uri, NULL, on_loaded, &first);
  g_assert_true (load_chapters (list, fixture, other, uri, 10000, &error));
  g_assert_no_error (error);

  WAIT_FOR (first != NULL, 5000);
  g_assert_false (lw_chapter_list_load_finish (list, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It holds the list. */
  g_clear_object (&first);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  assert_chapter (G_LIST_MODEL (list), 0, 0, 2500, "Intro", NULL, NULL);

  g_assert_finalize_object (g_steal_pointer (&list));
  server_stop (&server);
}

static void
test_player (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(LwEpisode) episode = add_episode (fixture, "play", "test-chapters.mp3", FALSE, NULL);
  GListModel *chapters;
  guint n_current_notify = 0;

  fixture->player = new_player (fixture, FALSE);
  chapters = lw_player_get_chapters (fixture->player);
  g_assert_cmpint (lw_player_get_current_chapter (fixture->player), ==, -1);
  g_assert_false (lw_player_next_chapter (fixture->player));
  g_assert_false (lw_player_previous_chapter (fixture->player));

  g_signal_connect (fixture->player, "notify::current-chapter", G_CALLBACK (count_notify), &n_current_notify);
  lw_player_load (fixture->player, episode);
  WAIT_FOR (g_list_model_get_n_items (chapters) == 3, 10000);
  WAIT_FOR (STATE (fixture) == LW_PLAYER_STATE_PAUSED, 5000);
  g_assert_cmpint (lw_player_get_current_chapter (fixture->player), ==, 0);
  g_assert_cmpuint (n_current_notify, ==, 1);

  /* The stream's duration ends the last chapter. */
  {
    g_autoptr(LwChapterItem) last = g_list_model_get_item (chapters, 2);

    WAIT_FOR (lw_chapter_item_get_end (last) == lw_player_get_duration (fixture->player), 5000);
    g_assert_cmpint (labs (lw_chapter_item_get_end (last) - TONE_MS), <, 100);
  }

  g_assert_true (lw_player_next_chapter (fixture->player));
  g_assert_cmpint (POSITION (fixture), ==, 2500);
  g_assert_cmpint (lw_player_get_current_chapter (fixture->player), ==, 1);
  g_assert_true (lw_player_next_chapter (fixture->player));
  g_assert_cmpint (POSITION (fixture), ==, 7000);
  g_assert_cmpint (lw_player_get_current_chapter (fixture->player), ==, 2);
  g_assert_false (lw_player_next_chapter (fixture->player));
  g_assert_cmpint (POSITION (fixture), ==, 7000);

  /* Just past a chapter's start, "previous" goes to the one before … */
  g_assert_true (lw_player_previous_chapter (fixture->player));
  g_assert_cmpint (POSITION (fixture), ==, 2500);
  /* … well into one, back to its start. */
  lw_player_seek (fixture->player, 6000);
  g_assert_true (lw_player_previous_chapter (fixture->player));
  g_assert_cmpint (POSITION (fixture), ==, 2500);
  g_assert_true (lw_player_previous_chapter (fixture->player));
  g_assert_cmpint (POSITION (fixture), ==, 0);
  g_assert_true (lw_player_previous_chapter (fixture->player));
  g_assert_cmpint (POSITION (fixture), ==, 0);
  g_assert_cmpint (lw_player_get_current_chapter (fixture->player), ==, 0);

  g_assert_false (lw_player_seek_chapter (fixture->player, 3));
  g_assert_true (lw_player_seek_chapter (fixture->player, 1));
  g_assert_cmpint (POSITION (fixture), ==, 2500);

  /* Playing across a chapter's start moves "current-chapter" with the ticks. */
  lw_player_seek (fixture->player, 6500);
  run_for (300);
  lw_player_play (fixture->player);
  WAIT_FOR (lw_player_get_current_chapter (fixture->player) == 2, 5000);
  g_assert_cmpint (POSITION (fixture), >=, 7000);
  lw_player_pause (fixture->player);

  /* Unloading empties the list. */
  lw_player_load (fixture->player, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (chapters), ==, 0);
  g_assert_cmpint (lw_player_get_current_chapter (fixture->player), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/chapters/feed", test_feed);
  ADD ("/chapters/json", test_json);
  ADD ("/chapters/json-errors", test_json_errors);
  ADD ("/chapters/id3", test_id3);
  ADD ("/chapters/vorbis", test_vorbis);
  ADD ("/chapters/merge-file", test_merge_file);
  ADD ("/chapters/reload", test_reload);
  ADD ("/chapters/player", test_player);
  ADD ("/chapters/player-error", test_player_error);

  return g_test_run ();
}
