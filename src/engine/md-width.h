/* md-width.h: stereo width (M/S) and mono check.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C11 + libm.
 *
 *   M = (L + R) / 2, S = (L - R) / 2, L' = M + w S, R' = M - w S
 *   i.e. L' = a L + b R, R' = b L + a R with a = (1 + w) / 2, b = (1 - w) / 2.
 *
 * w = 0 is mono (L' = R' = M), 1 leaves the signal unchanged, 2 doubles S.
 * The mono check switch forces w = 0 (L = R = M); switching the unit off
 * forces w = 1. The effective w ramps linearly over MD_DSP_XFADE_MS (10 ms)
 * from its current value whenever its target changes (the unit is linear,
 * so the ramp is also the bypass crossfade). At w = 1 and not ramping,
 * process returns at once and leaves the buffers untouched.
 * Memoryless: no state to flush; a non-finite sample stays in its frame.
 *
 * Threads: md_width_init is non-RT; md_width_set_* and md_width_process
 * are RT-safe.
 */
#pragma once

#include <stdbool.h>

#define MD_WIDTH_MAX 4.0

typedef struct
{
  double sample_rate;
  /* targets */
  bool on, mono;
  float width;
  /* state */
  float w;                        /* current effective width */
  float w_to;                     /* where the ramp goes */
  float w_step;                   /* per frame */
  unsigned ramp_left;             /* frames left in the ramp */
  unsigned ramp_len;
} MdWidth;

/* Defaults: on, width 1, mono off. Non-RT. */
void  md_width_init      (MdWidth *w, double sample_rate);
void  md_width_snap      (MdWidth *w);
void  md_width_set_on    (MdWidth *w, bool on);
/* Clamped to [0, MD_WIDTH_MAX]. */
void  md_width_set_width (MdWidth *w, double width);
void  md_width_set_mono  (MdWidth *w, bool mono);
/* Current effective width (0 while the mono check is on). */
float md_width_current   (const MdWidth *w);
/* Stereo in place: CH[0] = L, CH[1] = R. N_CH other than 2: no-op. RT-safe. */
void  md_width_process   (MdWidth *w, float *const *ch, unsigned n_ch, unsigned n_frames);
