/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

/* The application's download actions, kept out of lw-application.c:
 * app.download-episode (x) queues an episode (asking first, once per session, on a
 * metered connection when the policy says "ask"); app.delete-download (x) deletes
 * its file or cancels its download; app.show-download-settings (x: show id) opens the
 * show's download settings. Errors become toasts in the main window; a download
 * app.download-episode started that fails later too, with Retry. */
void lw_download_actions_add               (LwApplication *application);
/* Restores unfinished downloads and starts auto-delete; after the first frame. */
void lw_download_actions_after_first_frame (LwApplication *application);
/* Asks "download on a metered connection?" when the policy needs an answer; does
 * nothing otherwise. */
void lw_download_actions_ask_metered       (LwApplication *application);

G_END_DECLS
