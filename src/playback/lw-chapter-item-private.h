/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-chapter-item.h"

G_BEGIN_DECLS

/* Between LwChapterList and its items. */
void     lw_chapter_item_set_end (LwChapterItem *self,
                                  gint64         end);
gboolean lw_chapter_item_equal   (LwChapterItem *a,
                                  LwChapterItem *b);

G_END_DECLS
