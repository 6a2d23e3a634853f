/* test-scenes.c: scenes: save, recall, rename, delete, reorder, scope,
 * recall-safes, guard, fades, the session file, undo.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "session/md-automation.h"
#include "session/md-scenes.h"
#include "session/md-session-file.h"
#include "session/md-undo.h"

static MdSession *
new_session (guint n_strips,
             guint n_buses)
{
  MdSession *s = md_session_new ();

  g_assert_true (md_session_set_n_buses (s, n_buses, NULL));
  for (guint i = 0; i < n_strips; i++)
    g_assert_cmpuint (md_session_add_strip (s, NULL, FALSE, NULL, NULL), ==, i + 1);
  return s;
}

static double
get (MdSession  *s,
     const char *path)
{
  double v = NAN;

  g_assert_true (md_session_get (s, path, &v, NULL));
  return v;
}

static void
set (MdSession  *s,
     const char *path,
     double      v)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_session_set (s, path, v, TRUE, &error));
  g_assert_no_error (error);
}

/* One value per section on strip N and bus B. */
static void
set_all (MdSession *s,
         guint      n,
         double     k)
{
  g_autofree char *trim = g_strdup_printf ("/strip/%u/trim", n);
  g_autofree char *eq = g_strdup_printf ("/strip/%u/eq/2/gain", n);
  g_autofree char *comp = g_strdup_printf ("/strip/%u/comp/threshold", n);
  g_autofree char *fader = g_strdup_printf ("/strip/%u/fader", n);
  g_autofree char *pan = g_strdup_printf ("/strip/%u/pan", n);
  g_autofree char *send = g_strdup_printf ("/strip/%u/send/1/level", n);
  g_autofree char *route = g_strdup_printf ("/strip/%u/route", n);

  set (s, trim, k);
  set (s, eq, k);
  set (s, comp, -k);
  set (s, fader, -k);
  set (s, pan, k / 20);
  set (s, send, -k);
  set (s, route, k > 5 ? 1 : 0);
}

static void
assert_all (MdSession *s,
            guint      n,
            double     k,
            guint      sections)
{
  struct { const char *fmt; double v; guint section; } checks[] = {
    { "/strip/%u/trim", k, MD_SCENE_INPUT },
    { "/strip/%u/eq/2/gain", k, MD_SCENE_EQ },
    { "/strip/%u/comp/threshold", -k, MD_SCENE_DYNAMICS },
    { "/strip/%u/fader", -k, MD_SCENE_FADER },
    { "/strip/%u/pan", k / 20, MD_SCENE_PAN },
    { "/strip/%u/send/1/level", -k, MD_SCENE_SENDS },
    { "/strip/%u/route", k > 5 ? 1 : 0, MD_SCENE_ROUTING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autofree char *path = g_strdup_printf (checks[i].fmt, n);

      if (sections & checks[i].section)
        g_assert_cmpfloat (get (s, path), ==, checks[i].v);
    }
}

static void
test_save_recall (void)
{
  g_autoptr(MdSession) s = new_session (3, 2);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) list = NULL;
  g_autofree char *joined = NULL;

  set_all (s, 1, 3);
  set_all (s, 2, 6);
  set (s, "/strip/1/solo", 1);
  set (s, "/master/fader", -4);
  set (s, "/dca/2/fader", -8);
  g_assert_true (md_session_scene_save (s, "Verse", &error));
  set_all (s, 1, 10);
  set_all (s, 2, 12);
  set (s, "/strip/1/solo", 0);
  set (s, "/master/fader", -1);
  set (s, "/dca/2/fader", 0);
  g_assert_true (md_session_scene_save (s, "Chorus", &error));
  g_assert_cmpuint (md_session_scene_get_n_scenes (s), ==, 2);

  g_assert_true (md_session_scene_recall (s, "Verse", &error));
  g_assert_no_error (error);
  assert_all (s, 1, 3, MD_SCENE_ALL);
  assert_all (s, 2, 6, MD_SCENE_ALL);
  g_assert_cmpfloat (get (s, "/master/fader"), ==, -4);
  g_assert_cmpfloat (get (s, "/dca/2/fader"), ==, -8);
  /* solo is never part of a scene */
  g_assert_cmpfloat (get (s, "/strip/1/solo"), ==, 0);

  /* by number; a saved scene is replaced in place */
  g_assert_true (md_session_scene_recall_now (s, "2", &error));
  assert_all (s, 1, 10, MD_SCENE_ALL);
  set (s, "/strip/3/fader", -30);
  g_assert_true (md_session_scene_save (s, "Verse", &error));
  g_assert_cmpuint (md_session_scene_find (s, "Verse"), ==, 1);
  g_assert_cmpuint (md_session_scene_get_n_scenes (s), ==, 2);

  /* rename, reorder, delete, errors */
  g_assert_true (md_session_scene_rename (s, "Verse", "Verse 2", &error));
  g_assert_false (md_session_scene_rename (s, "Verse 2", "Chorus", &error));
  g_assert_error (error, MD_SCENE_ERROR, MD_SCENE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (md_session_scene_save (s, "Bridge", &error));
  g_assert_true (md_session_scene_move (s, "Bridge", 1, &error));
  list = md_session_scene_list (s);
  joined = g_strjoinv ("|", list);
  g_assert_cmpstr (joined, ==, "Bridge|Verse 2|Chorus");
  g_assert_false (md_session_scene_move (s, "Bridge", 4, &error));
  g_assert_error (error, MD_SCENE_ERROR, MD_SCENE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (md_session_scene_delete (s, "2", &error));
  g_clear_pointer (&list, g_strfreev);
  list = md_session_scene_list (s);
  g_free (joined);
  joined = g_strjoinv ("|", list);
  g_assert_cmpstr (joined, ==, "Bridge|Chorus");
  g_assert_false (md_session_scene_recall (s, "Verse 2", &error));
  g_assert_error (error, MD_SCENE_ERROR, MD_SCENE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Verse 2"));
  g_clear_error (&error);
  g_assert_false (md_session_scene_save (s, "", &error));
  g_assert_error (error, MD_SCENE_ERROR, MD_SCENE_ERROR_INVALID);
}

/* Scope by section, strip and bus; safes per section, strip and bus. */
static void
test_scope_safes (void)
{
  static const guint sections[] = {
    MD_SCENE_INPUT, MD_SCENE_EQ, MD_SCENE_DYNAMICS, MD_SCENE_FADER, MD_SCENE_PAN,
    MD_SCENE_SENDS, MD_SCENE_ROUTING, MD_SCENE_EQ | MD_SCENE_FADER
  };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autoptr(MdSession) s = new_session (3, 2);
      g_autoptr(GError) error = NULL;
      guint only_2[] = { 2 };
      guint got = 0;
      g_autoptr(GArray) strips = NULL;

      set_all (s, 1, 3);
      set_all (s, 2, 6);
      set (s, "/bus/1/eq/1/gain", 5);
      g_assert_true (md_session_scene_save (s, "A", &error));
      set_all (s, 1, 10);
      set_all (s, 2, 12);
      set (s, "/bus/1/eq/1/gain", -5);

      /* scope: SECTIONS[i] of strip 2 only, no bus */
      g_assert_true (md_session_scene_set_scope (s, "A", sections[i], only_2, 1, only_2, 0, &error));
      g_assert_true (md_session_scene_get_scope (s, "A", &got, &strips, NULL, &error));
      g_assert_cmpuint (got, ==, sections[i]);
      g_assert_cmpuint (strips->len, ==, 1);
      g_assert_true (md_session_scene_recall_now (s, "A", &error));
      assert_all (s, 1, 10, MD_SCENE_ALL);
      assert_all (s, 2, 6, sections[i]);
      assert_all (s, 2, 12, MD_SCENE_ALL & ~sections[i]);
      g_assert_cmpfloat (get (s, "/bus/1/eq/1/gain"), ==, -5);

      /* all strips, but SECTIONS[i] safe on strip 1, everything safe on bus 1 */
      g_assert_true (md_session_scene_set_scope (s, "A", MD_SCENE_ALL, NULL, 0, NULL, 0, &error));
      set_all (s, 2, 12);
      g_assert_true (md_session_scene_set_strip_safe (s, 1, sections[i], &error));
      g_assert_true (md_session_scene_set_bus_safe (s, 1, MD_SCENE_ALL, &error));
      g_assert_true (md_session_scene_recall_now (s, "A", &error));
      assert_all (s, 1, 10, sections[i]);
      assert_all (s, 1, 3, MD_SCENE_ALL & ~sections[i]);
      assert_all (s, 2, 6, MD_SCENE_ALL);
      g_assert_cmpfloat (get (s, "/bus/1/eq/1/gain"), ==, -5);

      /* a global safe wins over everything */
      set_all (s, 1, 10);
      set_all (s, 2, 12);
      g_assert_true (md_session_scene_set_strip_safe (s, 1, 0, &error));
      md_session_scene_set_safe (s, sections[i]);
      g_assert_true (md_session_scene_recall_now (s, "A", &error));
      assert_all (s, 1, 10, sections[i]);
      assert_all (s, 2, 12, sections[i]);
      assert_all (s, 1, 3, MD_SCENE_ALL & ~sections[i]);
      assert_all (s, 2, 6, MD_SCENE_ALL & ~sections[i]);
    }
}

/* Strip safes follow their strip when it moves; removed strips and
 * buses that no longer exist are skipped. */
static void
test_layout_changes (void)
{
  g_autoptr(MdSession) s = new_session (3, 2);
  g_autoptr(GError) error = NULL;

  set (s, "/strip/3/fader", -3);
  set (s, "/strip/3/send/2/level", -7);
  g_assert_true (md_session_scene_save (s, "A", &error));
  g_assert_true (md_session_scene_set_strip_safe (s, 1, MD_SCENE_FADER, &error));
  g_assert_true (md_session_move_strip (s, 1, 2, &error));
  g_assert_cmpuint (md_session_scene_get_strip_safe (s, 2), ==, MD_SCENE_FADER);
  g_assert_cmpuint (md_session_scene_get_strip_safe (s, 1), ==, 0);
  g_assert_true (md_session_remove_strip (s, 3, &error));
  g_assert_true (md_session_set_n_buses (s, 1, &error));
  set (s, "/strip/1/fader", -50);
  g_assert_true (md_session_scene_recall_now (s, "A", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, 0);
  g_assert_cmpuint (md_session_get_n_strips (s), ==, 2);
}

static gboolean
guard_fader_1 (MdSession         *session,
               const MdParamInfo *info,
               guint              index,
               guint              sub,
               gpointer           user_data)
{
  guint *calls = user_data;

  (*calls)++;
  return info->scope == MD_SCOPE_STRIP && index == 1 && strcmp (info->name, "fader") == 0;
}

/* A control in automation Write/Touch (the guard says so) is left alone. */
static void
test_guard (void)
{
  g_autoptr(MdSession) s = new_session (2, 0);
  guint calls = 0;

  set (s, "/strip/1/fader", -6);
  set (s, "/strip/2/fader", -6);
  g_assert_true (md_session_scene_save (s, "A", NULL));
  set (s, "/strip/1/fader", -1);
  set (s, "/strip/2/fader", -1);
  md_session_scene_set_guard (s, guard_fader_1, &calls, NULL);
  g_assert_true (md_session_scene_recall_now (s, "A", NULL));
  g_assert_cmpuint (calls, >, 0);
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, -1);
  g_assert_cmpfloat (get (s, "/strip/2/fader"), ==, -6);
}

/* Controls whose lane is in write, touch or latch mode are left alone;
 * play and off are recalled. */
static void
test_automation_modes (void)
{
  static const struct { MdAutoMode mode; gboolean kept; } cases[] = {
    { MD_AUTO_OFF, FALSE }, { MD_AUTO_PLAY, FALSE }, { MD_AUTO_WRITE, TRUE },
    { MD_AUTO_TOUCH, TRUE }, { MD_AUTO_LATCH, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MdSession) s = new_session (2, 1);
      g_autoptr(GError) error = NULL;

      set (s, "/strip/2/send/1/level", -6);
      set (s, "/strip/1/pan", -0.5);
      g_assert_true (md_session_scene_save (s, "A", NULL));
      set (s, "/strip/2/send/1/level", -1);
      set (s, "/strip/1/pan", 0.5);
      g_assert_true (md_automation_set_mode (md_session_get_automation (s), "/strip/2/send/1/level",
                                             cases[i].mode, &error));
      g_assert_no_error (error);
      g_assert_true (md_session_scene_recall_now (s, "A", NULL));
      g_assert_cmpfloat (get (s, "/strip/2/send/1/level"), ==, cases[i].kept ? -1 : -6);
      g_assert_cmpfloat (get (s, "/strip/1/pan"), ==, -0.5);
    }
}

typedef struct
{
  GArray *fader;              /* values of /strip/1/fader in order */
  GArray *mute_at;            /* fader value when the mute switched */
  MdSession *s;
} FadeLog;

static void
fade_param_cb (MdSession  *s,
               const char *path,
               double      value,
               FadeLog    *log)
{
  if (strcmp (path, "/strip/1/fader") == 0)
    g_array_append_val (log->fader, value);
  else if (strcmp (path, "/strip/1/mute") == 0)
    {
      double f = get (s, "/strip/1/fader");
      g_array_append_val (log->mute_at, f);
    }
}

/* A 300 ms fade: the fader moves in ~30 Hz steps monotonically along the
 * fader law and ends exactly on the scene value; the mute switches at the
 * end; the whole recall is one undo step. */
static void
test_fade (void)
{
  g_autoptr(MdSession) s = new_session (1, 0);
  g_autoptr(MdUndo) undo = md_undo_new (s);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  FadeLog log = { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)), s };
  gint64 start, elapsed_ms;

  set (s, "/strip/1/fader", -40);
  set (s, "/strip/1/mute", 1);
  g_assert_true (md_session_scene_save (s, "Loud", NULL));
  g_assert_true (md_session_scene_set_fade (s, "Loud", 300, NULL));
  g_assert_false (md_session_scene_set_fade (s, "Loud", -1, NULL));
  set (s, "/strip/1/fader", 0);
  set (s, "/strip/1/mute", 0);
  md_undo_clear (undo);

  g_signal_connect (s, "param-changed", G_CALLBACK (fade_param_cb), &log);
  start = g_get_monotonic_time ();
  g_assert_true (md_session_scene_recall (s, "Loud", NULL));
  g_assert_true (md_session_scene_is_fading (s));
  while (md_session_scene_is_fading (s))
    g_main_context_iteration (NULL, TRUE);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_signal_handlers_disconnect_by_data (s, &log);

  g_test_message ("%u fader steps in %" G_GINT64_FORMAT " ms", log.fader->len, elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 300);
  g_assert_cmpint (elapsed_ms, <, 1000);
  /* 300 ms at 33 ms: about 9 steps; allow for a loaded machine */
  g_assert_cmpuint (log.fader->len, >=, 4);
  g_assert_cmpuint (log.fader->len, <=, 12);
  for (guint i = 1; i < log.fader->len; i++)
    g_assert_cmpfloat (g_array_index (log.fader, double, i), <, g_array_index (log.fader, double, i - 1));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, -40);
  g_assert_cmpuint (log.mute_at->len, ==, 1);
  g_assert_cmpfloat (g_array_index (log.mute_at, double, 0), ==, -40);
  g_assert_cmpfloat (get (s, "/strip/1/mute"), ==, 1);

  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 1);
  g_assert_nonnull (strstr (md_undo_get_undo_label (undo), "Loud"));
  g_assert_true (md_undo_undo (undo, NULL));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, 0);
  g_assert_cmpfloat (get (s, "/strip/1/mute"), ==, 0);

  /* a recall during a fade stops it; a layout change too */
  g_assert_true (md_session_scene_recall (s, "Loud", NULL));
  g_assert_true (md_session_scene_is_fading (s));
  g_assert_true (md_session_add_strip (s, NULL, FALSE, NULL, NULL) != 0);
  g_assert_false (md_session_scene_is_fading (s));

  g_array_unref (log.fader);
  g_array_unref (log.mute_at);
  (void)loop;
}

/* Scenes, scopes, fades and safes survive the session file; a loaded
 * scene recalls the same values. */
static void
test_file (void)
{
  g_autoptr(MdSession) s = new_session (4, 3);
  g_autoptr(MdSession) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  g_autoptr(GArray) strips = NULL;
  g_autoptr(GArray) buses = NULL;
  guint scope_strips[] = { 2, 4 }, scope_buses[] = { 3 }, sections = 0;

  set_all (s, 2, 4);
  set (s, "/bus/3/comp/ratio", 8);
  set (s, "/mgrp/3/mute", 1);
  g_assert_true (md_session_scene_save (s, "One", &error));
  g_assert_true (md_session_scene_set_scope (s, "One", MD_SCENE_EQ | MD_SCENE_SENDS, scope_strips, 2,
                                             scope_buses, 1, &error));
  g_assert_true (md_session_scene_set_fade (s, "One", 1500, &error));
  set_all (s, 2, 9);
  set (s, "/bus/3/comp/ratio", 5);
  g_assert_true (md_session_scene_save (s, "Two", &error));
  md_session_scene_set_safe (s, MD_SCENE_ROUTING);
  g_assert_true (md_session_scene_set_strip_safe (s, 3, MD_SCENE_PAN | MD_SCENE_INPUT, &error));
  g_assert_true (md_session_scene_set_bus_safe (s, 2, MD_SCENE_DYNAMICS, &error));

  data = md_session_to_data (s, NULL, NULL);
  g_assert_nonnull (strstr (data, "\"scenes\""));
  g_assert_nonnull (strstr (data, "\"recall_safe\""));
  t = md_session_new_from_data (data, strlen (data), NULL, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  data2 = md_session_to_data (t, NULL, NULL);
  g_assert_cmpstr (data, ==, data2);
  g_assert_cmpfloat (md_session_scene_get_fade (t, "One"), ==, 1500);
  g_assert_true (md_session_scene_get_scope (t, "One", &sections, &strips, &buses, &error));
  g_assert_cmpuint (sections, ==, MD_SCENE_EQ | MD_SCENE_SENDS);
  g_assert_cmpuint (strips->len, ==, 2);
  g_assert_cmpuint (g_array_index (strips, guint, 1), ==, 4);
  g_assert_cmpuint (buses->len, ==, 1);
  g_assert_cmpuint (md_session_scene_get_safe (t), ==, MD_SCENE_ROUTING);
  g_assert_cmpuint (md_session_scene_get_strip_safe (t, 3), ==, MD_SCENE_PAN | MD_SCENE_INPUT);
  g_assert_cmpuint (md_session_scene_get_bus_safe (t, 2), ==, MD_SCENE_DYNAMICS);

  g_assert_true (md_session_scene_recall_now (t, "One", &error));
  assert_all (t, 2, 4, MD_SCENE_EQ | MD_SCENE_SENDS);
  assert_all (t, 2, 9, MD_SCENE_ALL & ~(MD_SCENE_EQ | MD_SCENE_SENDS));
  g_assert_cmpfloat (get (t, "/bus/3/comp/ratio"), ==, 5);   /* dynamics not in scope */
  g_assert_true (md_session_scene_set_scope (t, "One", MD_SCENE_ALL, NULL, 0, NULL, 0, &error));
  g_assert_true (md_session_scene_recall_now (t, "One", &error));
  g_assert_cmpfloat (get (t, "/bus/3/comp/ratio"), ==, 8);
  g_assert_cmpfloat (get (t, "/mgrp/3/mute"), ==, 1);
}

/* The strip scope as the Scenes panel edits it: an empty list means no
 * strip (not all of them), numbers of strips that do not exist yet are
 * kept and skipped, the scope is by position (a moved strip leaves it),
 * and all of that survives the session file. */
static void
test_scope_strips (void)
{
  g_autoptr(MdSession) s = new_session (3, 1);
  g_autoptr(MdSession) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) strips = NULL;
  g_autoptr(GArray) buses = NULL;
  g_autofree char *data = NULL;
  static const guint none = 0;
  guint some[] = { 3, 7 };

  for (guint n = 1; n <= 3; n++)
    set_all (s, n, 3);
  set (s, "/bus/1/fader", -9);
  g_assert_true (md_session_scene_save (s, "A", &error));
  for (guint n = 1; n <= 3; n++)
    set_all (s, n, 10);
  set (s, "/bus/1/fader", 0);

  /* no strip, all buses */
  g_assert_true (md_session_scene_set_scope (s, "A", MD_SCENE_ALL, &none, 0, NULL, 0, &error));
  g_assert_true (md_session_scene_get_scope (s, "A", NULL, &strips, &buses, &error));
  g_assert_nonnull (strips);
  g_assert_cmpuint (strips->len, ==, 0);
  g_assert_null (buses);
  g_assert_true (md_session_scene_recall_now (s, "A", &error));
  for (guint n = 1; n <= 3; n++)
    assert_all (s, n, 10, MD_SCENE_ALL);
  g_assert_cmpfloat (get (s, "/bus/1/fader"), ==, -9);

  /* the file keeps "no strip" apart from "all strips" */
  data = md_session_to_data (s, NULL, NULL);
  t = md_session_new_from_data (data, strlen (data), NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&strips, g_array_unref);
  g_assert_true (md_session_scene_get_scope (t, "A", NULL, &strips, NULL, &error));
  g_assert_nonnull (strips);
  g_assert_cmpuint (strips->len, ==, 0);

  /* strip 3 and a strip 7 that does not exist (yet): 3 is recalled, 7
   * skipped but kept */
  g_assert_true (md_session_scene_set_scope (s, "A", MD_SCENE_ALL, some, 2, NULL, 0, &error));
  g_assert_true (md_session_scene_recall_now (s, "A", &error));
  g_assert_no_error (error);
  assert_all (s, 1, 10, MD_SCENE_ALL);
  assert_all (s, 3, 3, MD_SCENE_ALL);
  g_clear_pointer (&strips, g_array_unref);
  g_assert_true (md_session_scene_get_scope (s, "A", NULL, &strips, NULL, &error));
  g_assert_cmpuint (strips->len, ==, 2);
  g_assert_cmpuint (g_array_index (strips, guint, 1), ==, 7);

  /* by position: strip 3 moved to 1 is no longer in the scope, the strip
   * now third is */
  set_all (s, 3, 10);
  g_assert_true (md_session_move_strip (s, 3, 1, &error));
  g_assert_true (md_session_scene_recall_now (s, "A", &error));
  assert_all (s, 1, 10, MD_SCENE_ALL);
  assert_all (s, 3, 3, MD_SCENE_ALL);
}

static void
test_sections_parse (void)
{
  g_autoptr(GError) error = NULL;
  guint mask = 0;

  g_assert_true (md_scene_sections_parse ("eq, dynamics", &mask, &error));
  g_assert_cmpuint (mask, ==, MD_SCENE_EQ | MD_SCENE_DYNAMICS);
  g_assert_true (md_scene_sections_parse ("all", &mask, &error));
  g_assert_cmpuint (mask, ==, MD_SCENE_ALL);
  g_assert_true (md_scene_sections_parse ("none", &mask, &error));
  g_assert_cmpuint (mask, ==, 0);
  g_assert_false (md_scene_sections_parse ("eq,reverb", &mask, &error));
  g_assert_error (error, MD_SCENE_ERROR, MD_SCENE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "reverb"));
  g_assert_cmpstr (md_scene_section_name (MD_SCENE_SENDS), ==, "sends");

  /* every recallable strip parameter belongs to a section; solo does not */
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);

      if (info->scope == MD_SCOPE_SESSION || info->kind == MD_KIND_STRING)
        continue;
      /* not part of a scene, on purpose */
      if (strcmp (info->name, "solo") == 0 || strcmp (info->name, "mono") == 0 ||
          strcmp (info->name, "mb/#/solo") == 0 || strcmp (info->name, "direct") == 0 ||
          (info->scope == MD_SCOPE_MASTER && strcmp (info->name, "target") == 0))
        g_assert_cmpuint (md_scene_section_of (info), ==, 0);
      else if (md_scene_section_of (info) == 0)
        g_error ("%s/%s belongs to no scene section", md_scope_name (info->scope), info->name);
    }
}

static void
count_scenes_cb (MdSession *s, const char *what, guint *n)
{
  if (g_strcmp0 (what, "scenes") == 0)
    (*n)++;
}

/* md_scenes_copy (the window's Open): DST's scenes and safes become
 * SRC's; every edit of scenes and safes says "content-changed" (unsaved
 * changes) */
static void
test_copy (void)
{
  g_autoptr (MdSession) src = new_session (3, 2);
  g_autoptr (MdSession) dst = new_session (3, 2);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) strips = NULL;
  g_autoptr (GArray) buses = NULL;
  g_auto (GStrv) names = NULL;
  const guint scope[] = { 1, 3 };
  guint n_changed = 0, sections = 0;

  g_signal_connect (src, "content-changed", G_CALLBACK (count_scenes_cb), &n_changed);
  g_assert_true (md_session_scene_save (src, "Verse", NULL));
  g_assert_true (md_session_scene_save (src, "Chorus", NULL));
  g_assert_true (md_session_scene_rename (src, "Chorus", "Bridge", NULL));
  g_assert_true (md_session_scene_set_scope (src, "Verse", MD_SCENE_FADER | MD_SCENE_EQ, scope, 2, NULL, 0, NULL));
  g_assert_true (md_session_scene_set_fade (src, "Verse", 1500, NULL));
  md_session_scene_set_safe (src, MD_SCENE_ROUTING);
  g_assert_true (md_session_scene_set_strip_safe (src, 2, MD_SCENE_EQ, NULL));
  g_assert_true (md_session_scene_set_bus_safe (src, 1, MD_SCENE_ALL, NULL));
  g_assert_true (md_session_scene_move (src, "Bridge", 1, NULL));
  g_assert_cmpuint (n_changed, ==, 9);
  /* no change, no signal */
  md_session_scene_set_safe (src, MD_SCENE_ROUTING);
  g_assert_true (md_session_scene_set_fade (src, "Verse", 1500, NULL));
  g_assert_cmpuint (n_changed, ==, 9);

  g_assert_true (md_session_scene_save (dst, "Old", NULL));
  g_assert_true (md_session_scene_set_bus_safe (dst, 2, MD_SCENE_ALL, NULL));
  n_changed = 0;
  g_signal_connect (dst, "content-changed", G_CALLBACK (count_scenes_cb), &n_changed);
  g_assert_true (md_scenes_copy (dst, src, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, >=, 1);

  names = md_session_scene_list (dst);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Bridge");
  g_assert_cmpstr (names[1], ==, "Verse");
  g_assert_true (md_session_scene_get_scope (dst, "Verse", &sections, &strips, &buses, NULL));
  g_assert_cmpuint (sections, ==, MD_SCENE_FADER | MD_SCENE_EQ);
  g_assert_nonnull (strips);
  g_assert_cmpuint (strips->len, ==, 2);
  g_assert_cmpuint (g_array_index (strips, guint, 1), ==, 3);
  g_assert_null (buses);
  g_assert_cmpfloat_with_epsilon (md_session_scene_get_fade (dst, "Verse"), 1500, 1e-9);
  g_assert_cmpuint (md_session_scene_get_safe (dst), ==, MD_SCENE_ROUTING);
  g_assert_cmpuint (md_session_scene_get_strip_safe (dst, 2), ==, MD_SCENE_EQ);
  g_assert_cmpuint (md_session_scene_get_strip_safe (dst, 1), ==, 0);
  g_assert_cmpuint (md_session_scene_get_bus_safe (dst, 1), ==, MD_SCENE_ALL);
  g_assert_cmpuint (md_session_scene_get_bus_safe (dst, 2), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scenes/save-recall", test_save_recall);
  g_test_add_func ("/scenes/scope-safes", test_scope_safes);
  g_test_add_func ("/scenes/layout-changes", test_layout_changes);
  g_test_add_func ("/scenes/guard", test_guard);
  g_test_add_func ("/scenes/automation-modes", test_automation_modes);
  g_test_add_func ("/scenes/fade", test_fade);
  g_test_add_func ("/scenes/file", test_file);
  g_test_add_func ("/scenes/scope-strips", test_scope_strips);
  g_test_add_func ("/scenes/sections", test_sections_parse);
  g_test_add_func ("/scenes/copy", test_copy);
  return g_test_run ();
}
