/* md-svf-lanes.h: the float SVF lane kernel, written once for two vector
 * widths. md-svf.c includes it twice: MD_SVF_W 4 (SSE2, baseline x86-64)
 * and MD_SVF_W 8 (under an AVX2 target pragma). Every lane does the same
 * operations in the same order in both, so the bits are the same.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expects: MD_SVF_W, MD_SVF_FN(name) (a suffixed name), MD_SVF_PIECE (frames
 * held in registers' worth of stack per pass), MdSvfCoefs, MdSvfState,
 * MdSvfLane and MD_SVF_MAX_LANES from md-svf.h, and memcpy. The kernels
 * read each lane's section pointers in its MdSvfLane (no copies), or with
 * a lane set (MdSvfLaneSet, MdSvfLaneSet1) the state pointers from its
 * table (one row of lanes per section), and load and store the states as
 * 64-bit pairs; the coefficients come from the lanes' rows (transposed per
 * pass) or from a lane set's columns (transposed when it was prepared).
 */

#define SVF_V MD_SVF_FN (V)
typedef float SVF_V __attribute__ ((vector_size (4 * MD_SVF_W)));
typedef float MD_SVF_FN (Vu) __attribute__ ((vector_size (4 * MD_SVF_W), aligned (4)));
typedef int MD_SVF_FN (Vi) __attribute__ ((vector_size (4 * MD_SVF_W)));

#define SVF_PIECE MD_SVF_PIECE
#define SVF_PIECE_IL (MD_SVF_PIECE / 2)
/* N frames too few for the 4-wide lane groups of a 2-3 section pass to
 * run interleaved: below 5 the recurrence has too few frames to
 * matter, and one group after the other holds 6 states rather than 12 in
 * the 16 xmm registers (measured at 1-12 frames: HACKING.md "Branch
 * svfpass"; the 8-wide kernel gained nothing, a 1-section pass is faster
 * interleaved at any length) */
#define SVF_IL_FEW(N) (MD_SVF_W == 4 && (N) < 5)
/* lane groups per call: MD_SVF_MAX_LANES in all */
#define SVF_GMAX (MD_SVF_MAX_LANES / MD_SVF_W)

/* rows R[0..W-1] (one per lane) -> columns O[0..W-1] (one per frame or
 * field); O may be R (every row is read before a column is written). R
 * and O are where the rows are and the columns go (a piece's frames, the
 * caller's rows): a copy through a local array would be a memcpy that
 * GCC splits into 16-byte moves, and the 32-byte loads after them stall
 * on store forwarding. */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (transpose) (const SVF_V *r, SVF_V *o)
{
#if MD_SVF_W == 16
  /* 4x4 blocks within 128-bit chunks (as W 4 does), then the chunks:
   * s[4M + P] chunk C is column 4C + P of rows 4M..4M+3 */
#define SVF_C4(k) 4 * (k), 4 * (k) + 1, 4 * (k) + 2, 4 * (k) + 3
  SVF_V t[16], s[16];

  for (unsigned i = 0; i < 16; i += 2)
    {
      t[i] = __builtin_shufflevector (r[i], r[i + 1], 0, 16, 1, 17, 4, 20, 5, 21,
                                      8, 24, 9, 25, 12, 28, 13, 29);
      t[i + 1] = __builtin_shufflevector (r[i], r[i + 1], 2, 18, 3, 19, 6, 22, 7, 23,
                                          10, 26, 11, 27, 14, 30, 15, 31);
    }
  for (unsigned m = 0; m < 16; m += 4)
    for (unsigned h = 0; h < 2; h++)
      {
        s[m + 2 * h] = __builtin_shufflevector (t[m + h], t[m + h + 2], 0, 1, 16, 17, 4, 5, 20, 21,
                                                8, 9, 24, 25, 12, 13, 28, 29);
        s[m + 2 * h + 1] = __builtin_shufflevector (t[m + h], t[m + h + 2], 2, 3, 18, 19, 6, 7, 22, 23,
                                                    10, 11, 26, 27, 14, 15, 30, 31);
      }
  for (unsigned p = 0; p < 4; p++)
    {
      /* A B C D = s[P], s[4 + P], s[8 + P], s[12 + P]: column 4C + P is
       * chunk C of each */
      SVF_V pp = __builtin_shufflevector (s[p], s[4 + p], SVF_C4 (0), SVF_C4 (1), SVF_C4 (4), SVF_C4 (5));
      SVF_V qq = __builtin_shufflevector (s[p], s[4 + p], SVF_C4 (2), SVF_C4 (3), SVF_C4 (6), SVF_C4 (7));
      SVF_V rr = __builtin_shufflevector (s[8 + p], s[12 + p], SVF_C4 (0), SVF_C4 (1), SVF_C4 (4), SVF_C4 (5));
      SVF_V ss = __builtin_shufflevector (s[8 + p], s[12 + p], SVF_C4 (2), SVF_C4 (3), SVF_C4 (6), SVF_C4 (7));

      o[p] = __builtin_shufflevector (pp, rr, SVF_C4 (0), SVF_C4 (2), SVF_C4 (4), SVF_C4 (6));
      o[4 + p] = __builtin_shufflevector (pp, rr, SVF_C4 (1), SVF_C4 (3), SVF_C4 (5), SVF_C4 (7));
      o[8 + p] = __builtin_shufflevector (qq, ss, SVF_C4 (0), SVF_C4 (2), SVF_C4 (4), SVF_C4 (6));
      o[12 + p] = __builtin_shufflevector (qq, ss, SVF_C4 (1), SVF_C4 (3), SVF_C4 (5), SVF_C4 (7));
    }
#undef SVF_C4
#elif MD_SVF_W == 4
  SVF_V t0 = __builtin_shufflevector (r[0], r[1], 0, 4, 1, 5);
  SVF_V t1 = __builtin_shufflevector (r[0], r[1], 2, 6, 3, 7);
  SVF_V t2 = __builtin_shufflevector (r[2], r[3], 0, 4, 1, 5);
  SVF_V t3 = __builtin_shufflevector (r[2], r[3], 2, 6, 3, 7);

  o[0] = __builtin_shufflevector (t0, t2, 0, 1, 4, 5);
  o[1] = __builtin_shufflevector (t0, t2, 2, 3, 6, 7);
  o[2] = __builtin_shufflevector (t1, t3, 0, 1, 4, 5);
  o[3] = __builtin_shufflevector (t1, t3, 2, 3, 6, 7);
#else
  SVF_V t[8], s[8];

  for (unsigned i = 0; i < 8; i += 2)
    {
      t[i] = __builtin_shufflevector (r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
      t[i + 1] = __builtin_shufflevector (r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
  for (unsigned i = 0; i < 8; i += 4)
    {
      s[i] = __builtin_shufflevector (t[i], t[i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
      s[i + 1] = __builtin_shufflevector (t[i], t[i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
      s[i + 2] = __builtin_shufflevector (t[i + 1], t[i + 3], 0, 1, 8, 9, 4, 5, 12, 13);
      s[i + 3] = __builtin_shufflevector (t[i + 1], t[i + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
  for (unsigned i = 0; i < 4; i++)
    {
      o[i] = __builtin_shufflevector (s[i], s[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
      o[i + 4] = __builtin_shufflevector (s[i], s[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
#endif
}

/* the states (ic1, ic2) of W lanes as two vectors: each state is one
 * 64-bit move into a 64-bit vector lane, then one even/odd shuffle (within
 * 128-bit halves); moves only, so the bits are the states' */
typedef long long MD_SVF_FN (Vq) __attribute__ ((vector_size (4 * MD_SVF_W)));

static inline __attribute__ ((always_inline)) long long
MD_SVF_FN (ld64) (const MdSvfState *st)
{
  long long q;

  memcpy (&q, st, sizeof q);
  return q;
}

static inline __attribute__ ((always_inline)) void
MD_SVF_FN (st_get) (MdSvfState *const *st, SVF_V *i1, SVF_V *i2)
{
#if MD_SVF_W == 4
  MD_SVF_FN (Vq) a = { MD_SVF_FN (ld64) (st[0]), MD_SVF_FN (ld64) (st[1]) };
  MD_SVF_FN (Vq) b = { MD_SVF_FN (ld64) (st[2]), MD_SVF_FN (ld64) (st[3]) };

  *i1 = __builtin_shufflevector ((SVF_V) a, (SVF_V) b, 0, 2, 4, 6);
  *i2 = __builtin_shufflevector ((SVF_V) a, (SVF_V) b, 1, 3, 5, 7);
#elif MD_SVF_W == 16
  /* a: lanes 0, 1 | 4, 5 | 8, 9 | 12, 13; b: lanes 2, 3 | 6, 7 | ... */
  MD_SVF_FN (Vq) a = { MD_SVF_FN (ld64) (st[0]), MD_SVF_FN (ld64) (st[1]),
                       MD_SVF_FN (ld64) (st[4]), MD_SVF_FN (ld64) (st[5]),
                       MD_SVF_FN (ld64) (st[8]), MD_SVF_FN (ld64) (st[9]),
                       MD_SVF_FN (ld64) (st[12]), MD_SVF_FN (ld64) (st[13]) };
  MD_SVF_FN (Vq) b = { MD_SVF_FN (ld64) (st[2]), MD_SVF_FN (ld64) (st[3]),
                       MD_SVF_FN (ld64) (st[6]), MD_SVF_FN (ld64) (st[7]),
                       MD_SVF_FN (ld64) (st[10]), MD_SVF_FN (ld64) (st[11]),
                       MD_SVF_FN (ld64) (st[14]), MD_SVF_FN (ld64) (st[15]) };

  *i1 = __builtin_shufflevector ((SVF_V) a, (SVF_V) b, 0, 2, 16, 18, 4, 6, 20, 22,
                                 8, 10, 24, 26, 12, 14, 28, 30);
  *i2 = __builtin_shufflevector ((SVF_V) a, (SVF_V) b, 1, 3, 17, 19, 5, 7, 21, 23,
                                 9, 11, 25, 27, 13, 15, 29, 31);
#else
  /* a: lanes 0, 1 | 4, 5; b: lanes 2, 3 | 6, 7 */
  MD_SVF_FN (Vq) a = { MD_SVF_FN (ld64) (st[0]), MD_SVF_FN (ld64) (st[1]),
                       MD_SVF_FN (ld64) (st[4]), MD_SVF_FN (ld64) (st[5]) };
  MD_SVF_FN (Vq) b = { MD_SVF_FN (ld64) (st[2]), MD_SVF_FN (ld64) (st[3]),
                       MD_SVF_FN (ld64) (st[6]), MD_SVF_FN (ld64) (st[7]) };

  *i1 = __builtin_shufflevector ((SVF_V) a, (SVF_V) b, 0, 2, 8, 10, 4, 6, 12, 14);
  *i2 = __builtin_shufflevector ((SVF_V) a, (SVF_V) b, 1, 3, 9, 11, 5, 7, 13, 15);
#endif
}

/* the inverse of st_get */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (st_put) (MdSvfState *const *st, SVF_V i1, SVF_V i2)
{
#if MD_SVF_W == 4
  MD_SVF_FN (Vq) a = (MD_SVF_FN (Vq)) __builtin_shufflevector (i1, i2, 0, 4, 1, 5);
  MD_SVF_FN (Vq) b = (MD_SVF_FN (Vq)) __builtin_shufflevector (i1, i2, 2, 6, 3, 7);

  memcpy (st[0], &a[0], 8);
  memcpy (st[1], &a[1], 8);
  memcpy (st[2], &b[0], 8);
  memcpy (st[3], &b[1], 8);
#elif MD_SVF_W == 16
  MD_SVF_FN (Vq) a = (MD_SVF_FN (Vq)) __builtin_shufflevector (i1, i2, 0, 16, 1, 17, 4, 20, 5, 21,
                                                               8, 24, 9, 25, 12, 28, 13, 29);
  MD_SVF_FN (Vq) b = (MD_SVF_FN (Vq)) __builtin_shufflevector (i1, i2, 2, 18, 3, 19, 6, 22, 7, 23,
                                                               10, 26, 11, 27, 14, 30, 15, 31);

  for (unsigned m = 0; m < 4; m++)
    {
      memcpy (st[4 * m], &a[2 * m], 8);
      memcpy (st[4 * m + 1], &a[2 * m + 1], 8);
      memcpy (st[4 * m + 2], &b[2 * m], 8);
      memcpy (st[4 * m + 3], &b[2 * m + 1], 8);
    }
#else
  MD_SVF_FN (Vq) a = (MD_SVF_FN (Vq)) __builtin_shufflevector (i1, i2, 0, 8, 1, 9, 4, 12, 5, 13);
  MD_SVF_FN (Vq) b = (MD_SVF_FN (Vq)) __builtin_shufflevector (i1, i2, 2, 10, 3, 11, 6, 14, 7, 15);

  memcpy (st[0], &a[0], 8);
  memcpy (st[1], &a[1], 8);
  memcpy (st[4], &a[2], 8);
  memcpy (st[5], &a[3], 8);
  memcpy (st[2], &b[0], 8);
  memcpy (st[3], &b[1], 8);
  memcpy (st[6], &b[2], 8);
  memcpy (st[7], &b[3], 8);
#endif
}

/* the coefficients of section K of the W lanes as vectors (CO[0..5] =
 * A2, A3, C1, D, E, F) and the states */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (get) (const MdSvfCoefs *const *c, MdSvfState *const *st, SVF_V *co,
                 SVF_V *i1, SVF_V *i2)
{
  SVF_V r[8];

#if MD_SVF_W == 4
  for (unsigned j = 0; j < 4; j++)
    r[j] = *(const MD_SVF_FN (Vu) *) &c[j]->a2;
  MD_SVF_FN (transpose) (r, r);
  co[0] = r[0]; co[1] = r[1]; co[2] = r[2]; co[3] = r[3];
  for (unsigned j = 0; j < 4; j++)
    r[j] = *(const MD_SVF_FN (Vu) *) &c[j]->e;
  MD_SVF_FN (transpose) (r, r);
  co[4] = r[0]; co[5] = r[1];
#elif MD_SVF_W == 16
  (void) r;
  for (unsigned j = 0; j < 16; j++)
    {
      co[0][j] = c[j]->a2; co[1][j] = c[j]->a3; co[2][j] = c[j]->c1;
      co[3][j] = c[j]->d; co[4][j] = c[j]->e; co[5][j] = c[j]->f;
    }
#else
  for (unsigned j = 0; j < 8; j++)
    r[j] = *(const MD_SVF_FN (Vu) *) &c[j]->a2;
  MD_SVF_FN (transpose) (r, r);
  for (unsigned f = 0; f < 6; f++)
    co[f] = r[f];
#endif
  MD_SVF_FN (st_get) (st, i1, i2);
}

/* S (a constant, so that each caller's copy of the kernel has no test
 * of it): PCO is a lane set's coefficient columns, not NULL; without S
 * PCO is NULL. At lane group Q: */
#define SVF_ATC(P, Q) (S ? (P) + (Q) * MD_SVF_W : NULL)
/* the same for the lane set's state pointers PSP (lane J of section K at
 * PSP[K * MD_SVF_MAX_LANES + J]) and for the lanes LP (NULL with S) */
#define SVF_ATS(P, Q) (S ? (P) + (Q) * MD_SVF_W : NULL)
#define SVF_ATL(P, Q) (S ? NULL : (P) + (Q) * MD_SVF_W)
/* all three at lane group Q */
#define SVF_AT(Q) SVF_ATL (lp, Q), SVF_ATC (pco, Q), SVF_ATS (psp, Q)

/* Section K of the W lanes LP[0..W-1]: its coefficients as vectors, from
 * the lanes' rows (transposed here) or, with S, from a lane set's
 * columns (MdSvfLaneSet.co, PCO at this group's first lane: field F of
 * section K at PCO[(K * 6 + F) * MD_SVF_MAX_LANES]), and the states */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (load) (const bool S, const MdSvfLane *const *lp, const float *pco,
                  MdSvfState *const *psp, unsigned k, SVF_V *co, SVF_V *i1, SVF_V *i2)
{
  MdSvfState *ss[MD_SVF_W];

  if (S)
    {
      for (unsigned f = 0; f < 6; f++)
        co[f] = *(const MD_SVF_FN (Vu) *) (pco + (k * 6 + f) * MD_SVF_MAX_LANES);
      MD_SVF_FN (st_get) (psp + k * MD_SVF_MAX_LANES, i1, i2);
      return;
    }
  for (unsigned j = 0; j < MD_SVF_W; j++)
    ss[j] = lp[j]->s[k];
  {
    const MdSvfCoefs *cc[MD_SVF_W];

    for (unsigned j = 0; j < MD_SVF_W; j++)
      cc[j] = lp[j]->c[k];
    MD_SVF_FN (get) (cc, ss, co, i1, i2);
  }
}

/* One section: the output from the old state, then the integrators. The
 * order of every operation is fixed here (no FMA, no reassociation). */
#define SVF_SECTION(CO, I1, I2, X)                                      \
  do {                                                                  \
    SVF_V v3_ = (X) - (I2);                                             \
    SVF_V t_ = (CO)[0] * v3_ - (CO)[2] * (I1);                          \
    SVF_V u_ = (CO)[0] * (I1) + (CO)[1] * v3_;                          \
    (X) = (CO)[3] * (X) + ((CO)[4] * (I1) + (CO)[5] * (I2));            \
    (I1) = (I1) + t_;                                                   \
    (I2) = (I2) + u_;                                                   \
  } while (0)

/* |V| < MD_SVF_TINY -> 0 (as md_svf_sanitize_n flushes); non-finite lanes
 * of V set in *BAD */
static inline __attribute__ ((always_inline)) SVF_V
MD_SVF_FN (flush) (SVF_V v, MD_SVF_FN (Vi) *bad)
{
  const MD_SVF_FN (Vi) abs_mask = (MD_SVF_FN (Vi)) {} + 0x7fffffff;
  SVF_V a = (SVF_V) ((MD_SVF_FN (Vi)) v & abs_mask);
  SVF_V z = v - v;                      /* NaN for inf and NaN */

  *bad |= z != z;
  return (SVF_V) ((MD_SVF_FN (Vi)) v & ~(a < MD_SVF_TINY));
}

/* whether any lane of V is set */
static inline __attribute__ ((always_inline)) bool
MD_SVF_FN (any) (MD_SVF_FN (Vi) v)
{
  int a = 0;

  for (unsigned j = 0; j < MD_SVF_W; j++)
    a |= v[j];
  return a != 0;
}

/* sections K0 .. K0 + G - 1 over the piece X[0..N-1], frame-major (the
 * sections of one frame are independent of the next frame's, so they
 * overlap in the CPU); with LAST (the end of the call) the states are
 * flushed and checked as md_svf_sanitize_n would */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (group) (const bool S, const MdSvfLane *const *lp, const float *pco,
                   MdSvfState *const *psp, unsigned k0, const unsigned g, SVF_V *x,
                   unsigned n, bool last, MD_SVF_FN (Vi) *bad)
{
  SVF_V co[4][6], i1[4], i2[4];

  for (unsigned k = 0; k < g; k++)
    MD_SVF_FN (load) (S, lp, pco, psp, k0 + k, co[k], &i1[k], &i2[k]);
  for (unsigned i = 0; i < n; i++)
    {
      SVF_V v = x[i];

      for (unsigned k = 0; k < g; k++)
        SVF_SECTION (co[k], i1[k], i2[k], v);
      x[i] = v;
    }
  if (last)
    for (unsigned k = 0; k < g; k++)
      {
        i1[k] = MD_SVF_FN (flush) (i1[k], bad);
        i2[k] = MD_SVF_FN (flush) (i2[k], bad);
      }
  for (unsigned k = 0; k < g; k++)
    {
      MdSvfState *ss[MD_SVF_W];

      if (S)
        {
          MD_SVF_FN (st_put) (psp + (k0 + k) * MD_SVF_MAX_LANES, i1[k], i2[k]);
          continue;
        }
      for (unsigned j = 0; j < MD_SVF_W; j++)
        ss[j] = lp[j]->s[k0 + k];
      MD_SVF_FN (st_put) (ss, i1[k], i2[k]);
    }
}

/* The same as G lane groups interleaved frame by frame (group 0 is lanes
 * 0..W-1 of C and S, and so on): for a pass of few sections, whose
 * recurrence (~12 cycles a frame) is longer than its work, so the groups'
 * recurrences overlap. Each group does exactly what MD_SVF_FN (group) does
 * (the same operations in the same order), so the same bits. */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (group_il) (const bool S, const MdSvfLane *const *lp, const float *pco,
                      MdSvfState *const *psp, unsigned k0,
                      const unsigned g, const unsigned G, SVF_V (*x)[SVF_PIECE_IL],
                      unsigned n, bool last, MD_SVF_FN (Vi) *bad)
{
  SVF_V co[4][3][6], i1[4][3], i2[4][3];

  for (unsigned q = 0; q < G; q++)
    for (unsigned k = 0; k < g; k++)
      MD_SVF_FN (load) (S, SVF_AT (q), k0 + k,
                        co[q][k], &i1[q][k], &i2[q][k]);
  for (unsigned i = 0; i < n; i++)
    {
      SVF_V v[4];

      for (unsigned q = 0; q < G; q++)
        v[q] = x[q][i];
      for (unsigned k = 0; k < g; k++)
        for (unsigned q = 0; q < G; q++)
          SVF_SECTION (co[q][k], i1[q][k], i2[q][k], v[q]);
      for (unsigned q = 0; q < G; q++)
        x[q][i] = v[q];
    }
  for (unsigned q = 0; q < G; q++)
    for (unsigned k = 0; k < g; k++)
      {
        MdSvfState *ss[MD_SVF_W];

        if (last)
          {
            i1[q][k] = MD_SVF_FN (flush) (i1[q][k], bad);
            i2[q][k] = MD_SVF_FN (flush) (i2[q][k], bad);
          }
        if (S)
          {
            MD_SVF_FN (st_put) (psp + q * MD_SVF_W + (k0 + k) * MD_SVF_MAX_LANES,
                                i1[q][k], i2[q][k]);
            continue;
          }
        for (unsigned j = 0; j < MD_SVF_W; j++)
          ss[j] = lp[q * MD_SVF_W + j]->s[k0 + k];
        MD_SVF_FN (st_put) (ss, i1[q][k], i2[q][k]);
      }
}

/* Frames POS .. POS + N - 1 of the W lanes IN[0..W-1] into the piece X
 * (one vector of lanes per frame), and back from X into OUT[0..W-1] */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (piece_in) (const float *const *in, unsigned pos, unsigned n, SVF_V *x)
{
  unsigned i = 0;

  for (; i + MD_SVF_W <= n; i += MD_SVF_W)
    {
      SVF_V r[MD_SVF_W];

      for (unsigned j = 0; j < MD_SVF_W; j++)
        r[j] = *(const MD_SVF_FN (Vu) *) (in[j] + pos + i);
      MD_SVF_FN (transpose) (r, x + i);
    }
  for (; i < n; i++)
    for (unsigned j = 0; j < MD_SVF_W; j++)
      x[i][j] = in[j][pos + i];
}

static inline __attribute__ ((always_inline)) void
MD_SVF_FN (piece_out) (const SVF_V *x, unsigned pos, unsigned n, float *const *out)
{
  unsigned i = 0;

  for (; i + MD_SVF_W <= n; i += MD_SVF_W)
    {
      SVF_V r[MD_SVF_W];

      MD_SVF_FN (transpose) (x + i, r);
      for (unsigned j = 0; j < MD_SVF_W; j++)
        *(MD_SVF_FN (Vu) *) (out[j] + pos + i) = r[j];
    }
  for (; i < n; i++)
    for (unsigned j = 0; j < MD_SVF_W; j++)
      out[j][pos + i] = x[i][j];
}

/* G groups of W lanes (pointers for all G W: the caller pads with a zero
 * section and a scratch state and buffer), read from IN, written to OUT
 * (which may be IN); LAST: this call ends the block (flush and check the
 * states). Groups of 4 sections run one lane group after the other (their
 * work covers the recurrence); groups of 1-3 sections run IL lane groups
 * interleaved. PCO: the coefficients as a lane set holds them (see
 * MD_SVF_FN (load)); NULL: the lanes' rows. Returns true if a state is not
 * finite. */
static inline __attribute__ ((always_inline)) bool
MD_SVF_FN (run_g) (const bool S, const MdSvfLane *const *lp, const float *pco,
                   MdSvfState *const *psp, const float *const *in,
                   float *const *out, unsigned n_sections, unsigned n_frames, bool last,
                   const unsigned G, const unsigned IL1, const unsigned IL3)
{
  SVF_V x[SVF_GMAX > 1 ? SVF_GMAX : 2][SVF_PIECE_IL];
  MD_SVF_FN (Vi) bad = { 0 };
  const unsigned piece = G == 1 ? SVF_PIECE_IL * 2 : SVF_PIECE_IL;
  SVF_V (*x1)[SVF_PIECE_IL * 2] = (SVF_V (*)[SVF_PIECE_IL * 2]) x;

  for (unsigned pos = 0; pos < n_frames; pos += piece)
    {
      unsigned n = n_frames - pos < piece ? n_frames - pos : piece;
      bool l = last && pos + n == n_frames;

      for (unsigned q = 0; q < G; q++)
        MD_SVF_FN (piece_in) (in + q * MD_SVF_W, pos, n, G == 1 ? x1[0] : x[q]);

      for (unsigned k0 = 0; k0 < n_sections; k0 += 4)
        {
          unsigned g = n_sections - k0 < 4 ? n_sections - k0 : 4;

          if (G == 1 || g == 4)
            {
              for (unsigned q = 0; q < G; q++)
                switch (g)
                  {
                  case 1: MD_SVF_FN (group) (S, SVF_AT (q), k0, 1,
                                             G == 1 ? x1[0] : x[q], n, l, &bad); break;
                  case 2: MD_SVF_FN (group) (S, SVF_AT (q), k0, 2,
                                             G == 1 ? x1[0] : x[q], n, l, &bad); break;
                  case 3: MD_SVF_FN (group) (S, SVF_AT (q), k0, 3,
                                             G == 1 ? x1[0] : x[q], n, l, &bad); break;
                  default: MD_SVF_FN (group) (S, SVF_AT (q), k0, 4,
                                              G == 1 ? x1[0] : x[q], n, l, &bad); break;
                  }
              continue;
            }
          /* IL groups at a time (IL divides G) */
          {
            const unsigned il = g == 1 ? (IL1 < G ? IL1 : G)
                                : SVF_IL_FEW (n) ? 1 : (IL3 < G ? IL3 : G);

            for (unsigned q = 0; q < G; q += il)
              switch (g * 8 + il)
                {
                case 1 * 8 + 2: MD_SVF_FN (group_il) (S, SVF_AT (q), k0, 1, 2, x + q, n, l, &bad); break;
                case 2 * 8 + 2: MD_SVF_FN (group_il) (S, SVF_AT (q), k0, 2, 2, x + q, n, l, &bad); break;
                case 3 * 8 + 2: MD_SVF_FN (group_il) (S, SVF_AT (q), k0, 3, 2, x + q, n, l, &bad); break;
                case 1 * 8 + 4: MD_SVF_FN (group_il) (S, SVF_AT (q), k0, 1, 4, x + q, n, l, &bad); break;
                case 2 * 8 + 4: MD_SVF_FN (group_il) (S, SVF_AT (q), k0, 2, 4, x + q, n, l, &bad); break;
                case 3 * 8 + 4: MD_SVF_FN (group_il) (S, SVF_AT (q), k0, 3, 4, x + q, n, l, &bad); break;
                default:
                  for (unsigned p = q; p < q + il; p++)
                    switch (g)
                      {
                      case 1: MD_SVF_FN (group) (S, SVF_AT (p), k0, 1, x[p], n, l, &bad); break;
                      case 2: MD_SVF_FN (group) (S, SVF_AT (p), k0, 2, x[p], n, l, &bad); break;
                      default: MD_SVF_FN (group) (S, SVF_AT (p), k0, 3, x[p], n, l, &bad); break;
                      }
                  break;
                }
          }
        }

      for (unsigned q = 0; q < G; q++)
        MD_SVF_FN (piece_out) (G == 1 ? x1[0] : x[q], pos, n, out + q * MD_SVF_W);
    }
  for (unsigned j = 0; j < MD_SVF_W; j++)
    if (bad[j])
      return true;
  return false;
}

/* One section over G lane groups of W lanes from up to two lane sets
 * (MdSvfLaneSet1), all G interleaved frame by frame: group Q reads its
 * coefficient columns at PCO[Q] (field F at PCO[Q][F * MD_SVF_MAX_LANES])
 * and its states through PSP[Q][0..W-1], lane J of it reads IN[Q][J]
 * and writes OUT[Q][J] (which may be the same buffer). A 1-section pass
 * is latency-bound (the recurrence i2 -> v3 -> u -> i2, ~9 cycles a frame
 * on Zen 5), so G chains of it overlap where one set has only 1-2. Each
 * lane does what MD_SVF_FN (group) does with one section (the same
 * operations in the same order, the states flushed at the end), so the
 * same bits as each set's own run. N_FRAMES: at most MD_SVF_PIECE (a
 * piece of run_lanes, whose end flushes the states). Non-finite lanes of
 * group Q are set in BAD[Q]. */
static inline __attribute__ ((always_inline)) void
MD_SVF_FN (run_sets1) (const float *const *pco, MdSvfState *const *const *psp,
                       const float *const *const *in, float *const *const *out,
                       unsigned n_frames, const unsigned G, MD_SVF_FN (Vi) *bad)
{
  SVF_V x[MD_SVF_W == 16 ? 2 : 4][SVF_PIECE_IL];
  SVF_V co[4][6], i1[4], i2[4];

  for (unsigned q = 0; q < G; q++)
    {
      for (unsigned f = 0; f < 6; f++)
        co[q][f] = *(const MD_SVF_FN (Vu) *) (pco[q] + f * MD_SVF_MAX_LANES);
      MD_SVF_FN (st_get) (psp[q], &i1[q], &i2[q]);
    }
  for (unsigned pos = 0; pos < n_frames; pos += SVF_PIECE_IL)
    {
      unsigned n = n_frames - pos < SVF_PIECE_IL ? n_frames - pos : SVF_PIECE_IL;

      for (unsigned q = 0; q < G; q++)
        MD_SVF_FN (piece_in) (in[q], pos, n, x[q]);
      for (unsigned i = 0; i < n; i++)
        {
          SVF_V v[4];

          for (unsigned q = 0; q < G; q++)
            v[q] = x[q][i];
          for (unsigned q = 0; q < G; q++)
            SVF_SECTION (co[q], i1[q], i2[q], v[q]);
          for (unsigned q = 0; q < G; q++)
            x[q][i] = v[q];
        }
      for (unsigned q = 0; q < G; q++)
        MD_SVF_FN (piece_out) (x[q], pos, n, out[q]);
    }
  for (unsigned q = 0; q < G; q++)
    {
      i1[q] = MD_SVF_FN (flush) (i1[q], &bad[q]);
      i2[q] = MD_SVF_FN (flush) (i2[q], &bad[q]);
      MD_SVF_FN (st_put) (psp[q], i1[q], i2[q]);
    }
}

#undef SVF_ATC
#undef SVF_ATS
#undef SVF_ATL
#undef SVF_AT
#undef SVF_SECTION
#undef SVF_IL_FEW
#undef SVF_PIECE_IL
#undef SVF_GMAX
#undef SVF_PIECE
#undef SVF_V
