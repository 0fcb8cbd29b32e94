/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-new-episodes-notifier.h"

struct _LwNewEpisodesNotifier
{
  GObject        parent_instance;

  LwApplication *application;    /* weak: the application owns the windows that own us */
  LwFeedService *feed_service;
  GHashTable    *before;         /* show id → newest episode date when the refresh began */
  GHashTable    *found;          /* show id → new episodes found */
  char          *last_body;
};

G_DEFINE_FINAL_TYPE (LwNewEpisodesNotifier, lw_new_episodes_notifier, G_TYPE_OBJECT)

char *
lw_new_episodes_notifier_format (const char * const *titles,
                                 guint               n_new)
{
  guint n_titles = g_strv_length ((char **) titles);

  if (n_titles == 1)
    /* Translators: a notification; %u new episodes of the show named by %s */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new episode of “%s”", "%u new episodes of “%s”", n_new),
                            n_new, titles[0]);
  if (n_titles == 2)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new episode of “%s” and “%s”",
                                         "%u new episodes of “%s” and “%s”", n_new),
                            n_new, titles[0], titles[1]);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new episode of “%s”, “%s” and %u more shows",
                                       "%u new episodes of “%s”, “%s” and %u more shows", n_new),
                          n_new, titles[0], titles[1], n_titles - 2);
}

static gboolean
any_window_active (LwNewEpisodesNotifier *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self->application)); l; l = l->next)
    if (gtk_window_is_active (l->data) && gtk_widget_get_visible (l->data))
      return TRUE;

  return FALSE;
}

static void
snapshot (LwNewEpisodesNotifier *self)
{
  GListModel *shows = lw_library_get_shows (lw_application_get_library (self->application));
  guint n = g_list_model_get_n_items (shows);

  g_hash_table_remove_all (self->before);
  g_hash_table_remove_all (self->found);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwShow) show = g_list_model_get_item (shows, i);
      gint64 *id = g_memdup2 (&(gint64) { lw_show_get_id (show) }, sizeof (gint64));
      gint64 *latest = g_memdup2 (&(gint64) { lw_show_get_latest_published (show) }, sizeof (gint64));

      g_hash_table_insert (self->before, id, latest);
    }
}

static void
on_show_refreshed (LwNewEpisodesNotifier *self,
                   LwShow                *show,
                   const GError          *error)
{
  gint64 id = lw_show_get_id (show);
  gint64 *latest_before = g_hash_table_lookup (self->before, &id);
  g_autoptr(GListModel) episodes = NULL;
  guint n_new = 0;

  if (error != NULL || latest_before == NULL || lw_show_get_latest_published (show) <= *latest_before)
    return;

  /* Turned off for this show on its page. */
  if (!lw_new_episodes_notifier_get_show_enabled (lw_application_get_settings (self->application), show))
    return;

  /* Newest first: count down the list until the date known before. */
  episodes = lw_library_get_episodes (lw_application_get_library (self->application), id);
  for (guint i = 0; i < g_list_model_get_n_items (episodes) && n_new < 1000; i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);

      if (lw_episode_get_published (episode) <= *latest_before)
        break;
      n_new++;
    }

  if (n_new > 0)
    g_hash_table_insert (self->found, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (n_new));
}

static void
send_notification (LwNewEpisodesNotifier *self)
{
  LwLibrary *library = lw_application_get_library (self->application);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GNotification) notification = NULL;
  g_auto(GStrv) titles = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, self->found);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(LwShow) show = lw_library_lookup_show (library, *(gint64 *) key);

      if (show == NULL)
        continue;
      g_strv_builder_add (builder, lw_show_get_title (show) ?: "");
      total += GPOINTER_TO_UINT (value);
    }
  titles = g_strv_builder_end (builder);
  if (total == 0)
    return;

  g_free (self->last_body);
  self->last_body = lw_new_episodes_notifier_format ((const char * const *) titles, total);

  notification = g_notification_new (_("New Episodes"));
  g_notification_set_body (notification, self->last_body);
  g_notification_set_default_action_and_target (notification, "app.show-new-episodes", NULL);
  g_application_send_notification (G_APPLICATION (self->application), "new-episodes", notification);
}

static void
on_refreshing_changed (LwNewEpisodesNotifier *self)
{
  if (lw_feed_service_get_refreshing (self->feed_service))
    {
      snapshot (self);
      return;
    }

  if (g_hash_table_size (self->found) > 0 &&
      g_settings_get_boolean (lw_application_get_settings (self->application), "notify-new-episodes") &&
      !any_window_active (self))
    send_notification (self);

  g_hash_table_remove_all (self->found);
  g_hash_table_remove_all (self->before);
}

static void
lw_new_episodes_notifier_dispose (GObject *object)
{
  LwNewEpisodesNotifier *self = (LwNewEpisodesNotifier *)object;

  if (self->feed_service != NULL)
    g_signal_handlers_disconnect_by_data (self->feed_service, self);
  g_clear_object (&self->feed_service);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (lw_new_episodes_notifier_parent_class)->dispose (object);
}

static void
lw_new_episodes_notifier_finalize (GObject *object)
{
  LwNewEpisodesNotifier *self = (LwNewEpisodesNotifier *)object;

  g_clear_pointer (&self->before, g_hash_table_unref);
  g_clear_pointer (&self->found, g_hash_table_unref);
  g_free (self->last_body);

  G_OBJECT_CLASS (lw_new_episodes_notifier_parent_class)->finalize (object);
}

static void
lw_new_episodes_notifier_class_init (LwNewEpisodesNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_new_episodes_notifier_dispose;
  object_class->finalize = lw_new_episodes_notifier_finalize;
}

static void
lw_new_episodes_notifier_init (LwNewEpisodesNotifier *self)
{
  self->before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

LwNewEpisodesNotifier *
lw_new_episodes_notifier_new (LwApplication *application)
{
  LwNewEpisodesNotifier *self;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (lw_application_get_feed_service (application) != NULL, NULL);

  self = g_object_new (LW_TYPE_NEW_EPISODES_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->feed_service = g_object_ref (lw_application_get_feed_service (application));

  g_signal_connect_swapped (self->feed_service, "notify::refreshing", G_CALLBACK (on_refreshing_changed), self);
  g_signal_connect_swapped (self->feed_service, "show-refreshed", G_CALLBACK (on_show_refreshed), self);

  return self;
}

const char *
lw_new_episodes_notifier_get_last_body (LwNewEpisodesNotifier *self)
{
  g_return_val_if_fail (LW_IS_NEW_EPISODES_NOTIFIER (self), NULL);

  return self->last_body;
}

gboolean
lw_new_episodes_notifier_get_show_enabled (GSettings *settings,
                                           LwShow    *show)
{
  g_auto(GStrv) muted = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), TRUE);
  g_return_val_if_fail (LW_IS_SHOW (show), TRUE);

  muted = g_settings_get_strv (settings, "notify-muted-shows");

  return lw_show_get_feed_url (show) == NULL ||
         !g_strv_contains ((const char * const *) muted, lw_show_get_feed_url (show));
}

void
lw_new_episodes_notifier_set_show_enabled (GSettings *settings,
                                           LwShow    *show,
                                           gboolean   enabled)
{
  g_auto(GStrv) muted = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) changed = NULL;
  const char *url;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (LW_IS_SHOW (show));

  url = lw_show_get_feed_url (show);
  if (url == NULL || lw_new_episodes_notifier_get_show_enabled (settings, show) == !!enabled)
    return;

  /* The feed address, not the id: it stays the same across unsubscribing and
   * subscribing again, and longwave-cli knows it too. */
  muted = g_settings_get_strv (settings, "notify-muted-shows");
  builder = g_strv_builder_new ();
  for (guint i = 0; muted[i] != NULL; i++)
    if (g_strcmp0 (muted[i], url) != 0)
      g_strv_builder_add (builder, muted[i]);
  if (!enabled)
    g_strv_builder_add (builder, url);
  changed = g_strv_builder_end (builder);

  g_settings_set_strv (settings, "notify-muted-shows", (const char * const *) changed);
}
