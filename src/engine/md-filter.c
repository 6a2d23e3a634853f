/* md-filter.c: Butterworth HPF/LPF, 12 or 24 dB/oct.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-filter.h"

#include <math.h>
#include <string.h>

static unsigned
n_sections (const MdFilterChain *c)
{
  return c->slope_db_oct == 24 ? 2u : 1u;
}

static void
chain_setup (MdFilter *f, MdFilterChain *c, unsigned slope, double freq_hz)
{
  c->slope_db_oct = slope == 24 ? 24u : 12u;
  if (c->slope_db_oct == 24)
    {
      md_biquad_smooth_init (&c->sm[0], f->sample_rate, f->type, freq_hz, 0.0, MD_FILTER_Q_BW4_1);
      md_biquad_smooth_init (&c->sm[1], f->sample_rate, f->type, freq_hz, 0.0, MD_FILTER_Q_BW4_2);
    }
  else
    {
      md_biquad_smooth_init (&c->sm[0], f->sample_rate, f->type, freq_hz, 0.0, MD_FILTER_Q_BW2);
      md_biquad_smooth_init (&c->sm[1], f->sample_rate, f->type, freq_hz, 0.0, MD_FILTER_Q_BW2);
    }
}

static void
chain_prime (MdFilterChain *c, unsigned ch, double x)
{
  for (unsigned k = 0; k < n_sections (c); k++)
    {
      md_biquad_prime (&c->st[ch][k], &c->sm[k].c, x);
      x = c->st[ch][k].y1;
    }
}

static void
chain_set_freq (MdFilter *f, MdFilterChain *c, double freq_hz)
{
  for (unsigned k = 0; k < 2; k++)
    md_biquad_smooth_set (&c->sm[k], f->type, freq_hz, 0.0, c->sm[k].t_q);
}

static bool
chain_moving (const MdFilterChain *c)
{
  return md_biquad_smooth_moving (&c->sm[0]);   /* both sections share freq */
}

static void
chain_step (MdFilterChain *c)
{
  for (unsigned k = 0; k < n_sections (c); k++)
    md_biquad_smooth_step (&c->sm[k]);
}

static void
chain_run (MdFilterChain *c, unsigned ch, float *buf, unsigned n)
{
  MdBiquadCoefs co[2];

  co[0] = c->sm[0].c;
  co[1] = c->sm[1].c;
  md_biquad_run_cascade (co, c->st[ch], n_sections (c), buf, n);
}

static void
chain_run2 (MdFilterChain *c, float *a, float *b, unsigned n)
{
  MdBiquadCoefs co[2];

  co[0] = c->sm[0].c;
  co[1] = c->sm[1].c;
  md_biquad_run_cascade2 (co, c->st[0], c->st[1], n_sections (c), a, b, n);
}

void
md_filter_init (MdFilter *f, double sample_rate, MdBiquadType type,
                bool on, double freq_hz, unsigned slope_db_oct)
{
  memset (f, 0, sizeof *f);
  f->type = type == MD_BIQUAD_LOWPASS ? MD_BIQUAD_LOWPASS : MD_BIQUAD_HIGHPASS;
  f->sample_rate = sample_rate;
  f->t_freq_hz = freq_hz;
  f->t_slope_db_oct = slope_db_oct == 24 ? 24u : 12u;
  md_xfade_init (&f->xf, sample_rate, on);
  md_xfade_init (&f->slope_xf, sample_rate, true);
  f->cur = 0;
  chain_setup (f, &f->chain[0], f->t_slope_db_oct, freq_hz);
  chain_setup (f, &f->chain[1], f->t_slope_db_oct, freq_hz);
}

void
md_filter_snap (MdFilter *f)
{
  MdFilterChain *cur = &f->chain[f->cur];

  if (cur->slope_db_oct != f->t_slope_db_oct)
    chain_setup (f, cur, f->t_slope_db_oct, f->t_freq_hz);
  for (unsigned k = 0; k < 2; k++)
    md_biquad_smooth_snap (&cur->sm[k]);
  f->slope_xf.pos = f->slope_xf.len;
  f->xf.pos = f->xf.on_target ? f->xf.len : 0;
}

void
md_filter_set_on (MdFilter *f, bool on)
{
  md_xfade_set (&f->xf, on);
}

void
md_filter_set_freq (MdFilter *f, double freq_hz)
{
  f->t_freq_hz = freq_hz;
  chain_set_freq (f, &f->chain[0], freq_hz);
  chain_set_freq (f, &f->chain[1], freq_hz);
}

void
md_filter_set_slope (MdFilter *f, unsigned slope_db_oct)
{
  f->t_slope_db_oct = slope_db_oct == 24 ? 24u : 12u;
}

void
md_filter_process (MdFilter *f, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  MdFilterChain *cur;
  float dry[MD_DSP_MAX_CH][MD_DSP_SUB_FRAMES], old[MD_DSP_MAX_CH][MD_DSP_SUB_FRAMES];
  unsigned pos = 0;

  if (md_xfade_is_off (&f->xf) || n_frames == 0 || n_ch == 0)
    return;
  if (n_ch > MD_DSP_MAX_CH)
    n_ch = MD_DSP_MAX_CH;

  cur = &f->chain[f->cur];
  if (f->xf.pos == 0)
    {
      /* switching on from fully off: start at the targets, from a state
       * consistent with the first input sample */
      f->phase = 0;
      if (cur->slope_db_oct != f->t_slope_db_oct)
        chain_setup (f, cur, f->t_slope_db_oct, f->t_freq_hz);
      for (unsigned k = 0; k < 2; k++)
        md_biquad_smooth_snap (&cur->sm[k]);
      for (unsigned c = 0; c < n_ch; c++)
        chain_prime (cur, c, ch[c][0]);
      f->slope_xf.pos = f->slope_xf.len;
    }
  else if (cur->slope_db_oct != f->t_slope_db_oct && md_xfade_is_on (&f->slope_xf))
    {
      /* slope change: new chain at the old chain's current frequency,
       * crossfaded in */
      MdFilterChain *prev = cur;

      f->cur ^= 1u;
      cur = &f->chain[f->cur];
      chain_setup (f, cur, f->t_slope_db_oct, exp2 (prev->sm[0].lf));
      chain_set_freq (f, cur, f->t_freq_hz);
      for (unsigned c = 0; c < n_ch; c++)
        chain_prime (cur, c, prev->st[c][0].x1);
      f->slope_xf.pos = 0;
    }

  while (pos < n_frames)
    {
      MdFilterChain *prev = &f->chain[f->cur ^ 1u];
      bool moving = chain_moving (cur);
      bool fade = !md_xfade_is_on (&f->xf);
      bool sfade = !md_xfade_is_on (&f->slope_xf);
      unsigned len = n_frames - pos;

      /* parameters step only on the sub-block grid (see md-eq.c) */
      if (moving || fade || sfade)
        {
          if (len > MD_DSP_SUB_FRAMES - f->phase)
            len = MD_DSP_SUB_FRAMES - f->phase;
          if (moving && f->phase == 0)
            chain_step (cur);
          if (sfade && f->phase == 0 && chain_moving (prev))
            chain_step (prev);
        }

      for (unsigned c = 0; c < n_ch; c++)
        {
          if (fade)
            memcpy (dry[c], ch[c] + pos, len * sizeof (float));
          if (sfade)
            {
              memcpy (old[c], ch[c] + pos, len * sizeof (float));
              chain_run (prev, c, old[c], len);
            }
        }
      if (n_ch == 2)
        chain_run2 (cur, ch[0] + pos, ch[1] + pos, len);
      else
        chain_run (cur, 0, ch[0] + pos, len);
      for (unsigned c = 0; c < n_ch; c++)
        {
          if (sfade)
            md_xfade_mix (&f->slope_xf, old[c], ch[c] + pos, len);
          if (fade)
            md_xfade_mix (&f->xf, dry[c], ch[c] + pos, len);
        }
      if (fade)
        md_xfade_advance (&f->xf, len);
      if (sfade)
        md_xfade_advance (&f->slope_xf, len);
      f->phase = (f->phase + len) % MD_DSP_SUB_FRAMES;
      pos += len;
    }

  for (unsigned c = 0; c < n_ch; c++)
    for (unsigned k = 0; k < 2; k++)
      {
        if (md_biquad_sanitize (&f->chain[0].st[c][k]))
          f->n_resets++;
        if (md_biquad_sanitize (&f->chain[1].st[c][k]))
          f->n_resets++;
      }
}

static bool
filter_is_steady (const MdFilter *f)
{
  const MdFilterChain *cur = &f->chain[f->cur];

  return md_xfade_is_on (&f->xf) && md_xfade_is_on (&f->slope_xf)
         && cur->slope_db_oct == f->t_slope_db_oct && !chain_moving (cur);
}

bool
md_filter_steady (const MdFilter *f)
{
  return filter_is_steady (f);
}

unsigned
md_filter_steady_sections (MdFilter *f, unsigned ch, const MdBiquadCoefs **co,
                           MdBiquadState **st)
{
  MdFilterChain *cur = &f->chain[f->cur];
  unsigned n = n_sections (cur);

  for (unsigned k = 0; k < n; k++)
    {
      co[k] = &cur->sm[k].c;
      st[k] = &cur->st[ch][k];
    }
  return n;
}

void
md_filter_steady_done (MdFilter *f, unsigned n_ch, unsigned n_frames)
{
  MdFilterChain *cur = &f->chain[f->cur];

  f->phase = (f->phase + n_frames) % MD_DSP_SUB_FRAMES;
  /* only the states that ran: every process ends by sanitising all of
   * them, and sanitising a clean state changes nothing */
  for (unsigned c = 0; c < n_ch; c++)
    f->n_resets += md_biquad_sanitize_n (cur->st[c], n_sections (cur));
}

void
md_filter_process_multi_ch (MdFilter *const *fs, float *const *const *chs, const unsigned *n_ch,
                            unsigned n, unsigned n_frames)
{
  /* two groups: 12 dB (1 section) and 24 dB (2 sections); one lane per
   * channel, all of a filter's channels with its coefficients */
  MdFilter *lane_f[2][MD_BIQUAD_MAX_LANES];
  unsigned lane_c[2][MD_BIQUAD_MAX_LANES];
  float *lane_buf[2][MD_BIQUAD_MAX_LANES];
  MdBiquadCoefs co[2][MD_BIQUAD_MAX_LANES][2];
  MdBiquadCoefs *cp[2][MD_BIQUAD_MAX_LANES];
  MdBiquadState *sp[2][MD_BIQUAD_MAX_LANES];
  unsigned n_lanes[2] = { 0, 0 };

  if (n_frames == 0)
    return;
  for (unsigned i = 0; i <= n; i++)
    {
      unsigned nch = i < n ? (n_ch[i] < MD_DSP_MAX_CH ? n_ch[i] : MD_DSP_MAX_CH) : 0;
      MdFilter *f = i < n ? fs[i] : NULL;
      MdFilterChain *cur = f ? &f->chain[f->cur] : NULL;
      bool batch = f && nch > 0 && !md_xfade_is_off (&f->xf) && filter_is_steady (f);

      if (f && nch > 0 && !md_xfade_is_off (&f->xf) && !batch)
        md_filter_process (f, chs[i], nch, n_frames);
      for (unsigned c = 0; c < (batch ? nch : 1); c++)
        {
          unsigned g0 = batch ? n_sections (cur) - 1 : 0;

          for (unsigned g = 0; g < 2; g++)
            if ((batch && g == g0 && n_lanes[g] == MD_BIQUAD_MAX_LANES)
                || (i == n && n_lanes[g] > 0))
              {
                md_biquad_run_lanes (cp[g], sp[g], n_lanes[g], g + 1, lane_buf[g], n_frames);
                for (unsigned j = 0; j < n_lanes[g]; j++)
                  {
                    MdFilter *lf = lane_f[g][j];
                    unsigned lc = lane_c[g][j];

                    if (lc == 0)
                      lf->phase = (lf->phase + n_frames) % MD_DSP_SUB_FRAMES;
                    for (unsigned k = 0; k < 2; k++)
                      {
                        if (md_biquad_sanitize (&lf->chain[0].st[lc][k]))
                          lf->n_resets++;
                        if (md_biquad_sanitize (&lf->chain[1].st[lc][k]))
                          lf->n_resets++;
                      }
                  }
                n_lanes[g] = 0;
              }
          if (batch)
            {
              unsigned l = n_lanes[g0]++;

              co[g0][l][0] = cur->sm[0].c;
              co[g0][l][1] = cur->sm[1].c;
              cp[g0][l] = co[g0][l];
              sp[g0][l] = cur->st[c];
              lane_f[g0][l] = f;
              lane_c[g0][l] = c;
              lane_buf[g0][l] = chs[i][c];
            }
        }
    }
}

void
md_filter_process_multi (MdFilter *const *fs, float *const *bufs, unsigned n,
                         unsigned n_frames)
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
      md_filter_process_multi_ch (fs + i0, chs, n_ch, k, n_frames);
    }
}
