/* md-engine.c: the mixer engine — strips, buses, master, plan swap.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signal flow of a strip (DESIGN §5):
 *   in x g_pre (trim, polarity) -> delay -> width (stereo) -> [pre meter]
 *   = A (pre-fader signal, tap of pre-fader sends)
 *   B = A x g_post (fader, DCAs) x g_mute (mute, DCA/group mutes)  -> [post meter]
 *   main:  B x g_solo x pan -> master or group bus
 *   send:  pre:  A x g_mute x level x pan     post: B x g_solo x level x pan
 * Every gain is a linear ramp of MD_RAMP_MS; the whole path works on
 * blocks of at most max_block frames with scratch buffers allocated at
 * creation.
 */
#include "md-engine-private.h"
#include "md-bits.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define MD_HAVE_MXCSR 1
#endif

/* ------------------------------------------------------------------ */
/* small helpers */

static uint32_t
next_pow2 (uint32_t v)
{
  uint32_t p = 1;
  while (p < v)
    p <<= 1;
  return p;
}

void
md_engine_thread_init (void)
{
#ifdef MD_HAVE_MXCSR
  /* FTZ (bit 15) and DAZ (bit 6) */
  _mm_setcsr (_mm_getcsr () | 0x8040);
#endif
}

const char *
md_engine_simd_path (void)
{
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
  if (!__builtin_cpu_supports ("avx2"))
    return "baseline x86-64 (SSE2)";
  return md_svf_16_wide () ? "AVX2, filters AVX-512F (16 lanes)" : "AVX2";
#elif defined(__x86_64__)
  return "baseline x86-64 (SSE2; run-time dispatch not built)";
#else
  return "generic";
#endif
}

/* run-time CPU dispatch for the gain loops and the meter scan (baseline
 * x86-64 and AVX2); not under ThreadSanitizer, whose runtime is not up yet
 * when the ifunc resolver runs. "avx2", not x86-64-v3: no FMA, so both
 * builds compute alike. */
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
#define MD_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define MD_CLONES
#endif

/* ------------------------------------------------------------------ */
/* ramps */

void
md_ramp_init (MdRamp *r, float value)
{
  r->cur = r->target = value;
  r->inc = 0.0f;
  r->left = 0;
}

void
md_ramp_set (MdRamp *r, float target, uint32_t ramp_len)
{
  if (target == r->target)
    return;
  r->target = target;
  r->left = ramp_len;
  r->inc = (target - r->cur) / (float) ramp_len;
}

/* Move R to TARGET in RL samples, or at once (SNAP). */
static inline void
ramp_to (MdRamp *r, float target, uint32_t rl, bool snap)
{
  if (snap)
    md_ramp_init (r, target);
  else
    md_ramp_set (r, target, rl);
}

/* A gain over a block: a constant K when V is NULL, else V[i]. */
typedef struct
{
  const float *v;
  float k;
} Gain;

/* Advance R by N samples; return the gain it follows (a ramp at rest is
 * its constant value: the inline part). */
static Gain ramp_run_moving (MdRamp *r, float *buf, uint32_t n);

static inline Gain
ramp_run (MdRamp *r, float *buf, uint32_t n)
{
  Gain g = { NULL, r->cur };

  if (r->left == 0)
    return g;
  return ramp_run_moving (r, buf, n);
}

static Gain
ramp_run_moving (MdRamp *r, float *buf, uint32_t n)
{
  Gain g = { NULL, r->cur };
  uint32_t i = 0;
  float cur = r->cur;

  for (; i < n && r->left > 0; i++)
    {
      r->left--;
      cur = r->left == 0 ? r->target : cur + r->inc;
      buf[i] = cur;
    }
  for (; i < n; i++)
    buf[i] = cur;
  r->cur = cur;
  g.v = buf;
  return g;
}

static inline bool
gain_is_zero (Gain g)
{
  return g.v == NULL && g.k == 0.0f;
}

static Gain gain_mul_vec (Gain a, Gain b, float *buf, uint32_t n);

/* A * B: two constants multiply inline */
static inline Gain
gain_mul (Gain a, Gain b, float *buf, uint32_t n)
{
  Gain g = { NULL, a.k * b.k };

  if (a.v == NULL && b.v == NULL)
    return g;
  return gain_mul_vec (a, b, buf, n);
}

static Gain
gain_mul_vec (Gain a, Gain b, float *buf, uint32_t n)
{
  Gain g = { NULL, a.k * b.k };
  if (gain_is_zero (a) || gain_is_zero (b))
    {
      g.k = 0.0f;
      return g;
    }
  if (a.v && b.v)
    for (uint32_t i = 0; i < n; i++)
      buf[i] = a.v[i] * b.v[i];
  else if (a.v)
    for (uint32_t i = 0; i < n; i++)
      buf[i] = a.v[i] * b.k;
  else
    for (uint32_t i = 0; i < n; i++)
      buf[i] = a.k * b.v[i];
  g.v = buf;
  return g;
}

/* dst = src * g */
MD_CLONES static void
apply_gain (float *restrict dst, const float *restrict src, Gain g, uint32_t n)
{
  if (g.v)
    for (uint32_t i = 0; i < n; i++)
      dst[i] = src[i] * g.v[i];
  else if (g.k == 1.0f)
    {
      if (dst != src)
        memcpy (dst, src, n * sizeof *dst);
    }
  else
    for (uint32_t i = 0; i < n; i++)
      dst[i] = src[i] * g.k;
}

/* in-place variant (dst == src allowed) */
MD_CLONES static void
scale_inplace (float *buf, Gain g, uint32_t n)
{
  if (g.v)
    for (uint32_t i = 0; i < n; i++)
      buf[i] *= g.v[i];
  else if (g.k != 1.0f)
    for (uint32_t i = 0; i < n; i++)
      buf[i] *= g.k;
}

/* dst += src * g */
MD_CLONES static void
mix_gain (float *restrict dst, const float *restrict src, Gain g, uint32_t n)
{
  if (g.v)
    for (uint32_t i = 0; i < n; i++)
      dst[i] += src[i] * g.v[i];
  else if (g.k != 0.0f)
    for (uint32_t i = 0; i < n; i++)
      dst[i] += src[i] * g.k;
}

/* DL += SL * KL and DR += SR * KR in one pass (a leaf: no frame to set
 * up around the loop) */
MD_CLONES static void
mix_k2 (float *restrict dl, float *restrict dr, const float *restrict sl, const float *restrict sr,
        float kl, float kr, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    {
      dl[i] += sl[i] * kl;
      dr[i] += sr[i] * kr;
    }
}

/* DL += X * KL and DR += X * KR: mix_k2 of a mono source, read once
 * (after the meters) */
static void mix_k1x2 (float *restrict dl, float *restrict dr, const float *restrict x, float kl,
                      float kr, uint32_t n);
/* DL += X1 * K1[0], then X2 * K2[0]; DR likewise with K1[1], K2[1]: two
 * mix_k1x2 in one pass (each sum in the same order: the same bits) */
static void mix_k1x2_pair (float *restrict dl, float *restrict dr, const float *restrict x1,
                           const float k1[2], const float *restrict x2, const float k2[2],
                           uint32_t n);

/* DL += SL * GL and DR += SR * GR (the two sides of a pan or send; DL and
 * DR are different buffers): one pass when both gains are constants, each
 * sum as in mix_gain */
static inline void
mix_gain2 (float *restrict dl, float *restrict dr, const float *sl, const float *sr,
           Gain gl, Gain gr, uint32_t n)
{
  if (gl.v == NULL && gr.v == NULL && gl.k != 0.0f && gr.k != 0.0f)
    {
      if (sl == sr)
        mix_k1x2 (dl, dr, sl, gl.k, gr.k, n);
      else
        mix_k2 (dl, dr, sl, sr, gl.k, gr.k, n);
      return;
    }
  mix_gain (dl, sl, gl, n);
  mix_gain (dr, sr, gr, n);
}

/* A counter only the RT thread writes (others load it): a load and a
 * store, no locked add. */
static inline void
rt_count_add (atomic_uint_least64_t *c, uint64_t n, memory_order order)
{
  atomic_store_explicit (c, atomic_load_explicit (c, memory_order_relaxed) + n, order);
}

/* ------------------------------------------------------------------ */
/* meters */

typedef float MdV4f __attribute__ ((vector_size (16)));
typedef int32_t MdV4i __attribute__ ((vector_size (16)));
typedef float MdV4fu __attribute__ ((vector_size (16), aligned (4)));   /* unaligned loads */

/* The meter scans. Peak: the largest |x| as float bits, a signed int32
 * max over the bits with the sign cleared (the same order as the
 * unsigned one, and SSE2 has a signed compare), so NaN bits win. Sum of
 * squares: eight float lanes (sample i of a piece in lane i % 8) over
 * pieces of MD_METER_PIECE frames; each piece's lanes go into the double
 * total in a fixed order ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7));
 * the last n % 8 frames are added in double. A lane adds at most 8
 * squares, so the sum is within ~1e-6 (relative) of the exact one
 * (tests/test-engine /engine/meter-accuracy). The baseline path (two
 * 4-float vectors) and the AVX2 path (one 8-float vector) do the same
 * operations lane by lane: the same bits. No FMA in either. */
#define MD_METER_PIECE 64u

typedef double MdV2d __attribute__ ((vector_size (16)));

/* The pairwise sums of the lanes of LO and HI, in double, as pairs:
 * [(l0 + l1) + (l2 + l3), (l4 + l5) + (l6 + l7)] (exact conversions and
 * the same additions as one by one, in vectors: the same bits) */
static inline MdV2d
lanes_cvt_lo (MdV4f v)
{
#ifdef __SSE2__
  return __builtin_ia32_cvtps2pd (v);   /* GCC splits convertvector into scalar converts */
#else
  return __builtin_convertvector (__builtin_shufflevector (v, v, 0, 1), MdV2d);
#endif
}

static inline MdV2d
lanes_halves (MdV4f lo, MdV4f hi)
{
  MdV2d l0 = lanes_cvt_lo (lo), l1 = lanes_cvt_lo (__builtin_shufflevector (lo, lo, 2, 3, 2, 3));
  MdV2d h0 = lanes_cvt_lo (hi), h1 = lanes_cvt_lo (__builtin_shufflevector (hi, hi, 2, 3, 2, 3));
  MdV2d p = __builtin_shufflevector (l0, l1, 0, 2) + __builtin_shufflevector (l0, l1, 1, 3);
  MdV2d q = __builtin_shufflevector (h0, h1, 0, 2) + __builtin_shufflevector (h0, h1, 1, 3);

  return __builtin_shufflevector (p, q, 0, 2) + __builtin_shufflevector (p, q, 1, 3);
}

/* The eight lanes of LO and HI summed in double in a fixed order:
 * ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)) */
static inline double
lanes_sum (MdV4f lo, MdV4f hi)
{
  MdV2d h = lanes_halves (lo, hi);

  return h[0] + h[1];
}

/* lanes_sum of two sets of lanes at once: *SA += sum (A), *SB += sum (B)
 * (the same additions: the same bits) */
static inline void
lanes_sum2 (MdV4f alo, MdV4f ahi, MdV4f blo, MdV4f bhi, double *sa, double *sb)
{
  MdV2d a = lanes_halves (alo, ahi), b = lanes_halves (blo, bhi);
  MdV2d t = __builtin_shufflevector (a, b, 0, 2) + __builtin_shufflevector (a, b, 1, 3);

  *sa += t[0];
  *sb += t[1];
}

static inline MdV4i
max4i (MdV4i a, MdV4i b)
{
  MdV4i m = a > b;
  return (a & m) | (b & ~m);
}

static inline int32_t
hmax4i (MdV4i v)
{
  v = max4i (v, __builtin_shufflevector (v, v, 2, 3, 0, 1));
  v = max4i (v, __builtin_shufflevector (v, v, 1, 0, 3, 2));
  return v[0];
}

/* Peak and sum of squares of X[0..N) (see above). */
MD_CLONES static void
meter_scan (const float *x, uint32_t n, uint32_t *peak_out, double *sumsq_out)
{
  const MdV4i abs_mask = { 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff };
  MdV4i p0 = { 0, 0, 0, 0 }, p1 = { 0, 0, 0, 0 };
  int32_t peak;
  double s = 0.0;
  uint32_t i = 0;

  while (i + 8 <= n)
    {
      uint32_t stop = i + ((n - i) < MD_METER_PIECE ? (n - i) & ~7u : MD_METER_PIECE);
      MdV4f s0 = { 0, 0, 0, 0 }, s1 = { 0, 0, 0, 0 };

      for (; i < stop; i += 8)
        {
          MdV4f v0 = *(const MdV4fu *) (x + i), v1 = *(const MdV4fu *) (x + i + 4);

          p0 = max4i (p0, (MdV4i) v0 & abs_mask);
          p1 = max4i (p1, (MdV4i) v1 & abs_mask);
          s0 += v0 * v0;
          s1 += v1 * v1;
        }
      s += lanes_sum (s0, s1);
    }
  peak = hmax4i (max4i (p0, p1));
  for (; i < n; i++)
    {
      int32_t b = (int32_t) (md_f2u (x[i]) & 0x7fffffffu);
      peak = b > peak ? b : peak;
      s += (double) x[i] * x[i];
    }
  *peak_out = (uint32_t) peak;
  *sumsq_out = s;
}

/* The integer max of the magnitude bits of X[0..N). */
static int32_t
peak_bits_exact (const float *x, uint32_t n)
{
  int32_t q = 0;

  for (uint32_t i = 0; i < n; i++)
    {
      int32_t b = (int32_t) (md_f2u (x[i]) & 0x7fffffffu);

      q = b > q ? b : q;
    }
  return q;
}

/* Frames I..N of scan_fader, one at a time: B = A * gain, both scans
 * carried on in *QA, *QB (magnitude bits) and *SA, *SB; the scalar tail of
 * both vector paths and the whole of a block under MD_FEW_FRAMES. */
static inline __attribute__ ((always_inline)) void
scan_fader_tail (const float *a, float *b, const float *gv, float gk, uint32_t i, uint32_t n,
                 int32_t *qa, int32_t *qb, double *sa, double *sb)
{
  int32_t pa = *qa, pb = *qb;
  double ta = *sa, tb = *sb;

  for (; i < n; i++)
    {
      float x = a[i], y = x * (gv ? gv[i] : gk);
      int32_t ia = (int32_t) (md_f2u (x) & 0x7fffffffu), ib = (int32_t) (md_f2u (y) & 0x7fffffffu);

      b[i] = y;
      pa = ia > pa ? ia : pa;
      pb = ib > pb ? ib : pb;
      ta += (double) x * x;
      tb += (double) y * y;
    }
  *qa = pa;
  *qb = pb;
  *sa = ta;
  *sb = tb;
}

/* The post-fader peak of B = A * GK over frames whose pre-fader peak is
 * QA (the magnitude bits of their largest sample), without a scan of B:
 * rounding is monotonic, so |fl (a * GK)| = fl (|a| * |GK|) is largest
 * where |a| is (also under FTZ and DAZ, which only map small values to
 * zero). Exact while QA is finite; -1 when it is not (an infinity times
 * zero, NaN payloads): then B must be scanned. */
static inline int32_t
post_peak_bits (int32_t qa, float gk)
{
  if (qa >= 0x7f800000)
    return -1;
  return (int32_t) (md_f2u (md_u2f ((uint32_t) qa) * gk) & 0x7fffffffu);
}

/* The pre-fader scan of A, the fader B = A * gain (GV[i], or GK when GV is
 * NULL) and the post-fader scan of B in one pass; each scan exactly as
 * meter_scan. The baseline build runs eight frames a step in two 4-float
 * vectors; the AVX2 build in one 8-float vector: the same bits. A and B
 * must not overlap. Not inlined: in meter_fader its registers cost the
 * AVX2 path a stack frame and five saved registers per call. */
__attribute__ ((noinline)) static void
scan_fader_base (const float *a, float *b, const float *gv, float gk, uint32_t n,
                 uint32_t *pk_a, double *ss_a, uint32_t *pk_b, double *ss_b)
{
  const MdV4i abs_mask = { 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff };
  const MdV4f gks = { gk, gk, gk, gk };
  MdV4i pa0 = { 0, 0, 0, 0 }, pa1 = { 0, 0, 0, 0 }, pb0 = { 0, 0, 0, 0 }, pb1 = { 0, 0, 0, 0 };
#ifdef __SSE__
  MdV4i oa = { 0, 0, 0, 0 }, ob = { 0, 0, 0, 0 };
#endif
  int32_t qa, qb;
  double sa = 0.0, sb = 0.0;
  uint32_t i = 0;

  while (i + 8 <= n)
    {
      uint32_t stop = i + ((n - i) < MD_METER_PIECE ? (n - i) & ~7u : MD_METER_PIECE);
      MdV4f a0 = { 0, 0, 0, 0 }, a1 = { 0, 0, 0, 0 }, b0 = { 0, 0, 0, 0 }, b1 = { 0, 0, 0, 0 };

      for (; i < stop; i += 8)
        {
          MdV4f va0 = *(const MdV4fu *) (a + i), va1 = *(const MdV4fu *) (a + i + 4);
          MdV4f vb0 = va0 * (gv ? *(const MdV4fu *) (gv + i) : gks);
          MdV4f vb1 = va1 * (gv ? *(const MdV4fu *) (gv + i + 4) : gks);

          *(MdV4fu *) (b + i) = vb0;
          *(MdV4fu *) (b + i + 4) = vb1;
#ifdef __SSE__
          /* maxps on the magnitudes: 2 operations a vector instead of 5;
           * exact for normal and infinite values, fixed up below for NaN
           * and denormals (see PEAK_FIXUP) */
          {
            MdV4i ma0 = (MdV4i) va0 & abs_mask, ma1 = (MdV4i) va1 & abs_mask;
            MdV4i mb0 = (MdV4i) vb0 & abs_mask, mb1 = (MdV4i) vb1 & abs_mask;

            pa0 = (MdV4i) __builtin_ia32_maxps ((MdV4f) pa0, (MdV4f) ma0);
            pa1 = (MdV4i) __builtin_ia32_maxps ((MdV4f) pa1, (MdV4f) ma1);
            oa |= ma0 | ma1;
            if (gv)   /* else post_peak_bits below (the loop is unswitched) */
              {
                pb0 = (MdV4i) __builtin_ia32_maxps ((MdV4f) pb0, (MdV4f) mb0);
                pb1 = (MdV4i) __builtin_ia32_maxps ((MdV4f) pb1, (MdV4f) mb1);
                ob |= mb0 | mb1;
              }
          }
#else
          pa0 = max4i (pa0, (MdV4i) va0 & abs_mask);
          pa1 = max4i (pa1, (MdV4i) va1 & abs_mask);
          if (gv)
            {
              pb0 = max4i (pb0, (MdV4i) vb0 & abs_mask);
              pb1 = max4i (pb1, (MdV4i) vb1 & abs_mask);
            }
#endif
          a0 += va0 * va0;
          a1 += va1 * va1;
          b0 += vb0 * vb0;
          b1 += vb1 * vb1;
        }
      lanes_sum2 (a0, a1, b0, b1, &sa, &sb);
    }
  qa = qb = 0;
  if (i > 0)   /* not for blocks under 8 frames */
    {
      qa = hmax4i (max4i (pa0, pa1));
      if (gv)
        qb = hmax4i (max4i (pb0, pb1));
#ifdef __SSE__
      /* PEAK_FIXUP: maxps is the integer max of the magnitude bits except
       * (a) with a NaN (maxps returns its second operand): then the sum
       * of squares of those frames is NaN; (b) under DAZ, where denormals
       * compare (and come out) as zero: then the result is below the
       * smallest normal while some bits were set. In both (rare) cases
       * the frames scanned so far are scanned again with the integer max,
       * as before. */
      if (sa != sa || (qa < 0x00800000 && hmax4i (oa) != 0))
        qa = peak_bits_exact (a, i);
      if (gv && (sb != sb || (qb < 0x00800000 && hmax4i (ob) != 0)))
        qb = peak_bits_exact (b, i);   /* B[0..i) written above */
#endif
      if (!gv && (qb = post_peak_bits (qa, gk)) < 0)
        qb = peak_bits_exact (b, i);
    }
  scan_fader_tail (a, b, gv, gk, i, n, &qa, &qb, &sa, &sb);
  *pk_a = (uint32_t) qa;
  *ss_a = sa;
  *pk_b = (uint32_t) qb;
  *ss_b = sb;
}

#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
#define MD_ENGINE_AVX2 1
#pragma GCC push_options
#pragma GCC target ("avx2")
typedef float MdV8f __attribute__ ((vector_size (32)));
typedef float MdV8fu __attribute__ ((vector_size (32), aligned (4)));
typedef int32_t MdV8i __attribute__ ((vector_size (32)));

typedef double MdV4d __attribute__ ((vector_size (32)));

/* lanes_sum2 of the 8-float vectors A and B in 4-double vectors (the
 * same conversions and additions: the same bits) */
static inline void
lanes_sum2_avx2 (MdV8f a, MdV8f b, double *sa, double *sb)
{
  MdV4d alo = __builtin_ia32_cvtps2pd256 (__builtin_shufflevector (a, a, 0, 1, 2, 3));
  MdV4d ahi = __builtin_ia32_cvtps2pd256 (__builtin_shufflevector (a, a, 4, 5, 6, 7));
  MdV4d blo = __builtin_ia32_cvtps2pd256 (__builtin_shufflevector (b, b, 0, 1, 2, 3));
  MdV4d bhi = __builtin_ia32_cvtps2pd256 (__builtin_shufflevector (b, b, 4, 5, 6, 7));
  /* [a0 + a1, a4 + a5, a2 + a3, a6 + a7] and B's */
  MdV4d p = __builtin_ia32_haddpd256 (alo, ahi), q = __builtin_ia32_haddpd256 (blo, bhi);
  /* [(a0 + a1) + (a2 + a3), (a4 + a5) + (a6 + a7), B's two] */
  MdV4d z = __builtin_shufflevector (p, q, 0, 1, 4, 5) + __builtin_shufflevector (p, q, 2, 3, 6, 7);
  MdV4d w = __builtin_ia32_haddpd256 (z, z);

  *sa += w[0];
  *sb += w[2];
}

/* hmax4i of the 8 lanes of V with the signed max instruction (pmaxsd,
 * SSE4.1) instead of compare and blend: the same integer max */
static inline int32_t
hmax8i_avx2 (MdV8i v)
{
  MdV4i m = __builtin_ia32_pmaxsd128 (__builtin_shufflevector (v, v, 0, 1, 2, 3),
                                      __builtin_shufflevector (v, v, 4, 5, 6, 7));

  m = __builtin_ia32_pmaxsd128 (m, __builtin_shufflevector (m, m, 2, 3, 0, 1));
  m = __builtin_ia32_pmaxsd128 (m, __builtin_shufflevector (m, m, 1, 0, 3, 2));
  return m[0];
}

/* scan_fader_avx2's vector loop, the post-fader peak scanned only when
 * POST_PEAK (constant; else post_peak_bits gives it) */
static inline __attribute__ ((always_inline)) void
scan_fader_avx2_loop (const float *a, float *b, const float *gv, MdV8f gks, uint32_t n,
                      uint32_t *ip, MdV8i *pap, MdV8i *pbp, double *sa, double *sb, bool post_peak)
{
  const MdV8i abs_mask = { 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
                           0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff };
  MdV8i pa = *pap, pb = *pbp;
  uint32_t i = *ip;

  while (i + 8 <= n)
    {
      uint32_t stop = i + ((n - i) < MD_METER_PIECE ? (n - i) & ~7u : MD_METER_PIECE);
      MdV8f sa8 = { 0 }, sb8 = { 0 };

      for (; i < stop; i += 8)
        {
          MdV8f va = *(const MdV8fu *) (a + i);
          MdV8f vb = va * (gv ? *(const MdV8fu *) (gv + i) : gks);

          *(MdV8fu *) (b + i) = vb;
          pa = __builtin_ia32_pmaxsd256 (pa, (MdV8i) va & abs_mask);   /* signed max */
          if (post_peak)
            pb = __builtin_ia32_pmaxsd256 (pb, (MdV8i) vb & abs_mask);
          sa8 += va * va;
          sb8 += vb * vb;
        }
      lanes_sum2_avx2 (sa8, sb8, sa, sb);
    }
  *ip = i;
  *pap = pa;
  *pbp = pb;
}

static void
scan_fader_avx2 (const float *a, float *b, const float *gv, float gk, uint32_t n,
                 uint32_t *pk_a, double *ss_a, uint32_t *pk_b, double *ss_b)
{
  const MdV8f gks = { gk, gk, gk, gk, gk, gk, gk, gk };
  MdV8i pa = { 0 }, pb = { 0 };
  int32_t qa, qb;
  double sa = 0.0, sb = 0.0;
  uint32_t i = 0;

  if (gv)
    scan_fader_avx2_loop (a, b, gv, gks, n, &i, &pa, &pb, &sa, &sb, true);
  else
    scan_fader_avx2_loop (a, b, NULL, gks, n, &i, &pa, &pb, &sa, &sb, false);
  qa = hmax8i_avx2 (pa);
  if (gv || i == 0)
    qb = hmax8i_avx2 (pb);
  else if ((qb = post_peak_bits (qa, gk)) < 0)
    qb = (int32_t) peak_bits_exact (b, i);   /* B[0..i) written above */
  scan_fader_tail (a, b, gv, gk, i, n, &qa, &qb, &sa, &sb);
  *pk_a = (uint32_t) qa;
  *ss_a = sa;
  *pk_b = (uint32_t) qb;
  *ss_b = sb;
}

/* X in all eight lanes */
static inline MdV8f
dup8_avx2 (float x)
{
  return (MdV8f) { x, x, x, x, x, x, x, x };
}

/* Two mono strips' scan_fader_avx2 (constant gains G1, G2, neither 1)
 * and their main mix_k1x2_pair into DL, DR (gains K1, K2) in one pass:
 * A1, A2 are read once and the faded signals B1, B2 (still written: the
 * post-fader sends and the direct outputs read them) mixed from
 * registers, one loop and one call instead of three. Each scan, each
 * sum and each mixed frame as in those functions (the same bits); the
 * values go to MX1, SS1, MX2, SS2 at channel 0's MD_SM_* slots. A1, A2,
 * B1, B2, DL, DR distinct arrays. The body of both variants: with
 * SENDS (constant) also the pair's two post-fader sends
 * (scan_fader_pair_mix2_avx2). The index is a size_t: as a uint32_t GCC
 * spilled two source pointers and built every address with a lea (-33
 * Ir per strip-block at 64 frames with the sends). */
static inline __attribute__ ((always_inline)) void
scan_fader_pair_mix_avx2_body (const float *a1, float *b1, const float *a2, float *b2, float g1,
                               float g2, float *dl, float *dr, const float *k1, const float *k2,
                               float *const *sd, const float *const *sk, bool sends,
                               uint32_t n, uint32_t *mx1, double *ss1, uint32_t *mx2,
                               double *ss2)
{
  const MdV8i abs_mask = { 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
                           0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff };
  const MdV8f gv1 = { g1, g1, g1, g1, g1, g1, g1, g1 }, gv2 = { g2, g2, g2, g2, g2, g2, g2, g2 };
  /* every gain broadcast as it is (0 + k, as before, cost an add each
   * and would turn a -0 into +0; pairs have no zero gain) */
  const MdV8f k1l = dup8_avx2 (k1[0]), k1r = dup8_avx2 (k1[1]);
  const MdV8f k2l = dup8_avx2 (k2[0]), k2r = dup8_avx2 (k2[1]);
  /* the two sends' gains (unused without SENDS) */
  const MdV8f u1l = dup8_avx2 (sends ? sk[0][0] : 0.0f);
  const MdV8f u1r = dup8_avx2 (sends ? sk[0][1] : 0.0f);
  const MdV8f u2l = dup8_avx2 (sends ? sk[1][0] : 0.0f);
  const MdV8f u2r = dup8_avx2 (sends ? sk[1][1] : 0.0f);
  const MdV8f v1l = dup8_avx2 (sends ? sk[2][0] : 0.0f);
  const MdV8f v1r = dup8_avx2 (sends ? sk[2][1] : 0.0f);
  const MdV8f v2l = dup8_avx2 (sends ? sk[3][0] : 0.0f);
  const MdV8f v2r = dup8_avx2 (sends ? sk[3][1] : 0.0f);
  float *ul = sends ? sd[0] : NULL, *ur = sends ? sd[1] : NULL;
  float *vl = sends ? sd[2] : NULL, *vr = sends ? sd[3] : NULL;
  MdV8i p1 = { 0 }, p2 = { 0 };
  int32_t q1, q2, r1 = 0, r2 = 0;
  double sa1 = 0.0, sb1 = 0.0, sa2 = 0.0, sb2 = 0.0;
  size_t i = 0;

  while (i + 8 <= n)
    {
      size_t stop = i + ((n - i) < MD_METER_PIECE ? (n - i) & ~7u : MD_METER_PIECE);
      MdV8f s1a = { 0 }, s1b = { 0 }, s2a = { 0 }, s2b = { 0 };

      for (; i < stop; i += 8)
        {
          MdV8f x1 = *(const MdV8fu *) (a1 + i), x2 = *(const MdV8fu *) (a2 + i);
          MdV8f y1 = x1 * gv1, y2 = x2 * gv2;
          MdV8f l = *(MdV8fu *) (dl + i), r = *(MdV8fu *) (dr + i);

          *(MdV8fu *) (b1 + i) = y1;
          *(MdV8fu *) (b2 + i) = y2;
          p1 = __builtin_ia32_pmaxsd256 (p1, (MdV8i) x1 & abs_mask);
          p2 = __builtin_ia32_pmaxsd256 (p2, (MdV8i) x2 & abs_mask);
          s1a += x1 * x1;
          s1b += y1 * y1;
          s2a += x2 * x2;
          s2b += y2 * y2;
          *(MdV8fu *) (dl + i) = (l + y1 * k1l) + y2 * k2l;
          *(MdV8fu *) (dr + i) = (r + y1 * k1r) + y2 * k2r;
          if (sends)
            {
              *(MdV8fu *) (ul + i) = (*(MdV8fu *) (ul + i) + y1 * u1l) + y2 * u2l;
              *(MdV8fu *) (ur + i) = (*(MdV8fu *) (ur + i) + y1 * u1r) + y2 * u2r;
              *(MdV8fu *) (vl + i) = (*(MdV8fu *) (vl + i) + y1 * v1l) + y2 * v2l;
              *(MdV8fu *) (vr + i) = (*(MdV8fu *) (vr + i) + y1 * v1r) + y2 * v2r;
            }
        }
      lanes_sum2_avx2 (s1a, s1b, &sa1, &sb1);
      lanes_sum2_avx2 (s2a, s2b, &sa2, &sb2);
    }
  q1 = hmax8i_avx2 (p1);
  q2 = hmax8i_avx2 (p2);
  if (i > 0)
    {
      if ((r1 = post_peak_bits (q1, g1)) < 0)
        r1 = peak_bits_exact (b1, i);
      if ((r2 = post_peak_bits (q2, g2)) < 0)
        r2 = peak_bits_exact (b2, i);
    }
  scan_fader_tail (a1, b1, NULL, g1, i, n, &q1, &r1, &sa1, &sb1);
  scan_fader_tail (a2, b2, NULL, g2, i, n, &q2, &r2, &sa2, &sb2);
  for (; i < n; i++)
    {
      float v = b1[i], w = b2[i];
      dl[i] = (dl[i] + v * k1[0]) + w * k2[0];
      dr[i] = (dr[i] + v * k1[1]) + w * k2[1];
      if (sends)
        {
          ul[i] = (ul[i] + v * sk[0][0]) + w * sk[1][0];
          ur[i] = (ur[i] + v * sk[0][1]) + w * sk[1][1];
          vl[i] = (vl[i] + v * sk[2][0]) + w * sk[3][0];
          vr[i] = (vr[i] + v * sk[2][1]) + w * sk[3][1];
        }
    }
  mx1[MD_SM_PRE_PEAK] = (uint32_t) q1;
  ss1[MD_SM_PRE_SUMSQ] = sa1;
  mx1[MD_SM_POST_PEAK] = (uint32_t) r1;
  ss1[MD_SM_POST_SUMSQ] = sb1;
  mx2[MD_SM_PRE_PEAK] = (uint32_t) q2;
  ss2[MD_SM_PRE_SUMSQ] = sa2;
  mx2[MD_SM_POST_PEAK] = (uint32_t) r2;
  ss2[MD_SM_POST_SUMSQ] = sb2;
}

static void
scan_fader_pair_mix_avx2 (const float *a1, float *b1, const float *a2, float *b2, float g1,
                          float g2, float *dl, float *dr, const float *k1, const float *k2,
                          uint32_t n, uint32_t *mx1, double *ss1, uint32_t *mx2, double *ss2)
{
  scan_fader_pair_mix_avx2_body (a1, b1, a2, b2, g1, g2, dl, dr, k1, k2, NULL, NULL, false, n,
                                 mx1, ss1, mx2, ss2);
}

/* scan_fader_pair_mix_avx2 and the pair's two post-fader sends: the
 * faded frames, still in registers, mixed into the buses' accumulators
 * SD[0], SD[1] and SD[2], SD[3] with the strips' send gains SK[0],
 * SK[1] and SK[2], SK[3] (S1's, S2's for each send), each frame as
 * mix_k1x2_pair adds it (the same bits; the four destinations distinct
 * from DL, DR and from each other): one pass instead of three, without
 * the sends' loads of B1, B2, their calls and loops */
static void
scan_fader_pair_mix2_avx2 (const float *a1, float *b1, const float *a2, float *b2, float g1,
                           float g2, float *dl, float *dr, const float *k1, const float *k2,
                           float *const *sd, const float *const *sk, uint32_t n,
                           uint32_t *mx1, double *ss1, uint32_t *mx2, double *ss2)
{
  scan_fader_pair_mix_avx2_body (a1, b1, a2, b2, g1, g2, dl, dr, k1, k2, sd, sk, true, n,
                                 mx1, ss1, mx2, ss2);
}

static void
mix_k1x2_avx2 (float *restrict dl, float *restrict dr, const float *restrict x, float kl, float kr,
               uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    {
      float v = x[i];
      dl[i] += v * kl;
      dr[i] += v * kr;
    }
}

static void
mix_k1x2_pair_avx2 (float *restrict dl, float *restrict dr, const float *restrict x1, float k1l,
                    float k1r, const float *restrict x2, float k2l, float k2r, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    {
      float v = x1[i], w = x2[i];
      dl[i] = (dl[i] + v * k1l) + w * k2l;
      dr[i] = (dr[i] + v * k1r) + w * k2r;
    }
}
/* gain_checked_line for a line that nothing reads back in this block (no
 * delay tap), in whole cache lines (LINE 64-byte aligned, N a multiple
 * of 16): the line is written with streaming stores, which do not read
 * its cache lines in first. At 64 frames each strip writes four lines
 * of a delay line that were last touched hundreds of blocks ago: their
 * reads for ownership were most of gain_checked_line's time. The same
 * values and the same check as gain_checked_line (a store fence after
 * the batch, strips_batch, and before a leaving strip's "faded": the
 * lines are in memory before anything the block hands back). */
static bool
gain_checked_line_nt (float *restrict dst, float *restrict line, const float *restrict src, float k,
                      uint32_t n)
{
  const MdV8i ex = { 0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000,
                     0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000 };
  const MdV8i lsb = { 0x00800000, 0x00800000, 0x00800000, 0x00800000,
                      0x00800000, 0x00800000, 0x00800000, 0x00800000 };
  const MdV8f kv = { k, k, k, k, k, k, k, k };
  MdV8i acc = { 0 };
  MdV4i a4;

  if (k == 1.0f)
    for (uint32_t i = 0; i < n; i += 8)
      {
        MdV8f x = *(const MdV8fu *) (src + i);

        *(MdV8fu *) (dst + i) = x;
        __builtin_ia32_movntps256 (line + i, x);
        acc |= ((MdV8i) x & ex) + lsb;
      }
  else
    for (uint32_t i = 0; i < n; i += 8)
      {
        MdV8f x = *(const MdV8fu *) (src + i), y = x * kv;

        *(MdV8fu *) (dst + i) = y;
        __builtin_ia32_movntps256 (line + i, y);
        acc |= ((MdV8i) x & ex) + lsb;
      }
  a4 = __builtin_shufflevector (acc, acc, 0, 1, 2, 3) | __builtin_shufflevector (acc, acc, 4, 5, 6, 7);
  a4 |= __builtin_shufflevector (a4, a4, 2, 3, 0, 1);
  a4 |= __builtin_shufflevector (a4, a4, 1, 0, 3, 2);
  return ((uint32_t) a4[0] & 0x80000000u) != 0;
}
#pragma GCC pop_options
#endif

#ifdef __SSE__
/* gain_checked_line_nt on baseline x86-64: eight frames a step in two
 * 4-float vectors, the line written by movntps (SSE) */
static bool
gain_checked_line_nt_base (float *restrict dst, float *restrict line, const float *restrict src,
                           float k, uint32_t n)
{
  const MdV4i ex = { 0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000 };
  const MdV4i lsb = { 0x00800000, 0x00800000, 0x00800000, 0x00800000 };
  const MdV4f kv = { k, k, k, k };
  MdV4i acc = { 0, 0, 0, 0 };

  if (k == 1.0f)
    for (uint32_t i = 0; i < n; i += 8)
      {
        MdV4f x0 = *(const MdV4fu *) (src + i), x1 = *(const MdV4fu *) (src + i + 4);

        *(MdV4fu *) (dst + i) = x0;
        *(MdV4fu *) (dst + i + 4) = x1;
        __builtin_ia32_movntps (line + i, x0);
        __builtin_ia32_movntps (line + i + 4, x1);
        acc |= (((MdV4i) x0 & ex) + lsb) | (((MdV4i) x1 & ex) + lsb);
      }
  else
    for (uint32_t i = 0; i < n; i += 8)
      {
        MdV4f x0 = *(const MdV4fu *) (src + i), x1 = *(const MdV4fu *) (src + i + 4);
        MdV4f y0 = x0 * kv, y1 = x1 * kv;

        *(MdV4fu *) (dst + i) = y0;
        *(MdV4fu *) (dst + i + 4) = y1;
        __builtin_ia32_movntps (line + i, y0);
        __builtin_ia32_movntps (line + i + 4, y1);
        acc |= (((MdV4i) x0 & ex) + lsb) | (((MdV4i) x1 & ex) + lsb);
      }
  acc |= __builtin_shufflevector (acc, acc, 2, 3, 0, 1);
  acc |= __builtin_shufflevector (acc, acc, 1, 0, 3, 2);
  return ((uint32_t) acc[0] & 0x80000000u) != 0;
}
#endif

/* mix_k1x2 on baseline x86-64: eight frames a step in two 4-float vectors
 * (GCC's own loop runs four, loading X twice; ~12 % slower in a
 * microbenchmark of 64 sources into one pair); the same operations per
 * sample as the scalar loop, so the same bits */
static void
mix_k1x2_base (float *restrict dl, float *restrict dr, const float *restrict x, float kl, float kr,
               uint32_t n)
{
  const MdV4f vl = { kl, kl, kl, kl }, vr = { kr, kr, kr, kr };

  for (; n >= 8; n -= 8, x += 8, dl += 8, dr += 8)
    {
      MdV4f a = *(const MdV4fu *) x, b = *(const MdV4fu *) (x + 4);
      MdV4f l0 = *(MdV4fu *) dl, l1 = *(MdV4fu *) (dl + 4);
      MdV4f r0 = *(MdV4fu *) dr, r1 = *(MdV4fu *) (dr + 4);

      *(MdV4fu *) dl = l0 + a * vl;
      *(MdV4fu *) (dl + 4) = l1 + b * vl;
      *(MdV4fu *) dr = r0 + a * vr;
      *(MdV4fu *) (dr + 4) = r1 + b * vr;
    }
  for (uint32_t i = 0; i < n; i++)
    {
      float v = x[i];
      dl[i] += v * kl;
      dr[i] += v * kr;
    }
}

/* mix_k1x2_pair on baseline x86-64, eight frames a step as mix_k1x2_base */
static void
mix_k1x2_pair_base (float *restrict dl, float *restrict dr, const float *restrict x1, float k1l,
                    float k1r, const float *restrict x2, float k2l, float k2r, uint32_t n)
{
  const MdV4f vl1 = { k1l, k1l, k1l, k1l }, vr1 = { k1r, k1r, k1r, k1r };
  const MdV4f vl2 = { k2l, k2l, k2l, k2l }, vr2 = { k2r, k2r, k2r, k2r };

  for (; n >= 8; n -= 8, x1 += 8, x2 += 8, dl += 8, dr += 8)
    {
      MdV4f a0 = *(const MdV4fu *) x1, a1 = *(const MdV4fu *) (x1 + 4);
      MdV4f b0 = *(const MdV4fu *) x2, b1 = *(const MdV4fu *) (x2 + 4);
      MdV4f l0 = *(MdV4fu *) dl, l1 = *(MdV4fu *) (dl + 4);
      MdV4f r0 = *(MdV4fu *) dr, r1 = *(MdV4fu *) (dr + 4);

      *(MdV4fu *) dl = (l0 + a0 * vl1) + b0 * vl2;
      *(MdV4fu *) (dl + 4) = (l1 + a1 * vl1) + b1 * vl2;
      *(MdV4fu *) dr = (r0 + a0 * vr1) + b0 * vr2;
      *(MdV4fu *) (dr + 4) = (r1 + a1 * vr1) + b1 * vr2;
    }
  for (uint32_t i = 0; i < n; i++)
    {
      float v = x1[i], w = x2[i];
      dl[i] = (dl[i] + v * k1l) + w * k2l;
      dr[i] = (dr[i] + v * k1r) + w * k2r;
    }
}

/* Blocks under 8 frames: the mixes and the meter scans below take only
 * their scalar tails there, the same operations on either path; these
 * run them inline, without the call and the dispatch (the same bits). */
#define MD_FEW_FRAMES 8u

static inline __attribute__ ((always_inline)) void
mix_k1x2_pair (float *restrict dl, float *restrict dr, const float *restrict x1, const float k1[2],
               const float *restrict x2, const float k2[2], uint32_t n)
{
  if (n < MD_FEW_FRAMES)
    {
      /* straight-line, frame by frame: a loop here is vectorised with a
       * 4- and a 2-frame step and a scalar tail, whose dispatch cost
       * more than the frame itself at block 1 (the same operations) */
#pragma GCC unroll 8
      for (uint32_t i = 0; i < MD_FEW_FRAMES - 1; i++)
        if (i < n)
          {
            float v = x1[i], w = x2[i];
            dl[i] = (dl[i] + v * k1[0]) + w * k2[0];
            dr[i] = (dr[i] + v * k1[1]) + w * k2[1];
          }
      return;
    }
#ifdef MD_ENGINE_AVX2
  if (__builtin_cpu_supports ("avx2"))
    {
      mix_k1x2_pair_avx2 (dl, dr, x1, k1[0], k1[1], x2, k2[0], k2[1], n);
      return;
    }
#endif
  mix_k1x2_pair_base (dl, dr, x1, k1[0], k1[1], x2, k2[0], k2[1], n);
}

static inline __attribute__ ((always_inline)) void
mix_k1x2 (float *restrict dl, float *restrict dr, const float *restrict x, float kl, float kr,
          uint32_t n)
{
  if (n < MD_FEW_FRAMES)
    {
      /* straight-line, as mix_k1x2_pair's */
#pragma GCC unroll 8
      for (uint32_t i = 0; i < MD_FEW_FRAMES - 1; i++)
        if (i < n)
          {
            float v = x[i];
            dl[i] += v * kl;
            dr[i] += v * kr;
          }
      return;
    }
#ifdef MD_ENGINE_AVX2
  if (__builtin_cpu_supports ("avx2"))
    {
      mix_k1x2_avx2 (dl, dr, x, kl, kr, n);
      return;
    }
#endif
  mix_k1x2_base (dl, dr, x, kl, kr, n);
}

/* Pre-fader scan of A (channel CH), the fader into B (gain G), the
 * post-fader scan of B, into the strip's meter values MX (peaks) and SS
 * (sums of squares) at the MD_SM_* slots. Returns where the faded signal
 * is: B, or A itself when the gain is exactly 1 (B would be a copy). */
static inline __attribute__ ((always_inline)) const float *
meter_fader (unsigned ch, const float *a, float *b, Gain g, uint32_t n, uint32_t *mx, double *ss)
{
  if (g.v == NULL && g.k == 1.0f)
    {
      meter_scan (a, n, &mx[MD_SM_PRE_PEAK + 2 * ch], &ss[MD_SM_PRE_SUMSQ + 2 * ch]);
      mx[MD_SM_POST_PEAK + 2 * ch] = mx[MD_SM_PRE_PEAK + 2 * ch];
      ss[MD_SM_POST_SUMSQ + 2 * ch] = ss[MD_SM_PRE_SUMSQ + 2 * ch];
      return a;
    }
#ifdef MD_ENGINE_AVX2
  if (__builtin_cpu_supports ("avx2"))
    scan_fader_avx2 (a, b, g.v, g.k, n, &mx[MD_SM_PRE_PEAK + 2 * ch], &ss[MD_SM_PRE_SUMSQ + 2 * ch],
                     &mx[MD_SM_POST_PEAK + 2 * ch], &ss[MD_SM_POST_SUMSQ + 2 * ch]);
  else
#endif
    scan_fader_base (a, b, g.v, g.k, n, &mx[MD_SM_PRE_PEAK + 2 * ch], &ss[MD_SM_PRE_SUMSQ + 2 * ch],
                     &mx[MD_SM_POST_PEAK + 2 * ch], &ss[MD_SM_POST_SUMSQ + 2 * ch]);
  return b;
}

/* meter_fader for a block under MD_FEW_FRAMES frames: the scans' scalar
 * tails, inline */
static inline __attribute__ ((always_inline)) const float *
meter_fader_few (unsigned ch, const float *a, float *b, Gain g, uint32_t n, uint32_t *mx,
                 double *ss)
{
  int32_t qa = 0, qb = 0;
  double sa = 0.0, sb = 0.0;

  if (g.v == NULL && g.k == 1.0f)
    {
      for (uint32_t i = 0; i < n; i++)
        {
          int32_t ia = (int32_t) (md_f2u (a[i]) & 0x7fffffffu);
          qa = ia > qa ? ia : qa;
          sa += (double) a[i] * a[i];
        }
      mx[MD_SM_PRE_PEAK + 2 * ch] = mx[MD_SM_POST_PEAK + 2 * ch] = (uint32_t) qa;
      ss[MD_SM_PRE_SUMSQ + 2 * ch] = ss[MD_SM_POST_SUMSQ + 2 * ch] = sa;
      return a;
    }
  scan_fader_tail (a, b, g.v, g.k, 0, n, &qa, &qb, &sa, &sb);
  mx[MD_SM_PRE_PEAK + 2 * ch] = (uint32_t) qa;
  ss[MD_SM_PRE_SUMSQ + 2 * ch] = sa;
  mx[MD_SM_POST_PEAK + 2 * ch] = (uint32_t) qb;
  ss[MD_SM_POST_SUMSQ + 2 * ch] = sb;
  return b;
}

/* Gain reduction DB as the bits of a non-negative float (NaN: 0). */
static uint32_t
gr_bits (float db)
{
  return md_f2u (db > 0.0f ? db : 0.0f);
}

/* A stereo signal's peaks and sums of squares, published as one block of
 * the meter window M (2 maxima, 2 sums). */
static void
meter_publish_lr (MdMeterWin *m, float *const *x, uint32_t n)
{
  uint32_t pk[MD_METER_WIN_MAXES] = { 0 };
  double ss[MD_METER_WIN_SUMS] = { 0 };

  for (unsigned c = 0; c < 2; c++)
    meter_scan (x[c], n, &pk[c], &ss[c]);
  md_meter_win_publish (m, pk, 2, ss, 2, n);
}

/* A gain reduction (dB) as one block of the meter window M (1 maximum). */
static void
gr_publish (MdMeterWin *m, float db, uint32_t n)
{
  uint32_t b = gr_bits (db);

  md_meter_win_publish (m, &b, 1, NULL, 0, n);
}

/* What md_meter_win_read returned as a peak/RMS meter value; MAX0 and
 * SUM0 are channel 0's maximum and sum, channel 1's are STEP slots on. */
static void
meter_value (const MdMeterWinRead *r, unsigned max0, unsigned sum0, unsigned step,
             MdMeterValue *out)
{
  for (unsigned c = 0; c < 2; c++)
    {
      out->peak[c] = r->max[max0 + step * c];
      out->rms[c] = r->n_frames > 0 ? (float) sqrt (r->sum[sum0 + step * c] / (double) r->n_frames)
                                    : 0.0f;
    }
}

/* ------------------------------------------------------------------ */
/* strips: parameter targets */

static float
slot_default (MdScope scope, unsigned slot)
{
  const MdParamInfo *info = md_params_find_slot (scope, slot);
  return info ? (float) info->def : 0.0f;
}

static void
strip_defaults (MdStrip *s)
{
  for (unsigned slot = 0; slot < MD_SP_COUNT; slot++)
    {
      const MdParamInfo *info = md_params_find_slot (MD_SCOPE_STRIP, slot);
      s->p[slot] = info ? (float) info->def : 0.0f;
    }
}

/* Compute every ramp target of S from its parameters. RT-safe (libm only). */
/* Which sends do anything: moving, or resting at a gain other than 0. */
static inline bool
send_is_live (const MdRamp *r)
{
  return !(r->left == 0 && r->cur == 0.0f);
}

static void
send_live_update (MdStrip *s)
{
  uint32_t m = 0;

  for (unsigned b = 0; b < MD_MAX_BUSES; b++)
    m |= (uint32_t) send_is_live (&s->send[b]) << b;
  s->send_live = m;
}

static void
strip_targets_rl (MdEngine *e, MdStrip *s, uint32_t rl, bool jump)
{
  const float *p = s->p;
  double pre = md_db_to_gain (p[MD_SP_TRIM]) * (p[MD_SP_POLARITY] >= 0.5f ? -1.0 : 1.0);
  double post = md_fader_to_gain (p[MD_SP_FADER]);
  bool muted = p[MD_SP_MUTE] >= 0.5f;
  double gl, gr;
  uint32_t d;

  for (unsigned k = 0; k < MD_MAX_DCAS; k++)
    if (p[MD_SP_DCA + k] >= 0.5f)
      {
        post *= md_fader_to_gain (e->dca_p[k][MD_DP_FADER]);
        muted |= e->dca_p[k][MD_DP_MUTE] >= 0.5f;
      }
  for (unsigned k = 0; k < MD_MAX_MGRPS; k++)
    if (p[MD_SP_MGRP + k] >= 0.5f)
      muted |= e->mgrp_p[k][MD_GP_MUTE] >= 0.5f;

  if (s->n_ch == 1)
    md_pan_gains ((MdPanLaw) (int) e->session_p[MD_XP_PANLAW], p[MD_SP_PAN], &gl, &gr);
  else
    md_balance_gains (p[MD_SP_PAN], &gl, &gr);

  ramp_to (&s->g_pre, (float) pre, rl, jump);
  ramp_to (&s->g_post, (float) post, rl, jump);
  ramp_to (&s->g_mute, (!muted && s->alive) ? 1.0f : 0.0f, rl, jump);
  {
    MdSoloMode mode = (MdSoloMode) (int) e->session_p[MD_XP_SOLO_MODE];
    bool soloed = p[MD_SP_SOLO] >= 0.5f;
    /* solo in place cuts the others; AFL/PFL leave the mix alone and feed
     * the monitor bus instead */
    ramp_to (&s->g_solo, (mode != MD_SOLO_SIP || !e->any_solo || soloed) ? 1.0f : 0.0f, rl, jump);
    ramp_to (&s->g_listen, (mode != MD_SOLO_SIP && soloed) ? 1.0f : 0.0f, rl, jump);
  }
  ramp_to (&s->pan_l, (float) gl, rl, jump);
  ramp_to (&s->pan_r, (float) gr, rl, jump);
  ramp_to (&s->width, p[MD_SP_WIDTH], rl, jump);
  for (unsigned b = 0; b < MD_MAX_BUSES; b++)
    ramp_to (&s->send[b],
             p[MD_SP_SEND_ON + b] >= 0.5f ? (float) md_fader_to_gain (p[MD_SP_SEND_LEVEL + b]) : 0.0f,
             rl, jump);
  send_live_update (s);
  s->post_rest = false;
  s->pre_rest = false;
  md_chan_set (&s->chan, &p[MD_SP_DSP], jump);
  d = (uint32_t) lrint (p[MD_SP_DELAY] * e->rate / 1000.0);
  if (d > e->delay_max)
    d = e->delay_max;
  s->d_next = d;
  if (jump)
    {
      s->d_cur = d;
      s->d_xfade = 0;
    }
  s->dirty = false;
}

static void
strip_targets (MdEngine *e, MdStrip *s, bool jump)
{
  strip_targets_rl (e, s, jump ? 1 : e->ramp_len, jump);
}

/* A strip's first block: start at the preset values, fade in if the
 * strip was added while audio runs. */
static void
strip_settle_fresh (MdEngine *e, MdStrip *s)
{
  if (!s->fresh)
    return;
  strip_targets (e, s, true);
  if (s->fade_in)
    md_ramp_init (&s->g_mute, 0.0f);
  s->post_rest = false;
  s->pre_rest = false;
  s->dirty = true;
  s->fresh = false;
}

static void
strip_reset_state (MdStrip *s)
{
  for (unsigned c = 0; c < s->n_ch; c++)
    memset (s->dline[c], 0, s->dlen * sizeof (float));
}

/* ------------------------------------------------------------------ */
/* strips: processing */

/* Delay line: write N samples of X, read them back delayed, in place. A
 * change of delay crossfades from the old tap to the new over ramp_len
 * samples (one change at a time; the next starts when it is done). */
static void
strip_delay (MdEngine *e, MdStrip *s, float **x, uint32_t n)
{
  uint32_t mask = s->dmask;
  uint32_t pos = s->dpos;

  for (unsigned c = 0; c < s->n_ch; c++)
    {
      float *line = s->dline[c];
      if (n <= mask + 1)
        {
          /* at most two pieces: up to the end of the line, then from its start */
          uint32_t first = n < mask + 1 - pos ? n : mask + 1 - pos;
          memcpy (line + pos, x[c], first * sizeof (float));
          if (n > first)
            memcpy (line, x[c] + first, (n - first) * sizeof (float));
        }
      else
        for (uint32_t i = 0; i < n; i++)
          line[(pos + i) & mask] = x[c][i];
    }
  s->dpos = (pos + n) & mask;

  if (s->d_xfade == 0 && s->d_next != s->d_cur)
    s->d_xfade = 1;
  if (s->d_xfade == 0)
    {
      uint32_t d = s->d_cur;
      if (d == 0)
        return;
      for (unsigned c = 0; c < s->n_ch; c++)
        {
          const float *line = s->dline[c];
          for (uint32_t i = 0; i < n; i++)
            x[c][i] = line[(pos + i - d) & mask];
        }
      return;
    }
  {
    uint32_t done = s->d_xfade - 1;
    uint32_t len = e->ramp_len;
    uint32_t d0 = s->d_cur, d1 = s->d_next;
    for (unsigned c = 0; c < s->n_ch; c++)
      {
        const float *line = s->dline[c];
        uint32_t k = done;
        for (uint32_t i = 0; i < n; i++)
          {
            float a = k < len ? (float) k / (float) len : 1.0f;
            float v0 = line[(pos + i - d0) & mask];
            float v1 = line[(pos + i - d1) & mask];
            x[c][i] = v0 + a * (v1 - v0);
            if (k < len)
              k++;
          }
      }
    done += n;
    if (done >= len)
      {
        s->d_cur = d1;
        s->d_xfade = 0;
      }
    else
      s->d_xfade = done + 1;
  }
}

/* True when any sample of X is NaN or infinite. */
static bool
has_nonfinite (const float *x, uint32_t n)
{
  /* an all-ones exponent carries into bit 31 when one exponent LSB is
   * added (and only then): and, add, or vectorise on SSE2 */
  uint32_t acc = 0;
  for (uint32_t i = 0; i < n; i++)
    acc |= (md_f2u (x[i]) & 0x7f800000u) + 0x00800000u;
  return (acc & 0x80000000u) != 0;
}

/* DST = SRC * K (a copy when K is 1) and the input check of
 * has_nonfinite in the same pass over SRC: true when SRC holds a NaN or
 * an infinity (DST is then not to be used). */
MD_CLONES static bool
gain_checked (float *restrict dst, const float *restrict src, float k, uint32_t n)
{
  uint32_t acc = 0;

  if (k == 1.0f)
    for (uint32_t i = 0; i < n; i++)
      {
        float x = src[i];
        dst[i] = x;
        acc |= (md_f2u (x) & 0x7f800000u) + 0x00800000u;
      }
  else
    for (uint32_t i = 0; i < n; i++)
      {
        float x = src[i];
        dst[i] = x * k;
        acc |= (md_f2u (x) & 0x7f800000u) + 0x00800000u;
      }
  return (acc & 0x80000000u) != 0;
}

/* gain_checked into two destinations: DST and LINE (the delay line) get
 * the same values (one pass instead of gain_checked and a copy; GCC
 * would split the copy at K = 1 back into two memcpy calls and a loop) */
MD_CLONES __attribute__ ((optimize ("no-tree-loop-distribute-patterns"))) static bool
gain_checked_line (float *restrict dst, float *restrict line, const float *restrict src, float k,
                   uint32_t n, bool nt)
{
  uint32_t acc = 0;

#ifdef __SSE__
  if (nt)
    {
#ifdef MD_ENGINE_AVX2
      if (__builtin_cpu_supports ("avx2"))
        return gain_checked_line_nt (dst, line, src, k, n);
#endif
      return gain_checked_line_nt_base (dst, line, src, k, n);
    }
#endif

  if (k == 1.0f)
    for (uint32_t i = 0; i < n; i++)
      {
        float x = src[i];
        dst[i] = line[i] = x;
        acc |= (md_f2u (x) & 0x7f800000u) + 0x00800000u;
      }
  else
    for (uint32_t i = 0; i < n; i++)
      {
        float x = src[i];
        dst[i] = line[i] = x * k;
        acc |= (md_f2u (x) & 0x7f800000u) + 0x00800000u;
      }
  return (acc & 0x80000000u) != 0;
}

static float *
bus_target (MdEngine *e, const MdPlan *plan, const MdStrip *s, unsigned ch)
{
  unsigned r = (unsigned) s->p[MD_SP_ROUTE];
  if (r >= 1 && r <= plan->n_buses)
    return e->bus[r - 1].acc[ch];
  return e->master_acc[ch];
}

/* Test switches: the rest paths (strip_pre_rest, strip_post_rest), the
 * pairs of strip_post_rest_pair (set before processing) */
static bool rest_off, pair_off;

/* A strip before its channel block: input check, trim and polarity,
 * delay, width, into A. False when the strip is silenced for this block
 * (non-finite input): then it has nothing more to do. */
static bool
strip_pre (MdEngine *e, MdStrip *s, const float *const src[2], float **A, uint32_t n)
{
  float **cv = e->curve;
  unsigned nch = s->n_ch;
  bool bad = false, trimmed;
  Gain g_pre;

  strip_settle_fresh (e, s);
  if (s->dirty)
    strip_targets (e, s, false);

  /* trim and polarity at rest (a constant gain): the input check and the
   * gain in one pass; a moving trim checks first, as a silenced block
   * leaves its ramp where it is */
  trimmed = s->g_pre.left == 0;
  if (trimmed)
    for (unsigned c = 0; c < nch; c++)
      bad |= gain_checked (A[c], src[c], s->g_pre.cur, n);
  else
    for (unsigned c = 0; c < nch; c++)
      bad |= has_nonfinite (src[c], n);
  if (bad)
    {
      /* silence and flag only this strip; its state restarts clean and
       * fades back in when the input is finite again */
      if (!s->silenced)
        {
          s->silenced = true;
          atomic_store_explicit (&s->silenced_flag, true, memory_order_relaxed);
        }
      atomic_store_explicit (&s->nonfinite,
                             atomic_load_explicit (&s->nonfinite, memory_order_relaxed) + 1,
                             memory_order_relaxed);
      rt_count_add (&e->nonfinite_blocks, 1, memory_order_relaxed);
      strip_reset_state (s);
      md_ramp_init (&s->g_mute, 0.0f);
      s->post_rest = false;
      s->pre_rest = false;
      s->dirty = true;
      return false;
    }
  if (s->silenced)
    {
      s->silenced = false;
      atomic_store_explicit (&s->silenced_flag, false, memory_order_relaxed);
    }

  /* trim and polarity */
  if (!trimmed)
    {
      g_pre = ramp_run (&s->g_pre, cv[0], n);
      for (unsigned c = 0; c < nch; c++)
        apply_gain (A[c], src[c], g_pre, n);
    }

  strip_delay (e, s, A, n);

  if (nch == 2)
    {
      Gain w = ramp_run (&s->width, cv[0], n);
      if (w.v || w.k != 1.0f)
        for (uint32_t i = 0; i < n; i++)
          {
            float m = 0.5f * (A[0][i] + A[1][i]);
            float sd = 0.5f * (A[0][i] - A[1][i]) * (w.v ? w.v[i] : w.k);
            A[0][i] = m + sd;
            A[1][i] = m - sd;
          }
    }

  /* everything came to rest: the next blocks take strip_pre_rest */
  if (!rest_off && s->g_pre.left == 0 && s->d_xfade == 0 && s->d_next == s->d_cur
      && (nch == 1 || s->width.left == 0))
    {
      s->k_pre = s->g_pre.cur;
      s->k_width = s->width.cur;
      s->pre_width = nch == 2 && s->width.cur != 1.0f;
      s->pre_rest = true;
    }
  return true;
}

/* strip_pre at rest (pre_rest, not dirty): the same steps with nothing
 * moving: the input check and the constant trim in one pass, the delay
 * line written (a later change of delay reads it) and read only with a
 * tap, the constant width. False when an input is not finite: strip_pre
 * then runs the block again and silences the strip (same bits). */
static inline __attribute__ ((always_inline)) bool
strip_pre_rest (MdStrip *s, const float *const src[2], float **A, uint32_t n)
{
  unsigned nch = s->n_ch;
  float k = s->k_pre;
  uint32_t acc = 0;
  uint32_t mask = s->dmask, pos = s->dpos, d = s->d_cur;

  if (n <= 4 && pos + n <= mask + 1)
    {
      /* a few samples, the line not wrapping: the check, the trim and
       * the line's write in one pass (gain_checked's operations) */
      for (unsigned c = 0; c < nch; c++)
        {
          const float *x = src[c];
          float *a = A[c], *line = s->dline[c] + pos;
          /* n <= 4: straight-line, no loop for the vectoriser to
           * version with alias checks */
#pragma GCC unroll 4
          for (uint32_t i = 0; i < 4; i++)
            if (i < n)
              {
                float v = x[i];

                acc |= (md_f2u (v) & 0x7f800000u) + 0x00800000u;
                if (k != 1.0f)
                  v *= k;
                a[i] = line[i] = v;
              }
        }
      if (acc & 0x80000000u)
        return false;
    }
  else
    {
      for (unsigned c = 0; c < nch; c++)
        {
          float *line = s->dline[c];
          const float *a = A[c];

          if (n <= mask + 1)
            {
              /* the line written in the same pass, in up to two pieces
               * (it wraps) */
              uint32_t first = n < mask + 1 - pos ? n : mask + 1 - pos;

              /* NT: no tap to read the line back, whole cache lines */
              acc |= (uint32_t) gain_checked_line (A[c], line + pos, src[c], k, first,
                                                   d == 0 && ((pos | first) & 15u) == 0) << 31;
              if (n > first)
                acc |= (uint32_t) gain_checked_line (A[c] + first, line, src[c] + first, k,
                                                     n - first, false) << 31;
            }
          else
            {
              acc |= (uint32_t) gain_checked (A[c], src[c], k, n) << 31;
              for (uint32_t i = 0; i < n; i++)
                line[(pos + i) & mask] = a[i];
            }
        }
      if (acc & 0x80000000u)
        return false;
    }
  /* (a non-finite input returned above with the line written and dpos
   * where it was: strip_pre then silences the strip, which clears the
   * line) */
  s->dpos = (pos + n) & mask;
  if (d != 0)
    for (unsigned c = 0; c < nch; c++)
      {
        const float *line = s->dline[c];
        float *a = A[c];
        for (uint32_t i = 0; i < n; i++)
          a[i] = line[(pos + i - d) & mask];
      }

  if (s->pre_width)
    {
      float w = s->k_width;
      for (uint32_t i = 0; i < n; i++)
        {
          float m = 0.5f * (A[0][i] + A[1][i]);
          float sd = 0.5f * (A[0][i] - A[1][i]) * w;
          A[0][i] = m + sd;
          A[1][i] = m - sd;
        }
    }
  return true;
}

/* The direct outputs of S: its signal B after fader and mute, before pan */
static inline void
strip_direct (MdEngine *e, const MdStrip *s, float *const *B, uint32_t n)
{
  /* no direct output of S among the outputs given (the usual case when
   * they are not connected): one compare instead of one per channel */
  if (__builtin_expect (e->rt_n_out <= MD_OUT_DIRECT_BASE + 2 * s->id, 1))
    return;
  for (unsigned c = 0; c < s->n_ch; c++)
    {
      unsigned k = MD_OUT_DIRECT_BASE + 2 * s->id + c;
      if (k < e->rt_n_out && e->rt_out[k])
        {
          if (s->p[MD_SP_DIRECT] >= 0.5f)
            memcpy (e->rt_out[k] + e->rt_off, B[c], n * sizeof (float));
          else
            memset (e->rt_out[k] + e->rt_off, 0, n * sizeof (float));
        }
    }
}

/* One block of S's meter window: the NCH channels' values in MX and SS
 * (MD_SM_* slots) and the gain reductions */
static inline __attribute__ ((always_inline)) void
strip_publish_n (MdStrip *s, uint32_t *mx, const double *ss, uint32_t n, unsigned nch)
{
  /* md_chan_gate_db and md_chan_comp_db, read in place */
  mx[MD_SM_GATE_GR] = gr_bits (s->chan.gate.att_max_db);
  mx[MD_SM_COMP_GR] = gr_bits (s->chan.comp.gr_max_db);
  md_meter_win_publish_n (&s->meters, mx, 2 + 2 * nch, ss, 2 * nch, n);
}

/* strip_meters for NCH channels, the few-frames scans when FEW: with
 * both constant the channel loop unrolls and, in the few-frames case,
 * the values stay in registers up to their stores into the window */
static inline __attribute__ ((always_inline)) void
strip_meters_n (MdStrip *s, float **A, float **B, float *const *scratch, Gain gb, uint32_t n,
                unsigned nch, bool few)
{
  /* every slot published is written below: no zeroing */
  uint32_t mx[MD_METER_WIN_MAXES];
  double ss[MD_METER_WIN_SUMS];

  for (unsigned c = 0; c < nch; c++)
    B[c] = (float *) (few ? meter_fader_few (c, A[c], scratch[c], gb, n, mx, ss)
                          : meter_fader (c, A[c], scratch[c], gb, n, mx, ss));
  strip_publish_n (s, mx, ss, n, nch);
}

/* The meters before and after the fader and the fader (gain GB) in one
 * pass, B pointing at A where the gain is exactly 1, and the gain
 * reductions: one block of the strip's meter window (plain stores,
 * inline, with the counts constant). */
static inline __attribute__ ((always_inline)) void
strip_meters (MdStrip *s, float **A, float **B, float *const *scratch, Gain gb, uint32_t n)
{
  if (n < MD_FEW_FRAMES)
    {
      if (s->n_ch == 2)
        strip_meters_n (s, A, B, scratch, gb, n, 2, true);
      else
        strip_meters_n (s, A, B, scratch, gb, n, 1, true);
    }
  else if (s->n_ch == 2)
    strip_meters_n (s, A, B, scratch, gb, n, 2, false);
  else
    strip_meters_n (s, A, B, scratch, gb, n, 1, false);
}

void
md_engine_set_rest_path (bool on)
{
  rest_off = !on;
}

void
md_engine_set_pair_path (bool on)
{
  pair_off = !on;
}

/* Every ramp strip_post runs at rest, the listen off: its gains are then
 * constants for as long as no target changes. */
static bool
post_at_rest (const MdStrip *s)
{
  uint32_t moving = s->g_post.left | s->g_mute.left | s->g_solo.left | s->g_listen.left
                    | s->pan_l.left | s->pan_r.left;

  for (uint32_t live = s->send_live; live != 0; live &= live - 1)
    moving |= s->send[__builtin_ctz (live)].left;
  return moving == 0 && s->g_listen.cur == 0.0f;
}

/* The constants of strip_post at rest, multiplied as gain_mul does for
 * constant gains (the same products in the same order: the same bits). */
static void
post_rest_cache (MdStrip *s)
{
  float mute = s->g_mute.cur, solo = s->g_solo.cur, pl = s->pan_l.cur, pr = s->pan_r.cur;

  s->k_fader = s->g_post.cur * mute;
  s->k_main[0] = solo * pl;
  s->k_main[1] = solo * pr;
  s->rest_pre = 0;
  s->rest_both = (uint32_t) (s->k_main[0] != 0.0f && s->k_main[1] != 0.0f) << MD_MAX_BUSES;
  for (uint32_t live = s->send_live; live != 0; live &= live - 1)
    {
      unsigned b = (unsigned) __builtin_ctz (live);
      bool pre = s->p[MD_SP_SEND_PRE + b] >= 0.5f;
      float tap = s->send[b].cur * (pre ? mute : solo);

      s->k_send[b][0] = tap * pl;
      s->k_send[b][1] = tap * pr;
      s->rest_pre |= (uint32_t) pre << b;
      s->rest_both |= (uint32_t) (s->k_send[b][0] != 0.0f && s->k_send[b][1] != 0.0f) << b;
    }
  s->post_rest = true;
}

/* mix_gain2 with the constant gains K (the decisions it would take
 * every block taken once: BOTH, both gains non-zero; a mono source when
 * NCH is 1) */
static inline void
mix_rest (float *restrict dl, float *restrict dr, float *const *sig, unsigned nch,
          const float k[2], bool both, uint32_t n)
{
  if (both && nch == 1)
    mix_k1x2 (dl, dr, sig[0], k[0], k[1], n);
  else if (both)
    mix_k2 (dl, dr, sig[0], sig[1], k[0], k[1], n);
  else
    {
      Gain gl = { NULL, k[0] }, gr = { NULL, k[1] };
      mix_gain2 (dl, dr, sig[0], sig[nch - 1], gl, gr, n);
    }
}

/* strip_post at rest (post_rest): no ramp to run, no gain to multiply */
static void
strip_post_rest (MdEngine *e, const MdPlan *plan, MdStrip *s, float **A, uint32_t n)
{
  float *B[2];
  unsigned nch = s->n_ch;
  Gain gb = { NULL, s->k_fader };

  strip_meters (s, A, B, e->sig_b, gb, n);
  mix_rest (bus_target (e, plan, s, 0), bus_target (e, plan, s, 1), B, nch, s->k_main,
            (s->rest_both >> MD_MAX_BUSES) & 1u, n);
  strip_direct (e, s, B, n);
  for (uint32_t live = s->send_live; live != 0; live &= live - 1)
    {
      unsigned b = (unsigned) __builtin_ctz (live);

      if (b >= plan->n_buses)
        break;                         /* the live set is in bus order */
      mix_rest (e->bus[b].acc[0], e->bus[b].acc[1], (s->rest_pre >> b) & 1u ? A : B, nch,
                s->k_send[b], (s->rest_both >> b) & 1u, n);
    }
}

/* Two mono strips S1, S2 (in this order) that strip_post_rest can run as
 * one: both at rest with every gain non-zero, the same destination for
 * their main mix and the same live sends, none of them into that
 * destination. Then each destination pair receives S1's signal and S2's
 * in one pass, in the order the two strips would add them (the same
 * bits), with half the loads and stores of the destination. */
static bool
post_pairable (MdEngine *e, const MdPlan *plan, const MdStrip *s1, const MdStrip *s2)
{
  uint32_t all = s1->send_live | 1u << MD_MAX_BUSES;
  const float *main_l;

  if (!s1->post_rest || !s2->post_rest || s1->n_ch != 1 || s2->n_ch != 1
      || s1->send_live != s2->send_live || (s1->rest_both & all) != all
      || (s2->rest_both & all) != all)
    return false;
  main_l = bus_target (e, plan, s1, 0);
  if (main_l != bus_target (e, plan, s2, 0))
    return false;
  for (uint32_t live = s1->send_live; live != 0; live &= live - 1)
    {
      unsigned b = (unsigned) __builtin_ctz (live);
      if (b < plan->n_buses && e->bus[b].acc[0] == main_l)
        return false;
    }
  return true;
}

/* strip_post_rest of two strips post_pairable says can run as one; S2's
 * post-fader signal goes to the second channel's scratch (a mono strip
 * uses only the first). Always inline: with strips_post_few beside it
 * GCC put it out of line, a call per pair at 5 frames and more (+13 Ir
 * per strip-block at 17 and 64). */
static inline __attribute__ ((always_inline)) void
strip_post_rest_pair (MdEngine *e, const MdPlan *plan, MdStrip *s1, float **A1, MdStrip *s2,
                      float **A2, uint32_t n)
{
  float *B1[2], *B2[2];
  float *scratch2[2] = { e->sig_b[1], NULL };
  Gain g1 = { NULL, s1->k_fader }, g2 = { NULL, s2->k_fader };

#ifdef MD_ENGINE_AVX2
  /* (n >= MD_FEW_FRAMES here: strips_post_few takes fewer) */
  if (g1.k != 1.0f && g2.k != 1.0f && __builtin_cpu_supports ("avx2"))
    {
      /* the scans, the faders and the main mix in one pass */
      uint32_t mx1[MD_METER_WIN_MAXES], mx2[MD_METER_WIN_MAXES];
      double ss1[MD_METER_WIN_SUMS], ss2[MD_METER_WIN_SUMS];

      /* the live sends into the plan's buses (the same in both strips) */
      uint32_t sends = s1->send_live & ((1u << plan->n_buses) - 1u);

      B1[0] = e->sig_b[0];
      B2[0] = e->sig_b[1];
      if (__builtin_popcount (sends) == 2 && ((s1->rest_pre | s2->rest_pre) & sends) == 0)
        {
          /* two post-fader sends in both strips (the bench's case): mixed
           * in the same pass; strip_direct's outputs are other buffers */
          unsigned b0 = (unsigned) __builtin_ctz (sends);
          unsigned b1 = (unsigned) __builtin_ctz (sends & (sends - 1u));
          float *sd[4] = { e->bus[b0].acc[0], e->bus[b0].acc[1], e->bus[b1].acc[0],
                           e->bus[b1].acc[1] };
          const float *sk[4] = { s1->k_send[b0], s2->k_send[b0], s1->k_send[b1],
                                 s2->k_send[b1] };

          scan_fader_pair_mix2_avx2 (A1[0], B1[0], A2[0], B2[0], g1.k, g2.k,
                                     bus_target (e, plan, s1, 0), bus_target (e, plan, s1, 1),
                                     s1->k_main, s2->k_main, sd, sk, n, mx1, ss1, mx2, ss2);
          strip_publish_n (s1, mx1, ss1, n, 1);
          strip_publish_n (s2, mx2, ss2, n, 1);
          strip_direct (e, s1, B1, n);
          strip_direct (e, s2, B2, n);
          return;
        }
      scan_fader_pair_mix_avx2 (A1[0], B1[0], A2[0], B2[0], g1.k, g2.k,
                                bus_target (e, plan, s1, 0), bus_target (e, plan, s1, 1),
                                s1->k_main, s2->k_main, n, mx1, ss1, mx2, ss2);
      strip_publish_n (s1, mx1, ss1, n, 1);
      strip_publish_n (s2, mx2, ss2, n, 1);
    }
  else
#endif
    {
      strip_meters (s1, A1, B1, e->sig_b, g1, n);
      strip_meters (s2, A2, B2, scratch2, g2, n);
      mix_k1x2_pair (bus_target (e, plan, s1, 0), bus_target (e, plan, s1, 1), B1[0], s1->k_main,
                     B2[0], s2->k_main, n);
    }
  strip_direct (e, s1, B1, n);
  strip_direct (e, s2, B2, n);
  for (uint32_t live = s1->send_live; live != 0; live &= live - 1)
    {
      unsigned b = (unsigned) __builtin_ctz (live);

      if (b >= plan->n_buses)
        break;                         /* the live set is in bus order */
      mix_k1x2_pair (e->bus[b].acc[0], e->bus[b].acc[1], ((s1->rest_pre >> b) & 1u ? A1 : B1)[0],
                     s1->k_send[b], ((s2->rest_pre >> b) & 1u ? A2 : B2)[0], s2->k_send[b], n);
    }
}

/* A strip after its channel block (A holds its output): gain reduction
 * meters, meters, fader, mute, pan, listen, direct outputs, sends. */
static void
strip_post (MdEngine *e, const MdPlan *plan, MdStrip *s, float **A, uint32_t n)
{
  float *B[2];
  float **cv = e->curve;
  unsigned nch = s->n_ch;
  Gain g_post, g_mute, g_solo, pl, pr, gb, gmain_l, gmain_r;

  if (s->post_rest)
    {
      strip_post_rest (e, plan, s, A, n);
      return;
    }

  /* meters before and after the fader, and the fader, in one pass */
  g_post = ramp_run (&s->g_post, cv[1], n);
  g_mute = ramp_run (&s->g_mute, cv[2], n);
  gb = gain_mul (g_post, g_mute, cv[3], n);
  strip_meters (s, A, B, e->sig_b, gb, n);

  g_solo = ramp_run (&s->g_solo, cv[4], n);
  pl = ramp_run (&s->pan_l, cv[5], n);
  pr = ramp_run (&s->pan_r, cv[6], n);
  gmain_l = gain_mul (g_solo, pl, cv[7], n);
  gmain_r = gain_mul (g_solo, pr, cv[8], n);

  mix_gain2 (bus_target (e, plan, s, 0), bus_target (e, plan, s, 1), B[0], B[nch - 1],
             gmain_l, gmain_r, n);

  /* AFL (after the fader, panned) or PFL (before the fader) listen */
  {
    MdRamp *r = &s->g_listen;
    if (r->left > 0 || r->cur != 0.0f)
      {
        Gain lg = ramp_run (r, cv[9], n);
        bool pfl = (int) e->session_p[MD_XP_SOLO_MODE] == MD_SOLO_PFL;
        const float *const *sig = (const float *const *) (pfl ? A : B);
        Gain ll = gain_mul (lg, pl, cv[10], n);
        mix_gain (e->monitor_acc[0], sig[0], ll, n);
        ll = gain_mul (lg, pr, cv[10], n);
        mix_gain (e->monitor_acc[1], sig[nch - 1], ll, n);
      }
  }
  strip_direct (e, s, B, n);
  /* the live sends only, in bus order (a send that came to rest at 0
   * leaves the set) */
  for (uint32_t live = s->send_live; live != 0; live &= live - 1)
    {
      unsigned b = (unsigned) __builtin_ctz (live);
      MdRamp *r = &s->send[b];
      Gain lv, tap, gl, gr;
      bool pre;
      const float *const *sig;
      lv = ramp_run (r, cv[9], n);
      if (!send_is_live (r))
        s->send_live &= ~(1u << b);
      if (b >= plan->n_buses)
        continue;
      pre = s->p[MD_SP_SEND_PRE + b] >= 0.5f;
      tap = gain_mul (lv, pre ? g_mute : g_solo, cv[10], n);
      sig = (const float *const *) (pre ? A : B);
      gl = gain_mul (tap, pl, cv[11], n);
      if (gl.v)
        {
          /* cv[11] holds GL's samples: mix them before GR takes it */
          mix_gain (e->bus[b].acc[0], sig[0], gl, n);
          gr = gain_mul (tap, pr, cv[11], n);
          mix_gain (e->bus[b].acc[1], sig[nch - 1], gr, n);
        }
      else
        {
          gr = gain_mul (tap, pr, cv[11], n);
          mix_gain2 (e->bus[b].acc[0], e->bus[b].acc[1], sig[0], sig[nch - 1], gl, gr, n);
        }
    }
  /* everything came to rest: the next blocks take strip_post_rest */
  if (!rest_off && post_at_rest (s))
    post_rest_cache (s);
}

/* One strip on its own (leaving strips): the same steps as the batch. */
static void
strip_process (MdEngine *e, const MdPlan *plan, MdStrip *s, const float *const src[2], uint32_t n)
{
  float **A = e->sig_a;

  if (!(s->pre_rest && !s->dirty && strip_pre_rest (s, src, A, n))
      && !strip_pre (e, s, src, A, n))
    return;
  /* HPF, LPF, EQ, gate, compressor (stereo linked) */
  md_chan_process (&s->chan, A, s->n_ch, n);
  strip_post (e, plan, s, A, n);
}

/* The part of the plan's strip I before its channel block, into A: the
 * input pointers, then strip_pre_rest or strip_pre (*ALL_REST cleared
 * when strip_pre runs). False when the strip is silenced. */
static inline __attribute__ ((always_inline)) bool
strip_pre_one (MdEngine *e, const MdPlan *plan, const float *const *in, unsigned n_in,
               uint32_t off, unsigned i, float **A, uint32_t n, bool *all_rest)
{
  MdStrip *s = plan->strips[i];
  const float *src[2];

  for (unsigned c = 0; c < s->n_ch; c++)
    {
      unsigned ch = plan->in_ch[i][c];
      src[c] = ch < n_in && in[ch] ? in[ch] + off : e->zero;
    }
  if (s->pre_rest && !s->dirty && strip_pre_rest (s, src, A, n))
    return true;
  *all_rest = false;
  return strip_pre (e, s, src, A, n);
}

/* strip_pre_one out of line: the strips strips_pre_few leaves */
__attribute__ ((noinline)) static bool
strip_pre_other (MdEngine *e, const MdPlan *plan, const float *const *in, unsigned n_in,
                 uint32_t off, unsigned i, float **A, uint32_t n, bool *all_rest)
{
  return strip_pre_one (e, plan, in, n_in, off, i, A, n, all_rest);
}

/* strip_pre_rest's few-frames pass for one channel (input CH, at frame
 * OFF of the block): A[f] = LINE[f] = X[f] * K (X[f] when K is 1), the
 * input check's bits (gain_checked's) returned */
static inline __attribute__ ((always_inline)) uint32_t
pre_few_ch (const MdEngine *e, unsigned ch, const float *const *in, unsigned n_in, uint32_t off,
            float *a, float *line, float k, uint32_t n)
{
  const float *x = ch < n_in && in[ch] ? in[ch] + off : e->zero;
  uint32_t acc = 0;

  for (uint32_t f = 0; f < n; f++)
    {
      float v = x[f];

      acc |= (md_f2u (v) & 0x7f800000u) + 0x00800000u;
      if (k != 1.0f)
        v *= k;
      a[f] = line[f] = v;
    }
  return acc;
}

/* The part of strips I0 .. I0+K-1 before their channel blocks for blocks
 * of up to 4 frames (LIVE[j]: strip j not silenced; true when every
 * strip took strip_pre_rest). The usual case at rest (the line not
 * wrapping, no delay tap, no width) is strip_pre_rest's few-frames pass
 * in a loop with nothing else in it, the channel count constant; any
 * other strip, and one with a non-finite input (its line then written
 * again with the same values, as strip_pre_rest does before strip_pre
 * silences the strip), goes to strip_pre_other. Inlined into
 * process_chunk with the general pass around it, the loop reloaded its
 * pointers and counts from the stack for every strip. Not vectorised:
 * at most 4 frames. */
__attribute__ ((noinline, optimize ("no-tree-vectorize"))) static bool
strips_pre_few (MdEngine *e, const MdPlan *plan, const float *const *in, unsigned n_in,
                uint32_t off, unsigned i0, unsigned k, uint32_t n, bool *live)
{
  bool all_rest = true;

  for (unsigned j = 0; j < k; j++)
    {
      MdStrip *s = plan->strips[i0 + j];
      float **A = e->batch_a[j];
      uint32_t pos = s->dpos, acc;
      float g = s->k_pre;

      if (s->pre_rest && !s->dirty && pos + n <= s->dmask + 1 && s->d_cur == 0 && !s->pre_width)
        {
          if (s->n_ch == 1)
            acc = pre_few_ch (e, plan->in_ch[i0 + j][0], in, n_in, off, A[0], s->dline[0] + pos, g,
                              n);
          else
            acc = pre_few_ch (e, plan->in_ch[i0 + j][0], in, n_in, off, A[0], s->dline[0] + pos, g,
                              n)
                  | pre_few_ch (e, plan->in_ch[i0 + j][1], in, n_in, off, A[1], s->dline[1] + pos,
                                g, n);
          if (!(acc & 0x80000000u))
            {
              s->dpos = (pos + n) & s->dmask;
              live[j] = true;
              continue;
            }
        }
      live[j] = strip_pre_other (e, plan, in, n_in, off, i0 + j, A, n, &all_rest);
    }
  return all_rest;
}

/* strip_post out of line: the strips strips_post_few leaves */
__attribute__ ((noinline)) static void
strip_post_other (MdEngine *e, const MdPlan *plan, MdStrip *s, float **A, uint32_t n)
{
  strip_post (e, plan, s, A, n);
}

/* The part of strips I0 .. I0+K-1 after their channel blocks for blocks
 * under MD_FEW_FRAMES frames (LIVE[j]: strip j not silenced; PAIRS: the
 * batch's pairs). The usual case, a pair of mono strips at rest
 * (strip_post_rest_pair), runs in a loop with nothing else in it: the
 * channel count constant, the direct outputs checked once for the batch
 * (none at all among the outputs given: no strip has one) and the live
 * sends cut to the plan's buses once per pair instead of a check per
 * send (the live set is in bus order: the same sends, in the same
 * order); any other strip goes to strip_post_other. Inline: out of line
 * (one call per batch) it cost ~7 Ir per strip-block more at 1 frame
 * than the loop it replaced. */
static inline __attribute__ ((always_inline)) void
strips_post_few (MdEngine *e, const MdPlan *plan, unsigned i0, unsigned k, uint32_t pairs,
                 const bool *live, uint32_t n)
{
  bool direct = e->rt_n_out > MD_OUT_DIRECT_BASE;
  uint32_t buses = (1u << plan->n_buses) - 1u;

  for (unsigned j = 0; j < k; j++)
    {
      MdStrip *s1 = plan->strips[i0 + j], *s2;
      float **A1, **A2, *B1[2], *B2[2];
      float *scratch2[2] = { e->sig_b[1], NULL };
      Gain g1, g2;

      if (!live[j])
        continue;
      if (!((pairs >> j) & 1u))
        {
          strip_post_other (e, plan, s1, e->batch_a[j], n);
          continue;
        }
      s2 = plan->strips[i0 + j + 1];
      A1 = e->batch_a[j];
      A2 = e->batch_a[j + 1];
      g1 = (Gain) { NULL, s1->k_fader };
      g2 = (Gain) { NULL, s2->k_fader };
      strip_meters_n (s1, A1, B1, e->sig_b, g1, n, 1, true);
      strip_meters_n (s2, A2, B2, scratch2, g2, n, 1, true);
      mix_k1x2_pair (bus_target (e, plan, s1, 0), bus_target (e, plan, s1, 1), B1[0], s1->k_main,
                     B2[0], s2->k_main, n);
      if (direct)
        {
          strip_direct (e, s1, B1, n);
          strip_direct (e, s2, B2, n);
        }
      for (uint32_t sends = s1->send_live & buses; sends != 0; sends &= sends - 1)
        {
          unsigned b = (unsigned) __builtin_ctz (sends);

          mix_k1x2_pair (e->bus[b].acc[0], e->bus[b].acc[1],
                         ((s1->rest_pre >> b) & 1u ? A1 : B1)[0], s1->k_send[b],
                         ((s2->rest_pre >> b) & 1u ? A2 : B2)[0], s2->k_send[b], n);
        }
      j++;
    }
}

/* Strips I0 .. I0+K-1 of the plan (K <= MD_STRIP_BATCH), each into its own
 * scratch e->batch_a[j]: the part before the channel block strip by strip;
 * the channel blocks batched across strips (the _multi_ch paths run up to
 * four filter/EQ channels or compressors in vector lanes, bit-identical to
 * one by one up to the sign of exact zeros; a unit that is gliding or
 * crossfading runs on its own inside them; stereo compressors stay
 * linked), the gates one by one; then the rest of every strip in plan
 * order, so the buses sum in the same order as before. Every unit keeps
 * its own settings and state. */
/* A gate or compressor with work to do: on, fading, or a reduction meter
 * its next call would reset to 0 (as its begin step does when off). */
static inline bool
dyn_live (bool on, float w, float gr_db)
{
  return on || w != 0.0f || gr_db != 0.0f;
}

/* A unit that stays as dyn_live finds it for as long as nothing switches
 * it: on, or off and settled */
static inline bool
dyn_settled (bool on, float w, float gr_db)
{
  return on || (w == 0.0f && gr_db == 0.0f);
}

/* always inline: out of process_chunk (where GCC put it once
 * strips_post_few made it larger) it ran fewer instructions but was ~6 %
 * slower at 1 frame on the AVX2 path, the time going into the
 * compressor's lanes (placement, not explained further) */
static inline __attribute__ ((always_inline)) void
strips_batch (MdEngine *e, const MdPlan *plan, const float *const *in, unsigned n_in,
              uint32_t off, unsigned i0, unsigned k, uint32_t n)
{
  MdChan *chan[MD_STRIP_BATCH];
  float *const *chs[MD_STRIP_BATCH];
  unsigned n_ch[MD_STRIP_BATCH];
  bool live[MD_STRIP_BATCH];
  MdBatchDyn *bd = &e->batch_dyn[i0 / MD_STRIP_BATCH];
  bool all_rest = true;

  if (n <= 4)
    all_rest = strips_pre_few (e, plan, in, n_in, off, i0, k, n, live);
  else
    for (unsigned j = 0; j < k; j++)
      live[j] = strip_pre_one (e, plan, in, n_in, off, i0 + j, e->batch_a[j], n, &all_rest);
  if (all_rest && bd->gen == plan->gen)
    /* the plan's lists and the batch's gates and compressors as kept */
    md_chan_filters_multi_ch (&plan->chan[i0], &plan->scratch[i0], &plan->n_ch[i0], k, n);
  else
    {
      unsigned nm = 0;
      bool settled = all_rest;

      bd->ng = 0;
      bd->nc = 0;
      for (unsigned j = 0; j < k; j++)
        {
          MdChan *ch = plan->chan[i0 + j];

          if (!live[j])
            continue;
          chan[nm] = ch;
          chs[nm] = plan->scratch[i0 + j];
          n_ch[nm++] = plan->n_ch[i0 + j];
          /* a gate or compressor that is off, faded out and shows no
           * reduction has nothing to do (the units would only find that
           * out): it stays out of the lockstep call; lanes are
           * independent, so which strips share a call changes no bit */
          if (dyn_live (ch->gate.on, ch->gate.w, ch->gate.att_max_db))
            {
              bd->gt[bd->ng] = &ch->gate;
              bd->chs_g[bd->ng] = plan->scratch[i0 + j];
              bd->n_ch_g[bd->ng++] = plan->n_ch[i0 + j];
            }
          if (dyn_live (ch->comp.on, ch->comp.w, ch->comp.gr_max_db))
            {
              bd->cp[bd->nc] = &ch->comp;
              bd->chs_c[bd->nc] = plan->scratch[i0 + j];
              bd->n_ch_c[bd->nc++] = plan->n_ch[i0 + j];
            }
          settled = settled && dyn_settled (ch->gate.on, ch->gate.w, ch->gate.att_max_db)
                    && dyn_settled (ch->comp.on, ch->comp.w, ch->comp.gr_max_db);
        }
      bd->gen = settled ? plan->gen : 0;
      md_chan_filters_multi_ch (chan, chs, n_ch, nm, n);
    }
  if (bd->ng > 0)
    md_gate_process_multi_ch (bd->gt, bd->chs_g, bd->n_ch_g, bd->ng, n);
  if (bd->nc > 0)
    md_comp_process_multi_ch (bd->cp, bd->chs_c, bd->n_ch_c, bd->nc, n);
  /* two strips at rest whose mixes can share passes (same bits): what
   * post_pairable says cannot change while every strip of the batch
   * stays on both rest paths (a route, a send, a solo or a new plan
   * goes through strip_targets_rl or a plan swap) */
  if (!(all_rest && bd->pairs_gen == plan->gen))
    {
      bool all_post = all_rest && !pair_off;

      bd->pairs = 0;
      for (unsigned j = 0; j < k; j++)
        all_post = all_post && plan->strips[i0 + j]->post_rest;
      for (unsigned j = 0; j + 1 < k && !pair_off; j++)
        if (live[j] && live[j + 1]
            && post_pairable (e, plan, plan->strips[i0 + j], plan->strips[i0 + j + 1]))
          bd->pairs |= 1u << j++;
      bd->pairs_gen = all_post ? plan->gen : 0;
    }
  if (n < MD_FEW_FRAMES)
    {
      strips_post_few (e, plan, i0, k, bd->pairs, live, n);
      return;
    }
  for (unsigned j = 0; j < k; j++)
    {
      MdStrip *s = plan->strips[i0 + j];

      if (!live[j])
        continue;
      if ((bd->pairs >> j) & 1u)
        {
          strip_post_rest_pair (e, plan, s, e->batch_a[j], plan->strips[i0 + j + 1],
                                e->batch_a[j + 1], n);
          j++;
        }
      else
        strip_post (e, plan, s, e->batch_a[j], n);
    }
#ifdef __SSE__
  /* the batch's streaming stores into its delay lines
   * (gain_checked_line_nt: 16 frames and more, so only on this path) in
   * memory before anything the block stores after them (its hand-backs
   * at the end); long drained by now, the fence costs little here, where
   * once per call it cost ~1 ns per strip-block at 1 frame. Any path that
   * hands a strip's memory to another thread (to free or reuse) must come
   * after such a fence: this one, or the leaving strip's before `faded` */
  __builtin_ia32_sfence ();
#endif
}

/* ------------------------------------------------------------------ */
/* buses and master */

static void
bus_targets_rl (MdEngine *e, MdBus *b, uint32_t rl, bool jump)
{
  double gl, gr;
  double g = b->p[MD_BP_MUTE] >= 0.5f ? 0.0 : md_fader_to_gain (b->p[MD_BP_FADER]);
  md_balance_gains (b->p[MD_BP_PAN], &gl, &gr);
  ramp_to (&b->gain, (float) g, rl, jump);
  ramp_to (&b->bal_l, (float) gl, rl, jump);
  ramp_to (&b->bal_r, (float) gr, rl, jump);
  ramp_to (&b->to_master, b->p[MD_BP_MASTER] >= 0.5f ? 1.0f : 0.0f, rl, jump);
  md_chan_set (&b->chan, &b->p[MD_BP_DSP], jump);
  b->dirty = false;
}

static void
bus_targets (MdEngine *e, MdBus *b, bool jump)
{
  bus_targets_rl (e, b, jump ? 1 : e->ramp_len, jump);
}

static void
master_targets_rl (MdEngine *e, uint32_t rl, bool jump)
{
  const float *p = e->master_p;
  double g = p[MD_MP_MUTE] >= 0.5f ? 0.0 : md_fader_to_gain (p[MD_MP_FADER]);
  ramp_to (&e->master_gain, (float) g, rl, jump);

  md_chan_set (&e->master_chan, &p[MD_MP_DSP], jump);
  md_multiband_set_on (&e->master_mb, p[MD_MP_MB_ON] >= 0.5f);
  for (unsigned k = 0; k < 2; k++)
    md_multiband_set_xover (&e->master_mb, k, p[MD_MP_MB_XOVER + k]);
  for (unsigned b = 0; b < 3; b++)
    {
      md_multiband_set_threshold (&e->master_mb, b, p[MD_MP_MB_THRESHOLD + b]);
      md_multiband_set_ratio (&e->master_mb, b, p[MD_MP_MB_RATIO + b]);
      md_multiband_set_attack (&e->master_mb, b, p[MD_MP_MB_ATTACK + b]);
      md_multiband_set_release (&e->master_mb, b, p[MD_MP_MB_RELEASE + b]);
      md_multiband_set_gain (&e->master_mb, b, p[MD_MP_MB_GAIN + b]);
      md_multiband_set_solo (&e->master_mb, b, p[MD_MP_MB_SOLO + b] >= 0.5f);
      md_multiband_set_bypass (&e->master_mb, b, p[MD_MP_MB_BYPASS + b] >= 0.5f);
    }
  md_width_set_on (&e->master_width, p[MD_MP_WIDTH] != 1.0f || p[MD_MP_MONO] >= 0.5f);
  md_width_set_width (&e->master_width, p[MD_MP_WIDTH]);
  md_width_set_mono (&e->master_width, p[MD_MP_MONO] >= 0.5f);
  md_limiter_set_on (&e->master_lim, true);   /* in or out is the engine's business */
  md_limiter_set_ceiling (&e->master_lim, p[MD_MP_LIM_CEILING]);
  md_limiter_set_release (&e->master_lim, p[MD_MP_LIM_RELEASE]);
  md_limiter_set_lookahead (&e->master_lim, p[MD_MP_LIM_LOOKAHEAD]);
  if (jump)
    {
      md_multiband_snap (&e->master_mb);
      md_width_snap (&e->master_width);
      md_limiter_snap (&e->master_lim);
      e->lim_inserted = p[MD_MP_LIM_ON] >= 0.5f;
      atomic_store_explicit (&e->latency, e->lim_inserted ? md_limiter_latency (&e->master_lim) : 0,
                             memory_order_relaxed);
    }
  e->master_dirty = false;
}

/* The master chain after the buses: EQ -> multiband -> width -> true-peak
 * limiter. Switching the limiter in or out changes the latency, so the
 * master dips over the ramp time, switches while silent and comes back. */
static void
master_chain (MdEngine *e, uint32_t n)
{
  bool want = e->master_p[MD_MP_LIM_ON] >= 0.5f;

  md_chan_process (&e->master_chan, e->master_acc, 2, n);
  md_multiband_process (&e->master_mb, e->master_acc, 2, n);
  md_width_process (&e->master_width, e->master_acc, 2, n);
  if (e->lim_inserted)
    {
      md_limiter_process (&e->master_lim, e->master_acc, 2, n);
      gr_publish (&e->gr_master[0], md_limiter_gain_reduction_db (&e->master_lim), n);
    }
  for (unsigned b = 0; b < 3; b++)
    gr_publish (&e->gr_master[1 + b], md_multiband_gain_reduction_db (&e->master_mb, b), n);

  if (want != e->lim_inserted && e->master_duck.target == 1.0f)
    md_ramp_set (&e->master_duck, 0.0f, e->ramp_len);
  else if (want != e->lim_inserted && e->master_duck.left == 0 && e->master_duck.cur == 0.0f)
    {
      e->lim_inserted = want;
      md_limiter_snap (&e->master_lim);
      atomic_store_explicit (&e->latency, want ? md_limiter_latency (&e->master_lim) : 0,
                             memory_order_relaxed);
      md_ramp_set (&e->master_duck, 1.0f, e->ramp_len);
    }
}

static void
master_targets (MdEngine *e, bool jump)
{
  master_targets_rl (e, jump ? 1 : e->ramp_len, jump);
}

/* ------------------------------------------------------------------ */
/* commands (RT) */

static void
push_retire (MdEngine *e, MdPlan *old_plan, MdLaneSet *old_lanes)
{
  /* retired objects are never dropped: park them until the ring has room
   * (the main thread bounds what is in flight below MD_PENDING_MAX) */
  if (e->n_pending < MD_PENDING_MAX)
    {
      MdEvent ev = { old_plan ? MD_EVT_RETIRE : MD_EVT_RETIRE_LANES, 0, old_plan, old_lanes };
      e->pending[e->n_pending++] = ev;
    }
}

static void
flush_pending (MdEngine *e)
{
  unsigned k = 0;
  while (k < e->n_pending)
    {
      if (!md_spsc_push (&e->evt, &e->pending[k]))
        break;
      k++;
    }
  if (k > 0)
    {
      memmove (e->pending, e->pending + k, (e->n_pending - k) * sizeof e->pending[0]);
      e->n_pending -= k;
    }
}

static void
apply_set (MdEngine *e, const MdCommand *c)
{
  switch ((MdScope) c->scope)
    {
    case MD_SCOPE_STRIP:
      if (c->id < MD_MAX_STRIPS && c->slot < MD_SP_COUNT && e->plan->by_id[c->id])
        {
          MdStrip *s = e->plan->by_id[c->id];
          s->p[c->slot] = c->value;
          s->dirty = true;
          e->solo_stale |= c->slot == MD_SP_SOLO;
        }
      break;
    case MD_SCOPE_BUS:
      if (c->id >= 1 && c->id <= MD_MAX_BUSES && c->slot < MD_BP_COUNT)
        {
          e->bus[c->id - 1].p[c->slot] = c->value;
          e->bus[c->id - 1].dirty = true;
        }
      break;
    case MD_SCOPE_DCA:
      if (c->id >= 1 && c->id <= MD_MAX_DCAS && c->slot < MD_DP_COUNT)
        {
          e->dca_p[c->id - 1][c->slot] = c->value;
          e->all_dirty = true;
        }
      break;
    case MD_SCOPE_MGRP:
      if (c->id >= 1 && c->id <= MD_MAX_MGRPS && c->slot < MD_GP_COUNT)
        {
          e->mgrp_p[c->id - 1][c->slot] = c->value;
          e->all_dirty = true;
        }
      break;
    case MD_SCOPE_MASTER:
      if (c->slot < MD_MP_COUNT)
        {
          e->master_p[c->slot] = c->value;
          e->master_dirty = true;
        }
      break;
    case MD_SCOPE_SESSION:
      if (c->slot < MD_XP_COUNT)
        {
          e->session_p[c->slot] = c->value;
          e->all_dirty = true;
        }
      break;
    case MD_N_SCOPES:
    default:
      break;
    }
}

static void
apply_swap (MdEngine *e, MdPlan *next)
{
  MdPlan *old = e->plan;
  e->plan = next;
  e->solo_stale = true;
  for (unsigned i = 0; i < next->n_leaving; i++)
    {
      MdStrip *s = next->leaving[i];
      if (s->alive)
        {
          s->alive = false;
          s->dirty = true;
        }
    }
  push_retire (e, old, NULL);
  atomic_fetch_add_explicit (&e->plans_swapped, 1, memory_order_relaxed);
}

static void
apply_lanes (MdEngine *e, MdLaneSet *next)
{
  MdLaneSet *old = e->lanes;
  e->lanes = next;
  for (unsigned i = 0; next && i < next->n_lanes; i++)
    {
      e->lane_cursor[i] = 0;
      e->lane_playing[i] = next->lanes[i].playing;
      e->lane_glide[i] = 0;
    }
  if (old)
    push_retire (e, NULL, old);
}

static void
drain_commands (MdEngine *e)
{
  MdCommand c;
  uint64_t n = 0;
  /* never more than the ring holds, so a flooding producer cannot keep
   * the RT thread here */
  for (uint32_t k = 0; k < MD_CMD_RING && md_spsc_pop (&e->cmd, &c); k++)
    {
      if (c.type == MD_CMD_SET)
        apply_set (e, &c);
      else if (c.type == MD_CMD_SWAP && c.plan)
        apply_swap (e, c.plan);
      else if (c.type == MD_CMD_LANES)
        apply_lanes (e, c.lanes);
      else if (c.type == MD_CMD_LANE_PLAY && e->lanes && c.id < e->lanes->n_lanes)
        {
          e->lane_playing[c.id] = c.slot != 0;
          e->lane_glide[c.id] = c.slot != 0 ? (uint32_t) c.value : 0;
        }
      n++;
    }
  if (n)
    rt_count_add (&e->cmds_applied, n, memory_order_release);
}

/* correlation sums and the loudness tap of the master output */
static void
master_phase_and_tap (MdEngine *e, uint32_t n)
{
  const float *l = e->master_acc[0], *r = e->master_acc[1];
  double lr = 0, ll = 0, rr = 0, v[MD_METER_WIN_SUMS];

  for (uint32_t i = 0; i < n; i++)
    {
      lr += (double) l[i] * r[i];
      ll += (double) l[i] * l[i];
      rr += (double) r[i] * r[i];
    }
  v[0] = lr;
  v[1] = ll;
  v[2] = rr;
  /* M = (L+R)/2, S = (L-R)/2: MM and SS follow from the same sums */
  v[3] = 0.25 * (ll + rr + 2 * lr);
  v[4] = 0.25 * (ll + rr - 2 * lr);
  md_meter_win_publish (&e->phase, NULL, 0, v, MD_METER_WIN_SUMS, n);

  if (!atomic_load_explicit (&e->tap_on, memory_order_relaxed))
    return;
  for (uint32_t i = 0; i < n; i++)
    {
      e->tap_chunk.x[2 * e->tap_fill] = l[i];
      e->tap_chunk.x[2 * e->tap_fill + 1] = r[i];
      if (++e->tap_fill == MD_TAP_FRAMES)
        {
          if (!md_spsc_push (&e->tap, &e->tap_chunk))
            atomic_fetch_add_explicit (&e->tap_dropped, 1, memory_order_relaxed);
          e->tap_fill = 0;
        }
    }
}

/* ------------------------------------------------------------------ */
/* process */

static void
process_chunk (MdEngine *e, const float *const *in, unsigned n_in,
               float *const *out, unsigned n_out, uint32_t off, uint32_t n)
{
  const MdPlan *plan = e->plan;
  bool any_solo = e->any_solo;
  Gain mg;

  /* the scan of every strip only when a solo or the plan changed */
  if (e->solo_stale)
    {
      any_solo = false;
      for (unsigned i = 0; i < plan->n_strips; i++)
        any_solo |= plan->strips[i]->p[MD_SP_SOLO] >= 0.5f;
      e->solo_stale = false;
    }
  if (any_solo != e->any_solo)
    {
      e->any_solo = any_solo;
      e->all_dirty = true;
    }
  if (e->all_dirty)
    {
      for (unsigned i = 0; i < plan->n_strips; i++)
        plan->strips[i]->dirty = true;
      for (unsigned i = 0; i < plan->n_leaving; i++)
        plan->leaving[i]->dirty = true;
      e->all_dirty = false;
    }

  e->rt_out = out;
  e->rt_n_out = n_out;
  e->rt_off = off;
  {
    bool listen = any_solo && (int) e->session_p[MD_XP_SOLO_MODE] != MD_SOLO_SIP;
    if (listen != e->any_listen)
      {
        e->any_listen = listen;
        md_ramp_set (&e->mon_sel, listen ? 1.0f : 0.0f, e->ramp_len);
      }
  }
  for (unsigned c = 0; c < 2; c++)
    {
      memset (e->master_acc[c], 0, n * sizeof (float));
      memset (e->monitor_acc[c], 0, n * sizeof (float));
    }
  for (unsigned b = 0; b < plan->n_buses; b++)
    for (unsigned c = 0; c < 2; c++)
      memset (e->bus[b].acc[c], 0, n * sizeof (float));

  for (unsigned i = 0; i < plan->n_strips; i += MD_STRIP_BATCH)
    strips_batch (e, plan, in, n_in, off, i,
                  plan->n_strips - i < MD_STRIP_BATCH ? plan->n_strips - i : MD_STRIP_BATCH, n);
  for (unsigned i = 0; i < plan->n_leaving; i++)
    {
      MdStrip *s = plan->leaving[i];
      const float *zz[2] = { e->zero, e->zero };
      if (atomic_load_explicit (&s->faded, memory_order_relaxed))
        continue;
      /* a leaving strip gets silence: its delay line and fade run out */
      strip_process (e, plan, s, zz, n);
      if (s->g_mute.left == 0 && s->g_mute.cur == 0.0f)
        {
          MdEvent ev = { MD_EVT_FADED, 0, NULL };
#ifdef __SSE__
          /* its delay line's streaming stores (strip_pre_rest) in memory
           * before the main thread may free it */
          __builtin_ia32_sfence ();
#endif
          atomic_store_explicit (&s->faded, true, memory_order_release);
          if (!md_spsc_push (&e->evt, &ev))
            atomic_fetch_add_explicit (&e->events_dropped, 1, memory_order_relaxed);
        }
    }

  /* buses */
  for (unsigned b = 0; b < plan->n_buses; b++)
    {
      MdBus *bus = &e->bus[b];
      Gain g, gl, gr, tm, ml, mr;
      if (bus->dirty)
        bus_targets (e, bus, false);
      md_chan_process (&bus->chan, bus->acc, 2, n);
      gr_publish (&bus->gr, md_chan_comp_db (&bus->chan), n);
      g = ramp_run (&bus->gain, e->curve[0], n);
      gl = gain_mul (g, ramp_run (&bus->bal_l, e->curve[1], n), e->curve[2], n);
      gr = gain_mul (g, ramp_run (&bus->bal_r, e->curve[3], n), e->curve[4], n);
      scale_inplace (bus->acc[0], gl, n);
      scale_inplace (bus->acc[1], gr, n);
      meter_publish_lr (&bus->meter, bus->acc, n);
      tm = ramp_run (&bus->to_master, e->curve[5], n);
      ml = tm;
      mr = tm;
      mix_gain (e->master_acc[0], bus->acc[0], ml, n);
      mix_gain (e->master_acc[1], bus->acc[1], mr, n);
      if (n_out >= MD_OUT_BUS_BASE + 2 * (b + 1))
        for (unsigned c = 0; c < 2; c++)
          if (out[MD_OUT_BUS_BASE + 2 * b + c])
            memcpy (out[MD_OUT_BUS_BASE + 2 * b + c] + off, bus->acc[c], n * sizeof (float));
    }
  for (unsigned b = plan->n_buses; b < MD_MAX_BUSES; b++)
    if (n_out >= MD_OUT_BUS_BASE + 2 * (b + 1))
      for (unsigned c = 0; c < 2; c++)
        if (out[MD_OUT_BUS_BASE + 2 * b + c])
          memset (out[MD_OUT_BUS_BASE + 2 * b + c] + off, 0, n * sizeof (float));

  /* master */
  if (e->master_dirty)
    master_targets (e, false);
  master_chain (e, n);
  mg = gain_mul (ramp_run (&e->master_gain, e->curve[0], n), ramp_run (&e->master_duck, e->curve[1], n),
                 e->curve[2], n);
  for (unsigned c = 0; c < 2; c++)
    {
      scale_inplace (e->master_acc[c], mg, n);
      if (c < n_out && out[c])
        memcpy (out[c] + off, e->master_acc[c], n * sizeof (float));
    }
  meter_publish_lr (&e->m_master, e->master_acc, n);
  master_phase_and_tap (e, n);
  /* monitor outputs: the master, or the AFL/PFL bus while something is
   * soloed there (crossfaded) */
  {
    Gain sel = ramp_run (&e->mon_sel, e->curve[3], n);
    for (unsigned c = 0; c < 2; c++)
      {
        float *dst = MD_OUT_MONITOR_L + c < n_out ? out[MD_OUT_MONITOR_L + c] : NULL;
        if (dst == NULL)
          continue;
        dst += off;
        if (sel.v == NULL && sel.k == 0.0f)
          memcpy (dst, e->master_acc[c], n * sizeof (float));
        else if (sel.v == NULL && sel.k == 1.0f)
          memcpy (dst, e->monitor_acc[c], n * sizeof (float));
        else
          for (uint32_t i = 0; i < n; i++)
            {
              float w = sel.v ? sel.v[i] : sel.k;
              dst[i] = e->master_acc[c][i] + w * (e->monitor_acc[c][i] - e->master_acc[c][i]);
            }
      }
  }
}

static void
process_plain (MdEngine *e, const float *const *in, unsigned n_in,
               float *const *out, unsigned n_out, uint32_t n_frames)
{
  for (uint32_t off = 0; off < n_frames; off += e->max_block)
    {
      uint32_t n = n_frames - off < e->max_block ? n_frames - off : e->max_block;
      process_chunk (e, in, n_in, out, n_out, off, n);
    }
}

/* Set what lane L drives to V, reaching it in RL frames (0: at once). */
static void
auto_apply (MdEngine *e, const MdLane *l, float v, uint32_t rl)
{
  bool snap = rl == 0;
  switch ((MdScope) l->scope)
    {
    case MD_SCOPE_STRIP:
      if (l->id < MD_MAX_STRIPS && l->slot < MD_SP_COUNT && e->plan->by_id[l->id])
        {
          MdStrip *s = e->plan->by_id[l->id];
          strip_settle_fresh (e, s);
          if (s->p[l->slot] != v || s->dirty)
            {
              s->p[l->slot] = v;
              e->solo_stale |= l->slot == MD_SP_SOLO;
              strip_targets_rl (e, s, snap ? 1 : rl, snap);
            }
        }
      break;
    case MD_SCOPE_BUS:
      if (l->id >= 1 && l->id <= MD_MAX_BUSES && l->slot < MD_BP_COUNT
          && e->bus[l->id - 1].p[l->slot] != v)
        {
          e->bus[l->id - 1].p[l->slot] = v;
          bus_targets_rl (e, &e->bus[l->id - 1], snap ? 1 : rl, snap);
        }
      break;
    case MD_SCOPE_DCA:
    case MD_SCOPE_MGRP:
      {
        float *dst = l->scope == MD_SCOPE_DCA
                       ? (l->id >= 1 && l->id <= MD_MAX_DCAS && l->slot < MD_DP_COUNT ? &e->dca_p[l->id - 1][l->slot] : NULL)
                       : (l->id >= 1 && l->id <= MD_MAX_MGRPS && l->slot < MD_GP_COUNT ? &e->mgrp_p[l->id - 1][l->slot] : NULL);
        if (dst && *dst != v)
          {
            *dst = v;
            for (unsigned i = 0; i < e->plan->n_strips; i++)
              {
                strip_settle_fresh (e, e->plan->strips[i]);
                strip_targets_rl (e, e->plan->strips[i], snap ? 1 : rl, snap);
              }
          }
      }
      break;
    case MD_SCOPE_MASTER:
      if (l->slot < MD_MP_COUNT && e->master_p[l->slot] != v)
        {
          e->master_p[l->slot] = v;
          master_targets_rl (e, snap ? 1 : rl, snap);
        }
      break;
    case MD_SCOPE_SESSION:
    case MD_N_SCOPES:
    default:
      break;
    }
}

/* Where the piece starting at G must end for lane L: a discrete lane
 * switches at its point P (a piece starts there); a linear lane's slope
 * changes at P, and since a ramp's first sample is one step on, the piece
 * must end on P (cut at P + 1). */
static uint64_t
lane_boundary (const MdLane *l, uint64_t g, uint32_t cursor)
{
  uint64_t p;
  if (l->n_points == 0)
    return UINT64_MAX;
  if (l->discrete)
    return md_lane_next_point (l, g, cursor);
  if (g == 0)
    p = l->frame[0];
  else
    p = md_lane_next_point (l, g - 1, cursor);   /* first point >= g */
  return p == UINT64_MAX ? p : p + 1;
}

/* Automation playback: the block is cut at every MD_AUTO_GRID boundary of
 * the transport timeline and at every lane point; at the start of each
 * piece every playing lane targets its value at the piece's last frame (on
 * the grid, so the same targets and ramps come out for any block size). */
static void
process_automated (MdEngine *e, const float *const *in, unsigned n_in,
                   float *const *out, unsigned n_out, uint32_t n_frames)
{
  const MdLaneSet *set = e->lanes;
  uint64_t f0 = e->t_frame;
  uint32_t off = 0;

  if (f0 != e->auto_next)
    {
      /* a start or a locate: on the engine's very first frames the
       * controls start on the lanes; later they glide there */
      bool first = atomic_load_explicit (&e->frames, memory_order_relaxed) == 0;
      for (unsigned i = 0; i < set->n_lanes; i++)
        if (e->lane_playing[i] && set->lanes[i].n_points > 0)
          {
            if (first)
              /* the value one frame before: the piece's first step lands on f0 */
              auto_apply (e, &set->lanes[i],
                          md_lane_value_at (&set->lanes[i], f0 > 0 ? f0 - 1 : 0, &e->lane_cursor[i]), 0);
            else if (e->lane_glide[i] < e->ramp_len)
              e->lane_glide[i] = e->ramp_len;
          }
    }
  e->auto_next = f0 + n_frames;

  while (off < n_frames)
    {
      uint64_t g = f0 + off;
      uint64_t target = (g / MD_AUTO_GRID + 1) * MD_AUTO_GRID;
      uint64_t end;
      uint32_t n;

      for (unsigned i = 0; i < set->n_lanes; i++)
        if (e->lane_playing[i])
          {
            uint64_t next = lane_boundary (&set->lanes[i], g, e->lane_cursor[i]);
            if (next < target)
              target = next;
          }
      for (unsigned i = 0; i < set->n_lanes; i++)
        {
          const MdLane *l = &set->lanes[i];
          uint32_t rl;
          float v;
          if (!e->lane_playing[i] || l->n_points == 0)
            continue;
          if (l->discrete)
            {
              v = md_lane_value_at (l, g, &e->lane_cursor[i]);
              rl = e->ramp_len;
            }
          else
            {
              /* a ramp's first sample is already one step on: aim at the
               * piece's last frame, so every frame f carries the lane's
               * value at f */
              v = md_lane_value_at (l, target - 1, &e->lane_cursor[i]);
              rl = (uint32_t) (target - g);
              if (e->lane_glide[i] > rl)
                rl = e->lane_glide[i];
            }
          auto_apply (e, l, v, rl);
        }
      end = target < f0 + n_frames ? target : f0 + n_frames;
      n = (uint32_t) (end - g);
      if (n > e->max_block)
        n = e->max_block;
      for (unsigned i = 0; i < set->n_lanes; i++)
        e->lane_glide[i] = e->lane_glide[i] > n ? e->lane_glide[i] - n : 0;
      process_chunk (e, in, n_in, out, n_out, off, n);
      off += n;
    }
}

void
md_engine_set_transport (MdEngine *e, bool rolling, uint64_t frame)
{
  e->t_rolling = rolling;
  e->t_frame = frame;
}

void
md_engine_process (MdEngine *e, const float *const *in, unsigned n_in,
                   float *const *out, unsigned n_out, uint32_t n_frames)
{
#ifdef MD_HAVE_MXCSR
  unsigned int csr = _mm_getcsr ();
  _mm_setcsr (csr | 0x8040);
#endif
  if (atomic_load_explicit (&e->run_gate, memory_order_relaxed) != MD_RUN_RUNNING)
    {
      int idle = MD_RUN_IDLE;
      if (!atomic_compare_exchange_strong_explicit (&e->run_gate, &idle, MD_RUN_RUNNING,
                                                    memory_order_acq_rel, memory_order_relaxed))
        {
          /* the main thread is presetting values right now: touch
           * nothing this cycle, claim the engine in the next one */
          for (unsigned c = 0; c < n_out; c++)
            memset (out[c], 0, n_frames * sizeof (float));
#ifdef MD_HAVE_MXCSR
          _mm_setcsr (csr);
#endif
          return;
        }
    }
  drain_commands (e);
  if (e->lanes && e->t_rolling && e->lanes->n_lanes > 0)
    process_automated (e, in, n_in, out, n_out, n_frames);
  else
    {
      if (e->lanes && e->t_frame != e->auto_next)
        {
          /* stopped (or moved while stopped): the controls show the
           * lanes' values at the transport position, as after a locate */
          for (unsigned i = 0; i < e->lanes->n_lanes; i++)
            if (e->lane_playing[i] && e->lanes->lanes[i].n_points > 0)
              auto_apply (e, &e->lanes->lanes[i],
                          md_lane_value_at (&e->lanes->lanes[i], e->t_frame, &e->lane_cursor[i]),
                          atomic_load_explicit (&e->frames, memory_order_relaxed) == 0 ? 0 : e->ramp_len);
          e->auto_next = e->t_frame;
        }
      process_plain (e, in, n_in, out, n_out, n_frames);
    }
  if (e->t_rolling)
    e->t_frame += n_frames;
  flush_pending (e);
  rt_count_add (&e->frames, n_frames, memory_order_relaxed);
#ifdef MD_HAVE_MXCSR
  _mm_setcsr (csr);
#endif
}

/* ------------------------------------------------------------------ */
/* main thread */

static float *
alloc_floats (size_t n)
{
  float *p = NULL;
  if (posix_memalign ((void **) &p, 64, (n ? n : 1) * sizeof (float)) != 0)
    return NULL;
  memset (p, 0, (n ? n : 1) * sizeof (float));
  return p;
}

static void
strip_free (MdStrip *s)
{
  if (s == NULL)
    return;
  free (s->dline[0]);
  free (s->dline[1]);
  free (s);
}

MdEngine *
md_engine_new (double sample_rate, uint32_t max_block)
{
  MdEngine *e;
  bool ok = true;

  if (!(sample_rate >= 8000.0 && sample_rate <= 768000.0))
    return NULL;
  if (max_block == 0)
    max_block = MD_ENGINE_MAX_BLOCK_DEFAULT;
  if (max_block > 16384)
    max_block = 16384;
  /* MIXDESK_NO_AVX512 (any value but empty): the filters stay on the
   * AVX2 kernel; the same bits, to measure or rule out that path */
  {
    const char *no512 = getenv ("MIXDESK_NO_AVX512");

    if (no512 != NULL && *no512 != '\0' && md_svf_16_wide ())
      md_svf_set_16_wide (false);
  }
  e = calloc (1, sizeof *e);
  if (e == NULL)
    return NULL;
  e->rate = sample_rate;
  e->max_block = max_block;
  e->ramp_len = (uint32_t) lrint (sample_rate * MD_RAMP_MS / 1000.0);
  if (e->ramp_len < 1)
    e->ramp_len = 1;
  e->delay_max = (uint32_t) lrint (sample_rate * MD_DELAY_MAX_MS / 1000.0);

  e->tap_store = calloc (MD_TAP_RING, sizeof (MdTapChunk));
  e->cmd_store = calloc (MD_CMD_RING, sizeof (MdCommand));
  e->evt_store = calloc (MD_EVT_RING, sizeof (MdEvent));
  e->plan = calloc (1, sizeof (MdPlan));
  e->main_plan = e->plan;
  e->solo_stale = true;
  ok = e->cmd_store && e->evt_store && e->plan;
  ok = ok && md_spsc_init (&e->cmd, e->cmd_store, sizeof (MdCommand), MD_CMD_RING);
  ok = ok && md_spsc_init (&e->evt, e->evt_store, sizeof (MdEvent), MD_EVT_RING);
  ok = ok && e->tap_store && md_spsc_init (&e->tap, e->tap_store, sizeof (MdTapChunk), MD_TAP_RING);

  for (unsigned c = 0; c < 2 && ok; c++)
    {
      ok = (e->master_acc[c] = alloc_floats (max_block)) != NULL
           && (e->monitor_acc[c] = alloc_floats (max_block)) != NULL
           && (e->sig_a[c] = alloc_floats (max_block)) != NULL
           && (e->sig_b[c] = alloc_floats (max_block)) != NULL;
    }
  for (unsigned j = 0; j < MD_STRIP_BATCH && ok; j++)
    for (unsigned c = 0; c < 2 && ok; c++)
      ok = (e->batch_a[j][c] = alloc_floats (max_block)) != NULL;
  for (unsigned k = 0; k < MD_N_CURVES && ok; k++)
    ok = (e->curve[k] = alloc_floats (max_block)) != NULL;
  ok = ok && (e->zero = alloc_floats (max_block)) != NULL;
  for (unsigned b = 0; b < MD_MAX_BUSES && ok; b++)
    {
      MdBus *bus = &e->bus[b];
      for (unsigned c = 0; c < 2 && ok; c++)
        ok = (bus->acc[c] = alloc_floats (max_block)) != NULL;
      for (unsigned slot = 0; slot < MD_BP_COUNT; slot++)
        {
          const MdParamInfo *info = md_params_find_slot (MD_SCOPE_BUS, slot);
          bus->p[slot] = info ? (float) info->def : 0.0f;
        }
      md_meter_win_init (&bus->meter);
      md_meter_win_init (&bus->gr);
      md_chan_init (&bus->chan, sample_rate);
      md_ramp_init (&bus->gain, 0.0f);
      md_ramp_init (&bus->bal_l, 1.0f);
      md_ramp_init (&bus->bal_r, 1.0f);
      md_ramp_init (&bus->to_master, 0.0f);
      bus_targets (e, bus, true);
    }
  if (!ok)
    {
      md_engine_free (e);
      return NULL;
    }
  for (unsigned k = 0; k < MD_MAX_DCAS; k++)
    for (unsigned slot = 0; slot < MD_DP_COUNT; slot++)
      e->dca_p[k][slot] = slot_default (MD_SCOPE_DCA, slot);
  for (unsigned k = 0; k < MD_MAX_MGRPS; k++)
    for (unsigned slot = 0; slot < MD_GP_COUNT; slot++)
      e->mgrp_p[k][slot] = slot_default (MD_SCOPE_MGRP, slot);
  /* slots without a table entry (the master's unused part of the channel
   * block: low-pass, gate, compressor) stay 0: off */
  for (unsigned slot = 0; slot < MD_MP_COUNT; slot++)
    e->master_p[slot] = slot_default (MD_SCOPE_MASTER, slot);
  for (unsigned slot = 0; slot < MD_XP_COUNT; slot++)
    e->session_p[slot] = slot_default (MD_SCOPE_SESSION, slot);
  md_ramp_init (&e->master_gain, 1.0f);
  md_ramp_init (&e->master_duck, 1.0f);
  md_ramp_init (&e->mon_sel, 0.0f);
  md_chan_init (&e->master_chan, sample_rate);
  md_multiband_init (&e->master_mb, sample_rate);
  md_width_init (&e->master_width, sample_rate);
  md_limiter_init (&e->master_lim, sample_rate);
  atomic_init (&e->latency, 0);
  for (unsigned b = 0; b < 4; b++)
    md_meter_win_init (&e->gr_master[b]);
  master_targets (e, true);
  e->auto_next = UINT64_MAX;          /* no automated cycle yet */
  md_meter_win_init (&e->m_master);
  md_meter_win_init (&e->phase);
  atomic_init (&e->frames, 0);
  atomic_init (&e->cmds_applied, 0);
  atomic_init (&e->plans_swapped, 0);
  atomic_init (&e->nonfinite_blocks, 0);
  atomic_init (&e->events_dropped, 0);
  atomic_init (&e->run_gate, MD_RUN_IDLE);
  atomic_init (&e->tap_on, false);
  atomic_init (&e->tap_dropped, 0);
  return e;
}

void
md_engine_free (MdEngine *e)
{
  if (e == NULL)
    return;
  /* the RT thread has stopped: every plan and strip is ours again */
  md_engine_collect (e);
  for (unsigned k = 0; k < e->n_pending; k++)
    {
      if (e->pending[k].plan && e->pending[k].plan != e->plan && e->pending[k].plan != e->main_plan)
        free (e->pending[k].plan);
      if (e->pending[k].lanes && e->pending[k].lanes != e->lanes)
        md_lane_set_free (e->pending[k].lanes);
    }
  {
    MdCommand c;
    while (md_spsc_pop (&e->cmd, &c))
      {
        if (c.type == MD_CMD_SWAP && c.plan != e->main_plan)
          free (c.plan);
        if (c.type == MD_CMD_LANES && c.lanes && c.lanes != e->lanes)
          md_lane_set_free (c.lanes);
      }
  }
  md_lane_set_free (e->lanes);
  if (e->main_plan != e->plan)
    free (e->main_plan);
  free (e->plan);
  for (unsigned id = 0; id < MD_MAX_STRIPS; id++)
    strip_free (e->strips[id]);
  for (unsigned c = 0; c < 2; c++)
    {
      free (e->master_acc[c]);
      free (e->monitor_acc[c]);
      free (e->sig_a[c]);
      free (e->sig_b[c]);
    }
  for (unsigned j = 0; j < MD_STRIP_BATCH; j++)
    for (unsigned c = 0; c < 2; c++)
      free (e->batch_a[j][c]);
  for (unsigned k = 0; k < MD_N_CURVES; k++)
    free (e->curve[k]);
  free (e->zero);
  for (unsigned b = 0; b < MD_MAX_BUSES; b++)
    for (unsigned c = 0; c < 2; c++)
      free (e->bus[b].acc[c]);
  free (e->cmd_store);
  free (e->evt_store);
  free (e->tap_store);
  free (e);
}

double
md_engine_sample_rate (const MdEngine *e)
{
  return e->rate;
}

MdEngineStatus
md_engine_strip_create (MdEngine *e, unsigned id, bool stereo)
{
  MdStrip *s;
  uint32_t len;

  if (id >= MD_MAX_STRIPS || e->strips[id] != NULL)
    return MD_ENGINE_EINVAL;
  s = calloc (1, sizeof *s);
  if (s == NULL)
    return MD_ENGINE_ENOMEM;
  s->id = id;
  s->n_ch = stereo ? 2 : 1;
  len = next_pow2 (e->delay_max + e->max_block + 1);
  s->dlen = len;
  s->dmask = len - 1;
  for (unsigned c = 0; c < s->n_ch; c++)
    if ((s->dline[c] = alloc_floats (len)) == NULL)
      {
        strip_free (s);
        return MD_ENGINE_ENOMEM;
      }
  strip_defaults (s);
  md_chan_init (&s->chan, e->rate);
  s->alive = true;
  md_meter_win_init (&s->meters);
  atomic_init (&s->nonfinite, 0);
  atomic_init (&s->silenced_flag, false);
  atomic_init (&s->faded, false);
  s->state = MD_STRIP_CREATED;
  md_ramp_init (&s->g_pre, 1.0f);
  md_ramp_init (&s->g_post, 1.0f);
  md_ramp_init (&s->g_mute, 1.0f);
  md_ramp_init (&s->g_solo, 1.0f);
  md_ramp_init (&s->g_listen, 0.0f);
  md_ramp_init (&s->pan_l, 0.0f);
  md_ramp_init (&s->pan_r, 0.0f);
  md_ramp_init (&s->width, 1.0f);
  for (unsigned b = 0; b < MD_MAX_BUSES; b++)
    md_ramp_init (&s->send[b], 0.0f);
  s->send_live = 0;
  s->dirty = true;
  e->strips[id] = s;
  return MD_ENGINE_OK;
}

bool
md_engine_strip_id_free (const MdEngine *e, unsigned id)
{
  return id < MD_MAX_STRIPS && e->strips[id] == NULL;
}

bool
md_engine_strip_exists (const MdEngine *e, unsigned id)
{
  return id < MD_MAX_STRIPS && e->strips[id] != NULL && e->strips[id]->state != MD_STRIP_REMOVED;
}

MdEngineStatus
md_engine_strip_preset (MdEngine *e, unsigned id, unsigned slot, float value)
{
  if (id >= MD_MAX_STRIPS || slot >= MD_SP_COUNT || e->strips[id] == NULL
      || e->strips[id]->state != MD_STRIP_CREATED)
    return MD_ENGINE_EINVAL;
  e->strips[id]->p[slot] = value;
  e->strips[id]->dirty = true;
  return MD_ENGINE_OK;
}

/* Before the first md_engine_process every value is applied at once and
 * without a ramp, so processing starts at the session's values. The
 * main thread claims the engine for that (preset_enter: TRUE while no
 * cycle has run, and then no cycle runs until preset_leave); a cycle
 * that starts meanwhile outputs silence and claims it next time, so a
 * value is never written while a cycle reads it. */
static bool
preset_enter (MdEngine *e)
{
  int idle = MD_RUN_IDLE;
  return atomic_compare_exchange_strong_explicit (&e->run_gate, &idle, MD_RUN_PRESET,
                                                  memory_order_acquire, memory_order_relaxed);
}

static void
preset_leave (MdEngine *e)
{
  atomic_store_explicit (&e->run_gate, MD_RUN_IDLE, memory_order_release);
}

static MdEngineStatus
set_before_start (MdEngine *e, MdScope scope, unsigned id, unsigned slot, float value)
{
  switch (scope)
    {
    case MD_SCOPE_STRIP:
      if (id >= MD_MAX_STRIPS || slot >= MD_SP_COUNT || e->strips[id] == NULL)
        return MD_ENGINE_EINVAL;
      e->strips[id]->p[slot] = value;
      e->strips[id]->dirty = true;
      e->solo_stale |= slot == MD_SP_SOLO;
      return MD_ENGINE_OK;
    case MD_SCOPE_BUS:
      if (id < 1 || id > MD_MAX_BUSES || slot >= MD_BP_COUNT)
        return MD_ENGINE_EINVAL;
      e->bus[id - 1].p[slot] = value;
      bus_targets (e, &e->bus[id - 1], true);
      return MD_ENGINE_OK;
    case MD_SCOPE_DCA:
      if (id < 1 || id > MD_MAX_DCAS || slot >= MD_DP_COUNT)
        return MD_ENGINE_EINVAL;
      e->dca_p[id - 1][slot] = value;
      return MD_ENGINE_OK;
    case MD_SCOPE_MGRP:
      if (id < 1 || id > MD_MAX_MGRPS || slot >= MD_GP_COUNT)
        return MD_ENGINE_EINVAL;
      e->mgrp_p[id - 1][slot] = value;
      return MD_ENGINE_OK;
    case MD_SCOPE_MASTER:
      if (slot >= MD_MP_COUNT)
        return MD_ENGINE_EINVAL;
      e->master_p[slot] = value;
      master_targets (e, true);
      return MD_ENGINE_OK;
    case MD_SCOPE_SESSION:
      if (slot >= MD_XP_COUNT)
        return MD_ENGINE_EINVAL;
      e->session_p[slot] = value;
      return MD_ENGINE_OK;
    case MD_N_SCOPES:
    default:
      return MD_ENGINE_EINVAL;
    }
}

MdEngineStatus
md_engine_set (MdEngine *e, MdScope scope, unsigned id, unsigned slot, float value)
{
  MdCommand c = { MD_CMD_SET, (uint16_t) scope, (uint16_t) slot, id, value, NULL };

  if (scope == MD_SCOPE_STRIP && id < MD_MAX_STRIPS && e->strips[id]
      && e->strips[id]->state == MD_STRIP_CREATED)
    return md_engine_strip_preset (e, id, slot, value);
  if (preset_enter (e))
    {
      MdEngineStatus st = set_before_start (e, scope, id, slot, value);
      preset_leave (e);
      return st;
    }
  if (!md_spsc_push (&e->cmd, &c))
    {
      e->cmds_dropped++;
      return MD_ENGINE_EBUSY;
    }
  e->cmds_sent++;
  return MD_ENGINE_OK;
}

static bool
plan_names (const MdPlan *p, const MdStrip *s)
{
  return s->id < MD_MAX_STRIPS && p->by_id[s->id] == s;
}

MdEngineStatus
md_engine_commit (MdEngine *e, const MdTopology *topo)
{
  MdPlan *prev = e->main_plan;
  MdPlan *next;
  MdCommand c = { MD_CMD_SWAP, 0, 0, 0, 0.0f, NULL };
  /* only decides fades; the plan itself always travels through the queue */
  bool running = atomic_load_explicit (&e->run_gate, memory_order_relaxed) == MD_RUN_RUNNING;

  if (topo->n_strips > MD_MAX_STRIPS || topo->n_buses > MD_MAX_BUSES)
    return MD_ENGINE_EINVAL;
  /* bound the plans in flight, so that handed-back plans always fit the
   * event ring and the RT side's parking space */
  if (md_spsc_space (&e->cmd) < 1 || e->next_gen - e->retired_gen >= MD_PLANS_IN_FLIGHT)
    return MD_ENGINE_EBUSY;
  next = calloc (1, sizeof *next);
  if (next == NULL)
    return MD_ENGINE_ENOMEM;

  for (unsigned i = 0; i < topo->n_strips; i++)
    {
      unsigned id = topo->strips[i].id;
      MdStrip *s = id < MD_MAX_STRIPS ? e->strips[id] : NULL;
      if (s == NULL || s->state == MD_STRIP_REMOVED || next->by_id[id] != NULL)
        {
          free (next);
          return MD_ENGINE_EINVAL;
        }
      next->strips[i] = s;
      next->in_ch[i][0] = topo->strips[i].in_ch[0];
      next->in_ch[i][1] = s->n_ch == 2 ? topo->strips[i].in_ch[1] : topo->strips[i].in_ch[0];
      next->by_id[id] = s;
      next->chan[i] = &s->chan;
      next->scratch[i] = e->batch_a[i % MD_STRIP_BATCH];
      next->n_ch[i] = s->n_ch;
    }
  next->n_strips = topo->n_strips;
  next->n_buses = topo->n_buses;
  next->gen = ++e->next_gen;

  /* strips that leave: fade out while audio runs */
  for (unsigned i = 0; i < prev->n_strips; i++)
    {
      MdStrip *s = prev->strips[i];
      if (plan_names (next, s))
        continue;
      s->state = MD_STRIP_REMOVED;
      if (running)
        {
          next->leaving[next->n_leaving++] = s;
          s->last_gen = next->gen;
        }
    }
  for (unsigned i = 0; i < prev->n_leaving; i++)
    {
      MdStrip *s = prev->leaving[i];
      if (running && !atomic_load_explicit (&s->faded, memory_order_acquire)
          && next->n_leaving < MD_MAX_STRIPS)
        {
          next->leaving[next->n_leaving++] = s;
          s->last_gen = next->gen;
        }
    }

  /* new strips: fade in when audio already runs */
  for (unsigned i = 0; i < next->n_strips; i++)
    {
      MdStrip *s = next->strips[i];
      if (s->state == MD_STRIP_CREATED)
        {
          s->fresh = true;
          s->fade_in = running;
          s->state = MD_STRIP_PUBLISHED;
        }
      s->last_gen = next->gen;
    }

  c.plan = next;
  if (!md_spsc_push (&e->cmd, &c))
    {
      /* cannot happen: space was checked and we are the only producer */
      e->cmds_dropped++;
      free (next);
      return MD_ENGINE_EBUSY;
    }
  e->cmds_sent++;
  e->main_plan = next;
  return MD_ENGINE_OK;
}

void
md_engine_collect (MdEngine *e)
{
  MdEvent ev;
  bool faded = false;

  while (md_spsc_pop (&e->evt, &ev))
    {
      if (ev.type == MD_EVT_RETIRE_LANES && ev.lanes)
        {
          md_lane_set_free (ev.lanes);
          if (e->lanes_in_flight > 0)
            e->lanes_in_flight--;
        }
      else if (ev.type == MD_EVT_RETIRE && ev.plan)
        {
          if (ev.plan->gen > e->retired_gen || e->retired_gen == 0)
            e->retired_gen = ev.plan->gen;
          if (ev.plan != e->main_plan)
            free (ev.plan);
        }
      else if (ev.type == MD_EVT_FADED)
        faded = true;
    }
  /* release strips no plan in flight names any more */
  for (unsigned id = 0; id < MD_MAX_STRIPS; id++)
    {
      MdStrip *s = e->strips[id];
      if (s && s->state == MD_STRIP_REMOVED && s->last_gen <= e->retired_gen
          && !plan_names (e->main_plan, s))
        {
          bool in_leaving = false;
          for (unsigned i = 0; i < e->main_plan->n_leaving; i++)
            in_leaving |= e->main_plan->leaving[i] == s;
          if (!in_leaving)
            {
              strip_free (s);
              e->strips[id] = NULL;
            }
        }
    }
  /* once every leaving strip has faded, commit the same topology again
   * so they can be released */
  if (e->main_plan->n_leaving > 0 && md_engine_idle (e))
    {
      bool all = true;
      (void) faded;
      for (unsigned i = 0; i < e->main_plan->n_leaving; i++)
        all &= atomic_load_explicit (&e->main_plan->leaving[i]->faded, memory_order_acquire);
      if (all)
        {
          MdTopology *t = calloc (1, sizeof *t);
          if (t)
            {
              t->n_strips = e->main_plan->n_strips;
              t->n_buses = e->main_plan->n_buses;
              for (unsigned i = 0; i < t->n_strips; i++)
                {
                  t->strips[i].id = e->main_plan->strips[i]->id;
                  t->strips[i].in_ch[0] = e->main_plan->in_ch[i][0];
                  t->strips[i].in_ch[1] = e->main_plan->in_ch[i][1];
                }
              md_engine_commit (e, t);
              free (t);
            }
        }
    }
}

MdEngineStatus
md_engine_set_lanes (MdEngine *e, MdLaneSet *lanes)
{
  MdCommand c = { MD_CMD_LANES, 0, 0, 0, 0.0f, NULL, lanes };

  if (preset_enter (e))
    {
      /* before the first cycle: install at once */
      MdLaneSet *old = e->lanes;
      e->lanes = NULL;
      apply_lanes (e, lanes);     /* nothing to hand back: e->lanes was NULL */
      preset_leave (e);
      if (old && old != lanes)
        md_lane_set_free (old);
      e->main_lanes = lanes;
      return MD_ENGINE_OK;
    }
  if (e->lanes_in_flight >= MD_PLANS_IN_FLIGHT || md_spsc_space (&e->cmd) < 1)
    return MD_ENGINE_EBUSY;
  if (!md_spsc_push (&e->cmd, &c))
    return MD_ENGINE_EBUSY;
  e->cmds_sent++;
  e->lanes_in_flight++;
  e->main_lanes = lanes;
  return MD_ENGINE_OK;
}

MdEngineStatus
md_engine_lane_play (MdEngine *e, unsigned index, bool playing, uint32_t glide_frames)
{
  MdCommand c = { MD_CMD_LANE_PLAY, 0, playing ? 1 : 0, index, (float) glide_frames, NULL, NULL };
  if (preset_enter (e))
    {
      if (e->lanes && index < e->lanes->n_lanes)
        e->lane_playing[index] = playing;
      preset_leave (e);
      return MD_ENGINE_OK;
    }
  if (!md_spsc_push (&e->cmd, &c))
    {
      e->cmds_dropped++;
      return MD_ENGINE_EBUSY;
    }
  e->cmds_sent++;
  return MD_ENGINE_OK;
}

bool
md_engine_idle (MdEngine *e)
{
  return atomic_load_explicit (&e->cmds_applied, memory_order_acquire) == e->cmds_sent;
}

bool
md_engine_read_strip (MdEngine *e, unsigned id, MdStripMeters *out)
{
  MdStrip *s = id < MD_MAX_STRIPS ? e->strips[id] : NULL;
  MdMeterWinRead r;

  if (s == NULL)
    return false;
  md_meter_win_read (&s->meters, &r);
  meter_value (&r, MD_SM_PRE_PEAK, MD_SM_PRE_SUMSQ, 2, &out->pre);
  meter_value (&r, MD_SM_POST_PEAK, MD_SM_POST_SUMSQ, 2, &out->post);
  if (s->n_ch == 1)
    {
      out->pre.peak[1] = out->pre.peak[0];
      out->pre.rms[1] = out->pre.rms[0];
      out->post.peak[1] = out->post.peak[0];
      out->post.rms[1] = out->post.rms[0];
    }
  out->gate_db = r.max[MD_SM_GATE_GR];
  out->comp_db = r.max[MD_SM_COMP_GR];
  out->nonfinite = atomic_load_explicit (&s->nonfinite, memory_order_relaxed);
  out->silenced = atomic_load_explicit (&s->silenced_flag, memory_order_relaxed);
  return true;
}

bool
md_engine_read_bus (MdEngine *e, unsigned bus, MdMeterValue *out)
{
  MdMeterWinRead r;

  if (bus < 1 || bus > MD_MAX_BUSES)
    return false;
  md_meter_win_read (&e->bus[bus - 1].meter, &r);
  meter_value (&r, 0, 0, 1, out);
  return true;
}

float
md_engine_read_bus_gr (MdEngine *e, unsigned bus)
{
  MdMeterWinRead r;

  if (bus < 1 || bus > MD_MAX_BUSES)
    return 0.0f;
  md_meter_win_read (&e->bus[bus - 1].gr, &r);
  return r.max[0];
}

void
md_engine_read_master (MdEngine *e, MdMeterValue *out)
{
  MdMeterWinRead r;

  md_meter_win_read (&e->m_master, &r);
  meter_value (&r, 0, 0, 1, out);
}

void
md_engine_read_master_phase (MdEngine *e, float *correlation, float *side_to_mid_db)
{
  MdMeterWinRead r;
  const double *v = r.sum;

  md_meter_win_read (&e->phase, &r);
  if (correlation)
    *correlation = v[1] > 0 && v[2] > 0 ? (float) (v[0] / sqrt (v[1] * v[2])) : 0.0f;
  if (side_to_mid_db)
    *side_to_mid_db = v[4] > 0 && v[3] > 0 ? (float) (10.0 * log10 (v[4] / v[3]))
                      : v[4] > 0 ? INFINITY : -INFINITY;
}

float
md_engine_read_master_gr (MdEngine *e, unsigned band)
{
  MdMeterWinRead r;

  if (band > 3)
    return 0.0f;
  md_meter_win_read (&e->gr_master[band], &r);
  return r.max[0];
}

uint32_t
md_engine_latency (MdEngine *e)
{
  return atomic_load_explicit (&e->latency, memory_order_relaxed);
}

void
md_engine_master_tap_enable (MdEngine *e, bool on)
{
  atomic_store_explicit (&e->tap_on, on, memory_order_release);
}

bool
md_engine_master_tap_read (MdEngine *e, float *interleaved)
{
  return md_spsc_pop (&e->tap, interleaved);
}

uint64_t
md_engine_master_tap_dropped (MdEngine *e)
{
  return atomic_load_explicit (&e->tap_dropped, memory_order_relaxed);
}

void
md_engine_get_stats (MdEngine *e, MdEngineStats *out)
{
  out->commands_sent = e->cmds_sent;
  out->commands_dropped = e->cmds_dropped;
  out->events_dropped = atomic_load_explicit (&e->events_dropped, memory_order_relaxed);
  out->plans_swapped = atomic_load_explicit (&e->plans_swapped, memory_order_relaxed);
  out->nonfinite_blocks = atomic_load_explicit (&e->nonfinite_blocks, memory_order_relaxed);
  out->frames = atomic_load_explicit (&e->frames, memory_order_relaxed);
}
