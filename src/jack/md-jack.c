/* md-jack.c: the JACK client.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "md-jack.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <jack/jack.h>
#include <jack/transport.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_FIXED_OUT MD_OUT_BUS_BASE
#define MAX_OUT MD_OUT_MAX

static const char *const fixed_out_names[N_FIXED_OUT] = {
  "master_L", "master_R", "monitor_L", "monitor_R"
};

struct _MdJack
{
  char *client_name;
  char *server_name;
  jack_client_t *client;
  gboolean active;

  /* shared with the process callback */
  _Atomic (MdEngine *) engine;
  _Atomic (jack_port_t *) in_ports[MD_JACK_MAX_INPUTS];
  _Atomic (jack_port_t *) out_ports[MAX_OUT];
  atomic_uint n_in_used;
  atomic_uint n_out_used;
  atomic_uint_least64_t cycles;
  atomic_uint_least64_t frame;
  atomic_bool rolling;
  _Atomic (MdJackInputHook) hook;
  _Atomic (gpointer) hook_data;
  atomic_uint hook_channels;    /* channels the hook may fill (n_in at least this) */
  /* RT scratch: port buffers of the current cycle */
  const float *rt_in[MD_JACK_MAX_INPUTS];
  float *rt_out[MAX_OUT];

  /* set by JACK's notification thread */
  atomic_bool server_lost;
  atomic_bool ports_appeared;
  atomic_bool connections_changed;
  atomic_uint_least64_t xruns;
  atomic_uint buffer_size;
  atomic_uint latency;

  /* main thread */
  char *in_names[MD_JACK_MAX_INPUTS];
  char *direct_names[2 * MD_MAX_STRIPS];   /* output MD_OUT_DIRECT_BASE + k */
  guint n_bus_out;
  GHashTable *saved;          /* short name -> GPtrArray of foreign full names */
  gint64 last_try_us;
  gboolean lost_reported;
  guint reconnects;
  MdJackNotify on_lost, on_back;
  gpointer notify_data;
};

G_DEFINE_QUARK (md-jack-error-quark, md_jack_error)

/* every MdJack of this process (main thread only), see close_zombies() */
static GList *instances;

/* ------------------------------------------------------------------ */
/* callbacks: RT */

static int
process_cb (jack_nframes_t n, void *arg)
{
  MdJack *j = arg;
  MdEngine *e = atomic_load_explicit (&j->engine, memory_order_acquire);
  unsigned n_in = atomic_load_explicit (&j->n_in_used, memory_order_acquire);
  unsigned n_out = atomic_load_explicit (&j->n_out_used, memory_order_acquire);
  jack_position_t pos;
  jack_transport_state_t st;

  MdJackInputHook hook = atomic_load_explicit (&j->hook, memory_order_acquire);
  unsigned hook_ch = atomic_load_explicit (&j->hook_channels, memory_order_acquire);

  if (hook && hook_ch > n_in)
    n_in = hook_ch;
  for (unsigned c = 0; c < n_in; c++)
    {
      jack_port_t *p = atomic_load_explicit (&j->in_ports[c], memory_order_acquire);
      j->rt_in[c] = p ? jack_port_get_buffer (p, n) : NULL;
    }
  for (unsigned c = 0; c < n_out; c++)
    {
      jack_port_t *p = atomic_load_explicit (&j->out_ports[c], memory_order_acquire);
      j->rt_out[c] = p ? jack_port_get_buffer (p, n) : NULL;
    }

  st = jack_transport_query (j->client, &pos);
  atomic_store_explicit (&j->frame, pos.frame, memory_order_relaxed);
  atomic_store_explicit (&j->rolling, st == JackTransportRolling, memory_order_relaxed);
  if (hook)
    hook (atomic_load_explicit (&j->hook_data, memory_order_acquire), j->rt_in, n_in, n,
          st == JackTransportRolling, pos.frame);

  if (e)
    {
      md_engine_set_transport (e, st == JackTransportRolling, pos.frame);
      md_engine_process (e, j->rt_in, n_in, j->rt_out, n_out, n);
    }
  else
    for (unsigned c = 0; c < n_out; c++)
      if (j->rt_out[c])
        memset (j->rt_out[c], 0, n * sizeof (float));

  atomic_fetch_add_explicit (&j->cycles, 1, memory_order_release);
  return 0;
}

static void
thread_init_cb (void *arg)
{
  (void) arg;
  md_engine_thread_init ();
}

/* ------------------------------------------------------------------ */
/* callbacks: JACK's notification thread (flags only) */

static void
shutdown_cb (jack_status_t code, const char *reason, void *arg)
{
  MdJack *j = arg;
  (void) code;
  (void) reason;
  atomic_store (&j->server_lost, true);
  g_main_context_wakeup (NULL);
}

static int
xrun_cb (void *arg)
{
  MdJack *j = arg;
  atomic_fetch_add (&j->xruns, 1);
  return 0;
}

static void
registration_cb (jack_port_id_t port, int registered, void *arg)
{
  MdJack *j = arg;
  (void) port;
  if (registered)
    atomic_store (&j->ports_appeared, true);
  atomic_store (&j->connections_changed, true);
  g_main_context_wakeup (NULL);
}

static void
connect_cb (jack_port_id_t a, jack_port_id_t b, int connect, void *arg)
{
  MdJack *j = arg;
  (void) a;
  (void) b;
  (void) connect;
  atomic_store (&j->connections_changed, true);
  g_main_context_wakeup (NULL);
}

static int
buffer_size_cb (jack_nframes_t n, void *arg)
{
  MdJack *j = arg;
  /* the engine takes any block size (it works in chunks of its own
   * max_block), so nothing needs resizing here */
  atomic_store (&j->buffer_size, n);
  return 0;
}

/* The largest latency range among FROM's ports plus our own, set on TO's
 * ports (capture: inputs to outputs; playback: outputs to inputs). */
static void
propagate_latency (jack_latency_callback_mode_t mode, _Atomic (jack_port_t *) *from, unsigned n_from,
                   _Atomic (jack_port_t *) *to, unsigned n_to, guint32 ours)
{
  jack_latency_range_t range = { UINT32_MAX, 0 }, r;
  gboolean any = FALSE;

  for (unsigned c = 0; c < n_from; c++)
    {
      jack_port_t *p = atomic_load (&from[c]);
      if (!p)
        continue;
      jack_port_get_latency_range (p, mode, &r);
      range.min = MIN (range.min, r.min);
      range.max = MAX (range.max, r.max);
      any = TRUE;
    }
  if (!any)
    range.min = range.max = 0;
  range.min += ours;
  range.max += ours;
  for (unsigned c = 0; c < n_to; c++)
    {
      jack_port_t *p = atomic_load (&to[c]);
      if (p)
        jack_port_set_latency_range (p, mode, &range);
    }
}

static void
latency_cb (jack_latency_callback_mode_t mode, void *arg)
{
  MdJack *j = arg;
  unsigned n_in = atomic_load (&j->n_in_used);
  unsigned n_out = atomic_load (&j->n_out_used);
  guint32 ours = atomic_load (&j->latency);

  if (mode == JackCaptureLatency)
    propagate_latency (mode, j->in_ports, n_in, j->out_ports, n_out, ours);
  else
    propagate_latency (mode, j->out_ports, n_out, j->in_ports, n_in, ours);
}

static void
quiet_error (const char *msg)
{
  g_debug ("jack: %s", msg);
}

/* ------------------------------------------------------------------ */
/* main thread */

static void
ptr_array_unref0 (gpointer p)
{
  if (p)
    g_ptr_array_unref (p);
}

static GHashTable *
new_connection_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ptr_array_unref0);
}

MdJack *
md_jack_new (const char *client_name, const char *server_name)
{
  MdJack *j = g_new0 (MdJack, 1);
  j->client_name = g_strdup (client_name && *client_name ? client_name : "mixdesk");
  j->server_name = g_strdup (server_name && *server_name ? server_name : NULL);
  j->saved = new_connection_table ();
  for (unsigned c = 0; c < MD_JACK_MAX_INPUTS; c++)
    atomic_init (&j->in_ports[c], NULL);
  for (unsigned c = 0; c < MAX_OUT; c++)
    atomic_init (&j->out_ports[c], NULL);
  atomic_init (&j->engine, NULL);
  atomic_init (&j->hook, NULL);
  atomic_init (&j->hook_data, NULL);
  atomic_init (&j->hook_channels, 0);
  atomic_init (&j->n_in_used, 0);
  atomic_init (&j->n_out_used, 0);
  atomic_init (&j->cycles, 0);
  atomic_init (&j->frame, 0);
  atomic_init (&j->rolling, false);
  atomic_init (&j->server_lost, false);
  atomic_init (&j->ports_appeared, false);
  atomic_init (&j->connections_changed, false);
  atomic_init (&j->xruns, 0);
  atomic_init (&j->buffer_size, 0);
  atomic_init (&j->latency, 0);
  jack_set_error_function (quiet_error);
  jack_set_info_function (quiet_error);
  instances = g_list_prepend (instances, j);
  return j;
}

void
md_jack_free (MdJack *j)
{
  if (j == NULL)
    return;
  md_jack_close (j);
  instances = g_list_remove (instances, j);
  for (unsigned c = 0; c < MD_JACK_MAX_INPUTS; c++)
    g_free (j->in_names[c]);
  for (unsigned k = 0; k < 2 * MD_MAX_STRIPS; k++)
    g_free (j->direct_names[k]);
  g_hash_table_unref (j->saved);
  g_free (j->client_name);
  g_free (j->server_name);
  g_free (j);
}

const char *
md_jack_get_client_name (MdJack *j)
{
  return j->client && jack_get_client_name (j->client) ? jack_get_client_name (j->client)
                                                        : j->client_name;
}

/* Every MdJack of this process (main thread only). When the server dies,
 * the next jack_client_open in the process makes libjack release the dead
 * server's clients behind our back, and a later jack_client_close on them
 * would touch freed memory: so every client of a lost server is closed
 * before any new client is opened. */


static void
close_zombies (void)
{
  for (GList *l = instances; l; l = l->next)
    {
      MdJack *j = l->data;
      if (j->client && atomic_load (&j->server_lost))
        md_jack_close (j);
    }
}

static jack_client_t *
open_client (const char *name, const char *server, jack_status_t *status)
{
  jack_options_t opts = JackNoStartServer;
  close_zombies ();
  if (server)
    return jack_client_open (name, opts | JackServerName, status, server);
  return jack_client_open (name, opts, status);
}

gboolean
md_jack_server_running (const char *server_name)
{
  jack_status_t st = 0;
  jack_client_t *c;
  jack_set_error_function (quiet_error);
  jack_set_info_function (quiet_error);
  c = open_client ("mixdesk-probe", server_name && *server_name ? server_name : NULL, &st);
  if (c == NULL)
    return FALSE;
  jack_client_close (c);
  return TRUE;
}

/* Wait until the process callback has run N more cycles (at most 500 ms:
 * a stalled server must not hang the main thread). */
static void
wait_cycles (MdJack *j, unsigned n)
{
  guint64 start;
  gint64 deadline;
  if (!j->client || !j->active || atomic_load (&j->server_lost))
    return;
  start = atomic_load_explicit (&j->cycles, memory_order_acquire);
  deadline = g_get_monotonic_time () + 500 * 1000;
  while (atomic_load_explicit (&j->cycles, memory_order_acquire) < start + n
         && g_get_monotonic_time () < deadline)
    g_usleep (500);
}

static jack_port_t *
register_port (MdJack *j, const char *name, gboolean input, GError **error)
{
  jack_port_t *p = jack_port_register (j->client, name, JACK_DEFAULT_AUDIO_TYPE,
                                       input ? JackPortIsInput : JackPortIsOutput, 0);
  if (p == NULL)
    g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT,
                 _("JACK refused to register the port “%s” (is the name taken or too long?)"), name);
  return p;
}

static void
update_n_in_used (MdJack *j)
{
  unsigned n = 0;
  for (unsigned c = 0; c < MD_JACK_MAX_INPUTS; c++)
    if (j->in_names[c])
      n = c + 1;
  atomic_store_explicit (&j->n_in_used, n, memory_order_release);
}

static void restore_connections (MdJack *j);

static unsigned
outputs_used (MdJack *j)
{
  unsigned n = N_FIXED_OUT + 2 * j->n_bus_out;
  for (unsigned k = 0; k < 2 * MD_MAX_STRIPS; k++)
    if (j->direct_names[k])
      n = MAX (n, MD_OUT_DIRECT_BASE + k + 1);
  return n;
}

static gboolean
register_outputs (MdJack *j, GError **error)
{
  unsigned n = N_FIXED_OUT + 2 * j->n_bus_out;
  for (unsigned c = 0; c < n; c++)
    {
      g_autofree char *name = NULL;
      jack_port_t *p;
      if (atomic_load (&j->out_ports[c]))
        continue;
      name = c < N_FIXED_OUT ? g_strdup (fixed_out_names[c])
                             : g_strdup_printf ("bus%u_%s", (c - N_FIXED_OUT) / 2 + 1,
                                                (c - N_FIXED_OUT) % 2 ? "R" : "L");
      p = register_port (j, name, FALSE, error);
      if (p == NULL)
        return FALSE;
      atomic_store_explicit (&j->out_ports[c], p, memory_order_release);
    }
  for (unsigned k = 0; k < 2 * MD_MAX_STRIPS; k++)
    if (j->direct_names[k] && atomic_load (&j->out_ports[MD_OUT_DIRECT_BASE + k]) == NULL)
      {
        jack_port_t *p = register_port (j, j->direct_names[k], FALSE, error);
        if (p == NULL)
          return FALSE;
        atomic_store_explicit (&j->out_ports[MD_OUT_DIRECT_BASE + k], p, memory_order_release);
      }
  atomic_store_explicit (&j->n_out_used, outputs_used (j), memory_order_release);
  return TRUE;
}

gboolean
md_jack_set_direct_output (MdJack *j, guint channel, const char *name, GError **error)
{
  unsigned k = MD_OUT_DIRECT_BASE + channel;
  jack_port_t *p;

  if (channel >= 2 * MD_MAX_STRIPS)
    {
      g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT, _("Output channel %u is out of range."), channel);
      return FALSE;
    }
  if (g_strcmp0 (name, j->direct_names[channel]) == 0)
    return TRUE;
  p = atomic_load (&j->out_ports[k]);
  if (name == NULL)
    {
      g_clear_pointer (&j->direct_names[channel], g_free);
      if (p)
        {
          atomic_store_explicit (&j->out_ports[k], NULL, memory_order_release);
          wait_cycles (j, 2);
          if (md_jack_is_open (j))
            jack_port_unregister (j->client, p);
        }
      atomic_store_explicit (&j->n_out_used, outputs_used (j), memory_order_release);
      return TRUE;
    }
  if (p && md_jack_is_open (j))
    {
      if (jack_port_rename (j->client, p, name) != 0)
        {
          g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT,
                       _("JACK refused to rename the port “%s” to “%s”."), j->direct_names[channel], name);
          return FALSE;
        }
    }
  else if (md_jack_is_open (j))
    {
      p = register_port (j, name, FALSE, error);
      if (p == NULL)
        return FALSE;
      atomic_store_explicit (&j->out_ports[k], p, memory_order_release);
    }
  g_free (j->direct_names[channel]);
  j->direct_names[channel] = g_strdup (name);
  atomic_store_explicit (&j->n_out_used, outputs_used (j), memory_order_release);
  if (md_jack_is_open (j) && j->active)
    restore_connections (j);
  return TRUE;
}

const char *
md_jack_get_direct_output_name (MdJack *j, guint channel)
{
  return channel < 2 * MD_MAX_STRIPS ? j->direct_names[channel] : NULL;
}

static gboolean
register_inputs (MdJack *j, GError **error)
{
  for (unsigned c = 0; c < MD_JACK_MAX_INPUTS; c++)
    if (j->in_names[c] && atomic_load (&j->in_ports[c]) == NULL)
      {
        jack_port_t *p = register_port (j, j->in_names[c], TRUE, error);
        if (p == NULL)
          return FALSE;
        atomic_store_explicit (&j->in_ports[c], p, memory_order_release);
      }
  update_n_in_used (j);
  return TRUE;
}

static void rescan_connections (MdJack *j);

gboolean
md_jack_open (MdJack *j, GError **error)
{
  jack_status_t st = 0;

  if (j->client)
    return TRUE;
  j->client = open_client (j->client_name, j->server_name, &st);
  if (j->client == NULL)
    {
      if (st & JackServerFailed)
        g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_NO_SERVER,
                     _("No JACK server is running%s%s%s. Start one (for example with "
                       "qjackctl or “jackd -d alsa”), or run mixdesk with --start-jack."),
                     j->server_name ? " (server “" : "", j->server_name ? j->server_name : "",
                     j->server_name ? "”)" : "");
      else
        g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_FAILED,
                     _("The JACK server refused the client “%s” (status 0x%x)."), j->client_name,
                     (unsigned) st);
      return FALSE;
    }
  atomic_store (&j->server_lost, false);
  atomic_store (&j->buffer_size, jack_get_buffer_size (j->client));
  jack_set_process_callback (j->client, process_cb, j);
  jack_set_thread_init_callback (j->client, thread_init_cb, j);
  jack_on_info_shutdown (j->client, shutdown_cb, j);
  jack_set_xrun_callback (j->client, xrun_cb, j);
  jack_set_port_registration_callback (j->client, registration_cb, j);
  jack_set_port_connect_callback (j->client, connect_cb, j);
  jack_set_buffer_size_callback (j->client, buffer_size_cb, j);
  jack_set_latency_callback (j->client, latency_cb, j);
  if (!register_outputs (j, error) || !register_inputs (j, error))
    {
      md_jack_close (j);
      return FALSE;
    }
  return TRUE;
}

gboolean
md_jack_activate (MdJack *j, GError **error)
{
  if (j->client == NULL)
    {
      g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_NO_SERVER, _("Not connected to JACK."));
      return FALSE;
    }
  if (j->active)
    return TRUE;
  if (jack_activate (j->client) != 0)
    {
      g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_FAILED, _("JACK could not activate the client."));
      return FALSE;
    }
  j->active = TRUE;
  restore_connections (j);
  rescan_connections (j);
  return TRUE;
}

void
md_jack_close (MdJack *j)
{
  if (j->client == NULL)
    return;
  if (j->active && !atomic_load (&j->server_lost))
    jack_deactivate (j->client);
  j->active = FALSE;
  jack_client_close (j->client);
  j->client = NULL;
  for (unsigned c = 0; c < MD_JACK_MAX_INPUTS; c++)
    atomic_store (&j->in_ports[c], NULL);
  for (unsigned c = 0; c < MAX_OUT; c++)
    atomic_store (&j->out_ports[c], NULL);
  atomic_store (&j->n_in_used, 0);
  atomic_store (&j->n_out_used, 0);
}

gboolean
md_jack_is_open (MdJack *j)
{
  return j->client != NULL && !atomic_load (&j->server_lost);
}

void
md_jack_set_input_hook (MdJack *j, MdJackInputHook hook, gpointer data, unsigned n_channels)
{
  atomic_store_explicit (&j->hook, NULL, memory_order_release);
  wait_cycles (j, 2);
  atomic_store_explicit (&j->hook_data, data, memory_order_release);
  atomic_store_explicit (&j->hook_channels, MIN (n_channels, MD_JACK_MAX_INPUTS), memory_order_release);
  atomic_store_explicit (&j->hook, hook, memory_order_release);
}

void
md_jack_set_engine (MdJack *j, MdEngine *engine)
{
  atomic_store_explicit (&j->engine, engine, memory_order_release);
  /* the cycle that may still hold the old pointer ends before we return */
  wait_cycles (j, 2);
}

gboolean
md_jack_set_input (MdJack *j, guint channel, const char *name, GError **error)
{
  jack_port_t *p;

  if (channel >= MD_JACK_MAX_INPUTS)
    {
      g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT, _("Input channel %u is out of range."), channel);
      return FALSE;
    }
  if (g_strcmp0 (name, j->in_names[channel]) == 0)
    return TRUE;
  p = atomic_load (&j->in_ports[channel]);

  if (name == NULL)
    {
      g_clear_pointer (&j->in_names[channel], g_free);
      update_n_in_used (j);
      if (p)
        {
          atomic_store_explicit (&j->in_ports[channel], NULL, memory_order_release);
          wait_cycles (j, 2);
          if (md_jack_is_open (j))
            jack_port_unregister (j->client, p);
        }
      return TRUE;
    }

  if (p && md_jack_is_open (j))
    {
      /* rename keeps the connections */
      if (jack_port_rename (j->client, p, name) != 0)
        {
          g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT,
                       _("JACK refused to rename the port “%s” to “%s”."), j->in_names[channel], name);
          return FALSE;
        }
      /* saved connections move with the port */
      {
        gpointer key, val;
        if (g_hash_table_steal_extended (j->saved, j->in_names[channel], &key, &val))
          {
            g_free (key);
            g_hash_table_insert (j->saved, g_strdup (name), val);
          }
      }
    }
  else if (md_jack_is_open (j))
    {
      p = register_port (j, name, TRUE, error);
      if (p == NULL)
        return FALSE;
      atomic_store_explicit (&j->in_ports[channel], p, memory_order_release);
    }
  g_free (j->in_names[channel]);
  j->in_names[channel] = g_strdup (name);
  update_n_in_used (j);
  if (md_jack_is_open (j) && j->active)
    restore_connections (j);
  return TRUE;
}

const char *
md_jack_get_input_name (MdJack *j, guint channel)
{
  return channel < MD_JACK_MAX_INPUTS ? j->in_names[channel] : NULL;
}

GPtrArray *
md_jack_get_input_connections (MdJack *j, guint channel)
{
  GPtrArray *list;

  if (channel >= MD_JACK_MAX_INPUTS || j->in_names[channel] == NULL)
    return NULL;
  list = g_hash_table_lookup (j->saved, j->in_names[channel]);
  return list != NULL && list->len > 0 ? list : NULL;
}

gboolean
md_jack_set_bus_outputs (MdJack *j, guint n_buses, GError **error)
{
  n_buses = MIN (n_buses, MD_MAX_BUSES);
  if (n_buses < j->n_bus_out)
    {
      unsigned n = N_FIXED_OUT + 2 * n_buses;
      jack_port_t *old[MD_OUT_DIRECT_BASE] = { NULL };
      for (unsigned c = n; c < MD_OUT_DIRECT_BASE; c++)
        old[c] = atomic_exchange (&j->out_ports[c], NULL);
      wait_cycles (j, 2);
      if (md_jack_is_open (j))
        for (unsigned c = n; c < MD_OUT_DIRECT_BASE; c++)
          if (old[c])
            jack_port_unregister (j->client, old[c]);
      j->n_bus_out = n_buses;
      atomic_store_explicit (&j->n_out_used, outputs_used (j), memory_order_release);
      return TRUE;
    }
  j->n_bus_out = n_buses;
  if (!md_jack_is_open (j))
    return TRUE;
  return register_outputs (j, error);
}

/* ------------------------------------------------------------------ */
/* connections */

static gboolean
str_in_array (GPtrArray *a, const char *s)
{
  for (guint i = 0; a && i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), s) == 0)
      return TRUE;
  return FALSE;
}

/* every short name of ours */
static GPtrArray *
our_port_names (MdJack *j)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  unsigned n_out = N_FIXED_OUT + 2 * j->n_bus_out;
  for (unsigned c = 0; c < n_out; c++)
    g_ptr_array_add (names, c < N_FIXED_OUT ? g_strdup (fixed_out_names[c])
                                            : g_strdup_printf ("bus%u_%s", (c - N_FIXED_OUT) / 2 + 1,
                                                               (c - N_FIXED_OUT) % 2 ? "R" : "L"));
  for (unsigned c = 0; c < MD_JACK_MAX_INPUTS; c++)
    if (j->in_names[c])
      g_ptr_array_add (names, g_strdup (j->in_names[c]));
  for (unsigned k = 0; k < 2 * MD_MAX_STRIPS; k++)
    if (j->direct_names[k])
      g_ptr_array_add (names, g_strdup (j->direct_names[k]));
  return names;
}

static char *
full_name (MdJack *j, const char *short_name)
{
  return g_strdup_printf ("%s:%s", md_jack_get_client_name (j), short_name);
}

/* saved = current connections, plus saved ones whose foreign port is
 * absent now (they come back when that port appears) */
static void
rescan_connections (MdJack *j)
{
  g_autoptr (GPtrArray) names = NULL;
  GHashTable *next;

  if (!md_jack_is_open (j))
    return;
  names = our_port_names (j);
  next = new_connection_table ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *s = g_ptr_array_index (names, i);
      g_autofree char *full = full_name (j, s);
      jack_port_t *p = jack_port_by_name (j->client, full);
      GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
      GPtrArray *old = g_hash_table_lookup (j->saved, s);
      if (p)
        {
          const char **conn = jack_port_get_all_connections (j->client, p);
          for (int k = 0; conn && conn[k]; k++)
            g_ptr_array_add (list, g_strdup (conn[k]));
          jack_free (conn);
        }
      for (guint k = 0; old && k < old->len; k++)
        {
          const char *f = g_ptr_array_index (old, k);
          if (!str_in_array (list, f) && jack_port_by_name (j->client, f) == NULL)
            g_ptr_array_add (list, g_strdup (f));
        }
      if (list->len)
        g_hash_table_insert (next, g_strdup (s), list);
      else
        g_ptr_array_unref (list);
    }
  /* keep saved entries of ports we do not have right now */
  {
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init (&it, j->saved);
    while (g_hash_table_iter_next (&it, &key, &val))
      if (!g_hash_table_contains (next, key))
        {
          gboolean ours = FALSE;
          for (guint i = 0; i < names->len; i++)
            ours |= g_strcmp0 (g_ptr_array_index (names, i), key) == 0;
          if (!ours)
            g_hash_table_insert (next, g_strdup (key), g_ptr_array_ref (val));
        }
  }
  g_hash_table_unref (j->saved);
  j->saved = next;
}

static void
restore_connections (MdJack *j)
{
  GHashTableIter it;
  gpointer key, val;

  if (!md_jack_is_open (j) || !j->active)
    return;
  g_hash_table_iter_init (&it, j->saved);
  while (g_hash_table_iter_next (&it, &key, &val))
    {
      GPtrArray *list = val;
      g_autofree char *ours = full_name (j, key);
      jack_port_t *p = jack_port_by_name (j->client, ours);
      if (p == NULL)
        continue;
      for (guint k = 0; k < list->len; k++)
        {
          const char *f = g_ptr_array_index (list, k);
          jack_port_t *fp = jack_port_by_name (j->client, f);
          if (fp == NULL || jack_port_connected_to (p, f))
            continue;
          if (jack_port_flags (p) & JackPortIsInput)
            jack_connect (j->client, f, ours);
          else
            jack_connect (j->client, ours, f);
        }
    }
}

GHashTable *
md_jack_get_connections (MdJack *j)
{
  GHashTable *copy = new_connection_table ();
  GHashTableIter it;
  gpointer key, val;
  g_hash_table_iter_init (&it, j->saved);
  while (g_hash_table_iter_next (&it, &key, &val))
    {
      GPtrArray *src = val, *dst = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < src->len; k++)
        g_ptr_array_add (dst, g_strdup (g_ptr_array_index (src, k)));
      g_hash_table_insert (copy, g_strdup (key), dst);
    }
  return copy;
}

void
md_jack_set_saved_connections (MdJack *j, GHashTable *connections)
{
  GHashTable *next = new_connection_table ();
  GHashTableIter it;
  gpointer key, val;
  if (connections)
    {
      g_hash_table_iter_init (&it, connections);
      while (g_hash_table_iter_next (&it, &key, &val))
        {
          GPtrArray *src = val, *dst = g_ptr_array_new_with_free_func (g_free);
          for (guint k = 0; k < src->len; k++)
            g_ptr_array_add (dst, g_strdup (g_ptr_array_index (src, k)));
          g_hash_table_insert (next, g_strdup (key), dst);
        }
    }
  g_hash_table_unref (j->saved);
  j->saved = next;
  restore_connections (j);
}

static int
port_order_cmp (gconstpointer a, gconstpointer b)
{
  const char *pa = *(const char *const *) a;
  const char *pb = *(const char *const *) b;
  gboolean phys_a = pa[0] == '\x01', phys_b = pb[0] == '\x01';
  if (phys_a != phys_b)
    return phys_a ? -1 : 1;
  /* natural order keeps capture_2 before capture_10 */
  while (*pa != '\0' && *pb != '\0')
    {
      if (g_ascii_isdigit (*pa) && g_ascii_isdigit (*pb))
        {
          guint64 na = g_ascii_strtoull (pa, (char **) &pa, 10);
          guint64 nb = g_ascii_strtoull (pb, (char **) &pb, 10);
          if (na != nb)
            return na < nb ? -1 : 1;
          continue;
        }
      if (*pa != *pb)
        return (unsigned char) *pa < (unsigned char) *pb ? -1 : 1;
      pa++;
      pb++;
    }
  return (*pa != '\0') - (*pb != '\0');
}

/* Audio ports with FLAGS (JackPortIsOutput: sources, JackPortIsInput:
 * destinations), physical first, then (with OTHERS) other clients' */
static GPtrArray *
list_ports (MdJack *j, unsigned long flags, gboolean others)
{
  g_autoptr (GPtrArray) keyed = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *own_prefix = NULL;
  const char **names;

  if (!md_jack_is_open (j))
    return out;
  names = jack_get_ports (j->client, NULL, JACK_DEFAULT_AUDIO_TYPE, flags);
  if (names == NULL)
    return out;
  own_prefix = g_strconcat (jack_get_client_name (j->client), ":", NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      jack_port_t *p = jack_port_by_name (j->client, names[i]);
      gboolean phys = p != NULL && (jack_port_flags (p) & JackPortIsPhysical) != 0;
      if (g_str_has_prefix (names[i], own_prefix))
        continue;
      if (!phys && !others)
        continue;
      /* a leading \x01 sorts physical ports first; stripped below */
      g_ptr_array_add (keyed, g_strconcat (phys ? "\x01" : "\x02", names[i], NULL));
    }
  jack_free (names);
  g_ptr_array_sort (keyed, port_order_cmp);
  for (guint i = 0; i < keyed->len; i++)
    g_ptr_array_add (out, g_strdup ((const char *) keyed->pdata[i] + 1));
  return out;
}

GPtrArray *
md_jack_list_ports (MdJack *j, gboolean outputs_of_others)
{
  return list_ports (j, JackPortIsOutput, outputs_of_others);
}

GPtrArray *
md_jack_list_destinations (MdJack *j)
{
  return list_ports (j, JackPortIsInput, TRUE);
}

char *
md_jack_pick_name (const char *const *ports, guint n_ports)
{
  const char *a, *b;
  size_t la, lb, da, db;

  g_return_val_if_fail (ports != NULL && n_ports >= 1, NULL);
  a = strchr (ports[0], ':') ? strchr (ports[0], ':') + 1 : ports[0];
  if (n_ports < 2)
    return g_strdup (a);
  b = strchr (ports[1], ':') ? strchr (ports[1], ':') + 1 : ports[1];
  la = strlen (a);
  lb = strlen (b);
  for (da = la; da > 0 && g_ascii_isdigit (a[da - 1]); da--)
    ;
  for (db = lb; db > 0 && g_ascii_isdigit (b[db - 1]); db--)
    ;
  /* same client, same stem, both numbered */
  if (da < la && db < lb && da == db && strncmp (a, b, da) == 0
      && a - ports[0] == b - ports[1] && strncmp (ports[0], ports[1], (size_t) (a - ports[0])) == 0)
    return g_strdup_printf ("%s+%s", a, b + db);
  return g_strdup (a);
}

gboolean
md_jack_connect (MdJack *j, const char *ours, const char *foreign, GError **error)
{
  GPtrArray *list = g_hash_table_lookup (j->saved, ours);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (j->saved, g_strdup (ours), list);
    }
  if (!str_in_array (list, foreign))
    g_ptr_array_add (list, g_strdup (foreign));
  if (md_jack_is_open (j) && j->active)
    {
      g_autofree char *full = full_name (j, ours);
      jack_port_t *p = jack_port_by_name (j->client, full);
      int rc;
      if (p == NULL)
        {
          g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT, _("mixdesk has no port “%s”."), ours);
          return FALSE;
        }
      rc = (jack_port_flags (p) & JackPortIsInput) ? jack_connect (j->client, foreign, full)
                                                   : jack_connect (j->client, full, foreign);
      if (rc != 0 && rc != EEXIST)
        {
          g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT,
                       _("JACK could not connect “%s” and “%s”."), full, foreign);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
md_jack_disconnect_all (MdJack *j, const char *ours, GError **error)
{
  g_hash_table_remove (j->saved, ours);
  if (md_jack_is_open (j) && j->active)
    {
      g_autofree char *full = full_name (j, ours);
      jack_port_t *p = jack_port_by_name (j->client, full);
      if (p == NULL)
        {
          g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT, _("mixdesk has no port “%s”."), ours);
          return FALSE;
        }
      if (jack_port_disconnect (j->client, p) != 0)
        {
          g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT,
                       _("JACK could not disconnect “%s”."), full);
          return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* transport, latency, status */

void
md_jack_transport_play (MdJack *j)
{
  if (md_jack_is_open (j))
    jack_transport_start (j->client);
}

void
md_jack_transport_stop (MdJack *j)
{
  if (md_jack_is_open (j))
    jack_transport_stop (j->client);
}

void
md_jack_transport_locate (MdJack *j, guint64 frame)
{
  if (md_jack_is_open (j))
    jack_transport_locate (j->client, (jack_nframes_t) MIN (frame, G_MAXUINT32));
}

void
md_jack_set_latency (MdJack *j, guint32 frames)
{
  if (atomic_exchange (&j->latency, frames) != frames && md_jack_is_open (j))
    jack_recompute_total_latencies (j->client);
}

void
md_jack_get_status (MdJack *j, MdJackStatus *s)
{
  memset (s, 0, sizeof *s);
  s->connected = md_jack_is_open (j);
  if (s->connected)
    {
      s->sample_rate = jack_get_sample_rate (j->client);
      s->buffer_size = atomic_load (&j->buffer_size);
      s->dsp_load = jack_cpu_load (j->client);
    }
  s->xruns = atomic_load (&j->xruns);
  s->rolling = atomic_load (&j->rolling);
  s->frame = atomic_load (&j->frame);
  s->cycles = atomic_load (&j->cycles);
  s->reconnects = j->reconnects;
}

void
md_jack_set_notify (MdJack *j, MdJackNotify lost, MdJackNotify back, gpointer data)
{
  j->on_lost = lost;
  j->on_back = back;
  j->notify_data = data;
}

gboolean
md_jack_dispatch (MdJack *j)
{
  gboolean changed = FALSE;

  if (atomic_load (&j->server_lost) && !j->lost_reported)
    {
      /* close from the main thread, never from the callback's */
      md_jack_close (j);
      j->last_try_us = g_get_monotonic_time ();
      if (!j->lost_reported)
        {
          j->lost_reported = TRUE;
          if (j->on_lost)
            j->on_lost (j, j->notify_data);
        }
      return TRUE;
    }
  if (j->client == NULL && j->lost_reported)
    {
      gint64 now = g_get_monotonic_time ();
      if (now - j->last_try_us >= G_USEC_PER_SEC)
        {
          g_autoptr (GError) err = NULL;
          j->last_try_us = now;
          if (md_jack_open (j, &err) && md_jack_activate (j, &err))
            {
              j->lost_reported = FALSE;
              j->reconnects++;
              if (j->on_back)
                j->on_back (j, j->notify_data);
              return TRUE;
            }
          md_jack_close (j);
        }
      return FALSE;
    }
  if (!md_jack_is_open (j))
    return FALSE;
  if (atomic_exchange (&j->ports_appeared, false))
    {
      restore_connections (j);
      changed = TRUE;
    }
  if (atomic_exchange (&j->connections_changed, false))
    {
      rescan_connections (j);
      changed = TRUE;
    }
  return changed;
}

/* ------------------------------------------------------------------ */
/* --start-jack */

static gboolean
have_sound_card (void)
{
  g_autofree char *cards = NULL;
  if (!g_file_get_contents ("/proc/asound/cards", &cards, NULL, NULL))
    return FALSE;
  return strstr (cards, "no soundcards") == NULL && g_file_test ("/dev/snd", G_FILE_TEST_IS_DIR);
}

/* in the child, before exec: a private server dies with mixdesk, even
 * when mixdesk is killed */
static void
child_setup (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GPid
md_jack_start_server (const char *server_name, guint32 rate, guint32 period,
                      const char *log_path, GError **error)
{
  g_autofree char *jackd = g_find_program_in_path ("jackd");
  g_autofree char *rate_s = g_strdup_printf ("%u", rate ? rate : 48000);
  g_autofree char *period_s = g_strdup_printf ("%u", period ? period : 256);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  gboolean alsa = have_sound_card ();
  GPid pid = 0;
  int log_fd = -1;
  gint64 deadline;

  if (jackd == NULL)
    {
      g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_START,
                   _("--start-jack needs jackd, which is not installed (Debian: apt-get install jackd2)."));
      return 0;
    }
  g_ptr_array_add (argv, jackd);
  if (server_name)
    {
      g_ptr_array_add (argv, (char *) "-n");
      g_ptr_array_add (argv, (char *) server_name);
    }
  g_ptr_array_add (argv, alsa ? (char *) "-R" : (char *) "--no-realtime");
  g_ptr_array_add (argv, (char *) "-d");
  g_ptr_array_add (argv, alsa ? (char *) "alsa" : (char *) "dummy");
  g_ptr_array_add (argv, (char *) "-r");
  g_ptr_array_add (argv, rate_s);
  g_ptr_array_add (argv, (char *) "-p");
  g_ptr_array_add (argv, period_s);
  g_ptr_array_add (argv, NULL);

  log_fd = open (log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (!g_spawn_async_with_fds (NULL, (char **) argv->pdata, NULL,
                               G_SPAWN_DO_NOT_REAP_CHILD, child_setup, NULL, &pid,
                               -1, log_fd, log_fd, error))
    {
      if (log_fd >= 0)
        close (log_fd);
      return 0;
    }
  if (log_fd >= 0)
    close (log_fd);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      int status;
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_START,
                       _("jackd (%s backend) exited at once; see %s."), alsa ? "alsa" : "dummy",
                       log_path ? log_path : "its output");
          return 0;
        }
      if (md_jack_server_running (server_name))
        return pid;
      g_usleep (100 * 1000);
    }
  md_jack_stop_server (pid);
  g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_START,
               _("jackd did not accept clients within 10 s."));
  return 0;
}

void
md_jack_stop_server (GPid pid)
{
  gint64 deadline;
  if (pid <= 0)
    return;
  kill (pid, SIGTERM);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      if (waitpid (pid, NULL, WNOHANG) == pid)
        return;
      g_usleep (20 * 1000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
}
