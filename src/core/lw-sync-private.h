/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lw-sync.h"

G_BEGIN_DECLS

/* Between the parts of the sync (lw-sync*.c) and its tests. */

/* A subscription change, queued or received. */
typedef struct
{
  gint64  id;        /* queue row; 0 for a received one */
  gint64  revision;
  char   *url;
  gboolean add;
} LwSyncChange;

/* An episode action, queued or received. Seconds; -1 = none. */
typedef struct
{
  gint64  id;
  gint64  revision;
  char   *podcast;
  char   *episode;
  char   *guid;      /* nullable */
  char   *action;    /* play, download, delete, new */
  gint64  timestamp; /* Unix seconds, UTC */
  gint64  started;
  gint64  position;
  gint64  total;
} LwSyncAction;

void          lw_sync_change_free            (LwSyncChange   *change);
void          lw_sync_action_free            (LwSyncAction   *action);

/* The sync's own connection to the library file (lw-sync-store.c). */
typedef struct _LwSyncStore LwSyncStore;

LwSyncStore  *lw_sync_store_open             (const char     *path,
                                              GError        **error);
void          lw_sync_store_free             (LwSyncStore    *store);
char         *lw_sync_store_get              (LwSyncStore    *store,
                                              const char     *key);
gint64        lw_sync_store_get_int          (LwSyncStore    *store,
                                              const char     *key);
gboolean      lw_sync_store_set              (LwSyncStore    *store,
                                              const char     *key,
                                              const char     *value,
                                              GError        **error);
gboolean      lw_sync_store_set_int          (LwSyncStore    *store,
                                              const char     *key,
                                              gint64          value,
                                              GError        **error);
/* Deletes every key that starts with @prefix. */
gboolean      lw_sync_store_clear_prefix     (LwSyncStore    *store,
                                              const char     *prefix,
                                              GError        **error);
/* (element-type LwSyncChange) */
GPtrArray    *lw_sync_store_dup_changes      (LwSyncStore    *store,
                                              GError        **error);
/* (element-type LwSyncAction): the oldest @limit. */
GPtrArray    *lw_sync_store_dup_actions      (LwSyncStore    *store,
                                              guint           limit,
                                              GError        **error);
/* Deletes the rows sent, each only if it did not change since (same revision). */
gboolean      lw_sync_store_ack_changes      (LwSyncStore    *store,
                                              GPtrArray      *changes,
                                              GError        **error);
gboolean      lw_sync_store_ack_actions      (LwSyncStore    *store,
                                              GPtrArray      *actions,
                                              GError        **error);
guint         lw_sync_store_count_pending    (LwSyncStore    *store);
/* Something that tells whether the queue changed: grows on every change. */
gint64        lw_sync_store_queue_stamp      (LwSyncStore    *store);
/* Queues an "add" for every show (the first sync with an account). */
gboolean      lw_sync_store_queue_all_shows  (LwSyncStore    *store,
                                              GError        **error);
/* Forgets the queued change of @url (an echo of a change received). */
gboolean      lw_sync_store_drop_change      (LwSyncStore    *store,
                                              const char     *url,
                                              GError        **error);
/* Forgets queued play/new actions of @episode and records @timestamp as the
 * newest known action of it. */
gboolean      lw_sync_store_applied_action   (LwSyncStore    *store,
                                              const char     *episode,
                                              gint64          timestamp,
                                              GError        **error);
/* The newest known action of an episode, 0 = none. */
gint64        lw_sync_store_episode_time     (LwSyncStore    *store,
                                              const char     *episode);
/* The library's episode: by enclosure URL, then by guid within the show. 0 = none. */
gint64        lw_sync_store_find_episode     (LwSyncStore    *store,
                                              const char     *podcast,
                                              const char     *episode,
                                              const char     *guid);
/* Keeps @action (the newest per episode) until its episode turns up. */
gboolean      lw_sync_store_hold_action      (LwSyncStore    *store,
                                              LwSyncAction   *action,
                                              GError        **error);
/* (element-type LwSyncAction): those held, forgetting any older than 90 days. */
GPtrArray    *lw_sync_store_dup_held_actions (LwSyncStore    *store,
                                              GError        **error);
gboolean      lw_sync_store_release_action   (LwSyncStore    *store,
                                              const char     *episode,
                                              GError        **error);
gboolean      lw_sync_store_inbox_add        (LwSyncStore    *store,
                                              const char     *url,
                                              GError        **error);
gboolean      lw_sync_store_inbox_remove     (LwSyncStore    *store,
                                              const char     *url,
                                              GError        **error);
/* (transfer full): NULL-terminated */
char        **lw_sync_store_dup_inbox        (LwSyncStore    *store,
                                              GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwSyncStore, lw_sync_store_free)

/* What tells the two dialects apart: where things are (lw-sync-gpodder.c,
 * lw-sync-nextcloud.c). The bodies are the same JSON. Each returns a new URL. */
typedef struct
{
  const char *name;
  /* NULL when the dialect keeps no devices (then the next two are NULL too). */
  char     *(*device_url)          (const LwSyncAccount *account);
  char     *(*devices_url)         (const LwSyncAccount *account);
  char     *(*sync_devices_url)    (const LwSyncAccount *account);
  char     *(*subscriptions_url)   (const LwSyncAccount *account,
                                    gint64               since);
  char     *(*upload_changes_url)  (const LwSyncAccount *account);
  char     *(*actions_url)         (const LwSyncAccount *account,
                                    gint64               since);
  char     *(*upload_actions_url)  (const LwSyncAccount *account);
} LwSyncDialectClass;

const LwSyncDialectClass *lw_sync_gpodder_dialect   (void);
const LwSyncDialectClass *lw_sync_nextcloud_dialect (void);

/* JSON both ways (lw-sync-json.c). */
char         *lw_sync_json_changes           (GPtrArray      *changes);
char         *lw_sync_json_actions           (GPtrArray      *actions,
                                              const char     *device_id);
/* The object of a body; LW_SYNC_ERROR_MALFORMED otherwise. An empty body gives an
 * empty object when @empty_ok. */
JsonObject   *lw_sync_json_parse_object      (GBytes         *body,
                                              const char     *host,
                                              gboolean        empty_ok,
                                              GError        **error);
/* "add"/"remove" → (element-type LwSyncChange); *@timestamp */
GPtrArray    *lw_sync_json_read_changes      (JsonObject     *object,
                                              gint64         *timestamp,
                                              const char     *host,
                                              GError        **error);
/* "actions" → (element-type LwSyncAction); *@timestamp */
GPtrArray    *lw_sync_json_read_actions      (JsonObject     *object,
                                              gint64         *timestamp,
                                              const char     *host,
                                              GError        **error);
/* "update_urls": [[old, new], …] → (element-type utf8) pairs, flattened */
GPtrArray    *lw_sync_json_read_update_urls  (JsonObject     *object);
/* "2009-12-12T09:00:00" (UTC) or a number → Unix seconds; -1 when neither. */
gint64        lw_sync_parse_timestamp        (JsonNode       *node);
char         *lw_sync_format_timestamp       (gint64          unix_seconds);

/* HTTP (lw-sync-http.c): the request with basic auth, the body; any failure an
 * LW_SYNC_ERROR naming the host. */
void          lw_sync_http_send_async        (SoupSession          *session,
                                              const LwSyncAccount  *account,
                                              const char           *method,
                                              const char           *url,
                                              const char           *json_body,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GBytes       *lw_sync_http_send_finish       (GAsyncResult         *result,
                                              GError              **error);
char         *lw_sync_dup_host               (const char           *url);

G_END_DECLS
