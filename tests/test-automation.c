/* test-automation.c: automation modes and passes on the model, with a
 * synthetic transport (no JACK).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <math.h>

#include "session/md-automation.h"
#include "session/md-session.h"

#define RATE 48000.0
#define TICK 1600            /* ~33 ms */

static MdSession *
two_strips (void)
{
  MdSession *s = md_session_new ();
  g_assert_cmpuint (md_session_add_strip (s, "A", FALSE, NULL, NULL), ==, 1);
  g_assert_cmpuint (md_session_add_strip (s, "B", FALSE, NULL, NULL), ==, 2);
  return s;
}

static void
set_fader (MdSession *s, double db)
{
  g_assert_true (md_session_set (s, "/strip/1/fader", db, FALSE, NULL));
}

static double
value_at (GArray *pts, guint64 f)
{
  MdAutoPoint *p = (MdAutoPoint *) pts->data;
  if (f <= p[0].frame)
    return p[0].value;
  for (guint i = 1; i < pts->len; i++)
    if (f <= p[i].frame)
      return p[i - 1].value + (p[i].value - p[i - 1].value) * (double) (f - p[i - 1].frame) / (double) (p[i].frame - p[i - 1].frame);
  return p[pts->len - 1].value;
}

static void
flat_lane (MdAutomation *a, const char *path, double v)
{
  MdAutoPoint pts[2] = { { 0, v }, { 480000, v } };
  g_assert_true (md_automation_set_points (a, path, pts, 2, NULL));
}

/* Write records while rolling, overwrites the played range, keeps the
 * curve outside it, and turns into Touch on stop. */
static void
test_write (void)
{
  g_autoptr (MdSession) s = two_strips ();
  MdAutomation *a = md_session_get_automation (s);
  g_autoptr (GArray) pts = NULL;
  guint64 f = 48000;

  flat_lane (a, "/strip/1/fader", -10);
  g_assert_true (md_automation_set_mode (a, "/strip/1/fader", MD_AUTO_WRITE, NULL));
  md_automation_tick (a, FALSE, f, RATE);
  for (int k = 0; k < 30; k++, f += TICK)
    {
      md_automation_tick (a, TRUE, f, RATE);
      set_fader (s, -30 + k);               /* a ride up from -30 dB */
    }
  md_automation_tick (a, FALSE, f, RATE);
  g_assert_cmpint (md_automation_get_mode (a, "/strip/1/fader"), ==, MD_AUTO_TOUCH);
  g_assert_cmpuint (md_automation_get_n_passes (a), ==, 1);
  pts = md_automation_get_points (a, "/strip/1/fader");
  /* outside the pass: the old curve */
  g_assert_cmpfloat_with_epsilon (value_at (pts, 0), -10, 1e-9);
  g_assert_cmpfloat_with_epsilon (value_at (pts, 400000), -10, 1e-9);
  /* inside: the ride, within the thinning tolerance (0.002 of the fader's
   * norm range ~ 0.2 dB around -20 dB) */
  g_assert_cmpfloat_with_epsilon (value_at (pts, 48000 + 10 * TICK), -30 + 10, 0.25);
  g_assert_cmpfloat (value_at (pts, 48000 + 29 * TICK), >, -3.5);
  g_assert_cmpuint (pts->len, <, 30);       /* thinned: a straight ride needs few points */
}

/* Touch plays until touched, records while held, then returns to the
 * curve after the glide time. */
static void
test_touch (void)
{
  g_autoptr (MdSession) s = two_strips ();
  MdAutomation *a = md_session_get_automation (s);
  g_autoptr (GArray) pts = NULL;
  double fader;
  guint64 f = 0;
  guint64 glide = (guint64) (MD_AUTOMATION_GLIDE_MS * RATE / 1000);

  flat_lane (a, "/strip/1/fader", -20);
  g_assert_true (md_automation_set_mode (a, "/strip/1/fader", MD_AUTO_TOUCH, NULL));
  md_automation_tick (a, FALSE, 0, RATE);
  for (int k = 0; k < 10; k++, f += TICK)
    md_automation_tick (a, TRUE, f, RATE);
  /* untouched: the model follows the lane */
  g_assert_true (md_session_get (s, "/strip/1/fader", &fader, NULL));
  g_assert_cmpfloat_with_epsilon (fader, -20, 1e-9);
  g_assert_true (md_automation_touch (a, "/strip/1/fader", TRUE, NULL));
  for (int k = 0; k < 10; k++, f += TICK)
    {
      set_fader (s, -6);
      md_automation_tick (a, TRUE, f, RATE);
    }
  g_assert_true (md_automation_touch (a, "/strip/1/fader", FALSE, NULL));
  {
    guint64 release = f - TICK;   /* the last tick was at f - TICK */
    for (int k = 0; k < 10; k++, f += TICK)
      md_automation_tick (a, TRUE, f, RATE);
    md_automation_tick (a, FALSE, f, RATE);
    pts = md_automation_get_points (a, "/strip/1/fader");
    g_assert_cmpfloat_with_epsilon (value_at (pts, 5 * TICK), -20, 1e-9);         /* before the touch */
    g_assert_cmpfloat_with_epsilon (value_at (pts, 14 * TICK), -6, 1e-9);         /* written */
    g_assert_cmpfloat_with_epsilon (value_at (pts, release + glide + TICK), -20, 1e-9); /* back */
    g_assert_cmpfloat (value_at (pts, release + glide / 2), >, -20);              /* gliding */
    g_assert_cmpfloat (value_at (pts, release + glide / 2), <, -6);
  }
  g_assert_cmpint (md_automation_get_mode (a, "/strip/1/fader"), ==, MD_AUTO_TOUCH);
}

/* Latch starts on any change while rolling and holds the last value until stop. */
static void
test_latch (void)
{
  g_autoptr (MdSession) s = two_strips ();
  MdAutomation *a = md_session_get_automation (s);
  g_autoptr (GArray) pts = NULL;
  guint64 f = 0, stop;

  flat_lane (a, "/strip/1/fader", -20);
  g_assert_true (md_automation_set_mode (a, "/strip/1/fader", MD_AUTO_LATCH, NULL));
  md_automation_tick (a, FALSE, 0, RATE);
  for (int k = 0; k < 10; k++, f += TICK)
    md_automation_tick (a, TRUE, f, RATE);
  set_fader (s, -12);                       /* no touch: a change latches */
  for (int k = 0; k < 20; k++, f += TICK)
    md_automation_tick (a, TRUE, f, RATE);
  stop = f;
  md_automation_tick (a, FALSE, f, RATE);
  pts = md_automation_get_points (a, "/strip/1/fader");
  g_assert_cmpfloat_with_epsilon (value_at (pts, 5 * TICK), -20, 1e-9);
  g_assert_cmpfloat_with_epsilon (value_at (pts, 15 * TICK), -12, 1e-9);
  g_assert_cmpfloat_with_epsilon (value_at (pts, stop - TICK), -12, 1e-9);   /* held until stop */
  g_assert_cmpfloat_with_epsilon (value_at (pts, stop + 4800), -20, 1e-9);   /* old curve after */
}

/* A switch touched in Touch mode stays written until stop. */
static void
test_switch_touch (void)
{
  g_autoptr (MdSession) s = two_strips ();
  MdAutomation *a = md_session_get_automation (s);
  g_autoptr (GArray) pts = NULL;
  guint64 f = 0;
  MdAutoPoint off[2] = { { 0, 0 }, { 480000, 0 } };

  g_assert_true (md_automation_set_points (a, "/strip/2/mute", off, 2, NULL));
  g_assert_true (md_automation_set_mode (a, "/strip/2/mute", MD_AUTO_TOUCH, NULL));
  md_automation_tick (a, FALSE, 0, RATE);
  for (int k = 0; k < 5; k++, f += TICK)
    md_automation_tick (a, TRUE, f, RATE);
  g_assert_true (md_automation_touch (a, "/strip/2/mute", TRUE, NULL));
  g_assert_true (md_session_set (s, "/strip/2/mute", 1, FALSE, NULL));
  g_assert_true (md_automation_touch (a, "/strip/2/mute", FALSE, NULL));
  for (int k = 0; k < 20; k++, f += TICK)
    md_automation_tick (a, TRUE, f, RATE);
  md_automation_tick (a, FALSE, f, RATE);
  pts = md_automation_get_points (a, "/strip/2/mute");
  /* muted from the touch to the stop */
  {
    MdAutoPoint *p = (MdAutoPoint *) pts->data;
    double at_end = 0;
    for (guint i = 0; i < pts->len; i++)
      if (p[i].frame <= f - TICK)
        at_end = p[i].value;
    g_assert_cmpfloat (at_end, ==, 1.0);
  }
}

/* A locate while rolling ends the pass and starts a new one. */
static void
test_locate_ends_pass (void)
{
  g_autoptr (MdSession) s = two_strips ();
  MdAutomation *a = md_session_get_automation (s);
  guint64 f = 0;

  g_assert_true (md_automation_set_mode (a, "/strip/1/fader", MD_AUTO_WRITE, NULL));
  md_automation_tick (a, FALSE, 0, RATE);
  for (int k = 0; k < 10; k++, f += TICK)
    {
      md_automation_tick (a, TRUE, f, RATE);
      set_fader (s, -k);
    }
  f = 10 * (guint64) RATE;                  /* jump ahead */
  for (int k = 0; k < 10; k++, f += TICK)
    {
      md_automation_tick (a, TRUE, f, RATE);
      set_fader (s, -20 - k);
    }
  g_assert_cmpuint (md_automation_get_n_passes (a), ==, 1);
  md_automation_tick (a, FALSE, f, RATE);
  g_assert_cmpuint (md_automation_get_n_passes (a), ==, 2);
}

/* Thinning keeps the curve within its tolerance of every recorded point. */
static void
test_thinning_bound (void)
{
  g_autoptr (MdSession) s = two_strips ();
  MdAutomation *a = md_session_get_automation (s);
  g_autoptr (GArray) pts = NULL;
  MdParamAddr addr;
  GArray *rec = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  guint64 f = 0;
  double tol = 0.002, worst = 0;

  g_assert_cmpint (md_param_parse ("/strip/1/fader", &addr), ==, MD_PARAM_OK);
  md_automation_set_tolerance (a, tol);
  g_assert_true (md_automation_set_mode (a, "/strip/1/fader", MD_AUTO_WRITE, NULL));
  md_automation_tick (a, FALSE, 0, RATE);
  for (int k = 0; k < 300; k++, f += TICK)
    {
      double v = -20 + 10 * sin (k * 0.05);   /* a slow wave */
      MdAutoPoint p = { f, v };
      md_automation_tick (a, TRUE, f, RATE);
      set_fader (s, v);
      g_array_append_val (rec, p);
    }
  md_automation_tick (a, FALSE, f, RATE);
  pts = md_automation_get_points (a, "/strip/1/fader");
  for (guint i = 1; i < rec->len; i++)
    {
      MdAutoPoint p = g_array_index (rec, MdAutoPoint, i);
      /* the thinned lane passes within TOL of every recorded point */
      double d = fabs (md_param_to_norm (addr.info, value_at (pts, p.frame))
                       - md_param_to_norm (addr.info, p.value));
      worst = MAX (worst, d);
    }
  g_test_message ("%u recorded, %u kept, worst deviation %.5f (norm)", rec->len, pts->len, worst);
  g_assert_cmpfloat (worst, <=, tol + 1e-9);
  g_assert_cmpuint (pts->len, <, rec->len / 3);
  g_array_unref (rec);
}

/* Bad input: non-automatable parameters, unknown paths. */
static void
test_errors (void)
{
  g_autoptr (MdSession) s = two_strips ();
  MdAutomation *a = md_session_get_automation (s);
  g_autoptr (GError) err = NULL;
  MdAutoMode m;
  g_assert_false (md_automation_set_mode (a, "/strip/1/route", MD_AUTO_WRITE, &err));
  g_assert_error (err, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_NOT_AUTOMATABLE);
  g_clear_error (&err);
  g_assert_false (md_automation_set_mode (a, "/strip/9/fader", MD_AUTO_WRITE, &err));
  g_clear_error (&err);
  g_assert_false (md_automation_touch (a, "/strip/2/fader", TRUE, &err));   /* no lane */
  g_assert_true (md_auto_mode_parse ("Latch", &m) && m == MD_AUTO_LATCH);
  g_assert_true (md_auto_mode_parse ("2", &m) && m == MD_AUTO_WRITE);
  g_assert_false (md_auto_mode_parse ("sometimes", &m));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/automation/write", test_write);
  g_test_add_func ("/automation/touch", test_touch);
  g_test_add_func ("/automation/latch", test_latch);
  g_test_add_func ("/automation/switch-touch", test_switch_touch);
  g_test_add_func ("/automation/locate-ends-pass", test_locate_ends_pass);
  g_test_add_func ("/automation/thinning-bound", test_thinning_bound);
  g_test_add_func ("/automation/errors", test_errors);
  return g_test_run ();
}
