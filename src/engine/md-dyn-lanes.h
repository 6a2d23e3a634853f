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
 * of floats, through transposes), MINV and MAXV (a < b ? a : b and
 * a > b ? a : b per lane: x86 minps/maxps), ANYV (a mask VI with any lane
 * set), IOTA_I (the lane numbers), and md-dyn.c's helpers.
 */

#define SPLAT(x) (ZERO_F + (x))
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
 * 0 store 1 without the exp2. */
static unsigned
LANES_FN (gate_gain_lanes) (MdGate *const *g, unsigned n_lanes, const float *const *k0,
                            const float *const *k1, float (*gain)[MD_DYN_PIECE], unsigned len)
{
  enum { H = MD_DYN_MAX_LANES / LANES_W };
  VF w[H], wt[H], ws[H], gdb[H], rng[H], att[H], rel[H], openl[H], closel[H], amax[H];
  VI open[H], hold[H], holdn[H], nz[H];
  unsigned active = 0;
  const VF zero = SPLAT (0.0f), one = SPLAT (1.0f);
  const VF three = SPLAT (3.0f), two = SPLAT (2.0f);
  const VF l2db = SPLAT (LOG2_PER_DB);
  const VF floor120 = SPLAT (-120.0f);
  const VI izero = ZERO_I;

  for (unsigned h = 0; h < H; h++)
    {
      w[h] = wt[h] = ws[h] = gdb[h] = rng[h] = att[h] = rel[h] = zero;
      openl[h] = closel[h] = amax[h] = zero;
      open[h] = hold[h] = holdn[h] = nz[h] = izero;
    }
  for (unsigned j = 0; j < n_lanes; j++)
    {
      const MdGate *gj = g[j];
      unsigned h = j / LANES_W, k = j % LANES_W;

      w[h][k] = gj->w;
      wt[h][k] = gj->on ? 1.0f : 0.0f;
      ws[h][k] = gj->w_step;
      gdb[h][k] = gj->g_db;
      rng[h][k] = gj->range_f;
      att[h][k] = gj->att_step_db;
      rel[h][k] = gj->rel_step_db;
      openl[h][k] = gj->open_lin;
      closel[h][k] = gj->close_lin;
      amax[h][k] = gj->att_max_db;
      open[h][k] = gj->open ? -1 : 0;
      hold[h][k] = (int32_t) gj->hold_left;
      holdn[h][k] = (int32_t) gj->hold_n;
    }
/* FADE 0: every lane of the group at full weight (w = target = 1), where
 * the smoothstep weight is exactly 1 and multiplying by it changes no bit:
 * the weight's update and product are left out (fewer live vectors, no
 * spills) */
#define GATE_STEP(l, FADE)                                                  \
  do {                                                                      \
    VF target_, up_, dn_, gain_, t_;                                        \
    VI c1_, o1_, hpos_, rs_;                                                \
    /* open: a sample at or above the close threshold restarts the hold    \
     * timer, else the timer runs down (hold + (-1) where it is positive),  \
     * then the gate closes; closed: a sample at or above the open          \
     * threshold opens it (and starts the timer). A closed gate's timer is  \
     * 0 (it closes only there; it opens with a full one), so "restart"    \
     * is one select and the run-down and "stays open" need no other. */   \
    c1_ = (l) >= L_closel;                                                  \
    o1_ = (l) >= L_openl;                                                   \
    hpos_ = L_hold > izero;                                                 \
    rs_ = SELI (L_open, c1_, o1_);                                          \
    L_hold = SELI (rs_, L_holdn, L_hold + hpos_);                           \
    L_open = rs_ | hpos_;                                                   \
    /* toward 0 dB (open) or the range (closed) */                          \
    target_ = SELV (L_open, zero, L_rng);                                   \
    up_ = L_gdb + L_att;                                                    \
    up_ = MINV (up_, target_);                                              \
    dn_ = L_gdb - L_rel;                                                    \
    dn_ = MAXV (dn_, target_);                                              \
    L_gdb = SELV (L_gdb < target_, up_, dn_);                               \
    if (FADE)                                                               \
      {                                                                     \
        VF wu_ = L_w + L_ws, wd_ = L_w - L_ws;                              \
        wu_ = MINV (wu_, one);                                              \
        wd_ = MAXV (wd_, zero);                                             \
        L_w = SELV (L_w != L_wt, SELV (L_w < L_wt, wu_, wd_), L_w);         \
        gain_ = L_w * L_w * (three - two * L_w) * L_gdb; /* smoothstep */   \
      }                                                                     \
    else                                                                    \
      gain_ = L_gdb;                                                        \
    L_amax = MAXV (L_amax, -gain_);                                         \
    t_ = gain_ * l2db;                                                      \
    (l) = MAXV (t_, floor120);                                              \
  } while (0)
#define GATE_RUN(FADE, TWO)                                                 \
  do {                                                                      \
    for (; i + 4 <= len; i += 4)                                            \
      {                                                                     \
        VF r0, r1, r2, r3, s0, s1, s2, s3;                                  \
        VI nz_;                                                             \
        LOAD4 (k0, LANES_W * h, i, r0, r1, r2, r3); /* r0: frame i */      \
        if (TWO)                                                            \
          {                                                                 \
            LOAD4 (k1, LANES_W * h, i, s0, s1, s2, s3);                     \
            r0 = MAXV (ABSV (r0), ABSV (s0));                               \
            r1 = MAXV (ABSV (r1), ABSV (s1));                               \
            r2 = MAXV (ABSV (r2), ABSV (s2));                               \
            r3 = MAXV (ABSV (r3), ABSV (s3));                               \
          }                                                                 \
        else                                                                \
          {                                                                 \
            r0 = ABSV (r0);                                                 \
            r1 = ABSV (r1);                                                 \
            r2 = ABSV (r2);                                                 \
            r3 = ABSV (r3);                                                 \
          }                                                                 \
        GATE_STEP (r0, FADE);                                               \
        GATE_STEP (r1, FADE);                                               \
        GATE_STEP (r2, FADE);                                               \
        GATE_STEP (r3, FADE);                                               \
        nz_ = (r0 != zero) | (r1 != zero) | (r2 != zero) | (r3 != zero);    \
        L_nz |= nz_;                                                        \
        /* gates resting open (every gain 2^0) skip the exp2 */            \
        if (ANYV (nz_))                                                     \
          {                                                                 \
            r0 = exp2v (r0);                                                \
            r1 = exp2v (r1);                                                \
            r2 = exp2v (r2);                                                \
            r3 = exp2v (r3);                                                \
          }                                                                 \
        else                                                                \
          r0 = r1 = r2 = r3 = one;                                          \
        STORE4 (gain, LANES_W * h, i, r0, r1, r2, r3);                      \
      }                                                                     \
    for (; i < len; i++)                                                    \
      {                                                                     \
        VF l = zero;                                                        \
        for (unsigned k = 0; k < LANES_W; k++)                              \
          l[k] = TWO ? max_f (fabsf (k0[LANES_W * h + k][i]),               \
                              fabsf (k1[LANES_W * h + k][i]))               \
                     : fabsf (k0[LANES_W * h + k][i]);                      \
        GATE_STEP (l, FADE);                                                \
        L_nz |= l != zero;                                                  \
        l = exp2v (l);                                                      \
        for (unsigned k = 0; k < LANES_W; k++)                              \
          gain[LANES_W * h + k][i] = l[k];                                  \
      }                                                                     \
  } while (0)

  /* one group of LANES_W lanes at a time: its state stays in registers;
   * groups without a used lane are left out */
  for (unsigned h = 0; h < H && LANES_W * h < n_lanes; h++)
    {
      VF L_w = w[h], L_wt = wt[h], L_ws = ws[h], L_gdb = gdb[h], L_rng = rng[h];
      VF L_att = att[h], L_rel = rel[h], L_openl = openl[h], L_closel = closel[h];
      VF L_amax = amax[h];
      VI L_open = open[h], L_hold = hold[h], L_holdn = holdn[h], L_nz = nz[h];
      unsigned i = 0;

      /* K1 NULL: no lane has two channels */
      if (all_full (L_w, L_wt, n_lanes > LANES_W * h ? n_lanes - LANES_W * h : 0))
        {
          if (k1)
            GATE_RUN (0, 1);
          else
            GATE_RUN (0, 0);
        }
      else if (k1)
        GATE_RUN (1, 1);
      else
        GATE_RUN (1, 0);
      w[h] = L_w;
      gdb[h] = L_gdb;
      amax[h] = L_amax;
      open[h] = L_open;
      hold[h] = L_hold;
      nz[h] = L_nz;
    }
#undef GATE_RUN
#undef GATE_STEP
  for (unsigned j = 0; j < n_lanes; j++)
    {
      MdGate *gj = g[j];
      unsigned h = j / LANES_W, k = j % LANES_W;

      gj->w = w[h][k];
      gj->g_db = gdb[h][k];
      gj->open = open[h][k] != 0;
      gj->hold_left = (unsigned) hold[h][k];
      gj->att_max_db = amax[h][k];
      active |= (nz[h][k] != 0) << j;
    }
  return active;
}

/* Detector, fade and gain of N_LANES (1..MD_DYN_MAX_LANES) compressors in
 * lockstep: XL[j] (x_L, dB) and MK[j] (makeup, dB; or, if MK_CONST is
 * not NULL, MK_CONST[j] for every frame) in, the linear gain (exp2v of
 * the gain as log2, clamped at -120) out in XL[j], LEN frames. Per lane
 * exactly the scalar recursion: the smooth branching detector (x_L ->
 * y_L), the on/off weight, the reduction meter, the gain. Frames move
 * four at a time through 4x4 transposes, as in the gate. */
static void
LANES_FN (comp_gain_lanes) (MdComp *const *c, unsigned n_lanes, float (*xl)[MD_DYN_PIECE],
                 float (*mk)[MD_DYN_PIECE], const float *mk_const, unsigned len)
{
  enum { H = MD_DYN_MAX_LANES / LANES_W };
  VF y[H], ca[H], cr[H], w[H], wt[H], ws[H], gr[H], mkc[H];
  const VF zero = SPLAT (0.0f), one = SPLAT (1.0f);
  const VF three = SPLAT (3.0f), two = SPLAT (2.0f);
  const VF l2db = SPLAT (LOG2_PER_DB);
  const VF floor120 = SPLAT (-120.0f);

  for (unsigned h = 0; h < H; h++)
    y[h] = ca[h] = cr[h] = w[h] = wt[h] = ws[h] = gr[h] = mkc[h] = zero;
  for (unsigned j = 0; j < n_lanes; j++)
    {
      const MdComp *cj = c[j];
      unsigned h = j / LANES_W, k = j % LANES_W;
      float wtj = cj->on ? 1.0f : 0.0f;

      y[h][k] = cj->y_l;
      ca[h][k] = cj->c_att;
      cr[h][k] = cj->c_rel;
      w[h][k] = cj->w;
      wt[h][k] = wtj;
      ws[h][k] = cj->w_step;
      gr[h][k] = cj->gr_max_db;
      if (mk_const)
        mkc[h][k] = mk_const[j];
    }

/* FADE 0: every lane at full weight (see GATE_STEP) */
#define COMP_STEP(x, m, FADE)                                               \
  do {                                                                      \
    VI up_ = (x) > L_y;                                                     \
    VF cc_ = SELV (up_, L_ca, L_cr);                                        \
    VF t_;                                                                  \
    L_y = L_y + ((x) - L_y) * cc_;                                          \
    if (FADE)                                                               \
      {                                                                     \
        VF v_ = L_w + L_ws, ww_;                                            \
        v_ = MAXV (v_, zero);                                               \
        v_ = MINV (v_, one);                                                \
        L_w = SELV (L_w != L_wt, v_, L_w);                                  \
        ww_ = L_w * L_w * (three - two * L_w);      /* smoothstep fade */   \
        t_ = ww_ * L_y;                                                     \
        L_gr = MAXV (L_gr, t_);                                             \
        t_ = ww_ * ((m) - L_y) * l2db;                                      \
      }                                                                     \
    else                                                                    \
      {                                                                     \
        L_gr = MAXV (L_gr, L_y);                                            \
        t_ = ((m) - L_y) * l2db;                                            \
      }                                                                     \
    (x) = MAXV (t_, floor120);                                              \
  } while (0)
#define COMP_RUN(FADE, MKC)                                                 \
  do {                                                                      \
    for (; i + 4 <= len; i += 4)                                            \
      {                                                                     \
        VF r0, r1, r2, r3, m0, m1, m2, m3;                                  \
        LOAD4 (xl, LANES_W * h, i, r0, r1, r2, r3);                         \
        if (MKC)                                                            \
          m0 = m1 = m2 = m3 = L_mkc;                                        \
        else                                                                \
          LOAD4 (mk, LANES_W * h, i, m0, m1, m2, m3);                       \
        COMP_STEP (r0, m0, FADE);                                           \
        COMP_STEP (r1, m1, FADE);                                           \
        COMP_STEP (r2, m2, FADE);                                           \
        COMP_STEP (r3, m3, FADE);                                           \
        r0 = exp2v (r0);                                                    \
        r1 = exp2v (r1);                                                    \
        r2 = exp2v (r2);                                                    \
        r3 = exp2v (r3);                                                    \
        STORE4 (xl, LANES_W * h, i, r0, r1, r2, r3);                        \
      }                                                                     \
    for (; i < len; i++)                                                    \
      {                                                                     \
        VF x, m;                                                            \
        for (unsigned k = 0; k < LANES_W; k++)                              \
          {                                                                 \
            x[k] = xl[LANES_W * h + k][i];                                  \
            m[k] = MKC ? L_mkc[k] : mk[LANES_W * h + k][i];                 \
          }                                                                 \
        COMP_STEP (x, m, FADE);                                             \
        x = exp2v (x);                                                      \
        for (unsigned k = 0; k < LANES_W; k++)                              \
          xl[LANES_W * h + k][i] = x[k];                                    \
      }                                                                     \
  } while (0)

  /* one group of LANES_W lanes at a time: its state stays in registers;
   * groups without a used lane are left out */
  for (unsigned h = 0; h < H && LANES_W * h < n_lanes; h++)
    {
      /* the weight's step toward its target: +w_step or -w_step */
      VF L_y = y[h], L_ca = ca[h], L_cr = cr[h], L_w = w[h], L_wt = wt[h];
      VF L_ws = SELV (L_wt > L_w, ws[h], -ws[h]);
      VF L_gr = gr[h], L_mkc = mkc[h];
      unsigned i = 0;

      bool full = all_full (L_w, L_wt, n_lanes > LANES_W * h ? n_lanes - LANES_W * h : 0);

      /* MK_CONST: every lane's makeup is the same all through the piece
       * (at rest, the usual case): from a register, MK not read */
      if (full && mk_const)
        COMP_RUN (0, 1);
      else if (full)
        COMP_RUN (0, 0);
      else if (mk_const)
        COMP_RUN (1, 1);
      else
        COMP_RUN (1, 0);
      y[h] = L_y;
      w[h] = L_w;
      gr[h] = L_gr;
    }
#undef COMP_RUN
#undef COMP_STEP

  for (unsigned j = 0; j < n_lanes; j++)
    {
      MdComp *cj = c[j];
      unsigned h = j / LANES_W, k = j % LANES_W;

      cj->y_l = y[h][k];
      cj->w = w[h][k];
      cj->gr_max_db = gr[h][k];
    }
}

#undef all_full
#undef exp2v
#undef ABSV
#undef SPLAT
