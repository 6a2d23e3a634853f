/* md-osc-spec.c: the OSC address space described: JSON for `/spec` and
 * `mixdesk osc-spec`, Markdown for doc/osc.md; CIDR parsing.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parameters come from the parameter table (md-params.h); the commands
 * and the feedback-only addresses are listed here, next to the dispatcher
 * that serves them. The descriptions are a machine-readable reference, kept
 * in English like the table's own "doc" strings.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "md-osc-private.h"

static const MdOscCommand commands[] = {
  { "/ping", "", "/pong", FALSE, "Liveness check." },
  { "/spec", "", "/spec s:json", FALSE,
    "This address space as compact JSON (as `mixdesk osc-spec`). Above 32 KiB it comes as "
    "/spec/part i:n i:count b:bytes messages to concatenate in order." },
  { "/subscribe", "[i:lease_s] [i:reply_port]", "dump, then feedback", FALSE,
    "Lease value feedback for lease_s seconds (default 10; 0 ends it). A new lease sends "
    "every current value first, then each change on the address of the control, at most "
    "30 times a second per address; renew by sending it again before it runs out. "
    "Replies go to reply_port on the sender's host when given, else to the sender." },
  { "/unsubscribe", "", "", FALSE, "End the value lease." },
  { "/dump", "", "every value", FALSE, "Send every current value now (as the first dump of /subscribe)." },
  { "/meters/subscribe", "[i:lease_s] [i:rate_hz] [i:format]", "/meters b, or level messages", FALSE,
    "Lease meters for lease_s seconds (default 10) at rate_hz (1 to 60, default 20). "
    "Format 0 sends one /meters blob (layout below); format 1 sends /strip/N/meter, "
    "/bus/N/meter, /master/meter (dBFS, and .../norm on the fader scale) and "
    "/master/loudness/* in a bundle." },
  { "/meters/unsubscribe", "", "", FALSE, "End the meter lease." },
  { "/session/strips", "", "/session/strips i", FALSE, "Number of strips (read-only)." },
  { "/session/buses", "", "/session/buses i", FALSE, "Number of buses (read-only)." },
  { "/strip/add", "s:source [s:name] [i:stereo]", "/strip/add i:N", TRUE,
    "Append a strip: source is a sound file, jack:PORT, or \"\" for none." },
  { "/strip/N/remove", "", "", TRUE, "Remove strip N; the strips after it move down by one." },
  { "/session/save", "[s:path]", "/session/save i:1", TRUE,
    "Save the session; a path is refused unless the application allows saving to named files." },
  { "/transport/play", "[i]", "", TRUE, "Start the JACK transport (an argument 0 is ignored: button release)." },
  { "/transport/stop", "[i]", "", TRUE, "Stop the JACK transport (an argument 0 is ignored)." },
  { "/transport/locate", "i|h:frame", "", TRUE, "Move the JACK transport to a frame." },
  { "/scene/recall", "s:name|i:number", "", TRUE, "Recall a scene by name or 1-based number." },
  { "/scene/save", "s:name", "", TRUE, "Store the console state as a scene." },
  { "/scene/list", "", "/scene/list s...", FALSE, "The scene names in order." },
  { "/undo", "[i]", "", TRUE, "Undo the last change (a fader drag, a scene recall, an automation pass are one step each)." },
  { "/redo", "[i]", "", TRUE, "Redo what /undo took back." },
  { "<parameter>/automation", "[s:mode|i:mode]", "<parameter>/automation s:mode", TRUE,
    "Automation mode of any automatable parameter (e.g. /strip/1/fader/automation): off, play, "
    "write, touch, latch (or 0..4); without an argument the current mode comes back." },
  { "<parameter>/touch", "i|T|F", "", TRUE,
    "Touch (1) and release (0) a control for Touch and Latch automation, as a fader knob "
    "is grabbed and let go; on release in Touch the lane glides back to its curve." },
};

static const MdOscFeedback feedback[] = {
  { "/pong", "", "Answer to /ping." },
  { "/spec/part", "i:n i:count b", "Part n of count of a large /spec answer." },
  { "/error", "s:path s:reason", "A message to PATH was refused (or clamped)." },
  { "/meters", "b", "Meter blob (format 0 of /meters/subscribe)." },
  { "/strip/N/meter", "f", "Strip peak, post-fader, dBFS (-120 is silence)." },
  { "/strip/N/meter/norm", "f", "The same on the fader scale, 0..1." },
  { "/bus/N/meter", "f", "Bus peak, dBFS." },
  { "/bus/N/meter/norm", "f", "The same on the fader scale, 0..1." },
  { "/master/meter", "f", "Master peak, dBFS." },
  { "/master/meter/norm", "f", "The same on the fader scale, 0..1." },
  { "/master/loudness/momentary", "f", "EBU R128 momentary loudness, LUFS." },
  { "/master/loudness/short", "f", "EBU R128 short-term loudness, LUFS." },
  { "/master/loudness/integrated", "f", "EBU R128 integrated loudness, LUFS." },
  { "/master/loudness/lra", "f", "Loudness range, LU." },
  { "/master/loudness/truepeak", "f", "True peak, dBTP." },
  { "/master/loudness/correlation", "f", "Phase correlation, -1..1." },
};

const MdOscCommand *
md_osc_commands (gsize *n)
{
  *n = G_N_ELEMENTS (commands);
  return commands;
}

const MdOscFeedback *
md_osc_feedback (gsize *n)
{
  *n = G_N_ELEMENTS (feedback);
  return feedback;
}

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

static const char *
osc_types (const MdParamInfo *info)
{
  switch (info->kind)
    {
    case MD_KIND_FLOAT: return "f";
    case MD_KIND_STRING: return "s";
    case MD_KIND_BOOL: return "i";
    case MD_KIND_INT:
    case MD_KIND_ENUM:
    default: return "i";
    }
}

/* Accepted argument types when setting. */
static const char *
osc_accepts (const MdParamInfo *info)
{
  switch (info->kind)
    {
    case MD_KIND_FLOAT: return "f d i h s";
    case MD_KIND_STRING: return "s";
    case MD_KIND_BOOL: return "i T F f d h s";
    case MD_KIND_INT:
    case MD_KIND_ENUM:
    default: return "i f d h s";
    }
}

/* "/strip/N/send/B/level": N numbers the object, B the sub index. */
static char *
address_of (const MdParamInfo *info)
{
  GString *s = g_string_new ("/");

  g_string_append (s, md_scope_name (info->scope));
  if (md_scope_max_index (info->scope) > 0)
    g_string_append (s, "/N");
  g_string_append_c (s, '/');
  for (const char *c = info->name; *c != '\0'; c++)
    if (*c == '#')
      g_string_append_c (s, 'B');
    else
      g_string_append_c (s, *c);
  return g_string_free (s, FALSE);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value != NULL ? value : "");
}

static char *
spec_json (gboolean pretty)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_string (b, "format", "mixdesk-osc-spec");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  add_string (b, "mixdesk", PACKAGE_VERSION);
  json_builder_set_member_name (b, "default_port");
  json_builder_add_int_value (b, MD_OSC_DEFAULT_PORT);

  json_builder_set_member_name (b, "limits");
  json_builder_begin_object (b);
  for (int s = 0; s < MD_N_SCOPES; s++)
    if (md_scope_max_index (s) > 0)
      {
        json_builder_set_member_name (b, md_scope_name (s));
        json_builder_add_int_value (b, md_scope_max_index (s));
      }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "params");
  json_builder_begin_array (b);
  for (gsize i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);
      g_autofree char *address = address_of (info);

      json_builder_begin_object (b);
      add_string (b, "address", address);
      add_string (b, "scope", md_scope_name (info->scope));
      add_string (b, "type", kind_name (info->kind));
      add_string (b, "osc_type", osc_types (info));
      add_string (b, "accepts", osc_accepts (info));
      add_string (b, "label", info->label);
      if (info->n_sub > 0)
        {
          json_builder_set_member_name (b, "sub_max");
          json_builder_add_int_value (b, info->n_sub);
        }
      if (info->kind != MD_KIND_STRING)
        {
          add_string (b, "unit", info->unit);
          json_builder_set_member_name (b, "min");
          json_builder_add_double_value (b, info->min);
          json_builder_set_member_name (b, "max");
          json_builder_add_double_value (b, info->max);
          json_builder_set_member_name (b, "default");
          json_builder_add_double_value (b, info->def);
          add_string (b, "taper", taper_name (info->taper));
          json_builder_set_member_name (b, "norm");
          json_builder_add_boolean_value (b, info->kind == MD_KIND_FLOAT);
        }
      json_builder_set_member_name (b, "automatable");
      json_builder_add_boolean_value (b, info->automatable);
      if (info->kind == MD_KIND_ENUM && info->enum_names != NULL)
        {
          json_builder_set_member_name (b, "enum");
          json_builder_begin_array (b);
          for (guint e = 0; info->enum_names[e] != NULL; e++)
            json_builder_add_string_value (b, info->enum_names[e]);
          json_builder_end_array (b);
        }
      if (info->doc != NULL)
        add_string (b, "doc", info->doc);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "commands");
  json_builder_begin_array (b);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      json_builder_begin_object (b);
      add_string (b, "address", commands[i].address);
      add_string (b, "args", commands[i].args);
      add_string (b, "reply", commands[i].reply);
      json_builder_set_member_name (b, "writes");
      json_builder_add_boolean_value (b, commands[i].writes);
      add_string (b, "doc", commands[i].doc);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "feedback");
  json_builder_begin_array (b);
  for (gsize i = 0; i < G_N_ELEMENTS (feedback); i++)
    {
      json_builder_begin_object (b);
      add_string (b, "address", feedback[i].address);
      add_string (b, "args", feedback[i].args);
      add_string (b, "doc", feedback[i].doc);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "meter_blob");
  json_builder_begin_object (b);
  add_string (b, "byte_order", "little-endian");
  add_string (b, "magic", MD_OSC_METER_MAGIC);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, MD_OSC_METER_VERSION);
  add_string (b, "layout",
              "char[4] magic, u32 version, u32 sequence, u16 S strips, u16 B buses, "
              "f32[S][4] strips, f32[B][4] buses, f32[4] master (peak L, peak R, RMS L, "
              "RMS R, dBFS), f32[6] loudness (M, S, I LUFS, LRA LU, true peak dBTP, correlation)");
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

char *
md_osc_spec_json (void)
{
  return spec_json (TRUE);
}

char *
md_osc_spec_json_compact (void)
{
  return spec_json (FALSE);
}

static void
md_cell (GString    *s,
         const char *text)
{
  for (const char *c = text; c != NULL && *c != '\0'; c++)
    if (*c == '|')
      g_string_append (s, "\\|");
    else if (*c == '\n')
      g_string_append_c (s, ' ');
    else
      g_string_append_c (s, *c);
}

static void
md_range (GString           *s,
          const MdParamInfo *info)
{
  if (info->kind == MD_KIND_STRING)
    g_string_append (s, "text");
  else if (info->kind == MD_KIND_BOOL)
    g_string_append (s, "0, 1");
  else if (info->kind == MD_KIND_ENUM && info->enum_names != NULL)
    {
      for (guint e = 0; info->enum_names[e] != NULL; e++)
        g_string_append_printf (s, "%s%u %s", e ? ", " : "", e, info->enum_names[e]);
    }
  else
    g_string_append_printf (s, "%g … %g%s%s", info->min, info->max,
                            info->unit && *info->unit ? " " : "", info->unit ? info->unit : "");
}

char *
md_osc_spec_markdown (void)
{
  GString *s = g_string_new (NULL);

  g_string_append (s, "### Parameters\n\n"
                      "N numbers the strip, bus, DCA or mute group (from 1), B the sub index "
                      "(the bus of a send, a DCA, a mute group). Every `float` parameter also "
                      "has `…/norm`, 0 … 1 through its taper.\n\n"
                      "| Address | Type | Range | Default | Norm | Description |\n"
                      "|---|---|---|---|---|---|\n");
  for (gsize i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);
      g_autofree char *address = address_of (info);

      g_string_append_printf (s, "| `%s` | %s | ", address, osc_types (info));
      md_range (s, info);
      g_string_append (s, " | ");
      if (info->kind != MD_KIND_STRING)
        g_string_append_printf (s, "%g", info->def);
      g_string_append_printf (s, " | %s | ", info->kind == MD_KIND_FLOAT
                                             ? (info->taper == MD_TAPER_FADER ? "fader"
                                                : info->taper == MD_TAPER_LOG ? "log" : "linear")
                                             : "");
      md_cell (s, info->label);
      if (info->doc != NULL)
        {
          g_string_append (s, ": ");
          md_cell (s, info->doc);
        }
      g_string_append (s, " |\n");
    }

  g_string_append (s, "\n### Commands\n\n"
                      "| Address | Arguments | Reply | Writes | Description |\n"
                      "|---|---|---|---|---|\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_string_append_printf (s, "| `%s` | ", commands[i].address);
      md_cell (s, commands[i].args);
      g_string_append (s, " | ");
      md_cell (s, commands[i].reply);
      g_string_append_printf (s, " | %s | ", commands[i].writes ? "yes" : "");
      md_cell (s, commands[i].doc);
      g_string_append (s, " |\n");
    }

  g_string_append (s, "\n### Sent by the server\n\n"
                      "| Address | Arguments | Description |\n"
                      "|---|---|---|\n");
  for (gsize i = 0; i < G_N_ELEMENTS (feedback); i++)
    {
      g_string_append_printf (s, "| `%s` | ", feedback[i].address);
      md_cell (s, feedback[i].args);
      g_string_append (s, " | ");
      md_cell (s, feedback[i].doc);
      g_string_append (s, " |\n");
    }
  return g_string_free (s, FALSE);
}

GInetAddressMask *
md_osc_parse_cidr (const char  *text,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;
  GInetAddressMask *mask;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, MD_OSC_ERROR, MD_OSC_ERROR_CONFIG, _("empty network address"));
      return NULL;
    }
  mask = g_inet_address_mask_new_from_string (text, &local);
  if (mask == NULL)
    g_set_error (error, MD_OSC_ERROR, MD_OSC_ERROR_CONFIG,
                 _("“%s” is not a network (CIDR such as 192.168.1.0/24 or an address): %s"),
                 text, local->message);
  return mask;
}
