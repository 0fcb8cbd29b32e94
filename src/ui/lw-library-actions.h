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

/* Subscribing to @url in one click (the podroll, Discover, a link) met a feed that
 * asks for a password: a toast says so (@message, the feed service's) and its
 * "Sign In…" opens the Add Podcast dialog on @url, asking for the user name and
 * password. @window is an LwWindow. */
void lw_library_actions_offer_sign_in (GtkWindow  *window,
                                       const char *url,
                                       const char *message);

G_END_DECLS
