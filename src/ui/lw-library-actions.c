/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-opml.h"
#include "lw-add-dialog.h"
#include "lw-library-actions.h"
#include "ui/lw-window.h"
#include "lw-toast.h"

/* At most this many lines of bad entries in the import dialog; the rest are counted. */
#define MAX_LISTED 15
/* Shows refreshed at once by Retry, as many as the refresh of everything runs. */
#define RETRY_MAX_RUNNING 8

typedef struct
{
  LwApplication      *app;        /* owns this */
  LwRefreshScheduler *scheduler;
  LwFeedService      *feed_service;
  gboolean            asked;      /* the running refresh was asked for: say how it went */
  GArray             *failed_ids; /* (element-type gint64) the running refresh's failures */
  GtkNativeDialog    *chooser;    /* the file chooser shown, if any */
} Actions;

static void
actions_free (Actions *actions)
{
  g_signal_handlers_disconnect_by_data (actions->scheduler, actions);
  g_signal_handlers_disconnect_by_data (actions->feed_service, actions);
  g_clear_object (&actions->scheduler);
  g_clear_object (&actions->feed_service);
  g_clear_pointer (&actions->failed_ids, g_array_unref);
  if (actions->chooser != NULL)
    gtk_native_dialog_destroy (actions->chooser);
  g_clear_object (&actions->chooser);
  g_free (actions);
}

static GtkWindow *
get_window (LwApplication *app)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app));
}

static void
show_toast (LwApplication *app,
            const char    *message)
{
  GtkWindow *window = get_window (app);

  if (LW_IS_WINDOW (window))
    lw_window_add_toast (LW_WINDOW (window), lw_toast_new_plain (message));
  else
    g_message ("%s", message);
}

/* Refresh */

static void report_refresh_failures (LwApplication *app,
                                     guint          n_failed,
                                     GArray        *show_ids);

/* Retry refreshes just the shows that failed, a few at a time, and says again
 * which still fail. */
typedef struct
{
  LwApplication *app;
  GQueue         waiting;     /* LwShow, owned */
  guint          running;
  GArray        *failed_ids;  /* (element-type gint64) */
} Retry;

typedef struct
{
  Retry  *retry;
  gint64  show_id;
} RetryOne;

static void retry_pump (Retry *retry);

static void
on_retry_refreshed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree RetryOne *one = user_data;
  Retry *retry = one->retry;
  g_autoptr(GError) error = NULL;

  if (!lw_feed_service_refresh_finish (LW_FEED_SERVICE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_array_append_val (retry->failed_ids, one->show_id);

  retry->running--;
  retry_pump (retry);
}

static void
retry_pump (Retry *retry)
{
  LwFeedService *service = lw_application_get_feed_service (retry->app);

  while (retry->running < RETRY_MAX_RUNNING && !g_queue_is_empty (&retry->waiting))
    {
      g_autoptr(LwShow) show = g_queue_pop_head (&retry->waiting);
      RetryOne *one = g_new0 (RetryOne, 1);

      one->retry = retry;
      one->show_id = lw_show_get_id (show);
      retry->running++;
      lw_feed_service_refresh_async (service, show, NULL, on_retry_refreshed, one);
    }

  if (retry->running > 0)
    return;

  if (retry->failed_ids->len > 0)
    report_refresh_failures (retry->app, retry->failed_ids->len, retry->failed_ids);

  g_array_unref (retry->failed_ids);
  g_object_unref (retry->app);
  g_free (retry);
}

static void
on_refresh_retry (AdwToast      *toast,
                  LwApplication *app)
{
  GArray *show_ids = g_object_get_data (G_OBJECT (toast), "lw-show-ids");
  LwLibrary *library = lw_application_get_library (app);
  Retry *retry;

  if (library == NULL || lw_application_get_feed_service (app) == NULL)
    return;

  retry = g_new0 (Retry, 1);
  retry->app = g_object_ref (app);
  g_queue_init (&retry->waiting);
  retry->failed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* A show unsubscribed since has nothing left to refresh. */
  for (guint i = 0; i < show_ids->len; i++)
    {
      LwShow *show = lw_library_lookup_show (library, g_array_index (show_ids, gint64, i));

      if (show != NULL)
        g_queue_push_tail (&retry->waiting, show);
    }

  retry_pump (retry);
}

/* Each show says what went wrong on its page; the toast names the one show, or
 * counts them, and Retry refreshes just those. */
static void
report_refresh_failures (LwApplication *app,
                         guint          n_failed,
                         GArray        *show_ids)
{
  GtkWindow *window = get_window (app);
  LwLibrary *library = lw_application_get_library (app);
  g_autoptr(LwShow) show = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (n_failed == 1 && show_ids->len == 1 && library != NULL)
    show = lw_library_lookup_show (library, g_array_index (show_ids, gint64, 0));

  if (show != NULL && lw_show_get_title (show) != NULL && lw_show_get_title (show)[0] != '\0')
    /* Translators: a toast when refreshing a show failed; %s is its title */
    message = g_strdup_printf (_("Could not update “%s”"), lw_show_get_title (show));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u podcast could not be refreshed",
                                            "%u podcasts could not be refreshed",
                                            n_failed),
                               n_failed);

  if (!LW_IS_WINDOW (window) || show_ids->len == 0)
    {
      show_toast (app, message);
      return;
    }

  toast = lw_toast_new_retry (message);
  g_object_set_data_full (G_OBJECT (toast), "lw-show-ids", g_array_ref (show_ids),
                          (GDestroyNotify) g_array_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_refresh_retry), app, 0);
  lw_window_add_toast (LW_WINDOW (window), toast);
}

static void
on_show_refreshed (LwFeedService *service,
                   LwShow        *show,
                   const GError  *error,
                   Actions       *actions)
{
  gint64 id = lw_show_get_id (show);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_array_append_val (actions->failed_ids, id);
}

static void
on_refresh_finished (LwRefreshScheduler *scheduler,
                     guint               n_failed,
                     const GError       *error,
                     Actions            *actions)
{
  /* Every run starts its own list, asked for or not. */
  g_autoptr(GArray) failed_ids = g_steal_pointer (&actions->failed_ids);

  actions->failed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!actions->asked)
    return;
  actions->asked = FALSE;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (actions->app, error->message);
  else if (n_failed > 0)
    report_refresh_failures (actions->app, n_failed, failed_ids);
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  Actions *actions = user_data;

  actions->asked = TRUE;
  lw_refresh_scheduler_refresh (actions->scheduler);
}

/* Import */

typedef struct
{
  LwApplication *app;
  LwOpml        *opml;
  GPtrArray     *failures;  /* (element-type utf8) "Title: why" */
  guint          imported;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->app);
  g_clear_pointer (&import->opml, lw_opml_free);
  g_clear_pointer (&import->failures, g_ptr_array_unref);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

static void
on_each_imported (LwFeedService *service,
                  guint          index,
                  LwShow        *show,
                  const GError  *error,
                  gpointer       user_data)
{
  Import *import = user_data;
  LwOpmlEntry *entry = g_ptr_array_index (import->opml->entries, index);

  if (show != NULL)
    import->imported++;
  else
    /* TRANSLATORS: a line of the import report: a podcast (or its address), then why it failed */
    g_ptr_array_add (import->failures, g_strdup_printf (_("%s: %s"),
                                                        entry->title != NULL ? entry->title : entry->feed_url,
                                                        error->message));
}

/* Everything that was not imported, one line each, the list cut short. */
static char *
dup_report (Import *import)
{
  g_autoptr(GString) body = g_string_new (_("These were not imported:"));
  guint listed = 0;
  guint total = import->opml->problems->len + import->failures->len;

  for (guint i = 0; i < total && listed < MAX_LISTED; i++, listed++)
    {
      const char *line = i < import->opml->problems->len
                         ? g_ptr_array_index (import->opml->problems, i)
                         : g_ptr_array_index (import->failures, i - import->opml->problems->len);

      g_string_append_c (body, '\n');
      g_string_append (body, line);
    }

  if (total > listed)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more",
                                                 total - listed),
                              total - listed);
    }

  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
report_import (Import *import)
{
  g_autofree char *message = NULL;
  g_autofree char *report = NULL;
  GtkWindow *window = get_window (import->app);
  AdwMessageDialog *dialog;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u podcast", "Imported %u podcasts",
                                          import->imported),
                             import->imported);

  if (import->opml->problems->len == 0 && import->failures->len == 0)
    {
      show_toast (import->app, message);
      return;
    }

  /* Not fatal, but the user should know which feeds are missing. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, message, NULL));
  report = dup_report (import);
  adw_message_dialog_set_body (dialog, report);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  gtk_widget_set_name (GTK_WIDGET (dialog), "import-report");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_all_imported (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Import) import = user_data;

  /* Never cancelled: each feed's error is in the report. */
  lw_feed_service_subscribe_many_finish (LW_FEED_SERVICE (object), result, NULL);
  report_import (import);
}

static void
on_import_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) urls = NULL;
  g_autofree char *message = NULL;
  LwFeedService *service = lw_application_get_feed_service (import->app);
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      message = g_strdup_printf (_("Could not read “%s”: %s"), name, error->message);
      show_toast (import->app, message);
      return;
    }

  import->opml = lw_opml_parse (contents, length, &error);
  if (import->opml == NULL)
    {
      show_toast (import->app, error->message);
      return;
    }

  urls = g_ptr_array_new ();
  for (guint i = 0; i < import->opml->entries->len; i++)
    g_ptr_array_add (urls, ((LwOpmlEntry *) g_ptr_array_index (import->opml->entries, i))->feed_url);
  g_ptr_array_add (urls, NULL);

  if (import->opml->entries->len == 0)
    {
      report_import (import);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Importing %u podcast…", "Importing %u podcasts…",
                                          import->opml->entries->len),
                             import->opml->entries->len);
  show_toast (import->app, message);

  /* The import owns what the callbacks read until on_all_imported(). */
  lw_feed_service_subscribe_many_async (service, (const char * const *) urls->pdata,
                                        on_each_imported, import, NULL,
                                        on_all_imported, import);
  g_steal_pointer (&import);
}

void
lw_library_actions_import (LwApplication *app,
                           GFile         *file)
{
  Import *import;

  g_return_if_fail (LW_IS_APPLICATION (app));
  g_return_if_fail (G_IS_FILE (file));

  if (lw_application_get_feed_service (app) == NULL)
    return;

  import = g_new0 (Import, 1);
  import->app = g_object_ref (app);
  import->failures = g_ptr_array_new_with_free_func (g_free);
  g_file_load_contents_async (file, NULL, on_import_loaded, import);
}

/* Export */

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwApplication) app = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  else
    message = g_strdup_printf (_("Subscriptions saved to “%s”"), name);

  show_toast (app, message);
}

void
lw_library_actions_export (LwApplication *app,
                           GFile         *file)
{
  g_autoptr(GBytes) bytes = NULL;
  LwLibrary *library;

  g_return_if_fail (LW_IS_APPLICATION (app));
  g_return_if_fail (G_IS_FILE (file));

  library = lw_application_get_library (app);
  if (library == NULL)
    return;

  /* Written beside and then moved over the old file: never half a list. */
  bytes = lw_opml_write (lw_library_get_shows (library));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_exported, g_object_ref (app));
}

/* Sign in */

static void
on_sign_in (AdwToast *toast,
            LwWindow *window)
{
  GtkWindow *dialog = lw_window_show_add_dialog (window, g_object_get_data (G_OBJECT (toast), "lw-url"));

  lw_add_dialog_ask_credentials (LW_ADD_DIALOG (dialog), g_object_get_data (G_OBJECT (toast), "lw-message"));
}

void
lw_library_actions_offer_sign_in (GtkWindow  *window,
                                  const char *url,
                                  const char *message)
{
  AdwToast *toast;

  g_return_if_fail (LW_IS_WINDOW (window));
  g_return_if_fail (url != NULL);
  g_return_if_fail (message != NULL);

  /* "example.org asks for a user name and password": who asks, and what for, in
   * a few words; the dialog says it again above the fields. */
  toast = lw_toast_new_action (message, _("_Sign In…"));
  g_object_set_data_full (G_OBJECT (toast), "lw-url", g_strdup (url), g_free);
  g_object_set_data_full (G_OBJECT (toast), "lw-message", g_strdup (message), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_sign_in), window, 0);
  lw_window_add_toast (LW_WINDOW (window), toast);
}

/* File choosers */

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     Actions         *actions)
{
  gboolean import = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_OPEN;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&actions->chooser);

  if (file == NULL)
    return;

  if (import)
    lw_library_actions_import (actions->app, file);
  else
    lw_library_actions_export (actions->app, file);
}

static void
show_chooser (Actions              *actions,
              GtkFileChooserAction  action)
{
  g_autoptr(GtkFileFilter) opml = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  gboolean import = action == GTK_FILE_CHOOSER_ACTION_OPEN;

  if (actions->chooser != NULL)
    gtk_native_dialog_destroy (actions->chooser);
  g_clear_object (&actions->chooser);

  chooser = gtk_file_chooser_native_new (import ? _("Import Subscriptions") : _("Export Subscriptions"),
                                         get_window (actions->app), action,
                                         import ? _("_Import") : _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (opml, _("OPML Files"));
  gtk_file_filter_add_mime_type (opml, "text/x-opml+xml");
  gtk_file_filter_add_suffix (opml, "opml");
  gtk_file_filter_add_suffix (opml, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), opml);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  if (!import)
    /* TRANSLATORS: the suggested name of an exported subscription list */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("podcasts.opml"));

  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), actions);
  actions->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (actions->chooser);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  show_chooser (user_data, GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  show_chooser (user_data, GTK_FILE_CHOOSER_ACTION_SAVE);
}

void
lw_library_actions_install (LwApplication      *app,
                            LwRefreshScheduler *scheduler)
{
  static const GActionEntry entries[] = {
    { "refresh", refresh_action },
    { "import-opml", import_action },
    { "export-opml", export_action },
  };
  static const char *refresh_accels[] = { "<Control>r", "F5", NULL };
  Actions *actions;

  g_return_if_fail (LW_IS_APPLICATION (app));
  g_return_if_fail (LW_IS_REFRESH_SCHEDULER (scheduler));

  actions = g_new0 (Actions, 1);
  actions->app = app;
  actions->scheduler = g_object_ref (scheduler);
  actions->feed_service = g_object_ref (lw_application_get_feed_service (app));
  actions->failed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_object_set_data_full (G_OBJECT (app), "lw-library-actions", actions, (GDestroyNotify) actions_free);
  g_signal_connect (scheduler, "finished", G_CALLBACK (on_refresh_finished), actions);
  g_signal_connect (actions->feed_service, "show-refreshed", G_CALLBACK (on_show_refreshed), actions);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), actions);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.refresh", refresh_accels);
}
