/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-directory-result"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-directory-result.h"

struct _LwDirectoryResult
{
  GObject  parent_instance;

  char    *feed_url;
  char    *title;
  char    *author;
  char    *artwork_url;
  char    *genre;
  char    *provider;
  int      episode_count;
};

G_DEFINE_FINAL_TYPE (LwDirectoryResult, lw_directory_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FEED_URL,
  PROP_TITLE,
  PROP_AUTHOR,
  PROP_ARTWORK_URL,
  PROP_GENRE,
  PROP_EPISODE_COUNT,
  PROP_PROVIDER,
  PROP_PROVIDER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
lw_directory_provider_get_name (const char *provider)
{
  g_return_val_if_fail (provider != NULL, NULL);

  if (g_str_equal (provider, LW_DIRECTORY_PROVIDER_APPLE))
    return _("Apple Podcasts");
  if (g_str_equal (provider, LW_DIRECTORY_PROVIDER_FYYD))
    /* The directory's own name, written in lower case: https://fyyd.de */
    return _("fyyd");

  return provider;
}

static void
lw_directory_result_finalize (GObject *object)
{
  LwDirectoryResult *self = LW_DIRECTORY_RESULT (object);

  g_clear_pointer (&self->feed_url, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->artwork_url, g_free);
  g_clear_pointer (&self->genre, g_free);
  g_clear_pointer (&self->provider, g_free);

  G_OBJECT_CLASS (lw_directory_result_parent_class)->finalize (object);
}

static void
lw_directory_result_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LwDirectoryResult *self = LW_DIRECTORY_RESULT (object);

  switch (prop_id)
    {
    case PROP_FEED_URL:
      g_value_set_string (value, self->feed_url);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;

    case PROP_ARTWORK_URL:
      g_value_set_string (value, self->artwork_url);
      break;

    case PROP_GENRE:
      g_value_set_string (value, self->genre);
      break;

    case PROP_EPISODE_COUNT:
      g_value_set_int (value, self->episode_count);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;

    case PROP_PROVIDER_NAME:
      g_value_set_string (value, lw_directory_result_get_provider_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Empty strings from a directory mean "not given": store NULL, so the UI has one case. */
static char *
dup_nonempty (const GValue *value)
{
  const char *text = g_value_get_string (value);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
lw_directory_result_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LwDirectoryResult *self = LW_DIRECTORY_RESULT (object);

  switch (prop_id)
    {
    case PROP_FEED_URL:
      self->feed_url = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_AUTHOR:
      self->author = g_value_dup_string (value);
      break;

    case PROP_ARTWORK_URL:
      self->artwork_url = dup_nonempty (value);
      break;

    case PROP_GENRE:
      self->genre = dup_nonempty (value);
      break;

    case PROP_EPISODE_COUNT:
      self->episode_count = g_value_get_int (value);
      break;

    case PROP_PROVIDER:
      self->provider = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_directory_result_class_init (LwDirectoryResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lw_directory_result_finalize;
  object_class->get_property = lw_directory_result_get_property;
  object_class->set_property = lw_directory_result_set_property;

  properties[PROP_FEED_URL] = g_param_spec_string ("feed-url", NULL, NULL, "", flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, "", flags);
  properties[PROP_ARTWORK_URL] = g_param_spec_string ("artwork-url", NULL, NULL, NULL, flags);
  properties[PROP_GENRE] = g_param_spec_string ("genre", NULL, NULL, NULL, flags);
  properties[PROP_EPISODE_COUNT] = g_param_spec_int ("episode-count", NULL, NULL,
                                                     -1, G_MAXINT, -1, flags);
  properties[PROP_PROVIDER] = g_param_spec_string ("provider", NULL, NULL,
                                                   LW_DIRECTORY_PROVIDER_APPLE, flags);
  properties[PROP_PROVIDER_NAME] = g_param_spec_string ("provider-name", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_directory_result_init (LwDirectoryResult *self)
{
  self->episode_count = -1;
}

LwDirectoryResult *
lw_directory_result_new (const char *provider,
                         const char *feed_url,
                         const char *title,
                         const char *author,
                         const char *artwork_url,
                         const char *genre,
                         int         episode_count)
{
  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (feed_url != NULL, NULL);

  return g_object_new (LW_TYPE_DIRECTORY_RESULT,
                       "provider", provider,
                       "feed-url", feed_url,
                       "title", title != NULL ? title : "",
                       "author", author != NULL ? author : "",
                       "artwork-url", artwork_url,
                       "genre", genre,
                       "episode-count", MAX (episode_count, -1),
                       NULL);
}

const char *
lw_directory_result_get_feed_url (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), NULL);

  return self->feed_url;
}

const char *
lw_directory_result_get_title (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), NULL);

  return self->title;
}

const char *
lw_directory_result_get_author (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), NULL);

  return self->author;
}

const char *
lw_directory_result_get_artwork_url (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), NULL);

  return self->artwork_url;
}

const char *
lw_directory_result_get_genre (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), NULL);

  return self->genre;
}

int
lw_directory_result_get_episode_count (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), -1);

  return self->episode_count;
}

const char *
lw_directory_result_get_provider (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), NULL);

  return self->provider;
}

const char *
lw_directory_result_get_provider_name (LwDirectoryResult *self)
{
  g_return_val_if_fail (LW_IS_DIRECTORY_RESULT (self), NULL);

  return lw_directory_provider_get_name (self->provider);
}
