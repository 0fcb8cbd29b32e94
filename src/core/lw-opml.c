/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-opml"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "lw-opml.h"
#include "lw-show.h"

/* Deeper nesting than any real subscription list; stops a hostile file from
 * exhausting the stack. */
#define MAX_DEPTH 64

G_DEFINE_QUARK (lw-opml-error-quark, lw_opml_error)

static void
lw_opml_entry_free (LwOpmlEntry *entry)
{
  g_free (entry->feed_url);
  g_free (entry->title);
  g_free (entry->html_url);
  g_free (entry->category);
  g_free (entry);
}

void
lw_opml_free (LwOpml *opml)
{
  if (opml == NULL)
    return;

  g_free (opml->title);
  g_ptr_array_unref (opml->entries);
  g_ptr_array_unref (opml->problems);
  g_free (opml);
}

static gboolean
name_is (xmlNode    *node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

/* Attribute names vary in case between apps (xmlUrl, xmlURL, xmlurl). Returns the
 * trimmed value, NULL when absent or blank. Only the text is kept: character and
 * predefined entities are already text, while references to entities the file
 * declares itself are dropped, never expanded (no XXE, no billion laughs). */
static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      g_autoptr(GString) value = NULL;

      if (g_ascii_strcasecmp ((const char *) attr->name, name) != 0)
        continue;

      value = g_string_new (NULL);
      for (xmlNode *child = attr->children; child != NULL; child = child->next)
        {
          if (child->type == XML_TEXT_NODE && child->content != NULL)
            g_string_append (value, (const char *) child->content);
        }

      g_strstrip (value->str);
      value->len = strlen (value->str);

      if (value->len == 0 || !g_utf8_validate (value->str, -1, NULL))
        return NULL;

      return g_string_free (g_steal_pointer (&value), FALSE);
    }

  return NULL;
}

static gboolean
has_outlines (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (name_is (child, "outline"))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_feed_scheme (const char *url)
{
  static const char * const schemes[] = { "http", "https", "feed", "podcast", "itpc", "pcast" };
  g_autofree char *scheme = g_uri_parse_scheme (url);

  if (scheme == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      if (g_ascii_strcasecmp (scheme, schemes[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Two spellings of one feed count as one: scheme and host are case-insensitive. */
static char *
dup_url_key (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *host = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  host = g_ascii_strdown (g_uri_get_host (uri), -1);

  return g_uri_join (G_URI_FLAGS_ENCODED,
                     g_uri_get_scheme (uri), g_uri_get_userinfo (uri), host,
                     g_uri_get_port (uri), g_uri_get_path (uri),
                     g_uri_get_query (uri), g_uri_get_fragment (uri));
}

static void
add_problem (LwOpml     *opml,
             xmlNode    *node,
             const char *title,
             const char *message)
{
  long line = xmlGetLineNo (node);

  if (title != NULL)
    /* Translators: “Show title” (line 12): what is wrong with it */
    g_ptr_array_add (opml->problems, g_strdup_printf (_("“%s” (line %ld): %s"), title, line, message));
  else
    g_ptr_array_add (opml->problems, g_strdup_printf (_("Line %ld: %s"), line, message));
}

static void
read_outlines (LwOpml     *opml,
               xmlNode    *parent,
               const char *category,
               guint       depth,
               GHashTable *seen)
{
  if (depth > MAX_DEPTH)
    {
      add_problem (opml, parent, NULL, _("outlines nested too deeply, skipped"));
      return;
    }

  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      g_autofree char *feed_url = NULL;
      g_autofree char *title = NULL;
      g_autofree char *key = NULL;
      LwOpmlEntry *entry;

      if (!name_is (node, "outline"))
        continue;

      feed_url = dup_attribute (node, "xmlUrl");
      /* gPodder and some older apps write url= on type="link" outlines. */
      if (feed_url == NULL)
        feed_url = dup_attribute (node, "url");
      title = dup_attribute (node, "text");
      if (title == NULL)
        title = dup_attribute (node, "title");

      if (has_outlines (node))
        {
          g_autofree char *child_category = NULL;

          /* A folder: its name becomes the category of what is inside. */
          if (title != NULL && feed_url == NULL)
            child_category = category != NULL ? g_strconcat (category, "/", title, NULL) : g_strdup (title);
          else
            child_category = g_strdup (category);

          read_outlines (opml, node, child_category, depth + 1, seen);

          if (feed_url == NULL)
            continue;
        }

      if (feed_url == NULL)
        {
          add_problem (opml, node, title, _("no feed address (xmlUrl)"));
          continue;
        }

      if (!is_feed_scheme (feed_url))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a web address"), feed_url);

          add_problem (opml, node, title, message);
          continue;
        }

      key = dup_url_key (feed_url);
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        {
          opml->duplicates++;
          continue;
        }

      entry = g_new0 (LwOpmlEntry, 1);
      entry->feed_url = g_steal_pointer (&feed_url);
      entry->title = g_steal_pointer (&title);
      entry->html_url = dup_attribute (node, "htmlUrl");
      entry->category = g_strdup (category);
      g_ptr_array_add (opml->entries, entry);
    }
}

/**
 * lw_opml_parse:
 * @data: the file's bytes
 * @length: their length
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what the document lists, or %NULL when it
 *   is not OPML
 */
LwOpml *
lw_opml_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(LwOpml) opml = NULL;
  g_autoptr(GHashTable) seen = NULL;
  xmlDoc *doc = NULL;
  xmlNode *root;
  xmlNode *body = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* NONET and no NOENT: no file or network access through entities. RECOVER:
   * lists written by hand often hold a bare "&" in a title. */
  if (length > 0 && length <= G_MAXINT)
    doc = xmlReadMemory (data, (int) length, NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_RECOVER |
                         XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      g_set_error_literal (error, LW_OPML_ERROR, LW_OPML_ERROR_NOT_XML,
                           _("This is not an OPML subscription list: it is not an XML document"));
      g_clear_pointer (&doc, xmlFreeDoc);
      return NULL;
    }

  if (!name_is (root, "opml"))
    {
      g_set_error (error, LW_OPML_ERROR, LW_OPML_ERROR_NOT_OPML,
                   _("This is not an OPML subscription list: the document is <%s>, not <opml>"),
                   (const char *) root->name);
      xmlFreeDoc (doc);
      return NULL;
    }

  opml = g_new0 (LwOpml, 1);
  opml->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_opml_entry_free);
  opml->problems = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (name_is (node, "body") && body == NULL)
        body = node;

      if (name_is (node, "head"))
        {
          for (xmlNode *child = node->children; child != NULL; child = child->next)
            {
              if (name_is (child, "title") && opml->title == NULL)
                {
                  /* Text children only: see dup_attribute() about entities. */
                  g_autoptr(GString) text = g_string_new (NULL);

                  for (xmlNode *t = child->children; t != NULL; t = t->next)
                    {
                      if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content != NULL)
                        g_string_append (text, (const char *) t->content);
                    }
                  opml->title = g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
                }
            }
        }
    }

  if (body == NULL)
    {
      g_set_error_literal (error, LW_OPML_ERROR, LW_OPML_ERROR_NOT_OPML,
                           _("This OPML file has no <body>: it lists no subscriptions"));
      xmlFreeDoc (doc);
      return NULL;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  read_outlines (opml, body, NULL, 0, seen);

  xmlFreeDoc (doc);

  return g_steal_pointer (&opml);
}

/**
 * lw_opml_parse_file:
 * @file: an OPML file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): see lw_opml_parse()
 */
LwOpml *
lw_opml_parse_file (GFile   *file,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, LW_OPML_ERROR, LW_OPML_ERROR_READ,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  return lw_opml_parse (contents, length, error);
}

/* XML 1.0 has no place for control characters, even escaped. */
static char *
dup_xml_text (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
write_attribute (xmlTextWriter *writer,
                 const char    *name,
                 const char    *value)
{
  g_autofree char *text = dup_xml_text (value);

  if (text != NULL && *text != '\0')
    xmlTextWriterWriteAttribute (writer, BAD_CAST name, BAD_CAST text);
}

/* RFC 822 in English whatever the locale, as OPML 2.0 asks. */
static char *
format_rfc822_now (void)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          months[g_date_time_get_month (now) - 1],
                          g_date_time_get_year (now),
                          g_date_time_get_hour (now),
                          g_date_time_get_minute (now),
                          g_date_time_get_second (now));
}

/**
 * lw_opml_write:
 * @shows: a #GListModel of #LwShow
 *
 * Returns: (transfer full): an OPML 2.0 document listing @shows
 */
GBytes *
lw_opml_write (GListModel *shows)
{
  g_autofree char *date = format_rfc822_now ();
  xmlBuffer *buffer;
  xmlTextWriter *writer;
  GBytes *bytes;

  g_return_val_if_fail (G_IS_LIST_MODEL (shows), NULL);

  buffer = xmlBufferCreate ();
  writer = xmlNewTextWriterMemory (buffer, 0);
  xmlTextWriterSetIndent (writer, 1);
  xmlTextWriterSetIndentString (writer, BAD_CAST "  ");

  xmlTextWriterStartDocument (writer, NULL, "UTF-8", NULL);
  xmlTextWriterStartElement (writer, BAD_CAST "opml");
  xmlTextWriterWriteAttribute (writer, BAD_CAST "version", BAD_CAST "2.0");

  xmlTextWriterStartElement (writer, BAD_CAST "head");
  xmlTextWriterWriteElement (writer, BAD_CAST "title", BAD_CAST _("Longwave subscriptions"));
  xmlTextWriterWriteElement (writer, BAD_CAST "dateCreated", BAD_CAST date);
  xmlTextWriterWriteElement (writer, BAD_CAST "docs", BAD_CAST "http://opml.org/spec2.opml");
  xmlTextWriterEndElement (writer);

  xmlTextWriterStartElement (writer, BAD_CAST "body");
  for (guint i = 0; i < g_list_model_get_n_items (shows); i++)
    {
      g_autoptr(LwShow) show = g_list_model_get_item (shows, i);
      const char *title = lw_show_get_title (show);

      /* text is required by the spec; an untitled show is named by its URL. */
      if (title == NULL || *title == '\0')
        title = lw_show_get_feed_url (show);

      xmlTextWriterStartElement (writer, BAD_CAST "outline");
      xmlTextWriterWriteAttribute (writer, BAD_CAST "type", BAD_CAST "rss");
      write_attribute (writer, "text", title);
      write_attribute (writer, "title", title);
      write_attribute (writer, "xmlUrl", lw_show_get_feed_url (show));
      write_attribute (writer, "htmlUrl", lw_show_get_link (show));
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);

  xmlTextWriterEndDocument (writer);
  xmlFreeTextWriter (writer);

  bytes = g_bytes_new (xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);

  return bytes;
}

/**
 * lw_opml_write_file:
 * @shows: a #GListModel of #LwShow
 * @file: where to write
 * @error: return location for a #GError
 *
 * Writes lw_opml_write() to @file, replacing it only once the new one is
 * complete.
 *
 * Returns: %TRUE on success
 */
gboolean
lw_opml_write_file (GListModel  *shows,
                    GFile       *file,
                    GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (shows), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = lw_opml_write (shows);

  if (!g_file_replace_contents (file,
                                g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, LW_OPML_ERROR, LW_OPML_ERROR_WRITE,
                   _("Could not write “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  return TRUE;
}
