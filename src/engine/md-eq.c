/* md-eq.c: 4-band parametric EQ.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-eq.h"

#include <string.h>

/* every writer of xf, sm, sv: the cached steady flag no longer holds, and
 * lane lists built from the EQ (md_chan's) are stale */
static void
eq_touch (MdEq *eq)
{
  eq->steady = false;
  eq->gen++;
}

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

  eq_touch (eq);

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
      md_svf_from_smooth (&eq->sv[b], &eq->sm[b]);
      md_svf_ramp_start (&eq->sv[b]);
    }
}

void
md_eq_snap (MdEq *eq)
{
  eq_touch (eq);
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    {
      md_biquad_smooth_snap (&eq->sm[b]);
      md_svf_from_smooth (&eq->sv[b], &eq->sm[b]);
      md_svf_ramp_start (&eq->sv[b]);
    }
  eq->xf.pos = eq->xf.on_target ? eq->xf.len : 0;
}

void
md_eq_set_on (MdEq *eq, bool on)
{
  eq_touch (eq);
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

static void
run_bands (MdEq *eq, float *const *ch, unsigned n_ch, unsigned pos, unsigned len)
{
  const MdSvfSection *secs[MD_EQ_N_BANDS];
  MdSvfState *st[MD_DSP_MAX_CH];
  float *bufs[MD_DSP_MAX_CH];

  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    secs[b] = &eq->sv[b];
  for (unsigned c = 0; c < n_ch; c++)
    {
      st[c] = eq->st[c];
      bufs[c] = ch[c] + pos;
    }
  md_svf_run_unit (secs, MD_EQ_N_BANDS, st, n_ch, bufs, len, eq->phase);
}

void
md_eq_process (MdEq *eq, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  eq_touch (eq);
  unsigned pos = 0;

  if (md_xfade_is_off (&eq->xf) || n_frames == 0 || n_ch == 0)
    return;
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;

  if (eq->xf.pos == 0)
    {
      /* switching on from fully off: at the targets, from the state of a
       * constant input equal to the first sample */
      eq->phase = 0;
      for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
        {
          md_biquad_smooth_snap (&eq->sm[b]);
          md_svf_from_smooth (&eq->sv[b], &eq->sm[b]);
          md_svf_ramp_start (&eq->sv[b]);
        }
      for (unsigned c = 0; c < n_ch; c++)
        {
          float x = ch[c][0];

          for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
            {
              md_svf_prime (&eq->st[c][b], x);
              x = (float) (eq->sv[b].dc_gain * x);
            }
        }
    }

  while (pos < n_frames)
    {
      bool moving = false;
      bool fade = !md_xfade_is_on (&eq->xf);
      unsigned len = n_frames - pos;
      float dry[MD_DSP_MAX_CH][MD_DSP_SUB_FRAMES];

      /* parameters step only on the sub-block grid (counted in frames
       * processed since switching on), so the output does not depend on
       * how the frames are split into process calls */
      for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
        {
          if (eq->phase == 0)
            md_svf_ramp_start (&eq->sv[b]);      /* the last ramp ends here */
          if (md_biquad_smooth_moving (&eq->sm[b]))
            {
              moving = true;
              if (eq->phase == 0)
                {
                  md_biquad_smooth_step (&eq->sm[b]);
                  md_svf_from_smooth (&eq->sv[b], &eq->sm[b]);
                }
            }
          moving |= md_svf_ramping (&eq->sv[b]);
        }
      if ((moving || fade) && len > MD_DSP_SUB_FRAMES - eq->phase)
        len = MD_DSP_SUB_FRAMES - eq->phase;

      /* every band runs, flat ones too (their output is their input, their
       * state runs on, so they start from it without a step) */
      if (fade)
        for (unsigned c = 0; c < n_ch; c++)
          memcpy (dry[c], ch[c] + pos, len * sizeof (float));
      run_bands (eq, ch, n_ch, pos, len);
      if (fade)
        {
          for (unsigned c = 0; c < n_ch; c++)
            md_xfade_mix (&eq->xf, dry[c], ch[c] + pos, len);
          md_xfade_advance (&eq->xf, len);
        }
      eq->phase = (eq->phase + len) % MD_DSP_SUB_FRAMES;
      pos += len;
    }

  for (unsigned c = 0; c < n_ch; c++)
    eq->n_resets += md_svf_sanitize_n (eq->st[c], MD_EQ_N_BANDS);
}

/* steady and every band in float: the lane kernel can run it */
static bool
eq_lanes_ok (const MdEq *eq)
{
  /* every unit every block: the fields are read directly, as
   * md_xfade_is_on and md_biquad_smooth_moving would */
  if (!eq->xf.on_target || eq->xf.pos != eq->xf.len)
    return false;
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    if (eq->sv[b].dbl || eq->sm[b].moving || md_svf_ramping (&eq->sv[b]))
      return false;
  return true;
}

bool
md_eq_steady (MdEq *eq)
{
  /* a steady EQ stays steady through the lane path (it changes only the
   * states and the phase), so the check runs once per change */
  if (!eq->steady)
    eq->steady = eq_lanes_ok (eq);
  return eq->steady;
}

unsigned
md_eq_steady_sections (MdEq *eq, unsigned ch, const MdSvfSection **sec, MdSvfState **st)
{
  for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
    {
      sec[b] = &eq->sv[b];
      st[b] = &eq->st[ch][b];
    }
  return MD_EQ_N_BANDS;
}

void
md_eq_steady_done (MdEq *eq, unsigned n_ch, unsigned n_frames, bool sanitize)
{
  eq->phase = (eq->phase + n_frames) % MD_DSP_SUB_FRAMES;
  for (unsigned c = 0; sanitize && c < n_ch; c++)
    eq->n_resets += md_svf_sanitize_n (eq->st[c], MD_EQ_N_BANDS);
}

void
md_eq_process_multi_ch (MdEq *const *eqs, float *const *const *chs, const unsigned *n_ch,
                        unsigned n, unsigned n_frames)
{
  /* one lane per channel, up to MD_SVF_MAX_LANES a pass */
  MdSvfLane lanes[MD_SVF_MAX_LANES];
  MdEq *lane_eq[MD_SVF_MAX_LANES];
  unsigned lane_c[MD_SVF_MAX_LANES];
  unsigned n_lanes = 0;

  if (n_frames == 0)
    return;
  for (unsigned i = 0; i <= n; i++)
    {
      unsigned nch = i < n ? (n_ch[i] < MD_DSP_MAX_CH ? n_ch[i] : MD_DSP_MAX_CH) : 0;
      MdEq *eq = i < n ? eqs[i] : NULL;
      bool on = eq && nch > 0 && !md_xfade_is_off (&eq->xf);
      bool batch = on && eq_lanes_ok (eq);

      if (on && !batch)
        md_eq_process (eq, chs[i], nch, n_frames);
      if ((batch && n_lanes + nch > MD_SVF_MAX_LANES) || (i == n && n_lanes > 0))
        {
          md_svf_run_lanes (lanes, n_lanes, MD_EQ_N_BANDS, n_frames);
          for (unsigned j = 0; j < n_lanes; j++)
            {
              MdEq *le = lane_eq[j];

              if (lane_c[j] == 0)
                le->phase = (le->phase + n_frames) % MD_DSP_SUB_FRAMES;
              le->n_resets += md_svf_sanitize_n (le->st[lane_c[j]], MD_EQ_N_BANDS);
            }
          n_lanes = 0;
        }
      if (batch)
        for (unsigned c = 0; c < nch; c++)
          {
            for (unsigned b = 0; b < MD_EQ_N_BANDS; b++)
              {
                lanes[n_lanes].c[b] = &eq->sv[b].c;
                lanes[n_lanes].s[b] = &eq->st[c][b];
              }
            lanes[n_lanes].buf = chs[i][c];
            lane_eq[n_lanes] = eq;
            lane_c[n_lanes++] = c;
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
