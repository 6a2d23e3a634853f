/* md-dyn.h: gate/expander and feed-forward compressor.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both units: N_CH = 1 or 2 planar channels processed in place with ONE
 * shared gain (a stereo strip is linked; for unlinked channels use one unit
 * per channel). The sidechain is the unit's own input, optionally through a
 * 12 dB/oct Butterworth high-pass (RBJ section, Q 1/sqrt 2, frequency
 * smoothed). Levels are computed per sample in float; the dB conversions use
 * polynomial log2/exp2 accurate to ~1e-6 dB (no libm call per sample).
 * Switching a unit on/off fades its gain (in dB) to/from 0 dB over
 * MD_DSP_XFADE_MS (10 ms, smoothstep shape); off and faded out, process returns at once and
 * leaves the buffers untouched (bit-transparent). A unit applying 0 dB
 * multiplies by exactly 1.0f.
 *
 * Smoothed parameters step on a grid of MD_DYN_CHUNK frames counted from
 * switching on, so the output does not depend on how the frames are split
 * into process calls (given the same set times).
 *
 * Threads: md_*_init is non-RT; md_*_set_*, md_*_process and the meter
 * getters are RT-safe. set_* store targets only; derived coefficients are
 * recomputed at the start of the next process call when a target changed.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "md-biquad.h"
#include "md-svf.h"

/* Frames per internal chunk (fixed-size stack buffers). */
#define MD_DYN_CHUNK 64
/* Gates (and key filters) run in lockstep in up to this many vector lanes,
 * over pieces of up to MD_DYN_PIECE frames. */
#define MD_DYN_MAX_LANES 16
#define MD_DYN_PIECE 256
/* Gate hysteresis: the gate opens when the sidechain peak reaches the
 * threshold and closes (after hold) when it stays below threshold - 3 dB. */
#define MD_GATE_HYSTERESIS_DB 3.0
/* Compressor RMS detector: mean square through a one-pole of this time
 * constant. */
#define MD_COMP_RMS_MS 10.0
/* Ratios at or above this are infinite (limiting: output = threshold). */
#define MD_COMP_RATIO_INF 100.0

typedef enum
{
  MD_DYN_DETECT_PEAK,
  MD_DYN_DETECT_RMS
} MdDynDetect;

/* The key high-pass (12 dB/oct Butterworth): the frequency glides in SM,
 * the filter is a float SVF section (md-svf.h) redesigned from SM at each
 * grid point while it glides (its output mix steps, no ramp: a key). */
typedef struct MdDynSidechain MdDynSidechain;

/* The steady key filters of a group of units, prepared (sc_prefilter):
 * kept in the group's first sidechain, pointing into the others' states;
 * reused while the call has the same sidechains in the same order with the
 * same channel counts, serials and gens as recorded (a unit moved, freed
 * or initialised again does not pass). Up to MD_DYN_MAX_LANES units of up
 * to MD_DSP_MAX_CH channels: lane L of set S is channel LANE_C of unit
 * LANE_U; a set's non-finite state marks its units U0..U1 dirty. */
typedef struct
{
  unsigned n_units;              /* 0: none */
  unsigned n_sets;
  unsigned n_builds;             /* (total, for tests) */
  const MdDynSidechain *sc[MD_DYN_MAX_LANES];
  unsigned long long serial[MD_DYN_MAX_LANES];
  unsigned gen[MD_DYN_MAX_LANES];
  unsigned char nch[MD_DYN_MAX_LANES];
  unsigned char lane_u[2][MD_SVF_MAX_LANES], lane_c[2][MD_SVF_MAX_LANES];
  unsigned char u0[2], u1[2];
  MdSvfLaneSet1 set[2];
} MdDynKeySet;

struct MdDynSidechain
{
  bool on, running;
  bool dirty;                    /* states not flushed since the last sanitize */
  unsigned gen;                  /* bumped when sec's coefficients or on change */
  unsigned long long serial;     /* unique per init */
  MdBiquadSmooth sm;
  MdSvfSection sec;
  MdSvfState st[MD_DSP_MAX_CH];
  MdDynKeySet keys;              /* when this unit's group starts with it */
};

/* ------------------------------------------------------------------------
 * Gate/expander.
 *
 * Detector: per-sample peak max(|sc_ch|) compared against the open
 * threshold (threshold_db) and the close threshold (threshold_db - 3 dB),
 * no smoothing. Closed, a sample at or above the open threshold opens the
 * gate. Open, every sample at or above the close threshold restarts the hold
 * timer; once HOLD_MS passed without one, the gate closes.
 * Gain (dB) moves linearly: from RANGE_DB (closed) to 0 dB in ATTACK_MS, from
 * 0 dB to RANGE_DB in RELEASE_MS (the times are for the full range; rates
 * from a range of at least 1 dB). Threshold, range and times act at once
 * (the gain itself always ramps).
 * RANGE_DB < 0 is the attenuation when closed (a gentle expander at -6 dB,
 * a hard gate at -90 dB).
 */
typedef struct
{
  double sample_rate;
  /* targets (set) */
  bool on;
  double threshold_db, range_db, attack_ms, hold_ms, release_ms;
  bool changed;                  /* a setter ran since the last gate_update */
  /* applied (process) */
  double a_threshold_db, a_range_db, a_attack_ms, a_hold_ms, a_release_ms;
  /* eight floats in a row, in the order the lane kernel takes them (two
   * loads of four per gate and transposes, md-dyn-lanes.h; asserted in
   * md-dyn.c): state and settings */
  float w;                       /* on/off weight 0..1 */
  float w_step;
  float g_db;                    /* gate gain, range..0 */
  float range_f;                 /* a_range_db as the kernel's float (<= 0) */
  float att_step_db, rel_step_db;/* per sample */
  float open_lin, close_lin;     /* thresholds as linear peak */
  /* eight more in a row, the kernel's second load of eight (both rows
   * written back the same way): state */
  float att_max_db;              /* meter: max attenuation during the last process */
  int32_t open;                  /* -1 open, 0 closed (the kernel's mask) */
  int32_t hold_left;
  int32_t hold_n;
  float w_target;                /* on as 0 or 1 (md_gate_set_on) */
  float row_pad[3];              /* (not the kernel's) */
  unsigned phase;                /* frames since the last chunk grid point */
  MdDynSidechain sc;
  unsigned n_resets;
} MdGate;

/* Defaults: off, threshold -50 dB, range -40 dB, attack 1 ms, hold 50 ms,
 * release 200 ms, sidechain HPF off at 80 Hz. Non-RT. */
void   md_gate_init            (MdGate *g, double sample_rate);
/* Jump to the targets (on/off without fade, gate open at 0 dB); for
 * presets before the first process. */
void   md_gate_snap            (MdGate *g);
void   md_gate_set_on          (MdGate *g, bool on);
void   md_gate_set_threshold   (MdGate *g, double threshold_db);
void   md_gate_set_range       (MdGate *g, double range_db);
void   md_gate_set_attack      (MdGate *g, double attack_ms);
void   md_gate_set_hold        (MdGate *g, double hold_ms);
void   md_gate_set_release     (MdGate *g, double release_ms);
void   md_gate_set_sc_hpf_on   (MdGate *g, bool on);
void   md_gate_set_sc_hpf_freq (MdGate *g, double freq_hz);
void   md_gate_process         (MdGate *g, float *const *ch, unsigned n_ch, unsigned n_frames);
/* N gates GS[i], each over its N_CH[i] channels CHS[i] (linked as
 * md_gate_process links them), with their gain computers in lockstep
 * (vector lanes); bit-identical to md_gate_process one by one. RT-safe. */
void   md_gate_process_multi_ch (MdGate *const *gs, float *const *const *chs,
                                 const unsigned *n_ch, unsigned n, unsigned n_frames);
/* Max attenuation (>= 0 dB) applied during the last process call. */
float  md_gate_attenuation_db  (const MdGate *g);

/* ------------------------------------------------------------------------
 * Compressor (Giannoulis, Massberg & Reiss, JAES 2012: feed-forward, gain
 * computer and level detector in the log domain).
 *
 *   x_G = 20 log10 max|sc_ch|          (peak)  or
 *         10 log10 ms, ms = one-pole (MD_COMP_RMS_MS) of mean(sc_ch^2)  (RMS)
 *   static curve, T threshold, R ratio, W knee width (dB):
 *     y_G = x_G                                     2 (x_G - T) < -W
 *     y_G = x_G + (1/R - 1)(x_G - T + W/2)^2 / (2W)  |2 (x_G - T)| <= W
 *     y_G = T + (x_G - T)/R                          2 (x_G - T) > W
 *   x_L = x_G - y_G  (gain reduction, >= 0)
 *   smooth branching peak detector on x_L:
 *     y_L[n] = a y_L[n-1] + (1 - a) x_L[n], a = a_A if x_L[n] > y_L[n-1] else a_R,
 *     a_A = exp(-1 / (attack_ms 1e-3 fs)), a_R likewise: for a step of x_L the
 *     reduction reaches 1 - 1/e of the step after exactly attack_ms (release_ms).
 *   gain_db = makeup_db - y_L; with auto makeup, makeup_db + x_L(0 dBFS),
 *     i.e. a steady 0 dBFS input comes out at 0 dBFS + makeup_db.
 * Threshold, ratio (as 1 - 1/R), knee and makeup are smoothed (one-pole,
 * 10 ms, stepped every 64 frames; the makeup also ramps linearly between
 * steps); attack/release times act at once.
 */
typedef struct
{
  double sample_rate;
  /* targets (set) */
  bool on;
  double threshold_db, ratio, knee_db, attack_ms, release_ms, makeup_db;
  bool auto_makeup;
  MdDynDetect detect;
  bool changed;                  /* a setter of the above ran since comp_begin looked */
  /* applied (process) */
  double a_attack_ms, a_release_ms;
  double a_threshold_db, a_ratio, a_knee_db, a_makeup_db;  /* targets made from */
  bool a_auto_makeup;
  bool settling;                 /* a smoothed setting is not at its target */
  float thr_target, mk_target;
  float s_target, knee_target;
  float k_smooth;                /* per-chunk one-pole */
  /* eight floats in a row, the static curve's five first (curve_lanes
   * loads them with transposes, comp_pre_lanes; asserted in md-dyn.c) */
  float thr_db;                  /* smoothed threshold */
  float slope, knee;             /* smoothed 1 - 1/ratio and knee width */
  float hw, inv2w;               /* knee / 2, 1 / (2 knee) (0 without knee) */
  float mk_from_db;              /* makeup at the previous grid point */
  float mk_db;                   /* smoothed makeup (incl. auto) */
  float dmk;                     /* makeup step per frame; hw, inv2w, dmk:
                                  * from the above (comp_derive) */
  /* eight floats in a row, in the order the lane kernel takes them (one
   * load per compressor and transposes, md-dyn-lanes.h; written back the
   * same way; asserted in md-dyn.c; the last one is not the kernel's):
   * state and settings */
  float y_l;                     /* smoothed gain reduction, dB */
  float c_att, c_rel;            /* 1 - a_A, 1 - a_R */
  float w, w_step;               /* on/off weight */
  float gr_max_db;               /* meter: max reduction during the last process */
  float w_target;                /* on as 0 or 1 (md_comp_set_on) */
  float ms;                      /* RMS detector state */
  float c_rms;
  /* state */
  unsigned phase;                /* frames since the last chunk grid point */
  MdDynSidechain sc;
  unsigned n_resets;
} MdComp;

/* Defaults: off, threshold -20 dB, ratio 4, knee 6 dB, attack 10 ms,
 * release 100 ms, makeup 0 dB, auto makeup off, peak, sidechain HPF off at
 * 80 Hz. Non-RT. */
void   md_comp_init            (MdComp *c, double sample_rate);
/* Jump to the targets (on/off without fade, no reduction yet); for
 * presets before the first process. */
void   md_comp_snap            (MdComp *c);
void   md_comp_set_on          (MdComp *c, bool on);
void   md_comp_set_threshold   (MdComp *c, double threshold_db);
void   md_comp_set_ratio       (MdComp *c, double ratio);     /* >= MD_COMP_RATIO_INF: inf */
void   md_comp_set_knee        (MdComp *c, double knee_db);
void   md_comp_set_attack      (MdComp *c, double attack_ms);
void   md_comp_set_release     (MdComp *c, double release_ms);
void   md_comp_set_makeup      (MdComp *c, double makeup_db);
void   md_comp_set_auto_makeup (MdComp *c, bool on);
void   md_comp_set_detect      (MdComp *c, MdDynDetect detect);
void   md_comp_set_sc_hpf_on   (MdComp *c, bool on);
void   md_comp_set_sc_hpf_freq (MdComp *c, double freq_hz);
void   md_comp_process         (MdComp *c, float *const *ch, unsigned n_ch, unsigned n_frames);
/* Process N mono compressors (CS[i] on BUFS[i], in place), bit for bit the
 * same as N md_comp_process calls with n_ch = 1; the detector recursions of
 * four compressors run in lockstep (vector lanes). RT-safe. */
void   md_comp_process_multi   (MdComp *const *cs, float *const *bufs, unsigned n,
                                unsigned n_frames);
/* The same for compressors of 1..MD_DSP_MAX_CH channels (CS[i] on the
 * N_CH[i] channels CHS[i], linked as md_comp_process links them). RT-safe. */
void   md_comp_process_multi_ch (MdComp *const *cs, float *const *const *chs,
                                 const unsigned *n_ch, unsigned n, unsigned n_frames);
/* Max gain reduction (>= 0 dB) during the last process call. */
float  md_comp_gain_reduction_db (const MdComp *c);
/* Tests: with ON false the gate's and compressor's lockstep kernels take
 * their baseline (4-wide) copies even where AVX2 is there. Not for the
 * audio thread while it runs. */
void   md_dyn_set_wide_path     (bool on);
/* Static curve: gain reduction x_G - y_G (dB, >= 0) at input level X_DB for
 * the given settings. RT-safe. Used for auto makeup and by tests. */
double md_comp_static_gr_db    (double x_db, double threshold_db, double ratio, double knee_db);
/* The polynomial log2 and exp2 the gate and compressor use per sample
 * (exposed for tests/test-dyn, which bounds their error): log2 for finite
 * x >= 1e-10 (absolute error <= 2e-5), exp2 for x in [-120, 120]
 * (relative error <= 1e-5, exact at integers). RT-safe. */
float  md_dyn_log2_approx      (float x);
float  md_dyn_exp2_approx      (float x);
