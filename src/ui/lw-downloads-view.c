/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-downloads-view"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lw-accessible.h"
#include "lw-artwork.h"
#include "lw-download-row.h"
#include "lw-downloads-view.h"

struct _LwDownloadsView
{
  AdwBin            parent_instance;

  LwApplication    *application;
  LwDownloader     *downloader;
  LwDownloadPolicy *policy;
  LwLibrary        *library;

  GListStore       *active;       /* LwDownload under way: waiting, running or paused */
  GListStore       *failed;       /* LwDownload that failed, until retried or removed */
  GListStore       *done;         /* LwEpisode with a local file */
  guint             rebuild_id;

  AdwHeaderBar     *header_bar;
  GtkStack         *stack;
  GtkWidget        *metered_box;
  GtkLabel         *metered_label;
  GtkWidget        *metered_button;
  GtkWidget        *total_box;
  GtkLabel         *total_title;
  GtkLabel         *total_label;
  GtkProgressBar   *total_progress;
  GtkWidget        *active_group;
  GtkListBox       *active_list;
  GtkWidget        *failed_group;
  GtkListBox       *failed_list;
  GtkWidget        *done_group;
  GtkListBox       *done_list;
};

G_DEFINE_FINAL_TYPE (LwDownloadsView, lw_downloads_view, ADW_TYPE_BIN)

static void schedule_rebuild (LwDownloadsView *self);

static char *
dup_artwork_url (LwDownloadsView *self,
                 LwEpisode       *episode)
{
  g_autoptr(LwShow) show = NULL;

  if (episode == NULL)
    return NULL;

  if (lw_episode_get_image_url (episode) != NULL)
    return g_strdup (lw_episode_get_image_url (episode));

  show = lw_library_lookup_show (self->library, lw_episode_get_show_id (episode));
  return show != NULL ? g_strdup (lw_show_get_image_url (show)) : NULL;
}

/* A download under way or failed: the row says which, with its buttons. */
static GtkWidget *
create_download_row (gpointer item,
                     gpointer user_data)
{
  LwDownloadsView *self = user_data;
  LwDownload *download = item;
  g_autoptr(LwEpisode) episode = lw_library_lookup_episode (self->library, lw_download_get_episode_id (download));
  g_autofree char *artwork_url = dup_artwork_url (self, episode);

  return lw_download_row_new (self->downloader, download, artwork_url);
}

static GtkWidget *
add_suffix_button (AdwActionRow *row,
                   const char   *icon_name,
                   const char   *label,
                   const char   *action,
                   gint64        episode_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  lw_accessible_set_name (button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (episode_id));
  adw_action_row_add_suffix (row, button);

  return button;
}

static GtkWidget *
create_done_row (gpointer item,
                 gpointer user_data)
{
  LwDownloadsView *self = user_data;
  LwEpisode *episode = item;
  g_autoptr(LwShow) show = lw_library_lookup_show (self->library, lw_episode_get_show_id (episode));
  g_autofree char *artwork_url = dup_artwork_url (self, episode);
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *artwork;
  GStatBuf buf;

  if (g_stat (lw_episode_get_local_path (episode), &buf) == 0)
    size = g_format_size (buf.st_size);

  if (show != NULL && size != NULL)
    subtitle = g_strdup_printf ("%s · %s", lw_show_get_title (show), size);
  else
    subtitle = g_strdup (show != NULL ? lw_show_get_title (show) : size);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lw_episode_get_title (episode));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);

  artwork = lw_artwork_new (40);
  lw_artwork_set_url (LW_ARTWORK (artwork), artwork_url);
  gtk_widget_set_valign (artwork, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (artwork, 6);
  gtk_widget_set_margin_bottom (artwork, 6);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), artwork);

  add_suffix_button (ADW_ACTION_ROW (row), "media-playback-start-symbolic", _("Play"),
                     "app.play-episode", lw_episode_get_id (episode));
  add_suffix_button (ADW_ACTION_ROW (row), "user-trash-symbolic", _("Delete Download"),
                     "app.delete-download", lw_episode_get_id (episode));

  return row;
}

static void
update_metered (LwDownloadsView *self)
{
  gboolean waiting = g_list_model_get_n_items (G_LIST_MODEL (self->active)) > 0;
  gboolean ask = lw_download_policy_get_needs_answer (self->policy);
  gboolean never = lw_downloader_get_held (self->downloader) && !ask;

  gtk_widget_set_visible (self->metered_box, waiting && (ask || never));
  gtk_widget_set_visible (self->metered_button, ask);
  gtk_label_set_text (self->metered_label,
                      ask ? _("This connection is metered: downloads wait until you allow them.")
                          : _("This connection is metered: downloads wait for another network, as set in Preferences."));
}

/* The line at the top: how many, how far, how fast, over the unfinished downloads. */
static void
update_total (LwDownloadsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->active));
  gint64 downloaded = 0;
  gint64 total = 0;
  gint64 known_downloaded = 0;
  double speed = 0;
  guint running = 0;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *done = NULL;

  /* Sizes not known yet (downloads that have not started) are left out of the
   * "of" and of the bar, rather than making the whole line unknown. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (G_LIST_MODEL (self->active), i);

      downloaded += lw_download_get_downloaded (download);
      if (lw_download_get_total (download) >= 0)
        {
          total += lw_download_get_total (download);
          known_downloaded += lw_download_get_downloaded (download);
        }
      speed += lw_download_get_speed (download);
      if (lw_download_get_state (download) == LW_DOWNLOAD_STATE_DOWNLOADING)
        running++;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Episode", "%u Episodes", n), n);
  gtk_label_set_text (self->total_title, title);

  done = g_format_size (downloaded);
  if (downloaded == 0 && total == 0)
    ; /* nothing started yet: "0 bytes" would only be noise */
  else if (total > 0)
    {
      g_autofree char *whole = g_format_size (total);

      g_string_append_printf (text, _("%s of %s"), done, whole);
    }
  else
    g_string_append (text, done);

  if (speed > 0)
    {
      g_autofree char *rate = g_format_size ((guint64) speed);

      g_string_append_printf (text, _(" · %s/s"), rate);
    }
  else if (running == 0 && n > 0)
    g_string_append_printf (text, text->len > 0 ? " · %s" : "%s", _("Not downloading"));

  gtk_label_set_text (self->total_label, text->str);
  gtk_progress_bar_set_fraction (self->total_progress,
                                 total > 0 ? CLAMP ((double) known_downloaded / total, 0, 1) : 0);
  gtk_widget_set_visible (self->total_box, n > 0);
}

/* Makes @store hold @items (in the same relative order) while keeping the items
 * already there, so their rows (and a button press in progress) stay. */
static void
sync_store (GListStore *store,
            GPtrArray  *items)
{
  guint position = 0;

  for (guint i = 0; i < items->len; i++)
    {
      for (;;)
        {
          g_autoptr(GObject) current = g_list_model_get_item (G_LIST_MODEL (store), position);

          if (current == NULL || current == items->pdata[i])
            break;

          /* Gone from the new list: drop it. Still to come: the new one goes first. */
          if (!g_ptr_array_find (items, current, NULL))
            g_list_store_remove (store, position);
          else
            {
              g_list_store_insert (store, position, items->pdata[i]);
              break;
            }
        }

      {
        g_autoptr(GObject) current = g_list_model_get_item (G_LIST_MODEL (store), position);

        if (current != items->pdata[i])
          g_list_store_insert (store, position, items->pdata[i]);
      }

      position++;
    }

  while (g_list_model_get_n_items (G_LIST_MODEL (store)) > position)
    g_list_store_remove (store, position);
}

static gboolean
rebuild (gpointer user_data)
{
  LwDownloadsView *self = user_data;
  GListModel *downloads = lw_downloader_get_downloads (self->downloader);
  g_autoptr(GPtrArray) active = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) downloaded = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  self->rebuild_id = 0;

  n = g_list_model_get_n_items (downloads);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (downloads, i);
      LwDownloadState state = lw_download_get_state (download);

      if (state == LW_DOWNLOAD_STATE_FAILED)
        g_ptr_array_add (failed, g_object_ref (download));
      else if (state != LW_DOWNLOAD_STATE_COMPLETED && state != LW_DOWNLOAD_STATE_CANCELLED)
        g_ptr_array_add (active, g_object_ref (download));
    }

  if ((downloaded = lw_download_policy_list_downloaded (self->policy, &error)))
    {
      n = g_list_model_get_n_items (downloaded);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (done, g_list_model_get_item (downloaded, i));
    }
  else
    g_message ("Could not list the downloads: %s", error->message);

  /* Handlers on the previous items first: an item in both lists keeps one. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->active));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->active), i);
      g_signal_handlers_disconnect_by_func (item, update_total, self);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->done));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->done), i);
      g_signal_handlers_disconnect_by_func (item, schedule_rebuild, self);
    }

  /* Rows are rebuilt only when a download changes state: progress updates in place. */
  for (guint i = 0; i < active->len; i++)
    g_signal_connect_object (active->pdata[i], "notify", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < done->len; i++)
    g_signal_connect_object (done->pdata[i], "notify::local-path", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);

  sync_store (self->active, active);
  sync_store (self->failed, failed);
  sync_store (self->done, done);

  gtk_widget_set_visible (self->active_group, active->len > 0);
  gtk_widget_set_visible (self->failed_group, failed->len > 0);
  gtk_widget_set_visible (self->done_group, done->len > 0);
  gtk_stack_set_visible_child_name (self->stack, active->len + failed->len + done->len > 0 ? "list" : "empty");

  update_total (self);
  update_metered (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (LwDownloadsView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild, self);
}

static void
on_downloads_changed (LwDownloadsView *self,
                      guint            position,
                      guint            removed,
                      guint            added)
{
  GListModel *downloads = lw_downloader_get_downloads (self->downloader);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(LwDownload) download = g_list_model_get_item (downloads, i);

      g_signal_connect_object (download, "notify::state", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
    }

  schedule_rebuild (self);
}

static void
on_allow_metered (LwDownloadsView *self)
{
  lw_download_policy_answer_metered (self->policy, TRUE);
}

static void
lw_downloads_view_dispose (GObject *object)
{
  LwDownloadsView *self = (LwDownloadsView *)object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->downloader != NULL)
    {
      GListModel *downloads = lw_downloader_get_downloads (self->downloader);
      guint n = g_list_model_get_n_items (downloads);

      g_signal_handlers_disconnect_by_data (downloads, self);
      g_signal_handlers_disconnect_by_data (self->downloader, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (downloads, i);
          g_signal_handlers_disconnect_by_data (item, self);
        }
    }
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  if (self->active != NULL)
    gtk_list_box_bind_model (self->active_list, NULL, NULL, NULL, NULL);
  if (self->failed != NULL)
    gtk_list_box_bind_model (self->failed_list, NULL, NULL, NULL, NULL);
  if (self->done != NULL)
    gtk_list_box_bind_model (self->done_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->active);
  g_clear_object (&self->failed);
  g_clear_object (&self->done);
  g_clear_object (&self->downloader);
  g_clear_object (&self->policy);
  g_clear_object (&self->library);
  g_clear_object (&self->application);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_DOWNLOADS_VIEW);

  G_OBJECT_CLASS (lw_downloads_view_parent_class)->dispose (object);
}

static void
lw_downloads_view_class_init (LwDownloadsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_downloads_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-downloads-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, stack);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, metered_box);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, metered_label);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, metered_button);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, total_box);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, total_title);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, total_label);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, total_progress);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, active_group);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, active_list);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, failed_group);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, failed_list);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, done_group);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadsView, done_list);
  gtk_widget_class_bind_template_callback (widget_class, on_allow_metered);

  gtk_widget_class_set_css_name (widget_class, "downloadsview");
}

static void
lw_downloads_view_init (LwDownloadsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lw_downloads_view_new (LwApplication *application)
{
  LwDownloadsView *self;
  GListModel *downloads;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  self = g_object_new (LW_TYPE_DOWNLOADS_VIEW, NULL);
  self->application = g_object_ref (application);
  self->active = g_list_store_new (LW_TYPE_DOWNLOAD);
  self->failed = g_list_store_new (LW_TYPE_DOWNLOAD);
  self->done = g_list_store_new (LW_TYPE_EPISODE);

  /* Without a library there is nothing to download: the empty page stays. */
  if (lw_application_get_downloader (application) == NULL)
    return GTK_WIDGET (self);

  self->downloader = g_object_ref (lw_application_get_downloader (application));
  self->policy = g_object_ref (lw_application_get_download_policy (application));
  self->library = g_object_ref (lw_application_get_library (application));

  gtk_list_box_bind_model (self->active_list, G_LIST_MODEL (self->active), create_download_row, self, NULL);
  gtk_list_box_bind_model (self->failed_list, G_LIST_MODEL (self->failed), create_download_row, self, NULL);
  gtk_list_box_bind_model (self->done_list, G_LIST_MODEL (self->done), create_done_row, self, NULL);

  downloads = lw_downloader_get_downloads (self->downloader);
  g_signal_connect_object (downloads, "items-changed", G_CALLBACK (on_downloads_changed), self, G_CONNECT_SWAPPED);
  on_downloads_changed (self, 0, 0, g_list_model_get_n_items (downloads));
  g_signal_connect_object (self->policy, "notify::needs-answer", G_CALLBACK (update_metered), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->downloader, "notify::held", G_CALLBACK (update_metered), self, G_CONNECT_SWAPPED);
  /* longwave-cli may download (or a show may go) behind the app's back: the library
   * reloads its lists then, and so does this page. */
  g_signal_connect_object (lw_library_get_shows (self->library), "items-changed",
                           G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);

  rebuild (self);

  return GTK_WIDGET (self);
}

GtkListBox *
lw_downloads_view_get_active_list (LwDownloadsView *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADS_VIEW (self), NULL);

  return self->active_list;
}

GtkListBox *
lw_downloads_view_get_failed_list (LwDownloadsView *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADS_VIEW (self), NULL);

  return self->failed_list;
}

GtkListBox *
lw_downloads_view_get_done_list (LwDownloadsView *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADS_VIEW (self), NULL);

  return self->done_list;
}

const char *
lw_downloads_view_get_total_text (LwDownloadsView *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADS_VIEW (self), NULL);

  return gtk_label_get_text (self->total_label);
}

AdwHeaderBar *
lw_downloads_view_get_header_bar (LwDownloadsView *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOADS_VIEW (self), NULL);

  return self->header_bar;
}
