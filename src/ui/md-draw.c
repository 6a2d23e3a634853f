/* md-draw.c: drawing geometry of the mixer widgets.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "md-draw.h"
#include "md-dyn.h"

#define EQ_F_MIN 20.0
#define EQ_F_MAX 20000.0

double
md_draw_lin_to_db (double lin)
{
  if (!(lin > 0.0))
    return MD_DRAW_FLOOR_DB;
  double db = 20.0 * log10 (lin);
  return db < MD_DRAW_FLOOR_DB ? MD_DRAW_FLOOR_DB : db;
}

/* Breakpoints of the scale: dB and deflection in percent of +6 dB. */
static const double scale_db[] = { -70, -60, -50, -40, -30, -20, 6 };
static const double scale_pc[] = { 0, 2.5, 7.5, 15, 30, 50, 115 };
#define N_SCALE (sizeof scale_db / sizeof scale_db[0])

double
md_draw_meter_deflection (double db)
{
  if (isnan (db) || db <= scale_db[0])
    return 0.0;
  if (db >= scale_db[N_SCALE - 1])
    return 1.0;
  for (unsigned i = 1; i < N_SCALE; i++)
    if (db < scale_db[i])
      {
        double t = (db - scale_db[i - 1]) / (scale_db[i] - scale_db[i - 1]);
        return (scale_pc[i - 1] + t * (scale_pc[i] - scale_pc[i - 1])) / scale_pc[N_SCALE - 1];
      }
  return 1.0;
}

double
md_draw_meter_db (double d)
{
  double pc = d * scale_pc[N_SCALE - 1];
  if (!(pc > 0.0))
    return scale_db[0];
  for (unsigned i = 1; i < N_SCALE; i++)
    if (pc < scale_pc[i])
      {
        double t = (pc - scale_pc[i - 1]) / (scale_pc[i] - scale_pc[i - 1]);
        return scale_db[i - 1] + t * (scale_db[i] - scale_db[i - 1]);
      }
  return scale_db[N_SCALE - 1];
}

double
md_draw_meter_y (double db, double height)
{
  return height * (1.0 - md_draw_meter_deflection (db));
}

double
md_draw_meter_fall (double shown_db, double new_db, double dt_s, double falloff_db_per_s)
{
  double fallen = shown_db - (dt_s > 0 ? dt_s : 0) * falloff_db_per_s;
  double v = new_db > fallen ? new_db : fallen;
  return v < MD_DRAW_FLOOR_DB ? MD_DRAW_FLOOR_DB : v;
}

double
md_draw_fader_y (const MdParamInfo *info, double value, double top, double len)
{
  return top + len * (1.0 - md_param_to_norm (info, value));
}

double
md_draw_fader_value (const MdParamInfo *info, double y, double top, double len)
{
  double n = len > 0 ? 1.0 - (y - top) / len : 0.0;
  return md_param_from_norm (info, n);
}

double
md_draw_lane_x (double frame, double rate, double start_s, double px_per_s)
{
  if (!(rate > 0))
    return 0.0;
  return (frame / rate - start_s) * px_per_s;
}

double
md_draw_lane_frame (double x, double rate, double start_s, double px_per_s)
{
  if (!(rate > 0) || !(px_per_s > 0))
    return 0.0;
  double f = round ((x / px_per_s + start_s) * rate);
  return f > 0 ? f : 0.0;
}

double
md_draw_lane_y (const MdParamInfo *info, double value, double top, double len)
{
  return top + len * (1.0 - md_param_to_norm (info, md_param_clamp (info, value)));
}

double
md_draw_lane_value (const MdParamInfo *info, double y, double top, double len)
{
  double n = len > 0 ? 1.0 - (y - top) / len : 0.0;
  n = n < 0 ? 0 : n > 1 ? 1 : n;
  return md_param_clamp (info, md_param_from_norm (info, n));
}

int
md_draw_lane_hit (const double *px, const double *py, unsigned n,
                  double x, double y, double radius)
{
  int best = -1;
  double best_d2 = radius * radius;

  for (unsigned i = 0; i < n; i++)
    {
      double dx = px[i] - x, dy = py[i] - y;
      double d2 = dx * dx + dy * dy;
      if (d2 <= best_d2)
        {
          best = (int) i;
          best_d2 = d2;
        }
    }
  return best;
}

double
md_draw_lane_tick_s (double px_per_s, double min_px)
{
  static const double steps[] = { 1, 2, 5 };
  double decade = 0.001;

  if (!(px_per_s > 0))
    return 1.0;
  for (int d = 0; d < 12; d++, decade *= 10)
    for (unsigned i = 0; i < 3; i++)
      if (steps[i] * decade * px_per_s >= min_px)
        return steps[i] * decade;
  return 3600.0;
}

bool
md_draw_lane_shown (bool has_automation, bool is_default, bool added, bool hidden)
{
  return has_automation || ((is_default || added) && !hidden);
}

static bool
contains_word (const char *text, const char *word, size_t len)
{
  if (text == NULL)
    return false;
  for (; *text; text++)
    {
      size_t i = 0;
      while (i < len && text[i]
             && (text[i] == word[i]
                 || ((unsigned char) text[i] < 128 && (unsigned char) word[i] < 128
                     && tolower ((unsigned char) text[i]) == tolower ((unsigned char) word[i]))))
        i++;
      if (i == len)
        return true;
    }
  return false;
}

bool
md_draw_lane_matches (const char *title, const char *path, const char *query)
{
  if (query == NULL)
    return true;
  while (*query)
    {
      size_t len;

      while (*query == ' ')
        query++;
      len = strcspn (query, " ");
      if (len > 0 && !contains_word (title, query, len) && !contains_word (path, query, len))
        return false;
      query += len;
    }
  return true;
}

double
md_draw_lane_scroll_end (double last_s, double cursor_s, double start_s, double page_s)
{
  double end;

  if (!(page_s > 0))
    page_s = 0;
  end = start_s + page_s;
  if (last_s > end)
    end = last_s;
  if (cursor_s > end)
    end = cursor_s;
  return end + page_s / 2;
}

double
md_draw_fader_drag (const MdParamInfo *info, double start, double dy, double len, bool fine)
{
  if (!(len > 0))
    return md_param_clamp (info, start);
  double n = md_param_to_norm (info, start) - dy / len * (fine ? 0.1 : 1.0);
  return md_param_from_norm (info, n);
}

void
md_draw_eq_coeffs (const MdDrawEqBand *band, double rate, double b[3], double a[3])
{
  double f = band->freq_hz;
  double q = band->q > 0.01 ? band->q : 0.01;
  double A = pow (10.0, band->gain_db / 40.0);
  double w0, cw, sw, alpha, a0;

  if (f > 0.49 * rate)
    f = 0.49 * rate;
  w0 = 2.0 * M_PI * f / rate;
  cw = cos (w0);
  sw = sin (w0);
  alpha = sw / (2.0 * q);

  switch (band->type)
    {
    case MD_DRAW_EQ_LOW_SHELF:
      {
        double s = 2.0 * sqrt (A) * alpha;
        b[0] = A * ((A + 1) - (A - 1) * cw + s);
        b[1] = 2 * A * ((A - 1) - (A + 1) * cw);
        b[2] = A * ((A + 1) - (A - 1) * cw - s);
        a0 = (A + 1) + (A - 1) * cw + s;
        a[1] = -2 * ((A - 1) + (A + 1) * cw);
        a[2] = (A + 1) + (A - 1) * cw - s;
      }
      break;
    case MD_DRAW_EQ_HIGH_SHELF:
      {
        double s = 2.0 * sqrt (A) * alpha;
        b[0] = A * ((A + 1) + (A - 1) * cw + s);
        b[1] = -2 * A * ((A - 1) + (A + 1) * cw);
        b[2] = A * ((A + 1) + (A - 1) * cw - s);
        a0 = (A + 1) - (A - 1) * cw + s;
        a[1] = 2 * ((A - 1) - (A + 1) * cw);
        a[2] = (A + 1) - (A - 1) * cw - s;
      }
      break;
    case MD_DRAW_EQ_PEAK:
    default:
      b[0] = 1 + alpha * A;
      b[1] = -2 * cw;
      b[2] = 1 - alpha * A;
      a0 = 1 + alpha / A;
      a[1] = -2 * cw;
      a[2] = 1 - alpha / A;
      break;
    }
  b[0] /= a0;
  b[1] /= a0;
  b[2] /= a0;
  a[0] = 1.0;
  a[1] /= a0;
  a[2] /= a0;
}

double
md_draw_biquad_db (const double b[3], const double a[3], double freq_hz, double rate)
{
  /* |H(e^jw)|^2 with z^-1 = cos w - j sin w */
  double w = 2.0 * M_PI * freq_hz / rate;
  double c1 = cos (w), s1 = sin (w), c2 = cos (2 * w), s2 = sin (2 * w);
  double nr = b[0] + b[1] * c1 + b[2] * c2, ni = -(b[1] * s1 + b[2] * s2);
  double dr = a[0] + a[1] * c1 + a[2] * c2, di = -(a[1] * s1 + a[2] * s2);
  double num = nr * nr + ni * ni, den = dr * dr + di * di;
  if (!(den > 0) || !(num > 0))
    return MD_DRAW_FLOOR_DB;
  return 10.0 * log10 (num / den);
}

double
md_draw_eq_response_db (const MdDrawEqBand *bands, unsigned n_bands, double freq_hz, double rate)
{
  double db = 0.0;
  for (unsigned i = 0; i < n_bands; i++)
    {
      double b[3], a[3];
      if (!bands[i].on || bands[i].gain_db == 0.0)
        continue;
      md_draw_eq_coeffs (&bands[i], rate, b, a);
      db += md_draw_biquad_db (b, a, freq_hz, rate);
    }
  return db;
}

double
md_draw_freq_x (double freq_hz, double width)
{
  if (!(freq_hz > EQ_F_MIN))
    return 0.0;
  return width * log (freq_hz / EQ_F_MIN) / log (EQ_F_MAX / EQ_F_MIN);
}

double
md_draw_x_freq (double x, double width)
{
  return EQ_F_MIN * exp ((width > 0 ? x / width : 0) * log (EQ_F_MAX / EQ_F_MIN));
}

bool
md_draw_history_init (MdDrawHistory *h, unsigned capacity)
{
  memset (h, 0, sizeof *h);
  if (capacity < 2)
    capacity = 2;
  h->momentary_lufs = calloc (capacity, sizeof (float));
  h->short_term_lufs = calloc (capacity, sizeof (float));
  if (h->momentary_lufs == NULL || h->short_term_lufs == NULL)
    {
      md_draw_history_free (h);
      return false;
    }
  h->capacity = capacity;
  return true;
}

void
md_draw_history_free (MdDrawHistory *h)
{
  free (h->momentary_lufs);
  free (h->short_term_lufs);
  memset (h, 0, sizeof *h);
}

void
md_draw_history_clear (MdDrawHistory *h)
{
  h->len = 0;
  h->head = 0;
}

void
md_draw_history_push (MdDrawHistory *h, double momentary_lufs, double short_term_lufs)
{
  if (h->capacity == 0)
    return;
  h->momentary_lufs[h->head] = isfinite (momentary_lufs) ? (float) momentary_lufs : NAN;
  h->short_term_lufs[h->head] = isfinite (short_term_lufs) ? (float) short_term_lufs : NAN;
  h->head = (h->head + 1) % h->capacity;
  if (h->len < h->capacity)
    h->len++;
}

bool
md_draw_history_get (const MdDrawHistory *h, unsigned age,
                     double *momentary_lufs, double *short_term_lufs)
{
  unsigned i;

  if (age >= h->len)
    return false;
  i = (h->head + h->capacity - 1 - age) % h->capacity;
  if (momentary_lufs != NULL)
    *momentary_lufs = h->momentary_lufs[i];
  if (short_term_lufs != NULL)
    *short_term_lufs = h->short_term_lufs[i];
  return true;
}

double
md_draw_history_x (unsigned age, unsigned capacity, double width)
{
  if (capacity < 2)
    return width;
  return width - (double) age * width / (double) (capacity - 1);
}

double
md_draw_loudness_y (double lufs, double top_lufs, double bottom_lufs, double height)
{
  double t;

  if (isnan (lufs) || top_lufs == bottom_lufs)
    return height;
  t = (top_lufs - lufs) / (top_lufs - bottom_lufs);
  if (t < 0.0)
    t = 0.0;
  if (t > 1.0)
    t = 1.0;
  return t * height;
}

double
md_draw_comp_out_db (double in_db, double threshold_db, double ratio,
                     double knee_db, double makeup_db)
{
  return in_db - md_comp_static_gr_db (in_db, threshold_db, ratio, knee_db)
         + makeup_db;
}

double
md_draw_gate_out_db (double in_db, double threshold_db, double range_db,
                     bool open)
{
  double close_db = threshold_db - MD_GATE_HYSTERESIS_DB;
  bool is_open = open ? in_db >= close_db : in_db >= threshold_db;

  return is_open ? in_db : in_db - fabs (range_db);
}

static double
lr4_lp (double freq_hz, double fc_hz)
{
  double r = freq_hz / fc_hz;
  double u = r * r * r * r;

  return 1.0 / (1.0 + u);
}

double
md_draw_lr4_band_lin (unsigned band, double freq_hz, double f1_hz,
                      double f2_hz)
{
  double lp1 = lr4_lp (freq_hz, f1_hz), lp2 = lr4_lp (freq_hz, f2_hz);

  switch (band)
    {
    case 0:
      return lp1;
    case 1:
      return (1.0 - lp1) * lp2;
    default:
      return (1.0 - lp1) * (1.0 - lp2);
    }
}

double
md_draw_lr4_band_db (unsigned band, double freq_hz, double f1_hz,
                     double f2_hz)
{
  return md_draw_lin_to_db (md_draw_lr4_band_lin (band, freq_hz, f1_hz, f2_hz));
}

double
md_draw_transfer_pos (double db, double min_db, double len)
{
  if (isnan (db) || !(min_db < 0.0))
    return 0.0;
  if (db < min_db)
    db = min_db;
  if (db > 0.0)
    db = 0.0;
  return (db - min_db) / -min_db * len;
}

double
md_draw_detector_db (const float peak[2], const float rms[2], unsigned n_ch, bool rms_mode)
{
  double v = 0.0;

  if (n_ch < 1)
    return MD_DRAW_FLOOR_DB;
  if (n_ch > 2)
    n_ch = 2;
  for (unsigned c = 0; c < n_ch; c++)
    {
      double x = rms_mode ? rms[c] : peak[c];
      if (!(x > 0.0))   /* NaN, 0 */
        continue;
      if (rms_mode)
        v += x * x / n_ch;
      else if (x > v)
        v = x;
    }
  return md_draw_lin_to_db (rms_mode ? sqrt (v) : v);
}

double
md_draw_comp_in_db (double out_db, double gr_db, double makeup_db)
{
  if (!(gr_db > 0.0))   /* NaN, negative */
    gr_db = 0.0;
  return out_db + gr_db - makeup_db;
}

void
md_draw_hold_reset (MdDrawHold *h)
{
  h->value_db = 0.0;
  h->held_s = h->last_s = 0.0;
}

double
md_draw_hold_update (MdDrawHold *h, double reading_db, double now_s, double hold_s,
                     double fall_db_per_s)
{
  if (!(reading_db > 0.0))
    reading_db = 0.0;
  if (reading_db >= h->value_db)
    {
      h->value_db = reading_db;
      h->held_s = now_s;
    }
  else if (now_s - h->held_s > hold_s)
    {
      /* falls from the end of the hold (or the last update after it) */
      double from_s = h->last_s > h->held_s + hold_s ? h->last_s : h->held_s + hold_s;
      double v = h->value_db - fall_db_per_s * (now_s - from_s);
      h->value_db = v > reading_db ? v : reading_db;
    }
  h->last_s = now_s;
  return h->value_db;
}

double
md_draw_gr_len (double gr_db, double max_db, double len)
{
  if (!(gr_db > 0.0) || !(max_db > 0.0))
    return 0.0;
  return (gr_db > max_db ? max_db : gr_db) / max_db * len;
}

void
md_draw_mb_band_span (unsigned band, double f1_hz, double f2_hz, double width,
                      double *x0, double *x1)
{
  double a = md_draw_freq_x (f1_hz, width), b = md_draw_freq_x (f2_hz, width);

  a = a < 0.0 ? 0.0 : a > width ? width : a;
  b = b < a ? a : b > width ? width : b;
  switch (band)
    {
    case 0:
      *x0 = 0.0;
      *x1 = a;
      break;
    case 1:
      *x0 = a;
      *x1 = b;
      break;
    default:
      *x0 = b;
      *x1 = width;
      break;
    }
}

int
md_draw_meter_width (unsigned n_channels, int bar_w, bool has_gr)
{
  int w = (int) n_channels * bar_w + ((int) n_channels - 1) * MD_DRAW_METER_GAP;
  return has_gr ? w + MD_DRAW_METER_GAP + MD_DRAW_METER_GR_W : w;
}

int
md_draw_meter_px (double db, int bar_h)
{
  if (bar_h <= 0)
    return 0;
  return (int) lround (bar_h - md_draw_meter_y (db, bar_h));
}

int
md_draw_meter_gr_px (double gr_db, int bar_h)
{
  return (int) lround (md_draw_gr_len (gr_db, MD_DRAW_METER_GR_DB, bar_h > 0 ? bar_h : 0));
}

bool
md_draw_meter_same (const MdDrawMeterState *s, const MdDrawMeterState *t)
{
  if (s->n_channels != t->n_channels || s->has_gr != t->has_gr || s->clipped != t->clipped ||
      s->bar_h != t->bar_h || (s->has_gr && s->gr_px != t->gr_px))
    return false;
  for (unsigned c = 0; c < s->n_channels && c < 2; c++)
    if (s->peak_px[c] != t->peak_px[c] || s->rms_px[c] != t->rms_px[c] ||
        s->hold_px[c] != t->hold_px[c])
      return false;
  return true;
}

static unsigned
push_rect (MdDrawRect *out, unsigned n, int x, int y, int w, int h, MdDrawMeterColour c)
{
  if (w <= 0 || h <= 0 || n >= MD_DRAW_METER_MAX_RECTS)
    return n;
  out[n] = (MdDrawRect) { x, y, w, h, c };
  return n + 1;
}

/* a bar of TOP_PX pixels above the bottom, in the three zones: green up
 * to -18 dB, yellow to -6 dB, red above */
static unsigned
push_bar (MdDrawRect *out, unsigned n, int x, int w, int y0, int bar_h, int top_px, bool peak)
{
  static const double zone_db[] = { -18.0, -6.0, MD_DRAW_METER_TOP_DB };
  static const MdDrawMeterColour solid[] = { MD_DRAW_METER_GREEN, MD_DRAW_METER_YELLOW, MD_DRAW_METER_RED };
  static const MdDrawMeterColour light[] = { MD_DRAW_METER_GREEN_PEAK, MD_DRAW_METER_YELLOW_PEAK,
                                             MD_DRAW_METER_RED_PEAK };
  int below = 0;

  if (top_px > bar_h)
    top_px = bar_h;
  for (unsigned z = 0; z < 3 && below < top_px; z++)
    {
      int zone_top = z == 2 ? bar_h : md_draw_meter_px (zone_db[z], bar_h);
      if (zone_top > top_px)
        zone_top = top_px;
      if (zone_top > below)
        n = push_rect (out, n, x, y0 + bar_h - zone_top, w, zone_top - below, peak ? light[z] : solid[z]);
      if (zone_top > below)
        below = zone_top;
    }
  return n;
}

unsigned
md_draw_meter_rects (const MdDrawMeterState *s, int width, int height, MdDrawRect *out)
{
  static const double ticks_db[] = { 0, -6, -12, -18, -24, -40, -60 };
  unsigned nc = s->n_channels == 2 ? 2 : 1;
  int y0 = MD_DRAW_METER_CLIP_H + MD_DRAW_METER_GAP;
  int bar_h = height - y0;
  int bars_w = s->has_gr ? width - MD_DRAW_METER_GAP - MD_DRAW_METER_GR_W : width;
  int cw = (bars_w - MD_DRAW_METER_GAP * ((int) nc - 1)) / (int) nc;
  unsigned n = 0;

  if (bar_h <= 0 || cw <= 0)
    return 0;
  n = push_rect (out, n, 0, 0, bars_w, MD_DRAW_METER_CLIP_H,
                 s->clipped ? MD_DRAW_METER_CLIP_ON : MD_DRAW_METER_CLIP_OFF);
  for (unsigned c = 0; c < nc; c++)
    {
      int x = (int) c * (cw + MD_DRAW_METER_GAP);
      int hold = s->hold_px[c] > bar_h ? bar_h : s->hold_px[c];

      n = push_rect (out, n, x, y0, cw, bar_h, MD_DRAW_METER_BG);
      n = push_bar (out, n, x, cw, y0, bar_h, s->peak_px[c], true);
      n = push_bar (out, n, x, cw, y0, bar_h, s->rms_px[c], false);
      if (hold >= 1)
        n = push_rect (out, n, x, y0 + bar_h - hold, cw, 1, MD_DRAW_METER_HOLD);
    }
  for (unsigned i = 0; i < sizeof ticks_db / sizeof ticks_db[0]; i++)
    n = push_rect (out, n, 0, y0 + bar_h - md_draw_meter_px (ticks_db[i], bar_h), bars_w, 1,
                   MD_DRAW_METER_TICK);
  if (s->has_gr)
    {
      int x = bars_w + MD_DRAW_METER_GAP;
      int gr = s->gr_px > bar_h ? bar_h : s->gr_px;

      n = push_rect (out, n, x, y0, MD_DRAW_METER_GR_W, bar_h, MD_DRAW_METER_BG);
      n = push_rect (out, n, x, y0, MD_DRAW_METER_GR_W, gr, MD_DRAW_METER_GR);
      /* marks every 6 dB */
      for (int k = 1; k < 4; k++)
        n = push_rect (out, n, x, y0 + md_draw_meter_gr_px (6.0 * k, bar_h), MD_DRAW_METER_GR_W, 1,
                       MD_DRAW_METER_TICK);
    }
  return n;
}
