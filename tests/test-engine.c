/* test-engine.c: the mixer engine against analytic values.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tolerances: gains are float products of double-computed coefficients,
 * so steady-state values are checked to 1e-6 relative (about 1e-5 dB);
 * RMS of sines to 0.01 dB.
 */
#include <stdatomic.h>

#include "md-test-util.h"
#include "md-tp-meter.h"
#include "md-engine-private.h"
#include "md-lanes.h"

#define RAMP ((uint32_t) (MDT_RATE * MD_RAMP_MS / 1000.0))

static void
set (MdEngine *e, MdScope scope, unsigned id, unsigned slot, double v)
{
  g_assert_cmpint (md_engine_set (e, scope, id, slot, (float) v), ==, MD_ENGINE_OK);
}

/* one mono strip, DC input 1.0: the master carries the pan-law gains */
static void
test_unity_and_pan (void)
{
  for (int law = 0; law < 4; law++)
    for (int k = 0; k < 3; k++)
      {
        double pan = k - 1.0, gl, gr;
        MdEngine *e = mdt_engine (1, 0, 256);
        MdtBuf *b = mdt_buf_new (1, 2, 4096);
        set (e, MD_SCOPE_SESSION, 0, MD_XP_PANLAW, law);
        set (e, MD_SCOPE_STRIP, 0, MD_SP_PAN, pan);
        mdt_fill (b->in[0], b->n, 1.0f);
        mdt_run (e, b, 256);
        md_pan_gains ((MdPanLaw) law, pan, &gl, &gr);
        g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], gl, 1e-6);
        g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], gr, 1e-6);
        mdt_buf_free (b);
        md_engine_free (e);
      }
}

static void
test_trim_polarity (void)
{
  MdEngine *e = mdt_engine (1, 0, 128);
  MdtBuf *b = mdt_buf_new (1, 2, 2048);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_TRIM, 6.0);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_POLARITY, 1);
  set (e, MD_SCOPE_SESSION, 0, MD_XP_PANLAW, MD_PANLAW_0DB);
  mdt_fill (b->in[0], b->n, 0.25f);
  mdt_run (e, b, 128);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], -0.25 * pow (10, 6.0 / 20), 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], -0.25 * pow (10, 6.0 / 20), 1e-6);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* A delay set before start shifts an impulse by exactly round(ms * fs / 1000). */
static void
test_delay_exact (void)
{
  const double ms[] = { 0.0, 1.0, 10.0, 20.8333, 250.0 };
  for (unsigned k = 0; k < G_N_ELEMENTS (ms); k++)
    {
      MdEngine *e = md_engine_new (MDT_RATE, 64);
      MdTopology *t = g_new0 (MdTopology, 1);
      MdtBuf *b = mdt_buf_new (1, 2, 16000);
      uint32_t d = (uint32_t) lrint (ms[k] * MDT_RATE / 1000.0);
      md_engine_strip_create (e, 0, false);
      md_engine_strip_preset (e, 0, MD_SP_DELAY, (float) ms[k]);
      md_engine_strip_preset (e, 0, MD_SP_PAN, -1.0f);
      t->n_strips = 1;
      md_engine_commit (e, t);
      b->in[0][100] = 1.0f;
      mdt_run (e, b, 64);
      for (uint32_t i = 0; i < MIN (b->n, 100 + d + 2); i++)
        g_assert_cmpfloat (b->out[0][i], ==, i == 100 + d ? 1.0f : 0.0f);
      mdt_buf_free (b);
      g_free (t);
      md_engine_free (e);
    }
}

/* Changing the delay while running crossfades: the output of a DC input
 * never steps, and the new delay is exact afterwards. */
static void
test_delay_change (void)
{
  MdEngine *e = mdt_engine (1, 0, 64);
  MdtBuf *b = mdt_buf_new (1, 2, 20000);
  double max_step = 0;
  set (e, MD_SCOPE_STRIP, 0, MD_SP_PAN, -1);
  mdt_sine (b->in[0], b->n, 100.0, 0.5);
  mdt_run (e, b, 64);
  /* now change to 5 ms and run again over a fresh buffer */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_DELAY, 5.0);
  {
    MdtBuf *c = mdt_buf_new (1, 2, 20000);
    for (uint32_t i = 0; i < c->n; i++)
      c->in[0][i] = (float) (0.5 * sin (2 * G_PI * 100.0 * (i + b->n) / MDT_RATE));
    mdt_run (e, c, 64);
    for (uint32_t i = 1; i < c->n; i++)
      max_step = MAX (max_step, fabs (c->out[0][i] - c->out[0][i - 1]));
    /* a 100 Hz sine at 0.5 moves at most 2*pi*100/48000*0.5 = 0.0065 per sample */
    g_assert_cmpfloat (max_step, <, 0.0066 + 0.5 * 2.0 / RAMP);
    /* after the crossfade: exactly 240 samples of delay */
    for (uint32_t i = 2 * RAMP; i < c->n; i++)
      g_assert_cmpfloat_with_epsilon (c->out[0][i],
                                      0.5 * sin (2 * G_PI * 100.0 * ((double) i + b->n - 240) / MDT_RATE),
                                      2e-6);
    mdt_buf_free (c);
  }
  mdt_buf_free (b);
  md_engine_free (e);
}

/* A 40 dB fader jump moves along the ramp: no step larger than the ramp
 * allows, the target reached after the ramp time. */
static void
test_fader_ramp (void)
{
  MdEngine *e = mdt_engine (1, 0, 100);
  MdtBuf *b = mdt_buf_new (1, 2, 4000);
  double g0 = 1.0, g1 = 0.01, max_step = 0;
  set (e, MD_SCOPE_SESSION, 0, MD_XP_PANLAW, MD_PANLAW_0DB);
  mdt_fill (b->in[0], b->n, 1.0f);
  mdt_run (e, b, 100);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], g0, 1e-7);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -40.0);
  mdt_run (e, b, 100);
  for (uint32_t i = 1; i < b->n; i++)
    max_step = MAX (max_step, fabs (b->out[0][i] - b->out[0][i - 1]));
  g_assert_cmpfloat (max_step, <=, (g0 - g1) / RAMP * 1.001);
  g_assert_cmpfloat (b->out[0][0], <, g0);
  g_assert_cmpfloat_with_epsilon (b->out[0][RAMP - 1], g1, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], g1, 1e-7);
  /* mute ramps as well */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, 0.0);
  mdt_run (e, b, 100);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_MUTE, 1);
  mdt_run (e, b, 100);
  max_step = 0;
  for (uint32_t i = 1; i < b->n; i++)
    max_step = MAX (max_step, fabs (b->out[0][i] - b->out[0][i - 1]));
  g_assert_cmpfloat (max_step, <=, 1.0 / RAMP * 1.001);
  g_assert_cmpfloat (b->out[0][b->n - 1], ==, 0.0f);
  /* -inf is exact silence */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_MUTE, 0);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, MD_FADER_MIN_DB);
  mdt_run (e, b, 100);
  g_assert_cmpfloat (b->out[0][b->n - 1], ==, 0.0f);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* Sends: pre-fader ignores the fader, post-fader follows it; both go to
 * the bus outputs; buses switched off the master do not reach it. */
static void
test_sends (void)
{
  MdEngine *e = mdt_engine (1, 2, 256);
  MdtBuf *b = mdt_buf_new (1, MD_OUT_BUS_BASE + 4, 4096);
  double fader = -12, s1 = -6, s2 = -3, c = sqrt (0.5);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, fader);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SEND_LEVEL + 0, s1);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SEND_PRE + 0, 1);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SEND_LEVEL + 1, s2);
  set (e, MD_SCOPE_BUS, 1, MD_BP_MASTER, 0);
  set (e, MD_SCOPE_BUS, 2, MD_BP_MASTER, 0);
  set (e, MD_SCOPE_BUS, 2, MD_BP_FADER, -1);
  mdt_fill (b->in[0], b->n, 1.0f);
  mdt_run (e, b, 256);
  /* master: strip only */
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], c * md_db_to_gain (fader), 1e-6);
  /* bus 1, pre-fader */
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_BUS_BASE + 0][b->n - 1], c * md_db_to_gain (s1), 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_BUS_BASE + 1][b->n - 1], c * md_db_to_gain (s1), 1e-6);
  /* bus 2, post-fader, bus fader -1 dB */
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_BUS_BASE + 2][b->n - 1],
                                  c * md_db_to_gain (fader + s2 - 1), 1e-6);
  /* send off */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SEND_ON + 1, 0);
  mdt_run (e, b, 256);
  g_assert_cmpfloat (b->out[MD_OUT_BUS_BASE + 2][b->n - 1], ==, 0.0f);
  /* buses back onto the master: master = strip + both sends */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SEND_ON + 1, 1);
  set (e, MD_SCOPE_BUS, 1, MD_BP_MASTER, 1);
  set (e, MD_SCOPE_BUS, 2, MD_BP_MASTER, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1],
                                  c * (md_db_to_gain (fader) + md_db_to_gain (s1)
                                       + md_db_to_gain (fader + s2 - 1)), 1e-6);
  /* mute cuts pre-fader sends too */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_MUTE, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat (b->out[MD_OUT_BUS_BASE + 0][b->n - 1], ==, 0.0f);
  g_assert_cmpfloat (b->out[0][b->n - 1], ==, 0.0f);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* A strip routed to a group bus reaches the master through the bus fader
 * and balance only. */
static void
test_group_bus (void)
{
  MdEngine *e = mdt_engine (2, 1, 256);
  MdtBuf *b = mdt_buf_new (2, MD_OUT_BUS_BASE + 2, 4096);
  double c = sqrt (0.5);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_ROUTE, 1);
  set (e, MD_SCOPE_BUS, 1, MD_BP_FADER, -6);
  set (e, MD_SCOPE_BUS, 1, MD_BP_PAN, 0.5);
  mdt_fill (b->in[0], b->n, 1.0f);
  mdt_fill (b->in[1], b->n, 0.5f);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], c * md_db_to_gain (-6) * 0.5 + 0.5 * c, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], c * md_db_to_gain (-6) + 0.5 * c, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_BUS_BASE][b->n - 1], c * md_db_to_gain (-6) * 0.5, 1e-6);
  /* a route to a bus that does not exist falls back to the master */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_ROUTE, 5);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], c + 0.5 * c, 1e-6);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* DCA faders add to member faders; DCA mute and mute groups mute members only. */
static void
test_dca_and_mute_groups (void)
{
  MdEngine *e = mdt_engine (2, 0, 256);
  MdtBuf *b = mdt_buf_new (2, 2, 4096);
  double c = sqrt (0.5);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_PAN, -1);
  set (e, MD_SCOPE_STRIP, 1, MD_SP_PAN, 1);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -3);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_DCA + 1, 1);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_DCA + 4, 1);
  set (e, MD_SCOPE_DCA, 2, MD_DP_FADER, -6);
  set (e, MD_SCOPE_DCA, 5, MD_DP_FADER, 2);
  mdt_fill (b->in[0], b->n, 1.0f);
  mdt_fill (b->in[1], b->n, 1.0f);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], md_db_to_gain (-3 - 6 + 2), 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 1.0, 1e-6);
  (void) c;
  set (e, MD_SCOPE_DCA, 5, MD_DP_MUTE, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat (b->out[0][b->n - 1], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 1.0, 1e-6);
  set (e, MD_SCOPE_DCA, 5, MD_DP_MUTE, 0);
  /* DCA at -inf silences its members */
  set (e, MD_SCOPE_DCA, 2, MD_DP_FADER, MD_FADER_MIN_DB);
  mdt_run (e, b, 256);
  g_assert_cmpfloat (b->out[0][b->n - 1], ==, 0.0f);
  set (e, MD_SCOPE_DCA, 2, MD_DP_FADER, 0);
  /* mute group 3 holds strip 2 only */
  set (e, MD_SCOPE_STRIP, 1, MD_SP_MGRP + 2, 1);
  set (e, MD_SCOPE_MGRP, 3, MD_GP_MUTE, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], md_db_to_gain (-3 + 2), 1e-6);
  g_assert_cmpfloat (b->out[1][b->n - 1], ==, 0.0f);
  set (e, MD_SCOPE_MGRP, 3, MD_GP_MUTE, 0);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 1.0, 1e-6);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* Solo in place: unsoloed strips are cut at the master, buses fed by
 * soloed strips keep playing, pre-fader sends are untouched. */
static void
test_solo_in_place (void)
{
  MdEngine *e = mdt_engine (3, 2, 256);
  MdtBuf *b = mdt_buf_new (3, MD_OUT_BUS_BASE + 4, 4096);
  double c = sqrt (0.5);
  /* strip 1 -> master, strip 2 -> master (+ pre send to bus 2, a monitor
   * mix off the master), strip 3 -> group bus 1 */
  set (e, MD_SCOPE_STRIP, 2, MD_SP_ROUTE, 1);
  set (e, MD_SCOPE_STRIP, 1, MD_SP_SEND_LEVEL + 1, 0);
  set (e, MD_SCOPE_STRIP, 1, MD_SP_SEND_PRE + 1, 1);
  set (e, MD_SCOPE_BUS, 2, MD_BP_MASTER, 0);
  mdt_fill (b->in[0], b->n, 1.0f);
  mdt_fill (b->in[1], b->n, 2.0f);
  mdt_fill (b->in[2], b->n, 4.0f);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], 7 * c, 1e-5);
  set (e, MD_SCOPE_STRIP, 2, MD_SP_SOLO, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], 4 * c, 1e-5);
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_BUS_BASE + 2][b->n - 1], 2 * c, 1e-6);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SOLO, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], 5 * c, 1e-5);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SOLO, 0);
  set (e, MD_SCOPE_STRIP, 2, MD_SP_SOLO, 0);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], 7 * c, 1e-5);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* Meters: peak and RMS of a sine, pre and post fader; the read resets. */
static void
test_meters (void)
{
  MdEngine *e = mdt_engine (1, 0, 256);
  MdtBuf *b = mdt_buf_new (1, 2, 48000);
  MdStripMeters m;
  MdMeterValue mv;
  double amp = 0.5;
  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -6);
  mdt_sine (b->in[0], b->n, 1000.0, amp);
  mdt_run (e, b, 256);
  g_assert_true (md_engine_read_strip (e, 0, &m));
  g_assert_cmpfloat_with_epsilon (m.pre.peak[0], amp, 1e-6);
  g_assert_cmpfloat_with_epsilon (mdt_db (m.pre.rms[0]), mdt_db (amp / sqrt (2)), 0.01);
  g_assert_cmpfloat_with_epsilon (mdt_db (m.post.rms[0]), mdt_db (amp / sqrt (2)) - 6, 0.01);
  g_assert_cmpfloat_with_epsilon (m.post.peak[0], amp * md_db_to_gain (-6), 1e-6);
  md_engine_read_master (e, &mv);
  g_assert_cmpfloat_with_epsilon (mdt_db (mv.rms[0]), mdt_db (amp / sqrt (2)) - 6 - 3.0103, 0.01);
  g_assert_cmpfloat_with_epsilon (mv.peak[1], amp * md_db_to_gain (-6) * sqrt (0.5), 1e-5);
  /* read reset the meters */
  g_assert_true (md_engine_read_strip (e, 0, &m));
  g_assert_cmpfloat (m.pre.peak[0], ==, 0.0f);
  g_assert_cmpfloat (m.pre.rms[0], ==, 0.0f);
  /* a peak in the middle of a quiet stretch is kept until read */
  memset (b->in[0], 0, b->n * sizeof (float));
  b->in[0][12345] = -0.9f;
  mdt_run (e, b, 256);
  g_assert_true (md_engine_read_strip (e, 0, &m));
  g_assert_cmpfloat_with_epsilon (m.pre.peak[0], 0.9, 1e-7);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* The meters of a strip at unity gain (its post-fader signal is its
 * input, not a copy), for blocks under 8 frames (the scans' scalar steps,
 * inline) and over: peaks exact, before and after the fader alike, RMS
 * within 1e-6 of the exact RMS. */
static void
test_meter_unity (void)
{
  static const uint32_t blocks[] = { 2, 3, 5, 7, 8, 64 };
  const unsigned n_out = MD_OUT_DIRECT_BASE + 2;

  for (unsigned bi = 0; bi < G_N_ELEMENTS (blocks); bi++)
    {
      MdEngine *e = mdt_engine (1, 0, blocks[bi]);
      MdtBuf *b = mdt_buf_new (1, n_out, 4001);
      GRand *rand = g_rand_new_with_seed (11 + bi);
      MdStripMeters m;
      double s2 = 0, pk = 0;

      for (uint32_t i = 0; i < b->n; i++)
        b->in[0][i] = (float) g_rand_double_range (rand, -0.9, 0.9);
      set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, 0);
      mdt_run (e, b, blocks[bi]);
      g_assert_true (md_engine_read_strip (e, 0, &m));
      for (uint32_t i = 0; i < b->n; i++)
        {
          double x = b->in[0][i];
          s2 += x * x;
          pk = fabs (x) > pk ? fabs (x) : pk;
        }
      g_assert_cmpfloat (m.pre.peak[0], ==, (float) pk);
      g_assert_cmpfloat (m.post.peak[0], ==, (float) pk);
      g_assert_cmpfloat (fabs (m.pre.rms[0] / sqrt (s2 / b->n) - 1), <, 1e-6);
      g_assert_cmpfloat (fabs (m.post.rms[0] / sqrt (s2 / b->n) - 1), <, 1e-6);
      g_rand_free (rand);
      mdt_buf_free (b);
      md_engine_free (e);
    }
}

/* Meter accuracy against double-precision references, for block sizes
 * that exercise every path of the scans (under 8 frames, tails, pieces of
 * 64, long blocks): peaks exact, RMS within 1e-6 (relative) of the exact
 * RMS, before the fader and after it (a constant gain, then a ramp: the
 * post-fader reference is the strip's direct output, which is the
 * post-fader signal itself). The sums of squares run in float lanes of
 * at most 8 squares each, so 1e-6 holds with a wide margin. */
static void
test_meter_accuracy (void)
{
  static const uint32_t blocks[] = { 1, 7, 17, 64, 100, 256, 1024 };
  const unsigned n_out = MD_OUT_DIRECT_BASE + 2;

  for (unsigned bi = 0; bi < G_N_ELEMENTS (blocks); bi++)
    {
      uint32_t block = blocks[bi];
      MdEngine *e = mdt_engine (1, 0, block);
      MdtBuf *b = mdt_buf_new (1, n_out, 9000);
      GRand *rand = g_rand_new_with_seed (5 + bi);
      MdStripMeters m;
      double pre2 = 0, post2 = 0, pre_pk = 0, post_pk = 0;
      uint32_t half = 4500;

      /* loud noise, a quiet stretch, a sine */
      for (uint32_t i = 0; i < b->n; i++)
        b->in[0][i] = i < 3000 ? (float) g_rand_double_range (rand, -0.9, 0.9)
                      : i < 6000 ? (float) g_rand_double_range (rand, -1e-3, 1e-3)
                      : (float) (0.5 * sin (0.01 * i));
      set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -6);
      set (e, MD_SCOPE_STRIP, 0, MD_SP_DIRECT, 1);
      {
        MdtBuf first = *b;
        first.n = half;
        mdt_run (e, &first, block);
      }
      set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -20);   /* a ramp from here */
      {
        MdtBuf rest = *b;
        float *in[1] = { b->in[0] + half };
        float *out[MD_OUT_MAX];

        for (unsigned c = 0; c < n_out; c++)
          out[c] = b->out[c] + half;
        rest.in = in;
        rest.out = out;
        rest.n = b->n - half;
        mdt_run (e, &rest, block);
      }
      g_assert_true (md_engine_read_strip (e, 0, &m));
      for (uint32_t i = 0; i < b->n; i++)
        {
          double x = b->in[0][i], y = b->out[MD_OUT_DIRECT_BASE][i];
          pre2 += x * x;
          post2 += y * y;
          pre_pk = fabs (x) > pre_pk ? fabs (x) : pre_pk;
          post_pk = fabs (y) > post_pk ? fabs (y) : post_pk;
        }
      g_assert_cmpfloat (m.pre.peak[0], ==, (float) pre_pk);
      g_assert_cmpfloat (m.post.peak[0], ==, (float) post_pk);
      g_assert_cmpfloat (fabs (m.pre.rms[0] / sqrt (pre2 / b->n) - 1), <, 1e-6);
      g_assert_cmpfloat (fabs (m.post.rms[0] / sqrt (post2 / b->n) - 1), <, 1e-6);
      /* quiet noise alone (-80 dBFS), read on its own: the same accuracy */
      for (uint32_t i = 0; i < 2000; i++)
        b->in[0][i] = (float) g_rand_double_range (rand, -1e-4, 1e-4);
      {
        MdtBuf q = *b;
        q.n = 2000;
        mdt_run (e, &q, block);
      }
      g_assert_true (md_engine_read_strip (e, 0, &m));
      pre2 = post2 = 0;
      for (uint32_t i = 0; i < 2000; i++)
        {
          double x = b->in[0][i], y = b->out[MD_OUT_DIRECT_BASE][i];
          pre2 += x * x;
          post2 += y * y;
        }
      g_assert_cmpfloat (fabs (m.pre.rms[0] / sqrt (pre2 / 2000) - 1), <, 1e-6);
      g_assert_cmpfloat (fabs (m.post.rms[0] / sqrt (post2 / 2000) - 1), <, 1e-6);
      g_rand_free (rand);
      mdt_buf_free (b);
      md_engine_free (e);
    }
}

/* A soloed strip removed from the plan: the other strip is heard again
 * (the plan swap makes the engine look for a soloed strip anew). */
static void
test_solo_plan (void)
{
  MdEngine *e = mdt_engine (2, 0, 256);
  MdTopology *t = g_new0 (MdTopology, 1);
  MdtBuf *b = mdt_buf_new (2, 2, 4096);
  float both, alone;

  mdt_fill (b->in[0], b->n, 1.0f);
  mdt_fill (b->in[1], b->n, 2.0f);
  mdt_run (e, b, 256);
  both = b->out[0][b->n - 1];
  set (e, MD_SCOPE_STRIP, 1, MD_SP_SOLO, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1] / both, 2.0 / 3.0, 1e-5);
  /* strip 1 leaves: strip 0 alone, no longer silenced by its solo */
  t->n_strips = 1;
  t->strips[0].id = 0;
  t->strips[0].in_ch[0] = 0;
  md_engine_commit (e, t);
  mdt_run (e, b, 256);
  mdt_run (e, b, 256);
  alone = b->out[0][b->n - 1];
  g_assert_cmpfloat_with_epsilon (alone / both, 1.0 / 3.0, 1e-5);
  mdt_buf_free (b);
  g_free (t);
  md_engine_free (e);
}

/* Solo switched by an automation lane (not a command): the other strip
 * goes quiet while the lane holds solo on and comes back after (the
 * engine finds "any strip soloed" again only when a solo changes). */
static void
test_solo_lane (void)
{
  MdEngine *e = mdt_engine (2, 0, 256);
  MdLaneSet *lanes = md_lane_set_new (1, 3);
  float *in[2], *out[2];
  const uint32_t n = 24000;
  uint64_t *f;
  float *v;

  for (unsigned c = 0; c < 2; c++)
    {
      in[c] = g_new (float, n);
      out[c] = g_new0 (float, n);
      mdt_fill (in[c], n, c == 0 ? 1.0f : 2.0f);
    }
  lanes->lanes[0].scope = MD_SCOPE_STRIP;
  lanes->lanes[0].id = 1;
  lanes->lanes[0].slot = MD_SP_SOLO;
  lanes->lanes[0].discrete = true;
  lanes->lanes[0].playing = true;
  md_lane_set_points (lanes, 0, 3, &f, &v);
  f[0] = 0, v[0] = 0;
  f[1] = 4800, v[1] = 1;
  f[2] = 14400, v[2] = 0;
  md_engine_set_lanes (e, lanes);
  for (uint32_t off = 0; off < n; off += 256)
    {
      uint32_t k = MIN (256, n - off);
      const float *ip[2] = { in[0] + off, in[1] + off };
      float *op[2] = { out[0] + off, out[1] + off };

      md_engine_set_transport (e, true, off);
      md_engine_process (e, ip, 2, op, 2, k);
      md_engine_collect (e);
    }
  /* both strips, strip 1 alone (2 of 3 parts), both again */
  g_assert_cmpfloat (out[0][4000], >, 0.0f);
  g_assert_cmpfloat_with_epsilon (out[0][10000] / out[0][4000], 2.0 / 3.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (out[0][n - 1] / out[0][4000], 1.0, 1e-5);
  for (unsigned c = 0; c < 2; c++)
    {
      g_free (in[c]);
      g_free (out[c]);
    }
  md_engine_free (e);
}

/* Mono and stereo strips read after every few blocks (1 to 8; block
 * sizes 1 to 9, 17 to 59 in steps of 7, 61 to 70: few-frames scans,
 * vector scans with and without a tail): each read's peaks are exactly
 * the largest magnitudes of the frames since the previous read, before
 * the fader (the input) and after it (the direct outputs), per channel,
 * and the RMS theirs within 1e-6: no peak lost, no stale value, no
 * channel left out (the strips publish their meters inline, with their
 * counts). Two mono strips (a pair on the rest path, faders -6 and
 * -7.5 dB, the second muted in the middle third: post-fader values 0)
 * and a stereo one at -6 dB. */
static void
test_meter_reads (void)
{
  const unsigned n_out = MD_OUT_DIRECT_BASE + 6;

  for (uint32_t block = 1; block <= 70; block += block < 10 || block > 60 ? 1 : 7)
    {
      uint32_t off = 0, len = block < 8 ? 1200 : 3000;
      MdEngine *e = md_engine_new (MDT_RATE, block);
      MdTopology *t = g_new0 (MdTopology, 1);
      MdtBuf *b = mdt_buf_new (4, n_out, len);
      GRand *rand = g_rand_new_with_seed (23 + block);
      MdStripMeters m;

      g_assert_cmpint (md_engine_strip_create (e, 0, false), ==, MD_ENGINE_OK);
      g_assert_cmpint (md_engine_strip_create (e, 1, false), ==, MD_ENGINE_OK);
      g_assert_cmpint (md_engine_strip_create (e, 2, true), ==, MD_ENGINE_OK);
      t->n_strips = 3;
      for (unsigned id = 0; id < 3; id++)
        {
          t->strips[id].id = id;
          t->strips[id].in_ch[0] = id;
        }
      t->strips[2].in_ch[1] = 3;
      md_engine_commit (e, t);
      for (unsigned c = 0; c < 4; c++)
        for (uint32_t i = 0; i < b->n; i++)
          b->in[c][i] = (float) g_rand_double_range (rand, -0.25, 0.25)
                        * (g_rand_int_range (rand, 0, 97) == 0 ? 3.5f : 1.0f);
      for (unsigned id = 0; id < 3; id++)
        {
          set (e, MD_SCOPE_STRIP, id, MD_SP_FADER, id == 1 ? -7.5 : -6);
          set (e, MD_SCOPE_STRIP, id, MD_SP_DIRECT, 1);
        }
      while (off < b->n)
        {
          /* not inside MIN, which evaluates its arguments twice */
          uint32_t n = block * (uint32_t) g_rand_int_range (rand, 1, 9);
          MdtBuf seg = *b;
          float *in[4], *out[MD_OUT_MAX];
          bool muted = off >= len / 3 && off < 2 * len / 3;

          n = MIN (n, b->n - off);

          set (e, MD_SCOPE_STRIP, 1, MD_SP_MUTE, muted ? 1 : 0);
          for (unsigned c = 0; c < 4; c++)
            in[c] = b->in[c] + off;
          for (unsigned c = 0; c < n_out; c++)
            out[c] = b->out[c] + off;
          seg.in = in;
          seg.out = out;
          seg.n = n;
          mdt_run (e, &seg, block);
          for (unsigned id = 0; id < 3; id++)
            {
              g_assert_true (md_engine_read_strip (e, id, &m));
              for (unsigned c = 0; c < 2; c++)
                {
                  /* a mono strip shows its one channel on both sides */
                  const float *x = in[id < 2 ? id : 2 + c];
                  const float *y = out[MD_OUT_DIRECT_BASE + 2 * id + (id < 2 ? 0 : c)];
                  float pre_pk = 0, post_pk = 0;
                  double pre2 = 0, post2 = 0;

                  for (uint32_t i = 0; i < n; i++)
                    {
                      pre_pk = fabsf (x[i]) > pre_pk ? fabsf (x[i]) : pre_pk;
                      post_pk = fabsf (y[i]) > post_pk ? fabsf (y[i]) : post_pk;
                      pre2 += (double) x[i] * x[i];
                      post2 += (double) y[i] * y[i];
                    }
                  g_assert_cmpfloat (m.pre.peak[c], ==, pre_pk);
                  g_assert_cmpfloat (m.post.peak[c], ==, post_pk);
                  g_assert_cmpfloat (fabs (m.pre.rms[c] / sqrt (pre2 / n) - 1), <, 1e-6);
                  if (post2 == 0)   /* muted, the ramp down done */
                    g_assert_cmpfloat (m.post.rms[c], ==, 0);
                  else
                    g_assert_cmpfloat (fabs (m.post.rms[c] / sqrt (post2 / n) - 1), <, 1e-6);
                }
            }
          off += n;
        }
      g_rand_free (rand);
      mdt_buf_free (b);
      g_free (t);
      md_engine_free (e);
    }
}

/* Meters read while the RT thread runs: block k of 16 frames carries one
 * sample of magnitude v[k]. Every block the RT thread finished after the
 * previous read had ended and before this read began is in this read, so
 * its peak is at least the largest of those v (a peak between two reads
 * is never lost); a read never reports more than the largest v so far. */
#define MC_BLOCKS 60000u

typedef struct
{
  MdEngine *e;
  float *v;
  atomic_uint done;
} MeterRt;

static gpointer
meter_rt (gpointer data)
{
  MeterRt *m = data;
  float x[16], o[2][16];
  const float *in[1] = { x };
  float *out[2] = { o[0], o[1] };

  md_engine_thread_init ();
  for (uint32_t k = 0; k < MC_BLOCKS; k++)
    {
      memset (x, 0, sizeof x);
      x[k % 16] = (k & 1) ? -m->v[k] : m->v[k];
      md_engine_process (m->e, in, 1, out, 2, 16);
      atomic_store_explicit (&m->done, k + 1, memory_order_release);
      if (k % 64 == 63)
        g_thread_yield ();
    }
  return NULL;
}

static void
test_meters_concurrent (void)
{
  MeterRt m;
  GThread *t;
  GRand *rand = g_rand_new_with_seed (11);
  uint32_t prev_end = 0, checked = 0, top_k = 0;
  float top = 0.0f, all = 0.0f, carry = 0.0f;
  bool last = false;
  unsigned empty = 0;

  m.e = mdt_engine (1, 0, 16);
  m.v = g_new (float, MC_BLOCKS);
  for (uint32_t k = 0; k < MC_BLOCKS; k++)
    m.v[k] = (float) g_rand_double_range (rand, 0.001, 1.0);
  atomic_init (&m.done, 0);
  t = g_thread_new ("rt", meter_rt, &m);
  while (!last)
    {
      MdStripMeters sm;
      uint32_t b0, b1;
      float want = 0.0f;

      b0 = atomic_load_explicit (&m.done, memory_order_acquire);
      last = b0 == MC_BLOCKS;
      g_assert_true (md_engine_read_strip (m.e, 0, &sm));
      b1 = atomic_load_explicit (&m.done, memory_order_acquire);
      for (uint32_t k = prev_end + 1; k < b0; k++)
        want = m.v[k] > want ? m.v[k] : want;
      checked += b0 > prev_end + 1 ? b0 - prev_end - 1 : 0;
      if (sm.pre.peak[0] == 0.0f && sm.pre.rms[0] == 0.0f)
        {
          /* nothing new: the RT thread was preempted inside a publish and
           * the read gave up; those blocks belong to the next read */
          carry = want > carry ? want : carry;
          empty++;
        }
      else
        {
          want = want > carry ? want : carry;
          g_assert_cmpfloat (sm.pre.peak[0], >=, want);
          g_assert_cmpfloat (sm.post.peak[0], >=, want);
          carry = 0.0f;
        }
      /* never more than the largest sample the RT thread could have seen */
      for (; top_k < b1 + 1 && top_k < MC_BLOCKS; top_k++)
        top = m.v[top_k] > top ? m.v[top_k] : top;
      g_assert_cmpfloat (sm.pre.peak[0], <=, top);
      all = sm.pre.peak[0] > all ? sm.pre.peak[0] : all;
      prev_end = b1;
      if (!last)
        g_usleep (50);
    }
  g_thread_join (t);
  /* the largest sample of all was reported by some read */
  top = 0.0f;
  for (uint32_t k = 0; k < MC_BLOCKS; k++)
    top = m.v[k] > top ? m.v[k] : top;
  g_assert_cmpfloat (all, ==, top);
  g_assert_cmpfloat (carry, ==, 0.0f);
  g_test_message ("%u of %u blocks checked against a read; %u reads with nothing new",
                  checked, MC_BLOCKS, empty);
  g_assert_cmpuint (checked, >, MC_BLOCKS / 2);
  g_free (m.v);
  g_rand_free (rand);
  md_engine_free (m.e);
}

/* A non-finite input silences and flags only its strip; the strip
 * recovers once the input is finite again. */
static void
test_nonfinite (void)
{
  MdEngine *e = mdt_engine (2, 0, 64);
  MdtBuf *b = mdt_buf_new (2, 2, 6400);
  MdStripMeters m;
  set (e, MD_SCOPE_STRIP, 0, MD_SP_PAN, -1);
  set (e, MD_SCOPE_STRIP, 1, MD_SP_PAN, 1);
  mdt_fill (b->in[0], b->n, 0.5f);
  mdt_fill (b->in[1], b->n, 0.25f);
  b->in[0][1000] = NAN;
  b->in[0][3000] = INFINITY;
  mdt_run (e, b, 64);
  for (uint32_t i = 0; i < b->n; i++)
    {
      g_assert_true (isfinite (b->out[0][i]) && isfinite (b->out[1][i]));
      g_assert_cmpfloat_with_epsilon (b->out[1][i], 0.25, 1e-7);
    }
  /* the blocks holding the bad samples are silent */
  for (uint32_t i = 960; i < 1024; i++)
    g_assert_cmpfloat (b->out[0][i], ==, 0.0f);
  for (uint32_t i = 2944; i < 3008; i++)
    g_assert_cmpfloat (b->out[0][i], ==, 0.0f);
  /* and the strip is back at full level after the fade-in */
  g_assert_cmpfloat_with_epsilon (b->out[0][3008 + RAMP + 64], 0.5, 1e-6);
  g_assert_true (md_engine_read_strip (e, 0, &m));
  g_assert_cmpuint (m.nonfinite, ==, 2);
  g_assert_false (m.silenced);
  g_assert_true (md_engine_read_strip (e, 1, &m));
  g_assert_cmpuint (m.nonfinite, ==, 0);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* The meter peak is the largest magnitude, bit-exact, also when the
 * largest is a denormal (the engine runs with DAZ, under which a float
 * max would see denormals as zero) and when all is silent; the fader is
 * not at unity, so that the combined scan-and-fader runs. */
static void
test_meter_denormal_peak (void)
{
  MdEngine *e = mdt_engine (2, 0, 64);
  MdtBuf *b = mdt_buf_new (2, 2, 640);
  MdStripMeters m;
  float top = 0.0f;

  for (uint32_t i = 0; i < b->n; i++)
    {
      /* denormals of both signs, 1..4095 times the smallest */
      b->in[0][i] = ldexpf ((float) ((i * 2654435761u) >> 20), -149) * ((i & 1) ? -1.0f : 1.0f);
      top = fabsf (b->in[0][i]) > top ? fabsf (b->in[0][i]) : top;
    }
  b->in[0][333] = -ldexpf (8000.0f, -149);
  top = ldexpf (8000.0f, -149);
  g_assert_cmpfloat (top, <, FLT_MIN);
  mdt_fill (b->in[1], b->n, 0.0f);
  /* a fader gain other than 1, so that the scan runs with the fader */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -6.0);
  set (e, MD_SCOPE_STRIP, 1, MD_SP_FADER, -6.0);
  mdt_run (e, b, 64);
  g_assert_true (md_engine_read_strip (e, 0, &m));
  g_assert_cmpfloat (m.pre.peak[0], ==, top);
  /* the faded denormals are flushed (FTZ/DAZ) or smaller */
  g_assert_cmpfloat (m.post.peak[0], <, top);
  g_assert_true (md_engine_read_strip (e, 1, &m));
  g_assert_cmpfloat (m.pre.peak[0], ==, 0.0f);
  g_assert_cmpfloat (m.post.peak[0], ==, 0.0f);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* Stereo strips: balance and width */
static void
test_stereo (void)
{
  MdEngine *e = md_engine_new (MDT_RATE, 256);
  MdTopology *t = g_new0 (MdTopology, 1);
  MdtBuf *b = mdt_buf_new (2, 2, 4096);
  md_engine_strip_create (e, 7, true);
  t->n_strips = 1;
  t->strips[0].id = 7;
  t->strips[0].in_ch[0] = 0;
  t->strips[0].in_ch[1] = 1;
  md_engine_commit (e, t);
  mdt_fill (b->in[0], b->n, 1.0f);
  mdt_fill (b->in[1], b->n, 0.5f);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], 1.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 0.5, 1e-7);
  set (e, MD_SCOPE_STRIP, 7, MD_SP_PAN, 0.5);
  set (e, MD_SCOPE_STRIP, 7, MD_SP_WIDTH, 0.0);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], 0.75 * 0.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 0.75, 1e-7);
  set (e, MD_SCOPE_STRIP, 7, MD_SP_PAN, 0.0);
  set (e, MD_SCOPE_STRIP, 7, MD_SP_WIDTH, 2.0);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], 0.75 + 0.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 0.75 - 0.5, 1e-7);
  mdt_buf_free (b);
  g_free (t);
  md_engine_free (e);
}

/* Strips added and removed while audio runs fade in and out: no step
 * larger than the ramp allows; removed strips are released. */
static void
test_add_remove_running (void)
{
  MdEngine *e = md_engine_new (MDT_RATE, 64);
  MdTopology *t = g_new0 (MdTopology, 1);
  MdtBuf *b = mdt_buf_new (2, 2, 2048);
  double max_step = 0;
  md_engine_strip_create (e, 0, false);
  t->n_strips = 1;
  md_engine_commit (e, t);
  mdt_fill (b->in[0], b->n, 0.5f);
  mdt_fill (b->in[1], b->n, 1.0f);
  g_assert_cmpint (md_engine_strip_preset (e, 0, MD_SP_PAN, -1), ==, MD_ENGINE_EINVAL);
  mdt_run (e, b, 64);
  /* add strip 1 on input 1 */
  md_engine_strip_create (e, 1, false);
  g_assert_cmpint (md_engine_strip_preset (e, 1, MD_SP_PAN, 1), ==, MD_ENGINE_OK);
  t->n_strips = 2;
  t->strips[1].id = 1;
  t->strips[1].in_ch[0] = 1;
  md_engine_commit (e, t);
  mdt_run (e, b, 64);
  for (uint32_t i = 1; i < b->n; i++)
    max_step = MAX (max_step, fabs (b->out[1][i] - b->out[1][i - 1]));
  g_assert_cmpfloat (max_step, <=, 1.0 / RAMP * 1.001);
  /* strip 0 stays centred (the late preset was refused), strip 1 hard right */
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 1.0 + 0.5 * sqrt (0.5), 1e-6);
  /* remove strip 0 (reorder: strip 1 first) */
  t->n_strips = 1;
  t->strips[0].id = 1;
  t->strips[0].in_ch[0] = 1;
  md_engine_commit (e, t);
  mdt_run (e, b, 64);
  max_step = 0;
  for (uint32_t i = 1; i < b->n; i++)
    max_step = MAX (max_step, fabs (b->out[0][i] - b->out[0][i - 1]));
  g_assert_cmpfloat (max_step, <=, 0.5 * sqrt (0.5) / RAMP * 1.001);
  g_assert_cmpfloat (b->out[0][b->n - 1], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (b->out[1][b->n - 1], 1.0, 1e-6);
  /* a few more cycles: the follow-up commit retires the faded strip */
  for (int k = 0; k < 4; k++)
    mdt_run (e, b, 64);
  g_assert_false (md_engine_strip_exists (e, 0));
  g_assert_true (e != NULL);
  {
    MdStripMeters m;
    g_assert_false (md_engine_read_strip (e, 0, &m));
  }
  /* and the id can be used again */
  g_assert_cmpint (md_engine_strip_create (e, 0, true), ==, MD_ENGINE_OK);
  mdt_buf_free (b);
  g_free (t);
  md_engine_free (e);
}

/* The same input in blocks of 1, 17, 64, 4096 gives identical output,
 * with every feature of the engine working. */
static void
test_block_invariance (void)
{
  const uint32_t blocks[] = { 1, 17, 64, 4096, 1000 };
  float *ref[2] = { NULL, NULL };
  for (unsigned k = 0; k < G_N_ELEMENTS (blocks); k++)
    {
      MdEngine *e = mdt_engine (4, 2, 512);
      MdtBuf *b = mdt_buf_new (4, MD_OUT_BUS_BASE + 4, 30000);
      GRand *r = g_rand_new_with_seed (42);
      for (unsigned c = 0; c < 4; c++)
        for (uint32_t i = 0; i < b->n; i++)
          b->in[c][i] = (float) g_rand_double_range (r, -0.5, 0.5);
      set (e, MD_SCOPE_STRIP, 0, MD_SP_DELAY, 3.3);
      set (e, MD_SCOPE_STRIP, 0, MD_SP_PAN, -0.3);
      set (e, MD_SCOPE_STRIP, 1, MD_SP_TRIM, 4);
      set (e, MD_SCOPE_STRIP, 1, MD_SP_POLARITY, 1);
      set (e, MD_SCOPE_STRIP, 1, MD_SP_SEND_LEVEL, -6);
      set (e, MD_SCOPE_STRIP, 2, MD_SP_ROUTE, 2);
      set (e, MD_SCOPE_STRIP, 2, MD_SP_DCA, 1);
      set (e, MD_SCOPE_DCA, 1, MD_DP_FADER, -4);
      set (e, MD_SCOPE_STRIP, 3, MD_SP_FADER, -12);
      set (e, MD_SCOPE_STRIP, 3, MD_SP_SEND_LEVEL + 1, -3);
      set (e, MD_SCOPE_STRIP, 3, MD_SP_SEND_PRE + 1, 1);
      set (e, MD_SCOPE_MASTER, 0, MD_MP_FADER, -1);
      mdt_run (e, b, blocks[k]);
      if (k == 0)
        {
          ref[0] = g_memdup2 (b->out[0], b->n * sizeof (float));
          ref[1] = g_memdup2 (b->out[1], b->n * sizeof (float));
          g_assert_cmpfloat (mdt_rms (ref[0], 0, b->n), >, 0.1);
        }
      else
        {
          g_assert_cmpmem (b->out[0], b->n * sizeof (float), ref[0], b->n * sizeof (float));
          g_assert_cmpmem (b->out[1], b->n * sizeof (float), ref[1], b->n * sizeof (float));
        }
      g_rand_free (r);
      mdt_buf_free (b);
      md_engine_free (e);
    }
  g_free (ref[0]);
  g_free (ref[1]);
}

/* Commands sent faster than the RT side drains them are dropped and counted. */
static void
test_command_flood (void)
{
  MdEngine *e = mdt_engine (1, 0, 64);
  MdEngineStats st;
  unsigned ok = 0, busy = 0;
  {
    /* once running, values travel through the command ring */
    MdtBuf *b0 = mdt_buf_new (1, 2, 64);
    mdt_run (e, b0, 64);
    mdt_buf_free (b0);
  }
  for (unsigned i = 0; i < 10000; i++)
    {
      MdEngineStatus s = md_engine_set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -1.0f);
      ok += s == MD_ENGINE_OK;
      busy += s == MD_ENGINE_EBUSY;
    }
  g_assert_cmpuint (ok + busy, ==, 10000);
  g_assert_cmpuint (busy, >, 0);
  md_engine_get_stats (e, &st);
  g_assert_cmpuint (st.commands_dropped, ==, busy);
  {
    MdtBuf *b = mdt_buf_new (1, 2, 64);
    mdt_run (e, b, 64);
    mdt_buf_free (b);
  }
  g_assert_true (md_engine_idle (e));
  md_engine_free (e);
}

/* The channel DSP sits in the strip path (DESIGN §5) and its values are
 * the parameter table's: an RBJ peaking band at its centre frequency gains
 * exactly its gain; the compressor and the gate reach their static curves
 * on DC; the GR meters report them; buses compress too. */
static void
test_channel_dsp (void)
{
  MdEngine *e = mdt_engine (3, 1, 256);
  MdtBuf *b = mdt_buf_new (3, MD_OUT_BUS_BASE + 2, 48000);
  MdStripMeters m;
  double c = sqrt (0.5);
  const unsigned D = MD_SP_DSP;

  /* strip 1: EQ band 2 peaking +6 dB at 1 kHz, hard left; 1 kHz sine */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_PAN, -1);
  set (e, MD_SCOPE_STRIP, 0, D + MD_DSP_EQ_ON, 1);
  set (e, MD_SCOPE_STRIP, 0, D + MD_DSP_EQ_FREQ + 1, 1000);
  set (e, MD_SCOPE_STRIP, 0, D + MD_DSP_EQ_GAIN + 1, 6);
  set (e, MD_SCOPE_STRIP, 0, D + MD_DSP_EQ_Q + 1, 1.0);
  /* strip 2: compressor -20 dB, 4:1, hard knee, +2 dB makeup; DC at -6 dBFS; hard right */
  set (e, MD_SCOPE_STRIP, 1, MD_SP_PAN, 1);
  set (e, MD_SCOPE_STRIP, 1, D + MD_DSP_COMP_ON, 1);
  set (e, MD_SCOPE_STRIP, 1, D + MD_DSP_COMP_THRESHOLD, -20);
  set (e, MD_SCOPE_STRIP, 1, D + MD_DSP_COMP_RATIO, 4);
  set (e, MD_SCOPE_STRIP, 1, D + MD_DSP_COMP_KNEE, 0);
  set (e, MD_SCOPE_STRIP, 1, D + MD_DSP_COMP_MAKEUP, 2);
  /* strip 3 -> bus 1 (off the master): gate closed on DC at -60 dBFS,
   * threshold -50, range 40 dB; the bus compressor on but below threshold */
  set (e, MD_SCOPE_STRIP, 2, MD_SP_ROUTE, 1);
  set (e, MD_SCOPE_STRIP, 2, D + MD_DSP_GATE_ON, 1);
  set (e, MD_SCOPE_STRIP, 2, D + MD_DSP_GATE_THRESHOLD, -50);
  set (e, MD_SCOPE_STRIP, 2, D + MD_DSP_GATE_RANGE, 40);
  set (e, MD_SCOPE_BUS, 1, MD_BP_MASTER, 0);
  set (e, MD_SCOPE_BUS, 1, MD_BP_DSP + MD_DSP_COMP_ON, 1);

  mdt_sine (b->in[0], b->n, 1000.0, 0.25);
  mdt_fill (b->in[1], b->n, 0.5f);
  mdt_fill (b->in[2], b->n, 0.001f);
  mdt_run (e, b, 256);
  /* EQ: +6 dB at the centre frequency, within 0.01 dB */
  g_assert_cmpfloat_with_epsilon (mdt_db (mdt_rms (b->out[0], 24000, 48000)),
                                  mdt_db (0.25 / sqrt (2)) + 6.0, 0.01);
  /* compressor: -6 dBFS in, 14 dB over, 4:1 -> 10.5 dB reduction, +2 dB makeup */
  g_assert_cmpfloat_with_epsilon (mdt_db (fabs (b->out[1][b->n - 1])), mdt_db (0.5) - 10.5 + 2.0, 0.1);
  g_assert_true (md_engine_read_strip (e, 1, &m));
  g_assert_cmpfloat_with_epsilon (m.comp_db, 10.5, 0.1);
  /* gate: closed, 40 dB down */
  g_assert_cmpfloat_with_epsilon (mdt_db (fabs (b->out[MD_OUT_BUS_BASE][b->n - 1])),
                                  mdt_db (0.001 * c) - 40.0, 0.1);
  g_assert_true (md_engine_read_strip (e, 2, &m));
  g_assert_cmpfloat_with_epsilon (m.gate_db, 40.0, 0.1);
  g_assert_cmpfloat (md_engine_read_bus_gr (e, 1), ==, 0.0f);
  /* the bus compressor works on the bus: a hot strip pushes it over */
  set (e, MD_SCOPE_STRIP, 2, D + MD_DSP_GATE_ON, 0);
  set (e, MD_SCOPE_STRIP, 2, MD_SP_TRIM, 20);
  mdt_fill (b->in[2], b->n, 0.5f);
  mdt_run (e, b, 256);
  g_assert_cmpfloat (md_engine_read_bus_gr (e, 1), >, 5.0f);
  /* everything off again: bit-transparent (strip 2: DC 0.5 hard right) */
  set (e, MD_SCOPE_STRIP, 1, D + MD_DSP_COMP_ON, 0);
  mdt_run (e, b, 256);
  mdt_run (e, b, 256);
  g_assert_cmpfloat (b->out[1][b->n - 1], ==, 0.5f);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* Phase correlation of the master: identical channels +1, inverted -1,
 * independent noise about 0; M/S balance of mono is -inf. */
static void
test_correlation (void)
{
  const struct { float r_sign; bool noise; double corr; double tol; } cases[] = {
    { 1.0f, false, 1.0, 1e-6 }, { -1.0f, false, -1.0, 1e-6 }, { 0.0f, true, 0.0, 0.05 },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      MdEngine *e = md_engine_new (MDT_RATE, 256);
      MdTopology *t = g_new0 (MdTopology, 1);
      MdtBuf *b = mdt_buf_new (2, 2, 48000);
      GRand *r = g_rand_new_with_seed (3);
      float corr, sm;
      md_engine_strip_create (e, 0, true);
      t->n_strips = 1;
      t->strips[0].in_ch[1] = 1;
      md_engine_commit (e, t);
      mdt_sine (b->in[0], b->n, 440.0, 0.3);
      for (uint32_t i = 0; i < b->n; i++)
        b->in[1][i] = cases[k].noise ? (float) g_rand_double_range (r, -0.3, 0.3) : cases[k].r_sign * b->in[0][i];
      mdt_run (e, b, 256);
      md_engine_read_master_phase (e, &corr, &sm);
      g_assert_cmpfloat_with_epsilon (corr, cases[k].corr, cases[k].tol);
      if (k == 0)
        g_assert_true (isinf (sm) && sm < 0);
      if (k == 1)
        g_assert_true (isinf (sm) && sm > 0);
      /* read-and-reset */
      md_engine_read_master_phase (e, &corr, &sm);
      g_assert_cmpfloat (corr, ==, 0.0f);
      g_rand_free (r);
      mdt_buf_free (b);
      g_free (t);
      md_engine_free (e);
    }
}

/* The master chain: the true-peak limiter keeps hot program under its
 * ceiling (checked by the independent 8x meter of the tests), reports its
 * latency while in and none while out, and goes in and out without a
 * click; the multiband compressor with neutral bands sums flat; mono
 * check makes L = R. */
static void
test_master_chain (void)
{
  MdEngine *e = md_engine_new (MDT_RATE, 256);
  MdTopology *t = g_new0 (MdTopology, 1);
  MdtBuf *b = mdt_buf_new (2, 2, 96000);
  GRand *r = g_rand_new_with_seed (9);
  double tp, max_step = 0;
  uint32_t lat;

  md_engine_strip_create (e, 0, true);
  md_engine_strip_preset (e, 0, MD_SP_TRIM, 12);
  /* program material is band-limited: noise through a 16 kHz, 24 dB/oct
   * low-pass (white noise up to Nyquist has inter-sample peaks no
   * program has) */
  md_engine_strip_preset (e, 0, MD_SP_DSP + MD_DSP_LPF_ON, 1);
  md_engine_strip_preset (e, 0, MD_SP_DSP + MD_DSP_LPF_FREQ, 16000);
  md_engine_strip_preset (e, 0, MD_SP_DSP + MD_DSP_LPF_SLOPE, 1);
  t->n_strips = 1;
  t->strips[0].in_ch[1] = 1;
  md_engine_commit (e, t);
  md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_LIM_ON, 1);
  md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_LIM_CEILING, -1);
  g_assert_cmpuint (md_engine_latency (e), >, 0);
  /* dense noise, +6 dB over full scale after the trim */
  for (uint32_t i = 0; i < b->n; i++)
    {
      b->in[0][i] = (float) g_rand_double_range (r, -0.5, 0.5);
      b->in[1][i] = (float) g_rand_double_range (r, -0.5, 0.5);
    }
  mdt_run (e, b, 256);
  {
    const float *ch[2] = { b->out[0] + 2400, b->out[1] + 2400 };   /* after the first attack */
    tp = md_tp_meter_peak_db (ch, 2, b->n - 2400);
  }
  g_test_message ("limited noise: true peak %.3f dBTP (ceiling -1), latency %u",
                  tp, md_engine_latency (e));
  g_assert_cmpfloat (tp, <=, -1.0 + 0.1);
  g_assert_cmpfloat (md_engine_read_master_gr (e, 0), >, 3.0f);
  lat = md_engine_latency (e);

  /* out again: the latency goes, through a dip, without a step */
  md_engine_set (e, MD_SCOPE_STRIP, 0, MD_SP_DSP + MD_DSP_LPF_ON, 0);
  md_engine_set (e, MD_SCOPE_STRIP, 0, MD_SP_TRIM, -12);
  mdt_fill (b->in[0], b->n, 0.25f);
  mdt_fill (b->in[1], b->n, 0.25f);
  mdt_run (e, b, 256);
  md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_LIM_ON, 0);
  mdt_run (e, b, 256);
  for (uint32_t i = 1; i < b->n; i++)
    max_step = MAX (max_step, fabs (b->out[0][i] - b->out[0][i - 1]));
  g_assert_cmpuint (md_engine_latency (e), ==, 0);
  g_assert_cmpuint (lat, >, 0);
  /* a click would be a step of the signal's size (0.06); the dip's ramp
   * allows level/480 per sample, 5 % margin for the limiter's own release
   * overlapping the dip */
  g_assert_cmpfloat (max_step, <=, 0.25 * pow (10, -12 / 20.0) / (MDT_RATE * MD_RAMP_MS / 1000.0) * 1.05);

  /* multiband on, bands neutral (ratio 1, gain 0): the sum is flat */
  md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_MB_ON, 1);
  for (unsigned k = 0; k < 3; k++)
    md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_MB_RATIO + k, 1);
  md_engine_set (e, MD_SCOPE_STRIP, 0, MD_SP_TRIM, 0);
  {
    const double freqs[] = { 50, 200, 1000, 3000, 12000 };
    for (unsigned f = 0; f < G_N_ELEMENTS (freqs); f++)
      {
        mdt_sine (b->in[0], b->n, freqs[f], 0.25);
        mdt_sine (b->in[1], b->n, freqs[f], 0.25);
        mdt_run (e, b, 256);
        g_assert_cmpfloat_with_epsilon (mdt_db (mdt_rms (b->out[0], 48000, 96000)),
                                        mdt_db (0.25 / sqrt (2)), 0.01);
      }
  }
  /* mono check */
  md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_MB_ON, 0);
  md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_MONO, 1);
  mdt_sine (b->in[0], b->n, 300, 0.25);
  memset (b->in[1], 0, b->n * sizeof (float));
  mdt_run (e, b, 256);
  for (uint32_t i = 48000; i < b->n; i += 101)
    g_assert_cmpfloat_with_epsilon (b->out[0][i], b->out[1][i], 1e-7);
  g_rand_free (r);
  mdt_buf_free (b);
  g_free (t);
  md_engine_free (e);
}

/* AFL/PFL: the mix stays whole and the monitor outputs carry the soloed
 * strips (before their fader for PFL, after it for AFL); with nothing
 * soloed they carry the master. Direct outputs carry a strip after its
 * fader, before its pan. */
static void
test_afl_pfl_direct (void)
{
  MdEngine *e = mdt_engine (2, 0, 256);
  const unsigned n_out = MD_OUT_DIRECT_BASE + 2;
  MdtBuf *b = mdt_buf_new (2, n_out, 4800);
  double c = sqrt (0.5), g1 = md_db_to_gain (-20), g2 = md_db_to_gain (-6);

  set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -20);
  set (e, MD_SCOPE_STRIP, 1, MD_SP_FADER, -6);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_DIRECT, 1);
  mdt_fill (b->in[0], b->n, 0.5f);
  mdt_fill (b->in[1], b->n, 0.25f);
  mdt_run (e, b, 256);
  /* nothing soloed: monitor = master; direct out of strip id 0 */
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_MONITOR_L][b->n - 1], b->out[0][b->n - 1], 1e-7);
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_DIRECT_BASE][b->n - 1], 0.5 * g1, 1e-7);

  /* PFL: strip 1 soloed, the mix unchanged, monitor = strip 1 before its fader */
  set (e, MD_SCOPE_SESSION, 0, MD_XP_SOLO_MODE, MD_SOLO_PFL);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SOLO, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], c * (0.5 * g1 + 0.25 * g2), 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_MONITOR_L][b->n - 1], c * 0.5, 1e-6);
  /* AFL: after the fader */
  set (e, MD_SCOPE_SESSION, 0, MD_XP_SOLO_MODE, MD_SOLO_AFL);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_MONITOR_L][b->n - 1], c * 0.5 * g1, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], c * (0.5 * g1 + 0.25 * g2), 1e-6);
  /* solo off: the monitor goes back to the master, smoothly */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SOLO, 0);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[MD_OUT_MONITOR_L][b->n - 1], b->out[0][b->n - 1], 1e-7);
  /* back to solo in place: soloing cuts strip 2 from the mix */
  set (e, MD_SCOPE_SESSION, 0, MD_XP_SOLO_MODE, MD_SOLO_SIP);
  set (e, MD_SCOPE_STRIP, 0, MD_SP_SOLO, 1);
  mdt_run (e, b, 256);
  g_assert_cmpfloat_with_epsilon (b->out[0][b->n - 1], c * 0.5 * g1, 1e-6);
  /* direct off: silence on its port */
  set (e, MD_SCOPE_STRIP, 0, MD_SP_DIRECT, 0);
  mdt_run (e, b, 256);
  g_assert_cmpfloat (b->out[MD_OUT_DIRECT_BASE][b->n - 1], ==, 0.0f);
  mdt_buf_free (b);
  md_engine_free (e);
}

/* An engine for the rest-path tests, the rest paths on or off (REST):
 * strips 0 .. N_STRIPS-1 on inputs 0 .. N_STRIPS-1, the last one stereo
 * (its right on input N_STRIPS), N_BUSES buses, committed through T. */
static MdEngine *
rest_engine (bool rest, unsigned n_strips, unsigned n_buses, MdTopology *t)
{
  MdEngine *e = md_engine_new (MDT_RATE, 256);

  md_engine_set_rest_path (rest);
  for (unsigned i = 0; i < n_strips; i++)
    {
      bool stereo = i + 1 == n_strips;
      g_assert_cmpint (md_engine_strip_create (e, i, stereo), ==, MD_ENGINE_OK);
      t->strips[i].id = i;
      t->strips[i].in_ch[0] = i;
      t->strips[i].in_ch[1] = stereo ? n_strips : 0;
    }
  t->n_strips = n_strips;
  t->n_buses = n_buses;
  g_assert_cmpint (md_engine_commit (e, t), ==, MD_ENGINE_OK);
  return e;
}

/* strip_post at rest takes constants (the gains multiplied once) instead
 * of running its ramps, and two mono strips at rest mix in shared passes
 * (strips 2-3 or 3-4 here, not when a strip sends into its own main bus):
 * the same bits as the general path, for mono and stereo strips, pre- and
 * post-fader sends, a send to a bus that does not exist, gains of 0 (hard
 * pan, mute), at block sizes 1 to 256, through parameter changes (each
 * one leaves the rest path until its ramps are done). Every output of
 * both runs compared bit for bit. */
/* PART cut from B to N frames from FROM, its channel pointers in IN and
 * OUT (room for every channel of B) */
static void
rest_window (MdtBuf *part, const MdtBuf *b, float **in, float **out, uint32_t from, uint32_t n)
{
  *part = *b;
  for (unsigned c = 0; c < b->n_in; c++)
    in[c] = b->in[c] + from;
  for (unsigned c = 0; c < b->n_out; c++)
    out[c] = b->out[c] + from;
  part->in = in;
  part->out = out;
  part->n = n;
}

static void
rest_run (bool rest, uint32_t block, MdtBuf *b)
{
  static const unsigned ids[] = { 0, 1, 2, 3, 4, 5 };
  MdTopology *t = g_new0 (MdTopology, 1);
  MdEngine *e = rest_engine (rest, G_N_ELEMENTS (ids), 2, t);
  uint32_t n = b->n / 4;
  for (unsigned i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      set (e, MD_SCOPE_STRIP, ids[i], MD_SP_FADER, -3.0 * i);
      set (e, MD_SCOPE_STRIP, ids[i], MD_SP_PAN, i == 1 ? -1.0 : 0.3 * i - 0.4);
      set (e, MD_SCOPE_STRIP, ids[i], MD_SP_SEND_LEVEL + 0, -6.0 - i);
      set (e, MD_SCOPE_STRIP, ids[i], MD_SP_SEND_PRE + 0, i & 1);
      set (e, MD_SCOPE_STRIP, ids[i], MD_SP_SEND_LEVEL + 1, -2.0 * i);
      set (e, MD_SCOPE_STRIP, ids[i], MD_SP_SEND_LEVEL + 2, -1.0);   /* bus 3: none */
    }
  set (e, MD_SCOPE_STRIP, 2, MD_SP_MUTE, 1);
  set (e, MD_SCOPE_STRIP, 2, MD_SP_SEND_PRE + 1, 1);
  for (unsigned seg = 0; seg < 4; seg++)
    {
      MdtBuf part = *b;
      float *in[7], *out[MD_OUT_DIRECT_BASE + 12];

      rest_window (&part, b, in, out, seg * n, n);
      mdt_run (e, &part, block);
      /* settled: every strip on the path asked for */
      for (unsigned i = 0; i < G_N_ELEMENTS (ids); i++)
        g_assert_true (e->strips[ids[i]]->post_rest == rest);
      switch (seg)
        {
        case 0:
          set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -10.0);
          set (e, MD_SCOPE_STRIP, 5, MD_SP_PAN, -0.7);
          set (e, MD_SCOPE_STRIP, 1, MD_SP_SEND_PRE + 0, 0);
          set (e, MD_SCOPE_STRIP, 2, MD_SP_MUTE, 0);
          break;
        case 1:
          set (e, MD_SCOPE_STRIP, 5, MD_SP_SEND_ON + 1, 0);
          set (e, MD_SCOPE_STRIP, 1, MD_SP_ROUTE, 2);
          set (e, MD_SCOPE_STRIP, 0, MD_SP_MUTE, 1);
          break;
        case 2:
          set (e, MD_SCOPE_STRIP, 3, MD_SP_ROUTE, 2);   /* a send of its own into the main's bus */
          set (e, MD_SCOPE_STRIP, 4, MD_SP_ROUTE, 2);
          set (e, MD_SCOPE_STRIP, 5, MD_SP_SEND_ON + 1, 1);
          set (e, MD_SCOPE_DCA, 1, MD_DP_FADER, -4.0);
          set (e, MD_SCOPE_STRIP, 5, MD_SP_DCA + 0, 1);
          break;
        default:
          break;
        }
    }
  md_engine_set_rest_path (true);
  g_free (t);
  md_engine_free (e);
}

/* the same noise (an LCG from SEED, +-0.25) into the first N_CH inputs of
 * A and B, N frames */
static void
rest_noise (MdtBuf *a, MdtBuf *b, unsigned n_ch, uint32_t n, guint32 seed)
{
  for (unsigned c = 0; c < n_ch; c++)
    for (uint32_t i = 0; i < n; i++)
      {
        seed = seed * 1664525u + 1013904223u;
        a->in[c][i] = b->in[c][i] = ((float) (seed >> 8) / 16777216.0f - 0.5f) * 0.5f;
      }
}

/* every output of A and B the same bits over N frames */
static void
rest_same (const MdtBuf *a, const MdtBuf *b, uint32_t n)
{
  for (unsigned c = 0; c < a->n_out; c++)
    g_assert_cmpmem (a->out[c], n * sizeof (float), b->out[c], n * sizeof (float));
}

/* For each of the N_BLOCKS block sizes BLOCKS: RUN with its rest path on
 * and off over the same noise (N_IN inputs, MD_OUT_DIRECT_BASE + N_DIRECT
 * outputs, N frames, SEED), every output compared bit for bit. Returns
 * the "on" buffer when N_BLOCKS is 1 (for more checks; the caller frees
 * it), NULL otherwise. */
static MdtBuf *
rest_compare (void (*run) (bool, uint32_t, MdtBuf *), const uint32_t *blocks, unsigned n_blocks,
              unsigned n_in, unsigned n_direct, uint32_t n, guint32 seed)
{
  for (unsigned k = 0; k < n_blocks; k++)
    {
      MdtBuf *on = mdt_buf_new (n_in, MD_OUT_DIRECT_BASE + n_direct, n);
      MdtBuf *off = mdt_buf_new (n_in, MD_OUT_DIRECT_BASE + n_direct, n);

      rest_noise (on, off, n_in, n, seed);
      run (true, blocks[k], on);
      run (false, blocks[k], off);
      rest_same (on, off, n);
      mdt_buf_free (off);
      if (n_blocks == 1)
        return on;
      mdt_buf_free (on);
    }
  return NULL;
}

static void
test_rest_path (void)
{
  static const uint32_t blocks[] = { 1, 5, 17, 64, 256 };

  rest_compare (rest_run, blocks, G_N_ELEMENTS (blocks), 7, 12, 4 * 4096, 12345);
}

/* strip_pre at rest (pre_rest) takes the trim, polarity, width and delay
 * tap it cached instead of running their ramps: the same bits as the
 * general path through trim, polarity, delay (0 -> a tap: the line was
 * written at rest) and width changes, a DCA change and non-finite input
 * blocks (one at rest, mid-stretch), at block sizes 1 to 256. Each change
 * drops the cache: checked directly after the one sample that follows
 * it, and through the bits
 * (a cache kept would go on with the old trim or tap). */
static void
pre_rest_run (bool rest, uint32_t block, MdtBuf *b)
{
  static const unsigned ids[] = { 0, 1, 2 };
  MdTopology *t = g_new0 (MdTopology, 1);
  MdEngine *e = rest_engine (rest, G_N_ELEMENTS (ids), 1, t);
  uint32_t n = b->n / 5;
  set (e, MD_SCOPE_STRIP, 0, MD_SP_TRIM, 3.0);
  set (e, MD_SCOPE_STRIP, 1, MD_SP_POLARITY, 1);
  set (e, MD_SCOPE_STRIP, 2, MD_SP_WIDTH, 0.5);
  set (e, MD_SCOPE_STRIP, 2, MD_SP_DELAY, 1.0);
  for (unsigned seg = 0; seg < 5; seg++)
    {
      bool drop[3] = { false, false, false };
      MdtBuf part = *b;
      float *in[4], *out[MD_OUT_DIRECT_BASE + 6];

      switch (seg)
        {
        case 1:
          set (e, MD_SCOPE_STRIP, 0, MD_SP_TRIM, -6.0);
          set (e, MD_SCOPE_STRIP, 1, MD_SP_DELAY, 2.0);   /* 0 -> a tap */
          set (e, MD_SCOPE_STRIP, 2, MD_SP_WIDTH, 1.0);
          drop[0] = drop[1] = drop[2] = true;
          break;
        case 2:
          set (e, MD_SCOPE_STRIP, 0, MD_SP_POLARITY, 1);
          set (e, MD_SCOPE_STRIP, 1, MD_SP_DELAY, 0.5);
          set (e, MD_SCOPE_STRIP, 2, MD_SP_DELAY, 0.0);
          drop[0] = drop[1] = drop[2] = true;
          break;
        case 3:
          /* a non-finite input block silences strip 0 */
          b->in[0][seg * n] = NAN;
          set (e, MD_SCOPE_STRIP, 2, MD_SP_WIDTH, 1.7);
          set (e, MD_SCOPE_DCA, 1, MD_DP_FADER, -4.0);
          set (e, MD_SCOPE_STRIP, 1, MD_SP_DCA + 0, 1);
          /* strip 1: a DCA moves no gain of strip_pre (the cache is
           * dropped and set again in the same block) */
          drop[0] = drop[2] = true;
          break;
        case 4:
          set (e, MD_SCOPE_STRIP, 1, MD_SP_TRIM, 1.5);
          drop[1] = true;
          /* strip 0 at rest again: a non-finite sample inside a block */
          b->in[0][seg * n + n / 2 + 1] = NAN;
          break;
        default:
          break;
        }
      /* one sample: every strip changed has left the rest path */
      rest_window (&part, b, in, out, seg * n, 1);
      mdt_run (e, &part, 1);
      for (unsigned i = 0; i < G_N_ELEMENTS (ids); i++)
        if (drop[i])
          g_assert_false (e->strips[ids[i]]->pre_rest);
      rest_window (&part, b, in, out, seg * n + 1, n - 1);
      mdt_run (e, &part, block);
      /* settled: every strip on the path asked for */
      for (unsigned i = 0; i < G_N_ELEMENTS (ids); i++)
        g_assert_true (e->strips[ids[i]]->pre_rest == rest);
    }
  md_engine_set_rest_path (true);
  g_free (t);
  md_engine_free (e);
}

/* A non-finite sample at each place of a 2-, 3- and 4-frame block
 * (strip_pre_rest's few-frames pass), in a mono strip with a trim and in
 * the right channel of a stereo one at unity, both at rest: the same
 * bits as without the rest paths (the strip is silenced either way). */
static void
test_pre_rest_few_nan (void)
{
  const uint32_t n = 4096;

  for (uint32_t block = 2; block <= 4; block++)
    for (uint32_t p = 0; p < block; p++)
      {
        MdtBuf *buf[2];

        for (unsigned r = 0; r < 2; r++)
          buf[r] = mdt_buf_new (3, MD_OUT_DIRECT_BASE + 4, n);
        rest_noise (buf[0], buf[1], 3, n, 99 + block * 4 + p);
        for (unsigned r = 0; r < 2; r++)
          {
            MdTopology *t = g_new0 (MdTopology, 1);
            MdEngine *e = rest_engine (r == 0, 2, 0, t);

            set (e, MD_SCOPE_STRIP, 0, MD_SP_TRIM, -6.0);
            buf[r]->in[0][block * 700 + p] = NAN;
            buf[r]->in[2][block * 900 + p] = NAN;
            mdt_run (e, buf[r], block);
            md_engine_free (e);
            g_free (t);
          }
        rest_same (buf[0], buf[1], n);
        for (unsigned r = 0; r < 2; r++)
          mdt_buf_free (buf[r]);
      }
  md_engine_set_rest_path (true);
}

/* One run of the pre-rest line checks: N frames of noise (SEED) into a
 * mono strip with a trim and a stereo one at unity, at rest without a
 * delay, in BLOCK-frame blocks, with the rest paths and without; with
 * POKE a NaN into the mono strip and an infinity into the stereo one
 * (silenced, then back at rest); at frame AT a delay of MD_DELAY_MAX_MS
 * on both reads the 16384-frame lines back: the same bits both ways. */
static void
pre_rest_line_run (uint32_t block, uint32_t n, uint32_t at, guint32 seed, bool poke)
{
  MdtBuf *buf[2];

  for (unsigned r = 0; r < 2; r++)
    buf[r] = mdt_buf_new (3, MD_OUT_DIRECT_BASE + 4, n);
  rest_noise (buf[0], buf[1], 3, n, seed);
  for (unsigned r = 0; r < 2; r++)
    {
      MdTopology *t = g_new0 (MdTopology, 1);
      MdEngine *e = rest_engine (r == 0, 2, 0, t);
      MdtBuf part;
      float *in[3], *out[MD_OUT_DIRECT_BASE + 4];

      g_assert_cmpuint (e->strips[0]->dmask + 1, ==, 16384);
      set (e, MD_SCOPE_STRIP, 0, MD_SP_TRIM, -6.0);
      if (poke)
        {
          buf[r]->in[0][block * 100 + 3] = NAN;
          buf[r]->in[2][block * 150 + 9] = INFINITY;
        }
      rest_window (&part, buf[r], in, out, 0, at);
      mdt_run (e, &part, block);
      g_assert_true (e->strips[0]->pre_rest == (r == 0) && e->strips[1]->pre_rest == (r == 0));
      set (e, MD_SCOPE_STRIP, 0, MD_SP_DELAY, MD_DELAY_MAX_MS);
      set (e, MD_SCOPE_STRIP, 1, MD_SP_DELAY, MD_DELAY_MAX_MS);
      rest_window (&part, buf[r], in, out, at, n - at);
      mdt_run (e, &part, block);
      md_engine_free (e);
      g_free (t);
    }
  rest_same (buf[0], buf[1], n);
  for (unsigned r = 0; r < 2; r++)
    mdt_buf_free (buf[r]);
  md_engine_set_rest_path (true);
}

/* strip_pre_rest's few-frames pass (strips_pre_few) where the delay line
 * wraps inside a block: 3-frame blocks on 16384-frame lines (the line
 * wraps at frame 16383), read back across the place where it wrapped. */
static void
test_pre_rest_few_wrap (void)
{
  pre_rest_line_run (3, 39000, 22383, 2024, false);
}

/* strip_pre_rest's pass at 5 frames and more without a tap, in whole
 * cache lines (block sizes that are multiples of 16: the line written by
 * streaming stores, gain_checked_line_nt) and not (24, 40, 70), with a
 * non-finite sample in each strip; the lines wrap, then are read back. */
static void
test_pre_rest_line (void)
{
  static const uint32_t blocks[] = { 16, 24, 32, 40, 48, 64, 70, 80 };

  for (unsigned k = 0; k < G_N_ELEMENTS (blocks); k++)
    pre_rest_line_run (blocks[k], 40000, 22400, 77 + blocks[k], true);
}

static void
test_pre_rest_path (void)
{
  static const uint32_t blocks[] = { 1, 2, 3, 4, 5, 17, 64, 256 };
  const uint32_t n = 5 * 4096;

  for (unsigned k = 0; k < G_N_ELEMENTS (blocks); k++)
    {
      MdtBuf *on = rest_compare (pre_rest_run, blocks + k, 1, 4, 6, n, 4321);

      /* strip 0 was silenced for a while: its main out is not all zero */
      g_assert_cmpfloat (mdt_rms (on->out[0], 0, n), >, 0.0);
      mdt_buf_free (on);
    }
}

/* The batch lists strips_batch takes from the plan (channel blocks,
 * scratch, channel counts) and the gates and compressors it keeps per
 * batch while every strip is at rest: the same bits as the general path
 * (the rest paths off, nothing kept) through changes between blocks:
 * the strips reordered, a strip removed, one added, a strip's input
 * changed, a gate switched on and a compressor off in one strip of a
 * batch, a strip routed away from the master (the pairs kept). 20
 * strips: two batches, the second short. Every output of both runs
 * compared bit for bit; the kept lists and pairs checked to be in use
 * (the current plan's) at the end of every stretch. */
static void
batch_plan_run (bool rest, uint32_t block, MdtBuf *b)
{
  MdTopology *t = g_new0 (MdTopology, 1);
  MdEngine *e = rest_engine (rest, 20, 1, t);
  uint32_t n = b->n / 6;

  for (unsigned i = 0; i < 20; i++)
    {
      set (e, MD_SCOPE_STRIP, i, MD_SP_FADER, -0.5 * i);
      set (e, MD_SCOPE_STRIP, i, MD_SP_DIRECT, 1);
      set (e, MD_SCOPE_STRIP, i, MD_SP_SEND_LEVEL + 0, -3.0 - i);
    }
  for (unsigned i = 2; i < 20; i += 3)
    {
      set (e, MD_SCOPE_STRIP, i, MD_SP_DSP + MD_DSP_GATE_ON, 1);
      set (e, MD_SCOPE_STRIP, i, MD_SP_DSP + MD_DSP_GATE_THRESHOLD, -12.0);
    }
  for (unsigned i = 3; i < 20; i += 7)
    {
      set (e, MD_SCOPE_STRIP, i, MD_SP_DSP + MD_DSP_COMP_ON, 1);
      set (e, MD_SCOPE_STRIP, i, MD_SP_DSP + MD_DSP_COMP_THRESHOLD, -24.0);
    }
  for (unsigned seg = 0; seg < 6; seg++)
    {
      MdtBuf part = *b;
      float *in[24], *out[MD_OUT_DIRECT_BASE + 48];

      switch (seg)
        {
        case 1:
          /* reversed: every strip in another batch place or batch */
          for (unsigned i = 0; i < t->n_strips / 2; i++)
            {
              MdTopoStrip x = t->strips[i];
              t->strips[i] = t->strips[t->n_strips - 1 - i];
              t->strips[t->n_strips - 1 - i] = x;
            }
          g_assert_cmpint (md_engine_commit (e, t), ==, MD_ENGINE_OK);
          break;
        case 2:
          set (e, MD_SCOPE_STRIP, 7, MD_SP_DSP + MD_DSP_GATE_ON, 1);
          set (e, MD_SCOPE_STRIP, 7, MD_SP_DSP + MD_DSP_GATE_THRESHOLD, -6.0);
          set (e, MD_SCOPE_STRIP, 3, MD_SP_DSP + MD_DSP_COMP_ON, 0);
          /* strip 5 leaves its pair: its main into the bus */
          set (e, MD_SCOPE_STRIP, 5, MD_SP_ROUTE, 1);
          break;
        case 3:
          /* strip 10 leaves (the strips after it move up); strip 1
           * takes input 12 */
          for (unsigned i = 0, k = 0; i < t->n_strips; i++)
            if (t->strips[i].id != 10)
              {
                t->strips[k] = t->strips[i];
                if (t->strips[k].id == 1)
                  t->strips[k].in_ch[0] = 12;
                k++;
              }
          t->n_strips--;
          g_assert_cmpint (md_engine_commit (e, t), ==, MD_ENGINE_OK);
          break;
        case 4:
          /* strip 20 joins at place 4 with its gate on */
          g_assert_cmpint (md_engine_strip_create (e, 20, false), ==, MD_ENGINE_OK);
          set (e, MD_SCOPE_STRIP, 20, MD_SP_DIRECT, 1);
          set (e, MD_SCOPE_STRIP, 20, MD_SP_DSP + MD_DSP_GATE_ON, 1);
          set (e, MD_SCOPE_STRIP, 20, MD_SP_DSP + MD_DSP_GATE_THRESHOLD, -9.0);
          memmove (&t->strips[5], &t->strips[4], (t->n_strips - 4) * sizeof t->strips[0]);
          t->strips[4].id = 20;
          t->strips[4].in_ch[0] = 6;
          t->strips[4].in_ch[1] = 6;
          t->n_strips++;
          g_assert_cmpint (md_engine_commit (e, t), ==, MD_ENGINE_OK);
          break;
        default:
          break;
        }
      rest_window (&part, b, in, out, seg * n, n);
      mdt_run (e, &part, block);
      /* settled: both batches run on the kept lists of this plan */
      for (unsigned i = 0; i < 2; i++)
        {
          g_assert_true ((e->batch_dyn[i].gen == e->plan->gen) == rest);
          g_assert_true ((e->batch_dyn[i].pairs_gen == e->plan->gen) == rest);
        }
    }
  md_engine_set_rest_path (true);
  g_free (t);
  md_engine_free (e);
}

static void
test_batch_plan (void)
{
  static const uint32_t blocks[] = { 1, 5, 17, 64 };

  rest_compare (batch_plan_run, blocks, G_N_ELEMENTS (blocks), 21, 42, 6 * 2048, 777);
}

/* A pair of mono strips at rest with both sends post-fader runs its
 * scans, faders, main mix and both sends in one pass
 * (scan_fader_pair_mix2_avx2): the same bits as the general path, at
 * every block size from 1 to 70, for strips 0-1 and 2-3 (6 mono strips
 * and a stereo one, 2 buses and a third send to a bus that does not
 * exist), through a send turned pre-fader in one strip of a pair (the
 * pair's sends then run apart), a muted strip (its post sends keep the
 * solo gain), one send turned off in both strips of a pair (one send
 * left: the pass without sends), a solo, a fader fade, and non-finite
 * inputs (a NaN and an infinity, which silence their strips); strips 1
 * and 2 with direct outputs; every strip's meters read after each
 * segment, also bit for bit. */
static MdStripMeters pair_meters[6][7];

static void
pair_sends_run (bool rest, uint32_t block, MdtBuf *b)
{
  MdTopology *t = g_new0 (MdTopology, 1);
  MdEngine *e = rest_engine (rest, 7, 2, t);
  uint32_t n = b->n / 6;

  for (unsigned i = 0; i < 7; i++)
    {
      set (e, MD_SCOPE_STRIP, i, MD_SP_FADER, -2.5 - i);
      set (e, MD_SCOPE_STRIP, i, MD_SP_PAN, 0.3 * i - 0.6);
      set (e, MD_SCOPE_STRIP, i, MD_SP_SEND_LEVEL + 0, -6.0 - i);
      set (e, MD_SCOPE_STRIP, i, MD_SP_SEND_LEVEL + 1, -3.0 - 0.5 * i);
      set (e, MD_SCOPE_STRIP, i, MD_SP_SEND_LEVEL + 2, -1.0);   /* bus 3: none */
      set (e, MD_SCOPE_STRIP, i, MD_SP_DIRECT, i == 1 || i == 2);
    }
  for (unsigned seg = 0; seg < 6; seg++)
    {
      MdtBuf part = *b;
      float *in[8], *out[MD_OUT_DIRECT_BASE + 14];

      switch (seg)
        {
        case 1:
          set (e, MD_SCOPE_STRIP, 1, MD_SP_SEND_PRE + 1, 1);
          set (e, MD_SCOPE_STRIP, 3, MD_SP_MUTE, 1);
          break;
        case 2:
          set (e, MD_SCOPE_STRIP, 1, MD_SP_SEND_PRE + 1, 0);
          set (e, MD_SCOPE_STRIP, 2, MD_SP_SEND_ON + 0, 0);
          set (e, MD_SCOPE_STRIP, 3, MD_SP_SEND_ON + 0, 0);
          break;
        case 3:
          set (e, MD_SCOPE_STRIP, 2, MD_SP_SEND_ON + 0, 1);
          set (e, MD_SCOPE_STRIP, 3, MD_SP_SEND_ON + 0, 1);
          set (e, MD_SCOPE_STRIP, 3, MD_SP_MUTE, 0);
          set (e, MD_SCOPE_STRIP, 0, MD_SP_FADER, -20.0);   /* a fade */
          break;
        case 4:
          set (e, MD_SCOPE_STRIP, 4, MD_SP_SOLO, 1);
          b->in[2][seg * n + n / 3] = NAN;
          b->in[1][seg * n + n / 2 + 1] = INFINITY;
          break;
        case 5:
          set (e, MD_SCOPE_STRIP, 4, MD_SP_SOLO, 0);
          break;
        default:
          break;
        }
      rest_window (&part, b, in, out, seg * n, n);
      mdt_run (e, &part, block);
      /* the meters too: rest_compare runs the rest path first */
      for (unsigned i = 0; i < 7; i++)
        {
          MdStripMeters m;

          memset (&m, 0, sizeof m);
          g_assert_true (md_engine_read_strip (e, i, &m));
          if (rest)
            pair_meters[seg][i] = m;
          else
            g_assert_cmpmem (&m, sizeof m, &pair_meters[seg][i], sizeof m);
        }
      if (seg == 0 || seg == 5)
        /* settled with every send post-fader: both pairs taken */
        g_assert_cmpuint (e->batch_dyn[0].pairs & 0xfu, ==, rest ? 0x5u : 0u);
    }
  md_engine_set_rest_path (true);
  g_free (t);
  md_engine_free (e);
}

static void
test_pair_sends (void)
{
  uint32_t blocks[70];

  for (unsigned k = 0; k < G_N_ELEMENTS (blocks); k++)
    blocks[k] = k + 1;
  rest_compare (pair_sends_run, blocks, G_N_ELEMENTS (blocks), 8, 14, 6 * 700, 4242);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/unity-and-pan", test_unity_and_pan);
  g_test_add_func ("/engine/trim-polarity", test_trim_polarity);
  g_test_add_func ("/engine/delay-exact", test_delay_exact);
  g_test_add_func ("/engine/delay-change", test_delay_change);
  g_test_add_func ("/engine/fader-ramp", test_fader_ramp);
  g_test_add_func ("/engine/sends", test_sends);
  g_test_add_func ("/engine/group-bus", test_group_bus);
  g_test_add_func ("/engine/dca-and-mute-groups", test_dca_and_mute_groups);
  g_test_add_func ("/engine/solo-in-place", test_solo_in_place);
  g_test_add_func ("/engine/solo-lane", test_solo_lane);
  g_test_add_func ("/engine/solo-plan", test_solo_plan);
  g_test_add_func ("/engine/meters", test_meters);
  g_test_add_func ("/engine/meters-concurrent", test_meters_concurrent);
  g_test_add_func ("/engine/meter-accuracy", test_meter_accuracy);
  g_test_add_func ("/engine/meter-reads", test_meter_reads);
  g_test_add_func ("/engine/meter-unity", test_meter_unity);
  g_test_add_func ("/engine/meter-denormal-peak", test_meter_denormal_peak);
  g_test_add_func ("/engine/nonfinite", test_nonfinite);
  g_test_add_func ("/engine/stereo", test_stereo);
  g_test_add_func ("/engine/add-remove-running", test_add_remove_running);
  g_test_add_func ("/engine/block-invariance", test_block_invariance);
  g_test_add_func ("/engine/command-flood", test_command_flood);
  g_test_add_func ("/engine/channel-dsp", test_channel_dsp);
  g_test_add_func ("/engine/correlation", test_correlation);
  g_test_add_func ("/engine/master-chain", test_master_chain);
  g_test_add_func ("/engine/afl-pfl-direct", test_afl_pfl_direct);
  g_test_add_func ("/engine/rest-path", test_rest_path);
  g_test_add_func ("/engine/pre-rest-path", test_pre_rest_path);
  g_test_add_func ("/engine/pre-rest-few-nan", test_pre_rest_few_nan);
  g_test_add_func ("/engine/pre-rest-few-wrap", test_pre_rest_few_wrap);
  g_test_add_func ("/engine/pre-rest-line", test_pre_rest_line);
  g_test_add_func ("/engine/batch-plan", test_batch_plan);
  g_test_add_func ("/engine/pair-sends", test_pair_sends);
  return g_test_run ();
}
