/* md-meter.c: a level meter — peak and RMS bars, peak hold, clip light.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The meter keeps the shown levels in dB and applies its own ballistics
 * (instant rise, falloff in dB/s, peak hold); md-draw.c has the scale.
 * It only queues a redraw when a bar moves by at least half a pixel.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "md-draw.h"
#include "md-meter.h"

struct _MdMeter
{
  GtkWidget parent_instance;

  guint n_channels;
  gboolean has_gr;
  gboolean full_height;
  double falloff_db_per_s;
  double hold_s;

  double peak_db[2];
  double rms_db[2];
  double hold_db[2];
  gint64 hold_since_us[2];
  gint64 last_us;
  gboolean clipped;
  double gr_db;

  /* what was drawn, in whole pixels, to decide about redraws */
  MdDrawMeterState drawn;
};

G_DEFINE_FINAL_TYPE (MdMeter, md_meter, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FALLOFF,
  PROP_HOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
md_meter_new (void)
{
  return g_object_new (MD_TYPE_METER, NULL);
}

void
md_meter_set_channels (MdMeter *self, guint n_channels)
{
  g_return_if_fail (MD_IS_METER (self));
  n_channels = CLAMP (n_channels, 1, 2);
  if (self->n_channels == n_channels)
    return;
  self->n_channels = n_channels;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
md_meter_set_show_gr (MdMeter *self, gboolean show_gr)
{
  g_return_if_fail (MD_IS_METER (self));
  show_gr = !!show_gr;
  if (self->has_gr == show_gr)
    return;
  self->has_gr = show_gr;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), show_gr
                               ? _("Level (peak and RMS) and, beside it, the gain reduction of the gate and the compressor; click to reset the clip light")
                               : _("Level (peak and RMS); click to reset the clip light"));
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
md_meter_set_full_height_damage (MdMeter *self, gboolean full_height)
{
  g_return_if_fail (MD_IS_METER (self));
  self->full_height = !!full_height;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* the picture for the current levels at the widget's current size */
static void
current_state (MdMeter *self, MdDrawMeterState *s)
{
  int bar_h = gtk_widget_get_height (GTK_WIDGET (self)) - MD_DRAW_METER_CLIP_H - MD_DRAW_METER_GAP;

  memset (s, 0, sizeof *s);
  s->n_channels = self->n_channels;
  s->has_gr = self->has_gr;
  s->clipped = self->clipped;
  s->bar_h = bar_h;
  for (guint c = 0; c < self->n_channels; c++)
    {
      s->peak_px[c] = md_draw_meter_px (self->peak_db[c], bar_h);
      s->rms_px[c] = md_draw_meter_px (self->rms_db[c], bar_h);
      s->hold_px[c] = md_draw_meter_px (self->hold_db[c], bar_h);
    }
  if (self->has_gr)
    s->gr_px = md_draw_meter_gr_px (self->gr_db, bar_h);
}

static void
maybe_redraw (MdMeter *self)
{
  MdDrawMeterState s;

  current_state (self, &s);
  if (!md_draw_meter_same (&s, &self->drawn))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
md_meter_update (MdMeter *self, const float *peak, const float *rms, gint64 now_us)
{
  double dt;

  g_return_if_fail (MD_IS_METER (self));

  dt = self->last_us ? (now_us - self->last_us) / (double) G_USEC_PER_SEC : 0.0;
  self->last_us = now_us;

  for (guint c = 0; c < self->n_channels; c++)
    {
      double p = md_draw_lin_to_db (peak[c]);
      double r = md_draw_lin_to_db (rms[c]);

      if (peak[c] >= 1.0f)
        self->clipped = TRUE;
      self->peak_db[c] = md_draw_meter_fall (self->peak_db[c], p, dt, self->falloff_db_per_s);
      self->rms_db[c] = md_draw_meter_fall (self->rms_db[c], r, dt, self->falloff_db_per_s);
      if (p >= self->hold_db[c] || now_us - self->hold_since_us[c] > self->hold_s * G_USEC_PER_SEC)
        {
          self->hold_db[c] = p;
          self->hold_since_us[c] = now_us;
        }
    }
  maybe_redraw (self);
}

void
md_meter_update_gr (MdMeter *self, double gr_db)
{
  g_return_if_fail (MD_IS_METER (self));
  self->gr_db = isfinite (gr_db) ? CLAMP (gr_db, 0.0, MD_DRAW_METER_GR_DB) : 0.0;
  if (self->has_gr)
    maybe_redraw (self);
}

void
md_meter_reset_clip (MdMeter *self)
{
  g_return_if_fail (MD_IS_METER (self));
  if (!self->clipped)
    return;
  self->clipped = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
md_meter_get_clipped (MdMeter *self)
{
  g_return_val_if_fail (MD_IS_METER (self), FALSE);
  return self->clipped;
}

static void
md_meter_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MdMeter *self = MD_METER (widget);
  static const double rgba[MD_DRAW_METER_N_COLOURS][4] = {
    [MD_DRAW_METER_BG] = { 0.08, 0.08, 0.09, 1 },
    [MD_DRAW_METER_TICK] = { 0.35, 0.35, 0.38, 1 },
    [MD_DRAW_METER_HOLD] = { 0.92, 0.92, 0.92, 1 },
    [MD_DRAW_METER_CLIP_ON] = { 1.0, 0.15, 0.10, 1 },
    [MD_DRAW_METER_CLIP_OFF] = { 0.25, 0.10, 0.10, 1 },
    [MD_DRAW_METER_GREEN] = { 0.30, 0.80, 0.35, 1 },
    [MD_DRAW_METER_YELLOW] = { 0.95, 0.80, 0.20, 1 },
    [MD_DRAW_METER_RED] = { 0.95, 0.25, 0.20, 1 },
    [MD_DRAW_METER_GREEN_PEAK] = { 0.30, 0.80, 0.35, 0.45 },
    [MD_DRAW_METER_YELLOW_PEAK] = { 0.95, 0.80, 0.20, 0.45 },
    [MD_DRAW_METER_RED_PEAK] = { 0.95, 0.25, 0.20, 0.45 },
    [MD_DRAW_METER_GR] = { 0.90, 0.38, 0.00, 1 },
  };
  int W = gtk_widget_get_width (widget);
  int H = gtk_widget_get_height (widget);
  MdDrawRect rects[MD_DRAW_METER_MAX_RECTS];
  unsigned n;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, W, H);
  cairo_t *cr;

  current_state (self, &self->drawn);
  n = md_draw_meter_rects (&self->drawn, W, H, rects);
  if (n == 0)
    return;
  /* One cairo node, not a color node per rectangle: GSK's diff damages a
   * changed cairo node's bounds as one rectangle, where the color nodes
   * of bars of different heights each added their own (many meters then
   * passed GTK 4.8's 30-rectangle limit and the whole window repainted).
   * The master's meter spans the window's height: its rectangle then
   * never cuts the band of the strips' meters in two (cairo regions are
   * y-x bands: a rectangle whose top or bottom falls inside the band
   * doubles the band's rectangles). */
  if (self->full_height)
    {
      graphene_rect_t root;
      GtkWidget *top = GTK_WIDGET (gtk_widget_get_root (widget));

      if (top && gtk_widget_compute_bounds (top, widget, &root))
        bounds = GRAPHENE_RECT_INIT (0, root.origin.y, W, root.size.height);
    }
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (unsigned i = 0; i < n; i++)
    {
      const double *c = rgba[rects[i].colour];
      cairo_set_source_rgba (cr, c[0], c[1], c[2], c[3]);
      cairo_rectangle (cr, rects[i].x, rects[i].y, rects[i].w, rects[i].h);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

static void
md_meter_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  MdMeter *self = MD_METER (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = md_draw_meter_width (self->n_channels, self->n_channels == 2 ? 5 : 6,
                                               self->has_gr);
  else
    {
      *minimum = 80;
      *natural = 200;
    }
}

static void
click_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, MdMeter *self)
{
  md_meter_reset_clip (self);
}

static void
md_meter_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MdMeter *self = MD_METER (object);

  switch (prop_id)
    {
    case PROP_FALLOFF:
      g_value_set_double (value, self->falloff_db_per_s);
      break;
    case PROP_HOLD:
      g_value_set_double (value, self->hold_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_meter_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MdMeter *self = MD_METER (object);

  switch (prop_id)
    {
    case PROP_FALLOFF:
      self->falloff_db_per_s = g_value_get_double (value);
      break;
    case PROP_HOLD:
      self->hold_s = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_meter_class_init (MdMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = md_meter_get_property;
  object_class->set_property = md_meter_set_property;
  widget_class->snapshot = md_meter_snapshot;
  widget_class->measure = md_meter_measure;

  properties[PROP_FALLOFF] =
    g_param_spec_double ("falloff", NULL, NULL, 1.0, 100.0, 20.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLD] =
    g_param_spec_double ("hold", NULL, NULL, 0.0, 10.0, 1.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "mdmeter");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
md_meter_init (MdMeter *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->n_channels = 1;
  self->falloff_db_per_s = 20.0;
  self->hold_s = 1.5;
  for (guint c = 0; c < 2; c++)
    self->peak_db[c] = self->rms_db[c] = self->hold_db[c] = MD_DRAW_FLOOR_DB;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Level (peak and RMS); click to reset the clip light"));
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
