/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-show-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-show-grid.h"
#include "lw-show-tile.h"

struct _LwShowGrid
{
  GtkWidget           parent_instance;

  char               *sort;
  char               *needle;         /* normalised and case-folded filter text */
  GHashTable         *hidden;         /* show ids */
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GListStore         *places;         /* LwShowPlace: what the grid shows */
  guint               pending_from;   /* the first place that may be behind sort_model */
  GtkCustomFilter    *filter;
  GdkFrameClock      *frame_clock;
  gulong              after_paint_id;
  guint               let_in_id;      /* tick callback on grid_view */
  guint               fit_id;         /* tick callback on grid_view */
  gboolean            painted;        /* the first frame is behind us */

  GtkSearchBar       *search_bar;
  GtkSearchEntry     *filter_entry;
  GtkStack           *stack;
  GtkGridView        *grid_view;
  GtkWidget          *no_results_page;
};

G_DEFINE_FINAL_TYPE (LwShowGrid, lw_show_grid, GTK_TYPE_WIDGET)

/* A place in the grid, and the show it holds now. GTK 4.8's grid makes a tile for
 * every item that comes into it and destroys the tile of every item that goes (about
 * 0.5 and 0.1 ms each here), and keeps tiles for 30 rows around the view: sorting
 * or filtering 1,000 shows rebuilt them all at once (75–170 ms). Its items are
 * places instead, which stay: a new order gives their tiles other shows, a few rows
 * per frame, and only a change in the number of shows makes or drops tiles. */
#define LW_TYPE_SHOW_PLACE (lw_show_place_get_type ())
G_DECLARE_FINAL_TYPE (LwShowPlace, lw_show_place, LW, SHOW_PLACE, GObject)

struct _LwShowPlace
{
  GObject     parent_instance;

  LwShow     *show;
  LwShowTile *tile;   /* (nullable) the tile bound to it */
};

G_DEFINE_FINAL_TYPE (LwShowPlace, lw_show_place, G_TYPE_OBJECT)

static void
lw_show_place_finalize (GObject *object)
{
  g_clear_object (&LW_SHOW_PLACE (object)->show);

  G_OBJECT_CLASS (lw_show_place_parent_class)->finalize (object);
}

static void
lw_show_place_class_init (LwShowPlaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lw_show_place_finalize;
}

static void
lw_show_place_init (LwShowPlace *self)
{
}

/* Returns whether a tile shows it. */
static gboolean
lw_show_place_set_show (LwShowPlace *self,
                        LwShow      *show)
{
  if (!g_set_object (&self->show, show))
    return FALSE;

  if (self->tile != NULL)
    {
      lw_show_tile_set_show (self->tile, show);
      gtk_widget_set_visible (GTK_WIDGET (self->tile), show != NULL);
    }

  return self->tile != NULL;
}

enum {
  PROP_0,
  PROP_SHOWS,
  PROP_SORT,
  PROP_SEARCH_MODE,
  PROP_FILTER_TEXT,
  N_PROPS
};

enum {
  SHOW_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
fold (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return NULL;

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  return normalized ? g_utf8_casefold (normalized, -1) : NULL;
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = fold (haystack);

  return folded != NULL && strstr (folded, needle) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  LwShowGrid *self = user_data;
  LwShow *show = item;

  if (g_hash_table_contains (self->hidden, &(gint64) { lw_show_get_id (show) }))
    return FALSE;

  if (self->needle == NULL || self->needle[0] == '\0')
    return TRUE;

  return contains_folded (lw_show_get_title (show), self->needle) ||
         contains_folded (lw_show_get_author (show), self->needle);
}

/* Newest episode first; shows with the same date (or none) by title. */
static int
compare_recent (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  gint64 date_a = lw_show_get_latest_published ((LwShow *) a);
  gint64 date_b = lw_show_get_latest_published ((LwShow *) b);

  if (date_a != date_b)
    return date_a > date_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  return lw_show_compare_title ((LwShow *) a, (LwShow *) b);
}

static void
update_stack (LwShowGrid *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) == 0;

  if (empty)
    gtk_widget_set_visible (self->no_results_page, TRUE);
  gtk_stack_set_visible_child_name (self->stack, empty ? "no-results" : "grid");
}

static void
on_filter_changed (LwShowGrid *self)
{
  lw_show_grid_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

/* Enter in the filter opens the first show that matches. */
static void
on_filter_activate (LwShowGrid *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) > 0)
    lw_show_grid_activate (self, 0);
}

static void
on_grid_activate (LwShowGrid *self,
                  guint       position)
{
  /* The place's show: it may be a frame behind sort_model's. */
  g_autoptr(LwShowPlace) place = g_list_model_get_item (G_LIST_MODEL (self->places), position);

  if (place != NULL && place->show != NULL)
    g_signal_emit (self, signals[SHOW_ACTIVATED], 0, place->show);
}

/* Before the first frame, the grid holds only the tiles a screen shows: GTK 4.8's grid
 * builds up to 30 rows of tiles around the view at once, and for 200 shows that would
 * be most of the start-up time. The rest follow right after the first frame. Until
 * then, how many fit is guessed from the window's size, on the generous side: a
 * column is at least 179 px, a row at least 200 px (a one-line title), beside a
 * sidebar of at least 220 px unless the window is narrow enough to fold it away, and
 * under a 47 px header bar. */
#define FIRST_FRAME_TILES 60
#define TILE_WIDTH 170
#define TILE_HEIGHT 200
#define SIDEBAR_WIDTH 220
#define FOLDED_WIDTH 600
#define HEADER_HEIGHT 47

static guint
tiles_that_fit (LwShowGrid *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width = -1;
  int height = -1;
  int columns;
  int rows;

  /* Maximized, the window is the screen's size, not its default one. */
  if (GTK_IS_WINDOW (root) && !gtk_window_is_maximized (GTK_WINDOW (root)))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  if (width <= 0 || height <= 0)
    return FIRST_FRAME_TILES;

  if (width >= FOLDED_WIDTH)
    width -= SIDEBAR_WIDTH;
  columns = MAX (2, width / TILE_WIDTH);
  rows = MAX (0, height - HEADER_HEIGHT) / TILE_HEIGHT + 1;

  return CLAMP (columns * rows, 2, FIRST_FRAME_TILES);
}

/* Shows in a new order or number come into the places a few tiles per frame
 * (about 0.5 ms each with the frame's layout), from the top. Places without a tile
 * cost nothing; new places get tiles while they are within the 30 rows GTK 4.8's
 * grid keeps, and past those they all come at once. */
#define TILES_PER_FRAME 12
#define GRID_VIEW_ROWS 32   /* GTK_GRID_VIEW_MAX_VISIBLE_ROWS, and a row each side */
/* A tile made, not given a new show, also has its style worked out for each of its
 * widgets in that frame: 12 new tiles held it for 20–24 ms after the first frame
 * with 1,000 shows (bench/bench-show-grid.sh), so they count twice. */
#define NEW_TILE_COST 2

/* One step of the places towards sort_model, giving or making at most @budget
 * tiles. Returns whether they hold sort_model now. */
static gboolean
follow_sorted (LwShowGrid *self,
               guint       budget)
{
  GListModel *sorted = G_LIST_MODEL (self->sort_model);
  GListModel *places = G_LIST_MODEL (self->places);
  guint n_sorted = g_list_model_get_n_items (sorted);
  guint n_places = g_list_model_get_n_items (places);
  guint range = GRID_VIEW_ROWS * gtk_grid_view_get_max_columns (self->grid_view);
  guint spent = 0;
  guint n_new;
  g_autoptr(GPtrArray) added = NULL;

  for (guint i = self->pending_from; i < MIN (n_sorted, n_places); i++)
    {
      g_autoptr(LwShowPlace) place = g_list_model_get_item (places, i);
      g_autoptr(LwShow) show = g_list_model_get_item (sorted, i);

      if (lw_show_place_set_show (place, show) && ++spent >= budget)
        {
          self->pending_from = i + 1;
          return FALSE;
        }
    }

  /* Fewer shows: the places past them go, from the end, as many tiles a frame as
   * come in (a tile goes for about 0.1 ms); those that wait are hidden meanwhile. */
  if (n_places > n_sorted)
    {
      guint cut = n_places;

      /* Hidden, not emptied: unbinding empties the tiles that go. */
      for (guint i = n_sorted; i < n_places; i++)
        {
          g_autoptr(LwShowPlace) place = g_list_model_get_item (places, i);

          g_clear_object (&place->show);
          if (place->tile != NULL)
            gtk_widget_set_visible (GTK_WIDGET (place->tile), FALSE);
        }

      while (cut > n_sorted)
        {
          g_autoptr(LwShowPlace) place = g_list_model_get_item (places, cut - 1);

          if (place->tile != NULL && spent++ >= budget)
            break;
          cut--;
        }

      g_list_store_splice (self->places, cut, n_places - cut, NULL, 0);
      if (cut > n_sorted)
        {
          self->pending_from = n_sorted;
          return FALSE;
        }
      n_places = n_sorted;
    }

  /* More: new places, a few at a time while they get tiles. */
  n_new = n_sorted - n_places;
  if (n_places < range)
    n_new = MIN (n_new, (budget - spent) / NEW_TILE_COST);
  added = g_ptr_array_new_full (n_new, g_object_unref);
  for (guint i = 0; i < n_new; i++)
    {
      LwShowPlace *place = g_object_new (LW_TYPE_SHOW_PLACE, NULL);

      place->show = g_list_model_get_item (sorted, n_places + i);
      g_ptr_array_add (added, place);
    }
  g_list_store_splice (self->places, n_places, 0, added->pdata, n_new);

  self->pending_from = n_places + n_new;

  return n_places + n_new == n_sorted;
}

static gboolean
let_in_more (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       user_data)
{
  LwShowGrid *self = user_data;

  if (follow_sorted (self, TILES_PER_FRAME))
    {
      self->let_in_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
start_letting_in (LwShowGrid *self)
{
  if (self->let_in_id == 0)
    self->let_in_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->grid_view), let_in_more, self, NULL);
}

static void
stop_letting_in (LwShowGrid *self)
{
  if (self->let_in_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->grid_view), self->let_in_id);
  self->let_in_id = 0;
}

/* The places follow from the next frame (from map when the grid is not shown; the
 * first frame gets what a screen shows in map). */
static void
on_sorted_changed (LwShowGrid *self,
                   guint       position)
{
  self->pending_from = MIN (self->pending_from, position);

  if (self->painted && gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_letting_in (self);
}

/* GTK 4.8's grid keeps tiles for 30 rows of max-columns, however many columns fit:
 * with max-columns at 12 and 4 columns shown, that is 96 rows of tiles. So
 * max-columns follows what fits, and the grid keeps 30 rows of what it shows. It
 * is the grid's own sum (its width over a tile's minimum width: its scroll policy is
 * GTK_SCROLL_MINIMUM), so the columns do not change; when the grid gets wider, the
 * next frame adds columns. */
#define MIN_COLUMNS 2
#define MAX_COLUMNS 12

static gboolean
fit_max_columns (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  LwShowGrid *self = user_data;
  GtkWidget *tile = gtk_widget_get_first_child (widget);
  int width = gtk_widget_get_width (widget);
  int tile_width = 0;
  guint columns;

  self->fit_id = 0;

  if (tile == NULL || width <= 0)
    return G_SOURCE_REMOVE;

  gtk_widget_measure (tile, GTK_ORIENTATION_HORIZONTAL, -1, &tile_width, NULL, NULL, NULL);
  if (tile_width <= 0)
    return G_SOURCE_REMOVE;

  columns = CLAMP ((guint) (width / tile_width), MIN_COLUMNS, MAX_COLUMNS);
  if (columns != gtk_grid_view_get_max_columns (self->grid_view))
    gtk_grid_view_set_max_columns (self->grid_view, columns);

  return G_SOURCE_REMOVE;
}

/* The grid was given its width (the horizontal adjustment's page): fit the
 * columns at the next frame, not within its allocation. */
static void
on_width_changed (LwShowGrid *self)
{
  if (self->fit_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self->grid_view)))
    self->fit_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->grid_view), fit_max_columns, self, NULL);
}

static void
on_first_paint (LwShowGrid *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  self->painted = TRUE;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_letting_in (self);
}

static void
lw_show_grid_map (GtkWidget *widget)
{
  LwShowGrid *self = LW_SHOW_GRID (widget);

  GTK_WIDGET_CLASS (lw_show_grid_parent_class)->map (widget);

  if (self->painted)
    {
      start_letting_in (self);
      return;
    }

  if (self->frame_clock != NULL)
    return;

  /* The first frame: only the tiles a screen shows. */
  follow_sorted (self, tiles_that_fit (self));
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id = g_signal_connect_swapped (self->frame_clock, "after-paint",
                                                   G_CALLBACK (on_first_paint), self);
}

static void
lw_show_grid_unmap (GtkWidget *widget)
{
  LwShowGrid *self = LW_SHOW_GRID (widget);

  stop_letting_in (self);
  if (self->fit_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->grid_view), self->fit_id);
  self->fit_id = 0;

  GTK_WIDGET_CLASS (lw_show_grid_parent_class)->unmap (widget);
}

static void
setup_tile (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, lw_show_tile_new ());
}

static void
bind_tile (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  LwShowPlace *place = gtk_list_item_get_item (list_item);

  place->tile = LW_SHOW_TILE (gtk_list_item_get_child (list_item));
  lw_show_tile_set_show (place->tile, place->show);
  gtk_widget_set_visible (GTK_WIDGET (place->tile), place->show != NULL);
}

static void
unbind_tile (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  LwShowPlace *place = gtk_list_item_get_item (list_item);

  lw_show_tile_set_show (LW_SHOW_TILE (gtk_list_item_get_child (list_item)), NULL);
  if (place != NULL)
    place->tile = NULL;
}

static void
lw_show_grid_dispose (GObject *object)
{
  LwShowGrid *self = (LwShowGrid *)object;

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  if (self->grid_view != NULL)
    stop_letting_in (self);
  if (self->grid_view != NULL && self->fit_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->grid_view), self->fit_id);
  self->fit_id = 0;

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_SHOW_GRID);
  g_clear_object (&self->places);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (lw_show_grid_parent_class)->dispose (object);
}

static void
lw_show_grid_finalize (GObject *object)
{
  LwShowGrid *self = (LwShowGrid *)object;

  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_free (self->sort);
  g_free (self->needle);

  G_OBJECT_CLASS (lw_show_grid_parent_class)->finalize (object);
}

static void
lw_show_grid_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LwShowGrid *self = LW_SHOW_GRID (object);

  switch (prop_id)
    {
    case PROP_SHOWS:
      g_value_set_object (value, gtk_filter_list_model_get_model (self->filter_model));
      break;

    case PROP_SORT:
      g_value_set_string (value, self->sort);
      break;

    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;

    case PROP_FILTER_TEXT:
      g_value_set_string (value, lw_show_grid_get_filter_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_show_grid_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LwShowGrid *self = LW_SHOW_GRID (object);

  switch (prop_id)
    {
    case PROP_SHOWS:
      lw_show_grid_set_shows (self, g_value_get_object (value));
      break;

    case PROP_SORT:
      lw_show_grid_set_sort (self, g_value_get_string (value));
      break;

    case PROP_SEARCH_MODE:
      gtk_search_bar_set_search_mode (self->search_bar, g_value_get_boolean (value));
      break;

    case PROP_FILTER_TEXT:
      lw_show_grid_set_filter_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_search_mode_changed (LwShowGrid *self)
{
  /* Closing the bar drops the filter, as in Files and Software, and the focus goes
   * back to the shows rather than stay in a hidden entry. */
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_bar)))
        gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

/* A printable key on the grid opens the filter with it. Not
 * gtk_search_bar_set_key_capture_widget(): in GTK 4.8 that stops working for good
 * once the bar has been opened and closed. Space and the arrows are not printable
 * here: they stay the player's and the grid's. */
static gboolean
on_key_pressed (LwShowGrid            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  g_autofree char *text = NULL;
  char typed[8] = { 0 };

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      c == 0 || !g_unichar_isgraph (c))
    return GDK_EVENT_PROPAGATE;

  /* Typing in the filter (or any entry) is its own business. */
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_bar))))
    return GDK_EVENT_PROPAGATE;

  g_unichar_to_utf8 (c, typed);
  text = g_strconcat (gtk_search_bar_get_search_mode (self->search_bar) ?
                      gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)) : "",
                      typed, NULL);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text);
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->filter_entry), -1);

  return GDK_EVENT_STOP;
}

static void
lw_show_grid_class_init (LwShowGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_show_grid_dispose;
  object_class->finalize = lw_show_grid_finalize;
  object_class->get_property = lw_show_grid_get_property;
  object_class->set_property = lw_show_grid_set_property;

  widget_class->map = lw_show_grid_map;
  widget_class->unmap = lw_show_grid_unmap;

  properties[PROP_SHOWS] =
    g_param_spec_object ("shows", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL,
                         "title",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILTER_TEXT] =
    g_param_spec_string ("filter-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SHOW_ACTIVATED] =
    g_signal_new ("show-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LW_TYPE_SHOW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-show-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, LwShowGrid, search_bar);
  gtk_widget_class_bind_template_child (widget_class, LwShowGrid, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LwShowGrid, stack);
  gtk_widget_class_bind_template_child (widget_class, LwShowGrid, grid_view);
  gtk_widget_class_bind_template_child (widget_class, LwShowGrid, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_activate);

  g_type_ensure (LW_TYPE_SHOW_TILE);
}

static void
lw_show_grid_init (LwShowGrid *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *key;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A signal factory: GtkBuilderListItemFactory parses its XML for every tile. */
  g_signal_connect (factory, "setup", G_CALLBACK (setup_tile), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tile), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_tile), NULL);
  gtk_grid_view_set_factory (self->grid_view, factory);

  self->sort = g_strdup ("title");
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  /* The library's list is already by title: no sorter is the cheapest title sort. */
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)), NULL);
  self->places = g_list_store_new (LW_TYPE_SHOW_PLACE);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->places)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->sort_model, "items-changed",
                           G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_model, "items-changed",
                           G_CALLBACK (on_sorted_changed), self, G_CONNECT_SWAPPED);
  if (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid_view)) != NULL)
    g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid_view)), "changed",
                             G_CALLBACK (on_width_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->filter_entry));
  /* Typing anywhere on the grid starts filtering. */
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (on_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}

GtkWidget *
lw_show_grid_new (void)
{
  return g_object_new (LW_TYPE_SHOW_GRID, NULL);
}

void
lw_show_grid_set_shows (LwShowGrid *self,
                        GListModel *shows)
{
  g_return_if_fail (LW_IS_SHOW_GRID (self));
  g_return_if_fail (!shows || G_IS_LIST_MODEL (shows));

  if (gtk_filter_list_model_get_model (self->filter_model) == shows)
    return;

  gtk_filter_list_model_set_model (self->filter_model, shows);
  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWS]);
}

const char *
lw_show_grid_get_sort (LwShowGrid *self)
{
  g_return_val_if_fail (LW_IS_SHOW_GRID (self), NULL);

  return self->sort;
}

void
lw_show_grid_set_sort (LwShowGrid *self,
                       const char *sort)
{
  g_autoptr(GtkSorter) sorter = NULL;

  g_return_if_fail (LW_IS_SHOW_GRID (self));

  if (g_strcmp0 (sort, "recent") != 0)
    sort = "title";

  if (g_strcmp0 (self->sort, sort) == 0)
    return;

  g_free (self->sort);
  self->sort = g_strdup (sort);

  if (g_str_equal (sort, "recent"))
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare_recent, NULL, NULL));
  gtk_sort_list_model_set_sorter (self->sort_model, sorter);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

const char *
lw_show_grid_get_filter_text (LwShowGrid *self)
{
  g_return_val_if_fail (LW_IS_SHOW_GRID (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
}

void
lw_show_grid_set_filter_text (LwShowGrid *self,
                              const char *text)
{
  g_autofree char *needle = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (LW_IS_SHOW_GRID (self));

  if (text == NULL)
    text = "";

  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry))))
    {
      /* Filters now; the entry's delayed "search-changed" then finds nothing to do. */
      gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text);
      if (text[0] != '\0')
        gtk_search_bar_set_search_mode (self->search_bar, TRUE);
    }

  needle = fold (g_strstrip (g_strdup (text)));
  if (g_strcmp0 (needle, self->needle) == 0)
    return;

  /* Typing on narrows the set: only what matched before is looked at again. */
  if (self->needle != NULL && needle != NULL && strstr (needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->needle != NULL && needle != NULL && strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  gtk_filter_changed (GTK_FILTER (self->filter), change);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
}

void
lw_show_grid_set_hidden (LwShowGrid *self,
                         gint64      show_id,
                         gboolean    hidden)
{
  g_return_if_fail (LW_IS_SHOW_GRID (self));

  if (hidden)
    {
      if (!g_hash_table_add (self->hidden, g_memdup2 (&show_id, sizeof show_id)))
        return;
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);
    }
  else if (g_hash_table_remove (self->hidden, &show_id))
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
}

GListModel *
lw_show_grid_get_model (LwShowGrid *self)
{
  g_return_val_if_fail (LW_IS_SHOW_GRID (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

void
lw_show_grid_activate (LwShowGrid *self,
                       guint       position)
{
  g_autoptr(LwShow) show = NULL;

  g_return_if_fail (LW_IS_SHOW_GRID (self));

  show = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  if (show != NULL)
    g_signal_emit (self, signals[SHOW_ACTIVATED], 0, show);
}
