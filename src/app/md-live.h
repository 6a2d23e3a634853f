/* md-live.h: live mode (JACK, headless).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MdLive MdLive;

typedef struct
{
  const char *session_file;          /* NULL: a new session */
  const char *const *strips;         /* --strip SOURCE */
  const char *const *sets;           /* --set PATH=VALUE */
  int n_buses;                       /* --buses N (-1: as the session has) */
  const char *const *connects;       /* --connect OURPORT=CLIENT:PORT */
  const char *save_file;             /* --save FILE, written on exit */
  gboolean recover;                  /* --recover: load a newer recovery file */
  int autosave_s;                    /* --autosave SECONDS (0: off, -1: 30 s) */
  gboolean leave_connections;        /* under NSM: connections are the manager's */
  const char *jack_name;             /* client name (NULL: mixdesk) */
  const char *jack_server;           /* server name (NULL: default) */
  gboolean start_jack;
  gboolean play;                     /* locate to 0 and start the transport */
  gboolean verbose;
  double quit_after_s;               /* 0: run until SIGINT/SIGTERM */
  guint rate, period;                /* for --start-jack */
  int osc_port;                      /* 0: no OSC */
  const char *osc_bind;
  const char *const *osc_allow;
  const char *const *osc_read_only;
  gboolean osc_tcp;
  /* called on SIGINT/SIGTERM and md_live_quit (NULL: end md_live_run's loop) */
  void (*quit_cb) (gpointer data);
  gpointer quit_data;
} MdLiveOptions;

/* Meters of the whole console, read from the engine at the tick rate
 * (30 Hz) by the live runtime, the one reader of the engine's
 * read-and-reset meters; views take copies from here. */
typedef struct
{
  guint n_strips;                    /* in console order */
  struct
  {
    float pre_peak[2], pre_rms[2];
    float post_peak[2], post_rms[2];
    float gate_db, comp_db;          /* gain reduction, dB >= 0 */
    gboolean silenced;               /* non-finite input */
  } strip[512];
  guint n_buses;
  struct
  {
    float peak[2], rms[2];
    float comp_db;
  } bus[16];
  float master_peak[2], master_rms[2];
  /* gain reduction of the master chain (dB >= 0, the maximum since the
   * previous frame): the multiband's bands (low, mid, high) and the
   * true-peak limiter (0 while it is out of the chain) */
  float master_mb_gr_db[3];
  float master_limiter_gr_db;
  float correlation;                 /* -1..+1 */
  float side_to_mid_db;              /* M/S balance */
  /* EBU R128 of the master (see md-loudness-live.h) */
  double momentary_lufs, short_term_lufs, integrated_lufs, lra_lu;
  double momentary_max_lufs, short_term_max_lufs, true_peak_dbtp;
  gboolean loudness_paused;
  /* the delivery target (/master/target) judged live */
  const char *target;                /* NULL: none */
  gboolean target_pass;              /* every criterion below passes */
  gboolean integrated_pass, true_peak_pass, short_term_pass;
  gboolean has_short_term_limit;
  double target_integrated_lufs;     /* NAN without a target */
  double target_tolerance_lu;
  double target_max_short_term_lufs; /* NAN: no limit */
  guint64 frame;                     /* transport position when read */
} MdLiveMeters;

/* Set up everything (session, JACK or a private jackd, engine, file
 * sources, OSC) and attach to the default main context; returns NULL with
 * ERROR set. The caller runs the main loop. */
MdLive      *md_live_new          (const MdLiveOptions *options,
                                   GError             **error);
void         md_live_free         (MdLive             *live);
struct _MdSession *md_live_get_session (MdLive        *live);
/* Latest meter frame (valid until the next tick). */
const MdLiveMeters *md_live_get_meters (MdLive        *live);
/* JACK state: connected, rate, period, DSP load, xruns, transport. */
/* The OSC server, NULL when OSC is off (for the window's status). */
struct _MdOsc *md_live_get_osc    (MdLive             *live);
void         md_live_get_jack_status (MdLive          *live,
                                      gpointer         status /* MdJackStatus* */);
void         md_live_transport    (MdLive             *live,
                                   const char         *what,     /* play, stop, locate */
                                   guint64             frame);
/* Save the session (with its JACK connections) to FILE. */
gboolean     md_live_save         (MdLive             *live,
                                   const char         *file,
                                   GError            **error);
/* What feeds STRIP's JACK input: the foreign ports connected to it
 * ("system:capture_1", "a:out_1 + b:out_1" for a stereo strip, several
 * on one channel joined by ", "), a new string, or NULL when nothing is
 * connected (or the strip does not exist). Main thread. */
char        *md_live_describe_strip_input (MdLive      *live,
                                           guint        strip);
/* Output ports of the JACK server (physical first, then other
 * clients'; never ours) a strip can take its input from: a new array of
 * full port names, empty without a server. Main thread. */
GPtrArray   *md_live_list_input_sources (MdLive       *live);
/* Input ports of the JACK server (physical first, then other clients')
 * the master can feed: a new array of full port names. Main thread. */
GPtrArray   *md_live_list_output_destinations (MdLive *live);
/* Connect the output pair OUTPUT ("master" or "monitor": OUTPUT_L and
 * OUTPUT_R) to LEFT and RIGHT (NULL: LEFT too), beside the connections
 * they have; the connections are copied into the session. Main thread. */
gboolean     md_live_connect_outputs (MdLive             *live,
                                      const char         *output,
                                      const char         *left,
                                      const char         *right,
                                      GError            **error);
/* Add a strip (stereo when N_PORTS is 2) named NAME (NULL: from the
 * ports) whose input channel c is connected to PORTS[c]; the connections
 * go into the session's saved ones. Returns the strip number, 0 with
 * ERROR set. */
guint        md_live_add_strip_from_ports (MdLive             *live,
                                           const char         *name,
                                           const char *const  *ports,
                                           guint               n_ports,
                                           GError            **error);
/* Feed strip STRIP from PORTS instead of what feeds it now (its settings
 * stay): a mono strip takes every port (JACK sums them), a stereo strip
 * one (both sides) or two (left, right); no port disconnects it. The
 * connections go into the session's saved ones. FALSE with ERROR set
 * (nothing changed when the arguments are wrong). */
gboolean     md_live_set_strip_input (MdLive             *live,
                                      guint               strip,
                                      const char *const  *ports,
                                      guint               n_ports,
                                      GError            **error);
/* Loudness meter of the master: reset I/LRA/max values, pause I/LRA. */
void         md_live_loudness_reset (MdLive           *live);
void         md_live_loudness_pause (MdLive           *live,
                                     gboolean          paused);
struct _MdAutosave *md_live_get_autosave (MdLive  *live);
/* Ask the main loop to end (what SIGINT/SIGTERM do). */
void         md_live_quit         (MdLive             *live);

/* Under NSM: the console of project PATH (PATH/session.mixdesk, created
 * when absent), JACK client named CLIENT_ID, connections left to the
 * session manager. *FILE_OUT (may be NULL) receives the session file. */
MdLive      *md_live_new_for_nsm  (const MdLiveOptions *base,
                                   const char         *path,
                                   const char         *client_id,
                                   char              **file_out,
                                   GError            **error);

/* Run headless: md_live_new, the main loop until quit, --save, free. */
int  md_live_run  (const MdLiveOptions *options);
/* `mixdesk [--headless] [SESSION] [options]`: ARGV[0] is the program. */
int  md_live_cmd  (int argc, char **argv);

G_END_DECLS
