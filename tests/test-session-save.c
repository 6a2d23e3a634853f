/* test-session-save.c: completeness and robustness of the session file:
 * randomised round trip of everything a session holds, atomic saves
 * under a full disk, a read-only file system and kill -9, format versions,
 * limits.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "md-session-util.h"
#include "md-wav-util.h"
#include "session/md-scenes.h"
#include "session/md-session-file.h"

#define HEAD "{\"format\":\"mixdesk-session\",\"version\":1"

/* Everything a session holds survives save and load, through data and
 * through a file (sources below its directory stored relative). */
static void
test_round_trip_full (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "s.mixdesk", NULL);

  for (int round = 0; round < 30; round++)
    {
      g_autoptr(MdSession) s = mdt_session_random (rand, dir, 24, TRUE);
      g_autoptr(MdSession) t = NULL;
      g_autoptr(MdSession) u = NULL;
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize len;

      data = md_session_to_data (s, NULL, &len);
      t = md_session_new_from_data (data, len, NULL, warnings, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (warnings->len, ==, 0);
      mdt_session_assert_same (s, t);

      g_assert_true (md_session_save (s, file, &error));
      g_assert_no_error (error);
      u = md_session_load (file, warnings, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (warnings->len, ==, 0);
      mdt_session_assert_same (s, u);
      for (guint i = 1; i <= md_session_get_n_strips (s); i++)
        {
          g_assert_cmpuint (md_session_scene_get_strip_safe (s, i), ==,
                            md_session_scene_get_strip_safe (u, i));
          if (g_str_has_prefix (md_session_get_strip_source (s, i) ?: "", dir))
            {
              g_autofree char *contents = NULL;
              g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
              g_assert_nonnull (strstr (contents, "\"source\" : \"audio/x.wav\""));
            }
        }
    }
  mdt_rmdir (dir);
}

/* A tmpfs of SIZE at DIR/mnt; NULL (test skipped) when mounting is not
 * possible here. */
static char *
mount_tmpfs (const char *dir,
             const char *options)
{
  g_autofree char *mnt = g_build_filename (dir, "mnt", NULL);

  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
  if (mount ("tmpfs", mnt, "tmpfs", 0, options) != 0)
    {
      g_autofree char *why = g_strdup_printf ("cannot mount a tmpfs: %s", g_strerror (errno));
      g_test_skip (why);
      return NULL;
    }
  return g_steal_pointer (&mnt);
}

static MdSession *
big_session (guint n_strips)
{
  MdSession *s = md_session_new ();
  char name[1000];

  memset (name, 'x', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  for (guint i = 0; i < n_strips; i++)
    g_assert_cmpuint (md_session_add_strip (s, name, FALSE, NULL, NULL), ==, i + 1);
  return s;
}

/* A full disk: the save reports ENOSPC, the previous file is intact and
 * no temporary file is left. */
static void
test_enospc (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *mnt = mount_tmpfs (dir, "size=64k");
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(MdSession) small = big_session (2);
  g_autoptr(MdSession) big = big_session (200);   /* ~ 1 MB of JSON */
  g_autoptr(MdSession) loaded = NULL;
  g_autoptr(GError) error = NULL;

  if (mnt == NULL)
    {
      mdt_rmdir (dir);
      return;
    }
  file = g_build_filename (mnt, "s.mixdesk", NULL);
  g_assert_true (md_session_save (small, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, &before, NULL, NULL));

  g_assert_false (md_session_save (big, file, &error));
  g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  g_assert_nonnull (strstr (error->message, "s.mixdesk"));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (file, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  loaded = md_session_load (file, NULL, &error);
  g_assert_no_error (error);
  mdt_session_assert_same (small, loaded);
  listing = mdt_list_dir (mnt);
  g_assert_cmpstr (listing, ==, "s.mixdesk");

  g_assert_cmpint (umount (mnt), ==, 0);
  mdt_rmdir (dir);
}

/* A read-only file system and a file where the directory should be. */
static void
test_unwritable (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *mnt = mount_tmpfs (dir, "size=1m");
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *blocker = NULL;
  g_autofree char *under = NULL;
  g_autoptr(MdSession) s = big_session (3);
  g_autoptr(GError) error = NULL;

  if (mnt == NULL)
    {
      mdt_rmdir (dir);
      return;
    }
  file = g_build_filename (mnt, "s.mixdesk", NULL);
  g_assert_true (md_session_save (s, file, &error));
  g_assert_true (g_file_get_contents (file, &before, NULL, NULL));
  g_assert_cmpint (mount ("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
  md_session_set (s, "/strip/1/fader", -10, TRUE, NULL);
  g_assert_false (md_session_save (s, file, &error));
  g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (EROFS)));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (file, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (umount (mnt), ==, 0);

  blocker = g_build_filename (dir, "plain", NULL);
  under = g_build_filename (blocker, "s.mixdesk", NULL);
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  g_assert_false (md_session_save (s, under, &error));
  g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOTDIR)));
  mdt_rmdir (dir);
}

/* Check that FILE is one whole save of md-save-loop. */
static void
assert_whole (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSession) s = md_session_load (file, NULL, &error);
  double fader = 0;

  if (s == NULL)
    g_error ("%s does not load: %s", file, error->message);
  g_assert_true (md_session_get (s, "/master/fader", &fader, NULL));
  g_assert_cmpfloat (fader, ==, -(double)(md_session_get_n_strips (s) - 1) - 0.5);
}

/* kill -9 at random moments of a saving process: the session file always
 * loads and is one whole save (the previous or the new one). */
static void
test_kill9 (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "s.mixdesk", NULL);
  g_autofree char *backup = g_strconcat (file, ".bak", NULL);
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "md-save-loop", NULL);
  guint rounds = g_test_slow () ? 1000 : 200, killed_mid_save = 0;

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *start = g_strdup_printf ("%u", round * 7);
      const char *argv[] = { helper, file, start, NULL };
      g_autoptr(GError) error = NULL;
      GPid pid;
      int out_fd, status;
      char buf[8];

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      /* after its first complete save, 0 to 20 ms into the next ones */
      g_assert_cmpint (read (out_fd, buf, 6), ==, 6);
      close (out_fd);
      g_usleep (g_rand_int_range (rand, 0, 20000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      assert_whole (file);
      if (g_file_test (backup, G_FILE_TEST_EXISTS))
        assert_whole (backup);
    }
  /* temporary files of interrupted saves are the only debris */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_prefix (name, ".s.mixdesk."))
        killed_mid_save++;
      else
        g_assert_true (strcmp (name, "s.mixdesk") == 0 || strcmp (name, "s.mixdesk.bak") == 0);
  }
  g_test_message ("%u kills, %u of them in the middle of writing a temporary file",
                  rounds, killed_mid_save);

  /* the next save removes that debris once it is old (10 minutes) */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_autoptr(MdSession) s = md_session_load (file, NULL, NULL);
    g_autofree char *listing = NULL;
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_prefix (name, ".s.mixdesk."))
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          struct utimbuf old = { 1000000000, 1000000000 };

          g_assert_cmpint (utime (path, &old), ==, 0);
        }
    g_assert_true (md_session_save (s, file, NULL));
    listing = mdt_list_dir (dir);
    g_assert_cmpstr (listing, ==, "s.mixdesk,s.mixdesk.bak");
  }
  mdt_rmdir (dir);
}

/* Versions, and what surrounds the document. */
static void
test_versions (void)
{
  static const struct
  {
    const char *json;
    int code;
    const char *needle;
  } cases[] = {
    { "{\"format\":\"mixdesk-session\",\"version\":0}", MD_SESSION_FILE_ERROR_VERSION, "first version is 1" },
    { "{\"format\":\"mixdesk-session\",\"version\":-7}", MD_SESSION_FILE_ERROR_VERSION, "version -7" },
    { "{\"format\":\"mixdesk-session\",\"version\":2}", MD_SESSION_FILE_ERROR_VERSION, "newer mixdesk" },
    { "{\"format\":\"mixdesk-session\",\"version\":1.5}", MD_SESSION_FILE_ERROR_FORMAT, "version" },
    /* found by the fuzzer: json-glib leaked the first of two top-level values */
    { HEAD "}{\"a\":1}", MD_SESSION_FILE_ERROR_PARSE, "after the end" },
    { HEAD "}\n\n x", MD_SESSION_FILE_ERROR_PARSE, "line 3" },
    { "9" HEAD "}", MD_SESSION_FILE_ERROR_FORMAT, "not an object" },
    { "\"x\"", MD_SESSION_FILE_ERROR_FORMAT, "not an object" },
    { "}", MD_SESSION_FILE_ERROR_FORMAT, "not an object" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSession) ok = md_session_new_from_data (HEAD "}", strlen (HEAD "}"), NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ok);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(MdSession) s = md_session_new_from_data (cases[i].json, strlen (cases[i].json),
                                                         NULL, NULL, &e);

      g_assert_null (s);
      g_assert_error (e, MD_SESSION_FILE_ERROR, cases[i].code);
      if (strstr (e->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” does not mention “%s”", i, e->message, cases[i].needle);
    }
}

/* Hostile scenes and safes: refused with the place named; warnings are
 * capped so a file of unknown keys cannot flood memory. */
static void
test_scene_hostile (void)
{
  static const struct
  {
    const char *json;
    int code;
    const char *needle;
  } cases[] = {
    { HEAD ",\"scenes\":{}}", MD_SESSION_FILE_ERROR_FORMAT, "scenes" },
    { HEAD ",\"scenes\":[7]}", MD_SESSION_FILE_ERROR_FORMAT, "scenes[0]" },
    { HEAD ",\"scenes\":[{}]}", MD_SESSION_FILE_ERROR_FORMAT, "scenes[0].name" },
    { HEAD ",\"scenes\":[{\"name\":\"\"}]}", MD_SESSION_FILE_ERROR_FORMAT, "scenes[0].name" },
    { HEAD ",\"scenes\":[{\"name\":\"a\"},{\"name\":\"a\"}]}", MD_SESSION_FILE_ERROR_FORMAT, "scenes[1].name" },
    { HEAD ",\"scenes\":[{\"name\":\"a\",\"sections\":\"eq\"}]}", MD_SESSION_FILE_ERROR_FORMAT, "scenes[0].sections" },
    { HEAD ",\"scenes\":[{\"name\":\"a\",\"strips\":[0]}]}", MD_SESSION_FILE_ERROR_FORMAT, "scenes[0].strips" },
    { HEAD ",\"scenes\":[{\"name\":\"a\",\"fade_ms\":\"slow\"}]}", MD_SESSION_FILE_ERROR_FORMAT, "scenes[0].fade_ms" },
    { HEAD ",\"scenes\":[{\"name\":\"a\",\"values\":{\"strips\":[{\"fader\":\"x\"}]}}]}",
      MD_SESSION_FILE_ERROR_FORMAT, "scenes[0].values.strips[0].fader" },
    { HEAD ",\"scenes\":[{\"name\":\"a\",\"values\":{\"buses\":[{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}]}}]}",
      MD_SESSION_FILE_ERROR_FORMAT, "scenes[0].values" },
    { HEAD ",\"recall_safe\":[]}", MD_SESSION_FILE_ERROR_FORMAT, "recall_safe" },
    { HEAD ",\"recall_safe\":{\"strips\":{\"1\":[\"eq\"]}}}", MD_SESSION_FILE_ERROR_FORMAT,
      "recall_safe.strips.1" },
    { HEAD ",\"strips\":[{}],\"recall_safe\":{\"strips\":{\"1\":[\"eq\"],\"x\":[]}}}",
      MD_SESSION_FILE_ERROR_FORMAT, "recall_safe.strips.x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdSession) s = md_session_new_from_data (cases[i].json, strlen (cases[i].json),
                                                         NULL, NULL, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (s);
      g_assert_error (error, MD_SESSION_FILE_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].needle);
    }

  /* too many scenes */
  {
    GString *many = g_string_new (HEAD ",\"scenes\":[");
    g_autoptr(GError) error = NULL;

    for (int i = 0; i <= MD_SCENES_MAX; i++)
      g_string_append_printf (many, "%s{\"name\":\"s%d\"}", i ? "," : "", i);
    g_string_append (many, "]}");
    g_assert_null (md_session_new_from_data (many->str, many->len, NULL, NULL, &error));
    g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT);
    g_string_free (many, TRUE);
  }
  /* a flood of unknown keys: loads, with a capped list of warnings */
  {
    GString *flood = g_string_new (HEAD ",\"master\":{");
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GError) error = NULL;
    g_autoptr(MdSession) s = NULL;

    for (int i = 0; i < 5000; i++)
      g_string_append_printf (flood, "%s\"k%d\":1", i ? "," : "", i);
    g_string_append (flood, "}}");
    s = md_session_new_from_data (flood->str, flood->len, NULL, warnings, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (warnings->len, ==, MD_SESSION_FILE_MAX_WARNINGS + 1);
    g_string_free (flood, TRUE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session-save/round-trip-full", test_round_trip_full);
  g_test_add_func ("/session-save/enospc", test_enospc);
  g_test_add_func ("/session-save/unwritable", test_unwritable);
  g_test_add_func ("/session-save/kill9", test_kill9);
  g_test_add_func ("/session-file/versions", test_versions);
  g_test_add_func ("/session-file/scene-hostile", test_scene_hostile);
  return g_test_run ();
}
