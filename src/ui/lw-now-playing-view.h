/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

/* A whole page of the main window, with its own header bar. The window hosts it;
 * the widget talks to the application's services itself. */
GtkWidget *lw_now_playing_view_new (LwApplication *application);

G_END_DECLS
