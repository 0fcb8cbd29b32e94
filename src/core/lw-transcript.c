/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-transcript"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "lw-transcript.h"

/* JSON segments of one speaker are joined into a cue up to this length… */
#define MAX_MERGED_CHARS 240
/* …and across pauses shorter than this. */
#define MAX_MERGE_GAP_MS 1500

G_DEFINE_QUARK (lw-transcript-error-quark, lw_transcript_error)

LwTranscriptCue *
lw_transcript_cue_new (void)
{
  LwTranscriptCue *cue = g_new0 (LwTranscriptCue, 1);

  cue->start_ms = -1;
  cue->end_ms = -1;

  return cue;
}

void
lw_transcript_cue_free (LwTranscriptCue *cue)
{
  if (cue == NULL)
    return;

  g_free (cue->speaker);
  g_free (cue->text);
  g_free (cue);
}

/* Formats *************************************************************************/

LwTranscriptFormat
lw_transcript_format_guess (const char *mime_type,
                            const char *url)
{
  if (mime_type != NULL)
    {
      g_autofree char *type = g_ascii_strdown (mime_type, strcspn (mime_type, ";"));

      g_strstrip (type);
      if (g_str_equal (type, "text/vtt"))
        return LW_TRANSCRIPT_FORMAT_VTT;
      if (g_str_equal (type, "application/x-subrip") || g_str_equal (type, "application/srt") ||
          g_str_equal (type, "text/srt") || g_str_equal (type, "text/x-srt"))
        return LW_TRANSCRIPT_FORMAT_SRT;
      if (g_str_equal (type, "application/json"))
        return LW_TRANSCRIPT_FORMAT_JSON;
      if (g_str_equal (type, "text/html"))
        return LW_TRANSCRIPT_FORMAT_HTML;
    }

  if (url != NULL)
    {
      g_autofree char *path = g_ascii_strdown (url, strcspn (url, "?#"));

      if (g_str_has_suffix (path, ".vtt"))
        return LW_TRANSCRIPT_FORMAT_VTT;
      if (g_str_has_suffix (path, ".srt"))
        return LW_TRANSCRIPT_FORMAT_SRT;
      if (g_str_has_suffix (path, ".json"))
        return LW_TRANSCRIPT_FORMAT_JSON;
      if (g_str_has_suffix (path, ".html") || g_str_has_suffix (path, ".htm"))
        return LW_TRANSCRIPT_FORMAT_HTML;
    }

  return LW_TRANSCRIPT_FORMAT_UNKNOWN;
}

static const char *
skip_bom_and_space (const char *data,
                    const char *end)
{
  if (end - data >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3;

  while (data < end && g_ascii_isspace (*data))
    data++;

  return data;
}

LwTranscriptFormat
lw_transcript_format_sniff (const char *data,
                            gsize       length)
{
  const char *end = data + length;
  const char *p;
  const char *line_end;

  g_return_val_if_fail (data != NULL || length == 0, LW_TRANSCRIPT_FORMAT_UNKNOWN);

  p = skip_bom_and_space (data, end);
  if (p == end)
    return LW_TRANSCRIPT_FORMAT_UNKNOWN;

  if (end - p >= 6 && memcmp (p, "WEBVTT", 6) == 0)
    return LW_TRANSCRIPT_FORMAT_VTT;
  if (*p == '{' || *p == '[')
    return LW_TRANSCRIPT_FORMAT_JSON;
  if (*p == '<')
    return LW_TRANSCRIPT_FORMAT_HTML;

  /* SubRip: a cue number, then a timing line. */
  if (g_ascii_isdigit (*p))
    {
      line_end = memchr (p, '\n', end - p);
      if (line_end != NULL)
        {
          const char *next_end = memchr (line_end + 1, '\n', end - line_end - 1);
          gsize n = (next_end ? next_end : end) - (line_end + 1);

          if (g_strstr_len (line_end + 1, n, "-->") != NULL)
            return LW_TRANSCRIPT_FORMAT_SRT;
        }
    }

  return LW_TRANSCRIPT_FORMAT_UNKNOWN;
}

/* Text ****************************************************************************/

char *
lw_transcript_format_timestamp (gint64 ms)
{
  gint64 seconds = MAX (ms, 0) / 1000;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));

  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

gint64
lw_transcript_parse_timestamp (const char *text)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  gint64 value = 0;
  const char *seconds;
  char *end;
  guint64 whole;
  gint64 millis = 0;

  if (text == NULL)
    return -1;

  while (g_ascii_isspace (*text))
    text++;

  parts = g_strsplit (text, ":", -1);
  n = g_strv_length (parts);
  if (n < 1 || n > 3)
    return -1;

  for (guint i = 0; i + 1 < n; i++)
    {
      guint64 part;

      if (!g_ascii_isdigit (parts[i][0]))
        return -1;
      part = g_ascii_strtoull (parts[i], &end, 10);
      if (*end != '\0' || (i > 0 && part >= 60))
        return -1;
      value = value * 60 + (gint64) part;
    }

  seconds = g_strchomp (parts[n - 1]);
  if (!g_ascii_isdigit (seconds[0]))
    return -1;
  whole = g_ascii_strtoull (seconds, &end, 10);
  if (n > 1 && whole >= 60)
    return -1;

  /* WebVTT writes "01.500", SubRip "01,500". */
  if (*end == '.' || *end == ',')
    {
      int digits = 0;

      end++;
      while (g_ascii_isdigit (*end))
        {
          if (digits < 3)
            millis = millis * 10 + (*end - '0');
          digits++;
          end++;
        }
      if (digits == 0)
        return -1;
      for (; digits < 3; digits++)
        millis *= 10;
    }

  if (*end != '\0')
    return -1;

  return (value * 60 + (gint64) whole) * 1000 + millis;
}

/* Appends the character a WebVTT/HTML entity at @p (after '&') stands for; returns
 * the bytes read, 0 when it is not one we know (the '&' then stays). */
static gsize
append_entity (GString    *out,
               const char *p)
{
  static const struct { const char *name; const char *text; } entities[] = {
    { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" }, { "apos;", "'" },
    { "nbsp;", "\xC2\xA0" }, { "lrm;", "\xE2\x80\x8E" }, { "rlm;", "\xE2\x80\x8F" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_has_prefix (p, entities[i].name))
      {
        g_string_append (out, entities[i].text);
        return strlen (entities[i].name);
      }

  if (p[0] == '#')
    {
      gboolean hex = p[1] == 'x' || p[1] == 'X';
      char *end;
      guint64 c = g_ascii_strtoull (p + (hex ? 2 : 1), &end, hex ? 16 : 10);

      if (*end == ';' && end > p + (hex ? 2 : 1) && c > 0 && c <= 0x10FFFF && g_unichar_validate ((gunichar) c))
        {
          g_string_append_unichar (out, (gunichar) c);
          return end + 1 - p;
        }
    }

  return 0;
}

/* A cue's payload line without its markup: <b>, <i>, <c.x>, <lang>, <ruby>, inline
 * timestamps, SubRip's <font>; <v Name> gives the speaker. */
static void
append_payload_line (GString     *out,
                     const char  *line,
                     char       **speaker)
{
  const char *p = line;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *close = strchr (p, '>');

          if (close == NULL)
            {
              g_string_append (out, p);
              break;
            }

          /* <v Name> or <v.class Name> */
          if (p[1] == 'v' && (p[2] == ' ' || p[2] == '.' || p[2] == '\t'))
            {
              const char *name = p + 2;

              while (name < close && *name != ' ' && *name != '\t')
                name++;
              if (name < close && *speaker == NULL)
                {
                  g_autofree char *text = g_strndup (name, close - name);

                  *speaker = g_strdup (g_strstrip (text));
                  if ((*speaker)[0] == '\0')
                    g_clear_pointer (speaker, g_free);
                }
            }

          p = close + 1;
        }
      else if (*p == '&')
        {
          gsize used = append_entity (out, p + 1);

          if (used == 0)
            g_string_append_c (out, '&');
          p += used + 1;
        }
      else
        {
          g_string_append_c (out, *p);
          p++;
        }
    }
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;

  return TRUE;
}

static gboolean
starts_block (const char *line,
              const char *keyword)
{
  gsize n = strlen (keyword);

  return strncmp (line, keyword, n) == 0 && (line[n] == '\0' || line[n] == ' ' || line[n] == '\t');
}

/* "00:01.000 --> 00:04.000 align:start" */
static gboolean
parse_timing (const char *line,
              gint64     *start_ms,
              gint64     *end_ms)
{
  const char *arrow = strstr (line, "-->");
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  const char *p;

  if (arrow == NULL)
    return FALSE;

  start = g_strndup (line, arrow - line);
  p = arrow + 3;
  while (*p == ' ' || *p == '\t')
    p++;
  end = g_strndup (p, strcspn (p, " \t"));

  *start_ms = lw_transcript_parse_timestamp (g_strstrip (start));
  *end_ms = lw_transcript_parse_timestamp (end);

  return *start_ms >= 0;
}

/* WebVTT and SubRip share their shape: blocks between blank lines, each an optional
 * identifier, a timing line and the payload. */
static GPtrArray *
parse_cue_blocks (const char          *data,
                  gsize                length,
                  LwTranscriptFormat   format,
                  GError             **error)
{
  g_autoptr(GPtrArray) cues = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_transcript_cue_free);
  g_autoptr(GString) text = g_string_new_len (data, length);
  g_auto(GStrv) lines = NULL;
  guint i = 0;

  if (text->len >= 3 && memcmp (text->str, "\xEF\xBB\xBF", 3) == 0)
    g_string_erase (text, 0, 3);

  /* CRLF and lone CR become LF. */
  g_string_replace (text, "\r\n", "\n", 0);
  g_string_replace (text, "\r", "\n", 0);
  lines = g_strsplit (text->str, "\n", -1);

  if (format == LW_TRANSCRIPT_FORMAT_VTT)
    {
      if (lines[0] == NULL || !starts_block (lines[0], "WEBVTT"))
        {
          g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                       _("The transcript is not WebVTT: it does not start with “WEBVTT”"));
          return NULL;
        }
    }

  while (lines[i] != NULL)
    {
      guint first;
      guint timing;
      gint64 start_ms;
      gint64 end_ms;
      g_autoptr(GString) payload = NULL;
      char *speaker = NULL;

      while (lines[i] != NULL && is_blank (lines[i]))
        i++;
      if (lines[i] == NULL)
        break;

      first = i;
      while (lines[i] != NULL && !is_blank (lines[i]))
        i++;

      if (format == LW_TRANSCRIPT_FORMAT_VTT &&
          (starts_block (lines[first], "NOTE") || starts_block (lines[first], "STYLE") ||
           starts_block (lines[first], "REGION") || starts_block (lines[first], "WEBVTT")))
        continue;

      /* The timing line is the first or, after an identifier, the second. */
      timing = first;
      if (strstr (lines[timing], "-->") == NULL && timing + 1 < i)
        timing++;
      if (!parse_timing (lines[timing], &start_ms, &end_ms))
        {
          g_debug ("Skipping a transcript block without timing at line %u", first + 1);
          continue;
        }

      payload = g_string_new (NULL);
      for (guint j = timing + 1; j < i; j++)
        {
          if (payload->len > 0)
            g_string_append_c (payload, '\n');
          append_payload_line (payload, lines[j], &speaker);
        }

      g_strstrip (payload->str);
      payload->len = strlen (payload->str);

      if (payload->len > 0)
        {
          LwTranscriptCue *cue = lw_transcript_cue_new ();

          cue->start_ms = start_ms;
          cue->end_ms = end_ms;
          cue->speaker = speaker;
          cue->text = g_string_free (g_steal_pointer (&payload), FALSE);
          g_ptr_array_add (cues, cue);
        }
      else
        g_free (speaker);
    }

  return g_steal_pointer (&cues);
}

/* JSON ****************************************************************************/

static gint64
member_ms (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return -1;

  /* Numbers are seconds; some files write them as strings, or as timestamps. */
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end;
      double seconds = g_ascii_strtod (text, &end);

      if (end != text && *end == '\0')
        return seconds >= 0 ? (gint64) (seconds * 1000 + 0.5) : -1;

      return lw_transcript_parse_timestamp (text);
    }

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64)
    {
      double seconds = json_node_get_double (node);

      return seconds >= 0 ? (gint64) (seconds * 1000 + 0.5) : -1;
    }

  return -1;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
ends_sentence (const char *text)
{
  return g_str_has_suffix (text, ".") || g_str_has_suffix (text, "?") ||
         g_str_has_suffix (text, "!") || g_str_has_suffix (text, "…");
}

static GPtrArray *
parse_json (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GPtrArray) cues = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_transcript_cue_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *segments = NULL;
  LwTranscriptCue *last = NULL;
  GString *text = NULL;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The transcript is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "segments") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "segments")))
    segments = json_object_get_array_member (json_node_get_object (root), "segments");
  else if (JSON_NODE_HOLDS_ARRAY (root))
    segments = json_node_get_array (root);

  if (segments == NULL)
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The transcript has no “segments”"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (segments); i++)
    {
      JsonNode *node = json_array_get_element (segments, i);
      JsonObject *segment;
      const char *body;
      const char *speaker;
      gint64 start_ms;
      gint64 end_ms;
      g_autofree char *clean = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      segment = json_node_get_object (node);
      body = member_string (segment, "body");
      speaker = member_string (segment, "speaker");
      start_ms = member_ms (segment, "startTime");
      end_ms = member_ms (segment, "endTime");

      if (body == NULL || start_ms < 0)
        continue;

      clean = g_strstrip (g_strdup (body));
      if (clean[0] == '\0')
        continue;

      if (last != NULL &&
          g_strcmp0 (last->speaker, speaker) == 0 &&
          !ends_sentence (text->str) &&
          text->len + strlen (clean) < MAX_MERGED_CHARS &&
          (last->end_ms < 0 || start_ms - last->end_ms < MAX_MERGE_GAP_MS))
        {
          /* Word-level files: the next word of the same sentence. */
          if (!g_unichar_ispunct (g_utf8_get_char (clean)))
            g_string_append_c (text, ' ');
          g_string_append (text, clean);
          last->end_ms = end_ms;
          continue;
        }

      if (last != NULL)
        last->text = g_string_free (text, FALSE);

      last = lw_transcript_cue_new ();
      last->start_ms = start_ms;
      last->end_ms = end_ms;
      last->speaker = (speaker && speaker[0]) ? g_strdup (speaker) : NULL;
      text = g_string_new (clean);
      g_ptr_array_add (cues, last);
    }

  if (last != NULL)
    last->text = g_string_free (text, FALSE);

  return g_steal_pointer (&cues);
}

/* HTML ****************************************************************************/

/* Text of an element with runs of white space made one space. */
static char *
node_text (xmlNode *node)
{
  g_autofree char *raw = (char *) xmlNodeGetContent (node);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = raw ? raw : ""; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  GPtrArray *cues;
  char      *speaker;
  gint64     time_ms;
} HtmlState;

/* The Podcasting 2.0 HTML transcript: <cite>Speaker:</cite> <time>0:00</time>
 * <p>Text</p>, in document order. */
static void
walk_html (xmlNode   *node,
           HtmlState *state)
{
  for (; node != NULL; node = node->next)
    {
      const char *name = (const char *) node->name;

      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (g_ascii_strcasecmp (name, "script") == 0 || g_ascii_strcasecmp (name, "style") == 0 ||
          g_ascii_strcasecmp (name, "head") == 0)
        continue;

      if (g_ascii_strcasecmp (name, "cite") == 0)
        {
          char *speaker = node_text (node);
          gsize n = strlen (speaker);

          if (n > 0 && speaker[n - 1] == ':')
            speaker[n - 1] = '\0';
          g_strstrip (speaker);
          g_free (state->speaker);
          state->speaker = speaker[0] ? speaker : (g_free (speaker), NULL);
        }
      else if (g_ascii_strcasecmp (name, "time") == 0)
        {
          g_autofree char *text = node_text (node);
          gint64 ms = lw_transcript_parse_timestamp (text);

          if (ms >= 0)
            state->time_ms = ms;
        }
      else if (g_ascii_strcasecmp (name, "p") == 0)
        {
          g_autofree char *text = node_text (node);

          if (text[0] != '\0')
            {
              LwTranscriptCue *cue = lw_transcript_cue_new ();

              cue->start_ms = state->time_ms;
              cue->speaker = g_strdup (state->speaker);
              cue->text = g_steal_pointer (&text);
              g_ptr_array_add (state->cues, cue);
            }
        }
      else
        walk_html (node->children, state);
    }
}

static GPtrArray *
parse_html (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GPtrArray) cues = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_transcript_cue_free);
  HtmlState state = { cues, NULL, -1 };
  htmlDocPtr doc;

  if (length > G_MAXINT)
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The transcript is too large"));
      return NULL;
    }

  doc = htmlReadMemory (data, (int) length, NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
  if (doc == NULL)
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The transcript is not readable HTML"));
      return NULL;
    }

  walk_html (xmlDocGetRootElement (doc), &state);
  g_free (state.speaker);
  xmlFreeDoc (doc);

  return g_steal_pointer (&cues);
}

/* Parse ***************************************************************************/

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const LwTranscriptCue *x = *(LwTranscriptCue **) a;
  const LwTranscriptCue *y = *(LwTranscriptCue **) b;

  return (x->start_ms > y->start_ms) - (x->start_ms < y->start_ms);
}

GPtrArray *
lw_transcript_parse (const char          *data,
                     gsize                length,
                     LwTranscriptFormat   format,
                     GError             **error)
{
  g_autoptr(GPtrArray) cues = NULL;
  gboolean timed = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (format == LW_TRANSCRIPT_FORMAT_UNKNOWN)
    format = lw_transcript_format_sniff (data, length);

  if (format == LW_TRANSCRIPT_FORMAT_UNKNOWN)
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_UNSUPPORTED,
                   _("The transcript is in a format Longwave cannot read"));
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The transcript is not UTF-8 text"));
      return NULL;
    }

  switch (format)
    {
    case LW_TRANSCRIPT_FORMAT_VTT:
    case LW_TRANSCRIPT_FORMAT_SRT:
      cues = parse_cue_blocks (data, length, format, error);
      break;

    case LW_TRANSCRIPT_FORMAT_JSON:
      cues = parse_json (data, length, error);
      break;

    case LW_TRANSCRIPT_FORMAT_HTML:
      cues = parse_html (data, length, error);
      break;

    case LW_TRANSCRIPT_FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  if (cues == NULL)
    return NULL;

  if (cues->len == 0)
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The transcript is empty"));
      return NULL;
    }

  for (guint i = 0; i < cues->len; i++)
    if (((LwTranscriptCue *) cues->pdata[i])->start_ms < 0)
      timed = FALSE;

  if (timed)
    {
      /* Stable: cues at the same time keep the file's order. */
      g_ptr_array_sort (cues, compare_start);

      /* Where the file gives no end, a cue lasts until the next one. */
      for (guint i = 0; i + 1 < cues->len; i++)
        {
          LwTranscriptCue *cue = cues->pdata[i];

          if (cue->end_ms < cue->start_ms)
            cue->end_ms = ((LwTranscriptCue *) cues->pdata[i + 1])->start_ms;
        }
    }

  return g_steal_pointer (&cues);
}

int
lw_transcript_find_cue (GPtrArray *cues,
                        gint64     position_ms)
{
  int low = 0;
  int high;

  g_return_val_if_fail (cues != NULL, -1);

  if (cues->len == 0 || ((LwTranscriptCue *) cues->pdata[0])->start_ms < 0 ||
      position_ms < ((LwTranscriptCue *) cues->pdata[0])->start_ms)
    return -1;

  /* The last cue starting at or before the position. */
  high = (int) cues->len - 1;
  while (low < high)
    {
      int mid = low + (high - low + 1) / 2;

      if (((LwTranscriptCue *) cues->pdata[mid])->start_ms <= position_ms)
        low = mid;
      else
        high = mid - 1;
    }

  return low;
}

/* Fetch ***************************************************************************/

typedef struct
{
  char   *url;
  char   *mime_type;
  GBytes *body;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->url);
  g_free (data->mime_type);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (data->body, &length);
  LwTranscriptFormat format;
  GError *error = NULL;
  GPtrArray *cues;

  /* The body says best what it is; the feed's type and the URL come next. */
  format = lw_transcript_format_sniff (bytes, length);
  if (format == LW_TRANSCRIPT_FORMAT_UNKNOWN)
    format = lw_transcript_format_guess (data->mime_type, data->url);

  cues = lw_transcript_parse (bytes ? bytes : "", length, format, &error);
  if (cues == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cues, (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LwFetchResult) fetched = NULL;
  GError *error = NULL;
  FetchData *data = g_task_get_task_data (task);

  fetched = lw_feed_service_fetch_finish (LW_FEED_SERVICE (object), result, &error);
  if (fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (fetched->body == NULL)
    {
      g_task_return_new_error (task, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                               _("The transcript is empty"));
      return;
    }

  data->body = g_bytes_ref (fetched->body);
  if (data->mime_type == NULL)
    data->mime_type = g_strdup (fetched->content_type);

  g_task_run_in_thread (task, parse_thread);
}

void
lw_transcript_fetch_async (LwFeedService       *service,
                           const char          *url,
                           const char          *mime_type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (LW_IS_FEED_SERVICE (service));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_transcript_fetch_async);

  data = g_new0 (FetchData, 1);
  data->url = g_strdup (url);
  data->mime_type = g_strdup (mime_type);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  lw_feed_service_fetch_async (service, url, NULL, NULL, cancellable, fetch_cb, g_steal_pointer (&task));
}

GPtrArray *
lw_transcript_fetch_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_transcript_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
