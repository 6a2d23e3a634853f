/* md-chan.h: the channel processing block of strips and buses —
 * HPF -> LPF -> 4-band EQ -> gate -> compressor (DESIGN §5), driven by the
 * MD_DSP_* parameter offsets of md-params.h.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * md_chan_init: non-RT. md_chan_set, md_chan_process, md_chan_*_db:
 * RT-safe (no allocation, no locks, no I/O). Every unit switched off is
 * skipped and bit-transparent; switching crossfades (see the units).
 */
#pragma once

#include "md-dyn.h"
#include "md-eq.h"
#include "md-filter.h"
#include "md-params.h"

typedef struct MdChan MdChan;

/* A strip's lane list for md_chan_filters_multi_ch: the sections of its
 * HPF, LPF and EQ that are on, in series, one lane per channel (buffers
 * set every block). Built when the units were all steady (or off) and
 * reused, without looking at the units again, while none of them changed:
 * every change of a unit bumps its gen. md_chan_init clears it (and the
 * chan's MdChanRun, and gives the chan a new serial, so runs cached in
 * other chans that hold it rebuild); after md_filter_init or md_eq_init
 * on a unit of a chan (which restart its gen) call md_chan_init again. */
typedef struct
{
  const MdChan *owner;                 /* the chan it was built in; NULL: none */
  unsigned gen[3];                     /* hpf.gen, lpf.gen, eq.gen when built */
  unsigned units;                      /* the units that are on (0: all off) */
  unsigned n_sec;
  MdSvfLane lane[MD_DSP_MAX_CH];
} MdChanLanes;

/* A run of md_chan_filters_multi_ch: the chans CS[i .. i + n_chan - 1] of
 * a call whose lanes (up to MD_SVF_MAX_LANES, all with the same number of
 * sections) run as one prepared lane set. It lives in the run's first
 * chan and holds while the call has the same chans in the same order with
 * the same channel counts, every unit's gen (and each chan's serial) is
 * the one recorded, and the run would end where it ended (see
 * MdChanRunEnd). Strips are batched in plan order, so this holds while
 * the plan and the units do: the sections' pointers and transposed
 * coefficients are then reused without looking at the units. */
typedef enum
{
  MD_CHAN_RUN_END,                     /* the call's chans ended */
  MD_CHAN_RUN_FULL,                    /* the next chan's lanes did not fit */
  MD_CHAN_RUN_UNSTEADY,                /* the next chan was not steady */
  MD_CHAN_RUN_OTHER                    /* the next chan had another n_sec */
} MdChanRunEnd;

typedef struct
{
  const MdChan *c;
  unsigned long long serial;
  unsigned gen[3];
  unsigned n_ch;                       /* channels in the call */
  unsigned units;                      /* its units on (0: no lanes in the set) */
} MdChanRunMember;

typedef struct
{
  unsigned n_chan;                     /* 0: none */
  unsigned n_builds;                   /* (total, for tests) */
  MdChanRunEnd end;
  MdChanRunMember next;                /* the chan after the run (UNSTEADY, OTHER) */
  MdChanRunMember m[MD_SVF_MAX_LANES];
  /* per block, without going through the members: lane L runs on channel
   * lane_ch[L] of chan lane_m[L]; the units on, whose grid phase moves */
  unsigned char lane_m[MD_SVF_MAX_LANES], lane_ch[MD_SVF_MAX_LANES];
  unsigned n_lanes, n_filt, n_eq;
  MdFilter *filt[2 * MD_SVF_MAX_LANES];
  MdEq *eq[MD_SVF_MAX_LANES];
  MdSvfLaneSet set;
} MdChanRun;

struct MdChan
{
  MdFilter hpf, lpf;
  MdEq eq;
  MdGate gate;
  MdComp comp;
  unsigned long long serial;           /* unique per md_chan_init */
  MdChanLanes lanes;                   /* md_chan_filters_multi_ch's own */
  MdChanRun run;                       /* the same, when this chan starts a run */
};

void   md_chan_init        (MdChan *c, double sample_rate);
/* Push every parameter of the block P (MD_DSP_COUNT values) to the units;
 * JUMP starts them at these values without smoothing (before the first
 * block). */
void   md_chan_set         (MdChan *c, const float *p, bool jump);
/* Process N_CH (1 or 2) channels in place; stereo is linked. */
void   md_chan_process     (MdChan *c, float *const *ch, unsigned n_ch, unsigned n_frames);
/* The HPF, LPF and EQ of N channel blocks CS[i] (N_CH[i] channels CHS[i])
 * in place, bit for bit as md_chan_process runs them: blocks whose units
 * are all steady (or off) and in float run their sections in one pass, one
 * vector lane per channel, consecutive blocks as one prepared lane set
 * (MdChanRun, md_svf_lane_set_run); the others unit by unit. RT-safe. */
void   md_chan_filters_multi_ch (MdChan *const *cs, float *const *const *chs,
                                 const unsigned *n_ch, unsigned n, unsigned n_frames);
/* Max gain reduction of the last block, positive dB. */
float  md_chan_gate_db     (const MdChan *c);
float  md_chan_comp_db     (const MdChan *c);
