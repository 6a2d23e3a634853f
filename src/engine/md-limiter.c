/* md-limiter.c: stereo-linked true-peak lookahead limiter.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-limiter.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* run-time CPU dispatch of the detector FIR (x86-64-v3 = AVX2 + FMA); as
 * in md-biquad.c, not under ThreadSanitizer. The detector only decides the
 * gain, and the same machine always picks the same clone (live and offline
 * renders stay identical). */
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
#define MD_CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
#define MD_CLONES
#endif

/* Detector kernel: Kaiser-windowed sinc, cutoff at fs/2 (as a fraction of
 * the input rate), Kaiser beta. With 48 taps per phase, chosen among
 * 16..64 taps, beta 5..9 and cutoffs 0.5..0.56: worst under-read for sines
 * up to 20 kHz 0.10 dB at 44.1 kHz (grid error included), over-read
 * < 0.05 dB; a cutoff above fs/2 lets images through, which lowers the
 * reading between samples for content near fs/2. */
#define MD_LIMITER_FC 0.5
#define MD_LIMITER_BETA 5.0
/* headroom for that under-read */
#define MD_LIMITER_ISP_MARGIN_DB 0.12

#define T MD_LIMITER_TAPS
#define H MD_LIMITER_HOLD
#define RMASK (MD_LIMITER_RING - 1u)

typedef float MdV8f __attribute__ ((vector_size (32)));
typedef int32_t MdV8i __attribute__ ((vector_size (32)));
/* the struct may be allocated with malloc (16-byte alignment): the
 * coefficients are read with unaligned loads */
typedef float MdV8fu __attribute__ ((vector_size (32), aligned (4)));

static double
bessel_i0 (double x)
{
  double sum = 1.0, term = 1.0;

  for (int k = 1; k < 64; k++)
    {
      term *= (x / (2.0 * k)) * (x / (2.0 * k));
      sum += term;
      if (term < sum * 1e-17)
        break;
    }
  return sum;
}

static double
kernel (double t, double fc, double beta)
{
  double r = t / (T / 2.0), s, w;

  if (fabs (r) >= 1.0)
    return 0.0;
  s = t == 0.0 ? 1.0 : sin (M_PI * 2.0 * fc * t) / (M_PI * 2.0 * fc * t);
  w = bessel_i0 (beta * sqrt (1.0 - r * r)) / bessel_i0 (beta);
  return 2.0 * fc * s * w;
}

static void
design (MdLimiter *l)
{
  double fc = MD_LIMITER_FC, beta = MD_LIMITER_BETA;

  memset (l->coef, 0, sizeof l->coef);
  l->l1_max = 0.0f;
  for (unsigned k = 0; k < l->os; k++)
    {
      double h[T], sum = 0.0, l1 = 0.0;

      for (unsigned j = 0; j < T; j++)
        {
          h[j] = k == 0 ? (j == T / 2 - 1 ? 1.0 : 0.0)
                        : kernel (T / 2.0 - 1.0 - j + (double) k / l->os, fc, beta);
          sum += h[j];
        }
      for (unsigned j = 0; j < T; j++)
        {
          l->coef[j][k] = (float) (h[j] / sum);
          l1 += fabs ((double) l->coef[j][k]);
        }
      if (l1 > l->l1_max)
        l->l1_max = (float) l1;
    }
}

static unsigned
latency_of (const MdLimiter *l, double lookahead_ms)
{
  double ms = lookahead_ms;
  double n;
  unsigned lat, lat_min = T / 2 + H / 2;

  if (!(ms >= MD_LIMITER_LOOKAHEAD_MIN_MS))
    ms = MD_LIMITER_LOOKAHEAD_MIN_MS;
  if (ms > MD_LIMITER_LOOKAHEAD_MAX_MS)
    ms = MD_LIMITER_LOOKAHEAD_MAX_MS;
  n = floor (ms * 0.001 * l->sample_rate + 0.5);
  lat = n > MD_LIMITER_MAX_LATENCY ? MD_LIMITER_MAX_LATENCY : (unsigned) n;
  return lat < lat_min ? lat_min : lat;
}

/* Restart the gain pipeline at gain G (all memories = G). */
static void
pipeline_reset (MdLimiter *l, float g)
{
  l->p_prev = 0.0f;
  l->e = g;
  l->dq_head = l->dq_tail = 0;
  l->dq_val[0] = g;
  l->dq_idx[0] = l->t - 1;
  l->dq_tail = 1;
  for (unsigned i = 0; i < l->win; i++)
    l->box[i] = g;
  l->box_pos = 0;
  l->box_sum = (double) g * l->win;
  l->n_low = g < 1.0f ? l->win : 0;
}

static void
apply_lookahead (MdLimiter *l)
{
  float g = l->win ? (float) (l->box_sum / l->win) : 1.0f;

  l->a_lookahead_ms = l->lookahead_ms;
  l->latency = latency_of (l, l->lookahead_ms);
  l->win = l->latency + 1 - T / 2 - H / 2;
  pipeline_reset (l, g > 1.0f || !(g >= 0.0f) ? 1.0f : g);
}

void
md_limiter_init (MdLimiter *l, double sample_rate)
{
  memset (l, 0, sizeof *l);
  l->sample_rate = sample_rate;
  l->os = sample_rate < 88200.0 ? 8 : sample_rate < 176400.0 ? 4 : 2;
  design (l);
  l->on = true;
  l->ceiling_db = -1.0;
  l->release_ms = 100.0;
  l->lookahead_ms = 2.0;
  l->a_release_ms = NAN;
  /* history long enough for the longest lookahead at this rate */
  l->hist_len = latency_of (l, MD_LIMITER_LOOKAHEAD_MAX_MS) + T;
  l->k_ceil = (float) (1.0 - exp (-MD_LIMITER_CHUNK / (MD_DSP_SMOOTH_MS * 0.001 * sample_rate)));
  md_limiter_snap (l);
}

void
md_limiter_snap (MdLimiter *l)
{
  memset (l->hist, 0, sizeof l->hist);
  l->ceil_db = (float) l->ceiling_db;
  l->t = 0;
  l->win = 0;
  apply_lookahead (l);
  pipeline_reset (l, 1.0f);
  md_xfade_init (&l->xf, l->sample_rate, l->on);
  l->active = l->on;
  l->warm = 0;
}

void md_limiter_set_on (MdLimiter *l, bool on) { l->on = on; }
void
md_limiter_set_ceiling (MdLimiter *l, double ceiling_db)
{
  if (isfinite (ceiling_db))      /* the session clamps; NaN would stick */
    l->ceiling_db = ceiling_db > 0.0 ? 0.0 : (ceiling_db < -60.0 ? -60.0 : ceiling_db);
}

void
md_limiter_set_release (MdLimiter *l, double release_ms)
{
  if (isfinite (release_ms))
    l->release_ms = release_ms < 0.01 ? 0.01 : release_ms;
}

void
md_limiter_set_lookahead (MdLimiter *l, double lookahead_ms)
{
  l->lookahead_ms = lookahead_ms;
}

unsigned
md_limiter_latency (const MdLimiter *l)
{
  return latency_of (l, l->lookahead_ms);
}

float
md_limiter_gain_reduction_db (const MdLimiter *l)
{
  return l->gr_db;
}

/* p[i] = max over channels and phases of |interpolated value| on
 * [m, m+1), m = i + T/2 - 1, from the window X[c] + i .. + T - 1. */
MD_CLONES static void
detect (const MdLimiter *l, const float *const *x, unsigned n_ch, unsigned n, float *p)
{
  const MdV8fu *c = (const MdV8fu *) l->coef;
  const MdV8i mask = { INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX,
                       INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX };

  for (unsigned i = 0; i < n; i++)
    {
      MdV8f m = { 0 };

      for (unsigned ch = 0; ch < n_ch; ch++)
        {
          const float *w = x[ch] + i;
          MdV8f a0 = { 0 }, a1 = { 0 };

          /* two accumulators: shorter dependency chains */
          for (unsigned j = 0; j < T; j += 2)
            {
              a0 += c[j] * w[j];
              a1 += c[j + 1] * w[j + 1];
            }
          a0 = (MdV8f) ((MdV8i) (a0 + a1) & mask);
          {
            MdV8i gt = m > a0;

            m = (MdV8f) ((gt & (MdV8i) m) | (~gt & (MdV8i) a0));
          }
        }
      {
        float v = m[0];

        for (unsigned k = 1; k < 8; k++)
          v = m[k] > v ? m[k] : v;
        p[i] = v;
      }
    }
}

float
md_limiter_detect_peak (const MdLimiter *l, const float *const *in, unsigned n_ch,
                        unsigned n_frames)
{
  float p[MD_LIMITER_CHUNK], peak = 0.0f;

  if (n_frames < T)
    return 0.0f;
  for (unsigned off = 0, len; off + T <= n_frames; off += len)
    {
      const float *x[MD_DSP_MAX_CH];

      len = n_frames - T + 1 - off;
      if (len > MD_LIMITER_CHUNK)
        len = MD_LIMITER_CHUNK;
      for (unsigned c = 0; c < n_ch && c < MD_DSP_MAX_CH; c++)
        x[c] = in[c] + off;
      detect (l, x, n_ch > MD_DSP_MAX_CH ? MD_DSP_MAX_CH : n_ch, len, p);
      for (unsigned i = 0; i < len; i++)
        peak = p[i] > peak ? p[i] : peak;
    }
  return peak;
}

/* The gain pipeline over N detector values P; gains to G. Returns the
 * minimum gain. */
static float
gains (MdLimiter *l, const float *p, float *g, unsigned n, float ceil_lin)
{
  const unsigned wm = l->win + H;
  const double inv_w = 1.0 / l->win;
  float e = l->e, p_prev = l->p_prev, g_min = 1.0f;
  float rel_c = l->rel_c;
  unsigned t = l->t, head = l->dq_head, tail = l->dq_tail;
  unsigned bpos = l->box_pos, n_low = l->n_low;
  double sum = l->box_sum;

  for (unsigned i = 0; i < n; i++, t++)
    {
      float q = p[i] > p_prev ? p[i] : p_prev;
      float r = q > ceil_lin ? ceil_lin / q : 1.0f;
      float h, old;

      p_prev = p[i];
      e += rel_c * (1.0f - e);
      e = e > r ? r : e;
      /* monotone deque: values increase from head to tail */
      while (tail != head && l->dq_val[(tail - 1) & RMASK] >= e)
        tail--;
      l->dq_val[tail & RMASK] = e;
      l->dq_idx[tail & RMASK] = t;
      tail++;
      if (t - l->dq_idx[head & RMASK] >= wm)
        head++;
      h = l->dq_val[head & RMASK];
      /* box average of h over W */
      old = l->box[bpos];
      l->box[bpos] = h;
      bpos = bpos + 1 == l->win ? 0 : bpos + 1;
      n_low += (h < 1.0f) - (old < 1.0f);
      sum += (double) h - (double) old;
      if (n_low == 0)
        sum = l->win;                   /* exact: no drift when at rest */
      g[i] = (float) (sum * inv_w);
      g[i] = g[i] > 1.0f ? 1.0f : g[i];
      g_min = g[i] < g_min ? g[i] : g_min;
    }
  l->e = e;
  l->p_prev = p_prev;
  l->t = t;
  l->dq_head = head;
  l->dq_tail = tail;
  l->box_pos = bpos;
  l->n_low = n_low;
  l->box_sum = sum;
  return g_min;
}

/* True when the pipeline is at rest: every memory is 1. */
static bool
at_rest (const MdLimiter *l)
{
  return l->e == 1.0f && l->n_low == 0 && l->dq_val[l->dq_head & RMASK] == 1.0f;
}

/* Advance an at-rest pipeline by N samples without computing them. */
static void
rest_advance (MdLimiter *l, unsigned n, float p_last)
{
  l->t += n;
  l->dq_head = 0;
  l->dq_tail = 1;
  l->dq_val[0] = 1.0f;
  l->dq_idx[0] = l->t - 1;
  l->box_pos = (unsigned) (((unsigned long) l->box_pos + n) % l->win);
  l->p_prev = p_last;
}

static void
chunk (MdLimiter *l, float *const *ch, unsigned n_ch, unsigned n, bool detect_on,
       bool wet, float *g_min)
{
  const unsigned hl = l->hist_len, lat = l->latency;
  /* the detector under-reads inter-sample peaks by up to 0.12 dB (see the
   * kernel above): aim that much below the ceiling */
  float ceil_lin = (float) pow (10.0, (l->ceil_db - MD_LIMITER_ISP_MARGIN_DB) / 20.0);
  float g[MD_LIMITER_CHUNK], p[MD_LIMITER_CHUNK];
  float dry[MD_DSP_MAX_CH][MD_LIMITER_CHUNK];
  bool unity = true;

  /* append the input, non-finite samples replaced by 0 */
  for (unsigned c = 0; c < n_ch; c++)
    {
      float *hx = l->hist[c] + hl;
      unsigned bad = 0;

      for (unsigned i = 0; i < n; i++)
        {
          float v = ch[c][i];
          bool ok = fabsf (v) <= FLT_MAX;

          hx[i] = ok ? v : 0.0f;
          bad += !ok;
        }
      l->n_nonfinite += bad;
    }
  if (detect_on)
    {
      const float *x[MD_DSP_MAX_CH];
      float amax = 0.0f, bound;

      /* cheap exact bound first: |interpolated| <= l1 * max |x| */
      for (unsigned c = 0; c < n_ch; c++)
        {
          const float *w = l->hist[c] + hl + 1 - T;

          for (unsigned i = 0; i < n + T - 1; i++)
            amax = fabsf (w[i]) > amax ? fabsf (w[i]) : amax;
        }
      bound = amax * l->l1_max * 1.00001f;
      if (bound <= ceil_lin && at_rest (l))
        rest_advance (l, n, bound);
      else
        {
          for (unsigned c = 0; c < n_ch; c++)
            x[c] = l->hist[c] + hl + 1 - T;
          if (bound <= ceil_lin)
            for (unsigned i = 0; i < n; i++)
              p[i] = bound;
          else
            detect (l, x, n_ch, n, p);
          *g_min = fminf (*g_min, gains (l, p, g, n, ceil_lin));
          unity = false;
        }
    }
  /* output: input delayed by the latency, times the gain, clamped */
  for (unsigned c = 0; c < n_ch; c++)
    {
      const float *d = l->hist[c] + hl - lat;
      float *y = ch[c];
      bool fade = !md_xfade_is_on (&l->xf);

      if (!wet)
        {
          memcpy (y, d, n * sizeof (float));
          continue;
        }
      if (fade)
        memcpy (dry[c], d, n * sizeof (float));
      if (unity)
        for (unsigned i = 0; i < n; i++)
          {
            float v = d[i];

            v = v > ceil_lin ? ceil_lin : v;
            y[i] = v < -ceil_lin ? -ceil_lin : v;
          }
      else
        for (unsigned i = 0; i < n; i++)
          {
            float v = d[i] * g[i];

            v = v > ceil_lin ? ceil_lin : v;
            y[i] = v < -ceil_lin ? -ceil_lin : v;
          }
      if (fade)
        md_xfade_mix (&l->xf, dry[c], y, n);
    }
  /* shift the history */
  for (unsigned c = 0; c < n_ch; c++)
    memmove (l->hist[c], l->hist[c] + n, hl * sizeof (float));
}

void
md_limiter_process (MdLimiter *l, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float g_min = 1.0f;

  if (n_ch == 0 || n_frames == 0)
    return;
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;
  if (l->a_lookahead_ms != l->lookahead_ms)
    apply_lookahead (l);
  if (l->a_release_ms != l->release_ms)
    {
      double n = l->release_ms * 0.001 * l->sample_rate;

      l->a_release_ms = l->release_ms;
      l->rel_c = (float) (1.0 - exp (-1.0 / (n < 1.0 ? 1.0 : n)));
    }
  md_xfade_set (&l->xf, l->on);
  for (unsigned off = 0, len; off < n_frames; off += len)
    {
      float *y[MD_DSP_MAX_CH];
      bool detect_on, wet;
      float d = (float) l->ceiling_db - l->ceil_db;

      len = n_frames - off < MD_LIMITER_CHUNK ? n_frames - off : MD_LIMITER_CHUNK;
      for (unsigned c = 0; c < n_ch; c++)
        y[c] = ch[c] + off;
      /* ceiling: one-pole on dB per chunk */
      l->ceil_db = fabsf (d) < 1e-4f ? (float) l->ceiling_db : l->ceil_db + l->k_ceil * d;
      if (md_xfade_is_off (&l->xf))
        {
          /* off: a plain delay; the detector starts again on switch-on */
          l->active = false;
          detect_on = false;
          wet = false;
        }
      else
        {
          if (!l->active)
            {
              /* warm-up: detect for one latency before fading in */
              l->active = true;
              l->warm = l->latency;
              pipeline_reset (l, 1.0f);
            }
          detect_on = true;
          wet = l->warm == 0;
        }
      chunk (l, y, n_ch, len, detect_on, wet, &g_min);
      if (l->warm > 0)
        l->warm = l->warm > len ? l->warm - len : 0;
      else if (wet)
        md_xfade_advance (&l->xf, len);
    }
  if (!(isfinite (l->e) && isfinite (l->box_sum)))
    {
      pipeline_reset (l, 1.0f);
      l->n_resets++;
    }
  l->gr_db = g_min < 1.0f ? (float) (-20.0 * log10 (g_min > 1e-10f ? g_min : 1e-10f)) : 0.0f;
}
