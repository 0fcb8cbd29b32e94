/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LW_TYPE_DIRECTORY_RESULT (lw_directory_result_get_type ())

G_DECLARE_FINAL_TYPE (LwDirectoryResult, lw_directory_result, LW, DIRECTORY_RESULT, GObject)

/* Provider ids, as in "provider" and in the GSettings keys. */
#define LW_DIRECTORY_PROVIDER_APPLE "apple"
#define LW_DIRECTORY_PROVIDER_FYYD  "fyyd"

/* One show found in a podcast directory: an item of LwDirectory's results model, for a
 * grid cell to bind to. Immutable once made (every property is construct-only), so
 * nothing needs to notify.
 *
 * Properties: "feed-url" (never NULL: results without one are dropped), "title",
 * "author", "artwork-url" (nullable), "genre" (nullable), "episode-count" (int, -1 when
 * the directory did not say), "provider" (LW_DIRECTORY_PROVIDER_*: the first directory
 * that returned the show), "provider-name" (read-only, translated: "Apple Podcasts",
 * "fyyd"). */

LwDirectoryResult *lw_directory_result_new                (const char        *provider,
                                                           const char        *feed_url,
                                                           const char        *title,
                                                           const char        *author,
                                                           const char        *artwork_url,
                                                           const char        *genre,
                                                           int                episode_count);
const char        *lw_directory_result_get_feed_url       (LwDirectoryResult *self);
const char        *lw_directory_result_get_title          (LwDirectoryResult *self);
const char        *lw_directory_result_get_author         (LwDirectoryResult *self);
const char        *lw_directory_result_get_artwork_url    (LwDirectoryResult *self);
const char        *lw_directory_result_get_genre          (LwDirectoryResult *self);
int                lw_directory_result_get_episode_count  (LwDirectoryResult *self);
const char        *lw_directory_result_get_provider       (LwDirectoryResult *self);
const char        *lw_directory_result_get_provider_name  (LwDirectoryResult *self);

/* The translated name of a provider id ("apple" → "Apple Podcasts"); the id itself
 * when unknown. */
const char        *lw_directory_provider_get_name         (const char        *provider);

G_END_DECLS
