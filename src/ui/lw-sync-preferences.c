/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-format.h"
#include "core/lw-sync-settings.h"
#include "lw-accessible.h"
#include "lw-sync-preferences.h"
#include "lw-window.h"
#include "lw-toast.h"

#define DEFAULT_GPODDER_SERVER "https://gpodder.net"

struct _LwSyncPreferences
{
  AdwPreferencesPage  parent_instance;

  LwApplication      *application;
  LwSync             *sync;
  GCancellable       *cancellable;
  GCancellable       *login;        /* a Nextcloud login waiting for the browser */

  /* Signed out */
  AdwPreferencesGroup *sign_in_group;
  AdwComboRow         *dialect_row;
  AdwEntryRow         *server_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkButton           *sign_in_button;
  GtkButton           *retry_button;  /* the saved account, once the keyring is back */
  GtkLabel            *sign_in_error;

  /* Signed in */
  AdwPreferencesGroup *account_group;
  AdwActionRow        *account_row;
  AdwActionRow        *status_row;
  AdwActionRow        *pending_row;
  AdwComboRow         *interval_row;
  GtkButton           *sync_button;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (LwSyncPreferences, lw_sync_preferences, ADW_TYPE_PREFERENCES_PAGE)

static gboolean
is_nextcloud (LwSyncPreferences *self)
{
  return adw_combo_row_get_selected (self->dialect_row) == 1;
}

static void
show_sign_in_error (LwSyncPreferences *self,
                    const char        *message)
{
  gtk_label_set_text (self->sign_in_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), message != NULL);
}

static void
update_sign_in (LwSyncPreferences *self)
{
  gboolean nextcloud = is_nextcloud (self);
  gboolean waiting = self->login != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->user_row), !nextcloud);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !nextcloud);
  gtk_button_set_label (self->sign_in_button,
                        waiting ? _("Cancel Login")
                        : nextcloud ? _("Log In with Nextcloud") : _("Sign In"));
  /* Cancelling is no suggestion, and after a keyring error Try Again is the one. */
  if (waiting || gtk_widget_get_visible (GTK_WIDGET (self->retry_button)))
    gtk_widget_remove_css_class (GTK_WIDGET (self->sign_in_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_button), "suggested-action");
  adw_preferences_group_set_description (self->sign_in_group,
                                         waiting ? _("Finish logging in in your web browser.")
                                         : nextcloud ? _("Needs the GPodder Sync app on your Nextcloud.")
                                         : _("A gpodder.net account, or one on a compatible server."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !waiting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dialect_row), !waiting);
}

static void
dialect_changed_cb (LwSyncPreferences *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));

  /* The gpodder.net address is only a good guess for gpodder.net. */
  if (is_nextcloud (self) && g_str_equal (server, DEFAULT_GPODDER_SERVER))
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), "");
  else if (!is_nextcloud (self) && *server == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), DEFAULT_GPODDER_SERVER);

  show_sign_in_error (self, NULL);
  update_sign_in (self);
}

/* Whether the desktop shows a 12-hour clock (GNOME's clock-format setting). */
static gboolean
desktop_uses_twelve_hour_clock (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "clock-format"))
    return FALSE;

  settings = g_settings_new_full (schema, NULL, NULL);

  return g_settings_get_enum (settings, "clock-format") == 1;
}

static char *
format_last_sync (gint64 last_sync)
{
  g_autofree char *when = NULL;

  if (last_sync == 0)
    return g_strdup (_("Never synced"));

  when = lw_format_date_time (last_sync, g_get_real_time () / G_USEC_PER_SEC,
                              desktop_uses_twelve_hour_clock ());
  /* TRANSLATORS: %s is a day and a time, "Today at 05:18" */
  return g_strdup_printf (_("Last synced %s"), when);
}

static void
update_status (LwSyncPreferences *self)
{
  const LwSyncAccount *account = lw_sync_get_account (self->sync);
  gboolean signed_in = account != NULL;
  gboolean syncing = lw_sync_get_syncing (self->sync);
  const char *error = lw_sync_get_last_error (self->sync);
  guint pending = lw_sync_get_pending (self->sync);

  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_group), !signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->account_group), signed_in);
  /* A locked or missing keyring: the account is there, its password out of reach.
   * Once the keyring is back, Try Again reads it without signing in anew. */
  if (!signed_in && lw_sync_get_account_error (self->sync) != NULL)
    show_sign_in_error (self, lw_sync_get_account_error (self->sync));
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          !signed_in && lw_sync_get_account_error (self->sync) != NULL);
  update_sign_in (self);

  if (signed_in)
    {
      g_autofree char *title = g_strdup_printf ("%s", account->user);
      g_autofree char *host = g_uri_unescape_string (account->server, NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), title);
      adw_action_row_set_subtitle (self->account_row, host);
    }

  if (syncing)
    adw_action_row_set_subtitle (self->status_row, _("Syncing…"));
  else if (error != NULL)
    adw_action_row_set_subtitle (self->status_row, error);
  else
    {
      g_autofree char *text = format_last_sync (lw_sync_get_last_sync (self->sync));

      adw_action_row_set_subtitle (self->status_row, text);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 error != NULL && !syncing ? _("Sync Failed") : _("Status"));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), syncing);
  gtk_spinner_set_spinning (self->spinner, syncing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), !syncing);

  if (pending == 0)
    adw_action_row_set_subtitle (self->pending_row, _("Everything is on the server"));
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u change waits to be sent",
                                                         "%u changes wait to be sent", pending),
                                               pending);

      adw_action_row_set_subtitle (self->pending_row, text);
    }
}

/* The choices of "Sync Every", in minutes; 0 = only at start-up and after changes. */
static const guint intervals[] = { 0, 15, 30, 60, 180 };

static void
interval_changed_cb (LwSyncPreferences *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);

  if (selected < G_N_ELEMENTS (intervals))
    g_settings_set_uint (lw_application_get_settings (self->application), "sync-interval",
                         intervals[selected]);
}

static void
sync_now_cb (LwSyncPreferences *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->application), "sync-now", NULL);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwSyncPreferences) self = user_data;
  g_autoptr(LwSyncAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = lw_sync_settings_save_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (account == NULL)
    {
      show_sign_in_error (self, error->message);
      return;
    }

  /* The settings watch would do it on idle; the page shows it now. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  lw_sync_set_account (self->sync, account);
  lw_sync_run_async (self->sync, NULL, NULL, NULL);
  update_status (self);
}

static void
save_account (LwSyncPreferences   *self,
              const LwSyncAccount *account)
{
  lw_sync_settings_save_async (lw_application_get_settings (self->application), account,
                               self->cancellable, saved_cb, g_object_ref (self));
}

static void
open_uri (const char *uri,
          gpointer    user_data)
{
  LwSyncPreferences *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
logged_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LwSyncPreferences) self = user_data;
  g_autoptr(LwSyncAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = lw_sync_nextcloud_login_finish (result, &error);
  g_clear_object (&self->login);
  update_sign_in (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (account == NULL)
    {
      show_sign_in_error (self, error->message);
      return;
    }

  save_account (self, account);
}

static void
sign_in_cb (LwSyncPreferences *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;

  if (self->login != NULL)
    {
      g_cancellable_cancel (self->login);
      return;
    }

  show_sign_in_error (self, NULL);
  normalized = lw_sync_normalize_server (server, &error);
  if (normalized == NULL)
    {
      show_sign_in_error (self, error->message);
      return;
    }

  if (is_nextcloud (self))
    {
      self->login = g_cancellable_new ();
      update_sign_in (self);
      lw_sync_nextcloud_login_async (normalized, open_uri, self, 2000, self->login,
                                     logged_in_cb, g_object_ref (self));
    }
  else
    {
      const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
      const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
      g_autoptr(LwSyncAccount) account = NULL;

      if (*user == '\0' || *password == '\0')
        {
          show_sign_in_error (self, _("Enter your user name and password."));
          return;
        }

      account = lw_sync_account_new (LW_SYNC_DIALECT_GPODDER, normalized, user, password, NULL);
      save_account (self, account);
    }
}

static void
retry_cb (LwSyncPreferences *self)
{
  show_sign_in_error (self, NULL);
  lw_sync_settings_reload (self->sync);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lw_sync_settings_clear_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not remove the sync password: %s", error->message);
}

static void
sign_out_cb (LwSyncPreferences *self)
{
  lw_sync_sign_out (self->sync);
  lw_sync_settings_clear_async (lw_application_get_settings (self->application), NULL, cleared_cb, NULL);
  update_status (self);
}

static void
lw_sync_preferences_dispose (GObject *object)
{
  LwSyncPreferences *self = (LwSyncPreferences *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->login != NULL)
    g_cancellable_cancel (self->login);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->login);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (lw_sync_preferences_parent_class)->dispose (object);
}

static void
lw_sync_preferences_class_init (LwSyncPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_sync_preferences_dispose;
}

static GtkButton *
new_button (const char *label,
            const char *style)
{
  GtkButton *button = GTK_BUTTON (gtk_button_new_with_label (label));

  gtk_widget_set_valign (GTK_WIDGET (button), GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (button), style);

  return button;
}

static void
lw_sync_preferences_init (LwSyncPreferences *self)
{
  g_autoptr(GtkStringList) dialects = gtk_string_list_new ((const char *[]) { "gpodder.net", "Nextcloud", NULL });
  GtkButton *sign_out;
  GtkWidget *box;

  self->cancellable = g_cancellable_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Sync"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "emblem-synchronizing-symbolic");

  /* Signed out: the form. */
  self->sign_in_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->sign_in_group, _("Sync Account"));

  self->dialect_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dialect_row), _("Service"));
  adw_combo_row_set_model (self->dialect_row, G_LIST_MODEL (dialects));
  g_signal_connect_swapped (self->dialect_row, "notify::selected", G_CALLBACK (dialect_changed_cb), self);
  adw_preferences_group_add (self->sign_in_group, GTK_WIDGET (self->dialect_row));

  self->server_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->server_row), _("Server"));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), DEFAULT_GPODDER_SERVER);
  adw_preferences_group_add (self->sign_in_group, GTK_WIDGET (self->server_row));

  self->user_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _("User Name"));
  adw_preferences_group_add (self->sign_in_group, GTK_WIDGET (self->user_row));

  self->password_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (sign_in_cb), self);
  adw_preferences_group_add (self->sign_in_group, GTK_WIDGET (self->password_row));
  lw_accessible_name_from_tooltips (GTK_WIDGET (self->password_row));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  self->sign_in_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->sign_in_error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->sign_in_error));
  self->sign_in_button = new_button (_("Sign In"), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_button), "pill");
  gtk_widget_set_halign (GTK_WIDGET (self->sign_in_button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (sign_in_cb), self);
  self->retry_button = new_button (_("Try Again"), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->retry_button), "pill");
  gtk_widget_set_halign (GTK_WIDGET (self->retry_button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (retry_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->retry_button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->sign_in_button));
  adw_preferences_group_add (self->sign_in_group, box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->sign_in_group);

  /* Signed in: the account and how the syncing goes. */
  self->account_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->account_group, _("Sync Account"));

  self->account_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_action_row_set_icon_name (self->account_row, "avatar-default-symbolic");
  sign_out = new_button (_("Sign Out"), "destructive-action");
  g_signal_connect_swapped (sign_out, "clicked", G_CALLBACK (sign_out_cb), self);
  adw_action_row_add_suffix (self->account_row, GTK_WIDGET (sign_out));
  adw_preferences_group_add (self->account_group, GTK_WIDGET (self->account_row));

  self->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_action_row_set_subtitle_lines (self->status_row, 3);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  adw_action_row_add_suffix (self->status_row, GTK_WIDGET (self->spinner));
  self->sync_button = new_button (_("Sync Now"), NULL);
  g_signal_connect_swapped (self->sync_button, "clicked", G_CALLBACK (sync_now_cb), self);
  adw_action_row_add_suffix (self->status_row, GTK_WIDGET (self->sync_button));
  adw_preferences_group_add (self->account_group, GTK_WIDGET (self->status_row));

  self->pending_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pending_row), _("Changes"));
  adw_preferences_group_add (self->account_group, GTK_WIDGET (self->pending_row));

  self->interval_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->interval_row), _("Sync Every"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->interval_row),
                               _("Also at start-up and soon after each change"));
  {
    g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

    gtk_string_list_append (choices, _("Never"));
    for (guint i = 1; i < G_N_ELEMENTS (intervals); i++)
      {
        g_autofree char *label = intervals[i] < 60
          ? g_strdup_printf (ngettext ("%u minute", "%u minutes", intervals[i]), intervals[i])
          : g_strdup_printf (ngettext ("%u hour", "%u hours", intervals[i] / 60), intervals[i] / 60);

        gtk_string_list_append (choices, label);
      }
    adw_combo_row_set_model (self->interval_row, G_LIST_MODEL (choices));
  }
  adw_preferences_group_add (self->account_group, GTK_WIDGET (self->interval_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->account_group);

  update_sign_in (self);
}

AdwPreferencesPage *
lw_sync_preferences_new (LwApplication *application)
{
  LwSyncPreferences *self;
  GSettings *settings;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  self = g_object_new (LW_TYPE_SYNC_PREFERENCES, NULL);
  self->application = g_object_ref (application);
  self->sync = lw_application_get_sync (application);
  if (self->sync == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return ADW_PREFERENCES_PAGE (self);
    }
  g_object_ref (self->sync);

  /* Signing in again after signing out: the last server and user are kept. */
  settings = lw_application_get_settings (application);
  {
    g_autofree char *server = g_settings_get_string (settings, "sync-server");
    g_autofree char *user = g_settings_get_string (settings, "sync-user");
    g_autofree char *dialect = g_settings_get_string (settings, "sync-dialect");

    if (lw_sync_dialect_from_string (dialect) == LW_SYNC_DIALECT_NEXTCLOUD)
      adw_combo_row_set_selected (self->dialect_row, 1);
    if (*server != '\0')
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);

    /* The nearest choice for a value set elsewhere (gsettings, an older choice). */
    {
      guint interval = g_settings_get_uint (settings, "sync-interval");
      guint nearest = 0;

      for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
        if (intervals[i] <= interval)
          nearest = i;
      adw_combo_row_set_selected (self->interval_row, nearest);
    }
    g_signal_connect_swapped (self->interval_row, "notify::selected", G_CALLBACK (interval_changed_cb), self);
  }

  g_signal_connect_swapped (self->sync, "notify::signed-in", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->sync, "notify::syncing", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->sync, "notify::last-sync", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->sync, "notify::last-error", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->sync, "notify::pending", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->sync, "notify::account-error", G_CALLBACK (update_status), self);
  update_status (self);

  return ADW_PREFERENCES_PAGE (self);
}

/* App-wide */

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  /* The outcome is on the page, and "failed" made the toast. */
  lw_sync_run_finish (LW_SYNC (object), result, NULL);
}

static void
sync_now_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  LwApplication *application = user_data;
  LwSync *sync = lw_application_get_sync (application);

  if (sync != NULL && lw_sync_get_signed_in (sync))
    lw_sync_run_async (sync, NULL, synced_cb, NULL);
}

static void
failed_cb (LwSync        *sync,
           const GError  *error,
           LwApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (!LW_IS_WINDOW (window))
    return;

  /* TRANSLATORS: %s says what went wrong */
  text = g_strdup_printf (_("Sync failed: %s"), error->message);
  toast = lw_toast_new_plain (text);
  adw_toast_set_button_label (toast, _("Retry"));
  adw_toast_set_action_name (toast, "app.sync-now");
  adw_toast_set_timeout (toast, 10);
  lw_window_add_toast (LW_WINDOW (window), toast);
}

void
lw_sync_ui_install (LwApplication *application)
{
  static const GActionEntry actions[] = {
    { "sync-now", sync_now_action },
  };
  LwSync *sync;

  g_return_if_fail (LW_IS_APPLICATION (application));

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);

  sync = lw_application_get_sync (application);
  if (sync != NULL)
    g_signal_connect_object (sync, "failed", G_CALLBACK (failed_cb), application, 0);
}
