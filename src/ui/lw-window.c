/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-add-dialog.h"
#include "lw-episode-detail.h"
#include "lw-episode-row.h"
#include "lw-player-bar.h"
#include "lw-show-row.h"
#include "lw-window.h"

struct _LwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  LwLibrary            *library;
  GtkSingleSelection   *show_selection;
  GtkSingleSelection   *episode_selection;
  LwShow               *show;
  GCancellable         *cancellable;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkListView          *show_list;
  GtkListView          *episode_list;
  AdwWindowTitle       *episodes_title;
  GtkStack             *episodes_stack;
  LwEpisodeDetail      *episode_detail;
  LwPlayerBar          *player_bar;
};

G_DEFINE_FINAL_TYPE (LwWindow, lw_window, ADW_TYPE_APPLICATION_WINDOW)

static LwApplication *
get_application (LwWindow *self)
{
  return LW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
update_empty_state (LwWindow *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->show_selection)) == 0;

  gtk_stack_set_visible_child_name (self->main_stack, empty ? "empty" : "library");
}

static void
update_episodes_title (LwWindow *self)
{
  adw_window_title_set_title (self->episodes_title, self->show ? lw_show_get_title (self->show) : "");
  adw_window_title_set_subtitle (self->episodes_title, self->show ? lw_show_get_author (self->show) : "");
}

static void
update_episodes_stack (LwWindow *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->episode_selection)) == 0;

  gtk_stack_set_visible_child_name (self->episodes_stack, empty ? "empty" : "list");
}

static void
set_show (LwWindow *self,
          LwShow   *show)
{
  g_autoptr(GListModel) episodes = NULL;

  if (self->show == show)
    return;

  if (self->show != NULL)
    g_signal_handlers_disconnect_by_func (self->show, update_episodes_title, self);

  g_set_object (&self->show, show);

  if (show != NULL)
    {
      g_signal_connect_swapped (show, "notify::title", G_CALLBACK (update_episodes_title), self);
      g_signal_connect_swapped (show, "notify::author", G_CALLBACK (update_episodes_title), self);
      episodes = lw_library_get_episodes (self->library, lw_show_get_id (show));
    }

  update_episodes_title (self);
  lw_episode_detail_set_show (self->episode_detail, show);
  gtk_single_selection_set_model (self->episode_selection, episodes);
  update_episodes_stack (self);
}

static void
on_show_selected (LwWindow *self)
{
  set_show (self, gtk_single_selection_get_selected_item (self->show_selection));
}

static void
on_episode_selected (LwWindow *self)
{
  lw_episode_detail_set_episode (self->episode_detail,
                                 gtk_single_selection_get_selected_item (self->episode_selection));
}

static void
navigate_to (LwWindow   *self,
             const char *pane)
{
  adw_leaflet_set_visible_child_name (self->leaflet, pane);
}

static void
on_show_list_activate (LwWindow    *self,
                       guint        position,
                       GtkListView *list)
{
  gtk_single_selection_set_selected (self->show_selection, position);
  navigate_to (self, "episodes");
}

static void
on_episode_list_activate (LwWindow    *self,
                          guint        position,
                          GtkListView *list)
{
  gtk_single_selection_set_selected (self->episode_selection, position);
  navigate_to (self, "detail");
}

static gboolean
is_on_row (GtkWidget *list,
           double     x,
           double     y)
{
  GtkWidget *widget = gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);

  for (; widget != NULL && widget != list; widget = gtk_widget_get_parent (widget))
    if (g_str_equal (gtk_widget_get_css_name (widget), "row"))
      return TRUE;

  return FALSE;
}

/* The list selects on click but only activates on double click (single-click-activate
 * would select on hover). When folded, a click on a row, even the selected one, goes
 * to the next pane; this runs in the capture phase, before the row selects itself,
 * and the pane's content follows the selection a moment later. */
static void
on_list_released (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  LwWindow        *self)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  if (n_press != 1 || !is_on_row (list, x, y))
    return;

  navigate_to (self, list == GTK_WIDGET (self->show_list) ? "episodes" : "detail");
}

static void
add_navigation_gesture (LwWindow  *self,
                        GtkWidget *list)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "released", G_CALLBACK (on_list_released), self);
  gtk_widget_add_controller (list, GTK_EVENT_CONTROLLER (gesture));
}

static void
on_leaflet_folded (LwWindow *self)
{
  /* Unfolded, all panes show; folded, stay where the content is. */
  if (adw_leaflet_get_folded (self->leaflet) && self->show == NULL)
    navigate_to (self, "shows");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LwWindow *self = LW_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_player_changed (LwWindow *self)
{
  LwApplication *app = get_application (self);
  LwPlayer *player = NULL;

  /* The application creates the player after the first frame (GStreamer's start-up
   * is not free); until then the bar stays hidden. */
  if (app != NULL)
    player = lw_application_peek_player (app);

  lw_player_bar_set_player (self->player_bar, player);
  lw_episode_detail_set_player (self->episode_detail, player);
}

static void
on_subscribed (LwWindow *self,
               LwShow   *show)
{
  g_autofree char *text = NULL;

  lw_window_select_show (self, lw_show_get_id (show));

  if (lw_show_get_title (show) != NULL && lw_show_get_title (show)[0] != '\0')
    text = g_strdup_printf (_("Subscribed to “%s”"), lw_show_get_title (show));
  else
    text = g_strdup (_("Subscribed"));
  lw_window_add_toast (self, adw_toast_new (text));
}

static void
subscribe_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LwWindow) self = user_data;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;

  show = lw_feed_service_subscribe_finish (LW_FEED_SERVICE (object), result, &error);
  if (show != NULL)
    on_subscribed (self, show);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lw_window_show_error (self, error->message);
}

static gboolean
lw_window_close_request (GtkWindow *window)
{
  LwWindow *self = LW_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);

  /* A maximised window remembers the size it returns to, not the screen's. */
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (lw_window_parent_class)->close_request (window);
}

/* GtkWindow:application is an ordinary property, set after constructed(): the
 * services are picked up here, called by lw_window_new(). */
static void
lw_window_setup (LwWindow *self)
{
  LwApplication *app = get_application (self);
  GListModel *shows;

  self->settings = g_object_ref (lw_application_get_settings (app));
  self->library = g_object_ref (lw_application_get_library (app));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  shows = lw_library_get_shows (self->library);
  gtk_single_selection_set_model (self->show_selection, shows);
  g_signal_connect_object (self->show_selection, "items-changed",
                           G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (app, "notify::player",
                           G_CALLBACK (on_player_changed), self, G_CONNECT_SWAPPED);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  update_empty_state (self);
  on_show_selected (self);
  on_player_changed (self);
}

static void
lw_window_dispose (GObject *object)
{
  LwWindow *self = (LwWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->show_selection != NULL)
    set_show (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_WINDOW);

  g_clear_object (&self->show_selection);
  g_clear_object (&self->episode_selection);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lw_window_parent_class)->dispose (object);
}

static void
lw_window_class_init (LwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lw_window_dispose;

  window_class->close_request = lw_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, show_list);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, episode_list);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, episodes_title);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, episodes_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, episode_detail);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, player_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_show_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_episode_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);

  gtk_widget_class_install_action (widget_class, "library.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "library.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK, "library.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  g_type_ensure (LW_TYPE_EPISODE_DETAIL);
  g_type_ensure (LW_TYPE_EPISODE_ROW);
  g_type_ensure (LW_TYPE_PLAYER_BAR);
  g_type_ensure (LW_TYPE_SHOW_ROW);
}

static void
lw_window_init (LwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* Something is always selected so the panes beside the list are never blank. */
  self->show_selection = gtk_single_selection_new (NULL);
  self->episode_selection = gtk_single_selection_new (NULL);
  g_signal_connect_object (self->show_selection, "notify::selected-item",
                           G_CALLBACK (on_show_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->episode_selection, "notify::selected-item",
                           G_CALLBACK (on_episode_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->episode_selection, "items-changed",
                           G_CALLBACK (update_episodes_stack), self, G_CONNECT_SWAPPED);

  gtk_list_view_set_model (self->show_list, GTK_SELECTION_MODEL (self->show_selection));
  gtk_list_view_set_model (self->episode_list, GTK_SELECTION_MODEL (self->episode_selection));

  add_navigation_gesture (self, GTK_WIDGET (self->show_list));
  add_navigation_gesture (self, GTK_WIDGET (self->episode_list));
}

LwWindow *
lw_window_new (LwApplication *application)
{
  LwWindow *self;

  g_return_val_if_fail (LW_IS_APPLICATION (application), NULL);

  self = g_object_new (LW_TYPE_WINDOW,
                       "application", application,
                       NULL);
  lw_window_setup (self);

  return self;
}

void
lw_window_add_toast (LwWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
lw_window_show_error (LwWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Errors stay until dismissed: a person may be looking elsewhere. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GtkWindow *
lw_window_show_add_dialog (LwWindow   *self,
                           const char *url)
{
  LwAddDialog *dialog;

  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  dialog = lw_add_dialog_new (GTK_WINDOW (self),
                              lw_application_get_feed_service (get_application (self)));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (get_application (self)));
  if (url != NULL)
    lw_add_dialog_set_url (dialog, url);

  g_signal_connect_object (dialog, "subscribed", G_CALLBACK (on_subscribed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

void
lw_window_subscribe (LwWindow   *self,
                     const char *url)
{
  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  lw_feed_service_subscribe_async (lw_application_get_feed_service (get_application (self)),
                                   url, self->cancellable, subscribe_cb, g_object_ref (self));
}

static gboolean
select_by_id (GtkSingleSelection *selection,
              gint64              id,
              gint64            (*get_id) (gpointer))
{
  GListModel *model = G_LIST_MODEL (selection);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (get_id (item) == id)
        {
          gtk_single_selection_set_selected (selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
lw_window_select_show (LwWindow *self,
                       gint64    show_id)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);

  if (!select_by_id (self->show_selection, show_id, (gint64 (*) (gpointer)) lw_show_get_id))
    return FALSE;

  navigate_to (self, "episodes");
  return TRUE;
}

gboolean
lw_window_select_episode (LwWindow *self,
                          gint64    episode_id)
{
  g_autoptr(LwEpisode) episode = NULL;

  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);

  /* The episode may belong to another show than the one shown. */
  episode = lw_library_lookup_episode (self->library, episode_id);
  if (episode == NULL)
    return FALSE;

  if ((self->show == NULL || lw_show_get_id (self->show) != lw_episode_get_show_id (episode)) &&
      !select_by_id (self->show_selection, lw_episode_get_show_id (episode), (gint64 (*) (gpointer)) lw_show_get_id))
    return FALSE;

  if (!select_by_id (self->episode_selection, episode_id, (gint64 (*) (gpointer)) lw_episode_get_id))
    return FALSE;

  navigate_to (self, "detail");
  return TRUE;
}

const char *
lw_window_get_visible_pane (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "empty") == 0)
    return "empty";

  return adw_leaflet_get_visible_child_name (self->leaflet);
}
