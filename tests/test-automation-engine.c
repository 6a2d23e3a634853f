/* test-automation-engine.c: automation playback in the engine against the
 * analytic lane.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-test-util.h"
#include "md-lanes.h"

#define N 96000

/* a fader lane -40 dB at frame 0 -> 0 dB at frame 48000, flat after */
static MdLaneSet *
fader_lanes (unsigned strip_id)
{
  MdLaneSet *set = md_lane_set_new (1, 2);
  uint64_t *f;
  float *v;
  set->lanes[0].scope = MD_SCOPE_STRIP;
  set->lanes[0].id = strip_id;
  set->lanes[0].slot = MD_SP_FADER;
  set->lanes[0].playing = true;
  md_lane_set_points (set, 0, 2, &f, &v);
  f[0] = 0;
  v[0] = -40.0f;
  f[1] = 48000;
  v[1] = 0.0f;
  return set;
}

static double
lane_db (uint64_t f)
{
  return f >= 48000 ? 0.0 : -40.0 + 40.0 * (double) f / 48000.0;
}

static float *
render (uint32_t block, MdLaneSet *set, bool rolling)
{
  MdEngine *e = mdt_engine (1, 0, 1024);
  float *in = g_new (float, N), *out[2] = { g_new0 (float, N), g_new0 (float, N) };
  md_engine_set (e, MD_SCOPE_SESSION, 0, MD_XP_PANLAW, MD_PANLAW_0DB);
  md_engine_set_lanes (e, set);
  for (uint32_t i = 0; i < N; i++)
    in[i] = 1.0f;
  for (uint32_t off = 0; off < N; off += block)
    {
      uint32_t k = MIN (block, N - off);
      const float *ip[1] = { in + off };
      float *op[2] = { out[0] + off, out[1] + off };
      md_engine_set_transport (e, rolling, rolling ? off : 24000);
      md_engine_process (e, ip, 1, op, 2, k);
      md_engine_collect (e);
    }
  md_engine_free (e);
  g_free (in);
  g_free (out[1]);
  return out[0];
}

/* The lane plays sample-accurately: exact at every grid point, within
 * 0.001 dB of the analytic dB-linear lane between them; the same for any
 * block size. */
static void
test_fader_lane (void)
{
  const uint32_t blocks[] = { 256, 1, 17, 64, 4096 };
  float *ref = NULL;
  for (unsigned k = 0; k < G_N_ELEMENTS (blocks); k++)
    {
      float *out = render (blocks[k], fader_lanes (0), true);
      if (k == 0)
        {
          ref = out;
          for (uint32_t i = 1; i < N; i++)
            {
              double want = lane_db (i);
              /* the last frame of every grid piece is exact (float) */
              if (i % MD_AUTO_GRID == MD_AUTO_GRID - 1 || i >= 48000)
                g_assert_cmpfloat_with_epsilon (out[i], pow (10, want / 20), 2e-6 * pow (10, want / 20));
              g_assert_cmpfloat_with_epsilon (mdt_db (out[i]), want, 0.001);
            }
        }
      else
        {
          g_assert_cmpmem (out, N * sizeof (float), ref, N * sizeof (float));
          g_free (out);
        }
    }
  g_free (ref);
}

/* With the transport stopped at 0.5 s the control shows the lane's value
 * there (-20 dB), as after a locate, and holds it. */
static void
test_stopped (void)
{
  float *out = render (256, fader_lanes (0), false);
  for (uint32_t i = 0; i < N; i += 997)
    g_assert_cmpfloat_with_epsilon (mdt_db (out[i]), -20.0, 1e-4);
  g_free (out);
}

/* A discrete (mute) lane switches at its points exactly, through the mute ramp. */
static void
test_discrete_lane (void)
{
  MdLaneSet *set = md_lane_set_new (1, 3);
  uint64_t *f;
  float *v;
  float *out;
  uint32_t ramp = (uint32_t) (MDT_RATE * MD_RAMP_MS / 1000.0);
  set->lanes[0].scope = MD_SCOPE_STRIP;
  set->lanes[0].slot = MD_SP_MUTE;
  set->lanes[0].discrete = true;
  set->lanes[0].playing = true;
  md_lane_set_points (set, 0, 3, &f, &v);
  f[0] = 0, v[0] = 0;
  f[1] = 10007, v[1] = 1;
  f[2] = 30011, v[2] = 0;
  out = render (100, set, true);
  g_assert_cmpfloat (out[10006], ==, 1.0f);
  g_assert_cmpfloat (out[10007], <, 1.0f);
  g_assert_cmpfloat (out[10007 + ramp], ==, 0.0f);
  g_assert_cmpfloat (out[30010], ==, 0.0f);
  g_assert_cmpfloat (out[30011], >, 0.0f);
  g_assert_cmpfloat (out[30011 + ramp], ==, 1.0f);
  g_free (out);
}

/* A lane that is not playing leaves the control alone; switched on with a
 * glide it moves to the lane smoothly; lane sets swap while running. */
static void
test_play_and_glide (void)
{
  MdEngine *e = mdt_engine (1, 0, 256);
  MdtBuf *b = mdt_buf_new (1, 2, 4800);
  MdLaneSet *set = fader_lanes (0);
  uint64_t frame = 0;
  double max_step = 0;
  set->lanes[0].playing = false;
  md_engine_set (e, MD_SCOPE_SESSION, 0, MD_XP_PANLAW, MD_PANLAW_0DB);
  md_engine_set_lanes (e, set);
  mdt_fill (b->in[0], b->n, 1.0f);
  for (int k = 0; k < 4; k++, frame += b->n)
    {
      md_engine_set_transport (e, true, frame);
      mdt_run (e, b, b->n);
    }
  g_assert_cmpfloat (b->out[0][b->n - 1], ==, 1.0f);     /* user value: 0 dB */
  /* at frame 19200 the lane is at -24 dB; glide there over 4800 frames */
  g_assert_cmpint (md_engine_lane_play (e, 0, true, 4800), ==, MD_ENGINE_OK);
  md_engine_set_transport (e, true, frame);
  mdt_run (e, b, b->n);
  frame += b->n;
  for (uint32_t i = 1; i < b->n; i++)
    max_step = MAX (max_step, fabs (b->out[0][i] - b->out[0][i - 1]));
  g_assert_cmpfloat (b->out[0][0], >, 0.9);
  g_assert_cmpfloat (max_step, <, 0.01);                  /* no jump */
  md_engine_set_transport (e, true, frame);
  mdt_run (e, b, b->n);
  frame += b->n;
  g_assert_cmpfloat_with_epsilon (mdt_db (b->out[0][b->n - 1]), lane_db (frame - 1), 0.01);
  /* swap in a new set (the old one is handed back and freed) */
  for (int k = 0; k < 50; k++)
    {
      g_assert_cmpint (md_engine_set_lanes (e, fader_lanes (0)), ==, MD_ENGINE_OK);
      md_engine_set_transport (e, true, frame);
      mdt_run (e, b, 64);
    }
  md_engine_set_lanes (e, NULL);
  mdt_run (e, b, 64);
  mdt_buf_free (b);
  md_engine_free (e);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/automation/engine/fader-lane", test_fader_lane);
  g_test_add_func ("/automation/engine/stopped", test_stopped);
  g_test_add_func ("/automation/engine/discrete-lane", test_discrete_lane);
  g_test_add_func ("/automation/engine/play-and-glide", test_play_and_glide);
  return g_test_run ();
}
