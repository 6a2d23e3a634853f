/* test-jack.c: the JACK client against a private dummy jackd.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts `jackd -n <unique> --no-realtime -d dummy -r 48000 -p 256` and
 * stops it by pid. A small test client ("probe") feeds a known signal into
 * mixdesk's input and captures master_L. Skipped (visibly) when jackd is
 * not installed.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <jack/jack.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jack/md-jack.h"
#include "md-engine.h"

static char *server;
static char *logdir;
static GPid jackd_pid;

/* ---- the probe client ---- */
typedef struct
{
  jack_client_t *c;
  jack_port_t *src, *cap;
  _Atomic float level;       /* what src plays (DC) */
  _Atomic float last;        /* last captured sample */
  atomic_uint cycles;
} Probe;

static int
probe_process (jack_nframes_t n, void *arg)
{
  Probe *p = arg;
  float *src = jack_port_get_buffer (p->src, n);
  const float *cap = jack_port_get_buffer (p->cap, n);
  float lv = atomic_load (&p->level);
  for (jack_nframes_t i = 0; i < n; i++)
    src[i] = lv;
  atomic_store (&p->last, cap[n - 1]);
  atomic_fetch_add (&p->cycles, 1);
  return 0;
}

static Probe *
probe_open (void)
{
  Probe *p = g_new0 (Probe, 1);
  jack_status_t st;
  p->c = jack_client_open ("probe", JackNoStartServer | JackServerName, &st, server);
  g_assert_nonnull (p->c);
  p->src = jack_port_register (p->c, "src", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
  p->cap = jack_port_register (p->c, "cap", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
  jack_set_process_callback (p->c, probe_process, p);
  g_assert_cmpint (jack_activate (p->c), ==, 0);
  return p;
}

static void
probe_close (Probe *p)
{
  jack_deactivate (p->c);
  jack_client_close (p->c);
  g_free (p);
}

/* run the main-loop side of mixdesk for MS milliseconds */
static void
pump (MdJack *j, MdEngine *e, unsigned ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      md_jack_dispatch (j);
      if (e)
        md_engine_collect (e);
      g_usleep (5000);
    }
}

static gboolean
wait_for (gboolean (*cond) (gpointer), gpointer data, MdJack *j, MdEngine *e, unsigned ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      if (cond (data))
        return TRUE;
      pump (j, e, 10);
    }
  return cond (data);
}

static GPid
start_jackd (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *log = g_build_filename (logdir, "jackd.log", NULL);
  GPid pid = md_jack_start_server (server, 48000, 256, log, &err);
  g_assert_no_error (err);
  g_assert_cmpint (pid, >, 0);
  return pid;
}

static gboolean
skip_without_jackd (void)
{
  if (jackd_pid == 0)
    {
      g_test_skip ("jackd is not installed: JACK integration tests skipped");
      return TRUE;
    }
  return FALSE;
}

/* Opening without a server fails at once with a clear message. */
static void
test_no_server (void)
{
  g_autoptr (GError) err = NULL;
  MdJack *j = md_jack_new ("mixdesk", "no-such-server-mixdesk-test");
  gint64 t0 = g_get_monotonic_time ();
  g_assert_false (md_jack_open (j, &err));
  g_assert_error (err, MD_JACK_ERROR, MD_JACK_ERROR_NO_SERVER);
  g_assert_nonnull (strstr (err->message, "--start-jack"));
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 3 * G_USEC_PER_SEC);
  md_jack_free (j);
}

static MdEngine *
one_strip_engine (float fader_db)
{
  MdEngine *e = md_engine_new (48000.0, 1024);
  MdTopology *t = g_new0 (MdTopology, 1);
  md_engine_strip_create (e, 0, false);
  md_engine_strip_preset (e, 0, MD_SP_FADER, fader_db);
  md_engine_strip_preset (e, 0, MD_SP_PAN, -1.0f);
  t->n_strips = 1;
  t->strips[0].id = 0;
  t->strips[0].in_ch[0] = 0;
  md_engine_commit (e, t);
  g_free (t);
  return e;
}

static gboolean
port_exists (gpointer name)
{
  jack_status_t st;
  jack_client_t *c = jack_client_open ("look", JackNoStartServer | JackServerName, &st, server);
  gboolean ok = c && jack_port_by_name (c, name) != NULL;
  if (c)
    jack_client_close (c);
  return ok;
}

typedef struct
{
  Probe *p;
  float want;
} LevelWait;

static gboolean
level_is (gpointer data)
{
  LevelWait *w = data;
  return fabsf (atomic_load (&w->p->last) - w->want) < 1e-5f;
}

/* Ports appear, follow renames; a known signal gives the expected gain;
 * latency, transport and a buffer-size change work. */
static void
test_ports_and_signal (void)
{
  g_autoptr (GError) err = NULL;
  MdJack *j;
  MdEngine *e;
  Probe *p;
  LevelWait w;
  MdJackStatus st;
  jack_latency_range_t range;

  if (skip_without_jackd ())
    return;
  j = md_jack_new ("mixdesk", server);
  g_assert_true (md_jack_open (j, &err));
  g_assert_no_error (err);
  e = one_strip_engine (-6.0f);
  md_jack_set_engine (j, e);
  g_assert_true (md_jack_set_input (j, 0, "Kick", &err));
  g_assert_true (md_jack_activate (j, &err));
  g_assert_true (port_exists ((gpointer) "mixdesk:Kick"));
  g_assert_true (port_exists ((gpointer) "mixdesk:master_L"));
  g_assert_true (port_exists ((gpointer) "mixdesk:master_R"));
  g_assert_true (port_exists ((gpointer) "mixdesk:monitor_L"));

  /* rename keeps the connection */
  p = probe_open ();
  g_assert_true (md_jack_connect (j, "Kick", "probe:src", &err));
  g_assert_true (md_jack_connect (j, "master_L", "probe:cap", &err));
  g_assert_no_error (err);
  atomic_store (&p->level, 0.5f);
  w.p = p;
  w.want = 0.5f * (float) pow (10.0, -6.0 / 20.0);
  g_assert_true (wait_for (level_is, &w, j, e, 3000));

  g_assert_true (md_jack_set_input (j, 0, "Bass_DI", &err));
  g_assert_true (port_exists ((gpointer) "mixdesk:Bass_DI"));
  g_assert_false (port_exists ((gpointer) "mixdesk:Kick"));
  atomic_store (&p->level, 0.25f);
  w.want = 0.25f * (float) pow (10.0, -6.0 / 20.0);
  g_assert_true (wait_for (level_is, &w, j, e, 3000));
  pump (j, e, 100);
  {
    g_autoptr (GHashTable) conns = md_jack_get_connections (j);
    GPtrArray *a = g_hash_table_lookup (conns, "Bass_DI");
    g_assert_nonnull (a);
    g_assert_cmpstr (g_ptr_array_index (a, 0), ==, "probe:src");
    g_assert_null (g_hash_table_lookup (conns, "Kick"));
  }

  /* latency of the engine is added to the outputs' capture latency */
  md_jack_set_latency (j, 100);
  pump (j, e, 200);
  jack_port_get_latency_range (jack_port_by_name (p->c, "mixdesk:master_L"), JackCaptureLatency, &range);
  g_assert_cmpuint (range.min, >=, 100);

  /* transport */
  md_jack_transport_locate (j, 48000);
  md_jack_transport_play (j);
  pump (j, e, 300);
  md_jack_get_status (j, &st);
  g_assert_true (st.connected);
  g_assert_true (st.rolling);
  g_assert_cmpuint (st.frame, >, 48000);
  g_assert_cmpuint (st.sample_rate, ==, 48000);
  md_jack_transport_stop (j);

  /* buffer size change while running */
  g_assert_cmpint (jack_set_buffer_size (p->c, 512), ==, 0);
  pump (j, e, 300);
  md_jack_get_status (j, &st);
  g_assert_cmpuint (st.buffer_size, ==, 512);
  atomic_store (&p->level, 0.125f);
  w.want = 0.125f * (float) pow (10.0, -6.0 / 20.0);
  g_assert_true (wait_for (level_is, &w, j, e, 3000));
  jack_set_buffer_size (p->c, 256);
  pump (j, e, 200);

  /* unregister */
  g_assert_true (md_jack_set_input (j, 0, NULL, &err));
  g_assert_false (port_exists ((gpointer) "mixdesk:Bass_DI"));

  probe_close (p);
  md_jack_set_engine (j, NULL);
  md_jack_free (j);
  md_engine_free (e);
}

static gboolean
is_lost (gpointer data)
{
  return !md_jack_is_open (data);
}

static gboolean
is_back (gpointer data)
{
  return md_jack_is_open (data);
}

/* jackd killed with SIGKILL and restarted: mixdesk reports the loss, keeps
 * its ports and connections, reconnects and restores them. */
static void
test_server_loss (void)
{
  g_autoptr (GError) err = NULL;
  MdJack *j;
  MdEngine *e;
  Probe *p;
  LevelWait w;
  MdJackStatus st;

  if (skip_without_jackd ())
    return;
  j = md_jack_new ("mixdesk", server);
  g_assert_true (md_jack_open (j, &err));
  e = one_strip_engine (0.0f);
  md_jack_set_engine (j, e);
  g_assert_true (md_jack_set_input (j, 0, "Vocal", &err));
  g_assert_true (md_jack_activate (j, &err));
  p = probe_open ();
  g_assert_true (md_jack_connect (j, "Vocal", "probe:src", &err));
  g_assert_true (md_jack_connect (j, "master_L", "probe:cap", &err));
  atomic_store (&p->level, 0.5f);
  w.p = p;
  w.want = 0.5f;
  g_assert_true (wait_for (level_is, &w, j, e, 3000));

  /* only mixdesk's client should see the loss: the probe leaves first
   * (its saved connections stay in mixdesk) */
  probe_close (p);
  pump (j, e, 100);
  kill (jackd_pid, SIGKILL);
  waitpid (jackd_pid, NULL, 0);
  jackd_pid = 0;
  g_assert_true (wait_for (is_lost, j, j, e, 5000));

  jackd_pid = start_jackd ();
  g_assert_true (wait_for (is_back, j, j, e, 8000));
  md_jack_get_status (j, &st);
  g_assert_cmpuint (st.reconnects, ==, 1);
  g_assert_true (port_exists ((gpointer) "mixdesk:Vocal"));

  /* the probe comes back: its ports appear and mixdesk reconnects them */
  p = probe_open ();
  atomic_store (&p->level, 0.3f);
  w.p = p;
  w.want = 0.3f;
  g_assert_true (wait_for (level_is, &w, j, e, 5000));
  probe_close (p);
  md_jack_set_engine (j, NULL);
  md_jack_free (j);
  md_engine_free (e);
}

static void
test_pick_name (void)
{
  const char *one[] = { "system:capture_3" };
  const char *pair[] = { "system:capture_3", "system:capture_4" };
  const char *mixed[] = { "synth:out_L", "synth:out_R" };
  const char *other[] = { "a:in_1", "b:in_2" };
  g_autofree char *n1 = md_jack_pick_name (one, 1);
  g_autofree char *n2 = md_jack_pick_name (pair, 2);
  g_autofree char *n3 = md_jack_pick_name (mixed, 2);
  g_autofree char *n4 = md_jack_pick_name (other, 2);

  g_assert_cmpstr (n1, ==, "capture_3");
  g_assert_cmpstr (n2, ==, "capture_3+4");
  g_assert_cmpstr (n3, ==, "out_L");
  g_assert_cmpstr (n4, ==, "in_1");
}

static gboolean
in_array (GPtrArray *a, const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], s) == 0)
      return TRUE;
  return FALSE;
}

static guint
index_in (GPtrArray *a, const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], s) == 0)
      return i;
  return G_MAXUINT;
}

static void
test_list_ports (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) closed = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) phys = NULL;
  g_autoptr (GHashTable) conns = NULL;
  GPtrArray *l;
  MdJack *j;
  Probe *p;

  if (skip_without_jackd ())
    return;
  j = md_jack_new ("mixdesk", server);
  closed = md_jack_list_ports (j, TRUE);
  g_assert_cmpuint (closed->len, ==, 0);   /* not open: nothing, no crash */
  g_assert_true (md_jack_open (j, &err));
  g_assert_no_error (err);
  g_assert_true (md_jack_set_input (j, 0, "cap_L", &err));
  g_assert_true (md_jack_set_input (j, 1, "cap_R", &err));
  g_assert_true (md_jack_activate (j, &err));
  p = probe_open ();

  all = md_jack_list_ports (j, TRUE);
  phys = md_jack_list_ports (j, FALSE);
  /* the dummy backend's capture ports, physical ones first, in order */
  g_assert_cmpuint (index_in (all, "system:capture_1"), ==, 0);
  g_assert_cmpuint (index_in (all, "system:capture_2"), ==, 1);
  g_assert_true (in_array (all, "probe:src"));
  g_assert_cmpuint (index_in (all, "probe:src"), >, index_in (all, "system:capture_2"));
  /* never our own outputs, never inputs */
  g_assert_false (in_array (all, "mixdesk:master_L"));
  g_assert_false (in_array (all, "probe:cap"));
  g_assert_false (in_array (all, "system:playback_1"));
  g_assert_true (in_array (phys, "system:capture_1"));
  g_assert_false (in_array (phys, "probe:src"));

  /* a stereo pick: L and R connected and remembered */
  g_assert_true (md_jack_connect (j, "cap_L", "system:capture_1", &err));
  g_assert_true (md_jack_connect (j, "cap_R", "system:capture_2", &err));
  g_assert_no_error (err);
  conns = md_jack_get_connections (j);
  l = g_hash_table_lookup (conns, "cap_L");
  g_assert_nonnull (l);
  g_assert_true (in_array (l, "system:capture_1"));
  l = g_hash_table_lookup (conns, "cap_R");
  g_assert_nonnull (l);
  g_assert_true (in_array (l, "system:capture_2"));

  probe_close (p);
  md_jack_free (j);
}

int
main (int argc, char **argv)
{
  g_autofree char *jackd = g_find_program_in_path ("jackd");
  int rc;

  g_test_init (&argc, &argv, NULL);
  server = g_strdup_printf ("mdtest-%d-%d", (int) getpid (), g_random_int_range (0, 100000));
  logdir = g_dir_make_tmp ("mixdesk-jack-XXXXXX", NULL);
  if (jackd)
    jackd_pid = start_jackd ();
  g_test_add_func ("/jack/no-server", test_no_server);
  g_test_add_func ("/jack/ports-and-signal", test_ports_and_signal);
  g_test_add_func ("/jack/server-loss", test_server_loss);
  g_test_add_func ("/jack/pick-name", test_pick_name);
  g_test_add_func ("/jack/list-ports", test_list_ports);
  rc = g_test_run ();
  if (jackd_pid)
    md_jack_stop_server (jackd_pid);
  {
    g_autofree char *log = g_build_filename (logdir, "jackd.log", NULL);
    g_unlink (log);
    g_rmdir (logdir);
  }
  g_free (logdir);
  g_free (server);
  return rc;
}
