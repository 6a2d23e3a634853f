/* md-multiband.h: 3-band compressor for the master bus.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C11 + libm.
 *
 *   in -> md-xover (LR4, two points) -> low / mid / high
 *      -> one MdComp per band (stereo-linked when given 2 channels)
 *      -> band weights (solo) -> sum -> out
 *
 * Per band: threshold, ratio, attack, release, gain (= the compressor's
 * makeup), knee, solo and bypass. Bypass switches the band's compressor off
 * (md-dyn fades its gain to exactly 0 dB over 10 ms: no compression and no
 * band gain); the band itself still goes to the sum. Solo: when any band is
 * soloed, only soloed bands are summed; band weights ramp linearly over
 * MD_DSP_XFADE_MS (10 ms), so solo clicks neither on nor off.
 * With every band bypassed (or neutral: ratio 1, gain 0 dB) the output is
 * the crossover sum, i.e. flat in magnitude (an all-pass).
 *
 * The unit as a whole on/off crossfades dry and processed signal over
 * MD_DSP_XFADE_MS (smoothstep); off and faded out, process returns at once
 * and leaves the buffers untouched. (During the 10 ms fade, dry and the
 * all-passed sum mix: a brief, mild comb, as with every IIR multiband.)
 *
 * Gain reduction per band: the maximum during the last process call.
 *
 * Threads: md_multiband_init is non-RT; every other function is RT-safe
 * (set_* store targets only).
 */
#pragma once

#include <stdbool.h>

#include "md-biquad.h"
#include "md-dyn.h"
#include "md-xover.h"

/* Frames per internal piece (stack buffers: 3 bands x 2 ch x this). */
#define MD_MULTIBAND_PIECE 128

typedef struct
{
  MdComp comp;
  bool solo;                      /* target */
  float weight;                   /* current weight in the sum, 0..1 */
  float gr_db;                    /* max gain reduction, last process call */
} MdMultibandBand;

typedef struct
{
  double sample_rate;
  MdXfade xf;                     /* whole unit on/off */
  MdXover xo;
  MdMultibandBand band[MD_XOVER_N_BANDS];
  float w_step;                   /* per-frame step of the band weights */
} MdMultiband;

/* Defaults: unit off; crossovers 120 Hz / 2500 Hz; every band not bypassed,
 * threshold -18 dB, ratio 2, knee 6 dB, gain 0 dB, attack 20/10/5 ms,
 * release 200/120/80 ms (low/mid/high), peak detection, no solo. Non-RT. */
void  md_multiband_init          (MdMultiband *mb, double sample_rate);
/* Jump to all targets (no fades or ramps) and clear the filter and
 * detector state; for presets before the first process. */
void  md_multiband_snap          (MdMultiband *mb);
void  md_multiband_set_on        (MdMultiband *mb, bool on);
/* POINT 0: low/mid, 1: mid/high. */
void  md_multiband_set_xover     (MdMultiband *mb, unsigned point, double freq_hz);
/* BAND 0 = low, 1 = mid, 2 = high. */
void  md_multiband_set_threshold (MdMultiband *mb, unsigned band, double threshold_db);
void  md_multiband_set_ratio     (MdMultiband *mb, unsigned band, double ratio);
void  md_multiband_set_attack    (MdMultiband *mb, unsigned band, double attack_ms);
void  md_multiband_set_release   (MdMultiband *mb, unsigned band, double release_ms);
void  md_multiband_set_gain      (MdMultiband *mb, unsigned band, double gain_db);
void  md_multiband_set_knee      (MdMultiband *mb, unsigned band, double knee_db);
void  md_multiband_set_solo      (MdMultiband *mb, unsigned band, bool solo);
void  md_multiband_set_bypass    (MdMultiband *mb, unsigned band, bool bypass);
/* N_CH (1..2) planar channels in place, any N_FRAMES. RT-safe. */
void  md_multiband_process       (MdMultiband *mb, float *const *ch, unsigned n_ch,
                                  unsigned n_frames);
/* Max gain reduction (>= 0 dB) of BAND during the last process call. */
float md_multiband_gain_reduction_db (const MdMultiband *mb, unsigned band);
