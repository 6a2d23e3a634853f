/* test-graph-stress.c: two threads — an RT thread processing without a
 * pause while the main thread adds, removes and reorders strips, changes
 * parameters and collects handed-back plans. Built twice by `make check`:
 * plain, and with ThreadSanitizer (test-graph-stress-tsan), which fails
 * the run on any data race.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "md-engine.h"

#define N_IN 16
#define BLOCK 64

static MdEngine *engine;
static atomic_bool stop;
static atomic_ulong cycles;
static atomic_bool bad_output;

static void *
rt_thread (void *arg)
{
  static float inbuf[N_IN][BLOCK], outbuf[2][BLOCK];
  const float *in[N_IN];
  float *out[2] = { outbuf[0], outbuf[1] };
  (void) arg;
  md_engine_thread_init ();
  for (unsigned c = 0; c < N_IN; c++)
    {
      for (unsigned i = 0; i < BLOCK; i++)
        inbuf[c][i] = (float) sin (0.01 * (i + 1) * (c + 1)) * 0.1f;
      in[c] = inbuf[c];
    }
  while (!atomic_load (&stop))
    {
      md_engine_process (engine, in, N_IN, out, 2, BLOCK);
      for (unsigned i = 0; i < BLOCK; i++)
        if (!isfinite (outbuf[0][i]) || !isfinite (outbuf[1][i]))
          atomic_store (&bad_output, true);
      atomic_fetch_add (&cycles, 1);
    }
  return NULL;
}

static void
test_stress (void)
{
  pthread_t t;
  MdTopology *topo = g_new0 (MdTopology, 1);
  GRand *r = g_rand_new_with_seed (1234);
  unsigned commits = 0, busy = 0;
  unsigned iterations = g_test_slow () ? 200000 : 20000;
  MdEngineStats st;

  engine = md_engine_new (48000.0, 256);
  g_assert_nonnull (engine);
  atomic_store (&stop, false);
  g_assert_cmpint (pthread_create (&t, NULL, rt_thread, NULL), ==, 0);

  for (unsigned it = 0; it < iterations; it++)
    {
      int op = g_rand_int_range (r, 0, 10);
      if (op == 0 && topo->n_strips < 64)
        {
          /* add a strip at a random place */
          unsigned id = 0, pos;
          bool stereo = g_rand_boolean (r);
          while (id < MD_MAX_STRIPS && md_engine_strip_create (engine, id, stereo) != MD_ENGINE_OK)
            id++;
          if (id == MD_MAX_STRIPS)
            continue;
          md_engine_strip_preset (engine, id, MD_SP_FADER, -6.0f);
          pos = (unsigned) g_rand_int_range (r, 0, (gint32) topo->n_strips + 1);
          memmove (&topo->strips[pos + 1], &topo->strips[pos], (topo->n_strips - pos) * sizeof topo->strips[0]);
          topo->strips[pos].id = id;
          topo->strips[pos].in_ch[0] = id % N_IN;
          topo->strips[pos].in_ch[1] = (id + 1) % N_IN;
          topo->n_strips++;
        }
      else if (op == 1 && topo->n_strips > 0)
        {
          unsigned pos = (unsigned) g_rand_int_range (r, 0, (gint32) topo->n_strips);
          memmove (&topo->strips[pos], &topo->strips[pos + 1], (topo->n_strips - pos - 1) * sizeof topo->strips[0]);
          topo->n_strips--;
        }
      else if (op == 2 && topo->n_strips > 1)
        {
          unsigned a = (unsigned) g_rand_int_range (r, 0, (gint32) topo->n_strips);
          unsigned b = (unsigned) g_rand_int_range (r, 0, (gint32) topo->n_strips);
          MdTopoStrip tmp = topo->strips[a];
          topo->strips[a] = topo->strips[b];
          topo->strips[b] = tmp;
        }
      else if (op == 3)
        topo->n_buses = (unsigned) g_rand_int_range (r, 0, 5);
      else
        {
          if (topo->n_strips > 0)
            md_engine_set (engine, MD_SCOPE_STRIP,
                           topo->strips[g_rand_int_range (r, 0, (gint32) topo->n_strips)].id,
                           (unsigned) g_rand_int_range (r, 0, MD_SP_COUNT),
                           (float) g_rand_double_range (r, 0, 1));
          md_engine_set (engine, MD_SCOPE_DCA, 1, MD_DP_FADER, (float) g_rand_double_range (r, -20, 0));
          md_engine_collect (engine);
          continue;
        }
      if (md_engine_commit (engine, topo) == MD_ENGINE_OK)
        commits++;
      else
        busy++;
      md_engine_collect (engine);
      if (it % 64 == 0)
        g_thread_yield ();
    }

  /* let the RT side catch up, then stop it */
  for (int k = 0; k < 2000 && !md_engine_idle (engine); k++)
    g_usleep (1000);
  g_assert_true (md_engine_idle (engine));
  atomic_store (&stop, true);
  pthread_join (t, NULL);
  md_engine_collect (engine);

  md_engine_get_stats (engine, &st);
  g_assert_false (atomic_load (&bad_output));
  g_assert_cmpuint (atomic_load (&cycles), >, 0);
  /* every commit was swapped in (the follow-up commits for faded strips too) */
  g_assert_cmpuint (st.plans_swapped, >=, commits);
  g_test_message ("%u commits, %u busy, %lu cycles, %" G_GUINT64_FORMAT " swaps",
                  commits, busy, (unsigned long) atomic_load (&cycles), st.plans_swapped);
  md_engine_free (engine);
  g_rand_free (r);
  g_free (topo);
}

/* The first cycle against the main thread's values before it: the RT
 * thread starts while the main thread is still setting strip, bus,
 * master and DCA values and installing lanes, many times over (a fresh
 * engine each round). Before the start handshake (run_gate) a set that
 * had just seen "not started" wrote a strip's parameters while the first
 * cycle read them: ThreadSanitizer reported it in test-graph-stress-tsan. */
static void
test_start_race (void)
{
  unsigned rounds = g_test_slow () ? 2000 : 200;

  for (unsigned round = 0; round < rounds; round++)
    {
      pthread_t t;
      MdTopology *topo = g_new0 (MdTopology, 1);

      engine = md_engine_new (48000.0, 256);
      g_assert_nonnull (engine);
      for (unsigned id = 0; id < 4; id++)
        {
          g_assert_cmpint (md_engine_strip_create (engine, id, id % 2 == 1), ==, MD_ENGINE_OK);
          topo->strips[id].id = id;
          topo->strips[id].in_ch[0] = id;
          topo->strips[id].in_ch[1] = id + 1;
        }
      topo->n_strips = 4;
      topo->n_buses = 2;
      g_assert_cmpint (md_engine_commit (engine, topo), ==, MD_ENGINE_OK);
      atomic_store (&stop, false);
      atomic_store (&cycles, 0);
      g_assert_cmpint (pthread_create (&t, NULL, rt_thread, NULL), ==, 0);
      for (unsigned k = 0; k < 64; k++)
        {
          MdEngineStatus st;
          st = md_engine_set (engine, MD_SCOPE_STRIP, k % 4, MD_SP_FADER, -6.0f - (float) (k % 7));
          g_assert_true (st == MD_ENGINE_OK || st == MD_ENGINE_EBUSY);
          st = md_engine_set (engine, MD_SCOPE_BUS, 1 + k % 2, MD_BP_FADER, -3.0f);
          g_assert_true (st == MD_ENGINE_OK || st == MD_ENGINE_EBUSY);
          st = md_engine_set (engine, MD_SCOPE_MASTER, 0, MD_MP_FADER, -1.0f);
          g_assert_true (st == MD_ENGINE_OK || st == MD_ENGINE_EBUSY);
          st = md_engine_set (engine, MD_SCOPE_DCA, 1, MD_DP_FADER, -2.0f);
          g_assert_true (st == MD_ENGINE_OK || st == MD_ENGINE_EBUSY);
        }
      /* a few cycles after the sets, then stop */
      for (int k = 0; k < 5000 && atomic_load (&cycles) < 4; k++)
        g_usleep (100);
      atomic_store (&stop, true);
      pthread_join (t, NULL);
      g_assert_cmpuint (atomic_load (&cycles), >=, 4);
      g_assert_false (atomic_load (&bad_output));
      md_engine_collect (engine);
      md_engine_free (engine);
      engine = NULL;
      g_free (topo);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/graph/stress", test_stress);
  g_test_add_func ("/graph/start-race", test_start_race);
  return g_test_run ();
}
