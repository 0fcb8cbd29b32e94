/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/lw-feed-service.h"

G_BEGIN_DECLS

#define LW_TYPE_ADD_DIALOG (lw_add_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LwAddDialog, lw_add_dialog, LW, ADD_DIALOG, AdwWindow)

/* "Add Podcast": takes an http(s), feed:// or podcast:// address, subscribes through
 * the feed service with a spinner, says what went wrong under the address and stays
 * open so the address can be fixed. Emits "subscribed" (LwShow) and closes on success.
 * Properties: "feed-service" (construct-only), "url" (the entry's text). */
LwAddDialog *lw_add_dialog_new       (GtkWindow     *parent,
                                      LwFeedService *feed_service);
const char  *lw_add_dialog_get_url   (LwAddDialog   *self);
void         lw_add_dialog_set_url   (LwAddDialog   *self,
                                      const char    *url);
/* Same as pressing Add. */
void         lw_add_dialog_add       (LwAddDialog   *self);
gboolean     lw_add_dialog_get_busy  (LwAddDialog   *self);
/* What went wrong, as shown under the address; NULL when nothing did (or the
 * address changed since). */
const char  *lw_add_dialog_get_error (LwAddDialog   *self);
/* "needs-credentials": the feed's server answered 401, so the dialog shows a user
 * name, a password and a "Remember Password" switch (the keyring), and Add logs in. */
gboolean     lw_add_dialog_get_needs_credentials (LwAddDialog *self);
void         lw_add_dialog_set_credentials       (LwAddDialog *self,
                                                  const char  *user,
                                                  const char  *password,
                                                  gboolean     remember);
/* Asks for a user name and password before the first Add, @message (nullable)
 * saying who wants them: the feed answered 401 elsewhere (a one-click Subscribe).
 * Set the address first: another address hides the fields again. */
void         lw_add_dialog_ask_credentials       (LwAddDialog *self,
                                                  const char  *message);

G_END_DECLS
