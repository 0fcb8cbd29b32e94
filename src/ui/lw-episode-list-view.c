/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-episode-list-view"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "lw-after-frame.h"
#include "lw-episode-list-view.h"
#include "lw-episode-row.h"
#include "lw-toast.h"

struct _LwEpisodeListView
{
  GtkWidget           parent_instance;

  LwApplication      *application;
  LwShow             *show;
  GListModel         *model;
  LwEpisodeFilter     filter;
  gboolean            show_titles;
  /* The empty page under "All", when a place has words of its own. */
  char               *empty_icon_name;
  char               *empty_title;
  char               *empty_description;

  GtkCustomFilter    *custom_filter;
  GtkSliceListModel  *ramp_model;
  guint               ramp_tick_id;
  gboolean            ramp_waited;
  guint               ramp_step;
  gint64              ramp_tick_time;
  GdkFrameClock      *ramp_clock;
  gulong              ramp_paint_id;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;

  GtkBox             *filter_bar;
  GtkToggleButton    *all_button;
  GtkToggleButton    *unplayed_button;
  GtkToggleButton    *downloaded_button;
  GtkButton          *mark_all_button;
  GtkStack           *stack;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (LwEpisodeListView, lw_episode_list_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (LwEpisodeFilter, lw_episode_filter,
                    G_DEFINE_ENUM_VALUE (LW_EPISODE_FILTER_ALL, "all"),
                    G_DEFINE_ENUM_VALUE (LW_EPISODE_FILTER_UNPLAYED, "unplayed"),
                    G_DEFINE_ENUM_VALUE (LW_EPISODE_FILTER_DOWNLOADED, "downloaded"))

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_SHOW,
  PROP_MODEL,
  PROP_FILTER,
  PROP_SHOW_TITLES,
  N_PROPS
};

enum {
  EPISODE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static LwLibrary *
get_library (LwEpisodeListView *self)
{
  return self->application ? lw_application_get_library (self->application) : NULL;
}

static void
show_toast (LwEpisodeListView *self,
            const char        *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    lw_toast_overlay_add (ADW_TOAST_OVERLAY (overlay), lw_toast_new_plain (title));
}

static void
show_error (LwEpisodeListView *self,
            const GError      *error)
{
  g_debug ("%s", error->message);
  show_toast (self, error->message);
}

static gboolean
filter_episode (gpointer item,
                gpointer user_data)
{
  LwEpisodeListView *self = user_data;
  LwEpisode *episode = item;
  const char *path;

  switch (self->filter)
    {
    case LW_EPISODE_FILTER_UNPLAYED:
      return !lw_episode_get_played (episode);

    case LW_EPISODE_FILTER_DOWNLOADED:
      path = lw_episode_get_local_path (episode);
      return path != NULL && path[0] != '\0';

    case LW_EPISODE_FILTER_ALL:
    default:
      return TRUE;
    }
}

static void
update_stack (LwEpisodeListView *self)
{
  guint n_items;
  gboolean empty;

  if (self->stack == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  empty = n_items == 0 && gtk_filter_list_model_get_pending (self->filter_model) == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "episodes.mark-all-played", n_items > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "episodes.mark-all-unplayed", n_items > 0);

  if (!empty)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  switch (self->filter)
    {
    case LW_EPISODE_FILTER_UNPLAYED:
      adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Unplayed Episodes"));
      adw_status_page_set_description (self->empty_page, _("You have heard them all"));
      break;

    case LW_EPISODE_FILTER_DOWNLOADED:
      adw_status_page_set_icon_name (self->empty_page, "folder-download-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Downloaded Episodes"));
      adw_status_page_set_description (self->empty_page, _("Downloaded episodes play without a connection"));
      break;

    case LW_EPISODE_FILTER_ALL:
    default:
      adw_status_page_set_icon_name (self->empty_page, self->empty_icon_name ?: "audio-x-generic-symbolic");
      adw_status_page_set_title (self->empty_page, self->empty_title ?: _("No Episodes"));
      adw_status_page_set_description (self->empty_page, self->empty_description);
      break;
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Played and downloaded are not watched item by item: a filter that is not "All"
 * runs again when the show's counts change or after an action here. */
static void
refilter (LwEpisodeListView *self)
{
  if (self->filter != LW_EPISODE_FILTER_ALL)
    gtk_filter_changed (GTK_FILTER (self->custom_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
update_filter (LwEpisodeListView *self)
{
  /* "All" passes the lazy list through untouched: no item is loaded before a row
   * asks for it. The others walk the list in steps, off the frame clock's way. */
  if (self->filter == LW_EPISODE_FILTER_ALL)
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  else
    {
      gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->custom_filter));
      gtk_filter_changed (GTK_FILTER (self->custom_filter), GTK_FILTER_CHANGE_DIFFERENT);
    }

  update_stack (self);
}

/* GTK 4.8's list builds a row for each of up to 200 items around the view as soon
 * as they are there: 200 episode rows at once would hold the main loop for about
 * 100 ms. A long list is let in a few rows per frame instead, a screen first; past
 * the rows the list keeps, the rest costs nothing and comes at once.
 *
 * How many a frame follows the main thread's CPU time in the last frame, from the
 * ramp's tick to its paint, aiming at RAMP_FRAME_US: a new row costs about a
 * millisecond there, and a frame that also scrolls a page of rows has less room. So
 * the ramp is done soon when the list is left alone, and stays out of the way of a
 * list scrolled as it comes in. */
#define RAMP_FIRST 12
#define RAMP_STEP_FIRST 4
#define RAMP_STEP_MIN 2
#define RAMP_STEP_MAX 12
#define RAMP_FRAME_US 10000
#define RAMP_END 240


static void
stop_watching_ramp_frames (LwEpisodeListView *self)
{
  if (self->ramp_clock != NULL)
    g_clear_signal_handler (&self->ramp_paint_id, self->ramp_clock);
  g_clear_object (&self->ramp_clock);
}

static void
end_ramp (LwEpisodeListView *self)
{
  if (self->ramp_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->ramp_tick_id);
  self->ramp_tick_id = 0;
  stop_watching_ramp_frames (self);
  gtk_slice_list_model_set_size (self->ramp_model, G_MAXUINT);
}

static void
on_ramp_frame_painted (GdkFrameClock     *clock,
                       LwEpisodeListView *self)
{
  gint64 took;

  if (self->ramp_tick_time == 0)
    return;

  took = MAX (lw_after_frame_thread_cpu_us () - self->ramp_tick_time, 1);
  self->ramp_tick_time = 0;
  self->ramp_step = CLAMP (self->ramp_step * RAMP_FRAME_US / took, RAMP_STEP_MIN, RAMP_STEP_MAX);
}

static gboolean
ramp_tick (GtkWidget     *widget,
           GdkFrameClock *frame_clock,
           gpointer       user_data)
{
  LwEpisodeListView *self = LW_EPISODE_LIST_VIEW (widget);
  guint size = gtk_slice_list_model_get_size (self->ramp_model) + self->ramp_step;

  if (self->ramp_clock != frame_clock)
    {
      stop_watching_ramp_frames (self);
      self->ramp_clock = g_object_ref (frame_clock);
      self->ramp_paint_id = g_signal_connect (frame_clock, "after-paint",
                                              G_CALLBACK (on_ramp_frame_painted), self);
    }
  self->ramp_tick_time = lw_after_frame_thread_cpu_us ();

  /* The first frame lays out the first screen: more rows wait for the next. */
  if (!self->ramp_waited)
    {
      self->ramp_waited = TRUE;
      return G_SOURCE_CONTINUE;
    }

  if (size >= RAMP_END)
    {
      self->ramp_tick_id = 0;
      stop_watching_ramp_frames (self);
      gtk_slice_list_model_set_size (self->ramp_model, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }

  gtk_slice_list_model_set_size (self->ramp_model, size);
  return G_SOURCE_CONTINUE;
}

static void
set_source (LwEpisodeListView *self,
            GListModel        *model)
{
  if (!g_set_object (&self->model, model))
    return;

  /* Before the model goes in, so that only the first screen's rows are built now;
   * also in a list not on screen yet (a show page made for this very show): the
   * ramp goes on once it is, frame by frame. */
  end_ramp (self);
  if (model != NULL && g_list_model_get_n_items (model) > RAMP_FIRST)
    {
      gtk_slice_list_model_set_size (self->ramp_model, RAMP_FIRST);
      self->ramp_waited = FALSE;
      self->ramp_step = RAMP_STEP_FIRST;
      self->ramp_tick_time = 0;
      self->ramp_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), ramp_tick, NULL, NULL);
    }
  gtk_slice_list_model_set_model (self->ramp_model, model);
  /* A new list starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
  update_stack (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

static void
on_list_activate (LwEpisodeListView *self,
                  guint              position,
                  GtkListView       *list_view)
{
  g_autoptr(LwEpisode) episode = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (episode == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[EPISODE_ACTIVATED], 0, episode);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           LwEpisodeListView        *self)
{
  gtk_list_item_set_child (list_item, lw_episode_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          LwEpisodeListView        *self)
{
  LwEpisodeRow *row = LW_EPISODE_ROW (gtk_list_item_get_child (list_item));
  LwEpisode *episode = gtk_list_item_get_item (list_item);
  g_autoptr(LwShow) show = NULL;
  LwLibrary *library = get_library (self);

  lw_episode_row_set_episode (row, episode);

  if (self->show_titles && library != NULL)
    show = lw_library_lookup_show (library, lw_episode_get_show_id (episode));
  lw_episode_row_set_show_title (row, show ? lw_show_get_title (show) : NULL);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            LwEpisodeListView        *self)
{
  /* Rows off screen let go of their episodes, so the library can drop them. */
  lw_episode_row_set_episode (LW_EPISODE_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static LwEpisodeRow *
find_focused_row (LwEpisodeListView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;

  if (LW_IS_EPISODE_ROW (focus))
    return LW_EPISODE_ROW (focus);

  /* The list focuses the item widget around the row. */
  row = gtk_widget_get_first_child (focus);
  if (row != NULL && LW_IS_EPISODE_ROW (row))
    return LW_EPISODE_ROW (row);

  row = gtk_widget_get_ancestor (focus, LW_TYPE_EPISODE_ROW);

  return row ? LW_EPISODE_ROW (row) : NULL;
}

static gboolean
popup_focused_menu (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  LwEpisodeRow *row = find_focused_row (LW_EPISODE_LIST_VIEW (widget));

  if (row == NULL)
    return FALSE;

  lw_episode_row_popup_menu (row);

  return TRUE;
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "app.play-episode", "x", g_variant_get_int64 (parameter));
}

static void
queue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LwEpisodeListView *self = LW_EPISODE_LIST_VIEW (widget);
  LwLibrary *library = get_library (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwEpisode) episode = NULL;
  gint64 id = g_variant_get_int64 (parameter);
  g_autofree char *title = NULL;

  if (library == NULL)
    return;

  if (!lw_library_queue_add (library, id, -1, &error))
    {
      show_error (self, error);
      return;
    }

  episode = lw_library_lookup_episode (library, id);
  /* Translators: a toast; %s is an episode title */
  title = g_strdup_printf (_("“%s” added to the queue"), episode ? lw_episode_get_title (episode) : "");
  show_toast (self, title);
}

static void
mark_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LwEpisodeListView *self = LW_EPISODE_LIST_VIEW (widget);
  LwLibrary *library = get_library (self);
  g_autoptr(GError) error = NULL;

  if (library == NULL)
    return;

  if (!lw_library_set_episode_played (library, g_variant_get_int64 (parameter),
                                      g_str_equal (action_name, "episodes.mark-played"), &error))
    show_error (self, error);

  refilter (self);
}

static void
download_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LwEpisodeListView *self = LW_EPISODE_LIST_VIEW (widget);

  if (self->application != NULL &&
      g_action_group_has_action (G_ACTION_GROUP (self->application), "download-episode"))
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "download-episode", parameter);
}

static void
mark_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LwEpisodeListView *self = LW_EPISODE_LIST_VIEW (widget);
  LwLibrary *library = get_library (self);
  g_autoptr(GError) error = NULL;
  gboolean played = g_str_equal (action_name, "episodes.mark-all-played");

  if (library == NULL)
    return;

  if (self->show != NULL && self->model != NULL && self->filter != LW_EPISODE_FILTER_DOWNLOADED)
    {
      /* The whole show in one transaction, however long it is. */
      if (!lw_library_set_show_played (library, lw_show_get_id (self->show), played, &error))
        show_error (self, error);
    }
  else
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      guint n;

      end_ramp (self);
      n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

      /* Ids first: lists like "New" shrink as their episodes are marked. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LwEpisode) episode = g_list_model_get_item (G_LIST_MODEL (self->filter_model), i);
          gint64 id;

          /* Only those that change. */
          if (played ? lw_episode_get_played (episode) && lw_episode_get_position (episode) == 0
                     : !lw_episode_get_played (episode))
            continue;
          id = lw_episode_get_id (episode);
          g_array_append_val (ids, id);
        }

      for (guint i = 0; i < ids->len; i++)
        if (!lw_library_set_episode_played (library, g_array_index (ids, gint64, i), played, &error))
          {
            show_error (self, error);
            break;
          }
    }

  refilter (self);
}

static void
update_download_action (LwEpisodeListView *self)
{
  gboolean enabled = self->application != NULL &&
                     g_action_group_has_action (G_ACTION_GROUP (self->application), "download-episode");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "episodes.download", enabled);
}

static void
lw_episode_list_view_constructed (GObject *object)
{
  LwEpisodeListView *self = (LwEpisodeListView *)object;

  G_OBJECT_CLASS (lw_episode_list_view_parent_class)->constructed (object);

  /* The downloads part adds its action to the application when it lands. */
  if (self->application != NULL)
    {
      g_signal_connect_object (self->application, "action-added::download-episode",
                               G_CALLBACK (update_download_action), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->application, "action-removed::download-episode",
                               G_CALLBACK (update_download_action), self, G_CONNECT_SWAPPED);
    }
  update_download_action (self);
}

static void
lw_episode_list_view_dispose (GObject *object)
{
  LwEpisodeListView *self = (LwEpisodeListView *)object;
  GtkWidget *child;

  if (self->show != NULL)
    g_signal_handlers_disconnect_by_func (self->show, refilter, self);
  /* The list may still change while the children go (and others may hold it). */
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);

  /* GTK drops a disposed widget's tick callbacks itself. */
  self->ramp_tick_id = 0;
  stop_watching_ramp_frames (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_EPISODE_LIST_VIEW);
  /* dispose_template() only unparents the children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  /* Whoever still holds the shown list must not call back into a dead view. */
  if (self->custom_filter != NULL)
    gtk_custom_filter_set_filter_func (self->custom_filter, NULL, NULL, NULL);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->ramp_model);
  g_clear_object (&self->custom_filter);
  g_clear_object (&self->model);
  g_clear_object (&self->show);
  g_clear_object (&self->application);
  g_clear_pointer (&self->empty_icon_name, g_free);
  g_clear_pointer (&self->empty_title, g_free);
  g_clear_pointer (&self->empty_description, g_free);

  G_OBJECT_CLASS (lw_episode_list_view_parent_class)->dispose (object);
}

static void
lw_episode_list_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LwEpisodeListView *self = LW_EPISODE_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_FILTER:
      g_value_set_enum (value, self->filter);
      break;

    case PROP_SHOW_TITLES:
      g_value_set_boolean (value, self->show_titles);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_list_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LwEpisodeListView *self = LW_EPISODE_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      self->application = g_value_dup_object (value);
      break;

    case PROP_SHOW:
      lw_episode_list_view_set_show (self, g_value_get_object (value));
      break;

    case PROP_MODEL:
      lw_episode_list_view_set_model (self, g_value_get_object (value));
      break;

    case PROP_FILTER:
      lw_episode_list_view_set_filter (self, g_value_get_enum (value));
      break;

    case PROP_SHOW_TITLES:
      lw_episode_list_view_set_show_titles (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_list_view_class_init (LwEpisodeListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lw_episode_list_view_constructed;
  object_class->dispose = lw_episode_list_view_dispose;
  object_class->get_property = lw_episode_list_view_get_property;
  object_class->set_property = lw_episode_list_view_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         LW_TYPE_APPLICATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         LW_TYPE_SHOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL,
                       LW_TYPE_EPISODE_FILTER,
                       LW_EPISODE_FILTER_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_TITLES] =
    g_param_spec_boolean ("show-titles", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EPISODE_ACTIVATED] =
    g_signal_new ("episode-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LW_TYPE_EPISODE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-episode-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, all_button);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, unplayed_button);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, downloaded_button);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, mark_all_button);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, stack);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, list_view);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeListView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_property_action (widget_class, "episodes.filter", "filter");
  gtk_widget_class_install_action (widget_class, "episodes.play", "x", play_action);
  gtk_widget_class_install_action (widget_class, "episodes.queue", "x", queue_action);
  gtk_widget_class_install_action (widget_class, "episodes.mark-played", "x", mark_action);
  gtk_widget_class_install_action (widget_class, "episodes.mark-unplayed", "x", mark_action);
  gtk_widget_class_install_action (widget_class, "episodes.download", "x", download_action);
  gtk_widget_class_install_action (widget_class, "episodes.mark-all-played", NULL, mark_all_action);
  gtk_widget_class_install_action (widget_class, "episodes.mark-all-unplayed", NULL, mark_all_action);

  /* The context menu of the focused row, from the keyboard. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_focused_menu, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, popup_focused_menu, NULL);

  g_type_ensure (LW_TYPE_EPISODE_ROW);
}

static void
lw_episode_list_view_init (LwEpisodeListView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->custom_filter = gtk_custom_filter_new (filter_episode, self, NULL);
  self->ramp_model = gtk_slice_list_model_new (NULL, 0, G_MAXUINT);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->ramp_model)), NULL);
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending",
                           G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_stack (self);
}

/**
 * lw_episode_list_view_new:
 * @application: the application, for its library and actions
 *
 * Returns: (transfer floating): a new episode list
 */
GtkWidget *
lw_episode_list_view_new (LwApplication *application)
{
  g_return_val_if_fail (!application || LW_IS_APPLICATION (application), NULL);

  return g_object_new (LW_TYPE_EPISODE_LIST_VIEW, "application", application, NULL);
}

LwShow *
lw_episode_list_view_get_show (LwEpisodeListView *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_LIST_VIEW (self), NULL);

  return self->show;
}

/**
 * lw_episode_list_view_set_show:
 * @self: an episode list
 * @show: (nullable): the show whose episodes to list
 *
 * Lists @show's episodes, newest first, from the library's lazy list: a show with
 * 10,000 episodes opens with one query for their ids.
 */
void
lw_episode_list_view_set_show (LwEpisodeListView *self,
                               LwShow            *show)
{
  g_autoptr(GListModel) episodes = NULL;
  LwLibrary *library;

  g_return_if_fail (LW_IS_EPISODE_LIST_VIEW (self));
  g_return_if_fail (!show || LW_IS_SHOW (show));

  if (self->show == show)
    return;

  if (self->show != NULL)
    g_signal_handlers_disconnect_by_func (self->show, refilter, self);

  g_set_object (&self->show, show);

  library = get_library (self);
  if (show != NULL)
    {
      g_signal_connect_swapped (show, "notify::unplayed-count", G_CALLBACK (refilter), self);
      g_signal_connect_swapped (show, "notify::episode-count", G_CALLBACK (refilter), self);
      if (library != NULL)
        episodes = lw_library_get_episodes (library, lw_show_get_id (show));
    }

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  set_source (self, episodes);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}

GListModel *
lw_episode_list_view_get_model (LwEpisodeListView *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_LIST_VIEW (self), NULL);

  return self->model;
}

/**
 * lw_episode_list_view_set_model:
 * @self: an episode list
 * @episodes: (nullable): a list of #LwEpisode
 *
 * Lists any episodes (New, Continue listening, search results). Unsets "show".
 */
void
lw_episode_list_view_set_model (LwEpisodeListView *self,
                                GListModel        *episodes)
{
  g_return_if_fail (LW_IS_EPISODE_LIST_VIEW (self));
  g_return_if_fail (!episodes || G_IS_LIST_MODEL (episodes));

  if (self->show != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->show, refilter, self);
      g_clear_object (&self->show);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
    }

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  set_source (self, episodes);
}

LwEpisodeFilter
lw_episode_list_view_get_filter (LwEpisodeListView *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_LIST_VIEW (self), LW_EPISODE_FILTER_ALL);

  return self->filter;
}

void
lw_episode_list_view_set_filter (LwEpisodeListView *self,
                                 LwEpisodeFilter    filter)
{
  g_return_if_fail (LW_IS_EPISODE_LIST_VIEW (self));
  g_return_if_fail (filter <= LW_EPISODE_FILTER_DOWNLOADED);

  if (self->filter == filter)
    return;

  self->filter = filter;
  update_filter (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

gboolean
lw_episode_list_view_get_show_titles (LwEpisodeListView *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_LIST_VIEW (self), FALSE);

  return self->show_titles;
}

void
lw_episode_list_view_set_show_titles (LwEpisodeListView *self,
                                      gboolean           show_titles)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_if_fail (LW_IS_EPISODE_LIST_VIEW (self));

  show_titles = !!show_titles;
  if (self->show_titles == show_titles)
    return;

  self->show_titles = show_titles;

  /* Setting the factory again rebinds the visible rows. */
  factory = g_object_ref (gtk_list_view_get_factory (self->list_view));
  gtk_list_view_set_factory (self->list_view, NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TITLES]);
}

GListModel *
lw_episode_list_view_get_shown (LwEpisodeListView *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_LIST_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/* Looking further would load pages of a long list for a highlight. */
#define SELECT_SEARCH_ROWS 240

void
lw_episode_list_view_select_episode (LwEpisodeListView *self,
                                     LwEpisode         *episode)
{
  LwEpisode *selected;
  GListModel *shown;
  guint position = GTK_INVALID_LIST_POSITION;
  guint n_items;

  g_return_if_fail (LW_IS_EPISODE_LIST_VIEW (self));
  g_return_if_fail (!episode || LW_IS_EPISODE (episode));

  /* A row clicked far down is selected already. */
  selected = gtk_single_selection_get_selected_item (self->selection);
  if (episode != NULL && selected != NULL && lw_episode_get_id (selected) == lw_episode_get_id (episode))
    return;

  shown = G_LIST_MODEL (self->filter_model);
  n_items = MIN (g_list_model_get_n_items (shown), SELECT_SEARCH_ROWS);
  for (guint i = 0; episode != NULL && i < n_items; i++)
    {
      g_autoptr(LwEpisode) each = g_list_model_get_item (shown, i);

      if (lw_episode_get_id (each) == lw_episode_get_id (episode))
        {
          position = i;
          break;
        }
    }

  gtk_single_selection_set_selected (self->selection, position);
}

GtkListView *
lw_episode_list_view_get_list_view (LwEpisodeListView *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_LIST_VIEW (self), NULL);

  return self->list_view;
}

void
lw_episode_list_view_set_empty_page (LwEpisodeListView *self,
                                     const char        *icon_name,
                                     const char        *title,
                                     const char        *description)
{
  g_return_if_fail (LW_IS_EPISODE_LIST_VIEW (self));

  g_free (self->empty_icon_name);
  self->empty_icon_name = g_strdup (icon_name);
  g_free (self->empty_title);
  self->empty_title = g_strdup (title);
  g_free (self->empty_description);
  self->empty_description = g_strdup (description);
  update_stack (self);
}
