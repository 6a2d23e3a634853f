/* md-svf.h: the RBJ cookbook sections as trapezoidal (TPT) state-variable
 * filters in float, run across channels in vector lanes.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C11 + libm.
 *
 * Structure: the state-variable filter integrated with the trapezoidal
 * rule (the "topology-preserving transform" / linear trapezoidal SVF),
 * whose outputs are mixed to give each cookbook response exactly: the
 * same bilinear transform, prewarped at the same frequency, Q the
 * cookbook's Q (g = tan(pi f / fs), k = 1/Q; peaking k = 1/(Q A); low
 * shelf g / sqrt(A); high shelf g sqrt(A)). Per sample, with v3 = x - ic2:
 *
 *   y    = D x + (E ic1 + F ic2)          (output from the old state)
 *   ic1 += A2 v3 - C1 ic1                  (trapezoidal integrators, as
 *   ic2 += A2 ic1 + A3 v3                   increments: no 1 - small)
 *
 * with d = 1 / (1 + g (g + k)), A2 = 2 g d, A3 = 2 g^2 d, C1 = 2 g (g + k) d,
 * and D, E, F the output mix (m0, m1, m2 on x, band-pass, low-pass) written
 * on the old state. 7 multiplies and 7 adds per section, all coefficients
 * bounded and each kept at float's relative precision (no coefficient is
 * "1 minus something small", which is what makes a float direct form drift
 * at low frequencies). The output path from x to y is one multiply and one
 * add, so sections in series overlap in the CPU.
 *
 * Float keeps the time-domain error within -100 dBFS of a double
 * reference for -18 dBFS noise everywhere except high-Q, high-gain shelves
 * (see md_svf_design, MD_SVF_SECTION_DOUBLE); measured figures are in
 * HACKING.md "Channel DSP". Those sections run the same structure in double
 * (md_svf_run_double): the state is the same two numbers, so a section
 * moves between the float and the double kernel without a transient.
 *
 * Threads: everything here is RT-safe (no allocation, locks or I/O).
 */
#pragma once

#include <stdbool.h>

#include "md-biquad.h"

/* Coefficients as the float kernels read them: one 32-byte row per
 * section (the lane kernels transpose rows of several lanes into vectors). */
typedef struct
{
  float a2, a3, c1, d, e, f, pad0, pad1;
} MdSvfCoefs;

/* A designed section: the float row, the same in double, and whether the
 * section must run in double (an accuracy corner, see md_svf_design). */
typedef struct
{
  MdSvfCoefs c;
  double a2, a3, c1, d, e, f;
  double dc_gain;               /* H(1) = D + F */
  bool dbl;
  /* the output mix at the start of the current sub-block: while a
   * parameter glides, D, E and F ramp from these to c.d, c.e, c.f over
   * the sub-block (the state is continuous, so the output is too) */
  float pd, pe, pf;
} MdSvfSection;

/* The state of one section of one channel (two trapezoidal integrators). */
typedef struct
{
  float ic1, ic2;
} MdSvfState;

/* Design the cookbook section TYPE (RBJ, Q the cookbook's Q; FREQ_HZ and Q
 * clamped as md_biquad_design does). Peaking and shelves at exactly 0 dB
 * give D = 1, E = F = 0: the output is the input bit for bit while the
 * state runs on. ~150 ns. */
void     md_svf_design            (MdSvfSection *s, MdBiquadType type, double sample_rate,
                                   double freq_hz, double gain_db, double q);
/* md_svf_design from a smoother's current values (flat types at 0 dB
 * included: exact identity with a running state); keeps the ramp start
 * (pd, pe, pf). md_svf_design sets it to the new mix (no ramp). */
void     md_svf_from_smooth       (MdSvfSection *s, const MdBiquadSmooth *sm);
/* At a sub-block grid point: the ramp starts from the current mix. */
void     md_svf_ramp_start        (MdSvfSection *s);
/* True while the output mix ramps in this sub-block. */
static inline bool
md_svf_ramping (const MdSvfSection *s)
{
  return s->pd != s->c.d || s->pe != s->c.e || s->pf != s->c.f;
}

void     md_svf_reset             (MdSvfState *st);
/* The state after running forever on the constant X (ic1 = 0, ic2 = X). */
void     md_svf_prime             (MdSvfState *st, float x);
/* Flush tiny values to zero; reset a non-finite state. Returns how many of
 * the N states were non-finite (and reset). */
#define MD_SVF_TINY 1e-25f      /* state magnitudes below this (-500 dB) are flushed */
unsigned md_svf_sanitize_n        (MdSvfState *st, unsigned n);

/* One lane: a channel's buffer and its sections in series (by pointer:
 * coefficients and states stay where their units keep them). */
#define MD_SVF_MAX_LANES 16     /* two AVX2 lane groups: see md_svf_run_lanes */
#define MD_SVF_MAX_SECTIONS 8
typedef struct
{
  const MdSvfCoefs *c[MD_SVF_MAX_SECTIONS];
  MdSvfState *s[MD_SVF_MAX_SECTIONS];
  float *buf;
} MdSvfLane;

/* Run N_LANES (up to MD_SVF_MAX_LANES) lanes of N_SECTIONS float sections
 * each, in place over N_FRAMES frames: 8 lanes per AVX2 register or 4 per
 * SSE2 register (picked at run time); every lane gets the same bits on
 * either path and for any number of lanes (the same operations in the same
 * order, no FMA). A pass of 1-3 sections (a key filter, a lone LPF, what is
 * left after groups of 4) is latency-bound, so two AVX2 lane groups (four
 * SSE2 ones) run interleaved frame by frame. Sections marked dbl must not
 * be passed here. At the end the states are flushed as md_svf_sanitize_n
 * does; returns true if one is not finite (then md_svf_sanitize_n resets
 * and counts it). */
bool     md_svf_run_lanes         (const MdSvfLane *lanes, unsigned n_lanes,
                                   unsigned n_sections, unsigned n_frames);
/* The same, lane J reading SRC[J] (N_FRAMES floats; SRC or SRC[J] NULL:
 * its buf, in place) and writing its buf: a filtered copy without a copy
 * first. */
bool     md_svf_run_lanes_in      (const MdSvfLane *lanes, const float *const *src,
                                   unsigned n_lanes, unsigned n_sections,
                                   unsigned n_frames);
/* A lane set: lanes prepared once for many runs (md_chan keeps one per
 * batch of strips while their units stay steady). It holds the lanes'
 * state pointers, one row of MD_SVF_MAX_LANES per section (padding lanes:
 * zero sections on scratch states), and the coefficients already
 * transposed, one column of lanes per field and section, so a run only
 * moves the states; the coefficients are copies: prepare again after any
 * of them changes. The padding points into the set: it must not move
 * after it was prepared. The section capacity NSEC is the type's: the
 * kernel reads section K's columns at co[K] and its states at sp[K], so
 * a set of fewer sections is just shorter. MdSvfLaneSet holds up to
 * MD_SVF_MAX_SECTIONS (4.1 KiB), MdSvfLaneSet1 one (a key filter, 528
 * bytes). */
#define MD_SVF_LANE_SET_FIELDS(NSEC)                                    \
  float co[NSEC][6][MD_SVF_MAX_LANES];                                  \
  MdSvfState *sp[NSEC][MD_SVF_MAX_LANES];                               \
  MdSvfState scratch[NSEC];                                             \
  unsigned n_lanes, n_sections
typedef struct
{
  MD_SVF_LANE_SET_FIELDS (MD_SVF_MAX_SECTIONS);
} MdSvfLaneSet;
typedef struct
{
  MD_SVF_LANE_SET_FIELDS (1);
} MdSvfLaneSet1;

/* Prepare LS from N_LANES lanes of N_SECTIONS float sections (their c and
 * s; buf is not used). RT-safe (no allocation), ~1 us for 16 lanes. */
void     md_svf_lane_set_prepare  (MdSvfLaneSet *ls, const MdSvfLane *lanes,
                                   unsigned n_lanes, unsigned n_sections);
/* md_svf_run_lanes on the prepared lanes, lane J in place on BUFS[J]
 * (N_LANES buffers of N_FRAMES floats): the same bits. RT-safe. */
bool     md_svf_lane_set_run      (MdSvfLaneSet *ls, float *const *bufs, unsigned n_frames);
/* The same, lane J reading SRC[J] and writing OUT[J] (N_LANES buffers of
 * N_FRAMES floats each; SRC[J] may be OUT[J]): a filtered copy without a
 * copy first, as md_svf_run_lanes_in. RT-safe. */
bool     md_svf_lane_set_run_in   (MdSvfLaneSet *ls, const float *const *src,
                                   float *const *out, unsigned n_frames);
/* The same for a one-section set (N_SECTIONS above 1 is cut to 1). */
void     md_svf_lane_set1_prepare (MdSvfLaneSet1 *ls, const MdSvfLane *lanes,
                                   unsigned n_lanes, unsigned n_sections);
bool     md_svf_lane_set1_run_in  (MdSvfLaneSet1 *ls, const float *const *src,
                                   float *const *out, unsigned n_frames);
/* Two one-section sets A and B over the same N_FRAMES, each as
 * md_svf_lane_set1_run_in would run it (the same bits, outputs and
 * states), their lane groups interleaved in one frame loop: a key
 * filter's pass is latency-bound, and two sets give it four AVX2 chains
 * (two AVX-512F ones) where one set has two (one). Any lane counts;
 * SRC_A[J] may be OUT_A[J] (likewise B), but no buffer or state of A may
 * be one of B's. Returns 1 if a state of A is not finite, 2 if one of
 * B's, 3 both (md_svf_sanitize_n resets them). On the baseline (4-wide)
 * path two sets of up to 8 lanes run as up to four 4-lane chains; with a
 * set of more (already four chains there), for calls of fewer than 16
 * frames (where the two calls cost less) or with a set empty, the two
 * sets run one after the other. RT-safe. */
unsigned md_svf_lane_set1_run2_in (MdSvfLaneSet1 *a, const float *const *src_a,
                                   float *const *out_a, MdSvfLaneSet1 *b,
                                   const float *const *src_b, float *const *out_b,
                                   unsigned n_frames);
/* One section in double (for sections marked dbl), one channel in place;
 * PHASE is the position in the sub-block (for the output ramp). */
void     md_svf_run_double        (const MdSvfSection *s, MdSvfState *st, float *buf,
                                   unsigned n_frames, unsigned phase);
/* N_SECTIONS sections (float or double as marked) in series over N_CH
 * (1..MD_DSP_MAX_CH) channels in place; ST[ch][k] is channel CH's state
 * of section K; PHASE is the position in the sub-block, and a ramping
 * section's call must not cross the end of it. The same bits as
 * md_svf_run_lanes for float sections that do not ramp. */
void     md_svf_run_unit          (const MdSvfSection *const *secs, unsigned n_sections,
                                   MdSvfState *const *st, unsigned n_ch, float *const *ch,
                                   unsigned n_frames, unsigned phase);
/* Tests: with ON false the lane kernels take the 4-wide (baseline) path
 * even where AVX2 is there. Not for the audio thread while it runs. */
void     md_svf_set_wide_path     (bool on);
/* With ON false lanes of more than 8 take the AVX2 kernel even where
 * AVX-512F is there (the 16-wide kernel): tests, and the environment
 * variable MIXDESK_NO_AVX512 (md_engine_new). Not for the audio thread
 * while it runs. */
void     md_svf_set_16_wide       (bool on);
/* Whether lanes of more than 8 run in the 16-wide (AVX-512F) kernel:
 * built in, the CPU has it, and neither switch is off. */
bool     md_svf_16_wide           (void);
