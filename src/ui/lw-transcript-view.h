/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_TRANSCRIPT_VIEW (lw_transcript_view_get_type ())

G_DECLARE_FINAL_TYPE (LwTranscriptView, lw_transcript_view, LW, TRANSCRIPT_VIEW, GtkWidget)

/* A transcript as a list of cues (time, speaker, text) that follows playback: the
 * cue at "position" is highlighted and scrolled to. Activating a cue (click, Enter)
 * emits "seek" (gint64 ms). While loading it shows a spinner; after a failure the
 * message and a Retry button that emits "retry".
 *
 * Properties: "position" (gint64 ms, -1 = not playing this episode: nothing
 * highlighted), "current" (int, read-only: the highlighted cue, -1 for none). */
GtkWidget *lw_transcript_view_new          (void);
/* @cues: (element-type LwTranscriptCue) (transfer none), kept by reference. */
void       lw_transcript_view_set_cues     (LwTranscriptView *self,
                                            GPtrArray        *cues);
void       lw_transcript_view_set_loading  (LwTranscriptView *self);
void       lw_transcript_view_set_error    (LwTranscriptView *self,
                                            const char       *message);
gint64     lw_transcript_view_get_position (LwTranscriptView *self);
void       lw_transcript_view_set_position (LwTranscriptView *self,
                                            gint64            position_ms);
int        lw_transcript_view_get_current  (LwTranscriptView *self);
guint      lw_transcript_view_get_n_cues   (LwTranscriptView *self);

G_END_DECLS
