/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-chapter"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-chapter-item-private.h"

struct _LwChapterItem
{
  GObject  parent_instance;

  gint64   start;
  gint64   end;
  char    *title;
  char    *url;
  char    *image_url;
};

G_DEFINE_FINAL_TYPE (LwChapterItem, lw_chapter_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_START,
  PROP_END,
  PROP_TITLE,
  PROP_URL,
  PROP_IMAGE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lw_chapter_item_finalize (GObject *object)
{
  LwChapterItem *self = (LwChapterItem *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->image_url, g_free);

  G_OBJECT_CLASS (lw_chapter_item_parent_class)->finalize (object);
}

static void
lw_chapter_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LwChapterItem *self = LW_CHAPTER_ITEM (object);

  switch (prop_id)
    {
    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;

    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_IMAGE_URL:
      g_value_set_string (value, self->image_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_chapter_item_class_init (LwChapterItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lw_chapter_item_finalize;
  object_class->get_property = lw_chapter_item_get_property;

  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IMAGE_URL] =
    g_param_spec_string ("image-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_chapter_item_init (LwChapterItem *self)
{
  self->end = -1;
}

/**
 * lw_chapter_item_new:
 * @start: where it starts, in milliseconds
 * @title: (nullable): its title; %NULL or empty gives “Chapter”
 * @url: (nullable): a link about it
 * @image_url: (nullable): its picture
 *
 * Returns: (transfer full): a new chapter
 */
LwChapterItem *
lw_chapter_item_new (gint64      start,
                     const char *title,
                     const char *url,
                     const char *image_url)
{
  LwChapterItem *self = g_object_new (LW_TYPE_CHAPTER_ITEM, NULL);

  self->start = MAX (start, 0);
  self->title = g_strdup (title != NULL && *title != '\0' ? title : _("Chapter"));
  self->url = url != NULL && *url != '\0' ? g_strdup (url) : NULL;
  self->image_url = image_url != NULL && *image_url != '\0' ? g_strdup (image_url) : NULL;

  return self;
}

void
lw_chapter_item_set_end (LwChapterItem *self,
                         gint64         end)
{
  g_return_if_fail (LW_IS_CHAPTER_ITEM (self));

  if (self->end == end)
    return;

  self->end = end;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
}

gboolean
lw_chapter_item_equal (LwChapterItem *a,
                       LwChapterItem *b)
{
  return a->start == b->start &&
         g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->url, b->url) == 0 &&
         g_strcmp0 (a->image_url, b->image_url) == 0;
}

gint64
lw_chapter_item_get_start (LwChapterItem *self)
{
  g_return_val_if_fail (LW_IS_CHAPTER_ITEM (self), 0);

  return self->start;
}

/**
 * lw_chapter_item_get_end:
 *
 * Returns: where the chapter ends in milliseconds (the next one's start, or the
 *   episode's end), -1 while unknown
 */
gint64
lw_chapter_item_get_end (LwChapterItem *self)
{
  g_return_val_if_fail (LW_IS_CHAPTER_ITEM (self), -1);

  return self->end;
}

const char *
lw_chapter_item_get_title (LwChapterItem *self)
{
  g_return_val_if_fail (LW_IS_CHAPTER_ITEM (self), NULL);

  return self->title;
}

const char *
lw_chapter_item_get_url (LwChapterItem *self)
{
  g_return_val_if_fail (LW_IS_CHAPTER_ITEM (self), NULL);

  return self->url;
}

const char *
lw_chapter_item_get_image_url (LwChapterItem *self)
{
  g_return_val_if_fail (LW_IS_CHAPTER_ITEM (self), NULL);

  return self->image_url;
}
