/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-artwork"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "lw-application.h"
#include "lw-artwork.h"
#include "lw-artwork-private.h"

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

/* Decoded textures by "pixels@url", shared by every tile and row that shows the same show,
 * so that scrolling (which recycles rows) never decodes twice. Main thread only.
 * Least recently used first out once they hold more than the budget of pixels: scrolling
 * through 1,000 shows drops the screens furthest behind, never all of them at once. 32 MB
 * holds 320 grid tiles at 160 px (80 at scale 2), a few screens' worth. */
#define TEXTURE_BUDGET (32 * 1024 * 1024)

typedef struct
{
  GList       link;     /* in lru; data points back here */
  char       *key;
  GdkTexture *texture;
  gsize       bytes;
} Remembered;

static GHashTable *textures;      /* key → Remembered */
static GQueue      lru = G_QUEUE_INIT;  /* most recently used first */
static gsize       texture_bytes;
static gsize       texture_budget = TEXTURE_BUDGET;

static void
remembered_free (Remembered *remembered)
{
  g_queue_unlink (&lru, &remembered->link);
  texture_bytes -= remembered->bytes;
  g_clear_object (&remembered->texture);
  g_free (remembered->key);
  g_free (remembered);
}

static char *
texture_key (const char *url,
             int         pixels)
{
  return g_strdup_printf ("%d@%s", pixels, url);
}

static void
evict_textures (void)
{
  /* The texture just added stays, however large: it is the one on screen. */
  while (texture_bytes > texture_budget && lru.length > 1)
    {
      Remembered *oldest = g_queue_peek_tail (&lru);

      g_hash_table_remove (textures, oldest->key);
    }
}

static void
remember_texture (const char *key,
                  GdkTexture *texture)
{
  Remembered *remembered;

  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal,
                                      NULL, (GDestroyNotify) remembered_free);

  remembered = g_new0 (Remembered, 1);
  remembered->link.data = remembered;
  remembered->key = g_strdup (key);
  remembered->texture = g_object_ref (texture);
  remembered->bytes = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;

  /* Replaces (and frees) an older texture under the same key first. */
  g_hash_table_remove (textures, key);
  g_hash_table_insert (textures, remembered->key, remembered);
  g_queue_push_head_link (&lru, &remembered->link);
  texture_bytes += remembered->bytes;

  evict_textures ();
}

static GdkTexture *
lookup_texture_by_key (const char *key)
{
  Remembered *remembered;

  if (textures == NULL || !(remembered = g_hash_table_lookup (textures, key)))
    return NULL;

  g_queue_unlink (&lru, &remembered->link);
  g_queue_push_head_link (&lru, &remembered->link);

  return remembered->texture;
}

/**
 * lw_artwork_lookup_texture:
 *
 * Returns: (transfer none) (nullable): the texture in memory, now the most recently used
 */
GdkTexture *
lw_artwork_lookup_texture (const char *url,
                           int         pixels)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  key = texture_key (url, pixels);

  return lookup_texture_by_key (key);
}

void
lw_artwork_clear_textures (void)
{
  if (textures != NULL)
    g_hash_table_remove_all (textures);
}

void
lw_artwork_set_texture_budget (gsize bytes)
{
  texture_budget = bytes;
  if (textures != NULL)
    evict_textures ();
}

/* The scaled copy records which original it was made from, the way the freedesktop
 * thumbnail spec's Thumb::MTime does: a new download (or an edited file:// image) has
 * another mtime or size, and the copy is made again. */
#define SOURCE_OPTION "tEXt::Longwave::Source"

typedef struct
{
  LwArtworkCache *cache;
  char           *url;
  char           *key;
  int             pixels;
  GFile          *original;
  char           *scaled_path;
  GCancellable   *cancellable;  /* the asker's, or NULL */
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->cache);
  g_free (load->url);
  g_free (load->key);
  g_clear_object (&load->original);
  g_free (load->scaled_path);
  g_clear_object (&load->cancellable);
  g_free (load);
}

static char *
dup_validator (GFile   *original,
               GError **error)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (original,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%06u %" G_GOFFSET_FORMAT,
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                          g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC),
                          g_file_info_get_size (info));
}

/* The scaled copy, if there is one made from this very original. Anything else (none
 * yet, unreadable, or from an older original) means decoding the original again. */
static GdkPixbuf *
read_scaled (const char *path,
             const char *validator)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Not using the scaled artwork %s: %s", path, error->message);
      return NULL;
    }

  if (g_strcmp0 (gdk_pixbuf_get_option (pixbuf, SOURCE_OPTION), validator) != 0)
    return NULL;

  return g_steal_pointer (&pixbuf);
}

/* Written to a temporary file and renamed, so a reader never sees half a PNG. Failing
 * costs only the next decode of the original: nothing to tell anyone. zlib's fastest
 * level: on photo-like artwork at 160 px it encodes in 4 ms instead of 10 (the default),
 * for files about 13 % larger that decode just as fast. */
static void
write_scaled (GdkPixbuf  *pixbuf,
              const char *path,
              const char *validator)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *buffer = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  if (g_mkdir_with_parents (directory, 0700) != 0 ||
      !gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                                  SOURCE_OPTION, validator, "compression", "1", NULL) ||
      !g_file_set_contents_full (path, buffer, size, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_debug ("Could not keep the scaled artwork %s: %s", path,
             error != NULL ? error->message : g_strerror (errno));
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Load *load = task_data;
  g_autofree char *path = g_file_get_path (load->original);
  g_autofree char *validator = NULL;
  GdkPixbuf *pixbuf;
  GError *error = NULL;

  /* A tile scrolled past before its turn came: nobody is waiting for this decode. */
  if (g_cancellable_set_error_if_cancelled (load->cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The artwork is not a local file"));
      return;
    }

  if (!(validator = dup_validator (load->original, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if ((pixbuf = read_scaled (load->scaled_path, validator)))
    {
      g_task_return_pointer (task, pixbuf, g_object_unref);
      return;
    }

  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, load->pixels, load->pixels, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  write_scaled (pixbuf, load->scaled_path, validator);
  g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
decode_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GError *error = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Remembered even when the asker has gone: it shows again as soon as it scrolls back. */
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  remember_texture (load->key, texture);
  g_task_return_pointer (task, g_steal_pointer (&texture), g_object_unref);
}

/* One decoding thread, not GTask's pool of up to 10+: a grid binds a couple of
 * hundred tiles at start-up, and ten decoders would take both cores from the first
 * frame and each keep a malloc arena of its own (tens of MB). */
static void
decode_in_pool (gpointer data,
                gpointer user_data)
{
  g_autoptr(GTask) thread = data;

  decode_thread (thread, NULL, g_task_get_task_data (thread), NULL);
}

static GThreadPool *decode_pool;
static gboolean     decoding_held;
static GPtrArray   *held_decodes;  /* GTask, pushed when released */

static GThreadPool *
get_decode_pool (void)
{
  if (g_once_init_enter (&decode_pool))
    g_once_init_leave (&decode_pool, g_thread_pool_new (decode_in_pool, NULL, 1, FALSE, NULL));

  return decode_pool;
}

void
lw_artwork_hold_decoding (gboolean hold)
{
  decoding_held = hold;
  if (hold || held_decodes == NULL)
    return;

  for (guint i = 0; i < held_decodes->len; i++)
    g_thread_pool_push (get_decode_pool (), g_ptr_array_index (held_decodes, i), NULL);
  g_ptr_array_set_size (held_decodes, 0);
}

static void
decode (GTask *task,
        GFile *original)
{
  Load *load = g_task_get_task_data (task);
  g_autoptr(GTask) thread = NULL;

  load->original = g_object_ref (original);

  /* Not cancelled with the asker, so a decode that started still lands in memory. */
  thread = g_task_new (NULL, NULL, decode_cb, g_object_ref (task));
  g_task_set_source_tag (thread, decode);
  g_task_set_task_data (thread, load, NULL);
  if (decoding_held)
    {
      if (held_decodes == NULL)
        held_decodes = g_ptr_array_new ();
      g_ptr_array_add (held_decodes, g_steal_pointer (&thread));
      return;
    }
  g_thread_pool_push (get_decode_pool (), g_steal_pointer (&thread), NULL);
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
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  file = lw_artwork_cache_fetch_finish (LW_ARTWORK_CACHE (object), result, &error);
  if (file == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  decode (task, file);
}

void
lw_artwork_load_async (LwArtworkCache      *cache,
                       const char          *url,
                       int                  pixels,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;
  GdkTexture *texture;
  Load *load;

  g_return_if_fail (LW_IS_ARTWORK_CACHE (cache));
  g_return_if_fail (url != NULL);
  g_return_if_fail (pixels > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_artwork_load_async);

  load = g_new0 (Load, 1);
  load->cache = g_object_ref (cache);
  load->url = g_strdup (url);
  load->pixels = pixels;
  load->key = texture_key (url, pixels);
  load->scaled_path = lw_artwork_cache_dup_scaled_path (cache, url, pixels);
  g_set_object (&load->cancellable, cancellable);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  if ((texture = lookup_texture_by_key (load->key)))
    g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
  else if ((file = lw_artwork_cache_lookup (cache, url)))
    decode (task, file);
  else
    lw_artwork_cache_fetch_async (cache, url, cancellable, fetch_cb, g_object_ref (task));
}

/**
 * lw_artwork_load_finish:
 *
 * Returns: (transfer full): the texture, or %NULL with @error set
 */
GdkTexture *
lw_artwork_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_artwork_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LwArtwork) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled when a recycled row shows another URL by now: only the current one shows. */
  texture = lw_artwork_load_finish (result, &error);
  if (texture == NULL)
    {
      /* A show without reachable artwork keeps its placeholder; nothing to tell. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not load artwork %s: %s", self->url, error->message);
      return;
    }

  show_texture (self, texture);
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

  self->load_id = 0;

  if (!(cache = get_cache ()) || self->cancellable == NULL)
    return G_SOURCE_REMOVE;

  lw_artwork_load_async (cache, self->url, get_pixels (self), self->cancellable,
                         load_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
reload (LwArtwork *self)
{
  GdkTexture *texture;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->load_id, g_source_remove);

  if (self->url == NULL || self->url[0] == '\0')
    {
      show_placeholder (self);
      return;
    }

  if ((texture = lw_artwork_lookup_texture (self->url, get_pixels (self))))
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
