/* test-eq.c: the 4-band EQ: responses, smoothing, sweeps, extremes, bypass.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Click metrics used here:
 *  - sine metric: for a sine of amplitude A and angular frequency w through
 *    a filter whose gain stays below G, a smooth output has a second
 *    difference |y[n] - 2 y[n-1] + y[n-2]| <= G A (2 sin(w/2))^2 (plus slow
 *    modulation terms); a click (step or kink) adds its own size. Bound:
 *    1.1 G A (2 sin(w/2))^2.
 *  - noise metric: for a static filter h, max|dy| <= ||h||_1 max|dx|. The
 *    swept output's first difference must stay below the largest L1 norm of
 *    the static filters along the sweep times max|dx|.
 */
#include <glib.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "md-biquad.h"
#include "md-chan.h"
#include "md-dyn.h"
#include "md-eq.h"
#include "md-filter.h"

#define N_FREQ 100

static double
db (double x)
{
  return 20.0 * log10 (x);
}

static double
test_freq (unsigned i)
{
  return 20.0 * pow (1000.0, i / (double) (N_FREQ - 1));
}

static double
quad_mag (double n2, double n1, double n0, double d2, double d1, double d0, double W)
{
  double nr = n0 - n2 * W * W, ni = n1 * W;
  double dr = d0 - d2 * W * W, di = d1 * W;

  return sqrt ((nr * nr + ni * ni) / (dr * dr + di * di));
}

/* cookbook analog prototypes at the prewarped frequency */
static double
analog_mag (MdBiquadType type, double fs, double f0, double gain_db, double q, double f)
{
  double W = tan (M_PI * f / fs) / tan (M_PI * f0 / fs);
  double A = pow (10.0, gain_db / 40.0), sa = sqrt (A);

  switch (type)
    {
    case MD_BIQUAD_PEAKING:  return quad_mag (1, A / q, 1, 1, 1 / (A * q), 1, W);
    case MD_BIQUAD_LOWSHELF: return A * quad_mag (1, sa / q, A, A, sa / q, 1, W);
    case MD_BIQUAD_HIGHSHELF:return A * quad_mag (A, sa / q, 1, 1, sa / q, A, W);
    default: g_assert_not_reached ();
    }
}

static double
dft_mag (const float *h, unsigned len, double w)
{
  double re = 0.0, im = 0.0;

  for (unsigned n0 = 0; n0 < len; n0 += 256)
    {
      double pr = cos (w * n0), pi = -sin (w * n0);
      double sr = cos (w), si = -sin (w);
      unsigned end = n0 + 256 < len ? n0 + 256 : len;

      for (unsigned n = n0; n < end; n++)
        {
          double t;

          re += h[n] * pr;
          im += h[n] * pi;
          t = pr * sr - pi * si;
          pi = pr * si + pi * sr;
          pr = t;
        }
    }
  return sqrt (re * re + im * im);
}

static void
noise (float *x, unsigned n, guint32 seed, double level_db)
{
  GRand *r = g_rand_new_with_seed (seed);
  double a = pow (10.0, level_db / 20.0) * sqrt (3.0);

  for (unsigned i = 0; i < n; i++)
    x[i] = (float) (a * g_rand_double_range (r, -1.0, 1.0));
  g_rand_free (r);
}

static void
run_blocks (MdEq *eq, float *x, unsigned n, unsigned block)
{
  for (unsigned pos = 0; pos < n; pos += block)
    {
      float *chs[1] = { x + pos };

      md_eq_process (eq, chs, 1, MIN (block, n - pos));
    }
}

typedef struct
{
  bool on[4], shelf[4];
  double f[4], g[4], q[4];
} Setting;

static MdBiquadType
type_of (const Setting *s, unsigned b)
{
  if (b == 0 && s->shelf[0])
    return MD_BIQUAD_LOWSHELF;
  if (b == 3 && s->shelf[3])
    return MD_BIQUAD_HIGHSHELF;
  return MD_BIQUAD_PEAKING;
}

/* Impulse-response length for the slowest pole of the bands that are on to
 * decay to 1e-9. */
static unsigned
ir_length (double fs, const Setting *s)
{
  double rmax = 0.0;

  for (unsigned b = 0; b < 4; b++)
    if (s->on[b])
      {
        MdBiquadCoefs c;
        double disc, r;

        md_biquad_design (&c, type_of (s, b), fs, s->f[b], s->g[b], s->q[b]);
        disc = c.a1 * c.a1 - 4.0 * c.a2;
        r = disc < 0 ? sqrt (c.a2) : 0.5 * (fabs (c.a1) + sqrt (disc));
        rmax = fmax (rmax, r);
      }
  return rmax <= 0.0 ? 64u : (unsigned) (21.0 / -log (rmax)) + 64u;
}

/* Measure the EQ's response (impulse, DFT) and compare with the product of
 * the analog responses of the bands that are on. Returns max dB error. */
static double
check_setting (double fs, const Setting *s, float *h, unsigned len)
{
  MdEq *eq = g_new0 (MdEq, 1);
  double max_err = 0.0;

  md_eq_init (eq, fs);
  md_eq_set_on (eq, true);
  for (unsigned b = 0; b < 4; b++)
    {
      md_eq_set_band_on (eq, b, s->on[b]);
      md_eq_set_band_shelf (eq, b, s->shelf[b]);
      md_eq_set_band_freq (eq, b, s->f[b]);
      md_eq_set_band_gain (eq, b, s->g[b]);
      md_eq_set_band_q (eq, b, s->q[b]);
    }
  md_eq_snap (eq);
  memset (h, 0, len * sizeof (float));
  h[0] = 1.0f;
  run_blocks (eq, h, len, 64);
  for (unsigned i = 0; i < N_FREQ; i++)
    {
      double f = test_freq (i), ref = 1.0, m, e;

      for (unsigned b = 0; b < 4; b++)
        if (s->on[b])
          ref *= analog_mag (type_of (s, b), fs, s->f[b], s->g[b], s->q[b], f);
      m = dft_mag (h, len, 2 * M_PI * f / fs);
      e = fabs (db (m) - db (ref));
      if (e > 0.01)
        g_error ("EQ response at %.1f Hz: %.5f dB, expected %.5f dB", f, db (m), db (ref));
      max_err = fmax (max_err, e);
    }
  g_free (eq);
  return max_err;
}

static void
test_band_response (void)
{
  static const double rates[] = { 44100.0, 48000.0 };
  static const double freqs[] = { 30.0, 200.0, 1000.0, 5000.0, 18000.0 };
  static const double gains[] = { -24.0, -9.0, 4.0, 24.0 };
  static const double qs[] = { 0.1, 0.7071, 2.0, 10.0 };
  const unsigned len = 1u << 19;
  float *h = g_new (float, len);
  double max_err = 0.0;
  unsigned n = 0;

  for (unsigned r = 0; r < 2; r++)
    for (unsigned b = 0; b < 4; b++)
      for (unsigned sh = 0; sh < ((b == 0 || b == 3) ? 2u : 1u); sh++)
        for (unsigned fi = 0; fi < G_N_ELEMENTS (freqs); fi++)
          for (unsigned gi = 0; gi < G_N_ELEMENTS (gains); gi++)
            for (unsigned qi = 0; qi < G_N_ELEMENTS (qs); qi++)
              {
                Setting s;
                unsigned l;

                memset (&s, 0, sizeof s);
                for (unsigned k = 0; k < 4; k++)
                  {
                    s.f[k] = 1000; s.g[k] = 0; s.q[k] = 1;
                    s.shelf[k] = k == 0 || k == 3;
                  }
                s.on[b] = true;
                s.shelf[b] = (b == 0 || b == 3) && sh == 0;
                s.f[b] = freqs[fi];
                s.g[b] = gains[gi];
                s.q[b] = qs[qi];
                l = MIN (len, ir_length (rates[r], &s));
                max_err = fmax (max_err, check_setting (rates[r], &s, h, l));
                n++;
              }
  g_test_message ("EQ single bands: %u settings x 100 freqs, max error %.3g dB", n, max_err);

  /* all four bands at once */
  {
    Setting s = {
      { true, true, true, true }, { true, false, false, true },
      { 60, 350, 2700, 9000 }, { 6, -8, 4.5, -3 }, { 0.7, 1.4, 3.0, 0.5 }
    };

    max_err = check_setting (48000, &s, h, MIN (len, ir_length (48000, &s)));
    s.shelf[0] = s.shelf[3] = false;
    s.g[1] = 24;
    s.q[2] = 20;
    max_err = fmax (max_err, check_setting (44100, &s, h, MIN (len, ir_length (44100, &s))));
    g_test_message ("EQ four bands: max error %.3g dB", max_err);
  }
  g_free (h);
}

/* After arbitrary ramps the EQ lands exactly on the target coefficients. */
static void
test_smoothing_lands (void)
{
  MdEq eq;
  MdBiquadCoefs c;
  float x[256] = { 0 };
  float *chs[1] = { x };

  md_eq_init (&eq, 48000);
  md_eq_set_on (&eq, true);
  md_eq_set_band_on (&eq, 1, true);
  md_eq_set_band_gain (&eq, 1, 12);
  md_eq_set_band_freq (&eq, 1, 3000);
  md_eq_set_band_q (&eq, 1, 4);
  for (unsigned i = 0; i < 2000; i++)
    md_eq_process (&eq, chs, 1, 256);
  md_biquad_design (&c, MD_BIQUAD_PEAKING, 48000, 3000, 12, 4);
  g_assert_cmpmem (&c, sizeof c, &eq.sm[1].c, sizeof c);
  g_assert_false (md_biquad_smooth_moving (&eq.sm[1]));
  /* shelf -> peaking: ramps through 0 dB and lands on peaking */
  md_eq_set_band_on (&eq, 0, true);
  md_eq_set_band_gain (&eq, 0, -6);
  for (unsigned i = 0; i < 200; i++)
    md_eq_process (&eq, chs, 1, 256);
  md_eq_set_band_shelf (&eq, 0, false);
  for (unsigned i = 0; i < 200; i++)
    md_eq_process (&eq, chs, 1, 256);
  g_assert_cmpint (eq.sm[0].type, ==, MD_BIQUAD_PEAKING);
  md_biquad_design (&c, MD_BIQUAD_PEAKING, 48000, 80, -6, 0.70710678118654752);
  g_assert_cmpmem (&c, sizeof c, &eq.sm[0].c, sizeof c);
}

static double
max_second_diff (const float *y, unsigned n)
{
  double m = 0.0;

  for (unsigned i = 2; i < n; i++)
    m = fmax (m, fabs ((double) y[i] - 2.0 * y[i - 1] + y[i - 2]));
  return m;
}

/* Band and EQ switching with a sine playing: no clicks (sine metric). */
static void
test_switch_click (void)
{
  const double fs = 48000.0, a = 0.25, f0 = 700.0;
  const unsigned n = 96000;
  float *y = g_new (float, n);
  MdEq eq;
  double bound, m, gmax = pow (10.0, 9.0 / 20.0);

  for (unsigned i = 0; i < n; i++)
    y[i] = (float) (a * sin (2 * M_PI * f0 * i / fs));
  bound = 1.1 * gmax * a * pow (2 * sin (M_PI * f0 / fs), 2);
  md_eq_init (&eq, fs);
  md_eq_set_band_freq (&eq, 0, 600);
  md_eq_set_band_gain (&eq, 0, 9);
  md_eq_set_band_freq (&eq, 1, 700);
  md_eq_set_band_gain (&eq, 1, -9);
  md_eq_set_band_q (&eq, 1, 2);
  md_eq_set_band_on (&eq, 1, true);
  for (unsigned pos = 0, blk = 0; pos < n; pos += 64, blk++)
    {
      float *chs[1] = { y + pos };

      if (blk % 60 == 5)
        md_eq_set_on (&eq, !eq.xf.on_target);
      if (blk % 80 == 20)
        md_eq_set_band_on (&eq, 0, !eq.t[0].on);
      if (blk % 110 == 40)
        md_eq_set_band_shelf (&eq, 0, !eq.t[0].shelf);
      if (blk % 130 == 70)
        md_eq_set_band_on (&eq, 1, !eq.t[1].on);
      md_eq_process (&eq, chs, 1, 64);
    }
  m = max_second_diff (y, n);
  g_test_message ("EQ switching: max 2nd difference %.4g, bound %.4g", m, bound);
  g_assert_cmpfloat (m, <=, bound);
  g_free (y);
}

/* L1 norm of the impulse response of one peaking section. */
static double
l1_norm (double fs, double f0, double gain_db, double q)
{
  MdBiquadCoefs c;
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0, sum = 0;

  md_biquad_design (&c, MD_BIQUAD_PEAKING, fs, f0, gain_db, q);
  for (unsigned i = 0; i < 200000; i++)
    {
      double x = i == 0 ? 1.0 : 0.0;
      double y = c.b0 * x + c.b1 * x1 + c.b2 * x2 - c.a1 * y1 - c.a2 * y2;

      x2 = x1; x1 = x; y2 = y1; y1 = y;
      sum += fabs (y);
    }
  return sum;
}

/* 20 Hz -> 20 kHz in one second, set once per 64-frame block. */
static void
sweep (MdEq *eq, float *x, unsigned n, double fs, unsigned band)
{
  for (unsigned pos = 0; pos < n; pos += 64)
    {
      float *chs[1] = { x + pos };

      md_eq_set_band_freq (eq, band, 20.0 * pow (1000.0, pos / fs));
      md_eq_process (eq, chs, 1, MIN (64u, n - pos));
    }
}

static void
test_sweep (void)
{
  const double fs = 48000.0;
  const unsigned n = 48000;
  const double gain = 12.0, q = 2.0;
  float *x = g_new (float, n), *y = g_new (float, n);
  double dx = 0, dy = 0, l1 = 0, m, bound;
  MdEq eq;

  /* noise metric */
  noise (x, n, 99, -18.0);
  memcpy (y, x, n * sizeof (float));
  md_eq_init (&eq, fs);
  md_eq_set_on (&eq, true);
  md_eq_set_band_on (&eq, 2, true);
  md_eq_set_band_gain (&eq, 2, gain);
  md_eq_set_band_q (&eq, 2, q);
  md_eq_set_band_freq (&eq, 2, 20);
  md_eq_snap (&eq);
  sweep (&eq, y, n, fs, 2);
  for (unsigned i = 1; i < n; i++)
    {
      g_assert_true (isfinite (y[i]));
      dx = fmax (dx, fabs ((double) x[i] - x[i - 1]));
      dy = fmax (dy, fabs ((double) y[i] - y[i - 1]));
    }
  for (double f = 20; f <= 20000; f *= 1.02)
    l1 = fmax (l1, l1_norm (fs, f, gain, q));
  g_test_message ("sweep over noise: max |dy| %.4g, bound ||h||_1 max|dx| = %.4g", dy, l1 * dx);
  g_assert_cmpfloat (dy, <=, l1 * dx);

  /* sine metric: 1 kHz sine, band swept through it */
  for (unsigned i = 0; i < n; i++)
    y[i] = (float) (0.125 * sin (2 * M_PI * 1000.0 * i / fs));
  md_eq_init (&eq, fs);
  md_eq_set_on (&eq, true);
  md_eq_set_band_on (&eq, 1, true);
  md_eq_set_band_gain (&eq, 1, gain);
  md_eq_set_band_q (&eq, 1, q);
  md_eq_set_band_freq (&eq, 1, 20);
  md_eq_snap (&eq);
  sweep (&eq, y, n, fs, 1);
  m = max_second_diff (y, n);
  bound = 1.1 * pow (10, gain / 20) * 0.125 * pow (2 * sin (M_PI * 1000.0 / fs), 2);
  g_test_message ("sweep over a sine: max 2nd difference %.4g, bound %.4g", m, bound);
  g_assert_cmpfloat (m, <=, bound);
  g_free (x);
  g_free (y);
}

/* Random jumps between extreme settings every block, at 44.1 kHz, and a
 * sweep at q 20 / +24 dB up to Nyquist: finite and bounded. */
static void
test_extremes (void)
{
  const double fs = 44100.0;
  const unsigned n = 441000;
  float *x = g_new (float, n);
  GRand *r = g_rand_new_with_seed (5);
  MdEq eq;
  double peak = 0;

  noise (x, n, 3, -18.0);
  md_eq_init (&eq, fs);
  md_eq_set_on (&eq, true);
  for (unsigned b = 0; b < 4; b++)
    md_eq_set_band_on (&eq, b, true);
  for (unsigned pos = 0; pos < n; pos += 64)
    {
      float *chs[1] = { x + pos };
      unsigned b = g_rand_int_range (r, 0, 4);

      switch (g_rand_int_range (r, 0, 5))
        {
        case 0: md_eq_set_band_freq (&eq, b, g_rand_boolean (r) ? 20 : 0.5 * fs); break;
        case 1: md_eq_set_band_gain (&eq, b, g_rand_boolean (r) ? -24 : 24); break;
        case 2: md_eq_set_band_q (&eq, b, g_rand_boolean (r) ? 0.1 : 20); break;
        case 3: md_eq_set_band_shelf (&eq, b, g_rand_boolean (r)); break;
        default: md_eq_set_band_on (&eq, b, g_rand_boolean (r)); break;
        }
      md_eq_process (&eq, chs, 1, MIN (64u, n - pos));
    }
  for (unsigned i = 0; i < n; i++)
    {
      g_assert_true (isfinite (x[i]));
      peak = fmax (peak, fabs (x[i]));
    }
  g_test_message ("extreme random settings: peak %.1f dBFS", db (peak));
  g_assert_cmpfloat (peak, <, 1000.0);
  g_assert_cmpuint (eq.n_resets, ==, 0);

  /* +24 dB, q 20, swept to 0.49 fs and beyond (clamped) */
  noise (x, n, 4, -18.0);
  md_eq_init (&eq, fs);
  md_eq_set_on (&eq, true);
  md_eq_set_band_on (&eq, 2, true);
  md_eq_set_band_gain (&eq, 2, 24);
  md_eq_set_band_q (&eq, 2, 20);
  for (unsigned pos = 0; pos < n; pos += 64)
    {
      float *chs[1] = { x + pos };

      md_eq_set_band_freq (&eq, 2, 20.0 * pow (2000.0, pos / (double) n));
      md_eq_process (&eq, chs, 1, MIN (64u, n - pos));
    }
  for (unsigned i = 0; i < n; i++)
    g_assert_true (isfinite (x[i]) && fabs (x[i]) < 1000.0);
  g_rand_free (r);
  g_free (x);
}

static void
test_off_transparent (void)
{
  const unsigned n = 9600;
  float *x = g_new (float, n), *y = g_new (float, n), *z = g_new (float, n);
  float *chs[2] = { y, z };
  MdEq eq;

  noise (x, n, 11, -18.0);
  memcpy (y, x, n * sizeof (float));
  memcpy (z, x, n * sizeof (float));
  md_eq_init (&eq, 48000);
  md_eq_set_band_on (&eq, 1, true);
  md_eq_set_band_gain (&eq, 1, 6);
  md_eq_process (&eq, chs, 2, n);         /* EQ off */
  g_assert_cmpmem (x, n * sizeof (float), y, n * sizeof (float));
  g_assert_cmpmem (x, n * sizeof (float), z, n * sizeof (float));

  /* EQ on, every band off: also exact */
  md_eq_set_band_on (&eq, 1, false);
  md_eq_set_on (&eq, true);
  md_eq_process (&eq, chs, 2, n);
  g_assert_cmpmem (x, n * sizeof (float), y, n * sizeof (float));

  /* band on, then off: exact again once ramped down */
  md_eq_set_band_on (&eq, 1, true);
  md_eq_process (&eq, chs, 2, n);
  md_eq_set_band_on (&eq, 1, false);
  md_eq_process (&eq, chs, 2, n);
  memcpy (y, x, n * sizeof (float));
  md_eq_process (&eq, chs, 2, n);
  g_assert_cmpmem (x, n * sizeof (float), y, n * sizeof (float));
  g_free (x);
  g_free (y);
  g_free (z);
}

static void
test_nan_recovery (void)
{
  float x[256];
  float *chs[1] = { x };
  MdEq eq;

  md_eq_init (&eq, 48000);
  md_eq_set_on (&eq, true);
  md_eq_set_band_on (&eq, 2, true);
  md_eq_set_band_gain (&eq, 2, 6);
  md_eq_snap (&eq);
  for (unsigned i = 0; i < 256; i++)
    x[i] = i == 100 ? NAN : 0.1f;
  md_eq_process (&eq, chs, 1, 256);
  g_assert_cmpuint (eq.n_resets, >, 0);
  for (unsigned i = 0; i < 256; i++)
    x[i] = 0.1f;
  md_eq_process (&eq, chs, 1, 256);
  for (unsigned i = 0; i < 256; i++)
    g_assert_true (isfinite (x[i]));
}

/* The output does not depend on the block size, also while parameters
 * change (set at the same frame positions), and a stereo call equals two
 * mono calls (the stereo path interleaves the channels in one loop). */
static void
eq_event (MdEq *eq, MdFilter *hpf, unsigned k)
{
  switch (k)
    {
    case 0: md_eq_set_band_gain (eq, 1, -6); md_eq_set_band_freq (eq, 1, 2000); break;
    case 1: md_filter_set_freq (hpf, 200); md_eq_set_band_shelf (eq, 0, false); break;
    case 2: md_eq_set_on (eq, false); break;
    case 3: md_eq_set_on (eq, true); md_eq_set_band_q (eq, 3, 3); break;
    case 4: md_filter_set_slope (hpf, 12); md_eq_set_band_on (eq, 2, true); break;
    default: md_filter_set_on (hpf, false); break;
    }
}

static void
run_eq_filters (MdEq *eq, MdFilter *hpf, float *a, float *b, unsigned n, unsigned block)
{
  static const unsigned events[] = { 3000, 7001, 9999, 13000, 15000, 17000 };
  unsigned next = 0;

  for (unsigned pos = 0, len; pos < n; pos += len)
    {
      float *chs[2] = { a + pos, b ? b + pos : NULL };

      while (next < G_N_ELEMENTS (events) && events[next] == pos)
        eq_event (eq, hpf, next++);
      len = MIN (block, n - pos);
      if (next < G_N_ELEMENTS (events))
        len = MIN (len, events[next] - pos);
      md_filter_process (hpf, chs, b ? 2 : 1, len);
      md_eq_process (eq, chs, b ? 2 : 1, len);
    }
}

static void
setup_eq_filters (MdEq *eq, MdFilter *hpf)
{
  md_filter_init (hpf, 48000, MD_BIQUAD_HIGHPASS, true, 60, 24);
  md_eq_init (eq, 48000);
  md_eq_set_on (eq, true);
  for (unsigned b = 0; b < 4; b++)
    {
      md_eq_set_band_on (eq, b, b != 2);
      md_eq_set_band_gain (eq, b, 5.0 - 3.0 * b);
    }
  md_eq_snap (eq);
}

static void
test_block_sizes_and_stereo (void)
{
  static const unsigned blocks[] = { 1, 17, 64, 4096 };
  const unsigned n = 20000;
  float *x = g_new (float, n), *ref = g_new (float, n), *y = g_new (float, n);
  float *z = g_new (float, n);
  MdEq eq;
  MdFilter hpf;

  noise (x, n, 21, -18.0);
  memcpy (ref, x, n * sizeof (float));
  setup_eq_filters (&eq, &hpf);
  run_eq_filters (&eq, &hpf, ref, NULL, n, 64);
  for (unsigned i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      memcpy (y, x, n * sizeof (float));
      setup_eq_filters (&eq, &hpf);
      run_eq_filters (&eq, &hpf, y, NULL, n, blocks[i]);
      g_assert_cmpmem (ref, n * sizeof (float), y, n * sizeof (float));

      memcpy (y, x, n * sizeof (float));
      memcpy (z, x, n * sizeof (float));
      setup_eq_filters (&eq, &hpf);
      run_eq_filters (&eq, &hpf, y, z, n, blocks[i]);
      g_assert_cmpmem (ref, n * sizeof (float), y, n * sizeof (float));
      g_assert_cmpmem (ref, n * sizeof (float), z, n * sizeof (float));
    }
  g_free (x);
  g_free (ref);
  g_free (y);
  g_free (z);
}

/* md_eq_process_multi / md_filter_process_multi equal one-by-one
 * processing bit for bit, with units off, ramping, flat bands, 12 and
 * 24 dB slopes, and changes while running. */
static void
setup_multi (MdEq *eq, MdFilter *f, unsigned i)
{
  md_eq_init (eq, 48000);
  md_eq_set_on (eq, i % 7 != 3);
  for (unsigned b = 0; b < 4; b++)
    {
      md_eq_set_band_on (eq, b, (i + b) % 3 != 0);
      md_eq_set_band_freq (eq, b, 50.0 * (b + 1) * (i + 1));
      md_eq_set_band_gain (eq, b, (double) ((int) (i + 2 * b) % 9) - 4.0);
      md_eq_set_band_q (eq, b, 0.5 + 0.3 * i);
    }
  md_eq_snap (eq);
  md_filter_init (f, 48000, i & 1 ? MD_BIQUAD_LOWPASS : MD_BIQUAD_HIGHPASS, i % 5 != 2,
                  i & 1 ? 12000.0 - 500 * i : 30.0 + 10 * i, i % 3 ? 24 : 12);
}

static void
multi_event (MdEq *eq, MdFilter *f, unsigned i, unsigned blk)
{
  if (blk == 10 && i % 3 == 0)
    md_eq_set_band_gain (eq, 1, 7.5);
  if (blk == 20 && i % 4 == 1)
    md_filter_set_freq (f, 400);
  if (blk == 30 && i % 5 == 0)
    md_eq_set_on (eq, !eq->xf.on_target);
  if (blk == 40 && i % 2 == 0)
    md_filter_set_slope (f, f->t_slope_db_oct == 12 ? 24 : 12);
  if (blk == 50 && i % 3 == 2)
    md_eq_set_band_on (eq, 2, !eq->t[2].on);
}

static void
test_multi (void)
{
  enum { N = 11, FRAMES = 64 * 80 };
  MdEq *eq1 = g_new0 (MdEq, N), *eq2 = g_new0 (MdEq, N);
  MdFilter *f1 = g_new0 (MdFilter, N), *f2 = g_new0 (MdFilter, N);
  float *x1 = g_new (float, N * FRAMES), *x2 = g_new (float, N * FRAMES);

  noise (x1, N * FRAMES, 31, -18.0);
  memcpy (x2, x1, N * FRAMES * sizeof (float));
  for (unsigned i = 0; i < N; i++)
    {
      setup_multi (&eq1[i], &f1[i], i);
      setup_multi (&eq2[i], &f2[i], i);
    }
  for (unsigned blk = 0; blk < FRAMES / 64; blk++)
    {
      MdEq *eqp[N];
      MdFilter *fp[N];
      float *bp[N];

      for (unsigned i = 0; i < N; i++)
        {
          float *chs[1] = { x1 + i * FRAMES + blk * 64 };

          multi_event (&eq1[i], &f1[i], i, blk);
          multi_event (&eq2[i], &f2[i], i, blk);
          md_filter_process (&f1[i], chs, 1, 64);
          md_eq_process (&eq1[i], chs, 1, 64);
          eqp[i] = &eq2[i];
          fp[i] = &f2[i];
          bp[i] = x2 + i * FRAMES + blk * 64;
        }
      md_filter_process_multi (fp, bp, N, 64);
      md_eq_process_multi (eqp, bp, N, 64);
    }
  g_assert_cmpmem (x1, N * FRAMES * sizeof (float), x2, N * FRAMES * sizeof (float));
  g_free (eq1);
  g_free (eq2);
  g_free (f1);
  g_free (f2);
  g_free (x1);
  g_free (x2);
}

/* md_eq_process_multi_ch / md_filter_process_multi_ch (mono and stereo
 * units mixed, one lane per channel) equal one-by-one processing bit for
 * bit, with the same settings and events as above. */
static void
test_multi_ch (void)
{
  enum { N = 11, FRAMES = 64 * 80 };
  MdEq *eq1 = g_new0 (MdEq, N), *eq2 = g_new0 (MdEq, N);
  MdFilter *f1 = g_new0 (MdFilter, N), *f2 = g_new0 (MdFilter, N);
  float *x1 = g_new (float, 2 * N * FRAMES), *x2 = g_new (float, 2 * N * FRAMES);

  noise (x1, 2 * N * FRAMES, 37, -18.0);
  memcpy (x2, x1, 2 * N * FRAMES * sizeof (float));
  for (unsigned i = 0; i < N; i++)
    {
      setup_multi (&eq1[i], &f1[i], i);
      setup_multi (&eq2[i], &f2[i], i);
    }
  for (unsigned blk = 0; blk < FRAMES / 64; blk++)
    {
      MdEq *eqp[N];
      MdFilter *fp[N];
      float *b2[N][2];
      float *const *chp[N];
      unsigned n_ch[N];

      for (unsigned i = 0; i < N; i++)
        {
          unsigned nch = 1 + (i * 7 % 3 != 0);
          float *chs[2] = { x1 + 2 * i * FRAMES + blk * 64, x1 + (2 * i + 1) * FRAMES + blk * 64 };

          multi_event (&eq1[i], &f1[i], i, blk);
          multi_event (&eq2[i], &f2[i], i, blk);
          md_filter_process (&f1[i], chs, nch, 64);
          md_eq_process (&eq1[i], chs, nch, 64);
          eqp[i] = &eq2[i];
          fp[i] = &f2[i];
          b2[i][0] = x2 + 2 * i * FRAMES + blk * 64;
          b2[i][1] = x2 + (2 * i + 1) * FRAMES + blk * 64;
          chp[i] = b2[i];
          n_ch[i] = nch;
        }
      md_filter_process_multi_ch (fp, chp, n_ch, N, 64);
      md_eq_process_multi_ch (eqp, chp, n_ch, N, 64);
    }
  g_assert_cmpmem (x1, 2 * N * FRAMES * sizeof (float), x2, 2 * N * FRAMES * sizeof (float));
  g_free (eq1);
  g_free (eq2);
  g_free (f1);
  g_free (f2);
  g_free (x1);
  g_free (x2);
}

/* md_chan_filters_multi_ch (a strip's HPF, LPF and EQ in one pass per
 * lane group) equals the units one by one bit for bit: mono and stereo
 * blocks mixed, units off, gliding, crossfading, slope changes, odd block
 * sizes; on the AVX2 (section-major) path where there is one, and on the
 * baseline path. */
static void
setup_chan (MdChan *c, unsigned i)
{
  md_chan_init (c, 48000);
  setup_multi (&c->eq, &c->hpf, i);
  md_filter_init (&c->hpf, 48000, MD_BIQUAD_HIGHPASS, i % 5 != 2, 30.0 + 10 * i, i % 3 ? 24 : 12);
  md_filter_init (&c->lpf, 48000, MD_BIQUAD_LOWPASS, i % 4 != 1, 12000.0 - 500 * i, i % 2 ? 24 : 12);
}

/* One block of chans IDX[0..N-1] (all of C1/C2 in order when IDX is NULL),
 * NCH[j] channels each; chan I's channel C at (PER * I + C) * NF in X1 and
 * X2: C1 unit by unit (HPF, LPF, EQ), C2 through md_chan_filters_multi_ch;
 * the first TOTAL floats of X1 and X2 must then be the same bits. */
static void
filters_both (MdChan *c1, MdChan *c2, float *x1, float *x2, unsigned per, const unsigned *idx,
              const unsigned *nch, unsigned n, unsigned nf, unsigned total)
{
  enum { MAX = 32 };
  MdChan *cp[MAX];
  float *b2[MAX][2];
  float *const *chp[MAX];
  unsigned n_ch[MAX];

  g_assert_cmpuint (n, <=, MAX);
  for (unsigned j = 0; j < n; j++)
    {
      unsigned i = idx ? idx[j] : j;
      float *chs[2] = { x1 + per * i * nf, x1 + (per * i + 1) * nf };

      md_filter_process (&c1[i].hpf, chs, nch[j], nf);
      md_filter_process (&c1[i].lpf, chs, nch[j], nf);
      md_eq_process (&c1[i].eq, chs, nch[j], nf);
      cp[j] = &c2[i];
      b2[j][0] = x2 + per * i * nf;
      b2[j][1] = x2 + (per * i + 1) * nf;
      chp[j] = b2[j];
      n_ch[j] = nch[j];
    }
  md_chan_filters_multi_ch (cp, chp, n_ch, n, nf);
  g_assert_cmpmem (x1, total * sizeof (float), x2, total * sizeof (float));
}

static void
run_chan_multi (bool wide)
{
  enum { N = 13, BLOCKS = 90 };
  static const unsigned sizes[] = { 64, 17, 256, 1, 300, 64, 33 };
  MdChan *c1 = g_new0 (MdChan, N), *c2 = g_new0 (MdChan, N);
  float *x1 = g_new (float, 2 * N * 300), *x2 = g_new (float, 2 * N * 300);
  unsigned seed = 41;

  md_biquad_set_wide_path (wide);
  md_svf_set_wide_path (wide);
  for (unsigned i = 0; i < N; i++)
    {
      setup_chan (&c1[i], i);
      setup_chan (&c2[i], i);
    }
  for (unsigned blk = 0; blk < BLOCKS; blk++)
    {
      unsigned nf = sizes[blk % G_N_ELEMENTS (sizes)];
      unsigned nch[N];

      noise (x1, 2 * N * nf, seed++, -18.0);
      memcpy (x2, x1, 2 * N * nf * sizeof (float));
      for (unsigned i = 0; i < N; i++)
        {
          nch[i] = 1 + (i * 7 % 3 != 0);
          multi_event (&c1[i].eq, &c1[i].hpf, i, blk);
          multi_event (&c2[i].eq, &c2[i].hpf, i, blk);
          if (blk == 60 && i % 3 == 1)
            {
              md_filter_set_on (&c1[i].lpf, !c1[i].lpf.xf.on_target);
              md_filter_set_on (&c2[i].lpf, !c2[i].lpf.xf.on_target);
            }
        }
      filters_both (c1, c2, x1, x2, 2, NULL, nch, N, nf, 2 * N * nf);
    }
  md_biquad_set_wide_path (true);
  md_svf_set_wide_path (true);
  g_free (c1);
  g_free (c2);
  g_free (x1);
  g_free (x2);
}

static void
test_chan_filters_multi (void)
{
  run_chan_multi (true);
  run_chan_multi (false);
}


/* The one-pass path keeps each strip's lane list (MdChanLanes) while its
 * units stay steady and rebuilds it after any change: long steady runs
 * between changes that move the sections (slope 12 -> 24: the other chain
 * and one more section), switch units off and on, and put an EQ band in
 * double (unit by unit) and back; bit for bit against the units one by
 * one, and the list is the one built at the start of each steady run. */
static void
event_lanes (MdChan *c, unsigned i, unsigned blk)
{
  switch (blk)
    {
    case 30: md_filter_set_slope (&c->hpf, c->hpf.t_slope_db_oct == 12 ? 24 : 12); break;
    case 60: md_filter_set_on (&c->lpf, false); break;
    case 90: md_eq_set_on (&c->eq, i % 2 == 0); break;
    case 120: md_filter_set_on (&c->lpf, true); md_filter_set_slope (&c->lpf, 24); break;
    case 150:
      md_eq_set_on (&c->eq, true);
      md_eq_set_band_shelf (&c->eq, 0, true);
      md_eq_set_band_on (&c->eq, 0, true);
      md_eq_set_band_gain (&c->eq, 0, 15.0);
      md_eq_set_band_q (&c->eq, 0, 6.0);
      break;
    case 170: md_eq_set_band_gain (&c->eq, 0, 3.0); md_eq_set_band_q (&c->eq, 0, 0.7); break;
    case 300: md_filter_set_on (&c->hpf, false); md_filter_set_on (&c->lpf, false);
      md_eq_set_on (&c->eq, false); break;
    case 330: md_filter_set_on (&c->hpf, true); break;
    default: break;
    }
}

static void
test_chan_filters_multi_lanes (void)
{
  enum { N = 5, NF = 64, BLOCKS = 360 };
  MdChan *c1 = g_new0 (MdChan, N), *c2 = g_new0 (MdChan, N);
  float *x1 = g_new (float, 2 * N * NF), *x2 = g_new (float, 2 * N * NF);
  bool seen_dbl = false;

  for (unsigned i = 0; i < N; i++)
    {
      setup_chan (&c1[i], i);
      setup_chan (&c2[i], i);
    }
  for (unsigned blk = 0; blk < BLOCKS; blk++)
    {
      unsigned nch[N];

      noise (x1, 2 * N * NF, 700 + blk, -18.0);
      memcpy (x2, x1, 2 * N * NF * sizeof (float));
      for (unsigned i = 0; i < N; i++)
        {
          nch[i] = 1 + i % 2;
          event_lanes (&c1[i], i, blk);
          event_lanes (&c2[i], i, blk);
        }
      filters_both (c1, c2, x1, x2, 2, NULL, nch, N, NF, 2 * N * NF);
      for (unsigned i = 0; i < N; i++)
        {
          seen_dbl |= c2[i].eq.sv[0].dbl && !md_xfade_is_off (&c2[i].eq.xf);
          /* (the EQ's glide back from the band in double takes ~120 blocks) */
          if (blk % 30 == 29 && (blk < 170 || blk > 290)
              && !(c2[i].eq.sv[0].dbl && !md_xfade_is_off (&c2[i].eq.xf)))
            {
              /* settled: the list of the steady run, not rebuilt since */
              g_assert_true (c2[i].lanes.owner == &c2[i]);
              g_assert_cmpuint (c2[i].lanes.gen[0], ==, c2[i].hpf.gen);
              g_assert_cmpuint (c2[i].lanes.gen[1], ==, c2[i].lpf.gen);
              g_assert_cmpuint (c2[i].lanes.gen[2], ==, c2[i].eq.gen);
            }
        }
    }
  g_assert_true (seen_dbl);
  for (unsigned i = 0; i < N; i++)
    g_assert_cmpuint (c2[i].hpf.phase, ==, c1[i].hpf.phase);
  g_free (c1);
  g_free (c2);
  g_free (x1);
  g_free (x2);
}

/* The prepared runs (MdChanRun): a run cached in its first chan is reused
 * while the call's chans, their order and every unit stay the same, and
 * rebuilt when one of them changes; bit for bit against the units one by
 * one throughout. Every change here would give other bits if the run were
 * reused: a chan left out (the buffers shift by one strip), two chans
 * swapped (each would get the other's coefficients), one unit's setting
 * jumped (snap: steady again at once, with new coefficients), a band
 * switched to double (it must leave the lanes), a chan initialised again
 * in place with other settings (its gens restart and come back to the
 * recorded ones: only its serial tells), a chan replaced by
 * another. All mono (one run of 16 lanes) and with every third chan
 * stereo (two runs); odd block sizes; both kernel widths. */
static void
setup_run_chan (MdChan *c, unsigned i)
{
  /* setters and snaps after md_chan_init: the same gens for every I */
  md_chan_init (c, 48000);
  md_filter_set_on (&c->hpf, true);
  md_filter_set_freq (&c->hpf, 30.0 + 7 * i);
  md_filter_set_slope (&c->hpf, 24);
  md_filter_snap (&c->hpf);
  md_filter_set_on (&c->lpf, true);
  md_filter_set_freq (&c->lpf, 16000.0 - 300 * i);
  md_filter_set_slope (&c->lpf, 12);
  md_filter_snap (&c->lpf);
  md_eq_set_on (&c->eq, true);
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    {
      md_eq_set_band_on (&c->eq, b, true);
      if (b == 0 || b == 3)
        md_eq_set_band_shelf (&c->eq, b, false);
      md_eq_set_band_freq (&c->eq, b, 90.0 * (b + 1) * (1.0 + 0.1 * i));
      md_eq_set_band_gain (&c->eq, b, (b % 2 ? 2.0 : -3.0) + 0.1 * i);
      md_eq_set_band_q (&c->eq, b, 0.8 + 0.05 * i);
    }
  md_eq_snap (&c->eq);
}

static void
run_event (MdChan *c, unsigned blk)
{
  switch (blk)
    {
    case 60: md_eq_set_band_gain (&c[5].eq, 2, 1.5); md_eq_snap (&c[5].eq); break;
    case 70: md_filter_set_freq (&c[6].hpf, 120.0); md_filter_snap (&c[6].hpf); break;
    case 80:
      md_eq_set_band_shelf (&c[9].eq, 0, true);
      md_eq_set_band_gain (&c[9].eq, 0, 15.0);
      md_eq_set_band_q (&c[9].eq, 0, 6.0);
      md_eq_set_band_freq (&c[9].eq, 0, 40.0);
      md_eq_snap (&c[9].eq);
      g_assert_true (c[9].eq.sv[0].dbl);
      break;
    case 100:
      md_eq_set_band_shelf (&c[9].eq, 0, false);
      md_eq_set_band_gain (&c[9].eq, 0, 2.0);
      md_eq_set_band_q (&c[9].eq, 0, 1.0);
      md_eq_snap (&c[9].eq);
      g_assert_false (c[9].eq.sv[0].dbl);
      break;
    case 110: setup_run_chan (&c[11], 20); break;
    default: break;
    }
}

static unsigned
run_builds (const MdChan *c, unsigned n)
{
  unsigned b = 0;

  for (unsigned i = 0; i < n; i++)
    b += c[i].run.n_builds;
  return b;
}

static void
run_chan_runs (bool wide, bool stereo)
{
  enum { N = 17, NF_MAX = 64, BLOCKS = 140 };
  static const unsigned events[] = { 20, 30, 40, 50, 60, 70, 80, 100, 110, 120, 130 };
  static const unsigned sizes[] = { 1, 17, 64 };
  MdChan *c1 = g_new0 (MdChan, N), *c2 = g_new0 (MdChan, N);
  float *x1 = g_new (float, 2 * N * NF_MAX), *x2 = g_new (float, 2 * N * NF_MAX);
  unsigned builds_at = 0, n_rebuilt = 0, prev = 0;

  md_svf_set_wide_path (wide);
  for (unsigned i = 0; i < N; i++)
    {
      setup_run_chan (&c1[i], i);
      setup_run_chan (&c2[i], i);
    }
  for (unsigned blk = 0; blk < BLOCKS; blk++)
    {
      unsigned nf = sizes[blk % G_N_ELEMENTS (sizes)];
      unsigned idx[16], nch[16], n = 16, builds;

      for (unsigned i = 0; i < 16; i++)
        idx[i] = i;
      if (blk >= 20 && blk < 30)        /* chan 3 leaves */
        {
          memmove (idx + 3, idx + 4, 12 * sizeof idx[0]);
          n = 15;
        }
      if (blk >= 40 && blk < 50)        /* chans 1 and 2 swap places */
        {
          idx[1] = 2;
          idx[2] = 1;
        }
      if (blk >= 120 && blk < 130)      /* chan 16 in chan 4's place */
        idx[4] = 16;
      run_event (c1, blk);
      run_event (c2, blk);

      noise (x1, 2 * N * nf, 900 + blk, -18.0);
      memcpy (x2, x1, 2 * N * nf * sizeof (float));
      for (unsigned j = 0; j < n; j++)
        nch[j] = stereo && idx[j] % 3 == 0 ? 2 : 1;
      filters_both (c1, c2, x1, x2, 2, idx, nch, n, nf, 2 * N * nf);

      /* rebuilt within two blocks of each change, then reused */
      builds = run_builds (c2, N);
      for (unsigned e = 0; e < G_N_ELEMENTS (events); e++)
        {
          if (blk == events[e])
            builds_at = prev;
          if (blk == events[e] + 2)
            {
              g_assert_cmpuint (builds, >, builds_at);
              n_rebuilt++;
            }
        }
      /* steady stretches: no build at all (the first: one per run) */
      if (blk == 0)
        {
          /* all steady: one run of 16 mono chans, or 12 + 4 with stereo */
          g_assert_cmpuint (builds, ==, stereo ? 2 : 1);
          g_assert_cmpuint (c2[0].run.n_chan, ==, stereo ? 12 : 16);
        }
      else
        {
          bool quiet = true;

          for (unsigned e = 0; e < G_N_ELEMENTS (events); e++)
            if (blk >= events[e] && blk <= events[e] + 2)
              quiet = false;
          if (quiet)
            g_assert_cmpuint (builds, ==, prev);
        }
      prev = builds;
    }
  g_assert_cmpuint (n_rebuilt, ==, G_N_ELEMENTS (events));
  md_svf_set_wide_path (true);
  g_free (c1);
  g_free (c2);
  g_free (x1);
  g_free (x2);
}

static void
test_chan_filters_multi_runs (void)
{
  for (unsigned wide = 0; wide < 2; wide++)
    for (unsigned stereo = 0; stereo < 2; stereo++)
      run_chan_runs (wide, stereo);
}

/* A NaN in one strip's input in the one-pass path: its units' states are
 * reset and counted (the kernel flags it), the other strips are untouched
 * (equal to the units run one by one), and the strip recovers. */
static void
test_chan_filters_multi_nan (void)
{
  enum { N = 8, NF = 64 };
  MdChan *c1 = g_new0 (MdChan, N), *c2 = g_new0 (MdChan, N);
  float *x1 = g_new (float, N * NF), *x2 = g_new (float, N * NF);

  for (unsigned wide = 0; wide < 2; wide++)
    {
      md_svf_set_wide_path (wide);
      for (unsigned i = 0; i < N; i++)
        {
          md_chan_init (&c1[i], 48000);
          md_chan_init (&c2[i], 48000);
          setup_multi (&c1[i].eq, &c1[i].hpf, 0);
          setup_multi (&c2[i].eq, &c2[i].hpf, 0);
          md_eq_set_on (&c1[i].eq, true);
          md_eq_set_on (&c2[i].eq, true);
          md_eq_snap (&c1[i].eq);
          md_eq_snap (&c2[i].eq);
          md_filter_init (&c1[i].hpf, 48000, MD_BIQUAD_HIGHPASS, true, 40.0, 24);
          md_filter_init (&c2[i].hpf, 48000, MD_BIQUAD_HIGHPASS, true, 40.0, 24);
        }
      for (unsigned blk = 0; blk < 20; blk++)
        {
          static const unsigned mono[N] = { 1, 1, 1, 1, 1, 1, 1, 1 };

          noise (x1, N * NF, 300 + blk, -18.0);
          if (blk == 5)
            x1[3 * NF + 10] = NAN;
          memcpy (x2, x1, N * NF * sizeof (float));
          filters_both (c1, c2, x1, x2, 1, NULL, mono, N, NF, N * NF);
          if (blk > 5)
            for (unsigned f = 0; f < N * NF; f++)
              g_assert_true (isfinite (x2[f]));
        }
      g_assert_cmpuint (c2[3].hpf.n_resets + c2[3].eq.n_resets, >, 0);
      g_assert_cmpuint (c2[3].hpf.n_resets + c2[3].eq.n_resets, ==,
                        c1[3].hpf.n_resets + c1[3].eq.n_resets);
      g_assert_cmpuint (c2[2].hpf.n_resets + c2[2].eq.n_resets, ==, 0);
    }
  md_svf_set_wide_path (true);
  g_free (c1);
  g_free (c2);
  g_free (x1);
  g_free (x2);
}

/* ---------------------------------------------------------------------- */
/* benchmark (only with -m perf): ns per channel-sample at 64-frame blocks */

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

typedef void (*ProcessFunc) (void *unit, float *const *ch, unsigned n_ch, unsigned n_frames);

/* Best of 5 runs of N_BLOCKS blocks of fresh -18 dBFS noise, minus the
 * cost of copying the input in. */
static double
bench_unit (ProcessFunc fn, void *unit, unsigned n_ch, unsigned block, const float *src,
            unsigned src_len)
{
  const unsigned n_blocks = 20000;
  float x[MD_DSP_MAX_CH][256];
  float *chs[MD_DSP_MAX_CH] = { x[0], x[1] };
  double best = 1e9;

  for (unsigned rep = 0; rep < 5; rep++)
    {
      double t0 = now_s (), t;

      for (unsigned blk = 0; blk < n_blocks; blk++)
        {
          unsigned off = (blk * block) % (src_len - block);

          for (unsigned c = 0; c < n_ch; c++)
            memcpy (x[c], src + off + c, block * sizeof (float));
          if (fn)
            fn (unit, chs, n_ch, block);
        }
      t = now_s () - t0;
      best = MIN (best, t);
    }
  return best * 1e9 / ((double) n_blocks * block * n_ch);
}

static void
filter_fn (void *u, float *const *ch, unsigned n_ch, unsigned n)
{
  md_filter_process (u, ch, n_ch, n);
}

static void
eq_fn (void *u, float *const *ch, unsigned n_ch, unsigned n)
{
  md_eq_process (u, ch, n_ch, n);
}

static void
gate_fn (void *u, float *const *ch, unsigned n_ch, unsigned n)
{
  md_gate_process (u, ch, n_ch, n);
}

static void
comp_fn (void *u, float *const *ch, unsigned n_ch, unsigned n)
{
  md_comp_process (u, ch, n_ch, n);
}

typedef struct
{
  MdFilter hpf, lpf;
  MdEq eq;
  MdGate gate;
  MdComp comp;
} Chain;

static void
chain_fn (void *u, float *const *ch, unsigned n_ch, unsigned n)
{
  Chain *c = u;

  md_filter_process (&c->hpf, ch, n_ch, n);
  md_filter_process (&c->lpf, ch, n_ch, n);
  md_eq_process (&c->eq, ch, n_ch, n);
  md_gate_process (&c->gate, ch, n_ch, n);
  md_comp_process (&c->comp, ch, n_ch, n);
}

static void
test_bench (void)
{
  const double fs = 48000.0;
  const unsigned src_len = 1u << 16;
  float *src = g_new (float, src_len);
  Chain *c = g_new0 (Chain, 1);
  Chain *off = g_new0 (Chain, 1);

  noise (src, src_len, 77, -18.0);
  md_filter_init (&c->hpf, fs, MD_BIQUAD_HIGHPASS, true, 80, 24);
  md_filter_init (&c->lpf, fs, MD_BIQUAD_LOWPASS, true, 15000, 12);
  md_eq_init (&c->eq, fs);
  md_eq_set_on (&c->eq, true);
  for (unsigned b = 0; b < 4; b++)
    {
      md_eq_set_band_on (&c->eq, b, true);
      md_eq_set_band_gain (&c->eq, b, b & 1 ? -3 : 4);
    }
  md_eq_snap (&c->eq);
  md_gate_init (&c->gate, fs);
  md_gate_set_on (&c->gate, true);
  md_gate_set_threshold (&c->gate, -60);
  md_comp_init (&c->comp, fs);
  md_comp_set_on (&c->comp, true);
  md_comp_set_threshold (&c->comp, -30);
  md_comp_set_sc_hpf_on (&c->comp, true);
  /* everything off */
  md_filter_init (&off->hpf, fs, MD_BIQUAD_HIGHPASS, false, 80, 24);
  md_filter_init (&off->lpf, fs, MD_BIQUAD_LOWPASS, false, 15000, 12);
  md_eq_init (&off->eq, fs);
  md_gate_init (&off->gate, fs);
  md_comp_init (&off->comp, fs);

  for (unsigned block = 64; block <= 256; block *= 4)
    for (unsigned n_ch = 1; n_ch <= 2; n_ch++)
      {
        double base = bench_unit (NULL, NULL, n_ch, block, src, src_len);

        g_test_message ("%u ch, %u-frame blocks, ns per channel-sample (copy-in subtracted): "
                        "HPF24 %.2f LPF12 %.2f EQ4 %.2f gate %.2f comp+scHPF %.2f | "
                        "chain %.2f | all off %.2f",
                        n_ch, block,
                        bench_unit (filter_fn, &c->hpf, n_ch, block, src, src_len) - base,
                        bench_unit (filter_fn, &c->lpf, n_ch, block, src, src_len) - base,
                        bench_unit (eq_fn, &c->eq, n_ch, block, src, src_len) - base,
                        bench_unit (gate_fn, &c->gate, n_ch, block, src, src_len) - base,
                        bench_unit (comp_fn, &c->comp, n_ch, block, src, src_len) - base,
                        bench_unit (chain_fn, c, n_ch, block, src, src_len) - base,
                        bench_unit (chain_fn, off, n_ch, block, src, src_len) - base);
      }
  /* 8 mono strips (HPF 24 + LPF 12 + EQ 4 bands + gate + compressor with
   * sidechain HPF), one by one vs the _multi calls */
  {
    enum { NS = 8 };
    const unsigned n_blocks = 20000, block = 64;
    Chain *st = g_new0 (Chain, NS);
    float (*x)[256] = g_malloc (NS * sizeof *x);
    double best1 = 1e9, best2 = 1e9;

    for (unsigned i = 0; i < NS; i++)
      {
        md_filter_init (&st[i].hpf, fs, MD_BIQUAD_HIGHPASS, true, 60 + 5 * i, 24);
        md_filter_init (&st[i].lpf, fs, MD_BIQUAD_LOWPASS, true, 15000 - 100 * i, 12);
        md_eq_init (&st[i].eq, fs);
        md_eq_set_on (&st[i].eq, true);
        for (unsigned b = 0; b < 4; b++)
          {
            md_eq_set_band_on (&st[i].eq, b, true);
            md_eq_set_band_gain (&st[i].eq, b, b & 1 ? -3 : 4 + 0.1 * i);
          }
        md_eq_snap (&st[i].eq);
        md_gate_init (&st[i].gate, fs);
        md_gate_set_on (&st[i].gate, true);
        md_gate_set_threshold (&st[i].gate, -60);
        md_comp_init (&st[i].comp, fs);
        md_comp_set_on (&st[i].comp, true);
        md_comp_set_threshold (&st[i].comp, -30);
        md_comp_set_sc_hpf_on (&st[i].comp, true);
      }
    for (unsigned rep = 0; rep < 5; rep++)
      for (unsigned mode = 0; mode < 2; mode++)
        {
          double t0 = now_s (), t;

          for (unsigned blk = 0; blk < n_blocks; blk++)
            {
              MdFilter *hp[NS], *lp[NS];
              MdEq *eqp[NS];
              MdComp *cp[NS];
              float *bp[NS];

              for (unsigned i = 0; i < NS; i++)
                {
                  memcpy (x[i], src + (blk * block + 97 * i) % (src_len - block),
                          block * sizeof (float));
                  hp[i] = &st[i].hpf;
                  lp[i] = &st[i].lpf;
                  eqp[i] = &st[i].eq;
                  cp[i] = &st[i].comp;
                  bp[i] = x[i];
                }
              if (mode == 0)
                for (unsigned i = 0; i < NS; i++)
                  {
                    float *chs[1] = { x[i] };

                    md_filter_process (hp[i], chs, 1, block);
                    md_filter_process (lp[i], chs, 1, block);
                    md_eq_process (eqp[i], chs, 1, block);
                    md_gate_process (&st[i].gate, chs, 1, block);
                    md_comp_process (cp[i], chs, 1, block);
                  }
              else
                {
                  md_filter_process_multi (hp, bp, NS, block);
                  md_filter_process_multi (lp, bp, NS, block);
                  md_eq_process_multi (eqp, bp, NS, block);
                  for (unsigned i = 0; i < NS; i++)
                    {
                      float *chs[1] = { x[i] };

                      md_gate_process (&st[i].gate, chs, 1, block);
                    }
                  md_comp_process_multi (cp, bp, NS, block);
                }
            }
          t = (now_s () - t0) * 1e9 / ((double) n_blocks * block * NS);
          if (mode == 0)
            best1 = MIN (best1, t);
          else
            best2 = MIN (best2, t);
        }
    g_test_message ("8 mono strips, 64-frame blocks, HPF24+LPF12+EQ4+gate+comp incl. copy-in: "
                    "one by one %.2f, _multi %.2f ns per channel-sample", best1, best2);
    g_free (st);
    g_free (x);
  }
  g_free (src);
  g_free (c);
  g_free (off);
}

/* The lane kernels at every width this CPU has (4-wide SSE2; AVX2 8-wide;
 * AVX-512F 16-wide for more than 8 lanes), as prepared lane sets (in
 * place, and from other buffers: md_svf_lane_set_run_in; a one-section
 * MdSvfLaneSet1 for one section) and as plain lanes, against the one-by-one path (md_svf_run_unit, one lane at a
 * time): the same bits for 1-16 lanes, 1-8 sections, pieces of 1-70
 * frames (whole and partial transposes). */
static void
test_svf_lanes_widths (void)
{
  enum { NL = MD_SVF_MAX_LANES, NS = MD_SVF_MAX_SECTIONS, NF = 300 };
  static const unsigned counts[] = { 1, 5, 8, 9, 12, 16 };
  static const unsigned frames[] = { 1, 3, 16, 17, 64, 70, 300 };
  static MdSvfSection sec[NL][NS];
  static float x[NL][NF], y[NL][NF], z[NL][NF];
  static MdSvfLaneSet ls;
  static MdSvfLaneSet1 ls1;
  GRand *rnd = g_rand_new_with_seed (4242);

  for (unsigned j = 0; j < NL; j++)
    {
      for (unsigned k = 0; k < NS; k++)
        {
          /* float sections only (the lanes take no dbl ones) */
          md_svf_design (&sec[j][k], k % 3 == 0 ? MD_BIQUAD_HIGHPASS
                         : k % 3 == 1 ? MD_BIQUAD_PEAKING : MD_BIQUAD_LOWPASS,
                         48000.0, 40.0 + 700.0 * k + 37.0 * j, -6.0 + 0.5 * j, 0.5 + 0.1 * k);
          g_assert_false (sec[j][k].dbl);
          g_assert_false (md_svf_ramping (&sec[j][k]));
        }
      for (unsigned i = 0; i < NF; i++)
        x[j][i] = (float) g_rand_double_range (rnd, -1.0, 1.0);
    }
  g_rand_free (rnd);
  for (unsigned mode = 0; mode < 3; mode++)
    for (unsigned ci = 0; ci < G_N_ELEMENTS (counts); ci++)
      for (unsigned ns = 1; ns <= NS; ns++)
        for (unsigned fi = 0; fi < G_N_ELEMENTS (frames); fi++)
          for (unsigned set = 0; set < (ns == 1 ? 4 : 3); set++)
            {
              unsigned nl = counts[ci], nf = frames[fi];
              MdSvfState st[NL][NS], st2[NL][NS];
              MdSvfLane lanes[NL];
              float *bufs[NL];
              const float *src[NL];

              md_svf_set_wide_path (mode > 0);
              md_svf_set_16_wide (mode > 1);
              memset (st, 0, sizeof st);
              memset (st2, 0, sizeof st2);
              /* SET 2 (md_svf_lane_set_run_in) and 3 (md_svf_lane_set1_run_in):
               * from X into Y, then Y in place */
              if (set >= 2)
                memset (y, 0, sizeof y);
              else
                memcpy (y, x, sizeof y);
              memcpy (z, x, sizeof z);
              for (unsigned j = 0; j < nl; j++)
                {
                  const MdSvfSection *secs[NS];
                  MdSvfState *s2[1] = { st2[j] };
                  float *ch[1] = { z[j] };

                  for (unsigned k = 0; k < ns; k++)
                    {
                      lanes[j].c[k] = &sec[j][k].c;
                      lanes[j].s[k] = &st[j][k];
                      secs[k] = &sec[j][k];
                    }
                  lanes[j].buf = y[j];
                  bufs[j] = y[j];
                  src[j] = x[j];
                  /* two calls each way: the states carry over */
                  for (unsigned rep = 0; rep < 2; rep++)
                    {
                      md_svf_run_unit (secs, ns, s2, 1, ch, nf, 0);
                      g_assert_cmpuint (md_svf_sanitize_n (st2[j], ns), ==, 0);
                    }
                }
              for (unsigned rep = 0; rep < 2; rep++)
                if (set == 3)
                  {
                    md_svf_lane_set1_prepare (&ls1, lanes, nl, ns);
                    g_assert_cmpuint (ls1.n_sections, ==, 1);
                    g_assert_false (md_svf_lane_set1_run_in (&ls1, rep ? (const float *const *) bufs
                                                             : src, bufs, nf));
                  }
                else if (set == 2)
                  {
                    md_svf_lane_set_prepare (&ls, lanes, nl, ns);
                    g_assert_false (md_svf_lane_set_run_in (&ls, rep ? (const float *const *) bufs
                                                            : src, bufs, nf));
                  }
                else if (set)
                  {
                    md_svf_lane_set_prepare (&ls, lanes, nl, ns);
                    g_assert_false (md_svf_lane_set_run (&ls, bufs, nf));
                  }
                else
                  g_assert_false (md_svf_run_lanes (lanes, nl, ns, nf));
              for (unsigned j = 0; j < nl; j++)
                {
                  g_assert_cmpmem (y[j], nf * sizeof (float), z[j], nf * sizeof (float));
                  for (unsigned k = 0; k < ns; k++)
                    {
                      g_assert_true (st[j][k].ic1 == st2[j][k].ic1);
                      g_assert_true (st[j][k].ic2 == st2[j][k].ic2);
                    }
                }
            }
  md_svf_set_wide_path (true);
  md_svf_set_16_wide (true);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eq/band-response", test_band_response);
  g_test_add_func ("/eq/smoothing-lands", test_smoothing_lands);
  g_test_add_func ("/eq/switch-click", test_switch_click);
  g_test_add_func ("/eq/sweep", test_sweep);
  g_test_add_func ("/eq/extremes", test_extremes);
  g_test_add_func ("/eq/off-transparent", test_off_transparent);
  g_test_add_func ("/eq/nan-recovery", test_nan_recovery);
  g_test_add_func ("/eq/block-sizes-and-stereo", test_block_sizes_and_stereo);
  g_test_add_func ("/eq/multi", test_multi);
  g_test_add_func ("/eq/multi-ch", test_multi_ch);
  g_test_add_func ("/chan/filters-multi", test_chan_filters_multi);
  g_test_add_func ("/chan/filters-multi-nan", test_chan_filters_multi_nan);
  g_test_add_func ("/chan/filters-multi-lanes", test_chan_filters_multi_lanes);
  g_test_add_func ("/chan/filters-multi-runs", test_chan_filters_multi_runs);
  g_test_add_func ("/svf/lanes-widths", test_svf_lanes_widths);
  if (g_test_perf ())
    g_test_add_func ("/dsp/bench", test_bench);
  return g_test_run ();
}
