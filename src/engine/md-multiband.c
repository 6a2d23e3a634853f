/* md-multiband.c: 3-band compressor (crossover -> MdComp per band -> sum).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-multiband.h"

#include <math.h>
#include <string.h>

static const double default_attack_ms[MD_XOVER_N_BANDS] = { 20.0, 10.0, 5.0 };
static const double default_release_ms[MD_XOVER_N_BANDS] = { 200.0, 120.0, 80.0 };

void
md_multiband_init (MdMultiband *mb, double sample_rate)
{
  double n = floor (MD_DSP_XFADE_MS * 0.001 * sample_rate + 0.5);

  memset (mb, 0, sizeof *mb);
  mb->sample_rate = sample_rate;
  md_xfade_init (&mb->xf, sample_rate, false);
  md_xover_init (&mb->xo, sample_rate);
  mb->w_step = 1.0f / (float) (n < 1.0 ? 1.0 : n);
  for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
    {
      MdComp *c = &mb->band[b].comp;

      md_comp_init (c, sample_rate);
      md_comp_set_on (c, true);
      md_comp_set_threshold (c, -18.0);
      md_comp_set_ratio (c, 2.0);
      md_comp_set_knee (c, 6.0);
      md_comp_set_attack (c, default_attack_ms[b]);
      md_comp_set_release (c, default_release_ms[b]);
      md_comp_set_makeup (c, 0.0);
      md_comp_snap (c);
      mb->band[b].weight = 1.0f;
    }
}

static bool
any_solo (const MdMultiband *mb)
{
  for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
    if (mb->band[b].solo)
      return true;
  return false;
}

static float
weight_target (const MdMultiband *mb, unsigned b, bool solo_any)
{
  return !solo_any || mb->band[b].solo ? 1.0f : 0.0f;
}

void
md_multiband_snap (MdMultiband *mb)
{
  bool s = any_solo (mb);

  md_xfade_init (&mb->xf, mb->sample_rate, mb->xf.on_target);
  md_xover_snap (&mb->xo);
  md_xover_reset (&mb->xo);
  for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
    {
      md_comp_snap (&mb->band[b].comp);
      mb->band[b].weight = weight_target (mb, b, s);
    }
}

void md_multiband_set_on (MdMultiband *mb, bool on) { md_xfade_set (&mb->xf, on); }

void
md_multiband_set_xover (MdMultiband *mb, unsigned point, double freq_hz)
{
  md_xover_set_freq (&mb->xo, point, freq_hz);
}

#define BAND_SETTER(name, call, type)                                    \
  void                                                                   \
  md_multiband_set_##name (MdMultiband *mb, unsigned band, type v)       \
  {                                                                      \
    if (band < MD_XOVER_N_BANDS)                                         \
      call;                                                              \
  }

BAND_SETTER (threshold, md_comp_set_threshold (&mb->band[band].comp, v), double)
BAND_SETTER (ratio, md_comp_set_ratio (&mb->band[band].comp, v), double)
BAND_SETTER (attack, md_comp_set_attack (&mb->band[band].comp, v), double)
BAND_SETTER (release, md_comp_set_release (&mb->band[band].comp, v), double)
BAND_SETTER (gain, md_comp_set_makeup (&mb->band[band].comp, v), double)
BAND_SETTER (knee, md_comp_set_knee (&mb->band[band].comp, v), double)
BAND_SETTER (solo, mb->band[band].solo = v, bool)
BAND_SETTER (bypass, md_comp_set_on (&mb->band[band].comp, !v), bool)

float
md_multiband_gain_reduction_db (const MdMultiband *mb, unsigned band)
{
  return band < MD_XOVER_N_BANDS ? mb->band[band].gr_db : 0.0f;
}

/* Sum the bands into OUT with the band weights, ramping them toward their
 * targets. */
static void
sum_bands (MdMultiband *mb, float (*bb)[MD_DSP_MAX_CH][MD_MULTIBAND_PIECE],
           float *const *out, unsigned n_ch, unsigned n, bool solo_any)
{
  bool steady = true;

  for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
    steady &= mb->band[b].weight == 1.0f && weight_target (mb, b, solo_any) == 1.0f;
  if (steady)
    {
      for (unsigned c = 0; c < n_ch; c++)
        for (unsigned i = 0; i < n; i++)
          out[c][i] = bb[0][c][i] + bb[1][c][i] + bb[2][c][i];
      return;
    }
  for (unsigned c = 0; c < n_ch; c++)
    memset (out[c], 0, n * sizeof (float));
  for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
    {
      float w = mb->band[b].weight, t = weight_target (mb, b, solo_any);
      float st = t > w ? mb->w_step : -mb->w_step;

      for (unsigned c = 0; c < n_ch; c++)
        {
          float wc = w;

          for (unsigned i = 0; i < n; i++)
            {
              if (wc != t)
                {
                  wc += st;
                  if ((st > 0.0f && wc > t) || (st < 0.0f && wc < t))
                    wc = t;
                }
              out[c][i] += bb[b][c][i] * wc;
            }
          if (c == n_ch - 1)
            mb->band[b].weight = wc;
        }
    }
}

void
md_multiband_process (MdMultiband *mb, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float bb[MD_XOVER_N_BANDS][MD_DSP_MAX_CH][MD_MULTIBAND_PIECE];
  float dry[MD_DSP_MAX_CH][MD_MULTIBAND_PIECE];
  float gr[MD_XOVER_N_BANDS] = { 0.0f, 0.0f, 0.0f };
  bool solo_any = any_solo (mb);

  if (n_ch == 0 || n_frames == 0)
    return;
  if (md_xfade_is_off (&mb->xf))
    {
      for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
        mb->band[b].gr_db = 0.0f;
      return;
    }
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;
  if (mb->xf.pos == 0)
    md_xover_reset (&mb->xo);     /* switching on from off: no stale history */
  for (unsigned off = 0, len; off < n_frames; off += len)
    {
      float *in[MD_DSP_MAX_CH], *lo[MD_DSP_MAX_CH], *mi[MD_DSP_MAX_CH], *hi[MD_DSP_MAX_CH];
      bool fading = !md_xfade_is_on (&mb->xf);

      len = n_frames - off < MD_MULTIBAND_PIECE ? n_frames - off : MD_MULTIBAND_PIECE;
      for (unsigned c = 0; c < n_ch; c++)
        {
          in[c] = ch[c] + off;
          lo[c] = bb[0][c];
          mi[c] = bb[1][c];
          hi[c] = bb[2][c];
          if (fading)
            memcpy (dry[c], in[c], len * sizeof (float));
        }
      md_xover_split (&mb->xo, in, lo, mi, hi, n_ch, len);
      md_comp_process (&mb->band[0].comp, lo, n_ch, len);
      md_comp_process (&mb->band[1].comp, mi, n_ch, len);
      md_comp_process (&mb->band[2].comp, hi, n_ch, len);
      for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
        {
          float g = md_comp_gain_reduction_db (&mb->band[b].comp);

          gr[b] = g > gr[b] ? g : gr[b];
        }
      sum_bands (mb, bb, in, n_ch, len, solo_any);
      if (fading)
        {
          for (unsigned c = 0; c < n_ch; c++)
            md_xfade_mix (&mb->xf, dry[c], in[c], len);
          md_xfade_advance (&mb->xf, len);
        }
    }
  for (unsigned b = 0; b < MD_XOVER_N_BANDS; b++)
    mb->band[b].gr_db = gr[b];
}
