/* md-meter-win.c: meter windows, one RT writer and one reader, no locked
 * read-modify-writes (see md-meter-win.h for the protocol).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sequence lock is the variant without fences of Boehm, "Can
 * seqlocks get along with programming language memory models?" (MSPC
 * 2012): the writer stores the odd count, the data with release stores,
 * the even count with release; the reader loads the count, the data and
 * the count again, each with acquire (a reader that sees any data of a
 * newer publish then sees at least its odd count). ThreadSanitizer
 * understands this, unlike fences. On x86-64 all of it is plain moves: no
 * lock prefix, no fence instruction.
 */
#include "md-meter-win.h"
#include "md-bits.h"

#include <stdbool.h>
#include <string.h>

/* Attempts of a snapshot before a read gives up for this time: a
 * publish takes tens of nanoseconds, so a writer that runs is done long
 * before; one that was preempted inside a publish (JACK without realtime
 * scheduling) is not to be waited for by spinning on the CPU it needs:
 * the read returns nothing new and the next one returns those blocks. */
#define MD_METER_WIN_SPINS 256u

static void
vals_init (MdMeterWinVals *v)
{
  for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
    atomic_init (&v->max_bits[k], 0);
  for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
    atomic_init (&v->sum_bits[k], md_d2u (0.0));
  atomic_init (&v->n_frames, 0);
}

void
md_meter_win_init (MdMeterWin *w)
{
  atomic_init (&w->seq, 0);
  atomic_init (&w->win, 0);
  atomic_init (&w->prev_win, 0);
  atomic_init (&w->cut_blk, 0);
  vals_init (&w->cur);
  vals_init (&w->prev);
  for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
    for (unsigned b = 0; b < MD_METER_WIN_RING; b++)
      atomic_init (&w->ring[k][b], 0);
  for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
    atomic_init (&w->late_max[k], 0);
  atomic_init (&w->late_from, 0);
  atomic_init (&w->late_ok, 0);
  atomic_init (&w->req, 0);
  atomic_init (&w->req_blk, 0);
  w->r_win = 0;
  w->r_blk = 0;
  w->r_n = 0;
  for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
    w->r_sum[k] = 0.0;
}

/* RT: the open window OPEN becomes the closed one; window R opens empty
 * at block B (out of line: md_meter_win_publish_n runs it once per read) */
void
md_meter_win_cut (MdMeterWin *w, uint32_t open, uint32_t r, uint64_t b)
{
  for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
    {
      atomic_store_explicit (&w->prev.max_bits[k],
                             atomic_load_explicit (&w->cur.max_bits[k], memory_order_relaxed),
                             memory_order_release);
      atomic_store_explicit (&w->cur.max_bits[k], 0, memory_order_release);
    }
  for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
    {
      atomic_store_explicit (&w->prev.sum_bits[k],
                             atomic_load_explicit (&w->cur.sum_bits[k], memory_order_relaxed),
                             memory_order_release);
      atomic_store_explicit (&w->cur.sum_bits[k], md_d2u (0.0), memory_order_release);
    }
  atomic_store_explicit (&w->prev.n_frames,
                         atomic_load_explicit (&w->cur.n_frames, memory_order_relaxed),
                         memory_order_release);
  atomic_store_explicit (&w->cur.n_frames, 0, memory_order_release);
  /* the late blocks (published after the reader's snapshot, before this
   * cut): their maxima from the ring while it still holds them all. The
   * reader stored req_blk before req, which the caller loaded with
   * acquire. Normally there are none (FROM == B): then the reader's
   * next read has cut_blk == r_blk and never looks at late_max. */
  uint64_t from = atomic_load_explicit (&w->req_blk, memory_order_relaxed);

  if (from != b)
    {
      bool ok = from < b && b - from <= MD_METER_WIN_RING;

      for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
        {
          uint32_t m = 0;

          if (ok)
            for (uint64_t x = from; x < b; x++)
              {
                uint32_t v = atomic_load_explicit (&w->ring[k][x % MD_METER_WIN_RING],
                                                   memory_order_relaxed);
                m = v > m ? v : m;
              }
          atomic_store_explicit (&w->late_max[k], m, memory_order_release);
        }
      atomic_store_explicit (&w->late_from, from, memory_order_release);
      atomic_store_explicit (&w->late_ok, ok, memory_order_release);
    }
  atomic_store_explicit (&w->prev_win, open, memory_order_release);
  atomic_store_explicit (&w->win, r, memory_order_release);
  atomic_store_explicit (&w->cut_blk, b, memory_order_release);
}

void
md_meter_win_publish (MdMeterWin *w, const uint32_t *max_bits, unsigned n_max,
                      const double *sums, unsigned n_sum, uint32_t n_frames)
{
  /* the engine's meters: mono and stereo strips, stereo pairs */
  if (n_max == 4 && n_sum == 2)
    md_meter_win_publish_n (w, max_bits, 4, sums, 2, n_frames);
  else if (n_max == 6 && n_sum == 4)
    md_meter_win_publish_n (w, max_bits, 6, sums, 4, n_frames);
  else if (n_max == 2 && n_sum == 2)
    md_meter_win_publish_n (w, max_bits, 2, sums, 2, n_frames);
  else
    md_meter_win_publish_n (w, max_bits, n_max, sums, n_sum, n_frames);
}

typedef struct
{
  uint32_t win, prev_win;
  uint64_t blk, cut_blk;
  uint32_t ring[MD_METER_WIN_MAXES][MD_METER_WIN_RING];
  uint32_t late_max[MD_METER_WIN_MAXES];
  uint64_t late_from;
  bool late_ok;
  uint32_t cur_max[MD_METER_WIN_MAXES], prev_max[MD_METER_WIN_MAXES];
  double cur_sum[MD_METER_WIN_SUMS], prev_sum[MD_METER_WIN_SUMS];
  uint64_t cur_n, prev_n;
} Snapshot;

static void
vals_load (MdMeterWinVals *v, uint32_t *mx, double *sm, uint64_t *n)
{
  for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
    mx[k] = atomic_load_explicit (&v->max_bits[k], memory_order_acquire);
  for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
    sm[k] = md_u2d (atomic_load_explicit (&v->sum_bits[k], memory_order_acquire));
  *n = atomic_load_explicit (&v->n_frames, memory_order_acquire);
}

/* A consistent copy of both slots; false when the writer stayed busy. */
static bool
snapshot (MdMeterWin *w, Snapshot *sn)
{
  for (unsigned i = 0; i < MD_METER_WIN_SPINS; i++)
    {
      uint64_t s1 = atomic_load_explicit (&w->seq, memory_order_acquire), s2;

      if (s1 & 1u)
        {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause ();
#endif
          continue;
        }
      sn->win = atomic_load_explicit (&w->win, memory_order_acquire);
      sn->prev_win = atomic_load_explicit (&w->prev_win, memory_order_acquire);
      sn->blk = s1 >> 1;
      sn->cut_blk = atomic_load_explicit (&w->cut_blk, memory_order_acquire);
      for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
        for (unsigned b = 0; b < MD_METER_WIN_RING; b++)
          sn->ring[k][b] = atomic_load_explicit (&w->ring[k][b], memory_order_acquire);
      for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
        sn->late_max[k] = atomic_load_explicit (&w->late_max[k], memory_order_acquire);
      sn->late_from = atomic_load_explicit (&w->late_from, memory_order_acquire);
      sn->late_ok = atomic_load_explicit (&w->late_ok, memory_order_acquire) != 0;
      vals_load (&w->cur, sn->cur_max, sn->cur_sum, &sn->cur_n);
      vals_load (&w->prev, sn->prev_max, sn->prev_sum, &sn->prev_n);
      s2 = atomic_load_explicit (&w->seq, memory_order_acquire);
      if (s1 == s2)
        return true;
    }
  return false;
}

/* The maxima of blocks FROM .. TO-1 into MX, from the ring when they are
 * all still in it (true), else false. */
static bool
ring_max (const Snapshot *sn, uint64_t from, uint64_t to, uint32_t *mx)
{
  if (sn->blk - from > MD_METER_WIN_RING)
    return false;
  for (uint64_t b = from; b < to; b++)
    for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
      {
        uint32_t v = sn->ring[k][b % MD_METER_WIN_RING];
        mx[k] = v > mx[k] ? v : mx[k];
      }
  return true;
}

void
md_meter_win_read (MdMeterWin *w, MdMeterWinRead *out)
{
  Snapshot sn;
  uint32_t mx[MD_METER_WIN_MAXES] = { 0 };

  memset (out, 0, sizeof *out);
  if (!snapshot (w, &sn))
    return;

  if (sn.win != w->r_win)
    {
      /* the RT thread opened a new window since the last read: the one
       * read last time is closed; its blocks from r_blk on came after
       * that read ("late", normally none). A closed window that is not
       * the one read last time cannot happen (one request per read, one
       * cut per request); it would count as wholly new. */
      if (sn.prev_win != w->r_win)
        {
          out->n_frames += sn.prev_n;
          for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
            out->sum[k] += sn.prev_sum[k];
          for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
            mx[k] = sn.prev_max[k];
        }
      else if (sn.cut_blk > w->r_blk)
        {
          out->n_frames += sn.prev_n - w->r_n;
          for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
            out->sum[k] += sn.prev_sum[k] - w->r_sum[k];
          /* the cut's own account of them when it started where this
           * reader's last read ended; else the ring, else the whole
           * closed window (may repeat a peak, never misses one) */
          if (sn.late_ok && sn.late_from == w->r_blk)
            for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
              mx[k] = sn.late_max[k];
          else if (!ring_max (&sn, w->r_blk, sn.cut_blk, mx))
            for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
              mx[k] = sn.prev_max[k];
        }
      out->n_frames += sn.cur_n;
      for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
        out->sum[k] += sn.cur_sum[k];
      for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
        mx[k] = sn.cur_max[k] > mx[k] ? sn.cur_max[k] : mx[k];
    }
  else if (sn.blk > w->r_blk)
    {
      /* no new window yet: the RT thread has published only blocks that
       * raced with the last read's request */
      out->n_frames = sn.cur_n - w->r_n;
      for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
        out->sum[k] = sn.cur_sum[k] - w->r_sum[k];
      if (!ring_max (&sn, w->r_blk, sn.blk, mx))
        for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
          mx[k] = sn.cur_max[k];
    }
  for (unsigned k = 0; k < MD_METER_WIN_MAXES; k++)
    out->max[k] = md_u2f (mx[k]);

  w->r_win = sn.win;
  w->r_blk = sn.blk;
  w->r_n = sn.cur_n;
  for (unsigned k = 0; k < MD_METER_WIN_SUMS; k++)
    w->r_sum[k] = sn.cur_sum[k];
  /* release: this snapshot's loads, and req_blk, happen before the cut
   * it asks for */
  atomic_store_explicit (&w->req_blk, sn.blk, memory_order_relaxed);
  atomic_store_explicit (&w->req, sn.win + 1, memory_order_release);
}
