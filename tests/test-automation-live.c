/* test-automation-live.c: a fader pass recorded from an OSC client while
 * the JACK transport rolls (private dummy jackd), saved, reloaded and
 * rendered offline: the render reproduces the pass.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <lo/lo.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jack/md-jack.h"
#include "md-wav-util.h"

#define RATE 48000

static int
wait_child (GPid pid, guint ms)
{
  int status;
  for (guint k = 0; k < ms / 10; k++)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
      g_usleep (10000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  return -1;
}

/* value of the saved lane at FRAME (linear) */
static double
lane_at (JsonArray *pts, gint64 frame)
{
  guint n = json_array_get_length (pts);
  for (guint i = 0; i < n; i++)
    {
      JsonArray *p = json_array_get_array_element (pts, i);
      gint64 f = json_array_get_int_element (p, 0);
      if (frame <= f)
        {
          JsonArray *q;
          gint64 f0;
          if (i == 0)
            return json_array_get_double_element (p, 1);
          q = json_array_get_array_element (pts, i - 1);
          f0 = json_array_get_int_element (q, 0);
          return json_array_get_double_element (q, 1)
                 + (json_array_get_double_element (p, 1) - json_array_get_double_element (q, 1))
                     * (double) (frame - f0) / (double) (f - f0);
        }
    }
  return json_array_get_double_element (json_array_get_array_element (pts, n - 1), 1);
}

static void
test_osc_pass (void)
{
  const char *mixdesk = g_getenv ("MD_MIXDESK");
  g_autofree char *jackd = g_find_program_in_path ("jackd");
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *server = g_strdup_printf ("mdauto-%d", (int) getpid ());
  g_autofree char *dc = g_build_filename (dir, "dc.wav", NULL);
  g_autofree char *session = g_build_filename (dir, "pass.json", NULL);
  g_autofree char *out = g_build_filename (dir, "render.wav", NULL);
  g_autofree char *jlog = g_build_filename (dir, "jackd.log", NULL);
  g_autofree char *mlog = g_build_filename (dir, "mixdesk.log", NULL);
  g_autofree char *port = g_strdup_printf ("%d", 21000 + (int) (getpid () % 20000));
  g_autoptr (GError) err = NULL;
  GPid jpid, mpid;
  lo_address osc;
  int fd;
  const double freq[1] = { 0 }, amp[1] = { 0.0 };

  if (jackd == NULL)
    {
      g_test_skip ("jackd is not installed: live automation test skipped");
      return;
    }
  jpid = md_jack_start_server (server, RATE, 256, jlog, &err);
  g_assert_no_error (err);

  /* 6 s of DC at 0.5 (written as a float file) */
  {
    float *x;
    gsize frames;
    guint ch;
    int rate;
    mdt_write_signal (dc, RATE, 1, RATE * 6, freq, amp, 0);
    x = mdt_read_file (dc, &rate, &ch, &frames, NULL);
    for (gsize i = 0; i < frames; i++)
      x[i] = 0.5f;
    {
      SF_INFO info = { .samplerate = RATE, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT };
      SNDFILE *sf = sf_open (dc, SFM_WRITE, &info);
      sf_writef_float (sf, x, (sf_count_t) frames);
      sf_close (sf);
    }
    g_free (x);
  }
  {
    const char *argv[] = { mixdesk, "--headless", "--jack-server", server, "--strip", dc,
                           "--set", "/session/panlaw=0", "--osc-port", port, "--save", session, NULL };
    fd = g_open (mlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    g_assert_true (g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &mpid, -1, fd, fd, &err));
    close (fd);
  }
  osc = lo_address_new ("127.0.0.1", port);
  g_usleep (1500 * 1000);                   /* up, file source buffered */

  lo_send (osc, "/strip/1/fader/automation", "s", "write");
  lo_send (osc, "/transport/locate", "i", 0);
  g_usleep (200 * 1000);
  lo_send (osc, "/transport/play", "");
  /* ride the fader from -20 to -2 dB over 2 s, 20 messages a second */
  for (int k = 0; k <= 40; k++)
    {
      lo_send (osc, "/strip/1/fader", "f", (float) (-20.0 + 18.0 * k / 40.0));
      g_usleep (50 * 1000);
    }
  g_usleep (300 * 1000);
  lo_send (osc, "/transport/stop", "");
  g_usleep (500 * 1000);
  lo_address_free (osc);
  kill (mpid, SIGTERM);
  g_assert_cmpint (wait_child (mpid, 5000), ==, 0);
  md_jack_stop_server (jpid);

  /* the pass is in the saved session, the lane now in Touch */
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    JsonObject *strip, *lane;
    JsonArray *pts;
    g_autofree char *log = NULL;
    g_file_get_contents (mlog, &log, NULL, NULL);
    g_test_message ("%s", log ? log : "");
    g_assert_true (json_parser_load_from_file (parser, session, &err));
    strip = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "strips"), 0);
    g_assert_true (json_object_has_member (strip, "automation"));
    lane = json_object_get_object_member (json_object_get_object_member (strip, "automation"), "fader");
    g_assert_cmpstr (json_object_get_string_member (lane, "mode"), ==, "touch");
    pts = json_object_get_array_member (lane, "points");
    g_assert_cmpuint (json_array_get_length (pts), >=, 2);
    /* the ride went from -20 up to -2 dB */
    {
      double lo = 0, hi = -100;
      for (guint i = 0; i < json_array_get_length (pts); i++)
        {
          double v = json_array_get_double_element (json_array_get_array_element (pts, i), 1);
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      g_assert_cmpfloat_with_epsilon (lo, -20.0, 0.6);
      g_assert_cmpfloat_with_epsilon (hi, -2.0, 0.6);
    }

    /* render the saved session: the output follows the lane */
    {
      const char *rargv[] = { mixdesk, "render", session, "-o", out, "--quiet", NULL };
      int status;
      float *y;
      gsize frames;
      guint ch;
      int rate;
      g_assert_true (g_spawn_sync (NULL, (char **) rargv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                                   &status, &err));
      g_assert_cmpint (status, ==, 0);
      y = mdt_read_file (out, &rate, &ch, &frames, NULL);
      for (gsize i = 4800; i < frames; i += 2400)
        {
          double want = lane_at (pts, (gint64) i);
          g_assert_cmpfloat_with_epsilon (20 * log10 (y[2 * i] / 0.5), want, 0.05);
        }
      g_free (y);
    }
  }
  mdt_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/automation/live/osc-pass", test_osc_pass);
  return g_test_run ();
}
