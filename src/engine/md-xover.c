/* md-xover.c: 3-band Linkwitz-Riley crossover.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-xover.h"

#include <math.h>
#include <string.h>

#define SNAP_OCT 1e-6

static void
design (MdXover *x)
{
  double f1 = exp2 (x->lf[0]), f2 = exp2 (x->lf[1]);
  double q = M_SQRT1_2;
  MdBiquadCoefs lp2;

  md_biquad_design (&x->c[0], MD_BIQUAD_LOWPASS, x->sample_rate, f1, 0.0, q);
  x->c[1] = x->c[0];
  md_biquad_design (&x->c[3], MD_BIQUAD_HIGHPASS, x->sample_rate, f1, 0.0, q);
  x->c[4] = x->c[3];
  md_biquad_identity (&x->c[5]);
  md_biquad_design (&x->c[6], MD_BIQUAD_LOWPASS, x->sample_rate, f2, 0.0, q);
  x->c[7] = x->c[6];
  md_biquad_design (&x->c[8], MD_BIQUAD_HIGHPASS, x->sample_rate, f2, 0.0, q);
  x->c[9] = x->c[8];
  /* all-pass at f2 with the same denominator: numerator = reversed
   * denominator (a2, a1, 1) */
  lp2 = x->c[6];
  x->c[2].b0 = lp2.a2;
  x->c[2].b1 = lp2.a1;
  x->c[2].b2 = 1.0;
  x->c[2].a1 = lp2.a1;
  x->c[2].a2 = lp2.a2;
}

void
md_xover_init (MdXover *x, double sample_rate)
{
  memset (x, 0, sizeof *x);
  x->sample_rate = sample_rate;
  x->k = 1.0 - exp (-(double) MD_DSP_SUB_FRAMES / (MD_DSP_SMOOTH_MS * 0.001 * sample_rate));
  md_xover_set_freq (x, 0, 120.0);
  md_xover_set_freq (x, 1, 2500.0);
  md_xover_snap (x);
}

void
md_xover_set_freq (MdXover *x, unsigned point, double freq_hz)
{
  if (point > 1)
    return;
  x->t_lf[point] = log2 (md_biquad_clamp_freq (x->sample_rate, freq_hz));
}

void
md_xover_snap (MdXover *x)
{
  x->lf[0] = x->t_lf[0];
  x->lf[1] = x->t_lf[1];
  design (x);
}

void
md_xover_reset (MdXover *x)
{
  memset (x->st, 0, sizeof x->st);
}

double
md_xover_freq (const MdXover *x, unsigned point)
{
  return point > 1 ? 0.0 : exp2 (x->lf[point]);
}

static double
approach (double cur, double target, double k)
{
  double d = (target - cur) * k;

  if (fabs (target - cur) < SNAP_OCT)
    return target;
  if (d > MD_BIQUAD_MAX_STEP_OCT)
    d = MD_BIQUAD_MAX_STEP_OCT;
  else if (d < -MD_BIQUAD_MAX_STEP_OCT)
    d = -MD_BIQUAD_MAX_STEP_OCT;
  cur += d;
  return fabs (target - cur) < SNAP_OCT ? target : cur;
}

/* One sub-block step of the smoothers; true if the coefficients changed. */
static void
step (MdXover *x)
{
  if (x->lf[0] == x->t_lf[0] && x->lf[1] == x->t_lf[1])
    return;
  x->lf[0] = approach (x->lf[0], x->t_lf[0], x->k);
  x->lf[1] = approach (x->lf[1], x->t_lf[1], x->k);
  design (x);
}

static void
sanitize (MdXover *x, unsigned n_ch)
{
  bool bad = false;

  for (unsigned c = 0; c < n_ch; c++)
    for (unsigned k = 0; k < 10; k++)
      bad |= md_biquad_sanitize (&x->st[c][k]);
  if (bad)
    {
      /* one bad section poisons its band: restart all of them together */
      memset (x->st, 0, sizeof x->st);
      x->n_resets++;
    }
}

/* One run of at most MD_XOVER_PIECE frames with constant coefficients. */
static void
split_run (MdXover *x, float *const *in, float *const *low, float *const *mid,
           float *const *high, unsigned n_ch, unsigned off, unsigned n)
{
  MdBiquadCoefs *c1[4], *c2[4];
  MdBiquadState *s1[4], *s2[4];
  float *b1[4], *b2[4];
  unsigned nl = 0;

  for (unsigned c = 0; c < n_ch; c++)
    {
      if (low[c] != in[c])
        memcpy (low[c] + off, in[c] + off, n * sizeof (float));
      memcpy (high[c] + off, in[c] + off, n * sizeof (float));
    }
  /* stage 1: low chain (LP f1, LP f1, AP f2) and rest chain (HP f1, HP f1,
   * identity) for each channel, 3 sections, up to 4 lanes */
  for (unsigned c = 0; c < n_ch; c++)
    {
      c1[nl] = &x->c[0]; s1[nl] = &x->st[c][0]; b1[nl++] = low[c] + off;
      c1[nl] = &x->c[3]; s1[nl] = &x->st[c][3]; b1[nl++] = high[c] + off;
    }
  md_biquad_run_lanes (c1, s1, nl, 3, b1, n);
  /* stage 2: mid = LP4(f2) rest, high = HP4(f2) rest */
  nl = 0;
  for (unsigned c = 0; c < n_ch; c++)
    {
      memcpy (mid[c] + off, high[c] + off, n * sizeof (float));
      c2[nl] = &x->c[6]; s2[nl] = &x->st[c][6]; b2[nl++] = mid[c] + off;
      c2[nl] = &x->c[8]; s2[nl] = &x->st[c][8]; b2[nl++] = high[c] + off;
    }
  md_biquad_run_lanes (c2, s2, nl, 2, b2, n);
}

void
md_xover_split (MdXover *x, float *const *in, float *const *low, float *const *mid,
                float *const *high, unsigned n_ch, unsigned n_frames)
{
  if (n_frames == 0 || n_ch == 0)
    return;
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;
  for (unsigned off = 0, len; off < n_frames; off += len)
    {
      if (x->phase == 0)
        step (x);
      len = MD_DSP_SUB_FRAMES - x->phase;
      if (len > n_frames - off)
        len = n_frames - off;
      /* while nothing moves, run long stretches */
      if (x->lf[0] == x->t_lf[0] && x->lf[1] == x->t_lf[1])
        {
          unsigned l = n_frames - off;

          if (l > MD_XOVER_PIECE)
            l = MD_XOVER_PIECE;
          if (l > len)
            len = l;
        }
      split_run (x, in, low, mid, high, n_ch, off, len);
      x->phase = (x->phase + len) % MD_DSP_SUB_FRAMES;
    }
  sanitize (x, n_ch);
}

void
md_xover_process (MdXover *x, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float mbuf[MD_DSP_MAX_CH][MD_XOVER_PIECE], hbuf[MD_DSP_MAX_CH][MD_XOVER_PIECE];

  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;
  for (unsigned off = 0, len; off < n_frames; off += len)
    {
      float *in[MD_DSP_MAX_CH], *mid[MD_DSP_MAX_CH], *high[MD_DSP_MAX_CH];

      len = n_frames - off < MD_XOVER_PIECE ? n_frames - off : MD_XOVER_PIECE;
      for (unsigned c = 0; c < n_ch; c++)
        {
          in[c] = ch[c] + off;
          mid[c] = mbuf[c];
          high[c] = hbuf[c];
        }
      md_xover_split (x, in, in, mid, high, n_ch, len);
      for (unsigned c = 0; c < n_ch; c++)
        for (unsigned i = 0; i < len; i++)
          in[c][i] = in[c][i] + mid[c][i] + high[c][i];
    }
}
