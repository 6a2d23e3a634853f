/* md-loudness-live.c: EBU R128 metering of the live master.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "md-loudness-live.h"

#include <ebur128.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>

struct _MdLoudnessLive
{
  MdEngine *engine;
  double rate;
  GThread *thread;
  atomic_bool stop;
  atomic_bool reset;
  atomic_bool paused;

  /* metering thread only */
  ebur128_state *st_ms;      /* M, S, true peak, sample peak */
  ebur128_state *st_i;       /* I, LRA (histogram mode) */
  float *hop;                /* 10 ms of interleaved frames */
  unsigned hop_frames, hop_fill;
  guint64 frames_i;

  /* published */
  GMutex lock;
  MdLoudnessReading reading;
};

static double
db (double lin)
{
  return lin > 0 ? 20.0 * log10 (lin) : -INFINITY;
}

static void
make_states (MdLoudnessLive *m)
{
  if (m->st_ms)
    ebur128_destroy (&m->st_ms);
  if (m->st_i)
    ebur128_destroy (&m->st_i);
  m->st_ms = ebur128_init (2, (unsigned long) m->rate,
                           EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_TRUE_PEAK
                           | EBUR128_MODE_SAMPLE_PEAK);
  m->st_i = ebur128_init (2, (unsigned long) m->rate,
                          EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_HISTOGRAM);
  m->frames_i = 0;
  g_mutex_lock (&m->lock);
  m->reading.momentary_max_lufs = -INFINITY;
  m->reading.short_term_max_lufs = -INFINITY;
  m->reading.integrated_lufs = -INFINITY;
  m->reading.lra_lu = 0;
  m->reading.true_peak_dbtp = -INFINITY;
  m->reading.sample_peak_dbfs = -INFINITY;
  m->reading.seconds = 0;
  g_mutex_unlock (&m->lock);
}

/* one 10 ms hop: feed, read M and S (and every 10 hops I and LRA) */
static void
hop (MdLoudnessLive *m, guint *n_hops)
{
  double mo = -INFINITY, st = -INFINITY, i = -INFINITY, lra = 0, tp = 0, sp = 0;
  gboolean paused = atomic_load (&m->paused);
  gboolean slow = (++*n_hops % 10) == 0;

  if (m->st_ms == NULL || m->st_i == NULL)
    return;
  ebur128_add_frames_float (m->st_ms, m->hop, m->hop_frames);
  if (!paused)
    {
      ebur128_add_frames_float (m->st_i, m->hop, m->hop_frames);
      m->frames_i += m->hop_frames;
    }
  ebur128_loudness_momentary (m->st_ms, &mo);
  ebur128_loudness_shortterm (m->st_ms, &st);
  if (slow)
    {
      ebur128_loudness_global (m->st_i, &i);
      if (ebur128_loudness_range (m->st_i, &lra) != EBUR128_SUCCESS)
        lra = 0;
      for (unsigned c = 0; c < 2; c++)
        {
          double v = 0;
          ebur128_true_peak (m->st_ms, c, &v);
          tp = MAX (tp, v);
          ebur128_sample_peak (m->st_ms, c, &v);
          sp = MAX (sp, v);
        }
    }
  g_mutex_lock (&m->lock);
  m->reading.momentary_lufs = mo;
  m->reading.short_term_lufs = st;
  if (mo > m->reading.momentary_max_lufs)
    m->reading.momentary_max_lufs = mo;
  /* max S once the 3 s window is full */
  if (*n_hops >= 300 && st > m->reading.short_term_max_lufs)
    m->reading.short_term_max_lufs = st;
  if (slow)
    {
      m->reading.integrated_lufs = i;
      m->reading.lra_lu = lra;
      m->reading.true_peak_dbtp = db (tp);
      m->reading.sample_peak_dbfs = db (sp);
    }
  m->reading.seconds = (double) m->frames_i / m->rate;
  m->reading.paused = paused;
  m->reading.dropped = md_engine_master_tap_dropped (m->engine);
  m->reading.frames += m->hop_frames;
  g_mutex_unlock (&m->lock);
}

static gpointer
meter_thread (gpointer data)
{
  MdLoudnessLive *m = data;
  float chunk[2 * MD_ENGINE_TAP_FRAMES];
  guint n_hops = 0;

  make_states (m);
  while (!atomic_load (&m->stop))
    {
      gboolean any = FALSE;
      if (atomic_exchange (&m->reset, false))
        {
          make_states (m);
          n_hops = 0;
        }
      while (md_engine_master_tap_read (m->engine, chunk))
        {
          any = TRUE;
          for (unsigned i = 0; i < MD_ENGINE_TAP_FRAMES; i++)
            {
              m->hop[2 * m->hop_fill] = chunk[2 * i];
              m->hop[2 * m->hop_fill + 1] = chunk[2 * i + 1];
              if (++m->hop_fill == m->hop_frames)
                {
                  hop (m, &n_hops);
                  m->hop_fill = 0;
                }
            }
        }
      if (!any)
        g_usleep (5000);
    }
  if (m->st_ms)
    ebur128_destroy (&m->st_ms);
  if (m->st_i)
    ebur128_destroy (&m->st_i);
  return NULL;
}

MdLoudnessLive *
md_loudness_live_new (MdEngine *engine, double rate)
{
  MdLoudnessLive *m = g_new0 (MdLoudnessLive, 1);
  m->engine = engine;
  m->rate = rate;
  m->hop_frames = (unsigned) lrint (rate / 100.0);
  m->hop = g_new0 (float, 2 * (gsize) m->hop_frames);
  g_mutex_init (&m->lock);
  atomic_init (&m->stop, false);
  atomic_init (&m->reset, false);
  atomic_init (&m->paused, false);
  m->reading.momentary_lufs = m->reading.short_term_lufs = -INFINITY;
  m->reading.momentary_max_lufs = m->reading.short_term_max_lufs = -INFINITY;
  m->reading.integrated_lufs = m->reading.true_peak_dbtp = m->reading.sample_peak_dbfs = -INFINITY;
  md_engine_master_tap_enable (engine, true);
  m->thread = g_thread_new ("mixdesk-loudness", meter_thread, m);
  return m;
}

void
md_loudness_live_free (MdLoudnessLive *m)
{
  if (m == NULL)
    return;
  atomic_store (&m->stop, true);
  g_thread_join (m->thread);
  md_engine_master_tap_enable (m->engine, false);
  g_mutex_clear (&m->lock);
  g_free (m->hop);
  g_free (m);
}

void
md_loudness_live_get (MdLoudnessLive *m, MdLoudnessReading *out)
{
  g_mutex_lock (&m->lock);
  *out = m->reading;
  g_mutex_unlock (&m->lock);
}

void
md_loudness_live_reset (MdLoudnessLive *m)
{
  atomic_store (&m->reset, true);
}

void
md_loudness_live_pause (MdLoudnessLive *m, gboolean paused)
{
  atomic_store (&m->paused, paused);
}
