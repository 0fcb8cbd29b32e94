/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds the player widgets' style sheet (lw-player.css) to the default display, once. */
void lw_player_style_ensure (void);

G_END_DECLS
