/* md-strip-editor-charts.c: the processing editor's charts — the EQ
 * curve, the gate's and compressor's transfer curves with their live
 * operating points, the GR history, the crossover view with the bands'
 * gain reduction, the limiter's gain reduction — and the meter frame
 * that feeds them.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "md-draw.h"
#include "md-dyn.h"
#include "md-strip-editor-private.h"

/* the charts' dark background with the vertical grid at 50 Hz ... 10 kHz
 * (line width 1, grid colour left set for the horizontal lines) */
static void
paint_freq_grid (cairo_t *cr, int width, int height)
{
  static const double freqs[] = { 50, 100, 200, 500, 1000, 2000, 5000, 10000 };

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
    {
      double x = floor (md_draw_freq_x (freqs[i], width)) + 0.5;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, height);
    }
}

static double
param (MdStripEditor *self, const char *key, double fallback)
{
  return md_strip_editor_param (self, key, fallback);
}

void
md_strip_editor_curve_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  MdDrawEqBand bands[4];
  gboolean eq_on = param (self, "eq/on", 0) > 0.5;
  static const double dbs[] = { -12, -6, 0, 6, 12 };

  paint_freq_grid (cr, width, height);
  for (guint i = 0; i < G_N_ELEMENTS (dbs); i++)
    {
      double y = floor (height / 2.0 - dbs[i] / CURVE_RANGE_DB * (height / 2.0)) + 0.5;
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);

  for (guint b = 0; b < 4; b++)
    {
      char key[32];
      g_snprintf (key, sizeof key, "eq/%u/on", b + 1);
      bands[b].on = eq_on && param (self, key, 0) > 0.5;
      g_snprintf (key, sizeof key, "eq/%u/freq", b + 1);
      bands[b].freq_hz = param (self, key, 1000);
      g_snprintf (key, sizeof key, "eq/%u/gain", b + 1);
      bands[b].gain_db = param (self, key, 0);
      g_snprintf (key, sizeof key, "eq/%u/q", b + 1);
      bands[b].q = param (self, key, 0.707);
      bands[b].type = MD_DRAW_EQ_PEAK;
    }
  if (param (self, "eq/1/shelf", 0) > 0.5)
    bands[0].type = MD_DRAW_EQ_LOW_SHELF;
  if (param (self, "eq/4/shelf", 0) > 0.5)
    bands[3].type = MD_DRAW_EQ_HIGH_SHELF;

  for (int x = 0; x <= width; x++)
    {
      double f = md_draw_x_freq (x, width);
      double db = md_draw_eq_response_db (bands, 4, f, CURVE_RATE);
      double y = height / 2.0 - CLAMP (db, -CURVE_RANGE_DB, CURVE_RANGE_DB) / CURVE_RANGE_DB * (height / 2.0 - 1);
      if (x == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_set_source_rgb (cr, 0.40, 0.75, 0.95);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  /* band handles */
  for (guint b = 0; b < 4; b++)
    {
      double x = md_draw_freq_x (bands[b].freq_hz, width);
      double y = height / 2.0 - CLAMP (bands[b].gain_db, -CURVE_RANGE_DB, CURVE_RANGE_DB) / CURVE_RANGE_DB * (height / 2.0 - 1);
      cairo_arc (cr, x, y, 4, 0, 2 * G_PI);
      if (bands[b].on)
        cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      else
        cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.6);
      cairo_fill (cr);
    }
}

/* Transfer curves of the gate and compressor pages: input dB across,
 * output dB up, TRANSFER_MIN_DB..0 on both axes. */
#define TRANSFER_MIN_DB (-72.0)

static double
transfer_pos (double db, double len)
{
  return md_draw_transfer_pos (db, TRANSFER_MIN_DB, len);
}

void
md_strip_editor_transfer_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  gboolean gate = GTK_WIDGET (area) == self->gate_curve;
  double thr = param (self, gate ? "gate/threshold" : "comp/threshold", -20);
  double ratio = param (self, "comp/ratio", 4);
  double knee = param (self, "comp/knee", 6);
  double makeup = param (self, "comp/makeup", 0);
  double range = param (self, "gate/range", 40);
  gboolean on = param (self, gate ? "gate/on" : "comp/on", 0) > 0.5;

  if (!gate && param (self, "comp/automakeup", 0) > 0.5)
    makeup += md_comp_static_gr_db (0.0, thr, ratio, knee);   /* as md-dyn.c */

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (double db = TRANSFER_MIN_DB; db <= 0.0; db += 12.0)
    {
      double x = floor (transfer_pos (db, width)) + 0.5;
      double y = floor (height - transfer_pos (db, height)) + 0.5;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, height);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);
  /* unity and threshold */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.25);
  cairo_move_to (cr, 0, height);
  cairo_line_to (cr, width, 0);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, 0.95, 0.75, 0.30, 0.6);
  cairo_move_to (cr, floor (transfer_pos (thr, width)) + 0.5, 0);
  cairo_line_to (cr, floor (transfer_pos (thr, width)) + 0.5, height);
  cairo_stroke (cr);

  /* the gate: both branches of the hysteresis (closed rising, open
   * falling); the compressor: its static curve */
  for (int branch = 0; branch < (gate ? 2 : 1); branch++)
    {
      for (int x = 0; x <= width; x++)
        {
          double in = TRANSFER_MIN_DB + (double) x / width * -TRANSFER_MIN_DB;
          double out = gate ? md_draw_gate_out_db (in, thr, range, branch == 1)
                            : md_draw_comp_out_db (in, thr, ratio, knee, makeup);
          double y = height - transfer_pos (out, height);
          if (x == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (on)
        cairo_set_source_rgba (cr, 0.40, 0.75, 0.95, branch ? 0.5 : 1.0);
      else
        cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.6);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  /* the live operating point */
  {
    double in = gate ? self->gate_in_db : self->comp_in_db;
    double out = gate ? self->gate_out_db : self->comp_out_db;

    if (on && !isnan (in) && !isnan (out) && in >= TRANSFER_MIN_DB)
      {
        cairo_arc (cr, transfer_pos (in, width), height - transfer_pos (out, height), 4, 0, 2 * G_PI);
        cairo_set_source_rgb (cr, 1.0, 0.85, 0.35);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
        cairo_set_line_width (cr, 1);
        cairo_stroke (cr);
      }
  }
}

GtkWidget *
md_strip_editor_transfer_new (MdStripEditor *self, const char *tooltip)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 160);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 160);
  gtk_widget_set_halign (area, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (area, 6);
  gtk_widget_set_tooltip_text (area, tooltip);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), md_strip_editor_transfer_draw, self, NULL);
  return area;
}

void
md_strip_editor_gr_chart_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (double db = 6; db < GR_CHART_MAX_DB; db += 6)
    {
      double y = floor (db / GR_CHART_MAX_DB * height) + 0.5;
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);
  /* oldest on the left, reduction drawn down from the top */
  cairo_move_to (cr, 0, 0);
  for (guint i = 0; i < GR_SLOTS; i++)
    {
      float gr = self->gr_hist[(self->gr_head + 1 + i) % GR_SLOTS];
      double x = (double) i / (GR_SLOTS - 1) * width;
      cairo_line_to (cr, x, CLAMP (gr, 0.0, GR_CHART_MAX_DB) / GR_CHART_MAX_DB * height);
    }
  cairo_line_to (cr, width, 0);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.95, 0.55, 0.25, 0.8);
  cairo_fill (cr);
}

/* the multiband compressor's bands over 20 Hz - 20 kHz, 0 to -XOVER_RANGE_DB */
#define XOVER_RANGE_DB 48.0
static const double colours[3][3] = { { 0.95, 0.55, 0.25 }, { 0.40, 0.85, 0.45 }, { 0.40, 0.75, 0.95 } };

void
md_strip_editor_xover_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  double f1 = param (self, "mb/xover/1", 200);
  double f2 = param (self, "mb/xover/2", 3000);

  paint_freq_grid (cr, width, height);
  for (double db = 12; db < XOVER_RANGE_DB; db += 12)
    {
      double y = floor (db / XOVER_RANGE_DB * height) + 0.5;
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);
  cairo_set_line_width (cr, 2);
  for (guint b = 0; b < 3; b++)
    {
      for (int x = 0; x <= width; x++)
        {
          double db = md_draw_lr4_band_db (b, md_draw_x_freq (x, width), f1, f2);
          double y = CLAMP (-db, 0.0, XOVER_RANGE_DB) / XOVER_RANGE_DB * (height - 1) + 1;
          if (x == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_set_source_rgb (cr, colours[b][0], colours[b][1], colours[b][2]);
      cairo_stroke (cr);
    }
}

/* The multiband's bands, each under its frequency range as on the
 * crossover view: gain reduction down from the top, the held peak as a
 * line and a number. */
void
md_strip_editor_mb_gr_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  double f1 = param (self, "mb/xover/1", 200);
  double f2 = param (self, "mb/xover/2", 3000);
  gboolean on = param (self, "mb/on", 0) > 0.5;

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  for (guint b = 0; b < 3; b++)
    {
      double x0, x1, d, hold = self->mb_hold[b].value_db;
      char text[16];
      g_autoptr (PangoLayout) layout = NULL;
      int tw, th;

      md_draw_mb_band_span (b, f1, f2, width, &x0, &x1);
      if (x1 - x0 < 3)
        continue;
      d = md_draw_gr_len (self->mb_gr_db[b], GR_BAR_MAX_DB, height);
      cairo_set_source_rgba (cr, colours[b][0], colours[b][1], colours[b][2], on ? 0.75 : 0.3);
      cairo_rectangle (cr, x0 + 1, 0, x1 - x0 - 2, d);
      cairo_fill (cr);
      d = md_draw_gr_len (hold, GR_BAR_MAX_DB, height);
      if (d > 0)
        {
          cairo_rectangle (cr, x0 + 1, MAX (d - 2, 0), x1 - x0 - 2, 2);
          cairo_fill (cr);
        }
      g_snprintf (text, sizeof text, "%.1f", hold);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), text);
      pango_layout_get_pixel_size (layout, &tw, &th);
      if (tw + 4 > x1 - x0)
        continue;
      cairo_set_source_rgba (cr, 1, 1, 1, on ? 0.9 : 0.4);
      cairo_move_to (cr, floor ((x0 + x1 - tw) / 2), height - th);
      pango_cairo_show_layout (cr, layout);
    }
}

/* The limiter's gain reduction, left to right, the held peak as a line. */
void
md_strip_editor_lim_gr_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  double d;

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (double db = 3; db < GR_BAR_MAX_DB; db += 3)
    {
      double x = floor (md_draw_gr_len (db, GR_BAR_MAX_DB, width)) + 0.5;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, height);
    }
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, 0.95, 0.35, 0.25, 0.9);
  cairo_rectangle (cr, 0, 2, md_draw_gr_len (self->lim_gr_db, GR_BAR_MAX_DB, width), height - 4);
  cairo_fill (cr);
  d = md_draw_gr_len (self->lim_hold.value_db, GR_BAR_MAX_DB, width);
  if (d > 0)
    {
      cairo_rectangle (cr, MAX (d - 2, 0), 0, 2, height);
      cairo_fill (cr);
    }
}

static void
set_reading (GtkLabel *label, const char *text)
{
  if (label && g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static gboolean
shown (GtkWidget *widget)
{
  return widget && gtk_widget_get_mapped (widget);
}

static void
update_gr_history (MdStripEditor *self, double comp_gr_db, gint64 now_us)
{
  float gr = (float) CLAMP (comp_gr_db, 0.0, GR_CHART_MAX_DB);

  if (self->gr_slot_us == 0 || now_us - self->gr_slot_us > GR_SLOTS * GR_SLOT_US)
    {
      /* first frame or a long gap: start over */
      memset (self->gr_hist, 0, sizeof self->gr_hist);
      self->gr_slot_us = now_us;
    }
  /* the meters keep their maximum since the last read: one slot keeps
   * the maximum of the frames that fall in it */
  while (now_us - self->gr_slot_us >= GR_SLOT_US)
    {
      self->gr_head = (self->gr_head + 1) % GR_SLOTS;
      self->gr_hist[self->gr_head] = 0.0f;
      self->gr_slot_us += GR_SLOT_US;
    }
  self->gr_hist[self->gr_head] = MAX (self->gr_hist[self->gr_head], gr);
  if (shown (self->gr_chart))
    gtk_widget_queue_draw (self->gr_chart);
}

/* a point moved far enough to redraw (or appeared, or went) */
static gboolean
point_moved (double old_in, double old_out, double in, double out)
{
  if (isnan (old_in) != isnan (in))
    return TRUE;
  return !isnan (in) && (fabs (old_in - in) >= 0.25 || fabs (old_out - out) >= 0.25);
}

/* A strip's compressor and gate operating points from its frame: the
 * pre-fader meter reads the channel block's output, which ends with the
 * compressor (HACKING.md, "The GTK front end"). */
static void
update_points (MdStripEditor *self, const float pre_peak[2], const float pre_rms[2],
               double gate_db, double comp_db, gboolean labels)
{
  guint n_ch = md_session_get_strip_stereo (self->session, self->index) ? 2 : 1;
  gboolean rms = param (self, "comp/detect", 0) > 0.5;
  gboolean comp_on = param (self, "comp/on", 0) > 0.5;
  double makeup = 0, out_det, out_pk, in, out;

  if (comp_on)
    {
      makeup = param (self, "comp/makeup", 0);
      if (param (self, "comp/automakeup", 0) > 0.5)
        makeup += md_comp_static_gr_db (0.0, param (self, "comp/threshold", -20),
                                        param (self, "comp/ratio", 4), param (self, "comp/knee", 6));
    }
  else
    comp_db = 0;
  if (param (self, "gate/on", 0) < 0.5)
    gate_db = 0;
  out_det = md_draw_detector_db (pre_peak, pre_rms, n_ch, rms);
  out_pk = md_draw_detector_db (pre_peak, pre_rms, n_ch, FALSE);

  /* the compressor: (in, out) with in = out + GR - makeup */
  in = out = NAN;
  if (out_det > MD_DRAW_FLOOR_DB)
    {
      out = out_det;
      in = md_draw_comp_in_db (out_det, comp_db, makeup);
    }
  if (point_moved (self->comp_in_db, self->comp_out_db, in, out) && shown (self->comp_curve))
    gtk_widget_queue_draw (self->comp_curve);
  self->comp_in_db = in;
  self->comp_out_db = out;

  /* the gate, before the compressor (peak detector): its output is the
   * compressor's input */
  in = out = NAN;
  if (out_pk > MD_DRAW_FLOOR_DB)
    {
      out = md_draw_comp_in_db (out_pk, comp_db, makeup);
      in = out + MAX (gate_db, 0.0);
    }
  if (point_moved (self->gate_in_db, self->gate_out_db, in, out) && shown (self->gate_curve))
    gtk_widget_queue_draw (self->gate_curve);
  self->gate_in_db = in;
  self->gate_out_db = out;

  if (!labels)
    return;
  if (shown (GTK_WIDGET (self->comp_reading)))
    {
      g_autofree char *text = NULL;
      if (!comp_on)
        text = g_strdup (_("Compressor off"));
      else if (isnan (self->comp_in_db))
        text = g_strdup (_("No signal"));
      else
        /* TRANSLATORS: the compressor's live reading, both in dB */
        text = g_strdup_printf (_("Input %.1f dB, gain reduction %.1f dB"), self->comp_in_db, comp_db);
      set_reading (self->comp_reading, text);
    }
  if (shown (GTK_WIDGET (self->gate_reading)))
    {
      g_autofree char *text = NULL;
      double range = param (self, "gate/range", 40);
      if (param (self, "gate/on", 0) < 0.5)
        text = g_strdup (_("Gate off"));
      else if (gate_db < 0.5)
        text = g_strdup (_("Gate open"));
      else if (gate_db >= range - 0.5)
        /* TRANSLATORS: the gate's live state, its attenuation in dB */
        text = g_strdup_printf (_("Gate closed (%.1f dB)"), -gate_db);
      else
        /* TRANSLATORS: the gate opening or closing, its gain in dB */
        text = g_strdup_printf (_("Gate gain %.1f dB"), -gate_db);
      set_reading (self->gate_reading, text);
    }
}

static void
update_master (MdStripEditor *self, const MdLiveMeters *m, gint64 now_us, gboolean labels)
{
  double now_s = now_us / (double) G_USEC_PER_SEC;
  gboolean mb_changed = FALSE, lim_changed = FALSE;

  for (guint b = 0; b < 3; b++)
    {
      double old_hold = self->mb_hold[b].value_db;
      double gr = m->master_mb_gr_db[b];
      double hold = md_draw_hold_update (&self->mb_hold[b], gr, now_s, GR_HOLD_S, GR_FALL_DB_PER_S);
      mb_changed |= fabs (gr - self->mb_gr_db[b]) >= 0.05 || fabs (hold - old_hold) >= 0.05;
      self->mb_gr_db[b] = gr;
    }
  {
    double old_hold = self->lim_hold.value_db;
    double gr = m->master_limiter_gr_db;
    double hold = md_draw_hold_update (&self->lim_hold, gr, now_s, GR_HOLD_S, GR_FALL_DB_PER_S);
    lim_changed = fabs (gr - self->lim_gr_db) >= 0.05 || fabs (hold - old_hold) >= 0.05;
    self->lim_gr_db = gr;
  }
  if (mb_changed && shown (self->mb_gr_view))
    gtk_widget_queue_draw (self->mb_gr_view);
  if (lim_changed && shown (self->lim_gr_view))
    gtk_widget_queue_draw (self->lim_gr_view);
  if (labels && shown (GTK_WIDGET (self->lim_reading)))
    {
      g_autofree char *text = NULL;
      if (param (self, "limiter/on", 0) < 0.5)
        text = g_strdup (_("Limiter off"));
      else
        /* TRANSLATORS: the limiter's live reading: now and the held peak, in dB */
        text = g_strdup_printf (_("Gain reduction %.1f dB (peak %.1f dB)"),
                                self->lim_gr_db, self->lim_hold.value_db);
      set_reading (self->lim_reading, text);
    }
}

void
md_strip_editor_update_meters (MdStripEditor *self, const MdLiveMeters *m, gint64 now_us)
{
  gboolean labels;

  g_return_if_fail (MD_IS_STRIP_EDITOR (self));
  g_return_if_fail (m != NULL);

  labels = now_us - self->reading_us >= READING_INTERVAL_US;
  if (labels)
    self->reading_us = now_us;
  switch (self->scope)
    {
    case MD_SCOPE_STRIP:
      if (self->index == 0 || self->index > m->n_strips)
        return;
      update_gr_history (self, m->strip[self->index - 1].comp_db, now_us);
      update_points (self, m->strip[self->index - 1].pre_peak, m->strip[self->index - 1].pre_rms,
                     m->strip[self->index - 1].gate_db, m->strip[self->index - 1].comp_db, labels);
      break;
    case MD_SCOPE_BUS:
      if (self->index == 0 || self->index > m->n_buses)
        return;
      update_gr_history (self, m->bus[self->index - 1].comp_db, now_us);
      break;
    case MD_SCOPE_MASTER:
      update_master (self, m, now_us, labels);
      break;
    default:
      break;
    }
}
