/* test-undo.c: undo and redo of every model command.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "session/md-session-file.h"
#include "session/md-undo.h"

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

static char *
dump (MdSession *s)
{
  return md_session_to_data (s, NULL, NULL);
}

static void
test_params (void)
{
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdUndo) undo = md_undo_new (s);
  g_autoptr(GError) error = NULL;

  md_session_add_strip (s, NULL, FALSE, NULL, NULL);
  md_undo_clear (undo);
  md_undo_set_coalesce_ms (undo, 0);
  g_assert_false (md_undo_can_undo (undo));
  set (s, "/strip/1/fader", -3);
  set (s, "/strip/1/fader", -6);
  set (s, "/master/fader", -1);
  set (s, "/session/panlaw", 0);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 4);
  g_assert_cmpstr (md_undo_get_undo_label (undo), ==, "/session/panlaw");

  g_assert_true (md_undo_undo (undo, &error));
  g_assert_cmpfloat (get (s, "/session/panlaw"), ==, MD_PANLAW_3DB);
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_cmpfloat (get (s, "/master/fader"), ==, 0);
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, -3);
  g_assert_true (md_undo_can_redo (undo));
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, -6);
  /* a new change drops the redo steps */
  set (s, "/strip/1/pan", 0.5);
  g_assert_false (md_undo_can_redo (undo));
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_cmpfloat (get (s, "/strip/1/pan"), ==, 0);

  /* names */
  g_assert_true (md_session_set_string (s, "/strip/1/name", "Kick", NULL));
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_cmpstr (md_session_get_string (s, "/strip/1/name", NULL), ==, "Strip 1");
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_cmpstr (md_session_get_string (s, "/strip/1/name", NULL), ==, "Kick");

  /* colour and source */
  g_assert_true (md_session_set_strip_colour (s, 1, "#ff0000", NULL));
  g_assert_true (md_session_set_strip_colour (s, 1, "#00ff00", NULL));
  g_assert_true (md_session_set_strip_source (s, 1, "jack:system:capture_1", NULL));
  g_assert_cmpstr (md_undo_get_undo_label (undo), ==, "Strip source");
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_null (md_session_get_strip_source (s, 1));
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_cmpstr (md_session_get_strip_colour (s, 1), ==, "#ff0000");
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_null (md_session_get_strip_colour (s, 1));
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_cmpstr (md_session_get_strip_source (s, 1), ==, "jack:system:capture_1");
  g_assert_cmpstr (md_session_get_strip_colour (s, 1), ==, "#00ff00");
  g_assert_no_error (error);
}

/* A fader drag (changes of one parameter less than the window apart) is
 * one step; another parameter, or a pause, starts a new one. */
static void
test_coalesce (void)
{
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdUndo) undo = md_undo_new (s);

  md_session_add_strip (s, NULL, FALSE, NULL, NULL);
  md_undo_clear (undo);
  md_undo_set_coalesce_ms (undo, 200);
  for (int i = 1; i <= 50; i++)
    set (s, "/strip/1/fader", -i * 0.5);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 1);
  set (s, "/strip/1/pan", 0.2);
  set (s, "/strip/1/fader", -1);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 3);
  g_usleep (250000);
  set (s, "/strip/1/fader", -2);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 4);

  /* an explicit gesture, however long */
  md_undo_set_coalesce_ms (undo, 0);
  md_undo_begin_group (undo, "Touch");
  for (int i = 1; i <= 20; i++)
    set (s, "/strip/1/fader", -i);
  set (s, "/strip/1/mute", 1);
  md_undo_end_group (undo);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 5);
  g_assert_cmpstr (md_undo_get_undo_label (undo), ==, "Touch");
  g_assert_true (md_undo_undo (undo, NULL));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, -2);
  g_assert_cmpfloat (get (s, "/strip/1/mute"), ==, 0);
  for (int i = 0; i < 4; i++)
    g_assert_true (md_undo_undo (undo, NULL));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, 0);
  g_assert_cmpfloat (get (s, "/strip/1/pan"), ==, 0);
  /* an empty group is no step */
  md_undo_begin_group (undo, "Nothing");
  md_undo_end_group (undo);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 0);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* At least 100 steps; the limit drops the oldest. */
static void
test_depth (void)
{
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdUndo) undo = md_undo_new (s);
  guint notified = 0;

  g_signal_connect (undo, "notify::can-undo", G_CALLBACK (notify_cb), &notified);
  md_session_add_strip (s, NULL, FALSE, NULL, NULL);
  md_undo_set_coalesce_ms (undo, 0);
  g_assert_cmpuint (notified, ==, 1);
  for (int i = 1; i <= 150; i++)
    set (s, "/strip/1/trim", (i % 40) - 19.5);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 151);
  for (int i = 0; i < 150; i++)
    g_assert_true (md_undo_undo (undo, NULL));
  g_assert_cmpfloat (get (s, "/strip/1/trim"), ==, 0);
  g_assert_cmpuint (md_session_get_n_strips (s), ==, 1);
  for (int i = 0; i < 150; i++)
    g_assert_true (md_undo_redo (undo, NULL));
  g_assert_cmpfloat (get (s, "/strip/1/trim"), ==, (150 % 40) - 19.5);

  md_undo_set_limit (undo, 10);
  g_assert_cmpuint (md_undo_get_n_undo (undo), ==, 10);
  for (int i = 0; i < 10; i++)
    g_assert_true (md_undo_undo (undo, NULL));
  g_assert_false (md_undo_can_undo (undo));
  g_assert_cmpfloat (get (s, "/strip/1/trim"), ==, (140 % 40) - 19.5);
  g_assert_cmpuint (notified, ==, 2);
}

/* Removing a strip keeps all of it; undo puts it back at its position. */
static void
test_structure (void)
{
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdUndo) undo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;

  g_assert_true (md_session_set_n_buses (s, 3, NULL));
  md_session_add_strip (s, "A", FALSE, "/x/a.wav", NULL);
  md_session_add_strip (s, "B", TRUE, "jack:system:capture_2", NULL);
  md_session_add_strip (s, "C", FALSE, NULL, NULL);
  md_session_set_strip_colour (s, 2, "#102030", NULL);
  g_assert_true (md_session_set_string (s, "/bus/3/name", "FX", NULL));
  set (s, "/strip/2/fader", -12);
  set (s, "/strip/2/send/3/level", -4);
  set (s, "/strip/2/route", 3);
  set (s, "/strip/2/eq/3/gain", 6);
  set (s, "/bus/3/fader", -2);
  undo = md_undo_new (s);
  md_undo_set_coalesce_ms (undo, 0);
  before = dump (s);

  g_assert_true (md_session_remove_strip (s, 2, &error));
  g_assert_cmpstr (md_undo_get_undo_label (undo), ==, "Remove strip");
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_no_error (error);
  now = dump (s);
  g_assert_cmpstr (now, ==, before);
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_cmpuint (md_session_get_n_strips (s), ==, 2);
  g_assert_cmpstr (md_session_get_string (s, "/strip/2/name", NULL), ==, "C");
  g_assert_true (md_undo_undo (undo, &error));

  /* move */
  g_assert_true (md_session_move_strip (s, 1, 3, &error));
  g_assert_cmpstr (md_session_get_string (s, "/strip/3/name", NULL), ==, "A");
  g_assert_true (md_undo_undo (undo, &error));
  g_clear_pointer (&now, g_free);
  now = dump (s);
  g_assert_cmpstr (now, ==, before);
  g_assert_true (md_session_move_strip (s, 3, 1, &error));
  g_assert_true (md_undo_undo (undo, &error));
  g_clear_pointer (&now, g_free);
  now = dump (s);
  g_assert_cmpstr (now, ==, before);

  /* fewer buses reset sends, routes, the bus and its name: all back */
  g_assert_true (md_session_set_n_buses (s, 1, &error));
  g_assert_cmpfloat (get (s, "/strip/2/route"), ==, 0);
  after = dump (s);
  g_assert_true (md_undo_undo (undo, &error));
  g_clear_pointer (&now, g_free);
  now = dump (s);
  g_assert_cmpstr (now, ==, before);
  g_assert_cmpfloat (get (s, "/strip/2/send/3/level"), ==, -4);
  g_assert_true (md_undo_redo (undo, &error));
  g_clear_pointer (&now, g_free);
  now = dump (s);
  g_assert_cmpstr (now, ==, after);
  g_assert_true (md_undo_undo (undo, &error));

  /* add */
  g_assert_cmpuint (md_session_add_strip (s, "D", TRUE, NULL, NULL), ==, 4);
  set (s, "/strip/4/fader", -20);
  g_assert_true (md_undo_undo (undo, &error));
  g_assert_true (md_undo_undo (undo, &error));
  g_clear_pointer (&now, g_free);
  now = dump (s);
  g_assert_cmpstr (now, ==, before);
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_true (md_undo_redo (undo, &error));
  g_assert_cmpstr (md_session_get_string (s, "/strip/4/name", NULL), ==, "D");
  g_assert_cmpfloat (get (s, "/strip/4/fader"), ==, -20);
  g_assert_true (md_session_get_strip_stereo (s, 4));
}

/* A random walk of commands; undoing all of them passes through every
 * earlier state in reverse, redoing all through them forward. */
static void
test_random_walk (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(MdSession) s = md_session_new ();
  g_autoptr(MdUndo) undo = md_undo_new (s);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  static const char *const params[] = { "fader", "trim", "pan", "mute", "eq/2/gain", "send/1/level",
                                        "route", "comp/ratio", "hpf/slope" };
  guint steps = 120;

  md_undo_set_coalesce_ms (undo, 0);
  g_ptr_array_add (states, dump (s));
  for (guint k = 0; k < steps; k++)
    {
      guint n = md_session_get_n_strips (s);
      guint what = g_rand_int_range (rand, 0, 10);
      gboolean changed = TRUE;

      if (what == 0 || n == 0)
        changed = md_session_add_strip (s, NULL, g_rand_boolean (rand), NULL, NULL) != 0;
      else if (what == 1 && n > 1)
        changed = md_session_remove_strip (s, g_rand_int_range (rand, 1, n + 1), NULL);
      else if (what == 2 && n > 1)
        {
          guint from = g_rand_int_range (rand, 1, n + 1), to = g_rand_int_range (rand, 1, n + 1);
          changed = from != to && md_session_move_strip (s, from, to, NULL);
        }
      else if (what == 3)
        {
          guint b = g_rand_int_range (rand, 0, 5);
          changed = b != md_session_get_n_buses (s) && md_session_set_n_buses (s, b, NULL);
        }
      else if (what == 9)
        {
          g_autofree char *colour = g_strdup_printf ("#%06x", g_rand_int (rand) & 0xffffff);
          changed = md_session_set_strip_colour (s, g_rand_int_range (rand, 1, n + 1), colour, NULL);
        }
      else if (what == 4)
        {
          g_autofree char *path = g_strdup_printf ("/strip/%u/name", g_rand_int_range (rand, 1, n + 1));
          g_autofree char *name = g_strdup_printf ("N%u", k);
          changed = md_session_set_string (s, path, name, NULL);
        }
      else
        {
          const char *p = params[g_rand_int_range (rand, 0, G_N_ELEMENTS (params))];
          g_autofree char *path = g_strdup_printf ("/strip/%u/%s", g_rand_int_range (rand, 1, n + 1), p);
          const MdParamInfo *info;
          MdParamAddr addr;
          double v;

          g_assert_cmpint (md_param_parse (path, &addr), ==, MD_PARAM_OK);
          info = addr.info;
          v = info->kind == MD_KIND_FLOAT ? g_rand_double_range (rand, info->min, info->max)
              : g_rand_int_range (rand, (int)info->min, (int)info->max + 1);
          if (strcmp (p, "route") == 0)
            v = g_rand_int_range (rand, 0, md_session_get_n_buses (s) + 1);
          changed = md_session_set (s, path, v, FALSE, NULL) &&
                    md_undo_get_n_undo (undo) == states->len;
          if (!changed)
            continue;
        }
      if (!changed)
        continue;
      g_assert_cmpuint (md_undo_get_n_undo (undo), ==, states->len);
      g_ptr_array_add (states, dump (s));
    }
  g_test_message ("%u steps", states->len - 1);
  g_assert_cmpuint (states->len, >, 50);

  for (guint i = states->len - 1; i > 0; i--)
    {
      g_autofree char *now = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (md_undo_undo (undo, &error));
      g_assert_no_error (error);
      now = dump (s);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (md_undo_can_undo (undo));
  for (guint i = 1; i < states->len; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (md_undo_redo (undo, NULL));
      now = dump (s);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/undo/params", test_params);
  g_test_add_func ("/undo/coalesce", test_coalesce);
  g_test_add_func ("/undo/depth", test_depth);
  g_test_add_func ("/undo/structure", test_structure);
  g_test_add_func ("/undo/random-walk", test_random_walk);
  return g_test_run ();
}
