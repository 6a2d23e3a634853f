/* test-analyze.c: EBU Tech 3341 / 3342 conformance, correlation and overs.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signals are generated here at 48 kHz from the definitions in
 * Tech 3341 (V4, 2023) Table 1 and Tech 3342 (2023) Table 1. Tolerances
 * are the standards': ±0.1 LU for M, S and I; +0.2/-0.4 dB for true peak;
 * ±1 LU for LRA.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sndfile.h>

#include "media/md-analyze.h"

#define RATE     48000
#define TOL_LU   0.1
#define TP_PLUS  0.2
#define TP_MINUS 0.4

/* ---- signal builder: two identical channels (stereo, in phase) ---- */

typedef struct
{
  float *data;     /* mono; used for both channels */
  gsize len;
  gsize cap;
  double phase;    /* of the 1 kHz tone, continuous across segments */
} Sig;

static void
sig_reserve (Sig   *s,
             gsize  n)
{
  if (s->len + n > s->cap)
    {
      s->cap = MAX (s->cap * 2, s->len + n);
      s->data = g_renew (float, s->data, s->cap);
    }
}

static gsize
frames_of (double seconds)
{
  return (gsize)floor (seconds * RATE + 0.5);
}

/* SECONDS of 1 kHz sine with a peak of LEVEL_DBFS per channel. */
static void
sig_tone (Sig    *s,
          double  level_dbfs,
          double  seconds)
{
  gsize n = frames_of (seconds);
  double amp = pow (10.0, level_dbfs / 20.0);
  double inc = 2.0 * G_PI * 1000.0 / RATE;

  sig_reserve (s, n);
  for (gsize i = 0; i < n; i++)
    {
      s->data[s->len++] = (float)(amp * sin (s->phase));
      s->phase = fmod (s->phase + inc, 2.0 * G_PI);
    }
}

static void
sig_silence (Sig    *s,
             double  seconds)
{
  gsize n = frames_of (seconds);

  sig_reserve (s, n);
  memset (s->data + s->len, 0, n * sizeof (float));
  s->len += n;
}

static void
sig_clear (Sig *s)
{
  g_free (s->data);
  memset (s, 0, sizeof *s);
}

static void
analyze_sig (const Sig      *s,
             MdAnalyzeFlags  flags,
             MdLoudness     *out)
{
  const float *planes[2] = { s->data, s->data };
  g_autoptr(GError) error = NULL;

  g_assert_true (md_analyze_planes (planes, 2, s->len, RATE, flags, out, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_within (const char *what,
               double      measured,
               double      expected,
               double      minus,
               double      plus)
{
  g_test_message ("%s: %.3f (expected %.2f -%.2f/+%.2f)", what, measured, expected, minus, plus);
  if (!(measured >= expected - minus && measured <= expected + plus))
    g_test_fail_printf ("%s: %.3f outside %.1f -%.2f/+%.2f", what, measured, expected, minus, plus);
}

/* ---- Tech 3341 cases 1 and 2: M, S, I of a steady tone ---- */

static void
test_3341_steady (void)
{
  const double levels[] = { -23.0, -33.0 };

  for (guint c = 0; c < G_N_ELEMENTS (levels); c++)
    {
      Sig s = { 0 };
      MdLoudness l;
      char name[32];

      sig_tone (&s, levels[c], 20.0);
      analyze_sig (&s, MD_ANALYZE_LOUDNESS | MD_ANALYZE_MAX_MS, &l);
      g_snprintf (name, sizeof name, "3341-%u I", c + 1);
      assert_within (name, l.integrated_lufs, levels[c], TOL_LU, TOL_LU);
      g_snprintf (name, sizeof name, "3341-%u max M", c + 1);
      assert_within (name, l.momentary_max_lufs, levels[c], TOL_LU, TOL_LU);
      g_snprintf (name, sizeof name, "3341-%u max S", c + 1);
      assert_within (name, l.short_term_max_lufs, levels[c], TOL_LU, TOL_LU);
      sig_clear (&s);
    }
}

/* ---- Tech 3341 cases 3-5: gating ---- */

static void
test_3341_gating (void)
{
  MdLoudness l;
  Sig s = { 0 };

  /* 3 */
  sig_tone (&s, -36.0, 10.0);
  sig_tone (&s, -23.0, 60.0);
  sig_tone (&s, -36.0, 10.0);
  analyze_sig (&s, MD_ANALYZE_LOUDNESS, &l);
  assert_within ("3341-3 I", l.integrated_lufs, -23.0, TOL_LU, TOL_LU);
  sig_clear (&s);

  /* 4 */
  sig_tone (&s, -72.0, 10.0);
  sig_tone (&s, -36.0, 10.0);
  sig_tone (&s, -23.0, 60.0);
  sig_tone (&s, -36.0, 10.0);
  sig_tone (&s, -72.0, 10.0);
  analyze_sig (&s, MD_ANALYZE_LOUDNESS, &l);
  assert_within ("3341-4 I", l.integrated_lufs, -23.0, TOL_LU, TOL_LU);
  sig_clear (&s);

  /* 5 */
  sig_tone (&s, -26.0, 20.0);
  sig_tone (&s, -20.0, 20.1);
  sig_tone (&s, -26.0, 20.0);
  analyze_sig (&s, MD_ANALYZE_LOUDNESS, &l);
  assert_within ("3341-5 I", l.integrated_lufs, -23.0, TOL_LU, TOL_LU);
  sig_clear (&s);
}

/* Feed S in 10 ms hops; from FROM_S on, the current value (M or S) must
 * stay at -23.0. */
static void
assert_constant_after (const Sig  *s,
                       gboolean    short_term,
                       double      from_s,
                       const char *name)
{
  g_autoptr(MdAnalyzer) a = md_analyzer_new (2, RATE, MD_ANALYZE_MAX_MS, NULL);
  gsize hop = RATE / 100;
  double lo = INFINITY, hi = -INFINITY;
  char what[64];

  g_assert_nonnull (a);
  for (gsize pos = 0; pos + hop <= s->len; pos += hop)
    {
      const float *planes[2] = { s->data + pos, s->data + pos };
      double m, st, v;

      g_assert_true (md_analyzer_add (a, planes, hop, NULL));
      if ((double)(pos + hop) / RATE < from_s - 1e-9)
        continue;
      md_analyzer_get_current (a, &m, &st);
      v = short_term ? st : m;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  g_snprintf (what, sizeof what, "%s lowest", name);
  assert_within (what, lo, -23.0, TOL_LU, TOL_LU);
  g_snprintf (what, sizeof what, "%s highest", name);
  assert_within (what, hi, -23.0, TOL_LU, TOL_LU);
}

/* ---- Tech 3341 case 9 (S) and 12 (M): constant after one window ---- */

static void
test_3341_constant (void)
{
  Sig s = { 0 };

  for (guint i = 0; i < 5; i++)
    {
      sig_tone (&s, -20.0, 1.34);
      sig_tone (&s, -30.0, 1.66);
    }
  assert_constant_after (&s, TRUE, 3.0, "3341-9 S after 3 s");
  sig_clear (&s);

  for (guint i = 0; i < 25; i++)
    {
      sig_tone (&s, -20.0, 0.18);
      sig_tone (&s, -30.0, 0.22);
    }
  assert_constant_after (&s, FALSE, 1.0, "3341-12 M after 1 s");
  sig_clear (&s);
}

/* ---- Tech 3341 cases 10 (S) and 13 (M): 20 files each ---- */

static void
test_3341_files (void)
{
  double worst10 = 0.0, worst13 = 0.0;

  for (guint i = 0; i < 20; i++)
    {
      Sig s = { 0 };
      MdLoudness l;
      char name[32];

      sig_silence (&s, i * 0.15);
      sig_tone (&s, -23.0, 3.0);
      sig_silence (&s, 1.0);
      analyze_sig (&s, MD_ANALYZE_MAX_MS, &l);
      g_snprintf (name, sizeof name, "3341-10 file %u max S", i + 1);
      assert_within (name, l.short_term_max_lufs, -23.0, TOL_LU, TOL_LU);
      if (fabs (l.short_term_max_lufs + 23.0) > fabs (worst10 + 23.0) || i == 0)
        worst10 = l.short_term_max_lufs;
      sig_clear (&s);

      sig_silence (&s, i * 0.02);
      sig_tone (&s, -23.0, 0.4);
      sig_silence (&s, 1.0);
      analyze_sig (&s, MD_ANALYZE_MAX_MS, &l);
      g_snprintf (name, sizeof name, "3341-13 file %u max M", i + 1);
      assert_within (name, l.momentary_max_lufs, -23.0, TOL_LU, TOL_LU);
      if (fabs (l.momentary_max_lufs + 23.0) > fabs (worst13 + 23.0) || i == 0)
        worst13 = l.momentary_max_lufs;
      sig_clear (&s);
    }
  g_test_message ("3341-10 worst of 20: %.3f; 3341-13 worst of 20: %.3f", worst10, worst13);
}

/* ---- Tech 3341 cases 11 (S) and 14 (M): live, successive maxima ---- */

static void
test_3341_live (void)
{
  for (guint which = 0; which < 2; which++)
    {
      gboolean is_s = which == 0;
      g_autoptr(MdAnalyzer) a = md_analyzer_new (2, RATE, MD_ANALYZE_MAX_MS, NULL);

      for (guint i = 0; i < 20; i++)
        {
          Sig s = { 0 };
          const float *planes[2];
          double m, st;
          char name[48];

          if (is_s)
            {
              sig_silence (&s, i * 0.15);
              sig_tone (&s, -38.0 + i, 3.0);
              sig_silence (&s, 3.0 - i * 0.15);
            }
          else
            {
              sig_silence (&s, i * 0.02);
              sig_tone (&s, -38.0 + i, 0.4);
              sig_silence (&s, 0.4 - i * 0.02);
            }
          planes[0] = planes[1] = s.data;
          g_assert_true (md_analyzer_add (a, planes, s.len, NULL));
          md_analyzer_take_max (a, &m, &st);
          g_snprintf (name, sizeof name, "%s segment %u max %s", is_s ? "3341-11" : "3341-14",
                      i + 1, is_s ? "S" : "M");
          assert_within (name, is_s ? st : m, -38.0 + i, TOL_LU, TOL_LU);
          sig_clear (&s);
        }
    }
}

/* ---- Tech 3341 cases 15-19: true peak of sines ---- */

static void
make_tp_sine (Sig    *s,
              double  freq_ratio,   /* of fs */
              double  amp,
              double  phase_deg)
{
  gsize n = frames_of (1.0), fade = frames_of (0.01);

  sig_reserve (s, n);
  for (gsize i = 0; i < n; i++)
    {
      double g = 1.0;

      if (i < fade)
        g = (double)i / fade;
      else if (i >= n - fade)
        g = (double)(n - 1 - i) / fade;
      s->data[s->len++] = (float)(g * amp * sin (2.0 * G_PI * freq_ratio * i + phase_deg * G_PI / 180.0));
    }
}

static void
check_tp (const Sig  *s,
          double      expected,
          const char *name)
{
  const float *planes[2] = { s->data, s->data };
  g_autoptr(MdOvers) overs = NULL;
  MdLoudness l;
  char what[64];

  g_assert_true (md_analyze_planes (planes, 2, s->len, RATE, MD_ANALYZE_LOUDNESS | MD_ANALYZE_OVERS,
                                    &l, &overs, NULL));
  g_snprintf (what, sizeof what, "%s TP", name);
  assert_within (what, l.true_peak_dbtp, expected, TP_MINUS, TP_PLUS);
  /* The overs scan's own 8x reconstruction meets the same tolerance. */
  g_snprintf (what, sizeof what, "%s 8x peak", name);
  assert_within (what, overs->peak_8x_dbtp, expected, TP_MINUS, TP_PLUS);
}

static void
test_3341_true_peak_sines (void)
{
  const struct { double f; double amp; double phase; double expected; } cases[] = {
    { 0.25,      0.50,  0.0,  -6.0 },   /* 15 */
    { 0.25,      0.50, 45.0,  -6.0 },   /* 16 */
    { 1.0 / 6.0, 0.50, 60.0,  -6.0 },   /* 17 */
    { 0.125,     0.50, 67.5,  -6.0 },   /* 18 */
    { 0.25,      1.41, 45.0,   3.0 },   /* 19 */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Sig s = { 0 };
      char name[32];

      make_tp_sine (&s, cases[c].f, cases[c].amp, cases[c].phase);
      g_snprintf (name, sizeof name, "3341-%u", 15 + c);
      check_tp (&s, cases[c].expected, name);
      sig_clear (&s);
    }
}

/* ---- Tech 3341 cases 20-23: a burst made at 4 fs, filtered, decimated ---- */

static void
test_3341_true_peak_burst (void)
{
  const gsize up = 4, n4 = up * frames_of (1.0);
  const gsize taps = 257, half = taps / 2;
  const double rate4 = (double)RATE * up, cutoff = 21000.0 / rate4; /* cycles per sample */
  g_autofree double *x4 = g_new0 (double, n4);
  g_autofree double *h = g_new (double, taps);
  g_autofree double *y4 = g_new0 (double, n4);
  double sum = 0.0;
  /* 8 kHz is 24 samples a period at 4 fs, 12 kHz 16: start the burst on an
   * upward zero crossing of the 8 kHz tone near 0.51 s. */
  const gsize burst_at = (gsize)(0.51 * rate4) / 24 * 24, burst_len = 16;

  /* fs/6 at 0.5 containing one period of fs/4 at 1.0, phase-continuous. */
  for (gsize i = 0; i < n4; i++)
    {
      if (i < burst_at)
        x4[i] = 0.5 * sin (2.0 * G_PI * (double)i / 24.0);
      else if (i < burst_at + burst_len)
        x4[i] = 1.0 * sin (2.0 * G_PI * (double)(i - burst_at) / 16.0);
      else
        x4[i] = 0.5 * sin (2.0 * G_PI * (double)(i - burst_at - burst_len) / 24.0);
    }

  /* Anti-alias low-pass at 21 kHz: Kaiser-windowed sinc. */
  for (gsize k = 0; k < taps; k++)
    {
      double t = (double)k - half, u = t / half;
      double w = 0.0, term = 1.0, wb = 1.0, beta = 8.0, arg = beta * sqrt (MAX (0.0, 1.0 - u * u));

      for (int j = 1; j < 40; j++)
        {
          term *= (arg / (2.0 * j)) * (arg / (2.0 * j));
          w += term;
        }
      w += 1.0;
      term = 1.0;
      for (int j = 1; j < 40; j++)
        {
          term *= (beta / (2.0 * j)) * (beta / (2.0 * j));
          wb += term;
        }
      h[k] = (t == 0.0 ? 2.0 * cutoff : sin (2.0 * G_PI * cutoff * t) / (G_PI * t)) * w / wb;
      sum += h[k];
    }
  for (gsize k = 0; k < taps; k++)
    h[k] /= sum;
  for (gsize n = 0; n < n4; n++)
    {
      double acc = 0.0;

      for (gsize k = 0; k < taps; k++)
        if (n + half >= k && n + half - k < n4)
          acc += h[k] * x4[n + half - k];
      y4[n] = acc;
    }

  for (gsize offset = 0; offset < up; offset++)
    {
      Sig s = { 0 };
      char name[32];

      sig_reserve (&s, n4 / up);
      for (gsize n = 0; n * up + offset < n4; n++)
        s.data[s.len++] = (float)y4[n * up + offset];
      g_snprintf (name, sizeof name, "3341-%u", (guint)(20 + offset));
      check_tp (&s, 0.0, name);
      sig_clear (&s);
    }
}

/* ---- Tech 3342 cases 1-4: LRA ---- */

static void
test_3342_lra (void)
{
  const double levels[4][5] = {
    { -20, -30 }, { -20, -15 }, { -40, -20 }, { -50, -35, -20, -35, -50 },
  };
  const guint n_levels[4] = { 2, 2, 2, 5 };
  const double expected[4] = { 10.0, 5.0, 20.0, 15.0 };

  for (guint c = 0; c < 4; c++)
    {
      Sig s = { 0 };
      MdLoudness l;
      char name[32];

      for (guint k = 0; k < n_levels[c]; k++)
        sig_tone (&s, levels[c][k], 20.0);
      analyze_sig (&s, MD_ANALYZE_LOUDNESS, &l);
      g_snprintf (name, sizeof name, "3342-%u LRA", c + 1);
      assert_within (name, l.lra_lu, expected[c], 1.0, 1.0);
      sig_clear (&s);
    }
}

/* ---- correlation, mono, basic values ---- */

static void
test_correlation (void)
{
  gsize n = frames_of (1.0);
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autofree float *inv = g_new (float, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3341);
  MdLoudness out;
  const float *planes[2];

  for (gsize i = 0; i < n; i++)
    {
      l[i] = (float)g_rand_double_range (rand, -0.5, 0.5);
      r[i] = (float)g_rand_double_range (rand, -0.5, 0.5);
      inv[i] = -l[i];
    }
  planes[0] = l;
  planes[1] = l;
  g_assert_true (md_analyze_planes (planes, 2, n, RATE, MD_ANALYZE_LOUDNESS, &out, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (out.correlation, 1.0, 1e-6);
  planes[1] = inv;
  g_assert_true (md_analyze_planes (planes, 2, n, RATE, MD_ANALYZE_LOUDNESS, &out, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (out.correlation, -1.0, 1e-6);
  planes[1] = r;
  g_assert_true (md_analyze_planes (planes, 2, n, RATE, MD_ANALYZE_LOUDNESS, &out, NULL, NULL));
  g_test_message ("independent noise: correlation %.4f", out.correlation);
  g_assert_cmpfloat (fabs (out.correlation), <, 0.05);
  g_assert_cmpfloat_with_epsilon (out.duration_s, 1.0, 1e-9);

  /* Mono: +1, and dual-mono loudness (-23 dBFS sine reads -23 LUFS). */
  {
    Sig s = { 0 };
    const float *mono[1];

    sig_tone (&s, -23.0, 5.0);
    mono[0] = s.data;
    g_assert_true (md_analyze_planes (mono, 1, s.len, RATE, MD_ANALYZE_LOUDNESS, &out, NULL, NULL));
    g_assert_cmpfloat_with_epsilon (out.correlation, 1.0, 1e-9);
    assert_within ("mono I", out.integrated_lufs, -23.0, TOL_LU, TOL_LU);
    assert_within ("mono sample peak", out.sample_peak_dbfs, -23.0, 0.01, 0.01);
    sig_clear (&s);
  }
}

/* ---- overs through files ---- */

static char *
write_wav (const char  *dir,
           const char  *name,
           int          subformat,
           const float *mono,
           gsize        n,
           int          channels)
{
  char *path = g_build_filename (dir, name, NULL);
  SF_INFO info = { 0 };
  SNDFILE *f;
  g_autofree float *inter = g_new (float, n * channels);

  info.samplerate = RATE;
  info.channels = channels;
  info.format = SF_FORMAT_WAV | subformat;
  f = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (f);
  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < channels; c++)
      inter[i * channels + c] = mono[i];
  g_assert_cmpint (sf_writef_float (f, inter, (sf_count_t)n), ==, (sf_count_t)n);
  sf_close (f);
  return path;
}

static void
test_overs_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-analyze-XXXXXX", NULL);
  gsize n = frames_of (0.5);
  g_autofree float *x = g_new (float, n);
  g_autofree char *clipped = NULL;
  g_autofree char *isp = NULL;
  g_autofree char *wide = NULL;
  g_autoptr(MdOvers) overs = NULL;
  g_autoptr(GError) error = NULL;
  MdLoudness l;
  guint64 expected = 0;
  gsize first = G_MAXSIZE;

  g_assert_nonnull (dir);

  /* A 997 Hz sine at twice full scale, clipped at +1.58 dBFS (1.2):
   * float WAV, every sample above 1.0 is an on-sample over. */
  for (gsize i = 0; i < n; i++)
    {
      x[i] = (float)CLAMP (2.0 * sin (2.0 * G_PI * 997.0 * i / RATE), -1.2, 1.2);
      if (fabsf (x[i]) > 1.0f)
        {
          expected++;
          first = MIN (first, i);
        }
    }
  clipped = write_wav (dir, "clipped.wav", SF_FORMAT_FLOAT, x, n, 2);
  g_assert_true (md_analyze_file (clipped, MD_ANALYZE_ALL, &l, &overs, &error));
  g_assert_no_error (error);
  g_test_message ("clipped sine: %" G_GUINT64_FORMAT " on-sample, %" G_GUINT64_FORMAT
                  " inter-sample overs (expected %" G_GUINT64_FORMAT " on-sample per channel)",
                  overs->n_on_sample, overs->n_inter_sample, expected);
  g_assert_cmpuint (overs->on_sample[0], ==, expected);
  g_assert_cmpuint (overs->on_sample[1], ==, expected);
  g_assert_cmpuint (overs->n_on_sample, ==, 2 * expected);
  g_assert_cmpuint (overs->events->len, >, 0);
  {
    const MdOver *o = &g_array_index (overs->events, MdOver, 0);

    g_assert_cmpint (o->kind, ==, MD_OVER_ON_SAMPLE);
    g_assert_cmpfloat_with_epsilon (o->time_s, (double)first / RATE, 1e-9);
    g_assert_cmpfloat (o->value_dbfs, >, 0.0);
  }
  assert_within ("clipped sample peak", l.sample_peak_dbfs, 20.0 * log10 (1.2), 0.01, 0.01);
  g_clear_pointer (&overs, md_overs_free);

  /* fs/4 at 45°, samples at ±0.99 (24-bit): the waveform between two
   * samples of the same sign peaks at 0.99·√2 (+2.9 dBFS). */
  for (gsize i = 0; i < n; i++)
    {
      /* 10 ms fades: an abrupt start would ring above the steady peak. */
      double g = MIN (1.0, MIN ((double)i, (double)(n - 1 - i)) / frames_of (0.01));

      x[i] = (float)(g * 0.99 * G_SQRT2 * sin (G_PI / 2.0 * i + G_PI / 4.0));
    }
  isp = write_wav (dir, "isp.wav", SF_FORMAT_PCM_24, x, n, 2);
  g_assert_true (md_analyze_file (isp, MD_ANALYZE_ALL, &l, &overs, &error));
  g_assert_no_error (error);
  g_test_message ("fs/4 at 0.99: %" G_GUINT64_FORMAT " on-sample, %" G_GUINT64_FORMAT
                  " inter-sample overs, 8x peak %.3f dBFS, TP %.3f dBTP",
                  overs->n_on_sample, overs->n_inter_sample, overs->peak_8x_dbtp,
                  l.true_peak_dbtp);
  g_assert_cmpuint (overs->n_on_sample, ==, 0);
  /* One interval in two, per channel, but not in the quiet part of the
   * fades (gain below 1/(0.99·√2), 71 % of each fade). */
  g_assert_cmpuint (overs->inter_sample[0], >=, n / 2 - frames_of (0.01));
  g_assert_cmpuint (overs->inter_sample[0], <=, n / 2);
  g_assert_cmpuint (overs->inter_sample[1], ==, overs->inter_sample[0]);
  assert_within ("fs/4 8x peak", overs->peak_8x_dbtp, 20.0 * log10 (0.99 * G_SQRT2), 0.1, 0.1);
  assert_within ("fs/4 sample peak", l.sample_peak_dbfs, 20.0 * log10 (0.99), 0.01, 0.01);
  g_assert_cmpint (g_array_index (overs->events, MdOver, 0).kind, ==, MD_OVER_INTER_SAMPLE);

  /* More than 8 channels is refused clearly. */
  wide = write_wav (dir, "wide.wav", SF_FORMAT_PCM_16, x, 100, 9);
  g_assert_false (md_analyze_file (wide, MD_ANALYZE_ALL, &l, NULL, &error));
  g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (md_analyze_file ("/nonexistent/x.wav", MD_ANALYZE_ALL, &l, NULL, &error));
  g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN);

  g_remove (clipped);
  g_remove (isp);
  g_remove (wide);
  g_rmdir (dir);
}

/* The result does not depend on how the input is cut into blocks. */
static void
test_block_sizes (void)
{
  const gsize blocks[] = { 1, 17, 64, 479, 4096, 48000 };
  gsize n = frames_of (3.5);
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  MdLoudness ref = { 0 };
  guint64 ref_inter = 0;

  for (gsize i = 0; i < n; i++)
    {
      double env = 0.2 + 0.8 * fabs (sin (2.0 * G_PI * 0.7 * i / RATE));

      l[i] = (float)(env * g_rand_double_range (rand, -1.0, 1.0));
      r[i] = (float)(0.5 * l[i] + 0.5 * env * g_rand_double_range (rand, -1.0, 1.0));
    }
  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      g_autoptr(MdAnalyzer) a = md_analyzer_new (2, RATE, MD_ANALYZE_ALL, NULL);
      g_autoptr(MdOvers) overs = NULL;
      MdLoudness out;

      for (gsize pos = 0; pos < n; pos += blocks[b])
        {
          const float *planes[2] = { l + pos, r + pos };

          g_assert_true (md_analyzer_add (a, planes, MIN (blocks[b], n - pos), NULL));
        }
      g_assert_true (md_analyzer_finish (a, &out, &overs, NULL));
      if (b == 0)
        {
          ref = out;
          ref_inter = overs->n_inter_sample;
          g_test_message ("noise: I %.3f, LRA %.3f, TP %.3f, M max %.3f, S max %.3f, corr %.4f, "
                          "%" G_GUINT64_FORMAT " inter-sample overs",
                          out.integrated_lufs, out.lra_lu, out.true_peak_dbtp,
                          out.momentary_max_lufs, out.short_term_max_lufs, out.correlation,
                          ref_inter);
          continue;
        }
      g_assert_cmpfloat (out.integrated_lufs, ==, ref.integrated_lufs);
      g_assert_cmpfloat (out.lra_lu, ==, ref.lra_lu);
      g_assert_cmpfloat (out.true_peak_dbtp, ==, ref.true_peak_dbtp);
      g_assert_cmpfloat (out.momentary_max_lufs, ==, ref.momentary_max_lufs);
      g_assert_cmpfloat (out.short_term_max_lufs, ==, ref.short_term_max_lufs);
      g_assert_cmpfloat_with_epsilon (out.correlation, ref.correlation, 1e-9);
      g_assert_cmpuint (overs->n_inter_sample, ==, ref_inter);
      g_assert_cmpuint (out.n_frames, ==, n);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analyze/3341/1-2-steady", test_3341_steady);
  g_test_add_func ("/analyze/3341/3-5-gating", test_3341_gating);
  g_test_add_func ("/analyze/3341/9-12-constant", test_3341_constant);
  g_test_add_func ("/analyze/3341/10-13-files", test_3341_files);
  g_test_add_func ("/analyze/3341/11-14-live", test_3341_live);
  g_test_add_func ("/analyze/3341/15-19-true-peak", test_3341_true_peak_sines);
  g_test_add_func ("/analyze/3341/20-23-true-peak-burst", test_3341_true_peak_burst);
  g_test_add_func ("/analyze/3342/1-4-lra", test_3342_lra);
  g_test_add_func ("/analyze/correlation", test_correlation);
  g_test_add_func ("/analyze/block-sizes", test_block_sizes);
  g_test_add_func ("/analyze/overs-files", test_overs_files);
  return g_test_run ();
}
