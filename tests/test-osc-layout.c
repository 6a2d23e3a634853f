/* test-osc-layout.c: the shipped Open Stage Control session uses only
 * addresses of the OSC spec, and doc/osc.md carries the generated
 * reference.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MD_OSC_WRITE_DOC=1 rewrites the generated part of doc/osc.md in the
 * source tree instead of checking it.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "osc/md-osc.h"

#define DOC_BEGIN "<!-- BEGIN GENERATED: mixdesk osc-spec --markdown -->\n"
#define DOC_END   "<!-- END GENERATED -->\n"

typedef struct
{
  char *pattern;     /* "/strip/N/send/B/level" */
  guint n_max;       /* limit of N */
  guint sub_max;     /* limit of B */
} Pattern;

static const char *
srcdir (void)
{
  const char *dir = g_getenv ("MD_TOP_SRCDIR");

  return dir != NULL ? dir : ".";
}

static void
pattern_free (gpointer data)
{
  Pattern *p = data;

  g_free (p->pattern);
  g_free (p);
}

static void
add_pattern (GPtrArray  *out,
             const char *pattern,
             guint       n_max,
             guint       sub_max)
{
  Pattern *p = g_new0 (Pattern, 1);

  p->pattern = g_strdup (pattern);
  p->n_max = n_max;
  p->sub_max = sub_max;
  g_ptr_array_add (out, p);
}

static gboolean
number_in (const char *text,
           guint       max)
{
  guint64 v;
  char *end = NULL;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  return end != NULL && *end == '\0' && v >= 1 && v <= max;
}

static gboolean
pattern_matches (const Pattern *p,
                 const char    *address)
{
  g_auto(GStrv) ps = g_strsplit (p->pattern, "/", -1);
  g_auto(GStrv) as = g_strsplit (address, "/", -1);

  if (g_strv_length (ps) != g_strv_length (as))
    return FALSE;
  for (guint i = 0; ps[i] != NULL; i++)
    {
      if (strcmp (ps[i], "N") == 0)
        {
          if (!number_in (as[i], p->n_max))
            return FALSE;
        }
      else if (strcmp (ps[i], "B") == 0)
        {
          if (!number_in (as[i], p->sub_max))
            return FALSE;
        }
      else if (strcmp (ps[i], as[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Every address of the spec, as patterns. */
static GPtrArray *
spec_patterns (void)
{
  g_autofree char *json = md_osc_spec_json ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (pattern_free);
  JsonObject *root, *limits;
  JsonArray *arr;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  limits = json_object_get_object_member (root, "limits");

  arr = json_object_get_array_member (root, "params");
  g_assert_cmpuint (json_array_get_length (arr), ==, md_params_count ());
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      const char *address = json_object_get_string_member (o, "address");
      const char *scope = json_object_get_string_member (o, "scope");
      guint n_max = json_object_has_member (limits, scope)
                    ? (guint)json_object_get_int_member (limits, scope) : 0;
      guint sub_max = json_object_has_member (o, "sub_max")
                      ? (guint)json_object_get_int_member (o, "sub_max") : 0;

      add_pattern (out, address, n_max, sub_max);
      if (json_object_has_member (o, "norm") && json_object_get_boolean_member (o, "norm"))
        {
          g_autofree char *norm = g_strconcat (address, "/norm", NULL);

          add_pattern (out, norm, n_max, sub_max);
        }
    }
  for (guint k = 0; k < 2; k++)
    {
      arr = json_object_get_array_member (root, k == 0 ? "commands" : "feedback");
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonObject *o = json_array_get_object_element (arr, i);
          const char *address = json_object_get_string_member (o, "address");
          const char *scope = strstr (address, "/strip/") == address ? "strip" : "bus";

          add_pattern (out, address, (guint)json_object_get_int_member (limits, scope), 0);
        }
    }
  return out;
}

static gboolean
in_spec (GPtrArray  *patterns,
         const char *address)
{
  for (guint i = 0; i < patterns->len; i++)
    if (pattern_matches (g_ptr_array_index (patterns, i), address))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GPtrArray *patterns;
  GHashTable *addresses;    /* every address used */
  guint n_widgets;
  guint n_bad;
} Walk;

static void
walk (Walk       *w,
      JsonObject *widget)
{
  static const char *const containers[] = { "root", "tab", "panel", "modal", NULL };
  const char *type = json_object_has_member (widget, "type")
                     ? json_object_get_string_member (widget, "type") : "";
  gboolean bypass = json_object_has_member (widget, "bypass")
                    && json_object_get_boolean_member (widget, "bypass");

  w->n_widgets++;
  if (json_object_has_member (widget, "address"))
    {
      const char *address = json_object_get_string_member (widget, "address");

      g_hash_table_add (w->addresses, g_strdup (address));
      if (address == NULL || !in_spec (w->patterns, address))
        {
          g_test_message ("widget %s: address “%s” is not in the spec",
                          json_object_get_string_member_with_default (widget, "id", "?"),
                          address ? address : "(null)");
          w->n_bad++;
        }
    }
  else if (!bypass && !g_strv_contains (containers, type) && strcmp (type, "script") != 0)
    {
      /* Open Stage Control would send on "/ID": not ours */
      g_test_message ("widget %s has no address and is not bypassed",
                      json_object_get_string_member_with_default (widget, "id", "?"));
      w->n_bad++;
    }

  for (guint k = 0; k < 2; k++)
    {
      const char *member = k == 0 ? "widgets" : "tabs";
      JsonArray *children;

      if (!json_object_has_member (widget, member))
        continue;
      children = json_object_get_array_member (widget, member);
      for (guint i = 0; i < json_array_get_length (children); i++)
        walk (w, json_array_get_object_element (children, i));
    }
}

static void
test_layout_addresses (void)
{
  g_autofree char *file = g_build_filename (srcdir (), "data", "mixdesk-16.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patterns = spec_patterns ();
  g_autoptr(GHashTable) addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root, *content;
  Walk w = { patterns, addresses, 0, 0 };

  g_assert_true (json_parser_load_from_file (parser, file, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "createdWith"), ==, "Open Stage Control");
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "session");
  content = json_object_get_object_member (root, "content");
  g_assert_nonnull (content);
  g_assert_cmpstr (json_object_get_string_member (content, "type"), ==, "root");

  walk (&w, content);
  g_test_message ("%u widgets, %u addresses", w.n_widgets, g_hash_table_size (addresses));
  g_assert_cmpuint (w.n_bad, ==, 0);

  /* what the issue asks the layout to have */
  for (guint s = 1; s <= 16; s++)
    {
      static const char *const per_strip[] = { "fader/norm", "mute", "solo", "pan", "meter/norm",
                                               "name", "send/1/level/norm", NULL };

      for (guint k = 0; per_strip[k] != NULL; k++)
        {
          g_autofree char *a = g_strdup_printf ("/strip/%u/%s", s, per_strip[k]);

          g_assert_true (g_hash_table_contains (addresses, a));
        }
    }
  g_assert_true (g_hash_table_contains (addresses, "/master/fader/norm"));
  g_assert_true (g_hash_table_contains (addresses, "/master/meter/norm"));
  g_assert_true (g_hash_table_contains (addresses, "/scene/recall"));
  g_assert_true (g_hash_table_contains (addresses, "/transport/play"));
  g_assert_true (g_hash_table_contains (addresses, "/transport/stop"));

  /* and the matcher refuses what it should */
  g_assert_false (in_spec (patterns, "/strip/0/fader"));
  g_assert_false (in_spec (patterns, "/strip/1/mute/norm"));
  g_assert_false (in_spec (patterns, "/strip/1/send/17/level"));
  g_assert_true (in_spec (patterns, "/strip/512/send/16/level/norm"));
}

static void
test_doc (void)
{
  g_autofree char *file = g_build_filename (srcdir (), "doc", "osc.md", NULL);
  g_autofree char *markdown = md_osc_spec_markdown ();
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *begin, *end;

  g_assert_true (g_file_get_contents (file, &text, NULL, &error));
  g_assert_no_error (error);
  begin = strstr (text, DOC_BEGIN);
  end = begin != NULL ? strstr (begin, DOC_END) : NULL;
  g_assert_nonnull (begin);
  g_assert_nonnull (end);
  begin += strlen (DOC_BEGIN);

  if (g_getenv ("MD_OSC_WRITE_DOC") != NULL)
    {
      g_autoptr(GString) out = g_string_new_len (text, begin - text);

      g_string_append (out, markdown);
      g_string_append (out, end);
      g_assert_true (g_file_set_contents (file, out->str, out->len, &error));
      g_assert_no_error (error);
      return;
    }
  if ((gsize)(end - begin) != strlen (markdown) || strncmp (begin, markdown, end - begin) != 0)
    {
      g_test_message ("doc/osc.md is out of date: run MD_OSC_WRITE_DOC=1 MD_TOP_SRCDIR=. "
                      "tests/test-osc-layout");
      g_test_fail ();
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/osc-layout/addresses", test_layout_addresses);
  g_test_add_func ("/osc-layout/doc", test_doc);
  return g_test_run ();
}
