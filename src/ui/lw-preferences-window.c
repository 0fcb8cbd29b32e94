/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-downloads-preferences.h"
#include "lw-general-preferences.h"
#include "lw-playback-preferences.h"
#include "lw-preferences-window.h"
#include "lw-sync-preferences.h"

GtkWindow *
lw_preferences_window_new (LwApplication *application,
                           GtkWindow     *parent)
{
  AdwPreferencesWindow *window;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  window = ADW_PREFERENCES_WINDOW (g_object_new (ADW_TYPE_PREFERENCES_WINDOW,
                                                 "application", application,
                                                 "transient-for", parent,
                                                 "modal", parent != NULL,
                                                 "title", _("Preferences"),
                                                 "search-enabled", TRUE,
                                                 NULL));
  adw_preferences_window_add (window, lw_general_preferences_new (application));
  adw_preferences_window_add (window, lw_playback_preferences_new (application));
  adw_preferences_window_add (window, lw_downloads_preferences_new (application));
  adw_preferences_window_add (window, lw_sync_preferences_new (application));

  return GTK_WINDOW (window);
}
