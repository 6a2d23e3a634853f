/* md-osc-test-util.h: the fixture shared by the OSC tests.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <lo/lo.h>

#include "osc/md-osc.h"
#include "session/md-session-file.h"

#define N_STRIPS 4

typedef struct
{
  char *path;
  char *types;
  double num[4];
  char *str[4];
  GBytes *blob;
} Msg;

typedef struct
{
  MdSession *session;
  MdOsc *osc;
  lo_server client;          /* receives replies; sends from its own port */
  lo_address server;
  GPtrArray *msgs;           /* Msg */
  guint n_saves;
  guint n_play, n_stop, n_locate;
  gint64 last_frame;
  guint n_meter_reads;
} Fixture;

/* liblo callbacks: record every reply into FIXTURE->msgs */
int             mdo_record_cb          (const char        *path,
                                        const char        *types,
                                        lo_arg           **argv,
                                        int                argc,
                                        lo_message         msg,
                                        void              *data);
void            mdo_lo_error_cb        (int                num,
                                        const char        *msg,
                                        const char        *where);

/* Server on port 0 of 127.0.0.1 with save, transport and meter callbacks,
 * a session of N_STRIPS strips and 2 buses, and a liblo client. */
void            mdo_fixture_config     (Fixture           *f,
                                        MdOscConfig       *cfg);
void            mdo_fixture_setup_with (Fixture           *f,
                                        const MdOscConfig *cfg);
void            mdo_fixture_setup      (Fixture           *f,
                                        gconstpointer      data);
void            mdo_fixture_teardown   (Fixture           *f,
                                        gconstpointer      data);

/* Run the main loop and the client for MS milliseconds. */
void            mdo_pump               (Fixture           *f,
                                        guint              ms);
Msg            *mdo_find_msg           (Fixture           *f,
                                        const char        *path,
                                        guint              from);
guint           mdo_count_msgs         (Fixture           *f,
                                        const char        *path);
/* Pump until a message to PATH arrives (at most 2 s); NULL if none. */
Msg            *mdo_wait_msg           (Fixture           *f,
                                        const char        *path);
/* Send M (taken) from the client's own port. */
void            mdo_send_msg           (Fixture           *f,
                                        const char        *path,
                                        lo_message         m);
double          mdo_get                (MdSession         *s,
                                        const char        *path);
Msg            *mdo_query              (Fixture           *f,
                                        const char        *path);
/* Send M and assert an "/error PATH reason" comes back. */
void            mdo_expect_error       (Fixture           *f,
                                        const char        *path,
                                        lo_message         m);

/* Raw UDP, non-blocking, bound to BIND_IP:0. */
GSocket        *mdo_raw_socket         (const char        *bind_ip);
GSocketAddress *mdo_server_addr        (Fixture           *f);
void            mdo_raw_send           (GSocket           *s,
                                        GSocketAddress    *to,
                                        const void        *data,
                                        gsize              len);
void            mdo_raw_send_message   (GSocket           *s,
                                        GSocketAddress    *to,
                                        const char        *path,
                                        lo_message         m);
gsize           mdo_drain              (GSocket           *s);
void            mdo_run_loop_idle      (void);
