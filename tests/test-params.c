/* test-params.c: the parameter table, paths, values, tapers, gain laws.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "md-params.h"

static void
test_parse_paths (void)
{
  MdParamAddr a;
  char buf[128];

  g_assert_cmpint (md_param_parse ("/strip/3/fader", &a), ==, MD_PARAM_OK);
  g_assert_cmpstr (a.info->name, ==, "fader");
  g_assert_cmpuint (a.index, ==, 3);
  g_assert_cmpuint (a.slot, ==, MD_SP_FADER);
  g_assert_false (a.norm);

  g_assert_cmpint (md_param_parse ("/strip/12/send/4/level", &a), ==, MD_PARAM_OK);
  g_assert_cmpuint (a.index, ==, 12);
  g_assert_cmpuint (a.sub, ==, 4);
  g_assert_cmpuint (a.slot, ==, MD_SP_SEND_LEVEL + 3);
  g_assert_cmpint (md_param_format (&a, buf, sizeof buf), >, 0);
  g_assert_cmpstr (buf, ==, "/strip/12/send/4/level");

  g_assert_cmpint (md_param_parse ("/strip/1/fader/norm", &a), ==, MD_PARAM_OK);
  g_assert_true (a.norm);
  g_assert_cmpint (md_param_parse ("/strip/1/mute/norm", &a), ==, MD_PARAM_NO_NORM);

  g_assert_cmpint (md_param_parse ("/master/fader", &a), ==, MD_PARAM_OK);
  g_assert_cmpuint (a.index, ==, 0);
  g_assert_cmpint (md_param_parse ("/session/panlaw", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse ("/dca/8/fader", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse ("/mgrp/2/mute", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse ("/bus/16/master", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse ("/strip/1/dca/3", &a), ==, MD_PARAM_OK);
  g_assert_cmpuint (a.slot, ==, MD_SP_DCA + 2);

  g_assert_cmpint (md_param_parse ("/strip/0/fader", &a), ==, MD_PARAM_BAD_INDEX);
  g_assert_cmpint (md_param_parse ("/strip/513/fader", &a), ==, MD_PARAM_BAD_INDEX);
  g_assert_cmpint (md_param_parse ("/dca/9/fader", &a), ==, MD_PARAM_BAD_INDEX);
  g_assert_cmpint (md_param_parse ("/strip/1/send/17/level", &a), ==, MD_PARAM_BAD_INDEX);
  g_assert_cmpint (md_param_parse ("/strip/1/send/0/level", &a), ==, MD_PARAM_BAD_INDEX);
  g_assert_cmpint (md_param_parse ("/strip/1/fadr", &a), ==, MD_PARAM_UNKNOWN);
  g_assert_cmpint (md_param_parse ("/strip/x/fader", &a), ==, MD_PARAM_UNKNOWN);
  g_assert_cmpint (md_param_parse ("strip/1/fader", &a), ==, MD_PARAM_UNKNOWN);
  g_assert_cmpint (md_param_parse ("/strip/1/fader/", &a), ==, MD_PARAM_UNKNOWN);
  g_assert_cmpint (md_param_parse ("/master/1/fader", &a), ==, MD_PARAM_UNKNOWN);
  g_assert_cmpint (md_param_parse ("", &a), ==, MD_PARAM_UNKNOWN);
  g_assert_cmpint (md_param_parse (NULL, &a), ==, MD_PARAM_UNKNOWN);
}

/* Every table entry round-trips through format and parse. */
static void
test_table_roundtrip (void)
{
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *p = md_params_get (i);
      unsigned nsub = p->n_sub ? p->n_sub : 1;
      g_assert_true (p->min <= p->def && p->def <= p->max);
      for (unsigned sub = 1; sub <= nsub; sub++)
        {
          MdParamAddr a = { p, md_scope_max_index (p->scope) ? 1 : 0, p->n_sub ? sub : 0, 0, false };
          MdParamAddr b;
          char buf[128];
          a.slot = p->slot == MD_NO_SLOT ? MD_NO_SLOT : p->slot + (a.sub ? a.sub - 1 : 0);
          g_assert_cmpint (md_param_format (&a, buf, sizeof buf), >, 0);
          g_assert_cmpint (md_param_parse (buf, &b), ==, MD_PARAM_OK);
          g_assert_true (b.info == p);
          g_assert_cmpuint (b.slot, ==, a.slot);
          if (p->slot != MD_NO_SLOT)
            g_assert_true (md_params_find_slot (p->scope, a.slot) == p);
        }
    }
}

static void
test_values (void)
{
  MdParamAddr a;
  double v;

  g_assert_cmpint (md_param_parse ("/strip/1/mute", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse_value (a.info, "on", &v), ==, MD_PARAM_OK);
  g_assert_cmpfloat (v, ==, 1.0);
  g_assert_cmpint (md_param_parse_value (a.info, "False", &v), ==, MD_PARAM_OK);
  g_assert_cmpfloat (v, ==, 0.0);
  g_assert_cmpint (md_param_parse_value (a.info, "maybe", &v), ==, MD_PARAM_BAD_VALUE);

  g_assert_cmpint (md_param_parse ("/strip/1/fader", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse_value (a.info, "-6.5", &v), ==, MD_PARAM_OK);
  g_assert_cmpfloat (v, ==, -6.5);
  g_assert_cmpint (md_param_parse_value (a.info, "-inf", &v), ==, MD_PARAM_OK);
  g_assert_cmpfloat (v, ==, MD_FADER_MIN_DB);
  g_assert_cmpint (md_param_parse_value (a.info, "12dB", &v), ==, MD_PARAM_BAD_VALUE);
  g_assert_cmpint (md_param_parse_value (a.info, "nan", &v), ==, MD_PARAM_BAD_VALUE);
  g_assert_cmpint (md_param_parse_value (a.info, "", &v), ==, MD_PARAM_BAD_VALUE);
  g_assert_false (md_param_in_range (a.info, 10.5));
  g_assert_cmpfloat (md_param_clamp (a.info, 99), ==, MD_FADER_MAX_DB);
  g_assert_cmpfloat (md_param_clamp (a.info, -999), ==, MD_FADER_MIN_DB);
  g_assert_cmpfloat (md_param_clamp (a.info, NAN), ==, 0.0);

  g_assert_cmpint (md_param_parse ("/session/panlaw", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse_value (a.info, "-4.5", &v), ==, MD_PARAM_OK);
  g_assert_cmpfloat (v, ==, MD_PANLAW_4_5DB);
  g_assert_cmpint (md_param_parse_value (a.info, "-5", &v), ==, MD_PARAM_BAD_VALUE);

  g_assert_cmpint (md_param_parse ("/strip/1/route", &a), ==, MD_PARAM_OK);
  g_assert_cmpint (md_param_parse_value (a.info, "2.5", &v), ==, MD_PARAM_BAD_VALUE);
  g_assert_cmpfloat (md_param_clamp (a.info, 2.4), ==, 2.0);
}

/* The fader law: 0 -> -inf, 0.75 -> 0 dB, 1 -> +10 dB; to_norm inverts from_norm. */
static void
test_tapers (void)
{
  MdParamAddr a;
  g_assert_cmpint (md_param_parse ("/strip/1/fader", &a), ==, MD_PARAM_OK);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 0.0), MD_FADER_MIN_DB, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 0.75), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 1.0), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 0.5), -10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 0.25), -30.0, 1e-9);
  for (double n = 0; n <= 1.0; n += 0.01)
    g_assert_cmpfloat_with_epsilon (md_param_to_norm (a.info, md_param_from_norm (a.info, n)), n, 1e-9);

  /* the master trims down only: its norm 1 is 0 dB */
  g_assert_cmpint (md_param_parse ("/master/fader", &a), ==, MD_PARAM_OK);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 1.0), 0.0, 1e-9);
  for (double n = 0; n <= 1.0; n += 0.01)
    g_assert_cmpfloat_with_epsilon (md_param_to_norm (a.info, md_param_from_norm (a.info, n)), n, 1e-9);

  g_assert_cmpint (md_param_parse ("/strip/1/pan", &a), ==, MD_PARAM_OK);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 0.5), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_param_from_norm (a.info, 0.0), -1.0, 1e-12);
}

static void
test_gains (void)
{
  g_assert_cmpfloat_with_epsilon (md_db_to_gain (-20.0), 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_db_to_gain (20.0 * log10 (0.5)), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (md_gain_to_db (2.0), 6.020599913, 1e-8);
  g_assert_true (isinf (md_gain_to_db (0.0)));
  g_assert_cmpfloat (md_fader_to_gain (MD_FADER_MIN_DB), ==, 0.0);
  g_assert_cmpfloat (md_fader_to_gain (-200), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (md_fader_to_gain (-89.9), pow (10, -89.9 / 20), 1e-15);
}

/* Pan laws at -1, 0, +1: the centre gain is the law's attenuation. */
static void
test_pan_laws (void)
{
  const struct { MdPanLaw law; double centre; } laws[] = {
    { MD_PANLAW_0DB, 1.0 },
    { MD_PANLAW_3DB, sqrt (0.5) },
    { MD_PANLAW_4_5DB, pow (10.0, -4.5 / 20.0) },
    { MD_PANLAW_6DB, 0.5 },
  };
  for (unsigned k = 0; k < G_N_ELEMENTS (laws); k++)
    {
      double l, r;
      md_pan_gains (laws[k].law, -1.0, &l, &r);
      g_assert_cmpfloat_with_epsilon (l, 1.0, 1e-12);
      g_assert_cmpfloat (r, ==, 0.0);
      md_pan_gains (laws[k].law, 1.0, &l, &r);
      g_assert_cmpfloat (l, ==, 0.0);
      g_assert_cmpfloat_with_epsilon (r, 1.0, 1e-12);
      md_pan_gains (laws[k].law, 0.0, &l, &r);
      g_assert_cmpfloat_with_epsilon (l, laws[k].centre, 1e-12);
      g_assert_cmpfloat_with_epsilon (l, r, 1e-12);
    }
  /* -3 dB law keeps constant power everywhere */
  for (double p = -1; p <= 1; p += 0.125)
    {
      double l, r;
      md_pan_gains (MD_PANLAW_3DB, p, &l, &r);
      g_assert_cmpfloat_with_epsilon (l * l + r * r, 1.0, 1e-12);
    }
  {
    double l, r;
    md_balance_gains (0.5, &l, &r);
    g_assert_cmpfloat (l, ==, 0.5);
    g_assert_cmpfloat (r, ==, 1.0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/params/parse", test_parse_paths);
  g_test_add_func ("/params/table-roundtrip", test_table_roundtrip);
  g_test_add_func ("/params/values", test_values);
  g_test_add_func ("/params/tapers", test_tapers);
  g_test_add_func ("/params/gains", test_gains);
  g_test_add_func ("/params/pan-laws", test_pan_laws);
  return g_test_run ();
}
