/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_ARTWORK (lw_artwork_get_type ())

G_DECLARE_FINAL_TYPE (LwArtwork, lw_artwork, LW, ARTWORK, GtkWidget)

/* A square piece of show or episode artwork with rounded corners. Shows a placeholder
 * icon until the image is fetched through the application's LwArtworkCache and decoded,
 * off the main thread, at the size shown; that size is kept on disk next to the original,
 * so later starts read a small PNG instead. Properties: "url" (nullable), "size" (pixels). */
GtkWidget  *lw_artwork_new       (int         size);
const char *lw_artwork_get_url   (LwArtwork  *self);
void        lw_artwork_set_url   (LwArtwork  *self,
                                  const char *url);
int         lw_artwork_get_size  (LwArtwork  *self);
void        lw_artwork_set_size  (LwArtwork  *self,
                                  int         size);
/* TRUE once the image (not the placeholder) is shown; for tests. */
gboolean    lw_artwork_is_loaded (LwArtwork  *self);

/* While held, artwork waits to be decoded (placeholders show): the application holds
 * it until its window's first frame is painted, which then has both cores. */
void        lw_artwork_hold_decoding (gboolean hold);

G_END_DECLS
