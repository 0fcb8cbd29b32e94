/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

/* LwLibrary: searching titles and notes (FTS5). */

#include <glib/gi18n.h>

#include "lw-library-private.h"

/* Every word of what the user typed, as an FTS5 prefix query: "word"* AND …
 * Quoting keeps FTS5 syntax (AND, NEAR, *, :, -) in the text from being read as
 * operators. NULL when there is no word. */
static char *
build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  words = g_strsplit_set (text != NULL ? text : "", " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;

      if (query->len > 0)
        g_string_append (query, " AND ");

      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

static GListModel *
search (LwLibrary   *self,
        const char  *sql,
        GType        item_type,
        const char  *text,
        GError     **error)
{
  g_autoptr(GListStore) store = g_list_store_new (item_type);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *query = build_match_query (text);
  g_autoptr(LwStmt) stmt = NULL;
  int rc;

  if (query == NULL)
    return G_LIST_MODEL (g_steal_pointer (&store));

  stmt = lw_db_prepare (lw_library_get_main_db (self), sql, error);
  if (stmt == NULL)
    return NULL;

  lw_db_bind_text (stmt, 1, query);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (item_type == LW_TYPE_SHOW)
        g_ptr_array_add (items, lw_library_show_from_stmt (self, stmt));
      else
        g_ptr_array_add (items, lw_library_episode_from_stmt (self, stmt));
    }

  if (rc != SQLITE_DONE)
    lw_library_set_sqlite_error (error, lw_library_get_db (self), rc, _("Could not search the library"));

  g_clear_pointer (&stmt, lw_stmt_release);
  lw_library_thaw_notify (self);

  if (rc != SQLITE_DONE)
    return NULL;

  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * lw_library_search:
 * @self: a library
 * @text: what the user typed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): #LwEpisode items whose title, summary
 *   and show notes (their text, not their markup) hold every word of @text (or
 *   words starting with it), best first
 */
GListModel *
lw_library_search (LwLibrary   *self,
                   const char  *text,
                   GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Titles weigh more than summaries and notes in the ranking. Notes often
   * repeat the summary: a word in both counts twice, as it should. */
  return search (self,
                 "SELECT " LW_EPISODE_LIST_COLUMNS LW_EPISODE_FROM
                 "JOIN (SELECT rowid, bm25 (episodes_fts, 5.0, 1.0, 1.0) AS rank FROM episodes_fts"
                 "      WHERE episodes_fts MATCH ?1) f ON f.rowid = e.id"
                 " ORDER BY f.rank, e.published DESC LIMIT 1000",
                 LW_TYPE_EPISODE, text, error);
}

/**
 * lw_library_search_shows:
 * @self: a library
 * @text: what the user typed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): #LwShow items whose title, author or
 *   description hold every word of @text, best first
 */
GListModel *
lw_library_search_shows (LwLibrary   *self,
                         const char  *text,
                         GError     **error)
{
  g_return_val_if_fail (LW_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return search (self,
                 "SELECT " LW_SHOW_COLUMNS " FROM shows s"
                 " JOIN (SELECT rowid, bm25 (shows_fts, 10.0, 3.0, 1.0) AS rank FROM shows_fts"
                 "       WHERE shows_fts MATCH ?1) f ON f.rowid = s.id"
                 " ORDER BY f.rank",
                 LW_TYPE_SHOW, text, error);
}
