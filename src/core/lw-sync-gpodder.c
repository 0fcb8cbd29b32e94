/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-sync-private.h"

/* gpodder.net API v2 (and servers that copy it: oPodSync, …). A user's devices
 * each have an id; subscriptions belong to a device (or to a group of devices the
 * user synchronizes), episode actions to the user. */

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static char *
device_url (const LwSyncAccount *account)
{
  g_autofree char *user = escape (account->user);
  g_autofree char *device = escape (account->device_id);

  return g_strdup_printf ("%s/api/2/devices/%s/%s.json", account->server, user, device);
}

static char *
devices_url (const LwSyncAccount *account)
{
  g_autofree char *user = escape (account->user);

  return g_strdup_printf ("%s/api/2/devices/%s.json", account->server, user);
}

static char *
sync_devices_url (const LwSyncAccount *account)
{
  g_autofree char *user = escape (account->user);

  return g_strdup_printf ("%s/api/2/sync-devices/%s.json", account->server, user);
}

static char *
subscriptions_url (const LwSyncAccount *account,
                   gint64               since)
{
  g_autofree char *user = escape (account->user);
  g_autofree char *device = escape (account->device_id);

  return g_strdup_printf ("%s/api/2/subscriptions/%s/%s.json?since=%" G_GINT64_FORMAT,
                          account->server, user, device, since);
}

static char *
upload_changes_url (const LwSyncAccount *account)
{
  g_autofree char *user = escape (account->user);
  g_autofree char *device = escape (account->device_id);

  return g_strdup_printf ("%s/api/2/subscriptions/%s/%s.json", account->server, user, device);
}

static char *
actions_url (const LwSyncAccount *account,
             gint64               since)
{
  g_autofree char *user = escape (account->user);

  return g_strdup_printf ("%s/api/2/episodes/%s.json?since=%" G_GINT64_FORMAT,
                          account->server, user, since);
}

static char *
upload_actions_url (const LwSyncAccount *account)
{
  g_autofree char *user = escape (account->user);

  return g_strdup_printf ("%s/api/2/episodes/%s.json", account->server, user);
}

const LwSyncDialectClass *
lw_sync_gpodder_dialect (void)
{
  static const LwSyncDialectClass dialect = {
    .name = "gpodder",
    .device_url = device_url,
    .devices_url = devices_url,
    .sync_devices_url = sync_devices_url,
    .subscriptions_url = subscriptions_url,
    .upload_changes_url = upload_changes_url,
    .actions_url = actions_url,
    .upload_actions_url = upload_actions_url,
  };

  return &dialect;
}
