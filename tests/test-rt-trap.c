/* test-rt-trap.c: the whole process path, with every engine feature
 * switched on and parameters and structure changing, runs while the
 * allocator, mutexes and write(2) are trapped: any call fails the test.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trap interposes the libc symbols in this executable; a thread-local
 * flag arms it only around md_engine_process(), so GLib and the main-thread
 * parts of the engine may allocate as usual.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <glib.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "md-test-util.h"
#include "md-lanes.h"

extern void *__libc_malloc (size_t);
extern void *__libc_calloc (size_t, size_t);
extern void *__libc_realloc (void *, size_t);
extern void __libc_free (void *);
extern void *__libc_memalign (size_t, size_t);

static _Thread_local int armed;
static atomic_int violations;
static int (*real_mutex_lock) (pthread_mutex_t *);
static int (*real_mutex_trylock) (pthread_mutex_t *);
static ssize_t (*real_write) (int, const void *, size_t);

static inline void
trap (void)
{
  if (armed)
    atomic_fetch_add (&violations, 1);
}

void *
malloc (size_t n)
{
  trap ();
  return __libc_malloc (n);
}

void *
calloc (size_t a, size_t b)
{
  trap ();
  return __libc_calloc (a, b);
}

void *
realloc (void *p, size_t n)
{
  trap ();
  return __libc_realloc (p, n);
}

void
free (void *p)
{
  trap ();
  __libc_free (p);
}

int
posix_memalign (void **out, size_t align, size_t n)
{
  void *p;
  trap ();
  p = __libc_memalign (align, n);
  if (p == NULL)
    return ENOMEM;
  *out = p;
  return 0;
}

void *
aligned_alloc (size_t align, size_t n)
{
  trap ();
  return __libc_memalign (align, n);
}

void *
memalign (size_t align, size_t n)
{
  trap ();
  return __libc_memalign (align, n);
}

int
pthread_mutex_lock (pthread_mutex_t *m)
{
  trap ();
  return real_mutex_lock (m);
}

int
pthread_mutex_trylock (pthread_mutex_t *m)
{
  trap ();
  return real_mutex_trylock (m);
}

ssize_t
write (int fd, const void *buf, size_t n)
{
  trap ();
  return real_write (fd, buf, n);
}

__attribute__ ((constructor)) static void
resolve (void)
{
  real_mutex_lock = (int (*) (pthread_mutex_t *)) dlsym (RTLD_NEXT, "pthread_mutex_lock");
  real_mutex_trylock = (int (*) (pthread_mutex_t *)) dlsym (RTLD_NEXT, "pthread_mutex_trylock");
  real_write = (ssize_t (*) (int, const void *, size_t)) dlsym (RTLD_NEXT, "write");
}

static void
process_armed (MdEngine *e, const float *const *in, unsigned n_in, float *const *out,
               unsigned n_out, uint32_t n)
{
  armed = 1;
  md_engine_process (e, in, n_in, out, n_out, n);
  armed = 0;
}

/* The trap itself works: a call while armed is counted. */
static void
test_trap_works (void)
{
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  void *volatile p;
  atomic_store (&violations, 0);
  armed = 1;
  p = malloc (16);
  free (p);
  pthread_mutex_lock (&m);
  pthread_mutex_unlock (&m);
  armed = 0;
  g_assert_cmpint (atomic_load (&violations), ==, 3);
  atomic_store (&violations, 0);
}

#define N_IN 24
#define N_OUT (MD_OUT_BUS_BASE + 2 * 4)

static void
test_process_path (void)
{
  MdEngine *e = md_engine_new (48000.0, 256);
  MdTopology *t = g_new0 (MdTopology, 1);
  float *in[N_IN], *out[N_OUT];
  GRand *r = g_rand_new_with_seed (7);
  unsigned next_id = 0;
  uint64_t transport_frame = 0;

  for (unsigned c = 0; c < N_IN; c++)
    in[c] = g_new0 (float, 1024);
  for (unsigned c = 0; c < N_OUT; c++)
    out[c] = g_new0 (float, 1024);

  /* 8 mono + 4 stereo strips, 4 buses */
  for (unsigned i = 0; i < 12; i++)
    {
      bool stereo = i >= 8;
      g_assert_cmpint (md_engine_strip_create (e, next_id, stereo), ==, MD_ENGINE_OK);
      t->strips[i].id = next_id++;
      t->strips[i].in_ch[0] = i < 8 ? i : 8 + 2 * (i - 8);
      t->strips[i].in_ch[1] = i < 8 ? i : 9 + 2 * (i - 8);
    }
  t->n_strips = 12;
  t->n_buses = 4;
  g_assert_cmpint (md_engine_commit (e, t), ==, MD_ENGINE_OK);

  atomic_store (&violations, 0);
  for (unsigned cycle = 0; cycle < 3000; cycle++)
    {
      uint32_t n = (uint32_t) g_rand_int_range (r, 1, 1024);
      MdMeterValue mv;
      MdStripMeters sm;

      for (unsigned c = 0; c < N_IN; c++)
        for (uint32_t i = 0; i < n; i++)
          in[c][i] = (float) g_rand_double_range (r, -1, 1);
      if (cycle % 97 == 5)
        in[cycle % N_IN][n / 2] = NAN;           /* non-finite input */
      if (cycle % 89 == 3)
        in[(cycle + 1) % N_IN][0] = 1e-40f;      /* denormal input */

      /* every parameter family changes */
      for (unsigned k = 0; k < 20; k++)
        {
          unsigned si = (unsigned) g_rand_int_range (r, 0, (gint32) t->n_strips);
          unsigned slot = (unsigned) g_rand_int_range (r, 0, MD_SP_COUNT);
          const MdParamInfo *info = md_params_find_slot (MD_SCOPE_STRIP, slot);
          double v = g_rand_double_range (r, info->min, info->max);
          md_engine_set (e, MD_SCOPE_STRIP, t->strips[si].id, slot, (float) md_param_clamp (info, v));
        }
      md_engine_set (e, MD_SCOPE_BUS, (unsigned) g_rand_int_range (r, 1, 5),
                     (unsigned) g_rand_int_range (r, 0, MD_BP_COUNT), (float) g_rand_double_range (r, -1, 1));
      md_engine_set (e, MD_SCOPE_DCA, (unsigned) g_rand_int_range (r, 1, MD_MAX_DCAS + 1),
                     MD_DP_FADER, (float) g_rand_double_range (r, -90, 10));
      md_engine_set (e, MD_SCOPE_MGRP, (unsigned) g_rand_int_range (r, 1, MD_MAX_MGRPS + 1),
                     MD_GP_MUTE, (float) g_rand_int_range (r, 0, 2));
      md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_FADER, (float) g_rand_double_range (r, -20, 0));
      /* the master chain: EQ, multiband, width, limiter in and out */
      for (unsigned k = 0; k < 4; k++)
        {
          unsigned slot = (unsigned) g_rand_int_range (r, 0, MD_MP_COUNT);
          const MdParamInfo *info = md_params_find_slot (MD_SCOPE_MASTER, slot);
          if (info && slot != MD_MP_FADER && slot != MD_MP_MUTE)
            md_engine_set (e, MD_SCOPE_MASTER, 0, slot,
                           (float) md_param_clamp (info, g_rand_double_range (r, info->min, info->max)));
        }
      if (cycle % 60 == 0)
        md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_LIM_ON, (float) ((cycle / 60) % 2));
      if (cycle == 0)
        {
          md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_MB_ON, 1);
          md_engine_set (e, MD_SCOPE_MASTER, 0, MD_MP_DSP + MD_DSP_EQ_ON, 1);
        }
      md_engine_set (e, MD_SCOPE_SESSION, 0, MD_XP_PANLAW, (float) g_rand_int_range (r, 0, 4));

      /* structure changes: swap order, remove one, add one */
      if (cycle % 50 == 10)
        {
          unsigned a = (unsigned) g_rand_int_range (r, 0, (gint32) t->n_strips);
          unsigned b = (unsigned) g_rand_int_range (r, 0, (gint32) t->n_strips);
          MdTopoStrip tmp = t->strips[a];
          t->strips[a] = t->strips[b];
          t->strips[b] = tmp;
          md_engine_commit (e, t);
        }
      if (cycle % 50 == 30 && t->n_strips > 4)
        {
          unsigned a = (unsigned) g_rand_int_range (r, 0, (gint32) t->n_strips);
          memmove (&t->strips[a], &t->strips[a + 1], (t->n_strips - a - 1) * sizeof t->strips[0]);
          t->n_strips--;
          md_engine_commit (e, t);
        }
      if (cycle % 50 == 40 && t->n_strips < 20)
        {
          unsigned id = 0;
          while (md_engine_strip_create (e, id, cycle % 100 == 40) != MD_ENGINE_OK)
            id++;
          md_engine_strip_preset (e, id, MD_SP_FADER, -6);
          t->strips[t->n_strips].id = id;
          t->strips[t->n_strips].in_ch[0] = id % N_IN;
          t->strips[t->n_strips].in_ch[1] = (id + 1) % N_IN;
          t->n_strips++;
          md_engine_commit (e, t);
        }

      /* automation: new lane sets, lanes switched, the transport rolling
       * and jumping */
      if (cycle % 40 == 7)
        {
          MdLaneSet *set = md_lane_set_new (4, 12);
          for (unsigned l = 0; l < 4; l++)
            {
              uint64_t *fr;
              float *va;
              unsigned slot = l == 0 ? MD_SP_FADER : l == 1 ? MD_SP_MUTE : l == 2 ? MD_SP_SEND_LEVEL
                                                                          : MD_SP_DSP + MD_DSP_EQ_GAIN;
              const MdParamInfo *info = md_params_find_slot (MD_SCOPE_STRIP, slot);
              set->lanes[l].scope = MD_SCOPE_STRIP;
              set->lanes[l].id = t->strips[l % t->n_strips].id;
              set->lanes[l].slot = (uint16_t) slot;
              set->lanes[l].discrete = info->kind != MD_KIND_FLOAT;
              set->lanes[l].playing = l != 3;
              md_lane_set_points (set, l, 3, &fr, &va);
              for (unsigned k = 0; k < 3; k++)
                {
                  fr[k] = (uint64_t) k * 20000 + (uint64_t) g_rand_int_range (r, 0, 5000);
                  va[k] = (float) md_param_clamp (info, g_rand_double_range (r, info->min, info->max));
                }
            }
          md_engine_set_lanes (e, set);
        }
      if (cycle % 25 == 3)
        md_engine_lane_play (e, (unsigned) g_rand_int_range (r, 0, 4), g_rand_boolean (r), 2400);
      if (cycle % 300 == 299)
        md_engine_set_lanes (e, NULL);
      transport_frame = cycle % 200 == 100 ? (uint64_t) g_rand_int_range (r, 0, 60000) : transport_frame + n;
      armed = 1;
      md_engine_set_transport (e, cycle % 150 < 120, transport_frame);
      armed = 0;

      process_armed (e, (const float *const *) in, N_IN, out, N_OUT, n);

      for (unsigned c = 0; c < N_OUT; c++)
        for (uint32_t i = 0; i < n; i++)
          g_assert_true (isfinite (out[c][i]));
      md_engine_collect (e);
      /* every meter window is read, so each one's window change runs
       * inside a trapped process call */
      md_engine_read_master (e, &mv);
      for (unsigned i = 0; i < t->n_strips; i++)
        md_engine_read_strip (e, t->strips[i].id, &sm);
      for (unsigned b = 1; b <= t->n_buses; b++)
        {
          md_engine_read_bus (e, b, &mv);
          (void) md_engine_read_bus_gr (e, b);
        }
      for (unsigned b = 0; b <= 3; b++)
        (void) md_engine_read_master_gr (e, b);
      {
        float corr, sm_db;
        md_engine_read_master_phase (e, &corr, &sm_db);
      }
    }
  g_assert_cmpint (atomic_load (&violations), ==, 0);
  {
    MdEngineStats st;
    md_engine_get_stats (e, &st);
    g_assert_cmpuint (st.plans_swapped, >, 100);
    g_assert_cmpuint (st.nonfinite_blocks, >, 0);
  }

  g_rand_free (r);
  for (unsigned c = 0; c < N_IN; c++)
    g_free (in[c]);
  for (unsigned c = 0; c < N_OUT; c++)
    g_free (out[c]);
  g_free (t);
  md_engine_free (e);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rt-trap/trap-works", test_trap_works);
  g_test_add_func ("/rt-trap/process-path", test_process_path);
  return g_test_run ();
}
