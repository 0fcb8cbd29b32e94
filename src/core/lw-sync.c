/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-http.h"
#include "lw-sync-private.h"

/* Episode actions go up in batches of this many. */
#define ACTION_BATCH 100
/* A queue that keeps changing (positions saved while playing) must not hold a
 * sync in its upload loop for ever. */
#define MAX_BATCHES 1000

struct _LwSync
{
  GObject        parent_instance;

  LwLibrary     *library;
  LwFeedService *feed_service;
  LwSyncStore   *store;
  SoupSession   *session;
  LwSyncAccount *account;

  GPtrArray     *waiting;     /* GTasks of callers joining the running sync */
  GCancellable  *cancellable; /* of the running sync */
  gint64         last_sync;
  char          *last_error;
  char          *account_error;

  /* Scheduling */
  GSource       *tick;
  guint          interval;    /* seconds, 0 = none */
  guint          debounce;    /* seconds */
  gint64         queue_stamp;
  gint64         changed_at;  /* monotonic seconds; 0 = nothing new */
  gint64         last_attempt;
  gint64         retry_at;
  guint          failures;
  gboolean       auth_failed;
};

G_DEFINE_FINAL_TYPE (LwSync, lw_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (lw-sync-error-quark, lw_sync_error)

enum {
  PROP_0,
  PROP_SIGNED_IN,
  PROP_SYNCING,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  PROP_PENDING,
  PROP_ACCOUNT_ERROR,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GObject */

static void
set_last_error (LwSync     *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
lw_sync_dispose (GObject *object)
{
  LwSync *self = (LwSync *) object;

  lw_sync_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->feed_service);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (lw_sync_parent_class)->dispose (object);
}

static void
lw_sync_finalize (GObject *object)
{
  LwSync *self = (LwSync *) object;

  g_clear_pointer (&self->store, lw_sync_store_free);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->account, lw_sync_account_free);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_free (self->last_error);
  g_free (self->account_error);

  G_OBJECT_CLASS (lw_sync_parent_class)->finalize (object);
}

static void
lw_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LwSync *self = LW_SYNC (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, lw_sync_get_signed_in (self));
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, lw_sync_get_syncing (self));
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, lw_sync_get_pending (self));
      break;
    case PROP_ACCOUNT_ERROR:
      g_value_set_string (value, self->account_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_sync_class_init (LwSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_sync_dispose;
  object_class->finalize = lw_sync_finalize;
  object_class->get_property = lw_sync_get_property;

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT_ERROR] =
    g_param_spec_string ("account-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LwSync::failed:
   * @error: what went wrong
   *
   * Once per new error message of a sync (not again while the same error
   * repeats): the moment for a toast.
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
lw_sync_init (LwSync *self)
{
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->session = lw_http_session_new (30);
  self->debounce = 30;
}

/**
 * lw_sync_new:
 * @library: the library to sync
 * @feed_service: (nullable): subscribes to shows added on other devices
 *
 * Returns: (transfer full): a sync, signed out
 */
LwSync *
lw_sync_new (LwLibrary     *library,
             LwFeedService *feed_service)
{
  g_autoptr(GError) error = NULL;
  LwSync *self;

  g_return_val_if_fail (LW_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (feed_service == NULL || LW_IS_FEED_SERVICE (feed_service), NULL);

  self = g_object_new (LW_TYPE_SYNC, NULL);
  self->library = g_object_ref (library);
  if (feed_service != NULL)
    self->feed_service = g_object_ref (feed_service);

  self->store = lw_sync_store_open (lw_library_get_path (library), &error);
  if (self->store == NULL)
    g_warning ("Sync is off: %s", error->message);
  else
    {
      g_autofree char *last_error = lw_sync_store_get (self->store, "last-error");

      self->last_sync = lw_sync_store_get_int (self->store, "last-sync");
      self->last_error = g_strdup (last_error != NULL && *last_error != '\0' ? last_error : NULL);
      self->queue_stamp = lw_sync_store_queue_stamp (self->store);
    }

  return self;
}

LwLibrary *
lw_sync_get_library (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), NULL);

  return self->library;
}

static gboolean
same_account (const LwSyncAccount *a,
              const LwSyncAccount *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->dialect == b->dialect &&
         g_strcmp0 (a->server, b->server) == 0 &&
         g_strcmp0 (a->user, b->user) == 0 &&
         g_strcmp0 (a->password, b->password) == 0 &&
         g_strcmp0 (a->device_id, b->device_id) == 0;
}

void
lw_sync_set_account (LwSync              *self,
                     const LwSyncAccount *account)
{
  gboolean was_signed_in;

  g_return_if_fail (LW_IS_SYNC (self));
  g_return_if_fail (account == NULL || account->dialect != LW_SYNC_DIALECT_NONE);

  if (same_account (self->account, account))
    return;

  /* What a running sync does next belongs to the old account: it stops, and a
   * sync asked for from now on starts afresh. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_pointer (&self->waiting, g_ptr_array_unref);
      self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
    }

  was_signed_in = self->account != NULL;
  g_clear_pointer (&self->account, lw_sync_account_free);
  if (account != NULL)
    self->account = lw_sync_account_copy (account);

  /* A new password deserves a try at once, not after the backoff. */
  self->auth_failed = FALSE;
  self->failures = 0;
  self->retry_at = 0;

  if (account != NULL)
    lw_sync_set_account_error (self, NULL);

  if (was_signed_in != (self->account != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

void
lw_sync_set_account_error (LwSync       *self,
                           const GError *error)
{
  const char *message = error != NULL ? error->message : NULL;

  g_return_if_fail (LW_IS_SYNC (self));

  if (g_strcmp0 (self->account_error, message) == 0)
    return;

  g_free (self->account_error);
  self->account_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ERROR]);
  /* The same toast as a failed sync: nothing syncs until it is dealt with. */
  if (error != NULL)
    g_signal_emit (self, signals[FAILED], 0, error);
}

const char *
lw_sync_get_account_error (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), NULL);

  return self->account_error;
}

const LwSyncAccount *
lw_sync_get_account (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), NULL);

  return self->account;
}

gboolean
lw_sync_get_signed_in (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), FALSE);

  return self->account != NULL;
}

void
lw_sync_sign_out (LwSync *self)
{
  g_return_if_fail (LW_IS_SYNC (self));

  if (self->store != NULL)
    {
      lw_sync_store_clear_prefix (self->store, "account:", NULL);
      lw_sync_store_set (self->store, "last-error", "", NULL);
    }
  set_last_error (self, NULL);
  lw_sync_set_account (self, NULL);
}

gboolean
lw_sync_get_syncing (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), FALSE);

  return self->cancellable != NULL;
}

gint64
lw_sync_get_last_sync (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), 0);

  return self->last_sync;
}

const char *
lw_sync_get_last_error (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), NULL);

  return self->last_error;
}

guint
lw_sync_get_pending (LwSync *self)
{
  g_return_val_if_fail (LW_IS_SYNC (self), 0);

  return self->store != NULL ? lw_sync_store_count_pending (self->store) : 0;
}

/* One sync */

typedef struct
{
  LwSync                   *self;
  LwSyncAccount            *account;
  const LwSyncDialectClass *dialect;
  char                     *host;
  char                     *since_changes_key;
  char                     *since_actions_key;
  char                     *registered_key;
  GPtrArray                *sent;       /* the changes or actions in flight */
  guint                     batches;
  GCancellable             *cancellable;
  GPtrArray                *waiting;    /* the GTasks this run answers */
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_pointer (&run->account, lw_sync_account_free);
  g_free (run->host);
  g_free (run->since_changes_key);
  g_free (run->since_actions_key);
  g_free (run->registered_key);
  g_clear_pointer (&run->sent, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->waiting, g_ptr_array_unref);
  g_free (run);
}

typedef void (*Step) (Run *run);

static void step_register        (Run *run);
static void step_upload_changes  (Run *run);
static void step_download_changes (Run *run);
static void step_subscribe       (Run *run);
static void step_upload_actions  (Run *run);
static void step_download_actions (Run *run);

static void
run_done (Run    *run,
          GError *error)
{
  LwSync *self = g_object_ref (run->self);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) owned_error = error;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Nothing to record: the app is quitting or the account changed. */
    }
  else if (error != NULL)
    {
      gboolean is_new = g_strcmp0 (self->last_error, error->message) != 0;

      g_debug ("Sync failed: %s", error->message);
      self->failures++;
      self->retry_at = g_get_monotonic_time () / G_USEC_PER_SEC + lw_sync_backoff_seconds (self->failures);
      self->auth_failed = g_error_matches (error, LW_SYNC_ERROR, LW_SYNC_ERROR_AUTH);
      lw_sync_store_set (self->store, "last-error", error->message, NULL);
      set_last_error (self, error->message);
      if (is_new)
        g_signal_emit (self, signals[FAILED], 0, error);
    }
  else
    {
      self->failures = 0;
      self->retry_at = 0;
      self->auth_failed = FALSE;
      self->last_sync = g_get_real_time () / G_USEC_PER_SEC;
      lw_sync_store_set_int (self->store, "last-sync", self->last_sync, NULL);
      lw_sync_store_set (self->store, "last-error", "", NULL);
      set_last_error (self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }

  waiting = g_steal_pointer (&run->waiting);
  /* A run cancelled by a new account is no longer the current one. */
  if (self->cancellable == run->cancellable)
    {
      g_clear_object (&self->cancellable);
      g_clear_pointer (&self->waiting, g_ptr_array_unref);
      self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
    }
  self->queue_stamp = lw_sync_store_queue_stamp (self->store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (owned_error != NULL)
        g_task_return_error (task, g_error_copy (owned_error));
      else
        g_task_return_boolean (task, TRUE);
    }

  run_free (run);
  g_object_unref (self);
}

/* Stops the run on an error; TRUE to go on. */
static gboolean
check (Run    *run,
       GError *error)
{
  if (error == NULL)
    return TRUE;

  run_done (run, error);
  return FALSE;
}

typedef struct
{
  Run     *run;
  void   (*done) (Run *run, GBytes *body);
  gboolean optional;  /* a refusal (4xx, 5xx) goes on with a NULL body */
} Exchange;

static void
exchanged_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Exchange *exchange = user_data;
  Run *run = exchange->run;
  void (*done) (Run *, GBytes *) = exchange->done;
  gboolean optional = exchange->optional;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  g_free (exchange);

  body = lw_sync_http_send_finish (result, &error);
  if (optional && g_error_matches (error, LW_SYNC_ERROR, LW_SYNC_ERROR_SERVER))
    {
      g_debug ("Going on without: %s", error->message);
      g_clear_error (&error);
    }
  if (check (run, error))
    done (run, body);
}

static void
exchange_full (Run         *run,
               const char  *method,
               const char  *url,
               const char  *json_body,
               gboolean     optional,
               void       (*done) (Run *run, GBytes *body))
{
  Exchange *exchange = g_new0 (Exchange, 1);

  exchange->run = run;
  exchange->done = done;
  exchange->optional = optional;
  g_debug ("%s %s", method, url);
  lw_sync_http_send_async (run->self->session, run->account, method, url, json_body,
                           run->cancellable, exchanged_cb, exchange);
}

static void
exchange (Run         *run,
          const char  *method,
          const char  *url,
          const char  *json_body,
          void       (*done) (Run *run, GBytes *body))
{
  exchange_full (run, method, url, json_body, FALSE, done);
}

/* 1. gpodder.net: a device must exist before its subscriptions can, and it sees
 * the other devices' subscriptions only once it is synchronized with them. */

static void
linked (Run    *run,
        GBytes *body)
{
  GError *error = NULL;

  lw_sync_store_set (run->self->store, run->registered_key, "1", &error);
  if (check (run, error))
    step_upload_changes (run);
}

static void
devices_listed (Run    *run,
                GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *url = NULL;
  JsonNode *list;
  guint others = 0;

  /* [{"id": "…", "caption": …}, …]: anything else, and there is nothing to link. */
  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (list = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      linked (run, NULL);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "synchronize");
  json_builder_begin_array (builder);
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, run->account->device_id);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (list), i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      id = json_object_get_string_member_with_default (json_node_get_object (element), "id", NULL);
      if (id == NULL || g_str_equal (id, run->account->device_id))
        continue;
      json_builder_add_string_value (builder, id);
      others++;
    }
  json_builder_end_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "stop-synchronize");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (others == 0)
    {
      linked (run, NULL);
      return;
    }

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  url = run->dialect->sync_devices_url (run->account);
  exchange_full (run, "POST", url, json, TRUE, linked);
}

static void
registered (Run    *run,
            GBytes *body)
{
  g_autofree char *url = run->dialect->devices_url (run->account);

  /* Servers without device lists or groups still sync this device's own list. */
  exchange_full (run, "GET", url, NULL, TRUE, devices_listed);
}

static void
step_register (Run *run)
{
  g_autofree char *url = NULL;
  g_autofree char *caption = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *done = NULL;

  done = lw_sync_store_get (run->self->store, run->registered_key);
  if (run->dialect->device_url == NULL || done != NULL)
    {
      step_upload_changes (run);
      return;
    }

  /* TRANSLATORS: the name of this computer on the sync server; %s is its host name */
  caption = g_strdup_printf (_("Longwave on %s"), g_get_host_name ());
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "caption");
  json_builder_add_string_value (builder, caption);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "desktop");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  url = run->dialect->device_url (run->account);
  exchange (run, "POST", url, json, registered);
}

/* 2. Our subscription changes up. */

static void
rename_show (Run        *run,
             const char *from,
             const char *to)
{
  g_autoptr(LwShow) show = lw_library_lookup_show_by_url (run->self->library, from);

  if (show == NULL)
    return;

  if (lw_library_set_show_feed_url (run->self->library, lw_show_get_id (show), to, NULL))
    {
      /* The server named the new URL itself: no need to tell it. */
      lw_sync_store_drop_change (run->self->store, from, NULL);
      lw_sync_store_drop_change (run->self->store, to, NULL);
    }
}

static void
changes_uploaded (Run    *run,
                  GBytes *body)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) renames = NULL;
  GError *error = NULL;

  /* A 2xx is the acknowledgement; what follows is a courtesy. */
  lw_sync_store_ack_changes (run->self->store, run->sent, &error);
  if (!check (run, error))
    return;
  g_clear_pointer (&run->sent, g_ptr_array_unref);

  object = lw_sync_json_parse_object (body, run->host, TRUE, NULL);
  if (object != NULL)
    {
      renames = lw_sync_json_read_update_urls (object);
      for (guint i = 0; i + 1 < renames->len; i += 2)
        rename_show (run, g_ptr_array_index (renames, i), g_ptr_array_index (renames, i + 1));
    }

  step_download_changes (run);
}

static void
step_upload_changes (Run *run)
{
  g_autofree char *since = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  GError *error = NULL;

  /* The first sync with an account: the server learns every show we have. */
  since = lw_sync_store_get (run->self->store, run->since_changes_key);
  if (since == NULL && !lw_sync_store_queue_all_shows (run->self->store, &error))
    {
      run_done (run, error);
      return;
    }

  run->sent = lw_sync_store_dup_changes (run->self->store, &error);
  if (!check (run, error))
    return;

  if (run->sent->len == 0)
    {
      g_clear_pointer (&run->sent, g_ptr_array_unref);
      step_download_changes (run);
      return;
    }

  url = run->dialect->upload_changes_url (run->account);
  json = lw_sync_json_changes (run->sent);
  exchange (run, "POST", url, json, changes_uploaded);
}

/* 3. The other devices' subscription changes down. */

static void
changes_downloaded (Run    *run,
                    GBytes *body)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  LwSync *self = run->self;
  GError *error = NULL;
  gint64 timestamp = 0;

  object = lw_sync_json_parse_object (body, run->host, FALSE, &error);
  if (object != NULL)
    changes = lw_sync_json_read_changes (object, &timestamp, run->host, &error);
  if (!check (run, error))
    return;

  for (guint i = 0; i < changes->len; i++)
    {
      LwSyncChange *change = g_ptr_array_index (changes, i);
      g_autoptr(LwShow) show = lw_library_lookup_show_by_url (self->library, change->url);

      if (change->add)
        {
          /* Kept until its feed is fetched, so a failure is retried next time. */
          if (show == NULL && !lw_sync_store_inbox_add (self->store, change->url, &error))
            break;
          continue;
        }

      if (!lw_sync_store_inbox_remove (self->store, change->url, &error))
        break;
      if (show != NULL)
        {
          g_debug ("Removed on another device: %s", change->url);
          if (!lw_library_remove_show (self->library, lw_show_get_id (show), &error))
            break;
          lw_sync_store_drop_change (self->store, change->url, NULL);
        }
    }

  if (error == NULL)
    lw_sync_store_set_int (self->store, run->since_changes_key, timestamp, &error);

  if (check (run, error))
    step_subscribe (run);
}

static void
step_download_changes (Run *run)
{
  g_autofree char *url = NULL;
  gint64 since = lw_sync_store_get_int (run->self->store, run->since_changes_key);

  url = run->dialect->subscriptions_url (run->account, since);
  exchange (run, "GET", url, NULL, changes_downloaded);
}

static void
subscribed_one (LwFeedService *service,
                guint          index,
                LwShow        *show,
                const GError  *error,
                gpointer       user_data)
{
  Run *run = user_data;
  const char *url = g_ptr_array_index (run->sent, index);

  if (show == NULL)
    {
      /* Stays in the inbox: tried again at the next sync. */
      g_debug ("Could not subscribe to %s from another device: %s", url, error->message);
      return;
    }

  lw_sync_store_inbox_remove (run->self->store, url, NULL);
  /* The server has it already. A redirect gave it another URL: that one the
   * server should learn, so only the URL asked for is dropped. */
  lw_sync_store_drop_change (run->self->store, url, NULL);
}

static void
subscribed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  lw_feed_service_subscribe_many_finish (LW_FEED_SERVICE (object), result, &error);
  g_clear_pointer (&run->sent, g_ptr_array_unref);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run_done (run, g_steal_pointer (&error));
      return;
    }

  step_upload_actions (run);
}

static void
step_subscribe (Run *run)
{
  LwSync *self = run->self;
  g_auto(GStrv) inbox = NULL;
  GError *error = NULL;

  inbox = lw_sync_store_dup_inbox (self->store, &error);
  if (!check (run, error))
    return;

  run->sent = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; inbox[i] != NULL; i++)
    {
      g_autoptr(LwShow) show = lw_library_lookup_show_by_url (self->library, inbox[i]);

      if (show != NULL)
        lw_sync_store_inbox_remove (self->store, inbox[i], NULL);
      else
        g_ptr_array_add (run->sent, g_strdup (inbox[i]));
    }

  if (run->sent->len == 0 || self->feed_service == NULL)
    {
      g_clear_pointer (&run->sent, g_ptr_array_unref);
      step_upload_actions (run);
      return;
    }

  g_ptr_array_add (run->sent, NULL);
  lw_feed_service_subscribe_many_async (self->feed_service,
                                        (const char * const *) run->sent->pdata,
                                        subscribed_one, run, run->cancellable,
                                        subscribed_cb, run);
}

/* 4. Our episode actions up, a batch at a time. */

static void
actions_uploaded (Run    *run,
                  GBytes *body)
{
  GError *error = NULL;

  lw_sync_store_ack_actions (run->self->store, run->sent, &error);
  g_clear_pointer (&run->sent, g_ptr_array_unref);
  if (check (run, error))
    step_upload_actions (run);
}

static void
step_upload_actions (Run *run)
{
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  GError *error = NULL;

  run->sent = lw_sync_store_dup_actions (run->self->store, ACTION_BATCH, &error);
  if (!check (run, error))
    return;

  if (run->sent->len == 0 || run->batches++ >= MAX_BATCHES)
    {
      g_clear_pointer (&run->sent, g_ptr_array_unref);
      step_download_actions (run);
      return;
    }

  url = run->dialect->upload_actions_url (run->account);
  json = lw_sync_json_actions (run->sent, run->account->device_id);
  exchange (run, "POST", url, json, actions_uploaded);
}

/* 5. The other devices' episode actions down: the newest per episode wins. */

static gboolean
apply_action (LwSync        *self,
              LwSyncAction  *action,
              GError       **error)
{
  g_autoptr(LwEpisode) episode = NULL;
  gint64 id;

  if (action->timestamp <= lw_sync_store_episode_time (self->store, action->episode))
    return lw_sync_store_release_action (self->store, action->episode, error);

  id = lw_sync_store_find_episode (self->store, action->podcast, action->episode, action->guid);
  if (id == 0 || (episode = lw_library_lookup_episode (self->library, id)) == NULL)
    return lw_sync_store_hold_action (self->store, action, error);

  if (!lw_sync_store_release_action (self->store, action->episode, error))
    return FALSE;

  g_debug ("Applying %s of %s from another device", action->action, action->episode);

  if (g_str_equal (action->action, "new"))
    {
      if ((lw_episode_get_played (episode) || lw_episode_get_position (episode) != 0) &&
          !lw_library_set_episode_played (self->library, id, FALSE, error))
        return FALSE;
    }
  else if (action->total > 0 && action->position >= action->total)
    {
      if (!lw_episode_get_played (episode) &&
          !lw_library_set_episode_played (self->library, id, TRUE, error))
        return FALSE;
    }
  else if (action->position >= 0)
    {
      if (lw_episode_get_played (episode) &&
          !lw_library_set_episode_played (self->library, id, FALSE, error))
        return FALSE;
      if (lw_episode_get_position (episode) != action->position * 1000 &&
          !lw_library_set_episode_position (self->library, id, action->position * 1000, error))
        return FALSE;
    }

  /* What the library's triggers just queued is the echo of this action. */
  return lw_sync_store_applied_action (self->store, action->episode, action->timestamp, error);
}

static void
actions_downloaded (Run    *run,
                    GBytes *body)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GHashTable) newest = NULL;
  LwSync *self = run->self;
  GHashTableIter iter;
  gpointer value;
  GError *error = NULL;
  gint64 timestamp = 0;

  object = lw_sync_json_parse_object (body, run->host, FALSE, &error);
  if (object != NULL)
    actions = lw_sync_json_read_actions (object, &timestamp, run->host, &error);
  if (!check (run, error))
    return;

  /* Only play and new say where an episode stands; a download elsewhere does not. */
  newest = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < actions->len; i++)
    {
      LwSyncAction *action = g_ptr_array_index (actions, i);
      LwSyncAction *seen;

      if (action->timestamp < 0 ||
          (!g_str_equal (action->action, "play") && !g_str_equal (action->action, "new")))
        continue;

      seen = g_hash_table_lookup (newest, action->episode);
      if (seen == NULL || action->timestamp >= seen->timestamp)
        g_hash_table_insert (newest, action->episode, action);
    }

  /* And those held back before, whose episode may be here by now. */
  held = lw_sync_store_dup_held_actions (self->store, &error);
  if (!check (run, error))
    return;
  for (guint i = 0; i < held->len; i++)
    {
      LwSyncAction *action = g_ptr_array_index (held, i);
      LwSyncAction *seen = g_hash_table_lookup (newest, action->episode);

      if (seen == NULL || action->timestamp > seen->timestamp)
        g_hash_table_insert (newest, action->episode, action);
    }

  g_hash_table_iter_init (&iter, newest);
  while (error == NULL && g_hash_table_iter_next (&iter, NULL, &value))
    apply_action (self, value, &error);

  if (error == NULL)
    lw_sync_store_set_int (self->store, run->since_actions_key, timestamp, &error);

  run_done (run, error);
}

static void
step_download_actions (Run *run)
{
  g_autofree char *url = NULL;
  gint64 since = lw_sync_store_get_int (run->self->store, run->since_actions_key);

  url = run->dialect->actions_url (run->account, since);
  exchange (run, "GET", url, NULL, actions_downloaded);
}

void
lw_sync_run_async (LwSync              *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *prefix = NULL;
  Run *run;

  g_return_if_fail (LW_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_sync_run_async);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_FAILED,
                               _("Could not read or save the sync state"));
      return;
    }

  if (self->account == NULL)
    {
      g_task_return_new_error (task, LW_SYNC_ERROR, LW_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to a sync server first"));
      return;
    }

  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  if (self->cancellable != NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->last_attempt = g_get_monotonic_time () / G_USEC_PER_SEC;
  self->changed_at = 0;

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->account = lw_sync_account_copy (self->account);
  run->dialect = self->account->dialect == LW_SYNC_DIALECT_NEXTCLOUD
                   ? lw_sync_nextcloud_dialect () : lw_sync_gpodder_dialect ();
  run->host = lw_sync_dup_host (run->account->server);
  run->cancellable = g_object_ref (self->cancellable);
  run->waiting = g_ptr_array_ref (self->waiting);
  /* What was synced with one account means nothing to another. */
  prefix = g_strdup_printf ("account:%s|%s|%s|%s:", run->dialect->name, run->account->server,
                            run->account->user,
                            run->account->device_id != NULL ? run->account->device_id : "");
  run->since_changes_key = g_strconcat (prefix, "subscriptions-since", NULL);
  run->since_actions_key = g_strconcat (prefix, "actions-since", NULL);
  run->registered_key = g_strconcat (prefix, "registered", NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  step_register (run);
}

gboolean
lw_sync_run_finish (LwSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (LW_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Scheduling */

guint
lw_sync_backoff_seconds (guint failures)
{
  if (failures == 0)
    return 0;

  return MIN (60u << MIN (failures - 1, 6u), 3600u);
}

static void
scheduled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  /* run_done recorded the outcome and emitted "failed". */
  lw_sync_run_finish (LW_SYNC (object), result, NULL);
}

static gboolean
tick_cb (gpointer data)
{
  LwSync *self = data;
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  gint64 stamp;
  gboolean due = FALSE;

  if (self->account == NULL || self->store == NULL || self->cancellable != NULL)
    return G_SOURCE_CONTINUE;

  stamp = lw_sync_store_queue_stamp (self->store);
  if (stamp != self->queue_stamp)
    {
      self->queue_stamp = stamp;
      self->changed_at = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }

  if (self->changed_at != 0 && now - self->changed_at >= self->debounce)
    due = TRUE;
  if (self->interval > 0 && now - self->last_attempt >= (gint64) self->interval)
    due = TRUE;
  if (self->auth_failed || now < self->retry_at)
    due = FALSE;

  if (due)
    lw_sync_run_async (self, NULL, scheduled_cb, NULL);

  return G_SOURCE_CONTINUE;
}

void
lw_sync_start (LwSync *self,
               guint   interval,
               guint   debounce)
{
  g_return_if_fail (LW_IS_SYNC (self));

  lw_sync_stop (self);
  self->interval = interval;
  self->debounce = debounce;

  self->tick = g_timeout_source_new_seconds (CLAMP ((interval > 0 ? MIN (interval, debounce) : debounce) / 4, 1, 15));
  g_source_set_callback (self->tick, tick_cb, self, NULL);
  g_source_set_static_name (self->tick, "[longwave] sync schedule");
  g_source_attach (self->tick, g_main_context_get_thread_default ());

  if (self->account != NULL)
    lw_sync_run_async (self, NULL, scheduled_cb, NULL);
}

void
lw_sync_stop (LwSync *self)
{
  g_return_if_fail (LW_IS_SYNC (self));

  if (self->tick != NULL)
    g_source_destroy (self->tick);
  g_clear_pointer (&self->tick, g_source_unref);
}
