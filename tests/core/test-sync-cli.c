/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-cli"

#include "config.h"

#include "lw-test-sync-server.h"

/* `longwave-cli sync` as a user runs it: two installations (each its own HOME,
 * data, config and settings file) sign in with the password on standard input,
 * which goes into a private gnome-keyring on a private bus, never the real one. */

#define USER "alice"
#define PASSWORD "correct horse"

typedef struct
{
  LwTestSyncServer *server;
  GTestDBus        *bus;
  GSubprocess      *keyring;
  char             *root;
  char             *cli;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GSubprocessLauncher *
launcher_for (Fixture    *fixture,
              const char *device)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *home = g_build_filename (fixture->root, device, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  /* The settings must outlive each process: a key file per installation. */
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);

  return launcher;
}

/* Runs longwave-cli as @device, serving the sync server meanwhile. */
static void
run_cli (Fixture     *fixture,
         const char  *device,
         const char  *input,
         Run         *run,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_for (fixture, device);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, fixture->cli);
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->server->http, &result);
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("longwave-cli %s crashed: %s", (const char *) argv->pdata[1], run->err);
  run->status = g_subprocess_get_exit_status (process);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *runtime = NULL;
  g_autoptr(GOutputStream) input = NULL;

  fixture->cli = g_strdup (g_getenv ("LW_CLI"));
  fixture->root = g_dir_make_tmp ("longwave-sync-cli-XXXXXX", &error);
  g_assert_no_error (error);
  runtime = g_build_filename (fixture->root, "runtime", NULL);
  g_mkdir_with_parents (runtime, 0700);

  /* Everything below, keyring included, lives in the temp dir. */
  g_setenv ("HOME", fixture->root, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("XDG_DATA_HOME", fixture->root, TRUE);

  fixture->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture->bus);
  fixture->server = lw_test_sync_server_new (USER, PASSWORD);

  /* No Secret Service at all on this bus (nor one to activate). */
  if (g_strcmp0 (data, "no-keyring") == 0)
    return;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* It warns when an item is replaced: not a failure of ours. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  fixture->keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                                  "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  input = g_object_ref (g_subprocess_get_stdin_pipe (fixture->keyring));
  g_output_stream_write_all (input, "keyring-pw", 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, NULL);

  /* Ready when it owns its name: a sign-in before that would find no keyring. */
  {
    g_autoptr(GDBusConnection) connection = NULL;
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    gboolean owned = FALSE;

    connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (fixture->bus),
                                                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                         G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                         NULL, NULL, &error);
    g_assert_no_error (error);
    while (!owned)
      {
        g_autoptr(GVariant) reply = NULL;

        reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "NameHasOwner",
                                             g_variant_new ("(s)", "org.freedesktop.secrets"),
                                             G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
        g_assert_no_error (error);
        g_variant_get (reply, "(b)", &owned);
        if (!owned)
          {
            g_assert_cmpint (g_get_monotonic_time (), <, end);
            g_usleep (20 * 1000);
          }
      }
    g_dbus_connection_close_sync (connection, NULL, NULL);
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lw_test_sync_server_free (fixture->server);
  if (fixture->keyring != NULL)
    {
      g_subprocess_send_signal (fixture->keyring, SIGTERM);
      g_subprocess_wait (fixture->keyring, NULL, NULL);
      g_clear_object (&fixture->keyring);
    }
  g_test_dbus_down (fixture->bus);
  g_clear_object (&fixture->bus);
  lw_test_rm_rf (fixture->root);
  g_free (fixture->root);
  g_free (fixture->cli);
}

static void
test_two_devices (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *dialect = data;
  g_autofree char *feed = lw_test_sync_feed_url (fixture->server, "alpha");
  const char *base = fixture->server->http->base_url;
  g_auto(Run) subscribed = { 0 };
  g_auto(Run) signed_in = { 0 };
  g_auto(Run) status = { 0 };
  g_auto(Run) other = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) signed_out = { 0 };
  g_auto(Run) not_signed_in = { 0 };
  g_auto(GStrv) on_server = NULL;

  run_cli (fixture, "laptop", NULL, &subscribed, "subscribe", feed, NULL);
  g_assert_cmpint (subscribed.status, ==, 0);

  run_cli (fixture, "laptop", PASSWORD "\n", &signed_in, "sync", "--server", base, "--user", USER,
           "--dialect", dialect, NULL);
  g_assert_cmpstr (signed_in.err, ==, "");
  g_assert_cmpint (signed_in.status, ==, 0);
  on_server = lw_test_sync_server_dup_subscribed (fixture->server);
  g_assert_cmpstrv (on_server, ((const char * const[]) { feed, NULL }));

  /* The password went to the keyring: not into the settings file. */
  {
    g_autofree char *keyfile = g_build_filename (fixture->root, "laptop", "config", "glib-2.0", "settings", "keyfile", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (keyfile, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "sync-user='" USER "'"));
    g_assert_null (strstr (contents, PASSWORD));
  }

  run_cli (fixture, "laptop", NULL, &status, "sync", "--status", NULL);
  g_assert_cmpint (status.status, ==, 0);
  g_assert_nonnull (strstr (status.out, "pending\t0\n"));
  g_assert_nonnull (strstr (status.out, "last-error\t\n"));
  g_assert_null (strstr (status.out, "last-sync\tnever"));

  /* The desktop signs in and gets the show. */
  run_cli (fixture, "desktop", PASSWORD "\n", &other, "sync", "--server", base, "--user", USER,
           "--dialect", dialect, NULL);
  g_assert_cmpstr (other.err, ==, "");
  g_assert_cmpint (other.status, ==, 0);
  run_cli (fixture, "desktop", NULL, &list, "list", NULL);
  g_assert_nonnull (strstr (list.out, feed));

  /* A later sync takes the password from the keyring. */
  run_cli (fixture, "desktop", NULL, &again, "sync", NULL);
  g_assert_cmpint (again.status, ==, 0);

  /* A wrong password: exit 1, one clear line. */
  run_cli (fixture, "desktop", "wrong\n", &wrong, "sync", "--server", base, "--user", USER,
           "--dialect", dialect, NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "did not accept the user name or password"));

  run_cli (fixture, "desktop", NULL, &signed_out, "sync", "--sign-out", NULL);
  g_assert_cmpint (signed_out.status, ==, 0);
  run_cli (fixture, "desktop", NULL, &not_signed_in, "sync", NULL);
  g_assert_cmpint (not_signed_in.status, ==, 1);
  g_assert_nonnull (strstr (not_signed_in.err, "Not signed in"));
}

static gboolean
settings_have_user (Fixture    *fixture,
                    const char *device)
{
  g_autofree char *keyfile = g_build_filename (fixture->root, device, "config", "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (keyfile, &contents, NULL, NULL) && strstr (contents, "sync-user=") != NULL;
}

/* No Secret Service: signing in says so and saves nothing, and nothing hangs. */
static void
test_keyring_absent (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *base = fixture->server->http->base_url;
  g_auto(Run) signed_in = { 0 };
  gint64 start = g_get_monotonic_time ();

  run_cli (fixture, "laptop", PASSWORD "\n", &signed_in, "sync", "--server", base, "--user", USER, NULL);
  g_assert_cmpint (signed_in.status, ==, 1);
  g_assert_cmpstr (signed_in.out, ==, "");
  g_assert_nonnull (strstr (signed_in.err, "No keyring is available to keep the password"));
  /* One line, not libsecret's or D-Bus's own words. */
  g_assert_null (strstr (signed_in.err, "org.freedesktop"));
  g_assert_cmpuint (strlen (signed_in.err), ==, strcspn (signed_in.err, "\n") + 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  /* Without a password stored, the account is not half-saved either. */
  g_assert_false (settings_have_user (fixture, "laptop"));
  g_assert_cmpuint (fixture->server->requests, ==, 0);
}

/* Locks the keyring as the session would after a timeout or a screen lock. */
static void
lock_keyring (Fixture *fixture)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/org/freedesktop/secrets/collection/login", NULL };

  /* Not the singleton: GTestDBus wants that gone when the bus goes down. */
  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (fixture->bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", paths), G_VARIANT_TYPE ("(aoo)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_close_sync (connection, NULL, NULL);
}

/* A locked keyring (its unlock prompt dismissed: there is no prompter on this
 * bus): a clear reason, not "Sign in again", and the account is kept. */
static void
test_keyring_locked (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *base = fixture->server->http->base_url;
  g_auto(Run) signed_in = { 0 };
  g_auto(Run) locked = { 0 };
  g_auto(Run) status = { 0 };
  guint requests;

  run_cli (fixture, "laptop", PASSWORD "\n", &signed_in, "sync", "--server", base, "--user", USER, NULL);
  g_assert_cmpstr (signed_in.err, ==, "");
  g_assert_cmpint (signed_in.status, ==, 0);
  requests = fixture->server->requests;

  lock_keyring (fixture);
  run_cli (fixture, "laptop", NULL, &locked, "sync", NULL);
  g_assert_cmpint (locked.status, ==, 1);
  g_assert_nonnull (strstr (locked.err, "The keyring is locked"));
  g_assert_null (strstr (locked.err, "Sign in again"));
  g_assert_cmpuint (fixture->server->requests, ==, requests);

  /* Still signed in as far as the settings go: unlocking is all it takes. */
  g_assert_true (settings_have_user (fixture, "laptop"));
  run_cli (fixture, "laptop", NULL, &status, "sync", "--status", NULL);
  g_assert_cmpint (status.status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-cli/gpodder/two-devices", Fixture, "gpodder",
              fixture_set_up, test_two_devices, fixture_tear_down);
  g_test_add ("/sync-cli/nextcloud/two-devices", Fixture, "nextcloud",
              fixture_set_up, test_two_devices, fixture_tear_down);

  g_test_add ("/sync-cli/keyring/absent", Fixture, "no-keyring",
              fixture_set_up, test_keyring_absent, fixture_tear_down);
  g_test_add ("/sync-cli/keyring/locked", Fixture, "gpodder",
              fixture_set_up, test_keyring_locked, fixture_tear_down);

  return g_test_run ();
}
