/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-search-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-episode-row.h"
#include "lw-search-page.h"
#include "lw-show-row.h"

/* Past this many episodes a search is too vague to read through: the best ones do. */
#define MAX_EPISODES 300

struct _LwSearchPage
{
  GtkWidget           parent_instance;

  LwLibrary          *library;
  GListStore         *results;
  GtkSingleSelection *selection;

  AdwHeaderBar       *header_bar;
  GtkWidget          *back_button;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *results_list;
};

G_DEFINE_FINAL_TYPE (LwSearchPage, lw_search_page, GTK_TYPE_WIDGET)

enum {
  EPISODE_ACTIVATED,
  SHOW_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64     show_id;
  GPtrArray *episodes;
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_ptr_array_unref (group->episodes);
  g_free (group);
}

static void
add_heading (GPtrArray  *items,
             const char *text)
{
  g_ptr_array_add (items, gtk_string_object_new (text));
}

static void
run_search (LwSearchPage *self,
            const char   *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr(GHashTable) by_show = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GListModel) shows = NULL;
  g_autoptr(GListModel) episodes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text ?: ""));
  guint n;

  if (self->library == NULL || stripped[0] == '\0')
    {
      g_list_store_remove_all (self->results);
      gtk_stack_set_visible_child_name (self->stack, "start");
      return;
    }

  shows = lw_library_search_shows (self->library, stripped, &error);
  if (shows != NULL && (n = g_list_model_get_n_items (shows)) > 0)
    {
      add_heading (items, _("Shows"));
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, g_list_model_get_item (shows, i));
    }
  g_clear_error (&error);

  /* Results come best first: each show's group goes where its best episode ranks. */
  episodes = lw_library_search (self->library, stripped, &error);
  n = episodes ? MIN (g_list_model_get_n_items (episodes), MAX_EPISODES) : 0;
  for (guint i = 0; i < n; i++)
    {
      LwEpisode *episode = g_list_model_get_item (episodes, i);
      gint64 show_id = lw_episode_get_show_id (episode);
      Group *group = g_hash_table_lookup (by_show, &show_id);

      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->show_id = show_id;
          group->episodes = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_show, &group->show_id, group);
        }
      g_ptr_array_add (group->episodes, episode);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      g_autoptr(LwShow) show = lw_library_lookup_show (self->library, group->show_id);

      add_heading (items, show && lw_show_get_title (show) ? lw_show_get_title (show) : _("Unknown Show"));
      for (guint j = 0; j < group->episodes->len; j++)
        g_ptr_array_add (items, g_object_ref (g_ptr_array_index (group->episodes, j)));
    }

  if (error != NULL)
    g_debug ("Search for “%s” failed: %s", stripped, error->message);

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "results" : "none");
}

static void
on_search_changed (LwSearchPage *self)
{
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_activate (LwSearchPage *self)
{
  GListModel *model = G_LIST_MODEL (self->results);

  /* Enter opens the best result (the first that is not a heading). */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (!GTK_IS_STRING_OBJECT (item))
        {
          lw_search_page_activate (self, i);
          return;
        }
    }
}

static void
on_results_activate (LwSearchPage *self,
                     guint         position)
{
  lw_search_page_activate (self, position);
}

/* One row widget serves all three kinds of item; the list recycles it. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "search-heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), lw_show_row_new ());
  gtk_box_append (GTK_BOX (box), lw_episode_row_new ());
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *heading = gtk_widget_get_first_child (box);
  GtkWidget *show_row = gtk_widget_get_next_sibling (heading);
  GtkWidget *episode_row = gtk_widget_get_next_sibling (show_row);
  GObject *item = gtk_list_item_get_item (list_item);
  gboolean is_heading = GTK_IS_STRING_OBJECT (item);

  gtk_widget_set_visible (heading, is_heading);
  gtk_widget_set_visible (show_row, LW_IS_SHOW (item));
  gtk_widget_set_visible (episode_row, LW_IS_EPISODE (item));

  gtk_label_set_label (GTK_LABEL (heading), is_heading ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : "");
  lw_show_row_set_show (LW_SHOW_ROW (show_row), LW_IS_SHOW (item) ? LW_SHOW (item) : NULL);
  lw_episode_row_set_episode (LW_EPISODE_ROW (episode_row), LW_IS_EPISODE (item) ? LW_EPISODE (item) : NULL);

  gtk_list_item_set_activatable (list_item, !is_heading);
  gtk_list_item_set_selectable (list_item, !is_heading);
  if (is_heading)
    gtk_widget_add_css_class (box, "heading-row");
  else
    gtk_widget_remove_css_class (box, "heading-row");
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *heading = gtk_widget_get_first_child (box);
  GtkWidget *show_row = gtk_widget_get_next_sibling (heading);
  GtkWidget *episode_row = gtk_widget_get_next_sibling (show_row);

  lw_show_row_set_show (LW_SHOW_ROW (show_row), NULL);
  lw_episode_row_set_episode (LW_EPISODE_ROW (episode_row), NULL);
}

static void
lw_search_page_dispose (GObject *object)
{
  LwSearchPage *self = (LwSearchPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_SEARCH_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (lw_search_page_parent_class)->dispose (object);
}

static void
lw_search_page_class_init (LwSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_search_page_dispose;

  signals[EPISODE_ACTIVATED] =
    g_signal_new ("episode-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LW_TYPE_EPISODE);
  signals[SHOW_ACTIVATED] =
    g_signal_new ("show-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LW_TYPE_SHOW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwSearchPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LwSearchPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, LwSearchPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LwSearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LwSearchPage, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_results_activate);
}

static void
lw_search_page_init (LwSearchPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (G_TYPE_OBJECT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->results_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->results_list, factory);
}

GtkWidget *
lw_search_page_new (void)
{
  return g_object_new (LW_TYPE_SEARCH_PAGE, NULL);
}

void
lw_search_page_set_library (LwSearchPage *self,
                            LwLibrary    *library)
{
  g_return_if_fail (LW_IS_SEARCH_PAGE (self));
  g_return_if_fail (!library || LW_IS_LIBRARY (library));

  if (g_set_object (&self->library, library))
    run_search (self, lw_search_page_get_text (self));
}

AdwHeaderBar *
lw_search_page_get_header_bar (LwSearchPage *self)
{
  g_return_val_if_fail (LW_IS_SEARCH_PAGE (self), NULL);

  return self->header_bar;
}

const char *
lw_search_page_get_text (LwSearchPage *self)
{
  g_return_val_if_fail (LW_IS_SEARCH_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
lw_search_page_set_text (LwSearchPage *self,
                         const char   *text)
{
  g_return_if_fail (LW_IS_SEARCH_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ?: "");
  run_search (self, text);
}

void
lw_search_page_focus_entry (LwSearchPage *self)
{
  g_return_if_fail (LW_IS_SEARCH_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GListModel *
lw_search_page_get_results (LwSearchPage *self)
{
  g_return_val_if_fail (LW_IS_SEARCH_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

void
lw_search_page_activate (LwSearchPage *self,
                         guint         position)
{
  g_autoptr(GObject) item = NULL;

  g_return_if_fail (LW_IS_SEARCH_PAGE (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  if (LW_IS_EPISODE (item))
    {
      gtk_single_selection_set_selected (self->selection, position);
      g_signal_emit (self, signals[EPISODE_ACTIVATED], 0, item);
    }
  else if (LW_IS_SHOW (item))
    g_signal_emit (self, signals[SHOW_ACTIVATED], 0, item);
}
