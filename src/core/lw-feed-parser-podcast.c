/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-date.h"
#include "lw-feed-parser-private.h"

/* The Podcasting 2.0 namespace (podcast:) and Podlove Simple Chapters (psc:). */

/* Podlove "normal play time": "01:02:03.500", "62:03", "3723.5". */
static double
parse_npt (const char *text)
{
  double parts[3] = { 0 };
  int n = 0;
  const char *p = text;

  if (text == NULL)
    return -1;

  while (g_ascii_isspace (*p))
    p++;

  while (n < 3)
    {
      char *end;
      double value;

      if (!g_ascii_isdigit (*p))
        return -1;
      value = g_ascii_strtod (p, &end);
      if (end == p || value < 0)
        return -1;
      parts[n++] = value;
      p = end;
      if (*p != ':')
        break;
      p++;
    }

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return -1;

  {
    double seconds = 0;

    for (int i = 0; i < n; i++)
      seconds = seconds * 60 + parts[i];
    return seconds;
  }
}

static char *
lowercase_or (const char *text,
              const char *fallback)
{
  if (text == NULL || text[0] == '\0')
    return g_strdup (fallback);
  return g_ascii_strdown (text, -1);
}

void
lw_feed_parser_podcast_start (Parser *p,
                              Elem    elem)
{
  switch (elem)
    {
    case EL_PSC_CHAPTER:
      {
        g_autofree char *start = lw_feed_parser_get_attr (p, "start");
        double seconds = parse_npt (start);
        LwChapter *chapter;

        if (seconds < 0 || p->item == NULL)
          break;
        chapter = lw_chapter_new ();
        chapter->start = seconds;
        chapter->title = lw_feed_parser_get_attr (p, "title");
        chapter->url = lw_feed_parser_get_url_attr (p, "href");
        chapter->image = lw_feed_parser_get_url_attr (p, "image");
        g_ptr_array_add (p->item->chapters, chapter);
      }
      break;

    case EL_PODCAST_CHAPTERS:
      {
        g_autofree char *url = lw_feed_parser_get_url_attr (p, "url");

        if (url != NULL && p->item->chapters_url == NULL)
          {
            p->item->chapters_url = g_steal_pointer (&url);
            p->item->chapters_type = lw_feed_parser_get_attr (p, "type");
          }
      }
      break;

    case EL_PODCAST_TRANSCRIPT:
      {
        g_autofree char *url = lw_feed_parser_get_url_attr (p, "url");
        LwTranscript *transcript;

        if (url == NULL)
          break;
        transcript = lw_transcript_new ();
        transcript->url = g_steal_pointer (&url);
        transcript->type = lw_feed_parser_get_attr (p, "type");
        transcript->language = lw_feed_parser_get_attr (p, "language");
        transcript->rel = lw_feed_parser_get_attr (p, "rel");
        g_ptr_array_add (p->item->transcripts, transcript);
      }
      break;

    case EL_PODCAST_FUNDING:
      g_clear_pointer (&p->funding, lw_funding_free);
      p->funding = lw_funding_new ();
      p->funding->url = lw_feed_parser_get_url_attr (p, "url");
      break;

    case EL_PODCAST_PERSON:
      {
        g_autofree char *role = lw_feed_parser_get_attr (p, "role");
        g_autofree char *group = lw_feed_parser_get_attr (p, "group");

        g_clear_pointer (&p->person, lw_person_free);
        p->person = lw_person_new ();
        p->person->role = lowercase_or (role, "host");
        p->person->group = lowercase_or (group, "cast");
        p->person->href = lw_feed_parser_get_url_attr (p, "href");
        p->person->img = lw_feed_parser_get_url_attr (p, "img");
      }
      break;

    case EL_PODCAST_SOUNDBITE:
      {
        g_autofree char *start = lw_feed_parser_get_attr (p, "startTime");
        g_autofree char *duration = lw_feed_parser_get_attr (p, "duration");

        g_clear_pointer (&p->soundbite, lw_soundbite_free);
        if (start == NULL || duration == NULL)
          break;
        p->soundbite = lw_soundbite_new ();
        p->soundbite->start = MAX (0, g_ascii_strtod (start, NULL));
        p->soundbite->duration = MAX (0, g_ascii_strtod (duration, NULL));
      }
      break;

    case EL_PODCAST_ALTERNATE_ENCLOSURE:
      {
        g_autofree char *length = lw_feed_parser_get_attr (p, "length");
        g_autofree char *bitrate = lw_feed_parser_get_attr (p, "bitrate");
        g_autofree char *is_default = lw_feed_parser_get_attr (p, "default");

        g_clear_pointer (&p->alternate, lw_alternate_enclosure_free);
        p->alternate = lw_alternate_enclosure_new ();
        p->alternate->type = lw_feed_parser_get_attr (p, "type");
        p->alternate->title = lw_feed_parser_get_attr (p, "title");
        p->alternate->length = lw_feed_parser_parse_int64 (length);
        if (bitrate != NULL)
          p->alternate->bitrate = (gint64) g_ascii_strtod (bitrate, NULL);
        p->alternate->is_default = lw_feed_parser_parse_bool (is_default) == 1;
      }
      break;

    case EL_PODCAST_SOURCE:
      {
        g_autofree char *uri_attr = lw_feed_parser_get_url_attr (p, "uri");

        if (uri_attr != NULL && p->alternate != NULL)
          g_ptr_array_add (p->alternate->sources, g_steal_pointer (&uri_attr));
      }
      break;

    case EL_PODCAST_LIVE_ITEM:
      {
        g_autofree char *status = lw_feed_parser_get_attr (p, "status");
        g_autofree char *start = lw_feed_parser_get_attr (p, "start");
        g_autofree char *end = lw_feed_parser_get_attr (p, "end");

        if (status != NULL)
          p->item->live_status = g_ascii_strdown (status, -1);
        if (start != NULL)
          p->item->live_start = lw_date_parse (start);
        if (end != NULL)
          p->item->live_end = lw_date_parse (end);
      }
      break;

    case EL_PODCAST_VALUE:
      g_clear_pointer (&p->value, lw_value_free);
      p->value = lw_value_new ();
      p->value->type = lw_feed_parser_get_attr (p, "type");
      p->value->method = lw_feed_parser_get_attr (p, "method");
      p->value->suggested = lw_feed_parser_get_attr (p, "suggested");
      break;

    case EL_PODCAST_VALUE_RECIPIENT:
      {
        g_autofree char *split = lw_feed_parser_get_attr (p, "split");
        g_autofree char *fee = lw_feed_parser_get_attr (p, "fee");
        LwValueRecipient *recipient;

        if (p->value == NULL)
          break;
        recipient = lw_value_recipient_new ();
        recipient->name = lw_feed_parser_get_attr (p, "name");
        recipient->type = lw_feed_parser_get_attr (p, "type");
        recipient->address = lw_feed_parser_get_attr (p, "address");
        recipient->split = lw_feed_parser_parse_int64 (split);
        recipient->fee = lw_feed_parser_parse_bool (fee) == 1;
        recipient->custom_key = lw_feed_parser_get_attr (p, "customKey");
        recipient->custom_value = lw_feed_parser_get_attr (p, "customValue");
        /* Nowhere to send anything without an address. */
        if (recipient->address == NULL)
          lw_value_recipient_free (recipient);
        else
          g_ptr_array_add (p->value->recipients, recipient);
      }
      break;

    case EL_PODCAST_REMOTE_ITEM:
      {
        LwRemoteItem *remote = lw_remote_item_new ();

        remote->feed_guid = lw_feed_parser_get_attr (p, "feedGuid");
        remote->feed_url = lw_feed_parser_get_url_attr (p, "feedUrl");
        remote->title = lw_feed_parser_get_attr (p, "title");
        if (remote->feed_guid == NULL && remote->feed_url == NULL)
          lw_remote_item_free (remote);
        else
          g_ptr_array_add (p->feed->podroll, remote);
      }
      break;

    default:
      break;
    }
}

void
lw_feed_parser_podcast_end (Parser     *p,
                            Elem        elem,
                            gboolean    in_item,
                            const char *text)
{
  switch (elem)
    {
    /* itunes:season and itunes:episode (lw-feed-parser-rss.c) win over these. */
    case EL_PODCAST_SEASON:
      if (p->item->season == LW_UNKNOWN)
        p->item->season = lw_feed_parser_parse_count (text);
      break;

    case EL_PODCAST_EPISODE:
      if (p->item->episode == LW_UNKNOWN)
        {
          /* podcast:episode may be a decimal ("12.5"); the integer part numbers it. */
          double value = g_ascii_strtod (text, NULL);

          if (value >= 1 && value < G_MAXINT)
            p->item->episode = (int) value;
        }
      break;

    case EL_PODCAST_GUID:
      set_first (&p->feed->podcast_guid, text);
      break;

    case EL_PODCAST_LOCKED:
      if (p->feed->locked < 0)
        p->feed->locked = lw_feed_parser_parse_bool (text);
      break;

    case EL_PODCAST_FUNDING:
      if (p->funding != NULL && p->funding->url != NULL)
        {
          set_str (&p->funding->title, text[0] != '\0' ? text : NULL);
          g_ptr_array_add (in_item ? p->item->funding : p->feed->funding, g_steal_pointer (&p->funding));
        }
      g_clear_pointer (&p->funding, lw_funding_free);
      break;

    case EL_PODCAST_PERSON:
      if (p->person != NULL && text[0] != '\0')
        {
          set_str (&p->person->name, text);
          g_ptr_array_add (in_item ? p->item->persons : p->feed->persons, g_steal_pointer (&p->person));
        }
      g_clear_pointer (&p->person, lw_person_free);
      break;

    case EL_PODCAST_SOUNDBITE:
      if (p->soundbite != NULL && p->item != NULL)
        {
          set_str (&p->soundbite->title, text[0] != '\0' ? text : NULL);
          g_ptr_array_add (p->item->soundbites, g_steal_pointer (&p->soundbite));
        }
      g_clear_pointer (&p->soundbite, lw_soundbite_free);
      break;

    case EL_PODCAST_VALUE:
      if (p->value != NULL && (p->value->type != NULL || p->value->recipients->len > 0))
        g_ptr_array_add (in_item ? p->item->value : p->feed->value, g_steal_pointer (&p->value));
      g_clear_pointer (&p->value, lw_value_free);
      break;

    case EL_PODCAST_ALTERNATE_ENCLOSURE:
      if (p->alternate != NULL && p->alternate->sources->len > 0)
        g_ptr_array_add (p->item->alternate_enclosures, g_steal_pointer (&p->alternate));
      g_clear_pointer (&p->alternate, lw_alternate_enclosure_free);
      break;

    default:
      break;
    }
}
