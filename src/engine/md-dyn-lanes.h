/* md-dyn-lanes.h: the serial kernels of the gate and the compressor in
 * vector lanes, written once for two widths. Not a header: md-dyn.c
 * includes it twice, with LANES_W 4 (16-byte vectors, baseline x86-64)
 * and LANES_W 8 (32-byte vectors, under an AVX2 target pragma), because
 * GCC splits 32-byte vector compares into scalar code without AVX and no
 * vector type is widened for the AVX2 clone. Both widths do per lane
 * exactly the scalar recursion (selects, no fused operations), so they
 * agree bit for bit.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expects LANES_W, VF, VI (float and int32 vectors of LANES_W lanes),
 * LANES_FN(name), LOAD4 and STORE4 (four frames of LANES_W lanes from rows
 * of floats, through transposes), LOADBLK (eight floats of LANES_W rows
 * into eight vectors) and STOREBLK (back), VFU (VF unaligned), MINV
 * and MAXV (a < b ? a : b and a > b ? a : b per lane: x86
 * minps/maxps), ANYV (a mask VI with any lane
 * set), MASKV (its lanes' bits, lane k as 1 << k), IOTA_I (the lane numbers), and md-dyn.c's helpers.
 */

#define SPLAT(x) (ZERO_F + (x))
/* the gain computers run two groups in one loop (their chains of
 * dependent operations overlap) where the registers hold two groups'
 * state: 16 ymm with AVX2; with SSE2's 16 xmm, four groups of 4, pairs
 * spill and cost more than they gain (callgrind) */
#define PAIRS (LANES_W == 8)
/* fabsf per lane (the sign bit cleared, as fabsf does) */
#define ABSV(x) ((VF) ((VI) (x) & 0x7fffffff))

/* True when the first N_USED lanes of a group are at full weight
 * (W = WT = 1); the others are unused (gain 0 dB either way). A used lane
 * can be at W = WT = 0 too: switched off and faded out within this call. */
static inline bool
LANES_FN (all_full) (VF w, VF wt, unsigned n_used)
{
  const VF one = SPLAT (1.0f);
  VI used = IOTA_I < ZERO_I + (int32_t) (n_used < LANES_W ? n_used : LANES_W);

  return !ANYV (used & ~((w == one) & (wt == one)));
}
#define all_full LANES_FN (all_full)

/* fast_exp2 per lane (the same operations: truncating conversions, no
 * fused ones): the kernels hand out linear gains */
static inline VF
LANES_FN (exp2v) (VF x)
{
  VI i = __builtin_convertvector (x + SPLAT (128.5f), VI) - 128;
  VF f = x - __builtin_convertvector (i, VF);
  VF p = SPLAT (1.0f) + f * (SPLAT (0.693105334f) + f * (SPLAT (0.240221678f)
                                + f * (SPLAT (0.0560057884f) + f * SPLAT (0.00967603712f))));
  VI u = (i + 127) << 23;

  return p * (VF) u;
}
#define exp2v LANES_FN (exp2v)

/* A call of one frame: the linear gains G of the group's lanes in MASK
 * (lane k: CH[k], N_CH[k] channels, at OFF) multiplied into their
 * channels here, from the register, as dyn_apply_lanes would from the
 * rows (the same product): no rows stored, no pass after the kernel */
static inline __attribute__ ((always_inline)) void
LANES_FN (apply_one) (VF g, unsigned mask, float *const *const *ch, const unsigned *n_ch,
                      unsigned off, const bool mono)
{
  for (; mask != 0; mask &= mask - 1)
    {
      const unsigned k = (unsigned) __builtin_ctz (mask);
      const float gk = g[k];
      float *const *c = ch[k];

      c[0][off] *= gk;
      if (!mono && n_ch[k] > 1)
        c[1][off] *= gk;
    }
}
#define apply_one LANES_FN (apply_one)

/* the rows (pointers to the lane blocks' FIELD) of the LANES_W units from
 * P[J] on: a full group's, straight from P (no table filled) */
#if LANES_W == 8
#define GROUP_ROWS(p, field, j)                                             \
  { &(p)[j]->field, &(p)[(j) + 1]->field, &(p)[(j) + 2]->field, &(p)[(j) + 3]->field, \
    &(p)[(j) + 4]->field, &(p)[(j) + 5]->field, &(p)[(j) + 6]->field, &(p)[(j) + 7]->field }
#else
#define GROUP_ROWS(p, field, j)                                             \
  { &(p)[j]->field, &(p)[(j) + 1]->field, &(p)[(j) + 2]->field, &(p)[(j) + 3]->field }
#endif

/* ROWS_W: with 8 lanes the compressor's loop over four frames leaves
 * out exp2v (it stores the gains as log2) and exp2_rows runs it
 * afterwards along the used lanes' rows, LANES_W frames per vector (the
 * same operations per value), and applies the gains: the serial loop
 * keeps fewer live vectors (each group's recursion is latency-bound,
 * exp2v throughput-bound). With 4 lanes (SSE2) the extra pass cost more
 * than it gained (bench --one 64 64 3000 full: +3 %), and so it did in
 * the gate's kernel, whose loop leaves out exp2v where four frames of a
 * group rest open (no time gained, +1.0 M Ir at bench --one 64 64 300,
 * also with the pass applying the gains). The pieces too short for the
 * four-frame loop keep exp2v in the lanes. */
#define ROWS_W (LANES_W == 8)

/* exp2v in three stages, for exp2_rows' pipelined loop: A the integer
 * part and the fraction (F, U), B the polynomial's two inner steps (Q),
 * C the rest and the scale (the same operations as exp2v, in its order) */
#define EXP2_A(xv, f, u)                                                    \
  do {                                                                      \
    VI i_ = __builtin_convertvector ((xv) + SPLAT (128.5f), VI) - 128;      \
    (f) = (xv) - __builtin_convertvector (i_, VF);                          \
    (u) = (i_ + 127) << 23;                                                 \
  } while (0)
#define EXP2_B(f)                                                           \
  (SPLAT (0.240221678f) + (f) * (SPLAT (0.0560057884f) + (f) * SPLAT (0.00967603712f)))
#define EXP2_C(f, q, u)                                                     \
  ((SPLAT (1.0f) + (f) * (SPLAT (0.693105334f) + (f) * (q))) * (VF) (u))

/* exp2v over the first LEN values of the rows X[j] of the lanes j <
 * N_LANES, each gain multiplied into lane j's N_CH[j] (1 or 2) channels
 * CH[j] at OFF as it is made (as dyn_apply_lanes does, lane after lane;
 * X is not written). Rows of two vectors or more are software-pipelined:
 * each step runs stage A two vectors ahead, B one ahead and C on its own
 * vector. exp2v is one chain of ~15 dependent operations (~40 cycles);
 * loop as written, the steps' waiting operations filled the scheduler
 * (~7 cycles per vector against ~4.3 for its 17 vector operations),
 * and staged each operation is issued nearer the time its operands are
 * ready. */
static inline void
LANES_FN (exp2_rows) (const float (*x)[MD_DYN_PIECE], unsigned n_lanes, unsigned len,
                      float *const *const *ch, const unsigned *n_ch, unsigned off)
{
  const unsigned n8 = len & ~(LANES_W - 1u), tail = len % LANES_W;

  for (unsigned j = 0; j < n_lanes; j++)
    {
      const float *r = x[j];
      float *b0 = ch[j][0] + off, *b1 = n_ch[j] > 1 ? ch[j][1] + off : NULL;
      unsigned i = 0;

      if (n8 >= 2 * LANES_W)
        {
          VF f0, f1, f2, q0, q1, v;
          VI u0, u1, u2;

          EXP2_A (*(const VFU *) r, f0, u0);
          q0 = EXP2_B (f0);
          EXP2_A (*(const VFU *) (r + LANES_W), f1, u1);
#define EXP2_STEP(B1)                                                       \
  do {                                                                      \
    EXP2_A (*(const VFU *) (r + i + 2 * LANES_W), f2, u2);                  \
    q1 = EXP2_B (f1);                                                       \
    v = EXP2_C (f0, q0, u0);                                                \
    *(VFU *) (b0 + i) = *(const VFU *) (b0 + i) * v;                        \
    if (B1)                                                                 \
      *(VFU *) (b1 + i) = *(const VFU *) (b1 + i) * v;                      \
    f0 = f1, u0 = u1, q0 = q1, f1 = f2, u1 = u2;                            \
  } while (0)
          if (b1)
            for (; i + 2 * LANES_W < n8; i += LANES_W)
              EXP2_STEP (true);
          else
            for (; i + 2 * LANES_W < n8; i += LANES_W)
              EXP2_STEP (false);
#undef EXP2_STEP
          q1 = EXP2_B (f1);
          v = EXP2_C (f0, q0, u0);
          *(VFU *) (b0 + i) = *(const VFU *) (b0 + i) * v;
          if (b1)
            *(VFU *) (b1 + i) = *(const VFU *) (b1 + i) * v;
          i += LANES_W;
          v = EXP2_C (f1, q1, u1);
          *(VFU *) (b0 + i) = *(const VFU *) (b0 + i) * v;
          if (b1)
            *(VFU *) (b1 + i) = *(const VFU *) (b1 + i) * v;
          i += LANES_W;
        }
      else if (n8 > 0)
        {
          VF v = exp2v (*(const VFU *) r);

          *(VFU *) b0 = *(const VFU *) b0 * v;
          if (b1)
            *(VFU *) b1 = *(const VFU *) b1 * v;
          i = LANES_W;
        }
      if (tail > 0)
        {
#if LANES_W == 8
          /* the tail's lanes through masked loads and stores (the other
           * lanes neither read nor written): lane by lane through the
           * stack it cost ~65 cycles a row, two failed store forwards */
          const VI m = IOTA_I < ZERO_I + (int32_t) tail;
          VF v = exp2v (__builtin_ia32_maskloadps256 ((const MdV8f *) (r + i), m));

          __builtin_ia32_maskstoreps256 ((MdV8f *) (b0 + i), m,
                                         __builtin_ia32_maskloadps256 ((const MdV8f *) (b0 + i), m) * v);
          if (b1)
            __builtin_ia32_maskstoreps256 ((MdV8f *) (b1 + i), m,
                                           __builtin_ia32_maskloadps256 ((const MdV8f *) (b1 + i), m) * v);
#else
          VF v = ZERO_F;

          for (unsigned k = 0; k < tail; k++)
            v[k] = r[i + k];
          v = exp2v (v);
          for (unsigned k = 0; k < tail; k++)
            b0[i + k] *= v[k];
          if (b1)
            for (unsigned k = 0; k < tail; k++)
              b1[i + k] *= v[k];
#endif
        }
    }
}
#define exp2_rows LANES_FN (exp2_rows)

/* GATE_ROWS_W: with 8 lanes the gate's loops leave out exp2v from
 * GATE_ROWS_MIN frames on (GATE_EIGHT always) and store the gains as
 * log2; exp2_rows runs it afterwards along the rows of the lanes with a
 * gain other than 1 and multiplies the gains into their channels (as
 * dyn_apply_lanes did). The eight-frame loop is bound by its
 * instructions (branch gatespill): exp2v there cost ~16 operations per
 * vector, exp2_rows ~6 cycles per eight lane-frames. (ROWS_W's note on
 * the gate predates GATE_EIGHT and the pipelined exp2_rows.) */
#define GATE_ROWS_W (LANES_W == 8)
#define GATE_ROWS_MIN 4

/* exp2_rows on the rows of GAIN of the lanes in MASK (out of line: its
 * code kept out of the kernel's, which 1-frame blocks run without it) */
static __attribute__ ((noinline)) void
LANES_FN (gate_rows) (float (*gain)[MD_DYN_PIECE], unsigned mask, unsigned len,
                      float *const *const *ch, const unsigned *n_ch, unsigned off)
{
  for (; mask != 0; mask &= mask - 1)
    {
      const unsigned j = (unsigned) __builtin_ctz (mask);

      exp2_rows ((const float (*)[MD_DYN_PIECE]) (gain + j), 1, len, ch + j, n_ch + j, off);
    }
}
#define gate_rows LANES_FN (gate_rows)

/* The gain computer of N_LANES (1..MD_DYN_MAX_LANES) gates in lockstep:
 * the key rows K0[j], K1[j] of gate j in (its peak level at frame i is
 * max_f (fabsf (K0[j][i]), fabsf (K1[j][i])), K1 = K0 for one channel,
 * or fabsf (K0[j][i]) if K1 is NULL; rows for all MD_DYN_MAX_LANES
 * lanes), the linear gain out in GAIN[j]
 * (exp2v of the gain as log2, clamped at -120), LEN frames; per lane
 * exactly the scalar recursion (selects, no fused ops). Frames move four
 * at a time through 4x4 transposes (inserting lanes one by one stalls
 * SSE2 builds). Returns a mask of the lanes with any gain other than 0 as
 * log2 (a gain other than exactly 1); four frames at which every lane's is
 * 0 store 1 without the exp2 (GATE_ROWS_W: 0, their log2; a group at REST
 * skips the steps, see GATE_REST). *BAD: the mask of the lanes whose gain (dB,
 * g_db) is not finite after these frames (for gate_end). *APPLIED
 * (GATE_ROWS_W, or one frame): the gains of the lanes in the mask were
 * multiplied into their channels CH[j] (N_CH[j], at OFF) here and GAIN
 * holds log2 gains (one frame: nothing); else GAIN holds the linear
 * gains for dyn_apply_lanes. (4 lanes: inlined into its one caller, as
 * GCC did before GATE_FOUR_REST grew it: the call's set-up and the
 * registers saved cost ~13 instructions per strip-block at one frame) */
#if LANES_W == 4
static inline __attribute__ ((always_inline)) unsigned
#else
static unsigned
#endif
LANES_FN (gate_gain_lanes) (MdGate *const *g, unsigned n_lanes, const float *const *k0,
                            const float *const *k1, float (*gain)[MD_DYN_PIECE], unsigned len,
                            float *const *const *ch, const unsigned *n_ch, unsigned off,
                            bool *applied, unsigned *bad)
{
  enum { H = MD_DYN_MAX_LANES / LANES_W };
  VF w[H], wt[H], ws[H], gdb[H], rng[H], att[H], rel[H], openl[H], closel[H], amax[H];
  VI open[H], hold[H], holdn[H];
  unsigned active = 0;
  const VF zero = SPLAT (0.0f), one = SPLAT (1.0f);
  const VF three = SPLAT (3.0f), two = SPLAT (2.0f);
  const VF l2db = SPLAT (LOG2_PER_DB);
  const VF floor120 = SPLAT (-120.0f);
  const VI izero = ZERO_I;

  const float *blk[MD_DYN_MAX_LANES], *blk2[MD_DYN_MAX_LANES];
  float *sblk[MD_DYN_MAX_LANES], *sblk2[MD_DYN_MAX_LANES];
  float dump[8];
  VF x5[H], x6[H], x7[H];

  /* the eight floats from W on (MdGate's lane block) and from ATT_MAX_DB
   * on (its second: att_max_db, open, hold_left, hold_n as bits,
   * w_target, three others) of the used lanes' groups through
   * transposes, zeros for unused lanes; written back the same way
   * (SBLK, SBLK2: unused lanes into DUMP); a full group's rows straight
   * from G (GROUP_ROWS: the row tables only for a partial group) */
  /* FUSED (4 lanes, every group full): each group loaded, run and
   * written back in one go in the loop below, its state in registers
   * throughout (not through the state arrays) */
  const bool fused = LANES_W == 4 && n_lanes % LANES_W == 0;
  unsigned bad_fused = 0;

  for (unsigned j = 0; j < MD_DYN_MAX_LANES && n_lanes % LANES_W != 0; j++)
    {
      blk[j] = j < n_lanes ? &g[j]->w : zero_row;
      blk2[j] = j < n_lanes ? &g[j]->att_max_db : zero_row;
      sblk[j] = j < n_lanes ? &g[j]->w : dump;
      sblk2[j] = j < n_lanes ? &g[j]->att_max_db : dump;
    }
  for (unsigned h = 0; h < H && !fused; h++)
    {
      if (LANES_W * (h + 1) <= n_lanes)
        {
          VF o_, hl_, hn_;
          const unsigned j = LANES_W * h;
          const float *r_[LANES_W] = GROUP_ROWS (g, w, j);
          const float *r2_[LANES_W] = GROUP_ROWS (g, att_max_db, j);

          LOADBLK (r_, 0, w[h], ws[h], gdb[h], rng[h], att[h], rel[h], openl[h], closel[h]);
          LOADBLK (r2_, 0, amax[h], o_, hl_, hn_, wt[h], x5[h], x6[h], x7[h]);
          open[h] = (VI) o_;
          hold[h] = (VI) hl_;
          holdn[h] = (VI) hn_;
        }
      else if (LANES_W * h < n_lanes)
        {
          VF o_, hl_, hn_;

          LOADBLK (blk, LANES_W * h, w[h], ws[h], gdb[h], rng[h],
                   att[h], rel[h], openl[h], closel[h]);
          LOADBLK (blk2, LANES_W * h, amax[h], o_, hl_, hn_, wt[h], x5[h], x6[h], x7[h]);
          open[h] = (VI) o_;
          hold[h] = (VI) hl_;
          holdn[h] = (VI) hn_;
        }
      else
        {
          w[h] = ws[h] = gdb[h] = rng[h] = att[h] = rel[h] = openl[h] = closel[h] = zero;
          amax[h] = wt[h] = x5[h] = x6[h] = x7[h] = zero;
          open[h] = hold[h] = holdn[h] = izero;
        }
    }
/* FADE 0: every lane of the group at full weight (w = target = 1), where
 * the smoothstep weight is exactly 1 and multiplying by it changes no bit:
 * the weight's update and product are left out (fewer live vectors, no
 * spills). The attenuation's maximum (att_max_db = max_f (amax, -gain))
 * runs negated, NAMAX = -amax: min_f (-amax, gain) picks the same operand
 * (both take the second on equal values and NaN; -x is exact), without
 * negating the gain each frame */
#define GATE_STEP(S, l, FADE)                                               \
  do {                                                                      \
    VF target_, up_, dn_, gain_, t_;                                        \
    VI c1_, o1_, hpos_, rs_;                                                \
    /* open: a sample at or above the close threshold restarts the hold     \
     * timer, else the timer runs down (hold + (-1) where it is positive),  \
     * then the gate closes; closed: a sample at or above the open          \
     * threshold opens it (and starts the timer). A closed gate's timer is  \
     * 0 (it closes only there; it opens with a full one), so "restart"     \
     * is one select and the run-down and "stays open" need no other. */    \
    c1_ = (l) >= S##closel;                                                 \
    o1_ = (l) >= S##openl;                                                  \
    hpos_ = S##hold > izero;                                                \
    rs_ = SELI (S##open, c1_, o1_);                                         \
    S##hold = SELI (rs_, S##holdn, S##hold + hpos_);                        \
    S##open = rs_ | hpos_;                                                  \
    /* toward 0 dB (open) or the range (closed) */                          \
    target_ = SELV (S##open, zero, S##rng);                                 \
    up_ = S##gdb + S##att;                                                  \
    up_ = MINV (up_, target_);                                              \
    dn_ = S##gdb - S##rel;                                                  \
    dn_ = MAXV (dn_, target_);                                              \
    S##gdb = SELV (S##gdb < target_, up_, dn_);                             \
    if (FADE)                                                               \
      {                                                                     \
        VF wu_ = S##w + S##ws, wd_ = S##w - S##ws;                          \
        wu_ = MINV (wu_, one);                                              \
        wd_ = MAXV (wd_, zero);                                             \
        S##w = SELV (S##w != S##wt, SELV (S##w < S##wt, wu_, wd_), S##w);   \
        gain_ = S##w * S##w * (three - two * S##w) * S##gdb; /* smoothstep */ \
      }                                                                     \
    else                                                                    \
      gain_ = S##gdb;                                                       \
    S##namax = MINV (S##namax, gain_);                                      \
    t_ = gain_ * l2db;                                                      \
    (l) = MAXV (t_, floor120);                                              \
  } while (0)
/* the keys of group HH at frames I..I+3 into R0..R3: with linked keys
 * (TWO) the peak max_f (|K0|, |K1|), else K0 as it is */
#define LOAD4_KEYS(hh, TWO, r0, r1, r2, r3)                                 \
  do {                                                                      \
    LOAD4 (k0, LANES_W * (hh), i, r0, r1, r2, r3);                          \
    if (TWO)                                                                \
      {                                                                     \
        VF q0_, q1_, q2_, q3_;                                              \
        LOAD4 (k1, LANES_W * (hh), i, q0_, q1_, q2_, q3_);                  \
        r0 = MAXV (ABSV (r0), ABSV (q0_));                                  \
        r1 = MAXV (ABSV (r1), ABSV (q1_));                                  \
        r2 = MAXV (ABSV (r2), ABSV (q2_));                                  \
        r3 = MAXV (ABSV (r3), ABSV (q3_));                                  \
      }                                                                     \
  } while (0)
/* four frames of group HH (state S) at I: the keys' peaks, the steps,
 * exp2v (left out where every lane's gain is 0: 1 stored) */
#define GATE_FOUR(S, hh, FADE, TWO)                                         \
  do {                                                                      \
    VF r0, r1, r2, r3;                                                      \
    unsigned nzm_;                                                          \
    if (!(FADE) && GATE_FOUR_REST (S, hh, TWO))                             \
      break;                                                                \
    LOAD4_KEYS (hh, TWO, r0, r1, r2, r3); /* r0: frame i */                 \
    if (!(TWO))                                                             \
      {                                                                     \
        r0 = ABSV (r0);                                                     \
        r1 = ABSV (r1);                                                     \
        r2 = ABSV (r2);                                                     \
        r3 = ABSV (r3);                                                     \
      }                                                                     \
    GATE_STEP (S, r0, FADE);                                                \
    GATE_STEP (S, r1, FADE);                                                \
    GATE_STEP (S, r2, FADE);                                                \
    GATE_STEP (S, r3, FADE);                                                \
    nzm_ = MASKV ((r0 != zero) | (r1 != zero) | (r2 != zero) | (r3 != zero)); \
    S##nzm |= nzm_;                                                         \
    /* gates resting open (every gain 2^0) skip the exp2; ROWS: log2 */    \
    if (rows)                                                               \
      ;                                                                     \
    else if (nzm_ != 0)                                                     \
      {                                                                     \
        r0 = exp2v (r0);                                                    \
        r1 = exp2v (r1);                                                    \
        r2 = exp2v (r2);                                                    \
        r3 = exp2v (r3);                                                    \
      }                                                                     \
    else                                                                    \
      r0 = r1 = r2 = r3 = one;                                              \
    STORE4 (gain, LANES_W * (hh), i, r0, r1, r2, r3);                       \
  } while (0)
/* one frame of group HH (state S) at I, lane by lane in and out */
#define GATE_ONE(S, hh, FADE, TWO)                                          \
  do {                                                                      \
    VF l = zero;                                                            \
    for (unsigned k = 0; k < LANES_W; k++)                                  \
      l[k] = TWO ? max_f (fabsf (k0[LANES_W * (hh) + k][i]),                \
                          fabsf (k1[LANES_W * (hh) + k][i]))                \
                 : fabsf (k0[LANES_W * (hh) + k][i]);                       \
    GATE_STEP (S, l, FADE);                                                 \
    const unsigned nzm1_ = MASKV (l != zero);                               \
    S##nzm |= nzm1_;                                                        \
    if (!rows)                                                              \
      l = exp2v (l);                                                        \
    if (len == 1)                                                           \
      apply_one (l, nzm1_ & ((1u << N_USED1 (hh)) - 1u), ch + LANES_W * (hh), \
                 n_ch + LANES_W * (hh), off, !(TWO));                       \
    else                                                                    \
      for (unsigned k = 0; k < LANES_W; k++)                                \
        gain[LANES_W * (hh) + k][i] = l[k];                                 \
  } while (0)
/* group H alone (state A_), or groups H and H + 1 (A_, B_) in one loop
 * (their recursions are independent: the two chains of dependent
 * operations overlap) */
/* eight frames of group HH (state S) at I, one-channel keys at full
 * weight: one 8x8 transpose each way (LOAD8, STORE8) instead of four 4x4
 * ones, else as GATE_FOUR */
#if LANES_W == 8
/* the lanes where any of the eight values is not +-0 (NaN included):
 * their bits but the sign or-ed, compared with 0 once (as eight
 * compares with 0.0f and their or, in fewer operations) */
#define NZ8(a, b, c, d, e, f, g, h)                                         \
  (((((VI) (a) | (VI) (b)) | ((VI) (c) | (VI) (d)))                        \
    | (((VI) (e) | (VI) (f)) | ((VI) (g) | (VI) (h)))) & 0x7fffffff) != izero
/* REST: every used lane of the group open at 0 dB (g_db +0, its bits)
 * with more than seven frames of hold left and a hold time of more than
 * seven frames: none can close within the eight frames, so each step
 * only restarts or runs down the timer (open: RS = C1, HPOS set); g_db
 * stays +0 (the step's max_f (+0 - rel, +0)), the gain is +0 at each
 * frame (its log2: +0, no lane in the mask) and NAMAX's min_f with +0
 * the same once as eight times. The same state and gains, bit for bit,
 * as the eight steps; the unused lanes' (not stored) may differ. Four
 * operations a frame instead of the step's ~17 (a gate resting open:
 * the usual case at a strip's level above the threshold). */
/* the eight lanes' keys at frame F (rows KR); the resting gain stored:
 * +0, the log2 gains (exp2_rows runs after the loop) */
#define KEYS_AT(kr, f)                                                      \
  ((VF) { (kr)[0][f], (kr)[1][f], (kr)[2][f], (kr)[3][f],                 \
          (kr)[4][f], (kr)[5][f], (kr)[6][f], (kr)[7][f] })
#define REST_GAIN ((MdV4f) { 0, 0, 0, 0 })
/* the eight steps (a group not at REST) */
#define GATE_EIGHT_STEPS(S, hh)                                             \
  do {                                                                      \
    unsigned nzm_;                                                          \
    r0 = ABSV (r0);                                                         \
    r1 = ABSV (r1);                                                         \
    r2 = ABSV (r2);                                                         \
    r3 = ABSV (r3);                                                         \
    r4 = ABSV (r4);                                                         \
    r5 = ABSV (r5);                                                         \
    r6 = ABSV (r6);                                                         \
    r7 = ABSV (r7);                                                         \
    GATE_STEP (S, r0, 0);                                                   \
    GATE_STEP (S, r1, 0);                                                   \
    GATE_STEP (S, r2, 0);                                                   \
    GATE_STEP (S, r3, 0);                                                   \
    GATE_STEP (S, r4, 0);                                                   \
    GATE_STEP (S, r5, 0);                                                   \
    GATE_STEP (S, r6, 0);                                                   \
    GATE_STEP (S, r7, 0);                                                   \
    nzm_ = MASKV (NZ8 (r0, r1, r2, r3, r4, r5, r6, r7));                    \
    S##nzm |= nzm_;                                                         \
    /* the gains as log2 (ROWS: len >= 8); resting, +0 (exp2 1) */         \
    if (nzm_ != 0)                                                          \
      STORE8 (gain, LANES_W * (hh), i, r0, r1, r2, r3, r4, r5, r6, r7);     \
    else                                                                    \
      for (unsigned k_ = 0; k_ < LANES_W; k_++)                             \
        *(VFU *) (gain[LANES_W * (hh) + k_] + i) = zero;                    \
  } while (0)
/* (at REST, the timer after the eight frames is hold_n where the last
 * frame's key restarts it: where it does in every used lane, that frame's
 * keys alone are read, not the eight frames through the transpose) */
#define GATE_EIGHT(S, hh)                                                   \
  do {                                                                      \
    VF r0, r1, r2, r3, r4, r5, r6, r7;                                      \
    if (!ANYV (S##used & ~(S##open & ((VI) S##gdb == 0) & (S##hold > 7)    \
                           & (S##holdn > 7))))                              \
      {                                                                     \
        const float *const *kr_ = k0 + LANES_W * (hh);                      \
        VF l7_ = { kr_[0][i + 7], kr_[1][i + 7], kr_[2][i + 7], kr_[3][i + 7], \
                   kr_[4][i + 7], kr_[5][i + 7], kr_[6][i + 7], kr_[7][i + 7] }; \
        if (!ANYV (S##used & ~(ABSV (l7_) >= S##closel)))                   \
          S##hold = S##holdn;                                               \
        else                                                                \
          {                                                                 \
            LOAD8 (k0, LANES_W * (hh), i, r0, r1, r2, r3, r4, r5, r6, r7);  \
            GATE_REST (S, r0);                                              \
            GATE_REST (S, r1);                                              \
            GATE_REST (S, r2);                                              \
            GATE_REST (S, r3);                                              \
            GATE_REST (S, r4);                                              \
            GATE_REST (S, r5);                                              \
            GATE_REST (S, r6);                                              \
            GATE_REST (S, r7);                                              \
          }                                                                 \
        S##namax = MINV (S##namax, zero);                                   \
        for (unsigned k_ = 0; k_ < LANES_W; k_++)                           \
          *(VFU *) (gain[LANES_W * (hh) + k_] + i) = zero;                  \
      }                                                                     \
    else                                                                    \
      {                                                                     \
        LOAD8 (k0, LANES_W * (hh), i, r0, r1, r2, r3, r4, r5, r6, r7);      \
        GATE_EIGHT_STEPS (S, hh);                                           \
      }                                                                     \
  } while (0)
#define GATE_EIGHTS(FADE, TWO, S, hh)                                       \
  do {                                                                      \
    if (!(FADE) && !(TWO))                                                  \
      {                                                                     \
        const VI S##used = IOTA_I < ZERO_I + (int32_t) N_USED (hh);         \
        for (; i + 8 <= len; i += 8)                                        \
          {                                                                 \
            GATE_EIGHT (S, hh);                                             \
          }                                                                 \
      }                                                                     \
  } while (0)
#else
#define GATE_EIGHTS(FADE, TWO, S, hh) do { } while (0)
/* (4 lanes: REST over four frames as above; the gains linear, 1 stored) */
#define KEYS_AT(kr, f) ((VF) { (kr)[0][f], (kr)[1][f], (kr)[2][f], (kr)[3][f] })
#define REST_GAIN one
#endif
#define GATE_REST(S, r)                                                     \
  (S##hold = SELI (ABSV (r) >= S##closel, S##holdn, S##hold - 1))
/* REST over four frames (GATE_FOUR at full weight: linked keys, the
 * frames after the eight-frame loop): the same with more than three
 * frames of hold left and a hold time of more than three, on the keys'
 * peaks; true if it ran (the gains stored: REST_GAIN) */
#define GATE_FOUR_REST(S, hh, TWO)                                          \
  ({                                                                        \
    const VI u4_ = IOTA_I < ZERO_I + (int32_t) N_USED (hh);                 \
    const bool rest_ = !ANYV (u4_ & ~(S##open & ((VI) S##gdb == 0)          \
                                      & (S##hold > 3) & (S##holdn > 3)));   \
    if (rest_)                                                              \
      {                                                                     \
        const float *const *kr_ = k0 + LANES_W * (hh);                      \
        VF last_ = KEYS_AT (kr_, i + 3);                                  \
        if (TWO)                                                            \
          {                                                                 \
            const float *const *kq_ = k1 + LANES_W * (hh);                  \
            VF last1_ = KEYS_AT (kq_, i + 3);                             \
            last_ = MAXV (ABSV (last_), ABSV (last1_));                     \
          }                                                                 \
        if (!ANYV (u4_ & ~(ABSV (last_) >= S##closel)))                     \
          S##hold = S##holdn;                                               \
        else                                                                \
          {                                                                 \
            VF a0_, a1_, a2_, a3_;                                          \
            LOAD4_KEYS (hh, TWO, a0_, a1_, a2_, a3_);                       \
            GATE_REST (S, a0_);                                             \
            GATE_REST (S, a1_);                                             \
            GATE_REST (S, a2_);                                             \
            GATE_REST (S, a3_);                                             \
          }                                                                 \
        S##namax = MINV (S##namax, zero);                                   \
        for (unsigned k_ = 0; k_ < LANES_W; k_++)                           \
          *(MdV4fu *) (gain[LANES_W * (hh) + k_] + i) = REST_GAIN;         \
      }                                                                     \
    rest_;                                                                  \
  })
/* RUN (GATE_RUN or GATE_RUN2) in the copy for FULL (no fade) and a
 * linked key (K1), tested once per lane group, not per frame */
#define GATE_PICK(RUN, FULL)                                                \
  do {                                                                      \
    if (FULL)                                                               \
      {                                                                     \
        if (k1)                                                             \
          RUN (0, 1);                                                       \
        else                                                                \
          RUN (0, 0);                                                       \
      }                                                                     \
    else if (k1)                                                            \
      RUN (1, 1);                                                           \
    else                                                                    \
      RUN (1, 0);                                                           \
  } while (0)
#define GATE_RUN(FADE, TWO)                                                 \
  do {                                                                      \
    GATE_EIGHTS (FADE, TWO, A_, h);                                         \
    for (; i + 4 <= len; i += 4)                                            \
      GATE_FOUR (A_, h, FADE, TWO);                                         \
    for (; i < len; i++)                                                    \
      GATE_ONE (A_, h, FADE, TWO);                                          \
  } while (0)
#define GATE_RUN2(FADE, TWO)                                                \
  do {                                                                      \
    /* (eight frames of one group are enough to fill the machine: its     \
     * chain of dependent steps is shorter than its operations take;      \
     * one group at a time keeps the other's state out of the registers) */ \
    unsigned i0_ = i;                                                       \
    GATE_EIGHTS (FADE, TWO, A_, h);                                         \
    i = i0_;                                                                \
    GATE_EIGHTS (FADE, TWO, B_, h + 1);                                     \
    for (; i + 4 <= len; i += 4)                                            \
      {                                                                     \
        GATE_FOUR (A_, h, FADE, TWO);                                       \
        GATE_FOUR (B_, h + 1, FADE, TWO);                                   \
      }                                                                     \
    for (; i < len; i++)                                                    \
      {                                                                     \
        GATE_ONE (A_, h, FADE, TWO);                                        \
        GATE_ONE (B_, h + 1, FADE, TWO);                                    \
      }                                                                     \
  } while (0)
#define GATE_LOAD(S, hh)                                                    \
  VF S##w = w[hh], S##wt = wt[hh], S##ws = ws[hh], S##gdb = gdb[hh];        \
  VF S##rng = rng[hh], S##att = att[hh], S##rel = rel[hh];                  \
  VF S##openl = openl[hh], S##closel = closel[hh], S##namax = -amax[hh];   \
  VI S##open = open[hh], S##hold = hold[hh], S##holdn = holdn[hh];          \
  unsigned S##nzm = 0
#define GATE_SAVE(S, hh)                                                    \
  do {                                                                      \
    w[hh] = S##w;                                                           \
    gdb[hh] = S##gdb;                                                       \
    amax[hh] = -S##namax;                                                   \
    open[hh] = S##open;                                                     \
    hold[hh] = S##hold;                                                     \
    active |= S##nzm << (LANES_W * (hh));                                   \
  } while (0)
#define N_USED(hh) (n_lanes > LANES_W * (hh) ? n_lanes - LANES_W * (hh) : 0)
#define N_USED1(hh) (N_USED (hh) < LANES_W ? N_USED (hh) : LANES_W)

  /* the gains as log2, exp2 along the rows afterwards (GATE_ROWS_W);
   * GATE_EIGHT runs only here */
  const bool rows = GATE_ROWS_W && len >= GATE_ROWS_MIN;
  _Static_assert (GATE_ROWS_MIN <= 4, "GATE_EIGHT and GATE_FOUR_REST store log2 gains");

  /* groups without a used lane are left out; the used ones in pairs (a
   * pair's state in registers, the settings partly from the stack) and
   * the last one alone. K1 NULL: no lane has two channels. A pair runs
   * without the fade only if both groups are at full weight (the fade's
   * steps leave a lane at full weight bit for bit as it is) */
  for (unsigned h = 0; h < H && LANES_W * h < n_lanes; h += PAIRS ? 2 : 1)
    {
      unsigned i = 0;

      if (fused)
        {
          const unsigned j = LANES_W * h;
          float *r_[4] = { &g[j]->w, &g[j + 1]->w, &g[j + 2]->w, &g[j + 3]->w };
          float *r2_[4] = { &g[j]->att_max_db, &g[j + 1]->att_max_db,
                            &g[j + 2]->att_max_db, &g[j + 3]->att_max_db };
          VF A_w, A_ws, A_gdb, A_rng, A_att, A_rel, A_openl, A_closel;
          VF A_amax, o_, hl_, hn_, A_wt, x5_, x6_, x7_;
          unsigned A_nzm = 0;

          LOADBLK (r_, 0, A_w, A_ws, A_gdb, A_rng, A_att, A_rel, A_openl, A_closel);
          LOADBLK (r2_, 0, A_amax, o_, hl_, hn_, A_wt, x5_, x6_, x7_);
          (void) x5_;
          (void) x6_;
          (void) x7_;

          VI A_open = (VI) o_, A_hold = (VI) hl_, A_holdn = (VI) hn_;
          VF A_namax = -A_amax;

          GATE_PICK (GATE_RUN, all_full (A_w, A_wt, LANES_W));
          active |= A_nzm << j;
          bad_fused |= MASKV (~(ABSV (A_gdb) <= SPLAT (__FLT_MAX__))) << j;
          o_ = (VF) A_open;
          hl_ = (VF) A_hold;
          hn_ = (VF) A_holdn;
          STORE4 (r_, 0, 0, A_w, A_ws, A_gdb, A_rng);
          A_amax = -A_namax;
          STORE4 (r2_, 0, 0, A_amax, o_, hl_, hn_);
          continue;
        }
      if (PAIRS && h + 1 < H && LANES_W * (h + 1) < n_lanes)
        {
          GATE_LOAD (A_, h);
          GATE_LOAD (B_, h + 1);
          bool full = all_full (A_w, A_wt, N_USED (h))
                      && all_full (B_w, B_wt, N_USED (h + 1));

          GATE_PICK (GATE_RUN2, full);
          GATE_SAVE (A_, h);
          GATE_SAVE (B_, h + 1);
        }
      else
        {
          GATE_LOAD (A_, h);

          GATE_PICK (GATE_RUN, all_full (A_w, A_wt, N_USED (h)));
          GATE_SAVE (A_, h);
        }
    }
#undef N_USED1
#undef N_USED
#undef GATE_SAVE
#undef GATE_LOAD
#undef GATE_RUN2
#undef GATE_PICK
#undef GATE_EIGHTS
#undef GATE_EIGHT
#undef NZ8
#undef GATE_REST
#undef GATE_FOUR_REST
#undef LOAD4_KEYS
#undef KEYS_AT
#undef REST_GAIN
#undef GATE_EIGHT_STEPS
#undef GATE_ONE
#undef GATE_FOUR
#undef GATE_RUN
#undef GATE_STEP
  /* (an unused lane's gain stays at 0 dB; the mask holds used lanes only) */
  active = n_lanes < 32 ? active & ((1u << n_lanes) - 1) : active;
  /* the lanes resting open (gain exactly 1) left out, as the caller's
   * dyn_apply_lanes does */
  if (rows && active)
    gate_rows (gain, active, len, ch, n_ch, off);
  *applied = rows || len == 1;
  /* the lanes whose gain (dB) is not finite: gate_end resets them */
  *bad = bad_fused;
  for (unsigned h = 0; h < H && LANES_W * h < n_lanes && !fused; h++)
    *bad |= MASKV (~(ABSV (gdb[h]) <= SPLAT (__FLT_MAX__))) << (LANES_W * h);
  /* (with 4 lanes the first four floats of each block through a 4x4
   * transpose each cost less than all eight as with 8 lanes, or five
   * stores lane by lane; a partial group lane by lane) */
  if (fused)
    ;
  else if (LANES_W == 8)
    for (unsigned h = 0; h < H && LANES_W * h < n_lanes; h++)
      {
        VF o_ = (VF) open[h], hl_ = (VF) hold[h], hn_ = (VF) holdn[h];

        if (LANES_W * (h + 1) <= n_lanes)
          {
            float *r_[LANES_W] = GROUP_ROWS (g, w, LANES_W * h);
            float *r2_[LANES_W] = GROUP_ROWS (g, att_max_db, LANES_W * h);

            STOREBLK (r_, 0, w[h], ws[h], gdb[h], rng[h], att[h], rel[h], openl[h], closel[h]);
            STOREBLK (r2_, 0, amax[h], o_, hl_, hn_, wt[h], x5[h], x6[h], x7[h]);
          }
        else
          {
            STOREBLK (sblk, LANES_W * h, w[h], ws[h], gdb[h], rng[h],
                      att[h], rel[h], openl[h], closel[h]);
            STOREBLK (sblk2, LANES_W * h, amax[h], o_, hl_, hn_, wt[h], x5[h], x6[h], x7[h]);
          }
      }
  else
    for (unsigned j = 0; j < n_lanes; j++)
      {
        MdGate *gj = g[j];
        unsigned h = j / LANES_W, k = j % LANES_W;

        /* a full group: the first four floats of each block (w, w_step,
         * g_db, range; att_max_db, open, hold_left, hold_n) through one
         * 4x4 transpose each, the unchanged ones as they were loaded */
        if (k == 0 && j + LANES_W <= n_lanes)
          {
            VF o_ = (VF) open[h], hl_ = (VF) hold[h], hn_ = (VF) holdn[h];
            VF w_ = w[h], ws_ = ws[h], gdb_ = gdb[h], rng_ = rng[h], amax_ = amax[h];

            float *r_[4] = { &g[j]->w, &g[j + 1]->w, &g[j + 2]->w, &g[j + 3]->w };
            float *r2_[4] = { &g[j]->att_max_db, &g[j + 1]->att_max_db,
                              &g[j + 2]->att_max_db, &g[j + 3]->att_max_db };

            STORE4 (r_, 0, 0, w_, ws_, gdb_, rng_);
            STORE4 (r2_, 0, 0, amax_, o_, hl_, hn_);
            j += LANES_W - 1;
            continue;
          }

        gj->w = w[h][k];
        gj->g_db = gdb[h][k];
        gj->open = open[h][k];
        gj->hold_left = hold[h][k];
        gj->att_max_db = amax[h][k];
      }
  return active;
}

/* Detector, fade and gain of N_LANES (1..MD_DYN_MAX_LANES) compressors in
 * lockstep: XL[j] (x_L, dB) and MK[j] (makeup, dB; or, if MK_CONST is
 * not NULL, MK_CONST[j] for every frame) in, the linear gain (exp2v of
 * the gain as log2, clamped at -120) out in XL[j], LEN frames. Per lane
 * exactly the scalar recursion: the smooth branching detector (x_L ->
 * y_L), the on/off weight, the reduction meter, the gain. Frames move
 * four at a time through 4x4 transposes, as in the gate. LAST (the
 * call's last piece): y_L below 1e-20 flushed to +0 as comp_end would,
 * and the mask of the lanes whose y_L is not finite returned (for
 * comp_end; 0 otherwise). *APPLIED: the gains were multiplied into the
 * lanes' channels CH (N_CH, at OFF) here (exp2_rows, or apply_one at one
 * frame) and not stored; else they are in XL for dyn_apply_lanes. */
static unsigned
LANES_FN (comp_gain_lanes) (MdComp *const *c, unsigned n_lanes, float (*xl)[MD_DYN_PIECE],
                 float (*mk)[MD_DYN_PIECE], const float *mk_const, unsigned len, bool last,
                 float *const *const *ch, const unsigned *n_ch, unsigned off, bool *applied)
{
  enum { H = MD_DYN_MAX_LANES / LANES_W };
  VF y[H], ca[H], cr[H], w[H], wt[H], ws[H], gr[H], ms[H], mkc[H];
  const VF zero = SPLAT (0.0f), one = SPLAT (1.0f);
  const VF three = SPLAT (3.0f), two = SPLAT (2.0f);
  const VF l2db = SPLAT (LOG2_PER_DB);
  const VF floor120 = SPLAT (-120.0f);

  const float *blk[MD_DYN_MAX_LANES];
  float *sblk[MD_DYN_MAX_LANES];
  float dump[8];

  /* the eight floats from Y_L on (MdComp's lane block) of the used
   * lanes' groups through transposes, zeros for unused lanes; written
   * back the same way (SBLK: unused lanes into DUMP); the makeup at rest
   * from MK_CONST as it is (MD_DYN_MAX_LANES floats, the unused lanes'
   * harmless) */
  /* FUSED (4 lanes, every group full): each group loaded, run and
   * written back in one go in the loop below, as in the gate */
  const bool fused = LANES_W == 4 && n_lanes % LANES_W == 0;
  unsigned bad_fused = 0;

  for (unsigned j = 0; j < MD_DYN_MAX_LANES && n_lanes % LANES_W != 0; j++)
    {
      blk[j] = j < n_lanes ? &c[j]->y_l : zero_row;
      sblk[j] = j < n_lanes ? &c[j]->y_l : dump;
    }
  for (unsigned h = 0; h < H && !fused; h++)
    {
      if (LANES_W * (h + 1) <= n_lanes)
        {
          const float *r_[LANES_W] = GROUP_ROWS (c, y_l, LANES_W * h);

          LOADBLK (r_, 0, y[h], ca[h], cr[h], w[h], ws[h], gr[h], wt[h], ms[h]);
        }
      else if (LANES_W * h < n_lanes)
        LOADBLK (blk, LANES_W * h, y[h], ca[h], cr[h], w[h], ws[h], gr[h], wt[h], ms[h]);
      else
        y[h] = ca[h] = cr[h] = w[h] = ws[h] = gr[h] = wt[h] = ms[h] = zero;
      mkc[h] = mk_const ? *(const VFU *) (mk_const + LANES_W * h) : zero;
    }

/* FADE 0: every lane at full weight (see GATE_STEP). S: the prefix of
 * the group's state (A_ or B_) */
#define COMP_STEP(S, x, m, FADE)                                            \
  do {                                                                      \
    VI up_ = (x) > S##y;                                                    \
    VF cc_ = SELV (up_, S##ca, S##cr);                                      \
    VF t_;                                                                  \
    S##y = S##y + ((x) - S##y) * cc_;                                       \
    if (FADE)                                                               \
      {                                                                     \
        VF v_ = S##w + S##ws, ww_;                                          \
        v_ = MAXV (v_, zero);                                               \
        v_ = MINV (v_, one);                                                \
        S##w = SELV (S##w != S##wt, v_, S##w);                              \
        ww_ = S##w * S##w * (three - two * S##w);   /* smoothstep fade */   \
        t_ = ww_ * S##y;                                                    \
        S##gr = MAXV (S##gr, t_);                                           \
        t_ = ww_ * ((m) - S##y) * l2db;                                     \
      }                                                                     \
    else                                                                    \
      {                                                                     \
        S##gr = MAXV (S##gr, S##y);                                         \
        t_ = ((m) - S##y) * l2db;                                           \
      }                                                                     \
    (x) = MAXV (t_, floor120);                                              \
  } while (0)
/* four frames of group HH (state S) at I: the detector's steps, exp2v
 * (with ROWS_W later, along the rows) */
#define COMP_FOUR(S, hh, FADE, MKC)                                         \
  do {                                                                      \
    VF r0, r1, r2, r3, m0, m1, m2, m3;                                      \
    LOAD4 (xl, LANES_W * (hh), i, r0, r1, r2, r3);                          \
    if (MKC)                                                                \
      m0 = m1 = m2 = m3 = S##mkc;                                           \
    else                                                                    \
      LOAD4 (mk, LANES_W * (hh), i, m0, m1, m2, m3);                        \
    COMP_STEP (S, r0, m0, FADE);                                            \
    COMP_STEP (S, r1, m1, FADE);                                            \
    COMP_STEP (S, r2, m2, FADE);                                            \
    COMP_STEP (S, r3, m3, FADE);                                            \
    if (!ROWS_W)                                                            \
      {                                                                     \
        r0 = exp2v (r0);                                                    \
        r1 = exp2v (r1);                                                    \
        r2 = exp2v (r2);                                                    \
        r3 = exp2v (r3);                                                    \
      }                                                                     \
    STORE4 (xl, LANES_W * (hh), i, r0, r1, r2, r3);                         \
  } while (0)
/* (every lane of COMP_ONE's X and M is set; GCC 12 does not see it in the
 * 4-wide pair loop, and zeroing them first costs the 8-wide kernel) */
#if LANES_W == 4
#define ONE_INIT = ZERO_F
#else
#define ONE_INIT
#endif
/* one frame of group HH (state S) at I, lane by lane in and out (exp2v
 * here unless ROWS) */
#define COMP_ONE(S, hh, FADE, MKC)                                          \
  do {                                                                      \
    VF x ONE_INIT, m ONE_INIT;                                              \
    for (unsigned k = 0; k < LANES_W; k++)                                  \
      {                                                                     \
        x[k] = xl[LANES_W * (hh) + k][i];                                   \
        m[k] = MKC ? S##mkc[k] : mk[LANES_W * (hh) + k][i];                 \
      }                                                                     \
    COMP_STEP (S, x, m, FADE);                                              \
    if (!rows)                                                              \
      x = exp2v (x);                                                        \
    if (len == 1)                                                           \
      apply_one (x, (1u << N_USED1 (hh)) - 1u, ch + LANES_W * (hh),         \
                 n_ch + LANES_W * (hh), off, false);                        \
    else                                                                    \
      for (unsigned k = 0; k < LANES_W; k++)                                \
        xl[LANES_W * (hh) + k][i] = x[k];                                   \
  } while (0)
/* group H alone (state A_), or groups H and H + 1 (A_, B_) in one loop:
 * their recursions are independent, so the two chains of dependent
 * operations overlap (one group's detector is latency-bound) */
/* eight frames of group HH (state S) at I, the makeup from the register
 * (MKC) and at full weight: one 8x8 transpose each way (LOAD8, STORE8)
 * instead of four 4x4 ones; the gains as log2 (ROWS_W) */
#if LANES_W == 8
#define COMP_EIGHT(S, hh)                                                   \
  do {                                                                      \
    VF r0, r1, r2, r3, r4, r5, r6, r7;                                      \
    LOAD8 (xl, LANES_W * (hh), i, r0, r1, r2, r3, r4, r5, r6, r7);          \
    COMP_STEP (S, r0, S##mkc, 0);                                           \
    COMP_STEP (S, r1, S##mkc, 0);                                           \
    COMP_STEP (S, r2, S##mkc, 0);                                           \
    COMP_STEP (S, r3, S##mkc, 0);                                           \
    COMP_STEP (S, r4, S##mkc, 0);                                           \
    COMP_STEP (S, r5, S##mkc, 0);                                           \
    COMP_STEP (S, r6, S##mkc, 0);                                           \
    COMP_STEP (S, r7, S##mkc, 0);                                           \
    STORE8 (xl, LANES_W * (hh), i, r0, r1, r2, r3, r4, r5, r6, r7);         \
  } while (0)
#define COMP_EIGHTS(FADE, MKC, BODY)                                        \
  do {                                                                      \
    if (!(FADE) && (MKC))                                                   \
      for (; i + 8 <= len; i += 8)                                          \
        BODY;                                                               \
  } while (0)
#else
#define COMP_EIGHTS(FADE, MKC, BODY) do { } while (0)
#endif
/* RUN (COMP_RUN or COMP_RUN2) in the copy for FULL (no fade) and
 * MK_CONST (a makeup at rest), tested once per lane group, not per frame */
#define COMP_PICK(RUN)                                                      \
  do {                                                                      \
    if (full && mk_const)                                                   \
      RUN (0, 1);                                                           \
    else if (full)                                                          \
      RUN (0, 0);                                                           \
    else if (mk_const)                                                      \
      RUN (1, 1);                                                           \
    else                                                                    \
      RUN (1, 0);                                                           \
  } while (0)
#define COMP_RUN(FADE, MKC)                                                 \
  do {                                                                      \
    COMP_EIGHTS (FADE, MKC, COMP_EIGHT (A_, h));                            \
    for (; i + 4 <= len; i += 4)                                            \
      COMP_FOUR (A_, h, FADE, MKC);                                         \
    for (; i < len; i++)                                                    \
      COMP_ONE (A_, h, FADE, MKC);                                          \
  } while (0)
#define COMP_RUN2(FADE, MKC)                                                \
  do {                                                                      \
    COMP_EIGHTS (FADE, MKC, { COMP_EIGHT (A_, h); COMP_EIGHT (B_, h + 1); }); \
    for (; i + 4 <= len; i += 4)                                            \
      {                                                                     \
        COMP_FOUR (A_, h, FADE, MKC);                                       \
        COMP_FOUR (B_, h + 1, FADE, MKC);                                   \
      }                                                                     \
    for (; i < len; i++)                                                    \
      {                                                                     \
        COMP_ONE (A_, h, FADE, MKC);                                        \
        COMP_ONE (B_, h + 1, FADE, MKC);                                    \
      }                                                                     \
  } while (0)
#define COMP_LOAD(S, hh)                                                    \
  VF S##y = y[hh], S##ca = ca[hh], S##cr = cr[hh], S##w = w[hh];            \
  VF S##wt = wt[hh];                                                        \
  /* the weight's step toward its target: +w_step or -w_step */            \
  VF S##ws = SELV (S##wt > S##w, ws[hh], -ws[hh]);                          \
  VF S##gr = gr[hh], S##mkc = mkc[hh]
#define COMP_SAVE(S, hh)                                                    \
  do {                                                                      \
    y[hh] = S##y;                                                           \
    w[hh] = S##w;                                                           \
    gr[hh] = S##gr;                                                         \
  } while (0)
#define N_USED(hh) (n_lanes > LANES_W * (hh) ? n_lanes - LANES_W * (hh) : 0)
#define N_USED1(hh) (N_USED (hh) < LANES_W ? N_USED (hh) : LANES_W)

  /* exp2v along the rows afterwards (ROWS_W) if the loop over four
   * frames runs */
  const bool rows = ROWS_W && len >= 4;

  /* groups without a used lane are left out; the used ones in pairs (a
   * pair's state stays in registers) and the last one alone. MK_CONST:
   * every lane's makeup is the same all through the piece (at rest, the
   * usual case): from a register, MK not read. A pair runs without the
   * fade only if both groups are at full weight (the fade's steps leave
   * a lane at full weight bit for bit as it is, see GATE_STEP) */
  for (unsigned h = 0; h < H && LANES_W * h < n_lanes; h += PAIRS || fused ? 2 : 1)
    {
      unsigned i = 0;

      /* two full groups of four fused in one loop (their detectors'
       * chains overlap: each is latency-bound), a last odd one alone */
      if (fused && LANES_W * (h + 1) < n_lanes)
        {
          const unsigned j = LANES_W * h;
          float *r_[8] = { &c[j]->y_l, &c[j + 1]->y_l, &c[j + 2]->y_l, &c[j + 3]->y_l,
                           &c[j + 4]->y_l, &c[j + 5]->y_l, &c[j + 6]->y_l, &c[j + 7]->y_l };
          VF A_y, A_ca, A_cr, A_w, wsa_, A_gr, A_wt, A_ms;
          VF B_y, B_ca, B_cr, B_w, wsb_, B_gr, B_wt, B_ms;

          LOADBLK (r_, 0, A_y, A_ca, A_cr, A_w, wsa_, A_gr, A_wt, A_ms);
          LOADBLK (r_, 4, B_y, B_ca, B_cr, B_w, wsb_, B_gr, B_wt, B_ms);

          const VF A_mkc = mk_const ? *(const VFU *) (mk_const + j) : zero;
          const VF B_mkc = mk_const ? *(const VFU *) (mk_const + j + LANES_W) : zero;
          const VF A_ws = SELV (A_wt > A_w, wsa_, -wsa_);
          const VF B_ws = SELV (B_wt > B_w, wsb_, -wsb_);
          bool full = all_full (A_w, A_wt, LANES_W) && all_full (B_w, B_wt, LANES_W);

          COMP_PICK (COMP_RUN2);
          if (last)
            {
              VI nfa = ~(ABSV (A_y) <= SPLAT (__FLT_MAX__));
              VI nfb = ~(ABSV (B_y) <= SPLAT (__FLT_MAX__));

              bad_fused |= (MASKV (nfa) | MASKV (nfb) << LANES_W) << j;
              A_y = SELV (~nfa & (A_y < SPLAT (1e-20f)), zero, A_y);
              B_y = SELV (~nfb & (B_y < SPLAT (1e-20f)), zero, B_y);
            }
          STOREBLK (r_, 0, A_y, A_ca, A_cr, A_w, wsa_, A_gr, A_wt, A_ms);
          STOREBLK (r_, 4, B_y, B_ca, B_cr, B_w, wsb_, B_gr, B_wt, B_ms);
          continue;
        }
      if (fused)
        {
          const unsigned j = LANES_W * h;
          float *r_[4] = { &c[j]->y_l, &c[j + 1]->y_l, &c[j + 2]->y_l, &c[j + 3]->y_l };
          VF A_y, A_ca, A_cr, A_w, ws_, A_gr, A_wt, A_ms;

          LOADBLK (r_, 0, A_y, A_ca, A_cr, A_w, ws_, A_gr, A_wt, A_ms);

          const VF A_mkc = mk_const ? *(const VFU *) (mk_const + j) : zero;
          const VF A_ws = SELV (A_wt > A_w, ws_, -ws_);
          bool full = all_full (A_w, A_wt, LANES_W);

          COMP_PICK (COMP_RUN);
          if (last)
            {
              VI nf = ~(ABSV (A_y) <= SPLAT (__FLT_MAX__));

              bad_fused |= MASKV (nf) << j;
              A_y = SELV (~nf & (A_y < SPLAT (1e-20f)), zero, A_y);
            }
          STOREBLK (r_, 0, A_y, A_ca, A_cr, A_w, ws_, A_gr, A_wt, A_ms);
          continue;
        }
      if (PAIRS && h + 1 < H && LANES_W * (h + 1) < n_lanes)
        {
          COMP_LOAD (A_, h);
          COMP_LOAD (B_, h + 1);
          bool full = all_full (A_w, A_wt, N_USED (h))
                      && all_full (B_w, B_wt, N_USED (h + 1));

          COMP_PICK (COMP_RUN2);
          COMP_SAVE (A_, h);
          COMP_SAVE (B_, h + 1);
        }
      else
        {
          COMP_LOAD (A_, h);
          bool full = all_full (A_w, A_wt, N_USED (h));

          COMP_PICK (COMP_RUN);
          COMP_SAVE (A_, h);
        }
    }
#undef N_USED1
#undef N_USED
  if (rows)
    exp2_rows ((const float (*)[MD_DYN_PIECE]) xl, n_lanes, len, ch, n_ch, off);
  *applied = rows || len == 1;
#undef COMP_SAVE
#undef COMP_LOAD
#undef COMP_RUN2
#undef COMP_PICK
#undef COMP_EIGHTS
#undef COMP_EIGHT
#undef COMP_ONE
#undef ONE_INIT
#undef COMP_FOUR
#undef COMP_RUN
#undef COMP_STEP

  /* LAST (the call's last piece): comp_end's flush of y_l (below 1e-20:
   * 0) done here, on the finite lanes; the others' bits returned (for
   * comp_end, which resets them) */
  unsigned bad = bad_fused;

  if (last && !fused)
    for (unsigned h = 0; h < H && LANES_W * h < n_lanes; h++)
      {
        VI nf = ~(ABSV (y[h]) <= SPLAT (__FLT_MAX__));

        bad |= MASKV (nf) << (LANES_W * h);
        y[h] = SELV (~nf & (y[h] < SPLAT (1e-20f)), zero, y[h]);
      }
  for (unsigned h = 0; h < H && LANES_W * h < n_lanes && !fused; h++)
    if (LANES_W * (h + 1) <= n_lanes)
      {
        float *r_[LANES_W] = GROUP_ROWS (c, y_l, LANES_W * h);

        STOREBLK (r_, 0, y[h], ca[h], cr[h], w[h], ws[h], gr[h], wt[h], ms[h]);
      }
    else
      STOREBLK (sblk, LANES_W * h, y[h], ca[h], cr[h], w[h], ws[h], gr[h], wt[h], ms[h]);
  return n_lanes < 32 ? bad & ((1u << n_lanes) - 1) : bad;
}

#undef all_full
#undef gate_rows
#undef GATE_ROWS_MIN
#undef GATE_ROWS_W
#undef exp2_rows
#undef EXP2_A
#undef EXP2_B
#undef EXP2_C
#undef ROWS_W
#undef exp2v
#undef apply_one
#undef GROUP_ROWS
#undef ABSV
#undef PAIRS
#undef SPLAT
