/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/lw-artwork-cache.h"
#include "core/lw-download-policy.h"
#include "core/lw-downloader.h"
#include "core/lw-feed-service.h"
#include "core/lw-library.h"
#include "core/lw-sync.h"
#include "playback/lw-player.h"

G_BEGIN_DECLS

#define LW_TYPE_APPLICATION (lw_application_get_type ())

G_DECLARE_FINAL_TYPE (LwApplication, lw_application, LW, APPLICATION, AdwApplication)

/* Owns the services. Actions: app.add-podcast, app.subscribe (s: URL), app.play-episode
 * (x: episode id), app.play-pause, app.about, app.quit; app.refresh, app.import-opml,
 * app.export-opml (ui/lw-library-actions.c). Opens feed:// and podcast:// URIs
 * passed on the command line (subscribes). Refreshes on start-up and on the
 * interval the settings give (core/lw-refresh-scheduler.c).
 *
 * The player is created after the window's first frame (GStreamer's start-up is not
 * free) or on first use: property "player" (read-only, nullable) notifies when it is;
 * lw_application_get_player() creates it, lw_application_peek_player() does not.
 * lw_application_get_library() is NULL when the library could not be opened (the
 * application then shows that error instead of a window). */
LwApplication  *lw_application_new               (void);
LwLibrary      *lw_application_get_library       (LwApplication *self);
LwFeedService  *lw_application_get_feed_service  (LwApplication *self);
LwPlayer       *lw_application_get_player        (LwApplication *self);
LwPlayer       *lw_application_peek_player       (LwApplication *self);
LwArtworkCache *lw_application_get_artwork_cache (LwApplication *self);
GSettings      *lw_application_get_settings      (LwApplication *self);
/* Downloads (issue 6): app.download-episode and app.delete-download (x: episode id);
 * both NULL when the library could not be opened. */
LwDownloader     *lw_application_get_downloader      (LwApplication *self);
LwDownloadPolicy *lw_application_get_download_policy (LwApplication *self);
/* NULL when the library could not be opened. */
LwSync         *lw_application_get_sync          (LwApplication *self);
/* The main window (an LwWindow), even when a preferences or dialog window has the
 * focus; NULL before it exists. */
GtkWindow      *lw_application_get_main_window   (LwApplication *self);

G_END_DECLS
