/* md-filter.c: Butterworth HPF/LPF, 12 or 24 dB/oct.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-filter.h"

#include <math.h>
#include <string.h>

/* every writer of xf, slope_xf, cur, the chains or the targets: the
 * cached steady flag no longer holds, and lane lists built from the
 * filter (md_chan's) are stale */
static void
filter_touch (MdFilter *f)
{
  f->steady = false;
  f->gen++;
}

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
  for (unsigned k = 0; k < 2; k++)
    {
      md_svf_from_smooth (&c->sv[k], &c->sm[k]);
      md_svf_ramp_start (&c->sv[k]);          /* starts here: no ramp */
    }
}

static void
chain_prime (MdFilterChain *c, unsigned ch, float x)
{
  for (unsigned k = 0; k < n_sections (c); k++)
    {
      md_svf_prime (&c->st[ch][k], x);
      x = (float) (c->sv[k].dc_gain * x);
    }
}

/* jump both sections to their targets */
static void
chain_snap (MdFilterChain *c)
{
  for (unsigned k = 0; k < 2; k++)
    {
      md_biquad_smooth_snap (&c->sm[k]);
      md_svf_from_smooth (&c->sv[k], &c->sm[k]);
      md_svf_ramp_start (&c->sv[k]);
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
    {
      md_biquad_smooth_step (&c->sm[k]);
      md_svf_from_smooth (&c->sv[k], &c->sm[k]);
    }
}

static bool
chain_ramping (const MdFilterChain *c)
{
  return md_svf_ramping (&c->sv[0]) || md_svf_ramping (&c->sv[1]);
}

/* at a sub-block grid point: end the last ramp, step the glide */
static void
chain_grid (MdFilterChain *c)
{
  md_svf_ramp_start (&c->sv[0]);
  md_svf_ramp_start (&c->sv[1]);
  if (chain_moving (c))
    chain_step (c);
}

static void
chain_run (MdFilterChain *c, unsigned ch, float *buf, unsigned n, unsigned phase)
{
  const MdSvfSection *secs[2] = { &c->sv[0], &c->sv[1] };
  MdSvfState *st[1] = { c->st[ch] };
  float *chs[1] = { buf };

  md_svf_run_unit (secs, n_sections (c), st, 1, chs, n, phase);
}

static void
chain_run2 (MdFilterChain *c, float *a, float *b, unsigned n, unsigned phase)
{
  const MdSvfSection *secs[2] = { &c->sv[0], &c->sv[1] };
  MdSvfState *st[2] = { c->st[0], c->st[1] };
  float *chs[2] = { a, b };

  md_svf_run_unit (secs, n_sections (c), st, 2, chs, n, phase);
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

  filter_touch (f);
  if (cur->slope_db_oct != f->t_slope_db_oct)
    chain_setup (f, cur, f->t_slope_db_oct, f->t_freq_hz);
  chain_snap (cur);
  f->slope_xf.pos = f->slope_xf.len;
  f->xf.pos = f->xf.on_target ? f->xf.len : 0;
}

void
md_filter_set_on (MdFilter *f, bool on)
{
  filter_touch (f);
  md_xfade_set (&f->xf, on);
}

void
md_filter_set_freq (MdFilter *f, double freq_hz)
{
  filter_touch (f);
  f->t_freq_hz = freq_hz;
  chain_set_freq (f, &f->chain[0], freq_hz);
  chain_set_freq (f, &f->chain[1], freq_hz);
}

void
md_filter_set_slope (MdFilter *f, unsigned slope_db_oct)
{
  filter_touch (f);
  f->t_slope_db_oct = slope_db_oct == 24 ? 24u : 12u;
}

void
md_filter_process (MdFilter *f, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  MdFilterChain *cur;
  float dry[MD_DSP_MAX_CH][MD_DSP_SUB_FRAMES], old[MD_DSP_MAX_CH][MD_DSP_SUB_FRAMES];
  unsigned pos = 0;

  filter_touch (f);
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
      chain_snap (cur);
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
      /* from the state the chain would have after a constant input equal
       * to the next sample (the crossfade hides the difference) */
      for (unsigned c = 0; c < n_ch; c++)
        chain_prime (cur, c, ch[c][0]);
      f->slope_xf.pos = 0;
    }

  while (pos < n_frames)
    {
      MdFilterChain *prev = &f->chain[f->cur ^ 1u];
      bool moving = chain_moving (cur) || chain_ramping (cur);
      bool fade = !md_xfade_is_on (&f->xf);
      bool sfade = !md_xfade_is_on (&f->slope_xf);
      unsigned len = n_frames - pos;

      /* parameters step only on the sub-block grid (see md-eq.c) */
      if (moving || fade || sfade)
        {
          if (len > MD_DSP_SUB_FRAMES - f->phase)
            len = MD_DSP_SUB_FRAMES - f->phase;
          if (f->phase == 0)
            {
              chain_grid (cur);
              if (sfade)
                chain_grid (prev);
            }
        }

      for (unsigned c = 0; c < n_ch; c++)
        {
          if (fade)
            memcpy (dry[c], ch[c] + pos, len * sizeof (float));
          if (sfade)
            {
              memcpy (old[c], ch[c] + pos, len * sizeof (float));
              chain_run (prev, c, old[c], len, f->phase);
            }
        }
      if (n_ch == 2)
        chain_run2 (cur, ch[0] + pos, ch[1] + pos, len, f->phase);
      else
        chain_run (cur, 0, ch[0] + pos, len, f->phase);
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
    f->n_resets += md_svf_sanitize_n (f->chain[0].st[c], 2)
                   + md_svf_sanitize_n (f->chain[1].st[c], 2);
}

/* steady and every section in float: the lane kernel can run it (this
 * runs for every unit every block: the fields are read directly, as
 * md_xfade_is_on and md_biquad_smooth_moving would) */
static bool
filter_lanes_ok (const MdFilter *f)
{
  const MdFilterChain *cur = &f->chain[f->cur];

  return f->xf.on_target && f->xf.pos == f->xf.len
         && f->slope_xf.on_target && f->slope_xf.pos == f->slope_xf.len
         && cur->slope_db_oct == f->t_slope_db_oct && !cur->sm[0].moving
         && !chain_ramping (cur) && !cur->sv[0].dbl
         && (n_sections (cur) == 1 || !cur->sv[1].dbl);
}

bool
md_filter_steady (MdFilter *f)
{
  /* a steady filter stays steady through the lane path (it changes only
   * the states and the phase), so the check runs once per change */
  if (!f->steady)
    f->steady = filter_lanes_ok (f);
  return f->steady;
}

unsigned
md_filter_steady_sections (MdFilter *f, unsigned ch, const MdSvfSection **sec, MdSvfState **st)
{
  MdFilterChain *cur = &f->chain[f->cur];
  unsigned n = n_sections (cur);

  for (unsigned k = 0; k < n; k++)
    {
      sec[k] = &cur->sv[k];
      st[k] = &cur->st[ch][k];
    }
  return n;
}

void
md_filter_steady_done (MdFilter *f, unsigned n_ch, unsigned n_frames, bool sanitize)
{
  MdFilterChain *cur = &f->chain[f->cur];

  f->phase = (f->phase + n_frames) % MD_DSP_SUB_FRAMES;
  /* only the states that ran: every process ends by sanitising all of
   * them, and sanitising a clean state changes nothing */
  for (unsigned c = 0; sanitize && c < n_ch; c++)
    f->n_resets += md_svf_sanitize_n (cur->st[c], n_sections (cur));
}

void
md_filter_process_multi_ch (MdFilter *const *fs, float *const *const *chs, const unsigned *n_ch,
                            unsigned n, unsigned n_frames)
{
  /* two groups: 12 dB (1 section) and 24 dB (2 sections); one lane per
   * channel, up to MD_SVF_MAX_LANES a pass */
  MdSvfLane lanes[2][MD_SVF_MAX_LANES];
  MdFilter *lane_f[2][MD_SVF_MAX_LANES];
  unsigned lane_c[2][MD_SVF_MAX_LANES];
  unsigned n_lanes[2] = { 0, 0 };

  if (n_frames == 0)
    return;
  for (unsigned i = 0; i <= n; i++)
    {
      unsigned nch = i < n ? (n_ch[i] < MD_DSP_MAX_CH ? n_ch[i] : MD_DSP_MAX_CH) : 0;
      MdFilter *f = i < n ? fs[i] : NULL;
      bool on = f && nch > 0 && !md_xfade_is_off (&f->xf);
      bool batch = on && filter_lanes_ok (f);
      unsigned g = batch ? n_sections (&f->chain[f->cur]) - 1 : 0;

      if (on && !batch)
        md_filter_process (f, chs[i], nch, n_frames);
      for (unsigned gg = 0; gg < 2; gg++)
        if ((batch && gg == g && n_lanes[gg] + nch > MD_SVF_MAX_LANES)
            || (i == n && n_lanes[gg] > 0))
          {
            md_svf_run_lanes (lanes[gg], n_lanes[gg], gg + 1, n_frames);
            for (unsigned j = 0; j < n_lanes[gg]; j++)
              {
                MdFilter *lf = lane_f[gg][j];

                if (lane_c[gg][j] == 0)
                  lf->phase = (lf->phase + n_frames) % MD_DSP_SUB_FRAMES;
                lf->n_resets += md_svf_sanitize_n (lf->chain[0].st[lane_c[gg][j]], 2)
                                + md_svf_sanitize_n (lf->chain[1].st[lane_c[gg][j]], 2);
              }
            n_lanes[gg] = 0;
          }
      if (batch)
        for (unsigned c = 0; c < nch; c++)
          {
            unsigned l = n_lanes[g]++;
            const MdSvfSection *sec[2];
            MdSvfState *st[2];
            unsigned ns = md_filter_steady_sections (f, c, sec, st);

            for (unsigned k = 0; k < ns; k++)
              {
                lanes[g][l].c[k] = &sec[k]->c;
                lanes[g][l].s[k] = st[k];
              }
            lanes[g][l].buf = chs[i][c];
            lane_f[g][l] = f;
            lane_c[g][l] = c;
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
