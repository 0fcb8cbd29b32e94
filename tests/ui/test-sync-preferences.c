/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-application.h"
#include "ui/lw-preferences-window.h"
#include "ui/lw-sync-preferences.h"
#include "ui/lw-window.h"

/* The Sync page of the preferences: signed out (the form, switching dialects),
 * then signed in to a server that does not answer (the error on the page and a
 * toast in the main window, once). PNGs in the build dir, light and dark. */

#define TIMEOUT_MS 10000

static LwApplication *app;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_until (gboolean   (*condition) (gpointer),
            gpointer     data,
            const char  *what)
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
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
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
  g_test_message ("Wrote %s", path);
}

static void
save_light_and_dark (GtkWidget  *widget,
                     const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_ms (300);
  save_png (widget, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_ms (300);
  save_png (widget, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

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
  wait_until (is_mapped, window, "the page");

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
  wait_until (subtitle_shown, &failed_text, "the error on the page");
  wait_until (not_syncing, sync, "the end of the sync");
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
  wait_until (not_syncing, sync, "the end of the sync");
  wait_ms (100);
  g_assert_cmpuint (failed, ==, 1);
  g_signal_handlers_disconnect_by_func (sync, count_failed, &failed);

  /* Sign out: the form again, with the server kept. */
  lw_sync_sign_out (sync);
  g_assert_nonnull (find_button (GTK_WIDGET (page), _("Sign In")));
  g_assert_null (lw_sync_get_last_error (sync));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("longwave-test-sync-prefs-XXXXXX", NULL);
  data_dir = g_build_filename (tmp_dir, "data", NULL);
  cache_dir = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);

  g_test_add_func ("/ui/sync-preferences/page", test_page);
  ret = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return ret;
}
