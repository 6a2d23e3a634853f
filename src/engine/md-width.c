/* md-width.c: stereo width (M/S) and mono check.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-width.h"

#include <math.h>
#include <string.h>

#include "md-biquad.h"

static float
target (const MdWidth *w)
{
  if (!w->on)
    return 1.0f;
  return w->mono ? 0.0f : w->width;
}

void
md_width_init (MdWidth *w, double sample_rate)
{
  double n = floor (MD_DSP_XFADE_MS * 0.001 * sample_rate + 0.5);

  memset (w, 0, sizeof *w);
  w->sample_rate = sample_rate;
  w->ramp_len = n < 1.0 ? 1u : (unsigned) n;
  w->on = true;
  w->width = 1.0f;
  md_width_snap (w);
}

void
md_width_snap (MdWidth *w)
{
  w->w = w->w_to = target (w);
  w->ramp_left = 0;
  w->w_step = 0.0f;
}

void md_width_set_on (MdWidth *w, bool on) { w->on = on; }
void md_width_set_mono (MdWidth *w, bool mono) { w->mono = mono; }

void
md_width_set_width (MdWidth *w, double width)
{
  if (!(width >= 0.0))            /* also NaN */
    width = 0.0;
  w->width = (float) (width > MD_WIDTH_MAX ? MD_WIDTH_MAX : width);
}

float
md_width_current (const MdWidth *w)
{
  return w->w;
}

void
md_width_process (MdWidth *w, float *const *ch, unsigned n_ch, unsigned n_frames)
{
  float t = target (w);
  float *l, *r;
  unsigned i = 0;

  if (n_ch != 2 || n_frames == 0)
    return;
  if (t != w->w_to)
    {
      /* new target: ramp from where we are */
      w->w_to = t;
      w->ramp_left = w->ramp_len;
      w->w_step = (t - w->w) / (float) w->ramp_len;
    }
  if (w->ramp_left == 0 && w->w == 1.0f)
    return;
  l = ch[0];
  r = ch[1];
  if (w->ramp_left > 0)
    {
      unsigned n = w->ramp_left < n_frames ? w->ramp_left : n_frames;
      float w0 = w->w;

      for (; i < n; i++)
        {
          float wi = w0 + w->w_step * (float) (i + 1);
          float a = 0.5f + 0.5f * wi, b = 0.5f - 0.5f * wi;
          float x = l[i], y = r[i];

          l[i] = a * x + b * y;
          r[i] = b * x + a * y;
        }
      w->ramp_left -= n;
      w->w = w->ramp_left == 0 ? w->w_to : w0 + w->w_step * (float) n;
    }
  if (i < n_frames && w->w != 1.0f)
    {
      float a = 0.5f + 0.5f * w->w, b = 0.5f - 0.5f * w->w;

      for (; i < n_frames; i++)
        {
          float x = l[i], y = r[i];

          l[i] = a * x + b * y;
          r[i] = b * x + a * y;
        }
    }
}
