/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-library"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/lw-cli.h"
#include "cli/lw-cli-library.h"
#include "core/lw-library.h"
#include "core/lw-opml.h"

#include "library-fixtures.h"

/* The library commands that longwave-cli's dispatcher does not list yet, run in a
 * subprocess each (they print and exit like the real thing) against a library in
 * XDG_DATA_HOME. The exit code is reported on stderr as "exit=N". */

/* longwave-cli.c holds the real one, next to main(). */
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

static gint64 tech_id;
static gint64 food_id;

static void
populate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwLibrary) library = lw_library_new (NULL, &error);
  g_autoptr(LwFeed) tech = lw_test_feed_new ("Tech", 0);
  g_autoptr(LwFeed) food = lw_test_feed_new ("Food", 0);

  g_assert_no_error (error);
  lw_test_feed_add (tech, "rust", "The Rust Programming Language", "https://cdn.example.org/r.mp3", 1700000000);
  lw_test_feed_add (tech, "zig", "Zig\tand tabs", "https://cdn.example.org/z.mp3", 1690000000);
  lw_test_feed_add (food, "pasta", "Pasta for programmers", "https://cdn.example.org/p.mp3", 1680000000);

  tech_id = lw_library_merge_feed (library, "https://example.org/tech.xml", tech, NULL, &error);
  food_id = lw_library_merge_feed (library, "https://example.org/food.xml", food, NULL, &error);
  g_assert_no_error (error);
}

static void
run_in_child (LwCliCommandFunc  func,
              const char       *args)
{
  g_auto(GStrv) argv = g_strsplit (args, " ", -1);
  int status = func (g_strv_length (argv), argv);

  fflush (stdout);
  g_printerr ("exit=%d\n", status);
  exit (0);
}

static void
test_search (void)
{
  if (g_test_subprocess ())
    {
      const char *which = g_getenv ("LW_TEST_CASE");

      if (g_str_equal (which, "episodes"))
        run_in_child (lw_cli_search, "search program");
      else if (g_str_equal (which, "shows"))
        run_in_child (lw_cli_search, "search --shows food");
      else
        run_in_child (lw_cli_search, "search");
    }

  populate ();

  g_setenv ("LW_TEST_CASE", "episodes", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("exit=0\n");
  /* Both titles hold a word that starts with it; the episodes line format. */
  g_test_trap_assert_stdout ("*\t2023-11-14\t-\t0\tThe Rust Programming Language\n*");
  g_test_trap_assert_stdout ("*\t2023-03-28\t-\t0\tPasta for programmers\n*");
  g_test_trap_assert_stdout_unmatched ("*Zig*");

  g_setenv ("LW_TEST_CASE", "shows", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_stdout ("*\tFood\thttps://example.org/food.xml\n");
  g_test_trap_assert_stderr ("exit=0\n");

  g_setenv ("LW_TEST_CASE", "usage", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_stderr ("longwave-cli: Usage: longwave-cli search*\nexit=2\n");
}

static void
test_unsubscribe (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *args = g_strdup_printf ("unsubscribe %s", g_getenv ("LW_TEST_CASE"));

      run_in_child (lw_cli_unsubscribe, args);
    }

  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, food_id);

    g_setenv ("LW_TEST_CASE", id, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
    g_test_trap_assert_stdout ("");
    g_test_trap_assert_stderr ("exit=0\n");

    /* Gone, with its episodes. */
    {
      g_autoptr(LwLibrary) library = lw_library_new (NULL, NULL);
      g_autoptr(LwShow) show = lw_library_lookup_show (library, food_id);
      g_autoptr(GListModel) all = lw_library_get_episodes (library, 0);

      g_assert_null (show);
      g_assert_cmpuint (g_list_model_get_n_items (lw_library_get_shows (library)), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
    }

    /* Twice: not there any more. */
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
    g_test_trap_assert_stderr ("longwave-cli: There is no subscription with id *\nexit=1\n");
  }

  g_setenv ("LW_TEST_CASE", "banana", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_stderr ("longwave-cli: “banana” is not a show id*\nexit=2\n");
}

static void
test_export (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "export.opml", NULL);

  if (g_test_subprocess ())
    {
      g_autofree char *args = NULL;
      const char *which = g_getenv ("LW_TEST_CASE");

      if (g_str_equal (which, "stdout"))
        run_in_child (lw_cli_export, "export");
      else if (g_str_equal (which, "file"))
        args = g_strdup_printf ("export %s", path);
      else
        args = g_strdup ("export /nonexistent/dir/export.opml");

      run_in_child (lw_cli_export, args);
    }

  g_setenv ("LW_TEST_CASE", "stdout", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_stdout ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">*"
                             "xmlUrl=\"https://example.org/tech.xml\"*</opml>\n");
  g_test_trap_assert_stderr ("exit=0\n");

  g_setenv ("LW_TEST_CASE", "file", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_stderr ("exit=0\n");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(LwOpml) opml = lw_opml_parse_file (file, &error);
    const LwOpmlEntry *entry;

    g_assert_no_error (error);
    g_assert_cmpuint (opml->entries->len, ==, 1);
    entry = g_ptr_array_index (opml->entries, 0);
    g_assert_cmpstr (entry->feed_url, ==, "https://example.org/tech.xml");
    g_assert_cmpstr (entry->title, ==, "Tech");
  }

  g_setenv ("LW_TEST_CASE", "nowhere", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_stderr ("longwave-cli: Could not write “/nonexistent/dir/export.opml”: *\nexit=1\n");
}

int
main (int   argc,
      char *argv[])
{
  const char *data_home = g_getenv ("LW_TEST_DATA_HOME");
  g_autofree char *own_data_home = NULL;
  int result;

  /* The subprocesses share the parent's library. */
  if (data_home == NULL)
    {
      own_data_home = g_dir_make_tmp ("lw-cli-XXXXXX", NULL);
      data_home = own_data_home;
      g_setenv ("LW_TEST_DATA_HOME", data_home, TRUE);
    }
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* As longwave-cli does: messages go out in the locale's charset. */
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);

  /* In this order: search sees both shows, export the one left. */
  g_test_add_func ("/cli/search", test_search);
  g_test_add_func ("/cli/unsubscribe", test_unsubscribe);
  g_test_add_func ("/cli/export", test_export);

  result = g_test_run ();

  if (own_data_home != NULL)
    lw_test_remove_tree (own_data_home);

  return result;
}
