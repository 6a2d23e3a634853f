/* md-eq.c: 4-band parametric EQ.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-eq.h"

#include <string.h>

static MdBiquadType
band_type (unsigned band, bool shelf)
{
  if (shelf && band == 0)
    return MD_BIQUAD_LOWSHELF;
  if (shelf && band == MD_EQ_N_BANDS - 1)
    return MD_BIQUAD_HIGHSHELF;
  return MD_BIQUAD_PEAKING;
}

static void
push_target (MdEq *eq, unsigned band)
{
  const MdEqBandTarget *t = &eq->t[band];

  md_biquad_smooth_set (&eq->sm[band], band_type (band, t->shelf), t->freq_hz,
                        t->on ? t->gain_db : 0.0, t->q);
}

void
md_eq_init (MdEq *eq, double sample_rate)
{
  static const MdEqBandTarget defaults[MD_EQ_N_BANDS] = {
    { false, true, 80.0, 0.0, 0.70710678118654752 },
    { false, false, 400.0, 0.0, 1.0 },
    { false, false, 2500.0, 0.0, 1.0 },
    { false, true, 8000.0, 0.0, 0.70710678118654752 },
  };

  memset (eq, 0, sizeof *eq);
  eq->sample_rate = sample_rate;
  md_xfade_init (&eq->xf, sample_rate, false);
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    {
      eq->t[b] = defaults[b];
      md_biquad_smooth_init (&eq->sm[b], sample_rate, band_type (b, defaults[b].shelf),
                             defaults[b].freq_hz, 0.0, defaults[b].q);
    }
}

void
md_eq_snap (MdEq *eq)
{
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    md_biquad_smooth_snap (&eq->sm[b]);
  eq->xf.pos = eq->xf.on_target ? eq->xf.len : 0;
}

void
md_eq_set_on (MdEq *eq, bool on)
{
  md_xfade_set (&eq->xf, on);
}

void
md_eq_set_band_on (MdEq *eq, unsigned band, bool on)
{
  if (band >= MD_EQ_N_BANDS)
    return;
  eq->t[band].on = on;
  push_target (eq, band);
}

void
md_eq_set_band_shelf (MdEq *eq, unsigned band, bool shelf)
{
  if (band >= MD_EQ_N_BANDS)
    return;
  eq->t[band].shelf = shelf;
  push_target (eq, band);
}

void
md_eq_set_band_freq (MdEq *eq, unsigned band, double freq_hz)
{
  if (band >= MD_EQ_N_BANDS)
    return;
  eq->t[band].freq_hz = freq_hz;
  push_target (eq, band);
}

void
md_eq_set_band_gain (MdEq *eq, unsigned band, double gain_db)
{
  if (band >= MD_EQ_N_BANDS)
    return;
  eq->t[band].gain_db = gain_db;
  push_target (eq, band);
}

void
md_eq_set_band_q (MdEq *eq, unsigned band, double q)
{
  if (band >= MD_EQ_N_BANDS)
    return;
  eq->t[band].q = q;
  push_target (eq, band);
}

/* Keep the history of flat (skipped) bands equal to the signal at their
 * place in the chain, so that they start without a step when they leave
 * 0 dB. */
static void
sync_flat_bands (MdEq *eq, unsigned c, const float *buf, unsigned len,
                 const unsigned *active, unsigned n_active)
{
  MdBiquadState *st = eq->st[c];
  double h1, h2;

  if (n_active == MD_EQ_N_BANDS)
    return;
  if (n_active > 0)
    {
      h1 = st[active[0]].x1;
      h2 = st[active[0]].x2;
    }
  else
    {
      h1 = buf[len - 1];
      h2 = len >= 2 ? buf[len - 2] : st[0].x1;
    }
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    {
      if (md_biquad_smooth_is_identity (&eq->sm[b]))
        {
          st[b].x1 = st[b].y1 = h1;
          st[b].x2 = st[b].y2 = h2;
        }
      else
        {
          h1 = st[b].y1;
          h2 = st[b].y2;
        }
    }
}

void
md_eq_process (MdEq *eq, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  unsigned pos = 0;

  if (md_xfade_is_off (&eq->xf) || n_frames == 0 || n_ch == 0)
    return;
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;

  if (eq->xf.pos == 0)
    {
      /* switching on from fully off */
      eq->phase = 0;
      for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
        md_biquad_smooth_snap (&eq->sm[b]);
      for (unsigned c = 0; c < n_ch; c++)
        {
          double x = ch[c][0];

          for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
            {
              md_biquad_prime (&eq->st[c][b], &eq->sm[b].c, x);
              x = eq->st[c][b].y1;
            }
        }
    }

  while (pos < n_frames)
    {
      MdBiquadCoefs co[MD_EQ_N_BANDS];
      unsigned active[MD_EQ_N_BANDS];
      unsigned n_active = 0;
      bool moving = false;
      bool fade = !md_xfade_is_on (&eq->xf);
      unsigned len = n_frames - pos;

      /* parameters step only on the sub-block grid (counted in frames
       * processed since switching on), so the output does not depend on
       * how the frames are split into process calls */
      for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
        if (md_biquad_smooth_moving (&eq->sm[b]))
          {
            moving = true;
            if (eq->phase == 0)
              md_biquad_smooth_step (&eq->sm[b]);
          }
      if ((moving || fade) && len > MD_DSP_SUB_FRAMES - eq->phase)
        len = MD_DSP_SUB_FRAMES - eq->phase;

      for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
        if (!md_biquad_smooth_is_identity (&eq->sm[b]))
          {
            co[n_active] = eq->sm[b].c;
            active[n_active++] = b;
          }

      if (n_active > 0)
        {
          MdBiquadState s[MD_DSP_MAX_CH][MD_EQ_N_BANDS];
          float dry[MD_DSP_MAX_CH][MD_DSP_SUB_FRAMES];

          for (unsigned c = 0; c < n_ch; c++)
            {
              if (fade)
                memcpy (dry[c], ch[c] + pos, len * sizeof (float));
              for (unsigned k = 0; k < n_active; k++)
                s[c][k] = eq->st[c][active[k]];
            }
          if (n_ch == 2)
            md_biquad_run_cascade2 (co, s[0], s[1], n_active, ch[0] + pos, ch[1] + pos, len);
          else
            md_biquad_run_cascade (co, s[0], n_active, ch[0] + pos, len);
          for (unsigned c = 0; c < n_ch; c++)
            {
              for (unsigned k = 0; k < n_active; k++)
                eq->st[c][active[k]] = s[c][k];
              if (fade)
                md_xfade_mix (&eq->xf, dry[c], ch[c] + pos, len);
            }
        }
      for (unsigned c = 0; c < n_ch; c++)
        sync_flat_bands (eq, c, ch[c] + pos, len, active, n_active);
      if (fade)
        md_xfade_advance (&eq->xf, len);
      eq->phase = (eq->phase + len) % MD_DSP_SUB_FRAMES;
      pos += len;
    }

  for (unsigned c = 0; c < n_ch; c++)
    for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
      if (md_biquad_sanitize (&eq->st[c][b]))
        eq->n_resets++;
}

static bool
eq_is_steady (const MdEq *eq)
{
  if (!md_xfade_is_on (&eq->xf))
    return false;
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    if (md_biquad_smooth_moving (&eq->sm[b]))
      return false;
  return true;
}

bool
md_eq_steady (const MdEq *eq)
{
  return eq_is_steady (eq);
}

unsigned
md_eq_steady_sections (MdEq *eq, unsigned ch, const MdBiquadCoefs **co, MdBiquadState **st)
{
  /* all four bands, flat ones as the exact identity (which also keeps
   * their history as md_eq_process does) */
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    {
      co[b] = &eq->sm[b].c;
      st[b] = &eq->st[ch][b];
    }
  return MD_EQ_N_BANDS;
}

void
md_eq_steady_done (MdEq *eq, unsigned n_ch, unsigned n_frames)
{
  eq->phase = (eq->phase + n_frames) % MD_DSP_SUB_FRAMES;
  for (unsigned c = 0; c < n_ch; c++)
    eq->n_resets += md_biquad_sanitize_n (eq->st[c], MD_EQ_N_BANDS);
}

void
md_eq_process_multi_ch (MdEq *const *eqs, float *const *const *chs, const unsigned *n_ch,
                        unsigned n, unsigned n_frames)
{
  /* one lane per channel, all of an EQ's channels with its coefficients */
  MdEq *lane_eq[MD_BIQUAD_MAX_LANES];
  unsigned lane_c[MD_BIQUAD_MAX_LANES];
  float *lane_buf[MD_BIQUAD_MAX_LANES];
  MdBiquadCoefs co[MD_BIQUAD_MAX_LANES][MD_EQ_N_BANDS];
  MdBiquadCoefs *cp[MD_BIQUAD_MAX_LANES];
  MdBiquadState *sp[MD_BIQUAD_MAX_LANES];
  unsigned n_lanes = 0;

  if (n_frames == 0)
    return;
  for (unsigned i = 0; i <= n; i++)
    {
      unsigned nch = i < n ? (n_ch[i] < MD_DSP_MAX_CH ? n_ch[i] : MD_DSP_MAX_CH) : 0;
      MdEq *eq = i < n ? eqs[i] : NULL;
      bool batch = eq && nch > 0 && !md_xfade_is_off (&eq->xf) && eq_is_steady (eq);

      if (eq && nch > 0 && !md_xfade_is_off (&eq->xf) && !batch)
        md_eq_process (eq, chs[i], nch, n_frames);
      for (unsigned c = 0; c < (batch ? nch : 1); c++)
        {
          if ((batch && n_lanes == MD_BIQUAD_MAX_LANES) || (i == n && n_lanes > 0))
            {
              md_biquad_run_lanes (cp, sp, n_lanes, MD_EQ_N_BANDS, lane_buf, n_frames);
              for (unsigned j = 0; j < n_lanes; j++)
                {
                  MdEq *le = lane_eq[j];

                  if (lane_c[j] == 0)
                    le->phase = (le->phase + n_frames) % MD_DSP_SUB_FRAMES;
                  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
                    if (md_biquad_sanitize (&le->st[lane_c[j]][b]))
                      le->n_resets++;
                }
              n_lanes = 0;
            }
          if (batch)
            {
              /* steady: all four bands as sections (flat ones as the exact
               * identity, which also keeps their history as md_eq_process
               * does) */
              for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
                co[n_lanes][b] = eq->sm[b].c;
              lane_eq[n_lanes] = eq;
              lane_c[n_lanes] = c;
              lane_buf[n_lanes] = chs[i][c];
              cp[n_lanes] = co[n_lanes];
              sp[n_lanes] = eq->st[c];
              n_lanes++;
            }
        }
    }
}

void
md_eq_process_multi (MdEq *const *eqs, float *const *bufs, unsigned n, unsigned n_frames)
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
      md_eq_process_multi_ch (eqs + i0, chs, n_ch, k, n_frames);
    }
}
