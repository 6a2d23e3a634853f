/* md-bits.h: float and double as the bit patterns the engine's atomics
 * and hashes carry (memcpy: no aliasing trouble, one move after -O1).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdint.h>
#include <string.h>

static inline uint32_t
md_f2u (float f)
{
  uint32_t u;
  memcpy (&u, &f, sizeof u);
  return u;
}

static inline float
md_u2f (uint32_t u)
{
  float f;
  memcpy (&f, &u, sizeof f);
  return f;
}

static inline uint64_t
md_d2u (double d)
{
  uint64_t u;
  memcpy (&u, &d, sizeof u);
  return u;
}

static inline double
md_u2d (uint64_t u)
{
  double d;
  memcpy (&d, &u, sizeof d);
  return d;
}
