/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* OPML subscription lists: reading 1.0 and 2.0 as other podcast apps write them,
 * writing 2.0. No network and no library changes here: the feed service subscribes
 * to what the import finds. */

#define LW_OPML_ERROR (lw_opml_error_quark ())

typedef enum
{
  LW_OPML_ERROR_READ,      /* the file cannot be read */
  LW_OPML_ERROR_NOT_XML,   /* not XML at all (empty, binary, HTML soup) */
  LW_OPML_ERROR_NOT_OPML,  /* XML, but no <opml> root or no <body> */
  LW_OPML_ERROR_WRITE,
} LwOpmlError;

typedef struct
{
  char *feed_url;  /* xmlUrl, trimmed; http(s), feed, podcast, itpc or pcast */
  char *title;     /* text, else title; NULL when neither */
  char *html_url;  /* htmlUrl, nullable */
  char *category;  /* the enclosing outlines' names, "Parent/Child"; nullable */
} LwOpmlEntry;

typedef struct
{
  char      *title;       /* head/title, nullable */
  GPtrArray *entries;     /* (element-type LwOpmlEntry) document order, first of duplicates kept */
  GPtrArray *problems;    /* (element-type utf8) one translated line per bad outline */
  guint      duplicates;  /* outlines skipped for a feed URL seen before */
} LwOpml;

GQuark      lw_opml_error_quark (void);

/* Reads what it can; only a document that is not OPML at all is an error. Bad
 * outlines (no feed URL, not a web address) land in ->problems. */
LwOpml     *lw_opml_parse       (const char  *data,
                                 gsize        length,
                                 GError     **error);
LwOpml     *lw_opml_parse_file  (GFile       *file,
                                 GError     **error);
void        lw_opml_free        (LwOpml      *opml);

/* OPML 2.0 for a list of LwShow (such as lw_library_get_shows()). */
GBytes     *lw_opml_write       (GListModel  *shows);
gboolean    lw_opml_write_file  (GListModel  *shows,
                                 GFile       *file,
                                 GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwOpml, lw_opml_free)

G_END_DECLS
