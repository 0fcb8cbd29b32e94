/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-discovery"

#include "config.h"

#include <libxml/HTMLparser.h>

#include "lw-feed-discovery.h"

typedef struct
{
  char *base;   /* <base href>, when the page has one */
  char *rss;
  char *atom;
} Found;

static gboolean
has_token (const char *list,
           const char *token)
{
  g_auto(GStrv) tokens = NULL;

  if (list == NULL)
    return FALSE;

  tokens = g_strsplit_set (list, " \t\r\n\f", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (tokens[i], token) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);

  return copy;
}

static void
walk (xmlNode *node,
      Found   *found)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (xmlStrcasecmp (node->name, (const xmlChar *) "base") == 0 && found->base == NULL)
        {
          found->base = dup_attribute (node, "href");
        }
      else if (xmlStrcasecmp (node->name, (const xmlChar *) "link") == 0)
        {
          g_autofree char *rel = dup_attribute (node, "rel");
          g_autofree char *type = dup_attribute (node, "type");
          g_autofree char *href = NULL;

          if (!has_token (rel, "alternate") || type == NULL)
            continue;

          href = dup_attribute (node, "href");
          if (href == NULL || *href == '\0')
            continue;

          if (g_ascii_strcasecmp (type, "application/rss+xml") == 0 && found->rss == NULL)
            found->rss = g_steal_pointer (&href);
          else if (g_ascii_strcasecmp (type, "application/atom+xml") == 0 && found->atom == NULL)
            found->atom = g_steal_pointer (&href);
        }

      walk (node->children, found);
    }
}

/* @href against @base (either may be relative or NULL); NULL unless it ends up http(s). */
static GUri *
resolve (GUri       *base,
         const char *href)
{
  g_autoptr(GUri) resolved = NULL;
  const char *scheme;

  if (href == NULL)
    return NULL;

  if (base != NULL)
    resolved = g_uri_parse_relative (base, href, G_URI_FLAGS_NONE, NULL);
  else
    resolved = g_uri_parse (href, G_URI_FLAGS_NONE, NULL);

  if (resolved == NULL)
    return NULL;

  scheme = g_uri_get_scheme (resolved);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;

  return g_steal_pointer (&resolved);
}

char *
lw_feed_discover_in_html (GBytes     *html,
                          const char *base_url)
{
  g_autoptr(GUri) page = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) feed = NULL;
  Found found = { NULL, };
  htmlDocPtr doc;
  gsize size;
  const char *data;

  g_return_val_if_fail (html != NULL, NULL);

  data = g_bytes_get_data (html, &size);
  if (size == 0 || size > G_MAXINT)
    return NULL;

  /* The HTML parser, never the XML one: web pages are not well-formed. NONET keeps
   * it from loading anything the page names. */
  doc = htmlReadMemory (data, (int) size, base_url, NULL,
                        HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  if (doc == NULL)
    return NULL;

  walk (xmlDocGetRootElement (doc), &found);
  xmlFreeDoc (doc);

  if (base_url != NULL)
    page = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  /* <base href> may itself be relative to the page. */
  base = resolve (page, found.base);
  if (base == NULL && page != NULL)
    base = g_uri_ref (page);

  feed = resolve (base, found.rss);
  if (feed == NULL)
    feed = resolve (base, found.atom);

  g_free (found.base);
  g_free (found.rss);
  g_free (found.atom);

  return feed != NULL ? g_uri_to_string (feed) : NULL;
}
