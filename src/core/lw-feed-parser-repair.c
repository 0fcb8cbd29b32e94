/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "lw-feed-parser-private.h"

/* The bytes of a document before libxml2 reads them: what they look like (which
 * first tag, which declared encoding), and the repairs the retry ladder in
 * lw-feed-parser.c applies to feeds that break the rules in well-known ways. */

/* The first element's "<" after whitespace, comments, processing instructions and a
 * doctype, looking at the first few kilobytes only; NULL when there is none there. */
const char *
lw_feed_parser_first_tag (const char *data,
                          gsize       len)
{
  const char *p = data;
  const char *end = data + MIN (len, 16384);

  while (p < end)
    {
      const char *next;

      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || *p != '<')
        return NULL;

      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          next = g_strstr_len (p + 4, end - p - 4, "-->");
          next = next != NULL ? next + 3 : NULL;
        }
      else if (end - p >= 2 && p[1] == '?')
        {
          next = g_strstr_len (p + 2, end - p - 2, "?>");
          next = next != NULL ? next + 2 : NULL;
        }
      else if (end - p >= 9 && g_ascii_strncasecmp (p, "<!doctype", 9) == 0)
        {
          const char *bracket = memchr (p, '[', end - p);
          const char *gt = memchr (p, '>', end - p);

          /* HTML's doctype counts as its first tag. */
          if (end - p >= 14 && g_ascii_strncasecmp (p, "<!doctype html", 14) == 0)
            return p;

          if (bracket != NULL && (gt == NULL || bracket < gt))
            {
              next = g_strstr_len (bracket, end - bracket, "]>");
              next = next != NULL ? next + 2 : NULL;
            }
          else
            next = gt != NULL ? gt + 1 : NULL;
        }
      else
        return p;

      if (next == NULL)
        return NULL;
      p = next;
    }

  return NULL;
}

/* TRUE when the first tag is an HTML doctype or <html>. */
gboolean
lw_feed_parser_sniff_html (const char *data,
                           gsize       len)
{
  const char *p = lw_feed_parser_first_tag (data, len);
  const char *end = data + len;

  if (p == NULL)
    return FALSE;
  if (end - p >= 14 && g_ascii_strncasecmp (p, "<!doctype html", 14) == 0)
    return TRUE;
  return end - p >= 6 && g_ascii_strncasecmp (p, "<html", 5) == 0
         && (g_ascii_isspace (p[5]) || p[5] == '>');
}

/* memmem() without _GNU_SOURCE; g_strstr_len() is a naive loop, slow on 25 MB. */
gboolean
lw_feed_parser_contains (const char *data,
                         gsize       len,
                         const char *needle)
{
  gsize needle_len = strlen (needle);
  const char *p = data;
  const char *end = data + len;

  while ((gsize) (end - p) >= needle_len)
    {
      p = memchr (p, needle[0], end - p - needle_len + 1);
      if (p == NULL)
        return FALSE;
      if (memcmp (p, needle, needle_len) == 0)
        return TRUE;
      p++;
    }

  return FALSE;
}

/* The encoding named in the XML declaration, lower case, or NULL. Only for documents
 * in an ASCII-compatible encoding (the declaration is ASCII there). */
char *
lw_feed_parser_declared_encoding (const char *data,
                                  gsize       len)
{
  const char *end;
  const char *p;
  char quote;
  const char *value;

  if (len < 6 || memcmp (data, "<?xml", 5) != 0)
    return NULL;

  end = memchr (data, '>', MIN (len, 512));
  if (end == NULL)
    return NULL;

  for (p = data; p + 8 < end; p++)
    if (memcmp (p, "encoding", 8) == 0)
      break;
  if (p + 8 >= end)
    return NULL;

  p += 8;
  while (p < end && (g_ascii_isspace (*p) || *p == '='))
    p++;
  if (p >= end || (*p != '"' && *p != '\''))
    return NULL;
  quote = *p++;
  value = p;
  while (p < end && *p != quote)
    p++;
  if (p >= end)
    return NULL;

  return g_ascii_strdown (value, p - value);
}

gboolean
lw_feed_parser_has_c1_bytes (const char *data,
                             gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) data[i] >= 0x80 && (guchar) data[i] <= 0x9F)
      return TRUE;
  return FALSE;
}

/* windows-1252's 0x80–0x9F; the five holes keep their C1 code points, as browsers do. */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* A feed declared (or defaulting to) UTF-8 whose bytes are windows-1252, in whole or in
 * part (a CMS pasting Word text into a UTF-8 template): valid UTF-8 sequences stay, every
 * other byte is read as windows-1252. */
GBytes *
lw_feed_parser_repair_as_cp1252 (const char *data,
                                 gsize       len)
{
  GString *out = g_string_sized_new (len + len / 8);
  const char *p = data;
  const char *end = data + len;

  while (p < end)
    {
      const char *bad;

      if (g_utf8_validate_len (p, end - p, &bad))
        {
          g_string_append_len (out, p, end - p);
          break;
        }

      g_string_append_len (out, p, bad - p);
      {
        guchar c = *bad;
        gunichar ch = c >= 0x80 && c <= 0x9F ? cp1252_c1[c - 0x80] : c;

        g_string_append_unichar (out, ch);
      }
      p = bad + 1;
    }

  return g_string_free_to_bytes (out);
}

/* HTML entities in XML. libxml2 knows their values (it parses HTML too); everything
 * that is not one of them and not a well-formed reference becomes a literal "&". CDATA
 * sections, comments and processing instructions are left alone. */
GBytes *
lw_feed_parser_rewrite_entities (const char *data,
                                 gsize       len)
{
  GString *out = g_string_sized_new (len + 1024);
  const char *p = data;
  const char *end = data + len;

  while (p < end)
    {
      const char *amp;
      const char *lt;
      const char *next;

      amp = memchr (p, '&', end - p);
      lt = memchr (p, '<', (amp != NULL ? amp : end) - p);

      /* Skip over markup that may legally hold a bare '&'. */
      if (lt != NULL)
        {
          const char *close = NULL;
          gsize skip = 0;

          if (end - lt >= 9 && memcmp (lt, "<![CDATA[", 9) == 0)
            {
              close = g_strstr_len (lt + 9, end - lt - 9, "]]>");
              skip = 3;
            }
          else if (end - lt >= 4 && memcmp (lt, "<!--", 4) == 0)
            {
              close = g_strstr_len (lt + 4, end - lt - 4, "-->");
              skip = 3;
            }
          else if (end - lt >= 2 && lt[1] == '?')
            {
              close = g_strstr_len (lt + 2, end - lt - 2, "?>");
              skip = 2;
            }

          if (skip > 0)
            {
              next = close != NULL ? close + skip : end;
              g_string_append_len (out, p, next - p);
              p = next;
              continue;
            }

          g_string_append_len (out, p, lt + 1 - p);
          p = lt + 1;
          continue;
        }

      if (amp == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }

      g_string_append_len (out, p, amp - p);
      p = amp + 1;

      {
        const char *q = p;
        char name[32];
        gsize n = 0;

        if (q < end && *q == '#')
          {
            q++;
            if (q < end && (*q == 'x' || *q == 'X'))
              q++;
            while (q < end && g_ascii_isxdigit (*q))
              q++;
            if (q < end && *q == ';' && q > p + 1)
              {
                g_string_append_c (out, '&');
                continue;
              }
          }
        else
          {
            while (q < end && n < sizeof name - 1 && (g_ascii_isalnum (*q) || *q == '_' || *q == '-' || *q == '.'))
              name[n++] = *q++;
            name[n] = '\0';

            if (n > 0 && q < end && *q == ';')
              {
                const htmlEntityDesc *entity;

                if (g_str_equal (name, "amp") || g_str_equal (name, "lt") || g_str_equal (name, "gt")
                    || g_str_equal (name, "quot") || g_str_equal (name, "apos"))
                  {
                    g_string_append_c (out, '&');
                    continue;
                  }

                entity = htmlEntityLookup ((const xmlChar *) name);
                if (entity != NULL)
                  {
                    g_string_append_printf (out, "&#%u;", entity->value);
                    p = q + 1;
                    continue;
                  }

                /* Perhaps declared in the document's DTD: leave it to libxml2. */
                g_string_append_c (out, '&');
                continue;
              }
          }

        g_string_append (out, "&amp;");
      }
    }

  return g_string_free_to_bytes (out);
}
