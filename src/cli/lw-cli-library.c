/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "core/lw-library.h"
#include "lw-cli.h"

/* One record per line, tab-separated: a tab or a line break inside a title would
 * split it. */
static char *
dup_field (const char *text)
{
  char *field = g_strdup (text != NULL ? text : "");

  for (char *p = field; *p != '\0'; p++)
    {
      if (*p == '\t' || *p == '\n' || *p == '\r')
        *p = ' ';
    }

  return field;
}

static LwLibrary *
open_library (void)
{
  g_autoptr(GError) error = NULL;
  LwLibrary *library = lw_library_new (NULL, &error);

  if (library == NULL)
    lw_cli_error ("%s", error->message);

  return library;
}

int
lw_cli_list (int    argc,
             char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  GListModel *shows;

  if (argc != 1)
    {
      lw_cli_error (_("Usage: longwave-cli list"));
      return LW_CLI_EXIT_USAGE;
    }

  library = open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  shows = lw_library_get_shows (library);
  for (guint i = 0; i < g_list_model_get_n_items (shows); i++)
    {
      g_autoptr(LwShow) show = g_list_model_get_item (shows, i);
      g_autofree char *title = dup_field (lw_show_get_title (show));
      g_autofree char *feed_url = dup_field (lw_show_get_feed_url (show));

      printf ("%" G_GINT64_FORMAT "\t%s\t%s\n", lw_show_get_id (show), title, feed_url);
    }

  return LW_CLI_EXIT_OK;
}

static char *
format_date (gint64 published)
{
  g_autoptr(GDateTime) date = NULL;

  if (published == LW_DATE_UNKNOWN)
    return g_strdup ("-");

  date = g_date_time_new_from_unix_utc (published);
  if (date == NULL)
    return g_strdup ("-");

  return g_date_time_format (date, "%Y-%m-%d");
}

int
lw_cli_episodes (int    argc,
                 char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GListModel) episodes = NULL;
  gint64 show_id = 0;

  if (argc > 2)
    {
      lw_cli_error (_("Usage: longwave-cli episodes [SHOW_ID|--all]"));
      return LW_CLI_EXIT_USAGE;
    }

  if (argc == 2 && !g_str_equal (argv[1], "--all"))
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &value, NULL))
        {
          lw_cli_error (_("“%s” is not a show id: use a number from “longwave-cli list”, or --all"),
                        argv[1]);
          return LW_CLI_EXIT_USAGE;
        }

      show_id = (gint64) value;
    }

  library = open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  if (show_id > 0)
    {
      g_autoptr(LwShow) show = lw_library_lookup_show (library, show_id);

      if (show == NULL)
        {
          /* Translators: %s is a number */
          lw_cli_error (_("There is no show with id %s (see “longwave-cli list”)"), argv[1]);
          return LW_CLI_EXIT_FAILED;
        }
    }

  episodes = lw_library_get_episodes (library, show_id);
  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);
      g_autofree char *date = format_date (lw_episode_get_published (episode));
      g_autofree char *title = dup_field (lw_episode_get_title (episode));
      gint64 duration = lw_episode_get_duration (episode);
      g_autofree char *duration_text = NULL;

      if (duration == LW_UNKNOWN)
        duration_text = g_strdup ("-");
      else
        duration_text = g_strdup_printf ("%" G_GINT64_FORMAT, duration);

      printf ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%d\t%s\n",
              lw_episode_get_id (episode),
              lw_episode_get_show_id (episode),
              date, duration_text,
              lw_episode_get_played (episode) ? 1 : 0,
              title);
    }

  return LW_CLI_EXIT_OK;
}
