/* md-biquad.c: RBJ cookbook sections, smoothing, bypass crossfade.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-biquad.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* run-time CPU dispatch (baseline x86-64 and AVX2 builds of the hot loop);
 * not under ThreadSanitizer, whose runtime is not up yet when the ifunc
 * resolver runs */
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
#define MD_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define MD_CLONES
#endif

#define MD_TINY 1e-25   /* state magnitudes below this (-500 dB) are flushed */

double
md_biquad_clamp_freq (double sample_rate, double freq_hz)
{
  double hi = MD_BIQUAD_FREQ_MAX_FS * sample_rate;

  if (!(freq_hz >= MD_BIQUAD_FREQ_MIN_HZ))   /* also catches NaN */
    return MD_BIQUAD_FREQ_MIN_HZ;
  return freq_hz > hi ? hi : freq_hz;
}

static double
clamp_q (double q)
{
  if (!(q >= MD_BIQUAD_Q_MIN))
    return MD_BIQUAD_Q_MIN;
  return q > MD_BIQUAD_Q_MAX ? MD_BIQUAD_Q_MAX : q;
}

void
md_biquad_identity (MdBiquadCoefs *c)
{
  c->b0 = 1.0;
  c->b1 = c->b2 = c->a1 = c->a2 = 0.0;
}

void
md_biquad_design (MdBiquadCoefs *c, MdBiquadType type, double sample_rate,
                  double freq_hz, double gain_db, double q)
{
  double w0 = 2.0 * M_PI * md_biquad_clamp_freq (sample_rate, freq_hz) / sample_rate;
  double sn = sin (w0);
  double cs = cos (w0);
  double sh = sin (0.5 * w0);
  double omc = 2.0 * sh * sh;              /* 1 - cos w0, without cancellation */
  double alpha = sn / (2.0 * clamp_q (q));
  double A, sa, b0, b1, b2, a0, a1, a2;

  switch (type)
    {
    case MD_BIQUAD_LOWPASS:
      b0 = 0.5 * omc;
      b1 = omc;
      b2 = 0.5 * omc;
      a0 = 1.0 + alpha;
      a1 = -2.0 * cs;
      a2 = 1.0 - alpha;
      break;

    case MD_BIQUAD_HIGHPASS:
      b0 = 0.5 * (1.0 + cs);
      b1 = -(1.0 + cs);
      b2 = 0.5 * (1.0 + cs);
      a0 = 1.0 + alpha;
      a1 = -2.0 * cs;
      a2 = 1.0 - alpha;
      break;

    case MD_BIQUAD_PEAKING:
      A = pow (10.0, gain_db / 40.0);
      b0 = 1.0 + alpha * A;
      b1 = -2.0 * cs;
      b2 = 1.0 - alpha * A;
      a0 = 1.0 + alpha / A;
      a1 = -2.0 * cs;
      a2 = 1.0 - alpha / A;
      break;

    case MD_BIQUAD_LOWSHELF:
      A = pow (10.0, gain_db / 40.0);
      sa = 2.0 * sqrt (A) * alpha;
      b0 = A * ((A + 1.0) - (A - 1.0) * cs + sa);
      b1 = 2.0 * A * ((A - 1.0) - (A + 1.0) * cs);
      b2 = A * ((A + 1.0) - (A - 1.0) * cs - sa);
      a0 = (A + 1.0) + (A - 1.0) * cs + sa;
      a1 = -2.0 * ((A - 1.0) + (A + 1.0) * cs);
      a2 = (A + 1.0) + (A - 1.0) * cs - sa;
      break;

    case MD_BIQUAD_HIGHSHELF:
    default:
      A = pow (10.0, gain_db / 40.0);
      sa = 2.0 * sqrt (A) * alpha;
      b0 = A * ((A + 1.0) + (A - 1.0) * cs + sa);
      b1 = -2.0 * A * ((A - 1.0) + (A + 1.0) * cs);
      b2 = A * ((A + 1.0) + (A - 1.0) * cs - sa);
      a0 = (A + 1.0) - (A - 1.0) * cs + sa;
      a1 = 2.0 * ((A - 1.0) - (A + 1.0) * cs);
      a2 = (A + 1.0) - (A - 1.0) * cs - sa;
      break;
    }

  c->b0 = b0 / a0;
  c->b1 = b1 / a0;
  c->b2 = b2 / a0;
  c->a1 = a1 / a0;
  c->a2 = a2 / a0;
}

double
md_biquad_dc_gain (const MdBiquadCoefs *c)
{
  double den = 1.0 + c->a1 + c->a2;

  if (den == 0.0)
    return 0.0;
  return (c->b0 + c->b1 + c->b2) / den;
}

void
md_biquad_reset (MdBiquadState *s)
{
  s->x1 = s->x2 = s->y1 = s->y2 = 0.0;
}

void
md_biquad_prime (MdBiquadState *s, const MdBiquadCoefs *c, double x)
{
  double y = md_biquad_dc_gain (c) * x;

  s->x1 = s->x2 = x;
  s->y1 = s->y2 = y;
}

typedef double MdV2d __attribute__ ((vector_size (16)));
typedef int64_t MdV2l __attribute__ ((vector_size (16)));

/* |v| < MD_TINY -> 0, two at a time (SSE2: and, compare, andnot) */
static inline MdV2d
flush2 (MdV2d v)
{
  const MdV2l abs_mask = { INT64_MAX, INT64_MAX };
  const MdV2d tiny = { MD_TINY, MD_TINY };
  MdV2l small = (MdV2d) ((MdV2l) v & abs_mask) < tiny;

  return (MdV2d) ((MdV2l) v & ~small);
}

bool
md_biquad_sanitize (MdBiquadState *s)
{
  MdV2d x, y;

  if (!isfinite (s->x1 + s->x2 + s->y1 + s->y2))
    {
      md_biquad_reset (s);
      return true;
    }
  memcpy (&x, &s->x1, sizeof x);
  memcpy (&y, &s->y1, sizeof y);
  x = flush2 (x);
  y = flush2 (y);
  memcpy (&s->x1, &x, sizeof x);
  memcpy (&s->y1, &y, sizeof y);
  return false;
}

unsigned
md_biquad_sanitize_n (MdBiquadState *s, unsigned n)
{
  unsigned bad = 0;

  for (unsigned k = 0; k < n; k++)
    bad += md_biquad_sanitize (&s[k]);
  return bad;
}

/* N is a compile-time constant at every call site below, so the section
 * loop unrolls and the state stays in registers. */
static inline __attribute__ ((always_inline)) void
run_n (const MdBiquadCoefs *restrict c, MdBiquadState *restrict s, const unsigned n,
       float *restrict buf, unsigned n_frames)
{
  double b0[4], b1[4], b2[4], a1[4], a2[4], x1[4], x2[4], y1[4], y2[4];

  for (unsigned k = 0; k < n; k++)
    {
      b0[k] = c[k].b0; b1[k] = c[k].b1; b2[k] = c[k].b2;
      a1[k] = c[k].a1; a2[k] = c[k].a2;
      x1[k] = s[k].x1; x2[k] = s[k].x2; y1[k] = s[k].y1; y2[k] = s[k].y2;
    }
  for (unsigned i = 0; i < n_frames; i++)
    {
      double v = buf[i];

      for (unsigned k = 0; k < n; k++)
        {
          /* the recursive path is the last multiply-add */
          double y = (b0[k] * v + b1[k] * x1[k] + b2[k] * x2[k] - a2[k] * y2[k])
                     - a1[k] * y1[k];
          x2[k] = x1[k]; x1[k] = v;
          y2[k] = y1[k]; y1[k] = y;
          v = y;
        }
      buf[i] = (float) v;
    }
  for (unsigned k = 0; k < n; k++)
    {
      s[k].x1 = x1[k]; s[k].x2 = x2[k]; s[k].y1 = y1[k]; s[k].y2 = y2[k];
    }
}

void
md_biquad_run_cascade (const MdBiquadCoefs *c, MdBiquadState *s,
                       unsigned n_sections, float *buf, unsigned n_frames)
{
  switch (n_sections)
    {
    case 0: break;
    case 1: run_n (c, s, 1, buf, n_frames); break;
    case 2: run_n (c, s, 2, buf, n_frames); break;
    case 3: run_n (c, s, 3, buf, n_frames); break;
    default: run_n (c, s, 4, buf, n_frames); break;
    }
}

/* Two channels, same coefficients, interleaved: the channel pairs are
 * independent, so GCC packs them into SSE2 double pairs (SLP). */
static inline __attribute__ ((always_inline)) void
run_n2 (const MdBiquadCoefs *restrict c, MdBiquadState *restrict sa,
        MdBiquadState *restrict sb, const unsigned n,
        float *restrict bufa, float *restrict bufb, unsigned n_frames)
{
  double b0[4], b1[4], b2[4], a1[4], a2[4];
  double x1[4][2], x2[4][2], y1[4][2], y2[4][2];

  for (unsigned k = 0; k < n; k++)
    {
      b0[k] = c[k].b0; b1[k] = c[k].b1; b2[k] = c[k].b2;
      a1[k] = c[k].a1; a2[k] = c[k].a2;
      x1[k][0] = sa[k].x1; x2[k][0] = sa[k].x2; y1[k][0] = sa[k].y1; y2[k][0] = sa[k].y2;
      x1[k][1] = sb[k].x1; x2[k][1] = sb[k].x2; y1[k][1] = sb[k].y1; y2[k][1] = sb[k].y2;
    }
  for (unsigned i = 0; i < n_frames; i++)
    {
      double v[2] = { bufa[i], bufb[i] };

      for (unsigned k = 0; k < n; k++)
        for (unsigned j = 0; j < 2; j++)
          {
            double y = (b0[k] * v[j] + b1[k] * x1[k][j] + b2[k] * x2[k][j]
                        - a2[k] * y2[k][j]) - a1[k] * y1[k][j];

            x2[k][j] = x1[k][j]; x1[k][j] = v[j];
            y2[k][j] = y1[k][j]; y1[k][j] = y;
            v[j] = y;
          }
      bufa[i] = (float) v[0];
      bufb[i] = (float) v[1];
    }
  for (unsigned k = 0; k < n; k++)
    {
      sa[k].x1 = x1[k][0]; sa[k].x2 = x2[k][0]; sa[k].y1 = y1[k][0]; sa[k].y2 = y2[k][0];
      sb[k].x1 = x1[k][1]; sb[k].x2 = x2[k][1]; sb[k].y1 = y1[k][1]; sb[k].y2 = y2[k][1];
    }
}

void
md_biquad_run_cascade2 (const MdBiquadCoefs *c, MdBiquadState *sa, MdBiquadState *sb,
                        unsigned n_sections, float *a, float *b, unsigned n_frames)
{
  switch (n_sections)
    {
    case 0: break;
    case 1: run_n2 (c, sa, sb, 1, a, b, n_frames); break;
    case 2: run_n2 (c, sa, sb, 2, a, b, n_frames); break;
    case 3: run_n2 (c, sa, sb, 3, a, b, n_frames); break;
    default: run_n2 (c, sa, sb, 4, a, b, n_frames); break;
    }
}

/* Four lanes (channels with their own coefficients) in lockstep, written
 * with GCC vector types: one AVX2 register, or two SSE2 registers. Unused
 * lanes run the identity on a scratch buffer. Frames move in groups of
 * four: four vector loads, a 4x4 transpose, the same back for the output
 * (instead of sixteen scalar loads and inserts). */
typedef double MdV4d __attribute__ ((vector_size (32)));
typedef float MdV4f __attribute__ ((vector_size (16)));
typedef float MdV4fu __attribute__ ((vector_size (16), aligned (4)));   /* unaligned */

#define TRANSPOSE4(r0, r1, r2, r3)                                          \
  do {                                                                      \
    MdV4f t0_ = __builtin_shufflevector (r0, r1, 0, 4, 1, 5);               \
    MdV4f t1_ = __builtin_shufflevector (r2, r3, 0, 4, 1, 5);               \
    MdV4f t2_ = __builtin_shufflevector (r0, r1, 2, 6, 3, 7);               \
    MdV4f t3_ = __builtin_shufflevector (r2, r3, 2, 6, 3, 7);               \
    r0 = __builtin_shufflevector (t0_, t1_, 0, 1, 4, 5);                    \
    r1 = __builtin_shufflevector (t0_, t1_, 2, 3, 6, 7);                    \
    r2 = __builtin_shufflevector (t2_, t3_, 0, 1, 4, 5);                    \
    r3 = __builtin_shufflevector (t2_, t3_, 2, 3, 6, 7);                    \
  } while (0)

/* one frame through the N sections, the sum in the order of run_n */
#define LANES_STEP(v)                                                       \
  do {                                                                      \
    for (unsigned k = 0; k < n; k++)                                        \
      {                                                                     \
        MdV4d y_ = (b0[k] * v + b1[k] * x1[k] + b2[k] * x2[k] - a2[k] * y2[k]) \
                   - a1[k] * y1[k];                                         \
        x2[k] = x1[k]; x1[k] = v;                                           \
        y2[k] = y1[k]; y1[k] = y_;                                          \
        v = y_;                                                             \
      }                                                                     \
  } while (0)

static inline __attribute__ ((always_inline)) void
run_lanes (MdBiquadCoefs *const *c, MdBiquadState *const *s, unsigned n_lanes,
           const unsigned n, float *const *buf, unsigned n_frames)
{
  MdV4d b0[MD_BIQUAD_MAX_SECTIONS], b1[MD_BIQUAD_MAX_SECTIONS], b2[MD_BIQUAD_MAX_SECTIONS];
  MdV4d a1[MD_BIQUAD_MAX_SECTIONS], a2[MD_BIQUAD_MAX_SECTIONS];
  MdV4d x1[MD_BIQUAD_MAX_SECTIONS], x2[MD_BIQUAD_MAX_SECTIONS];
  MdV4d y1[MD_BIQUAD_MAX_SECTIONS], y2[MD_BIQUAD_MAX_SECTIONS];
  float scratch[MD_BIQUAD_LANE_MAX_FRAMES];
  float *in[4];
  unsigned i = 0;

  for (unsigned j = 0; j < 4; j++)
    {
      in[j] = j < n_lanes ? buf[j] : scratch;
      for (unsigned k = 0; k < n; k++)
        {
          static const MdBiquadCoefs id = { 1.0, 0.0, 0.0, 0.0, 0.0 };
          static const MdBiquadState z = { 0.0, 0.0, 0.0, 0.0 };
          const MdBiquadCoefs *ck = j < n_lanes ? &c[j][k] : &id;
          const MdBiquadState *sk = j < n_lanes ? &s[j][k] : &z;

          b0[k][j] = ck->b0; b1[k][j] = ck->b1; b2[k][j] = ck->b2;
          a1[k][j] = ck->a1; a2[k][j] = ck->a2;
          x1[k][j] = sk->x1; x2[k][j] = sk->x2; y1[k][j] = sk->y1; y2[k][j] = sk->y2;
        }
    }
  if (n_lanes < 4)
    memset (scratch, 0, sizeof scratch);
  for (; i + 4 <= n_frames; i += 4)
    {
      MdV4f r0 = *(const MdV4fu *) (in[0] + i), r1 = *(const MdV4fu *) (in[1] + i);
      MdV4f r2 = *(const MdV4fu *) (in[2] + i), r3 = *(const MdV4fu *) (in[3] + i);
      MdV4d v;

      TRANSPOSE4 (r0, r1, r2, r3);              /* r0 = frame i of the four lanes */
      v = __builtin_convertvector (r0, MdV4d);
      LANES_STEP (v);
      r0 = __builtin_convertvector (v, MdV4f);
      v = __builtin_convertvector (r1, MdV4d);
      LANES_STEP (v);
      r1 = __builtin_convertvector (v, MdV4f);
      v = __builtin_convertvector (r2, MdV4d);
      LANES_STEP (v);
      r2 = __builtin_convertvector (v, MdV4f);
      v = __builtin_convertvector (r3, MdV4d);
      LANES_STEP (v);
      r3 = __builtin_convertvector (v, MdV4f);
      TRANSPOSE4 (r0, r1, r2, r3);
      *(MdV4fu *) (in[0] + i) = r0;
      *(MdV4fu *) (in[1] + i) = r1;
      *(MdV4fu *) (in[2] + i) = r2;
      *(MdV4fu *) (in[3] + i) = r3;
    }
  for (; i < n_frames; i++)
    {
      MdV4d v = { in[0][i], in[1][i], in[2][i], in[3][i] };

      LANES_STEP (v);
      in[0][i] = (float) v[0];
      in[1][i] = (float) v[1];
      in[2][i] = (float) v[2];
      in[3][i] = (float) v[3];
    }
  for (unsigned j = 0; j < n_lanes; j++)
    for (unsigned k = 0; k < n; k++)
      {
        s[j][k].x1 = x1[k][j]; s[j][k].x2 = x2[k][j];
        s[j][k].y1 = y1[k][j]; s[j][k].y2 = y2[k][j];
      }
}

/* With AVX2: the sections one after the other over a piece of frames
 * held in double (section-major), eight lanes as two independent vectors,
 * so that two recursions overlap and every coefficient and state stays in
 * a register. Without AVX2 the same order makes GCC shuffle 32-byte
 * vectors through memory, so the baseline build runs frame-major (above),
 * a unit at a time. The sums are the same in both orders, bit for bit. */
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
#define MD_HAVE_AVX2_PATH 1
#define SECMAJ_PIECE 64
/* everything up to run_units_avx2 is compiled for AVX2 (and only called
 * when the CPU has it) */
#pragma GCC push_options
#pragma GCC target ("avx2")

typedef double MdV4du __attribute__ ((vector_size (32), aligned (8)));   /* unaligned */

/* the transposes below read a state as one row of four doubles and a
 * section's b0, b1, b2, a1 as another */
_Static_assert (sizeof (MdBiquadState) == 4 * sizeof (double)
                && offsetof (MdBiquadState, x2) == sizeof (double)
                && offsetof (MdBiquadState, y1) == 2 * sizeof (double)
                && offsetof (MdBiquadState, y2) == 3 * sizeof (double),
                "MdBiquadState is x1, x2, y1, y2");
_Static_assert (offsetof (MdBiquadCoefs, b1) == sizeof (double)
                && offsetof (MdBiquadCoefs, b2) == 2 * sizeof (double)
                && offsetof (MdBiquadCoefs, a1) == 3 * sizeof (double),
                "MdBiquadCoefs starts b0, b1, b2, a1");

/* 4x4 transpose of doubles (rows in, columns out) */
#define TRANSPOSE4D(r0, r1, r2, r3)                                         \
  do {                                                                      \
    MdV4d t0_ = __builtin_shufflevector (r0, r1, 0, 4, 2, 6);               \
    MdV4d t1_ = __builtin_shufflevector (r0, r1, 1, 5, 3, 7);               \
    MdV4d t2_ = __builtin_shufflevector (r2, r3, 0, 4, 2, 6);               \
    MdV4d t3_ = __builtin_shufflevector (r2, r3, 1, 5, 3, 7);               \
    r0 = __builtin_shufflevector (t0_, t2_, 0, 1, 4, 5);                    \
    r1 = __builtin_shufflevector (t1_, t3_, 0, 1, 4, 5);                    \
    r2 = __builtin_shufflevector (t0_, t2_, 2, 3, 6, 7);                    \
    r3 = __builtin_shufflevector (t1_, t3_, 2, 3, 6, 7);                    \
  } while (0)

/* Section K of lanes J0..J0+3 into vectors: the state (x1, x2, y1, y2: one
 * row per lane) and the first four coefficients by 4x4 transposes, a2 by
 * lanes. Lanes past N_LANES get the identity and a zero state. */
static inline __attribute__ ((always_inline)) void
secmaj_get (const MdBiquadLane *lanes, unsigned n_lanes, unsigned j0, unsigned k,
            MdV4d *b0, MdV4d *b1, MdV4d *b2, MdV4d *a1, MdV4d *a2,
            MdV4d *x1, MdV4d *x2, MdV4d *y1, MdV4d *y2)
{
  static const MdBiquadCoefs id = { 1.0, 0.0, 0.0, 0.0, 0.0 };
  static const MdBiquadState z = { 0.0, 0.0, 0.0, 0.0 };
  const MdBiquadCoefs *c[4];
  const MdBiquadState *st[4];
  MdV4d r0, r1, r2, r3;

  for (unsigned j = 0; j < 4; j++)
    {
      c[j] = j0 + j < n_lanes ? lanes[j0 + j].c[k] : &id;
      st[j] = j0 + j < n_lanes ? lanes[j0 + j].s[k] : &z;
    }
  r0 = *(const MdV4du *) st[0];
  r1 = *(const MdV4du *) st[1];
  r2 = *(const MdV4du *) st[2];
  r3 = *(const MdV4du *) st[3];
  TRANSPOSE4D (r0, r1, r2, r3);
  *x1 = r0; *x2 = r1; *y1 = r2; *y2 = r3;
  r0 = *(const MdV4du *) c[0];
  r1 = *(const MdV4du *) c[1];
  r2 = *(const MdV4du *) c[2];
  r3 = *(const MdV4du *) c[3];
  TRANSPOSE4D (r0, r1, r2, r3);
  *b0 = r0; *b1 = r1; *b2 = r2; *a1 = r3;
  *a2 = (MdV4d) { c[0]->a2, c[1]->a2, c[2]->a2, c[3]->a2 };
}

static inline __attribute__ ((always_inline)) void
secmaj_put (const MdBiquadLane *lanes, unsigned n_lanes, unsigned j0, unsigned k,
            MdV4d x1, MdV4d x2, MdV4d y1, MdV4d y2)
{
  TRANSPOSE4D (x1, x2, y1, y2);          /* rows: lane j0 .. j0 + 3 */
  if (j0 < n_lanes)
    *(MdV4du *) lanes[j0].s[k] = x1;
  if (j0 + 1 < n_lanes)
    *(MdV4du *) lanes[j0 + 1].s[k] = x2;
  if (j0 + 2 < n_lanes)
    *(MdV4du *) lanes[j0 + 2].s[k] = y1;
  if (j0 + 3 < n_lanes)
    *(MdV4du *) lanes[j0 + 3].s[k] = y2;
}

static inline __attribute__ ((always_inline)) void
secmaj_section (const MdBiquadLane *lanes, unsigned n_lanes,
                unsigned k, MdV4d *v, MdV4d *w, unsigned n, bool round)
{
  MdV4d b0, b1, b2, a1, a2, x1, x2, y1, y2;
  MdV4d B0, B1, B2, A1, A2, X1, X2, Y1, Y2;

  secmaj_get (lanes, n_lanes, 0, k, &b0, &b1, &b2, &a1, &a2, &x1, &x2, &y1, &y2);
  secmaj_get (lanes, n_lanes, 4, k, &B0, &B1, &B2, &A1, &A2, &X1, &X2, &Y1, &Y2);
  for (unsigned i = 0; i < n; i++)
    {
      MdV4d x = v[i], X = w[i];
      MdV4d y = (b0 * x + b1 * x1 + b2 * x2 - a2 * y2) - a1 * y1;
      MdV4d Y = (B0 * X + B1 * X1 + B2 * X2 - A2 * Y2) - A1 * Y1;

      x2 = x1; x1 = x; y2 = y1; y1 = y;
      X2 = X1; X1 = X; Y2 = Y1; Y1 = Y;
      if (round)
        {
          y = __builtin_convertvector (__builtin_convertvector (y, MdV4f), MdV4d);
          Y = __builtin_convertvector (__builtin_convertvector (Y, MdV4f), MdV4d);
        }
      v[i] = y;
      w[i] = Y;
    }
  secmaj_put (lanes, n_lanes, 0, k, x1, x2, y1, y2);
  if (n_lanes > 4)
    secmaj_put (lanes, n_lanes, 4, k, X1, X2, Y1, Y2);
}

/* four lanes' floats at frames I..I+3 <-> four frames of four lanes */
static inline __attribute__ ((always_inline)) void
secmaj_load (float *const *in, unsigned i, unsigned n, MdV4d *v)
{
  if (i + 4 <= n)
    {
      MdV4f r0 = *(const MdV4fu *) (in[0] + i), r1 = *(const MdV4fu *) (in[1] + i);
      MdV4f r2 = *(const MdV4fu *) (in[2] + i), r3 = *(const MdV4fu *) (in[3] + i);

      TRANSPOSE4 (r0, r1, r2, r3);
      v[0] = __builtin_convertvector (r0, MdV4d);
      v[1] = __builtin_convertvector (r1, MdV4d);
      v[2] = __builtin_convertvector (r2, MdV4d);
      v[3] = __builtin_convertvector (r3, MdV4d);
    }
  else
    for (unsigned f = 0; i + f < n; f++)
      for (unsigned j = 0; j < 4; j++)
        v[f][j] = in[j][i + f];
}

static inline __attribute__ ((always_inline)) void
secmaj_store (float *const *out, unsigned i, unsigned n, const MdV4d *v)
{
  if (i + 4 <= n)
    {
      MdV4f r0 = __builtin_convertvector (v[0], MdV4f), r1 = __builtin_convertvector (v[1], MdV4f);
      MdV4f r2 = __builtin_convertvector (v[2], MdV4f), r3 = __builtin_convertvector (v[3], MdV4f);

      TRANSPOSE4 (r0, r1, r2, r3);
      *(MdV4fu *) (out[0] + i) = r0;
      *(MdV4fu *) (out[1] + i) = r1;
      *(MdV4fu *) (out[2] + i) = r2;
      *(MdV4fu *) (out[3] + i) = r3;
    }
  else
    for (unsigned f = 0; i + f < n; f++)
      for (unsigned j = 0; j < 4; j++)
        out[j][i + f] = (float) v[f][j];
}

__attribute__ ((noinline)) static void
run_units_avx2 (const MdBiquadLane *lanes, unsigned n_lanes, unsigned n_sections,
                unsigned round_mask, unsigned n_frames)
{
  float zero[SECMAJ_PIECE] = { 0 }, sink[SECMAJ_PIECE];
  float *in[8], *out[8];
  MdV4d v[SECMAJ_PIECE], w[SECMAJ_PIECE];

  for (unsigned j = 0; j < 8; j++)
    {
      in[j] = j < n_lanes ? lanes[j].buf : zero;
      out[j] = j < n_lanes ? lanes[j].buf : sink;
    }
  for (unsigned pos = 0; pos < n_frames; pos += SECMAJ_PIECE)
    {
      unsigned n = n_frames - pos < SECMAJ_PIECE ? n_frames - pos : SECMAJ_PIECE;
      float *ia[4] = { in[0] + pos, in[1] + pos, in[2] + pos, in[3] + pos };
      float *ib[4] = { in[4] + pos, in[5] + pos, in[6] + pos, in[7] + pos };
      float *oa[4] = { out[0] + pos, out[1] + pos, out[2] + pos, out[3] + pos };
      float *ob[4] = { out[4] + pos, out[5] + pos, out[6] + pos, out[7] + pos };

      for (unsigned j = 4; j < 8; j++)
        if (j >= n_lanes)
          ib[j - 4] = zero, ob[j - 4] = sink;
      for (unsigned j = 0; j < 4; j++)
        if (j >= n_lanes)
          ia[j] = zero, oa[j] = sink;
      for (unsigned i = 0; i < n; i += 4)
        {
          secmaj_load (ia, i, n, v + i);
          secmaj_load (ib, i, n, w + i);
        }
      for (unsigned k = 0; k < n_sections; k++)
        secmaj_section (lanes, n_lanes, k, v, w, n,
                        k + 1 < n_sections && (round_mask >> k & 1u));
      for (unsigned i = 0; i < n; i += 4)
        {
          secmaj_store (oa, i, n, v + i);
          secmaj_store (ob, i, n, w + i);
        }
    }
}
#pragma GCC pop_options
#endif

static bool wide_off;    /* tests: force the frame-major path */

void
md_biquad_set_wide_path (bool on)
{
  wide_off = !on;
}

void
md_biquad_run_lanes_units (const MdBiquadLane *lanes, unsigned n_lanes, unsigned n_sections,
                           unsigned round_mask, unsigned n_frames)
{
  if (n_lanes > MD_BIQUAD_MAX_LANES_UNITS)
    n_lanes = MD_BIQUAD_MAX_LANES_UNITS;
  if (n_sections > MD_BIQUAD_MAX_SECTIONS)
    n_sections = MD_BIQUAD_MAX_SECTIONS;
  if (n_lanes == 0 || n_sections == 0 || n_frames == 0)
    return;
#ifdef MD_HAVE_AVX2_PATH
  if (!wide_off && __builtin_cpu_supports ("avx2"))
    {
      run_units_avx2 (lanes, n_lanes, n_sections, round_mask, n_frames);
      return;
    }
#endif
  /* frame-major, four lanes and one unit at a time, on copies of the
   * sections */
  for (unsigned j0 = 0; j0 < n_lanes; j0 += MD_BIQUAD_MAX_LANES)
    {
      unsigned nl = n_lanes - j0 < MD_BIQUAD_MAX_LANES ? n_lanes - j0 : MD_BIQUAD_MAX_LANES;
      MdBiquadCoefs co[MD_BIQUAD_MAX_LANES][MD_BIQUAD_MAX_SECTIONS];
      MdBiquadState st[MD_BIQUAD_MAX_LANES][MD_BIQUAD_MAX_SECTIONS];
      float *bp[MD_BIQUAD_MAX_LANES];

      for (unsigned j = 0; j < nl; j++)
        {
          bp[j] = lanes[j0 + j].buf;
          for (unsigned k = 0; k < n_sections; k++)
            {
              co[j][k] = *lanes[j0 + j].c[k];
              st[j][k] = *lanes[j0 + j].s[k];
            }
        }
      for (unsigned k0 = 0, k1; k0 < n_sections; k0 = k1)
        {
          MdBiquadCoefs *cp[MD_BIQUAD_MAX_LANES];
          MdBiquadState *sp[MD_BIQUAD_MAX_LANES];

          for (k1 = k0 + 1; k1 < n_sections && !(round_mask >> (k1 - 1) & 1u); k1++)
            ;
          for (unsigned j = 0; j < nl; j++)
            {
              cp[j] = co[j] + k0;
              sp[j] = st[j] + k0;
            }
          /* one unit per pass: a pass's output is float, as a unit's */
          md_biquad_run_lanes (cp, sp, nl, k1 - k0, bp, n_frames);
        }
      for (unsigned j = 0; j < nl; j++)
        for (unsigned k = 0; k < n_sections; k++)
          *lanes[j0 + j].s[k] = st[j][k];
    }
}

/* AVX2 (without FMA, so the results stay bit-identical to the baseline
 * path) picked at run time. */
MD_CLONES void
md_biquad_run_lanes (MdBiquadCoefs *const *c, MdBiquadState *const *s, unsigned n_lanes,
                     unsigned n_sections, float *const *buf, unsigned n_frames)
{
  if (n_lanes > 4)
    n_lanes = 4;
  if (n_lanes < 4 && n_frames > MD_BIQUAD_LANE_MAX_FRAMES)
    {
      /* the scratch lane is bounded: split long runs */
      for (unsigned pos = 0; pos < n_frames; pos += MD_BIQUAD_LANE_MAX_FRAMES)
        {
          float *b[4] = { NULL, NULL, NULL, NULL };
          unsigned len = n_frames - pos < MD_BIQUAD_LANE_MAX_FRAMES
                         ? n_frames - pos : MD_BIQUAD_LANE_MAX_FRAMES;

          for (unsigned j = 0; j < n_lanes; j++)
            b[j] = buf[j] + pos;
          md_biquad_run_lanes (c, s, n_lanes, n_sections, b, len);
        }
      return;
    }
  switch (n_sections)
    {
    case 0: break;
    case 1: run_lanes (c, s, n_lanes, 1, buf, n_frames); break;
    case 2: run_lanes (c, s, n_lanes, 2, buf, n_frames); break;
    case 3: run_lanes (c, s, n_lanes, 3, buf, n_frames); break;
    default: run_lanes (c, s, n_lanes, 4, buf, n_frames); break;
    }
}

void
md_biquad_run (const MdBiquadCoefs *c, MdBiquadState *s, float *buf, unsigned n_frames)
{
  run_n (c, s, 1, buf, n_frames);
}

/* ---------------------------------------------------------------------- */

static bool
is_flat_type (MdBiquadType t)
{
  return t == MD_BIQUAD_PEAKING || t == MD_BIQUAD_LOWSHELF || t == MD_BIQUAD_HIGHSHELF;
}

static void
recompute (MdBiquadSmooth *s)
{
  if (is_flat_type (s->type) && s->gain_db == 0.0)
    md_biquad_identity (&s->c);
  else
    md_biquad_design (&s->c, s->type, s->sample_rate, exp2 (s->lf), s->gain_db, exp2 (s->lq));
}

static double
target_lf (const MdBiquadSmooth *s)
{
  return s->t_lf;
}

static double
target_lq (const MdBiquadSmooth *s)
{
  return s->t_lq;
}

static bool compute_moving (const MdBiquadSmooth *s);

void
md_biquad_smooth_init (MdBiquadSmooth *s, double sample_rate, MdBiquadType type,
                       double freq_hz, double gain_db, double q)
{
  s->sample_rate = sample_rate;
  s->k = 1.0 - exp (-MD_DSP_SUB_FRAMES / (MD_DSP_SMOOTH_MS * 0.001 * sample_rate));
  md_biquad_smooth_set (s, type, freq_hz, gain_db, q);
  md_biquad_smooth_snap (s);
}

void
md_biquad_smooth_set (MdBiquadSmooth *s, MdBiquadType type,
                      double freq_hz, double gain_db, double q)
{
  s->t_type = type;
  s->t_freq_hz = freq_hz;
  s->t_gain_db = gain_db;
  s->t_q = q;
  s->t_lf = log2 (md_biquad_clamp_freq (s->sample_rate, freq_hz));
  s->t_lq = log2 (clamp_q (q));
  s->moving = compute_moving (s);
}

void
md_biquad_smooth_snap (MdBiquadSmooth *s)
{
  s->type = s->t_type;
  s->lf = target_lf (s);
  s->lq = target_lq (s);
  s->gain_db = s->t_gain_db;
  recompute (s);
  s->moving = compute_moving (s);
}

/* the current values differ from the targets; only set, snap and step
 * change either, and they keep s->moving */
static bool
compute_moving (const MdBiquadSmooth *s)
{
  if (s->type != s->t_type || s->gain_db != s->t_gain_db)
    return true;
  if (is_flat_type (s->type) && s->gain_db == 0.0)
    return false;                       /* flat: freq and q do not matter */
  return s->lf != target_lf (s) || s->lq != target_lq (s);
}

bool
md_biquad_smooth_moving (const MdBiquadSmooth *s)
{
  return s->moving;
}

bool
md_biquad_smooth_is_identity (const MdBiquadSmooth *s)
{
  return is_flat_type (s->type) && s->gain_db == 0.0;
}

static double
approach (double x, double t, double k, double max_step)
{
  double d = (t - x) * k;

  if (d > max_step)
    d = max_step;
  else if (d < -max_step)
    d = -max_step;
  x += d;
  return fabs (t - x) < 1e-6 ? t : x;
}

void
md_biquad_smooth_step (MdBiquadSmooth *s)
{
  double tg = s->t_gain_db;

  if (s->type != s->t_type)
    {
      if (!is_flat_type (s->type) || !is_flat_type (s->t_type) || s->gain_db == 0.0)
        s->type = s->t_type;            /* switch now (flat at 0 dB) */
      else
        tg = 0.0;                       /* ramp to flat first */
    }
  s->gain_db = approach (s->gain_db, tg, s->k, MD_BIQUAD_MAX_STEP_DB);
  if (is_flat_type (s->type) && s->gain_db == 0.0)
    {
      s->lf = target_lf (s);
      s->lq = target_lq (s);
    }
  else
    {
      s->lf = approach (s->lf, target_lf (s), s->k, MD_BIQUAD_MAX_STEP_OCT);
      s->lq = approach (s->lq, target_lq (s), s->k, MD_BIQUAD_MAX_STEP_LOG2Q);
    }
  recompute (s);
  s->moving = compute_moving (s);
}

/* ---------------------------------------------------------------------- */

void
md_xfade_init (MdXfade *x, double sample_rate, bool on)
{
  double n = floor (MD_DSP_XFADE_MS * 0.001 * sample_rate + 0.5);

  x->len = n < 1.0 ? 1u : (unsigned) n;
  x->on_target = on;
  x->pos = on ? x->len : 0;
}

void
md_xfade_set (MdXfade *x, bool on)
{
  x->on_target = on;
}

bool
md_xfade_is_on (const MdXfade *x)
{
  return x->on_target && x->pos == x->len;
}

void
md_xfade_mix (const MdXfade *x, const float *dry, float *buf, unsigned n)
{
  float inv = 1.0f / (float) x->len;
  int dir = x->on_target ? 1 : -1;
  int pos = (int) x->pos;
  int len = (int) x->len;

  for (unsigned i = 0; i < n; i++)
    {
      int p = pos + dir * (int) (i + 1);
      float w;

      p = p < 0 ? 0 : (p > len ? len : p);
      w = (float) p * inv;
      w = w * w * (3.0f - 2.0f * w);     /* smoothstep: no kink at the ends */
      buf[i] = dry[i] + (buf[i] - dry[i]) * w;
    }
}

void
md_xfade_advance (MdXfade *x, unsigned n)
{
  if (x->on_target)
    x->pos = (x->len - x->pos > n) ? x->pos + n : x->len;
  else
    x->pos = x->pos > n ? x->pos - n : 0;
}
