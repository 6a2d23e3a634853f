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
  const char *const *connects;       /* --connect OURPORT=CLIENT:PORT */
  const char *save_file;             /* --save FILE, written on exit */
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
} MdLiveOptions;

int  md_live_run  (const MdLiveOptions *options);
/* `mixdesk [--headless] [SESSION] [options]`: ARGV[0] is the program. */
int  md_live_cmd  (int argc, char **argv);

G_END_DECLS
