/* md-lanes.h: automation lanes as the engine plays them.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lane set is one immutable allocation built on the main thread
 * (md_lane_set_new, fill, md_engine_set_lanes) and handed to the RT thread
 * by pointer; the RT thread swaps it in at the top of a cycle and hands
 * the old one back (freed by md_engine_collect). Points are (frame, value)
 * in the parameter's natural units, sorted by frame; linear lanes
 * interpolate, discrete lanes (switches) hold the last point's value.
 *
 * md_lane_set_new/free: main thread. md_lane_value_at: RT-safe.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "md-params.h"

#define MD_MAX_LANES 1024u
#define MD_AUTO_GRID 32u      /* automation targets are set on this frame grid */

typedef struct
{
  uint16_t scope;            /* MdScope */
  uint16_t slot;
  uint32_t id;               /* engine strip id, bus/DCA/group number, 0 */
  bool discrete;
  bool playing;              /* plays from the start (Play, untouched Touch/Latch) */
  uint32_t n_points;
  const uint64_t *frame;
  const float *value;
} MdLane;

typedef struct MdLaneSet
{
  unsigned n_lanes;
  MdLane *lanes;
  /* storage follows */
} MdLaneSet;

/* One allocation for N_LANES lanes and N_POINTS points in all. Fill
 * lanes[i] and its points through md_lane_set_points before publishing. */
MdLaneSet  *md_lane_set_new      (unsigned n_lanes, uint64_t n_points);
void        md_lane_set_free     (MdLaneSet *set);
/* Writable point arrays of lane I (N points), carved from the set's
 * storage in order: call for lane 0, 1, 2, ... */
void        md_lane_set_points   (MdLaneSet *set, unsigned i, uint32_t n,
                                  uint64_t **frame, float **value);

/* Value of LANE at FRAME. *CURSOR is a hint (index of the point at or
 * before the last frame asked), kept between calls; any value works. */
float       md_lane_value_at     (const MdLane *lane, uint64_t frame, uint32_t *cursor);
/* First point frame strictly after FRAME, or UINT64_MAX. */
uint64_t    md_lane_next_point   (const MdLane *lane, uint64_t frame, uint32_t cursor);
