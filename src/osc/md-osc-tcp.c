/* md-osc-tcp.c: OSC over TCP (optional), on the UDP server's address and
 * port.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Framing as liblo sends it by default: each packet is preceded by its
 * length, a 32-bit big-endian integer (SLIP framing is not supported). The
 * remote address is checked against the allow-list when the connection is
 * accepted, before anything is read; a refused connection is closed at
 * once. Reading and writing never block: input is read when the socket is
 * readable, output that the socket cannot take yet waits in a bounded
 * buffer (a client that stops reading loses its feedback, counted as
 * send failures, and the connection is closed when the buffer is full).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "md-osc-private.h"

#define MAX_CONNECTIONS  16
#define MAX_OUT_BYTES    (1024 * 1024)
#define READ_CHUNK       16384
#define READS_PER_WAKE   8

struct _MdOscTcp
{
  MdOsc *osc;
  GSocketConnection *conn;
  GSocketAddress *remote;
  GPollableInputStream *input;
  GPollableOutputStream *output;
  GSource *in_source;
  GSource *out_source;
  GByteArray *in;             /* bytes of an incomplete frame */
  GByteArray *out;            /* frames the socket has not taken yet */
  gboolean dead;
};

static void tcp_close_later (MdOscTcp *tcp);

static void
tcp_free (gpointer data)
{
  MdOscTcp *tcp = data;

  if (tcp->in_source != NULL)
    {
      g_source_destroy (tcp->in_source);
      g_source_unref (tcp->in_source);
    }
  if (tcp->out_source != NULL)
    {
      g_source_destroy (tcp->out_source);
      g_source_unref (tcp->out_source);
    }
  g_io_stream_close (G_IO_STREAM (tcp->conn), NULL, NULL);
  g_clear_object (&tcp->conn);
  g_clear_object (&tcp->remote);
  g_byte_array_unref (tcp->in);
  g_byte_array_unref (tcp->out);
  g_free (tcp);
}

/* Forget TCP everywhere a client points at it, then free it. */
static void
tcp_close (MdOscTcp *tcp)
{
  MdOsc *self = tcp->osc;
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    if (((MdOscClient *)item)->reply.tcp == tcp)
      g_hash_table_iter_remove (&iter);
  g_ptr_array_remove (self->tcp_conns, tcp);   /* frees it */
}

static gboolean
close_dead_cb (gpointer data)
{
  MdOsc *self = data;

  for (guint i = self->tcp_conns->len; i > 0; i--)
    {
      MdOscTcp *tcp = g_ptr_array_index (self->tcp_conns, i - 1);

      if (tcp->dead)
        tcp_close (tcp);
    }
  g_clear_pointer (&self->tcp_close_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* Close from an idle callback: never while a dispatch or a feedback loop
 * may still hold the pointer. */
static void
tcp_close_later (MdOscTcp *tcp)
{
  MdOsc *self = tcp->osc;

  tcp->dead = TRUE;
  if (self->tcp_close_source != NULL)
    return;
  self->tcp_close_source = g_idle_source_new ();
  g_source_set_callback (self->tcp_close_source, close_dead_cb, self, NULL);
  g_source_attach (self->tcp_close_source, self->context);
}

static gboolean
flush_out (MdOscTcp *tcp)
{
  while (tcp->out->len > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_output_stream_write_nonblocking (tcp->output, tcp->out->data,
                                                             tcp->out->len, NULL, &error);

      if (n < 0)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return TRUE;
          tcp_close_later (tcp);
          return FALSE;
        }
      g_byte_array_remove_range (tcp->out, 0, (guint)n);
    }
  return TRUE;
}

static gboolean
out_ready_cb (GObject  *stream,
              gpointer  data)
{
  MdOscTcp *tcp = data;

  (void)stream;
  if (tcp->dead || !flush_out (tcp) || tcp->out->len == 0)
    {
      g_clear_pointer (&tcp->out_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
md_osc_tcp_send (MdOscTcp   *tcp,
                 const void *data,
                 gsize       len)
{
  guint32 size_be = GUINT32_TO_BE ((guint32)len);

  if (tcp->dead)
    return FALSE;
  if (tcp->out->len + 4 + len > MAX_OUT_BYTES)
    {
      /* the client does not read: drop it rather than queue forever */
      tcp_close_later (tcp);
      return FALSE;
    }
  g_byte_array_append (tcp->out, (const guint8 *)&size_be, 4);
  g_byte_array_append (tcp->out, data, (guint)len);
  if (!flush_out (tcp))
    return FALSE;
  if (tcp->out->len > 0 && tcp->out_source == NULL)
    {
      tcp->out_source = g_pollable_output_stream_create_source (tcp->output, NULL);
      g_source_set_callback (tcp->out_source, (GSourceFunc)(void (*)(void))out_ready_cb, tcp, NULL);
      g_source_attach (tcp->out_source, tcp->osc->context);
    }
  return TRUE;
}

/* Hand every complete frame of TCP->in to the server. */
static void
take_frames (MdOscTcp *tcp)
{
  gsize off = 0;

  while (!tcp->dead && tcp->in->len - off >= 4)
    {
      guint32 size;

      memcpy (&size, tcp->in->data + off, 4);
      size = GUINT32_FROM_BE (size);
      if (size == 0 || size > MD_OSC_MAX_DATAGRAM)
        {
          tcp->osc->stats.malformed++;
          tcp_close_later (tcp);
          break;
        }
      if (tcp->in->len - off - 4 < size)
        break;
      md_osc_handle_packet (tcp->osc, tcp->remote, tcp, tcp->in->data + off + 4, size);
      off += 4 + size;
    }
  if (off > 0)
    g_byte_array_remove_range (tcp->in, 0, (guint)off);
}

static gboolean
in_ready_cb (GObject  *stream,
             gpointer  data)
{
  MdOscTcp *tcp = data;

  (void)stream;
  for (guint i = 0; i < READS_PER_WAKE && !tcp->dead; i++)
    {
      g_autoptr(GError) error = NULL;
      guint old = tcp->in->len;
      gssize n;

      g_byte_array_set_size (tcp->in, old + READ_CHUNK);
      n = g_pollable_input_stream_read_nonblocking (tcp->input, tcp->in->data + old, READ_CHUNK,
                                                    NULL, &error);
      g_byte_array_set_size (tcp->in, old + (n > 0 ? (guint)n : 0));
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      if (n <= 0)
        {
          tcp_close_later (tcp);   /* end of stream or error */
          break;
        }
      take_frames (tcp);
    }
  if (tcp->dead)
    {
      g_clear_pointer (&tcp->in_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *conn,
             GObject           *source_object,
             gpointer           data)
{
  MdOsc *self = data;
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (conn, NULL);
  g_autoptr(GInetAddress) ip = NULL;
  MdOscTcp *tcp;

  (void)service;
  (void)source_object;
  /* access control before anything is read */
  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote))
    {
      self->stats.denied++;
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
      return TRUE;
    }
  ip = md_osc_normalise_ip (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  if (!md_osc_allowed (self, ip) || self->tcp_conns->len >= MAX_CONNECTIONS)
    {
      self->stats.denied++;
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
      return TRUE;
    }

  tcp = g_new0 (MdOscTcp, 1);
  tcp->osc = self;
  tcp->conn = g_object_ref (conn);
  tcp->remote = g_steal_pointer (&remote);
  tcp->input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  tcp->output = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (G_IO_STREAM (conn)));
  tcp->in = g_byte_array_new ();
  tcp->out = g_byte_array_new ();
  g_ptr_array_add (self->tcp_conns, tcp);

  tcp->in_source = g_pollable_input_stream_create_source (tcp->input, NULL);
  g_source_set_callback (tcp->in_source, (GSourceFunc)(void (*)(void))in_ready_cb, tcp, NULL);
  g_source_attach (tcp->in_source, self->context);
  return TRUE;
}

gboolean
md_osc_tcp_start (MdOsc           *self,
                  GSocketAddress  *address,
                  GError         **error)
{
  self->tcp_conns = g_ptr_array_new_with_free_func (tcp_free);
  self->tcp_service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->tcp_service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, NULL, error))
    return FALSE;
  g_signal_connect (self->tcp_service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->tcp_service);
  return TRUE;
}

void
md_osc_tcp_stop (MdOsc *self)
{
  if (self->tcp_service != NULL)
    {
      g_socket_service_stop (self->tcp_service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->tcp_service));
      g_signal_handlers_disconnect_by_data (self->tcp_service, self);
      g_clear_object (&self->tcp_service);
    }
  if (self->tcp_close_source != NULL)
    {
      g_source_destroy (self->tcp_close_source);
      g_clear_pointer (&self->tcp_close_source, g_source_unref);
    }
  g_clear_pointer (&self->tcp_conns, g_ptr_array_unref);
}
