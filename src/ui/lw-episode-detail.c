/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-episode-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "core/lw-feed.h"
#include "core/lw-format.h"
#include "core/lw-html.h"
#include "core/lw-transcript.h"
#include "lw-after-frame.h"
#include "lw-application.h"
#include "lw-artwork.h"
#include "lw-episode-detail.h"
#include "lw-episode-row.h"
#include "lw-scroll-column.h"
#include "lw-text-direction.h"
#include "lw-transcript-view.h"
#include "playback/lw-chapter-list.h"
#include "lw-toast.h"

/* In the order the page shows them. */
typedef enum {
  FILL_DONE,
  FILL_NOTES,
  FILL_CHAPTERS,
  FILL_TRANSCRIPT,
  FILL_PEOPLE_AND_LINKS,
} FillStep;

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
  GtkButton         *queue_button;
  GtkWidget         *chapters_section;
  GtkListBox        *chapters_list;
  GtkWidget         *transcript_section;
  LwTranscriptView  *transcript_view;
  GtkWidget         *persons_section;
  GtkListBox        *persons_list;
  GtkWidget         *links_section;
  GtkListBox        *links_list;

  /* What the library stores beside the episode's columns: chapters, persons,
   * transcripts. */
  LwFeedItem        *item;
  GArray            *chapter_starts;  /* gint64 ms, one per row of chapters_list */
  int                current_chapter;
  /* The transcript and chapters fetches for this episode; cancelled when it changes. */
  GCancellable      *cancellable;
  GCancellable      *chapters_cancellable;
  /* Inline, podcast:chapters JSON and (for a download) the file's own chapters. */
  LwChapterList     *chapter_list;

  /* A new episode's page fills in over frames: see schedule_fill(). */
  FillStep           fill_step;
  LwAfterFrame       fill_after_frame;
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

/* The episode's own words start where their text does (an Arabic title on the right,
 * on an English desktop too); the show and date lines around the title go with it,
 * and the notes go their own way. */
static void
align_text (LwEpisodeDetail *self)
{
  GtkTextDirection title_direction = lw_text_direction_align_label (self->title_label);

  lw_text_direction_align (GTK_WIDGET (self->show_label), title_direction);
  lw_text_direction_align (GTK_WIDGET (self->meta_label), title_direction);
  lw_text_direction_align_label (self->notes_label);
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
  align_text (self);
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
  /* While the page fills in, its notes come in their turn. */
  if (self->fill_step == FILL_DONE)
    set_notes (self);
  align_text (self);

  gtk_stack_set_visible_child_name (self->stack, "episode");
}

static void
seek_to (LwEpisodeDetail *self,
         gint64           position_ms)
{
  if (self->episode == NULL)
    return;

  /* A timestamp in the notes of another episode starts that episode there. */
  if (!is_current (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.play-episode", "x",
                                lw_episode_get_id (self->episode));

  if (self->player != NULL && is_current (self))
    {
      lw_player_seek (self->player, position_ms);
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
        seek_to (self, (gint64) seconds * 1000);

      return TRUE;
    }

  /* GtkUriLauncher is GTK 4.10; gtk_show_uri() is what 4.8 has. */
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);

  return TRUE;
}


/* Extras: chapters, transcript, persons, links *************************************/

static LwApplication *
get_application (void)
{
  GApplication *application = g_application_get_default ();

  /* The detail is built by the window, which has no other way to hand it down. */
  return LW_IS_APPLICATION (application) ? LW_APPLICATION (application) : NULL;
}

static void
show_toast (LwEpisodeDetail *self,
            const char      *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    lw_toast_overlay_add (ADW_TOAST_OVERLAY (overlay), lw_toast_new_plain (title));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static gint64
player_position (LwEpisodeDetail *self)
{
  return is_current (self) ? lw_player_get_position (self->player) : -1;
}

static void
update_current_chapter (LwEpisodeDetail *self)
{
  gint64 position = player_position (self);
  int current = -1;

  if (self->chapter_starts != NULL && position >= 0)
    for (guint i = 0; i < self->chapter_starts->len; i++)
      if (g_array_index (self->chapter_starts, gint64, i) <= position)
        current = (int) i;

  if (current == self->current_chapter)
    return;

  for (int i = 0; i < 2; i++)
    {
      int index = i == 0 ? self->current_chapter : current;
      GtkListBoxRow *row = index >= 0 ? gtk_list_box_get_row_at_index (self->chapters_list, index) : NULL;
      GtkWidget *icon = row ? g_object_get_data (G_OBJECT (row), "playing-icon") : NULL;

      if (icon != NULL)
        gtk_widget_set_visible (icon, i == 1);
      if (row != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        i == 1 ? _("Playing") : "", -1);
    }

  self->current_chapter = current;
}

static void
update_position (LwEpisodeDetail *self)
{
  lw_transcript_view_set_position (self->transcript_view, player_position (self));
  update_current_chapter (self);
}

static void
on_chapter_activated (LwEpisodeDetail *self,
                      AdwActionRow    *row)
{
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  if (self->chapter_starts != NULL && index >= 0 && (guint) index < self->chapter_starts->len)
    seek_to (self, g_array_index (self->chapter_starts, gint64, index));
}

static void
set_chapters (LwEpisodeDetail *self)
{
  GListModel *chapters = G_LIST_MODEL (self->chapter_list);

  clear_list (self->chapters_list);
  g_clear_pointer (&self->chapter_starts, g_array_unref);
  self->current_chapter = -1;

  if (g_list_model_get_n_items (chapters) == 0)
    {
      gtk_widget_set_visible (self->chapters_section, FALSE);
      return;
    }

  self->chapter_starts = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (chapters); i++)
    {
      g_autoptr(LwChapterItem) chapter = g_list_model_get_item (chapters, i);
      const char *title = lw_chapter_item_get_title (chapter);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *time;
      GtkWidget *icon;
      gint64 start = MAX (lw_chapter_item_get_start (chapter), 0);
      g_autofree char *timestamp = lw_transcript_format_timestamp (start);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     title && title[0] ? title : timestamp);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* Translators: a tooltip on a chapter */
      gtk_widget_set_tooltip_text (row, _("Play From Here"));

      time = gtk_label_new (timestamp);
      gtk_label_set_width_chars (GTK_LABEL (time), 5);
      gtk_label_set_xalign (GTK_LABEL (time), 0);
      gtk_widget_add_css_class (time, "numeric");
      gtk_widget_add_css_class (time, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), time);

      icon = gtk_image_new_from_icon_name ("media-playback-start-symbolic");
      gtk_widget_set_visible (icon, FALSE);
      gtk_widget_add_css_class (icon, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      g_object_set_data (G_OBJECT (row), "playing-icon", icon);

      g_signal_connect_object (row, "activated", G_CALLBACK (on_chapter_activated), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->chapters_list, row);
      g_array_append_val (self->chapter_starts, start);
    }

  gtk_widget_set_visible (self->chapters_section, TRUE);
  update_current_chapter (self);
}

static const char *
role_label (const char *role)
{
  if (role == NULL || g_str_equal (role, "host"))
    return _("Host");
  if (g_str_equal (role, "guest"))
    return _("Guest");
  if (g_str_equal (role, "co-host") || g_str_equal (role, "cohost"))
    return _("Co-Host");
  if (g_str_equal (role, "producer"))
    return _("Producer");
  if (g_str_equal (role, "editor"))
    return _("Editor");

  return NULL;
}

static void
on_link_row_activated (LwEpisodeDetail *self,
                       AdwActionRow    *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");

  /* GtkUriLauncher is GTK 4.10; gtk_show_uri() is what 4.8 has. */
  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);
}

static GtkWidget *
new_link_row (LwEpisodeDetail *self,
              const char      *title,
              const char      *subtitle,
              const char      *uri)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (uri != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("adw-external-link-symbolic");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, uri);
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (uri), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_link_row_activated), self, G_CONNECT_SWAPPED);
    }

  return row;
}

static void
set_persons (LwEpisodeDetail *self)
{
  GPtrArray *persons = self->item ? self->item->persons : NULL;
  g_autoptr(LwFeed) feed = NULL;

  clear_list (self->persons_list);

  /* An episode that names nobody has the show's hosts. */
  if ((persons == NULL || persons->len == 0) && self->episode != NULL && get_application () != NULL &&
      lw_application_get_library (get_application ()) != NULL)
    {
      feed = lw_library_dup_show_feed (lw_application_get_library (get_application ()),
                                       lw_episode_get_show_id (self->episode), NULL);
      persons = feed ? feed->persons : NULL;
    }

  for (guint i = 0; persons != NULL && i < persons->len; i++)
    {
      LwPerson *person = persons->pdata[i];
      const char *role = role_label (person->role);
      g_autofree char *capitalised = NULL;
      GtkWidget *row;
      GtkWidget *avatar;

      if (person->name == NULL || person->name[0] == '\0')
        continue;

      /* A role we have no word for is shown as the feed writes it. */
      if (role == NULL)
        {
          capitalised = g_strdup (person->role);
          capitalised[0] = g_ascii_toupper (capitalised[0]);
          role = capitalised;
        }

      row = new_link_row (self, person->name, role, person->href);
      avatar = adw_avatar_new (32, person->name, TRUE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
      gtk_list_box_append (self->persons_list, row);
    }

  gtk_widget_set_visible (self->persons_section, gtk_widget_get_first_child (GTK_WIDGET (self->persons_list)) != NULL);
}

/* Addresses written out in the text (the notes turn them into links too): words
 * starting with http:// or https://, without the punctuation that ends a sentence. */
static void
collect_bare_links (const char *html,
                    GPtrArray  *urls)
{
  g_autofree char *text = lw_html_to_text (html);
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n\r", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = words[i];
      gsize n;

      if (!g_str_has_prefix (word, "https://") && !g_str_has_prefix (word, "http://"))
        continue;

      n = strlen (word);
      while (n > 0 && strchr (".,;:!?)]}'\"", word[n - 1]) != NULL)
        word[--n] = '\0';

      if (g_uri_is_valid (word, G_URI_FLAGS_NONE, NULL))
        g_ptr_array_add (urls, g_strdup (word));
    }
}

static void
set_links (LwEpisodeDetail *self)
{
  const char *html = self->episode ? lw_episode_get_notes_html (self->episode) : NULL;
  g_auto(GStrv) links = NULL;
  g_autoptr(GPtrArray) bare = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  clear_list (self->links_list);

  if (html != NULL && html[0] != '\0')
    {
      links = lw_html_collect_links (html);
      collect_bare_links (html, bare);
    }

  for (guint i = 0; links != NULL && links[i] != NULL && links[i + 1] != NULL; i += 2)
    {
      const char *url = links[i];
      const char *text = links[i + 1];
      g_autofree char *host = NULL;

      g_hash_table_add (seen, (gpointer) url);

      /* A bare address as its text says nothing twice: the host is the title. */
      if (text == NULL || text[0] == '\0' || g_str_equal (text, url))
        {
          g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

          text = host = g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : url);
        }

      gtk_list_box_append (self->links_list, new_link_row (self, text, url, url));
    }

  for (guint i = 0; i < bare->len; i++)
    {
      const char *url = bare->pdata[i];
      g_autoptr(GUri) uri = NULL;

      if (!g_hash_table_add (seen, (gpointer) url))
        continue;

      uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      gtk_list_box_append (self->links_list,
                           new_link_row (self, uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : url, url, url));
    }

  gtk_widget_set_visible (self->links_section, gtk_widget_get_first_child (GTK_WIDGET (self->links_list)) != NULL);
}

/* The transcript to show: one with times and speakers first. */
static LwTranscript *
pick_transcript (GPtrArray *transcripts)
{
  static const LwTranscriptFormat preference[] = {
    LW_TRANSCRIPT_FORMAT_JSON, LW_TRANSCRIPT_FORMAT_VTT, LW_TRANSCRIPT_FORMAT_SRT, LW_TRANSCRIPT_FORMAT_HTML,
  };

  if (transcripts == NULL || transcripts->len == 0)
    return NULL;

  for (guint p = 0; p < G_N_ELEMENTS (preference); p++)
    for (guint i = 0; i < transcripts->len; i++)
      {
        LwTranscript *transcript = transcripts->pdata[i];

        if (transcript->url != NULL &&
            lw_transcript_format_guess (transcript->type, transcript->url) == preference[p])
          return transcript;
      }

  /* Unknown type: the body may still say what it is. */
  return transcripts->pdata[0];
}

static void
fetch_transcript_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LwEpisodeDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cues = lw_transcript_fetch_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (cues == NULL)
    {
      /* Translators: %s says why, "example.org answered 404 Not Found" */
      g_autofree char *message = g_strdup_printf (_("Could not load the transcript: %s"), error->message);

      lw_transcript_view_set_error (self->transcript_view, message);
      return;
    }

  lw_transcript_view_set_cues (self->transcript_view, cues);
  update_position (self);
}

static void
load_transcript (LwEpisodeDetail *self)
{
  LwTranscript *transcript = pick_transcript (self->item ? self->item->transcripts : NULL);
  LwApplication *application = get_application ();

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (transcript == NULL || transcript->url == NULL || application == NULL ||
      lw_application_get_feed_service (application) == NULL)
    {
      gtk_widget_set_visible (self->transcript_section, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  lw_transcript_view_set_loading (self->transcript_view);
  gtk_widget_set_visible (self->transcript_section, TRUE);
  lw_transcript_fetch_async (lw_application_get_feed_service (application),
                             transcript->url, transcript->type, self->cancellable,
                             fetch_transcript_cb, g_object_ref (self));
}

static void
on_transcript_retry (LwEpisodeDetail *self)
{
  load_transcript (self);
}

static void
on_transcript_seek (LwEpisodeDetail  *self,
                    gint64            position_ms,
                    LwTranscriptView *view)
{
  seek_to (self, position_ms);
}

static void
load_chapters_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LwEpisodeDetail) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Chapters are a convenience: a source that failed leaves the others' in place. */
  if (!lw_chapter_list_load_finish (LW_CHAPTER_LIST (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Chapters: %s", error->message);
}

/* The player's chapter list does the work: inline chapters at once, podcast:chapters
 * JSON from the network, a download's own chapters from the file; the rows follow
 * its items-changed. */
static void
load_chapters (LwEpisodeDetail *self)
{
  LwApplication *application = get_application ();
  LwLibrary *library = application ? lw_application_get_library (application) : NULL;
  const char *local_path;
  g_autofree char *file_uri = NULL;

  g_cancellable_cancel (self->chapters_cancellable);
  g_clear_object (&self->chapters_cancellable);
  lw_chapter_list_clear (self->chapter_list);

  if (self->episode == NULL || library == NULL)
    return;

  /* Reading a stream to find chapters would download it: only a downloaded file. */
  local_path = lw_episode_get_local_path (self->episode);
  if (local_path != NULL && local_path[0] != '\0')
    file_uri = g_filename_to_uri (local_path, NULL, NULL);

  self->chapters_cancellable = g_cancellable_new ();
  lw_chapter_list_load_async (self->chapter_list, library, self->episode, file_uri,
                              self->chapters_cancellable, load_chapters_cb, g_object_ref (self));
}

/* No extras: while a new episode fills in. The fetches of the last one stop. */
static void
clear_extras (LwEpisodeDetail *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->chapters_cancellable);
  g_clear_object (&self->chapters_cancellable);
  lw_chapter_list_clear (self->chapter_list);
  g_clear_pointer (&self->item, lw_feed_item_free);

  gtk_widget_set_visible (self->chapters_section, FALSE);
  gtk_widget_set_visible (self->transcript_section, FALSE);
  gtk_widget_set_visible (self->persons_section, FALSE);
  gtk_widget_set_visible (self->links_section, FALSE);
}

/* What the library keeps beside the episode's columns: chapters, persons, transcripts. */
static void
read_item (LwEpisodeDetail *self)
{
  LwApplication *application = get_application ();
  LwLibrary *library = application ? lw_application_get_library (application) : NULL;

  g_clear_pointer (&self->item, lw_feed_item_free);
  if (self->episode != NULL && library != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->item = lw_library_dup_episode_item (library, lw_episode_get_id (self->episode), &error);
      if (self->item == NULL)
        g_debug ("No extras for episode %" G_GINT64_FORMAT ": %s",
                 lw_episode_get_id (self->episode), error->message);
    }
}

static void schedule_fill (LwEpisodeDetail *self);

/* One step of filling the page in; the next waits for another frame. */
static void
fill_step (LwEpisodeDetail *self)
{
  switch (self->fill_step)
    {
    case FILL_NOTES:
      self->fill_step = FILL_CHAPTERS;
      set_notes (self);
      break;

    case FILL_CHAPTERS:
      self->fill_step = FILL_TRANSCRIPT;
      read_item (self);
      load_chapters (self);
      break;

    case FILL_TRANSCRIPT:
      self->fill_step = FILL_PEOPLE_AND_LINKS;
      load_transcript (self);
      break;

    case FILL_PEOPLE_AND_LINKS:
      self->fill_step = FILL_DONE;
      set_persons (self);
      set_links (self);
      break;

    case FILL_DONE:
    default:
      break;
    }
}

static void
fill_now (LwEpisodeDetail *self)
{
  lw_after_frame_cancel (&self->fill_after_frame);
  while (self->fill_step != FILL_DONE)
    fill_step (self);
}

static gboolean
fill_after_frame (gpointer data)
{
  LwEpisodeDetail *self = data;

  fill_step (self);
  schedule_fill (self);

  return G_SOURCE_REMOVE;
}

/* A new episode's page is laid out and drawn for the first time in the frame that
 * shows it, and that took 40-60 ms with the notes, links, chapters and transcript of
 * a show opened in a fresh window (bench/bench-episode-scroll.sh). So its header
 * (title, show, date, buttons) comes in the frame that shows the page; after that
 * frame its notes, then its chapters, its transcript, its people and links, each after
 * the frame before: each frame lays out one part. Off screen there is no frame to wait
 * for, and it all comes at once. */
static void
schedule_fill (LwEpisodeDetail *self)
{
  if (self->fill_step == FILL_DONE || lw_after_frame_is_pending (&self->fill_after_frame))
    return;

  if (!lw_after_frame_schedule (&self->fill_after_frame, GTK_WIDGET (self), fill_after_frame, self))
    fill_now (self);
}

static void
on_queue_clicked (LwEpisodeDetail *self)
{
  LwApplication *application = get_application ();
  LwLibrary *library = application ? lw_application_get_library (application) : NULL;
  g_autoptr(GError) error = NULL;

  if (self->episode == NULL || library == NULL)
    return;

  if (!lw_library_queue_add (library, lw_episode_get_id (self->episode), -1, &error))
    show_toast (self, error->message);
  else
    show_toast (self, _("Added to the queue"));
}

static void
lw_episode_detail_direction_changed (GtkWidget        *widget,
                                     GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (lw_episode_detail_parent_class)->direction_changed (widget, previous_direction);

  /* Aligned against the desktop's direction, which just turned. */
  align_text (LW_EPISODE_DETAIL (widget));
}

static void
lw_episode_detail_unmap (GtkWidget *widget)
{
  LwEpisodeDetail *self = LW_EPISODE_DETAIL (widget);

  /* No frame will come: the page is whole when it shows again. */
  fill_now (self);

  GTK_WIDGET_CLASS (lw_episode_detail_parent_class)->unmap (widget);
}

static void
lw_episode_detail_dispose (GObject *object)
{
  LwEpisodeDetail *self = (LwEpisodeDetail *)object;
  GtkWidget *child;

  lw_after_frame_cancel (&self->fill_after_frame);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->chapters_cancellable);
  g_clear_object (&self->chapters_cancellable);
  if (self->chapter_list != NULL)
    g_signal_handlers_disconnect_by_func (self->chapter_list, set_chapters, self);
  g_clear_object (&self->chapter_list);
  g_clear_pointer (&self->item, lw_feed_item_free);
  g_clear_pointer (&self->chapter_starts, g_array_unref);
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
  widget_class->unmap = lw_episode_detail_unmap;
  widget_class->direction_changed = lw_episode_detail_direction_changed;

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
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, queue_button);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, chapters_section);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, chapters_list);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, transcript_section);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, transcript_view);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, persons_section);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, persons_list);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, links_section);
  gtk_widget_class_bind_template_child (widget_class, LwEpisodeDetail, links_list);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_activate_link);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_transcript_seek);
  gtk_widget_class_bind_template_callback (widget_class, on_transcript_retry);

  g_type_ensure (LW_TYPE_ARTWORK);
  g_type_ensure (LW_TYPE_SCROLL_COLUMN);
  g_type_ensure (LW_TYPE_TRANSCRIPT_VIEW);
}

static void
lw_episode_detail_init (LwEpisodeDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->episode_signals = g_signal_group_new (LW_TYPE_EPISODE);
  g_signal_group_connect_swapped (self->episode_signals, "notify::title", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::notes-html", G_CALLBACK (update_episode), self);
  g_signal_group_connect_swapped (self->episode_signals, "notify::notes-html", G_CALLBACK (set_links), self);
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
  g_signal_group_connect_swapped (self->player_signals, "notify::episode", G_CALLBACK (update_position), self);
  g_signal_group_connect_swapped (self->player_signals, "notify::position", G_CALLBACK (update_position), self);

  self->current_chapter = -1;

  self->chapter_list = lw_chapter_list_new ();
  g_signal_connect_swapped (self->chapter_list, "items-changed", G_CALLBACK (set_chapters), self);
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

  /* Nothing of the last episode stays while this one fills in. */
  lw_after_frame_cancel (&self->fill_after_frame);
  self->fill_step = episode != NULL ? FILL_NOTES : FILL_DONE;
  gtk_label_set_label (self->notes_label, "");
  clear_extras (self);

  update_episode (self);
  update_position (self);
  schedule_fill (self);

  /* A new episode starts at the top of its notes. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPISODE]);
}

gboolean
lw_episode_detail_is_filled (LwEpisodeDetail *self)
{
  g_return_val_if_fail (LW_IS_EPISODE_DETAIL (self), FALSE);

  return self->fill_step == FILL_DONE;
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
  update_position (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}
