/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-playback-preferences.h"

/* Placeholder until the issue 5 helper: skip intervals, speed, smart rewind, mark played fills it. */
AdwPreferencesPage *
lw_playback_preferences_new (LwApplication *application)
{
  AdwPreferencesPage *page;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Playback"));
  adw_preferences_page_set_icon_name (page, "media-playback-start-symbolic");

  return page;
}
