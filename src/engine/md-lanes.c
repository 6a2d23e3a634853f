/* md-lanes.c: automation lane sets.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-lanes.h"

#include <stdlib.h>
#include <string.h>

typedef struct
{
  MdLaneSet set;
  uint64_t n_points;
  uint64_t used;
  uint64_t *frames;
  float *values;
} LaneSetStore;

MdLaneSet *
md_lane_set_new (unsigned n_lanes, uint64_t n_points)
{
  LaneSetStore *st;
  size_t bytes;

  if (n_lanes > MD_MAX_LANES || n_points > (UINT64_C (1) << 32))
    return NULL;
  bytes = sizeof *st + n_lanes * sizeof (MdLane) + n_points * (sizeof (uint64_t) + sizeof (float));
  st = calloc (1, bytes);
  if (st == NULL)
    return NULL;
  st->set.n_lanes = n_lanes;
  st->set.lanes = (MdLane *) (st + 1);
  st->frames = (uint64_t *) (st->set.lanes + n_lanes);
  st->values = (float *) (st->frames + n_points);
  st->n_points = n_points;
  return &st->set;
}

void
md_lane_set_free (MdLaneSet *set)
{
  free (set);   /* the set is the first member of its store */
}

void
md_lane_set_points (MdLaneSet *set, unsigned i, uint32_t n, uint64_t **frame, float **value)
{
  LaneSetStore *st = (LaneSetStore *) set;
  if (i >= set->n_lanes || st->used + n > st->n_points)
    {
      *frame = NULL;
      *value = NULL;
      return;
    }
  *frame = st->frames + st->used;
  *value = st->values + st->used;
  set->lanes[i].frame = *frame;
  set->lanes[i].value = *value;
  set->lanes[i].n_points = n;
  st->used += n;
}

/* index of the last point with frame <= F, or -1 */
static int64_t
find (const MdLane *l, uint64_t f, uint32_t hint)
{
  uint32_t lo, hi;
  if (l->n_points == 0 || f < l->frame[0])
    return -1;
  /* the common case: the hint or the point after it */
  if (hint < l->n_points && l->frame[hint] <= f)
    {
      if (hint + 1 >= l->n_points || l->frame[hint + 1] > f)
        return hint;
      if (hint + 2 >= l->n_points || l->frame[hint + 2] > f)
        return hint + 1;
    }
  lo = 0;
  hi = l->n_points - 1;
  while (lo < hi)
    {
      uint32_t mid = lo + (hi - lo + 1) / 2;
      if (l->frame[mid] <= f)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

float
md_lane_value_at (const MdLane *l, uint64_t f, uint32_t *cursor)
{
  int64_t k = find (l, f, *cursor);
  uint64_t f0, f1;
  if (k < 0)
    {
      *cursor = 0;
      return l->n_points ? l->value[0] : 0.0f;
    }
  *cursor = (uint32_t) k;
  if (l->discrete || (uint32_t) k + 1 >= l->n_points)
    return l->value[k];
  f0 = l->frame[k];
  f1 = l->frame[k + 1];
  if (f1 <= f0)
    return l->value[k + 1];
  return l->value[k] + (float) ((double) (f - f0) / (double) (f1 - f0)) * (l->value[k + 1] - l->value[k]);
}

uint64_t
md_lane_next_point (const MdLane *l, uint64_t f, uint32_t cursor)
{
  int64_t k = find (l, f, cursor);
  uint32_t next = (uint32_t) (k + 1);
  return next < l->n_points ? l->frame[next] : UINT64_MAX;
}
