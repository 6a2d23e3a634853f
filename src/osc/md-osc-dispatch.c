/* md-osc-dispatch.c: what each OSC address does.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parameters (the table of md-params.h, natural units or .../norm) go to
 * the session model, which validates and clamps; commands (the list in
 * md-osc-spec.c) go to the session or to the application's callbacks.
 * Every refusal answers "/error s:path s:reason" to the sender.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-osc-private.h"
#include "session/md-automation.h"
#include "session/md-scenes.h"
#include "session/md-undo.h"

#define MIN_LEASE_S 0.1

/* dispatch */

/* liblo's arguments point into the packet and may be misaligned for
 * 64-bit values: read them with memcpy, never through the union. */
static gint64
arg_raw_i64 (const lo_arg *arg,
             char          type)
{
  gint32 i32;
  gint64 i64;

  if (type == LO_INT32)
    {
      memcpy (&i32, arg, sizeof i32);
      return i32;
    }
  memcpy (&i64, arg, sizeof i64);
  return i64;
}

/* Argument I as a number. FALSE for types that are not numbers. */
static gboolean
arg_number (lo_message  m,
            int         i,
            double     *out)
{
  const char *types = lo_message_get_types (m);
  lo_arg **argv = lo_message_get_argv (m);
  float f;
  double d;

  if (i >= lo_message_get_argc (m))
    return FALSE;
  switch (types[i])
    {
    case LO_INT32:
    case LO_INT64:
      *out = (double)arg_raw_i64 (argv[i], types[i]);
      return TRUE;
    case LO_FLOAT:
      memcpy (&f, argv[i], sizeof f);
      *out = f;
      return TRUE;
    case LO_DOUBLE:
      memcpy (&d, argv[i], sizeof d);
      *out = d;
      return TRUE;
    case LO_TRUE: *out = 1.0; return TRUE;
    case LO_FALSE: *out = 0.0; return TRUE;
    default: return FALSE;
    }
}

static const char *
arg_string (lo_message m,
            int        i)
{
  const char *types = lo_message_get_types (m);
  lo_arg **argv = lo_message_get_argv (m);

  if (i >= lo_message_get_argc (m))
    return NULL;
  if (types[i] == LO_STRING || types[i] == LO_SYMBOL)
    return (const char *)argv[i];
  return NULL;
}

static void
wrong_type (MdOsc      *self,
            MdOscPeer  *peer,
            const char *path,
            const char *expected)
{
  g_autofree char *reason = g_strdup_printf (_("wrong argument type, expected %s"), expected);

  md_osc_reply_error (self, peer, path, reason);
}

static void
reply_query (MdOsc             *self,
             MdOscPeer         *peer,
             const char        *path,
             const MdParamAddr *addr)
{
  g_autoptr(GError) error = NULL;

  if (addr->info->kind == MD_KIND_STRING)
    {
      const char *text = md_session_get_string (self->session, path, &error);

      if (error != NULL)
        md_osc_reply_gerror (self, peer, path, error);
      else
        md_osc_send (self, peer->reply, path, md_osc_string_message (text));
    }
  else
    {
      double v;

      if (!md_session_get (self->session, path, &v, &error))
        md_osc_reply_gerror (self, peer, path, error);
      else if (addr->norm)
        {
          lo_message m = lo_message_new ();

          lo_message_add_float (m, (float)v);
          md_osc_send (self, peer->reply, path, m);
        }
      else
        md_osc_send (self, peer->reply, path, md_osc_value_message (addr->info, FALSE, v));
    }
}

static void
handle_param (MdOsc      *self,
              MdOscPeer  *peer,
              const char *path,
              lo_message  m)
{
  g_autoptr(GError) error = NULL;
  MdParamAddr addr;
  MdParamStatus status = md_param_parse (path, &addr);
  int argc = lo_message_get_argc (m);
  const char *text;
  double v;
  gboolean in_range;

  if (status == MD_PARAM_BAD_INDEX)
    {
      md_osc_reply_error (self, peer, path, _("no such object (index out of range)"));
      return;
    }
  if (status == MD_PARAM_NO_NORM)
    {
      md_osc_reply_error (self, peer, path, _("/norm exists only for continuous parameters"));
      return;
    }
  if (status != MD_PARAM_OK)
    {
      md_osc_reply_error (self, peer, path, _("unknown address (send /spec for the address space)"));
      return;
    }
  if (argc == 0)
    {
      reply_query (self, peer, path, &addr);
      return;
    }
  if (peer->read_only)
    {
      md_osc_reply_error (self, peer, path, _("read-only client"));
      return;
    }
  if (argc > 1)
    {
      md_osc_reply_error (self, peer, path, _("expected one argument"));
      return;
    }

  text = arg_string (m, 0);
  if (addr.info->kind == MD_KIND_STRING)
    {
      if (text == NULL)
        wrong_type (self, peer, path, "s");
      else if (strlen (text) > MD_OSC_MAX_NAME_BYTES || !g_utf8_validate (text, -1, NULL))
        md_osc_reply_error (self, peer, path, _("name too long or not UTF-8"));
      else if (!md_session_set_string (self->session, path, text, &error))
        md_osc_reply_gerror (self, peer, path, error);
      return;
    }

  if (text != NULL)
    {
      /* "on", "-inf", enum names: as typed with --set */
      if (strlen (text) > MD_OSC_MAX_NAME_BYTES
          || !md_session_set_value_text (self->session, path, text, FALSE, &error))
        {
          if (error != NULL)
            md_osc_reply_gerror (self, peer, path, error);
          else
            md_osc_reply_error (self, peer, path, _("value text too long"));
        }
      return;
    }
  if (!arg_number (m, 0, &v))
    {
      wrong_type (self, peer, path, addr.info->kind == MD_KIND_FLOAT ? "f, d, i or h"
                                                                    : "i, T, F, f or h");
      return;
    }
  if (isnan (v))
    {
      md_osc_reply_error (self, peer, path, _("not a number"));
      return;
    }
  if (addr.norm)
    in_range = v >= 0.0 && v <= 1.0;
  else
    in_range = md_param_in_range (addr.info, v);

  if (!md_session_set (self->session, path, v, FALSE, &error))
    {
      md_osc_reply_gerror (self, peer, path, error);
      return;
    }
  if (!in_range)
    {
      /* clamped: tell the sender the value really in force */
      reply_query (self, peer, path, &addr);
      md_osc_reply_error (self, peer, path, _("out of range, clamped"));
    }
}

static gboolean
lease_arg (MdOsc      *self,
           MdOscPeer  *peer,
           const char *path,
           lo_message  m,
           double     *lease_s)
{
  *lease_s = MD_OSC_DEFAULT_LEASE_S;
  if (lo_message_get_argc (m) >= 1 && !arg_number (m, 0, lease_s))
    {
      wrong_type (self, peer, path, "i");
      return FALSE;
    }
  if (isnan (*lease_s))
    {
      md_osc_reply_error (self, peer, path, _("not a number"));
      return FALSE;
    }
  if (*lease_s > 0 && *lease_s < MIN_LEASE_S)
    *lease_s = MIN_LEASE_S;
  *lease_s = MIN (*lease_s, MD_OSC_MAX_LEASE_S);
  return TRUE;
}

static gboolean
check_subscriber_room (MdOsc      *self,
                       MdOscPeer  *peer,
                       const char *path,
                       gint64      now)
{
  MdOscClient *c = peer->client;

  if (c != NULL && (md_osc_client_subscribed (c, now) || md_osc_client_metered (c, now)))
    return TRUE;
  if (md_osc_count_leases (self, now) < self->cfg.max_subscribers)
    return TRUE;
  md_osc_reply_error (self, peer, path, _("too many subscribers"));
  return FALSE;
}

static void
end_lease (MdOscPeer *peer)
{
  if (peer->client == NULL)
    return;
  peer->client->lease_until_us = 0;
  peer->client->dump_pending = FALSE;
  g_hash_table_remove_all (peer->client->pending);
}

static void
end_meters (MdOsc     *self,
            MdOscPeer *peer)
{
  if (peer->client == NULL)
    return;
  peer->client->meter_until_us = 0;
  md_osc_update_meter_timer (self);
}

static void
handle_subscribe (MdOsc      *self,
                  MdOscPeer  *peer,
                  const char *path,
                  lo_message  m)
{
  gint64 now = g_get_monotonic_time ();
  double lease_s, port = 0;
  MdOscClient *c;
  gboolean fresh;

  if (!lease_arg (self, peer, path, m, &lease_s))
    return;
  if (lo_message_get_argc (m) >= 2
      && (!arg_number (m, 1, &port) || !(port >= 0 && port <= 65535)))
    {
      md_osc_reply_error (self, peer, path, _("the reply port must be an integer from 1 to 65535"));
      return;
    }
  if (lease_s <= 0)
    {
      end_lease (peer);
      return;
    }
  if (!check_subscriber_room (self, peer, path, now))
    return;

  c = md_osc_client_ensure (self, peer);
  if (port >= 1)
    {
      /* a fixed UDP reply port, also for a client on TCP */
      g_clear_object (&c->reply.udp);
      c->reply.udp = g_inet_socket_address_new (c->ip, (guint16)port);
      c->reply.tcp = NULL;
      peer->reply = &c->reply;
    }
  fresh = !md_osc_client_subscribed (c, now);
  c->lease_until_us = now + (gint64)(lease_s * G_USEC_PER_SEC);
  if (fresh)
    {
      g_hash_table_remove_all (c->pending);
      c->dump_pending = FALSE;
      md_osc_send_dump (self, &c->reply);
    }
}

static void
handle_meters_subscribe (MdOsc      *self,
                         MdOscPeer  *peer,
                         const char *path,
                         lo_message  m)
{
  gint64 now = g_get_monotonic_time ();
  double lease_s, rate = MD_OSC_DEFAULT_METER_HZ, format = 0;
  MdOscClient *c;

  if (!lease_arg (self, peer, path, m, &lease_s))
    return;
  if ((lo_message_get_argc (m) >= 2 && !arg_number (m, 1, &rate))
      || (lo_message_get_argc (m) >= 3 && !arg_number (m, 2, &format)))
    {
      wrong_type (self, peer, path, "i");
      return;
    }
  if (lease_s <= 0)
    {
      end_meters (self, peer);
      return;
    }
  if (self->cfg.read_meters == NULL)
    {
      md_osc_reply_error (self, peer, path, _("meters are not available"));
      return;
    }
  if (!check_subscriber_room (self, peer, path, now))
    return;
  if (!(rate >= 1))
    rate = 1;
  c = md_osc_client_ensure (self, peer);
  c->meter_rate_hz = (guint)MIN (rate, MD_OSC_MAX_METER_HZ);
  c->meter_format = format == 1 ? 1 : 0;
  if (!md_osc_client_metered (c, now))
    c->meter_next_us = now;
  c->meter_until_us = now + (gint64)(lease_s * G_USEC_PER_SEC);
  md_osc_update_meter_timer (self);
}

#ifndef MD_OSC_SPEC_PART_BYTES
#define MD_OSC_SPEC_PART_BYTES 32768   /* tests build with smaller parts */
#endif

/* The spec as compact JSON: "/spec s" when it fits one datagram, else
 * "/spec/part i:n i:count b:bytes" messages to concatenate. */
static void
handle_spec (MdOsc     *self,
             MdOscPeer *peer)
{
  g_autofree char *json = md_osc_spec_json_compact ();
  gsize len = strlen (json);
  guint count;

  if (len <= MD_OSC_SPEC_PART_BYTES)
    {
      md_osc_send (self, peer->reply, "/spec", md_osc_string_message (json));
      return;
    }
  count = (guint)((len + MD_OSC_SPEC_PART_BYTES - 1) / MD_OSC_SPEC_PART_BYTES);
  for (guint i = 0; i < count; i++)
    {
      gsize off = (gsize)i * MD_OSC_SPEC_PART_BYTES;
      lo_blob blob = lo_blob_new ((int32_t)MIN (MD_OSC_SPEC_PART_BYTES, len - off), json + off);
      lo_message m = lo_message_new ();

      lo_message_add_int32 (m, (int32_t)i + 1);
      lo_message_add_int32 (m, (int32_t)count);
      lo_message_add_blob (m, blob);
      lo_blob_free (blob);
      md_osc_send (self, peer->reply, "/spec/part", m);
    }
}

static void
handle_strip_add (MdOsc      *self,
                  MdOscPeer  *peer,
                  const char *path,
                  lo_message  m)
{
  g_autoptr(GError) error = NULL;
  int argc = lo_message_get_argc (m);
  const char *source = arg_string (m, 0);
  const char *name = argc >= 2 ? arg_string (m, 1) : NULL;
  double stereo = 0;
  guint n;

  if (argc < 1 || argc > 3 || source == NULL || (argc >= 2 && name == NULL)
      || (argc >= 3 && !arg_number (m, 2, &stereo)))
    {
      wrong_type (self, peer, path, "s:source [s:name] [i:stereo]");
      return;
    }
  if (strlen (source) > 4096 || (name != NULL && strlen (name) > MD_OSC_MAX_NAME_BYTES)
      || !g_utf8_validate (source, -1, NULL) || (name != NULL && !g_utf8_validate (name, -1, NULL)))
    {
      md_osc_reply_error (self, peer, path, _("name too long or not UTF-8"));
      return;
    }
  n = md_session_add_strip (self->session, name != NULL && *name ? name : NULL,
                            stereo != 0, *source ? source : NULL, &error);
  if (n == 0)
    md_osc_reply_gerror (self, peer, path, error);
  else
    {
      lo_message r = lo_message_new ();

      lo_message_add_int32 (r, (int32_t)n);
      md_osc_send (self, peer->reply, path, r);
    }
}

static void
handle_session_save (MdOsc      *self,
                     MdOscPeer  *peer,
                     const char *path,
                     lo_message  m)
{
  g_autoptr(GError) error = NULL;
  const char *filename = arg_string (m, 0);
  lo_message r;

  if (lo_message_get_argc (m) > 1 || (lo_message_get_argc (m) == 1 && filename == NULL))
    {
      wrong_type (self, peer, path, "[s:path]");
      return;
    }
  if (filename != NULL && *filename == '\0')
    filename = NULL;
  if (filename != NULL && !self->cfg.allow_save_path)
    {
      md_osc_reply_error (self, peer, path, _("saving to a file named over OSC is disabled"));
      return;
    }
  if (self->cfg.save == NULL)
    {
      md_osc_reply_error (self, peer, path, _("not available"));
      return;
    }
  if (!self->cfg.save (self->cfg.user_data, filename, &error))
    {
      md_osc_reply_gerror (self, peer, path, error);
      return;
    }
  r = lo_message_new ();
  lo_message_add_int32 (r, 1);
  md_osc_send (self, peer->reply, path, r);
}

static void
handle_transport (MdOsc          *self,
                  MdOscPeer      *peer,
                  const char     *path,
                  lo_message      m,
                  MdOscTransport  what)
{
  g_autoptr(GError) error = NULL;
  const char *types = lo_message_get_types (m);
  lo_arg **argv = lo_message_get_argv (m);
  gint64 frame = 0;

  if (what == MD_OSC_TRANSPORT_LOCATE)
    {
      if (lo_message_get_argc (m) != 1 || (types[0] != LO_INT32 && types[0] != LO_INT64))
        {
          wrong_type (self, peer, path, "i|h:frame");
          return;
        }
      frame = arg_raw_i64 (argv[0], types[0]);
      if (frame < 0)
        {
          md_osc_reply_error (self, peer, path, _("the frame must not be negative"));
          return;
        }
    }
  else if (lo_message_get_argc (m) > 1)
    {
      md_osc_reply_error (self, peer, path, _("expected no argument"));
      return;
    }
  else if (lo_message_get_argc (m) == 1)
    {
      double v;

      /* a button sends 1 on press and 0 on release: act on the press */
      if (!arg_number (m, 0, &v))
        {
          wrong_type (self, peer, path, "[i]");
          return;
        }
      if (v == 0)
        return;
    }
  if (self->cfg.transport == NULL)
    {
      md_osc_reply_error (self, peer, path, _("not available"));
      return;
    }
  if (!self->cfg.transport (self->cfg.user_data, what, frame, &error))
    md_osc_reply_gerror (self, peer, path, error);
}

static void
handle_scene (MdOsc        *self,
              MdOscPeer    *peer,
              const char   *path,
              lo_message    m,
              MdOscSceneOp  op)
{
  g_autoptr(GError) error = NULL;
  const char *name = arg_string (m, 0);
  double index = 0;

  if (lo_message_get_argc (m) != 1
      || (name == NULL && (op == MD_OSC_SCENE_SAVE || !arg_number (m, 0, &index))))
    {
      wrong_type (self, peer, path, op == MD_OSC_SCENE_SAVE ? "s" : "s|i");
      return;
    }
  if (name == NULL && !(index >= 1 && index <= G_MAXINT))
    {
      md_osc_reply_error (self, peer, path, _("scene numbers start at 1"));
      return;
    }
  if (name != NULL && (strlen (name) > MD_OSC_MAX_NAME_BYTES || !g_utf8_validate (name, -1, NULL)))
    {
      md_osc_reply_error (self, peer, path, _("name too long or not UTF-8"));
      return;
    }
  if (self->cfg.scene == NULL)
    {
      md_osc_reply_error (self, peer, path, _("not available yet"));
      return;
    }
  if (!self->cfg.scene (self->cfg.user_data, op, name, (guint)index, &error))
    md_osc_reply_gerror (self, peer, path, error);
}

/* "/strip/N/remove" -> N, else 0. */
static guint
strip_remove_index (const char *path)
{
  const char *p;
  char *end = NULL;
  guint64 n;

  if (!g_str_has_prefix (path, "/strip/"))
    return 0;
  p = path + strlen ("/strip/");
  if (!g_ascii_isdigit (*p))
    return 0;
  n = g_ascii_strtoull (p, &end, 10);
  if (end == NULL || strcmp (end, "/remove") != 0 || n == 0 || n > MD_MAX_STRIPS)
    return 0;
  return (guint)n;
}

static gboolean
is_write_command (const char *path)
{
  gsize n;
  const MdOscCommand *cmds = md_osc_commands (&n);

  if (strip_remove_index (path) > 0)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    if (strcmp (cmds[i].address, path) == 0)
      return cmds[i].writes;
  return FALSE;
}

static gboolean
is_command (const char *path)
{
  gsize n;
  const MdOscCommand *cmds = md_osc_commands (&n);

  if (strip_remove_index (path) > 0)
    return TRUE;
  for (gsize i = 0; i < n; i++)
    if (strcmp (cmds[i].address, path) == 0)
      return TRUE;
  return FALSE;
}

/* PARAMETER/automation [s|i] and PARAMETER/touch i|T|F */
static gboolean
handle_automation (MdOsc      *self,
                   MdOscPeer  *peer,
                   const char *path,
                   lo_message  m)
{
  MdAutomation *a = md_session_get_automation (self->session);
  int argc = lo_message_get_argc (m);
  g_autofree char *base = NULL;
  g_autoptr(GError) error = NULL;
  gboolean touch;

  if (g_str_has_suffix (path, "/automation"))
    touch = FALSE;
  else if (g_str_has_suffix (path, "/touch"))
    touch = TRUE;
  else
    return FALSE;
  base = g_strndup (path, strlen (path) - (touch ? 6 : 11));
  {
    MdParamAddr addr;
    if (md_param_parse (base, &addr) != MD_PARAM_OK)
      return FALSE;
  }
  if (peer->read_only && argc > 0)
    {
      md_osc_reply_error (self, peer, path, _("read-only client"));
      return TRUE;
    }
  if (!touch && argc == 0)
    {
      lo_message r = lo_message_new ();
      lo_message_add_string (r, md_auto_mode_name (md_automation_get_mode (a, base)));
      md_osc_send (self, peer->reply, path, r);
      return TRUE;
    }
  if (argc != 1)
    {
      wrong_type (self, peer, path, touch ? _("1 (touch) or 0 (release)") : _("a mode: off, play, write, touch, latch"));
      return TRUE;
    }
  if (touch)
    {
      double v;
      if (!arg_number (m, 0, &v))
        {
          wrong_type (self, peer, path, _("1 (touch) or 0 (release)"));
          return TRUE;
        }
      if (!md_automation_touch (a, base, v >= 0.5, &error))
        md_osc_reply_gerror (self, peer, path, error);
      return TRUE;
    }
  {
    const char *text = arg_string (m, 0);
    MdAutoMode mode;
    double v;
    g_autofree char *num = NULL;
    if (text == NULL && arg_number (m, 0, &v))
      text = num = g_strdup_printf ("%d", (int) v);
    if (text == NULL || !md_auto_mode_parse (text, &mode))
      {
        wrong_type (self, peer, path, _("a mode: off, play, write, touch, latch"));
        return TRUE;
      }
    if (!md_automation_set_mode (a, base, mode, &error))
      md_osc_reply_gerror (self, peer, path, error);
    else
      {
        lo_message r = lo_message_new ();
        lo_message_add_string (r, md_auto_mode_name (md_automation_get_mode (a, base)));
        md_osc_send (self, peer->reply, path, r);
      }
  }
  return TRUE;
}

void
md_osc_handle_message (MdOsc      *self,
                       MdOscPeer  *peer,
                       const char *path,
                       lo_message  m)
{
  int argc = lo_message_get_argc (m);
  guint strip;

  if (handle_automation (self, peer, path, m))
    return;
  if (strcmp (path, "/undo") == 0 || strcmp (path, "/redo") == 0)
    {
      MdUndo *undo = md_undo_get_for_session (self->session);
      g_autoptr(GError) error = NULL;
      double v = 1;
      if (peer->read_only)
        md_osc_reply_error (self, peer, path, _("read-only client"));
      else if (lo_message_get_argc (m) == 1 && arg_number (m, 0, &v) && v == 0)
        ;   /* a button's release */
      else if (undo == NULL)
        md_osc_reply_error (self, peer, path, _("undo is not available"));
      else if (!(path[1] == 'u' ? md_undo_undo (undo, &error) : md_undo_redo (undo, &error)))
        md_osc_reply_gerror (self, peer, path, error);
      return;
    }
  if (strcmp (path, "/scene/list") == 0)
    {
      g_auto(GStrv) names = md_session_scene_list (self->session);
      lo_message r = lo_message_new ();
      for (guint i = 0; names[i]; i++)
        lo_message_add_string (r, names[i]);
      md_osc_send (self, peer->reply, path, r);
      return;
    }
  if (!is_command (path))
    {
      handle_param (self, peer, path, m);
      return;
    }
  if (peer->read_only && is_write_command (path))
    {
      md_osc_reply_error (self, peer, path, _("read-only client"));
      return;
    }

  if (strcmp (path, "/ping") == 0)
    md_osc_send (self, peer->reply, "/pong", lo_message_new ());
  else if (strcmp (path, "/spec") == 0)
    handle_spec (self, peer);
  else if (strcmp (path, "/subscribe") == 0)
    handle_subscribe (self, peer, path, m);
  else if (strcmp (path, "/unsubscribe") == 0)
    end_lease (peer);
  else if (strcmp (path, "/dump") == 0)
    md_osc_send_dump (self, peer->reply);
  else if (strcmp (path, "/meters/subscribe") == 0)
    handle_meters_subscribe (self, peer, path, m);
  else if (strcmp (path, "/meters/unsubscribe") == 0)
    end_meters (self, peer);
  else if (strcmp (path, "/session/strips") == 0 || strcmp (path, "/session/buses") == 0)
    {
      lo_message r = lo_message_new ();

      if (argc != 0)
        {
          lo_message_free (r);
          md_osc_reply_error (self, peer, path, _("read-only value"));
          return;
        }
      lo_message_add_int32 (r, (int32_t)(path[9] == 's' ? md_session_get_n_strips (self->session)
                                                          : md_session_get_n_buses (self->session)));
      md_osc_send (self, peer->reply, path, r);
    }
  else if (strcmp (path, "/strip/add") == 0)
    handle_strip_add (self, peer, path, m);
  else if ((strip = strip_remove_index (path)) > 0)
    {
      g_autoptr(GError) error = NULL;
      double v = 1;

      if (argc > 1 || (argc == 1 && !arg_number (m, 0, &v)))
        md_osc_reply_error (self, peer, path, _("expected no argument"));
      else if (v == 0)
        ;   /* a button's release */
      else if (!md_session_remove_strip (self->session, strip, &error))
        md_osc_reply_gerror (self, peer, path, error);
    }
  else if (strcmp (path, "/session/save") == 0)
    handle_session_save (self, peer, path, m);
  else if (strcmp (path, "/transport/play") == 0)
    handle_transport (self, peer, path, m, MD_OSC_TRANSPORT_PLAY);
  else if (strcmp (path, "/transport/stop") == 0)
    handle_transport (self, peer, path, m, MD_OSC_TRANSPORT_STOP);
  else if (strcmp (path, "/transport/locate") == 0)
    handle_transport (self, peer, path, m, MD_OSC_TRANSPORT_LOCATE);
  else if (strcmp (path, "/scene/recall") == 0)
    handle_scene (self, peer, path, m, MD_OSC_SCENE_RECALL);
  else if (strcmp (path, "/scene/save") == 0)
    handle_scene (self, peer, path, m, MD_OSC_SCENE_SAVE);
  else
    md_osc_reply_error (self, peer, path, _("unknown address (send /spec for the address space)"));
}
