/* md-session-util.c: random sessions and comparisons for the session tests.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "md-session-util.h"
#include "session/md-scenes.h"
#include "session/md-session-file.h"

static gboolean
single (const MdParamInfo *info)
{
  return info->scope == MD_SCOPE_SESSION || info->scope == MD_SCOPE_MASTER;
}

void
mdt_session_randomise (MdSession *s,
                       GRand     *rand)
{
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);

      if (info->kind == MD_KIND_STRING || info->slot == MD_NO_SLOT)
        continue;
      for (guint index = single (info) ? 0 : 1;
           index <= (single (info) ? 0 : md_session_get_n_objects (s, info->scope)); index++)
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

MdSession *
mdt_session_random (GRand      *rand,
                    const char *dir,
                    guint       max_strips,
                    gboolean    scenes)
{
  MdSession *s = md_session_new ();
  g_autoptr(GHashTable) conns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify)g_ptr_array_unref);
  guint n = g_rand_int_range (rand, 0, max_strips + 1);

  g_assert_true (md_session_set_n_buses (s, g_rand_int_range (rand, 0, MD_MAX_BUSES + 1), NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("S\"%u\\ é ♪ %08x", i, g_rand_int (rand));
      g_autofree char *src = NULL;

      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0: src = dir ? g_build_filename (dir, "audio", "x.wav", NULL) : NULL; break;
        case 1: src = g_strdup ("/elsewhere/y.flac"); break;
        case 2: src = g_strdup ("jack:system:capture_3"); break;
        default: break;
        }
      g_assert_cmpuint (md_session_add_strip (s, name, g_rand_boolean (rand), src, NULL), ==, i + 1);
      if (g_rand_boolean (rand))
        {
          g_autofree char *colour = g_strdup_printf ("#%06x", g_rand_int (rand) & 0xffffff);
          g_assert_true (md_session_set_strip_colour (s, i + 1, colour, NULL));
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

          g_ptr_array_add (list, g_strdup_printf ("system:capture_%u", i + 1));
          if (g_rand_boolean (rand))
            g_ptr_array_add (list, g_strdup ("other:out ✓"));
          g_hash_table_insert (conns, g_strdup_printf ("strip %u in", i + 1), list);
        }
    }
  md_session_set_connections (s, conns);
  for (guint b = 1; b <= md_session_get_n_buses (s); b++)
    if (g_rand_boolean (rand))
      {
        g_autofree char *path = g_strdup_printf ("/bus/%u/name", b);
        g_assert_true (md_session_set_string (s, path, "Reverb ✓ \"x\"", NULL));
      }
  mdt_session_randomise (s, rand);
  if (!scenes)
    return s;

  for (guint k = g_rand_int_range (rand, 0, 4); k > 0; k--)
    {
      g_autofree char *name = g_strdup_printf ("Scene ♪ %u", k);
      guint strips[3] = { 1, 3, 600 }, buses[2] = { 2, 1 };

      mdt_session_randomise (s, rand);
      g_assert_true (md_session_scene_save (s, name, NULL));
      g_assert_true (md_session_scene_set_fade (s, name, g_rand_double_range (rand, 0, 5000), NULL));
      if (g_rand_boolean (rand))
        g_assert_true (md_session_scene_set_scope (s, name, g_rand_int_range (rand, 0, MD_SCENE_ALL + 1),
                                                   strips, 3, g_rand_boolean (rand) ? buses : NULL, 2, NULL));
    }
  md_session_scene_set_safe (s, g_rand_int_range (rand, 0, MD_SCENE_ALL + 1));
  for (guint i = 1; i <= n; i++)
    if (g_rand_int_range (rand, 0, 4) == 0)
      g_assert_true (md_session_scene_set_strip_safe (s, i, g_rand_int_range (rand, 0, MD_SCENE_ALL + 1), NULL));
  for (guint b = 1; b <= md_session_get_n_buses (s); b++)
    if (g_rand_int_range (rand, 0, 4) == 0)
      g_assert_true (md_session_scene_set_bus_safe (s, b, g_rand_int_range (rand, 0, MD_SCENE_ALL + 1), NULL));
  mdt_session_randomise (s, rand);
  return s;
}

static void
assert_same_connections (GHashTable *a,
                         GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *la = value, *lb = g_hash_table_lookup (b, key);

      g_assert_nonnull (lb);
      g_assert_cmpuint (la->len, ==, lb->len);
      for (guint i = 0; i < la->len; i++)
        g_assert_cmpstr (g_ptr_array_index (la, i), ==, g_ptr_array_index (lb, i));
    }
}

void
mdt_session_assert_same (MdSession *a,
                         MdSession *b)
{
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;

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

      if (info->kind == MD_KIND_STRING)
        continue;
      for (guint index = single (info) ? 0 : 1;
           index <= (single (info) ? 0 : md_session_get_n_objects (a, info->scope)); index++)
        for (guint sub = info->n_sub ? 1 : 0; sub <= md_session_get_n_sub (a, info); sub++)
          {
            double va = md_session_get_param (a, info, index, sub);
            double vb = md_session_get_param (b, info, index, sub);

            if (va != vb)
              g_error ("%s %u/%u: %.17g != %.17g", info->name, index, sub, va, vb);
          }
    }
  assert_same_connections (md_session_get_connections (a), md_session_get_connections (b));
  da = md_session_to_data (a, NULL, NULL);
  db = md_session_to_data (b, NULL, NULL);
  g_assert_cmpstr (da, ==, db);
}
