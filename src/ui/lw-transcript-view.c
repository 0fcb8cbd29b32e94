/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-transcript-view"

#include "config.h"

#include <glib/gi18n.h>

#include "core/lw-format.h"
#include "core/lw-transcript.h"
#include "lw-transcript-view.h"

/* One cue as a list item: the view's model needs objects. */
#define LW_TYPE_CUE_ITEM (lw_cue_item_get_type ())
G_DECLARE_FINAL_TYPE (LwCueItem, lw_cue_item, LW, CUE_ITEM, GObject)

struct _LwCueItem
{
  GObject          parent_instance;

  GPtrArray       *cues;  /* keeps @cue alive */
  LwTranscriptCue *cue;
};

G_DEFINE_FINAL_TYPE (LwCueItem, lw_cue_item, G_TYPE_OBJECT)

static void
lw_cue_item_finalize (GObject *object)
{
  LwCueItem *self = (LwCueItem *) object;

  g_clear_pointer (&self->cues, g_ptr_array_unref);

  G_OBJECT_CLASS (lw_cue_item_parent_class)->finalize (object);
}

static void
lw_cue_item_class_init (LwCueItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lw_cue_item_finalize;
}

static void
lw_cue_item_init (LwCueItem *self)
{
}

struct _LwTranscriptView
{
  GtkWidget           parent_instance;

  GPtrArray          *cues;
  GListStore         *store;
  GtkSingleSelection *selection;
  gint64              position;
  int                 current;

  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkLabel           *error_label;
  GtkButton          *retry_button;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (LwTranscriptView, lw_transcript_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_CURRENT,
  N_PROPS
};

enum {
  SEEK,
  RETRY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           LwTranscriptView         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *speaker = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_widget_set_valign (time, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (time), 1);
  gtk_label_set_width_chars (GTK_LABEL (time), 5);
  gtk_widget_add_css_class (time, "caption");
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (speaker), 0);
  gtk_label_set_ellipsize (GTK_LABEL (speaker), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (speaker, "caption-heading");

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  /* Its narrowest: without it, GTK 4.8 lays the cue out a character a line to find
   * that, for every row the list measures. */
  gtk_label_set_width_chars (GTK_LABEL (text), 20);
  gtk_widget_set_hexpand (text, TRUE);

  gtk_box_append (GTK_BOX (text_box), speaker);
  gtk_box_append (GTK_BOX (text_box), text);
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), text_box);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  g_object_set_data (G_OBJECT (box), "time", time);
  g_object_set_data (G_OBJECT (box), "speaker", speaker);
  g_object_set_data (G_OBJECT (box), "text", text);

  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          LwTranscriptView         *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  LwCueItem *item = gtk_list_item_get_item (list_item);
  LwTranscriptCue *cue = item->cue;
  g_autofree char *time = cue->start_ms >= 0 ? lw_transcript_format_timestamp (cue->start_ms) : NULL;
  g_autofree char *label = NULL;
  GtkWidget *time_label = g_object_get_data (G_OBJECT (box), "time");
  GtkWidget *speaker_label = g_object_get_data (G_OBJECT (box), "speaker");

  gtk_label_set_label (GTK_LABEL (time_label), time ? time : "");
  gtk_widget_set_visible (time_label, time != NULL);
  gtk_label_set_label (GTK_LABEL (speaker_label), cue->speaker ? cue->speaker : "");
  gtk_widget_set_visible (speaker_label, cue->speaker != NULL);
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "text"), cue->text);

  /* Read as one: "1:02, Ada: Hello." */
  if (cue->speaker != NULL)
    /* Translators: a transcript line read aloud: time, speaker, text */
    label = g_strdup_printf (_("%s, %s: %s"), time ? time : "", cue->speaker, cue->text);
  else
    /* Translators: a transcript line read aloud: time, text */
    label = g_strdup_printf (_("%s, %s"), time ? time : "", cue->text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_list_activate (LwTranscriptView *self,
                  guint             position,
                  GtkListView      *list_view)
{
  LwTranscriptCue *cue;

  if (self->cues == NULL || position >= self->cues->len)
    return;

  cue = self->cues->pdata[position];
  if (cue->start_ms >= 0)
    g_signal_emit (self, signals[SEEK], 0, cue->start_ms);
}

static void
on_retry_clicked (LwTranscriptView *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

static void
update_current (LwTranscriptView *self)
{
  int current = -1;

  if (self->cues != NULL && self->position >= 0)
    current = lw_transcript_find_cue (self->cues, self->position);

  if (current == self->current)
    return;

  self->current = current;
  gtk_single_selection_set_selected (self->selection,
                                     current >= 0 ? (guint) current : GTK_INVALID_LIST_POSITION);

  /* Following playback: the current cue comes into view. */
  if (current >= 0 && gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) current);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

/* The height of the cues' rows at @width (-1: unwrapped), rows the list has not
 * made yet counted as the average of those it has. */
static int
measure_rows (LwTranscriptView *self,
              int               width)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_rows = 0;
  int total = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      int height;

      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
      total += height;
      n_rows++;
    }

  if (n_rows > 0 && n_rows < n_items)
    total += (int) ((gint64) total * (n_items - n_rows) / n_rows);

  return total;
}

/* The cues' height at @width, up to the scrolled window's cap, with what the
 * scrolled window adds. The scrolled window asks its list for a height without a
 * width, and GtkListView 4.8 passes no width to its rows either: that is the height
 * of unwrapped lines, and a cue that wraps would be cut. So the rows are asked at
 * the width they will have. */
static int
measure_cues_height (LwTranscriptView *self,
                     int               width)
{
  GtkWidget *scrolled = GTK_WIDGET (self->scrolled_window);
  GtkWidget *list = GTK_WIDGET (self->list_view);
  int cap = gtk_scrolled_window_get_max_content_height (self->scrolled_window);
  int scrolled_width, scrolled_height, unwrapped, wrapped;
  int row_width = 0;

  /* Wrapping only adds lines: a list already at the cap unwrapped stays there. */
  gtk_widget_measure (scrolled, GTK_ORIENTATION_VERTICAL, -1, NULL, &scrolled_height, NULL, NULL);
  gtk_widget_measure (list, GTK_ORIENTATION_VERTICAL, -1, NULL, &unwrapped, NULL, NULL);
  if (cap >= 0 && unwrapped >= cap)
    return scrolled_height;

  /* The rows' width: @width less what the scrolled window and the list add around
   * them (the list is as wide as its widest row's minimum, plus its own sides). */
  gtk_widget_measure (scrolled, GTK_ORIENTATION_HORIZONTAL, -1, &scrolled_width, NULL, NULL, NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      int row_min;

      gtk_widget_measure (row, GTK_ORIENTATION_HORIZONTAL, -1, &row_min, NULL, NULL, NULL);
      row_width = MAX (row_width, row_min);
    }
  row_width = MAX (width - scrolled_width + row_width, row_width);

  wrapped = unwrapped - measure_rows (self, -1) + measure_rows (self, row_width);
  if (cap >= 0)
    wrapped = MIN (wrapped, cap);

  return scrolled_height - unwrapped + wrapped;
}

/* As tall as the page on show wants to be (the cues up to the scrolled window's
 * cap), even where a parent hands out minimum heights: the episode detail's page
 * scrolls, and a scrolled page gives its children their minimum. A scrolled window's
 * minimum is only its min-content-height, which would be a fixed height again. */
static void
lw_transcript_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  LwTranscriptView *self = LW_TRANSCRIPT_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
  if (orientation != GTK_ORIENTATION_VERTICAL)
    return;

  if (for_size >= 0 && gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->scrolled_window))
    *natural = MAX (*minimum, measure_cues_height (self, for_size));
  *minimum = *natural;
}

static GtkSizeRequestMode
lw_transcript_view_get_request_mode (GtkWidget *widget)
{
  /* The error message and the cues wrap. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lw_transcript_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  LwTranscriptView *self = LW_TRANSCRIPT_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
}

static void
lw_transcript_view_dispose (GObject *object)
{
  LwTranscriptView *self = (LwTranscriptView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_TRANSCRIPT_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->cues, g_ptr_array_unref);

  G_OBJECT_CLASS (lw_transcript_view_parent_class)->dispose (object);
}

static void
lw_transcript_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LwTranscriptView *self = LW_TRANSCRIPT_VIEW (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;

    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_transcript_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LwTranscriptView *self = LW_TRANSCRIPT_VIEW (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      lw_transcript_view_set_position (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_transcript_view_class_init (LwTranscriptViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_transcript_view_dispose;
  object_class->get_property = lw_transcript_view_get_property;
  object_class->set_property = lw_transcript_view_set_property;

  widget_class->get_request_mode = lw_transcript_view_get_request_mode;
  widget_class->measure = lw_transcript_view_measure;
  widget_class->size_allocate = lw_transcript_view_size_allocate;

  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEEK] =
    g_signal_new ("seek",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  signals[RETRY] =
    g_signal_new ("retry",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/lw-transcript-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LwTranscriptView, stack);
  gtk_widget_class_bind_template_child (widget_class, LwTranscriptView, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwTranscriptView, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwTranscriptView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, LwTranscriptView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, LwTranscriptView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
}

static void
lw_transcript_view_init (LwTranscriptView *self)
{
  GtkListItemFactory *factory;

  self->position = -1;
  self->current = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (LW_TYPE_CUE_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
}

GtkWidget *
lw_transcript_view_new (void)
{
  return g_object_new (LW_TYPE_TRANSCRIPT_VIEW, NULL);
}

void
lw_transcript_view_set_cues (LwTranscriptView *self,
                             GPtrArray        *cues)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (LW_IS_TRANSCRIPT_VIEW (self));
  g_return_if_fail (cues != NULL);

  gtk_spinner_stop (self->spinner);
  g_clear_pointer (&self->cues, g_ptr_array_unref);
  self->cues = g_ptr_array_ref (cues);

  items = g_ptr_array_new_full (cues->len, g_object_unref);
  for (guint i = 0; i < cues->len; i++)
    {
      LwCueItem *item = g_object_new (LW_TYPE_CUE_ITEM, NULL);

      item->cues = g_ptr_array_ref (cues);
      item->cue = cues->pdata[i];
      g_ptr_array_add (items, item);
    }

  /* One splice, one items-changed. */
  self->current = -1;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->stack, "cues");
  update_current (self);
}

void
lw_transcript_view_set_loading (LwTranscriptView *self)
{
  g_return_if_fail (LW_IS_TRANSCRIPT_VIEW (self));

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

void
lw_transcript_view_set_error (LwTranscriptView *self,
                              const char       *message)
{
  g_return_if_fail (LW_IS_TRANSCRIPT_VIEW (self));

  gtk_spinner_stop (self->spinner);
  gtk_label_set_label (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

gint64
lw_transcript_view_get_position (LwTranscriptView *self)
{
  g_return_val_if_fail (LW_IS_TRANSCRIPT_VIEW (self), -1);

  return self->position;
}

void
lw_transcript_view_set_position (LwTranscriptView *self,
                                 gint64            position_ms)
{
  g_return_if_fail (LW_IS_TRANSCRIPT_VIEW (self));

  position_ms = MAX (position_ms, -1);
  if (self->position == position_ms)
    return;

  self->position = position_ms;
  update_current (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

int
lw_transcript_view_get_current (LwTranscriptView *self)
{
  g_return_val_if_fail (LW_IS_TRANSCRIPT_VIEW (self), -1);

  return self->current;
}

guint
lw_transcript_view_get_n_cues (LwTranscriptView *self)
{
  g_return_val_if_fail (LW_IS_TRANSCRIPT_VIEW (self), 0);

  return self->cues ? self->cues->len : 0;
}
