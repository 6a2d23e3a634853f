/* test-session-fuzz.c: thousands of mutated session files through the
 * loader: byte flips, truncation, values of the wrong type, huge numbers,
 * deep nesting, duplicate keys, splices. Each one either loads (and then
 * saves to data that loads again to the same data) or is refused with an
 * error; never a crash. Run under ASan/LSan by `make check-sanitize`.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "md-session-util.h"
#include "session/md-session-file.h"

static const char *const hostile_values[] = {
  "null", "true", "false", "0", "-1", "1e308", "-1e308", "1e-320", "4.9e-324",
  "18446744073709551616", "-9223372036854775809", "9223372036854775807",
  "\"\"", "\"x\"", "\"-inf\"", "\"NaN\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}",
  "[1,2,3]", "{\"name\":\"a\"}", "[{}]", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
};

static const char *const keys[] = {
  "format", "version", "session", "master", "buses", "dcas", "mgrps", "strips", "connections",
  "scenes", "recall_safe", "name", "stereo", "source", "colour", "params", "fader", "route",
  "send/1/level", "sections", "values", "fade_ms", "mute", "panlaw", "eq/1/freq",
};

typedef struct
{
  guint loaded, refused;
  GHashTable *codes;          /* error code -> count */
} Stats;

static void
check_one (const char *data,
           gsize       length,
           Stats      *stats)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSession) s = md_session_new_from_data (data, length, NULL, warnings, &error);

  if (s == NULL)
    {
      /* refused with a message */
      g_assert_nonnull (error);
      g_assert_true (error->domain == MD_SESSION_FILE_ERROR);
      g_assert_cmpuint (strlen (error->message), >, 0);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      stats->refused++;
      g_hash_table_replace (stats->codes, GINT_TO_POINTER (error->code),
                            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (stats->codes,
                                                                                     GINT_TO_POINTER (error->code))) + 1));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, <=, MD_SESSION_FILE_MAX_WARNINGS + 1);
  for (guint i = 0; i < warnings->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (warnings, i), -1, NULL));
  stats->loaded++;
  {
    g_autofree char *once = md_session_to_data (s, NULL, NULL);
    g_autofree char *twice = NULL;
    g_autoptr(MdSession) again = md_session_new_from_data (once, strlen (once), NULL, NULL, &error);

    g_assert_no_error (error);
    twice = md_session_to_data (again, NULL, NULL);
    g_assert_cmpstr (once, ==, twice);
  }
}

/* A deep copy of N with TARGET replaced by VALUE. */
static JsonNode *
copy_with (JsonNode *n,
           JsonNode *target,
           JsonNode *value)
{
  if (n == target)
    return json_node_copy (value);
  if (JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *from = json_node_get_object (n);
      g_autoptr(JsonObject) to = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (from);
      JsonNode *out = json_node_new (JSON_NODE_OBJECT);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (to, l->data, copy_with (json_object_get_member (from, l->data), target, value));
      json_node_set_object (out, to);
      return out;
    }
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *from = json_node_get_array (n);
      g_autoptr(JsonArray) to = json_array_new ();
      JsonNode *out = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (from); i++)
        json_array_add_element (to, copy_with (json_array_get_element (from, i), target, value));
      json_node_set_array (out, to);
      return out;
    }
  return json_node_copy (n);
}

/* Replace a random node of the tree with a hostile value. */
static char *
mutate_tree (const char *seed,
             GRand      *rand)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonParser) vparser = json_parser_new ();
  g_autoptr(JsonNode) copy = NULL;
  JsonNode *root, *target, *value;
  GPtrArray *stack;

  g_assert_true (json_parser_load_from_data (parser, seed, -1, NULL));
  root = json_parser_get_root (parser);
  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      JsonNode *n = g_ptr_array_steal_index (stack, stack->len - 1);

      g_ptr_array_add (nodes, n);
      if (JSON_NODE_HOLDS_OBJECT (n))
        {
          g_autoptr(GList) members = json_object_get_values (json_node_get_object (n));
          for (GList *l = members; l; l = l->next)
            g_ptr_array_add (stack, l->data);
        }
      else if (JSON_NODE_HOLDS_ARRAY (n))
        {
          JsonArray *a = json_node_get_array (n);
          for (guint i = 0; i < json_array_get_length (a); i++)
            g_ptr_array_add (stack, json_array_get_element (a, i));
        }
    }
  g_ptr_array_unref (stack);

  target = g_ptr_array_index (nodes, g_rand_int_range (rand, 1, MAX (nodes->len, 2)) % nodes->len);
  /* a few of the values are not JSON json-glib accepts alone */
  if (!json_parser_load_from_data (vparser,
                                   hostile_values[g_rand_int_range (rand, 0, G_N_ELEMENTS (hostile_values))],
                                   -1, NULL))
    g_assert_true (json_parser_load_from_data (vparser, "1e308", -1, NULL));
  value = json_parser_get_root (vparser);
  copy = copy_with (root, target, value);
  json_generator_set_root (gen, copy);
  return json_generator_to_data (gen, NULL);
}

static char *
mutate (GPtrArray *seeds,
        GRand     *rand,
        gsize     *length)
{
  const char *seed = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
  gsize n = strlen (seed);
  GString *out = g_string_new_len (seed, n);
  guint kind = g_rand_int_range (rand, 0, 7);

  switch (kind)
    {
    case 0:     /* byte flips */
      for (int k = g_rand_int_range (rand, 1, 9); k > 0 && out->len > 0; k--)
        out->str[g_rand_int_range (rand, 0, out->len)] = (char)g_rand_int_range (rand, 0, 256);
      break;
    case 1:     /* truncation */
      g_string_truncate (out, g_rand_int_range (rand, 0, MAX (out->len, 1)));
      break;
    case 2:     /* a value of another type or size */
      {
        g_autofree char *tree = mutate_tree (seed, rand);

        g_string_assign (out, tree);
      }
      break;
    case 3:     /* duplicate keys, hostile values, after a random '{' */
      {
        gsize at = g_rand_int_range (rand, 0, MAX (out->len, 1));
        const char *brace = memchr (out->str + at, '{', out->len - at);
        g_autofree char *member = g_strdup_printf ("\"%s\":%s,", keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (keys))],
                                                   hostile_values[g_rand_int_range (rand, 0, G_N_ELEMENTS (hostile_values))]);
        g_string_insert (out, brace ? (gssize)(brace - out->str) + 1 : 1, member);
      }
      break;
    case 4:     /* deep nesting */
      {
        gsize at = g_rand_int_range (rand, 0, MAX (out->len, 1));
        const char *colon = memchr (out->str + at, ':', out->len - at);
        int depth = g_rand_int_range (rand, 10, 200);
        GString *deep = g_string_new (NULL);

        for (int i = 0; i < depth; i++)
          g_string_append (deep, g_rand_boolean (rand) ? "[" : "{\"k\":");
        g_string_append (deep, "1");
        for (int i = (int)deep->len - 1; i >= 0; i--)
          if (deep->str[i] == '[')
            g_string_append_c (deep, ']');
          else if (deep->str[i] == '{')
            g_string_append_c (deep, '}');
        gssize pos = colon ? (gssize)(colon - out->str) + 1 : 0;

        g_string_insert (out, pos, deep->str);
        g_string_insert (out, pos + (gssize)deep->len, "0,\"pad\":");
        g_string_free (deep, TRUE);
      }
      break;
    case 5:     /* splice two seeds */
      {
        const char *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
        gsize olen = strlen (other);
        gsize from = g_rand_int_range (rand, 0, MAX (olen, 1));
        gsize len = g_rand_int_range (rand, 0, MIN (olen - from, 4000) + 1);

        g_string_truncate (out, g_rand_int_range (rand, 0, MAX (out->len, 1)));
        g_string_append_len (out, other + from, len);
      }
      break;
    default:    /* huge numbers in place of numbers */
      for (gsize i = 0; i + 1 < out->len; i++)
        if (out->str[i] == ':' && out->str[i + 1] == ' ' && g_rand_int_range (rand, 0, 8) == 0)
          g_string_insert (out, i + 2, g_rand_boolean (rand) ? "9999999999999999999999" : "-1e400");
      break;
    }
  *length = out->len;
  return g_string_free (out, FALSE);
}

static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func (g_free);
  Stats stats = { 0, 0, g_hash_table_new (NULL, NULL) };
  guint rounds = g_test_slow () ? 50000 : 4000;

  for (int i = 0; i < 6; i++)
    {
      g_autoptr(MdSession) s = mdt_session_random (rand, NULL, 5, TRUE);
      g_ptr_array_add (seeds, md_session_to_data (s, NULL, NULL));
    }
  /* `make fuzz` takes these as the libFuzzer corpus */
  if (g_getenv ("MD_FUZZ_SEED_DIR") != NULL)
    for (guint i = 0; i < seeds->len; i++)
      {
        g_autofree char *name = g_strdup_printf ("seed-%u.mixdesk", i);
        g_autofree char *path = g_build_filename (g_getenv ("MD_FUZZ_SEED_DIR"), name, NULL);

        g_assert_true (g_file_set_contents (path, g_ptr_array_index (seeds, i), -1, NULL));
      }
  for (guint i = 0; i < rounds; i++)
    {
      gsize length;
      g_autofree char *data = mutate (seeds, rand, &length);

      check_one (data, length, &stats);
    }
  g_test_message ("%u mutated files: %u loaded, %u refused (parse %u, format %u, version %u, limit %u)",
                  rounds, stats.loaded, stats.refused,
                  GPOINTER_TO_UINT (g_hash_table_lookup (stats.codes, GINT_TO_POINTER (MD_SESSION_FILE_ERROR_PARSE))),
                  GPOINTER_TO_UINT (g_hash_table_lookup (stats.codes, GINT_TO_POINTER (MD_SESSION_FILE_ERROR_FORMAT))),
                  GPOINTER_TO_UINT (g_hash_table_lookup (stats.codes, GINT_TO_POINTER (MD_SESSION_FILE_ERROR_VERSION))),
                  GPOINTER_TO_UINT (g_hash_table_lookup (stats.codes, GINT_TO_POINTER (MD_SESSION_FILE_ERROR_LIMIT))));
  /* the mutations reach both sides */
  g_assert_cmpuint (stats.loaded, >, rounds / 20);
  g_assert_cmpuint (stats.refused, >, rounds / 20);
  g_hash_table_unref (stats.codes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session-fuzz/mutations", test_mutations);
  return g_test_run ();
}
