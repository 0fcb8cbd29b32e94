/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-retry"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "core/lw-download-policy.h"
#include "core/lw-downloader.h"
#include "core/lw-library.h"
#include "lw-application.h"
#include "ui/lw-add-dialog.h"
#include "ui/lw-show-page.h"
#include "ui/lw-window.h"
#include "lw-test-http.h"
#include "lw-ui-test.h"

/* Errors a person can try again end in a toast with Retry: refreshing everything
 * (Retry refreshes just the shows that failed), subscribing (from app.subscribe, as
 * the podroll and Discover do) and downloading. Each fails against a real SoupServer
 * on 127.0.0.1 (404, or a port nobody listens on), the test fixes the server, clicks
 * Retry, and the operation then works. A feed that asks for a password (HTTP basic
 * auth under /private/) gets "Sign In…" instead, which opens the Add dialog. */

#define DAY (24 * 60 * 60)
#define MEDIA_SIZE 4096
#define USER "ada"
#define PASSWORD "analytical engine"

static SoupServer *server;
static char *base_url;
static GHashTable *responses;   /* path → body; absent = 404 */
static GHashTable *requests;    /* path → number of requests */
static gint64 now_unix;

static void
server_cb (SoupServer        *soup_server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer          user_data)
{
  GBytes *body = g_hash_table_lookup (responses, path);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (requests, path));

  g_hash_table_insert (requests, g_strdup (path), GUINT_TO_POINTER (n + 1));

  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, g_str_has_suffix (path, ".mp3") ? "audio/mpeg" : "application/rss+xml",
                                    SOUP_MEMORY_COPY, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static guint
n_requests (const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (requests, path));
}

static void
serve (const char *path,
       char       *body)
{
  g_hash_table_insert (responses, g_strdup (path), g_bytes_new_take (body, strlen (body)));
}

static void
serve_media (const char *path)
{
  g_hash_table_insert (responses, g_strdup (path), g_bytes_new_take (g_malloc0 (MEDIA_SIZE), MEDIA_SIZE));
}

static char *
url_of (const char *base,
        const char *path)
{
  return g_strdup_printf ("%s%s", base, path + 1);
}

/* A real RSS document: one episode, its media at /media/@name.mp3. */
static char *
feed_xml (const char *title,
          const char *name)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (now_unix - DAY);
  g_autofree char *rfc822 = g_date_time_format (date, "%a, %d %b %Y %H:%M:%S +0000");

  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<rss version=\"2.0\"><channel><title>%s</title>"
                          "<link>http://127.0.0.1/</link><description>Served on 127.0.0.1</description>"
                          "<item><title>%s, Episode One</title><guid>%s-1</guid><pubDate>%s</pubDate>"
                          "<enclosure url=\"%smedia/%s.mp3\" type=\"audio/mpeg\" length=\"%d\"/></item>"
                          "</channel></rss>",
                          title, title, name, rfc822, base_url, name, MEDIA_SIZE);
}

static gint64
subscribe_now (const char *path)
{
  LwFeedService *service = lw_application_get_feed_service (test_app);
  g_autofree char *url = url_of (base_url, path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwShow) show = NULL;

  lw_feed_service_subscribe_async (service, url, NULL, store_result, &result);
  wait_for (has_result, &result, "the subscription");
  show = lw_feed_service_subscribe_finish (service, result, &error);
  g_assert_no_error (error);

  return lw_show_get_id (show);
}

static LwShow *
lookup_show (gint64 id)
{
  LwShow *show = lw_library_lookup_show (lw_application_get_library (test_app), id);

  g_assert_nonnull (show);
  return show;
}

static gboolean
toast_says (gpointer data)
{
  g_autofree char *text = dup_toast_text (get_window ());

  return strstr (text, data) != NULL;
}

static gboolean
no_error_toast (gpointer data)
{
  g_autofree char *text = dup_toast_text (get_window ());

  return strstr (text, "Could not") == NULL;
}

static void
click_retry (void)
{
  GtkWidget *retry = find_toast_button ("_Retry");

  g_assert_nonnull (retry);
  g_signal_emit_by_name (retry, "clicked");
}

static GtkWidget *
toast_of (GtkWidget *widget)
{
  while (widget != NULL && !g_str_equal (gtk_widget_get_css_name (widget), "toast"))
    widget = gtk_widget_get_parent (widget);

  return widget;
}

/* The label of the toast on show that starts with @prefix. */
static GtkLabel *
find_toast_title (const char *prefix)
{
  g_autoptr(GPtrArray) labels = find_all (get_window (), GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_text (labels->pdata[i]), prefix) &&
        gtk_widget_get_mapped (labels->pdata[i]) &&
        toast_of (labels->pdata[i]) != NULL)
      return labels->pdata[i];

  return NULL;
}

/* A toast's title is read whole on a phone: wrapped over lines (@min_lines at
 * least, none of its words cut), and the toast grows to hold them. */
static void
assert_toast_title_fits (const char *prefix,
                         guint       min_lines)
{
  GtkLabel *title = find_toast_title (prefix);
  GtkWidget *toast;
  PangoLayout *layout;
  PangoRectangle extents;
  graphene_rect_t title_bounds, toast_bounds;

  g_assert_nonnull (title);
  toast = toast_of (GTK_WIDGET (title));

  layout = gtk_label_get_layout (title);
  pango_layout_get_pixel_extents (layout, NULL, &extents);
  g_test_message ("“%s…” in %d lines, %d px high, in a toast %d px high", prefix,
                  pango_layout_get_line_count (layout), extents.height, gtk_widget_get_height (toast));
  g_assert_cmpint (pango_layout_get_line_count (layout), >=, min_lines);
  g_assert_false (pango_layout_is_ellipsized (layout));
  g_assert_cmpint (extents.height, <=, gtk_widget_get_height (GTK_WIDGET (title)));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (title), toast, &title_bounds));
  g_assert_true (gtk_widget_compute_bounds (toast, toast, &toast_bounds));
  g_assert_true (graphene_rect_contains_rect (&toast_bounds, &title_bounds));
}

/* The window as it is, then at 360 px wide ("@name-narrow"), light and dark; the
 * toast starting with @toast_prefix, on show, read whole at both widths. */
static void
save_wide_and_narrow (const char *name,
                      const char *toast_prefix)
{
  LwWindow *window = get_window ();
  g_autofree char *narrow = g_strdup_printf ("%s-narrow", name);

  assert_toast_title_fits (toast_prefix, 1);
  save_light_and_dark (window, name);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wait_ms (300);
  assert_toast_title_fits (toast_prefix, 2);
  save_light_and_dark (window, narrow);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  wait_ms (300);
}

static void
dismiss_if_any (void)
{
  if (has_toast (get_window ()))
    dismiss_toasts (get_window ());
}

/* Refresh */

static gboolean
refresh_idle (gpointer data)
{
  return !lw_feed_service_get_refreshing (lw_application_get_feed_service (test_app));
}

static gboolean
shows_fixed (gpointer data)
{
  gint64 *ids = data;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LwShow) show = lookup_show (ids[i]);

      if (lw_show_get_last_error (show) != NULL)
        return FALSE;
    }

  return TRUE;
}

static void
test_refresh_all (void)
{
  LwWindow *window = get_window ();
  gint64 good_id, failed_ids[2];
  g_autofree char *text = NULL;

  serve ("/good.xml", feed_xml ("Good Show", "good"));
  serve ("/flaky.xml", feed_xml ("Flaky Show", "flaky"));
  serve ("/shaky.xml", feed_xml ("Shaky Show", "shaky"));
  good_id = subscribe_now ("/good.xml");
  failed_ids[0] = subscribe_now ("/flaky.xml");
  failed_ids[1] = subscribe_now ("/shaky.xml");
  dismiss_if_any ();

  /* Two feeds go missing: the toast counts them and offers Retry. */
  g_hash_table_remove (responses, "/flaky.xml");
  g_hash_table_remove (responses, "/shaky.xml");
  g_action_group_activate_action (G_ACTION_GROUP (test_app), "refresh", NULL);
  wait_for (toast_says, (gpointer) "2 podcasts could not be refreshed", "the refresh's toast");
  wait_for_toast_shown (window);
  g_assert_nonnull (find_toast_button ("_Retry"));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LwShow) show = lookup_show (failed_ids[i]);

      g_assert_nonnull (strstr (lw_show_get_last_error (show), "404"));
    }

  save_light_and_dark (window, "retry-refresh");

  /* Pictures take longer than a toast stays: fail once more, for a toast that is up. */
  dismiss_if_any ();
  g_action_group_activate_action (G_ACTION_GROUP (test_app), "refresh", NULL);
  wait_for (toast_says, (gpointer) "2 podcasts could not be refreshed", "the refresh's toast");
  wait_for_toast_shown (window);

  /* Retry refreshes just those two: the good show, gone from the server meanwhile,
   * is not asked for again (or it would fail now). */
  g_assert_cmpuint (n_requests ("/good.xml"), ==, 3);
  serve ("/flaky.xml", feed_xml ("Flaky Show", "flaky"));
  serve ("/shaky.xml", feed_xml ("Shaky Show", "shaky"));
  g_hash_table_remove (responses, "/good.xml");
  click_retry ();
  wait_for (shows_fixed, failed_ids, "the failed shows to refresh");
  g_assert_cmpuint (n_requests ("/flaky.xml"), ==, 4);
  g_assert_cmpuint (n_requests ("/shaky.xml"), ==, 4);
  g_assert_cmpuint (n_requests ("/good.xml"), ==, 3);
  {
    g_autoptr(LwShow) good = lookup_show (good_id);

    g_assert_null (lw_show_get_last_error (good));
  }
  wait_for (has_no_toast, window, "the error to go");
  wait_ms (300);
  text = dup_toast_text (window);
  g_assert_cmpstr (text, ==, "");
  serve ("/good.xml", feed_xml ("Good Show", "good"));
}

/* One show that fails is named, as its page does. */
static void
test_refresh_one (void)
{
  LwWindow *window = get_window ();
  gint64 id;

  serve ("/lone.xml", feed_xml ("Lone Show", "lone"));
  id = subscribe_now ("/lone.xml");
  g_assert_true (refresh_idle (NULL));
  dismiss_if_any ();

  g_hash_table_remove (responses, "/lone.xml");
  g_action_group_activate_action (G_ACTION_GROUP (test_app), "refresh", NULL);
  wait_for (toast_says, (gpointer) "Could not update “Lone Show”", "the refresh's toast");
  wait_for_toast_shown (window);
  serve ("/lone.xml", feed_xml ("Lone Show", "lone"));
  click_retry ();
  {
    gint64 ids[2] = { id, id };

    wait_for (shows_fixed, ids, "the show to refresh");
  }
  wait_for (has_no_toast, window, "the error to go");
}

/* Subscribe */

static gboolean
subscribed (gpointer data)
{
  g_autoptr(LwShow) show = lw_library_lookup_show_by_url (lw_application_get_library (test_app), data);

  return show != NULL;
}

/* app.subscribe, as the podroll and Discover subscribe, to @url that fails: the
 * toast says what failed and why (@expected, its start), naming the server once. */
static void
assert_subscribe_fails (const char *url,
                        const char *expected)
{
  g_autofree char *text = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (test_app), "subscribe", g_variant_new_string (url));
  wait_for (toast_says, (gpointer) "Could not subscribe", "the subscription's toast");
  wait_for_toast_shown (get_window ());
  text = dup_toast_text (get_window ());
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, expected));
  g_assert_null (strstr (strstr (text, "127.0.0.1") + 1, "127.0.0.1"));
  g_assert_nonnull (find_toast_button ("_Retry"));
  g_assert_false (subscribed ((gpointer) url));
}

static void
test_subscribe (void)
{
  LwWindow *window = get_window ();
  g_autoptr(SoupServer) late = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *late_base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page_url = url_of (base_url, "/page.xml");
  guint port;

  /* A server that is not there yet: its port, free again. */
  soup_server_add_handler (late, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (late, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (late);
  port = g_uri_get_port (uris->data);
  late_base = g_uri_to_string (uris->data);
  soup_server_disconnect (late);
  url = url_of (late_base, "/late.xml");
  serve ("/late.xml", feed_xml ("Late Show", "late"));
  dismiss_if_any ();

  /* Refused: read whole at 360 px too (save_wide_and_narrow). */
  assert_subscribe_fails (url, "Could not subscribe: Could not reach 127.0.0.1: Connection refused");
  save_wide_and_narrow ("retry-subscribe", "Could not subscribe");

  /* Once more, for a toast that is up; then the server comes up, and Retry
   * subscribes to the same address. */
  dismiss_if_any ();
  g_action_group_activate_action (G_ACTION_GROUP (test_app), "subscribe", g_variant_new_string (url));
  wait_for (toast_says, (gpointer) "Could not subscribe", "the subscription's toast");
  wait_for_toast_shown (window);
  soup_server_listen_local (late, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  click_retry ();
  wait_for (subscribed, url, "the subscription to work");
  wait_for (toast_says, (gpointer) "Subscribed to “Late Show”", "the subscription's toast");
  wait_for (no_error_toast, NULL, "the error to go");
  dismiss_if_any ();
  soup_server_disconnect (late);

  /* A reason that does not name the server: the toast names it. */
  serve ("/page.xml", g_strdup ("<!DOCTYPE html><html><head><title>Hi</title></head><body>Hello</body></html>"));
  assert_subscribe_fails (page_url, "Could not subscribe to 127.0.0.1: This is an HTML page, not a podcast feed.");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wait_ms (300);
  assert_toast_title_fits ("Could not subscribe", 2);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  wait_ms (300);
  dismiss_if_any ();
}

/* Sign in */

static GtkWidget *
find_podroll_button (LwShowPage *page,
                     const char *url)
{
  g_autoptr(GPtrArray) buttons = find_all (page, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GVariant *target = gtk_actionable_get_action_target_value (buttons->pdata[i]);

      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "app.subscribe") == 0 &&
          g_str_equal (g_variant_get_string (target, NULL), url) &&
          gtk_widget_get_mapped (buttons->pdata[i]))
        return buttons->pdata[i];
    }

  return NULL;
}

static gboolean
dialog_busy_or_gone (gpointer data)
{
  LwAddDialog **dialog = data;

  return *dialog == NULL || lw_add_dialog_get_busy (*dialog);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The podroll recommends a show whose feed asks for a password: its one-click
 * Subscribe ends in a toast with "Sign In…", which opens the Add dialog on that
 * address with the user name and password fields showing; filled in, Add subscribes.
 * app.subscribe (Discover's cards use it too) does the same. */
static void
test_sign_in (void)
{
  LwWindow *window = get_window ();
  LwShowPage *page;
  g_autofree char *private_url = url_of (base_url, "/private/members.xml");
  g_autofree char *xml = NULL;
  g_autofree char *text = NULL;
  LwAddDialog *dialog;
  GtkWidget *button;
  gint64 id;

  serve ("/private/members.xml", feed_xml ("Members Only", "members"));
  xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<rss version=\"2.0\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">"
                         "<channel><title>Friendly Show</title><link>http://127.0.0.1/</link>"
                         "<description>Recommends a private one</description>"
                         "<podcast:podroll><podcast:remoteItem feedGuid=\"4f1c2a64-1a5e-5d0c-9a8e-0a1b2c3d4e5f\""
                         " feedUrl=\"%s\" title=\"Members Only\"/></podcast:podroll>"
                         "</channel></rss>", private_url);
  serve ("/friendly.xml", g_steal_pointer (&xml));
  id = subscribe_now ("/friendly.xml");
  dismiss_if_any ();

  /* As Discover's cards subscribe: the server asks, the toast offers to sign in. */
  g_action_group_activate_action (G_ACTION_GROUP (test_app), "subscribe", g_variant_new_string (private_url));
  wait_for (toast_says, (gpointer) "asks for a user name and password", "the sign-in toast");
  wait_for_toast_shown (window);
  g_assert_nonnull (find_toast_button ("_Sign In…"));
  g_assert_null (find_toast_button ("_Retry"));
  dismiss_if_any ();

  /* From the podroll of the show page's About view. */
  g_assert_true (lw_window_select_show (window, id));
  page = LW_SHOW_PAGE (lw_window_get_show_page (window));
  lw_show_page_set_view (page, "about");
  wait_ms (300);
  button = find_podroll_button (page, private_url);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for (toast_says, (gpointer) "asks for a user name and password", "the sign-in toast");
  wait_for_toast_shown (window);
  text = dup_toast_text (window);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "127.0.0.1 asks for a user name and password"));
  g_assert_false (subscribed (private_url));
  save_wide_and_narrow ("retry-sign-in", "127.0.0.1 asks for a user name and password");

  /* Sign In…: the Add dialog, on that address, asking. */
  g_assert_null (find_window (LW_TYPE_ADD_DIALOG));
  button = find_toast_button ("_Sign In…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = find_window (LW_TYPE_ADD_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  wait_for (is_mapped, dialog, "the Add dialog");
  g_assert_cmpstr (lw_add_dialog_get_url (dialog), ==, private_url);
  g_assert_true (lw_add_dialog_get_needs_credentials (dialog));
  g_assert_true (gtk_widget_get_mapped (template_child (dialog, LW_TYPE_ADD_DIALOG, "user_row")));
  g_assert_true (gtk_widget_get_mapped (template_child (dialog, LW_TYPE_ADD_DIALOG, "password_row")));
  /* Typing goes to the user name. */
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (dialog)));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         template_child (dialog, LW_TYPE_ADD_DIALOG, "user_row")));
  g_assert_cmpstr (adw_preferences_group_get_description (template_child (dialog, LW_TYPE_ADD_DIALOG, "credentials_group")),
                   ==, "127.0.0.1 asks for a user name and password");
  /* Nothing to add before both are filled in. */
  g_assert_false (gtk_widget_is_sensitive (template_child (dialog, LW_TYPE_ADD_DIALOG, "add_button")));
  wait_ms (300);
  g_free (save_png (dialog, "retry-sign-in-dialog.png"));

  /* Filled in as a person types them, then Add. */
  lw_add_dialog_set_credentials (dialog, USER, PASSWORD, FALSE);
  g_assert_true (gtk_widget_is_sensitive (template_child (dialog, LW_TYPE_ADD_DIALOG, "add_button")));
  g_signal_emit_by_name (template_child (dialog, LW_TYPE_ADD_DIALOG, "add_button"), "clicked");
  wait_for (dialog_busy_or_gone, &dialog, "Add to start");
  wait_for (is_null, &dialog, "the dialog to close");
  wait_for (subscribed, private_url, "the subscription to work");
  wait_for (toast_says, (gpointer) "Subscribed to “Members Only”", "the subscription's toast");
  lw_window_set_place (window, "shows");
  dismiss_if_any ();
}

/* Download */

typedef struct
{
  LwDownload      *download;
  LwDownloadState  state;
} StateWait;

static gboolean
download_in_state (gpointer data)
{
  StateWait *wait = data;

  return lw_download_get_state (wait->download) == wait->state;
}

static void
test_download (void)
{
  LwWindow *window = get_window ();
  LwLibrary *library = lw_application_get_library (test_app);
  LwDownloader *downloader = lw_application_get_downloader (test_app);
  gint64 show_id;
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(LwEpisode) episode = NULL;
  g_autoptr(LwEpisode) stored = NULL;
  g_autofree char *text = NULL;
  g_autoptr(LwDownload) download = NULL;
  StateWait wait;

  lw_download_policy_set_metered (lw_application_get_download_policy (test_app), FALSE);
  serve ("/tapes.xml", feed_xml ("Tapes", "tape"));
  show_id = subscribe_now ("/tapes.xml");
  episodes = lw_library_get_episodes (library, show_id);
  episode = g_list_model_get_item (episodes, 0);
  dismiss_if_any ();

  /* The media is not there: the toast names the episode; the Downloads view says why. */
  g_action_group_activate_action (G_ACTION_GROUP (test_app), "download-episode",
                                  g_variant_new_int64 (lw_episode_get_id (episode)));
  wait_for (toast_says, (gpointer) "Could not download “Tapes, Episode One”", "the download's toast");
  wait_for_toast_shown (window);
  download = g_list_model_get_item (lw_downloader_get_downloads (downloader), 0);
  g_assert_cmpint (lw_download_get_state (download), ==, LW_DOWNLOAD_STATE_FAILED);
  g_assert_nonnull (strstr (lw_download_get_error_message (download), "404"));
  text = dup_toast_text (window);
  g_assert_null (strstr (text, "404"));

  save_light_and_dark (window, "retry-download");

  /* Once more, for a toast that is up; then the file is there, and Retry downloads it. */
  dismiss_if_any ();
  g_action_group_activate_action (G_ACTION_GROUP (test_app), "download-episode",
                                  g_variant_new_int64 (lw_episode_get_id (episode)));
  wait_for (toast_says, (gpointer) "Could not download “Tapes, Episode One”", "the download's toast");
  wait_for_toast_shown (window);
  g_assert_cmpuint (n_requests ("/media/tape.mp3"), ==, 2);
  serve_media ("/media/tape.mp3");
  click_retry ();
  wait.download = download;
  wait.state = LW_DOWNLOAD_STATE_COMPLETED;
  wait_for (download_in_state, &wait, "the download to complete");
  g_assert_cmpuint (n_requests ("/media/tape.mp3"), ==, 3);
  stored = lw_library_lookup_episode (library, lw_episode_get_id (episode));
  g_assert_nonnull (lw_episode_get_local_path (stored));
  g_assert_true (g_file_test (lw_episode_get_local_path (stored), G_FILE_TEST_IS_REGULAR));
  wait_for (has_no_toast, window, "the error to go");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  set_up_test_dirs ("longwave-test-retry");
  now_unix = g_get_real_time () / G_USEC_PER_SEC;

  responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  lw_test_http_require_password (server, "/private", USER, PASSWORD);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string (uris->data);

  test_app = new_application ();
  g_application_activate (G_APPLICATION (test_app));
  wait_for (is_mapped, get_window (), "the window to map");
  gtk_window_set_default_size (GTK_WINDOW (get_window ()), 1000, 700);

  g_test_add_func ("/ui/retry/refresh-all", test_refresh_all);
  g_test_add_func ("/ui/retry/refresh-one", test_refresh_one);
  g_test_add_func ("/ui/retry/subscribe", test_subscribe);
  g_test_add_func ("/ui/retry/sign-in", test_sign_in);
  g_test_add_func ("/ui/retry/download", test_download);

  ret = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (test_app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&test_app);
  g_clear_object (&server);
  g_clear_pointer (&responses, g_hash_table_unref);
  g_clear_pointer (&requests, g_hash_table_unref);
  g_free (base_url);
  rm_rf (test_tmp_dir);

  return ret;
}
