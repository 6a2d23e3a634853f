/* md-osc.c: the OSC server: socket, access control, rate caps, bundles,
 * life cycle.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One UDP GSocket bound to the configured address, watched by a GSource in
 * the caller's main context. A datagram is read, its source checked against
 * the allow-list, the source host charged against its rate cap, and only
 * then parsed: bundles by us (bounded depth), messages by liblo
 * (lo_message_deserialise). md-osc-dispatch.c acts on each message.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-osc-private.h"

#define MAX_BUNDLE_DEPTH    8
#define MAX_HOSTS           1024
#define MAX_READS_PER_WAKE  256

/* Rate accounting per source address (not per port: a flood that rotates
 * its source port is still one host). */
typedef struct
{
  gint64 window_start_us;
  guint count;
  gint64 last_seen_us;
} Host;

G_DEFINE_QUARK (md-osc-error-quark, md_osc_error)

/* ---------------------------------------------------------------------- */
/* configuration */

void
md_osc_config_init (MdOscConfig *cfg)
{
  g_return_if_fail (cfg != NULL);

  memset (cfg, 0, sizeof *cfg);
  cfg->port = MD_OSC_DEFAULT_PORT;
  cfg->bind_address = NULL;
  cfg->max_subscribers = MD_OSC_DEFAULT_MAX_SUBSCRIBERS;
  cfg->rate_limit = MD_OSC_DEFAULT_RATE_LIMIT;
}

static gboolean
parse_cidr_list (const char * const  *list,
                 GPtrArray           *out,
                 GError             **error)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      GInetAddressMask *mask = md_osc_parse_cidr (list[i], error);

      if (mask == NULL)
        return FALSE;
      g_ptr_array_add (out, mask);
    }
  return TRUE;
}

static gboolean
ip_in (GPtrArray    *masks,
       GInetAddress *ip)
{
  for (guint i = 0; i < masks->len; i++)
    if (g_inet_address_mask_matches (g_ptr_array_index (masks, i), ip))
      return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* rate caps */

void
md_osc_prune_hosts (MdOsc  *self,
                    gint64  now,
                    gint64  idle_us)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->hosts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now - ((Host *)value)->last_seen_us >= idle_us)
      g_hash_table_iter_remove (&iter);
}

static Host *
host_get (MdOsc      *self,
          const char *ip_text,
          gint64      now)
{
  Host *h = g_hash_table_lookup (self->hosts, ip_text);

  if (h != NULL)
    return h;
  if (g_hash_table_size (self->hosts) >= MAX_HOSTS)
    md_osc_prune_hosts (self, now, G_USEC_PER_SEC);
  if (g_hash_table_size (self->hosts) >= MAX_HOSTS)
    return NULL;
  h = g_new0 (Host, 1);
  h->window_start_us = now;
  g_hash_table_insert (self->hosts, g_strdup (ip_text), h);
  md_osc_ensure_housekeeping (self);
  return h;
}

/* One more message from H. FALSE when it is over the rate cap. */
static gboolean
host_charge (MdOsc  *self,
             Host   *h,
             gint64  now)
{
  h->last_seen_us = now;
  if (self->cfg.rate_limit == 0)
    return TRUE;
  if (now - h->window_start_us >= G_USEC_PER_SEC || now < h->window_start_us)
    {
      h->window_start_us = now;
      h->count = 0;
    }
  if (h->count >= self->cfg.rate_limit)
    {
      self->stats.rate_dropped++;
      return FALSE;
    }
  h->count++;
  return TRUE;
}

static void
dispatch_message (MdOsc     *self,
                  MdOscPeer *peer,
                  Host      *host,
                  guint8    *data,
                  gsize      len,
                  gint64     now)
{
  lo_message m;
  int result = 0;

  /* the first message of a datagram was charged before parsing */
  if (self->n_in_datagram++ > 0 && !host_charge (self, host, now))
    return;
  if (len < 4 || len % 4 != 0 || data[0] != '/' || memchr (data, '\0', len) == NULL)
    {
      self->stats.malformed++;
      return;
    }
  m = lo_message_deserialise (data, len, &result);
  if (m == NULL)
    {
      self->stats.malformed++;
      return;
    }
  self->stats.messages++;
  md_osc_handle_message (self, peer, (const char *)data, m);
  lo_message_free (m);
}

static void
dispatch_packet (MdOsc     *self,
                 MdOscPeer *peer,
                 Host      *host,
                 guint8    *data,
                 gsize      len,
                 guint      depth,
                 gint64     now)
{
  gsize off;

  if (len < 8 || memcmp (data, "#bundle", 8) != 0)
    {
      dispatch_message (self, peer, host, data, len, now);
      return;
    }
  /* "#bundle\0", an 8-byte time tag (ignored: everything happens now),
   * then elements, each an int32 size and a message or bundle */
  if (depth >= MAX_BUNDLE_DEPTH || len < 16)
    {
      self->stats.malformed++;
      return;
    }
  off = 16;
  while (off < len)
    {
      guint32 size;

      if (len - off < 4)
        {
          self->stats.malformed++;
          return;
        }
      memcpy (&size, data + off, 4);
      size = GUINT32_FROM_BE (size);
      off += 4;
      if (size > len - off || size % 4 != 0 || size == 0)
        {
          self->stats.malformed++;
          return;
        }
      dispatch_packet (self, peer, host, data + off, size, depth + 1, now);
      off += size;
    }
}

GInetAddress *
md_osc_normalise_ip (GInetAddress *ip)
{
  if (g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *b = g_inet_address_to_bytes (ip);
      static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      if (memcmp (b, mapped, 12) == 0)
        return g_inet_address_new_from_bytes (b + 12, G_SOCKET_FAMILY_IPV4);
    }
  return g_object_ref (ip);
}

gboolean
md_osc_allowed (MdOsc        *self,
                GInetAddress *ip)
{
  return ip_in (self->allow, ip) || ip_in (self->read_only, ip);
}

void
md_osc_handle_packet (MdOsc          *self,
                      GSocketAddress *from,
                      MdOscTcp       *tcp,
                      guint8         *data,
                      gsize           len)
{
  g_autoptr(GInetAddress) ip = NULL;
  g_autofree char *ip_text = NULL;
  gint64 now = g_get_monotonic_time ();
  MdOscPeer peer = { 0, };
  Host *host;

  if (!G_IS_INET_SOCKET_ADDRESS (from))
    {
      self->stats.denied++;
      return;
    }
  /* access control before anything of the datagram is read */
  ip = md_osc_normalise_ip (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (from)));
  if (!md_osc_allowed (self, ip))
    {
      self->stats.denied++;
      return;
    }
  ip_text = g_inet_address_to_string (ip);
  host = host_get (self, ip_text, now);
  if (host == NULL)
    {
      self->stats.rate_dropped++;
      return;
    }
  if (!host_charge (self, host, now))
    return;
  self->stats.datagrams++;

  peer.from = from;
  peer.ip = ip;
  peer.key = g_strdup_printf ("%s%s:%u", tcp != NULL ? "tcp:" : "", ip_text,
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (from)));
  peer.read_only = !ip_in (self->allow, ip) || ip_in (self->read_only, ip);
  peer.source.udp = from;
  peer.source.tcp = tcp;
  peer.client = g_hash_table_lookup (self->clients, peer.key);
  peer.reply = peer.client != NULL ? &peer.client->reply : &peer.source;
  self->n_in_datagram = 0;
  dispatch_packet (self, &peer, host, data, len, 0, now);
  g_free (peer.key);
}

static gboolean
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      data)
{
  MdOsc *self = data;

  (void)condition;
  /* a bounded number of datagrams per wake-up: a flood cannot starve the
   * rest of the main loop (GTK, meters, the engine's queues) */
  for (guint i = 0; i < MAX_READS_PER_WAKE; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) from = NULL;
      gssize len;

      len = g_socket_receive_from (socket, &from, (char *)self->rx, MD_OSC_MAX_DATAGRAM, NULL, &error);
      if (len < 0)
        break;
      if (from != NULL)
        md_osc_handle_packet (self, from, NULL, self->rx, (gsize)len);
    }
  return G_SOURCE_CONTINUE;
}

/* ---------------------------------------------------------------------- */
/* life cycle */

MdOsc *
md_osc_new (MdSession          *session,
            const MdOscConfig  *cfg,
            GError            **error)
{
  static const char *const loopback[] = { "127.0.0.0/8", "::1", NULL };
  g_autoptr(MdOsc) self = NULL;
  g_autoptr(GInetAddress) bind_ip = NULL;
  g_autoptr(GSocketAddress) bind_addr = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) local_error = NULL;
  MdOscConfig defaults;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);
  if (cfg == NULL)
    {
      md_osc_config_init (&defaults);
      cfg = &defaults;
    }

  self = g_new0 (MdOsc, 1);
  self->session = g_object_ref (session);
  self->cfg = *cfg;
  self->cfg.allow = NULL;
  self->cfg.read_only = NULL;
  self->cfg.bind_address = NULL;
  self->bind_address = g_strdup (cfg->bind_address != NULL ? cfg->bind_address : "127.0.0.1");
  self->allow = g_ptr_array_new_with_free_func (g_object_unref);
  self->read_only = g_ptr_array_new_with_free_func (g_object_unref);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, md_osc_client_free);
  self->context = g_main_context_ref_thread_default ();
  self->rx = g_malloc (MD_OSC_MAX_DATAGRAM);
  self->meter_frame = g_new0 (MdOscMeterFrame, 1);

  if (!parse_cidr_list (cfg->allow != NULL ? cfg->allow : loopback, self->allow, error)
      || !parse_cidr_list (cfg->read_only, self->read_only, error))
    return NULL;

  if (strcmp (self->bind_address, "localhost") == 0)
    bind_ip = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    bind_ip = g_inet_address_new_from_string (self->bind_address);
  if (bind_ip == NULL)
    {
      g_set_error (error, MD_OSC_ERROR, MD_OSC_ERROR_CONFIG,
                   _("“%s” is not an IP address to listen on"), self->bind_address);
      return NULL;
    }
  self->socket = g_socket_new (g_inet_address_get_family (bind_ip), G_SOCKET_TYPE_DATAGRAM,
                               G_SOCKET_PROTOCOL_UDP, error);
  if (self->socket == NULL)
    return NULL;
  g_socket_set_blocking (self->socket, FALSE);
  bind_addr = g_inet_socket_address_new (bind_ip, cfg->port);
  if (!g_socket_bind (self->socket, bind_addr, FALSE, &local_error))
    {
      g_set_error (error, MD_OSC_ERROR, MD_OSC_ERROR_SOCKET, _("OSC port %s:%u (UDP): %s"),
                   self->bind_address, cfg->port, local_error->message);
      return NULL;
    }
  local = g_socket_get_local_address (self->socket, error);
  if (local == NULL)
    return NULL;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  if (cfg->tcp && !md_osc_tcp_start (self, local, &local_error))
    {
      g_set_error (error, MD_OSC_ERROR, MD_OSC_ERROR_SOCKET, _("OSC port %s:%u (TCP): %s"),
                   self->bind_address, self->port, local_error->message);
      return NULL;
    }

  self->socket_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->socket_source, (GSourceFunc)(void (*)(void))socket_ready_cb,
                         self, NULL);
  g_source_set_name (self->socket_source, "md-osc socket");
  g_source_attach (self->socket_source, self->context);

  md_osc_feedback_connect (self);
  return g_steal_pointer (&self);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
md_osc_free (MdOsc *self)
{
  if (self == NULL)
    return;
  if (self->session != NULL)
    md_osc_feedback_disconnect (self);
  destroy_source (&self->socket_source);
  destroy_source (&self->flush_source);
  destroy_source (&self->housekeeping_source);
  destroy_source (&self->meter_source);
  md_osc_tcp_stop (self);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->allow, g_ptr_array_unref);
  g_clear_pointer (&self->read_only, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->session);
  g_free (self->bind_address);
  g_free (self->rx);
  g_free (self->meter_frame);
  g_free (self);
}

guint16
md_osc_get_port (MdOsc *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->port;
}

const char *
md_osc_get_bind_address (MdOsc *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->bind_address;
}

char *
md_osc_get_url (MdOsc *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (strchr (self->bind_address, ':') != NULL)
    return g_strdup_printf ("osc.udp://[%s]:%u/", self->bind_address, self->port);
  return g_strdup_printf ("osc.udp://%s:%u/", self->bind_address, self->port);
}

void
md_osc_get_stats (MdOsc      *self,
                  MdOscStats *stats)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer item;

  g_return_if_fail (self != NULL && stats != NULL);
  *stats = self->stats;
  stats->n_clients = g_hash_table_size (self->hosts);
  stats->n_subscribers = 0;
  stats->n_meter_subscribers = 0;
  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    {
      if (md_osc_client_subscribed (item, now))
        stats->n_subscribers++;
      if (md_osc_client_metered (item, now))
        stats->n_meter_subscribers++;
    }
}

