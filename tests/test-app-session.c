/* test-app-session.c: session features on the command line — render
 * --scene, and live mode's recovery file handling (--recover).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <utime.h>

#include "md-wav-util.h"
#include "session/md-autosave.h"
#include "session/md-scenes.h"
#include "session/md-session-file.h"

static int
run (char **out, char **err, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list ap;
  const char *a;
  int status = -1;
  g_ptr_array_add (argv, (char *) g_getenv ("MD_MIXDESK"));
  va_start (ap, err);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, NULL));
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* render --scene NAME recalls the scene before rendering */
static void
test_render_scene (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *wav = g_build_filename (dir, "sine.wav", NULL);
  g_autofree char *file = g_build_filename (dir, "s.mixdesk", NULL);
  g_autofree char *a = g_build_filename (dir, "a.wav", NULL);
  g_autofree char *b = g_build_filename (dir, "b.wav", NULL);
  g_autoptr (MdSession) s = md_session_new ();
  g_autoptr (GError) err = NULL;
  const double f[1] = { 1000 }, amp[1] = { 0.5 };
  float *xa, *xb;
  gsize n;
  guint ch;
  int rate;

  mdt_write_signal (wav, 48000, 1, 48000, f, amp, 0);
  g_assert_cmpuint (md_session_add_strip (s, NULL, FALSE, wav, &err), ==, 1);
  g_assert_true (md_session_set (s, "/strip/1/fader", -12, TRUE, NULL));
  g_assert_true (md_session_scene_save (s, "quiet", &err));
  g_assert_true (md_session_set (s, "/strip/1/fader", 0, TRUE, NULL));
  g_assert_true (md_session_save (s, file, &err));
  g_assert_cmpint (run (NULL, NULL, "render", file, "-o", a, "--quiet", NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, "render", file, "--scene", "quiet", "-o", b, "--quiet", NULL), ==, 0);
  xa = mdt_read_file (a, &rate, &ch, &n, NULL);
  xb = mdt_read_file (b, &rate, &ch, &n, NULL);
  g_assert_cmpfloat_with_epsilon (mdt_rms_db (xb, 2, 0, 4800, n) - mdt_rms_db (xa, 2, 0, 4800, n), -12.0, 0.01);
  {
    g_autofree char *e = NULL;
    g_assert_cmpint (run (NULL, &e, "render", file, "--scene", "nope", "-o", b, NULL), ==, 1);
    g_assert_nonnull (strstr (e, "nope"));
  }
  g_free (xa);
  g_free (xb);
  mdt_rmdir (dir);
}

/* live mode tells about a newer recovery file, and loads it with --recover */
static void
test_recover (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "show.mixdesk", NULL);
  g_autofree char *rec = md_autosave_recovery_path (file);
  g_autoptr (MdSession) s = md_session_new ();
  g_autoptr (GError) err = NULL;
  g_autofree char *out = NULL, *e = NULL, *out2 = NULL, *e2 = NULL;
  struct utimbuf old = { 1000000000, 1000000000 };

  g_assert_true (md_session_save (s, file, &err));
  utime (file, &old);
  g_assert_true (md_session_save (s, rec, &err));
  /* no JACK server of that name: the session is read first, then it stops */
  run (&out, &e, "--headless", "--jack-server", "mixdesk-test-none", "--no-osc", file, NULL);
  g_assert_nonnull (strstr (out, "--recover"));
  run (&out2, &e2, "--headless", "--recover", "--jack-server", "mixdesk-test-none", "--no-osc", file, NULL);
  g_assert_nonnull (strstr (out2, "Recovering the session from"));
  g_unlink (rec);

  /* with --save OTHER the recovery file is OTHER's (where autosave writes
   * it): found there on the next start */
  {
    g_autofree char *other = g_build_filename (dir, "out.mixdesk", NULL);
    g_autofree char *orec = md_autosave_recovery_path (other);
    g_autofree char *out3 = NULL, *e3 = NULL;

    g_assert_true (md_session_save (s, orec, &err));
    run (&out3, &e3, "--headless", "--jack-server", "mixdesk-test-none", "--no-osc", "--save", other,
         file, NULL);
    g_assert_nonnull (strstr (out3, orec));
    g_assert_nonnull (strstr (out3, "--recover"));
    g_unlink (orec);
  }
  mdt_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app-session/render-scene", test_render_scene);
  g_test_add_func ("/app-session/recover", test_recover);
  return g_test_run ();
}
