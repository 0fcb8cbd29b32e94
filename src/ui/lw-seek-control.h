/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_SEEK_CONTROL (lw_seek_control_get_type ())

G_DECLARE_FINAL_TYPE (LwSeekControl, lw_seek_control, LW, SEEK_CONTROL, GObject)

/* Drives a template's elapsed label, seek slider and remaining label from the player:
 * the time left is at the current speed (an hour at 2× leaves 30 minutes), and
 * dragging the slider seeks. Declared in a .ui file beside the widgets it drives.
 * Properties: "elapsed-label", "scale", "remaining-label" (construct-only) and
 * "player" (nullable). */
LwPlayer *lw_seek_control_get_player (LwSeekControl *self);
void      lw_seek_control_set_player (LwSeekControl *self,
                                      LwPlayer      *player);

G_END_DECLS
