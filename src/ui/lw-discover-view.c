/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-discover-view"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-artwork.h"
#include "lw-discover-view.h"

#define TOP_LIMIT 50
#define CARD_ARTWORK_SIZE 128

struct _LwDiscoverView
{
  AdwBin          parent_instance;

  LwApplication  *application;
  LwLibrary      *library;
  LwDirectory    *directory;
  GCancellable   *cancellable;
  GPtrArray      *buttons;        /* the Subscribe buttons, to update on subscribe */

  AdwHeaderBar   *header_bar;
  GtkSearchEntry *entry;
  GtkStack       *stack;
  GtkLabel       *heading;
  GtkLabel       *warning;
  GtkFlowBox     *grid;
  AdwStatusPage  *message;
  GtkWidget      *retry_button;
  GtkWidget      *preferences_button;
};

G_DEFINE_FINAL_TYPE (LwDiscoverView, lw_discover_view, ADW_TYPE_BIN)

static void
update_button (LwDiscoverView *self,
               GtkButton      *button)
{
  const char *feed_url = g_object_get_data (G_OBJECT (button), "feed-url");
  const char *title = g_object_get_data (G_OBJECT (button), "title");
  g_autoptr(LwShow) show = NULL;
  g_autofree char *accessible = NULL;

  if (self->library != NULL)
    show = lw_library_lookup_show_by_url (self->library, feed_url);

  if (show != NULL)
    {
      gtk_button_set_label (button, _("Subscribed"));
      gtk_widget_remove_css_class (GTK_WIDGET (button), "suggested-action");
      gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
      /* Translators: the accessible name of a card's button; %s is the show */
      accessible = g_strdup_printf (_("Subscribed to “%s”"), title);
    }
  else
    {
      gtk_button_set_label (button, _("Subscribe"));
      gtk_widget_add_css_class (GTK_WIDGET (button), "suggested-action");
      gtk_widget_set_sensitive (GTK_WIDGET (button), TRUE);
      /* Translators: the accessible name of a card's button; %s is the show */
      accessible = g_strdup_printf (_("Subscribe to “%s”"), title);
    }

  /* After the label: setting a label renames the button. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
on_shows_changed (LwDiscoverView *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    update_button (self, self->buttons->pdata[i]);
}

static void
on_button_destroy (LwDiscoverView *self,
                   GtkWidget      *button)
{
  g_ptr_array_remove_fast (self->buttons, button);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *css_class,
           int         lines)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (label), lines);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (label, 9);
  gtk_widget_set_margin_end (label, 9);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return label;
}

static GtkWidget *
create_card (gpointer item,
             gpointer user_data)
{
  LwDiscoverView *self = user_data;
  LwDirectoryResult *result = item;
  int episodes = lw_directory_result_get_episode_count (result);
  GtkWidget *card;
  GtkWidget *artwork;
  GtkWidget *button;
  GtkWidget *label;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "discover-card");
  gtk_widget_set_size_request (card, CARD_ARTWORK_SIZE + 24, -1);

  artwork = lw_artwork_new (CARD_ARTWORK_SIZE);
  lw_artwork_set_url (LW_ARTWORK (artwork), lw_directory_result_get_artwork_url (result));
  gtk_widget_set_halign (artwork, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (artwork, 12);
  gtk_widget_set_margin_bottom (artwork, 6);
  gtk_box_append (GTK_BOX (card), artwork);

  add_label (GTK_BOX (card), lw_directory_result_get_title (result), "heading", 2);
  if (lw_directory_result_get_author (result) != NULL)
    add_label (GTK_BOX (card), lw_directory_result_get_author (result), "dim-label", 1);
  if (episodes >= 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d episode", "%d episodes", episodes),
                                               episodes);
      label = add_label (GTK_BOX (card), text, "dim-label", 1);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "numeric");
    }

  /* The button keeps to the bottom of the card whatever the title's length. */
  label = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (card), label);

  button = gtk_button_new_with_label (_("Subscribe"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (button, 6);
  gtk_widget_set_margin_bottom (button, 12);
  g_object_set_data_full (G_OBJECT (button), "title",
                          g_strdup (lw_directory_result_get_title (result)), g_free);
  g_object_set_data_full (G_OBJECT (button), "feed-url",
                          g_strdup (lw_directory_result_get_feed_url (result)), g_free);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.subscribe");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (lw_directory_result_get_feed_url (result)));
  g_ptr_array_add (self->buttons, button);
  g_signal_connect_object (button, "destroy", G_CALLBACK (on_button_destroy), self, G_CONNECT_SWAPPED);
  update_button (self, GTK_BUTTON (button));
  gtk_box_append (GTK_BOX (card), button);

  return card;
}

static void
show_message (LwDiscoverView *self,
              const char     *icon_name,
              const char     *title,
              const char     *description,
              gboolean        retry,
              gboolean        preferences)
{
  adw_status_page_set_icon_name (self->message, icon_name);
  adw_status_page_set_title (self->message, title);
  adw_status_page_set_description (self->message, description);
  gtk_widget_set_visible (self->retry_button, retry);
  gtk_widget_set_visible (self->preferences_button, preferences);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
show_error (LwDiscoverView *self,
            const GError   *error)
{
  if (g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_NO_RESULTS))
    show_message (self, "system-search-symbolic", _("No Results Found"),
                  _("Try a different search"), FALSE, FALSE);
  else if (g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_DISABLED))
    show_message (self, "system-search-symbolic", _("Directories Are Off"),
                  _("Turn on Apple Podcasts or fyyd in Preferences to search for podcasts"), FALSE, TRUE);
  else if (g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_TIMEOUT))
    show_message (self, "network-no-route-symbolic", _("The Directory Did Not Answer"),
                  error->message, TRUE, FALSE);
  else if (g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_NETWORK))
    show_message (self, "network-offline-symbolic", _("Could Not Reach the Directory"),
                  error->message, TRUE, FALSE);
  else if (g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_MALFORMED))
    show_message (self, "dialog-warning-symbolic", _("Unexpected Answer From the Directory"),
                  error->message, TRUE, FALSE);
  else if (g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_INVALID_URL) ||
           g_error_matches (error, LW_DIRECTORY_ERROR, LW_DIRECTORY_ERROR_INVALID_COUNTRY))
    show_message (self, "dialog-warning-symbolic", _("Check the Directory Settings"),
                  error->message, FALSE, TRUE);
  else
    show_message (self, "dialog-warning-symbolic", _("The Directory Answered With an Error"),
                  error->message, TRUE, FALSE);
}

static void
show_results (LwDiscoverView *self,
              const char     *warning)
{
  gtk_label_set_text (self->warning, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning), warning != NULL);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
on_search_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LwDiscoverView) self = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  results = lw_directory_search_finish (LW_DIRECTORY (object), result, &warning, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->directory == NULL)
    return;

  if (results == NULL)
    show_error (self, error);
  else
    show_results (self, warning);
}

static void
on_top_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwDiscoverView) self = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = lw_directory_top_finish (LW_DIRECTORY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->directory == NULL)
    return;

  if (results == NULL)
    show_error (self, error);
  else
    show_results (self, NULL);
}

static void
start_request (LwDiscoverView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_stack_set_visible_child_name (self->stack, "loading");

  if (*stripped == '\0')
    {
      g_autofree char *country = lw_directory_dup_country (self->directory);
      g_autofree char *upper = g_ascii_strup (country, -1);
      g_autofree char *heading = NULL;

      /* Translators: %s is a two-letter country code, "US" */
      heading = g_strdup_printf (_("Top Shows in %s"), upper);
      gtk_label_set_text (self->heading, heading);
      lw_directory_top_async (self->directory, NULL, TOP_LIMIT, self->cancellable,
                              on_top_done, g_object_ref (self));
    }
  else
    {
      g_autofree char *heading = g_strdup_printf (_("Results for “%s”"), stripped);

      gtk_label_set_text (self->heading, heading);
      lw_directory_search_async (self->directory, stripped, self->cancellable,
                                 on_search_done, g_object_ref (self));
    }
}

static void
on_provider_changed (LwDiscoverView *self)
{
  /* Only once the view has shown something: a key change at start-up loads nothing. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "initial") != 0)
    start_request (self);
}

static void
on_map (LwDiscoverView *self)
{
  /* The first request waits until the page is shown: no network at start-up. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "initial") == 0)
    start_request (self);
}

static void
lw_discover_view_dispose (GObject *object)
{
  LwDiscoverView *self = (LwDiscoverView *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->grid != NULL)
    gtk_flow_box_bind_model (self->grid, NULL, NULL, NULL, NULL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->directory);
  g_clear_object (&self->library);
  g_clear_object (&self->application);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_DISCOVER_VIEW);

  G_OBJECT_CLASS (lw_discover_view_parent_class)->dispose (object);
}

static void
lw_discover_view_class_init (LwDiscoverViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_discover_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-discover-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, entry);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, stack);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, heading);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, warning);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, grid);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, message);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, LwDiscoverView, preferences_button);
  gtk_widget_class_bind_template_callback (widget_class, start_request);
  gtk_widget_class_bind_template_callback (widget_class, on_map);

  gtk_widget_class_set_css_name (widget_class, "discoverview");
}

static void
lw_discover_view_init (LwDiscoverView *self)
{
  self->cancellable = g_cancellable_new ();
  self->buttons = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lw_discover_view_new (LwApplication *application)
{
  LwDiscoverView *self;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  self = g_object_new (LW_TYPE_DISCOVER_VIEW, NULL);
  self->application = g_object_ref (application);
  self->directory = lw_directory_new (lw_application_get_settings (application));
  if (lw_application_get_library (application) != NULL)
    {
      self->library = g_object_ref (lw_application_get_library (application));
      g_signal_connect_object (lw_library_get_shows (self->library), "items-changed",
                               G_CALLBACK (on_shows_changed), self, G_CONNECT_SWAPPED);
    }

  gtk_flow_box_bind_model (self->grid, lw_directory_get_results (self->directory), create_card, self, NULL);

  g_signal_connect_object (self->directory, "notify::apple-enabled", G_CALLBACK (on_provider_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->directory, "notify::fyyd-enabled", G_CALLBACK (on_provider_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->directory, "notify::country", G_CALLBACK (on_provider_changed),
                           self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

LwDirectory *
lw_discover_view_get_directory (LwDiscoverView *self)
{
  g_return_val_if_fail (LW_IS_DISCOVER_VIEW (self), NULL);

  return self->directory;
}

GtkEditable *
lw_discover_view_get_entry (LwDiscoverView *self)
{
  g_return_val_if_fail (LW_IS_DISCOVER_VIEW (self), NULL);

  return GTK_EDITABLE (self->entry);
}

const char *
lw_discover_view_get_state (LwDiscoverView *self)
{
  g_return_val_if_fail (LW_IS_DISCOVER_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
lw_discover_view_get_message (LwDiscoverView *self)
{
  g_return_val_if_fail (LW_IS_DISCOVER_VIEW (self), NULL);

  return adw_status_page_get_title (self->message);
}

GtkFlowBox *
lw_discover_view_get_grid (LwDiscoverView *self)
{
  g_return_val_if_fail (LW_IS_DISCOVER_VIEW (self), NULL);

  return self->grid;
}

void
lw_discover_view_reload (LwDiscoverView *self)
{
  g_return_if_fail (LW_IS_DISCOVER_VIEW (self));

  start_request (self);
}

AdwHeaderBar *
lw_discover_view_get_header_bar (LwDiscoverView *self)
{
  g_return_val_if_fail (LW_IS_DISCOVER_VIEW (self), NULL);

  return self->header_bar;
}
