/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-downloads-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lw-application.h"
#include "ui/lw-artwork.h"
#include "ui/lw-discover-view.h"
#include "ui/lw-download-row.h"
#include "ui/lw-downloads-view.h"
#include "ui/lw-preferences-window.h"
#include "ui/lw-window.h"

/* The discover and downloads views in the real application, under Xvfb, against a
 * SoupServer on 127.0.0.1 that serves the recorded directory answers in
 * tests/data/directory/ (every https:// address in them pointed at itself), a feed
 * and artwork for each show, and a slow media file whose progress the test holds. */

#define TIMEOUT_MS 15000
#define MEDIA_SIZE (4 * 1024 * 1024)
#define MEDIA_CHUNK (64 * 1024)

static LwApplication *app;
static char *tmp_dir;
static SoupServer *server;
static char *base_url;
static gboolean media_released;
static guint media_requests;
static guint missing_requests;

/* Helpers *************************************************************************/

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
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

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GPtrArray *
find_all (gpointer widget,
          GType    type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (widget), type, found);
  return found;
}

static gboolean
has_label_with_text (gpointer    widget,
                     const char *text)
{
  g_autoptr(GPtrArray) labels = find_all (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_drawable (labels->pdata[i]) &&
        strstr (gtk_label_get_text (labels->pdata[i]), text) != NULL)
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

  return has_label_with_text (wait->widget, wait->text);
}

static void
wait_for_label (gpointer    widget,
                const char *text)
{
  LabelWait wait = { GTK_WIDGET (widget), text };
  g_autofree char *what = g_strdup_printf ("a label saying “%s”", text);

  wait_for (label_shown, &wait, what);
}

static gboolean
all_artwork_loaded (gpointer data)
{
  g_autoptr(GPtrArray) artworks = find_all (data, LW_TYPE_ARTWORK);

  for (guint i = 0; i < artworks->len; i++)
    if (gtk_widget_get_mapped (artworks->pdata[i]) &&
        lw_artwork_get_url (artworks->pdata[i]) != NULL &&
        !lw_artwork_is_loaded (artworks->pdata[i]))
      return FALSE;

  return TRUE;
}

/* Every button of @widget has a name a screen reader can say: its text or an
 * accessible label (a menu button's inner toggle: the menu button's). A tooltip is
 * not one: GTK 4.8 makes it the description. */
static void
assert_buttons_named (gpointer widget)
{
  g_autoptr(GPtrArray) buttons = find_all (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      GtkWidget *named = GTK_IS_MENU_BUTTON (gtk_widget_get_parent (button)) ? gtk_widget_get_parent (button) : button;

      /* A spin button's own +/− buttons: GTK names the spin button. */
      if (GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (button)) ||
          has_label_with_text (button, "") ||
          gtk_test_accessible_has_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL))
        continue;

      g_error ("A %s with icon “%s” in a %s has no accessible name", G_OBJECT_TYPE_NAME (button),
               gtk_button_get_icon_name (GTK_BUTTON (button)), G_OBJECT_TYPE_NAME (gtk_widget_get_parent (button)));
    }
}

static GtkButton *
find_button (gpointer    widget,
             const char *accessible_name)
{
  g_autoptr(GPtrArray) buttons = find_all (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      g_autofree char *mismatch = NULL;

      if (!gtk_widget_is_drawable (buttons->pdata[i]))
        continue;

      mismatch = gtk_test_accessible_check_property (buttons->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name);
      if (mismatch == NULL)
        return buttons->pdata[i];
    }

  g_error ("No visible button named “%s”", accessible_name);
}

static char *
save_png (gpointer    widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (widget));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "ui", name, NULL);
  int width = gtk_widget_get_width (GTK_WIDGET (widget));
  int height = gtk_widget_get_height (GTK_WIDGET (widget));
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (widget)));

  /* A widget waiting for its next layout (progress labels change all the time)
   * draws nothing: let the frame clock run and try again. */
  for (guint attempt = 0; node == NULL && attempt < 100; attempt++)
    {
      if (attempt > 0)
        wait_ms (20);
      if (snapshot == NULL)
        snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s (%d×%d)", path, width, height);

  return g_steal_pointer (&path);
}

static void
save_light_and_dark (gpointer    widget,
                     const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_ms (300);
  g_free (save_png (widget, light));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_ms (300);
  g_free (save_png (widget, dark));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_ms (100);
}

/* A window of the app hosting one view, as the main window hosts it. */
static GtkWindow *
host (GtkWidget *view,
      int        width,
      int        height)
{
  GtkWidget *window = adw_window_new ();

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (is_mapped, view, "the view to map");

  return GTK_WINDOW (window);
}

static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  gtk_window_set_default_size (window, width, height);
  wait_ms (400);
}

static GSettings *
settings (void)
{
  return lw_application_get_settings (app);
}

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }

  g_clear_pointer (&dir, g_dir_close);
  g_rmdir (path);
}

/* The server *********************************************************************/

static char *
test_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "directory", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  return contents;
}

/* A recorded answer with every outside address pointed at this server. */
static void
serve_recorded (SoupServerMessage *msg,
                const char        *name)
{
  g_autofree char *contents = test_file (name);
  g_autoptr(GString) body = g_string_new (contents);
  g_autofree char *proxy = g_strdup_printf ("%s/proxy/", base_url);
  g_auto(GStrv) parts = g_strsplit (proxy, "/", -1);
  g_autofree char *escaped_proxy = g_strjoinv ("\\/", parts);

  /* fyyd escapes its slashes; the placeholder keeps "http://" of the new address
   * from being replaced again. */
  g_string_replace (body, "https:\\/\\/", "\x01", 0);
  g_string_replace (body, "http:\\/\\/", "\x01", 0);
  g_string_replace (body, "\x01", escaped_proxy, 0);
  g_string_replace (body, "https://", "\x02", 0);
  g_string_replace (body, "http://", "\x02", 0);
  g_string_replace (body, "\x02", proxy, 0);

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Artwork of a colour of its own for each address. */
static void
serve_artwork (SoupServerMessage *msg,
               const char        *path)
{
  guint hash = g_str_hash (path);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 300);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, 300, 300);
  double r = (hash & 0xff) / 255.0, g = ((hash >> 8) & 0xff) / 255.0, b = ((hash >> 16) & 0xff) / 255.0;
  GByteArray *png = g_byte_array_new ();
  gsize len;

  cairo_pattern_add_color_stop_rgb (gradient, 0, 0.3 + r * 0.7, 0.3 + g * 0.7, 0.3 + b * 0.7);
  cairo_pattern_add_color_stop_rgb (gradient, 1, r * 0.4, g * 0.4, b * 0.4);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_set_line_width (cr, 18);
  cairo_arc (cr, 150, 150, 80, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_pattern_destroy (gradient);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  len = png->len;
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, (char *) g_byte_array_free (png, FALSE), len);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* An RFC 822 date @days before now, so the fixture ages with the calendar and
 * "new" always means the same episodes. */
static char *
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);
  static const char *const wday[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const month[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d +0000",
                          wday[g_date_time_get_day_of_week (then) - 1],
                          g_date_time_get_day_of_month (then),
                          month[g_date_time_get_month (then) - 1],
                          g_date_time_get_year (then),
                          g_date_time_get_hour (then), g_date_time_get_minute (then),
                          g_date_time_get_second (then));
}

/* A feed for any proxied feed address: three episodes, the newest the slow one. */
static void
serve_feed (SoupServerMessage *msg,
            const char        *path)
{
  g_autofree char *xml = NULL;
  g_autofree char *date3 = days_ago (1);
  g_autofree char *date2 = days_ago (8);
  g_autofree char *date0 = days_ago (22);
  g_autofree char *date1 = days_ago (15);
  guint hash = g_str_hash (path) % 1000;

  xml = g_strdup_printf ("<?xml version=\"1.0\"?>"
                         "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>"
                         "<title>Recorded Show %u</title><link>%s/</link>"
                         "<itunes:author>Loopback Radio</itunes:author>"
                         "<itunes:image href=\"%s/proxy/art/%u.png\"/>"
                         "<item><title>The Long Interview</title><guid>%u-3</guid>"
                         "<pubDate>%s</pubDate>"
                         "<enclosure url=\"%s/media/%u-3.mp3\" type=\"audio/mpeg\" length=\"%d\"/></item>"
                         "<item><title>A Short Story</title><guid>%u-2</guid>"
                         "<pubDate>%s</pubDate>"
                         "<enclosure url=\"%s/media/%u-2.mp3\" type=\"audio/mpeg\" length=\"%d\"/></item>"
                         "<item><title>The Lost Tape</title><guid>%u-0</guid>"
                         "<pubDate>%s</pubDate>"
                         "<enclosure url=\"%s/missing/%u-0.mp3\" type=\"audio/mpeg\" length=\"%d\"/></item>"
                         "<item><title>Pilot</title><guid>%u-1</guid>"
                         "<pubDate>%s</pubDate>"
                         "<enclosure url=\"%s/media/%u-1.mp3\" type=\"audio/mpeg\" length=\"%d\"/></item>"
                         "</channel></rss>",
                         hash, base_url, base_url, hash,
                         hash, date3, base_url, hash, MEDIA_SIZE,
                         hash, date2, base_url, hash, MEDIA_SIZE,
                         hash, date0, base_url, hash, MEDIA_SIZE,
                         hash, date1, base_url, hash, MEDIA_SIZE);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, xml, strlen (xml));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* The media: a chunk every 40 ms up to half, then nothing until the test releases it. */
typedef struct
{
  SoupServerMessage *msg;
  gsize              sent;
  gboolean           finished;
} Stream;

static void
on_stream_finished (SoupServerMessage *msg,
                    Stream            *stream)
{
  stream->finished = TRUE;
}

static gboolean
stream_tick (gpointer data)
{
  Stream *stream = data;
  SoupMessageBody *body;
  gsize n;

  if (stream->finished)
    {
      g_signal_handlers_disconnect_by_data (stream->msg, stream);
      g_object_unref (stream->msg);
      g_free (stream);
      return G_SOURCE_REMOVE;
    }

  if (stream->sent >= MEDIA_SIZE / 2 && !media_released)
    return G_SOURCE_CONTINUE;

  body = soup_server_message_get_response_body (stream->msg);
  n = MIN (MEDIA_CHUNK, MEDIA_SIZE - stream->sent);
  soup_message_body_append_take (body, g_malloc0 (n), n);
  stream->sent += n;
  if (stream->sent == MEDIA_SIZE)
    soup_message_body_complete (body);
  soup_server_message_unpause (stream->msg);

  return G_SOURCE_CONTINUE;
}

#define MEDIA_ETAG "\"media-v1\""

/* Honours "Range: bytes=N-" (with If-Range on the ETag), as real podcast hosts do. */
static void
serve_media (SoupServerMessage *msg)
{
  Stream *stream = g_new0 (Stream, 1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *range = soup_message_headers_get_one (request, "Range");
  const char *if_range = soup_message_headers_get_one (request, "If-Range");
  gsize start = 0;

  if (range != NULL && g_str_has_prefix (range, "bytes=") &&
      (if_range == NULL || g_str_equal (if_range, MEDIA_ETAG)))
    start = MIN (g_ascii_strtoull (range + strlen ("bytes="), NULL, 10), MEDIA_SIZE);

  media_requests++;
  stream->msg = g_object_ref (msg);
  stream->sent = start;
  soup_message_headers_replace (headers, "ETag", MEDIA_ETAG);
  soup_message_headers_set_content_length (headers, MEDIA_SIZE - start);
  soup_message_headers_set_content_type (headers, "audio/mpeg", NULL);
  if (start > 0)
    {
      soup_message_headers_set_content_range (headers, start, MEDIA_SIZE - 1, MEDIA_SIZE);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  g_signal_connect (msg, "finished", G_CALLBACK (on_stream_finished), stream);
  soup_server_message_pause (msg);
  g_timeout_add (40, stream_tick, stream);
}

static gboolean
unpause_later (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  soup_server_message_unpause (msg);
  g_object_unref (msg);

  return G_SOURCE_REMOVE;
}

static void
serve (SoupServer        *soup_server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  const char *term = query != NULL ? g_hash_table_lookup (query, "term") : NULL;

  if (g_str_has_prefix (path, "/media/"))
    serve_media (msg);
  else if (g_str_has_prefix (path, "/proxy/") &&
           (strstr (path, "image") || strstr (path, "/art/") || strstr (path, "img") ||
            g_str_has_suffix (path, ".jpg") || g_str_has_suffix (path, ".png")))
    serve_artwork (msg, path);
  else if (g_str_has_prefix (path, "/proxy/"))
    serve_feed (msg, path);
  else if (g_str_equal (path, "/search"))
    serve_recorded (msg, g_strcmp0 (term, "nothing") == 0 ? "itunes-empty.json" : "itunes-search.json");
  else if (g_str_equal (path, "/0.2/search/podcast"))
    serve_recorded (msg, g_strcmp0 (term, "nothing") == 0 ? "fyyd-empty.json" : "fyyd-search.json");
  else if (g_str_equal (path, "/lookup"))
    serve_recorded (msg, "lookup-top.json");
  else if (g_str_has_prefix (path, "/api/v2/"))
    serve_recorded (msg, "charts-top.json");
  else if (g_str_has_prefix (path, "/malformed/"))
    serve_recorded (msg, "malformed.json");
  else if (g_str_has_prefix (path, "/missing/"))
    {
      missing_requests++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
  else if (g_str_has_prefix (path, "/broken/"))
    soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  else if (g_str_has_prefix (path, "/stall/"))
    {
      /* Answers long after the view's 1 s timeout. */
      soup_server_message_pause (msg);
      g_timeout_add (3000, unpause_later, g_object_ref (msg));
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
point_directory_at (const char *apple,
                    gboolean    fyyd)
{
  g_autofree char *apple_url = g_strdup_printf ("%s%s", base_url, apple);

  g_settings_set_string (settings (), "directory-apple-url", apple_url);
  g_settings_set_string (settings (), "directory-charts-url", base_url);
  g_settings_set_string (settings (), "directory-fyyd-url", base_url);
  g_settings_set_boolean (settings (), "directory-apple-enabled", TRUE);
  g_settings_set_boolean (settings (), "directory-fyyd-enabled", fyyd);
  g_settings_set_string (settings (), "directory-country", "us");
}

/* Tests ***************************************************************************/

static gboolean
discover_settled (gpointer data)
{
  const char *state = lw_discover_view_get_state (data);

  return g_strcmp0 (state, "results") == 0 || g_strcmp0 (state, "message") == 0;
}

static GtkWidget *discover;
static GtkWindow *discover_window;

static void
test_discover_top (void)
{
  GtkFlowBox *grid;
  guint n = 0;

  point_directory_at ("", TRUE);
  discover = lw_discover_view_new (app);
  discover_window = host (discover, 1000, 720);

  wait_for (discover_settled, discover, "the top shows");
  g_assert_cmpstr (lw_discover_view_get_state (LW_DISCOVER_VIEW (discover)), ==, "results");
  g_assert_true (has_label_with_text (discover, "Top Shows in US"));

  grid = lw_discover_view_get_grid (LW_DISCOVER_VIEW (discover));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (grid)); child; child = gtk_widget_get_next_sibling (child))
    n++;
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (lw_directory_get_results (lw_discover_view_get_directory (LW_DISCOVER_VIEW (discover)))));
  g_assert_cmpuint (n, >=, 3);
  assert_buttons_named (discover);

  wait_for (all_artwork_loaded, discover, "the artwork");
  save_light_and_dark (discover_window, "discover-top");
  resize (discover_window, 360, 720);
  wait_for (all_artwork_loaded, discover, "the artwork");
  g_free (save_png (discover_window, "discover-top-narrow.png"));
  resize (discover_window, 1000, 720);
}

static gboolean
button_subscribed (gpointer data)
{
  return g_strcmp0 (gtk_button_get_label (data), "Subscribed") == 0 && !gtk_widget_get_sensitive (data);
}

static char *subscribed_url;

static void
test_discover_subscribe (void)
{
  GtkButton *subscribe = NULL;
  g_autoptr(LwShow) show = NULL;

  gtk_editable_set_text (lw_discover_view_get_entry (LW_DISCOVER_VIEW (discover)), "radio");
  wait_for_label (discover, "Results for “radio”");
  wait_for (discover_settled, discover, "the search results");
  g_assert_cmpstr (lw_discover_view_get_state (LW_DISCOVER_VIEW (discover)), ==, "results");
  /* Apple's and fyyd's answers together: Radiolab once, fyyd-only shows too. */
  g_assert_true (has_label_with_text (discover, "Radiolab"));
  g_assert_true (has_label_with_text (discover, "Schall und Rauch"));

  /* Every card's button says which show it subscribes to. */
  subscribe = find_button (discover, "Subscribe to “Radiolab”");
  g_assert_cmpstr (gtk_button_get_label (subscribe), ==, "Subscribe");
  subscribed_url = g_strdup (g_object_get_data (G_OBJECT (subscribe), "feed-url"));
  g_assert_true (g_str_has_prefix (subscribed_url, base_url));

  /* One click. */
  gtk_widget_activate (GTK_WIDGET (subscribe));
  wait_for (button_subscribed, subscribe, "the card to say Subscribed");
  show = lw_library_lookup_show_by_url (lw_application_get_library (app), subscribed_url);
  g_assert_nonnull (show);
  g_assert_true (g_str_has_prefix (lw_show_get_title (show), "Recorded Show"));

  wait_for (all_artwork_loaded, discover, "the artwork");
  save_light_and_dark (discover_window, "discover-search");

  /* The same show found again is shown as subscribed at once. */
  gtk_editable_set_text (lw_discover_view_get_entry (LW_DISCOVER_VIEW (discover)), "radio ");
  wait_ms (300);
  wait_for (discover_settled, discover, "the search results");
  {
    g_autoptr(GPtrArray) again = find_all (discover, GTK_TYPE_BUTTON);
    guint subscribed = 0;

    for (guint i = 0; i < again->len; i++)
      if (g_strcmp0 (gtk_button_get_label (again->pdata[i]), "Subscribed") == 0)
        subscribed++;
    g_assert_cmpuint (subscribed, ==, 1);
  }
}

static void
expect_message (const char *text,
                const char *title)
{
  gtk_editable_set_text (lw_discover_view_get_entry (LW_DISCOVER_VIEW (discover)), text);
  lw_discover_view_reload (LW_DISCOVER_VIEW (discover));
  wait_for (discover_settled, discover, title);
  g_assert_cmpstr (lw_discover_view_get_state (LW_DISCOVER_VIEW (discover)), ==, "message");
  g_assert_cmpstr (lw_discover_view_get_message (LW_DISCOVER_VIEW (discover)), ==, title);
}

static void
test_discover_errors (void)
{
  LwDirectory *directory = lw_discover_view_get_directory (LW_DISCOVER_VIEW (discover));

  point_directory_at ("", TRUE);
  expect_message ("nothing", "No Results Found");

  point_directory_at ("/broken", FALSE);
  expect_message ("radio", "The Directory Answered With an Error");
  g_assert_true (has_label_with_text (discover, "500"));

  point_directory_at ("/malformed", FALSE);
  expect_message ("radio", "Unexpected Answer From the Directory");

  lw_directory_set_timeout (directory, 1);
  point_directory_at ("/stall", FALSE);
  expect_message ("radio", "The Directory Did Not Answer");
  g_assert_true (has_label_with_text (discover, "Try Again"));
  save_light_and_dark (discover_window, "discover-timeout");
  lw_directory_set_timeout (directory, 15);

  /* Both providers off: nothing is asked, and the view says where to turn them on. */
  point_directory_at ("", FALSE);
  g_settings_set_boolean (settings (), "directory-apple-enabled", FALSE);
  expect_message ("radio", "Directories Are Off");
  g_assert_true (has_label_with_text (discover, "Preferences"));

  /* fyyd off: Apple alone answers, without fyyd's shows. */
  point_directory_at ("", FALSE);
  gtk_editable_set_text (lw_discover_view_get_entry (LW_DISCOVER_VIEW (discover)), "radio");
  lw_discover_view_reload (LW_DISCOVER_VIEW (discover));
  wait_for (discover_settled, discover, "Apple's results");
  g_assert_cmpstr (lw_discover_view_get_state (LW_DISCOVER_VIEW (discover)), ==, "results");
  g_assert_true (has_label_with_text (discover, "Radiolab"));
  g_assert_false (has_label_with_text (discover, "Schall und Rauch"));

  point_directory_at ("", TRUE);
}

static GtkWidget *downloads;
static GtkWindow *downloads_window;

static gboolean
empty_shown (gpointer data)
{
  return has_label_with_text (data, "No Downloads");
}

static void
test_downloads_empty (void)
{
  /* The app's window first, as a user would have it. */
  g_application_activate (G_APPLICATION (app));
  lw_download_policy_set_metered (lw_application_get_download_policy (app), FALSE);

  downloads = lw_downloads_view_new (app);
  downloads_window = host (downloads, 1000, 720);
  wait_for (empty_shown, downloads, "the empty state");
  save_light_and_dark (downloads_window, "downloads-empty");
}

static LwDownloadRow *
first_row (void)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (lw_downloads_view_get_active_list (LW_DOWNLOADS_VIEW (downloads)), 0);

  return row != NULL ? LW_DOWNLOAD_ROW (row) : NULL;
}

static gboolean
half_downloaded (gpointer data)
{
  LwDownloadRow *row = first_row ();

  return row != NULL && lw_download_get_downloaded (lw_download_row_get_download (row)) >= MEDIA_SIZE / 2;
}

static gboolean
quarter_downloaded (gpointer data)
{
  LwDownloadRow *row = first_row ();

  /* The speed shows from the second half-second on. */
  return row != NULL && lw_download_get_downloaded (lw_download_row_get_download (row)) >= MEDIA_SIZE / 4 &&
         lw_download_get_speed (lw_download_row_get_download (row)) > 0;
}

static gboolean
speed_fallen (gpointer data)
{
  LwDownloadRow *row = first_row ();

  return row != NULL && lw_download_get_speed (lw_download_row_get_download (row)) == 0;
}

static gboolean
row_paused (gpointer data)
{
  LwDownloadRow *row = first_row ();

  return row != NULL && lw_download_get_state (lw_download_row_get_download (row)) == LW_DOWNLOAD_STATE_PAUSED;
}

static gboolean
done_listed (gpointer data)
{
  return gtk_list_box_get_row_at_index (lw_downloads_view_get_done_list (LW_DOWNLOADS_VIEW (downloads)), 0) != NULL &&
         first_row () == NULL;
}

static void
test_downloads_progress (void)
{
  LwLibrary *library = lw_application_get_library (app);
  g_autoptr(LwShow) show = lw_library_lookup_show_by_url (library, subscribed_url);
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, lw_show_get_id (show));
  g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, 0);
  g_autoptr(LwEpisode) second = g_list_model_get_item (episodes, 1);
  gint64 id = lw_episode_get_id (episode);
  LwDownloadRow *row;
  const char *status;

  g_assert_cmpstr (lw_episode_get_title (episode), ==, "The Long Interview");
  media_released = FALSE;

  g_action_group_activate_action (G_ACTION_GROUP (app), "download-episode", g_variant_new_int64 (id));
  /* A second one waits: at most two run at once, so cap at one to see a queue. */
  g_settings_set_uint (settings (), "download-max-concurrent", 1);
  g_action_group_activate_action (G_ACTION_GROUP (app), "download-episode",
                                  g_variant_new_int64 (lw_episode_get_id (second)));

  /* On the way: bytes, speed and time left. */
  wait_for (quarter_downloaded, NULL, "a quarter of the download");
  g_test_message ("Moving: %s", lw_download_row_get_status (first_row ()));
  g_assert_nonnull (strstr (lw_download_row_get_status (first_row ()), "/s · "));
  g_assert_nonnull (strstr (lw_download_row_get_status (first_row ()), "left"));
  wait_ms (100);
  g_free (save_png (downloads_window, "downloads-moving.png"));

  wait_for (half_downloaded, NULL, "half of the download");
  /* The server sends nothing more: the speed falls to nothing within seconds. */
  wait_for (speed_fallen, NULL, "the speed to fall");
  wait_ms (100);
  row = first_row ();
  status = lw_download_row_get_status (row);
  g_test_message ("Status: %s; total: %s", status, lw_downloads_view_get_total_text (LW_DOWNLOADS_VIEW (downloads)));
  {
    g_autofree char *half = g_format_size (MEDIA_SIZE / 2);
    g_autofree char *whole = g_format_size (MEDIA_SIZE);
    g_autofree char *expected = g_strdup_printf ("%s of %s", half, whole);

    /* Held at half: the bytes say so, and the speed has fallen to nothing. */
    g_assert_true (g_str_has_prefix (status, expected));
    g_assert_null (strstr (status, "/s"));
    g_assert_true (g_str_has_prefix (lw_downloads_view_get_total_text (LW_DOWNLOADS_VIEW (downloads)), expected));
  }
  g_assert_true (has_label_with_text (downloads, "2 Episodes"));
  g_assert_true (has_label_with_text (downloads, "Waiting"));
  assert_buttons_named (downloads);

  wait_for (all_artwork_loaded, downloads, "the artwork");
  save_light_and_dark (downloads_window, "downloads-progress");
  resize (downloads_window, 360, 720);
  g_free (save_png (downloads_window, "downloads-progress-narrow.png"));
  resize (downloads_window, 1000, 720);

  /* Pause keeps the .part; the row says so and offers resume. */
  gtk_widget_activate (GTK_WIDGET (find_button (row, "Pause Download")));
  wait_for (row_paused, NULL, "the download to pause");
  g_assert_true (g_str_has_prefix (lw_download_row_get_status (first_row ()), "Paused"));
  find_button (first_row (), "Resume Download");

  /* The other one got the slot; cancel it. */
  {
    GtkListBoxRow *other = gtk_list_box_get_row_at_index (lw_downloads_view_get_active_list (LW_DOWNLOADS_VIEW (downloads)), 1);
    g_assert_nonnull (other);
    gtk_widget_activate (GTK_WIDGET (find_button (other, "Cancel Download")));
  }

  media_released = TRUE;
  gtk_widget_activate (GTK_WIDGET (find_button (first_row (), "Resume Download")));
  wait_for (done_listed, NULL, "the episode in the Downloaded list");
  {
    g_autoptr(LwEpisode) done = lw_library_lookup_episode (library, id);
    GStatBuf buf;

    g_assert_nonnull (lw_episode_get_local_path (done));
    g_assert_cmpint (g_stat (lw_episode_get_local_path (done), &buf), ==, 0);
    g_assert_cmpint (buf.st_size, ==, MEDIA_SIZE);
  }
  g_assert_true (has_label_with_text (downloads, "The Long Interview"));
  wait_for (all_artwork_loaded, downloads, "the artwork");
  save_light_and_dark (downloads_window, "downloads-done");

  /* Delete: the file goes, the page is empty again. */
  gtk_widget_activate (GTK_WIDGET (find_button (downloads, "Delete Download")));
  wait_for (empty_shown, downloads, "the empty state after delete");
  {
    g_autoptr(LwEpisode) deleted = lw_library_lookup_episode (library, id);
    g_assert_null (lw_episode_get_local_path (deleted));
  }
  g_settings_reset (settings (), "download-max-concurrent");
}

static gpointer
find_app_window (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      return l->data;

  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_app_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
metered_card_shown (gpointer data)
{
  return has_label_with_text (downloads, "This connection is metered");
}

/* On a metered network with "ask", the first download asks, once; the view says
 * why downloads wait; the answer lets them run. */
static void
test_metered_ask (void)
{
  LwLibrary *library = lw_application_get_library (app);
  LwDownloadPolicy *policy = lw_application_get_download_policy (app);
  g_autoptr(LwShow) show = lw_library_lookup_show_by_url (library, subscribed_url);
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, lw_show_get_id (show));
  g_autoptr(LwEpisode) pilot = g_list_model_get_item (episodes, 2);
  AdwMessageDialog *dialog;

  g_assert_cmpstr (lw_episode_get_title (pilot), ==, "Pilot");
  g_assert_cmpstr (g_settings_get_string (settings (), "download-metered"), ==, "ask");
  lw_download_policy_set_metered (policy, TRUE);
  g_assert_true (lw_download_policy_get_needs_answer (policy));

  media_released = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "download-episode",
                                  g_variant_new_int64 (lw_episode_get_id (pilot)));
  wait_for (message_dialog_shown, NULL, "the metered question");
  dialog = find_app_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Download on a Metered Connection?");
  wait_for (metered_card_shown, NULL, "the metered notice in the view");
  g_assert_true (lw_downloader_get_held (lw_application_get_downloader (app)));
  g_assert_cmpint (lw_download_get_state (lw_download_row_get_download (first_row ())), ==, LW_DOWNLOAD_STATE_QUEUED);
  save_light_and_dark (downloads_window, "downloads-metered");
  g_free (save_png (dialog, "downloads-metered-question.png"));

  /* What a click on Download does (response, then close). */
  adw_message_dialog_response (dialog, "download");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (lw_download_policy_get_needs_answer (policy));
  g_assert_false (lw_downloader_get_held (lw_application_get_downloader (app)));
  wait_for (done_listed, NULL, "the episode downloaded after the answer");
  g_assert_false (has_label_with_text (downloads, "This connection is metered"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "delete-download",
                                  g_variant_new_int64 (lw_episode_get_id (pilot)));
  wait_for (empty_shown, downloads, "the empty state after delete");

  /* Asked once per session: still metered, the next download just runs. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "download-episode",
                                  g_variant_new_int64 (lw_episode_get_id (pilot)));
  wait_ms (300);
  g_assert_null (find_app_window (ADW_TYPE_MESSAGE_DIALOG));
  wait_for (done_listed, NULL, "the second download on the metered network");

  lw_download_policy_set_metered (policy, FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (app), "delete-download",
                                  g_variant_new_int64 (lw_episode_get_id (pilot)));
  wait_for (empty_shown, downloads, "the empty state after delete");
}

static LwDownloadRow *
failed_row (void)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (lw_downloads_view_get_failed_list (LW_DOWNLOADS_VIEW (downloads)), 0);

  return row != NULL ? LW_DOWNLOAD_ROW (row) : NULL;
}

static gboolean
row_failed (gpointer data)
{
  LwDownloadRow *row = failed_row ();

  return row != NULL && lw_download_get_state (lw_download_row_get_download (row)) == LW_DOWNLOAD_STATE_FAILED;
}

static gboolean
retried (gpointer data)
{
  return missing_requests >= 2;
}

/* The heading above @list, as the listener sees it. */
static const char *
group_heading (GtkListBox *list)
{
  GtkWidget *heading = gtk_widget_get_prev_sibling (GTK_WIDGET (list));

  g_assert_true (GTK_IS_LABEL (heading));
  return gtk_label_get_text (GTK_LABEL (heading));
}

/* A file the server does not have: the row goes under "Failed", apart from those
 * under way, says why and offers Retry and Remove. */
static void
test_failed (void)
{
  LwLibrary *library = lw_application_get_library (app);
  g_autoptr(LwShow) show = lw_library_lookup_show_by_url (library, subscribed_url);
  g_autoptr(GListModel) episodes = lw_library_get_episodes (library, lw_show_get_id (show));
  g_autoptr(LwEpisode) lost = g_list_model_get_item (episodes, 3);
  GtkListBox *failed_list = lw_downloads_view_get_failed_list (LW_DOWNLOADS_VIEW (downloads));
  LwDownload *download;

  g_assert_cmpstr (lw_episode_get_title (lost), ==, "The Lost Tape");
  g_action_group_activate_action (G_ACTION_GROUP (app), "download-episode",
                                  g_variant_new_int64 (lw_episode_get_id (lost)));
  wait_for (row_failed, NULL, "the download to fail");
  g_test_message ("Failed: %s", lw_download_row_get_status (failed_row ()));
  g_assert_nonnull (strstr (lw_download_row_get_status (failed_row ()), "404"));
  g_assert_true (has_label_with_text (failed_row (), "The Lost Tape"));
  /* The row's title reads as the Downloaded rows' (AdwActionRow) titles do, not
   * bolder; and it says the title once, above the reason. */
  {
    GtkWidget *title = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (failed_row ()), LW_TYPE_DOWNLOAD_ROW, "title_label");
    const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (title));

    g_assert_cmpint (pango_font_description_get_weight (font), ==, PANGO_WEIGHT_NORMAL);
  }
  g_assert_true (g_str_has_prefix (lw_download_row_get_status (failed_row ()), "127.0.0.1 answered 404"));

  /* Not among the downloads under way: no "In Progress", no "1 Episode" total. */
  g_assert_null (first_row ());
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (lw_downloads_view_get_active_list (LW_DOWNLOADS_VIEW (downloads)))));
  g_assert_false (has_label_with_text (downloads, "In Progress"));
  g_assert_false (has_label_with_text (downloads, "1 Episode"));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (failed_list)));
  g_assert_cmpstr (group_heading (failed_list), ==, "Failed");
  g_assert_null (gtk_list_box_get_row_at_index (failed_list, 1));

  /* Retry and Remove; nothing to pause or cancel any more. */
  find_button (failed_row (), "Retry Download");
  find_button (failed_row (), "Remove Download");
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (failed_row ()), LW_TYPE_DOWNLOAD_ROW, "pause_button"))));
  wait_ms (100);
  save_light_and_dark (downloads_window, "downloads-failed");

  /* Retry asks again (and fails again, back under "Failed"); Remove takes it off. */
  download = lw_download_row_get_download (failed_row ());
  gtk_widget_activate (GTK_WIDGET (find_button (failed_row (), "Retry Download")));
  wait_for (retried, NULL, "the retry to reach the server");
  wait_for (row_failed, NULL, "the retried download to fail");
  g_assert_cmpuint (missing_requests, ==, 2);
  g_assert_cmpint (lw_download_get_state (download), ==, LW_DOWNLOAD_STATE_FAILED);
  g_assert_true (lw_download_row_get_download (failed_row ()) == download);
  g_assert_null (first_row ());
  gtk_widget_activate (GTK_WIDGET (find_button (failed_row (), "Remove Download")));
  wait_for (empty_shown, downloads, "the empty state after removing it");
}

static gboolean
downloader_restored (gpointer data)
{
  GListModel *list = lw_downloader_get_downloads (lw_application_get_downloader (app));
  g_autoptr(LwDownload) download = g_list_model_get_item (list, 0);

  return download != NULL && lw_download_get_downloaded (download) > 0;
}

/* Half a download left behind (paused, .part kept); a new Longwave process picks it
 * up after its first frame, from where it stopped. */
static void
test_restart (void)
{
  LwLibrary *library;
  LwDownloader *downloader;

  if (g_test_subprocess ())
    {
      gint64 id = g_ascii_strtoll (g_getenv ("LW_TEST_RESTART_EPISODE"), NULL, 10);
      GListModel *list;
      g_autoptr(LwDownload) download = NULL;

      downloader = lw_application_get_downloader (app);
      lw_download_policy_set_metered (lw_application_get_download_policy (app), FALSE);
      list = lw_downloader_get_downloads (downloader);
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);

      g_application_activate (G_APPLICATION (app));
      wait_for (downloader_restored, NULL, "the download restored after the first frame");
      download = g_list_model_get_item (list, 0);
      g_assert_cmpint (lw_download_get_episode_id (download), ==, id);
      /* The parent holds its server still: the resume waits on it with the .part's bytes. */
      g_assert_cmpint (lw_download_get_downloaded (download), ==, MEDIA_SIZE / 2);
      return;
    }

  library = lw_application_get_library (app);
  downloader = lw_application_get_downloader (app);
  {
    g_autoptr(LwShow) show = lw_library_lookup_show_by_url (library, subscribed_url);
    g_autoptr(GListModel) episodes = lw_library_get_episodes (library, lw_show_get_id (show));
    g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, 1);
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, lw_episode_get_id (episode));
    LwDownload *download;

    media_released = FALSE;
    g_action_group_activate_action (G_ACTION_GROUP (app), "download-episode",
                                    g_variant_new_int64 (lw_episode_get_id (episode)));
    wait_for (half_downloaded, NULL, "half of the download");
    download = lw_download_row_get_download (first_row ());
    lw_downloader_pause (downloader, download);
    wait_for (row_paused, NULL, "the pause");

    g_setenv ("LW_TEST_RESTART_EPISODE", id, TRUE);
    g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();

    media_released = TRUE;
    lw_downloader_cancel (downloader, download);
    wait_for (empty_shown, downloads, "the empty state after cancel");
  }
}

static gboolean
show_settings_shown (gpointer data)
{
  GtkWindow *window = find_app_window (ADW_TYPE_PREFERENCES_WINDOW);

  return window != NULL && g_str_has_prefix (gtk_window_get_title (window), "Recorded Show");
}

static void
test_show_settings (void)
{
  LwLibrary *library = lw_application_get_library (app);
  LwDownloadPolicy *policy = lw_application_get_download_policy (app);
  g_autoptr(LwShow) show = lw_library_lookup_show_by_url (library, subscribed_url);
  g_autoptr(GPtrArray) combos = NULL;
  g_autoptr(GPtrArray) spins = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  int on, max;

  /* From the show's own menu, as a user would open them. */
  {
    LwWindow *main_window = LW_WINDOW (find_app_window (LW_TYPE_WINDOW));

    g_assert_nonnull (main_window);
    g_assert_true (lw_window_select_show (main_window, lw_show_get_id (show)));
    g_assert_true (gtk_widget_activate_action (lw_window_get_show_page (main_window),
                                               "show.download-settings", NULL));
  }
  wait_for (show_settings_shown, NULL, "the show's download settings");
  window = find_app_window (ADW_TYPE_PREFERENCES_WINDOW);
  wait_for_label (window, "Default (Off)");
  g_assert_true (has_label_with_text (window, "Default"));

  combos = find_all (window, ADW_TYPE_COMBO_ROW);
  spins = find_all (window, GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (combos->len, ==, 1);
  g_assert_cmpuint (spins->len, ==, 1);
  adw_combo_row_set_selected (combos->pdata[0], 1);
  gtk_spin_button_set_value (spins->pdata[0], 5);
  g_assert_true (lw_download_policy_get_show_settings (policy, lw_show_get_id (show), &on, &max, &error));
  g_assert_no_error (error);
  g_assert_cmpint (on, ==, 1);
  g_assert_cmpint (max, ==, 5);
  save_light_and_dark (window, "show-download-settings");

  /* Back to the defaults. */
  adw_combo_row_set_selected (combos->pdata[0], 0);
  gtk_spin_button_set_value (spins->pdata[0], 0);
  g_assert_true (lw_download_policy_get_show_settings (policy, lw_show_get_id (show), &on, &max, &error));
  g_assert_cmpint (on, ==, -1);
  g_assert_cmpint (max, ==, -1);
  gtk_window_destroy (window);

  /* A show that is not there: a toast, no window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-download-settings", g_variant_new_int64 (99999));
  g_assert_false (show_settings_shown (NULL));
}

static void
test_preferences (void)
{
  GtkWindow *window = lw_preferences_window_new (app, NULL);
  g_autoptr(GPtrArray) switches = NULL;

  gtk_window_set_default_size (window, 640, 900);
  gtk_window_present (window);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "downloads");
  wait_for (is_mapped, window, "the preferences");
  wait_for_label (window, "Simultaneous Downloads");
  /* Ours; libadwaita's view switcher is not. */
  assert_buttons_named (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (window)));
  save_light_and_dark (window, "preferences-downloads");

  /* The Apple Podcasts switch is the key. */
  g_settings_set_boolean (settings (), "directory-apple-enabled", TRUE);
  switches = find_all (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (window)), GTK_TYPE_SWITCH);
  for (guint i = 0; i < switches->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (switches->pdata[i], ADW_TYPE_ACTION_ROW);

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Apple Podcasts") == 0)
        {
          gtk_switch_set_active (switches->pdata[i], FALSE);
          g_assert_false (g_settings_get_boolean (settings (), "directory-apple-enabled"));
          gtk_switch_set_active (switches->pdata[i], TRUE);
        }
    }
  g_assert_true (g_settings_get_boolean (settings (), "directory-apple-enabled"));

  /* The folder reads as people write it, and resets to the default. */
  {
    g_autofree char *folder = g_build_filename (g_get_home_dir (), "Podcasts", NULL);

    g_settings_set_string (settings (), "download-folder", folder);
    wait_for_label (window, "~/Podcasts");
    gtk_widget_activate (GTK_WIDGET (find_button (window, "Use the Default Folder")));
    wait_ms (400);
    g_assert_cmpstr (g_settings_get_string (settings (), "download-folder"), ==, "");
    g_assert_false (has_label_with_text (window, "~/Podcasts"));
  }

  /* The metered choice is the key; so is the country, chosen by name. */
  {
    g_autoptr(GPtrArray) combos = find_all (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (window)),
                                            ADW_TYPE_COMBO_ROW);
    AdwComboRow *metered = NULL;
    AdwComboRow *country = NULL;
    GListModel *names;
    guint germany = GTK_INVALID_LIST_POSITION;
    g_autofree char *automatic = NULL;

    g_assert_cmpuint (combos->len, ==, 2);
    for (guint i = 0; i < combos->len; i++)
      {
        const char *title = adw_preferences_row_get_title (combos->pdata[i]);

        if (g_str_equal (title, "On Metered Connections"))
          metered = combos->pdata[i];
        else if (g_str_equal (title, "Country for Top Shows"))
          country = combos->pdata[i];
      }
    g_assert_nonnull (metered);
    g_assert_nonnull (country);

    adw_combo_row_set_selected (metered, 2);
    g_assert_cmpstr (g_settings_get_string (settings (), "download-metered"), ==, "never");
    g_settings_reset (settings (), "download-metered");
    g_assert_cmpuint (adw_combo_row_get_selected (metered), ==, 0);

    /* The test set "us" before: United States is selected, by its name. */
    names = adw_combo_row_get_model (country);
    g_assert_cmpuint (g_list_model_get_n_items (names), >, 200);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), adw_combo_row_get_selected (country)),
                     ==, "United States");
    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Germany"))
        germany = i;
    g_assert_cmpuint (germany, !=, GTK_INVALID_LIST_POSITION);
    adw_combo_row_set_selected (country, germany);
    g_assert_cmpstr (g_settings_get_string (settings (), "directory-country"), ==, "de");
    /* Automatic: the key empty, the language settings' country named. */
    automatic = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (names), 0));
    g_assert_true (g_str_has_prefix (automatic, "Automatic ("));
    adw_combo_row_set_selected (country, 0);
    g_assert_cmpstr (g_settings_get_string (settings (), "directory-country"), ==, "");
    g_settings_set_string (settings (), "directory-country", "us");
  }

  gtk_window_destroy (window);
}

/* "Download New Episodes" from the show's menu: the show's new episodes are
 * queued (which ones is /download-policy/download-new's business, on a fake
 * clock: this feed's dates are fixed) and a toast says how many; asked again,
 * everything new is under way or done. */
static gboolean
download_new_answered (gpointer data)
{
  g_autoptr(GPtrArray) labels = find_all (data, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_drawable (labels->pdata[i]) &&
        /* How many depends on today's date against the feed's fixed ones. */
        g_regex_match_simple ("^(Downloading [1-9][0-9]* new episodes?|No new episodes to download)$",
                              gtk_label_get_text (labels->pdata[i]), 0, 0))
      return TRUE;

  return FALSE;
}

static void
test_download_new (void)
{
  LwLibrary *library = lw_application_get_library (app);
  g_autoptr(LwShow) show = lw_library_lookup_show_by_url (library, subscribed_url);
  LwWindow *main_window = LW_WINDOW (find_app_window (LW_TYPE_WINDOW));
  LwDownloadPolicy *policy = lw_application_get_download_policy (app);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (main_window);
  g_assert_true (lw_window_select_show (main_window, lw_show_get_id (show)));
  g_assert_true (gtk_widget_activate_action (lw_window_get_show_page (main_window), "show.download-new", NULL));
  wait_for (download_new_answered, main_window, "the toast saying how many");

  g_assert_true (gtk_widget_activate_action (lw_window_get_show_page (main_window), "show.download-new", NULL));
  wait_for_label (main_window, "No new episodes to download");
  g_assert_cmpuint (lw_download_policy_download_new (policy, lw_show_get_id (show), &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* A subprocess works on its parent's directories (inherited environment). */
  if (!g_test_subprocess ())
    {
      tmp_dir = g_dir_make_tmp ("longwave-test-downloads-ui-XXXXXX", NULL);
      g_assert_nonnull (tmp_dir);
      data_dir = g_build_filename (tmp_dir, "data", NULL);
      cache_dir = g_build_filename (tmp_dir, "cache", NULL);
      g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
      g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
    }

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serve, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);

  g_test_add_func ("/downloads-ui/downloads-empty", test_downloads_empty);
  g_test_add_func ("/downloads-ui/discover-top", test_discover_top);
  g_test_add_func ("/downloads-ui/discover-subscribe", test_discover_subscribe);
  g_test_add_func ("/downloads-ui/discover-errors", test_discover_errors);
  g_test_add_func ("/downloads-ui/downloads-progress", test_downloads_progress);
  g_test_add_func ("/downloads-ui/failed", test_failed);
  g_test_add_func ("/downloads-ui/restart", test_restart);
  g_test_add_func ("/downloads-ui/metered-ask", test_metered_ask);
  g_test_add_func ("/downloads-ui/show-settings", test_show_settings);
  g_test_add_func ("/downloads-ui/download-new", test_download_new);
  g_test_add_func ("/downloads-ui/preferences", test_preferences);

  ret = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&app);
  g_clear_object (&server);
  g_free (base_url);
  g_free (subscribed_url);

  if (tmp_dir != NULL)
    rm_rf (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
