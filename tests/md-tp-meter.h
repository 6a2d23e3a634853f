/* md-tp-meter.h: reference true-peak meter for the tests (test code only).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Independent of the limiter's detector (md-limiter.c): double precision,
 * a Blackman-Harris-windowed sinc of half-width MD_TP_METER_HALF input
 * samples, scanned at 8x, then every 8x value within 3 % of the running
 * maximum is refined by evaluating the continuous reconstruction at 1/8,
 * 1/16 ... 1/1024-sample steps (golden-section-free ternary refinement),
 * so the grid under-read of a plain 8x meter (0.14 dB at 20 kHz / 44.1 kHz)
 * is removed. Only positions with the whole kernel inside the buffer are
 * measured: the first and last MD_TP_METER_HALF frames are context only
 * (a buffer that ends in the middle of a signal would otherwise read the
 * Gibbs overshoot of the truncation). Pad signals with silence.
 */
#pragma once

#include <stddef.h>

#define MD_TP_METER_HALF 64

/* True peak (linear, max over N_CH planar channels) of N_FRAMES. */
double md_tp_meter_peak    (const float *const *ch, unsigned n_ch, size_t n_frames);
double md_tp_meter_peak_db (const float *const *ch, unsigned n_ch, size_t n_frames);
