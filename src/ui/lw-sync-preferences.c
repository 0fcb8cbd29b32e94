/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-sync-preferences.h"

/* Placeholder until the issue 7 helper: sign in, last sync, sync now, sign out fills it. */
AdwPreferencesPage *
lw_sync_preferences_new (LwApplication *application)
{
  AdwPreferencesPage *page;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Sync"));
  adw_preferences_page_set_icon_name (page, "emblem-synchronizing-symbolic");

  return page;
}
