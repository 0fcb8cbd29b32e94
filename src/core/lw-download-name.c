/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-download-name"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-download-name.h"

/* Extensions longer than this are not extensions but the end of a name. */
#define MAX_EXTENSION 5

static const struct
{
  const char *mime_type;
  const char *extension;
} known_types[] = {
  { "audio/mpeg", "mp3" },
  { "audio/mp3", "mp3" },
  { "audio/x-mpeg", "mp3" },
  { "audio/mpeg3", "mp3" },
  { "audio/x-mp3", "mp3" },
  { "audio/mp4", "m4a" },
  { "audio/x-m4a", "m4a" },
  { "audio/m4a", "m4a" },
  { "audio/aac", "aac" },
  { "audio/aacp", "aac" },
  { "audio/ogg", "ogg" },
  { "audio/vorbis", "ogg" },
  { "audio/opus", "opus" },
  { "audio/flac", "flac" },
  { "audio/x-flac", "flac" },
  { "audio/wav", "wav" },
  { "audio/x-wav", "wav" },
  { "audio/webm", "webm" },
  { "video/mp4", "mp4" },
  { "video/x-m4v", "m4v" },
  { "video/quicktime", "mov" },
  { "video/webm", "webm" },
  { "video/ogg", "ogv" },
  { "application/ogg", "ogg" },
};

/* Windows refuses these as names, with any extension ("con.mp3" too). */
static gboolean
is_reserved_device_name (const char *name)
{
  static const char * const reserved[] = { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" };
  gsize stem = strcspn (name, ".");

  while (stem > 0 && name[stem - 1] == ' ')
    stem--;

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    {
      if (stem == strlen (reserved[i]) && g_ascii_strncasecmp (name, reserved[i], stem) == 0)
        return TRUE;
    }

  /* COM0-9, LPT0-9, and their superscript-digit forms that Windows also reserves. */
  if (g_ascii_strncasecmp (name, "COM", 3) == 0 || g_ascii_strncasecmp (name, "LPT", 3) == 0)
    {
      const char *rest = name + 3;
      gsize rest_len = stem - MIN (stem, 3);

      if (rest_len == 1 && g_ascii_isdigit (rest[0]))
        return TRUE;
      if (rest_len == 2 && (strncmp (rest, "\xc2\xb9", 2) == 0 || strncmp (rest, "\xc2\xb2", 2) == 0
                            || strncmp (rest, "\xc2\xb3", 2) == 0))
        return TRUE;
    }

  return FALSE;
}

/* Characters that become a space: separators, what Windows reserves, and anything
 * that is not visible (controls, format characters such as bidi overrides that
 * would make "evil\u202Eexe.mp3" read differently, line separators). */
static gboolean
is_unsafe_char (gunichar c)
{
  if (c < 0x20 || c == 0x7f)
    return TRUE;

  if (strchr ("/\\:*?\"<>|", (int) c) != NULL && c < 0x80)
    return TRUE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Cuts @string to at most @max_bytes without splitting a UTF-8 sequence. */
static void
truncate_utf8 (GString *string,
               gsize    max_bytes)
{
  const char *end;

  if (string->len <= max_bytes)
    return;

  end = g_utf8_find_prev_char (string->str, string->str + max_bytes + 1);
  g_string_truncate (string, end != NULL ? (gsize) (end - string->str) : 0);
}

/* No leading dots or spaces (hidden files, "..", "."), no trailing dots or spaces
 * (Windows drops them, so "a." and "a" would collide). */
static void
trim_dots_and_spaces (GString *string)
{
  gsize start = 0;

  while (string->len > 0 && (string->str[string->len - 1] == ' ' || string->str[string->len - 1] == '.'))
    g_string_truncate (string, string->len - 1);

  while (start < string->len && (string->str[start] == ' ' || string->str[start] == '.'))
    start++;
  g_string_erase (string, 0, start);
}

char *
lw_download_name_sanitize (const char *text,
                           gsize       max_bytes,
                           const char *fallback)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  gboolean space = FALSE;

  g_return_val_if_fail (max_bytes >= 8, NULL);
  g_return_val_if_fail (fallback != NULL, NULL);

  valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  /* Normalised to NFC so that the same title always gives the same bytes (macOS
   * feeds tend to send decomposed accents). */
  nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    nfc = g_steal_pointer (&valid);

  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Runs of whitespace and unsafe characters collapse into one space. */
      if (is_unsafe_char (c) || g_unichar_isspace (c))
        {
          space = name->len > 0;
          continue;
        }

      if (space)
        g_string_append_c (name, ' ');
      space = FALSE;
      g_string_append_unichar (name, c);
    }

  trim_dots_and_spaces (name);
  truncate_utf8 (name, max_bytes);
  /* Truncation can leave a trailing space or dot again. */
  trim_dots_and_spaces (name);

  if (name->len == 0)
    return g_strdup (fallback);

  if (is_reserved_device_name (name->str))
    {
      g_string_prepend_c (name, '_');
      truncate_utf8 (name, max_bytes);
    }

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static gboolean
is_plain_extension (const char *ext,
                    gsize       len)
{
  if (len == 0 || len > MAX_EXTENSION)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (ext[i]))
        return FALSE;
    }

  return TRUE;
}

static char *
extension_from_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *last, *dot;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (path == NULL)
    return NULL;

  last = strrchr (path, '/');
  last = last != NULL ? last + 1 : path;
  dot = strrchr (last, '.');
  if (dot == NULL || dot == last || !is_plain_extension (dot + 1, strlen (dot + 1)))
    return NULL;

  return g_ascii_strdown (dot + 1, -1);
}

char *
lw_download_name_extension (const char *mime_type,
                            const char *url)
{
  char *from_url;

  if (mime_type != NULL)
    {
      /* "audio/mpeg; charset=…" and "Audio/MPEG" happen. */
      gsize len = strcspn (mime_type, "; \t");

      for (guint i = 0; i < G_N_ELEMENTS (known_types); i++)
        {
          if (len == strlen (known_types[i].mime_type)
              && g_ascii_strncasecmp (mime_type, known_types[i].mime_type, len) == 0)
            return g_strdup (known_types[i].extension);
        }
    }

  from_url = extension_from_url (url);
  if (from_url != NULL)
    return from_url;

  return g_strdup ("bin");
}

char *
lw_download_name_build (const char *episode_title,
                        gint64      episode_id,
                        gboolean    with_id,
                        const char *mime_type,
                        const char *url)
{
  g_autofree char *title = lw_download_name_sanitize (episode_title, LW_DOWNLOAD_NAME_MAX_BYTES, _("Episode"));
  g_autofree char *extension = lw_download_name_extension (mime_type, url);

  if (with_id)
    return g_strdup_printf ("%s (%" G_GINT64_FORMAT ").%s", title, episode_id, extension);

  return g_strdup_printf ("%s.%s", title, extension);
}
