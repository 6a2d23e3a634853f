/* md-chan.c: the channel processing block.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-chan.h"

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
