/* md-osc.h: the OSC server (control surfaces, tablets, scripts).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. The server owns one UDP socket bound to one address
 * and port (and, optionally, a TCP listener on the same address and port),
 * watched as GSources in the thread-default GMainContext of the caller of
 * md_osc_new(): no OSC thread exists and the session model is only touched
 * from that context. liblo is used to decode and encode OSC messages; the
 * sockets, the access control and the dispatch are ours (liblo 0.31 cannot
 * bind one address).
 *
 * Every datagram's source address is checked against the allow-list
 * BEFORE it is parsed; a source outside it gets no effect and no reply.
 * The address space is the parameter table (md-params.h), described by
 * md_osc_spec_json() and in doc/osc.md.
 *
 * Meter blob ("/meters b", sent at a fixed rate to clients of "/meters/subscribe"
 * that asked for format 0), all fields LITTLE-ENDIAN:
 *
 *   offset  type          content
 *   0       char[4]       "MDMT"
 *   4       uint32        layout version, 1
 *   8       uint32        sequence number (wraps)
 *   12      uint16        S = number of strips
 *   14      uint16        B = number of buses
 *   16      float32[S][4] strips: peak L, peak R, RMS L, RMS R (dBFS, post-fader)
 *   ...     float32[B][4] buses:  peak L, peak R, RMS L, RMS R (dBFS)
 *   ...     float32[4]    master: peak L, peak R, RMS L, RMS R (dBFS)
 *   ...     float32[6]    master loudness: momentary LUFS, short-term LUFS,
 *                         integrated LUFS, LRA (LU), true peak (dBTP),
 *                         phase correlation (-1..1)
 *
 * Size: 16 + 16 * (S + B + 1) + 24 bytes. Levels are clamped to
 * [-120, +20] dBFS (silence is -120); a value that is not measured is NaN.
 * Mono strips repeat the left channel in the right one.
 */
#pragma once

#include <gio/gio.h>

#include "session/md-session.h"

G_BEGIN_DECLS

#define MD_OSC_DEFAULT_PORT            7770
#define MD_OSC_DEFAULT_MAX_SUBSCRIBERS 16
#define MD_OSC_DEFAULT_RATE_LIMIT      2000   /* messages per second per source address */
#define MD_OSC_DEFAULT_LEASE_S         10
#define MD_OSC_MAX_LEASE_S             3600
#define MD_OSC_FEEDBACK_HZ             30     /* per parameter and client, at most */
#define MD_OSC_DEFAULT_METER_HZ        20
#define MD_OSC_MAX_METER_HZ            60

#define MD_OSC_METER_MAGIC     "MDMT"
#define MD_OSC_METER_VERSION   1
#define MD_OSC_METER_VALUES    4      /* per strip, bus and master */
#define MD_OSC_LOUDNESS_VALUES 6
#define MD_OSC_METER_FLOOR_DB  (-120.0f)
#define MD_OSC_METER_CEIL_DB   (20.0f)

#define MD_OSC_ERROR (md_osc_error_quark ())

typedef enum
{
  MD_OSC_ERROR_CONFIG,     /* a bad CIDR, bind address or value in the config */
  MD_OSC_ERROR_SOCKET,     /* cannot create or bind the socket */
  MD_OSC_ERROR_FAILED      /* a callback's generic failure */
} MdOscError;

typedef enum
{
  MD_OSC_TRANSPORT_PLAY,
  MD_OSC_TRANSPORT_STOP,
  MD_OSC_TRANSPORT_LOCATE   /* FRAME is the position in frames */
} MdOscTransport;

typedef enum
{
  MD_OSC_SCENE_RECALL,      /* by NAME, or by 1-based INDEX when NAME is NULL */
  MD_OSC_SCENE_SAVE         /* NAME */
} MdOscSceneOp;

/* One meter frame, filled by the application's read_meters callback. Values
 * in dBFS (see the blob layout above). The callback is called from one
 * shared timer, at most at the highest rate any client asked for; it should
 * return the latest frame without disturbing other readers (the UI). */
typedef struct
{
  guint n_strips;                                  /* <= MD_MAX_STRIPS */
  guint n_buses;                                   /* <= MD_MAX_BUSES */
  float strips[MD_MAX_STRIPS][MD_OSC_METER_VALUES];
  float buses[MD_MAX_BUSES][MD_OSC_METER_VALUES];
  float master[MD_OSC_METER_VALUES];
  float loudness[MD_OSC_LOUDNESS_VALUES];
} MdOscMeterFrame;

/* Callbacks: all optional (NULL: the command answers "/error PATH
 * reason"), all called on the main thread, never re-entered. */
typedef gboolean (*MdOscSaveFunc)       (gpointer           user_data,
                                         const char        *filename,  /* NULL: the current file */
                                         GError           **error);
typedef gboolean (*MdOscTransportFunc)  (gpointer           user_data,
                                         MdOscTransport     what,
                                         gint64             frame,
                                         GError           **error);
typedef gboolean (*MdOscSceneFunc)      (gpointer           user_data,
                                         MdOscSceneOp       op,
                                         const char        *name,
                                         guint              index,
                                         GError           **error);
/* Fill FRAME; return FALSE when no meters are available (nothing is sent). */
typedef gboolean (*MdOscReadMetersFunc) (gpointer           user_data,
                                         MdOscMeterFrame   *frame);

typedef struct
{
  guint16              port;             /* UDP port; 0: any free port */
  gboolean             tcp;              /* also TCP on the same address and port */
  const char          *bind_address;     /* NULL: "127.0.0.1"; "0.0.0.0" or "::" for all */
  const char * const  *allow;            /* NULL-terminated CIDRs; NULL: 127.0.0.0/8 and ::1 */
  const char * const  *read_only;        /* CIDRs that may only query and subscribe */
  guint                max_subscribers;  /* clients with a lease (values or meters) */
  guint                rate_limit;       /* messages per second per source address, 0: no cap */
  gboolean             allow_save_path;  /* may "/session/save s:path" name a file? */

  gpointer             user_data;        /* passed to every callback */
  MdOscSaveFunc        save;
  MdOscTransportFunc   transport;
  MdOscSceneFunc       scene;
  MdOscReadMetersFunc  read_meters;
} MdOscConfig;

typedef struct
{
  guint64 datagrams;       /* received from allowed sources */
  guint64 messages;        /* dispatched */
  guint64 denied;          /* datagrams from sources outside the allow-list */
  guint64 malformed;       /* datagrams or bundle elements that are not OSC */
  guint64 rate_dropped;    /* messages over a source address's rate cap */
  guint64 errors_sent;     /* "/error" replies */
  guint64 sent;            /* datagrams (UDP) and frames (TCP) sent */
  guint64 send_failed;     /* refused by the socket (buffer full) or a stuck TCP client */
  guint   n_clients;       /* source hosts seen in the last seconds */
  guint   n_subscribers;   /* clients with a value lease */
  guint   n_meter_subscribers;
} MdOscStats;

typedef struct _MdOsc MdOsc;

GQuark       md_osc_error_quark        (void);

/* Defaults: port 7770, 127.0.0.1, loopback only, 16 subscribers,
 * MD_OSC_DEFAULT_RATE_LIMIT, no callbacks. */
void         md_osc_config_init        (MdOscConfig        *cfg);

/* Bind the socket and start serving in the thread-default main context.
 * CFG is copied (strings and lists too); SESSION is referenced. */
MdOsc       *md_osc_new                (MdSession          *session,
                                        const MdOscConfig  *cfg,
                                        GError            **error);
void         md_osc_free               (MdOsc              *self);

/* The bound port (useful with port 0). */
guint16      md_osc_get_port           (MdOsc              *self);
/* The address the socket is bound to ("127.0.0.1", "0.0.0.0", "::" ...). */
const char  *md_osc_get_bind_address   (MdOsc              *self);
/* "osc.udp://ADDRESS:PORT/" for logs and the README's first example. */
char        *md_osc_get_url            (MdOsc              *self);
void         md_osc_get_stats          (MdOsc              *self,
                                        MdOscStats         *stats);

/* Introspection (md-osc-spec.c): the address space as JSON (the output of
 * `mixdesk osc-spec`) and as the Markdown reference of doc/osc.md. */
char        *md_osc_spec_json          (void);
char        *md_osc_spec_markdown      (void);

/* Parse "10.0.0.0/8", "192.168.1.7" or "::1" (md-osc-spec.c keeps it
 * next to the other pure helpers). */
GInetAddressMask *md_osc_parse_cidr    (const char         *text,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdOsc, md_osc_free)

G_END_DECLS
