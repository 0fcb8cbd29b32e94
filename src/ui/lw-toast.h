/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Toasts whose title is plain text. libadwaita 1.2 reads a toast's title as Pango
 * markup, so a show called "Rock & Roll" or an error quoting "<html>" would otherwise
 * leave an empty toast and a warning; and it cuts the title to one line, which says
 * little at 360 px. These titles are labels of their own, wrapped to four lines at
 * most. Every toast in Longwave goes through these. */
AdwToast *lw_toast_new_plain       (const char *text);
void      lw_toast_set_plain_title (AdwToast   *toast,
                                    const char *text);
/* A failed operation a person can try again: @text plain, a "_Retry" button (connect
 * to "button-clicked"), high priority as the answer to what they just did, and the
 * usual timeout: where the detail stays (a page's banner, a download's row), the
 * toast need not. Name the thing in @text, "Could not download “…”". */
AdwToast *lw_toast_new_retry       (const char *text);
/* The same with another way forward than trying again: @button_label ("_Sign In…")
 * says what the button does. */
AdwToast *lw_toast_new_action      (const char *text,
                                    const char *button_label);

/* Shows @toast (transfer full) on @overlay like adw_toast_overlay_add_toast(), but
 * not while a toast dismissed there is still fading out: libadwaita 1.2 then slides
 * the new one in over 500 ms, and closing it before that (a double click on Retry
 * whose retry fails at once) frees it under its running animation: a crash. Held
 * back, it slides in over the usual 300 ms, which no click can cut short. */
void      lw_toast_overlay_add     (AdwToastOverlay *overlay,
                                    AdwToast        *toast);

G_END_DECLS
