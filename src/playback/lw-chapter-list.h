/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/lw-library.h"
#include "playback/lw-chapter-item.h"

G_BEGIN_DECLS

#define LW_TYPE_CHAPTER_LIST (lw_chapter_list_get_type ())

G_DECLARE_FINAL_TYPE (LwChapterList, lw_chapter_list, LW, CHAPTER_LIST, GObject)

/* The chapters of one episode, a GListModel of LwChapterItem sorted by start,
 * merged from every place that has them:
 *   1. Podcasting 2.0 JSON chapters (podcast:chapters url), fetched with libsoup;
 *   2. Podlove Simple Chapters stored with the episode (psc:chapters);
 *   3. the audio file itself: ID3v2 CHAP frames, Vorbis comments CHAPTERnnn
 *      (Ogg/Opus/FLAC), or a container table of contents, read with GstDiscoverer.
 * The first of these that has chapters gives the list; the others fill in a missing
 * title, link or image of a chapter that starts within a second of theirs.
 * Chapters with "toc": false in JSON (hidden ones) are left out.
 *
 * Loading fills the model in steps (stored chapters at once, then the others as
 * they arrive), so a list view can bind to it right away. A source that fails
 * (network down, 404, bad JSON, timeout) leaves the others' chapters in place.
 *
 * Properties: "loading" (boolean, read-only), "duration" (gint64 ms, the end of the
 * last chapter; 0 = unknown), "timeout" (uint seconds for each network step and for
 * reading the file; default 15). */
LwChapterList *lw_chapter_list_new          (void);

/* Replaces the contents with the chapters of @episode (cancelling a load still
 * running). @media_uri is what the player opens (local file or stream), NULL to
 * skip reading the file. Finishes when every source was tried; FALSE and @error
 * (a complete, translated sentence) when one of them failed, though the chapters of
 * the others are in the model. */
void           lw_chapter_list_load_async   (LwChapterList        *self,
                                             LwLibrary            *library,
                                             LwEpisode            *episode,
                                             const char           *media_uri,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       lw_chapter_list_load_finish  (LwChapterList        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Empties the list and cancels a load. */
void           lw_chapter_list_clear        (LwChapterList        *self);
gboolean       lw_chapter_list_get_loading  (LwChapterList        *self);
void           lw_chapter_list_set_duration (LwChapterList        *self,
                                             gint64                duration_ms);
void           lw_chapter_list_set_timeout  (LwChapterList        *self,
                                             guint                 seconds);
/* The index of the chapter playing at @position_ms (the last one starting at or
 * before it), -1 before the first or when there are none. */
int            lw_chapter_list_find         (LwChapterList        *self,
                                             gint64                position_ms);
/* (transfer none) (nullable) */
LwChapterItem *lw_chapter_list_get_chapter  (LwChapterList        *self,
                                             guint                 index);

G_END_DECLS
