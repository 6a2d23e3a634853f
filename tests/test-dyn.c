/* test-dyn.c: compressor and gate.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test signals of constant magnitude (x[n] = +-a, alternating) make the
 * detector input exactly a (peak) or a^2 (RMS), so "steady state" is exact.
 * Measured gain per sample: 20 log10 (y[n] / x[n]).
 *
 * Tolerances (issue 4): static curve 0.1 dB; attack and release time
 * constants 10 % (time constant = time for the gain reduction to cover
 * 1 - 1/e of a step, in dB); makeup 0.001 dB (the polynomial exp2 is
 * within 5e-5 dB). The polynomial log2 within 2e-5 (absolute) from
 * 1e-10 (-200 dBFS, the level floor; RMS: its square) to 2^20, exp2
 * within 1e-5 (relative) over [-120, 120], both against libm in double. Gate: opens on the first sample at the threshold, not
 * below; closes exactly HOLD after the last sample at or above threshold -
 * 3 dB; gain ramps linearly in dB over attack / release to the range.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "md-dyn.h"

#define FS 48000.0

static double
db (double x)
{
  return 20.0 * log10 (x);
}

static float
lin (double level_db)
{
  return (float) pow (10.0, level_db / 20.0);
}

/* Independent static curve (GMR 2012, eq. 4). */
static double
ref_curve (double x, double t, double r, double w)
{
  double inv_r = r >= MD_COMP_RATIO_INF ? 0.0 : 1.0 / r;

  if (2 * (x - t) <= -w)
    return x;
  if (2 * (x - t) >= w)
    return t + (x - t) * inv_r;
  return x + (inv_r - 1) * (x - t + w / 2) * (x - t + w / 2) / (2 * w);
}

static void
fill_level (float *x, unsigned n, double level_db)
{
  float a = lin (level_db);

  for (unsigned i = 0; i < n; i++)
    x[i] = i & 1 ? -a : a;
}

static void
run_comp (MdComp *c, float *x, unsigned n, unsigned block)
{
  for (unsigned pos = 0; pos < n; pos += block)
    {
      float *chs[1] = { x + pos };

      md_comp_process (c, chs, 1, MIN (block, n - pos));
    }
}

static void
test_static_curve (void)
{
  static const double thr[] = { -40.0, -20.0, -6.0 };
  static const double ratio[] = { 1.0, 1.5, 2.0, 4.0, 10.0, 100.0 };
  static const double knee[] = { 0.0, 6.0, 12.0, 24.0 };
  const unsigned n = 9600;
  float x[9600];
  double max_err = 0.0;
  unsigned n_pts = 0;

  for (unsigned det = 0; det < 2; det++)
    for (unsigned ti = 0; ti < G_N_ELEMENTS (thr); ti++)
      for (unsigned ri = 0; ri < G_N_ELEMENTS (ratio); ri++)
        for (unsigned ki = 0; ki < G_N_ELEMENTS (knee); ki++)
          for (double in = thr[ti] - 20.0; in <= thr[ti] + 20.0; in += 0.5)
            {
              MdComp c;
              double g, want, e;

              if (in > 0.0)
                continue;
              md_comp_init (&c, FS);
              md_comp_set_on (&c, true);
              md_comp_set_detect (&c, det ? MD_DYN_DETECT_RMS : MD_DYN_DETECT_PEAK);
              md_comp_set_threshold (&c, thr[ti]);
              md_comp_set_ratio (&c, ratio[ri]);
              md_comp_set_knee (&c, knee[ki]);
              md_comp_set_attack (&c, 1.0);
              md_comp_set_release (&c, 5.0);
              fill_level (x, n, in);
              run_comp (&c, x, n, 64);
              g = db (fabs (x[n - 1]) / lin (in));
              want = ref_curve (in, thr[ti], ratio[ri], knee[ki]) - in;
              e = fabs (g - want);
              if (e > 0.1)
                g_error ("static curve: det %u T %g R %g W %g in %g: gain %.4f want %.4f",
                         det, thr[ti], ratio[ri], knee[ki], in, g, want);
              max_err = fmax (max_err, e);
              n_pts++;
              /* the meter shows the same reduction */
              g_assert_cmpfloat (fabs (md_comp_gain_reduction_db (&c) + want), <, 0.1);
            }
  g_test_message ("static curve: %u points, max error %.3g dB", n_pts, max_err);
}

/* Time (ms) at which the reduction first covers 1 - 1/e of a step from GR0
 * to GR1, measured on the output. */
static double
step_time_ms (MdComp *c, double lvl0, double lvl1, double gr0, double gr1)
{
  const unsigned n = 96000;
  float *x = g_new (float, n);
  double t = -1.0, target = gr0 + (1.0 - exp (-1.0)) * (gr1 - gr0);

  fill_level (x, n, lvl0);
  run_comp (c, x, n, 64);
  fill_level (x, n, lvl1);
  run_comp (c, x, n, 64);
  for (unsigned i = 0; i < n; i++)
    {
      double gr = -db (fabs (x[i]) / lin (lvl1));

      if ((gr1 > gr0 && gr >= target) || (gr1 < gr0 && gr <= target))
        {
          /* interpolate between samples i-1 and i; the step was at 0 */
          double grp = i ? -db (fabs (x[i - 1]) / lin (lvl1)) : gr0;
          double frac = (target - grp) / (gr - grp);

          t = (i - 1 + frac + 1) / FS * 1000.0;
          break;
        }
    }
  g_free (x);
  return t;
}

static void
test_time_constants (void)
{
  static const double times[] = { 0.5, 1.0, 5.0, 20.0, 100.0, 300.0 };
  double worst = 0.0;

  for (unsigned i = 0; i < G_N_ELEMENTS (times); i++)
    {
      MdComp c;
      double ta, tr;

      /* T -20, ratio inf, hard knee: 0 dBFS gives 20 dB reduction */
      md_comp_init (&c, FS);
      md_comp_set_on (&c, true);
      md_comp_set_threshold (&c, -20);
      md_comp_set_ratio (&c, 100);
      md_comp_set_knee (&c, 0);
      md_comp_set_attack (&c, times[i]);
      md_comp_set_release (&c, times[i] * 2);
      ta = step_time_ms (&c, -60, 0, 0, 20);
      tr = step_time_ms (&c, 0, -60, 20, 0);
      g_test_message ("attack %.1f ms: measured %.3f ms; release %.1f ms: measured %.3f ms",
                      times[i], ta, 2 * times[i], tr);
      g_assert_cmpfloat (fabs (ta / times[i] - 1.0), <, 0.1);
      g_assert_cmpfloat (fabs (tr / (2 * times[i]) - 1.0), <, 0.1);
      worst = fmax (worst, fmax (fabs (ta / times[i] - 1.0), fabs (tr / (2 * times[i]) - 1.0)));
    }
  g_test_message ("time constants: worst relative error %.2f %%", 100 * worst);
}

static void
test_makeup (void)
{
  const unsigned n = 4800;
  float x[4800];
  MdComp c;
  double g;

  /* below threshold: gain is exactly the makeup */
  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_makeup (&c, 7.5);
  fill_level (x, n, -40);
  run_comp (&c, x, n, 64);
  g = db (fabs (x[n - 1]) / lin (-40));
  g_assert_cmpfloat (fabs (g - 7.5), <, 0.001);

  /* auto makeup: a steady 0 dBFS input comes out at 0 dBFS + makeup */
  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_threshold (&c, -30);
  md_comp_set_ratio (&c, 3);
  md_comp_set_knee (&c, 6);
  md_comp_set_auto_makeup (&c, true);
  md_comp_set_makeup (&c, -2);
  md_comp_set_attack (&c, 1);
  fill_level (x, n, 0);
  run_comp (&c, x, n, 64);
  g = db (fabs (x[n - 1]));
  g_assert_cmpfloat (fabs (g - -2.0), <, 0.001);
  g_assert_cmpfloat (fabs (md_comp_static_gr_db (0, -30, 3, 6) - 20.0), <, 1e-9);

  /* on, below threshold, no makeup: bit-exact */
  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  for (unsigned i = 0; i < n; i++)
    x[i] = (float) (0.05 * sin (i * 0.01));
  {
    float y[4800];

    memcpy (y, x, sizeof x);
    run_comp (&c, y, n, 64);
    g_assert_cmpmem (x, sizeof x, y, sizeof y);
  }
}

static void
test_stereo_link (void)
{
  const unsigned n = 9600;
  float l[9600], r[9600];
  float *chs[2] = { l, r };
  MdComp c;

  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_threshold (&c, -20);
  md_comp_set_ratio (&c, 4);
  md_comp_set_knee (&c, 0);
  fill_level (l, n, -4);
  fill_level (r, n, -40);
  md_comp_process (&c, chs, 2, n);
  /* both channels get the left channel's reduction: 16 dB * 3/4 = 12 dB */
  g_assert_cmpfloat (fabs (db (fabs (l[n - 1]) / lin (-4)) + 12.0), <, 0.01);
  g_assert_cmpfloat (fabs (db (fabs (r[n - 1]) / lin (-40)) + 12.0), <, 0.01);
}

/* A 50 Hz tone at -10 dBFS, T -30: with the sidechain HPF at 1 kHz the
 * detector sees it ~52 dB lower and the compressor leaves it alone. */
static void
test_comp_sidechain (void)
{
  const unsigned n = 48000;
  float *x = g_new (float, n);
  MdComp c;
  double peak = 0;

  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_threshold (&c, -30);
  md_comp_set_ratio (&c, 4);
  md_comp_set_sc_hpf_on (&c, true);
  md_comp_set_sc_hpf_freq (&c, 1000);
  for (unsigned i = 0; i < n; i++)
    x[i] = lin (-10) * (float) sin (2 * M_PI * 50 * i / FS);
  run_comp (&c, x, n, 64);
  for (unsigned i = n / 2; i < n; i++)
    peak = fmax (peak, fabs (x[i]));
  g_assert_cmpfloat (fabs (db (peak) - -10.0), <, 0.05);

  md_comp_set_sc_hpf_on (&c, false);
  for (unsigned i = 0; i < n; i++)
    x[i] = lin (-10) * (float) sin (2 * M_PI * 50 * i / FS);
  run_comp (&c, x, n, 64);
  peak = 0;
  for (unsigned i = n / 2; i < n; i++)
    peak = fmax (peak, fabs (x[i]));
  g_assert_cmpfloat (db (peak), <, -20.0);
  g_free (x);
}

static double
max_second_diff (const float *y, unsigned n)
{
  double m = 0.0;

  for (unsigned i = 2; i < n; i++)
    m = fmax (m, fabs ((double) y[i] - 2.0 * y[i - 1] + y[i - 2]));
  return m;
}

/* Off: bit-transparent. Toggling on/off with a sine over threshold: no
 * click (second difference within 1.1x that of the sine, see test-eq.c). */
static void
test_off_and_toggle (void)
{
  const unsigned n = 48000;
  float *x = g_new (float, n), *y = g_new (float, n);
  MdComp c;
  MdGate g;
  double bound, m;

  for (unsigned i = 0; i < n; i++)
    x[i] = (float) (0.5 * sin (2 * M_PI * 440 * i / FS));
  memcpy (y, x, n * sizeof (float));
  md_comp_init (&c, FS);
  md_comp_set_threshold (&c, -40);
  md_comp_set_makeup (&c, 6);
  md_gate_init (&g, FS);
  md_gate_set_threshold (&g, 0);
  run_comp (&c, y, n, 64);
  {
    float *chs[1] = { y };

    md_gate_process (&g, chs, 1, n);
  }
  g_assert_cmpmem (x, n * sizeof (float), y, n * sizeof (float));

  /* toggle the compressor every 50 blocks. A compressor modulates a sine
   * by itself, so the bound is 1.1x the larger second difference of the
   * always-on and the dry output. */
  md_comp_set_makeup (&c, 3);
  md_comp_set_attack (&c, 1);
  md_comp_set_release (&c, 50);
  md_comp_set_ratio (&c, 2);
  md_comp_set_on (&c, true);
  memcpy (y, x, n * sizeof (float));
  run_comp (&c, y, n, 64);
  bound = 1.1 * fmax (max_second_diff (y + 4800, n - 4800), max_second_diff (x, n));
  memcpy (y, x, n * sizeof (float));
  md_comp_set_on (&c, false);
  run_comp (&c, y, 4800, 64);
  for (unsigned pos = 0, blk = 0; pos < n; pos += 64, blk++)
    {
      float *chs[1] = { y + pos };

      if (blk % 50 == 7)
        md_comp_set_on (&c, !c.on);
      md_comp_process (&c, chs, 1, 64);
    }
  m = max_second_diff (y, n);
  g_test_message ("compressor toggling: max 2nd difference %.4g, bound %.4g", m, bound);
  g_assert_cmpfloat (m, <=, bound);

  /* a gate closed on the sine (threshold 0 dB), switched off: after its
   * fade the output is the input; switched on again: attenuated again
   * (the target weight the kernel loads, dynrows) */
  md_gate_set_on (&g, true);
  memcpy (y, x, n * sizeof (float));
  for (unsigned pos = 0, blk = 0; pos < n; pos += 64, blk++)
    {
      float *chs[1] = { y + pos };

      if (blk == 100 || blk == 500)
        md_gate_set_on (&g, blk == 500);
      md_gate_process (&g, chs, 1, 64);
    }
  g_assert_cmpfloat (fabsf (y[6011]), <, 0.5f * fabsf (x[6011]) + 1e-6f);
  g_assert_cmpmem (x + 64 * 300, 64 * 100 * sizeof (float),
                   y + 64 * 300, 64 * 100 * sizeof (float));
  g_assert_cmpfloat (fabsf (y[64 * 700 + 11]), <, 0.5f * fabsf (x[64 * 700 + 11]) + 1e-6f);
  g_assert_cmpfloat (fabsf (x[64 * 700 + 11]), >, 0.1f);
  g_assert_cmpfloat (fabsf (x[6011]), >, 0.1f);
  g_free (x);
  g_free (y);
}

/* ---------------------------------------------------------------------- */

static void
run_gate (MdGate *g, float *x, unsigned n, unsigned block)
{
  for (unsigned pos = 0; pos < n; pos += block)
    {
      float *chs[1] = { x + pos };

      md_gate_process (g, chs, 1, MIN (block, n - pos));
    }
}

/* Gain of sample i in dB. */
static double
gain_at (const float *y, unsigned i, double level_db)
{
  return db (fabs (y[i]) / lin (level_db));
}

static void
test_gate (void)
{
  const double thr = -40, range = -30, att_ms = 2, hold_ms = 20, rel_ms = 50;
  const unsigned att_n = 96, hold_n = 960, rel_n = 2400;
  const unsigned n = 48000;
  float *y = g_new (float, n);
  MdGate g;

  md_gate_init (&g, FS);
  md_gate_set_on (&g, true);
  md_gate_set_threshold (&g, thr);
  md_gate_set_range (&g, range);
  md_gate_set_attack (&g, att_ms);
  md_gate_set_hold (&g, hold_ms);
  md_gate_set_release (&g, rel_ms);

  /* starts open; below the close threshold it holds, then releases
   * linearly in dB to the range */
  fill_level (y, n, -50);
  run_gate (&g, y, n, 64);
  /* the on-fade (10 ms) overlaps the hold: during the hold the gain is 0 dB */
  g_assert_cmpfloat (fabs (gain_at (y, hold_n - 1, -50)), <, 1e-5);
  g_assert_cmpfloat (fabs (gain_at (y, hold_n + rel_n / 2 - 1, -50) - range / 2), <, 0.01);
  g_assert_cmpfloat (fabs (gain_at (y, hold_n + rel_n - 1, -50) - range), <, 0.01);
  g_assert_cmpfloat (fabs (gain_at (y, n - 1, -50) - range), <, 0.01);
  g_assert_cmpfloat (fabs (md_gate_attenuation_db (&g) + range), <, 0.01);

  /* just below the open threshold: stays closed */
  fill_level (y, n, thr - 0.05);
  run_gate (&g, y, n, 64);
  g_assert_cmpfloat (fabs (gain_at (y, n - 1, thr - 0.05) - range), <, 0.01);

  /* at the threshold: opens, reaching 0 dB after the attack */
  fill_level (y, n, thr + 0.01);
  run_gate (&g, y, n, 64);
  g_assert_cmpfloat (fabs (gain_at (y, att_n / 2 - 1, thr + 0.01) - range / 2), <, 0.01);
  g_assert_cmpfloat (fabs (gain_at (y, att_n - 1, thr + 0.01)), <, 1e-5);

  /* hysteresis: between close (-43) and open (-40) it stays open */
  fill_level (y, n, thr - 2.5);
  run_gate (&g, y, n, 64);
  g_assert_cmpfloat (fabs (gain_at (y, n - 1, thr - 2.5)), <, 1e-5);

  /* below the close threshold: open for exactly the hold, then release */
  fill_level (y, n, thr - 3.5);
  run_gate (&g, y, n, 64);
  g_assert_cmpfloat (fabs (gain_at (y, hold_n - 1, thr - 3.5)), <, 1e-5);
  g_assert_cmpfloat (gain_at (y, hold_n, thr - 3.5), <, -0.01);
  g_assert_cmpfloat (fabs (gain_at (y, hold_n + rel_n / 2 - 1, thr - 3.5) - range / 2), <, 0.02);
  g_assert_cmpfloat (fabs (gain_at (y, hold_n + rel_n - 1, thr - 3.5) - range), <, 0.01);

  /* hysteresis the other way: between close and open it stays closed */
  fill_level (y, n, thr - 2.5);
  run_gate (&g, y, n, 64);
  g_assert_cmpfloat (fabs (gain_at (y, n - 1, thr - 2.5) - range), <, 0.01);
  g_free (y);
}

/* A 40 Hz tone at -30 dBFS, threshold -40: the sidechain HPF at 1 kHz
 * hides it from the detector (the gate closes), without it the gate stays
 * open. */
static void
test_gate_sidechain (void)
{
  const unsigned n = 48000;
  float *x = g_new (float, n);
  MdGate g;

  for (int sc = 0; sc < 2; sc++)
    {
      md_gate_init (&g, FS);
      md_gate_set_on (&g, true);
      md_gate_set_threshold (&g, -40);
      md_gate_set_range (&g, -30);
      md_gate_set_hold (&g, 30);
      md_gate_set_sc_hpf_on (&g, sc);
      md_gate_set_sc_hpf_freq (&g, 1000);
      for (unsigned i = 0; i < n; i++)
        x[i] = lin (-30) * (float) sin (2 * M_PI * 40 * i / FS);
      run_gate (&g, x, n, 64);
      g_assert_cmpfloat (fabs (md_gate_attenuation_db (&g) - (sc ? 30.0 : 0.0)), <, 0.01);
    }
  g_free (x);
}

/* Non-finite input: the unit resets and the next block is finite. */
static void
test_nonfinite (void)
{
  float x[256];
  float *chs[1] = { x };
  MdComp c;
  MdGate g;

  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_sc_hpf_on (&c, true);
  md_comp_set_detect (&c, MD_DYN_DETECT_RMS);
  md_gate_init (&g, FS);
  md_gate_set_on (&g, true);
  md_gate_set_sc_hpf_on (&g, true);
  for (unsigned i = 0; i < 256; i++)
    x[i] = i == 10 ? INFINITY : 0.5f;
  md_comp_process (&c, chs, 1, 256);
  md_gate_process (&g, chs, 1, 256);
  g_assert_cmpuint (c.n_resets, >, 0);
  g_assert_cmpuint (g.n_resets, >, 0);
  for (unsigned i = 0; i < 256; i++)
    x[i] = 0.5f;
  md_comp_process (&c, chs, 1, 256);
  md_gate_process (&g, chs, 1, 256);
  for (unsigned i = 0; i < 256; i++)
    g_assert_true (isfinite (x[i]));
}

/* Parameter jumps while running move the gain smoothly: with a constant-
 * magnitude input, the gain never changes by more than 0.5 dB from one
 * sample to the next (unsmoothed, a makeup or range jump would step by
 * 12 dB / 30 dB). */
static void
test_automation_smooth (void)
{
  const unsigned n = 4800 * 24;
  float *x = g_new (float, n);
  MdComp c;
  MdGate g;
  double worst_c = 0.0, worst_g = 0.0;

  fill_level (x, n, -10);
  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_attack (&c, 5);
  md_comp_set_release (&c, 50);
  md_gate_init (&g, FS);
  md_gate_set_on (&g, true);
  md_gate_set_threshold (&g, 0);          /* closed */
  md_gate_set_attack (&g, 10);
  md_gate_set_release (&g, 100);
  for (unsigned pos = 0, k = 0; pos < n; pos += 4800, k++)
    {
      float *chs[1] = { x + pos };

      switch (k % 6)
        {
        case 0: md_comp_set_threshold (&c, k & 1 ? -5 : -40); break;
        case 1: md_comp_set_ratio (&c, k & 2 ? 1 : 100); break;
        case 2: md_comp_set_knee (&c, k & 4 ? 0 : 24); break;
        case 3: md_comp_set_makeup (&c, k & 1 ? 0 : 12); break;
        case 4: md_comp_set_auto_makeup (&c, k & 2); break;
        default: md_gate_set_range (&g, k & 4 ? -6 : -36); break;
        }
      md_comp_process (&c, chs, 1, 4800);
    }
  for (unsigned i = 1; i < n; i++)
    worst_c = fmax (worst_c, fabs (db (fabs (x[i]) / fabs (x[i - 1]))));
  fill_level (x, n, -10);
  for (unsigned pos = 0, k = 0; pos < n; pos += 4800, k++)
    {
      float *chs[1] = { x + pos };

      md_gate_set_range (&g, k & 1 ? -6 : -60);
      md_gate_process (&g, chs, 1, 4800);
    }
  for (unsigned i = 1; i < n; i++)
    worst_g = fmax (worst_g, fabs (db (fabs (x[i]) / fabs (x[i - 1]))));
  g_test_message ("automation: max gain change per sample: compressor %.3f dB, gate %.3f dB",
                  worst_c, worst_g);
  g_assert_cmpfloat (worst_c, <, 0.5);
  g_assert_cmpfloat (worst_g, <, 0.5);
  g_free (x);
}

/* The output does not depend on the block size, also while parameters
 * change (set at the same frame positions); a linked stereo call with the
 * same signal in both channels equals a mono call. */
static void
dyn_event (MdGate *g, MdComp *c, unsigned k)
{
  switch (k)
    {
    case 0: md_comp_set_makeup (c, 6); md_comp_set_threshold (c, -30); break;
    case 1: md_gate_set_threshold (g, -40); md_gate_set_sc_hpf_freq (g, 300); break;
    case 2: md_comp_set_on (c, false); md_comp_set_sc_hpf_freq (c, 500); break;
    case 3: md_comp_set_on (c, true); md_gate_set_release (g, 5); break;
    default: md_gate_set_on (g, false); md_comp_set_auto_makeup (c, true); break;
    }
}

static void
run_dyn (MdGate *g, MdComp *c, float *a, float *b, unsigned n, unsigned block)
{
  static const unsigned events[] = { 5000, 9001, 14000, 17000, 20000 };
  unsigned next = 0;

  for (unsigned pos = 0, len; pos < n; pos += len)
    {
      float *chs[2] = { a + pos, b ? b + pos : NULL };

      while (next < G_N_ELEMENTS (events) && events[next] == pos)
        dyn_event (g, c, next++);
      len = MIN (block, n - pos);
      if (next < G_N_ELEMENTS (events))
        len = MIN (len, events[next] - pos);
      md_gate_process (g, chs, b ? 2 : 1, len);
      md_comp_process (c, chs, b ? 2 : 1, len);
    }
}

static void
setup_dyn (MdGate *g, MdComp *c, bool rms)
{
  md_gate_init (g, FS);
  md_gate_set_on (g, true);
  md_gate_set_threshold (g, -30);
  md_gate_set_hold (g, 5);
  md_gate_set_release (g, 20);
  md_gate_set_sc_hpf_on (g, true);
  md_comp_init (c, FS);
  md_comp_set_on (c, true);
  md_comp_set_threshold (c, -20);
  md_comp_set_makeup (c, 3);
  md_comp_set_attack (c, 2);
  md_comp_set_release (c, 30);
  md_comp_set_detect (c, rms ? MD_DYN_DETECT_RMS : MD_DYN_DETECT_PEAK);
  md_comp_set_sc_hpf_on (c, true);
}

static void
test_block_sizes_and_stereo (void)
{
  static const unsigned blocks[] = { 1, 17, 64, 4096 };
  const unsigned n = 24000;
  float *x = g_new (float, n), *ref = g_new (float, n), *y = g_new (float, n);
  float *z = g_new (float, n);
  MdGate g;
  MdComp c;

  /* bursts of a 300 Hz tone at -10 dBFS with quiet gaps */
  for (unsigned i = 0; i < n; i++)
    x[i] = (float) (((i / 3000) & 1 ? 0.01 : 0.3) * sin (2 * M_PI * 300 * i / FS));
  for (int rms = 0; rms < 2; rms++)
    {
      memcpy (ref, x, n * sizeof (float));
      setup_dyn (&g, &c, rms);
      run_dyn (&g, &c, ref, NULL, n, 64);
      for (unsigned i = 0; i < G_N_ELEMENTS (blocks); i++)
        {
          memcpy (y, x, n * sizeof (float));
          setup_dyn (&g, &c, rms);
          run_dyn (&g, &c, y, NULL, n, blocks[i]);
          for (unsigned k = 0; k < n; k++)
            if (ref[k] != y[k])
              g_error ("rms %d block %u: first difference at frame %u", rms, blocks[i], k);

          memcpy (y, x, n * sizeof (float));
          memcpy (z, x, n * sizeof (float));
          setup_dyn (&g, &c, rms);
          run_dyn (&g, &c, y, z, n, blocks[i]);
          g_assert_cmpmem (ref, n * sizeof (float), y, n * sizeof (float));
          g_assert_cmpmem (ref, n * sizeof (float), z, n * sizeof (float));
        }
    }
  g_free (x);
  g_free (ref);
  g_free (y);
  g_free (z);
}

/* Snap: presets apply from the first sample, without ramps or fades. */
static void
test_snap (void)
{
  float x[64];
  MdComp c;
  MdGate g;

  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_makeup (&c, 6);
  md_comp_snap (&c);
  fill_level (x, 64, -40);
  run_comp (&c, x, 64, 64);
  g_assert_cmpfloat (fabs (db (fabs (x[0]) / lin (-40)) - 6.0), <, 0.001);
  md_gate_init (&g, FS);
  md_gate_set_on (&g, true);
  md_gate_snap (&g);
  g_assert_cmpfloat (g.w, ==, 1.0f);
  fill_level (x, 64, -10);
  run_gate (&g, x, 64, 64);
  g_assert_cmpfloat (x[0], ==, lin (-10));
}

/* md_comp_process_multi equals one-by-one processing bit for bit (units
 * off, fading, peak/RMS, sidechain filter, changes while running). */
static void
setup_multi (MdComp *c, unsigned i)
{
  md_comp_init (c, FS);
  md_comp_set_on (c, i % 5 != 1);
  md_comp_set_threshold (c, -10.0 - 3.0 * i);
  md_comp_set_ratio (c, 1.5 + i);
  md_comp_set_knee (c, (double) (i % 4) * 4.0);
  md_comp_set_attack (c, 0.5 + i);
  md_comp_set_release (c, 20.0 + 10.0 * i);
  md_comp_set_detect (c, i & 1 ? MD_DYN_DETECT_RMS : MD_DYN_DETECT_PEAK);
  md_comp_set_sc_hpf_on (c, i % 3 == 0);
  md_comp_set_auto_makeup (c, i % 4 == 2);
}

static void
test_comp_multi (void)
{
  enum { N = 19, FRAMES = 64 * 60 };   /* more than one lockstep group */
  G_STATIC_ASSERT (N > MD_DYN_MAX_LANES);
  MdComp *c1 = g_new0 (MdComp, N), *c2 = g_new0 (MdComp, N);
  float *x1 = g_new (float, N * FRAMES), *x2 = g_new (float, N * FRAMES);
  GRand *r = g_rand_new_with_seed (8);

  for (unsigned i = 0; i < N * FRAMES; i++)
    x1[i] = x2[i] = (float) (0.5 * sin (i * 0.03) * g_rand_double_range (r, 0.2, 1.0));
  for (unsigned i = 0; i < N; i++)
    {
      setup_multi (&c1[i], i);
      setup_multi (&c2[i], i);
    }
  for (unsigned blk = 0; blk < FRAMES / 64; blk++)
    {
      MdComp *cp[N];
      float *bp[N];

      for (unsigned i = 0; i < N; i++)
        {
          float *chs[1] = { x1 + i * FRAMES + blk * 64 };

          if (blk == 20 && i % 3 == 1)
            {
              md_comp_set_on (&c1[i], !c1[i].on);
              md_comp_set_on (&c2[i], !c2[i].on);
            }
          /* the makeup of some lanes ramps while the others' rests */
          if ((blk == 30 && i % 2 == 0) || (blk == 45 && i % 2 == 1))
            {
              md_comp_set_makeup (&c1[i], 4);
              md_comp_set_makeup (&c2[i], 4);
            }
          md_comp_process (&c1[i], chs, 1, 64);
          cp[i] = &c2[i];
          bp[i] = x2 + i * FRAMES + blk * 64;
        }
      md_comp_process_multi (cp, bp, N, 64);
      for (unsigned i = 0; i < N; i++)
        g_assert_cmpfloat (md_comp_gain_reduction_db (&c1[i]), ==,
                           md_comp_gain_reduction_db (&c2[i]));
    }
  g_assert_cmpmem (x1, N * FRAMES * sizeof (float), x2, N * FRAMES * sizeof (float));
  g_rand_free (r);
  g_free (c1);
  g_free (c2);
  g_free (x1);
  g_free (x2);
}

/* md_comp_process_multi_ch (mono and linked stereo compressors mixed)
 * equals one-by-one processing bit for bit. */
enum { CMC_N = 19, CMC_FRAMES = 64 * 60 };

/* (returns the lockstep output, 2 N FRAMES floats, for the caller to free) */
static float *
comp_multi_ch_run (void)
{
  enum { N = CMC_N, FRAMES = CMC_FRAMES };   /* more than one lockstep group */
  G_STATIC_ASSERT (N > MD_DYN_MAX_LANES);
  MdComp *c1 = g_new0 (MdComp, N), *c2 = g_new0 (MdComp, N);
  float *x1 = g_new (float, 2 * N * FRAMES), *x2 = g_new (float, 2 * N * FRAMES);
  GRand *r = g_rand_new_with_seed (9);

  for (unsigned i = 0; i < 2 * N * FRAMES; i++)
    x1[i] = x2[i] = (float) (0.5 * sin (i * 0.031) * g_rand_double_range (r, 0.2, 1.0));
  for (unsigned i = 0; i < N; i++)
    {
      setup_multi (&c1[i], i);
      setup_multi (&c2[i], i);
    }
  for (unsigned blk = 0; blk < FRAMES / 64; blk++)
    {
      MdComp *cp[N];
      float *b2[N][2];
      float *const *chp[N];
      unsigned n_ch[N];

      for (unsigned i = 0; i < N; i++)
        {
          unsigned nch = 1 + (i % 3 != 1);
          float *chs[2] = { x1 + 2 * i * FRAMES + blk * 64, x1 + (2 * i + 1) * FRAMES + blk * 64 };

          if (blk == 20 && i % 3 == 1)
            {
              md_comp_set_on (&c1[i], !c1[i].on);
              md_comp_set_on (&c2[i], !c2[i].on);
            }
          if (blk == 30)
            {
              md_comp_set_makeup (&c1[i], 4);
              md_comp_set_makeup (&c2[i], 4);
            }
          md_comp_process (&c1[i], chs, nch, 64);
          cp[i] = &c2[i];
          b2[i][0] = x2 + 2 * i * FRAMES + blk * 64;
          b2[i][1] = x2 + (2 * i + 1) * FRAMES + blk * 64;
          chp[i] = b2[i];
          n_ch[i] = nch;
        }
      md_comp_process_multi_ch (cp, chp, n_ch, N, 64);
      for (unsigned i = 0; i < N; i++)
        g_assert_cmpfloat (md_comp_gain_reduction_db (&c1[i]), ==,
                           md_comp_gain_reduction_db (&c2[i]));
    }
  g_assert_cmpmem (x1, 2 * N * FRAMES * sizeof (float), x2, 2 * N * FRAMES * sizeof (float));
  g_rand_free (r);
  g_free (c1);
  g_free (c2);
  g_free (x1);
  return x2;
}

/* both copies of the lockstep kernels (the AVX2 one where the CPU has it,
 * and the baseline one that CPUs without AVX2 run) equal one by one, and
 * each other bit for bit */
static void
test_comp_multi_ch (void)
{
  float *wide = comp_multi_ch_run (), *base;

  md_dyn_set_wide_path (false);
  base = comp_multi_ch_run ();
  md_dyn_set_wide_path (true);
  g_assert_cmpmem (wide, 2 * CMC_N * CMC_FRAMES * sizeof (float),
                   base, 2 * CMC_N * CMC_FRAMES * sizeof (float));
  g_free (wide);
  g_free (base);
}

/* md_gate_process_multi_ch (mono and linked stereo gates mixed, key filter
 * on and off, switching, threshold changes, odd block sizes) equals one
 * by one bit for bit. */
static void
setup_gate_multi (MdGate *g, unsigned i)
{
  md_gate_init (g, FS);
  md_gate_set_on (g, i % 4 != 3);
  md_gate_set_threshold (g, -30.0 - 2.0 * i);
  md_gate_set_range (g, -10.0 - 5.0 * i);
  md_gate_set_hold (g, 3.0 * i);
  md_gate_set_attack (g, 0.5 + i);
  md_gate_set_release (g, 10.0 + 7.0 * i);
  md_gate_set_sc_hpf_on (g, i % 3 == 0);
  md_gate_set_sc_hpf_freq (g, 100.0 + 50.0 * i);
}

/* returns an FNV-1a hash of the lockstep output, for comparing the two
 * copies of the kernels */
static guint64
gate_multi_ch_run (bool mono)
{
  guint64 hash = 14695981039346656037u;
  enum { N = 21, BLOCKS = 70 };   /* more than one lockstep group */
  G_STATIC_ASSERT (N > MD_DYN_MAX_LANES);
  static const unsigned sizes[] = { 64, 17, 256, 1, 300, 64, 33 };
  MdGate *g1 = g_new0 (MdGate, N), *g2 = g_new0 (MdGate, N);
  float *x1 = g_new (float, 2 * N * 300), *x2 = g_new (float, 2 * N * 300);
  GRand *r = g_rand_new_with_seed (10);

  for (unsigned i = 0; i < N; i++)
    {
      setup_gate_multi (&g1[i], i);
      setup_gate_multi (&g2[i], i);
    }
  for (unsigned blk = 0; blk < BLOCKS; blk++)
    {
      unsigned nf = sizes[blk % G_N_ELEMENTS (sizes)];
      /* loud and quiet stretches, so the gates open and close */
      double amp = (blk / 5) % 2 ? 0.5 : 0.002;
      MdGate *gp[N];
      float *b2[N][2];
      float *const *chp[N];
      unsigned n_ch[N];

      for (unsigned i = 0; i < 2 * N * nf; i++)
        x1[i] = x2[i] = (float) (amp * g_rand_double_range (r, -1.0, 1.0));
      for (unsigned i = 0; i < N; i++)
        {
          unsigned nch = mono ? 1 : 1 + (i % 3 == 2);
          float *chs[2] = { x1 + 2 * i * nf, x1 + (2 * i + 1) * nf };

          if (blk == 20)
            {
              md_gate_set_on (&g1[i], !g1[i].on);
              md_gate_set_on (&g2[i], !g2[i].on);
              md_gate_set_sc_hpf_freq (&g1[i], 400.0);
              md_gate_set_sc_hpf_freq (&g2[i], 400.0);
            }
          if (blk == 40)
            {
              md_gate_set_threshold (&g1[i], -50.0);
              md_gate_set_threshold (&g2[i], -50.0);
            }
          /* the lane rows' settings and units leaving and joining
           * (dynrows) */
          if (blk == 30 && i % 3 == 1)
            for (unsigned m = 0; m < 2; m++)
              {
                MdGate *u = m ? &g2[i] : &g1[i];

                md_gate_set_range (u, -60.0 + 2.0 * i);
                md_gate_set_hold (u, 1.0 + i);
                md_gate_set_attack (u, 3.0);
                md_gate_set_release (u, 40.0 + i);
              }
          if ((blk == 50 || blk == 60) && i % 5 == 0)
            {
              md_gate_set_on (&g1[i], blk == 60);
              md_gate_set_on (&g2[i], blk == 60);
            }
          md_gate_process (&g1[i], chs, nch, nf);
          gp[i] = &g2[i];
          b2[i][0] = x2 + 2 * i * nf;
          b2[i][1] = x2 + (2 * i + 1) * nf;
          chp[i] = b2[i];
          n_ch[i] = nch;
        }
      md_gate_process_multi_ch (gp, chp, n_ch, N, nf);
      for (unsigned i = 0; i < N; i++)
        {
          g_assert_cmpfloat (md_gate_attenuation_db (&g1[i]), ==,
                             md_gate_attenuation_db (&g2[i]));
          /* the two lane rows the kernel loads and stores by transposes */
          g_assert_cmpmem (&g1[i].w, 8 * sizeof (float), &g2[i].w, 8 * sizeof (float));
          g_assert_cmpmem (&g1[i].att_max_db, 8 * sizeof (float),
                           &g2[i].att_max_db, 8 * sizeof (float));
        }
      g_assert_cmpmem (x1, 2 * N * nf * sizeof (float), x2, 2 * N * nf * sizeof (float));
      for (unsigned i = 0; i < 2 * N * nf; i++)
        {
          guint32 u;

          memcpy (&u, &x2[i], sizeof u);
          hash = (hash ^ u) * 1099511628211u;
        }
    }
  g_rand_free (r);
  g_free (g1);
  g_free (g2);
  g_free (x1);
  g_free (x2);
  return hash;
}

/* mixed mono and stereo keys (the kernel's linked-key steps), then all
 * mono: its eight-frame steps (dynslope) for the pair of groups and the
 * last group alone */
static void
test_gate_multi_ch (void)
{
  guint64 h[2][2];

  /* the baseline copy of the kernels, then the AVX2 one (where the CPU
   * has it): the same bits */
  for (unsigned wide = 0; wide < 2; wide++)
    {
      md_dyn_set_wide_path (wide);
      h[wide][0] = gate_multi_ch_run (false);
      h[wide][1] = gate_multi_ch_run (true);
    }
  g_assert_cmpuint (h[0][0], ==, h[1][0]);
  g_assert_cmpuint (h[0][1], ==, h[1][1]);
}

/* The AVX2 gate kernel's paths against the baseline copy (which has
 * neither): the gains as log2 and exp2 along the rows of the lanes not
 * resting (gaterows: closed, opening, closing; stereo rows; pieces of 1 to
 * 256 frames, so tails of 1-7 frames and pieces of 4-63), and the eight
 * frames of a group resting open (REST: hold times either side of eight
 * frames, keys dipping below the close threshold for 1-12 frames, a hold
 * time cut while a long hold runs). Returns an FNV-1a hash of the
 * output and the gates' states. */
static guint64
gate_rows_run (bool mono)
{
  guint64 hash = 14695981039346656037u;
  enum { N = 21, BLOCKS = 160, MAXF = 300 };
  static const unsigned sizes[] = { 64, 1, 2, 3, 4, 5, 6, 7, 9, 12, 15, 17, 31, 33,
                                    48, 63, 64, 100, 256, 300, 8, 16, 24, 40 };
  /* hold_n: 0, 4, 7, 8, 9, 24 and 240 frames at 48 kHz: the first group's
   * all 8 or more (it rests), the second's mixed */
  static const double hold_ms[] = { 0.0, 4.0 / 48, 7.0 / 48, 8.0 / 48, 9.0 / 48, 0.5, 5.0 };
  MdGate *g = g_new0 (MdGate, N);
  float *x = g_new (float, 2 * N * MAXF);
  GRand *r = g_rand_new_with_seed (11);

  for (unsigned i = 0; i < N; i++)
    {
      md_gate_init (&g[i], FS);
      md_gate_set_on (&g[i], true);
      md_gate_set_threshold (&g[i], -40.0);
      md_gate_set_range (&g[i], -10.0 - i);
      md_gate_set_attack (&g[i], 0.2);
      md_gate_set_release (&g[i], 2.0 + i);
      md_gate_set_hold (&g[i], hold_ms[i < 8 ? 3 + i % 4 : i < 16 ? i % 7 : 6]);
      md_gate_set_sc_hpf_on (&g[i], i % 5 == 4);
    }
  for (unsigned blk = 0; blk < BLOCKS; blk++)
    {
      unsigned nf = sizes[blk % G_N_ELEMENTS (sizes)];
      MdGate *gp[N];
      float *b[N][2];
      float *const *chp[N];
      unsigned n_ch[N];

      for (unsigned i = 0; i < N; i++)
        {
          /* loud (open), with dips to 0 of 1-12 frames; quiet (closed)
           * stretches, some lanes at a time */
          bool quiet = ((blk / 10 + i / 4) % 4) == 3;

          for (unsigned k = 0; k < 2 * nf; k++)
            x[(2 * i) * nf + k] = (float) ((quiet ? 0.001 : 0.3)
                                           * g_rand_double_range (r, -1.0, 1.0));
          /* (the first and the last group without them around blocks 44,
           * 48, 92, 96) */
          if (!quiet && g_rand_int_range (r, 0, 3) == 0
              && !((i < 8 || i >= 16)
                   && (blk == 43 || blk == 44 || blk == 47 || blk == 48
                       || blk == 91 || blk == 92 || blk == 95 || blk == 96)))
            {
              unsigned at = g_rand_int_range (r, 0, nf), len = g_rand_int_range (r, 1, 13);

              for (unsigned k = at; k < at + len && k < nf; k++)
                x[2 * i * nf + k] = x[(2 * i + 1) * nf + k] = 0.0f;
            }
          /* a long hold left, a short one set (4 frames; 2 in the last
           * group: within four frames): one frame loud, then
           * seven at 0 (the gate closes within the eight frames); a hold
           * of nine frames with two left at frame 8, then eight at 0 */
          if (blk == 48 && i % 8 == 0)
            {
              md_gate_set_hold (&g[i], i == 16 ? 2.0 / 48 : 4.0 / 48);
              x[2 * i * nf] = 0.5f;
              for (unsigned k = 1; k < 8; k++)
                x[2 * i * nf + k] = x[(2 * i + 1) * nf + k] = 0.0f;
            }
          /* (the 4-lane copy's REST over four frames: a hold of 3
           * frames set while a long one runs, one frame loud, then 0; the
           * last lane of a group of four at 0 from the last frame of a
           * four-frame step on, before its quiet stretch) */
          if (blk == 48 && i % 8 == 4)
            {
              md_gate_set_hold (&g[i], 3.0 / 48);
              x[2 * i * nf] = x[(2 * i + 1) * nf] = 0.5f;
              for (unsigned k = 1; k < 8; k++)
                x[2 * i * nf + k] = x[(2 * i + 1) * nf + k] = 0.0f;
            }
          if (blk == 29 && i % 4 == 3)
            for (unsigned k = 3; k < nf; k++)
              x[2 * i * nf + k] = x[(2 * i + 1) * nf + k] = 0.0f;
          /* an 8-frame block, the last lane's (the first's) last frame at
           * 0: its timer at the call's end one short of hold_n */
          if ((blk == 44 && i == 7) || (blk == 92 && i == 0))
            x[2 * i * nf + 7] = x[(2 * i + 1) * nf + 7] = 0.0f;
          if (blk == 96 && i == 1)
            for (unsigned k = 6; k < 16; k++)
              x[2 * i * nf + k] = x[(2 * i + 1) * nf + k] = 0.0f;
          if (blk == 88 && i % 8 == 0)
            md_gate_set_hold (&g[i], 5.0);
          if (blk == 120 && i % 7 == 1)
            md_gate_set_on (&g[i], false);
          if (blk == 130 && i % 7 == 1)
            md_gate_set_on (&g[i], true);
          gp[i] = &g[i];
          b[i][0] = x + 2 * i * nf;
          b[i][1] = x + (2 * i + 1) * nf;
          chp[i] = b[i];
          n_ch[i] = mono ? 1 : 1 + (i % 3 == 2);
        }
      md_gate_process_multi_ch (gp, chp, n_ch, N, nf);
      for (unsigned i = 0; i < 2 * N * nf; i++)
        {
          guint32 u;

          memcpy (&u, &x[i], sizeof u);
          hash = (hash ^ u) * 1099511628211u;
        }
      for (unsigned i = 0; i < N; i++)
        {
          const guint32 *w = (const guint32 *) &g[i].w, *a = (const guint32 *) &g[i].att_max_db;

          for (unsigned k = 0; k < 8; k++)
            {
              hash = (hash ^ w[k]) * 1099511628211u;
              hash = (hash ^ a[k]) * 1099511628211u;
            }
        }
    }
  g_rand_free (r);
  g_free (g);
  g_free (x);
  return hash;
}

static void
test_gate_rows (void)
{
  for (unsigned mono = 0; mono < 2; mono++)
    {
      guint64 h[2];

      for (unsigned wide = 0; wide < 2; wide++)
        {
          md_dyn_set_wide_path (wide);
          h[wide] = gate_rows_run (mono);
        }
      g_assert_cmpuint (h[0], ==, h[1]);
    }
}

/* The setters flag a change, the next process applies it: a setting set to
 * a new value and back before the next process changes no bit; a new value
 * changes the output. For every setting of both units that derives
 * coefficients or targets. */
static void
comp_set_k (MdComp *c, unsigned k, bool alt)
{
  switch (k)
    {
    case 0: md_comp_set_threshold (c, alt ? -32.0 : -20.0); break;
    case 1: md_comp_set_ratio (c, alt ? 8.0 : 4.0); break;
    case 2: md_comp_set_knee (c, alt ? 14.0 : 6.0); break;
    case 3: md_comp_set_attack (c, alt ? 0.5 : 10.0); break;
    case 4: md_comp_set_release (c, alt ? 400.0 : 100.0); break;
    case 5: md_comp_set_makeup (c, alt ? 3.0 : 0.0); break;
    default: md_comp_set_auto_makeup (c, alt); break;
    }
}

static void
gate_set_k (MdGate *g, unsigned k, bool alt)
{
  switch (k)
    {
    case 0: md_gate_set_threshold (g, alt ? -20.0 : -50.0); break;
    case 1: md_gate_set_range (g, alt ? -10.0 : -40.0); break;
    case 2: md_gate_set_attack (g, alt ? 20.0 : 1.0); break;
    case 3: md_gate_set_hold (g, alt ? 40.0 : 5.0); break;
    default: md_gate_set_release (g, alt ? 20.0 : 200.0); break;
    }
}

static void
test_settings_flags (void)
{
  enum { FRAMES = 64 * 150, CHANGE = 64 * 5 + 17 };
  float *x = g_new (float, FRAMES), *y[3];

  for (unsigned i = 0; i < FRAMES; i++)
    {
      /* quiet, loud and medium stretches of 1500 frames, swelling within */
      static const double amp[3] = { 0.0003, 0.4, 0.01 };
      double a = amp[(i / 1500) % 3];

      x[i] = (float) (a * sin (i * 0.05) * (0.3 + 0.7 * fabs (sin (i * 0.002))));
    }
  for (unsigned u = 0; u < 2; u++)
    for (unsigned k = 0; k < (u == 0 ? 7u : 5u); k++)
      {
        MdComp c[3];
        MdGate g[3];

        for (unsigned v = 0; v < 3; v++)
          {
            y[v] = g_memdup2 (x, FRAMES * sizeof (float));
            md_comp_init (&c[v], FS);
            md_comp_set_on (&c[v], true);
            md_comp_snap (&c[v]);
            md_gate_init (&g[v], FS);
            md_gate_set_on (&g[v], true);
            md_gate_set_hold (&g[v], 5.0);
            md_gate_snap (&g[v]);
          }
        for (unsigned pos = 0, n; pos < FRAMES; pos += n)
          {
            n = pos < CHANGE && CHANGE - pos < 64 ? CHANGE - pos : MIN (64u, FRAMES - pos);
            if (pos == CHANGE)
              {
                /* 0: untouched; 1: away and back; 2: the new value */
                if (u == 0)
                  {
                    comp_set_k (&c[1], k, true);
                    comp_set_k (&c[1], k, false);
                    comp_set_k (&c[2], k, true);
                  }
                else
                  {
                    gate_set_k (&g[1], k, true);
                    gate_set_k (&g[1], k, false);
                    gate_set_k (&g[2], k, true);
                  }
              }
            for (unsigned v = 0; v < 3; v++)
              {
                float *chs[1] = { y[v] + pos };

                if (u == 0)
                  md_comp_process (&c[v], chs, 1, n);
                else
                  md_gate_process (&g[v], chs, 1, n);
              }
          }
        g_test_message ("%s setting %u", u == 0 ? "comp" : "gate", k);
        g_assert_cmpmem (y[0], FRAMES * sizeof (float), y[1], FRAMES * sizeof (float));
        g_assert_cmpmem (y[0], CHANGE * sizeof (float), y[2], CHANGE * sizeof (float));
        g_assert_true (memcmp (y[0] + CHANGE, y[2] + CHANGE,
                               (FRAMES - CHANGE) * sizeof (float)) != 0);
        for (unsigned v = 0; v < 3; v++)
          g_free (y[v]);
      }
  g_free (x);
}

/* The gains leave the lane kernels linear (exp2 per lane there): exactly
 * the polynomial exp2 of the gain as log2, as md_dyn_exp2_approx gives it
 * for one sample; a gate resting open leaves the signal untouched. */
static void
test_gain_exact (void)
{
  enum { N = 4800 };
  const float l2db = 0.16609640474436813f;
  float *x = g_new (float, N), *y = g_new (float, N);
  float want;
  MdComp c;
  MdGate g;

  /* compressor well below its threshold: the makeup alone, 4 dB */
  md_comp_init (&c, FS);
  md_comp_set_on (&c, true);
  md_comp_set_threshold (&c, -10.0);
  md_comp_set_makeup (&c, 4.0);
  md_comp_snap (&c);
  fill_level (x, N, -40.0);
  memcpy (y, x, N * sizeof (float));
  run_comp (&c, y, N, 17);
  want = md_dyn_exp2_approx ((4.0f - 0.0f) * l2db);
  for (unsigned i = 0; i < N; i++)
    g_assert_cmpfloat (y[i], ==, x[i] * want);

  /* gate: open on a loud signal (the samples untouched), then closed
   * at its range (-20 dB) on a quiet one */
  md_gate_init (&g, FS);
  md_gate_set_on (&g, true);
  md_gate_set_threshold (&g, -30.0);
  md_gate_set_range (&g, -20.0);
  md_gate_set_hold (&g, 1.0);
  md_gate_set_release (&g, 5.0);
  md_gate_snap (&g);
  fill_level (x, N, -6.0);
  memcpy (y, x, N * sizeof (float));
  for (unsigned pos = 0; pos < N; pos += 64)
    {
      float *chs[1] = { y + pos };

      md_gate_process (&g, chs, 1, MIN (64u, N - pos));
    }
  g_assert_cmpmem (x, N * sizeof (float), y, N * sizeof (float));
  fill_level (x, N, -60.0);
  memcpy (y, x, N * sizeof (float));
  for (unsigned pos = 0; pos < N; pos += 33)
    {
      float *chs[1] = { y + pos };

      md_gate_process (&g, chs, 1, MIN (33u, N - pos));
    }
  want = md_dyn_exp2_approx (-20.0f * l2db);
  for (unsigned i = N / 2; i < N; i++)
    g_assert_cmpfloat (y[i], ==, x[i] * want);
  g_free (x);
  g_free (y);
}

/* The approximations against libm (double), swept densely: every float
 * mantissa step pattern near the interval ends and a fine log grid. */
static void
test_approx (void)
{
  double worst_l = 0.0, worst_e = 0.0;

  for (long k = 0; k <= 4000000; k++)
    {
      /* 1e-20 .. 2^20: log-spaced */
      double xd = exp (log (1e-20) + (log (1048576.0) - log (1e-20)) * (double) k / 4e6);
      float x = (float) xd;
      double el = fabs ((double) md_dyn_log2_approx (x) - log2 ((double) x));

      worst_l = el > worst_l ? el : worst_l;
    }
  for (long k = -4000000; k <= 4000000; k++)
    {
      float x = (float) (120.0 * (double) k / 4e6);
      double ref = exp2 ((double) x);
      double ee = fabs ((double) md_dyn_exp2_approx (x) - ref) / ref;

      worst_e = ee > worst_e ? ee : worst_e;
    }
  g_test_message ("log2: worst absolute error %.3g; exp2: worst relative error %.3g",
                  worst_l, worst_e);
  g_assert_cmpfloat (worst_l, <=, 2e-5);
  g_assert_cmpfloat (worst_e, <=, 1e-5);
  g_assert_cmpfloat (md_dyn_log2_approx (1.0f), ==, 0.0f);
  for (int i = -120; i <= 120; i++)
    g_assert_cmpfloat (md_dyn_exp2_approx ((float) i), ==, ldexpf (1.0f, i));
}

/* The lane kernels run two groups in one loop (AVX2): a pair of which
 * only one group fades (the other at full weight) and the gate's mask of
 * active lanes per group equal one-by-one processing bit for bit. 16
 * units (exactly two groups of 8), every one on; some of the second
 * group's units switched off and on again while their gates are closed,
 * later some of the first group's; one unit of lanes 0-3, then one of
 * lanes 4-7 alone (the 4-wide kernels' pairs of groups of four: one
 * fades, the other at full weight). */
static void
test_pair_fade (void)
{
  enum { N = 16, FRAMES = 64 * 48 };
  G_STATIC_ASSERT (N == MD_DYN_MAX_LANES);
  MdComp *c1 = g_new0 (MdComp, N), *c2 = g_new0 (MdComp, N);
  MdGate *g1 = g_new0 (MdGate, N), *g2 = g_new0 (MdGate, N);
  float *x1 = g_new (float, 2 * N * FRAMES), *x2 = g_new (float, 2 * N * FRAMES);
  GRand *r = g_rand_new_with_seed (11);

  /* quiet from frame 256 to 2600 (the gates close), loud elsewhere */
  for (unsigned i = 0; i < 2 * N * FRAMES; i++)
    {
      unsigned f = i % FRAMES;

      x1[i] = x2[i] = (float) ((f >= 256 && f < 2600 ? 0.003 : 0.4)
                               * g_rand_double_range (r, -1.0, 1.0));
    }
  for (unsigned i = 0; i < N; i++)
    {
      setup_multi (&c1[i], i);
      setup_multi (&c2[i], i);
      md_comp_set_on (&c1[i], true);
      md_comp_set_on (&c2[i], true);
      setup_gate_multi (&g1[i], i);
      setup_gate_multi (&g2[i], i);
      md_gate_set_on (&g1[i], true);
      md_gate_set_on (&g2[i], true);
    }
  for (unsigned blk = 0; blk < FRAMES / 64; blk++)
    {
      MdComp *cp[N];
      MdGate *gp[N];
      float *b2[N][2];
      float *const *chp[N];
      unsigned n_ch[N];

      for (unsigned i = 0; i < N; i++)
        {
          unsigned nch = 1 + (i % 3 == 2);
          float *chs[2] = { x1 + 2 * i * FRAMES + blk * 64, x1 + (2 * i + 1) * FRAMES + blk * 64 };
          bool flip = ((blk == 30 || blk == 33) && i >= 8 && i % 2 == 0)
                      || ((blk == 39 || blk == 41) && i < 8 && i % 3 == 0)
                      || ((blk == 20 || blk == 22) && i == 1)
                      || ((blk == 35 || blk == 37) && i == 5);

          if (flip)
            {
              md_comp_set_on (&c1[i], !c1[i].on);
              md_comp_set_on (&c2[i], !c2[i].on);
              md_gate_set_on (&g1[i], !g1[i].on);
              md_gate_set_on (&g2[i], !g2[i].on);
            }
          md_gate_process (&g1[i], chs, nch, 64);
          md_comp_process (&c1[i], chs, nch, 64);
          cp[i] = &c2[i];
          gp[i] = &g2[i];
          b2[i][0] = x2 + 2 * i * FRAMES + blk * 64;
          b2[i][1] = x2 + (2 * i + 1) * FRAMES + blk * 64;
          chp[i] = b2[i];
          n_ch[i] = nch;
        }
      md_gate_process_multi_ch (gp, chp, n_ch, N, 64);
      md_comp_process_multi_ch (cp, chp, n_ch, N, 64);
      for (unsigned i = 0; i < N; i++)
        {
          g_assert_cmpfloat (md_comp_gain_reduction_db (&c1[i]), ==,
                             md_comp_gain_reduction_db (&c2[i]));
          g_assert_cmpfloat (md_gate_attenuation_db (&g1[i]), ==,
                             md_gate_attenuation_db (&g2[i]));
        }
    }
  g_assert_cmpmem (x1, 2 * N * FRAMES * sizeof (float), x2, 2 * N * FRAMES * sizeof (float));
  g_rand_free (r);
  g_free (c1);
  g_free (c2);
  g_free (g1);
  g_free (g2);
  g_free (x1);
  g_free (x2);
}

/* A settled peak compressor runs each piece in one pass (no chunks), the
 * grid's phase only advancing: after odd call sizes, a threshold change
 * must still smooth at the same grid points as in one call. Two stereo
 * and mono compressors, key in place (no filter) and prefiltered: every
 * call-size pattern gives the same bits. */
static void
test_comp_settled_phase (void)
{
  enum { N = 4800, SET = 2000 };
  static const unsigned sizes[][3] = { { 4800, 4800, 4800 }, { 1, 7, 64 }, { 63, 65, 200 },
                                       { 3, 256, 17 } };
  float *ref[4] = { NULL };

  for (unsigned s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (unsigned u = 0; u < 4; u++)
      {
        float *l = g_new (float, N), *r = g_new (float, N);
        float *chs[2];
        unsigned n_ch = u & 1 ? 2 : 1, k = 0;
        MdComp c;

        for (unsigned i = 0; i < N; i++)
          {
            l[i] = (float) (0.6 * sin (i * 0.013) * sin (i * 0.0007));
            r[i] = (float) (0.4 * cos (i * 0.021));
          }
        md_comp_init (&c, FS);
        md_comp_set_on (&c, true);
        md_comp_set_threshold (&c, -24);
        md_comp_set_ratio (&c, 4);
        md_comp_set_knee (&c, 6);
        md_comp_set_makeup (&c, 3);
        md_comp_set_attack (&c, 2.0);
        md_comp_set_release (&c, 40.0);
        if (u >= 2)
          {
            md_comp_set_sc_hpf_on (&c, true);
            md_comp_set_sc_hpf_freq (&c, 120);
          }
        for (unsigned pos = 0, len; pos < N; pos += len, k++)
          {
            len = MIN (sizes[s][k % 3], N - pos);
            if (pos < SET && pos + len > SET)
              len = SET - pos;
            if (pos == SET)
              md_comp_set_threshold (&c, -12);   /* settling again */
            chs[0] = l + pos;
            chs[1] = r + pos;
            md_comp_process (&c, chs, n_ch, len);
          }
        g_assert_cmpfloat (fabs (md_comp_gain_reduction_db (&c)), >, 0.5);
        if (s == 0)
          ref[u] = l;
        else
          {
            g_assert_cmpmem (l, N * sizeof (float), ref[u], N * sizeof (float));
            g_free (l);
          }
        g_free (r);
      }
  for (unsigned u = 0; u < 4; u++)
    g_free (ref[u]);
}

/* A gate resting open reports its attenuation (the maximum of -gain over
 * the call, from +0) as -0: max_f (+0, -0) is its second operand. The
 * kernels keep that bit (the meters publish the bits) one by one, with
 * 1-frame calls and in lockstep groups (16 and 12 units: the 4-wide
 * kernel's pairs of groups and a group alone). */
static void
test_gate_open_zero (void)
{
  enum { N = 16, FRAMES = 256 };
  static const unsigned blocks[] = { 64, 1, 17 };
  static const unsigned counts[] = { N, 12 };
  float *x = g_new (float, 2 * N * FRAMES);

  for (unsigned b = 0; b < G_N_ELEMENTS (blocks); b++)
    for (unsigned nc = 0; nc < G_N_ELEMENTS (counts); nc++)
      {
        const unsigned n = counts[nc];
        MdGate *g = g_new0 (MdGate, N), *gp[N];
        float *b2[N][2];
        float *const *chp[N];
        unsigned n_ch[N];

        for (unsigned i = 0; i < 2 * N * FRAMES; i++)
          x[i] = (float) (0.5 * sin (i * 0.05));
        for (unsigned i = 0; i < n; i++)
          {
            md_gate_init (&g[i], FS);
            md_gate_set_on (&g[i], true);
            md_gate_set_threshold (&g[i], -60.0);
            md_gate_set_range (&g[i], -40.0);
            md_gate_set_hold (&g[i], 5.0);
            md_gate_snap (&g[i]);
            gp[i] = &g[i];
            n_ch[i] = 1 + (i % 3 == 2 && b == 2);
          }
        for (unsigned pos = 0; pos < FRAMES; pos += blocks[b])
          {
            unsigned len = MIN (blocks[b], FRAMES - pos);

            for (unsigned i = 0; i < n; i++)
              {
                b2[i][0] = x + 2 * i * FRAMES + pos;
                b2[i][1] = x + (2 * i + 1) * FRAMES + pos;
                chp[i] = b2[i];
              }
            if (n == N && blocks[b] == 64 && pos == 0)
              for (unsigned i = 0; i < n; i++)
                md_gate_process (&g[i], b2[i], n_ch[i], len);
            else
              md_gate_process_multi_ch (gp, chp, n_ch, n, len);
            for (unsigned i = 0; i < n; i++)
              {
                g_assert_cmpfloat (md_gate_attenuation_db (&g[i]), ==, 0.0f);
                g_assert_true (signbit (md_gate_attenuation_db (&g[i])));
              }
          }
        g_free (g);
      }
  g_free (x);
}

/* Keys with NaN and infinite samples through the compressor's peak level
 * and static curve (peak_curve: whole groups of four frames in vectors on
 * the baseline build, then frame by frame; curve_lanes at blocks under 8
 * frames; per chunk while settling after a threshold change): a NaN key
 * sample is at the level floor (|k| > floor is false), in a linked pair
 * the other key's level unless it is NaN too. Mono and linked stereo at
 * blocks of 64, 1, 13 and 6 frames agree bit for bit, with no reset. */
static void
test_comp_peak_nonfinite (void)
{
  enum { N = 2048, SET = 700 };
  static const unsigned sizes[] = { 64, 1, 13, 6 };
  float *ref[2][2] = { { NULL } };

  for (unsigned s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (unsigned u = 0; u < 2; u++)
      {
        float *x[2] = { g_new (float, N), g_new (float, N) };
        unsigned n_ch = u + 1;
        MdComp c;

        for (unsigned i = 0; i < N; i++)
          {
            x[0][i] = (float) (0.7 * sin (i * 0.011));
            x[1][i] = (float) (0.4 * cos (i * 0.017));
            if (i % 37 == 5 || i % 101 == 0)
              x[0][i] = i & 1 ? NAN : -NAN;
            if (i % 53 == 7 || i % 101 == 0)
              x[1][i] = NAN;
            if (i % 211 == 99)
              x[1][i] = -INFINITY;
          }
        md_comp_init (&c, FS);
        md_comp_set_on (&c, true);
        md_comp_set_threshold (&c, -20);
        md_comp_set_ratio (&c, 3);
        md_comp_set_knee (&c, 6);
        md_comp_set_attack (&c, 1.0);
        md_comp_set_release (&c, 30.0);
        md_comp_snap (&c);
        for (unsigned pos = 0, len; pos < N; pos += len)
          {
            float *chs[2] = { x[0] + pos, x[1] + pos };

            len = MIN (sizes[s], N - pos);
            if (pos < SET && pos + len > SET)
              len = SET - pos;
            if (pos == SET)
              md_comp_set_threshold (&c, -14);   /* settling: per chunk */
            md_comp_process (&c, chs, n_ch, len);
          }
        g_assert_cmpuint (c.n_resets, ==, 0);
        g_assert_cmpfloat (fabs (md_comp_gain_reduction_db (&c)), >, 0.5);
        if (s == 0)
          {
            ref[u][0] = x[0];
            ref[u][1] = x[1];
            continue;
          }
        for (unsigned k = 0; k < n_ch; k++)
          g_assert_cmpmem (x[k], N * sizeof (float), ref[u][k], N * sizeof (float));
        g_free (x[0]);
        g_free (x[1]);
      }
  for (unsigned u = 0; u < 2; u++)
    {
      g_free (ref[u][0]);
      g_free (ref[u][1]);
    }
}

/* Compressors in lockstep at short blocks (the level and static curve of
 * the settled units across the group, curve_lanes): units with different
 * thresholds, ratios (one infinite), knees (one without), makeup, mono and
 * linked stereo, key filter on and off, a few RMS ones (not settled), and
 * settings changed mid-run, units leaving the group (switched off) and
 * joining it. One by one at odd block sizes, in lockstep at the same
 * sizes and in lockstep at 64 frames (the per-lane pass) agree bit for
 * bit. */
static void
setup_lanes_curve (MdComp *c, unsigned i)
{
  md_comp_init (c, FS);
  md_comp_set_on (c, i % 7 != 3);
  md_comp_set_threshold (c, -6.0 - 2.5 * i);
  md_comp_set_ratio (c, i == 5 ? MD_COMP_RATIO_INF : 1.2 + 0.7 * i);
  md_comp_set_knee (c, (double) (i % 4) * 3.0);
  md_comp_set_makeup (c, (double) (i % 3));
  md_comp_set_attack (c, 0.3 + 0.5 * i);
  md_comp_set_release (c, 15.0 + 7.0 * i);
  md_comp_set_detect (c, i % 6 == 5 ? MD_DYN_DETECT_RMS : MD_DYN_DETECT_PEAK);
  md_comp_set_sc_hpf_on (c, i % 4 == 1);
  md_comp_set_sc_hpf_freq (c, 60.0 + 10.0 * i);
  md_comp_snap (c);
}

static void
test_comp_lanes_curve (void)
{
  enum { N = 19, FRAMES = 64 * 80 };
  G_STATIC_ASSERT (N > MD_DYN_MAX_LANES);
  static const unsigned sizes[] = { 1, 3, 17, 7, 1, 1, 64, 2, 29, 5, 1, 9, 4, 8, 12, 4 };
  MdComp *c[3];
  float *x[3];
  GRand *r = g_rand_new_with_seed (11);

  for (unsigned m = 0; m < 3; m++)
    {
      c[m] = g_new0 (MdComp, N);
      x[m] = g_new (float, 2 * N * FRAMES);
      for (unsigned i = 0; i < N; i++)
        setup_lanes_curve (&c[m][i], i);
    }
  for (unsigned i = 0; i < 2 * N * FRAMES; i++)
    x[0][i] = x[1][i] = x[2][i] =
      (float) (0.9 * sin (i * 0.029) * g_rand_double_range (r, 0.05, 1.0));
  /* M 0: one by one at SIZES, 1: lockstep at SIZES, 2: lockstep at 64 */
  for (unsigned m = 0; m < 3; m++)
    for (unsigned pos = 0, len, k = 0; pos < FRAMES; pos += len, k++)
      {
        MdComp *cp[N];
        float *b[N][2];
        float *const *chp[N];
        unsigned n_ch[N];

        len = m == 2 ? 64 : MIN (sizes[k % G_N_ELEMENTS (sizes)], FRAMES - pos);
        /* changes at multiples of 64 frames (the blocks end there) */
        if (pos / 64 != (pos + len - 1) / 64)
          len = 64 - pos % 64;
        for (unsigned i = 0; i < N; i++)
          {
            MdComp *u = &c[m][i];

            if (pos == 64 * 20 && i % 5 == 2)
              md_comp_set_on (u, false);              /* leaves the group */
            if (pos == 64 * 20 && i % 7 == 3)
              md_comp_set_on (u, true);               /* joins it */
            if (pos == 64 * 40 && i % 2 == 0)
              md_comp_set_threshold (u, -3.0 - 2.5 * i);
            if (pos == 64 * 55 && i % 3 == 0)
              {
                md_comp_set_knee (u, 10.0);
                md_comp_set_ratio (u, 2.0 + i);
              }
            if (pos == 64 * 65 && i % 5 == 2)
              md_comp_set_on (u, true);               /* back */
            /* the lane rows' settings changed while settled (dynrows):
             * detector times, makeup, detection (ms in the row) */
            if (pos == 64 * 30 && i % 3 == 1)
              {
                md_comp_set_attack (u, 2.0 + 0.3 * i);
                md_comp_set_release (u, 40.0 + 3.0 * i);
              }
            if (pos == 64 * 45 && i % 4 == 0)
              md_comp_set_makeup (u, 1.5 - 0.25 * i);
            if (pos == 64 * 50 && i % 6 == 4)
              md_comp_set_detect (u, MD_DYN_DETECT_RMS);
            if (pos == 64 * 72 && i % 6 == 5)
              md_comp_set_detect (u, MD_DYN_DETECT_PEAK);
            cp[i] = u;
            b[i][0] = x[m] + 2 * i * FRAMES + pos;
            b[i][1] = x[m] + (2 * i + 1) * FRAMES + pos;
            chp[i] = b[i];
            n_ch[i] = 1 + (i % 3 != 1);
            if (m == 0)
              md_comp_process (u, b[i], n_ch[i], len);
          }
        if (m > 0)
          md_comp_process_multi_ch (cp, chp, n_ch, N, len);
      }
  for (unsigned i = 0; i < N; i++)
    {
      g_assert_cmpfloat (md_comp_gain_reduction_db (&c[0][i]), ==,
                         md_comp_gain_reduction_db (&c[1][i]));
      /* the lane rows the kernels load and store by transposes: the
       * state and settings as one by one (the meter, of the last call,
       * at the same blocks only) */
      g_assert_cmpmem (&c[0][i].y_l, 8 * sizeof (float), &c[1][i].y_l, 8 * sizeof (float));
      for (unsigned m = 1; m < 3; m++)
        {
          g_assert_cmpmem (&c[0][i].y_l, 5 * sizeof (float), &c[m][i].y_l, 5 * sizeof (float));
          g_assert_cmpmem (&c[0][i].w_target, 2 * sizeof (float),
                           &c[m][i].w_target, 2 * sizeof (float));
          g_assert_cmpmem (&c[0][i].thr_db, 8 * sizeof (float),
                           &c[m][i].thr_db, 8 * sizeof (float));
        }
    }
  g_assert_cmpfloat (md_comp_gain_reduction_db (&c[0][0]), >, 0.1);
  g_assert_cmpmem (x[0], 2 * N * FRAMES * sizeof (float), x[1], 2 * N * FRAMES * sizeof (float));
  g_assert_cmpmem (x[0], 2 * N * FRAMES * sizeof (float), x[2], 2 * N * FRAMES * sizeof (float));
  g_rand_free (r);
  for (unsigned m = 0; m < 3; m++)
    {
      g_free (c[m]);
      g_free (x[m]);
    }
}

/* 17..32 compressors in one md_comp_process_multi_ch call (a full group
 * of MD_DYN_MAX_LANES lanes, then the rest: one or two groups of eight,
 * the last one partial or full) equal the same compressors run one by
 * one bit for bit, on both copies of the lane kernels: mono and linked
 * stereo, key filter on and off, blocks of 1 to 200 frames, a makeup
 * change with every unit at full weight (the makeup rows), fades out and
 * in, and a NaN into the last unit's input and its detector state (reset
 * at the call's end). Branch comp32 ran 17..32 lanes in one lockstep
 * call (four AVX2 groups in one loop) against this test; see HACKING.md,
 * "Branch `comp32`". */
static void
test_comp_lanes32 (void)
{
  enum { FRAMES = 64 * 36, MAX_N = 2 * MD_DYN_MAX_LANES };
  static const unsigned sizes[] = { 64, 1, 3, 13, 200, 64, 7, 8, 36, 64 };

  for (unsigned wide = 0; wide < 2; wide++)
    for (unsigned n = MD_DYN_MAX_LANES + 1; n <= MAX_N; n++)
      {
        MdComp *c[2];
        float *x[2];
        GRand *r = g_rand_new_with_seed (40 + n);

        for (unsigned m = 0; m < 2; m++)
          {
            c[m] = g_new0 (MdComp, n);
            x[m] = g_new (float, 2 * n * FRAMES);
            for (unsigned i = 0; i < n; i++)
              {
                MdComp *u = &c[m][i];

                md_comp_init (u, FS);
                md_comp_set_on (u, true);
                md_comp_set_threshold (u, -8.0 - 1.3 * i);
                md_comp_set_ratio (u, 1.5 + 0.4 * i);
                md_comp_set_knee (u, (double) (i % 3) * 4.0);
                md_comp_set_attack (u, 0.2 + 0.3 * i);
                md_comp_set_release (u, 10.0 + 4.0 * i);
                md_comp_set_sc_hpf_on (u, i % 4 == 1);
                md_comp_snap (u);
              }
          }
        for (unsigned i = 0; i < 2 * n * FRAMES; i++)
          x[0][i] = x[1][i] =
            (float) (0.9 * sin (i * 0.017) * g_rand_double_range (r, 0.05, 1.0));
        /* M 0: one by one, 1: in lockstep */
        for (unsigned m = 0; m < 2; m++)
          {
            md_dyn_set_wide_path (m == 0 || wide);
            for (unsigned pos = 0, len, k = 0; pos < FRAMES; pos += len, k++)
              {
                MdComp *cp[MAX_N];
                float *b[MAX_N][2];
                float *const *chp[MAX_N];
                unsigned n_ch[MAX_N];

                len = MIN (sizes[k % G_N_ELEMENTS (sizes)], FRAMES - pos);
                for (unsigned i = 0; i < n; i++)
                  {
                    MdComp *u = &c[m][i];

                    if (k == 6)
                      md_comp_set_makeup (u, 0.5 * (i % 5));
                    if (k == 14 && i % 5 == 2)
                      md_comp_set_on (u, false);    /* fades out */
                    if (k == 24 && i % 5 == 2)
                      md_comp_set_on (u, true);     /* and in */
                    cp[i] = u;
                    b[i][0] = x[m] + 2 * i * FRAMES + pos;
                    b[i][1] = x[m] + (2 * i + 1) * FRAMES + pos;
                    chp[i] = b[i];
                    n_ch[i] = 1 + (i % 3 == 1);
                    if (k == 10 && i == n - 1)
                      {
                        b[i][0][len / 2] = NAN;
                        u->y_l = NAN;               /* reset at the end */
                      }
                    if (m == 0)
                      md_comp_process (u, b[i], n_ch[i], len);
                  }
                if (m == 1)
                  md_comp_process_multi_ch (cp, chp, n_ch, n, len);
              }
          }
        md_dyn_set_wide_path (true);
        for (unsigned i = 0; i < n; i++)
          {
            g_assert_cmpmem (&c[0][i].y_l, 8 * sizeof (float), &c[1][i].y_l, 8 * sizeof (float));
            g_assert_cmpuint (c[0][i].n_resets, ==, c[1][i].n_resets);
          }
        g_assert_cmpuint (c[1][n - 1].n_resets, >, 0);
        g_assert_cmpfloat (md_comp_gain_reduction_db (&c[0][0]), >, 0.1);
        g_assert_cmpmem (x[0], 2 * n * FRAMES * sizeof (float),
                         x[1], 2 * n * FRAMES * sizeof (float));
        g_rand_free (r);
        for (unsigned m = 0; m < 2; m++)
          {
            g_free (c[m]);
            g_free (x[m]);
          }
      }
}

/* N units' gates, then their compressors, over the rows of X (unit i's
 * channel c at X + (2 i + c) FRAMES, N_CH[i] channels) in blocks of
 * SIZES in turn: one by one, or in LOCKSTEP (the multi-channel calls);
 * POKE (if not NULL) runs on each unit before each block K. */
static void
dyn_both_run (MdComp *c, MdGate *g, float *x, const unsigned *n_ch, unsigned n,
              unsigned frames, const unsigned *sizes, unsigned n_sizes, bool lockstep,
              void (*poke) (MdComp *c, MdGate *g, unsigned k, unsigned i))
{
  MdComp *cp[64];
  MdGate *gp[64];
  float *b[64][2];
  float *const *chp[64];

  g_assert_cmpuint (n, <=, 64);
  for (unsigned pos = 0, len, k = 0; pos < frames; pos += len, k++)
    {
      len = MIN (sizes[k % n_sizes], frames - pos);
      for (unsigned i = 0; i < n; i++)
        {
          if (poke)
            poke (&c[i], &g[i], k, i);
          cp[i] = &c[i];
          gp[i] = &g[i];
          b[i][0] = x + 2 * i * frames + pos;
          b[i][1] = x + (2 * i + 1) * frames + pos;
          chp[i] = b[i];
          if (!lockstep)
            {
              md_gate_process (gp[i], b[i], n_ch[i], len);
              md_comp_process (cp[i], b[i], n_ch[i], len);
            }
        }
      if (lockstep)
        {
          md_gate_process_multi_ch (gp, chp, n_ch, n, len);
          md_comp_process_multi_ch (cp, chp, n_ch, n, len);
        }
    }
}

/* test_dyn_lanes_checks' non-finite states, poked before blocks 400-403 */
static void
lanes_checks_poke (MdComp *c, MdGate *g, unsigned k, unsigned i)
{
  if (k == 400 && i == 7)
    c->y_l = NAN;
  if (k == 401 && i == 11)
    c->y_l = -INFINITY;
  if (k == 402 && i == 13)
    g->g_db = NAN;                        /* recovers in the kernel */
  if (k == 403 && i == 13)
    md_gate_set_range (g, NAN);           /* a closed gate's g_db: NaN */
}

/* The end-of-call checks in lockstep (comp_end and gate_end only for the
 * lanes that may need them): compressors and gates at blocks of 1, 5, 64
 * and 300 frames (two pieces), key filters on (steady) and off, an
 * infinite input into a filtered key, non-finite detector states poked
 * into some units (y_l NaN and -inf, g_db NaN), then a long silence
 * (y_l flushed to exactly 0). One by one and in lockstep agree bit for
 * bit, in the output, the states and the reset counts. */
static void
test_dyn_lanes_checks (void)
{
  enum { N = 19, LOUD = 64 * 50, FRAMES = LOUD + 64 * 1100 };
  static const unsigned sizes[] = { 1, 5, 64, 300 };
  MdComp *c[2];
  MdGate *g[2];
  float *x[2];
  unsigned n_ch[N];
  GRand *r = g_rand_new_with_seed (12);

  for (unsigned m = 0; m < 2; m++)
    {
      c[m] = g_new0 (MdComp, N);
      g[m] = g_new0 (MdGate, N);
      x[m] = g_new0 (float, 2 * N * FRAMES);
      for (unsigned i = 0; i < N; i++)
        {
          md_comp_init (&c[m][i], FS);
          md_comp_set_on (&c[m][i], true);
          md_comp_set_threshold (&c[m][i], -20.0 - i);
          md_comp_set_release (&c[m][i], 5.0 + i);
          md_comp_set_sc_hpf_on (&c[m][i], i % 2 == 0);
          md_comp_snap (&c[m][i]);
          md_gate_init (&g[m][i], FS);
          md_gate_set_on (&g[m][i], true);
          md_gate_set_threshold (&g[m][i], -12.0 - i);
          md_gate_set_sc_hpf_on (&g[m][i], i % 3 == 0);
          md_gate_snap (&g[m][i]);
        }
    }
  for (unsigned i = 0; i < N; i++)
    for (unsigned f = 0; f < LOUD; f++)
      {
        float v = (float) (0.8 * sin (f * 0.011 * (1 + i % 4)) * g_rand_double_range (r, 0.0, 1.0));

        x[0][2 * i * FRAMES + f] = x[1][2 * i * FRAMES + f] = v;
        x[0][(2 * i + 1) * FRAMES + f] = x[1][(2 * i + 1) * FRAMES + f] = 0.5f * v;
      }
  /* into unit 4's filtered key (its compressor's: steady by then) */
  x[0][8 * FRAMES + 64 * 30 + 3] = x[1][8 * FRAMES + 64 * 30 + 3] = INFINITY;
  /* and unit 3's (its gate's) */
  x[0][6 * FRAMES + 64 * 31 + 1] = x[1][6 * FRAMES + 64 * 31 + 1] = INFINITY;
  for (unsigned i = 0; i < N; i++)
    n_ch[i] = 1 + (i % 3 != 1);
  for (unsigned m = 0; m < 2; m++)
    dyn_both_run (c[m], g[m], x[m], n_ch, N, FRAMES, sizes, G_N_ELEMENTS (sizes), m == 1,
                  lanes_checks_poke);
  g_assert_cmpmem (x[0], 2 * N * FRAMES * sizeof (float), x[1], 2 * N * FRAMES * sizeof (float));
  for (unsigned i = 0; i < N; i++)
    {
      bool hit = i == 3 || i == 4 || i == 7 || i == 11 || i == 13;

      for (unsigned m = 0; m < 2; m++)
        {
          g_assert_cmpfloat (c[m][i].y_l, ==, 0.0f);  /* flushed */
          g_assert_false (signbit (c[m][i].y_l));
          if ((c[m][i].n_resets + g[m][i].n_resets > 0) != hit)
            g_error ("unit %u run %u: resets %u %u", i, m, c[m][i].n_resets, g[m][i].n_resets);
        }
      g_assert_cmpuint (c[0][i].n_resets, ==, c[1][i].n_resets);
      g_assert_cmpuint (g[0][i].n_resets, ==, g[1][i].n_resets);
      g_assert_cmpmem (&g[0][i].g_db, sizeof (float), &g[1][i].g_db, sizeof (float));
    }
  g_assert_cmpuint (c[1][7].n_resets, ==, 1);
  g_assert_cmpuint (c[1][11].n_resets, ==, 1);
  g_assert_cmpuint (g[1][13].n_resets, >, 100);
  g_assert_cmpuint (c[1][4].n_resets, >, 0);
  g_assert_cmpuint (g[1][3].n_resets, >, 0);
  g_rand_free (r);
  for (unsigned m = 0; m < 2; m++)
    {
      g_free (c[m]);
      g_free (g[m]);
      g_free (x[m]);
    }
}

/* Key filters in two lane sets per lockstep call (16 stereo units with
 * filtered keys: 32 key lanes, sc_prefilter's two-set call at 16 frames
 * and more, two one-set calls below): an infinite input into a key of
 * the second set (unit 12) and, later, of the first (unit 2). Only the
 * hit set's units sanitize their key states, as one by one; both copies
 * of the kernels; one by one and in lockstep agree bit for bit. */
static void
test_dyn_key_sets2 (void)
{
  enum { N = 16, FRAMES = 64 * 80 };
  static const unsigned sizes[] = { 64, 300, 5, 64, 17 };
  unsigned n_ch[N];

  for (unsigned i = 0; i < N; i++)
    n_ch[i] = 2;
  for (unsigned wide = 0; wide < 2; wide++)
    {
      MdComp *c[2];
      MdGate *g[2];
      float *x[2];
      GRand *r = g_rand_new_with_seed (77);

      for (unsigned m = 0; m < 2; m++)
        {
          c[m] = g_new0 (MdComp, N);
          g[m] = g_new0 (MdGate, N);
          x[m] = g_new0 (float, 2 * N * FRAMES);
          for (unsigned i = 0; i < N; i++)
            {
              md_comp_init (&c[m][i], FS);
              md_comp_set_on (&c[m][i], true);
              md_comp_set_threshold (&c[m][i], -18.0 - i);
              md_comp_set_sc_hpf_on (&c[m][i], true);
              md_comp_snap (&c[m][i]);
              md_gate_init (&g[m][i], FS);
              md_gate_set_on (&g[m][i], true);
              md_gate_set_threshold (&g[m][i], -30.0 - i);
              md_gate_set_sc_hpf_on (&g[m][i], true);
              md_gate_snap (&g[m][i]);
            }
        }
      for (unsigned i = 0; i < 2 * N * FRAMES; i++)
        x[0][i] = x[1][i] = (float) (0.7 * sin (i * 0.013) * g_rand_double_range (r, 0.1, 1.0));
      /* unit 12's left channel (second set), then unit 2's right (first) */
      x[0][24 * FRAMES + 64 * 20 + 3] = x[1][24 * FRAMES + 64 * 20 + 3] = INFINITY;
      x[0][5 * FRAMES + 64 * 50 + 9] = x[1][5 * FRAMES + 64 * 50 + 9] = INFINITY;
      for (unsigned m = 0; m < 2; m++)
        {
          md_dyn_set_wide_path (m == 0 || wide);
          dyn_both_run (c[m], g[m], x[m], n_ch, N, FRAMES, sizes, G_N_ELEMENTS (sizes), m == 1,
                        NULL);
        }
      md_dyn_set_wide_path (true);
      g_assert_cmpmem (x[0], 2 * N * FRAMES * sizeof (float), x[1],
                       2 * N * FRAMES * sizeof (float));
      for (unsigned i = 0; i < N; i++)
        {
          g_assert_cmpuint (c[0][i].n_resets, ==, c[1][i].n_resets);
          g_assert_cmpuint (g[0][i].n_resets, ==, g[1][i].n_resets);
          g_assert_cmpmem (&c[0][i].y_l, 8 * sizeof (float), &c[1][i].y_l, 8 * sizeof (float));
          g_assert_cmpmem (&g[0][i].g_db, sizeof (float), &g[1][i].g_db, sizeof (float));
        }
      g_assert_cmpuint (g[1][12].n_resets, >, 0);
      g_assert_cmpuint (g[1][2].n_resets, >, 0);
      g_rand_free (r);
      for (unsigned m = 0; m < 2; m++)
        {
          g_free (c[m]);
          g_free (g[m]);
          g_free (x[m]);
        }
    }
}

/* A gate whose key runs unfiltered (its grid's phase advanced per call)
 * and then filtered and gliding: blocks of 1, 7, 300 (two pieces), 13
 * and 43 frames give the bits of blocks of 64 (the glide steps on the
 * same grid; the key rows move with the pieces). */
static void
test_gate_direct_phase (void)
{
  enum { FRAMES = 64 * 60 };
  static const unsigned sizes[] = { 1, 7, 300, 13, 43 };
  float *x[2];

  for (unsigned m = 0; m < 2; m++)
    {
      x[m] = g_new (float, 2 * FRAMES);
      for (unsigned f = 0; f < 2 * FRAMES; f++)
        x[m][f] = (float) (0.3 * sin (f * 0.05) * (1.0 + sin (f * 0.01)));
    }
  for (unsigned m = 0; m < 2; m++)
    {
      MdGate g;

      md_gate_init (&g, FS);
      md_gate_set_on (&g, true);
      md_gate_set_threshold (&g, -16.0);
      md_gate_set_hold (&g, 2.0);
      md_gate_snap (&g);
      for (unsigned pos = 0, len, k = 0; pos < FRAMES; pos += len, k++)
        {
          float *chs[2] = { x[m] + pos, x[m] + FRAMES + pos };

          len = m == 0 ? 64 : MIN (sizes[k % G_N_ELEMENTS (sizes)], FRAMES - pos);
          for (unsigned e = 20; e <= 30; e += 10)   /* blocks end at the changes */
            if (pos < 64 * e && pos + len > 64 * e)
              len = 64 * e - pos;
          if (pos == 64 * 20)
            md_gate_set_sc_hpf_on (&g, true);
          if (pos == 64 * 30)
            md_gate_set_sc_hpf_freq (&g, 2000.0);      /* glides */
          md_gate_process (&g, chs, 2, len);
        }
    }
  g_assert_cmpmem (x[0], 2 * FRAMES * sizeof (float), x[1], 2 * FRAMES * sizeof (float));
  for (unsigned m = 0; m < 2; m++)
    g_free (x[m]);
}

/* Prepared key lane sets (MdDynKeySet, in a group's first sidechain):
 * N gates or compressors with steady key filters, in lockstep, against
 * the same units one by one with their sets thrown away before every call
 * (prepared afresh), bit for bit, while between blocks a key filter jumps
 * to a new frequency (snap: only its gen changes), one switches off and
 * on, a unit leaves the group and comes back (the first one too), one
 * goes mono and back, one is initialised again in place, one glides and
 * two with the same channel counts and gens swap places; 20 lanes: two
 * sets, a unit split across them; calls of 64 and 300 frames (two
 * pieces). The set is reused while nothing changes. */
static void
key_setup (MdGate *g, MdComp *c, unsigned i, bool gate)
{
  if (gate)
    {
      md_gate_init (g, FS);
      md_gate_set_on (g, true);
      md_gate_set_threshold (g, -30.0 - i);
      md_gate_set_sc_hpf_on (g, true);
      md_gate_set_sc_hpf_freq (g, 60.0 + 30.0 * i);
      md_gate_snap (g);
    }
  else
    {
      md_comp_init (c, FS);
      md_comp_set_on (c, true);
      md_comp_set_threshold (c, -20.0 - i);
      md_comp_set_detect (c, i % 2 ? MD_DYN_DETECT_RMS : MD_DYN_DETECT_PEAK);
      md_comp_set_sc_hpf_on (c, true);
      md_comp_set_sc_hpf_freq (c, 60.0 + 30.0 * i);
      md_comp_snap (c);
    }
}

static MdDynSidechain *
key_sc (MdGate *g, MdComp *c, bool gate)
{
  return gate ? &g->sc : &c->sc;
}

static void
key_sets_run (bool gate)
{
  enum { N = 12, B = 60, MAXF = 300 };
  MdGate *g[2];
  MdComp *c[2];
  float *x[2];
  GRand *r = g_rand_new_with_seed (7);
  unsigned n_ch[N], order[N], builds_ok = 0;

  for (unsigned m = 0; m < 2; m++)
    {
      g[m] = g_new0 (MdGate, N);
      c[m] = g_new0 (MdComp, N);
      x[m] = g_new0 (float, N * 2 * MAXF);
      for (unsigned i = 0; i < N; i++)
        key_setup (&g[m][i], &c[m][i], i, gate);
    }
  for (unsigned i = 0; i < N; i++)
    {
      n_ch[i] = i % 3 == 1 ? 1 : 2;
      order[i] = i;
    }
  for (unsigned b = 0; b < B; b++)
    {
      const unsigned len = b % 4 == 3 ? MAXF : 64;
      bool in[N];

      for (unsigned m = 0; m < 2; m++)
        {
          MdGate *gu = g[m];
          MdComp *cu = c[m];

          if (b == 5)
            {
              if (gate)
                md_gate_set_sc_hpf_freq (&gu[3], 900.0), md_gate_snap (&gu[3]);
              else
                md_comp_set_sc_hpf_freq (&cu[3], 900.0), md_comp_snap (&cu[3]);
            }
          if (b == 10 || b == 14)
            {
              if (gate)
                md_gate_set_sc_hpf_on (&gu[2], b == 14);
              else
                md_comp_set_sc_hpf_on (&cu[2], b == 14);
            }
          if (b == 46)
            key_setup (&gu[7], &cu[7], 7, gate);
          if (b == 50)
            {
              if (gate)
                md_gate_set_sc_hpf_freq (&gu[9], 2000.0);
              else
                md_comp_set_sc_hpf_freq (&cu[9], 2000.0);
            }
        }
      if (b == 36 || b == 42)
        n_ch[5] = b == 36 ? 1 : 2;
      if (b == 54)
        {
          order[8] = 11;                /* (the same channels and gens) */
          order[11] = 8;
        }
      for (unsigned i = 0; i < N; i++)
        in[i] = !((i == 4 && b >= 18 && b < 24) || (i == 0 && b >= 28 && b < 32));
      for (unsigned k = 0; k < N * 2 * MAXF; k++)
        x[0][k] = x[1][k] = (float) g_rand_double_range (r, -0.8, 0.8);
      /* 0: one by one, prepared afresh; 1: the group in lockstep, the
       * units out of it one by one */
      for (unsigned i = 0; i < N; i++)
        {
          float *ch[2] = { x[0] + (2 * i) * MAXF, x[0] + (2 * i + 1) * MAXF };
          float *ch1[2] = { x[1] + (2 * i) * MAXF, x[1] + (2 * i + 1) * MAXF };

          key_sc (&g[0][i], &c[0][i], gate)->keys.n_units = 0;
          if (gate)
            md_gate_process (&g[0][i], ch, n_ch[i], len);
          else
            md_comp_process (&c[0][i], ch, n_ch[i], len);
          if (!in[i])
            {
              if (gate)
                md_gate_process (&g[1][i], ch1, n_ch[i], len);
              else
                md_comp_process (&c[1][i], ch1, n_ch[i], len);
            }
        }
      {
        MdGate *gp[N];
        MdComp *cp[N];
        float *b1[N][2];
        float *const *chp[N];
        unsigned nc[N], n = 0;

        for (unsigned k = 0; k < N; k++)
          {
            const unsigned i = order[k];

            if (!in[i])
              continue;
            gp[n] = &g[1][i];
            cp[n] = &c[1][i];
            b1[n][0] = x[1] + (2 * i) * MAXF;
            b1[n][1] = x[1] + (2 * i + 1) * MAXF;
            chp[n] = b1[n];
            nc[n++] = n_ch[i];
          }
        if (gate)
          md_gate_process_multi_ch (gp, chp, nc, n, len);
        else
          md_comp_process_multi_ch (cp, chp, nc, n, len);
      }
      for (unsigned i = 0; i < N; i++)
        for (unsigned ch = 0; ch < n_ch[i]; ch++)
          if (memcmp (x[0] + (2 * i + ch) * MAXF, x[1] + (2 * i + ch) * MAXF,
                      len * sizeof (float)) != 0)
            g_error ("%s block %u unit %u channel %u: not the same bits",
                     gate ? "gate" : "comp", b, i, ch);
      /* built once at the first block, reused while nothing changes */
      if (b >= 1 && b < 5)
        builds_ok += key_sc (&g[1][0], &c[1][0], gate)->keys.n_builds == 1;
    }
  g_assert_cmpuint (builds_ok, ==, 4);
  for (unsigned m = 0; m < 2; m++)
    {
      g_free (g[m]);
      g_free (c[m]);
      g_free (x[m]);
    }
  g_rand_free (r);
}

static void
test_key_sets (void)
{
  key_sets_run (false);
  key_sets_run (true);
}

/* Calls of one frame: the lane kernels multiply the gains into the
 * channels themselves (apply_one). 21 gates and 21 compressors (two full
 * groups of 8 and a partial one; every third unit stereo), gates opening
 * and closing, compressors reducing, a gate and a compressor switched off
 * midway: in lockstep at 1 frame per call against 64 (the gains' rows and
 * dyn_apply_lanes or exp2_rows), bit for bit, both copies of the kernels. */
static void
apply_one_run (float (*x)[2][6016], unsigned n, unsigned block)
{
  enum { N = 21 };
  MdGate gate[N], *gs[N];
  MdComp comp[N], *cs[N];
  float *const *chs[N];
  float *p[N][2];
  unsigned nch[N];

  for (unsigned j = 0; j < N; j++)
    {
      md_gate_init (&gate[j], FS);
      md_gate_set_on (&gate[j], true);
      md_gate_set_threshold (&gate[j], -30.0 - j);
      md_gate_set_range (&gate[j], -40.0 + j);
      md_gate_set_attack (&gate[j], 0.5);
      md_gate_set_hold (&gate[j], 1.0 + 0.1 * j);
      md_gate_set_release (&gate[j], 5.0);
      md_gate_set_sc_hpf_on (&gate[j], j % 4 == 3);
      md_gate_snap (&gate[j]);
      md_comp_init (&comp[j], FS);
      md_comp_set_on (&comp[j], true);
      md_comp_set_threshold (&comp[j], -25.0 + 0.5 * j);
      md_comp_set_ratio (&comp[j], 4.0);
      md_comp_set_makeup (&comp[j], 3.0);
      md_comp_set_attack (&comp[j], 1.0);
      md_comp_set_release (&comp[j], 20.0);
      md_comp_set_sc_hpf_on (&comp[j], j % 5 == 2);
      md_comp_snap (&comp[j]);
      gs[j] = &gate[j];
      cs[j] = &comp[j];
      nch[j] = j % 3 == 1 ? 2 : 1;
      chs[j] = p[j];
    }
  for (unsigned pos = 0, len; pos < n; pos += len)
    {
      len = MIN (block, n - pos);
      if (pos == 3008)
        {
          md_gate_set_on (&gate[5], false);
          md_comp_set_on (&comp[7], false);
        }
      for (unsigned j = 0; j < N; j++)
        for (unsigned c = 0; c < 2; c++)
          p[j][c] = x[j][c] + pos;
      md_gate_process_multi_ch (gs, chs, nch, N, len);
      md_comp_process_multi_ch (cs, chs, nch, N, len);
    }
}

static void
test_dyn_apply_one (void)
{
  enum { N = 21, F = 6016 };
  float (*x)[2][F] = g_malloc (N * sizeof *x), (*y)[2][F] = g_malloc (N * sizeof *y);

  for (unsigned wide = 0; wide < 2; wide++)
    {
      md_dyn_set_wide_path (wide);
      for (unsigned j = 0; j < N; j++)
        for (unsigned c = 0; c < 2; c++)
          for (unsigned i = 0; i < F; i++)
            x[j][c][i] = (float) (((i / (700 + 37 * j)) & 1 ? 0.3 : 0.003 * (1 + c))
                                  * sin (2 * M_PI * (200 + 50 * j + 30 * c) * i / FS));
      memcpy (y, x, N * sizeof *x);
      apply_one_run (x, F, 64);
      apply_one_run (y, F, 1);
      for (unsigned j = 0; j < N; j++)
        for (unsigned c = 0; c < (j % 3 == 1 ? 2u : 1u); c++)
          for (unsigned i = 0; i < F; i++)
            if (memcmp (&x[j][c][i], &y[j][c][i], sizeof (float)) != 0)
              g_error ("wide %u unit %u channel %u: first difference at frame %u",
                       wide, j, c, i);
    }
  md_dyn_set_wide_path (true);
  g_free (x);
  g_free (y);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dyn/approx", test_approx);
  g_test_add_func ("/comp/static-curve", test_static_curve);
  g_test_add_func ("/comp/time-constants", test_time_constants);
  g_test_add_func ("/comp/makeup", test_makeup);
  g_test_add_func ("/comp/stereo-link", test_stereo_link);
  g_test_add_func ("/comp/sidechain", test_comp_sidechain);
  g_test_add_func ("/dyn/off-and-toggle", test_off_and_toggle);
  g_test_add_func ("/gate/thresholds-hold-release", test_gate);
  g_test_add_func ("/gate/sidechain", test_gate_sidechain);
  g_test_add_func ("/dyn/block-sizes-and-stereo", test_block_sizes_and_stereo);
  g_test_add_func ("/dyn/automation-smooth", test_automation_smooth);
  g_test_add_func ("/dyn/snap", test_snap);
  g_test_add_func ("/comp/multi", test_comp_multi);
  g_test_add_func ("/comp/multi-ch", test_comp_multi_ch);
  g_test_add_func ("/gate/multi-ch", test_gate_multi_ch);
  g_test_add_func ("/gate/rows", test_gate_rows);
  g_test_add_func ("/gate/direct-phase", test_gate_direct_phase);
  g_test_add_func ("/dyn/nonfinite", test_nonfinite);
  g_test_add_func ("/dyn/settings-flags", test_settings_flags);
  g_test_add_func ("/dyn/gain-exact", test_gain_exact);
  g_test_add_func ("/dyn/pair-fade", test_pair_fade);
  g_test_add_func ("/comp/settled-phase", test_comp_settled_phase);
  g_test_add_func ("/comp/peak-nonfinite", test_comp_peak_nonfinite);
  g_test_add_func ("/gate/open-zero", test_gate_open_zero);
  g_test_add_func ("/comp/lanes-curve", test_comp_lanes_curve);
  g_test_add_func ("/comp/lanes32", test_comp_lanes32);
  g_test_add_func ("/dyn/key-sets2", test_dyn_key_sets2);
  g_test_add_func ("/dyn/lanes-checks", test_dyn_lanes_checks);
  g_test_add_func ("/dyn/key-sets", test_key_sets);
  g_test_add_func ("/dyn/apply-one", test_dyn_apply_one);
  return g_test_run ();
}
