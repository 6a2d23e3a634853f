/* test-biquad.c: RBJ cookbook sections and the Butterworth HPF/LPF.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tolerances (from issue 4):
 *  - coefficient response |H(e^jw)| (double) vs the analog prototype taken
 *    through the bilinear transform, Omega = tan(w/2)/tan(w0/2): 0.01 dB
 *    (measured ~1e-9 dB) at 100 log-spaced frequencies 20 Hz..20 kHz;
 *  - measured response of the float implementation (impulse response, DFT)
 *    vs the analytic response: 0.01 dB where |H| >= -60 dB, and an absolute
 *    error below 1e-5 (-100 dB) where the response is deeper than that;
 *  - time-domain float output vs a double-precision direct-form reference
 *    with the same double coefficients, -18 dBFS white noise: max error
 *    below -100 dBFS.
 *  - the float state-variable sections (md-svf.h, what the strips run): the
 *    same response tolerances; time domain within -100 dBFS of a double
 *    direct-form reference designed independently (md_biquad_design) for
 *    -18 dBFS noise and full-scale sines at the corner frequency and at
 *    1 kHz, 44.1/48/96 kHz, 20 Hz..20 kHz, q 0.1..20, gain +-24 dB (the
 *    sections md-svf runs in double included), and 8 sections in series;
 *    the 4-wide and 8-wide kernels give the same bits, and so does the
 *    two-set key pass (md_svf_lane_set1_run2_in) against two one-set runs.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "md-biquad.h"
#include "md-filter.h"
#include "md-svf.h"

#define N_FREQ 100

static const double rates[] = { 44100.0, 48000.0 };
static const MdBiquadType all_types[] = {
  MD_BIQUAD_LOWPASS, MD_BIQUAD_HIGHPASS, MD_BIQUAD_PEAKING,
  MD_BIQUAD_LOWSHELF, MD_BIQUAD_HIGHSHELF
};
static const double grid_freq[] = { 20.0, 150.0, 1000.0, 6000.0, 19000.0 };
static const double grid_gain[] = { -24.0, -6.0, 3.0, 24.0 };
static const double grid_q[] = { 0.1, 0.7071, 3.0, 20.0 };

static double
test_freq (unsigned i)
{
  return 20.0 * pow (1000.0, i / (double) (N_FREQ - 1));
}

/* |H(e^jw)| of double coefficients, straight from the definition. */
static double
coef_mag (const MdBiquadCoefs *c, double w)
{
  double c1 = cos (w), s1 = sin (w), c2 = cos (2 * w), s2 = sin (2 * w);
  double nr = c->b0 + c->b1 * c1 + c->b2 * c2, ni = -(c->b1 * s1 + c->b2 * s2);
  double dr = 1.0 + c->a1 * c1 + c->a2 * c2, di = -(c->a1 * s1 + c->a2 * s2);

  return sqrt ((nr * nr + ni * ni) / (dr * dr + di * di));
}

/* |N(jW)/D(jW)| of n2 s^2 + n1 s + n0 over d2 s^2 + d1 s + d0. */
static double
quad_mag (double n2, double n1, double n0, double d2, double d1, double d0, double W)
{
  double nr = n0 - n2 * W * W, ni = n1 * W;
  double dr = d0 - d2 * W * W, di = d1 * W;

  return sqrt ((nr * nr + ni * ni) / (dr * dr + di * di));
}

/* The cookbook's analog prototypes (normalised to w0 = 1), evaluated at the
 * prewarped frequency. Independent of md_biquad_design. */
static double
analog_mag (MdBiquadType type, double fs, double f0, double gain_db, double q, double f)
{
  double W = tan (M_PI * f / fs) / tan (M_PI * f0 / fs);
  double A = pow (10.0, gain_db / 40.0), sa = sqrt (A);

  switch (type)
    {
    case MD_BIQUAD_LOWPASS:  return quad_mag (0, 0, 1, 1, 1 / q, 1, W);
    case MD_BIQUAD_HIGHPASS: return quad_mag (1, 0, 0, 1, 1 / q, 1, W);
    case MD_BIQUAD_PEAKING:  return quad_mag (1, A / q, 1, 1, 1 / (A * q), 1, W);
    case MD_BIQUAD_LOWSHELF: return A * quad_mag (1, sa / q, A, A, sa / q, 1, W);
    case MD_BIQUAD_HIGHSHELF:
    default:                 return A * quad_mag (A, sa / q, 1, 1, sa / q, A, W);
    }
}

static double
db (double x)
{
  return 20.0 * log10 (x);
}

/* Compare measured magnitude M with reference R: 0.01 dB, or 1e-5 absolute
 * below -60 dB (the float output's rounding, ~6e-8 per sample, sets an
 * absolute floor of ~1e-7 in the DFT). Returns the dB error where it applies (0 otherwise). */
static double
check_mag (double m, double r, const char *what)
{
  if (r >= 1e-3)
    {
      double e = fabs (db (m) - db (r));

      if (e > 0.01)
        g_error ("%s: %.6f dB vs %.6f dB", what, db (m), db (r));
      return e;
    }
  if (fabs (m - r) > 1e-5)
    g_error ("%s: deep stop band %.3g vs %.3g", what, m, r);
  return 0.0;
}

static void
test_design_vs_analog (void)
{
  double max_err = 0.0;
  unsigned n = 0;

  for (unsigned r = 0; r < G_N_ELEMENTS (rates); r++)
    for (unsigned t = 0; t < G_N_ELEMENTS (all_types); t++)
      for (unsigned fi = 0; fi < G_N_ELEMENTS (grid_freq); fi++)
        for (unsigned gi = 0; gi < G_N_ELEMENTS (grid_gain); gi++)
          for (unsigned qi = 0; qi < G_N_ELEMENTS (grid_q); qi++)
            {
              MdBiquadCoefs c;
              double fs = rates[r];

              md_biquad_design (&c, all_types[t], fs, grid_freq[fi], grid_gain[gi], grid_q[qi]);
              for (unsigned i = 0; i < N_FREQ; i++)
                {
                  double f = test_freq (i);
                  double m = coef_mag (&c, 2 * M_PI * f / fs);
                  double a = analog_mag (all_types[t], fs, grid_freq[fi], grid_gain[gi],
                                         grid_q[qi], f);

                  max_err = fmax (max_err, check_mag (m, a, "design vs analog"));
                  n++;
                }
            }
  g_test_message ("design vs analog prototype: %u points, max error %.3g dB", n, max_err);
}

/* Cookbook identities: peaking/shelf at 0 dB is the identity; peaking gain
 * at f0 is the gain; shelf gain at DC / Nyquist is the gain. */
static void
test_design_identities (void)
{
  MdBiquadCoefs c;
  double fs = 48000.0;

  md_biquad_design (&c, MD_BIQUAD_PEAKING, fs, 1000, 0.0, 2.0);
  g_assert_cmpfloat (c.b0, ==, 1.0);
  g_assert_cmpfloat (c.b1, ==, c.a1);
  g_assert_cmpfloat (c.b2, ==, c.a2);
  md_biquad_design (&c, MD_BIQUAD_PEAKING, fs, 1000, 12.0, 2.0);
  g_assert_cmpfloat_with_epsilon (db (coef_mag (&c, 2 * M_PI * 1000 / fs)), 12.0, 1e-9);
  md_biquad_design (&c, MD_BIQUAD_LOWSHELF, fs, 300, -9.0, 0.7);
  g_assert_cmpfloat_with_epsilon (db (md_biquad_dc_gain (&c)), -9.0, 1e-9);
  md_biquad_design (&c, MD_BIQUAD_HIGHSHELF, fs, 3000, 7.0, 0.7);
  g_assert_cmpfloat_with_epsilon (db (coef_mag (&c, M_PI)), 7.0, 1e-9);
  /* frequency clamp below Nyquist */
  md_biquad_design (&c, MD_BIQUAD_PEAKING, 44100, 30000, 24.0, 20.0);
  g_assert_true (isfinite (c.b0 + c.b1 + c.b2 + c.a1 + c.a2));
  g_assert_cmpfloat (fabs (c.a2), <, 1.0);
}

/* DFT of H's impulse response at frequency f, with the phasor refreshed
 * from cos/sin every 256 samples. */
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

/* Impulse-response length for the decay of the slowest pole to 1e-9. */
static unsigned
ir_length (const MdBiquadCoefs *c, unsigned n_sections)
{
  double r = 0.0, len;

  for (unsigned k = 0; k < n_sections; k++)
    {
      double disc = c[k].a1 * c[k].a1 - 4.0 * c[k].a2;
      double rk = disc < 0 ? sqrt (c[k].a2)
                           : 0.5 * (fabs (c[k].a1) + sqrt (disc));
      r = fmax (r, rk);
    }
  len = r <= 0.0 ? 64 : 21.0 / -log (r) + 64;
  return len > (1u << 21) ? (1u << 21) : (unsigned) len;
}

static void
test_float_response (void)
{
  double max_err = 0.0;
  unsigned n = 0;
  float *h = g_new (float, 1u << 21);

  for (unsigned r = 0; r < G_N_ELEMENTS (rates); r++)
    for (unsigned t = 0; t < G_N_ELEMENTS (all_types); t++)
      for (unsigned fi = 0; fi < G_N_ELEMENTS (grid_freq); fi++)
        for (unsigned gi = 0; gi < G_N_ELEMENTS (grid_gain); gi++)
          for (unsigned qi = 0; qi < G_N_ELEMENTS (grid_q); qi++)
            {
              MdBiquadCoefs c;
              MdBiquadState s;
              double fs = rates[r];
              unsigned len;

              if ((all_types[t] == MD_BIQUAD_LOWPASS || all_types[t] == MD_BIQUAD_HIGHPASS)
                  && gi > 0)
                continue;
              md_biquad_design (&c, all_types[t], fs, grid_freq[fi], grid_gain[gi], grid_q[qi]);
              len = ir_length (&c, 1);
              memset (h, 0, len * sizeof (float));
              h[0] = 1.0f;
              md_biquad_reset (&s);
              md_biquad_run (&c, &s, h, len);
              for (unsigned i = 0; i < N_FREQ; i++)
                {
                  double f = test_freq (i);
                  double m = dft_mag (h, len, 2 * M_PI * f / fs);

                  max_err = fmax (max_err, check_mag (m, coef_mag (&c, 2 * M_PI * f / fs),
                                                      "float IR vs coefficients"));
                  max_err = fmax (max_err, check_mag (m, analog_mag (all_types[t], fs,
                                                                     grid_freq[fi],
                                                                     grid_gain[gi],
                                                                     grid_q[qi], f),
                                                      "float IR vs analog"));
                  n++;
                }
            }
  g_free (h);
  g_test_message ("float implementation (IR + DFT) vs analytic: %u points, max error %.3g dB",
                  n, max_err);
}

/* white noise, uniform, rms = 10^(-18/20) */
static void
noise (float *x, unsigned n, guint32 seed, double level_db)
{
  GRand *r = g_rand_new_with_seed (seed);
  double a = pow (10.0, level_db / 20.0) * sqrt (3.0);

  for (unsigned i = 0; i < n; i++)
    x[i] = (float) (a * g_rand_double_range (r, -1.0, 1.0));
  g_rand_free (r);
}

static double
max_err_db (const float *y, const double *ref, unsigned n)
{
  double e = 0.0;

  for (unsigned i = 0; i < n; i++)
    e = fmax (e, fabs (y[i] - ref[i]));
  return db (e + 1e-300);
}

/* Reference: direct form I in double, one sample at a time. */
static void
ref_run (const MdBiquadCoefs *c, const float *x, double *y, unsigned n, double *st)
{
  for (unsigned i = 0; i < n; i++)
    {
      double v = c->b0 * x[i] + c->b1 * st[0] + c->b2 * st[1] - c->a1 * st[2] - c->a2 * st[3];

      st[1] = st[0];
      st[0] = x[i];
      st[3] = st[2];
      st[2] = v;
      y[i] = v;
    }
}

/* For the record: a float transposed direct form II with float
 * coefficients, the structure the header argues against. */
static void
float_tdf2 (const MdBiquadCoefs *c, const float *x, float *y, unsigned n)
{
  float b0 = c->b0, b1 = c->b1, b2 = c->b2, a1 = c->a1, a2 = c->a2, s1 = 0, s2 = 0;

  for (unsigned i = 0; i < n; i++)
    {
      float v = b0 * x[i] + s1;

      s1 = b1 * x[i] - a1 * v + s2;
      s2 = b2 * x[i] - a2 * v;
      y[i] = v;
    }
}

static void
test_time_domain (void)
{
  const unsigned n = 96000;
  float *x = g_new (float, n), *y = g_new (float, n);
  double *ref = g_new (double, n);
  double worst = -400.0, worst_tdf2 = -400.0;

  noise (x, n, 1234, -18.0);
  for (unsigned r = 0; r < G_N_ELEMENTS (rates); r++)
    for (unsigned t = 0; t < G_N_ELEMENTS (all_types); t++)
      for (unsigned fi = 0; fi < G_N_ELEMENTS (grid_freq); fi++)
        for (unsigned gi = 0; gi < G_N_ELEMENTS (grid_gain); gi += 3)
          for (unsigned qi = 0; qi < G_N_ELEMENTS (grid_q); qi++)
            {
              MdBiquadCoefs c;
              MdBiquadState s;
              double st[4] = { 0 };
              double e;

              md_biquad_design (&c, all_types[t], rates[r], grid_freq[fi], grid_gain[gi],
                                grid_q[qi]);
              md_biquad_reset (&s);
              memcpy (y, x, n * sizeof (float));
              /* odd block sizes */
              for (unsigned pos = 0, b = 1; pos < n; pos += b, b = b * 3 % 509 + 1)
                md_biquad_run (&c, &s, y + pos, MIN (b, n - pos));
              ref_run (&c, x, ref, n, st);
              e = max_err_db (y, ref, n);
              if (e > -100.0)
                g_error ("time domain: type %d f %g g %g q %g: %.1f dBFS", all_types[t],
                         grid_freq[fi], grid_gain[gi], grid_q[qi], e);
              worst = fmax (worst, e);
              float_tdf2 (&c, x, y, n);
              worst_tdf2 = fmax (worst_tdf2, max_err_db (y, ref, n));
            }
  g_test_message ("time domain vs double reference: worst max error %.1f dBFS "
                  "(float TDF-II would be %.1f dBFS)", worst, worst_tdf2);
  g_free (x);
  g_free (y);
  g_free (ref);
}

/* Butterworth magnitude, |H|^2 = 1 / (1 + W^(2N)) (LP), W^(2N) / (1 + W^(2N)) (HP). */
static double
butterworth_mag (MdBiquadType type, unsigned order, double fs, double f0, double f)
{
  double W = tan (M_PI * f / fs) / tan (M_PI * f0 / fs);
  double p = pow (W, 2.0 * order);

  return type == MD_BIQUAD_LOWPASS ? sqrt (1.0 / (1.0 + p)) : sqrt (p / (1.0 + p));
}

static void
test_filter_response (void)
{
  static const double freqs[] = { 20.0, 80.0, 500.0, 3000.0, 12000.0, 20000.0 };
  float *h = g_new (float, 1u << 21);
  double max_err = 0.0;

  for (unsigned r = 0; r < G_N_ELEMENTS (rates); r++)
    for (unsigned t = 0; t < 2; t++)
      for (unsigned slope = 12; slope <= 24; slope += 12)
        for (unsigned fi = 0; fi < G_N_ELEMENTS (freqs); fi++)
          {
            MdBiquadType type = t ? MD_BIQUAD_LOWPASS : MD_BIQUAD_HIGHPASS;
            MdFilter *f = g_new0 (MdFilter, 1);
            float *chs[1] = { h };
            unsigned len;

            md_filter_init (f, rates[r], type, true, freqs[fi], slope);
            len = ir_length (&f->chain[f->cur].sm[0].c, 1);
            if (slope == 24)
              len = MAX (len, ir_length (&f->chain[f->cur].sm[1].c, 1)) * 2;
            memset (h, 0, len * sizeof (float));
            /* the unit primes from the first sample; start it on silence */
            {
              float z[64] = { 0 };
              float *zc[1] = { z };

              md_filter_process (f, zc, 1, 64);
            }
            h[0] = 1.0f;
            for (unsigned pos = 0; pos < len; pos += 64)
              {
                chs[0] = h + pos;
                md_filter_process (f, chs, 1, MIN (64u, len - pos));
              }
            for (unsigned i = 0; i < N_FREQ; i++)
              {
                double fr = test_freq (i), w = 2 * M_PI * fr / rates[r];
                double m = dft_mag (h, len, w);

                max_err = fmax (max_err, check_mag (m, butterworth_mag (type, slope / 6, rates[r],
                                                                        freqs[fi], fr),
                                                    "filter vs Butterworth"));
              }
            g_free (f);
          }
  g_free (h);
  g_test_message ("HPF/LPF 12/24 dB (IR + DFT) vs Butterworth: max error %.3g dB", max_err);
}

/* Off is bit-transparent; switching crossfades (checked for clicks with a
 * sine and the second-difference metric of test-eq). */
static void
test_filter_off (void)
{
  const unsigned n = 4800;
  float *x = g_new (float, n), *y = g_new (float, n);
  float *chs[2] = { y, y };
  MdFilter f;

  noise (x, n, 7, -18.0);
  memcpy (y, x, n * sizeof (float));
  md_filter_init (&f, 48000, MD_BIQUAD_HIGHPASS, false, 100, 24);
  md_filter_process (&f, chs, 1, n);
  g_assert_cmpmem (x, n * sizeof (float), y, n * sizeof (float));

  /* on, then off again: after the 10 ms crossfade it is transparent again */
  md_filter_set_on (&f, true);
  md_filter_process (&f, chs, 1, 1000);
  md_filter_set_on (&f, false);
  md_filter_process (&f, chs, 1, 480);
  memcpy (y, x, n * sizeof (float));
  md_filter_process (&f, chs, 1, n);
  g_assert_cmpmem (x, n * sizeof (float), y, n * sizeof (float));
  g_free (x);
  g_free (y);
}

static double
max_second_diff (const float *y, unsigned n)
{
  double m = 0.0;

  for (unsigned i = 2; i < n; i++)
    m = fmax (m, fabs ((double) y[i] - 2.0 * y[i - 1] + y[i - 2]));
  return m;
}

/* Toggling on/off and changing slope while a 1 kHz sine plays: the output's
 * second difference stays below that of the (filter-free) sine times 1.1,
 * so no step or kink appears. A hard switch would give ~(1 - |H|) A. */
static void
test_filter_switch_click (void)
{
  const double fs = 48000.0, a = 0.5;
  const unsigned n = 48000;
  float *y = g_new (float, n);
  float *chs[1];
  MdFilter f;
  double bound, m;

  for (unsigned i = 0; i < n; i++)
    y[i] = (float) (a * sin (2 * M_PI * 1000.0 * i / fs));
  bound = 1.1 * a * pow (2 * sin (M_PI * 1000.0 / fs), 2);
  md_filter_init (&f, fs, MD_BIQUAD_HIGHPASS, false, 800, 12);
  for (unsigned pos = 0, blk = 0; pos < n; pos += 64, blk++)
    {
      if (blk % 50 == 10)
        md_filter_set_on (&f, !f.xf.on_target);
      if (blk % 70 == 33)
        md_filter_set_slope (&f, f.t_slope_db_oct == 12 ? 24 : 12);
      if (blk % 90 == 45)
        md_filter_set_freq (&f, f.t_freq_hz == 800 ? 1200 : 800);
      chs[0] = y + pos;
      md_filter_process (&f, chs, 1, 64);
    }
  m = max_second_diff (y, n);
  g_test_message ("filter switching: max 2nd difference %.4g, bound %.4g", m, bound);
  g_assert_cmpfloat (m, <=, bound);
  g_free (y);
}

/* Snap: a preset applies without ramps or crossfades. */
static void
test_filter_snap (void)
{
  MdFilter f;
  MdBiquadCoefs c;

  md_filter_init (&f, 48000, MD_BIQUAD_LOWPASS, false, 1000, 12);
  md_filter_set_on (&f, true);
  md_filter_set_freq (&f, 2000);
  md_filter_set_slope (&f, 24);
  md_filter_snap (&f);
  g_assert_true (md_xfade_is_on (&f.xf));
  g_assert_cmpuint (f.chain[f.cur].slope_db_oct, ==, 24);
  md_biquad_design (&c, MD_BIQUAD_LOWPASS, 48000, 2000, 0, MD_FILTER_Q_BW4_2);
  g_assert_cmpmem (&c, sizeof c, &f.chain[f.cur].sm[1].c, sizeof c);
}


/* ---------------------------------------------------------------------- */
/* float state-variable sections (md-svf) */

static const double svf_rates[] = { 44100.0, 48000.0, 96000.0 };
static const double svf_freq[] = { 20.0, 150.0, 1000.0, 6000.0, 20000.0 };
static const double svf_gain[] = { -24.0, -12.0, -6.0, 6.0, 12.0, 18.0, 24.0 };

/* one section over BUF in odd block sizes */
static void
svf_run_blocks (const MdSvfSection *sec, MdSvfState *st, float *buf, unsigned n)
{
  const MdSvfSection *secs[1] = { sec };
  MdSvfState *sts[1] = { st };

  for (unsigned pos = 0, b = 1; pos < n; pos += b, b = b * 3 % 509 + 1)
    {
      float *chs[1] = { buf + pos };

      md_svf_run_unit (secs, 1, sts, 1, chs, MIN (b, n - pos), 0);
    }
}

/* the float kernel forced on a section (for the record: what float would
 * give where md-svf runs double) */
static void
svf_run_float (const MdSvfSection *sec, MdSvfState *st, float *buf, unsigned n)
{
  MdSvfLane lane;

  lane.c[0] = &sec->c;
  lane.s[0] = st;
  lane.buf = buf;
  md_svf_run_lanes (&lane, 1, 1, n);
}

static void
test_svf_response (void)
{
  double max_err = 0.0;
  float *h = g_new (float, 1u << 21);

  for (unsigned r = 0; r < G_N_ELEMENTS (rates); r++)
    for (unsigned t = 0; t < G_N_ELEMENTS (all_types); t++)
      for (unsigned fi = 0; fi < G_N_ELEMENTS (grid_freq); fi++)
        for (unsigned gi = 0; gi < G_N_ELEMENTS (grid_gain); gi++)
          for (unsigned qi = 0; qi < G_N_ELEMENTS (grid_q); qi++)
            {
              MdBiquadCoefs c;
              MdSvfSection sec;
              MdSvfState st = { 0 };
              double fs = rates[r];
              unsigned len;

              if ((all_types[t] == MD_BIQUAD_LOWPASS || all_types[t] == MD_BIQUAD_HIGHPASS)
                  && gi > 0)
                continue;
              md_biquad_design (&c, all_types[t], fs, grid_freq[fi], grid_gain[gi], grid_q[qi]);
              md_svf_design (&sec, all_types[t], fs, grid_freq[fi], grid_gain[gi], grid_q[qi]);
              len = ir_length (&c, 1);
              memset (h, 0, len * sizeof (float));
              h[0] = 1.0f;
              svf_run_blocks (&sec, &st, h, len);
              for (unsigned i = 0; i < N_FREQ; i++)
                {
                  double f = test_freq (i);
                  double m = dft_mag (h, len, 2 * M_PI * f / fs);

                  max_err = fmax (max_err, check_mag (m, analog_mag (all_types[t], fs,
                                                                     grid_freq[fi],
                                                                     grid_gain[gi],
                                                                     grid_q[qi], f),
                                                      "SVF IR vs analog"));
                }
            }
  g_free (h);
  g_test_message ("SVF sections (IR + DFT) vs analytic: max error %.3g dB", max_err);
}

/* double direct form I over X into REF (an independent reference: the
 * cookbook coefficients, not the SVF's) */
static void
ref_chain (const MdBiquadCoefs *c, unsigned n_sections, const float *x, double *ref, unsigned n)
{
  double st[MD_SVF_MAX_SECTIONS][4] = { { 0 } };

  for (unsigned i = 0; i < n; i++)
    {
      double v = x[i];

      for (unsigned k = 0; k < n_sections; k++)
        {
          double y = c[k].b0 * v + c[k].b1 * st[k][0] + c[k].b2 * st[k][1]
                     - c[k].a1 * st[k][2] - c[k].a2 * st[k][3];

          st[k][1] = st[k][0];
          st[k][0] = v;
          st[k][3] = st[k][2];
          st[k][2] = y;
          v = y;
        }
      ref[i] = v;
    }
}

static void
sine (float *x, unsigned n, double f, double fs)
{
  for (unsigned i = 0; i < n; i++)
    x[i] = (float) sin (2 * M_PI * f * i / fs);
}

static void
test_svf_time_domain (void)
{
  const unsigned n = 48000;
  float *x = g_new (float, n), *y = g_new (float, n);
  double *ref = g_new (double, n);
  double worst_f = -400.0, worst_d = -400.0, worst_forced = -400.0;
  unsigned n_float = 0, n_double = 0;

  for (unsigned r = 0; r < G_N_ELEMENTS (svf_rates); r++)
    for (unsigned t = 0; t < G_N_ELEMENTS (all_types); t++)
      for (unsigned fi = 0; fi < G_N_ELEMENTS (svf_freq); fi++)
        for (unsigned gi = 0; gi < G_N_ELEMENTS (svf_gain); gi++)
          for (unsigned qi = 0; qi < G_N_ELEMENTS (grid_q); qi++)
            {
              double fs = svf_rates[r], f0 = svf_freq[fi], g = svf_gain[gi], q = grid_q[qi];
              MdBiquadCoefs c;
              MdSvfSection sec;

              if ((all_types[t] == MD_BIQUAD_LOWPASS || all_types[t] == MD_BIQUAD_HIGHPASS)
                  && gi > 0)
                continue;
              md_biquad_design (&c, all_types[t], fs, f0, g, q);
              md_svf_design (&sec, all_types[t], fs, f0, g, q);
              if (sec.dbl)
                n_double++;
              else
                n_float++;
              for (unsigned in = 0; in < 3; in++)
                {
                  MdSvfState st = { 0 };
                  double e;

                  if (in == 0)
                    noise (x, n, 1234 + r, -18.0);
                  else
                    sine (x, n, in == 1 ? md_biquad_clamp_freq (fs, f0) : 1000.0, fs);
                  ref_chain (&c, 1, x, ref, n);
                  memcpy (y, x, n * sizeof (float));
                  svf_run_blocks (&sec, &st, y, n);
                  e = max_err_db (y, ref, n);
                  if (e > -100.0)
                    g_error ("SVF time domain (%s): type %d fs %g f %g g %g q %g, %s: %.1f dBFS",
                             sec.dbl ? "double" : "float", all_types[t], fs, f0, g, q,
                             in == 0 ? "noise" : in == 1 ? "sine at f0" : "sine at 1 kHz", e);
                  if (sec.dbl)
                    {
                      worst_d = fmax (worst_d, e);
                      memcpy (y, x, n * sizeof (float));
                      md_svf_reset (&st);
                      svf_run_float (&sec, &st, y, n);
                      worst_forced = fmax (worst_forced, max_err_db (y, ref, n));
                    }
                  else
                    worst_f = fmax (worst_f, e);
                }
            }
  g_test_message ("SVF time domain vs double reference: %u settings in float, worst %.1f dBFS; "
                  "%u in double, worst %.1f dBFS (in float they would reach %.1f dBFS)",
                  n_float, worst_f, n_double, worst_d, worst_forced);
  g_free (x);
  g_free (y);
  g_free (ref);
}

/* 8 sections in series (a strip: HPF 24, LPF 12, 4 EQ bands, one more
 * peak), 8 lanes with different settings, float path settings near its
 * accuracy limits; noise and full-scale sines; 4-wide and 8-wide kernels
 * bit-identical, lanes equal to one lane at a time. */
static void
test_svf_series (void)
{
  enum { NL = 8, NS = 8 };
  const unsigned n = 48000;
  static const MdBiquadType types[NS] = {
    MD_BIQUAD_HIGHPASS, MD_BIQUAD_HIGHPASS, MD_BIQUAD_LOWPASS, MD_BIQUAD_LOWSHELF,
    MD_BIQUAD_PEAKING, MD_BIQUAD_PEAKING, MD_BIQUAD_HIGHSHELF, MD_BIQUAD_PEAKING
  };
  float *x = g_new (float, NL * n), *y4 = g_new (float, NL * n), *y8 = g_new (float, NL * n);
  float *y1 = g_new (float, n);
  double *ref = g_new (double, n);
  double worst = -400.0;

  for (unsigned r = 0; r < G_N_ELEMENTS (svf_rates); r++)
    for (unsigned in = 0; in < 3; in++)
      {
        double fs = svf_rates[r];
        MdSvfSection sec[NL][NS];
        MdBiquadCoefs c[NL][NS];
        MdSvfState st[NL][NS];
        MdSvfLane lanes[NL];
        GRand *rnd = g_rand_new_with_seed (17 + 3 * r + in);

        for (unsigned j = 0; j < NL; j++)
          {
            for (unsigned k = 0; k < NS; k++)
              {
                double f0, g = 0.0, q;

                switch (k)
                  {
                  case 0: case 1:
                    f0 = 20.0 * pow (2.0, j * 0.7);
                    q = k ? MD_FILTER_Q_BW4_2 : MD_FILTER_Q_BW4_1;
                    break;
                  case 2:
                    f0 = 20000.0 / pow (2.0, j * 0.5);
                    q = MD_FILTER_Q_BW2;
                    break;
                  default:
                    f0 = 20.0 * pow (1000.0, g_rand_double (rnd));
                    do
                      {
                        g = g_rand_double_range (rnd, -24.0, 12.0);
                        q = 0.1 * pow (200.0, g_rand_double (rnd));
                        md_svf_design (&sec[j][k], types[k], fs, f0, g, q);
                      }
                    while (sec[j][k].dbl);
                    break;
                  }
                md_svf_design (&sec[j][k], types[k], fs, f0, g, q);
                g_assert_false (sec[j][k].dbl);
                md_biquad_design (&c[j][k], types[k], fs, f0, g, q);
              }
            if (in == 0)
              noise (x + j * n, n, 99 + j + 8 * r, -18.0);
            else
              sine (x + j * n, n, in == 1 ? 50.0 + 300.0 * j : 1000.0, fs);
          }
        g_rand_free (rnd);
        for (unsigned wide = 0; wide < 2; wide++)
          {
            float *y = wide ? y8 : y4;

            md_svf_set_wide_path (wide);
            memcpy (y, x, NL * n * sizeof (float));
            memset (st, 0, sizeof st);
            for (unsigned j = 0; j < NL; j++)
              for (unsigned k = 0; k < NS; k++)
                {
                  lanes[j].c[k] = &sec[j][k].c;
                  lanes[j].s[k] = &st[j][k];
                }
            for (unsigned pos = 0, b = 1; pos < n; pos += b, b = b * 7 % 301 + 1)
              {
                for (unsigned j = 0; j < NL; j++)
                  lanes[j].buf = y + j * n + pos;
                md_svf_run_lanes (lanes, NL, NS, MIN (b, n - pos));
              }
          }
        md_svf_set_wide_path (true);
        g_assert_cmpmem (y4, NL * n * sizeof (float), y8, NL * n * sizeof (float));
        for (unsigned j = 0; j < NL; j++)
          {
            MdSvfState s1[NS] = { { 0 } };
            MdSvfLane one;

            ref_chain (c[j], NS, x + j * n, ref, n);
            worst = fmax (worst, max_err_db (y8 + j * n, ref, n));
            if (max_err_db (y8 + j * n, ref, n) > -100.0)
              g_error ("8 sections in series, lane %u, fs %g, input %u: %.1f dBFS", j, fs, in,
                       max_err_db (y8 + j * n, ref, n));
            /* one lane alone gives the same bits */
            memcpy (y1, x + j * n, n * sizeof (float));
            for (unsigned k = 0; k < NS; k++)
              {
                one.c[k] = &sec[j][k].c;
                one.s[k] = &s1[k];
              }
            one.buf = y1;
            md_svf_run_lanes (&one, 1, NS, n);
            g_assert_cmpmem (y1, n * sizeof (float), y8 + j * n, n * sizeof (float));
          }
      }
  g_test_message ("SVF, 8 sections in series vs double reference: worst %.1f dBFS", worst);
  g_free (x);
  g_free (y4);
  g_free (y8);
  g_free (y1);
  g_free (ref);
}

/* The lane kernel at every lane count up to MD_SVF_MAX_LANES (1, 2 or 4
 * lane groups, interleaved for 1-3 sections) and 1..8 sections, in odd
 * block sizes across its pieces, on both paths: every lane bit-identical
 * to the lane run alone; reading a separate input (md_svf_run_lanes_in)
 * gives the same bits and leaves the input alone; so does a lane set
 * prepared once for all the calls (md_svf_lane_set_run: same outputs and
 * states); a non-finite state in any lane is reported. */
static void
test_svf_lanes_groups (void)
{
  enum { NL = MD_SVF_MAX_LANES, NS = MD_SVF_MAX_SECTIONS };
  const unsigned n = 1000;
  static const unsigned counts[] = { 1, 3, 4, 5, 8, 9, 12, 13, 16 };
  static const MdBiquadType types[4] = {
    MD_BIQUAD_HIGHPASS, MD_BIQUAD_LOWPASS, MD_BIQUAD_PEAKING, MD_BIQUAD_LOWSHELF
  };
  MdSvfSection sec[NL][NS];
  float *x = g_new (float, NL * n), *y = g_new (float, NL * n), *z = g_new (float, NL * n);
  float *x0 = g_new (float, NL * n), *y1 = g_new (float, n), *w = g_new (float, NL * n);
  MdSvfLaneSet *set = g_new0 (MdSvfLaneSet, 1);
  GRand *rnd = g_rand_new_with_seed (4711);

  G_STATIC_ASSERT (NL == 16);
  for (unsigned j = 0; j < NL; j++)
    {
      for (unsigned k = 0; k < NS; k++)
        do
          md_svf_design (&sec[j][k], types[(j + k) % 4], 48000.0,
                         20.0 * pow (1000.0, g_rand_double (rnd)),
                         g_rand_double_range (rnd, -12.0, 6.0),
                         0.3 * pow (6.0, g_rand_double (rnd)));
        while (sec[j][k].dbl);
      noise (x + j * n, n, 300 + j, -18.0);
    }
  memcpy (x0, x, NL * n * sizeof (float));
  g_rand_free (rnd);
  for (unsigned wide = 0; wide < 2; wide++)
    for (unsigned ci = 0; ci < G_N_ELEMENTS (counts); ci++)
      for (unsigned ns = 1; ns <= NS; ns++)
        {
          unsigned nl = counts[ci];
          MdSvfState st[NL][NS], st2[NL][NS], st3[NL][NS];
          MdSvfLane lanes[NL], lanes2[NL], lanes3[NL];

          md_svf_set_wide_path (wide);
          memset (st, 0, sizeof st);
          memset (st2, 0, sizeof st2);
          memset (st3, 0, sizeof st3);
          memcpy (y, x, NL * n * sizeof (float));
          memcpy (w, x, NL * n * sizeof (float));
          for (unsigned j = 0; j < nl; j++)
            for (unsigned k = 0; k < ns; k++)
              {
                lanes[j].c[k] = lanes2[j].c[k] = lanes3[j].c[k] = &sec[j][k].c;
                lanes[j].s[k] = &st[j][k];
                lanes2[j].s[k] = &st2[j][k];
                lanes3[j].s[k] = &st3[j][k];
              }
          /* the same lanes as a lane set, prepared once for every call */
          md_svf_lane_set_prepare (set, lanes3, nl, ns);
          for (unsigned pos = 0, b = 1; pos < n; pos += b, b = b * 5 % 299 + 1)
            {
              const float *src[NL];
              float *bufs[NL];
              unsigned len = MIN (b, n - pos);

              for (unsigned j = 0; j < nl; j++)
                {
                  lanes[j].buf = y + j * n + pos;
                  lanes2[j].buf = z + j * n + pos;
                  src[j] = x + j * n + pos;
                  bufs[j] = w + j * n + pos;
                }
              g_assert_false (md_svf_run_lanes (lanes, nl, ns, len));
              g_assert_false (md_svf_run_lanes_in (lanes2, src, nl, ns, len));
              g_assert_false (md_svf_lane_set_run (set, bufs, len));
            }
          g_assert_cmpmem (x, NL * n * sizeof (float), x0, NL * n * sizeof (float));
          g_assert_cmpmem (y, nl * n * sizeof (float), z, nl * n * sizeof (float));
          g_assert_cmpmem (y, nl * n * sizeof (float), w, nl * n * sizeof (float));
          g_assert_cmpmem (st, sizeof st[0] * nl, st2, sizeof st2[0] * nl);
          g_assert_cmpmem (st, sizeof st[0] * nl, st3, sizeof st3[0] * nl);
          for (unsigned j = 0; j < nl; j++)
            {
              MdSvfState s1[NS] = { { 0 } };
              MdSvfLane one;

              memcpy (y1, x + j * n, n * sizeof (float));
              for (unsigned k = 0; k < ns; k++)
                {
                  one.c[k] = &sec[j][k].c;
                  one.s[k] = &s1[k];
                }
              one.buf = y1;
              md_svf_set_wide_path (false);
              md_svf_run_lanes (&one, 1, ns, n);
              if (memcmp (y1, y + j * n, n * sizeof (float)) != 0)
                g_error ("%u lanes, %u sections, wide %u: lane %u differs from it alone",
                         nl, ns, wide, j);
              g_assert_cmpmem (s1, ns * sizeof s1[0], st[j], ns * sizeof s1[0]);
            }
          /* a non-finite state in the last lane is reported */
          st[nl - 1][ns - 1].ic1 = NAN;
          md_svf_set_wide_path (wide);
          for (unsigned j = 0; j < nl; j++)
            lanes[j].buf = y + j * n;
          g_assert_true (md_svf_run_lanes (lanes, nl, ns, 64));
        }
  md_svf_set_wide_path (true);
  g_free (x);
  g_free (x0);
  g_free (y);
  g_free (z);
  g_free (y1);
  g_free (w);
  g_free (set);
}

/* Two one-section lane sets in one call (md_svf_lane_set1_run2_in, the
 * key filters' pass) against the two sets run one after the other
 * (md_svf_lane_set1_run_in), bit for bit (outputs, states, the return):
 * every pair of lane counts 1..16, calls of 1..70 frames and two past a
 * piece (257, 600), in place and not, on each path the machine has
 * (4-wide, AVX2, AVX-512F); a NaN state in a lane of A or B is reported
 * for that set alone and leaves the other lanes' outputs as they are. */
static void
test_svf_lanes_sets2 (void)
{
  enum { NL = MD_SVF_MAX_LANES, N = 70 * 71 / 2 + 257 + 600 };
  static const unsigned extra[] = { 257, 600 };
  MdSvfSection sec[2 * NL];
  float *x = g_new (float, 2 * NL * N), *y = g_new (float, 2 * NL * N);
  float *z = g_new (float, 2 * NL * N), *x0 = g_new (float, 2 * NL * N);
  MdSvfLaneSet1 *set = g_new0 (MdSvfLaneSet1, 4);
  GRand *rnd = g_rand_new_with_seed (815);
  unsigned n_paths = md_svf_16_wide () ? 3 : 2;

  for (unsigned j = 0; j < 2 * NL; j++)
    {
      /* the key filter: a Butterworth HPF, 20 Hz .. 2 kHz */
      md_svf_design (&sec[j], MD_BIQUAD_HIGHPASS, 48000.0,
                     20.0 * pow (100.0, g_rand_double (rnd)), 0.0, 0.70710678118654752);
      noise (x + j * N, N, 900 + j, -18.0);
    }
  /* silence in lane 0 of each set over the last call (600 frames), from
   * a tiny state there: flushed at the end of its first piece */
  for (unsigned s = 0; s < 2; s++)
    memset (x + s * NL * N + N - 600, 0, 600 * sizeof (float));
  g_rand_free (rnd);
  memcpy (x0, x, 2 * NL * N * sizeof (float));
  for (unsigned path = 0; path < n_paths; path++)
    for (unsigned na = 1; na <= NL; na++)
      for (unsigned nb = 1; nb <= NL; nb++)
        for (unsigned inplace = 0; inplace < 2; inplace++)
          {
            MdSvfState st[4][NL];
            MdSvfLane lanes[4][NL];
            const unsigned nl[4] = { na, nb, na, nb };

            md_svf_set_wide_path (path > 0);
            md_svf_set_16_wide (path > 1);
            /* sets 0, 1: the two-set call; 2, 3: the reference */
            memset (st, 0, sizeof st);
            for (unsigned s = 0; s < 4; s++)
              {
                for (unsigned j = 0; j < nl[s]; j++)
                  {
                    lanes[s][j].c[0] = &sec[(s % 2) * NL + j].c;
                    lanes[s][j].s[0] = &st[s][j];
                  }
                md_svf_lane_set1_prepare (&set[s], lanes[s], nl[s], 1);
              }
            memcpy (y, x, 2 * NL * N * sizeof (float));
            memcpy (z, x, 2 * NL * N * sizeof (float));
            for (unsigned i = 0, pos = 0, len; pos < N; pos += len, i++)
              {
                const float *src[4][NL];
                float *out[4][NL];
                unsigned m, r;

                len = i < 70 ? i + 1 : extra[i - 70];
                if (len == 600)
                  for (unsigned q = 0; q < 4; q++)
                    st[q][0].ic1 = st[q][0].ic2 = 1e-30f;

                for (unsigned s = 0; s < 4; s++)
                  for (unsigned j = 0; j < nl[s]; j++)
                    {
                      float *o = (s < 2 ? y : z) + ((s % 2) * NL + j) * N + pos;

                      src[s][j] = inplace ? o : x + ((s % 2) * NL + j) * N + pos;
                      out[s][j] = o;
                    }
                m = md_svf_lane_set1_run2_in (&set[0], src[0], out[0], &set[1], src[1], out[1],
                                              len);
                r = md_svf_lane_set1_run_in (&set[2], src[2], out[2], len);
                r |= md_svf_lane_set1_run_in (&set[3], src[3], out[3], len) << 1;
                g_assert_cmpuint (m, ==, r);
                g_assert_cmpuint (m, ==, 0);
              }
            g_assert_cmpmem (x, 2 * NL * N * sizeof (float), x0, 2 * NL * N * sizeof (float));
            for (unsigned s = 0; s < 2; s++)
              for (unsigned j = 0; j < nl[s]; j++)
                if (memcmp (y + (s * NL + j) * N, z + (s * NL + j) * N, N * sizeof (float)) != 0
                    || memcmp (&st[s][j], &st[s + 2][j], sizeof st[s][j]) != 0)
                  g_error ("path %u, %u + %u lanes, in place %u: set %u lane %u differs",
                           path, na, nb, inplace, s, j);
            /* a NaN state in set A (odd NA) or B: that set's bit alone */
            {
              unsigned s = na % 2, j = (na + nb) % nl[s];
              const float *src[4][NL];
              float *out[4][NL];
              unsigned m, r;

              st[s][j].ic2 = st[s + 2][j].ic2 = NAN;
              for (unsigned q = 0; q < 4; q++)
                for (unsigned l = 0; l < nl[q]; l++)
                  {
                    src[q][l] = x + ((q % 2) * NL + l) * N;
                    out[q][l] = (q < 2 ? y : z) + ((q % 2) * NL + l) * N;
                  }
              m = md_svf_lane_set1_run2_in (&set[0], src[0], out[0], &set[1], src[1], out[1],
                                            64);
              r = md_svf_lane_set1_run_in (&set[2], src[2], out[2], 64);
              r |= md_svf_lane_set1_run_in (&set[3], src[3], out[3], 64) << 1;
              g_assert_cmpuint (m, ==, 1u << s);
              g_assert_cmpuint (r, ==, 1u << s);
              g_assert_cmpmem (y, 2 * NL * N * sizeof (float), z, 2 * NL * N * sizeof (float));
              g_assert_cmpmem (st[0], sizeof st[0], st[2], sizeof st[2]);
              g_assert_cmpmem (st[1], sizeof st[1], st[3], sizeof st[3]);
            }
          }
  md_svf_set_wide_path (true);
  md_svf_set_16_wide (true);
  g_free (x);
  g_free (y);
  g_free (z);
  g_free (x0);
  g_free (set);
}

/* An HPF swept 20 Hz -> 20 kHz in one second over noise (and an EQ band
 * in the double region, q 20, +24 dB): finite, bounded. */
static void
test_svf_filter_sweep (void)
{
  const double fs = 44100.0;
  const unsigned n = 44100;
  float *y = g_new (float, n);
  MdFilter f;
  double peak = 0.0;

  noise (y, n, 5, -18.0);
  md_filter_init (&f, fs, MD_BIQUAD_HIGHPASS, true, 20.0, 24);
  for (unsigned pos = 0; pos < n; pos += 64)
    {
      float *chs[1] = { y + pos };

      md_filter_set_freq (&f, 20.0 * pow (1000.0, pos / fs));
      md_filter_process (&f, chs, 1, MIN (64u, n - pos));
    }
  for (unsigned i = 0; i < n; i++)
    {
      g_assert_true (isfinite (y[i]));
      peak = fmax (peak, fabs (y[i]));
    }
  g_test_message ("HPF sweep over noise: peak %.1f dBFS", db (peak));
  g_assert_cmpfloat (peak, <, 1.0);
  g_assert_cmpuint (f.n_resets, ==, 0);
  g_free (y);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/biquad/design-vs-analog", test_design_vs_analog);
  g_test_add_func ("/biquad/design-identities", test_design_identities);
  g_test_add_func ("/biquad/float-response", test_float_response);
  g_test_add_func ("/biquad/time-domain", test_time_domain);
  g_test_add_func ("/filter/response", test_filter_response);
  g_test_add_func ("/filter/off", test_filter_off);
  g_test_add_func ("/filter/switch-click", test_filter_switch_click);
  g_test_add_func ("/filter/snap", test_filter_snap);
  g_test_add_func ("/svf/response", test_svf_response);
  g_test_add_func ("/svf/time-domain", test_svf_time_domain);
  g_test_add_func ("/svf/series", test_svf_series);
  g_test_add_func ("/svf/lanes-groups", test_svf_lanes_groups);
  g_test_add_func ("/svf/lanes-sets2", test_svf_lanes_sets2);
  g_test_add_func ("/svf/filter-sweep", test_svf_filter_sweep);
  return g_test_run ();
}
