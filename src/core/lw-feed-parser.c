/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lw-date.h"
#include "lw-feed-parser.h"
#include "lw-html.h"

/* One streaming pass with xmlTextReader over the document, dispatching on (namespace,
 * local name, parent element). Safety comes from the options: XML_PARSE_NONET only.
 * Never XML_PARSE_NOENT (it substitutes external entities: XXE, local files) and never
 * XML_PARSE_HUGE (it lifts libxml2's guards against entity expansion and deep nesting).
 * Real feeds break the rules in a few well-known ways; each gets a targeted retry
 * rather than a blanket RECOVER that would also "recover" a truncated download. */

G_DEFINE_QUARK (lw-feed-parser-error-quark, lw_feed_parser_error)

typedef enum
{
  NS_NONE,      /* RSS 0.9x/2.0 elements, and RSS 1.0's default namespace */
  NS_ITUNES,
  NS_CONTENT,
  NS_PODCAST,
  NS_ATOM,
  NS_MEDIA,
  NS_PSC,
  NS_RDF,
  NS_DC,
  NS_GOOGLEPLAY,
  NS_OTHER,
} Ns;

typedef enum
{
  EL_OTHER,
  EL_MARKUP,           /* an element inside show-note HTML that was not escaped */

  /* containers */
  EL_RSS,
  EL_RDF,
  EL_CHANNEL,
  EL_ITEM,
  EL_IMAGE,
  EL_ATOM_FEED,
  EL_ATOM_ENTRY,
  EL_ATOM_AUTHOR,
  EL_ITUNES_OWNER,
  EL_ITUNES_CATEGORY,
  EL_REDIRECT,
  EL_MEDIA_GROUP,
  EL_PSC_CHAPTERS,
  EL_PODCAST_PODROLL,
  EL_PODCAST_ALTERNATE_ENCLOSURE,

  /* attribute-only elements */
  EL_ENCLOSURE,
  EL_ATOM_LINK,
  EL_MEDIA_CONTENT,
  EL_MEDIA_THUMBNAIL,
  EL_PSC_CHAPTER,
  EL_PODCAST_CHAPTERS,
  EL_PODCAST_TRANSCRIPT,
  EL_PODCAST_SOURCE,
  EL_PODCAST_REMOTE_ITEM,

  /* text elements */
  EL_TITLE,
  EL_ITUNES_IMAGE,     /* href, or (in some feeds) the URL as text */
  EL_LINK,
  EL_DESCRIPTION,
  EL_PUBDATE,
  EL_GUID,
  EL_LANGUAGE,
  EL_URL,
  EL_AUTHOR,
  EL_MANAGING_EDITOR,
  EL_NEW_LOCATION,
  EL_CONTENT_ENCODED,
  EL_DC_CREATOR,
  EL_DC_DATE,
  EL_DC_LANGUAGE,
  EL_ITUNES_AUTHOR,
  EL_ITUNES_NAME,
  EL_ITUNES_EMAIL,
  EL_ITUNES_EXPLICIT,
  EL_ITUNES_TYPE,
  EL_ITUNES_NEW_FEED_URL,
  EL_ITUNES_DURATION,
  EL_ITUNES_SEASON,
  EL_ITUNES_EPISODE,
  EL_ITUNES_EPISODE_TYPE,
  EL_ITUNES_SUMMARY,
  EL_ITUNES_SUBTITLE,
  EL_ITUNES_TITLE,
  EL_ATOM_TITLE,
  EL_ATOM_SUBTITLE,
  EL_ATOM_ID,
  EL_ATOM_UPDATED,
  EL_ATOM_PUBLISHED,
  EL_ATOM_SUMMARY,
  EL_ATOM_CONTENT,
  EL_ATOM_NAME,
  EL_ATOM_EMAIL,
  EL_ATOM_LOGO,
  EL_ATOM_ICON,
  EL_PODCAST_GUID,
  EL_PODCAST_LOCKED,
  EL_PODCAST_FUNDING,
  EL_PODCAST_PERSON,
  EL_PODCAST_SEASON,
  EL_PODCAST_EPISODE,
  EL_PODCAST_SOUNDBITE,
} Elem;

#define FIRST_TEXT_ELEM EL_TITLE

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
};

typedef enum
{
  KIND_UNKNOWN,
  KIND_RSS,
  KIND_RDF,
  KIND_ATOM,
} FeedKind;

typedef struct
{
  Elem   elem;
  gsize  text_start;   /* where this element's text starts in Parser.text */
  guint  collect : 1;  /* text nodes inside go to Parser.text */
  guint  markup : 1;   /* children are show-note HTML, written back out as tags */
  guint  atom_type : 2; /* Atom text construct: 0 text, 1 html, 2 xhtml */
} Frame;

/* Raw values gathered while inside an item; turned into LwFeedItem fields at its end. */
typedef struct
{
  char *description;
  char *content_encoded;
  char *itunes_summary;
  char *itunes_subtitle;
  char *itunes_title;
  char *atom_summary;
  char *atom_content;
  char *itunes_image;
  char *media_thumbnail;
  char *atom_id;
  char *dc_creator;
  char *guid_link;
  gint64 atom_updated;
  int guid_is_permalink;      /* -1 not said, 0, 1 */
  GPtrArray *media_contents;  /* (element-type LwEnclosure) used when there is no enclosure */
} ItemScratch;

typedef struct
{
  LwFeedItem *item;
  char       *notes;
  char       *summary;
  gboolean    summary_is_notes;
} NotesJob;

typedef struct
{
  const char *local;
  const char *uri;
  Ns          ns;
  Elem        elem;
} ElemCacheEntry;

typedef struct
{
  xmlTextReaderPtr  reader;
  ElemCacheEntry    cache[64];
  GAsyncQueue      *notes_queue;  /* (element-type NotesJob) */
  GThread          *notes_thread;
  const char       *base_url;
  gboolean          has_xml_base;

  FeedKind          kind;
  gboolean          saw_channel;
  gboolean          stop;
  GError           *error;

  LwFeed           *feed;
  LwFeedItem       *item;
  ItemScratch       scratch;

  /* feed-level raw values */
  char             *feed_description;
  char             *feed_itunes_summary;
  char             *feed_itunes_subtitle;
  char             *feed_image_url;       /* <image><url> */
  char             *feed_itunes_image;
  char             *feed_atom_logo;
  char             *feed_atom_icon;
  char             *feed_media_thumbnail;
  char             *feed_itunes_author;
  char             *feed_managing_editor;
  char             *feed_dc_creator;
  char             *feed_atom_author;
  char             *feed_redirect;

  /* current sub-objects */
  LwPerson             *person;
  LwFunding            *funding;
  LwSoundbite          *soundbite;
  LwAlternateEnclosure *alternate;
  GPtrArray            *category_path;  /* (element-type utf8) nested itunes:category texts */
  char                 *author_name;   /* Atom <author><name> */

  GString          *text;
  GArray           *frames;   /* (element-type Frame) */
  int               markup_depth;

  /* the first fatal libxml2 error */
  gboolean          saw_hostile;
  int               xml_error_code;
  int               xml_error_line;
  int               xml_error_column;
  char             *xml_error_message;
} Parser;

static void
set_str (char       **dest,
         const char  *value)
{
  if (*dest == value)
    return;
  g_free (*dest);
  *dest = g_strdup (value);
}

/* Keeps the first non-empty value: duplicated elements are common, the first is what
 * other readers show. */
static void
set_first (char       **dest,
           const char  *value)
{
  if (*dest == NULL && value != NULL && value[0] != '\0')
    *dest = g_strdup (value);
}

static void
item_scratch_clear (ItemScratch *s)
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

/* The reader interns names and namespace URIs in its dictionary, so a pair of pointers
 * identifies an element name for the whole parse: a small direct-mapped cache keyed on
 * them skips the namespace and name comparisons for all but the first of each. */
static void
lookup_elem (Parser      *p,
             const char  *uri,
             const char  *local,
             Ns          *ns,
             Elem        *elem)
{
  guint slot = (guint) ((((guintptr) local) >> 4) ^ (((guintptr) uri) >> 6)) % G_N_ELEMENTS (p->cache);
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

static Frame *
top_frame (Parser *p)
{
  return p->frames->len > 0 ? &g_array_index (p->frames, Frame, p->frames->len - 1) : NULL;
}

static Elem
parent_elem (Parser *p)
{
  Frame *frame = top_frame (p);

  return frame != NULL ? frame->elem : EL_OTHER;
}

static char *
get_attr (Parser     *p,
          const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (p->reader, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);

  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

/* Relative URLs resolve against xml:base (which libxml2 tracks, itself resolved against
 * the document URL) or, without any xml:base in the document, the feed URL. */
static char *
resolve_url (Parser     *p,
             const char *url)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *base = NULL;
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

  if (p->has_xml_base)
    {
      xmlChar *xml_base = xmlTextReaderBaseUri (p->reader);

      if (xml_base != NULL)
        {
          base = g_strdup ((const char *) xml_base);
          xmlFree (xml_base);
          base_url = base;
        }
    }

  if (base_url == NULL)
    return g_steal_pointer (&trimmed);

  resolved = g_uri_resolve_relative (base_url, trimmed, G_URI_FLAGS_PARSE_RELAXED, NULL);
  return resolved != NULL ? resolved : g_steal_pointer (&trimmed);
}

static char *
get_url_attr (Parser     *p,
              const char *name)
{
  g_autofree char *value = get_attr (p, name);

  return resolve_url (p, value);
}

static gint64
parse_int64 (const char *text)
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
static int
parse_count (const char *text)
{
  gint64 value = parse_int64 (text);

  if (value <= 0 || value > G_MAXINT)
    return LW_UNKNOWN;

  return (int) value;
}

static int
parse_bool (const char *text)
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

/* Podlove "normal play time": "01:02:03.500", "62:03", "3723.5". */
static double
parse_npt (const char *text)
{
  double parts[3] = { 0 };
  int n = 0;
  const char *p = text;

  if (text == NULL)
    return -1;

  while (g_ascii_isspace (*p))
    p++;

  while (n < 3)
    {
      char *end;
      double value;

      if (!g_ascii_isdigit (*p))
        return -1;
      value = g_ascii_strtod (p, &end);
      if (end == p || value < 0)
        return -1;
      parts[n++] = value;
      p = end;
      if (*p != ':')
        break;
      p++;
    }

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return -1;

  {
    double seconds = 0;

    for (int i = 0; i < n; i++)
      seconds = seconds * 60 + parts[i];
    return seconds;
  }
}

static char *
lowercase_or (const char *text,
              const char *fallback)
{
  if (text == NULL || text[0] == '\0')
    return g_strdup (fallback);
  return g_ascii_strdown (text, -1);
}

static void
push_frame (Parser  *p,
            Elem     elem,
            gboolean collect,
            gboolean markup)
{
  Frame frame = { elem, p->text->len, collect, markup, 0 };

  g_array_append_val (p->frames, frame);
}

/* Decides what an element is, given its parent; EL_OTHER for anything out of place. */
static Elem
classify (Parser *p,
          Ns      ns,
          Elem    elem,
          Elem    parent)
{
  gboolean in_item = parent == EL_ITEM || parent == EL_ATOM_ENTRY;
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
}

static LwEnclosure *
enclosure_from_attrs (Parser     *p,
                      const char *url_attr,
                      const char *length_attr)
{
  g_autofree char *url = get_url_attr (p, url_attr);
  g_autofree char *length = NULL;
  LwEnclosure *enclosure;

  if (url == NULL)
    return NULL;

  length = get_attr (p, length_attr);
  enclosure = lw_enclosure_new ();
  enclosure->url = g_steal_pointer (&url);
  enclosure->length = parse_int64 (length);
  enclosure->type = get_attr (p, "type");

  return enclosure;
}

static void
start_atom_link (Parser *p,
                 Elem    parent)
{
  g_autofree char *rel = get_attr (p, "rel");
  g_autofree char *href = NULL;
  gboolean in_item = parent == EL_ITEM || parent == EL_ATOM_ENTRY;

  if (rel == NULL || g_str_equal (rel, "alternate"))
    {
      /* An RSS feed's atom:link is usually rel="self"; an alternate one only counts in
       * Atom, where it is the only link. */
      if (p->kind != KIND_ATOM)
        return;
      href = get_url_attr (p, "href");
      if (href == NULL)
        return;
      if (in_item)
        set_first (&p->item->link, href);
      else
        set_first (&p->feed->link, href);
    }
  else if (g_str_equal (rel, "enclosure") && in_item)
    {
      LwEnclosure *enclosure = enclosure_from_attrs (p, "href", "length");

      if (enclosure != NULL)
        g_ptr_array_add (p->item->enclosures, enclosure);
    }
  else if (g_str_equal (rel, "payment"))
    {
      LwFunding *funding;

      href = get_url_attr (p, "href");
      if (href == NULL)
        return;
      funding = lw_funding_new ();
      funding->url = g_steal_pointer (&href);
      funding->title = get_attr (p, "title");
      g_ptr_array_add (in_item ? p->item->funding : p->feed->funding, funding);
    }
}

static void
start_element (Parser *p)
{
  const char *local = (const char *) xmlTextReaderConstLocalName (p->reader);
  const char *uri = (const char *) xmlTextReaderConstNamespaceUri (p->reader);
  Frame *parent_frame = top_frame (p);
  Elem parent = parent_elem (p);
  gboolean in_item;
  Ns ns;
  Elem elem;

  if (local == NULL)
    local = "";

  /* Inside show notes: the element is HTML that the feed forgot to escape. */
  if (p->markup_depth > 0)
    {
      gboolean empty = xmlTextReaderIsEmptyElement (p->reader) == 1;

      g_string_append_c (p->text, '<');
      g_string_append (p->text, local);
      while (xmlTextReaderMoveToNextAttribute (p->reader) == 1)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (p->reader);
          const char *value = (const char *) xmlTextReaderConstValue (p->reader);
          g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);

          if (xmlTextReaderIsNamespaceDecl (p->reader) == 1)
            continue;
          g_string_append_printf (p->text, " %s=\"%s\"", name, escaped);
        }
      xmlTextReaderMoveToElement (p->reader);
      g_string_append (p->text, empty ? "/>" : ">");
      push_frame (p, EL_MARKUP, TRUE, FALSE);
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
  in_item = parent == EL_ITEM || parent == EL_ATOM_ENTRY;

  if (elem == EL_OTHER)
    {
      push_frame (p, EL_OTHER, parent_frame != NULL && parent_frame->collect, FALSE);
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
      g_clear_pointer (&p->item, lw_feed_item_free);
      item_scratch_clear (&p->scratch);
      p->item = lw_feed_item_new ();
      break;

    case EL_GUID:
      {
        g_autofree char *permalink = get_attr (p, "isPermaLink");

        p->scratch.guid_is_permalink = parse_bool (permalink);
      }
      break;

    case EL_ENCLOSURE:
      {
        LwEnclosure *enclosure = enclosure_from_attrs (p, "url", "length");

        if (enclosure != NULL)
          g_ptr_array_add (p->item->enclosures, enclosure);
      }
      break;

    case EL_ITUNES_IMAGE:
      {
        g_autofree char *href = get_url_attr (p, "href");

        if (href == NULL)
          break;
        if (in_item)
          set_first (&p->scratch.itunes_image, href);
        else
          set_first (&p->feed_itunes_image, href);
      }
      break;

    case EL_ITUNES_CATEGORY:
      {
        g_autofree char *text = get_attr (p, "text");

        if (parent != EL_ITUNES_CATEGORY)
          g_ptr_array_set_size (p->category_path, 0);
        g_ptr_array_add (p->category_path, g_strdup (text != NULL ? text : ""));

        /* Nested categories become "Parent/Child"; the parent is listed on its own too. */
        if (text != NULL)
          {
            GString *joined = g_string_new (NULL);

            for (guint i = 0; i < p->category_path->len; i++)
              {
                const char *part = g_ptr_array_index (p->category_path, i);

                if (part[0] == '\0')
                  continue;
                if (joined->len > 0)
                  g_string_append_c (joined, '/');
                g_string_append (joined, part);
              }
            /* Feeds repeat categories; list each once. */
            if (joined->len == 0
                || g_ptr_array_find_with_equal_func (p->feed->categories, joined->str, g_str_equal, NULL))
              g_string_free (joined, TRUE);
            else
              g_ptr_array_add (p->feed->categories, g_string_free (joined, FALSE));
          }
      }
      break;

    case EL_ATOM_LINK:
      start_atom_link (p, parent);
      break;

    case EL_MEDIA_CONTENT:
      {
        gboolean item_level = in_item || (parent == EL_MEDIA_GROUP && p->item != NULL);
        LwEnclosure *enclosure;
        g_autofree char *medium = NULL;

        if (!item_level)
          break;
        enclosure = enclosure_from_attrs (p, "url", "fileSize");
        if (enclosure == NULL)
          break;
        medium = get_attr (p, "medium");
        /* AntennaPod reads medium="video" without a type; so do we. */
        if (enclosure->type == NULL && medium != NULL
            && (g_str_equal (medium, "audio") || g_str_equal (medium, "video")))
          {
            g_autofree char *guess = g_content_type_guess (enclosure->url, NULL, 0, NULL);
            g_autofree char *mime = guess != NULL ? g_content_type_get_mime_type (guess) : NULL;

            if (mime != NULL && g_str_has_prefix (mime, medium))
              enclosure->type = g_steal_pointer (&mime);
            else
              enclosure->type = g_strdup_printf ("%s/*", medium);
          }
        if (p->scratch.media_contents == NULL)
          p->scratch.media_contents = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_enclosure_free);
        g_ptr_array_add (p->scratch.media_contents, enclosure);
      }
      break;

    case EL_MEDIA_THUMBNAIL:
      {
        g_autofree char *url = get_url_attr (p, "url");

        if (url == NULL)
          break;
        if (p->item != NULL && (in_item || parent == EL_MEDIA_GROUP))
          set_first (&p->scratch.media_thumbnail, url);
        else if (p->item == NULL)
          set_first (&p->feed_media_thumbnail, url);
      }
      break;

    case EL_PSC_CHAPTER:
      {
        g_autofree char *start = get_attr (p, "start");
        double seconds = parse_npt (start);
        LwChapter *chapter;

        if (seconds < 0 || p->item == NULL)
          break;
        chapter = lw_chapter_new ();
        chapter->start = seconds;
        chapter->title = get_attr (p, "title");
        chapter->url = get_url_attr (p, "href");
        chapter->image = get_url_attr (p, "image");
        g_ptr_array_add (p->item->chapters, chapter);
      }
      break;

    case EL_PODCAST_CHAPTERS:
      {
        g_autofree char *url = get_url_attr (p, "url");

        if (url != NULL && p->item->chapters_url == NULL)
          {
            p->item->chapters_url = g_steal_pointer (&url);
            p->item->chapters_type = get_attr (p, "type");
          }
      }
      break;

    case EL_PODCAST_TRANSCRIPT:
      {
        g_autofree char *url = get_url_attr (p, "url");
        LwTranscript *transcript;

        if (url == NULL)
          break;
        transcript = lw_transcript_new ();
        transcript->url = g_steal_pointer (&url);
        transcript->type = get_attr (p, "type");
        transcript->language = get_attr (p, "language");
        transcript->rel = get_attr (p, "rel");
        g_ptr_array_add (p->item->transcripts, transcript);
      }
      break;

    case EL_PODCAST_FUNDING:
      g_clear_pointer (&p->funding, lw_funding_free);
      p->funding = lw_funding_new ();
      p->funding->url = get_url_attr (p, "url");
      break;

    case EL_PODCAST_PERSON:
      {
        g_autofree char *role = get_attr (p, "role");
        g_autofree char *group = get_attr (p, "group");

        g_clear_pointer (&p->person, lw_person_free);
        p->person = lw_person_new ();
        p->person->role = lowercase_or (role, "host");
        p->person->group = lowercase_or (group, "cast");
        p->person->href = get_url_attr (p, "href");
        p->person->img = get_url_attr (p, "img");
      }
      break;

    case EL_PODCAST_SOUNDBITE:
      {
        g_autofree char *start = get_attr (p, "startTime");
        g_autofree char *duration = get_attr (p, "duration");

        g_clear_pointer (&p->soundbite, lw_soundbite_free);
        if (start == NULL || duration == NULL)
          break;
        p->soundbite = lw_soundbite_new ();
        p->soundbite->start = MAX (0, g_ascii_strtod (start, NULL));
        p->soundbite->duration = MAX (0, g_ascii_strtod (duration, NULL));
      }
      break;

    case EL_PODCAST_ALTERNATE_ENCLOSURE:
      {
        g_autofree char *length = get_attr (p, "length");
        g_autofree char *bitrate = get_attr (p, "bitrate");
        g_autofree char *is_default = get_attr (p, "default");

        g_clear_pointer (&p->alternate, lw_alternate_enclosure_free);
        p->alternate = lw_alternate_enclosure_new ();
        p->alternate->type = get_attr (p, "type");
        p->alternate->title = get_attr (p, "title");
        p->alternate->length = parse_int64 (length);
        if (bitrate != NULL)
          p->alternate->bitrate = (gint64) g_ascii_strtod (bitrate, NULL);
        p->alternate->is_default = parse_bool (is_default) == 1;
      }
      break;

    case EL_PODCAST_SOURCE:
      {
        g_autofree char *uri_attr = get_url_attr (p, "uri");

        if (uri_attr != NULL && p->alternate != NULL)
          g_ptr_array_add (p->alternate->sources, g_steal_pointer (&uri_attr));
      }
      break;

    case EL_PODCAST_REMOTE_ITEM:
      {
        LwRemoteItem *remote = lw_remote_item_new ();

        remote->feed_guid = get_attr (p, "feedGuid");
        remote->feed_url = get_url_attr (p, "feedUrl");
        remote->title = get_attr (p, "title");
        if (remote->feed_guid == NULL && remote->feed_url == NULL)
          lw_remote_item_free (remote);
        else
          g_ptr_array_add (p->feed->podroll, remote);
      }
      break;

    case EL_ATOM_TITLE:
    case EL_ATOM_SUBTITLE:
    case EL_ATOM_SUMMARY:
    case EL_ATOM_CONTENT:
      {
        g_autofree char *type = get_attr (p, "type");
        Frame *frame = top_frame (p);

        if (type == NULL || g_str_equal (type, "text") || g_str_equal (type, "text/plain"))
          frame->atom_type = 0;
        else if (g_str_equal (type, "xhtml") || g_str_equal (type, "application/xhtml+xml"))
          frame->atom_type = 2;
        else
          frame->atom_type = 1;
        /* Atom's content can also be a media reference (src): not show notes. */
        if (elem == EL_ATOM_CONTENT && type != NULL && strchr (type, '/') != NULL
            && !g_str_has_prefix (type, "text/") && !g_str_has_suffix (type, "xml"))
          frame->collect = FALSE;
        if (frame->atom_type == 0 || elem == EL_ATOM_TITLE)
          frame->markup = FALSE;
      }
      break;

    case EL_ATOM_AUTHOR:
      g_clear_pointer (&p->author_name, g_free);
      break;

    default:
      break;
    }

  {
    Frame *frame = top_frame (p);

    if (frame->markup)
      p->markup_depth++;
  }
}

static void
add_item (Parser *p);

/* Plain text to HTML for the sanitiser: Atom type="text" and friends. */
static char *
text_to_html (const char *text)
{
  return g_markup_escape_text (text, -1);
}

static void
end_element (Parser *p)
{
  Frame frame;
  char *text;
  gsize len;
  Elem parent;
  gboolean in_item;

  if (p->frames->len == 0)
    return;

  frame = g_array_index (p->frames, Frame, p->frames->len - 1);
  g_array_set_size (p->frames, p->frames->len - 1);
  parent = parent_elem (p);
  in_item = p->item != NULL && (parent == EL_ITEM || parent == EL_ATOM_ENTRY);

  if (frame.elem == EL_MARKUP)
    {
      if (xmlTextReaderIsEmptyElement (p->reader) != 1)
        {
          const char *local = (const char *) xmlTextReaderConstLocalName (p->reader);

          g_string_append_printf (p->text, "</%s>", local != NULL ? local : "span");
        }
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

  if (frame.atom_type == 0 && (frame.elem == EL_ATOM_SUMMARY || frame.elem == EL_ATOM_CONTENT
                               || frame.elem == EL_ATOM_SUBTITLE) && text[0] != '\0')
    {
      /* Plain text: keep its line breaks when it becomes show notes. */
      g_autofree char *html = text_to_html (text);
      g_autofree char *as_html = NULL;

      if (strchr (html, '\n') != NULL)
        {
          GString *s = g_string_new ("<p>");

          for (const char *c = html; *c; c++)
            {
              if (*c == '\n' && c[1] == '\n')
                {
                  g_string_append (s, "</p><p>");
                  while (c[1] == '\n')
                    c++;
                }
              else if (*c == '\n')
                g_string_append (s, "<br/>");
              else
                g_string_append_c (s, *c);
            }
          g_string_append (s, "</p>");
          as_html = g_string_free (s, FALSE);
        }

      g_string_truncate (p->text, frame.text_start);
      g_string_append (p->text, as_html != NULL ? as_html : html);
      text = p->text->str + frame.text_start;
    }
  else if (frame.atom_type == 1 && frame.elem == EL_ATOM_TITLE && strpbrk (text, "<&") != NULL)
    {
      g_autofree char *plain = lw_html_to_text (text);

      g_string_truncate (p->text, frame.text_start);
      g_string_append (p->text, plain);
      text = p->text->str + frame.text_start;
    }

  switch (frame.elem)
    {
    case EL_ITEM:
    case EL_ATOM_ENTRY:
      add_item (p);
      break;

    case EL_TITLE:
    case EL_ATOM_TITLE:
      if (in_item)
        set_first (&p->item->title, text);
      else if (parent == EL_CHANNEL || parent == EL_ATOM_FEED || parent == EL_RSS)
        set_first (&p->feed->title, text);
      break;

    case EL_LINK:
      {
        g_autofree char *url = resolve_url (p, text);

        if (in_item)
          set_first (&p->item->link, url);
        else if (parent == EL_CHANNEL || parent == EL_RSS)
          set_first (&p->feed->link, url);
      }
      break;

    case EL_URL:
      if (p->item == NULL)
        {
          g_autofree char *url = resolve_url (p, text);

          set_first (&p->feed_image_url, url);
        }
      break;

    case EL_DESCRIPTION:
      if (in_item)
        set_first (&p->scratch.description, text);
      else
        set_first (&p->feed_description, text);
      break;

    case EL_CONTENT_ENCODED:
      set_first (&p->scratch.content_encoded, text);
      break;

    case EL_ITUNES_SUMMARY:
      if (in_item)
        set_first (&p->scratch.itunes_summary, text);
      else
        set_first (&p->feed_itunes_summary, text);
      break;

    case EL_ITUNES_SUBTITLE:
      if (in_item)
        set_first (&p->scratch.itunes_subtitle, text);
      else
        set_first (&p->feed_itunes_subtitle, text);
      break;

    case EL_ATOM_SUBTITLE:
      if (!in_item)
        set_first (&p->feed_description, text);
      break;

    case EL_ATOM_SUMMARY:
      if (in_item)
        set_first (&p->scratch.atom_summary, text);
      break;

    case EL_ATOM_CONTENT:
      if (in_item && frame.collect)
        set_first (&p->scratch.atom_content, text);
      break;

    case EL_ITUNES_TITLE:
      set_first (&p->scratch.itunes_title, text);
      break;

    case EL_PUBDATE:
    case EL_DC_DATE:
    case EL_ATOM_PUBLISHED:
      if (in_item && p->item->published == LW_DATE_UNKNOWN)
        p->item->published = lw_date_parse (text);
      break;

    case EL_ATOM_UPDATED:
      if (in_item && p->scratch.atom_updated == LW_DATE_UNKNOWN)
        p->scratch.atom_updated = lw_date_parse (text);
      break;

    case EL_GUID:
      set_first (&p->item->guid, text);
      /* A permalink guid is the episode's page when there is no <link>: always when the
       * feed says so (relative ones resolve), and by RSS's default when it is a URL. */
      if (p->item->link == NULL && p->scratch.guid_link == NULL && text[0] != '\0'
          && p->scratch.guid_is_permalink != 0
          && (p->scratch.guid_is_permalink == 1
              || g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://")))
        p->scratch.guid_link = resolve_url (p, text);
      break;

    case EL_ATOM_ID:
      /* A feed's Atom id is a URI, not a podcast:guid: only entries use theirs. */
      if (in_item)
        set_first (&p->scratch.atom_id, text);
      break;

    case EL_LANGUAGE:
    case EL_DC_LANGUAGE:
      set_first (&p->feed->language, text);
      break;

    case EL_AUTHOR:
    case EL_DC_CREATOR:
      if (in_item)
        set_first (&p->scratch.dc_creator, text);
      else
        set_first (&p->feed_dc_creator, text);
      break;

    case EL_MANAGING_EDITOR:
      set_first (&p->feed_managing_editor, text);
      break;

    case EL_ITUNES_AUTHOR:
      if (in_item)
        set_first (&p->item->author, text);
      else
        set_first (&p->feed_itunes_author, text);
      break;

    case EL_ATOM_NAME:
      set_first (&p->author_name, text);
      break;

    case EL_ATOM_EMAIL:
      break;

    case EL_ATOM_AUTHOR:
      if (p->author_name != NULL)
        {
          if (in_item)
            set_first (&p->scratch.dc_creator, p->author_name);
          else
            set_first (&p->feed_atom_author, p->author_name);
        }
      g_clear_pointer (&p->author_name, g_free);
      break;

    case EL_ATOM_LOGO:
      {
        g_autofree char *url = resolve_url (p, text);

        set_first (&p->feed_atom_logo, url);
      }
      break;

    case EL_ITUNES_IMAGE:
      if (text[0] != '\0')
        {
          g_autofree char *url = resolve_url (p, text);

          if (in_item)
            set_first (&p->scratch.itunes_image, url);
          else if (p->item == NULL)
            set_first (&p->feed_itunes_image, url);
        }
      break;

    case EL_ATOM_ICON:
      {
        g_autofree char *url = resolve_url (p, text);

        set_first (&p->feed_atom_icon, url);
      }
      break;

    case EL_ITUNES_NAME:
      set_first (&p->feed->owner_name, text);
      break;

    case EL_ITUNES_EMAIL:
      set_first (&p->feed->owner_email, text);
      break;

    case EL_ITUNES_CATEGORY:
      if (p->category_path->len > 0)
        g_ptr_array_set_size (p->category_path, p->category_path->len - 1);
      break;

    case EL_ITUNES_EXPLICIT:
      if (in_item)
        {
          if (p->item->explicit_ < 0)
            p->item->explicit_ = parse_bool (text);
        }
      else if (p->feed->explicit_ < 0)
        p->feed->explicit_ = parse_bool (text);
      break;

    case EL_ITUNES_TYPE:
      if (p->feed->type == NULL
          && (g_ascii_strcasecmp (text, "episodic") == 0 || g_ascii_strcasecmp (text, "serial") == 0))
        p->feed->type = g_ascii_strdown (text, -1);
      break;

    case EL_ITUNES_NEW_FEED_URL:
      {
        g_autofree char *url = resolve_url (p, text);

        set_first (&p->feed->new_feed_url, url);
      }
      break;

    case EL_NEW_LOCATION:
      {
        g_autofree char *url = resolve_url (p, text);

        set_first (&p->feed_redirect, url);
      }
      break;

    case EL_ITUNES_DURATION:
      if (p->item->duration == LW_UNKNOWN)
        p->item->duration = lw_duration_parse (text);
      break;

    case EL_ITUNES_SEASON:
      p->item->season = parse_count (text);
      break;

    case EL_PODCAST_SEASON:
      if (p->item->season == LW_UNKNOWN)
        p->item->season = parse_count (text);
      break;

    case EL_ITUNES_EPISODE:
      p->item->episode = parse_count (text);
      break;

    case EL_PODCAST_EPISODE:
      if (p->item->episode == LW_UNKNOWN)
        {
          /* podcast:episode may be a decimal ("12.5"); the integer part numbers it. */
          double value = g_ascii_strtod (text, NULL);

          if (value >= 1 && value < G_MAXINT)
            p->item->episode = (int) value;
        }
      break;

    case EL_ITUNES_EPISODE_TYPE:
      if (p->item->episode_type == NULL
          && (g_ascii_strcasecmp (text, "full") == 0 || g_ascii_strcasecmp (text, "trailer") == 0
              || g_ascii_strcasecmp (text, "bonus") == 0))
        p->item->episode_type = g_ascii_strdown (text, -1);
      break;

    case EL_PODCAST_GUID:
      set_first (&p->feed->podcast_guid, text);
      break;

    case EL_PODCAST_LOCKED:
      if (p->feed->locked < 0)
        p->feed->locked = parse_bool (text);
      break;

    case EL_PODCAST_FUNDING:
      if (p->funding != NULL && p->funding->url != NULL)
        {
          set_str (&p->funding->title, text[0] != '\0' ? text : NULL);
          g_ptr_array_add (in_item ? p->item->funding : p->feed->funding, g_steal_pointer (&p->funding));
        }
      g_clear_pointer (&p->funding, lw_funding_free);
      break;

    case EL_PODCAST_PERSON:
      if (p->person != NULL && text[0] != '\0')
        {
          set_str (&p->person->name, text);
          g_ptr_array_add (in_item ? p->item->persons : p->feed->persons, g_steal_pointer (&p->person));
        }
      g_clear_pointer (&p->person, lw_person_free);
      break;

    case EL_PODCAST_SOUNDBITE:
      if (p->soundbite != NULL && p->item != NULL)
        {
          set_str (&p->soundbite->title, text[0] != '\0' ? text : NULL);
          g_ptr_array_add (p->item->soundbites, g_steal_pointer (&p->soundbite));
        }
      g_clear_pointer (&p->soundbite, lw_soundbite_free);
      break;

    case EL_PODCAST_ALTERNATE_ENCLOSURE:
      if (p->alternate != NULL && p->alternate->sources->len > 0)
        g_ptr_array_add (p->item->alternate_enclosures, g_steal_pointer (&p->alternate));
      g_clear_pointer (&p->alternate, lw_alternate_enclosure_free);
      break;

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
    case EL_OTHER:
    case EL_MARKUP:
    default:
      break;
    }

  g_string_truncate (p->text, frame.text_start);
}

static const char *
first_of (const char *a,
          const char *b,
          const char *c,
          const char *d)
{
  if (a != NULL)
    return a;
  if (b != NULL)
    return b;
  if (c != NULL)
    return c;
  return d;
}

/* The last path segment of a URL without its extension, for missing titles. */
static char *
name_from_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *unescaped = NULL;
  const char *path;
  const char *slash;
  char *dot;
  char *name;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL);
  path = uri != NULL ? g_uri_get_path (uri) : url;
  slash = strrchr (path, '/');
  unescaped = g_uri_unescape_string (slash != NULL ? slash + 1 : path, NULL);
  if (unescaped == NULL || unescaped[0] == '\0' || !g_utf8_validate (unescaped, -1, NULL))
    return NULL;

  name = g_strdup (unescaped);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';

  return name;
}

/* Show notes are sanitised on a second thread while the reader goes on: the HTML
 * parser costs about as much as the whole XML pass. The worker only ever writes
 * notes_html and summary of the item it was handed; the main thread no longer
 * touches those, and joins the worker before anyone reads them. */
static void
run_notes_job (NotesJob   *job,
               const char *base_url)
{
  LwFeedItem *item = job->item;

  if (job->notes != NULL)
    {
      item->notes_html = lw_html_sanitise (job->notes, base_url);
      if (item->notes_html[0] == '\0')
        g_clear_pointer (&item->notes_html, g_free);
    }

  if (job->summary != NULL || job->summary_is_notes)
    {
      item->summary = lw_html_to_text (job->summary_is_notes ? job->notes : job->summary);
      if (item->summary[0] == '\0')
        g_clear_pointer (&item->summary, g_free);
    }

  g_free (job->notes);
  g_free (job->summary);
  g_free (job);
}

/* A job that tells the worker to stop. */
static NotesJob stop_job;

static gpointer
notes_worker (gpointer data)
{
  Parser *p = data;
  NotesJob *job;

  while ((job = g_async_queue_pop (p->notes_queue)) != &stop_job)
    run_notes_job (job, p->base_url);

  return NULL;
}

static void
queue_notes_job (Parser   *p,
                 NotesJob *job)
{
  /* One item's notes are not worth a thread; the second item starts one. */
  if (p->notes_queue == NULL && p->feed->items->len > 1 && g_get_num_processors () > 1)
    {
      p->notes_queue = g_async_queue_new ();
      p->notes_thread = g_thread_try_new ("lw-notes", notes_worker, p, NULL);
      if (p->notes_thread == NULL)
        g_clear_pointer (&p->notes_queue, g_async_queue_unref);
    }

  if (p->notes_queue != NULL)
    g_async_queue_push (p->notes_queue, job);
  else
    run_notes_job (job, p->base_url);
}

/* Finishes every queued job, helping the worker, and joins it. */
static void
finish_notes_jobs (Parser *p)
{
  NotesJob *job;

  if (p->notes_queue == NULL)
    return;

  while ((job = g_async_queue_try_pop (p->notes_queue)) != NULL)
    run_notes_job (job, p->base_url);

  g_async_queue_push (p->notes_queue, &stop_job);
  g_thread_join (g_steal_pointer (&p->notes_thread));
  g_clear_pointer (&p->notes_queue, g_async_queue_unref);
}

/* Takes ownership of whichever scratch string @source is. */
static char *
steal_source (ItemScratch *s,
              const char  *source)
{
  char **fields[] = {
    &s->content_encoded, &s->atom_content, &s->description, &s->itunes_summary,
    &s->atom_summary, &s->itunes_subtitle,
  };

  if (source == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i] == source)
      return g_steal_pointer (fields[i]);

  return g_strdup (source);
}

static void
add_item (Parser *p)
{
  LwFeedItem *item = p->item;
  ItemScratch *s = &p->scratch;
  const char *notes_source;
  const char *summary_source;
  const LwEnclosure *main_enclosure;

  if (item == NULL)
    return;

  /* media:content only when there is no enclosure: many feeds repeat the enclosure
   * there, often as several renditions of the same episode. */
  if (item->enclosures->len == 0 && s->media_contents != NULL)
    g_ptr_array_extend_and_steal (item->enclosures, g_steal_pointer (&s->media_contents));

  set_first (&item->title, s->itunes_title);
  set_first (&item->image, s->itunes_image);
  set_first (&item->image, s->media_thumbnail);
  set_first (&item->author, s->dc_creator);
  set_first (&item->link, s->guid_link);

  if (item->published == LW_DATE_UNKNOWN)
    item->published = s->atom_updated;

  notes_source = first_of (s->content_encoded, s->atom_content, s->description, s->itunes_summary);
  if (notes_source == NULL)
    notes_source = s->atom_summary;
  summary_source = first_of (s->description, s->itunes_summary, s->atom_summary, s->itunes_subtitle);
  if (summary_source == NULL)
    summary_source = notes_source;

  main_enclosure = lw_feed_item_get_main_enclosure (item);

  /* A stable identity, so a refresh matches the same episode again. */
  set_first (&item->guid, s->atom_id);
  if (item->guid == NULL && main_enclosure != NULL)
    item->guid = g_strdup (main_enclosure->url);
  set_first (&item->guid, item->link);
  if (item->guid == NULL && item->title != NULL)
    {
      if (item->published != LW_DATE_UNKNOWN)
        item->guid = g_strdup_printf ("%s|%" G_GINT64_FORMAT, item->title, item->published);
      else
        item->guid = g_strdup (item->title);
    }
  if (item->guid == NULL)
    {
      /* Nothing else to go by: the content itself. */
      item->guid = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                  summary_source != NULL ? summary_source : "", -1);
    }

  if (item->title == NULL && main_enclosure != NULL)
    item->title = name_from_url (main_enclosure->url);

  g_ptr_array_add (p->feed->items, g_steal_pointer (&p->item));

  if (notes_source != NULL || summary_source != NULL)
    {
      NotesJob *job = g_new0 (NotesJob, 1);

      job->item = item;
      job->notes = steal_source (s, notes_source);
      job->summary = summary_source == notes_source ? NULL : steal_source (s, summary_source);
      job->summary_is_notes = summary_source == notes_source;
      queue_notes_job (p, job);
    }

  item_scratch_clear (s);
}

static void
finish_feed (Parser *p)
{
  LwFeed *feed = p->feed;
  const char *description;

  description = first_of (p->feed_description, p->feed_itunes_summary, p->feed_itunes_subtitle, NULL);
  if (description != NULL)
    {
      feed->description_html = lw_html_sanitise (description, p->base_url);
      feed->description = lw_html_to_text (description);
    }

  set_first (&feed->image, p->feed_itunes_image);
  set_first (&feed->image, p->feed_image_url);
  set_first (&feed->image, p->feed_atom_logo);
  set_first (&feed->image, p->feed_media_thumbnail);
  set_first (&feed->image, p->feed_atom_icon);

  set_first (&feed->author, p->feed_itunes_author);
  set_first (&feed->author, p->feed_dc_creator);
  set_first (&feed->author, p->feed_atom_author);
  set_first (&feed->author, p->feed_managing_editor);
  set_first (&feed->author, feed->owner_name);

  set_first (&feed->new_feed_url, p->feed_redirect);

  /* podcastparser's fallback: a show without a title is named after its URL. */
  if (feed->title == NULL)
    feed->title = name_from_url (p->base_url);
}

static gboolean
is_hostile_error (int         code,
                  const char *message);

static void
structured_error (void        *data,
                  xmlErrorPtr  error)
{
  Parser *p = data;

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
finish_notes_jobs (Parser *p);

static void
parser_clear (Parser *p)
{
  /* The worker writes into items: it must be done before they go. */
  finish_notes_jobs (p);
  g_clear_pointer (&p->feed, lw_feed_free);
  g_clear_pointer (&p->item, lw_feed_item_free);
  item_scratch_clear (&p->scratch);
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
  g_clear_pointer (&p->category_path, g_ptr_array_unref);
  g_clear_pointer (&p->author_name, g_free);
  if (p->text != NULL)
    g_string_free (g_steal_pointer (&p->text), TRUE);
  g_clear_pointer (&p->frames, g_array_unref);
  g_clear_pointer (&p->xml_error_message, g_free);
  g_clear_error (&p->error);
}

static void
parser_init (Parser     *p,
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

/* Runs the reader to the end. Returns FALSE on an XML error (p->xml_error_* say which)
 * or when the handler stopped (p->error says why). */
static gboolean
run_reader (Parser *p)
{
  int ret;

  while ((ret = xmlTextReaderRead (p->reader)) == 1)
    {
      switch (xmlTextReaderNodeType (p->reader))
        {
        case XML_READER_TYPE_ELEMENT:
          start_element (p);
          if (!p->stop && xmlTextReaderIsEmptyElement (p->reader) == 1)
            end_element (p);
          break;

        case XML_READER_TYPE_END_ELEMENT:
          end_element (p);
          break;

        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          {
            Frame *frame = top_frame (p);

            if (frame != NULL && frame->collect)
              {
                const char *value = (const char *) xmlTextReaderConstValue (p->reader);

                if (value == NULL)
                  break;
                /* Text inside unescaped HTML is text, so it must stay escaped. */
                if (frame->elem == EL_MARKUP)
                  {
                    g_autofree char *escaped = g_markup_escape_text (value, -1);

                    g_string_append (p->text, escaped);
                  }
                else
                  g_string_append (p->text, value);
              }
          }
          break;

        default:
          break;
        }

      if (p->stop)
        return FALSE;
    }

  return ret == 0 && p->xml_error_code == 0;
}

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

/* The first element's "<" after whitespace, comments, processing instructions and a
 * doctype, looking at the first few kilobytes only; NULL when there is none there. */
static const char *
first_tag (const char *data,
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
static gboolean
sniff_html (const char *data,
            gsize       len)
{
  const char *p = first_tag (data, len);
  const char *end = data + len;

  if (p == NULL)
    return FALSE;
  if (end - p >= 14 && g_ascii_strncasecmp (p, "<!doctype html", 14) == 0)
    return TRUE;
  return end - p >= 6 && g_ascii_strncasecmp (p, "<html", 5) == 0
         && (g_ascii_isspace (p[5]) || p[5] == '>');
}

/* memmem() without _GNU_SOURCE; g_strstr_len() is a naive loop, slow on 25 MB. */
static gboolean
contains (const char *data,
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
static char *
declared_encoding (const char *data,
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

static gboolean
has_c1_bytes (const char *data,
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
static GBytes *
repair_as_cp1252 (const char *data,
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
static GBytes *
rewrite_entities (const char *data,
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

typedef enum
{
  ATTEMPT_STREAM,
  ATTEMPT_RECOVER,  /* libxml2's DOM parser with RECOVER, walked by the same reader code */
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

static int
file_source_close (void *context)
{
  /* The caller owns the descriptor. */
  return 0;
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
  xmlDocPtr doc = NULL;
  gboolean ok;
  int options = XML_PARSE_NONET;

  xml_failure_clear (failure);
  parser_init (&p, base_url);
  /* A file is not in memory to look: ask libxml2 for the base of every relative URL. */
  p.has_xml_base = mode == ATTEMPT_FILE || contains (data, len, "xml:base");

  /* An encoding forced by us overrides the (wrong) declaration. */
  if (encoding != NULL)
    options |= XML_PARSE_IGNORE_ENC;

  if (mode == ATTEMPT_RECOVER)
    {
      xmlSetStructuredErrorFunc (&p, structured_error);
      doc = xmlReadMemory (data, (int) len, base_url, encoding, options | XML_PARSE_RECOVER);
      xmlSetStructuredErrorFunc (NULL, NULL);
      if (doc == NULL || xmlDocGetRootElement (doc) == NULL || p.saw_hostile)
        {
          failure->code = p.saw_hostile ? XML_ERR_ENTITY_LOOP
                          : p.xml_error_code != 0 ? p.xml_error_code : XML_ERR_DOCUMENT_EMPTY;
          failure->line = p.xml_error_line;
          failure->column = p.xml_error_column;
          failure->message = g_steal_pointer (&p.xml_error_message);
          g_clear_pointer (&doc, xmlFreeDoc);
          parser_clear (&p);
          return NULL;
        }
      /* Recovered errors are what this mode is for. */
      p.xml_error_code = 0;
      g_clear_pointer (&p.xml_error_message, g_free);
      p.reader = xmlReaderWalker (doc);
    }
  else
    {
      if (mode == ATTEMPT_FILE)
        p.reader = xmlReaderForIO (file_source_read, file_source_close, (gpointer) data,
                                   base_url, encoding, options);
      else
        p.reader = xmlReaderForMemory (data, (int) len, base_url, encoding, options);
    }

  if (p.reader == NULL)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_MALFORMED,
                   _("The feed could not be read."));
      g_clear_pointer (&doc, xmlFreeDoc);
      parser_clear (&p);
      return NULL;
    }

  if (mode != ATTEMPT_RECOVER)
    xmlTextReaderSetStructuredErrorHandler (p.reader, structured_error, &p);

  ok = run_reader (&p);
  xmlFreeTextReader (p.reader);
  p.reader = NULL;
  g_clear_pointer (&doc, xmlFreeDoc);

  if (!ok)
    {
      if (p.error != NULL)
        g_propagate_error (error, g_steal_pointer (&p.error));
      else
        {
          failure->code = p.xml_error_code != 0 ? p.xml_error_code : XML_ERR_INTERNAL_ERROR;
          /* Nothing but a declaration (or a comment): empty, not cut short. */
          if (mode != ATTEMPT_FILE && len < 16384 && first_tag (data, len) == NULL)
            failure->code = XML_ERR_DOCUMENT_EMPTY;
          failure->line = p.xml_error_line;
          failure->column = p.xml_error_column;
          failure->message = g_steal_pointer (&p.xml_error_message);
        }
      parser_clear (&p);
      return NULL;
    }

  if (p.kind == KIND_UNKNOWN)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_EMPTY,
                   _("The feed has no content."));
      parser_clear (&p);
      return NULL;
    }

  /* <rss> with neither a channel nor anything a channel holds. */
  if (p.kind == KIND_RSS && !p.saw_channel && p.feed->title == NULL && p.feed->items->len == 0)
    {
      g_set_error (error, LW_FEED_PARSER_ERROR, LW_FEED_PARSER_ERROR_NOT_A_FEED,
                   _("This is not a podcast feed: the RSS document has no channel."));
      parser_clear (&p);
      return NULL;
    }

  finish_feed (&p);
  finish_notes_jobs (&p);

  {
    LwFeed *feed = g_steal_pointer (&p.feed);

    parser_clear (&p);
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

  if (failure->code == XML_ERR_TAG_NOT_FINISHED || error_at_end (data, len, line, column))
    {
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

  if (sniff_html (data, len))
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
      declared = declared_encoding (data, len);
      if (declared != NULL
          && (g_str_equal (declared, "iso-8859-1") || g_str_equal (declared, "latin1")
              || g_str_equal (declared, "iso_8859-1") || g_str_equal (declared, "us-ascii"))
          && has_c1_bytes (data, len))
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

      repaired = repair_as_cp1252 (data, len);
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

      rewritten = rewrite_entities (data, len);
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
      && !contains (data, len, "<!ENTITY"))
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
      if (source.head_len > 0 && first_tag (source.head, source.head_len) != NULL
          && !sniff_html (source.head, source.head_len)
          && source.head[0] == '<' && source.head_len >= 2 && source.head[1] != '\0')
        {
          const char *encoding = NULL;

          declared = declared_encoding (source.head, source.head_len);
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
