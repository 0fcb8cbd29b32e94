/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-download"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-download-private.h"

G_DEFINE_ENUM_TYPE (LwDownloadState, lw_download_state,
  G_DEFINE_ENUM_VALUE (LW_DOWNLOAD_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (LW_DOWNLOAD_STATE_DOWNLOADING, "downloading"),
  G_DEFINE_ENUM_VALUE (LW_DOWNLOAD_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (LW_DOWNLOAD_STATE_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (LW_DOWNLOAD_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LW_DOWNLOAD_STATE_CANCELLED, "cancelled"))

G_DEFINE_FINAL_TYPE (LwDownload, lw_download, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EPISODE_ID,
  PROP_TITLE,
  PROP_SHOW_TITLE,
  PROP_URL,
  PROP_STATE,
  PROP_DOWNLOADED,
  PROP_TOTAL,
  PROP_SPEED,
  PROP_TIME_LEFT,
  PROP_ATTEMPTS,
  PROP_ERROR_MESSAGE,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
lw_download_finalize (GObject *object)
{
  LwDownload *self = (LwDownload *)object;

  /* The downloader completes every waiting task before it lets a download go. */
  g_assert (self->tasks == NULL || self->tasks->len == 0);
  g_assert (self->transfer == NULL);

  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_free (self->title);
  g_free (self->show_title);
  g_free (self->url);
  g_free (self->mime_type);
  g_free (self->error_message);
  g_free (self->path);
  g_free (self->part_path);

  G_OBJECT_CLASS (lw_download_parent_class)->finalize (object);
}

static void
lw_download_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LwDownload *self = LW_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_EPISODE_ID:
      g_value_set_int64 (value, self->episode_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SHOW_TITLE:
      g_value_set_string (value, self->show_title);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DOWNLOADED:
      g_value_set_int64 (value, self->downloaded);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_TIME_LEFT:
      g_value_set_int64 (value, self->time_left);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_download_class_init (LwDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lw_download_finalize;
  object_class->get_property = lw_download_get_property;

  properties[PROP_EPISODE_ID] = g_param_spec_int64 ("episode-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SHOW_TITLE] = g_param_spec_string ("show-title", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, LW_TYPE_DOWNLOAD_STATE,
                                              LW_DOWNLOAD_STATE_QUEUED, flags);
  properties[PROP_DOWNLOADED] = g_param_spec_int64 ("downloaded", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_TIME_LEFT] = g_param_spec_int64 ("time-left", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_download_init (LwDownload *self)
{
  self->total = -1;
  self->time_left = -1;
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

LwDownload *
lw_download_new (gint64      episode_id,
                 const char *title,
                 const char *show_title,
                 const char *url,
                 const char *mime_type)
{
  LwDownload *self = g_object_new (LW_TYPE_DOWNLOAD, NULL);

  self->episode_id = episode_id;
  self->title = g_strdup (title);
  self->show_title = g_strdup (show_title);
  self->url = g_strdup (url);
  self->mime_type = g_strdup (mime_type);

  return self;
}

#define GETTER(type, name, field) \
  type \
  lw_download_get_##name (LwDownload *self) \
  { \
    g_return_val_if_fail (LW_IS_DOWNLOAD (self), 0); \
    return self->field; \
  }

GETTER (gint64, episode_id, episode_id)
GETTER (const char *, title, title)
GETTER (const char *, show_title, show_title)
GETTER (const char *, url, url)
GETTER (LwDownloadState, state, state)
GETTER (gint64, downloaded, downloaded)
GETTER (gint64, total, total)
GETTER (double, speed, speed)
GETTER (gint64, time_left, time_left)
GETTER (guint, attempts, attempts)
GETTER (const char *, error_message, error_message)
GETTER (const char *, path, path)

double
lw_download_get_fraction (LwDownload *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD (self), -1);

  if (self->state == LW_DOWNLOAD_STATE_COMPLETED)
    return 1.0;
  if (self->total <= 0)
    return -1.0;

  return CLAMP ((double) self->downloaded / (double) self->total, 0.0, 1.0);
}

static void
update_time_left (LwDownload *self)
{
  gint64 time_left = -1;

  if (self->speed > 0 && self->total >= 0 && self->total >= self->downloaded)
    time_left = (gint64) ((double) (self->total - self->downloaded) / self->speed + 0.5);

  if (time_left != self->time_left)
    {
      self->time_left = time_left;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_LEFT]);
    }
}

void
lw_download_set_state (LwDownload      *self,
                       LwDownloadState  state)
{
  g_return_if_fail (LW_IS_DOWNLOAD (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  /* Nothing moves outside DOWNLOADING. */
  if (state != LW_DOWNLOAD_STATE_DOWNLOADING)
    lw_download_set_speed (self, 0);
}

void
lw_download_set_progress (LwDownload *self,
                          gint64      downloaded,
                          gint64      total)
{
  g_return_if_fail (LW_IS_DOWNLOAD (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->downloaded != downloaded)
    {
      self->downloaded = downloaded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADED]);
    }

  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }

  update_time_left (self);

  g_object_thaw_notify (G_OBJECT (self));
}

void
lw_download_set_speed (LwDownload *self,
                       double      speed)
{
  g_return_if_fail (LW_IS_DOWNLOAD (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->speed != speed)
    {
      self->speed = speed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
    }

  update_time_left (self);

  g_object_thaw_notify (G_OBJECT (self));
}

void
lw_download_set_attempts (LwDownload *self,
                          guint       attempts)
{
  g_return_if_fail (LW_IS_DOWNLOAD (self));

  if (self->attempts == attempts)
    return;

  self->attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

void
lw_download_set_error_message (LwDownload *self,
                               const char *message)
{
  g_return_if_fail (LW_IS_DOWNLOAD (self));

  if (set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

void
lw_download_set_path (LwDownload *self,
                      const char *path)
{
  g_return_if_fail (LW_IS_DOWNLOAD (self));

  if (set_str (&self->path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

void
lw_download_set_url (LwDownload *self,
                     const char *url)
{
  g_return_if_fail (LW_IS_DOWNLOAD (self));

  if (set_str (&self->url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}
