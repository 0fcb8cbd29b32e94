/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-cli.h"

int
lw_cli_sync (int    argc,
             char **argv)
{
  return LW_CLI_EXIT_OK;
}
