/* md-osc-spec.c: `mixdesk osc-spec`, the parameter table as JSON.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "md-app.h"
#include "md-params.h"

static const char *
kind_name (MdKind kind)
{
  switch (kind)
    {
    case MD_KIND_FLOAT: return "float";
    case MD_KIND_BOOL: return "bool";
    case MD_KIND_INT: return "int";
    case MD_KIND_ENUM: return "enum";
    case MD_KIND_STRING:
    default: return "string";
    }
}

static const char *
taper_name (MdTaper taper)
{
  switch (taper)
    {
    case MD_TAPER_FADER: return "fader";
    case MD_TAPER_LOG: return "log";
    case MD_TAPER_LINEAR:
    default: return "linear";
    }
}

static guint
scope_limit (MdScope scope)
{
  switch (scope)
    {
    case MD_SCOPE_STRIP: return MD_MAX_STRIPS;
    case MD_SCOPE_BUS: return MD_MAX_BUSES;
    case MD_SCOPE_DCA: return MD_MAX_DCAS;
    case MD_SCOPE_MGRP: return MD_MAX_MGRPS;
    case MD_SCOPE_SESSION:
    case MD_SCOPE_MASTER:
    case MD_N_SCOPES:
    default: return 0;
    }
}

/* "/strip/N/send/B/level": N numbers the object, B the sub index. */
static char *
address_of (const MdParamInfo *info)
{
  GString *s = g_string_new ("/");

  g_string_append (s, md_scope_name (info->scope));
  if (scope_limit (info->scope) > 0)
    g_string_append (s, "/N");
  g_string_append_c (s, '/');
  for (const char *c = info->name; *c != '\0'; c++)
    if (*c == '#')
      g_string_append_c (s, 'B');
    else
      g_string_append_c (s, *c);
  return g_string_free (s, FALSE);
}

int
md_osc_spec_cmd (int    argc,
                 char **argv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (argc > 1)
    {
      if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
        {
          g_print ("%s\n", _("Usage: mixdesk osc-spec\n"
                             "Print every address with its type, unit, range, default "
                             "and whether it can be automated, as JSON. In addresses, "
                             "N numbers the strip, bus, DCA or mute group (from 1) and "
                             "B the sub index (bus of a send, DCA, mute group)."));
          return 0;
        }
      md_app_error ("osc-spec", _("unexpected argument “%s”"), argv[1]);
      return 2;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "mixdesk-osc-spec");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "mixdesk");
  json_builder_add_string_value (builder, PACKAGE_VERSION);

  json_builder_set_member_name (builder, "limits");
  json_builder_begin_object (builder);
  for (int s = 0; s < MD_N_SCOPES; s++)
    if (scope_limit (s) > 0)
      {
        json_builder_set_member_name (builder, md_scope_name (s));
        json_builder_add_int_value (builder, scope_limit (s));
      }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "params");
  json_builder_begin_array (builder);
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);
      g_autofree char *address = address_of (info);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, address);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, md_scope_name (info->scope));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, kind_name (info->kind));
      json_builder_set_member_name (builder, "osc_type");
      json_builder_add_string_value (builder, info->kind == MD_KIND_FLOAT ? "f"
                                     : info->kind == MD_KIND_STRING ? "s" : "i");
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, info->label);
      if (info->n_sub > 0)
        {
          json_builder_set_member_name (builder, "sub_max");
          json_builder_add_int_value (builder, info->n_sub);
        }
      if (info->kind != MD_KIND_STRING)
        {
          json_builder_set_member_name (builder, "unit");
          json_builder_add_string_value (builder, info->unit ? info->unit : "");
          json_builder_set_member_name (builder, "min");
          json_builder_add_double_value (builder, info->min);
          json_builder_set_member_name (builder, "max");
          json_builder_add_double_value (builder, info->max);
          json_builder_set_member_name (builder, "default");
          json_builder_add_double_value (builder, info->def);
          json_builder_set_member_name (builder, "taper");
          json_builder_add_string_value (builder, taper_name (info->taper));
          json_builder_set_member_name (builder, "norm");
          json_builder_add_boolean_value (builder, info->kind == MD_KIND_FLOAT);
        }
      json_builder_set_member_name (builder, "automatable");
      json_builder_add_boolean_value (builder, info->automatable);
      if (info->kind == MD_KIND_ENUM && info->enum_names != NULL)
        {
          json_builder_set_member_name (builder, "enum");
          json_builder_begin_array (builder);
          for (guint e = 0; info->enum_names[e] != NULL; e++)
            json_builder_add_string_value (builder, info->enum_names[e]);
          json_builder_end_array (builder);
        }
      if (info->doc != NULL)
        {
          json_builder_set_member_name (builder, "doc");
          json_builder_add_string_value (builder, info->doc);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  return 0;
}
