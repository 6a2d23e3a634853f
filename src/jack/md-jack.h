/* md-jack.h: the JACK client — ports, process callback, transport,
 * latency, xruns, connections, server loss and reconnection.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: every function here is for the main thread. The JACK process
 * callback (RT) reads only atomics and immutable data: the engine pointer,
 * the port table (one atomic pointer per channel) and calls
 * md_engine_process. JACK's notification thread only sets atomic flags and
 * wakes the main loop; md_jack_dispatch() does the work on the main thread.
 */
#pragma once

#include <glib.h>

#include "md-engine.h"

G_BEGIN_DECLS

#define MD_JACK_ERROR (md_jack_error_quark ())

typedef enum
{
  MD_JACK_ERROR_NO_SERVER,   /* no JACK server is running */
  MD_JACK_ERROR_FAILED,      /* the server refused (name taken, ...) */
  MD_JACK_ERROR_PORT,        /* a port could not be registered/renamed */
  MD_JACK_ERROR_START        /* --start-jack: jackd could not be started */
} MdJackError;

/* Input channel C of strip engine id I is 2 * I + C (stable over reorders). */
#define MD_JACK_MAX_INPUTS (2 * MD_MAX_STRIPS)

typedef struct
{
  gboolean connected;        /* a client is open on a live server */
  guint32 sample_rate;
  guint32 buffer_size;
  float dsp_load;            /* percent, from the server */
  guint64 xruns;             /* since the client opened (over reconnects) */
  gboolean rolling;          /* transport */
  guint64 frame;             /* transport position */
  guint64 cycles;            /* process cycles run */
  guint reconnects;          /* successful reconnections after server loss */
} MdJackStatus;

typedef struct _MdJack MdJack;

typedef void (*MdJackNotify) (MdJack *jack, gpointer user_data);

GQuark       md_jack_error_quark     (void);

MdJack      *md_jack_new             (const char  *client_name,
                                      const char  *server_name);
void         md_jack_free            (MdJack      *jack);

/* Open the client (never autostarts a server) and register the fixed
 * outputs (master_L/R, monitor_L/R). */
gboolean     md_jack_open            (MdJack      *jack,
                                      GError     **error);
/* Deactivate and close; keeps the port table and saved connections so a
 * later md_jack_open restores both. */
void         md_jack_close           (MdJack      *jack);
gboolean     md_jack_is_open         (MdJack      *jack);
const char  *md_jack_get_client_name (MdJack      *jack);

/* The engine the process callback runs (NULL: outputs silent). The
 * engine's sample rate must be the server's. Set it before activating or
 * while running: the swap is atomic, the old engine is no longer touched
 * once md_jack_set_engine returns (it waits one cycle). */
void         md_jack_set_engine      (MdJack      *jack,
                                      MdEngine    *engine);
gboolean     md_jack_activate        (MdJack      *jack,
                                      GError     **error);

/* Register, rename (NAME differs) or unregister (NAME NULL) the input
 * port of CHANNEL. Names are short port names ("Vocal_L"). */
gboolean     md_jack_set_input       (MdJack      *jack,
                                      guint        channel,
                                      const char  *name,
                                      GError     **error);
/* Foreign full port names connected to our input CHANNEL as last seen
 * (the saved table, rescanned on connection changes): borrowed, NULL
 * when there are none. Main thread. */
GPtrArray   *md_jack_get_input_connections (MdJack  *jack,
                                            guint    channel);
const char  *md_jack_get_input_name  (MdJack      *jack,
                                      guint        channel);
/* Register, rename or unregister (NAME NULL) the direct output of strip
 * channel CHANNEL (2 id + c), engine output MD_OUT_DIRECT_BASE + CHANNEL. */
gboolean     md_jack_set_direct_output (MdJack    *jack,
                                        guint      channel,
                                        const char *name,
                                        GError   **error);
const char  *md_jack_get_direct_output_name (MdJack *jack,
                                             guint   channel);
/* Output ports for buses 1..N_BUSES ("bus1_L", ...). */
gboolean     md_jack_set_bus_outputs (MdJack      *jack,
                                      guint        n_buses,
                                      GError     **error);

/* Connections of our ports: "short port name" -> foreign full names.
 * md_jack_get_connections returns a new table (GHashTable of
 * char* -> GPtrArray of char*). Saved connections are restored on open,
 * on reconnect and whenever a port appears. */
GHashTable  *md_jack_get_connections (MdJack      *jack);
void         md_jack_set_saved_connections (MdJack     *jack,
                                            GHashTable *connections);
/* Connect our port OURS (short name) to FOREIGN (full name) and remember it. */
gboolean     md_jack_connect         (MdJack      *jack,
                                      const char  *ours,
                                      const char  *foreign,
                                      GError     **error);

/* Disconnect our port OURS (short name) from everything and forget its
 * saved connections. */
gboolean     md_jack_disconnect_all  (MdJack      *jack,
                                      const char  *ours,
                                      GError     **error);

/* Audio output ports a strip input can be connected to (full names,
 * "system:capture_1"), sorted: physical ones first, then other clients'
 * in name order; never our own. With OUTPUTS_OF_OTHERS FALSE only the
 * physical (capture) ports. Main thread (jack_get_ports); an empty array
 * when the client is not open. */
GPtrArray   *md_jack_list_ports      (MdJack      *jack,
                                      gboolean     outputs_of_others);
/* Audio input ports our outputs (the master) can feed ("system:playback_1"),
 * sorted the same way: physical ones first, then other clients'; never
 * our own. Main thread; an empty array when the client is not open. */
GPtrArray   *md_jack_list_destinations (MdJack    *jack);

/* The strip name for a pick of N_PORTS (1 or 2) full port names:
 * "system:capture_3" -> "capture_3"; a pair -> "capture_3+4" when only
 * their trailing numbers differ, else the first port's short name. */
char        *md_jack_pick_name       (const char *const *ports,
                                      guint        n_ports);
/* Transport */
void         md_jack_transport_play  (MdJack      *jack);
void         md_jack_transport_stop  (MdJack      *jack);
void         md_jack_transport_locate (MdJack     *jack,
                                       guint64     frame);

/* An RT hook run in every cycle before the engine: it may replace input
 * channel buffers (file sources feed strips this way). IN has N_IN
 * entries (port buffers or NULL); ROLLING and FRAME are the transport's.
 * It must be RT-safe. Set it before activating, or with the client
 * stopped (md_jack_set_input_hook waits one cycle after the change). */
typedef void (*MdJackInputHook) (gpointer user_data, const float **in, unsigned n_in,
                                 guint32 n_frames, gboolean rolling, guint64 frame);
void         md_jack_set_input_hook  (MdJack          *jack,
                                      MdJackInputHook  hook,
                                      gpointer         user_data,
                                      unsigned         n_channels);

/* Engine processing latency in frames, reported through the latency
 * callback. */
void         md_jack_set_latency     (MdJack      *jack,
                                      guint32      frames);

void         md_jack_get_status      (MdJack      *jack,
                                      MdJackStatus *status);

/* Run from the main loop (e.g. every 100 ms): handles server loss
 * (reports once, retries every second, reopens, re-registers every port,
 * restores connections), port and connection changes. Returns TRUE when
 * something changed that observers should see. */
gboolean     md_jack_dispatch        (MdJack      *jack);
/* Called (main thread) when the server is lost / back. */
void         md_jack_set_notify      (MdJack      *jack,
                                      MdJackNotify lost,
                                      MdJackNotify back,
                                      gpointer     user_data);

/* --start-jack: start a private jackd (ALSA backend when a sound card
 * exists, the dummy backend otherwise) named SERVER_NAME and wait until it
 * accepts clients. Returns its pid (> 0) or 0 with ERROR set. */
GPid         md_jack_start_server    (const char  *server_name,
                                      guint32      sample_rate,
                                      guint32      period,
                                      const char  *log_path,
                                      GError     **error);
void         md_jack_stop_server     (GPid         pid);
/* TRUE when a server of that name accepts clients now. */
gboolean     md_jack_server_running  (const char  *server_name);

G_END_DECLS
