/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

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

G_END_DECLS
