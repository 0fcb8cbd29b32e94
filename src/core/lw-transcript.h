/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lw-feed-service.h"

G_BEGIN_DECLS

/* Episode transcripts (podcast:transcript): WebVTT, SubRip, the Podcasting 2.0 JSON
 * format and its HTML format, read into one list of cues. No GTK: the transcript
 * view binds to what this gives. */

typedef enum
{
  LW_TRANSCRIPT_FORMAT_UNKNOWN,
  LW_TRANSCRIPT_FORMAT_VTT,
  LW_TRANSCRIPT_FORMAT_SRT,
  LW_TRANSCRIPT_FORMAT_JSON,
  LW_TRANSCRIPT_FORMAT_HTML,
} LwTranscriptFormat;

#define LW_TRANSCRIPT_ERROR (lw_transcript_error_quark ())

typedef enum
{
  LW_TRANSCRIPT_ERROR_UNSUPPORTED,  /* not a format we read (a PDF, plain text, …) */
  LW_TRANSCRIPT_ERROR_INVALID,      /* the format, but nothing usable in it */
} LwTranscriptError;

typedef struct
{
  gint64  start_ms;  /* -1 when the transcript has no times (some HTML) */
  gint64  end_ms;    /* -1 when unknown */
  char   *speaker;   /* nullable */
  char   *text;      /* plain text, lines joined by "\n" */
} LwTranscriptCue;

GQuark              lw_transcript_error_quark      (void);

LwTranscriptCue    *lw_transcript_cue_new          (void);
void                lw_transcript_cue_free         (LwTranscriptCue     *cue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTranscriptCue, lw_transcript_cue_free)

/* From the feed's type attribute ("text/vtt", "application/x-subrip",
 * "application/json", "text/html"; parameters ignored), else from @url's extension.
 * Either may be NULL. */
LwTranscriptFormat  lw_transcript_format_guess     (const char          *mime_type,
                                                    const char          *url);
/* From the first bytes: what a server says is not always what it sends. */
LwTranscriptFormat  lw_transcript_format_sniff     (const char          *data,
                                                    gsize                length);

/* (transfer full) (element-type LwTranscriptCue): the cues in time order. @format
 * UNKNOWN sniffs. A UTF-8 BOM, CRLF or CR line ends, missing hours, cue settings and
 * identifiers, NOTE/STYLE/REGION blocks, voice tags (<v Speaker>) and markup are
 * handled; consecutive JSON segments of one speaker (often word by word) become one
 * cue per sentence. Thread-safe. */
GPtrArray          *lw_transcript_parse            (const char          *data,
                                                    gsize                length,
                                                    LwTranscriptFormat   format,
                                                    GError             **error);

/* The index of the cue playing at @position_ms: the last one starting at or before
 * it; -1 before the first (or when the cues have no times). Binary search. */
int                 lw_transcript_find_cue         (GPtrArray           *cues,
                                                    gint64               position_ms);

/* Milliseconds → "12:34", or "1:02:03" from an hour on: as show notes write times. */
char               *lw_transcript_format_timestamp (gint64               ms);

/* "1:02:03.5", "02:03", "00:00:01,000" → milliseconds; -1 when not a timestamp. */
gint64              lw_transcript_parse_timestamp  (const char          *text);

/* Fetches @url through @service (redirects, clear errors naming the host, size
 * limit) and parses it on a worker thread. @mime_type is the feed's type attribute
 * (nullable); the body is sniffed when it disagrees. */
void                lw_transcript_fetch_async      (LwFeedService       *service,
                                                    const char          *url,
                                                    const char          *mime_type,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray          *lw_transcript_fetch_finish     (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
