/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lw-test-http.h"

G_BEGIN_DECLS

/* A loopback sync server speaking both dialects as their documentation describes
 * (gpodder.net API v2 and Nextcloud GPodder Sync, with Login Flow v2), with its
 * own state: one user, the subscription changes and episode actions received,
 * each stamped with the server's clock. It also serves feeds: /feeds/NAME.xml is
 * a show "NAME" with LW_TEST_SYNC_EPISODES episodes, guid "NAME-N", enclosure
 * BASE/media/NAME/N.mp3, an hour long each. */

#define LW_TEST_SYNC_EPISODES 120

typedef struct
{
  LwTestHttp *http;
  char       *user;
  char       *password;
  gint64      clock;           /* the last timestamp given out */
  GPtrArray  *subscriptions;   /* SubscriptionChange, in order received */
  GPtrArray  *actions;         /* JsonNode objects, each with a "received" member */
  GHashTable *devices;         /* gpodder.net: device id → caption */
  GHashTable *groups;          /* gpodder.net: device id → sync group (GINT) */

  /* Faults, set by a test */
  guint       drop_action_upload;  /* drop the connection at this upload (1 = first) */
  guint       fail_status;         /* answer every sync request with this status */
  gboolean    malformed;           /* answer downloads with broken JSON */
  gboolean    feeds_down;          /* answer /feeds/ with 503 */

  /* Counters */
  guint       action_uploads;      /* POSTs of episode actions, dropped ones too */
  guint       change_uploads;
  guint       requests;            /* every request, feeds too */

  /* Nextcloud Login Flow v2 */
  char       *login_token;
  gboolean    login_granted;
  guint       login_polls;
  char       *app_password;
} LwTestSyncServer;

LwTestSyncServer *lw_test_sync_server_new   (const char       *user,
                                             const char       *password);
void              lw_test_sync_server_free  (LwTestSyncServer *server);
/* BASE/feeds/NAME.xml */
char             *lw_test_sync_feed_url     (LwTestSyncServer *server,
                                             const char       *name);
/* BASE/media/NAME/N.mp3 */
char             *lw_test_sync_episode_url  (LwTestSyncServer *server,
                                             const char       *name,
                                             guint             n);
/* gpodder.net: another app's device (AntennaPod on a phone) subscribed to @url. */
void              lw_test_sync_server_add_device (LwTestSyncServer *server,
                                                  const char       *device,
                                                  const char       *url);
/* The URLs subscribed now, per the changes received, sorted. */
GStrv             lw_test_sync_server_dup_subscribed (LwTestSyncServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTestSyncServer, lw_test_sync_server_free)

G_END_DECLS
