/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-date.h"
#include "lw-feed-parser-private.h"
#include "lw-html.h"

/* Atom 1.0 (and 0.3's names for the same things), in Atom feeds and as atom:
 * elements inside RSS. */

static void
start_atom_link (Parser *p,
                 Elem    parent)
{
  g_autofree char *rel = lw_feed_parser_get_attr (p, "rel");
  g_autofree char *href = NULL;
  gboolean in_item = is_item_elem (parent);

  if (rel == NULL || g_str_equal (rel, "alternate"))
    {
      /* An RSS feed's atom:link is usually rel="self"; an alternate one only counts in
       * Atom, where it is the only link. */
      if (p->kind != KIND_ATOM)
        return;
      href = lw_feed_parser_get_url_attr (p, "href");
      if (href == NULL)
        return;
      if (in_item)
        set_first (&p->item->link, href);
      else
        set_first (&p->feed->link, href);
    }
  else if (g_str_equal (rel, "enclosure") && in_item)
    {
      LwEnclosure *enclosure = lw_feed_parser_enclosure_from_attrs (p, "href", "length");

      if (enclosure != NULL)
        g_ptr_array_add (p->item->enclosures, enclosure);
    }
  else if (g_str_equal (rel, "payment"))
    {
      LwFunding *funding;

      href = lw_feed_parser_get_url_attr (p, "href");
      if (href == NULL)
        return;
      funding = lw_funding_new ();
      funding->url = g_steal_pointer (&href);
      funding->title = lw_feed_parser_get_attr (p, "title");
      g_ptr_array_add (in_item ? p->item->funding : p->feed->funding, funding);
    }
}

void
lw_feed_parser_atom_start (Parser *p,
                           Elem    elem,
                           Elem    parent)
{
  switch (elem)
    {
    case EL_ATOM_LINK:
      start_atom_link (p, parent);
      break;

    case EL_ATOM_TITLE:
    case EL_ATOM_SUBTITLE:
    case EL_ATOM_SUMMARY:
    case EL_ATOM_CONTENT:
      {
        g_autofree char *type = lw_feed_parser_get_attr (p, "type");
        Frame *frame = top_frame (p);

        if (type == NULL || g_str_equal (type, "text") || g_str_equal (type, "text/plain"))
          frame->atom_type = 0;
        else if (g_str_equal (type, "xhtml") || g_str_equal (type, "application/xhtml+xml"))
          frame->atom_type = 2;
        else
          frame->atom_type = 1;
        /* Atom's content can also be a media reference (src): not show notes. */
        if (elem == EL_ATOM_CONTENT && type != NULL && strchr (type, '/') != NULL
            && !g_str_has_prefix (type, "text/") && !g_str_has_suffix (type, "xml"))
          frame->collect = FALSE;
        if (frame->atom_type == 0 || elem == EL_ATOM_TITLE)
          frame->markup = FALSE;
      }
      break;

    case EL_ATOM_AUTHOR:
      g_clear_pointer (&p->author_name, g_free);
      break;

    default:
      break;
    }
}

/* Plain text to HTML for the sanitiser: Atom type="text" and friends. */
static char *
text_to_html (const char *text)
{
  return g_markup_escape_text (text, -1);
}

/* A text construct becomes what the other formats hold: plain text turns into
 * show-note HTML, an HTML title into text. Returns where the (new) text is. */
static char *
text_construct (Parser      *p,
                const Frame *frame,
                char        *text)
{
  if (frame->atom_type == 0 && (frame->elem == EL_ATOM_SUMMARY || frame->elem == EL_ATOM_CONTENT
                                || frame->elem == EL_ATOM_SUBTITLE) && text[0] != '\0')
    {
      /* Plain text: keep its line breaks when it becomes show notes. */
      g_autofree char *html = text_to_html (text);
      g_autofree char *as_html = NULL;

      if (strchr (html, '\n') != NULL)
        {
          GString *s = g_string_new ("<p>");

          for (const char *c = html; *c; c++)
            {
              if (*c == '\n' && c[1] == '\n')
                {
                  g_string_append (s, "</p><p>");
                  while (c[1] == '\n')
                    c++;
                }
              else if (*c == '\n')
                g_string_append (s, "<br/>");
              else
                g_string_append_c (s, *c);
            }
          g_string_append (s, "</p>");
          as_html = g_string_free (s, FALSE);
        }

      g_string_truncate (p->text, frame->text_start);
      g_string_append (p->text, as_html != NULL ? as_html : html);
      text = p->text->str + frame->text_start;
    }
  else if (frame->atom_type == 1 && frame->elem == EL_ATOM_TITLE && strpbrk (text, "<&") != NULL)
    {
      g_autofree char *plain = lw_html_to_text (text);

      g_string_truncate (p->text, frame->text_start);
      g_string_append (p->text, plain);
      text = p->text->str + frame->text_start;
    }

  return text;
}

void
lw_feed_parser_atom_end (Parser      *p,
                         const Frame *frame,
                         Elem         parent,
                         gboolean     in_item,
                         char        *text)
{
  text = text_construct (p, frame, text);

  switch (frame->elem)
    {
    case EL_ATOM_TITLE:
      lw_feed_parser_set_title (p, parent, in_item, text);
      break;

    case EL_ATOM_SUBTITLE:
      if (!in_item)
        set_first (&p->feed_description, text);
      break;

    case EL_ATOM_SUMMARY:
      if (in_item)
        set_first (&p->scratch.atom_summary, text);
      break;

    case EL_ATOM_CONTENT:
      if (in_item && frame->collect)
        set_first (&p->scratch.atom_content, text);
      break;

    case EL_ATOM_PUBLISHED:
      lw_feed_parser_set_published (p, in_item, text);
      break;

    case EL_ATOM_UPDATED:
      if (in_item && p->scratch.atom_updated == LW_DATE_UNKNOWN)
        p->scratch.atom_updated = lw_date_parse (text);
      break;

    case EL_ATOM_ID:
      /* A feed's Atom id is a URI, not a podcast:guid: only entries use theirs. */
      if (in_item)
        set_first (&p->scratch.atom_id, text);
      break;

    case EL_ATOM_NAME:
      set_first (&p->author_name, text);
      break;

    case EL_ATOM_EMAIL:
      break;

    case EL_ATOM_AUTHOR:
      if (p->author_name != NULL)
        {
          if (in_item)
            set_first (&p->scratch.dc_creator, p->author_name);
          else
            set_first (&p->feed_atom_author, p->author_name);
        }
      g_clear_pointer (&p->author_name, g_free);
      break;

    case EL_ATOM_LOGO:
      {
        g_autofree char *url = lw_feed_parser_resolve_url (p, text);

        set_first (&p->feed_atom_logo, url);
      }
      break;

    case EL_ATOM_ICON:
      {
        g_autofree char *url = lw_feed_parser_resolve_url (p, text);

        set_first (&p->feed_atom_icon, url);
      }
      break;

    default:
      break;
    }
}
