/* md-eq.h: 4-band parametric EQ, RBJ cookbook sections.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bands (0-based here, 1-based in addresses):
 *   0  low shelf, switchable to peaking
 *   1  peaking
 *   2  peaking
 *   3  high shelf, switchable to peaking
 * Per band: on, freq_hz, gain_db, q (the cookbook's Q for every type), and
 * shelf (bands 0 and 3). Q and frequency are clamped as in md-biquad.h.
 *
 * The bands run as float trapezoidal state-variable filters (md-svf.h)
 * with exactly the cookbook responses; the few accuracy corners (high-Q,
 * high-gain boosts) run the same structure in double.
 *
 * Smoothing: freq, gain and q ramp per 32-frame sub-block (md-biquad.h).
 * A band switched off ramps its gain to 0 dB (where the section's output
 * is exactly its input) and its state runs on; switched on it ramps up
 * from 0 dB from that state. A shelf/peaking change ramps to 0 dB,
 * switches, ramps back. So no band change clicks. The whole EQ
 * switched on/off crossfades dry and equalised signal over MD_DSP_XFADE_MS
 * (10 ms); off and faded out, process returns at once and leaves the
 * buffers untouched (bit-transparent); on with every band flat, the output
 * is the input bit for bit. The bands of one channel run interleaved per
 * sample (one pass over the buffer); the channels of a call run in vector
 * lanes side by side.
 * Parameters step on a grid of 32 frames counted from switching on, so the
 * output does not depend on how the frames are split into process calls
 * (given the same set times).
 *
 * Threads: md_eq_init is non-RT; md_eq_set_* and md_eq_process are RT-safe.
 */
#pragma once

#include <stdbool.h>

#include "md-biquad.h"
#include "md-svf.h"

#define MD_EQ_N_BANDS 4

typedef struct
{
  bool on, shelf;
  double freq_hz, gain_db, q;
} MdEqBandTarget;

typedef struct
{
  double sample_rate;
  MdXfade xf;
  MdEqBandTarget t[MD_EQ_N_BANDS];
  MdBiquadSmooth sm[MD_EQ_N_BANDS];          /* smoothing (and its DF1 coefficients) */
  MdSvfSection sv[MD_EQ_N_BANDS];            /* the sections that run, from sm */
  MdSvfState st[MD_DSP_MAX_CH][MD_EQ_N_BANDS];
  unsigned phase;                            /* frames since the last sub-block grid point */
  unsigned n_resets;                         /* non-finite state resets (total) */
  bool steady;                               /* cached md_eq_steady: true only after a check
                                              * found it so; every writer of xf, sm, sv clears it */
  unsigned gen;                              /* bumped wherever steady is cleared (as
                                              * MdFilter's gen) */
} MdEq;

/* Defaults: EQ off; bands off, 0 dB; band 0 low shelf 80 Hz q 0.707,
 * band 1 peaking 400 Hz q 1, band 2 peaking 2500 Hz q 1, band 3 high shelf
 * 8000 Hz q 0.707. Non-RT. */
void  md_eq_init              (MdEq *eq, double sample_rate);
/* Jump to the targets (no ramps); for presets before the first process. */
void  md_eq_snap              (MdEq *eq);
/* RT-safe, store targets only. BAND is 0..3. */
void  md_eq_set_on            (MdEq *eq, bool on);
void  md_eq_set_band_on       (MdEq *eq, unsigned band, bool on);
void  md_eq_set_band_shelf    (MdEq *eq, unsigned band, bool shelf);   /* bands 0, 3 */
void  md_eq_set_band_freq     (MdEq *eq, unsigned band, double freq_hz);
void  md_eq_set_band_gain     (MdEq *eq, unsigned band, double gain_db);
void  md_eq_set_band_q        (MdEq *eq, unsigned band, double q);
/* Equalise N_CH (1..MD_DSP_MAX_CH) planar channels in place. RT-safe. */
void  md_eq_process           (MdEq *eq, float *const *ch, unsigned n_ch, unsigned n_frames);
/* Process N mono EQs (EQS[i] on BUFS[i], in place), the same as N calls of
 * md_eq_process with n_ch = 1, bit for bit (up to the sign of exact zeros).
 * EQs that are on and not ramping run up to eight at a time vectorised
 * across EQs (md_svf_run_lanes); the others run one by one. RT-safe. */
void  md_eq_process_multi     (MdEq *const *eqs, float *const *bufs, unsigned n,
                               unsigned n_frames);
/* The same for EQs of 1..MD_DSP_MAX_CH channels (EQS[i] on the N_CH[i]
 * channels CHS[i]): one vector lane per channel. RT-safe. */
void  md_eq_process_multi_ch  (MdEq *const *eqs, float *const *const *chs,
                               const unsigned *n_ch, unsigned n, unsigned n_frames);

/* For running a steady EQ's sections elsewhere, as md_filter_steady*
 * (steady: fully on, nothing gliding, every band in float):
 * md_eq_steady_sections gives all MD_EQ_N_BANDS bands. RT-safe. */
bool     md_eq_steady              (MdEq *eq);
unsigned md_eq_steady_sections     (MdEq *eq, unsigned ch, const MdSvfSection **sec,
                                    MdSvfState **st);
void     md_eq_steady_done         (MdEq *eq, unsigned n_ch, unsigned n_frames,
                                    bool sanitize);
/* md_eq_steady_done without sanitising (as md_filter_steady_advance). */
static inline void
md_eq_steady_advance (MdEq *eq, unsigned n_frames)
{
  eq->phase = (eq->phase + n_frames) % MD_DSP_SUB_FRAMES;
}
