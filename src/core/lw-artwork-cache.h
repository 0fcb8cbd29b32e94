/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LW_TYPE_ARTWORK_CACHE (lw_artwork_cache_get_type ())

G_DECLARE_FINAL_TYPE (LwArtworkCache, lw_artwork_cache, LW, ARTWORK_CACHE, GObject)

/* Artwork fetched once with libsoup and kept under g_get_user_cache_dir()/longwave/
 * artwork/ (honours XDG_CACHE_HOME), named by a hash of the URL. Concurrent requests for
 * one URL share one download. file:// URLs are returned as they are. No GTK here: the
 * UI decodes the file (off the main thread) at the size it shows. */
LwArtworkCache *lw_artwork_cache_new           (void);
/* (transfer full) (nullable): the cached file when present, without any I/O beyond a stat. */
GFile          *lw_artwork_cache_lookup        (LwArtworkCache       *self,
                                                const char           *url);
void            lw_artwork_cache_fetch_async   (LwArtworkCache       *self,
                                                const char           *url,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GFile          *lw_artwork_cache_fetch_finish  (LwArtworkCache       *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* (transfer full): where the UI keeps the artwork of @url scaled to @pixels (the larger
 * side), as a PNG next to the original and named by the same hash: "<hash>-<pixels>.png".
 * The file may not exist; whoever reads it checks that it was made from the current
 * original (the UI records the original's mtime and size in it). */
char           *lw_artwork_cache_dup_scaled_path (LwArtworkCache     *self,
                                                  const char         *url,
                                                  int                 pixels);

G_END_DECLS
