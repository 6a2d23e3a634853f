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

#include "md-draw.h"
#include "md-meter.h"

#define CLIP_H 6.0
#define GAP 1.0

struct _MdMeter
{
  GtkWidget parent_instance;

  guint n_channels;
  double falloff_db_per_s;
  double hold_s;

  double peak_db[2];
  double rms_db[2];
  double hold_db[2];
  gint64 hold_since_us[2];
  gint64 last_us;
  gboolean clipped;

  /* what was drawn, in pixels, to decide about redraws */
  double drawn[2][3];
  gboolean drawn_clip;
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
bar_px (double db, double h)
{
  return h - md_draw_meter_y (db, h);
}

void
md_meter_update (MdMeter *self, const float *peak, const float *rms, gint64 now_us)
{
  double dt, h;
  gboolean redraw = FALSE;

  g_return_if_fail (MD_IS_METER (self));

  dt = self->last_us ? (now_us - self->last_us) / (double) G_USEC_PER_SEC : 0.0;
  self->last_us = now_us;
  h = gtk_widget_get_height (GTK_WIDGET (self)) - CLIP_H - GAP;

  for (guint c = 0; c < self->n_channels; c++)
    {
      double p = md_draw_lin_to_db (peak[c]);
      double r = md_draw_lin_to_db (rms[c]);
      double px[3];

      if (peak[c] >= 1.0f)
        self->clipped = TRUE;
      self->peak_db[c] = md_draw_meter_fall (self->peak_db[c], p, dt, self->falloff_db_per_s);
      self->rms_db[c] = md_draw_meter_fall (self->rms_db[c], r, dt, self->falloff_db_per_s);
      if (p >= self->hold_db[c] || now_us - self->hold_since_us[c] > self->hold_s * G_USEC_PER_SEC)
        {
          self->hold_db[c] = p;
          self->hold_since_us[c] = now_us;
        }
      px[0] = bar_px (self->peak_db[c], h);
      px[1] = bar_px (self->rms_db[c], h);
      px[2] = bar_px (self->hold_db[c], h);
      for (guint k = 0; k < 3; k++)
        if (fabs (px[k] - self->drawn[c][k]) >= 0.5)
          redraw = TRUE;
    }
  if (self->clipped != self->drawn_clip)
    redraw = TRUE;
  if (redraw)
    gtk_widget_queue_draw (GTK_WIDGET (self));
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
append_bar (GtkSnapshot *snapshot, double x, double w, double h, double top_px,
            double alpha)
{
  /* green up to -18 dB, yellow to -6 dB, red above */
  static const struct { double db; GdkRGBA rgba; } zone[] = {
    { -18.0, { 0.30, 0.80, 0.35, 1 } },
    { -6.0, { 0.95, 0.80, 0.20, 1 } },
    { MD_DRAW_METER_TOP_DB, { 0.95, 0.25, 0.20, 1 } },
  };
  double below = 0.0;

  for (guint z = 0; z < G_N_ELEMENTS (zone) && below < top_px; z++)
    {
      double zone_top = MIN (h - md_draw_meter_y (zone[z].db, h), top_px);
      GdkRGBA c = zone[z].rgba;
      c.alpha = alpha;
      if (zone_top > below)
        gtk_snapshot_append_color (snapshot, &c,
                                   &GRAPHENE_RECT_INIT (x, CLIP_H + GAP + h - zone_top, w, zone_top - below));
      below = zone_top;
    }
}

static void
md_meter_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MdMeter *self = MD_METER (widget);
  double W = gtk_widget_get_width (widget);
  double H = gtk_widget_get_height (widget);
  double h = H - CLIP_H - GAP;
  double cw = (W - GAP * (self->n_channels - 1)) / self->n_channels;
  static const GdkRGBA bg = { 0.08, 0.08, 0.09, 1 };
  static const GdkRGBA tick = { 0.35, 0.35, 0.38, 1 };
  static const GdkRGBA hold = { 0.92, 0.92, 0.92, 1 };
  static const GdkRGBA clip_on = { 1.0, 0.15, 0.10, 1 };
  static const GdkRGBA clip_off = { 0.25, 0.10, 0.10, 1 };
  static const double ticks[] = { 0, -6, -12, -18, -24, -40, -60 };

  if (h <= 0 || cw <= 0)
    return;

  gtk_snapshot_append_color (snapshot, self->clipped ? &clip_on : &clip_off,
                             &GRAPHENE_RECT_INIT (0, 0, W, CLIP_H));
  self->drawn_clip = self->clipped;

  for (guint c = 0; c < self->n_channels; c++)
    {
      double x = c * (cw + GAP);
      double peak_px = bar_px (self->peak_db[c], h);
      double rms_px = bar_px (self->rms_db[c], h);
      double hold_px = bar_px (self->hold_db[c], h);

      gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (x, CLIP_H + GAP, cw, h));
      append_bar (snapshot, x, cw, h, peak_px, 0.45);
      append_bar (snapshot, x, cw, h, rms_px, 1.0);
      if (hold_px >= 1.0)
        gtk_snapshot_append_color (snapshot, &hold,
                                   &GRAPHENE_RECT_INIT (x, CLIP_H + GAP + h - hold_px, cw, 1.5));
      self->drawn[c][0] = peak_px;
      self->drawn[c][1] = rms_px;
      self->drawn[c][2] = hold_px;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ticks); i++)
    {
      double y = CLIP_H + GAP + md_draw_meter_y (ticks[i], h);
      gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (0, floor (y), W, 1));
    }
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
    *minimum = *natural = self->n_channels == 2 ? 11 : 6;
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
