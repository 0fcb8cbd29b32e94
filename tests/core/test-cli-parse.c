/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

/* `longwave-cli parse FILE|URL --json [--base-url URL]`, run as a user would: exit
 * codes, one clear line on errors, valid JSON on success, URLs fetched from a
 * SoupServer on loopback. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static void
communicate_done (GObject      *object,
                  GAsyncResult *res,
                  gpointer      data)
{
  CliResult *result = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), res, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
}

/* Runs the CLI while this thread's main context keeps serving (the SoupServer). */
static CliResult
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliResult result = { -1, NULL, NULL };
  const char *cli = g_getenv ("LW_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "parse");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_done, &result);
  while (result.status == -1)
    g_main_context_iteration (NULL, TRUE);

  return result;
}

static char *
fixture (const char *path)
{
  return g_test_build_filename (G_TEST_DIST, "data", "feeds", path, NULL);
}

static JsonObject *
parse_json (const char *text,
            JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_one_line_error (CliResult  *result,
                       const char *fragment)
{
  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "longwave-cli: "));
  /* exactly one line */
  g_assert_true (g_str_has_suffix (result->err, "\n"));
  g_assert_true (strchr (result->err, '\n') == result->err + strlen (result->err) - 1);
  if (strstr (result->err, fragment) == NULL)
    g_error ("“%s” does not say “%s”", result->err, fragment);
}

static void
test_file (void)
{
  g_autofree char *path = fixture ("podcastparser/relative.rss");
  const char *args[] = { path, "--json", "--base-url", "https://e.org/pod/feed.xml", NULL };
  g_auto(CliResult) result = run_cli (args);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *feed;
  JsonObject *episode;
  JsonObject *enclosure;

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  feed = parse_json (result.out, parser);
  /* No title: the --base-url's file name, like podcastparser. */
  g_assert_cmpstr (json_object_get_string_member (feed, "title"), ==, "feed");
  episode = json_array_get_object_element (json_object_get_array_member (feed, "episodes"), 0);
  enclosure = json_array_get_object_element (json_object_get_array_member (episode, "enclosures"), 0);
  g_assert_cmpstr (json_object_get_string_member (enclosure, "url"), ==, "https://e.org/pod/example.mp3");
  g_assert_true (json_node_is_null (json_object_get_member (episode, "published")));
  g_assert_true (json_node_is_null (json_object_get_member (episode, "duration")));
}

static void
test_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lw-cli-XXXXXX", NULL);
  g_autofree char *html = g_build_filename (dir, "page.html", NULL);
  g_autofree char *truncated = g_build_filename (dir, "cut.xml", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.xml", NULL);
  g_autofree char *not_feed = fixture ("castero/broken_no_channel.xml");

  g_assert_true (g_file_set_contents (html, "<!DOCTYPE html>\n<html><body>Hi</body></html>\n", -1, NULL));
  g_assert_true (g_file_set_contents (truncated, "<rss version=\"2.0\">\n<channel>\n<title>Cut</title>\n<item><ti", -1, NULL));

  {
    const char *args[] = { html, "--json", NULL };
    g_auto(CliResult) result = run_cli (args);

    assert_one_line_error (&result, "HTML page");
  }
  {
    const char *args[] = { truncated, "--json", NULL };
    g_auto(CliResult) result = run_cli (args);

    assert_one_line_error (&result, "line 4, column");
  }
  {
    const char *args[] = { not_feed, "--json", NULL };
    g_auto(CliResult) result = run_cli (args);

    assert_one_line_error (&result, "not a podcast feed");
  }
  {
    const char *args[] = { missing, "--json", NULL };
    g_auto(CliResult) result = run_cli (args);

    assert_one_line_error (&result, "missing.xml");
  }
  {
    const char *args[] = { "--json", NULL };
    g_auto(CliResult) result = run_cli (args);

    g_assert_cmpint (result.status, ==, 2);
  }

  g_assert_cmpint (g_remove (html), ==, 0);
  g_assert_cmpint (g_remove (truncated), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  if (g_str_equal (path, "/shows/feed.xml"))
    {
      const char *body = "<rss version=\"2.0\"><channel><title>Served</title>"
                         "<item><title>One</title><enclosure url=\"media/1.mp3\" type=\"audio/mpeg\"/></item>"
                         "</channel></rss>";

      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_STATIC, body, strlen (body));
    }
  else
    soup_server_message_set_status (message, 404, NULL);
}

static void
test_url (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;
  g_autofree char *feed_url = NULL;
  g_autofree char *missing_url = NULL;

  soup_server_add_handler (server, NULL, server_callback, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  feed_url = g_strconcat (base, "shows/feed.xml", NULL);
  missing_url = g_strconcat (base, "nothing.xml", NULL);

  {
    const char *args[] = { feed_url, "--json", NULL };
    g_auto(CliResult) result = run_cli (args);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *media = g_strconcat (base, "shows/media/1.mp3", NULL);
    JsonObject *feed;
    JsonObject *episode;

    g_assert_cmpint (result.status, ==, 0);
    feed = parse_json (result.out, parser);
    g_assert_cmpstr (json_object_get_string_member (feed, "title"), ==, "Served");
    episode = json_array_get_object_element (json_object_get_array_member (feed, "episodes"), 0);
    /* Relative to where it was fetched from. */
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (episode, "enclosures"), 0), "url"), ==, media);
  }
  {
    const char *args[] = { missing_url, "--json", NULL };
    g_auto(CliResult) result = run_cli (args);

    assert_one_line_error (&result, "404");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/parse/file", test_file);
  g_test_add_func ("/cli/parse/errors", test_errors);
  g_test_add_func ("/cli/parse/url", test_url);

  return g_test_run ();
}
