/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

/* One show's download settings, in a small window: download its new episodes
 * (the default, on or off) and how many to keep. Saved as they change; switching
 * it on downloads what is due at once. app.show-download-settings (x: show id)
 * opens it. NULL (and a toast) when the show is not in the library. */
GtkWindow *lw_show_download_settings_new (LwApplication *application,
                                          gint64         show_id,
                                          GtkWindow     *parent);

G_END_DECLS
