/* md-chan.c: the channel processing block.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-chan.h"

#include <stdatomic.h>
#include <string.h>

static atomic_ullong chan_serial;

void
md_chan_init (MdChan *c, double rate)
{
  md_filter_init (&c->hpf, rate, MD_BIQUAD_HIGHPASS, false, 80.0, 12);
  md_filter_init (&c->lpf, rate, MD_BIQUAD_LOWPASS, false, 18000.0, 12);
  md_eq_init (&c->eq, rate);
  md_gate_init (&c->gate, rate);
  md_comp_init (&c->comp, rate);
  memset (&c->lanes, 0, sizeof c->lanes);
  c->run.n_chan = 0;
  c->run.n_builds = 0;
  c->serial = atomic_fetch_add_explicit (&chan_serial, 1, memory_order_relaxed) + 1;
}

void
md_chan_set (MdChan *c, const float *p, bool jump)
{
  md_filter_set_on (&c->hpf, p[MD_DSP_HPF_ON] >= 0.5f);
  md_filter_set_freq (&c->hpf, p[MD_DSP_HPF_FREQ]);
  md_filter_set_slope (&c->hpf, p[MD_DSP_HPF_SLOPE] >= 0.5f ? 24 : 12);
  md_filter_set_on (&c->lpf, p[MD_DSP_LPF_ON] >= 0.5f);
  md_filter_set_freq (&c->lpf, p[MD_DSP_LPF_FREQ]);
  md_filter_set_slope (&c->lpf, p[MD_DSP_LPF_SLOPE] >= 0.5f ? 24 : 12);

  md_eq_set_on (&c->eq, p[MD_DSP_EQ_ON] >= 0.5f);
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    {
      md_eq_set_band_on (&c->eq, b, p[MD_DSP_EQ_BAND_ON + b] >= 0.5f);
      md_eq_set_band_freq (&c->eq, b, p[MD_DSP_EQ_FREQ + b]);
      md_eq_set_band_gain (&c->eq, b, p[MD_DSP_EQ_GAIN + b]);
      md_eq_set_band_q (&c->eq, b, p[MD_DSP_EQ_Q + b]);
    }
  md_eq_set_band_shelf (&c->eq, 0, p[MD_DSP_EQ_1_SHELF] >= 0.5f);
  md_eq_set_band_shelf (&c->eq, 3, p[MD_DSP_EQ_4_SHELF] >= 0.5f);

  md_gate_set_on (&c->gate, p[MD_DSP_GATE_ON] >= 0.5f);
  md_gate_set_threshold (&c->gate, p[MD_DSP_GATE_THRESHOLD]);
  md_gate_set_range (&c->gate, -p[MD_DSP_GATE_RANGE]);   /* the unit takes the gain: -range */
  md_gate_set_attack (&c->gate, p[MD_DSP_GATE_ATTACK]);
  md_gate_set_hold (&c->gate, p[MD_DSP_GATE_HOLD]);
  md_gate_set_release (&c->gate, p[MD_DSP_GATE_RELEASE]);
  md_gate_set_sc_hpf_on (&c->gate, p[MD_DSP_GATE_SC_ON] >= 0.5f);
  md_gate_set_sc_hpf_freq (&c->gate, p[MD_DSP_GATE_SC_FREQ]);

  md_comp_set_on (&c->comp, p[MD_DSP_COMP_ON] >= 0.5f);
  md_comp_set_threshold (&c->comp, p[MD_DSP_COMP_THRESHOLD]);
  md_comp_set_ratio (&c->comp, p[MD_DSP_COMP_RATIO]);
  md_comp_set_knee (&c->comp, p[MD_DSP_COMP_KNEE]);
  md_comp_set_attack (&c->comp, p[MD_DSP_COMP_ATTACK]);
  md_comp_set_release (&c->comp, p[MD_DSP_COMP_RELEASE]);
  md_comp_set_makeup (&c->comp, p[MD_DSP_COMP_MAKEUP]);
  md_comp_set_auto_makeup (&c->comp, p[MD_DSP_COMP_AUTOMAKEUP] >= 0.5f);
  md_comp_set_detect (&c->comp, p[MD_DSP_COMP_DETECT] >= 0.5f ? MD_DYN_DETECT_RMS : MD_DYN_DETECT_PEAK);
  md_comp_set_sc_hpf_on (&c->comp, p[MD_DSP_COMP_SC_ON] >= 0.5f);
  md_comp_set_sc_hpf_freq (&c->comp, p[MD_DSP_COMP_SC_FREQ]);

  if (jump)
    {
      /* start exactly at the values: no crossfade, no coefficient glide */
      md_filter_snap (&c->hpf);
      md_filter_snap (&c->lpf);
      md_eq_snap (&c->eq);
      md_gate_snap (&c->gate);
      md_comp_snap (&c->comp);
    }
}

void
md_chan_process (MdChan *c, float *const *ch, unsigned n_ch, unsigned n)
{
  md_filter_process (&c->hpf, ch, n_ch, n);
  md_filter_process (&c->lpf, ch, n_ch, n);
  md_eq_process (&c->eq, ch, n_ch, n);
  md_gate_process (&c->gate, ch, n_ch, n);
  md_comp_process (&c->comp, ch, n_ch, n);
}

/* ---------------------------------------------------------------------- */
/* HPF, LPF and EQ of many channel blocks in one pass */

_Static_assert (2 + 2 + MD_EQ_N_BANDS <= MD_SVF_MAX_SECTIONS,
                "a lane holds the sections of the HPF, LPF and EQ");

enum { UNIT_HPF = 1, UNIT_LPF = 2, UNIT_EQ = 4 };

/* Append a unit's N sections (SEC, ST) to lane L. */
static void
lane_add (MdSvfLane *l, unsigned *n_sec, const MdSvfSection *const *sec,
          MdSvfState *const *st, unsigned n)
{
  for (unsigned k = 0; k < n; k++)
    {
      l->c[*n_sec + k] = &sec[k]->c;
      l->s[*n_sec + k] = st[k];
    }
  *n_sec += n;
}

/* C's lane list still holds: built here, and no unit changed since */
static inline bool
lanes_current (const MdChan *c)
{
  const MdChanLanes *z = &c->lanes;

  return z->owner == c && z->gen[0] == c->hpf.gen && z->gen[1] == c->lpf.gen
         && z->gen[2] == c->eq.gen;
}

/* (Re)build C's lane list; false (and none) when a unit that is on is not
 * steady (it glides, crossfades or runs a section in double). */
static bool
lanes_build (MdChan *c)
{
  MdChanLanes *z = &c->lanes;
  bool hp_on = !md_xfade_is_off (&c->hpf.xf), lp_on = !md_xfade_is_off (&c->lpf.xf);
  bool eq_on = !md_xfade_is_off (&c->eq.xf);

  z->owner = NULL;
  if ((hp_on && !md_filter_steady (&c->hpf)) || (lp_on && !md_filter_steady (&c->lpf))
      || (eq_on && !md_eq_steady (&c->eq)))
    return false;
  z->units = (hp_on ? UNIT_HPF : 0u) | (lp_on ? UNIT_LPF : 0u) | (eq_on ? UNIT_EQ : 0u);
  for (unsigned ch = 0; ch < MD_DSP_MAX_CH; ch++)
    {
      const MdSvfSection *sec[MD_EQ_N_BANDS];
      MdSvfState *st[MD_EQ_N_BANDS];
      unsigned ns = 0;

      memset (&z->lane[ch], 0, sizeof z->lane[ch]);
      if (hp_on)
        lane_add (&z->lane[ch], &ns, sec, st, md_filter_steady_sections (&c->hpf, ch, sec, st));
      if (lp_on)
        lane_add (&z->lane[ch], &ns, sec, st, md_filter_steady_sections (&c->lpf, ch, sec, st));
      if (eq_on)
        lane_add (&z->lane[ch], &ns, sec, st, md_eq_steady_sections (&c->eq, ch, sec, st));
      z->n_sec = ns;
    }
  z->gen[0] = c->hpf.gen;
  z->gen[1] = c->lpf.gen;
  z->gen[2] = c->eq.gen;
  z->owner = c;
  return true;
}

static inline unsigned
chan_nch (unsigned n_ch)
{
  return n_ch < MD_DSP_MAX_CH ? n_ch : MD_DSP_MAX_CH;
}

static inline void
member_set (MdChanRunMember *m, const MdChan *c, unsigned n_ch, unsigned units)
{
  m->c = c;
  m->serial = c->serial;
  m->gen[0] = c->hpf.gen;
  m->gen[1] = c->lpf.gen;
  m->gen[2] = c->eq.gen;
  m->n_ch = n_ch;
  m->units = units;
}

/* C is the chan M was recorded from, and none of its units changed */
static inline bool
member_same (const MdChanRunMember *m, const MdChan *c)
{
  return m->c == c && m->serial == c->serial && m->gen[0] == c->hpf.gen
         && m->gen[1] == c->lpf.gen && m->gen[2] == c->eq.gen;
}

/* How many of the N chans CS (CS[0] the run's owner) R covers: its run
 * still holds (see MdChanRun); 0 if not. */
static unsigned
run_valid (const MdChanRun *r, MdChan *const *cs, const unsigned *n_ch, unsigned n)
{
  unsigned m = r->n_chan;

  if (m == 0 || m > n)
    return 0;
  for (unsigned i = 0; i < m; i++)
    if (!member_same (&r->m[i], cs[i]) || r->m[i].n_ch != chan_nch (n_ch[i]))
      return 0;
  switch (r->end)
    {
    case MD_CHAN_RUN_END:
      return m == n ? m : 0;
    case MD_CHAN_RUN_FULL:
      return m;
    case MD_CHAN_RUN_UNSTEADY:
      /* the next chan still does not run in lanes (else the run takes it) */
      return m < n && cs[m] == r->next.c && chan_nch (n_ch[m]) > 0 && !lanes_current (cs[m])
             ? m : 0;
    default:
      return m < n && chan_nch (n_ch[m]) > 0 && member_same (&r->next, cs[m]) ? m : 0;
    }
}

/* Build the run of CS[0..] (CS[0] steady with units on: its lanes are
 * current) into R: the chans that follow while they are steady, their
 * lanes fit and have CS[0]'s number of sections (chans with no units on
 * or no channels join with no lanes). Returns how many chans it covers. */
static unsigned
run_build (MdChanRun *r, MdChan *const *cs, const unsigned *n_ch, unsigned n)
{
  MdSvfLane lanes[MD_SVF_MAX_LANES];
  unsigned n_sec = cs[0]->lanes.n_sec, nl = 0, m = 0;

  r->n_chan = 0;
  r->n_filt = 0;
  r->n_eq = 0;
  r->end = MD_CHAN_RUN_END;
  for (; m < n; m++)
    {
      MdChan *c = cs[m];
      unsigned nch = chan_nch (n_ch[m]), units = 0;

      if (m == MD_SVF_MAX_LANES)
        {
          r->end = MD_CHAN_RUN_FULL;
          break;
        }
      if (nch > 0)
        {
          if (!lanes_current (c) && !lanes_build (c))
            {
              r->end = MD_CHAN_RUN_UNSTEADY;
              member_set (&r->next, c, nch, 0);
              break;
            }
          units = c->lanes.units;
          if (units != 0 && c->lanes.n_sec != n_sec)
            {
              r->end = MD_CHAN_RUN_OTHER;
              member_set (&r->next, c, nch, units);
              break;
            }
          if (units != 0 && nl + nch > MD_SVF_MAX_LANES)
            {
              r->end = MD_CHAN_RUN_FULL;
              break;
            }
        }
      for (unsigned ch = 0; units != 0 && ch < nch; ch++)
        {
          r->lane_m[nl] = (unsigned char) m;
          r->lane_ch[nl] = (unsigned char) ch;
          lanes[nl++] = c->lanes.lane[ch];
        }
      if (units & UNIT_HPF)
        r->filt[r->n_filt++] = &c->hpf;
      if (units & UNIT_LPF)
        r->filt[r->n_filt++] = &c->lpf;
      if (units & UNIT_EQ)
        r->eq[r->n_eq++] = &c->eq;
      member_set (&r->m[m], c, nch, units);
    }
  md_svf_lane_set_prepare (&r->set, lanes, nl, n_sec);
  r->n_lanes = nl;
  r->n_chan = m;
  r->n_builds++;
  return m;
}

/* Run R over its chans' buffers CHS, then their units' bookkeeping */
static void
run_run (MdChanRun *r, MdChan *const *cs, float *const *const *chs, unsigned n_frames)
{
  float *bufs[MD_SVF_MAX_LANES];

  for (unsigned l = 0; l < r->n_lanes; l++)
    bufs[l] = chs[r->lane_m[l]][r->lane_ch[l]];
  /* the kernel flushed the states; only a non-finite one (a NaN got in)
   * needs the units' sanitising, which resets and counts it */
  if (!md_svf_lane_set_run (&r->set, bufs, n_frames))
    {
      for (unsigned u = 0; u < r->n_filt; u++)
        md_filter_steady_advance (r->filt[u], n_frames);
      for (unsigned u = 0; u < r->n_eq; u++)
        md_eq_steady_advance (r->eq[u], n_frames);
      return;
    }
  for (unsigned i = 0; i < r->n_chan; i++)
    {
      MdChan *c = cs[i];
      unsigned units = r->m[i].units, nch = r->m[i].n_ch;

      if (units & UNIT_HPF)
        md_filter_steady_done (&c->hpf, nch, n_frames, true);
      if (units & UNIT_LPF)
        md_filter_steady_done (&c->lpf, nch, n_frames, true);
      if (units & UNIT_EQ)
        md_eq_steady_done (&c->eq, nch, n_frames, true);
    }
}

void
md_chan_filters_multi_ch (MdChan *const *cs, float *const *const *chs, const unsigned *n_ch,
                          unsigned n, unsigned n_frames)
{
  if (n_frames == 0)
    return;
  for (unsigned i = 0; i < n;)
    {
      MdChan *c = cs[i];
      unsigned nch = chan_nch (n_ch[i]), m;

      if (nch == 0)
        {
          i++;
          continue;
        }
      /* the usual case: the run this chan started last time holds */
      m = run_valid (&c->run, cs + i, n_ch + i, n - i);
      if (m == 0)
        {
          if (!lanes_current (c) && !lanes_build (c))
            {
              /* something glides, crossfades or runs in double: unit by unit */
              md_filter_process (&c->hpf, chs[i], nch, n_frames);
              md_filter_process (&c->lpf, chs[i], nch, n_frames);
              md_eq_process (&c->eq, chs[i], nch, n_frames);
              i++;
              continue;
            }
          if (c->lanes.units == 0)
            {
              i++;
              continue;
            }
          m = run_build (&c->run, cs + i, n_ch + i, n - i);
        }
      run_run (&c->run, cs + i, chs + i, n_frames);
      i += m;
    }
}

float
md_chan_gate_db (const MdChan *c)
{
  return md_gate_attenuation_db (&c->gate);
}

float
md_chan_comp_db (const MdChan *c)
{
  return md_comp_gain_reduction_db (&c->comp);
}
