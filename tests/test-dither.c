/* test-dither.c: word-length reduction of 16-bit exports.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 1 kHz sine of 0.4 LSB (about -98 dBFS): plain rounding turns it into
 * silence (undithered truncation loses it); TPDF dither keeps it (its DFT
 * amplitude within 1 dB), with the noise of TPDF plus rounding (0.5 LSB
 * RMS, within 10 %); noise shaping moves that noise up in frequency.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>

#include "media/md-writer.h"

#define RATE 48000
#define N (RATE * 2)
#define LSB (1.0 / 32768.0)

static short *
write_and_read (MdDither dither, const float *x)
{
  g_autofree char *dir = g_dir_make_tmp ("mixdesk-dither-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.wav", NULL);
  g_autoptr (GError) err = NULL;
  MdWriter *w = md_writer_new (path, MD_WRITER_WAV16, RATE, 1, &err);
  const float *planes[1];
  SF_INFO info = { 0 };
  SNDFILE *sf;
  short *out = g_new (short, N);

  g_assert_no_error (err);
  md_writer_set_dither (w, dither);
  /* odd block sizes: the dither sequence does not depend on them */
  for (gsize off = 0; off < N; off += 1000)
    {
      planes[0] = x + off;
      g_assert_true (md_writer_write (w, planes, MIN (1000, N - off), &err));
    }
  g_assert_true (md_writer_finish (w, &err));
  md_writer_free (w);
  sf = sf_open (path, SFM_READ, &info);
  g_assert_nonnull (sf);
  g_assert_cmpint (info.format & SF_FORMAT_SUBMASK, ==, SF_FORMAT_PCM_16);
  g_assert_cmpint (sf_readf_short (sf, out, N), ==, N);
  sf_close (sf);
  g_unlink (path);
  g_rmdir (dir);
  return out;
}

/* amplitude of the 1 kHz component in LSB (the window is whole cycles) */
static double
dft_amp (const short *y)
{
  double re = 0, im = 0;
  for (int i = 0; i < N; i++)
    {
      re += y[i] * cos (2 * G_PI * 1000.0 * i / RATE);
      im += y[i] * sin (2 * G_PI * 1000.0 * i / RATE);
    }
  return 2.0 * sqrt (re * re + im * im) / N;
}

static void
test_tpdf_keeps_low_signals (void)
{
  float *x = g_new (float, N);
  short *plain, *tpdf;
  double amp = 0.4, noise = 0;

  for (int i = 0; i < N; i++)
    x[i] = (float) (amp * LSB * sin (2 * G_PI * 1000.0 * i / RATE));
  plain = write_and_read (MD_DITHER_NONE, x);
  tpdf = write_and_read (MD_DITHER_TPDF, x);
  /* rounding without dither: nothing left */
  for (int i = 0; i < N; i++)
    g_assert_cmpint (plain[i], ==, 0);
  /* dithered: the sine is there at its level */
  g_test_message ("1 kHz amplitude after TPDF: %.3f LSB (in: %.3f)", dft_amp (tpdf), amp);
  g_assert_cmpfloat_with_epsilon (20 * log10 (dft_amp (tpdf) / amp), 0.0, 1.0);
  /* and the noise is TPDF + rounding: variance 1/6 + 1/12 = 1/4 LSB^2 */
  for (int i = 0; i < N; i++)
    {
      double e = tpdf[i] - amp * sin (2 * G_PI * 1000.0 * i / RATE);
      noise += e * e;
    }
  noise = sqrt (noise / N);
  g_test_message ("noise %.3f LSB RMS", noise);
  g_assert_cmpfloat_with_epsilon (noise, 0.5, 0.05);
  g_free (plain);
  g_free (tpdf);
  g_free (x);
}

/* band energy of the error, crude DFT-free estimate: first difference
 * (high) against a 16-sample moving average (low) */
static void
test_shaping_moves_noise_up (void)
{
  float *x = g_new0 (float, N);
  short *tpdf, *shaped;
  double lo_t = 0, lo_s = 0;

  for (int i = 0; i < N; i++)
    x[i] = (float) (100.3 * LSB * sin (2 * G_PI * 1000.0 * i / RATE));
  tpdf = write_and_read (MD_DITHER_TPDF, x);
  shaped = write_and_read (MD_DITHER_SHAPED, x);
  for (int i = 16; i < N; i++)
    {
      double mt = 0, ms = 0;
      for (int k = 0; k < 16; k++)
        {
          double ref = 100.3 * sin (2 * G_PI * 1000.0 * (i - k) / RATE);
          mt += tpdf[i - k] - ref;
          ms += shaped[i - k] - ref;
        }
      lo_t += (mt / 16) * (mt / 16);
      lo_s += (ms / 16) * (ms / 16);
    }
  g_test_message ("low-band error energy: tpdf %.3g, shaped %.3g", lo_t, lo_s);
  g_assert_cmpfloat (lo_s, <, 0.5 * lo_t);
  g_free (tpdf);
  g_free (shaped);
  g_free (x);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dither/tpdf-keeps-low-signals", test_tpdf_keeps_low_signals);
  g_test_add_func ("/dither/shaping-moves-noise-up", test_shaping_moves_noise_up);
  return g_test_run ();
}
