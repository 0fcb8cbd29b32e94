/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-artwork"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-application.h"
#include "lw-artwork.h"

struct _LwArtwork
{
  GtkWidget     parent_instance;

  GtkWidget    *image;
  char         *url;
  int           size;
  gboolean      loaded;
  GCancellable *cancellable;
  guint         load_id;
};

G_DEFINE_FINAL_TYPE (LwArtwork, lw_artwork, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_URL,
  PROP_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GFile *file;
  char  *key;
  int    pixels;
} Decode;

static void
decode_free (Decode *decode)
{
  g_clear_object (&decode->file);
  g_free (decode->key);
  g_free (decode);
}

/* Decoded textures by "pixels@url", shared by every row that shows the same show, so
 * that scrolling a list (which recycles rows) never decodes twice. Main thread only.
 * Dropped wholesale when it grows past what a few screens show: simple, good enough. */
#define MAX_TEXTURES 256
static GHashTable *textures;

static char *
texture_key (const char *url,
             int         pixels)
{
  return g_strdup_printf ("%d@%s", pixels, url);
}

static void
remember_texture (const char *key,
                  GdkTexture *texture)
{
  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (g_hash_table_size (textures) >= MAX_TEXTURES)
    g_hash_table_remove_all (textures);
  g_hash_table_insert (textures, g_strdup (key), g_object_ref (texture));
}

static int
get_pixels (LwArtwork *self)
{
  return self->size * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
show_placeholder (LwArtwork *self)
{
  self->loaded = FALSE;
  gtk_image_set_from_icon_name (GTK_IMAGE (self->image), "audio-x-generic-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (self->image), MAX (16, self->size / 2));
  gtk_widget_add_css_class (GTK_WIDGET (self), "placeholder");
}

static void
show_texture (LwArtwork  *self,
              GdkTexture *texture)
{
  self->loaded = TRUE;
  gtk_image_set_from_paintable (GTK_IMAGE (self->image), GDK_PAINTABLE (texture));
  gtk_image_set_pixel_size (GTK_IMAGE (self->image), self->size);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "placeholder");
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Decode *decode = task_data;
  g_autofree char *path = g_file_get_path (decode->file);
  GdkPixbuf *pixbuf;
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The artwork is not a local file"));
      return;
    }

  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, decode->pixels, decode->pixels, TRUE, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
decode_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LwArtwork *self = LW_ARTWORK (object);
  Decode *decode = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not decode artwork %s: %s", decode->key, error->message);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  remember_texture (decode->key, texture);

  /* A recycled row may show another URL by now: only the current request shows. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  show_texture (self, texture);
}

static void
decode_file (LwArtwork *self,
             GFile     *file)
{
  g_autoptr(GTask) task = NULL;
  Decode *decode = g_new0 (Decode, 1);

  decode->file = g_object_ref (file);
  decode->pixels = get_pixels (self);
  decode->key = texture_key (self->url, decode->pixels);

  /* The task holds a reference on the widget until the thread is done. */
  task = g_task_new (self, self->cancellable, decode_cb, NULL);
  g_task_set_source_tag (task, decode_file);
  g_task_set_task_data (task, decode, (GDestroyNotify) decode_free);
  g_task_run_in_thread (task, decode_thread);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwArtwork) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = lw_artwork_cache_fetch_finish (LW_ARTWORK_CACHE (object), result, &error);
  if (file == NULL)
    {
      /* A show without reachable artwork keeps its placeholder; nothing to tell. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not fetch artwork: %s", error->message);
      return;
    }

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  decode_file (self, file);
}

static LwArtworkCache *
get_cache (void)
{
  GApplication *app = g_application_get_default ();

  if (LW_IS_APPLICATION (app))
    return lw_application_get_artwork_cache (LW_APPLICATION (app));

  return NULL;
}

/* The file look-up, the decoding thread or the download start once the main loop is
 * idle: a window full of artwork draws its first frame (with placeholders) first. */
static gboolean
load_idle (gpointer data)
{
  LwArtwork *self = data;
  LwArtworkCache *cache;
  g_autoptr(GFile) file = NULL;

  self->load_id = 0;

  if (!(cache = get_cache ()) || self->cancellable == NULL)
    return G_SOURCE_REMOVE;

  if ((file = lw_artwork_cache_lookup (cache, self->url)))
    decode_file (self, file);
  else
    lw_artwork_cache_fetch_async (cache, self->url, self->cancellable,
                                  fetch_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
reload (LwArtwork *self)
{
  g_autofree char *key = NULL;
  GdkTexture *texture;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->load_id, g_source_remove);

  if (self->url == NULL || self->url[0] == '\0')
    {
      show_placeholder (self);
      return;
    }

  key = texture_key (self->url, get_pixels (self));
  if (textures != NULL && (texture = g_hash_table_lookup (textures, key)))
    {
      show_texture (self, texture);
      return;
    }

  show_placeholder (self);

  self->cancellable = g_cancellable_new ();
  self->load_id = g_idle_add_full (G_PRIORITY_LOW, load_idle, self, NULL);
}

static void
lw_artwork_notify_scale_factor (LwArtwork *self)
{
  if (self->loaded || self->cancellable != NULL)
    reload (self);
}

static void
lw_artwork_dispose (GObject *object)
{
  LwArtwork *self = (LwArtwork *)object;

  g_clear_handle_id (&self->load_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->image, gtk_widget_unparent);

  G_OBJECT_CLASS (lw_artwork_parent_class)->dispose (object);
}

static void
lw_artwork_finalize (GObject *object)
{
  LwArtwork *self = (LwArtwork *)object;

  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (lw_artwork_parent_class)->finalize (object);
}

static void
lw_artwork_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LwArtwork *self = LW_ARTWORK (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_artwork_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LwArtwork *self = LW_ARTWORK (object);

  switch (prop_id)
    {
    case PROP_URL:
      lw_artwork_set_url (self, g_value_get_string (value));
      break;

    case PROP_SIZE:
      lw_artwork_set_size (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_artwork_class_init (LwArtworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_artwork_dispose;
  object_class->finalize = lw_artwork_finalize;
  object_class->get_property = lw_artwork_get_property;
  object_class->set_property = lw_artwork_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SIZE] =
    g_param_spec_int ("size", NULL, NULL,
                      16, 1024, 48,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "artwork");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Artwork is decoration next to the title that says the same. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
lw_artwork_init (LwArtwork *self)
{
  self->size = 48;
  self->image = gtk_image_new ();
  gtk_widget_set_parent (self->image, GTK_WIDGET (self));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (self), self->size, self->size);

  g_signal_connect (self, "notify::scale-factor",
                    G_CALLBACK (lw_artwork_notify_scale_factor), NULL);

  show_placeholder (self);
}

GtkWidget *
lw_artwork_new (int size)
{
  return g_object_new (LW_TYPE_ARTWORK, "size", size, NULL);
}

const char *
lw_artwork_get_url (LwArtwork *self)
{
  g_return_val_if_fail (LW_IS_ARTWORK (self), NULL);

  return self->url;
}

void
lw_artwork_set_url (LwArtwork  *self,
                    const char *url)
{
  g_return_if_fail (LW_IS_ARTWORK (self));

  if (g_strcmp0 (self->url, url) == 0)
    return;

  g_free (self->url);
  self->url = g_strdup (url);
  reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

int
lw_artwork_get_size (LwArtwork *self)
{
  g_return_val_if_fail (LW_IS_ARTWORK (self), 0);

  return self->size;
}

void
lw_artwork_set_size (LwArtwork *self,
                     int        size)
{
  g_return_if_fail (LW_IS_ARTWORK (self));

  if (self->size == size)
    return;

  self->size = size;
  gtk_widget_set_size_request (GTK_WIDGET (self), size, size);
  reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

gboolean
lw_artwork_is_loaded (LwArtwork *self)
{
  g_return_val_if_fail (LW_IS_ARTWORK (self), FALSE);

  return self->loaded;
}
