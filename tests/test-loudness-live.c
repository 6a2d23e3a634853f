/* test-loudness-live.c: the live master's EBU R128 meter (the engine's
 * tap read by the metering thread).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <math.h>

#include "md-engine.h"
#include "media/md-deliver.h"
#include "media/md-loudness-live.h"
#include "md-params.h"

#define RATE 48000

/* wait (up to 10 s) until the meter has seen FRAMES frames */
static void
wait_metered (MdLoudnessLive *m, guint64 frames)
{
  for (int k = 0; k < 2000; k++)
    {
      MdLoudnessReading r;
      md_loudness_live_get (m, &r);
      if (r.frames >= frames)
        return;
      g_usleep (5000);
    }
}

/* run SECONDS of a stereo 1 kHz sine of peak AMP through the engine,
 * letting the meter keep up */
static void
play (MdEngine *e, MdLoudnessLive *m, double amp, double seconds, guint64 *t)
{
  float l[256], r[256], ol[256], or[256];
  const float *in[2] = { l, r };
  float *out[2] = { ol, or };
  guint64 end = *t + (guint64) (seconds * RATE);
  while (*t < end)
    {
      for (int i = 0; i < 256; i++)
        l[i] = r[i] = (float) (amp * sin (2 * G_PI * 1000.0 * (double) (*t + i) / RATE));
      md_engine_process (e, in, 2, out, 2, 256);
      *t += 256;
      if (*t % (RATE / 2) < 256)
        wait_metered (m, *t - 1000);   /* the metering thread drains the tap */
    }
  wait_metered (m, *t - 1000);
}

static void
test_ebu_case_1 (void)
{
  MdEngine *e = md_engine_new (RATE, 256);
  MdTopology *t = g_new0 (MdTopology, 1);
  MdLoudnessLive *m;
  MdLoudnessReading r;
  guint64 frame = 0;
  double amp = pow (10, -23.0 / 20);

  md_engine_strip_create (e, 0, true);
  md_engine_strip_preset (e, 0, MD_SP_FADER, 0);
  t->n_strips = 1;
  t->strips[0].in_ch[1] = 1;
  md_engine_commit (e, t);
  m = md_loudness_live_new (e, RATE);

  play (e, m, amp, 20, &frame);
  md_loudness_live_get (m, &r);
  g_test_message ("M %.2f S %.2f I %.2f LRA %.2f TP %.2f maxM %.2f maxS %.2f dropped %" G_GUINT64_FORMAT,
                  r.momentary_lufs, r.short_term_lufs, r.integrated_lufs, r.lra_lu, r.true_peak_dbtp,
                  r.momentary_max_lufs, r.short_term_max_lufs, r.dropped);
  g_assert_cmpuint (r.dropped, ==, 0);
  g_assert_cmpfloat_with_epsilon (r.momentary_lufs, -23.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.short_term_lufs, -23.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.integrated_lufs, -23.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.momentary_max_lufs, -23.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.true_peak_dbtp, -23.0, 0.2);
  g_assert_cmpfloat (r.lra_lu, <, 0.5);

  /* paused: 10 s at -33 dBFS change M but not I */
  md_loudness_live_pause (m, TRUE);
  play (e, m, amp / pow (10, 10.0 / 20), 10, &frame);
  md_loudness_live_get (m, &r);
  g_assert_true (r.paused);
  g_assert_cmpfloat_with_epsilon (r.momentary_lufs, -33.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.integrated_lufs, -23.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.seconds, 20.0, 0.2);
  /* reset: I and the maxima start again */
  md_loudness_live_pause (m, FALSE);
  md_loudness_live_reset (m);
  play (e, m, amp / pow (10, 10.0 / 20), 5, &frame);
  md_loudness_live_get (m, &r);
  g_assert_cmpfloat_with_epsilon (r.integrated_lufs, -33.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.momentary_max_lufs, -33.0, 0.1);
  g_assert_cmpfloat_with_epsilon (r.true_peak_dbtp, -33.0, 0.2);

  md_loudness_live_free (m);
  md_engine_free (e);
  g_free (t);
}

/* The master's target names are the delivery targets of mixdesk deliver. */
static void
test_target_names (void)
{
  MdParamAddr a;
  guint n;
  g_assert_cmpint (md_param_parse ("/master/target", &a), ==, MD_PARAM_OK);
  md_delivery_targets (&n);
  g_assert_cmpuint ((guint) a.info->max, ==, n);
  for (guint i = 1; a.info->enum_names[i]; i++)
    g_assert_nonnull (md_delivery_target_find (a.info->enum_names[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loudness-live/ebu-case-1", test_ebu_case_1);
  g_test_add_func ("/loudness-live/target-names", test_target_names);
  return g_test_run ();
}
