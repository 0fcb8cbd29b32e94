/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-episode"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-episode.h"
#include "lw-feed.h"
#include "lw-library-private.h"

/* Columns in LW_EPISODE_COLUMNS; LW_EPISODE_LIST_COLUMNS has one more. */
#define N_COLUMNS 17

/* Properties in the order of the columns of LW_EPISODE_COLUMNS
 * (lw-library-private.h): column N holds property N + 1. */
enum {
  PROP_0,
  PROP_ID,
  PROP_SHOW_ID,
  PROP_GUID,
  PROP_TITLE,
  PROP_LINK,
  PROP_SUMMARY,
  PROP_NOTES_HTML,
  PROP_IMAGE_URL,
  PROP_ENCLOSURE_URL,
  PROP_ENCLOSURE_TYPE,
  PROP_LOCAL_PATH,
  PROP_PUBLISHED,
  PROP_DURATION,
  PROP_ENCLOSURE_LENGTH,
  PROP_POSITION,
  PROP_LAST_PLAYED,
  PROP_PLAYED,
  N_PROPS
};

#define FIRST_STRING PROP_GUID
#define N_STRINGS (PROP_LOCAL_PATH - PROP_GUID + 1)
#define FIRST_INT PROP_PUBLISHED
#define N_INTS (PROP_LAST_PLAYED - PROP_PUBLISHED + 1)

struct _LwEpisode
{
  GObject   parent_instance;

  gint64    id;
  gint64    show_id;
  char     *strings[N_STRINGS];
  gint64    ints[N_INTS];
  gboolean  played;

  /* Loaded from a list row: the notes are still in the file. Not a reference:
   * the library clears it when it goes. */
  gboolean   notes_pending;
  LwLibrary *library;
};

G_DEFINE_FINAL_TYPE (LwEpisode, lw_episode, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* What a NULL column means for each integer property. */
static const gint64 int_unknown[N_INTS] = {
  LW_DATE_UNKNOWN,  /* published */
  LW_UNKNOWN,       /* duration */
  LW_UNKNOWN,       /* enclosure-length */
  0,                /* position */
  0,                /* last-played */
};

static void
lw_episode_finalize (GObject *object)
{
  LwEpisode *self = (LwEpisode *) object;

  for (guint i = 0; i < N_STRINGS; i++)
    g_free (self->strings[i]);

  G_OBJECT_CLASS (lw_episode_parent_class)->finalize (object);
}

static void
lw_episode_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LwEpisode *self = LW_EPISODE (object);

  if (prop_id == PROP_NOTES_HTML)
    g_value_set_string (value, lw_episode_get_notes_html (self));
  else if (prop_id >= FIRST_STRING && prop_id < FIRST_STRING + N_STRINGS)
    g_value_set_string (value, self->strings[prop_id - FIRST_STRING]);
  else if (prop_id >= FIRST_INT && prop_id < FIRST_INT + N_INTS)
    g_value_set_int64 (value, self->ints[prop_id - FIRST_INT]);
  else if (prop_id == PROP_ID)
    g_value_set_int64 (value, self->id);
  else if (prop_id == PROP_SHOW_ID)
    g_value_set_int64 (value, self->show_id);
  else if (prop_id == PROP_PLAYED)
    g_value_set_boolean (value, self->played);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lw_episode_class_init (LwEpisodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const string_names[N_STRINGS] = {
    "guid", "title", "link", "summary", "notes-html", "image-url",
    "enclosure-url", "enclosure-type", "local-path",
  };
  static const char * const int_names[N_INTS] = {
    "published", "duration", "enclosure-length", "position", "last-played",
  };

  object_class->finalize = lw_episode_finalize;
  object_class->get_property = lw_episode_get_property;

  /* Read-only for everyone: the library is the only writer. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_ID] =
    g_param_spec_int64 ("show-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < N_STRINGS; i++)
    properties[FIRST_STRING + i] =
      g_param_spec_string (string_names[i], NULL, NULL,
                           NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < N_INTS; i++)
    properties[FIRST_INT + i] =
      g_param_spec_int64 (int_names[i], NULL, NULL,
                          G_MININT64, G_MAXINT64, int_unknown[i],
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLAYED] =
    g_param_spec_boolean ("played", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_episode_init (LwEpisode *self)
{
  for (guint i = 0; i < N_INTS; i++)
    self->ints[i] = int_unknown[i];
}

LwEpisode *
lw_episode_new_for_id (gint64 id)
{
  LwEpisode *self = g_object_new (LW_TYPE_EPISODE, NULL);

  self->id = id;

  return self;
}

/* Copies one row of LW_EPISODE_COLUMNS into @self, notifying what changed when
 * @notify (a fresh object has no one to tell, and 10,000 of them load at once). */
void
lw_episode_load_row (LwEpisode     *self,
                     const LwDbRow *row,
                     gboolean       notify)
{
  gboolean from_list = row->n_columns > N_COLUMNS;
  gint64 show_id;
  gboolean played;

  g_assert (LW_IS_EPISODE (self));
  g_assert (row->n_columns >= N_COLUMNS);
  g_assert (lw_db_row_get_int64 (row, 0) == self->id);

  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  show_id = lw_db_row_get_int64 (row, 1);
  if (self->show_id != show_id)
    {
      self->show_id = show_id;
      if (notify)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ID]);
    }

  for (guint i = 0; i < N_STRINGS; i++)
    {
      const char *value = lw_db_row_get_text (row, FIRST_STRING - 1 + i);

      if (FIRST_STRING + i == PROP_NOTES_HTML && from_list)
        continue;

      if (lw_library_set_str (&self->strings[i], value) && notify)
        g_object_notify_by_pspec (G_OBJECT (self), properties[FIRST_STRING + i]);
    }

  if (!from_list)
    {
      self->notes_pending = FALSE;
    }
  else if (!notify)
    {
      /* Fresh from a list: fetch the notes when someone asks. */
      self->notes_pending = TRUE;
    }
  else if (!self->notes_pending && self->library != NULL)
    {
      /* Someone read the notes already: keep them current. */
      g_autofree char *notes = lw_library_dup_episode_notes (self->library, self->id);

      if (lw_library_set_str (&self->strings[PROP_NOTES_HTML - FIRST_STRING], notes))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES_HTML]);
    }

  for (guint i = 0; i < N_INTS; i++)
    {
      int column = FIRST_INT - 1 + i;
      gint64 value;

      if (lw_db_row_is_null (row, column))
        value = int_unknown[i];
      else
        value = lw_db_row_get_int64 (row, column);

      if (self->ints[i] != value)
        {
          self->ints[i] = value;
          if (notify)
            g_object_notify_by_pspec (G_OBJECT (self), properties[FIRST_INT + i]);
        }
    }

  played = lw_db_row_get_int64 (row, PROP_PLAYED - 1) != 0;
  if (self->played != played)
    {
      self->played = played;
      if (notify)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYED]);
    }

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

gboolean
lw_episode_has_notes (LwEpisode *self)
{
  g_assert (LW_IS_EPISODE (self));

  return !self->notes_pending;
}

void
lw_episode_set_library (LwEpisode *self,
                        LwLibrary *library)
{
  g_assert (LW_IS_EPISODE (self));

  self->library = library;
}

/**
 * lw_episode_get_notes_html:
 * @self: an episode
 *
 * Episodes in lists load their notes on the first call.
 *
 * Returns: (nullable): the sanitised show notes
 */
const char *
lw_episode_get_notes_html (LwEpisode *self)
{
  g_return_val_if_fail (LW_IS_EPISODE (self), NULL);

  if (self->notes_pending && self->library != NULL)
    {
      g_autofree char *notes = lw_library_dup_episode_notes (self->library, self->id);

      lw_library_set_str (&self->strings[PROP_NOTES_HTML - FIRST_STRING], notes);
      self->notes_pending = FALSE;
    }

  return self->strings[PROP_NOTES_HTML - FIRST_STRING];
}

gint64
lw_episode_get_id (LwEpisode *self)
{
  g_return_val_if_fail (LW_IS_EPISODE (self), 0);

  return self->id;
}

gint64
lw_episode_get_show_id (LwEpisode *self)
{
  g_return_val_if_fail (LW_IS_EPISODE (self), 0);

  return self->show_id;
}

#define STRING_GETTER(func, prop)                        \
  const char *                                           \
  func (LwEpisode *self)                                 \
  {                                                      \
    g_return_val_if_fail (LW_IS_EPISODE (self), NULL);   \
                                                         \
    return self->strings[prop - FIRST_STRING];           \
  }

STRING_GETTER (lw_episode_get_guid, PROP_GUID)
STRING_GETTER (lw_episode_get_title, PROP_TITLE)
STRING_GETTER (lw_episode_get_link, PROP_LINK)
STRING_GETTER (lw_episode_get_summary, PROP_SUMMARY)
STRING_GETTER (lw_episode_get_image_url, PROP_IMAGE_URL)
STRING_GETTER (lw_episode_get_enclosure_url, PROP_ENCLOSURE_URL)
STRING_GETTER (lw_episode_get_enclosure_type, PROP_ENCLOSURE_TYPE)
STRING_GETTER (lw_episode_get_local_path, PROP_LOCAL_PATH)

#undef STRING_GETTER

#define INT_GETTER(func, prop)                                        \
  gint64                                                              \
  func (LwEpisode *self)                                              \
  {                                                                   \
    g_return_val_if_fail (LW_IS_EPISODE (self), int_unknown[prop - FIRST_INT]); \
                                                                      \
    return self->ints[prop - FIRST_INT];                              \
  }

INT_GETTER (lw_episode_get_published, PROP_PUBLISHED)
INT_GETTER (lw_episode_get_duration, PROP_DURATION)
INT_GETTER (lw_episode_get_enclosure_length, PROP_ENCLOSURE_LENGTH)
INT_GETTER (lw_episode_get_position, PROP_POSITION)
INT_GETTER (lw_episode_get_last_played, PROP_LAST_PLAYED)

#undef INT_GETTER

gboolean
lw_episode_get_played (LwEpisode *self)
{
  g_return_val_if_fail (LW_IS_EPISODE (self), FALSE);

  return self->played;
}

/**
 * lw_episode_dup_media_uri:
 * @self: an episode
 *
 * Returns: (transfer full) (nullable): a file:// URI for a complete download,
 *   else the enclosure URL, else %NULL
 */
char *
lw_episode_dup_media_uri (LwEpisode *self)
{
  const char *local_path;

  g_return_val_if_fail (LW_IS_EPISODE (self), NULL);

  local_path = self->strings[PROP_LOCAL_PATH - FIRST_STRING];

  /* A download the user deleted behind our back: stream it instead. */
  if (local_path != NULL && g_file_test (local_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *uri = g_filename_to_uri (local_path, NULL, NULL);

      if (uri != NULL)
        return g_steal_pointer (&uri);
    }

  return g_strdup (self->strings[PROP_ENCLOSURE_URL - FIRST_STRING]);
}

/**
 * lw_episode_new_detached:
 * @media_uri: what to play: a file:// or http(s):// URI
 * @title: (nullable): what to call it
 *
 * Returns: (transfer full): an episode with id 0 that no library holds
 */
LwEpisode *
lw_episode_new_detached (const char *media_uri,
                         const char *title)
{
  LwEpisode *self;

  g_return_val_if_fail (media_uri != NULL, NULL);

  self = lw_episode_new_for_id (0);
  self->strings[PROP_ENCLOSURE_URL - FIRST_STRING] = g_strdup (media_uri);
  self->strings[PROP_TITLE - FIRST_STRING] = g_strdup (title);

  return self;
}
