/* md-test-util.h: helpers for the engine tests (test code only).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "md-engine.h"

#define MDT_RATE 48000.0

/* An engine with N_MONO mono strips (ids 0..) on inputs 0.., and N_BUSES buses. */
static inline MdEngine *
mdt_engine (unsigned n_mono, unsigned n_buses, uint32_t max_block)
{
  MdEngine *e = md_engine_new (MDT_RATE, max_block);
  MdTopology *t = g_new0 (MdTopology, 1);
  g_assert_nonnull (e);
  for (unsigned i = 0; i < n_mono; i++)
    {
      g_assert_cmpint (md_engine_strip_create (e, i, false), ==, MD_ENGINE_OK);
      t->strips[i].id = i;
      t->strips[i].in_ch[0] = i;
    }
  t->n_strips = n_mono;
  t->n_buses = n_buses;
  g_assert_cmpint (md_engine_commit (e, t), ==, MD_ENGINE_OK);
  g_free (t);
  return e;
}

typedef struct
{
  unsigned n_in, n_out;
  uint32_t n;
  float **in, **out;
} MdtBuf;

static inline MdtBuf *
mdt_buf_new (unsigned n_in, unsigned n_out, uint32_t n)
{
  MdtBuf *b = g_new0 (MdtBuf, 1);
  b->n_in = n_in;
  b->n_out = n_out;
  b->n = n;
  b->in = g_new0 (float *, n_in ? n_in : 1);
  b->out = g_new0 (float *, n_out);
  for (unsigned c = 0; c < n_in; c++)
    b->in[c] = g_new0 (float, n);
  for (unsigned c = 0; c < n_out; c++)
    b->out[c] = g_new0 (float, n);
  return b;
}

static inline void
mdt_buf_free (MdtBuf *b)
{
  for (unsigned c = 0; c < b->n_in; c++)
    g_free (b->in[c]);
  for (unsigned c = 0; c < b->n_out; c++)
    g_free (b->out[c]);
  g_free (b->in);
  g_free (b->out);
  g_free (b);
}

/* Process the whole buffer in blocks of BLOCK frames. */
static inline void
mdt_run (MdEngine *e, MdtBuf *b, uint32_t block)
{
  for (uint32_t off = 0; off < b->n; off += block)
    {
      uint32_t k = MIN (block, b->n - off);
      const float *in[64];
      float *out[MD_OUT_MAX];
      for (unsigned c = 0; c < b->n_in; c++)
        in[c] = b->in[c] + off;
      for (unsigned c = 0; c < b->n_out; c++)
        out[c] = b->out[c] + off;
      md_engine_process (e, in, b->n_in, out, b->n_out, k);
      md_engine_collect (e);
    }
}

static inline void
mdt_sine (float *x, uint32_t n, double freq, double amp)
{
  for (uint32_t i = 0; i < n; i++)
    x[i] = (float) (amp * sin (2.0 * G_PI * freq * i / MDT_RATE));
}

static inline void
mdt_fill (float *x, uint32_t n, float v)
{
  for (uint32_t i = 0; i < n; i++)
    x[i] = v;
}

static inline double
mdt_rms (const float *x, uint32_t from, uint32_t to)
{
  double s = 0;
  for (uint32_t i = from; i < to; i++)
    s += (double) x[i] * x[i];
  return sqrt (s / (to - from));
}

static inline double
mdt_db (double g)
{
  return 20.0 * log10 (g);
}
