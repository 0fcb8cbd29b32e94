/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-chapter"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>
#include <json-glib/json-glib.h>

#include "core/lw-feed.h"
#include "core/lw-http.h"
#include "lw-chapter-item-private.h"
#include "lw-chapter-list.h"

/* A chapter file is a few kilobytes; a megabyte is a thousand chapters with links. */
#define MAX_JSON_SIZE (1024 * 1024)
/* Two sources' chapters this close together are the same chapter. */
#define SAME_CHAPTER_MS 1000

/* In order of preference: the first with chapters gives the list. JSON chapters
 * carry links and pictures and are what the show's author edits last; the inline
 * ones are in the feed; the file's are what the editor exported. */
typedef enum
{
  SOURCE_JSON,
  SOURCE_FEED,
  SOURCE_FILE,
  N_SOURCES
} Source;

struct _LwChapterList
{
  GObject        parent_instance;

  GPtrArray     *items;                /* (element-type LwChapterItem) */
  GPtrArray     *sources[N_SOURCES];   /* (element-type LwChapter) */
  gint64         duration;
  guint          timeout;
  gboolean       loading;

  SoupSession   *session;
  /* The load under way: cancelled by the next load or clear. Not a reference:
   * cleared when it returns. */
  GCancellable  *cancellable;
  GTask         *task;
};

static void lw_chapter_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwChapterList, lw_chapter_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, lw_chapter_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_DURATION,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One load: the steps still running, and the first failure. */
typedef struct
{
  guint          pending;
  GError        *error;
  GstDiscoverer *discoverer;
  char          *title;
  gulong         cancelled_id;
  GCancellable  *user_cancellable;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_error (&load->error);
  /* The file step held the task: it is over. */
  g_assert (load->discoverer == NULL);
  if (load->cancelled_id != 0)
    g_cancellable_disconnect (load->user_cancellable, load->cancelled_id);
  g_clear_object (&load->user_cancellable);
  g_clear_pointer (&load->title, g_free);
  g_free (load);
}

static GType
lw_chapter_list_get_item_type (GListModel *model)
{
  return LW_TYPE_CHAPTER_ITEM;
}

static guint
lw_chapter_list_get_n_items (GListModel *model)
{
  return LW_CHAPTER_LIST (model)->items->len;
}

static gpointer
lw_chapter_list_get_item (GListModel *model,
                          guint       position)
{
  LwChapterList *self = LW_CHAPTER_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
lw_chapter_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lw_chapter_list_get_item_type;
  iface->get_n_items = lw_chapter_list_get_n_items;
  iface->get_item = lw_chapter_list_get_item;
}

static void
set_loading (LwChapterList *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_ends (LwChapterList *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      gint64 end = -1;

      if (i + 1 < self->items->len)
        end = lw_chapter_item_get_start (g_ptr_array_index (self->items, i + 1));
      else if (self->duration > 0)
        end = self->duration;

      lw_chapter_item_set_end (g_ptr_array_index (self->items, i), end);
    }
}

static gint64
chapter_start_ms (const LwChapter *chapter)
{
  return (gint64) (chapter->start * 1000.0 + 0.5);
}

static int
compare_chapters (gconstpointer a,
                  gconstpointer b)
{
  const LwChapter *chapter_a = *(const LwChapter **) a;
  const LwChapter *chapter_b = *(const LwChapter **) b;

  return (chapter_a->start > chapter_b->start) - (chapter_a->start < chapter_b->start);
}

static const char *
nonempty (const char *str)
{
  return str != NULL && *str != '\0' ? str : NULL;
}

/* (nullable): the chapter of @source that starts within SAME_CHAPTER_MS of @start. */
static const LwChapter *
find_same_chapter (GPtrArray *source,
                   gint64     start)
{
  for (guint i = 0; i < source->len; i++)
    {
      const LwChapter *chapter = g_ptr_array_index (source, i);

      if (ABS (chapter_start_ms (chapter) - start) <= SAME_CHAPTER_MS)
        return chapter;
    }

  return NULL;
}

/* Rebuilds the items from the sources read so far and tells the model's users only
 * when something changed. */
static void
merge (LwChapterList *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *primary = NULL;
  Source primary_source = N_SOURCES;
  guint old_len;
  gboolean same;

  for (Source s = 0; s < N_SOURCES; s++)
    if (self->sources[s]->len > 0)
      {
        primary = self->sources[s];
        primary_source = s;
        break;
      }

  if (primary != NULL)
    {
      g_ptr_array_sort (primary, compare_chapters);

      for (guint i = 0; i < primary->len; i++)
        {
          const LwChapter *chapter = g_ptr_array_index (primary, i);
          gint64 start = chapter_start_ms (chapter);
          const char *title = nonempty (chapter->title);
          const char *url = nonempty (chapter->url);
          const char *image = nonempty (chapter->image);

          for (Source s = primary_source + 1; s < N_SOURCES; s++)
            {
              const LwChapter *other = find_same_chapter (self->sources[s], start);

              if (other == NULL)
                continue;

              if (title == NULL)
                title = nonempty (other->title);
              if (url == NULL)
                url = nonempty (other->url);
              if (image == NULL)
                image = nonempty (other->image);
            }

          g_ptr_array_add (items, lw_chapter_item_new (start, title, url, image));
        }
    }

  same = items->len == self->items->len;
  for (guint i = 0; same && i < items->len; i++)
    same = lw_chapter_item_equal (g_ptr_array_index (items, i), g_ptr_array_index (self->items, i));

  if (same)
    return;

  old_len = self->items->len;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  update_ends (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
}

static void
clear_sources (LwChapterList *self)
{
  for (Source s = 0; s < N_SOURCES; s++)
    g_ptr_array_set_size (self->sources[s], 0);
}

/* A step of the load ended (@error: why it failed, or NULL). */
static void
step_done (GTask  *task,
           GError *error)
{
  LwChapterList *self = g_task_get_source_object (task);
  LoadData *load = g_task_get_task_data (task);

  g_assert (load->pending > 0);

  if (error != NULL && load->error == NULL)
    load->error = g_steal_pointer (&error);
  g_clear_error (&error);

  if (--load->pending > 0)
    return;

  if (self->task == task)
    {
      self->task = NULL;
      g_clear_object (&self->cancellable);
      set_loading (self, FALSE);
    }

  if (load->error != NULL)
    g_task_return_error (task, g_steal_pointer (&load->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Podcasting 2.0 JSON chapters. */

static gboolean
parse_json_chapters (GBytes     *body,
                     GPtrArray  *chapters,
                     GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  JsonArray *array;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, size, error))
    return FALSE;

  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !json_object_has_member (object, "chapters") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "chapters")))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("it has no list of chapters"));
      return FALSE;
    }

  array = json_object_get_array_member (object, "chapters");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *start;
      LwChapter *chapter;

      if (entry == NULL)
        continue;

      /* "toc": false marks a chapter that is not for the table of contents (a
       * picture change within a chapter). */
      if (json_object_has_member (entry, "toc") &&
          JSON_NODE_TYPE (json_object_get_member (entry, "toc")) == JSON_NODE_VALUE &&
          !json_object_get_boolean_member_with_default (entry, "toc", TRUE))
        continue;

      start = json_object_get_member (entry, "startTime");
      if (start == NULL || JSON_NODE_TYPE (start) != JSON_NODE_VALUE ||
          (json_node_get_value_type (start) != G_TYPE_DOUBLE &&
           json_node_get_value_type (start) != G_TYPE_INT64))
        continue;

      chapter = lw_chapter_new ();
      chapter->start = MAX (json_node_get_double (start), 0.0);
      chapter->title = g_strdup (json_object_get_string_member_with_default (entry, "title", NULL));
      chapter->url = g_strdup (json_object_get_string_member_with_default (entry, "url", NULL));
      chapter->image = g_strdup (json_object_get_string_member_with_default (entry, "img", NULL));
      g_ptr_array_add (chapters, chapter);
    }

  return TRUE;
}

static void
on_json_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LwChapterList *self = g_task_get_source_object (task);
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(LwFetchResult) fetched = NULL;
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_chapter_free);
  g_autoptr(GError) error = NULL;

  fetched = lw_http_get_finish (result, &error);
  if (fetched == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) reported = NULL;

          /* The feed service's message already names the host and what happened. */
          reported = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                  _("Could not get the chapters of “%s”: %s"),
                                  load->title, error->message);
          step_done (task, g_steal_pointer (&reported));
          return;
        }

      step_done (task, g_steal_pointer (&error));
      return;
    }

  if (fetched->body == NULL || !parse_json_chapters (fetched->body, chapters, &error))
    {
      step_done (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                    _("The chapters of “%s” could not be read: %s"),
                                    load->title,
                                    error != NULL ? error->message : _("the server sent nothing")));
      return;
    }

  if (self->task == task)
    {
      g_ptr_array_extend_and_steal (self->sources[SOURCE_JSON], g_steal_pointer (&chapters));
      merge (self);
    }

  step_done (task, NULL);
}

/* Chapters in the file. */

/* "HH:MM:SS.mmm" (Vorbis comment CHAPTERnnn) in ms, -1 if it is not one. */
static gint64
parse_vorbis_time (const char *text)
{
  guint hours, minutes;
  double seconds;
  char *end;

  if (sscanf (text, "%u:%u:", &hours, &minutes) != 2)
    return -1;

  text = strrchr (text, ':') + 1;
  seconds = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || seconds < 0 || minutes >= 60)
    return -1;

  return ((gint64) hours * 3600 + minutes * 60) * 1000 + (gint64) (seconds * 1000 + 0.5);
}

/* Vorbis comments (Ogg Vorbis, Opus, FLAC): CHAPTER001=00:01:02.500,
 * CHAPTER001NAME=Title, CHAPTER001URL=https://… (the "Vorbis chapter extension"). */
static void
read_vorbis_chapters (const GstTagList *tags,
                      GPtrArray        *chapters)
{
  g_autoptr(GHashTable) by_number = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = gst_tag_list_get_tag_size (tags, GST_TAG_EXTENDED_COMMENT);

  for (guint i = 0; i < n; i++)
    {
      const char *comment = NULL;
      g_autofree char *key = NULL;
      const char *value;
      const char *rest;
      g_autofree char *number = NULL;
      LwChapter *chapter;

      if (!gst_tag_list_peek_string_index (tags, GST_TAG_EXTENDED_COMMENT, i, &comment) ||
          (value = strchr (comment, '=')) == NULL)
        continue;

      key = g_ascii_strup (comment, value - comment);
      value++;

      if (!g_str_has_prefix (key, "CHAPTER"))
        continue;

      rest = key + strlen ("CHAPTER");
      while (g_ascii_isdigit (*rest))
        rest++;
      if (rest == key + strlen ("CHAPTER"))
        continue;

      number = g_strndup (key + strlen ("CHAPTER"), rest - key - strlen ("CHAPTER"));
      chapter = g_hash_table_lookup (by_number, number);
      if (chapter == NULL)
        {
          chapter = lw_chapter_new ();
          chapter->start = -1;
          g_ptr_array_add (chapters, chapter);
          g_hash_table_insert (by_number, (char *) g_intern_string (number), chapter);
        }

      if (*rest == '\0')
        {
          gint64 start = parse_vorbis_time (value);

          if (start >= 0)
            chapter->start = start / 1000.0;
        }
      else if (g_str_equal (rest, "NAME"))
        {
          g_free (chapter->title);
          chapter->title = g_strdup (value);
        }
      else if (g_str_equal (rest, "URL"))
        {
          g_free (chapter->url);
          chapter->url = g_strdup (value);
        }
    }

  /* A name without a time is no chapter. */
  for (guint i = chapters->len; i > 0; i--)
    if (((LwChapter *) g_ptr_array_index (chapters, i - 1))->start < 0)
      g_ptr_array_remove_index (chapters, i - 1);
}

/* The text of an ID3v2 text field: an encoding byte, then the text. */
static char *
id3_text (const guint8 *data,
          gsize         size)
{
  static const char * const charsets[] = { "ISO-8859-1", "UTF-16", "UTF-16BE", "UTF-8" };
  g_autofree char *text = NULL;
  guint encoding;

  if (size < 1 || data[0] >= G_N_ELEMENTS (charsets))
    return NULL;

  encoding = data[0];
  text = g_convert ((const char *) data + 1, size - 1, "UTF-8", charsets[encoding], NULL, NULL, NULL);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* The terminating NUL is optional, and g_convert keeps it when there. */
  return g_strstrip (g_steal_pointer (&text));
}

/* A WXXX body: encoding, a description ending in a NUL of its encoding, then the
 * URL in ISO-8859-1. */
static char *
id3_user_url (const guint8 *data,
              gsize         size)
{
  gboolean wide;
  gsize i = 1;

  if (size < 2)
    return NULL;

  wide = data[0] == 1 || data[0] == 2;
  if (wide)
    {
      while (i + 1 < size && (data[i] != 0 || data[i + 1] != 0))
        i += 2;
      i += 2;
    }
  else
    {
      while (i < size && data[i] != 0)
        i++;
      i += 1;
    }

  if (i >= size)
    return NULL;

  return g_convert ((const char *) data + i, size - i, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

static guint32
read_be32 (const guint8 *data)
{
  return ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];
}

/* The size of the frame header at @data: ID3v2.4 writes it "syncsafe" (7 bits a
 * byte), v2.3 plain, and GStreamer hands the frame over without the version. The
 * reading that fits in @available wins. */
static gsize
id3_frame_size (const guint8 *data,
                gsize         available)
{
  guint32 plain = read_be32 (data + 4);
  guint32 syncsafe = (data[4] & 0x7f) << 21 | (data[5] & 0x7f) << 14 | (data[6] & 0x7f) << 7 | (data[7] & 0x7f);

  if (plain + 10 <= available)
    return plain;
  if ((data[4] | data[5] | data[6] | data[7]) < 0x80 && syncsafe + 10 <= available)
    return syncsafe;

  return G_MAXSIZE;
}

/* One CHAP frame (ID3v2 Chapter Frame Addendum): element id, start and end in ms,
 * byte offsets, then frames of its own (TIT2 title, WXXX link). */
static LwChapter *
read_id3_chap (const guint8 *data,
               gsize         size)
{
  LwChapter *chapter;
  gsize i = 0;

  if (size < 10 || memcmp (data, "CHAP", 4) != 0)
    return NULL;

  size = MIN (size, 10 + id3_frame_size (data, size));
  data += 10;
  size -= 10;

  while (i < size && data[i] != 0)
    i++;
  i++;
  if (i + 16 > size)
    return NULL;

  chapter = lw_chapter_new ();
  chapter->start = read_be32 (data + i) / 1000.0;
  i += 16;

  while (i + 10 <= size)
    {
      const guint8 *sub = data + i;
      gsize sub_size = id3_frame_size (sub, size - i);

      if (sub_size == G_MAXSIZE || sub[0] == 0)
        break;

      if (memcmp (sub, "TIT2", 4) == 0 && chapter->title == NULL)
        chapter->title = id3_text (sub + 10, sub_size);
      else if (memcmp (sub, "WXXX", 4) == 0 && chapter->url == NULL)
        chapter->url = id3_user_url (sub + 10, sub_size);

      i += 10 + sub_size;
    }

  return chapter;
}

/* id3demux keeps the frames it does not know (CHAP, CTOC) as raw samples. */
static void
read_id3_chapters (const GstTagList *tags,
                   GPtrArray        *chapters)
{
  guint n = gst_tag_list_get_tag_size (tags, "private-id3v2-frame");

  for (guint i = 0; i < n; i++)
    {
      GstSample *sample = NULL;
      GstBuffer *buffer;
      GstMapInfo map;
      LwChapter *chapter;

      if (!gst_tag_list_get_sample_index (tags, "private-id3v2-frame", i, &sample))
        continue;

      buffer = gst_sample_get_buffer (sample);
      if (buffer != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          if ((chapter = read_id3_chap (map.data, map.size)) != NULL)
            g_ptr_array_add (chapters, chapter);
          gst_buffer_unmap (buffer, &map);
        }

      gst_sample_unref (sample);
    }
}

/* A container's own table of contents (Matroska/WebM, MP4 chapter tracks). */
static void
read_toc_entries (GList     *entries,
                  GPtrArray *chapters)
{
  for (const GList *l = entries; l != NULL; l = l->next)
    {
      GstTocEntry *entry = l->data;
      gint64 start = -1;
      gint64 stop = -1;

      if (gst_toc_entry_get_entry_type (entry) == GST_TOC_ENTRY_TYPE_CHAPTER &&
          gst_toc_entry_get_start_stop_times (entry, &start, &stop) && start >= 0)
        {
          LwChapter *chapter = lw_chapter_new ();
          GstTagList *tags = gst_toc_entry_get_tags (entry);

          chapter->start = (double) start / GST_SECOND;
          if (tags != NULL)
            gst_tag_list_get_string (tags, GST_TAG_TITLE, &chapter->title);
          g_ptr_array_add (chapters, chapter);
        }

      read_toc_entries (gst_toc_entry_get_sub_entries (entry), chapters);
    }
}

static void on_discoverer_finished (GstDiscoverer *discoverer,
                                    gpointer       user_data);

static void
on_discovered (GstDiscoverer     *discoverer,
               GstDiscovererInfo *info,
               GError            *error,
               gpointer           user_data)
{
  GTask *task = user_data;
  LwChapterList *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_chapter_free);
  GstDiscovererResult result = gst_discoverer_info_get_result (info);
  const GstTagList *tags = gst_discoverer_info_get_tags (info);
  const GstToc *toc = gst_discoverer_info_get_toc (info);

  /* Whatever the file's trouble (missing, not audio), the player says it better:
   * here it only means no chapters from the file. */
  if (result != GST_DISCOVERER_OK)
    g_debug ("No chapters from %s: %s", gst_discoverer_info_get_uri (info),
             error != NULL ? error->message : "not readable");

  if (toc != NULL)
    read_toc_entries (gst_toc_get_entries (toc), chapters);
  if (chapters->len == 0 && tags != NULL)
    read_id3_chapters (tags, chapters);
  if (chapters->len == 0 && tags != NULL)
    read_vorbis_chapters (tags, chapters);

  if (self->task == task && chapters->len > 0)
    {
      g_ptr_array_extend_and_steal (self->sources[SOURCE_FILE], g_steal_pointer (&chapters));
      merge (self);
    }
}

/* Ends the file step: the discoverer stops and goes, and the task loses the
 * reference the step held. */
static void
finish_discoverer (GTask *task)
{
  LoadData *load = g_task_get_task_data (task);

  if (load->discoverer == NULL)
    return;

  g_signal_handlers_disconnect_by_func (load->discoverer, on_discovered, task);
  g_signal_handlers_disconnect_by_func (load->discoverer, on_discoverer_finished, task);
  gst_discoverer_stop (load->discoverer);
  g_clear_object (&load->discoverer);

  step_done (task, NULL);
  g_object_unref (task);
}

static gboolean
discoverer_done_idle (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  finish_discoverer (task);

  return G_SOURCE_REMOVE;
}

static void
on_discoverer_finished (GstDiscoverer *discoverer,
                        gpointer       user_data)
{
  /* Stopped and dropped outside its own signal emission. */
  g_idle_add (discoverer_done_idle, g_object_ref (user_data));
}

static void
start_discoverer (LwChapterList *self,
                  GTask         *task,
                  const char    *media_uri)
{
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* GStreamer starts here, not when the first list is made: the episode detail makes
   * one, and opening a show must not wait for GStreamer's registry. */
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  gst_pb_utils_init ();

  load->discoverer = gst_discoverer_new ((GstClockTime) self->timeout * GST_SECOND, &error);
  if (load->discoverer == NULL)
    {
      g_debug ("No GstDiscoverer: %s", error->message);
      return;
    }

  /* The step holds the task until finish_discoverer(). */
  load->pending++;
  g_object_ref (task);
  g_signal_connect (load->discoverer, "discovered", G_CALLBACK (on_discovered), task);
  g_signal_connect (load->discoverer, "finished", G_CALLBACK (on_discoverer_finished), task);
  gst_discoverer_start (load->discoverer);

  if (!gst_discoverer_discover_uri_async (load->discoverer, media_uri))
    finish_discoverer (task);
}

/* A load replaced or dropped. Its discoverer is left to finish (a local file takes
 * milliseconds, a stream at most "timeout"), its result ignored: in GStreamer 1.22,
 * gst_discoverer_stop() during a discovery sets the pipeline to READY while holding
 * the lock that uridecodebin's pad-removed handler takes, and hangs. */
static void
stop_load (LwChapterList *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->task = NULL;
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
lw_chapter_list_dispose (GObject *object)
{
  LwChapterList *self = (LwChapterList *)object;

  stop_load (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (lw_chapter_list_parent_class)->dispose (object);
}

static void
lw_chapter_list_finalize (GObject *object)
{
  LwChapterList *self = (LwChapterList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  for (Source s = 0; s < N_SOURCES; s++)
    g_clear_pointer (&self->sources[s], g_ptr_array_unref);

  G_OBJECT_CLASS (lw_chapter_list_parent_class)->finalize (object);
}

static void
lw_chapter_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LwChapterList *self = LW_CHAPTER_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_chapter_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LwChapterList *self = LW_CHAPTER_LIST (object);

  switch (prop_id)
    {
    case PROP_DURATION:
      lw_chapter_list_set_duration (self, g_value_get_int64 (value));
      break;

    case PROP_TIMEOUT:
      lw_chapter_list_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_chapter_list_class_init (LwChapterListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_chapter_list_dispose;
  object_class->finalize = lw_chapter_list_finalize;
  object_class->get_property = lw_chapter_list_get_property;
  object_class->set_property = lw_chapter_list_set_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 600, 15,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_chapter_list_init (LwChapterList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (Source s = 0; s < N_SOURCES; s++)
    self->sources[s] = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_chapter_free);
  self->timeout = 15;
}

LwChapterList *
lw_chapter_list_new (void)
{
  return g_object_new (LW_TYPE_CHAPTER_LIST, NULL);
}

/**
 * lw_chapter_list_clear:
 *
 * Empties the list and cancels a load under way.
 */
void
lw_chapter_list_clear (LwChapterList *self)
{
  g_return_if_fail (LW_IS_CHAPTER_LIST (self));

  stop_load (self);
  set_loading (self, FALSE);

  clear_sources (self);
  merge (self);
}

void
lw_chapter_list_load_async (LwChapterList       *self,
                            LwLibrary           *library,
                            LwEpisode           *episode,
                            const char          *media_uri,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(LwFeedItem) item = NULL;
  g_autoptr(GError) error = NULL;
  LoadData *load;
  const char *title;

  g_return_if_fail (LW_IS_CHAPTER_LIST (self));
  g_return_if_fail (LW_IS_LIBRARY (library));
  g_return_if_fail (LW_IS_EPISODE (episode));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  lw_chapter_list_clear (self);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_chapter_list_load_async);
  self->task = task;

  title = lw_episode_get_title (episode);
  load = g_new0 (LoadData, 1);
  load->title = g_strdup (title != NULL && *title != '\0' ? title : _("this episode"));
  /* One step for this function itself, so that no step finishes the task early. */
  load->pending = 1;
  g_task_set_task_data (task, load, load_data_free);

  if (cancellable != NULL)
    {
      load->user_cancellable = g_object_ref (cancellable);
      load->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                  g_object_ref (self->cancellable), g_object_unref);
    }

  set_loading (self, TRUE);

  /* What the feed gave: inline chapters now, the JSON file's address to fetch. An
   * episode outside the library (id 0) has neither. */
  if (lw_episode_get_id (episode) > 0)
    {
      item = lw_library_dup_episode_item (library, lw_episode_get_id (episode), &error);
      if (item == NULL)
        g_debug ("No stored chapters for episode %" G_GINT64_FORMAT ": %s",
                 lw_episode_get_id (episode), error->message);
    }

  if (item != NULL)
    {
      for (guint i = 0; i < item->chapters->len; i++)
        {
          const LwChapter *stored = g_ptr_array_index (item->chapters, i);
          LwChapter *chapter = lw_chapter_new ();

          chapter->start = MAX (stored->start, 0.0);
          chapter->title = g_strdup (stored->title);
          chapter->url = g_strdup (stored->url);
          chapter->image = g_strdup (stored->image);
          g_ptr_array_add (self->sources[SOURCE_FEED], chapter);
        }
      merge (self);

      if (item->chapters_url != NULL && *item->chapters_url != '\0')
        {
          if (self->session == NULL)
            self->session = lw_http_session_new (self->timeout);

          load->pending++;
          lw_http_get_async (self->session, item->chapters_url, NULL, NULL,
                             "application/json+chapters, application/json;q=0.9, */*;q=0.1",
                             MAX_JSON_SIZE, self->cancellable,
                             on_json_fetched, g_object_ref (task));
        }
    }

  if (media_uri != NULL && *media_uri != '\0')
    start_discoverer (self, task, media_uri);

  step_done (task, NULL);
}

/**
 * lw_chapter_list_load_finish:
 *
 * Returns: %TRUE when every source was read; %FALSE with @error when one failed or
 *   the load was cancelled (the model keeps what the others gave)
 */
gboolean
lw_chapter_list_load_finish (LwChapterList  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (LW_IS_CHAPTER_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_chapter_list_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
lw_chapter_list_get_loading (LwChapterList *self)
{
  g_return_val_if_fail (LW_IS_CHAPTER_LIST (self), FALSE);

  return self->loading;
}

/**
 * lw_chapter_list_set_duration:
 * @duration_ms: the episode's length, 0 when unknown
 *
 * Where the last chapter ends.
 */
void
lw_chapter_list_set_duration (LwChapterList *self,
                              gint64         duration_ms)
{
  g_return_if_fail (LW_IS_CHAPTER_LIST (self));

  duration_ms = MAX (duration_ms, 0);

  if (self->duration == duration_ms)
    return;

  self->duration = duration_ms;
  update_ends (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/**
 * lw_chapter_list_set_timeout:
 * @seconds: how long each network step and the reading of the file may take
 */
void
lw_chapter_list_set_timeout (LwChapterList *self,
                             guint          seconds)
{
  g_return_if_fail (LW_IS_CHAPTER_LIST (self));

  seconds = CLAMP (seconds, 1, 600);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  /* The next load makes a session with it. */
  g_clear_object (&self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

int
lw_chapter_list_find (LwChapterList *self,
                      gint64         position_ms)
{
  g_return_val_if_fail (LW_IS_CHAPTER_LIST (self), -1);

  for (guint i = self->items->len; i > 0; i--)
    if (lw_chapter_item_get_start (g_ptr_array_index (self->items, i - 1)) <= position_ms)
      return (int) i - 1;

  return -1;
}

/**
 * lw_chapter_list_get_chapter:
 *
 * Returns: (transfer none) (nullable): chapter @index, %NULL past the end
 */
LwChapterItem *
lw_chapter_list_get_chapter (LwChapterList *self,
                             guint          index)
{
  g_return_val_if_fail (LW_IS_CHAPTER_LIST (self), NULL);

  if (index >= self->items->len)
    return NULL;

  return g_ptr_array_index (self->items, index);
}
