/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-artwork.h"
#include "lw-episode-list-view.h"
#include "lw-show-about.h"
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
  LwShowAbout        *about;             /* made when first needed */

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
  GtkBox             *about_box;
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
  return lw_widget_get_application (GTK_WIDGET (self));
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* The show's own words start where their text does (an Arabic show's title on the
 * right, on an English desktop too), and the byline and counts under it go with it. */
static void
align_text (LwShowPage *self)
{
  GtkTextDirection title_direction = lw_text_direction_align_label (self->title_label);

  lw_text_direction_align (GTK_WIDGET (self->author_label), title_direction);
  lw_text_direction_align (GTK_WIDGET (self->counts_label), title_direction);
}

static void
update_header (LwShowPage *self)
{
  const char *title = self->show ? lw_show_get_title (self->show) : NULL;
  const char *author = self->show ? lw_show_get_author (self->show) : NULL;
  const char *error = self->show ? lw_show_get_last_error (self->show) : NULL;
  g_autofree char *by = NULL;
  g_autofree char *counts = NULL;
  guint episodes = self->show ? lw_show_get_episode_count (self->show) : 0;
  guint unplayed = self->show ? lw_show_get_unplayed_count (self->show) : 0;

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

  align_text (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "show.open-website",
                                 self->show && has_text (lw_show_get_link (self->show)));
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

/* The page's banner says what went wrong and has its own Retry: a toast with
 * another would say it twice. */
static gboolean
banner_on_screen (LwShowPage *self)
{
  return gtk_widget_get_mapped (GTK_WIDGET (self)) &&
         gtk_revealer_get_reveal_child (self->error_revealer);
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
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && LW_IS_WINDOW (root) &&
      !banner_on_screen (self))
    {
      g_autofree char *title = NULL;
      AdwToast *toast;

      /* Out of sight (the detail in front of it on a narrow window), the page's
       * banner says what went wrong and stays; the toast names the show and goes. */
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

static LwShowAbout *
ensure_about (LwShowPage *self)
{
  if (self->about != NULL)
    return self->about;

  self->about = LW_SHOW_ABOUT (lw_show_about_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->about), TRUE);
  gtk_box_append (self->about_box, GTK_WIDGET (self->about));
  lw_show_about_set_show (self->about, self->show);

  return self->about;
}

static void
on_view_changed (LwShowPage *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "about") == 0)
    ensure_about (self);
}

gboolean
lw_show_page_prepare (LwShowPage *self)
{
  int min, nat;

  g_return_val_if_fail (LW_IS_SHOW_PAGE (self), FALSE);

  if (self->episode_list == NULL)
    return ensure_episode_list (self) != NULL;

  if (self->about == NULL)
    {
      ensure_about (self);
      return TRUE;
    }

  /* Measured once off screen, the page's fonts are loaded (and their metrics known)
   * before the frame that first shows it: an eighth of that frame's work
   * (valgrind --tool=callgrind on bench/bench-episode-scroll). */
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, 600, &min, &nat, NULL, NULL);
  return FALSE;
}

GtkWidget *
lw_show_page_get_about (LwShowPage *self)
{
  g_return_val_if_fail (LW_IS_SHOW_PAGE (self), NULL);

  return GTK_WIDGET (ensure_about (self));
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

  if (self->show != NULL)
    lw_show_page_set_show (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_SHOW_PAGE);
  /* dispose_template() only unparents the children bound to fields. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  self->episode_list = NULL;
  self->about = NULL;

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
  gtk_widget_class_bind_template_child (widget_class, LwShowPage, about_box);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);

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
    g_signal_handlers_disconnect_by_func (self->show, update_header, self);

  g_set_object (&self->show, show);

  if (show != NULL)
    g_signal_connect_swapped (show, "notify", G_CALLBACK (update_header), self);

  if ((list = ensure_episode_list (self)) != NULL)
    lw_episode_list_view_set_show (list, show);
  update_header (self);
  if (self->about != NULL)
    lw_show_about_set_show (self->about, show);
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
lw_show_page_select_episode (LwShowPage *self,
                             LwEpisode  *episode)
{
  g_return_if_fail (LW_IS_SHOW_PAGE (self));

  if (self->episode_list != NULL)
    lw_episode_list_view_select_episode (self->episode_list, episode);
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
