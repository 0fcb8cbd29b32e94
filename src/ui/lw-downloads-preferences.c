/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-downloads-preferences.h"

/* Placeholder until the issue 6 helper: folder, concurrency, metered policy, auto-download and auto-delete, directory providers fills it. */
AdwPreferencesPage *
lw_downloads_preferences_new (LwApplication *application)
{
  AdwPreferencesPage *page;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Downloads"));
  adw_preferences_page_set_icon_name (page, "folder-download-symbolic");

  return page;
}
