/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "lw-date.h"
#include "lw-feed-parser-private.h"

/* RSS 0.9x, 1.0 and 2.0 with the modules podcasts use: iTunes (and Google Play, read
 * as iTunes), content:encoded, Dublin Core and Media RSS. */

void
lw_feed_parser_rss_start (Parser   *p,
                          Elem      elem,
                          Elem      parent,
                          gboolean  in_item)
{
  switch (elem)
    {
    case EL_GUID:
      {
        g_autofree char *permalink = lw_feed_parser_get_attr (p, "isPermaLink");

        p->scratch.guid_is_permalink = lw_feed_parser_parse_bool (permalink);
      }
      break;

    case EL_ENCLOSURE:
      {
        LwEnclosure *enclosure = lw_feed_parser_enclosure_from_attrs (p, "url", "length");

        if (enclosure != NULL)
          g_ptr_array_add (p->item->enclosures, enclosure);
      }
      break;

    case EL_ITUNES_IMAGE:
      {
        g_autofree char *href = lw_feed_parser_get_url_attr (p, "href");

        if (href == NULL)
          break;
        if (in_item)
          set_first (&p->scratch.itunes_image, href);
        else
          set_first (&p->feed_itunes_image, href);
      }
      break;

    case EL_ITUNES_CATEGORY:
      {
        g_autofree char *text = lw_feed_parser_get_attr (p, "text");

        if (parent != EL_ITUNES_CATEGORY)
          g_ptr_array_set_size (p->category_path, 0);
        g_ptr_array_add (p->category_path, g_strdup (text != NULL ? text : ""));

        /* Nested categories become "Parent/Child"; the parent is listed on its own too. */
        if (text != NULL)
          {
            GString *joined = g_string_new (NULL);

            for (guint i = 0; i < p->category_path->len; i++)
              {
                const char *part = g_ptr_array_index (p->category_path, i);

                if (part[0] == '\0')
                  continue;
                if (joined->len > 0)
                  g_string_append_c (joined, '/');
                g_string_append (joined, part);
              }
            /* Feeds repeat categories; list each once. */
            if (joined->len == 0
                || g_ptr_array_find_with_equal_func (p->feed->categories, joined->str, g_str_equal, NULL))
              g_string_free (joined, TRUE);
            else
              g_ptr_array_add (p->feed->categories, g_string_free (joined, FALSE));
          }
      }
      break;

    case EL_MEDIA_CONTENT:
      {
        gboolean item_level = in_item || (parent == EL_MEDIA_GROUP && p->item != NULL);
        LwEnclosure *enclosure;
        g_autofree char *medium = NULL;

        if (!item_level)
          break;
        enclosure = lw_feed_parser_enclosure_from_attrs (p, "url", "fileSize");
        if (enclosure == NULL)
          break;
        medium = lw_feed_parser_get_attr (p, "medium");
        /* AntennaPod reads medium="video" without a type; so do we. */
        if (enclosure->type == NULL && medium != NULL
            && (g_str_equal (medium, "audio") || g_str_equal (medium, "video")))
          {
            g_autofree char *guess = g_content_type_guess (enclosure->url, NULL, 0, NULL);
            g_autofree char *mime = guess != NULL ? g_content_type_get_mime_type (guess) : NULL;

            if (mime != NULL && g_str_has_prefix (mime, medium))
              enclosure->type = g_steal_pointer (&mime);
            else
              enclosure->type = g_strdup_printf ("%s/*", medium);
          }
        if (p->scratch.media_contents == NULL)
          p->scratch.media_contents = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_enclosure_free);
        g_ptr_array_add (p->scratch.media_contents, enclosure);
      }
      break;

    case EL_MEDIA_THUMBNAIL:
      {
        g_autofree char *url = lw_feed_parser_get_url_attr (p, "url");

        if (url == NULL)
          break;
        if (p->item != NULL && (in_item || parent == EL_MEDIA_GROUP))
          set_first (&p->scratch.media_thumbnail, url);
        else if (p->item == NULL)
          set_first (&p->feed_media_thumbnail, url);
      }
      break;

    default:
      break;
    }
}

void
lw_feed_parser_rss_end (Parser     *p,
                        Elem        elem,
                        Elem        parent,
                        gboolean    in_item,
                        const char *text)
{
  switch (elem)
    {
    case EL_TITLE:
      lw_feed_parser_set_title (p, parent, in_item, text);
      break;

    case EL_LINK:
      {
        g_autofree char *url = lw_feed_parser_resolve_url (p, text);

        if (in_item)
          set_first (&p->item->link, url);
        else if (parent == EL_CHANNEL || parent == EL_RSS)
          set_first (&p->feed->link, url);
      }
      break;

    case EL_URL:
      if (p->item == NULL)
        {
          g_autofree char *url = lw_feed_parser_resolve_url (p, text);

          set_first (&p->feed_image_url, url);
        }
      break;

    case EL_DESCRIPTION:
      if (in_item)
        set_first (&p->scratch.description, text);
      else
        set_first (&p->feed_description, text);
      break;

    case EL_CONTENT_ENCODED:
      set_first (&p->scratch.content_encoded, text);
      break;

    case EL_ITUNES_SUMMARY:
      if (in_item)
        set_first (&p->scratch.itunes_summary, text);
      else
        set_first (&p->feed_itunes_summary, text);
      break;

    case EL_ITUNES_SUBTITLE:
      if (in_item)
        set_first (&p->scratch.itunes_subtitle, text);
      else
        set_first (&p->feed_itunes_subtitle, text);
      break;

    case EL_ITUNES_TITLE:
      set_first (&p->scratch.itunes_title, text);
      break;

    case EL_PUBDATE:
    case EL_DC_DATE:
      lw_feed_parser_set_published (p, in_item, text);
      break;

    case EL_GUID:
      set_first (&p->item->guid, text);
      /* A permalink guid is the episode's page when there is no <link>: always when the
       * feed says so (relative ones resolve), and by RSS's default when it is a URL. */
      if (p->item->link == NULL && p->scratch.guid_link == NULL && text[0] != '\0'
          && p->scratch.guid_is_permalink != 0
          && (p->scratch.guid_is_permalink == 1
              || g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://")))
        p->scratch.guid_link = lw_feed_parser_resolve_url (p, text);
      break;

    case EL_LANGUAGE:
    case EL_DC_LANGUAGE:
      set_first (&p->feed->language, text);
      break;

    case EL_AUTHOR:
    case EL_DC_CREATOR:
      if (in_item)
        set_first (&p->scratch.dc_creator, text);
      else
        set_first (&p->feed_dc_creator, text);
      break;

    case EL_MANAGING_EDITOR:
      set_first (&p->feed_managing_editor, text);
      break;

    case EL_ITUNES_AUTHOR:
      if (in_item)
        set_first (&p->item->author, text);
      else
        set_first (&p->feed_itunes_author, text);
      break;

    case EL_ITUNES_IMAGE:
      if (text[0] != '\0')
        {
          g_autofree char *url = lw_feed_parser_resolve_url (p, text);

          if (in_item)
            set_first (&p->scratch.itunes_image, url);
          else if (p->item == NULL)
            set_first (&p->feed_itunes_image, url);
        }
      break;

    case EL_ITUNES_NAME:
      set_first (&p->feed->owner_name, text);
      break;

    case EL_ITUNES_EMAIL:
      set_first (&p->feed->owner_email, text);
      break;

    case EL_ITUNES_CATEGORY:
      if (p->category_path->len > 0)
        g_ptr_array_set_size (p->category_path, p->category_path->len - 1);
      break;

    case EL_ITUNES_EXPLICIT:
      if (in_item)
        {
          if (p->item->explicit_ < 0)
            p->item->explicit_ = lw_feed_parser_parse_bool (text);
        }
      else if (p->feed->explicit_ < 0)
        p->feed->explicit_ = lw_feed_parser_parse_bool (text);
      break;

    case EL_ITUNES_TYPE:
      if (p->feed->type == NULL
          && (g_ascii_strcasecmp (text, "episodic") == 0 || g_ascii_strcasecmp (text, "serial") == 0))
        p->feed->type = g_ascii_strdown (text, -1);
      break;

    case EL_ITUNES_NEW_FEED_URL:
      {
        g_autofree char *url = lw_feed_parser_resolve_url (p, text);

        set_first (&p->feed->new_feed_url, url);
      }
      break;

    case EL_NEW_LOCATION:
      {
        g_autofree char *url = lw_feed_parser_resolve_url (p, text);

        set_first (&p->feed_redirect, url);
      }
      break;

    case EL_ITUNES_DURATION:
      if (p->item->duration == LW_UNKNOWN)
        p->item->duration = lw_duration_parse (text);
      break;

    case EL_ITUNES_SEASON:
      p->item->season = lw_feed_parser_parse_count (text);
      break;

    case EL_ITUNES_EPISODE:
      p->item->episode = lw_feed_parser_parse_count (text);
      break;

    case EL_ITUNES_EPISODE_TYPE:
      if (p->item->episode_type == NULL
          && (g_ascii_strcasecmp (text, "full") == 0 || g_ascii_strcasecmp (text, "trailer") == 0
              || g_ascii_strcasecmp (text, "bonus") == 0))
        p->item->episode_type = g_ascii_strdown (text, -1);
      break;

    default:
      break;
    }
}
