/* md-xover.h: 3-band Linkwitz-Riley crossover (4th order, 24 dB/oct).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C11 + libm.
 *
 * Each LR4 filter is two identical 2nd-order Butterworth sections (RBJ
 * cookbook LP/HP, Q = 1/sqrt 2) at the crossover frequency. With B the
 * section's denominator, LP4 + HP4 = (s^2 - sqrt2 s + 1) / (s^2 + sqrt2 s + 1),
 * the 2nd-order all-pass AP at that frequency; the bilinear transform keeps
 * the identity, so it holds for the digital sections too. The split:
 *
 *   low  = AP(f2) LP4(f1) x        (AP(f2) compensates the phase of the
 *   rest = HP4(f1) x                mid/high split, which low does not see)
 *   mid  = LP4(f2) rest
 *   high = HP4(f2) rest
 *
 *   low + mid + high = AP(f2) AP(f1) x      |.| = 1 at every frequency,
 *
 * for any f1, f2 (also f1 > f2). Sections run in double (md-biquad), the
 * bands are float: the sum is flat to float precision (tests/test-master-dsp.c
 * measures < 0.001 dB from 20 Hz to 20 kHz).
 *
 * The two frequencies are smoothed: log2(f) moves toward the target with a
 * one-pole of MD_DSP_SMOOTH_MS (10 ms) per MD_DSP_SUB_FRAMES (32) frames,
 * at most MD_BIQUAD_MAX_STEP_OCT per step; coefficients are recomputed per
 * sub-block while moving (direct form I: no state transients).
 *
 * The four filter chains of a stereo pair run as four lanes of
 * md_biquad_run_lanes (vectorised across lanes).
 *
 * Threads: md_xover_init is non-RT; md_xover_set_freq, md_xover_split and
 * md_xover_process are RT-safe (no allocation, locks or I/O).
 */
#pragma once

#include <stdbool.h>

#include "md-biquad.h"

#define MD_XOVER_N_BANDS 3
/* Frames per internal piece of md_xover_split (stack buffers). */
#define MD_XOVER_PIECE 256

typedef struct
{
  double sample_rate;
  double t_lf[2];                 /* targets: log2 of the clamped frequencies */
  double lf[2];                   /* current */
  double k;                       /* one-pole coefficient per sub-block */
  unsigned phase;                 /* frames since the last sub-block grid point */
  /* sections: [0] LP f1, [1] LP f1, [2] AP f2   (low chain)
   *           [3] HP f1, [4] HP f1, [5] identity (rest chain, padded)
   *           [6] LP f2, [7] LP f2               (mid chain)
   *           [8] HP f2, [9] HP f2               (high chain) */
  MdBiquadCoefs c[10];
  MdBiquadState st[MD_DSP_MAX_CH][10];
  unsigned n_resets;              /* non-finite state resets (total) */
} MdXover;

/* Crossover frequencies default to 120 Hz and 2500 Hz; state zeroed.
 * Non-RT. */
void  md_xover_init      (MdXover *x, double sample_rate);
/* Store the target of crossover POINT (0 = low/mid, 1 = mid/high);
 * clamped to [MD_BIQUAD_FREQ_MIN_HZ, 0.49 fs]. RT-safe. */
void  md_xover_set_freq  (MdXover *x, unsigned point, double freq_hz);
/* Jump to the targets. */
void  md_xover_snap      (MdXover *x);
/* Zero the filter state (silence history). RT-safe. */
void  md_xover_reset     (MdXover *x);
/* Current (smoothed) frequency of POINT in Hz. */
double md_xover_freq     (const MdXover *x, unsigned point);
/* Split N_CH (1..2) planar channels IN into LOW, MID and HIGH (planar,
 * N_CH each, N_FRAMES). LOW may be the same buffers as IN; the others must
 * not overlap IN. RT-safe. */
void  md_xover_split     (MdXover *x, float *const *in, float *const *low,
                          float *const *mid, float *const *high,
                          unsigned n_ch, unsigned n_frames);
/* Split and sum again in place (the all-pass AP(f1) AP(f2)): for tests
 * and for a multiband with every band neutral. RT-safe. */
void  md_xover_process   (MdXover *x, float *const *ch, unsigned n_ch, unsigned n_frames);
