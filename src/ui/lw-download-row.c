/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-download-row"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-artwork.h"
#include "lw-download-row.h"

struct _LwDownloadRow
{
  GtkListBoxRow   parent_instance;

  LwDownloader   *downloader;
  LwDownload     *download;

  GtkLabel       *status_label;
  GtkProgressBar *progress;
  GtkButton      *pause_button;
  GtkButton      *resume_button;
  GtkButton      *retry_button;
  GtkButton      *cancel_button;
};

G_DEFINE_FINAL_TYPE (LwDownloadRow, lw_download_row, GTK_TYPE_LIST_BOX_ROW)

char *
lw_download_format_time_left (gint64 seconds)
{
  if (seconds < 0)
    return NULL;

  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second left", "%d seconds left", (gulong) seconds),
                            (int) seconds);
  if (seconds < 60 * 60)
    {
      int minutes = (int) ((seconds + 30) / 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute left", "%d minutes left", minutes),
                              minutes);
    }

  {
    int hours = (int) ((seconds + 1800) / 3600);

    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour left", "%d hours left", hours), hours);
  }
}

/* "12.3 MB of 80.0 MB", or "12.3 MB" while the size is unknown. */
static char *
format_bytes (LwDownload *download)
{
  g_autofree char *done = g_format_size (lw_download_get_downloaded (download));
  g_autofree char *total = NULL;

  if (lw_download_get_total (download) < 0)
    return g_steal_pointer (&done);

  total = g_format_size (lw_download_get_total (download));
  /* Translators: bytes downloaded of the whole, "12.3 MB of 80.0 MB" */
  return g_strdup_printf (_("%s of %s"), done, total);
}

static void
update (LwDownloadRow *self)
{
  LwDownload *download = self->download;
  LwDownloadState state = lw_download_get_state (download);
  g_autoptr(GString) status = g_string_new (NULL);
  g_autofree char *bytes = format_bytes (download);
  double fraction = lw_download_get_fraction (download);
  const char *error = lw_download_get_error_message (download);

  switch (state)
    {
    case LW_DOWNLOAD_STATE_DOWNLOADING:
      {
        g_autofree char *speed = g_format_size ((guint64) lw_download_get_speed (download));
        g_autofree char *left = lw_download_format_time_left (lw_download_get_time_left (download));

        g_string_append (status, bytes);
        if (lw_download_get_speed (download) > 0)
          /* Translators: download speed, "1.2 MB/s" */
          g_string_append_printf (status, _(" · %s/s"), speed);
        if (left != NULL)
          g_string_append_printf (status, " · %s", left);
        break;
      }
    case LW_DOWNLOAD_STATE_QUEUED:
      if (error != NULL)
        /* Translators: a failed attempt that will be retried; %s says why */
        g_string_append_printf (status, _("Retrying soon: %s"), error);
      else if (lw_download_get_downloaded (download) > 0)
        g_string_append_printf (status, _("Waiting · %s"), bytes);
      else
        g_string_append (status, _("Waiting"));
      break;
    case LW_DOWNLOAD_STATE_PAUSED:
      g_string_append_printf (status, _("Paused · %s"), bytes);
      break;
    case LW_DOWNLOAD_STATE_FAILED:
      g_string_append (status, error != NULL ? error : _("Failed"));
      break;
    case LW_DOWNLOAD_STATE_COMPLETED:
      g_string_append_printf (status, _("Downloaded · %s"), bytes);
      break;
    case LW_DOWNLOAD_STATE_CANCELLED:
    default:
      g_string_append (status, _("Cancelled"));
      break;
    }

  gtk_label_set_text (self->status_label, status->str);
  /* A failure reads in full colour; progress stays quiet. */
  if (state == LW_DOWNLOAD_STATE_FAILED)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }

  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress, fraction);
  else if (state == LW_DOWNLOAD_STATE_DOWNLOADING)
    gtk_progress_bar_pulse (self->progress);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), state != LW_DOWNLOAD_STATE_FAILED);

  gtk_widget_set_visible (GTK_WIDGET (self->pause_button),
                          state == LW_DOWNLOAD_STATE_DOWNLOADING || state == LW_DOWNLOAD_STATE_QUEUED);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), state == LW_DOWNLOAD_STATE_PAUSED);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), state == LW_DOWNLOAD_STATE_FAILED);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button),
                          state != LW_DOWNLOAD_STATE_COMPLETED && state != LW_DOWNLOAD_STATE_CANCELLED);
}

static void
on_pause (LwDownloadRow *self)
{
  lw_downloader_pause (self->downloader, self->download);
}

static void
on_resume (LwDownloadRow *self)
{
  lw_downloader_resume (self->downloader, self->download);
}

static void
on_retry (LwDownloadRow *self)
{
  lw_downloader_retry (self->downloader, self->download);
}

static void
on_cancel (LwDownloadRow *self)
{
  lw_downloader_cancel (self->downloader, self->download);
}

static GtkButton *
add_button (LwDownloadRow *self,
            GtkBox        *box,
            const char    *icon_name,
            const char    *label,
            GCallback      callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  gtk_box_append (box, button);

  return GTK_BUTTON (button);
}

static void
lw_download_row_dispose (GObject *object)
{
  LwDownloadRow *self = (LwDownloadRow *)object;

  g_clear_object (&self->download);
  g_clear_object (&self->downloader);

  G_OBJECT_CLASS (lw_download_row_parent_class)->dispose (object);
}

static void
lw_download_row_class_init (LwDownloadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_download_row_dispose;
}

static void
lw_download_row_init (LwDownloadRow *self)
{
}

GtkWidget *
lw_download_row_new (LwDownloader *downloader,
                     LwDownload   *download,
                     const char   *artwork_url)
{
  LwDownloadRow *self;
  GtkWidget *box;
  GtkWidget *text;
  GtkWidget *artwork;
  GtkWidget *title;
  GtkWidget *show;
  GtkWidget *buttons;

  g_return_val_if_fail (LW_IS_DOWNLOADER (downloader), NULL);
  g_return_val_if_fail (LW_IS_DOWNLOAD (download), NULL);

  self = g_object_new (LW_TYPE_DOWNLOAD_ROW, "activatable", FALSE, "selectable", FALSE, NULL);
  self->downloader = g_object_ref (downloader);
  self->download = g_object_ref (download);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  artwork = lw_artwork_new (48);
  lw_artwork_set_url (LW_ARTWORK (artwork), artwork_url);
  gtk_widget_set_valign (artwork, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), artwork);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  title = gtk_label_new (lw_download_get_title (download));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (text), title);
  show = gtk_label_new (lw_download_get_show_title (download));
  gtk_label_set_xalign (GTK_LABEL (show), 0);
  gtk_label_set_ellipsize (GTK_LABEL (show), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (show, "dim-label");
  gtk_widget_add_css_class (show, "caption");
  gtk_box_append (GTK_BOX (text), show);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->progress), 3);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Download progress"), -1);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->progress));
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_wrap_mode (self->status_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (box), text);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  self->pause_button = add_button (self, GTK_BOX (buttons), "media-playback-pause-symbolic",
                                   _("Pause Download"), G_CALLBACK (on_pause));
  self->resume_button = add_button (self, GTK_BOX (buttons), "media-playback-start-symbolic",
                                    _("Resume Download"), G_CALLBACK (on_resume));
  self->retry_button = add_button (self, GTK_BOX (buttons), "view-refresh-symbolic",
                                   _("Retry Download"), G_CALLBACK (on_retry));
  self->cancel_button = add_button (self, GTK_BOX (buttons), "window-close-symbolic",
                                    _("Cancel Download"), G_CALLBACK (on_cancel));
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  g_signal_connect_object (download, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);

  return GTK_WIDGET (self);
}

LwDownload *
lw_download_row_get_download (LwDownloadRow *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_ROW (self), NULL);

  return self->download;
}

const char *
lw_download_row_get_status (LwDownloadRow *self)
{
  g_return_val_if_fail (LW_IS_DOWNLOAD_ROW (self), NULL);

  return gtk_label_get_text (self->status_label);
}
