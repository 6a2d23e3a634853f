/* md-osc-feedback.c: encoding and sending, leases, value feedback, meters.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replies are encoded by liblo and sent from the server's own socket, so a
 * tablet sees answers coming from the port it talks to. Feedback for lease
 * holders is collected per client and path (the latest value wins) and sent
 * by a timer, at most MD_OSC_FEEDBACK_HZ times a second per path, in bundles
 * kept below MD_OSC_MD_OSC_MAX_PACKED bytes. Meters come from the application's
 * callback on one shared timer.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-osc-private.h"

#define HOUSEKEEPING_MS     100
#define HOST_IDLE_US        (10 * G_USEC_PER_SEC)

typedef struct
{
  gboolean is_string;
  double value;
  char *text;
} Pending;

/* A packer collects messages for one destination into bundles. */
typedef struct
{
  MdOsc *osc;
  const MdOscDest *to;
  GByteArray *buf;
  guint n;
} Packer;

static void ensure_flush (MdOsc *self);

/* ---------------------------------------------------------------------- */
/* sending */

static void
send_raw (MdOsc           *self,
          const MdOscDest *to,
          const void      *data,
          gsize            len)
{
  g_autoptr(GError) error = NULL;

  if (to == NULL || len == 0)
    return;
  if (to->tcp != NULL)
    {
      if (md_osc_tcp_send (to->tcp, data, len))
        self->stats.sent++;
      else
        self->stats.send_failed++;
      return;
    }
  if (to->udp == NULL || g_socket_send_to (self->socket, to->udp, data, len, NULL, &error) < 0)
    self->stats.send_failed++;
  else
    self->stats.sent++;
}

static void
packer_init (Packer          *pk,
             MdOsc           *osc,
             const MdOscDest *to)
{
  pk->osc = osc;
  pk->to = to;
  pk->buf = g_byte_array_sized_new (MD_OSC_MAX_PACKED + 64);
  pk->n = 0;
}

static void
packer_flush (Packer *pk)
{
  static const guint header = 16;   /* "#bundle\0" + time tag */

  if (pk->n == 1)
    /* a lone message goes out bare: simpler clients need no bundle code */
    send_raw (pk->osc, pk->to, pk->buf->data + header + 4, pk->buf->len - header - 4);
  else if (pk->n > 1)
    send_raw (pk->osc, pk->to, pk->buf->data, pk->buf->len);
  g_byte_array_set_size (pk->buf, 0);
  pk->n = 0;
}

static void
packer_finish (Packer *pk)
{
  packer_flush (pk);
  g_byte_array_unref (pk->buf);
  pk->buf = NULL;
}

/* Takes ownership of M. */
static void
packer_add (Packer     *pk,
            const char *path,
            lo_message  m)
{
  static const guint8 head[16] = { '#', 'b', 'u', 'n', 'd', 'l', 'e', 0,
                                   0, 0, 0, 0, 0, 0, 0, 1 };   /* immediately */
  size_t size = lo_message_length (m, path);
  guint32 size_be;
  guint old;

  if (pk->n > 0 && pk->buf->len + 4 + size > MD_OSC_MAX_PACKED)
    packer_flush (pk);
  if (pk->n == 0)
    g_byte_array_append (pk->buf, head, sizeof head);
  size_be = GUINT32_TO_BE ((guint32)size);
  g_byte_array_append (pk->buf, (const guint8 *)&size_be, 4);
  old = pk->buf->len;
  g_byte_array_set_size (pk->buf, old + size);
  lo_message_serialise (m, path, pk->buf->data + old, &size);
  pk->n++;
  lo_message_free (m);
}

void
md_osc_send (MdOsc           *self,
             const MdOscDest *to,
             const char      *path,
             lo_message       m)
{
  Packer pk;

  packer_init (&pk, self, to);
  packer_add (&pk, path, m);
  packer_finish (&pk);
}

lo_message
md_osc_value_message (const MdParamInfo *info,
                      gboolean           norm,
                      double             value)
{
  lo_message m = lo_message_new ();

  if (norm)
    lo_message_add_float (m, (float)md_param_to_norm (info, value));
  else if (info->kind == MD_KIND_FLOAT)
    lo_message_add_float (m, (float)value);
  else
    lo_message_add_int32 (m, (int32_t)lrint (value));
  return m;
}

lo_message
md_osc_string_message (const char *text)
{
  lo_message m = lo_message_new ();

  lo_message_add_string (m, text != NULL ? text : "");
  return m;
}

void
md_osc_reply_error (MdOsc      *self,
                    MdOscPeer  *peer,
                    const char *path,
                    const char *reason)
{
  lo_message m = lo_message_new ();

  lo_message_add_string (m, path);
  lo_message_add_string (m, reason);
  self->stats.errors_sent++;
  md_osc_send (self, peer->reply, "/error", m);
}

void
md_osc_reply_gerror (MdOsc        *self,
                     MdOscPeer    *peer,
                     const char   *path,
                     const GError *error)
{
  const char *reason = error != NULL ? error->message : _("failed");
  gsize n = strlen (path);

  /* the session's messages start with the path: do not say it twice */
  if (strncmp (reason, path, n) == 0 && reason[n] == ':' && reason[n + 1] == ' ')
    reason += n + 2;
  md_osc_reply_error (self, peer, path, reason);
}

/* ---------------------------------------------------------------------- */
/* clients: the holders of a lease */

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_free (p->text);
  g_free (p);
}

void
md_osc_client_free (gpointer data)
{
  MdOscClient *c = data;

  g_free (c->key);
  g_clear_object (&c->ip);
  g_clear_object (&c->reply.udp);
  g_hash_table_unref (c->pending);
  g_free (c);
}

gboolean
md_osc_client_subscribed (const MdOscClient *c,
                          gint64             now)
{
  return c->lease_until_us > now;
}

gboolean
md_osc_client_metered (const MdOscClient *c,
                       gint64             now)
{
  return c->meter_until_us > now;
}

guint
md_osc_count_leases (MdOsc  *self,
                     gint64  now)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (md_osc_client_subscribed (value, now) || md_osc_client_metered (value, now))
      n++;
  return n;
}

MdOscClient *
md_osc_client_ensure (MdOsc     *self,
                      MdOscPeer *peer)
{
  MdOscClient *c = peer->client;

  if (c != NULL)
    return c;
  c = g_new0 (MdOscClient, 1);
  c->key = g_strdup (peer->key);
  c->ip = g_object_ref (peer->ip);
  c->reply.udp = g_object_ref (peer->from);
  c->reply.tcp = peer->source.tcp;
  c->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pending_free);
  g_hash_table_insert (self->clients, c->key, c);
  peer->client = c;
  peer->reply = &c->reply;
  md_osc_ensure_housekeeping (self);
  return c;
}

/* Forget clients whose leases ran out. */
static void
prune_clients (MdOsc  *self,
               gint64  now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!md_osc_client_subscribed (value, now) && !md_osc_client_metered (value, now))
      g_hash_table_iter_remove (&iter);
}

static gboolean housekeeping_cb (gpointer data);

void
md_osc_ensure_housekeeping (MdOsc *self)
{
  if (self->housekeeping_source != NULL)
    return;
  self->housekeeping_source = g_timeout_source_new (HOUSEKEEPING_MS);
  g_source_set_callback (self->housekeeping_source, housekeeping_cb, self, NULL);
  g_source_set_name (self->housekeeping_source, "md-osc housekeeping");
  g_source_attach (self->housekeeping_source, self->context);
}

static void
pending_put_value (MdOscClient *c,
                   const char  *path,
                   double       value)
{
  Pending *p = g_hash_table_lookup (c->pending, path);

  if (p == NULL)
    {
      p = g_new0 (Pending, 1);
      g_hash_table_insert (c->pending, g_strdup (path), p);
    }
  p->is_string = FALSE;
  p->value = value;
}

static void
pending_put_string (MdOscClient *c,
                    const char  *path,
                    const char  *text)
{
  Pending *p = g_hash_table_lookup (c->pending, path);

  if (p == NULL)
    {
      p = g_new0 (Pending, 1);
      g_hash_table_insert (c->pending, g_strdup (path), p);
    }
  p->is_string = TRUE;
  g_free (p->text);
  p->text = g_strdup (text != NULL ? text : "");
}

/* ---------------------------------------------------------------------- */
/* feedback */

static void
pack_param (Packer            *pk,
            const MdParamInfo *info,
            const char        *path,
            double             value)
{
  packer_add (pk, path, md_osc_value_message (info, FALSE, value));
  if (info->kind == MD_KIND_FLOAT)
    {
      g_autofree char *norm = g_strconcat (path, "/norm", NULL);

      packer_add (pk, norm, md_osc_value_message (info, TRUE, value));
    }
}

static void
pack_int (Packer     *pk,
          const char *path,
          gint        value)
{
  lo_message m = lo_message_new ();

  lo_message_add_int32 (m, value);
  packer_add (pk, path, m);
}

/* Every current value, as feedback messages. */
static void
pack_dump (MdOsc  *self,
           Packer *pk)
{
  pack_int (pk, "/session/strips", (gint)md_session_get_n_strips (self->session));
  pack_int (pk, "/session/buses", (gint)md_session_get_n_buses (self->session));

  for (gsize i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);
      gboolean indexed = md_scope_max_index (info->scope) > 0;
      guint n_obj = indexed ? md_session_get_n_objects (self->session, info->scope) : 1;
      guint n_sub = info->n_sub > 0 ? md_session_get_n_sub (self->session, info) : 1;

      for (guint o = 1; o <= n_obj; o++)
        for (guint s = 1; s <= n_sub; s++)
          {
            MdParamAddr addr = { 0, };
            char path[256];

            addr.info = info;
            addr.index = indexed ? o : 0;
            addr.sub = info->n_sub > 0 ? s : 0;
            addr.slot = info->slot == MD_NO_SLOT ? MD_NO_SLOT : info->slot + (addr.sub ? addr.sub - 1 : 0);
            if (md_param_format (&addr, path, sizeof path) < 0)
              continue;
            if (info->kind == MD_KIND_STRING)
              {
                const char *text = md_session_get_string (self->session, path, NULL);

                packer_add (pk, path, md_osc_string_message (text));
              }
            else
              pack_param (pk, info, path,
                          md_session_get_param (self->session, info, addr.index, addr.sub));
          }
    }
}

void
md_osc_send_dump (MdOsc           *self,
                  const MdOscDest *to)
{
  Packer pk;

  packer_init (&pk, self, to);
  pack_dump (self, &pk);
  packer_finish (&pk);
}

static void
flush_client (MdOsc       *self,
              MdOscClient *c)
{
  GHashTableIter iter;
  gpointer key, value;
  Packer pk;

  if (c->dump_pending)
    {
      md_osc_send_dump (self, &c->reply);
      g_hash_table_remove_all (c->pending);
      c->dump_pending = FALSE;
      return;
    }
  if (g_hash_table_size (c->pending) == 0)
    return;

  packer_init (&pk, self, &c->reply);
  g_hash_table_iter_init (&iter, c->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Pending *p = value;
      lo_message m = lo_message_new ();

      MdParamAddr addr;

      if (p->is_string)
        lo_message_add_string (m, p->text);
      else if (md_param_parse (key, &addr) == MD_PARAM_OK && !addr.norm
               && addr.info->kind != MD_KIND_FLOAT)
        lo_message_add_int32 (m, (int32_t)lrint (p->value));   /* bools, ints, enums */
      else
        lo_message_add_float (m, (float)p->value);
      packer_add (&pk, key, m);
    }
  packer_finish (&pk);
  g_hash_table_remove_all (c->pending);
}

static gboolean
flush_cb (gpointer data)
{
  MdOsc *self = data;
  GHashTableIter iter;
  gpointer value;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MdOscClient *c = value;

      if (md_osc_client_subscribed (c, now))
        flush_client (self, c);
      else
        {
          g_hash_table_remove_all (c->pending);
          c->dump_pending = FALSE;
        }
    }
  /* The next change starts a new timer, one period later: a parameter is
   * sent at most MD_OSC_FEEDBACK_HZ times a second to a client. */
  g_clear_pointer (&self->flush_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
ensure_flush (MdOsc *self)
{
  if (self->flush_source != NULL)
    return;
  self->flush_source = g_timeout_source_new (1000 / MD_OSC_FEEDBACK_HZ);
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_set_name (self->flush_source, "md-osc feedback");
  g_source_attach (self->flush_source, self->context);
}

static void
param_changed_cb (MdSession  *session,
                  const char *path,
                  double      value,
                  gpointer    data)
{
  MdOsc *self = data;
  GHashTableIter iter;
  gpointer item;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *norm_path = NULL;
  MdParamAddr addr;
  gboolean any = FALSE;

  (void)session;
  if (path == NULL || md_param_parse (path, &addr) != MD_PARAM_OK)
    return;
  if (addr.info->kind == MD_KIND_FLOAT)
    norm_path = g_strconcat (path, "/norm", NULL);

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    {
      MdOscClient *c = item;

      if (!md_osc_client_subscribed (c, now))
        continue;
      pending_put_value (c, path, value);
      if (norm_path != NULL)
        pending_put_value (c, norm_path, md_param_to_norm (addr.info, value));
      any = TRUE;
    }
  if (any)
    ensure_flush (self);
}

static void
string_changed_cb (MdSession  *session,
                   const char *path,
                   const char *text,
                   gpointer    data)
{
  MdOsc *self = data;
  GHashTableIter iter;
  gpointer item;
  gint64 now = g_get_monotonic_time ();
  gboolean any = FALSE;

  (void)session;
  if (path == NULL)
    return;
  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    if (md_osc_client_subscribed (item, now))
      {
        pending_put_string (item, path, text);
        any = TRUE;
      }
  if (any)
    ensure_flush (self);
}

static void
structure_changed_cb (MdSession *session,
                      gpointer   data)
{
  MdOsc *self = data;
  GHashTableIter iter;
  gpointer item;
  gint64 now = g_get_monotonic_time ();
  gboolean any = FALSE;

  (void)session;
  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    if (md_osc_client_subscribed (item, now))
      {
        ((MdOscClient *)item)->dump_pending = TRUE;
        any = TRUE;
      }
  if (any)
    ensure_flush (self);
}

/* ---------------------------------------------------------------------- */
/* meters */

static float
meter_db (float v)
{
  if (isnan (v))
    return v;
  return CLAMP (v, MD_OSC_METER_FLOOR_DB, MD_OSC_METER_CEIL_DB);
}

static void
put_u16 (GByteArray *b,
         guint16     v)
{
  guint16 le = GUINT16_TO_LE (v);

  g_byte_array_append (b, (const guint8 *)&le, 2);
}

static void
put_u32 (GByteArray *b,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (b, (const guint8 *)&le, 4);
}

static void
put_f32 (GByteArray *b,
         float       v)
{
  guint32 bits;

  memcpy (&bits, &v, 4);
  put_u32 (b, bits);
}

static GByteArray *
meter_blob (MdOsc                 *self,
            const MdOscMeterFrame *f)
{
  guint ns = MIN (f->n_strips, MD_MAX_STRIPS);
  guint nb = MIN (f->n_buses, MD_MAX_BUSES);
  GByteArray *b = g_byte_array_sized_new (16 + 16 * (ns + nb + 1) + 24);

  g_byte_array_append (b, (const guint8 *)MD_OSC_METER_MAGIC, 4);
  put_u32 (b, MD_OSC_METER_VERSION);
  put_u32 (b, self->meter_seq);
  put_u16 (b, (guint16)ns);
  put_u16 (b, (guint16)nb);
  for (guint s = 0; s < ns; s++)
    for (guint k = 0; k < MD_OSC_METER_VALUES; k++)
      put_f32 (b, meter_db (f->strips[s][k]));
  for (guint s = 0; s < nb; s++)
    for (guint k = 0; k < MD_OSC_METER_VALUES; k++)
      put_f32 (b, meter_db (f->buses[s][k]));
  for (guint k = 0; k < MD_OSC_METER_VALUES; k++)
    put_f32 (b, meter_db (f->master[k]));
  for (guint k = 0; k < MD_OSC_LOUDNESS_VALUES; k++)
    put_f32 (b, f->loudness[k]);
  return b;
}

static void
pack_level (Packer      *pk,
            const char  *path,
            const float *v)
{
  const MdParamInfo *fader = md_params_find_name (MD_SCOPE_STRIP, "fader");
  float peak = MAX (meter_db (v[0]), meter_db (v[1]));
  g_autofree char *norm_path = g_strconcat (path, "/norm", NULL);
  lo_message m = lo_message_new ();
  lo_message n = lo_message_new ();

  if (isnan (peak))
    peak = MD_OSC_METER_FLOOR_DB;
  lo_message_add_float (m, peak);
  packer_add (pk, path, m);
  lo_message_add_float (n, fader != NULL ? (float)md_param_to_norm (fader, MIN (peak, fader->max)) : 0.0f);
  packer_add (pk, norm_path, n);
}

static void
send_meter_messages (MdOsc                 *self,
                     MdOscClient           *c,
                     const MdOscMeterFrame *f)
{
  static const char *const loudness[MD_OSC_LOUDNESS_VALUES] = {
    "/master/loudness/momentary", "/master/loudness/short", "/master/loudness/integrated",
    "/master/loudness/lra", "/master/loudness/truepeak", "/master/loudness/correlation",
  };
  Packer pk;
  char path[64];

  packer_init (&pk, self, &c->reply);
  for (guint s = 0; s < MIN (f->n_strips, MD_MAX_STRIPS); s++)
    {
      g_snprintf (path, sizeof path, "/strip/%u/meter", s + 1);
      pack_level (&pk, path, f->strips[s]);
    }
  for (guint s = 0; s < MIN (f->n_buses, MD_MAX_BUSES); s++)
    {
      g_snprintf (path, sizeof path, "/bus/%u/meter", s + 1);
      pack_level (&pk, path, f->buses[s]);
    }
  pack_level (&pk, "/master/meter", f->master);
  for (guint k = 0; k < MD_OSC_LOUDNESS_VALUES; k++)
    {
      lo_message m = lo_message_new ();

      lo_message_add_float (m, f->loudness[k]);
      packer_add (&pk, loudness[k], m);
    }
  packer_finish (&pk);
}

static gboolean
meter_cb (gpointer data)
{
  MdOsc *self = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer item;
  gboolean due = FALSE, read = FALSE;
  g_autoptr(GByteArray) blob = NULL;
  lo_blob lob = NULL;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    {
      MdOscClient *c = item;
      gint64 period;

      if (!md_osc_client_metered (c, now))
        continue;
      period = G_USEC_PER_SEC / c->meter_rate_hz;
      /* half a timer period of slack so a client at the timer's own rate
       * is served on every tick */
      if (c->meter_next_us > now + G_USEC_PER_SEC / (2 * self->meter_timer_hz))
        continue;
      c->meter_next_us += period;
      if (c->meter_next_us < now)
        c->meter_next_us = now + period;

      if (!due)
        {
          due = TRUE;
          memset (self->meter_frame, 0, sizeof *self->meter_frame);
          read = self->cfg.read_meters != NULL
                 && self->cfg.read_meters (self->cfg.user_data, self->meter_frame);
          if (read)
            {
              self->meter_seq++;
              blob = meter_blob (self, self->meter_frame);
              lob = lo_blob_new ((int32_t)blob->len, blob->data);
            }
        }
      if (!read)
        continue;
      if (c->meter_format == 1)
        send_meter_messages (self, c, self->meter_frame);
      else
        {
          lo_message m = lo_message_new ();

          lo_message_add_blob (m, lob);
          md_osc_send (self, &c->reply, "/meters", m);
        }
    }
  if (lob != NULL)
    lo_blob_free (lob);
  return G_SOURCE_CONTINUE;
}

/* Run the meter timer at the highest rate a client asked for. */
void
md_osc_update_meter_timer (MdOsc *self)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer item;
  guint hz = 0;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    if (md_osc_client_metered (item, now))
      hz = MAX (hz, ((MdOscClient *)item)->meter_rate_hz);

  if (hz == self->meter_timer_hz)
    return;
  if (self->meter_source != NULL)
    {
      g_source_destroy (self->meter_source);
      g_clear_pointer (&self->meter_source, g_source_unref);
    }
  self->meter_timer_hz = hz;
  if (hz == 0)
    return;
  self->meter_source = g_timeout_source_new (1000 / hz);
  g_source_set_callback (self->meter_source, meter_cb, self, NULL);
  g_source_set_name (self->meter_source, "md-osc meters");
  g_source_attach (self->meter_source, self->context);
}

static gboolean
housekeeping_cb (gpointer data)
{
  MdOsc *self = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    {
      MdOscClient *c = item;

      if (c->lease_until_us != 0 && !md_osc_client_subscribed (c, now))
        {
          c->lease_until_us = 0;
          g_hash_table_remove_all (c->pending);
          c->dump_pending = FALSE;
        }
      if (c->meter_until_us != 0 && !md_osc_client_metered (c, now))
        c->meter_until_us = 0;
    }
  prune_clients (self, now);
  md_osc_prune_hosts (self, now, HOST_IDLE_US);
  md_osc_update_meter_timer (self);

  if (g_hash_table_size (self->clients) > 0 || g_hash_table_size (self->hosts) > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->housekeeping_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------- */

void
md_osc_feedback_connect (MdOsc *self)
{
  self->param_handler = g_signal_connect (self->session, "param-changed",
                                          G_CALLBACK (param_changed_cb), self);
  self->string_handler = g_signal_connect (self->session, "string-changed",
                                           G_CALLBACK (string_changed_cb), self);
  self->structure_handler = g_signal_connect (self->session, "structure-changed",
                                              G_CALLBACK (structure_changed_cb), self);
}

void
md_osc_feedback_disconnect (MdOsc *self)
{
  g_clear_signal_handler (&self->param_handler, self->session);
  g_clear_signal_handler (&self->string_handler, self->session);
  g_clear_signal_handler (&self->structure_handler, self->session);
}
