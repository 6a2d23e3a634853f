/* test-meter-win.c: meter windows between one RT writer and one reader
 * (md-meter-win.h): what a read returns, reset by reading, late blocks,
 * and a two-thread stress test (no block lost or counted twice, no peak
 * missed, no torn snapshot).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "md-meter-win.h"

static uint32_t
bits (float f)
{
  uint32_t u;
  memcpy (&u, &f, sizeof u);
  return u;
}

static void
publish (MdMeterWin *w, float a, float b, double s0, double s1, uint32_t n)
{
  uint32_t mx[MD_METER_WIN_MAXES] = { bits (a), bits (b) };
  double sm[MD_METER_WIN_SUMS] = { s0, s1 };

  md_meter_win_publish (w, mx, MD_METER_WIN_MAXES, sm, MD_METER_WIN_SUMS, n);
}

/* A read returns the maxima, sums and frames since the last read; a read
 * with nothing new returns zeros; reading resets (a smaller peak after a
 * larger one is reported as itself). */
static void
test_basic (void)
{
  MdMeterWin w;
  MdMeterWinRead r;

  md_meter_win_init (&w);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 0);
  g_assert_cmpfloat (r.max[0], ==, 0.0f);

  publish (&w, 0.5f, 0.25f, 1.0, 2.0, 64);
  publish (&w, 0.75f, 0.125f, 3.0, 4.0, 32);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 96);
  g_assert_cmpfloat (r.max[0], ==, 0.75f);
  g_assert_cmpfloat (r.max[1], ==, 0.25f);
  g_assert_cmpfloat (r.sum[0], ==, 4.0);
  g_assert_cmpfloat (r.sum[1], ==, 6.0);

  /* nothing published: nothing new */
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 0);
  g_assert_cmpfloat (r.max[0], ==, 0.0f);
  g_assert_cmpfloat (r.sum[0], ==, 0.0);

  /* a smaller peak after the read is reported as it is */
  publish (&w, 0.1f, 0.2f, 0.5, 0.25, 16);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 16);
  g_assert_cmpfloat (r.max[0], ==, 0.1f);
  g_assert_cmpfloat (r.max[1], ==, 0.2f);
  g_assert_cmpfloat (r.sum[0], ==, 0.5);
  g_assert_cmpfloat (r.sum[1], ==, 0.25);

  /* many reads and blocks alternating: each read is its block */
  for (int k = 0; k < 1000; k++)
    {
      float v = (float) ((k * 37) % 101) / 128.0f;

      publish (&w, v, 0.0f, k, 0.0, 1);
      md_meter_win_read (&w, &r);
      g_assert_cmpuint (r.n_frames, ==, 1);
      g_assert_cmpfloat (r.max[0], ==, v);
      g_assert_cmpfloat (r.sum[0], ==, (double) k);
    }

  /* NaN bits win over any finite peak, as the scans give them */
  publish (&w, NAN, 0.5f, 0.0, 0.0, 8);
  publish (&w, 0.9f, 0.5f, 0.0, 0.0, 8);
  md_meter_win_read (&w, &r);
  g_assert_true (isnan (r.max[0]));
}

/* A block the RT thread published after the reader's snapshot and before
 * it saw the request (simulated: the request is held back) stays in the
 * closed window; the next read returns it with the blocks after the cut,
 * sums and frames exactly, its peak included. */
static void
test_late_block (void)
{
  MdMeterWin w;
  MdMeterWinRead r;
  uint32_t req;

  md_meter_win_init (&w);
  publish (&w, 0.5f, 0.5f, 1.0, 1.0, 10);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 10);

  /* the request is not visible yet: the next block lands in the old window */
  req = atomic_load (&w.req);
  atomic_store (&w.req, req - 1);
  publish (&w, 0.875f, 0.25f, 2.0, 4.0, 20);
  /* one read in that state: the late block alone */
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 20);
  g_assert_cmpfloat (r.max[0], ==, 0.875f);
  g_assert_cmpfloat (r.max[1], ==, 0.25f);   /* the late block alone, not the earlier 0.5 */
  g_assert_cmpfloat (r.sum[0], ==, 2.0);
  g_assert_cmpfloat (r.sum[1], ==, 4.0);

  /* again, then the request arrives and the RT thread cuts */
  atomic_store (&w.req, req - 1);
  publish (&w, 0.625f, 0.25f, 8.0, 16.0, 30);
  atomic_store (&w.req, req);
  publish (&w, 0.125f, 0.0625f, 32.0, 64.0, 40);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 70);
  g_assert_cmpfloat (r.sum[0], ==, 40.0);
  g_assert_cmpfloat (r.sum[1], ==, 80.0);
  /* the late block's peak is not missed, and the peak the previous read
   * reported (0.875, in the same window) is not repeated */
  g_assert_cmpfloat (r.max[0], ==, 0.625f);
  g_assert_cmpfloat (r.max[1], ==, 0.25f);

  /* and back to normal: the next read is the next block exactly */
  publish (&w, 0.0625f, 0.03125f, 1.0, 1.0, 5);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, 5);
  g_assert_cmpfloat (r.max[0], ==, 0.0625f);
  g_assert_cmpfloat (r.max[1], ==, 0.03125f);

  /* more late blocks than the ring holds (a reader stalled inside a
   * read): the closed window's maxima, never less than the late peak */
  publish (&w, 0.75f, 0.75f, 1.0, 1.0, 1);
  md_meter_win_read (&w, &r);
  g_assert_cmpfloat (r.max[0], ==, 0.75f);
  req = atomic_load (&w.req);
  atomic_store (&w.req, req - 1);
  for (unsigned k = 0; k < MD_METER_WIN_RING + 3; k++)
    publish (&w, k == 2 ? 0.5f : 0.25f, 0.25f, 1.0, 1.0, 1);
  atomic_store (&w.req, req);
  publish (&w, 0.125f, 0.125f, 1.0, 1.0, 1);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, MD_METER_WIN_RING + 4);
  g_assert_cmpfloat (r.sum[0], ==, (double) (MD_METER_WIN_RING + 4));
  g_assert_cmpfloat (r.max[0], >=, 0.5f);

  /* as many late blocks as the ring holds: exact again */
  publish (&w, 0.0625f, 0.0625f, 1.0, 1.0, 1);
  md_meter_win_read (&w, &r);
  req = atomic_load (&w.req);
  atomic_store (&w.req, req - 1);
  for (unsigned k = 0; k < MD_METER_WIN_RING - 1; k++)
    publish (&w, k == 0 ? 0.375f : 0.25f, 0.25f, 1.0, 1.0, 1);
  atomic_store (&w.req, req);
  publish (&w, 0.125f, 0.125f, 1.0, 1.0, 1);
  md_meter_win_read (&w, &r);
  g_assert_cmpuint (r.n_frames, ==, MD_METER_WIN_RING);
  g_assert_cmpfloat (r.max[0], ==, 0.375f);
}

/* Two threads. Block k carries a peak v[k] (in both maxima), sums 1, 2
 * and k and one frame. Every read must be a run of whole consecutive
 * blocks, starting where the previous read ended (the sum of k proves
 * which ones), with both maxima equal (no torn snapshot), sums 1 and 2
 * per frame, and a peak at least the largest v in its run. */
#define STRESS_BLOCKS 400000u

typedef struct
{
  MdMeterWin w;
  float *v;
  atomic_bool done;
} Stress;

static gpointer
writer (gpointer data)
{
  Stress *st = data;
  GRand *rand = g_rand_new_with_seed (7);

  for (uint32_t k = 0; k < STRESS_BLOCKS; k++)
    {
      uint32_t mx[MD_METER_WIN_MAXES] = { 0 };
      double sm[MD_METER_WIN_SUMS] = { 1.0, 2.0, (double) k };

      st->v[k] = (float) g_rand_double (rand);
      mx[0] = mx[1] = bits (st->v[k]);
      md_meter_win_publish (&st->w, mx, MD_METER_WIN_MAXES, sm, MD_METER_WIN_SUMS, 1);
      if (k % 256 == 255)
        g_thread_yield ();
    }
  g_rand_free (rand);
  atomic_store (&st->done, true);
  return NULL;
}

static void
test_stress (void)
{
  Stress *st = g_new0 (Stress, 1);
  GThread *t;
  uint64_t seen = 0, reads = 0, repeats = 0;
  bool last = false;

  st->v = g_new0 (float, STRESS_BLOCKS);
  md_meter_win_init (&st->w);
  atomic_init (&st->done, false);
  t = g_thread_new ("writer", writer, st);
  while (!last)
    {
      MdMeterWinRead r;
      float want = 0.0f;
      double ksum;

      last = atomic_load (&st->done);   /* one more read after the writer ended */
      md_meter_win_read (&st->w, &r);
      reads++;
      if (r.n_frames == 0)
        {
          g_assert_cmpfloat (r.max[0], ==, 0.0f);
          continue;
        }
      g_assert_cmpuint (seen + r.n_frames, <=, STRESS_BLOCKS);
      g_assert_cmpfloat (r.max[0], ==, r.max[1]);
      g_assert_cmpfloat (r.sum[0], ==, (double) r.n_frames);
      g_assert_cmpfloat (r.sum[1], ==, 2.0 * (double) r.n_frames);
      /* blocks seen .. seen + n - 1: their indices add up to this */
      ksum = (double) r.n_frames * (double) seen + (double) r.n_frames * (double) (r.n_frames - 1) / 2;
      g_assert_cmpfloat (r.sum[2], ==, ksum);
      for (uint64_t k = seen; k < seen + r.n_frames; k++)
        want = st->v[k] > want ? st->v[k] : want;
      g_assert_cmpfloat (r.max[0], >=, want);
      if (r.max[0] > want)
        repeats++;
      seen += r.n_frames;
    }
  g_thread_join (t);
  g_assert_cmpuint (seen, ==, STRESS_BLOCKS);
  /* a repeated earlier peak needs a reader stalled for more than
   * MD_METER_WIN_RING blocks between its snapshot and its request */
  g_test_message ("%llu reads, %llu with a repeated earlier peak",
                  (unsigned long long) reads, (unsigned long long) repeats);
  g_free (st->v);
  g_free (st);
}

/* A publish of the first slots only (a mono strip: 4 maxima, 2 sums; a
 * stereo pair; a single maximum; sums only) adds exactly those and leaves
 * the others at 0, whatever the arrays hold after them. */
static void
test_prefix (void)
{
  static const unsigned counts[][2] = { { 4, 2 }, { 6, 4 }, { 2, 2 }, { 1, 0 }, { 0, 5 }, { 3, 1 } };

  for (unsigned t = 0; t < G_N_ELEMENTS (counts); t++)
    {
      unsigned nm = counts[t][0], ns = counts[t][1];
      MdMeterWin w;
      MdMeterWinRead r;

      md_meter_win_init (&w);
      for (unsigned blk = 0; blk < 3; blk++)
        {
          uint32_t mx[MD_METER_WIN_MAXES];
          double sm[MD_METER_WIN_SUMS];

          for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
            mx[k] = bits (0.125f * (float) (k + 1) + (float) blk);   /* past nm: must not count */
          for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
            sm[k] = 1.0 + k;
          md_meter_win_publish (&w, mx, nm, sm, ns, 16);
        }
      md_meter_win_read (&w, &r);
      g_assert_cmpuint (r.n_frames, ==, 48);
      for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
        g_assert_cmpfloat (r.max[k], ==, k < nm ? 0.125f * (float) (k + 1) + 2.0f : 0.0f);
      for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
        g_assert_cmpfloat (r.sum[k], ==, k < ns ? 3.0 * (1.0 + k) : 0.0);
    }
}

/* The inline publish the engine's strips use (md_meter_win_publish_n
 * with the counts of a stereo strip, 6 maxima and 4 sums, and a mono one,
 * 4 and 2), against a reference kept here: blocks of random peaks and
 * whole-number sums (exact in double), reads after a random number of
 * blocks (1 to 40: many blocks between reads, a read after each block)
 * and now and then a request held back (late blocks). Every read must
 * return exactly the maxima, sums and frames of the blocks since the
 * previous read: no peak lost, no value stale, no sum (RMS) wrong. */
static void
inline_run (unsigned nm, unsigned ns, bool out_of_line)
{
  MdMeterWin w;
  MdMeterWinRead r;
  GRand *rand = g_rand_new_with_seed (11 + nm);
  uint32_t want_max[MD_METER_WIN_MAXES] = { 0 };
  double want_sum[MD_METER_WIN_SUMS] = { 0 };
  uint64_t want_n = 0;
  unsigned until_read = 1, n_late = 0;

  md_meter_win_init (&w);
  for (unsigned blk = 0; blk < 20000; blk++)
    {
      uint32_t mx[MD_METER_WIN_MAXES];
      double sm[MD_METER_WIN_SUMS];
      uint32_t n = (uint32_t) g_rand_int_range (rand, 0, 300);
      uint32_t req = atomic_load (&w.req);
      /* a request not seen yet (the first block after a read) held back:
       * a late block, whenever the next read comes */
      bool late = req != atomic_load (&w.win) && g_rand_int_range (rand, 0, 2) == 0;

      for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
        {
          /* mostly small values, now and then a peak */
          float v = (float) g_rand_double (rand) * (g_rand_int_range (rand, 0, 16) == 0 ? 4.0f : 0.5f);

          mx[k] = bits (v);
          if (k < nm && mx[k] > want_max[k])
            want_max[k] = mx[k];
        }
      for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
        {
          sm[k] = (double) g_rand_int_range (rand, 0, 1000);
          if (k < ns)
            want_sum[k] += sm[k];
        }
      want_n += n;
      /* a late block: the reader's request not yet visible to it */
      if (late)
        {
          atomic_store (&w.req, req - 1);
          n_late++;
        }
      if (out_of_line)
        md_meter_win_publish (&w, mx, nm, sm, ns, n);
      else if (nm == 6)
        md_meter_win_publish_n (&w, mx, 6, sm, 4, n);
      else
        md_meter_win_publish_n (&w, mx, 4, sm, 2, n);
      if (late)
        atomic_store (&w.req, req);

      if (--until_read == 0)
        {
          md_meter_win_read (&w, &r);
          g_assert_cmpuint (r.n_frames, ==, want_n);
          for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
            g_assert_cmpuint (bits (r.max[k]), ==, want_max[k]);
          for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
            g_assert_cmpfloat (r.sum[k], ==, want_sum[k]);
          memset (want_max, 0, sizeof want_max);
          memset (want_sum, 0, sizeof want_sum);
          want_n = 0;
          until_read = (unsigned) g_rand_int_range (rand, 1, 41);
        }
    }
  g_assert_cmpuint (n_late, >, 100);
  g_rand_free (rand);
}

static void
test_inline (void)
{
  inline_run (6, 4, false);
  inline_run (4, 2, false);
  inline_run (6, 4, true);
  inline_run (4, 2, true);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/meter-win/basic", test_basic);
  g_test_add_func ("/meter-win/late-block", test_late_block);
  g_test_add_func ("/meter-win/stress", test_stress);
  g_test_add_func ("/meter-win/prefix", test_prefix);
  g_test_add_func ("/meter-win/inline", test_inline);
  return g_test_run ();
}
