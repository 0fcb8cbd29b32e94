/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-episode-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "core/lw-feed.h"
#include "core/lw-format.h"
#include "core/lw-html.h"
#include "lw-artwork.h"
#include "lw-episode-detail.h"
#include "lw-episode-row.h"

struct _LwEpisodeDetail
{
  GtkWidget          parent_instance;

  LwEpisode         *episode;
  LwShow            *show;
  LwPlayer          *player;
  /* Follow whichever episode, show and player are set, and only those. */
  GSignalGroup      *episode_signals;
  GSignalGroup      *show_signals;
  GSignalGroup      *player_signals;

  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  LwArtwork         *artwork;
  GtkLabel          *show_label;
  GtkLabel          *title_label;
  GtkLabel          *meta_label;
  GtkButton         *play_button;
  AdwButtonContent  *play_content;
  GtkLabel          *notes_label;
};

G_DEFINE_FINAL_TYPE (LwEpisodeDetail, lw_episode_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EPISODE,
  PROP_SHOW,
  PROP_PLAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_current (LwEpisodeDetail *self)
{
  LwEpisode *current;

  if (self->player == NULL || self->episode == NULL)
    return FALSE;

  current = lw_player_get_episode (self->player);

  return current != NULL && lw_episode_get_id (current) == lw_episode_get_id (self->episode);
}

/* Name and target change together: an action seen for a moment with the wrong target
 * type makes GTK warn. */
static void
set_button_action (GtkButton  *button,
                   const char *action_name,
                   GVariant   *target)
{
  g_autoptr(GVariant) sunk = target ? g_variant_ref_sink (target) : NULL;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), sunk);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
}

static void
update_play_button (LwEpisodeDetail *self)
{
  const char *label;
  const char *icon = "media-playback-start-symbolic";

  if (self->episode == NULL)
    return;

  if (is_current (self))
    {
      LwPlayerState state = lw_player_get_state (self->player);

      /* This episode is in the player: the button is the player's play/pause. */
      set_button_action (self->play_button, "app.play-pause", NULL);
      if (state == LW_PLAYER_STATE_PLAYING || state == LW_PLAYER_STATE_BUFFERING)
        {
          label = _("Pause");
          icon = "media-playback-pause-symbolic";
        }
      else
        label = _("Resume");
    }
  else
    {
      set_button_action (self->play_button, "app.play-episode",
                         g_variant_new_int64 (lw_episode_get_id (self->episode)));
      if (!lw_episode_get_played (self->episode) && lw_episode_get_position (self->episode) > 0)
        label = _("Resume");
      else
        label = _("Play");
    }

  adw_button_content_set_label (self->play_content, label);
  adw_button_content_set_icon_name (self->play_content, icon);
}

static void
update_meta (LwEpisodeDetail *self)
{
  g_autofree char *meta = NULL;

  if (self->episode == NULL)
    return;

  meta = lw_episode_row_format_meta (lw_episode_get_published (self->episode),
                                     lw_episode_get_duration (self->episode),
                                     lw_episode_get_position (self->episode),
                                     lw_episode_get_played (self->episode));
  gtk_label_set_label (self->meta_label, meta ? meta : "");
  gtk_widget_set_visible (GTK_WIDGET (self->meta_label), meta != NULL);

  update_play_button (self);
}

/* GtkLabel reads <a> itself and hands the rest to Pango, so Pango cannot check it:
 * well-formedness is what goes wrong in practice, and GMarkup checks that. */
static gboolean
is_well_formed (const char *markup)
{
  static const GMarkupParser parser = { NULL, };
  g_autoptr(GMarkupParseContext) context = NULL;

  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);

  return g_markup_parse_context_parse (context, "<markup>", -1, NULL) &&
         g_markup_parse_context_parse (context, markup, -1, NULL) &&
         g_markup_parse_context_parse (context, "</markup>", -1, NULL) &&
         g_markup_parse_context_end_parse (context, NULL);
}

static void
set_notes (LwEpisodeDetail *self)
{
  const char *html = lw_episode_get_notes_html (self->episode);
  const char *summary = lw_episode_get_summary (self->episode);
  g_autofree char *markup = NULL;

  if (html != NULL && html[0] != '\0')
    {
      markup = lw_html_to_markup (html);

      /* A label shows nothing at all for invalid markup: fall back to plain text. */
      if (markup != NULL && !is_well_formed (markup))
        {
          g_autofree char *text = lw_html_to_text (html);

          g_warning ("Show notes of episode %" G_GINT64_FORMAT " gave invalid markup",
                     lw_episode_get_id (self->episode));
          g_clear_pointer (&markup, g_free);
          markup = g_markup_escape_text (text, -1);
        }
    }
  else if (summary != NULL && summary[0] != '\0')
    markup = g_markup_escape_text (summary, -1);

  if (markup == NULL || markup[0] == '\0')
    {
      g_free (markup);
      markup = g_markup_printf_escaped ("<i>%s</i>", _("This episode has no show notes."));
    }

  gtk_label_set_markup (self->notes_label, markup);
}

static void
update_show (LwEpisodeDetail *self)
{
  const char *image = NULL;

  if (self->episode != NULL)
    image = lw_episode_get_image_url (self->episode);
  if ((image == NULL || image[0] == '\0') && self->show != NULL)
    image = lw_show_get_image_url (self->show);

  lw_artwork_set_url (self->artwork, image);
  gtk_label_set_label (self->show_label, self->show ? lw_show_get_title (self->show) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->show_label), self->show != NULL);
}

static void
update_episode (LwEpisodeDetail *self)
{
  if (self->episode == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_label_set_label (self->title_label, lw_episode_get_title (self->episode));
  update_meta (self);
  update_show (self);
  set_notes (self);

  gtk_stack_set_visible_child_name (self->stack, "episode");
}

static void
seek_to (LwEpisodeDetail *self,
         gint64           seconds)
{
  if (self->episode == NULL)
    return;

  /* A timestamp in the notes of another episode starts that episode there. */
  if (!is_current (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.play-episode", "x",
                                lw_episode_get_id (self->episode));

  if (self->player != NULL && is_current (self))
    {
      lw_player_seek (self->player, seconds * 1000);
      lw_player_play (self->player);
    }
}

static gboolean
on_notes_activate_link (LwEpisodeDetail *self,
                        const char      *uri,
                        GtkLabel        *label)
{
  if (g_str_has_prefix (uri, "time:"))
    {
      const char *end = NULL;
      guint64 seconds = g_ascii_strtoull (uri + strlen ("time:"), (char **) &end, 10);

      if (end != NULL && *end == '\0')
        seek_to (self, (gint64) seconds);

      return TRUE;
    }

  /* GtkUriLauncher is GTK 4.10; gtk_show_uri() is what 4.8 has. */
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);

  return TRUE;
}

static void
lw_episode_detail_dispose (GObject *object)
{
  LwEpisodeDetail *self = (LwEpisodeDetail *)object;
  GtkWidget *child;

  g_clear_object (&self->episode_signals);
  g_clear_object (&self->show_signals);
  g_clear_object (&self->player_signals);
  g_clear_object (&self->episode);
  g_clear_object (&self->show);
  g_clear_object (&self->player);

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_EPISODE_DETAIL);
  /* dispose_template() only unparents the children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lw_episode_detail_parent_class)->dispose (object);
}

static void
lw_episode_detail_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LwEpisodeDetail *self = LW_EPISODE_DETAIL (object);

  switch (prop_id)
    {
    case PROP_EPISODE:
      g_value_set_object (value, self->episode);
      break;

    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_detail_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LwEpisodeDetail *self = LW_EPISODE_DETAIL (object);

  switch (prop_id)
    {
    case PROP_EPISODE:
      lw_episode_detail_set_episode (self, g_value_get_object (value));
      break;

    case PROP_SHOW:
      lw_episode_detail_set_show (self, g_value_get_object (value));
      break;

    case PROP_PLAYER:
      lw_episode_detail_set_player (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_episode_detail_class_init (LwEpisodeDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_episode_detail_dispose;
  object_class->get_property = lw_episode_detail_get_property;
  object_class->set_property = lw_episode_detail_set_property;

  properties[PROP_EPISODE] =
    g_param_spec_object ("episode", NULL, NULL,
                         LW_TYPE_EPISODE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         LW_TYPE_SHOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLAYER] =
    g_param_spec_object ("player", NULL, NULL,
                         LW_TYPE_PLAYER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-episode-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, artwork);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, show_label);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, meta_label);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, play_button);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, play_content);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, notes_label);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_activate_link);

  g_type_ensure (LW_TYPE_ARTWORK);
}

static void
lw_episode_detail_init (LwEpisodeDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->episode_signals = g_signal_group_new (LW_TYPE_EPISODE);
  g_signal_group_connect_swapped (self->episode_signals, "notify::title", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::notes-html", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::image-url", G_CALLBACK (update_show), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::published", G_CALLBACK (update_meta), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::duration", G_CALLBACK (update_meta), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::position", G_CALLBACK (update_meta), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::played", G_CALLBACK (update_meta), self);

  self->show_signals = g_signal_group_new (LW_TYPE_SHOW);
  g_signal_group_connect_swapped (self->show_signals, "notify::title", G_CALLBACK (update_show), self);
  g_signal_group_connect_swapped (self->show_signals, "notify::image-url", G_CALLBACK (update_show), self);

  self->player_signals = g_signal_group_new (LW_TYPE_PLAYER);
  g_signal_group_connect_swapped (self->player_signals, "notify::episode", G_CALLBACK (update_play_button), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::state", G_CALLBACK (update_play_button), self);
}

GtkWidget *
lw_episode_detail_new (void)
{
  return g_object_new (LW_TYPE_EPISODE_DETAIL, NULL);
}

LwEpisode *
lw_episode_detail_get_episode (LwEpisodeDetail *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_DETAIL (self), NULL);

  return self->episode;
}

void
lw_episode_detail_set_episode (LwEpisodeDetail *self,
                               LwEpisode       *episode)
{
  g_return_if_fail (LW_IS_EPISODE_DETAIL (self));
  g_return_if_fail (!episode || LW_IS_EPISODE (episode));

  if (self->episode == episode)
    return;

  g_set_object (&self->episode, episode);
  g_signal_group_set_target (self->episode_signals, episode);

  update_episode (self);

  /* A new episode starts at the top of its notes. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPISODE]);
}

LwShow *
lw_episode_detail_get_show (LwEpisodeDetail *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_DETAIL (self), NULL);

  return self->show;
}

void
lw_episode_detail_set_show (LwEpisodeDetail *self,
                            LwShow          *show)
{
  g_return_if_fail (LW_IS_EPISODE_DETAIL (self));
  g_return_if_fail (!show || LW_IS_SHOW (show));

  if (self->show == show)
    return;

  g_set_object (&self->show, show);
  g_signal_group_set_target (self->show_signals, show);

  update_show (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}

LwPlayer *
lw_episode_detail_get_player (LwEpisodeDetail *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_DETAIL (self), NULL);

  return self->player;
}

void
lw_episode_detail_set_player (LwEpisodeDetail *self,
                              LwPlayer        *player)
{
  g_return_if_fail (LW_IS_EPISODE_DETAIL (self));
  g_return_if_fail (!player || LW_IS_PLAYER (player));

  if (self->player == player)
    return;

  g_set_object (&self->player, player);
  g_signal_group_set_target (self->player_signals, player);

  update_play_button (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}
