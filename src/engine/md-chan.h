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
 * every change of a unit bumps its gen. md_chan_init clears it; after
 * md_filter_init or md_eq_init on a unit of a chan (which restart its gen)
 * call md_chan_init again. */
typedef struct
{
  const MdChan *owner;                 /* the chan it was built in; NULL: none */
  unsigned gen[3];                     /* hpf.gen, lpf.gen, eq.gen when built */
  unsigned units;                      /* the units that are on (0: all off) */
  unsigned n_sec;
  MdSvfLane lane[MD_DSP_MAX_CH];
} MdChanLanes;

struct MdChan
{
  MdFilter hpf, lpf;
  MdEq eq;
  MdGate gate;
  MdComp comp;
  MdChanLanes lanes;                   /* md_chan_filters_multi_ch's own */
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
 * vector lane per channel (md_svf_run_lanes); the others unit by unit.
 * RT-safe. */
void   md_chan_filters_multi_ch (MdChan *const *cs, float *const *const *chs,
                                 const unsigned *n_ch, unsigned n, unsigned n_frames);
/* Max gain reduction of the last block, positive dB. */
float  md_chan_gate_db     (const MdChan *c);
float  md_chan_comp_db     (const MdChan *c);
