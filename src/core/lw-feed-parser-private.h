/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/SAX2.h>

#include "lw-feed-parser.h"

G_BEGIN_DECLS

/* Between the files of the feed parser. Nobody else.
 *
 *   lw-feed-parser.c           the public entry points, the error quark, one attempt over
 *                              the document, and the retry ladder around it (encoding
 *                              repair, entity rewrite, DOM RECOVER) with its error messages
 *   lw-feed-parser-repair.c    looking at the raw bytes (first tag, HTML, the declared
 *                              encoding) and rewriting them (windows-1252, HTML entities)
 *   lw-feed-parser-reader.c    the SAX2 callbacks: namespaces, what each element is
 *                              and where it may stand, text collection, attributes and
 *                              URLs, the life of the Parser state; it hands elements to:
 *   lw-feed-parser-rss.c       RSS 0.9x/1.0/2.0, iTunes, Google Play, content, Dublin Core
 *                              and Media RSS
 *   lw-feed-parser-atom.c      Atom (and atom: elements inside RSS)
 *   lw-feed-parser-podcast.c   Podcasting 2.0 (podcast:) and Podlove Simple Chapters (psc:)
 *   lw-feed-parser-assemble.c  an item's (and the channel's) raw values made into the
 *                              LwFeedItem (LwFeed) fields; the show-notes worker thread
 */

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
  EL_PODCAST_LIVE_ITEM,   /* an item that is not an episode (yet): LwFeed.live_items */
  EL_PODCAST_VALUE,

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
  EL_PODCAST_VALUE_RECIPIENT,

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
  guint  base_owned : 1;
  char  *base;         /* xml:base in effect (only when the document has any) */
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
  const char *local;
  const char *uri;
  Ns          ns;
  Elem        elem;
} ElemCacheEntry;

/* The state of one pass over one document. The names Parser, Frame, Elem, Ns and the
 * like are this file group's own. */
typedef struct
{
  xmlParserCtxtPtr  ctxt;
  const xmlChar   **attrs;     /* the start tag's attributes, 5 pointers each (SAX2) */
  int               n_attrs;
  ElemCacheEntry    cache[256];
  GAsyncQueue      *notes_queue;  /* (element-type GPtrArray of NotesJob): lw-feed-parser-assemble.c */
  GPtrArray        *notes_batch;  /* jobs not yet handed to the worker */
  GThread          *notes_thread;
  const char       *base_url;
  gboolean          has_xml_base;

  FeedKind          kind;
  gboolean          saw_channel;
  gboolean          stop;
  GError           *error;

  LwFeed           *feed;
  LwFeedItem       *item;
  gboolean          item_is_live;  /* p->item is a podcast:liveItem */
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
  LwValue              *value;
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

/* Tiny and on every element's path: inline, so that the split into files costs
 * no calls. */
static inline void
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
static inline void
set_first (char       **dest,
           const char  *value)
{
  if (*dest == NULL && value != NULL && value[0] != '\0')
    *dest = g_strdup (value);
}

/* The elements whose children are an episode's. */
static inline gboolean
is_item_elem (Elem elem)
{
  return elem == EL_ITEM || elem == EL_ATOM_ENTRY || elem == EL_PODCAST_LIVE_ITEM;
}

static inline Frame *
top_frame (Parser *p)
{
  return p->frames->len > 0 ? &g_array_index (p->frames, Frame, p->frames->len - 1) : NULL;
}

/* lw-feed-parser-repair.c */
const char *lw_feed_parser_first_tag         (const char  *data,
                                              gsize        len);
gboolean    lw_feed_parser_sniff_html        (const char  *data,
                                              gsize        len);
gboolean    lw_feed_parser_contains          (const char  *data,
                                              gsize        len,
                                              const char  *needle);
char       *lw_feed_parser_declared_encoding (const char  *data,
                                              gsize        len);
gboolean    lw_feed_parser_has_c1_bytes      (const char  *data,
                                              gsize        len);
GBytes     *lw_feed_parser_repair_as_cp1252  (const char  *data,
                                              gsize        len);
GBytes     *lw_feed_parser_rewrite_entities  (const char  *data,
                                              gsize        len);

/* lw-feed-parser-reader.c: the state, the SAX2 callbacks */
void         lw_feed_parser_state_init           (Parser      *p,
                                                  const char  *base_url);
void         lw_feed_parser_state_clear          (Parser      *p);
void         lw_feed_parser_init_sax             (xmlSAXHandler *sax);
void         lw_feed_parser_item_scratch_clear   (ItemScratch *s);

/* lw-feed-parser-reader.c: for the element handlers */
char        *lw_feed_parser_get_attr             (Parser      *p,
                                                  const char  *name);
char        *lw_feed_parser_resolve_url          (Parser      *p,
                                                  const char  *url);
char        *lw_feed_parser_get_url_attr         (Parser      *p,
                                                  const char  *name);
LwEnclosure *lw_feed_parser_enclosure_from_attrs (Parser      *p,
                                                  const char  *url_attr,
                                                  const char  *length_attr);
gint64       lw_feed_parser_parse_int64          (const char  *text);
int          lw_feed_parser_parse_count          (const char  *text);
int          lw_feed_parser_parse_bool           (const char  *text);
void         lw_feed_parser_set_title            (Parser      *p,
                                                  Elem         parent,
                                                  gboolean     in_item,
                                                  const char  *text);
void         lw_feed_parser_set_published        (Parser      *p,
                                                  gboolean     in_item,
                                                  const char  *text);

/* The element handlers. _start runs after the element's frame is pushed (top_frame()
 * is the element's own); _end gets the element's trimmed text, which lives in
 * p->text and may be rewritten there. */
void lw_feed_parser_rss_start     (Parser      *p,
                                   Elem         elem,
                                   Elem         parent,
                                   gboolean     in_item);
void lw_feed_parser_rss_end       (Parser      *p,
                                   Elem         elem,
                                   Elem         parent,
                                   gboolean     in_item,
                                   const char  *text);
void lw_feed_parser_atom_start    (Parser      *p,
                                   Elem         elem,
                                   Elem         parent);
void lw_feed_parser_atom_end      (Parser      *p,
                                   const Frame *frame,
                                   Elem         parent,
                                   gboolean     in_item,
                                   char        *text);
void lw_feed_parser_podcast_start (Parser      *p,
                                   Elem         elem);
void lw_feed_parser_podcast_end   (Parser      *p,
                                   Elem         elem,
                                   gboolean     in_item,
                                   const char  *text);

/* lw-feed-parser-assemble.c */
void lw_feed_parser_add_item          (Parser   *p);
void lw_feed_parser_finish_feed       (Parser   *p);
void lw_feed_parser_finish_notes_jobs (Parser   *p,
                                       gboolean  run);

G_END_DECLS
