/* md-svf.c: cookbook sections as float trapezoidal state-variable filters.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-svf.h"

#include <math.h>
#include <stddef.h>
#include <string.h>


static double
clamp_q (double q)
{
  if (!(q >= MD_BIQUAD_Q_MIN))
    return MD_BIQUAD_Q_MIN;
  return q > MD_BIQUAD_Q_MAX ? MD_BIQUAD_Q_MAX : q;
}

/* The accuracy corners: settings whose float output strays more than
 * -100 dBFS from a double reference (full-scale sines at the corner
 * frequency or at 1 kHz, -18 dBFS noise; 20 Hz .. 20 kHz at 44.1, 48 and
 * 96 kHz), found by measurement (HACKING.md "Channel DSP"). The error of a
 * float section grows with its peak gain and its Q (the coefficients'
 * relative rounding, 2^-24, moves a resonance of gain G and quality Q by
 * ~G Q 2^-24 of full scale); cuts and gentle boosts stay below -100 dBFS
 * with a margin of at least 2 dB, these do not, so they run in double. */
static bool
needs_double (MdBiquadType type, double gain_db, double q)
{
  switch (type)
    {
    case MD_BIQUAD_LOWPASS:
    case MD_BIQUAD_HIGHPASS:
      return q > 2.0;
    case MD_BIQUAD_PEAKING:
    case MD_BIQUAD_LOWSHELF:
    case MD_BIQUAD_HIGHSHELF:
    default:
      if (gain_db <= 0.0)
        return type != MD_BIQUAD_PEAKING && q > 8.0;
      if (gain_db <= 6.0)
        return type != MD_BIQUAD_PEAKING ? q > 3.0 : false;
      if (gain_db <= 12.0)
        return q > 1.0;
      return true;                      /* +18 dB q 0.3 already at -101 dBFS */
    }
}

void
md_svf_design (MdSvfSection *s, MdBiquadType type, double sample_rate, double freq_hz,
               double gain_db, double q)
{
  double f = md_biquad_clamp_freq (sample_rate, freq_hz);
  double g = tan (M_PI * f / sample_rate);
  double k = 1.0 / clamp_q (q);
  double A = 1.0, m0 = 0.0, m1 = 0.0, m2 = 0.0, d, gd;

  switch (type)
    {
    case MD_BIQUAD_LOWPASS:
      m2 = 1.0;
      break;
    case MD_BIQUAD_HIGHPASS:
      m0 = 1.0;
      m1 = -k;
      m2 = -1.0;
      break;
    case MD_BIQUAD_PEAKING:
      A = pow (10.0, gain_db / 40.0);
      k /= A;
      m0 = 1.0;
      m1 = k * (A * A - 1.0);
      break;
    case MD_BIQUAD_LOWSHELF:
      A = pow (10.0, gain_db / 40.0);
      g /= sqrt (A);
      m0 = 1.0;
      m1 = k * (A - 1.0);
      m2 = A * A - 1.0;
      break;
    case MD_BIQUAD_HIGHSHELF:
    default:
      A = pow (10.0, gain_db / 40.0);
      g *= sqrt (A);
      m0 = A * A;
      m1 = k * (1.0 - A) * A;
      m2 = 1.0 - A * A;
      break;
    }
  if (gain_db == 0.0 && type != MD_BIQUAD_LOWPASS && type != MD_BIQUAD_HIGHPASS)
    {
      m0 = 1.0;                         /* exactly flat */
      m1 = m2 = 0.0;
    }
  /* band-pass v1 = d ic1 + g d v3, low-pass v2 = ic2 + g d ic1 + g^2 d v3
   * (v3 = x - ic2); y = m0 x + m1 v1 + m2 v2 written on x and the state */
  d = 1.0 / (1.0 + g * (g + k));
  gd = g * d;
  s->a2 = 2.0 * gd;
  s->a3 = 2.0 * g * gd;
  s->c1 = 2.0 * g * (g + k) * d;
  s->d = m0 + m1 * gd + m2 * g * gd;
  s->e = m1 * d + m2 * gd;
  s->f = -m1 * gd + m2 * (1.0 + g * k) * d;      /* 1 - g^2 d, without cancellation */
  if (m1 == 0.0 && m2 == 0.0)
    s->e = s->f = 0.0;                  /* no -0.0 */
  s->dc_gain = s->d + s->f;
  s->c.a2 = (float) s->a2;
  s->c.a3 = (float) s->a3;
  s->c.c1 = (float) s->c1;
  s->c.d = (float) s->d;
  s->c.e = (float) s->e;
  s->c.f = (float) s->f;
  s->c.pad0 = s->c.pad1 = 0.0f;
  s->dbl = needs_double (type, gain_db, clamp_q (q));
  s->pd = s->c.d;
  s->pe = s->c.e;
  s->pf = s->c.f;
}

void
md_svf_ramp_start (MdSvfSection *s)
{
  s->pd = s->c.d;
  s->pe = s->c.e;
  s->pf = s->c.f;
}


static bool
is_flat_type (MdBiquadType t)
{
  return t == MD_BIQUAD_PEAKING || t == MD_BIQUAD_LOWSHELF || t == MD_BIQUAD_HIGHSHELF;
}

void
md_svf_from_smooth (MdSvfSection *s, const MdBiquadSmooth *sm)
{
  double gain = is_flat_type (sm->type) ? sm->gain_db : 0.0;
  float pd = s->pd, pe = s->pe, pf = s->pf;

  md_svf_design (s, sm->type, sm->sample_rate, exp2 (sm->lf), gain, exp2 (sm->lq));
  s->pd = pd;
  s->pe = pe;
  s->pf = pf;
}

void
md_svf_reset (MdSvfState *st)
{
  st->ic1 = st->ic2 = 0.0f;
}

void
md_svf_prime (MdSvfState *st, float x)
{
  st->ic1 = 0.0f;
  st->ic2 = x;
}

unsigned
md_svf_sanitize_n (MdSvfState *st, unsigned n)
{
  unsigned bad = 0;

  for (unsigned k = 0; k < n; k++)
    {
      float a = st[k].ic1, b = st[k].ic2;

      if (!isfinite (a + b))
        {
          md_svf_reset (&st[k]);
          bad++;
          continue;
        }
      st[k].ic1 = fabsf (a) < MD_SVF_TINY ? 0.0f : a;
      st[k].ic2 = fabsf (b) < MD_SVF_TINY ? 0.0f : b;
    }
  return bad;
}

/* the ramp weight of frame I of a call at PHASE: 1/32 .. 1 over the
 * sub-block */
static inline float
ramp_w (unsigned phase, unsigned i)
{
  return (float) (phase + i + 1) * (1.0f / MD_DSP_SUB_FRAMES);
}

void
md_svf_run_double (const MdSvfSection *s, MdSvfState *st, float *buf, unsigned n_frames,
                   unsigned phase)
{
  double a2 = s->a2, a3 = s->a3, c1 = s->c1, d = s->d, e = s->e, f = s->f;
  double i1 = st->ic1, i2 = st->ic2;
  bool ramp = md_svf_ramping (s);

  for (unsigned i = 0; i < n_frames; i++)
    {
      double x = buf[i], v3 = x - i2;
      double t = a2 * v3 - c1 * i1, u = a2 * i1 + a3 * v3;

      if (ramp)
        {
          double w = ramp_w (phase, i);

          d = s->pd + (s->d - s->pd) * w;
          e = s->pe + (s->e - s->pe) * w;
          f = s->pf + (s->f - s->pf) * w;
        }
      buf[i] = (float) (d * x + (e * i1 + f * i2));
      i1 += t;
      i2 += u;
    }
  st->ic1 = (float) i1;
  st->ic2 = (float) i2;
}

/* a float section whose output mix ramps, one channel */
static void
run_ramp (const MdSvfSection *s, MdSvfState *st, float *buf, unsigned n_frames,
          unsigned phase)
{
  float a2 = s->c.a2, a3 = s->c.a3, c1 = s->c.c1;
  float i1 = st->ic1, i2 = st->ic2;

  for (unsigned i = 0; i < n_frames; i++)
    {
      float w = ramp_w (phase, i);
      float d = s->pd + (s->c.d - s->pd) * w;
      float e = s->pe + (s->c.e - s->pe) * w;
      float f = s->pf + (s->c.f - s->pf) * w;
      float x = buf[i], v3 = x - i2;
      float t = a2 * v3 - c1 * i1, u = a2 * i1 + a3 * v3;

      buf[i] = d * x + (e * i1 + f * i2);
      i1 = i1 + t;
      i2 = i2 + u;
    }
  st->ic1 = i1;
  st->ic2 = i2;
}

/* ---------------------------------------------------------------------- */
/* the lane kernels: 4 wide (baseline) and 8 wide (AVX2, chosen at run
 * time); not under ThreadSanitizer (see md-biquad.c) */

/* frames per pass of the lane kernels: the coefficients and states are
 * gathered once per pass (8 KiB of stack for the vectors of a piece) */
#define MD_SVF_PIECE 256

/* A wrapper NAME around the kernel RUN_G with its group arguments (A, B,
 * C): it holds two copies of the kernel, one for a lane set's run (PCO
 * its coefficient columns, PSP its state pointers) and one for lanes'
 * rows (PCO NULL: md_svf_run_lanes), so PCO is tested once per call
 * rather than in every section's load and every lane group's pointer
 * arithmetic. Expanded inside each width's target pragma. */
#define SVF_WRAPPER(NAME, RUN_G, A, B, C)                                           \
  static bool                                                                       \
  NAME (const MdSvfLane *const *lp, const float *pco, MdSvfState *const *psp,       \
        const float *const *in, float *const *out, unsigned n_sec, unsigned n, bool last) \
  {                                                                                 \
    return pco ? RUN_G (true, NULL, pco, psp, in, out, n_sec, n, last, A, B, C)     \
               : RUN_G (false, lp, NULL, NULL, in, out, n_sec, n, last, A, B, C);   \
  }

/* A wrapper NAME around the two-set kernel RUN_SETS1 (in its target
 * pragma, VI its mask vector, ANY its test): G (2-4) lane groups, the
 * first GA of them set A's; returns 1 if a state of A is not finite, 2
 * if one of B's, 3 both. */
#define SVF_SETS2_WRAPPER(NAME, RUN_SETS1, VI, ANY)                                 \
  static unsigned                                                                   \
  NAME (const float *const *pco, MdSvfState *const *const *psp,                     \
        const float *const *const *in, float *const *const *out, unsigned n,       \
        unsigned ga, unsigned g)                                                    \
  {                                                                                 \
    VI bad[4] = { { 0 } }, ba = { 0 }, bb = { 0 };                                  \
                                                                                    \
    switch (g)                                                                      \
      {                                                                             \
      case 2: RUN_SETS1 (pco, psp, in, out, n, 2, bad); break;                      \
      case 3: RUN_SETS1 (pco, psp, in, out, n, 3, bad); break;                      \
      default: RUN_SETS1 (pco, psp, in, out, n, 4, bad); break;                     \
      }                                                                             \
    for (unsigned q = 0; q < 4; q++)                                                \
      {                                                                             \
        if (q < ga)                                                                 \
          ba |= bad[q];                                                             \
        else                                                                        \
          bb |= bad[q];                                                             \
      }                                                                             \
    return (unsigned) ANY (ba) | (unsigned) ANY (bb) << 1;                          \
  }

#define MD_SVF_W 4
#define MD_SVF_FN(name) svf4_##name
#include "md-svf-lanes.h"
#undef MD_SVF_FN
#undef MD_SVF_W

/* 4 wide: one group of 4 lanes; two, two interleaved where a pass has few
 * sections; four, four interleaved for one section and two pairs for 2-3
 * (more would spill the states: 16 registers). */
SVF_WRAPPER (svf4_run1, svf4_run_g, 1, 1, 1)
SVF_WRAPPER (svf4_run2, svf4_run_g, 2, 2, 2)
SVF_WRAPPER (svf4_run4, svf4_run_g, 4, 4, 2)
SVF_SETS2_WRAPPER (svf4_sets2, svf4_run_sets1, svf4_Vi, svf4_any)

#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
#define MD_SVF_HAVE_AVX2 1
#pragma GCC push_options
#pragma GCC target ("avx2")
#define MD_SVF_W 8
#define MD_SVF_FN(name) svf8_##name
#include "md-svf-lanes.h"
#undef MD_SVF_FN
#undef MD_SVF_W

/* 8 wide: one group of 8 lanes, or two (interleaved for 1-3 sections) */
SVF_WRAPPER (svf8_run1, svf8_run_g, 1, 1, 1)
SVF_WRAPPER (svf8_run2, svf8_run_g, 2, 2, 2)
SVF_SETS2_WRAPPER (svf8_sets2, svf8_run_sets1, svf8_Vi, svf8_any)
#pragma GCC pop_options

/* 16 wide (AVX-512F): one group of all 16 lanes of a lane set. Zen 5
 * issues 3 float vector ops a cycle at 256 or 512 bits alike (HACKING.md
 * "Branch svfslope"), so a 512-bit section costs what a 256-bit one does
 * and a 9-16 lane set runs in about half the time of two 8-lane groups.
 * No contraction: AVX-512F has FMA, and a fused a * b + c would change
 * the bits. Lane sets and plain lanes of 9-16 lanes. */
#define MD_SVF_HAVE_AVX512 1
#pragma GCC push_options
#pragma GCC target ("avx512f")
#pragma GCC optimize ("fp-contract=off")
#define MD_SVF_W 16
#define MD_SVF_FN(name) svf16_##name
#include "md-svf-lanes.h"
#undef MD_SVF_FN
#undef MD_SVF_W

SVF_WRAPPER (svf16_run1, svf16_run_g, 1, 1, 1)
/* (one 16-lane group per set) */
static unsigned
svf16_sets2 (const float *const *pco, MdSvfState *const *const *psp,
             const float *const *const *in, float *const *const *out, unsigned n)
{
  svf16_Vi bad[2] = { { 0 } };

  svf16_run_sets1 (pco, psp, in, out, n, 2, bad);
  return (unsigned) svf16_any (bad[0]) | (unsigned) svf16_any (bad[1]) << 1;
}
#pragma GCC pop_options
#endif

static bool wide_off, w16_off;

void
md_svf_set_wide_path (bool on)
{
  wide_off = !on;
}

void
md_svf_set_16_wide (bool on)
{
  w16_off = !on;
}

bool
md_svf_16_wide (void)
{
#ifdef MD_SVF_HAVE_AVX512
  return !wide_off && !w16_off && __builtin_cpu_supports ("avx2")
         && __builtin_cpu_supports ("avx512f");
#else
  return false;
#endif
}

/* One piece (N frames, at most MD_SVF_PIECE) of N_PAD lanes (whole
 * groups of W) through the W-wide kernels: lane J reads IN[J] and writes
 * OUT[J]. */
static inline __attribute__ ((always_inline)) bool
run_piece (unsigned w, unsigned n_pad, const MdSvfLane *const *lp, const float *pco,
           MdSvfState *const *psp, const float *const *in, float *const *out,
           unsigned n_sections, unsigned n)
{
  bool bad = false;

#ifdef MD_SVF_HAVE_AVX512
  if (w == 16)
    return svf16_run1 (lp, pco, psp, in, out, n_sections, n, true);
#endif
#ifdef MD_SVF_HAVE_AVX2
  if (w == 8)
    {
      if (n_pad == 16)
        return svf8_run2 (lp, pco, psp, in, out, n_sections, n, true);
      return svf8_run1 (lp, pco, psp, in, out, n_sections, n, true);
    }
#endif
  (void) w;
  switch (n_pad / 4)
    {
    case 1:
      bad |= svf4_run1 (lp, pco, psp, in, out, n_sections, n, true);
      break;
    case 2:
      bad |= svf4_run2 (lp, pco, psp, in, out, n_sections, n, true);
      break;
    case 3:
      bad |= svf4_run2 (lp, pco, psp, in, out, n_sections, n, true);
      bad |= svf4_run1 (pco ? NULL : lp + 8, pco ? pco + 8 : NULL, pco ? psp + 8 : NULL,
                        in + 8, out + 8, n_sections, n, true);
      break;
    default:
      bad |= svf4_run4 (lp, pco, psp, in, out, n_sections, n, true);
      break;
    }
  return bad;
}

/* Run the lanes LP[0..N_LANES-1] (padded by the caller with lanes of zero
 * sections and scratch states up to MD_SVF_MAX_LANES), with PCO the lane
 * set's coefficients or NULL: lane J reads SRC[J] and writes DST[J]. */
static bool
run_lanes (const MdSvfLane *const *lp, const float *pco, MdSvfState *const *psp, float *const *dst,
           const float *const *src, unsigned n_lanes, unsigned n_sections, unsigned n_frames)
{
  static const float zero[MD_SVF_PIECE];
  float sink[MD_SVF_PIECE];
  const float *in[MD_SVF_MAX_LANES];
  float *out[MD_SVF_MAX_LANES];
  unsigned w = 4, n_pad;
  bool bad = false;

#ifdef MD_SVF_HAVE_AVX2
  if (n_lanes > 4 && !wide_off && __builtin_cpu_supports ("avx2"))
    w = 8;
#endif
#ifdef MD_SVF_HAVE_AVX512
  if (n_lanes > 8 && !wide_off && !w16_off && __builtin_cpu_supports ("avx512f"))
    w = 16;
#endif
  /* whole groups of W lanes; 3 groups of 4 run as 2 + 1 */
  n_pad = (n_lanes + w - 1) / w * w;
  /* whole groups and one piece (a block of up to MD_SVF_PIECE frames):
   * the caller's pointers are the piece's, no copy */
  if (n_pad == n_lanes && n_frames <= MD_SVF_PIECE)
    return run_piece (w, n_pad, lp, pco, psp, src, dst, n_sections, n_frames);
  /* the padding lanes read zeros and write to a sink, a piece at a time
   * (the states are flushed at the end of each piece, as before) */
  for (unsigned pos = 0; pos < n_frames; pos += MD_SVF_PIECE)
    {
      unsigned n = n_frames - pos < MD_SVF_PIECE ? n_frames - pos : MD_SVF_PIECE;

      for (unsigned j = 0; j < n_pad; j++)
        {
          in[j] = j >= n_lanes ? zero : src[j] + pos;
          out[j] = j < n_lanes ? dst[j] + pos : sink;
        }
      bad |= run_piece (w, n_pad, lp, pco, psp, in, out, n_sections, n);
    }
  return bad;
}

bool
md_svf_run_lanes_in (const MdSvfLane *lanes, const float *const *src, unsigned n_lanes,
                     unsigned n_sections, unsigned n_frames)
{
  static const MdSvfCoefs zero_c;       /* output 0, state stays 0 */
  MdSvfState scratch_s[MD_SVF_MAX_SECTIONS];
  MdSvfLane pad;
  const MdSvfLane *lp[MD_SVF_MAX_LANES];
  const float *in[MD_SVF_MAX_LANES];
  float *out[MD_SVF_MAX_LANES];

  if (n_lanes > MD_SVF_MAX_LANES)
    n_lanes = MD_SVF_MAX_LANES;
  if (n_sections > MD_SVF_MAX_SECTIONS)
    n_sections = MD_SVF_MAX_SECTIONS;
  if (n_lanes == 0 || n_sections == 0 || n_frames == 0)
    return false;
  /* the kernels read the lanes' section pointers where they are; the
   * padding lanes share one lane of zero sections and scratch states */
  for (unsigned j = 0; j < MD_SVF_MAX_LANES; j++)
    lp[j] = j < n_lanes ? &lanes[j] : &pad;
  if (n_lanes % 8 != 0)
    {
      for (unsigned k = 0; k < n_sections; k++)
        {
          pad.c[k] = &zero_c;
          pad.s[k] = &scratch_s[k];
        }
      memset (scratch_s, 0, sizeof scratch_s);
    }
  for (unsigned j = 0; j < n_lanes; j++)
    {
      in[j] = src && src[j] ? src[j] : lanes[j].buf;
      out[j] = lanes[j].buf;
    }
  return run_lanes (lp, NULL, NULL, out, in, n_lanes, n_sections, n_frames);
}

/* prepare a lane set of capacity CAP sections: CO its columns
 * ([CAP][6][MD_SVF_MAX_LANES]), SP its state pointers
 * ([CAP][MD_SVF_MAX_LANES]), SCRATCH its CAP scratch states */
static void
lane_set_prepare (float *co, MdSvfState **sp, MdSvfState *scratch, unsigned cap,
                  unsigned *nl, unsigned *ns, const MdSvfLane *lanes, unsigned n_lanes,
                  unsigned n_sections)
{
  static const MdSvfCoefs zero_c;

  if (n_lanes > MD_SVF_MAX_LANES)
    n_lanes = MD_SVF_MAX_LANES;
  if (n_sections > cap)
    n_sections = cap;
  *nl = n_lanes;
  *ns = n_sections;
  memset (scratch, 0, cap * sizeof *scratch);
  for (unsigned j = 0; j < MD_SVF_MAX_LANES; j++)
    for (unsigned k = 0; k < n_sections; k++)
      {
        const MdSvfCoefs *c = j < n_lanes ? lanes[j].c[k] : &zero_c;
        float *ck = co + k * 6 * MD_SVF_MAX_LANES + j;

        sp[k * MD_SVF_MAX_LANES + j] = j < n_lanes ? lanes[j].s[k] : &scratch[k];
        ck[0 * MD_SVF_MAX_LANES] = c->a2;
        ck[1 * MD_SVF_MAX_LANES] = c->a3;
        ck[2 * MD_SVF_MAX_LANES] = c->c1;
        ck[3 * MD_SVF_MAX_LANES] = c->d;
        ck[4 * MD_SVF_MAX_LANES] = c->e;
        ck[5 * MD_SVF_MAX_LANES] = c->f;
      }
}

void
md_svf_lane_set_prepare (MdSvfLaneSet *ls, const MdSvfLane *lanes, unsigned n_lanes,
                         unsigned n_sections)
{
  lane_set_prepare (&ls->co[0][0][0], &ls->sp[0][0], ls->scratch, MD_SVF_MAX_SECTIONS,
                    &ls->n_lanes, &ls->n_sections, lanes, n_lanes, n_sections);
}

void
md_svf_lane_set1_prepare (MdSvfLaneSet1 *ls, const MdSvfLane *lanes, unsigned n_lanes,
                          unsigned n_sections)
{
  lane_set_prepare (&ls->co[0][0][0], &ls->sp[0][0], ls->scratch, 1,
                    &ls->n_lanes, &ls->n_sections, lanes, n_lanes, n_sections);
}

/* a lane set of either size (its coefficient columns CO, state pointers
 * SP) from SRC into OUT */
#define SET_RUN_IN(LS, SRC, OUT, N)                                         \
  ((LS)->n_lanes == 0 || (LS)->n_sections == 0 || (N) == 0                  \
   ? false                                                                  \
   : run_lanes (NULL, &(LS)->co[0][0][0], &(LS)->sp[0][0], (OUT), (SRC),    \
                (LS)->n_lanes, (LS)->n_sections, (N)))

bool
md_svf_lane_set_run (MdSvfLaneSet *ls, float *const *bufs, unsigned n_frames)
{
  return SET_RUN_IN (ls, (const float *const *) bufs, bufs, n_frames);
}

bool
md_svf_lane_set_run_in (MdSvfLaneSet *ls, const float *const *src, float *const *out,
                        unsigned n_frames)
{
  return SET_RUN_IN (ls, src, out, n_frames);
}

bool
md_svf_lane_set1_run_in (MdSvfLaneSet1 *ls, const float *const *src, float *const *out,
                         unsigned n_frames)
{
  return SET_RUN_IN (ls, src, out, n_frames);
}
#undef SET_RUN_IN

/* Lane set LS's lanes (SRC[J] into DST[J]) as NG groups of W, chains
 * Q0.. of the two-set kernel (PCO, PSP, IN, OUT); with some lanes
 * padding (not a whole number of groups, or more than one piece: POS is
 * the piece's first frame) the chains' lanes are copied to PIN, POUT,
 * padding lanes reading ZERO and writing SINK */
static void
sets2_chains (MdSvfLaneSet1 *ls, const float *const *src, float *const *dst, unsigned w,
              unsigned ng, unsigned q0, bool whole, unsigned pos, const float *zero,
              float *sink, const float **pco, MdSvfState *const **psp,
              const float *const **in, float *const **out, const float **pin, float **pout)
{
  for (unsigned q = 0; q < ng; q++)
    {
      pco[q0 + q] = &ls->co[0][0][q * w];
      psp[q0 + q] = &ls->sp[0][q * w];
      in[q0 + q] = whole ? src + q * w : pin + q * w;
      out[q0 + q] = whole ? dst + q * w : pout + q * w;
    }
  if (!whole)
    for (unsigned j = 0; j < ng * w; j++)
      {
        pin[j] = j < ls->n_lanes ? src[j] + pos : zero;
        pout[j] = j < ls->n_lanes ? dst[j] + pos : sink;
      }
}

#define SETS2_MIN_FRAMES 16

unsigned
md_svf_lane_set1_run2_in (MdSvfLaneSet1 *a, const float *const *src_a, float *const *out_a,
                          MdSvfLaneSet1 *b, const float *const *src_b, float *const *out_b,
                          unsigned n_frames)
{
  /* 4 wide: sets of up to 8 lanes, 1-2 groups each (the 4-wide kernel
   * already runs a set of 9-16 lanes as 3-4 interleaved groups; more
   * would spill the 16 xmm registers) */
  unsigned w = a->n_lanes <= 8 && b->n_lanes <= 8 ? 4 : 0;

#ifdef MD_SVF_HAVE_AVX2
  /* (two sets of up to 4 lanes: two 4-lane groups, not two half-empty
   * 8-lane ones, as md_svf_lane_set1_run_in takes 4 lanes) */
  if ((a->n_lanes > 4 || b->n_lanes > 4) && !wide_off && __builtin_cpu_supports ("avx2"))
    w = 8;
#endif
#ifdef MD_SVF_HAVE_AVX512
  /* two sets of up to 8 lanes: two 8-lane groups, not two half-empty
   * 16-lane ones */
  if (w == 8 && (a->n_lanes > 8 || b->n_lanes > 8) && !w16_off
      && __builtin_cpu_supports ("avx512f"))
    w = 16;
#endif
  /* below SETS2_MIN_FRAMES the two calls cost less
   * (the frame loop's gain does not cover the setup of four groups:
   * HACKING.md "Branch key4"); an empty set: the other alone */
  if (w == 0 || n_frames < SETS2_MIN_FRAMES || a->n_lanes == 0 || a->n_sections == 0
      || b->n_lanes == 0 || b->n_sections == 0)
    return (unsigned) md_svf_lane_set1_run_in (a, src_a, out_a, n_frames)
           | (unsigned) md_svf_lane_set1_run_in (b, src_b, out_b, n_frames) << 1;
  {
    static const float zero[MD_SVF_PIECE];
    float sink[MD_SVF_PIECE];
    const float *pco[4], *pin[2][MD_SVF_MAX_LANES];
    const float *const *in[4];
    float *pout[2][MD_SVF_MAX_LANES];
    float *const *out[4];
    MdSvfState *const *psp[4];
    /* 4 and 8 wide: a set's 1-2 groups; 16 wide: one group of all 16
     * lanes (its padding: zero columns on scratch states, as prepared) */
    const unsigned ga = (a->n_lanes + w - 1) / w, gb = (b->n_lanes + w - 1) / w;
    /* a set of whole groups in one piece: the caller's pointers */
    const bool one = n_frames <= MD_SVF_PIECE;
    const bool wa = one && a->n_lanes == ga * w, wb = one && b->n_lanes == gb * w;
    unsigned mask = 0;

    /* pieces of MD_SVF_PIECE frames, the states flushed at the end of
     * each, as run_lanes does */
    for (unsigned pos = 0; pos < n_frames; pos += MD_SVF_PIECE)
      {
        unsigned n = n_frames - pos < MD_SVF_PIECE ? n_frames - pos : MD_SVF_PIECE;

        sets2_chains (a, src_a, out_a, w, ga, 0, wa, pos, zero, sink, pco, psp, in, out,
                      pin[0], pout[0]);
        sets2_chains (b, src_b, out_b, w, gb, ga, wb, pos, zero, sink, pco, psp, in, out,
                      pin[1], pout[1]);
#ifdef MD_SVF_HAVE_AVX512
        if (w == 16)
          {
            mask |= svf16_sets2 (pco, psp, in, out, n);
            continue;
          }
#endif
#ifdef MD_SVF_HAVE_AVX2
        if (w == 8)
          {
            mask |= svf8_sets2 (pco, psp, in, out, n, ga, ga + gb);
            continue;
          }
#endif
        mask |= svf4_sets2 (pco, psp, in, out, n, ga, ga + gb);
      }
    return mask;
  }
}

bool
md_svf_run_lanes (const MdSvfLane *lanes, unsigned n_lanes, unsigned n_sections,
                  unsigned n_frames)
{
  return md_svf_run_lanes_in (lanes, NULL, n_lanes, n_sections, n_frames);
}

/* Up to 4 steady float sections SECS[0..N-1] in series over one or two
 * channels (vector lanes 0 and 1), frame-major: the same operations in the
 * same order as a lane of the lane kernels (SVF_SECTION), so the same
 * bits; for the one-by-one path (strips while they glide or fade, buses,
 * master), without the transposes and padding of md_svf_run_lanes. N is a
 * constant at every call site below, so the loops unroll and the state
 * stays in registers. */
typedef float MdSvfV4 __attribute__ ((vector_size (16)));

static inline __attribute__ ((always_inline)) void
run_small_n (const MdSvfSection *const *secs, const unsigned n, MdSvfState *const *st,
             unsigned nch, float *const *b, unsigned n_frames)
{
  MdSvfV4 a2[4], a3[4], c1[4], d[4], e[4], f[4], i1[4], i2[4];
  float *b1 = nch > 1 ? b[1] : b[0];

  for (unsigned k = 0; k < n; k++)
    {
      const MdSvfCoefs *c = &secs[k]->c;

      a2[k] = (MdSvfV4) { c->a2, c->a2, c->a2, c->a2 };
      a3[k] = (MdSvfV4) { c->a3, c->a3, c->a3, c->a3 };
      c1[k] = (MdSvfV4) { c->c1, c->c1, c->c1, c->c1 };
      d[k] = (MdSvfV4) { c->d, c->d, c->d, c->d };
      e[k] = (MdSvfV4) { c->e, c->e, c->e, c->e };
      f[k] = (MdSvfV4) { c->f, c->f, c->f, c->f };
      i1[k] = (MdSvfV4) { st[0][k].ic1, nch > 1 ? st[1][k].ic1 : 0.0f, 0.0f, 0.0f };
      i2[k] = (MdSvfV4) { st[0][k].ic2, nch > 1 ? st[1][k].ic2 : 0.0f, 0.0f, 0.0f };
    }
  for (unsigned i = 0; i < n_frames; i++)
    {
      MdSvfV4 x = { b[0][i], b1[i], 0.0f, 0.0f };

      for (unsigned k = 0; k < n; k++)
        {
          MdSvfV4 v3 = x - i2[k];
          MdSvfV4 t = a2[k] * v3 - c1[k] * i1[k];
          MdSvfV4 u = a2[k] * i1[k] + a3[k] * v3;

          x = d[k] * x + (e[k] * i1[k] + f[k] * i2[k]);
          i1[k] = i1[k] + t;
          i2[k] = i2[k] + u;
        }
      b1[i] = x[1];             /* (mono: overwritten next) */
      b[0][i] = x[0];
    }
  for (unsigned k = 0; k < n; k++)
    {
      st[0][k].ic1 = i1[k][0];
      st[0][k].ic2 = i2[k][0];
      if (nch > 1)
        {
          st[1][k].ic1 = i1[k][1];
          st[1][k].ic2 = i2[k][1];
        }
    }
}

static void
run_small (const MdSvfSection *const *secs, unsigned n, MdSvfState *const *st,
           unsigned nch, float *const *b, unsigned n_frames)
{
  for (unsigned k0 = 0; k0 < n; k0 += 4)
    {
      MdSvfState *s[2] = { st[0] + k0, nch > 1 ? st[1] + k0 : NULL };

      switch (n - k0)
        {
        case 1: run_small_n (secs + k0, 1, s, nch, b, n_frames); break;
        case 2: run_small_n (secs + k0, 2, s, nch, b, n_frames); break;
        case 3: run_small_n (secs + k0, 3, s, nch, b, n_frames); break;
        default: run_small_n (secs + k0, 4, s, nch, b, n_frames); break;
        }
    }
}

void
md_svf_run_unit (const MdSvfSection *const *secs, unsigned n_sections, MdSvfState *const *st,
                 unsigned n_ch, float *const *ch, unsigned n_frames, unsigned phase)
{
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;
  for (unsigned k0 = 0, k1; k0 < n_sections; k0 = k1)
    {
      if (secs[k0]->dbl || md_svf_ramping (secs[k0]))
        {
          for (unsigned c = 0; c < n_ch; c++)
            if (secs[k0]->dbl)
              md_svf_run_double (secs[k0], &st[c][k0], ch[c], n_frames, phase);
            else
              run_ramp (secs[k0], &st[c][k0], ch[c], n_frames, phase);
          k1 = k0 + 1;
          continue;
        }
      /* a run of steady float sections, the channels side by side in one
       * vector */
      for (k1 = k0; k1 < n_sections && !secs[k1]->dbl && !md_svf_ramping (secs[k1]); k1++)
        ;
      {
        MdSvfState *s[MD_DSP_MAX_CH] = { st[0] + k0, n_ch > 1 ? st[1] + k0 : NULL };

        run_small (secs + k0, k1 - k0, s, n_ch, ch, n_frames);
      }
    }
}
