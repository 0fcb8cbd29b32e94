/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-chapters"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lw-chapters.h"
#include "lw-feed.h"
#include "lw-transcript.h"

static double
member_seconds (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return -1;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
    return json_node_get_double (node);

  /* Some generators write "90.5" or "1:30". */
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end;
      double seconds = g_ascii_strtod (text, &end);

      if (end != text && *end == '\0')
        return seconds;

      return lw_transcript_parse_timestamp (text) / 1000.0;
    }

  return -1;
}

static char *
member_dup_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strstrip (g_strdup (json_node_get_string (node)));
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const LwChapter *x = *(LwChapter **) a;
  const LwChapter *y = *(LwChapter **) b;

  return (x->start > y->start) - (x->start < y->start);
}

GPtrArray *
lw_chapters_parse_json (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_chapter_free);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The chapters are not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "chapters") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "chapters")))
    {
      g_set_error (error, LW_TRANSCRIPT_ERROR, LW_TRANSCRIPT_ERROR_INVALID,
                   _("The chapters file has no “chapters”"));
      return NULL;
    }

  array = json_object_get_array_member (json_node_get_object (root), "chapters");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      LwChapter *chapter;
      double start;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object = json_node_get_object (node);
      start = member_seconds (object, "startTime");
      if (start < 0)
        continue;

      /* "toc": false marks a chapter for artwork or links only. */
      if (json_object_has_member (object, "toc") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "toc")) &&
          json_node_get_value_type (json_object_get_member (object, "toc")) == G_TYPE_BOOLEAN &&
          !json_object_get_boolean_member (object, "toc"))
        continue;

      chapter = lw_chapter_new ();
      chapter->start = start;
      chapter->title = member_dup_string (object, "title");
      chapter->url = member_dup_string (object, "url");
      chapter->image = member_dup_string (object, "img");
      g_ptr_array_add (chapters, chapter);
    }

  g_ptr_array_sort (chapters, compare_start);

  return g_steal_pointer (&chapters);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *body = task_data;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  GError *error = NULL;
  GPtrArray *chapters = lw_chapters_parse_json (data ? data : "", length, &error);

  if (chapters == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, chapters, (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LwFetchResult) fetched = NULL;
  GError *error = NULL;

  fetched = lw_feed_service_fetch_finish (LW_FEED_SERVICE (object), result, &error);
  if (fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, fetched->body ? g_bytes_ref (fetched->body) : g_bytes_new (NULL, 0),
                        (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

void
lw_chapters_fetch_async (LwFeedService       *service,
                         const char          *url,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LW_IS_FEED_SERVICE (service));
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_chapters_fetch_async);

  lw_feed_service_fetch_async (service, url, NULL, NULL, cancellable, fetch_cb, g_steal_pointer (&task));
}

GPtrArray *
lw_chapters_fetch_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_chapters_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
