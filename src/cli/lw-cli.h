/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/lw-library.h"

G_BEGIN_DECLS

/* Exit codes shared by every command. */
#define LW_CLI_EXIT_OK     0
#define LW_CLI_EXIT_FAILED 1  /* the work failed (one clear line on stderr says why) */
#define LW_CLI_EXIT_USAGE  2

/* Each command gets argv with argv[0] = the command name and returns an exit code. */
typedef int (*LwCliCommandFunc) (int argc, char **argv);

int lw_cli_parse     (int argc, char **argv);  /* lw-cli-parse.c */
int lw_cli_list      (int argc, char **argv);  /* lw-cli-library.c */
int lw_cli_episodes  (int argc, char **argv);  /* lw-cli-library.c */
int lw_cli_subscribe (int argc, char **argv);  /* lw-cli-subscribe.c */
int lw_cli_download  (int argc, char **argv);  /* lw-cli-download.c */

/* Prints "longwave-cli: MESSAGE" on stderr. */
void lw_cli_error    (const char *format, ...) G_GNUC_PRINTF (1, 2);

int lw_cli_discover  (int argc, char **argv);  /* lw-cli-directory.c */
int lw_cli_top       (int argc, char **argv);  /* lw-cli-directory.c */
/* The app's settings when the schema (with @key) is there, else NULL (lw-cli-directory.c). */
GSettings *lw_cli_dup_settings (const char *key);
int lw_cli_import      (int argc, char **argv);  /* lw-cli-opml.c */
int lw_cli_refresh     (int argc, char **argv);  /* lw-cli-refresh.c */
int lw_cli_sync        (int argc, char **argv);  /* lw-cli-sync.c */
/* unsubscribe, search and export: lw-cli-library.h */

/* Shared by every command (lw-cli-common.c). */
/* The default library, or NULL after saying why on stderr. */
LwLibrary *lw_cli_open_library   (void);
/* A positive show id, or 0 after saying what is wrong. */
gint64     lw_cli_parse_show_id  (const char   *text);
/* A copy of @text (NULL: "") with tabs and line breaks turned into spaces. */
char      *lw_cli_dup_field      (const char   *text);

/* Shared by import and refresh (lw-cli-refresh.c). */
/* "\r[DONE/TOTAL] WHAT" on stderr, only when stderr is a terminal. */
void       lw_cli_progress       (const char   *what,
                                  guint         done,
                                  guint         total);
void       lw_cli_progress_clear (void);
/* Names a feed that failed and why, on stderr. */
void       lw_cli_feed_failed    (const char   *title,
                                  const char   *feed_url,
                                  const GError *error);

G_END_DECLS
