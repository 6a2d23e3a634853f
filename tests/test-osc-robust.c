/* test-osc-robust.c: the OSC server under hostile or unusual traffic:
 * a disallowed source, read-only clients, rate caps, the subscriber cap,
 * bad configurations, IPv6 and dual-stack binds, TCP, and 100,000 random
 * and malformed packets.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "md-osc-test-util.h"

static void
random_message (GRand      *rand,
                GString    *path,
                lo_message  m)
{
  static const char *const paths[] = {
    "/strip/1/fader", "/strip/2/fader/norm", "/strip/3/pan", "/strip/1/mute", "/strip/2/name",
    "/strip/0/fader", "/strip/99999/fader", "/strip/-1/fader", "/strip/1/send/0/level",
    "/strip/1/send/17/level", "/master/fader", "/bus/1/fader", "/bus/9/mute", "/dca/1/fader",
    "/subscribe", "/meters/subscribe", "/unsubscribe", "/strip/add", "/strip/1/remove",
    "/strip/x/remove", "/transport/locate", "/scene/recall", "/spec", "/ping", "/session/save",
    "/strip//fader", "/strip/1/fader/norm/norm", "//", "/", "/strip/1/", "/strip/4294967297/fader",
  };
  guint n_args = g_rand_int_range (rand, 0, 4);

  g_string_assign (path, paths[g_rand_int_range (rand, 0, G_N_ELEMENTS (paths))]);
  for (guint i = 0; i < n_args; i++)
    switch (g_rand_int_range (rand, 0, 10))
      {
      case 0: lo_message_add_float (m, NAN); break;
      case 1: lo_message_add_float (m, g_rand_boolean (rand) ? INFINITY : -INFINITY); break;
      case 2: lo_message_add_double (m, g_rand_double_range (rand, -1e300, 1e300)); break;
      case 3: lo_message_add_int32 (m, (int32_t)g_rand_int (rand)); break;
      case 4: lo_message_add_int64 (m, (int64_t)g_rand_int (rand) << 31); break;
      case 5:
        {
          gsize len = g_rand_int_range (rand, 0, 3) == 0 ? 20000 : 8;
          g_autofree char *s = g_malloc (len + 1);

          for (gsize k = 0; k < len; k++)
            s[k] = (char)g_rand_int_range (rand, 1, 256);
          s[len] = '\0';
          lo_message_add_string (m, s);
          break;
        }
      case 6:
        {
          guint8 bytes[8] = { 0, };
          lo_blob b = lo_blob_new (sizeof bytes, bytes);

          lo_message_add_blob (m, b);
          lo_blob_free (b);
          break;
        }
      case 7: lo_message_add_true (m); break;
      case 8: lo_message_add_nil (m); break;
      default: lo_message_add_float (m, (float)g_rand_double_range (rand, -200, 200)); break;
      }
}

/* Bundles nested DEPTH deep around a message. */
static GByteArray *
deep_bundle (guint depth)
{
  GByteArray *b = g_byte_array_new ();
  lo_message m = lo_message_new ();
  size_t len = 0;
  void *data;

  lo_message_add_float (m, -30.0f);
  data = lo_message_serialise (m, "/strip/1/fader", NULL, &len);
  g_byte_array_append (b, data, len);
  free (data);
  lo_message_free (m);
  for (guint d = 0; d < depth; d++)
    {
      static const guint8 head[16] = { '#', 'b', 'u', 'n', 'd', 'l', 'e', 0, 0, 0, 0, 0, 0, 0, 0, 1 };
      guint32 size = GUINT32_TO_BE (b->len);

      g_byte_array_prepend (b, (const guint8 *)&size, 4);
      g_byte_array_prepend (b, head, 16);
    }
  return b;
}

static void
test_fuzz (void)
{
  Fixture fx, *f = &fx;
  MdOscConfig cfg;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  g_autoptr(GSocket) sock = mdo_raw_socket ("127.0.0.1");
  g_autoptr(GSocketAddress) to = NULL;
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint8 buf[2048];
  MdOscStats stats;
  guint sent = 0;
  const guint n_total = 100000;

  mdo_fixture_config (f, &cfg);
  cfg.rate_limit = 0;
  mdo_fixture_setup_with (f, &cfg);
  to = mdo_server_addr (f);
  before = md_session_to_data (f->session, NULL, NULL);

  /* 1. random bytes, half of them starting like OSC */
  for (guint i = 0; i < 40000; i++, sent++)
    {
      gsize len = g_rand_int_range (rand, 0, sizeof buf);

      for (gsize k = 0; k < len; k++)
        buf[k] = (guint8)g_rand_int_range (rand, 0, 256);
      if (len >= 8 && i % 2 == 0)
        memcpy (buf, i % 4 == 0 ? "/strip/" : "#bundle", 8);
      if (len >= 8 && i % 8 == 2)
        len &= ~(gsize)3;
      mdo_raw_send (sock, to, buf, len);
      if (i % 64 == 0)
        {
          mdo_run_loop_idle ();
          mdo_drain (sock);
        }
    }
  mdo_run_loop_idle ();
  mdo_drain (sock);

  /* 2. valid shapes with wrong types: blobs, nil, strings on numbers, no
   * change allowed */
  for (guint i = 0; i < 20000; i++, sent++)
    {
      static const char *const targets[] = { "/strip/1/fader", "/strip/2/pan/norm", "/strip/3/mute",
                                             "/strip/1/name", "/master/fader", "/bus/1/mute" };
      lo_message m = lo_message_new ();
      guint8 bytes[4] = { 9, 9, 9, 9 };
      lo_blob b = lo_blob_new (4, bytes);

      switch (i % 5)
        {
        case 0: lo_message_add_blob (m, b); break;
        case 1: lo_message_add_nil (m); break;
        case 2: lo_message_add_float (m, NAN); break;
        case 3: lo_message_add_float (m, 1); lo_message_add_float (m, 2); break;
        default: lo_message_add_char (m, 'x'); break;
        }
      lo_blob_free (b);
      mdo_raw_send_message (sock, to, targets[i % G_N_ELEMENTS (targets)], m);
      if (i % 64 == 0)
        {
          mdo_run_loop_idle ();
          mdo_drain (sock);
        }
    }
  /* deep bundles are refused whole beyond the depth limit */
  for (guint i = 0; i < 1000; i++, sent++)
    {
      g_autoptr(GByteArray) b = deep_bundle (9 + i % 200);

      mdo_raw_send (sock, to, b->data, b->len);
      if (i % 64 == 0)
        {
          mdo_run_loop_idle ();
          mdo_drain (sock);
        }
    }
  mdo_run_loop_idle ();
  mdo_drain (sock);
  after = md_session_to_data (f->session, NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  /* a bundle within the limit works */
  {
    g_autoptr(GByteArray) b = deep_bundle (3);

    mdo_raw_send (sock, to, b->data, b->len);
    mdo_pump (f, 30);
    g_assert_cmpfloat (mdo_get (f->session, "/strip/1/fader"), ==, -30.0);
  }

  /* 3. valid shapes, random addresses and values (NaN/Inf, huge numbers,
   * long strings): anything may change, but only within range */
  while (sent < n_total)
    {
      lo_message m = lo_message_new ();

      random_message (rand, path, m);
      mdo_raw_send_message (sock, to, path->str, m);
      sent++;
      if (sent % 32 == 0)
        {
          mdo_run_loop_idle ();
          mdo_drain (sock);
        }
    }
  mdo_run_loop_idle ();
  mdo_drain (sock);

  md_osc_get_stats (f->osc, &stats);
  g_test_message ("fuzz: %u sent, %" G_GUINT64_FORMAT " datagrams, %" G_GUINT64_FORMAT
                  " messages, %" G_GUINT64_FORMAT " malformed, %" G_GUINT64_FORMAT " errors",
                  sent, stats.datagrams, stats.messages, stats.malformed, stats.errors_sent);
  g_assert_cmpuint (sent, ==, n_total);
  g_assert_cmpuint (stats.malformed, >, 10000);
  g_assert_cmpuint (stats.messages, >, 30000);

  /* the model is consistent: every value within its range */
  for (guint s = 1; s <= md_session_get_n_strips (f->session); s++)
    for (gsize i = 0; i < md_params_count (); i++)
      {
        const MdParamInfo *info = md_params_get (i);

        if (info->scope != MD_SCOPE_STRIP || info->kind == MD_KIND_STRING)
          continue;
        for (guint sub = info->n_sub ? 1 : 0; sub <= MIN (info->n_sub, md_session_get_n_sub (f->session, info)); sub++)
          {
            double v = md_session_get_param (f->session, info, s, sub);

            g_assert_false (isnan (v));
            g_assert_true (md_param_in_range (info, v));
          }
      }
  /* and the server still answers */
  g_ptr_array_set_size (f->msgs, 0);
  mdo_send_msg (f, "/ping", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/pong"));
  mdo_fixture_teardown (f, NULL);
}

static void
test_denied (void)
{
  static const char *const only_2[] = { "127.0.0.2/32", NULL };
  Fixture fx, *f = &fx;
  MdOscConfig cfg;
  g_autoptr(GSocket) other = mdo_raw_socket ("127.0.0.2");
  g_autoptr(GSocketAddress) to = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  lo_message m;
  MdOscStats stats;
  char buf[512];
  gssize len = -1;
  gint64 end;

  mdo_fixture_config (f, &cfg);
  cfg.allow = only_2;
  mdo_fixture_setup_with (f, &cfg);
  before = md_session_to_data (f->session, NULL, NULL);

  /* from 127.0.0.1: nothing happens, nothing comes back */
  m = lo_message_new ();
  lo_message_add_float (m, -20.0f);
  mdo_send_msg (f, "/strip/1/fader", m);
  mdo_send_msg (f, "/ping", lo_message_new ());
  mdo_send_msg (f, "/subscribe", lo_message_new ());
  mdo_send_msg (f, "/no/such/path", lo_message_new ());
  mdo_pump (f, 200);
  g_assert_cmpuint (f->msgs->len, ==, 0);
  after = md_session_to_data (f->session, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  md_osc_get_stats (f->osc, &stats);
  g_assert_cmpuint (stats.denied, ==, 4);
  g_assert_cmpuint (stats.datagrams, ==, 0);
  g_assert_cmpuint (stats.n_clients, ==, 0);

  /* from 127.0.0.2: served */
  to = mdo_server_addr (f);
  mdo_raw_send_message (other, to, "/ping", lo_message_new ());
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      mdo_run_loop_idle ();
      len = g_socket_receive (other, buf, sizeof buf, NULL, NULL);
      if (len > 0)
        break;
      g_usleep (500);
    }
  g_assert_cmpint (len, >, 0);
  g_assert_cmpstr (buf, ==, "/pong");
  mdo_fixture_teardown (f, NULL);
}

static void
test_read_only (void)
{
  static const char *const ro[] = { "127.0.0.1", NULL };
  Fixture fx, *f = &fx;
  MdOscConfig cfg;
  lo_message m;
  Msg *r;

  mdo_fixture_config (f, &cfg);
  cfg.read_only = ro;
  mdo_fixture_setup_with (f, &cfg);

  m = lo_message_new ();
  lo_message_add_float (m, -20.0f);
  mdo_expect_error (f, "/strip/1/fader", m);
  g_assert_cmpfloat (mdo_get (f->session, "/strip/1/fader"), ==, 0.0);
  m = lo_message_new ();
  lo_message_add_string (m, "x");
  mdo_expect_error (f, "/strip/add", m);
  mdo_expect_error (f, "/strip/1/remove", lo_message_new ());
  g_assert_cmpuint (md_session_get_n_strips (f->session), ==, N_STRIPS);

  /* queries and meters are fine */
  r = mdo_query (f, "/strip/1/fader");
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, 0.0);
  mdo_send_msg (f, "/meters/subscribe", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/meters"));
  mdo_fixture_teardown (f, NULL);
}

static void
test_rate_cap (void)
{
  Fixture fx, *f = &fx;
  MdOscConfig cfg;
  MdOscStats stats;

  lo_server second;

  mdo_fixture_config (f, &cfg);
  cfg.rate_limit = 50;
  mdo_fixture_setup_with (f, &cfg);
  /* the cap is per source address: a second port on the same host shares it */
  second = lo_server_new_with_proto (NULL, LO_UDP, mdo_lo_error_cb);
  lo_server_add_method (second, NULL, NULL, mdo_record_cb, f);

  for (guint i = 0; i < 200; i++)
    {
      lo_message m = lo_message_new ();

      lo_send_message_from (f->server, i % 2 ? second : f->client, "/ping", m);
      lo_message_free (m);
      if (i % 20 == 0)
        mdo_run_loop_idle ();
    }
  for (guint i = 0; i < 50; i++)
    {
      mdo_pump (f, 2);
      while (lo_server_recv_noblock (second, 0) > 0)
        ;
    }
  lo_server_free (second);
  md_osc_get_stats (f->osc, &stats);
  g_test_message ("rate cap 50/s: %u pongs, %" G_GUINT64_FORMAT " dropped",
                  mdo_count_msgs (f, "/pong"), stats.rate_dropped);
  g_assert_cmpuint (mdo_count_msgs (f, "/pong"), <=, 100);   /* one or two windows */
  g_assert_cmpuint (mdo_count_msgs (f, "/pong"), >=, 50);
  g_assert_cmpuint (stats.rate_dropped, >=, 100);
  g_assert_cmpuint (stats.rate_dropped + mdo_count_msgs (f, "/pong"), ==, 200);
  mdo_fixture_teardown (f, NULL);
}

static void
test_max_subscribers (void)
{
  Fixture fx, *f = &fx;
  MdOscConfig cfg;
  lo_server other[2];
  MdOscStats stats;

  mdo_fixture_config (f, &cfg);
  cfg.max_subscribers = 2;
  mdo_fixture_setup_with (f, &cfg);

  for (guint i = 0; i < 2; i++)
    {
      lo_message m = lo_message_new ();

      other[i] = lo_server_new_with_proto (NULL, LO_UDP, mdo_lo_error_cb);
      lo_server_add_method (other[i], NULL, NULL, mdo_record_cb, f);
      lo_send_message_from (f->server, other[i], "/subscribe", m);
      lo_message_free (m);
    }
  mdo_pump (f, 100);
  mdo_send_msg (f, "/subscribe", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/error"));
  md_osc_get_stats (f->osc, &stats);
  g_assert_cmpuint (stats.n_subscribers, ==, 2);
  for (guint i = 0; i < 2; i++)
    lo_server_free (other[i]);
  mdo_fixture_teardown (f, NULL);
}

static void
test_config_errors (void)
{
  static const char *const bad[] = { "10.0.0.0/40", NULL };
  g_autoptr(MdSession) session = md_session_new ();
  g_autoptr(GError) error = NULL;
  MdOscConfig cfg;
  MdOsc *osc;

  md_osc_config_init (&cfg);
  g_assert_cmpuint (cfg.port, ==, 7770);
  cfg.port = 0;
  cfg.allow = bad;
  osc = md_osc_new (session, &cfg, &error);
  g_assert_null (osc);
  g_assert_error (error, MD_OSC_ERROR, MD_OSC_ERROR_CONFIG);
  g_clear_error (&error);

  cfg.allow = NULL;
  cfg.bind_address = "not-an-address";
  osc = md_osc_new (session, &cfg, &error);
  g_assert_null (osc);
  g_assert_error (error, MD_OSC_ERROR, MD_OSC_ERROR_CONFIG);
  g_clear_error (&error);

  /* one address: 127.0.0.2 is bound, 127.0.0.1 is not */
  cfg.bind_address = "127.0.0.2";
  osc = md_osc_new (session, &cfg, &error);
  g_assert_no_error (error);
  g_assert_nonnull (osc);
  {
    g_autofree char *url = md_osc_get_url (osc);

    g_assert_true (g_str_has_prefix (url, "osc.udp://127.0.0.2:"));
  }
  md_osc_free (osc);
}

static gboolean
raw_ping (GSocket        *s,
          GSocketAddress *to)
{
  char buf[512];
  gssize len = -1;
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  mdo_raw_send_message (s, to, "/ping", lo_message_new ());
  while (g_get_monotonic_time () < end)
    {
      mdo_run_loop_idle ();
      len = g_socket_receive (s, buf, sizeof buf, NULL, NULL);
      if (len > 0)
        return strcmp (buf, "/pong") == 0;
      g_usleep (500);
    }
  return FALSE;
}

/* IPv6 loopback is allowed by default; a dual-stack bind sees IPv4
 * clients as ::ffff:a.b.c.d and must still apply the IPv4 allow-list. */
static void
test_ipv6 (void)
{
  g_autoptr(MdSession) session = md_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) ip6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) any6 = g_inet_socket_address_new (ip6, 0);
  g_autoptr(GSocket) s6 = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_DATAGRAM,
                                        G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GSocket) s4 = mdo_raw_socket ("127.0.0.1");
  MdOscConfig cfg;
  MdOsc *osc;

  if (s6 == NULL || !g_socket_bind (s6, any6, FALSE, NULL))
    {
      g_test_skip ("no IPv6 loopback");
      return;
    }
  g_socket_set_blocking (s6, FALSE);

  md_osc_config_init (&cfg);
  cfg.port = 0;
  cfg.bind_address = "::";
  osc = md_osc_new (session, &cfg, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GSocketAddress) to6 = g_inet_socket_address_new (ip6, md_osc_get_port (osc));
    g_autoptr(GInetAddress) ip4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) to4 = g_inet_socket_address_new (ip4, md_osc_get_port (osc));
    MdOscStats stats;

    g_assert_true (raw_ping (s6, to6));
    g_assert_true (raw_ping (s4, to4));
    md_osc_get_stats (osc, &stats);
    g_assert_cmpuint (stats.denied, ==, 0);
  }
  md_osc_free (osc);

  /* only 127.0.0.2 allowed: the mapped 127.0.0.1 and ::1 are refused */
  {
    static const char *const only_2[] = { "127.0.0.2/32", NULL };
    g_autoptr(GSocketAddress) to6 = NULL;
    g_autoptr(GSocketAddress) to4 = NULL;
    g_autoptr(GInetAddress) ip4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    MdOscStats stats;

    cfg.allow = only_2;
    osc = md_osc_new (session, &cfg, &error);
    g_assert_no_error (error);
    to6 = g_inet_socket_address_new (ip6, md_osc_get_port (osc));
    to4 = g_inet_socket_address_new (ip4, md_osc_get_port (osc));
    g_assert_false (raw_ping (s6, to6));
    g_assert_false (raw_ping (s4, to4));
    md_osc_get_stats (osc, &stats);
    g_assert_cmpuint (stats.denied, ==, 2);
    md_osc_free (osc);
  }
}

/* TCP: liblo's framing (32-bit big-endian length), replies on the
 * connection, feedback too. */
static void
test_tcp (void)
{
  Fixture fx, *f = &fx;
  MdOscConfig cfg;
  g_autoptr(GSocketClient) sc = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = g_byte_array_new ();
  GOutputStream *out;
  GPollableInputStream *in;
  lo_message m;
  void *data;
  size_t len = 0;
  guint32 size_be;
  gint64 end;
  gboolean pong = FALSE, fader = FALSE;

  mdo_fixture_config (f, &cfg);
  cfg.tcp = TRUE;
  mdo_fixture_setup_with (f, &cfg);

  conn = g_socket_client_connect_to_host (sc, "127.0.0.1", md_osc_get_port (f->osc), NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (G_IO_STREAM (conn)));

  /* /subscribe, /ping and a value in one write, split frames included */
  for (guint k = 0; k < 3; k++)
    {
      m = lo_message_new ();
      if (k == 2)
        lo_message_add_float (m, -7.0f);
      data = lo_message_serialise (m, k == 0 ? "/subscribe" : k == 1 ? "/ping" : "/strip/2/fader",
                                   NULL, &len);
      size_be = GUINT32_TO_BE ((guint32)len);
      g_assert_true (g_output_stream_write_all (out, &size_be, 4, NULL, NULL, &error));
      g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, &error));
      free (data);
      lo_message_free (m);
    }

  end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while ((!pong || !fader) && g_get_monotonic_time () < end)
    {
      guint8 buf[4096];
      gssize n;

      mdo_run_loop_idle ();
      n = g_pollable_input_stream_read_nonblocking (in, buf, sizeof buf, NULL, NULL);
      if (n > 0)
        g_byte_array_append (got, buf, (guint)n);
      else
        g_usleep (500);
      /* walk complete frames; bundles hold the feedback */
      while (got->len >= 4)
        {
          guint32 size;

          memcpy (&size, got->data, 4);
          size = GUINT32_FROM_BE (size);
          g_assert_cmpuint (size, <, 65536);
          if (got->len < 4 + size)
            break;
          if (size >= 5 && memcmp (got->data + 4, "/pong", 5) == 0)
            pong = TRUE;
          if (memmem (got->data + 4, size, "/strip/2/fader", 14) != NULL)
            fader = TRUE;
          g_byte_array_remove_range (got, 0, 4 + size);
        }
    }
  g_assert_true (pong);
  g_assert_true (fader);
  g_assert_cmpfloat (mdo_get (f->session, "/strip/2/fader"), ==, -7.0);

  /* a change on the model reaches the TCP subscriber */
  g_assert_true (md_session_set (f->session, "/strip/3/mute", 1, FALSE, NULL));
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  fader = FALSE;
  while (!fader && g_get_monotonic_time () < end)
    {
      guint8 buf[4096];
      gssize n;

      mdo_run_loop_idle ();
      n = g_pollable_input_stream_read_nonblocking (in, buf, sizeof buf, NULL, NULL);
      if (n > 0)
        g_byte_array_append (got, buf, (guint)n);
      else
        g_usleep (500);
      if (memmem (got->data, got->len, "/strip/3/mute", 13) != NULL)
        fader = TRUE;
    }
  g_assert_true (fader);

  /* liblo's own TCP client agrees on the framing */
  {
    g_autofree char *port = g_strdup_printf ("%u", md_osc_get_port (f->osc));
    lo_address la = lo_address_new_with_proto (LO_TCP, "127.0.0.1", port);

    g_assert_cmpint (lo_send (la, "/strip/4/fader", "f", -5.0f), >, 0);
    end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    while (mdo_get (f->session, "/strip/4/fader") != -5.0 && g_get_monotonic_time () < end)
      mdo_pump (f, 5);
    g_assert_cmpfloat (mdo_get (f->session, "/strip/4/fader"), ==, -5.0);
    lo_address_free (la);
  }

  /* a frame too large closes the connection, the server goes on */
  size_be = GUINT32_TO_BE (0x7fffffff);
  g_output_stream_write_all (out, &size_be, 4, NULL, NULL, NULL);
  mdo_pump (f, 50);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  mdo_pump (f, 50);
  g_ptr_array_set_size (f->msgs, 0);
  mdo_send_msg (f, "/ping", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/pong"));
  mdo_fixture_teardown (f, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/osc/denied-source", test_denied);
  g_test_add_func ("/osc/read-only", test_read_only);
  g_test_add_func ("/osc/rate-cap", test_rate_cap);
  g_test_add_func ("/osc/max-subscribers", test_max_subscribers);
  g_test_add_func ("/osc/config-errors", test_config_errors);
  g_test_add_func ("/osc/ipv6", test_ipv6);
  g_test_add_func ("/osc/tcp", test_tcp);
  g_test_add_func ("/osc/fuzz", test_fuzz);
  return g_test_run ();
}
