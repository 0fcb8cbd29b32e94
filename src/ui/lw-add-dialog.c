/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-add-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-secret.h"
#include "lw-accessible.h"
#include "lw-add-dialog.h"

struct _LwAddDialog
{
  AdwWindow        parent_instance;

  LwFeedService   *feed_service;
  GCancellable    *cancellable;

  GtkButton       *add_button;
  GtkStack        *add_stack;
  GtkSpinner      *spinner;
  AdwEntryRow     *url_row;
  AdwPreferencesGroup *url_group;
  GtkLabel        *error_label;
  AdwPreferencesGroup *credentials_group;
  AdwEntryRow     *user_row;
  AdwEntryRow     *password_row;
  GtkSwitch       *remember_switch;
};

G_DEFINE_FINAL_TYPE (LwAddDialog, lw_add_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_FEED_SERVICE,
  PROP_URL,
  PROP_NEEDS_CREDENTIALS,
  N_PROPS
};

enum {
  SUBSCRIBED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
entry_is_empty (AdwEntryRow *row)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return stripped[0] == '\0';
}

static void
update_add_action (LwAddDialog *self)
{
  gboolean ready = self->cancellable == NULL && !entry_is_empty (self->url_row);

  /* Once the server asked, Add waits for a user name and a password. */
  if (lw_add_dialog_get_needs_credentials (self))
    ready = ready && !entry_is_empty (self->user_row) &&
            *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add", ready);
}

static void
set_needs_credentials (LwAddDialog *self,
                       gboolean     needs_credentials)
{
  if (needs_credentials == lw_add_dialog_get_needs_credentials (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->credentials_group), needs_credentials);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->url_group), needs_credentials ? 12 : 24);
  update_add_action (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_CREDENTIALS]);
}

static void
set_busy (LwAddDialog *self,
          gboolean     busy)
{
  if (!busy)
    g_clear_object (&self->cancellable);

  /* Not insensitive: GTK 4.8 warns when a focused entry turns insensitive. */
  gtk_editable_set_editable (GTK_EDITABLE (self->url_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->user_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_stack_set_visible_child_name (self->add_stack, busy ? "spinner" : "label");
  update_add_action (self);
}

static void
show_error_on (LwAddDialog *self,
               const char  *message,
               AdwEntryRow *row)
{
  /* The newest error replaces the one shown: it is about what the entry says now. */
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);

  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
show_error (LwAddDialog *self,
            const char  *message)
{
  show_error_on (self, message, self->url_row);
}

static void
subscribed (LwAddDialog *self,
            LwShow      *show)
{
  g_signal_emit (self, signals[SUBSCRIBED], 0, show);
  gtk_window_close (GTK_WINDOW (self));
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwAddDialog) self = user_data;
  g_autoptr(LwShow) show = g_object_steal_data (G_OBJECT (self), "show");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (lw_secret_store_finish (result, &error))
    {
      set_busy (self, FALSE);
      subscribed (self, show);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Subscribed all the same; the dialog stays to say what the user agreed to
   * did not happen. */
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SUBSCRIBED], 0, show);
  message = g_strdup_printf (_("Subscribed, but the password could not be saved in the keyring (%s). "
                               "Refreshes will ask for it after a restart."),
                             error->message);
  show_error_on (self, message, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add", FALSE);
}

static void
ask_credentials (LwAddDialog *self,
                 const char  *message,
                 AdwEntryRow *row)
{
  /* Said right above the fields, where it stays whole. */
  set_needs_credentials (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_set_description (self->credentials_group, message);
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
subscribe_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LwAddDialog) self = user_data;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  show = lw_feed_service_subscribe_finish (LW_FEED_SERVICE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (show == NULL)
    {
      if (g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS))
        {
          gboolean asked_before = lw_add_dialog_get_needs_credentials (self);

          AdwEntryRow *row = asked_before || !entry_is_empty (self->user_row) ? self->password_row
                                                                                : self->user_row;

          ask_credentials (self, error->message, row);
          gtk_widget_add_css_class (GTK_WIDGET (row), "error");
          return;
        }

      show_error (self, error->message);
      return;
    }

  if (lw_add_dialog_get_needs_credentials (self) && gtk_switch_get_active (self->remember_switch))
    {
      g_autofree char *server = lw_feed_service_dup_secret_server (lw_show_get_feed_url (show));
      g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));

      self->cancellable = g_cancellable_new ();
      set_busy (self, TRUE);
      g_object_set_data_full (G_OBJECT (self), "show", g_object_ref (show), g_object_unref);
      lw_secret_store_async (LW_SECRET_FEED, server, user,
                             gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                             self->cancellable, store_cb, g_object_ref (self));
      return;
    }

  subscribed (self, show);
}

void
lw_add_dialog_add (LwAddDialog *self)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LW_IS_ADD_DIALOG (self));

  if (self->cancellable != NULL)
    return;

  /* Check the address here so that a typo gets its answer before any network. */
  url = lw_feed_service_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), &error);
  if (url == NULL)
    {
      show_error (self, error->message);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  if (lw_add_dialog_get_needs_credentials (self))
    {
      g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));

      lw_feed_service_subscribe_with_credentials_async (self->feed_service, url, user,
                                                        gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                                        self->cancellable, subscribe_cb,
                                                        g_object_ref (self));
    }
  else
    lw_feed_service_subscribe_async (self->feed_service, url, self->cancellable,
                                     subscribe_cb, g_object_ref (self));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  lw_add_dialog_add (LW_ADD_DIALOG (widget));
}

static void
on_url_changed (LwAddDialog *self)
{
  /* Another address: its server has not asked for anything yet. (What was typed
   * stays, should it ask again.) */
  set_needs_credentials (self, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_add_action (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

static void
on_credentials_changed (LwAddDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->user_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  update_add_action (self);
}

static gboolean
lw_add_dialog_close_request (GtkWindow *window)
{
  LwAddDialog *self = LW_ADD_DIALOG (window);

  /* Closing means "never mind": the subscription stops and nothing is stored. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (lw_add_dialog_parent_class)->close_request (window);
}

static void
lw_add_dialog_dispose (GObject *object)
{
  LwAddDialog *self = (LwAddDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lw_add_dialog_parent_class)->dispose (object);
}

static void
lw_add_dialog_finalize (GObject *object)
{
  LwAddDialog *self = (LwAddDialog *)object;

  g_clear_object (&self->feed_service);

  G_OBJECT_CLASS (lw_add_dialog_parent_class)->finalize (object);
}

static void
lw_add_dialog_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LwAddDialog *self = LW_ADD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FEED_SERVICE:
      g_value_set_object (value, self->feed_service);
      break;

    case PROP_URL:
      g_value_set_string (value, lw_add_dialog_get_url (self));
      break;

    case PROP_NEEDS_CREDENTIALS:
      g_value_set_boolean (value, lw_add_dialog_get_needs_credentials (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_add_dialog_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LwAddDialog *self = LW_ADD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FEED_SERVICE:
      self->feed_service = g_value_dup_object (value);
      break;

    case PROP_URL:
      lw_add_dialog_set_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_add_dialog_class_init (LwAddDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lw_add_dialog_dispose;
  object_class->finalize = lw_add_dialog_finalize;
  object_class->get_property = lw_add_dialog_get_property;
  object_class->set_property = lw_add_dialog_set_property;

  window_class->close_request = lw_add_dialog_close_request;

  properties[PROP_FEED_SERVICE] =
    g_param_spec_object ("feed-service", NULL, NULL,
                         LW_TYPE_FEED_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Read-only: the feed's server answered 401, the dialog asks for credentials. */
  properties[PROP_NEEDS_CREDENTIALS] =
    g_param_spec_boolean ("needs-credentials", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LwAddDialog::subscribed:
   * @show: the show now in the library
   */
  signals[SUBSCRIBED] =
    g_signal_new ("subscribed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LW_TYPE_SHOW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, add_stack);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, url_group);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, LwAddDialog, remember_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_credentials_changed);

  gtk_widget_class_install_action (widget_class, "dialog.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lw_add_dialog_init (LwAddDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_accessible_name_from_tooltips (GTK_WIDGET (self->password_row));
  update_add_action (self);
}

LwAddDialog *
lw_add_dialog_new (GtkWindow     *parent,
                   LwFeedService *feed_service)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LW_IS_FEED_SERVICE (feed_service), NULL);

  return g_object_new (LW_TYPE_ADD_DIALOG,
                       "transient-for", parent,
                       "feed-service", feed_service,
                       NULL);
}

const char *
lw_add_dialog_get_url (LwAddDialog *self)
{
  g_return_val_if_fail (LW_IS_ADD_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->url_row));
}

void
lw_add_dialog_set_url (LwAddDialog *self,
                       const char  *url)
{
  g_return_if_fail (LW_IS_ADD_DIALOG (self));

  /* The entry's "changed" handler notifies. */
  if (g_strcmp0 (url ? url : "", lw_add_dialog_get_url (self)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url ? url : "");
}

gboolean
lw_add_dialog_get_busy (LwAddDialog *self)
{
  g_return_val_if_fail (LW_IS_ADD_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

gboolean
lw_add_dialog_get_needs_credentials (LwAddDialog *self)
{
  g_return_val_if_fail (LW_IS_ADD_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->credentials_group));
}

/**
 * lw_add_dialog_set_credentials:
 * @remember: whether Add also stores the password in the keyring
 *
 * Fills in what the dialog asks for once the server wanted credentials (as the
 * user would type it).
 */
void
lw_add_dialog_set_credentials (LwAddDialog *self,
                               const char  *user,
                               const char  *password,
                               gboolean     remember)
{
  g_return_if_fail (LW_IS_ADD_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password != NULL ? password : "");
  gtk_switch_set_active (self->remember_switch, remember);
}

void
lw_add_dialog_ask_credentials (LwAddDialog *self,
                               const char  *message)
{
  g_return_if_fail (LW_IS_ADD_DIALOG (self));

  ask_credentials (self, message,
                   entry_is_empty (self->user_row) ? self->user_row : self->password_row);
}

const char *
lw_add_dialog_get_error (LwAddDialog *self)
{
  g_return_val_if_fail (LW_IS_ADD_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}
