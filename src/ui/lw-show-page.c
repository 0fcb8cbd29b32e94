/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-format.h"
#include "lw-artwork.h"
#include "lw-episode-list-view.h"
#include "lw-new-episodes-notifier.h"
#include "lw-show-page.h"
#include "lw-show-tile.h"
#include "lw-text-direction.h"
#include "lw-window.h"
#include "lw-toast.h"

struct _LwShowPage
{
  GtkWidget           parent_instance;

  LwShow             *show;
  LwEpisodeListView  *episode_list;
  GCancellable       *refresh_cancellable;
  GPtrArray          *about_rows;        /* rows added per show, removed on change */

  AdwHeaderBar       *header_bar;
  AdwWindowTitle     *window_title;
  GtkStack           *refresh_stack;
  GtkSpinner         *spinner;
  LwArtwork          *artwork;
  GtkLabel           *title_label;
  GtkLabel           *author_label;
  GtkLabel           *counts_label;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  AdwViewStack       *view_stack;
  GtkBox             *episodes_box;
  GtkLabel           *description_label;
  GtkFlowBox         *categories_box;
  AdwPreferencesGroup *links_group;
  AdwPreferencesGroup *podroll_group;
  AdwActionRow       *feed_row;
  AdwActionRow       *refreshed_row;
  AdwComboRow        *speed_row;
  AdwActionRow       *notify_row;
  GtkSwitch          *notify_switch;
  gboolean            syncing_notify;
  gboolean            watching_notify;
  gboolean            syncing_speed;
};

G_DEFINE_FINAL_TYPE (LwShowPage, lw_show_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW,
  N_PROPS
};

enum {
  EPISODE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static LwApplication *
get_application (LwShowPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!GTK_IS_WINDOW (root))
    return NULL;

  return LW_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* A show's own speed; 0 follows the speed set everywhere else. */
static const double speeds[] = { 0, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0 };

static void
update_speed (LwShowPage *self)
{
  double rate = self->show ? lw_show_get_playback_rate (self->show) : 0;
  guint selected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (G_APPROX_VALUE (speeds[i], rate, 0.001))
      selected = i;

  self->syncing_speed = TRUE;
  adw_combo_row_set_selected (self->speed_row, selected);
  self->syncing_speed = FALSE;
}

static void
on_speed_selected (LwShowPage *self)
{
  LwApplication *app = get_application (self);
  guint selected = adw_combo_row_get_selected (self->speed_row);
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (self->syncing_speed || self->show == NULL || app == NULL || selected >= G_N_ELEMENTS (speeds))
    return;

  if (!lw_library_set_show_playback_rate (lw_application_get_library (app), lw_show_get_id (self->show),
                                          speeds[selected], &error) &&
      LW_IS_WINDOW (root = gtk_widget_get_root (GTK_WIDGET (self))))
    lw_window_show_error (LW_WINDOW (root), error->message);
}

/* Off, with the row greyed out, while notifications are off everywhere. */
static void
update_notify (LwShowPage *self)
{
  LwApplication *app = get_application (self);
  GSettings *settings = app ? lw_application_get_settings (app) : NULL;
  gboolean everywhere = settings == NULL || g_settings_get_boolean (settings, "notify-new-episodes");

  /* Preferences (or another window) may change either while the page shows. */
  if (settings != NULL && !self->watching_notify)
    {
      self->watching_notify = TRUE;
      g_signal_connect_object (settings, "changed::notify-new-episodes",
                               G_CALLBACK (update_notify), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::notify-muted-shows",
                               G_CALLBACK (update_notify), self, G_CONNECT_SWAPPED);
    }

  self->syncing_notify = TRUE;
  gtk_switch_set_active (self->notify_switch,
                         everywhere && settings != NULL && self->show != NULL &&
                         lw_new_episodes_notifier_get_show_enabled (settings, self->show));
  self->syncing_notify = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->notify_row), everywhere && settings != NULL);
}

static void
on_notify_toggled (LwShowPage *self)
{
  LwApplication *app = get_application (self);

  if (self->syncing_notify || self->show == NULL || app == NULL)
    return;

  lw_new_episodes_notifier_set_show_enabled (lw_application_get_settings (app), self->show,
                                             gtk_switch_get_active (self->notify_switch));
}

/* The show's own words start where their text does (an Arabic show's title and
 * description on the right, on an English desktop too), and the byline and counts
 * under the title go with it. */
static void
align_text (LwShowPage *self)
{
  GtkTextDirection title_direction = lw_text_direction_align_label (self->title_label);

  lw_text_direction_align (GTK_WIDGET (self->author_label), title_direction);
  lw_text_direction_align (GTK_WIDGET (self->counts_label), title_direction);
  lw_text_direction_align_label (self->description_label);
}

static void
update_header (LwShowPage *self)
{
  const char *title = self->show ? lw_show_get_title (self->show) : NULL;
  const char *author = self->show ? lw_show_get_author (self->show) : NULL;
  const char *error = self->show ? lw_show_get_last_error (self->show) : NULL;
  g_autofree char *by = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *refreshed = NULL;
  guint episodes = self->show ? lw_show_get_episode_count (self->show) : 0;
  guint unplayed = self->show ? lw_show_get_unplayed_count (self->show) : 0;
  gint64 last_refreshed = self->show ? lw_show_get_last_refreshed (self->show) : 0;

  gtk_label_set_label (self->title_label, title ?: "");
  adw_window_title_set_title (self->window_title, title ?: "");

  if (has_text (author))
    /* Translators: under a show's title, "by" its author */
    by = g_strdup_printf (_("by %s"), author);
  gtk_label_set_label (self->author_label, by ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->author_label), by != NULL);

  counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u episode", "%u episodes", episodes), episodes);
  if (unplayed > 0)
    {
      g_autofree char *unplayed_text = lw_show_tile_format_unplayed (unplayed);
      g_autofree char *both = g_strdup_printf ("%s · %s", counts, unplayed_text);

      g_free (counts);
      counts = g_steal_pointer (&both);
    }
  gtk_label_set_label (self->counts_label, counts);


  lw_artwork_set_url (self->artwork, self->show ? lw_show_get_image_url (self->show) : NULL);

  gtk_label_set_label (self->error_label, error ?: "");
  gtk_revealer_set_reveal_child (self->error_revealer, has_text (error));

  gtk_label_set_label (self->description_label,
                       self->show && has_text (lw_show_get_description (self->show))
                       ? lw_show_get_description (self->show)
                       : _("This show has no description."));
  align_text (self);

  adw_action_row_set_subtitle (self->feed_row, self->show ? lw_show_get_feed_url (self->show) : "");
  if (last_refreshed > 0)
    refreshed = lw_format_date (last_refreshed, g_get_real_time () / G_USEC_PER_SEC);
  else
    refreshed = g_strdup (_("Never"));
  if (has_text (error))
    {
      g_autofree char *with_error = g_strdup_printf (_("%s (the last try failed: %s)"), refreshed, error);

      g_free (refreshed);
      refreshed = g_steal_pointer (&with_error);
    }
  adw_action_row_set_subtitle (self->refreshed_row, refreshed);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "show.open-website",
                                 self->show && has_text (lw_show_get_link (self->show)));
  update_speed (self);
  update_notify (self);
}

static void
clear_about_rows (LwShowPage *self)
{
  for (guint i = 0; i < self->about_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->about_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->about_rows, 0);

  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->categories_box)));)
    gtk_flow_box_remove (self->categories_box, child);
}

static void
on_link_row_activated (AdwActionRow *row)
{
  const char *url = g_object_get_data (G_OBJECT (row), "url");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
add_link_row (LwShowPage *self,
              const char *title,
              const char *url)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("adw-external-link-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "url", g_strdup (url), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (on_link_row_activated), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Opens in the browser"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);

  adw_preferences_group_add (self->links_group, row);
  g_ptr_array_add (self->about_rows, row);
}

static void
add_podroll_row (LwShowPage         *self,
                 LwLibrary          *library,
                 const LwRemoteItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(LwShow) subscribed = lw_library_lookup_show_by_url (library, item->feed_url);
  const char *title = has_text (item->title) ? item->title : item->feed_url;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->feed_url);

  if (subscribed != NULL)
    {
      GtkWidget *label = gtk_label_new (_("Subscribed"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Subscribe"));
      g_autofree char *accessible = g_strdup_printf (_("Subscribe to “%s”"), title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.subscribe");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item->feed_url);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_widget_add_css_class (button, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_preferences_group_add (self->podroll_group, row);
  g_ptr_array_add (self->about_rows, row);
}

static void
add_category (LwShowPage *self,
              const char *category)
{
  GtkWidget *label;
  const char *slash = strchr (category, '/');
  g_autofree char *text = NULL;

  /* "Science/Physics" reads as "Science › Physics". */
  if (slash != NULL)
    text = g_strdup_printf ("%.*s › %s", (int) (slash - category), category, slash + 1);
  else
    text = g_strdup (category);

  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "category");
  gtk_flow_box_append (self->categories_box, label);
}

/* iTunes nests categories and feeds list the parent too: "Leisure" beside
 * "Leisure › Hobbies" says nothing more. */
static gboolean
has_subcategory (GPtrArray  *categories,
                 const char *category)
{
  gsize len = strlen (category);

  for (guint i = 0; i < categories->len; i++)
    {
      const char *other = g_ptr_array_index (categories, i);

      if (strncmp (other, category, len) == 0 && other[len] == '/')
        return TRUE;
    }

  return FALSE;
}

/* What the show row has no property for: links, categories, podroll. A few rows of
 * SQL, when the page opens. */
static void
load_about (LwShowPage *self)
{
  LwApplication *app = get_application (self);
  LwLibrary *library;
  g_autoptr(LwFeed) feed = NULL;
  gboolean any_podroll = FALSE;

  clear_about_rows (self);

  if (self->show == NULL || app == NULL || !(library = lw_application_get_library (app)))
    return;

  if (has_text (lw_show_get_link (self->show)))
    add_link_row (self, _("Website"), lw_show_get_link (self->show));

  feed = lw_library_dup_show_feed (library, lw_show_get_id (self->show), NULL);
  if (feed != NULL)
    {
      for (guint i = 0; feed->funding && i < feed->funding->len; i++)
        {
          const LwFunding *funding = g_ptr_array_index (feed->funding, i);

          if (has_text (funding->url))
            add_link_row (self, has_text (funding->title) ? funding->title : _("Support the Show"), funding->url);
        }

      for (guint i = 0; feed->categories && i < feed->categories->len; i++)
        if (!has_subcategory (feed->categories, g_ptr_array_index (feed->categories, i)))
          add_category (self, g_ptr_array_index (feed->categories, i));

      for (guint i = 0; feed->podroll && i < feed->podroll->len; i++)
        {
          const LwRemoteItem *item = g_ptr_array_index (feed->podroll, i);

          /* A bare podcast GUID cannot be subscribed to without a directory look-up. */
          if (!has_text (item->feed_url))
            continue;
          add_podroll_row (self, library, item);
          any_podroll = TRUE;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->podroll_group), any_podroll);
  gtk_widget_set_visible (GTK_WIDGET (self->links_group), has_text (lw_show_get_link (self->show)) ||
                          (feed && feed->funding && feed->funding->len > 0));
  gtk_widget_set_visible (GTK_WIDGET (self->categories_box),
                          feed && feed->categories && feed->categories->len > 0);
}

static void
set_refreshing (LwShowPage *self,
                gboolean    refreshing)
{
  gtk_stack_set_visible_child_name (self->refresh_stack, refreshing ? "spinner" : "button");
  gtk_spinner_set_spinning (self->spinner, refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "show.refresh", !refreshing);
}

static void refresh_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter);

/* Retry refreshes the show that failed, even when the page shows another by now. */
static void
on_retry_clicked (AdwToast   *toast,
                  LwShowPage *self)
{
  LwShow *show = g_object_get_data (G_OBJECT (toast), "lw-show");
  LwApplication *app = get_application (self);

  if (show == NULL || show == self->show)
    refresh_action (GTK_WIDGET (self), "show.refresh", NULL);
  else if (app != NULL)
    lw_feed_service_refresh_async (lw_application_get_feed_service (app), show, NULL, NULL, NULL);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LwShowPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (lw_feed_service_refresh_finish (LW_FEED_SERVICE (object), result, &error) ||
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_refreshing (self, FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && LW_IS_WINDOW (root))
    {
      g_autofree char *title = NULL;
      AdwToast *toast;

      /* The page's banner says what went wrong, and stays; the toast names the show
       * (the page may be out of sight on a narrow window) and goes. */
      if (self->show != NULL)
        /* Translators: a toast when refreshing a show failed; %s is its title */
        title = g_strdup_printf (_("Could not update “%s”"), lw_show_get_title (self->show));
      toast = lw_toast_new_retry (title != NULL ? title : error->message);
      if (self->show != NULL)
        g_object_set_data_full (G_OBJECT (toast), "lw-show", g_object_ref (self->show), g_object_unref);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_retry_clicked), self, 0);
      lw_window_add_toast (LW_WINDOW (root), toast);
    }
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LwShowPage *self = LW_SHOW_PAGE (widget);
  LwApplication *app = get_application (self);

  if (self->show == NULL || app == NULL || lw_show_page_get_refreshing (self))
    return;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();

  set_refreshing (self, TRUE);
  lw_feed_service_refresh_async (lw_application_get_feed_service (app), self->show,
                                 self->refresh_cancellable, refresh_cb, g_object_ref (self));
}

static void
unsubscribe_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LwShowPage *self = LW_SHOW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->show != NULL && LW_IS_WINDOW (root))
    lw_window_unsubscribe (LW_WINDOW (root), self->show);
}

static void
open_website_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LwShowPage *self = LW_SHOW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->show != NULL && has_text (lw_show_get_link (self->show)))
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, lw_show_get_link (self->show), GDK_CURRENT_TIME);
}

static void
copy_feed_url_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LwShowPage *self = LW_SHOW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->show == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), lw_show_get_feed_url (self->show));
  if (LW_IS_WINDOW (root))
    lw_window_add_toast (LW_WINDOW (root), lw_toast_new_plain (_("Feed address copied")));
}

static void
download_new_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LwShowPage *self = LW_SHOW_PAGE (widget);

  if (self->show != NULL)
    gtk_widget_activate_action (widget, "app.download-new-episodes", "x", lw_show_get_id (self->show));
}

/* The show's own download settings live with the downloads: hand the show over to them. */
static void
download_settings_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LwShowPage *self = LW_SHOW_PAGE (widget);

  if (self->show == NULL)
    return;

  gtk_widget_activate_action (widget, "app.show-download-settings", "x", lw_show_get_id (self->show));
}

static void
on_episode_activated (LwShowPage *self,
                      LwEpisode  *episode)
{
  g_signal_emit (self, signals[EPISODE_ACTIVATED], 0, episode);
}

/* The list needs the application (for its actions): built once the page is in a window. */
static LwEpisodeListView *
ensure_episode_list (LwShowPage *self)
{
  LwApplication *app;

  if (self->episode_list != NULL)
    return self->episode_list;

  if (!(app = get_application (self)))
    app = LW_APPLICATION (g_application_get_default ());
  if (app == NULL)
    return NULL;

  self->episode_list = LW_EPISODE_LIST_VIEW (lw_episode_list_view_new (app));
  gtk_widget_set_vexpand (GTK_WIDGET (self->episode_list), TRUE);
  g_signal_connect_object (self->episode_list, "episode-activated",
                           G_CALLBACK (on_episode_activated), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->episodes_box, GTK_WIDGET (self->episode_list));

  return self->episode_list;
}

void
lw_show_page_prepare (LwShowPage *self)
{
  g_return_if_fail (LW_IS_SHOW_PAGE (self));

  ensure_episode_list (self);
}

static void
lw_show_page_direction_changed (GtkWidget        *widget,
                                GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (lw_show_page_parent_class)->direction_changed (widget, previous_direction);

  align_text (LW_SHOW_PAGE (widget));
}

static void
lw_show_page_dispose (GObject *object)
{
  LwShowPage *self = (LwShowPage *)object;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);

  if (self->about_rows != NULL)
    lw_show_page_set_show (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_SHOW_PAGE);
  /* dispose_template() only unparents the children bound to fields. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  self->episode_list = NULL;
  g_clear_pointer (&self->about_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (lw_show_page_parent_class)->dispose (object);
}

static void
lw_show_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LwShowPage *self = LW_SHOW_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_show_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LwShowPage *self = LW_SHOW_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      lw_show_page_set_show (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_show_page_class_init (LwShowPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_show_page_dispose;
  object_class->get_property = lw_show_page_get_property;
  object_class->set_property = lw_show_page_set_property;

  widget_class->direction_changed = lw_show_page_direction_changed;

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         LW_TYPE_SHOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EPISODE_ACTIVATED] =
    g_signal_new ("episode-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LW_TYPE_EPISODE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-show-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, artwork);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, author_label);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, episodes_box);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, categories_box);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, links_group);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, podroll_group);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, feed_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, refreshed_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, speed_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, notify_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, notify_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_notify_toggled);

  gtk_widget_class_install_action (widget_class, "show.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "show.unsubscribe", NULL, unsubscribe_action);
  gtk_widget_class_install_action (widget_class, "show.open-website", NULL, open_website_action);
  gtk_widget_class_install_action (widget_class, "show.copy-feed-url", NULL, copy_feed_url_action);
  gtk_widget_class_install_action (widget_class, "show.download-new", NULL, download_new_action);
  gtk_widget_class_install_action (widget_class, "show.download-settings", NULL, download_settings_action);

  g_type_ensure (LW_TYPE_ARTWORK);
  g_type_ensure (LW_TYPE_EPISODE_LIST_VIEW);
}

static void
lw_show_page_init (LwShowPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->about_rows = g_ptr_array_new ();

  {
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

    gtk_string_list_append (names, _("Same as Everywhere"));
    for (guint i = 1; i < G_N_ELEMENTS (speeds); i++)
      {
        /* Translators: a playback speed, "1.25×" */
        g_autofree char *name = g_strdup_printf (_("%g×"), speeds[i]);

        gtk_string_list_append (names, name);
      }
    self->syncing_speed = TRUE;
    adw_combo_row_set_model (self->speed_row, G_LIST_MODEL (names));
    self->syncing_speed = FALSE;
  }

  update_header (self);
}

GtkWidget *
lw_show_page_new (void)
{
  return g_object_new (LW_TYPE_SHOW_PAGE, NULL);
}

LwShow *
lw_show_page_get_show (LwShowPage *self)
{
  g_return_val_if_fail (LW_IS_SHOW_PAGE (self), NULL);

  return self->show;
}

void
lw_show_page_set_show (LwShowPage *self,
                       LwShow     *show)
{
  LwEpisodeListView *list;

  g_return_if_fail (LW_IS_SHOW_PAGE (self));
  g_return_if_fail (!show || LW_IS_SHOW (show));

  if (self->show == show)
    return;

  /* A refresh of the previous show goes on in the service; the page stops waiting. */
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  set_refreshing (self, FALSE);

  if (self->show != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->show, update_header, self);
      g_signal_handlers_disconnect_by_func (self->show, load_about, self);
    }

  g_set_object (&self->show, show);

  if (show != NULL)
    {
      g_signal_connect_swapped (show, "notify", G_CALLBACK (update_header), self);
      /* Categories, funding and the podroll have no property of their own: every
       * refresh that reached the feed (from this page, Refresh All or the timer)
       * moves last-refreshed, and may have changed them. */
      g_signal_connect_swapped (show, "notify::last-refreshed", G_CALLBACK (load_about), self);
      g_signal_connect_swapped (show, "notify::link", G_CALLBACK (load_about), self);
    }

  if ((list = ensure_episode_list (self)) != NULL)
    lw_episode_list_view_set_show (list, show);
  update_header (self);
  load_about (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "episodes");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}

AdwHeaderBar *
lw_show_page_get_header_bar (LwShowPage *self)
{
  g_return_val_if_fail (LW_IS_SHOW_PAGE (self), NULL);

  return self->header_bar;
}

void
lw_show_page_set_view (LwShowPage *self,
                       const char *name)
{
  g_return_if_fail (LW_IS_SHOW_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

gboolean
lw_show_page_get_refreshing (LwShowPage *self)
{
  g_return_val_if_fail (LW_IS_SHOW_PAGE (self), FALSE);

  return gtk_spinner_get_spinning (self->spinner);
}

GListModel *
lw_show_page_get_episodes (LwShowPage *self)
{
  g_return_val_if_fail (LW_IS_SHOW_PAGE (self), NULL);

  return self->episode_list ? lw_episode_list_view_get_shown (self->episode_list) : NULL;
}

void
lw_show_page_activate_episode (LwShowPage *self,
                               guint       position)
{
  g_autoptr(LwEpisode) episode = NULL;

  g_return_if_fail (LW_IS_SHOW_PAGE (self));

  if (self->episode_list == NULL)
    return;

  /* As a click on the row: through the list, so its selection follows. */
  episode = g_list_model_get_item (lw_episode_list_view_get_shown (self->episode_list), position);
  if (episode != NULL)
    gtk_widget_activate_action (GTK_WIDGET (lw_episode_list_view_get_list_view (self->episode_list)),
                                "list.activate-item", "u", position);
}
