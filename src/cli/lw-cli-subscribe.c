/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: replaced by the real command before this lands. */
#include "config.h"

#include "lw-cli.h"

int
lw_cli_subscribe (int argc, char **argv)
{
  lw_cli_error ("%s: not yet", argv[0]);
  return LW_CLI_EXIT_FAILED;
}
