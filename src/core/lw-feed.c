/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed"

#include "config.h"

#include "lw-feed.h"

static GPtrArray *
new_array (GDestroyNotify free_func)
{
  return g_ptr_array_new_with_free_func (free_func);
}

LwFeed *
lw_feed_new (void)
{
  LwFeed *feed = g_new0 (LwFeed, 1);

  feed->explicit_ = -1;
  feed->locked = -1;
  feed->categories = new_array (g_free);
  feed->funding = new_array ((GDestroyNotify) lw_funding_free);
  feed->podroll = new_array ((GDestroyNotify) lw_remote_item_free);
  feed->persons = new_array ((GDestroyNotify) lw_person_free);
  feed->items = new_array ((GDestroyNotify) lw_feed_item_free);
  feed->value = new_array ((GDestroyNotify) lw_value_free);
  feed->live_items = new_array ((GDestroyNotify) lw_feed_item_free);

  return feed;
}

void
lw_feed_free (LwFeed *feed)
{
  if (feed == NULL)
    return;

  g_free (feed->title);
  g_free (feed->link);
  g_free (feed->description);
  g_free (feed->description_html);
  g_free (feed->author);
  g_free (feed->owner_name);
  g_free (feed->owner_email);
  g_free (feed->image);
  g_free (feed->language);
  g_ptr_array_unref (feed->categories);
  g_free (feed->type);
  g_free (feed->new_feed_url);
  g_free (feed->podcast_guid);
  g_ptr_array_unref (feed->funding);
  g_ptr_array_unref (feed->podroll);
  g_ptr_array_unref (feed->persons);
  g_ptr_array_unref (feed->items);
  g_ptr_array_unref (feed->value);
  g_ptr_array_unref (feed->live_items);
  g_free (feed);
}

LwFeedItem *
lw_feed_item_new (void)
{
  LwFeedItem *item = g_new0 (LwFeedItem, 1);

  item->published = LW_DATE_UNKNOWN;
  item->duration = LW_UNKNOWN;
  item->season = LW_UNKNOWN;
  item->episode = LW_UNKNOWN;
  item->explicit_ = -1;
  item->enclosures = new_array ((GDestroyNotify) lw_enclosure_free);
  item->chapters = new_array ((GDestroyNotify) lw_chapter_free);
  item->transcripts = new_array ((GDestroyNotify) lw_transcript_free);
  item->persons = new_array ((GDestroyNotify) lw_person_free);
  item->funding = new_array ((GDestroyNotify) lw_funding_free);
  item->alternate_enclosures = new_array ((GDestroyNotify) lw_alternate_enclosure_free);
  item->soundbites = new_array ((GDestroyNotify) lw_soundbite_free);
  item->value = new_array ((GDestroyNotify) lw_value_free);
  item->live_start = LW_DATE_UNKNOWN;
  item->live_end = LW_DATE_UNKNOWN;

  return item;
}

void
lw_feed_item_free (LwFeedItem *item)
{
  if (item == NULL)
    return;

  g_free (item->guid);
  g_free (item->title);
  g_free (item->link);
  g_free (item->summary);
  g_free (item->notes_html);
  g_ptr_array_unref (item->enclosures);
  g_free (item->image);
  g_free (item->episode_type);
  g_free (item->author);
  g_ptr_array_unref (item->chapters);
  g_free (item->chapters_url);
  g_free (item->chapters_type);
  g_ptr_array_unref (item->transcripts);
  g_ptr_array_unref (item->persons);
  g_ptr_array_unref (item->funding);
  g_ptr_array_unref (item->alternate_enclosures);
  g_ptr_array_unref (item->soundbites);
  g_ptr_array_unref (item->value);
  g_free (item->live_status);
  g_free (item);
}

LwEnclosure *
lw_enclosure_new (void)
{
  LwEnclosure *enclosure = g_new0 (LwEnclosure, 1);

  enclosure->length = LW_UNKNOWN;

  return enclosure;
}

void
lw_enclosure_free (LwEnclosure *enclosure)
{
  if (enclosure == NULL)
    return;

  g_free (enclosure->url);
  g_free (enclosure->type);
  g_free (enclosure);
}

LwChapter *
lw_chapter_new (void)
{
  return g_new0 (LwChapter, 1);
}

void
lw_chapter_free (LwChapter *chapter)
{
  if (chapter == NULL)
    return;

  g_free (chapter->title);
  g_free (chapter->url);
  g_free (chapter->image);
  g_free (chapter);
}

LwTranscript *
lw_transcript_new (void)
{
  return g_new0 (LwTranscript, 1);
}

void
lw_transcript_free (LwTranscript *transcript)
{
  if (transcript == NULL)
    return;

  g_free (transcript->url);
  g_free (transcript->type);
  g_free (transcript->language);
  g_free (transcript->rel);
  g_free (transcript);
}

LwPerson *
lw_person_new (void)
{
  return g_new0 (LwPerson, 1);
}

void
lw_person_free (LwPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->name);
  g_free (person->role);
  g_free (person->group);
  g_free (person->href);
  g_free (person->img);
  g_free (person);
}

LwFunding *
lw_funding_new (void)
{
  return g_new0 (LwFunding, 1);
}

void
lw_funding_free (LwFunding *funding)
{
  if (funding == NULL)
    return;

  g_free (funding->url);
  g_free (funding->title);
  g_free (funding);
}

LwRemoteItem *
lw_remote_item_new (void)
{
  return g_new0 (LwRemoteItem, 1);
}

void
lw_remote_item_free (LwRemoteItem *item)
{
  if (item == NULL)
    return;

  g_free (item->feed_guid);
  g_free (item->feed_url);
  g_free (item->title);
  g_free (item);
}

LwAlternateEnclosure *
lw_alternate_enclosure_new (void)
{
  LwAlternateEnclosure *enclosure = g_new0 (LwAlternateEnclosure, 1);

  enclosure->length = LW_UNKNOWN;
  enclosure->bitrate = LW_UNKNOWN;
  enclosure->sources = new_array (g_free);

  return enclosure;
}

void
lw_alternate_enclosure_free (LwAlternateEnclosure *enclosure)
{
  if (enclosure == NULL)
    return;

  g_free (enclosure->type);
  g_free (enclosure->title);
  g_ptr_array_unref (enclosure->sources);
  g_free (enclosure);
}

LwSoundbite *
lw_soundbite_new (void)
{
  return g_new0 (LwSoundbite, 1);
}

void
lw_soundbite_free (LwSoundbite *soundbite)
{
  if (soundbite == NULL)
    return;

  g_free (soundbite->title);
  g_free (soundbite);
}

LwValue *
lw_value_new (void)
{
  LwValue *value = g_new0 (LwValue, 1);

  value->recipients = new_array ((GDestroyNotify) lw_value_recipient_free);
  return value;
}

void
lw_value_free (LwValue *value)
{
  if (value == NULL)
    return;

  g_free (value->type);
  g_free (value->method);
  g_free (value->suggested);
  g_ptr_array_unref (value->recipients);
  g_free (value);
}

LwValueRecipient *
lw_value_recipient_new (void)
{
  LwValueRecipient *recipient = g_new0 (LwValueRecipient, 1);

  recipient->split = LW_UNKNOWN;
  return recipient;
}

void
lw_value_recipient_free (LwValueRecipient *recipient)
{
  if (recipient == NULL)
    return;

  g_free (recipient->name);
  g_free (recipient->type);
  g_free (recipient->address);
  g_free (recipient->custom_key);
  g_free (recipient->custom_value);
  g_free (recipient);
}

/**
 * lw_feed_item_get_main_enclosure:
 * @item: an item
 *
 * Returns: (transfer none) (nullable): the first enclosure with an audio type, else the
 *   first enclosure, else %NULL
 */
const LwEnclosure *
lw_feed_item_get_main_enclosure (const LwFeedItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);

  for (guint i = 0; i < item->enclosures->len; i++)
    {
      const LwEnclosure *enclosure = g_ptr_array_index (item->enclosures, i);

      if (enclosure->type != NULL && g_str_has_prefix (enclosure->type, "audio/"))
        return enclosure;
    }

  return item->enclosures->len > 0 ? g_ptr_array_index (item->enclosures, 0) : NULL;
}
