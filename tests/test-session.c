/* test-session.c: the session model and the session file.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "md-wav-util.h"
#include "session/md-session.h"
#include "session/md-session-file.h"

typedef struct
{
  GPtrArray *changes;        /* "path=value" */
  guint structure;
} Recorder;

static void
param_changed_cb (MdSession *s, const char *path, double value, Recorder *r)
{
  g_ptr_array_add (r->changes, g_strdup_printf ("%s=%g", path, value));
}

static void
string_changed_cb (MdSession *s, const char *path, const char *value, Recorder *r)
{
  g_ptr_array_add (r->changes, g_strdup_printf ("%s=%s", path, value));
}

static void
structure_changed_cb (MdSession *s, Recorder *r)
{
  r->structure++;
}

static MdSession *
session_with_strips (guint n)
{
  MdSession *s = md_session_new ();

  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (md_session_add_strip (s, NULL, i % 2 == 1, NULL, NULL), ==, i + 1);
  return s;
}

static double
get (MdSession *s, const char *path)
{
  g_autoptr(GError) error = NULL;
  double v = NAN;

  g_assert_true (md_session_get (s, path, &v, &error));
  g_assert_no_error (error);
  return v;
}

static void
test_names (void)
{
  g_autoptr(MdSession) s = md_session_new ();

  md_session_add_strip (s, NULL, FALSE, NULL, NULL);
  md_session_add_strip (s, NULL, TRUE, "/data/drums/Kick In.wav", NULL);
  md_session_add_strip (s, NULL, FALSE, "jack:system:capture_1", NULL);
  md_session_add_strip (s, "Vox", FALSE, "vox.flac", NULL);
  g_assert_cmpstr (md_session_get_string (s, "/strip/1/name", NULL), ==, "Strip 1");
  g_assert_cmpstr (md_session_get_string (s, "/strip/2/name", NULL), ==, "Kick In");
  g_assert_cmpstr (md_session_get_string (s, "/strip/3/name", NULL), ==, "system");
  g_assert_cmpstr (md_session_get_string (s, "/strip/4/name", NULL), ==, "Vox");
  g_assert_true (md_session_get_strip_stereo (s, 2));
  g_assert_false (md_session_get_strip_stereo (s, 1));
  g_assert_cmpstr (md_session_get_strip_source (s, 3), ==, "jack:system:capture_1");
  g_assert_true (md_session_set_text (s, "/strip/1/name=Bass DI", NULL));
  g_assert_cmpstr (md_session_get_string (s, "/strip/1/name", NULL), ==, "Bass DI");
}

static void
test_set_get_clamp (void)
{
  g_autoptr(MdSession) s = session_with_strips (3);
  g_autoptr(GError) error = NULL;
  const MdParamInfo *fader = md_params_find_name (MD_SCOPE_STRIP, "fader");

  /* Defaults come from the table. */
  g_assert_cmpfloat (get (s, "/strip/2/fader"), ==, fader->def);
  g_assert_cmpfloat (get (s, "/session/panlaw"), ==, MD_PANLAW_3DB);

  g_assert_true (md_session_set (s, "/strip/2/fader", -6.5, TRUE, &error));
  g_assert_cmpfloat (get (s, "/strip/2/fader"), ==, -6.5);
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, fader->def);

  /* Non-strict clamps, strict refuses and states the range. */
  g_assert_true (md_session_set (s, "/strip/1/pan", 7.0, FALSE, &error));
  g_assert_cmpfloat (get (s, "/strip/1/pan"), ==, 1.0);
  g_assert_false (md_session_set (s, "/strip/1/pan", -1.5, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "-1 to 1"));
  g_assert_nonnull (strstr (error->message, "/strip/1/pan"));
  g_assert_cmpfloat (get (s, "/strip/1/pan"), ==, 1.0);
  g_clear_error (&error);

  g_assert_false (md_session_set (s, "/strip/1/trim", 40, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "-20 to 20 dB"));
  g_clear_error (&error);

  /* Booleans must be 0 or 1 in strict mode. */
  g_assert_false (md_session_set (s, "/strip/1/mute", 0.5, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (md_session_set (s, "/strip/1/mute", NAN, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE);
  g_clear_error (&error);

  /* -inf on a fader is "fully down". */
  g_assert_true (md_session_set (s, "/strip/3/fader", -INFINITY, TRUE, &error));
  g_assert_cmpfloat (get (s, "/strip/3/fader"), ==, MD_FADER_MIN_DB);

  /* /norm goes through the taper, both ways. */
  g_assert_true (md_session_set (s, "/strip/3/fader/norm", 0.75, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (get (s, "/strip/3/fader"), ==, md_param_from_norm (fader, 0.75));
  g_assert_cmpfloat_with_epsilon (get (s, "/strip/3/fader/norm"), 0.75, 1e-12);
  g_assert_false (md_session_set (s, "/strip/3/fader/norm", 1.5, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (md_session_set (s, "/strip/3/mute/norm", 1, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_UNKNOWN_ADDRESS);
  g_clear_error (&error);

  /* Master, DCA, mute group, session scope. */
  g_assert_true (md_session_set (s, "/master/fader", -3, TRUE, NULL));
  g_assert_true (md_session_set (s, "/dca/8/fader", -12, TRUE, NULL));
  g_assert_true (md_session_set (s, "/mgrp/2/mute", 1, TRUE, NULL));
  g_assert_cmpfloat (get (s, "/master/fader"), ==, -3);
  g_assert_cmpfloat (get (s, "/dca/8/fader"), ==, -12);
  g_assert_cmpfloat (get (s, "/mgrp/2/mute"), ==, 1);
}

static void
test_addresses (void)
{
  g_autoptr(MdSession) s = session_with_strips (3);
  g_autoptr(GError) error = NULL;

  g_assert_true (md_session_set_n_buses (s, 2, NULL));

  g_assert_false (md_session_set (s, "/strip/9/fader", 0, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT);
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);
  g_assert_false (md_session_set (s, "/strip/0/fader", 0, FALSE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT);
  g_clear_error (&error);
  g_assert_false (md_session_set (s, "/strip/1/send/5/level", 0, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT);
  g_assert_nonnull (strstr (error->message, "bus 5"));
  g_clear_error (&error);
  g_assert_true (md_session_set (s, "/strip/1/send/2/level", -10, TRUE, &error));
  g_assert_false (md_session_set (s, "/bus/3/fader", 0, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT);
  g_clear_error (&error);
  g_assert_false (md_session_set (s, "/strip/1/route", 3, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT);
  g_clear_error (&error);
  g_assert_true (md_session_set (s, "/strip/1/route", 2, TRUE, &error));

  for (guint i = 0; i < 6; i++)
    {
      static const char *const bad[] = { "/strip/1/volume", "strip/1/fader", "/strip/x/fader",
                                         "/strip/1/fader/extra", "", "/master" };
      g_assert_false (md_session_set (s, bad[i], 0, TRUE, &error));
      g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_UNKNOWN_ADDRESS);
      g_clear_error (&error);
    }
  g_assert_false (md_session_set (s, "/strip/1/name", 0, TRUE, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (md_session_set_string (s, "/strip/1/fader", "x", &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE);
  g_clear_error (&error);

  /* Fewer buses: sends and routes into the removed ones reset. */
  g_assert_true (md_session_set_n_buses (s, 1, NULL));
  g_assert_cmpfloat (get (s, "/strip/1/route"), ==, 0);
  g_assert_true (md_session_set_n_buses (s, 2, NULL));
  g_assert_cmpfloat (get (s, "/strip/1/send/2/level"), ==, MD_FADER_MIN_DB);
  g_assert_false (md_session_set_n_buses (s, MD_MAX_BUSES + 1, &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_FULL);
}

static void
test_set_text (void)
{
  g_autoptr(MdSession) s = session_with_strips (2);
  g_autoptr(GError) error = NULL;

  g_assert_true (md_session_set_text (s, "/strip/2/pan=-0.5", &error));
  g_assert_cmpfloat (get (s, "/strip/2/pan"), ==, -0.5);
  g_assert_true (md_session_set_text (s, "/strip/1/mute=on", &error));
  g_assert_cmpfloat (get (s, "/strip/1/mute"), ==, 1);
  g_assert_true (md_session_set_text (s, "/strip/1/fader=-inf", &error));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, MD_FADER_MIN_DB);
  g_assert_true (md_session_set_text (s, "/strip/1/fader/norm=0", &error));
  g_assert_true (md_session_set_text (s, "/session/panlaw=-6", &error));
  g_assert_cmpfloat (get (s, "/session/panlaw"), ==, MD_PANLAW_6DB);
  g_assert_no_error (error);

  g_assert_false (md_session_set_text (s, "/strip/1/fader", &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (md_session_set_text (s, "/strip/1/fader=", &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (md_session_set_text (s, "/strip/1/fader=loud", &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (md_session_set_text (s, "/strip/1/fader=12", &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "10 dB"));
  g_clear_error (&error);
  g_assert_false (md_session_set_text (s, "/session/panlaw=-5", &error));
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE);
  g_clear_error (&error);
}

static void
test_signals (void)
{
  g_autoptr(MdSession) s = md_session_new ();
  Recorder r = { g_ptr_array_new_with_free_func (g_free), 0 };

  g_signal_connect (s, "param-changed", G_CALLBACK (param_changed_cb), &r);
  g_signal_connect (s, "string-changed", G_CALLBACK (string_changed_cb), &r);
  g_signal_connect (s, "structure-changed", G_CALLBACK (structure_changed_cb), &r);

  md_session_add_strip (s, NULL, FALSE, NULL, NULL);
  md_session_add_strip (s, NULL, FALSE, NULL, NULL);
  g_assert_cmpuint (r.structure, ==, 2);
  g_assert_cmpuint (r.changes->len, ==, 0);

  md_session_set (s, "/strip/2/fader", -3, TRUE, NULL);
  md_session_set (s, "/strip/2/fader", -3, TRUE, NULL);      /* no change */
  md_session_set (s, "/strip/2/fader/norm", md_param_to_norm (md_params_find_name (MD_SCOPE_STRIP, "fader"), 0.0), TRUE, NULL);
  md_session_set (s, "/strip/1/pan", 5, FALSE, NULL);        /* clamped */
  md_session_set (s, "/strip/1/pan", 9, FALSE, NULL);        /* clamps to the same */
  md_session_set (s, "/strip/1/pan", 9, TRUE, NULL);         /* refused */
  md_session_set_string (s, "/strip/1/name", "Kick", NULL);
  md_session_set_string (s, "/strip/1/name", "Kick", NULL);
  g_assert_cmpuint (r.changes->len, ==, 4);
  g_assert_cmpstr (r.changes->pdata[0], ==, "/strip/2/fader=-3");
  g_assert_cmpstr (r.changes->pdata[1], ==, "/strip/2/fader=0");
  g_assert_cmpstr (r.changes->pdata[2], ==, "/strip/1/pan=1");
  g_assert_cmpstr (r.changes->pdata[3], ==, "/strip/1/name=Kick");

  md_session_move_strip (s, 1, 2, NULL);
  g_assert_cmpuint (r.structure, ==, 3);
  g_assert_cmpstr (md_session_get_string (s, "/strip/2/name", NULL), ==, "Kick");
  g_assert_cmpfloat (get (s, "/strip/2/pan"), ==, 1);
  g_assert_cmpfloat (get (s, "/strip/1/pan"), ==, 0);
  md_session_set_n_buses (s, 4, NULL);
  md_session_set_n_buses (s, 4, NULL);
  g_assert_cmpuint (r.structure, ==, 4);
  g_assert_true (md_session_remove_strip (s, 1, NULL));
  g_assert_false (md_session_remove_strip (s, 2, NULL));
  g_assert_cmpuint (r.structure, ==, 5);
  g_assert_cmpuint (md_session_get_n_strips (s), ==, 1);
  g_assert_cmpstr (md_session_get_string (s, "/strip/1/name", NULL), ==, "Kick");
  g_ptr_array_unref (r.changes);
}

static void
test_limits (void)
{
  g_autoptr(MdSession) s = session_with_strips (MD_MAX_STRIPS);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (md_session_add_strip (s, NULL, FALSE, NULL, &error), ==, 0);
  g_assert_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_FULL);
  g_clear_error (&error);
  /* Engine ids are distinct and reused after a removal. */
  g_assert_true (md_session_remove_strip (s, 100, NULL));
  g_assert_cmpuint (md_session_add_strip (s, NULL, FALSE, NULL, &error), ==, MD_MAX_STRIPS);
  g_assert_cmpuint (md_session_get_strip_id (s, MD_MAX_STRIPS), ==, 99);
}

/* Fill every value of S with something random but valid. */
static void
randomise (MdSession *s, GRand *rand)
{
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);

      if (info->kind == MD_KIND_STRING)
        continue;
      for (guint index = info->scope == MD_SCOPE_SESSION || info->scope == MD_SCOPE_MASTER ? 0 : 1;
           index <= (info->scope == MD_SCOPE_SESSION || info->scope == MD_SCOPE_MASTER ? 0
                     : md_session_get_n_objects (s, info->scope));
           index++)
        for (guint sub = info->n_sub ? 1 : 0; sub <= md_session_get_n_sub (s, info); sub++)
          {
            double v = g_rand_double_range (rand, info->min, info->max);

            if (info->kind != MD_KIND_FLOAT)
              v = g_rand_int_range (rand, (int)info->min, (int)info->max + 1);
            if (info->scope == MD_SCOPE_STRIP && info->slot == MD_SP_ROUTE)
              v = g_rand_int_range (rand, 0, md_session_get_n_buses (s) + 1);
            g_assert_true (md_session_set_param (s, info, index, sub, v, TRUE, NULL));
          }
    }
}

static void
assert_same (MdSession *a, MdSession *b)
{
  g_assert_cmpuint (md_session_get_n_strips (a), ==, md_session_get_n_strips (b));
  g_assert_cmpuint (md_session_get_n_buses (a), ==, md_session_get_n_buses (b));
  for (guint i = 1; i <= md_session_get_n_strips (a); i++)
    {
      g_autofree char *path = g_strdup_printf ("/strip/%u/name", i);

      g_assert_cmpstr (md_session_get_string (a, path, NULL), ==, md_session_get_string (b, path, NULL));
      g_assert_cmpstr (md_session_get_strip_source (a, i), ==, md_session_get_strip_source (b, i));
      g_assert_cmpstr (md_session_get_strip_colour (a, i), ==, md_session_get_strip_colour (b, i));
      g_assert_cmpint (md_session_get_strip_stereo (a, i), ==, md_session_get_strip_stereo (b, i));
    }
  for (guint i = 1; i <= md_session_get_n_buses (a); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bus/%u/name", i);
      g_assert_cmpstr (md_session_get_string (a, path, NULL), ==, md_session_get_string (b, path, NULL));
    }
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);
      gboolean single = info->scope == MD_SCOPE_SESSION || info->scope == MD_SCOPE_MASTER;

      if (info->kind == MD_KIND_STRING)
        continue;
      for (guint index = single ? 0 : 1; index <= (single ? 0 : md_session_get_n_objects (a, info->scope)); index++)
        for (guint sub = info->n_sub ? 1 : 0; sub <= md_session_get_n_sub (a, info); sub++)
          {
            double va = md_session_get_param (a, info, index, sub);
            double vb = md_session_get_param (b, info, index, sub);

            if (va != vb)
              g_error ("%s %u/%u: %.17g != %.17g", info->name, index, sub, va, vb);
          }
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *dir = mdt_tmpdir ();

  for (int round = 0; round < 20; round++)
    {
      g_autoptr(MdSession) s = md_session_new ();
      g_autoptr(MdSession) t = NULL;
      g_autoptr(MdSession) u = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *data = NULL;
      g_autofree char *data2 = NULL;
      g_autofree char *file = g_build_filename (dir, "s.mixdesk", NULL);
      guint n = g_rand_int_range (rand, 0, 40);
      gsize len;

      g_assert_true (md_session_set_n_buses (s, g_rand_int_range (rand, 0, MD_MAX_BUSES + 1), NULL));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("S\"%u\\ é ♪ %08x", i, g_rand_int (rand));
          g_autofree char *src = NULL;

          switch (i % 4)
            {
            case 0: src = g_build_filename (dir, "a", "x.wav", NULL); break;
            case 1: src = g_strdup ("/elsewhere/y.flac"); break;
            case 2: src = g_strdup ("jack:system:capture_3"); break;
            default: break;
            }
          g_assert_cmpuint (md_session_add_strip (s, name, g_rand_boolean (rand), src, NULL), ==, i + 1);
          if (i % 3 == 0)
            md_session_set_strip_colour (s, i + 1, "#a0b0c0", NULL);
        }
      for (guint b = 1; b <= md_session_get_n_buses (s); b++)
        if (b % 2)
          {
            g_autofree char *path = g_strdup_printf ("/bus/%u/name", b);
            g_assert_true (md_session_set_string (s, path, "Reverb ✓", NULL));
          }
      randomise (s, rand);

      data = md_session_to_data (s, NULL, &len);
      t = md_session_new_from_data (data, len, NULL, warnings, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (warnings->len, ==, 0);
      assert_same (s, t);
      data2 = md_session_to_data (t, NULL, NULL);
      g_assert_cmpstr (data, ==, data2);

      /* Through a file: sources below its directory are stored relative. */
      g_assert_true (md_session_save (s, file, &error));
      g_assert_no_error (error);
      u = md_session_load (file, warnings, &error);
      g_assert_no_error (error);
      assert_same (s, u);
      if (n > 0)
        {
          g_autofree char *contents = NULL;
          g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
          g_assert_nonnull (strstr (contents, "\"source\" : \"a/x.wav\""));
        }
    }
  mdt_rmdir (dir);
}

static void
test_save_atomic (void)
{
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "s.mixdesk", NULL);
  g_autofree char *bad = g_build_filename (dir, "nodir", "s.mixdesk", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(MdSession) s = session_with_strips (2);
  g_autoptr(GError) error = NULL;

  g_assert_true (md_session_save (s, file, &error));
  g_assert_true (md_session_save (s, file, &error));
  g_assert_no_error (error);
  listing = mdt_list_dir (dir);
  g_assert_cmpstr (listing, ==, "s.mixdesk,s.mixdesk.bak");
  g_assert_false (md_session_save (s, bad, &error));
  g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO);
  mdt_rmdir (dir);
}

#define HEAD "{\"format\":\"mixdesk-session\",\"version\":1"

static void
test_hostile (void)
{
  static const struct
  {
    const char *json;
    int code;
    const char *needle;      /* in the message */
  } cases[] = {
    { "", MD_SESSION_FILE_ERROR_PARSE, "JSON" },
    { "{", MD_SESSION_FILE_ERROR_PARSE, "JSON" },
    { "{\"format\":\"mixdesk-session\",\"version\":1,}", MD_SESSION_FILE_ERROR_PARSE, "JSON" },
    { "[]", MD_SESSION_FILE_ERROR_FORMAT, "not a mixdesk session" },
    { "{\"format\":\"ardour\",\"version\":1}", MD_SESSION_FILE_ERROR_FORMAT, "format" },
    { "{\"format\":\"mixdesk-session\"}", MD_SESSION_FILE_ERROR_FORMAT, "version" },
    { "{\"format\":\"mixdesk-session\",\"version\":\"1\"}", MD_SESSION_FILE_ERROR_FORMAT, "version" },
    { "{\"format\":\"mixdesk-session\",\"version\":2}", MD_SESSION_FILE_ERROR_VERSION, "newer" },
    { HEAD ",\"strips\":{}}", MD_SESSION_FILE_ERROR_FORMAT, "strips" },
    { HEAD ",\"strips\":[1]}", MD_SESSION_FILE_ERROR_FORMAT, "strips[0]" },
    { HEAD ",\"strips\":[{\"params\":{\"fader\":\"loud\"}}]}", MD_SESSION_FILE_ERROR_FORMAT,
      "strips[0].params.fader" },
    { HEAD ",\"strips\":[{},{\"params\":{\"mute\":[]}}]}", MD_SESSION_FILE_ERROR_FORMAT,
      "strips[1].params.mute" },
    { HEAD ",\"strips\":[{\"stereo\":\"yes\"}]}", MD_SESSION_FILE_ERROR_FORMAT, "strips[0].stereo" },
    { HEAD ",\"strips\":[{\"name\":7}]}", MD_SESSION_FILE_ERROR_FORMAT, "strips[0].name" },
    { HEAD ",\"strips\":[{\"params\":[]}]}", MD_SESSION_FILE_ERROR_FORMAT, "strips[0].params" },
    { HEAD ",\"master\":{\"fader\":null}}", MD_SESSION_FILE_ERROR_FORMAT, "master.fader" },
    { HEAD ",\"session\":{\"panlaw\":\"-5\"}}", MD_SESSION_FILE_ERROR_FORMAT, "session.panlaw" },
    { HEAD ",\"buses\":[{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}]}",
      MD_SESSION_FILE_ERROR_LIMIT, "buses" },
    { HEAD ",\"buses\":[{\"name\":1}]}", MD_SESSION_FILE_ERROR_FORMAT, "buses[0].name" },
  };
  g_autoptr(MdSession) current = session_with_strips (2);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  md_session_set (current, "/strip/1/fader", -7, TRUE, NULL);
  before = md_session_to_data (current, NULL, NULL);
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

  /* Deep nesting, too many strips. */
  {
    GString *deep = g_string_new (HEAD ",\"x\":");
    g_autoptr(GError) error = NULL;

    for (int i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    g_assert_null (md_session_new_from_data (deep->str, deep->len, NULL, NULL, &error));
    g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT);
    g_string_free (deep, TRUE);
  }
  {
    GString *many = g_string_new (HEAD ",\"strips\":[{}");
    g_autoptr(GError) error = NULL;

    for (int i = 0; i < MD_MAX_STRIPS; i++)
      g_string_append (many, ",{}");
    g_string_append (many, "]}");
    g_assert_null (md_session_new_from_data (many->str, many->len, NULL, NULL, &error));
    g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT);
    g_string_free (many, TRUE);
  }
  /* Files: missing, directory, too large (sparse). */
  {
    g_autofree char *dir = mdt_tmpdir ();
    g_autofree char *big = g_build_filename (dir, "big.mixdesk", NULL);
    g_autofree char *missing = g_build_filename (dir, "missing.mixdesk", NULL);
    g_autoptr(GError) error = NULL;
    FILE *fp = fopen (big, "w");

    g_assert_nonnull (fp);
    g_assert_cmpint (fseek (fp, MD_SESSION_FILE_MAX_SIZE + 1, SEEK_SET), ==, 0);
    fputc ('}', fp);
    fclose (fp);
    g_assert_null (md_session_load (big, NULL, &error));
    g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "big.mixdesk"));
    g_clear_error (&error);
    g_assert_null (md_session_load (missing, NULL, &error));
    g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "missing.mixdesk"));
    g_clear_error (&error);
    g_assert_null (md_session_load (dir, NULL, &error));
    g_assert_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO);
    mdt_rmdir (dir);
  }

  after = md_session_to_data (current, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_warnings (void)
{
  static const char json[] =
    HEAD ",\"extra\":1,\"buses\":[{}],\"strips\":[{\"name\":\"A\",\"color\":\"red\","
    "\"params\":{\"fader\":50,\"volume\":3,\"send/2/level\":0,\"send/1/level\":-5,"
    "\"mute\":true,\"route\":7}}]}";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSession) s = md_session_new_from_data (json, strlen (json), NULL, warnings, &error);
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_ptr_array_add (warnings, NULL);
  all = g_strjoinv ("\n", (char **)warnings->pdata);
  g_test_message ("%s", all);
  g_assert_cmpuint (warnings->len - 1, ==, 6);
  g_assert_nonnull (strstr (all, "extra"));
  g_assert_nonnull (strstr (all, "strips[0].color"));
  g_assert_nonnull (strstr (all, "strips[0].params.volume"));
  g_assert_nonnull (strstr (all, "strips[0].params.send/2/level"));
  g_assert_nonnull (strstr (all, "strips[0].params.fader: 50"));
  g_assert_nonnull (strstr (all, "strips[0].params.route"));
  g_assert_cmpfloat (get (s, "/strip/1/fader"), ==, MD_FADER_MAX_DB);
  g_assert_cmpfloat (get (s, "/strip/1/send/1/level"), ==, -5);
  g_assert_cmpfloat (get (s, "/strip/1/mute"), ==, 1);
  g_assert_cmpfloat (get (s, "/strip/1/route"), ==, 0);
}

/* With an engine: attach, change the structure, process, detach. */
static void
test_engine (void)
{
  g_autoptr(MdSession) s = session_with_strips (3);
  g_autoptr(GError) error = NULL;
  MdEngine *engine = md_engine_new (48000, 256);
  float in_buf[6][256] = { { 0 } }, out_buf[2][256];
  const float *in[6] = { in_buf[0], in_buf[1], in_buf[2], in_buf[3], in_buf[4], in_buf[5] };
  float *out[2] = { out_buf[0], out_buf[1] };
  MdTopology *topo = g_new0 (MdTopology, 1);
  guint removed_id;

  g_assert_nonnull (engine);
  g_assert_true (md_session_set_n_buses (s, 2, NULL));
  g_assert_true (md_session_set (s, "/strip/1/fader", -6, TRUE, NULL));
  g_assert_true (md_session_set (s, "/bus/2/fader", -6, TRUE, NULL));
  g_assert_true (md_session_attach_engine (s, engine, &error));
  g_assert_no_error (error);
  g_assert_true (md_session_get_engine (s) == engine);
  /* input channels are 2 id + c (ids 0, 1, 2; strip 2 is stereo) */
  g_assert_cmpuint (md_session_build_topology (s, topo), ==, 6);
  g_assert_cmpuint (topo->strips[0].in_ch[0], ==, 0);
  g_assert_cmpuint (topo->strips[1].in_ch[0], ==, 2);
  g_assert_cmpuint (topo->strips[1].in_ch[1], ==, 3);
  g_assert_cmpuint (topo->strips[2].in_ch[0], ==, 4);
  for (guint i = 1; i <= 3; i++)
    g_assert_true (md_engine_strip_exists (engine, md_session_get_strip_id (s, i)));

  md_engine_process (engine, in, 6, out, 2, 256);
  removed_id = md_session_get_strip_id (s, 1);
  g_assert_true (md_session_remove_strip (s, 1, &error));
  /* A new strip never takes an id the engine still holds. */
  md_session_add_strip (s, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_session_get_strip_id (s, 3), !=, removed_id);
  g_assert_true (md_session_move_strip (s, 3, 1, &error));
  g_assert_true (md_session_set (s, "/strip/1/pan", 0.5, TRUE, &error));
  for (int i = 0; i < 10; i++)
    {
      md_engine_process (engine, in, 6, out, 2, 256);
      md_engine_collect (engine);
    }
  g_assert_no_error (error);
  g_assert_true (md_engine_idle (engine));
  md_session_detach_engine (s);
  md_engine_free (engine);
  g_free (topo);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/names", test_names);
  g_test_add_func ("/session/set-get-clamp", test_set_get_clamp);
  g_test_add_func ("/session/addresses", test_addresses);
  g_test_add_func ("/session/set-text", test_set_text);
  g_test_add_func ("/session/signals", test_signals);
  g_test_add_func ("/session/limits", test_limits);
  g_test_add_func ("/session/engine", test_engine);
  g_test_add_func ("/session-file/round-trip", test_round_trip);
  g_test_add_func ("/session-file/save-atomic", test_save_atomic);
  g_test_add_func ("/session-file/hostile", test_hostile);
  g_test_add_func ("/session-file/warnings", test_warnings);
  return g_test_run ();
}
