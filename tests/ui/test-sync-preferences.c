/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/lw-secret.h"
#include "lw-application.h"
#include "lw-test-sync-server.h"
#include "lw-ui-test.h"
#include "ui/lw-preferences-window.h"
#include "ui/lw-sync-preferences.h"
#include "ui/lw-window.h"

/* The Sync page of the preferences: signed out (the form, switching dialects),
 * then signed in to a server that does not answer (the error on the page and a
 * toast in the main window, once). Then the keyring: none at all, a Nextcloud
 * Login Flow v2 through a "browser" (a desktop file for http: links that writes
 * down the address it was given) against the loopback sync server, and the
 * keyring locked afterwards. Runs on a private bus with no services to activate
 * (tests/ui/private-bus.conf): the test starts its own gnome-keyring there, and
 * no unlock prompt can come up. PNGs in the build dir, light and dark. */

#define USER "alice"
#define PASSWORD "correct horse"


static LwApplication *app;

/* Every visible descendant of @widget of @type. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkButton *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];

  return NULL;
}

static gboolean
has_row_subtitle (GtkWidget  *root,
                  const char *needle)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (root, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (rows->pdata[i]);

      if (subtitle != NULL && strstr (subtitle, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  GtkWidget  *root;
  const char *needle;
} Subtitle;

static gboolean
subtitle_shown (gpointer data)
{
  Subtitle *subtitle = data;

  return has_row_subtitle (subtitle->root, subtitle->needle);
}

static void
count_failed (LwSync       *sync,
              const GError *error,
              guint        *count)
{
  (*count)++;
}

static gboolean
not_syncing (gpointer data)
{
  return !lw_sync_get_syncing (LW_SYNC (data));
}

static void
test_page (void)
{
  GtkWindow *main_window;
  GtkWindow *window;
  AdwPreferencesPage *page;
  LwSync *sync = lw_application_get_sync (app);
  g_autoptr(LwSyncAccount) account = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *refused = NULL;
  Subtitle failed_text;
  guint failed = 0;
  GtkButton *sign_in;

  g_assert_nonnull (sync);
  g_assert_false (lw_sync_get_signed_in (sync));

  g_application_activate (G_APPLICATION (app));
  main_window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (LW_IS_WINDOW (main_window));

  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 640, 720);
  page = lw_sync_preferences_new (app);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (window);
  wait_for (is_mapped, window, "the page");

  /* Signed out: the gpodder.net form. */
  sign_in = find_button (GTK_WIDGET (page), _("Sign In"));
  g_assert_nonnull (sign_in);
  save_light_and_dark (GTK_WIDGET (window), "sync-signed-out");

  /* A server address that is not one: said under the form. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean said = FALSE;

    collect (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW, rows);
    g_assert_cmpuint (rows->len, >=, 2);
    gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), "ftp://example.org");
    g_signal_emit_by_name (sign_in, "clicked");
    collect (GTK_WIDGET (page), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      said |= strstr (gtk_label_get_label (labels->pdata[i]), "is not a server address") != NULL;
    g_assert_true (said);
    gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), "https://gpodder.net");
  }

  /* Nextcloud: no user or password, the browser does it. */
  {
    g_autoptr(GPtrArray) combos = g_ptr_array_new ();

    collect (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW, combos);
    g_assert_cmpuint (combos->len, ==, 1);
    adw_combo_row_set_selected (combos->pdata[0], 1);
    g_assert_nonnull (find_button (GTK_WIDGET (page), _("Log In with Nextcloud")));
    g_assert_null (find_button (GTK_WIDGET (page), _("Sign In")));
    save_light_and_dark (GTK_WIDGET (window), "sync-nextcloud");
    adw_combo_row_set_selected (combos->pdata[0], 0);
  }

  /* Signed in to a server where nothing listens. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_assert_true (g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  refused = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  g_signal_connect (sync, "failed", G_CALLBACK (count_failed), &failed);
  account = lw_sync_account_new (LW_SYNC_DIALECT_GPODDER, refused, "alice", "pw", "longwave-test");
  lw_sync_set_account (sync, account);
  g_assert_null (find_button (GTK_WIDGET (page), _("Sign In")));
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Sign Out")));
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Sync Now")));

  g_action_group_activate_action (G_ACTION_GROUP (app), "sync-now", NULL);
  failed_text.root = GTK_WIDGET (page);
  failed_text.needle = "Could not reach 127.0.0.1";
  wait_for (subtitle_shown, &failed_text, "the error on the page");
  wait_for (not_syncing, sync, "the end of the sync");
  g_assert_cmpuint (failed, ==, 1);
  save_light_and_dark (GTK_WIDGET (window), "sync-failed");

  /* The main window says it too, with a Retry. */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean toast = FALSE;

    collect (GTK_WIDGET (main_window), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      toast |= g_str_has_prefix (gtk_label_get_label (labels->pdata[i]), "Sync failed: Could not reach 127.0.0.1");
    g_assert_true (toast);
    g_assert_nonnull (find_button (GTK_WIDGET (main_window), _("Retry")));
  }

  /* The same error again: no second toast. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), _("Sync Now")), "clicked");
  wait_for (not_syncing, sync, "the end of the sync");
  wait_ms (100);
  g_assert_cmpuint (failed, ==, 1);
  g_signal_handlers_disconnect_by_func (sync, count_failed, &failed);

  /* Sign out: the form again, with the server kept. */
  lw_sync_sign_out (sync);
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Sign In")));
  g_assert_null (lw_sync_get_last_error (sync));

  gtk_window_destroy (window);
}

static char *tmp_dir;

static GtkLabel *
find_label (GtkWidget  *root,
            const char *needle)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_label (labels->pdata[i]), needle) != NULL)
      return labels->pdata[i];

  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *needle;
} Label;

static gboolean
label_shown (gpointer data)
{
  Label *label = data;

  return find_label (label->root, label->needle) != NULL;
}

static gboolean
button_shown (gpointer data)
{
  Label *label = data;

  return find_button (label->root, label->needle) != NULL;
}

/* The sync server runs in a thread of its own: the page's HTTP and the app's
 * sync use the main context, which the test iterates like the app would. */
typedef struct
{
  GMutex            lock;
  GCond             cond;
  LwTestSyncServer *server;
  GMainLoop        *loop;
  GThread          *thread;
} ServerThread;

static gpointer
server_thread_run (gpointer data)
{
  ServerThread *st = data;
  LwTestSyncServer *server = lw_test_sync_server_new (USER, PASSWORD);
  g_autoptr(GMainLoop) loop = g_main_loop_new (server->http->context, FALSE);

  g_mutex_lock (&st->lock);
  st->server = server;
  st->loop = loop;
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->lock);

  g_main_loop_run (loop);
  lw_test_sync_server_free (server);

  return NULL;
}

static void
server_thread_start (ServerThread *st)
{
  g_mutex_init (&st->lock);
  g_cond_init (&st->cond);
  g_mutex_lock (&st->lock);
  st->thread = g_thread_new ("sync-server", server_thread_run, st);
  while (st->loop == NULL)
    g_cond_wait (&st->cond, &st->lock);
  g_mutex_unlock (&st->lock);
}

static void
server_thread_stop (ServerThread *st)
{
  g_main_loop_quit (st->loop);
  g_thread_join (st->thread);
  g_mutex_clear (&st->lock);
  g_cond_clear (&st->cond);
}

static gboolean
name_owned (gpointer data)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (data, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return owned;
}

/* A private gnome-keyring, unlocked, on the test's bus: one for the whole run,
 * as in a session (libsecret keeps its session with the daemon it first met). */
static GSubprocess *keyring;

static void
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GOutputStream *input;

  if (keyring != NULL)
    return;
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                         "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_all (input, "keyring-pw", 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, NULL);
  wait_for (name_owned, bus, "gnome-keyring on the bus");
}

static void
lock_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/org/freedesktop/secrets/collection/login", NULL };

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", paths), G_VARIANT_TYPE ("(aoo)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* The "web browser": the default handler of http: links, which writes the
 * address down where the test reads it. */
static char *
install_browser (void)
{
  g_autofree char *apps = g_build_filename (tmp_dir, "data", "applications", NULL);
  g_autofree char *config = g_build_filename (tmp_dir, "config", NULL);
  g_autofree char *script = g_build_filename (tmp_dir, "browser.sh", NULL);
  g_autofree char *desktop = g_build_filename (apps, "lw-test-browser.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *opened = g_build_filename (tmp_dir, "opened-uri", NULL);
  g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.tmp' && mv '%s.tmp' '%s'\n",
                                                  opened, opened, opened);
  g_autofree char *desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test Browser\n"
                                                   "Exec=%s %%u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n",
                                                   script);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (apps, 0700);
  g_mkdir_with_parents (config, 0700);
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  g_file_set_contents (desktop, desktop_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps, "[Default Applications]\nx-scheme-handler/http=lw-test-browser.desktop\n"
                                 "x-scheme-handler/https=lw-test-browser.desktop\n", -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&opened);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static GtkWindow *
present_page (AdwPreferencesPage **page)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());

  gtk_window_set_default_size (window, 640, 720);
  *page = lw_sync_preferences_new (app);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (*page));
  gtk_window_present (window);
  wait_for (is_mapped, window, "the page");

  return window;
}

/* An account in the settings, but no Secret Service at all: the page says so
 * (not "Sign in again"), and so does a toast, once. When the keyring is there
 * with the password, Try Again signs in without typing it again. */
static void
test_keyring_absent (void)
{
  GSettings *settings = lw_application_get_settings (app);
  LwSync *sync = lw_application_get_sync (app);
  g_autofree char *server = lw_test_refused_url ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdwPreferencesPage *page;
  GtkWindow *window = present_page (&page);
  Label said = { GTK_WIDGET (page), "No keyring is available to keep the password" };
  Label signed_in = { GTK_WIDGET (page), _("Sign Out") };
  guint failed = 0;

  g_signal_connect (sync, "failed", G_CALLBACK (count_failed), &failed);
  g_settings_delay (settings);
  g_settings_set_string (settings, "sync-server", server);
  g_settings_set_string (settings, "sync-user", USER);
  g_settings_set_string (settings, "sync-dialect", "gpodder");
  g_settings_apply (settings);

  wait_for (label_shown, &said, "the keyring message on the page");
  g_assert_false (lw_sync_get_signed_in (sync));
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Sign In")));
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Try Again")));
  g_assert_null (find_label (GTK_WIDGET (page), "Sign in again"));
  save_light_and_dark (GTK_WIDGET (window), "sync-keyring-absent");
  /* The toast's moment, once. */
  g_assert_cmpuint (failed, ==, 1);
  g_signal_handlers_disconnect_by_func (sync, count_failed, &failed);

  /* GNOME Keyring started, the password in it: Try Again reads the account. */
  start_keyring ();
  lw_secret_store_async (LW_SECRET_SYNC, server, USER, PASSWORD, NULL, store_result, &result);
  wait_for (has_result, &result, "the keyring");
  g_assert_true (lw_secret_store_finish (result, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), _("Try Again")), "clicked");
  wait_for (button_shown, &signed_in, "signed in on the page");
  g_assert_cmpstr (lw_sync_get_account (sync)->password, ==, PASSWORD);
  g_assert_null (lw_sync_get_account_error (sync));
  g_assert_null (find_label (GTK_WIDGET (page), "No keyring is available"));

  /* Signing out takes the password out of the keyring. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), _("Sign Out")), "clicked");
  g_assert_false (lw_sync_get_signed_in (sync));
  g_clear_object (&result);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *left = NULL;

      lw_secret_lookup_async (LW_SECRET_SYNC, server, USER, NULL, store_result, &result);
      wait_for (has_result, &result, "the keyring");
      left = lw_secret_lookup_finish (result, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      if (left == NULL)
        break;
      g_assert_cmpuint (i, <, 99);
      wait_ms (50);
    }

  gtk_window_destroy (window);
}

/* Nextcloud Login Flow v2 from the page: the button opens the browser on the
 * server's login page, the app polls until the user granted access there, and
 * the page shows the account; the app password is in the keyring only. Then the
 * keyring gets locked: the page says that, rather than asking to sign in again. */
static void
test_nextcloud_login (void)
{
  GSettings *settings = lw_application_get_settings (app);
  LwSync *sync = lw_application_get_sync (app);
  g_autofree char *opened = install_browser ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login_url = NULL;
  g_autofree char *base = NULL;
  g_autofree char *password = NULL;
  AdwPreferencesPage *page;
  GtkWindow *window;
  ServerThread st = { 0 };
  Label signed_in;

  start_keyring ();
  server_thread_start (&st);
  base = g_strdup (st.server->http->base_url);
  window = present_page (&page);

  collect (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW, combos);
  adw_combo_row_set_selected (combos->pdata[0], 1);
  collect (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW, entries);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), base);
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), _("Log In with Nextcloud")), "clicked");

  /* Waiting for the browser: the button cancels, the page says where to look. */
  wait_for (file_exists, opened, "the browser to open");
  g_file_get_contents (opened, &login_url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (login_url, base));
  g_assert_nonnull (strstr (login_url, "/index.php/login/v2/flow/"));
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Cancel Login")));
  g_assert_false (lw_sync_get_signed_in (sync));
  save_light_and_dark (GTK_WIDGET (window), "sync-nextcloud-waiting");

  /* The user grants access in the browser. */
  {
    g_autoptr(SoupMessage) message = soup_message_new ("GET", login_url);
    g_autoptr(GBytes) body = NULL;

    soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, store_result, &result);
    wait_for (has_result, &result, "the login page");
    body = soup_session_send_and_read_finish (session, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 200);
    g_clear_object (&result);
  }

  signed_in.root = GTK_WIDGET (page);
  signed_in.needle = _("Sign Out");
  wait_for (button_shown, &signed_in, "signed in on the page");
  g_assert_true (lw_sync_get_signed_in (sync));
  g_assert_cmpint (lw_sync_get_account (sync)->dialect, ==, LW_SYNC_DIALECT_NEXTCLOUD);
  g_assert_cmpstr (lw_sync_get_account (sync)->user, ==, USER);
  g_assert_null (find_button (GTK_WIDGET (page), _("Cancel Login")));
  wait_for (not_syncing, sync, "the first sync");
  g_assert_null (lw_sync_get_last_error (sync));
  /* A moment ago, in words ("Yesterday" only if midnight fell in between). */
  g_assert_true (has_row_subtitle (GTK_WIDGET (page), "Last synced Today at ") ||
                 has_row_subtitle (GTK_WIDGET (page), "Last synced Yesterday at "));
  save_light_and_dark (GTK_WIDGET (window), "sync-nextcloud-signed-in");

  /* The app password went to the keyring, the rest to the settings. */
  {
    g_autofree char *dialect = g_settings_get_string (settings, "sync-dialect");
    g_autofree char *server = g_settings_get_string (settings, "sync-server");

    g_assert_cmpstr (dialect, ==, "nextcloud");
    g_assert_cmpstr (server, ==, base);
  }
  lw_secret_lookup_async (LW_SECRET_SYNC, base, USER, NULL, store_result, &result);
  wait_for (has_result, &result, "the keyring");
  password = lw_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (password);
  g_assert_cmpstr (password, ==, lw_sync_get_account (sync)->password);
  g_assert_cmpstr (password, !=, PASSWORD);
  g_clear_object (&result);

  /* Locked (as after a screen lock) and the account read again: the page says
   * to unlock, and nothing was forgotten. */
  lock_keyring ();
  g_settings_set_uint (settings, "sync-interval", 15);
  {
    Label locked = { GTK_WIDGET (page), "The keyring is locked" };

    wait_for (label_shown, &locked, "the locked keyring on the page");
  }
  g_assert_false (lw_sync_get_signed_in (sync));
  g_assert_null (find_label (GTK_WIDGET (page), "Sign in again"));
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Try Again")));
  {
    g_autofree char *user = g_settings_get_string (settings, "sync-user");

    g_assert_cmpstr (user, ==, USER);
  }
  save_light_and_dark (GTK_WIDGET (window), "sync-keyring-locked");

  gtk_window_destroy (window);
  server_thread_stop (&st);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *runtime_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("longwave-test-sync-prefs-XXXXXX", NULL);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  cache_dir = g_build_filename (tmp_dir, "cache", NULL);
  config_dir = g_build_filename (tmp_dir, "config", NULL);
  runtime_dir = g_build_filename (tmp_dir, "runtime", NULL);
  g_mkdir_with_parents (runtime_dir, 0700);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  /* The keyring and the "browser" live in the temp dir too. */
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_setenv ("HOME", tmp_dir, TRUE);
  /* The private bus has no accessibility bus to hand out. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);

  g_test_add_func ("/ui/sync-preferences/page", test_page);
  if (g_getenv ("LW_TEST_PRIVATE_BUS") != NULL)
    {
      g_test_add_func ("/ui/sync-preferences/keyring-absent", test_keyring_absent);
      g_test_add_func ("/ui/sync-preferences/nextcloud-login", test_nextcloud_login);
    }
  ret = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  if (keyring != NULL)
    {
      g_subprocess_send_signal (keyring, SIGTERM);
      g_subprocess_wait (keyring, NULL, NULL);
      g_clear_object (&keyring);
    }
  lw_test_rm_rf (tmp_dir);

  return ret;
}
