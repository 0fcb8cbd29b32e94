/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-download-row"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-accessible.h"
#include "lw-artwork.h"
#include "lw-download-row.h"

struct _LwDownloadRow
{
  GtkListBoxRow   parent_instance;

  LwDownloader   *downloader;
  LwDownload     *download;

  LwArtwork      *artwork;
  GtkLabel       *title_label;
  GtkLabel       *show_label;
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

/* Why the download failed. The downloader's message names the episode as well
 * ("Could not download “…”: why"), and the row names it right above: only the why,
 * cut from the same words in the same language. */
static char *
dup_error_reason (LwDownload *download)
{
  const char *error = lw_download_get_error_message (download);
  g_autofree char *prefix = NULL;

  if (error == NULL)
    return NULL;

  prefix = g_strdup_printf (_("Could not download “%s”: %s"), lw_download_get_title (download), "");
  if (g_str_has_prefix (error, prefix) && error[strlen (prefix)] != '\0')
    return g_strdup (error + strlen (prefix));

  return g_strdup (error);
}

static void
update (LwDownloadRow *self)
{
  LwDownload *download = self->download;
  LwDownloadState state = lw_download_get_state (download);
  g_autoptr(GString) status = g_string_new (NULL);
  g_autofree char *bytes = format_bytes (download);
  double fraction = lw_download_get_fraction (download);
  g_autofree char *error = dup_error_reason (download);

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

  /* A failed download is not under way any more: nothing to cancel, it is taken
   * off the list. */
  {
    const char *label = state == LW_DOWNLOAD_STATE_FAILED ? _("Remove Download") : _("Cancel Download");

    lw_accessible_set_name (GTK_WIDGET (self->cancel_button), label);
  }
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

static void
lw_download_row_dispose (GObject *object)
{
  LwDownloadRow *self = (LwDownloadRow *)object;

  g_clear_object (&self->download);
  g_clear_object (&self->downloader);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_DOWNLOAD_ROW);

  G_OBJECT_CLASS (lw_download_row_parent_class)->dispose (object);
}

static void
lw_download_row_class_init (LwDownloadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_download_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-download-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, artwork);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, show_label);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, progress);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, LwDownloadRow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_pause);
  gtk_widget_class_bind_template_callback (widget_class, on_resume);
  gtk_widget_class_bind_template_callback (widget_class, on_retry);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);

  g_type_ensure (LW_TYPE_ARTWORK);
}

static void
lw_download_row_init (LwDownloadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lw_download_row_new (LwDownloader *downloader,
                     LwDownload   *download,
                     const char   *artwork_url)
{
  LwDownloadRow *self;

  g_return_val_if_fail (LW_IS_DOWNLOADER (downloader), NULL);
  g_return_val_if_fail (LW_IS_DOWNLOAD (download), NULL);

  self = g_object_new (LW_TYPE_DOWNLOAD_ROW, NULL);
  self->downloader = g_object_ref (downloader);
  self->download = g_object_ref (download);

  lw_artwork_set_url (self->artwork, artwork_url);
  gtk_label_set_text (self->title_label, lw_download_get_title (download));
  gtk_label_set_text (self->show_label, lw_download_get_show_title (download));

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
