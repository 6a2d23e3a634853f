/* test-live.c: `mixdesk --headless` on a private dummy jackd.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live equals offline: a session with file sources played through JACK
 * (transport from frame 0, period 256) gives the same master output as
 * `mixdesk render` of that session with --block 256. Also: ports follow
 * strip names, the status line, --save keeps the connections, SIGTERM
 * ends it quickly. Skipped (visibly) without jackd.
 */
#include "config.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jack/jack.h>
#include <jack/transport.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jack/md-jack.h"
#include "md-wav-util.h"

#define RATE 48000
#define PERIOD 1024   /* long periods ride out a loaded machine without xruns */
#define N_CAP (RATE * 3)

static char *server, *dir;
static GPid jackd_pid;

typedef struct
{
  jack_client_t *c;
  jack_port_t *cap[2];
  float *buf[2];
  atomic_uint_least64_t max_frame;   /* end of the captured range */
  atomic_uint xruns;                 /* the comparison needs a run without any */
} Probe;

static int
probe_xrun (void *arg)
{
  Probe *p = arg;
  atomic_fetch_add (&p->xruns, 1);
  return 0;
}

static int
probe_process (jack_nframes_t n, void *arg)
{
  Probe *p = arg;
  jack_position_t pos;
  if (jack_transport_query (p->c, &pos) != JackTransportRolling)
    return 0;
  for (unsigned c = 0; c < 2; c++)
    {
      const float *x = jack_port_get_buffer (p->cap[c], n);
      for (jack_nframes_t i = 0; i < n; i++)
        if (pos.frame + i < N_CAP)
          p->buf[c][pos.frame + i] = x[i];
    }
  atomic_store (&p->max_frame, (guint64) pos.frame + n);
  return 0;
}

static gboolean
connected (jack_client_t *c, const char *a, const char *b)
{
  jack_port_t *p = jack_port_by_name (c, a);
  return p && jack_port_connected_to (p, b);
}

static int
wait_child (GPid pid, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int status;
  while (g_get_monotonic_time () < end)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
      g_usleep (10000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  return -1;
}

/* One run; returns FALSE (and says why) when JACK reported an xrun, which
 * makes live and offline differ for reasons outside mixdesk. */
static gboolean
live_equals_offline_once (void)
{
  const char *mixdesk = g_getenv ("MD_MIXDESK");
  g_autofree char *a = g_build_filename (dir, "a.wav", NULL);
  g_autofree char *b = g_build_filename (dir, "b.wav", NULL);
  g_autofree char *rendered = g_build_filename (dir, "render.wav", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved.json", NULL);
  g_autofree char *log = g_build_filename (dir, "mixdesk.log", NULL);
  const double fa[1] = { 0 }, aa[1] = { 0.4 };
  const double fb[2] = { 440, 660 }, ab[2] = { 0.5, 0.3 };
  const char *sets[] = { "/strip/1/pan=-0.5", "/strip/1/delay=1.3", "/strip/1/trim=3",
                         "/strip/2/fader=-6", "/strip/2/width=1.4", "/master/fader=-1",
                         "/strip/1/direct=1", "/strip/2/send/1/level=-10" };
  Probe p = { 0 };
  jack_status_t st;
  GPid pid;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) err = NULL;
  int out_fd, rc;
  float *ref;
  gsize ref_frames;
  guint ref_ch;
  int ref_rate;
  double max_diff = 0;

  g_assert_nonnull (mixdesk);
  mdt_write_signal (a, RATE, 1, RATE * 3 / 2, fa, aa, 0);
  mdt_write_signal (b, RATE, 2, RATE, fb, ab, 0);

  /* the capturing client first, so mixdesk's --connect finds it */
  p.c = jack_client_open ("probe", JackNoStartServer | JackServerName, &st, server);
  g_assert_nonnull (p.c);
  p.cap[0] = jack_port_register (p.c, "capL", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
  p.cap[1] = jack_port_register (p.c, "capR", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
  p.buf[0] = g_new0 (float, N_CAP);
  p.buf[1] = g_new0 (float, N_CAP);
  jack_set_process_callback (p.c, probe_process, &p);
  jack_set_xrun_callback (p.c, probe_xrun, &p);
  g_assert_cmpint (jack_activate (p.c), ==, 0);
  jack_transport_stop (p.c);
  jack_transport_locate (p.c, 0);

  g_ptr_array_add (argv, (char *) mixdesk);
  g_ptr_array_add (argv, (char *) "--headless");
  g_ptr_array_add (argv, (char *) "--jack-server");
  g_ptr_array_add (argv, server);
  g_ptr_array_add (argv, (char *) "--strip");
  g_ptr_array_add (argv, a);
  g_ptr_array_add (argv, (char *) "--strip");
  g_ptr_array_add (argv, b);
  g_ptr_array_add (argv, (char *) "--buses");
  g_ptr_array_add (argv, (char *) "1");
  g_ptr_array_add (argv, (char *) "--no-osc");
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_ptr_array_add (argv, (char *) "--set");
      g_ptr_array_add (argv, (char *) sets[i]);
    }
  g_ptr_array_add (argv, (char *) "--connect");
  g_ptr_array_add (argv, (char *) "master_L=probe:capL");
  g_ptr_array_add (argv, (char *) "--connect");
  g_ptr_array_add (argv, (char *) "master_R=probe:capR");
  g_ptr_array_add (argv, (char *) "--save");
  g_ptr_array_add (argv, saved);
  g_ptr_array_add (argv, (char *) "--verbose");
  g_ptr_array_add (argv, NULL);
  out_fd = g_open (log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_true (g_spawn_async_with_fds (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                         NULL, NULL, &pid, -1, out_fd, out_fd, &err));
  g_assert_no_error (err);
  close (out_fd);

  /* ports named after the strips, connections made */
  for (int k = 0; k < 1000 && !(connected (p.c, "mixdesk:master_L", "probe:capL")
                                && connected (p.c, "mixdesk:master_R", "probe:capR")); k++)
    g_usleep (10000);
  g_assert_true (connected (p.c, "mixdesk:master_L", "probe:capL"));
  g_assert_nonnull (jack_port_by_name (p.c, "mixdesk:a"));
  g_assert_nonnull (jack_port_by_name (p.c, "mixdesk:b_L"));
  g_assert_nonnull (jack_port_by_name (p.c, "mixdesk:b_R"));
  /* outputs: monitor, the bus, strip 1's direct output */
  g_assert_nonnull (jack_port_by_name (p.c, "mixdesk:monitor_L"));
  g_assert_nonnull (jack_port_by_name (p.c, "mixdesk:bus1_L"));
  g_assert_nonnull (jack_port_by_name (p.c, "mixdesk:bus1_R"));
  g_assert_nonnull (jack_port_by_name (p.c, "mixdesk:a_out"));

  /* let the disk thread fill, then roll from frame 0 */
  g_usleep (500 * 1000);
  jack_transport_locate (p.c, 0);
  jack_transport_start (p.c);
  for (int k = 0; k < 1000 && atomic_load (&p.max_frame) < RATE * 2; k++)
    g_usleep (10000);
  jack_transport_stop (p.c);
  g_assert_cmpuint (atomic_load (&p.max_frame), >=, RATE * 2);

  /* SIGTERM ends it cleanly and quickly, saving the session */
  {
    gint64 t0 = g_get_monotonic_time ();
    kill (pid, SIGTERM);
    rc = wait_child (pid, 5000);
    g_assert_cmpint (rc, ==, 0);
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
  }
  {
    g_autofree char *out = NULL;
    g_assert_true (g_file_get_contents (log, &out, NULL, NULL));
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "DSP"));           /* the status line */
    g_assert_nonnull (strstr (out, "xruns"));
  }
  {
    g_autofree char *json = NULL;
    g_assert_true (g_file_get_contents (saved, &json, NULL, NULL));
    g_assert_nonnull (strstr (json, "\"master_L\""));
    g_assert_nonnull (strstr (json, "probe:capL"));
  }

  /* the same session offline, in blocks of the JACK period */
  {
    g_autoptr (GPtrArray) rv = g_ptr_array_new ();
    g_autofree char *rout = NULL, *rerr = NULL;
    g_autofree char *block = g_strdup_printf ("%d", PERIOD);
    int status;
    g_ptr_array_add (rv, (char *) mixdesk);
    g_ptr_array_add (rv, (char *) "render");
    g_ptr_array_add (rv, (char *) "--quiet");
    g_ptr_array_add (rv, (char *) "--strip");
    g_ptr_array_add (rv, a);
    g_ptr_array_add (rv, (char *) "--strip");
    g_ptr_array_add (rv, b);
    g_ptr_array_add (rv, (char *) "--buses");
    g_ptr_array_add (rv, (char *) "1");
    for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
      {
        g_ptr_array_add (rv, (char *) "--set");
        g_ptr_array_add (rv, (char *) sets[i]);
      }
    g_ptr_array_add (rv, (char *) "--block");
    g_ptr_array_add (rv, block);
    g_ptr_array_add (rv, (char *) "-o");
    g_ptr_array_add (rv, rendered);
    g_ptr_array_add (rv, NULL);
    g_assert_true (g_spawn_sync (NULL, (char **) rv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &rout, &rerr, &status, &err));
    g_assert_no_error (err);
    g_assert_cmpint (status, ==, 0);
  }
  if (atomic_load (&p.xruns) > 0)
    {
      g_test_message ("JACK reported %u xruns during the run (a loaded machine): trying again",
                      atomic_load (&p.xruns));
      jack_deactivate (p.c);
      jack_client_close (p.c);
      g_free (p.buf[0]);
      g_free (p.buf[1]);
      return FALSE;
    }
  ref = mdt_read_file (rendered, &ref_rate, &ref_ch, &ref_frames, NULL);
  g_assert_cmpuint (ref_frames, ==, RATE * 3 / 2);
  g_assert_cmpuint (ref_ch, ==, 2);
  for (gsize i = 0; i < ref_frames; i++)
    for (unsigned c = 0; c < 2; c++)
      max_diff = MAX (max_diff, fabs (ref[2 * i + c] - p.buf[c][i]));
  g_test_message ("live vs offline: max |difference| %g over %zu frames", max_diff, ref_frames);
  /* the same engine, the same blocks, the same samples: identical */
  g_assert_cmpfloat (max_diff, ==, 0.0);
  {
    double e = 0;
    for (gsize i = 0; i < ref_frames; i++)
      e += ref[2 * i] * (double) ref[2 * i];
    g_assert_cmpfloat (e, >, 100.0);                  /* not silence */
  }

  g_free (ref);
  jack_deactivate (p.c);
  jack_client_close (p.c);
  g_free (p.buf[0]);
  g_free (p.buf[1]);
  g_unlink (a);
  g_unlink (b);
  g_unlink (rendered);
  g_unlink (saved);
  g_unlink (log);
  return TRUE;
}

static void
test_live_equals_offline (void)
{
  if (jackd_pid == 0)
    {
      g_test_skip ("jackd is not installed: live tests skipped");
      return;
    }
  for (int attempt = 0; attempt < 3; attempt++)
    if (live_equals_offline_once ())
      return;
  g_test_skip ("three runs with JACK xruns: this machine is too loaded to compare live and offline");
}

/* No server: a clear error, exit status 1, at once. */
static void
test_no_server (void)
{
  const char *mixdesk = g_getenv ("MD_MIXDESK");
  const char *argv[] = { mixdesk, "--headless", "--jack-server", "mixdesk-test-none", NULL };
  g_autofree char *out = NULL, *errs = NULL;
  g_autoptr (GError) err = NULL;
  int status;
  gint64 t0 = g_get_monotonic_time ();
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errs,
                               &status, &err));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (errs, "No JACK server is running"));
  g_assert_nonnull (strstr (errs, "--start-jack"));
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
}

/* Wrong arguments: exit 2 and a clear message. */
static void
test_bad_arguments (void)
{
  const char *mixdesk = g_getenv ("MD_MIXDESK");
  const char *cases[][4] = {
    { "--headless", "--osc-port", "0", NULL },
    { "--headless", "--bogus", NULL, NULL },
    { "--headless", "--quit-after", "-1", NULL },
  };
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char *argv[6] = { mixdesk, cases[k][0], cases[k][1], cases[k][2], cases[k][3], NULL };
      g_autofree char *out = NULL, *errs = NULL;
      int status;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                   &errs, &status, NULL));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_cmpuint (strlen (errs), >, 10);
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *jackd = g_find_program_in_path ("jackd");
  int rc;

  g_test_init (&argc, &argv, NULL);
  server = g_strdup_printf ("mdlive-%d-%d", (int) getpid (), g_random_int_range (0, 100000));
  dir = mdt_tmpdir ();
  if (jackd)
    {
      g_autofree char *log = g_build_filename (dir, "jackd.log", NULL);
      g_autoptr (GError) err = NULL;
      jackd_pid = md_jack_start_server (server, RATE, PERIOD, log, &err);
      if (jackd_pid == 0)
        g_error ("cannot start jackd: %s", err->message);
    }
  g_test_add_func ("/live/no-server", test_no_server);
  g_test_add_func ("/live/bad-arguments", test_bad_arguments);
  g_test_add_func ("/live/live-equals-offline", test_live_equals_offline);
  rc = g_test_run ();
  if (jackd_pid)
    md_jack_stop_server (jackd_pid);
  mdt_rmdir (dir);
  g_free (dir);
  g_free (server);
  return rc;
}
