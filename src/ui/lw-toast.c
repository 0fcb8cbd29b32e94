/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "lw-toast.h"

AdwToast *
lw_toast_new_plain (const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text ? text : "", -1);

  return adw_toast_new (markup);
}

void
lw_toast_set_plain_title (AdwToast   *toast,
                          const char *text)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (ADW_IS_TOAST (toast));

  markup = g_markup_escape_text (text ? text : "", -1);
  adw_toast_set_title (toast, markup);
}
