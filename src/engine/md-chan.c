/* md-chan.c: the channel processing block.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-chan.h"

#include <string.h>

void
md_chan_init (MdChan *c, double rate)
{
  md_filter_init (&c->hpf, rate, MD_BIQUAD_HIGHPASS, false, 80.0, 12);
  md_filter_init (&c->lpf, rate, MD_BIQUAD_LOWPASS, false, 18000.0, 12);
  md_eq_init (&c->eq, rate);
  md_gate_init (&c->gate, rate);
  md_comp_init (&c->comp, rate);
  memset (&c->lanes, 0, sizeof c->lanes);
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

#define FUSE_LANES 16   /* channels gathered before a flush */

_Static_assert (2 + 2 + MD_EQ_N_BANDS <= MD_SVF_MAX_SECTIONS,
                "a lane holds the sections of the HPF, LPF and EQ");

typedef struct
{
  MdSvfLane lane[FUSE_LANES];
  unsigned n_sec[FUSE_LANES];
  unsigned n;
  /* strips whose sections ran here, for their units' bookkeeping */
  MdChan *chan[FUSE_LANES];
  unsigned chan_nch[FUSE_LANES];
  unsigned n_chan;
} Fuse;

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

static void
fuse_flush (Fuse *fu, unsigned n_frames)
{
  bool done[FUSE_LANES];
  bool bad = false;

  /* lanes with the same number of sections run together, up to
   * MD_SVF_MAX_LANES at a time (every section's output is a float, so
   * where a unit ends makes no difference to the bits); the usual case,
   * one group, runs in place */
  bool same = fu->n <= MD_SVF_MAX_LANES;

  for (unsigned a = 1; same && a < fu->n; a++)
    same = fu->n_sec[a] == fu->n_sec[0];
  if (same)
    bad = md_svf_run_lanes (fu->lane, fu->n, fu->n_sec[0], n_frames);
  else
    {
      memset (done, 0, sizeof done);
      for (unsigned a = 0; a < fu->n; a++)
        {
          MdSvfLane run[MD_SVF_MAX_LANES];
          unsigned nl = 0;

          if (done[a])
            continue;
          for (unsigned b = a; b < fu->n && nl < MD_SVF_MAX_LANES; b++)
            if (!done[b] && fu->n_sec[b] == fu->n_sec[a])
              {
                done[b] = true;
                run[nl++] = fu->lane[b];
              }
          bad |= md_svf_run_lanes (run, nl, fu->n_sec[a], n_frames);
        }
    }
  /* the kernel flushed the states; only a non-finite one (a NaN got in)
   * needs the units' sanitising, which resets and counts it */
  for (unsigned i = 0; i < fu->n_chan; i++)
    {
      MdChan *c = fu->chan[i];
      unsigned units = c->lanes.units;

      if (!bad)
        {
          if (units & UNIT_HPF)
            md_filter_steady_advance (&c->hpf, n_frames);
          if (units & UNIT_LPF)
            md_filter_steady_advance (&c->lpf, n_frames);
          if (units & UNIT_EQ)
            md_eq_steady_advance (&c->eq, n_frames);
          continue;
        }
      if (units & UNIT_HPF)
        md_filter_steady_done (&c->hpf, fu->chan_nch[i], n_frames, true);
      if (units & UNIT_LPF)
        md_filter_steady_done (&c->lpf, fu->chan_nch[i], n_frames, true);
      if (units & UNIT_EQ)
        md_eq_steady_done (&c->eq, fu->chan_nch[i], n_frames, true);
    }
  fu->n = 0;
  fu->n_chan = 0;
}

void
md_chan_filters_multi_ch (MdChan *const *cs, float *const *const *chs, const unsigned *n_ch,
                          unsigned n, unsigned n_frames)
{
  Fuse fu;

  if (n_frames == 0)
    return;
  fu.n = 0;
  fu.n_chan = 0;
  for (unsigned i = 0; i < n; i++)
    {
      MdChan *c = cs[i];
      unsigned nch = n_ch[i] < MD_DSP_MAX_CH ? n_ch[i] : MD_DSP_MAX_CH;

      if (nch == 0)
        continue;
      if (!lanes_current (c) && !lanes_build (c))
        {
          /* something glides, crossfades or runs in double: unit by unit */
          md_filter_process (&c->hpf, chs[i], nch, n_frames);
          md_filter_process (&c->lpf, chs[i], nch, n_frames);
          md_eq_process (&c->eq, chs[i], nch, n_frames);
          continue;
        }
      if (c->lanes.units == 0)
        continue;
      if (fu.n + nch > FUSE_LANES)
        fuse_flush (&fu, n_frames);
      for (unsigned ch = 0; ch < nch; ch++)
        {
          unsigned l = fu.n++;

          fu.lane[l] = c->lanes.lane[ch];
          fu.lane[l].buf = chs[i][ch];
          fu.n_sec[l] = c->lanes.n_sec;
        }
      fu.chan[fu.n_chan] = c;
      fu.chan_nch[fu.n_chan++] = nch;
    }
  if (fu.n > 0)
    fuse_flush (&fu, n_frames);
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
