/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "core/lw-library.h"
#include "core/lw-opml.h"
#include "lw-cli.h"
#include "lw-cli-library.h"

/* ID<TAB>TITLE<TAB>FEED_URL */
static void
print_shows (GListModel *shows)
{
  for (guint i = 0; i < g_list_model_get_n_items (shows); i++)
    {
      g_autoptr(LwShow) show = g_list_model_get_item (shows, i);
      g_autofree char *title = lw_cli_dup_field (lw_show_get_title (show));
      g_autofree char *feed_url = lw_cli_dup_field (lw_show_get_feed_url (show));

      printf ("%" G_GINT64_FORMAT "\t%s\t%s\n", lw_show_get_id (show), title, feed_url);
    }
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

/* ID<TAB>SHOW_ID<TAB>DATE<TAB>DURATION<TAB>PLAYED<TAB>TITLE */
static void
print_episodes (GListModel *episodes)
{
  for (guint i = 0; i < g_list_model_get_n_items (episodes); i++)
    {
      g_autoptr(LwEpisode) episode = g_list_model_get_item (episodes, i);
      g_autofree char *date = format_date (lw_episode_get_published (episode));
      g_autofree char *title = lw_cli_dup_field (lw_episode_get_title (episode));
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
}

int
lw_cli_list (int    argc,
             char **argv)
{
  g_autoptr(LwLibrary) library = NULL;

  if (argc != 1)
    {
      lw_cli_error (_("Usage: longwave-cli list"));
      return LW_CLI_EXIT_USAGE;
    }

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  print_shows (lw_library_get_shows (library));

  return LW_CLI_EXIT_OK;
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
      show_id = lw_cli_parse_show_id (argv[1]);
      if (show_id == 0)
        return LW_CLI_EXIT_USAGE;
    }

  library = lw_cli_open_library ();
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
  print_episodes (episodes);

  return LW_CLI_EXIT_OK;
}

/* longwave-cli unsubscribe SHOW_ID: the show, its episodes and their state go. */
int
lw_cli_unsubscribe (int    argc,
                    char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  gint64 show_id;

  if (argc != 2)
    {
      lw_cli_error (_("Usage: longwave-cli unsubscribe SHOW_ID"));
      return LW_CLI_EXIT_USAGE;
    }

  show_id = lw_cli_parse_show_id (argv[1]);
  if (show_id == 0)
    return LW_CLI_EXIT_USAGE;

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  if (!lw_library_remove_show (library, show_id, &error))
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }

  return LW_CLI_EXIT_OK;
}

/* longwave-cli search [--shows] TEXT…: episodes as "episodes" prints them, or
 * shows as "list" does. */
int
lw_cli_search (int    argc,
               char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean shows = argc > 1 && g_str_equal (argv[1], "--shows");
  int first = shows ? 2 : 1;

  if (argc <= first)
    {
      lw_cli_error (_("Usage: longwave-cli search [--shows] TEXT"));
      return LW_CLI_EXIT_USAGE;
    }

  text = g_strjoinv (" ", argv + first);

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  if (shows)
    results = lw_library_search_shows (library, text, &error);
  else
    results = lw_library_search (library, text, &error);

  if (results == NULL)
    {
      lw_cli_error ("%s", error->message);
      return LW_CLI_EXIT_FAILED;
    }

  if (shows)
    print_shows (results);
  else
    print_episodes (results);

  return LW_CLI_EXIT_OK;
}

/* longwave-cli export [FILE]: OPML 2.0 to FILE, or to standard output. */
int
lw_cli_export (int    argc,
               char **argv)
{
  g_autoptr(LwLibrary) library = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 2)
    {
      lw_cli_error (_("Usage: longwave-cli export [FILE]"));
      return LW_CLI_EXIT_USAGE;
    }

  library = lw_cli_open_library ();
  if (library == NULL)
    return LW_CLI_EXIT_FAILED;

  if (argc == 2 && !g_str_equal (argv[1], "-"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);

      if (!lw_opml_write_file (lw_library_get_shows (library), file, &error))
        {
          lw_cli_error ("%s", error->message);
          return LW_CLI_EXIT_FAILED;
        }
    }
  else
    {
      g_autoptr(GBytes) opml = lw_opml_write (lw_library_get_shows (library));
      gsize size;
      const char *data = g_bytes_get_data (opml, &size);

      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          lw_cli_error (_("Could not write the subscriptions to standard output"));
          return LW_CLI_EXIT_FAILED;
        }
    }

  return LW_CLI_EXIT_OK;
}
