/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-library-private.h"
#include "lw-show.h"

/* The string properties come first and in the order of the columns of
 * LW_SHOW_COLUMNS (lw-library-private.h), so loading a row is one loop. */
enum {
  PROP_0,
  PROP_ID,
  PROP_FEED_URL,
  PROP_TITLE,
  PROP_AUTHOR,
  PROP_DESCRIPTION,
  PROP_IMAGE_URL,
  PROP_LINK,
  PROP_LANGUAGE,
  PROP_LAST_ERROR,
  PROP_ETAG,
  PROP_LAST_MODIFIED,
  PROP_LAST_REFRESHED,
  PROP_EPISODE_COUNT,
  PROP_UNPLAYED_COUNT,
  PROP_NEXT_RETRY,
  PROP_LAST_STATUS,
  PROP_PLAYBACK_RATE,
  PROP_LATEST_PUBLISHED,
  N_PROPS
};

#define FIRST_STRING PROP_FEED_URL
#define N_STRINGS (PROP_LAST_MODIFIED - PROP_FEED_URL + 1)
/* Of LW_SHOW_COLUMNS: the id, the strings and seven numbers. */
#define N_COLUMNS (1 + N_STRINGS + 7)

struct _LwShow
{
  GObject  parent_instance;

  gint64   id;
  char    *strings[N_STRINGS];
  gint64   last_refreshed;
  guint    episode_count;
  guint    unplayed_count;
  gint64   next_retry;
  guint    last_status;
  double   playback_rate;
  gint64   latest_published;
  /* Made when the title changes, so sorting compares bytes only: */
  char    *title_key;        /* numbers by value, case and accents left out */
  char    *title_key_exact;  /* the same with the accents, for ties */
};

G_DEFINE_FINAL_TYPE (LwShow, lw_show, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
lw_show_finalize (GObject *object)
{
  LwShow *self = (LwShow *) object;

  for (guint i = 0; i < N_STRINGS; i++)
    g_free (self->strings[i]);
  g_free (self->title_key);
  g_free (self->title_key_exact);

  G_OBJECT_CLASS (lw_show_parent_class)->finalize (object);
}

static void
lw_show_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LwShow *self = LW_SHOW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_FEED_URL:
    case PROP_TITLE:
    case PROP_AUTHOR:
    case PROP_DESCRIPTION:
    case PROP_IMAGE_URL:
    case PROP_LINK:
    case PROP_LANGUAGE:
    case PROP_LAST_ERROR:
    case PROP_ETAG:
    case PROP_LAST_MODIFIED:
      g_value_set_string (value, self->strings[prop_id - FIRST_STRING]);
      break;

    case PROP_LAST_REFRESHED:
      g_value_set_int64 (value, self->last_refreshed);
      break;

    case PROP_EPISODE_COUNT:
      g_value_set_uint (value, self->episode_count);
      break;

    case PROP_UNPLAYED_COUNT:
      g_value_set_uint (value, self->unplayed_count);
      break;

    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, self->next_retry);
      break;

    case PROP_LAST_STATUS:
      g_value_set_uint (value, self->last_status);
      break;

    case PROP_PLAYBACK_RATE:
      g_value_set_double (value, self->playback_rate);
      break;

    case PROP_LATEST_PUBLISHED:
      g_value_set_int64 (value, self->latest_published);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_show_class_init (LwShowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const struct {
    guint       prop_id;
    const char *name;
  } strings[] = {
    { PROP_FEED_URL, "feed-url" },
    { PROP_TITLE, "title" },
    { PROP_AUTHOR, "author" },
    { PROP_DESCRIPTION, "description" },
    { PROP_IMAGE_URL, "image-url" },
    { PROP_LINK, "link" },
    { PROP_LANGUAGE, "language" },
    { PROP_LAST_ERROR, "last-error" },
    { PROP_ETAG, "etag" },
    { PROP_LAST_MODIFIED, "last-modified" },
  };

  object_class->finalize = lw_show_finalize;
  object_class->get_property = lw_show_get_property;

  /* Read-only for everyone: the library is the only writer. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].prop_id] =
      g_param_spec_string (strings[i].name, NULL, NULL,
                           NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_REFRESHED] =
    g_param_spec_int64 ("last-refreshed", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EPISODE_COUNT] =
    g_param_spec_uint ("episode-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNPLAYED_COUNT] =
    g_param_spec_uint ("unplayed-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NEXT_RETRY] =
    g_param_spec_int64 ("next-retry", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_STATUS] =
    g_param_spec_uint ("last-status", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLAYBACK_RATE] =
    g_param_spec_double ("playback-rate", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* For sorting the shows by their newest episode (the browsing UI). */
  properties[PROP_LATEST_PUBLISHED] =
    g_param_spec_int64 ("latest-published", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_show_init (LwShow *self)
{
}

LwShow *
lw_show_new_for_id (gint64 id)
{
  LwShow *self = g_object_new (LW_TYPE_SHOW, NULL);

  self->id = id;

  return self;
}

static void
update_int64 (LwShow   *self,
              gint64   *field,
              gint64    value,
              guint     prop_id,
              gboolean  notify)
{
  if (*field == value)
    return;

  *field = value;
  if (notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
update_uint (LwShow   *self,
             guint    *field,
             gint64    value,
             guint     prop_id,
             gboolean  notify)
{
  if (*field == (guint) value)
    return;

  *field = (guint) value;
  if (notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
load_playback_rate (LwShow   *self,
                    double    rate,
                    gboolean  notify)
{
  if (self->playback_rate == rate)
    return;

  self->playback_rate = rate;
  if (notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYBACK_RATE]);
}

/* The keys of lw_show_compare_title(). g_utf8_collate_key_for_filename() compares
 * the runs of digits by value ("Show 2" before "Show 10"), as Files does, and the
 * rest in the locale's order. Case is folded first; accents are dropped from the
 * first key (compatibility decomposition, then no non-spacing marks), so "émission"
 * files beside "Emission" whatever the locale, and kept in the second, which only
 * breaks ties. */
static void
make_title_keys (const char  *title,
                 char       **key,
                 char       **key_exact)
{
  g_autofree char *folded = g_utf8_casefold (title ?: "", -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  g_autoptr(GString) bare = g_string_new (NULL);

  for (const char *p = decomposed ?: ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (bare, c);
    }

  *key = g_utf8_collate_key_for_filename (bare->str, bare->len);
  *key_exact = g_utf8_collate_key_for_filename (folded, -1);
}

/* The keys from @row when it brings them (lw_show_row_copy_with_keys()). */
static void
update_title_keys (LwShow        *self,
                   const LwDbRow *row)
{
  g_free (self->title_key);
  g_free (self->title_key_exact);

  if (row->n_columns == N_COLUMNS + 2)
    {
      self->title_key = g_strdup (lw_db_row_get_text (row, N_COLUMNS));
      self->title_key_exact = g_strdup (lw_db_row_get_text (row, N_COLUMNS + 1));
    }
  else
    make_title_keys (self->strings[PROP_TITLE - FIRST_STRING], &self->title_key, &self->title_key_exact);
}

/* Making the keys is most of the cost of loading a new or renamed show (5 µs):
 * a reload's thread makes them for 1,000 shows, not the main thread. @cache
 * (title → GStrv of the two keys) keeps them from one read to the next, for the
 * titles that did not change. */
LwDbRow *
lw_show_row_copy_with_keys (const LwDbRow *row,
                            GHashTable    *cache)
{
  const char *title = lw_db_row_get_text (row, 1 + PROP_TITLE - FIRST_STRING);
  LwDbRow with_keys;
  char **keys;

  g_assert (row->n_columns == N_COLUMNS);

  keys = g_hash_table_lookup (cache, title ?: "");
  if (keys == NULL)
    {
      keys = g_new0 (char *, 3);
      make_title_keys (title, &keys[0], &keys[1]);
      g_hash_table_insert (cache, g_strdup (title ?: ""), keys);
    }

  with_keys = *row;
  with_keys.n_columns = N_COLUMNS + 2;
  with_keys.columns[N_COLUMNS] = (LwDbValue) { .type = SQLITE_TEXT, .v.text = keys[0] };
  with_keys.columns[N_COLUMNS + 1] = (LwDbValue) { .type = SQLITE_TEXT, .v.text = keys[1] };

  return lw_db_row_copy (&with_keys);
}

/* Copies one row of LW_SHOW_COLUMNS into @self, notifying what changed when @notify
 * (a fresh object has no one to tell). */
void
lw_show_load_row (LwShow        *self,
                  const LwDbRow *row,
                  gboolean       notify)
{
  g_assert (LW_IS_SHOW (self));
  g_assert (lw_db_row_get_int64 (row, 0) == self->id);

  g_object_freeze_notify (G_OBJECT (self));

  for (guint i = 0; i < N_STRINGS; i++)
    {
      const char *value = lw_db_row_get_text (row, 1 + i);

      gboolean changed = lw_library_set_str (&self->strings[i], value);

      if (FIRST_STRING + i == PROP_TITLE && (changed || self->title_key == NULL))
        update_title_keys (self, row);
      if (changed && notify)
        g_object_notify_by_pspec (G_OBJECT (self), properties[FIRST_STRING + i]);
    }

  update_int64 (self, &self->last_refreshed, lw_db_row_get_int64 (row, 1 + N_STRINGS),
                PROP_LAST_REFRESHED, notify);
  update_uint (self, &self->episode_count, lw_db_row_get_int64 (row, 2 + N_STRINGS),
               PROP_EPISODE_COUNT, notify);
  update_uint (self, &self->unplayed_count, lw_db_row_get_int64 (row, 3 + N_STRINGS),
               PROP_UNPLAYED_COUNT, notify);
  update_int64 (self, &self->next_retry, lw_db_row_get_int64 (row, 4 + N_STRINGS),
                PROP_NEXT_RETRY, notify);
  update_uint (self, &self->last_status, lw_db_row_get_int64 (row, 5 + N_STRINGS),
               PROP_LAST_STATUS, notify);
  load_playback_rate (self, lw_db_row_get_double (row, 6 + N_STRINGS), notify);
  update_int64 (self, &self->latest_published, lw_db_row_get_int64 (row, 7 + N_STRINGS),
                PROP_LATEST_PUBLISHED, notify);

  g_object_thaw_notify (G_OBJECT (self));
}

gint64
lw_show_get_id (LwShow *self)
{
  g_return_val_if_fail (LW_IS_SHOW (self), 0);

  return self->id;
}

#define STRING_GETTER(func, prop)                       \
  const char *                                          \
  func (LwShow *self)                                   \
  {                                                     \
    g_return_val_if_fail (LW_IS_SHOW (self), NULL);     \
                                                        \
    return self->strings[prop - FIRST_STRING];          \
  }

STRING_GETTER (lw_show_get_feed_url, PROP_FEED_URL)
STRING_GETTER (lw_show_get_title, PROP_TITLE)
STRING_GETTER (lw_show_get_author, PROP_AUTHOR)
STRING_GETTER (lw_show_get_description, PROP_DESCRIPTION)
STRING_GETTER (lw_show_get_image_url, PROP_IMAGE_URL)
STRING_GETTER (lw_show_get_link, PROP_LINK)
STRING_GETTER (lw_show_get_language, PROP_LANGUAGE)
STRING_GETTER (lw_show_get_last_error, PROP_LAST_ERROR)
STRING_GETTER (lw_show_get_etag, PROP_ETAG)
STRING_GETTER (lw_show_get_last_modified, PROP_LAST_MODIFIED)

#undef STRING_GETTER

#define GETTER(type, func, field)                    \
  type                                               \
  func (LwShow *self)                                \
  {                                                  \
    g_return_val_if_fail (LW_IS_SHOW (self), 0);     \
                                                     \
    return self->field;                              \
  }

GETTER (guint, lw_show_get_episode_count, episode_count)
GETTER (guint, lw_show_get_unplayed_count, unplayed_count)
GETTER (gint64, lw_show_get_last_refreshed, last_refreshed)
GETTER (gint64, lw_show_get_next_retry, next_retry)
GETTER (guint, lw_show_get_last_status, last_status)
GETTER (gint64, lw_show_get_latest_published, latest_published)

#undef GETTER

/**
 * lw_show_get_playback_rate:
 *
 * Returns: the show's own playback speed, or 0 when it follows the global one
 */
double
lw_show_get_playback_rate (LwShow *self)
{
  g_return_val_if_fail (LW_IS_SHOW (self), 0.0);

  return self->playback_rate;
}

/**
 * lw_show_compare_title:
 * @a: a show
 * @b: another show
 *
 * Orders shows by title as a person expects: numbers by value ("Show 2" before
 * "Show 10"), case and accents left out (and only then told apart). Cheap: the keys
 * are made once, when the title is read.
 *
 * Returns: < 0 when @a comes first, > 0 when @b does, 0 for the same title
 */
int
lw_show_compare_title (LwShow *a,
                       LwShow *b)
{
  int result;

  g_return_val_if_fail (LW_IS_SHOW (a), 0);
  g_return_val_if_fail (LW_IS_SHOW (b), 0);

  result = g_strcmp0 (a->title_key, b->title_key);
  if (result != 0)
    return result;

  return g_strcmp0 (a->title_key_exact, b->title_key_exact);
}
