/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-refresh-scheduler"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-refresh-scheduler.h"

struct _LwRefreshScheduler
{
  GObject        parent_instance;

  LwFeedService *feed_service;
  GSettings     *settings;
  GCancellable  *cancellable;   /* cancelled on dispose */

  gboolean       started;
  gboolean       running;
  GMainContext  *context;       /* the thread-default one of the creator */
  GSource       *timeout;
  gint64         last_refresh;  /* monotonic µs: the interval counts from here */
  gint64         next_refresh;  /* Unix seconds, 0 = none planned */
  guint          minute_ms;
};

G_DEFINE_FINAL_TYPE (LwRefreshScheduler, lw_refresh_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FEED_SERVICE,
  PROP_SETTINGS,
  PROP_NEXT_REFRESH,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_next_refresh (LwRefreshScheduler *self,
                  gint64              next_refresh)
{
  if (self->next_refresh == next_refresh)
    return;

  self->next_refresh = next_refresh;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_REFRESH]);
}

static void
clear_timeout (LwRefreshScheduler *self)
{
  if (self->timeout != NULL)
    {
      g_source_destroy (self->timeout);
      g_clear_pointer (&self->timeout, g_source_unref);
    }
}

static void refresh (LwRefreshScheduler *self,
                     gboolean            due_only);

static gboolean
on_timeout (gpointer user_data)
{
  LwRefreshScheduler *self = user_data;

  g_clear_pointer (&self->timeout, g_source_unref);
  refresh (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* Plans the next automatic refresh: "refresh-interval" after the last one, or
 * none. A timeout on the monotonic clock, so a changed wall clock moves nothing. */
static void
arm (LwRefreshScheduler *self)
{
  guint interval = g_settings_get_uint (self->settings, "refresh-interval");
  gint64 due, delay_ms;

  clear_timeout (self);

  if (!self->started || self->running || interval == 0)
    {
      set_next_refresh (self, 0);
      return;
    }

  due = self->last_refresh + (gint64) interval * self->minute_ms * 1000;
  delay_ms = MAX (0, (due - g_get_monotonic_time ()) / 1000);

  self->timeout = g_timeout_source_new ((guint) MIN (delay_ms, G_MAXUINT));
  g_source_set_priority (self->timeout, G_PRIORITY_LOW);
  g_source_set_callback (self->timeout, on_timeout, self, NULL);
  g_source_set_static_name (self->timeout, "[longwave] refresh interval");
  g_source_attach (self->timeout, self->context);
  set_next_refresh (self, g_get_real_time () / G_USEC_PER_SEC + delay_ms / 1000);
}

static void
on_interval_changed (LwRefreshScheduler *self)
{
  /* A refresh that runs plans the next one when it is done. */
  if (!self->running)
    arm (self);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LwRefreshScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  guint failed;

  failed = lw_feed_service_refresh_all_finish (LW_FEED_SERVICE (object), result, &error);

  self->running = FALSE;
  self->last_refresh = g_get_monotonic_time ();

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The refresh of every podcast failed: %s", error->message);

  g_signal_emit (self, signals[FINISHED], 0, failed, error);

  if (!g_cancellable_is_cancelled (self->cancellable))
    arm (self);
}

static void
lw_refresh_scheduler_constructed (GObject *object)
{
  LwRefreshScheduler *self = LW_REFRESH_SCHEDULER (object);

  G_OBJECT_CLASS (lw_refresh_scheduler_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed::refresh-interval",
                           G_CALLBACK (on_interval_changed), self, G_CONNECT_SWAPPED);
}

static void
lw_refresh_scheduler_dispose (GObject *object)
{
  LwRefreshScheduler *self = LW_REFRESH_SCHEDULER (object);

  g_cancellable_cancel (self->cancellable);
  clear_timeout (self);
  g_clear_object (&self->feed_service);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lw_refresh_scheduler_parent_class)->dispose (object);
}

static void
lw_refresh_scheduler_finalize (GObject *object)
{
  LwRefreshScheduler *self = LW_REFRESH_SCHEDULER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (lw_refresh_scheduler_parent_class)->finalize (object);
}

static void
lw_refresh_scheduler_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LwRefreshScheduler *self = LW_REFRESH_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_FEED_SERVICE:
      g_value_set_object (value, self->feed_service);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_NEXT_REFRESH:
      g_value_set_int64 (value, self->next_refresh);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_refresh_scheduler_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LwRefreshScheduler *self = LW_REFRESH_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_FEED_SERVICE:
      self->feed_service = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_refresh_scheduler_class_init (LwRefreshSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lw_refresh_scheduler_constructed;
  object_class->dispose = lw_refresh_scheduler_dispose;
  object_class->finalize = lw_refresh_scheduler_finalize;
  object_class->get_property = lw_refresh_scheduler_get_property;
  object_class->set_property = lw_refresh_scheduler_set_property;

  properties[PROP_FEED_SERVICE] =
    g_param_spec_object ("feed-service", NULL, NULL,
                         LW_TYPE_FEED_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NEXT_REFRESH] =
    g_param_spec_int64 ("next-refresh", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LwRefreshScheduler::finished:
   * @n_failed: how many shows failed (each says why in its "last-error")
   * @error: (nullable): why the refresh as a whole stopped, e.g. cancelled
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_ERROR);
}

static void
lw_refresh_scheduler_init (LwRefreshScheduler *self)
{
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->minute_ms = 60 * 1000;
}

LwRefreshScheduler *
lw_refresh_scheduler_new (LwFeedService *feed_service,
                          GSettings     *settings)
{
  g_return_val_if_fail (LW_IS_FEED_SERVICE (feed_service), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (LW_TYPE_REFRESH_SCHEDULER,
                       "feed-service", feed_service,
                       "settings", settings,
                       NULL);
}

void
lw_refresh_scheduler_start (LwRefreshScheduler *self)
{
  g_return_if_fail (LW_IS_REFRESH_SCHEDULER (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->last_refresh = g_get_monotonic_time ();

  if (g_settings_get_boolean (self->settings, "refresh-on-startup"))
    refresh (self, TRUE);
  else
    arm (self);
}

/* Automatic refreshes (@due_only) leave out the shows that wait out a backoff
 * after failures, or are gone; one the user asks for tries every show. */
static void
refresh (LwRefreshScheduler *self,
         gboolean            due_only)
{
  /* Absorbed by the refresh that runs: it fetches every show anyway. */
  if (self->running)
    return;

  self->running = TRUE;
  clear_timeout (self);
  set_next_refresh (self, 0);

  if (due_only)
    lw_feed_service_refresh_due_async (self->feed_service, self->cancellable,
                                       refreshed_cb, g_object_ref (self));
  else
    lw_feed_service_refresh_all_async (self->feed_service, self->cancellable,
                                       refreshed_cb, g_object_ref (self));
}

void
lw_refresh_scheduler_refresh (LwRefreshScheduler *self)
{
  g_return_if_fail (LW_IS_REFRESH_SCHEDULER (self));

  refresh (self, FALSE);
}

gboolean
lw_refresh_scheduler_get_running (LwRefreshScheduler *self)
{
  g_return_val_if_fail (LW_IS_REFRESH_SCHEDULER (self), FALSE);

  return self->running;
}

gint64
lw_refresh_scheduler_get_next_refresh (LwRefreshScheduler *self)
{
  g_return_val_if_fail (LW_IS_REFRESH_SCHEDULER (self), 0);

  return self->next_refresh;
}

void
lw_refresh_scheduler_set_minute_ms (LwRefreshScheduler *self,
                                    guint               minute_ms)
{
  g_return_if_fail (LW_IS_REFRESH_SCHEDULER (self));
  g_return_if_fail (minute_ms > 0);

  self->minute_ms = minute_ms;
  on_interval_changed (self);
}
