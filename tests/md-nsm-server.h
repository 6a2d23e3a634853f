/* md-nsm-server.h: a small NSM server for the tests (liblo, UDP).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speaks the server side of NSM API 1.1: answers /nsm/server/announce
 * with /reply (":server-control:optional-gui:") or, for an API major other
 * than 1, /error -2; sends /nsm/client/open, save, show/hide_optional_gui
 * and session_is_loaded to the announced client; records what the client
 * sends. Runs in the default main context (its socket is watched).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* from the announce */
  int announces;
  char *app_name;
  char *capabilities;
  char *executable;
  int api_major, api_minor, pid;
  /* the last /reply or /error from the client */
  char *reply_to;
  char *reply_message;
  int error_code;             /* 0 after a /reply */
  int replies;
  /* state reported by the client: -1 unknown */
  int dirty;
  int gui_shown;
  int dirty_messages;
  GPtrArray *log;             /* every path received, in order */
} MdtNsmState;

typedef struct _MdtNsmServer MdtNsmServer;

MdtNsmServer  *mdt_nsm_server_new        (void);
void           mdt_nsm_server_free       (MdtNsmServer *server);
/* "osc.udp://HOST:PORT/" */
const char    *mdt_nsm_server_get_url    (MdtNsmServer *server);
MdtNsmState   *mdt_nsm_server_get_state  (MdtNsmServer *server);
/* Messages to the client that announced. */
void           mdt_nsm_server_open       (MdtNsmServer *server,
                                          const char   *path,
                                          const char   *display_name,
                                          const char   *client_id);
void           mdt_nsm_server_save       (MdtNsmServer *server);
void           mdt_nsm_server_show_gui   (MdtNsmServer *server,
                                          gboolean      show);
void           mdt_nsm_server_loaded     (MdtNsmServer *server);
/* Iterate the default main context until COUNTER (an int in the state)
 * reaches AT_LEAST, or TIMEOUT_MS passes. */
gboolean       mdt_nsm_server_wait       (MdtNsmServer *server,
                                          const int    *counter,
                                          int           at_least,
                                          guint         timeout_ms);

G_END_DECLS
