/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli"
/* posix_openpt(), grantpt(), unlockpt(), ptsname() */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/lw-opml.h"
#include "../core/lw-test-http.h"

/* longwave-cli as a user runs it: the built program, spawned with XDG_DATA_HOME in
 * a temporary directory, against a SoupServer on 127.0.0.1. The spawn blocks, so the
 * server runs on a thread of its own with its own main context. */

static const char *cli_path;

typedef struct
{
  GMutex        lock;
  GCond         cond;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base_url;
  /* Under @lock: */
  GHashTable   *versions;   /* "/feed/N.xml" → version (≥ 1); absent = 404 */
  GHashTable   *failing;    /* paths answered 500 */
  GHashTable   *status;     /* path → last status sent */
} Server;

typedef struct
{
  Server *server;
  char   *dir;
  char   *data_dir;
} Fixture;

/* A feed whose content depends on its version: version 2 adds an episode. Episode
 * notes of show 2 hold a word found nowhere else, for the search. */
static char *
build_feed (guint show,
            guint version)
{
  GString *feed = g_string_new (NULL);

  g_string_append_printf (feed,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<rss version=\"2.0\"><channel>\n"
                          "<title>Show %u</title>\n"
                          "<link>http://example.org/%u</link>\n"
                          "<description>A show for the CLI test</description>\n",
                          show, show);

  for (guint i = 1; i <= 2 + version - 1; i++)
    g_string_append_printf (feed,
                            "<item><title>Show %u episode %u</title>"
                            "<guid>show-%u-episode-%u</guid>"
                            "<pubDate>Mon, 0%u Jan 2024 10:00:00 +0000</pubDate>"
                            "<description>%s notes of episode %u</description>"
                            "<enclosure url=\"http://example.org/%u/%u.mp3\" length=\"1000\" type=\"audio/mpeg\"/>"
                            "</item>\n",
                            show, i, show, i, i,
                            show == 2 && i == 1 ? "Zeppelinology and other" : "Plain",
                            i, show, i);

  g_string_append (feed, "</channel></rss>\n");

  return g_string_free (feed, FALSE);
}

static void
set_status (Server     *self,
            const char *path,
            guint       status)
{
  g_hash_table_insert (self->status, g_strdup (path), GUINT_TO_POINTER (status));
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Server *self = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autofree char *last_modified = NULL;
  g_autofree char *body = NULL;
  const char *since;
  guint show, version;

  if (g_hash_table_contains (self->failing, path))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      set_status (self, path, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  version = GPOINTER_TO_UINT (g_hash_table_lookup (self->versions, path));
  if (version == 0 || sscanf (path, "/feed/%u.xml", &show) != 1)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      set_status (self, path, SOUP_STATUS_NOT_FOUND);
      return;
    }

  /* One validator per version, as a static file server sends. */
  last_modified = g_strdup_printf ("Mon, 0%u Jan 2024 12:00:00 GMT", version);
  soup_message_headers_replace (response, "Last-Modified", last_modified);

  since = soup_message_headers_get_one (request, "If-Modified-Since");
  if (g_strcmp0 (since, last_modified) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      set_status (self, path, SOUP_STATUS_NOT_MODIFIED);
      return;
    }

  body = build_feed (show, version);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, body, strlen (body));
  set_status (self, path, SOUP_STATUS_OK);
}

static gpointer
server_thread (gpointer user_data)
{
  Server *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *uri = NULL;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  uri = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->lock);
  /* "http://127.0.0.1:PORT/" without the slash */
  self->base_url = g_strndup (uri, strlen (uri) - 1);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static Server *
server_new (void)
{
  Server *self = g_new0 (Server, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("test-server", server_thread, self);
  while (self->base_url == NULL)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
server_free (Server *self)
{
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->versions);
  g_hash_table_unref (self->failing);
  g_hash_table_unref (self->status);
  g_free (self->base_url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

static void
server_set_version (Server *self,
                    guint   show,
                    guint   version)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_hash_table_insert (self->versions, g_strdup_printf ("/feed/%u.xml", show), GUINT_TO_POINTER (version));
}

static void
server_set_failing (Server *self,
                    guint   show)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_hash_table_add (self->failing, g_strdup_printf ("/feed/%u.xml", show));
}

/* The last status sent for @show's feed, 0 when it was never asked for. Clears it. */
static guint
server_take_status (Server *self,
                    guint   show)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *path = g_strdup_printf ("/feed/%u.xml", show);
  guint status = GPOINTER_TO_UINT (g_hash_table_lookup (self->status, path));

  g_hash_table_remove (self->status, path);

  return status;
}

static char *
feed_url (Fixture *fixture,
          guint    show)
{
  return g_strdup_printf ("%s/feed/%u.xml", fixture->server->base_url, show);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = server_new ();
  for (guint show = 1; show <= 3; show++)
    server_set_version (fixture->server, show, 1);

  fixture->dir = g_dir_make_tmp ("test-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  server_free (fixture->server);
  lw_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
}

/* Runs longwave-cli with @data_dir as XDG_DATA_HOME, and stderr on @terminal when it
 * is not -1 (taken); returns its exit status. */
static int
run_argv (const char  *data_dir,
          int          terminal,
          GPtrArray   *args,
          char       **out,
          char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE;

  if (terminal == -1)
    flags |= G_SUBPROCESS_FLAGS_STDERR_PIPE;

  launcher = g_subprocess_launcher_new (flags);
  if (terminal != -1)
    g_subprocess_launcher_take_stderr_fd (launcher, terminal);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text,
                                 terminal == -1 ? &stderr_text : NULL, &error);
  g_assert_no_error (error);

  g_test_message ("longwave-cli %s → %d\nstdout: %s\nstderr: %s",
                  args->len > 2 ? (const char *) args->pdata[1] : "",
                  g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1,
                  stdout_text, stderr_text);

  /* A crash (fatal-warnings turns a warning into one) is never an exit code. */
  g_assert_true (g_subprocess_get_if_exited (process));

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  return g_subprocess_get_exit_status (process);
}

static int
run_in (const char  *data_dir,
        char       **out,
        char       **err,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) cli_path);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return run_argv (data_dir, -1, args, out, err);
}

#define run(fixture, out, err, ...) run_in ((fixture)->data_dir, out, err, __VA_ARGS__, NULL)

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* Imports shows 1 and 2 (and 3 when @three). */
static void
import_shows (Fixture  *fixture,
              gboolean  three)
{
  g_autofree char *url1 = feed_url (fixture, 1);
  g_autofree char *url2 = feed_url (fixture, 2);
  g_autofree char *url3 = feed_url (fixture, 3);
  g_autofree char *opml = g_strdup_printf ("<opml version=\"1.0\"><body>"
                                           "<outline text=\"One\" xmlUrl=\"%s\"/>"
                                           "<outline text=\"Two\" xmlUrl=\"%s\"/>"
                                           "%s%s%s</body></opml>",
                                           url1, url2,
                                           three ? "<outline text=\"Three\" xmlUrl=\"" : "",
                                           three ? url3 : "",
                                           three ? "\"/>" : "");
  g_autofree char *path = write_file (fixture, "shows.opml", opml);
  g_autofree char *out = NULL;

  g_assert_cmpint (run (fixture, &out, NULL, "import", path), ==, 0);
}

/* The id of the show titled @title in `longwave-cli list`, 0 when absent. */
static gint64
find_show (Fixture    *fixture,
           const char *title)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run (fixture, &out, NULL, "list"), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (fields) == 3 && g_str_equal (fields[1], title))
        return g_ascii_strtoll (fields[0], NULL, 10);
    }

  return 0;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* `list` output without the id column, sorted: ids follow the order in which the
 * parallel subscriptions finish, which no test can rely on. */
static char *
dup_list_without_ids (const char *list)
{
  g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *tab = strchr (lines[i], '\t');

      if (tab != NULL)
        g_ptr_array_add (rows, (char *) tab + 1);
    }
  g_ptr_array_sort (rows, compare_rows);
  g_ptr_array_add (rows, NULL);

  return g_strjoinv ("\n", (char **) rows->pdata);
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  user_data)
{
  const char *cases[][3] = {
    { "import", NULL, },
    { "import", "a.opml", "b.opml" },
    { "export", "a.opml", "b.opml" },
    { "refresh", "abc", },
    { "refresh", "0", },
    { "refresh", "1", "2" },
    { "unsubscribe", NULL, },
    { "unsubscribe", "-3", },
    { "search", NULL, },
    { "no-such-command", },
  };

  g_assert_cmpint (run_in (fixture->data_dir, NULL, NULL, NULL), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run (fixture, &out, &err, cases[i][0], cases[i][1], cases[i][2]), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "longwave-cli: "));
    }

  /* Usage errors touch nothing: no library was created. */
  g_assert_false (g_file_test (fixture->data_dir, G_FILE_TEST_EXISTS));
}

static void
test_import_export (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *url1 = feed_url (fixture, 1);
  g_autofree char *url2 = feed_url (fixture, 2);
  g_autofree char *url3 = feed_url (fixture, 3);
  g_autofree char *missing = feed_url (fixture, 404);
  g_autofree char *refused = lw_test_refused_url ();
  g_autofree char *opml = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *file_contents = NULL;
  g_autofree char *second_dir = NULL;
  g_autofree char *second_list = NULL;
  g_autoptr(LwOpml) parsed = NULL;
  g_autoptr(GError) error = NULL;

  opml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                          "<opml version=\"2.0\"><head><title>Mine</title></head><body>\n"
                          "<outline text=\"Tech\">\n"
                          "  <outline text=\"One\" type=\"rss\" xmlUrl=\"%s\"/>\n"
                          "  <outline text=\"Deeper\"><outline text=\"Two\" xmlUrl=\"%s\"/></outline>\n"
                          "</outline>\n"
                          "<outline text=\"One again\" xmlUrl=\"%s\"/>\n"
                          "<outline text=\"Not a feed\" xmlUrl=\"mailto:someone@example.org\"/>\n"
                          "<outline text=\"Nobody home\" xmlUrl=\"%s\"/>\n"
                          "<outline text=\"Lost\" xmlUrl=\"%s\"/>\n"
                          "<outline text=\"Three\" xmlUrl=\"%s\"/>\n"
                          "</body></opml>\n",
                          url1, url2, url1, refused, missing, url3);
  path = write_file (fixture, "list.opml", opml);

  g_assert_cmpint (run (fixture, &out, &err, "import", path), ==, 1);

  /* Each failure named with its reason; the bad entry too. */
  g_assert_nonnull (strstr (err, refused));
  g_assert_nonnull (strstr (err, "Nobody home"));
  g_assert_nonnull (strstr (err, "Could not reach 127.0.0.1"));
  g_assert_nonnull (strstr (err, missing));
  g_assert_nonnull (strstr (err, "404"));
  g_assert_nonnull (strstr (err, "mailto:someone@example.org"));
  /* Not a terminal: no progress line. */
  g_assert_null (strchr (err, '\r'));

  /* The others are in, the duplicate once, in the list's order. */
  g_assert_true (g_regex_match_simple ("^[0-9]+\tShow 1\n[0-9]+\tShow 2\n[0-9]+\tShow 3\n$", out, 0, 0));
  g_assert_cmpint (run (fixture, &list, NULL, "list"), ==, 0);
  g_assert_cmpuint (count_lines (list), ==, 3);
  g_assert_nonnull (strstr (list, url1));
  g_assert_nonnull (strstr (list, url2));
  g_assert_nonnull (strstr (list, url3));
  g_assert_null (strstr (list, missing));

  /* Export to stdout, then to a file: the same three feeds. */
  g_assert_cmpint (run (fixture, &exported, NULL, "export"), ==, 0);
  parsed = lw_opml_parse (exported, strlen (exported), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->entries->len, ==, 3);
  g_assert_cmpuint (parsed->problems->len, ==, 0);
  for (guint i = 0; i < parsed->entries->len; i++)
    {
      LwOpmlEntry *entry = g_ptr_array_index (parsed->entries, i);

      g_assert_nonnull (strstr (list, entry->feed_url));
      g_assert_true (g_str_has_prefix (entry->title, "Show "));
    }

  export_path = g_build_filename (fixture->dir, "exported.opml", NULL);
  g_assert_cmpint (run (fixture, NULL, NULL, "export", export_path), ==, 0);
  g_file_get_contents (export_path, &file_contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (file_contents, url1));

  /* Round trip: a fresh library importing the export holds the same shows. */
  second_dir = g_build_filename (fixture->dir, "second", NULL);
  g_assert_cmpint (run_in (second_dir, NULL, NULL, "import", export_path, NULL), ==, 0);
  g_assert_cmpint (run_in (second_dir, &second_list, NULL, "list", NULL), ==, 0);
  {
    g_autofree char *expected = dup_list_without_ids (list);
    g_autofree char *got = dup_list_without_ids (second_list);

    g_assert_cmpuint (count_lines (second_list), ==, 3);
    g_assert_cmpstr (got, ==, expected);
  }

  /* Importing again changes nothing (not even an id) and fails nothing. */
  {
    g_autofree char *before = g_steal_pointer (&second_list);

    g_assert_cmpint (run_in (second_dir, NULL, NULL, "import", export_path, NULL), ==, 0);
    g_assert_cmpint (run_in (second_dir, &second_list, NULL, "list", NULL), ==, 0);
    g_assert_cmpstr (second_list, ==, before);
  }
}

static void
test_import_bad_file (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *html = write_file (fixture, "page.opml", "<html><body>Hi</body></html>");
  g_autofree char *absent = g_build_filename (fixture->dir, "absent.opml", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run (fixture, NULL, &err, "import", html), ==, 1);
  g_assert_true (g_str_has_prefix (err, "longwave-cli: "));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, NULL, &err, "import", absent), ==, 1);
  g_assert_true (g_str_has_prefix (err, "longwave-cli: "));
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *episodes = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *url2 = feed_url (fixture, 2);

  import_shows (fixture, FALSE);
  id1 = g_strdup_printf ("%" G_GINT64_FORMAT, find_show (fixture, "Show 1"));
  id2 = g_strdup_printf ("%" G_GINT64_FORMAT, find_show (fixture, "Show 2"));
  g_assert_cmpint (run (fixture, &episodes, NULL, "episodes", id1), ==, 0);
  g_assert_cmpuint (count_lines (episodes), ==, 2);
  g_clear_pointer (&episodes, g_free);
  server_take_status (fixture->server, 1);
  server_take_status (fixture->server, 2);

  /* Show 1 changed, show 2 did not: one new episode, one 304. */
  server_set_version (fixture->server, 1, 2);
  g_assert_cmpint (run (fixture, &out, &err, "refresh"), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpuint (server_take_status (fixture->server, 1), ==, 200);
  g_assert_cmpuint (server_take_status (fixture->server, 2), ==, 304);
  g_assert_cmpint (run (fixture, &episodes, NULL, "episodes", id1), ==, 0);
  g_assert_cmpuint (count_lines (episodes), ==, 3);
  g_assert_nonnull (strstr (episodes, "Show 1 episode 3"));
  g_clear_pointer (&episodes, g_free);

  /* One show only. */
  server_set_version (fixture->server, 2, 3);
  g_assert_cmpint (run (fixture, NULL, NULL, "refresh", id2), ==, 0);
  g_assert_cmpuint (server_take_status (fixture->server, 1), ==, 0);
  g_assert_cmpuint (server_take_status (fixture->server, 2), ==, 200);
  g_assert_cmpint (run (fixture, &episodes, NULL, "episodes", id2), ==, 0);
  g_assert_cmpuint (count_lines (episodes), ==, 4);
  g_clear_pointer (&episodes, g_free);

  /* A failing feed is named with its reason; the other still refreshes; what was
   * stored stays. */
  server_set_failing (fixture->server, 2);
  server_set_version (fixture->server, 1, 3);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, NULL, &err, "refresh"), ==, 1);
  g_assert_nonnull (strstr (err, "Show 2"));
  g_assert_nonnull (strstr (err, url2));
  g_assert_nonnull (strstr (err, "500"));
  g_assert_null (strstr (err, "Show 1"));
  g_assert_cmpint (run (fixture, &episodes, NULL, "episodes", id1), ==, 0);
  g_assert_cmpuint (count_lines (episodes), ==, 4);
  g_clear_pointer (&episodes, g_free);
  g_assert_cmpint (run (fixture, &episodes, NULL, "episodes", id2), ==, 0);
  g_assert_cmpuint (count_lines (episodes), ==, 4);
  g_clear_pointer (&episodes, g_free);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, NULL, &err, "refresh", id2), ==, 1);
  g_assert_nonnull (strstr (err, "500"));

  /* No such show. */
  g_assert_cmpint (run (fixture, NULL, NULL, "refresh", "9999"), ==, 1);
}

static void
test_unsubscribe_search (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *expected = NULL;
  gint64 show2;

  import_shows (fixture, TRUE);
  show2 = find_show (fixture, "Show 2");
  g_assert_cmpint (show2, >, 0);
  id2 = g_strdup_printf ("%" G_GINT64_FORMAT, show2);

  /* A word of one episode's notes, as a word and as its start. Episodes are printed
   * as `episodes` prints them: id, show id, date, duration, played, title. */
  g_assert_cmpint (run (fixture, &out, NULL, "search", "zeppelinology"), ==, 0);
  expected = g_strdup_printf ("\t%s\t2024-01-01\t-\t0\tShow 2 episode 1\n", id2);
  g_assert_true (g_str_has_suffix (out, expected));
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fixture, &out, NULL, "search", "Zeppelin", "notes"), ==, 0);
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fixture, &out, NULL, "search", "nowhere-to-be-found"), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (fixture, NULL, NULL, "unsubscribe", id2), ==, 0);

  g_assert_cmpint (find_show (fixture, "Show 2"), ==, 0);
  g_assert_cmpint (find_show (fixture, "Show 1"), >, 0);
  g_assert_cmpint (find_show (fixture, "Show 3"), >, 0);
  g_assert_cmpint (run (fixture, &out, NULL, "search", "zeppelinology"), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  /* Gone already. */
  g_assert_cmpint (run (fixture, NULL, NULL, "unsubscribe", id2), ==, 1);
  g_assert_cmpint (run (fixture, &list, NULL, "list"), ==, 0);
  g_assert_cmpuint (count_lines (list), ==, 2);
}

/* On a terminal, and only there, the progress line is drawn and cleared. */
static void
test_progress_on_terminal (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GString) screen = g_string_new (NULL);
  g_autofree char *out = NULL;
  int master, slave;
  char buffer[4096];
  gssize n;

  import_shows (fixture, TRUE);

  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);

  g_ptr_array_add (args, (char *) cli_path);
  g_ptr_array_add (args, "refresh");
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (run_argv (fixture->data_dir, slave, args, &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");

  /* The slave is closed now: read what is left, then EIO. */
  while ((n = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (screen, buffer, n);
  close (master);

  g_test_message ("terminal: %s", screen->str);
  g_assert_nonnull (strstr (screen->str, "\r[0/3] Refreshing…"));
  g_assert_nonnull (strstr (screen->str, "\r[3/3] Refreshing…"));
  g_assert_true (g_str_has_suffix (screen->str, "\r\033[K"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (argc, ==, 2);
  cli_path = argv[1];

  g_test_add ("/cli/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);
  g_test_add ("/cli/import-export", Fixture, NULL, fixture_set_up, test_import_export, fixture_tear_down);
  g_test_add ("/cli/import-bad-file", Fixture, NULL, fixture_set_up, test_import_bad_file, fixture_tear_down);
  g_test_add ("/cli/refresh", Fixture, NULL, fixture_set_up, test_refresh, fixture_tear_down);
  g_test_add ("/cli/progress-on-terminal", Fixture, NULL, fixture_set_up, test_progress_on_terminal, fixture_tear_down);
  g_test_add ("/cli/unsubscribe-search", Fixture, NULL, fixture_set_up, test_unsubscribe_search, fixture_tear_down);

  return g_test_run ();
}
