/* md-dyn.c: gate/expander and compressor.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-dyn.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define DB_PER_LOG2   6.0205999132796239f    /* 20 log10 2 */
#define LOG2_PER_DB   0.16609640474436813f   /* 1 / (20 log10 2) */
#define LEVEL_FLOOR   1e-10f                 /* -200 dBFS */

/* x86 maxps/minps semantics; unlike fmaxf/fminf these vectorise without
 * -ffast-math. */
static inline float
max_f (float a, float b)
{
  return a > b ? a : b;
}

static inline float
min_f (float a, float b)
{
  return a < b ? a : b;
}

/* log2 (x) for finite x >= LEVEL_FLOOR (normal floats). Split x = m 2^e
 * with m in [sqrt(1/2), sqrt(2)) (by integer arithmetic on the bits,
 * branch-free so the loops vectorise), then log2 m = (2/ln 2) atanh t,
 * t = (m-1)/(m+1), |t| <= 0.172, by its series to t^7 (error < 5e-8). */
static inline float
fast_log2 (float x)
{
  int32_t u, e;
  float m, t, t2;

  memcpy (&u, &x, sizeof u);
  e = (u - 0x3f3504f3) >> 23;                  /* 0x3f3504f3 = sqrt(1/2) */
  u = (int32_t) ((uint32_t) u - ((uint32_t) e << 23));
  memcpy (&m, &u, sizeof m);
  t = (m - 1.0f) / (m + 1.0f);
  t2 = t * t;
  return (float) e
         + t * (2.88539008f + t2 * (0.961796694f + t2 * (0.577078016f + t2 * 0.412198583f)));
}

/* 2^x for x in [-120, 120]: x = i + f, i = round(x),
 * |f| <= 1/2, 2^f by the Taylor series of e^(f ln 2) to degree 6 (relative
 * error < 2e-7); exactly 1.0f at x = 0. */
static inline float
fast_exp2 (float x)
{
  int32_t i;
  float f, p, s;
  uint32_t u;

  i = (int32_t) (x + 128.5f) - 128;             /* floor (x + 0.5) */
  f = x - (float) i;
  p = 1.0f + f * (0.693147181f + f * (0.240226507f + f * (0.0555041087f
        + f * (0.00961812911f + f * (0.00133335581f + f * 0.000154035304f)))));
  u = (uint32_t) (i + 127) << 23;
  memcpy (&s, &u, sizeof s);
  return p * s;
}

static inline float
clampf (float v, float lo, float hi)
{
  return min_f (max_f (v, lo), hi);
}

/* ---------------------------------------------------------------------- */

static void
sc_init (MdDynSidechain *sc, double sample_rate)
{
  memset (sc, 0, sizeof *sc);
  md_biquad_smooth_init (&sc->sm, sample_rate, MD_BIQUAD_HIGHPASS, 80.0, 0.0,
                         0.70710678118654752);
}

static void
sc_set_freq (MdDynSidechain *sc, double freq_hz)
{
  md_biquad_smooth_set (&sc->sm, MD_BIQUAD_HIGHPASS, freq_hz, 0.0, 0.70710678118654752);
}

/* Sidechain signal of LEN frames at OFF into OUT. */
static void
sc_run (MdDynSidechain *sc, float *const *ch, unsigned n_ch, unsigned off, unsigned len,
        float out[MD_DSP_MAX_CH][MD_DYN_CHUNK])
{
  for (unsigned c = 0; c < n_ch; c++)
    {
      memcpy (out[c], ch[c] + off, len * sizeof (float));
      /* the level passes always run over the whole chunk (a constant trip
       * count lets GCC vectorise them at -O2 too) */
      if (len < MD_DYN_CHUNK)
        memset (out[c] + len, 0, (MD_DYN_CHUNK - len) * sizeof (float));
    }
  if (!sc->on)
    {
      sc->running = false;
      return;
    }
  if (!sc->running)
    {
      md_biquad_smooth_snap (&sc->sm);
      for (unsigned c = 0; c < n_ch; c++)
        md_biquad_prime (&sc->st[c], &sc->sm.c, out[c][0]);
      sc->running = true;
    }
  else if (md_biquad_smooth_moving (&sc->sm))
    md_biquad_smooth_step (&sc->sm);
  for (unsigned c = 0; c < n_ch; c++)
    md_biquad_run (&sc->sm.c, &sc->st[c], out[c], len);
}

static unsigned
sc_sanitize (MdDynSidechain *sc, unsigned n_ch)
{
  unsigned n = 0;

  for (unsigned c = 0; c < n_ch; c++)
    n += md_biquad_sanitize (&sc->st[c]);
  return n;
}

static float
weight_step (double sample_rate)
{
  double n = floor (MD_DSP_XFADE_MS * 0.001 * sample_rate + 0.5);

  return n < 1.0 ? 1.0f : (float) (1.0 / n);
}

/* ---------------------------------------------------------------------- */
/* gate */

void
md_gate_init (MdGate *g, double sample_rate)
{
  memset (g, 0, sizeof *g);
  g->sample_rate = sample_rate;
  g->on = false;
  g->threshold_db = -50.0;
  g->range_db = -40.0;
  g->attack_ms = 1.0;
  g->hold_ms = 50.0;
  g->release_ms = 200.0;
  g->a_threshold_db = NAN;      /* forces the first update */
  g->w = 0.0f;
  g->w_step = weight_step (sample_rate);
  g->open = true;
  sc_init (&g->sc, sample_rate);
}

void md_gate_set_on (MdGate *g, bool on) { g->on = on; }
void md_gate_set_threshold (MdGate *g, double threshold_db) { g->threshold_db = threshold_db; }
void md_gate_set_range (MdGate *g, double range_db) { g->range_db = range_db; }
void md_gate_set_attack (MdGate *g, double attack_ms) { g->attack_ms = attack_ms; }
void md_gate_set_hold (MdGate *g, double hold_ms) { g->hold_ms = hold_ms; }
void md_gate_set_release (MdGate *g, double release_ms) { g->release_ms = release_ms; }
void md_gate_set_sc_hpf_on (MdGate *g, bool on) { g->sc.on = on; }
void md_gate_set_sc_hpf_freq (MdGate *g, double freq_hz) { sc_set_freq (&g->sc, freq_hz); }

float
md_gate_attenuation_db (const MdGate *g)
{
  return g->att_max_db;
}

static void
gate_update (MdGate *g)
{
  double fs_ms = g->sample_rate * 0.001;
  double range;

  if (g->a_threshold_db == g->threshold_db && g->a_range_db == g->range_db
      && g->a_attack_ms == g->attack_ms && g->a_hold_ms == g->hold_ms
      && g->a_release_ms == g->release_ms)
    return;
  g->a_threshold_db = g->threshold_db;
  g->a_range_db = g->range_db;
  g->a_attack_ms = g->attack_ms;
  g->a_hold_ms = g->hold_ms;
  g->a_release_ms = g->release_ms;

  range = g->range_db > 0.0 ? 0.0 : g->range_db;
  g->open_lin = (float) pow (10.0, g->threshold_db / 20.0);
  g->close_lin = (float) pow (10.0, (g->threshold_db - MD_GATE_HYSTERESIS_DB) / 20.0);
  g->att_step_db = g->attack_ms * fs_ms >= 1.0 ? (float) (-range / (g->attack_ms * fs_ms))
                                               : (float) -range;
  g->rel_step_db = g->release_ms * fs_ms >= 1.0 ? (float) (-range / (g->release_ms * fs_ms))
                                                : (float) -range;
  g->hold_n = g->hold_ms > 0.0 ? (unsigned) floor (g->hold_ms * fs_ms + 0.5) : 0u;
}

void
md_gate_process (MdGate *g, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float sc[MD_DSP_MAX_CH][MD_DYN_CHUNK];
  float lvl[MD_DYN_CHUNK], gain[MD_DYN_CHUNK];
  float w, w_target, g_db, range, att_max = 0.0f;
  bool open;
  unsigned hold_left;

  if (n_frames == 0)
    return;
  if (!g->on && g->w == 0.0f)
    {
      g->att_max_db = 0.0f;
      return;
    }
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;
  gate_update (g);
  if (g->w == 0.0f)
    {
      /* switching on: start open at 0 dB */
      g->open = true;
      g->hold_left = g->hold_n;
      g->g_db = 0.0f;
      g->sc.running = false;
    }

  w = g->w;
  w_target = g->on ? 1.0f : 0.0f;
  g_db = g->g_db;
  open = g->open;
  hold_left = g->hold_left;
  range = g->a_range_db > 0.0 ? 0.0f : (float) g->a_range_db;

  for (unsigned off = 0; off < n_frames; off += MD_DYN_CHUNK)
    {
      unsigned len = n_frames - off < MD_DYN_CHUNK ? n_frames - off : MD_DYN_CHUNK;
      const float open_lin = g->open_lin, close_lin = g->close_lin;
      const float att = g->att_step_db, rel = g->rel_step_db, ws = g->w_step;
      const unsigned hold_n = g->hold_n;

      sc_run (&g->sc, ch, n_ch, off, len, sc);
      for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
        lvl[i] = fabsf (sc[0][i]);
      if (n_ch > 1)
        for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
          lvl[i] = max_f (lvl[i], fabsf (sc[1][i]));

      for (unsigned i = 0; i < len; i++)
        {
          float l = lvl[i];

          if (open)
            {
              if (l >= close_lin)
                hold_left = hold_n;
              else if (hold_left > 0)
                hold_left--;
              else
                open = false;
            }
          else if (l >= open_lin)
            {
              open = true;
              hold_left = hold_n;
            }
          if (open)
            g_db = g_db + att < 0.0f ? g_db + att : 0.0f;
          else
            g_db = g_db - rel > range ? g_db - rel : range;
          if (w != w_target)
            w = w < w_target ? min_f (w + ws, 1.0f) : max_f (w - ws, 0.0f);
          gain[i] = w * w * (3.0f - 2.0f * w) * g_db;      /* smoothstep fade */
          att_max = max_f (att_max, -gain[i]);
          gain[i] = max_f (gain[i] * LOG2_PER_DB, -120.0f);
        }
      for (unsigned i = len; i < MD_DYN_CHUNK; i++)
        gain[i] = 0.0f;
      for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
        gain[i] = fast_exp2 (gain[i]);
      for (unsigned c = 0; c < n_ch; c++)
        {
          float *buf = ch[c] + off;

          for (unsigned i = 0; i < len; i++)
            buf[i] *= gain[i];
        }
    }

  if (!isfinite (g_db))
    {
      g_db = 0.0f;
      open = true;
      g->n_resets++;
    }
  g->w = w;
  g->g_db = g_db;
  g->open = open;
  g->hold_left = hold_left;
  g->att_max_db = att_max;
  g->n_resets += sc_sanitize (&g->sc, n_ch);
}

/* ---------------------------------------------------------------------- */
/* compressor */

double
md_comp_static_gr_db (double x_db, double threshold_db, double ratio, double knee_db)
{
  double s = ratio >= MD_COMP_RATIO_INF ? 1.0 : 1.0 - 1.0 / (ratio < 1.0 ? 1.0 : ratio);
  double w = knee_db > 0.0 ? knee_db : 0.0;
  double d = x_db - threshold_db;

  if (2.0 * d <= -w)
    return 0.0;
  if (2.0 * d >= w)
    return s * d;
  return s * (d + 0.5 * w) * (d + 0.5 * w) / (2.0 * w);
}

void
md_comp_init (MdComp *c, double sample_rate)
{
  memset (c, 0, sizeof *c);
  c->sample_rate = sample_rate;
  c->on = false;
  c->threshold_db = -20.0;
  c->ratio = 4.0;
  c->knee_db = 6.0;
  c->attack_ms = 10.0;
  c->release_ms = 100.0;
  c->makeup_db = 0.0;
  c->auto_makeup = false;
  c->detect = MD_DYN_DETECT_PEAK;
  c->a_attack_ms = NAN;
  c->c_rms = (float) (1.0 - exp (-1.0 / (MD_COMP_RMS_MS * 0.001 * sample_rate)));
  c->k_smooth = (float) (1.0 - exp (-MD_DYN_CHUNK / (MD_DSP_SMOOTH_MS * 0.001 * sample_rate)));
  c->w_step = weight_step (sample_rate);
  sc_init (&c->sc, sample_rate);
}

void md_comp_set_on (MdComp *c, bool on) { c->on = on; }
void md_comp_set_threshold (MdComp *c, double threshold_db) { c->threshold_db = threshold_db; }
void md_comp_set_ratio (MdComp *c, double ratio) { c->ratio = ratio; }
void md_comp_set_knee (MdComp *c, double knee_db) { c->knee_db = knee_db; }
void md_comp_set_attack (MdComp *c, double attack_ms) { c->attack_ms = attack_ms; }
void md_comp_set_release (MdComp *c, double release_ms) { c->release_ms = release_ms; }
void md_comp_set_makeup (MdComp *c, double makeup_db) { c->makeup_db = makeup_db; }
void md_comp_set_auto_makeup (MdComp *c, bool on) { c->auto_makeup = on; }
void md_comp_set_detect (MdComp *c, MdDynDetect detect) { c->detect = detect; }
void md_comp_set_sc_hpf_on (MdComp *c, bool on) { c->sc.on = on; }
void md_comp_set_sc_hpf_freq (MdComp *c, double freq_hz) { sc_set_freq (&c->sc, freq_hz); }

float
md_comp_gain_reduction_db (const MdComp *c)
{
  return c->gr_max_db;
}

static float
one_pole_coef (double time_ms, double sample_rate)
{
  double n = time_ms * 0.001 * sample_rate;

  return n > 0.0 ? (float) (1.0 - exp (-1.0 / n)) : 1.0f;
}

static float
comp_makeup_target (const MdComp *c)
{
  double mk = c->makeup_db;

  if (c->auto_makeup)
    mk += md_comp_static_gr_db (0.0, c->threshold_db, c->ratio, c->knee_db);
  return (float) mk;
}

static float
smooth_toward (float x, float t, float k)
{
  float y = x + (t - x) * k;

  return fabsf (t - y) < 1e-4f ? t : y;
}

void
md_comp_process (MdComp *c, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float sc[MD_DSP_MAX_CH][MD_DYN_CHUNK];
  float lvl[MD_DYN_CHUNK], gain[MD_DYN_CHUNK];
  float w, w_target, y_l, ms, gr_max = 0.0f;
  float s, knee, hw, inv2w;
  bool rms = c->detect == MD_DYN_DETECT_RMS;

  if (n_frames == 0)
    return;
  if (!c->on && c->w == 0.0f)
    {
      c->gr_max_db = 0.0f;
      return;
    }
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;

  if (c->a_attack_ms != c->attack_ms || c->a_release_ms != c->release_ms)
    {
      c->a_attack_ms = c->attack_ms;
      c->a_release_ms = c->release_ms;
      c->c_att = one_pole_coef (c->attack_ms, c->sample_rate);
      c->c_rel = one_pole_coef (c->release_ms, c->sample_rate);
    }
  if (c->w == 0.0f)
    {
      /* switching on from off: no reduction yet, settings without ramps */
      c->y_l = 0.0f;
      c->ms = 0.0f;
      c->thr_db = (float) c->threshold_db;
      c->mk_db = comp_makeup_target (c);
      c->sc.running = false;
    }

  s = c->ratio >= MD_COMP_RATIO_INF ? 1.0f
      : (float) (1.0 - 1.0 / (c->ratio < 1.0 ? 1.0 : c->ratio));
  knee = c->knee_db > 0.0 ? (float) c->knee_db : 0.0f;
  hw = 0.5f * knee;
  inv2w = knee > 0.0f ? 0.5f / knee : 0.0f;
  w = c->w;
  w_target = c->on ? 1.0f : 0.0f;
  y_l = c->y_l;
  ms = c->ms;

  for (unsigned off = 0; off < n_frames; off += MD_DYN_CHUNK)
    {
      unsigned len = n_frames - off < MD_DYN_CHUNK ? n_frames - off : MD_DYN_CHUNK;
      const float thr = c->thr_db = smooth_toward (c->thr_db, (float) c->threshold_db,
                                                   c->k_smooth);
      const float mk0 = c->mk_db;
      const float mk1 = c->mk_db = smooth_toward (c->mk_db, comp_makeup_target (c),
                                                  c->k_smooth);
      const float dmk = (mk1 - mk0) / (float) len;
      const float c_att = c->c_att, c_rel = c->c_rel;
      const float ws = w_target > w ? c->w_step : -c->w_step;

      sc_run (&c->sc, ch, n_ch, off, len, sc);

      /* level in dB */
      if (!rms)
        {
          for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
            lvl[i] = fabsf (sc[0][i]);
          if (n_ch > 1)
            for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
              lvl[i] = max_f (lvl[i], fabsf (sc[1][i]));
          for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
            lvl[i] = max_f (lvl[i], LEVEL_FLOOR);
          /* separate loop: the clamp fused into it keeps GCC from vectorising */
          for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
            lvl[i] = DB_PER_LOG2 * fast_log2 (lvl[i]);
        }
      else
        {
          const float c_rms = c->c_rms;

          for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
            lvl[i] = sc[0][i] * sc[0][i];
          if (n_ch > 1)
            for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
              lvl[i] = 0.5f * (lvl[i] + sc[1][i] * sc[1][i]);
          for (unsigned i = 0; i < len; i++)      /* recursive: LEN only */
            {
              ms += (lvl[i] - ms) * c_rms;
              lvl[i] = ms;
            }
          for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
            lvl[i] = max_f (lvl[i], LEVEL_FLOOR * LEVEL_FLOOR);
          for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
            lvl[i] = 0.5f * DB_PER_LOG2 * fast_log2 (lvl[i]);
        }

      /* static curve: gain reduction x_L */
      for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
        {
          float d = lvl[i] - thr;
          float t = clampf (d + hw, 0.0f, knee);

          lvl[i] = s * (t * t * inv2w + max_f (d - hw, 0.0f));
        }

      /* smooth branching detector, makeup, on/off weight */
      for (unsigned i = 0; i < len; i++)
        {
          float x_l = lvl[i];
          float ww;

          y_l += (x_l - y_l) * (x_l > y_l ? c_att : c_rel);
          if (w != w_target)
            w = clampf (w + ws, 0.0f, 1.0f);
          ww = w * w * (3.0f - 2.0f * w);                  /* smoothstep fade */
          gr_max = max_f (gr_max, ww * y_l);
          gain[i] = max_f (ww * (mk0 + dmk * (float) (i + 1) - y_l) * LOG2_PER_DB, -120.0f);
        }
      for (unsigned i = len; i < MD_DYN_CHUNK; i++)
        gain[i] = 0.0f;
      for (unsigned i = 0; i < MD_DYN_CHUNK; i++)
        gain[i] = fast_exp2 (gain[i]);
      for (unsigned k = 0; k < n_ch; k++)
        {
          float *buf = ch[k] + off;

          for (unsigned i = 0; i < len; i++)
            buf[i] *= gain[i];
        }
    }

  if (!isfinite (y_l) || !isfinite (ms))
    {
      y_l = 0.0f;
      ms = 0.0f;
      c->n_resets++;
    }
  if (ms < 1e-30f)
    ms = 0.0f;
  if (y_l < 1e-20f)
    y_l = 0.0f;
  c->y_l = y_l;
  c->ms = ms;
  c->w = w;
  c->gr_max_db = gr_max;
  c->n_resets += sc_sanitize (&c->sc, n_ch);
}
