/* test-render.c: offline render end to end (media + session + engine).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inputs are generated with libsndfile in a temporary directory. Levels
 * are checked against the analytic formula within 0.01 dB, measured from
 * 0.1 s on (after every 10 ms parameter ramp) over whole signal periods.
 * Pan law: -3 dB constant power, gains cos/sin of (pan + 1) pi / 4.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sndfile.h>

#include "md-wav-util.h"
#include "media/md-render.h"
#include "media/md-source.h"
#include "media/md-writer.h"
#include "session/md-session.h"

#define RATE 48000
#define TOL_DB 0.01
#define SKIP (RATE / 10)

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = mdt_tmpdir ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  mdt_rmdir (f->dir);
  g_free (f->dir);
}

static char *
make_sine (Fixture *f, const char *name, guint channels, double seconds,
           double freq_l, double amp_l, double freq_r, double amp_r, int rate)
{
  char *path = g_build_filename (f->dir, name, NULL);
  double freq[2] = { freq_l, freq_r };
  double amp[2] = { amp_l, amp_r };

  mdt_write_signal (path, rate, channels, (gsize)(seconds * rate), freq, amp, 0);
  return path;
}

static void
set (MdSession *s, const char *path, double v)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_session_set (s, path, v, TRUE, &error));
  g_assert_no_error (error);
}

static float *
render (Fixture *f, MdSession *s, const char *name, guint block, gsize *n_frames)
{
  g_autofree char *out = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  MdRenderOptions options = { MD_WRITER_WAV_FLOAT, block, NULL, NULL };
  guint channels;
  int rate;
  float *data;

  g_assert_true (md_render (s, out, &options, &error));
  g_assert_no_error (error);
  g_assert_null (md_session_get_engine (s));
  data = mdt_read_file (out, &rate, &channels, n_frames, NULL);
  g_assert_cmpint (rate, ==, RATE);
  g_assert_cmpuint (channels, ==, 2);
  return data;
}

static double
db (double gain)
{
  return 20 * log10 (gain);
}

/* A mono sine through trim, fader, pan and the master fader. */
static void
test_mono_levels (Fixture *f, gconstpointer data)
{
  g_autofree char *in = make_sine (f, "sine.wav", 1, 1.0, 1000, 0.5, 0, 0, RATE);
  g_autoptr(MdSession) s = md_session_new ();
  g_autofree float *out = NULL;
  double in_db = db (0.5 / G_SQRT2), angle;
  gsize n;

  g_assert_cmpuint (md_session_add_strip (s, NULL, FALSE, in, NULL), ==, 1);
  set (s, "/strip/1/trim", 3.0);
  set (s, "/strip/1/fader", -6.0);
  set (s, "/strip/1/pan", 0.3);
  set (s, "/master/fader", -2.0);
  out = render (f, s, "out.wav", 256, &n);
  g_assert_cmpuint (n, ==, RATE);

  /* 0.1 s to 1 s = 900 periods of 1 kHz at 48 kHz. */
  angle = (0.3 + 1) * G_PI / 4;
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (out, 2, 0, SKIP, n),
                                  in_db + 3 - 6 - 2 + db (cos (angle)), TOL_DB);
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (out, 2, 1, SKIP, n),
                                  in_db + 3 - 6 - 2 + db (sin (angle)), TOL_DB);
}

/* Two mono strips panned hard apart, one shorter (padded with silence),
 * plus a centred third: the sum follows the power sum of orthogonal sines. */
static void
test_two_strips (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_sine (f, "a.wav", 1, 1.0, 1000, 0.5, 0, 0, RATE);
  g_autofree char *b = make_sine (f, "b.wav", 1, 0.5, 1500, 0.25, 0, 0, RATE);
  g_autofree char *c = make_sine (f, "c.wav", 1, 1.0, 500, 0.2, 0, 0, RATE);
  g_autoptr(MdSession) s = md_session_new ();
  g_autofree float *out = NULL;
  double pa, pb, pc, centre = cos (G_PI / 4);
  gsize n, half = RATE / 2;

  md_session_add_strip (s, NULL, FALSE, a, NULL);
  md_session_add_strip (s, NULL, FALSE, b, NULL);
  md_session_add_strip (s, NULL, FALSE, c, NULL);
  set (s, "/strip/1/pan", -1.0);
  set (s, "/strip/2/pan", 1.0);
  set (s, "/strip/2/fader", -4.0);
  set (s, "/strip/3/fader", -10.0);
  out = render (f, s, "out.wav", 1024, &n);
  g_assert_cmpuint (n, ==, RATE);

  pa = 0.5 * 0.5 / 2;
  pb = pow (0.25 * pow (10, -4.0 / 20), 2) / 2;
  pc = pow (0.2 * pow (10, -10.0 / 20) * centre, 2) / 2;
  /* 0.1..0.5 s: 19200 frames, whole periods of 500, 1000 and 1500 Hz. */
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (out, 2, 0, SKIP, half), 10 * log10 (pa + pc), TOL_DB);
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (out, 2, 1, SKIP, half), 10 * log10 (pb + pc), TOL_DB);
  /* After strip 2 ended, only strip 3 on the right. */
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (out, 2, 1, half + SKIP, n), 10 * log10 (pc), TOL_DB);
}

/* Bus, DCA and master values reach the engine as ramped commands; the
 * render pre-rolls so that even the first frame is at the session's values
 * (as in a live engine that has been running). Tolerance: float rounding. */
static void
test_starts_settled (Fixture *f, gconstpointer data)
{
  g_autofree char *in = make_sine (f, "sine.wav", 1, 0.05, 1000, 0.5, 0, 0, RATE);
  g_autofree float *src = mdt_read_file (in, NULL, NULL, NULL, NULL);
  g_autoptr(MdSession) s = md_session_new ();
  g_autofree float *out = NULL;
  double gain = pow (10, (-20.0 - 6.0) / 20);
  gsize n;

  md_session_add_strip (s, NULL, FALSE, in, NULL);
  g_assert_true (md_session_set_n_buses (s, 1, NULL));
  set (s, "/strip/1/pan", -1);
  set (s, "/strip/1/dca/1", 1);
  set (s, "/dca/1/fader", -6);
  set (s, "/master/fader", -20);
  out = render (f, s, "out.wav", 64, &n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat_with_epsilon (out[2 * i], src[i] * gain, 1e-6);
      g_assert_cmpfloat (fabsf (out[2 * i + 1]), <, 1e-6f);
    }
}

/* A stereo strip: balance attenuates the far side linearly. */
static void
test_stereo_balance (Fixture *f, gconstpointer data)
{
  g_autofree char *in = make_sine (f, "st.wav", 2, 1.0, 1000, 0.5, 2000, 0.3, RATE);
  g_autoptr(MdSession) s = md_session_new ();
  g_autofree float *out = NULL;
  gsize n;

  g_assert_cmpuint (md_session_add_strip (s, NULL, TRUE, in, NULL), ==, 1);
  set (s, "/strip/1/pan", 0.4);
  set (s, "/strip/1/fader", -3.0);
  out = render (f, s, "out.wav", 64, &n);
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (out, 2, 0, SKIP, n),
                                  db (0.5 / G_SQRT2) - 3 + db (1 - 0.4), TOL_DB);
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (out, 2, 1, SKIP, n),
                                  db (0.3 / G_SQRT2) - 3, TOL_DB);
}

/* The same session rendered with blocks of 1, 17, 64 and 4096 frames gives
 * bit-identical output, with ramps running (master fader, mute, sends). */
static void
test_block_invariance (Fixture *f, gconstpointer data)
{
  static const guint blocks[] = { 1, 17, 64, 4096 };
  g_autofree char *a = make_sine (f, "a.wav", 1, 0.4, 0, 0.5, 0, 0, RATE);
  g_autofree char *b = make_sine (f, "b.wav", 2, 0.3, 440, 0.4, 0, 0.3, RATE);
  g_autoptr(MdSession) s = md_session_new ();
  g_autofree float *ref = NULL;
  gsize n_ref;

  md_session_add_strip (s, NULL, FALSE, a, NULL);
  md_session_add_strip (s, NULL, TRUE, b, NULL);
  g_assert_true (md_session_set_n_buses (s, 2, NULL));
  set (s, "/strip/1/pan", -0.3);
  set (s, "/strip/1/delay", 3.3);
  set (s, "/strip/1/send/1/level", -6);
  set (s, "/strip/2/send/2/level", -3);
  set (s, "/strip/2/send/2/pre", 1);
  set (s, "/strip/2/width", 0.5);
  set (s, "/strip/2/route", 1);
  set (s, "/bus/1/fader", -4);
  set (s, "/master/fader", -1.5);

  ref = render (f, s, "ref.wav", blocks[0], &n_ref);
  g_assert_cmpuint (n_ref, ==, (gsize)(0.4 * RATE));
  for (guint i = 1; i < G_N_ELEMENTS (blocks); i++)
    {
      g_autofree char *name = g_strdup_printf ("out-%u.wav", blocks[i]);
      g_autofree float *out = NULL;
      gsize n;

      out = render (f, s, name, blocks[i], &n);
      g_assert_cmpuint (n, ==, n_ref);
      g_assert_cmpmem (out, n * 2 * sizeof (float), ref, n_ref * 2 * sizeof (float));
    }
}

static void
test_formats (Fixture *f, gconstpointer data)
{
  static const struct { const char *name; int format; } formats[] = {
    { "wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT },
    { "wav16", SF_FORMAT_WAV | SF_FORMAT_PCM_16 },
    { "wav24", SF_FORMAT_WAV | SF_FORMAT_PCM_24 },
    { "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24 },
  };
  g_autofree char *in = make_sine (f, "sine.wav", 1, 0.2, 1000, 0.5, 0, 0, RATE);
  g_autoptr(MdSession) s = md_session_new ();
  MdWriterFormat wf;

  md_session_add_strip (s, NULL, FALSE, in, NULL);
  g_assert_false (md_writer_format_from_string ("mp3", &wf));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = g_strdup_printf ("%s/out-%s", f->dir, formats[i].name);
      g_autoptr(GError) error = NULL;
      MdRenderOptions options = { 0 };
      g_autofree float *samples = NULL;
      gsize n;
      guint ch;
      int format;

      g_assert_true (md_writer_format_from_string (formats[i].name, &options.format));
      g_assert_true (md_render (s, out, &options, &error));
      g_assert_no_error (error);
      samples = mdt_read_file (out, NULL, &ch, &n, &format);
      g_assert_cmpint (format, ==, formats[i].format);
      g_assert_cmpuint (n, ==, RATE / 5);
      /* Quantisation: 16 bit keeps the level within 0.01 dB. */
      g_assert_cmpfloat_with_epsilon (mdt_rms_db (samples, 2, 0, SKIP, n),
                                      db (0.5 / G_SQRT2 * cos (G_PI / 4)), TOL_DB);
    }
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_sine (f, "a.wav", 1, 0.1, 1000, 0.5, 0, 0, RATE);
  g_autofree char *b = make_sine (f, "b44.wav", 1, 0.1, 1000, 0.5, 0, 0, 44100);
  g_autofree char *missing = g_build_filename (f->dir, "missing.wav", NULL);
  g_autofree char *out = g_build_filename (f->dir, "out.wav", NULL);
  g_autofree char *bad_out = g_build_filename (f->dir, "no-such-dir", "out.wav", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  {
    /* Mismatched rates name both files and rates. */
    g_autoptr(MdSession) s = md_session_new ();

    md_session_add_strip (s, NULL, FALSE, a, NULL);
    md_session_add_strip (s, NULL, FALSE, b, NULL);
    g_assert_false (md_render (s, out, NULL, &error));
    g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_RATE);
    g_assert_nonnull (strstr (error->message, "a.wav"));
    g_assert_nonnull (strstr (error->message, "b44.wav"));
    g_assert_nonnull (strstr (error->message, "44100"));
    g_assert_nonnull (strstr (error->message, "48000"));
    g_assert_null (md_session_get_engine (s));
    g_clear_error (&error);
  }
  {
    g_autoptr(MdSession) s = md_session_new ();

    md_session_add_strip (s, NULL, FALSE, missing, NULL);
    g_assert_false (md_render (s, out, NULL, &error));
    g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN);
    g_assert_nonnull (strstr (error->message, "missing.wav"));
    g_clear_error (&error);
  }
  {
    g_autoptr(MdSession) s = md_session_new ();

    md_session_add_strip (s, NULL, FALSE, "jack:system:capture_1", NULL);
    g_assert_false (md_render (s, out, NULL, &error));
    g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_SESSION);
    g_clear_error (&error);

    md_session_remove_strip (s, 1, NULL);
    g_assert_false (md_render (s, out, NULL, &error));
    g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_SESSION);
    g_clear_error (&error);
  }
  {
    g_autoptr(MdSession) s = md_session_new ();

    md_session_add_strip (s, NULL, FALSE, a, NULL);
    g_assert_false (md_render (s, bad_out, NULL, &error));
    g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE);
    g_assert_nonnull (strstr (error->message, "no-such-dir"));
    g_clear_error (&error);
    g_assert_false (md_render (s, f->dir, NULL, &error));
    g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE);
    g_clear_error (&error);
    /* The output must not replace a source. */
    g_assert_false (md_render (s, a, NULL, &error));
    g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE);
    g_assert_nonnull (strstr (error->message, "strip 1"));
    g_clear_error (&error);
  }
  /* Nothing but the inputs is left behind. */
  listing = mdt_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "a.wav,b44.wav");
}

/* An unfinished writer leaves no file; a finished one replaces the target. */
static void
test_writer_atomic (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.wav", NULL);
  g_autofree char *listing = NULL;
  float zeros[64] = { 0 };
  const float *planes[2] = { zeros, zeros };
  g_autoptr(GError) error = NULL;
  MdWriter *w;

  g_assert_true (g_file_set_contents (out, "old", -1, NULL));
  w = md_writer_new (out, MD_WRITER_WAV16, RATE, 2, &error);
  g_assert_no_error (error);
  g_assert_true (md_writer_write (w, planes, 64, &error));
  md_writer_free (w);
  listing = mdt_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "out.wav");
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "old");
  }

  w = md_writer_new (out, MD_WRITER_FLAC, RATE, 2, &error);
  g_assert_no_error (error);
  g_assert_true (md_writer_write (w, planes, 64, &error));
  g_assert_true (md_writer_finish (w, &error));
  g_assert_no_error (error);
  md_writer_free (w);
  g_clear_pointer (&listing, g_free);
  listing = mdt_list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "out.wav");
  g_free (mdt_read_file (out, NULL, NULL, NULL, NULL));
}

/* Reading a stereo file deinterleaves; frames past the end are zero. */
static void
test_source (Fixture *f, gconstpointer data)
{
  g_autofree char *in = make_sine (f, "st.wav", 2, 0.001, 0, 0.5, 0, 0.25, RATE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSource) src = md_source_open (in, &error);
  g_autofree float *ref = mdt_read_file (in, NULL, NULL, NULL, NULL);
  float l[100], r[100];
  float *planes[2] = { l, r };

  g_assert_no_error (error);
  g_assert_cmpuint (md_source_get_channels (src), ==, 2);
  g_assert_cmpfloat (md_source_get_rate (src), ==, RATE);
  g_assert_cmpuint (md_source_get_frames (src), ==, 48);
  g_assert_cmpint (md_source_read (src, planes, 100, &error), ==, 48);
  for (guint i = 0; i < 100; i++)
    {
      g_assert_cmpfloat (l[i], ==, i < 48 ? ref[2 * i] : 0.0f);
      g_assert_cmpfloat (r[i], ==, i < 48 ? ref[2 * i + 1] : 0.0f);
    }
  g_assert_cmpint (md_source_read (src, planes, 10, &error), ==, 0);
  g_assert_cmpfloat (l[0], ==, 0.0f);

  g_assert_null (md_source_open (f->dir, &error));
  g_assert_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/render/mono-levels", test_mono_levels);
  ADD ("/render/two-strips", test_two_strips);
  ADD ("/render/stereo-balance", test_stereo_balance);
  ADD ("/render/starts-settled", test_starts_settled);
  ADD ("/render/block-invariance", test_block_invariance);
  ADD ("/render/formats", test_formats);
  ADD ("/render/errors", test_errors);
  ADD ("/render/writer-atomic", test_writer_atomic);
  ADD ("/render/source", test_source);
  return g_test_run ();
}
