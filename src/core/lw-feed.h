/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Plain data that LwFeedParser fills and LwLibrary merges. No GObjects: these are
 * built on worker threads and handed over whole. Every string is UTF-8 or NULL. */

/* A date that the feed did not give, or that could not be read. */
#define LW_DATE_UNKNOWN G_MININT64
/* A count, a size or a duration that the feed did not give. */
#define LW_UNKNOWN (-1)

typedef struct
{
  char   *url;
  gint64  length;  /* bytes, LW_UNKNOWN */
  char   *type;    /* MIME type */
} LwEnclosure;

typedef struct
{
  double  start;   /* seconds */
  char   *title;
  char   *url;
  char   *image;
} LwChapter;

typedef struct
{
  char *url;
  char *type;      /* text/vtt, application/x-subrip, application/json, text/html, … */
  char *language;
  char *rel;       /* "captions" or NULL */
} LwTranscript;

typedef struct
{
  char *name;
  char *role;      /* lower case, "host" when absent */
  char *group;     /* lower case, "cast" when absent */
  char *href;
  char *img;
} LwPerson;

typedef struct
{
  char *url;
  char *title;
} LwFunding;

typedef struct
{
  char *feed_guid;
  char *feed_url;
  char *title;
} LwRemoteItem;

typedef struct
{
  char      *type;
  gint64     length;   /* LW_UNKNOWN */
  gint64     bitrate;  /* LW_UNKNOWN */
  char      *title;
  gboolean   is_default;
  GPtrArray *sources;  /* (element-type utf8) URLs */
} LwAlternateEnclosure;

typedef struct
{
  double  start;     /* seconds */
  double  duration;  /* seconds */
  char   *title;
} LwSoundbite;

/* podcast:valueRecipient */
typedef struct
{
  char     *name;
  char     *type;          /* "node", "lnaddress", … */
  char     *address;
  gint64    split;         /* shares, LW_UNKNOWN */
  gboolean  fee;
  char     *custom_key;
  char     *custom_value;
} LwValueRecipient;

/* podcast:value: how listeners can pay the show or the episode. */
typedef struct
{
  char      *type;        /* "lightning", … */
  char      *method;      /* "keysend", … */
  char      *suggested;   /* as written ("0.00000005000"): an amount, kept exact */
  GPtrArray *recipients;  /* (element-type LwValueRecipient) */
} LwValue;

typedef struct
{
  char      *guid;          /* never NULL after parsing: falls back to enclosure URL, link, title+date */
  char      *title;
  gint64     published;     /* Unix seconds UTC, LW_DATE_UNKNOWN */
  gint64     duration;      /* seconds, LW_UNKNOWN */
  char      *link;
  char      *summary;       /* plain text */
  char      *notes_html;    /* sanitised HTML (see lw-html.h), never raw feed HTML */
  GPtrArray *enclosures;    /* (element-type LwEnclosure) */
  char      *image;
  int        season;        /* LW_UNKNOWN */
  int        episode;       /* LW_UNKNOWN */
  char      *episode_type;  /* full, trailer, bonus, or NULL */
  int        explicit_;     /* -1 unknown, 0, 1 */
  char      *author;
  GPtrArray *chapters;      /* (element-type LwChapter) inline (Podlove Simple Chapters) */
  char      *chapters_url;  /* podcast:chapters */
  char      *chapters_type;
  GPtrArray *transcripts;   /* (element-type LwTranscript) */
  GPtrArray *persons;       /* (element-type LwPerson) */
  GPtrArray *funding;       /* (element-type LwFunding) */
  GPtrArray *alternate_enclosures; /* (element-type LwAlternateEnclosure) */
  GPtrArray *soundbites;    /* (element-type LwSoundbite) */
  GPtrArray *value;         /* (element-type LwValue) podcast:value */
  /* Only for the items of LwFeed.live_items (podcast:liveItem): */
  char      *live_status;   /* pending, live, ended (lower case), or NULL */
  gint64     live_start;    /* Unix seconds UTC, LW_DATE_UNKNOWN */
  gint64     live_end;      /* Unix seconds UTC, LW_DATE_UNKNOWN */
} LwFeedItem;

typedef struct
{
  char      *title;
  char      *link;
  char      *description;       /* plain text */
  char      *description_html;  /* sanitised HTML */
  char      *author;
  char      *owner_name;
  char      *owner_email;
  char      *image;
  char      *language;
  GPtrArray *categories;        /* (element-type utf8) "Parent" or "Parent/Child" */
  char      *type;              /* episodic, serial or NULL */
  int        explicit_;         /* -1 unknown, 0, 1 */
  char      *new_feed_url;      /* itunes:new-feed-url or <redirect><newLocation> */
  int        locked;            /* -1 unknown, 0, 1 */
  char      *podcast_guid;
  GPtrArray *funding;           /* (element-type LwFunding) */
  GPtrArray *podroll;           /* (element-type LwRemoteItem) */
  GPtrArray *persons;           /* (element-type LwPerson) */
  GPtrArray *items;             /* (element-type LwFeedItem) in document order */
  GPtrArray *value;             /* (element-type LwValue) podcast:value */
  GPtrArray *live_items;        /* (element-type LwFeedItem) podcast:liveItem, in document
                                 * order; never in items */
} LwFeed;

LwFeed               *lw_feed_new                     (void);
void                  lw_feed_free                    (LwFeed               *feed);
LwFeedItem           *lw_feed_item_new                (void);
void                  lw_feed_item_free               (LwFeedItem           *item);
LwEnclosure          *lw_enclosure_new                (void);
void                  lw_enclosure_free               (LwEnclosure          *enclosure);
LwChapter            *lw_chapter_new                  (void);
void                  lw_chapter_free                 (LwChapter            *chapter);
LwTranscript         *lw_transcript_new               (void);
void                  lw_transcript_free              (LwTranscript         *transcript);
LwPerson             *lw_person_new                   (void);
void                  lw_person_free                  (LwPerson             *person);
LwFunding            *lw_funding_new                  (void);
void                  lw_funding_free                 (LwFunding            *funding);
LwRemoteItem         *lw_remote_item_new              (void);
void                  lw_remote_item_free             (LwRemoteItem         *item);
LwAlternateEnclosure *lw_alternate_enclosure_new      (void);
void                  lw_alternate_enclosure_free     (LwAlternateEnclosure *enclosure);
LwSoundbite          *lw_soundbite_new                (void);
void                  lw_soundbite_free               (LwSoundbite          *soundbite);
LwValue              *lw_value_new                    (void);
void                  lw_value_free                   (LwValue              *value);
LwValueRecipient     *lw_value_recipient_new          (void);
void                  lw_value_recipient_free         (LwValueRecipient     *recipient);

/* The first audio (or, failing that, any) enclosure: what Play plays. */
const LwEnclosure    *lw_feed_item_get_main_enclosure (const LwFeedItem     *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwFeed, lw_feed_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwFeedItem, lw_feed_item_free)

G_END_DECLS
