/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "ui/lw-artwork.h"
#include "ui/lw-transcript-view.h"
#include "ui/lw-window.h"
#include "lw-ui-test.h"

LwApplication *test_app;
char *test_tmp_dir;


/* Helpers *************************************************************************/

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}


/* Runs the main loop until @condition holds; fails the test after TIMEOUT_MS. */
void
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

/* Lets animations, artwork threads and redraws settle. */
void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

gpointer
find_window (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (test_app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

LwApplication *
new_application (void)
{
  LwApplication *application = lw_application_new ();

  /* The test's own instance, even beside a running Longwave on the same bus. */
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, NULL));

  /* The fixtures' feeds are not all served: no refresh behind the tests' backs. */
  g_settings_set_boolean (lw_application_get_settings (application), "refresh-on-startup", FALSE);

  /* What GNOME's settings daemon tells every app; Xvfb has no daemon, and the PNGs
   * should look like the desktop people use. */
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);

  /* The app's icon, as an installed Longwave finds it (About, the window's icon). */
  {
    g_autofree char *icons = g_test_build_filename (G_TEST_DIST, "..", "data", "icons", NULL);

    gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), icons);
  }

  return application;
}

LwWindow *
get_window (void)
{
  LwWindow *window = find_window (LW_TYPE_WINDOW);

  g_assert_nonnull (window);
  return window;
}

gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

const char *
child_label (gpointer    widget,
             GType       type,
             const char *name)
{
  return gtk_label_get_label (GTK_LABEL (template_child (widget, type, name)));
}

/* Every descendant of @widget (itself included) of @type, in tree order. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

GPtrArray *
find_all (gpointer widget,
          GType    type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (widget), type, found);
  return found;
}

gboolean
all_artwork_loaded (gpointer data)
{
  g_autoptr(GPtrArray) artworks = find_all (data, LW_TYPE_ARTWORK);

  for (guint i = 0; i < artworks->len; i++)
    {
      LwArtwork *artwork = g_ptr_array_index (artworks, i);

      if (gtk_widget_get_mapped (GTK_WIDGET (artwork)) &&
          lw_artwork_get_url (artwork) != NULL &&
          !lw_artwork_is_loaded (artwork))
        return FALSE;
    }

  return TRUE;
}

/* The text a label or an inscription (the one-line text of list rows) shows. */
const char *
text_of (gpointer widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (widget);

  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (widget);

  return NULL;
}

gboolean
has_label_with_text (gpointer    widget,
                     const char *text)
{
  g_autoptr(GPtrArray) widgets = find_all (widget, GTK_TYPE_WIDGET);

  for (guint i = 0; i < widgets->len; i++)
    {
      const char *shown = text_of (g_ptr_array_index (widgets, i));

      if (shown != NULL && strstr (shown, text) != NULL &&
          gtk_widget_is_drawable (g_ptr_array_index (widgets, i)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_toast (GtkWidget *widget)
{
  return g_str_equal (gtk_widget_get_css_name (widget), "toast");
}

static gboolean
is_mapped_toast (GtkWidget *widget)
{
  return is_toast (widget) && gtk_widget_get_mapped (widget);
}

/* The toast on show, not one fading out (which no longer takes clicks). */
static gboolean
is_current_toast (GtkWidget *widget)
{
  return is_mapped_toast (widget) && gtk_widget_get_can_target (widget);
}

static gboolean
has_widget (gpointer   data,
            gboolean (*match) (GtkWidget *widget))
{
  g_autoptr(GPtrArray) widgets = find_all (data, GTK_TYPE_WIDGET);

  for (guint i = 0; i < widgets->len; i++)
    if (match (widgets->pdata[i]))
      return TRUE;

  return FALSE;
}

gboolean
has_toast (gpointer data)
{
  return has_widget (data, is_mapped_toast);
}

/* Any toast widget at all, even one still fading out. */
static gboolean
has_toast_widget (gpointer data)
{
  return has_widget (data, is_toast);
}

static gboolean
has_current_toast (gpointer data)
{
  return has_widget (data, is_current_toast);
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

void
wait_for_label (gpointer    widget,
                const char *text)
{
  LabelWait wait = { GTK_WIDGET (widget), text };
  g_autofree char *what = g_strdup_printf ("a label saying “%s”", text);

  wait_for (label_shown, &wait, what);
}

/* Renders @widget as it is on screen, the way DESIGN.md says, into the build dir. */
char *
save_png (gpointer    widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (widget));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "ui", name, NULL);
  int width = 0;
  int height = 0;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (widget)));
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  /* Between a resize and its frame there is nothing to draw yet. */
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      if (tries > 0)
        {
          wait_ms (100);
          snapshot = gtk_snapshot_new ();
        }
      width = gtk_widget_get_width (GTK_WIDGET (widget));
      height = gtk_widget_get_height (GTK_WIDGET (widget));
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s (%d×%d)", path, width, height);

  return g_steal_pointer (&path);
}

gboolean
ink_extent (gpointer  widget,
            gpointer  relative_to,
            double   *x1,
            double   *x2)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (widget));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (widget)));
  int width = gtk_widget_get_width (GTK_WIDGET (widget));
  int height = gtk_widget_get_height (GTK_WIDGET (widget));
  int first = -1;
  int last = -1;
  graphene_point_t point;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (widget)));
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_test_message ("%s draws nothing", G_OBJECT_TYPE_NAME (widget));
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  /* Native-endian 32-bit ARGB: alpha is the top byte of each pixel's word. */
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int x = 0; x < width; x++)
    for (int y = 0; y < height; y++)
      {
        guint32 pixel = *(guint32 *) (pixels + ((gsize) y * width + x) * 4);

        /* Anti-aliasing fringes do not count. */
        if ((pixel >> 24) > 64)
          {
            if (first < 0)
              first = x;
            last = x + 1;
            break;
          }
      }

  if (first < 0)
    return FALSE;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (widget), GTK_WIDGET (relative_to),
                                           &GRAPHENE_POINT_INIT (first, 0), &point));
  *x1 = point.x;
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (widget), GTK_WIDGET (relative_to),
                                           &GRAPHENE_POINT_INIT (last, 0), &point));
  *x2 = point.x;

  return TRUE;
}

void
save_light_and_dark (gpointer    widget,
                     const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);
  g_autofree char *light_path = NULL;
  g_autofree char *dark_path = NULL;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_ms (400);
  light_path = save_png (widget, light);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  wait_ms (400);
  dark_path = save_png (widget, dark);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_ms (100);
}

/* test_tmp_dir, made from @prefix, with XDG_DATA_HOME and XDG_CACHE_HOME inside it:
 * the library, downloads and artwork cache of the test only. */
void
set_up_test_dirs (const char *prefix)
{
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;

  test_tmp_dir = g_dir_make_tmp (template, NULL);
  g_assert_nonnull (test_tmp_dir);
  data_dir = g_build_filename (test_tmp_dir, "data", NULL);
  cache_dir = g_build_filename (test_tmp_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
}

void
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

/* Fixtures ***********************************************************************/

char *
write_artwork (const char *name,
               double      r,
               double      g,
               double      b)
{
  g_autofree char *path = g_build_filename (test_tmp_dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 600);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, 600, 600);

  /* A diagonal gradient with a ring: artwork that is visibly not a placeholder. */
  cairo_pattern_add_color_stop_rgb (gradient, 0, r, g, b);
  cairo_pattern_add_color_stop_rgb (gradient, 1, r * 0.4, g * 0.4, b * 0.4);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, 40);
  cairo_arc (cr, 300, 300, 170, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_arc (cr, 300, 300, 60, 0, 2 * G_PI);
  cairo_fill (cr);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);

  cairo_pattern_destroy (gradient);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return g_filename_to_uri (path, NULL, NULL);
}

LwFeedItem *
add_item (LwFeed     *feed,
          const char *guid,
          const char *title,
          gint64      published,
          gint64      duration,
          const char *notes_html,
          const char *media_url)
{
  LwFeedItem *item = lw_feed_item_new ();
  LwEnclosure *enclosure = lw_enclosure_new ();

  item->guid = g_strdup (guid);
  item->title = g_strdup (title);
  item->published = published;
  item->duration = duration;
  item->notes_html = g_strdup (notes_html);
  enclosure->url = g_strdup (media_url ? media_url : "https://example.org/media/episode.mp3");
  enclosure->type = g_strdup ("audio/mpeg");
  enclosure->length = 1000000;
  g_ptr_array_add (item->enclosures, enclosure);
  g_ptr_array_add (feed->items, item);

  return item;
}

LwFeed *
new_feed (const char *title,
          const char *author,
          const char *description,
          char       *image)
{
  LwFeed *feed = lw_feed_new ();

  feed->title = g_strdup (title);
  feed->author = g_strdup (author);
  feed->description = g_strdup (description);
  feed->link = g_strdup ("https://example.org/");
  feed->image = image;

  return feed;
}

/* Every button says what it does to a screen reader: a text label or an accessible
 * label. A tooltip alone is not a name in GTK 4.8 (it becomes the description), so
 * an icon button with only a tooltip reads as "button". */
void
assert_buttons_named (gpointer widget,
                      guint    min_buttons)
{
  g_autoptr(GPtrArray) buttons = find_all (widget, GTK_TYPE_BUTTON);
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *named = button;
      g_autoptr(GPtrArray) labels = NULL;
      gboolean has_text = FALSE;

      /* Hidden for good (GtkSearchBar's unused close button): nothing to announce. */
      if (!gtk_widget_get_visible (button))
        continue;

      /* A spin button's own +/− buttons: GTK names the spin button. */
      if (GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (button)))
        continue;

      /* A menu button's inner toggle is named by the menu button. */
      if (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (button)))
        named = gtk_widget_get_parent (button);

      labels = find_all (button, GTK_TYPE_LABEL);
      for (guint j = 0; j < labels->len; j++)
        if (gtk_label_get_text (labels->pdata[j])[0] != '\0')
          has_text = TRUE;

      if (has_text ||
          gtk_test_accessible_has_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL))
        continue;

      g_string_append_printf (missing, " %s(%s) in", G_OBJECT_TYPE_NAME (button),
                              gtk_button_get_icon_name (GTK_BUTTON (button)) ?: "?");
      for (GtkWidget *w = gtk_widget_get_parent (button); w != NULL && w != widget; w = gtk_widget_get_parent (w))
        g_string_append_printf (missing, " %s", G_OBJECT_TYPE_NAME (w));
    }

  g_test_message ("Checked %u buttons in %s", buttons->len, G_OBJECT_TYPE_NAME (widget));
  g_assert_cmpuint (buttons->len, >=, min_buttons);
  if (missing->len > 0)
    g_error ("Buttons without an accessible name in %s:%s",
             G_OBJECT_TYPE_NAME (widget), missing->str);
}

char *
dup_toast_text (gpointer widget)
{
  g_autoptr(GPtrArray) widgets = find_all (widget, GTK_TYPE_WIDGET);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < widgets->len; i++)
    if (g_str_equal (gtk_widget_get_css_name (widgets->pdata[i]), "toast"))
      {
        g_autoptr(GPtrArray) labels = find_all (widgets->pdata[i], GTK_TYPE_LABEL);

        for (guint j = 0; j < labels->len; j++)
          g_string_append (text, gtk_label_get_text (labels->pdata[j]));
      }

  return g_string_free (text, FALSE);
}

gboolean
has_no_toast (gpointer data)
{
  /* Gone for good: closing a toast that is already fading out would dismiss it twice. */
  return !has_toast_widget (data);
}

typedef struct
{
  gint64 frame;
  float  y;
} ToastRest;

/* No toast is sliding in: the one on show (if any) stood still from one frame to
 * the next. (Where it comes to rest depends on the theme's margins, so compare it
 * with itself.) */
static gboolean
toasts_settled (gpointer data)
{
  ToastRest *rest = g_object_get_data (data, "test-toast-rest");
  g_autoptr(GPtrArray) widgets = find_all (data, GTK_TYPE_WIDGET);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *toast = widgets->pdata[i];
      GtkWidget *overlay = gtk_widget_get_ancestor (toast, ADW_TYPE_TOAST_OVERLAY);
      gint64 frame;
      graphene_rect_t bounds;

      if (!is_current_toast (toast) || overlay == NULL)
        continue;

      /* Not laid out yet (it was just added), or still partly below the edge. */
      if (gtk_widget_get_height (toast) == 0 ||
          !gtk_widget_compute_bounds (toast, overlay, &bounds) ||
          bounds.origin.y + bounds.size.height > gtk_widget_get_height (overlay))
        return FALSE;

      frame = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (toast));
      if (frame != rest->frame)
        {
          if (rest->frame != 0 && rest->y == bounds.origin.y)
            return TRUE;
          rest->frame = frame;
          rest->y = bounds.origin.y;
        }
      /* Another frame even when nothing moves (but not once it stood still: a
       * window waiting for its redraw has nothing to take a picture of). */
      gtk_widget_queue_draw (toast);
      return FALSE;
    }

  return TRUE;
}

/* Until the toast on show (if any) stands still. */
static void
wait_for_toasts_settled (gpointer widget)
{
  g_object_set_data_full (widget, "test-toast-rest", g_new0 (ToastRest, 1), g_free);
  wait_for (toasts_settled, widget, "the toast to slide in");
  g_object_set_data (widget, "test-toast-rest", NULL);
}

void
wait_for_toast_shown (gpointer widget)
{
  /* libadwaita 1.2 frees a toast's bookkeeping when the toast is dismissed during
   * its show animation, and the animation's end then writes into freed memory (a
   * crash in 1 of ~15 runs of /ui/player/network-retry, which clicked Retry the
   * moment the toast was mapped). A person clicks a toast once it is up: so do
   * the tests. A condition, not a sleep: on a loaded machine frames come late. */
  wait_for (has_current_toast, widget, "a toast");
  wait_for_toasts_settled (widget);
}

GtkWidget *
find_toast_close_button (gpointer widget)
{
  g_autoptr(GPtrArray) widgets = find_all (widget, GTK_TYPE_WIDGET);

  for (guint i = 0; i < widgets->len; i++)
    if (is_current_toast (widgets->pdata[i]))
      {
        g_autoptr(GPtrArray) buttons = find_all (widgets->pdata[i], GTK_TYPE_BUTTON);

        for (guint j = 0; j < buttons->len; j++)
          if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[j]), "window-close-symbolic") == 0)
            return buttons->pdata[j];
      }

  return NULL;
}

void
dismiss_toasts (gpointer widget)
{
  g_autoptr(GPtrArray) widgets = NULL;

  /* Close it as a person would, once it is up (see wait_for_toast_shown()). It may
   * be on its way still, held back while the one before fades out. */
  wait_for (has_toast, widget, "a toast");
  wait_for_toasts_settled (widget);
  widgets = find_all (widget, GTK_TYPE_WIDGET);

  for (guint i = 0; i < widgets->len; i++)
    if (g_str_equal (gtk_widget_get_css_name (widgets->pdata[i]), "toast"))
      {
        g_autoptr(GPtrArray) buttons = find_all (widgets->pdata[i], GTK_TYPE_BUTTON);

        /* The close button, as a click would. */
        for (guint j = 0; j < buttons->len; j++)
          if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[j]), "window-close-symbolic") == 0)
            g_signal_emit_by_name (buttons->pdata[j], "clicked");
      }

  wait_for (has_no_toast, widget, "the toasts to go");
}

GtkWidget *
find_toast_button (const char *label)
{
  g_autoptr(GPtrArray) buttons = find_all (get_window (), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_get_ancestor (buttons->pdata[i], ADW_TYPE_TOAST_OVERLAY) &&
        g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];

  return NULL;
}

/* Runs the shortcut bound to @accelerator on @widget's class, as a key press would. */
gboolean
press_key (GtkWidget  *widget,
           const char *accelerator)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean done = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !done; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !done; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, accelerator))
            done = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  g_object_unref (controllers);

  return done;
}

/* Rich episodes *******************************************************************/

void
add_person (LwFeedItem *item,
            const char *name,
            const char *role,
            const char *href)
{
  LwPerson *person = lw_person_new ();

  person->name = g_strdup (name);
  person->role = g_strdup (role);
  person->href = g_strdup (href);
  g_ptr_array_add (item->persons, person);
}

void
add_transcript (LwFeedItem *item,
                char       *url,
                const char *type)
{
  LwTranscript *transcript = lw_transcript_new ();

  transcript->url = url;
  transcript->type = g_strdup (type);
  transcript->language = g_strdup ("en");
  g_ptr_array_add (item->transcripts, transcript);
}

/* 8 kHz 8-bit mono: small enough to write in the test, real audio for GstPlay. */
char *
write_tone (guint seconds)
{
  g_autofree char *name = g_strdup_printf ("tone-%u.wav", seconds);
  g_autofree char *path = g_build_filename (test_tmp_dir, name, NULL);
  guint32 rate = 8000;
  guint32 n_samples = rate * seconds;
  g_autoptr(GByteArray) wav = g_byte_array_sized_new (44 + n_samples);
  guint32 u32;
  guint16 u16;

#define PUT(x) g_byte_array_append (wav, (const guint8 *) (x), sizeof *(x))
  g_byte_array_append (wav, (const guint8 *) "RIFF", 4);
  u32 = GUINT32_TO_LE (36 + n_samples); PUT (&u32);
  g_byte_array_append (wav, (const guint8 *) "WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16); PUT (&u32);
  u16 = GUINT16_TO_LE (1); PUT (&u16);
  u16 = GUINT16_TO_LE (1); PUT (&u16);
  u32 = GUINT32_TO_LE (rate); PUT (&u32);
  u32 = GUINT32_TO_LE (rate); PUT (&u32);
  u16 = GUINT16_TO_LE (1); PUT (&u16);
  u16 = GUINT16_TO_LE (8); PUT (&u16);
  g_byte_array_append (wav, (const guint8 *) "data", 4);
  u32 = GUINT32_TO_LE (n_samples); PUT (&u32);
#undef PUT

  for (guint32 i = 0; i < n_samples; i++)
    {
      guint8 sample = (guint8) (128 + 20 * sin (2 * G_PI * 440 * i / rate));
      g_byte_array_append (wav, &sample, 1);
    }

  g_assert_true (g_file_set_contents (path, (const char *) wav->data, wav->len, NULL));

  return g_filename_to_uri (path, NULL, NULL);
}

char *
row_titles (GtkListBox *list)
{
  GString *out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      if (subtitle != NULL && subtitle[0] != '\0')
        g_string_append_printf (out, " (%s)", subtitle);
    }

  return g_string_free (out, FALSE);
}

gboolean
transcript_loaded (gpointer data)
{
  return lw_transcript_view_get_n_cues (data) > 0;
}

gboolean
position_within (gpointer data)
{
  PositionWait *wait = data;
  gint64 position = lw_player_get_position (wait->player);

  return position >= wait->from_ms && position < wait->to_ms;
}
