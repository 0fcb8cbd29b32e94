/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-application.h"

G_BEGIN_DECLS

#define LW_TYPE_NEW_EPISODES_NOTIFIER (lw_new_episodes_notifier_get_type ())

G_DECLARE_FINAL_TYPE (LwNewEpisodesNotifier, lw_new_episodes_notifier, LW, NEW_EPISODES_NOTIFIER, GObject)

/* Watches the feed service's refresh of every show: when one ends having found new
 * episodes while no Longwave window has the focus (a refresh on start-up or on the
 * interval, the person elsewhere), and "notify-new-episodes" is on, sends one
 * GNotification ("new-episodes") naming the shows. */
LwNewEpisodesNotifier *lw_new_episodes_notifier_new  (LwApplication         *application);
/* The text of the last notification sent (NULL before any); for tests. */
const char            *lw_new_episodes_notifier_get_last_body (LwNewEpisodesNotifier *self);

/* The notification's body for @n_new episodes in @titles (NULL-terminated). */
char                  *lw_new_episodes_notifier_format (const char * const *titles,
                                                        guint               n_new);

/* Per show, by its feed address in "notify-muted-shows": whether its new episodes are
 * announced (when "notify-new-episodes" is on). */
gboolean               lw_new_episodes_notifier_get_show_enabled (GSettings *settings,
                                                                  LwShow    *show);
void                   lw_new_episodes_notifier_set_show_enabled (GSettings *settings,
                                                                  LwShow    *show,
                                                                  gboolean   enabled);

G_END_DECLS
