/* md-bench.c: `mixdesk bench`, engine throughput.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For 8, 64 and 256 mono strips (fader, pan, two sends to two buses, routed
 * to the master) at blocks of 64 and 256 frames, times md_engine_process
 * with CLOCK_MONOTONIC and prints the cost per channel-sample and how many
 * such strips one core could run at 48 kHz.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n.h>

#include "md-app.h"
#include "md-engine.h"
#include "session/md-session.h"

#define BENCH_RATE 48000.0

static double
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* every processor of the strip on, with settings a mix would use */
static const struct { const char *key; double value; } full_strip[] = {
  { "hpf/on", 1 }, { "hpf/freq", 90 }, { "hpf/slope", 1 },
  { "lpf/on", 1 }, { "lpf/freq", 16000 },
  { "eq/on", 1 }, { "eq/1/gain", 3 }, { "eq/2/gain", -4 }, { "eq/2/q", 1.4 },
  { "eq/3/gain", 2.5 }, { "eq/3/q", 0.8 }, { "eq/4/gain", 2 },
  { "gate/on", 1 }, { "gate/threshold", -60 }, { "gate/range", 20 },
  { "comp/on", 1 }, { "comp/threshold", -24 }, { "comp/ratio", 4 }, { "comp/knee", 6 },
  { "comp/makeup", 4 }, { "comp/sc/on", 1 },
};

static gboolean
setup (MdSession  *session,
       guint       n_strips,
       gboolean    full,
       GError    **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);

  if (!md_session_set_n_buses (session, 2, error))
    return FALSE;
  for (guint s = 1; s <= n_strips; s++)
    {
      char path[64];

      if (md_session_add_strip (session, NULL, FALSE, NULL, error) == 0)
        return FALSE;
      g_snprintf (path, sizeof path, "/strip/%u/fader", s);
      if (!md_session_set (session, path, -3.0 - s % 7, TRUE, error))
        return FALSE;
      g_snprintf (path, sizeof path, "/strip/%u/pan", s);
      if (!md_session_set (session, path, g_rand_double_range (rand, -1, 1), TRUE, error))
        return FALSE;
      for (guint b = 1; b <= 2; b++)
        {
          g_snprintf (path, sizeof path, "/strip/%u/send/%u/level", s, b);
          if (!md_session_set (session, path, -10.0 - b, TRUE, error))
            return FALSE;
        }
      for (guint k = 0; full && k < G_N_ELEMENTS (full_strip); k++)
        {
          g_snprintf (path, sizeof path, "/strip/%u/%s", s, full_strip[k].key);
          if (!md_session_set (session, path, full_strip[k].value, TRUE, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Returns ns per channel-sample, or a negative value on error. */
static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double
run_one (guint      n_strips,
         guint      block,
         gboolean   full,
         double     min_seconds,
         double    *p99_ratio,
         GError   **error)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(MdSession) session = md_session_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  g_autofree float *in_buf = g_new (float, (gsize)n_strips * block);
  g_autofree float *out_buf = g_new0 (float, (gsize)2 * block);
  g_autofree float **in = g_new (float *, n_strips);
  float *out[2] = { out_buf, out_buf + block };
  MdEngine *engine;
  double start, elapsed;
  guint64 blocks = 0;

  for (gsize i = 0; i < (gsize)n_strips * block; i++)
    in_buf[i] = (float)g_rand_double_range (rand, -0.5, 0.5);
  for (guint s = 0; s < n_strips; s++)
    in[s] = in_buf + (gsize)s * block;

  engine = md_engine_new (BENCH_RATE, block);
  if (engine == NULL)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_ENGINE, _("cannot create the engine"));
      return -1;
    }
  /* Build the session first: attaching presets every strip and commits
   * the topology once. */
  if (!setup (session, n_strips, full, error) || !md_session_attach_engine (session, engine, error))
    {
      md_session_detach_engine (session);
      md_engine_free (engine);
      return -1;
    }

  md_engine_thread_init ();
  /* Warm up: apply the plan and let every ramp settle. */
  for (guint i = 0; i < (guint)(BENCH_RATE / block) / 10 + 4; i++)
    md_engine_process (engine, (const float *const *)in, n_strips, out, 2, block);
  md_engine_collect (engine);

  start = now_ns ();
  do
    {
      for (guint i = 0; i < 64; i++)
        {
          double t0 = now_ns (), dt;
          md_engine_process (engine, (const float *const *)in, n_strips, out, 2, block);
          dt = now_ns () - t0;
          g_array_append_val (times, dt);
        }
      blocks += 64;
      elapsed = now_ns () - start;
    }
  while (elapsed < min_seconds * 1e9);
  /* the worst blocks: p99 against the mean */
  g_array_sort (times, cmp_double);
  {
    double sum = 0;
    for (guint i = 0; i < times->len; i++)
      sum += g_array_index (times, double, i);
    *p99_ratio = g_array_index (times, double, (guint)(times->len * 0.99)) / (sum / times->len);
  }

  md_session_detach_engine (session);
  md_engine_free (engine);
  return elapsed / ((double)blocks * block * n_strips);
}

int
md_bench_cmd (int    argc,
              char **argv)
{
  static const guint strip_counts[] = { 8, 64, 256 };
  static const guint blocks[] = { 64, 256 };
  double seconds = 0.3;

  if (argc > 1)
    {
      if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
        {
          g_print ("%s\n", _("Usage: mixdesk bench [--quick]\n"
                             "Measure the engine's cost per channel-sample and how many "
                             "mono strips (fader, pan, two sends) one core runs at 48 kHz."));
          return 0;
        }
      if (strcmp (argv[1], "--quick") != 0 || argc > 2)
        {
          md_app_error ("bench", _("unexpected argument “%s”"), argv[1]);
          return 2;
        }
      seconds = 0.03;
    }

  for (int full = 0; full < 2; full++)
    {
      g_print ("\n%s\n", full
               ? _("Full strip: HPF 24 dB/oct, LPF, 4-band EQ, gate, compressor with key filter, "
                   "fader, pan, 2 sends to 2 buses, meters; 48 kHz, one thread")
               : _("Mixing only: mono strips with fader, pan, 2 sends to 2 buses, routed to the "
                   "master, meters; 48 kHz, one thread"));
      g_print ("%8s %8s %14s %16s %12s %10s\n", _("strips"), _("block"), _("ns/ch-sample"),
               _("strips/core"), _("DSP load"), _("p99/mean"));
      for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
        for (guint s = 0; s < G_N_ELEMENTS (strip_counts); s++)
          {
            g_autoptr(GError) error = NULL;
            double p99 = 0;
            double ns = run_one (strip_counts[s], blocks[b], full, seconds, &p99, &error);
            double per_core, load;

            if (ns < 0)
              {
                md_app_error ("bench", "%s", error->message);
                return 1;
              }
            /* One core has 1e9 / 48000 ns per sample period. */
            per_core = 1e9 / BENCH_RATE / ns;
            load = 100.0 * strip_counts[s] / per_core;
            g_print ("%8u %8u %14.2f %16.0f %11.1f%% %10.2f\n",
                     strip_counts[s], blocks[b], ns, per_core, load, p99);
          }
    }
  return 0;
}
