/* md-osc-private.h: shared by the files of src/osc.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * md-osc.c           the socket, access control, rate caps, bundles, life cycle
 * md-osc-dispatch.c  what each address does
 * md-osc-feedback.c  encoding and sending, leases, value feedback, meters
 * md-osc-tcp.c       OSC over TCP (optional)
 * md-osc-spec.c      the address space described (JSON, Markdown), CIDRs
 */
#pragma once

#include <lo/lo.h>

#include "md-osc.h"

G_BEGIN_DECLS

#define MD_OSC_MAX_DATAGRAM   65536
#define MD_OSC_MAX_PACKED     1400     /* bundles stay below a Wi-Fi MTU */
#define MD_OSC_MAX_NAME_BYTES 256

/* A command of the address space that is not a parameter. */
typedef struct
{
  const char *address;   /* N: a 1-based strip number */
  const char *args;      /* OSC type tags, [] around optional ones, "|" between choices */
  const char *reply;     /* what comes back to the sender, "" for nothing */
  gboolean    writes;    /* refused to read-only clients */
  const char *doc;
} MdOscCommand;

/* Addresses the server only sends (feedback, meters). */
typedef struct
{
  const char *address;
  const char *args;
  const char *doc;
} MdOscFeedback;

typedef struct _MdOscTcp MdOscTcp;

/* Where replies go: a UDP address, or a TCP connection. */
typedef struct
{
  GSocketAddress *udp;
  MdOscTcp *tcp;              /* not NULL: the connection, UDP unused */
} MdOscDest;

/* A client holding a lease (values or meters), by source address:port. */
typedef struct
{
  char *key;                  /* "address:port" of the sender */
  GInetAddress *ip;           /* normalised source address */
  MdOscDest reply;            /* replies and feedback go here (UDP address owned) */
  gint64 lease_until_us;      /* 0: no value subscription */
  GHashTable *pending;        /* path -> MdOscPending: coalesced feedback */
  gboolean dump_pending;
  gint64 meter_until_us;      /* 0: no meter subscription */
  guint meter_rate_hz;
  guint meter_format;         /* 0 blob, 1 messages */
  gint64 meter_next_us;
} MdOscClient;

/* The sender of the message being handled. */
typedef struct
{
  GSocketAddress *from;
  GInetAddress *ip;           /* normalised */
  char *key;                  /* "address:port" */
  gboolean read_only;
  MdOscDest source;           /* FROM, or the TCP connection it came on */
  MdOscClient *client;        /* NULL without a lease */
  const MdOscDest *reply;     /* the client's reply address, else &SOURCE */
} MdOscPeer;

struct _MdOsc
{
  MdSession *session;
  MdOscConfig cfg;            /* callbacks and numbers; the lists are below */
  char *bind_address;
  GPtrArray *allow;           /* GInetAddressMask */
  GPtrArray *read_only;
  GMainContext *context;
  GSocket *socket;
  GSource *socket_source;
  guint16 port;
  guint8 *rx;
  GHashTable *hosts;          /* source address -> MdOscHost (rate caps) */
  GHashTable *clients;        /* key -> MdOscClient */
  GSource *flush_source;
  GSource *housekeeping_source;
  GSource *meter_source;
  guint meter_timer_hz;
  guint32 meter_seq;
  MdOscMeterFrame *meter_frame;
  gulong param_handler;
  gulong string_handler;
  gulong structure_handler;
  MdOscStats stats;
  guint n_in_datagram;        /* messages seen in the current datagram */
  GSocketService *tcp_service;
  GPtrArray *tcp_conns;       /* MdOscTcp */
  GSource *tcp_close_source;
};

/* md-osc.c */
GInetAddress        *md_osc_normalise_ip        (GInetAddress *ip);
/* May IP send anything (read-only included)? */
gboolean             md_osc_allowed             (MdOsc        *self,
                                                 GInetAddress *ip);
/* One UDP datagram or TCP frame from FROM (TCP: the connection). */
void                 md_osc_handle_packet       (MdOsc          *self,
                                                 GSocketAddress *from,
                                                 MdOscTcp       *tcp,
                                                 guint8         *data,
                                                 gsize           len);
void                 md_osc_prune_hosts         (MdOsc        *self,
                                                 gint64        now,
                                                 gint64        idle_us);

/* md-osc-dispatch.c */
void                 md_osc_handle_message      (MdOsc        *self,
                                                 MdOscPeer    *peer,
                                                 const char   *path,
                                                 lo_message    m);

/* md-osc-feedback.c */
void                 md_osc_send                (MdOsc          *self,
                                                 const MdOscDest *to,
                                                 const char     *path,
                                                 lo_message      m);
lo_message           md_osc_value_message       (const MdParamInfo *info,
                                                 gboolean           norm,
                                                 double             value);
lo_message           md_osc_string_message      (const char   *text);
void                 md_osc_reply_error         (MdOsc        *self,
                                                 MdOscPeer    *peer,
                                                 const char   *path,
                                                 const char   *reason);
void                 md_osc_reply_gerror        (MdOsc        *self,
                                                 MdOscPeer    *peer,
                                                 const char   *path,
                                                 const GError *error);
gboolean             md_osc_client_subscribed   (const MdOscClient *c,
                                                 gint64             now);
gboolean             md_osc_client_metered      (const MdOscClient *c,
                                                 gint64             now);
guint                md_osc_count_leases        (MdOsc        *self,
                                                 gint64        now);
/* The peer's client record, created when missing. */
MdOscClient         *md_osc_client_ensure       (MdOsc        *self,
                                                 MdOscPeer    *peer);
void                 md_osc_client_free         (gpointer      data);
void                 md_osc_send_dump           (MdOsc           *self,
                                                 const MdOscDest *to);
void                 md_osc_update_meter_timer  (MdOsc        *self);
void                 md_osc_ensure_housekeeping (MdOsc        *self);
void                 md_osc_feedback_connect    (MdOsc        *self);
void                 md_osc_feedback_disconnect (MdOsc        *self);

/* md-osc-tcp.c */
gboolean             md_osc_tcp_start           (MdOsc          *self,
                                                 GSocketAddress *address,
                                                 GError        **error);
void                 md_osc_tcp_stop            (MdOsc          *self);
/* Queue one framed packet; FALSE when it was dropped. */
gboolean             md_osc_tcp_send            (MdOscTcp       *tcp,
                                                 const void     *data,
                                                 gsize           len);

/* md-osc-spec.c */
char                *md_osc_spec_json_compact   (void);
const MdOscCommand  *md_osc_commands            (gsize *n);
const MdOscFeedback *md_osc_feedback            (gsize *n);

G_END_DECLS
