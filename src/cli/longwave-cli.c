/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "longwave-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "lw-cli.h"
#include "lw-cli-library.h"

typedef struct
{
  const char       *name;
  LwCliCommandFunc  func;
  const char       *synopsis;
  const char       *summary;
} LwCliCommand;

static const LwCliCommand commands[] = {
  { "subscribe", lw_cli_subscribe, "[--user NAME] URL", N_("Subscribe to a podcast feed") },
  { "list", lw_cli_list, "", N_("List subscriptions: id, title, feed URL") },
  { "episodes", lw_cli_episodes, "[SHOW_ID|--all]", N_("List episodes, newest first, id first") },
  { "parse", lw_cli_parse, "FILE|URL --json [--base-url URL]", N_("Parse a feed and print it as JSON") },
  { "discover", lw_cli_discover, "TEXT", N_("Search the podcast directories: feed URL, title, author, provider") },
  { "top", lw_cli_top, "[COUNTRY] [--limit N]", N_("List Apple Podcasts’ top shows, like discover") },
  { "download", lw_cli_download, "EPISODE_ID…", N_("Download episodes, resuming unfinished ones") },
  { "import", lw_cli_import, "FILE.opml", N_("Subscribe to every feed of an OPML file") },
  { "export", lw_cli_export, "[FILE]", N_("Write the subscriptions as OPML") },
  { "refresh", lw_cli_refresh, "[SHOW_ID]", N_("Refresh one show, or every show") },
  { "unsubscribe", lw_cli_unsubscribe, "SHOW_ID", N_("Remove a subscription and its episodes") },
  { "search", lw_cli_search, "[--shows] TEXT", N_("Search episodes (or shows) by title and notes") },
  { "sync", lw_cli_sync, "[--server URL --user NAME|--status]", N_("Sync with gpodder.net or Nextcloud (--help)") },
};

void
lw_cli_error (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("longwave-cli: %s\n", message);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: longwave-cli COMMAND [ARGUMENTS…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* Pad by characters, not bytes: synopses hold "…". */
      int pad = 34 - (int) g_utf8_strlen (commands[i].synopsis, -1);

      fprintf (stream, "  %-11s %s%*s %s\n", commands[i].name, commands[i].synopsis,
               MAX (pad, 0), "", _(commands[i].summary));
    }
  fprintf (stream, "\n%s\n", _("The library lives in $XDG_DATA_HOME/longwave/."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("longwave-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return LW_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return LW_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("longwave-cli %s\n", PACKAGE_VERSION);
      return LW_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].func (argc - 1, argv + 1);
    }

  lw_cli_error (_("Unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return LW_CLI_EXIT_USAGE;
}
