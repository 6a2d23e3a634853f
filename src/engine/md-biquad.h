/* md-biquad.h: second-order sections per the RBJ Audio EQ Cookbook, their
 * parameter smoothing, and the bypass crossfade shared by the channel DSP
 * units (md-filter, md-eq, md-dyn). The HPF, LPF and EQ run their sections
 * as float state-variable filters (md-svf.h) and use only the smoothing
 * and crossfade here; the direct-form sections below serve the key filters
 * (md-dyn) and the crossover (md-xover).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C11 + libm.
 *
 * Structure: direct form I, coefficients and state in double, samples in
 * float. A float direct form (I or transposed II) with float coefficients
 * fails the accuracy targets at low frequencies: a1 ~ -2 is stored with an
 * absolute error of ~1.2e-7, which moves a 20 Hz pole at 48 kHz (angle
 * 2.6e-3 rad) by ~1 % in frequency (~0.15 dB at the corner of a 12 dB/oct
 * HPF), and the roundoff noise gain of such a pole pair (~+70 dB) lifts the
 * float error to about -90 dBFS for -18 dBFS input. In double both are far
 * below the targets (measured in tests/test-biquad.c). Direct form I keeps
 * the signal history as state, so coefficient changes while running (the
 * smoothing below) cause no internal-state transients, and its recursive
 * path is one multiply and one add per sample.
 *
 * Threads: every function here is RT-safe (no allocation, locks or I/O)
 * except md_biquad_smooth_init, which is meant for init time (it is also
 * allocation-free).
 */
#pragma once

#include <stdbool.h>

/* Channels per unit (a stereo strip or bus is 2 channels sharing settings). */
#define MD_DSP_MAX_CH 2
/* Parameter smoothing runs per sub-block of this many frames: coefficients
 * are recomputed (in double) once per sub-block while a parameter moves. */
#define MD_DSP_SUB_FRAMES 32
/* Time constant of the one-pole parameter smoothers (per sub-block). */
#define MD_DSP_SMOOTH_MS 10.0
/* Length of the on/off crossfade of every unit: equal-gain, weight
 * smoothstep(t) = t^2 (3 - 2t), so neither end has a kink. */
#define MD_DSP_XFADE_MS 10.0
/* Frequencies are clamped to [MD_BIQUAD_FREQ_MIN_HZ, MD_BIQUAD_FREQ_MAX_FS * fs]. */
#define MD_BIQUAD_FREQ_MIN_HZ 1.0
#define MD_BIQUAD_FREQ_MAX_FS 0.49
#define MD_BIQUAD_Q_MIN 0.025
#define MD_BIQUAD_Q_MAX 40.0

typedef enum
{
  MD_BIQUAD_LOWPASS,
  MD_BIQUAD_HIGHPASS,
  MD_BIQUAD_PEAKING,
  MD_BIQUAD_LOWSHELF,
  MD_BIQUAD_HIGHSHELF
} MdBiquadType;

/* Normalised coefficients (a0 = 1):
 * y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2] */
typedef struct
{
  double b0, b1, b2, a1, a2;
} MdBiquadCoefs;

typedef struct
{
  double x1, x2, y1, y2;
} MdBiquadState;

/* Cookbook design. GAIN_DB is ignored by LP/HP; Q is the cookbook's Q for
 * every type (shelves use alpha = sin(w0)/(2Q), not the slope S). FREQ_HZ
 * and Q are clamped to the ranges above. RT-safe, ~100 ns. */
void    md_biquad_design        (MdBiquadCoefs *c, MdBiquadType type, double sample_rate,
                                 double freq_hz, double gain_db, double q);
/* Coefficients of the identity (b0 = 1, rest 0). */
void    md_biquad_identity      (MdBiquadCoefs *c);
/* Response at DC, H(z = 1). */
double  md_biquad_dc_gain       (const MdBiquadCoefs *c);
double  md_biquad_clamp_freq    (double sample_rate, double freq_hz);

void    md_biquad_reset         (MdBiquadState *s);
/* Set the state as if the section had run forever on the constant X:
 * x history = x, y history = H(1) x. Starts a section without a step. */
void    md_biquad_prime         (MdBiquadState *s, const MdBiquadCoefs *c, double x);
/* Flush tiny values to zero; reset a non-finite state. Returns true if the
 * state was non-finite (and reset). Call once per block. */
bool    md_biquad_sanitize      (MdBiquadState *s);
/* The same for N states in a row; returns how many were reset. */
unsigned md_biquad_sanitize_n   (MdBiquadState *s, unsigned n);

/* Run N_SECTIONS (1..4) sections in series in place over BUF. The sections
 * are interleaved per sample so their recursions overlap in the CPU. */
void    md_biquad_run_cascade   (const MdBiquadCoefs *c, MdBiquadState *s,
                                 unsigned n_sections, float *buf, unsigned n_frames);
/* The same for two channels with the same coefficients, interleaved
 * (both results are bit-identical to two md_biquad_run_cascade calls). */
void    md_biquad_run_cascade2  (const MdBiquadCoefs *c, MdBiquadState *sa,
                                 MdBiquadState *sb, unsigned n_sections,
                                 float *a, float *b, unsigned n_frames);
/* Up to 4 lanes (mono channels, e.g. of different strips), each with its
 * own N_SECTIONS (1..MD_BIQUAD_MAX_SECTIONS) sections C[lane][0..n-1] and
 * states S[lane][...], run in lockstep over BUF[lane] in place: vectorised
 * across lanes (AVX2 chosen at run time). Bit-identical to
 * md_biquad_run_cascade per lane (which runs up to 4). */
#define MD_BIQUAD_MAX_LANES 4
#define MD_BIQUAD_MAX_SECTIONS 8
#define MD_BIQUAD_LANE_MAX_FRAMES 256   /* internal split size when n_lanes < 4 */
void    md_biquad_run_lanes     (MdBiquadCoefs *const *c, MdBiquadState *const *s,
                                 unsigned n_lanes, unsigned n_sections,
                                 float *const *buf, unsigned n_frames);
/* One lane of md_biquad_run_lanes_units: a channel's buffer and its
 * sections, by pointer (coefficients and states stay where their units
 * keep them). */
#define MD_BIQUAD_MAX_LANES_UNITS 8
typedef struct
{
  const MdBiquadCoefs *c[MD_BIQUAD_MAX_SECTIONS];
  MdBiquadState *s[MD_BIQUAD_MAX_SECTIONS];
  float *buf;
} MdBiquadLane;

/* Up to MD_BIQUAD_MAX_LANES_UNITS lanes, each with N_SECTIONS sections of
 * several units in series, in place over N_FRAMES frames: where bit k of
 * ROUND_MASK is set, section k ends a unit, and its output is rounded to
 * float as storing it between two unit calls would (so one pass over a
 * strip's HPF, LPF and EQ gives the bits of three). A unit may have up to
 * 4 sections. Bit-identical to md_biquad_run_cascade unit by unit. */
void    md_biquad_run_lanes_units (const MdBiquadLane *lanes, unsigned n_lanes,
                                   unsigned n_sections, unsigned round_mask,
                                   unsigned n_frames);
/* Tests: with ON false, md_biquad_run_lanes_units takes the baseline
 * (frame-major) path even where AVX2 is there. Not for the audio thread
 * while it runs. */
void    md_biquad_set_wide_path (bool on);
void    md_biquad_run           (const MdBiquadCoefs *c, MdBiquadState *s,
                                 float *buf, unsigned n_frames);

/* ------------------------------------------------------------------------
 * Smoothed parameters of one section.
 *
 * Targets are stored by md_biquad_smooth_set (RT-safe, stores only). Each
 * md_biquad_smooth_step advances the current values by one sub-block:
 * log2(freq), gain_db and log2(q) move toward the target with a one-pole
 * of time constant MD_DSP_SMOOTH_MS, each step also limited to
 * MD_BIQUAD_MAX_STEP_* , and snap to the target once within 1e-6. A type
 * change (peaking <-> shelf) first ramps the gain to 0 dB (the section is
 * then the identity), switches, and ramps to the target gain. For
 * peaking/shelf sections at 0 dB, freq and q snap (the response is flat).
 */
#define MD_BIQUAD_MAX_STEP_OCT 0.25   /* per sub-block */
#define MD_BIQUAD_MAX_STEP_DB  1.0
#define MD_BIQUAD_MAX_STEP_LOG2Q 0.25

typedef struct
{
  /* target (written by set) */
  MdBiquadType t_type;
  double t_freq_hz, t_gain_db, t_q;
  double t_lf, t_lq;            /* log2 of the clamped targets */
  /* current */
  MdBiquadType type;
  double lf, gain_db, lq;       /* log2 freq_hz, dB, log2 q */
  double k;                     /* one-pole coefficient per sub-block */
  double sample_rate;
  MdBiquadCoefs c;              /* coefficients of the current values */
  bool moving;                  /* md_biquad_smooth_moving, kept by set/snap/step */
} MdBiquadSmooth;

void    md_biquad_smooth_init   (MdBiquadSmooth *s, double sample_rate, MdBiquadType type,
                                 double freq_hz, double gain_db, double q);
void    md_biquad_smooth_set    (MdBiquadSmooth *s, MdBiquadType type,
                                 double freq_hz, double gain_db, double q);
/* True if the current values differ from the targets. */
bool    md_biquad_smooth_moving (const MdBiquadSmooth *s);
/* Advance one sub-block and recompute s->c. */
void    md_biquad_smooth_step   (MdBiquadSmooth *s);
/* Jump to the targets and recompute s->c. */
void    md_biquad_smooth_snap   (MdBiquadSmooth *s);
/* True if the current section is exactly the identity (peaking/shelf at
 * exactly 0 dB). */
bool    md_biquad_smooth_is_identity (const MdBiquadSmooth *s);

/* ------------------------------------------------------------------------
 * Bypass crossfade: POS runs 0..LEN; the wet weight is smoothstep(pos/len). */
typedef struct
{
  bool on_target;
  unsigned pos, len;
} MdXfade;

void    md_xfade_init           (MdXfade *x, double sample_rate, bool on);
void    md_xfade_set            (MdXfade *x, bool on);
/* True when the unit is fully off and not fading (process may return).
 * Inline: every unit of every strip asks every block. */
static inline bool
md_xfade_is_off (const MdXfade *x)
{
  return !x->on_target && x->pos == 0;
}
/* True when fully on (no crossfade needed). */
bool    md_xfade_is_on          (const MdXfade *x);
/* BUF = dry + (wet - dry) * w over N frames starting at the current
 * position, without advancing. */
void    md_xfade_mix            (const MdXfade *x, const float *dry, float *buf, unsigned n);
void    md_xfade_advance        (MdXfade *x, unsigned n);
