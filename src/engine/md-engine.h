/* md-engine.h: the mixer engine. One realtime thread calls
 * md_engine_process(); one main thread calls everything else.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads
 *   main thread: md_engine_new/free, md_engine_strip_create,
 *                md_engine_strip_preset, md_engine_commit, md_engine_set,
 *                md_engine_collect, md_engine_read_*.
 *   RT thread:   md_engine_process only. It never allocates, frees, locks,
 *                logs or does I/O.
 *
 * Data crosses threads only through two SPSC rings (commands main->RT,
 * events RT->main) and through immutable plans handed over by pointer and
 * handed back for release. Meters are "since the last read" windows
 * (md-meter-win.h): the RT thread publishes each block with plain stores
 * under a sequence lock, the reader asks for a new window; no locked
 * read-modify-write on either side's hot path.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "md-params.h"

typedef struct MdEngine MdEngine;

/* Output channel layout of md_engine_process. */
enum
{
  MD_OUT_MASTER_L = 0,
  MD_OUT_MASTER_R = 1,
  MD_OUT_MONITOR_L = 2,
  MD_OUT_MONITOR_R = 3,
  MD_OUT_BUS_BASE = 4,       /* bus b (1-based): MD_OUT_BUS_BASE + 2 (b-1) + {0,1} */
  /* direct output of strip id I, channel C: MD_OUT_DIRECT_BASE + 2 I + C */
  MD_OUT_DIRECT_BASE = MD_OUT_BUS_BASE + 2 * MD_MAX_BUSES
};
#define MD_OUT_MAX (MD_OUT_DIRECT_BASE + 2 * MD_MAX_STRIPS)

#define MD_ENGINE_MAX_BLOCK_DEFAULT 1024u
#define MD_RAMP_MS 10.0       /* gain/pan smoothing time */
#define MD_DELAY_MAX_MS 250.0

typedef struct
{
  unsigned id;               /* engine strip id, 0..MD_MAX_STRIPS-1 */
  unsigned in_ch[2];         /* input channel(s) in md_engine_process's IN array */
} MdTopoStrip;

typedef struct
{
  unsigned n_strips;
  MdTopoStrip strips[MD_MAX_STRIPS];   /* processing order */
  unsigned n_buses;          /* buses 1..n_buses exist */
} MdTopology;

typedef struct
{
  float peak[2];             /* max |x| since the last read, per channel */
  float rms[2];              /* RMS over the frames since the last read */
} MdMeterValue;

typedef struct
{
  MdMeterValue pre;          /* after trim/polarity/delay, before the fader */
  MdMeterValue post;         /* after fader and mute, before pan */
  float gate_db;             /* max gate attenuation since the last read (dB, >= 0) */
  float comp_db;             /* max compressor gain reduction since the last read */
  uint32_t nonfinite;        /* blocks silenced because of NaN/Inf input (total) */
  bool silenced;             /* currently silenced by non-finite input */
} MdStripMeters;

typedef struct
{
  uint64_t commands_sent;
  uint64_t commands_dropped; /* command ring full */
  uint64_t events_dropped;   /* event ring full (retired plans are never dropped) */
  uint64_t plans_swapped;
  uint64_t nonfinite_blocks; /* strip-blocks silenced, all strips */
  uint64_t frames;           /* frames processed */
} MdEngineStats;

typedef enum
{
  MD_ENGINE_OK = 0,
  MD_ENGINE_ENOMEM,
  MD_ENGINE_EBUSY,           /* command ring full or too many plans in flight: collect, retry */
  MD_ENGINE_EINVAL
} MdEngineStatus;

/* main thread ------------------------------------------------------------ */

MdEngine       *md_engine_new           (double sample_rate, uint32_t max_block);
void            md_engine_free          (MdEngine *engine);
double          md_engine_sample_rate   (const MdEngine *engine);

/* Allocate the engine object for strip ID (mono or stereo) with every
 * parameter at its default. It takes part in processing once a committed
 * topology names it. */
MdEngineStatus  md_engine_strip_create  (MdEngine *engine, unsigned id, bool stereo);
bool            md_engine_strip_exists  (const MdEngine *engine, unsigned id);
/* True when ID can be created now (a removed strip holds its id until the
 * RT thread has handed it back and md_engine_collect released it). */
bool            md_engine_strip_id_free (const MdEngine *engine, unsigned id);
/* Set a parameter of a strip that no committed topology has named yet
 * (no ramp: the strip starts at this value). */
MdEngineStatus  md_engine_strip_preset  (MdEngine *engine, unsigned id, unsigned slot, float value);
/* Build a new plan from TOPO and hand it to the RT thread. Strips that were
 * in the previous topology and are not in TOPO are released once the RT
 * thread has handed back every plan that named them. */
MdEngineStatus  md_engine_commit        (MdEngine *engine, const MdTopology *topo);
/* Queue a parameter change. ID is the engine strip id for strips, the
 * 1-based number for buses/DCAs/mute groups, 0 for master and session.
 * The value must already be clamped (the session does that). Before the
 * first md_engine_process call the value applies at once, without a ramp
 * (attach the session before the RT thread starts). */
MdEngineStatus  md_engine_set           (MdEngine *engine, MdScope scope, unsigned id,
                                         unsigned slot, float value);
/* Drain the event ring: release handed-back plans and removed strips,
 * update statistics. Call regularly (every few ms to every second). */
void            md_engine_collect       (MdEngine *engine);
/* Meters since the last read of the same function (peak: max since the
 * last read, never missed; RMS over the frames since the last read; gain
 * reduction: max since the last read). One reader thread. */
bool            md_engine_read_strip    (MdEngine *engine, unsigned id, MdStripMeters *out);
bool            md_engine_read_bus      (MdEngine *engine, unsigned bus, MdMeterValue *out);
/* Max compressor gain reduction of bus BUS since the last read (dB >= 0). */
float           md_engine_read_bus_gr   (MdEngine *engine, unsigned bus);
void            md_engine_read_master   (MdEngine *engine, MdMeterValue *out);
/* Gain reduction (dB >= 0, max since the last read) of the master's
 * multiband bands (1..3) and true-peak limiter. */
float           md_engine_read_master_gr (MdEngine *engine, unsigned band /* 0: limiter */);
/* Processing latency in frames (the master limiter's lookahead while it
 * is in), for JACK's latency callback. Any thread. */
uint32_t        md_engine_latency       (MdEngine *engine);
/* Phase correlation of the master since the last read (-1..+1, 0 when
 * silent) and the M/S balance: side energy relative to mid in dB
 * (-inf for mono). Read-and-reset. */
void            md_engine_read_master_phase (MdEngine *engine, float *correlation,
                                             float *side_to_mid_db);
/* The master output as 64-frame interleaved stereo chunks for a metering
 * thread (the one consumer). Switch it on first; a full ring drops
 * chunks and counts them. */
#define MD_ENGINE_TAP_FRAMES 64u
void            md_engine_master_tap_enable (MdEngine *engine, bool on);
bool            md_engine_master_tap_read   (MdEngine *engine, float *interleaved);
uint64_t        md_engine_master_tap_dropped (MdEngine *engine);
void            md_engine_get_stats     (MdEngine *engine, MdEngineStats *out);
/* True once the RT thread has applied every command and plan sent so far. */
bool            md_engine_idle          (MdEngine *engine);

/* Automation (see md-lanes.h). Hand a lane set to the engine (it owns it
 * from now on; NULL: no automation). A lane plays while its playing flag
 * is set and the transport rolls. */
struct MdLaneSet;
MdEngineStatus  md_engine_set_lanes     (MdEngine *engine, struct MdLaneSet *lanes);
/* Start or stop playing lane INDEX of the current set; a lane that starts
 * playing glides from the current value to the lane over GLIDE_FRAMES. */
MdEngineStatus  md_engine_lane_play     (MdEngine *engine, unsigned index, bool playing,
                                         uint32_t glide_frames);

/* RT thread -------------------------------------------------------------- */

/* The transport of the cycle about to be processed (call before
 * md_engine_process, from the same thread). */
void            md_engine_set_transport (MdEngine *engine, bool rolling, uint64_t frame);

/* Process N_FRAMES (any count; split internally into max_block chunks).
 * IN holds N_IN input channels, OUT N_OUT output channels (see the layout
 * above; at least 2). Outputs are overwritten. RT-safe. */
void            md_engine_process       (MdEngine *engine,
                                         const float *const *in, unsigned n_in,
                                         float *const *out, unsigned n_out,
                                         uint32_t n_frames);

/* Set flush-to-zero / denormals-are-zero for the calling thread. */
void            md_engine_thread_init   (void);
/* Which vector code the hot loops picked on this CPU ("AVX2" or a
 * baseline x86-64 path), for reports. RT-safe. */
const char     *md_engine_simd_path     (void);
