/* test-live-ports.c: adding strips from JACK output ports through MdLive
 * (no display): the strip is named after the port, connected L/R, and the
 * connections are saved with the session and come back on reload.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a private dummy jackd (--start-jack); skipped without jackd.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>

#include "app/md-app.h"
#include "app/md-live.h"
#include "session/md-session.h"
#include "ui/md-ui.h"

/* md-main.c is not linked: errors go to the test log. */
void
md_app_error (const char *subcommand, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_test_message ("%s: %s", subcommand ? subcommand : "mixdesk", msg);
}

/* nor is the window: md_live_cmd's UI path is not exercised here. */
int
md_ui_run (const MdLiveOptions *options)
{
  return MD_UI_NO_DISPLAY;
}

static gboolean
list_has (GPtrArray *a, const char *s)
{
  for (guint i = 0; a != NULL && i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], s) == 0)
      return TRUE;
  return FALSE;
}

static void
test_add_from_ports (void)
{
  g_autofree char *jackd = g_find_program_in_path ("jackd");
  g_autofree char *server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) ports = NULL;
  const char *stereo[] = { "system:capture_1", "system:capture_2" };
  const char *mono[] = { "system:capture_2" };
  MdLiveOptions opt = { 0 };
  MdLive *live;
  MdSession *s;
  GHashTable *conns;
  guint n;

  if (jackd == NULL)
    {
      g_test_skip ("jackd is not installed");
      return;
    }
  server = g_strdup_printf ("mdports-%d-%d", (int) getpid (), g_random_int_range (0, 100000));
  dir = g_dir_make_tmp ("mixdesk-ports-XXXXXX", NULL);
  file = g_build_filename (dir, "s.mixdesk", NULL);
  opt.n_buses = -1;
  opt.jack_server = server;
  opt.start_jack = TRUE;
  opt.rate = 48000;
  opt.period = 256;
  live = md_live_new (&opt, &err);
  g_assert_no_error (err);
  g_assert_nonnull (live);
  s = md_live_get_session (live);

  ports = md_live_list_input_sources (live);
  g_assert_cmpuint (ports->len, >=, 2);
  g_assert_cmpstr (ports->pdata[0], ==, "system:capture_1");
  g_assert_cmpstr (ports->pdata[1], ==, "system:capture_2");

  n = md_live_add_strip_from_ports (live, NULL, stereo, 2, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (md_session_get_string (s, "/strip/1/name", NULL), ==, "capture_1+2");
  g_assert_true (md_session_get_strip_stereo (s, 1));
  n = md_live_add_strip_from_ports (live, "Talkback", mono, 1, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (n, ==, 2);
  g_assert_false (md_session_get_strip_stereo (s, 2));

  /* a port that is not there (gone since the list was read): a clear
   * error, and no strip is left behind */
  {
    const char *gone[] = { "nosuchclient:capture_9" };
    n = md_live_add_strip_from_ports (live, "Ghost", gone, 1, &err);
    g_assert_cmpuint (n, ==, 0);
    g_assert_nonnull (err);
    g_test_message ("gone port: %s", err->message);
    g_clear_error (&err);
    g_assert_cmpuint (md_session_get_n_strips (s), ==, 2);
  }

  /* what the window shows under each strip's name */
  {
    g_autofree char *d1 = md_live_describe_strip_input (live, 1);
    g_autofree char *d2 = md_live_describe_strip_input (live, 2);
    g_autofree char *d3 = md_live_describe_strip_input (live, 3);
    g_assert_cmpstr (d1, ==, "system:capture_1 + system:capture_2");
    g_assert_cmpstr (d2, ==, "system:capture_2");
    g_assert_null (d3);
  }

  /* a strip's input changes without losing the strip */
  {
    const char *one[] = { "system:capture_1" };
    const char *two[] = { "system:capture_2", "system:capture_1" };
    const char *three[] = { "system:capture_1", "system:capture_2", "system:capture_1" };
    char *d;

    g_assert_true (md_session_set (s, "/strip/2/fader", -7.0, TRUE, NULL));
    g_assert_true (md_live_set_strip_input (live, 2, one, 1, &err));
    g_assert_no_error (err);
    d = md_live_describe_strip_input (live, 2);
    g_assert_cmpstr (d, ==, "system:capture_1");
    g_free (d);
    /* a mono strip takes several (JACK sums them) */
    g_assert_true (md_live_set_strip_input (live, 2, two, 2, &err));
    d = md_live_describe_strip_input (live, 2);
    g_assert_cmpstr (d, ==, "system:capture_2, system:capture_1");
    g_free (d);
    {
      double fader = 0;
      g_assert_true (md_session_get (s, "/strip/2/fader", &fader, NULL));
      g_assert_cmpfloat_with_epsilon (fader, -7.0, 1e-9);
    }
    /* a stereo strip: one port feeds both sides, two swap them here */
    g_assert_true (md_live_set_strip_input (live, 1, one, 1, &err));
    d = md_live_describe_strip_input (live, 1);
    g_assert_cmpstr (d, ==, "system:capture_1 + system:capture_1");
    g_free (d);
    /* three ports on a stereo strip, a strip that is not there: errors, nothing changes */
    g_assert_false (md_live_set_strip_input (live, 1, three, 3, &err));
    g_assert_nonnull (err);
    g_test_message ("three on stereo: %s", err->message);
    g_clear_error (&err);
    d = md_live_describe_strip_input (live, 1);
    g_assert_cmpstr (d, ==, "system:capture_1 + system:capture_1");
    g_free (d);
    g_assert_false (md_live_set_strip_input (live, 9, one, 1, &err));
    g_assert_nonnull (err);
    g_clear_error (&err);
    /* no port: disconnected */
    g_assert_true (md_live_set_strip_input (live, 2, NULL, 0, &err));
    g_assert_null (md_live_describe_strip_input (live, 2));
    g_assert_null (g_hash_table_lookup (md_session_get_connections (s), "Talkback"));
    /* back as they were, for what follows */
    g_assert_true (md_live_set_strip_input (live, 1, two + 1, 1, &err));
    {
      const char *lr[] = { "system:capture_1", "system:capture_2" };
      g_assert_true (md_live_set_strip_input (live, 1, lr, 2, &err));
    }
    g_assert_true (md_live_set_strip_input (live, 2, two, 1, &err));
    g_assert_no_error (err);
  }

  conns = md_session_get_connections (s);
  g_assert_true (list_has (g_hash_table_lookup (conns, "capture_1+2_L"), "system:capture_1"));
  g_assert_true (list_has (g_hash_table_lookup (conns, "capture_1+2_R"), "system:capture_2"));
  g_assert_true (list_has (g_hash_table_lookup (conns, "Talkback"), "system:capture_2"));

  /* the master to the playback ports (the window's + menu) */
  {
    g_autoptr (GPtrArray) dest = md_live_list_output_destinations (live);
    g_assert_cmpuint (dest->len, >=, 2);
    g_assert_cmpstr (dest->pdata[0], ==, "system:playback_1");
    g_assert_cmpstr (dest->pdata[1], ==, "system:playback_2");
    for (guint i = 0; i < dest->len; i++)
      g_assert_false (g_str_has_prefix (dest->pdata[i], "system:capture"));
    g_assert_true (md_live_connect_outputs (live, "master", dest->pdata[0], dest->pdata[1], &err));
    g_assert_no_error (err);
    /* the monitor (solo) to one port: both sides there */
    g_assert_true (md_live_connect_outputs (live, "monitor", dest->pdata[1], NULL, &err));
    g_assert_no_error (err);
    conns = md_session_get_connections (s);
    g_assert_true (list_has (g_hash_table_lookup (conns, "master_L"), "system:playback_1"));
    g_assert_true (list_has (g_hash_table_lookup (conns, "master_R"), "system:playback_2"));
    g_assert_true (list_has (g_hash_table_lookup (conns, "monitor_L"), "system:playback_2"));
    g_assert_true (list_has (g_hash_table_lookup (conns, "monitor_R"), "system:playback_2"));
  }

  g_assert_true (md_live_save (live, file, &err));
  g_assert_no_error (err);
  md_live_free (live);

  /* reload: the connections come back with the session */
  opt.session_file = file;
  live = md_live_new (&opt, &err);
  g_assert_no_error (err);
  s = md_live_get_session (live);
  g_assert_cmpuint (md_session_get_n_strips (s), ==, 2);
  conns = md_session_get_connections (s);
  g_assert_true (list_has (g_hash_table_lookup (conns, "capture_1+2_L"), "system:capture_1"));
  g_assert_true (list_has (g_hash_table_lookup (conns, "capture_1+2_R"), "system:capture_2"));
  g_assert_true (list_has (g_hash_table_lookup (conns, "Talkback"), "system:capture_2"));
  g_assert_true (list_has (g_hash_table_lookup (conns, "master_L"), "system:playback_1"));
  md_live_free (live);

  g_unlink (file);
  {
    g_autofree char *bak = g_strconcat (file, ".bak", NULL);
    g_unlink (bak);
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/live-ports/add-from-ports", test_add_from_ports);
  return g_test_run ();
}
