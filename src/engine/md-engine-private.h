/* md-engine-private.h: engine internals shared by the engine's own files
 * and its white-box tests. Not for other layers.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdatomic.h>

#include "md-chan.h"
#include "md-engine.h"
#include "md-lanes.h"
#include "md-meter-win.h"
#include "md-limiter.h"
#include "md-multiband.h"
#include "md-width.h"
#include "md-spsc.h"

/* A linear ramp: the value moves to TARGET in a fixed number of samples
 * and restarts from the current value whenever the target changes, so a
 * gain never steps by more than |change| / ramp_len per sample. */
typedef struct
{
  float cur;
  float target;
  float inc;
  uint32_t left;
} MdRamp;

/* The slots of a strip's meter window (md-meter-win.h): maxima and sums;
 * a mono strip uses the first 4 and 2 (md_meter_win_publish's counts) */
enum
{
  MD_SM_GATE_GR = 0,
  MD_SM_COMP_GR = 1,
  MD_SM_PRE_PEAK = 2,        /* + 2 x channel */
  MD_SM_POST_PEAK = 3,       /* + 2 x channel */
  MD_SM_N_MAX = 6
};
enum
{
  MD_SM_PRE_SUMSQ = 0,       /* + 2 x channel */
  MD_SM_POST_SUMSQ = 1,      /* + 2 x channel */
  MD_SM_N_SUM = 4
};

typedef enum
{
  MD_STRIP_CREATED,          /* allocated, not yet in a committed plan */
  MD_STRIP_PUBLISHED,        /* in the current topology */
  MD_STRIP_REMOVED           /* left the topology; freed once its last plan is back */
} MdStripState;

typedef struct MdStrip
{
  /* fixed at creation */
  unsigned id;
  unsigned n_ch;             /* 1 or 2 */

  /* RT-owned after publication (main writes only before) */
  float p[MD_SP_COUNT];      /* parameter targets, natural units */
  bool dirty;
  bool fresh;                /* not processed yet: jump to the preset values */
  bool fade_in;              /* added while audio ran: fade in on the first block */
  bool alive;                /* false once the strip leaves: fades out */
  bool silenced;             /* non-finite input seen in the current block */
  MdRamp g_pre;              /* trim x polarity */
  MdRamp g_post;             /* fader x DCAs */
  MdRamp g_mute;             /* 0/1: mute, DCA/group mutes, alive, NaN recovery */
  MdRamp g_solo;             /* 0/1: solo-in-place cut (main out, post sends) */
  MdRamp g_listen;           /* 0/1: AFL/PFL to the monitor bus */
  MdRamp pan_l, pan_r;
  MdRamp width;
  MdRamp send[MD_MAX_BUSES];
  uint32_t send_live;                /* bit b: send[b] moving or not at 0 (send_live_update) */
  /* strip_post with every ramp after the channel block at rest (and no
   * listen): the gains strip_post would multiply out each block, from the
   * block where they came to rest until strip_targets_rl runs again */
  bool post_rest;
  uint32_t rest_pre;                 /* bit b: send b taken before the fader */
  uint32_t rest_both;                /* bit b: send b's gains both non-zero; bit MD_MAX_BUSES: the main's */
  float k_fader;                     /* g_post x g_mute */
  float k_main[2];                   /* g_solo x pan */
  float k_send[MD_MAX_BUSES][2];     /* send x (g_mute or g_solo) x pan */
  /* strip_pre with trim, polarity, width and the delay tap at rest: set
   * at the end of a block that leaves them so, dropped by
   * strip_targets_rl (any parameter, DCA, group, solo, automation
   * change), a fresh strip and a silenced block; strip_pre_rest runs then */
  bool pre_rest;
  bool pre_width;                    /* width at rest at a value other than 1 */
  float k_pre;                       /* g_pre (trim x polarity) */
  float k_width;                     /* width */
  MdChan chan;               /* filters, EQ, gate, compressor */
  float *dline[2];           /* delay lines, dlen samples each */
  uint32_t dlen, dmask, dpos;
  uint32_t d_cur, d_next;    /* delay in samples: current tap, crossfade target */
  uint32_t d_xfade;          /* samples done of the tap crossfade (0 = idle) */

  /* shared */
  MdMeterWin meters;         /* pre/post peaks and sums, gate and compressor GR (MD_SM_*) */
  atomic_uint_least32_t nonfinite;
  atomic_bool silenced_flag;
  atomic_bool faded;         /* set by RT when a leaving strip has faded out */

  /* main-owned bookkeeping */
  MdStripState state;
  uint64_t last_gen;         /* newest plan that names this strip */
} MdStrip;

/* Tests: false keeps every strip on strip_post's general path (ramps run
 * and gains multiplied every block) instead of its constants at rest, to
 * compare the two bit for bit. Before processing; not RT. */
void md_engine_set_rest_path (bool on);
/* Tests: false keeps strips_batch from running two mono strips at rest
 * through strip_post as a pair (strip_post_rest_pair). Before processing. */
void md_engine_set_pair_path (bool on);

#define MD_STRIP_BATCH 16  /* strips whose channel blocks run together (HACKING.md: batch16) */

typedef struct MdPlan
{
  uint64_t gen;
  unsigned n_strips;
  unsigned n_leaving;
  unsigned n_buses;
  MdStrip *strips[MD_MAX_STRIPS];
  unsigned in_ch[MD_MAX_STRIPS][2];
  MdStrip *leaving[MD_MAX_STRIPS];
  MdStrip *by_id[MD_MAX_STRIPS];
  /* what strips_batch needs of strip I that only the topology decides
   * (md_engine_commit): its channel block, its scratch (the engine's
   * batch_a[I % MD_STRIP_BATCH]) and its channel count */
  MdChan *chan[MD_MAX_STRIPS];
  float *const *scratch[MD_MAX_STRIPS];
  unsigned n_ch[MD_MAX_STRIPS];
} MdPlan;

/* The gates and compressors of one batch of strips that have work to do
 * (strips_batch): kept from a block in which every strip of the batch
 * took strip_pre_rest and every unit was on or off and settled (faded
 * out, no reduction shown), for the plan GEN; used while every strip of
 * the batch takes strip_pre_rest (nothing can switch a unit on or off
 * without dropping that path: strip_targets_rl), dropped by any other
 * block of the batch and by a new plan. */
typedef struct
{
  uint64_t gen;              /* 0: none */
  /* bit j: strips j and j + 1 run as a pair (post_pairable), kept from a
   * block in which every strip of the batch took strip_pre_rest and was
   * at rest after its channel block (post_rest), for the plan PAIRS_GEN
   * (0: none); used and dropped as the lists are */
  uint64_t pairs_gen;
  uint32_t pairs;
  unsigned ng, nc;
  unsigned n_ch_g[MD_STRIP_BATCH], n_ch_c[MD_STRIP_BATCH];
  MdGate *gt[MD_STRIP_BATCH];
  MdComp *cp[MD_STRIP_BATCH];
  float *const *chs_g[MD_STRIP_BATCH];
  float *const *chs_c[MD_STRIP_BATCH];
} MdBatchDyn;

typedef struct
{
  float p[MD_BP_COUNT];
  bool dirty;
  MdRamp gain, bal_l, bal_r, to_master;
  MdChan chan;               /* EQ, compressor */
  float *acc[2];
  MdMeterWin meter;          /* peak L/R, sums of squares L/R */
  MdMeterWin gr;             /* compressor gain reduction */
} MdBus;

enum
{
  MD_CMD_SET = 1,
  MD_CMD_SWAP,
  MD_CMD_LANES,              /* swap in a lane set */
  MD_CMD_LANE_PLAY           /* id: lane index, slot: playing, value: glide frames */
};

typedef struct
{
  uint32_t type;
  uint16_t scope;
  uint16_t slot;
  uint32_t id;
  float value;
  MdPlan *plan;
  MdLaneSet *lanes;
} MdCommand;

enum
{
  MD_EVT_RETIRE = 1,
  MD_EVT_FADED,
  MD_EVT_RETIRE_LANES
};

typedef struct
{
  uint32_t type;
  uint32_t pad;
  MdPlan *plan;
  MdLaneSet *lanes;
} MdEvent;

#define MD_TAP_FRAMES 64u      /* master tap chunk: interleaved stereo */
#define MD_TAP_RING 2048u       /* chunks: 2.7 s at 48 kHz */

typedef struct
{
  float x[2 * MD_TAP_FRAMES];
} MdTapChunk;

#define MD_N_CURVES 12
#define MD_CMD_RING 4096u
#define MD_EVT_RING 256u
#define MD_PENDING_MAX 64u
enum { MD_RUN_IDLE, MD_RUN_PRESET, MD_RUN_RUNNING };   /* MdEngine.run_gate */
#define MD_PLANS_IN_FLIGHT 32u   /* < MD_PENDING_MAX and < MD_EVT_RING */

struct MdEngine
{
  double rate;
  uint32_t max_block;
  uint32_t ramp_len;
  uint32_t delay_max;        /* samples */

  MdSpsc cmd, evt;
  MdCommand *cmd_store;
  MdEvent *evt_store;

  /* RT-owned */
  MdPlan *plan;
  float dca_p[MD_MAX_DCAS][MD_DP_COUNT];
  float mgrp_p[MD_MAX_MGRPS][MD_GP_COUNT];
  float master_p[MD_MP_COUNT];
  float session_p[MD_XP_COUNT];
  bool all_dirty;
  bool master_dirty;
  bool any_solo;
  /* a strip's solo or the plan's strips changed since any_solo was
   * found: set by every writer of a strip's MD_SP_SOLO and by the plan
   * swap, cleared by process_chunk's scan (RT; before the first cycle,
   * the main thread under the preset gate) */
  bool solo_stale;
  MdBus bus[MD_MAX_BUSES];
  MdRamp master_gain;
  MdRamp master_duck;                /* dips while the limiter goes in or out */
  MdRamp mon_sel;                    /* monitor outputs: 0 the master, 1 the solo (AFL/PFL) bus */
  float *monitor_acc[2];
  bool any_listen;
  float *const *rt_out;              /* the outputs of the current cycle */
  unsigned rt_n_out;
  uint32_t rt_off;
  MdChan master_chan;                /* high-pass, 4-band EQ */
  MdMultiband master_mb;
  MdWidth master_width;
  MdLimiter master_lim;
  bool lim_inserted;
  float *master_acc[2];
  float *curve[MD_N_CURVES];
  float *sig_a[2], *sig_b[2];
  float *batch_a[MD_STRIP_BATCH][2]; /* strips processed together (strips_batch) */
  MdBatchDyn batch_dyn[(MD_MAX_STRIPS + MD_STRIP_BATCH - 1) / MD_STRIP_BATCH];
  float *zero;
  MdEvent pending[MD_PENDING_MAX];   /* retired plans/lane sets not yet handed back */
  unsigned n_pending;
  MdLaneSet *lanes;                  /* automation being played */
  uint32_t lane_cursor[MD_MAX_LANES];
  bool lane_playing[MD_MAX_LANES];
  uint32_t lane_glide[MD_MAX_LANES]; /* frames of glide left (touch release) */
  bool t_rolling;                    /* transport of the current cycle */
  uint64_t t_frame;
  uint64_t auto_next;                /* frame the last automated cycle ended at */

  MdSpsc tap;                        /* master audio for the loudness meter */
  MdTapChunk *tap_store;
  MdTapChunk tap_chunk;              /* RT: the chunk being filled */
  unsigned tap_fill;

  /* shared */
  MdMeterWin m_master;               /* peak L/R, sums of squares L/R */
  MdMeterWin phase;                  /* sums of LR, LL, RR, MM, SS */
  atomic_bool tap_on;
  atomic_uint latency;               /* frames: the limiter's, while inserted */
  MdMeterWin gr_master[4];           /* gain reduction: 0 the limiter, 1..3 the bands */
  atomic_uint_least64_t tap_dropped;
  atomic_uint_least64_t frames;
  atomic_uint_least64_t cmds_applied;
  atomic_uint_least64_t plans_swapped;
  atomic_uint_least64_t nonfinite_blocks;
  atomic_uint_least64_t events_dropped;
  /* MD_RUN_IDLE before the first cycle; MD_RUN_PRESET while the main
   * thread writes values straight into the engine before it; MD_RUN_RUNNING
   * once a cycle has claimed it (the first cycle that finds the main
   * thread inside a preset outputs silence and leaves everything alone) */
  atomic_int run_gate;

  /* main-owned */
  MdStrip *strips[MD_MAX_STRIPS];    /* by id */
  MdPlan *main_plan;                 /* the newest plan sent */
  MdLaneSet *main_lanes;             /* the newest lane set sent */
  unsigned lanes_in_flight;
  uint64_t next_gen;
  uint64_t retired_gen;
  uint64_t cmds_sent;
  uint64_t cmds_dropped;
};

/* Ramps (RT-safe). */
void   md_ramp_init        (MdRamp *r, float value);
void   md_ramp_set         (MdRamp *r, float target, uint32_t ramp_len);
