/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-episode-row"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-feed.h"
#include "core/lw-format.h"
#include "lw-episode-row.h"
#include "lw-text-direction.h"

/* The library's "New" list looks back this far too. */
#define NEW_FOR_SECONDS (14 * 24 * 60 * 60)

struct _LwEpisodeRow
{
  GtkWidget       parent_instance;

  LwEpisode      *episode;
  char           *show_title;

  GtkBox         *text_box;
  GtkBox         *meta_box;
  /* Inscriptions, not labels: their height comes from the font, not the text, so a
   * list measures a row without shaping its text; it is shaped once, at its width. */
  GtkInscription *title_label;
  GtkInscription *meta_label;
  /* Made when first shown (NULL until then): most rows never show them, and a
   * list makes hundreds of rows. */
  GtkProgressBar *progress_bar;
  GtkImage       *played_image;
  GtkInscription *show_label;
  GtkLabel       *new_label;
  GtkImage       *downloaded_image;
  GtkPopoverMenu *menu_popover;
};

G_DEFINE_FINAL_TYPE (LwEpisodeRow, lw_episode_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EPISODE,
  PROP_SHOW_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
lw_episode_row_format_meta (gint64   published,
                            gint64   duration,
                            gint64   position_ms,
                            gboolean played)
{
  g_autofree char *date = NULL;
  g_autofree char *length = NULL;

  date = lw_format_date (published, g_get_real_time () / G_USEC_PER_SEC);

  if (!played && position_ms > 0 && duration > 0 && position_ms / 1000 < duration)
    {
      g_autofree char *left = lw_format_duration (duration - position_ms / 1000);

      /* Translators: the time left in an episode that was started, "12 min left" */
      length = g_strdup_printf (_("%s left"), left);
    }
  else
    length = lw_format_duration (duration);

  if (date != NULL && length != NULL)
    /* Translators: an episode's date and length, "Yesterday · 45 min" */
    return g_strdup_printf (_("%s · %s"), date, length);

  if (date != NULL)
    return g_steal_pointer (&date);

  return g_steal_pointer (&length);
}

gboolean
lw_episode_is_new (LwEpisode *episode)
{
  gint64 published;

  g_return_val_if_fail (LW_IS_EPISODE (episode), FALSE);

  if (lw_episode_get_played (episode) || lw_episode_get_position (episode) > 0)
    return FALSE;

  published = lw_episode_get_published (episode);

  return published != LW_DATE_UNKNOWN &&
         published > g_get_real_time () / G_USEC_PER_SEC - NEW_FOR_SECONDS;
}

static gboolean
is_in_progress (LwEpisode *episode)
{
  return !lw_episode_get_played (episode) && lw_episode_get_position (episode) > 0;
}

static gboolean
is_downloaded (LwEpisode *episode)
{
  const char *path = lw_episode_get_local_path (episode);

  return path != NULL && path[0] != '\0';
}

/* @meta: what lw_episode_row_format_meta() gives for @episode (nullable). */
static char *
describe (LwEpisode  *episode,
          const char *meta)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (lw_episode_get_played (episode))
    g_ptr_array_add (parts, _("Played"));
  else if (is_in_progress (episode))
    g_ptr_array_add (parts, _("In progress"));
  else if (lw_episode_is_new (episode))
    g_ptr_array_add (parts, _("New"));
  else
    g_ptr_array_add (parts, _("Unplayed"));

  if (meta != NULL)
    g_ptr_array_add (parts, (char *) meta);

  if (is_downloaded (episode))
    g_ptr_array_add (parts, _("Downloaded"));

  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between the parts of an episode's spoken state */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

char *
lw_episode_row_describe (LwEpisode *episode)
{
  g_autofree char *meta = NULL;

  g_return_val_if_fail (LW_IS_EPISODE (episode), NULL);

  meta = lw_episode_row_format_meta (lw_episode_get_published (episode),
                                     lw_episode_get_duration (episode),
                                     lw_episode_get_position (episode),
                                     lw_episode_get_played (episode));

  return describe (episode, meta);
}

static GtkWidget *
new_label (const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (NULL);
  const char *css_class = first_class;
  va_list args;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  va_start (args, first_class);
  for (; css_class != NULL; css_class = va_arg (args, const char *))
    gtk_widget_add_css_class (label, css_class);
  va_end (args);

  return label;
}

/* One line of text that ellipsizes at the end. */
static GtkWidget *
new_inscription (const char *name,
                 const char *first_class,
                 ...)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);
  const char *css_class = first_class;
  va_list args;

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 0);
  gtk_widget_set_name (inscription, name);
  gtk_widget_set_hexpand (inscription, TRUE);
  va_start (args, first_class);
  for (; css_class != NULL; css_class = va_arg (args, const char *))
    gtk_widget_add_css_class (inscription, css_class);
  va_end (args);

  return inscription;
}

static void
set_new_visible (LwEpisodeRow *self,
                 gboolean      visible)
{
  if (self->new_label == NULL)
    {
      if (!visible)
        return;

      self->new_label = GTK_LABEL (new_label ("caption-heading", "accent", NULL));
      /* Translators: the mark on an episode that is new */
      gtk_label_set_label (self->new_label, C_("episode", "New"));
      gtk_widget_set_name (GTK_WIDGET (self->new_label), "new");
      gtk_box_prepend (self->meta_box, GTK_WIDGET (self->new_label));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->new_label), visible);
}

static void
set_progress (LwEpisodeRow *self,
              gboolean      visible,
              double        fraction)
{
  if (self->progress_bar == NULL)
    {
      if (!visible)
        return;

      self->progress_bar = GTK_PROGRESS_BAR (g_object_new (GTK_TYPE_PROGRESS_BAR,
                                                           "name", "progress",
                                                           "margin-top", 2,
                                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                                           NULL));
      gtk_box_append (self->text_box, GTK_WIDGET (self->progress_bar));
    }

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), visible);
}

/* A dimmed mark at the end of the row: made the first time it shows. */
static GtkImage *
new_mark (const char *name,
          const char *icon_name,
          const char *tooltip)
{
  GtkImage *image = GTK_IMAGE (g_object_new (GTK_TYPE_IMAGE,
                                             "name", name,
                                             "icon-name", icon_name,
                                             "valign", GTK_ALIGN_CENTER,
                                             "tooltip-text", tooltip,
                                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                             NULL));

  gtk_widget_add_css_class (GTK_WIDGET (image), "dim-label");

  return image;
}

/* The downloaded mark goes before the played one, at the end of the row. */
static void
set_downloaded_visible (LwEpisodeRow *self,
                        gboolean      visible)
{
  if (self->downloaded_image == NULL)
    {
      if (!visible)
        return;

      self->downloaded_image = new_mark ("downloaded", "folder-download-symbolic", _("Downloaded"));
      gtk_widget_insert_before (GTK_WIDGET (self->downloaded_image), GTK_WIDGET (self),
                                self->played_image ? GTK_WIDGET (self->played_image) : NULL);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->downloaded_image), visible);
}

static void
set_played_visible (LwEpisodeRow *self,
                    gboolean      visible)
{
  if (self->played_image == NULL)
    {
      if (!visible)
        return;

      self->played_image = new_mark ("played", "object-select-symbolic", _("Played"));
      gtk_widget_insert_before (GTK_WIDGET (self->played_image), GTK_WIDGET (self), NULL);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->played_image), visible);
}

/* Every line starts where the title does: an Arabic title on an English desktop
 * starts on the right, and so do its date and its show above it, even in English.
 * The marks keep to the row's end, where the desktop puts them. */
static void
align_lines (LwEpisodeRow *self)
{
  GtkTextDirection direction;

  if (self->episode == NULL)
    return;

  direction = lw_text_direction_of (lw_episode_get_title (self->episode), GTK_WIDGET (self));
  lw_text_direction_align (GTK_WIDGET (self->meta_label), direction);
  if (self->show_label != NULL)
    lw_text_direction_align (GTK_WIDGET (self->show_label), direction);

  /* "New" is read first: before the date, on the title's side. */
  if (self->new_label != NULL)
    {
      GtkWidget *before = direction == gtk_widget_get_direction (GTK_WIDGET (self))
                          ? NULL : GTK_WIDGET (self->meta_label);

      if (gtk_widget_get_prev_sibling (GTK_WIDGET (self->new_label)) != before)
        gtk_box_reorder_child_after (self->meta_box, GTK_WIDGET (self->new_label), before);
    }
}

static void
update (LwEpisodeRow *self)
{
  LwEpisode *episode = self->episode;
  g_autofree char *meta = NULL;
  g_autofree char *description = NULL;
  gboolean played;
  gboolean in_progress;
  double fraction = 0.0;

  if (episode == NULL)
    return;

  played = lw_episode_get_played (episode);
  in_progress = is_in_progress (episode);

  gtk_inscription_set_text (self->title_label, lw_episode_get_title (episode));

  meta = lw_episode_row_format_meta (lw_episode_get_published (episode),
                                     lw_episode_get_duration (episode),
                                     lw_episode_get_position (episode),
                                     played);
  gtk_inscription_set_text (self->meta_label, meta);

  set_new_visible (self, lw_episode_is_new (episode));
  align_lines (self);
  set_downloaded_visible (self, is_downloaded (episode));
  set_played_visible (self, played);

  if (in_progress && lw_episode_get_duration (episode) > 0)
    fraction = CLAMP ((double) lw_episode_get_position (episode) / 1000.0 /
                      (double) lw_episode_get_duration (episode), 0.0, 1.0);
  set_progress (self, in_progress, fraction);

  /* Played episodes step back so the new ones stand out. */
  if (played)
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");

  /* The meta text once: dates in local time are not free. */
  description = describe (episode, meta);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, lw_episode_get_title (episode),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
on_episode_notify (LwEpisodeRow *self,
                   GParamSpec   *pspec,
                   LwEpisode    *episode)
{
  /* The notes load lazily and change nothing shown here. */
  if (g_strcmp0 (pspec->name, "notes-html") == 0)
    return;

  update (self);
}

static GMenuModel *
build_menu (LwEpisodeRow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) all = g_menu_new ();
  gint64 id = lw_episode_get_id (self->episode);
  gboolean played = lw_episode_get_played (self->episode);
  g_autoptr(GMenuItem) item = NULL;

  g_menu_append_item (section, item = g_menu_item_new (_("_Play"), NULL));
  g_menu_item_set_action_and_target_value (item, "episodes.play", g_variant_new_int64 (id));
  g_clear_object (&item);
  g_menu_append_item (section, item = g_menu_item_new (_("Add to _Queue"), NULL));
  g_menu_item_set_action_and_target_value (item, "episodes.queue", g_variant_new_int64 (id));
  g_clear_object (&item);
  /* Only the one that changes something. */
  item = g_menu_item_new (played ? _("Mark as _Unplayed") : _("Mark as P_layed"), NULL);
  g_menu_item_set_action_and_target_value (item, played ? "episodes.mark-unplayed" : "episodes.mark-played",
                                           g_variant_new_int64 (id));
  g_menu_append_item (section, item);
  g_clear_object (&item);
  if (!is_downloaded (self->episode))
    {
      item = g_menu_item_new (_("_Download"), NULL);
      g_menu_item_set_action_and_target_value (item, "episodes.download", g_variant_new_int64 (id));
      /* Hidden, not greyed out, when this build has no downloads. */
      g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
      g_menu_append_item (section, item);
      g_clear_object (&item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  g_menu_append (all, _("Mark _All Played"), "episodes.mark-all-played");
  g_menu_append (all, _("Mark All U_nplayed"), "episodes.mark-all-unplayed");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (all));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

void
lw_episode_row_popup_menu (LwEpisodeRow *self)
{
  g_autoptr(GMenuModel) menu = NULL;

  g_return_if_fail (LW_IS_EPISODE_ROW (self));

  if (self->episode == NULL)
    return;

  /* Made on first use: a popover in each of the hundreds of rows a list keeps
   * would cost more than the row itself. */
  if (self->menu_popover == NULL)
    {
      self->menu_popover = GTK_POPOVER_MENU (gtk_popover_menu_new_from_model (NULL));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu_popover), FALSE);
      gtk_widget_set_halign (GTK_WIDGET (self->menu_popover), GTK_ALIGN_START);
      gtk_widget_set_parent (GTK_WIDGET (self->menu_popover), GTK_WIDGET (self));
    }

  /* Built now: its items depend on the state at this moment. */
  menu = build_menu (self);
  gtk_popover_menu_set_menu_model (self->menu_popover, menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu_popover), NULL);
  gtk_popover_popup (GTK_POPOVER (self->menu_popover));
}

static void
popup_at (LwEpisodeRow *self,
          double        x,
          double        y)
{
  lw_episode_row_popup_menu (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu_popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
}

static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      LwEpisodeRow    *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at (self, x, y);
}

static void
on_long_pressed (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 LwEpisodeRow        *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at (self, x, y);
}

static void
lw_episode_row_direction_changed (GtkWidget        *widget,
                                  GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (lw_episode_row_parent_class)->direction_changed (widget, previous_direction);

  align_lines (LW_EPISODE_ROW (widget));
}

static void
lw_episode_row_dispose (GObject *object)
{
  LwEpisodeRow *self = (LwEpisodeRow *)object;
  GtkWidget *child;

  if (self->episode != NULL)
    g_signal_handlers_disconnect_by_func (self->episode, on_episode_notify, self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->episode);
  g_clear_pointer (&self->show_title, g_free);

  G_OBJECT_CLASS (lw_episode_row_parent_class)->dispose (object);
}

static void
lw_episode_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LwEpisodeRow *self = LW_EPISODE_ROW (object);

  switch (prop_id)
    {
    case PROP_EPISODE:
      g_value_set_object (value, self->episode);
      break;

    case PROP_SHOW_TITLE:
      g_value_set_string (value, self->show_title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LwEpisodeRow *self = LW_EPISODE_ROW (object);

  switch (prop_id)
    {
    case PROP_EPISODE:
      lw_episode_row_set_episode (self, g_value_get_object (value));
      break;

    case PROP_SHOW_TITLE:
      lw_episode_row_set_show_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_row_class_init (LwEpisodeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_episode_row_dispose;
  object_class->get_property = lw_episode_row_get_property;
  object_class->set_property = lw_episode_row_set_property;

  properties[PROP_EPISODE] =
    g_param_spec_object ("episode", NULL, NULL,
                         LW_TYPE_EPISODE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_TITLE] =
    g_param_spec_string ("show-title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->direction_changed = lw_episode_row_direction_changed;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "episoderow");

  g_type_ensure (LW_TYPE_EPISODE);
}

static void
lw_episode_row_init (LwEpisodeRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  /* In code, not a template: GtkBuilder parses a template again for every instance,
   * which was half the cost of a new row, and a long list makes rows a frame at a
   * time. What every row shows: title, then date and length; the "New" mark before
   * them, a progress bar under them and the downloaded and played marks at the end
   * are made when a row first needs them. */
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 12);

  self->text_box = GTK_BOX (g_object_new (GTK_TYPE_BOX,
                                          "orientation", GTK_ORIENTATION_VERTICAL,
                                          "spacing", 4,
                                          "valign", GTK_ALIGN_CENTER,
                                          "hexpand", TRUE,
                                          "margin-top", 6,
                                          "margin-bottom", 6,
                                          NULL));
  gtk_widget_set_parent (GTK_WIDGET (self->text_box), widget);

  self->title_label = GTK_INSCRIPTION (new_inscription ("title", "heading", NULL));
  gtk_box_append (self->text_box, GTK_WIDGET (self->title_label));

  self->meta_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_box_append (self->text_box, GTK_WIDGET (self->meta_box));

  self->meta_label = GTK_INSCRIPTION (new_inscription ("meta", "caption", "dim-label", "numeric", NULL));
  gtk_box_append (self->meta_box, GTK_WIDGET (self->meta_label));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_long_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (long_press));
}

GtkWidget *
lw_episode_row_new (void)
{
  return g_object_new (LW_TYPE_EPISODE_ROW, NULL);
}

LwEpisode *
lw_episode_row_get_episode (LwEpisodeRow *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_ROW (self), NULL);

  return self->episode;
}

void
lw_episode_row_set_episode (LwEpisodeRow *self,
                            LwEpisode    *episode)
{
  g_return_if_fail (LW_IS_EPISODE_ROW (self));
  g_return_if_fail (!episode || LW_IS_EPISODE (episode));

  if (self->episode == episode)
    return;

  if (self->episode != NULL)
    g_signal_handlers_disconnect_by_func (self->episode, on_episode_notify, self);

  g_set_object (&self->episode, episode);

  if (episode != NULL)
    g_signal_connect_swapped (episode, "notify", G_CALLBACK (on_episode_notify), self);

  /* A recycled row must not keep the previous episode's menu open. */
  if (self->menu_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->menu_popover));
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPISODE]);
}

const char *
lw_episode_row_get_show_title (LwEpisodeRow *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_ROW (self), NULL);

  return self->show_title;
}

void
lw_episode_row_set_show_title (LwEpisodeRow *self,
                               const char   *show_title)
{
  g_return_if_fail (LW_IS_EPISODE_ROW (self));

  if (g_strcmp0 (self->show_title, show_title) == 0)
    return;

  g_free (self->show_title);
  self->show_title = g_strdup (show_title);

  if (self->show_label == NULL && show_title != NULL && show_title[0] != '\0')
    {
      self->show_label = GTK_INSCRIPTION (new_inscription ("show", "caption-heading", "accent", NULL));
      gtk_box_prepend (self->text_box, GTK_WIDGET (self->show_label));
    }

  if (self->show_label != NULL)
    {
      gtk_inscription_set_text (self->show_label, show_title);
      gtk_widget_set_visible (GTK_WIDGET (self->show_label), show_title != NULL && show_title[0] != '\0');
      align_lines (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TITLE]);
}
