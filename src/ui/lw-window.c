/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-accessible.h"
#include "lw-add-dialog.h"
#include "lw-discover-view.h"
#include "lw-downloads-view.h"
#include "lw-library-actions.h"
#include "lw-now-playing-view.h"
#include "lw-window-private.h"
#include "lw-toast.h"

G_DEFINE_FINAL_TYPE (LwWindow, lw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOWS_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *name;
  const char *icon;
  const char *label;
} places[] = {
  { "shows", "view-grid-symbolic", N_("Shows") },
  { "new", "starred-symbolic", N_("New Episodes") },
  { "continue", "document-open-recent-symbolic", N_("Continue Listening") },
  { "downloads", "folder-download-symbolic", N_("Downloads") },
  { "discover", "web-browser-symbolic", N_("Discover") },
};

LwApplication *
lw_window_get_app (LwWindow *self)
{
  return LW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
update_empty_state (LwWindow *self)
{
  GListModel *shows = lw_library_get_shows (self->library);
  gboolean empty = g_list_model_get_n_items (shows) == 0;
  const char *visible = gtk_stack_get_visible_child_name (self->main_stack);

  /* Hidden in the template, so that a library with shows never styles it; once
   * shown it stays, for the stack's crossfade away from it. */
  if (empty)
    gtk_widget_set_visible (self->empty_box, TRUE);

  /* Discover is reachable from the empty state; the now-playing view stays put. */
  if (g_strcmp0 (visible, "now-playing") == 0)
    {
      g_free (self->before_now_playing);
      self->before_now_playing = g_strdup (empty ? "empty" : "library");
      return;
    }

  if (empty && g_strcmp0 (lw_window_get_place (self), "discover") == 0)
    empty = FALSE;

  gtk_stack_set_visible_child_name (self->main_stack, empty ? "empty" : "library");
}

static gboolean
detail_shown (LwWindow *self)
{
  return gtk_widget_get_visible (self->detail_pane);
}

/* Unfolded, only the outermost header bars carry the window buttons; which one is
 * outermost on the right depends on whether the place has a detail pane. */
static void
update_content_header (LwWindow     *self,
                       AdwHeaderBar *header)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  adw_header_bar_set_show_start_title_buttons (header, folded);
  adw_header_bar_set_show_end_title_buttons (header, folded || !detail_shown (self));
}

/* A header bar's title buttons are widgets it makes and drops as they come and go:
 * only the content header bars on screen are kept up to date, the others as they
 * come on screen (a stack maps its new page before the next frame). Opening a show
 * and going back changed the buttons of every place's header bar in that frame. */
static void
on_content_header_map (LwWindow     *self,
                       AdwHeaderBar *header)
{
  /* A place being switched to is updated once its panes are settled. */
  if (!self->switching_place)
    update_content_header (self, header);
}

static gboolean
content_header_on_screen (LwWindow  *self,
                          GtkWidget *header)
{
  GtkWidget *shows_page = gtk_stack_get_visible_child (self->shows_stack);

  /* A page a stack slides away from stays mapped until the slide ends. */
  return gtk_widget_get_mapped (header) &&
         gtk_widget_is_ancestor (header, gtk_stack_get_visible_child (self->content_stack)) &&
         (!gtk_widget_is_ancestor (header, GTK_WIDGET (self->shows_stack)) ||
          (shows_page != NULL && gtk_widget_is_ancestor (header, shows_page)));
}

static void
update_title_buttons (LwWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  adw_header_bar_set_show_end_title_buttons (self->sidebar_header, folded);
  for (guint i = 0; i < self->content_headers->len; i++)
    {
      AdwHeaderBar *header = g_ptr_array_index (self->content_headers, i);

      if (content_header_on_screen (self, GTK_WIDGET (header)))
        update_content_header (self, header);
    }
  adw_header_bar_set_show_start_title_buttons (self->detail_header, folded);
}

static void
add_content_header (LwWindow     *self,
                    AdwHeaderBar *header)
{
  g_ptr_array_add (self->content_headers, header);
  adw_header_bar_set_show_start_title_buttons (header, FALSE);
  adw_header_bar_set_show_end_title_buttons (header, FALSE);
  g_signal_connect_object (header, "map", G_CALLBACK (on_content_header_map), self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_mapped (GTK_WIDGET (header)))
    update_content_header (self, header);
}

static void
set_detail_shown (LwWindow *self,
                  gboolean  shown)
{
  gtk_widget_set_visible (self->detail_pane, shown);
  gtk_widget_set_visible (self->detail_separator, shown);
  update_title_buttons (self);
}

static void
navigate_to (LwWindow   *self,
             const char *pane)
{
  adw_leaflet_set_visible_child_name (self->leaflet, pane);
}

static LwPlayer *
peek_player (LwWindow *self)
{
  LwApplication *app = lw_window_get_app (self);

  return app != NULL ? lw_application_peek_player (app) : NULL;
}

/* The episode detail and the player bar are built when first needed, not for the
 * first frame: the detail pane starts hidden and the bar waits for the player. */
LwEpisodeDetail *
lw_window_ensure_episode_detail (LwWindow *self)
{
  if (self->episode_detail != NULL)
    return self->episode_detail;

  self->episode_detail = LW_EPISODE_DETAIL (lw_episode_detail_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->episode_detail), TRUE);
  lw_episode_detail_set_player (self->episode_detail, peek_player (self));
  gtk_stack_add_named (self->detail_stack, GTK_WIDGET (self->episode_detail), "episode");

  return self->episode_detail;
}

static LwPlayerBar *
ensure_player_bar (LwWindow *self)
{
  if (self->player_bar != NULL)
    return self->player_bar;

  self->player_bar = LW_PLAYER_BAR (lw_player_bar_new ());
  lw_player_bar_set_player (self->player_bar, peek_player (self));
  gtk_widget_set_visible (GTK_WIDGET (self->player_bar),
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "now-playing") != 0);
  gtk_box_append (self->content_box, GTK_WIDGET (self->player_bar));

  return self->player_bar;
}

static void
cancel_preview (LwWindow *self)
{
  lw_after_frame_cancel (&self->preview_after_frame);
  g_clear_signal_handler (&self->preview_shows_id, self->shows_stack);
  g_clear_signal_handler (&self->preview_content_id, self->content_stack);
  g_clear_object (&self->preview_model);
}

/* The list beside the detail highlights what the detail shows, whoever asked for
 * it (a click, the preview, a notification, the MPRIS "raise"). */
static void
select_in_list (LwWindow  *self,
                LwEpisode *episode)
{
  const char *place = lw_window_get_place (self);

  if (g_strcmp0 (place, "show") == 0)
    lw_show_page_select_episode (self->show_page, episode);
  else if (g_strcmp0 (place, "new") == 0)
    lw_episode_list_view_select_episode (self->new_place.list, episode);
  else if (g_strcmp0 (place, "continue") == 0)
    lw_episode_list_view_select_episode (self->continue_place.list, episode);
}

static void
show_episode_in_detail (LwWindow  *self,
                        LwEpisode *episode)
{
  g_autoptr(LwShow) show = NULL;

  /* Whatever was to be previewed, this is shown now. */
  cancel_preview (self);
  select_in_list (self, episode);

  /* Nothing to clear in a detail that was never built. */
  if (episode == NULL && self->episode_detail == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  if (episode != NULL)
    show = lw_library_lookup_show (self->library, lw_episode_get_show_id (episode));

  lw_window_ensure_episode_detail (self);
  /* Shown first: on screen, the detail fills a new episode in over a few frames. */
  gtk_stack_set_visible_child_name (self->detail_stack, episode ? "episode" : "none");
  lw_episode_detail_set_show (self->episode_detail, show);
  lw_episode_detail_set_episode (self->episode_detail, episode);
}

static gboolean
preview_after_frame (gpointer data)
{
  LwWindow *self = data;
  g_autoptr(LwEpisode) first = NULL;

  if (self->preview_model != NULL)
    first = g_list_model_get_item (self->preview_model, 0);
  show_episode_in_detail (self, first);

  return G_SOURCE_REMOVE;
}

static gboolean
transition_running (LwWindow *self)
{
  return gtk_stack_get_transition_running (self->shows_stack) ||
         gtk_stack_get_transition_running (self->content_stack);
}

static void
schedule_preview (LwWindow *self)
{
  if (transition_running (self))
    return;

  g_clear_signal_handler (&self->preview_shows_id, self->shows_stack);
  g_clear_signal_handler (&self->preview_content_id, self->content_stack);
  if (!lw_after_frame_schedule (&self->preview_after_frame, GTK_WIDGET (self), preview_after_frame, self))
    preview_after_frame (self);
}

/* Unfolded, the detail beside a list is never blank for long: it previews the first
 * episode. Not in the frame that shows the list: a show page and an episode page
 * laid out and drawn for the first time in one frame held it for 40-60 ms; nor in
 * the frames of the page's slide, each of which draws both pages
 * (bench/bench-episode-scroll.sh). The detail is blank until then, and fills in over
 * the frames after (see LwEpisodeDetail). */
static void
preview_first (LwWindow   *self,
               GListModel *episodes)
{
  cancel_preview (self);
  if (adw_leaflet_get_folded (self->leaflet) || episodes == NULL)
    return;

  self->preview_model = g_object_ref (episodes);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      preview_after_frame (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->detail_stack, "blank");
  if (transition_running (self))
    {
      self->preview_shows_id = g_signal_connect_swapped (self->shows_stack, "notify::transition-running",
                                                         G_CALLBACK (schedule_preview), self);
      self->preview_content_id = g_signal_connect_swapped (self->content_stack, "notify::transition-running",
                                                           G_CALLBACK (schedule_preview), self);
    }
  else
    schedule_preview (self);
}

static void
on_episode_activated (LwWindow  *self,
                      LwEpisode *episode)
{
  show_episode_in_detail (self, episode);
  set_detail_shown (self, TRUE);
  navigate_to (self, "detail");
}

static void
select_place_row (LwWindow   *self,
                  const char *place)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->places_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), place) == 0)
      {
        gtk_list_box_select_row (self->places_list, GTK_LIST_BOX_ROW (row));
        return;
      }

  gtk_list_box_unselect_all (self->places_list);
}

static void on_show_activated (LwWindow *self,
                               LwShow   *show);

/* The show page and the search page are built when first needed: a page that is in
 * the window, even unseen, has its style computed for the first frame. */
LwShowPage *
lw_window_ensure_show_page (LwWindow *self)
{
  if (self->show_page != NULL)
    return self->show_page;

  self->show_page = LW_SHOW_PAGE (lw_show_page_new ());
  g_signal_connect_object (self->show_page, "episode-activated",
                           G_CALLBACK (on_episode_activated), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->shows_stack, GTK_WIDGET (self->show_page), "show");
  add_content_header (self, lw_show_page_get_header_bar (self->show_page));

  return self->show_page;
}

LwShow *
lw_window_get_shown_show (LwWindow *self)
{
  return self->show_page ? lw_show_page_get_show (self->show_page) : NULL;
}

static LwSearchPage *
ensure_search_page (LwWindow *self)
{
  if (self->search_page != NULL)
    return self->search_page;

  self->search_page = LW_SEARCH_PAGE (lw_search_page_new ());
  lw_search_page_set_library (self->search_page, self->library);
  g_signal_connect_object (self->search_page, "episode-activated",
                           G_CALLBACK (on_episode_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_page, "show-activated",
                           G_CALLBACK (on_show_activated), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->search_page), "search");
  add_content_header (self, lw_search_page_get_header_bar (self->search_page));
  /* Back from search goes to the sidebar, which is only away when folded. */
  g_object_bind_property (self->leaflet, "folded",
                          gtk_widget_get_template_child (GTK_WIDGET (self->search_page),
                                                         LW_TYPE_SEARCH_PAGE, "back_button"),
                          "visible", G_BINDING_SYNC_CREATE);

  return self->search_page;
}

static void
open_show (LwWindow *self,
           LwShow   *show)
{
  lw_show_page_set_show (lw_window_ensure_show_page (self), show);
  self->switching_place = TRUE;
  gtk_stack_set_visible_child_name (self->content_stack, "shows");
  gtk_stack_set_visible_child_name (self->shows_stack, "show");
  self->switching_place = FALSE;
  select_place_row (self, "shows");
  set_detail_shown (self, TRUE);
  preview_first (self, lw_show_page_get_episodes (self->show_page));
  navigate_to (self, "content");
}

static void
on_show_activated (LwWindow *self,
                   LwShow   *show)
{
  open_show (self, show);
}

static GtkWidget *
new_back_button (LwWindow *self)
{
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "library.back");
  lw_accessible_set_name (back, _("Back"));
  g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);

  return back;
}

static void
build_episode_place (LwWindow     *self,
                     EpisodePlace *place,
                     const char   *title,
                     GListModel   *episodes)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  place->header = ADW_HEADER_BAR (adw_header_bar_new ());
  adw_header_bar_set_title_widget (place->header, adw_window_title_new (title, NULL));
  adw_header_bar_pack_start (place->header, new_back_button (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (place->header));
  add_content_header (self, place->header);

  /* Episodes of every show: each row says which. */
  place->list = LW_EPISODE_LIST_VIEW (lw_episode_list_view_new (lw_window_get_app (self)));
  lw_episode_list_view_set_show_titles (place->list, TRUE);
  lw_episode_list_view_set_model (place->list, episodes);
  gtk_widget_set_vexpand (GTK_WIDGET (place->list), TRUE);
  g_signal_connect_object (place->list, "episode-activated",
                           G_CALLBACK (on_episode_activated), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (place->list));

  gtk_stack_add_named (self->content_stack, box, place->name);
}

/* Whole-page views of other areas, created when first shown (start-up stays lean). */
static void
ensure_place (LwWindow   *self,
              const char *name)
{
  LwApplication *app = lw_window_get_app (self);
  GtkWidget *view = NULL;
  AdwHeaderBar *header = NULL;

  if (gtk_stack_get_child_by_name (self->content_stack, name) != NULL)
    return;

  if (g_str_equal (name, "search"))
    {
      ensure_search_page (self);
      return;
    }

  if (g_str_equal (name, "new"))
    {
      g_autoptr(GListModel) episodes = lw_library_get_new_episodes (self->library);

      build_episode_place (self, &self->new_place, _("New Episodes"), episodes);
      lw_episode_list_view_set_empty_page (self->new_place.list, "starred-symbolic", _("No New Episodes"),
                                           _("Unplayed episodes from the last two weeks show here"));
      return;
    }

  if (g_str_equal (name, "continue"))
    {
      g_autoptr(GListModel) episodes = lw_library_get_in_progress (self->library);

      build_episode_place (self, &self->continue_place, _("Continue Listening"), episodes);
      lw_episode_list_view_set_empty_page (self->continue_place.list, "document-open-recent-symbolic",
                                           _("Nothing to Continue"),
                                           _("Episodes you have started show here"));
      return;
    }

  if (g_str_equal (name, "downloads"))
    {
      view = lw_downloads_view_new (app);
      header = lw_downloads_view_get_header_bar (LW_DOWNLOADS_VIEW (view));
    }
  else if (g_str_equal (name, "discover"))
    {
      view = lw_discover_view_new (app);
      header = lw_discover_view_get_header_bar (LW_DISCOVER_VIEW (view));
    }

  g_return_if_fail (view != NULL);
  gtk_stack_add_named (self->content_stack, view, name);
  /* Folded, their Back is the only way to the sidebar one can see. */
  adw_header_bar_pack_start (header, new_back_button (self));
  add_content_header (self, header);
}

static GListModel *
place_episodes (LwWindow   *self,
                const char *name)
{
  if (g_str_equal (name, "new"))
    return lw_episode_list_view_get_shown (self->new_place.list);
  if (g_str_equal (name, "continue"))
    return lw_episode_list_view_get_shown (self->continue_place.list);
  if (g_str_equal (name, "search"))
    return NULL;
  if (g_str_equal (name, "shows") && g_strcmp0 (gtk_stack_get_visible_child_name (self->shows_stack), "show") == 0)
    return lw_show_page_get_episodes (self->show_page);

  return NULL;
}

void
lw_window_set_place (LwWindow   *self,
                     const char *place)
{
  gboolean has_detail;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (place != NULL);

  if (g_str_equal (place, "show"))
    place = "shows";

  ensure_place (self, place);
  if (gtk_stack_get_child_by_name (self->content_stack, place) == NULL)
    return;

  self->switching_place = TRUE;
  /* The sidebar's Shows always goes back to the grid. */
  if (g_str_equal (place, "shows"))
    gtk_stack_set_visible_child_name (self->shows_stack, "grid");
  gtk_stack_set_visible_child_name (self->content_stack, place);
  self->switching_place = FALSE;
  select_place_row (self, place);

  has_detail = g_str_equal (place, "new") || g_str_equal (place, "continue") || g_str_equal (place, "search");
  set_detail_shown (self, has_detail);
  if (has_detail)
    {
      show_episode_in_detail (self, NULL);
      preview_first (self, place_episodes (self, place));
    }

  update_empty_state (self);
  navigate_to (self, "content");
}

const char *
lw_window_get_place (LwWindow *self)
{
  const char *place;

  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  place = gtk_stack_get_visible_child_name (self->content_stack);
  if (g_strcmp0 (place, "shows") == 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->shows_stack), "show") == 0)
    return "show";

  return place;
}

static void
on_place_row_activated (LwWindow      *self,
                        GtkListBoxRow *row)
{
  lw_window_set_place (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
build_places (LwWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *image = gtk_image_new_from_icon_name (places[i].icon);
      GtkWidget *label = gtk_label_new (_(places[i].label));

      gtk_widget_set_name (row, places[i].name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _(places[i].label), -1);
      gtk_list_box_append (self->places_list, row);
    }
}

static void
on_leaflet_folded (LwWindow *self)
{
  update_title_buttons (self);
}

static void
hide_now_playing (LwWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, self->before_now_playing ?: "library");
  g_clear_pointer (&self->before_now_playing, g_free);
  if (self->player_bar != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->player_bar), TRUE);
  update_empty_state (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LwWindow *self = LW_WINDOW (widget);
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  const char *pane = adw_leaflet_get_visible_child_name (self->leaflet);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "now-playing") == 0)
    hide_now_playing (self);
  else if (folded && g_strcmp0 (pane, "detail") == 0)
    navigate_to (self, "content");
  else if (g_strcmp0 (lw_window_get_place (self), "show") == 0)
    {
      self->switching_place = TRUE;
      gtk_stack_set_visible_child_name (self->shows_stack, "grid");
      self->switching_place = FALSE;
      set_detail_shown (self, FALSE);
      navigate_to (self, "content");
    }
  else if (folded && g_strcmp0 (pane, "content") == 0)
    navigate_to (self, "sidebar");
}

static void
place_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  lw_window_set_place (LW_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LwWindow *self = LW_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "now-playing") == 0)
    hide_now_playing (self);

  lw_window_set_place (self, "search");
  lw_search_page_focus_entry (ensure_search_page (self));
}

/* GtkApplication would build the shortcuts window with each main window if it were
 * at gtk/help-overlay.ui: it is built on first use instead. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/lw-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static void
now_playing_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LwWindow *self = LW_WINDOW (widget);
  const char *visible = gtk_stack_get_visible_child_name (self->main_stack);

  if (g_strcmp0 (visible, "now-playing") == 0)
    return;

  if (self->now_playing == NULL)
    {
      self->now_playing = lw_now_playing_view_new (lw_window_get_app (self));
      gtk_stack_add_named (self->main_stack, self->now_playing, "now-playing");
    }

  g_free (self->before_now_playing);
  self->before_now_playing = g_strdup (visible);
  if (self->player_bar != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->player_bar), FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "now-playing");
}

static void
on_player_changed (LwWindow *self)
{
  LwPlayer *player = peek_player (self);

  /* The application creates the player after the first frame (GStreamer's start-up
   * is not free); until then there is no bar. */
  if (player != NULL)
    lw_player_bar_set_player (ensure_player_bar (self), player);
  else if (self->player_bar != NULL)
    lw_player_bar_set_player (self->player_bar, NULL);

  if (self->episode_detail != NULL)
    lw_episode_detail_set_player (self->episode_detail, player);
}

/* Window ***********************************************************************/

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

  lw_window_flush_pending_removals (self);

  return GTK_WINDOW_CLASS (lw_window_parent_class)->close_request (window);
}

static gboolean
is_subscribed (LwWindow *self,
               LwShow   *show)
{
  GListModel *shows = lw_library_get_shows (self->library);
  guint n = g_list_model_get_n_items (shows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwShow) item = g_list_model_get_item (shows, i);

      if (item == show)
        return TRUE;
    }

  return FALSE;
}

static void
on_shows_changed (LwWindow *self,
                  guint     position,
                  guint     removed,
                  guint     added)
{
  LwShow *shown = lw_window_get_shown_show (self);

  update_empty_state (self);

  /* The open show was removed (here or by longwave-cli): back to the grid. */
  if (shown != NULL && removed > 0)
    {
      if (!is_subscribed (self, shown))
        {
          if (g_strcmp0 (lw_window_get_place (self), "show") == 0)
            lw_window_set_place (self, "shows");
          lw_show_page_set_show (self->show_page, NULL);
        }
    }
}

/* The new-episodes notification opens the window on New Episodes. */
static void
show_new_episodes_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  LwWindow *self = user_data;

  lw_window_set_place (self, "new");
  gtk_window_present (GTK_WINDOW (self));
}

/* GtkWindow:application is an ordinary property, set after constructed(): the
 * services are picked up here, called by lw_window_new(). */
static void
lw_window_setup (LwWindow *self)
{
  static const char *refresh_accels[] = { "<Control>r", "F5", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  LwApplication *app = lw_window_get_app (self);

  self->settings = g_object_ref (lw_application_get_settings (app));
  self->library = g_object_ref (lw_application_get_library (app));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* app.refresh belongs to the library's area; its keys are the window's promise. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);

  lw_show_grid_set_shows (self->show_grid, lw_library_get_shows (self->library));
  g_signal_connect_object (lw_library_get_shows (self->library), "items-changed",
                           G_CALLBACK (on_shows_changed), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "shows-sort", self, "shows-sort", G_SETTINGS_BIND_DEFAULT);

  self->notifier = lw_new_episodes_notifier_new (app);
  if (!g_action_map_lookup_action (G_ACTION_MAP (app), "show-new-episodes"))
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new ("show-new-episodes", NULL);

      g_signal_connect_object (action, "activate", G_CALLBACK (show_new_episodes_action), self, 0);
      g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
    }

  g_signal_connect_object (app, "notify::player",
                           G_CALLBACK (on_player_changed), self, G_CONNECT_SWAPPED);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  lw_window_set_place (self, "shows");
  update_empty_state (self);
  on_player_changed (self);
}

/* A GtkPopoverMenu builds a widget for every item as soon as it has its model:
 * the menus are given to their buttons when first opened, after start-up. */
static void
create_menu_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  GMenuModel *model = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, model);
}

static void
set_lazy_menu (GtkMenuButton *button,
               GMenuModel    *model)
{
  gtk_menu_button_set_create_popup_func (button, create_menu_popup, model, NULL);
}

static void
lw_window_dispose (GObject *object)
{
  LwWindow *self = (LwWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->warm_up_id, g_source_remove);
  g_clear_pointer (&self->warm_icons, g_ptr_array_unref);
  cancel_preview (self);

  if (self->pending_removals != NULL && self->library != NULL)
    lw_window_flush_pending_removals (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_WINDOW);
  /* Not template children: they went with the rest of the widgets. */
  self->episode_detail = NULL;
  self->player_bar = NULL;

  g_clear_object (&self->notifier);
  g_clear_pointer (&self->pending_removals, g_hash_table_unref);
  g_clear_pointer (&self->content_headers, g_ptr_array_unref);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lw_window_parent_class)->dispose (object);
}

static void
lw_window_finalize (GObject *object)
{
  LwWindow *self = (LwWindow *)object;

  g_free (self->shows_sort);
  g_free (self->before_now_playing);

  G_OBJECT_CLASS (lw_window_parent_class)->finalize (object);
}

static void
lw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LwWindow *self = LW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOWS_SORT:
      g_value_set_string (value, self->shows_sort);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LwWindow *self = LW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOWS_SORT:
      {
        const char *sort = g_strcmp0 (g_value_get_string (value), "recent") == 0 ? "recent" : "title";

        if (g_strcmp0 (self->shows_sort, sort) == 0)
          break;
        g_free (self->shows_sort);
        self->shows_sort = g_strdup (sort);
        lw_show_grid_set_sort (self->show_grid, sort);
        g_object_notify_by_pspec (object, pspec);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_window_class_init (LwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lw_window_dispose;
  object_class->finalize = lw_window_finalize;
  object_class->get_property = lw_window_get_property;
  object_class->set_property = lw_window_set_property;

  window_class->close_request = lw_window_close_request;

  properties[PROP_SHOWS_SORT] =
    g_param_spec_string ("shows-sort", NULL, NULL,
                         "title",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, places_list);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, shows_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, grid_header);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, show_grid);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, detail_separator);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, detail_header);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, empty_box);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, empty_menu_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, sort_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, sort_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);
  gtk_widget_class_bind_template_callback (widget_class, on_place_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_show_activated);

  gtk_widget_class_install_action (widget_class, "library.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.place", "s", place_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.now-playing", NULL, now_playing_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_install_property_action (widget_class, "win.sort-shows", "shows-sort");

  /* Escape after everything under the focus had its say (an entry, a popover);
   * Alt+← and Back: see add_back_shortcuts(). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "library.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.place", "s", places[i].name);

  g_type_ensure (LW_TYPE_SEARCH_PAGE);
  g_type_ensure (LW_TYPE_SHOW_GRID);
  g_type_ensure (LW_TYPE_SHOW_PAGE);
}

/* Alt+← and Back before the leaflet sees them: an unfolded AdwLeaflet takes them
 * to move between panes that are all on screen, and nothing would seem to happen.
 * library.back knows the whole way back (detail, show page, sidebar). */
static void
add_back_shortcuts (LwWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const struct { guint key; GdkModifierType modifiers; } keys[] = {
    { GDK_KEY_Left, GDK_ALT_MASK },
    { GDK_KEY_KP_Left, GDK_ALT_MASK },
    { GDK_KEY_Back, 0 },
  };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].modifiers),
                                                            gtk_named_action_new ("library.back")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
lw_window_init (LwWindow *self)
{
  self->new_place.name = "new";
  self->continue_place.name = "continue";
  self->shows_sort = g_strdup ("title");
  self->cancellable = g_cancellable_new ();
  self->pending_removals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->content_headers = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  add_content_header (self, self->grid_header);
  set_lazy_menu (self->empty_menu_button, self->primary_menu);
  set_lazy_menu (self->primary_menu_button, self->primary_menu);
  set_lazy_menu (self->sort_button, self->sort_menu);

  build_places (self);
  update_title_buttons (self);
  add_back_shortcuts (self);
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

  lw_toast_overlay_add (self->toast_overlay, toast);
}

void
lw_window_show_error (LwWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = lw_toast_new_plain (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Errors stay until dismissed: a person may be looking elsewhere. */
  adw_toast_set_timeout (toast, 0);
  lw_toast_overlay_add (self->toast_overlay, toast);
}

GtkWindow *
lw_window_show_add_dialog (LwWindow   *self,
                           const char *url)
{
  LwAddDialog *dialog;

  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  dialog = lw_add_dialog_new (GTK_WINDOW (self),
                              lw_application_get_feed_service (lw_window_get_app (self)));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (lw_window_get_app (self)));
  if (url != NULL)
    lw_add_dialog_set_url (dialog, url);

  g_signal_connect_object (dialog, "subscribed", G_CALLBACK (lw_window_on_subscribed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

gboolean
lw_window_select_show (LwWindow *self,
                       gint64    show_id)
{
  g_autoptr(LwShow) show = NULL;

  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);

  if (!(show = lw_library_lookup_show (self->library, show_id)))
    return FALSE;

  open_show (self, show);
  update_empty_state (self);
  return TRUE;
}

gboolean
lw_window_select_episode (LwWindow *self,
                          gint64    episode_id)
{
  g_autoptr(LwEpisode) episode = NULL;
  LwShow *shown;

  g_return_val_if_fail (LW_IS_WINDOW (self), FALSE);

  /* The episode may belong to another show than the one shown. */
  episode = lw_library_lookup_episode (self->library, episode_id);
  if (episode == NULL)
    return FALSE;

  shown = lw_window_get_shown_show (self);
  if ((shown == NULL || lw_show_get_id (shown) != lw_episode_get_show_id (episode) ||
       g_strcmp0 (lw_window_get_place (self), "show") != 0) &&
      !lw_window_select_show (self, lw_episode_get_show_id (episode)))
    return FALSE;

  on_episode_activated (self, episode);
  return TRUE;
}

const char *
lw_window_get_visible_pane (LwWindow *self)
{
  const char *main;

  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  main = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (main, "library") != 0)
    return main;

  return adw_leaflet_get_visible_child_name (self->leaflet);
}

GtkWidget *
lw_window_get_show_page (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  return GTK_WIDGET (lw_window_ensure_show_page (self));
}

GtkWidget *
lw_window_get_search_page (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  return GTK_WIDGET (ensure_search_page (self));
}

/* (transfer none): built on first use, as above. */
GtkWidget *
lw_window_get_episode_detail (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  return GTK_WIDGET (lw_window_ensure_episode_detail (self));
}

GtkWidget *
lw_window_get_player_bar (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);

  return GTK_WIDGET (ensure_player_bar (self));
}

LwApplication *
lw_widget_get_application (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root) || gtk_window_get_application (GTK_WINDOW (root)) == NULL)
    return NULL;

  return LW_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
}
