/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lw-feed-parser-private.h"

/* One streaming SAX2 pass over the document, dispatching on (namespace, local name,
 * parent element); lw-feed-parser-private.h says which file holds what.
 * Safety comes from the options: XML_PARSE_NONET only.
 * Never XML_PARSE_NOENT (it substitutes external entities: XXE, local files) and never
 * XML_PARSE_HUGE (it lifts libxml2's guards against entity expansion and deep nesting).
 * Real feeds break the rules in a few well-known ways; each gets a targeted retry
 * rather than a blanket RECOVER that would also "recover" a truncated download. */

G_DEFINE_QUARK (lw-feed-parser-error-quark, lw_feed_parser_error)

static gboolean
is_hostile_error (int         code,
                  const char *message)
{
  return code == XML_ERR_ENTITY_LOOP
         || (message != NULL && (strstr (message, "Excessive depth") != NULL
                                 || strstr (message, "amplification") != NULL
                                 || strstr (message, "entity reference loop") != NULL
                                 || strstr (message, "Maximum entity") != NULL));
}

static void
structured_error (void        *data,
                  xmlErrorPtr  error)
{
  /* The user data is the parser context (see lw_feed_parser_init_sax()). */
  Parser *p = ((xmlParserCtxtPtr) data)->_private;

  if (error == NULL || error->level < XML_ERR_FATAL)
    return;

  /* Remembered whatever came first: RECOVER goes on past the first error. */
  if (is_hostile_error (error->code, error->message))
    p->saw_hostile = TRUE;

  if (p->xml_error_code != 0)
    return;

  p->xml_error_code = error->code;
  p->xml_error_line = error->line;
  p->xml_error_column = error->int2;
  p->xml_error_message = g_strstrip (g_strdup (error->message != NULL ? error->message : ""));
}

static void
ignore_generic_error (void       *ctx,
                      const char *msg,
                      ...)
{
}

static void
init_libxml (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }

  /* libxml2's error handlers are per thread: keep them off stderr on this one. */
  xmlSetGenericErrorFunc (NULL, ignore_generic_error);
  xmlSetStructuredErrorFunc (NULL, NULL);
}

static gboolean
is_encoding_error (int code)
{
  return code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING
         || code == XML_I18N_CONV_FAILED || code == XML_ERR_UNKNOWN_ENCODING
         || code == XML_ERR_UNSUPPORTED_ENCODING;
}

static gboolean
is_entity_error (int code)
{
  return code == XML_ERR_UNDECLARED_ENTITY || code == XML_ERR_NAME_REQUIRED
         || code == XML_ERR_ENTITYREF_SEMICOL_MISSING;
}

/* TRUE when the error sits at the very end of the data: a download cut short. */
static gboolean
error_at_end (const char *data,
              gsize       len,
              int         line,
              int         column)
{
  int last_line = 1;
  gsize last_line_start = 0;

  while (len > 0 && g_ascii_isspace (data[len - 1]))
    len--;

  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n')
      {
        last_line++;
        last_line_start = i + 1;
      }

  return line >= last_line && (gsize) column + 2 >= len - last_line_start;
}

/* Where the data ends, as a line and column. */
static void
end_position (const char *data,
              gsize       len,
              int        *line,
              int        *column)
{
  gsize line_start = 0;

  while (len > 0 && g_ascii_isspace (data[len - 1]))
    len--;

  *line = 1;
  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n')
      {
        (*line)++;
        line_start = i + 1;
      }
  *column = (int) (len - line_start) + 1;
}

/* libxml2 answers a document cut short inside a CDATA section, a comment or a tag
 * with "Extra content at the end of the document", pointing at where that section
 * starts. A document that really has something after its root holds the root's end
 * tag; one that was cut short never got that far. */
static gboolean
lacks_root_end (const char *data,
                gsize       len)
{
  const char *first = lw_feed_parser_first_tag (data, len);
  g_autofree char *end_tag = NULL;
  const char *end = data + len;
  const char *p;
  gsize name_len = 0;

  if (first == NULL)
    return TRUE;

  first++;
  while (first + name_len < end && !g_ascii_isspace (first[name_len])
         && first[name_len] != '>' && first[name_len] != '/')
    name_len++;
  end_tag = g_strdup_printf ("</%.*s", (int) name_len, first);

  for (p = data; (p = g_strstr_len (p, end - p, end_tag)) != NULL; p++)
    {
      const char *after = p + name_len + 2;

      if (after < end && (*after == '>' || g_ascii_isspace (*after)))
        return FALSE;
    }

  return TRUE;
}

typedef enum
{
  ATTEMPT_STREAM,
  ATTEMPT_RECOVER,  /* the same with libxml2's RECOVER */
  ATTEMPT_FILE,     /* streamed from a file descriptor (see lw_feed_parser_parse_file) */
} AttemptMode;

/* A file read in small pieces, after the head that was already read to sniff it. */
typedef struct
{
  int         fd;
  const char *head;
  gsize       head_len;
} FileSource;

static int
file_source_read (void *context,
                  char *buffer,
                  int   len)
{
  FileSource *source = context;
  gssize n;

  if (source->head_len > 0)
    {
      gsize take = MIN (source->head_len, (gsize) len);

      memcpy (buffer, source->head, take);
      source->head += take;
      source->head_len -= take;
      return (int) take;
    }

  do
    n = read (source->fd, buffer, len);
  while (n < 0 && errno == EINTR);

  return (int) n;
}

typedef struct
{
  int   code;
  int   line;
  int   column;
  char *message;
} XmlFailure;

static void
xml_failure_clear (XmlFailure *failure)
{
  g_clear_pointer (&failure->message, g_free);
  failure->code = 0;
}

#define CHUNK_SIZE (64 * 1024)

/* One pass over the document. Returns the feed; or NULL with @error set (not a feed,
 * HTML, …), or NULL with @failure holding libxml2's first fatal error. */
static LwFeed *
attempt (const char  *data,
         gsize        len,
         const char  *base_url,
         const char  *encoding,
         AttemptMode  mode,
         XmlFailure  *failure,
         GError     **error)
{
  Parser p;
  xmlSAXHandler sax;
  xmlParserCtxtPtr ctxt;
  g_autofree char *buffer = NULL;
  gsize offset = 0;
  gboolean ok;
  int options = XML_PARSE_NONET;

  xml_failure_clear (failure);
  lw_feed_parser_state_init (&p, base_url);
  /* A file is not in memory to look: track xml:base on every element. */
  p.has_xml_base = mode == ATTEMPT_FILE || lw_feed_parser_contains (data, len, "xml:base");

  /* An encoding forced by us overrides the (wrong) declaration. */
  if (encoding != NULL)
    options |= XML_PARSE_IGNORE_ENC;
  /* libxml2 goes on past errors, and says what it recovered from. */
  if (mode == ATTEMPT_RECOVER)
    options |= XML_PARSE_RECOVER;

  lw_feed_parser_init_sax (&sax);
  sax.serror = structured_error;

  /* As xmlTextReader does: the first bytes to detect the encoding, then the options
   * and any forced encoding, then the rest in chunks. */
  if (mode == ATTEMPT_FILE)
    {
      int n;

      buffer = g_malloc (CHUNK_SIZE);
      n = file_source_read ((gpointer) data, buffer, 4);
      ctxt = xmlCreatePushParserCtxt (&sax, NULL, buffer, MAX (n, 0), base_url);
    }
  else
    {
      offset = MIN (len, 4);
      ctxt = xmlCreatePushParserCtxt (&sax, NULL, data, (int) offset, base_url);
    }

  if (ctxt == NULL)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_MALFORMED,
                   _("The feed could not be read."));
      lw_feed_parser_state_clear (&p);
      return NULL;
    }

  ctxt->_private = &p;
  p.ctxt = ctxt;
  xmlCtxtUseOptions (ctxt, options);
  if (encoding != NULL)
    {
      xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler (encoding);

      if (handler != NULL)
        xmlSwitchToEncoding (ctxt, handler);
    }

  for (;;)
    {
      const char *chunk;
      gsize chunk_len;

      /* After the first fatal error there is nothing more to learn (but in RECOVER). */
      if (p.stop || (mode != ATTEMPT_RECOVER && p.xml_error_code != 0))
        break;

      if (mode == ATTEMPT_FILE)
        {
          int n = file_source_read ((gpointer) data, buffer, CHUNK_SIZE);

          chunk = buffer;
          chunk_len = MAX (n, 0);
        }
      else
        {
          chunk = data + offset;
          chunk_len = MIN (len - offset, CHUNK_SIZE);
          offset += chunk_len;
        }

      xmlParseChunk (ctxt, chunk, (int) chunk_len, chunk_len == 0);
      if (chunk_len == 0)
        break;
    }

  if (mode == ATTEMPT_RECOVER)
    {
      if (p.kind == KIND_UNKNOWN || p.saw_hostile)
        {
          failure->code = p.saw_hostile ? XML_ERR_ENTITY_LOOP
                          : p.xml_error_code != 0 ? p.xml_error_code : XML_ERR_DOCUMENT_EMPTY;
          failure->line = p.xml_error_line;
          failure->column = p.xml_error_column;
          failure->message = g_steal_pointer (&p.xml_error_message);
          g_clear_pointer (&ctxt->myDoc, xmlFreeDoc);
          xmlFreeParserCtxt (ctxt);
          p.ctxt = NULL;
          lw_feed_parser_state_clear (&p);
          return NULL;
        }
      /* Recovered errors are what this mode is for. */
      p.xml_error_code = 0;
      g_clear_pointer (&p.xml_error_message, g_free);
      ok = !p.stop;
    }
  else
    ok = !p.stop && ctxt->wellFormed && p.xml_error_code == 0;

  g_clear_pointer (&ctxt->myDoc, xmlFreeDoc);
  xmlFreeParserCtxt (ctxt);
  p.ctxt = NULL;

  if (!ok)
    {
      if (p.error != NULL)
        g_propagate_error (error, g_steal_pointer (&p.error));
      else
        {
          failure->code = p.xml_error_code != 0 ? p.xml_error_code : XML_ERR_INTERNAL_ERROR;
          /* Nothing but a declaration (or a comment): empty, not cut short. */
          if (mode != ATTEMPT_FILE && len < 16384 && lw_feed_parser_first_tag (data, len) == NULL)
            failure->code = XML_ERR_DOCUMENT_EMPTY;
          failure->line = p.xml_error_line;
          failure->column = p.xml_error_column;
          failure->message = g_steal_pointer (&p.xml_error_message);
        }
      lw_feed_parser_state_clear (&p);
      return NULL;
    }

  if (p.kind == KIND_UNKNOWN)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_EMPTY,
                   _("The feed has no content."));
      lw_feed_parser_state_clear (&p);
      return NULL;
    }

  /* <rss> with neither a channel nor anything a channel holds. */
  if (p.kind == KIND_RSS && !p.saw_channel && p.feed->title == NULL && p.feed->items->len == 0)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_NOT_A_FEED,
                   _("This is not a podcast feed: the RSS document has no channel."));
      lw_feed_parser_state_clear (&p);
      return NULL;
    }

  lw_feed_parser_finish_feed (&p);
  lw_feed_parser_finish_notes_jobs (&p, TRUE);

  {
    LwFeed *feed = g_steal_pointer (&p.feed);

    lw_feed_parser_state_clear (&p);
    return feed;
  }
}

static void
set_failure_error (const XmlFailure  *failure,
                   const char        *data,
                   gsize              len,
                   GError           **error)
{
  int line = failure->line;
  int column = failure->column;

  if (is_hostile_error (failure->code, failure->message))
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_HOSTILE,
                   _("This feed was refused because it is built to exhaust the reader "
                     "(entity expansion or nesting beyond the safe limits, line %d)."),
                   line);
      return;
    }

  if (failure->code == XML_ERR_DOCUMENT_EMPTY)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_EMPTY,
                   _("The feed has no content."));
      return;
    }

  if ((failure->code == XML_ERR_DOCUMENT_END && lacks_root_end (data, len))
      || failure->code == XML_ERR_TAG_NOT_FINISHED || error_at_end (data, len, line, column))
    {
      if (failure->code == XML_ERR_DOCUMENT_END)
        end_position (data, len, &line, &column);
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_MALFORMED,
                   _("The feed is incomplete: it ends in the middle of the document "
                     "(line %d, column %d)."), line, column);
      return;
    }

  if (is_encoding_error (failure->code))
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_MALFORMED,
                   _("The feed’s text is not in the encoding it declares (line %d, column %d)."),
                   line, column);
      return;
    }

  g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_MALFORMED,
               _("The feed is not well-formed XML (line %d, column %d: %s)."),
               line, column, failure->message != NULL ? failure->message : "");
}

static LwFeed *
parse_memory (const char  *data,
              gsize        len,
              const char  *base_url,
              GError     **error)
{
  g_autoptr(GBytes) repaired = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autofree char *declared = NULL;
  const char *encoding = NULL;
  gboolean ascii_compatible;
  XmlFailure failure = { 0 };
  LwFeed *feed;

  init_libxml ();

  /* libxml2 rejects whitespace before the XML declaration; feeds have it. The BOM goes
   * too (after it, the declaration or UTF-8 default says the same). */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  while (len > 0 && g_ascii_isspace (*data))
    {
      data++;
      len--;
    }

  if (len == 0)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_EMPTY,
                   _("The feed is empty."));
      return NULL;
    }

  if (lw_feed_parser_sniff_html (data, len))
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_HTML,
                   _("This is an HTML page, not a podcast feed."));
      return NULL;
    }

  if (len > G_MAXINT / 2)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_HOSTILE,
                   _("The feed is too large to read (over 1 GB)."));
      return NULL;
    }

  /* UTF-16 and UCS-4 start with a NUL or a BOM in the first bytes; libxml2 reads those
   * by itself. The repairs below work on bytes and are only for the others. */
  ascii_compatible = !(len >= 2 && ((guchar) data[0] == 0xFE || (guchar) data[0] == 0xFF
                                    || data[0] == '\0' || data[1] == '\0'));

  /* Feeds declared ISO-8859-1 are written on Windows: their 0x80–0x9F are curly quotes
   * and dashes, not control characters. Browsers read them as windows-1252 too. */
  if (ascii_compatible)
    {
      declared = lw_feed_parser_declared_encoding (data, len);
      if (declared != NULL
          && (g_str_equal (declared, "iso-8859-1") || g_str_equal (declared, "latin1")
              || g_str_equal (declared, "iso_8859-1") || g_str_equal (declared, "us-ascii"))
          && lw_feed_parser_has_c1_bytes (data, len))
        encoding = "windows-1252";
    }

  feed = attempt (data, len, base_url, encoding, ATTEMPT_STREAM, &failure, error);
  if (feed == NULL && encoding != NULL && is_encoding_error (failure.code))
    {
      encoding = NULL;
      feed = attempt (data, len, base_url, NULL, ATTEMPT_STREAM, &failure, error);
    }

  /* Declared UTF-8 (or nothing, which means UTF-8) but windows-1252 bytes inside. */
  if (feed == NULL && failure.code != 0 && is_encoding_error (failure.code) && ascii_compatible
      && (declared == NULL || g_str_equal (declared, "utf-8") || g_str_equal (declared, "utf8")))
    {
      gsize repaired_len;
      const char *repaired_data;

      repaired = lw_feed_parser_repair_as_cp1252 (data, len);
      repaired_data = g_bytes_get_data (repaired, &repaired_len);
      feed = attempt (repaired_data, repaired_len, base_url, "UTF-8", ATTEMPT_STREAM, &failure, error);
      if (feed == NULL && failure.code != 0)
        {
          data = repaired_data;
          len = repaired_len;
          encoding = "UTF-8";
        }
    }

  /* &nbsp; and friends, and a bare '&': rewrite them and stream again. */
  if (feed == NULL && failure.code != 0 && is_entity_error (failure.code) && ascii_compatible)
    {
      gsize rewritten_len;
      const char *rewritten_data;

      rewritten = lw_feed_parser_rewrite_entities (data, len);
      rewritten_data = g_bytes_get_data (rewritten, &rewritten_len);
      feed = attempt (rewritten_data, rewritten_len, base_url, encoding, ATTEMPT_STREAM, &failure, error);
      if (feed == NULL && failure.code != 0)
        {
          data = rewritten_data;
          len = rewritten_len;
        }
    }

  /* Whatever is still broken but not cut short (unescaped HTML in a description,
   * mismatched tags, an entity we could not map): libxml2's DOM parser with RECOVER,
   * as other readers do. Never for a truncated download: that must say so. */
  if (feed == NULL && failure.code != 0
      && (is_entity_error (failure.code) || failure.code == XML_ERR_TAG_NAME_MISMATCH)
      && !error_at_end (data, len, failure.line, failure.column)
      /* Real feeds do not declare entities; a document that does gets no leniency. */
      && !lw_feed_parser_contains (data, len, "<!ENTITY"))
    {
      XmlFailure first = { failure.code, failure.line, failure.column, g_strdup (failure.message) };

      feed = attempt (data, len, base_url, encoding, ATTEMPT_RECOVER, &failure, error);
      if (feed == NULL && failure.code != 0 && !is_hostile_error (failure.code, failure.message))
        {
          /* Report the original problem, not the recovery's (unless it is hostile). */
          xml_failure_clear (&failure);
          failure = first;
        }
      else
        xml_failure_clear (&first);
    }

  if (feed == NULL && failure.code != 0)
    set_failure_error (&failure, data, len, error);

  xml_failure_clear (&failure);
  return feed;
}

/**
 * lw_feed_parser_parse_bytes:
 * @bytes: the document
 * @base_url: (nullable): where it came from
 * @error: return location for a #LW_FEED_PARSER_ERROR
 *
 * Returns: (transfer full): the feed, or %NULL with @error set
 */
LwFeed *
lw_feed_parser_parse_bytes (GBytes      *bytes,
                            const char  *base_url,
                            GError     **error)
{
  gsize len;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";

  return parse_memory (data, len, base_url, error);
}

/**
 * lw_feed_parser_parse_file:
 * @path: a local file
 * @base_url: (nullable): where it came from
 * @error: return location for a #LW_FEED_PARSER_ERROR or #G_FILE_ERROR
 *
 * Returns: (transfer full): the feed, or %NULL with @error set
 */
LwFeed *
lw_feed_parser_parse_file (const char  *path,
                           const char  *base_url,
                           GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autofree char *head = NULL;
  g_autofree char *declared = NULL;
  XmlFailure failure = { 0 };
  FileSource source;
  gsize head_len = 0;
  gssize n;
  int fd;
  LwFeed *feed = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  init_libxml ();

  /* The common case, a well-formed feed, is streamed from the file: its bytes are never
   * all in memory at once, so a 100 MB feed costs little more than what it holds.
   * Anything that goes wrong is redone below with the whole file mapped, where every
   * repair and every precise error message is available. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      head = g_malloc (16384);
      while (head_len < 16384 && (n = read (fd, head + head_len, 16384 - head_len)) != 0)
        {
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            break;
          head_len += n;
        }

      source.fd = fd;
      source.head = head;
      source.head_len = head_len;
      if (head_len >= 3 && memcmp (head, "\xEF\xBB\xBF", 3) == 0)
        {
          source.head += 3;
          source.head_len -= 3;
        }
      while (source.head_len > 0 && g_ascii_isspace (*source.head))
        {
          source.head++;
          source.head_len--;
        }

      /* Only plain cases: UTF-8 or a declared single-byte encoding, a first tag that
       * is not HTML. */
      if (source.head_len > 0 && lw_feed_parser_first_tag (source.head, source.head_len) != NULL
          && !lw_feed_parser_sniff_html (source.head, source.head_len)
          && source.head[0] == '<' && source.head_len >= 2 && source.head[1] != '\0')
        {
          const char *encoding = NULL;

          declared = lw_feed_parser_declared_encoding (source.head, source.head_len);
          if (declared != NULL
              && (g_str_equal (declared, "iso-8859-1") || g_str_equal (declared, "latin1")
                  || g_str_equal (declared, "iso_8859-1") || g_str_equal (declared, "us-ascii")))
            encoding = "windows-1252";

          feed = attempt ((const char *) &source, 0, base_url, encoding, ATTEMPT_FILE, &failure, NULL);
        }

      close (fd);
      xml_failure_clear (&failure);
      if (feed != NULL)
        return feed;
    }

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;

  return parse_memory (g_mapped_file_get_contents (file), g_mapped_file_get_length (file),
                       base_url, error);
}
