/* md-filter.h: Butterworth high-pass or low-pass filter, 12 or 24 dB/oct.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 12 dB/oct: one cookbook section, Q = 1/sqrt(2).
 * 24 dB/oct: two cookbook sections at the same frequency with the
 *            4th-order Butterworth Qs 1/(2 cos(pi/8)) = 0.5412 and
 *            1/(2 cos(3 pi/8)) = 1.3066.
 * The frequency is smoothed (md-biquad.h). Switching on/off crossfades dry
 * and filtered signal over MD_DSP_XFADE_MS (10 ms); changing the slope while
 * running crossfades the old and new filter over the same time. Off and
 * faded out, process returns at once and leaves the buffers untouched.
 * The frequency steps on a grid of 32 frames counted from switching on, so
 * the output does not depend on how the frames are split into process calls
 * (given the same set times).
 * The sections run as float trapezoidal state-variable filters (md-svf.h),
 * with exactly the cookbook (Butterworth) responses.
 *
 * Threads: md_filter_init is non-RT (allocation-free, may be slow);
 * md_filter_set_* and md_filter_process are RT-safe.
 */
#pragma once

#include <stdbool.h>

#include "md-biquad.h"
#include "md-svf.h"

#define MD_FILTER_Q_BW2   0.70710678118654752
#define MD_FILTER_Q_BW4_1 0.54119610014619699
#define MD_FILTER_Q_BW4_2 1.30656296487637653

typedef struct
{
  unsigned slope_db_oct;                     /* 12 or 24 */
  MdBiquadSmooth sm[2];                      /* smoothing (and its DF1 coefficients) */
  MdSvfSection sv[2];                        /* the sections that run, from sm */
  MdSvfState st[MD_DSP_MAX_CH][2];
} MdFilterChain;

typedef struct
{
  MdBiquadType type;                         /* MD_BIQUAD_HIGHPASS or _LOWPASS */
  double sample_rate;
  double t_freq_hz;
  unsigned t_slope_db_oct;
  MdXfade xf;                                /* on/off */
  MdXfade slope_xf;                          /* chain[!cur] -> chain[cur] */
  unsigned cur;
  MdFilterChain chain[2];
  unsigned phase;                            /* frames since the last sub-block grid point */
  unsigned n_resets;                         /* non-finite state resets (total) */
  bool steady;                               /* cached md_filter_steady: true only after a
                                              * check found it so; every setter, snap and
                                              * process clears it */
  unsigned gen;                              /* bumped wherever steady is cleared: a lane
                                              * list built from the filter (md_chan) holds
                                              * while gen is the one it was built at */
} MdFilter;

/* TYPE is MD_BIQUAD_HIGHPASS or MD_BIQUAD_LOWPASS. Starts at the given
 * settings without ramps. Non-RT. */
void  md_filter_init          (MdFilter *f, double sample_rate, MdBiquadType type,
                               bool on, double freq_hz, unsigned slope_db_oct);
/* Jump to the targets (no ramps, no crossfades); for presets before the
 * first process. */
void  md_filter_snap          (MdFilter *f);
/* RT-safe, store targets only. */
void  md_filter_set_on        (MdFilter *f, bool on);
void  md_filter_set_freq      (MdFilter *f, double freq_hz);
void  md_filter_set_slope     (MdFilter *f, unsigned slope_db_oct);   /* 12 or 24 */
/* Filter N_CH (1..MD_DSP_MAX_CH) planar channels in place, same settings.
 * RT-safe. */
void  md_filter_process       (MdFilter *f, float *const *ch, unsigned n_ch,
                               unsigned n_frames);
/* Process N mono filters (FS[i] on BUFS[i], in place), the same as N calls
 * of md_filter_process with n_ch = 1, bit for bit (up to the sign of exact
 * zeros). Filters that are on and
 * not ramping or crossfading run up to eight at a time vectorised across
 * filters (md_svf_run_lanes); the others run one by one. RT-safe. */
void  md_filter_process_multi (MdFilter *const *fs, float *const *bufs, unsigned n,
                               unsigned n_frames);
/* The same for filters of 1..MD_DSP_MAX_CH channels (FS[i] on the N_CH[i]
 * channels CHS[i]): one vector lane per channel. RT-safe. */
void  md_filter_process_multi_ch (MdFilter *const *fs, float *const *const *chs,
                                  const unsigned *n_ch, unsigned n, unsigned n_frames);

/* For running a steady filter's sections elsewhere (md_chan's batched
 * path): md_filter_steady is true when F is fully on, not gliding, not
 * crossfading and all its sections run in float; then md_filter_steady_sections points CO[k] and ST[k] at
 * its sections and channel CH's states (returns their number, 1 or 2);
 * after the caller ran them over N_FRAMES frames of every channel (as
 * md_svf_run_unit would), md_filter_steady_done (SANITIZE: the states
 * need md_svf_sanitize_n, false when md_svf_run_lanes flushed them and
 * found them finite)
 * does the rest of md_filter_process (grid phase, state sanitising).
 * RT-safe. */
bool     md_filter_steady          (MdFilter *f);
unsigned md_filter_steady_sections (MdFilter *f, unsigned ch, const MdSvfSection **sec,
                                    MdSvfState **st);
void     md_filter_steady_done     (MdFilter *f, unsigned n_ch, unsigned n_frames,
                                    bool sanitize);
/* md_filter_steady_done without sanitising (the kernel flushed the states
 * and found them finite): only the grid phase moves. RT-safe. */
static inline void
md_filter_steady_advance (MdFilter *f, unsigned n_frames)
{
  f->phase = (f->phase + n_frames) % MD_DSP_SUB_FRAMES;
}
