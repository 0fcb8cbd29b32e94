/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

#define LW_TYPE_SYNC_PREFERENCES (lw_sync_preferences_get_type ())

G_DECLARE_FINAL_TYPE (LwSyncPreferences, lw_sync_preferences, LW, SYNC_PREFERENCES, AdwPreferencesPage)

/* One page of the preferences window: sign in (gpodder.net with a password, or
 * Nextcloud through the browser), the last sync and its result, Sync Now, Sign Out. */
AdwPreferencesPage *lw_sync_preferences_new (LwApplication *application);

/* The app-wide part: the action app.sync-now, and a toast in the active window
 * once per new sync error, with a Retry button. */
void                lw_sync_ui_install      (LwApplication *application);

G_END_DECLS
