/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-artwork"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <utime.h>

#include "core/lw-artwork-cache.h"
#include "ui/lw-artwork-private.h"
#include "lw-test-http.h"

#define RED  0xff0000ff
#define BLUE 0x0000ffff

static char *cache_home;

typedef struct
{
  LwTestHttp     *http;
  LwArtworkCache *cache;
  GBytes         *served;  /* what /art.png answers with now */
  char           *url;
} Fixture;

static GBytes *
make_png (int     width,
          int     height,
          guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL);
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, size);
}

static char *
write_png (const char *name,
           int         width,
           int         height,
           guint32     rgba)
{
  g_autoptr(GBytes) png = make_png (width, height, rgba);
  g_autofree char *path = g_build_filename (cache_home, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  g_assert_no_error (error);

  return g_filename_to_uri (path, NULL, NULL);
}

static void
serve (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Fixture *fixture = user_data;

  if (!g_str_equal (path, "/art.png"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (fixture->served, NULL),
                                    g_bytes_get_size (fixture->served));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->http = lw_test_http_new (serve, fixture);
  fixture->cache = lw_artwork_cache_new ();
  fixture->served = make_png (300, 300, RED);
  fixture->url = lw_test_http_url (fixture->http, "/art.png");
  /* Each test starts like a new process: nothing decoded in memory. */
  lw_artwork_clear_textures ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *artwork = g_build_filename (cache_home, "longwave", NULL);

  lw_artwork_clear_textures ();
  g_assert_finalize_object (fixture->cache);
  lw_test_http_free (fixture->http);
  g_clear_pointer (&fixture->served, g_bytes_unref);
  g_clear_pointer (&fixture->url, g_free);
  lw_test_rm_rf (artwork);
}

static GdkTexture *
load (Fixture    *fixture,
      const char *url,
      int         pixels,
      GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lw_artwork_load_async (fixture->cache, url, pixels, NULL,
                         lw_test_http_store_result, &result);
  lw_test_http_wait (fixture->http, &result);

  return lw_artwork_load_finish (result, error);
}

/* The colour in the middle, as 0xRRGGBBAA (the texture is BGRA premultiplied, opaque here). */
static guint32
middle_colour (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  const guchar *pixel;

  gdk_texture_download (texture, data, width * 4);
  pixel = data + (height / 2) * width * 4 + (width / 2) * 4;

  return ((guint32) pixel[2] << 24) | ((guint32) pixel[1] << 16) | ((guint32) pixel[0] << 8) | pixel[3];
}

static void
assert_texture (GdkTexture *texture,
                int         width,
                int         height,
                guint32     rgba)
{
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
  g_assert_cmphex (middle_colour (texture), ==, rgba);
}

static void
assert_scaled_file (Fixture    *fixture,
                    const char *url,
                    int         pixels,
                    int         width,
                    int         height)
{
  g_autofree char *path = lw_artwork_cache_dup_scaled_path (fixture->cache, url, pixels);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

static char *
dup_original_path (Fixture    *fixture,
                   const char *url)
{
  g_autoptr(GFile) original = lw_artwork_cache_lookup (fixture->cache, url);

  g_assert_nonnull (original);

  return g_file_get_path (original);
}

/* A whole second, so that a file written again can be given the very same mtime. */
static void
set_fixed_mtime (const char *path)
{
  struct utimbuf times = { 1000000000, 1000000000 };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Same length, same mtime, other bytes: only the content tells it apart. */
static void
replace_with_garbage (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  memset (contents, 'x', length);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  set_fixed_mtime (path);
}

static void
test_scaled_copy (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) again = NULL;
  g_autoptr(GdkTexture) other_size = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;

  first = load (fixture, fixture->url, 64, &error);
  g_assert_no_error (error);
  assert_texture (first, 64, 64, RED);
  assert_scaled_file (fixture, fixture->url, 64, 64, 64);

  /* The scaled copy is tied to the original's mtime: give it one the garbage keeps too. */
  original = dup_original_path (fixture, fixture->url);
  set_fixed_mtime (original);
  lw_artwork_clear_textures ();
  g_clear_object (&first);
  first = load (fixture, fixture->url, 64, &error);
  g_assert_no_error (error);

  /* A new process: nothing in memory, and an original nobody could decode. */
  replace_with_garbage (original);
  lw_artwork_clear_textures ();

  again = load (fixture, fixture->url, 64, &error);
  g_assert_no_error (error);
  assert_texture (again, 64, 64, RED);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/art.png"), ==, 1);

  /* Proof that the original really is undecodable now: another size has no copy. */
  other_size = load (fixture, fixture->url, 32, &error);
  g_assert_null (other_size);
  g_assert_nonnull (error);
}

static void
test_new_download (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;

  first = load (fixture, fixture->url, 64, &error);
  g_assert_no_error (error);
  assert_texture (first, 64, 64, RED);

  /* The original goes (a cleared cache), and the show's artwork changed meanwhile. */
  original = dup_original_path (fixture, fixture->url);
  g_assert_cmpint (g_unlink (original), ==, 0);
  g_bytes_unref (fixture->served);
  fixture->served = make_png (400, 200, BLUE);
  lw_artwork_clear_textures ();

  second = load (fixture, fixture->url, 64, &error);
  g_assert_no_error (error);
  assert_texture (second, 64, 32, BLUE);
  assert_scaled_file (fixture, fixture->url, 64, 64, 32);
  g_assert_cmpuint (lw_test_http_hits (fixture->http, "/art.png"), ==, 2);
}

static void
test_file_changed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = write_png ("local.png", 200, 200, RED);
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) second = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;

  first = load (fixture, url, 48, &error);
  g_assert_no_error (error);
  assert_texture (first, 48, 48, RED);
  assert_scaled_file (fixture, url, 48, 48, 48);

  /* Edited in place: a file:// image is its own original. */
  changed = write_png ("local.png", 100, 200, BLUE);
  g_assert_cmpstr (changed, ==, url);
  lw_artwork_clear_textures ();

  second = load (fixture, url, 48, &error);
  g_assert_no_error (error);
  assert_texture (second, 24, 48, BLUE);
  assert_scaled_file (fixture, url, 48, 24, 48);
}

static void
test_corrupt_scaled (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *scaled = lw_artwork_cache_dup_scaled_path (fixture->cache, fixture->url, 64);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GdkTexture) texture = NULL;

      texture = load (fixture, fixture->url, 64, &error);
      g_assert_no_error (error);
      assert_texture (texture, 64, 64, RED);
      assert_scaled_file (fixture, fixture->url, 64, 64, 64);
      lw_artwork_clear_textures ();

      if (i == 0)
        {
          /* Garbage where the copy was. */
          g_file_set_contents (scaled, "not a png at all", -1, &error);
          g_assert_no_error (error);
        }
      else if (i == 1)
        {
          g_autofree char *contents = NULL;
          gsize length;

          /* A PNG cut in half, as a full disk would leave it. */
          g_file_get_contents (scaled, &contents, &length, &error);
          g_assert_no_error (error);
          g_file_set_contents (scaled, contents, length / 2, &error);
          g_assert_no_error (error);
        }
    }
}

static void
test_lru (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *a = write_png ("a.png", 64, 64, RED);
  g_autofree char *b = write_png ("b.png", 64, 64, BLUE);
  g_autofree char *c = write_png ("c.png", 64, 64, RED);
  const char *urls[] = { a, b, c };
  g_autoptr(GError) error = NULL;

  /* Room for two 32×32 textures. */
  lw_artwork_set_texture_budget (2 * 32 * 32 * 4);

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GdkTexture) texture = load (fixture, urls[i], 32, &error);

      g_assert_no_error (error);
      g_assert_nonnull (lw_artwork_lookup_texture (urls[i], 32));

      /* A was shown again just before C came: B is the least recently used. */
      if (i == 1)
        g_assert_nonnull (lw_artwork_lookup_texture (a, 32));
    }

  g_assert_null (lw_artwork_lookup_texture (b, 32));
  g_assert_nonnull (lw_artwork_lookup_texture (a, 32));
  g_assert_nonnull (lw_artwork_lookup_texture (c, 32));

  /* A texture larger than the whole budget still stays while it is the newest. */
  lw_artwork_set_texture_budget (16);
  g_assert_nonnull (lw_artwork_lookup_texture (c, 32));
  g_assert_null (lw_artwork_lookup_texture (a, 32));

  lw_artwork_set_texture_budget (32 * 1024 * 1024);
}

/* Gradients and noise: a JPEG that compresses (and decodes) like a photo does. */
static void
write_photo_jpeg (const char *path,
                  int         size)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, size, size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        int noise = g_rand_int_range (rand, -24, 24);

        p[0] = CLAMP (x * 255 / size + noise, 0, 255);
        p[1] = CLAMP (y * 255 / size + noise, 0, 255);
        p[2] = CLAMP (((x ^ y) & 0xff) + noise, 0, 255);
      }

  gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL);
  g_assert_no_error (error);
}

static void
count_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = lw_artwork_load_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 160);
  (*pending)--;
}

static double
load_all (Fixture   *fixture,
          GPtrArray *urls)
{
  gint64 start = g_get_monotonic_time ();
  guint pending = urls->len;

  lw_artwork_clear_textures ();
  for (guint i = 0; i < urls->len; i++)
    lw_artwork_load_async (fixture->cache, urls->pdata[i], 160, NULL, count_loaded, &pending);
  while (pending > 0)
    g_main_context_iteration (fixture->http->context, TRUE);

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Only with -m perf: 200 shows' 1400×1400 JPEG artwork shown at 160 px, the first time
 * (decoding the originals, writing the copies) and at the next start (reading the copies). */
static void
test_perf_200_shows (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *photo = g_build_filename (cache_home, "photo.jpg", NULL);
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  double first, next;
  gsize length;

  write_photo_jpeg (photo, 1400);
  g_file_get_contents (photo, &contents, &length, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("show-%u.jpg", i);
      g_autofree char *path = g_build_filename (cache_home, name, NULL);

      g_file_set_contents (path, contents, length, &error);
      g_assert_no_error (error);
      g_ptr_array_add (urls, g_filename_to_uri (path, NULL, NULL));
    }

  first = load_all (fixture, urls);
  next = load_all (fixture, urls);
  g_test_minimized_result (next, "200 shows at 160 px from the scaled copies: %.0f ms", next);
  g_test_message ("200 shows at 160 px: first start %.0f ms (decoding the originals), "
                  "next start %.0f ms (scaled copies), %.1fx faster", first, next, first / next);

  for (guint i = 0; i < urls->len; i++)
    {
      g_autofree char *path = g_filename_from_uri (urls->pdata[i], NULL, NULL);

      g_unlink (path);
    }
  g_unlink (photo);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  cache_home = g_dir_make_tmp ("longwave-artwork-ui-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for the cache dir: it remembers the first answer. */
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/artwork/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("scaled-copy", test_scaled_copy);
  ADD ("new-download", test_new_download);
  ADD ("file-changed", test_file_changed);
  ADD ("corrupt-scaled", test_corrupt_scaled);
  ADD ("lru", test_lru);
  if (g_test_perf ())
    ADD ("perf/200-shows", test_perf_200_shows);

#undef ADD

  ret = g_test_run ();

  lw_test_rm_rf (cache_home);
  g_free (cache_home);

  return ret;
}
