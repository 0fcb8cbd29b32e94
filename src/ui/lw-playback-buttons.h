/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_PLAYBACK_BUTTONS (lw_playback_buttons_get_type ())

G_DECLARE_FINAL_TYPE (LwPlaybackButtons, lw_playback_buttons, LW, PLAYBACK_BUTTONS, GtkWidget)

/* The speed menu (0.5–3×, the current one marked), the volume popover with mute, and
 * the sleep timer menu (off, 5–60 minutes, end of episode), whose button counts down
 * while it runs. Property "player" (nullable). Actions, in the group "playback":
 * rate (d), sleep (i: minutes, -1 = end of episode, 0 = off), mute (stateful b),
 * volume (d). */
GtkWidget *lw_playback_buttons_new        (void);
LwPlayer  *lw_playback_buttons_get_player (LwPlaybackButtons *self);
void       lw_playback_buttons_set_player (LwPlaybackButtons *self,
                                           LwPlayer          *player);

G_END_DECLS
