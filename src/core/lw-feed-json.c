/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-json"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "lw-feed-json.h"

#define FLUSH_SIZE (64 * 1024)

typedef struct
{
  GString  *out;
  FILE     *stream;   /* NULL: everything stays in out */
  gboolean  failed;
  gboolean  first;    /* no comma before the next member */
} JsonWriter;

static void
maybe_flush (JsonWriter *w)
{
  if (w->stream == NULL || w->out->len < FLUSH_SIZE)
    return;

  if (!w->failed && fwrite (w->out->str, 1, w->out->len, w->stream) != w->out->len)
    w->failed = TRUE;
  g_string_truncate (w->out, 0);
}

/* 0: copy as is, 1: escape, 2: non-ASCII (copy, but the string needs a UTF-8 check) */
static const guint8 json_byte_kind[256] = {
  [0x00 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1, [0x80 ... 0xFF] = 2,
};

static void
append_escape (GString *out,
               guchar   c)
{
  static const char hex[] = "0123456789abcdef";

  switch (c)
    {
    case '"': g_string_append_len (out, "\\\"", 2); break;
    case '\\': g_string_append_len (out, "\\\\", 2); break;
    case '\n': g_string_append_len (out, "\\n", 2); break;
    case '\r': g_string_append_len (out, "\\r", 2); break;
    case '\t': g_string_append_len (out, "\\t", 2); break;
    case '\b': g_string_append_len (out, "\\b", 2); break;
    case '\f': g_string_append_len (out, "\\f", 2); break;
    default:
      {
        char escape[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF] };

        g_string_append_len (out, escape, 6);
      }
      break;
    }
}

/* Runs of bytes that need nothing are copied whole: most strings are one run, and show
 * notes a few (split at the quotes of their links). */
static void
append_string (GString    *out,
               const char *text)
{
  g_autofree char *valid = NULL;
  const guchar *p;
  const guchar *run;
  gsize start = out->len;
  gboolean ascii = TRUE;

again:
  g_string_append_c (out, '"');
  p = run = (const guchar *) text;
  for (;;)
    {
      guint8 kind;

      /* The common case: one table look-up per byte (NUL is in the table too). */
      while (json_byte_kind[p[0]] == 0)
        {
          if (json_byte_kind[p[1]] != 0)
            {
              p++;
              break;
            }
          if (json_byte_kind[p[2]] != 0)
            {
              p += 2;
              break;
            }
          if (json_byte_kind[p[3]] != 0)
            {
              p += 3;
              break;
            }
          p += 4;
        }

      kind = json_byte_kind[*p];
      if (kind == 2)
        {
          ascii = FALSE;
          p++;
          continue;
        }
      if (*p == '\0')
        break;

      g_string_append_len (out, (const char *) run, p - run);
      append_escape (out, *p);
      run = ++p;
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');

  /* LwFeed strings are UTF-8 by contract; checking only non-ASCII ones keeps the
   * output valid JSON even if that contract is ever broken, at almost no cost. */
  if (!ascii && valid == NULL && !g_utf8_validate (out->str + start, out->len - start, NULL))
    {
      g_string_truncate (out, start);
      text = valid = g_utf8_make_valid (text, -1);
      goto again;
    }
}

/* ,"name": in one append: a feed of 10,000 episodes writes half a million keys. */
static void
key (JsonWriter *w,
     const char *name)
{
  gsize len = strlen (name);
  gsize at = w->out->len;
  char *dest;

  g_string_set_size (w->out, at + len + 4);
  dest = w->out->str + at;
  if (!w->first)
    *dest++ = ',';
  else
    g_string_truncate (w->out, w->out->len - 1);
  w->first = FALSE;
  *dest++ = '"';
  memcpy (dest, name, len);
  dest += len;
  *dest++ = '"';
  *dest = ':';
}

static void
begin_object (JsonWriter *w)
{
  g_string_append_c (w->out, '{');
  w->first = TRUE;
}

static void
end_object (JsonWriter *w)
{
  g_string_append_c (w->out, '}');
  w->first = FALSE;
}

static void
begin_array (JsonWriter *w,
             const char *name)
{
  key (w, name);
  g_string_append_c (w->out, '[');
  w->first = TRUE;
}

static void
end_array (JsonWriter *w)
{
  g_string_append_c (w->out, ']');
  w->first = FALSE;
}

/* Before an element of an array. */
static void
next_element (JsonWriter *w)
{
  if (!w->first)
    g_string_append_c (w->out, ',');
  w->first = FALSE;
}

static void
member_string (JsonWriter *w,
               const char *name,
               const char *value)
{
  key (w, name);
  if (value == NULL)
    g_string_append_len (w->out, "null", 4);
  else
    append_string (w->out, value);
}

static void
member_int (JsonWriter *w,
            const char *name,
            gint64      value,
            gint64      unknown)
{
  key (w, name);
  if (value == unknown)
    g_string_append (w->out, "null");
  else
    {
      /* printf is a tenth of the whole output's cost on 10,000 episodes. */
      char digits[24];
      int n = 0;
      guint64 magnitude = value < 0 ? - (guint64) value : (guint64) value;

      do
        {
          digits[n++] = '0' + magnitude % 10;
          magnitude /= 10;
        }
      while (magnitude > 0);
      if (value < 0)
        g_string_append_c (w->out, '-');
      while (n > 0)
        g_string_append_c (w->out, digits[--n]);
    }
}

static void
member_double (JsonWriter *w,
               const char *name,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  key (w, name);
  if (!isfinite (value))
    {
      g_string_append (w->out, "null");
      return;
    }

  /* Milliseconds are enough for a chapter mark, and "12.5" reads better than
   * "12.5000000001". */
  g_ascii_formatd (buf, sizeof buf, "%.3f", value);
  end = buf + strlen (buf);
  while (end > buf && end[-1] == '0')
    *--end = '\0';
  if (end > buf && end[-1] == '.')
    *--end = '\0';
  g_string_append (w->out, buf);
}

static void
member_tristate (JsonWriter *w,
                 const char *name,
                 int         value)
{
  key (w, name);
  g_string_append (w->out, value < 0 ? "null" : value ? "true" : "false");
}

static void
member_bool (JsonWriter *w,
             const char *name,
             gboolean    value)
{
  key (w, name);
  g_string_append (w->out, value ? "true" : "false");
}

static void
write_funding (JsonWriter *w,
               GPtrArray  *funding)
{
  begin_array (w, "funding");
  for (guint i = 0; i < funding->len; i++)
    {
      const LwFunding *f = g_ptr_array_index (funding, i);

      next_element (w);
      begin_object (w);
      member_string (w, "url", f->url);
      member_string (w, "title", f->title);
      end_object (w);
    }
  end_array (w);
}

static void
write_persons (JsonWriter *w,
               GPtrArray  *persons)
{
  begin_array (w, "persons");
  for (guint i = 0; i < persons->len; i++)
    {
      const LwPerson *person = g_ptr_array_index (persons, i);

      next_element (w);
      begin_object (w);
      member_string (w, "name", person->name);
      member_string (w, "role", person->role);
      member_string (w, "group", person->group);
      member_string (w, "href", person->href);
      member_string (w, "img", person->img);
      end_object (w);
    }
  end_array (w);
}

static void
write_value (JsonWriter *w,
             GPtrArray  *values)
{
  begin_array (w, "value");
  for (guint i = 0; i < values->len; i++)
    {
      const LwValue *value = g_ptr_array_index (values, i);

      next_element (w);
      begin_object (w);
      member_string (w, "type", value->type);
      member_string (w, "method", value->method);
      member_string (w, "suggested", value->suggested);
      begin_array (w, "recipients");
      for (guint j = 0; j < value->recipients->len; j++)
        {
          const LwValueRecipient *recipient = g_ptr_array_index (value->recipients, j);

          next_element (w);
          begin_object (w);
          member_string (w, "name", recipient->name);
          member_string (w, "type", recipient->type);
          member_string (w, "address", recipient->address);
          member_int (w, "split", recipient->split, LW_UNKNOWN);
          member_bool (w, "fee", recipient->fee);
          member_string (w, "custom_key", recipient->custom_key);
          member_string (w, "custom_value", recipient->custom_value);
          end_object (w);
        }
      end_array (w);
      end_object (w);
    }
  end_array (w);
}

static void
write_item (JsonWriter       *w,
            const LwFeedItem *item,
            gboolean          live)
{
  begin_object (w);
  member_string (w, "guid", item->guid);
  member_string (w, "title", item->title);
  member_int (w, "published", item->published, LW_DATE_UNKNOWN);
  member_int (w, "duration", item->duration, LW_UNKNOWN);
  member_string (w, "link", item->link);
  member_string (w, "summary", item->summary);
  member_string (w, "notes_html", item->notes_html);

  begin_array (w, "enclosures");
  for (guint i = 0; i < item->enclosures->len; i++)
    {
      const LwEnclosure *enclosure = g_ptr_array_index (item->enclosures, i);

      next_element (w);
      begin_object (w);
      member_string (w, "url", enclosure->url);
      member_int (w, "length", enclosure->length, LW_UNKNOWN);
      member_string (w, "type", enclosure->type);
      end_object (w);
    }
  end_array (w);

  member_string (w, "image", item->image);
  member_int (w, "season", item->season, LW_UNKNOWN);
  member_int (w, "episode", item->episode, LW_UNKNOWN);
  member_string (w, "episode_type", item->episode_type);
  member_tristate (w, "explicit", item->explicit_);
  member_string (w, "author", item->author);

  begin_array (w, "chapters");
  for (guint i = 0; i < item->chapters->len; i++)
    {
      const LwChapter *chapter = g_ptr_array_index (item->chapters, i);

      next_element (w);
      begin_object (w);
      member_double (w, "start", chapter->start);
      member_string (w, "title", chapter->title);
      member_string (w, "url", chapter->url);
      member_string (w, "image", chapter->image);
      end_object (w);
    }
  end_array (w);

  member_string (w, "chapters_url", item->chapters_url);
  member_string (w, "chapters_type", item->chapters_type);

  begin_array (w, "transcripts");
  for (guint i = 0; i < item->transcripts->len; i++)
    {
      const LwTranscript *transcript = g_ptr_array_index (item->transcripts, i);

      next_element (w);
      begin_object (w);
      member_string (w, "url", transcript->url);
      member_string (w, "type", transcript->type);
      member_string (w, "language", transcript->language);
      member_string (w, "rel", transcript->rel);
      end_object (w);
    }
  end_array (w);

  write_persons (w, item->persons);
  write_funding (w, item->funding);

  begin_array (w, "alternate_enclosures");
  for (guint i = 0; i < item->alternate_enclosures->len; i++)
    {
      const LwAlternateEnclosure *alternate = g_ptr_array_index (item->alternate_enclosures, i);

      next_element (w);
      begin_object (w);
      member_string (w, "type", alternate->type);
      member_int (w, "length", alternate->length, LW_UNKNOWN);
      member_int (w, "bitrate", alternate->bitrate, LW_UNKNOWN);
      member_string (w, "title", alternate->title);
      member_bool (w, "default", alternate->is_default);
      begin_array (w, "sources");
      for (guint j = 0; j < alternate->sources->len; j++)
        {
          next_element (w);
          append_string (w->out, g_ptr_array_index (alternate->sources, j));
        }
      end_array (w);
      end_object (w);
    }
  end_array (w);

  begin_array (w, "soundbites");
  for (guint i = 0; i < item->soundbites->len; i++)
    {
      const LwSoundbite *soundbite = g_ptr_array_index (item->soundbites, i);

      next_element (w);
      begin_object (w);
      member_double (w, "start", soundbite->start);
      member_double (w, "duration", soundbite->duration);
      member_string (w, "title", soundbite->title);
      end_object (w);
    }
  end_array (w);

  write_value (w, item->value);

  if (live)
    {
      member_string (w, "status", item->live_status);
      member_int (w, "start", item->live_start, LW_DATE_UNKNOWN);
      member_int (w, "end", item->live_end, LW_DATE_UNKNOWN);
    }

  end_object (w);
}

/* Episodes go out in batches. When writing to a stream on a machine with more than one
 * CPU, a helper thread formats every other batch while this one formats and writes the
 * rest, in order; a few credits keep the helper from running far ahead, so memory stays
 * bounded whatever the feed's size. */
#define BATCH_SIZE  128
#define MAX_AHEAD   4

typedef struct
{
  const LwFeed *feed;
  guint         n_batches;
  GAsyncQueue  *done;     /* (element-type GString) formatted odd batches, in order */
  GAsyncQueue *credits;   /* one token per batch the helper may format ahead */
} BatchHelper;

static void
format_batch (GString      *out,
              const LwFeed *feed,
              guint         batch)
{
  JsonWriter w = { out, NULL, FALSE, TRUE };
  guint end = MIN ((batch + 1) * BATCH_SIZE, feed->items->len);

  for (guint i = batch * BATCH_SIZE; i < end; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_item (&w, g_ptr_array_index (feed->items, i), FALSE);
    }
}

static gpointer
batch_helper (gpointer data)
{
  BatchHelper *helper = data;

  for (guint batch = 1; batch < helper->n_batches; batch += 2)
    {
      GString *out = g_string_sized_new (BATCH_SIZE * 2048);

      g_async_queue_pop (helper->credits);
      format_batch (out, helper->feed, batch);
      g_async_queue_push (helper->done, out);
    }

  return NULL;
}

static void
write_episodes (JsonWriter   *w,
                const LwFeed *feed)
{
  BatchHelper helper = { feed, (feed->items->len + BATCH_SIZE - 1) / BATCH_SIZE, NULL, NULL };
  GThread *thread = NULL;

  if (w->stream != NULL && helper.n_batches > 1 && g_get_num_processors () > 1)
    {
      helper.done = g_async_queue_new ();
      helper.credits = g_async_queue_new ();
      for (guint i = 0; i < MAX_AHEAD; i++)
        g_async_queue_push (helper.credits, GUINT_TO_POINTER (1));
      thread = g_thread_try_new ("lw-json", batch_helper, &helper, NULL);
    }

  for (guint batch = 0; batch < helper.n_batches; batch++)
    {
      if (thread != NULL && batch % 2 == 1)
        {
          g_autoptr(GString) out = g_async_queue_pop (helper.done);

          g_async_queue_push (helper.credits, GUINT_TO_POINTER (1));
          g_string_append_len (w->out, out->str, out->len);
        }
      else
        format_batch (w->out, feed, batch);

      maybe_flush (w);
    }

  if (thread != NULL)
    g_thread_join (thread);
  g_clear_pointer (&helper.done, g_async_queue_unref);
  g_clear_pointer (&helper.credits, g_async_queue_unref);
  w->first = FALSE;
}

static void
write_feed (JsonWriter   *w,
            const LwFeed *feed)
{
  begin_object (w);
  member_string (w, "title", feed->title);
  member_string (w, "link", feed->link);
  member_string (w, "description", feed->description);
  member_string (w, "description_html", feed->description_html);
  member_string (w, "author", feed->author);

  key (w, "owner");
  if (feed->owner_name == NULL && feed->owner_email == NULL)
    g_string_append (w->out, "null");
  else
    {
      begin_object (w);
      member_string (w, "name", feed->owner_name);
      member_string (w, "email", feed->owner_email);
      end_object (w);
    }

  member_string (w, "image", feed->image);
  member_string (w, "language", feed->language);

  begin_array (w, "categories");
  for (guint i = 0; i < feed->categories->len; i++)
    {
      next_element (w);
      append_string (w->out, g_ptr_array_index (feed->categories, i));
    }
  end_array (w);

  member_string (w, "type", feed->type);
  member_tristate (w, "explicit", feed->explicit_);
  member_string (w, "new_feed_url", feed->new_feed_url);
  member_tristate (w, "locked", feed->locked);
  member_string (w, "guid", feed->podcast_guid);
  write_funding (w, feed->funding);

  begin_array (w, "podroll");
  for (guint i = 0; i < feed->podroll->len; i++)
    {
      const LwRemoteItem *remote = g_ptr_array_index (feed->podroll, i);

      next_element (w);
      begin_object (w);
      member_string (w, "feed_guid", remote->feed_guid);
      member_string (w, "feed_url", remote->feed_url);
      member_string (w, "title", remote->title);
      end_object (w);
    }
  end_array (w);

  write_persons (w, feed->persons);
  write_value (w, feed->value);

  begin_array (w, "live_items");
  for (guint i = 0; i < feed->live_items->len; i++)
    {
      next_element (w);
      write_item (w, g_ptr_array_index (feed->live_items, i), TRUE);
    }
  end_array (w);

  begin_array (w, "episodes");
  write_episodes (w, feed);
  end_array (w);

  end_object (w);
}

/**
 * lw_feed_json_append:
 * @out: the string to append to
 * @feed: a feed
 *
 * Appends @feed as one JSON object.
 */
void
lw_feed_json_append (GString      *out,
                     const LwFeed *feed)
{
  JsonWriter w = { out, NULL, FALSE, TRUE };

  g_return_if_fail (out != NULL);
  g_return_if_fail (feed != NULL);

  write_feed (&w, feed);
}

/**
 * lw_feed_json_write:
 * @stream: where to write
 * @feed: a feed
 *
 * Returns: %TRUE when everything was written
 */
gboolean
lw_feed_json_write (FILE         *stream,
                    const LwFeed *feed)
{
  JsonWriter w = { NULL, stream, FALSE, TRUE };

  g_return_val_if_fail (stream != NULL, FALSE);
  g_return_val_if_fail (feed != NULL, FALSE);

  w.out = g_string_sized_new (FLUSH_SIZE * 2);
  write_feed (&w, feed);
  g_string_append_c (w.out, '\n');

  if (!w.failed && fwrite (w.out->str, 1, w.out->len, stream) != w.out->len)
    w.failed = TRUE;
  if (!w.failed && fflush (stream) != 0)
    w.failed = TRUE;

  g_string_free (w.out, TRUE);
  return !w.failed;
}
