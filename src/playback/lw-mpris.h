/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/lw-artwork-cache.h"
#include "core/lw-library.h"
#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_MPRIS (lw_mpris_get_type ())

G_DECLARE_FINAL_TYPE (LwMpris, lw_mpris, LW, MPRIS, GObject)

/* MPRIS 2 on @connection: owns org.mpris.MediaPlayer2.<APP_ID> and exports
 * /org/mpris/MediaPlayer2 with the org.mpris.MediaPlayer2 and
 * org.mpris.MediaPlayer2.Player interfaces, mirroring @player. Media keys, GNOME
 * Shell's media controls and playerctl go through it.
 *
 * OpenUri: an audio file (file://, or http(s):// whose name says audio or video)
 * plays at once through lw_player_open_uri(), outside the library; anything else is
 * handed to "open-uri".
 *
 * Signals: "raise" and "quit" (the Raise and Quit methods; the application acts on
 * them), "open-uri" (gboolean handler (LwMpris *, const char *uri): OpenUri of what
 * is not an audio file; return TRUE when taken, e.g. a feed URL subscribed to;
 * unhandled → NotSupported error).
 * The name is released and the object unexported on dispose. */
LwMpris    *lw_mpris_new                (GDBusConnection *connection,
                                         LwPlayer        *player,
                                         LwLibrary       *library);
/* "org.mpris.MediaPlayer2." APP_ID */
const char *lw_mpris_get_bus_name       (LwMpris         *self);
/* With a cache, mpris:artUrl is the file:// URI of the cached artwork (fetched when
 * missing, announced when it arrives); without, the feed's image URL. */
void        lw_mpris_set_artwork_cache  (LwMpris         *self,
                                         LwArtworkCache  *cache);

G_END_DECLS
