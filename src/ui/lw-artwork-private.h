/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/lw-artwork-cache.h"

G_BEGIN_DECLS

/* What LwArtwork does for one URL at one size, without a widget: the texture from memory,
 * else from the scaled copy on disk, else from the original (fetched once through @cache),
 * decoded and scaled in a worker thread, and written back as the scaled copy. The texture
 * is remembered in memory for every later caller. */
void        lw_artwork_load_async           (LwArtworkCache       *cache,
                                             const char           *url,
                                             int                   pixels,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GdkTexture *lw_artwork_load_finish          (GAsyncResult         *result,
                                             GError              **error);

/* The textures kept in memory (main thread only). lookup marks the texture as just used.
 * For tests: clear stands for a new process; the budget is in bytes of pixels. */
GdkTexture *lw_artwork_lookup_texture       (const char           *url,
                                             int                   pixels);
void        lw_artwork_clear_textures       (void);
void        lw_artwork_set_texture_budget   (gsize                 bytes);

G_END_DECLS
