/* md-loudness-graph.c: strip chart of the master's loudness history.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkDrawingArea drawn with cairo. The readings live in an
 * MdDrawHistory ring buffer (md-draw.c, unit-tested) that the window fills
 * from its tick callback with the latest meter frame — never from the RT
 * thread. Pausing is the window's business: it stops pushing.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-draw.h"
#include "md-loudness-graph.h"

/* Vertical range of the chart, LUFS. */
#define TOP_LUFS (-5.0)
#define BOTTOM_LUFS (-50.0)

struct _MdLoudnessGraph
{
  GtkDrawingArea parent_instance;

  MdDrawHistory history;
  double target_lufs;          /* NAN: no target */
  double tolerance_lu;
  double max_short_term_lufs;  /* NAN: no limit */
};

G_DEFINE_FINAL_TYPE (MdLoudnessGraph, md_loudness_graph, GTK_TYPE_DRAWING_AREA)

static gboolean
same (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* One series as a polyline, broken at gaps (non-finite readings). */
static void
draw_series (MdLoudnessGraph *self, cairo_t *cr, int width, int height, gboolean short_term)
{
  gboolean pen_down = FALSE;

  for (unsigned age = 0; age < self->history.len; age++)
    {
      double m, s, v, x, y;
      md_draw_history_get (&self->history, age, &m, &s);
      v = short_term ? s : m;
      if (!isfinite (v))
        {
          pen_down = FALSE;
          continue;
        }
      x = md_draw_history_x (age, self->history.capacity, width);
      y = md_draw_loudness_y (v, TOP_LUFS, BOTTOM_LUFS, height);
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen_down = TRUE;
    }
  cairo_stroke (cr);
}

static void
draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdLoudnessGraph *self = MD_LOUDNESS_GRAPH (area);

  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.25);
  cairo_paint (cr);

  /* grid: every 10 LU, and a minute mark */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.35);
  for (double l = -10.0; l > BOTTOM_LUFS; l -= 10.0)
    {
      double y = floor (md_draw_loudness_y (l, TOP_LUFS, BOTTOM_LUFS, height)) + 0.5;
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  for (unsigned s = 60; s < MD_LOUDNESS_GRAPH_SECONDS; s += 60)
    {
      double x = floor (md_draw_history_x (s * MD_LOUDNESS_GRAPH_RATE_HZ,
                                           self->history.capacity, width)) + 0.5;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, height);
    }
  cairo_stroke (cr);

  /* the target: tolerance band and integrated line; short-term limit */
  if (isfinite (self->target_lufs))
    {
      double y0 = md_draw_loudness_y (self->target_lufs + self->tolerance_lu, TOP_LUFS, BOTTOM_LUFS, height);
      double y1 = md_draw_loudness_y (self->target_lufs - self->tolerance_lu, TOP_LUFS, BOTTOM_LUFS, height);
      double y = md_draw_loudness_y (self->target_lufs, TOP_LUFS, BOTTOM_LUFS, height);
      cairo_set_source_rgba (cr, 0.95, 0.75, 0.2, 0.18);
      cairo_rectangle (cr, 0, y0, width, MAX (y1 - y0, 1.0));
      cairo_fill (cr);
      cairo_set_source_rgba (cr, 0.95, 0.75, 0.2, 0.9);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
      cairo_stroke (cr);
    }
  if (isfinite (self->max_short_term_lufs))
    {
      static const double dash[] = { 4.0, 3.0 };
      double y = md_draw_loudness_y (self->max_short_term_lufs, TOP_LUFS, BOTTOM_LUFS, height);
      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0.0);
      cairo_set_source_rgba (cr, 0.9, 0.3, 0.25, 0.8);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* momentary thin and light, short-term on top */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 0.45, 0.75, 0.95, 0.6);
  draw_series (self, cr, width, height, FALSE);
  cairo_set_line_width (cr, 2.0);
  cairo_set_source_rgba (cr, 0.35, 0.85, 0.45, 1.0);
  draw_series (self, cr, width, height, TRUE);
}

static void
md_loudness_graph_finalize (GObject *object)
{
  MdLoudnessGraph *self = MD_LOUDNESS_GRAPH (object);

  md_draw_history_free (&self->history);
  G_OBJECT_CLASS (md_loudness_graph_parent_class)->finalize (object);
}

static void
md_loudness_graph_class_init (MdLoudnessGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = md_loudness_graph_finalize;
  gtk_widget_class_set_css_name (widget_class, "loudnessgraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
md_loudness_graph_init (MdLoudnessGraph *self)
{
  if (!md_draw_history_init (&self->history, MD_LOUDNESS_GRAPH_SECONDS * MD_LOUDNESS_GRAPH_RATE_HZ))
    g_error ("out of memory");
  self->target_lufs = NAN;
  self->tolerance_lu = 0.0;
  self->max_short_term_lufs = NAN;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Loudness over the last 5 minutes: short-term (bold), momentary (thin), "
                                 "the target's integrated loudness and tolerance (band)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loudness history"), -1);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 90);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
}

GtkWidget *
md_loudness_graph_new (void)
{
  return g_object_new (MD_TYPE_LOUDNESS_GRAPH, NULL);
}

void
md_loudness_graph_push (MdLoudnessGraph *self, double momentary_lufs, double short_term_lufs)
{
  g_return_if_fail (MD_IS_LOUDNESS_GRAPH (self));

  md_draw_history_push (&self->history, momentary_lufs, short_term_lufs);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
md_loudness_graph_set_target (MdLoudnessGraph *self, double integrated_lufs,
                              double tolerance_lu, double max_short_term_lufs)
{
  g_return_if_fail (MD_IS_LOUDNESS_GRAPH (self));

  if (!isfinite (integrated_lufs))
    integrated_lufs = NAN;
  if (!isfinite (max_short_term_lufs))
    max_short_term_lufs = NAN;
  if (same (self->target_lufs, integrated_lufs) && self->tolerance_lu == tolerance_lu
      && same (self->max_short_term_lufs, max_short_term_lufs))
    return;
  self->target_lufs = integrated_lufs;
  self->tolerance_lu = tolerance_lu;
  self->max_short_term_lufs = max_short_term_lufs;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
md_loudness_graph_clear (MdLoudnessGraph *self)
{
  g_return_if_fail (MD_IS_LOUDNESS_GRAPH (self));

  md_draw_history_clear (&self->history);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
