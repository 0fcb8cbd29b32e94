/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

/* One page of the preferences window. */
AdwPreferencesPage *lw_downloads_preferences_new (LwApplication *application);

G_END_DECLS
