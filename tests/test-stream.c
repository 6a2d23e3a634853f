/* test-stream.c: file sources for live mode, without JACK: the RT fill
 * function is called as the JACK hook would be.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sndfile.h>

#include "media/md-stream.h"

#define RATE 48000

static char *dir;

/* a file whose sample i is a unique value: (i % 100000) / 100000 */
static char *
make_ramp_file (const char *name, guint channels, guint frames)
{
  char *path = g_build_filename (dir, name, NULL);
  SF_INFO info = { 0 };
  SNDFILE *sf;
  float *buf = g_new (float, (gsize) frames * channels);
  info.samplerate = RATE;
  info.channels = (int) channels;
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  for (guint i = 0; i < frames; i++)
    for (guint c = 0; c < channels; c++)
      buf[i * channels + c] = (float) ((i % 100000) / 100000.0) * (c ? -1.0f : 1.0f);
  sf = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (sf);
  g_assert_cmpint (sf_writef_float (sf, buf, frames), ==, frames);
  sf_close (sf);
  g_free (buf);
  return path;
}

static float
expect (guint64 pos, guint c)
{
  return (float) ((pos % 100000) / 100000.0) * (c ? -1.0f : 1.0f);
}

/* run cycles of N frames as the RT side would, waiting for the disk
 * thread between cycles like a real period does */
static void
cycle (MdStreamSet *set, const float **in, guint n, gboolean rolling, guint64 frame)
{
  for (guint c = 0; c < 4; c++)
    in[c] = NULL;
  md_stream_set_fill (set, in, 4, n, rolling, frame);
  g_usleep (1000);
}

/* Following the transport: the data at every transport frame is the
 * file's, after a locate too; silence while stopped and past the end. */
static void
test_follow_and_locate (void)
{
  g_autofree char *path = make_ramp_file ("ramp.wav", 2, RATE * 3);
  MdStreamSet *set = md_stream_set_new (RATE);
  g_autoptr (GError) err = NULL;
  const float *in[4];
  guint64 frame = 0;
  const guint n = 256;

  g_assert_true (md_stream_set_add (set, 2, path, FALSE, TRUE, &err));
  g_assert_no_error (err);
  /* stopped: silence, but the disk gets ready at the position */
  for (int k = 0; k < 20; k++)
    {
      cycle (set, in, n, FALSE, 0);
      g_assert_nonnull (in[2]);
      g_assert_cmpfloat (in[2][0], ==, 0.0f);
    }
  g_assert_true (md_stream_set_wait_ready (set, 2000));
  /* rolling from 0 */
  for (int k = 0; k < 100; k++, frame += n)
    {
      cycle (set, in, n, TRUE, frame);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpfloat (in[2][i], ==, expect (frame + i, 0));
          g_assert_cmpfloat (in[3][i], ==, expect (frame + i, 1));
        }
    }
  g_assert_cmpuint (md_stream_set_underruns (set), ==, 0);
  /* locate while stopped to 1.5 s, then roll: exact from the first frame */
  frame = RATE + RATE / 2;
  for (int k = 0; k < 30; k++)
    cycle (set, in, n, FALSE, frame);
  for (int k = 0; k < 50; k++, frame += n)
    {
      cycle (set, in, n, TRUE, frame);
      for (guint i = 0; i < n; i++)
        g_assert_cmpfloat (in[2][i], ==, expect (frame + i, 0));
    }
  /* a locate while rolling: a few blocks of silence at most, then exact */
  frame = 1000;
  {
    int silent = 0;
    for (int k = 0; k < 60; k++, frame += n)
      {
        cycle (set, in, n, TRUE, frame);
        if (in[2][n - 1] == 0.0f && expect (frame + n - 1, 0) != 0.0f)
          {
            silent++;
            continue;
          }
        for (guint i = 0; i < n; i++)
          g_assert_cmpfloat (in[2][i], ==, expect (frame + i, 0));
      }
    g_assert_cmpint (silent, <=, 10);
  }
  /* past the end: silence, no underrun */
  {
    guint64 before = md_stream_set_underruns (set);
    cycle (set, in, n, TRUE, RATE * 3 + 10);
    g_assert_cmpfloat (in[2][0], ==, 0.0f);
    g_assert_cmpuint (md_stream_set_underruns (set), ==, before);
  }
  md_stream_set_free (set);
  g_unlink (path);
}

/* Free-running with loop: the file repeats seamlessly, also across a wrap
 * inside a block. */
static void
test_loop (void)
{
  const guint len = 5000;
  g_autofree char *path = make_ramp_file ("short.wav", 1, len);
  MdStreamSet *set = md_stream_set_new (RATE);
  g_autoptr (GError) err = NULL;
  const float *in[4];
  guint64 pos = 0;
  const guint n = 128;

  g_assert_true (md_stream_set_add (set, 0, path, TRUE, FALSE, &err));
  g_assert_true (md_stream_set_wait_ready (set, 2000));
  g_usleep (20000);
  for (int k = 0; k < 200; k++, pos += n)
    {
      cycle (set, in, n, FALSE, 0);
      for (guint i = 0; i < n; i++)
        g_assert_cmpfloat (in[0][i], ==, expect ((pos + i) % len, 0));
    }
  md_stream_set_free (set);
  g_unlink (path);
}

/* A disk thread that falls behind gives silence and counted underruns,
 * never garbage. */
static void
test_underrun (void)
{
  g_autofree char *path = make_ramp_file ("long.wav", 1, RATE * 4);
  MdStreamSet *set = md_stream_set_new (RATE);
  g_autoptr (GError) err = NULL;
  const float *in[4];
  guint64 frame = 0;
  const guint n = 1024;
  guint good = 0;

  g_assert_true (md_stream_set_add (set, 0, path, FALSE, FALSE, &err));
  g_assert_true (md_stream_set_wait_ready (set, 2000));
  md_stream_set_debug_delay (set, 20000);   /* 20 ms per 1024-frame chunk */
  for (int k = 0; k < 150; k++, frame += n)
    {
      for (guint c = 0; c < 4; c++)
        in[c] = NULL;
      md_stream_set_fill (set, in, 4, n, TRUE, 0);   /* no sleep: RT far faster than disk */
      for (guint i = 0; i < n; i++)
        g_assert_true (in[0][i] == 0.0f || (in[0][i] >= 0.0f && in[0][i] < 1.0f));
      good += in[0][n - 1] != 0.0f;
    }
  g_assert_cmpuint (md_stream_set_underruns (set), >, 0);
  g_assert_cmpuint (good, >, 0);
  md_stream_set_debug_delay (set, 0);
  md_stream_set_free (set);
  g_unlink (path);
}

/* Bad files are refused with a clear error. */
static void
test_errors (void)
{
  g_autofree char *path = g_build_filename (dir, "nope.wav", NULL);
  MdStreamSet *set = md_stream_set_new (44100);
  g_autoptr (GError) err = NULL;
  g_autofree char *ramp = make_ramp_file ("r48.wav", 1, 100);
  g_assert_false (md_stream_set_add (set, 0, path, FALSE, TRUE, &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  g_assert_false (md_stream_set_add (set, 0, ramp, FALSE, TRUE, &err));
  g_assert_nonnull (strstr (err->message, "48000 Hz"));
  md_stream_set_free (set);
  g_unlink (ramp);
}

int
main (int argc, char **argv)
{
  int rc;
  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("mixdesk-stream-XXXXXX", NULL);
  g_test_add_func ("/stream/follow-and-locate", test_follow_and_locate);
  g_test_add_func ("/stream/loop", test_loop);
  g_test_add_func ("/stream/underrun", test_underrun);
  g_test_add_func ("/stream/errors", test_errors);
  rc = g_test_run ();
  g_rmdir (dir);
  g_free (dir);
  return rc;
}
