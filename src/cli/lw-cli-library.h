/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* More library commands (lw-cli-library.c), for the dispatcher's table:
 *   { "unsubscribe", lw_cli_unsubscribe, "SHOW_ID", N_("Remove a subscription and its episodes") },
 *   { "search", lw_cli_search, "[--shows] TEXT", N_("Search episodes (or shows) by title and notes") },
 *   { "export", lw_cli_export, "[FILE]", N_("Write the subscriptions as OPML") },
 */
int lw_cli_unsubscribe (int argc, char **argv);
int lw_cli_search      (int argc, char **argv);
int lw_cli_export      (int argc, char **argv);

G_END_DECLS
