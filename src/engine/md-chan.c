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

typedef struct
{
  MdSvfLane lane[FUSE_LANES];
  unsigned n_sec[FUSE_LANES];
  unsigned n;
  /* units whose sections ran here, for their steady_done */
  MdChan *chan[FUSE_LANES];
  unsigned chan_nch[FUSE_LANES], chan_units[FUSE_LANES];
  unsigned n_chan;
} Fuse;

enum { UNIT_HPF = 1, UNIT_LPF = 2, UNIT_EQ = 4 };

/* Append a unit's N steady sections (SEC, ST) to lane L. */
static void
fuse_add (Fuse *fu, unsigned l, const MdSvfSection *const *sec, MdSvfState *const *st,
          unsigned n)
{
  unsigned k0 = fu->n_sec[l];

  for (unsigned k = 0; k < n; k++)
    {
      fu->lane[l].c[k0 + k] = &sec[k]->c;
      fu->lane[l].s[k0 + k] = st[k];
    }
  fu->n_sec[l] = k0 + n;
}

static void
fuse_flush (Fuse *fu, unsigned n_frames)
{
  bool done[FUSE_LANES] = { false };

  /* lanes with the same number of sections run together, up to eight at
   * a time (every section's output is a float, so where a unit ends
   * makes no difference to the bits); the usual case, one group of up to
   * eight, runs in place */
  bool same = fu->n <= MD_SVF_MAX_LANES, bad = false;

  for (unsigned a = 1; same && a < fu->n; a++)
    same = fu->n_sec[a] == fu->n_sec[0];
  if (same)
    {
      bad |= md_svf_run_lanes (fu->lane, fu->n, fu->n_sec[0], n_frames);
      for (unsigned a = 0; a < fu->n; a++)
        done[a] = true;
    }
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
  /* the kernel flushed the states; only a non-finite one (a NaN got in)
   * needs the units' sanitising, which resets and counts it */
  for (unsigned i = 0; i < fu->n_chan; i++)
    {
      MdChan *c = fu->chan[i];

      if (fu->chan_units[i] & UNIT_HPF)
        md_filter_steady_done (&c->hpf, fu->chan_nch[i], n_frames, bad);
      if (fu->chan_units[i] & UNIT_LPF)
        md_filter_steady_done (&c->lpf, fu->chan_nch[i], n_frames, bad);
      if (fu->chan_units[i] & UNIT_EQ)
        md_eq_steady_done (&c->eq, fu->chan_nch[i], n_frames, bad);
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
      bool hp_off = md_xfade_is_off (&c->hpf.xf), lp_off = md_xfade_is_off (&c->lpf.xf);
      bool eq_off = md_xfade_is_off (&c->eq.xf);
      unsigned units = (hp_off ? 0u : UNIT_HPF) | (lp_off ? 0u : UNIT_LPF)
                       | (eq_off ? 0u : UNIT_EQ);

      if (nch == 0 || units == 0)
        continue;
      if ((!hp_off && !md_filter_steady (&c->hpf)) || (!lp_off && !md_filter_steady (&c->lpf))
          || (!eq_off && !md_eq_steady (&c->eq)))
        {
          /* something glides, crossfades or runs in double: unit by unit */
          md_filter_process (&c->hpf, chs[i], nch, n_frames);
          md_filter_process (&c->lpf, chs[i], nch, n_frames);
          md_eq_process (&c->eq, chs[i], nch, n_frames);
          continue;
        }
      if (fu.n + nch > FUSE_LANES)
        fuse_flush (&fu, n_frames);
      for (unsigned ch = 0; ch < nch; ch++)
        {
          unsigned l = fu.n++;
          const MdSvfSection *sec[MD_EQ_N_BANDS];
          MdSvfState *st[MD_EQ_N_BANDS];
          unsigned ns;

          fu.lane[l].buf = chs[i][ch];
          fu.n_sec[l] = 0;
          if (units & UNIT_HPF)
            {
              ns = md_filter_steady_sections (&c->hpf, ch, sec, st);
              fuse_add (&fu, l, sec, st, ns);
            }
          if (units & UNIT_LPF)
            {
              ns = md_filter_steady_sections (&c->lpf, ch, sec, st);
              fuse_add (&fu, l, sec, st, ns);
            }
          if (units & UNIT_EQ)
            {
              ns = md_eq_steady_sections (&c->eq, ch, sec, st);
              fuse_add (&fu, l, sec, st, ns);
            }
        }
      fu.chan[fu.n_chan] = c;
      fu.chan_nch[fu.n_chan] = nch;
      fu.chan_units[fu.n_chan++] = units;
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
