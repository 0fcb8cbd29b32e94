/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* File names for downloads, made from titles a feed chose: whatever the feed says,
 * the result is one path component that every common filesystem accepts (ext4,
 * NTFS/exFAT/FAT on a USB stick, SMB shares): no separators, no "." or "..", no
 * control or invisible characters, none of the characters Windows reserves, no
 * reserved device name (CON, NUL, COM1, …), no leading dot or trailing dot/space,
 * valid UTF-8, and at most @max_bytes bytes. */

/* The longest component made from a title; room is left for " (ID)", the
 * extension and ".part.json" under the 255-byte limit of ext4 and NTFS. */
#define LW_DOWNLOAD_NAME_MAX_BYTES 180

/* (transfer full): @text made safe as above; @fallback (itself safe) when nothing
 * is left of it. */
char *lw_download_name_sanitize  (const char *text,
                                  gsize       max_bytes,
                                  const char *fallback);

/* (transfer full): the extension, without the dot, lower case ASCII letters and
 * digits only: from the MIME type when it is a known audio/video type, else from
 * the last segment of @url's path, else "bin". */
char *lw_download_name_extension (const char *mime_type,
                                  const char *url);

/* (transfer full): "TITLE.EXT" (or "TITLE (ID).EXT" when @with_id) for an episode. */
char *lw_download_name_build     (const char *episode_title,
                                  gint64      episode_id,
                                  gboolean    with_id,
                                  const char *mime_type,
                                  const char *url);

G_END_DECLS
