/* test-autosave.c: recovery files and finding them.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "md-session-util.h"
#include "md-wav-util.h"
#include "session/md-automation.h"
#include "session/md-autosave.h"
#include "session/md-scenes.h"
#include "session/md-session-file.h"

static void
run_for_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
test_periodic (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "song.mixdesk", NULL);
  g_autofree char *recovery = g_strconcat (file, ".recovery", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *saved_after = NULL;
  g_autofree char *found = NULL;
  g_autoptr(MdSession) s = mdt_session_random (rand, dir, 8, TRUE);
  g_autoptr(MdSession) r = NULL;
  g_autoptr(MdAutosave) autosave = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (md_session_save (s, file, &error));
  g_assert_true (g_file_get_contents (file, &saved, NULL, NULL));
  autosave = md_autosave_new (s, file);
  g_assert_cmpstr (md_autosave_get_recovery_path (autosave), ==, recovery);
  g_assert_cmpuint (md_autosave_get_interval_ms (autosave), ==, 30000);
  md_autosave_set_interval_ms (autosave, 50);
  g_assert_false (md_autosave_get_dirty (autosave));

  /* nothing changed: nothing written */
  run_for_ms (200);
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_assert_null (md_autosave_find_recovery (file));

  md_session_set (s, "/strip/1/fader", -33, FALSE, NULL);
  md_session_add_strip (s, "late", FALSE, NULL, NULL);
  g_assert_true (md_autosave_get_dirty (autosave));
  run_for_ms (200);
  g_assert_true (g_file_test (recovery, G_FILE_TEST_IS_REGULAR));
  /* the session file itself is untouched */
  g_assert_true (g_file_get_contents (file, &saved_after, NULL, NULL));
  g_assert_cmpstr (saved, ==, saved_after);

  /* newer than the session: offered, and it holds the changes */
  found = md_autosave_find_recovery (file);
  g_assert_cmpstr (found, ==, recovery);
  r = md_session_load (found, NULL, &error);
  g_assert_no_error (error);
  mdt_session_assert_same (s, r);

  /* a recovery file older than the session is not offered */
  {
    struct utimbuf old = { 1000000000, 1000000000 };
    g_assert_cmpint (utime (recovery, &old), ==, 0);
    g_assert_null (md_autosave_find_recovery (file));
    g_assert_cmpint (utime (recovery, NULL), ==, 0);
  }

  /* a real save: clean, recovery gone */
  g_assert_true (md_session_save (s, file, &error));
  md_autosave_mark_saved (autosave);
  g_assert_false (md_autosave_get_dirty (autosave));
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  run_for_ms (150);
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));

  /* discard */
  md_session_set (s, "/strip/1/fader", -3, FALSE, NULL);
  g_assert_true (md_autosave_save_now (autosave, &error));
  g_assert_true (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_assert_true (md_autosave_discard (file, &error));
  g_assert_false (g_file_test (recovery, G_FILE_TEST_EXISTS));
  g_assert_true (md_autosave_discard (file, &error));
  g_assert_no_error (error);
  mdt_rmdir (dir);
}

/* What makes a session unsaved: automation playing a lane does not (it
 * moves controls through md_session_follow_param); a scene saved or an
 * automation edit does (content-changed). */
static void
test_dirty_sources (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "song.mixdesk", NULL);
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdAutosave) autosave = NULL;
  MdAutoPoint pts[] = { { 0, -6.0 }, { 48000, 0.0 } };

  g_assert_cmpuint (md_session_add_strip (s, "a", FALSE, NULL, NULL), ==, 1);
  autosave = md_autosave_new (s, file);
  g_assert_false (md_autosave_get_dirty (autosave));
  g_assert_true (md_session_follow_param (s, md_params_find_name (MD_SCOPE_STRIP, "fader"), 1, 0, -12.0));
  g_assert_false (md_autosave_get_dirty (autosave));
  g_assert_true (md_session_scene_save (s, "Verse", NULL));
  g_assert_true (md_autosave_get_dirty (autosave));
  md_autosave_mark_saved (autosave);
  g_assert_false (md_autosave_get_dirty (autosave));
  g_assert_true (md_automation_set_points (md_session_get_automation (s), "/strip/1/fader", pts, 2, NULL));
  g_assert_true (md_autosave_get_dirty (autosave));
  md_autosave_mark_saved (autosave);
  md_session_scene_set_safe (s, MD_SCENE_EQ);
  g_assert_true (md_autosave_get_dirty (autosave));
  mdt_rmdir (dir);
}

/* Without a file: $XDG_CACHE_HOME/mixdesk/untitled.recovery. A session
 * that was never saved always offers its recovery file. */
static void
test_untitled (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "mixdesk",
                                                "untitled.recovery", NULL);
  g_autofree char *path = md_autosave_recovery_path (NULL);
  g_autofree char *found = NULL;
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdAutosave) autosave = md_autosave_new (s, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSession) r = NULL;

  g_assert_cmpstr (path, ==, expected);
  md_autosave_set_interval_ms (autosave, 0);
  md_session_add_strip (s, "only", TRUE, "/abs/file.wav", NULL);
  g_assert_true (md_autosave_save_now (autosave, &error));
  g_assert_no_error (error);
  found = md_autosave_find_recovery (NULL);
  g_assert_cmpstr (found, ==, expected);
  r = md_session_load (found, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_session_get_strip_source (r, 1), ==, "/abs/file.wav");
  md_autosave_mark_saved (autosave);
  g_assert_null (md_autosave_find_recovery (NULL));
}

/* A write that fails is reported and retried at the next tick. */
static void
test_failure (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *blocker = g_build_filename (dir, "plain", NULL);
  g_autofree char *file = g_build_filename (blocker, "s.mixdesk", NULL);
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdAutosave) autosave = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  autosave = md_autosave_new (s, file);
  md_autosave_set_interval_ms (autosave, 0);
  md_session_add_strip (s, NULL, FALSE, NULL, NULL);
  g_assert_false (md_autosave_save_now (autosave, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* still pending */
  g_assert_false (md_autosave_save_now (autosave, &error));
  g_assert_nonnull (error);
  mdt_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  cache = mdt_tmpdir ();
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/autosave/periodic", test_periodic);
  g_test_add_func ("/autosave/untitled", test_untitled);
  g_test_add_func ("/autosave/failure", test_failure);
  g_test_add_func ("/autosave/dirty-sources", test_dirty_sources);
  status = g_test_run ();
  mdt_rmdir (cache);
  return status;
}
