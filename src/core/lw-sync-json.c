/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-sync-private.h"

/* The bodies of both dialects: gpodder.net's, which Nextcloud GPodder Sync copies. */

char *
lw_sync_format_timestamp (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
}

gint64
lw_sync_parse_timestamp (JsonNode *node)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return -1;

  /* The protocol's timestamps carry no zone: they are UTC. */
  text = json_node_get_string (node);
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return -1;

  return g_date_time_to_unix (time);
}

static JsonArray *
strings_of (GPtrArray *changes,
            gboolean   add)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < changes->len; i++)
    {
      LwSyncChange *change = g_ptr_array_index (changes, i);

      if (change->add == add)
        json_array_add_string_element (array, change->url);
    }

  return array;
}

static char *
to_string (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

char *
lw_sync_json_changes (GPtrArray *changes)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "add", strings_of (changes, TRUE));
  json_object_set_array_member (object, "remove", strings_of (changes, FALSE));
  json_node_take_object (root, object);

  return to_string (root);
}

char *
lw_sync_json_actions (GPtrArray  *actions,
                      const char *device_id)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < actions->len; i++)
    {
      LwSyncAction *action = g_ptr_array_index (actions, i);
      JsonObject *object = json_object_new ();
      g_autofree char *timestamp = lw_sync_format_timestamp (action->timestamp);

      json_object_set_string_member (object, "podcast", action->podcast);
      json_object_set_string_member (object, "episode", action->episode);
      if (action->guid != NULL)
        json_object_set_string_member (object, "guid", action->guid);
      if (device_id != NULL)
        json_object_set_string_member (object, "device", device_id);
      json_object_set_string_member (object, "action", action->action);
      json_object_set_string_member (object, "timestamp", timestamp);
      /* started, position and total go together, and only with play. */
      if (g_str_equal (action->action, "play") && action->position >= 0)
        {
          json_object_set_int_member (object, "started", MAX (action->started, 0));
          json_object_set_int_member (object, "position", action->position);
          json_object_set_int_member (object, "total", MAX (action->total, action->position));
        }
      json_array_add_object_element (array, object);
    }
  json_node_take_array (root, array);

  return to_string (root);
}

static gboolean
malformed (GError     **error,
           const char  *host,
           const char  *detail)
{
  g_set_error (error, LW_SYNC_ERROR, LW_SYNC_ERROR_MALFORMED,
               _("The answer of %s is not what the sync protocol describes: %s"), host, detail);
  return FALSE;
}

JsonObject *
lw_sync_json_parse_object (GBytes      *body,
                           const char  *host,
                           gboolean     empty_ok,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root;

  if (size == 0 || data == NULL)
    {
      if (empty_ok)
        return json_object_new ();
      malformed (error, host, _("the answer is empty"));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      malformed (error, host, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, host, _("expected a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
read_timestamp (JsonObject  *object,
                gint64      *timestamp,
                const char  *host,
                GError     **error)
{
  gint64 value = lw_sync_parse_timestamp (json_object_get_member (object, "timestamp"));

  if (value < 0)
    return malformed (error, host, _("no “timestamp”"));

  *timestamp = value;

  return TRUE;
}

static gboolean
read_urls (JsonObject  *object,
           const char  *member,
           gboolean     add,
           GPtrArray   *changes,
           const char  *host,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return malformed (error, host, member);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      LwSyncChange *change;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return malformed (error, host, member);

      change = g_new0 (LwSyncChange, 1);
      change->url = g_strdup (json_node_get_string (element));
      change->add = add;
      g_ptr_array_add (changes, change);
    }

  return TRUE;
}

GPtrArray *
lw_sync_json_read_changes (JsonObject  *object,
                           gint64      *timestamp,
                           const char  *host,
                           GError     **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_sync_change_free);

  if (!read_timestamp (object, timestamp, host, error) ||
      !read_urls (object, "add", TRUE, changes, host, error) ||
      !read_urls (object, "remove", FALSE, changes, host, error))
    return NULL;

  return g_steal_pointer (&changes);
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return (gint64) json_node_get_double (node);
    case G_TYPE_STRING:
      return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
    default:
      return -1;
    }
}

GPtrArray *
lw_sync_json_read_actions (JsonObject  *object,
                           gint64      *timestamp,
                           const char  *host,
                           GError     **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_sync_action_free);
  JsonNode *node;
  JsonArray *array;

  if (!read_timestamp (object, timestamp, host, error))
    return NULL;

  node = json_object_get_member (object, "actions");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      malformed (error, host, _("no “actions”"));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;
      LwSyncAction *action;
      const char *podcast, *episode, *name;

      /* One odd action (another client's bug) must not stop the others. */
      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      podcast = json_object_get_string_member_with_default (item, "podcast", NULL);
      episode = json_object_get_string_member_with_default (item, "episode", NULL);
      name = json_object_get_string_member_with_default (item, "action", NULL);
      if (podcast == NULL || episode == NULL || name == NULL)
        continue;

      action = g_new0 (LwSyncAction, 1);
      action->podcast = g_strdup (podcast);
      action->episode = g_strdup (episode);
      action->guid = g_strdup (json_object_get_string_member_with_default (item, "guid", NULL));
      action->action = g_ascii_strdown (name, -1);
      action->timestamp = lw_sync_parse_timestamp (json_object_get_member (item, "timestamp"));
      action->started = int_member (item, "started");
      action->position = int_member (item, "position");
      action->total = int_member (item, "total");
      g_ptr_array_add (actions, action);
    }

  return g_steal_pointer (&actions);
}

GPtrArray *
lw_sync_json_read_update_urls (JsonObject *object)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node = json_object_get_member (object, "update_urls");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_steal_pointer (&pairs);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonArray *pair;
      const char *from, *to;

      if (!JSON_NODE_HOLDS_ARRAY (element))
        continue;
      pair = json_node_get_array (element);
      if (json_array_get_length (pair) != 2)
        continue;
      from = json_node_get_string (json_array_get_element (pair, 0));
      to = json_node_get_string (json_array_get_element (pair, 1));
      /* An empty new URL means the server rejected the old one. */
      if (from == NULL || to == NULL || *to == '\0' || g_str_equal (from, to))
        continue;
      g_ptr_array_add (pairs, g_strdup (from));
      g_ptr_array_add (pairs, g_strdup (to));
    }

  return g_steal_pointer (&pairs);
}
