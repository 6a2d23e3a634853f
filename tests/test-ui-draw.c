/* test-ui-draw.c: the drawing geometry of the mixer widgets, without a
 * display — meter scale, ballistics, fader taper in pixels, EQ curves
 * against the RBJ cookbook's closed forms.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <math.h>

#include "md-dyn.h"
#include "md-params.h"
#include "ui/md-draw.h"
#include "ui/md-ui-util.h"

#define RATE 48000.0

/* Which rows the lanes view shows, the Add Lane search, the time
 * scrollbar's end. */
static void
test_lane_choice (void)
{
  /* automation is never out of sight, whatever the view state says */
  g_assert_true (md_draw_lane_shown (true, false, false, true));
  g_assert_true (md_draw_lane_shown (true, true, false, true));
  g_assert_true (md_draw_lane_shown (true, false, false, false));
  /* defaults and added rows until hidden */
  g_assert_true (md_draw_lane_shown (false, true, false, false));
  g_assert_false (md_draw_lane_shown (false, true, false, true));
  g_assert_true (md_draw_lane_shown (false, false, true, false));
  g_assert_false (md_draw_lane_shown (false, false, true, true));
  g_assert_false (md_draw_lane_shown (false, false, false, false));

  /* every word, in the title or the path, ASCII case ignored */
  g_assert_true (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", ""));
  g_assert_true (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", NULL));
  g_assert_true (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", "  "));
  g_assert_true (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", "kick pan"));
  g_assert_true (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", "PAN  kI"));
  g_assert_true (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", "/strip/1/"));
  g_assert_true (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", "strip/1 kick"));
  g_assert_false (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", "kick fader"));
  g_assert_false (md_draw_lane_matches ("Kick · Pan", "/strip/1/pan", "/strip/2"));
  g_assert_true (md_draw_lane_matches ("Bass · Pan", "/strip/2/pan", "·"));
  g_assert_false (md_draw_lane_matches (NULL, "/bus/1/fader", "reverb"));
  g_assert_true (md_draw_lane_matches (NULL, "/bus/1/fader", "bus"));

  /* the scrollbar ends half a page after the last point, the transport or
   * the visible end, whichever is latest */
  g_assert_cmpfloat_with_epsilon (md_draw_lane_scroll_end (-1, 0, 0, 30), 45.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_scroll_end (100, 0, 0, 30), 115.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_scroll_end (100, 200, 0, 30), 215.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_scroll_end (10, 5, 50, 30), 95.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_scroll_end (10, 5, 50, 0), 50.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_scroll_end (10, 5, 50, NAN), 50.0, 1e-12);
}

static void
test_osc_url (void)
{
  gboolean local = TRUE;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

  /* a wildcard bind: the LAN address when known, else loopback */
  a = md_ui_osc_url ("0.0.0.0", 7770, "192.168.1.20", &local);
  g_assert_cmpstr (a, ==, "osc.udp://192.168.1.20:7770/");
  g_assert_false (local);
  b = md_ui_osc_url ("0.0.0.0", 7770, NULL, &local);
  g_assert_cmpstr (b, ==, "osc.udp://127.0.0.1:7770/");
  g_assert_true (local);
  e = md_ui_osc_url ("::", 7770, NULL, &local);
  g_assert_cmpstr (e, ==, "osc.udp://[::1]:7770/");
  g_assert_true (local);
  /* a specific bind is what the tablet uses */
  c = md_ui_osc_url ("127.0.0.1", 9000, "192.168.1.20", &local);
  g_assert_cmpstr (c, ==, "osc.udp://127.0.0.1:9000/");
  g_assert_true (local);
  d = md_ui_osc_url ("10.0.0.5", 7770, "192.168.1.20", &local);
  g_assert_cmpstr (d, ==, "osc.udp://10.0.0.5:7770/");
  g_assert_false (local);
  f = md_ui_osc_url ("fe80::1", 7770, NULL, NULL);
  g_assert_cmpstr (f, ==, "osc.udp://[fe80::1]:7770/");
}

static void
test_colour_parse (void)
{
  double r = -1, g = -1, b = -1;

  g_assert_true (md_ui_colour_parse ("#ff8000", &r, &g, &b));
  g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g, 128 / 255.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (b, 0.0, 1e-12);
  g_assert_true (md_ui_colour_parse ("#F0a", &r, &g, &b));
  g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (b, 170 / 255.0, 1e-12);
  g_assert_false (md_ui_colour_parse (NULL, &r, &g, &b));
  g_assert_false (md_ui_colour_parse ("", &r, &g, &b));
  g_assert_false (md_ui_colour_parse ("red", &r, &g, &b));
  g_assert_false (md_ui_colour_parse ("#12345", &r, &g, &b));
  g_assert_false (md_ui_colour_parse ("#12345g", &r, &g, &b));
}

static void
test_lane_label (void)
{
  static const struct { MdScope scope; const char *name, *label; } cases[] = {
    { MD_SCOPE_MASTER, "fader", "Fader" },
    { MD_SCOPE_MASTER, "mute", "Mute" },
    { MD_SCOPE_MASTER, "width", "Stereo width" },
    { MD_SCOPE_DCA, "fader", "Fader" },
    { MD_SCOPE_DCA, "mute", "Mute" },
    { MD_SCOPE_MGRP, "mute", "Mute" },
    { MD_SCOPE_STRIP, "fader", "Fader" },
    { MD_SCOPE_STRIP, "comp/threshold", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MdParamInfo *info = md_params_find_name (cases[i].scope, cases[i].name);
      g_autofree char *label = NULL;

      g_assert_nonnull (info);
      label = md_ui_lane_param_label (info);
      /* NULL: the table's label, unchanged */
      g_assert_cmpstr (label, ==, cases[i].label ? cases[i].label : info->label);
    }
}

static void
test_target_state (void)
{
  g_assert_cmpint (md_ui_target_state (FALSE, -23.0, TRUE), ==, MD_UI_TARGET_NONE);
  g_assert_cmpint (md_ui_target_state (FALSE, -INFINITY, FALSE), ==, MD_UI_TARGET_NONE);
  /* silence so far: not a failure yet */
  g_assert_cmpint (md_ui_target_state (TRUE, -INFINITY, FALSE), ==, MD_UI_TARGET_MEASURING);
  g_assert_cmpint (md_ui_target_state (TRUE, NAN, FALSE), ==, MD_UI_TARGET_MEASURING);
  g_assert_cmpint (md_ui_target_state (TRUE, -14.2, TRUE), ==, MD_UI_TARGET_PASS);
  g_assert_cmpint (md_ui_target_state (TRUE, -30.0, FALSE), ==, MD_UI_TARGET_FAIL);
}

static void
test_gl_software (void)
{
  g_assert_true (md_ui_gl_renderer_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (md_ui_gl_renderer_is_software ("softpipe"));
  g_assert_true (md_ui_gl_renderer_is_software ("Software Rasterizer"));
  g_assert_true (md_ui_gl_renderer_is_software ("D3D12 (Microsoft Basic Render Driver)"));
  g_assert_false (md_ui_gl_renderer_is_software ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (md_ui_gl_renderer_is_software ("AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)"));
  g_assert_false (md_ui_gl_renderer_is_software ("NVIDIA GeForce GTX 1060/PCIe/SSE2"));
  g_assert_false (md_ui_gl_renderer_is_software ("virgl (NVIDIA GeForce GTX 1060)"));
  g_assert_false (md_ui_gl_renderer_is_software (""));
  g_assert_false (md_ui_gl_renderer_is_software (NULL));
}

static void
test_lin_to_db (void)
{
  g_assert_cmpfloat_with_epsilon (md_draw_lin_to_db (1.0), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lin_to_db (0.5), -6.0206, 1e-4);
  g_assert_cmpfloat (md_draw_lin_to_db (0.0), ==, MD_DRAW_FLOOR_DB);
  g_assert_cmpfloat (md_draw_lin_to_db (-1.0), ==, MD_DRAW_FLOOR_DB);
  g_assert_cmpfloat (md_draw_lin_to_db (NAN), ==, MD_DRAW_FLOOR_DB);
  g_assert_cmpfloat (md_draw_lin_to_db (1e-30), ==, MD_DRAW_FLOOR_DB);
}

static void
test_meter_scale (void)
{
  /* the IEC 60268-18 breakpoints: -20 dB at 50/115, 0 dB at 100/115 */
  g_assert_cmpfloat (md_draw_meter_deflection (-80), ==, 0.0);
  g_assert_cmpfloat (md_draw_meter_deflection (-70), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (md_draw_meter_deflection (-60), 2.5 / 115, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_meter_deflection (-40), 15.0 / 115, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_meter_deflection (-20), 50.0 / 115, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_meter_deflection (0), 100.0 / 115, 1e-12);
  g_assert_cmpfloat (md_draw_meter_deflection (6), ==, 1.0);
  g_assert_cmpfloat (md_draw_meter_deflection (20), ==, 1.0);
  g_assert_cmpfloat (md_draw_meter_deflection (NAN), ==, 0.0);

  /* monotonic, and the inverse is exact in the scale's range */
  for (double db = -75; db < 10; db += 0.25)
    {
      g_assert_cmpfloat (md_draw_meter_deflection (db + 0.25), >=, md_draw_meter_deflection (db));
      if (db > -70 && db < 6)
        g_assert_cmpfloat_with_epsilon (md_draw_meter_db (md_draw_meter_deflection (db)), db, 1e-9);
    }

  /* pixels: 0 dB of a 230 px meter is 30 px from the top; -inf at the bottom */
  g_assert_cmpfloat_with_epsilon (md_draw_meter_y (0, 230), 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_meter_y (MD_DRAW_FLOOR_DB, 230), 230.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_meter_y (6, 230), 0.0, 1e-9);
}

/* The meter as one picture of whole-pixel rectangles (md-meter.c fills
 * them into one cairo node): bars, zones, hold, clip light, GR column. */
static void
test_meter_rects (void)
{
  MdDrawMeterState s = { 0 }, t;
  MdDrawRect r[MD_DRAW_METER_MAX_RECTS];
  int W = md_draw_meter_width (2, 5, true), H = 237;
  int bar_h = H - MD_DRAW_METER_CLIP_H - MD_DRAW_METER_GAP;
  unsigned n, n_gr = 0, n_hold = 0;
  long area_bg = 0;

  /* widths: 2 x 5 + 1 gap, and the 4-pixel GR column after a gap */
  g_assert_cmpint (md_draw_meter_width (2, 5, false), ==, 11);
  g_assert_cmpint (W, ==, 16);
  g_assert_cmpint (md_draw_meter_width (1, 6, false), ==, 6);
  g_assert_cmpint (md_draw_meter_width (1, 6, true), ==, 11);

  /* whole pixels of the IEC scale; GR linear over 24 dB, clamped */
  g_assert_cmpint (md_draw_meter_px (MD_DRAW_METER_TOP_DB, bar_h), ==, bar_h);
  g_assert_cmpint (md_draw_meter_px (MD_DRAW_FLOOR_DB, bar_h), ==, 0);
  g_assert_cmpint (md_draw_meter_px (0, 230), ==, 200);
  g_assert_cmpint (md_draw_meter_gr_px (0, 230), ==, 0);
  g_assert_cmpint (md_draw_meter_gr_px (12, 230), ==, 115);
  g_assert_cmpint (md_draw_meter_gr_px (40, 230), ==, 230);
  g_assert_cmpint (md_draw_meter_gr_px (NAN, 230), ==, 0);

  s.n_channels = 2;
  s.has_gr = true;
  s.bar_h = bar_h;
  s.peak_px[0] = md_draw_meter_px (-3, bar_h);     /* into the red zone */
  s.rms_px[0] = md_draw_meter_px (-12, bar_h);     /* yellow */
  s.hold_px[0] = md_draw_meter_px (-1, bar_h);
  s.peak_px[1] = md_draw_meter_px (-30, bar_h);    /* green only */
  s.rms_px[1] = md_draw_meter_px (-36, bar_h);
  s.hold_px[1] = 0;                                /* no hold line at the bottom */
  s.gr_px = md_draw_meter_gr_px (6, bar_h);
  n = md_draw_meter_rects (&s, W, H, r);
  g_assert_cmpuint (n, >, 10);
  g_assert_cmpuint (n, <=, MD_DRAW_METER_MAX_RECTS);
  for (unsigned i = 0; i < n; i++)
    {
      /* everything inside the widget, no empty rectangles */
      g_assert_cmpint (r[i].x, >=, 0);
      g_assert_cmpint (r[i].y, >=, 0);
      g_assert_cmpint (r[i].w, >, 0);
      g_assert_cmpint (r[i].h, >, 0);
      g_assert_cmpint (r[i].x + r[i].w, <=, W);
      g_assert_cmpint (r[i].y + r[i].h, <=, H);
      if (r[i].colour == MD_DRAW_METER_BG)
        area_bg += (long) r[i].w * r[i].h;
      if (r[i].colour == MD_DRAW_METER_HOLD)
        {
          n_hold++;
          g_assert_cmpint (r[i].x, ==, 0);
          g_assert_cmpint (r[i].y, ==, H - s.hold_px[0]);
        }
      if (r[i].colour == MD_DRAW_METER_GR)
        {
          /* hangs from the top of the bars, right of them */
          n_gr++;
          g_assert_cmpint (r[i].x, ==, W - MD_DRAW_METER_GR_W);
          g_assert_cmpint (r[i].y, ==, MD_DRAW_METER_CLIP_H + MD_DRAW_METER_GAP);
          g_assert_cmpint (r[i].h, ==, s.gr_px);
        }
      /* the right channel stays green; the left one's RMS top is yellow */
      if (r[i].x == 6 && r[i].x + r[i].w <= 11)
        g_assert_true (r[i].colour == MD_DRAW_METER_BG || r[i].colour == MD_DRAW_METER_GREEN ||
                       r[i].colour == MD_DRAW_METER_GREEN_PEAK || r[i].colour == MD_DRAW_METER_TICK);
      if (r[i].colour == MD_DRAW_METER_YELLOW)
        g_assert_cmpint (r[i].y, ==, H - s.rms_px[0]);
      if (r[i].colour == MD_DRAW_METER_RED_PEAK)
        g_assert_cmpint (r[i].y, ==, H - s.peak_px[0]);
      g_assert_true (r[i].colour != MD_DRAW_METER_RED);
    }
  g_assert_cmpuint (n_hold, ==, 1);
  g_assert_cmpuint (n_gr, ==, 1);
  /* two channel backgrounds and the GR column's */
  g_assert_cmpint (area_bg, ==, (long) bar_h * (5 + 5 + MD_DRAW_METER_GR_W));
  /* the first rectangle is the clip light, off */
  g_assert_cmpint (r[0].colour, ==, MD_DRAW_METER_CLIP_OFF);
  g_assert_cmpint (r[0].w, ==, 11);

  /* redraw decisions: any pixel that changes, and only those */
  t = s;
  g_assert_true (md_draw_meter_same (&s, &t));
  t.peak_px[1] = 0;
  t.rms_px[1] = 0;
  t.hold_px[1] = 7;
  t.n_channels = 1;      /* a second channel that is not shown does not count */
  s.n_channels = 1;
  g_assert_true (md_draw_meter_same (&s, &t));
  s.n_channels = t.n_channels = 2;
  g_assert_false (md_draw_meter_same (&s, &t));
  t = s;
  t.gr_px++;
  g_assert_false (md_draw_meter_same (&s, &t));
  s.has_gr = t.has_gr = false;
  g_assert_true (md_draw_meter_same (&s, &t));
  t.clipped = true;
  g_assert_false (md_draw_meter_same (&s, &t));
  /* clipped: the light is on; no GR column without GR */
  n = md_draw_meter_rects (&t, md_draw_meter_width (2, 5, false), H, r);
  g_assert_cmpint (r[0].colour, ==, MD_DRAW_METER_CLIP_ON);
  for (unsigned i = 0; i < n; i++)
    g_assert_true (r[i].colour != MD_DRAW_METER_GR);
  /* too small to draw */
  g_assert_cmpuint (md_draw_meter_rects (&t, 11, MD_DRAW_METER_CLIP_H, r), ==, 0);
}

static void
test_meter_fall (void)
{
  /* rises at once */
  g_assert_cmpfloat (md_draw_meter_fall (-40, -10, 0.033, 20), ==, -10);
  /* falls 20 dB/s: 1 dB in 50 ms */
  g_assert_cmpfloat_with_epsilon (md_draw_meter_fall (-10, -60, 0.05, 20), -11.0, 1e-12);
  /* never below the new reading */
  g_assert_cmpfloat (md_draw_meter_fall (-10, -10.5, 0.05, 20), ==, -10.5);
  /* nor below the floor */
  g_assert_cmpfloat (md_draw_meter_fall (MD_DRAW_FLOOR_DB, MD_DRAW_FLOOR_DB, 10, 20), ==, MD_DRAW_FLOOR_DB);
  /* a negative interval (clock step) does not raise it */
  g_assert_cmpfloat (md_draw_meter_fall (-10, -60, -1, 20), ==, -10);
}

static void
test_fader_taper (void)
{
  const MdParamInfo *strip = md_params_find_name (MD_SCOPE_STRIP, "fader");
  const MdParamInfo *master = md_params_find_name (MD_SCOPE_MASTER, "fader");
  const double top = 12, len = 400;

  g_assert_nonnull (strip);
  g_assert_nonnull (master);

  /* the table's law: +10 dB at the top, 0 dB at 3/4, -inf at the bottom */
  g_assert_cmpfloat_with_epsilon (md_draw_fader_y (strip, 10, top, len), top, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_fader_y (strip, 0, top, len), top + 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_fader_y (strip, -10, top, len), top + 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_fader_y (strip, -30, top, len), top + 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_fader_y (strip, MD_FADER_MIN_DB, top, len), top + len, 1e-9);
  /* same as the table's norm, whatever it is */
  for (double db = -90; db <= 10; db += 0.5)
    {
      double y = md_draw_fader_y (strip, db, top, len);
      g_assert_cmpfloat_with_epsilon (y, top + len * (1 - md_param_to_norm (strip, db)), 1e-9);
      g_assert_cmpfloat_with_epsilon (md_draw_fader_value (strip, y, top, len), db, 1e-9);
    }
  /* the master trims down only: 0 dB at its top */
  g_assert_cmpfloat_with_epsilon (md_draw_fader_y (master, 0, top, len), top, 1e-9);

  /* outside the track clamps */
  g_assert_cmpfloat (md_draw_fader_value (strip, -100, top, len), ==, 10.0);
  g_assert_cmpfloat (md_draw_fader_value (strip, 1000, top, len), ==, MD_FADER_MIN_DB);
}

static void
test_fader_drag (void)
{
  const MdParamInfo *strip = md_params_find_name (MD_SCOPE_STRIP, "fader");

  /* 100 px down on a 400 px track from 0 dB: norm 0.75 -> 0.5 = -10 dB */
  g_assert_cmpfloat_with_epsilon (md_draw_fader_drag (strip, 0, 100, 400, false), -10.0, 1e-9);
  /* fine: a tenth as far, norm 0.725 = -1 dB */
  g_assert_cmpfloat_with_epsilon (md_draw_fader_drag (strip, 0, 100, 400, true), -1.0, 1e-9);
  /* up, clamped at the top */
  g_assert_cmpfloat (md_draw_fader_drag (strip, 0, -1000, 400, false), ==, 10.0);
  g_assert_cmpfloat (md_draw_fader_drag (strip, 0, 1000, 400, false), ==, MD_FADER_MIN_DB);
  /* no movement, no change; a degenerate track changes nothing */
  g_assert_cmpfloat_with_epsilon (md_draw_fader_drag (strip, -6, 0, 400, false), -6, 1e-9);
  g_assert_cmpfloat (md_draw_fader_drag (strip, -6, 50, 0, false), ==, -6);
}

/* closed forms of the RBJ cookbook magnitudes */
static double
rbj_peak_db_at_f0 (double gain_db)
{
  return gain_db;
}

static void
test_eq_peak (void)
{
  MdDrawEqBand band = { true, MD_DRAW_EQ_PEAK, 1000, 6, 1.0 };
  double b[3], a[3];

  md_draw_eq_coeffs (&band, RATE, b, a);
  g_assert_cmpfloat (a[0], ==, 1.0);
  /* the cookbook's direct coefficients for f0 = 1 kHz, Q = 1, +6 dB */
  {
    double A = pow (10, 6 / 40.0), w0 = 2 * M_PI * 1000 / RATE, alpha = sin (w0) / 2.0;
    double a0 = 1 + alpha / A;
    g_assert_cmpfloat_with_epsilon (b[0], (1 + alpha * A) / a0, 1e-12);
    g_assert_cmpfloat_with_epsilon (b[1], -2 * cos (w0) / a0, 1e-12);
    g_assert_cmpfloat_with_epsilon (a[2], (1 - alpha / A) / a0, 1e-12);
  }
  /* gain at f0, unity far away, symmetric cut */
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 1000, RATE), rbj_peak_db_at_f0 (6), 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 20, RATE), 0.0, 0.05);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 20000, RATE), 0.0, 0.1);
  /* bandwidth: with Q = 1 the response at the band edges f0*2^(±1/(2·1.39)) is
   * the geometric half (in dB) of the peak gain for the cookbook's "midpoint"
   * definition: dBgain/2 at the edges */
  {
    double bw_oct = 2.0 / M_LN2 * asinh (1.0 / (2.0 * 1.0));  /* Q -> BW, digital warping ignored */
    double f1 = 1000 * pow (2, -bw_oct / 2);
    g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, f1, RATE), 3.0, 0.1);
  }
  band.gain_db = -6;
  md_draw_eq_coeffs (&band, RATE, b, a);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 1000, RATE), -6.0, 1e-9);
}

static void
test_eq_shelves (void)
{
  MdDrawEqBand lo = { true, MD_DRAW_EQ_LOW_SHELF, 200, 9, 0.707 };
  MdDrawEqBand hi = { true, MD_DRAW_EQ_HIGH_SHELF, 5000, -9, 0.707 };
  double b[3], a[3];

  md_draw_eq_coeffs (&lo, RATE, b, a);
  /* DC gain is exactly the shelf gain, Nyquist unity; half gain at f0 */
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 0.0, RATE), 9.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, RATE / 2, RATE), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 200, RATE), 4.5, 1e-6);

  md_draw_eq_coeffs (&hi, RATE, b, a);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 0.0, RATE), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, RATE / 2, RATE), -9.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_biquad_db (b, a, 5000, RATE), -4.5, 1e-6);
}

static void
test_eq_sum (void)
{
  MdDrawEqBand bands[4] = {
    { true, MD_DRAW_EQ_LOW_SHELF, 100, 3, 0.707 },
    { true, MD_DRAW_EQ_PEAK, 400, -4, 1.4 },
    { false, MD_DRAW_EQ_PEAK, 2500, 12, 1 },     /* off: no effect */
    { true, MD_DRAW_EQ_HIGH_SHELF, 8000, 0, 0.707 },  /* 0 dB: flat */
  };
  for (double f = 20; f < 20000; f *= 1.3)
    {
      double sum = 0, b[3], a[3];
      md_draw_eq_coeffs (&bands[0], RATE, b, a);
      sum += md_draw_biquad_db (b, a, f, RATE);
      md_draw_eq_coeffs (&bands[1], RATE, b, a);
      sum += md_draw_biquad_db (b, a, f, RATE);
      g_assert_cmpfloat_with_epsilon (md_draw_eq_response_db (bands, 4, f, RATE), sum, 1e-9);
    }
  /* all off: flat */
  for (guint i = 0; i < 4; i++)
    bands[i].on = false;
  g_assert_cmpfloat (md_draw_eq_response_db (bands, 4, 1000, RATE), ==, 0.0);
}

static void
test_freq_axis (void)
{
  g_assert_cmpfloat_with_epsilon (md_draw_freq_x (20, 300), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_freq_x (20000, 300), 300.0, 1e-9);
  /* 632 Hz is the geometric middle of 20 Hz..20 kHz */
  g_assert_cmpfloat_with_epsilon (md_draw_freq_x (sqrt (20.0 * 20000.0), 300), 150.0, 1e-9);
  for (double x = 0; x <= 300; x += 7.5)
    g_assert_cmpfloat_with_epsilon (md_draw_freq_x (md_draw_x_freq (x, 300), 300), x, 1e-9);
  g_assert_cmpfloat (md_draw_freq_x (0, 300), ==, 0.0);
}

static void
test_lane_time (void)
{
  /* 100 px a second from second 2: frame 48000 * 3 is at x = 100 */
  g_assert_cmpfloat_with_epsilon (md_draw_lane_x (3 * RATE, RATE, 2.0, 100.0), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_x (0, RATE, 2.0, 100.0), -200.0, 1e-9);
  g_assert_cmpfloat (md_draw_lane_frame (100.0, RATE, 2.0, 100.0), ==, 3 * RATE);
  /* never before frame 0, rounded to a whole frame */
  g_assert_cmpfloat (md_draw_lane_frame (-500.0, RATE, 2.0, 100.0), ==, 0.0);
  g_assert_cmpfloat (md_draw_lane_frame (0.001, RATE, 0.0, 100.0), ==, 0.0);
  /* the inverse within half a frame at any zoom */
  for (double pps = 1; pps < 5000; pps *= 3.7)
    for (double f = 0; f < 10 * RATE; f += 12345)
      {
        double x = md_draw_lane_x (f, RATE, 0.5, pps);
        g_assert_cmpfloat_with_epsilon (md_draw_lane_frame (x, RATE, 0.5, pps), f, 0.5);
      }
  /* degenerate rate or zoom */
  g_assert_cmpfloat (md_draw_lane_x (100, 0, 0, 100), ==, 0.0);
  g_assert_cmpfloat (md_draw_lane_frame (100, RATE, 0, 0), ==, 0.0);

  /* ticks: 1-2-5 steps, at least MIN_PX apart, the smallest such */
  g_assert_cmpfloat_with_epsilon (md_draw_lane_tick_s (100, 60), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_tick_s (100, 101), 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_tick_s (10, 40), 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_tick_s (1000, 60), 0.1, 1e-12);
}

static void
test_lane_value (void)
{
  const MdParamInfo *fader = md_params_find_name (MD_SCOPE_STRIP, "fader");
  const MdParamInfo *hpf = md_params_find_name (MD_SCOPE_STRIP, "hpf/freq");
  const MdParamInfo *mute = md_params_find_name (MD_SCOPE_STRIP, "mute");
  const double top = 4, len = 100;

  g_assert_nonnull (fader);
  g_assert_nonnull (hpf);
  g_assert_nonnull (mute);

  /* the fader law: +10 dB at the top, 0 dB at 3/4, -inf at the bottom */
  g_assert_cmpfloat_with_epsilon (md_draw_lane_y (fader, 10, top, len), top, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_y (fader, 0, top, len), top + 25, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_y (fader, -INFINITY, top, len), top + len, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_value (fader, top + 25, top, len), 0.0, 1e-9);
  /* outside the lane: clamped to the range */
  g_assert_cmpfloat (md_draw_lane_value (fader, top - 50, top, len), ==, 10.0);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_y (fader, 40, top, len), top, 1e-9);

  /* log taper: the geometric middle in the middle (10 Hz .. 2 kHz) */
  g_assert_cmpfloat_with_epsilon (md_draw_lane_y (hpf, sqrt (10.0 * 2000.0), top, len), top + 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_value (hpf, top + 50, top, len), sqrt (10.0 * 2000.0), 1e-6);

  /* a switch: two steps, snapped */
  g_assert_cmpfloat_with_epsilon (md_draw_lane_y (mute, 1, top, len), top, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_lane_y (mute, 0, top, len), top + len, 1e-9);
  g_assert_cmpfloat (md_draw_lane_value (mute, top + 30, top, len), ==, 1.0);
  g_assert_cmpfloat (md_draw_lane_value (mute, top + 70, top, len), ==, 0.0);

  /* round trip through y for every value step of the fader */
  for (double db = -60; db <= 10; db += 0.5)
    g_assert_cmpfloat_with_epsilon (md_draw_lane_value (fader, md_draw_lane_y (fader, db, top, len), top, len),
                                    db, 1e-6);
}

static void
test_lane_hit (void)
{
  const double px[] = { 10, 20, 21, 100 };
  const double py[] = { 50, 50, 52, 10 };

  /* the nearest within the radius */
  g_assert_cmpint (md_draw_lane_hit (px, py, 4, 11, 51, 5), ==, 0);
  g_assert_cmpint (md_draw_lane_hit (px, py, 4, 21, 53, 5), ==, 2);
  g_assert_cmpint (md_draw_lane_hit (px, py, 4, 19.4, 50, 5), ==, 1);
  g_assert_cmpint (md_draw_lane_hit (px, py, 4, 100, 14, 4), ==, 3);
  /* just outside, empty space, no points */
  g_assert_cmpint (md_draw_lane_hit (px, py, 4, 100, 14.01, 4), ==, -1);
  g_assert_cmpint (md_draw_lane_hit (px, py, 4, 60, 30, 5), ==, -1);
  g_assert_cmpint (md_draw_lane_hit (NULL, NULL, 0, 60, 30, 5), ==, -1);
}

static void
test_loudness_history (void)
{
  MdDrawHistory h;
  double m, st;

  g_assert_true (md_draw_history_init (&h, 4));
  g_assert_cmpuint (h.len, ==, 0);
  g_assert_false (md_draw_history_get (&h, 0, &m, &st));
  md_draw_history_push (&h, -20.0, -22.0);
  md_draw_history_push (&h, -19.0, -21.0);
  g_assert_cmpuint (h.len, ==, 2);
  g_assert_true (md_draw_history_get (&h, 0, &m, &st));
  g_assert_cmpfloat_with_epsilon (m, -19.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (st, -21.0, 1e-6);
  g_assert_true (md_draw_history_get (&h, 1, &m, &st));
  g_assert_cmpfloat_with_epsilon (m, -20.0, 1e-6);
  g_assert_false (md_draw_history_get (&h, 2, &m, &st));

  /* full: the oldest goes, ages stay in order over the wrap */
  for (int i = 0; i < 5; i++)
    md_draw_history_push (&h, -10.0 - i, -30.0 - i);
  g_assert_cmpuint (h.len, ==, 4);
  for (unsigned age = 0; age < 4; age++)
    {
      g_assert_true (md_draw_history_get (&h, age, &m, &st));
      g_assert_cmpfloat_with_epsilon (m, -10.0 - (4 - (double) age), 1e-6);
      g_assert_cmpfloat_with_epsilon (st, -30.0 - (4 - (double) age), 1e-6);
    }
  g_assert_false (md_draw_history_get (&h, 4, &m, &st));

  /* silence is a gap, not a number */
  md_draw_history_push (&h, -INFINITY, NAN);
  g_assert_true (md_draw_history_get (&h, 0, &m, &st));
  g_assert_true (isnan (m));
  g_assert_true (isnan (st));

  /* reset */
  md_draw_history_clear (&h);
  g_assert_cmpuint (h.len, ==, 0);
  g_assert_false (md_draw_history_get (&h, 0, &m, &st));
  md_draw_history_push (&h, -23.0, -23.5);
  g_assert_true (md_draw_history_get (&h, 0, &m, &st));
  g_assert_cmpfloat_with_epsilon (m, -23.0, 1e-6);
  md_draw_history_free (&h);
  g_assert_null (h.momentary_lufs);
}

static void
test_loudness_axes (void)
{
  /* time: newest at the right edge, the oldest kept at 0 */
  g_assert_cmpfloat_with_epsilon (md_draw_history_x (0, 1500, 300.0), 300.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_history_x (1499, 1500, 300.0), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_history_x (3, 4, 300.0), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_history_x (1, 4, 300.0), 200.0, 1e-9);
  /* loudness: linear in LU, clamped, gaps at the bottom */
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (0.0, 0.0, -60.0, 120.0), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (-60.0, 0.0, -60.0, 120.0), 120.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (-23.0, 0.0, -60.0, 120.0), 46.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (-14.0, 0.0, -60.0, 120.0), 28.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (5.0, 0.0, -60.0, 120.0), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (-90.0, 0.0, -60.0, 120.0), 120.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (-INFINITY, 0.0, -60.0, 120.0), 120.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_loudness_y (NAN, 0.0, -60.0, 120.0), 120.0, 1e-9);
}

static void
test_comp_curve (void)
{
  /* threshold -20, ratio 4, knee 6, makeup 2: against the engine's
   * static curve and analytic values below, in and above the knee */
  const double xs[] = { -60, -23.01, -23, -21, -20, -18, -17, -16.99, 0, 12 };

  for (unsigned i = 0; i < G_N_ELEMENTS (xs); i++)
    g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (xs[i], -20, 4, 6, 2),
                                    xs[i] - md_comp_static_gr_db (xs[i], -20, 4, 6) + 2,
                                    1e-12);
  /* below the knee: unity plus makeup */
  g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (-40, -20, 4, 6, 2), -38, 1e-12);
  /* above: threshold + d / ratio */
  g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (0, -20, 4, 6, 0), -15, 1e-12);
  /* knee centre: gr = (1 - 1/R) w / 8 */
  g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (-20, -20, 4, 6, 0),
                                  -20 - 0.75 * 6 / 8, 1e-12);
  /* knee edges meet the straight parts (continuous) */
  g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (-23, -20, 4, 6, 0), -23, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (-17, -20, 4, 6, 0),
                                  -20 + 3.0 / 4, 1e-12);
  /* hard knee and infinite ratio */
  g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (-10, -20, 2, 0, 0), -15, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_comp_out_db (-5, -20, MD_COMP_RATIO_INF, 6, 0),
                                  -20, 1e-12);
}

static void
test_gate_curve (void)
{
  /* threshold -40, range 30 dB, hysteresis MD_GATE_HYSTERESIS_DB (3) */
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-30, -40, 30, false), -30, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-40, -40, 30, false), -40, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-41, -40, 30, false), -71, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-41, -40, 30, true), -41, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-43, -40, 30, true), -43, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-43.01, -40, 30, true), -73.01, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-60, -40, 30, false), -90, 1e-12);
  /* range 0: no attenuation */
  g_assert_cmpfloat_with_epsilon (md_draw_gate_out_db (-60, -40, 0, false), -60, 1e-12);
}

static void
test_lr4_bands (void)
{
  const double f1 = 200, f2 = 3000;
  const double m6 = 20 * log10 (0.5);   /* -6.02 dB */

  /* low at f1, and a two-way split (f2 out of band: mid is HP4(f1)) */
  g_assert_cmpfloat_with_epsilon (md_draw_lr4_band_db (0, f1, f1, f2), m6, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_lr4_band_lin (0, f1, f1, 1e9)
                                  + md_draw_lr4_band_lin (1, f1, f1, 1e9), 1.0, 1e-12);
  /* high at f2 and mid at f1/f2: -6.02 dB times the other filter's
   * magnitude there ((200/3000)^4 = 2e-5: within 0.001 dB) */
  g_assert_cmpfloat_with_epsilon (md_draw_lr4_band_db (2, f2, f1, f2), m6, 1e-3);
  g_assert_cmpfloat_with_epsilon (md_draw_lr4_band_db (1, f1, f1, f2), m6, 1e-3);
  g_assert_cmpfloat_with_epsilon (md_draw_lr4_band_db (1, f2, f1, f2), m6, 1e-3);
  /* an octave further down the slope: (1 + 4^4) / (1 + 8^4), -24.05 dB */
  g_assert_cmpfloat_with_epsilon (md_draw_lr4_band_db (0, 8 * f1, f1, f2)
                                  - md_draw_lr4_band_db (0, 4 * f1, f1, f2),
                                  20 * log10 (257.0 / 4097.0), 1e-9);
  for (double f = 20; f <= 20000; f *= 1.1)
    {
      double l = md_draw_lr4_band_lin (0, f, f1, f2);
      double m = md_draw_lr4_band_lin (1, f, f1, f2);
      double h = md_draw_lr4_band_lin (2, f, f1, f2);

      /* what is flat: the amplitudes sum to 1 (0 dB) */
      g_assert_cmpfloat_with_epsilon (l + m + h, 1.0, 1e-12);
      /* what is not: the power sum dips, to -3.01 dB at a crossover */
      g_assert_cmpfloat (l * l + m * m + h * h, <=, 1.0 + 1e-12);
    }
  g_assert_cmpfloat_with_epsilon (10 * log10 (pow (md_draw_lr4_band_lin (0, f1, f1, 1e9), 2)
                                              + pow (md_draw_lr4_band_lin (1, f1, f1, 1e9), 2)),
                                  10 * log10 (0.5), 1e-9);
}

static void
test_transfer_pos (void)
{
  /* -72 .. 0 dB over 144 px: 2 px a dB, clamped at both ends */
  g_assert_cmpfloat_with_epsilon (md_draw_transfer_pos (-72, -72, 144), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_transfer_pos (-36, -72, 144), 72, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_transfer_pos (0, -72, 144), 144, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_transfer_pos (-100, -72, 144), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_transfer_pos (6, -72, 144), 144, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_transfer_pos (NAN, -72, 144), 0, 1e-12);
}

/* The operating point derived from a frame lies on the static curve for
 * a steady signal: out = curve(in) + makeup, so in = out + GR - makeup
 * gives back the input (the engine's own static curve, md-dyn.c). */
static void
test_operating_point (void)
{
  const float peak[2] = { 0.5f, 0.25f }, rms[2] = { 0.5f, 0.25f };
  const float silent[2] = { 0, 0 }, nan2[2] = { NAN, 0.1f };

  /* detector levels: peak is the larger channel, RMS the power mean */
  g_assert_cmpfloat_with_epsilon (md_draw_detector_db (peak, rms, 2, false), 20 * log10 (0.5), 1e-6);
  g_assert_cmpfloat_with_epsilon (md_draw_detector_db (peak, rms, 1, false), 20 * log10 (0.5), 1e-6);
  g_assert_cmpfloat_with_epsilon (md_draw_detector_db (peak, rms, 2, true),
                                  10 * log10 ((0.25 + 0.0625) / 2), 1e-6);
  g_assert_cmpfloat_with_epsilon (md_draw_detector_db (peak, rms, 1, true), 20 * log10 (0.5), 1e-6);
  g_assert_cmpfloat (md_draw_detector_db (silent, silent, 2, false), ==, MD_DRAW_FLOOR_DB);
  g_assert_cmpfloat (md_draw_detector_db (silent, silent, 2, true), ==, MD_DRAW_FLOOR_DB);
  g_assert_cmpfloat_with_epsilon (md_draw_detector_db (nan2, nan2, 2, false), -20, 1e-6);

  for (double in = -60; in <= 0; in += 0.5)
    {
      const double thr = -24, ratio = 4, knee = 6, makeup = 5;
      double gr = md_comp_static_gr_db (in, thr, ratio, knee);
      double out = md_draw_comp_out_db (in, thr, ratio, knee, makeup);

      g_assert_cmpfloat_with_epsilon (md_draw_comp_in_db (out, gr, makeup), in, 1e-9);
      /* output = input - GR (+ makeup): the dot sits on the curve */
      g_assert_cmpfloat_with_epsilon (out, in - gr + makeup, 1e-9);
    }
  /* no reduction reported: the input is the output without makeup */
  g_assert_cmpfloat_with_epsilon (md_draw_comp_in_db (-30, 0, 0), -30, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_comp_in_db (-30, NAN, 2), -32, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_comp_in_db (-30, -1, 0), -30, 1e-12);
}

static void
test_gr_hold (void)
{
  MdDrawHold h;

  md_draw_hold_reset (&h);
  g_assert_cmpfloat (h.value_db, ==, 0);
  /* rises at once, holds 1 s, then falls 10 dB/s, never below the reading */
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 6, 10.0, 1.0, 10.0), 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 2, 10.5, 1.0, 10.0), 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 2, 11.0, 1.0, 10.0), 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 2, 11.1, 1.0, 10.0), 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 2, 11.2, 1.0, 10.0), 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 2, 12.0, 1.0, 10.0), 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 0, 13.0, 1.0, 10.0), 0, 1e-9);
  /* a new, lower peak during a fall is held again */
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, 3, 13.1, 1.0, 10.0), 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, NAN, 13.5, 1.0, 10.0), 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_hold_update (&h, -4, 14.2, 1.0, 10.0), 2, 1e-9);
}

static void
test_gr_bars (void)
{
  double x0, x1;
  const double w = 300;

  g_assert_cmpfloat_with_epsilon (md_draw_gr_len (3, 12, 48), 12, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gr_len (30, 12, 48), 48, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gr_len (-1, 12, 48), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_draw_gr_len (NAN, 12, 48), 0, 1e-12);
  /* the bands tile the axis at the crossovers (200 Hz: 1/3 of 20 Hz - 20 kHz) */
  md_draw_mb_band_span (0, 200, 2000, w, &x0, &x1);
  g_assert_cmpfloat_with_epsilon (x0, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (x1, 100, 1e-9);
  md_draw_mb_band_span (1, 200, 2000, w, &x0, &x1);
  g_assert_cmpfloat_with_epsilon (x0, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (x1, 200, 1e-9);
  md_draw_mb_band_span (2, 200, 2000, w, &x0, &x1);
  g_assert_cmpfloat_with_epsilon (x0, 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (x1, w, 1e-12);
  /* crossovers out of the axis or crossed: empty spans, never negative */
  md_draw_mb_band_span (1, 3000, 1000, w, &x0, &x1);
  g_assert_cmpfloat (x1, >=, x0);
  md_draw_mb_band_span (0, 10, 2000, w, &x0, &x1);
  g_assert_cmpfloat_with_epsilon (x1, 0, 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui-draw/lin-to-db", test_lin_to_db);
  g_test_add_func ("/ui-draw/meter-scale", test_meter_scale);
  g_test_add_func ("/ui-draw/meter-fall", test_meter_fall);
  g_test_add_func ("/ui-draw/meter-rects", test_meter_rects);
  g_test_add_func ("/ui-draw/fader-taper", test_fader_taper);
  g_test_add_func ("/ui-draw/fader-drag", test_fader_drag);
  g_test_add_func ("/ui-draw/eq-peak", test_eq_peak);
  g_test_add_func ("/ui-draw/eq-shelves", test_eq_shelves);
  g_test_add_func ("/ui-draw/eq-sum", test_eq_sum);
  g_test_add_func ("/ui-draw/freq-axis", test_freq_axis);
  g_test_add_func ("/ui-draw/lane-time", test_lane_time);
  g_test_add_func ("/ui-draw/lane-value", test_lane_value);
  g_test_add_func ("/ui-draw/lane-hit", test_lane_hit);
  g_test_add_func ("/ui-draw/lane-choice", test_lane_choice);
  g_test_add_func ("/ui-draw/osc-url", test_osc_url);
  g_test_add_func ("/ui-draw/colour-parse", test_colour_parse);
  g_test_add_func ("/ui-draw/gl-software", test_gl_software);
  g_test_add_func ("/ui-draw/loudness-history", test_loudness_history);
  g_test_add_func ("/ui-draw/loudness-axes", test_loudness_axes);
  g_test_add_func ("/ui-draw/comp-curve", test_comp_curve);
  g_test_add_func ("/ui-draw/gate-curve", test_gate_curve);
  g_test_add_func ("/ui-draw/lr4-bands", test_lr4_bands);
  g_test_add_func ("/ui-draw/transfer-pos", test_transfer_pos);
  g_test_add_func ("/ui-draw/operating-point", test_operating_point);
  g_test_add_func ("/ui-draw/gr-hold", test_gr_hold);
  g_test_add_func ("/ui-draw/gr-bars", test_gr_bars);
  g_test_add_func ("/ui-draw/lane-label", test_lane_label);
  g_test_add_func ("/ui-draw/target-state", test_target_state);
  return g_test_run ();
}
