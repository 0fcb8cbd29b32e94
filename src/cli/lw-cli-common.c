/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-library.h"
#include "lw-cli.h"

/* Helpers every command that works on the library shares. */

/* One record per line, tab-separated: a tab or a line break inside a title would
 * split it. */
char *
lw_cli_dup_field (const char *text)
{
  char *field = g_strdup (text != NULL ? text : "");

  for (char *p = field; *p != '\0'; p++)
    {
      if (*p == '\t' || *p == '\n' || *p == '\r')
        *p = ' ';
    }

  return field;
}

LwLibrary *
lw_cli_open_library (void)
{
  g_autoptr(GError) error = NULL;
  LwLibrary *library = lw_library_new (NULL, &error);

  if (library == NULL)
    lw_cli_error ("%s", error->message);

  return library;
}

gint64
lw_cli_parse_show_id (const char *text)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      lw_cli_error (_("“%s” is not a show id: use a number from “longwave-cli list”"), text);
      return 0;
    }

  return (gint64) value;
}
