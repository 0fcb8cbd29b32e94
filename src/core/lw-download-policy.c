/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-download-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lw-download-policy.h"
#include "lw-library-private.h"

#define DEFAULT_AUTO_DOWNLOAD_MAX 3
#define MAX_AUTO_DOWNLOAD_MAX 100
#define AUTO_DELETE_INTERVAL_SECONDS (60 * 60)

struct _LwDownloadPolicy
{
  GObject                parent_instance;

  LwLibrary             *library;
  LwDownloader          *downloader;
  GSettings             *settings;
  LwFeedService         *feed_service;
  GNetworkMonitor       *monitor;
  LwDb                  *db;             /* our own connection to the library file */

  LwDownloadPolicyClock  clock;
  gpointer               clock_data;

  LwMeteredPolicy        metered_policy;
  gboolean               metered;
  gboolean               answered;       /* the user said yes or no this session */
  gboolean               allowed;        /* … and what */
  gboolean               needs_answer;
  gboolean               auto_download;
  guint                  auto_download_max;
  guint                  auto_delete_days;
  guint                  auto_delete_source;
};

G_DEFINE_FINAL_TYPE (LwDownloadPolicy, lw_download_policy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_METERED,
  PROP_NEEDS_ANSWER,
  PROP_AUTO_DOWNLOAD,
  PROP_AUTO_DOWNLOAD_MAX,
  PROP_AUTO_DELETE_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const metered_names[] = { "ask", "allow", "never" };

static gint64
now_unix (LwDownloadPolicy *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);

  return g_get_real_time () / G_USEC_PER_SEC;
}

static LwDb *
ensure_db (LwDownloadPolicy  *self,
           GError           **error)
{
  /* The library has run the migrations already: the tables are there. */
  if (self->db == NULL)
    self->db = lw_db_open (lw_library_get_path (self->library), error);

  return self->db;
}

/* Holds the downloader while the network is metered and the user has not allowed it. */
static void
update_hold (LwDownloadPolicy *self)
{
  gboolean held = FALSE;
  gboolean needs_answer = FALSE;

  if (self->metered)
    {
      switch (self->metered_policy)
        {
        case LW_METERED_ALLOW:
          break;
        case LW_METERED_NEVER:
          held = TRUE;
          break;
        case LW_METERED_ASK:
        default:
          held = !self->answered || !self->allowed;
          needs_answer = !self->answered;
          break;
        }
    }

  lw_downloader_set_held (self->downloader, held);

  if (self->needs_answer != needs_answer)
    {
      self->needs_answer = needs_answer;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_ANSWER]);
    }
}

static void
on_network_metered (LwDownloadPolicy *self)
{
  lw_download_policy_set_metered (self, g_network_monitor_get_network_metered (self->monitor));
}

static void
on_metered_key_changed (LwDownloadPolicy *self)
{
  g_autofree char *value = g_settings_get_string (self->settings, "download-metered");

  for (guint i = 0; i < G_N_ELEMENTS (metered_names); i++)
    if (g_strcmp0 (value, metered_names[i]) == 0)
      lw_download_policy_set_metered_policy (self, (LwMeteredPolicy) i);
}

static void
on_show_refreshed (LwDownloadPolicy *self,
                   LwShow           *show,
                   const GError     *refresh_error)
{
  g_autoptr(GError) error = NULL;

  if (refresh_error != NULL)
    return;

  if (!lw_download_policy_auto_download (self, lw_show_get_id (show), &error))
    if (error != NULL)
      g_message ("Auto-download for “%s”: %s", lw_show_get_title (show), error->message);
}

static gboolean
on_auto_delete_timeout (gpointer user_data)
{
  LwDownloadPolicy *self = user_data;
  g_autoptr(GError) error = NULL;

  lw_download_policy_auto_delete (self, &error);
  if (error != NULL)
    g_message ("Auto-delete: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static void
lw_download_policy_dispose (GObject *object)
{
  LwDownloadPolicy *self = (LwDownloadPolicy *)object;

  g_clear_handle_id (&self->auto_delete_source, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->feed_service != NULL)
    g_signal_handlers_disconnect_by_data (self->feed_service, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->feed_service);
  g_clear_object (&self->settings);
  g_clear_object (&self->downloader);
  g_clear_object (&self->library);
  g_clear_pointer (&self->db, lw_db_close);

  G_OBJECT_CLASS (lw_download_policy_parent_class)->dispose (object);
}

static void
lw_download_policy_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LwDownloadPolicy *self = LW_DOWNLOAD_POLICY (object);

  switch (prop_id)
    {
    case PROP_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case PROP_NEEDS_ANSWER:
      g_value_set_boolean (value, self->needs_answer);
      break;
    case PROP_AUTO_DOWNLOAD:
      g_value_set_boolean (value, self->auto_download);
      break;
    case PROP_AUTO_DOWNLOAD_MAX:
      g_value_set_uint (value, self->auto_download_max);
      break;
    case PROP_AUTO_DELETE_DAYS:
      g_value_set_uint (value, self->auto_delete_days);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_download_policy_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LwDownloadPolicy *self = LW_DOWNLOAD_POLICY (object);

  switch (prop_id)
    {
    case PROP_METERED:
      lw_download_policy_set_metered (self, g_value_get_boolean (value));
      break;
    case PROP_AUTO_DOWNLOAD:
      lw_download_policy_set_auto_download (self, g_value_get_boolean (value));
      break;
    case PROP_AUTO_DOWNLOAD_MAX:
      lw_download_policy_set_auto_download_max (self, g_value_get_uint (value));
      break;
    case PROP_AUTO_DELETE_DAYS:
      lw_download_policy_set_auto_delete_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_download_policy_class_init (LwDownloadPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_download_policy_dispose;
  object_class->get_property = lw_download_policy_get_property;
  object_class->set_property = lw_download_policy_set_property;

  properties[PROP_METERED] =
    g_param_spec_boolean ("metered", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_ANSWER] =
    g_param_spec_boolean ("needs-answer", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_DOWNLOAD] =
    g_param_spec_boolean ("auto-download", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_DOWNLOAD_MAX] =
    g_param_spec_uint ("auto-download-max", NULL, NULL, 1, MAX_AUTO_DOWNLOAD_MAX, DEFAULT_AUTO_DOWNLOAD_MAX,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_DELETE_DAYS] =
    g_param_spec_uint ("auto-delete-days", NULL, NULL, 0, 365, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_download_policy_init (LwDownloadPolicy *self)
{
  self->auto_download_max = DEFAULT_AUTO_DOWNLOAD_MAX;
  self->metered_policy = LW_METERED_ASK;
}

/**
 * lw_download_policy_new:
 * @library: the library
 * @downloader: the downloader the policy drives
 * @settings: (nullable): the app's settings
 *
 * Returns: (transfer full): a new policy
 */
LwDownloadPolicy *
lw_download_policy_new (LwLibrary    *library,
                        LwDownloader *downloader,
                        GSettings    *settings)
{
  LwDownloadPolicy *self;

  g_return_val_if_fail (LW_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (LW_IS_DOWNLOADER (downloader), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LW_TYPE_DOWNLOAD_POLICY, NULL);
  self->library = g_object_ref (library);
  self->downloader = g_object_ref (downloader);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "notify::network-metered",
                           G_CALLBACK (on_network_metered), self, G_CONNECT_SWAPPED);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "auto-download", self, "auto-download", G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "auto-download-max", self, "auto-download-max", G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "auto-delete-days", self, "auto-delete-days", G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "download-folder", downloader, "folder", G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "download-max-concurrent", downloader, "max-concurrent", G_SETTINGS_BIND_GET);
      g_signal_connect_swapped (settings, "changed::download-metered",
                                G_CALLBACK (on_metered_key_changed), self);
      on_metered_key_changed (self);
    }

  on_network_metered (self);

  return self;
}

void
lw_download_policy_set_clock (LwDownloadPolicy      *self,
                              LwDownloadPolicyClock  clock,
                              gpointer               user_data)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));

  self->clock = clock;
  self->clock_data = user_data;
}

void
lw_download_policy_set_feed_service (LwDownloadPolicy *self,
                                     LwFeedService    *service)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));
  g_return_if_fail (service == NULL || LW_IS_FEED_SERVICE (service));

  if (self->feed_service != NULL)
    g_signal_handlers_disconnect_by_data (self->feed_service, self);

  if (g_set_object (&self->feed_service, service) && service != NULL)
    g_signal_connect_swapped (service, "show-refreshed", G_CALLBACK (on_show_refreshed), self);
}

LwMeteredPolicy
lw_download_policy_get_metered_policy (LwDownloadPolicy *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), LW_METERED_ASK);

  return self->metered_policy;
}

void
lw_download_policy_set_metered_policy (LwDownloadPolicy *self,
                                       LwMeteredPolicy   policy)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));
  g_return_if_fail (policy <= LW_METERED_NEVER);

  self->metered_policy = policy;
  update_hold (self);
}

gboolean
lw_download_policy_get_metered (LwDownloadPolicy *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), FALSE);

  return self->metered;
}

void
lw_download_policy_set_metered (LwDownloadPolicy *self,
                                gboolean          metered)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));

  metered = !!metered;
  if (self->metered != metered)
    {
      self->metered = metered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METERED]);
    }

  update_hold (self);
}

gboolean
lw_download_policy_get_needs_answer (LwDownloadPolicy *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), FALSE);

  return self->needs_answer;
}

void
lw_download_policy_answer_metered (LwDownloadPolicy *self,
                                   gboolean          allow)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));

  self->answered = TRUE;
  self->allowed = !!allow;
  update_hold (self);
}

gboolean
lw_download_policy_get_auto_download (LwDownloadPolicy *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), FALSE);

  return self->auto_download;
}

void
lw_download_policy_set_auto_download (LwDownloadPolicy *self,
                                      gboolean          auto_download)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));

  auto_download = !!auto_download;
  if (self->auto_download == auto_download)
    return;

  self->auto_download = auto_download;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_DOWNLOAD]);
}

guint
lw_download_policy_get_auto_download_max (LwDownloadPolicy *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), 0);

  return self->auto_download_max;
}

void
lw_download_policy_set_auto_download_max (LwDownloadPolicy *self,
                                          guint             max)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));

  max = CLAMP (max, 1, MAX_AUTO_DOWNLOAD_MAX);
  if (self->auto_download_max == max)
    return;

  self->auto_download_max = max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_DOWNLOAD_MAX]);
}

guint
lw_download_policy_get_auto_delete_days (LwDownloadPolicy *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), 0);

  return self->auto_delete_days;
}

void
lw_download_policy_set_auto_delete_days (LwDownloadPolicy *self,
                                         guint             days)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));

  if (self->auto_delete_days == days)
    return;

  self->auto_delete_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_DELETE_DAYS]);
}

gboolean
lw_download_policy_get_show_settings (LwDownloadPolicy  *self,
                                      gint64             show_id,
                                      int               *auto_download,
                                      int               *max_episodes,
                                      GError           **error)
{
  LwDb *db;
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), FALSE);

  if (auto_download != NULL)
    *auto_download = -1;
  if (max_episodes != NULL)
    *max_episodes = -1;

  if (!(db = ensure_db (self, error)) ||
      !(stmt = lw_db_prepare (db, "SELECT auto_download, max_episodes FROM download_settings"
                                  " WHERE show_id = ?1", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (auto_download != NULL)
        *auto_download = sqlite3_column_int (stmt, 0);
      if (max_episodes != NULL)
        *max_episodes = sqlite3_column_int (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the library"));
      return FALSE;
    }

  return TRUE;
}

gboolean
lw_download_policy_set_show_settings (LwDownloadPolicy  *self,
                                      gint64             show_id,
                                      int                auto_download,
                                      int                max_episodes,
                                      GError           **error)
{
  LwDb *db;
  g_autoptr(LwStmt) stmt = NULL;

  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), FALSE);
  g_return_val_if_fail (auto_download >= -1 && auto_download <= 1, FALSE);
  g_return_val_if_fail (max_episodes == -1 || (max_episodes >= 1 && max_episodes <= MAX_AUTO_DOWNLOAD_MAX), FALSE);

  if (!(db = ensure_db (self, error)) ||
      !(stmt = lw_db_prepare (db, "INSERT INTO download_settings (show_id, auto_download, max_episodes)"
                                  " SELECT id, ?2, ?3 FROM shows WHERE id = ?1"
                                  " ON CONFLICT (show_id) DO UPDATE SET auto_download = ?2, max_episodes = ?3",
                              error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, show_id);
  sqlite3_bind_int (stmt, 2, auto_download);
  sqlite3_bind_int (stmt, 3, max_episodes);
  if (!lw_db_step_done (db, stmt, _("Could not save the podcast’s download settings"), error))
    return FALSE;

  if (sqlite3_changes (db->handle) == 0)
    {
      lw_library_set_not_found (error, LW_NOT_FOUND_SHOW, show_id);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gint64 show_id;
  guint  max;
} AutoShow;

/* The shows auto-download is on for, with their maximum. */
static GArray *
auto_shows (LwDownloadPolicy  *self,
            LwDb              *db,
            gint64             show_id,
            GError           **error)
{
  g_autoptr(GArray) shows = g_array_new (FALSE, FALSE, sizeof (AutoShow));
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  if (!(stmt = lw_db_prepare (db, "SELECT s.id, coalesce (d.auto_download, -1), coalesce (d.max_episodes, -1)"
                                  " FROM shows s LEFT JOIN download_settings d ON d.show_id = s.id"
                                  " WHERE ?1 <= 0 OR s.id = ?1", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, show_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int on = sqlite3_column_int (stmt, 1);
      int max = sqlite3_column_int (stmt, 2);
      AutoShow show = { sqlite3_column_int64 (stmt, 0), max > 0 ? (guint) max : self->auto_download_max };

      if (on == 1 || (on == -1 && self->auto_download))
        g_array_append_val (shows, show);
    }

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the library"));
      return NULL;
    }

  return g_steal_pointer (&shows);
}

/* The newest @max unplayed episodes of the show that came with a refresh (not with
 * the subscription), with whether auto-download already took each one. */
static GArray *
wanted_episodes (LwDb              *db,
                 const AutoShow    *show,
                 GArray           **taken,
                 GError           **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  if (!(stmt = lw_db_prepare (db, "SELECT e.id, a.episode_id IS NOT NULL OR st.local_path IS NOT NULL"
                                  LW_EPISODE_FROM
                                  " JOIN shows s ON s.id = e.show_id"
                                  " LEFT JOIN auto_downloaded a ON a.episode_id = e.id"
                                  " WHERE e.show_id = ?1 AND st.played = 0 AND e.first_seen > s.added"
                                  "   AND coalesce (e.enclosure_url, '') != ''"
                                  " ORDER BY e.published DESC, e.id DESC LIMIT ?2", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, show->show_id);
  sqlite3_bind_int64 (stmt, 2, show->max);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean was_taken = sqlite3_column_int (stmt, 1) != 0;

      g_array_append_val (ids, id);
      g_array_append_val (done, was_taken);
    }

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the library"));
      return NULL;
    }

  *taken = g_steal_pointer (&done);
  return g_steal_pointer (&ids);
}

/* The library's "new": published in the last two weeks (lw-library.c). */
#define NEW_EPISODE_DAYS 14

/* Queued, downloading or paused already: adding it again would change nothing. */
static gboolean
is_under_way (LwDownloader *downloader,
              gint64        episode_id)
{
  GListModel *downloads = lw_downloader_get_downloads (downloader);

  for (guint i = 0; i < g_list_model_get_n_items (downloads); i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (downloads, i);
      LwDownloadState state = lw_download_get_state (download);

      if (lw_download_get_episode_id (download) == episode_id)
        return state == LW_DOWNLOAD_STATE_QUEUED || state == LW_DOWNLOAD_STATE_DOWNLOADING ||
               state == LW_DOWNLOAD_STATE_PAUSED;
    }

  return FALSE;
}

guint
lw_download_policy_download_new (LwDownloadPolicy  *self,
                                 gint64             show_id,
                                 GError           **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(LwStmt) stmt = NULL;
  guint queued = 0;
  LwDb *db;
  int rc;

  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!(db = ensure_db (self, error)) ||
      !(stmt = lw_db_prepare (db, "SELECT e.id" LW_EPISODE_FROM
                                  " WHERE e.show_id = ?1 AND e.published >= ?2 AND st.played = 0"
                                  "   AND st.local_path IS NULL AND coalesce (e.enclosure_url, '') != ''"
                                  " ORDER BY e.published DESC, e.id DESC", error)))
    return 0;

  sqlite3_bind_int64 (stmt, 1, show_id);
  sqlite3_bind_int64 (stmt, 2, now_unix (self) - NEW_EPISODE_DAYS * 24 * 60 * 60);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the library"));
      return 0;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(LwEpisode) episode = lw_library_lookup_episode (self->library, g_array_index (ids, gint64, i));
      g_autoptr(GError) local_error = NULL;

      if (episode == NULL || is_under_way (self->downloader, lw_episode_get_id (episode)))
        continue;
      if (lw_downloader_add (self->downloader, episode, &local_error) == NULL)
        {
          g_message ("Could not download “%s”: %s", lw_episode_get_title (episode), local_error->message);
          continue;
        }
      queued++;
    }

  return queued;
}

guint
lw_download_policy_auto_download (LwDownloadPolicy  *self,
                                  gint64             show_id,
                                  GError           **error)
{
  g_autoptr(GArray) shows = NULL;
  guint queued = 0;
  LwDb *db;

  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!(db = ensure_db (self, error)) || !(shows = auto_shows (self, db, show_id, error)))
    return 0;

  for (guint i = 0; i < shows->len; i++)
    {
      g_autoptr(GArray) taken = NULL;
      g_autoptr(GArray) ids = wanted_episodes (db, &g_array_index (shows, AutoShow, i), &taken, error);

      if (ids == NULL)
        return queued;

      for (guint j = 0; j < ids->len; j++)
        {
          gint64 id = g_array_index (ids, gint64, j);
          g_autoptr(LwEpisode) episode = NULL;
          g_autoptr(LwStmt) stmt = NULL;
          g_autoptr(GError) local_error = NULL;

          if (g_array_index (taken, gboolean, j))
            continue;

          if (!(episode = lw_library_lookup_episode (self->library, id)))
            continue;

          if (lw_downloader_add (self->downloader, episode, &local_error) == NULL)
            {
              g_message ("Could not download “%s”: %s", lw_episode_get_title (episode), local_error->message);
              continue;
            }

          queued++;

          if (!(stmt = lw_db_prepare (db, "INSERT OR IGNORE INTO auto_downloaded (episode_id) VALUES (?1)", error)))
            return queued;
          sqlite3_bind_int64 (stmt, 1, id);
          if (!lw_db_step_done (db, stmt, _("Could not save the download"), error))
            return queued;
        }
    }

  return queued;
}

typedef struct
{
  gint64  id;
  gint64  last_played;
  char   *path;
} Candidate;

static void
candidate_clear (Candidate *candidate)
{
  g_clear_pointer (&candidate->path, g_free);
}

guint
lw_download_policy_auto_delete (LwDownloadPolicy  *self,
                                GError           **error)
{
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(LwStmt) stmt = NULL;
  gint64 cutoff;
  guint deleted = 0;
  LwDb *db;
  int rc;

  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (self->auto_delete_days == 0)
    return 0;

  /* Played and not started again (a position means in progress). */
  if (!(db = ensure_db (self, error)) ||
      !(stmt = lw_db_prepare (db, "SELECT e.id, st.last_played, st.local_path" LW_EPISODE_FROM
                                  " WHERE st.local_path IS NOT NULL AND st.played = 1 AND st.position_ms = 0",
                              error)))
    return 0;

  candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_array_set_clear_func (candidates, (GDestroyNotify) candidate_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate candidate = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int64 (stmt, 1),
        lw_db_dup_column (stmt, 2),
      };

      g_array_append_val (candidates, candidate);
    }
  g_clear_pointer (&stmt, lw_stmt_release);

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the library"));
      return 0;
    }

  cutoff = now_unix (self) - (gint64) self->auto_delete_days * 24 * 60 * 60;

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      g_autoptr(GError) local_error = NULL;
      GStatBuf buf;
      gint64 since = candidate->last_played;

      /* Downloaded again after it was played: the days count from the download. */
      if (g_stat (candidate->path, &buf) == 0)
        since = MAX (since, (gint64) buf.st_mtime);

      if (since > cutoff)
        continue;

      if (!lw_downloader_delete (self->downloader, candidate->id, &local_error))
        {
          g_message ("Auto-delete: %s", local_error->message);
          continue;
        }

      deleted++;
    }

  return deleted;
}

void
lw_download_policy_start (LwDownloadPolicy *self)
{
  g_return_if_fail (LW_IS_DOWNLOAD_POLICY (self));

  if (self->auto_delete_source != 0)
    return;

  on_auto_delete_timeout (self);
  self->auto_delete_source = g_timeout_add_seconds (AUTO_DELETE_INTERVAL_SECONDS, on_auto_delete_timeout, self);
}

GListModel *
lw_download_policy_list_downloaded (LwDownloadPolicy  *self,
                                    GError           **error)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(LwStmt) stmt = NULL;
  LwDb *db;
  int rc;

  g_return_val_if_fail (LW_IS_DOWNLOAD_POLICY (self), NULL);

  if (!(db = ensure_db (self, error)) ||
      !(stmt = lw_db_prepare (db, "SELECT e.id" LW_EPISODE_FROM " WHERE st.local_path IS NOT NULL"
                                  " ORDER BY e.published DESC, e.id DESC", error)))
    return NULL;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  g_clear_pointer (&stmt, lw_stmt_release);

  if (rc != SQLITE_DONE)
    {
      lw_library_set_sqlite_error (error, db->handle, rc, _("Could not read the library"));
      return NULL;
    }

  store = g_list_store_new (LW_TYPE_EPISODE);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(LwEpisode) episode = lw_library_lookup_episode (self->library, g_array_index (ids, gint64, i));

      /* The library's own connection may not have seen the change yet. */
      if (episode != NULL && lw_episode_get_local_path (episode) != NULL)
        g_list_store_append (store, episode);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}
