/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feed-auth"

#include "config.h"

#include <glib/gstdio.h>

#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "core/lw-secret.h"
#include "lw-test-http.h"

/* Feeds behind HTTP basic authentication (issue 4: "401 asks for credentials,
 * stored with libsecret if the user agrees"). Runs through with-keyring.sh: a
 * private session bus and gnome-keyring in a temporary HOME. */

#define USER "alice"
#define PASSWORD "s3cret pass"

static const char feed_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel>\n"
  "  <title>Members Only</title>\n"
  "  <item><title>Bonus 1</title><guid>bonus-1</guid>\n"
  "    <enclosure url=\"https://example.org/b1.mp3\" length=\"10\" type=\"audio/mpeg\"/></item>\n"
  "</channel></rss>\n";

typedef struct
{
  LwTestHttp    *http;
  char          *tmpdir;
  char          *path;
  LwLibrary     *library;
  LwFeedService *service;
  char          *url;
} Fixture;

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  /* Only reached past the auth domain, i.e. with the right credentials. */
  if (g_str_equal (path, "/private/feed.xml") || g_str_equal (path, "/private/other.xml"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        feed_xml, strlen (feed_xml));
    }
  else if (g_str_equal (path, "/elsewhere"))
    {
      g_autofree char *location = g_strdup_printf ("http://localhost:%d/private/feed.xml",
                                                   g_uri_get_port (soup_server_message_get_uri (msg)));

      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->http = lw_test_http_new (serve, fixture);
  lw_test_http_require_password (fixture->http->server, "/private", USER, PASSWORD);

  fixture->tmpdir = g_dir_make_tmp ("longwave-feed-auth-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->tmpdir, "longwave", "library.db", NULL);
  fixture->library = lw_library_new (fixture->path, &error);
  g_assert_no_error (error);
  fixture->service = lw_feed_service_new (fixture->library);
  fixture->url = lw_test_http_url (fixture->http, "/private/feed.xml");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->service);
  g_clear_object (&fixture->library);
  lw_test_http_free (fixture->http);
  lw_test_rm_rf (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->path);
  g_free (fixture->url);
}

static LwShow *
subscribe (Fixture     *fixture,
           const char  *user,
           const char  *password,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (user != NULL)
    lw_feed_service_subscribe_with_credentials_async (fixture->service, fixture->url, user, password,
                                                      NULL, lw_test_http_store_result, &result);
  else
    lw_feed_service_subscribe_async (fixture->service, fixture->url, NULL,
                                     lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);

  return lw_feed_service_subscribe_finish (fixture->service, result, error);
}

static gboolean
refresh (Fixture        *fixture,
         LwFeedService  *service,
         LwShow         *show,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_feed_service_refresh_async (service, show, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);

  return lw_feed_service_refresh_finish (service, result, error);
}

static void
store_secret (Fixture    *fixture,
              const char *password)
{
  g_autofree char *server = lw_feed_service_dup_secret_server (fixture->url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (password != NULL)
    {
      lw_secret_store_async (LW_SECRET_FEED, server, USER, password, NULL,
                             lw_test_http_store_result, &result);
      lw_test_http_wait (fixture->http, &result);
      g_assert_true (lw_secret_store_finish (result, &error));
    }
  else
    {
      lw_secret_clear_async (LW_SECRET_FEED, server, USER, NULL, lw_test_http_store_result, &result);
      lw_test_http_wait (fixture->http, &result);
      lw_secret_clear_finish (result, &error);
    }
  g_assert_no_error (error);
}

static guint
n_shows (LwLibrary *library)
{
  return g_list_model_get_n_items (lw_library_get_shows (library));
}

static void
test_needs_credentials (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  /* None: the server's 401 becomes a question for the user. */
  show = subscribe (fixture, NULL, NULL, &error);
  g_assert_null (show);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 asks for a user name and password");
  g_assert_cmpuint (n_shows (fixture->library), ==, 0);
  g_clear_error (&error);

  /* Wrong ones: said so, and nothing stored. */
  show = subscribe (fixture, USER, "wrong", &error);
  g_assert_null (show);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 did not accept the user name and password");
  g_assert_cmpuint (n_shows (fixture->library), ==, 0);
}

static void
test_subscribe_and_refresh (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(LwShow) show = NULL;
  g_autoptr(LwFeedService) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  show = subscribe (fixture, USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (show);
  g_assert_cmpstr (lw_show_get_title (show), ==, "Members Only");
  user = lw_library_dup_show_auth_user (fixture->library, lw_show_get_id (show));
  g_assert_cmpstr (user, ==, USER);

  /* Another feed of that server is not public because this one logged in. */
  {
    g_autoptr(LwShow) other = NULL;

    g_free (fixture->url);
    fixture->url = lw_test_http_url (fixture->http, "/private/other.xml");
    other = subscribe (fixture, NULL, NULL, &error);
    g_assert_null (other);
    g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS);
    g_clear_error (&error);
    g_free (fixture->url);
    fixture->url = lw_test_http_url (fixture->http, "/private/feed.xml");
  }

  /* The same service keeps the password for the session… */
  g_assert_true (refresh (fixture, fixture->service, show, &error));
  g_assert_no_error (error);

  /* …a new one (the next start) finds nothing in the keyring: the show says why. */
  store_secret (fixture, NULL);
  fresh = lw_feed_service_new (fixture->library);
  g_assert_false (refresh (fixture, fresh, show, &error));
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS);
  g_assert_cmpstr (lw_show_get_last_error (show), ==, "127.0.0.1 asks for a user name and password");
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&fresh));

  /* With the password remembered in the keyring, a new service logs in. */
  store_secret (fixture, PASSWORD);
  fresh = lw_feed_service_new (fixture->library);
  g_assert_true (refresh (fixture, fresh, show, &error));
  g_assert_no_error (error);
  g_assert_null (lw_show_get_last_error (show));
  g_assert_finalize_object (g_steal_pointer (&fresh));

  /* A refresh of everything does the same. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    fresh = lw_feed_service_new (fixture->library);
    lw_feed_service_refresh_all_async (fresh, NULL, lw_test_http_store_result, &result);
    lw_test_http_wait (fixture->http, &result);
    g_assert_cmpuint (lw_feed_service_refresh_all_finish (fresh, result, &error), ==, 0);
    g_assert_no_error (error);
  }
  g_assert_finalize_object (g_steal_pointer (&fresh));

  store_secret (fixture, NULL);
}

/* Credentials given for one server never go to another one a redirect names
 * (localhost is the same server under another name: another origin). */
static void
test_not_sent_elsewhere (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autofree char *server = NULL;

  g_free (fixture->url);
  fixture->url = lw_test_http_url (fixture->http, "/elsewhere");
  server = lw_feed_service_dup_secret_server (fixture->url);
  g_assert_true (g_str_has_prefix (server, "http://127.0.0.1:"));

  show = subscribe (fixture, USER, PASSWORD, &error);
  g_assert_null (show);
  g_assert_error (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "localhost asks for a user name and password");
  g_assert_null (lw_test_http_last_header (fixture->http, "/private/feed.xml", "Authorization"));
  g_assert_cmpuint (n_shows (fixture->library), ==, 0);
}

/* longwave-cli subscribe --user NAME URL, the password on stdin, then refresh. */
static int
run_cli (Fixture     *fixture,
         const char  *stdin_text,
         char       **out,
         char       **err,
         ...)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "longwave-cli", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *data_home = g_build_filename (fixture->tmpdir, NULL);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, cli);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The server answers from this process: keep its context running meanwhile. */
  g_subprocess_communicate_utf8_async (process, stdin_text, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);
  g_subprocess_communicate_utf8_finish (process, result, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* The library of the fixture lives in tmpdir/longwave/: the CLI shares it. */
  g_assert_cmpint (run_cli (fixture, "", &out, &err, "subscribe", fixture->url, NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "longwave-cli: 127.0.0.1 asks for a user name and password: "
                            "subscribe again with --user NAME\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, "wrong\n", &out, &err, "subscribe", "--user", USER, fixture->url, NULL), ==, 1);
  g_assert_cmpstr (err, ==, "longwave-cli: 127.0.0.1 did not accept the user name and password\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, PASSWORD "\n", &out, &err, "subscribe", "--user", USER, fixture->url, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_suffix (out, "\tMembers Only\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Another process: the password comes from the keyring. */
  g_assert_cmpint (run_cli (fixture, "", &out, &err, "refresh", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  store_secret (fixture, NULL);
  g_assert_cmpint (run_cli (fixture, "", &out, &err, "refresh", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "127.0.0.1 asks for a user name and password"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs the private session bus of with-keyring.sh");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/feed-auth/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("needs-credentials", test_needs_credentials);
  ADD ("subscribe-and-refresh", test_subscribe_and_refresh);
  ADD ("not-sent-elsewhere", test_not_sent_elsewhere);
  ADD ("cli", test_cli);

#undef ADD

  return g_test_run ();
}
