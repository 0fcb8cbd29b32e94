/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-library"

#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "core/lw-library.h"
#include "core/lw-library-private.h"

#include "library-fixtures.h"

static const char *cli_path;

static void
reopen (LwTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (fixture->library);
  fixture->library = lw_library_new (fixture->path, &error);
  g_assert_no_error (error);
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Schema */

static void
test_migrate_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lw-library-XXXXXX", NULL);
  /* A folder that does not exist yet: the library creates it. */
  g_autofree char *path = g_build_filename (dir, "sub", "dir", "library.db", NULL);
  g_autofree char *journal_mode = NULL;
  LwLibrary *library;

  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lw_library_get_path (library), ==, path);
  g_assert_cmpint (lw_library_get_schema_version (library), ==, LW_LIBRARY_SCHEMA_VERSION);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), ==, 0);

  g_assert_cmpint (lw_test_query_int (path, "PRAGMA user_version"), ==, LW_LIBRARY_SCHEMA_VERSION);
  journal_mode = query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  for (guint i = 0; i < 6; i++)
    {
      static const char * const tables[] = {
        "shows", "episodes", "episode_state", "queue", "shows_fts", "episodes_fts",
      };
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE name = '%s'", tables[i]);

      g_assert_cmpint (lw_test_query_int (path, sql), ==, 1);
    }

  /* The connection's own settings. */
  {
    sqlite3 *db = lw_library_get_db (library);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_keys", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA busy_timeout", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 5000);
    sqlite3_finalize (stmt);
  }

  g_assert_finalize_object (library);

  /* Opening again migrates nothing and keeps the version. */
  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_library_get_schema_version (library), ==, LW_LIBRARY_SCHEMA_VERSION);
  g_assert_finalize_object (library);

  lw_test_remove_tree (dir);
}

static void
test_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lw-library-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *version = NULL;
  LwLibrary *library;

  exec_raw (path, "CREATE TABLE shows (id INTEGER PRIMARY KEY, future TEXT);"
                  "INSERT INTO shows (future) VALUES ('keep me');"
                  "PRAGMA user_version = 99;");

  library = lw_library_new (path, &error);
  g_assert_null (library);
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "newer version of Longwave"));

  /* Untouched. */
  g_assert_cmpint (lw_test_query_int (path, "PRAGMA user_version"), ==, 99);
  version = query_text (path, "SELECT future FROM shows");
  g_assert_cmpstr (version, ==, "keep me");

  lw_test_remove_tree (dir);
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lw-library-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  const char *garbage = "This is not an SQLite database, but it is long enough to look like one.";
  LwLibrary *library;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  library = lw_library_new (path, &error);
  g_assert_null (library);
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, path));

  lw_test_remove_tree (dir);
}

static void
test_default_path (void)
{
  g_autofree char *path = lw_library_dup_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "longwave", "library.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

/* Round trip of every field */

static LwFeed *
make_full_feed (void)
{
  LwFeed *feed = lw_feed_new ();
  LwFeedItem *item = lw_feed_item_new ();
  LwEnclosure *enclosure;
  LwChapter *chapter;
  LwTranscript *transcript;
  LwPerson *person;
  LwFunding *funding;
  LwRemoteItem *remote;
  LwAlternateEnclosure *alternate;
  LwSoundbite *soundbite;

  feed->title = g_strdup ("Full Show — “quotes” ünïcode");
  feed->link = g_strdup ("https://example.org/show");
  feed->description = g_strdup ("Plain description\nwith two lines");
  feed->description_html = g_strdup ("<p>Plain <b>description</b></p>");
  feed->author = g_strdup ("Ann Author");
  feed->owner_name = g_strdup ("Owner Name");
  feed->owner_email = g_strdup ("owner@example.org");
  feed->image = g_strdup ("https://example.org/cover.jpg");
  feed->language = g_strdup ("en-GB");
  g_ptr_array_add (feed->categories, g_strdup ("Technology"));
  g_ptr_array_add (feed->categories, g_strdup ("Society & Culture/Documentary"));
  feed->type = g_strdup ("serial");
  feed->explicit_ = 1;
  feed->new_feed_url = g_strdup ("https://example.org/new.xml");
  feed->locked = 0;
  feed->podcast_guid = g_strdup ("917393e3-1b1e-5cef-ace4-edaa54e1f810");
  funding = lw_funding_new ();
  funding->url = g_strdup ("https://example.org/donate");
  funding->title = g_strdup ("Support us");
  g_ptr_array_add (feed->funding, funding);
  remote = lw_remote_item_new ();
  remote->feed_guid = g_strdup ("aaaa");
  remote->feed_url = g_strdup ("https://example.com/friend.xml");
  remote->title = g_strdup ("Friend");
  g_ptr_array_add (feed->podroll, remote);
  person = lw_person_new ();
  person->name = g_strdup ("Host Person");
  person->role = g_strdup ("host");
  person->group = g_strdup ("cast");
  person->href = g_strdup ("https://example.org/host");
  person->img = g_strdup ("https://example.org/host.jpg");
  g_ptr_array_add (feed->persons, person);

  item->guid = g_strdup ("urn:guid:1");
  item->title = g_strdup ("Episode One\twith a tab");
  item->published = 1700000000;
  item->duration = 3723;
  item->link = g_strdup ("https://example.org/1");
  item->summary = g_strdup ("Summary of one");
  item->notes_html = g_strdup ("<p>Notes <a href=\"https://example.org\">link</a></p>");
  item->image = g_strdup ("https://example.org/1.jpg");
  enclosure = lw_enclosure_new ();
  enclosure->url = g_strdup ("https://example.org/1.jpg.cover");
  enclosure->type = g_strdup ("image/jpeg");
  enclosure->length = 10;
  g_ptr_array_add (item->enclosures, enclosure);
  enclosure = lw_enclosure_new ();
  enclosure->url = g_strdup ("https://example.org/1.mp3");
  enclosure->type = g_strdup ("audio/mpeg");
  enclosure->length = 123456789012;
  g_ptr_array_add (item->enclosures, enclosure);
  item->season = 2;
  item->episode = 7;
  item->episode_type = g_strdup ("bonus");
  item->explicit_ = 0;
  item->author = g_strdup ("Episode Author");
  chapter = lw_chapter_new ();
  chapter->start = 0;
  chapter->title = g_strdup ("Intro");
  g_ptr_array_add (item->chapters, chapter);
  chapter = lw_chapter_new ();
  chapter->start = 61.5;
  chapter->title = g_strdup ("Main");
  chapter->url = g_strdup ("https://example.org/main");
  chapter->image = g_strdup ("https://example.org/main.png");
  g_ptr_array_add (item->chapters, chapter);
  item->chapters_url = g_strdup ("https://example.org/1.chapters.json");
  item->chapters_type = g_strdup ("application/json+chapters");
  transcript = lw_transcript_new ();
  transcript->url = g_strdup ("https://example.org/1.vtt");
  transcript->type = g_strdup ("text/vtt");
  transcript->language = g_strdup ("en");
  transcript->rel = g_strdup ("captions");
  g_ptr_array_add (item->transcripts, transcript);
  person = lw_person_new ();
  person->name = g_strdup ("Guest");
  person->role = g_strdup ("guest");
  person->group = g_strdup ("cast");
  g_ptr_array_add (item->persons, person);
  funding = lw_funding_new ();
  funding->url = g_strdup ("https://example.org/ep-donate");
  g_ptr_array_add (item->funding, funding);
  alternate = lw_alternate_enclosure_new ();
  alternate->type = g_strdup ("audio/opus");
  alternate->length = 5000;
  alternate->bitrate = 64000;
  alternate->title = g_strdup ("Opus");
  alternate->is_default = TRUE;
  g_ptr_array_add (alternate->sources, g_strdup ("https://example.org/1.opus"));
  g_ptr_array_add (alternate->sources, g_strdup ("ipfs://abc"));
  g_ptr_array_add (item->alternate_enclosures, alternate);
  soundbite = lw_soundbite_new ();
  soundbite->start = 73.0;
  soundbite->duration = 60.25;
  soundbite->title = g_strdup ("The best bit");
  g_ptr_array_add (item->soundbites, soundbite);
  g_ptr_array_add (feed->items, item);

  /* A sparse item: every unknown stays unknown. */
  item = lw_feed_item_new ();
  item->guid = g_strdup ("urn:guid:2");
  item->title = g_strdup ("Sparse");
  g_ptr_array_add (feed->items, item);

  return feed;
}

static void
assert_feed_equal (const LwFeed *a,
                   const LwFeed *b)
{
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->link, ==, b->link);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpstr (a->description_html, ==, b->description_html);
  g_assert_cmpstr (a->author, ==, b->author);
  g_assert_cmpstr (a->owner_name, ==, b->owner_name);
  g_assert_cmpstr (a->owner_email, ==, b->owner_email);
  g_assert_cmpstr (a->image, ==, b->image);
  g_assert_cmpstr (a->language, ==, b->language);
  g_assert_cmpuint (a->categories->len, ==, b->categories->len);
  for (guint i = 0; i < a->categories->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->categories, i), ==, g_ptr_array_index (b->categories, i));
  g_assert_cmpstr (a->type, ==, b->type);
  g_assert_cmpint (a->explicit_, ==, b->explicit_);
  g_assert_cmpstr (a->new_feed_url, ==, b->new_feed_url);
  g_assert_cmpint (a->locked, ==, b->locked);
  g_assert_cmpstr (a->podcast_guid, ==, b->podcast_guid);
  g_assert_cmpuint (a->funding->len, ==, b->funding->len);
  for (guint i = 0; i < a->funding->len; i++)
    {
      const LwFunding *fa = g_ptr_array_index (a->funding, i), *fb = g_ptr_array_index (b->funding, i);

      g_assert_cmpstr (fa->url, ==, fb->url);
      g_assert_cmpstr (fa->title, ==, fb->title);
    }
  g_assert_cmpuint (a->podroll->len, ==, b->podroll->len);
  for (guint i = 0; i < a->podroll->len; i++)
    {
      const LwRemoteItem *ra = g_ptr_array_index (a->podroll, i), *rb = g_ptr_array_index (b->podroll, i);

      g_assert_cmpstr (ra->feed_guid, ==, rb->feed_guid);
      g_assert_cmpstr (ra->feed_url, ==, rb->feed_url);
      g_assert_cmpstr (ra->title, ==, rb->title);
    }
  lw_test_assert_persons_equal (a->persons, b->persons);
}

static void
assert_item_equal (const LwFeedItem *a,
                   const LwFeedItem *b)
{
  g_assert_cmpstr (a->guid, ==, b->guid);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpint (a->published, ==, b->published);
  g_assert_cmpint (a->duration, ==, b->duration);
  g_assert_cmpstr (a->link, ==, b->link);
  g_assert_cmpstr (a->summary, ==, b->summary);
  g_assert_cmpstr (a->notes_html, ==, b->notes_html);
  g_assert_cmpstr (a->image, ==, b->image);
  g_assert_cmpuint (a->enclosures->len, ==, b->enclosures->len);
  for (guint i = 0; i < a->enclosures->len; i++)
    {
      const LwEnclosure *ea = g_ptr_array_index (a->enclosures, i), *eb = g_ptr_array_index (b->enclosures, i);

      g_assert_cmpstr (ea->url, ==, eb->url);
      g_assert_cmpstr (ea->type, ==, eb->type);
      g_assert_cmpint (ea->length, ==, eb->length);
    }
  g_assert_cmpint (a->season, ==, b->season);
  g_assert_cmpint (a->episode, ==, b->episode);
  g_assert_cmpstr (a->episode_type, ==, b->episode_type);
  g_assert_cmpint (a->explicit_, ==, b->explicit_);
  g_assert_cmpstr (a->author, ==, b->author);
  g_assert_cmpuint (a->chapters->len, ==, b->chapters->len);
  for (guint i = 0; i < a->chapters->len; i++)
    {
      const LwChapter *ca = g_ptr_array_index (a->chapters, i), *cb = g_ptr_array_index (b->chapters, i);

      g_assert_cmpfloat (ca->start, ==, cb->start);
      g_assert_cmpstr (ca->title, ==, cb->title);
      g_assert_cmpstr (ca->url, ==, cb->url);
      g_assert_cmpstr (ca->image, ==, cb->image);
    }
  g_assert_cmpstr (a->chapters_url, ==, b->chapters_url);
  g_assert_cmpstr (a->chapters_type, ==, b->chapters_type);
  g_assert_cmpuint (a->transcripts->len, ==, b->transcripts->len);
  for (guint i = 0; i < a->transcripts->len; i++)
    {
      const LwTranscript *ta = g_ptr_array_index (a->transcripts, i), *tb = g_ptr_array_index (b->transcripts, i);

      g_assert_cmpstr (ta->url, ==, tb->url);
      g_assert_cmpstr (ta->type, ==, tb->type);
      g_assert_cmpstr (ta->language, ==, tb->language);
      g_assert_cmpstr (ta->rel, ==, tb->rel);
    }
  lw_test_assert_persons_equal (a->persons, b->persons);
  g_assert_cmpuint (a->funding->len, ==, b->funding->len);
  for (guint i = 0; i < a->funding->len; i++)
    {
      const LwFunding *fa = g_ptr_array_index (a->funding, i), *fb = g_ptr_array_index (b->funding, i);

      g_assert_cmpstr (fa->url, ==, fb->url);
      g_assert_cmpstr (fa->title, ==, fb->title);
    }
  g_assert_cmpuint (a->alternate_enclosures->len, ==, b->alternate_enclosures->len);
  for (guint i = 0; i < a->alternate_enclosures->len; i++)
    {
      const LwAlternateEnclosure *aa = g_ptr_array_index (a->alternate_enclosures, i);
      const LwAlternateEnclosure *ab = g_ptr_array_index (b->alternate_enclosures, i);

      g_assert_cmpstr (aa->type, ==, ab->type);
      g_assert_cmpint (aa->length, ==, ab->length);
      g_assert_cmpint (aa->bitrate, ==, ab->bitrate);
      g_assert_cmpstr (aa->title, ==, ab->title);
      g_assert_cmpint (aa->is_default, ==, ab->is_default);
      g_assert_cmpuint (aa->sources->len, ==, ab->sources->len);
      for (guint j = 0; j < aa->sources->len; j++)
        g_assert_cmpstr (g_ptr_array_index (aa->sources, j), ==, g_ptr_array_index (ab->sources, j));
    }
  g_assert_cmpuint (a->soundbites->len, ==, b->soundbites->len);
  for (guint i = 0; i < a->soundbites->len; i++)
    {
      const LwSoundbite *sa = g_ptr_array_index (a->soundbites, i), *sb = g_ptr_array_index (b->soundbites, i);

      g_assert_cmpfloat (sa->start, ==, sb->start);
      g_assert_cmpfloat (sa->duration, ==, sb->duration);
      g_assert_cmpstr (sa->title, ==, sb->title);
    }
}

static void
check_round_trip (LwLibrary    *library,
                  gint64        show_id,
                  const LwFeed *feed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) stored = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GListModel) episodes = NULL;
  const LwFeedItem *full = g_ptr_array_index (feed->items, 0);
  const LwEnclosure *audio = g_ptr_array_index (full->enclosures, 1);

  stored = lw_library_dup_show_feed (library, show_id, &error);
  g_assert_no_error (error);
  assert_feed_equal (feed, stored);
  g_assert_cmpuint (stored->items->len, ==, 0);

  show = lw_library_lookup_show (library, show_id);
  g_assert_nonnull (show);
  g_assert_cmpint (lw_show_get_id (show), ==, show_id);
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, "https://example.org/feed.xml");
  g_assert_cmpstr (lw_show_get_title (show), ==, feed->title);
  g_assert_cmpstr (lw_show_get_author (show), ==, feed->author);
  g_assert_cmpstr (lw_show_get_description (show), ==, feed->description);
  g_assert_cmpstr (lw_show_get_image_url (show), ==, feed->image);
  g_assert_cmpstr (lw_show_get_link (show), ==, feed->link);
  g_assert_cmpstr (lw_show_get_language (show), ==, feed->language);
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 2);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 2);
  g_assert_null (lw_show_get_last_error (show));
  g_assert_cmpint (lw_show_get_last_refreshed (show), >, 1700000000);
  g_assert_cmpstr (lw_show_get_etag (show), ==, "\"etag-1\"");
  g_assert_cmpstr (lw_show_get_last_modified (show), ==, "Tue, 14 Nov 2023 22:13:20 GMT");

  episodes = lw_library_get_episodes (library, show_id);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      /* Newest first: the dated one, then the undated one. */
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);
      const LwFeedItem *item = g_ptr_array_index (feed->items, i);
      g_autoptr(LwFeedItem) stored_item = NULL;

      g_assert_cmpint (lw_episode_get_show_id (episode), ==, show_id);
      g_assert_cmpstr (lw_episode_get_guid (episode), ==, item->guid);
      g_assert_cmpstr (lw_episode_get_title (episode), ==, item->title);
      g_assert_cmpint (lw_episode_get_published (episode), ==, item->published);
      g_assert_cmpint (lw_episode_get_duration (episode), ==, item->duration);
      g_assert_cmpstr (lw_episode_get_link (episode), ==, item->link);
      g_assert_cmpstr (lw_episode_get_summary (episode), ==, item->summary);
      g_assert_cmpstr (lw_episode_get_notes_html (episode), ==, item->notes_html);
      g_assert_cmpstr (lw_episode_get_image_url (episode), ==, item->image);
      g_assert_false (lw_episode_get_played (episode));
      g_assert_cmpint (lw_episode_get_position (episode), ==, 0);
      g_assert_cmpint (lw_episode_get_last_played (episode), ==, 0);
      g_assert_null (lw_episode_get_local_path (episode));

      stored_item = lw_library_dup_episode_item (library, lw_episode_get_id (episode), &error);
      g_assert_no_error (error);
      assert_item_equal (item, stored_item);
    }

  {
    g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, 0);
    g_autoptr(LwEpisode) sparse = g_list_model_get_item (episodes, 1);
    g_autofree char *uri = lw_episode_dup_media_uri (episode);

    /* The main enclosure is the audio one, not the first. */
    g_assert_cmpstr (lw_episode_get_enclosure_url (episode), ==, audio->url);
    g_assert_cmpstr (lw_episode_get_enclosure_type (episode), ==, audio->type);
    g_assert_cmpint (lw_episode_get_enclosure_length (episode), ==, audio->length);
    g_assert_cmpstr (uri, ==, audio->url);

    g_assert_cmpint (lw_episode_get_published (sparse), ==, LW_DATE_UNKNOWN);
    g_assert_cmpint (lw_episode_get_duration (sparse), ==, LW_UNKNOWN);
    g_assert_cmpint (lw_episode_get_enclosure_length (sparse), ==, LW_UNKNOWN);
    g_assert_null (lw_episode_get_enclosure_url (sparse));
    g_assert_null (lw_episode_dup_media_uri (sparse));
  }
}

static void
test_round_trip (LwTestFixture *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = make_full_feed ();
  LwHttpCache cache = { "\"etag-1\"", "Tue, 14 Nov 2023 22:13:20 GMT" };
  gint64 show_id;

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/feed.xml", feed, &cache, &error);
  g_assert_no_error (error);
  g_assert_cmpint (show_id, >, 0);

  check_round_trip (fixture->library, show_id, feed);

  /* From the file, through a new connection. */
  reopen (fixture);
  check_round_trip (fixture->library, show_id, feed);

  /* A refresh without validators keeps the stored ones. */
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/feed.xml", feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  check_round_trip (fixture->library, show_id, feed);

  g_assert_null (lw_library_dup_episode_item (fixture->library, 4242, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (lw_library_dup_show_feed (fixture->library, 4242, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
}

/* Merging */

static guint
count_episodes (LwLibrary *library,
                gint64     show_id)
{
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, show_id);

  return g_list_model_get_n_items (episodes);
}

static void
test_merge_matching (LwTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Show", 0);
  g_autoptr(LwEpisode) started = NULL;
  g_autoptr(LwEpisode) played = NULL;
  const char *url = "https://example.org/feed.xml";
  gint64 show_id, id_a, id_b, id_c, id_d;
  LwFeedItem *item;

  lw_test_feed_add (feed, "guid-a", "A", "https://cdn.example.org/a.mp3", 1000);
  lw_test_feed_add (feed, "guid-b", "B", "https://cdn.example.org/b.mp3", 2000);
  lw_test_feed_add (feed, "guid-c", "C", "https://cdn.example.org/c.mp3", 3000);
  lw_test_feed_add (feed, "guid-d", "D", "https://cdn.example.org/d.mp3", 4000);

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);
  id_a = lw_test_episode_id (fixture->library, show_id, "guid-a");
  id_b = lw_test_episode_id (fixture->library, show_id, "guid-b");
  id_c = lw_test_episode_id (fixture->library, show_id, "guid-c");
  id_d = lw_test_episode_id (fixture->library, show_id, "guid-d");
  g_assert_true (id_a > 0 && id_b > 0 && id_c > 0 && id_d > 0);

  g_assert_true (lw_library_set_episode_position (fixture->library, id_a, 61000, &error));
  g_assert_no_error (error);
  g_assert_true (lw_library_set_episode_played (fixture->library, id_b, TRUE, &error));
  g_assert_no_error (error);

  /* A: same guid, new title. B: new guid, same enclosure. C: new guid and
   * enclosure, same title. D: unchanged. */
  item = g_ptr_array_index (feed->items, 0);
  g_free (item->title);
  item->title = g_strdup ("A (renamed)");
  item = g_ptr_array_index (feed->items, 1);
  g_free (item->guid);
  item->guid = g_strdup ("guid-b-new");
  item = g_ptr_array_index (feed->items, 2);
  g_free (item->guid);
  item->guid = g_strdup ("guid-c-new");
  lw_test_item_set_enclosure (item, "https://other-cdn.example.org/c.mp3");

  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);

  g_assert_cmpuint (count_episodes (fixture->library, show_id), ==, 4);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "guid-a"), ==, id_a);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "guid-b-new"), ==, id_b);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "guid-c-new"), ==, id_c);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "guid-d"), ==, id_d);

  started = lw_library_lookup_episode (fixture->library, id_a);
  g_assert_cmpstr (lw_episode_get_title (started), ==, "A (renamed)");
  g_assert_cmpint (lw_episode_get_position (started), ==, 61000);
  g_assert_cmpint (lw_episode_get_last_played (started), >, 0);
  played = lw_library_lookup_episode (fixture->library, id_b);
  g_assert_true (lw_episode_get_played (played));
  g_assert_cmpint (lw_episode_get_position (played), ==, 0);
  {
    g_autoptr(LwEpisode) c = lw_library_lookup_episode (fixture->library, id_c);

    g_assert_cmpstr (lw_episode_get_enclosure_url (c), ==, "https://other-cdn.example.org/c.mp3");
  }

  /* A repeated guid inside one feed is one episode. */
  lw_test_feed_add (feed, "guid-d", "D again", "https://cdn.example.org/d2.mp3", 5000);
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  g_assert_cmpuint (count_episodes (fixture->library, show_id), ==, 4);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "guid-d"), ==, id_d);
}

static void
test_merge_removed (LwTestFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Show", 0);
  g_autoptr(LwFeed) rolled = lw_test_feed_new ("Show", 0);
  g_autoptr(LwFeed) empty = lw_test_feed_new ("Show", 0);
  g_autoptr(LwShow) show = NULL;
  const char *url = "https://example.org/feed.xml";
  gint64 show_id;

  lw_test_feed_add (feed, "new", "New", "https://cdn.example.org/new.mp3", 6000);
  lw_test_feed_add (feed, "untouched", "Untouched", "https://cdn.example.org/u.mp3", 5000);
  lw_test_feed_add (feed, "started", "Started", "https://cdn.example.org/s.mp3", 4000);
  lw_test_feed_add (feed, "played", "Played", "https://cdn.example.org/p.mp3", 3000);
  lw_test_feed_add (feed, "downloaded", "Downloaded", "https://cdn.example.org/d.mp3", 2000);

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lw_library_set_episode_position (fixture->library,
                                                  lw_test_episode_id (fixture->library, show_id, "started"),
                                                  1000, &error));
  g_assert_true (lw_library_set_episode_played (fixture->library,
                                                lw_test_episode_id (fixture->library, show_id, "played"),
                                                TRUE, &error));
  g_assert_true (lw_library_set_episode_local_path (fixture->library,
                                                    lw_test_episode_id (fixture->library, show_id, "downloaded"),
                                                    "/tmp/downloaded.mp3", &error));
  g_assert_no_error (error);

  /* A feed that returns nothing is not a show that deleted everything. */
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, empty, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  g_assert_cmpuint (count_episodes (fixture->library, show_id), ==, 5);

  /* Only the newest is left in the feed. */
  lw_test_feed_add (rolled, "new", "New", "https://cdn.example.org/new.mp3", 6000);
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, rolled, NULL, &error), ==, show_id);
  g_assert_no_error (error);

  g_assert_cmpuint (count_episodes (fixture->library, show_id), ==, 4);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "untouched"), ==, 0);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "started"), >, 0);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "played"), >, 0);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "downloaded"), >, 0);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes WHERE in_feed = 0"), ==, 3);

  show = lw_library_lookup_show (fixture->library, show_id);
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 4);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 3);

  /* Coming back into the feed: in_feed again, still played. */
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes WHERE in_feed = 0"), ==, 0);
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, 5);
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 4);
}

static void
test_merge_unchanged_rows (LwTestFixture *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Show", 50);
  const char *url = "https://example.org/feed.xml";
  gint64 changes;

  lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);

  /* A refresh with nothing new writes the show row only. */
  changes = sqlite3_total_changes64 (lw_library_get_db (fixture->library));
  lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_total_changes64 (lw_library_get_db (fixture->library)) - changes, ==, 1);
}

/* Every episode of every feed changes on refresh (what the refresh benchmark does):
 * same guids update in place, other guids replace the rows; ids, played state and
 * search results stay right through both. */
static guint
search_count (LwLibrary  *library,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = lw_library_search (library, text, &error);

  g_assert_no_error (error);

  return g_list_model_get_n_items (results);
}

static void
test_merge_all_changed (LwTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) alpha = lw_test_feed_new ("Show", 0);
  g_autoptr(LwFeed) bravo = lw_test_feed_new ("Show", 0);
  g_autoptr(LwFeed) charlie = lw_test_feed_new ("Show", 0);
  const char *url = "https://example.org/feed.xml";
  gint64 ids[20];
  gint64 played_id;
  gint64 show_id;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *guid = g_strdup_printf ("g%u", i);
      g_autofree char *title_a = g_strdup_printf ("Alphaword %u", i);
      g_autofree char *title_b = g_strdup_printf ("Bravoword %u", i);
      g_autofree char *guid_c = g_strdup_printf ("c%u", i);
      g_autofree char *title_c = g_strdup_printf ("Charlieword %u", i);
      g_autofree char *media = g_strdup_printf ("https://cdn.example.org/%u.mp3", i);
      g_autofree char *media_c = g_strdup_printf ("https://cdn.example.org/c%u.mp3", i);

      lw_test_feed_add (alpha, guid, title_a, media, 1000 + i);
      lw_test_feed_add (bravo, guid, title_b, media, 1000 + i);
      lw_test_feed_add (charlie, guid_c, title_c, media_c, 2000 + i);
    }

  show_id = lw_library_merge_feed (fixture->library, url, alpha, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *guid = g_strdup_printf ("g%u", i);

      ids[i] = lw_test_episode_id (fixture->library, show_id, guid);
      g_assert_cmpint (ids[i], >, 0);
    }
  played_id = ids[3];
  g_assert_true (lw_library_set_episode_played (fixture->library, played_id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (fixture->library, "Alphaword"), ==, 20);

  /* Same guids, every title changed: updated in place. */
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, bravo, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *guid = g_strdup_printf ("g%u", i);

      g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, guid), ==, ids[i]);
    }
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episode_state WHERE played"), ==, 1);
  g_assert_cmpuint (search_count (fixture->library, "Alphaword"), ==, 0);
  g_assert_cmpuint (search_count (fixture->library, "Bravoword"), ==, 20);

  /* Every guid, enclosure and title new: the old rows leave, except the played one. */
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, charlie, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  g_assert_cmpuint (count_episodes (fixture->library, show_id), ==, 21);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "g3"), ==, played_id);
  g_assert_cmpint (lw_test_episode_id (fixture->library, show_id, "g4"), ==, 0);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes WHERE in_feed = 0"), ==, 1);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episode_state"), ==, 21);
  g_assert_cmpuint (search_count (fixture->library, "Bravoword"), ==, 1);
  g_assert_cmpuint (search_count (fixture->library, "Charlieword"), ==, 20);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes_fts"), ==, 21);
}

/* Models and live objects */


static const char *
show_title_at (GListModel *shows,
               guint       position)
{
  g_autoptr(LwShow) show = g_list_model_get_item (shows, position);

  return lw_show_get_title (show);
}

static void
test_show_model (LwTestFixture *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) bravo = lw_test_feed_new ("bravo", 1);
  g_autoptr(LwFeed) alpha = lw_test_feed_new ("Alpha", 1);
  g_autoptr(LwFeed) charlie = lw_test_feed_new ("Charlie", 1);
  GListModel *shows = lw_library_get_shows (fixture->library);
  LwTestItemsChanged changed = { 0 };
  gint64 alpha_id, bravo_id;

  lw_test_watch_items_changed (shows, &changed);

  bravo_id = lw_library_merge_feed (fixture->library, "https://b.example/feed", bravo, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);

  alpha_id = lw_library_merge_feed (fixture->library, "https://a.example/feed", alpha, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 2);
  g_assert_cmpuint (changed.position, ==, 0);

  lw_library_merge_feed (fixture->library, "https://c.example/feed", charlie, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed.position, ==, 2);

  /* Case-insensitive: "Alpha" < "bravo" < "Charlie". */
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 3);
  g_assert_cmpstr (show_title_at (shows, 0), ==, "Alpha");
  g_assert_cmpstr (show_title_at (shows, 1), ==, "bravo");
  g_assert_cmpstr (show_title_at (shows, 2), ==, "Charlie");

  /* A refresh that changes nothing about the order: no items-changed. */
  changed.count = 0;
  lw_library_merge_feed (fixture->library, "https://b.example/feed", bravo, NULL, &error);
  g_assert_cmpuint (changed.count, ==, 0);

  /* A rename moves the show. */
  g_free (alpha->title);
  alpha->title = g_strdup ("Delta");
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://a.example/feed", alpha, NULL, &error), ==, alpha_id);
  g_assert_cmpuint (changed.count, >, 0);
  g_assert_cmpstr (show_title_at (shows, 0), ==, "bravo");
  g_assert_cmpstr (show_title_at (shows, 2), ==, "Delta");

  changed.count = 0;
  g_assert_true (lw_library_remove_show (fixture->library, bravo_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, 2);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes"), ==, 2);

  g_assert_false (lw_library_remove_show (fixture->library, bravo_id, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);

  /* Sorted from the file as well. */
  reopen (fixture);
  shows = lw_library_get_shows (fixture->library);
  g_assert_cmpstr (show_title_at (shows, 0), ==, "Charlie");
  g_assert_cmpstr (show_title_at (shows, 1), ==, "Delta");
}

/* By title as in Files: "Show 2" before "Show 10", case and accents left out, both
 * in the live list (shows added one by one, a rename) and as read from the file. */
static void
test_show_natural_order (LwTestFixture *fixture,
                         gconstpointer  data)
{
  /* Stored in an order that is none of the expected ones. */
  const char *stored[] = {
    "Show 10", "show 1", "Zebra", "Show 2", "Émission 3", "emission 20", "Show 9",
    "ÉMISSION 100", "Apple", "Show 2",
  };
  const char *expected[] = {
    "Apple", "Émission 3", "emission 20", "ÉMISSION 100", "show 1", "Show 2", "Show 2",
    "Show 9", "Show 10", "Zebra",
  };
  g_autoptr(GError) error = NULL;
  GListModel *shows = lw_library_get_shows (fixture->library);
  gint64 first_id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    {
      g_autoptr(LwFeed) feed = lw_test_feed_new (stored[i], 1);
      g_autofree char *url = g_strdup_printf ("https://natural.example/%u", i);
      gint64 id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      if (i == 0)
        first_id = id;
    }

  g_assert_cmpuint (g_list_model_get_n_items (shows), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (show_title_at (shows, i), ==, expected[i]);

  /* The same title twice: the one stored first comes first, every time. */
  {
    g_autoptr(LwShow) a = g_list_model_get_item (shows, 5);
    g_autoptr(LwShow) b = g_list_model_get_item (shows, 6);

    g_assert_cmpint (lw_show_compare_title (a, b), ==, 0);
    g_assert_cmpint (lw_show_get_id (a), <, lw_show_get_id (b));
  }

  /* A rename takes the show to its place by number ("Show 10" → "Show 3"). */
  {
    g_autoptr(LwFeed) renamed = lw_test_feed_new ("Show 3", 1);

    g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://natural.example/0", renamed, NULL, &error),
                     ==, first_id);
    g_assert_no_error (error);
    g_assert_cmpstr (show_title_at (shows, 7), ==, "Show 3");
    g_assert_cmpstr (show_title_at (shows, 8), ==, "Show 9");
  }

  /* The same order from the file. */
  reopen (fixture);
  shows = lw_library_get_shows (fixture->library);
  g_assert_cmpstr (show_title_at (shows, 1), ==, "Émission 3");
  g_assert_cmpstr (show_title_at (shows, 3), ==, "ÉMISSION 100");
  g_assert_cmpstr (show_title_at (shows, 4), ==, "show 1");
  g_assert_cmpstr (show_title_at (shows, 7), ==, "Show 3");
  g_assert_cmpstr (show_title_at (shows, 8), ==, "Show 9");
  g_assert_cmpstr (show_title_at (shows, 9), ==, "Zebra");
}

static void
test_episode_model (LwTestFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Show", 3);
  g_autoptr(LwFeed) other = lw_test_feed_new ("Other", 2);
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(LwEpisode) first = NULL;
  LwTestItemsChanged changed = { 0 };
  LwTestItemsChanged all_changed = { 0 };
  const char *url = "https://example.org/feed.xml";
  gint64 show_id, other_id;
  gint64 last = G_MAXINT64;

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  other_id = lw_library_merge_feed (fixture->library, "https://example.org/other.xml", other, NULL, &error);
  g_assert_no_error (error);

  episodes = lw_library_get_episodes (fixture->library, show_id);
  all = lw_library_get_episodes (fixture->library, 0);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5);
  lw_test_watch_items_changed (episodes, &changed);
  lw_test_watch_items_changed (all, &all_changed);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

      g_assert_cmpint (lw_episode_get_published (episode), <, last);
      last = lw_episode_get_published (episode);
    }
  first = g_list_model_get_item (episodes, 0);

  /* One new episode on top: one insertion at 0, the rest untouched. */
  lw_test_feed_prepend (feed, "fresh", "Fresh", "https://cdn.example.org/fresh.mp3", 1800000000);
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (all_changed.count, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 6);
  {
    g_autoptr(LwEpisode) second = g_list_model_get_item (episodes, 1);

    /* The same object as before: one object per id. */
    g_assert_true (second == first);
  }

  /* Another show's refresh does not touch this list. */
  changed.count = 0;
  lw_test_feed_prepend (other, "fresh-other", "Fresh other", "https://cdn.example.org/fo.mp3", 1800000001);
  g_assert_cmpint (lw_library_merge_feed (fixture->library, "https://example.org/other.xml", other, NULL, &error), ==, other_id);
  g_assert_cmpuint (changed.count, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 7);

  /* Unsubscribing empties the list. */
  g_assert_true (lw_library_remove_show (fixture->library, show_id, &error));
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
}

typedef struct
{
  GPtrArray *names;
} Notifications;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static gboolean
notified (GPtrArray  *names,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static void
test_live_objects (LwTestFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Show", 2);
  g_autoptr(GPtrArray) episode_notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) show_notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LwShow) show = NULL;
  const char *url = "https://example.org/feed.xml";
  LwEpisode *episode;
  LwEpisode *again;
  LwFeedItem *item;
  gint64 show_id, episode_id;

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);
  item = g_ptr_array_index (feed->items, 0);
  episode_id = lw_test_episode_id (fixture->library, show_id, item->guid);

  episode = lw_library_lookup_episode (fixture->library, episode_id);
  again = lw_library_lookup_episode (fixture->library, episode_id);
  g_assert_true (episode == again);
  g_object_unref (again);

  show = lw_library_lookup_show (fixture->library, show_id);
  {
    g_autoptr(LwShow) by_url = lw_library_lookup_show_by_url (fixture->library, url);

    g_assert_true (show == by_url);
  }
  g_assert_null (lw_library_lookup_show_by_url (fixture->library, "https://nowhere.example/"));
  g_assert_null (lw_library_lookup_show (fixture->library, 999));
  g_assert_null (lw_library_lookup_episode (fixture->library, 999));

  g_signal_connect (episode, "notify", G_CALLBACK (on_notify), episode_notes);
  g_signal_connect (show, "notify", G_CALLBACK (on_notify), show_notes);

  g_assert_true (lw_library_set_episode_position (fixture->library, episode_id, 42000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_episode_get_position (episode), ==, 42000);
  g_assert_true (notified (episode_notes, "position"));
  g_assert_true (notified (episode_notes, "last-played"));
  g_assert_false (notified (episode_notes, "title"));
  g_assert_false (notified (show_notes, "unplayed-count"));

  /* Same value again: no notification. */
  g_ptr_array_set_size (episode_notes, 0);
  g_assert_true (lw_library_set_episode_position (fixture->library, episode_id, 42000, &error));
  g_assert_false (notified (episode_notes, "position"));

  g_assert_true (lw_library_set_episode_played (fixture->library, episode_id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lw_episode_get_played (episode));
  g_assert_cmpint (lw_episode_get_position (episode), ==, 0);
  g_assert_true (notified (episode_notes, "played"));
  g_assert_true (notified (episode_notes, "position"));
  g_assert_true (notified (show_notes, "unplayed-count"));
  g_assert_cmpuint (lw_show_get_unplayed_count (show), ==, 1);

  g_ptr_array_set_size (episode_notes, 0);
  g_ptr_array_set_size (show_notes, 0);
  g_free (item->title);
  item->title = g_strdup ("Renamed in the feed");
  g_free (feed->author);
  feed->author = g_strdup ("New author");
  lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (notified (episode_notes, "title"));
  g_assert_false (notified (episode_notes, "played"));
  g_assert_cmpstr (lw_episode_get_title (episode), ==, "Renamed in the feed");
  g_assert_true (notified (show_notes, "author"));
  g_assert_true (notified (show_notes, "last-refreshed") || lw_show_get_last_refreshed (show) > 0);

  g_assert_true (lw_library_set_show_error (fixture->library, show_id, "example.org answered 404 Not Found", &error));
  g_assert_cmpstr (lw_show_get_last_error (show), ==, "example.org answered 404 Not Found");
  g_assert_true (notified (show_notes, "last-error"));
  g_assert_true (lw_library_set_show_error (fixture->library, show_id, NULL, &error));
  g_assert_null (lw_show_get_last_error (show));

  g_assert_true (lw_library_set_show_feed_url (fixture->library, show_id, "https://example.org/moved.xml", &error));
  g_assert_cmpstr (lw_show_get_feed_url (show), ==, "https://example.org/moved.xml");
  g_assert_true (notified (show_notes, "feed-url"));

  g_assert_false (lw_library_set_episode_position (fixture->library, 999, 1, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Weak cache: once nobody holds it, the next lookup builds a new object that
   * reads the stored state. */
  g_signal_handlers_disconnect_by_data (episode, episode_notes);
  g_assert_finalize_object (episode);
  episode = lw_library_lookup_episode (fixture->library, episode_id);
  g_assert_true (lw_episode_get_played (episode));
  g_assert_cmpstr (lw_episode_get_title (episode), ==, "Renamed in the feed");

  /* Objects may outlive the library. */
  g_signal_handlers_disconnect_by_data (show, show_notes);
  g_assert_finalize_object (g_steal_pointer (&fixture->library));
  g_assert_cmpstr (lw_episode_get_title (episode), ==, "Renamed in the feed");
  g_object_unref (episode);
}

/* Refresh state for the feed service */

static void
test_refresh_state (LwTestFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Show", 1);
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  LwHttpCache cache = { "\"v1\"", "Tue, 14 Nov 2023 22:13:20 GMT" };
  LwHttpCache newer = { "\"v2\"", NULL };
  gint64 show_id, now;

  show_id = lw_library_merge_feed (fixture->library, "https://example.org/feed.xml", feed, &cache, &error);
  g_assert_no_error (error);
  show = lw_library_lookup_show (fixture->library, show_id);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 200);
  g_assert_cmpint (lw_show_get_next_retry (show), ==, 0);
  g_signal_connect (show, "notify", G_CALLBACK (on_notify), notes);

  /* Backoff: 15 minutes, then 30, … at most a day. */
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (lw_library_set_show_failure (fixture->library, show_id, 404,
                                              "example.org answered 404 Not Found", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 404);
  g_assert_cmpstr (lw_show_get_last_error (show), ==, "example.org answered 404 Not Found");
  g_assert_cmpint (lw_show_get_next_retry (show) - now, >=, 900);
  g_assert_cmpint (lw_show_get_next_retry (show) - now, <=, 902);
  g_assert_true (notified (notes, "next-retry"));
  g_assert_true (notified (notes, "last-status"));

  g_assert_true (lw_library_set_show_error (fixture->library, show_id, "timed out", &error));
  g_assert_cmpint (lw_show_get_next_retry (show) - now, >=, 1800);
  g_assert_cmpint (lw_show_get_next_retry (show) - now, <=, 1802);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 404);
  for (guint i = 0; i < 10; i++)
    g_assert_true (lw_library_set_show_failure (fixture->library, show_id, 503, "busy", &error));
  g_assert_cmpint (lw_show_get_next_retry (show) - now, >=, 86400);
  g_assert_cmpint (lw_show_get_next_retry (show) - now, <=, 86402);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT failures FROM shows"), ==, 12);

  g_assert_true (lw_library_set_show_failure (fixture->library, show_id, 410, "gone", &error));
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT gone FROM shows"), ==, 1);

  /* 304: fine again, new validators, the time of the check. */
  g_ptr_array_set_size (notes, 0);
  g_assert_true (lw_library_set_show_not_modified (fixture->library, show_id, &newer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_show_get_last_status (show), ==, 304);
  g_assert_null (lw_show_get_last_error (show));
  g_assert_cmpint (lw_show_get_next_retry (show), ==, 0);
  g_assert_cmpstr (lw_show_get_etag (show), ==, "\"v2\"");
  g_assert_null (lw_show_get_last_modified (show));
  g_assert_cmpint (lw_show_get_last_refreshed (show), >=, now);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT failures + gone FROM shows"), ==, 0);
  g_assert_true (notified (notes, "last-error"));

  /* Without validators the stored ones stay. */
  g_assert_true (lw_library_set_show_not_modified (fixture->library, show_id, NULL, &error));
  g_assert_cmpstr (lw_show_get_etag (show), ==, "\"v2\"");

  g_assert_false (lw_library_set_show_not_modified (fixture->library, 4242, NULL, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lw_library_set_show_failure (fixture->library, 4242, 500, "x", &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND);

  g_signal_handlers_disconnect_by_data (show, notes);
}

/* Failures leave the file as it was */

static void
assert_show_untouched (LwTestFixture *fixture,
                       gint64      show_id,
                       const char *title,
                       guint       n_episodes)
{
  g_autoptr(LwShow) show = lw_library_lookup_show (fixture->library, show_id);
  g_autofree char *stored_title = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT title FROM shows WHERE id = %" G_GINT64_FORMAT, show_id);

  g_assert_cmpstr (lw_show_get_title (show), ==, title);
  g_assert_cmpuint (lw_show_get_episode_count (show), ==, n_episodes);
  stored_title = query_text (fixture->path, sql);
  g_assert_cmpstr (stored_title, ==, title);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes"), ==, n_episodes);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes_fts WHERE episodes_fts MATCH 'boom OR later'"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (lw_library_get_db (fixture->library)));
}

static void
test_failure_midway (LwTestFixture *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Before", 3);
  const char *url = "https://example.org/feed.xml";
  gint64 show_id;

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);

  /* The third write of the next merge fails: the show row and the first new
   * episode were already written inside the transaction. */
  exec_raw (fixture->path,
            "CREATE TRIGGER boom BEFORE INSERT ON episodes WHEN new.title = 'boom'"
            " BEGIN SELECT RAISE (ABORT, 'boom'); END;");

  g_free (feed->title);
  feed->title = g_strdup ("After");
  lw_test_feed_add (feed, "boom", "boom", "https://cdn.example.org/boom.mp3", 10);
  lw_test_feed_add (feed, "later", "later", "https://cdn.example.org/later.mp3", 5);

  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, feed, NULL, &error), ==, 0);
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "After"));
  g_clear_error (&error);

  assert_show_untouched (fixture, show_id, "Before", 3);

  /* And the library still works. */
  exec_raw (fixture->path, "DROP TRIGGER boom");
  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, feed, NULL, &error), ==, show_id);
  g_assert_no_error (error);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT count(*) FROM episodes"), ==, 5);
}

static void
test_failure_disk_full (LwTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Before", 3);
  g_autoptr(LwFeed) big = lw_test_feed_new ("After", 2000);
  const char *url = "https://example.org/feed.xml";
  g_autofree char *sql = NULL;
  gint64 show_id;

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);

  /* SQLite's own "disk full": the file may not grow past its current size. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                         lw_test_query_int (fixture->path, "PRAGMA page_count") + 2);
  g_assert_cmpint (sqlite3_exec (lw_library_get_db (fixture->library), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, big, NULL, &error), ==, 0);
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  assert_show_untouched (fixture, show_id, "Before", 3);
}

static void
test_failure_read_only (LwTestFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Before", 3);
  g_autoptr(LwFeed) after = lw_test_feed_new ("After", 5);
  const char *url = "https://example.org/feed.xml";
  gint64 show_id, episode_id;

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);
  episode_id = lw_test_episode_id (fixture->library, show_id, "Before-0");

  g_assert_cmpint (sqlite3_exec (lw_library_get_db (fixture->library), "PRAGMA query_only = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (lw_library_merge_feed (fixture->library, url, after, NULL, &error), ==, 0);
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lw_library_set_episode_position (fixture->library, episode_id, 5000, &error));
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "cannot be written"));
  g_clear_error (&error);

  assert_show_untouched (fixture, show_id, "Before", 3);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT max(position_ms) FROM episode_state"), ==, 0);
}

static void
test_read_only_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Before", 1);
  g_autofree char *dir = g_dir_make_tmp ("lw-library-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  LwLibrary *library;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes to read-only files: PRAGMA query_only covers this case");
      lw_test_remove_tree (dir);
      return;
    }

  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (library);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_library_merge_feed (library, "https://example.org/feed", feed, NULL, &error), ==, 0);
  g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_READ_ONLY);
  g_assert_finalize_object (library);

  g_chmod (path, 0644);
  g_clear_error (&error);

  /* A read-only folder with no library in it yet. */
  {
    g_autofree char *locked = g_build_filename (dir, "locked", NULL);
    g_autofree char *inside = g_build_filename (locked, "library.db", NULL);

    g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
    library = lw_library_new (inside, &error);
    g_assert_null (library);
    g_assert_error (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, "read-only"));
    g_clear_error (&error);
    g_chmod (locked, 0755);
  }

  lw_test_remove_tree (dir);
}

/* Two processes on one file */

typedef struct
{
  const char *path;
  gint64      episode_id;
  guint       n_writes;
  GError     *error;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(LwLibrary) library = lw_library_new (writer->path, &writer->error);

  if (library == NULL)
    return NULL;

  for (guint i = 1; i <= writer->n_writes; i++)
    {
      if (!lw_library_set_episode_position (library, writer->episode_id, i * 1000, &writer->error))
        return NULL;
    }

  return NULL;
}

static void
test_two_instances (LwTestFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Show", 200);
  g_autoptr(LwFeed) second = lw_test_feed_new ("Second", 3);
  g_autoptr(LwLibrary) other = NULL;
  g_autoptr(LwShow) seen = NULL;
  g_autoptr(GThread) thread = NULL;
  const char *url = "https://example.org/feed.xml";
  Writer writer = { fixture->path, 0, 300, NULL };
  gint64 show_id;

  show_id = lw_library_merge_feed (fixture->library, url, feed, NULL, &error);
  g_assert_no_error (error);
  writer.episode_id = lw_test_episode_id (fixture->library, show_id, "Show-0");

  /* Another connection (as longwave-cli would hold) writes while this one merges
   * big transactions: both wait for each other, neither fails. */
  thread = g_thread_new ("writer", writer_thread, &writer);
  for (guint i = 0; i < 20; i++)
    {
      LwFeedItem *item = g_ptr_array_index (feed->items, i % feed->items->len);

      g_free (item->summary);
      item->summary = g_strdup_printf ("Changed %u", i);
      g_assert_cmpint (lw_library_merge_feed (fixture->library, url, feed, NULL, &error), ==, show_id);
      g_assert_no_error (error);
    }
  g_thread_join (g_steal_pointer (&thread));
  g_assert_no_error (writer.error);
  g_assert_cmpint (lw_test_query_int (fixture->path, "SELECT max(position_ms) FROM episode_state"), ==, 300000);

  /* What one instance adds, the other can look up. */
  other = lw_library_new (fixture->path, &error);
  g_assert_no_error (error);
  show_id = lw_library_merge_feed (other, "https://example.org/second.xml", second, NULL, &error);
  g_assert_no_error (error);
  seen = lw_library_lookup_show (fixture->library, show_id);
  g_assert_nonnull (seen);
  g_assert_cmpstr (lw_show_get_title (seen), ==, "Second");
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->library)), ==, 2);
}

/* Speed */

/* Wall and CPU time: the CPU time stays meaningful on a busy build machine. */
typedef struct
{
  gint64 wall;
  gint64 cpu;
} Clock;

static Clock
clock_now (void)
{
  struct timespec cpu;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);

  return (Clock) { g_get_monotonic_time (), cpu.tv_sec * G_USEC_PER_SEC + cpu.tv_nsec / 1000 };
}

static char *
clock_since (Clock  start,
             gint64 *cpu_us)
{
  Clock now = clock_now ();

  if (cpu_us != NULL)
    *cpu_us = now.cpu - start.cpu;

  return g_strdup_printf ("%.1f ms (CPU %.1f ms)",
                          (now.wall - start.wall) / 1000.0, (now.cpu - start.cpu) / 1000.0);
}

static void
test_large_show (LwTestFixture *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Large", 10000);
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *merge = NULL;
  g_autofree char *remerge = NULL;
  g_autofree char *open = NULL;
  g_autofree char *screen = NULL;
  g_autofree char *walk = NULL;
  gint64 show_id, open_cpu, screen_cpu, walk_cpu;
  gint64 last = G_MAXINT64;
  Clock start;

  /* Show notes and summaries of the size real feeds have. */
  for (guint i = 0; i < feed->items->len; i++)
    {
      LwFeedItem *item = g_ptr_array_index (feed->items, i);

      g_free (item->notes_html);
      item->notes_html = g_strnfill (2500, 'n');
      g_free (item->summary);
      item->summary = g_strnfill (400, 's');
    }

  start = clock_now ();
  show_id = lw_library_merge_feed (fixture->library, "https://example.org/large.xml", feed, NULL, &error);
  merge = clock_since (start, NULL);
  g_assert_no_error (error);

  start = clock_now ();
  lw_library_merge_feed (fixture->library, "https://example.org/large.xml", feed, NULL, &error);
  remerge = clock_since (start, NULL);
  g_assert_no_error (error);

  /* Opening the show: the list, then the first screenful of rows. */
  start = clock_now ();
  episodes = lw_library_get_episodes (fixture->library, show_id);
  open = clock_since (start, &open_cpu);
  g_assert_cmpuint (g_list_model_get_n_items (episodes), ==, 10000);

  start = clock_now ();
  for (guint i = 0; i < 30; i++)
    g_ptr_array_add (held, g_list_model_get_item (episodes, i));
  screen = clock_since (start, &screen_cpu);

  /* Every object, as a view scrolling to the end would build them. */
  start = clock_now ();
  for (guint i = 30; i < 10000; i++)
    g_ptr_array_add (held, g_list_model_get_item (episodes, i));
  walk = clock_since (start, &walk_cpu);

  for (guint i = 0; i < held->len; i++)
    {
      LwEpisode *episode = g_ptr_array_index (held, i);

      g_assert_cmpint (lw_episode_get_published (episode), <, last);
      last = lw_episode_get_published (episode);
    }
  g_assert_cmpuint (strlen (lw_episode_get_notes_html (g_ptr_array_index (held, 9999))), ==, 2500);

  g_test_message ("10,000 episodes (2.9 KB of text each): first merge %s, unchanged re-merge %s, "
                  "open %s, first 30 rows %s, all rows %s", merge, remerge, open, screen, walk);

  /* Well under 100 ms to open, even in a debug build on a busy machine. */
  g_assert_cmpint (open_cpu + screen_cpu, <, 50 * 1000);
}

static void
test_many_shows (LwTestFixture *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_feed_free);
  g_autofree char *merge = NULL;
  g_autofree char *remerge = NULL;
  g_autofree char *open = NULL;
  Clock start;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *title = g_strdup_printf ("Show %03u", i);

      g_ptr_array_add (feeds, lw_test_feed_new (title, 100));
    }

  /* What an OPML import of 200 feeds costs the library. */
  start = clock_now ();
  for (guint i = 0; i < feeds->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = g_strdup_printf ("https://example.org/%u.xml", i);

      g_assert_cmpint (lw_library_merge_feed (fixture->library, url, g_ptr_array_index (feeds, i), NULL, &error), >, 0);
      g_assert_no_error (error);
    }
  merge = clock_since (start, NULL);

  /* A refresh of everything where every feed changed nothing. */
  start = clock_now ();
  for (guint i = 0; i < feeds->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = g_strdup_printf ("https://example.org/%u.xml", i);

      lw_library_merge_feed (fixture->library, url, g_ptr_array_index (feeds, i), NULL, &error);
      g_assert_no_error (error);
    }
  remerge = clock_since (start, NULL);

  /* Start-up: open the file and load the show list with its counts. */
  g_assert_finalize_object (g_steal_pointer (&fixture->library));
  start = clock_now ();
  fixture->library = lw_library_new (fixture->path, NULL);
  open = clock_since (start, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (fixture->library)), ==, 200);

  g_test_message ("200 shows x 100 episodes: merge %s, unchanged re-merge %s, open %s",
                  merge, remerge, open);
}

/* longwave-cli */

static char *
run_cli (const char  *args,
         int         *exit_status,
         char       **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("%s %s", cli_path, args);
  g_auto(GStrv) argv = NULL;
  char *out = NULL;
  int wait_status;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, NULL));
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, err, &wait_status, &error);
  g_assert_no_error (error);
  *exit_status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;

  return out;
}

static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwFeed) feed = lw_test_feed_new ("Tabbed\tShow", 2);
  g_autoptr(LwFeed) other = lw_test_feed_new ("Another", 1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *args = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 show_id, other_id, episode_id;
  LwFeedItem *undated;
  int status;

  if (cli_path == NULL)
    {
      g_test_skip ("pass the path of longwave-cli as the first argument");
      return;
    }

  /* XDG_DATA_HOME points into a temp dir for the whole program (main()). */
  library = lw_library_new (NULL, &error);
  g_assert_no_error (error);

  undated = g_ptr_array_index (feed->items, 1);
  undated->published = LW_DATE_UNKNOWN;
  undated->duration = LW_UNKNOWN;
  show_id = lw_library_merge_feed (library, "https://example.org/tabbed.xml", feed, NULL, &error);
  other_id = lw_library_merge_feed (library, "https://example.org/another.xml", other, NULL, &error);
  g_assert_no_error (error);
  episode_id = lw_test_episode_id (library, show_id, "Tabbed\tShow-0");
  g_assert_true (lw_library_set_episode_played (library, episode_id, TRUE, &error));

  /* The app keeps its connection open meanwhile. */
  out = run_cli ("list", &status, &err);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT "\tAnother\thttps://example.org/another.xml\n"
                              "%" G_GINT64_FORMAT "\tTabbed Show\thttps://example.org/tabbed.xml\n",
                              other_id, show_id);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&expected, g_free);

  g_free (args);
  args = g_strdup_printf ("episodes %" G_GINT64_FORMAT, show_id);
  out = run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  /* lw_test_feed_new: item N is published at 1700000000 - N days, lasts 600 + N s. */
  expected = g_strdup_printf ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t2023-11-14\t600\t1\tTabbed Show 0\n"
                              "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t-\t-\t0\tTabbed Show 1\n",
                              episode_id, show_id,
                              lw_test_episode_id (library, show_id, "Tabbed\tShow-1"), show_id);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ("episodes --all", &status, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);  /* 3 + the empty tail */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&lines, g_strfreev);

  out = run_cli ("episodes", &status, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ("episodes 4242", &status, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "4242"));
  g_assert_true (g_str_has_suffix (err, "\n") && strchr (err, '\n') == err + strlen (err) - 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli ("episodes banana", &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "banana"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("lw-library-home-XXXXXX", NULL);
  int result;

  /* Before anything asks GLib for the data dir: it caches the answer. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    cli_path = argv[1];

  g_test_add_func ("/library/schema/migrate-empty", test_migrate_empty);
  g_test_add_func ("/library/schema/too-new", test_too_new);
  g_test_add_func ("/library/schema/not-a-database", test_not_a_database);
  g_test_add_func ("/library/schema/default-path", test_default_path);
  g_test_add ("/library/round-trip", LwTestFixture, NULL, lw_test_fixture_set_up, test_round_trip, lw_test_fixture_tear_down);
  g_test_add ("/library/merge/matching", LwTestFixture, NULL, lw_test_fixture_set_up, test_merge_matching, lw_test_fixture_tear_down);
  g_test_add ("/library/merge/removed", LwTestFixture, NULL, lw_test_fixture_set_up, test_merge_removed, lw_test_fixture_tear_down);
  g_test_add ("/library/merge/unchanged-rows", LwTestFixture, NULL, lw_test_fixture_set_up, test_merge_unchanged_rows, lw_test_fixture_tear_down);
  g_test_add ("/library/merge/all-changed", LwTestFixture, NULL, lw_test_fixture_set_up, test_merge_all_changed, lw_test_fixture_tear_down);
  g_test_add ("/library/models/shows", LwTestFixture, NULL, lw_test_fixture_set_up, test_show_model, lw_test_fixture_tear_down);
  g_test_add ("/library/models/natural-order", LwTestFixture, NULL, lw_test_fixture_set_up, test_show_natural_order, lw_test_fixture_tear_down);
  g_test_add ("/library/models/episodes", LwTestFixture, NULL, lw_test_fixture_set_up, test_episode_model, lw_test_fixture_tear_down);
  g_test_add ("/library/live-objects", LwTestFixture, NULL, lw_test_fixture_set_up, test_live_objects, lw_test_fixture_tear_down);
  g_test_add ("/library/refresh-state", LwTestFixture, NULL, lw_test_fixture_set_up, test_refresh_state, lw_test_fixture_tear_down);
  g_test_add ("/library/failure/midway", LwTestFixture, NULL, lw_test_fixture_set_up, test_failure_midway, lw_test_fixture_tear_down);
  g_test_add ("/library/failure/disk-full", LwTestFixture, NULL, lw_test_fixture_set_up, test_failure_disk_full, lw_test_fixture_tear_down);
  g_test_add ("/library/failure/read-only", LwTestFixture, NULL, lw_test_fixture_set_up, test_failure_read_only, lw_test_fixture_tear_down);
  g_test_add_func ("/library/failure/read-only-file", test_read_only_file);
  g_test_add ("/library/two-instances", LwTestFixture, NULL, lw_test_fixture_set_up, test_two_instances, lw_test_fixture_tear_down);
  g_test_add ("/library/large-show", LwTestFixture, NULL, lw_test_fixture_set_up, test_large_show, lw_test_fixture_tear_down);
  g_test_add ("/library/many-shows", LwTestFixture, NULL, lw_test_fixture_set_up, test_many_shows, lw_test_fixture_tear_down);
  g_test_add_func ("/library/cli", test_cli);

  result = g_test_run ();

  lw_test_remove_tree (data_home);

  return result;
}
