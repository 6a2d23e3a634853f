/* test-nsm-app.c: mixdesk --headless under a (test) NSM server and a
 * private dummy jackd: announce before any JACK client, the client id as
 * JACK client name after open, save in place, dirty/clean, SIGTERM; with a
 * display (Xvfb) the same with the window as the optional GUI.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jack/jack.h>
#include <lo/lo.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jack/md-jack.h"
#include "md-nsm-server.h"

static gboolean
jack_port_there (const char *server, const char *port)
{
  jack_status_t st;
  jack_client_t *c = jack_client_open ("nsmprobe", JackNoStartServer | JackServerName, &st, server);
  gboolean ok = c && jack_port_by_name (c, port) != NULL;
  if (c)
    jack_client_close (c);
  return ok;
}

/* iterate until the client reports its window SHOWN (1) or hidden (0) */
static gboolean
wait_gui (MdtNsmServer *nsm, MdtNsmState *st, int shown, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (st->gui_shown != shown && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
  return st->gui_shown == shown;
}

static void
test_nsm_app (gconstpointer data)
{
  gboolean gui = GPOINTER_TO_INT (data);
  const char *mixdesk = g_getenv ("MD_MIXDESK");
  g_autofree char *jackd = g_find_program_in_path ("jackd");
  g_autofree char *dir = g_dir_make_tmp ("mixdesk-nsm-XXXXXX", NULL);
  g_autofree char *server = g_strdup_printf ("mdnsm-%d", (int) getpid ());
  g_autofree char *project = g_build_filename (dir, "show", "mixdesk.nTEST", NULL);
  g_autofree char *file = g_build_filename (project, "session.mixdesk", NULL);
  g_autofree char *jlog = g_build_filename (dir, "jackd.log", NULL);
  g_autofree char *mlog = g_build_filename (dir, "mixdesk.log", NULL);
  g_autoptr (GError) err = NULL;
  MdtNsmServer *nsm;
  MdtNsmState *st;
  GPid jpid, mpid;
  g_auto (GStrv) env = NULL;
  int fd, status;

  if (jackd == NULL)
    {
      g_test_skip ("jackd is not installed: NSM test skipped");
      return;
    }
  if (gui && g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("no display: the optional-GUI test runs under Xvfb");
      return;
    }
  jpid = md_jack_start_server (server, 48000, 1024, jlog, &err);
  g_assert_no_error (err);
  nsm = mdt_nsm_server_new ();
  st = mdt_nsm_server_get_state (nsm);
  env = g_environ_setenv (g_get_environ (), "NSM_URL", mdt_nsm_server_get_url (nsm), TRUE);
  {
    /* keep the user's recent files, caches and settings out of it */
    static const char *const vars[] = { "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME" };
    for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
      {
        g_autofree char *d = g_build_filename (dir, vars[i], NULL);
        env = g_environ_setenv (env, vars[i], d, TRUE);
      }
    env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  }
  {
    const char *argv[] = { mixdesk, "--jack-server", server, "--no-osc", NULL, NULL };
    if (!gui)
      argv[3] = "--headless", argv[4] = "--no-osc";
    fd = g_open (mlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    g_assert_true (g_spawn_async_with_fds (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &mpid, -1, fd, fd, &err));
    close (fd);
  }
  /* announce, with our capabilities; no JACK client yet */
  g_assert_true (mdt_nsm_server_wait (nsm, &st->announces, 1, 5000));
  g_assert_cmpstr (st->app_name, ==, "mixdesk");
  g_assert_nonnull (strstr (st->capabilities, ":switch:"));
  g_assert_nonnull (strstr (st->capabilities, ":dirty:"));
  g_assert_nonnull (strstr (st->capabilities, ":optional-gui:"));
  g_usleep (300 * 1000);
  g_assert_false (jack_port_there (server, "mixdesk:master_L"));

  /* open: the client id names the JACK client */
  mdt_nsm_server_open (nsm, project, "Show", "mixdesk.nTEST");
  g_assert_true (mdt_nsm_server_wait (nsm, &st->replies, 1, 8000));
  g_assert_cmpint (st->error_code, ==, 0);
  g_assert_cmpstr (st->reply_to, ==, "/nsm/client/open");
  g_assert_true (jack_port_there (server, "mixdesk.nTEST:master_L"));
  g_assert_false (jack_port_there (server, "mixdesk:master_L"));

  if (gui)
    {
      /* the window starts hidden and follows show/hide */
      g_assert_true (wait_gui (nsm, st, 0, 5000));
      mdt_nsm_server_show_gui (nsm, TRUE);
      g_assert_true (wait_gui (nsm, st, 1, 8000));
      mdt_nsm_server_show_gui (nsm, FALSE);
      g_assert_true (wait_gui (nsm, st, 0, 5000));
    }

  /* save in place */
  mdt_nsm_server_save (nsm);
  g_assert_true (mdt_nsm_server_wait (nsm, &st->replies, 2, 5000));
  g_assert_cmpint (st->error_code, ==, 0);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  /* SIGTERM: quit at once */
  {
    gint64 t0 = g_get_monotonic_time ();
    kill (mpid, SIGTERM);
    for (int k = 0; k < 300 && waitpid (mpid, &status, WNOHANG) != mpid; k++)
      g_usleep (10000);
    g_assert_true (WIFEXITED (status) || WIFSIGNALED (status));
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 3 * G_USEC_PER_SEC);
  }
  mdt_nsm_server_free (nsm);
  md_jack_stop_server (jpid);
  {
    g_autofree char *log = NULL;
    g_file_get_contents (mlog, &log, NULL, NULL);
    g_test_message ("%s", log ? log : "");
  }
  g_unlink (file);
  g_unlink (jlog);
  g_unlink (mlog);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/nsm/app", GINT_TO_POINTER (FALSE), test_nsm_app);
  g_test_add_data_func ("/nsm/app-gui", GINT_TO_POINTER (TRUE), test_nsm_app);
  return g_test_run ();
}
