/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/lw-feed.h"
#include "lw-application.h"
#include "playback/lw-player.h"
#include "ui/lw-window.h"

G_BEGIN_DECLS

/* Helpers shared by the UI test programs: a main loop that waits for conditions,
 * widget-tree searches, PNG output into the build dir, and fixtures. */

/* The program's application and temporary directory. */
extern LwApplication *test_app;
extern char          *test_tmp_dir;

#define TIMEOUT_MS 10000

typedef gboolean (*Condition) (gpointer data);

void           wait_for             (Condition    condition,
                                     gpointer     data,
                                     const char  *what);
void           wait_ms              (guint        ms);
gboolean       is_mapped            (gpointer     data);
/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * @user_data
 * points at, and the condition that it has arrived: wait_for (has_result, &result). */
void           store_result         (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data);
gboolean       has_result           (gpointer     data);
gpointer       find_window          (GType        type);
LwApplication *new_application      (void);
/* The application's LwWindow; fails the test when there is none. */
LwWindow      *get_window           (void);
gpointer       template_child       (gpointer     widget,
                                     GType        type,
                                     const char  *name);
const char    *child_label          (gpointer     widget,
                                     GType        type,
                                     const char  *name);
GPtrArray     *find_all             (gpointer     widget,
                                     GType        type);
gboolean       all_artwork_loaded   (gpointer     data);
const char    *text_of              (gpointer     widget);
gboolean       has_label_with_text  (gpointer     widget,
                                     const char  *text);
gboolean       has_toast            (gpointer     data);
gboolean       has_no_toast         (gpointer     data);
char          *dup_toast_text       (gpointer     widget);
/* Waits until a toast has finished sliding in: click its buttons only then. */
void           wait_for_toast_shown (gpointer     widget);
/* Waits for a toast (one still fading out will do), then closes them all. */
void           dismiss_toasts       (gpointer     widget);
/* The close button of the toast on show (not of one fading out), or NULL. */
GtkWidget     *find_toast_close_button (gpointer  widget);
/* The button labelled @label ("_Retry", "_Undo") of a toast in the main window, or NULL. */
GtkWidget     *find_toast_button    (const char  *label);
void           wait_for_label       (gpointer     widget,
                                     const char  *text);
char          *save_png             (gpointer     widget,
                                     const char  *name);
void           save_light_and_dark  (gpointer     widget,
                                     const char  *name);
/* Where @widget really draws (its ink: text where it is laid out, not where its
 * alignment says), from @x1 to @x2 in @relative_to's coordinates; FALSE if nowhere. */
gboolean       ink_extent           (gpointer     widget,
                                     gpointer     relative_to,
                                     double      *x1,
                                     double      *x2);
void           set_up_test_dirs     (const char  *prefix);
void           rm_rf                (const char  *path);
char          *write_artwork        (const char  *name,
                                     double       r,
                                     double       g,
                                     double       b);
LwFeedItem    *add_item             (LwFeed      *feed,
                                     const char  *guid,
                                     const char  *title,
                                     gint64       published,
                                     gint64       duration,
                                     const char  *notes_html,
                                     const char  *media_url);
LwFeed        *new_feed             (const char  *title,
                                     const char  *author,
                                     const char  *description,
                                     char        *image);
/* Every visible button says what it does: a text label, a tooltip or an accessible label. */
void           assert_buttons_named (gpointer     widget,
                                     guint        min_buttons);
/* Runs the shortcut bound to @accelerator on @widget, as a key press would. */
gboolean       press_key            (GtkWidget   *widget,
                                     const char  *accelerator);

/* Rich episodes: the podcast namespace's persons and transcripts (@url is taken),
 * real audio for GstPlay, and what the episode detail shows of them. */
void           add_person           (LwFeedItem  *item,
                                     const char  *name,
                                     const char  *role,
                                     const char  *href);
void           add_transcript       (LwFeedItem  *item,
                                     char        *url,
                                     const char  *type);
/* @seconds of a quiet 440 Hz tone, as a WAV file in the test's directory; its URI. */
char          *write_tone           (guint        seconds);
/* The titles (and subtitles) of a boxed list's rows: "title (subtitle)|…". */
char          *row_titles           (GtkListBox  *list);
/* An LwTranscriptView has its cues. */
gboolean       transcript_loaded    (gpointer     data);

/* The player's position is in [from_ms, to_ms): wait_for (position_within, &wait). */
typedef struct
{
  LwPlayer *player;
  gint64    from_ms;
  gint64    to_ms;
} PositionWait;

gboolean       position_within      (gpointer     data);

G_END_DECLS
