/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/lw-refresh-scheduler.h"
#include "lw-application.h"

G_BEGIN_DECLS

/* The application's library actions, for the menu and shortcuts:
 *   app.refresh       refresh every podcast now (Ctrl+R, F5); joins a running refresh;
 *                     failures end in a toast (each show says why) whose Retry
 *                     refreshes just the shows that failed
 *   app.import-opml   pick an OPML file (GtkFileChooserNative) and subscribe to its
 *                     feeds; a toast says how many, a dialog lists the bad entries
 *                     and the feeds that failed
 *   app.export-opml   save the subscriptions as OPML 2.0; a toast says where
 * The outcome goes to the active LwWindow. */
void lw_library_actions_install (LwApplication      *app,
                                 LwRefreshScheduler *scheduler);

/* The same as app.import-opml after the file was picked; for tests. */
void lw_library_actions_import  (LwApplication      *app,
                                 GFile              *file);
/* The same as app.export-opml after the file was picked; for tests. */
void lw_library_actions_export  (LwApplication      *app,
                                 GFile              *file);

G_END_DECLS
