/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-date.h"
#include "lw-feed-parser-private.h"
#include "lw-html.h"

/* What an item (and the channel) gathered, made into the fields of LwFeedItem and
 * LwFeed: the order of preference between formats, the fallbacks (a guid, a title),
 * and the show notes, sanitised on a worker thread. */

typedef struct
{
  LwFeedItem *item;
  char       *notes;
  char       *summary;
  gboolean    summary_is_notes;
} NotesJob;

static const char *
first_of (const char *a,
          const char *b,
          const char *c,
          const char *d)
{
  if (a != NULL)
    return a;
  if (b != NULL)
    return b;
  if (c != NULL)
    return c;
  return d;
}

/* The last path segment of a URL without its extension, for missing titles. */
static char *
name_from_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *unescaped = NULL;
  const char *path;
  const char *slash;
  char *dot;
  char *name;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL);
  path = uri != NULL ? g_uri_get_path (uri) : url;
  slash = strrchr (path, '/');
  unescaped = g_uri_unescape_string (slash != NULL ? slash + 1 : path, NULL);
  if (unescaped == NULL || unescaped[0] == '\0' || !g_utf8_validate (unescaped, -1, NULL))
    return NULL;

  name = g_strdup (unescaped);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';

  return name;
}

/* Show notes are sanitised on a second thread while the reader goes on: the HTML
 * parser costs about as much as the whole XML pass. The worker only ever writes
 * notes_html and summary of the item it was handed; the main thread no longer
 * touches those, and joins the worker before anyone reads them. */
static void
notes_job_free (NotesJob *job)
{
  g_free (job->notes);
  g_free (job->summary);
  g_free (job);
}

static void
run_notes_job (NotesJob   *job,
               const char *base_url)
{
  LwFeedItem *item = job->item;

  if (job->notes != NULL)
    {
      item->notes_html = lw_html_sanitise (job->notes, base_url);
      if (item->notes_html[0] == '\0')
        g_clear_pointer (&item->notes_html, g_free);
    }

  if (job->summary != NULL || job->summary_is_notes)
    {
      item->summary = lw_html_to_text (job->summary_is_notes ? job->notes : job->summary);
      if (item->summary[0] == '\0')
        g_clear_pointer (&item->summary, g_free);
    }

  notes_job_free (job);
}

/* Jobs go to the worker in batches: one wake-up per item made the two threads trade
 * places 20,000 times on a 10,000-episode feed. */
#define NOTES_BATCH 32
#define MAX_WAITING_BATCHES 4

/* A batch that tells the worker to stop. */
static GPtrArray stop_batch;

static void
run_notes_batch (GPtrArray  *batch,
                 const char *base_url)
{
  for (guint i = 0; i < batch->len; i++)
    run_notes_job (g_ptr_array_index (batch, i), base_url);
  g_ptr_array_free (batch, TRUE);
}

static void
drop_notes_batch (GPtrArray *batch)
{
  for (guint i = 0; i < batch->len; i++)
    notes_job_free (g_ptr_array_index (batch, i));
  g_ptr_array_free (batch, TRUE);
}

static gpointer
notes_worker (gpointer data)
{
  Parser *p = data;
  GPtrArray *batch;

  while ((batch = g_async_queue_pop (p->notes_queue)) != &stop_batch)
    run_notes_batch (batch, p->base_url);

  return NULL;
}

static void
queue_notes_job (Parser   *p,
                 NotesJob *job)
{
  /* One item's notes are not worth a thread; the second item starts one. */
  if (p->notes_queue == NULL && p->feed->items->len > 1 && g_get_num_processors () > 1)
    {
      p->notes_queue = g_async_queue_new ();
      p->notes_thread = g_thread_try_new ("lw-notes", notes_worker, p, NULL);
      if (p->notes_thread == NULL)
        g_clear_pointer (&p->notes_queue, g_async_queue_unref);
    }

  if (p->notes_queue == NULL)
    {
      run_notes_job (job, p->base_url);
      return;
    }

  if (p->notes_batch == NULL)
    p->notes_batch = g_ptr_array_sized_new (NOTES_BATCH);
  g_ptr_array_add (p->notes_batch, job);
  if (p->notes_batch->len < NOTES_BATCH)
    return;

  g_async_queue_push (p->notes_queue, g_steal_pointer (&p->notes_batch));

  /* The reader is faster than the sanitiser, and each waiting job holds an episode's
   * raw notes: past a few batches, this thread takes its share of them, which keeps
   * memory bounded whatever the feed's size. */
  while (g_async_queue_length (p->notes_queue) > MAX_WAITING_BATCHES)
    {
      GPtrArray *batch = g_async_queue_try_pop (p->notes_queue);

      if (batch == NULL)
        break;
      run_notes_batch (batch, p->base_url);
    }
}

/* Finishes every queued job, helping the worker, and joins it. After a failure the
 * items are going away: the jobs are dropped instead. */
void
lw_feed_parser_finish_notes_jobs (Parser   *p,
                                  gboolean  run)
{
  GPtrArray *batch;

  if (p->notes_batch != NULL)
    {
      batch = g_steal_pointer (&p->notes_batch);
      if (run)
        run_notes_batch (batch, p->base_url);
      else
        drop_notes_batch (batch);
    }

  if (p->notes_queue == NULL)
    return;

  while ((batch = g_async_queue_try_pop (p->notes_queue)) != NULL)
    {
      if (run)
        run_notes_batch (batch, p->base_url);
      else
        drop_notes_batch (batch);
    }

  g_async_queue_push (p->notes_queue, &stop_batch);
  g_thread_join (g_steal_pointer (&p->notes_thread));
  g_clear_pointer (&p->notes_queue, g_async_queue_unref);
}

/* Takes ownership of whichever scratch string @source is. */
static char *
steal_source (ItemScratch *s,
              const char  *source)
{
  char **fields[] = {
    &s->content_encoded, &s->atom_content, &s->description, &s->itunes_summary,
    &s->atom_summary, &s->itunes_subtitle,
  };

  if (source == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i] == source)
      return g_steal_pointer (fields[i]);

  return g_strdup (source);
}

void
lw_feed_parser_add_item (Parser *p)
{
  LwFeedItem *item = p->item;
  ItemScratch *s = &p->scratch;
  const char *notes_source;
  const char *summary_source;
  const LwEnclosure *main_enclosure;

  if (item == NULL)
    return;

  /* media:content only when there is no enclosure: many feeds repeat the enclosure
   * there, often as several renditions of the same episode. */
  if (item->enclosures->len == 0 && s->media_contents != NULL)
    g_ptr_array_extend_and_steal (item->enclosures, g_steal_pointer (&s->media_contents));

  set_first (&item->title, s->itunes_title);
  set_first (&item->image, s->itunes_image);
  set_first (&item->image, s->media_thumbnail);
  set_first (&item->author, s->dc_creator);
  set_first (&item->link, s->guid_link);

  if (item->published == LW_DATE_UNKNOWN)
    item->published = s->atom_updated;

  notes_source = first_of (s->content_encoded, s->atom_content, s->description, s->itunes_summary);
  if (notes_source == NULL)
    notes_source = s->atom_summary;
  summary_source = first_of (s->description, s->itunes_summary, s->atom_summary, s->itunes_subtitle);
  if (summary_source == NULL)
    summary_source = notes_source;

  main_enclosure = lw_feed_item_get_main_enclosure (item);

  /* A stable identity, so a refresh matches the same episode again. */
  set_first (&item->guid, s->atom_id);
  if (item->guid == NULL && main_enclosure != NULL)
    item->guid = g_strdup (main_enclosure->url);
  set_first (&item->guid, item->link);
  if (item->guid == NULL && item->title != NULL)
    {
      if (item->published != LW_DATE_UNKNOWN)
        item->guid = g_strdup_printf ("%s|%" G_GINT64_FORMAT, item->title, item->published);
      else
        item->guid = g_strdup (item->title);
    }
  if (item->guid == NULL)
    {
      /* Nothing else to go by: the content itself. */
      item->guid = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                  summary_source != NULL ? summary_source : "", -1);
    }

  if (item->title == NULL && main_enclosure != NULL)
    item->title = name_from_url (main_enclosure->url);

  g_ptr_array_add (p->item_is_live ? p->feed->live_items : p->feed->items, g_steal_pointer (&p->item));
  p->item_is_live = FALSE;

  if (notes_source != NULL || summary_source != NULL)
    {
      NotesJob *job = g_new0 (NotesJob, 1);

      job->item = item;
      job->notes = steal_source (s, notes_source);
      job->summary = summary_source == notes_source ? NULL : steal_source (s, summary_source);
      job->summary_is_notes = summary_source == notes_source;
      queue_notes_job (p, job);
    }

  lw_feed_parser_item_scratch_clear (s);
}

void
lw_feed_parser_finish_feed (Parser *p)
{
  LwFeed *feed = p->feed;
  const char *description;

  description = first_of (p->feed_description, p->feed_itunes_summary, p->feed_itunes_subtitle, NULL);
  if (description != NULL)
    {
      feed->description_html = lw_html_sanitise (description, p->base_url);
      feed->description = lw_html_to_text (description);
    }

  set_first (&feed->image, p->feed_itunes_image);
  set_first (&feed->image, p->feed_image_url);
  set_first (&feed->image, p->feed_atom_logo);
  set_first (&feed->image, p->feed_media_thumbnail);
  set_first (&feed->image, p->feed_atom_icon);

  set_first (&feed->author, p->feed_itunes_author);
  set_first (&feed->author, p->feed_dc_creator);
  set_first (&feed->author, p->feed_atom_author);
  set_first (&feed->author, p->feed_managing_editor);
  set_first (&feed->author, feed->owner_name);

  set_first (&feed->new_feed_url, p->feed_redirect);

  /* podcastparser's fallback: a show without a title is named after its URL. */
  if (feed->title == NULL)
    feed->title = name_from_url (p->base_url);
}

