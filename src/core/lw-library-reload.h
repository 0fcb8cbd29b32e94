/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-library-private.h"

G_BEGIN_DECLS

/* Reading the library again after another process (longwave-cli, a second
 * instance) changed the file (lw-library-reload.c): the SQL on a worker thread
 * with a read-only connection of its own, plain rows handed back, and only the
 * models updated on the library's main context. Between LwLibrary and its reload
 * (and the tests). */

typedef struct _LwLibraryReload LwLibraryReload;

/* Watches @library's file on the thread-default main context (every 2 s). */
LwLibraryReload *lw_library_reload_new           (LwLibrary       *library);
/* The library is going: a read in flight is cancelled and its result dropped;
 * the reading connection closes when the last read lets go of it. */
void             lw_library_reload_detach        (LwLibraryReload *self);

/* Tests: @hook runs on the reading thread in the middle of every read, once the
 * shows are read (the snapshot is taken) and before the episodes and lists; NULL
 * removes it. */
typedef void (*LwLibraryReloadHook) (gpointer data);
void             lw_library_reload_set_test_hook (LwLibraryReloadHook  hook,
                                                  gpointer             data);
/* Tests: reloads not yet freed, across libraries (a library's own, and those of
 * reads that outlive it). */
guint            lw_library_reload_get_n_alive   (void);

/* From lw-library.c, for the reload. */

/* One query the library's episode lists need: the kind of list, and the show for
 * a show's list (0 otherwise). */
typedef struct
{
  LwListKind kind;
  gint64     show_id;
} LwListKey;

LwLibraryReload *lw_library_get_reload           (LwLibrary       *self);
guint64          lw_library_get_change_stamp     (LwLibrary       *self);
/* (transfer full) (element-type LwListKey) */
GArray          *lw_library_dup_list_keys        (LwLibrary       *self);
void             lw_library_set_list_ids         (LwLibrary       *self,
                                                  const LwListKey *key,
                                                  GArray          *ids);
void             lw_library_collect_live_episodes (LwLibrary      *self,
                                                   GArray         *without,
                                                   GArray         *with_notes);
LwShow          *lw_library_show_from_row        (LwLibrary       *self,
                                                  const LwDbRow   *row);
void             lw_library_set_shows            (LwLibrary       *self,
                                                  GPtrArray       *shows);

G_END_DECLS
