/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-library-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/lw-opml.h"
#include "lw-application.h"
#include "ui/lw-library-actions.h"
#include "ui/lw-window.h"

/* app.refresh, app.import-opml and app.export-opml on a real application and
 * window, with feeds from a SoupServer on loopback; and the application noticing
 * a subscription longwave-cli added to the same library. */

#define TIMEOUT_MS 15000

static LwApplication *app;
static char *tmp_dir;
static char *base_url;
static GHashTable *hits;

static const char feed_template[] =
  "<rss version=\"2.0\"><channel><title>%s</title>"
  "<item><title>One</title><guid>one</guid></item></channel></rss>";

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  g_autofree char *name = g_path_get_basename (path);

  g_hash_table_insert (hits, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (hits, path)) + 1));

  if (g_str_has_suffix (name, ".xml") && !g_str_equal (name, "missing.xml"))
    {
      g_autofree char *title = g_strdup_printf ("Show %.*s", (int) strlen (name) - 4, name);
      g_autofree char *body = g_strdup_printf (feed_template, title);
      gsize length = strlen (body);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&body), length);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static guint
n_hits (const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (hits, path));
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (TIMEOUT_MS, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);

  g_source_remove (id);
}

static gboolean
time_passed (gpointer data)
{
  return *(gboolean *) data;
}

/* Lets animations and redraws settle. */
static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, (GSourceOnceFunc) timeout_cb, &done);
  wait_for (time_passed, &done, "a moment");
}

static GtkWindow *
find_toplevel (GType       type,
               const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0))
        return window;
    }

  return NULL;
}

static gboolean
report_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "import-report") != NULL;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  /* The grid's tiles say their titles in GtkInscriptions. */
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_inscription_get_text (GTK_INSCRIPTION (widget)) ?: "", text) != NULL)
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
wait_for_label (gpointer    widget,
                const char *text)
{
  LabelWait wait = { widget, text };
  g_autofree char *what = g_strdup_printf ("a label saying “%s”", text);

  wait_for (label_shown, &wait, what);
}

static guint
n_shows (void)
{
  return g_list_model_get_n_items (lw_library_get_shows (lw_application_get_library (app)));
}

static gboolean
has_n_shows (gpointer data)
{
  return n_shows () == GPOINTER_TO_UINT (data);
}

static LwWindow *
get_window (void)
{
  GtkWindow *window = find_toplevel (LW_TYPE_WINDOW, NULL);

  g_assert_nonnull (window);
  return LW_WINDOW (window);
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "ui", name, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s (%d×%d)", path, width, height);
}

static void
test_import (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "in.opml", NULL);
  g_autofree char *opml = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *report;

  /* Two feeds, one twice; a 404; an outline that is no feed at all. */
  opml = g_strdup_printf ("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>"
                          "<outline text=\"A\" xmlUrl=\"%s/a.xml\"/>"
                          "<outline text=\"Folder\"><outline text=\"B\" xmlUrl=\"%s/b.xml\"/></outline>"
                          "<outline text=\"A again\" xmlUrl=\"%s/a.xml\"/>"
                          "<outline text=\"Gone Show\" xmlUrl=\"%s/missing.xml\"/>"
                          "<outline text=\"Not a feed\" xmlUrl=\"ftp://example.org/x\"/>"
                          "</body></opml>", base_url, base_url, base_url, base_url);
  g_file_set_contents (path, opml, -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  g_assert_cmpuint (n_shows (), ==, 0);
  lw_library_actions_import (app, file);
  wait_for (report_shown, NULL, "the import report");
  report = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "import-report");

  g_assert_cmpuint (n_shows (), ==, 2);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (report)), ==, "Imported 2 podcasts");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (report)), "Gone Show: 127.0.0.1 answered 404"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (report)), "ftp://example.org/x"));
  wait_ms (500);
  save_png (GTK_WIDGET (report), "import-report.png");
  gtk_window_close (report);

  /* Again: nothing new, nothing lost; still the same report of what failed. */
  lw_library_actions_import (app, file);
  wait_for (report_shown, NULL, "the second import report");
  g_assert_cmpuint (n_shows (), ==, 2);
  gtk_window_close (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "import-report"));

  /* Not OPML: a toast, nothing changes. */
  g_file_set_contents (path, "hello", -1, &error);
  g_assert_no_error (error);
  lw_library_actions_import (app, file);
  wait_for_label (get_window (), "OPML");
  g_assert_cmpuint (n_shows (), ==, 2);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_export (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "out.opml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LwOpml) opml = NULL;
  g_autoptr(GError) error = NULL;

  lw_library_actions_export (app, file);
  wait_for (file_exists, path, "the exported file");
  wait_for_label (get_window (), "Subscriptions saved to “out.opml”");

  opml = lw_opml_parse_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (opml->entries->len, ==, 2);
  g_assert_cmpuint (opml->problems->len, ==, 0);
}

static gboolean
refreshed_twice (gpointer data)
{
  return n_hits ("/a.xml") >= 3 && n_hits ("/b.xml") >= 2 &&
         !lw_feed_service_get_refreshing (lw_application_get_feed_service (app));
}

static void
test_refresh (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.refresh");
  guint a_before = n_hits ("/a.xml");

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>r"));
  g_assert_true (g_strv_contains ((const char * const *) accels, "F5"));

  /* Pressed twice at once: one refresh. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  g_assert_true (lw_feed_service_get_refreshing (lw_application_get_feed_service (app)));
  wait_for (refreshed_twice, NULL, "the refresh");
  g_assert_cmpuint (n_hits ("/a.xml"), ==, a_before + 1);
}

static gboolean
chooser_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL;
}

static gboolean
chooser_gone (gpointer data)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) == NULL;
}

/* The actions open a file chooser (here GTK's own: no portal on Xvfb). */
static void
test_choosers (void)
{
  const char *actions[] = { "import-opml", "export-opml" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWindow *chooser;

      g_action_group_activate_action (G_ACTION_GROUP (app), actions[i], NULL);
      wait_for (chooser_shown, NULL, "the file chooser");
      chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
      g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                       i == 0 ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE);
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      wait_for (chooser_gone, NULL, "the file chooser to close");
    }

  g_assert_cmpuint (n_shows (), ==, 2);
}

/* longwave-cli subscribes in another process: the window's list follows. */
static void
test_cli_change (void)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "longwave-cli", NULL);
  g_autofree char *url = g_strdup_printf ("%s/c.xml", base_url);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "subscribe", url, NULL);
  g_assert_no_error (error);

  /* The server answers from this process's main loop, and the app notices there. */
  wait_for (has_n_shows, GUINT_TO_POINTER (3), "the CLI's subscription to show");
  wait_for_label (get_window (), "Show c");

  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *uri = NULL;
  int ret;

  tmp_dir = g_dir_make_tmp ("longwave-library-actions-XXXXXX", NULL);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  cache_dir = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serve, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  uri = g_uri_to_string (uris->data);
  base_url = g_strndup (uri, strlen (uri) - 1);

  /* Only the refreshes the tests ask for (the memory backend is per process). */
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "refresh-on-startup", FALSE);

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));

  g_test_add_func ("/ui/library-actions/import", test_import);
  g_test_add_func ("/ui/library-actions/export", test_export);
  g_test_add_func ("/ui/library-actions/refresh", test_refresh);
  g_test_add_func ("/ui/library-actions/choosers", test_choosers);
  g_test_add_func ("/ui/library-actions/cli-change", test_cli_change);

  ret = g_test_run ();

  {
    GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

    for (GList *l = windows; l != NULL; l = l->next)
      gtk_window_destroy (l->data);
    g_list_free (windows);
  }
  g_clear_object (&app);
  g_clear_pointer (&hits, g_hash_table_unref);
  g_free (base_url);

  return ret;
}
