/* md-meter-win.h: "since the last read" meter windows between the RT thread
 * (one writer) and one reader thread, without locked read-modify-writes.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window holds maxima (peaks, gain reduction: non-negative floats as
 * bits, so their unsigned order is the float order and NaN bits win),
 * sums (double) and a frame count. The RT thread owns the accumulators:
 * md_meter_win_publish adds one block with plain loads and stores inside
 * a sequence lock (the count is odd while it writes). The reader never
 * writes them: it asks for a new window by storing the number of the
 * window it wants next ("req"); the RT thread opens that window at the
 * start of its next publish, keeping the closed window's final values in
 * a second slot. The reader keeps what it has already reported of the
 * open window, so md_meter_win_read returns exactly the blocks published
 * since its last read:
 *
 *   - blocks published after the reader's snapshot and before the RT
 *     thread saw the request ("late" blocks: a race of a few
 *     nanoseconds, or a reader preempted between the two) stay in the
 *     closed window: their frames and sums are the closed window's final
 *     values minus what was reported; their maxima come from a ring of
 *     the last MD_METER_WIN_RING blocks' maxima (the RT thread numbers
 *     its blocks; the reader sends the number it has seen with its
 *     request, and the cut folds the late blocks' ring slots into
 *     late_max, whenever the next read comes). Only when more than that
 *     many blocks passed between the reader's snapshot and the cut (a
 *     reader stalled that long inside a read) are the closed window's
 *     maxima taken instead, which may repeat a peak already reported: a
 *     peak is never missed.
 *   - a read that finds the writer busy (a writer preempted inside a
 *     publish) returns nothing new after a bounded spin and asks for no
 *     new window: the next read returns those blocks.
 *
 * RT-safe: md_meter_win_publish and md_meter_win_publish_n (stores
 * only, never waits). Reader (one
 * thread): md_meter_win_read. md_meter_win_init before either runs.
 */
#pragma once

#include <stdatomic.h>
#include <stdint.h>

#include "md-bits.h"

#define MD_METER_WIN_MAXES 6   /* a strip: pre L/R, post L/R, gate, compressor */
#define MD_METER_WIN_SUMS 5    /* the master's correlation: LR, LL, RR, MM, SS */
#define MD_METER_WIN_RING 16   /* blocks whose maxima are kept one by one */

typedef struct
{
  atomic_uint_least32_t max_bits[MD_METER_WIN_MAXES];
  atomic_uint_least64_t sum_bits[MD_METER_WIN_SUMS];  /* double */
  atomic_uint_least64_t n_frames;
} MdMeterWinVals;

typedef struct
{
  /* written by the RT thread only */
  atomic_uint_least64_t seq;           /* 2 x blocks published, +1 while a publish writes */
  atomic_uint_least32_t win;           /* number of the open window */
  atomic_uint_least32_t prev_win;      /* number of the closed one */
  atomic_uint_least64_t cut_blk;       /* the open window's first block */
  MdMeterWinVals cur, prev;
  /* at the cut: the maxima of the closed window's blocks from late_from
   * on (those the reader had not seen when it asked), when late_ok */
  atomic_uint_least32_t late_max[MD_METER_WIN_MAXES];
  atomic_uint_least64_t late_from;
  atomic_uint_least32_t late_ok;
  atomic_uint_least32_t ring[MD_METER_WIN_MAXES][MD_METER_WIN_RING];   /* block b at b % RING */
  /* written by the reader only (RT loads it once per publish) */
  atomic_uint_least32_t req;
  atomic_uint_least64_t req_blk;       /* blocks the reader had seen when it asked */
  /* reader-owned: what the last read saw of window r_win */
  uint32_t r_win;
  uint64_t r_blk;                      /* blocks seen */
  uint64_t r_n;
  double r_sum[MD_METER_WIN_SUMS];
} MdMeterWin;

/* What md_meter_win_read returns: over the blocks since the last read. */
typedef struct
{
  float max[MD_METER_WIN_MAXES];
  double sum[MD_METER_WIN_SUMS];
  uint64_t n_frames;
} MdMeterWinRead;

/* Not thread-safe: before the RT thread and the reader use W. */
void  md_meter_win_init    (MdMeterWin *w);
/* RT thread: add a block of N_FRAMES frames (N_FRAMES may be 0): the
 * first N_MAX maxima (non-negative float bits) and the first N_SUM sums
 * (N_MAX <= MD_METER_WIN_MAXES, N_SUM <= MD_METER_WIN_SUMS). The slots
 * after them are not touched: a meter that never uses them (a mono
 * strip's right channel) keeps them at 0 without storing them each
 * block. The counts the engine uses are straight-line moves. */
void  md_meter_win_publish (MdMeterWin *w, const uint32_t *max_bits, unsigned n_max,
                            const double *sums, unsigned n_sum, uint32_t n_frames);
/* Reader: everything published since the last read (all zero when
 * nothing was), and start a new window. */
void  md_meter_win_read    (MdMeterWin *w, MdMeterWinRead *out);

/* RT thread, for md_meter_win_publish_n only: the open window OPEN
 * becomes the closed one, window R opens empty at block B. */
void  md_meter_win_cut     (MdMeterWin *w, uint32_t open, uint32_t r, uint64_t b);

/* md_meter_win_publish inline, for a caller with constant counts (the
 * engine's strips): straight-line code, no call, no count dispatch and
 * no callee-saved registers to save. Same stores, same order. */
static inline __attribute__ ((always_inline)) void
md_meter_win_publish_n (MdMeterWin *w, const uint32_t *max_bits, unsigned n_max,
                        const double *sums, unsigned n_sum, uint32_t n_frames)
{
  uint64_t s = atomic_load_explicit (&w->seq, memory_order_relaxed);
  uint32_t open, r;
  uint64_t b = s >> 1;                 /* blocks published so far */
  unsigned slot = (unsigned) (b % MD_METER_WIN_RING);

  atomic_store_explicit (&w->seq, s + 1, memory_order_relaxed);

  /* acquire: the reader's snapshot (loads before its release store of
   * req) happens before the cut's stores */
  r = atomic_load_explicit (&w->req, memory_order_acquire);
  open = atomic_load_explicit (&w->win, memory_order_relaxed);
  if (__builtin_expect (r != open, 0))
    md_meter_win_cut (w, open, r, b);

  /* only this thread writes the accumulators: each is a plain load and
   * store on x86-64, one slot after the other */
#pragma GCC unroll 8
  for (unsigned k = 0; k < n_max; k++)
    {
      uint32_t v = max_bits[k];
      uint32_t m = atomic_load_explicit (&w->cur.max_bits[k], memory_order_relaxed);

      atomic_store_explicit (&w->cur.max_bits[k], v > m ? v : m, memory_order_release);
      atomic_store_explicit (&w->ring[k][slot], v, memory_order_release);
    }
#pragma GCC unroll 8
  for (unsigned k = 0; k < n_sum; k++)
    {
      double x = md_u2d (atomic_load_explicit (&w->cur.sum_bits[k], memory_order_relaxed)) + sums[k];

      atomic_store_explicit (&w->cur.sum_bits[k], md_d2u (x), memory_order_release);
    }
  atomic_store_explicit (&w->cur.n_frames,
                         atomic_load_explicit (&w->cur.n_frames, memory_order_relaxed) + n_frames,
                         memory_order_release);
  atomic_store_explicit (&w->seq, s + 2, memory_order_release);
}
