/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-date.h"
#include "lw-feed-parser-private.h"

/* One streaming SAX2 pass over the document, dispatching on (namespace,
 * local name, parent element) to the handlers of each format. */

typedef struct
{
  Ns          ns;
  const char *name;
  Elem        elem;
} ElemName;

static const ElemName elem_names[] = {
  { NS_NONE, "rss", EL_RSS },
  { NS_NONE, "channel", EL_CHANNEL },
  { NS_NONE, "item", EL_ITEM },
  { NS_NONE, "image", EL_IMAGE },
  { NS_NONE, "title", EL_TITLE },
  { NS_NONE, "link", EL_LINK },
  { NS_NONE, "description", EL_DESCRIPTION },
  { NS_NONE, "pubDate", EL_PUBDATE },
  { NS_NONE, "guid", EL_GUID },
  { NS_NONE, "enclosure", EL_ENCLOSURE },
  { NS_NONE, "language", EL_LANGUAGE },
  { NS_NONE, "url", EL_URL },
  { NS_NONE, "author", EL_AUTHOR },
  { NS_NONE, "managingEditor", EL_MANAGING_EDITOR },
  { NS_NONE, "redirect", EL_REDIRECT },
  { NS_NONE, "newLocation", EL_NEW_LOCATION },
  { NS_RDF, "RDF", EL_RDF },
  { NS_CONTENT, "encoded", EL_CONTENT_ENCODED },
  { NS_DC, "creator", EL_DC_CREATOR },
  { NS_DC, "date", EL_DC_DATE },
  { NS_DC, "language", EL_DC_LANGUAGE },
  { NS_ITUNES, "author", EL_ITUNES_AUTHOR },
  { NS_ITUNES, "owner", EL_ITUNES_OWNER },
  { NS_ITUNES, "name", EL_ITUNES_NAME },
  { NS_ITUNES, "email", EL_ITUNES_EMAIL },
  { NS_ITUNES, "image", EL_ITUNES_IMAGE },
  { NS_ITUNES, "category", EL_ITUNES_CATEGORY },
  { NS_ITUNES, "explicit", EL_ITUNES_EXPLICIT },
  { NS_ITUNES, "type", EL_ITUNES_TYPE },
  { NS_ITUNES, "new-feed-url", EL_ITUNES_NEW_FEED_URL },
  { NS_ITUNES, "duration", EL_ITUNES_DURATION },
  { NS_ITUNES, "season", EL_ITUNES_SEASON },
  { NS_ITUNES, "episode", EL_ITUNES_EPISODE },
  { NS_ITUNES, "episodeType", EL_ITUNES_EPISODE_TYPE },
  { NS_ITUNES, "summary", EL_ITUNES_SUMMARY },
  { NS_ITUNES, "subtitle", EL_ITUNES_SUBTITLE },
  { NS_ITUNES, "title", EL_ITUNES_TITLE },
  { NS_GOOGLEPLAY, "author", EL_ITUNES_AUTHOR },
  { NS_GOOGLEPLAY, "description", EL_ITUNES_SUMMARY },
  { NS_GOOGLEPLAY, "explicit", EL_ITUNES_EXPLICIT },
  { NS_GOOGLEPLAY, "image", EL_ITUNES_IMAGE },
  { NS_ATOM, "feed", EL_ATOM_FEED },
  { NS_ATOM, "entry", EL_ATOM_ENTRY },
  { NS_ATOM, "author", EL_ATOM_AUTHOR },
  { NS_ATOM, "link", EL_ATOM_LINK },
  { NS_ATOM, "title", EL_ATOM_TITLE },
  { NS_ATOM, "subtitle", EL_ATOM_SUBTITLE },
  { NS_ATOM, "tagline", EL_ATOM_SUBTITLE },
  { NS_ATOM, "id", EL_ATOM_ID },
  { NS_ATOM, "updated", EL_ATOM_UPDATED },
  { NS_ATOM, "modified", EL_ATOM_UPDATED },
  { NS_ATOM, "published", EL_ATOM_PUBLISHED },
  { NS_ATOM, "issued", EL_ATOM_PUBLISHED },
  { NS_ATOM, "summary", EL_ATOM_SUMMARY },
  { NS_ATOM, "content", EL_ATOM_CONTENT },
  { NS_ATOM, "name", EL_ATOM_NAME },
  { NS_ATOM, "email", EL_ATOM_EMAIL },
  { NS_ATOM, "logo", EL_ATOM_LOGO },
  { NS_ATOM, "icon", EL_ATOM_ICON },
  { NS_MEDIA, "content", EL_MEDIA_CONTENT },
  { NS_MEDIA, "thumbnail", EL_MEDIA_THUMBNAIL },
  { NS_MEDIA, "group", EL_MEDIA_GROUP },
  { NS_PSC, "chapters", EL_PSC_CHAPTERS },
  { NS_PSC, "chapter", EL_PSC_CHAPTER },
  { NS_PODCAST, "guid", EL_PODCAST_GUID },
  { NS_PODCAST, "locked", EL_PODCAST_LOCKED },
  { NS_PODCAST, "funding", EL_PODCAST_FUNDING },
  { NS_PODCAST, "chapters", EL_PODCAST_CHAPTERS },
  { NS_PODCAST, "transcript", EL_PODCAST_TRANSCRIPT },
  { NS_PODCAST, "person", EL_PODCAST_PERSON },
  { NS_PODCAST, "season", EL_PODCAST_SEASON },
  { NS_PODCAST, "episode", EL_PODCAST_EPISODE },
  { NS_PODCAST, "alternateEnclosure", EL_PODCAST_ALTERNATE_ENCLOSURE },
  { NS_PODCAST, "source", EL_PODCAST_SOURCE },
  { NS_PODCAST, "soundbite", EL_PODCAST_SOUNDBITE },
  { NS_PODCAST, "podroll", EL_PODCAST_PODROLL },
  { NS_PODCAST, "remoteItem", EL_PODCAST_REMOTE_ITEM },
  { NS_PODCAST, "liveItem", EL_PODCAST_LIVE_ITEM },
  { NS_PODCAST, "value", EL_PODCAST_VALUE },
  { NS_PODCAST, "valueRecipient", EL_PODCAST_VALUE_RECIPIENT },
};

/* libxml2's xmlParserMaxDepth without XML_PARSE_HUGE. */
#define MAX_DEPTH 256

static Ns
ns_from_uri (const char *uri)
{
  if (uri == NULL || uri[0] == '\0')
    return NS_NONE;

  if (strstr (uri, "itunes.com/dtds/podcast") != NULL || strstr (uri, "itunes.com/DTDs/Podcast") != NULL
      || g_ascii_strncasecmp (uri, "http://www.itunes.com/dtds/podcast-1.0.dtd", 42) == 0)
    return NS_ITUNES;
  if (g_str_equal (uri, "http://purl.org/rss/1.0/modules/content/"))
    return NS_CONTENT;
  /* The spec moved from GitHub to podcastindex.org; both are in use. */
  if (g_str_has_prefix (uri, "https://podcastindex.org/namespace/1.0")
      || g_str_has_prefix (uri, "http://podcastindex.org/namespace/1.0")
      || g_str_has_prefix (uri, "https://github.com/Podcastindex-org/podcast-namespace"))
    return NS_PODCAST;
  if (g_str_equal (uri, "http://www.w3.org/2005/Atom") || g_str_equal (uri, "http://purl.org/atom/ns#"))
    return NS_ATOM;
  if (g_str_has_prefix (uri, "http://search.yahoo.com/mrss"))
    return NS_MEDIA;
  if (g_str_has_prefix (uri, "http://podlove.org/simple-chapters"))
    return NS_PSC;
  if (g_str_equal (uri, "http://www.w3.org/1999/02/22-rdf-syntax-ns#"))
    return NS_RDF;
  /* RSS 1.0 and 0.90 put their core elements in a namespace: they are RSS elements. */
  if (g_str_equal (uri, "http://purl.org/rss/1.0/") || g_str_has_suffix (uri, "netscape.com/rdf/simple/0.9/")
      || g_str_equal (uri, "http://backend.userland.com/rss2"))
    return NS_NONE;
  if (g_str_equal (uri, "http://purl.org/dc/elements/1.1/"))
    return NS_DC;
  if (g_str_has_prefix (uri, "http://www.google.com/schemas/play-podcasts"))
    return NS_GOOGLEPLAY;

  return NS_OTHER;
}

/* For a prefix that the document never declared: many feeds write itunes: and
 * podcast: without the xmlns attribute, and users expect them to work. */
static Ns
ns_from_prefix (const char *prefix,
                gsize       len)
{
  static const struct { const char *prefix; Ns ns; } prefixes[] = {
    { "itunes", NS_ITUNES }, { "podcast", NS_PODCAST }, { "content", NS_CONTENT },
    { "atom", NS_ATOM }, { "media", NS_MEDIA }, { "psc", NS_PSC }, { "dc", NS_DC },
    { "googleplay", NS_GOOGLEPLAY }, { "rdf", NS_RDF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (strlen (prefixes[i].prefix) == len && strncmp (prefixes[i].prefix, prefix, len) == 0)
      return prefixes[i].ns;

  return NS_OTHER;
}

static Elem
lookup_elem_slow (Ns          ns,
                  const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (elem_names); i++)
    if (elem_names[i].ns == ns && strcmp (elem_names[i].name, name) == 0)
      return elem_names[i].elem;

  return EL_OTHER;
}

/* The parser interns names and namespace URIs in its dictionary, so a pair of pointers
 * identifies an element name for the whole parse: a small direct-mapped cache keyed on
 * them skips the namespace and name comparisons for all but the first of each. */
static void
lookup_elem (Parser      *p,
             const char  *uri,
             const char  *local,
             Ns          *ns,
             Elem        *elem)
{
  /* Dictionary strings sit close together: a multiplicative hash spreads them (the
   * plain xor of their addresses sent a sixth of an item's elements to slots others
   * held, each then looked up again). */
  guint64 key = ((guint64) (guintptr) local) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)
                ^ ((guint64) (guintptr) uri) * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);
  guint slot = (guint) (key >> 56) % G_N_ELEMENTS (p->cache);
  ElemCacheEntry *entry = &p->cache[slot];
  const char *colon;

  if (entry->local == local && entry->uri == uri && local != NULL)
    {
      *ns = entry->ns;
      *elem = entry->elem;
      return;
    }

  if (uri != NULL)
    {
      *ns = ns_from_uri (uri);
      *elem = lookup_elem_slow (*ns, local);
    }
  else if ((colon = strchr (local, ':')) != NULL)
    {
      /* An unbound prefix: libxml2 keeps the qualified name as the local name. */
      *ns = ns_from_prefix (local, colon - local);
      *elem = lookup_elem_slow (*ns, colon + 1);
    }
  else
    {
      *ns = NS_NONE;
      *elem = lookup_elem_slow (NS_NONE, local);
    }

  entry->local = local;
  entry->uri = uri;
  entry->ns = *ns;
  entry->elem = *elem;
}

static Elem
parent_elem (Parser *p)
{
  Frame *frame = top_frame (p);

  return frame != NULL ? frame->elem : EL_OTHER;
}

/* SAX2 hands attribute values over without their "&#38;" (and any entity) decoded when
 * entities are not substituted, as on feeds: the tree builder would decode them. */
static char *
attr_value (Parser        *p,
            const xmlChar *value,
            const xmlChar *end)
{
  int len = (int) (end - value);

  if (memchr (value, '&', len) != NULL)
    {
      xmlChar *decoded = xmlStringLenDecodeEntities (p->ctxt, value, len, XML_SUBSTITUTE_REF, 0, 0, 0);
      /* NULL when libxml2 refused the expansion (and raised its error). */
      char *copy = g_strdup (decoded != NULL ? (const char *) decoded : "");

      xmlFree (decoded);
      return copy;
    }

  return g_strndup ((const char *) value, len);
}

char *
lw_feed_parser_get_attr (Parser     *p,
                         const char *name)
{
  char *copy;

  for (int i = 0; i < p->n_attrs; i++)
    {
      const xmlChar **attr = p->attrs + i * 5;

      if (attr[2] != NULL || strcmp ((const char *) attr[0], name) != 0)
        continue;

      copy = g_strstrip (attr_value (p, attr[3], attr[4]));
      if (copy[0] == '\0')
        g_clear_pointer (&copy, g_free);
      return copy;
    }

  return NULL;
}

/* Relative URLs resolve against xml:base (which libxml2 tracks, itself resolved against
 * the document URL) or, without any xml:base in the document, the feed URL. */
char *
lw_feed_parser_resolve_url (Parser     *p,
                            const char *url)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *scheme = NULL;
  const char *base_url = p->base_url;
  char *resolved;

  if (url == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (url));
  if (trimmed[0] == '\0')
    return NULL;

  scheme = g_uri_parse_scheme (trimmed);
  if (scheme != NULL)
    return g_steal_pointer (&trimmed);

  if (p->has_xml_base && p->frames->len > 0 && top_frame (p)->base != NULL)
    base_url = top_frame (p)->base;

  if (base_url == NULL)
    return g_steal_pointer (&trimmed);

  resolved = g_uri_resolve_relative (base_url, trimmed, G_URI_FLAGS_PARSE_RELAXED, NULL);
  return resolved != NULL ? resolved : g_steal_pointer (&trimmed);
}

char *
lw_feed_parser_get_url_attr (Parser     *p,
                             const char *name)
{
  g_autofree char *value = lw_feed_parser_get_attr (p, name);

  return lw_feed_parser_resolve_url (p, value);
}

gint64
lw_feed_parser_parse_int64 (const char *text)
{
  gint64 value;
  char *end;

  if (text == NULL)
    return LW_UNKNOWN;

  while (g_ascii_isspace (*text))
    text++;
  if (!g_ascii_isdigit (*text))
    return LW_UNKNOWN;

  value = g_ascii_strtoll (text, &end, 10);
  while (g_ascii_isspace (*end))
    end++;
  /* "1234.0" happens; anything else after the digits is garbage. */
  if (*end == '.')
    {
      end++;
      while (g_ascii_isdigit (*end))
        end++;
    }
  if (*end != '\0' || value < 0)
    return LW_UNKNOWN;

  return value;
}

/* A positive count such as a season or episode number. */
int
lw_feed_parser_parse_count (const char *text)
{
  gint64 value = lw_feed_parser_parse_int64 (text);

  if (value <= 0 || value > G_MAXINT)
    return LW_UNKNOWN;

  return (int) value;
}

int
lw_feed_parser_parse_bool (const char *text)
{
  if (text == NULL)
    return -1;
  if (g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "true") == 0
      || g_ascii_strcasecmp (text, "explicit") == 0 || g_str_equal (text, "1"))
    return 1;
  if (g_ascii_strcasecmp (text, "no") == 0 || g_ascii_strcasecmp (text, "false") == 0
      || g_ascii_strcasecmp (text, "clean") == 0 || g_str_equal (text, "0"))
    return 0;
  return -1;
}

static void
push_frame (Parser  *p,
            Elem     elem,
            gboolean collect,
            gboolean markup)
{
  Frame *parent = top_frame (p);
  Frame frame = { elem, p->text->len, collect, markup, 0, FALSE, NULL };

  if (p->has_xml_base)
    {
      const char *parent_base = parent != NULL ? parent->base : p->base_url;

      frame.base = (char *) parent_base;
      /* xml:base on this element, resolved against the one in effect (libxml2's rules,
       * as its tree functions would apply them). */
      for (int i = 0; i < p->n_attrs; i++)
        {
          const xmlChar **attr = p->attrs + i * 5;

          if (attr[2] != NULL && strcmp ((const char *) attr[0], "base") == 0
              && strcmp ((const char *) attr[2], (const char *) XML_XML_NAMESPACE) == 0)
            {
              g_autofree char *value = attr_value (p, attr[3], attr[4]);
              xmlChar *built = xmlBuildURI ((const xmlChar *) value, (const xmlChar *) parent_base);

              if (built != NULL)
                {
                  frame.base = g_strdup ((const char *) built);
                  frame.base_owned = TRUE;
                  xmlFree (built);
                }
              break;
            }
        }
    }

  g_array_append_val (p->frames, frame);
}

/* Decides what an element is, given its parent; EL_OTHER for anything out of place. */
static Elem
classify (Parser *p,
          Ns      ns,
          Elem    elem,
          Elem    parent)
{
  gboolean in_item = is_item_elem (parent);
  gboolean in_channel = parent == EL_CHANNEL || parent == EL_ATOM_FEED
                        || parent == EL_RSS;

  switch (elem)
    {
    case EL_RSS:
    case EL_RDF:
    case EL_ATOM_FEED:
      return p->frames->len == 0 ? elem : EL_OTHER;

    case EL_CHANNEL:
      return parent == EL_RSS || parent == EL_RDF ? elem : EL_OTHER;

    case EL_ITEM:
      return parent == EL_CHANNEL || parent == EL_RDF || parent == EL_RSS ? elem : EL_OTHER;

    case EL_ATOM_ENTRY:
      return parent == EL_ATOM_FEED ? elem : EL_OTHER;

    case EL_IMAGE:
      return in_channel || parent == EL_RDF ? elem : EL_OTHER;

    case EL_URL:
      return parent == EL_IMAGE ? elem : EL_OTHER;

    case EL_ITUNES_NAME:
    case EL_ITUNES_EMAIL:
      return parent == EL_ITUNES_OWNER ? elem : EL_OTHER;

    case EL_ATOM_NAME:
    case EL_ATOM_EMAIL:
      return parent == EL_ATOM_AUTHOR ? elem : EL_OTHER;

    case EL_ITUNES_CATEGORY:
      return in_channel || parent == EL_ITUNES_CATEGORY ? elem : EL_OTHER;

    case EL_NEW_LOCATION:
      return parent == EL_REDIRECT ? elem : EL_OTHER;

    case EL_MEDIA_CONTENT:
    case EL_MEDIA_THUMBNAIL:
      return in_item || in_channel || parent == EL_MEDIA_GROUP ? elem : EL_OTHER;

    case EL_PSC_CHAPTER:
      return parent == EL_PSC_CHAPTERS ? elem : EL_OTHER;

    case EL_PODCAST_SOURCE:
      return parent == EL_PODCAST_ALTERNATE_ENCLOSURE ? elem : EL_OTHER;

    case EL_PODCAST_REMOTE_ITEM:
      return parent == EL_PODCAST_PODROLL ? elem : EL_OTHER;

    case EL_PODCAST_LIVE_ITEM:
      return parent == EL_CHANNEL ? elem : EL_OTHER;

    case EL_PODCAST_VALUE_RECIPIENT:
      return parent == EL_PODCAST_VALUE ? elem : EL_OTHER;

    case EL_ATOM_LINK:
    case EL_ATOM_AUTHOR:
    case EL_ITUNES_AUTHOR:
    case EL_ITUNES_IMAGE:
    case EL_ITUNES_EXPLICIT:
    case EL_ITUNES_SUMMARY:
    case EL_ITUNES_SUBTITLE:
    case EL_TITLE:
    case EL_LINK:
    case EL_DESCRIPTION:
    case EL_ATOM_TITLE:
    case EL_ATOM_SUBTITLE:
    case EL_ATOM_ID:
    case EL_ATOM_UPDATED:
    case EL_ATOM_PUBLISHED:
    case EL_ATOM_SUMMARY:
    case EL_ATOM_CONTENT:
    case EL_DC_CREATOR:
    case EL_DC_DATE:
    case EL_AUTHOR:
    case EL_PODCAST_FUNDING:
    case EL_PODCAST_PERSON:
    case EL_MEDIA_GROUP:
    case EL_PODCAST_VALUE:
      return in_item || in_channel ? elem : EL_OTHER;

    case EL_LANGUAGE:
    case EL_DC_LANGUAGE:
    case EL_MANAGING_EDITOR:
    case EL_ITUNES_OWNER:
    case EL_ITUNES_TYPE:
    case EL_ITUNES_NEW_FEED_URL:
    case EL_REDIRECT:
    case EL_PODCAST_GUID:
    case EL_PODCAST_LOCKED:
    case EL_PODCAST_PODROLL:
    case EL_ATOM_LOGO:
    case EL_ATOM_ICON:
      return in_channel ? elem : EL_OTHER;

    case EL_PUBDATE:
    case EL_GUID:
    case EL_ENCLOSURE:
    case EL_CONTENT_ENCODED:
    case EL_ITUNES_DURATION:
    case EL_ITUNES_SEASON:
    case EL_ITUNES_EPISODE:
    case EL_ITUNES_EPISODE_TYPE:
    case EL_ITUNES_TITLE:
    case EL_PSC_CHAPTERS:
    case EL_PODCAST_CHAPTERS:
    case EL_PODCAST_TRANSCRIPT:
    case EL_PODCAST_SEASON:
    case EL_PODCAST_EPISODE:
    case EL_PODCAST_ALTERNATE_ENCLOSURE:
    case EL_PODCAST_SOUNDBITE:
      return in_item ? elem : EL_OTHER;

    case EL_OTHER:
    case EL_MARKUP:
    default:
      return EL_OTHER;
    }
}

static gboolean
is_markup_elem (Elem elem)
{
  return elem == EL_DESCRIPTION || elem == EL_CONTENT_ENCODED || elem == EL_ITUNES_SUMMARY
         || elem == EL_ATOM_SUMMARY || elem == EL_ATOM_CONTENT || elem == EL_ATOM_SUBTITLE;
}

static void
set_not_a_feed (Parser     *p,
                const char *root)
{
  if (g_ascii_strcasecmp (root, "html") == 0)
    g_set_error (&p->error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_HTML,
                 _("This is an HTML page, not a podcast feed."));
  else
    g_set_error (&p->error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_NOT_A_FEED,
                 _("This is not a podcast feed: the document is “%s”, not RSS or Atom."), root);
  p->stop = TRUE;
  xmlStopParser (p->ctxt);
}

LwEnclosure *
lw_feed_parser_enclosure_from_attrs (Parser     *p,
                                     const char *url_attr,
                                     const char *length_attr)
{
  g_autofree char *url = lw_feed_parser_get_url_attr (p, url_attr);
  g_autofree char *length = NULL;
  LwEnclosure *enclosure;

  if (url == NULL)
    return NULL;

  length = lw_feed_parser_get_attr (p, length_attr);
  enclosure = lw_enclosure_new ();
  enclosure->url = g_steal_pointer (&url);
  enclosure->length = lw_feed_parser_parse_int64 (length);
  enclosure->type = lw_feed_parser_get_attr (p, "type");

  return enclosure;
}

/* Fields that several formats fill, with the same rules. */
void
lw_feed_parser_set_title (Parser     *p,
                          Elem        parent,
                          gboolean    in_item,
                          const char *text)
{
  if (in_item)
    set_first (&p->item->title, text);
  else if (parent == EL_CHANNEL || parent == EL_ATOM_FEED || parent == EL_RSS)
    set_first (&p->feed->title, text);
}

void
lw_feed_parser_set_published (Parser     *p,
                              gboolean    in_item,
                              const char *text)
{
  if (in_item && p->item->published == LW_DATE_UNKNOWN)
    p->item->published = lw_date_parse (text);
}

/* HTML's void elements, written back as "<br/>" when a feed's unescaped notes had them
 * empty: SAX does not say whether a tag was empty. */
static gboolean
is_void_html (const char *name)
{
  static const char * const names[] = {
    "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "param",
    "source", "track", "wbr",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
start_element (void           *ctx,
               const xmlChar  *localname,
               const xmlChar  *prefix,
               const xmlChar  *URI,
               int             nb_namespaces,
               const xmlChar **namespaces,
               int             nb_attributes,
               int             nb_defaulted,
               const xmlChar **attributes)
{
  Parser *p = ((xmlParserCtxtPtr) ctx)->_private;
  const char *local = (const char *) localname;
  const char *uri = (const char *) URI;
  g_autofree char *qualified = NULL;
  Frame *parent_frame = top_frame (p);
  Elem parent = parent_elem (p);
  gboolean in_item;
  Ns ns;
  Elem elem;

  if (p->stop)
    return;

  /* libxml2 keeps a document's depth under this only when it builds a tree: the same
   * guard for us, with its words (so it is reported as hostile). */
  if (p->frames->len >= MAX_DEPTH)
    {
      if (p->xml_error_code == 0)
        {
          p->xml_error_code = XML_ERR_INTERNAL_ERROR;
          p->xml_error_line = xmlSAX2GetLineNumber (ctx);
          p->xml_error_column = xmlSAX2GetColumnNumber (ctx);
          p->xml_error_message = g_strdup_printf ("Excessive depth in document: %d", MAX_DEPTH);
        }
      p->saw_hostile = TRUE;
      xmlStopParser (p->ctxt);
      return;
    }

  p->attrs = attributes;
  p->n_attrs = nb_attributes;

  if (local == NULL)
    local = "";
  /* An unbound prefix: the qualified name, as the tree would have it, interned so that
   * its pointer can key the element cache. */
  if (uri == NULL && prefix != NULL)
    {
      qualified = g_strconcat ((const char *) prefix, ":", local, NULL);
      local = (const char *) xmlDictLookup (((xmlParserCtxtPtr) ctx)->dict, (const xmlChar *) qualified, -1);
      if (local == NULL)
        local = qualified;
    }

  /* Inside show notes: the element is HTML that the feed forgot to escape. */
  if (p->markup_depth > 0)
    {
      g_string_append_c (p->text, '<');
      g_string_append (p->text, local);
      for (int i = 0; i < nb_attributes; i++)
        {
          const xmlChar **attr = attributes + i * 5;
          g_autofree char *value = attr_value (p, attr[3], attr[4]);
          g_autofree char *escaped = g_markup_escape_text (value, -1);

          g_string_append_printf (p->text, " %s=\"%s\"", (const char *) attr[0], escaped);
        }
      g_string_append_c (p->text, '>');
      push_frame (p, EL_MARKUP, TRUE, FALSE);
      p->attrs = NULL;
      p->n_attrs = 0;
      return;
    }

  lookup_elem (p, uri, local, &ns, &elem);
  if (uri == NULL && strchr (local, ':') != NULL)
    local = strchr (local, ':') + 1;

  /* The root decides the format. */
  if (p->frames->len == 0)
    {
      if (g_str_equal (local, "rss") && ns != NS_ATOM)
        {
          p->kind = KIND_RSS;
          elem = EL_RSS;
        }
      else if (g_str_equal (local, "RDF"))
        {
          p->kind = KIND_RDF;
          elem = EL_RDF;
        }
      else if (g_str_equal (local, "feed") && (ns == NS_ATOM || ns == NS_NONE))
        {
          p->kind = KIND_ATOM;
          elem = EL_ATOM_FEED;
        }
      else
        {
          set_not_a_feed (p, local);
          return;
        }
    }

  /* Atom feeds without the namespace declaration exist; treat their elements as Atom. */
  if (p->kind == KIND_ATOM && ns == NS_NONE && p->frames->len > 0)
    {
      ns = NS_ATOM;
      elem = lookup_elem_slow (ns, local);
    }

  elem = classify (p, ns, elem, parent);
  in_item = is_item_elem (parent);

  if (elem == EL_OTHER)
    {
      push_frame (p, EL_OTHER, parent_frame != NULL && parent_frame->collect, FALSE);
      p->attrs = NULL;
      p->n_attrs = 0;
      return;
    }

  push_frame (p, elem, elem >= FIRST_TEXT_ELEM, is_markup_elem (elem));

  switch (elem)
    {
    case EL_CHANNEL:
      p->saw_channel = TRUE;
      break;

    case EL_ITEM:
    case EL_ATOM_ENTRY:
    case EL_PODCAST_LIVE_ITEM:
      g_clear_pointer (&p->item, lw_feed_item_free);
      lw_feed_parser_item_scratch_clear (&p->scratch);
      p->item = lw_feed_item_new ();
      p->item_is_live = elem == EL_PODCAST_LIVE_ITEM;
      if (p->item_is_live)
        lw_feed_parser_podcast_start (p, elem);
      break;

    /* The elements whose attributes count; text waits for the end. */
    case EL_GUID:
    case EL_ENCLOSURE:
    case EL_ITUNES_IMAGE:
    case EL_ITUNES_CATEGORY:
    case EL_MEDIA_CONTENT:
    case EL_MEDIA_THUMBNAIL:
      lw_feed_parser_rss_start (p, elem, parent, in_item);
      break;

    case EL_ATOM_LINK:
    case EL_ATOM_TITLE:
    case EL_ATOM_SUBTITLE:
    case EL_ATOM_SUMMARY:
    case EL_ATOM_CONTENT:
    case EL_ATOM_AUTHOR:
      lw_feed_parser_atom_start (p, elem, parent);
      break;

    case EL_PSC_CHAPTER:
    case EL_PODCAST_CHAPTERS:
    case EL_PODCAST_TRANSCRIPT:
    case EL_PODCAST_FUNDING:
    case EL_PODCAST_PERSON:
    case EL_PODCAST_SOUNDBITE:
    case EL_PODCAST_ALTERNATE_ENCLOSURE:
    case EL_PODCAST_SOURCE:
    case EL_PODCAST_REMOTE_ITEM:
    case EL_PODCAST_VALUE:
    case EL_PODCAST_VALUE_RECIPIENT:
      lw_feed_parser_podcast_start (p, elem);
      break;

    default:
      break;
    }

  {
    Frame *frame = top_frame (p);

    if (frame->markup)
      p->markup_depth++;
  }

  p->attrs = NULL;
  p->n_attrs = 0;
}

static void
end_element (void          *ctx,
             const xmlChar *localname,
             const xmlChar *prefix,
             const xmlChar *URI)
{
  Parser *p = ((xmlParserCtxtPtr) ctx)->_private;
  Frame frame;
  char *text;
  gsize len;
  Elem parent;
  gboolean in_item;

  if (p->frames->len == 0 || p->stop)
    return;

  frame = g_array_index (p->frames, Frame, p->frames->len - 1);
  g_array_set_size (p->frames, p->frames->len - 1);
  if (frame.base_owned)
    g_free (frame.base);
  parent = parent_elem (p);
  in_item = p->item != NULL && is_item_elem (parent);

  if (frame.elem == EL_MARKUP)
    {
      const char *local = localname != NULL ? (const char *) localname : "span";
      gsize len = p->text->len;

      /* Nothing since its start tag: an empty void element is written as one. */
      if (len > 0 && p->text->str[len - 1] == '>' && frame.text_start < len
          && p->text->str[frame.text_start - 1] == '>' && frame.text_start == len
          && is_void_html (local))
        {
          g_string_truncate (p->text, len - 1);
          g_string_append (p->text, "/>");
        }
      else if (prefix != NULL && URI == NULL)
        g_string_append_printf (p->text, "</%s:%s>", (const char *) prefix, local);
      else
        g_string_append_printf (p->text, "</%s>", local);
      return;
    }

  if (frame.elem == EL_OTHER)
    return;

  if (frame.markup)
    p->markup_depth--;

  /* This element's text, trimmed, in place; the buffer shrinks back at the end. */
  text = p->text->str + frame.text_start;
  len = p->text->len - frame.text_start;
  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;
  text[len] = '\0';
  while (g_ascii_isspace (*text))
    text++;

  switch (frame.elem)
    {
    case EL_ITEM:
    case EL_ATOM_ENTRY:
    case EL_PODCAST_LIVE_ITEM:
      lw_feed_parser_add_item (p);
      break;

    case EL_TITLE:
    case EL_LINK:
    case EL_URL:
    case EL_DESCRIPTION:
    case EL_CONTENT_ENCODED:
    case EL_ITUNES_SUMMARY:
    case EL_ITUNES_SUBTITLE:
    case EL_ITUNES_TITLE:
    case EL_PUBDATE:
    case EL_DC_DATE:
    case EL_GUID:
    case EL_LANGUAGE:
    case EL_DC_LANGUAGE:
    case EL_AUTHOR:
    case EL_DC_CREATOR:
    case EL_MANAGING_EDITOR:
    case EL_ITUNES_AUTHOR:
    case EL_ITUNES_IMAGE:
    case EL_ITUNES_NAME:
    case EL_ITUNES_EMAIL:
    case EL_ITUNES_CATEGORY:
    case EL_ITUNES_EXPLICIT:
    case EL_ITUNES_TYPE:
    case EL_ITUNES_NEW_FEED_URL:
    case EL_NEW_LOCATION:
    case EL_ITUNES_DURATION:
    case EL_ITUNES_SEASON:
    case EL_ITUNES_EPISODE:
    case EL_ITUNES_EPISODE_TYPE:
      lw_feed_parser_rss_end (p, frame.elem, parent, in_item, text);
      break;

    case EL_ATOM_TITLE:
    case EL_ATOM_SUBTITLE:
    case EL_ATOM_SUMMARY:
    case EL_ATOM_CONTENT:
    case EL_ATOM_PUBLISHED:
    case EL_ATOM_UPDATED:
    case EL_ATOM_ID:
    case EL_ATOM_NAME:
    case EL_ATOM_EMAIL:
    case EL_ATOM_AUTHOR:
    case EL_ATOM_LOGO:
    case EL_ATOM_ICON:
      lw_feed_parser_atom_end (p, &frame, parent, in_item, text);
      break;

    case EL_PODCAST_SEASON:
    case EL_PODCAST_EPISODE:
    case EL_PODCAST_GUID:
    case EL_PODCAST_LOCKED:
    case EL_PODCAST_FUNDING:
    case EL_PODCAST_PERSON:
    case EL_PODCAST_SOUNDBITE:
    case EL_PODCAST_ALTERNATE_ENCLOSURE:
    case EL_PODCAST_VALUE:
      lw_feed_parser_podcast_end (p, frame.elem, in_item, text);
      break;

    /* Nothing to do at their end: containers and attribute-only elements. */
    case EL_RSS:
    case EL_RDF:
    case EL_ATOM_FEED:
    case EL_CHANNEL:
    case EL_IMAGE:
    case EL_ITUNES_OWNER:
    case EL_REDIRECT:
    case EL_MEDIA_GROUP:
    case EL_PSC_CHAPTERS:
    case EL_PODCAST_PODROLL:
    case EL_ENCLOSURE:
    case EL_ATOM_LINK:
    case EL_MEDIA_CONTENT:
    case EL_MEDIA_THUMBNAIL:
    case EL_PSC_CHAPTER:
    case EL_PODCAST_CHAPTERS:
    case EL_PODCAST_TRANSCRIPT:
    case EL_PODCAST_SOURCE:
    case EL_PODCAST_REMOTE_ITEM:
    case EL_PODCAST_VALUE_RECIPIENT:
    case EL_OTHER:
    case EL_MARKUP:
    default:
      break;
    }

  g_string_truncate (p->text, frame.text_start);
}

void
lw_feed_parser_item_scratch_clear (ItemScratch *s)
{
  g_clear_pointer (&s->description, g_free);
  g_clear_pointer (&s->content_encoded, g_free);
  g_clear_pointer (&s->itunes_summary, g_free);
  g_clear_pointer (&s->itunes_subtitle, g_free);
  g_clear_pointer (&s->itunes_title, g_free);
  g_clear_pointer (&s->atom_summary, g_free);
  g_clear_pointer (&s->atom_content, g_free);
  g_clear_pointer (&s->itunes_image, g_free);
  g_clear_pointer (&s->media_thumbnail, g_free);
  g_clear_pointer (&s->atom_id, g_free);
  g_clear_pointer (&s->dc_creator, g_free);
  g_clear_pointer (&s->guid_link, g_free);
  g_clear_pointer (&s->media_contents, g_ptr_array_unref);
  s->atom_updated = LW_DATE_UNKNOWN;
  s->guid_is_permalink = -1;
}

void
lw_feed_parser_state_clear (Parser *p)
{
  /* The worker writes into items: it must be done before they go. */
  lw_feed_parser_finish_notes_jobs (p, FALSE);
  g_clear_pointer (&p->feed, lw_feed_free);
  g_clear_pointer (&p->item, lw_feed_item_free);
  lw_feed_parser_item_scratch_clear (&p->scratch);
  g_clear_pointer (&p->feed_description, g_free);
  g_clear_pointer (&p->feed_itunes_summary, g_free);
  g_clear_pointer (&p->feed_itunes_subtitle, g_free);
  g_clear_pointer (&p->feed_image_url, g_free);
  g_clear_pointer (&p->feed_itunes_image, g_free);
  g_clear_pointer (&p->feed_atom_logo, g_free);
  g_clear_pointer (&p->feed_atom_icon, g_free);
  g_clear_pointer (&p->feed_media_thumbnail, g_free);
  g_clear_pointer (&p->feed_itunes_author, g_free);
  g_clear_pointer (&p->feed_managing_editor, g_free);
  g_clear_pointer (&p->feed_dc_creator, g_free);
  g_clear_pointer (&p->feed_atom_author, g_free);
  g_clear_pointer (&p->feed_redirect, g_free);
  g_clear_pointer (&p->person, lw_person_free);
  g_clear_pointer (&p->funding, lw_funding_free);
  g_clear_pointer (&p->soundbite, lw_soundbite_free);
  g_clear_pointer (&p->alternate, lw_alternate_enclosure_free);
  g_clear_pointer (&p->value, lw_value_free);
  g_clear_pointer (&p->category_path, g_ptr_array_unref);
  g_clear_pointer (&p->author_name, g_free);
  if (p->text != NULL)
    g_string_free (g_steal_pointer (&p->text), TRUE);
  if (p->frames != NULL)
    for (guint i = 0; i < p->frames->len; i++)
      if (g_array_index (p->frames, Frame, i).base_owned)
        g_free (g_array_index (p->frames, Frame, i).base);
  g_clear_pointer (&p->frames, g_array_unref);
  g_clear_pointer (&p->xml_error_message, g_free);
  g_clear_error (&p->error);
}

void
lw_feed_parser_state_init (Parser     *p,
                           const char *base_url)
{
  memset (p, 0, sizeof *p);
  p->base_url = base_url;
  p->feed = lw_feed_new ();
  p->text = g_string_sized_new (4096);
  p->frames = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 32);
  p->category_path = g_ptr_array_new_with_free_func (g_free);
  p->scratch.atom_updated = LW_DATE_UNKNOWN;
}

static void
characters (void          *ctx,
            const xmlChar *text,
            int            len)
{
  Parser *p = ((xmlParserCtxtPtr) ctx)->_private;
  Frame *frame = top_frame (p);

  if (p->stop || frame == NULL || !frame->collect)
    return;

  /* Text inside unescaped HTML is text, so it must stay escaped. */
  if (frame->elem == EL_MARKUP)
    {
      g_autofree char *escaped = g_markup_escape_text ((const char *) text, len);

      g_string_append (p->text, escaped);
    }
  else
    g_string_append_len (p->text, (const char *) text, len);
}

/* A SAX application gets the content of an internal entity again at every reference
 * (libxml2 parses it anew each time, as nothing holds it): 100,000 references to a
 * 100 kB entity would be 10 GB of text. Once libxml2 has checked an entity (and
 * handed us its content, at the first reference), an empty node as its content makes
 * the next references empty, as they are in the tree that xmlTextReader builds. */
static xmlEntityPtr
get_entity (void          *ctx,
            const xmlChar *name)
{
  xmlEntityPtr entity = xmlSAX2GetEntity (ctx, name);

  if (entity != NULL && entity->etype == XML_INTERNAL_GENERAL_ENTITY && entity->checked != 0
      && entity->children == NULL)
    {
      xmlNodePtr empty = xmlNewText ((const xmlChar *) "");

      if (empty != NULL)
        {
          /* Owned by the entity: xmlFreeEntity() frees it with the DTD. */
          empty->parent = (xmlNodePtr) entity;
          entity->children = empty;
          entity->last = empty;
          entity->owner = 1;
        }
    }

  return entity;
}

/* libxml2's SAX2 handlers (for the DTD, which entities need) with ours for the
 * document. Those of libxml2 need the user data to be the parser context, so the
 * Parser is its _private (which libxml2 carries into the contexts it makes to expand
 * entities). No reference callback: entities are not
 * substituted (no XML_PARSE_NOENT), and libxml2 hands a SAX application the text of
 * internal entities as characters, within its expansion limits. */
void
lw_feed_parser_init_sax (xmlSAXHandler *sax)
{
  memset (sax, 0, sizeof *sax);
  xmlSAXVersion (sax, 2);
  sax->startElementNs = start_element;
  sax->endElementNs = end_element;
  sax->startElement = NULL;
  sax->endElement = NULL;
  sax->characters = characters;
  sax->cdataBlock = characters;
  sax->ignorableWhitespace = characters;
  sax->reference = NULL;
  sax->getEntity = get_entity;
  sax->processingInstruction = NULL;
  sax->comment = NULL;
  sax->warning = NULL;
  sax->error = NULL;
  sax->fatalError = NULL;
}
