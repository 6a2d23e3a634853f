/* md-osc-test-util.c: the fixture of the OSC tests: a session with a few
 * strips, a server on a free loopback port, a liblo client that records
 * what comes back, and raw sockets for malformed traffic.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "md-osc-test-util.h"

static void
msg_free (gpointer data)
{
  Msg *m = data;

  g_free (m->path);
  g_free (m->types);
  for (guint i = 0; i < G_N_ELEMENTS (m->str); i++)
    g_free (m->str[i]);
  g_clear_pointer (&m->blob, g_bytes_unref);
  g_free (m);
}

int
mdo_record_cb (const char  *path,
               const char  *types,
               lo_arg     **argv,
               int          argc,
               lo_message   msg,
               void        *data)
{
  Fixture *f = data;
  Msg *m = g_new0 (Msg, 1);

  (void)msg;
  m->path = g_strdup (path);
  m->types = g_strdup (types);
  for (int i = 0; i < argc && i < 4; i++)
    {
      /* arguments may be misaligned: copy them out */
      gint32 i32;
      gint64 i64;
      float f32;
      double f64;

      switch (types[i])
        {
        case LO_INT32: memcpy (&i32, argv[i], 4); m->num[i] = i32; break;
        case LO_FLOAT: memcpy (&f32, argv[i], 4); m->num[i] = f32; break;
        case LO_DOUBLE: memcpy (&f64, argv[i], 8); m->num[i] = f64; break;
        case LO_INT64: memcpy (&i64, argv[i], 8); m->num[i] = (double)i64; break;
        case LO_STRING: m->str[i] = g_strdup ((const char *)argv[i]); break;
        case LO_BLOB:
          m->blob = g_bytes_new (lo_blob_dataptr ((lo_blob)argv[i]), lo_blob_datasize ((lo_blob)argv[i]));
          break;
        default: break;
        }
    }
  g_ptr_array_add (f->msgs, m);
  return 0;
}

void
mdo_lo_error_cb (int         num,
                 const char *msg,
                 const char *where)
{
  g_test_message ("liblo error %d: %s (%s)", num, msg, where ? where : "");
}

static gboolean
save_cb (gpointer     user_data,
         const char  *filename,
         GError     **error)
{
  Fixture *f = user_data;

  (void)error;
  g_assert_null (filename);
  f->n_saves++;
  return TRUE;
}

static gboolean
transport_cb (gpointer         user_data,
              MdOscTransport   what,
              gint64           frame,
              GError         **error)
{
  Fixture *f = user_data;

  (void)error;
  if (what == MD_OSC_TRANSPORT_PLAY)
    f->n_play++;
  else if (what == MD_OSC_TRANSPORT_STOP)
    f->n_stop++;
  else
    {
      f->n_locate++;
      f->last_frame = frame;
    }
  return TRUE;
}

/* Strip s: peak L = -s dB, peak R = -s - 0.5, RMS = peak - 10. */
static gboolean
read_meters_cb (gpointer         user_data,
                MdOscMeterFrame *frame)
{
  Fixture *f = user_data;

  f->n_meter_reads++;
  frame->n_strips = md_session_get_n_strips (f->session);
  frame->n_buses = md_session_get_n_buses (f->session);
  for (guint s = 0; s < frame->n_strips; s++)
    {
      frame->strips[s][0] = -(float)(s + 1);
      frame->strips[s][1] = -(float)(s + 1) - 0.5f;
      frame->strips[s][2] = -(float)(s + 1) - 10.0f;
      frame->strips[s][3] = -(float)(s + 1) - 10.5f;
    }
  for (guint b = 0; b < frame->n_buses; b++)
    for (guint k = 0; k < 4; k++)
      frame->buses[b][k] = -30.0f - (float)b;
  for (guint k = 0; k < 4; k++)
    frame->master[k] = -500.0f;     /* clamped to the floor */
  frame->loudness[0] = -23.0f;
  frame->loudness[1] = -22.5f;
  frame->loudness[2] = NAN;
  frame->loudness[3] = 5.0f;
  frame->loudness[4] = -1.0f;
  frame->loudness[5] = 0.9f;
  return TRUE;
}

void
mdo_fixture_config (Fixture     *f,
                    MdOscConfig *cfg)
{
  md_osc_config_init (cfg);
  cfg->port = 0;
  cfg->user_data = f;
  cfg->save = save_cb;
  cfg->transport = transport_cb;
  cfg->read_meters = read_meters_cb;
}

void
mdo_fixture_setup_with (Fixture           *f,
                        const MdOscConfig *cfg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  memset (f, 0, sizeof *f);
  f->session = md_session_new ();
  for (guint i = 0; i < N_STRIPS; i++)
    g_assert_cmpuint (md_session_add_strip (f->session, NULL, FALSE, NULL, &error), ==, i + 1);
  g_assert_true (md_session_set_n_buses (f->session, 2, &error));
  g_assert_no_error (error);

  if (cfg != NULL)
    {
      MdOscConfig c = *cfg;

      c.user_data = f;
      f->osc = md_osc_new (f->session, &c, &error);
    }
  else
    {
      MdOscConfig c;

      mdo_fixture_config (f, &c);
      f->osc = md_osc_new (f->session, &c, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (f->osc);
  g_assert_cmpuint (md_osc_get_port (f->osc), >, 0);

  f->msgs = g_ptr_array_new_with_free_func (msg_free);
  f->client = lo_server_new_with_proto (NULL, LO_UDP, mdo_lo_error_cb);
  g_assert_nonnull (f->client);
  lo_server_add_method (f->client, NULL, NULL, mdo_record_cb, f);
  port = g_strdup_printf ("%u", md_osc_get_port (f->osc));
  f->server = lo_address_new ("127.0.0.1", port);
}

void
mdo_fixture_setup (Fixture       *f,
                   gconstpointer  data)
{
  (void)data;
  mdo_fixture_setup_with (f, NULL);
}

void
mdo_fixture_teardown (Fixture       *f,
                      gconstpointer  data)
{
  (void)data;
  lo_address_free (f->server);
  lo_server_free (f->client);
  g_clear_pointer (&f->osc, md_osc_free);
  g_clear_object (&f->session);
  g_ptr_array_unref (f->msgs);
  /* let destroyed sources go */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Run both ends for MS milliseconds. */
void
mdo_pump (Fixture *f,
          guint    ms)
{
  gint64 end = g_get_monotonic_time () + (gint64)ms * 1000;

  do
    {
      gboolean busy = g_main_context_iteration (NULL, FALSE);

      while (lo_server_recv_noblock (f->client, 0) > 0)
        busy = TRUE;
      if (!busy)
        g_usleep (200);
    }
  while (g_get_monotonic_time () < end);
}

Msg *
mdo_find_msg (Fixture    *f,
              const char *path,
              guint       from)
{
  for (guint i = from; i < f->msgs->len; i++)
    {
      Msg *m = g_ptr_array_index (f->msgs, i);

      if (strcmp (m->path, path) == 0)
        return m;
    }
  return NULL;
}

guint
mdo_count_msgs (Fixture    *f,
                const char *path)
{
  guint n = 0;

  for (guint i = 0; i < f->msgs->len; i++)
    if (strcmp (((Msg *)g_ptr_array_index (f->msgs, i))->path, path) == 0)
      n++;
  return n;
}

/* Pump until a message to PATH arrives (at most 2 s). */
Msg *
mdo_wait_msg (Fixture    *f,
              const char *path)
{
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  Msg *m;

  while ((m = mdo_find_msg (f, path, 0)) == NULL && g_get_monotonic_time () < end)
    mdo_pump (f, 2);
  return m;
}

void
mdo_send_msg (Fixture    *f,
              const char *path,
              lo_message  m)
{
  g_assert_cmpint (lo_send_message_from (f->server, f->client, path, m), >, 0);
  lo_message_free (m);
}

double
mdo_get (MdSession  *s,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  double v = NAN;

  g_assert_true (md_session_get (s, path, &v, &error));
  return v;
}

Msg *
mdo_query (Fixture    *f,
           const char *path)
{
  g_ptr_array_set_size (f->msgs, 0);
  mdo_send_msg (f, path, lo_message_new ());
  return mdo_wait_msg (f, path);
}

/* ---------------------------------------------------------------------- */

void
mdo_expect_error (Fixture    *f,
                  const char *path,
                  lo_message  m)
{
  Msg *r;

  g_ptr_array_set_size (f->msgs, 0);
  mdo_send_msg (f, path, m);
  r = mdo_wait_msg (f, "/error");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->types, ==, "ss");
  g_assert_cmpstr (r->str[0], ==, path);
  g_assert_cmpuint (strlen (r->str[1]), >, 0);
  g_test_message ("%s: %s", path, r->str[1]);
}

GSocket *
mdo_raw_socket (const char *bind_ip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (bind_ip);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (ip, 0);
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                             G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (s, addr, FALSE, &error));
  g_assert_no_error (error);
  g_socket_set_blocking (s, FALSE);
  return s;
}

GSocketAddress *
mdo_server_addr (Fixture *f)
{
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string ("127.0.0.1");

  return g_inet_socket_address_new (ip, md_osc_get_port (f->osc));
}

void
mdo_raw_send (GSocket        *s,
              GSocketAddress *to,
              const void     *data,
              gsize           len)
{
  /* a full socket buffer drops the datagram: that is fine here */
  g_socket_send_to (s, to, data, len, NULL, NULL);
}

void
mdo_raw_send_message (GSocket        *s,
                      GSocketAddress *to,
                      const char     *path,
                      lo_message      m)
{
  size_t len = 0;
  void *data = lo_message_serialise (m, path, NULL, &len);

  mdo_raw_send (s, to, data, len);
  free (data);
  lo_message_free (m);
}

gsize
mdo_drain (GSocket *s)
{
  char buf[65536];
  gsize n = 0;

  while (g_socket_receive (s, buf, sizeof buf, NULL, NULL) > 0)
    n++;
  return n;
}

void
mdo_run_loop_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A random message of a valid shape: a real or mangled address, random
 * type tags and values, NaN/Inf, long strings. */
