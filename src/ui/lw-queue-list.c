/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-queue-list"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "lw-accessible.h"
#include "core/lw-format.h"
#include "lw-artwork.h"
#include "lw-queue-list.h"
#include "lw-window.h"

struct _LwQueueList
{
  GtkWidget           parent_instance;

  LwLibrary          *library;
  LwPlayer           *player;
  GSignalGroup       *player_signals;

  GListModel         *queue;
  GtkCustomFilter    *filter;
  GtkFilterListModel *shown;

  GtkListBox         *list_box;
};

G_DEFINE_FINAL_TYPE (LwQueueList, lw_queue_list, GTK_TYPE_WIDGET)

#define EPISODE_ID_KEY "lw-episode-id"

static gint64
row_episode_id (GtkWidget *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), EPISODE_ID_KEY);

  return id ? *id : 0;
}

/* The episode playing is not "up next", even while it is still queued. */
static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  LwQueueList *self = user_data;
  LwEpisode *current = self->player ? lw_player_get_episode (self->player) : NULL;

  return current == NULL || lw_episode_get_id (current) != lw_episode_get_id (item);
}

static void
on_current_episode_changed (LwQueueList *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
report_error (LwQueueList  *self,
              const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (LW_IS_WINDOW (root))
    lw_window_show_error (LW_WINDOW (root), error->message);
  else
    g_warning ("%s", error->message);
}

/* Index of @id in the library's queue, which may hold the episode playing too. */
static int
queue_index (LwQueueList *self,
             gint64       id)
{
  guint n = g_list_model_get_n_items (self->queue);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (self->queue, i);

      if (lw_episode_get_id (episode) == id)
        return (int) i;
    }

  return -1;
}

static int
shown_index (LwQueueList *self,
             gint64       id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (G_LIST_MODEL (self->shown), i);

      if (lw_episode_get_id (episode) == id)
        return (int) i;
    }

  return -1;
}

static void
focus_episode (LwQueueList *self,
               gint64       id)
{
  int index = shown_index (self, id);
  GtkListBoxRow *row;

  if (index >= 0 && (row = gtk_list_box_get_row_at_index (self->list_box, index)))
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Puts @id where the shown episode @target_id is now (before it going up, after it
 * going down). */
static void
move_to (LwQueueList *self,
         gint64       id,
         gint64       target_id)
{
  g_autoptr(GError) error = NULL;
  int target = queue_index (self, target_id);
  gboolean had_focus;

  if (self->library == NULL || target < 0 || id == target_id)
    return;

  had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list_box)) != NULL;

  if (!lw_library_queue_add (self->library, id, target, &error))
    {
      report_error (self, error);
      return;
    }

  /* The rows were made anew: keep the keyboard on the one that moved. */
  if (had_focus)
    focus_episode (self, id);
}

static void
move_by (LwQueueList *self,
         gint64       id,
         int          delta)
{
  int index = shown_index (self, id);
  int target = index + delta;
  g_autoptr(LwEpisode) neighbour = NULL;

  if (index < 0 || target < 0 || target >= (int) g_list_model_get_n_items (G_LIST_MODEL (self->shown)))
    return;

  neighbour = g_list_model_get_item (G_LIST_MODEL (self->shown), target);
  move_to (self, id, lw_episode_get_id (neighbour));
}

/* Actions */

static void
queue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LwQueueList *self = LW_QUEUE_LIST (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;

  if (self->library == NULL)
    return;

  if (g_str_equal (action_name, "queue.move-up"))
    move_by (self, id, -1);
  else if (g_str_equal (action_name, "queue.move-down"))
    move_by (self, id, 1);
  else if (g_str_equal (action_name, "queue.play-next"))
    {
      g_autoptr(LwEpisode) first = NULL;

      if (g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0)
        first = g_list_model_get_item (G_LIST_MODEL (self->shown), 0);
      if (first != NULL)
        move_to (self, id, lw_episode_get_id (first));
    }
  else if (g_str_equal (action_name, "queue.remove"))
    {
      int index = shown_index (self, id);

      if (!lw_library_queue_remove (self->library, id, &error))
        report_error (self, error);
      else if (index >= 0)
        {
          /* The keyboard stays in the list, on the row that took its place. */
          guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
          GtkListBoxRow *row;

          if (n > 0 && (row = gtk_list_box_get_row_at_index (self->list_box, MIN ((guint) index, n - 1))))
            gtk_widget_grab_focus (GTK_WIDGET (row));
        }
    }
  else if (g_str_equal (action_name, "queue.play"))
    gtk_widget_activate_action (widget, "app.play-episode", "x", id);
}

static gboolean
move_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  LwQueueList *self = LW_QUEUE_LIST (widget);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  GtkWidget *row;

  if (focus == NULL || !(row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW)) ||
      !gtk_widget_is_ancestor (row, widget) || row_episode_id (row) == 0)
    return FALSE;

  move_by (self, row_episode_id (row), GPOINTER_TO_INT (user_data));
  return TRUE;
}

/* Drag and drop */

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  GValue value = G_VALUE_INIT;
  GdkContentProvider *content;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, row_episode_id (row));
  content = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);

  return content;
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 24, 24);
}

static GdkDragAction
on_drop_enter (GtkDropTarget *target,
               double         x,
               double         y,
               GtkWidget     *row)
{
  gtk_widget_add_css_class (row, "drop-above");
  return GDK_ACTION_MOVE;
}

static void
on_drop_leave (GtkDropTarget *target,
               GtkWidget     *row)
{
  gtk_widget_remove_css_class (row, "drop-above");
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  LwQueueList *self = LW_QUEUE_LIST (gtk_widget_get_ancestor (row, LW_TYPE_QUEUE_LIST));

  gtk_widget_remove_css_class (row, "drop-above");
  if (self == NULL || !G_VALUE_HOLDS_INT64 (value))
    return FALSE;

  move_to (self, g_value_get_int64 (value), row_episode_id (row));
  return TRUE;
}

/* Rows */

static GMenuModel *
build_row_menu (gint64 id)
{
  static const struct { const char *label; const char *action; } items[] = {
    { N_("Play Now"), "queue.play" },
    { N_("Play Next"), "queue.play-next" },
    { N_("Move Up"), "queue.move-up" },
    { N_("Move Down"), "queue.move-down" },
  };
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_int64 (id));
      if (g_str_equal (items[i].action, "queue.move-up"))
        g_menu_item_set_attribute (item, "accel", "s", "<Alt>Up");
      else if (g_str_equal (items[i].action, "queue.move-down"))
        g_menu_item_set_attribute (item, "accel", "s", "<Alt>Down");
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  LwQueueList *self = user_data;
  LwEpisode *episode = item;
  gint64 id = lw_episode_get_id (episode);
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GMenuModel) menu = build_row_menu (id);
  g_autofree char *duration = NULL;
  g_autofree char *subtitle = NULL;
  const char *image = lw_episode_get_image_url (episode);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *handle;
  GtkWidget *artwork;
  GtkWidget *remove;
  GtkWidget *more;
  GtkDragSource *source;
  GtkDropTarget *target;

  if (self->library != NULL)
    show = lw_library_lookup_show (self->library, lw_episode_get_show_id (episode));
  if ((image == NULL || image[0] == '\0') && show != NULL)
    image = lw_show_get_image_url (show);

  duration = lw_format_duration (lw_episode_get_duration (episode));
  if (show != NULL && duration != NULL)
    subtitle = g_strdup_printf ("%s · %s", lw_show_get_title (show), duration);
  else
    subtitle = g_strdup (show ? lw_show_get_title (show) : duration);

  g_object_set_data_full (G_OBJECT (row), EPISODE_ID_KEY, g_memdup2 (&id, sizeof id), g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lw_episode_get_title (episode));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);

  artwork = lw_artwork_new (40);
  lw_artwork_set_url (LW_ARTWORK (artwork), image);
  gtk_widget_set_valign (artwork, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), artwork);

  handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_set_tooltip_text (handle, _("Drag to Reorder"));
  /* Each prefix goes before those added earlier: the handle comes first. */
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), handle);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  lw_accessible_set_name (remove, _("Remove from Queue"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_int64 (id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "queue.remove");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  more = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), menu);
  lw_accessible_set_name (more, _("More Actions"));
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (more, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), more);

  /* Enter plays it; Alt+Up/Down (on the list) moves it. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  g_signal_connect (target, "enter", G_CALLBACK (on_drop_enter), row);
  g_signal_connect (target, "leave", G_CALLBACK (on_drop_leave), row);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));

  return row;
}

static void
on_row_activated (LwQueueList   *self,
                  GtkListBoxRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "queue.play", "x", row_episode_id (GTK_WIDGET (row)));
}

static void
rebuild (LwQueueList *self)
{
  g_clear_object (&self->queue);

  if (self->library != NULL)
    self->queue = lw_library_get_queue (self->library);

  gtk_filter_list_model_set_model (self->shown, self->queue);
}

static void
lw_queue_list_dispose (GObject *object)
{
  LwQueueList *self = (LwQueueList *)object;
  GtkWidget *child;

  g_clear_object (&self->player_signals);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->shown);
  g_clear_object (&self->queue);
  g_clear_object (&self->player);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (lw_queue_list_parent_class)->dispose (object);
}

static void
lw_queue_list_class_init (LwQueueListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_queue_list_dispose;

  gtk_widget_class_install_action (widget_class, "queue.play", "x", queue_action);
  gtk_widget_class_install_action (widget_class, "queue.play-next", "x", queue_action);
  gtk_widget_class_install_action (widget_class, "queue.move-up", "x", queue_action);
  gtk_widget_class_install_action (widget_class, "queue.move-down", "x", queue_action);
  gtk_widget_class_install_action (widget_class, "queue.remove", "x", queue_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queuelist");
}

static void
lw_queue_list_init (LwQueueList *self)
{
  GtkEventController *shortcuts;
  GtkWidget *placeholder;

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->shown = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));

  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Up Next"),
                                  -1);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->shown), create_row, self, NULL);
  g_signal_connect_swapped (self->list_box, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_widget_set_parent (GTK_WIDGET (self->list_box), GTK_WIDGET (self));

  placeholder = gtk_label_new (_("Queued episodes play here one after another"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_justify (GTK_LABEL (placeholder), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->list_box, placeholder);

  shortcuts = gtk_shortcut_controller_new ();
  /* Ahead of the list box, which moves the focus with plain and Ctrl arrows. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Alt>Up"),
                                                          gtk_callback_action_new (move_shortcut_cb, GINT_TO_POINTER (-1), NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Alt>Down"),
                                                          gtk_callback_action_new (move_shortcut_cb, GINT_TO_POINTER (1), NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::episode",
                                  G_CALLBACK (on_current_episode_changed), self);
}

GtkWidget *
lw_queue_list_new (void)
{
  return g_object_new (LW_TYPE_QUEUE_LIST, NULL);
}

void
lw_queue_list_set_library (LwQueueList *self,
                           LwLibrary   *library)
{
  g_return_if_fail (LW_IS_QUEUE_LIST (self));
  g_return_if_fail (!library || LW_IS_LIBRARY (library));

  if (g_set_object (&self->library, library))
    rebuild (self);
}

void
lw_queue_list_set_player (LwQueueList *self,
                          LwPlayer    *player)
{
  g_return_if_fail (LW_IS_QUEUE_LIST (self));
  g_return_if_fail (!player || LW_IS_PLAYER (player));

  if (!g_set_object (&self->player, player))
    return;

  g_signal_group_set_target (self->player_signals, player);
  on_current_episode_changed (self);
}

GListModel *
lw_queue_list_get_model (LwQueueList *self)
{
  g_return_val_if_fail (LW_IS_QUEUE_LIST (self), NULL);

  return G_LIST_MODEL (self->shown);
}

GtkListBox *
lw_queue_list_get_list_box (LwQueueList *self)
{
  g_return_val_if_fail (LW_IS_QUEUE_LIST (self), NULL);

  return self->list_box;
}
