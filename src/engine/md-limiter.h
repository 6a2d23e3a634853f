/* md-limiter.h: stereo-linked true-peak lookahead limiter.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C11 + libm.
 *
 * Detector: the input is oversampled for detection only (the audio path is
 * not resampled): 8x below 88.2 kHz, 4x below 176.4 kHz, 2x above. A
 * polyphase FIR (Kaiser-windowed sinc, beta 5, cutoff fs/2,
 * MD_LIMITER_TAPS taps per phase, designed in init) computes, for every
 * input sample m, the values at m + k/os (k = 1..os-1) for both channels
 * (8 phases in one 8-lane vector, AVX2 picked at run time); p[m] =
 * max(|x[m]|, |those|) over both channels covers [m, m+1), and q[m] =
 * max(p[m-1], p[m]) covers the two intervals next to sample m. A chunk whose
 * max |x| times the largest phase L1 norm stays below the ceiling skips the
 * FIR (an exact bound: the result is the same).
 * Measured worst-case under-read for sines up to 20 kHz over all sub-sample
 * peak positions (tests/test-master-dsp.c): 0.10 dB at 44.1 kHz, 0.08 dB
 * at 48 kHz, 0.12 dB at 96 kHz (4x) -- mostly the 8x/4x grid itself.
 * Limits: true peak is defined for band-limited signals (EBU Tech 3343:
 * +-0.3 dB for signals band-limited to 20 kHz). For content between
 * ~0.45 fs and fs/2 (white noise to Nyquist, digital clipping without
 * band-limiting) a 48-tap interpolator differs from an ideal one: on
 * +6 dBFS white noise the output reads up to +0.5 dB above the ceiling on
 * a long-sinc reference meter. The gain aims 0.12 dB (the detector's worst
 * under-read) below the ceiling, so band-limited material never exceeds
 * it (worst measured: 0.05 dB below).
 *
 * Gain: r[m] = min(1, ceiling / q[m]); release: e[m] = min(r[m],
 * e[m-1] + c (1 - e[m-1])) (one-pole toward 1 with the release time
 * constant, never above r); h = moving minimum of e over W + H samples;
 * g = moving average (box) of h over W samples. g at index m is <= e at
 * every index of [m - W - H + 1, m - W + 1], so applied H/2 samples past the
 * start of that range the gain is at or below the required gain for H/2
 * samples on either side of every sample (H = MD_LIMITER_HOLD): the
 * interpolation kernel around an inter-sample peak sees a flat gain. The
 * gain reaches its minimum exactly when the peak arrives (attack = W
 * samples, a linear-in-gain ramp), and rises with the release afterwards.
 * A final clamp to +-ceiling catches float rounding on sample peaks.
 *
 * Latency (total delay of the audio, in frames) = round(lookahead_ms * fs),
 * clamped so that W >= 1 and to the buffers' maximum (5 ms at 192 kHz);
 * W = latency - TAPS/2 - H/2 + 1 (the detector needs TAPS/2 frames of
 * future input, the hold H/2: at 1 ms / 44.1 kHz W = 17 frames, at
 * 2 ms / 48 kHz W = 69). md_limiter_latency() returns it; it is
 * the same when the limiter is off (off is a plain delay), so the latency
 * reported to JACK does not depend on the switch.
 *
 * Switching on: the detector runs for `latency' frames first (warm-up),
 * then the output crossfades from the delayed dry signal to the limited one
 * over MD_DSP_XFADE_MS; switching off crossfades back and then only delays.
 * The ceiling is smoothed (one-pole on dB, 10 ms, per chunk); the release
 * acts at once. A lookahead change changes the latency: it is applied at
 * the next process call (a jump in the delay, audible; set it while
 * stopped, and report the new latency).
 *
 * Non-finite input samples are replaced by 0 (and counted) before they
 * enter the delay line, so they cannot poison the detector's history.
 *
 * Threads: md_limiter_init is non-RT (designs the filter; allocation-free,
 * all buffers are in the struct); md_limiter_set_*, md_limiter_process and
 * the getters are RT-safe.
 */
#pragma once

#include <stdbool.h>

#include "md-biquad.h"

#define MD_LIMITER_TAPS 48              /* detector FIR taps per phase (even) */
#define MD_LIMITER_HOLD 8               /* H: flat-gain margin around a peak (even) */
#define MD_LIMITER_CHUNK 64             /* frames per internal chunk */
#define MD_LIMITER_LOOKAHEAD_MIN_MS 1.0
#define MD_LIMITER_LOOKAHEAD_MAX_MS 5.0
/* buffers: 5 ms at 192 kHz = 960 frames (above 192 kHz the lookahead is
 * clamped to 960 frames) */
#define MD_LIMITER_MAX_LATENCY 960
#define MD_LIMITER_RING 1024            /* power of two > MD_LIMITER_MAX_LATENCY */
#define MD_LIMITER_HIST (MD_LIMITER_MAX_LATENCY + MD_LIMITER_TAPS + MD_LIMITER_CHUNK)

typedef struct
{
  double sample_rate;
  unsigned os;                          /* oversampling factor of the detector */
  /* coef[j][k]: tap j of phase k (position m + k/os); lane 0 = the sample */
  float coef[MD_LIMITER_TAPS][8];
  float l1_max;                         /* max over phases of sum |coef| */
  /* targets (set) */
  bool on;
  double ceiling_db, release_ms, lookahead_ms;
  /* applied */
  double a_release_ms, a_lookahead_ms;
  unsigned latency, win, hist_len;      /* frames */
  float rel_c;
  float ceil_db;                        /* smoothed ceiling */
  float k_ceil;                         /* per-chunk one-pole */
  /* delay line / detector history per channel: hist[c][0 .. hist_len) is the
   * past, newest last */
  float hist[MD_DSP_MAX_CH][MD_LIMITER_HIST];
  /* gain pipeline */
  float p_prev;                         /* p of the previous sample */
  float e;                              /* release follower */
  unsigned t;                           /* pipeline index (wraps) */
  float dq_val[MD_LIMITER_RING];        /* moving-minimum deque */
  unsigned dq_idx[MD_LIMITER_RING];
  unsigned dq_head, dq_tail;
  float box[MD_LIMITER_RING];           /* last W values of h */
  unsigned box_pos;
  double box_sum;
  unsigned n_low;                       /* box entries below 1 (for exact reset) */
  /* switch */
  bool active;                          /* detector running */
  unsigned warm;                        /* warm-up frames left after switching on */
  MdXfade xf;
  /* meters and counters */
  float gr_db;                          /* max gain reduction, last process call */
  unsigned n_nonfinite;                 /* input samples replaced by 0 (total) */
  unsigned n_resets;
} MdLimiter;

/* Defaults: on, ceiling -1.0 dBTP, release 100 ms, lookahead 2 ms. Non-RT. */
void   md_limiter_init          (MdLimiter *l, double sample_rate);
/* Jump to the targets (on/off without fade, ceiling without ramp); for
 * presets before the first process. Clears the delay line. */
void   md_limiter_snap          (MdLimiter *l);
void   md_limiter_set_on        (MdLimiter *l, bool on);
/* Clamped to [-60, 0] dBTP; non-finite values are ignored. */
void   md_limiter_set_ceiling   (MdLimiter *l, double ceiling_db);
/* Release time constant (one-pole, 1 - 1/e), >= 0.01 ms. */
void   md_limiter_set_release   (MdLimiter *l, double release_ms);
/* Clamped to [MD_LIMITER_LOOKAHEAD_MIN_MS, MD_LIMITER_LOOKAHEAD_MAX_MS];
 * changes the latency at the next process call. */
void   md_limiter_set_lookahead (MdLimiter *l, double lookahead_ms);
/* Latency in frames of the applied lookahead (after a set, of the pending
 * one: what the next process call will use). RT-safe. */
unsigned md_limiter_latency     (const MdLimiter *l);
/* N_CH (1..2) planar channels in place, any N_FRAMES; the output is the
 * input delayed by md_limiter_latency frames, limited. RT-safe. */
void   md_limiter_process       (MdLimiter *l, float *const *ch, unsigned n_ch,
                                 unsigned n_frames);
/* Max gain reduction (>= 0 dB) during the last process call. */
float  md_limiter_gain_reduction_db (const MdLimiter *l);
/* The detector alone, for tests: true peak (linear, max over channels) of
 * the N_FRAMES of planar IN as this limiter's detector sees it (it keeps no
 * state; the first and last TAPS/2 frames are only partly covered). */
float  md_limiter_detect_peak   (const MdLimiter *l, const float *const *in,
                                 unsigned n_ch, unsigned n_frames);
