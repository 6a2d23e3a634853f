/* test-osc.c: the OSC protocol over loopback, with a liblo client: set and
 * query, types, errors, commands, the spec, subscriptions, leases,
 * coalescing, meters.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No JACK: an MdSession with a few strips and no engine. The tests drive
 * the GLib main loop (the server's socket source) and a liblo server that
 * receives the replies, alternately, with deadlines.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "md-osc-test-util.h"

static void
test_ping (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *url = md_osc_get_url (f->osc);

  (void)data;
  g_assert_true (g_str_has_prefix (url, "osc.udp://127.0.0.1:"));
  g_assert_cmpstr (md_osc_get_bind_address (f->osc), ==, "127.0.0.1");
  mdo_send_msg (f, "/ping", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/pong"));
}

static void
test_set_query (Fixture       *f,
                gconstpointer  data)
{
  lo_message m;
  Msg *r;

  (void)data;
  m = lo_message_new ();
  lo_message_add_float (m, -6.0f);
  mdo_send_msg (f, "/strip/1/fader", m);
  r = mdo_query (f, "/strip/1/fader");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->types, ==, "f");
  g_assert_cmpfloat_with_epsilon (r->num[0], -6.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (mdo_get (f->session, "/strip/1/fader"), -6.0, 1e-6);

  /* norm: 0.75 is 0 dB on the fader law */
  m = lo_message_new ();
  lo_message_add_float (m, 0.75f);
  mdo_send_msg (f, "/strip/2/fader/norm", m);
  r = mdo_query (f, "/strip/2/fader/norm");
  g_assert_nonnull (r);
  g_assert_cmpfloat_with_epsilon (r->num[0], 0.75, 1e-5);
  g_assert_cmpfloat_with_epsilon (mdo_get (f->session, "/strip/2/fader"), 0.0, 1e-4);

  /* pan norm is linear: 0.25 -> -0.5 */
  m = lo_message_new ();
  lo_message_add_float (m, 0.25f);
  mdo_send_msg (f, "/strip/3/pan/norm", m);
  r = mdo_query (f, "/strip/3/pan");
  g_assert_nonnull (r);
  g_assert_cmpfloat_with_epsilon (r->num[0], -0.5, 1e-5);

  /* a bool answers as an int */
  r = mdo_query (f, "/strip/1/mute");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->types, ==, "i");
  g_assert_cmpfloat (r->num[0], ==, 0);

  /* names */
  m = lo_message_new ();
  lo_message_add_string (m, "Kick");
  mdo_send_msg (f, "/strip/1/name", m);
  r = mdo_query (f, "/strip/1/name");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->str[0], ==, "Kick");

  /* master and session counters */
  r = mdo_query (f, "/master/fader");
  g_assert_nonnull (r);
  r = mdo_query (f, "/session/strips");
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, N_STRIPS);
}

static void
test_types (Fixture       *f,
            gconstpointer  data)
{
  lo_message m;

  (void)data;
  m = lo_message_new ();
  lo_message_add_int32 (m, 1);
  mdo_send_msg (f, "/strip/1/mute", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat (mdo_get (f->session, "/strip/1/mute"), ==, 1);

  m = lo_message_new ();
  lo_message_add_false (m);
  mdo_send_msg (f, "/strip/1/mute", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat (mdo_get (f->session, "/strip/1/mute"), ==, 0);

  m = lo_message_new ();
  lo_message_add_true (m);
  mdo_send_msg (f, "/strip/2/solo", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat (mdo_get (f->session, "/strip/2/solo"), ==, 1);

  m = lo_message_new ();
  lo_message_add_double (m, -0.25);
  mdo_send_msg (f, "/strip/2/pan", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat_with_epsilon (mdo_get (f->session, "/strip/2/pan"), -0.25, 1e-9);

  m = lo_message_new ();
  lo_message_add_int64 (m, -12);
  mdo_send_msg (f, "/strip/3/fader", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat_with_epsilon (mdo_get (f->session, "/strip/3/fader"), -12.0, 1e-9);

  m = lo_message_new ();
  lo_message_add_int32 (m, -3);
  mdo_send_msg (f, "/strip/4/trim", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat_with_epsilon (mdo_get (f->session, "/strip/4/trim"), -3.0, 1e-9);

  /* text as typed with --set */
  m = lo_message_new ();
  lo_message_add_string (m, "on");
  mdo_send_msg (f, "/strip/4/mute", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat (mdo_get (f->session, "/strip/4/mute"), ==, 1);

  /* sends exist for the two buses */
  m = lo_message_new ();
  lo_message_add_float (m, -10.0f);
  mdo_send_msg (f, "/strip/1/send/2/level", m);
  mdo_pump (f, 30);
  g_assert_cmpfloat_with_epsilon (mdo_get (f->session, "/strip/1/send/2/level"), -10.0, 1e-6);
  g_assert_cmpuint (mdo_count_msgs (f, "/error"), ==, 0);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  lo_message m;
  Msg *r;
  guint8 bytes[4] = { 1, 2, 3, 4 };
  lo_blob blob = lo_blob_new (4, bytes);

  (void)data;
  before = md_session_to_data (f->session, NULL, NULL);

  mdo_expect_error (f, "/no/such/thing", lo_message_new ());
  m = lo_message_new ();
  lo_message_add_float (m, 1.0f);
  mdo_expect_error (f, "/strip/1/fadr", m);

  /* no such strip (4 exist), and beyond the table's limit */
  m = lo_message_new ();
  lo_message_add_float (m, -3.0f);
  mdo_expect_error (f, "/strip/9/fader", m);
  m = lo_message_new ();
  lo_message_add_float (m, -3.0f);
  mdo_expect_error (f, "/strip/100000/fader", m);
  /* no bus 3 (2 exist) */
  m = lo_message_new ();
  lo_message_add_float (m, -3.0f);
  mdo_expect_error (f, "/strip/1/send/3/level", m);

  /* wrong types */
  m = lo_message_new ();
  lo_message_add_blob (m, blob);
  mdo_expect_error (f, "/strip/1/fader", m);
  m = lo_message_new ();
  lo_message_add_string (m, "loud");
  mdo_expect_error (f, "/strip/1/fader", m);
  m = lo_message_new ();
  lo_message_add_float (m, 1.0f);
  mdo_expect_error (f, "/strip/1/name", m);
  m = lo_message_new ();
  lo_message_add_float (m, 1.0f);
  lo_message_add_float (m, 2.0f);
  mdo_expect_error (f, "/strip/1/fader", m);
  m = lo_message_new ();
  lo_message_add_float (m, NAN);
  mdo_expect_error (f, "/strip/1/fader", m);
  m = lo_message_new ();
  lo_message_add_float (m, 0.5f);
  mdo_expect_error (f, "/strip/1/mute/norm", m);
  m = lo_message_new ();
  lo_message_add_int32 (m, 1);
  mdo_expect_error (f, "/transport/locate/now", m);

  /* scenes are not there yet */
  m = lo_message_new ();
  lo_message_add_string (m, "Verse");
  mdo_expect_error (f, "/scene/recall", m);

  after = md_session_to_data (f->session, NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  /* out of range: clamped, the real value echoed, and an /error */
  g_ptr_array_set_size (f->msgs, 0);
  m = lo_message_new ();
  lo_message_add_float (m, 5.0f);
  mdo_send_msg (f, "/strip/1/pan", m);
  r = mdo_wait_msg (f, "/strip/1/pan");
  g_assert_nonnull (r);
  g_assert_cmpfloat_with_epsilon (r->num[0], 1.0, 1e-6);
  g_assert_nonnull (mdo_wait_msg (f, "/error"));
  g_assert_cmpfloat (mdo_get (f->session, "/strip/1/pan"), ==, 1.0);

  g_ptr_array_set_size (f->msgs, 0);
  m = lo_message_new ();
  lo_message_add_float (m, INFINITY);
  mdo_send_msg (f, "/strip/1/fader", m);
  r = mdo_wait_msg (f, "/strip/1/fader");
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, MD_FADER_MAX_DB);

  g_ptr_array_set_size (f->msgs, 0);
  m = lo_message_new ();
  lo_message_add_float (m, -0.5f);
  mdo_send_msg (f, "/strip/2/fader/norm", m);
  r = mdo_wait_msg (f, "/strip/2/fader/norm");
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, 0.0);
  lo_blob_free (blob);
}

static void
test_structure (Fixture       *f,
                gconstpointer  data)
{
  lo_message m;
  Msg *r;

  (void)data;
  m = lo_message_new ();
  lo_message_add_string (m, "");
  lo_message_add_string (m, "Vox");
  mdo_send_msg (f, "/strip/add", m);
  r = mdo_wait_msg (f, "/strip/add");
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, N_STRIPS + 1);
  g_assert_cmpuint (md_session_get_n_strips (f->session), ==, N_STRIPS + 1);
  g_assert_cmpstr (md_session_get_string (f->session, "/strip/5/name", NULL), ==, "Vox");

  mdo_send_msg (f, "/strip/1/remove", lo_message_new ());
  mdo_pump (f, 50);
  g_assert_cmpuint (md_session_get_n_strips (f->session), ==, N_STRIPS);
  g_assert_cmpstr (md_session_get_string (f->session, "/strip/4/name", NULL), ==, "Vox");

  g_ptr_array_set_size (f->msgs, 0);
  mdo_send_msg (f, "/strip/9/remove", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/error"));

  /* save: the callback; a file name is refused by default */
  mdo_send_msg (f, "/session/save", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/session/save"));
  g_assert_cmpuint (f->n_saves, ==, 1);
  m = lo_message_new ();
  lo_message_add_string (m, "/tmp/evil.mixdesk");
  mdo_expect_error (f, "/session/save", m);
  g_assert_cmpuint (f->n_saves, ==, 1);

  /* transport */
  mdo_send_msg (f, "/transport/play", lo_message_new ());
  m = lo_message_new ();
  lo_message_add_int32 (m, 0);          /* button release: ignored */
  mdo_send_msg (f, "/transport/stop", m);
  m = lo_message_new ();
  lo_message_add_int32 (m, 1);
  mdo_send_msg (f, "/transport/stop", m);
  m = lo_message_new ();
  lo_message_add_int64 (m, 480000);
  mdo_send_msg (f, "/transport/locate", m);
  mdo_pump (f, 50);
  g_assert_cmpuint (f->n_play, ==, 1);
  g_assert_cmpuint (f->n_stop, ==, 1);
  g_assert_cmpuint (f->n_locate, ==, 1);
  g_assert_cmpint (f->last_frame, ==, 480000);
}

static void
test_spec (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  JsonObject *root;
  Msg *r = NULL;

  (void)data;
  g_ptr_array_set_size (f->msgs, 0);
  mdo_send_msg (f, "/spec", lo_message_new ());
  /* one "/spec s", or "/spec/part i i b" messages when it is large */
  while (g_get_monotonic_time () < end)
    {
      guint parts = 0, count = 0;

      mdo_pump (f, 5);
      if ((r = mdo_find_msg (f, "/spec", 0)) != NULL)
        {
          g_assert_cmpstr (r->types, ==, "s");
          g_string_assign (text, r->str[0]);
          break;
        }
      for (guint i = 0; i < f->msgs->len; i++)
        {
          Msg *p = g_ptr_array_index (f->msgs, i);

          if (strcmp (p->path, "/spec/part") == 0)
            {
              g_assert_cmpstr (p->types, ==, "iib");
              g_assert_cmpfloat (p->num[0], ==, parts + 1);
              count = (guint)p->num[1];
              parts++;
            }
        }
      if (count > 0 && parts == count)
        {
          for (guint i = 0; i < f->msgs->len; i++)
            {
              Msg *p = g_ptr_array_index (f->msgs, i);
              gsize n;
              const char *bytes;

              if (strcmp (p->path, "/spec/part") != 0)
                continue;
              bytes = g_bytes_get_data (p->blob, &n);
              g_string_append_len (text, bytes, n);
            }
          break;
        }
    }
  g_test_message ("/spec: %zu bytes", text->len);
  g_assert_cmpuint (text->len, >, 1000);
  g_assert_true (json_parser_load_from_data (parser, text->str, text->len, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "mixdesk-osc-spec");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "params")),
                    ==, md_params_count ());
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "commands")), >, 10);
}

static void
test_subscribe (Fixture       *f,
                gconstpointer  data)
{
  lo_message m;
  Msg *r;
  guint mark;
  MdOscStats stats;

  (void)data;
  md_session_set_string (f->session, "/strip/2/name", "Snare", NULL);
  mdo_send_msg (f, "/subscribe", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/strip/4/pan/norm"));
  mdo_pump (f, 50);
  /* the dump: every strip's values, names, buses, master */
  g_assert_nonnull (mdo_find_msg (f, "/strip/1/fader", 0));
  g_assert_nonnull (mdo_find_msg (f, "/strip/1/fader/norm", 0));
  g_assert_nonnull (mdo_find_msg (f, "/strip/3/send/2/level", 0));
  g_assert_null (mdo_find_msg (f, "/strip/3/send/3/level", 0));
  g_assert_nonnull (mdo_find_msg (f, "/master/fader", 0));
  g_assert_nonnull (mdo_find_msg (f, "/bus/2/fader", 0));
  r = mdo_find_msg (f, "/strip/2/name", 0);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->str[0], ==, "Snare");
  r = mdo_find_msg (f, "/session/strips", 0);
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, N_STRIPS);
  md_osc_get_stats (f->osc, &stats);
  g_assert_cmpuint (stats.n_subscribers, ==, 1);

  /* a change made directly on the model comes back on the same path */
  mark = f->msgs->len;
  g_assert_true (md_session_set (f->session, "/strip/3/pan", 0.5, FALSE, NULL));
  g_assert_true (md_session_set (f->session, "/strip/4/mute", 1, FALSE, NULL));
  g_assert_true (md_session_set_string (f->session, "/strip/1/name", "Kick", NULL));
  mdo_pump (f, 100);
  r = mdo_find_msg (f, "/strip/3/pan", mark);
  g_assert_nonnull (r);
  g_assert_cmpfloat_with_epsilon (r->num[0], 0.5, 1e-6);
  r = mdo_find_msg (f, "/strip/3/pan/norm", mark);
  g_assert_nonnull (r);
  g_assert_cmpfloat_with_epsilon (r->num[0], 0.75, 1e-6);
  r = mdo_find_msg (f, "/strip/4/mute", mark);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->types, ==, "i");
  g_assert_cmpfloat (r->num[0], ==, 1);
  r = mdo_find_msg (f, "/strip/1/name", mark);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->str[0], ==, "Kick");

  /* a change from OSC too */
  mark = f->msgs->len;
  m = lo_message_new ();
  lo_message_add_float (m, -20.0f);
  mdo_send_msg (f, "/strip/2/fader", m);
  mdo_pump (f, 100);
  r = mdo_find_msg (f, "/strip/2/fader", mark);
  g_assert_nonnull (r);
  g_assert_cmpfloat_with_epsilon (r->num[0], -20.0, 1e-5);

  /* a structure change re-sends the dump */
  mark = f->msgs->len;
  g_assert_cmpuint (md_session_add_strip (f->session, "New", FALSE, NULL, NULL), ==, N_STRIPS + 1);
  mdo_pump (f, 100);
  g_assert_nonnull (mdo_find_msg (f, "/strip/5/fader", mark));

  /* unsubscribe: silence */
  mdo_send_msg (f, "/unsubscribe", lo_message_new ());
  mdo_pump (f, 30);
  mark = f->msgs->len;
  g_assert_true (md_session_set (f->session, "/strip/3/pan", -0.5, FALSE, NULL));
  mdo_pump (f, 100);
  g_assert_cmpuint (f->msgs->len, ==, mark);
}

static void
test_lease_expiry (Fixture       *f,
                   gconstpointer  data)
{
  lo_message m;
  guint mark;
  MdOscStats stats;

  (void)data;
  m = lo_message_new ();
  lo_message_add_float (m, 0.3f);
  mdo_send_msg (f, "/subscribe", m);
  g_assert_nonnull (mdo_wait_msg (f, "/strip/1/fader"));
  g_assert_true (md_session_set (f->session, "/strip/1/fader", -1, FALSE, NULL));
  mdo_pump (f, 100);
  g_assert_nonnull (mdo_find_msg (f, "/strip/1/fader/norm", 0));

  /* renewal keeps it (no second dump) */
  mark = f->msgs->len;
  m = lo_message_new ();
  lo_message_add_float (m, 0.3f);
  mdo_send_msg (f, "/subscribe", m);
  mdo_pump (f, 200);
  g_assert_null (mdo_find_msg (f, "/strip/4/fader", mark));
  g_assert_true (md_session_set (f->session, "/strip/1/fader", -2, FALSE, NULL));
  mdo_pump (f, 60);
  g_assert_nonnull (mdo_find_msg (f, "/strip/1/fader", mark));

  /* then let it run out */
  mdo_pump (f, 400);
  md_osc_get_stats (f->osc, &stats);
  g_assert_cmpuint (stats.n_subscribers, ==, 0);
  mark = f->msgs->len;
  g_assert_true (md_session_set (f->session, "/strip/1/fader", -3, FALSE, NULL));
  mdo_pump (f, 100);
  g_assert_cmpuint (f->msgs->len, ==, mark);
}

static void
test_coalescing (Fixture       *f,
                 gconstpointer  data)
{
  guint n;
  Msg *last = NULL;

  (void)data;
  mdo_send_msg (f, "/subscribe", lo_message_new ());
  g_assert_nonnull (mdo_wait_msg (f, "/strip/4/pan/norm"));
  mdo_pump (f, 50);
  g_ptr_array_set_size (f->msgs, 0);

  /* 100 changes in 50 ms, the main loop running between them */
  for (guint i = 0; i < 100; i++)
    {
      g_assert_true (md_session_set (f->session, "/strip/1/fader", -40.0 + i * 0.25, FALSE, NULL));
      g_usleep (500);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      while (lo_server_recv_noblock (f->client, 0) > 0)
        ;
    }
  mdo_pump (f, 150);
  n = mdo_count_msgs (f, "/strip/1/fader");
  g_test_message ("100 changes in ~50 ms gave %u messages", n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, 4);
  for (guint i = 0; i < f->msgs->len; i++)
    if (strcmp (((Msg *)g_ptr_array_index (f->msgs, i))->path, "/strip/1/fader") == 0)
      last = g_ptr_array_index (f->msgs, i);
  /* the latest value wins */
  g_assert_cmpfloat_with_epsilon (last->num[0], -40.0 + 99 * 0.25, 1e-5);
}

static guint32
le32 (const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static float
lef (const guint8 *p)
{
  guint32 bits = le32 (p);
  float v;

  memcpy (&v, &bits, 4);
  return v;
}

static void
test_meters (Fixture       *f,
             gconstpointer  data)
{
  lo_message m;
  Msg *r;
  const guint8 *b;
  gsize len;
  guint ns, nb, off;
  MdOscStats stats;

  (void)data;
  m = lo_message_new ();
  lo_message_add_int32 (m, 1);
  lo_message_add_int32 (m, 50);
  mdo_send_msg (f, "/meters/subscribe", m);
  r = mdo_wait_msg (f, "/meters");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->types, ==, "b");
  b = g_bytes_get_data (r->blob, &len);
  g_assert_cmpuint (len, >=, 16);
  g_assert_cmpmem (b, 4, "MDMT", 4);
  g_assert_cmpuint (le32 (b + 4), ==, MD_OSC_METER_VERSION);
  ns = b[12] | b[13] << 8;
  nb = b[14] | b[15] << 8;
  g_assert_cmpuint (ns, ==, N_STRIPS);
  g_assert_cmpuint (nb, ==, 2);
  g_assert_cmpuint (len, ==, 16 + 16 * (ns + nb + 1) + 24);
  for (guint s = 0; s < ns; s++)
    {
      g_assert_cmpfloat (lef (b + 16 + 16 * s), ==, -(float)(s + 1));
      g_assert_cmpfloat (lef (b + 16 + 16 * s + 4), ==, -(float)(s + 1) - 0.5f);
      g_assert_cmpfloat (lef (b + 16 + 16 * s + 8), ==, -(float)(s + 1) - 10.0f);
    }
  off = 16 + 16 * ns;
  g_assert_cmpfloat (lef (b + off + 16), ==, -31.0f);
  off += 16 * nb;
  g_assert_cmpfloat (lef (b + off), ==, MD_OSC_METER_FLOOR_DB);
  off += 16;
  g_assert_cmpfloat (lef (b + off), ==, -23.0f);
  g_assert_true (isnan (lef (b + off + 8)));
  g_assert_cmpfloat_with_epsilon (lef (b + off + 20), 0.9f, 1e-6);

  /* a fixed rate: ~50 Hz for 300 ms */
  g_ptr_array_set_size (f->msgs, 0);
  mdo_pump (f, 300);
  g_test_message ("meters in 300 ms at 50 Hz: %u", mdo_count_msgs (f, "/meters"));
  g_assert_cmpuint (mdo_count_msgs (f, "/meters"), >=, 8);
  g_assert_cmpuint (mdo_count_msgs (f, "/meters"), <=, 18);

  /* the lease runs out after 1 s */
  mdo_pump (f, 900);
  g_ptr_array_set_size (f->msgs, 0);
  mdo_pump (f, 200);
  g_assert_cmpuint (mdo_count_msgs (f, "/meters"), ==, 0);
  md_osc_get_stats (f->osc, &stats);
  g_assert_cmpuint (stats.n_meter_subscribers, ==, 0);

  /* format 1: messages a tablet widget can take directly */
  m = lo_message_new ();
  lo_message_add_int32 (m, 1);
  lo_message_add_int32 (m, 20);
  lo_message_add_int32 (m, 1);
  mdo_send_msg (f, "/meters/subscribe", m);
  r = mdo_wait_msg (f, "/strip/3/meter");
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, -3.0f);
  g_assert_nonnull (mdo_wait_msg (f, "/strip/3/meter/norm"));
  r = mdo_wait_msg (f, "/master/loudness/momentary");
  g_assert_nonnull (r);
  g_assert_cmpfloat (r->num[0], ==, -23.0f);
  mdo_send_msg (f, "/meters/unsubscribe", lo_message_new ());
  mdo_pump (f, 30);
  md_osc_get_stats (f->osc, &stats);
  g_assert_cmpuint (stats.n_meter_subscribers, ==, 0);
}

/* ---------------------------------------------------------------------- */
/* robustness */

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/osc/" name, Fixture, NULL, mdo_fixture_setup, func, mdo_fixture_teardown)
  ADD ("ping", test_ping);
  ADD ("set-query", test_set_query);
  ADD ("types", test_types);
  ADD ("errors", test_errors);
  ADD ("structure", test_structure);
  ADD ("spec", test_spec);
  ADD ("subscribe", test_subscribe);
  ADD ("lease-expiry", test_lease_expiry);
  ADD ("coalescing", test_coalescing);
  ADD ("meters", test_meters);
#undef ADD
  return g_test_run ();
}
