/* test-automation.c: automation modes and passes on the model, with a
 * synthetic transport (no JACK).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "session/md-automation.h"
#include "session/md-session.h"
#include "session/md-session-file.h"
#include "session/md-undo.h"
#include "media/md-render.h"
#include "md-wav-util.h"

#define RATE 48000.0
#define TICK 1600            /* ~33 ms */

/* a frozen wall clock: control changes land exactly on the last tick's
 * frame, however loaded the machine is */
static gint64
frozen_clock (void)
{
  return 0;
}

static MdSession *
two_strips (void)
{
  MdSession *s = md_session_new ();
  md_automation_set_clock (md_session_get_automation (s), frozen_clock);
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
count_cb (MdSession *s, const char *what, guint *n)
{
  if (g_strcmp0 (what, "automation") == 0)
    (*n)++;
}

/* md_automation_copy (the window's Open): DST's lanes become SRC's,
 * points and modes; DST's own go blank; edits say "content-changed" */
static void
test_copy (void)
{
  g_autoptr (MdSession) src = two_strips ();
  g_autoptr (MdSession) dst = two_strips ();
  MdAutomation *a = md_session_get_automation (src);
  MdAutomation *b = md_session_get_automation (dst);
  MdAutoPoint pts[] = { { 0, -6.0 }, { 48000, -12.0 }, { 96000, 0.0 } };
  MdAutoPoint other[] = { { 100, 0.5 } };
  g_autoptr (GArray) copied = NULL;
  g_autoptr (GArray) blank = NULL;
  g_autoptr (GError) error = NULL;
  guint n_changed = 0;

  g_signal_connect (dst, "content-changed", G_CALLBACK (count_cb), &n_changed);
  g_assert_true (md_automation_set_points (a, "/strip/2/fader", pts, G_N_ELEMENTS (pts), NULL));
  g_assert_true (md_automation_set_mode (a, "/strip/2/fader", MD_AUTO_TOUCH, NULL));
  g_assert_true (md_automation_set_points (b, "/strip/1/pan", other, 1, NULL));
  g_assert_true (md_automation_set_mode (b, "/strip/1/pan", MD_AUTO_PLAY, NULL));
  g_assert_cmpuint (n_changed, ==, 2);   /* an edit, a mode */

  g_assert_true (md_automation_copy (b, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 3);
  copied = md_automation_get_points (b, "/strip/2/fader");
  g_assert_nonnull (copied);
  g_assert_cmpuint (copied->len, ==, G_N_ELEMENTS (pts));
  for (guint i = 0; i < copied->len; i++)
    {
      g_assert_cmpuint (g_array_index (copied, MdAutoPoint, i).frame, ==, pts[i].frame);
      g_assert_cmpfloat_with_epsilon (g_array_index (copied, MdAutoPoint, i).value, pts[i].value, 1e-9);
    }
  g_assert_cmpint (md_automation_get_mode (b, "/strip/2/fader"), ==, MD_AUTO_TOUCH);
  blank = md_automation_get_points (b, "/strip/1/pan");
  g_assert_true (blank == NULL || blank->len == 0);
  g_assert_cmpint (md_automation_get_mode (b, "/strip/1/pan"), ==, MD_AUTO_OFF);
}

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

/* Lanes and modes are saved in the session file and read back exactly;
 * they follow their strip when strips move. */
static void
test_file_round_trip (void)
{
  g_autoptr (MdSession) s = two_strips ();
  g_autoptr (MdSession) t = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  MdAutomation *a = md_session_get_automation (s), *b;
  MdAutoPoint fp[3] = { { 0, -20 }, { 48000, -3.5 }, { 96000, -60 } };
  MdAutoPoint mp[2] = { { 1000, 1 }, { 2000, 0 } };
  MdAutoPoint bp[2] = { { 0, 0 }, { 480, 0.25 } };
  gsize len;

  g_assert_true (md_session_set_n_buses (s, 1, NULL));
  g_assert_true (md_automation_set_points (a, "/strip/2/fader", fp, 3, NULL));
  g_assert_true (md_automation_set_mode (a, "/strip/2/fader", MD_AUTO_TOUCH, NULL));
  g_assert_true (md_automation_set_points (a, "/strip/1/mute", mp, 2, NULL));
  g_assert_true (md_automation_set_mode (a, "/strip/1/mute", MD_AUTO_PLAY, NULL));
  g_assert_true (md_automation_set_points (a, "/bus/1/pan", bp, 2, NULL));
  g_assert_true (md_automation_set_mode (a, "/bus/1/pan", MD_AUTO_LATCH, NULL));
  g_assert_true (md_automation_set_points (a, "/master/fader", fp, 2, NULL));
  g_assert_true (md_automation_set_mode (a, "/master/fader", MD_AUTO_PLAY, NULL));
  /* the lane follows strip 2 to position 1 */
  g_assert_true (md_session_move_strip (s, 2, 1, NULL));
  g_assert_cmpint (md_automation_get_mode (a, "/strip/1/fader"), ==, MD_AUTO_TOUCH);

  data = md_session_to_data (s, NULL, &len);
  t = md_session_new_from_data (data, len, NULL, warnings, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (warnings->len, ==, 0);
  b = md_session_get_automation (t);
  {
    const char *paths[] = { "/strip/1/fader", "/strip/2/mute", "/bus/1/pan", "/master/fader" };
    const MdAutoMode modes[] = { MD_AUTO_TOUCH, MD_AUTO_PLAY, MD_AUTO_LATCH, MD_AUTO_PLAY };
    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr (GArray) pa = md_automation_get_points (a, paths[i]);
        g_autoptr (GArray) pb = md_automation_get_points (b, paths[i]);
        g_assert_nonnull (pb);
        g_assert_cmpint (md_automation_get_mode (b, paths[i]), ==, modes[i]);
        g_assert_cmpmem (pa->data, pa->len * sizeof (MdAutoPoint), pb->data, pb->len * sizeof (MdAutoPoint));
      }
  }
  /* hostile automation is refused with the place named */
  {
    const char *bad = "{\"format\":\"mixdesk-session\",\"version\":1,\"session\":{},\"master\":{},"
                      "\"strips\":[{\"name\":\"x\",\"params\":{},\"automation\":{\"fader\":"
                      "{\"mode\":\"play\",\"points\":[[0,\"loud\"]]}}}]}";
    g_autoptr (GError) e2 = NULL;
    g_autoptr (MdSession) u = md_session_new_from_data (bad, strlen (bad), NULL, NULL, &e2);
    g_assert_null (u);
    g_assert_nonnull (strstr (e2->message, "strips[0].automation.fader.points[0]"));
  }
}

/* mixdesk render plays the session's lanes on its timeline: a fader lane
 * -40 -> 0 dB over one second, DC in, the output follows the analytic
 * curve (within 0.001 dB). */
static void
test_render (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *in = g_build_filename (dir, "dc.wav", NULL);
  g_autofree char *out = g_build_filename (dir, "out.wav", NULL);
  g_autoptr (MdSession) s = md_session_new ();
  g_autoptr (GError) err = NULL;
  MdAutoPoint fp[2] = { { 0, -40 }, { 48000, 0 } };
  MdRenderOptions opt = { MD_WRITER_WAV_FLOAT, 100, NULL, NULL };
  const double freq[1] = { 0 }, amp[1] = { 0 };
  float *x, *dc;
  gsize frames;
  guint ch;
  int rate;

  /* a constant 0.5: noise of amplitude 0 plus an offset is not available,
   * so write DC by hand */
  mdt_write_signal (in, 48000, 1, 72000, freq, amp, 0);
  dc = mdt_read_file (in, &rate, &ch, &frames, NULL);
  for (gsize i = 0; i < frames; i++)
    dc[i] = 0.5f;
  {
    SF_INFO info = { 0 };
    SNDFILE *sf;
    info.samplerate = 48000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    sf = sf_open (in, SFM_WRITE, &info);
    g_assert_nonnull (sf);
    sf_writef_float (sf, dc, (sf_count_t) frames);
    sf_close (sf);
  }
  g_free (dc);
  g_assert_cmpuint (md_session_add_strip (s, NULL, FALSE, in, &err), ==, 1);
  g_assert_true (md_session_set (s, "/session/panlaw", MD_PANLAW_0DB, TRUE, NULL));
  g_assert_true (md_automation_set_points (md_session_get_automation (s), "/strip/1/fader", fp, 2, NULL));
  g_assert_true (md_automation_set_mode (md_session_get_automation (s), "/strip/1/fader", MD_AUTO_PLAY, NULL));
  g_assert_true (md_render (s, out, &opt, &err));
  g_assert_no_error (err);
  x = mdt_read_file (out, &rate, &ch, &frames, NULL);
  g_assert_cmpuint (frames, ==, 72000);
  for (gsize i = 0; i < frames; i += 7)
    {
      double want = i >= 48000 ? 0.0 : -40.0 + 40.0 * i / 48000.0;
      g_assert_cmpfloat_with_epsilon (20 * log10 (x[2 * i] / 0.5), want, 0.001);
    }
  g_free (x);
  mdt_rmdir (dir);
}

/* A pass is one undo step: undo restores the lane (and the control),
 * redo brings the pass back. */
static void
test_undo_pass (void)
{
  g_autoptr (MdSession) s = two_strips ();
  g_autoptr (MdUndo) undo = md_undo_new (s);
  MdAutomation *a = md_session_get_automation (s);
  g_autoptr (GArray) before = NULL;
  g_autoptr (GArray) after = NULL;
  g_autoptr (GArray) undone = NULL;
  g_autoptr (GArray) redone = NULL;
  guint64 f = 0;
  guint n0;

  flat_lane (a, "/strip/1/fader", -10);
  before = md_automation_get_points (a, "/strip/1/fader");
  g_assert_true (md_automation_set_mode (a, "/strip/1/fader", MD_AUTO_WRITE, NULL));
  md_automation_tick (a, FALSE, 0, RATE);
  n0 = md_undo_get_n_undo (undo);
  for (int k = 0; k < 20; k++, f += TICK)
    {
      md_automation_tick (a, TRUE, f, RATE);
      set_fader (s, -30 + k);
    }
  md_automation_tick (a, FALSE, f, RATE);
  after = md_automation_get_points (a, "/strip/1/fader");
  g_assert_cmpuint (after->len, !=, before->len);
  /* the fader moves (coalesced) and the pass: undo until the lane is back,
   * in at most two steps (the moves, the pass) */
  g_assert_cmpuint (md_undo_get_n_undo (undo), <=, n0 + 2);
  g_assert_true (md_undo_undo (undo, NULL));
  undone = md_automation_get_points (a, "/strip/1/fader");
  if (undone->len != before->len)
    {
      g_clear_pointer (&undone, g_array_unref);
      g_assert_true (md_undo_undo (undo, NULL));
      undone = md_automation_get_points (a, "/strip/1/fader");
    }
  g_assert_cmpmem (undone->data, undone->len * sizeof (MdAutoPoint), before->data, before->len * sizeof (MdAutoPoint));
  while (md_undo_can_redo (undo))
    g_assert_true (md_undo_redo (undo, NULL));
  redone = md_automation_get_points (a, "/strip/1/fader");
  g_assert_cmpmem (redone->data, redone->len * sizeof (MdAutoPoint), after->data, after->len * sizeof (MdAutoPoint));
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
  g_test_add_func ("/automation/copy", test_copy);
  g_test_add_func ("/automation/file-round-trip", test_file_round_trip);
  g_test_add_func ("/automation/render", test_render);
  g_test_add_func ("/automation/undo-pass", test_undo_pass);
  return g_test_run ();
}
