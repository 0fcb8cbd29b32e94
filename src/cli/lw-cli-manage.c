/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "core/lw-library.h"
#include "lw-cli.h"

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

/* longwave-cli unsubscribe SHOW_ID: the show and its episodes leave the library. */
int
lw_cli_unsubscribe (int    argc,
                    char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(LwShow) show = NULL;
  g_autofree char *title = NULL;
  gint64 show_id;

  if (argc != 2)
    {
      lw_cli_error (_("Usage: longwave-cli unsubscribe SHOW_ID"));
      return LW_CLI_EXIT_USAGE;
    }

  if (!lw_cli_parse_show_id (argv[1], &show_id))
    return LW_CLI_EXIT_USAGE;

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  show = lw_cli_lookup_show (library, argv[1], show_id);
  if (show == NULL)
    return LW_CLI_EXIT_FAILED;

  title = g_strdup (lw_show_get_title (show) != NULL ? lw_show_get_title (show)
                                                     : lw_show_get_feed_url (show));

  if (!lw_library_remove_show (library, show_id, &error))
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }

  printf (_("Unsubscribed from “%s”"), title);
  printf ("\n");

  return LW_CLI_EXIT_OK;
}

/* longwave-cli search TEXT…: "EPISODE_ID<TAB>SHOW_ID<TAB>SHOW<TAB>TITLE", best
 * match first. */
int
lw_cli_search (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GListModel) episodes = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (argc < 2)
    {
      lw_cli_error (_("Usage: longwave-cli search TEXT"));
      return LW_CLI_EXIT_USAGE;
    }

  /* `search open source` and `search "open source"` mean the same. */
  text = g_strjoinv (" ", argv + 1);
  g_strstrip (text);
  if (*text == '\0')
    {
      lw_cli_error (_("Nothing to search for: give one word or more"));
      return LW_CLI_EXIT_USAGE;
    }

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  episodes = lw_library_search (library, text, &error);
  if (episodes == NULL)
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }

  n = g_list_model_get_n_items (episodes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);
      g_autoptr(LwShow) show = lw_library_lookup_show (library, lw_episode_get_show_id (episode));
      g_autofree char *show_title = lw_cli_dup_field (show != NULL ? lw_show_get_title (show) : NULL);
      g_autofree char *title = lw_cli_dup_field (lw_episode_get_title (episode));

      printf ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\n",
              lw_episode_get_id (episode), lw_episode_get_show_id (episode), show_title, title);
    }

  return LW_CLI_EXIT_OK;
}
