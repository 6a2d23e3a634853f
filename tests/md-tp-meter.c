/* md-tp-meter.c: reference true-peak meter for the tests.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-tp-meter.h"

#include <math.h>

#define OS 8
#define HALF MD_TP_METER_HALF

/* Continuous kernel: sinc(t) times a 4-term Blackman-Harris window over
 * |t| < HALF. */
static double
kern (double t)
{
  double u, w, s;

  if (fabs (t) >= HALF)
    return 0.0;
  u = (t + HALF) / (2.0 * HALF);          /* 0..1 */
  w = 0.35875 - 0.48829 * cos (2 * M_PI * u) + 0.14128 * cos (4 * M_PI * u)
      - 0.01168 * cos (6 * M_PI * u);
  s = t == 0.0 ? 1.0 : sin (M_PI * t) / (M_PI * t);
  return s * w;
}

#define RES 1024                         /* refinement resolution, 1/RES sample */

static double ktab[2 * HALF * RES + 1];   /* kern (t), t = i / RES - HALF */
static double scan[OS][2 * HALF];         /* the 8x phases, contiguous */
static int ktab_ready;

static void
ktab_init (void)
{
  if (ktab_ready)
    return;
  for (long i = 0; i <= 2 * HALF * RES; i++)
    ktab[i] = kern ((double) i / RES - HALF);
  for (int k = 0; k < OS; k++)
    for (int j = 0; j < 2 * HALF; j++)
      scan[k][j] = ktab[(HALF - 1 - j + HALF) * RES + k * (RES / OS)];
  ktab_ready = 1;
}

/* Reconstruction of X at position Q / RES samples (Q >= 0). */
static double
recon (const float *x, size_t n, long q)
{
  long m = q / RES, r = q % RES;
  double acc = 0.0;

  for (long i = m - HALF + 1; i <= m + HALF; i++)
    if (i >= 0 && i < (long) n)
      acc += x[i] * ktab[(m - i + HALF) * RES + r];
  return acc;
}

/* Hill-climb on |recon| from Q with halving steps down to 1/RES. */
static double
refine (const float *x, size_t n, long q, double v)
{
  for (long step = RES / (2 * OS); step >= 1; step /= 2)
    {
      double a = q - step >= 0 ? fabs (recon (x, n, q - step)) : 0.0;
      double b = fabs (recon (x, n, q + step));

      if (a > v && a >= b)
        {
          v = a;
          q -= step;
        }
      else if (b > v)
        {
          v = b;
          q += step;
        }
    }
  return v;
}

static double
peak1 (const float *x, size_t n)
{
  double best = 0.0;

  ktab_init ();
  /* scan at 8x: positions m + k/8; a local peak is at most 1/cos(pi/16)
   * (+0.17 dB) above the best 8x value next to it, so only values above
   * 0.975 of the running maximum can matter and are refined */
  for (long m = HALF - 1; m + HALF < (long) n; m++)
    for (int k = 0; k < OS; k++)
      {
        long q = m * RES + (long) k * (RES / OS);
        double v;

        if (k == 0)
          v = fabs ((double) x[m]);
        else if (m >= HALF - 1 && m + HALF < (long) n)
          {
            const float *w = x + m - (HALF - 1);
            double acc = 0.0;

            for (int j = 0; j < 2 * HALF; j++)
              acc += scan[k][j] * w[j];
            v = fabs (acc);
          }
        else
          v = fabs (recon (x, n, q));

        if (v > best * 0.975)
          {
            double r = refine (x, n, q, v);

            best = r > best ? r : best;
          }
      }
  return best;
}

double
md_tp_meter_peak (const float *const *ch, unsigned n_ch, size_t n_frames)
{
  double p = 0.0;

  for (unsigned c = 0; c < n_ch; c++)
    {
      double v = peak1 (ch[c], n_frames);

      p = v > p ? v : p;
    }
  return p;
}

double
md_tp_meter_peak_db (const float *const *ch, unsigned n_ch, size_t n_frames)
{
  double p = md_tp_meter_peak (ch, n_ch, n_frames);

  return p > 0.0 ? 20.0 * log10 (p) : -INFINITY;
}
