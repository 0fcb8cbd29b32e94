/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-add-dialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "core/lw-secret.h"
#include "ui/lw-add-dialog.h"
#include "lw-test-http.h"
#include "lw-ui-test.h"

/* The Add Podcast dialog and a private feed (HTTP basic auth on a SoupServer on
 * loopback): it asks for a user name and password, says when they are wrong, and
 * remembers the password in the keyring when the switch says so. Runs through
 * tests/core/with-keyring.sh (a private bus and keyring) under Xvfb. */

/* The generated resource of the app (src/ui/longwave.gresource.xml). */
void lw_register_resource (void);

#define USER "alice"
#define PASSWORD "s3cret pass"

static const char feed_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Members Only</title>"
  "<item><title>Bonus 1</title><guid>bonus-1</guid></item></channel></rss>\n";

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                    feed_xml, strlen (feed_xml));
}

static gboolean
not_busy (gpointer data)
{
  return !lw_add_dialog_get_busy (data);
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL &&
      gtk_widget_get_mapped (widget))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return has_label (wait->widget, wait->text);
}

static void
on_subscribed (LwAddDialog *dialog,
               LwShow      *show,
               LwShow     **out)
{
  g_set_object (out, show);
}

static void
test_credentials (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("longwave-add-dialog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "library.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *server_name = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *user = NULL;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwFeedService) service = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  LwAddDialog *dialog;
  LabelWait wait;

  lw_test_http_require_password (server, "/", USER, PASSWORD);
  soup_server_add_handler (server, NULL, serve, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("%sprivate.xml", g_uri_to_string (uris->data));

  library = lw_library_new (path, &error);
  g_assert_no_error (error);
  service = lw_feed_service_new (library);

  dialog = lw_add_dialog_new (NULL, service);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "subscribed", G_CALLBACK (on_subscribed), &show);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (lw_add_dialog_get_needs_credentials (dialog));

  /* The server asks: the dialog asks the user, and Add waits for both fields. */
  lw_add_dialog_set_url (dialog, url);
  lw_add_dialog_add (dialog);
  wait_for (not_busy, dialog, "the 401");
  g_assert_true (lw_add_dialog_get_needs_credentials (dialog));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_window_get_default_widget (GTK_WINDOW (dialog)))));
  wait = (LabelWait) { GTK_WIDGET (dialog), "asks for a user name and password" };
  wait_for (label_shown, &wait, "the question for the password");
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), ==, 0);

  /* Wrong: said so, still nothing stored. */
  lw_add_dialog_set_credentials (dialog, USER, "wrong", TRUE);
  lw_add_dialog_add (dialog);
  wait_for (not_busy, dialog, "the wrong password to come back");
  wait = (LabelWait) { GTK_WIDGET (dialog), "did not accept the user name and password" };
  wait_for (label_shown, &wait, "the word about the wrong password");
  g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), ==, 0);
  wait_ms (400);
  g_free (save_png (GTK_WIDGET (dialog), "add-dialog-credentials.png"));

  /* Right, remembered: subscribed, closed, and the keyring holds the password. */
  lw_add_dialog_set_credentials (dialog, USER, PASSWORD, TRUE);
  lw_add_dialog_add (dialog);
  wait_for (is_gone, &dialog, "the dialog to close");
  g_assert_nonnull (show);
  g_assert_cmpstr (lw_show_get_title (show), ==, "Members Only");
  user = lw_library_dup_show_auth_user (library, lw_show_get_id (show));
  g_assert_cmpstr (user, ==, USER);

  server_name = lw_feed_service_dup_secret_server (url);
  lw_secret_lookup_async (LW_SECRET_FEED, server_name, USER, NULL, store_result, &result);
  wait_for (has_result, &result, "the keyring");
  stored = lw_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, PASSWORD);
  g_clear_object (&result);

  /* Not remembered: subscribed, and the keyring is left alone. */
  lw_secret_clear_async (LW_SECRET_FEED, server_name, USER, NULL, store_result, &result);
  wait_for (has_result, &result, "the keyring");
  g_assert_true (lw_secret_clear_finish (result, &error));
  g_clear_object (&result);
  g_assert_true (lw_library_remove_show (library, lw_show_get_id (show), &error));
  g_assert_no_error (error);
  g_clear_object (&show);

  dialog = lw_add_dialog_new (NULL, service);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "subscribed", G_CALLBACK (on_subscribed), &show);
  gtk_window_present (GTK_WINDOW (dialog));
  lw_add_dialog_set_url (dialog, url);
  lw_add_dialog_add (dialog);
  wait_for (not_busy, dialog, "the 401");
  g_assert_true (lw_add_dialog_get_needs_credentials (dialog));
  lw_add_dialog_set_credentials (dialog, USER, PASSWORD, FALSE);
  lw_add_dialog_add (dialog);
  wait_for (is_gone, &dialog, "the dialog to close");
  g_assert_nonnull (show);

  g_clear_pointer (&stored, g_free);
  lw_secret_lookup_async (LW_SECRET_FEED, server_name, USER, NULL, store_result, &result);
  wait_for (has_result, &result, "the keyring");
  stored = lw_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (stored);

  g_clear_object (&show);
  g_clear_object (&service);
  g_clear_object (&library);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_rmdir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  lw_register_resource ();

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs the private session bus of with-keyring.sh");
      return g_test_run ();
    }

  g_test_add_func ("/ui/add-dialog/credentials", test_credentials);

  return g_test_run ();
}
