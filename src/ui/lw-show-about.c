/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show-about"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-format.h"
#include "lw-new-episodes-notifier.h"
#include "lw-show-about.h"
#include "lw-text-direction.h"
#include "lw-window.h"

struct _LwShowAbout
{
  GtkWidget            parent_instance;

  LwShow              *show;
  GPtrArray           *rows;             /* rows added per show, removed on change */
  gboolean             rows_stale;       /* read again when next on screen */

  GtkLabel            *description_label;
  GtkFlowBox          *categories_box;
  AdwPreferencesGroup *links_group;
  AdwPreferencesGroup *podroll_group;
  AdwActionRow        *feed_row;
  AdwActionRow        *refreshed_row;
  AdwComboRow         *speed_row;
  AdwActionRow        *notify_row;
  GtkSwitch           *notify_switch;
  gboolean             syncing_notify;
  gboolean             watching_notify;
  gboolean             syncing_speed;
};

G_DEFINE_FINAL_TYPE (LwShowAbout, lw_show_about, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LwApplication *
get_application (LwShowAbout *self)
{
  return lw_widget_get_application (GTK_WIDGET (self));
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* A show's own speed; 0 follows the speed set everywhere else. */
static const double speeds[] = { 0, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0 };

static void
update_speed (LwShowAbout *self)
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
on_speed_selected (LwShowAbout *self)
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
update_notify (LwShowAbout *self)
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
on_notify_toggled (LwShowAbout *self)
{
  LwApplication *app = get_application (self);

  if (self->syncing_notify || self->show == NULL || app == NULL)
    return;

  lw_new_episodes_notifier_set_show_enabled (lw_application_get_settings (app), self->show,
                                             gtk_switch_get_active (self->notify_switch));
}

/* What the show object has: its description, feed, last refresh and settings. */
static void
update_from_show (LwShowAbout *self)
{
  const char *error = self->show ? lw_show_get_last_error (self->show) : NULL;
  gint64 last_refreshed = self->show ? lw_show_get_last_refreshed (self->show) : 0;
  g_autofree char *refreshed = NULL;

  gtk_label_set_label (self->description_label,
                       self->show && has_text (lw_show_get_description (self->show))
                       ? lw_show_get_description (self->show)
                       : _("This show has no description."));
  /* An Arabic show's description starts on the right, on an English desktop too. */
  lw_text_direction_align_label (self->description_label);

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

  update_speed (self);
  update_notify (self);
}

static void
clear_rows (LwShowAbout *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

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
add_link_row (LwShowAbout *self,
              const char  *title,
              const char  *url)
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
  g_ptr_array_add (self->rows, row);
}

static void
add_podroll_row (LwShowAbout        *self,
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
  g_ptr_array_add (self->rows, row);
}

static void
add_category (LwShowAbout *self,
              const char  *category)
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

/* What the show object has no property for: links, categories, podroll. The stored
 * feed is read for them when the view is on screen, not with every show opened. */
static void
load_rows (LwShowAbout *self)
{
  LwApplication *app = get_application (self);
  LwLibrary *library;
  g_autoptr(LwFeed) feed = NULL;
  gboolean any_podroll = FALSE;

  clear_rows (self);
  self->rows_stale = FALSE;

  if (self->show == NULL || app == NULL || !(library = lw_application_get_library (app)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->podroll_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->links_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->categories_box), FALSE);
      return;
    }

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
rows_changed (LwShowAbout *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_rows (self);
  else
    self->rows_stale = TRUE;
}

static void
lw_show_about_map (GtkWidget *widget)
{
  LwShowAbout *self = LW_SHOW_ABOUT (widget);

  GTK_WIDGET_CLASS (lw_show_about_parent_class)->map (widget);

  if (self->rows_stale)
    load_rows (self);
}

static void
lw_show_about_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (lw_show_about_parent_class)->direction_changed (widget, previous_direction);

  lw_text_direction_align_label (LW_SHOW_ABOUT (widget)->description_label);
}

static void
lw_show_about_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lw_show_about_parent_class)->root (widget);

  /* The notification setting is the application's. */
  update_notify (LW_SHOW_ABOUT (widget));
}

static void
lw_show_about_dispose (GObject *object)
{
  LwShowAbout *self = (LwShowAbout *)object;

  if (self->rows != NULL)
    lw_show_about_set_show (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_SHOW_ABOUT);
  /* dispose_template() only unparents the children bound to fields. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (lw_show_about_parent_class)->dispose (object);
}

static void
lw_show_about_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LwShowAbout *self = LW_SHOW_ABOUT (object);

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
lw_show_about_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LwShowAbout *self = LW_SHOW_ABOUT (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      lw_show_about_set_show (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_show_about_class_init (LwShowAboutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_show_about_dispose;
  object_class->get_property = lw_show_about_get_property;
  object_class->set_property = lw_show_about_set_property;

  widget_class->map = lw_show_about_map;
  widget_class->root = lw_show_about_root;
  widget_class->direction_changed = lw_show_about_direction_changed;

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         LW_TYPE_SHOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-show-about.ui");
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, description_label);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, categories_box);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, links_group);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, podroll_group);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, feed_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, refreshed_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, speed_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, notify_row);
  gtk_widget_class_bind_template_child (widget_class, LwShowAbout, notify_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_notify_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lw_show_about_init (LwShowAbout *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();

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

  update_from_show (self);
  load_rows (self);
}

GtkWidget *
lw_show_about_new (void)
{
  return g_object_new (LW_TYPE_SHOW_ABOUT, NULL);
}

LwShow *
lw_show_about_get_show (LwShowAbout *self)
{
  g_return_val_if_fail (LW_IS_SHOW_ABOUT (self), NULL);

  return self->show;
}

void
lw_show_about_set_show (LwShowAbout *self,
                        LwShow      *show)
{
  g_return_if_fail (LW_IS_SHOW_ABOUT (self));
  g_return_if_fail (!show || LW_IS_SHOW (show));

  if (self->show == show)
    return;

  if (self->show != NULL)
    g_signal_handlers_disconnect_by_data (self->show, self);

  g_set_object (&self->show, show);

  if (show != NULL)
    {
      g_signal_connect_swapped (show, "notify", G_CALLBACK (update_from_show), self);
      /* Categories, funding and the podroll have no property of their own: every
       * refresh that reached the feed (from the page, Refresh All or the timer)
       * moves last-refreshed, and may have changed them. */
      g_signal_connect_swapped (show, "notify::last-refreshed", G_CALLBACK (rows_changed), self);
      g_signal_connect_swapped (show, "notify::link", G_CALLBACK (rows_changed), self);
    }

  update_from_show (self);
  rows_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}
