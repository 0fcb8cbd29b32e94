/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-sync.h"

/* Accounts: what is signed in to, and the small helpers around it. */

LwSyncAccount *
lw_sync_account_new (LwSyncDialect  dialect,
                     const char    *server,
                     const char    *user,
                     const char    *password,
                     const char    *device_id)
{
  LwSyncAccount *account = g_new0 (LwSyncAccount, 1);

  account->dialect = dialect;
  account->server = g_strdup (server);
  account->user = g_strdup (user);
  account->password = g_strdup (password);
  account->device_id = g_strdup (device_id);

  return account;
}

LwSyncAccount *
lw_sync_account_copy (const LwSyncAccount *account)
{
  g_return_val_if_fail (account != NULL, NULL);

  return lw_sync_account_new (account->dialect, account->server, account->user,
                              account->password, account->device_id);
}

void
lw_sync_account_free (LwSyncAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->server);
  g_free (account->user);
  if (account->password != NULL)
    memset (account->password, 0, strlen (account->password));
  g_free (account->password);
  g_free (account->device_id);
  g_free (account);
}

const char *
lw_sync_dialect_to_string (LwSyncDialect dialect)
{
  switch (dialect)
    {
    case LW_SYNC_DIALECT_GPODDER:
      return "gpodder";
    case LW_SYNC_DIALECT_NEXTCLOUD:
      return "nextcloud";
    case LW_SYNC_DIALECT_NONE:
    default:
      return "none";
    }
}

LwSyncDialect
lw_sync_dialect_from_string (const char *text)
{
  if (g_strcmp0 (text, "gpodder") == 0)
    return LW_SYNC_DIALECT_GPODDER;
  if (g_strcmp0 (text, "nextcloud") == 0)
    return LW_SYNC_DIALECT_NEXTCLOUD;

  return LW_SYNC_DIALECT_NONE;
}

char *
lw_sync_dup_new_device_id (void)
{
  g_autofree char *host = g_ascii_strdown (g_get_host_name (), -1);

  /* gpodder.net takes letters, digits, dots, dashes and underscores. */
  for (char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      *p = '-';

  return g_strdup_printf ("longwave-%.32s-%06x", host, g_random_int_range (0, 0xffffff));
}

char *
lw_sync_normalize_server (const char  *input,
                          GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (input != NULL ? input : ""));
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *result = NULL;
  const char *scheme;

  if (*text == '\0')
    {
      g_set_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_NETWORK, _("Enter the address of the sync server."));
      return NULL;
    }

  with_scheme = strstr (text, "://") != NULL ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_NETWORK,
                   _("“%s” is not a server address"), text);
      return NULL;
    }

  result = g_uri_to_string_partial (uri, G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT | G_URI_HIDE_USERINFO);
  while (g_str_has_suffix (result, "/"))
    result[strlen (result) - 1] = '\0';

  return g_steal_pointer (&result);
}
