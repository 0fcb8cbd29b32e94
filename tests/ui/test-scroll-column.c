/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-scroll-column"

#include "config.h"

#include <adwaita.h>

#include "lw-ui-test.h"
#include "ui/lw-scroll-column.h"

/* LwScrollColumn in a GtkScrolledWindow, under Xvfb: a page of wrapping text and a
 * button at its end, scrolled by its adjustment and by the focus. */

typedef struct
{
  GtkWindow      *window;
  GtkWidget      *scrolled;
  LwScrollColumn *column;
  GtkWidget      *box;
  GtkWidget      *top;
  GtkWidget      *label;
  GtkWidget      *button;
} Page;

static gboolean
allocated (gpointer data)
{
  Page *page = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page->scrolled));

  return gtk_widget_get_mapped (page->button) &&
         gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment);
}

static void
page_new (Page *page)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (text, "Words that wrap, sentence %u of a long page. ", i);

  page->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (page->window, 400, 300);
  page->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (page->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  page->column = LW_SCROLL_COLUMN (lw_scroll_column_new ());
  page->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  page->label = gtk_label_new (text->str);
  gtk_label_set_wrap (GTK_LABEL (page->label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (page->label), 10);
  page->button = gtk_button_new_with_label ("At the End");
  /* Focused first, as the window shows. */
  page->top = gtk_button_new_with_label ("At the Top");
  gtk_box_append (GTK_BOX (page->box), page->top);
  gtk_box_append (GTK_BOX (page->box), page->label);
  gtk_box_append (GTK_BOX (page->box), page->button);
  lw_scroll_column_set_child (page->column, page->box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (page->scrolled), GTK_WIDGET (page->column));
  adw_window_set_content (ADW_WINDOW (page->window), page->scrolled);
  gtk_window_present (page->window);
  wait_for (allocated, page, "the page to be laid out");
}

/* Where @widget is drawn, in the scrolled window's coordinates. */
static double
top_of (Page      *page,
        GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, page->scrolled, &bounds));
  return bounds.origin.y;
}

static gboolean
scrolled_to (gpointer data)
{
  Page *page = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page->scrolled));

  return G_APPROX_VALUE (top_of (page, page->box), -gtk_adjustment_get_value (adjustment), 0.5);
}

static void
test_scroll (void)
{
  Page page;
  GtkAdjustment *adjustment;
  int width;
  int height;

  page_new (&page);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page.scrolled));
  g_assert_true (lw_scroll_column_get_child (page.column) == page.box);

  /* The whole page is the range; the column shows a page of it, as wide as it is. */
  width = gtk_widget_get_width (GTK_WIDGET (page.column));
  height = gtk_widget_get_height (page.box);
  g_assert_cmpint (gtk_widget_get_width (page.box), ==, width);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, height);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adjustment), ==, gtk_widget_get_height (GTK_WIDGET (page.column)));
  g_assert_cmpint (height, >, 3 * gtk_widget_get_height (GTK_WIDGET (page.column)));
  g_assert_cmpfloat (top_of (&page, page.box), ==, 0);

  /* Moved by its adjustment, and kept within it. */
  gtk_adjustment_set_value (adjustment, 200);
  wait_for (scrolled_to, &page, "the page to move up 200 px");
  g_assert_cmpfloat (top_of (&page, page.box), ==, -200);
  gtk_adjustment_set_value (adjustment, 1e6);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  wait_for (scrolled_to, &page, "the page to move to its end");

  /* Reached with the keyboard, a widget out of sight comes into view. */
  gtk_adjustment_set_value (adjustment, 0);
  wait_for (scrolled_to, &page, "the page back at its top");
  g_assert_true (gtk_widget_grab_focus (page.top));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_true (gtk_widget_grab_focus (page.button));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  wait_for (scrolled_to, &page, "the page at its button");
  g_assert_cmpfloat (top_of (&page, page.button), >=, 0);
  g_assert_cmpfloat (top_of (&page, page.button) + gtk_widget_get_height (page.button), <=,
                     gtk_widget_get_height (page.scrolled));

  /* A narrower window: the text wraps longer; the value stays in range. */
  gtk_window_set_default_size (page.window, 300, 300);
  wait_ms (300);
  g_assert_cmpint (gtk_widget_get_height (page.box), >, height);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, gtk_widget_get_height (page.box));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <=,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  gtk_window_destroy (page.window);
}

/* Its width never depends on a height (GtkViewport's did, and wrapping labels then
 * searched for theirs), and it asks nothing for a height for no width. */
static void
test_measure (void)
{
  Page page;
  int min, nat, for_height_min, for_height_nat;

  page_new (&page);

  gtk_widget_measure (GTK_WIDGET (page.column), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (page.column), GTK_ORIENTATION_HORIZONTAL, 40, &for_height_min, &for_height_nat, NULL, NULL);
  g_assert_cmpint (min, >, 0);
  g_assert_cmpint (for_height_min, ==, min);
  g_assert_cmpint (for_height_nat, ==, nat);
  /* The label alone, asked for its width at that height, would want far more. */
  gtk_widget_measure (page.box, GTK_ORIENTATION_HORIZONTAL, 40, &for_height_min, NULL, NULL, NULL);
  g_assert_cmpint (for_height_min, >, min);

  gtk_widget_measure (GTK_WIDGET (page.column), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 0);
  g_assert_cmpint (nat, ==, 0);
  gtk_widget_measure (GTK_WIDGET (page.column), GTK_ORIENTATION_VERTICAL, 300, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, >, 300);

  gtk_window_destroy (page.window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/scroll-column/scroll", test_scroll);
  g_test_add_func ("/ui/scroll-column/measure", test_measure);

  return g_test_run ();
}
