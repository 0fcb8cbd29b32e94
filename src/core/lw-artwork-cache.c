/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-artwork-cache"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lw-artwork-cache.h"
#include "lw-http.h"
#include "lw-task-group.h"

#define ARTWORK_TIMEOUT 30
/* Podcast artwork is at most 3000×3000; a 20 MB "image" is something else. */
#define ARTWORK_MAX_SIZE (G_GUINT64_CONSTANT (20) * 1024 * 1024)
#define ARTWORK_ACCEPT "image/*, */*;q=0.5"

struct _LwArtworkCache
{
  GObject      parent_instance;

  SoupSession *session;
  char        *directory;
  GHashTable  *downloads;  /* URL → Download, one per URL however many ask */
};

G_DEFINE_FINAL_TYPE (LwArtworkCache, lw_artwork_cache, G_TYPE_OBJECT)

/* One download that every request for its URL waits on. It holds the cache alive. */
typedef struct
{
  LwArtworkCache *self;
  char           *url;
  char           *path;
  LwTaskGroup    *waiters;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->self);
  g_free (download->url);
  g_free (download->path);
  g_clear_pointer (&download->waiters, lw_task_group_free);
  g_free (download);
}

static void
lw_artwork_cache_finalize (GObject *object)
{
  LwArtworkCache *self = LW_ARTWORK_CACHE (object);

  /* Every download holds a reference, so none is left by now. */
  g_assert (g_hash_table_size (self->downloads) == 0);

  g_clear_object (&self->session);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->downloads, g_hash_table_unref);

  G_OBJECT_CLASS (lw_artwork_cache_parent_class)->finalize (object);
}

static void
lw_artwork_cache_class_init (LwArtworkCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lw_artwork_cache_finalize;
}

static void
lw_artwork_cache_init (LwArtworkCache *self)
{
  self->session = lw_http_session_new (ARTWORK_TIMEOUT);
  self->directory = g_build_filename (g_get_user_cache_dir (), "longwave", "artwork", NULL);
  self->downloads = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * lw_artwork_cache_new:
 *
 * Returns: (transfer full): a cache bound to the thread-default main context
 */
LwArtworkCache *
lw_artwork_cache_new (void)
{
  return g_object_new (LW_TYPE_ARTWORK_CACHE, NULL);
}

static gboolean
is_file_url (const char *url)
{
  const char *scheme = g_uri_peek_scheme (url);

  return scheme != NULL && g_str_equal (scheme, "file");
}

static char *
dup_cache_path (LwArtworkCache *self,
                const char     *url)
{
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);

  return g_build_filename (self->directory, name, NULL);
}

/**
 * lw_artwork_cache_dup_scaled_path:
 * @url: the artwork URL from the feed
 * @pixels: the size the artwork is shown at, in device pixels
 *
 * Returns: (transfer full): the path of the scaled copy, which may not exist
 */
char *
lw_artwork_cache_dup_scaled_path (LwArtworkCache *self,
                                  const char     *url,
                                  int             pixels)
{
  g_autofree char *original = NULL;

  g_return_val_if_fail (LW_IS_ARTWORK_CACHE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (pixels > 0, NULL);

  /* Named after the URL, even for file:// artwork, whose original is never copied here. */
  original = dup_cache_path (self, url);

  return g_strdup_printf ("%s-%d.png", original, pixels);
}

GFile *
lw_artwork_cache_lookup (LwArtworkCache *self,
                         const char     *url)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LW_IS_ARTWORK_CACHE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (is_file_url (url))
    return g_file_new_for_uri (url);

  path = dup_cache_path (self, url);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_file_new_for_path (path);

  return NULL;
}

static void
return_file (GTask    *task,
             gpointer  user_data)
{
  Download *download = user_data;

  g_task_return_pointer (task, g_file_new_for_path (download->path), g_object_unref);
}

/* Hands the outcome to everyone still waiting and forgets the download. */
static void
download_complete (Download     *download,
                   const GError *error)
{
  /* A download everyone gave up on may already have been replaced by a new one. */
  if (g_hash_table_lookup (download->self->downloads, download->url) == download)
    g_hash_table_remove (download->self->downloads, download->url);

  if (error != NULL)
    lw_task_group_return_error (download->waiters, error);
  else
    lw_task_group_return (download->waiters, return_file, download);

  download_free (download);
}

/* Runs in a worker thread. g_file_set_contents_full() writes a temporary file and
 * renames it, so a crash never leaves a half-written image that lookup would trust. */
static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Download *download = g_object_get_data (G_OBJECT (task), "download");
  GBytes *bytes = task_data;
  g_autofree char *directory = g_path_get_dirname (download->path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not save the artwork in %s: %s"),
                               directory, g_strerror (saved_errno));
      return;
    }

  if (!g_file_set_contents_full (download->path,
                                 g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not save the artwork: %s"), error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  download_complete (download, error);
}

/* Trusts image/… and refuses text/… (an HTML error or login page sent with 200).
 * Many hosts send artwork as application/octet-stream or with no type: then the
 * bytes decide, and only what looks like text is refused. */
static gboolean
looks_like_image (LwFetchResult *fetch)
{
  g_autofree char *guessed = NULL;
  const guchar *data;
  gsize size;

  if (fetch->content_type != NULL && g_str_has_prefix (fetch->content_type, "image/"))
    return TRUE;
  if (fetch->content_type != NULL && g_str_has_prefix (fetch->content_type, "text/"))
    return FALSE;

  data = g_bytes_get_data (fetch->body, &size);
  guessed = g_content_type_guess (NULL, data, size, NULL);

  return !g_content_type_is_a (guessed, "text/plain");
}

static void
on_downloaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(LwFetchResult) fetch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) save = NULL;

  fetch = lw_http_get_finish (result, &error);
  if (fetch == NULL)
    {
      download_complete (download, error);
      return;
    }

  if (fetch->body == NULL || g_bytes_get_size (fetch->body) == 0)
    {
      g_autofree char *host = lw_http_dup_host (download->url);

      error = g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP,
                           _("%s sent an empty image"), host);
      download_complete (download, error);
      return;
    }

  if (!looks_like_image (fetch))
    {
      g_autofree char *host = lw_http_dup_host (download->url);

      /* A login page or an error page served with 200: never keep it as artwork. */
      error = g_error_new (LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_HTTP,
                           _("%s sent a web page instead of an image"), host);
      download_complete (download, error);
      return;
    }

  save = g_task_new (NULL, NULL, on_saved, download);
  g_task_set_source_tag (save, on_downloaded);
  g_object_set_data (G_OBJECT (save), "download", download);
  g_task_set_task_data (save, g_bytes_ref (fetch->body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (save, save_thread);
}

/**
 * lw_artwork_cache_fetch_async:
 * @url: the artwork URL from the feed
 *
 * Gets the artwork from the cache, or downloads it once into the cache.
 */
void
lw_artwork_cache_fetch_async (LwArtworkCache      *self,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) cached = NULL;
  Download *download;

  g_return_if_fail (LW_IS_ARTWORK_CACHE (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_artwork_cache_fetch_async);

  if ((cached = lw_artwork_cache_lookup (self, url)))
    {
      g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
      return;
    }

  download = g_hash_table_lookup (self->downloads, url);
  if (download != NULL && lw_task_group_is_abandoned (download->waiters))
    {
      /* Abandoned by every earlier caller: start afresh instead of failing this one. */
      g_hash_table_remove (self->downloads, url);
      download = NULL;
    }

  if (download == NULL)
    {
      download = g_new0 (Download, 1);
      download->self = g_object_ref (self);
      download->url = g_strdup (url);
      download->path = dup_cache_path (self, url);
      download->waiters = lw_task_group_new ();
      g_hash_table_insert (self->downloads, download->url, download);

      lw_http_get_async (self->session, url, NULL, NULL, ARTWORK_ACCEPT, ARTWORK_MAX_SIZE,
                         lw_task_group_get_cancellable (download->waiters),
                         on_downloaded, download);
    }

  lw_task_group_add (download->waiters, task);
}

/**
 * lw_artwork_cache_fetch_finish:
 *
 * Returns: (transfer full): the local file holding the artwork, or %NULL with @error set
 */
GFile *
lw_artwork_cache_fetch_finish (LwArtworkCache  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (LW_IS_ARTWORK_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_artwork_cache_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
