/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

/* The preferences window: one page per area, each built by its own file group
 * (lw-*-preferences.c). */
GtkWindow *lw_preferences_window_new (LwApplication *application,
                                      GtkWindow     *parent);

G_END_DECLS
