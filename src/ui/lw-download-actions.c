/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-download-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-download-actions.h"
#include "lw-show-download-settings.h"
#include "lw-window.h"
#include "lw-toast.h"

static void
show_error (LwApplication *app,
            const char    *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (LW_IS_WINDOW (window))
    lw_window_show_error (LW_WINDOW (window), message);
  else
    g_warning ("%s", message);
}

static void
on_metered_response (AdwMessageDialog *dialog,
                     const char       *response,
                     LwApplication    *app)
{
  LwDownloadPolicy *policy = lw_application_get_download_policy (app);

  if (policy != NULL)
    lw_download_policy_answer_metered (policy, g_strcmp0 (response, "download") == 0);
}

static void
on_metered_dialog_destroy (GtkWidget     *dialog,
                           LwApplication *app)
{
  if (g_object_get_data (G_OBJECT (app), "lw-metered-dialog") == dialog)
    g_object_set_data (G_OBJECT (app), "lw-metered-dialog", NULL);
}

void
lw_download_actions_ask_metered (LwApplication *app)
{
  LwDownloadPolicy *policy;
  GtkWindow *parent;
  GtkWidget *dialog;

  g_return_if_fail (LW_IS_APPLICATION (app));

  policy = lw_application_get_download_policy (app);
  if (policy == NULL || !lw_download_policy_get_needs_answer (policy))
    return;

  /* One question at a time, even when several downloads are started at once. */
  if (g_object_get_data (G_OBJECT (app), "lw-metered-dialog") != NULL)
    return;

  parent = gtk_application_get_active_window (GTK_APPLICATION (app));
  dialog = adw_message_dialog_new (parent, _("Download on a Metered Connection?"),
                                   _("This network may charge for data or limit it. Downloads wait until "
                                     "you allow them or until you are on another network. Longwave asks "
                                     "again the next time it starts."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "wait", _("_Wait"),
                                    "download", _("_Download"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "download",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "wait");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "wait");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_metered_response), app, 0);
  g_object_set_data (G_OBJECT (app), "lw-metered-dialog", dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_metered_dialog_destroy), app, 0);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (dialog));
}

#define WATCHED_KEY "lw-download-watched"

static void
on_download_retry (AdwToast      *toast,
                   LwApplication *app)
{
  gint64 episode_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "lw-episode-id"));

  /* As the first time: a failed download is queued again, the metered question too. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "download-episode",
                                  g_variant_new_int64 (episode_id));
}

/* A download a person asked for that fails says so where they are, with Retry; the
 * Downloads view keeps the error's detail. One that ends otherwise is let go. */
static void
on_watched_state (LwDownload    *download,
                  GParamSpec    *pspec,
                  LwApplication *app)
{
  LwDownloadState state = lw_download_get_state (download);
  GtkWindow *window;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (state != LW_DOWNLOAD_STATE_FAILED && state != LW_DOWNLOAD_STATE_COMPLETED &&
      state != LW_DOWNLOAD_STATE_CANCELLED)
    return;

  g_signal_handlers_disconnect_by_func (download, on_watched_state, app);
  g_object_set_data (G_OBJECT (download), WATCHED_KEY, NULL);

  window = lw_application_get_main_window (app);
  if (state != LW_DOWNLOAD_STATE_FAILED || window == NULL)
    return;

  /* Translators: a toast when a download failed; %s is the episode's title */
  text = g_strdup_printf (_("Could not download “%s”"), lw_download_get_title (download));
  toast = lw_toast_new_retry (text);
  g_object_set_data (G_OBJECT (toast), "lw-episode-id",
                     GSIZE_TO_POINTER ((gsize) lw_download_get_episode_id (download)));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_download_retry), app, 0);
  lw_window_add_toast (LW_WINDOW (window), toast);
}

static void
watch_download (LwApplication *app,
                LwDownload    *download)
{
  if (g_object_get_data (G_OBJECT (download), WATCHED_KEY) != NULL)
    return;

  g_object_set_data (G_OBJECT (download), WATCHED_KEY, GINT_TO_POINTER (TRUE));
  g_signal_connect_object (download, "notify::state", G_CALLBACK (on_watched_state), app, 0);
}

static void
download_episode_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  LwApplication *app = user_data;
  LwLibrary *library = lw_application_get_library (app);
  LwDownloader *downloader = lw_application_get_downloader (app);
  g_autoptr(LwEpisode) episode = NULL;
  g_autoptr(GError) error = NULL;
  LwDownload *download;

  if (library == NULL || downloader == NULL)
    return;

  if (!(episode = lw_library_lookup_episode (library, g_variant_get_int64 (parameter))))
    {
      show_error (app, _("This episode is no longer in the library"));
      return;
    }

  if (!(download = lw_downloader_add (downloader, episode, &error)))
    {
      show_error (app, error->message);
      return;
    }

  /* Asked to download again what waits paused: the user means go. */
  if (lw_download_get_state (download) == LW_DOWNLOAD_STATE_PAUSED)
    lw_downloader_resume (downloader, download);
  if (lw_download_get_state (download) != LW_DOWNLOAD_STATE_COMPLETED)
    watch_download (app, download);

  lw_download_actions_ask_metered (app);
}

static void
delete_download_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  LwApplication *app = user_data;
  LwDownloader *downloader = lw_application_get_downloader (app);
  g_autoptr(GError) error = NULL;

  if (downloader == NULL)
    return;

  if (!lw_downloader_delete (downloader, g_variant_get_int64 (parameter), &error))
    show_error (app, error->message);
}

static void
show_download_settings_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  LwApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWindow *window = lw_show_download_settings_new (app, g_variant_get_int64 (parameter), parent);

  if (window != NULL)
    gtk_window_present (window);
}

/* "Download New Episodes" of one show (its id): what the New list has of it. */
static void
download_new_episodes_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  LwApplication *app = user_data;
  LwDownloadPolicy *policy = lw_application_get_download_policy (app);
  GtkWindow *window = lw_application_get_main_window (app);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint queued;

  if (policy == NULL)
    return;

  queued = lw_download_policy_download_new (policy, g_variant_get_int64 (parameter), &error);
  if (error != NULL)
    {
      show_error (app, error->message);
      return;
    }

  text = queued == 0
    ? g_strdup (_("No new episodes to download"))
    : g_strdup_printf (ngettext ("Downloading %u new episode", "Downloading %u new episodes", queued), queued);
  if (window != NULL)
    {
      AdwToast *toast = lw_toast_new_plain (text);

      /* The answer to a click: now, not after toasts waiting to be dismissed. */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      lw_window_add_toast (LW_WINDOW (window), toast);
    }

  if (queued > 0)
    lw_download_actions_ask_metered (app);
}

static const GActionEntry download_actions[] = {
  { "download-episode", download_episode_action, "x" },
  { "download-new-episodes", download_new_episodes_action, "x" },
  { "delete-download", delete_download_action, "x" },
  { "show-download-settings", show_download_settings_action, "x" },
};

void
lw_download_actions_add (LwApplication *app)
{
  g_return_if_fail (LW_IS_APPLICATION (app));

  g_action_map_add_action_entries (G_ACTION_MAP (app), download_actions,
                                   G_N_ELEMENTS (download_actions), app);
}

void
lw_download_actions_after_first_frame (LwApplication *app)
{
  LwDownloader *downloader;

  g_return_if_fail (LW_IS_APPLICATION (app));

  downloader = lw_application_get_downloader (app);
  if (downloader == NULL || g_object_get_data (G_OBJECT (app), "lw-downloads-restored") != NULL)
    return;

  g_object_set_data (G_OBJECT (app), "lw-downloads-restored", GINT_TO_POINTER (TRUE));

  if (lw_downloader_restore (downloader) > 0)
    lw_download_actions_ask_metered (app);
  lw_download_policy_start (lw_application_get_download_policy (app));
}
