/* md-dyn.c: gate/expander and compressor.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-dyn.h"

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* run-time CPU dispatch for the lockstep kernels (baseline x86-64 and
 * AVX2, no FMA: both give the same bits); not under ThreadSanitizer */
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && !defined(MD_NO_TARGET_CLONES)
#define MD_DYN_CLONES __attribute__ ((target_clones ("avx2", "default")))
#define MD_DYN_AVX2 1
#else
#define MD_DYN_CLONES
#endif

#define ROUND8(n) (((n) + 7u) & ~7u)    /* <= MD_DYN_CHUNK for n <= MD_DYN_CHUNK */

#define DB_PER_LOG2   6.0205999132796239f    /* 20 log10 2 */
#define LOG2_PER_DB   0.16609640474436813f   /* 1 / (20 log10 2) */
#define LEVEL_FLOOR   1e-10f                 /* -200 dBFS */

/* x86 maxps/minps semantics; unlike fmaxf/fminf these vectorise without
 * -ffast-math. */
static inline float
max_f (float a, float b)
{
  return a > b ? a : b;
}

static inline float
min_f (float a, float b)
{
  return a < b ? a : b;
}

/* log2 (x) for finite x >= LEVEL_FLOOR (normal floats). Split x = m 2^e
 * with m in [sqrt(1/2), sqrt(2)) (by integer arithmetic on the bits,
 * branch-free so the loops vectorise), then log2 m = t P(t), t = m - 1,
 * P of degree 4 fitted by the Remez exchange to the absolute error of
 * log2 on that interval (|error| <= 1.5e-5 in theory, tests/test-dyn
 * checks 2e-5 in float; 9e-5 dB): no division, exactly 0 at x = 1. */
static inline float
log2_bits (int32_t u)
{
  int32_t e;
  float m, t;

  e = (u - 0x3f3504f3) >> 23;                  /* 0x3f3504f3 = sqrt(1/2) */
  u = (int32_t) ((uint32_t) u - ((uint32_t) e << 23));
  memcpy (&m, &u, sizeof m);
  t = m - 1.0f;
  return (float) e
         + t * (1.44257801f + t * (-0.720241803f + t * (0.486686148f
                + t * (-0.394575374f + t * 0.252660298f))));
}

static inline float
fast_log2 (float x)
{
  int32_t u;

  memcpy (&u, &x, sizeof u);
  return log2_bits (u);
}

/* The bits of max_f (A, B) (A > B ? A : B), by a mask: GCC 12 does not
 * if-convert a select whose result is reinterpreted (fast_log2's bits),
 * so a loop with both would stay scalar. */
static inline int32_t
max_bits (float a, float b)
{
  int32_t ua, ub, m = -(int32_t) (a > b);

  memcpy (&ua, &a, sizeof ua);
  memcpy (&ub, &b, sizeof ub);
  return (ua & m) | (ub & ~m);
}

/* 2^x for x in [-120, 120]: x = i + f, i = round(x), |f| <= 1/2,
 * 2^f = 1 + f Q(f), Q of degree 3 fitted by the Remez exchange to the
 * relative error of 2^f (<= 5.4e-6 in theory, tests/test-dyn checks
 * 1e-5 in float; 4.7e-5 dB); exactly 1.0f at x = 0 and a power of two
 * at every integer x. */
static inline float
fast_exp2 (float x)
{
  int32_t i;
  float f, p, s;
  uint32_t u;

  i = (int32_t) (x + 128.5f) - 128;             /* floor (x + 0.5) */
  f = x - (float) i;
  p = 1.0f + f * (0.693105334f + f * (0.240221678f + f * (0.0560057884f
        + f * 0.00967603712f)));
  u = (uint32_t) (i + 127) << 23;
  memcpy (&s, &u, sizeof s);
  return p * s;
}

float
md_dyn_log2_approx (float x)
{
  return fast_log2 (x);
}

float
md_dyn_exp2_approx (float x)
{
  return fast_exp2 (x);
}

static inline float
clampf (float v, float lo, float hi)
{
  return min_f (max_f (v, lo), hi);
}

/* ---------------------------------------------------------------------- */

static void
sc_design (MdDynSidechain *sc)
{
  md_svf_from_smooth (&sc->sec, &sc->sm);
  md_svf_ramp_start (&sc->sec);
  sc->gen++;                     /* (prepared key sets: MdDynKeySet) */
}

static atomic_ullong sc_serial;

static void
sc_init (MdDynSidechain *sc, double sample_rate)
{
  memset (sc, 0, sizeof *sc);
  sc->serial = atomic_fetch_add_explicit (&sc_serial, 1, memory_order_relaxed) + 1;
  md_biquad_smooth_init (&sc->sm, sample_rate, MD_BIQUAD_HIGHPASS, 80.0, 0.0,
                         0.70710678118654752);
  sc_design (sc);
}

static void
sc_set_freq (MdDynSidechain *sc, double freq_hz)
{
  md_biquad_smooth_set (&sc->sm, MD_BIQUAD_HIGHPASS, freq_hz, 0.0, 0.70710678118654752);
  sc->gen++;
}

/* Sidechain signal of LEN frames at OFF into OUT. PRE, if not NULL, holds
 * the sidechain of these frames already filtered (sc_steady: the filter ran
 * ahead over the whole piece, batched across units). */
static void
sc_run (MdDynSidechain *sc, float *const *ch, unsigned n_ch, unsigned off, unsigned len,
        bool grid, const float *const *pre, float out[MD_DSP_MAX_CH][MD_DYN_CHUNK])
{
  const MdSvfSection *sec = &sc->sec;
  MdSvfState *st[MD_DSP_MAX_CH];
  float *o[MD_DSP_MAX_CH];

  for (unsigned c = 0; c < n_ch; c++)
    {
      memcpy (out[c], pre ? pre[c] : ch[c] + off, len * sizeof (float));
      /* the level passes run over whole groups of 8 (no scalar tails): pad */
      if (len < ROUND8 (len))
        memset (out[c] + len, 0, (ROUND8 (len) - len) * sizeof (float));
    }
  if (pre)
    return;
  if (!sc->on)
    {
      sc->running = false;
      return;
    }
  if (!sc->running)
    {
      md_biquad_smooth_snap (&sc->sm);
      sc_design (sc);
      for (unsigned c = 0; c < n_ch; c++)
        md_svf_prime (&sc->st[c], out[c][0]);
      sc->running = true;
    }
  else if (grid && md_biquad_smooth_moving (&sc->sm))
    {
      md_biquad_smooth_step (&sc->sm);
      sc_design (sc);
    }
  for (unsigned c = 0; c < n_ch; c++)
    {
      st[c] = &sc->st[c];
      o[c] = out[c];
    }
  md_svf_run_unit (&sec, 1, st, n_ch, o, len, 0);
  sc->dirty = true;
}

/* True when the sidechain filter runs on with fixed coefficients in float:
 * then sc_run over a piece does nothing but filter, and the filter can run
 * ahead over the whole piece (sc_prefilter). */
static bool
sc_steady (const MdDynSidechain *sc)
{
  /* (sm.moving: md_biquad_smooth_moving, read in place) */
  return sc->on && sc->running && !sc->sm.moving && !sc->sec.dbl;
}

_Static_assert (MD_DYN_MAX_LANES * MD_DSP_MAX_CH <= 2 * MD_SVF_MAX_LANES,
                "a group's key lanes fit in two lane sets");

/* K (in SC[0]) holds the N sidechains SC[j] with N_CH[j] channels */
static bool
keys_valid (const MdDynKeySet *k, MdDynSidechain *const *sc, const unsigned *n_ch, unsigned n)
{
  if (k->n_units != n)
    return false;
  for (unsigned j = 0; j < n; j++)
    if (k->sc[j] != sc[j] || k->serial[j] != sc[j]->serial || k->gen[j] != sc[j]->gen
        || k->nch[j] != n_ch[j])
      return false;
  return true;
}

/* Prepare the key lanes of SC[0..N-1] into K (SC[0]'s), up to
 * MD_SVF_MAX_LANES channels per set, units split across sets as they come */
static void
keys_build (MdDynKeySet *k, MdDynSidechain *const *sc, const unsigned *n_ch, unsigned n)
{
  MdSvfLane lanes[MD_SVF_MAX_LANES];
  unsigned nl = 0, ns = 0, j0 = 0;

  for (unsigned j = 0; j < n; j++)
    {
      k->sc[j] = sc[j];
      k->serial[j] = sc[j]->serial;
      k->gen[j] = sc[j]->gen;
      k->nch[j] = (unsigned char) n_ch[j];
      for (unsigned c = 0; c < n_ch[j]; c++)
        {
          lanes[nl].c[0] = &sc[j]->sec.c;
          lanes[nl].s[0] = &sc[j]->st[c];
          k->lane_u[ns][nl] = (unsigned char) j;
          k->lane_c[ns][nl++] = (unsigned char) c;
          if (nl == MD_SVF_MAX_LANES)
            {
              md_svf_lane_set1_prepare (&k->set[ns], lanes, nl, 1);
              k->u0[ns] = (unsigned char) j0;
              k->u1[ns++] = (unsigned char) j;
              nl = 0;
              j0 = c + 1 == n_ch[j] ? j + 1 : j;
            }
        }
    }
  if (nl > 0)
    {
      md_svf_lane_set1_prepare (&k->set[ns], lanes, nl, 1);
      k->u0[ns] = (unsigned char) j0;
      k->u1[ns++] = (unsigned char) (n - 1);
    }
  k->n_sets = ns;
  k->n_units = n;
  k->n_builds++;
}

/* The key filters of up to MD_DYN_MAX_LANES units with steady sidechains
 * (SC[j], N_CH[j] channels CH[j] at OFF), LEN frames, into OUT[j][c]:
 * in SVF lanes, up to MD_SVF_MAX_LANES channels at a time, reading the
 * channels and writing OUT (no copy first), bit-identical to sc_run; on
 * the lane sets prepared in SC[0] (rebuilt when they do not hold).
 * Returns true if it marked any unit dirty (a state not finite). */
static bool
sc_prefilter (MdDynSidechain *const *sc, float *const *const *ch, const unsigned *n_ch,
              unsigned n, unsigned off, unsigned len, float *const *const *out)
{
  MdDynKeySet *k = &sc[0]->keys;
  const float *src[2][MD_SVF_MAX_LANES];
  float *dst[2][MD_SVF_MAX_LANES];
  bool dirty = false;

  if (!keys_valid (k, sc, n_ch, n))
    keys_build (k, sc, n_ch, n);
  /* the sets two at a time (four chains in one frame loop: the pass is
   * latency-bound with one set's two), the odd last one alone */
  for (unsigned s = 0; s < k->n_sets; s += 2)
    {
      const unsigned ns = s + 1 < k->n_sets ? 2 : 1;
      unsigned bad;

      for (unsigned h = 0; h < ns; h++)
        for (unsigned l = 0; l < k->set[s + h].n_lanes; l++)
          {
            const unsigned j = k->lane_u[s + h][l], c = k->lane_c[s + h][l];

            src[h][l] = ch[j][c] + off;
            dst[h][l] = out[j][c];
          }
      if (ns == 2)
        bad = md_svf_lane_set1_run2_in (&k->set[s], src[0], dst[0], &k->set[s + 1], src[1],
                                        dst[1], len);
      else
        bad = md_svf_lane_set1_run_in (&k->set[s], src[0], dst[0], len) ? 1u : 0u;
      /* the lane kernel flushes the states; one not finite: the units of
       * that set's lanes sanitize at their end */
      for (unsigned h = 0; h < ns; h++)
        if (bad & (1u << h))
          {
            for (unsigned u = k->u0[s + h]; u <= k->u1[s + h]; u++)
              sc[u]->dirty = true;
            dirty = true;
          }
    }
  return dirty;
}

/* (the lanes' masks fit an unsigned) */
_Static_assert (MD_DYN_MAX_LANES < 32, "lane masks in 32 bits");

/* the lockstep calls clear the unused lanes up to a multiple of 8 (the
 * AVX2 vector group; two SSE2 ones) */
_Static_assert (MD_DYN_MAX_LANES % 8 == 0, "lanes in whole groups of 8");

/* Flush and check the key filter's states, where the lane kernel did not
 * (sc_run, or a state the kernel found not finite). */
static unsigned
sc_sanitize (MdDynSidechain *sc, unsigned n_ch)
{
  if (!sc->dirty)
    return 0;
  sc->dirty = false;
  return md_svf_sanitize_n (sc->st, n_ch);
}

static float
weight_step (double sample_rate)
{
  double n = floor (MD_DSP_XFADE_MS * 0.001 * sample_rate + 0.5);

  return n < 1.0 ? 1.0f : (float) (1.0 / n);
}

/* ---------------------------------------------------------------------- */
/* gate */

void
md_gate_init (MdGate *g, double sample_rate)
{
  memset (g, 0, sizeof *g);
  g->sample_rate = sample_rate;
  g->on = false;
  g->threshold_db = -50.0;
  g->range_db = -40.0;
  g->attack_ms = 1.0;
  g->hold_ms = 50.0;
  g->release_ms = 200.0;
  g->a_threshold_db = NAN;      /* forces the first update */
  g->changed = true;
  g->w = 0.0f;
  g->w_step = weight_step (sample_rate);
  g->open = -1;
  sc_init (&g->sc, sample_rate);
}

/* The setters store and flag (CHANGED): the per-call setup compares the
 * settings with the applied ones only after one ran. */
void md_gate_set_on (MdGate *g, bool on) { g->on = on; g->w_target = on ? 1.0f : 0.0f; }
void md_gate_set_threshold (MdGate *g, double threshold_db) { g->threshold_db = threshold_db; g->changed = true; }
void md_gate_set_range (MdGate *g, double range_db) { g->range_db = range_db; g->changed = true; }
void md_gate_set_attack (MdGate *g, double attack_ms) { g->attack_ms = attack_ms; g->changed = true; }
void md_gate_set_hold (MdGate *g, double hold_ms) { g->hold_ms = hold_ms; g->changed = true; }
void md_gate_set_release (MdGate *g, double release_ms) { g->release_ms = release_ms; g->changed = true; }
void md_gate_set_sc_hpf_on (MdGate *g, bool on) { g->sc.on = on; g->sc.gen++; }
void md_gate_set_sc_hpf_freq (MdGate *g, double freq_hz) { sc_set_freq (&g->sc, freq_hz); }

static inline void gate_update (MdGate *g);

void
md_gate_snap (MdGate *g)
{
  gate_update (g);
  g->w = g->on ? 1.0f : 0.0f;
  g->open = -1;
  g->hold_left = g->hold_n;
  g->g_db = 0.0f;
  g->phase = 0;
  md_biquad_smooth_snap (&g->sc.sm);
  sc_design (&g->sc);
}

float
md_gate_attenuation_db (const MdGate *g)
{
  return g->att_max_db;
}

static inline void
gate_update (MdGate *g)
{
  double fs_ms = g->sample_rate * 0.001;
  double range;

  if (!g->changed)
    return;
  g->changed = false;
  if (g->a_threshold_db == g->threshold_db && g->a_range_db == g->range_db
      && g->a_attack_ms == g->attack_ms && g->a_hold_ms == g->hold_ms
      && g->a_release_ms == g->release_ms)
    return;
  g->a_threshold_db = g->threshold_db;
  g->a_range_db = g->range_db;
  g->a_attack_ms = g->attack_ms;
  g->a_hold_ms = g->hold_ms;
  g->a_release_ms = g->release_ms;

  /* ramp rates from the range, at least 1 dB (a range of 0 dB still lets
   * the gain return from an earlier range) */
  range = g->range_db > -1.0 ? -1.0 : g->range_db;
  g->range_f = g->range_db > 0.0 ? 0.0f : (float) g->range_db;
  g->open_lin = (float) pow (10.0, g->threshold_db / 20.0);
  g->close_lin = (float) pow (10.0, (g->threshold_db - MD_GATE_HYSTERESIS_DB) / 20.0);
  g->att_step_db = g->attack_ms * fs_ms >= 1.0 ? (float) (-range / (g->attack_ms * fs_ms))
                                               : (float) -range;
  g->rel_step_db = g->release_ms * fs_ms >= 1.0 ? (float) (-range / (g->release_ms * fs_ms))
                                                : (float) -range;
  g->hold_n = g->hold_ms > 0.0 ? (int32_t) floor (g->hold_ms * fs_ms + 0.5) : 0;
}

/* The gate runs in three passes per piece of up to MD_DYN_PIECE frames:
 * gate_levels (sidechain, peak level), the gain computer (hysteresis, hold,
 * attack/release, on/off fade: the serial part), and the gain applied.
 * The gain computer always runs in MD_DYN_MAX_LANES vector lanes, so one
 * gate alone (md_gate_process) and gates in lockstep
 * (md_gate_process_multi_ch) share one kernel and agree bit for bit. */

typedef float MdV4f __attribute__ ((vector_size (16)));
typedef float MdV4fu __attribute__ ((vector_size (16), aligned (4)));   /* unaligned */
typedef int32_t MdV4i __attribute__ ((vector_size (16)));

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

/* per-lane selects by a mask (all ones or all zeros per lane) and the
 * minimum and maximum: the lane kernels' and peak_curve's */
#define SELV(m, a, b)                                                       \
  ((__typeof__ (a)) (((m) & (__typeof__ (m)) (a)) | (~(m) & (__typeof__ (m)) (b))))
#define SELI(m, a, b) (((m) & (a)) | (~(m) & (b)))

/* a < b ? a : b and a > b ? a : b per lane, as max_f/min_f (and x86
 * minps/maxps, which return the second operand for NaN or equal zeros) */
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE__))
#define MINV_4(a, b) __builtin_ia32_minps ((a), (b))
#define MAXV_4(a, b) __builtin_ia32_maxps ((a), (b))
#define ANYV_4(m) (__builtin_ia32_movmskps ((MdV4f) (m)) != 0)
#define MASKV_4(m) ((unsigned) __builtin_ia32_movmskps ((MdV4f) (m)))
#else
#define MINV_4(a, b) SELV ((a) < (b), (a), (b))
#define MAXV_4(a, b) SELV ((a) > (b), (a), (b))
#define ANYV_4(m) (((m)[0] | (m)[1] | (m)[2] | (m)[3]) != 0)
#define MASKV_4(m) (((unsigned) (m)[0] & 1u) | ((unsigned) (m)[1] & 2u)       \
                    | ((unsigned) (m)[2] & 4u) | ((unsigned) (m)[3] & 8u))
#endif

/* the gain computer, in lanes (below, with the compressor's) */
static unsigned gate_gain_lanes (MdGate *const *g, unsigned n_lanes, const float *const *k0,
                                 const float *const *k1, float (*gain)[MD_DYN_PIECE],
                                 unsigned len, float *const *const *ch, const unsigned *n_ch,
                                 unsigned off, bool *applied, unsigned *bad);

/* the key rows of lanes without a unit */
static const float zero_row[MD_DYN_PIECE];

/* the gate's lane block: the kernel loads eight floats from W on */
_Static_assert (offsetof (MdGate, w_step) == offsetof (MdGate, w) + 1 * sizeof (float)
                && offsetof (MdGate, g_db) == offsetof (MdGate, w) + 2 * sizeof (float)
                && offsetof (MdGate, range_f) == offsetof (MdGate, w) + 3 * sizeof (float)
                && offsetof (MdGate, att_step_db) == offsetof (MdGate, w) + 4 * sizeof (float)
                && offsetof (MdGate, rel_step_db) == offsetof (MdGate, w) + 5 * sizeof (float)
                && offsetof (MdGate, open_lin) == offsetof (MdGate, w) + 6 * sizeof (float)
                && offsetof (MdGate, close_lin) == offsetof (MdGate, w) + 7 * sizeof (float),
                "MdGate's lane block: w, w_step, g_db, range_f, att/rel_step_db, open/close_lin");
/* and its second: eight from ATT_MAX_DB on */
_Static_assert (offsetof (MdGate, open) == offsetof (MdGate, att_max_db) + 1 * sizeof (float)
                && offsetof (MdGate, hold_left) == offsetof (MdGate, att_max_db) + 2 * sizeof (float)
                && offsetof (MdGate, hold_n) == offsetof (MdGate, att_max_db) + 3 * sizeof (float)
                && offsetof (MdGate, w_target) == offsetof (MdGate, att_max_db) + 4 * sizeof (float)
                && offsetof (MdGate, row_pad) == offsetof (MdGate, att_max_db) + 5 * sizeof (float)
                && sizeof (((MdGate *) 0)->row_pad) == 3 * sizeof (float),
                "MdGate's second lane block: att_max_db, open, hold_left, hold_n, w_target");
/* the compressor's: eight floats from Y_L on */
_Static_assert (offsetof (MdComp, c_att) == offsetof (MdComp, y_l) + 1 * sizeof (float)
                && offsetof (MdComp, c_rel) == offsetof (MdComp, y_l) + 2 * sizeof (float)
                && offsetof (MdComp, w) == offsetof (MdComp, y_l) + 3 * sizeof (float)
                && offsetof (MdComp, w_step) == offsetof (MdComp, y_l) + 4 * sizeof (float)
                && offsetof (MdComp, gr_max_db) == offsetof (MdComp, y_l) + 5 * sizeof (float)
                && offsetof (MdComp, w_target) == offsetof (MdComp, y_l) + 6 * sizeof (float)
                && offsetof (MdComp, ms) == offsetof (MdComp, y_l) + 7 * sizeof (float),
                "MdComp's lane block: y_l, c_att, c_rel, w, w_step, gr_max_db, w_target, ms");
/* and its curve row: eight floats from THR_DB on (curve_lanes) */
_Static_assert (offsetof (MdComp, slope) == offsetof (MdComp, thr_db) + 1 * sizeof (float)
                && offsetof (MdComp, knee) == offsetof (MdComp, thr_db) + 2 * sizeof (float)
                && offsetof (MdComp, hw) == offsetof (MdComp, thr_db) + 3 * sizeof (float)
                && offsetof (MdComp, inv2w) == offsetof (MdComp, thr_db) + 4 * sizeof (float)
                && offsetof (MdComp, dmk) == offsetof (MdComp, thr_db) + 7 * sizeof (float),
                "MdComp's curve row: thr_db, slope, knee, hw, inv2w, mk_from_db, mk_db, dmk");

/* Per-call setup. Returns false if the gate is off (nothing to do). */
static bool
gate_begin (MdGate *g)
{
  g->att_max_db = 0.0f;
  if (!g->on && g->w == 0.0f)
    return false;
  gate_update (g);
  if (g->w == 0.0f)
    {
      /* switching on: start open at 0 dB */
      g->phase = 0;
      g->open = -1;
      g->hold_left = g->hold_n;
      g->g_db = 0.0f;
      g->sc.running = false;
    }
  return true;
}

/* Peak level of the sidechain (both channels linked) of LEN frames at OFF
 * into LVL, for a key filtered here (sc_run: starting or gliding; the
 * other keys go to the gain computer as they are). */
MD_DYN_CLONES static void
gate_levels (MdGate *g, float *const *ch, unsigned n_ch, unsigned off, unsigned len, float *lvl)
{
  float sc[MD_DSP_MAX_CH][MD_DYN_CHUNK];

  for (unsigned j = 0, n; j < len; j += n)
    {
      /* chunks follow the grid of frames processed since switching on, so
       * smoothing steps do not depend on the process-call sizes */
      const unsigned phase = g->phase;

      n = len - j < MD_DYN_CHUNK - phase ? len - j : MD_DYN_CHUNK - phase;
      g->phase = (phase + n) % MD_DYN_CHUNK;
      sc_run (&g->sc, ch, n_ch, off + j, n, phase == 0, NULL, sc);
      for (unsigned i = 0; i < ROUND8 (n); i++)
        sc[0][i] = fabsf (sc[0][i]);
      if (n_ch > 1)
        for (unsigned i = 0; i < ROUND8 (n); i++)
          sc[0][i] = max_f (sc[0][i], fabsf (sc[1][i]));
      memcpy (lvl + j, sc[0], n * sizeof (float));
    }
}

/* The linear gains G[j] (LEN frames, from the lane kernels) applied to
 * the N_CH[j] channels CH[j] at OFF of the lanes j in MASK: one call into
 * the clone per group and piece. */
MD_DYN_CLONES static void
dyn_apply_lanes (float *const *const *ch, const unsigned *n_ch, unsigned n_lanes, unsigned mask,
                 unsigned off, unsigned len, float (*g)[MD_DYN_PIECE])
{
  for (unsigned j = 0; j < n_lanes; j++)
    {
      const float *restrict gj = g[j];

      if (!(mask >> j & 1u))
        continue;
      /* (N_CH[j] is 1 or 2: both channels in one loop, one set-up; one
       * frame without the loop's) */
      float *restrict b0 = ch[j][0] + off;

      if (len == 1)
        {
          b0[0] *= gj[0];
          if (n_ch[j] > 1)
            ch[j][1][off] *= gj[0];
        }
      else if (n_ch[j] > 1)
        {
          float *restrict b1 = ch[j][1] + off;

          for (unsigned i = 0; i < len; i++)
            {
              b0[i] *= gj[i];
              b1[i] *= gj[i];
            }
        }
      else
        for (unsigned i = 0; i < len; i++)
          b0[i] *= gj[i];
    }
}
_Static_assert (MD_DSP_MAX_CH == 2, "dyn_apply_lanes handles 1 or 2 channels");

/* The gain's and the key filter's checks at the call's end, for the lanes
 * that may need them (md_gate_process_multi_ch's CHECK): a gain not
 * finite (the kernel's mask at the last piece), a key filtered here
 * (sc_run) or a state the lane kernel found not finite (sc_prefilter);
 * for the others they would change nothing. */
static void
gate_end (MdGate *g, unsigned n_ch)
{
  if (!isfinite (g->g_db))
    {
      g->g_db = 0.0f;
      g->open = -1;
      g->n_resets++;
    }
  g->n_resets += sc_sanitize (&g->sc, n_ch);
}

void
md_gate_process (MdGate *g, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float *const *chs[1] = { ch };

  md_gate_process_multi_ch (&g, chs, &n_ch, 1, n_frames);
}

void
md_gate_process_multi_ch (MdGate *const *gs, float *const *const *chs, const unsigned *n_ch,
                          unsigned n, unsigned n_frames)
{
  MdGate *lane[MD_DYN_MAX_LANES];
  MdDynSidechain *lsc[MD_DYN_MAX_LANES];
  float *const *lane_ch[MD_DYN_MAX_LANES];
  float *const *pre_ch[MD_DYN_MAX_LANES];
  unsigned lane_nch[MD_DYN_MAX_LANES], pre_nch[MD_DYN_MAX_LANES];
  float lvl[MD_DYN_MAX_LANES][MD_DYN_PIECE];
  float pre[MD_DYN_MAX_LANES][MD_DSP_MAX_CH][MD_DYN_PIECE];
  float *pre_p[MD_DYN_MAX_LANES][MD_DSP_MAX_CH];
  float *const *pre_out[MD_DYN_MAX_LANES];
  const float *k0[MD_DYN_MAX_LANES], *k1[MD_DYN_MAX_LANES];
  unsigned slow[MD_DYN_MAX_LANES];      /* the lanes whose keys move per piece */
  unsigned n_lanes = 0, n_pre = 0, n_slow = 0;
  unsigned check = 0;                   /* the lanes gate_end looks at (see there) */
  bool two = false;                     /* any gate of two channels */

  if (n_frames == 0)
    return;
  for (unsigned i = 0; i <= n; i++)
    {
      if (i < n && n_ch[i] > 0 && gate_begin (gs[i]))
        {
          MdGate *g = gs[i];
          const unsigned j = n_lanes++, nch = n_ch[i] < MD_DSP_MAX_CH ? n_ch[i] : MD_DSP_MAX_CH;

          lane[j] = g;
          lane_ch[j] = chs[i];
          lane_nch[j] = nch;
          two |= nch > 1;
          /* the key, fixed for the call: filtered ahead (steady: into PRE,
           * batched) or the input as it is (no key filter; its rows move
           * with the pieces: in SLOW if there are more than one); else
           * filtered here, per piece (gate_levels, SLOW). The first two
           * only advance the grid's phase, by the call's frames at once */
          if (sc_steady (&g->sc))
            {
              for (unsigned c = 0; c < MD_DSP_MAX_CH; c++)
                pre_p[j][c] = pre[j][c];
              lsc[n_pre] = &g->sc;
              pre_ch[n_pre] = chs[i];
              pre_nch[n_pre] = nch;
              pre_out[n_pre++] = pre_p[j];
              k0[j] = pre[j][0];
              k1[j] = pre[j][nch - 1];
              g->phase = (g->phase + n_frames) % MD_DYN_CHUNK;
            }
          else if (!g->sc.on)
            {
              k0[j] = chs[i][0];
              k1[j] = chs[i][nch - 1];
              g->sc.running = false;
              g->phase = (g->phase + n_frames) % MD_DYN_CHUNK;
              if (n_frames > MD_DYN_PIECE)
                slow[n_slow++] = j;
            }
          else
            {
              slow[n_slow++] = j;
              check |= 1u << j;         /* sc_run: dirty */
            }
        }
      if (n_lanes == MD_DYN_MAX_LANES || (i == n && n_lanes > 0))
        {
          unsigned active, bad = 0;
          bool applied;

          for (unsigned j = n_lanes; j < MD_DYN_MAX_LANES; j++)
            k0[j] = k1[j] = zero_row;
          for (unsigned off = 0, len; off < n_frames; off += len)
            {
              len = n_frames - off < MD_DYN_PIECE ? n_frames - off : MD_DYN_PIECE;
              if (n_pre > 0 && sc_prefilter (lsc, pre_ch, pre_nch, n_pre, off, len, pre_out))
                check = ~0u;
              /* the kernel takes the peak level of the key rows K0, K1
               * (K1 = K0 for mono); a key filtered here goes through
               * gate_levels first (its level in LVL, K0 = K1 = LVL) */
              for (unsigned s = 0; s < n_slow; s++)
                {
                  const unsigned j = slow[s];
                  MdGate *g = lane[j];

                  if (!g->sc.on)
                    {
                      k0[j] = lane_ch[j][0] + off;
                      k1[j] = lane_ch[j][lane_nch[j] - 1] + off;
                    }
                  else
                    {
                      gate_levels (g, lane_ch[j], lane_nch[j], off, len, lvl[j]);
                      k0[j] = k1[j] = lvl[j];
                    }
                }
              active = gate_gain_lanes (lane, n_lanes, k0, two ? k1 : NULL, lvl, len, lane_ch,
                                        lane_nch, off, &applied, &bad);
              /* an open gate's gain is exactly 1 (2^0): nothing to apply;
               * the kernel applies the gains itself at one frame
               * (apply_one) and from four on with 8 lanes (exp2_rows) */
              if (active && !applied)
                dyn_apply_lanes (lane_ch, lane_nch, n_lanes, active, off, len, lvl);
            }
          /* (the last piece's BAD: the gain at the call's end) */
          check |= bad;
          check &= (1u << n_lanes) - 1u;    /* (CHECK may be ~0u) */
          for (; check != 0; check &= check - 1)
            {
              const unsigned j = (unsigned) __builtin_ctz (check);

              gate_end (lane[j], lane_nch[j]);
            }
          n_lanes = n_pre = n_slow = check = 0;
          two = false;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* compressor */

double
md_comp_static_gr_db (double x_db, double threshold_db, double ratio, double knee_db)
{
  double s = ratio >= MD_COMP_RATIO_INF ? 1.0 : 1.0 - 1.0 / (ratio < 1.0 ? 1.0 : ratio);
  double w = knee_db > 0.0 ? knee_db : 0.0;
  double d = x_db - threshold_db;

  if (2.0 * d <= -w)
    return 0.0;
  if (2.0 * d >= w)
    return s * d;
  return s * (d + 0.5 * w) * (d + 0.5 * w) / (2.0 * w);
}

void
md_comp_init (MdComp *c, double sample_rate)
{
  memset (c, 0, sizeof *c);
  c->sample_rate = sample_rate;
  c->on = false;
  c->threshold_db = -20.0;
  c->ratio = 4.0;
  c->knee_db = 6.0;
  c->attack_ms = 10.0;
  c->release_ms = 100.0;
  c->makeup_db = 0.0;
  c->auto_makeup = false;
  c->detect = MD_DYN_DETECT_PEAK;
  c->a_attack_ms = NAN;
  c->a_threshold_db = NAN;      /* forces the first update */
  c->changed = true;
  c->c_rms = (float) (1.0 - exp (-1.0 / (MD_COMP_RMS_MS * 0.001 * sample_rate)));
  c->k_smooth = (float) (1.0 - exp (-MD_DYN_CHUNK / (MD_DSP_SMOOTH_MS * 0.001 * sample_rate)));
  c->w_step = weight_step (sample_rate);
  sc_init (&c->sc, sample_rate);
}

void md_comp_set_on (MdComp *c, bool on) { c->on = on; c->w_target = on ? 1.0f : 0.0f; }
void md_comp_set_threshold (MdComp *c, double threshold_db) { c->threshold_db = threshold_db; c->changed = true; }
void md_comp_set_ratio (MdComp *c, double ratio) { c->ratio = ratio; c->changed = true; }
void md_comp_set_knee (MdComp *c, double knee_db) { c->knee_db = knee_db; c->changed = true; }
void md_comp_set_attack (MdComp *c, double attack_ms) { c->attack_ms = attack_ms; c->changed = true; }
void md_comp_set_release (MdComp *c, double release_ms) { c->release_ms = release_ms; c->changed = true; }
void md_comp_set_makeup (MdComp *c, double makeup_db) { c->makeup_db = makeup_db; c->changed = true; }
void md_comp_set_auto_makeup (MdComp *c, bool on) { c->auto_makeup = on; c->changed = true; }
void md_comp_set_detect (MdComp *c, MdDynDetect detect) { c->detect = detect; }
void md_comp_set_sc_hpf_on (MdComp *c, bool on) { c->sc.on = on; c->sc.gen++; }
void md_comp_set_sc_hpf_freq (MdComp *c, double freq_hz) { sc_set_freq (&c->sc, freq_hz); }

static float comp_makeup_target (const MdComp *c);
static void comp_derive (MdComp *c);

void
md_comp_snap (MdComp *c)
{
  c->w = c->on ? 1.0f : 0.0f;
  c->y_l = 0.0f;
  c->ms = 0.0f;
  c->thr_db = (float) c->threshold_db;
  c->slope = c->ratio >= MD_COMP_RATIO_INF ? 1.0f
             : (float) (1.0 - 1.0 / (c->ratio < 1.0 ? 1.0 : c->ratio));
  c->knee = c->knee_db > 0.0 ? (float) c->knee_db : 0.0f;
  c->mk_db = c->mk_from_db = comp_makeup_target (c);
  comp_derive (c);
  c->phase = 0;
  c->settling = true;
  md_biquad_smooth_snap (&c->sc.sm);
  sc_design (&c->sc);
}

float
md_comp_gain_reduction_db (const MdComp *c)
{
  return c->gr_max_db;
}

static float
one_pole_coef (double time_ms, double sample_rate)
{
  double n = time_ms * 0.001 * sample_rate;

  return n > 0.0 ? (float) (1.0 - exp (-1.0 / n)) : 1.0f;
}

static float
comp_makeup_target (const MdComp *c)
{
  double mk = c->makeup_db;

  if (c->auto_makeup)
    mk += md_comp_static_gr_db (0.0, c->threshold_db, c->ratio, c->knee_db);
  return (float) mk;
}

static float
smooth_toward (float x, float t, float k)
{
  float y = x + (t - x) * k;

  return fabsf (t - y) < 1e-4f ? t : y;
}

/* What comp_pre uses per chunk, from the smoothed values: after every
 * change of knee, mk_db or mk_from_db. */
static void
comp_derive (MdComp *c)
{
  c->hw = 0.5f * c->knee;
  c->inv2w = c->knee > 0.0f ? 0.5f / c->knee : 0.0f;
  c->dmk = (c->mk_db - c->mk_from_db) / (float) MD_DYN_CHUNK;
}

/* The compressor runs in three passes per piece of up to MD_DYN_PIECE
 * frames: comp_pre (sidechain, level, static curve: x_L, and the makeup per
 * sample), the serial part (detector x_L -> y_L, on/off fade, reduction
 * meter, gain: comp_gain_lanes, always in vector lanes, so one compressor
 * and many in lockstep share one kernel), and the gain applied. */


/* 0.0f, 1.0f, ..., MD_DYN_CHUNK as floats (the makeup ramp's steps) */
static const float ramp_index[MD_DYN_CHUNK + 1] = {
#define I4(n) (n), (n) + 1, (n) + 2, (n) + 3
#define I16(n) I4 (n), I4 ((n) + 4), I4 ((n) + 8), I4 ((n) + 12)
  I16 (0), I16 (16), I16 (32), I16 (48), 64
#undef I16
#undef I4
};
_Static_assert (MD_DYN_CHUNK == 64, "ramp_index lists 0..64");

/* The settings into coefficients and targets, where they changed (after
 * a setter ran: CHANGED). */
static void
comp_settings (MdComp *c)
{
  c->changed = false;
  if (c->a_attack_ms != c->attack_ms || c->a_release_ms != c->release_ms)
    {
      c->a_attack_ms = c->attack_ms;
      c->a_release_ms = c->release_ms;
      c->c_att = one_pole_coef (c->attack_ms, c->sample_rate);
      c->c_rel = one_pole_coef (c->release_ms, c->sample_rate);
    }
  if (c->a_threshold_db != c->threshold_db || c->a_ratio != c->ratio
      || c->a_knee_db != c->knee_db || c->a_makeup_db != c->makeup_db
      || c->a_auto_makeup != c->auto_makeup)
    {
      /* new targets: the smoothing runs (comp_pre) until it reaches them */
      c->a_threshold_db = c->threshold_db;
      c->a_ratio = c->ratio;
      c->a_knee_db = c->knee_db;
      c->a_makeup_db = c->makeup_db;
      c->a_auto_makeup = c->auto_makeup;
      c->s_target = c->ratio >= MD_COMP_RATIO_INF ? 1.0f
                    : (float) (1.0 - 1.0 / (c->ratio < 1.0 ? 1.0 : c->ratio));
      c->knee_target = c->knee_db > 0.0 ? (float) c->knee_db : 0.0f;
      c->thr_target = (float) c->threshold_db;
      c->mk_target = comp_makeup_target (c);
      c->settling = true;
    }
}

/* Per-call setup. Returns false if the unit is off (nothing to do). */
static bool
comp_begin (MdComp *c)
{
  c->gr_max_db = 0.0f;
  if (!c->on && c->w == 0.0f)
    return false;
  if (c->changed)
    comp_settings (c);
  if (c->w == 0.0f)
    {
      /* switching on from off: no reduction yet, settings without ramps */
      c->y_l = 0.0f;
      c->ms = 0.0f;
      c->thr_db = c->thr_target;
      c->slope = c->s_target;
      c->knee = c->knee_target;
      c->mk_db = c->mk_target;
      c->mk_from_db = c->mk_db;
      comp_derive (c);
      c->phase = 0;
      c->sc.running = false;
    }
  return true;
}

/* The static curve: gain reduction x_L (dB) at level D = x_G - thr (dB). */
static inline float
comp_curve (float d, float hw, float knee, float inv2w, float sl)
{
  float t = clampf (d + hw, 0.0f, knee);

  return sl * (t * t * inv2w + max_f (d - hw, 0.0f));
}

/* Peak level of the key K0 (and K1: a linked pair, NULL for mono) in dB,
 * then the static curve (gain reduction x_L) into X, N frames: the level
 * minus the threshold into X in one pass, the curve in place in a second
 * (see the loops below), the operations those of one pass */
typedef uint32_t MdV4u __attribute__ ((vector_size (16)));

/* peak_curve's operations on four frames (L: the level, as bits): x86
 * minps/maxps are min_f/max_f, the floor's max_bits included (its bits
 * are those of max_f (l, LEVEL_FLOOR)). Left to itself (baseline code) GCC
 * vectorises the loops below itself, but does the clamps at 0 as
 * compare-and-and and the floor as compare-and-select with its constants
 * reloaded from the stack; the AVX2 copy keeps its own vectorisation
 * (8 frames a step). */
static inline __attribute__ ((always_inline)) MdV4f
peak_level_4 (MdV4f l, MdV4f thr)
{
  MdV4u u = (MdV4u) MAXV_4 (l, ((MdV4f) { LEVEL_FLOOR, LEVEL_FLOOR, LEVEL_FLOOR, LEVEL_FLOOR }));
  MdV4i e = (MdV4i) (u - 0x3f3504f3u) >> 23;
  MdV4f m = (MdV4f) (u - ((MdV4u) e << 23)), t;

  t = m - 1.0f;
  return DB_PER_LOG2 * (__builtin_convertvector (e, MdV4f)
                        + t * (1.44257801f + t * (-0.720241803f + t * (0.486686148f
                               + t * (-0.394575374f + t * 0.252660298f)))))
         - thr;
}

static inline __attribute__ ((always_inline)) MdV4f
curve_4 (MdV4f d, MdV4f sl, MdV4f knee, MdV4f hw, MdV4f inv2w)
{
  const MdV4f zero = { 0, 0, 0, 0 };
  MdV4f k = MINV_4 (MAXV_4 (d + hw, zero), knee);

  return sl * (k * k * inv2w + MAXV_4 (d - hw, zero));
}

static inline __attribute__ ((always_inline)) void
peak_curve (const float *k0, const float *k1, float *x, unsigned n, float thr, float sl,
            float knee, float hw, float inv2w, const bool w4)
{
  /* W4: the 4-wide loops, for code built for baseline x86-64 (the
   * baseline build, comp_pre_lanes_base); the AVX2 code skips them and
   * vectorises the loops below 8 frames a step */
  if (w4)
  {
  const MdV4i abs_mask = { 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff };
  const MdV4f thr_v = { thr, thr, thr, thr }, sl_v = { sl, sl, sl, sl };
  const MdV4f knee_v = { knee, knee, knee, knee }, hw_v = { hw, hw, hw, hw };
  const MdV4f inv2w_v = { inv2w, inv2w, inv2w, inv2w };
  const unsigned n4 = n & ~3u;
  /* (two passes from 32 frames on, as below) */
  const bool split4 = n4 >= 32;

  if (k1)
    for (unsigned i = 0; i < n4; i += 4)
      {
        MdV4f a = (MdV4f) ((MdV4i) *(const MdV4fu *) (k0 + i) & abs_mask);
        MdV4f b = (MdV4f) ((MdV4i) *(const MdV4fu *) (k1 + i) & abs_mask);

        MdV4f d = peak_level_4 (MAXV_4 (a, b), thr_v);

        *(MdV4fu *) (x + i) = split4 ? d : curve_4 (d, sl_v, knee_v, hw_v, inv2w_v);
      }
  else
    for (unsigned i = 0; i < n4; i += 4)
      {
        MdV4f a = (MdV4f) ((MdV4i) *(const MdV4fu *) (k0 + i) & abs_mask);
        MdV4f d = peak_level_4 (a, thr_v);

        *(MdV4fu *) (x + i) = split4 ? d : curve_4 (d, sl_v, knee_v, hw_v, inv2w_v);
      }
  if (split4)
    for (unsigned i = 0; i < n4; i += 4)
      *(MdV4fu *) (x + i) = curve_4 (*(const MdV4fu *) (x + i), sl_v, knee_v, hw_v, inv2w_v);
  k0 += n4;
  k1 = k1 ? k1 + n4 : NULL;
  x += n4;
  n -= n4;
  }
  /* two passes from 32 frames on, the level's d = x_G - thr into X, then
   * the curve in place (the same operations on the same values): one
   * pass's chain of ~30 dependent operations per frame held so many
   * waiting ones that few frames were in flight (AVX2, scratch
   * micro-benchmark: 16.6 cycles per 8 frames in one pass, 12.9 in two;
   * the 4-wide loops above likewise, the compressor ~9 % faster). Shorter
   * pieces in one pass: at 16 frames the second loop cost more than it
   * gained (bench --one 64 16). GCC unswitches the loops on SPLIT */
  const bool split = n >= 32;

  if (k1)
    for (unsigned i = 0; i < n; i++)
      {
        int32_t u = max_bits (fabsf (k0[i]), fabsf (k1[i]));
        float l, d;

        memcpy (&l, &u, sizeof l);
        u = max_bits (l, LEVEL_FLOOR);
        d = DB_PER_LOG2 * log2_bits (u) - thr;
        x[i] = split ? d : comp_curve (d, hw, knee, inv2w, sl);
      }
  else
    for (unsigned i = 0; i < n; i++)
      {
        int32_t u = max_bits (fabsf (k0[i]), LEVEL_FLOOR);
        float d = DB_PER_LOG2 * log2_bits (u) - thr;

        x[i] = split ? d : comp_curve (d, hw, knee, inv2w, sl);
      }
  if (split)
    for (unsigned i = 0; i < n; i++)
      x[i] = comp_curve (x[i], hw, knee, inv2w, sl);
}

/* A settled compressor (no step of comp_pre changes a value) with peak
 * detection and its key read in place (PRE, or no key filter): every
 * chunk of the piece runs the same pass with the same values, so the
 * piece runs as one (no chunk loop; the grid's phase only advances). The
 * makeup rests at mk_from_db. Its first HEAD frames (a multiple of 8)
 * are done here; the key rows into K0, K1 (K1 = K0 for mono: the level
 * max_f (|k0|, |k0|) is |k0|, the same bits) and its curve row (from
 * THR_DB on) into ROW for the other frames (curve_lanes, across the group). Returns
 * false (nothing done) otherwise. */
static inline __attribute__ ((always_inline)) bool
comp_pre_settled (MdComp *c, float *const *ch, unsigned n_ch, unsigned off, unsigned len,
                  unsigned head, const float *const *pre, float *xl, float *mk_const,
                  const float **k0, const float **k1, const float **row, unsigned j,
                  const bool w4)
{
  if (c->settling || c->detect == MD_DYN_DETECT_RMS || !(pre || !c->sc.on))
    return false;

  k0[j] = pre ? pre[0] : ch[0] + off;
  k1[j] = n_ch > 1 ? (pre ? pre[1] : ch[1] + off) : k0[j];
  row[j] = &c->thr_db;
  *mk_const = c->mk_from_db + 0.0f;
  c->phase = (c->phase + len) % MD_DYN_CHUNK;
  if (!pre)
    c->sc.running = false;
  if (head > 0)
    peak_curve (k0[j], n_ch > 1 ? k1[j] : NULL, xl, head, c->thr_db, c->slope, c->knee, c->hw,
                c->inv2w, w4);
  return true;
}

/* The peak level and static curve of frames I0..LEN-1 of the lanes in
 * USE (from comp_pre_settled: K0, K1, ROW, for ROUND8 (N_LANES) lanes;
 * the other lanes' rows zero_row) into XL: the five curve values of four
 * lanes at a time from their rows through a transpose, then per frame
 * one vector pass for eight lanes, per lane the operations of peak_curve
 * (the same bits). For the frames a per-lane pass would run one by one
 * (1-frame blocks, tails). */
static inline __attribute__ ((always_inline)) void
curve_lanes (const float *const *k0, const float *const *k1, const float *const *row,
             const bool *use, unsigned n_lanes, unsigned i0, unsigned len,
             float (*xl)[MD_DYN_PIECE])
{
  float prm[5][MD_DYN_MAX_LANES];

  for (unsigned j0 = 0; j0 < ROUND8 (n_lanes); j0 += 4)
    {
      MdV4f a0 = *(const MdV4fu *) row[j0], a1 = *(const MdV4fu *) row[j0 + 1];
      MdV4f a2 = *(const MdV4fu *) row[j0 + 2], a3 = *(const MdV4fu *) row[j0 + 3];
      MdV4f b0 = { row[j0][4], row[j0 + 1][4], row[j0 + 2][4], row[j0 + 3][4] };

      TRANSPOSE4 (a0, a1, a2, a3);
      *(MdV4fu *) &prm[0][j0] = a0;
      *(MdV4fu *) &prm[1][j0] = a1;
      *(MdV4fu *) &prm[2][j0] = a2;
      *(MdV4fu *) &prm[3][j0] = a3;
      *(MdV4fu *) &prm[4][j0] = b0;
    }
  for (unsigned i = i0; i < len; i++)
    for (unsigned j0 = 0; j0 < n_lanes; j0 += 8)
      {
        float l[8], x[8];

        for (unsigned k = 0; k < 8; k++)
          l[k] = max_f (fabsf (k0[j0 + k][i]), fabsf (k1[j0 + k][i]));
        for (unsigned k = 0; k < 8; k++)
          {
            int32_t u = max_bits (l[k], LEVEL_FLOOR);

            x[k] = comp_curve (DB_PER_LOG2 * log2_bits (u) - prm[0][j0 + k], prm[3][j0 + k],
                               prm[2][j0 + k], prm[4][j0 + k], prm[1][j0 + k]);
          }
        for (unsigned k = 0; k < 8; k++)
          if (use[j0 + k])
            xl[j0 + k][i] = x[k];
      }
}

/* x_L (dB) into XL and the makeup (dB) per sample into MK for LEN frames
 * at OFF. Returns true if the makeup stayed at *MK_CONST all through
 * (then MK is not written). Inlined into comp_pre_lanes' copies. */
static inline __attribute__ ((always_inline)) bool
comp_pre (MdComp *c, float *const *ch, unsigned n_ch, unsigned off, unsigned len,
          const float *const *pre, float *xl, float *mk, float *mk_const, const bool w4)
{
  bool mk_rest = true;

  float sc[MD_DSP_MAX_CH][MD_DYN_CHUNK];
  const float *key[MD_DSP_MAX_CH] = { NULL };
  float lvl[MD_DYN_CHUNK];
  const bool rms = c->detect == MD_DYN_DETECT_RMS;
  /* settled: no step below changes a value (settling is only set by
   * comp_settings), the makeup rests at mk_from_db = mk_db (dmk 0) all
   * through, as the per-chunk test below would find */
  const bool settled = !c->settling;
  float ms = c->ms;

  if (settled)
    *mk_const = c->mk_from_db + 0.0f;
  for (unsigned j = 0, n; j < len; j += n)
    {
      /* chunks follow the grid of frames processed since switching on:
       * smoothed values step at grid points only (the makeup ramps
       * linearly between them), so the output does not depend on the
       * process-call sizes */
      const unsigned phase = c->phase;
      float thr, mk0, dmk, sl, knee, hw, inv2w, *xo;

      n = len - j < MD_DYN_CHUNK - phase ? len - j : MD_DYN_CHUNK - phase;
      c->phase = (phase + n) % MD_DYN_CHUNK;
      /* (settled: every value at its target and the makeup ramp at rest,
       * where these steps change nothing) */
      if (phase == 0 && c->settling)
        {
          c->slope = smooth_toward (c->slope, c->s_target, c->k_smooth);
          c->knee = smooth_toward (c->knee, c->knee_target, c->k_smooth);
          c->thr_db = smooth_toward (c->thr_db, c->thr_target, c->k_smooth);
          c->mk_from_db = c->mk_db;
          c->mk_db = smooth_toward (c->mk_db, c->mk_target, c->k_smooth);
          c->settling = c->slope != c->s_target || c->knee != c->knee_target
                        || c->thr_db != c->thr_target || c->mk_db != c->mk_target
                        || c->mk_from_db != c->mk_db;
          comp_derive (c);
        }
      thr = c->thr_db;
      sl = c->slope;
      knee = c->knee;
      hw = c->hw;
      inv2w = c->inv2w;
      mk0 = c->mk_from_db;
      dmk = c->dmk;

      /* the key: the input, or filtered ahead (sc_run would only copy
       * them), read where they are; else filtered here into SC */
      if (pre || !c->sc.on)
        {
          for (unsigned k = 0; k < n_ch && k < MD_DSP_MAX_CH; k++)
            key[k] = pre ? pre[k] + j : ch[k] + off + j;
          if (!pre)
            c->sc.running = false;
        }
      else
        {
          sc_run (&c->sc, ch, n_ch, off + j, n, phase == 0, NULL, sc);
          for (unsigned k = 0; k < MD_DSP_MAX_CH; k++)
            key[k] = sc[k];
        }

      xo = xl + j;
      /* level in dB, then the static curve (gain reduction x_L); for peak
       * detection in one pass (the operations in the same order as in
       * separate passes), the key's N frames only */
      if (!rms)
        {
          peak_curve (key[0], n_ch > 1 ? key[1] : NULL, xo, n, thr, sl, knee, hw, inv2w, w4);
        }
      else
        {
          const float c_rms = c->c_rms;

          for (unsigned i = 0; i < n; i++)
            lvl[i] = key[0][i] * key[0][i];
          if (n_ch > 1)
            for (unsigned i = 0; i < n; i++)
              lvl[i] = 0.5f * (lvl[i] + key[1][i] * key[1][i]);
          for (unsigned i = 0; i < n; i++)        /* recursive */
            {
              ms += (lvl[i] - ms) * c_rms;
              lvl[i] = ms;
            }
          for (unsigned i = 0; i < n; i++)
            {
              float l = 0.5f * DB_PER_LOG2 * log2_bits (max_bits (lvl[i], LEVEL_FLOOR * LEVEL_FLOOR));

              xo[i] = comp_curve (l - thr, hw, knee, inv2w, sl);
            }
        }
      /* the frame numbers as floats from a table: the loop vectorises on
       * every path (the values are those of (float) (phase + i + 1)) */
      /* at rest (the makeup ramp's values all mk0 + 0 ri = mk0 + 0):
       * nothing written while every chunk so far is at rest at one value */
      if (settled)
        continue;                       /* *MK_CONST set above */
      if (dmk == 0.0f && mk0 == c->mk_db
          && (j == 0 || (mk_rest && mk0 + 0.0f == *mk_const)))
        *mk_const = mk0 + 0.0f;
      else
        {
          const float *ri = ramp_index + phase + 1;
          float *mkj = mk + j;

          if (mk_rest)
            for (unsigned i = 0; i < j; i++)
              mk[i] = *mk_const;
          mk_rest = false;
          for (unsigned i = 0; i < n; i++)
            mkj[i] = mk0 + dmk * ri[i];
        }
    }
  c->ms = ms;
  return mk_rest;
}

/* md_dyn_set_wide_path (tests) */
static bool dyn_wide_off;

void
md_dyn_set_wide_path (bool on)
{
  dyn_wide_off = !on;
}

/* comp_pre for the N_LANES compressors of a lockstep group (one call per
 * piece); REST[j] its result for lane j; the lanes that ran comp_pre (not
 * settled) added to *RAN (bit j). Returns how many are at rest. W4: built
 * for baseline x86-64 (peak_curve's 4-wide loops). */
static inline __attribute__ ((always_inline)) unsigned
comp_pre_lanes_in (MdComp *const *lane, float *const *const *lane_ch, const unsigned *lane_nch,
                   unsigned n_lanes, unsigned off, unsigned len, const bool *steady,
                   float *const (*pre_p)[MD_DSP_MAX_CH], float (*xl)[MD_DYN_PIECE],
                   float (*mk)[MD_DYN_PIECE], float *mkc, bool *rest, unsigned *ran,
                   const bool w4)
{
  unsigned n_rest = 0;
  bool todo = false;

  const float *k0[MD_DYN_MAX_LANES], *k1[MD_DYN_MAX_LANES], *row[MD_DYN_MAX_LANES];
  const unsigned head = len & ~7u;

  /* the settled lanes first, in a loop of their own (small: its pointers
   * and constants stay in registers), then the others; the settled lanes'
   * frames past HEAD across the group */
  for (unsigned j = 0; j < n_lanes; j++)
    {
      rest[j] = comp_pre_settled (lane[j], lane_ch[j], lane_nch[j], off, len, head,
                                  steady[j] ? (const float *const *) pre_p[j] : NULL,
                                  xl[j], &mkc[j], k0, k1, row, j, w4);
      todo |= !rest[j];
    }
  if (head < len)
    {
      for (unsigned j = 0; j < ROUND8 (n_lanes); j++)
        if (j >= n_lanes || !rest[j])
          {
            k0[j] = k1[j] = row[j] = zero_row;
            rest[j] = false;
          }
      curve_lanes (k0, k1, row, rest, n_lanes, head, len, xl);
    }
  if (todo)
    for (unsigned j = 0; j < n_lanes; j++)
      if (!rest[j])
        {
          *ran |= 1u << j;
          rest[j] = comp_pre (lane[j], lane_ch[j], lane_nch[j], off, len,
                              steady[j] ? (const float *const *) pre_p[j] : NULL,
                              xl[j], mk[j], &mkc[j], w4);
        }
  for (unsigned j = 0; j < n_lanes; j++)
    n_rest += rest[j];
  return n_rest;
}

#define COMP_PRE_LANES_ARGS                                                 \
  MdComp *const *lane, float *const *const *lane_ch, const unsigned *lane_nch, \
  unsigned n_lanes, unsigned off, unsigned len, const bool *steady,         \
  float *const (*pre_p)[MD_DSP_MAX_CH], float (*xl)[MD_DYN_PIECE],          \
  float (*mk)[MD_DYN_PIECE], float *mkc, bool *rest, unsigned *ran
#define COMP_PRE_LANES_PASS                                                 \
  lane, lane_ch, lane_nch, n_lanes, off, len, steady, pre_p, xl, mk, mkc, rest, ran

#ifdef MD_DYN_AVX2
/* two copies picked at run time, as the lane kernels below are (target
 * clones cannot tell peak_curve which copy it is in: its 4-wide loops
 * must be in the baseline copy only) */
__attribute__ ((target ("avx2"), noinline)) static unsigned
comp_pre_lanes_avx2 (COMP_PRE_LANES_ARGS)
{
  return comp_pre_lanes_in (COMP_PRE_LANES_PASS, false);
}

__attribute__ ((noinline)) static unsigned
comp_pre_lanes_base (COMP_PRE_LANES_ARGS)
{
  return comp_pre_lanes_in (COMP_PRE_LANES_PASS, true);
}

static inline unsigned
comp_pre_lanes (COMP_PRE_LANES_ARGS)
{
  if (!dyn_wide_off && __builtin_cpu_supports ("avx2"))
    return comp_pre_lanes_avx2 (COMP_PRE_LANES_PASS);
  return comp_pre_lanes_base (COMP_PRE_LANES_PASS);
}
#else
/* one caller: inlined into it */
static inline __attribute__ ((always_inline)) unsigned
comp_pre_lanes (COMP_PRE_LANES_ARGS)
{
  return comp_pre_lanes_in (COMP_PRE_LANES_PASS, true);
}
#endif
#undef COMP_PRE_LANES_ARGS
#undef COMP_PRE_LANES_PASS

/* the gate's and the compressor's lane kernels at two widths, and the
 * choice between them */

/* four frames of rows R0..R0+3 at I <-> four vectors of the four lanes */
#define LOAD4_4(rows, r0_, i, a0, a1, a2, a3)                               \
  do {                                                                      \
    a0 = *(const MdV4fu *) ((rows)[(r0_)] + (i));                           \
    a1 = *(const MdV4fu *) ((rows)[(r0_) + 1] + (i));                       \
    a2 = *(const MdV4fu *) ((rows)[(r0_) + 2] + (i));                       \
    a3 = *(const MdV4fu *) ((rows)[(r0_) + 3] + (i));                       \
    TRANSPOSE4 (a0, a1, a2, a3);                                            \
  } while (0)
#define STORE4_4(rows, r0_, i, a0, a1, a2, a3)                              \
  do {                                                                      \
    TRANSPOSE4 (a0, a1, a2, a3);                                            \
    *(MdV4fu *) ((rows)[(r0_)] + (i)) = a0;                                 \
    *(MdV4fu *) ((rows)[(r0_) + 1] + (i)) = a1;                             \
    *(MdV4fu *) ((rows)[(r0_) + 2] + (i)) = a2;                             \
    *(MdV4fu *) ((rows)[(r0_) + 3] + (i)) = a3;                             \
  } while (0)


/* eight floats from each of rows R0..R0+3 -> eight vectors of the lanes */
#define LOADBLK_4(rows, r0_, f0, f1, f2, f3, f4, f5, f6, f7)                \
  do {                                                                      \
    LOAD4_4 (rows, r0_, 0, f0, f1, f2, f3);                                 \
    LOAD4_4 (rows, r0_, 4, f4, f5, f6, f7);                                 \
  } while (0)

/* and back: eight vectors of the lanes -> eight floats into each row */
#define STOREBLK_4(rows, r0_, f0, f1, f2, f3, f4, f5, f6, f7)               \
  do {                                                                      \
    MdV4f s0_ = f0, s1_ = f1, s2_ = f2, s3_ = f3;                           \
    MdV4f s4_ = f4, s5_ = f5, s6_ = f6, s7_ = f7;                           \
    STORE4_4 (rows, r0_, 0, s0_, s1_, s2_, s3_);                            \
    STORE4_4 (rows, r0_, 4, s4_, s5_, s6_, s7_);                            \
  } while (0)

#define LANES_W 4
#define MINV MINV_4
#define MAXV MAXV_4
#define ANYV ANYV_4
#define MASKV MASKV_4
#define VF MdV4f
#define VI MdV4i
#define ZERO_F ((MdV4f) { 0, 0, 0, 0 })
#define ZERO_I ((MdV4i) { 0, 0, 0, 0 })
#define IOTA_I ((MdV4i) { 0, 1, 2, 3 })
#define LANES_FN(name) name##_4
#define LOAD4 LOAD4_4
#define STORE4 STORE4_4
#define LOADBLK LOADBLK_4
#define STOREBLK STOREBLK_4
#define VFU MdV4fu
#include "md-dyn-lanes.h"
#undef LANES_W
#undef MINV
#undef MAXV
#undef ANYV
#undef MASKV
#undef VF
#undef VI
#undef ZERO_F
#undef ZERO_I
#undef IOTA_I
#undef LANES_FN
#undef LOAD4
#undef STORE4
#undef LOADBLK
#undef STOREBLK
#undef VFU

#ifdef MD_DYN_AVX2
#pragma GCC push_options
#pragma GCC target ("avx2")
typedef float MdV8f __attribute__ ((vector_size (32)));
typedef int32_t MdV8i __attribute__ ((vector_size (32)));
typedef float MdV8fu __attribute__ ((vector_size (32), aligned (4)));   /* unaligned */

/* rows R0..R0+7: two 4x4 transposes, the halves joined */
#define LOAD4_8(rows, r0_, i, a0, a1, a2, a3)                               \
  do {                                                                      \
    MdV4f l0_, l1_, l2_, l3_, h0_, h1_, h2_, h3_;                           \
    LOAD4_4 (rows, r0_, i, l0_, l1_, l2_, l3_);                             \
    LOAD4_4 (rows, (r0_) + 4, i, h0_, h1_, h2_, h3_);                       \
    a0 = __builtin_shufflevector (l0_, h0_, 0, 1, 2, 3, 4, 5, 6, 7);        \
    a1 = __builtin_shufflevector (l1_, h1_, 0, 1, 2, 3, 4, 5, 6, 7);        \
    a2 = __builtin_shufflevector (l2_, h2_, 0, 1, 2, 3, 4, 5, 6, 7);        \
    a3 = __builtin_shufflevector (l3_, h3_, 0, 1, 2, 3, 4, 5, 6, 7);        \
  } while (0)
#define STORE4_8(rows, r0_, i, a0, a1, a2, a3)                              \
  do {                                                                      \
    MdV4f l0_ = __builtin_shufflevector (a0, a0, 0, 1, 2, 3);               \
    MdV4f l1_ = __builtin_shufflevector (a1, a1, 0, 1, 2, 3);               \
    MdV4f l2_ = __builtin_shufflevector (a2, a2, 0, 1, 2, 3);               \
    MdV4f l3_ = __builtin_shufflevector (a3, a3, 0, 1, 2, 3);               \
    MdV4f h0_ = __builtin_shufflevector (a0, a0, 4, 5, 6, 7);               \
    MdV4f h1_ = __builtin_shufflevector (a1, a1, 4, 5, 6, 7);               \
    MdV4f h2_ = __builtin_shufflevector (a2, a2, 4, 5, 6, 7);               \
    MdV4f h3_ = __builtin_shufflevector (a3, a3, 4, 5, 6, 7);               \
    STORE4_4 (rows, r0_, i, l0_, l1_, l2_, l3_);                            \
    STORE4_4 (rows, (r0_) + 4, i, h0_, h1_, h2_, h3_);                      \
  } while (0)

/* the 8x8 transpose of Q0..Q7 into F0..F7 (its own inverse) */
#define TRANSPOSE8(q0_, q1_, q2_, q3_, q4_, q5_, q6_, q7_, f0, f1, f2, f3, f4, f5, f6, f7) \
  do {                                                                      \
    MdV8f t0_ = __builtin_shufflevector (q0_, q1_, 0, 8, 1, 9, 4, 12, 5, 13);   \
    MdV8f t1_ = __builtin_shufflevector (q0_, q1_, 2, 10, 3, 11, 6, 14, 7, 15); \
    MdV8f t2_ = __builtin_shufflevector (q2_, q3_, 0, 8, 1, 9, 4, 12, 5, 13);   \
    MdV8f t3_ = __builtin_shufflevector (q2_, q3_, 2, 10, 3, 11, 6, 14, 7, 15); \
    MdV8f t4_ = __builtin_shufflevector (q4_, q5_, 0, 8, 1, 9, 4, 12, 5, 13);   \
    MdV8f t5_ = __builtin_shufflevector (q4_, q5_, 2, 10, 3, 11, 6, 14, 7, 15); \
    MdV8f t6_ = __builtin_shufflevector (q6_, q7_, 0, 8, 1, 9, 4, 12, 5, 13);   \
    MdV8f t7_ = __builtin_shufflevector (q6_, q7_, 2, 10, 3, 11, 6, 14, 7, 15); \
    MdV8f u0_ = __builtin_shufflevector (t0_, t2_, 0, 1, 8, 9, 4, 5, 12, 13);   \
    MdV8f u1_ = __builtin_shufflevector (t0_, t2_, 2, 3, 10, 11, 6, 7, 14, 15); \
    MdV8f u2_ = __builtin_shufflevector (t1_, t3_, 0, 1, 8, 9, 4, 5, 12, 13);   \
    MdV8f u3_ = __builtin_shufflevector (t1_, t3_, 2, 3, 10, 11, 6, 7, 14, 15); \
    MdV8f u4_ = __builtin_shufflevector (t4_, t6_, 0, 1, 8, 9, 4, 5, 12, 13);   \
    MdV8f u5_ = __builtin_shufflevector (t4_, t6_, 2, 3, 10, 11, 6, 7, 14, 15); \
    MdV8f u6_ = __builtin_shufflevector (t5_, t7_, 0, 1, 8, 9, 4, 5, 12, 13);   \
    MdV8f u7_ = __builtin_shufflevector (t5_, t7_, 2, 3, 10, 11, 6, 7, 14, 15); \
    f0 = __builtin_shufflevector (u0_, u4_, 0, 1, 2, 3, 8, 9, 10, 11);      \
    f4 = __builtin_shufflevector (u0_, u4_, 4, 5, 6, 7, 12, 13, 14, 15);    \
    f1 = __builtin_shufflevector (u1_, u5_, 0, 1, 2, 3, 8, 9, 10, 11);      \
    f5 = __builtin_shufflevector (u1_, u5_, 4, 5, 6, 7, 12, 13, 14, 15);    \
    f2 = __builtin_shufflevector (u2_, u6_, 0, 1, 2, 3, 8, 9, 10, 11);      \
    f6 = __builtin_shufflevector (u2_, u6_, 4, 5, 6, 7, 12, 13, 14, 15);    \
    f3 = __builtin_shufflevector (u3_, u7_, 0, 1, 2, 3, 8, 9, 10, 11);      \
    f7 = __builtin_shufflevector (u3_, u7_, 4, 5, 6, 7, 12, 13, 14, 15);    \
  } while (0)

/* eight floats from each of rows R0..R0+7 (one load each) -> eight
 * vectors of the lanes: an 8x8 transpose */
#define LOADBLK_8(rows, r0_, f0, f1, f2, f3, f4, f5, f6, f7)                \
  do {                                                                      \
    MdV8f q0_ = *(const MdV8fu *) (rows)[(r0_)];                            \
    MdV8f q1_ = *(const MdV8fu *) (rows)[(r0_) + 1];                        \
    MdV8f q2_ = *(const MdV8fu *) (rows)[(r0_) + 2];                        \
    MdV8f q3_ = *(const MdV8fu *) (rows)[(r0_) + 3];                        \
    MdV8f q4_ = *(const MdV8fu *) (rows)[(r0_) + 4];                        \
    MdV8f q5_ = *(const MdV8fu *) (rows)[(r0_) + 5];                        \
    MdV8f q6_ = *(const MdV8fu *) (rows)[(r0_) + 6];                        \
    MdV8f q7_ = *(const MdV8fu *) (rows)[(r0_) + 7];                        \
    TRANSPOSE8 (q0_, q1_, q2_, q3_, q4_, q5_, q6_, q7_, f0, f1, f2, f3, f4, f5, f6, f7); \
  } while (0)
/* frames I..I+7 of rows R0..R0+7 <-> eight vectors of the lanes (as
 * LOADBLK_8 and STOREBLK_8 from I on) */
#define LOAD8_8(rows, r0_, i, f0, f1, f2, f3, f4, f5, f6, f7)               \
  do {                                                                      \
    MdV8f q0_ = *(const MdV8fu *) ((rows)[(r0_)] + (i));                    \
    MdV8f q1_ = *(const MdV8fu *) ((rows)[(r0_) + 1] + (i));                \
    MdV8f q2_ = *(const MdV8fu *) ((rows)[(r0_) + 2] + (i));                \
    MdV8f q3_ = *(const MdV8fu *) ((rows)[(r0_) + 3] + (i));                \
    MdV8f q4_ = *(const MdV8fu *) ((rows)[(r0_) + 4] + (i));                \
    MdV8f q5_ = *(const MdV8fu *) ((rows)[(r0_) + 5] + (i));                \
    MdV8f q6_ = *(const MdV8fu *) ((rows)[(r0_) + 6] + (i));                \
    MdV8f q7_ = *(const MdV8fu *) ((rows)[(r0_) + 7] + (i));                \
    TRANSPOSE8 (q0_, q1_, q2_, q3_, q4_, q5_, q6_, q7_, f0, f1, f2, f3, f4, f5, f6, f7); \
  } while (0)
#define STORE8_8(rows, r0_, i, f0, f1, f2, f3, f4, f5, f6, f7)              \
  do {                                                                      \
    MdV8f q0_, q1_, q2_, q3_, q4_, q5_, q6_, q7_;                           \
    TRANSPOSE8 (f0, f1, f2, f3, f4, f5, f6, f7, q0_, q1_, q2_, q3_, q4_, q5_, q6_, q7_); \
    *(MdV8fu *) ((rows)[(r0_)] + (i)) = q0_;                                \
    *(MdV8fu *) ((rows)[(r0_) + 1] + (i)) = q1_;                            \
    *(MdV8fu *) ((rows)[(r0_) + 2] + (i)) = q2_;                            \
    *(MdV8fu *) ((rows)[(r0_) + 3] + (i)) = q3_;                            \
    *(MdV8fu *) ((rows)[(r0_) + 4] + (i)) = q4_;                            \
    *(MdV8fu *) ((rows)[(r0_) + 5] + (i)) = q5_;                            \
    *(MdV8fu *) ((rows)[(r0_) + 6] + (i)) = q6_;                            \
    *(MdV8fu *) ((rows)[(r0_) + 7] + (i)) = q7_;                            \
  } while (0)
/* and back: eight vectors of the lanes -> eight floats into each row */
#define STOREBLK_8(rows, r0_, f0, f1, f2, f3, f4, f5, f6, f7)               \
  do {                                                                      \
    MdV8f q0_, q1_, q2_, q3_, q4_, q5_, q6_, q7_;                           \
    TRANSPOSE8 (f0, f1, f2, f3, f4, f5, f6, f7, q0_, q1_, q2_, q3_, q4_, q5_, q6_, q7_); \
    *(MdV8fu *) (rows)[(r0_)] = q0_;                                        \
    *(MdV8fu *) (rows)[(r0_) + 1] = q1_;                                    \
    *(MdV8fu *) (rows)[(r0_) + 2] = q2_;                                    \
    *(MdV8fu *) (rows)[(r0_) + 3] = q3_;                                    \
    *(MdV8fu *) (rows)[(r0_) + 4] = q4_;                                    \
    *(MdV8fu *) (rows)[(r0_) + 5] = q5_;                                    \
    *(MdV8fu *) (rows)[(r0_) + 6] = q6_;                                    \
    *(MdV8fu *) (rows)[(r0_) + 7] = q7_;                                    \
  } while (0)

#define LANES_W 8
#define MINV(a, b) __builtin_ia32_minps256 ((a), (b))
#define MAXV(a, b) __builtin_ia32_maxps256 ((a), (b))
#define ANYV(m) (__builtin_ia32_movmskps256 ((MdV8f) (m)) != 0)
#define MASKV(m) ((unsigned) __builtin_ia32_movmskps256 ((MdV8f) (m)))
#define VF MdV8f
#define VI MdV8i
#define ZERO_F ((MdV8f) { 0, 0, 0, 0, 0, 0, 0, 0 })
#define ZERO_I ((MdV8i) { 0, 0, 0, 0, 0, 0, 0, 0 })
#define IOTA_I ((MdV8i) { 0, 1, 2, 3, 4, 5, 6, 7 })
#define LANES_FN(name) name##_8
#define LOAD4 LOAD4_8
#define STORE4 STORE4_8
#define LOADBLK LOADBLK_8
#define STOREBLK STOREBLK_8
#define LOAD8 LOAD8_8
#define STORE8 STORE8_8
#define VFU MdV8fu
/* the selects as one blend: every mask the kernels select by is a
 * comparison's (or bitwise combinations of them), all ones or all zeros
 * per lane, where the blend's sign-bit choice is the and/andn/or's (GCC
 * makes the blend itself only where it sees the comparison) */
#undef SELV
#undef SELI
#define SELV(m, a, b)                                                       \
  ((__typeof__ (a)) __builtin_ia32_blendvps256 ((MdV8f) (b), (MdV8f) (a), (MdV8f) (m)))
#define SELI(m, a, b)                                                       \
  ((MdV8i) __builtin_ia32_blendvps256 ((MdV8f) (b), (MdV8f) (a), (MdV8f) (m)))
#include "md-dyn-lanes.h"
#undef SELV
#undef SELI
#define SELV(m, a, b)                                                       \
  ((__typeof__ (a)) (((m) & (__typeof__ (m)) (a)) | (~(m) & (__typeof__ (m)) (b))))
#define SELI(m, a, b) (((m) & (a)) | (~(m) & (b)))
#undef LANES_W
#undef MINV
#undef MAXV
#undef ANYV
#undef MASKV
#undef VF
#undef VI
#undef ZERO_F
#undef ZERO_I
#undef IOTA_I
#undef LANES_FN
#undef LOAD4
#undef STORE4
#undef LOADBLK
#undef STOREBLK
#undef LOAD8
#undef STORE8
#undef VFU
#pragma GCC pop_options
#endif

/* (inlined into its one caller with the 4-lane kernel, see there) */
static inline __attribute__ ((always_inline)) unsigned
gate_gain_lanes (MdGate *const *g, unsigned n_lanes, const float *const *k0,
                 const float *const *k1, float (*gain)[MD_DYN_PIECE], unsigned len,
                 float *const *const *ch, const unsigned *n_ch, unsigned off, bool *applied,
                 unsigned *bad)
{
#ifdef MD_DYN_AVX2
  if (!dyn_wide_off && __builtin_cpu_supports ("avx2"))
    return gate_gain_lanes_8 (g, n_lanes, k0, k1, gain, len, ch, n_ch, off, applied, bad);
#endif
  return gate_gain_lanes_4 (g, n_lanes, k0, k1, gain, len, ch, n_ch, off, applied, bad);
}

static unsigned
comp_gain_lanes (MdComp *const *c, unsigned n_lanes, float (*xl)[MD_DYN_PIECE],
                 float (*mk)[MD_DYN_PIECE], const float *mk_const, unsigned len, bool last,
                 float *const *const *ch, const unsigned *n_ch, unsigned off, bool *applied)
{
#ifdef MD_DYN_AVX2
  if (!dyn_wide_off && __builtin_cpu_supports ("avx2"))
    return comp_gain_lanes_8 (c, n_lanes, xl, mk, mk_const, len, last, ch, n_ch, off, applied);
#endif
  return comp_gain_lanes_4 (c, n_lanes, xl, mk, mk_const, len, last, ch, n_ch, off, applied);
}

/* The detector's and the key filter's checks at the call's end, for the
 * lanes that may need them (md_comp_process_multi_ch's CHECK): a level
 * not finite (comp_gain_lanes' mask at the last piece, where it flushed
 * the finite ones' y_l as here), a unit that ran comp_pre (ms; its key
 * filtered here: sc_run) or a state the lane kernel found not finite
 * (sc_prefilter). The others' ms did not change since their last check. */
static void
comp_end (MdComp *c, unsigned n_ch)
{
  if (!isfinite (c->y_l) || !isfinite (c->ms))
    {
      c->y_l = 0.0f;
      c->ms = 0.0f;
      c->n_resets++;
    }
  if (c->ms < 1e-30f)
    c->ms = 0.0f;
  if (c->y_l < 1e-20f)
    c->y_l = 0.0f;
  c->n_resets += sc_sanitize (&c->sc, n_ch);
}

void
md_comp_process (MdComp *c, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float *const *chs[1] = { ch };

  md_comp_process_multi_ch (&c, chs, &n_ch, 1, n_frames);
}

void
md_comp_process_multi_ch (MdComp *const *cs, float *const *const *chs, const unsigned *n_ch,
                          unsigned n, unsigned n_frames)
{
  enum { L = MD_DYN_MAX_LANES };
  MdComp *lane[L];
  float *const *lane_ch[L];
  unsigned lane_nch[L];
  float xl[L][MD_DYN_PIECE], mk[L][MD_DYN_PIECE];
  float mkc[L] = { 0 };          /* a makeup at rest (comp_pre) */
  bool rest[L];
  /* key filters that run steadily: batched ahead over each piece */
  MdDynSidechain *lsc[L];
  float *const *pre_ch[L];
  unsigned pre_nch[L];
  float pre[L][MD_DSP_MAX_CH][MD_DYN_PIECE];
  float *pre_p[L][MD_DSP_MAX_CH];
  float *const *pre_out[L];
  bool steady[L];
  unsigned n_lanes = 0;

  if (n_frames == 0)
    return;
  for (unsigned i = 0; i <= n; i++)
    {
      if (i < n && n_ch[i] > 0 && comp_begin (cs[i]))
        {
          lane[n_lanes] = cs[i];
          lane_ch[n_lanes] = chs[i];
          lane_nch[n_lanes++] = n_ch[i] < MD_DSP_MAX_CH ? n_ch[i] : MD_DSP_MAX_CH;
        }
      if (n_lanes == L || (i == n && n_lanes > 0))
        {
          unsigned n_pre = 0, check = 0;    /* the lanes comp_end looks at */

          for (unsigned j = 0; j < n_lanes; j++)
            {
              steady[j] = sc_steady (&lane[j]->sc);
              if (steady[j])
                {
                  for (unsigned c = 0; c < MD_DSP_MAX_CH; c++)
                    pre_p[j][c] = pre[j][c];
                  lsc[n_pre] = &lane[j]->sc;
                  pre_ch[n_pre] = lane_ch[j];
                  pre_nch[n_pre] = lane_nch[j];
                  pre_out[n_pre++] = pre_p[j];
                }
            }
          for (unsigned j = n_lanes; j < ((n_lanes + 7u) & ~7u); j++)   /* as the gate's */
            {
              memset (xl[j], 0, sizeof xl[j]);
              memset (mk[j], 0, sizeof mk[j]);
            }
          for (unsigned off = 0, len; off < n_frames; off += len)
            {
              len = n_frames - off < MD_DYN_PIECE ? n_frames - off : MD_DYN_PIECE;
              if (n_pre > 0 && sc_prefilter (lsc, pre_ch, pre_nch, n_pre, off, len, pre_out))
                check = ~0u;
              unsigned n_rest = comp_pre_lanes (lane, lane_ch, lane_nch, n_lanes, off, len,
                                                steady, pre_p, xl, mk, mkc, rest, &check);

              /* the makeup from registers if every lane's is at rest, else
               * from MK (the lanes at rest written out) */
              if (n_rest < n_lanes)
                for (unsigned j = 0; j < n_lanes; j++)
                  if (rest[j])
                    for (unsigned k = 0; k < len; k++)
                      mk[j][k] = mkc[j];
              bool applied;

              check |= comp_gain_lanes (lane, n_lanes, xl, mk, n_rest == n_lanes ? mkc : NULL,
                                        len, off + len == n_frames, lane_ch, lane_nch, off,
                                        &applied);
              if (!applied)
                dyn_apply_lanes (lane_ch, lane_nch, n_lanes, ~0u, off, len, xl);
            }
          check &= (1u << n_lanes) - 1u;    /* (CHECK may be ~0u) */
          for (; check != 0; check &= check - 1)
            {
              const unsigned j = (unsigned) __builtin_ctz (check);

              comp_end (lane[j], lane_nch[j]);
            }
          n_lanes = 0;
        }
    }
}

void
md_comp_process_multi (MdComp *const *cs, float *const *bufs, unsigned n, unsigned n_frames)
{
  enum { STEP = 16 };
  float *const *chs[STEP];
  unsigned n_ch[STEP];

  for (unsigned i0 = 0; i0 < n; i0 += STEP)
    {
      unsigned k = n - i0 < STEP ? n - i0 : STEP;

      for (unsigned j = 0; j < k; j++)
        {
          chs[j] = &bufs[i0 + j];
          n_ch[j] = 1;
        }
      md_comp_process_multi_ch (cs + i0, chs, n_ch, k, n_frames);
    }
}
