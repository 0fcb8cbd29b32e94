/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-html"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "lw-html.h"

/* Every function here runs libxml2's HTML parser in SAX mode: no tree is built, which
 * is about twice as fast as the DOM parser on a feed with 10,000 show notes, and the
 * parser hands us balanced start/end events even for tag soup, so what we write out is
 * balanced too. */

/* Show notes longer than this are cut: no episode needs 4 MB of notes, and it bounds
 * the work per episode. */
#define MAX_HTML_LENGTH (4 * 1024 * 1024)
/* Past this nesting, tags are dropped (their text stays). */
#define MAX_TAG_DEPTH 64

typedef struct
{
  void (*start) (gpointer     data,
                 const char  *name,
                 const char **attrs);
  void (*end)   (gpointer     data,
                 const char  *name);
  void (*text)  (gpointer     data,
                 const char  *text,
                 int          len);
  void (*reset) (gpointer     data);  /* back to the initial state, output dropped */
} HtmlWalker;

typedef struct
{
  const HtmlWalker *walker;
  gpointer          data;
  int               skip_depth;  /* > 0 inside <script>, <style>, …: nothing reaches the walker */
  int               xml_depth;   /* XML pass: elements open, counting our wrapper */
} HtmlRun;

/* Elements dropped together with everything inside them. */
static const char * const dropped_elements[] = {
  "script", "style", "iframe", "object", "embed", "noscript", "template", "head", "title",
  "svg", "math", "textarea", "select", "button", "audio", "video", "canvas", "frameset",
  "frame", "noframes", "applet", "map", "form",
};

/* Elements that end a line of text when they are unwrapped. */
static const char * const block_elements[] = {
  "div", "section", "article", "header", "footer", "aside", "nav", "main", "figure",
  "figcaption", "table", "tr", "dl", "dt", "dd", "address", "hr", "center", "details",
  "summary", "fieldset", "caption", "thead", "tbody", "tfoot",
};

enum
{
  TAG_DROPPED = 1 << 0,
  TAG_BLOCK   = 1 << 1,
  TAG_ALLOWED = 1 << 2,
  TAG_HEADING = 1 << 3,
};

/* Allowed in sanitised HTML (headings are added below). */
static const char * const allowed_elements[] = {
  "p", "br", "ul", "ol", "li", "b", "strong", "i", "em", "blockquote", "pre", "code", "a",
};

/* Looked up for every tag of 10,000 show notes: one hash lookup instead of string
 * comparisons against three lists. */
static guint
tag_flags (const char *name)
{
  static GHashTable *flags;

  if (g_once_init_enter (&flags))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      static const char * const headings[] = { "h1", "h2", "h3", "h4", "h5", "h6" };
      static const char * const allowed_blocks[] = { "p", "ul", "ol", "li", "blockquote", "pre" };

#define ADD_FLAGS(names, flag) \
      for (guint i = 0; i < G_N_ELEMENTS (names); i++) \
        g_hash_table_insert (table, (gpointer) names[i], \
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (table, names[i])) | (flag)));
      ADD_FLAGS (dropped_elements, TAG_DROPPED);
      ADD_FLAGS (block_elements, TAG_BLOCK);
      ADD_FLAGS (allowed_elements, TAG_ALLOWED);
      ADD_FLAGS (headings, TAG_HEADING | TAG_ALLOWED | TAG_BLOCK);
      ADD_FLAGS (allowed_blocks, TAG_BLOCK);
#undef ADD_FLAGS

      g_once_init_leave (&flags, table);
    }

  return GPOINTER_TO_UINT (g_hash_table_lookup (flags, name));
}

static gboolean
is_heading (const char *name)
{
  return (tag_flags (name) & TAG_HEADING) != 0;
}

static gboolean
is_dropped (const char *name)
{
  return (tag_flags (name) & TAG_DROPPED) != 0;
}

static gboolean
is_block (const char *name)
{
  return (tag_flags (name) & TAG_BLOCK) != 0;
}

static gboolean
is_allowed (const char *name)
{
  return (tag_flags (name) & TAG_ALLOWED) != 0;
}

static void
sax_start (void           *ctx,
           const xmlChar  *name,
           const xmlChar **attrs)
{
  HtmlRun *run = ctx;

  /* The HTML parser sends an end event for void elements too, so counting works. */
  if (run->skip_depth > 0 || is_dropped ((const char *) name))
    {
      run->skip_depth++;
      return;
    }

  run->walker->start (run->data, (const char *) name, (const char **) attrs);
}

static void
sax_end (void          *ctx,
         const xmlChar *name)
{
  HtmlRun *run = ctx;

  if (run->skip_depth > 0)
    {
      run->skip_depth--;
      return;
    }

  run->walker->end (run->data, (const char *) name);
}

static void
sax_text (void          *ctx,
          const xmlChar *text,
          int            len)
{
  HtmlRun *run = ctx;

  if (run->skip_depth == 0)
    run->walker->text (run->data, (const char *) text, len);
}

static void
sax_ignore_message (void       *ctx,
                    const char *msg,
                    ...)
{
}

/* The XML pass: the same events, minus our <r> wrapper, with names in lower case as
 * the HTML parser gives them. */
static const char *
lower_name (const xmlChar *name,
            char          *buffer,
            gsize          size)
{
  gsize i;

  for (i = 0; name[i] != '\0'; i++)
    if (name[i] >= 'A' && name[i] <= 'Z')
      break;
  if (name[i] == '\0')
    return (const char *) name;

  for (i = 0; name[i] != '\0' && i < size - 1; i++)
    buffer[i] = g_ascii_tolower (name[i]);
  buffer[i] = '\0';
  return buffer;
}

static void
xml_sax_start (void           *ctx,
               const xmlChar  *name,
               const xmlChar **attrs)
{
  HtmlRun *run = ctx;
  char buffer[64];

  if (run->xml_depth++ == 0)
    return;
  sax_start (ctx, (const xmlChar *) lower_name (name, buffer, sizeof buffer), attrs);
}

static void
xml_sax_end (void          *ctx,
             const xmlChar *name)
{
  HtmlRun *run = ctx;
  char buffer[64];

  if (--run->xml_depth == 0)
    return;
  sax_end (ctx, (const xmlChar *) lower_name (name, buffer, sizeof buffer));
}

/* Show notes are usually well-formed XHTML already, and libxml2's XML parser reads
 * those five times faster than its HTML parser. Only markup that starts with a tag is
 * tried (text before the first tag gets an implied paragraph from the HTML parser),
 * and the first error sends the whole input to the HTML parser instead. No DTD can
 * appear inside <r>, so there are no entities beyond XML's five. */
static gboolean
run_as_xml (const char *html,
            gsize       len,
            HtmlRun    *run)
{
  xmlSAXHandler sax;
  xmlParserCtxtPtr ctxt;
  gboolean ok;

  memset (&sax, 0, sizeof sax);
  sax.startElement = xml_sax_start;
  sax.endElement = xml_sax_end;
  sax.characters = sax_text;
  sax.cdataBlock = sax_text;
  sax.ignorableWhitespace = sax_text;
  sax.warning = sax_ignore_message;
  sax.error = sax_ignore_message;
  sax.fatalError = sax_ignore_message;
  sax.initialized = 1;  /* SAX1 events: the same as the HTML parser's */

  ctxt = xmlCreatePushParserCtxt (&sax, run, NULL, 0, NULL);
  if (ctxt == NULL)
    return FALSE;
  /* NOENT is safe here, unlike on a feed: a DTD cannot appear inside <r>, so the only
   * entities are XML's five, and without it libxml2 hands attribute values over with
   * "&" still written as "&#38;". */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  xmlParseChunk (ctxt, "<r>", 3, 0);
  if (ctxt->wellFormed)
    xmlParseChunk (ctxt, html, (int) len, 0);
  if (ctxt->wellFormed)
    xmlParseChunk (ctxt, "</r>", 4, 1);

  ok = ctxt->wellFormed && ctxt->instate == XML_PARSER_EOF && run->xml_depth == 0;
  xmlFreeParserCtxt (ctxt);

  return ok;
}

static void
run_html (const char       *html,
          const HtmlWalker *walker,
          gpointer          data)
{
  htmlSAXHandler sax;
  htmlParserCtxtPtr ctxt;
  HtmlRun run = { walker, data, 0, 0 };
  g_autofree char *valid = NULL;
  gsize len;

  if (html == NULL || html[0] == '\0')
    return;

  len = strlen (html);
  if (len > MAX_HTML_LENGTH)
    len = MAX_HTML_LENGTH;

  {
    const char *p = html;

    /* (The XML parser checks the UTF-8 itself: invalid input fails and comes below.) */
    while (g_ascii_isspace (*p))
      p++;
    if (*p == '<')
      {
        if (run_as_xml (html, len, &run))
          return;
        walker->reset (data);
        run.skip_depth = 0;
        run.xml_depth = 0;
      }
  }

  /* The HTML parser is told the input is UTF-8; make sure it is. */
  if (!g_utf8_validate_len (html, len, NULL))
    {
      valid = g_utf8_make_valid (html, len);
      html = valid;
      len = strlen (valid);
    }

  memset (&sax, 0, sizeof sax);
  sax.startElement = sax_start;
  sax.endElement = sax_end;
  sax.characters = sax_text;
  sax.ignorableWhitespace = sax_text;
  sax.warning = sax_ignore_message;
  sax.error = sax_ignore_message;
  sax.fatalError = sax_ignore_message;
  sax.initialized = 1;

  ctxt = htmlCreatePushParserCtxt (&sax, &run, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
  if (ctxt == NULL)
    return;

  /* NONET and IGNORE_ENC: a <meta charset> in show notes must not switch the decoder
   * away from the UTF-8 we already have. */
  htmlCtxtUseOptions (ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR
                            | HTML_PARSE_NOWARNING
                            | HTML_PARSE_IGNORE_ENC);

  htmlParseChunk (ctxt, html, (int) len, 1);
  htmlFreeParserCtxt (ctxt);
}

static const char *
get_attr (const char **attrs,
          const char  *name)
{
  if (attrs == NULL)
    return NULL;

  for (guint i = 0; attrs[i] != NULL; i += 2)
    if (g_ascii_strcasecmp (attrs[i], name) == 0)
      return attrs[i + 1];

  return NULL;
}

/* Appends @text escaped for HTML or Pango markup (the same five entities). Control
 * characters other than tab and newline are dropped: GMarkup rejects them even as
 * character references. */
static const gboolean markup_byte_special[256] = {
  [0x00 ... 0x08] = TRUE, [0x0B ... 0x1F] = TRUE,  /* control characters but tab and newline */
  ['&'] = TRUE, ['<'] = TRUE, ['>'] = TRUE, ['"'] = TRUE, [0xC2] = TRUE,
};

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  const char *end = text + (len < 0 ? (gssize) strlen (text) : len);
  const char *run = text;

  for (const char *p = text; p < end; p++)
    {
      const char *replacement = NULL;
      guchar c = *p;

      /* Most bytes need nothing: one table look-up decides. */
      if (!markup_byte_special[c])
        continue;

      switch (c)
        {
        case '&': replacement = "&amp;"; break;
        case '<': replacement = "&lt;"; break;
        case '>': replacement = "&gt;"; break;
        case '"': replacement = "&quot;"; break;
        default:
          if (c < 0x20 && c != '\t' && c != '\n')
            replacement = "";
          else if (c == 0xC2 && p + 1 < end && (guchar) p[1] >= 0x80 && (guchar) p[1] <= 0x9F)
            {
              /* U+0080–U+009F: C1 controls, also rejected by GMarkup. */
              g_string_append_len (out, run, p - run);
              p++;
              run = p + 1;
              continue;
            }
          break;
        }

      if (replacement != NULL)
        {
          g_string_append_len (out, run, p - run);
          g_string_append (out, replacement);
          run = p + 1;
        }
    }

  g_string_append_len (out, run, end - run);
}

/* An absolute http, https or mailto URL, or NULL. */
static char *
safe_link (const char *href,
           const char *base_url)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *scheme = NULL;

  if (href == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (href));
  if (trimmed[0] == '\0')
    return NULL;

  scheme = g_uri_parse_scheme (trimmed);
  if (scheme != NULL)
    resolved = g_steal_pointer (&trimmed);
  else if (base_url != NULL)
    resolved = g_uri_resolve_relative (base_url, trimmed, G_URI_FLAGS_NONE, NULL);

  if (resolved == NULL)
    return NULL;

  g_clear_pointer (&scheme, g_free);
  scheme = g_uri_parse_scheme (resolved);
  if (scheme == NULL)
    return NULL;

  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0
      && g_ascii_strcasecmp (scheme, "mailto") != 0)
    return NULL;

  /* Whitespace inside a URL breaks the markup consumers; feeds wrap long URLs. */
  if (strpbrk (resolved, " \t\r\n") != NULL)
    {
      GString *s = g_string_new (NULL);

      for (const char *p = resolved; *p; p++)
        {
          if (*p == ' ')
            g_string_append (s, "%20");
          else if (*p != '\t' && *p != '\r' && *p != '\n')
            g_string_append_c (s, *p);
        }
      return g_string_free (s, FALSE);
    }

  return g_steal_pointer (&resolved);
}

/* Sanitiser */

typedef struct
{
  GString    *out;
  const char *base_url;
  GPtrArray  *open;        /* per open element: the tag we wrote for it, or NULL */
  int         depth_written;
  gboolean    need_break;  /* an unwrapped block ended: the next text starts a new line */
  gboolean    any_text;
} Sanitiser;

static void
sanitiser_start (gpointer     data,
                 const char  *name,
                 const char **attrs)
{
  Sanitiser *s = data;
  gboolean written = FALSE;

  if (g_str_equal (name, "br"))
    {
      if (s->out->len > 0)
        g_string_append (s->out, "<br/>");
      s->need_break = FALSE;
      /* br is void: the HTML parser still sends an end event for it. */
      g_ptr_array_add (s->open, NULL);
      return;
    }

  if (s->depth_written < MAX_TAG_DEPTH
      && is_allowed (name))
    {
      if (g_str_equal (name, "a"))
        {
          g_autofree char *href = safe_link (get_attr (attrs, "href"), s->base_url);

          if (href != NULL)
            {
              g_string_append (s->out, "<a href=\"");
              append_escaped (s->out, href, -1);
              g_string_append (s->out, "\">");
              written = TRUE;
            }
        }
      else
        {
          g_string_append_c (s->out, '<');
          g_string_append (s->out, name);
          g_string_append_c (s->out, '>');
          written = TRUE;
        }

      if (written)
        {
          s->depth_written++;
          if (is_block (name))
            s->need_break = FALSE;
        }
    }
  else if (is_block (name) && s->any_text)
    {
      s->need_break = TRUE;
    }

  g_ptr_array_add (s->open, written ? g_strdup (name) : NULL);
}

static void
sanitiser_end (gpointer    data,
               const char *name)
{
  Sanitiser *s = data;
  g_autofree char *written = NULL;

  if (s->open->len == 0)
    return;

  written = g_ptr_array_steal_index (s->open, s->open->len - 1);

  if (written != NULL)
    {
      g_string_append (s->out, "</");
      g_string_append (s->out, written);
      g_string_append_c (s->out, '>');
      s->depth_written--;
      if (is_block (name))
        s->need_break = FALSE;
    }
  else if (is_block (name) && s->any_text)
    {
      s->need_break = TRUE;
    }
}

static void
sanitiser_text (gpointer    data,
                const char *text,
                int         len)
{
  Sanitiser *s = data;
  gboolean blank = TRUE;

  for (int i = 0; i < len && blank; i++)
    blank = g_ascii_isspace (text[i]);

  if (!blank && s->need_break)
    {
      g_string_append (s->out, "<br/>");
      s->need_break = FALSE;
    }

  if (!blank)
    s->any_text = TRUE;

  append_escaped (s->out, text, len);
}

static void
sanitiser_reset (gpointer data)
{
  Sanitiser *s = data;

  g_string_truncate (s->out, 0);
  g_ptr_array_set_size (s->open, 0);
  s->depth_written = 0;
  s->need_break = FALSE;
  s->any_text = FALSE;
}

static const HtmlWalker sanitiser_walker = {
  sanitiser_start, sanitiser_end, sanitiser_text, sanitiser_reset,
};

/* Plain-text descriptions are common; their line breaks carry the structure. */
static char *
plain_text_to_html (const char *text)
{
  GString *out = g_string_new ("<p>");
  const char *p = text;

  while (*p)
    {
      if (*p == '\r')
        {
          p++;
          continue;
        }

      if (*p == '\n')
        {
          const char *q = p + 1;
          int newlines = 1;

          while (*q == '\n' || *q == '\r' || *q == ' ' || *q == '\t')
            {
              if (*q == '\n')
                newlines++;
              q++;
            }

          if (*q == '\0')
            break;

          g_string_append (out, newlines > 1 ? "</p><p>" : "<br/>");
          p = q;
          continue;
        }

      g_string_append_c (out, *p);
      p++;
    }

  g_string_append (out, "</p>");
  return g_string_free (out, FALSE);
}

/* The fast path. Most show notes are small, well-formed XHTML made only of allowed
 * elements and inline ones the allow-list ignores (span, img, …). For those, libxml2's
 * XML pass above hands the sanitiser a fixed sequence of events; this single scan of
 * the bytes produces the same events without a parser context, which is most of the
 * cost of 10,000 show notes. The moment the input leaves that subset (a comment, an
 * entity XML does not know, a dropped or unwrapped block element, a tag that is not
 * closed, a carriage return, a duplicated attribute…) it gives up, and the input takes
 * the full path: what comes out is byte for byte what the full path writes (the fuzz
 * target and test-html check that). Without unwrapped blocks the sanitiser's pending
 * line break never arises, so how text is split into events does not matter. */

#define SIMPLE_MAX_DEPTH 48
#define SIMPLE_MAX_ATTRS 16
#define SIMPLE_MAX_NAME 16

/* Bytes that end a plain run of text: markup, references, what needs escaping, what
 * XML refuses (control characters, carriage returns, which it rewrites) and non-ASCII,
 * which is checked to be UTF-8 as XML would. */
static const guint8 simple_text_stop[256] = {
  [0x00 ... 0x08] = 1, [0x0B ... 0x1F] = 1, ['<'] = 1, ['&'] = 1, [']'] = 1, ['>'] = 1,
  ['"'] = 1, [0x80 ... 0xFF] = 1,
};

/* The same inside an attribute value, where XML also rewrites tabs and newlines. */
static const guint8 simple_value_stop[256] = {
  [0x00 ... 0x1F] = 1, ['<'] = 1, ['&'] = 1, ['"'] = 1, ['\''] = 1, [0x80 ... 0xFF] = 1,
};

static gboolean
is_xml_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

static gboolean
is_simple_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ':' || c == '.' || c == '-';
}

/* The length of the UTF-8 character at @p (a byte >= 0x80), or 0 if it is not one that
 * XML accepts. */
static int
simple_utf8_length (const char *s,
                    const char *end)
{
  const guchar *p = (const guchar *) s;
  gsize left = end - s;

  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;

  if (p[0] >= 0xE0 && p[0] <= 0xEF)
    {
      if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
        return 0;
      if ((p[0] == 0xE0 && p[1] < 0xA0)      /* overlong */
          || (p[0] == 0xED && p[1] >= 0xA0)  /* surrogates */
          || (p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE))  /* U+FFFE, U+FFFF */
        return 0;
      return 3;
    }

  if (p[0] >= 0xF0 && p[0] <= 0xF4)
    {
      if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
        return 0;
      if ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
        return 0;
      return 4;
    }

  return 0;
}

/* One reference at @p ('&'), decoded into @out; the end of it, or NULL if XML would
 * refuse it. */
static const char *
simple_reference (const char *p,
                  const char *end,
                  GString    *out)
{
  static const struct { const char *name; gsize len; char c; } named[] = {
    { "amp;", 4, '&' }, { "lt;", 3, '<' }, { "gt;", 3, '>' }, { "quot;", 5, '"' },
    { "apos;", 5, '\'' },
  };
  gunichar value = 0;
  int digits = 0;

  p++;
  if (p < end && *p == '#')
    {
      gboolean hex = p + 1 < end && p[1] == 'x';

      for (p += hex ? 2 : 1; p < end && *p != ';'; p++, digits++)
        {
          int d = hex ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p);

          if (d < 0 || digits >= 7)
            return NULL;
          value = value * (hex ? 16 : 10) + d;
        }
      if (p >= end || digits == 0
          || !(value == 0x9 || value == 0xA || value == 0xD
               || (value >= 0x20 && value <= 0xD7FF) || (value >= 0xE000 && value <= 0xFFFD)
               || (value >= 0x10000 && value <= 0x10FFFF)))
        return NULL;
      g_string_append_unichar (out, value);
      return p + 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if ((gsize) (end - p) >= named[i].len && memcmp (p, named[i].name, named[i].len) == 0)
      {
        g_string_append_c (out, named[i].c);
        return p + named[i].len;
      }

  return NULL;
}

/* Text up to the next '<', written out escaped as sanitiser_text() would; NULL if XML
 * would refuse it. */
static const char *
simple_text (const char *p,
             const char *end,
             GString    *out,
             GString    *scratch)
{
  const char *run = p;

  while (p < end)
    {
      guchar c = *p;
      const char *replacement;

      if (G_LIKELY (!simple_text_stop[c]))
        {
          p++;
          continue;
        }

      if (c >= 0x80)
        {
          int n = simple_utf8_length (p, end);

          if (n == 0)
            return NULL;
          /* C1 controls: append_escaped() drops them. */
          if (c == 0xC2 && (guchar) p[1] <= 0x9F)
            {
              g_string_append_len (out, run, p - run);
              run = p + 2;
            }
          p += n;
          continue;
        }

      switch (c)
        {
        case '<':
          g_string_append_len (out, run, p - run);
          return p;
        case ']':
          if (end - p >= 3 && p[1] == ']' && p[2] == '>')
            return NULL;
          p++;
          continue;
        case '&':
          g_string_append_len (out, run, p - run);
          g_string_truncate (scratch, 0);
          p = simple_reference (p, end, scratch);
          if (p == NULL)
            return NULL;
          append_escaped (out, scratch->str, scratch->len);
          run = p;
          continue;
        case '>':
          replacement = "&gt;";
          break;
        case '"':
          replacement = "&quot;";
          break;
        default:
          return NULL;  /* control characters and '\r' */
        }

      g_string_append_len (out, run, p - run);
      g_string_append (out, replacement);
      p++;
      run = p;
    }

  g_string_append_len (out, run, p - run);
  return p;
}

/* A start tag's attributes up to its '>' or '/>'; @href gets the first href (in any
 * case), decoded. NULL if XML would refuse them. */
static const char *
simple_attributes (const char *p,
                   const char *end,
                   GString    *href,
                   GString    *scratch,
                   gboolean   *have_href)
{
  const char *names[SIMPLE_MAX_ATTRS];
  gsize lengths[SIMPLE_MAX_ATTRS];
  guint n_attrs = 0;

  *have_href = FALSE;

  for (;;)
    {
      const char *name;
      gsize name_len;
      gboolean is_href;
      gboolean blank = FALSE;
      char quote;

      while (p < end && is_xml_blank (*p))
        {
          p++;
          blank = TRUE;
        }
      if (p >= end)
        return NULL;
      if (*p == '>' || *p == '/')
        return p;
      /* Attributes are separated by white space. */
      if (!blank || !(g_ascii_isalpha (*p) || *p == '_' || *p == ':'))
        return NULL;

      name = p;
      while (p < end && is_simple_name_char (*p))
        p++;
      name_len = p - name;
      if (n_attrs == SIMPLE_MAX_ATTRS)
        return NULL;
      for (guint i = 0; i < n_attrs; i++)
        if (lengths[i] == name_len && memcmp (names[i], name, name_len) == 0)
          return NULL;
      names[n_attrs] = name;
      lengths[n_attrs++] = name_len;

      while (p < end && is_xml_blank (*p))
        p++;
      if (p >= end || *p != '=')
        return NULL;
      p++;
      while (p < end && is_xml_blank (*p))
        p++;
      if (p >= end || (*p != '"' && *p != '\''))
        return NULL;
      quote = *p++;

      is_href = !*have_href && name_len == 4 && g_ascii_strncasecmp (name, "href", 4) == 0;
      if (is_href)
        g_string_truncate (href, 0);

      for (;;)
        {
          const char *run = p;
          guchar c;

          while (p < end && !simple_value_stop[(guchar) *p])
            p++;
          if (is_href)
            g_string_append_len (href, run, p - run);
          if (p >= end)
            return NULL;

          c = *p;
          if (c == (guchar) quote)
            break;
          if (c == '&')
            {
              GString *sink = is_href ? href : scratch;

              if (!is_href)
                g_string_truncate (scratch, 0);
              p = simple_reference (p, end, sink);
              if (p == NULL)
                return NULL;
            }
          else if (c == '"' || c == '\'')
            {
              if (is_href)
                g_string_append_c (href, c);
              p++;
            }
          else if (c >= 0x80)
            {
              int n = simple_utf8_length (p, end);

              if (n == 0)
                return NULL;
              if (is_href)
                g_string_append_len (href, p, n);
              p += n;
            }
          else
            return NULL;  /* markup, control characters, white space XML rewrites */
        }
      p++;  /* the closing quote */
      if (is_href)
        *have_href = TRUE;
    }
}

/* An http(s) or mailto link that safe_link() would give back as it is. */
static gboolean
is_plain_safe_link (const char *href,
                    gsize       len)
{
  return (g_str_has_prefix (href, "https://") || g_str_has_prefix (href, "http://")
          || g_str_has_prefix (href, "mailto:"))
         && strpbrk (href, " \t\r\n\v\f") == NULL && strlen (href) == len;
}

static gboolean
sanitise_simple (const char *html,
                 Sanitiser  *s)
{
  struct
  {
    const char *name;
    gsize       len;
    gboolean    written;
    char        lower[SIMPLE_MAX_NAME + 1];
  } open[SIMPLE_MAX_DEPTH];
  g_autoptr(GString) scratch = NULL;
  g_autoptr(GString) href = NULL;
  GString *out = s->out;
  guint depth = 0;
  gsize len = strlen (html);
  const char *p = html;
  const char *end = html + len;

  if (len > MAX_HTML_LENGTH)
    return FALSE;

  /* As on the full path: only markup that starts with a tag is XML. */
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '<')
    return FALSE;

  scratch = g_string_new (NULL);
  href = g_string_new (NULL);
  p = html;

  while (p < end)
    {
      const char *name;
      gsize name_len;
      char lower[SIMPLE_MAX_NAME + 1];
      guint flags;
      gboolean have_href;
      gboolean empty;
      gboolean written = FALSE;

      if (*p != '<')
        {
          p = simple_text (p, end, out, scratch);
          if (p == NULL)
            return FALSE;
          continue;
        }

      p++;
      if (p < end && *p == '/')
        {
          p++;
          name = p;
          while (p < end && g_ascii_isalnum (*p))
            p++;
          name_len = p - name;
          while (p < end && is_xml_blank (*p))
            p++;
          if (p >= end || *p != '>' || depth == 0 || open[depth - 1].len != name_len
              || memcmp (open[depth - 1].name, name, name_len) != 0)
            return FALSE;
          p++;
          depth--;
          if (open[depth].written)
            {
              g_string_append (out, "</");
              g_string_append_len (out, open[depth].lower, name_len);
              g_string_append_c (out, '>');
            }
          continue;
        }

      name = p;
      while (p < end && g_ascii_isalnum (*p))
        p++;
      name_len = p - name;
      if (name_len == 0 || name_len > SIMPLE_MAX_NAME || !g_ascii_isalpha (name[0])
          || depth == SIMPLE_MAX_DEPTH)
        return FALSE;
      for (gsize i = 0; i < name_len; i++)
        lower[i] = g_ascii_tolower (name[i]);
      lower[name_len] = '\0';

      /* Dropped elements and unwrapped blocks take the full path. */
      flags = tag_flags (lower);
      if ((flags & TAG_DROPPED) != 0 || ((flags & TAG_BLOCK) != 0 && (flags & TAG_ALLOWED) == 0))
        return FALSE;

      p = simple_attributes (p, end, href, scratch, &have_href);
      if (p == NULL)
        return FALSE;
      empty = *p == '/';
      if (empty)
        {
          p++;
          if (p >= end || *p != '>')
            return FALSE;
        }
      p++;

      /* What sanitiser_start() writes: with no unwrapped block and a depth under its
       * limit, nothing else can happen. */
      if (name_len == 2 && lower[0] == 'b' && lower[1] == 'r')
        {
          if (out->len > 0)
            g_string_append (out, "<br/>");
        }
      else if (name_len == 1 && lower[0] == 'a')
        {
          if (have_href)
            {
              g_autofree char *link = NULL;
              const char *url = href->str;

              if (!is_plain_safe_link (href->str, href->len))
                url = link = safe_link (href->str, s->base_url);
              if (url != NULL)
                {
                  g_string_append (out, "<a href=\"");
                  append_escaped (out, url, -1);
                  g_string_append (out, "\">");
                  written = TRUE;
                }
            }
        }
      else if ((flags & TAG_ALLOWED) != 0)
        {
          g_string_append_c (out, '<');
          g_string_append_len (out, lower, name_len);
          g_string_append_c (out, '>');
          written = TRUE;
        }

      if (empty)
        {
          if (written)
            {
              g_string_append (out, "</");
              g_string_append_len (out, lower, name_len);
              g_string_append_c (out, '>');
            }
        }
      else
        {
          open[depth].name = name;
          open[depth].len = name_len;
          open[depth].written = written;
          memcpy (open[depth].lower, lower, name_len + 1);
          depth++;
        }
    }

  return depth == 0;
}

static void
sanitise_into (Sanitiser  *s,
               const char *html,
               gboolean    allow_simple)
{
  if (allow_simple && sanitise_simple (html, s))
    return;

  sanitiser_reset (s);
  run_html (html, &sanitiser_walker, s);
}

static char *
sanitise (const char *html,
          const char *base_url,
          gboolean    allow_simple)
{
  g_autofree char *converted = NULL;
  Sanitiser s = { 0 };

  if (html == NULL)
    return g_strdup ("");

  if (strchr (html, '<') == NULL && strchr (html, '\n') != NULL)
    html = converted = plain_text_to_html (html);

  s.out = g_string_sized_new (strlen (html) + 16);
  s.base_url = base_url;
  s.open = g_ptr_array_new_with_free_func (g_free);

  sanitise_into (&s, html, allow_simple);

  /* The parser closes what it opens; this only guards the output's balance. */
  while (s.open->len > 0)
    sanitiser_end (&s, "");
  g_ptr_array_unref (s.open);

  return g_strstrip (g_string_free (s.out, FALSE));
}

/**
 * lw_html_sanitise:
 * @html: (nullable): HTML from a feed
 * @base_url: (nullable): the URL relative links resolve against
 *
 * Returns: (transfer full): HTML holding only the allowed elements and attributes
 */
char *
lw_html_sanitise (const char *html,
                  const char *base_url)
{
  return sanitise (html, base_url, TRUE);
}

/**
 * lw_html_sanitise_reference:
 * @html: (nullable): HTML from a feed
 * @base_url: (nullable): the URL relative links resolve against
 *
 * lw_html_sanitise() without its fast path for simple markup: always libxml2's
 * parsers. Gives the same result; tests and the fuzz target check that it does.
 *
 * Returns: (transfer full): HTML holding only the allowed elements and attributes
 */
char *
lw_html_sanitise_reference (const char *html,
                            const char *base_url)
{
  return sanitise (html, base_url, FALSE);
}

/* Text and markup */

typedef struct
{
  gboolean ordered;
  int      counter;
} ListLevel;

typedef enum
{
  CLOSE_NOTHING,
  CLOSE_B,
  CLOSE_I,
  CLOSE_TT,
  CLOSE_A,
} CloseTag;

typedef struct
{
  GString  *out;
  gboolean  markup;        /* Pango markup rather than plain text */
  GString  *pending;       /* text not yet written: whitespace is collapsed per run */
  int       pending_break; /* 0, 1 = newline, 2 = blank line */
  gboolean  last_space;
  int       pre_depth;
  int       link_depth;
  GArray   *lists;         /* (element-type ListLevel) */
  GArray   *closers;       /* (element-type CloseTag) per open element */
} TextWriter;

/* "12:34" or "1:02:03" → seconds, or -1. */
static gint64
timestamp_at (const char *p,
              gsize      *length)
{
  gint64 parts[3];
  int n = 0;
  const char *q = p;

  while (n < 3)
    {
      int digits = 0;
      gint64 v = 0;

      while (g_ascii_isdigit (*q) && digits < 3)
        {
          v = v * 10 + (*q - '0');
          q++;
          digits++;
        }

      if (digits == 0 || (n > 0 && digits != 2) || (n == 0 && digits > 2))
        return -1;

      parts[n++] = v;

      if (*q == ':' && g_ascii_isdigit (q[1]))
        q++;
      else
        break;
    }

  if (n < 2 || g_ascii_isdigit (*q) || *q == ':')
    return -1;

  for (int i = 1; i < n; i++)
    if (parts[i] > 59)
      return -1;

  *length = q - p;

  return n == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
}

/* The length of the http(s) URL at @p, or 0; trailing punctuation is the sentence's. */
static gsize
url_at (const char *p,
        const char *end)
{
  const char *q;
  gsize scheme;

  if (end - p > 8 && memcmp (p, "https://", 8) == 0)
    scheme = 8;
  else if (end - p > 7 && memcmp (p, "http://", 7) == 0)
    scheme = 7;
  else
    return 0;

  q = p + scheme;
  while (q < end && (guchar) *q > ' ' && *q != '<' && *q != '>' && *q != '"' && (guchar) *q != 0xC2)
    q++;
  while (q > p + scheme && strchr (".,;:!?)]}'", q[-1]) != NULL)
    q--;

  return q > p + scheme ? (gsize) (q - p) : 0;
}

static void
write_text_run (TextWriter *w,
                const char *text,
                gsize       len)
{
  if (!w->markup)
    {
      g_string_append_len (w->out, text, len);
      return;
    }

  if (w->link_depth > 0)
    {
      append_escaped (w->out, text, len);
      return;
    }

  {
    const char *end = text + len;
    const char *run = text;

    for (const char *p = text; p < end; p++)
      {
        gsize ts_len;
        gint64 seconds;
        gsize url_len;

        /* Bare web addresses in the text become links too: notes are full of them. */
        if (*p == 'h' && (p == text || !g_ascii_isalnum (p[-1]))
            && (url_len = url_at (p, end)) > 0)
          {
            append_escaped (w->out, run, p - run);
            g_string_append (w->out, "<a href=\"");
            append_escaped (w->out, p, url_len);
            g_string_append (w->out, "\">");
            append_escaped (w->out, p, url_len);
            g_string_append (w->out, "</a>");
            p += url_len - 1;
            run = p + 1;
            continue;
          }

        if (!g_ascii_isdigit (*p) || (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == ':')))
          continue;

        seconds = timestamp_at (p, &ts_len);
        if (seconds < 0 || p + ts_len > end)
          continue;

        append_escaped (w->out, run, p - run);
        g_string_append_printf (w->out, "<a href=\"time:%" G_GINT64_FORMAT "\">", seconds);
        g_string_append_len (w->out, p, ts_len);
        g_string_append (w->out, "</a>");
        p += ts_len - 1;
        run = p + 1;
      }

    append_escaped (w->out, run, end - run);
  }
}

static void
flush_pending (TextWriter *w)
{
  if (w->pending->len == 0)
    return;

  if (w->out->len > 0 && w->pending_break > 0)
    g_string_append (w->out, w->pending_break > 1 ? "\n\n" : "\n");
  w->pending_break = 0;

  write_text_run (w, w->pending->str, w->pending->len);
  g_string_truncate (w->pending, 0);
}

static void
request_break (TextWriter *w,
               int         level)
{
  flush_pending (w);
  w->pending_break = MAX (w->pending_break, level);
  w->last_space = TRUE;
}

static void
write_tag (TextWriter *w,
           const char *tag)
{
  /* Opening tags go right before the text they wrap, after any pending break. */
  if (w->markup)
    {
      flush_pending (w);
      if (tag[1] != '/' && w->pending_break > 0)
        {
          if (w->out->len > 0)
            g_string_append (w->out, w->pending_break > 1 ? "\n\n" : "\n");
          w->pending_break = 0;
        }
      g_string_append (w->out, tag);
    }
}

static void
text_start (gpointer     data,
            const char  *name,
            const char **attrs)
{
  TextWriter *w = data;
  CloseTag closer = CLOSE_NOTHING;

  if (g_str_equal (name, "br"))
    {
      flush_pending (w);
      g_string_append_c (w->out, '\n');
      w->pending_break = 0;
      w->last_space = TRUE;
    }
  else if (g_str_equal (name, "li"))
    {
      ListLevel *level = w->lists->len > 0 ? &g_array_index (w->lists, ListLevel, w->lists->len - 1) : NULL;
      g_autofree char *bullet = NULL;

      request_break (w, 1);
      if (level != NULL && level->ordered)
        bullet = g_strdup_printf ("%d. ", ++level->counter);
      else
        bullet = g_strdup ("• ");
      for (guint i = 1; i < w->lists->len; i++)
        g_string_append (w->pending, "  ");
      g_string_append (w->pending, bullet);
    }
  else if (g_str_equal (name, "ul") || g_str_equal (name, "ol"))
    {
      ListLevel level = { g_str_equal (name, "ol"), 0 };

      request_break (w, w->lists->len == 0 ? 2 : 1);
      g_array_append_val (w->lists, level);
    }
  else if (is_heading (name))
    {
      request_break (w, 2);
      write_tag (w, "<b>");
      closer = CLOSE_B;
    }
  else if (g_str_equal (name, "pre"))
    {
      request_break (w, 2);
      write_tag (w, "<tt>");
      closer = CLOSE_TT;
      w->pre_depth++;
    }
  else if (is_block (name))
    {
      request_break (w, 2);
    }
  else if (g_str_equal (name, "b") || g_str_equal (name, "strong"))
    {
      write_tag (w, "<b>");
      closer = CLOSE_B;
    }
  else if (g_str_equal (name, "i") || g_str_equal (name, "em"))
    {
      write_tag (w, "<i>");
      closer = CLOSE_I;
    }
  else if (g_str_equal (name, "code"))
    {
      write_tag (w, "<tt>");
      closer = CLOSE_TT;
    }
  else if (g_str_equal (name, "a") && w->markup && w->link_depth == 0)
    {
      g_autofree char *href = safe_link (get_attr (attrs, "href"), NULL);

      if (href != NULL)
        {
          GString *tag = g_string_new ("<a href=\"");

          append_escaped (tag, href, -1);
          g_string_append (tag, "\">");
          write_tag (w, tag->str);
          g_string_free (tag, TRUE);
          closer = CLOSE_A;
          w->link_depth++;
        }
    }

  g_array_append_val (w->closers, closer);
}

static void
text_end (gpointer    data,
          const char *name)
{
  TextWriter *w = data;
  CloseTag closer = CLOSE_NOTHING;

  if (w->closers->len > 0)
    {
      closer = g_array_index (w->closers, CloseTag, w->closers->len - 1);
      g_array_set_size (w->closers, w->closers->len - 1);
    }

  switch (closer)
    {
    case CLOSE_B: write_tag (w, "</b>"); break;
    case CLOSE_I: write_tag (w, "</i>"); break;
    case CLOSE_TT: write_tag (w, "</tt>"); break;
    case CLOSE_A: write_tag (w, "</a>"); w->link_depth--; break;
    case CLOSE_NOTHING: default: break;
    }

  if (g_str_equal (name, "pre"))
    w->pre_depth = MAX (0, w->pre_depth - 1);

  if (g_str_equal (name, "ul") || g_str_equal (name, "ol"))
    {
      if (w->lists->len > 0)
        g_array_set_size (w->lists, w->lists->len - 1);
      request_break (w, w->lists->len == 0 ? 2 : 1);
    }
  else if (g_str_equal (name, "li"))
    request_break (w, 1);
  else if (is_block (name))
    request_break (w, 2);
}

static void
text_text (gpointer    data,
           const char *text,
           int         len)
{
  TextWriter *w = data;

  if (w->pre_depth > 0)
    {
      g_string_append_len (w->pending, text, len);
      w->last_space = FALSE;
      return;
    }

  /* HTML whitespace rules: every run becomes one space, none at a line start. */
  for (int i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          if (!w->last_space)
            g_string_append_c (w->pending, ' ');
          w->last_space = TRUE;
        }
      else
        {
          g_string_append_c (w->pending, c);
          w->last_space = FALSE;
        }
    }
}

static void
text_reset (gpointer data)
{
  TextWriter *w = data;

  g_string_truncate (w->out, 0);
  g_string_truncate (w->pending, 0);
  w->pending_break = 0;
  w->last_space = TRUE;
  w->pre_depth = 0;
  w->link_depth = 0;
  g_array_set_size (w->lists, 0);
  g_array_set_size (w->closers, 0);
}

static const HtmlWalker text_walker = {
  text_start, text_end, text_text, text_reset,
};

static char *
html_to_text_or_markup (const char *html,
                        gboolean    markup)
{
  TextWriter w = { 0 };
  GString *clean;
  gsize len;

  w.out = g_string_new (NULL);
  w.pending = g_string_new (NULL);
  w.markup = markup;
  w.last_space = TRUE;
  w.lists = g_array_new (FALSE, FALSE, sizeof (ListLevel));
  w.closers = g_array_new (FALSE, FALSE, sizeof (CloseTag));

  run_html (html, &text_walker, &w);

  /* Close whatever a cut-off document left open, innermost first. */
  for (guint i = w.closers->len; i > 0; i--)
    text_end (&w, "span");
  flush_pending (&w);

  g_array_unref (w.lists);
  g_array_unref (w.closers);
  g_string_free (w.pending, TRUE);

  /* Trailing spaces at line ends come from collapsed whitespace before a break. */
  clean = g_string_sized_new (w.out->len);
  for (const char *p = w.out->str; *p; p++)
    {
      if (*p == ' ')
        {
          const char *q = p;

          while (*q == ' ')
            q++;
          if (*q == '\n' || *q == '\0')
            {
              p = q - 1;
              continue;
            }
        }
      g_string_append_c (clean, *p);
      if (*p == '\n')
        while (p[1] == ' ')
          p++;
    }
  g_string_free (w.out, TRUE);

  len = clean->len;
  while (len > 0 && (clean->str[len - 1] == '\n' || clean->str[len - 1] == ' '))
    len--;
  g_string_truncate (clean, len);

  return g_string_free (clean, FALSE);
}

/**
 * lw_html_to_text:
 * @html: (nullable): HTML
 *
 * Returns: (transfer full): the text, paragraphs separated by blank lines
 */
/* Text without tags or entities needs no HTML parser: collapse the whitespace of each
 * line, keep single line breaks, and blank lines as paragraph breaks. Same result as the
 * parser path (via plain_text_to_html), a tenth of the cost; most item descriptions
 * are like this. */
static char *
plain_text_to_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  int newlines = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      char c = *p;

      if (c == '\n')
        {
          newlines++;
          space = FALSE;
        }
      else if (c == ' ' || c == '\t' || c == '\r' || c == '\f')
        {
          space = TRUE;
        }
      else
        {
          if (out->len > 0)
            {
              if (newlines > 0)
                g_string_append (out, newlines > 1 ? "\n\n" : "\n");
              else if (space)
                g_string_append_c (out, ' ');
            }
          newlines = 0;
          space = FALSE;
          g_string_append_c (out, c);
        }
    }

  return g_string_free (out, FALSE);
}

char *
lw_html_to_text (const char *html)
{
  g_autofree char *converted = NULL;

  if (html == NULL)
    return g_strdup ("");

  if (strpbrk (html, "<&") == NULL && g_utf8_validate (html, -1, NULL))
    return plain_text_to_text (html);

  if (strchr (html, '<') == NULL && strchr (html, '\n') != NULL)
    html = converted = plain_text_to_html (html);

  return html_to_text_or_markup (html, FALSE);
}

/* Elements that sit inside a word without breaking it. */
static gboolean
is_inline (const char *name,
           gsize       len)
{
  static const struct { const char *name; gsize len; } inline_elements[] = {
    { "a", 1 }, { "b", 1 }, { "i", 1 }, { "s", 1 }, { "u", 1 }, { "em", 2 }, { "sub", 3 },
    { "sup", 3 }, { "abbr", 4 }, { "code", 4 }, { "mark", 4 }, { "span", 4 }, { "small", 5 },
    { "strong", 6 },
  };

  if (len > 6)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (inline_elements); i++)
    if (inline_elements[i].len == len && g_ascii_strncasecmp (name, inline_elements[i].name, len) == 0)
      return TRUE;

  return FALSE;
}

/**
 * lw_html_to_search_text:
 * @sanitised_html: (nullable): HTML from lw_html_sanitise()
 *
 * Returns: (transfer full): the text of @sanitised_html, without tags or attributes
 */
char *
lw_html_to_search_text (const char *sanitised_html)
{
  const char *p = sanitised_html;
  const char *end;
  GString *out;

  if (sanitised_html == NULL)
    return g_strdup ("");

  end = p + strlen (p);
  out = g_string_sized_new (end - p);

  while (p < end)
    {
      const char *run = p;
      const char *name;
      char quote = 0;

      p += strcspn (p, "<&");
      g_string_append_len (out, run, p - run);
      if (p >= end)
        break;

      if (*p == '&')
        {
          const char *after = simple_reference (p, end, out);

          /* Not a reference: a literal ampersand. */
          if (after == NULL)
            {
              g_string_append_c (out, '&');
              after = p + 1;
            }
          p = after;
          continue;
        }

      /* A tag: its name decides between nothing and a space; the attributes (quoted
       * values may hold '>') never reach the index. */
      name = ++p;
      if (p < end && *p == '/')
        name = ++p;
      while (p < end && g_ascii_isalnum (*p))
        p++;
      if (!is_inline (name, p - name))
        g_string_append_c (out, ' ');
      for (; p < end && (quote != 0 || *p != '>'); p++)
        {
          if (quote != 0 && *p == quote)
            quote = 0;
          else if (quote == 0 && (*p == '"' || *p == '\''))
            quote = *p;
        }
      if (p < end)
        p++;
    }

  return g_string_free (out, FALSE);
}

/**
 * lw_html_to_markup:
 * @sanitised_html: (nullable): HTML from lw_html_sanitise()
 *
 * Returns: (transfer full): valid Pango markup
 */
char *
lw_html_to_markup (const char *sanitised_html)
{
  if (sanitised_html == NULL)
    return g_strdup ("");

  return html_to_text_or_markup (sanitised_html, TRUE);
}

/* Links */

typedef struct
{
  GPtrArray  *pairs;
  GHashTable *seen;
  char       *href;     /* the link being read */
  GString    *text;
  int         depth;    /* elements open inside that link */
} LinkCollector;

static void
links_start (gpointer     data,
             const char  *name,
             const char **attrs)
{
  LinkCollector *c = data;

  if (c->href != NULL)
    {
      c->depth++;
      return;
    }

  if (g_str_equal (name, "a"))
    {
      g_autofree char *href = safe_link (get_attr (attrs, "href"), NULL);

      if (href != NULL && g_ascii_strncasecmp (href, "mailto:", 7) != 0)
        {
          c->href = g_steal_pointer (&href);
          c->depth = 0;
          g_string_truncate (c->text, 0);
        }
    }
}

static void
links_end (gpointer    data,
           const char *name)
{
  LinkCollector *c = data;

  if (c->href == NULL)
    return;

  if (c->depth > 0)
    {
      c->depth--;
      return;
    }

  if (!g_hash_table_contains (c->seen, c->href))
    {
      g_autofree char *text = g_strstrip (g_strdup (c->text->str));

      g_hash_table_add (c->seen, g_strdup (c->href));
      g_ptr_array_add (c->pairs, g_strdup (c->href));
      g_ptr_array_add (c->pairs, text[0] != '\0' ? g_steal_pointer (&text) : g_strdup (c->href));
    }

  g_clear_pointer (&c->href, g_free);
}

static void
links_text (gpointer    data,
            const char *text,
            int         len)
{
  LinkCollector *c = data;

  if (c->href == NULL)
    return;

  for (int i = 0; i < len; i++)
    {
      if (g_ascii_isspace (text[i]))
        {
          if (c->text->len > 0 && c->text->str[c->text->len - 1] != ' ')
            g_string_append_c (c->text, ' ');
        }
      else
        g_string_append_c (c->text, text[i]);
    }
}

static void
links_reset (gpointer data)
{
  LinkCollector *c = data;

  for (guint i = 0; i < c->pairs->len; i++)
    g_free (g_ptr_array_index (c->pairs, i));
  g_ptr_array_set_size (c->pairs, 0);
  g_hash_table_remove_all (c->seen);
  g_clear_pointer (&c->href, g_free);
  g_string_truncate (c->text, 0);
  c->depth = 0;
}

static const HtmlWalker links_walker = {
  links_start, links_end, links_text, links_reset,
};

/**
 * lw_html_collect_links:
 * @sanitised_html: (nullable): HTML from lw_html_sanitise()
 *
 * Returns: (transfer full): url, text pairs, %NULL-terminated
 */
GStrv
lw_html_collect_links (const char *sanitised_html)
{
  LinkCollector c = { 0 };

  c.pairs = g_ptr_array_new ();
  c.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.text = g_string_new (NULL);

  run_html (sanitised_html, &links_walker, &c);

  g_free (c.href);
  g_string_free (c.text, TRUE);
  g_hash_table_unref (c.seen);
  g_ptr_array_add (c.pairs, NULL);

  return (GStrv) g_ptr_array_free (c.pairs, FALSE);
}
