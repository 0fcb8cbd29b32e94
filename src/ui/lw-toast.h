/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Toasts whose title is plain text. libadwaita 1.2 reads a toast's title as Pango
 * markup, so a show called "Rock & Roll" or an error quoting "<html>" would otherwise
 * leave an empty toast and a warning. Every toast in Longwave goes through these. */
AdwToast *lw_toast_new_plain       (const char *text);
void      lw_toast_set_plain_title (AdwToast   *toast,
                                    const char *text);

G_END_DECLS
