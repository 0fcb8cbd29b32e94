/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LW_TYPE_CHAPTER_ITEM (lw_chapter_item_get_type ())

G_DECLARE_FINAL_TYPE (LwChapterItem, lw_chapter_item, LW, CHAPTER_ITEM, GObject)

/* One chapter of the loaded episode, as LwChapterList holds it. Immutable but for
 * "end", which the list fills in when the next chapter or the duration is known.
 *
 * Properties (read-only): "start" and "end" (gint64 milliseconds; end is -1 while
 * unknown), "title", "url" (nullable: a link about the chapter), "image-url"
 * (nullable). */
LwChapterItem *lw_chapter_item_new           (gint64         start,
                                              const char    *title,
                                              const char    *url,
                                              const char    *image_url);
gint64         lw_chapter_item_get_start     (LwChapterItem *self);
gint64         lw_chapter_item_get_end       (LwChapterItem *self);
const char    *lw_chapter_item_get_title     (LwChapterItem *self);
const char    *lw_chapter_item_get_url       (LwChapterItem *self);
const char    *lw_chapter_item_get_image_url (LwChapterItem *self);

G_END_DECLS
