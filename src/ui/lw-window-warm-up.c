/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include "lw-icon-preload.h"
#include "lw-window-private.h"

/* What a show page, its rows and the episode detail draw, in the frame that first
 * shows them, read and rendered ahead a few at a time: their placeholder artwork (half
 * the artwork's size) is an SVG at those sizes. */
static const struct {
  int                size;
  const char * const names[5];
} warm_icons[] = {
  { 16, { "go-previous-symbolic", "view-refresh-symbolic", "view-more-symbolic", "view-list-symbolic" } },
  { 16, { "help-about-symbolic", "checkbox-checked-symbolic", "object-select-symbolic", "folder-download-symbolic" } },
  { 16, { "media-playback-start-symbolic", "list-add-symbolic" } },
  /* These two are SVGs that take 4–9 ms each to read: a step each. */
  { 16, { "adw-external-link-symbolic" } },
  { 16, { "process-working-symbolic" } },
  /* The window's buttons, which move to the detail's header bar. */
  { 16, { "window-minimize-symbolic", "window-maximize-symbolic", "window-close-symbolic" } },
  { 56, { "audio-x-generic-symbolic" } },
  { 64, { "audio-x-generic-symbolic" } },
};

/* While nobody clicks yet, the show page, its episode list and the episode detail
 * are built one per idle, each with a frame between for its style: built on the first
 * click, they held that click's frame for about 100 ms
 * (bench/bench-episode-scroll.sh). */
static gboolean
warm_up_step (gpointer data)
{
  LwWindow *self = data;

  switch (self->warm_up_step++)
    {
    case 0:
      lw_window_ensure_show_page (self);
      return G_SOURCE_CONTINUE;

    case 1:
      /* A piece a step: the episode list, the About view, the first measuring. */
      if (lw_show_page_prepare (self->show_page))
        self->warm_up_step--;
      return G_SOURCE_CONTINUE;

    case 2:
      lw_window_ensure_episode_detail (self);
      return G_SOURCE_CONTINUE;

    default:
      if (self->warm_up_step - 4 < G_N_ELEMENTS (warm_icons))
        {
          guint group = self->warm_up_step - 4;

          self->warm_icons = lw_icon_preload (GTK_WIDGET (self), warm_icons[group].names,
                                              warm_icons[group].size, self->warm_icons);
          return G_SOURCE_CONTINUE;
        }

      self->warm_up_id = 0;
      return G_SOURCE_REMOVE;
    }
}

void
lw_window_after_first_frame (LwWindow *self)
{
  g_return_if_fail (LW_IS_WINDOW (self));

  if (self->warm_up_id != 0 || self->warm_up_step > 0)
    return;

  /* Low, and slow enough for a frame between the steps. */
  self->warm_up_id = g_timeout_add_full (G_PRIORITY_LOW, 50, warm_up_step, self, NULL);
}
