/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "lw-test-sync-server.h"

typedef struct
{
  char    *url;
  gboolean add;
  gint64   timestamp;
  char    *device;   /* gpodder.net; NULL for Nextcloud, which keeps no devices */
} SubscriptionChange;

static void
subscription_change_free (SubscriptionChange *change)
{
  g_free (change->url);
  g_free (change->device);
  g_free (change);
}

/* Every change gets its own tick, so "since" never misses one made in the same
 * second; the clock still follows real time like the real servers'. */
static gint64
tick (LwTestSyncServer *server)
{
  server->clock = MAX (server->clock + 1, g_get_real_time () / G_USEC_PER_SEC);
  return server->clock;
}

static void
reply_json (SoupServerMessage *msg,
            JsonNode          *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, length);
}

static void
reply_status (SoupServerMessage *msg,
              guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
}

static gboolean
authorized (LwTestSyncServer  *server,
            SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *pair = g_strdup_printf ("%s:%s", server->user, server->password);
  g_autofree char *app_pair = g_strdup_printf ("%s:%s", server->user,
                                               server->app_password ? server->app_password : "");
  g_autofree char *expected = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *app_expected = g_base64_encode ((const guchar *) app_pair, strlen (app_pair));

  if (header == NULL || !g_str_has_prefix (header, "Basic "))
    return FALSE;

  return g_str_equal (header + 6, expected) ||
         (server->app_password != NULL && g_str_equal (header + 6, app_expected));
}

static JsonNode *
parse_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    return NULL;

  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}

static gint64
since_of (GHashTable *query)
{
  const char *since = query != NULL ? g_hash_table_lookup (query, "since") : NULL;

  return since != NULL ? g_ascii_strtoll (since, NULL, 10) : 0;
}

/* What both upload calls answer: the time, and the URLs the server rewrote
 * (@renames: old, new, old, new, …; nullable). */
static void
reply_uploaded (SoupServerMessage *msg,
                gint64             timestamp,
                GPtrArray         *renames)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_int_value (builder, timestamp);
  json_builder_set_member_name (builder, "update_urls");
  json_builder_begin_array (builder);
  for (guint i = 0; renames != NULL && i + 1 < renames->len; i += 2)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, g_ptr_array_index (renames, i));
      json_builder_add_string_value (builder, g_ptr_array_index (renames, i + 1));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  reply_json (msg, answer);
}

/* {"add": [...], "remove": [...]} */
static void
upload_changes (LwTestSyncServer  *server,
                SoupServerMessage *msg,
                const char        *device)
{
  g_autoptr(JsonNode) root = parse_body (msg);
  g_autoptr(GPtrArray) renames = g_ptr_array_new_with_free_func (g_free);
  const char *members[] = { "add", "remove" };
  JsonObject *object;
  gint64 timestamp;

  server->change_uploads++;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_status (msg, SOUP_STATUS_BAD_REQUEST);
      return;
    }

  object = json_node_get_object (root);
  timestamp = tick (server);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *array = json_object_has_member (object, members[m])
                           ? json_object_get_array_member (object, members[m]) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          SubscriptionChange *change = g_new0 (SubscriptionChange, 1);

          change->url = g_strdup (json_array_get_string_element (array, i));
          /* gpodder.net cleans URLs up and says so: here, it drops a query. */
          if (device != NULL && strchr (change->url, '?') != NULL)
            {
              g_ptr_array_add (renames, g_strdup (change->url));
              *strchr (change->url, '?') = '\0';
              g_ptr_array_add (renames, g_strdup (change->url));
            }
          change->add = m == 0;
          change->timestamp = timestamp;
          change->device = g_strdup (device);
          g_ptr_array_add (server->subscriptions, change);
        }
    }

  reply_uploaded (msg, timestamp, renames);
}

/* gpodder.net: devices in one sync group share one subscription list. */
static gboolean
same_list (LwTestSyncServer *server,
           const char       *a,
           const char       *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_hash_table_lookup (server->groups, a) == g_hash_table_lookup (server->groups, b);
}

/* The state now of each URL that changed after @since. */
static void
download_changes (LwTestSyncServer  *server,
                  SoupServerMessage *msg,
                  gint64             since,
                  const char        *device)
{
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < server->subscriptions->len; i++)
    {
      SubscriptionChange *change = g_ptr_array_index (server->subscriptions, i);

      if (change->timestamp > since && same_list (server, change->device, device))
        g_hash_table_insert (latest, change->url, change);
    }

  json_builder_begin_object (builder);
  for (int add = 1; add >= 0; add--)
    {
      json_builder_set_member_name (builder, add ? "add" : "remove");
      json_builder_begin_array (builder);
      g_hash_table_iter_init (&iter, latest);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((SubscriptionChange *) value)->add == add)
          json_builder_add_string_value (builder, key);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_int_value (builder, server->clock);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  reply_json (msg, answer);
}

static gboolean
valid_action (JsonNode *node)
{
  JsonObject *object;
  const char *action;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  action = json_object_get_string_member_with_default (object, "action", NULL);
  if (json_object_get_string_member_with_default (object, "podcast", NULL) == NULL ||
      json_object_get_string_member_with_default (object, "episode", NULL) == NULL ||
      json_object_get_string_member_with_default (object, "timestamp", NULL) == NULL ||
      action == NULL)
    return FALSE;

  /* The API: started, position and total only with play, and then all three
   * (Nextcloud takes position alone, gpodder.net does not). */
  if (g_ascii_strcasecmp (action, "play") == 0)
    return json_object_has_member (object, "position") == json_object_has_member (object, "started") &&
           json_object_has_member (object, "position") == json_object_has_member (object, "total");

  return g_ascii_strcasecmp (action, "download") == 0 || g_ascii_strcasecmp (action, "delete") == 0 ||
         g_ascii_strcasecmp (action, "new") == 0;
}

static void
upload_actions (LwTestSyncServer  *server,
                SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gint64 timestamp;

  server->action_uploads++;
  if (server->action_uploads == server->drop_action_upload)
    {
      /* The connection goes away with the request read and nothing stored. */
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  root = parse_body (msg);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      reply_status (msg, SOUP_STATUS_BAD_REQUEST);
      return;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!valid_action (json_array_get_element (array, i)))
      {
        reply_status (msg, SOUP_STATUS_BAD_REQUEST);
        return;
      }

  timestamp = tick (server);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *copy = json_node_copy (json_array_get_element (array, i));

      json_object_set_int_member (json_node_get_object (copy), "received", timestamp);
      g_ptr_array_add (server->actions, copy);
    }

  reply_uploaded (msg, timestamp, NULL);
}

static void
download_actions (LwTestSyncServer  *server,
                  SoupServerMessage *msg,
                  gint64             since)
{
  g_autoptr(JsonNode) answer = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < server->actions->len; i++)
    {
      JsonObject *stored = json_node_get_object (g_ptr_array_index (server->actions, i));
      JsonObject *copy;
      g_autoptr(GList) members = NULL;

      if (json_object_get_int_member (stored, "received") <= since)
        continue;

      /* Nodes share their objects: build a new one without our own member. */
      copy = json_object_new ();
      members = json_object_get_members (stored);
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "received"))
          json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (stored, l->data)));
      json_array_add_object_element (array, copy);
    }

  json_object_set_array_member (object, "actions", array);
  json_object_set_int_member (object, "timestamp", server->clock);
  json_node_take_object (answer, object);
  reply_json (msg, answer);
}

static char *
feed_xml (LwTestSyncServer *server,
          const char       *name)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\"?>\n"
                               "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\n"
                               "<channel>\n");

  g_string_append_printf (xml, "<title>%s</title>\n<link>%s</link>\n", name, server->http->base_url);
  for (guint n = 1; n <= LW_TEST_SYNC_EPISODES; n++)
    {
      g_autofree char *url = lw_test_sync_episode_url (server, name, n);
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (1700000000 - (gint64) n * 86400);
      g_autofree char *rfc822 = g_date_time_format (date, "%a, %d %b %Y %H:%M:%S +0000");

      g_string_append_printf (xml,
                              "<item><title>%s %u</title><guid>%s-%u</guid><pubDate>%s</pubDate>"
                              "<enclosure url=\"%s\" type=\"audio/mpeg\" length=\"1000\"/>"
                              "<itunes:duration>01:00:00</itunes:duration></item>\n",
                              name, n, name, n, rfc822, url);
    }
  g_string_append (xml, "</channel>\n</rss>\n");

  return g_string_free (xml, FALSE);
}

static void
login_start (LwTestSyncServer  *server,
             SoupServerMessage *msg)
{
  g_autoptr(JsonNode) answer = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonObject *poll = json_object_new ();
  g_autofree char *endpoint = lw_test_http_url (server->http, "/index.php/login/v2/poll");
  g_autofree char *flow = NULL;
  g_autofree char *login = NULL;

  g_free (server->login_token);
  server->login_token = g_strdup_printf ("token%08x", g_random_int ());
  server->login_granted = FALSE;
  flow = g_strdup_printf ("/index.php/login/v2/flow/%s", server->login_token);
  login = lw_test_http_url (server->http, flow);

  json_object_set_string_member (poll, "token", server->login_token);
  json_object_set_string_member (poll, "endpoint", endpoint);
  json_object_set_object_member (object, "poll", poll);
  json_object_set_string_member (object, "login", login);
  json_node_take_object (answer, object);
  reply_json (msg, answer);
}

static void
login_poll (LwTestSyncServer  *server,
            SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;

  server->login_polls++;
  if (server->login_token == NULL ||
      g_strcmp0 (g_hash_table_lookup (form, "token"), server->login_token) != 0 ||
      !server->login_granted)
    {
      reply_status (msg, SOUP_STATUS_NOT_FOUND);
      return;
    }

  /* Nextcloud answers once: the token is spent. */
  g_clear_pointer (&server->login_token, g_free);
  g_free (server->app_password);
  server->app_password = g_strdup_printf ("app-%08x", g_random_int ());

  answer = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_object_set_string_member (object, "server", server->http->base_url);
  json_object_set_string_member (object, "loginName", server->user);
  json_object_set_string_member (object, "appPassword", server->app_password);
  json_node_take_object (answer, object);
  reply_json (msg, answer);
}

static void
register_device (LwTestSyncServer *server,
                 const char       *device,
                 const char       *caption)
{
  if (!g_hash_table_contains (server->groups, device))
    g_hash_table_insert (server->groups, g_strdup (device),
                         GINT_TO_POINTER (g_hash_table_size (server->groups) + 1));
  g_hash_table_insert (server->devices, g_strdup (device), g_strdup (caption));
}

/* /api/2/devices/USER/DEVICE.json (POST: register), /api/2/devices/USER.json (GET:
 * the list), /api/2/sync-devices/USER.json (POST: join devices into a group). */
static void
devices (LwTestSyncServer  *server,
         SoupServerMessage *msg,
         const char        *path)
{
  g_autofree char *one_prefix = g_strdup_printf ("/api/2/devices/%s/", server->user);
  g_autofree char *list_path = g_strdup_printf ("/api/2/devices/%s.json", server->user);
  g_autofree char *sync_path = g_strdup_printf ("/api/2/sync-devices/%s.json", server->user);
  gboolean post = g_str_equal (soup_server_message_get_method (msg), "POST");
  g_autoptr(JsonNode) root = post ? parse_body (msg) : NULL;

  if (post && g_str_has_prefix (path, one_prefix) && g_str_has_suffix (path, ".json") &&
      root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *device = g_strndup (path + strlen (one_prefix),
                                           strlen (path) - strlen (one_prefix) - strlen (".json"));

      register_device (server, device,
                       json_object_get_string_member_with_default (json_node_get_object (root), "caption", ""));
      reply_status (msg, SOUP_STATUS_OK);
    }
  else if (!post && g_str_equal (path, list_path))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) answer = NULL;
      GHashTableIter iter;
      gpointer key, value;

      json_builder_begin_array (builder);
      g_hash_table_iter_init (&iter, server->devices);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, key);
          json_builder_set_member_name (builder, "caption");
          json_builder_add_string_value (builder, value);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "desktop");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      answer = json_builder_get_root (builder);
      reply_json (msg, answer);
    }
  else if (post && g_str_equal (path, sync_path) && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonArray *groups = json_object_get_array_member (json_node_get_object (root), "synchronize");

      for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
        {
          JsonArray *group = json_array_get_array_element (groups, i);
          gpointer first = g_hash_table_lookup (server->groups, json_array_get_string_element (group, 0));

          /* Every member, and every device already grouped with one, joins the first. */
          for (guint j = 1; j < json_array_get_length (group); j++)
            {
              gpointer old = g_hash_table_lookup (server->groups, json_array_get_string_element (group, j));
              GHashTableIter iter;
              gpointer key, value;

              g_hash_table_iter_init (&iter, server->groups);
              while (g_hash_table_iter_next (&iter, &key, &value))
                if (value == old)
                  g_hash_table_iter_replace (&iter, first);
            }
        }
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"synchronized\": [], \"not-synchronized\": []}", 44);
    }
  else
    reply_status (msg, SOUP_STATUS_BAD_REQUEST);
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  LwTestSyncServer *server = user_data;
  const char *method = soup_server_message_get_method (msg);

  server->requests++;
  gboolean post = g_str_equal (method, "POST");
  g_autofree char *user_prefix = NULL;
  g_autofree char *episodes_path = NULL;

  if (g_str_has_prefix (path, "/feeds/") && g_str_has_suffix (path, ".xml"))
    {
      g_autofree char *name = g_strndup (path + 7, strlen (path) - 7 - 4);
      char *xml;

      if (server->feeds_down)
        {
          reply_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE);
          return;
        }
      xml = feed_xml (server, name);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE, xml, strlen (xml));
      return;
    }

  /* Login Flow v2 needs no credentials: that is its point. */
  if (post && g_str_equal (path, "/index.php/login/v2"))
    { login_start (server, msg); return; }
  if (post && g_str_equal (path, "/index.php/login/v2/poll"))
    { login_poll (server, msg); return; }
  if (g_str_has_prefix (path, "/index.php/login/v2/flow/"))
    {
      /* The browser: the user signs in and grants access. */
      server->login_granted = g_strcmp0 (path + strlen ("/index.php/login/v2/flow/"), server->login_token) == 0;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<p>Granted</p>", 14);
      return;
    }

  if (!g_str_has_prefix (path, "/api/2/") && !g_str_has_prefix (path, "/index.php/apps/gpoddersync/"))
    { reply_status (msg, SOUP_STATUS_NOT_FOUND); return; }

  if (server->fail_status != 0)
    { reply_status (msg, server->fail_status); return; }

  if (!authorized (server, msg))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"sync\"");
      { reply_status (msg, SOUP_STATUS_UNAUTHORIZED); return; }
    }

  if (server->malformed && !post)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"add\": [", 9);
      return;
    }

  /* Nextcloud GPodder Sync */
  if (!post && g_str_equal (path, "/index.php/apps/gpoddersync/subscriptions"))
    { download_changes (server, msg, since_of (query), NULL); return; }
  if (post && g_str_equal (path, "/index.php/apps/gpoddersync/subscription_change/create"))
    { upload_changes (server, msg, NULL); return; }
  if (!post && g_str_equal (path, "/index.php/apps/gpoddersync/episode_action"))
    { download_actions (server, msg, since_of (query)); return; }
  if (post && g_str_equal (path, "/index.php/apps/gpoddersync/episode_action/create"))
    { upload_actions (server, msg); return; }

  /* gpodder.net API v2: the user in the path must be the one signed in. */
  user_prefix = g_strdup_printf ("/api/2/subscriptions/%s/", server->user);
  episodes_path = g_strdup_printf ("/api/2/episodes/%s.json", server->user);
  if (g_str_has_prefix (path, "/api/2/devices/") || g_str_has_prefix (path, "/api/2/sync-devices/"))
    { devices (server, msg, path); return; }
  if (g_str_has_prefix (path, user_prefix) && g_str_has_suffix (path, ".json"))
    {
      g_autofree char *device = g_strndup (path + strlen (user_prefix),
                                           strlen (path) - strlen (user_prefix) - strlen (".json"));

      /* gpodder.net knows a device only once it is registered. */
      if (!g_hash_table_contains (server->devices, device))
        { reply_status (msg, SOUP_STATUS_NOT_FOUND); return; }
      if (post)
        { upload_changes (server, msg, device); return; }
      { download_changes (server, msg, since_of (query), device); return; }
    }
  if (g_str_equal (path, episodes_path))
    {
      if (post)
        { upload_actions (server, msg); return; }
      { download_actions (server, msg, since_of (query)); return; }
    }

  reply_status (msg, SOUP_STATUS_NOT_FOUND);
}

LwTestSyncServer *
lw_test_sync_server_new (const char *user,
                         const char *password)
{
  LwTestSyncServer *server = g_new0 (LwTestSyncServer, 1);

  server->user = g_strdup (user);
  server->password = g_strdup (password);
  server->subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) subscription_change_free);
  server->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  server->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->http = lw_test_http_new (handle, server);

  return server;
}

void
lw_test_sync_server_free (LwTestSyncServer *server)
{
  if (server == NULL)
    return;

  lw_test_http_free (server->http);
  g_ptr_array_unref (server->subscriptions);
  g_ptr_array_unref (server->actions);
  g_hash_table_unref (server->devices);
  g_hash_table_unref (server->groups);
  g_free (server->user);
  g_free (server->password);
  g_free (server->login_token);
  g_free (server->app_password);
  g_free (server);
}

char *
lw_test_sync_feed_url (LwTestSyncServer *server,
                       const char       *name)
{
  g_autofree char *path = g_strdup_printf ("/feeds/%s.xml", name);

  return lw_test_http_url (server->http, path);
}

char *
lw_test_sync_episode_url (LwTestSyncServer *server,
                          const char       *name,
                          guint             n)
{
  g_autofree char *path = g_strdup_printf ("/media/%s/%u.mp3", name, n);

  return lw_test_http_url (server->http, path);
}

void
lw_test_sync_server_add_device (LwTestSyncServer *server,
                                const char       *device,
                                const char       *url)
{
  SubscriptionChange *change = g_new0 (SubscriptionChange, 1);

  register_device (server, device, "AntennaPod on a phone");
  change->url = g_strdup (url);
  change->add = TRUE;
  change->timestamp = tick (server);
  change->device = g_strdup (device);
  g_ptr_array_add (server->subscriptions, change);
}

GStrv
lw_test_sync_server_dup_subscribed (LwTestSyncServer *server)
{
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) keys = NULL;
  GStrv result;

  for (guint i = 0; i < server->subscriptions->len; i++)
    {
      SubscriptionChange *change = g_ptr_array_index (server->subscriptions, i);

      g_hash_table_insert (state, change->url, GINT_TO_POINTER (change->add));
    }

  keys = g_hash_table_get_keys (state);
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    if (GPOINTER_TO_INT (g_hash_table_lookup (state, l->data)))
      g_strv_builder_add (builder, l->data);

  result = g_strv_builder_end (builder);

  return result;
}
